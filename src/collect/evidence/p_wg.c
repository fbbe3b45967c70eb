/* `wg show` (wireguard-tools):
 *   interface: wg0
 *     public key: ...
 *     listening port: 51820
 *   peer: ...
 *     endpoint: 203.0.113.5:51820
 *     allowed ips: 0.0.0.0/0, ::/0
 * The interface is a WireGuard one (kernel or a userspace implementation behind a tun device:
 * `ip -d link` tells them apart and wins over this). Peers and their endpoints have no place in
 * the model: their lines are taken and passed over. */
#include "collect/evidence/ev.h"

#include <string.h>

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	struct ev_toks t;
	if (!ev_starts(l->s, "interface: "))
		return 0;
	ev_tokenize(l->s, &t);
	return t.n == 2 ? 3 : 0;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (!*s)
		return true;
	if (detect(l, 3) || ev_starts(s, "interface: ")) {
		struct ev_toks t;
		ev_tokenize(s, &t);
		if (t.n != 2)
			return false;
		ifw_id id = ev_iface_get(c, c->ns, t.t[1].s, t.t[1].len, NULL);
		c->cur_iface = id;
		if (id == IFW_NOID)
			return true;
		struct ifw_iface *f = &c->m->ifaces.v[id];
		if (!f->kind)
			f->kind = "wireguard";
		if (!f->arptype)
			f->arptype = 65534;
		if (!f->origin.raw)
			ev_origin(c, l, &f->origin);
		c->votes_linux++;
		return true;
	}
	static const char *const keys[] = {"public key:",
	                                   "private key:",
	                                   "preshared key:",
	                                   "listening port:",
	                                   "fwmark:",
	                                   "peer:",
	                                   "endpoint:",
	                                   "allowed ips:",
	                                   "latest handshake:",
	                                   "transfer:",
	                                   "persistent keepalive:"};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (ev_starts(s, keys[i]))
			return c->cur_iface != IFW_NOID;
	return false;
}

static void begin(struct ev_ctx *c)
{
	c->cur_iface = IFW_NOID;
}

const struct ev_parser ev_p_wg = {
    .shape = EV_WG,
    .name = "wg show",
    .detect = detect,
    .take = take,
    .begin = begin,
    .end = begin,
};
