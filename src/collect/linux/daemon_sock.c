/* Identity checks, owner checks, deadlines and byte budgets for daemon conversations (see
 * daemon_sock.h). */
#include "collect/linux/daemon_sock.h"
#include "collect/linux/bounded.h"
#include "collect/linux/linux.h"
#include "collect/linux/procfs.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <linux/openat2.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
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

/* True while pid still names the process that started at start_ticks. Checked after anything
 * is opened through /proc/PID: a pid, once reused, never names the old process again, so what
 * was opened before a successful check belongs to the daemon. */
static bool same_process(int pid, uint64_t start_ticks)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%d", pid);
	int dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return false;
	ssize_t n = ifw_read_at(dfd, "stat", buf, sizeof(buf), NULL);
	close(dfd);
	struct ifw_proc_stat st;
	return n > 0 && ifw_parse_proc_stat(buf, (size_t)n, &st) == 0 &&
	       st.start_ticks == start_ticks;
}

/* Whether pid's mount namespace is owned by a user namespace other than ifwho's: there its user
 * may bind-mount any root-owned program over a file of the daemon's name (unshare -Urm), and
 * the name and owner of /proc/PID/exe prove nothing. 1 yes, 0 no, -1 unknown (errno set). */
static int foreign_mounts(int pid)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/ns/mnt", pid);
	int mnt = open(path, O_RDONLY | O_CLOEXEC);
	if (mnt < 0)
		return -1;
	int owner = ioctl(mnt, NS_GET_USERNS);
	int e = errno;
	close(mnt);
	struct stat a, b;
	if (owner < 0) {
		errno = e;
		return -1;
	}
	int rc = fstat(owner, &a) == 0 && stat("/proc/self/ns/user", &b) == 0 ? 0 : -1;
	e = errno;
	close(owner);
	errno = e;
	return rc < 0 ? -1 : a.st_dev != b.st_dev || a.st_ino != b.st_ino;
}

int ifw_dsock_identify(struct ifw_dsock_daemon *dm, const struct ifw_model *m, ifw_id proc,
                       const char *const *names, size_t n_names, struct ifw_err *err)
{
	const struct ifw_process *p = &m->procs.v[proc];
	*dm = (struct ifw_dsock_daemon){
	    .proc = proc,
	    .pid = p->pid,
	    .uid = p->has_uid ? p->uid : 0, /* unknown: only root is trusted */
	    .start_ticks = p->start_ticks,
	    .netns_inode = p->netns_inode,
	};
	char link[64], exe[4096];
	snprintf(link, sizeof(link), "/proc/%d/exe", p->pid);
	ssize_t l = readlink(link, exe, sizeof(exe) - 1);
	if (l < 0) {
		dm->denied = errno == EACCES || errno == EPERM;
		return ifw_fail_errno(err, errno, "its executable cannot be read");
	}
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
	/* The running file itself, even if its name was replaced since; its attributes as the
	 * kernel has them (AT_STATX_DONT_SYNC): a file system that asks a server (FUSE, NFS) is
	 * not asked, so one that never answers cannot hold the run here. */
	struct statx st;
	if (statx(AT_FDCWD, link, AT_STATX_DONT_SYNC, STATX_UID | STATX_MODE, &st) < 0) {
		dm->denied = errno == EACCES || errno == EPERM;
		return ifw_fail_errno(err, errno, "its executable %s cannot be checked", exe);
	}
	if (st.stx_uid != 0)
		return ifw_fail(err, IFW_E_PERM, "its executable %s belongs to uid %u, not root",
		                exe, (unsigned)st.stx_uid);
	if (st.stx_mode & (S_IWGRP | S_IWOTH))
		return ifw_fail(err, IFW_E_PERM,
		                "its executable %s is writable by other users (mode %04o)", exe,
		                (unsigned)(st.stx_mode & 07777));
	int foreign = foreign_mounts(p->pid);
	if (foreign < 0) {
		dm->denied = errno == EACCES || errno == EPERM;
		return ifw_fail_errno(err, errno, "its mount namespace cannot be checked");
	}
	if (foreign)
		return ifw_fail(err, IFW_E_PERM,
		                "its executable %s is seen through a mount namespace of another "
		                "user namespace (whose user may have mounted any program there)",
		                exe);
	if (!same_process(p->pid, p->start_ticks))
		return ifw_fail(err, IFW_E_NOTFOUND, "pid %d is no longer the process seen",
		                p->pid);
	dm->exe_checked = true;
	return 0;
}

