/* The namespaces the watcher hears, each with the links it holds, and the interpretation of
 * rtnetlink notifications into created / renamed / moved / deleted events. New namespaces are
 * found when /run/netns or /run/docker/netns change (inotify), when a process execs in one we do
 * not know (proc connector), and when a namespace gets an id (the nsid group): never by polling. */
#include "watch/watch_ns.h"

#include "util/idmap.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void resync(struct ifw_watcher *w);
static bool arrival_of_move(struct ifw_watcher *w, struct ifw_ns_ent *e, const struct ifw_lev *lev);

#define MOVE_WAIT_NS (100ULL * 1000000ULL)

static uint64_t mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static struct ifw_ns_ent *by_nsid(struct ifw_watcher *w, int32_t nsid)
{
	for (size_t i = 0; i < w->n_ns; i++)
		if (w->ns[i].nsid == nsid)
			return &w->ns[i];
	return NULL;
}

static struct ifw_ns_ent *by_inode(struct ifw_watcher *w, uint64_t inode)
{
	for (size_t i = 0; i < w->n_ns; i++)
		if (w->ns[i].inode == inode)
			return &w->ns[i];
	return NULL;
}

static struct ifw_ns_ent *add_ns(struct ifw_watcher *w, int32_t nsid, uint64_t inode,
                                 const char *label)
{
	if (w->n_ns == w->cap_ns) {
		size_t nc = w->cap_ns ? w->cap_ns * 2 : 16;
		struct ifw_ns_ent *nv = realloc(w->ns, nc * sizeof(*nv));
		if (!nv)
			return NULL;
		w->ns = nv;
		w->cap_ns = nc;
	}
	struct ifw_ns_ent *e = &w->ns[w->n_ns++];
	memset(e, 0, sizeof(*e));
	w->prom_dirty = true;
	e->nsid = nsid;
	e->inode = inode;
	snprintf(e->label, sizeof(e->label), "%s", label);
	return e;
}

static struct ifw_link_ent *link_find(struct ifw_ns_ent *e, int32_t ifindex)
{
	for (size_t i = e->n_links; i-- > 0;) /* newest first: often the one just added */
		if (e->links[i].ifindex == ifindex)
			return &e->links[i];
	return NULL;
}

/* ifindex -> position in e->links, for a comparison with a dump (a scan per link was quadratic
 * in a namespace's links, which any user can multiply in one of their own). Links added after
 * it was made are not in it: a dump names each link once. */
struct link_index {
	struct ifw_idmap by;
	bool whole; /* every link indexed (false: out of memory, scan) */
};

static void index_links(const struct ifw_ns_ent *e, struct link_index *x)
{
	ifw_idmap_init(&x->by);
	x->whole = true;
	for (size_t i = 0; i < e->n_links; i++)
		x->whole &= ifw_idmap_put(&x->by, (uint32_t)e->links[i].ifindex, (uint32_t)i) == 0;
}

static struct ifw_link_ent *indexed_link(struct ifw_ns_ent *e, const struct link_index *x,
                                         int32_t ifindex)
{
	uint32_t i = ifw_idmap_get(&x->by, (uint32_t)ifindex);
	if (i < e->n_links && e->links[i].ifindex == ifindex)
		return &e->links[i];
	return x->whole ? NULL : link_find(e, ifindex);
}

static struct ifw_link_ent *link_add(struct ifw_ns_ent *e, const struct ifw_lev *ev)
{
	if (e->n_links == e->cap_links) {
		size_t nc = e->cap_links ? e->cap_links * 2 : 16;
		struct ifw_link_ent *nv = realloc(e->links, nc * sizeof(*nv));
		if (!nv)
			return NULL;
		e->links = nv;
		e->cap_links = nc;
	}
	struct ifw_link_ent *l = &e->links[e->n_links++];
	memset(l, 0, sizeof(*l));
	l->ifindex = ev->ifindex;
	memcpy(l->name, ev->name, sizeof(l->name));
	memcpy(l->kind, ev->kind, sizeof(l->kind));
	return l;
}

static void link_drop(struct ifw_ns_ent *e, struct ifw_link_ent *l)
{
	*l = e->links[--e->n_links];
}

