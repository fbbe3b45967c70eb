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
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>

#define CT_DUMP_MS 100 /* per namespace */
#define CT_RUN_MS  300 /* all namespaces of a run */

struct ct_dump {
	struct ifw_model *m;
	ifw_id ns;
	struct ifw_ct_sock *socks; /* this namespace's candidates */
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
	const struct ifw_origin o = {.src = "conntrack (ctnetlink dump)"};
	if (ifw_ct_add_peers(d->m, d->ns, d->socks, d->n_socks, &e, &o) < 0)
		return MNL_CB_ERROR;
	return MNL_CB_OK;
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
	struct ifw_ct_sock *all = NULL;
	size_t n_all = ifw_ct_candidates(m, &all);
	struct timespec run_end = after_ms(CT_RUN_MS);
	int rc = 0;
	for (size_t i = 0; i < n && n_all && rc == 0; i++) {
		if (!m->netns.v[h[i].ns].collected)
			continue;
		/* This namespace's candidates, moved to the front of a scratch copy. */
		struct ifw_ct_sock mine[64];
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