/* Sets d->stop and err; returns -1. */
__attribute__((format(printf, 4, 5))) static int
refuse(struct ifw_dsock *d, enum ifw_dsock_stop stop, struct ifw_err *err, const char *fmt, ...)
{
	d->stop = stop;
	va_list ap;
	va_start(ap, fmt);
	char msg[sizeof(err->msg)];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ifw_dsock_close(d);
	return ifw_fail(err, stop == IFW_DSOCK_DENIED ? IFW_E_PERM : IFW_E_SYS, "%s", msg);
}

static bool owner_ok(uint32_t uid, uint32_t daemon_uid)
{
	return uid == 0 || uid == daemon_uid;
}

/* Starts the conversation's clock; -1 if the daemon was not identified or the run's time is
 * up. */
static int start(struct ifw_dsock *d, struct ifw_dsock_run *run, const struct ifw_dsock_daemon *dm,
                 const struct ifw_dsock_limits *lim, struct ifw_err *err)
{
	memset(d, 0, sizeof(*d));
	d->fd = -1;
	d->conv_ms = lim && lim->conv_ms > 0 ? lim->conv_ms : IFW_DSOCK_CONV_MS;
	d->max_bytes = lim && lim->max_bytes ? lim->max_bytes : IFW_DSOCK_MAX_BYTES;
	d->bytes_left = d->max_bytes;
	d->run_ms = run->total_ms;
	if (!dm->exe_checked)
		return refuse(d, IFW_DSOCK_UNTRUSTED, err, "its executable was not checked");
	int64_t t = now_ns();
	if (t >= run->end_ns)
		return refuse(d, IFW_DSOCK_RUN_TIMEOUT, err,
		              "the %d ms all daemon queries may take were used up", run->total_ms);
	d->end_ns = t + (int64_t)d->conv_ms * 1000000LL;
	if (d->end_ns > run->end_ns) {
		d->end_ns = run->end_ns;
		d->run_bound = true;
	}
	return 0;
}

static enum ifw_dsock_stop open_stop(int e)
{
	return e == EACCES || e == EPERM     ? IFW_DSOCK_DENIED
	       : e == ENOENT || e == ENOTDIR ? IFW_DSOCK_ABSENT
	                                     : IFW_DSOCK_UNTRUSTED;
}

struct uconn_arg {
	int rfd;
	const char *path;
	uint32_t daemon_uid;
};

enum uconn_stage { UC_OK = 1, UC_OPEN, UC_NOTSOCK, UC_OWNER, UC_SOCKET, UC_CONNECT };

struct uconn_out {
	int stage, err;
	unsigned uid;
};

/* In the child (bounded.h): the socket file looked up in the daemon's root, checked, and
 * connected to; the connected socket is handed back. */