static void fill_ev(struct ifw_wev *ev, enum ifw_wev_type t, const struct ifw_ns_ent *e,
                    int32_t ifindex, const char *name, const char *kind)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = t;
	snprintf(ev->netns, sizeof(ev->netns), "%s", e->label);
	ev->netns_inode = e->inode;
	ev->ifindex = ifindex;
	snprintf(ev->name, sizeof(ev->name), "%s", name);
	snprintf(ev->kind, sizeof(ev->kind), "%s", kind);
}

#define CREATOR_PID_LIMIT (1u << 22) /* PID_MAX_LIMIT on 64-bit kernels */

/* What the Prometheus file says of a link: who made it. */
static void note_creator(struct ifw_watcher *w, struct ifw_ns_ent *e, int32_t ifindex,
                         const struct ifw_wev *ev)
{
	struct ifw_link_ent *l = link_find(e, ifindex);
	w->prom_dirty = true;
	if (ev->type == IFW_WEV_CREATED) {
		w->n_created++;
		if (!ev->has_creator)
			w->n_unattributed++;
	}
	if (!l || !ev->has_creator)
		return;
	const struct ifw_proc_brief *p = &ev->creator.p;
	snprintf(l->creator, sizeof(l->creator), "%.63s", p->exe[0] ? p->exe : p->comm);
	l->confidence = ev->creator.confidence;
	l->creator_pid = p->exited ? 0 : p->pid;
	if (l->creator_pid > 0 && (uint32_t)l->creator_pid < CREATOR_PID_LIMIT && w->creator_pids)
		w->creator_pids[l->creator_pid / 64] |= 1ULL << (l->creator_pid % 64);
	l->made_ns = mono_now();
}

#define DUMP_MAX_LINKS (1u << 20)

/* Every link of a namespace, into a buffer that grows until the dump fits: a namespace may hold
 * more links than any fixed size, and a list cut short made the links past it "deleted" (and
 * never known). 1 (as for an interrupted dump) when it does not fit even so. */
static int dump_links(struct ifw_watcher *w, int32_t nsid, struct ifw_lev **buf, size_t *cap,
                      size_t *n, struct ifw_err *err)
{
	for (;;) {
		if (*cap) {
			int rc = ifw_rtwatch_dump_links(&w->rt, nsid, *buf, *cap, n, err);
			if (rc < 0 || *n < *cap)
				return rc;
		}
		size_t nc = *cap ? *cap * 2 : 4096;
		struct ifw_lev *nb =
		    nc <= DUMP_MAX_LINKS ? realloc(*buf, nc * sizeof(**buf)) : NULL;
		if (!nb)
			return *cap ? 1 : -1;
		*buf = nb;
		*cap = nc;
	}
}

/* The links present in a namespace we just learned of; reported as "appeared" unless the
 * watcher is only starting. */
static void load_links(struct ifw_watcher *w, struct ifw_ns_ent *e, bool report)
{
	static struct ifw_lev *buf;
	static size_t cap;
	size_t n = 0;
	struct ifw_err err;
	if (dump_links(w, e->nsid, &buf, &cap, &n, &err) < 0)
		return;
	struct link_index known; /* the links before this dump */
	index_links(e, &known);
	for (size_t i = 0; i < n; i++) {
		if (indexed_link(e, &known, buf[i].ifindex))
			continue;
		if (report && arrival_of_move(w, e, &buf[i]))
			continue; /* moved here before we heard of this namespace */
		link_add(e, &buf[i]);
		if (report && strcmp(buf[i].name, "lo") != 0) {
			struct ifw_wev ev;
			fill_ev(&ev, IFW_WEV_APPEARED, e, buf[i].ifindex, buf[i].name, buf[i].kind);
			ifw_watcher_emit(w, &ev);
			note_creator(w, e, buf[i].ifindex, &ev);
		}
	}
	ifw_idmap_free(&known.by);
}

