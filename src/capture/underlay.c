/* The outer side of a tunnel: which interface its encapsulated packets use, and a BPF filter
 * that keeps only them.
 *
 * Endpoints come from, in order:
 *  - the processes holding the tunnel's tun device: their IPsec SAs (peer known: IKE on UDP 500
 *    and 4500 and ESP to and from the peer), else their own TCP/UDP sockets that are not on the
 *    tunnel (its port, and its peer when connected);
 *  - kernel tunnels: the configured remote (gre, ipip, sit, ip6tnl, ...), or the UDP port and
 *    remote of vxlan and geneve.
 * The outer interface of an endpoint is, first match wins: the tunnel's link interface (kernel
 * tunnels); the interface owning the endpoint's local address; the main-table route to the
 * peer (longest prefix); the main-table default route. All in the holder's namespace (the
 * link namespace for kernel tunnels), and never the tunnel itself. An unconnected socket bound
 * to every address (wireguard-go, OpenVPN's default) chose no interface: then every interface of
 * its namespace that is up is sampled, filtered on its port. */
#include "capture/cap_int.h"

#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#define MAX_EPS 16

struct ep {
	ifw_id ns;
	int32_t link; /* explicit underlay ifindex, 0 if none */
	struct ifw_ip local, remote;
	char term[256];
	char why[128];
	bool unbound; /* a socket bound to every address, with no peer */
};

struct eps {
	struct ep v[MAX_EPS];
	size_t n;
};

static struct ep *add_ep(struct eps *e, ifw_id ns)
{
	if (e->n >= MAX_EPS)
		return NULL;
	struct ep *p = &e->v[e->n++];
	memset(p, 0, sizeof(*p));
	p->ns = ns;
	return p;
}

static bool have_term(const struct eps *e, const char *term, ifw_id ns)
{
	for (size_t i = 0; i < e->n; i++)
		if (e->v[i].ns == ns && strcmp(e->v[i].term, term) == 0)
			return true;
	return false;
}

static ifw_id proc_ns(const struct ifw_model *m, const struct ifw_process *p, ifw_id fallback)
{
	if (p->ns != IFW_NOID && p->ns < m->netns.n)
		return p->ns;
	ifw_id ns = p->netns_inode ? ifw_model_netns_by_inode(m, p->netns_inode) : IFW_NOID;
	return ns != IFW_NOID ? ns : fallback;
}

static void sa_endpoints(const struct ifw_model *m, ifw_id pid, ifw_id ns, struct eps *e)
{
	for (size_t i = 0; i < m->sas.n; i++) {
		const struct ifw_tunnel_sa *sa = &m->sas.v[i];
		if (sa->proc != pid || ifw_ip_is_any(&sa->remote))
			continue;
		char ip[IFW_IP_STRLEN], ports[64] = "port 500 or port 4500";
		uint16_t extra[2] = {sa->rport, sa->lport};
		for (int k = 0; k < 2; k++)
			if (extra[k] && extra[k] != 500 && extra[k] != 4500 &&
			    (k == 0 || extra[1] != extra[0])) {
				size_t l = strlen(ports);
				snprintf(ports + l, sizeof(ports) - l, " or port %u", extra[k]);
			}
		char term[256];
		snprintf(term, sizeof(term),
		         "host %s and ((udp and (%s)) or ip proto 50 or ip6 proto 50)",
		         ifw_ip_str(&sa->remote, ip), ports);
		if (have_term(e, term, ns))
			continue;
		struct ep *p = add_ep(e, ns);
		if (!p)
			return;
		memcpy(p->term, term, sizeof(p->term));
		p->local = sa->local;
		p->remote = sa->remote;
		snprintf(p->why, sizeof(p->why), "IPsec SA %s with %s", sa->name ? sa->name : "?",
		         ip);
	}
}

