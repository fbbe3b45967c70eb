/* Link and address notifications of every namespace through one socket (see linkwatch.h), and
 * the id and link-dump requests that go with it. */
#include "collect/linux/linkwatch.h"
#include "collect/linux/linux.h"
#include "collect/linux/nl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/net_namespace.h>
#include <stdlib.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

uint64_t ifw_netns_inode_of(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (uint64_t)st.st_ino : 0;
}

static void copy_str(char *dst, size_t cap, const struct nlattr *a)
{
	dst[0] = '\0';
	if (!a)
		return;
	size_t n = mnl_attr_get_payload_len(a);
	const char *s = mnl_attr_get_payload(a);
	size_t i = 0;
	for (; i < n && i + 1 < cap && s[i]; i++)
		dst[i] = s[i];
	dst[i] = '\0';
}

static bool parse_link(const struct nlmsghdr *nlh, struct ifw_lev *ev)
{
	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg)))
		return false;
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	ev->type = nlh->nlmsg_type == RTM_NEWLINK ? IFW_LEV_LINK_NEW : IFW_LEV_LINK_DEL;
	ev->ifindex = ifi->ifi_index;
	const struct nlattr *tb[IFLA_MAX + 1];
	ifw_nla_table_msg(nlh, sizeof(*ifi), tb, IFLA_MAX);
	copy_str(ev->name, sizeof(ev->name), tb[IFLA_IFNAME]);
	if (tb[IFLA_LINKINFO]) {
		const struct nlattr *li[IFLA_INFO_MAX + 1];
		ifw_nla_table(tb[IFLA_LINKINFO], li, IFLA_INFO_MAX);
		copy_str(ev->kind, sizeof(ev->kind), li[IFLA_INFO_KIND]);
	}
	if (tb[IFLA_NEW_NETNSID] && mnl_attr_get_payload_len(tb[IFLA_NEW_NETNSID]) >= 4)
		ev->new_nsid = (int32_t)mnl_attr_get_u32(tb[IFLA_NEW_NETNSID]);
	if (tb[IFLA_NEW_IFINDEX] && mnl_attr_get_payload_len(tb[IFLA_NEW_IFINDEX]) >= 4)
		ev->new_ifindex = (int32_t)mnl_attr_get_u32(tb[IFLA_NEW_IFINDEX]);
	return true;
}

static bool parse_addr(const struct nlmsghdr *nlh, struct ifw_lev *ev)
{
	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifaddrmsg)))
		return false;
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	ev->type = nlh->nlmsg_type == RTM_NEWADDR ? IFW_LEV_ADDR_NEW : IFW_LEV_ADDR_DEL;
	ev->ifindex = (int32_t)ifa->ifa_index;
	const struct nlattr *tb[IFA_MAX + 1];
	ifw_nla_table_msg(nlh, sizeof(*ifa), tb, IFA_MAX);
	const struct nlattr *a = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	char buf[INET6_ADDRSTRLEN] = "";
	if (a && ((ifa->ifa_family == AF_INET && mnl_attr_get_payload_len(a) == 4) ||
	          (ifa->ifa_family == AF_INET6 && mnl_attr_get_payload_len(a) == 16)))
		inet_ntop(ifa->ifa_family, mnl_attr_get_payload(a), buf, sizeof(buf));
	snprintf(ev->addr, sizeof(ev->addr), "%s/%u", buf, ifa->ifa_prefixlen);
	copy_str(ev->name, sizeof(ev->name), tb[IFA_LABEL]);
	return true;
}

bool ifw_lev_parse(const void *msg, struct ifw_lev *ev)
{
	const struct nlmsghdr *nlh = msg;
	memset(ev, 0, sizeof(*ev));
	ev->new_nsid = -1;
	ev->new_ifindex = -1;
	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		return parse_link(nlh, ev);
	case RTM_NEWADDR:
	case RTM_DELADDR:
		return parse_addr(nlh, ev);
	default:
		return false;
	}
}

struct dump_ctx {
	struct ifw_lev *v;
	size_t cap, n;
	bool intr; /* the links changed during the dump: it may lack some */
};

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *d = data;
	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		d->intr = true;
	struct ifw_lev ev;
	if (d->n < d->cap && ifw_lev_parse(nlh, &ev) && ev.type == IFW_LEV_LINK_NEW)
		d->v[d->n++] = ev;
	return MNL_CB_OK;
}

