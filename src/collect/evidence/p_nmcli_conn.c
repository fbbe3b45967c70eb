/* `nmcli connection show [--active]` (NetworkManager): its profiles and the devices they run on:
 *   NAME                UUID                                  TYPE       DEVICE
 *   Office WireGuard    5b7d9c3e-1f2a-4b6c-8d9e-0a1b2c3d4e5f  wireguard  wg-office
 *   Wired connection 1  0c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e  ethernet   enp0s31f6
 * A profile named by a person on a virtual device is the profile that made it (as `nmcli device`'s
 * CONNECTION column says). A profile named like its device may be one NetworkManager made up for
 * a device it only watches (it lists those too), so it says nothing of who made it (its TYPE still
 * gives the kind); nor does a "vpn" profile, whose DEVICE is the card under it, not the tunnel:
 * with one VPN and one tun in the listing, the tun is that VPN's. The terse forms
 * (`nmcli -t connection show`: "NAME:UUID:TYPE:DEVICE"; `-t -f NAME,TYPE,DEVICE`) are read too. */
#include "collect/evidence/ev.h"

#include <string.h>

static bool is_uuid_at(const char *s, size_t len)
{
	if (len != 36)
		return false;
	for (size_t i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : !strchr("0123456789abcdefABCDEF", s[i]))
			return false;
	}
	return true;
}

static bool is_uuid(const struct ev_tok *t)
{
	return is_uuid_at(t->s, t->len);
}

size_t ev_nm_terse_split(const char *s, struct ev_tok *f, size_t max)
{
	size_t n = 0;
	const char *start = s;
	for (const char *p = s;; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p == ':' || *p == '\0') {
			if (n == max)
				return 0;
			f[n].s = start;
			f[n].len = (size_t)(p - start);
			n++;
			if (*p == '\0')
				break;
			start = p + 1;
		}
	}
	return n;
}

static bool nm_type_or_vpn(const struct ev_tok *t)
{
	const char *kind;
	uint16_t arptype;
	return ev_tok_is(t, "vpn") || ev_nm_type(t, &kind, &arptype);
}

/* A terse row: "NAME:UUID:TYPE:DEVICE" (the default fields) or, with `-f NAME,TYPE,DEVICE`,
 * "NAME:TYPE:DEVICE"; f[0] the name, f[2] the type, f[3] the device. "NAME:TYPE" (no device)
 * is a row with nothing to say of any interface: *named_only is set. */
static bool terse(const char *s, struct ev_tok f[4], bool *named_only)
{
	*named_only = false;
	size_t n = ev_nm_terse_split(s, f, 4);
	if (n == 4)
		return f[0].len && is_uuid(&f[1]) && f[2].len && f[3].len && f[3].len <= 15;
	if (n < 2 || !f[0].len || !nm_type_or_vpn(&f[1]))
		return false;
	if (n == 2) {
		*named_only = true;
		return true;
	}
	if (!f[2].len || !(ev_tok_is(&f[2], "--") || ev_ifname_ok(f[2].s, f[2].len)) ||
	    ev_nm_state(&f[2]))
		return false; /* `nmcli -t device`'s DEVICE:TYPE:STATE is p_nmcli's */
	f[3] = f[2];
	f[2] = f[1];
	return true;
}

static int detect(const struct ev_line *l, int min)
{
	const char *s = l->s;
	if (ev_starts(s, "NAME") && strstr(s, "UUID") && strstr(s, "TYPE") && strstr(s, "DEVICE"))
		return 3;
	struct ev_tok f[4];
	bool named_only;
	return min <= 2 && terse(s, f, &named_only) && !named_only ? 2 : 0;
}

/* One row: NAME (n bytes at name), TYPE, DEVICE. */
static void row(struct ev_ctx *c, struct ev_line *l, const char *name, size_t name_len,
                const struct ev_tok *type, const struct ev_tok *dev)
{
	c->votes_linux++;
	if (ev_tok_is(dev, "--") || name_len > 255)
		return;
	if (ev_tok_is(type, "vpn")) {
		/* its DEVICE is the card under the tunnel; the tunnel is found at the end */
		if (!c->nm.n_vpn++) {
			memcpy(c->nm.vpn, name, name_len);
			c->nm.vpn[name_len] = '\0';
		}
		return;
	}
	const char *kind = NULL;
	uint16_t arptype = 0;
	if (!ev_nm_type(type, &kind, &arptype))
		return;
	ifw_id id;
	struct ifw_iface *f = ev_iface_seen(c, l, dev->s, dev->len, &id);
	if (!f)
		return;
	if (kind && !f->kind)
		f->kind = kind;
	if (arptype && !f->arptype)
		f->arptype = arptype;
	if (kind && strcmp(kind, "tun") == 0 && c->nm.tun != id) {
		c->nm.n_tun++;
		c->nm.tun = id;
	}
	/* named like its device: maybe NetworkManager's own for a device it only watches */
	if ((name_len == dev->len && memcmp(name, dev->s, dev->len) == 0) || f->nm_connection)
		return;
	f->nm_connection = ifw_model_strndup(c->m, name, name_len);
	f->nm_external = false;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	if (!*ev_skip_ws(l->s) || detect(l, 3))
		return true;
	struct ev_tok f[4];
	bool named_only;
	if (terse(l->s, f, &named_only)) {
		if (!named_only)
			row(c, l, f[0].s, f[0].len, &f[2], &f[3]);
		return true;
	}
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	size_t u = 1;
	while (u < t.n && !is_uuid(&t.t[u]))
		u++;
	if (u + 2 >= t.n)
		return false; /* no UUID, or no TYPE and DEVICE after it */
	size_t name_len = (size_t)(t.t[u - 1].s + t.t[u - 1].len - t.t[0].s);
	row(c, l, t.t[0].s, name_len, &t.t[u + 1], &t.t[u + 2]);
	return true;
}

static void begin(struct ev_ctx *c)
{
	memset(&c->nm, 0, sizeof(c->nm));
	c->nm.tun = IFW_NOID;
}

/* One active VPN connection and one tun in the same listing: NetworkManager's VPN plugin made
 * that tun for it (the VPN's own row names the card under it). With more of either, which tun is
 * whose is not said. */
static void end(struct ev_ctx *c)
{
	if (c->nm.n_vpn == 1 && c->nm.n_tun == 1 && c->nm.tun != IFW_NOID &&
	    c->nm.tun < c->m->ifaces.n) {
		struct ifw_iface *f = &c->m->ifaces.v[c->nm.tun];
		if (!f->nm_connection) {
			f->nm_connection = ifw_model_strdup(c->m, c->nm.vpn);
			f->nm_external = false;
		}
	}
	begin(c);
}

const struct ev_parser ev_p_nmcli_conn = {
    .shape = EV_NMCLI_CONN,
    .name = "nmcli connection show",
    .detect = detect,
    .take = take,
    .begin = begin,
    .end = end,
    /* NetworkManager's own table, never a container's output (a profile and a kind, likely) */
    .not_in_logs = true,
};
