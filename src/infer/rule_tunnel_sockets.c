/* When no tun fd names the holder (offline evidence from macOS, where utun/ipsec devices do not
 * say who opened them, or a hidden holder), the creator shows through its sockets: it binds
 * the interface's own addresses and, elsewhere, holds the tunnel's key-exchange or data port.
 * Processes that merely bind every address (ntpd, mDNS) are never taken for the creator. */
#include "infer/rules.h"
#include "infer/tunnel.h"

#include <net/if.h>
#include <sys/socket.h>
#include <string.h>

static bool tunnel_like(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (f->kind)
		return strcmp(f->kind, "tun") == 0;
	if (f->flags & IFF_POINTOPOINT)
		return true;
	const struct ifw_kb_ifname *k = ifw_kb_ifname(c->kb, c->m->os, f->name, NULL);
	return k && (strcmp(k->category, "vpn") == 0 || strcmp(k->category, "mesh-vpn") == 0);
}

static bool is_user(const struct ifw_iface_analysis *ia, ifw_id sid)
{
	for (size_t i = 0; i < ia->users.n; i++)
		if (ia->users.v[i] == sid)
			return true;
	return false;
}

/* How many of proc's sockets off this interface sit on a tunnel port. */
static size_t tunnel_sockets_elsewhere(struct ifw_rule_ctx *c, ifw_id proc)
{
	const struct ifw_process *p = &c->m->procs.v[proc];
	size_t n = 0;
	for (size_t i = 0; i < p->fdrefs.n; i++) {
		ifw_id sid = c->m->fdrefs.v[p->fdrefs.v[i]].socket;
		if (sid == IFW_NOID || is_user(c->ia, sid))
			continue;
		const struct ifw_kb_port *k = ifw_socket_port_kb(c, sid, false);
		if (!k || strncmp(k->role, "tunnel", 6) != 0)
			k = ifw_socket_port_kb(c, sid, true);
		if (k && strncmp(k->role, "tunnel", 6) == 0)
			n++;
	}
	return n;
}

void ifw_rule_tunnel_sockets(struct ifw_rule_ctx *c)
{
	if (c->ia->holders.n || c->ia->kernel_owned || !tunnel_like(c))
		return;
	ifw_id cand[16];
	size_t n = 0, with_tunnel = 0;
	ifw_id chosen = IFW_NOID;
	for (size_t i = 0; i < c->ia->users.n && n < 16; i++) {
		ifw_id p = ifw_socket_proc(c->m, c->ia->users.v[i]);
		if (p == IFW_NOID || ifw_proc_is_incidental(c, p))
			continue;
		bool dup = false;
		for (size_t k = 0; k < n; k++)
			dup |= cand[k] == p;
		if (dup)
			continue;
		cand[n++] = p;
		if (tunnel_sockets_elsewhere(c, p)) {
			with_tunnel++;
			chosen = p;
		}
	}
	if (with_tunnel == 1) {
		const char *how = "binds this interface's address and holds the tunnel's ports";
		if (ifw_add_holder(&c->ia->holders, chosen, IFW_NOID, how, false) < 0 ||
		    ifw_relations_outer(c) < 0) {
			c->oom = 1;
			return;
		}
		struct ifw_finding *fi =
		    ifw_find(c, "tunnel.socket-creator", "creator", IFW_ROLE_CREATOR, 75, 3, NULL,
		             "%s most likely made it: it %s", ifw_proc_label(c, chosen), how);
		ifw_fact(c, fi, IFW_FACT_PROC, chosen);
		for (size_t i = 0; i < c->ia->users.n; i++)
			if (ifw_socket_proc(c->m, c->ia->users.v[i]) == chosen)
				ifw_fact(c, fi, IFW_FACT_SOCKET, c->ia->users.v[i]);
		ifw_tunnel_claim(c, chosen, false);
	} else if (with_tunnel > 1) {
		struct ifw_finding *fi =
		    ifw_find(c, "tunnel.socket-creators", "creator", IFW_ROLE_CREATOR, 45, 3, NULL,
		             "%zu processes bind it and hold tunnel ports; any of "
		             "them may have made it",
		             with_tunnel);
		for (size_t k = 0; k < n; k++)
			ifw_fact(c, fi, IFW_FACT_PROC, cand[k]);
	} else if (n) {
		struct ifw_finding *fi = ifw_find(
		    c, "tunnel.socket-user", "creator", IFW_ROLE_CREATOR, 40, 3, NULL,
		    "%s binds its address, but holds no tunnel port: it uses the interface, and "
		    "may or may not have made it",
		    ifw_proc_label(c, cand[0]));
		ifw_fact(c, fi, IFW_FACT_PROC, cand[0]);
	}
}

