/* Inet sockets from the BPF fd snapshot: one walk of every process's fds gives every
 * process-held TCP, UDP, UDP-Lite and raw socket of every namespace, with the facts inet_diag
 * would give (bpf_fds_prog.c reads them from struct sock). inet_diag then dumps only what no
 * process holds, where that matters (collect_ns.c). */
#include "collect/linux/sockdiag_bpf.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

bool ifw_kind_has_kernel_sockets(const char *kind)
{
	/* Each of these binds a UDP port from the kernel (l2tp: an unmanaged tunnel's socket). */
	static const char *const kinds[] = {"vxlan", "geneve", "wireguard", "bareudp",
	                                    "gtp",   "amt",    "l2tpeth"};
	for (size_t i = 0; kind && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kind, kinds[i]) == 0)
			return true;
	return false;
}

/* The model's protocol for a record, as inet_diag would list it; 0: inet_diag would not (ICMP
 * "ping" sockets, MPTCP, SCTP), or not yet (a TCP socket neither listening nor connecting is
 * in no hash table; nor is a UDP or raw socket without a port). */
static uint8_t proto_of(const struct ifw_fd_rec *r)
{
	if (!(r->flags & IFW_FD_REC_INET) || (r->family != AF_INET && r->family != AF_INET6))
		return 0;
	if (r->type == SOCK_STREAM && r->protocol == IPPROTO_TCP)
		return r->state == TCP_CLOSE ? 0 : IFW_P_TCP;
	if (r->lport == 0)
		return 0;
	if (r->type == SOCK_DGRAM && r->protocol == IPPROTO_UDP)
		return IFW_P_UDP;
	if (r->type == SOCK_DGRAM && r->protocol == IPPROTO_UDPLITE)
		return IFW_P_UDPLITE;
	if (r->type == SOCK_RAW)
		return IFW_P_RAW;
	return 0;
}

/* inet_diag's order: per namespace, TCP, UDP, UDP-Lite, raw; IPv4 before IPv6. */
struct cand {
	ifw_id ns;
	uint8_t proto;
	const struct ifw_fd_rec *r;
};

static int by_place(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->ns != y->ns)
		return x->ns < y->ns ? -1 : 1;
	if (x->proto != y->proto)
		return x->proto < y->proto ? -1 : 1;
	if (x->r->family != y->r->family)
		return x->r->family < y->r->family ? -1 : 1;
	if (x->r->lport != y->r->lport)
		return x->r->lport < y->r->lport ? -1 : 1;
	return (x->r->ino > y->r->ino) - (x->r->ino < y->r->ino);
}

/* Queue sizes as inet_diag computes them (tcp_diag, udp_diag, raw_diag get_info). */
static void queues(struct ifw_socket *s, const struct ifw_fd_rec *r)
{
	uint32_t wmem = r->wmem ? r->wmem - 1 : 0; /* sk_wmem_alloc starts at 1 */
	if (s->proto == IFW_P_TCP && s->state == TCP_LISTEN) {
		s->rqueue = r->ack_backlog;
		s->wqueue = r->max_ack_backlog;
	} else if (s->proto == IFW_P_TCP) {
		if (r->flags & IFW_FD_REC_TCPSEQ) {
			int32_t rq = (int32_t)(r->rcv_nxt - r->copied_seq);
			s->rqueue = rq > 0 ? (uint32_t)rq : 0;
			s->wqueue = r->write_seq - r->snd_una;
		}
	} else {
		uint32_t deficit = r->flags & IFW_FD_REC_DEFICIT ? r->deficit : 0;
		s->rqueue = s->proto == IFW_P_RAW ? r->rmem : r->rmem - deficit;
		s->wqueue = wmem;
	}
}

