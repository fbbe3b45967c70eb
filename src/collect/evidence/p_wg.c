/* `wg show` (wireguard-tools):
 *   interface: wg0
 *     public key: ...
 *     listening port: 51820
 *   peer: ...
 *     endpoint: 203.0.113.5:51820
 *     allowed ips: 0.0.0.0/0, ::/0
 * and `wg show all endpoints` ("wg0<tab>PUBKEY<tab>203.0.113.5:51820"). The interface is a
 * WireGuard one (kernel or a userspace implementation behind a tun device: `ip -d link` tells
 * them apart and wins over this). Each peer is a tunnel session of that interface (no process:
 * wg does not say which daemon answered), with its endpoint as the far end, as live reads it
 * from the daemon.
 * wg reaches userspace daemons through /var/run/wireguard, which every network namespace shares:
 * when the evidence already listed its interfaces (ifwho-collect runs ip first), a name it did
 * not list is another namespace's, and its lines are passed over. */
#include "collect/evidence/ev.h"

#include <string.h>

/* "wg0<tab>KEY<tab>ENDPOINT" of `wg show all endpoints`: a key is 44 base64 characters. */
static bool endpoints_line(const struct ev_toks *t)
{
	return t->n == 3 && t->t[1].len == 44 && t->t[1].s[43] == '=' &&
	       (memchr(t->t[2].s, ':', t->t[2].len) || ev_tok_is(&t->t[2], "(none)"));
}

static int detect(const struct ev_line *l, int min)
{
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	if (ev_starts(l->s, "interface: "))
		return t.n == 2 ? 3 : 0;
	return min <= 2 && endpoints_line(&t) ? 2 : 0;
}

/* The interface named by wg: made while no listing named interfaces (only wg did), found
 * otherwise. */
static ifw_id wg_iface(struct ev_ctx *c, const struct ev_tok *name, const struct ev_line *l)
{
	char buf[65];
	if (!ev_tok_copy(name, buf, sizeof(buf)))
		return IFW_NOID;
	ifw_id id = ev_iface_find(c, c->ns, buf);
	/* every interface so far is one wg named (a router's several tunnels): this one too */
	if (id == IFW_NOID && c->m->ifaces.n == c->wg_made) {
		id = ev_iface_get(c, c->ns, name->s, name->len, NULL);
		if (id != IFW_NOID)
			c->wg_made++;
	}
	if (id == IFW_NOID)
		return IFW_NOID;
	struct ifw_iface *f = &c->m->ifaces.v[id];
	if (!f->kind)
		f->kind = "wireguard";
	if (!f->arptype)
		f->arptype = 65534;
	if (!f->origin.raw)
		ev_origin(c, l, &f->origin);
	c->votes_linux++;
	return id;
}

/* A peer of the current interface: a session with its public key. */
static void peer(struct ev_ctx *c, ifw_id iface, const struct ev_tok *key, const struct ev_line *l)
{
	c->wg_sa = 0;
	if (iface == IFW_NOID || !ev_room(c, c->m->sas.n))
		return;
	struct ifw_tunnel_sa *sa = ifw_model_add_sa(c->m);
	if (!sa)
		return;
	sa->iface = iface;
	sa->ifname = c->m->ifaces.v[iface].name;
	sa->daemon = "WireGuard";
	sa->source = "wg show";
	sa->proto = IFW_P_UDP;
	sa->version = "WireGuard";
	sa->lport = c->wg_lport;
	sa->remote_id = ev_tok_dup(c, key);
	ev_origin(c, l, &sa->origin);
	c->wg_sa = c->m->sas.n;
}

static void endpoint(struct ev_ctx *c, const struct ev_tok *v, const struct ev_line *l)
{
	struct ev_end e;
	if (!c->wg_sa || !ev_parse_hostport(c, v->s, v->len, &e))
		return;
	struct ifw_tunnel_sa *sa = &c->m->sas.v[c->wg_sa - 1];
	if (e.has_ip)
		sa->remote = e.ip;
	else if (e.name)
		sa->remote_host = e.name;
	sa->rport = e.port;
	ev_origin(c, l, &sa->origin); /* the endpoint line is the evidence of the far end */
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (!*s)
		return true;
	struct ev_toks t;
	ev_tokenize(s, &t);
	if (ev_starts(s, "interface: ")) {
		if (t.n != 2)
			return false;
		c->cur_iface = wg_iface(c, &t.t[1], l);
		c->wg_in_iface = true; /* its lines are taken even when it is another namespace's */
		c->wg_lport = 0;
		c->wg_sa = 0;
		return true;
	}
	if (endpoints_line(&t)) {
		ifw_id id = wg_iface(c, &t.t[0], l);
		peer(c, id, &t.t[1], l);
		if (!ev_tok_is(&t.t[2], "(none)"))
			endpoint(c, &t.t[2], l);
		c->wg_sa = 0;
		return true;
	}
	if (!c->wg_in_iface)
		return false;
	uint64_t v;
	if (ev_starts(s, "listening port:") && t.n == 3 && ev_tok_u64(&t.t[2], &v, false) &&
	    v <= UINT16_MAX) {
		c->wg_lport = (uint16_t)v;
		return true;
	}
	if (ev_starts(s, "peer:") && t.n == 2) {
		peer(c, c->cur_iface, &t.t[1], l);
		return true;
	}
	if (ev_starts(s, "endpoint:") && t.n == 2) {
		endpoint(c, &t.t[1], l);
		return true;
	}
	static const char *const keys[] = {
	    "public key:",       "private key:", "preshared key:",
	    "listening port:",   "fwmark:",      "allowed ips:",
	    "latest handshake:", "transfer:",    "persistent keepalive:"};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (ev_starts(s, keys[i]))
			return true;
	return false;
}

static void begin(struct ev_ctx *c)
{
	c->cur_iface = IFW_NOID;
	c->wg_in_iface = false;
	c->wg_lport = 0;
	c->wg_sa = 0;
}

const struct ev_parser ev_p_wg = {
    .shape = EV_WG,
    .name = "wg show",
    .detect = detect,
    .take = take,
    .begin = begin,
    .end = begin,
    /* wg's blocks printed in a container's output (`docker logs`) are of its own devices or
     * of none: its "interface: eth0" made root's card a WireGuard tunnel */
    .not_in_logs = true,
};
