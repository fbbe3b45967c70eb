#include "collect/linux/daemon_talk.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

void ifw_dt_begin(struct ifw_dt *t)
{
	t->fd = -1;
	t->why = NULL;
	t->absent = t->denied = false;
	clock_gettime(CLOCK_MONOTONIC, &t->deadline);
	t->deadline.tv_nsec += (long)IFW_DT_DEADLINE_MS * 1000000L;
	t->deadline.tv_sec += t->deadline.tv_nsec / 1000000000L;
	t->deadline.tv_nsec %= 1000000000L;
}

static int ms_left(const struct ifw_dt *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long ms = (t->deadline.tv_sec - now.tv_sec) * 1000L +
	          (t->deadline.tv_nsec - now.tv_nsec) / 1000000L;
	return ms < 0 ? 0 : (int)ms;
}

static int fail(struct ifw_dt *t, const char *why)
{
	if (!t->why)
		t->why = why;
	return -1;
}

/* Waits until fd is ready for ev, or the deadline. */
static int wait_for(struct ifw_dt *t, short ev)
{
	for (;;) {
		struct pollfd p = {.fd = t->fd, .events = ev};
		int left = ms_left(t);
		if (left == 0)
			return fail(t, "no answer within 100 ms");
		int r = poll(&p, 1, left);
		if (r > 0)
			return 0;
		if (r == 0)
			return fail(t, "no answer within 100 ms");
		if (errno != EINTR)
			return fail(t, "poll failed");
	}
}

int ifw_dt_connect_unix(struct ifw_dt *t, int pid, const char *path)
{
	char root[64];
	snprintf(root, sizeof(root), "/proc/%d/root", pid);
	int rfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rfd < 0) {
		t->denied = errno == EACCES || errno == EPERM;
		return fail(t, "its root is not readable");
	}
	struct open_how how = {.flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT};
	int pfd = (int)syscall(SYS_openat2, rfd, path, &how, sizeof(how));
	int e = errno;
	close(rfd);
	if (pfd < 0) {
		t->denied = e == EACCES || e == EPERM;
		t->absent = e == ENOENT || e == ENOTDIR;
		return fail(t, t->denied   ? "not permitted to reach its socket"
		               : t->absent ? "its socket path does not exist"
		                           : "could not open its socket path");
	}
	t->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (t->fd < 0) {
		close(pfd);
		return fail(t, "no socket");
	}
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	snprintf(sa.sun_path, sizeof(sa.sun_path), "/proc/self/fd/%d", pfd);
	int r = connect(t->fd, (struct sockaddr *)&sa, sizeof(sa));
	close(pfd);
	/* A unix connect does not go in progress: EAGAIN means a full backlog (a stuck daemon). */
	if (r < 0)
		return fail(t, errno == EAGAIN         ? "its socket's backlog is full"
		               : errno == ECONNREFUSED ? "nothing listens on its socket"
		                                       : "could not connect to its socket");
	return 0;
}

int ifw_dt_adopt(struct ifw_dt *t, int fd)
{
	t->fd = fd;
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return fail(t, "fcntl failed");
	return 0;
}

bool ifw_dt_peer_trusted(struct ifw_dt *t, uint32_t daemon_uid)
{
	struct ucred cr;
	socklen_t n = sizeof(cr);
	if (getsockopt(t->fd, SOL_SOCKET, SO_PEERCRED, &cr, &n) < 0 || n != sizeof(cr)) {
		fail(t, "its listener's credentials are unknown");
		return false;
	}
	if (cr.uid == 0 || cr.uid == daemon_uid)
		return true;
	fail(t, "its socket is served by another user (not trusted)");
	return false;
}

int ifw_dt_send(struct ifw_dt *t, const char *req, size_t len)
{
	size_t off = 0;
	while (off < len) {
		ssize_t w = send(t->fd, req + off, len - off, MSG_NOSIGNAL);
		if (w > 0) {
			off += (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (wait_for(t, POLLOUT) < 0)
				return -1;
			continue;
		}
		return fail(t, "could not send the request");
	}
	return 0;
}

ssize_t ifw_dt_recv(struct ifw_dt *t, char *buf, size_t cap,
                    bool (*done)(const char *buf, size_t n))
{
	size_t n = 0;
	if (cap > IFW_DT_MAX_BYTES)
		cap = IFW_DT_MAX_BYTES;
	buf[0] = '\0';
	for (;;) {
		if (done(buf, n))
			return (ssize_t)n;
		if (n + 1 >= cap)
			return fail(t, "its answer is larger than the byte budget");
		ssize_t r = recv(t->fd, buf + n, cap - 1 - n, 0);
		if (r > 0) {
			n += (size_t)r;
			buf[n] = '\0';
			continue;
		}
		if (r == 0)
			return fail(t, "it closed the connection before a complete answer");
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return fail(t, "could not read its answer");
		if (wait_for(t, POLLIN) < 0)
			return -1;
	}
}

void ifw_dt_end(struct ifw_dt *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
}