static void socket_endpoints(const struct ifw_model *m, ifw_id t, ifw_id pid, ifw_id ns,
                             struct eps *e)
{
	const struct ifw_process *p = &m->procs.v[pid];
	for (size_t i = 0; i < p->fdrefs.n; i++) {
		const struct ifw_fdref *r = &m->fdrefs.v[p->fdrefs.v[i]];
		if (r->type != IFW_FD_SOCKET || r->socket == IFW_NOID || r->socket >= m->sockets.n)
			continue;
		const struct ifw_socket *s = &m->sockets.v[r->socket];
		if ((s->proto != IFW_P_TCP && s->proto != IFW_P_UDP) ||
		    (s->family != AF_INET && s->family != AF_INET6) || !s->lport)
			continue;
		/* Sockets on the tunnel itself are inside traffic, not outer. */
		if (s->bound_iface == t || (!ifw_ip_is_any(&s->local) &&
		                            ifw_model_iface_by_addr(m, s->ns, &s->local) == t))
			continue;
		if (s->proto == IFW_P_TCP && !s->listening && ifw_ip_is_any(&s->remote))
			continue;
		char term[256], ip[IFW_IP_STRLEN];
		const char *proto = s->proto == IFW_P_TCP ? "tcp" : "udp";
		if (ifw_ip_is_any(&s->remote))
			snprintf(term, sizeof(term), "%s port %u", proto, s->lport);
		else
			snprintf(term, sizeof(term), "%s port %u and host %s", proto, s->lport,
			         ifw_ip_str(&s->remote, ip));
		if (have_term(e, term, ns))
			continue;
		struct ep *q = add_ep(e, ns);
		if (!q)
			return;
		memcpy(q->term, term, sizeof(q->term));
		q->local = s->local;
		q->remote = s->remote;
		q->link = s->bound_ifindex; /* SO_BINDTODEVICE chose it */
		q->unbound = ifw_ip_is_any(&s->local) && ifw_ip_is_any(&s->remote) && !q->link;
		snprintf(q->why, sizeof(q->why), "%s port %u of %s (pid %d)%s", proto, s->lport,
		         p->comm ? p->comm : "?", (int)p->pid,
		         q->unbound ? ", on any address" : "");
	}
}

static void kernel_endpoints(const struct ifw_model *m, const struct ifw_iface *f, struct eps *e)
{
	ifw_id ns = f->link_ns != IFW_NOID && f->link_ns < m->netns.n ? f->link_ns : f->ns;
	char ip[IFW_IP_STRLEN];
	const char *kind = f->kind ? f->kind : "";
	if (f->info.has_tnl && !ifw_ip_is_any(&f->info.tnl_remote)) {
		struct ep *p = add_ep(e, ns);
		if (!p)
			return;
		snprintf(p->term, sizeof(p->term), "host %s", ifw_ip_str(&f->info.tnl_remote, ip));
		p->local = f->info.tnl_local;
		p->remote = f->info.tnl_remote;
		p->link = f->info.tnl_link;
		snprintf(p->why, sizeof(p->why), "%s tunnel remote %s", kind, ip);
	} else if (strcmp(kind, "vxlan") == 0 || strcmp(kind, "geneve") == 0) {
		struct ep *p = add_ep(e, ns);
		if (!p)
			return;
		unsigned port = f->info.vx_port ? f->info.vx_port : kind[0] == 'v' ? 4789 : 6081;
		if (ifw_ip_is_any(&f->info.vx_remote))
			snprintf(p->term, sizeof(p->term), "udp port %u", port);
		else
			snprintf(p->term, sizeof(p->term), "udp port %u and host %s", port,
			         ifw_ip_str(&f->info.vx_remote, ip));
		p->local = f->info.vx_local;
		p->remote = f->info.vx_remote;
		p->link = f->info.vx_link;
		snprintf(p->why, sizeof(p->why), "%s UDP port %u", kind, port);
	}
}

/* Longest-prefix match in the main table (dst_len 0 = the default route), never via t. */
static ifw_id route_to(const struct ifw_model *m, ifw_id ns, const struct ifw_ip *dst, int family,
                       ifw_id t)
{
	ifw_id best = IFW_NOID;
	int best_len = -1;
	uint32_t best_metric = 0;
	for (size_t i = 0; i < m->routes.n; i++) {
		const struct ifw_route *r = &m->routes.v[i];
		if (r->ns != ns || r->table != IFW_TABLE_MAIN || r->family != family ||
		    r->iface == IFW_NOID || r->iface == t ||
		    (r->type != IFW_RTN_UNICAST && r->type != 0))
			continue;
		if (r->dst_len && (!dst || !ifw_ip_in_prefix(dst, &r->dst, r->dst_len)))
			continue;
		if ((int)r->dst_len > best_len ||
		    ((int)r->dst_len == best_len && r->metric < best_metric)) {
			best = r->iface;
			best_len = r->dst_len;
			best_metric = r->metric;
		}
	}
	return best;
}

static ifw_id outer_iface(const struct ifw_model *m, const struct ep *p, ifw_id t)
{
	ifw_id u = IFW_NOID;
	if (p->link > 0)
		u = ifw_model_iface_by_index(m, p->ns, p->link);
	if ((u == IFW_NOID || u == t) && !ifw_ip_is_any(&p->local))
		u = ifw_model_iface_by_addr(m, p->ns, &p->local);
	if ((u == IFW_NOID || u == t) && !ifw_ip_is_any(&p->remote))
		u = route_to(m, p->ns, &p->remote, p->remote.family, t);
	if (u == IFW_NOID || u == t) {
		u = route_to(m, p->ns, NULL, AF_INET, t);
		if (u == IFW_NOID)
			u = route_to(m, p->ns, NULL, AF_INET6, t);
	}
	return u == t ? IFW_NOID : u;
}

