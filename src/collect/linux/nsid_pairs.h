/* The candidates for the other end of a link whose peer is in another namespace: every
 * interface by its (ifindex, link ifindex) pair. Small ifindexes repeat in every namespace (each
 * container's eth0 is 2, and so is a hub's first veth), so one pair is often shared by several
 * interfaces; all of them are kept, so that the right one is found without asking every
 * namespace. */
#ifndef IFW_COLLECT_LINUX_NSID_PAIRS_H
#define IFW_COLLECT_LINUX_NSID_PAIRS_H

#include "model/model.h"
#include "util/idmap.h"

struct ifw_nsid_pairs {
	const struct ifw_model *m;
	struct ifw_idmap first; /* pair -> the first interface with it */
	ifw_id *next;           /* next[i]: the next interface with i's pair, or IFW_NOID */
};

/* Indexes every interface of m that has a link. 0, or -1 when out of memory. */
int ifw_nsid_pairs_build(struct ifw_nsid_pairs *p, const struct ifw_model *m);
void ifw_nsid_pairs_free(struct ifw_nsid_pairs *p);

/* The interfaces in another namespace than iface's that could be its other end (their ifindex
 * is iface's link, their link is iface's ifindex), one per call: after `prev`, or the first
 * with prev IFW_NOID; IFW_NOID when there are no more. */
ifw_id ifw_nsid_pairs_next(const struct ifw_nsid_pairs *p, ifw_id iface, ifw_id prev);

#endif
