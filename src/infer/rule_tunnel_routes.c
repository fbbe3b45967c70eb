/* A tunnel whose creator binds none of its addresses (an OpenVPN client) shows in the routing:
 * the creator's socket talks to a server, and the host route to that server bypasses this
 * interface while other traffic is routed into it. */
#include "infer/rules.h"
#include "infer/tunnel.h"

#include <string.h>
#include <sys/socket.h>

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

static const struct ifw_claim_def routed_creator = {
    "tunnel.routed-creator", "creator", IFW_ROLE_CREATOR, IFW_CONF_LIKELY, IFW_SPEC_HOLDER, NULL};

/* When nobody binds the tunnel's addresses (an OpenVPN client binds none), the creator shows in
 * the routing: its socket talks to a server on a tunnel port, the server has a host route
 * through the real network, and traffic is routed into this interface. */
static void run_tunnel_routes(struct ifw_rule_ctx *c)
{
	if (c->ia->holders.n || c->ia->kernel_owned || !ifw_tunnel_like(c) || !routes_into(c))
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
		    ifw_kb_port_is_tunnel(k) ||
		    (kp && (kp->role == IFW_KB_PROC_VPN || kp->role == IFW_KB_PROC_MESH_VPN));
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
	struct ifw_finding *fi = ifw_claim(c, &routed_creator, "%s most likely made it: %s",
	                                   ifw_proc_label(c, cand), how);
	ifw_fact(c, fi, IFW_FACT_SOCKET, sock);
	ifw_fact(c, fi, IFW_FACT_ROUTE, route);
	for (size_t i = 0; i < c->f->routes.n && i < 4; i++)
		ifw_fact(c, fi, IFW_FACT_ROUTE, c->f->routes.v[i]);
	ifw_tunnel_claim(c, cand, false);
}

const struct ifw_rule_def ifw_rule_tunnel_routes = {
    .name = "tunnel-routes",
    .kinds = IFW_KINDS("tun", ""),
    .phase = IFW_PHASE_FACTS,
    .run = run_tunnel_routes,
    .about = "an unheld tunnel's creator from host routes around it",
};
