/* Names for the numbers the kernel reports: flags, states, scopes, tables, protocols. */
#ifndef IFW_REPORT_NAMES_H
#define IFW_REPORT_NAMES_H

#include "util/strbuf.h"

#include <stdint.h>

const char *ifw_name_arptype(uint16_t t); /* "ether", "none", "loopback", ... or NULL */
const char *ifw_name_operstate(uint8_t s);
const char *ifw_name_scope(uint8_t s);
const char *ifw_name_rtproto(uint8_t p);
const char *ifw_name_rttype(uint8_t t);
/* "main", "local", "default", or NULL for numbered tables */
const char *ifw_name_table(uint32_t t);
const char *ifw_name_tcp_state(uint8_t s);
const char *ifw_name_sock_proto(uint8_t p); /* "tcp", "udp", ... */
const char *ifw_name_ipproto(uint8_t p);    /* IPPROTO_* -> "TCP", "UDP", ... */
const char *ifw_name_family(uint8_t f);     /* "inet", "inet6" */
const char *ifw_name_rule_action(uint8_t a);
/* Appends IFF_* flag names separated by sep, like `ip link`: "UP,BROADCAST,LOWER_UP". */
void ifw_names_ifflags(struct ifw_strbuf *b, uint32_t flags, const char *sep);
/* Appends IFA_F_* flag names. */
void ifw_names_addrflags(struct ifw_strbuf *b, uint32_t flags, const char *sep);
/* Calls fn for each IFF_* flag name set in flags. */
void ifw_names_each_ifflag(uint32_t flags, void (*fn)(const char *name, void *ctx), void *ctx);
void ifw_names_each_addrflag(uint32_t flags, void (*fn)(const char *name, void *ctx), void *ctx);
const char *ifw_name_macvlan_mode(uint32_t m);
const char *ifw_name_bond_mode(uint8_t m);

#endif