/* A namespace found at path (an nsfs file): give it an id, learn its links. */
static void discovered(struct ifw_watcher *w, const char *path, uint64_t inode, const char *label,
                       bool named, bool report)
{
	struct ifw_ns_ent *e = by_inode(w, inode);
	if (e) {
		if (named && strncmp(e->label, "pid ", 4) == 0)
			snprintf(e->label, sizeof(e->label), "%s", label);
		return;
	}
	struct ifw_err err;
	int32_t nsid = ifw_rtwatch_nsid(&w->rt, path, inode, &err);
	if (nsid < 0)
		return;
	e = by_nsid(w, nsid);
	if (e) { /* heard of by its id before we knew where it was */
		e->inode = inode;
		if (named || strncmp(e->label, "nsid ", 5) == 0)
			snprintf(e->label, sizeof(e->label), "%s", label);
		return;
	}
	e = add_ns(w, nsid, inode, label);
	if (e)
		load_links(w, e, report);
}

static uint64_t host_inode;

static void scan_named(struct ifw_watcher *w, const char *dir, bool report)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct stat self;
	if (stat("/proc/self/ns/net", &self) < 0) {
		closedir(d);
		return;
	}
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char path[512];
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		struct stat st;
		/* Only a bind-mounted nsfs: `ip netns add` creates the file before mounting. */
		if (stat(path, &st) < 0 || st.st_dev != self.st_dev ||
		    (uint64_t)st.st_ino == host_inode)
			continue;
		discovered(w, path, (uint64_t)st.st_ino, de->d_name, true, report);
	}
	closedir(d);
}

/* false: the process is gone (its namespace cannot be read) */
static bool check_pid(struct ifw_watcher *w, int32_t pid, bool report)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/ns/net", pid);
	uint64_t ino = ifw_netns_inode_of(path);
	if (!ino)
		return false;
	if (ino == host_inode || by_inode(w, ino))
		return true;
	char label[64];
	snprintf(label, sizeof(label), "pid %d", pid);
	discovered(w, path, ino, label, false, report);
	return true;
}

#define PARENT_STEPS 4 /* sh -c from system(), then the command: a short chain is enough */

void ifw_watch_ns_check_exec(struct ifw_watcher *w, int32_t pid)
{
	if (!w->rt.all_ns)
		return;
	for (int step = 0; step <= PARENT_STEPS && pid > 1; step++) {
		if (check_pid(w, pid, true))
			return;
		const struct ifw_proc_brief *b = w->cache ? ifw_pcache_get(w->cache, pid) : NULL;
		if (!b || b->ppid == pid)
			return;
		pid = b->ppid;
	}
}

static void scan_procs(struct ifw_watcher *w, bool report)
{
	DIR *d = opendir("/proc");
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);
		if (*end || pid <= 0)
			continue;
		check_pid(w, (int32_t)pid, report);
	}
	closedir(d);
}

static void rescan(struct ifw_watcher *w, bool report)
{
	if (!w->rt.all_ns)
		return;
	scan_named(w, "/run/netns", report);
	scan_named(w, "/run/docker/netns", report);
}

int ifw_watch_ns_init(struct ifw_watcher *w, struct ifw_err *err)
{
	w->creator_pids = calloc(CREATOR_PID_LIMIT / 64, sizeof(uint64_t)); /* NULL: no filter */
	if (ifw_rtwatch_open(&w->rt, w->opts->rcvbuf, err) < 0)
		return -1;
	struct epoll_event ee = {.events = EPOLLIN, .data.u32 = 0};
	epoll_ctl(w->ep, EPOLL_CTL_ADD, w->rt.fd, &ee);
	host_inode = ifw_netns_inode_of("/proc/self/ns/net");
	struct ifw_ns_ent *h = add_ns(w, -1, host_inode, "host");
	if (!h)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	load_links(w, h, false);
	if (w->rt.all_ns) {
		rescan(w, false);
		scan_procs(w, false);
	}
	return 0;
}

