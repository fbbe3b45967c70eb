/* Talking to a tunnel daemon on its control socket, safely: the socket is reached through the
 * daemon's own root (/proc/PID/root, RESOLVE_IN_ROOT), trusted only if the listener is root or
 * the daemon's uid (SO_PEERCRED), and every conversation has one deadline and a byte budget, so
 * a daemon that hangs or floods never holds up or grows the run. (Kept small and local to the
 * daemon collectors; a shared module may replace it.) */
#ifndef IFW_DAEMON_TALK_H
#define IFW_DAEMON_TALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#define IFW_DT_DEADLINE_MS 100
#define IFW_DT_MAX_BYTES   (256 * 1024)

struct ifw_dt {
	int fd;
	struct timespec deadline; /* CLOCK_MONOTONIC */
	const char *why;          /* what went wrong, for the model warning */
	bool absent;              /* no socket at that path: nothing to ask, nothing to say */
	bool denied;              /* not permitted: a privilege limit, not a failure */
};

/* Starts a conversation: sets the deadline (now + IFW_DT_DEADLINE_MS). */
void ifw_dt_begin(struct ifw_dt *t);

/* Connects to the unix socket at path as process pid sees it (non-blocking, close-on-exec).
 * Returns 0, or -1 with t->why set. */
int ifw_dt_connect_unix(struct ifw_dt *t, int pid, const char *path);

/* Uses an already connected socket (a TCP socket made in the daemon's namespace). */
int ifw_dt_adopt(struct ifw_dt *t, int fd);

/* True if the listener's credentials are root's or daemon_uid's; sets t->why otherwise. */
bool ifw_dt_peer_trusted(struct ifw_dt *t, uint32_t daemon_uid);

/* Sends all of req before the deadline. */
int ifw_dt_send(struct ifw_dt *t, const char *req, size_t len);

/* Reads into buf (up to cap - 1 bytes, NUL-terminated) until done(buf, n) says the answer is
 * complete, the peer closes, the deadline passes or the budget is spent. Returns the length
 * read, or -1 with t->why set (timeout, over budget, error) when the answer is not complete. */
ssize_t ifw_dt_recv(struct ifw_dt *t, char *buf, size_t cap,
                    bool (*done)(const char *buf, size_t n));

void ifw_dt_end(struct ifw_dt *t);

#endif