static int uconn_fn(void *arg, void *out, size_t cap, size_t *len, int *fd)
{
	(void)cap;
	const struct uconn_arg *a = arg;
	struct uconn_out *o = out;
	*len = sizeof(*o);
	struct open_how how = {.flags = O_PATH | O_CLOEXEC | O_NOFOLLOW,
	                       .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
	int pfd = (int)syscall(SYS_openat2, a->rfd, a->path, &how, sizeof(how));
	if (pfd < 0) {
		*o = (struct uconn_out){UC_OPEN, errno, 0};
		return -1;
	}
	struct stat st;
	if (fstat(pfd, &st) < 0 || !S_ISSOCK(st.st_mode)) {
		*o = (struct uconn_out){UC_NOTSOCK, errno, 0};
		return -1;
	}
	if (!owner_ok(st.st_uid, a->daemon_uid)) {
		*o = (struct uconn_out){UC_OWNER, 0, (unsigned)st.st_uid};
		return -1;
	}
	/* Non-blocking from the start: a listener whose backlog is full refuses at once
	 * (EAGAIN) instead of holding connect(); a unix connect never goes in progress. */
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (s < 0) {
		*o = (struct uconn_out){UC_SOCKET, errno, 0};
		return -1;
	}
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	snprintf(sa.sun_path, sizeof(sa.sun_path), "/proc/self/fd/%d", pfd);
	if (connect(s, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		*o = (struct uconn_out){UC_CONNECT, errno, 0};
		return -1;
	}
	*o = (struct uconn_out){UC_OK, 0, 0};
	*fd = s;
	return 0;
}

int ifw_dsock_connect(struct ifw_dsock *d, struct ifw_dsock_run *run,
                      const struct ifw_dsock_daemon *dm, const char *path,
                      const struct ifw_dsock_limits *lim, struct ifw_err *err)
{
	if (start(d, run, dm, lim, err) < 0)
		return -1;
	char root[64];
	snprintf(root, sizeof(root), "/proc/%d/root", dm->pid);
	int rfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rfd < 0) {
		int e = errno;
		return refuse(d, e == EACCES || e == EPERM ? IFW_DSOCK_DENIED : IFW_DSOCK_IOERR,
		              err, "%s: %s", root, strerror(e));
	}
	if (!same_process(dm->pid, dm->start_ticks)) {
		close(rfd);
		return refuse(d, IFW_DSOCK_UNTRUSTED, err, "pid %d is no longer the process seen",
		              dm->pid);
	}
	/* The path is the daemon's to choose (and a daemon run by a user may name one on a FUSE
	 * mount of theirs that never answers): a child looks it up and connects (bounded.h). */
	struct uconn_arg a = {.rfd = rfd, .path = path, .daemon_uid = dm->uid};
	struct uconn_out o = {0};
	struct ifw_bounded_res res;
	int rc = ifw_bounded_call(uconn_fn, &a, &o, sizeof(o), d->end_ns, &res);
	close(rfd);
	if (rc < 0 && res.timed_out)
		return refuse(d, d->run_bound ? IFW_DSOCK_RUN_TIMEOUT : IFW_DSOCK_TIMEOUT, err,
		              "%s: no answer within %d ms to looking it up or connecting (a file "
		              "system that does not answer, such as a stalled FUSE mount?)",
		              path, d->conv_ms);
	if (rc < 0 || res.len != sizeof(o))
		return refuse(d, IFW_DSOCK_IOERR, err, "%s: could not look it up", path);
	int e = o.err;
	switch (o.stage) {
	case UC_OK:
		break;
	case UC_OPEN:
		return refuse(d, open_stop(e), err, "%s: %s", path, strerror(e));
	case UC_NOTSOCK:
		return refuse(d, IFW_DSOCK_UNTRUSTED, err, "%s is not a socket", path);
	case UC_OWNER:
		return refuse(d, IFW_DSOCK_UNTRUSTED, err,
		              "its socket %s belongs to uid %u (neither root nor the daemon's uid "
		              "%u)",
		              path, o.uid, (unsigned)dm->uid);
	case UC_SOCKET:
		return refuse(d, IFW_DSOCK_IOERR, err, "socket: %s", strerror(e));
	default:
		return refuse(d,
		              e == EACCES || e == EPERM          ? IFW_DSOCK_DENIED
		              : e == EAGAIN || e == ECONNREFUSED ? IFW_DSOCK_REFUSED
		                                                 : IFW_DSOCK_IOERR,
		              err, "cannot connect to %s: %s", path,
		              e == EAGAIN ? "its backlog is full" : strerror(e));
	}
	if (res.fd < 0)
		return refuse(d, IFW_DSOCK_IOERR, err, "%s: could not look it up", path);
	d->fd = res.fd;
	struct ucred cred;
	socklen_t cl = sizeof(cred);
	if (getsockopt(d->fd, SOL_SOCKET, SO_PEERCRED, &cred, &cl) < 0 || cl != sizeof(cred))
		return refuse(d, IFW_DSOCK_UNTRUSTED, err,
		              "%s: the listener's credentials are unknown", path);
	if (!owner_ok(cred.uid, dm->uid))
		return refuse(d, IFW_DSOCK_UNTRUSTED, err,
		              "the process listening on %s (pid %d) runs as uid %u (neither root "
		              "nor the daemon's uid %u)",
		              path, (int)cred.pid, (unsigned)cred.uid, (unsigned)dm->uid);
	return 0;
}

/* The daemon's own listening TCP socket on ip:port, or a sentence saying why there is none. */
static const char *held_listener(const struct ifw_model *m, const struct ifw_dsock_daemon *dm,
                                 const struct ifw_ip *ip, unsigned port)
{
	const char *why = "it holds no TCP socket listening there";
	for (size_t i = 0; i < m->fdrefs.n; i++) {
		const struct ifw_fdref *r = &m->fdrefs.v[i];
		if (r->proc != dm->proc || r->type != IFW_FD_SOCKET)
			continue;
		for (size_t k = 0; k < m->sockets.n; k++) {
			const struct ifw_socket *s = &m->sockets.v[k];
			if (s->inode != r->inode || s->proto != IFW_P_TCP || !s->listening ||
			    s->lport != port || s->family != ip->family ||
			    !(ifw_ip_is_any(&s->local) || ifw_ip_eq(&s->local, ip)))
				continue;
			/* A socket passed in from another namespace would send us elsewhere. */
			if (s->ns == IFW_NOID || m->netns.v[s->ns].inode != dm->netns_inode)
				why = "its TCP listener there is in another network namespace";
			else if (!owner_ok(s->uid, dm->uid))
				why = "its TCP listener there belongs to another uid";
			else
				return NULL;
		}
	}
	return why;
}

int ifw_dsock_connect_tcp(struct ifw_dsock *d, struct ifw_dsock_run *run,
                          const struct ifw_dsock_daemon *dm, const struct ifw_model *m,
                          const struct ifw_ip *ip, unsigned port,
                          const struct ifw_dsock_limits *lim, struct ifw_err *err)
{
	if (start(d, run, dm, lim, err) < 0)
		return -1;
	char addr[IFW_IP_STRLEN];
	ifw_ip_str(ip, addr);
	if (port == 0 || port > 65535 || (ip->family != AF_INET && ip->family != AF_INET6))
		return refuse(d, IFW_DSOCK_UNTRUSTED, err, "%s port %u is not an address", addr,
		              port);
	const char *why = held_listener(m, dm, ip, port);
	if (why)
		return refuse(d, IFW_DSOCK_UNTRUSTED, err, "%s port %u: %s (not trusted)", addr,
		              port, why);
	if (!same_process(dm->pid, dm->start_ticks))
		return refuse(d, IFW_DSOCK_UNTRUSTED, err, "pid %d is no longer the process seen",
		              dm->pid);
	char nspath[64];
	snprintf(nspath, sizeof(nspath), "/proc/%d/ns/net", dm->pid);
	struct ifw_err e = {0};
	int saved = -1;
	struct stat self;
	bool here =
	    stat("/proc/self/ns/net", &self) == 0 && (uint64_t)self.st_ino == dm->netns_inode;
	if (!here && ifw_netns_enter(nspath, dm->netns_inode, &saved, &e) < 0)
		return refuse(d, e.code == IFW_E_PERM ? IFW_DSOCK_DENIED : IFW_DSOCK_IOERR, err,
		              "could not enter its network namespace: %s", e.msg);
	d->fd = socket(ip->family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	int se = errno;
	if (!here && ifw_netns_leave(saved, &e) < 0) {
		/* Never go on in a foreign namespace: the caller stops the run. */
		d->stop = IFW_DSOCK_FATAL;
		ifw_dsock_close(d);
		return ifw_fail(err, IFW_E_LIMIT, "%s", e.msg);
	}
	if (d->fd < 0)
		return refuse(d, IFW_DSOCK_IOERR, err, "socket: %s", strerror(se));
	struct sockaddr_storage ss = {0};
	socklen_t sl;
	if (ip->family == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;
		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)port);
		memcpy(&a->sin_addr, ip->a, 4);
		sl = sizeof(*a);
	} else {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		memcpy(&a->sin6_addr, ip->a, 16);
		sl = sizeof(*a);
	}
	if (connect(d->fd, (struct sockaddr *)&ss, sl) == 0)
		return 0;
	if (errno != EINPROGRESS)
		return refuse(d, IFW_DSOCK_REFUSED, err, "cannot connect to %s port %u: %s", addr,
		              port, strerror(errno));
	struct pollfd p = {.fd = d->fd, .events = POLLOUT};
	int64_t left = d->end_ns - now_ns();
	struct timespec ts = {.tv_sec = left > 0 ? (time_t)(left / 1000000000LL) : 0,
	                      .tv_nsec = left > 0 ? (long)(left % 1000000000LL) : 0};
	int r;
	do
		r = ppoll(&p, 1, &ts, NULL);
	while (r < 0 && errno == EINTR);
	if (r == 0)
		return refuse(d, d->run_bound ? IFW_DSOCK_RUN_TIMEOUT : IFW_DSOCK_TIMEOUT, err,
		              "%s port %u did not accept within %d ms", addr, port, d->conv_ms);
	int soerr = 0;
	socklen_t el = sizeof(soerr);
	if (r < 0 || getsockopt(d->fd, SOL_SOCKET, SO_ERROR, &soerr, &el) < 0 || soerr)
		return refuse(d, IFW_DSOCK_REFUSED, err, "cannot connect to %s port %u: %s", addr,
		              port, strerror(soerr ? soerr : errno));
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

/* One recv of at most n bytes within the deadline and budget: >0 bytes read, or -1. */
static ssize_t recv_some(struct ifw_dsock *d, void *buf, size_t n)
{
	for (;;) {
		ssize_t r = recv(d->fd, buf, n, MSG_DONTWAIT);
		if (r > 0) {
			d->bytes_left -= (size_t)r;
			return r;
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
		d->stop = errno == ECONNRESET ? IFW_DSOCK_CLOSED : IFW_DSOCK_IOERR;
		d->err_no = errno;
		return -1;
	}
}

int ifw_dsock_recv(struct ifw_dsock *d, void *buf, size_t n)
{
	if (n > d->bytes_left) {
		d->stop = IFW_DSOCK_BUDGET;
		return -1;
	}
	char *p = buf;
	while (n > 0) {
		ssize_t r = recv_some(d, p, n);
		if (r < 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

ssize_t ifw_dsock_recv_until(struct ifw_dsock *d, char *buf, size_t cap,
                             bool (*done)(const char *buf, size_t n))
{
	size_t n = 0;
	if (cap == 0) {
		d->stop = IFW_DSOCK_BUDGET;
		return -1;
	}
	buf[0] = '\0';
	while (!done(buf, n)) {
		size_t room = cap - 1 - n;
		if (room > d->bytes_left)
			room = d->bytes_left;
		if (room == 0) {
			d->stop = IFW_DSOCK_BUDGET;
			return -1;
		}
		ssize_t r = recv_some(d, buf + n, room);
		if (r < 0)
			return -1;
		n += (size_t)r;
		buf[n] = '\0';
	}
	return (ssize_t)n;
}

const char *ifw_dsock_why(struct ifw_dsock *d)
{
	switch (d->stop) {
	case IFW_DSOCK_OK:
		snprintf(d->why, sizeof(d->why), "its answer could not be used");
		break;
	case IFW_DSOCK_ABSENT:
		snprintf(d->why, sizeof(d->why), "there is no socket at that path");
		break;
	case IFW_DSOCK_DENIED:
		snprintf(d->why, sizeof(d->why), "not permitted to reach its socket");
		break;
	case IFW_DSOCK_UNTRUSTED:
		snprintf(d->why, sizeof(d->why), "its socket is not trusted");
		break;
	case IFW_DSOCK_REFUSED:
		snprintf(d->why, sizeof(d->why), "it did not accept the connection");
		break;
	case IFW_DSOCK_FATAL:
		snprintf(d->why, sizeof(d->why), "could not return to ifwho's own namespace");
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
		snprintf(d->why, sizeof(d->why), "its answer is larger than the %zu bytes allowed",
		         d->max_bytes);
		break;
	case IFW_DSOCK_CLOSED:
		snprintf(d->why, sizeof(d->why),
		         "it closed the connection before a complete answer");
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