/* Adds endpoint p's filter term and reason to outer interface u's entry in out[0..*n). */
static void add_outer(struct ifw_underlay *out, size_t *n, size_t max, ifw_id u, const struct ep *p)
{
	size_t k = 0;
	while (k < *n && out[k].iface != u)
		k++;
	if (k == *n) {
		if (*n == max)
			return;
		memset(&out[k], 0, sizeof(out[k]));
		out[k].iface = u;
		(*n)++;
	}
	struct ifw_underlay *o = &out[k];
	size_t fl = strlen(o->filter), wl = strlen(o->why);
	/* Terms that no longer fit are left out (the filter would be cut mid-term). */
	if (fl + strlen(p->term) + 8 < sizeof(o->filter))
		snprintf(o->filter + fl, sizeof(o->filter) - fl, "%s(%s)", fl ? " or " : "",
		         p->term);
	if (wl + strlen(p->why) + 3 < sizeof(o->why))
		snprintf(o->why + wl, sizeof(o->why) - wl, "%s%s", wl ? "; " : "", p->why);
}

/* A socket bound to every address with no peer chose no interface: its packets may leave by any
 * of the namespace's interfaces, so each one that is up is sampled, filtered on its port. */
static bool unbound(const struct ep *p)
{
	return p->unbound && !p->link && ifw_ip_is_any(&p->local) && ifw_ip_is_any(&p->remote);
}

static size_t every_iface(const struct ifw_model *m, const struct ep *p, ifw_id t,
                          struct ifw_underlay *out, size_t *n, size_t max)
{
	size_t found = 0;
	for (size_t i = 0; i < m->ifaces.n; i++) {
		const struct ifw_iface *f = &m->ifaces.v[i];
		if (f->ns != p->ns || (ifw_id)i == t || !(f->flags & IFF_UP))
			continue;
		add_outer(out, n, max, (ifw_id)i, p);
		found++;
	}
	return found;
}

size_t ifw_cap_find_underlay(const struct ifw_model *m, ifw_id t, struct ifw_underlay *out,
                             size_t max, const char **why_not)
{
	const char *dummy;
	if (!why_not)
		why_not = &dummy;
	*why_not = NULL;
	if (t >= m->ifaces.n) {
		*why_not = "no such interface";
		return 0;
	}
	const struct ifw_iface *f = &m->ifaces.v[t];
	struct eps e = {0};
	ifw_id holders[16];
	size_t n_holders = 0;
	for (size_t i = 0; i < m->fdrefs.n; i++) {
		const struct ifw_fdref *r = &m->fdrefs.v[i];
		if (r->type != IFW_FD_TUN || r->tun_iface != t || r->proc == IFW_NOID ||
		    r->proc >= m->procs.n)
			continue;
		bool seen = false;
		for (size_t k = 0; k < n_holders; k++)
			seen |= holders[k] == r->proc;
		if (!seen && n_holders < 16)
			holders[n_holders++] = r->proc;
	}
	for (size_t i = 0; i < n_holders; i++) {
		ifw_id ns = proc_ns(m, &m->procs.v[holders[i]], f->ns);
		size_t before = e.n;
		sa_endpoints(m, holders[i], ns, &e);
		if (e.n == before)
			socket_endpoints(m, t, holders[i], ns, &e);
	}
	kernel_endpoints(m, f, &e);
	if (!e.n) {
		*why_not = n_holders ? "the process holding its tun device has no IPsec SA or "
		                       "outer socket to filter on"
		           : f->kind && (strcmp(f->kind, "tun") == 0 || strcmp(f->kind, "tap") == 0)
		               ? "no process holding its tun device was found"
		               : "no tunnel endpoint is known for it";
		return 0;
	}
	size_t n = 0;
	bool unrouted = false;
	for (size_t i = 0; i < e.n; i++) {
		if (unbound(&e.v[i])) {
			if (!every_iface(m, &e.v[i], t, out, &n, max))
				unrouted = true;
			continue;
		}
		ifw_id u = outer_iface(m, &e.v[i], t);
		if (u == IFW_NOID) {
			unrouted = true;
			continue;
		}
		add_outer(out, &n, max, u, &e.v[i]);
	}
	if (!n && unrouted)
		*why_not = "no interface (address or route) leads to its outer endpoints";
	return n;
}
