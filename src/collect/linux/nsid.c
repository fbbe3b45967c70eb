/* IFLA_LINK_NETNSID is a number private to the namespace that reports it. We resolve it the only
 * sure way: ask that namespace (RTM_GETNSID) which id it gives a candidate namespace. To keep this
 * to about one question per link on hosts with hundreds of namespaces, candidates come first from
 * the veth pairing (each end names the other's ifindex; every interface with the pair is tried);
 * every answer is cached; only links with no candidate (a macvlan whose parent is elsewhere)
 * make us ask about every namespace. */
#include "collect/linux/linux.h"
#include "collect/linux/nsid_pairs.h"
#include "util/netns.h"

#include <fcntl.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int ifw_nsid_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ifw_nsid_reply *r = data;
	if (nlh->nlmsg_type != RTM_NEWNSID)
		return MNL_CB_OK;
	const struct nlattr *tb[NETNSA_MAX + 1];
	ifw_nla_table_msg(nlh, sizeof(struct rtgenmsg), tb, NETNSA_MAX);
	if (tb[NETNSA_NSID]) {
		r->nsid = (int32_t)ifw_nla_u32(tb[NETNSA_NSID], (uint32_t)-1);
		r->got = true;
	}
	return MNL_CB_OK;
}

/* The id `nl`'s namespace gives the namespace open at fd, or -1 when it has none. */
static int32_t nsid_of(struct ifw_nl *nl, int fd)
{
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETNSID;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	struct rtgenmsg *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NETNSA_FD, (uint32_t)fd);
	struct ifw_nsid_reply r = {-1, false};
	struct ifw_err err = {0};
	int rc = ifw_nl_talk(nl, nlh, ifw_nsid_reply_cb, &r, "getnsid", &err);
	return rc == 0 && r.got ? r.nsid : -1;
}

/* Per asking namespace: a route socket opened inside it, and the answers so far. */
struct asker {
	struct ifw_nl nl;
	bool opened, failed, swept;
	int32_t *ids; /* ids[j]: the nsid it gives namespace j, or -2 not asked yet */
};

struct resolver {
	struct ifw_model *m;
	const struct ifw_ns_handle **handle; /* by model namespace id, NULL if none */
	struct ifw_nl *routes;               /* by model namespace id, open inside it, or NULL */
	struct asker *askers;                /* by model namespace id */
	struct ifw_nsid_pairs pairs;         /* the candidates for a link's other end */
	struct ifw_err *err;
	int *kept_fd;  /* by model namespace id: open, for a namespace asked about again */
	bool *asked;   /* by model namespace id: opened before */
	size_t n_kept; /* at most MAX_KEPT: a hub is asked about by every namespace */
	bool fatal;    /* could not return to our own namespace */
	size_t sweeps; /* namespaces that asked about every namespace (IFWHO_TIMING) */
};

static struct asker *asker_for(struct resolver *r, ifw_id ns)
{
	struct asker *a = &r->askers[ns];
	if (a->opened || a->failed)
		return a->failed ? NULL : a;
	a->ids = malloc(r->m->netns.n * sizeof(*a->ids));
	if (a->ids && r->routes && r->routes[ns].sk) {
		/* The collection's own route socket: no need to enter the namespace again. */
		for (size_t j = 0; j < r->m->netns.n; j++)
			a->ids[j] = -2;
		a->nl = r->routes[ns];
		r->routes[ns].sk = NULL;
		a->opened = true;
		return a;
	}
	const struct ifw_ns_handle *h = r->handle[ns];
	struct ifw_err err = {0};
	int saved = -1;
	const struct ifw_netns *n = &r->m->netns.v[ns];
	if (!a->ids || !h ||
	    (!n->is_self && ifw_netns_enter(h->path, n->inode, &saved, &err) < 0)) {
		a->failed = true;
		return NULL;
	}
	for (size_t j = 0; j < r->m->netns.n; j++)
		a->ids[j] = -2;
	int rc = ifw_nl_open(&a->nl, NETLINK_ROUTE, &err);
	if (saved >= 0 && ifw_netns_leave(saved, r->err) < 0) {
		/* Staying in a foreign namespace would make every later fact wrong. */
		r->fatal = true;
		r->err->code = IFW_E_LIMIT;
		if (rc == 0)
			ifw_nl_close(&a->nl);
		a->failed = true;
		return NULL;
	}
	if (rc < 0) {
		a->failed = true;
		return NULL;
	}
	a->opened = true;
	return a;
}

enum { MAX_KEPT = 64 };

/* An open file of the target namespace (checked by inode), or -1; *close_it when not kept. */
static int target_fd(struct resolver *r, ifw_id target, bool *close_it)
{
	*close_it = false;
	if (r->kept_fd[target] >= 0)
		return r->kept_fd[target];
	const struct ifw_ns_handle *h = r->handle[target];
	if (!h || !h->path[0])
		return -1;
	int fd = ifw_netns_open_checked(h->path, r->m->netns.v[target].inode);
	if (fd < 0)
		return -1;
	/* Asked about a second time: likely a hub every namespace asks about; keep it. */
	bool again = r->asked[target];
	r->asked[target] = true;
	if (again && r->n_kept < MAX_KEPT) {
		r->kept_fd[target] = fd;
		r->n_kept++;
	} else {
		*close_it = true;
	}
	return fd;
}

