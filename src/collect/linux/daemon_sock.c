/* Deadlines, byte budgets and owner checks for daemon conversations (see daemon_sock.h). */
#include "collect/linux/daemon_sock.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void ifw_dsock_run_start(struct ifw_dsock_run *run, int total_ms)
{
	run->total_ms = total_ms;
	run->end_ns = now_ns() + (int64_t)total_ms * 1000000LL;
}

int ifw_dsock_check_exe(int pid, const char *const *names, size_t n_names, struct ifw_err *err)
{
	char link[64], exe[4096];
	snprintf(link, sizeof(link), "/proc/%d/exe", pid);
	ssize_t l = readlink(link, exe, sizeof(exe) - 1);
	if (l < 0)
		return ifw_fail_errno(err, errno, "its executable cannot be read");
	exe[l] = '\0';
	static const char deleted[] = " (deleted)";
	size_t dl = sizeof(deleted) - 1;
	if ((size_t)l > dl && strcmp(exe + l - dl, deleted) == 0)
		exe[l - dl] = '\0';
	const char *base = strrchr(exe, '/');
	base = base ? base + 1 : exe;
	bool named = false;
	for (size_t i = 0; i < n_names && !named; i++)
		named = strcmp(base, names[i]) == 0;
	if (!named)
		return ifw_fail(err, IFW_E_PERM, "its executable %s is not the daemon's", exe);
	struct stat st; /* the running file itself, even if its name was replaced since */
	if (stat(link, &st) < 0)
		return ifw_fail_errno(err, errno, "its executable %s cannot be checked", exe);
	if (st.st_uid != 0)
		return ifw_fail(err, IFW_E_PERM, "its executable %s belongs to uid %u, not root",
		                exe, (unsigned)st.st_uid);
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return ifw_fail(err, IFW_E_PERM,
		                "its executable %s is writable by other users (mode %04o)", exe,
		                (unsigned)(st.st_mode & 07777));
	return 0;
}

static bool owner_ok(uint32_t uid, uint32_t daemon_uid)
{
	return uid == 0 || uid == daemon_uid;
}

int ifw_dsock_connect(struct ifw_dsock *d, struct ifw_dsock_run *run, int pid, uint32_t daemon_uid,
                      const char *path, const struct ifw_dsock_limits *lim, struct ifw_err *err)
{
	memset(d, 0, sizeof(*d));
	d->fd = -1;
	d->conv_ms = lim && lim->conv_ms > 0 ? lim->conv_ms : IFW_DSOCK_CONV_MS;
	d->run_ms = run->total_ms;
	d->bytes_left = lim && lim->max_bytes ? lim->max_bytes : IFW_DSOCK_MAX_BYTES;
	int64_t start = now_ns();
	if (start >= run->end_ns)
		return ifw_fail(err, IFW_E_LIMIT,
		                "the %d ms all daemon queries may take were used up",
		                run->total_ms);
	d->end_ns = start + (int64_t)d->conv_ms * 1000000LL;
	if (d->end_ns > run->end_ns) {
		d->end_ns = run->end_ns;
		d->run_bound = true;
	}

	char root[64];
	snprintf(root, sizeof(root), "/proc/%d/root", pid);
	int rfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rfd < 0)
		return ifw_fail_errno(err, errno, "%s", root);
	struct open_how how = {.flags = O_PATH | O_CLOEXEC | O_NOFOLLOW,
	                       .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
	int pfd = (int)syscall(SYS_openat2, rfd, path, &how, sizeof(how));
	int e = errno;
	close(rfd);
	if (pfd < 0)
		return ifw_fail_errno(err, e, "%s", path);
	struct stat st;
	if (fstat(pfd, &st) < 0 || !S_ISSOCK(st.st_mode)) {
		close(pfd);
		return ifw_fail(err, IFW_E_PERM, "%s is not a socket", path);
	}
	if (!owner_ok(st.st_uid, daemon_uid)) {
		close(pfd);
		return ifw_fail(err, IFW_E_PERM,
		                "its socket %s belongs to uid %u (neither root nor the "
		                "daemon's uid %u)",
		                path, (unsigned)st.st_uid, (unsigned)daemon_uid);
	}
	/* Non-blocking from the start: a listener whose backlog is full refuses at once
	 * (EAGAIN) instead of holding connect(). */
	d->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (d->fd < 0) {
		e = errno;
		close(pfd);
		return ifw_fail_errno(err, e, "socket");
	}
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	snprintf(sa.sun_path, sizeof(sa.sun_path), "/proc/self/fd/%d", pfd);
	int r = connect(d->fd, (struct sockaddr *)&sa, sizeof(sa));
	e = errno;
	close(pfd);
	if (r < 0) {
		ifw_dsock_close(d);
		return ifw_fail_errno(err, e, "cannot connect to %s", path);
	}
	struct ucred cred;
	socklen_t cl = sizeof(cred);
	if (getsockopt(d->fd, SOL_SOCKET, SO_PEERCRED, &cred, &cl) < 0) {
		e = errno;
		ifw_dsock_close(d);
		return ifw_fail_errno(err, e, "%s: SO_PEERCRED", path);
	}
	if (!owner_ok(cred.uid, daemon_uid)) {
		ifw_dsock_close(d);
		return ifw_fail(err, IFW_E_PERM,
		                "the process listening on %s (pid %d) runs as uid %u "
		                "(neither root nor the daemon's uid %u)",
		                path, (int)cred.pid, (unsigned)cred.uid, (unsigned)daemon_uid);
	}
	return 0;
}

