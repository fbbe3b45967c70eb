/* `scutil --nwi` (macOS): configd's network state per address family: each active interface
 * with its addresses, and, for the interface of a VPN service, the VPN's server ("VPN server :
 * 192.0.2.1"), which only VPN services set. The primary interface is listed first. */
#include "collect/evidence/ev.h"

#include <string.h>
#include <sys/socket.h>

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	if (ev_starts(l->s, "Network information") ||
	    ev_starts(l->s, "IPv4 network interface information") ||
	    ev_starts(l->s, "IPv6 network interface information"))
		return 3;
	return 0;
}

/* "address : 10.64.1.100" -> the value's token after the colon. */
static bool field(const struct ev_toks *t, const char *key, const struct ev_tok **v)
{
	size_t k = 0, words = 0;
	while (k < t->n && !ev_tok_is(&t->t[k], ":"))
		k++;
	words = k;
	if (k + 1 >= t->n || words == 0)
		return false;
	/* the key is the words before the colon: "address", "VPN server" */
	const char *start = t->t[0].s, *end = t->t[words - 1].s + t->t[words - 1].len;
	if ((size_t)(end - start) != strlen(key) || strncmp(start, key, strlen(key)) != 0)
		return false;
	*v = &t->t[k + 1];
	return true;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (detect(l, 3)) {
		c->os_explicit = c->os_explicit ? c->os_explicit : "darwin";
		c->cur_iface = IFW_NOID;
		return true;
	}
	/* "en0 : flags : 0x5 (IPv4,DNS)", "address : 10.64.1.100", "VPN server : 192.0.2.1",
	 * "REACH : flags ...", "Network interfaces: en0", "No IPv6 states found" */
	struct ev_toks t;
	ev_tokenize(s, &t);
	if (t.n >= 4 && ev_tok_is(&t.t[1], ":") && ev_tok_is(&t.t[2], "flags") &&
	    ev_tok_is(&t.t[3], ":") && !ev_tok_is(&t.t[0], "REACH")) {
		c->cur_iface = ev_iface_get(c, c->ns, t.t[0].s, t.t[0].len, NULL);
		if (c->cur_iface != IFW_NOID && !c->m->ifaces.v[c->cur_iface].origin.raw)
			ev_origin(c, l, &c->m->ifaces.v[c->cur_iface].origin);
		return true;
	}
	const struct ev_tok *v;
	struct ifw_ip ip;
	if (c->cur_iface != IFW_NOID && field(&t, "address", &v) &&
	    ev_parse_ip(v->s, v->len, &ip)) {
		struct ifw_addr *a =
		    ev_addr_add(c, c->cur_iface, &ip, ip.family == AF_INET ? 32 : 128);
		if (a)
			ev_origin(c, l, &a->origin);
		return true;
	}
	if (c->cur_iface != IFW_NOID && field(&t, "VPN server", &v) &&
	    ev_parse_ip(v->s, v->len, &ip)) {
		struct ifw_iface *f = &c->m->ifaces.v[c->cur_iface];
		f->vpn_server = ip;
		f->has_vpn_server = true;
		return true;
	}
	if (ev_starts(s, "Network interfaces:"))
		c->cur_iface = IFW_NOID;
	return *s == '\0' || strchr(s, ':') || ev_starts(s, "No ");
}

const struct ev_parser ev_p_scutil = {
    .shape = EV_SCUTIL,
    .name = "scutil --nwi",
    .detect = detect,
    .take = take,
    .begin = ev_begin_no_iface,
};
