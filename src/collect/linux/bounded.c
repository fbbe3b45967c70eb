/* See bounded.h. The answer travels over a socket pair: a header (fn's return value, errno,
 * length, whether a descriptor comes along, with the descriptor as SCM_RIGHTS), then the bytes. */
#include "collect/linux/bounded.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct hdr {
	int rc, err;
	size_t len;
	int has_fd;
};

int64_t ifw_bounded_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void child(int s, ifw_bounded_fn fn, void *arg, void *out, size_t cap)
{
	size_t len = 0;
	int fd = -1;
	errno = 0;
	int rc = fn(arg, out, cap, &len, &fd);
	struct hdr h = {.rc = rc, .err = errno, .len = len > cap ? cap : len, .has_fd = fd >= 0};
	struct iovec iov = {.iov_base = &h, .iov_len = sizeof(h)};
	union {
		struct cmsghdr c;
		char b[CMSG_SPACE(sizeof(int))];
	} u;
	memset(&u, 0, sizeof(u));
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	if (fd >= 0) {
		mh.msg_control = u.b;
		mh.msg_controllen = sizeof(u.b);
		struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(int));
	}
	/* The header fits the socket's buffer: one sendmsg sends it whole. */
	if (sendmsg(s, &mh, MSG_NOSIGNAL) != (ssize_t)sizeof(h))
		_exit(1);
	const char *p = out;
	for (size_t off = 0; off < h.len;) {
		ssize_t w = send(s, p + off, h.len - off, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			_exit(1);
		off += (size_t)w;
	}
	_exit(0);
}

/* Waits for s to be readable until end_ns: 1, 0 when the time is up, -1 on error. */
static int wait_readable(int s, int64_t end_ns)
{
	for (;;) {
		int64_t left = end_ns - ifw_bounded_now_ns();
		if (left <= 0)
			return 0;
		struct pollfd pf = {.fd = s, .events = POLLIN};
		int pr = poll(&pf, 1, (int)((left + 999999) / 1000000));
		if (pr > 0)
			return 1;
		if (pr < 0 && errno != EINTR)
			return -1;
	}
}

/* The header (and the descriptor with its first byte), then len bytes into out. */
static int receive(int s, void *out, size_t cap, int64_t end_ns, struct ifw_bounded_res *res)
{
	struct hdr h;
	size_t got = 0;
	while (got < sizeof(h)) {
		int w = wait_readable(s, end_ns);
		if (w <= 0) {
			res->timed_out = w == 0;
			return -1;
		}
		struct iovec iov = {.iov_base = (char *)&h + got, .iov_len = sizeof(h) - got};
		union {
			struct cmsghdr c;
			char b[CMSG_SPACE(sizeof(int))];
		} u;
		struct msghdr mh = {.msg_iov = &iov,
		                    .msg_iovlen = 1,
		                    .msg_control = u.b,
		                    .msg_controllen = sizeof(u.b)};
		ssize_t r = recvmsg(s, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r <= 0)
			return -1;
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
			if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
			    c->cmsg_len == CMSG_LEN(sizeof(int)) && res->fd < 0)
				memcpy(&res->fd, CMSG_DATA(c), sizeof(int));
		got += (size_t)r;
	}
	if (h.len > cap || (h.has_fd && res->fd < 0))
		return -1;
	char *p = out;
	for (size_t off = 0; off < h.len;) {
		int w = wait_readable(s, end_ns);
		if (w <= 0) {
			res->timed_out = w == 0;
			return -1;
		}
		ssize_t r = recv(s, p + off, h.len - off, MSG_DONTWAIT);
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r <= 0)
			return -1;
		off += (size_t)r;
	}
	res->rc = h.rc;
	res->err = h.err;
	res->len = h.len;
	return 0;
}

int ifw_bounded_call(ifw_bounded_fn fn, void *arg, void *out, size_t cap, int64_t end_ns,
                     struct ifw_bounded_res *res)
{
	memset(res, 0, sizeof(*res));
	res->fd = -1;
	if (end_ns <= ifw_bounded_now_ns()) {
		res->timed_out = true;
		errno = ETIMEDOUT;
		return -1;
	}
	int sp[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) < 0) {
		res->failed = true;
		return -1;
	}
	pid_t pid = fork();
	if (pid == 0) {
		close(sp[0]);
		child(sp[1], fn, arg, out, cap);
	}
	int e = errno;
	close(sp[1]);
	if (pid < 0) {
		close(sp[0]);
		res->failed = true;
		errno = e;
		return -1;
	}
	int rc = receive(sp[0], out, cap, end_ns, res);
	close(sp[0]);
	/* Whatever it is doing, it is done for: a wait on FUSE ends on a fatal signal. Reaped
	 * within a bound; one that still does not go is left to init when ifwho ends. */
	kill(pid, SIGKILL);
	for (int i = 0; i < 200 && waitpid(pid, NULL, WNOHANG) == 0; i++)
		poll(NULL, 0, 5);
	if (rc < 0) {
		if (res->fd >= 0)
			close(res->fd);
		res->fd = -1;
		res->failed = !res->timed_out;
		errno = res->timed_out ? ETIMEDOUT : EIO;
		return -1;
	}
	return 0;
}
