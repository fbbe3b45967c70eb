/* A path another user chose, looked up, opened or connected to in a forked child with a
 * deadline. A lookup on a file system that never answers (a FUSE mount whose server stalls,
 * a hard NFS mount of a server gone) waits in the kernel until a fatal signal: no deadline of
 * ifwho's own (poll, SO_RCVTIMEO) ends it. The child does the waiting; ifwho takes what it
 * hands back in time and kills it otherwise (a FUSE wait ends on SIGKILL). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What fn does in the child: fills out (at most cap bytes, *len of them) and may set *fd to one
 * descriptor to hand back (an open file or a connected socket). Returns what the caller wants
 * to know (its own codes); errno is carried back too. */
typedef int (*ifw_bounded_fn)(void *arg, void *out, size_t cap, size_t *len, int *fd);

struct ifw_bounded_res {
	int rc;         /* fn's return value (when !timed_out && !failed) */
	int err;        /* errno as fn left it */
	size_t len;     /* bytes of out it filled */
	int fd;         /* the descriptor it handed back, or -1 (the caller closes it) */
	bool timed_out; /* end_ns came first: the child was killed */
	bool failed;    /* no child (fork, socketpair) or it died without a complete answer */
};

/* Runs fn(arg, out, cap, ...) in a child until end_ns (CLOCK_MONOTONIC nanoseconds). Returns 0
 * when fn's answer came back (res->rc, err, len, fd), -1 otherwise (res->timed_out or failed,
 * errno ETIMEDOUT or why). The child is reaped, or left to init after a bounded wait. */
int ifw_bounded_call(ifw_bounded_fn fn, void *arg, void *out, size_t cap, int64_t end_ns,
                     struct ifw_bounded_res *res);

int64_t ifw_bounded_now_ns(void);
