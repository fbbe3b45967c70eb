/* Inet sockets of every namespace from the one BPF fd walk, and the inet_diag dumps that remain:
 * what no process holds (kernel sockets of overlays and tunnels, TIME-WAIT), where it matters. */
#ifndef IFW_LINUX_SOCKDIAG_BPF_H
#define IFW_LINUX_SOCKDIAG_BPF_H

#include "collect/linux/linux.h"
#include "collect/linux/procscan.h"

#include <stdbool.h>

/* The namespaces that get inet_diag dumps when the BPF snapshot has the sockets. */
enum ifw_inet_dumps {
	IFW_INET_DUMP_ALL,      /* every namespace: no BPF, a focused question, recording */
	IFW_INET_DUMP_IF_NEEDED /* only the namespace ifwho runs in and those whose interfaces
	                         * have kernel-held sockets (ifw_kind_has_kernel_sockets) */
};

/* Interface kinds whose kernel module opens its own UDP socket (vxlan, geneve, wireguard, ...):
 * no process holds it, so only inet_diag shows it. */
bool ifw_kind_has_kernel_sockets(const char *kind);

/* ifw_linux_collect_ns, with the inet dumps as `plan` says; *dumped_inet tells whether this
 * namespace's inet sockets came from inet_diag. */
int ifw_linux_collect_ns_plan(struct ifw_model *m, const struct ifw_ns_handle *h,
                              const struct ifw_collect_opts *o, enum ifw_inet_dumps plan,
                              bool *dumped_inet, struct ifw_err *err);

/* The socket dumps, with (inet) or without the TCP/UDP/UDP-Lite/raw ones; packet and unix
 * sockets always. */
int ifw_linux_dump_sockets_of(struct ifw_nl *nl, struct ifw_parse_ctx *c,
                              const struct ifw_sock_filter *flt, bool inet, struct ifw_err *err);

/* Adds the snapshot's inet sockets (TCP, UDP, UDP-Lite, raw: what inet_diag would dump) of each
 * namespace i < n_from with from_bpf[i], once per inode, when a scanned process holds them (an
 * fdref of the model). Records carry the same facts inet_diag gives: addresses, ports, state, bound
 * device, uid, inode, cgroup, queues. */
int ifw_linux_sockets_from_snapshot(struct ifw_model *m, const struct fd_snapshot *sn,
                                    const bool *from_bpf, size_t n_from, struct ifw_err *err);

#endif
