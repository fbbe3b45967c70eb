/* IPv4/IPv6 addresses as plain values: family plus 16 bytes (IPv4 uses the first 4). */
#ifndef IFW_IPADDR_H
#define IFW_IPADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ifw_ip {
	uint8_t family; /* AF_INET, AF_INET6, or 0 for none */
	uint8_t a[16];
};

#define IFW_IP_STRLEN 48 /* enough for any IPv6 text form plus a NUL */

/* Parses dotted IPv4 or IPv6 text (an IPv6 zone "%eth0" is ignored). Returns 0 or -1. */
int ifw_ip_parse(const char *s, struct ifw_ip *out);
/* Like ifw_ip_parse on the first n bytes of s. */
int ifw_ip_parsen(const char *s, size_t n, struct ifw_ip *out);
/* Copies an address from raw bytes of the given family (4 or 16 bytes). */
void ifw_ip_set(struct ifw_ip *ip, int family, const void *bytes);
const char *ifw_ip_str(const struct ifw_ip *ip, char buf[IFW_IP_STRLEN]);
bool ifw_ip_eq(const struct ifw_ip *x, const struct ifw_ip *y);
bool ifw_ip_is_any(const struct ifw_ip *ip); /* 0.0.0.0, ::, or unset */
/* True if ip is an IPv4 address in a private network (RFC 1918: 10/8, 172.16/12, 192.168/16). */
bool ifw_ip_is_private4(const struct ifw_ip *ip);
/* True if ip lies in prefix/plen (same family). */
bool ifw_ip_in_prefix(const struct ifw_ip *ip, const struct ifw_ip *prefix, unsigned plen);
/* The network ip/plen is in: ip with its host bits cleared (plen capped at the family's). */
struct ifw_ip ifw_ip_network(const struct ifw_ip *ip, unsigned plen);
/* ::ffff:a.b.c.d -> a.b.c.d; other addresses unchanged. */
struct ifw_ip ifw_ip_unmap(const struct ifw_ip *ip);
size_t ifw_ip_len(int family);

#endif
