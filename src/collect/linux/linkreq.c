/* What a captured netlink message or ioctl asks of the kernel. The BPF program copies bytes
 * blindly (any sendmsg whose first message looks like a link request), so every length is
 * checked here. */
#include "collect/linux/linkreq.h"

#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/if_tun.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <string.h>

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

/* Attributes after `hdr` bytes of header, within len bytes at p, into tb (bounded). */
static void attrs(const uint8_t *p, size_t len, size_t hdr, const struct nlattr **tb, unsigned max)
{
	memset(tb, 0, (max + 1) * sizeof(*tb));
	size_t off = MNL_ALIGN(hdr);
	while (off + sizeof(struct nlattr) <= len) {
		const struct nlattr *a = (const void *)(p + off);
		if (a->nla_len < sizeof(struct nlattr) || off + a->nla_len > len)
			break;
		unsigned t = a->nla_type & NLA_TYPE_MASK;
		if (t <= max)
			tb[t] = a;
		off += MNL_ALIGN(a->nla_len);
	}
}

static bool parse_netlink(const struct ifw_req_raw *r, struct ifw_linkreq *q)
{
	size_t len = r->msg_len < sizeof(r->msg) ? r->msg_len : sizeof(r->msg);
	if (len < sizeof(struct nlmsghdr) + sizeof(struct ifinfomsg))
		return false;
	struct nlmsghdr nlh;
	memcpy(&nlh, r->msg, sizeof(nlh));
	if (nlh.nlmsg_type != RTM_NEWLINK && nlh.nlmsg_type != RTM_DELLINK &&
	    nlh.nlmsg_type != RTM_SETLINK)
		return false;
	if (!(nlh.nlmsg_flags & NLM_F_REQUEST))
		return false;
	if (nlh.nlmsg_len < len)
		len = nlh.nlmsg_len; /* the first message only */
	const uint8_t *body = r->msg + sizeof(struct nlmsghdr);
	size_t blen = len - sizeof(struct nlmsghdr);
	struct ifinfomsg ifi;
	memcpy(&ifi, body, sizeof(ifi));
	q->ifindex = ifi.ifi_index;
	q->netns_pid = q->netns_fd = q->peer_netns_pid = q->peer_netns_fd = -1;
	q->op = nlh.nlmsg_type == RTM_DELLINK ? IFW_REQ_DELETE
	        : nlh.nlmsg_type == RTM_NEWLINK && (nlh.nlmsg_flags & NLM_F_CREATE)
	            ? IFW_REQ_CREATE
	            : IFW_REQ_CHANGE;
	/* aligned copies: attributes are read through struct pointers */
	uint8_t buf[IFW_REQ_MSG_MAX] __attribute__((aligned(4)));
	memcpy(buf, body, blen);
	const struct nlattr *tb[IFLA_MAX + 1];
	attrs(buf, blen, sizeof(struct ifinfomsg), tb, IFLA_MAX);
	copy_str(q->name, sizeof(q->name), tb[IFLA_IFNAME]);
	if (tb[IFLA_NET_NS_PID] && mnl_attr_get_payload_len(tb[IFLA_NET_NS_PID]) >= 4) {
		q->to_netns = true;
		q->netns_pid = (int32_t)mnl_attr_get_u32(tb[IFLA_NET_NS_PID]);
	}
	if (tb[IFLA_NET_NS_FD] && mnl_attr_get_payload_len(tb[IFLA_NET_NS_FD]) >= 4) {
		q->to_netns = true;
		q->netns_fd = (int32_t)mnl_attr_get_u32(tb[IFLA_NET_NS_FD]);
	}
	if (tb[IFLA_TARGET_NETNSID])
		q->to_netns = true; /* relative to the socket's namespace: not resolved here */
	if (tb[IFLA_LINKINFO]) {
		const struct nlattr *li = tb[IFLA_LINKINFO];
		const uint8_t *lp = mnl_attr_get_payload(li);
		const struct nlattr *ti[IFLA_INFO_MAX + 1];
		attrs(lp, mnl_attr_get_payload_len(li), 0, ti, IFLA_INFO_MAX);
		copy_str(q->kind, sizeof(q->kind), ti[IFLA_INFO_KIND]);
		if (ti[IFLA_INFO_DATA] && strcmp(q->kind, "veth") == 0) {
			const struct nlattr *vi[VETH_INFO_MAX + 1];
			attrs(mnl_attr_get_payload(ti[IFLA_INFO_DATA]),
			      mnl_attr_get_payload_len(ti[IFLA_INFO_DATA]), 0, vi, VETH_INFO_MAX);
			if (vi[VETH_INFO_PEER]) {
				/* the peer: an ifinfomsg, then its own attributes */
				const struct nlattr *pt[IFLA_MAX + 1];
				attrs(mnl_attr_get_payload(vi[VETH_INFO_PEER]),
				      mnl_attr_get_payload_len(vi[VETH_INFO_PEER]),
				      sizeof(struct ifinfomsg), pt, IFLA_MAX);
				copy_str(q->peer, sizeof(q->peer), pt[IFLA_IFNAME]);
				if (pt[IFLA_NET_NS_PID] &&
				    mnl_attr_get_payload_len(pt[IFLA_NET_NS_PID]) >= 4) {
					q->peer_to_netns = true;
					q->peer_netns_pid =
					    (int32_t)mnl_attr_get_u32(pt[IFLA_NET_NS_PID]);
				}
				if (pt[IFLA_NET_NS_FD] &&
				    mnl_attr_get_payload_len(pt[IFLA_NET_NS_FD]) >= 4) {
					q->peer_to_netns = true;
					q->peer_netns_fd =
					    (int32_t)mnl_attr_get_u32(pt[IFLA_NET_NS_FD]);
				}
			}
		}
	}
	return true;
}

bool ifw_linkreq_parse(const struct ifw_req_raw *r, struct ifw_linkreq *q)
{
	memset(q, 0, sizeof(*q));
	if (r->source == IFW_REQ_TUNSETIFF) {
		struct ifreq ifr;
		if (r->msg_len < sizeof(ifr.ifr_name) + 2)
			return false;
		memcpy(ifr.ifr_name, r->msg, sizeof(ifr.ifr_name));
		ifr.ifr_name[IFNAMSIZ - 1] = '\0';
		uint16_t flags;
		memcpy(&flags, r->msg + IFNAMSIZ, 2);
		q->op = IFW_REQ_TUN;
		/* "tun%d": the kernel picks the number */
		if (!strchr(ifr.ifr_name, '%'))
			memcpy(q->name, ifr.ifr_name, sizeof(q->name));
		strcpy(q->kind, (flags & IFF_TAP) ? "tap" : "tun");
		return true;
	}
	return parse_netlink(r, q);
}
