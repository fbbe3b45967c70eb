/* The watcher's state and its namespaces (internal to src/watch). */
#ifndef IFW_WATCH_NS_H
#define IFW_WATCH_NS_H

#include "watch/record.h"
#include "watch/watch.h"

#include "collect/linux/linkwatch.h"

struct ifw_link_ent {
	int32_t ifindex;
	char name[16], kind[24];
	char creator[64];       /* exe (or comm) of who made it, "" if unknown */
	const char *confidence; /* "exact", "likely", NULL */
	int32_t creator_pid;    /* while that process runs (seen live by this watcher), else 0 */
	uint64_t made_ns;       /* CLOCK_MONOTONIC of its creation */
};

struct ifw_ns_ent {
	int32_t nsid;   /* -1: ours */
	uint64_t inode; /* 0 until discovered */
	char label[64];
	struct ifw_link_ent *links;
	size_t n_links, cap_links;
	bool gone;
};

struct ifw_moveout {
	char name[16], kind[24], from[64], creator[64];
	const char *confidence;
	int32_t creator_pid;
	uint64_t made_ns;
	uint64_t from_inode;
	int32_t ifindex, new_ifindex, from_nsid, new_nsid;
	uint64_t deadline_ns;
	bool extended; /* its deadline was pushed once, while looking for new namespaces */
};

struct ifw_watcher {
	const struct ifw_watch_opts *opts;
	ifw_wev_sink sink;
	void *sink_data;
	int ep, conn_fd, inot_fd;
	struct ifw_bpfreq *bpf;
	uint64_t bpf_lost;
	struct ifw_pcache *cache;
	struct ifw_matcher *matcher;
	struct ifw_recorder rec;
	const char *prom_path; /* Prometheus textfile, NULL: none */
	bool prom_dirty;
	uint64_t prom_last; /* CLOCK_MONOTONIC of the last write (at most one a second) */
	uint64_t n_created, n_unattributed; /* while watching */
	/* One bit per pid (up to the kernel's limit, 4M: 512 KiB) that is some link's
	 * creator_pid: the proc connector's exit events (every process on the host) look at the
	 * links only for these. NULL: look every time. */
	uint64_t *creator_pids;
	struct ifw_rtwatch rt;
	struct ifw_ns_ent *ns;
	size_t n_ns, cap_ns;
	struct ifw_moveout *moves; /* links gone from one namespace, not yet seen in another */
	size_t n_moves, cap_moves;
	uint64_t retry_at[8]; /* rescans scheduled after a directory changed */
	uint64_t resync_at;   /* a second comparison after lost notifications, 0: none */
	size_t n_retry;
};

void ifw_watcher_emit(struct ifw_watcher *w, struct ifw_wev *ev);
int ifw_watch_ns_init(struct ifw_watcher *w, struct ifw_err *err);
void ifw_watch_ns_free(struct ifw_watcher *w);
/* After the start: links the history knows nothing of (made while no watcher ran) are
 * reported "appeared"; the others take their creator from it. */
void ifw_watch_ns_report_unrecorded(struct ifw_watcher *w);
/* Learns the namespace of a process that just exec'd; if the process is already gone (a short
 * command read late on a loaded host), the namespace of the parent that forked it, which may
 * still hold it (a process that unshared and never exec'd since). */
void ifw_watch_ns_check_exec(struct ifw_watcher *w, int32_t pid);
void ifw_watch_ns_schedule_rescan(struct ifw_watcher *w);
uint64_t ifw_watch_ns_next_retry(const struct ifw_watcher *w);
void ifw_watch_ns_poll_retry(struct ifw_watcher *w);
/* Reads the rtnetlink socket and turns what it says into events. */
void ifw_watch_ns_drain(struct ifw_watcher *w);
/* A process exited: the links it made and left behind say so (a creator-exited event). */
void ifw_watch_ns_creator_exit(struct ifw_watcher *w, int32_t pid, uint64_t mono_ns);
/* Writes the Prometheus textfile (atomically) if something changed since the last time. */
void ifw_watch_prom_write(struct ifw_watcher *w);
/* The next time (CLOCK_MONOTONIC) a pending move must be reported without its arrival. */
uint64_t ifw_watch_ns_next_move(const struct ifw_watcher *w);

#endif
