/* RTM_NEWROUTE and RTM_NEWRULE -> route and policy-rule records. */
#include "collect/linux/rtnl_parse.h"

#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

/* The first nexthop of a multipath route names an interface; the others are counted. */
static void first_nexthop(struct ifw_route *r, const struct nlattr *mp)
{
	size_t len = mnl_attr_get_payload_len(mp);
	const unsigned char *p = mnl_attr_get_payload(mp);
	if (len < sizeof(struct rtnexthop))
		return;
	const struct rtnexthop *nh = (const struct rtnexthop *)p;
	if (nh->rtnh_len < sizeof(*nh) || nh->rtnh_len > len)
		return;
	r->oif = nh->rtnh_ifindex;
	size_t alen = nh->rtnh_len - RTNH_ALIGN(sizeof(*nh));
	const unsigned char *ap = p + RTNH_ALIGN(sizeof(*nh));
	while ((size_t)nh->rtnh_len >= RTNH_ALIGN(sizeof(*nh)) && alen >= sizeof(struct nlattr)) {
		const struct nlattr *a = (const struct nlattr *)ap;
		if (a->nla_len < sizeof(*a) || a->nla_len > alen)
			break;
		if (mnl_attr_get_type(a) == RTA_GATEWAY)
			ifw_nla_ip(a, &r->gateway);
		size_t step = MNL_ALIGN(a->nla_len);
		if (step >= alen)
			break;
		ap += step;
		alen -= step;
	}
	r->multipath = (size_t)RTNH_ALIGN(nh->rtnh_len) < len;
}

int ifw_rtnl_route_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ifw_parse_ctx *c = data;
	if (nlh->nlmsg_type != RTM_NEWROUTE ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(struct rtmsg)) {
		c->m->skipped_records++;
		return MNL_CB_OK;
	}
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	if (rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6)
		return MNL_CB_OK; /* MPLS and others: not about interfaces we explain */
	const struct nlattr *tb[RTA_MAX + 1];
	ifw_nla_table_msg(nlh, sizeof(*rtm), tb, RTA_MAX);
	struct ifw_route *r = ifw_model_add_route(c->m, c->ns);
	if (!r) {
		c->oom = 1;
		return MNL_CB_ERROR;
	}
	r->family = rtm->rtm_family;
	r->dst_len = rtm->rtm_dst_len;
	r->src_len = rtm->rtm_src_len;
	r->protocol = rtm->rtm_protocol;
	r->scope = rtm->rtm_scope;
	r->type = rtm->rtm_type;
	r->table = tb[RTA_TABLE] ? ifw_nla_u32(tb[RTA_TABLE], 0) : rtm->rtm_table;
	if (!ifw_nla_ip(tb[RTA_DST], &r->dst))
		r->dst.family = rtm->rtm_family; /* default route: all zeros */
	ifw_nla_ip(tb[RTA_SRC], &r->src);
	ifw_nla_ip(tb[RTA_GATEWAY], &r->gateway);
	ifw_nla_ip(tb[RTA_PREFSRC], &r->prefsrc);
	r->oif = (int32_t)ifw_nla_u32(tb[RTA_OIF], 0);
	r->metric = ifw_nla_u32(tb[RTA_PRIORITY], 0);
	if (tb[RTA_MULTIPATH])
		first_nexthop(r, tb[RTA_MULTIPATH]);
	r->iface = ifw_parse_ctx_iface(c, r->oif);
	r->origin.src = "rtnetlink RTM_GETROUTE";
	return MNL_CB_OK;
}

int ifw_rtnl_rule_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ifw_parse_ctx *c = data;
	if (nlh->nlmsg_type != RTM_NEWRULE ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(struct fib_rule_hdr)) {
		c->m->skipped_records++;
		return MNL_CB_OK;
	}
	const struct fib_rule_hdr *frh = mnl_nlmsg_get_payload(nlh);
	if (frh->family != AF_INET && frh->family != AF_INET6)
		return MNL_CB_OK;
	const struct nlattr *tb[FRA_MAX + 1];
	ifw_nla_table_msg(nlh, sizeof(*frh), tb, FRA_MAX);
	struct ifw_policy_rule *r = ifw_model_add_policy_rule(c->m, c->ns);
	if (!r) {
		c->oom = 1;
		return MNL_CB_ERROR;
	}
	r->family = frh->family;
	r->action = frh->action;
	r->src_len = frh->src_len;
	r->dst_len = frh->dst_len;
	r->priority = ifw_nla_u32(tb[FRA_PRIORITY], 0);
	r->table = tb[FRA_TABLE] ? ifw_nla_u32(tb[FRA_TABLE], 0) : frh->table;
	ifw_nla_ip(tb[FRA_SRC], &r->src);
	ifw_nla_ip(tb[FRA_DST], &r->dst);
	r->iifname = ifw_nla_str(c->m, tb[FRA_IIFNAME]);
	r->oifname = ifw_nla_str(c->m, tb[FRA_OIFNAME]);
	r->has_fwmark = tb[FRA_FWMARK] != NULL;
	r->fwmark = ifw_nla_u32(tb[FRA_FWMARK], 0);
	r->fwmask = ifw_nla_u32(tb[FRA_FWMASK], 0);
	r->origin.src = "rtnetlink RTM_GETRULE";
	return MNL_CB_OK;
}
