/* Everything one namespace tells through netlink: links, addresses, routes, rules, sockets. The
 * sockets are opened inside the namespace (setns and straight back), then used from here. On a
 * host with hundreds of namespaces this runs hundreds of times, so it asks only what the BPF
 * snapshot did not already tell (see struct ifw_sock_plan). */
#include "collect/linux/sockdiag_bpf.h"
#include "util/netns.h"

#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/netconf.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* The route socket also serves the ethtool ioctl: an ioctl a netlink socket does not know goes
 * to the device layer of the socket's namespace, as on any socket (one socket less each). */
struct ns_socks {
	struct ifw_nl route, diag, nft;
};

static void close_socks(struct ns_socks *s)
{
	ifw_nl_close(&s->route);
	ifw_nl_close(&s->diag);
	ifw_nl_close(&s->nft);
}

/* with_diag: also the sock_diag socket (a namespace without socket dumps to do needs none). */
static int open_socks(struct ns_socks *s, bool with_diag, struct ifw_err *err)
{
	memset(s, 0, sizeof(*s));
	if (ifw_nl_open(&s->route, NETLINK_ROUTE, err) < 0)
		return -1;
	if (with_diag && ifw_nl_open(&s->diag, NETLINK_SOCK_DIAG, err) < 0) {
		close_socks(s);
		return -1;
	}
	struct ifw_err ignored = {0};
	if (ifw_nl_open(&s->nft, NETLINK_NETFILTER, &ignored) < 0)
		s->nft.sk = NULL; /* no nfnetlink: rules are just not shown */
	return 0;
}

/* Leaves the namespace entered with `saved`; failing to is fatal (IFW_E_LIMIT): staying in a
 * foreign namespace would make every later fact wrong. */
static int leave(int saved, struct ifw_err *err)
{
	if (saved < 0)
		return 0;
	struct ifw_err lerr = {0};
	if (ifw_netns_leave(saved, &lerr) < 0) {
		*err = lerr;
		err->code = IFW_E_LIMIT;
		return -1;
	}
	return 0;
}

/* The sock_diag socket, opened later (a namespace found to hold an overlay). */
static int open_diag(struct ifw_model *m, const struct ifw_ns_handle *h, struct ns_socks *s,
                     struct ifw_err *err)
{
	const struct ifw_netns *ns = &m->netns.v[h->ns];
	int saved = -1;
	if (!ns->is_self && ifw_netns_enter(h->path, ns->inode, &saved, err) < 0)
		return -1;
	int r = ifw_nl_open(&s->diag, NETLINK_SOCK_DIAG, err);
	if (leave(saved, err) < 0) {
		ifw_nl_close(&s->diag);
		return -1;
	}
	s->diag.record_dir = s->route.record_dir;
	s->diag.record_tag = s->route.record_tag;
	return r;
}

static int netconf_cb(const struct nlmsghdr *nlh, void *data)
{
	int8_t *v = data;
	if (nlh->nlmsg_type != RTM_NEWNETCONF)
		return MNL_CB_OK;
	const struct nlattr *tb[NETCONFA_MAX + 1];
	ifw_nla_table_msg(nlh, sizeof(struct netconfmsg), tb, NETCONFA_MAX);
	if (tb[NETCONFA_FORWARDING])
		*v = ifw_nla_u32(tb[NETCONFA_FORWARDING], 0) != 0;
	return MNL_CB_OK;
}

/* net.ipv4.ip_forward or net.ipv6.conf.all.forwarding as the namespace has it, asked over its
 * route socket (RTM_GETNETCONF for "all"): reading /proc/sys means entering the namespace and
 * a path walk through every namespace's sysctl tables. -1: unknown (IPv6 disabled, ...). */
static int8_t forwarding(struct ifw_nl *nl, int family)
{
	char buf[128];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETNETCONF;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	struct netconfmsg *nc = mnl_nlmsg_put_extra_header(nlh, sizeof(*nc));
	nc->ncm_family = (uint8_t)family;
	mnl_attr_put_u32(nlh, NETCONFA_IFINDEX, (uint32_t)NETCONFA_IFINDEX_ALL);
	int8_t v = -1;
	struct ifw_err err = {0};
	if (ifw_nl_talk(nl, nlh, netconf_cb, &v, family == AF_INET ? "netconf4" : "netconf6",
	                &err) < 0)
		return -1;
	return v;
}

