/* ctnetlink's conntrack entries (include/uapi/linux/netfilter/nfnetlink_conntrack.h): the
 * original and reply tuples of one tracked connection, read bounds-checked from one
 * IPCTNL_MSG_CT_NEW message of an IPCTNL_MSG_CT_GET dump. */
#ifndef IFW_CONNTRACK_PARSE_H
#define IFW_CONNTRACK_PARSE_H

#include "util/ipaddr.h"

#include <libmnl/libmnl.h>
#include <stdbool.h>
#include <stdint.h>

struct ifw_ct_tuple {
	struct ifw_ip src, dst;
	uint8_t l4proto; /* IPPROTO_* */
	uint16_t sport, dport;
};

struct ifw_ct_entry {
	struct ifw_ct_tuple orig, reply;
	uint32_t status; /* IPS_* bits */
};

/* One message: 1 when it is a conntrack entry with both tuples (filled in *e), 0 when it is
 * another message (NLMSG_DONE, another subsystem), -1 when it is malformed. */
int ifw_ct_parse(const struct nlmsghdr *nlh, struct ifw_ct_entry *e);

/* Whether an address is this namespace's own (for a socket bound to the any address). */
typedef bool (*ifw_ct_is_local)(const struct ifw_ip *ip, void *ctx);

/* Whether the entry's traffic goes through a socket of protocol l4proto bound to lport and to
 * local (or, for the any address, to an address is_local accepts; NULL accepts any): then
 * far->src/sport is this end, far->dst/dport the other, and *inbound says the far end sent
 * first. The original tuple is the first packet's direction; with NAT, the socket's own address
 * and port are in the original tuple when it sent first, in the reply tuple when it answered.
 * Both ends may use the same port (a tunnel's two sides often do): the address decides. */
bool ifw_ct_far_end(const struct ifw_ct_entry *e, uint8_t l4proto, const struct ifw_ip *local,
                    uint16_t lport, ifw_ct_is_local is_local, void *ctx, struct ifw_ct_tuple *far,
                    bool *inbound);

#endif