int ifw_rtwatch_open(struct ifw_rtwatch *w, int rcvbuf, struct ifw_err *err)
{
	memset(w, 0, sizeof(*w));
	w->fd = -1;
	struct mnl_socket *sk = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (!sk)
		return ifw_fail_errno(err, errno, "rtnetlink socket");
	unsigned groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR;
	int fd = mnl_socket_get_fd(sk);
	int one = 1, g = RTNLGRP_NSID;
	if (mnl_socket_bind(sk, groups, MNL_SOCKET_AUTOPID) < 0 ||
	    setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &g, sizeof(g)) < 0) {
		int e = errno;
		mnl_socket_close(sk);
		return ifw_fail_errno(err, e, "joining the rtnetlink link and address groups");
	}
	/* Other namespaces' notifications need CAP_NET_BROADCAST over them: without it, only
	 * our own namespace is heard. */
	w->all_ns = setsockopt(fd, SOL_NETLINK, NETLINK_LISTEN_ALL_NSID, &one, sizeof(one)) == 0;
	/* a small queue (IFWHO_WATCH_RCVBUF) tests what happens when it overflows */
	if (rcvbuf <= 0)
		rcvbuf = 16 << 20;
	/* A storm of creations must not overflow the queue; FORCE works for root only. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	struct ifw_nl *nl = calloc(1, sizeof(*nl));
	if (!nl || ifw_nl_open(nl, NETLINK_ROUTE, err) < 0) {
		if (!nl)
			ifw_fail(err, IFW_E_NOMEM, "out of memory");
		free(nl);
		mnl_socket_close(sk);
		return -1;
	}
	w->sk = sk;
	w->fd = fd;
	w->req = nl;
	return 0;
}

void ifw_rtwatch_close(struct ifw_rtwatch *w)
{
	if (w->sk)
		mnl_socket_close(w->sk);
	if (w->req) {
		ifw_nl_close(w->req);
		free(w->req);
	}
	memset(w, 0, sizeof(*w));
	w->fd = -1;
}

/* Drops whatever an earlier exchange that failed half-way left on the request socket: its
 * sequence number would fail the next one. */
static void drain_stale(struct ifw_nl *nl)
{
	char buf[8192];
	while (recv(mnl_socket_get_fd(nl->sk), buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

static int32_t ask_nsid(struct ifw_nl *nl, int nsfd, int type, struct ifw_err *err)
{
	drain_stale(nl);
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = (uint16_t)type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	struct rtgenmsg *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NETNSA_FD, (uint32_t)nsfd);
	if (type == RTM_NEWNSID)
		mnl_attr_put_u32(nlh, NETNSA_NSID, (uint32_t)-1); /* the kernel picks one */
	struct ifw_nsid_reply r = {-1, false};
	if (ifw_nl_talk(nl, nlh, ifw_nsid_reply_cb, &r, "nsid", err) < 0)
		return -2;
	return r.got ? r.nsid : -1;
}

int32_t ifw_rtwatch_nsid(struct ifw_rtwatch *w, const char *path, uint64_t inode,
                         struct ifw_err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ifw_fail_errno(err, errno, "%s", path);
	struct stat st;
	if (fstat(fd, &st) < 0 || (uint64_t)st.st_ino != inode) {
		close(fd);
		return ifw_fail(err, IFW_E_NOTFOUND, "namespace at %s is gone", path);
	}
	int32_t id = ask_nsid(w->req, fd, RTM_GETNSID, err);
	if (id == -1) {
		if (ask_nsid(w->req, fd, RTM_NEWNSID, err) == -2 && err->errno_val != EEXIST)
			id = -2;
		else
			id = ask_nsid(w->req, fd, RTM_GETNSID, err);
	}
	close(fd);
	if (id < 0)
		return id == -1 ? ifw_fail(err, IFW_E_NOTFOUND, "no id for namespace %s", path)
		                : -1;
	return id;
}

/* NLMSG_DONE of a dump carries an error code, and may carry NLM_F_DUMP_INTR: libmnl's default
 * handling ignores both, and a list cut short would read as links deleted. */
static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *d = data;
	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		d->intr = true;
	int32_t e = 0;
	if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(e)))
		memcpy(&e, mnl_nlmsg_get_payload(nlh), sizeof(e));
	if (e == -EINTR) /* the kernel's way of saying the links changed under the dump */
		d->intr = true;
	else if (e < 0) {
		errno = -e;
		return MNL_CB_ERROR;
	}
	return MNL_CB_STOP;
}

