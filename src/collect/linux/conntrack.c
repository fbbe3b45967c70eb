/* Far ends of tunnel holders' unconnected UDP sockets from the kernel's connection tracking. A
 * daemon that sends with sendto() on an unconnected socket (wireguard-go, OpenVPN, socat
 * UDP-DATAGRAM) leaves no peer in the socket table, but a namespace whose firewall tracks
 * connections remembers each one. Only namespaces holding such a socket are asked, one
 * IPCTNL_MSG_CT_GET dump each, bounded in time; an empty table (nothing tracks there) is no
 * error. */
#include "collect/linux/conntrack_parse.h"
#include "collect/linux/linux.h"

#include <errno.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>

#define CT_DUMP_MS        100 /* per namespace */
#define CT_RUN_MS         300 /* all namespaces of a run */
#define CT_PEERS_PER_SOCK 16

struct ct_sock {
	ifw_id socket;
	size_t found;
};

struct ct_dump {
	struct ifw_model *m;
	ifw_id ns;
	struct ct_sock *socks; /* this namespace's candidates */
	size_t n_socks;
	struct timespec deadline;
	unsigned seen;
	bool cut; /* the deadline ended the dump */
};

static bool past(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > t->tv_sec || (now.tv_sec == t->tv_sec && now.tv_nsec >= t->tv_nsec);
}

static struct timespec after_ms(long ms)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_sec += ms / 1000;
	t.tv_nsec += (ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

/* An address of namespace ns, or loopback (the model is not indexed yet: a scan). */
static bool ns_local(const struct ifw_ip *ip, void *ctx)
{
	const struct ct_dump *d = ctx;
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

static int entry_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ct_dump *d = data;
	if ((++d->seen & 255) == 0 && past(&d->deadline)) {
		d->cut = true;
		return MNL_CB_STOP;
	}
	struct ifw_ct_entry e;
	if (ifw_ct_parse(nlh, &e) != 1)
		return MNL_CB_OK; /* a malformed entry is skipped, not the dump */
	for (size_t i = 0; i < d->n_socks; i++) {
		struct ct_sock *cs = &d->socks[i];
		const struct ifw_socket *s = &d->m->sockets.v[cs->socket];
		struct ifw_ct_tuple far;
		bool inbound = false;
		if (cs->found >= CT_PEERS_PER_SOCK ||
		    !ifw_ct_far_end(&e, IPPROTO_UDP, &s->local, s->lport, ns_local, d, &far,
		                    &inbound) ||
		    have_peer(d->m, cs->socket, &far))
			continue;
		struct ifw_ct_peer *p = ifw_model_add_ct_peer(d->m);
		if (!p)
			return MNL_CB_ERROR;
		p->ns = d->ns;
		p->socket = cs->socket;
		p->proto = IFW_P_UDP;
		p->local = far.src;
		p->lport = far.sport;
		p->remote = far.dst;
		p->rport = far.dport;
		p->inbound = inbound;
		p->replied = (e.status & IPS_SEEN_REPLY) != 0;
		p->origin.src = "conntrack (ctnetlink dump)";
		cs->found++;
	}
	return MNL_CB_OK;
}

/* A holder's unconnected UDP socket: bound to a port, no peer. */
static bool unconnected_udp(const struct ifw_socket *s)
{
	return s->proto == IFW_P_UDP && (s->family == AF_INET || s->family == AF_INET6) &&
	       s->lport && s->state != TCP_ESTABLISHED && ifw_ip_is_any(&s->remote);
}

/* The candidate sockets: held by a process that also holds a tun device. */
static size_t candidates(const struct ifw_model *m, struct ct_sock **out)
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
	for (size_t i = 0; i < m->fdrefs.n && by_inode.n; i++) {
		const struct ifw_fdref *r = &m->fdrefs.v[i];
		if (r->type != IFW_FD_SOCKET || r->proc == IFW_NOID ||
		    ifw_idmap_get(&holders, r->proc) == IFW_NOID)
			continue;
		uint32_t k = ifw_idmap_get(&by_inode, r->inode);
		if (k == IFW_NOID)
			continue;
		if (ifw_idmap_get(&taken, k) != UINT32_MAX)
			continue; /* (a scan of the list here was quadratic in a user's sockets) */
		if (ifw_idmap_put(&taken, k, 1) < 0)
			goto done;
		if (n == cap) {
			size_t nc = cap ? 2 * cap : 8;
			struct ct_sock *v = realloc(*out, nc * sizeof(*v));
			if (!v)
				goto done;
			*out = v;
			cap = nc;
		}
		(*out)[n++] = (struct ct_sock){k, 0};
	}
done:
	ifw_idmap_free(&holders);
	ifw_idmap_free(&by_inode);
	ifw_idmap_free(&taken);
	return n;
}