static int dump(struct ifw_nl *nl, int type, size_t hdrlen, mnl_cb_t cb, struct ifw_parse_ctx *c,
                const char *what, struct ifw_err *err)
{
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = (uint16_t)type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	/* A zeroed header of the right size: family AF_UNSPEC, every table. */
	mnl_nlmsg_put_extra_header(nlh, hdrlen);
	int r = ifw_nl_talk(nl, nlh, cb, c, what, err);
	if (c->oom)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory reading %s", what);
	return r;
}

/* The interface of this namespace named `focus` (or with it as an altname), or IFW_NOID. */
static ifw_id focused(const struct ifw_model *m, size_t first, const char *focus)
{
	for (size_t i = first; i < m->ifaces.n; i++) {
		const struct ifw_iface *f = &m->ifaces.v[i];
		if (f->name && strcmp(f->name, focus) == 0)
			return (ifw_id)i;
		for (size_t k = 0; k < f->n_altnames; k++)
			if (f->altnames[k] && strcmp(f->altnames[k], focus) == 0)
				return (ifw_id)i;
	}
	return IFW_NOID;
}

/* With the BPF snapshot's sockets: inet_diag only for the namespace ifwho runs in (the host's
 * own kernel sockets: an NFS server's, TIME-WAIT) and where an overlay or tunnel has a kernel
 * socket. Other namespaces lack only their TIME-WAIT and half-open connections. */
static bool needs_inet_dump(const struct ifw_model *m, ifw_id ns, size_t first_iface)
{
	if (m->netns.v[ns].is_self)
		return true;
	for (size_t i = first_iface; i < m->ifaces.n; i++)
		if (ifw_kind_has_kernel_sockets(m->ifaces.v[i].kind))
			return true;
	return false;
}

/* Which socket dumps the namespace gets (IFW_DUMP_*). */
static unsigned dumps_for(const struct ifw_model *m, ifw_id ns, size_t first_iface,
                          const struct ifw_sock_plan *plan)
{
	if (!plan->snapshot)
		return IFW_DUMP_INET | IFW_DUMP_PACKET | IFW_DUMP_UNIX;
	unsigned what = needs_inet_dump(m, ns, first_iface) ? IFW_DUMP_INET : 0;
	if (plan->unix_listen)
		what |= IFW_DUMP_UNIX;
	if (plan->packet)
		what |= IFW_DUMP_PACKET;
	return what;
}

static int collect(struct ifw_model *m, struct ns_socks *s, const struct ifw_ns_handle *h,
                   const struct ifw_collect_opts *o, const struct ifw_sock_plan *plan,
                   bool *dumped_inet, struct ifw_err *err)
{
	ifw_id ns = h->ns;
	struct ifw_parse_ctx c;
	ifw_parse_ctx_init(&c, m, ns);
	size_t first_iface = m->ifaces.n;
	int r = dump(&s->route, RTM_GETLINK, sizeof(struct ifinfomsg), ifw_rtnl_link_cb, &c, "link",
	             err);
	if (r == 0 && ifw_parse_ctx_index_links(&c) < 0)
		r = ifw_fail(err, IFW_E_NOMEM, "out of memory indexing links");
	/* A question about one interface: namespaces without it give only their links (veth peers
	 * are named from them), and its own namespace only the sockets that can be on it. */
	ifw_id focus = o->focus_mode ? focused(m, first_iface, o->iface) : IFW_NOID;
	if (r == 0 && o->focus_mode && focus == IFW_NOID) {
		ifw_parse_ctx_free(&c);
		return 0;
	}
	if (r == 0)
		r = dump(&s->route, RTM_GETADDR, sizeof(struct ifaddrmsg), ifw_rtnl_addr_cb, &c,
		         "addr", err);
	if (r == 0)
		r = dump(&s->route, RTM_GETROUTE, sizeof(struct rtmsg), ifw_rtnl_route_cb, &c,
		         "route", err);
	if (r == 0 && dump(&s->route, RTM_GETRULE, sizeof(struct fib_rule_hdr), ifw_rtnl_rule_cb,
	                   &c, "rule", err) < 0) {
		/* Rules are optional (a kernel without policy routing): note it, go on. */
		ifw_model_warn(m, "policy rules of %s: %s", m->netns.v[ns].name, err->msg);
		ifw_err_clear(err);
	}
	if (r == 0 && !o->routes_only) {
		for (size_t i = first_iface; i < m->ifaces.n; i++)
			ifw_linux_driver_info(m, mnl_socket_get_fd(s->route.sk), (ifw_id)i);
		if (s->nft.sk)
			ifw_linux_nft_rules(m, &s->nft, ns);
		/* A tun's holder's other sockets (the tunnel's outside) and an overlay's own UDP
		 * port are not on the interface: those kinds get every socket of the namespace. */
		struct ifw_sock_filter flt = {0};
		const struct ifw_iface *ff = focus != IFW_NOID ? &m->ifaces.v[focus] : NULL;
		static const char *const whole[] = {"tun", "vxlan", "geneve", "wireguard"};
		bool all = false;
		for (size_t i = 0; ff && ff->kind && i < sizeof(whole) / sizeof(whole[0]); i++)
			all |= strcmp(ff->kind, whole[i]) == 0;
		if (ff && !all)
			ifw_linux_filter_for(m, focus, &flt);

		unsigned what = dumps_for(m, ns, first_iface, plan);
		*dumped_inet = what & IFW_DUMP_INET;
		if (what && !s->diag.sk)
			r = open_diag(m, h, s, err);
		if (r == 0 && what)
			r = ifw_linux_dump_sockets_of(&s->diag, &c, flt.bytecode_len ? &flt : NULL,
			                              what, err);
	}
	ifw_parse_ctx_free(&c);
	return r;
}

