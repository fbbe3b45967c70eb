/* Parsers of rtnetlink and sock_diag messages into the evidence model. They are libmnl callbacks,
 * fed by a live dump or by a recording (unit tests, fuzzing). Malformed messages are skipped and
 * counted; only running out of memory stops a dump. */
#ifndef IFW_LINUX_RTNL_PARSE_H
#define IFW_LINUX_RTNL_PARSE_H

#include "model/model.h"

#include <libmnl/libmnl.h>

struct ifw_parse_ctx {
	struct ifw_model *m;
	ifw_id ns;
	int oom;                /* set when the model could not grow */
	struct ifw_idmap ifmap; /* ifindex -> interface of this namespace */
	uint8_t proto;          /* enum ifw_sock_proto of the sock_diag dump being parsed */
};

void ifw_parse_ctx_init(struct ifw_parse_ctx *c, struct ifw_model *m, ifw_id ns);
void ifw_parse_ctx_free(struct ifw_parse_ctx *c);
/* Call after the link dump: lets address, route and socket parsers find interfaces by index. */
int ifw_parse_ctx_index_links(struct ifw_parse_ctx *c);
ifw_id ifw_parse_ctx_iface(const struct ifw_parse_ctx *c, int32_t ifindex);

int ifw_rtnl_link_cb(const struct nlmsghdr *nlh, void *ctx);
int ifw_rtnl_addr_cb(const struct nlmsghdr *nlh, void *ctx);
int ifw_rtnl_route_cb(const struct nlmsghdr *nlh, void *ctx);
int ifw_rtnl_rule_cb(const struct nlmsghdr *nlh, void *ctx);
/* inet_diag (TCP, UDP, UDP-Lite, raw) and packet_diag replies. */
int ifw_sockdiag_inet_cb(const struct nlmsghdr *nlh, void *ctx);
int ifw_sockdiag_packet_cb(const struct nlmsghdr *nlh, void *ctx);
int ifw_sockdiag_unix_cb(const struct nlmsghdr *nlh, void *ctx);

/* Kind-specific IFLA_INFO_DATA; called by the link parser. */
void ifw_rtnl_parse_linkinfo_data(struct ifw_iface *f, const char *kind, const struct nlattr *data);

/* Fills a table of attributes indexed by type (tb has max+1 entries), skipping unknown types. */
void ifw_nla_table(const struct nlattr *nest, const struct nlattr **tb, unsigned max);
void ifw_nla_table_msg(const struct nlmsghdr *nlh, size_t hdrlen, const struct nlattr **tb,
                       unsigned max);
/* Safe typed getters: return def when the attribute is absent or too short. */
uint8_t ifw_nla_u8(const struct nlattr *a, uint8_t def);
uint16_t ifw_nla_u16(const struct nlattr *a, uint16_t def);
uint32_t ifw_nla_u32(const struct nlattr *a, uint32_t def);
uint64_t ifw_nla_u64(const struct nlattr *a, uint64_t def);
/* A NUL-terminated string attribute copied into the model, or NULL. */
const char *ifw_nla_str(struct ifw_model *m, const struct nlattr *a);
/* An address attribute of 4 or 16 bytes; false if absent or of another length. */
bool ifw_nla_ip(const struct nlattr *a, struct ifw_ip *ip);

#endif
