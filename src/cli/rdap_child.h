/* Registry (RDAP) lookups in a child process that runs as an unprivileged user: the answers come
 * from the network, so they are fetched and parsed by a process that owns nothing of root's. */
#ifndef IFW_CLI_RDAP_CHILD_H
#define IFW_CLI_RDAP_CHILD_H

#include "infer/owners.h"

#include <sys/types.h>

struct ifw_rdap_child {
	pid_t pid; /* 0: none started */
	int fd;    /* the child's answers */
};

/* Starts the child: as root it becomes user (NULL: "nobody") while it still may, drops every
 * capability, asks about ips and sends the answers back. Call it before the caller gives up its
 * own capabilities. Returns 0, or -1 with err when no child could be made (nothing asked). */
int ifw_rdap_child_start(struct ifw_rdap_child *c, const struct ifw_ip *ips, size_t n,
                         const struct ifw_rdap_opts *ro, const char *user, struct ifw_err *err);

/* Reads the child's answers into ow (at most 32, as ifw_owners_fetch_rdap keeps) and its
 * warnings through warn, waiting at most 60 s in all; then reaps it. */
void ifw_rdap_child_finish(struct ifw_rdap_child *c, struct ifw_owners *ow,
                           void (*warn)(void *, const char *), void *warn_ctx);

#endif
