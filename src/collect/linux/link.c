/* RTM_NEWLINK -> interface records. */
#include "collect/linux/rtnl_parse.h"

#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <string.h>

static void parse_altnames(struct ifw_parse_ctx *c, struct ifw_iface *f, const struct nlattr *list)
{
	const struct nlattr *a;
	size_t n = 0;
	mnl_attr_for_each_nested(a, list) if (mnl_attr_get_type(a) == IFLA_ALT_IFNAME) n++;
	if (!n)
		return;
	f->altnames = ifw_arena_alloc(&c->m->arena, n * sizeof(*f->altnames));
	if (!f->altnames) {
		c->oom = 1;
		return;
	}
	mnl_attr_for_each_nested(a, list)
	{
		if (mnl_attr_get_type(a) == IFLA_ALT_IFNAME && f->n_altnames < n)
			f->altnames[f->n_altnames++] = ifw_nla_str(c->m, a);
	}
}

static void parse_linkinfo(struct ifw_parse_ctx *c, struct ifw_iface *f, const struct nlattr *li)
{
	const struct nlattr *tb[IFLA_INFO_MAX + 1];
	ifw_nla_table(li, tb, IFLA_INFO_MAX);
	f->kind = ifw_nla_str(c->m, tb[IFLA_INFO_KIND]);
	f->slave_kind = ifw_nla_str(c->m, tb[IFLA_INFO_SLAVE_KIND]);
	if (f->kind && tb[IFLA_INFO_DATA])
		ifw_rtnl_parse_linkinfo_data(f, f->kind, tb[IFLA_INFO_DATA]);
}

static void parse_stats(struct ifw_iface *f, const struct nlattr *a)
{
	struct rtnl_link_stats64 st;
	if (!a || mnl_attr_get_payload_len(a) < sizeof(st))
		return;
	memcpy(&st, mnl_attr_get_payload(a), sizeof(st));
	f->stats.present = true;
	f->stats.rx_packets = st.rx_packets;
	f->stats.tx_packets = st.tx_packets;
	f->stats.rx_bytes = st.rx_bytes;
	f->stats.tx_bytes = st.tx_bytes;
	f->stats.rx_errors = st.rx_errors;
	f->stats.tx_errors = st.tx_errors;
	f->stats.rx_dropped = st.rx_dropped;
	f->stats.tx_dropped = st.tx_dropped;
}

static void copy_mac(const struct nlattr *a, uint8_t *dst, uint8_t *len)
{
	if (!a)
		return;
	size_t n = mnl_attr_get_payload_len(a);
	if (n > 32)
		n = 32;
	memcpy(dst, mnl_attr_get_payload(a), n);
	*len = (uint8_t)n;
}

int ifw_rtnl_link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ifw_parse_ctx *c = data;
	if (nlh->nlmsg_type != RTM_NEWLINK ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(struct ifinfomsg)) {
		c->m->skipped_records++;
		return MNL_CB_OK;
	}
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[IFLA_MAX + 1];
	ifw_nla_table_msg(nlh, sizeof(*ifi), tb, IFLA_MAX);
	if (!tb[IFLA_IFNAME] || ifi->ifi_index <= 0) {
		c->m->skipped_records++;
		return MNL_CB_OK;
	}
	struct ifw_iface *f = ifw_model_add_iface(c->m, c->ns);
	if (!f) {
		c->oom = 1;
		return MNL_CB_ERROR;
	}
	f->ifindex = ifi->ifi_index;
	f->arptype = ifi->ifi_type;
	f->flags = ifi->ifi_flags;
	f->name = ifw_nla_str(c->m, tb[IFLA_IFNAME]);
	f->alias = ifw_nla_str(c->m, tb[IFLA_IFALIAS]);
	f->mtu = ifw_nla_u32(tb[IFLA_MTU], 0);
	f->min_mtu = ifw_nla_u32(tb[IFLA_MIN_MTU], 0);
	f->max_mtu = ifw_nla_u32(tb[IFLA_MAX_MTU], 0);
	f->txqlen = ifw_nla_u32(tb[IFLA_TXQLEN], 0);
	f->operstate = ifw_nla_u8(tb[IFLA_OPERSTATE], 0);
	f->carrier = tb[IFLA_CARRIER] ? (int8_t)(ifw_nla_u8(tb[IFLA_CARRIER], 0) != 0) : -1;
	f->link_ifindex = (int32_t)ifw_nla_u32(tb[IFLA_LINK], 0);
	f->link_nsid = tb[IFLA_LINK_NETNSID] ? (int32_t)ifw_nla_u32(tb[IFLA_LINK_NETNSID], 0) : -1;
	f->master_ifindex = (int32_t)ifw_nla_u32(tb[IFLA_MASTER], 0);
	f->qdisc = ifw_nla_str(c->m, tb[IFLA_QDISC]);
	f->bus_info = ifw_nla_str(c->m, tb[IFLA_PARENT_DEV_NAME]);
	if (tb[IFLA_PARENT_DEV_BUS_NAME])
		f->bus = ifw_nla_str(c->m, tb[IFLA_PARENT_DEV_BUS_NAME]);
	copy_mac(tb[IFLA_ADDRESS], f->mac, &f->mac_len);
	copy_mac(tb[IFLA_PERM_ADDRESS], f->perm_mac, &f->perm_mac_len);
	if (tb[IFLA_PROP_LIST])
		parse_altnames(c, f, tb[IFLA_PROP_LIST]);
	if (tb[IFLA_LINKINFO])
		parse_linkinfo(c, f, tb[IFLA_LINKINFO]);
	parse_stats(f, tb[IFLA_STATS64]);
	f->origin.src = "rtnetlink RTM_GETLINK";
	if (!f->name)
		c->oom = 1;
	return c->oom ? MNL_CB_ERROR : MNL_CB_OK;
}
