/* Talking to a local daemon over its unix socket (strongSwan's vici today; WireGuard's UAPI and
 * OpenVPN's management socket are meant to use it too) when ifwho runs as root on a host where
 * other users live. Any user can start a process called "charon" and listen on a socket called
 * "vici": such a process must neither be believed nor be able to hold ifwho up. So:
 *
 *  - trust: a daemon is asked only if its executable (/proc/PID/exe) has one of the expected
 *    base names and is owned by root and writable by nobody else (ifw_dsock_check_exe), and
 *    if both the socket file and the process listening on it (SO_PEERCRED) belong to root or
 *    to the daemon's own uid (ifw_dsock_connect);
 *  - time: every conversation has its own deadline (IFW_DSOCK_CONV_MS from connect), and all
 *    conversations of one run share one more (struct ifw_dsock_run): a slow or dripping peer
 *    costs at most that, whatever it sends;
 *  - size: every conversation may read at most max_bytes.
 *
 * Usage (one run):
 *
 *     struct ifw_dsock_run run;
 *     ifw_dsock_run_start(&run, IFW_DSOCK_RUN_MS);      // once, before the first daemon
 *     ...
 *     if (ifw_dsock_check_exe(pid, names, n, &err) < 0)  // warn "not asked: <err.msg>"
 *     struct ifw_dsock d;
 *     if (ifw_dsock_connect(&d, &run, pid, uid, path, NULL, &err) < 0)  // warn err.msg
 *     if (ifw_dsock_send(&d, req, len) < 0 || ifw_dsock_recv(&d, buf, n) < 0)
 *             warn("gave up on <daemon> (pid N): %s", ifw_dsock_why(&d));
 *     ifw_dsock_close(&d);
 *
 * Everything is read-only towards the host: nothing is created or changed. */
#pragma once

#include "util/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IFW_DSOCK_CONV_MS   200        /* one conversation, connect to last byte */
#define IFW_DSOCK_RUN_MS    1000       /* all daemon conversations of one run together */
#define IFW_DSOCK_MAX_BYTES (8u << 20) /* bytes one conversation may read */

/* The deadline all daemon conversations of one run share. */
struct ifw_dsock_run {
	int64_t end_ns; /* CLOCK_MONOTONIC */
	int total_ms;
};

void ifw_dsock_run_start(struct ifw_dsock_run *run, int total_ms);

/* Per-conversation limits; NULL in ifw_dsock_connect means the defaults above. */
struct ifw_dsock_limits {
	int conv_ms;
	size_t max_bytes;
};

enum ifw_dsock_stop {
	IFW_DSOCK_OK = 0,
	IFW_DSOCK_TIMEOUT,     /* the conversation's deadline passed */
	IFW_DSOCK_RUN_TIMEOUT, /* the run's deadline passed first */
	IFW_DSOCK_BUDGET,      /* the peer sent more than max_bytes */
	IFW_DSOCK_CLOSED,      /* the peer closed the connection */
	IFW_DSOCK_IOERR,       /* a socket error (errno kept) */
};

struct ifw_dsock {
	int fd;
	int64_t end_ns;    /* this conversation's deadline: min(connect + conv_ms, run's) */
	size_t bytes_left; /* what may still be read */
	int conv_ms, run_ms;
	bool run_bound;           /* end_ns is the run's deadline */
	enum ifw_dsock_stop stop; /* why the last send/recv failed */
	int err_no;
	char why[128];
};

/* 0 if /proc/PID/exe's base name is one of names (a " (deleted)" suffix of an upgraded binary
 * ignored), and the file is owned by root and not writable by group or others; else -1 with
 * err saying which check failed. */
int ifw_dsock_check_exe(int pid, const char *const *names, size_t n_names, struct ifw_err *err);

/* Connects to path as the process pid sees it (resolved inside /proc/PID/root). Refuses, with
 * -1 and err, when the socket file or the listening process (SO_PEERCRED) belongs to anyone
 * but root or daemon_uid, when the run's time is used up, or when the peer does not accept at
 * once. On success d holds a non-blocking socket and the conversation's clock has started. */
int ifw_dsock_connect(struct ifw_dsock *d, struct ifw_dsock_run *run, int pid, uint32_t daemon_uid,
                      const char *path, const struct ifw_dsock_limits *lim, struct ifw_err *err);

/* Sends all n bytes before the deadline: 0, or -1 (d->stop says why). */
int ifw_dsock_send(struct ifw_dsock *d, const void *buf, size_t n);
/* Reads exactly n bytes before the deadline and within the byte budget: 0, or -1. */
int ifw_dsock_recv(struct ifw_dsock *d, void *buf, size_t n);
/* Why the last send/recv failed, for a warning ("no complete answer within 200 ms"). */
const char *ifw_dsock_why(struct ifw_dsock *d);
void ifw_dsock_close(struct ifw_dsock *d);
