/* IFLA_INFO_DATA: the details each interface kind reports about itself. */
#include "collect/linux/rtnl_parse.h"

#include <arpa/inet.h>
#include <linux/if_link.h>
#include <linux/if_tunnel.h>
#include <string.h>

static void tun(struct ifw_iface *f, const struct nlattr *data)
{
	const struct nlattr *tb[IFLA_TUN_MAX + 1];
	ifw_nla_table(data, tb, IFLA_TUN_MAX);
	struct ifw_link_info *i = &f->info;
	uint8_t type = ifw_nla_u8(tb[IFLA_TUN_TYPE], 0);
	i->tun_type = type == 1 ? IFW_TUN_TUN : type == 2 ? IFW_TUN_TAP : IFW_TUN_NONE;
	i->tun_pi = ifw_nla_u8(tb[IFLA_TUN_PI], 0);
	i->tun_vnet_hdr = ifw_nla_u8(tb[IFLA_TUN_VNET_HDR], 0);
	i->tun_persist = ifw_nla_u8(tb[IFLA_TUN_PERSIST], 0);
	i->tun_multi_queue = ifw_nla_u8(tb[IFLA_TUN_MULTI_QUEUE], 0);
	i->tun_queues = ifw_nla_u32(tb[IFLA_TUN_NUM_QUEUES], 0);
	i->tun_disabled_queues = ifw_nla_u32(tb[IFLA_TUN_NUM_DISABLED_QUEUES], 0);
	/* The kernel leaves owner and group out when they are unset (-1). */
	if (tb[IFLA_TUN_OWNER]) {
		i->has_tun_owner = true;
		i->tun_owner = ifw_nla_u32(tb[IFLA_TUN_OWNER], 0);
	}
	if (tb[IFLA_TUN_GROUP]) {
		i->has_tun_group = true;
		i->tun_group = ifw_nla_u32(tb[IFLA_TUN_GROUP], 0);
	}
}

static void vxlan(struct ifw_iface *f, const struct nlattr *data)
{
	const struct nlattr *tb[IFLA_VXLAN_MAX + 1];
	ifw_nla_table(data, tb, IFLA_VXLAN_MAX);
	struct ifw_link_info *i = &f->info;
	i->has_vni = tb[IFLA_VXLAN_ID] != NULL;
	i->vni = ifw_nla_u32(tb[IFLA_VXLAN_ID], 0);
	if (!ifw_nla_ip(tb[IFLA_VXLAN_GROUP], &i->vx_remote))
		ifw_nla_ip(tb[IFLA_VXLAN_GROUP6], &i->vx_remote);
	if (!ifw_nla_ip(tb[IFLA_VXLAN_LOCAL], &i->vx_local))
		ifw_nla_ip(tb[IFLA_VXLAN_LOCAL6], &i->vx_local);
	i->vx_port = ntohs(ifw_nla_u16(tb[IFLA_VXLAN_PORT], 0));
	i->vx_link = (int32_t)ifw_nla_u32(tb[IFLA_VXLAN_LINK], 0);
	i->vx_learning = ifw_nla_u8(tb[IFLA_VXLAN_LEARNING], 0);
}

static void geneve(struct ifw_iface *f, const struct nlattr *data)
{
	const struct nlattr *tb[IFLA_GENEVE_MAX + 1];
	ifw_nla_table(data, tb, IFLA_GENEVE_MAX);
	struct ifw_link_info *i = &f->info;
	i->has_vni = tb[IFLA_GENEVE_ID] != NULL;
	i->vni = ifw_nla_u32(tb[IFLA_GENEVE_ID], 0);
	if (!ifw_nla_ip(tb[IFLA_GENEVE_REMOTE], &i->vx_remote))
		ifw_nla_ip(tb[IFLA_GENEVE_REMOTE6], &i->vx_remote);
	i->vx_port = ntohs(ifw_nla_u16(tb[IFLA_GENEVE_PORT], 0));
}

static void vlan(struct ifw_iface *f, const struct nlattr *data)
{
	const struct nlattr *tb[IFLA_VLAN_MAX + 1];
	ifw_nla_table(data, tb, IFLA_VLAN_MAX);
	f->info.vlan_id = ifw_nla_u16(tb[IFLA_VLAN_ID], 0);
	f->info.vlan_proto = ntohs(ifw_nla_u16(tb[IFLA_VLAN_PROTOCOL], 0));
}

static void bridge(struct ifw_iface *f, const struct nlattr *data)
{
	const struct nlattr *tb[IFLA_BR_MAX + 1];
	ifw_nla_table(data, tb, IFLA_BR_MAX);
	f->info.has_bridge = true;
	f->info.br_stp_state = ifw_nla_u32(tb[IFLA_BR_STP_STATE], 0);
	f->info.br_forward_delay = ifw_nla_u32(tb[IFLA_BR_FORWARD_DELAY], 0);
	f->info.br_vlan_filtering = ifw_nla_u8(tb[IFLA_BR_VLAN_FILTERING], 0);
}

