/* RTM_NEWADDR -> address records. */
#include "collect/linux/rtnl_parse.h"

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

int ifw_rtnl_addr_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ifw_parse_ctx *c = data;
	if (nlh->nlmsg_type != RTM_NEWADDR ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(struct ifaddrmsg)) {
		c->m->skipped_records++;
		return MNL_CB_OK;
	}
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[IFA_MAX + 1];
	ifw_nla_table_msg(nlh, sizeof(*ifa), tb, IFA_MAX);
	struct ifw_ip local = {0}, address = {0};
	bool has_local = ifw_nla_ip(tb[IFA_LOCAL], &local);
	bool has_address = ifw_nla_ip(tb[IFA_ADDRESS], &address);
	if (!has_local && !has_address) {
		c->m->skipped_records++;
		return MNL_CB_OK;
	}
	/* Without a peer both attributes hold the local address; with one, IFA_ADDRESS is the
	 * peer (point-to-point) and IFA_LOCAL ours. IPv6 sends only IFA_ADDRESS. */
	struct ifw_addr *a = ifw_model_add_addr(c->m);
	if (!a) {
		c->oom = 1;
		return MNL_CB_ERROR;
	}
	a->ip = has_local ? local : address;
	if (has_local && has_address && !ifw_ip_eq(&local, &address))
		a->peer = address;
	a->plen = ifa->ifa_prefixlen;
	a->scope = ifa->ifa_scope;
	a->flags = tb[IFA_FLAGS] ? ifw_nla_u32(tb[IFA_FLAGS], 0) : ifa->ifa_flags;
	a->label = ifw_nla_str(c->m, tb[IFA_LABEL]);
	a->valid_lft = a->preferred_lft = UINT32_MAX;
	if (tb[IFA_CACHEINFO] &&
	    mnl_attr_get_payload_len(tb[IFA_CACHEINFO]) >= sizeof(struct ifa_cacheinfo)) {
		const struct ifa_cacheinfo *ci = mnl_attr_get_payload(tb[IFA_CACHEINFO]);
		a->valid_lft = ci->ifa_valid;
		a->preferred_lft = ci->ifa_prefered;
	}
	a->origin.src = "rtnetlink RTM_GETADDR";
	a->iface = ifw_parse_ctx_iface(c, (int32_t)ifa->ifa_index);
	if (a->iface == IFW_NOID)
		c->m->skipped_records++;
	return MNL_CB_OK;
}
