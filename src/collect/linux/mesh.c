/* Asking mesh VPN daemons for their network and peers, read-only, through their local APIs:
 *
 *  - tailscaled (holds tailscale0): its LocalAPI, HTTP over its unix socket (a listening unix
 *    socket it holds named .../tailscaled.sock, else its --socket=PATH, else the Linux default
 *    /var/run/tailscale/tailscaled.sock in its root), `GET /localapi/v0/status` with the Host
 *    "local-tailscaled.sock" its server expects (tailscale/tailscale ipn/localapi/localapi.go).
 *  - zerotier-one (holds a zt* TAP per network): its service API, HTTP on its TCP port (-pPORT,
 *    else 9993; it listens on every address) in its own namespace, `GET /network` and `GET
 *    /peer` with the token of HOME/authtoken.secret (HOME its one path argument, else
 *    /var/lib/zerotier-one; read in its root, only when root's or its user's) in X-ZT1-Auth
 *    (ZeroTierOne service/README.md, one.cpp).
 *
 * Every conversation goes through daemon_sock.h: only a root-owned executable of the expected
 * name, only its own sockets, bounded in time and bytes within the run's daemon deadline. */
#include "collect/linux/bounded.h"
#include "collect/linux/daemon_sock.h"
#include "collect/linux/linux.h"
#include "collect/linux/mesh_parse.h"
#include "collect/linux/procfs.h"
#include "collect/linux/runtime_state.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MESH_MAX_ASKED 16 /* daemons' interfaces asked per run */
#define ZT_PORT        9993

/* A status answer is about 1.5 KiB per peer, written at once from memory: 4 MiB is a tailnet
 * of a few thousand nodes. ZeroTier's lists are smaller per entry. */
static const struct ifw_dsock_limits ts_limits = {.conv_ms = 150, .max_bytes = 4u << 20};
static const struct ifw_dsock_limits zt_limits = {.conv_ms = 150, .max_bytes = 1u << 20};

static bool http_done(const char *buf, size_t n)
{
	/* a non-HTTP answer ends the wait too: it is refused after */
	return ifw_http_response((char *)buf, n, false, NULL, NULL, NULL) != 0;
}

/* Sends req and reads one HTTP answer; returns the malloc'ed buffer (free it) with a 200
 * answer's body at *body, *blen, or NULL with why[] filled. */
static char *http_get(struct ifw_dsock *d, const char *req, size_t cap, char **body, size_t *blen,
                      char *why, size_t why_len)
{
	char *buf = malloc(cap + 1);
	if (!buf) {
		snprintf(why, why_len, "out of memory");
		return NULL;
	}
	if (ifw_dsock_send(d, req, strlen(req)) < 0 ||
	    ifw_dsock_recv_until(d, buf, cap + 1, http_done) < 0) {
		snprintf(why, why_len, "%s", ifw_dsock_why(d));
		free(buf);
		return NULL;
	}
	int status = 0;
	/* strlen: a NUL in the answer ends it (and what is left is not HTTP or not JSON). */
	if (ifw_http_response(buf, strlen(buf), true, &status, body, blen) != 1) {
		snprintf(why, why_len, "its answer is not HTTP");
		free(buf);
		return NULL;
	}
	if (status != 200) {
		snprintf(why, why_len, "it answered HTTP status %d", status);
		free(buf);
		return NULL;
	}
	(*body)[*blen] = '\0';
	return buf;
}

/* The daemon's arguments (/proc/PID/cmdline, NUL-separated, at most cap bytes): how many were
 * put in argv. */
