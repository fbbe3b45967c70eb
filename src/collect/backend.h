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
	/* Test hooks, read by the cli: configuration files read under this root instead of the
	 * host's (IFWHO_CONFIG_ROOT); runtime state read under this root, with no daemon asked
	 * (IFWHO_STATE_ROOT). NULL normally. */
	const char *config_root, *state_root;
	const char *search_path; /* PATH, read by the cli: where the commands backend finds
	                            programs (NULL: /usr/bin:/bin:/usr/sbin:/sbin) */
};

/* The kernel's own answer to "how would a packet to this address leave?" in one namespace,
 * as `ip route get` prints it. */
struct ifw_route_answer {
	size_t query;    /* which of the addresses asked about */
	char netns[128]; /* the namespace's display name */
	int error;       /* the kernel refused: its errno (ENETUNREACH: no route), 0 if answered */
	uint8_t type;    /* RTN_UNICAST, RTN_LOCAL, RTN_BROADCAST, RTN_MULTICAST, RTN_BLACKHOLE,
	                    RTN_UNREACHABLE, RTN_PROHIBIT (also set from error when it says so) */
	uint32_t table;  /* the routing table that answered, 0 when not said */
	char dev[16];    /* the output device, "" when none */
	struct ifw_ip gateway, prefsrc;
};

struct ifw_backend {
	const char *name;
	/* Returns 0 when the model holds what could be collected (gaps are warnings in the
	 * model); -1 with err set when nothing useful could be collected. */
	int (*collect)(struct ifw_model *m, const struct ifw_collect_opts *o, struct ifw_err *err);
	/* Asks the kernel about each of dsts[0..n) in every namespace o->netns selects (NULL:
	 * all); *out (malloc'ed, the caller frees) gets one answer per address and namespace
	 * entered. Namespaces that cannot be entered are skipped, counted in *denied. NULL when the
	 * backend has no kernel to ask (offline evidence). */
	int (*route_get)(const struct ifw_collect_opts *o, const struct ifw_ip *dsts, size_t n,
	                 struct ifw_route_answer **out, size_t *n_out, size_t *denied,
	                 struct ifw_err *err);
};

/* Defined only when the Linux backend is built (meson -Dlinux_backend=true on Linux). */
extern const struct ifw_backend ifw_backend_linux;
extern const struct ifw_backend ifw_backend_evidence;
/* Runs the system's own commands (ifconfig, netstat, lsof, ps, ...) and reads their output as
 * the evidence backend reads a saved file: live collection where there is no Linux backend. */
extern const struct ifw_backend ifw_backend_commands;

/* The backend that collects this host: the Linux one when it is built, else the command-running
 * one. want (IFWHO_BACKEND, read by the cli) = "commands" (or "linux", when built) chooses;
 * *err is set and NULL returned for another value. */
const struct ifw_backend *ifw_backend_live(const char *want, struct ifw_err *err);

#endif