void ifw_watch_ns_report_unrecorded(struct ifw_watcher *w)
{
	/* Links that were there before: the history may know who made them; one it has never
	 * heard of, when it holds earlier runs, was made while no watcher ran. */
	bool say = w->rec.had_events && !w->rec.in_memory;
	for (size_t i = 0; i < w->n_ns; i++)
		for (size_t k = 0; k < w->ns[i].n_links; k++) {
			struct ifw_ns_ent *e = &w->ns[i];
			struct ifw_link_ent *l = &e->links[k];
			int known =
			    ifw_recorder_creator_of(&w->rec, e->label, e->inode, l->name,
			                            l->creator, sizeof(l->creator), &l->confidence);
			if (known >= 0 || !say || strcmp(l->name, "lo") == 0)
				continue;
			struct ifw_wev ev;
			fill_ev(&ev, IFW_WEV_APPEARED, e, l->ifindex, l->name, l->kind);
			snprintf(ev.note, sizeof(ev.note),
			         "not in the history: made while no watcher ran (or its record "
			         "expired)");
			ifw_watcher_emit(w, &ev);
		}
}

void ifw_watch_ns_free(struct ifw_watcher *w)
{
	for (size_t i = 0; i < w->n_ns; i++)
		free(w->ns[i].links);
	free(w->ns);
	free(w->moves);
	free(w->creator_pids);
	w->creator_pids = NULL;
	ifw_rtwatch_close(&w->rt);
}

void ifw_watch_ns_schedule_rescan(struct ifw_watcher *w)
{
	/* `ip netns add` creates the file, then mounts the namespace on it: look now and again
	 * shortly after, until the mount is there. */
	uint64_t now = mono_now();
	static const uint64_t after_ms[] = {0, 1, 2, 5, 20, 100};
	w->n_retry = 0;
	for (size_t i = 0; i < sizeof(after_ms) / sizeof(after_ms[0]); i++)
		w->retry_at[w->n_retry++] = now + after_ms[i] * 1000000ULL;
}

uint64_t ifw_watch_ns_next_retry(const struct ifw_watcher *w)
{
	uint64_t next = 0;
	for (size_t i = 0; i < w->n_retry; i++)
		if (!next || w->retry_at[i] < next)
			next = w->retry_at[i];
	uint64_t mv = ifw_watch_ns_next_move(w);
	if (mv && (!next || mv < next))
		next = mv;
	if (w->resync_at && (!next || w->resync_at < next))
		next = w->resync_at;
	if (w->prom_path && w->prom_dirty) {
		uint64_t p = w->prom_last + 1000000000ULL;
		if (!next || p < next)
			next = p;
	}
	return next;
}

void ifw_watch_ns_poll_retry(struct ifw_watcher *w)
{
	uint64_t now = mono_now();
	bool due = false;
	for (size_t i = 0; i < w->n_retry;)
		if (w->retry_at[i] <= now) {
			due = true;
			w->retry_at[i] = w->retry_at[--w->n_retry];
		} else {
			i++;
		}
	if (due)
		rescan(w, true);
	if (w->resync_at && w->resync_at <= now) {
		w->resync_at = 0;
		resync(w);
	}
}

/* Our namespace took back a namespace's id: the namespace is being destroyed, and with it every
 * link still in it (the kernel no longer tells us about them: their namespace has no id). */
static void forget_ns(struct ifw_watcher *w, int32_t nsid)
{
	for (size_t i = 1; i < w->n_ns; i++) {
		struct ifw_ns_ent *e = &w->ns[i];
		if (e->nsid != nsid)
			continue;
		for (size_t k = 0; k < e->n_links; k++) {
			if (strcmp(e->links[k].name, "lo") == 0)
				continue;
			struct ifw_wev ev;
			fill_ev(&ev, IFW_WEV_DELETED, e, e->links[k].ifindex, e->links[k].name,
			        e->links[k].kind);
			snprintf(ev.note, sizeof(ev.note), "its namespace was destroyed");
			ifw_watcher_emit(w, &ev);
		}
		free(e->links);
		w->ns[i] = w->ns[--w->n_ns];
		w->prom_dirty = true;
		return;
	}
}

static const char *label_of(struct ifw_watcher *w, int32_t nsid, char *buf, size_t len)
{
	struct ifw_ns_ent *e = by_nsid(w, nsid);
	if (e)
		return e->label;
	snprintf(buf, len, "nsid %d", nsid);
	return buf;
}

