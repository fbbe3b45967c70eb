/* Attribution: which process asked for the change a notification reports. With BPF the request
 * itself was seen (pid, time, the message's link name and kind): match by name, else by kind and
 * order. Without BPF, the most recent process whose command line names the link. */
#include "watch/watch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define WINDOW_NS   (5ULL * 1000000000ULL)
#define MAX_PENDING 2048 /* of about 14 KiB each (a creator with its parents): 28 MiB at most */

struct pending {
	struct ifw_linkreq q;
	struct ifw_creator c;
	uint64_t mono_ns;
	int uses, needed;    /* a veth request explains two links */
	uint32_t netns, uid; /* where the request was made, by whom (BPF's record) */
	uint64_t sock_netns; /* the namespace of the socket it went through, 0: unknown */
	uint64_t targets[2]; /* the namespaces it names (IFLA_NET_NS_*), 0 when unknown */
};

struct ifw_matcher {
	struct pending *v;
	size_t n, cap;
	struct ifw_pcache *cache;
	uint64_t own_netns; /* the watcher's namespace (nsfs inode), 0: unknown */
	/* the last creator read: `ip -batch` or a daemon makes many links in a row */
	struct ifw_creator last;
	uint64_t last_ns;
	bool have_last;
	char last_comm[16], last_cmd[IFW_REQ_CMD_MAX];
	uint32_t last_cmd_len;
};

struct ifw_matcher *ifw_matcher_new(struct ifw_pcache *cache)
{
	struct ifw_matcher *m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->cache = cache;
	struct stat st;
	if (stat("/proc/self/ns/net", &st) == 0)
		m->own_netns = st.st_ino;
	return m;
}

void ifw_matcher_free(struct ifw_matcher *m)
{
	if (m)
		free(m->v);
	free(m);
}

static void drop_oldest(struct ifw_matcher *m, size_t k)
{
	memmove(&m->v[0], &m->v[k], (m->n - k) * sizeof(*m->v));
	m->n -= k;
}

/* Fills c->p from /proc if the process still runs, else from what BPF copied. */
static void creator_from_raw(struct ifw_creator *c, const struct ifw_req_raw *r,
                             const struct ifw_pcache *cache)
{
	memset(c, 0, sizeof(*c));
	if (!ifw_proc_brief_read(r->tgid, &c->p) || c->p.ppid != r->ppid) {
		const struct ifw_proc_brief *b = cache ? ifw_pcache_get(cache, r->tgid) : NULL;
		if (b)
			c->p = *b;
		else
			memset(&c->p, 0, sizeof(c->p));
		/* The cache may hold the process as it was before its last exec (a shell that
		 * exec'd ip): then its executable is not the one that made the request. */
		if (b && strncmp(b->comm, r->comm, sizeof(r->comm)) != 0)
			c->p.exe[0] = '\0';
		c->p.pid = r->tgid;
		c->p.ppid = r->ppid;
		c->p.exited = true;
	}
	c->p.uid = r->uid;
	if (r->netns)
		c->p.netns = r->netns; /* where the request was made, not where it is now */
	memcpy(c->p.comm, r->comm, sizeof(c->p.comm));
	c->p.comm[sizeof(c->p.comm) - 1] = '\0';
	/* The command line BPF read at the system call is the one that made the request. */
	size_t n = r->cmd_len < sizeof(r->cmdline) ? r->cmd_len : sizeof(r->cmdline);
	if (n > 0) {
		if (n >= sizeof(c->p.cmdline))
			n = sizeof(c->p.cmdline) - 1;
		memcpy(c->p.cmdline, r->cmdline, n);
		while (n > 0 && c->p.cmdline[n - 1] == '\0')
			n--;
		for (size_t i = 0; i < n; i++)
			if (c->p.cmdline[i] == '\0')
				c->p.cmdline[i] = ' ';
		c->p.cmdline[n] = '\0';
	}
	c->confidence = "exact";
	c->method = "bpf";
	ifw_creator_complete(c, cache);
}

/* The namespace (nsfs inode) a link request names by pid or by the requester's fd, read while
 * that process still runs; 0 when it cannot be told. */
