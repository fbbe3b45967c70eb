/* Far ends no socket and no daemon named, seen passively: the kernel's connection tracking for
 * the holders' unconnected UDP sockets (via "conntrack"), and the tunnel's outer traffic in a
 * traffic sample (via "sample": --underlay, or the outer interface sampled with the tunnel). Each
 * becomes a peer of the tunnel, tied to the outer socket it goes through, so the verdict, the
 * tunnel line and the JSON name it with its owner, and the advice no longer asks for what was
 * learned. */
#include "infer/rules.h"

#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#define SAMPLED_PEERS 8

static bool unconnected(const struct ifw_socket *s)
{
	return (s->proto == IFW_P_UDP || s->proto == IFW_P_UDPLITE) && s->lport &&
	       ifw_ip_is_any(&s->remote) && !s->remote_name;
}

static bool tunnel_port(struct ifw_rule_ctx *c, ifw_id sid)
{
	const struct ifw_kb_port *k = ifw_socket_port_kb(c, sid, false);
	return ifw_kb_port_is_tunnel(k) || (k && k->role == IFW_KB_PORT_OVERLAY);
}

static int conntrack_peers(struct ifw_rule_ctx *c)
{
	const struct ifw_model *m = c->m;
	for (size_t i = 0; i < c->ia->outer.n; i++) {
		ifw_id sid = c->ia->outer.v[i];
		if (!unconnected(&m->sockets.v[sid]))
			continue;
		for (size_t k = 0; k < m->ct_peers.n; k++) {
			const struct ifw_ct_peer *p = &m->ct_peers.v[k];
			if (p->socket == sid &&
			    ifw_add_passive_peer(c, &p->remote, p->rport, p->proto, "conntrack",
			                         sid, tunnel_port(c, sid)) < 0)
				return -1;
		}
	}
	return 0;
}

/* An address of the socket's namespace (or loopback): this host's end of a flow. */
static bool local_to(const struct ifw_model *m, ifw_id ns, const struct ifw_ip *ip)
{
	if (ip->family == AF_INET && ip->a[0] == 127)
		return true;
	return ifw_model_iface_by_addr(m, ns, ip) != IFW_NOID;
}

/* The outer unconnected socket a sampled flow went through, by this end's port, or IFW_NOID. */
static ifw_id flow_socket(const struct ifw_rule_ctx *c, uint8_t proto, uint16_t port)
{
	for (size_t i = 0; i < c->ia->outer.n; i++) {
		const struct ifw_socket *s = &c->m->sockets.v[c->ia->outer.v[i]];
		if (unconnected(s) && s->proto == proto && s->lport == port)
			return c->ia->outer.v[i];
	}
	return IFW_NOID;
}

/* A flow of this tunnel's outside: sampled as its underlay, or sampled on another interface
 * (`ifwho eth0 tun0 --sample 5`) from a socket one of its holders owns. */
static bool outer_flow(const struct ifw_rule_ctx *c, const struct ifw_flow *fl)
{
	if (fl->ip_proto != IPPROTO_UDP && fl->ip_proto != IPPROTO_TCP)
		return false;
	if (fl->underlay)
		return fl->iface == c->id;
	if (fl->owner == IFW_NOID || fl->iface == c->id)
		return false;
	for (size_t h = 0; h < c->ia->holders.n; h++)
		if (c->ia->holders.v[h].proc == fl->owner)
			return true;
	return false;
}

static int sampled_peers(struct ifw_rule_ctx *c)
{
	const struct ifw_model *m = c->m;
	size_t added = 0;
	for (size_t i = 0; i < m->flows.n && added < SAMPLED_PEERS; i++) {
		const struct ifw_flow *fl = &m->flows.v[i];
		if (!outer_flow(c, fl))
			continue;
		uint8_t proto = fl->ip_proto == IPPROTO_UDP ? IFW_P_UDP : IFW_P_TCP;
		/* Which side is here: the one whose port an outer socket holds, with an address
		 * of that socket's namespace (both sides of a tunnel often use one port). */
		ifw_id s_src = flow_socket(c, proto, fl->sport),
		       s_dst = flow_socket(c, proto, fl->dport);
		bool src_here =
		    s_src != IFW_NOID && local_to(m, m->sockets.v[s_src].ns, &fl->src) &&
		    !(s_dst != IFW_NOID && local_to(m, m->sockets.v[s_dst].ns, &fl->dst));
		bool dst_here =
		    s_dst != IFW_NOID && local_to(m, m->sockets.v[s_dst].ns, &fl->dst) &&
		    !(s_src != IFW_NOID && local_to(m, m->sockets.v[s_src].ns, &fl->src));
		if (src_here == dst_here)
			continue; /* neither, or both ends here: no far end to name */
		const struct ifw_ip *far = src_here ? &fl->dst : &fl->src;
		uint16_t port = src_here ? fl->dport : fl->sport;
		ifw_id sid = src_here ? s_src : s_dst;
		if (ifw_add_passive_peer(c, far, port, proto, "sample", sid, tunnel_port(c, sid)) <
		    0)
			return -1;
		added++;
	}
	return 0;
}

void ifw_passive_peer_facts(struct ifw_rule_ctx *c, struct ifw_finding *fi,
                            const struct ifw_peer *p)
{
	if (!fi || !p || !p->via)
		return;
	const struct ifw_model *m = c->m;
	if (strcmp(p->via, "conntrack") == 0) {
		for (size_t i = 0; i < m->ct_peers.n; i++) {
			const struct ifw_ct_peer *t = &m->ct_peers.v[i];
			if (t->socket != p->socket || t->rport != p->port ||
			    !ifw_ip_eq(&t->remote, &p->ip))
				continue;
			char l[IFW_IP_STRLEN], r[IFW_IP_STRLEN];
			ifw_fact_text(
			    c, fi, "conntrack",
			    "tracked connection udp %s:%u %s %s:%u%s, through the holder's "
			    "unconnected socket",
			    ifw_ip_str(&t->local, l), t->lport, t->inbound ? "<-" : "->",
			    ifw_ip_str(&t->remote, r), t->rport,
			    t->replied ? " (answered)" : " (not answered yet)");
			return;
		}
	} else if (strcmp(p->via, "sample") == 0) {
		for (size_t i = 0; i < m->flows.n; i++) {
			const struct ifw_flow *fl = &m->flows.v[i];
			if (outer_flow(c, fl) &&
			    ((ifw_ip_eq(&fl->dst, &p->ip) && fl->dport == p->port) ||
			     (ifw_ip_eq(&fl->src, &p->ip) && fl->sport == p->port))) {
				ifw_fact(c, fi, IFW_FACT_FLOW, (ifw_id)i);
				return;
			}
		}
	}
}

int ifw_passive_peers(struct ifw_rule_ctx *c)
{
	return conntrack_peers(c) < 0 || sampled_peers(c) < 0 ? -1 : 0;
}
