/* `networkctl list` (systemd-networkd):
 *   IDX LINK      TYPE      OPERATIONAL SETUP
 *     1 lo        loopback  carrier     unmanaged
 *     3 wg0       wireguard routable    configured
 *
 *   3 links listed.
 * TYPE is the device type udev gives (bridge, wireguard, vlan, ...) or the link type (ether,
 * loopback, none). */
#include "collect/evidence/ev.h"

#include <string.h>

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	const char *s = ev_skip_ws(l->s);
	return ev_starts(s, "IDX") && strstr(s, "LINK") && strstr(s, "TYPE") ? 3 : 0;
}

static const struct {
	const char *type, *kind;
	uint16_t arptype;
} types[] = {
    {"loopback", NULL, 772},   {"ether", NULL, 1},      {"none", NULL, 65534},
    {"wlan", NULL, 1},         {"bridge", "bridge", 1}, {"wireguard", "wireguard", 65534},
    {"vlan", "vlan", 1},       {"bond", "bond", 1},     {"vxlan", "vxlan", 1},
    {"macvlan", "macvlan", 1}, {"veth", "veth", 1},     {"dummy", "dummy", 1},
    {"vrf", "vrf", 0},
};

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (!*s || detect(l, 3))
		return true;
	struct ev_toks t;
	ev_tokenize(s, &t);
	if (t.n == 3 && ev_tok_digits(&t.t[0]) && ev_tok_is(&t.t[2], "listed."))
		return true; /* "3 links listed." */
	uint64_t idx;
	if (t.n < 4 || !ev_tok_u64(&t.t[0], &idx, false) || idx == 0 || idx >= INT32_MAX)
		return false;
	ifw_id id = ev_iface_get(c, c->ns, t.t[1].s, t.t[1].len, NULL);
	if (id == IFW_NOID)
		return true;
	struct ifw_iface *f = &c->m->ifaces.v[id];
	if (!f->origin.raw)
		ev_origin(c, l, &f->origin);
	if (!f->ifindex)
		f->ifindex = (int32_t)idx;
	for (size_t k = 0; k < sizeof(types) / sizeof(types[0]); k++)
		if (ev_tok_is(&t.t[2], types[k].type)) {
			if (types[k].kind && !f->kind)
				f->kind = types[k].kind;
			if (!f->arptype)
				f->arptype = types[k].arptype;
		}
	c->votes_linux++;
	return true;
}

const struct ev_parser ev_p_networkctl = {
    .shape = EV_NETWORKCTL,
    .name = "networkctl list",
    .detect = detect,
    .take = take,
    /* systemd-networkd's own table, never a container's output (a kind, likely) */
    .not_in_logs = true,
};
