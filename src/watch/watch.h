/* `ifwho watch`: every link change in every network namespace, with who asked for it. */
#ifndef IFW_WATCH_H
#define IFW_WATCH_H

#include "collect/linux/creator.h"
#include "collect/linux/linkreq.h"
#include "history/history.h"
#include "util/err.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum ifw_wev_type {
	IFW_WEV_CREATED,
	IFW_WEV_APPEARED, /* found in a namespace seen for the first time: its creation was missed
	                   */
	IFW_WEV_RENAMED,
	IFW_WEV_MOVED,
	IFW_WEV_DELETED,
	IFW_WEV_ADDR_ADDED,
	IFW_WEV_ADDR_REMOVED,
	IFW_WEV_GAP,            /* the watcher started, or the kernel dropped notifications */
	IFW_WEV_CREATOR_EXITED, /* a link's creator exited (a second or more after making it) and
	                           left the link behind */
};
const char *ifw_wev_type_name(enum ifw_wev_type t);

/* One recorded event. */
struct ifw_wev {
	enum ifw_wev_type type;
	uint64_t time_ns; /* CLOCK_REALTIME when the watcher read it */
	char netns[64];   /* where it happened: "host", a /run/netns name, or "pid N" */
	uint64_t netns_inode;
	int32_t ifindex;
	char name[16], old_name[16], kind[24];
	char to_netns[64]; /* moved: the namespace it went to */
	char addr[48];
	char note[192]; /* gap: why */
	bool has_creator;
	struct ifw_creator creator;
	double latency_ms; /* from the request (BPF time) to the record, -1 if unknown */
};

struct ifw_watch_opts {
	bool json;
	bool no_bpf;            /* force the proc-connector fallback */
	bool quiet_addr;        /* no address events */
	const char *history;    /* database path, NULL: no history */
	int64_t keep_ns;        /* history retention by age (0: unbounded) */
	int64_t max_bytes;      /* ... and by size */
	double duration_s;      /* stop after this long (tests); 0: until a signal */
	const char *ready_file; /* created once every namespace is watched (tests) */
	const char *prom_path;  /* Prometheus textfile, NULL: none */
	int rcvbuf;             /* the netlink queue in bytes (IFWHO_WATCH_RCVBUF), 0: default */
	bool bpf_log;           /* print the verifier's log when the BPF tracer fails to load */
	bool bpf_sys_enter;     /* the BPF tracer on sys_enter, not notifier_run (comparisons) */
	/* history is the default place, whose missing directories are made. A path the caller
	 * named (--history, IFWHO_HISTORY) must be in a directory that exists: made as root, it
	 * could be /etc/nologin (a directory there stops every other user's login). */
	bool history_make_dirs;
};

/* Output sink: called for every event, in order. */
typedef void (*ifw_wev_sink)(const struct ifw_wev *ev, void *data);

/* Runs until SIGINT/SIGTERM or the duration; returns 0, or -1 with err if it could not start. */
int ifw_watch_run(const struct ifw_watch_opts *o, ifw_wev_sink sink, void *sink_data,
                  struct ifw_err *err);

/* Attribution: requests seen by BPF (or processes from the connector) matched to events. */
struct ifw_matcher;
struct ifw_matcher *ifw_matcher_new(struct ifw_pcache *cache);
void ifw_matcher_free(struct ifw_matcher *m);
/* A captured request: the creator is read from /proc at once (it may exit any moment). */
void ifw_matcher_add_request(struct ifw_matcher *m, const struct ifw_req_raw *r,
                             uint64_t now_mono_ns);
/* Fills ev->creator for a created/renamed/moved/deleted event if a request or a process
 * explains it. fallback: also look in the process cache (no BPF). */
void ifw_matcher_attribute(struct ifw_matcher *m, struct ifw_wev *ev, bool fallback,
                           uint64_t now_mono_ns);
/* Drops requests older than the window. */
void ifw_matcher_expire(struct ifw_matcher *m, uint64_t now_mono_ns);

/* Text and JSON-lines renderings (sanitized / valid UTF-8). */
void ifw_wev_print_text(FILE *f, const struct ifw_wev *ev);
void ifw_wev_print_json(FILE *f, const struct ifw_wev *ev);
/* The creator in one line: "/usr/sbin/ip (pid 42) ← bash (pid 41) ← ..., unit x.service". */
void ifw_creator_line(const struct ifw_creator *c, char *out, size_t len);

#endif