/* Waits for events on d->fd until the deadline: 1 ready, 0 time is up, -1 error. */
static int wait_for(struct ifw_dsock *d, short events)
{
	for (;;) {
		int64_t left = d->end_ns - now_ns();
		if (left <= 0) {
			d->stop = d->run_bound ? IFW_DSOCK_RUN_TIMEOUT : IFW_DSOCK_TIMEOUT;
			return 0;
		}
		struct pollfd p = {.fd = d->fd, .events = events};
		struct timespec ts = {.tv_sec = (time_t)(left / 1000000000LL),
		                      .tv_nsec = (long)(left % 1000000000LL)};
		int r = ppoll(&p, 1, &ts, NULL);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			d->stop = IFW_DSOCK_IOERR;
			d->err_no = errno;
			return -1;
		}
		if (r > 0)
			return 1;
	}
}

int ifw_dsock_send(struct ifw_dsock *d, const void *buf, size_t n)
{
	const char *p = buf;
	while (n > 0) {
		ssize_t w = send(d->fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w > 0) {
			p += w;
			n -= (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (wait_for(d, POLLOUT) <= 0)
				return -1;
			continue;
		}
		d->stop =
		    errno == EPIPE || errno == ECONNRESET ? IFW_DSOCK_CLOSED : IFW_DSOCK_IOERR;
		d->err_no = errno;
		return -1;
	}
	return 0;
}

int ifw_dsock_recv(struct ifw_dsock *d, void *buf, size_t n)
{
	if (n > d->bytes_left) {
		d->stop = IFW_DSOCK_BUDGET;
		return -1;
	}
	char *p = buf;
	while (n > 0) {
		ssize_t r = recv(d->fd, p, n, MSG_DONTWAIT);
		if (r > 0) {
			p += r;
			n -= (size_t)r;
			d->bytes_left -= (size_t)r;
			continue;
		}
		if (r == 0) {
			d->stop = IFW_DSOCK_CLOSED;
			return -1;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			if (wait_for(d, POLLIN) <= 0)
				return -1;
			continue;
		}
		d->stop = IFW_DSOCK_IOERR;
		d->err_no = errno;
		return -1;
	}
	return 0;
}

const char *ifw_dsock_why(struct ifw_dsock *d)
{
	switch (d->stop) {
	case IFW_DSOCK_OK:
		snprintf(d->why, sizeof(d->why), "its answer could not be used");
		break;
	case IFW_DSOCK_TIMEOUT:
		snprintf(d->why, sizeof(d->why), "no complete answer within %d ms", d->conv_ms);
		break;
	case IFW_DSOCK_RUN_TIMEOUT:
		snprintf(d->why, sizeof(d->why),
		         "no complete answer before the %d ms all daemon queries may take ran out",
		         d->run_ms);
		break;
	case IFW_DSOCK_BUDGET:
		snprintf(d->why, sizeof(d->why), "its answer is larger than the limit");
		break;
	case IFW_DSOCK_CLOSED:
		snprintf(d->why, sizeof(d->why), "it closed the connection");
		break;
	case IFW_DSOCK_IOERR:
		snprintf(d->why, sizeof(d->why), "%s", strerror(d->err_no));
		break;
	}
	return d->why;
}

void ifw_dsock_close(struct ifw_dsock *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
}
