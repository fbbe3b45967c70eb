/* The RDAP child: fork, become an unprivileged user, ask, send fixed-size records back. The parent
 * trusts nothing in them but their size: every string is cut at its last byte. */
#include "cli/rdap_child.h"

#include "util/privs.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { REC_ENTRY = 1, REC_WARN = 2 };

struct rec {
	uint8_t type;
	struct ifw_rdap_entry e;
	char msg[600];
};

static bool write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		len -= (size_t)w;
	}
	return true;
}

static void child_warn(void *ctx, const char *msg)
{
	struct rec r = {.type = REC_WARN};
	snprintf(r.msg, sizeof(r.msg), "%s", msg);
	write_all(*(int *)ctx, &r, sizeof(r));
}

static void child(int fd, const struct ifw_ip *ips, size_t n, const struct ifw_rdap_opts *ro,
                  const char *user)
{
	struct ifw_err err = {0};
	bool was_root = geteuid() == 0;
	int rc = ifw_drop_user(user ? user : "nobody", &err);
	if (rc == 1 || rc == 2) {
		char msg[700];
		snprintf(msg, sizeof(msg),
		         "registry lookups: could not become %s (%s); asked as root without "
		         "capabilities",
		         user ? user : "nobody", rc == 1 ? "no such user" : err.msg);
		child_warn(&fd, msg);
	} else if (rc < 0) {
		child_warn(&fd, err.msg);
		_exit(1);
	}
	if (ifw_drop_privileges(&err) < 0) {
		child_warn(&fd, err.msg);
		_exit(1);
	}
	/* Become someone else, keep no cache: root's is not that user's to read, and that user's
	 * own (nobody's) could hold answers they planted for root to show. */
	struct ifw_rdap_opts o = *ro;
	if (rc == 0 && was_root)
		o.cache_dir = NULL;
	struct ifw_owners ow = {0};
	ifw_owners_fetch_rdap(&ow, ips, n, &o, child_warn, &fd);
	for (size_t i = 0; i < ow.n_rdap; i++) {
		struct rec r = {.type = REC_ENTRY, .e = ow.rdap[i]};
		if (!write_all(fd, &r, sizeof(r)))
			break;
	}
	_exit(0);
}

int ifw_rdap_child_start(struct ifw_rdap_child *c, const struct ifw_ip *ips, size_t n,
                         const struct ifw_rdap_opts *ro, const char *user, struct ifw_err *err)
{
	c->pid = 0;
	c->fd = -1;
	int p[2];
	if (pipe(p) < 0)
		return ifw_fail_errno(err, errno, "registry lookups: pipe");
	fflush(NULL); /* nothing buffered is written twice */
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(p[0]);
		close(p[1]);
		return ifw_fail_errno(err, e, "registry lookups: fork");
	}
	if (pid == 0) {
		close(p[0]);
		child(p[1], ips, n, ro, user);
	}
	close(p[1]);
	c->pid = pid;
	c->fd = p[0];
	return 0;
}

static void cut(char *s, size_t size)
{
	s[size - 1] = '\0';
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads one whole record, or returns false at its end, an error, or the deadline. */
static bool read_rec(int fd, struct rec *r, int64_t deadline)
{
	char *p = (char *)r;
	size_t got = 0;
	while (got < sizeof(*r)) {
		int64_t left = deadline - now_ms();
		if (left <= 0)
			return false;
		struct pollfd pf = {.fd = fd, .events = POLLIN};
		int pr = poll(&pf, 1, (int)left);
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr <= 0)
			return false;
		ssize_t k = read(fd, p + got, sizeof(*r) - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return false;
		got += (size_t)k;
	}
	return true;
}

void ifw_rdap_child_finish(struct ifw_rdap_child *c, struct ifw_owners *ow,
                           void (*warn)(void *, const char *), void *warn_ctx)
{
	if (!c->pid)
		return;
	int64_t deadline = now_ms() + 60000;
	struct rec r;
	bool timed_out = false;
	while (read_rec(c->fd, &r, deadline)) {
		if (r.type == REC_WARN) {
			cut(r.msg, sizeof(r.msg));
			if (warn)
				warn(warn_ctx, r.msg);
		} else if (r.type == REC_ENTRY && ow->n_rdap < 32) {
			struct ifw_rdap_result *x = &r.e.r;
			cut(x->server, sizeof(x->server));
			cut(x->handle, sizeof(x->handle));
			cut(x->name, sizeof(x->name));
			cut(x->org, sizeof(x->org));
			cut(x->range, sizeof(x->range));
			cut(x->country, sizeof(x->country));
			uint8_t
			    raw; /* a bool's bytes as sent: any other value than 0 or 1 is "yes" */
			memcpy(&raw, &x->cached, 1);
			x->cached = raw != 0;
			if (r.e.ip.family != AF_INET && r.e.ip.family != AF_INET6)
				continue;
			struct ifw_rdap_entry *ne =
			    realloc(ow->rdap, (ow->n_rdap + 1) * sizeof(*ne));
			if (!ne)
				break;
			ow->rdap = ne;
			ow->rdap[ow->n_rdap++] = r.e;
		}
	}
	timed_out = now_ms() >= deadline;
	close(c->fd);
	if (timed_out) {
		kill(c->pid, SIGKILL);
		if (warn)
			warn(warn_ctx, "registry lookups: no answer within 60 s; stopped");
	}
	while (waitpid(c->pid, NULL, 0) < 0 && errno == EINTR)
		;
	c->pid = 0;
	c->fd = -1;
}
