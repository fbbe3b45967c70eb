/* Connection tracking entries into far ends of tunnel holders' unconnected UDP sockets: which
 * sockets are asked about, which end of an entry is the far one, and the m->ct_peers record. */
#include "collect/ct_peers.h"

#include "util/idmap.h"

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define STATE_ESTABLISHED                                                                          \
	1 /* TCP_ESTABLISHED: what the kernel reports for a connected UDP socket */

struct match {
	const struct ifw_ip *local;
	uint16_t lport;
	ifw_ct_is_local is_local;
	void *ctx;
};

static bool end_is(const struct ifw_ip *addr, uint16_t port, const struct match *m)
{
	if (port != m->lport)
		return false;
	if (m->local && !ifw_ip_is_any(m->local))
		return ifw_ip_eq(addr, m->local);
	return !m->is_local || m->is_local(addr, m->ctx);
}

bool ifw_ct_far_end(const struct ifw_ct_entry *e, uint8_t l4proto, const struct ifw_ip *local,
                    uint16_t lport, ifw_ct_is_local is_local, void *ctx, struct ifw_ct_tuple *far,
                    bool *inbound)
{
	if (!lport || e->orig.l4proto != l4proto)
		return false;
	memset(far, 0, sizeof(*far));
	far->l4proto = l4proto;
	const struct match m = {local, lport, is_local, ctx};
	if (end_is(&e->orig.src, e->orig.sport, &m)) {
		/* This end sent first: the far end is where the first packet went. */
		far->src = e->orig.src;
		far->sport = e->orig.sport;
		far->dst = e->orig.dst;
		far->dport = e->orig.dport;
		*inbound = false;
	} else if (end_is(&e->reply.src, e->reply.sport, &m)) {
		/* The far end sent first: it is where the answers go (after any NAT). */
		far->src = e->reply.src;
		far->sport = e->reply.sport;
		far->dst = e->reply.dst;
		far->dport = e->reply.dport;
		*inbound = true;
	} else {
		return false;
	}
	return !ifw_ip_is_any(&far->dst) && far->dport != 0;
}

/* A holder's unconnected UDP socket: bound to a port, no peer. */
static bool unconnected_udp(const struct ifw_socket *s)
{
	return s->proto == IFW_P_UDP && (s->family == AF_INET || s->family == AF_INET6) &&
	       s->lport && s->state != STATE_ESTABLISHED && ifw_ip_is_any(&s->remote);
}

/* The socket an fdref names: resolved already (offline evidence), else by its inode (live). */
static uint32_t fdref_socket(const struct ifw_model *m, const struct ifw_fdref *r,
                             const struct ifw_idmap *by_inode)
{
	if (r->socket != IFW_NOID && r->socket < m->sockets.n)
		return unconnected_udp(&m->sockets.v[r->socket]) ? r->socket : IFW_NOID;
	return r->inode ? ifw_idmap_get(by_inode, r->inode) : IFW_NOID;
}

size_t ifw_ct_candidates(const struct ifw_model *m, struct ifw_ct_sock **out)
{
	*out = NULL;
	struct ifw_idmap holders, by_inode, taken;
	ifw_idmap_init(&holders);
	ifw_idmap_init(&by_inode);
	ifw_idmap_init(&taken); /* a socket held by several processes is one candidate */
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < m->fdrefs.n; i++) {
		const struct ifw_fdref *r = &m->fdrefs.v[i];
		if (r->type == IFW_FD_TUN && r->proc != IFW_NOID &&
		    ifw_idmap_put(&holders, r->proc, 1) < 0)
			goto done;
	}
	if (!holders.n)
		goto done;
	for (size_t k = 0; k < m->sockets.n; k++)
		if (m->sockets.v[k].inode && unconnected_udp(&m->sockets.v[k]) &&
		    ifw_idmap_put(&by_inode, m->sockets.v[k].inode, (uint32_t)k) < 0)
			goto done;
	for (size_t i = 0; i < m->fdrefs.n; i++) {
		const struct ifw_fdref *r = &m->fdrefs.v[i];
		if (r->type != IFW_FD_SOCKET || r->proc == IFW_NOID ||
		    ifw_idmap_get(&holders, r->proc) == IFW_NOID)
			continue;
		uint32_t k = fdref_socket(m, r, &by_inode);
		if (k == IFW_NOID)
			continue;
		if (ifw_idmap_get(&taken, k) != UINT32_MAX)
			continue; /* (a scan of the list here was quadratic in a user's sockets) */
		if (ifw_idmap_put(&taken, k, 1) < 0)
			goto done;
		if (n == cap) {
			size_t nc = cap ? 2 * cap : 8;
			struct ifw_ct_sock *v = realloc(*out, nc * sizeof(*v));
			if (!v)
				goto done;
			*out = v;
			cap = nc;
		}
		(*out)[n++] = (struct ifw_ct_sock){k, 0};
	}
done:
	ifw_idmap_free(&holders);
	ifw_idmap_free(&by_inode);
	ifw_idmap_free(&taken);
	return n;
}

struct ns_ctx {
	const struct ifw_model *m;
	ifw_id ns;
};

/* An address of namespace ns, or loopback (the model may not be indexed yet: a scan). */
static bool ns_local(const struct ifw_ip *ip, void *ctx)
{
	const struct ns_ctx *d = ctx;
	if (ip->family == AF_INET && ip->a[0] == 127)
		return true;
	static const uint8_t v6_loop[16] = {[15] = 1};
	if (ip->family == AF_INET6 && memcmp(ip->a, v6_loop, 16) == 0)
		return true;
	for (size_t i = 0; i < d->m->addrs.n; i++) {
		const struct ifw_addr *a = &d->m->addrs.v[i];
		if (a->iface < d->m->ifaces.n && d->m->ifaces.v[a->iface].ns == d->ns &&
		    ifw_ip_eq(&a->ip, ip))
			return true;
	}
	return false;
}

static bool have_peer(const struct ifw_model *m, ifw_id sock, const struct ifw_ct_tuple *far)
{
	for (size_t i = 0; i < m->ct_peers.n; i++) {
		const struct ifw_ct_peer *p = &m->ct_peers.v[i];
		if (p->socket == sock && p->rport == far->dport && ifw_ip_eq(&p->remote, &far->dst))
			return true;
	}
	return false;
}

int ifw_ct_add_peers(struct ifw_model *m, ifw_id ns, struct ifw_ct_sock *socks, size_t n,
                     const struct ifw_ct_entry *e, const struct ifw_origin *o)
{
	struct ns_ctx nc = {m, ns};
	for (size_t i = 0; i < n; i++) {
		struct ifw_ct_sock *cs = &socks[i];
		const struct ifw_socket *s = &m->sockets.v[cs->socket];
		struct ifw_ct_tuple far;
		bool inbound = false;
		if (cs->found >= IFW_CT_PEERS_PER_SOCK ||
		    !ifw_ct_far_end(e, IPPROTO_UDP, &s->local, s->lport, ns_local, &nc, &far,
		                    &inbound) ||
		    have_peer(m, cs->socket, &far))
			continue;
		struct ifw_ct_peer *p = ifw_model_add_ct_peer(m);
		if (!p)
			return -1;
		p->ns = ns;
		p->socket = cs->socket;
		p->proto = IFW_P_UDP;
		p->local = far.src;
		p->lport = far.sport;
		p->remote = far.dst;
		p->rport = far.dport;
		p->inbound = inbound;
		p->replied = (e->status & IFW_CT_SEEN_REPLY) != 0;
		p->origin = *o;
		cs->found++;
	}
	return 0;
}