/* A route into this interface that is not the kernel's own link-local or local route. */
static bool routes_into(struct ifw_rule_ctx *c)
{
	for (size_t i = 0; i < c->f->routes.n; i++) {
		const struct ifw_route *r = &c->m->routes.v[c->f->routes.v[i]];
		bool link_local = r->dst.family == AF_INET6 && r->dst.a[0] == 0xfe &&
		                  (r->dst.a[1] & 0xc0) == 0x80;
		if (r->table != IFW_TABLE_LOCAL && !link_local)
			return true;
	}
	return false;
}

/* A host route to ip through another interface: how a VPN keeps its own packets out of itself. */
static ifw_id host_route_elsewhere(struct ifw_rule_ctx *c, const struct ifw_ip *ip)
{
	unsigned full = (unsigned)ifw_ip_len(ip->family) * 8;
	for (size_t i = 0; i < c->m->routes.n; i++) {
		const struct ifw_route *r = &c->m->routes.v[i];
		if (r->ns == c->f->ns && r->iface != IFW_NOID && r->iface != c->id &&
		    r->dst_len == full && ifw_ip_eq(&r->dst, ip))
			return (ifw_id)i;
	}
	return IFW_NOID;
}

/* When nobody binds the tunnel's addresses (an OpenVPN client binds none), the creator shows in
 * the routing: its socket talks to a server on a tunnel port, the server has a host route
 * through the real network, and traffic is routed into this interface. */
void ifw_rule_tunnel_routes(struct ifw_rule_ctx *c)
{
	if (c->ia->holders.n || c->ia->kernel_owned || !tunnel_like(c) || !routes_into(c))
		return;
	ifw_id cand = IFW_NOID, sock = IFW_NOID, route = IFW_NOID;
	size_t n = 0;
	for (size_t i = 0; i < c->m->sockets.n && n < 2; i++) {
		const struct ifw_socket *s = &c->m->sockets.v[i];
		if (s->ns != c->f->ns || s->listening || ifw_ip_is_any(&s->remote))
			continue;
		ifw_id p = ifw_socket_proc(c->m, (ifw_id)i);
		if (p == IFW_NOID || p == cand || ifw_proc_is_incidental(c, p))
			continue;
		const struct ifw_kb_port *k = ifw_socket_port_kb(c, (ifw_id)i, true);
		const struct ifw_kb_process *kp = ifw_proc_kb(c, p);
		bool tunnelish =
		    (k && strncmp(k->role, "tunnel", 6) == 0) ||
		    (kp && (strcmp(kp->role, "vpn") == 0 || strcmp(kp->role, "mesh-vpn") == 0));
		ifw_id r = tunnelish ? host_route_elsewhere(c, &s->remote) : IFW_NOID;
		if (r == IFW_NOID)
			continue;
		cand = p;
		sock = (ifw_id)i;
		route = r;
		n++;
	}
	if (n != 1)
		return;
	const char *how = "its connected socket is the tunnel's outside: the host route to its "
	                  "server bypasses this interface while other traffic is routed into it";
	if (ifw_add_holder(&c->ia->holders, cand, IFW_NOID, how, false) < 0 ||
	    ifw_relations_outer(c) < 0) {
		c->oom = 1;
		return;
	}
	struct ifw_finding *fi =
	    ifw_find(c, "tunnel.routed-creator", "creator", IFW_ROLE_CREATOR, 70, 3, NULL,
	             "%s most likely made it: %s", ifw_proc_label(c, cand), how);
	ifw_fact(c, fi, IFW_FACT_SOCKET, sock);
	ifw_fact(c, fi, IFW_FACT_ROUTE, route);
	for (size_t i = 0; i < c->f->routes.n && i < 4; i++)
		ifw_fact(c, fi, IFW_FACT_ROUTE, c->f->routes.v[i]);
	ifw_tunnel_claim(c, cand, false);
}
