/* `ip route get` for ifwho ip: the kernel's own route lookup (RTM_GETROUTE) for an address, in
 * each selected namespace, so local, broadcast, multicast, blackhole and unreachable addresses
 * are named as the kernel treats them, not guessed from the route table. */
#include "collect/linux/linux.h"

#include <errno.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int ifw_route_get_parse(const struct nlmsghdr *nlh, struct ifw_route_answer *a, int *oif)
{
	if (nlh->nlmsg_type != RTM_NEWROUTE ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(struct rtmsg))
		return MNL_CB_OK;
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[RTA_MAX + 1];
	ifw_nla_table_msg(nlh, sizeof(*rtm), tb, RTA_MAX);
	a->type = rtm->rtm_type;
	a->table = tb[RTA_TABLE] ? ifw_nla_u32(tb[RTA_TABLE], 0) : rtm->rtm_table;
	*oif = tb[RTA_OIF] ? (int)ifw_nla_u32(tb[RTA_OIF], 0) : 0;
	if (tb[RTA_GATEWAY])
		ifw_nla_ip(tb[RTA_GATEWAY], &a->gateway);
	if (tb[RTA_PREFSRC])
		ifw_nla_ip(tb[RTA_PREFSRC], &a->prefsrc);
	return MNL_CB_OK;
}

struct reply {
	struct ifw_route_answer *a;
	int oif;
};

static int reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct reply *r = data;
	return ifw_route_get_parse(nlh, r->a, &r->oif);
}

/* The kernel refuses lookups that end in an unreachable, prohibit or blackhole route with that
 * route's error (EHOSTUNREACH, EACCES, EINVAL, as `ip route get` shows): the errno says which.
 * A malformed request would be EINVAL too, but ask() sends only well-formed ones. */
static uint8_t type_of_error(int e)
{
	switch (e) {
	case EHOSTUNREACH:
		return RTN_UNREACHABLE;
	case EACCES:
		return RTN_PROHIBIT;
	case EINVAL:
		return RTN_BLACKHOLE;
	default:
		return RTN_UNSPEC;
	}
}

/* One RTM_GETROUTE in the current namespace. */
static void ask(struct ifw_nl *nl, const struct ifw_ip *dst, struct ifw_route_answer *a)
{
	char buf[512]; /* a header, an rtmsg and one address */
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = dst->family;
	rtm->rtm_dst_len = dst->family == AF_INET ? 32 : 128;
	/* IPv4 says which table answered only when asked; IPv6 always does, and its strict
	 * request check refuses the flag. */
	rtm->rtm_flags = dst->family == AF_INET ? RTM_F_LOOKUP_TABLE : 0;
	mnl_attr_put(nlh, RTA_DST, dst->family == AF_INET ? 4 : 16, dst->a);
	struct reply r = {.a = a};
	struct ifw_err e = {0};
	if (ifw_nl_talk(nl, nlh, reply_cb, &r, "route get", &e) < 0) {
		a->error = e.errno_val ? e.errno_val : EIO;
		a->type = type_of_error(a->error);
		return;
	}
	if (r.oif > 0 && !if_indextoname((unsigned)r.oif, a->dev))
		a->dev[0] = '\0';
}

static int ask_all(const char *ns_name, const struct ifw_ip *dsts, size_t n,
                   struct ifw_route_answer *out, struct ifw_err *err)
{
	struct ifw_nl nl;
	if (ifw_nl_open(&nl, NETLINK_ROUTE, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct ifw_route_answer *a = &out[i];
		memset(a, 0, sizeof(*a));
		a->query = i;
		snprintf(a->netns, sizeof(a->netns), "%s", ns_name ? ns_name : "?");
		if (dsts[i].family == AF_INET || dsts[i].family == AF_INET6)
			ask(&nl, &dsts[i], a);
		else
			a->error = EAFNOSUPPORT;
	}
	ifw_nl_close(&nl);
	return 0;
}

int ifw_linux_route_get(const struct ifw_collect_opts *o, const struct ifw_ip *dsts, size_t n,
                        struct ifw_route_answer **out, size_t *n_out, size_t *denied,
                        struct ifw_err *err)
{
	*out = NULL;
	*n_out = 0;
	*denied = 0;
	struct ifw_model m;
	ifw_model_init(&m);
	const char *proc_root = o->proc_root ? o->proc_root : "/proc";
	struct ifw_ns_handle *h = NULL;
	size_t nh = 0;
	int rc = ifw_linux_scan_ns_only(&m, proc_root, err);
	if (rc == 0)
		rc = ifw_linux_find_netns(&m, proc_root, &h, &nh, err);
	struct ifw_route_answer *v = NULL;
	size_t nv = 0, wanted = 0;
	if (rc == 0 && nh && n && !(v = calloc(nh * n, sizeof(*v))))
		rc = ifw_fail(err, IFW_E_NOMEM, "out of memory");
	for (size_t i = 0; i < nh && rc == 0; i++) {
		const struct ifw_netns *ns = &m.netns.v[h[i].ns];
		if (o->netns && !ifw_netns_matches(ns, o->netns))
			continue;
		wanted++;
		int saved = -1;
		struct ifw_err e = {0};
		if (!ns->is_self && ifw_netns_enter(h[i].path, ns->inode, &saved, &e) < 0) {
			*denied += e.code == IFW_E_PERM;
			continue;
		}
		if (ask_all(ns->name, dsts, n, v + nv, &e) == 0)
			nv += n;
		if (saved >= 0 && ifw_netns_leave(saved, err) < 0)
			rc = -1; /* stranded in another namespace: nothing after this is right */
	}
	if (rc == 0 && o->netns && !wanted)
		rc = ifw_fail(err, IFW_E_NOTFOUND, "no network namespace matches \"%s\"", o->netns);
	free(h);
	ifw_model_free(&m);
	if (rc < 0) {
		free(v);
		return -1;
	}
	*out = v;
	*n_out = nv;
	return 0;
}
