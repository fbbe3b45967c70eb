/* Far ends of tunnel holders' unconnected UDP sockets from connection tracking entries, shared by
 * the live collector (ctnetlink, collect/linux/conntrack.c) and the offline one (`conntrack -L`,
 * /proc/net/nf_conntrack; collect/evidence/p_conntrack.c): both turn entries into the same
 * m->ct_peers records, which one rule reads (infer/passive_peers.c). */
#ifndef IFW_CT_PEERS_H
#define IFW_CT_PEERS_H

#include "model/model.h"
#include "util/ipaddr.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The kernel's status bits (include/uapi/linux/netfilter/nf_conntrack_common.h,
 * IPS_SEEN_REPLY_BIT 1, IPS_ASSURED_BIT 2), named here so the offline build needs no Linux
 * header. */
#define IFW_CT_SEEN_REPLY (1u << 1)
#define IFW_CT_ASSURED    (1u << 2)

struct ifw_ct_tuple {
	struct ifw_ip src, dst;
	uint8_t l4proto; /* IPPROTO_* */
	uint16_t sport, dport;
};

struct ifw_ct_entry {
	struct ifw_ct_tuple orig, reply;
	uint32_t status; /* IPS_* bits */
};

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

/* A candidate socket: an unconnected UDP socket of a process that also holds a tun device. */
struct ifw_ct_sock {
	ifw_id socket;
	size_t found; /* far ends recorded for it */
};

/* The candidates of the whole model (malloc'd in *out, NULL when none); their count. */
size_t ifw_ct_candidates(const struct ifw_model *m, struct ifw_ct_sock **out);

/* Records in m->ct_peers the far ends entry e gives the candidates socks (all of namespace ns),
 * at most IFW_CT_PEERS_PER_SOCK each, once each, with origin o. -1 when out of memory. */
#define IFW_CT_PEERS_PER_SOCK 16
int ifw_ct_add_peers(struct ifw_model *m, ifw_id ns, struct ifw_ct_sock *socks, size_t n,
                     const struct ifw_ct_entry *e, const struct ifw_origin *o);

#endif
