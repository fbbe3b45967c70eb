/* ctnetlink's conntrack entries (include/uapi/linux/netfilter/nfnetlink_conntrack.h): the
 * original and reply tuples of one tracked connection, read bounds-checked from one
 * IPCTNL_MSG_CT_NEW message of an IPCTNL_MSG_CT_GET dump (the entry and far-end matching are
 * shared with the offline collector: collect/ct_peers.h). */
#ifndef IFW_CONNTRACK_PARSE_H
#define IFW_CONNTRACK_PARSE_H

#include "collect/ct_peers.h"

#include <libmnl/libmnl.h>
#include <stdbool.h>
#include <stdint.h>

/* One message: 1 when it is a conntrack entry with both tuples (filled in *e), 0 when it is
 * another message (NLMSG_DONE, another subsystem), -1 when it is malformed. */
int ifw_ct_parse(const struct nlmsghdr *nlh, struct ifw_ct_entry *e);

#endif
