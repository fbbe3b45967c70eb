/* Inet sockets of every namespace from the one BPF fd walk, and the inet_diag dumps that remain:
 * what no process holds (kernel sockets of overlays and tunnels, TIME-WAIT), where it matters. */
#ifndef IFW_LINUX_SOCKDIAG_BPF_H
#define IFW_LINUX_SOCKDIAG_BPF_H

#include "collect/linux/linux.h"
#include "collect/linux/procscan.h"

#include <stdbool.h>

/* The socket dumps a namespace gets. Without a snapshot (no BPF, a focused question, netlink
 * being recorded) every one; with it, inet_diag only in the namespace ifwho runs in and where an
 * interface has a kernel-held socket (ifw_kind_has_kernel_sockets), and the unix and packet dumps
 * only where a process holds such a socket. */
struct ifw_sock_plan {
	bool snapshot;    /* the BPF snapshot has every process-held socket, with details */
	bool unix_listen; /* with it: a process holds a listening unix socket in the namespace */
	bool packet;      /* with it: a process holds a packet socket in the namespace */
};

enum { IFW_DUMP_INET = 1, IFW_DUMP_PACKET = 2, IFW_DUMP_UNIX = 4 };

/* Interface kinds whose kernel module opens its own UDP socket (vxlan, geneve, wireguard, ...):
 * no process holds it, so only inet_diag shows it. */
bool ifw_kind_has_kernel_sockets(const char *kind);

/* ifw_linux_collect_ns, with the socket dumps as `plan` says; *dumped_inet tells whether this
 * namespace's inet sockets came from inet_diag. keep_route (may be NULL): when the namespace has
 * a link whose other end is in another namespace, its route socket is moved there instead of
 * closed, for ifw_linux_resolve_nsids to ask through (no second entry into the namespace). */
int ifw_linux_collect_ns_plan(struct ifw_model *m, const struct ifw_ns_handle *h,
                              const struct ifw_collect_opts *o, const struct ifw_sock_plan *plan,
                              bool *dumped_inet, struct ifw_nl *keep_route, struct ifw_err *err);

/* The inet dumps of one namespace, after the others were read: the birthplace of an overlay
 * that was moved elsewhere keeps its kernel socket (a vxlan's or WireGuard's socket stays in the
 * namespace the device was created in). */
int ifw_linux_dump_inet_in(struct ifw_model *m, const struct ifw_ns_handle *h, struct ifw_err *err);

/* The socket dumps in `what` (IFW_DUMP_*): TCP/UDP/UDP-Lite/raw, packet, listening unix. */
int ifw_linux_dump_sockets_of(struct ifw_nl *nl, struct ifw_parse_ctx *c,
                              const struct ifw_sock_filter *flt, unsigned what,
                              struct ifw_err *err);

/* Per namespace inode, which kinds of sockets processes hold there (bits: 1 a listening unix
 * socket, 2 a packet socket), for the plan. */
enum { IFW_NS_HAS_UNIX_LISTEN = 1, IFW_NS_HAS_PACKET = 2 };
int ifw_snapshot_ns_kinds(const struct fd_snapshot *sn, struct ifw_idmap *out);

/* Adds the snapshot's inet sockets (TCP, UDP, UDP-Lite, raw: what inet_diag would dump) of each
 * namespace i < n_from with from_bpf[i], once per inode, when a scanned process holds them (an
 * fdref of the model). Records carry the same facts inet_diag gives: addresses, ports, state, bound
 * device, uid, inode, cgroup, queues. */
int ifw_linux_sockets_from_snapshot(struct ifw_model *m, const struct fd_snapshot *sn,
                                    const bool *from_bpf, size_t n_from, struct ifw_err *err);

#endif