static uint64_t target_netns(int32_t tgid, int32_t pid, int32_t fd)
{
	char path[64], link[64];
	if (pid > 0)
		snprintf(path, sizeof(path), "/proc/%d/ns/net", pid);
	else if (fd >= 0 && tgid > 0)
		snprintf(path, sizeof(path), "/proc/%d/fd/%d", tgid, fd);
	else
		return 0;
	ssize_t n = readlink(path, link, sizeof(link) - 1);
	if (n <= 0)
		return 0;
	link[n] = '\0';
	unsigned long long ino;
	return sscanf(link, "net:[%llu]", &ino) == 1 ? ino : 0;
}

/* The namespace of the socket a request went through (the fd of the requester, copied
 * while it still runs), or 0. A process may send through a socket made in another namespace
 * (passed to it, or kept from before a setns): the link is made in the socket's namespace,
 * while the task's own, which BPF recorded, may be the host's. Only a socket is asked (its
 * SIOCGSKNS is the socket layer's own), never another kind of file (whose ioctl could mean
 * anything, or wait on a FUSE server). */
static uint64_t socket_netns(int32_t tgid, int32_t fd)
{
	if (tgid <= 0 || fd < 0)
		return 0;
	int pidfd = (int)syscall(SYS_pidfd_open, tgid, 0);
	if (pidfd < 0)
		return 0;
	int dup = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	close(pidfd);
	if (dup < 0)
		return 0;
	char path[64], link[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", dup);
	ssize_t n = readlink(path, link, sizeof(link) - 1);
	uint64_t ino = 0;
	if (n > 0 && (link[n] = '\0', strncmp(link, "socket:[", 8) == 0)) {
		int ns = ioctl(dup, SIOCGSKNS);
		struct stat st;
		if (ns >= 0 && fstat(ns, &st) == 0)
			ino = st.st_ino;
		if (ns >= 0)
			close(ns);
	}
	close(dup);
	return ino;
}

void ifw_matcher_add_request(struct ifw_matcher *m, const struct ifw_req_raw *r,
                             uint64_t now_mono_ns)
{
	struct ifw_linkreq q;
	if (!ifw_linkreq_parse(r, &q))
		return;
	/* A change that neither renames nor moves is of no interest (up/down, mtu...). */
	if (q.op == IFW_REQ_CHANGE && !q.name[0] && !q.to_netns)
		return;
	/* Full: the oldest quarter goes at once. Dropping one (a move of the other 28 MiB) per
	 * request let any user's stream of requests in a namespace of their own (MTU changes with
	 * NLM_F_CREATE, 7 500 a second) hold the watcher for seconds while root's links came
	 * and went unseen (the notifications and the BPF ring overflowed). */
	if (m->n == MAX_PENDING)
		drop_oldest(m, MAX_PENDING / 4);
	if (m->n == m->cap) {
		size_t nc = m->cap ? m->cap * 2 : 64;
		struct pending *nv = realloc(m->v, nc * sizeof(*nv));
		if (!nv)
			return;
		m->v = nv;
		m->cap = nc;
	}
	struct pending *p = &m->v[m->n++];
	memset(p, 0, sizeof(*p));
	p->q = q;
	p->mono_ns = r->ktime_ns ? r->ktime_ns : now_mono_ns;
	p->needed = q.peer[0] ? 2 : 1;
	p->netns = r->netns;
	p->uid = r->uid;
	if (r->source != IFW_REQ_TUNSETIFF)
		p->sock_netns = socket_netns(r->tgid, r->fd);
	if (q.to_netns)
		p->targets[0] = target_netns(r->tgid, q.netns_pid, q.netns_fd);
	if (q.peer_to_netns)
		p->targets[1] = target_netns(r->tgid, q.peer_netns_pid, q.peer_netns_fd);
	/* Same process, parent, name and command line (it has not exec'd since), within a
	 * second: no /proc reads. */
	if (m->have_last && m->last.p.pid == r->tgid && m->last.p.ppid == r->ppid &&
	    p->mono_ns - m->last_ns < 1000000000ULL && m->last_cmd_len == r->cmd_len &&
	    memcmp(m->last_comm, r->comm, sizeof(m->last_comm)) == 0 &&
	    memcmp(m->last_cmd, r->cmdline,
	           r->cmd_len < sizeof(m->last_cmd) ? r->cmd_len : sizeof(m->last_cmd)) == 0) {
		p->c = m->last;
		return;
	}
	creator_from_raw(&p->c, r, m->cache);
	m->last = p->c;
	m->last_ns = p->mono_ns;
	m->have_last = true;
	memcpy(m->last_comm, r->comm, sizeof(m->last_comm));
	memcpy(m->last_cmd, r->cmdline, sizeof(m->last_cmd));
	m->last_cmd_len = r->cmd_len;
}

void ifw_matcher_expire(struct ifw_matcher *m, uint64_t now_mono_ns)
{
	/* one pass, keeping the order (oldest first): entries are large */
	size_t out = 0;
	for (size_t i = 0; i < m->n; i++) {
		const struct pending *p = &m->v[i];
		if (p->mono_ns + WINDOW_NS < now_mono_ns || p->uses >= p->needed)
			continue;
		if (out != i)
			m->v[out] = *p;
		out++;
	}
	m->n = out;
}

static bool kind_eq(const char *req, const char *ev)
{
	if (!req[0] || !ev[0])
		return true;
	if (strcmp(req, "tap") == 0)
		req = "tun";
	return strcmp(req, ev) == 0;
}

static bool op_fits(const struct ifw_linkreq *q, enum ifw_wev_type t)
{
	switch (t) {
	case IFW_WEV_CREATED:
	case IFW_WEV_APPEARED:
		return q->op == IFW_REQ_CREATE || q->op == IFW_REQ_TUN;
	case IFW_WEV_DELETED:
		return q->op == IFW_REQ_DELETE;
	case IFW_WEV_RENAMED:
		return q->op == IFW_REQ_CHANGE && q->name[0];
	case IFW_WEV_MOVED:
		return (q->op == IFW_REQ_CHANGE || q->op == IFW_REQ_CREATE) && q->to_netns;
	default:
		return false;
	}
}

/* Whether the request could have made the change where the event saw it. Any user may make
 * links in a namespace of their own and name them like root's; a request that changes one of
 * those (RTM_NEWLINK with NLM_F_CREATE on a link that exists creates nothing) would otherwise
 * stay pending and be taken for the maker of root's link of that name. A request from another
 * namespace explains only a link in a namespace it names: resolved, or (no longer resolvable)
 * named by root, who may name any. */
static bool same_place(const struct ifw_matcher *m, const struct pending *p,
                       const struct ifw_wev *ev)
{
	/* Where the request was made: its socket's namespace; else the task's. A user's task in
	 * the host namespace may hold a socket of a namespace of their own: when that socket is
	 * not known, a request of anyone but root explains nothing in the watcher's (the host's)
	 * namespace, which only root (or a program given CAP_NET_ADMIN) changes. */
	uint64_t at = p->sock_netns ? p->sock_netns : p->netns;
	if (!p->sock_netns && p->uid != 0 && m->own_netns && ev->netns_inode == m->own_netns)
		return false;
	if (!at || !ev->netns_inode || at == ev->netns_inode)
		return true;
	if (!p->q.to_netns && !p->q.peer_to_netns)
		return false;
	if (p->targets[0] == ev->netns_inode || p->targets[1] == ev->netns_inode)
		return true;
	return p->uid == 0 && !p->targets[0] && !p->targets[1];
}

static int find_request(const struct ifw_matcher *m, const struct ifw_wev *ev)
{
	/* By name first: the request names the link (or its veth peer). For a deletion or a
	 * move the request may name the old index instead. */
	for (size_t i = 0; i < m->n; i++) {
		const struct pending *p = &m->v[i];
		if (!op_fits(&p->q, ev->type) || p->uses >= p->needed || !same_place(m, p, ev))
			continue;
		const char *want = ev->type == IFW_WEV_RENAMED ? ev->name : ev->name;
		if ((p->q.name[0] && strcmp(p->q.name, want) == 0) ||
		    (p->q.peer[0] && strcmp(p->q.peer, want) == 0))
			return (int)i;
		/* "ip link set X netns N", "ip link del X" send the index, not the name */
		if ((ev->type == IFW_WEV_DELETED || ev->type == IFW_WEV_MOVED) && !p->q.name[0] &&
		    p->q.ifindex == ev->ifindex && p->c.p.netns == ev->netns_inode)
			return (int)i;
	}
	/* The kernel chose the name ("veth0", "tun0"): the oldest unnamed creation of that kind. */
	if (ev->type == IFW_WEV_CREATED || ev->type == IFW_WEV_APPEARED)
		for (size_t i = 0; i < m->n; i++) {
			const struct pending *p = &m->v[i];
			if (op_fits(&p->q, ev->type) && p->uses < p->needed && !p->q.name[0] &&
			    kind_eq(p->q.kind, ev->kind) && same_place(m, p, ev))
				return (int)i;
		}
	return -1;
}

/* A link found in a namespace discovered after it was made, whose creation request is known:
 * a creation, seen late. */
static void seen_late(struct ifw_wev *ev)
{
	if (ev->type != IFW_WEV_APPEARED)
		return;
	ev->type = IFW_WEV_CREATED;
	if (!ev->note[0]) /* else the note already says why it was seen late */
		snprintf(ev->note, sizeof(ev->note), "seen late: its namespace was found after it");
}

static void attribute(struct ifw_matcher *m, struct ifw_wev *ev, bool fallback,
                      uint64_t now_mono_ns)
{
	ev->latency_ms = -1;
	int i = find_request(m, ev);
	if (i >= 0) {
		struct pending *p = &m->v[i];
		p->uses++;
		ev->creator = p->c;
		ev->has_creator = true;
		ev->latency_ms = (double)(now_mono_ns - p->mono_ns) / 1e6;
		return;
	}
	if (!fallback || !m->cache)
		return;
	/* A command line that names the link and says what it does with it: "ip link add X",
	 * "ip tuntap add X", "ip link set X name Y", "ip link del X", "ip link set X netns N". */
	static const char *const add[] = {"add", "create", "new", "tuntap", "mktun", NULL};
	static const char *const del[] = {"del", "remove", "rmtun", NULL};
	static const char *const mov[] = {"netns", NULL};
	const struct ifw_proc_brief *b = NULL;
	switch (ev->type) {
	case IFW_WEV_CREATED:
	case IFW_WEV_APPEARED:
		b = ifw_pcache_find_word(m->cache, ev->name, NULL, add, now_mono_ns, WINDOW_NS);
		break;
	case IFW_WEV_RENAMED:
		b = ifw_pcache_find_word(m->cache, ev->name, ev->old_name, NULL, now_mono_ns,
		                         WINDOW_NS);
		break;
	case IFW_WEV_DELETED:
		b = ifw_pcache_find_word(m->cache, ev->name, NULL, del, now_mono_ns, WINDOW_NS);
		break;
	case IFW_WEV_MOVED:
		b = ifw_pcache_find_word(m->cache, ev->name, NULL, mov, now_mono_ns, WINDOW_NS);
		break;
	default:
		break;
	}
	if (!b)
		return;
	memset(&ev->creator, 0, sizeof(ev->creator));
	ev->creator.p = *b;
	if (!ev->creator.p.exited) {
		/* still running? then /proc says more than the cache */
		struct ifw_proc_brief live;
		if (ifw_proc_brief_read(b->pid, &live) && live.ppid == b->ppid && live.cmdline[0])
			ev->creator.p = live;
	}
	ev->creator.confidence = "likely";
	ev->creator.method = "proc-connector";
	ifw_creator_complete(&ev->creator, m->cache);
	ev->has_creator = true;
}

void ifw_matcher_attribute(struct ifw_matcher *m, struct ifw_wev *ev, bool fallback,
                           uint64_t now_mono_ns)
{
	attribute(m, ev, fallback, now_mono_ns);
	if (ev->has_creator)
		seen_late(ev);
}