/* ifindex: the link's index in the namespace it left */
static void emit_move(struct ifw_watcher *w, const struct ifw_moveout *m, const char *to,
                      int32_t ifindex)
{
	struct ifw_wev ev;
	memset(&ev, 0, sizeof(ev));
	ev.type = IFW_WEV_MOVED;
	snprintf(ev.netns, sizeof(ev.netns), "%s", m->from);
	ev.netns_inode = m->from_inode;
	ev.ifindex = ifindex;
	memcpy(ev.name, m->name, sizeof(ev.name));
	memcpy(ev.kind, m->kind, sizeof(ev.kind));
	snprintf(ev.to_netns, sizeof(ev.to_netns), "%s", to);
	ifw_watcher_emit(w, &ev);
}

uint64_t ifw_watch_ns_next_move(const struct ifw_watcher *w)
{
	uint64_t next = 0;
	for (size_t i = 0; i < w->n_moves; i++)
		if (!next || w->moves[i].deadline_ns < next)
			next = w->moves[i].deadline_ns;
	return next;
}

/* Moves whose arrival did not show up in time (the target has no id here): reported with the
 * target as the old namespace names it. */
static void expire_moves(struct ifw_watcher *w)
{
	uint64_t now = mono_now();
	for (size_t i = 0; i < w->n_moves;) {
		struct ifw_moveout *m = &w->moves[i];
		if (m->deadline_ns > now) {
			i++;
			continue;
		}
		if (!m->extended) {
			/* Into a namespace we have not found yet? Look, and wait a little more. */
			m->extended = true;
			m->deadline_ns = now + MOVE_WAIT_NS * 3;
			ifw_watch_ns_schedule_rescan(w);
			i++;
			continue;
		}
		char to[64], buf[64];
		if (m->from_nsid == -1)
			snprintf(to, sizeof(to), "%s", label_of(w, m->new_nsid, buf, sizeof(buf)));
		else
			snprintf(to, sizeof(to), "nsid %d of %.40s", m->new_nsid, m->from);
		emit_move(w, m, to, m->ifindex);
		w->moves[i] = w->moves[--w->n_moves];
	}
}

/* A link new in namespace e that is the arrival half of a move seen leaving another: one
 * "moved" event, its creator going with it. */
static bool arrival_of_move(struct ifw_watcher *w, struct ifw_ns_ent *e, const struct ifw_lev *lev)
{
	for (size_t i = 0; i < w->n_moves; i++) {
		struct ifw_moveout *m = &w->moves[i];
		if (strcmp(m->name, lev->name) != 0 || m->new_ifindex != lev->ifindex)
			continue;
		emit_move(w, m, e->label, m->ifindex);
		struct ifw_link_ent *nl = link_add(e, lev);
		if (nl) {
			memcpy(nl->creator, m->creator, sizeof(nl->creator));
			nl->confidence = m->confidence;
			nl->creator_pid = m->creator_pid;
			nl->made_ns = m->made_ns;
		}
		w->moves[i] = w->moves[--w->n_moves];
		w->prom_dirty = true;
		return true;
	}
	return false;
}

