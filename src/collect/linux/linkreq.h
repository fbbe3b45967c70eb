/* Requests to create, change or delete a link, as a process made them: captured by BPF at the
 * system call (the netlink message's first bytes, or a TUNSETIFF ioctl) and parsed here. */
#ifndef IFW_LINUX_LINKREQ_H
#define IFW_LINUX_LINKREQ_H

#include "util/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IFW_REQ_MSG_MAX 512
#define IFW_REQ_CMD_MAX 256

/* The record the BPF program writes into its ring buffer (layout shared with the assembler). */
struct ifw_req_raw {
	uint32_t source; /* enum ifw_req_source */
	int32_t tgid, tid;
	uint32_t uid;
	uint64_t ktime_ns; /* bpf_ktime_get_ns: CLOCK_MONOTONIC */
	int32_t ppid;
	uint32_t msg_len; /* bytes copied into msg */
	uint32_t cmd_len; /* bytes copied into cmdline (NUL-separated arguments) */
	uint32_t netns;   /* the caller's network namespace (nsfs inode) */
	char comm[16];
	uint8_t msg[IFW_REQ_MSG_MAX];
	char cmdline[IFW_REQ_CMD_MAX];
	/* the system call's first argument: the socket (or tun file) the request went through,
	 * whose namespace is where the link is made; -1 in records from before it was copied */
	int32_t fd;
	uint32_t pad;
};

enum ifw_req_source { IFW_REQ_SENDMSG = 1, IFW_REQ_SENDTO = 2, IFW_REQ_TUNSETIFF = 3 };

enum ifw_req_op { IFW_REQ_CREATE, IFW_REQ_DELETE, IFW_REQ_CHANGE, IFW_REQ_TUN };

struct ifw_linkreq {
	enum ifw_req_op op;
	char name[16]; /* "" when the kernel picks the name */
	char peer[16]; /* a veth's peer */
	char kind[24];
	int32_t ifindex;
	bool to_netns;               /* IFLA_NET_NS_PID / IFLA_NET_NS_FD / IFLA_TARGET_NETNSID */
	int32_t netns_pid, netns_fd; /* -1 when not given */
	/* the veth peer's own IFLA_NET_NS_PID / IFLA_NET_NS_FD: made in another namespace */
	bool peer_to_netns;
	int32_t peer_netns_pid, peer_netns_fd;
};

/* Parses what was captured; false if it is no link request (other netlink traffic). */
bool ifw_linkreq_parse(const struct ifw_req_raw *r, struct ifw_linkreq *q);

/* The BPF side: loads the program (hand-assembled, offsets from the kernel's BTF) on the
 * notifier_run raw tracepoint (else sys_enter) and a ring buffer. */
struct ifw_bpfreq;
/* log: print the verifier's log on stderr when loading fails (IFW_BPF_LOG, read by the cli).
 * sys_enter: attach there even when notifier_run exists (to compare their costs). */
int ifw_bpfreq_open(struct ifw_bpfreq **out, bool log, bool sys_enter, struct ifw_err *err);
int ifw_bpfreq_fd(const struct ifw_bpfreq *b); /* epoll-able */
typedef void (*ifw_req_cb)(const struct ifw_req_raw *r, void *data);
/* Consumes every record queued; returns how many. */
size_t ifw_bpfreq_read(struct ifw_bpfreq *b, ifw_req_cb cb, void *data);
/* Records the kernel could not queue (ring full), counted by the program. */
uint64_t ifw_bpfreq_lost(const struct ifw_bpfreq *b);
/* The tracepoint the program is attached to: "notifier_run", or "sys_enter" where the kernel
 * lacks that one. */
const char *ifw_bpfreq_hook(const struct ifw_bpfreq *b);
void ifw_bpfreq_close(struct ifw_bpfreq *b);

#endif
