/* Reading OpenVPN's remotes, read-only: its command line (/proc/PID/cmdline), its config files
 * (resolved as it sees them: relative to --cd or its cwd, inside its root), its status file and
 * its management interface (`state`, `status 3`) when one is configured without a password.
 * OpenVPN's UDP socket is not connected, so no socket table names the far end. The management
 * interface is asked through daemon_sock.h: only a root-owned openvpn executable, only its own
 * socket (unix: root's or its uid's; TCP: a listener it holds in its namespace), bounded in
 * time and bytes within the run's daemon deadline. */
#include "collect/linux/bounded.h"
#include "collect/linux/daemon_sock.h"
#include "collect/linux/linux.h"
#include "collect/linux/openvpn_parse.h"
#include "util/input.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define OVPN_MAX_FILE (256 * 1024)
#define OVPN_MAX_ARGV 256
#define OVPN_FILE_MS  100 /* reading one config or status file (see read_in_root) */

static const char timed_out[] = ": no answer within 100 ms, or the run's daemon deadline "
                                "was used up (a file system that does not answer, such as a "
                                "FUSE mount whose server is stalled); given up";

static bool is_openvpn(const struct ifw_process *p)
{
	if (p->comm && strcmp(p->comm, "openvpn") == 0)
		return true;
	const char *b = p->exe ? strrchr(p->exe, '/') : NULL;
	return b && strcmp(b + 1, "openvpn") == 0;
}

/* Reads at most OVPN_MAX_FILE bytes of full in the root rfd (a process's /proc/PID/root) into
 * buf: the length, or -1 with errno. */
