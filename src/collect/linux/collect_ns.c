/* Everything one namespace tells through netlink: links, addresses, routes, rules, sockets. The
 * sockets are opened inside the namespace (setns and straight back), then used from here. */
#include "collect/linux/sockdiag_bpf.h"

#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct ns_socks {
	struct ifw_nl route, diag, nft;
	int ioctl_fd;
};

static void close_socks(struct ns_socks *s)
{
	ifw_nl_close(&s->route);
	ifw_nl_close(&s->diag);
	ifw_nl_close(&s->nft);
	if (s->ioctl_fd >= 0)
		close(s->ioctl_fd);
}

static int open_socks(struct ns_socks *s, struct ifw_err *err)
{
	memset(s, 0, sizeof(*s));
	s->ioctl_fd = -1;
	if (ifw_nl_open(&s->route, NETLINK_ROUTE, err) < 0)
		return -1;
	if (ifw_nl_open(&s->diag, NETLINK_SOCK_DIAG, err) < 0) {
		close_socks(s);
		return -1;
	}
	s->ioctl_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct ifw_err ignored = {0};
	if (ifw_nl_open(&s->nft, NETLINK_NETFILTER, &ignored) < 0)
		s->nft.sk = NULL; /* no nfnetlink: rules are just not shown */
	return 0;
}

/* A net.* sysctl as this namespace has it: the file is per-namespace for the task reading it,
 * so this must run while we are inside. */
static int8_t sysctl_flag(const char *path)
{
	char buf[8] = "";
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	int8_t v = fgets(buf, sizeof(buf), f) ? (int8_t)(buf[0] == '1') : -1;
	fclose(f);
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

static int collect(struct ifw_model *m, struct ns_socks *s, ifw_id ns,
                   const struct ifw_collect_opts *o, enum ifw_inet_dumps plan, bool *dumped_inet,
                   struct ifw_err *err)
{
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
			if (s->ioctl_fd >= 0)
				ifw_linux_driver_info(m, s->ioctl_fd, (ifw_id)i);
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

		*dumped_inet = plan == IFW_INET_DUMP_ALL || needs_inet_dump(m, ns, first_iface);
		r = ifw_linux_dump_sockets_of(&s->diag, &c, flt.bytecode_len ? &flt : NULL,
		                              *dumped_inet, err);
	}
	ifw_parse_ctx_free(&c);
	return r;
}

int ifw_linux_collect_ns(struct ifw_model *m, const struct ifw_ns_handle *h,
                         const struct ifw_collect_opts *o, struct ifw_err *err)
{
	bool dumped;
	return ifw_linux_collect_ns_plan(m, h, o, IFW_INET_DUMP_ALL, &dumped, err);
}

int ifw_linux_collect_ns_plan(struct ifw_model *m, const struct ifw_ns_handle *h,
                              const struct ifw_collect_opts *o, enum ifw_inet_dumps plan,
                              bool *dumped_inet, struct ifw_err *err)
{
	*dumped_inet = false;
	struct ifw_netns *ns = &m->netns.v[h->ns];
	struct ns_socks s;
	int saved = -1;
	if (!ns->is_self && ifw_linux_enter_ns(h->path, ns->inode, &saved, err) < 0)
		return -1;
	int r = open_socks(&s, err);
	ns->ip_forward = sysctl_flag("/proc/sys/net/ipv4/ip_forward");
	ns->ip6_forward = sysctl_flag("/proc/sys/net/ipv6/conf/all/forwarding");
	if (saved >= 0) {
		struct ifw_err lerr = {0};
		if (ifw_linux_leave_ns(saved, &lerr) < 0) {
			/* Staying in a foreign namespace would make every later fact wrong. */
			if (r == 0)
				close_socks(&s);
			*err = lerr;
			err->code = IFW_E_LIMIT;
			return -1;
		}
	}
	if (r < 0)
		return -1;
	char tag[64];
	snprintf(tag, sizeof(tag), "ns%u", (unsigned)h->ns);
	s.route.record_dir = s.diag.record_dir = o->record_dir;
	s.route.record_tag = s.diag.record_tag = tag;
	r = collect(m, &s, h->ns, o, plan, dumped_inet, err);
	close_socks(&s);
	if (r == 0)
		ns->collected = true;
	return r;
}