static void on_lev(int32_t nsid, const struct ifw_lev *lev, void *data)
{
	struct ifw_watcher *w = data;
	if (lev->type == IFW_LEV_NSID_DEL) {
		forget_ns(w, lev->ifindex);
		return;
	}
	if (lev->type == IFW_LEV_NSID_NEW) {
		/* someone (a veth peer, `ip netns set`) gave a namespace an id: where is it? */
		if (!by_nsid(w, lev->ifindex))
			ifw_watch_ns_schedule_rescan(w);
		return;
	}
	struct ifw_ns_ent *e = by_nsid(w, nsid);
	if (!e) {
		/* An id we did not give: learn the namespace (its links so far) and look for
		 * where it lives. */
		char label[64];
		snprintf(label, sizeof(label), "nsid %d", nsid);
		e = add_ns(w, nsid, 0, label);
		if (!e)
			return;
		load_links(w, e, false);
		ifw_watch_ns_schedule_rescan(w);
	}
	struct ifw_link_ent *l = link_find(e, lev->ifindex);
	struct ifw_wev ev;
	switch (lev->type) {
	case IFW_LEV_LINK_NEW:
		if (!l) {
			if (arrival_of_move(w, e, lev))
				return;
			struct ifw_link_ent *nl = link_add(e, lev);
			fill_ev(&ev, IFW_WEV_CREATED, e, lev->ifindex, lev->name, lev->kind);
			ifw_watcher_emit(w, &ev);
			if (nl)
				note_creator(w, e, lev->ifindex, &ev);
		} else if (strcmp(l->name, lev->name) != 0 && lev->name[0]) {
			fill_ev(&ev, IFW_WEV_RENAMED, e, lev->ifindex, lev->name, lev->kind);
			memcpy(ev.old_name, l->name, sizeof(ev.old_name));
			memcpy(l->name, lev->name, sizeof(l->name));
			ifw_watcher_emit(w, &ev);
			w->prom_dirty = true;
		}
		break;
	case IFW_LEV_LINK_DEL:
		if (lev->new_nsid >= 0) {
			if (w->n_moves == w->cap_moves) {
				size_t nc = w->cap_moves ? w->cap_moves * 2 : 16;
				struct ifw_moveout *nv = realloc(w->moves, nc * sizeof(*nv));
				if (!nv)
					break;
				w->moves = nv;
				w->cap_moves = nc;
			}
			struct ifw_moveout *m = &w->moves[w->n_moves++];
			memset(m, 0, sizeof(*m));
			memcpy(m->name, lev->name, sizeof(m->name));
			memcpy(m->kind, l ? l->kind : lev->kind, sizeof(m->kind));
			if (l) {
				memcpy(m->creator, l->creator, sizeof(m->creator));
				m->confidence = l->confidence;
				m->creator_pid = l->creator_pid;
				m->made_ns = l->made_ns;
			}
			snprintf(m->from, sizeof(m->from), "%s", e->label);
			m->from_inode = e->inode;
			m->from_nsid = e->nsid;
			m->ifindex = lev->ifindex;
			m->new_ifindex = lev->new_ifindex;
			m->new_nsid = lev->new_nsid;
			m->deadline_ns = mono_now() + MOVE_WAIT_NS;
		} else if (l) { /* the kernel may repeat a deletion (a veth's two ends) */
			fill_ev(&ev, IFW_WEV_DELETED, e, lev->ifindex, lev->name, l->kind);
			ifw_watcher_emit(w, &ev);
		}
		if (l)
			link_drop(e, l);
		w->prom_dirty = true;
		break;
	case IFW_LEV_NSID_NEW:
	case IFW_LEV_NSID_DEL:
		break;
	case IFW_LEV_ADDR_NEW:
	case IFW_LEV_ADDR_DEL:
		fill_ev(&ev,
		        lev->type == IFW_LEV_ADDR_NEW ? IFW_WEV_ADDR_ADDED : IFW_WEV_ADDR_REMOVED,
		        e, lev->ifindex, l ? l->name : lev->name, l ? l->kind : "");
		memcpy(ev.addr, lev->addr, sizeof(ev.addr));
		ifw_watcher_emit(w, &ev);
		break;
	}
}

/* After lost notifications: what each namespace holds now against what we believed. A link
 * we did not know is reported "appeared" (a creation, seen late, when its request is known), one
 * that is gone "deleted", a new name "renamed". */