/* gre, gretap, ip6gre, ip6gretap, erspan share IFLA_GRE_*. */
static void gre(struct ifw_iface *f, const struct nlattr *data)
{
	const struct nlattr *tb[IFLA_GRE_MAX + 1];
	ifw_nla_table(data, tb, IFLA_GRE_MAX);
	struct ifw_link_info *i = &f->info;
	i->has_tnl = true;
	ifw_nla_ip(tb[IFLA_GRE_LOCAL], &i->tnl_local);
	ifw_nla_ip(tb[IFLA_GRE_REMOTE], &i->tnl_remote);
	i->tnl_link = (int32_t)ifw_nla_u32(tb[IFLA_GRE_LINK], 0);
	i->tnl_ttl = ifw_nla_u8(tb[IFLA_GRE_TTL], 0);
	i->tnl_ikey = ntohl(ifw_nla_u32(tb[IFLA_GRE_IKEY], 0));
	i->tnl_okey = ntohl(ifw_nla_u32(tb[IFLA_GRE_OKEY], 0));
}

/* ipip, sit, ip6tnl share IFLA_IPTUN_*. */
static void iptun(struct ifw_iface *f, const struct nlattr *data)
{
	const struct nlattr *tb[IFLA_IPTUN_MAX + 1];
	ifw_nla_table(data, tb, IFLA_IPTUN_MAX);
	struct ifw_link_info *i = &f->info;
	i->has_tnl = true;
	ifw_nla_ip(tb[IFLA_IPTUN_LOCAL], &i->tnl_local);
	ifw_nla_ip(tb[IFLA_IPTUN_REMOTE], &i->tnl_remote);
	i->tnl_link = (int32_t)ifw_nla_u32(tb[IFLA_IPTUN_LINK], 0);
	i->tnl_ttl = ifw_nla_u8(tb[IFLA_IPTUN_TTL], 0);
}

static void vti(struct ifw_iface *f, const struct nlattr *data)
{
	const struct nlattr *tb[IFLA_VTI_MAX + 1];
	ifw_nla_table(data, tb, IFLA_VTI_MAX);
	struct ifw_link_info *i = &f->info;
	i->has_tnl = true;
	ifw_nla_ip(tb[IFLA_VTI_LOCAL], &i->tnl_local);
	ifw_nla_ip(tb[IFLA_VTI_REMOTE], &i->tnl_remote);
	i->tnl_link = (int32_t)ifw_nla_u32(tb[IFLA_VTI_LINK], 0);
	i->tnl_ikey = ntohl(ifw_nla_u32(tb[IFLA_VTI_IKEY], 0));
	i->tnl_okey = ntohl(ifw_nla_u32(tb[IFLA_VTI_OKEY], 0));
}

static void xfrm(struct ifw_iface *f, const struct nlattr *data)
{
	const struct nlattr *tb[IFLA_XFRM_MAX + 1];
	ifw_nla_table(data, tb, IFLA_XFRM_MAX);
	f->info.has_xfrm_if_id = tb[IFLA_XFRM_IF_ID] != NULL;
	f->info.xfrm_if_id = ifw_nla_u32(tb[IFLA_XFRM_IF_ID], 0);
	f->info.tnl_link = (int32_t)ifw_nla_u32(tb[IFLA_XFRM_LINK], 0);
}

static void macvlan(struct ifw_iface *f, const struct nlattr *data)
{
	const struct nlattr *tb[IFLA_MACVLAN_MAX + 1];
	ifw_nla_table(data, tb, IFLA_MACVLAN_MAX);
	f->info.macvlan_mode = ifw_nla_u32(tb[IFLA_MACVLAN_MODE], 0);
}

static void ipvlan(struct ifw_iface *f, const struct nlattr *data)
{
	const struct nlattr *tb[IFLA_IPVLAN_MAX + 1];
	ifw_nla_table(data, tb, IFLA_IPVLAN_MAX);
	f->info.ipvlan_mode = ifw_nla_u16(tb[IFLA_IPVLAN_MODE], 0);
}

static void bond(struct ifw_iface *f, const struct nlattr *data)
{
	const struct nlattr *tb[IFLA_BOND_MAX + 1];
	ifw_nla_table(data, tb, IFLA_BOND_MAX);
	f->info.has_bond_mode = tb[IFLA_BOND_MODE] != NULL;
	f->info.bond_mode = ifw_nla_u8(tb[IFLA_BOND_MODE], 0);
}

static const struct {
	const char *kind;
	void (*parse)(struct ifw_iface *, const struct nlattr *);
} parsers[] = {
    {"tun", tun},       {"vxlan", vxlan},     {"geneve", geneve},   {"vlan", vlan},
    {"bridge", bridge}, {"gre", gre},         {"gretap", gre},      {"ip6gre", gre},
    {"ip6gretap", gre}, {"erspan", gre},      {"ip6erspan", gre},   {"ipip", iptun},
    {"sit", iptun},     {"ip6tnl", iptun},    {"vti", vti},         {"vti6", vti},
    {"xfrm", xfrm},     {"macvlan", macvlan}, {"macvtap", macvlan}, {"ipvlan", ipvlan},
    {"ipvtap", ipvlan}, {"bond", bond},
};

void ifw_rtnl_parse_linkinfo_data(struct ifw_iface *f, const char *kind, const struct nlattr *data)
{
	for (size_t i = 0; i < sizeof(parsers) / sizeof(parsers[0]); i++)
		if (strcmp(parsers[i].kind, kind) == 0) {
			parsers[i].parse(f, data);
			return;
		}
}
