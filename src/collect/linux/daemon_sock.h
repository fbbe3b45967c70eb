/* Talking to a local daemon on its control socket (strongSwan's vici, the WireGuard UAPI of
 * wireguard-go and BoringTun, OpenVPN's management interface, and any daemon asked in future)
 * when ifwho runs as root on a host where other users live. Any user can start a process
 * called "charon" or "wireguard-go" and listen on a socket called "vici" or "wg0.sock": such a
 * process must neither be believed nor be able to hold ifwho up. Every daemon query goes
 * through this module, so every one gets the same rules:
 *
 *  - identity (ifw_dsock_identify): the process is still the one the /proc pass saw (its start
 *    time), and its executable (/proc/PID/exe) has one of the names the caller expects, is owned
 *    by root and is writable by nobody else. Nothing is connected to without this.
 *  - trust, unix sockets (ifw_dsock_connect): the path is resolved as the daemon sees it
 *    (openat2 inside /proc/PID/root, RESOLVE_IN_ROOT, no magic links, the last component not
 *    a link), must be a socket, and both the socket file and the process listening on it
 *    (SO_PEERCRED) must belong to root or to the daemon's uid.
 *  - trust, TCP (ifw_dsock_connect_tcp, OpenVPN's `management IP PORT`): only if the daemon
 *    itself holds a listening TCP socket on that address and port, in its own network
 *    namespace, created by root or the daemon's uid (from the socket dump); the socket is made
 *    inside that namespace and connected there.
 *  - time: every conversation has its own deadline (the caller's conv_ms from connect), and
 *    all conversations of one run share one more (struct ifw_dsock_run, IFW_DSOCK_RUN_MS): a
 *    slow, silent or dripping peer costs at most that, whatever it sends, and once the run's
 *    time is used up nothing more is asked.
 *  - size: every conversation may read at most the caller's max_bytes, over all its reads.
 *
 * Usage (one run):
 *
 *     struct ifw_dsock_run run;
 *     ifw_dsock_run_start(&run, IFW_DSOCK_RUN_MS);   // once, before the first daemon
 *     ...
 *     static const struct ifw_dsock_limits lim = {.conv_ms = 200, .max_bytes = 8u << 20};
 *     struct ifw_dsock_daemon dm;
 *     struct ifw_dsock d;
 *     if (ifw_dsock_identify(&dm, m, proc, names, n, &err) < 0 ||
 *         ifw_dsock_connect(&d, &run, &dm, path, &lim, &err) < 0)
 *             warn("did not ask <daemon> (pid N): %s", err.msg);   // d.stop says what kind
 *     else if (ifw_dsock_send(&d, req, len) < 0 || ifw_dsock_recv(&d, buf, n) < 0)
 *             warn("gave up on <daemon> (pid N): %s", ifw_dsock_why(&d));
 *     ifw_dsock_close(&d);
 *
 * Everything is read-only towards the host: nothing is created or changed. */
#ifndef IFW_DAEMON_SOCK_H
#define IFW_DAEMON_SOCK_H

#include "model/model.h"
#include "util/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define IFW_DSOCK_RUN_MS 1000 /* all daemon conversations of one run together */
/* A conversation's limits when the caller gives none (NULL): the strictest any caller uses. */
#define IFW_DSOCK_CONV_MS   100
#define IFW_DSOCK_MAX_BYTES (256u << 10)

/* The deadline all daemon conversations of one run share. */
struct ifw_dsock_run {
	int64_t end_ns; /* CLOCK_MONOTONIC */
	int total_ms;
};

void ifw_dsock_run_start(struct ifw_dsock_run *run, int total_ms);

/* Per-conversation limits, chosen by each daemon's collector (see the why there). */
struct ifw_dsock_limits {
	int conv_ms;      /* connect to last byte */
	size_t max_bytes; /* bytes the conversation may read, all reads together */
};

/* The process ifwho identified as the daemon. Filled by ifw_dsock_identify; the connect
 * functions refuse one whose executable was not checked (tests may fill it by hand). */
struct ifw_dsock_daemon {
	ifw_id proc; /* in the model */
	int pid;
	uint32_t uid;         /* the uid it runs as: its sockets must be root's or this uid's */
	uint64_t start_ticks; /* /proc/PID/stat field 22: pid reuse is caught */
	uint64_t netns_inode;
	bool exe_checked;
	bool denied; /* identify failed for want of privileges (not a verdict on the daemon) */
};