/* One namespace's dump. -1 only when we could not return to our own namespace. */
static int dump_ns(struct ifw_model *m, const struct ifw_ns_handle *h, struct ct_dump *d,
                   struct ifw_err *fatal)
{
	struct ifw_netns *ns = &m->netns.v[h->ns];
	struct ifw_err err = {0};
	int saved = -1;
	if (!ns->is_self && ifw_netns_enter(h->path, ns->inode, &saved, &err) < 0)
		return 0;
	struct ifw_nl nl;
	int r = ifw_nl_open(&nl, NETLINK_NETFILTER, &err);
	if (saved >= 0 && ifw_netns_leave(saved, fatal) < 0) {
		if (r == 0)
			ifw_nl_close(&nl); /* never go on in a foreign namespace */
		fatal->code = IFW_E_LIMIT;
		return -1;
	}
	if (r < 0)
		return 0;
	struct timeval tv = {.tv_usec = CT_DUMP_MS * 1000};
	setsockopt(mnl_socket_get_fd(nl.sk), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	char buf[64];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_GET;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	struct nfgenmsg *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->nfgen_family = AF_UNSPEC; /* IPv4 and IPv6 */
	g->version = NFNETLINK_V0;
	d->deadline = after_ms(CT_DUMP_MS);
	r = ifw_nl_talk(&nl, nlh, entry_cb, d, "conntrack", &err);
	ifw_nl_close(&nl);
	if (r < 0 && (err.code == IFW_E_PERM || err.errno_val == EPERM))
		ifw_model_limit(m, "far ends of unconnected UDP sockets from conntrack (reading "
		                   "it needs CAP_NET_ADMIN)");
	else if (r < 0)
		ifw_model_warn(m, "conntrack of namespace %s: %s", ns->name, err.msg);
	else if (d->cut)
		ifw_model_warn(m,
		               "conntrack of namespace %s: read for %d ms only (%u entries); far "
		               "ends may be missing",
		               ns->name, CT_DUMP_MS, d->seen);
	return 0;
}

int ifw_linux_conntrack_far_ends(struct ifw_model *m, const struct ifw_ns_handle *h, size_t n,
                                 struct ifw_err *fatal)
{
	struct ct_sock *all = NULL;
	size_t n_all = candidates(m, &all);
	struct timespec run_end = after_ms(CT_RUN_MS);
	int rc = 0;
	for (size_t i = 0; i < n && n_all && rc == 0; i++) {
		if (!m->netns.v[h[i].ns].collected)
			continue;
		/* This namespace's candidates, moved to the front of a scratch copy. */
		struct ct_sock mine[64];
		size_t k = 0;
		for (size_t j = 0; j < n_all && k < 64; j++)
			if (m->sockets.v[all[j].socket].ns == h[i].ns)
				mine[k++] = all[j];
		if (!k)
			continue;
		if (past(&run_end)) {
			ifw_model_warn(m,
			               "conntrack: %d ms spent; namespace %s and later ones not "
			               "asked",
			               CT_RUN_MS, m->netns.v[h[i].ns].name);
			break;
		}
		struct ct_dump d = {.m = m, .ns = h[i].ns, .socks = mine, .n_socks = k};
		rc = dump_ns(m, &h[i], &d, fatal);
	}
	free(all);
	return rc;
}
