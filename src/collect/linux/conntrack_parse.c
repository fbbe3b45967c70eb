#include "collect/linux/conntrack_parse.h"
#include "collect/linux/nla_tiles.h"

#include <arpa/inet.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

static int ip_part(const struct nlattr *a, struct ifw_ct_tuple *t)
{
	if (!ifw_nla_nested_tiles(a))
		return -1;
	const struct nlattr *x;
	mnl_attr_for_each_nested(x, a)
	{
		uint16_t type = mnl_attr_get_type(x);
		size_t n = mnl_attr_get_payload_len(x);
		const void *p = mnl_attr_get_payload(x);
		switch (type) {
		case CTA_IP_V4_SRC:
		case CTA_IP_V4_DST:
			if (n != 4)
				return -1;
			ifw_ip_set(type == CTA_IP_V4_SRC ? &t->src : &t->dst, AF_INET, p);
			break;
		case CTA_IP_V6_SRC:
		case CTA_IP_V6_DST:
			if (n != 16)
				return -1;
			ifw_ip_set(type == CTA_IP_V6_SRC ? &t->src : &t->dst, AF_INET6, p);
			break;
		default:
			break;
		}
	}
	return 0;
}

static int proto_part(const struct nlattr *a, struct ifw_ct_tuple *t)
{
	if (!ifw_nla_nested_tiles(a))
		return -1;
	const struct nlattr *x;
	bool num = false;
	mnl_attr_for_each_nested(x, a)
	{
		switch (mnl_attr_get_type(x)) {
		case CTA_PROTO_NUM:
			if (mnl_attr_validate(x, MNL_TYPE_U8) < 0)
				return -1;
			t->l4proto = mnl_attr_get_u8(x);
			num = true;
			break;
		case CTA_PROTO_SRC_PORT:
		case CTA_PROTO_DST_PORT:
			if (mnl_attr_validate(x, MNL_TYPE_U16) < 0)
				return -1;
			*(mnl_attr_get_type(x) == CTA_PROTO_SRC_PORT ? &t->sport : &t->dport) =
			    ntohs(mnl_attr_get_u16(x));
			break;
		default:
			break;
		}
	}
	return num ? 0 : -1;
}

static int tuple(const struct nlattr *a, struct ifw_ct_tuple *t)
{
	if (!ifw_nla_nested_tiles(a))
		return -1;
	bool ip = false, proto = false;
	const struct nlattr *x;
	mnl_attr_for_each_nested(x, a)
	{
		if (mnl_attr_get_type(x) == CTA_TUPLE_IP) {
			if (ip_part(x, t) < 0)
				return -1;
			ip = true;
		} else if (mnl_attr_get_type(x) == CTA_TUPLE_PROTO) {
			if (proto_part(x, t) < 0)
				return -1;
			proto = true;
		}
	}
	/* Both addresses of one family: a tuple that names only one end is of no use. */
	return ip && proto && t->src.family && t->src.family == t->dst.family ? 0 : -1;
}

int ifw_ct_parse(const struct nlmsghdr *nlh, struct ifw_ct_entry *e)
{
	memset(e, 0, sizeof(*e));
	/* Unsigned checks: libmnl compares lengths as ints. */
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN)
		return -1;
	if (nlh->nlmsg_type >> 8 != NFNL_SUBSYS_CTNETLINK ||
	    (nlh->nlmsg_type & 0xff) != IPCTNL_MSG_CT_NEW)
		return 0;
	size_t hdr = MNL_ALIGN(sizeof(struct nfgenmsg));
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + hdr)
		return -1;
	if (!ifw_nla_tiles((const char *)mnl_nlmsg_get_payload(nlh) + hdr,
	                   mnl_nlmsg_get_payload_len(nlh) - hdr))
		return -1;
	bool orig = false, reply = false;
	const struct nlattr *a;
	mnl_attr_for_each(a, nlh, sizeof(struct nfgenmsg))
	{
		switch (mnl_attr_get_type(a)) {
		case CTA_TUPLE_ORIG:
			if (tuple(a, &e->orig) < 0)
				return -1;
			orig = true;
			break;
		case CTA_TUPLE_REPLY:
			if (tuple(a, &e->reply) < 0)
				return -1;
			reply = true;
			break;
		case CTA_STATUS:
			if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
				return -1;
			e->status = ntohl(mnl_attr_get_u32(a));
			break;
		default:
			break;
		}
	}
	return orig && reply ? 1 : -1;
}
