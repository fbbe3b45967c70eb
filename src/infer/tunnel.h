/* Describing a tunnel from its holder: software, protocol, far end, outer port. Shared by the
 * TUN/TAP rule (a confirmed holder) and the socket-based rule (an inferred creator). */
#ifndef IFW_TUNNEL_H
#define IFW_TUNNEL_H

#include "infer/rules.h"

/* Adds the tunnel's purpose finding for holder proc; confirmed says whether the holder is
 * certain (a tun fd) or inferred (sockets). Returns the finding or NULL. */
struct ifw_finding *ifw_tunnel_claim(struct ifw_rule_ctx *c, ifw_id proc, bool confirmed);

/* The protocol a tunnel's holder speaks ("IPsec", "WireGuard"), from the process knowledge or
 * its outer sockets' ports; NULL if nothing says. */
const char *ifw_tunnel_protocol(struct ifw_rule_ctx *c, ifw_id proc);

/* The tunnel's purpose from its structure alone, for a holder whose program no knowledge names:
 * its far ends, transport, or listening side (infer/tunnel_shape.c). */
struct ifw_finding *ifw_tunnel_shape(struct ifw_rule_ctx *c, ifw_id proc, bool confirmed);

/* Whether the interface looks like a tunnel: a tun, or, without a kind (offline evidence), a
 * point-to-point device or a name the knowledge base files under VPNs. */
bool ifw_tunnel_like(struct ifw_rule_ctx *c);

/* Whether the host reaches a network through another interface than this one (and loopback):
 * a VPN carries traffic over one. The only network of a namespace (slirp4netns's tap0 in a
 * rootless container) carries its traffic because there is nothing else. A macOS utun never is
 * the host's only network (macOS has no namespaces), so it counts even when the paste shows
 * nothing else. Counted once per namespace (analysis.c), not scanned per interface. */
bool ifw_other_network(const struct ifw_rule_ctx *c);

#endif
