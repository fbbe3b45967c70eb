/* nftables rules through nfnetlink: only counted, and NAT statements (masquerade, snat, dnat)
 * noted, so a namespace that masquerades can be called a NAT router. */
#include "collect/linux/linux.h"

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <string.h>

static void expr(struct ifw_netns *ns, const struct nlattr *e)
{
	const struct nlattr *tb[NFTA_EXPR_MAX + 1];
	ifw_nla_table(e, tb, NFTA_EXPR_MAX);
	if (!tb[NFTA_EXPR_NAME])
		return;
	const char *name = mnl_attr_get_payload(tb[NFTA_EXPR_NAME]);
	size_t n = strnlen(name, mnl_attr_get_payload_len(tb[NFTA_EXPR_NAME]));
	if (n == 4 && memcmp(name, "masq", 4) == 0) {
		ns->nat_masq++;
	} else if (n == 3 && memcmp(name, "nat", 3) == 0) {
		const struct nlattr *d[NFTA_NAT_MAX + 1];
		ifw_nla_table(tb[NFTA_EXPR_DATA], d, NFTA_NAT_MAX);
		uint32_t type = ntohl(ifw_nla_u32(d[NFTA_NAT_TYPE], 0));
		if (type == NFT_NAT_DNAT)
			ns->nat_dnat++;
		else
			ns->nat_snat++;
	}
}

struct nft_ctx {
	struct ifw_model *m;
	ifw_id ns;
};

static int rule_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nft_ctx *c = data;
	if ((nlh->nlmsg_type & 0xff) != NFT_MSG_NEWRULE)
		return MNL_CB_OK;
	const struct nlattr *tb[NFTA_RULE_MAX + 1];
	ifw_nla_table_msg(nlh, sizeof(struct nfgenmsg), tb, NFTA_RULE_MAX);
	struct ifw_netns *ns = &c->m->netns.v[c->ns];
	ns->nft_rules++;
	if (!tb[NFTA_RULE_EXPRESSIONS])
		return MNL_CB_OK;
	const struct nlattr *e;
	mnl_attr_for_each_nested(e, tb[NFTA_RULE_EXPRESSIONS]) expr(ns, e);
	return MNL_CB_OK;
}

void ifw_linux_nft_rules(struct ifw_model *m, struct ifw_nl *nl, ifw_id ns)
{
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETRULE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	struct nfgenmsg *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->nfgen_family = NFPROTO_UNSPEC;
	g->version = NFNETLINK_V0;
	struct nft_ctx c = {m, ns};
	struct ifw_err err = {0};
	/* No nftables in this kernel or namespace is not an error: there are no rules to see. */
	ifw_nl_talk(nl, nlh, rule_cb, &c, "nft-rules", &err);
}
