/* Special-purpose address ranges (IANA IPv4/IPv6 Special-Purpose Address Registries plus
 * multicast and other architectural blocks): private, CGNAT, loopback, documentation, ... */
#ifndef IFW_SPECIAL_H
#define IFW_SPECIAL_H

#include <stdint.h>

#include "util/ipaddr.h"

struct ifw_special {
	uint8_t family; /* AF_INET or AF_INET6 */
	uint8_t plen;
	uint8_t net[16];  /* network address (IPv4 in the first 4 bytes) */
	const char *cidr; /* "100.64.0.0/10" */
	const char *tag;  /* short kind: "private", "shared", "loopback", "documentation", ... */
	const char *name; /* "Shared Address Space (carrier-grade NAT)" */
	const char *rfc;  /* defining document(s), e.g. "RFC 6598" */
};

/* The most specific special range containing ip, or NULL. ip is taken as given: an IPv4-mapped
 * address matches ::ffff:0:0/96 (unmap it with ifw_ip_unmap to ask about the IPv4 address). */
const struct ifw_special *ifw_special_lookup(const struct ifw_ip *ip);

/* The whole table, for listing (*n entries). */
const struct ifw_special *ifw_special_table(size_t *n);

#endif