static void resync(struct ifw_watcher *w)
{
	static struct ifw_lev *buf;
	static size_t cap;
	static const char lost[] = "while notifications were lost";
	for (size_t i = 0; i < w->n_ns; i++) {
		struct ifw_ns_ent *e = &w->ns[i];
		size_t n = 0;
		struct ifw_err err;
		int rc = dump_links(w, e->nsid, &buf, &cap, &n, &err);
		if (rc < 0 && e->nsid == -1)
			fprintf(stderr, "ifwho watch: comparing links: %s\n", err.msg);
		if (rc < 0 || n == 0)
			continue; /* gone: its id's withdrawal will say so */
		struct ifw_wev ev;
		/* an incomplete list proves no deletion: look again later */
		if (rc == 1)
			w->resync_at = mono_now() + 100 * 1000000ULL;
		struct ifw_idmap dumped;
		struct link_index known;
		ifw_idmap_init(&dumped);
		for (size_t j = 0; j < n; j++)
			ifw_idmap_put(&dumped, (uint32_t)buf[j].ifindex, (uint32_t)j);
		for (size_t k = 0; rc == 0 && k < e->n_links;) {
			struct ifw_link_ent *l = &e->links[k];
			uint32_t j = ifw_idmap_get(&dumped, (uint32_t)l->ifindex);
			bool there = j < n && buf[j].ifindex == l->ifindex;
			/* not all indexed (out of memory): scan */
			for (j = 0; dumped.n != n && j < n && !there; j++)
				there = buf[j].ifindex == l->ifindex;
			if (there) {
				k++;
				continue;
			}
			fill_ev(&ev, IFW_WEV_DELETED, e, l->ifindex, l->name, l->kind);
			snprintf(ev.note, sizeof(ev.note), "deleted %s", lost);
			ifw_watcher_emit(w, &ev);
			link_drop(e, l);
		}
		ifw_idmap_free(&dumped);
		index_links(e, &known);
		for (size_t j = 0; j < n; j++) {
			struct ifw_link_ent *l = indexed_link(e, &known, buf[j].ifindex);
			if (l && strcmp(l->name, buf[j].name) != 0) {
				fill_ev(&ev, IFW_WEV_RENAMED, e, l->ifindex, buf[j].name, l->kind);
				memcpy(ev.old_name, l->name, sizeof(ev.old_name));
				memcpy(l->name, buf[j].name, sizeof(l->name));
				snprintf(ev.note, sizeof(ev.note), "renamed %s", lost);
				ifw_watcher_emit(w, &ev);
			} else if (!l && link_add(e, &buf[j])) {
				fill_ev(&ev, IFW_WEV_APPEARED, e, buf[j].ifindex, buf[j].name,
				        buf[j].kind);
				snprintf(ev.note, sizeof(ev.note), "made %s", lost);
				ifw_watcher_emit(w, &ev);
				note_creator(w, e, buf[j].ifindex, &ev);
			}
		}
		ifw_idmap_free(&known.by);
		w->prom_dirty = true;
	}
}

void ifw_watch_ns_drain(struct ifw_watcher *w)
{
	bool overrun = false;
	ifw_rtwatch_read(&w->rt, on_lev, w, &overrun);
	if (overrun) {
		struct ifw_wev ev;
		memset(&ev, 0, sizeof(ev));
		ev.type = IFW_WEV_GAP;
		snprintf(ev.note, sizeof(ev.note),
		         "link notifications lost (ENOBUFS): comparing every namespace's links");
		ifw_watcher_emit(w, &ev);
		resync(w);
		/* Notifications dropped while we compared may not raise the error again (the
		 * socket stays "congested"): compare once more when the burst has passed. */
		w->resync_at = mono_now() + 100 * 1000000ULL;
	}
	expire_moves(w);
}

void ifw_watch_ns_creator_exit(struct ifw_watcher *w, int32_t pid, uint64_t mono_ns)
{
	if (pid <= 0)
		return;
	if (w->creator_pids && (uint32_t)pid < CREATOR_PID_LIMIT) {
		uint64_t bit = 1ULL << (pid % 64);
		if (!(w->creator_pids[pid / 64] & bit))
			return; /* no link's creator: the common case, every exit on the host */
		w->creator_pids[pid / 64] &= ~bit; /* it is gone; a reused pid sets it again */
	}
	for (size_t i = 0; i < w->n_ns; i++) {
		struct ifw_ns_ent *e = &w->ns[i];
		for (size_t k = 0; k < e->n_links; k++) {
			struct ifw_link_ent *l = &e->links[k];
			if (l->creator_pid != pid)
				continue;
			l->creator_pid = 0;
			/* a one-shot tool (ip) exits right after: only a process that lived on
			 * after making the link (a daemon) leaving it behind is news */
			if (mono_ns < l->made_ns + 1000000000ULL)
				continue;
			struct ifw_wev ev;
			fill_ev(&ev, IFW_WEV_CREATOR_EXITED, e, l->ifindex, l->name, l->kind);
			snprintf(ev.note, sizeof(ev.note),
			         "its creator %.60s (pid %d) exited; the link remains", l->creator,
			         pid);
			ifw_watcher_emit(w, &ev);
		}
	}
}