int ifw_linux_collect_ns(struct ifw_model *m, const struct ifw_ns_handle *h,
                         const struct ifw_collect_opts *o, struct ifw_err *err)
{
	bool dumped;
	const struct ifw_sock_plan every = {.snapshot = false};
	return ifw_linux_collect_ns_plan(m, h, o, &every, &dumped, NULL, err);
}

/* Whether an interface read from first_iface on has its link in another namespace. */
static bool links_elsewhere(const struct ifw_model *m, size_t first_iface)
{
	for (size_t i = first_iface; i < m->ifaces.n; i++)
		if (m->ifaces.v[i].link_nsid >= 0)
			return true;
	return false;
}

int ifw_linux_collect_ns_plan(struct ifw_model *m, const struct ifw_ns_handle *h,
                              const struct ifw_collect_opts *o, const struct ifw_sock_plan *plan,
                              bool *dumped_inet, struct ifw_nl *keep_route, struct ifw_err *err)
{
	*dumped_inet = false;
	struct ifw_netns *ns = &m->netns.v[h->ns];
	struct ns_socks s;
	int saved = -1;
	if (!ns->is_self && ifw_netns_enter(h->path, ns->inode, &saved, err) < 0)
		return -1;
	/* Known now to need socket dumps: open their socket while inside (else see open_diag). */
	bool with_diag = !o->routes_only &&
	                 (!plan->snapshot || plan->unix_listen || plan->packet || ns->is_self);
	int r = open_socks(&s, with_diag, err);
	if (leave(saved, err) < 0) {
		if (r == 0)
			close_socks(&s);
		return -1;
	}
	if (r < 0)
		return -1;
	char tag[64];
	snprintf(tag, sizeof(tag), "ns%u", (unsigned)h->ns);
	s.route.record_dir = s.diag.record_dir = o->record_dir;
	s.route.record_tag = s.diag.record_tag = tag;
	ns->ip_forward = forwarding(&s.route, AF_INET);
	ns->ip6_forward = forwarding(&s.route, AF_INET6);
	size_t first_iface = m->ifaces.n;
	r = collect(m, &s, h, o, plan, dumped_inet, err);
	if (r == 0 && keep_route && links_elsewhere(m, first_iface)) {
		*keep_route = s.route;
		keep_route->record_dir = keep_route->record_tag = NULL; /* tag is ours */
		s.route.sk = NULL;
	}
	close_socks(&s);
	if (r == 0)
		ns->collected = true;
	return r;
}

int ifw_linux_dump_inet_in(struct ifw_model *m, const struct ifw_ns_handle *h, struct ifw_err *err)
{
	struct ns_socks s;
	memset(&s, 0, sizeof(s));
	if (open_diag(m, h, &s, err) < 0)
		return -1;
	struct ifw_parse_ctx c;
	ifw_parse_ctx_init(&c, m, h->ns);
	int r = ifw_linux_dump_sockets_of(&s.diag, &c, NULL, IFW_DUMP_INET, err);
	ifw_parse_ctx_free(&c);
	close_socks(&s);
	return r;
}