static int dump_once(struct ifw_rtwatch *w, int32_t nsid, struct dump_ctx *d, struct ifw_err *err)
{
	struct ifw_nl *nl = w->req;
	char req_buf[512];
	struct nlmsghdr *req = mnl_nlmsg_put_header(req_buf);
	req->nlmsg_type = RTM_GETLINK;
	req->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req->nlmsg_seq = ++nl->seq;
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(req, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	if (nsid >= 0)
		mnl_attr_put_u32(req, IFLA_TARGET_NETNSID, (uint32_t)nsid);
	static char buf[1 << 16] __attribute__((aligned(8)));
	drain_stale(nl);
	if (mnl_socket_sendto(nl->sk, req, req->nlmsg_len) < 0)
		return ifw_fail_errno(err, errno, "link dump request");
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = {0};
	ctl[NLMSG_DONE] = done_cb;
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl->sk, buf, sizeof(buf));
		if (n < 0)
			return ifw_fail_errno(err, errno, "link dump");
		int rc = mnl_cb_run2(buf, (size_t)n, req->nlmsg_seq, nl->portid, dump_cb, d, ctl,
		                     NLMSG_MIN_TYPE);
		if (rc == MNL_CB_STOP)
			return 0;
		if (rc < 0)
			return ifw_fail_errno(err, errno, "link dump");
	}
}

int ifw_rtwatch_dump_links(struct ifw_rtwatch *w, int32_t nsid, struct ifw_lev *out, size_t cap,
                           size_t *n, struct ifw_err *err)
{
	/* A dump is not a snapshot: links made or deleted meanwhile may be missing from it
	 * (NLM_F_DUMP_INTR). Ask again a few times; say if it never came out whole. */
	for (int attempt = 0;; attempt++) {
		struct dump_ctx d = {out, cap, 0, false};
		int rc = dump_once(w, nsid, &d, err);
		*n = d.n;
		if (rc < 0)
			return -1;
		if (!d.intr)
			return 0;
		if (attempt == 4)
			return 1;
	}
}

int ifw_rtwatch_read(struct ifw_rtwatch *w, ifw_lev_cb cb, void *data, bool *overrun)
{
	static char buf[1 << 16] __attribute__((aligned(8)));
	for (;;) {
		char cbuf[CMSG_SPACE(sizeof(int))];
		struct iovec iov = {buf, sizeof(buf)};
		struct msghdr mh = {.msg_iov = &iov,
		                    .msg_iovlen = 1,
		                    .msg_control = cbuf,
		                    .msg_controllen = sizeof(cbuf)};
		ssize_t r = recvmsg(w->fd, &mh, MSG_DONTWAIT);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				*overrun = true;
				continue;
			}
			return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
		}
		if (r == 0)
			return 0;
		/* The namespace's id rides along as a control message; none: our own. */
		int32_t nsid = -1;
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
			if (c->cmsg_level == SOL_NETLINK &&
			    c->cmsg_type == NETLINK_LISTEN_ALL_NSID &&
			    c->cmsg_len >= CMSG_LEN(sizeof(int)))
				memcpy(&nsid, CMSG_DATA(c), sizeof(nsid));
		int len = (int)r;
		for (const struct nlmsghdr *nlh = (const void *)buf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_type == RTM_NEWNSID || nlh->nlmsg_type == RTM_DELNSID) {
				/* other namespaces' ids for each other are theirs */
				const struct nlattr *tb[NETNSA_MAX + 1];
				ifw_nla_table_msg(nlh, sizeof(struct rtgenmsg), tb, NETNSA_MAX);
				if (nsid != -1 || !tb[NETNSA_NSID])
					continue;
				struct ifw_lev ev;
				memset(&ev, 0, sizeof(ev));
				ev.type = nlh->nlmsg_type == RTM_NEWNSID ? IFW_LEV_NSID_NEW
				                                         : IFW_LEV_NSID_DEL;
				ev.ifindex = (int32_t)ifw_nla_u32(tb[NETNSA_NSID], (uint32_t)-1);
				ev.new_nsid = ev.new_ifindex = -1;
				cb(nsid, &ev, data);
				continue;
			}
			struct ifw_lev ev;
			if (ifw_lev_parse(nlh, &ev))
				cb(nsid, &ev, data);
		}
	}
}
