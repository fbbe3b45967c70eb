/* Socket and tun fds of every process at once, through a BPF task_file iterator. */
#ifndef IFW_LINUX_BPF_FDS_H
#define IFW_LINUX_BPF_FDS_H

#include "util/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { IFW_FD_REC_SOCKET = 1, IFW_FD_REC_TUN = 2 };

/* What the iterator writes per fd; its layout is the BPF program's. */
struct ifw_fd_rec {
	uint32_t kind;
	uint32_t pid; /* thread group id */
	uint32_t fd;
	uint32_t pad;
	uint64_t ino;      /* socket inode */
	uint64_t start_ns; /* the process's start (boot time, ns): tells a reused pid apart */
};

/* All socket and tun fds, in task order (a process's fds together). Fails (and the caller uses
 * /proc) when BPF is not available or not permitted. *out is malloc'ed. */
int ifw_bpf_fds(struct ifw_fd_rec **out, size_t *n, bool verifier_log, struct ifw_err *err);

#endif
