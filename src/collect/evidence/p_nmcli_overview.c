/* `nmcli` with no arguments (NetworkManager's overview), a block per device:
 *   enp0s3: connected to Wired connection 1
 *           "Intel 82540EM"
 *           ethernet (e1000), 52:54:00:12:34:56, hw, mtu 1500
 *           ip4 default
 *           inet4 192.0.2.15/24
 *           route4 192.0.2.0/24 metric 100
 *   supervisor0: connected (externally) to supervisor0
 *           "supervisor0"
 *           bridge, 02:42:8C:B3:A2:45, sw, mtu 1500
 * The type line says the kind (as `nmcli device`'s TYPE does), the driver, the MAC, "hw" for a
 * device on hardware or "sw" for one made in software, and the MTU; "to PROFILE" is the profile
 * that brought it up ("(externally)": NetworkManager only watches it). The overview ends with
 * "DNS configuration:" and a hint line, read and passed over. */
#include "collect/evidence/ev.h"

#include <string.h>

static const char *const states[] = {"connected",  "disconnected", "unmanaged", "unavailable",
                                     "connecting", "deactivating", "failed",    NULL};

/* "NAME: STATE ..." with a known state word: the device's first line. */
static bool header(const char *s, size_t *name_len, const char **state)
{
	if (s[0] == ' ' || s[0] == '\t')
		return false;
	const char *colon = strstr(s, ": ");
	if (!colon || colon == s || colon - s > 15 || memchr(s, ' ', (size_t)(colon - s)))
		return false;
	const char *st = colon + 2;
	for (size_t i = 0; states[i]; i++) {
		size_t n = strlen(states[i]);
		if (strncmp(st, states[i], n) == 0 && (st[n] == '\0' || st[n] == ' ')) {
			*name_len = (size_t)(colon - s);
			*state = st;
			return true;
		}
	}
	return false;
}

static int detect(const struct ev_line *l, int min)
{
	if (ev_starts(l->s, "Use \"nmcli device show\"") || ev_starts(l->s, "DNS configuration:"))
		return min <= 2 ? 2 : 0;
	if (min > 2)
		return 0;
	size_t n;
	const char *st;
	return header(l->s, &n, &st) ? 2 : 0;
}

/* "ethernet (virtio_net), 52:54:00:12:34:56, hw, mtu 1500" */
static void type_line(struct ev_ctx *c, struct ifw_iface *f, const struct ev_toks *t)
{
	const char *kind = NULL;
	uint16_t arptype = 0;
	struct ev_tok ty = t->t[0];
	if (ty.len && ty.s[ty.len - 1] == ',')
		ty.len--;
	if (ev_nm_type(&ty, &kind, &arptype)) {
		if (kind && !f->kind)
			f->kind = kind;
		if (arptype && !f->arptype)
			f->arptype = arptype;
	}
	for (size_t i = 1; i < t->n; i++) {
		struct ev_tok k = t->t[i];
		if (k.len && k.s[k.len - 1] == ',')
			k.len--;
		uint8_t mac[8];
		size_t n;
		if (k.len > 2 && k.s[0] == '(' && k.s[k.len - 1] == ')' && !f->driver) {
			struct ev_tok d = {k.s + 1, k.len - 2};
			if (!ev_tok_is(&d, "unknown"))
				f->driver = ev_tok_dup(c, &d);
		} else if ((n = ev_parse_mac(k.s, k.len, mac, sizeof(mac))) == 6 && !f->mac_len) {
			memcpy(f->mac, mac, 6);
			f->mac_len = 6;
		} else if (ev_tok_is(&k, "mtu") && i + 1 < t->n) {
			uint64_t v;
			struct ev_tok m = t->t[i + 1];
			if (m.len && m.s[m.len - 1] == ',')
				m.len--;
			if (ev_tok_u64(&m, &v, false) && v > 0 && v <= 65535 && !f->mtu)
				f->mtu = (uint32_t)v;
			i++;
		} else if (ev_tok_is(&k, "master") && i + 1 < t->n) {
			struct ev_tok m = t->t[i + 1];
			if (m.len && m.s[m.len - 1] == ',')
				m.len--;
			ev_ref_add(c, EV_REF_MASTER, (ifw_id)(f - c->m->ifaces.v),
			           ev_tok_dup(c, &m), 0, NULL);
			i++;
		}
	}
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (!*s)
		return true;
	size_t n;
	const char *st;
	if (header(l->s, &n, &st)) {
		struct ifw_iface *f = ev_iface_seen(c, l, l->s, n, &c->cur_iface);
		if (!f)
			return true;
		const char *to = strstr(st, " to ");
		if (ev_starts(st, "connected") && to && to[4] && !f->nm_connection) {
			size_t len = strlen(to + 4);
			if (len <= 255) {
				f->nm_connection = ifw_model_strndup(c->m, to + 4, len);
				f->nm_external =
				    strstr(st, "(externally)") && strstr(st, "(externally)") < to;
			}
		}
		if (ev_starts(st, "connected"))
			f->flags |= IFW_IFF_UP;
		c->votes_linux++;
		return true;
	}
	if (ev_starts(s, "DNS configuration:") || ev_starts(s, "Use \"nmcli"))
		return (c->cur_iface = IFW_NOID), true;
	if (c->cur_iface == IFW_NOID)
		return ev_starts(s, "servers:") || ev_starts(s, "domains:") ||
		       ev_starts(s, "interface:");
	struct ifw_iface *f = &c->m->ifaces.v[c->cur_iface];
	if (*s == '"')
		return true; /* the product or description */
	struct ev_toks t;
	ev_tokenize(s, &t);
	if (!t.n)
		return true;
	struct ifw_ip ip;
	int plen;
	if ((ev_tok_is(&t.t[0], "inet4") || ev_tok_is(&t.t[0], "inet6")) && t.n >= 2 &&
	    ev_parse_prefix(&t.t[1], &ip, &plen)) {
		struct ifw_addr *a = ev_addr_add(c, c->cur_iface, &ip, (uint8_t)plen);
		if (a)
			ev_origin(c, l, &a->origin);
		return true;
	}
	if (ev_starts(s, "route4 ") || ev_starts(s, "route6 ") || ev_starts(s, "ip4 ") ||
	    ev_starts(s, "ip6 ") || ev_starts(s, "wifi-p2p") || ev_starts(s, "servers:") ||
	    ev_starts(s, "domains:") || ev_starts(s, "interface:"))
		return true;
	if (strstr(s, ", hw") || strstr(s, ", sw") || strstr(s, "mtu ")) {
		type_line(c, f, &t);
		return true;
	}
	return false;
}

const struct ev_parser ev_p_nmcli_overview = {
    .shape = EV_NMCLI_OVERVIEW,
    .name = "nmcli (overview)",
    .detect = detect,
    .take = take,
    .begin = ev_begin_no_iface,
};