static int32_t ask(struct resolver *r, struct asker *a, ifw_id target)
{
	if (a->ids[target] == -2) {
		bool close_it;
		int fd = target_fd(r, target, &close_it);
		a->ids[target] = fd >= 0 ? nsid_of(&a->nl, fd) : -1;
		if (close_it)
			close(fd);
	}
	return a->ids[target];
}

static void resolve_one(struct resolver *r, struct ifw_iface *f)
{
	struct asker *a = asker_for(r, f->ns);
	if (!a)
		return;
	/* A namespace already known to carry this id. */
	for (size_t j = 0; j < r->m->netns.n; j++)
		if (a->ids[j] == f->link_nsid) {
			f->link_ns = (ifw_id)j;
			return;
		}
	/* The candidates: interfaces elsewhere that name our ifindex as their link, at our link (a
	 * veth's other end). Each is one question at most, its answer cached. */
	ifw_id id = (ifw_id)(f - r->m->ifaces.v);
	for (ifw_id o = ifw_nsid_pairs_next(&r->pairs, id, IFW_NOID); o != IFW_NOID;
	     o = ifw_nsid_pairs_next(&r->pairs, id, o)) {
		ifw_id ns = r->m->ifaces.v[o].ns;
		if (ask(r, a, ns) == f->link_nsid) {
			f->link_ns = ns;
			return;
		}
	}
	/* Ask once about every namespace, all of them: the answers serve the later links of this
	 * namespace too (stopping at the first match left those unresolved when the namespace
	 * was read alone, with --netns). */
	if (!a->swept) {
		a->swept = true;
		r->sweeps++;
		for (size_t j = 0; j < r->m->netns.n; j++)
			if (j != f->ns)
				ask(r, a, (ifw_id)j);
	}
	for (size_t j = 0; j < r->m->netns.n; j++)
		if (j != f->ns && a->ids[j] == f->link_nsid) {
			f->link_ns = (ifw_id)j;
			return;
		}
}

struct name_reply {
	struct ifw_model *m;
	const char *name;
};

static int name_cb(const struct nlmsghdr *nlh, void *data)
{
	struct name_reply *r = data;
	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	const struct nlattr *tb[IFLA_MAX + 1];
	ifw_nla_table_msg(nlh, sizeof(struct ifinfomsg), tb, IFLA_MAX);
	r->name = ifw_nla_str(r->m, tb[IFLA_IFNAME]);
	return MNL_CB_OK;
}

/* The peer's name when its namespace is not part of this report: one RTM_GETLINK inside it. */
static void peer_name(struct resolver *r, struct ifw_iface *f)
{
	struct asker *a = asker_for(r, f->link_ns);
	if (!a)
		return;
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_index = f->link_ifindex;
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	struct name_reply nr = {r->m, NULL};
	struct ifw_err err = {0};
	if (ifw_nl_talk(&a->nl, nlh, name_cb, &nr, "getlink", &err) == 0)
		f->link_name = nr.name;
}

int ifw_linux_resolve_nsids(struct ifw_model *m, const struct ifw_ns_handle *all, size_t n_all,
                            struct ifw_nl *routes, size_t *sweeps, struct ifw_err *err)
{
	struct resolver r = {.m = m, .routes = routes, .err = err};
	size_t n_ns = m->netns.n ? m->netns.n : 1;
	r.askers = calloc(n_ns, sizeof(*r.askers));
	r.handle = calloc(n_ns, sizeof(*r.handle));
	r.kept_fd = malloc(n_ns * sizeof(*r.kept_fd));
	r.asked = calloc(n_ns, sizeof(*r.asked));
	if (!r.askers || !r.handle || !r.kept_fd || !r.asked ||
	    ifw_nsid_pairs_build(&r.pairs, m) < 0) {
		ifw_nsid_pairs_free(&r.pairs);
		free(r.handle);
		free(r.askers);
		free(r.kept_fd);
		free(r.asked);
		return ifw_fail(err, IFW_E_NOMEM, "out of memory resolving namespace ids");
	}
	for (size_t i = 0; i < n_ns; i++)
		r.kept_fd[i] = -1;
	for (size_t i = 0; i < n_all; i++)
		if (all[i].ns < m->netns.n &&
		    (!r.handle[all[i].ns] || !r.handle[all[i].ns]->path[0]))
			r.handle[all[i].ns] = &all[i];
	for (size_t i = 0; i < m->ifaces.n && !r.fatal; i++) {
		struct ifw_iface *f = &m->ifaces.v[i];
		if (f->link_nsid >= 0 && f->link_ns == IFW_NOID && m->netns.v[f->ns].collected)
			resolve_one(&r, f);
		if (!r.fatal && f->link_ns != IFW_NOID && !m->netns.v[f->link_ns].collected)
			peer_name(&r, f);
	}
	ifw_nsid_pairs_free(&r.pairs);
	if (sweeps)
		*sweeps = r.sweeps;
	for (size_t i = 0; i < m->netns.n; i++) {
		if (r.askers[i].opened)
			ifw_nl_close(&r.askers[i].nl);
		free(r.askers[i].ids);
	}
	for (size_t i = 0; i < n_ns; i++)
		if (r.kept_fd[i] >= 0)
			close(r.kept_fd[i]);
	free(r.askers);
	free(r.handle);
	free(r.kept_fd);
	free(r.asked);
	return r.fatal ? -1 : 0;
}