static size_t read_argv(int pid, char *buf, size_t cap, const char **argv, size_t max)
{
	char dir[64];
	snprintf(dir, sizeof(dir), "/proc/%d", pid);
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return 0;
	ssize_t n = ifw_read_at(dfd, "cmdline", buf, cap - 1, NULL);
	close(dfd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	size_t argc = 0;
	for (size_t i = 0; i < (size_t)n && argc < max; i += strlen(buf + i) + 1)
		argv[argc++] = buf + i;
	return argc;
}

/* ---- Tailscale ---- */

static bool ends_with(const char *s, const char *tail)
{
	size_t n = s ? strlen(s) : 0, tl = strlen(tail);
	return n > tl && s[0] == '/' && strcmp(s + n - tl, tail) == 0;
}

/* The LocalAPI socket among the holder's listening unix sockets, or NULL. */
static const char *ts_socket_of(const struct ifw_model *m, ifw_id proc)
{
	for (size_t i = 0; i < m->fdrefs.n; i++) {
		const struct ifw_fdref *r = &m->fdrefs.v[i];
		if (r->proc != proc || r->type != IFW_FD_SOCKET)
			continue;
		for (size_t k = 0; k < m->sockets.n; k++) {
			const struct ifw_socket *s = &m->sockets.v[k];
			if (s->inode == r->inode && s->family == AF_UNIX &&
			    ends_with(s->path, "/tailscaled.sock"))
				return s->path;
		}
	}
	return NULL;
}

/* One status conversation: 0 (sessions added), or -1 with *stop and why[]. */
static int ts_ask(struct ifw_model *m, struct ifw_dsock_run *run, const struct ifw_dsock_daemon *dm,
                  const struct ifw_fdref *fd, const char *path, enum ifw_dsock_stop *stop,
                  char *why, size_t why_len)
{
	const struct ifw_process *p = &m->procs.v[dm->proc];
	struct ifw_dsock d = {.fd = -1};
	struct ifw_err err = {0};
	*stop = IFW_DSOCK_OK;
	if (ifw_dsock_connect(&d, run, dm, path, &ts_limits, &err) < 0) {
		*stop = d.stop;
		snprintf(why, why_len, "%s", err.msg);
		return -1;
	}
	static const char req[] = "GET /localapi/v0/status HTTP/1.1\r\n"
	                          "Host: local-tailscaled.sock\r\n"
	                          "Connection: close\r\n\r\n";
	char *body;
	size_t blen;
	char *buf = http_get(&d, req, ts_limits.max_bytes, &body, &blen, why, why_len);
	*stop = d.stop;
	ifw_dsock_close(&d);
	if (!buf)
		return -1;
	struct ifw_mesh_target t = {
	    .proc = dm->proc,
	    .iface = fd->tun_iface,
	    .ifname = fd->tun_name,
	    .daemon = "tailscaled",
	    .origin = ifw_arena_printf(&m->arena, "tailscale localapi %s, tailscaled pid %d", path,
	                               p->pid),
	};
	size_t skipped;
	int rc = ifw_tailscale_parse_status(m, &t, body, blen, NULL, &skipped, &err);
	free(buf);
	if (rc < 0) {
		snprintf(why, why_len, "its status is not usable: %s", err.msg);
		return -1;
	}
	if (skipped)
		ifw_model_warn(m, "tailscaled (pid %d) named %zu more peers than the %d kept",
		               p->pid, skipped, IFW_MESH_MAX_PEERS);
	return 0;
}

static int ask_tailscaled(struct ifw_model *m, struct ifw_dsock_run *run,
                          const struct ifw_dsock_daemon *dm, const struct ifw_fdref *fd, char *at,
                          size_t at_len, char *why, size_t why_len)
{
	const char *path = ts_socket_of(m, dm->proc);
	enum ifw_dsock_stop stop = IFW_DSOCK_ABSENT;
	int rc = -1;
	char args[4096];
	const char *argv[64];
	size_t argc = path ? 0 : read_argv(dm->pid, args, sizeof(args), argv, 64);
	for (size_t i = 1; i < argc && !path; i++) {
		/* Go's flag package: -socket=P, --socket=P, -socket P, --socket P */
		const char *a = argv[i] + (strncmp(argv[i], "--", 2) == 0);
		if (strncmp(a, "-socket=", 8) == 0)
			path = a + 8;
		else if (strcmp(a, "-socket") == 0 && i + 1 < argc)
			path = argv[i + 1];
		if (path && path[0] != '/')
			path = NULL; /* relative to a cwd not known here */
	}
	if (path) {
		snprintf(at, at_len, "%s", path);
		rc = ts_ask(m, run, dm, fd, path, &stop, why, why_len);
	} else {
		/* Its socket was not seen (its namespace not dumped): the Linux defaults. */
		static const char *const conv[] = {"/var/run/tailscale/tailscaled.sock",
		                                   "/run/tailscale/tailscaled.sock"};
		for (size_t k = 0; k < 2 && rc < 0 && stop == IFW_DSOCK_ABSENT; k++) {
			snprintf(at, at_len, "%s", conv[k]);
			rc = ts_ask(m, run, dm, fd, conv[k], &stop, why, why_len);
		}
		if (rc < 0 && stop == IFW_DSOCK_ABSENT)
			snprintf(why, why_len,
			         "it has no LocalAPI socket at /var/run/tailscale or "
			         "/run/tailscale");
	}
	if (rc < 0 && stop == IFW_DSOCK_DENIED) {
		ifw_model_limit(m, "the tailnet and peers of tailscaled (its LocalAPI socket is "
		                   "root's)");
		return 0;
	}
	return rc;
}

/* ---- ZeroTier ---- */

#define ZT_TOKEN_MS    100 /* looking up and reading the token */
#define TOKEN_NOT_OURS (-2)

struct token_arg {
	int rfd;
	const char *path;
	uint32_t daemon_uid;
};

/* In the child (bounded.h): the token file looked at before it is opened (only a regular file
 * of root's or the daemon's user's is read: a device named like the token could act on being
 * opened, anyone else's could be a planted one), then read. */
static int token_fn(void *arg, void *out, size_t cap, size_t *len, int *fd_out)
{
	(void)fd_out;
	const struct token_arg *a = arg;
	struct open_how how = {.flags = O_PATH | O_CLOEXEC | O_NOFOLLOW,
	                       .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
	int pfd = (int)syscall(SYS_openat2, a->rfd, a->path, &how, sizeof(how));
	if (pfd < 0)
		return -1;
	struct stat st;
	if (fstat(pfd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (st.st_uid != 0 && st.st_uid != a->daemon_uid))
		return TOKEN_NOT_OURS;
	char self[64];
	snprintf(self, sizeof(self), "/proc/self/fd/%d", pfd);
	int fd = open(self, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, out, cap);
	*len = n < 0 ? 0 : (size_t)n;
	return 0;
}

/* The service API token from the daemon's home, as it sees it: only a regular file of root's
 * or the daemon's user's (anyone else's could be a planted one), letters and digits only (it
 * goes into a header). 0, or -1 with why[]. */
static int zt_token(const struct ifw_dsock_run *run, const struct ifw_dsock_daemon *dm,
                    const char *home, char *tok, size_t cap, char *why, size_t why_len,
                    bool *denied)
{
	char path[300], root[64];
	snprintf(path, sizeof(path), "%s/authtoken.secret", home);
	*denied = false;
	snprintf(root, sizeof(root), "/proc/%d/root", dm->pid);
	int rfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rfd < 0) {
		*denied = errno == EACCES || errno == EPERM;
		snprintf(why, why_len, "%s: %s", root, strerror(errno));
		return -1;
	}
	/* The home is the daemon's to choose (a user running it may name a FUSE mount of theirs
	 * that never answers): a child looks the token up and reads it (bounded.h), within the
	 * run's daemon deadline. */
	struct token_arg a = {.rfd = rfd, .path = path, .daemon_uid = dm->uid};
	struct ifw_bounded_res res;
	int64_t end_ns = ifw_bounded_now_ns() + (int64_t)ZT_TOKEN_MS * 1000000LL;
	if (end_ns > run->end_ns)
		end_ns = run->end_ns;
	int rc = ifw_bounded_call(token_fn, &a, tok, cap - 1, end_ns, &res);
	close(rfd);
	if (rc < 0) {
		snprintf(why, why_len, "its token %.280s: %s", path,
		         res.timed_out ? "no answer in time (a file system that does not answer, "
		                         "such as a stalled FUSE mount?); given up"
		                       : "could not be read");
		return -1;
	}
	int e = res.err;
	if (res.rc == TOKEN_NOT_OURS) {
		snprintf(why, why_len, "its token %.280s is not a file of root's or its user's",
		         path);
		return -1;
	}
	if (res.rc < 0) {
		*denied = e == EACCES || e == EPERM;
		snprintf(why, why_len, "its token %.280s: %s", path, strerror(e));
		return -1;
	}
	ssize_t n = (ssize_t)res.len;
	tok[n] = '\0';
	while (n > 0 && (tok[n - 1] == '\n' || tok[n - 1] == '\r' || tok[n - 1] == ' '))
		tok[--n] = '\0';
	bool ok = n > 0 && (size_t)n < cap - 1;
	for (ssize_t i = 0; i < n && ok; i++)
		ok = (tok[i] >= 'a' && tok[i] <= 'z') || (tok[i] >= 'A' && tok[i] <= 'Z') ||
		     (tok[i] >= '0' && tok[i] <= '9');
	if (!ok) {
		snprintf(why, why_len, "its token %.280s is not a token", path);
		return -1;
	}
	return 0;
}

/* GET path from the service API: the malloc'ed answer with the body at *body, or NULL with
 * why[]; *fatal when ifwho could not return to its own namespace. */
static char *zt_get(struct ifw_model *m, struct ifw_dsock_run *run,
                    const struct ifw_dsock_daemon *dm, unsigned port, const char *path,
                    const char *tok, char **body, size_t *blen, bool *fatal, char *why,
                    size_t why_len)
{
	struct ifw_dsock d = {.fd = -1};
	struct ifw_err err = {0};
	struct ifw_ip lo;
	ifw_ip_parse("127.0.0.1", &lo);
	if (ifw_dsock_connect_tcp(&d, run, dm, m, &lo, port, &zt_limits, &err) < 0) {
		*fatal = d.stop == IFW_DSOCK_FATAL;
		snprintf(why, why_len, "%s", err.msg);
		return NULL;
	}
	char req[256];
	snprintf(
	    req, sizeof(req),
	    "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nX-ZT1-Auth: %s\r\nConnection: close\r\n\r\n",
	    path, tok);
	char *buf = http_get(&d, req, zt_limits.max_bytes, body, blen, why, why_len);
	ifw_dsock_close(&d);
	return buf;
}

/* Its primary port and home from its command line (one.cpp: -pPORT, one path argument). */
static void zt_options(int pid, unsigned *port, char *home, size_t home_len)
{
	char args[4096];
	const char *argv[64];
	size_t argc = read_argv(pid, args, sizeof(args), argv, 64);
	*port = ZT_PORT;
	snprintf(home, home_len, "/var/lib/zerotier-one");
	for (size_t i = 1; i < argc; i++) {
		if (strncmp(argv[i], "-p", 2) == 0) {
			char *end;
			unsigned long v = strtoul(argv[i] + 2, &end, 10);
			if (*end == '\0' && v > 0 && v <= 65535)
				*port = (unsigned)v;
		} else if (argv[i][0] == '/' && strlen(argv[i]) < home_len) {
			snprintf(home, home_len, "%s", argv[i]);
		}
	}
}

static int ask_zerotier(struct ifw_model *m, struct ifw_dsock_run *run,
                        const struct ifw_dsock_daemon *dm, const struct ifw_fdref *fd, bool *fatal,
                        char *at, size_t at_len, char *why, size_t why_len)
{
	const struct ifw_process *p = &m->procs.v[dm->proc];
	char tok[128], home[256];
	bool denied;
	unsigned port;
	zt_options(dm->pid, &port, home, sizeof(home));
	snprintf(at, at_len, "127.0.0.1:%u", port);
	if (zt_token(run, dm, home, tok, sizeof(tok), why, why_len, &denied) < 0) {
		if (denied) {
			ifw_model_limit(m, "the networks and peers of zerotier-one (its token is "
			                   "root's)");
			return 0;
		}
		return -1;
	}
	char *body;
	size_t blen;
	char *buf = zt_get(m, run, dm, port, "/network", tok, &body, &blen, fatal, why, why_len);
	if (!buf)
		return -1;
	struct ifw_zt_network net;
	struct ifw_err err = {0};
	int rc = ifw_zerotier_parse_networks(m, body, blen, fd->tun_name, &net, &err);
	free(buf);
	if (rc != 0) {
		snprintf(why, why_len, "%s",
		         rc < 0 ? err.msg : "none of its networks has this interface");
		return -1;
	}
	buf = zt_get(m, run, dm, port, "/peer", tok, &body, &blen, fatal, why, why_len);
	if (!buf)
		return -1;
	struct ifw_mesh_target t = {
	    .proc = dm->proc,
	    .iface = fd->tun_iface,
	    .ifname = fd->tun_name,
	    .daemon = "zerotier-one",
	    .origin = ifw_arena_printf(&m->arena,
	                               "zerotier service 127.0.0.1:%u /network %s, zerotier-one "
	                               "pid %d",
	                               port, net.id, p->pid),
	};
	size_t skipped;
	rc = ifw_zerotier_parse_peers(m, &t, &net, body, blen, &skipped, &err);
	free(buf);
	if (rc < 0) {
		snprintf(why, why_len, "its peers are not usable: %s", err.msg);
		return -1;
	}
	if (skipped)
		ifw_model_warn(m, "zerotier-one (pid %d) named %zu more peers than the %d kept",
		               p->pid, skipped, IFW_MESH_MAX_PEERS);
	return 0;
}

/* ---- both ---- */

enum mesh_kind { MESH_NONE, MESH_TAILSCALE, MESH_ZEROTIER };

static enum mesh_kind kind_of(const struct ifw_process *p)
{
	if (!p->comm)
		return MESH_NONE;
	if (strcmp(p->comm, "tailscaled") == 0)
		return MESH_TAILSCALE;
	if (strcmp(p->comm, "zerotier-one") == 0)
		return MESH_ZEROTIER;
	return MESH_NONE;
}

static uint64_t name_key(ifw_id proc, const char *name)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (const char *c = name; *c; c++)
		h = (h ^ (uint8_t)*c) * 16777619u;
	return (uint64_t)proc << 32 | h;
}

/* Whether the device's interface is in this run's report: its namespace confirmed among those
 * read, or (the fd's namespace unknown) the holder's own namespace read. A daemon elsewhere
 * (--netns names another one) is not asked: its sockets were not dumped, and its answer would
 * describe an interface not shown. */
static bool in_view(const struct ifw_model *m, const struct ifw_fdref *fd)
{
	if (fd->tun_iface != IFW_NOID)
		return true;
	uint64_t ino = m->procs.v[fd->proc].netns_inode;
	for (size_t i = 0; i < m->netns.n; i++)
		if (m->netns.v[i].inode == ino)
			return m->netns.v[i].collected;
	return false;
}

int ifw_linux_query_mesh(struct ifw_model *m, struct ifw_dsock_run *run, struct ifw_err *err)
{
	struct ifw_idmap done; /* a multi-queue device has one fd per queue: ask once */
	ifw_idmap_init(&done);
	size_t asked = 0;
	int rc = 0;
	for (size_t i = 0; i < m->fdrefs.n && asked < MESH_MAX_ASKED && rc == 0; i++) {
		const struct ifw_fdref *fd = &m->fdrefs.v[i];
		if (fd->type != IFW_FD_TUN || fd->proc == IFW_NOID || !fd->tun_name ||
		    strlen(fd->tun_name) > 15 || strchr(fd->tun_name, '/'))
			continue;
		const struct ifw_process *p = &m->procs.v[fd->proc];
		enum mesh_kind k = kind_of(p);
		if (k == MESH_NONE || !in_view(m, fd))
			continue;
		uint64_t key = name_key(fd->proc, fd->tun_name);
		if (ifw_idmap_get(&done, key) != UINT32_MAX || ifw_idmap_put(&done, key, 1) < 0)
			continue;
		asked++;
		const char *what = k == MESH_TAILSCALE ? "tailnet" : "ZeroTier network";
		static const char *const ts_names[] = {"tailscaled"};
		static const char *const zt_names[] = {"zerotier-one"};
		struct ifw_dsock_daemon dm;
		struct ifw_err e = {0};
		char why[600] = "", at[256] = "";
		if (ifw_dsock_identify(&dm, m, fd->proc, k == MESH_TAILSCALE ? ts_names : zt_names,
		                       1, &e) < 0) {
			if (dm.denied)
				ifw_model_limit(m,
				                "the %ss of %s (checking it needs CAP_SYS_PTRACE)",
				                what, p->comm);
			else
				ifw_model_warn(m, "did not ask %s (pid %d) about %s's %s: %s",
				               p->comm, p->pid, fd->tun_name, what, e.msg);
			continue;
		}
		bool fatal = false;
		int r =
		    k == MESH_TAILSCALE
		        ? ask_tailscaled(m, run, &dm, fd, at, sizeof(at), why, sizeof(why))
		        : ask_zerotier(m, run, &dm, fd, &fatal, at, sizeof(at), why, sizeof(why));
		if (fatal)
			rc = ifw_fail(err, IFW_E_LIMIT, "%s", why);
		else if (r < 0)
			ifw_model_warn(m, "could not ask %s (pid %d) about %s's %s at %s: %s",
			               p->comm, p->pid, fd->tun_name, what, at, why);
	}
	ifw_idmap_free(&done);
	return rc;
}
