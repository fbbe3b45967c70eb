/* What mesh VPN daemons say about their network and peers, parsed from their local APIs' JSON
 * (jansson), kept apart from the asking so each parser can be tested and fuzzed on hostile
 * input:
 *
 *  - Tailscale: tailscaled's LocalAPI `GET /localapi/v0/status`, an ipnstate.Status
 *    (tailscale/tailscale ipn/ipnstate/ipnstate.go): "Self" and the "Peer" map of PeerStatus
 *    ({HostName, DNSName, TailscaleIPs, CurAddr "ip:port" when direct, Relay (DERP region),
 *    RxBytes, TxBytes, LastHandshake (RFC 3339), Online}), "CurrentTailnet" {Name,
 *    MagicDNSSuffix}, "TailscaleIPs".
 *  - ZeroTier: zerotier-one's service API (ZeroTierOne service/README.md, OneService.cpp):
 *    `GET /network`, an array of {id, name, status, portDeviceName, assignedAddresses}; `GET
 *    /peer`, an array of {address, role (LEAF, MOON, PLANET), latency, paths [{address
 *    "ip/port", active, preferred}]}.
 *
 * Each adds one tunnel session per peer (source "tailscale localapi" / "zerotier service"), or
 * nothing when the answer is malformed. Every string kept is bounded; none is trusted (the
 * reports sanitize them). */
#ifndef IFW_MESH_PARSE_H
#define IFW_MESH_PARSE_H

#include "model/model.h"
#include "util/err.h"

#include <stddef.h>

#define IFW_MESH_MAX_PEERS 4096 /* sessions kept per answer; the rest are counted */

/* Where the sessions go. */
struct ifw_mesh_target {
	ifw_id proc, iface;
	const char *ifname; /* the interface the daemon holds */
	const char *daemon; /* "tailscaled", "zerotier-one" */
	const char *origin; /* "tailscale localapi /var/run/tailscale/tailscaled.sock, pid 12" */
};

/* A LocalAPI status answer: returns the sessions added, or -1 with err (nothing added). Without
 * peers one session (no remote_id) still names the tailnet, its state "no peers" or the
 * daemon's BackendState when it is not running ("NeedsLogin", "Stopped"). *tailnet (may be NULL)
 * gets the tailnet's name in the model's arena, or NULL. *skipped counts peers beyond
 * IFW_MESH_MAX_PEERS. */
int ifw_tailscale_parse_status(struct ifw_model *m, const struct ifw_mesh_target *t,
                               const char *json, size_t n, const char **tailnet, size_t *skipped,
                               struct ifw_err *err);

/* One ZeroTier network, as GET /network names it. */
struct ifw_zt_network {
	char id[17];    /* 16 hex digits */
	char name[128]; /* from the controller; "" when none yet */
	char status[32];
	char **addrs; /* assignedAddresses ("10.147.17.5/24"), in the model's arena */
	size_t n_addrs;
};

/* A GET /network answer: 0 with out filled for the network whose portDeviceName is ifname, 1
 * when none is, -1 with err when it is not such an answer. */
int ifw_zerotier_parse_networks(struct ifw_model *m, const char *json, size_t n, const char *ifname,
                                struct ifw_zt_network *out, struct ifw_err *err);

/* A GET /peer answer: one session per LEAF peer (the roots relay, they are not members), named
 * after net; without one, a session (no remote_id) in state "no peers" or the network's status
 * when not OK ("ACCESS_DENIED"). Returns the sessions added, or -1 with err (nothing added). */
int ifw_zerotier_parse_peers(struct ifw_model *m, const struct ifw_mesh_target *t,
                             const struct ifw_zt_network *net, const char *json, size_t n,
                             size_t *skipped, struct ifw_err *err);

/* "2026-12-06T23:01:02.5Z", "...+01:00" (RFC 3339, as Go writes time.Time) to unix seconds;
 * 0 for Go's zero time or anything else. */
int64_t ifw_mesh_rfc3339(const char *s);

#endif