static void fill(struct ifw_socket *s, uint8_t proto, const struct ifw_fd_rec *r)
{
	s->proto = proto;
	s->family = (uint8_t)r->family;
	s->state = r->state;
	ifw_ip_set(&s->local, r->family, r->local);
	ifw_ip_set(&s->remote, r->family, r->remote);
	s->lport = r->lport;
	s->rport = ntohs(r->rport_be);
	s->uid = r->uid;
	s->inode = r->ino;
	s->bound_ifindex = r->bound_if; /* its interface is found by ifw_model_index */
	s->cgroup_id = r->cgroup_id;
	if (proto == IFW_P_TCP)
		s->listening = s->state == TCP_LISTEN;
	else /* datagram sockets that are not connected receive from anyone */
		s->listening = s->state == TCP_CLOSE;
	if (proto == IFW_P_RAW) {
		s->raw_protocol = r->protocol;
		s->lport = 0;
	}
	queues(s, r);
	s->origin.src = "BPF task_file iterator (struct sock)";
}

int ifw_snapshot_ns_kinds(const struct fd_snapshot *sn, struct ifw_idmap *out)
{
	ifw_idmap_init(out);
	for (size_t i = 0; i < sn->n; i++) {
		const struct ifw_fd_rec *r = &sn->recs[i];
		uint32_t bit = 0;
		if (r->kind == IFW_FD_REC_SOCKET && r->family == AF_UNIX && r->state == TCP_LISTEN)
			bit = IFW_NS_HAS_UNIX_LISTEN;
		else if (r->kind == IFW_FD_REC_SOCKET && r->family == AF_PACKET)
			bit = IFW_NS_HAS_PACKET;
		if (!bit)
			continue;
		uint32_t v = ifw_idmap_get(out, r->netns);
		v = v == IFW_NOID ? bit : v | bit;
		if (ifw_idmap_put(out, r->netns, v) < 0)
			return -1;
	}
	return 0;
}

int ifw_linux_sockets_from_snapshot(struct ifw_model *m, const struct fd_snapshot *sn,
                                    const bool *from_bpf, size_t n_from, struct ifw_err *err)
{
	struct ifw_idmap nsmap, held, seen;
	ifw_idmap_init(&nsmap);
	ifw_idmap_init(&held);
	ifw_idmap_init(&seen);
	struct cand *c = malloc((sn->n ? sn->n : 1) * sizeof(*c));
	int rc = c ? 0 : ifw_fail(err, IFW_E_NOMEM, "out of memory reading sockets");
	for (size_t i = 0; i < n_from && i < m->netns.n && rc == 0; i++)
		if (from_bpf[i] && m->netns.v[i].inode)
			rc = ifw_idmap_put(&nsmap, m->netns.v[i].inode, (uint32_t)i);
	/* A socket whose holders all left before the /proc pass is closed, or about to be. */
	for (size_t i = 0; i < m->fdrefs.n && rc == 0; i++)
		if (m->fdrefs.v[i].type == IFW_FD_SOCKET)
			rc = ifw_idmap_put(&held, m->fdrefs.v[i].inode, 1);
	size_t n = 0;
	for (size_t i = 0; i < sn->n && rc == 0; i++) {
		const struct ifw_fd_rec *r = &sn->recs[i];
		uint8_t proto = r->kind == IFW_FD_REC_SOCKET ? proto_of(r) : 0;
		ifw_id ns = proto ? ifw_idmap_get(&nsmap, r->netns) : IFW_NOID;
		if (ns == IFW_NOID || ifw_idmap_get(&held, r->ino) == IFW_NOID ||
		    ifw_idmap_get(&seen, r->ino) != IFW_NOID)
			continue; /* another namespace, nobody's now, or another fd of the same */
		rc = ifw_idmap_put(&seen, r->ino, 1);
		c[n++] = (struct cand){ns, proto, r};
	}
	if (rc == 0)
		qsort(c, n, sizeof(*c), by_place);
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct ifw_socket *s = ifw_model_add_socket(m, c[i].ns);
		if (!s)
			rc = ifw_fail(err, IFW_E_NOMEM, "out of memory reading sockets");
		else
			fill(s, c[i].proto, c[i].r);
	}
	if (rc < 0 && err->code == 0)
		rc = ifw_fail(err, IFW_E_NOMEM, "out of memory reading sockets");
	free(c);
	ifw_idmap_free(&nsmap);
	ifw_idmap_free(&held);
	ifw_idmap_free(&seen);
	return rc;
}