static ssize_t read_beneath(int rfd, const char *full, char *buf)
{
	/* Looked at before it is opened: any process may call itself openvpn and name a device
	 * (a watchdog, a tape) as its config; only a regular file is ever opened for reading. */
	struct open_how how = {.flags = O_PATH | O_CLOEXEC,
	                       .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
	int pfd = (int)syscall(SYS_openat2, rfd, full, &how, sizeof(how));
	if (pfd < 0)
		return -1;
	struct stat st;
	if (fstat(pfd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(pfd);
		errno = EINVAL;
		return -1;
	}
	/* Reopened for reading as every input is (util/input.h): non-blocking, and nothing of the
	 * kernel's file systems, whose files look regular (--config /proc/kmsg blocked the run
	 * for good and ate the kernel's log). */
	char self[64];
	snprintf(self, sizeof(self), "/proc/self/fd/%d", pfd);
	struct ifw_err err = {0};
	int fd = ifw_input_open(AT_FDCWD, self, 0, &err);
	close(pfd);
	if (fd < 0) {
		errno = err.code == IFW_E_PARSE ? EINVAL : err.errno_val ? err.errno_val : EIO;
		return -1;
	}
	size_t n = 0;
	while (n < OVPN_MAX_FILE) {
		ssize_t r = read(fd, buf + n, OVPN_MAX_FILE - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	return (ssize_t)n;
}

struct beneath {
	int rfd;
	const char *full;
};

static int read_beneath_fn(void *arg, void *out, size_t cap, size_t *len, int *fd)
{
	(void)cap; /* OVPN_MAX_FILE */
	(void)fd;
	const struct beneath *b = arg;
	ssize_t n = read_beneath(b->rfd, b->full, out);
	*len = n < 0 ? 0 : (size_t)n;
	return n < 0 ? -1 : 0;
}

/* Reads at most OVPN_MAX_FILE bytes of path as process pid sees it (relative paths from base).
 * Returns a malloc'ed buffer or NULL with errno (ETIMEDOUT: no answer in time).
 *
 * The path is the process's to choose, and any process may call itself openvpn: it may lead
 * into a file system that never answers (a FUSE mount whose server does not reply), where the
 * lookup, the stat or the read would wait for good. So a child reads (bounded.h), given
 * OVPN_FILE_MS within the run's daemon deadline. */
static char *read_in_root(int pid, const char *base, const char *path, size_t *len,
                          const struct ifw_dsock_run *run)
{
	char full[1024], root[64];
	if (path[0] == '/')
		snprintf(full, sizeof(full), "%s", path);
	else
		snprintf(full, sizeof(full), "%s/%s", base, path);
	snprintf(root, sizeof(root), "/proc/%d/root", pid);
	int64_t end_ns = ifw_bounded_now_ns() + (int64_t)OVPN_FILE_MS * 1000000LL;
	if (end_ns > run->end_ns)
		end_ns = run->end_ns;
	int rfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rfd < 0)
		return NULL; /* errno says why */
	char *buf = malloc(OVPN_MAX_FILE);
	if (!buf) {
		close(rfd);
		errno = ENOMEM;
		return NULL;
	}
	struct beneath b = {.rfd = rfd, .full = full};
	struct ifw_bounded_res res;
	int rc = ifw_bounded_call(read_beneath_fn, &b, buf, OVPN_MAX_FILE, end_ns, &res);
	int e = rc < 0 ? errno : res.err;
	close(rfd);
	if (rc < 0 || res.rc < 0) {
		free(buf);
		errno = e ? e : EIO;
		return NULL;
	}
	*len = res.len;
	return buf;
}

/* The NUL-separated command line, split in place into argv. */
static size_t read_argv(int pid, char *buf, size_t cap, char **argv)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, cap - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	size_t argc = 0;
	for (ssize_t i = 0; i < n && argc < OVPN_MAX_ARGV; i += (ssize_t)strlen(buf + i) + 1)
		argv[argc++] = buf + i;
	return argc;
}

/* The tun device the process holds (its interface, when confirmed). */
static const struct ifw_fdref *tun_of(const struct ifw_model *m, ifw_id proc)
{
	for (size_t i = 0; i < m->fdrefs.n; i++)
		if (m->fdrefs.v[i].proc == proc && m->fdrefs.v[i].type == IFW_FD_TUN)
			return &m->fdrefs.v[i];
	return NULL;
}

static const char *const openvpn_names[] = {"openvpn"};

/* The management interface answers `state` and `status 3` at once from memory; a server's
 * status lists each client on a line or two: 256 KiB is a thousand clients or more. */
static const struct ifw_dsock_limits mgmt_limits = {.conv_ms = 100, .max_bytes = 256u << 10};

static bool line_done(const char *b, size_t n)
{
	return memchr(b, '\n', n) != NULL || (n >= 9 && strstr(b, "PASSWORD:") != NULL);
}

static bool end_done(const char *b, size_t n)
{
	return (n >= 5 && strncmp(b, "END\r\n", 5) == 0) || strstr(b, "\nEND\r\n") != NULL ||
	       (n >= 7 && strncmp(b, "ERROR: ", 7) == 0 && memchr(b, '\n', n));
}

/* One management conversation: greeting, `state`, `status 3`. Returns -1 only when ifwho could
 * not return to its own network namespace. */
static int ask_management(struct ifw_model *m, struct ifw_dsock_run *run, ifw_id proc,
                          const struct ifw_ovpn_conf *c, const struct ifw_ovpn_target *tg)
{
	const struct ifw_process *p = &m->procs.v[proc];
	struct ifw_dsock d = {.fd = -1};
	struct ifw_dsock_daemon dm;
	struct ifw_err err = {0};
	const char *why = NULL;
	int rc = 0;
	size_t cap = mgmt_limits.max_bytes + 1;
	char *buf = malloc(cap);
	if (!buf)
		return 0;
	if (c->mgmt_password) {
		why = "it asks for a password";
		goto out;
	}
	/* Any user can name a process openvpn and listen on a port: ask only the real one. */
	if (ifw_dsock_identify(&dm, m, proc, openvpn_names, 1, &err) < 0) {
		if (dm.denied) {
			ifw_model_limit(m, "OpenVPN's management interface (checking the daemon "
			                   "needs CAP_SYS_PTRACE)");
			goto out_quiet;
		}
		why = err.msg;
		goto out;
	}
	if (c->mgmt_unix) {
		if (ifw_dsock_connect(&d, run, &dm, c->mgmt_host, &mgmt_limits, &err) < 0) {
			why = err.msg;
			goto out;
		}
	} else {
		struct ifw_ip ip;
		if (ifw_ip_parse(c->mgmt_host, &ip) < 0 || !c->mgmt_port) {
			why = "its management address is not an IP address and port";
			goto out;
		}
		if (ifw_dsock_connect_tcp(&d, run, &dm, m, &ip, c->mgmt_port, &mgmt_limits, &err) <
		    0) {
			if (d.stop == IFW_DSOCK_FATAL)
				rc = -1;
			why = err.msg;
			goto out;
		}
	}
	if (ifw_dsock_recv_until(&d, buf, cap, line_done) < 0)
		goto out;
	if (strstr(buf, "PASSWORD:")) {
		why = "it asks for a password";
		goto out;
	}
	if (strncmp(buf, ">INFO:", 6) != 0) {
		why = "it did not greet as OpenVPN's management interface";
		goto out;
	}
	ssize_t n;
	if (ifw_dsock_send(&d, "state\r\n", 7) < 0 ||
	    (n = ifw_dsock_recv_until(&d, buf, cap, end_done)) < 0)
		goto out;
	int st = ifw_ovpn_parse_state(m, tg, buf, (size_t)n);
	if (st < 0) {
		why = "its answer to `state` is malformed";
		goto out;
	}
	if (ifw_dsock_send(&d, "status 3\r\n", 10) < 0 ||
	    (n = ifw_dsock_recv_until(&d, buf, cap, end_done)) < 0)
		goto out;
	if (ifw_ovpn_parse_status(m, tg, buf, (size_t)n, "openvpn management") < 0)
		why = "its answer to `status 3` is malformed";
	else
		goto out_quiet;
out:
	if (!why && d.stop != IFW_DSOCK_OK)
		why = ifw_dsock_why(&d);
	if (why && d.stop != IFW_DSOCK_DENIED) {
		char port[16] = "";
		if (!c->mgmt_unix)
			snprintf(port, sizeof(port), " port %u", c->mgmt_port);
		ifw_model_warn(
		    m, "could not ask OpenVPN (pid %d) on its management interface %s%s: %s",
		    p->pid, c->mgmt_host, port, why);
	} else if (why)
		ifw_model_limit(m, "OpenVPN's management interface (its socket is root's)");
out_quiet:
	ifw_dsock_close(&d);
	free(buf);
	return rc;
}

static int one(struct ifw_model *m, struct ifw_dsock_run *run, ifw_id proc)
{
	const struct ifw_process *p = &m->procs.v[proc];
	static char cmd[64 * 1024];
	char *argv[OVPN_MAX_ARGV];
	size_t argc = read_argv(p->pid, cmd, sizeof(cmd), argv);
	if (argc == 0)
		return 0;
	struct ifw_ovpn_conf *c = malloc(sizeof(*c));
	if (!c)
		return 0;
	int rc = 0;
	ifw_ovpn_conf_init(c);
	ifw_ovpn_cmdline(c, argv, argc);
	char cwd[512] = "/", link[64];
	snprintf(link, sizeof(link), "/proc/%d/cwd", p->pid);
	ssize_t cl = readlink(link, cwd, sizeof(cwd) - 1);
	cwd[cl > 0 ? cl : 1] = '\0';
	/* --cd moves it before it reads any file; the cwd shows where it went unless it
	 * daemonized without --cd (then relative paths are read from /, like the cwd says). */
	char base[512];
	snprintf(base, sizeof(base), "%s", c->cd[0] == '/' ? c->cd : cwd);
	for (size_t i = 0; i < c->n_configs && i < 4; i++) {
		size_t len = 0;
		char *text = read_in_root(p->pid, base, c->configs[i], &len, run);
		if (!text && (errno == EACCES || errno == EPERM)) {
			ifw_model_limit(m, "OpenVPN's config files (reading another user's process "
			                   "root needs CAP_SYS_PTRACE)");
			continue;
		}
		if (!text) {
			ifw_model_warn(m, "OpenVPN (pid %d): could not read its config file %s%s",
			               p->pid, c->configs[i],
			               errno == EINVAL
			                   ? ": not a regular file (a device, a FIFO or "
			                     "a file of /proc or /sys); not read"
			               : errno == ETIMEDOUT ? timed_out
			                                    : "");
			continue;
		}
		ifw_ovpn_config_text(c, text, len);
		free(text);
	}
	const struct ifw_fdref *tun = tun_of(m, proc);
	struct ifw_ovpn_target tg = {
	    .proc = proc,
	    .iface = tun ? tun->tun_iface : IFW_NOID,
	    .ifname = tun && tun->tun_name ? tun->tun_name
	              : c->dev[0]          ? ifw_model_strdup(m, c->dev)
	                                   : NULL,
	    .origin =
	        ifw_arena_printf(&m->arena, "OpenVPN pid %d: command line and config", p->pid),
	    .proto = strncmp(c->proto, "tcp", 3) == 0 ? IFW_P_TCP : IFW_P_UDP,
	};
	if (ifw_ovpn_add_config_sessions(m, &tg, c) < 0)
		ifw_model_warn(m, "out of memory reading OpenVPN's config");
	if (c->status[0]) {
		size_t len = 0;
		char *text = read_in_root(p->pid, base, c->status, &len, run);
		if (!text && errno == ETIMEDOUT)
			ifw_model_warn(m, "OpenVPN (pid %d): could not read its status file %s%s",
			               p->pid, c->status, timed_out);
		struct ifw_ovpn_target ts = tg;
		ts.origin = ifw_arena_printf(&m->arena, "OpenVPN pid %d: status file %s", p->pid,
		                             c->status);
		if (text && ifw_ovpn_parse_status(m, &ts, text, len, "openvpn status") < 0)
			ifw_model_warn(m, "OpenVPN (pid %d): its status file %s is not a status",
			               p->pid, c->status);
		free(text);
	}
	if (c->mgmt_host[0]) {
		struct ifw_ovpn_target tm = tg;
		tm.origin =
		    ifw_arena_printf(&m->arena, "OpenVPN pid %d: management interface", p->pid);
		rc = ask_management(m, run, proc, c, &tm);
	}
	free(c);
	return rc;
}

/* Whether the process lives in a namespace this run reads, or one not known (then it is asked,
 * as before namespaces were told apart). An openvpn elsewhere (--netns names another) describes
 * nothing shown, and its files would only use up the run's daemon deadline: any user's process
 * may be called openvpn and name slow files. */
static bool in_view(const struct ifw_model *m, const struct ifw_process *p)
{
	for (size_t i = 0; p->netns_inode && i < m->netns.n; i++)
		if (m->netns.v[i].inode == p->netns_inode)
			return m->netns.v[i].collected;
	return true;
}

int ifw_linux_query_openvpn(struct ifw_model *m, struct ifw_dsock_run *run, struct ifw_err *err)
{
	size_t asked = 0;
	for (size_t i = 0; i < m->procs.n && asked < 64; i++) {
		const struct ifw_process *p = &m->procs.v[i];
		if (!p->pid || !is_openvpn(p) || !in_view(m, p))
			continue;
		asked++;
		if (one(m, run, (ifw_id)i) < 0)
			return ifw_fail(err, IFW_E_LIMIT,
			                "could not return to ifwho's network namespace");
	}
	return 0;
}
