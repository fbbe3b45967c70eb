#include "ipdb/special.h"

#include <stddef.h>
#include <sys/socket.h>

#define V4(a, b, c, d, p, cidr_, tag_, name_, rfc_)                                                \
	{                                                                                          \
		.family = AF_INET, .plen = p, .net = {a, b, c, d}, .cidr = cidr_, .tag = tag_,     \
		.name = name_, .rfc = rfc_                                                         \
	}

/* Eight 16-bit groups, as written in the CIDR text. */
#define G(x) (uint8_t)((x) >> 8), (uint8_t)((x)&0xff)
#define V6(g0, g1, g2, g3, g4, g5, g6, g7, p, cidr_, tag_, name_, rfc_)                            \
	{                                                                                          \
		.family = AF_INET6, .plen = p,                                                     \
		.net = {G(g0), G(g1), G(g2), G(g3), G(g4), G(g5), G(g6), G(g7)}, .cidr = cidr_,    \
		.tag = tag_, .name = name_, .rfc = rfc_                                            \
	}

/* From the IANA IPv4 and IPv6 Special-Purpose Address Registries, plus multicast (RFC 5771,
 * RFC 4291) and deprecated site-local (RFC 3879), which live in the address-space registries. */
static const struct ifw_special table[] = {
    V4(0, 0, 0, 0, 8, "0.0.0.0/8", "this-network", "\"This network\"", "RFC 791"),
    V4(0, 0, 0, 0, 32, "0.0.0.0/32", "this-host", "\"This host on this network\"", "RFC 1122"),
    V4(10, 0, 0, 0, 8, "10.0.0.0/8", "private", "Private-Use", "RFC 1918"),
    V4(100, 64, 0, 0, 10, "100.64.0.0/10", "shared", "Shared Address Space (carrier-grade NAT)",
       "RFC 6598"),
    V4(127, 0, 0, 0, 8, "127.0.0.0/8", "loopback", "Loopback", "RFC 1122"),
    V4(169, 254, 0, 0, 16, "169.254.0.0/16", "link-local", "Link Local", "RFC 3927"),
    V4(172, 16, 0, 0, 12, "172.16.0.0/12", "private", "Private-Use", "RFC 1918"),
    V4(192, 0, 0, 0, 24, "192.0.0.0/24", "ietf", "IETF Protocol Assignments", "RFC 6890"),
    V4(192, 0, 0, 0, 29, "192.0.0.0/29", "ds-lite", "IPv4 Service Continuity Prefix (DS-Lite)",
       "RFC 7335"),
    V4(192, 0, 0, 8, 32, "192.0.0.8/32", "dummy", "IPv4 dummy address", "RFC 7600"),
    V4(192, 0, 0, 9, 32, "192.0.0.9/32", "anycast", "Port Control Protocol Anycast", "RFC 7723"),
    V4(192, 0, 0, 10, 32, "192.0.0.10/32", "anycast", "Traversal Using Relays around NAT Anycast",
       "RFC 8155"),
    V4(192, 0, 0, 170, 32, "192.0.0.170/32", "nat64", "NAT64/DNS64 Discovery", "RFC 8880"),
    V4(192, 0, 0, 171, 32, "192.0.0.171/32", "nat64", "NAT64/DNS64 Discovery", "RFC 8880"),
    V4(192, 0, 2, 0, 24, "192.0.2.0/24", "documentation", "Documentation (TEST-NET-1)", "RFC 5737"),
    V4(192, 31, 196, 0, 24, "192.31.196.0/24", "as112", "AS112-v4", "RFC 7535"),
    V4(192, 52, 193, 0, 24, "192.52.193.0/24", "amt", "Automatic Multicast Tunneling (AMT)",
       "RFC 7450"),
    V4(192, 88, 99, 0, 24, "192.88.99.0/24", "6to4", "Deprecated (6to4 Relay Anycast)", "RFC 7526"),
    V4(192, 168, 0, 0, 16, "192.168.0.0/16", "private", "Private-Use", "RFC 1918"),
    V4(192, 175, 48, 0, 24, "192.175.48.0/24", "as112", "Direct Delegation AS112 Service",
       "RFC 7534"),
    V4(198, 18, 0, 0, 15, "198.18.0.0/15", "benchmarking", "Benchmarking", "RFC 2544"),
    V4(198, 51, 100, 0, 24, "198.51.100.0/24", "documentation", "Documentation (TEST-NET-2)",
       "RFC 5737"),
    V4(203, 0, 113, 0, 24, "203.0.113.0/24", "documentation", "Documentation (TEST-NET-3)",
       "RFC 5737"),
    V4(224, 0, 0, 0, 4, "224.0.0.0/4", "multicast", "Multicast", "RFC 5771"),
    V4(240, 0, 0, 0, 4, "240.0.0.0/4", "reserved", "Reserved", "RFC 1112"),
    V4(255, 255, 255, 255, 32, "255.255.255.255/32", "broadcast", "Limited Broadcast",
       "RFC 919, RFC 8190"),

    V6(0, 0, 0, 0, 0, 0, 0, 0, 128, "::/128", "unspecified", "Unspecified Address", "RFC 4291"),
    V6(0, 0, 0, 0, 0, 0, 0, 1, 128, "::1/128", "loopback", "Loopback Address", "RFC 4291"),
    V6(0, 0, 0, 0, 0, 0xffff, 0, 0, 96, "::ffff:0:0/96", "ipv4-mapped", "IPv4-mapped Address",
       "RFC 4291"),
    V6(0x64, 0xff9b, 0, 0, 0, 0, 0, 0, 96, "64:ff9b::/96", "nat64",
       "IPv4-IPv6 Translation (NAT64 well-known prefix)", "RFC 6052"),
    V6(0x64, 0xff9b, 1, 0, 0, 0, 0, 0, 48, "64:ff9b:1::/48", "nat64",
       "IPv4-IPv6 Translation (local-use NAT64)", "RFC 8215"),
    V6(0x100, 0, 0, 0, 0, 0, 0, 0, 64, "100::/64", "discard", "Discard-Only Address Block",
       "RFC 6666"),
    V6(0x2001, 0, 0, 0, 0, 0, 0, 0, 23, "2001::/23", "ietf", "IETF Protocol Assignments",
       "RFC 2928"),
    V6(0x2001, 0, 0, 0, 0, 0, 0, 0, 32, "2001::/32", "teredo", "Teredo", "RFC 4380, RFC 8190"),
    V6(0x2001, 1, 0, 0, 0, 0, 0, 1, 128, "2001:1::1/128", "anycast",
       "Port Control Protocol Anycast", "RFC 7723"),
    V6(0x2001, 1, 0, 0, 0, 0, 0, 2, 128, "2001:1::2/128", "anycast",
       "Traversal Using Relays around NAT Anycast", "RFC 8155"),
    V6(0x2001, 1, 0, 0, 0, 0, 0, 3, 128, "2001:1::3/128", "anycast",
       "DNS-SD Service Registration Protocol Anycast", "RFC 9665"),
    V6(0x2001, 2, 0, 0, 0, 0, 0, 0, 48, "2001:2::/48", "benchmarking", "Benchmarking", "RFC 5180"),
    V6(0x2001, 3, 0, 0, 0, 0, 0, 0, 32, "2001:3::/32", "amt", "Automatic Multicast Tunneling (AMT)",
       "RFC 7450"),
    V6(0x2001, 4, 0x112, 0, 0, 0, 0, 0, 48, "2001:4:112::/48", "as112", "AS112-v6", "RFC 7535"),
    V6(0x2001, 0x10, 0, 0, 0, 0, 0, 0, 28, "2001:10::/28", "orchid", "Deprecated (ORCHID)",
       "RFC 4843"),
    V6(0x2001, 0x20, 0, 0, 0, 0, 0, 0, 28, "2001:20::/28", "orchid", "ORCHIDv2", "RFC 7343"),
    V6(0x2001, 0x30, 0, 0, 0, 0, 0, 0, 28, "2001:30::/28", "drone-id",
       "Drone Remote ID Protocol Entity Tags (DETs)", "RFC 9374"),
    V6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0, 32, "2001:db8::/32", "documentation", "Documentation",
       "RFC 3849"),
    V6(0x2002, 0, 0, 0, 0, 0, 0, 0, 16, "2002::/16", "6to4", "6to4", "RFC 3056"),
    V6(0x2620, 0x4f, 0x8000, 0, 0, 0, 0, 0, 48, "2620:4f:8000::/48", "as112",
       "Direct Delegation AS112 Service", "RFC 7534"),
    V6(0x3fff, 0, 0, 0, 0, 0, 0, 0, 20, "3fff::/20", "documentation", "Documentation", "RFC 9637"),
    V6(0x5f00, 0, 0, 0, 0, 0, 0, 0, 16, "5f00::/16", "srv6", "Segment Routing (SRv6) SIDs",
       "RFC 9602"),
    V6(0xfc00, 0, 0, 0, 0, 0, 0, 0, 7, "fc00::/7", "ula", "Unique-Local", "RFC 4193, RFC 8190"),
    V6(0xfe80, 0, 0, 0, 0, 0, 0, 0, 10, "fe80::/10", "link-local", "Link-Local Unicast",
       "RFC 4291"),
    V6(0xfec0, 0, 0, 0, 0, 0, 0, 0, 10, "fec0::/10", "site-local",
       "Deprecated (site-local unicast)", "RFC 3879"),
    V6(0xff00, 0, 0, 0, 0, 0, 0, 0, 8, "ff00::/8", "multicast", "Multicast", "RFC 4291"),
};

const struct ifw_special *ifw_special_lookup(const struct ifw_ip *ip)
{
	const struct ifw_special *best = NULL;
	/* About 55 entries: a linear scan is simpler than anything clever and fast enough. */
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		const struct ifw_special *s = &table[i];
		if (s->family != ip->family || (best && best->plen >= s->plen))
			continue;
		struct ifw_ip net;
		ifw_ip_set(&net, s->family, s->net);
		if (ifw_ip_in_prefix(ip, &net, s->plen))
			best = s;
	}
	return best;
}

const struct ifw_special *ifw_special_table(size_t *n)
{
	*n = sizeof(table) / sizeof(table[0]);
	return table;
}
