#include "model/names.h"

#include <linux/if_addr.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/fib_rules.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

#include "model/model.h"

const char *ifw_name_arptype(uint16_t t)
{
	switch (t) {
	case ARPHRD_ETHER:
		return "ether";
	case ARPHRD_LOOPBACK:
		return "loopback";
	case ARPHRD_NONE:
		return "none";
	case ARPHRD_TUNNEL:
		return "ipip";
	case ARPHRD_TUNNEL6:
		return "tunnel6";
	case ARPHRD_SIT:
		return "sit";
	case ARPHRD_IPGRE:
		return "gre";
	case ARPHRD_IP6GRE:
		return "gre6";
	case ARPHRD_PPP:
		return "ppp";
	case ARPHRD_IEEE80211:
		return "ieee802.11";
	case ARPHRD_IEEE80211_RADIOTAP:
		return "ieee802.11/radiotap";
	case ARPHRD_INFINIBAND:
		return "infiniband";
	case ARPHRD_CAN:
		return "can";
	case ARPHRD_NETLINK:
		return "netlink";
	case ARPHRD_RAWIP:
		return "rawip";
	case ARPHRD_VOID:
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
	case RT_SCOPE_UNIVERSE:
		return "global";
	case RT_SCOPE_SITE:
		return "site";
	case RT_SCOPE_LINK:
		return "link";
	case RT_SCOPE_HOST:
		return "host";
	case RT_SCOPE_NOWHERE:
		return "nowhere";
	default:
		return "other";
	}
}

const char *ifw_name_rtproto(uint8_t p)
{
	switch (p) {
	case RTPROT_UNSPEC:
		return "unspec";
	case RTPROT_REDIRECT:
		return "redirect";
	case RTPROT_KERNEL:
		return "kernel";
	case RTPROT_BOOT:
		return "boot";
	case RTPROT_STATIC:
		return "static";
	case RTPROT_RA:
		return "ra";
	case RTPROT_DHCP:
		return "dhcp";
	case RTPROT_BIRD:
		return "bird";
	case RTPROT_BGP:
		return "bgp";
	case RTPROT_OSPF:
		return "ospf";
	case RTPROT_ZEBRA:
		return "zebra";
	case RTPROT_BABEL:
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
	case RT_TABLE_MAIN:
		return "main";
	case RT_TABLE_LOCAL:
		return "local";
	case RT_TABLE_DEFAULT:
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
	case IPPROTO_UDPLITE:
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
	return f == AF_INET ? "inet" : f == AF_INET6 ? "inet6" : f == AF_PACKET ? "packet" : "unix";
}

const char *ifw_name_rule_action(uint8_t a)
{
	switch (a) {
	case FR_ACT_TO_TBL:
		return "lookup";
	case FR_ACT_GOTO:
		return "goto";
	case FR_ACT_NOP:
		return "nop";
	case FR_ACT_BLACKHOLE:
		return "blackhole";
	case FR_ACT_UNREACHABLE:
		return "unreachable";
	case FR_ACT_PROHIBIT:
		return "prohibit";
	default:
		return "other";
	}
}

static const struct {
	uint32_t bit;
	const char *name;
} ifflags[] = {
    {IFF_UP, "UP"},
    {IFF_BROADCAST, "BROADCAST"},
    {IFF_DEBUG, "DEBUG"},
    {IFF_LOOPBACK, "LOOPBACK"},
    {IFF_POINTOPOINT, "POINTOPOINT"},
    {IFF_NOTRAILERS, "NOTRAILERS"},
    {IFF_RUNNING, "RUNNING"},
    {IFF_NOARP, "NOARP"},
    {IFF_PROMISC, "PROMISC"},
    {IFF_ALLMULTI, "ALLMULTI"},
    {IFF_MASTER, "MASTER"},
    {IFF_SLAVE, "SLAVE"},
    {IFF_MULTICAST, "MULTICAST"},
    {IFF_PORTSEL, "PORTSEL"},
    {IFF_AUTOMEDIA, "AUTOMEDIA"},
    {IFF_DYNAMIC, "DYNAMIC"},
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
    {IFA_F_SECONDARY, "secondary"},       {IFA_F_NODAD, "nodad"},
    {IFA_F_OPTIMISTIC, "optimistic"},     {IFA_F_DADFAILED, "dadfailed"},
    {IFA_F_HOMEADDRESS, "home"},          {IFA_F_DEPRECATED, "deprecated"},
    {IFA_F_TENTATIVE, "tentative"},       {IFA_F_PERMANENT, "permanent"},
    {IFA_F_MANAGETEMPADDR, "mngtmpaddr"}, {IFA_F_NOPREFIXROUTE, "noprefixroute"},
    {IFA_F_MCAUTOJOIN, "autojoin"},       {IFA_F_STABLE_PRIVACY, "stable-privacy"},
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
	case MACVLAN_MODE_PRIVATE:
		return "private";
	case MACVLAN_MODE_VEPA:
		return "vepa";
	case MACVLAN_MODE_BRIDGE:
		return "bridge";
	case MACVLAN_MODE_PASSTHRU:
		return "passthru";
	case MACVLAN_MODE_SOURCE:
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
