/* The words net-tools' ifconfig, route and netstat print, in every language they are found
 * translated in (nettools_words.c), for the parsers of their output. */
#ifndef IFW_COLLECT_EVIDENCE_NETTOOLS_WORDS_H
#define IFW_COLLECT_EVIDENCE_NETTOOLS_WORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum nt_key {
	NT_LINK_ENCAP,    /* "Link encap:" (value 1: a translation, the title must be known) */
	NT_HWTITLE,       /* "Ethernet", "Local Loopback" (value: ARPHRD_*) */
	NT_HWADDR,        /* "HWaddr " */
	NT_INET_ADDR,     /* "inet addr:" */
	NT_INET6_ADDR,    /* "inet6 addr:" */
	NT_PTP,           /* "P-t-P:" */
	NT_BCAST,         /* "Bcast:" */
	NT_MASK,          /* "Mask:" */
	NT_SCOPE,         /* "Scope:" */
	NT_MTU,           /* "MTU:" */
	NT_METRIC,        /* "Metric:" */
	NT_FLAG,          /* "UP", "BROADCAST" (value: IFW_IFF_*) */
	NT_RX_PACKETS,    /* "RX packets:" */
	NT_TX_PACKETS,    /* "TX packets:" */
	NT_RX_BYTES,      /* "RX bytes:" */
	NT_TX_BYTES,      /* "TX bytes:" */
	NT_COLLISIONS,    /* "collisions:" */
	NT_TXQUEUELEN,    /* "txqueuelen:" */
	NT_HWINFO,        /* "Interrupt:", "Base address:", "Memory:" */
	NT_ROUTE_TITLE,   /* "Kernel IP routing table" */
	NT_ROUTE_DEST,    /* route's column headers: "Destination" */
	NT_ROUTE_GW,      /* "Gateway" */
	NT_ROUTE_GENMASK, /* "Genmask" */
	NT_ROUTE_IFACE,   /* "Iface" */
	NT_IFTABLE_TITLE, /* netstat -i: "Kernel Interface table" */
	NT_IFTABLE_IFACE, /* its first column header: "Iface" */
	NT_INET_TITLE,    /* netstat: "Active Internet connections" */
	NT_UNIX_TITLE,    /* netstat: "Active UNIX domain sockets" */
	NT_LOCAL_ADDRESS, /* netstat's column header "Local Address", translated */
	NT_TCP_STATE,     /* "LISTEN" (value: TCP_* of the kernel) */
};

/* The length of the longest word of key that the n bytes at s start with (0 if none), its value
 * in *value if not NULL. s may be UTF-8 or Latin-1: a word's letters U+0080-U+00FF match either. */
size_t nt_prefix(const char *s, size_t n, enum nt_key key, uint32_t *value);
/* True if the n bytes at s are exactly one word of key. */
bool nt_is(const char *s, size_t n, enum nt_key key, uint32_t *value);
/* The first word of key in s that starts s or follows a space or tab; NULL if none. */
const char *nt_find(const char *s, enum nt_key key, size_t *len, uint32_t *value);

#endif
