#include "model/names.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

#include "model/model.h"

const char *ifw_name_arptype(uint16_t t)
{
	switch (t) {
	case IFW_ARPHRD_ETHER:
		return "ether";
	case IFW_ARPHRD_LOOPBACK:
		return "loopback";
	case IFW_ARPHRD_NONE:
		return "none";
	case IFW_ARPHRD_TUNNEL:
		return "ipip";
	case IFW_ARPHRD_TUNNEL6:
		return "tunnel6";
	case IFW_ARPHRD_SIT:
		return "sit";
	case IFW_ARPHRD_IPGRE:
		return "gre";
	case IFW_ARPHRD_IP6GRE:
		return "gre6";
	case IFW_ARPHRD_PPP:
		return "ppp";
	case IFW_ARPHRD_IEEE80211:
		return "ieee802.11";
	case IFW_ARPHRD_IEEE80211_RADIOTAP:
		return "ieee802.11/radiotap";
	case IFW_ARPHRD_INFINIBAND:
		return "infiniband";
	case IFW_ARPHRD_CAN:
		return "can";
	case IFW_ARPHRD_NETLINK:
		return "netlink";
	case IFW_ARPHRD_RAWIP:
		return "rawip";
	case IFW_ARPHRD_VOID:
		return "void";
	default:
		return NULL;
	}
}

const char *ifw_name_operstate(uint8_t s)
{
	static const char *const n[] = {"unknown", "notpresent", "down", "lowerlayerdown",
	                                "testing", "dormant",    "up"};
	return s < sizeof(n) / sizeof(n[0]) ? n[s] : "unknown";
}

const char *ifw_name_scope(uint8_t s)
{
	switch (s) {
	case IFW_RT_SCOPE_UNIVERSE:
		return "global";
	case IFW_RT_SCOPE_SITE:
		return "site";
	case IFW_RT_SCOPE_LINK:
		return "link";
	case IFW_RT_SCOPE_HOST:
		return "host";
	case IFW_RT_SCOPE_NOWHERE:
		return "nowhere";
	default:
		return "other";
	}
}

const char *ifw_name_rtproto(uint8_t p)
{
	switch (p) {
	case IFW_RTPROT_UNSPEC:
		return "unspec";
	case IFW_RTPROT_REDIRECT:
		return "redirect";
	case IFW_RTPROT_KERNEL:
		return "kernel";
	case IFW_RTPROT_BOOT:
		return "boot";
	case IFW_RTPROT_STATIC:
		return "static";
	case IFW_RTPROT_RA:
		return "ra";
	case IFW_RTPROT_DHCP:
		return "dhcp";
	case IFW_RTPROT_BIRD:
		return "bird";
	case IFW_RTPROT_BGP:
		return "bgp";
	case IFW_RTPROT_OSPF:
		return "ospf";
	case IFW_RTPROT_ZEBRA:
		return "zebra";
	case IFW_RTPROT_BABEL:
		return "babel";
	default:
		return "other";
	}
}

const char *ifw_name_rttype(uint8_t t)
{
	static const char *const n[] = {"unspec",   "unicast",   "local",     "broadcast",
	                                "anycast",  "multicast", "blackhole", "unreachable",
	                                "prohibit", "throw",     "nat",       "xresolve"};
	return t < sizeof(n) / sizeof(n[0]) ? n[t] : "other";
}

const char *ifw_name_table(uint32_t t)
{
	switch (t) {
	case IFW_RT_TABLE_MAIN:
		return "main";
	case IFW_RT_TABLE_LOCAL:
		return "local";
	case IFW_RT_TABLE_DEFAULT:
		return "default";
	default:
		return NULL;
	}
}

const char *ifw_name_tcp_state(uint8_t s)
{
	static const char *const n[] = {"UNKNOWN",     "ESTABLISHED", "SYN-SENT",  "SYN-RECV",
	                                "FIN-WAIT-1",  "FIN-WAIT-2",  "TIME-WAIT", "CLOSE",
	                                "CLOSE-WAIT",  "LAST-ACK",    "LISTEN",    "CLOSING",
	                                "NEW-SYN-RECV"};
	return s < sizeof(n) / sizeof(n[0]) ? n[s] : "UNKNOWN";
}

const char *ifw_name_sock_proto(uint8_t p, enum ifw_name_style style)
{
	static const char *const n[][2] = {
	    [IFW_P_TCP] = {"tcp", "TCP"},
	    [IFW_P_UDP] = {"udp", "UDP"},
	    [IFW_P_UDPLITE] = {"udplite", "UDP-Lite"},
	    [IFW_P_RAW] = {"raw", "raw IP"},
	    [IFW_P_PACKET] = {"packet", "packet"},
	    [IFW_P_SCTP] = {"sctp", "SCTP"},
	    [IFW_P_UNIX] = {"unix", "unix"},
	};
	const char *s = p < sizeof(n) / sizeof(n[0]) ? n[p][style == IFW_NAME_PROSE] : NULL;
	return s ? s : "?";
}

const char *ifw_name_ipproto(uint8_t p)
{
	switch (p) {
	case IPPROTO_TCP:
		return "TCP";
	case IPPROTO_UDP:
		return "UDP";
	case IPPROTO_ICMP:
		return "ICMP";
	case IPPROTO_ICMPV6:
		return "ICMPv6";
	case IPPROTO_ESP:
		return "ESP";
	case IPPROTO_AH:
		return "AH";
	case IPPROTO_GRE:
		return "GRE";
	case IPPROTO_SCTP:
		return "SCTP";
	case IFW_IPPROTO_UDPLITE:
		return "UDP-Lite";
	case IPPROTO_IPIP:
		return "IPIP";
	case IPPROTO_IPV6:
		return "IPv6";
	default:
		return "IP";
	}
}