/* How a conversation ended, or why it never started. */
enum ifw_dsock_stop {
	IFW_DSOCK_OK = 0,
	IFW_DSOCK_ABSENT,      /* connect: no such path (nothing to ask there) */
	IFW_DSOCK_DENIED,      /* connect: not permitted to reach it (a privilege limit) */
	IFW_DSOCK_UNTRUSTED,   /* connect: not the daemon, or its socket is someone else's */
	IFW_DSOCK_REFUSED,     /* connect: nothing listens, or its backlog is full */
	IFW_DSOCK_FATAL,       /* connect_tcp: could not return to ifwho's own namespace */
	IFW_DSOCK_TIMEOUT,     /* the conversation's deadline passed */
	IFW_DSOCK_RUN_TIMEOUT, /* the run's deadline passed first (or had passed at connect) */
	IFW_DSOCK_BUDGET,      /* the peer sent more than max_bytes, or more than fits */
	IFW_DSOCK_CLOSED,      /* the peer closed the connection */
	IFW_DSOCK_IOERR,       /* a socket error (err_no kept) */
};

/* One conversation. */
struct ifw_dsock {
	int fd;
	int64_t end_ns;    /* this conversation's deadline: min(connect + conv_ms, run's) */
	size_t bytes_left; /* what may still be read */
	size_t max_bytes;
	int conv_ms, run_ms;
	bool run_bound;           /* end_ns is the run's deadline */
	enum ifw_dsock_stop stop; /* why connect, send or recv failed */
	int err_no;
	char why[128];
};

/* Identifies process proc of m as a daemon whose executable is named one of names (a
 * " (deleted)" suffix of an upgraded binary ignored): 0 if the pid still names the process
 * the scan saw and its executable has such a name, is owned by root and is not writable by
 * group or others; else -1 with err saying which check failed. */
int ifw_dsock_identify(struct ifw_dsock_daemon *dm, const struct ifw_model *m, ifw_id proc,
                       const char *const *names, size_t n_names, struct ifw_err *err);

/* Connects to the unix socket at path as the daemon sees it (resolved inside its
 * /proc/PID/root). Refuses, with -1, err and d->stop, when the daemon was not identified or
 * is gone, the path is not a socket, the socket file or the listening process (SO_PEERCRED)
 * belongs to anyone but root or dm->uid, the run's time is used up, or the peer does not
 * accept at once. On success d holds a non-blocking socket and the conversation's clock has
 * started; lim NULL means IFW_DSOCK_CONV_MS and IFW_DSOCK_MAX_BYTES. */
int ifw_dsock_connect(struct ifw_dsock *d, struct ifw_dsock_run *run,
                      const struct ifw_dsock_daemon *dm, const char *path,
                      const struct ifw_dsock_limits *lim, struct ifw_err *err);

/* Connects to ip:port over TCP inside the daemon's network namespace (entered unless it is
 * ifwho's own), if the model shows the daemon (dm->proc) holding a listening TCP socket there
 * (bound to ip or to any address, in its own namespace, created by root or dm->uid); waits for
 * the connect within the deadline. -1 with err and d->stop as above; d->stop is IFW_DSOCK_FATAL
 * when ifwho could not return to its own network namespace (the caller must stop the whole
 * run). */
int ifw_dsock_connect_tcp(struct ifw_dsock *d, struct ifw_dsock_run *run,
                          const struct ifw_dsock_daemon *dm, const struct ifw_model *m,
                          const struct ifw_ip *ip, unsigned port,
                          const struct ifw_dsock_limits *lim, struct ifw_err *err);

/* Sends all n bytes before the deadline: 0, or -1 (d->stop says why). */
int ifw_dsock_send(struct ifw_dsock *d, const void *buf, size_t n);
/* Reads exactly n bytes (binary framing) before the deadline and within the byte budget: 0,
 * or -1. */
int ifw_dsock_recv(struct ifw_dsock *d, void *buf, size_t n);
/* Reads text into buf (up to cap - 1 bytes, NUL-terminated, from buf[0] on) until done(buf, n)
 * says the answer is complete, before the deadline and within the budget. Returns the length
 * read, or -1 (the peer closed first, time or budget ran out, an error). */
ssize_t ifw_dsock_recv_until(struct ifw_dsock *d, char *buf, size_t cap,
                             bool (*done)(const char *buf, size_t n));
/* Why the last connect, send or recv failed, for a warning ("no complete answer within
 * 200 ms"). */
const char *ifw_dsock_why(struct ifw_dsock *d);
void ifw_dsock_close(struct ifw_dsock *d);

#endif
