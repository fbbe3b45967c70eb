/* Names for the numbers in the model (as the kernel reports them): flags, states, scopes, tables,
 * protocols. In model/ because both the rules (their claims) and the reports use them. */
#ifndef IFW_MODEL_NAMES_H
#define IFW_MODEL_NAMES_H

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
/* A socket's protocol (IFW_P_*), the one naming of it: IFW_NAME_KEY gives ss's words, also used
 * in JSON and as knowledge keys ("tcp", "udp", "udplite", "raw", ...); IFW_NAME_PROSE the words
 * for sentences ("TCP", "UDP", "UDP-Lite", "raw IP", ...). "?" when unknown. */
enum ifw_name_style { IFW_NAME_KEY, IFW_NAME_PROSE };
const char *ifw_name_sock_proto(uint8_t p, enum ifw_name_style style);
const char *ifw_name_ipproto(uint8_t p); /* IPPROTO_* -> "TCP", "UDP", ... */
const char *ifw_name_family(uint8_t f);  /* "inet", "inet6" */
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