const char *ifw_name_family(uint8_t f)
{
	return f == AF_INET         ? "inet"
	       : f == AF_INET6      ? "inet6"
	       : f == IFW_AF_PACKET ? "packet"
	                            : "unix";
}

const char *ifw_name_rule_action(uint8_t a)
{
	switch (a) {
	case IFW_FR_ACT_TO_TBL:
		return "lookup";
	case IFW_FR_ACT_GOTO:
		return "goto";
	case IFW_FR_ACT_NOP:
		return "nop";
	case IFW_FR_ACT_BLACKHOLE:
		return "blackhole";
	case IFW_FR_ACT_UNREACHABLE:
		return "unreachable";
	case IFW_FR_ACT_PROHIBIT:
		return "prohibit";
	default:
		return "other";
	}
}

static const struct {
	uint32_t bit;
	const char *name;
} ifflags[] = {
    {IFW_IFF_UP, "UP"},
    {IFW_IFF_BROADCAST, "BROADCAST"},
    {IFW_IFF_DEBUG, "DEBUG"},
    {IFW_IFF_LOOPBACK, "LOOPBACK"},
    {IFW_IFF_POINTOPOINT, "POINTOPOINT"},
    {IFW_IFF_NOTRAILERS, "NOTRAILERS"},
    {IFW_IFF_RUNNING, "RUNNING"},
    {IFW_IFF_NOARP, "NOARP"},
    {IFW_IFF_PROMISC, "PROMISC"},
    {IFW_IFF_ALLMULTI, "ALLMULTI"},
    {IFW_IFF_MASTER, "MASTER"},
    {IFW_IFF_SLAVE, "SLAVE"},
    {IFW_IFF_MULTICAST, "MULTICAST"},
    {IFW_IFF_PORTSEL, "PORTSEL"},
    {IFW_IFF_AUTOMEDIA, "AUTOMEDIA"},
    {IFW_IFF_DYNAMIC, "DYNAMIC"},
    {1u << 16, "LOWER_UP"},
    {1u << 17, "DORMANT"},
    {1u << 18, "ECHO"},
};

void ifw_names_each_ifflag(uint32_t flags, void (*fn)(const char *name, void *ctx), void *ctx)
{
	for (size_t i = 0; i < sizeof(ifflags) / sizeof(ifflags[0]); i++)
		if (flags & ifflags[i].bit)
			fn(ifflags[i].name, ctx);
}

static const struct {
	uint32_t bit;
	const char *name;
} addrflags[] = {
    {IFW_IFA_F_SECONDARY, "secondary"},       {IFW_IFA_F_NODAD, "nodad"},
    {IFW_IFA_F_OPTIMISTIC, "optimistic"},     {IFW_IFA_F_DADFAILED, "dadfailed"},
    {IFW_IFA_F_HOMEADDRESS, "home"},          {IFW_IFA_F_DEPRECATED, "deprecated"},
    {IFW_IFA_F_TENTATIVE, "tentative"},       {IFW_IFA_F_PERMANENT, "permanent"},
    {IFW_IFA_F_MANAGETEMPADDR, "mngtmpaddr"}, {IFW_IFA_F_NOPREFIXROUTE, "noprefixroute"},
    {IFW_IFA_F_MCAUTOJOIN, "autojoin"},       {IFW_IFA_F_STABLE_PRIVACY, "stable-privacy"},
};

void ifw_names_each_addrflag(uint32_t flags, void (*fn)(const char *name, void *ctx), void *ctx)
{
	for (size_t i = 0; i < sizeof(addrflags) / sizeof(addrflags[0]); i++)
		if (flags & addrflags[i].bit)
			fn(addrflags[i].name, ctx);
}

struct join {
	struct ifw_strbuf *b;
	const char *sep;
	int n;
};

static void join_one(const char *name, void *ctx)
{
	struct join *j = ctx;
	if (j->n++)
		ifw_sb_puts(j->b, j->sep);
	ifw_sb_puts(j->b, name);
}

void ifw_names_ifflags(struct ifw_strbuf *b, uint32_t flags, const char *sep)
{
	struct join j = {b, sep, 0};
	ifw_names_each_ifflag(flags, join_one, &j);
}

void ifw_names_addrflags(struct ifw_strbuf *b, uint32_t flags, const char *sep)
{
	struct join j = {b, sep, 0};
	ifw_names_each_addrflag(flags, join_one, &j);
}

const char *ifw_name_macvlan_mode(uint32_t m)
{
	switch (m) {
	case IFW_MACVLAN_MODE_PRIVATE:
		return "private";
	case IFW_MACVLAN_MODE_VEPA:
		return "vepa";
	case IFW_MACVLAN_MODE_BRIDGE:
		return "bridge";
	case IFW_MACVLAN_MODE_PASSTHRU:
		return "passthru";
	case IFW_MACVLAN_MODE_SOURCE:
		return "source";
	default:
		return "unknown";
	}
}

const char *ifw_name_bond_mode(uint8_t m)
{
	static const char *const n[] = {"balance-rr", "active-backup", "balance-xor", "broadcast",
	                                "802.3ad",    "balance-tlb",   "balance-alb"};
	return m < sizeof(n) / sizeof(n[0]) ? n[m] : "unknown";
}
