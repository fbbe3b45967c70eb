/* The /proc pass's parts, shared by the full scan, the focused scan and the BPF snapshot. */
#ifndef IFW_LINUX_PROCSCAN_H
#define IFW_LINUX_PROCSCAN_H

#include "collect/linux/bpf_fds.h"
#include "collect/linux/linux.h"

#include <stdbool.h>
#include <stdint.h>

#define CMDLINE_MAX (64 * 1024)

/* The BPF iterator's snapshot of every socket and tun fd, sorted by pid (read-only, shared). */
struct fd_snapshot {
	struct ifw_fd_rec *recs;
	size_t n;
	struct ifw_idmap first; /* pid -> index of its first record */
	uint64_t taken_ticks;   /* when, in /proc/PID/stat start-time units (boot-based) */
	uint64_t ns_per_tick;
	bool sockets; /* inet sockets' records carry their details (struct ifw_fd_rec) */
};

struct scan {
	struct ifw_model *m;
	const struct fd_snapshot *snap; /* NULL: read every fd link in /proc */
	char *cmdbuf;                   /* CMDLINE_MAX bytes */
	uint32_t uids[64];              /* small cache of uid -> user name */
	const char *users[64];
	size_t n_users;
	bool denied_fds, denied_ns;
	size_t long_cmdlines;
};

/* One process in full, into a new record or (into != IFW_NOID) into an existing light one. */
void ifw_scan_pid_at(struct scan *s, int procfd, const char *name, ifw_id into);
/* One BPF read of every process's socket and tun fds (root only); false: use /proc. */
bool ifw_take_snapshot(struct fd_snapshot *sn, const struct ifw_collect_opts *o);
void ifw_snapshot_free(struct fd_snapshot *sn);
/* ifw_linux_scan_procs, keeping the BPF snapshot it read the fds from in *keep (keep->recs is
 * NULL when there was none: no BPF, or not root); the caller frees it. */
int ifw_linux_scan_procs_keep(struct ifw_model *m, const char *proc_root,
                              const struct ifw_collect_opts *o, struct fd_snapshot *keep,
                              struct ifw_err *err);
/* The pids, from one getdents pass over /proc. */
int ifw_list_pids(int procfd, char (**names)[12], size_t *n, struct ifw_err *err);

#endif
