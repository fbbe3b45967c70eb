/* `nmcli device` (NetworkManager):
 *   DEVICE   TYPE      STATE                   CONNECTION
 *   wg0      wireguard connected               wg-office
 *   tun0     tun       connected (externally)  tun0
 *   docker0  bridge    connected (externally)  docker0
 * NetworkManager's TYPE names the kind for virtual devices (tun, bridge, wireguard, vlan, ...);
 * "ethernet" and "wifi" say only that it has an Ethernet-like link. The CONNECTION is the profile
 * that brought the device up; "(externally)" says NetworkManager only watches a device something
 * else made and configured (it then names the profile after the device). */
#include "collect/evidence/ev.h"

#include <string.h>

bool ev_nm_state(const struct ev_tok *t)
{
	return ev_starts(t->s, "connect") || ev_starts(t->s, "disconnect") ||
	       ev_tok_is(t, "unmanaged") || ev_tok_is(t, "unavailable");
}

/* `nmcli -t device`: "DEVICE:TYPE:STATE:CONNECTION" (colons in a profile's name escaped "\:"),
 * rewritten in place as the table's columns; false if the line is no such row. */
static bool terse_row(char *s, struct ev_toks *t)
{
	struct ev_tok f[12];
	size_t n = ev_nm_terse_split(s, f, 12);
	if (n < 3 || !ev_ifname_ok(f[0].s, f[0].len) || !ev_nm_state(&f[2]))
		return false;
	const char *kind;
	uint16_t arptype;
	if (!ev_nm_type(&f[1], &kind, &arptype) && !ev_tok_is(&f[1], "vpn"))
		return false;
	/* the profile: the fourth field of `nmcli -t device`, the seventh of `-g all` (after the
	 * connectivities and the D-Bus path: "br-ex:ovs-interface:connected:full:full:
	 * /org/freedesktop/NetworkManager/Devices/22:ovs-if-br-ex:...") */
	const struct ev_tok *conn = NULL;
	if (n >= 7 && ev_starts(f[5].s, "/org/freedesktop/"))
		conn = &f[6];
	else if (n == 4)
		conn = &f[3];
	t->n = 0;
	for (size_t i = 0; i < 3; i++)
		t->t[t->n++] = f[i];
	t->t[t->n++] = conn && conn->len ? *conn : (struct ev_tok){"--", 2};
	return true;
}

static int detect(const struct ev_line *l, int min)
{
	const char *s = l->s;
	if (ev_starts(s, "DEVICE") && strstr(s, "TYPE") && strstr(s, "STATE"))
		return 3;
	struct ev_toks t;
	return min <= 2 && strchr(s, ':') && terse_row(l->s, &t) ? 2 : 0;
}

static const struct {
	const char *type, *kind;
	uint16_t arptype;
} types[] = {
    {"tun", "tun", 0},
    {"bridge", "bridge", 1},
    {"wireguard", "wireguard", 65534},
    {"vlan", "vlan", 1},
    {"bond", "bond", 1},
    {"macvlan", "macvlan", 1},
    {"vxlan", "vxlan", 1},
    {"veth", "veth", 1},
    {"dummy", "dummy", 1},
    {"ip-tunnel", NULL, 0},
    {"team", "team", 1},
    {"vrf", "vrf", 0},
    {"loopback", NULL, 772},
    {"ethernet", NULL, 1},
    {"wifi", NULL, 1},
    {"802-3-ethernet", NULL, 1}, /* `nmcli connection show` names the setting, not the device */
    {"802-11-wireless", NULL, 1},
    {"wifi-p2p", NULL, 0},
    {"ovs-bridge", "openvswitch", 1},
    {"ovs-interface", "openvswitch", 1},
};

bool ev_nm_type(const struct ev_tok *t, const char **kind, uint16_t *arptype)
{
	for (size_t k = 0; k < sizeof(types) / sizeof(types[0]); k++)
		if (ev_tok_is(t, types[k].type)) {
			*kind = types[k].kind;
			*arptype = types[k].arptype;
			return true;
		}
	return false;
}

/* The state runs from token 2 to a token that closes its parenthesis ("connected
 * (externally)", "connecting (getting IP configuration)"); the profile is the rest, "--" none. */
static void connection(struct ev_ctx *c, struct ifw_iface *f, const struct ev_toks *t)
{
	size_t i = 3;
	if (t->n > 3 && t->t[3].s[0] == '(') {
		while (i < t->n && t->t[i].s[t->t[i].len - 1] != ')')
			i++;
		i++;
	}
	if (!ev_starts(t->t[2].s, "connect") || i >= t->n || ev_tok_is(&t->t[i], "--"))
		return;
	const char *end = t->t[t->n - 1].s + t->t[t->n - 1].len;
	size_t n = (size_t)(end - t->t[i].s);
	if (n > 255 || f->nm_connection)
		return;
	f->nm_connection = ifw_model_strndup(c->m, t->t[i].s, n);
	/* the table's "connected (externally)" is two columns, the terse form's one field */
	f->nm_external = (t->n > 3 && ev_starts(t->t[3].s, "(externally)")) ||
	                 memmem(t->t[2].s, t->t[2].len, "(externally)", 12);
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	if (!*ev_skip_ws(l->s) || detect(l, 3))
		return true;
	struct ev_toks t;
	if (!terse_row(l->s, &t)) {
		ev_tokenize(l->s, &t);
		if (t.n < 3 || l->s[0] == ' ')
			return false;
	}
	size_t k, n = sizeof(types) / sizeof(types[0]);
	for (k = 0; k < n && !ev_tok_is(&t.t[1], types[k].type); k++)
		;
	if (!ev_nm_state(&t.t[2]))
		return false;
	ifw_id id = ev_iface_get(c, c->ns, t.t[0].s, t.t[0].len, NULL);
	if (id == IFW_NOID)
		return true;
	struct ifw_iface *f = &c->m->ifaces.v[id];
	if (!f->origin.raw)
		ev_origin(c, l, &f->origin);
	connection(c, f, &t);
	if (k < n) {
		if (types[k].kind && !f->kind)
			f->kind = types[k].kind;
		if (types[k].arptype && !f->arptype)
			f->arptype = types[k].arptype;
	}
	c->votes_linux++;
	return true;
}

const struct ev_parser ev_p_nmcli = {
    .shape = EV_NMCLI,
    .name = "nmcli device",
    .detect = detect,
    .take = take,
    /* NetworkManager's own table, never a container's output (a profile and a kind, likely) */
    .not_in_logs = true,
};
