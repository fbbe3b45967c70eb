/* What a collector must do: fill the evidence model with facts about one host. The core picks a
 * backend (live Linux, offline evidence, ...) and never includes a backend's own headers. */
#ifndef IFW_BACKEND_H
#define IFW_BACKEND_H

#include "model/model.h"
#include "util/err.h"

#include <stdbool.h>

struct ifw_collect_opts {
	const char *netns;      /* only this namespace (name, "host", inode or pid:N); NULL = all */
	const char *iface;      /* the question is about this interface only (a hint for speed) */
	const char *proc_root;  /* "/proc" unless testing */
	const char *record_dir; /* write raw netlink dumps here (for test fixtures) */
	const char *evidence_path; /* offline: a file or directory of saved command output */
	bool query_daemons;        /* ask known tunnel daemons (strongSwan vici) about their SAs */
	bool routes_only; /* interfaces and routes only (ifwho ip): no processes, sockets, rules */
	bool focus_mode;  /* read only what `iface` needs (set by the backend, not the caller) */
	bool timing;      /* print phase times on stderr (IFWHO_TIMING, read by the cli) */
	bool no_focus;    /* never focus on `iface` (IFWHO_NO_FOCUS, for comparisons) */
	bool no_bpf;      /* read fds from /proc even as root (IFWHO_NO_BPF, for comparisons) */
	bool bpf_log;     /* print the verifier's log when the BPF iterator fails (IFW_BPF_LOG) */
};

struct ifw_backend {
	const char *name;
	/* Returns 0 when the model holds what could be collected (gaps are warnings in the
	 * model); -1 with err set when nothing useful could be collected. */
	int (*collect)(struct ifw_model *m, const struct ifw_collect_opts *o, struct ifw_err *err);
};

extern const struct ifw_backend ifw_backend_linux;
extern const struct ifw_backend ifw_backend_evidence;

#endif
