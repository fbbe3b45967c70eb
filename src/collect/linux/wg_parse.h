/* WireGuard's peers as a daemon or the kernel reports them: the cross-platform UAPI text answer
 * (wireguard-go, boringtun: `get=1`) and the generic netlink WG_CMD_GET_DEVICE dump (kernel
 * WireGuard). Both parsers are bounds-checked, keep no key material (private and preshared keys
 * are skipped unread), and add one tunnel session per peer. */
#ifndef IFW_WG_PARSE_H
#define IFW_WG_PARSE_H

#include "model/model.h"

#include <stddef.h>

/* Where the sessions go: the daemon (or IFW_NOID for the kernel), the interface and its name. */
struct ifw_wg_target {
	ifw_id proc, iface;
	const char *ifname;
	const char *daemon; /* "wireguard-go", "WireGuard (kernel)" */
	const char *source; /* "wireguard uapi", "wireguard netlink" */
	const char *origin; /* "/var/run/wireguard/wg0.sock, wireguard-go pid 12" */
};

/* A whole UAPI answer to `get=1` (key=value lines ending with errno=N and an empty line).
 * Returns the sessions added, or -1 if the answer is malformed, truncated or reports an errno;
 * then nothing is added. */
int ifw_wg_parse_uapi(struct ifw_model *m, const struct ifw_wg_target *t, const char *text,
                      size_t len);

/* True once buf holds a complete UAPI answer (its terminating empty line). */
bool ifw_wg_uapi_complete(const char *buf, size_t len);

/* State kept across the messages of one WG_CMD_GET_DEVICE dump: a peer's allowed IPs may
 * continue in the next message, and is then coalesced into the same session. */
struct ifw_wg_genl_state {
	const struct ifw_wg_target *t;
	struct ifw_model *m;
	size_t first; /* m->sas.n before the dump, for the rollback on error */
	ifw_id last;  /* the session of the last peer seen */
	uint8_t last_key[32];
	uint16_t listen_port;
	int added;
	bool bad;
};

void ifw_wg_genl_init(struct ifw_wg_genl_state *st, struct ifw_model *m,
                      const struct ifw_wg_target *t);
/* One netlink message of the dump (the generic netlink header included). Returns 0, or -1 when
 * it is malformed (the dump's sessions are then removed). */
int ifw_wg_genl_msg(struct ifw_wg_genl_state *st, const void *nlmsg, size_t len);

#endif
