/* One pass over /proc with directory fds: every process once, its sockets and tun fds, its
 * network namespace and cgroup. A process or fd that vanishes mid-scan is skipped, never
 * attributed: every read goes through the pid's own directory fd, which cannot be reused by a
 * new process with the same pid. */
#include "collect/linux/bpf_fds.h"
#include "collect/linux/linux.h"
#include "collect/linux/procfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define PF_KTHREAD  0x00200000
#define CMDLINE_MAX (64 * 1024)

/* The BPF iterator's snapshot of every socket and tun fd, sorted by pid (read-only, shared). */
struct fd_snapshot {
	struct ifw_fd_rec *recs;
	size_t n;
	struct ifw_idmap first; /* pid -> index of its first record */
	uint64_t taken_ticks;   /* when, in /proc/PID/stat start-time units (boot-based) */
	uint64_t ns_per_tick;
};

struct scan {
	struct ifw_model *m;
	const struct fd_snapshot *snap; /* NULL: read every fd link in /proc */
	char *cmdbuf;                   /* CMDLINE_MAX bytes */
	uint32_t uids[64];              /* small cache of uid -> user name */
	const char *users[64];
	size_t n_users;
	bool denied_fds, denied_ns;
	size_t long_cmdlines;
};

static int getdents(int fd, char *buf, size_t len)
{
	return (int)syscall(SYS_getdents64, fd, buf, len);
}

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static const char *user_name(struct scan *s, uint32_t uid)
{
	for (size_t i = 0; i < s->n_users; i++)
		if (s->uids[i] == uid)
			return s->users[i];
	struct passwd pw, *res = NULL;
	char buf[1024];
	const char *name = NULL;
	if (getpwuid_r(uid, &pw, buf, sizeof(buf), &res) == 0 && res)
		name = ifw_model_strdup(s->m, res->pw_name);
	if (s->n_users < 64) {
		s->uids[s->n_users] = uid;
		s->users[s->n_users++] = name;
	}
	return name;
}

static void read_cmdline(struct scan *s, int pfd, struct ifw_process *p)
{
	bool trunc = false;
	ssize_t n = ifw_read_at(pfd, "cmdline", s->cmdbuf, CMDLINE_MAX, &trunc);
	if (n <= 0)
		return;
	while (n > 0 && s->cmdbuf[n - 1] == '\0')
		n--;
	for (ssize_t i = 0; i < n; i++)
		if (s->cmdbuf[i] == '\0')
			s->cmdbuf[i] = ' ';
	p->cmdline = ifw_model_strndup(s->m, s->cmdbuf, (size_t)n);
	if (trunc)
		s->long_cmdlines++;
}

static void read_cgroup(struct scan *s, int pfd, struct ifw_process *p)
{
	char buf[4096];
	ssize_t n = ifw_read_at(pfd, "cgroup", buf, sizeof(buf), NULL);
	const char *path;
	size_t plen;
	if (n <= 0 || !ifw_parse_proc_cgroup(buf, (size_t)n, &path, &plen))
		return;
	p->cgroup = ifw_model_strndup(s->m, path, plen);
	struct ifw_cgroup_info ci;
	ifw_parse_cgroup_path(path, plen, &ci);
	if (ci.unit)
		p->unit = ifw_model_strndup(s->m, ci.unit, ci.unit_len);
	if (ci.runtime) {
		p->container_runtime = ci.runtime;
		if (ci.container_id[0])
			p->container_id = ifw_model_strdup(s->m, ci.container_id);
	}
}

static void add_fd_kind(struct scan *s, ifw_id proc, int pfd, int fd, uint64_t ino, bool tun);

static void add_fd(struct scan *s, ifw_id proc, int pfd, int fd, const char *link, size_t len)
{
	uint64_t ino = ifw_parse_bracket_inode(link, len, "socket:[");
	bool tun = !ino && len == 12 && memcmp(link, "/dev/net/tun", 12) == 0;
	if (ino || tun)
		add_fd_kind(s, proc, pfd, fd, ino, tun);
}

static void add_fd_kind(struct scan *s, ifw_id proc, int pfd, int fd, uint64_t ino, bool tun)
{
	char iff[16] = "";
	if (tun) {
		char path[40], buf[512];
		snprintf(path, sizeof(path), "fdinfo/%d", fd);
		ssize_t n = ifw_read_at(pfd, path, buf, sizeof(buf), NULL);
		/* A tun fd not attached to a device (no "iff:") tells nothing about interfaces. */
		if (n <= 0 || !ifw_parse_fdinfo_iff(buf, (size_t)n, iff))
			return;
	}
	struct ifw_fdref *r = ifw_model_add_fdref(s->m);
	if (!r)
		return;
	r->proc = proc;
	r->fd = fd;
	if (tun) {
		r->type = IFW_FD_TUN;
		r->tun_name = ifw_model_strdup(s->m, iff);
		r->origin.src = ifw_arena_printf(&s->m->arena, "/proc/%d/fdinfo/%d",
		                                 s->m->procs.v[proc].pid, fd);
	} else {
		r->type = IFW_FD_SOCKET;
		r->inode = ino;
		r->origin.src = "/proc/PID/fd";
	}
}

static void scan_fds(struct scan *s, ifw_id proc, int pfd)
{
	int dfd = openat(pfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		if (errno == EACCES || errno == EPERM)
			s->denied_fds = true;
		return;
	}
	char buf[8192];
	char link[64];
	for (;;) {
		int n = getdents(dfd, buf, sizeof(buf));
		if (n <= 0)
			break;
		for (int off = 0; off < n;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
			off += d->d_reclen;
			if (d->d_name[0] < '0' || d->d_name[0] > '9')
				continue;
			ssize_t l = readlinkat(dfd, d->d_name, link, sizeof(link) - 1);
			if (l <= 0)
				continue; /* closed meanwhile */
			add_fd(s, proc, pfd, atoi(d->d_name), link, (size_t)l);
		}
	}
	close(dfd);
}

/* Takes the process's fds from the BPF snapshot when it is certainly the same process: its
 * start time matches the one the snapshot saw. A process started after the snapshot, or a pid
 * reused since, is read from /proc instead (returns false). */
static bool fds_from_snapshot(struct scan *s, ifw_id proc, int pfd, uint64_t start_ticks)
{
	const struct fd_snapshot *sn = s->snap;
	if (!sn)
		return false;
	int32_t pid = s->m->procs.v[proc].pid;
	uint32_t i = ifw_idmap_get(&sn->first, (uint64_t)pid);
	if (i == UINT32_MAX)
		return start_ticks < sn->taken_ticks; /* older than the snapshot: it had none */
	if (sn->recs[i].start_ns / sn->ns_per_tick != start_ticks)
		return false;
	for (; i < sn->n && sn->recs[i].pid == (uint32_t)pid; i++)
		add_fd_kind(s, proc, pfd, (int)sn->recs[i].fd, sn->recs[i].ino,
		            sn->recs[i].kind == IFW_FD_REC_TUN);
	return true;
}

/* Reads one process in full: into a new record, or (focused mode) into the light record `into`
 * that the namespace pass made for it. */
static void scan_pid_at(struct scan *s, int procfd, const char *name, ifw_id into)
{
	int pfd = openat(procfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (pfd < 0) {
		s->m->vanished_procs++;
		return;
	}
	char buf[1024];
	struct ifw_proc_stat st;
	ssize_t n = ifw_read_at(pfd, "stat", buf, sizeof(buf), NULL);
	if (n <= 0 || ifw_parse_proc_stat(buf, (size_t)n, &st) < 0) {
		s->m->vanished_procs++;
		close(pfd);
		return;
	}
	if (st.flags & PF_KTHREAD) {
		close(pfd); /* kernel threads hold no sockets or tun devices */
		return;
	}
	struct stat sb;
	if (fstat(pfd, &sb) < 0) {
		s->m->vanished_procs++;
		close(pfd);
		return;
	}
	struct ifw_process *p = into != IFW_NOID ? &s->m->procs.v[into] : ifw_model_add_proc(s->m);
	if (!p) {
		close(pfd);
		return;
	}
	ifw_id id = into != IFW_NOID ? into : (ifw_id)(s->m->procs.n - 1);
	p->pid = atoi(name);
	p->ppid = st.ppid;
	p->start_ticks = st.start_ticks;
	p->comm = ifw_model_strdup(s->m, st.comm);
	/* The owner of /proc/PID is the process's effective uid (root if it is not dumpable). */
	p->uid = sb.st_uid;
	p->has_uid = true;
	p->user = user_name(s, p->uid);
	p->origin.src = "/proc/PID";
	char link[PATH_MAX];
	ssize_t l = readlinkat(pfd, "ns/net", link, sizeof(link) - 1);
	if (l > 0)
		p->netns_inode = ifw_parse_bracket_inode(link, (size_t)l, "net:[");
	else if (errno == EACCES || errno == EPERM)
		s->denied_ns = true;
	l = readlinkat(pfd, "exe", link, sizeof(link) - 1);
	if (l > 0)
		p->exe = ifw_model_strndup(s->m, link, (size_t)l);
	read_cmdline(s, pfd, &s->m->procs.v[id]);
	read_cgroup(s, pfd, &s->m->procs.v[id]);
	if (!fds_from_snapshot(s, id, pfd, st.start_ticks))
		scan_fds(s, id, pfd);
	close(pfd);
}

static void scan_pid(struct scan *s, int procfd, const char *name)
{
	scan_pid_at(s, procfd, name, IFW_NOID);
}

static int by_pid(const void *a, const void *b)
{
	const struct ifw_fd_rec *x = a, *y = b;
	return x->pid != y->pid ? (x->pid > y->pid) - (x->pid < y->pid)
	                        : (x->fd > y->fd) - (x->fd < y->fd);
}

/* One BPF read of every process's socket and tun fds (root only); false: use /proc. */
static bool take_snapshot(struct fd_snapshot *sn, struct ifw_model *m)
{
	memset(sn, 0, sizeof(*sn));
	if (geteuid() != 0 || getenv("IFWHO_NO_BPF"))
		return false;
	long hz = sysconf(_SC_CLK_TCK);
	struct timespec now;
	if (hz <= 0 || clock_gettime(CLOCK_BOOTTIME, &now) < 0)
		return false;
	sn->ns_per_tick = 1000000000ULL / (uint64_t)hz;
	/* Anything that started from here on is not in the snapshot. */
	sn->taken_ticks =
	    ((uint64_t)now.tv_sec * 1000000000ULL + (uint64_t)now.tv_nsec) / sn->ns_per_tick;
	struct ifw_err err = {0};
	if (ifw_bpf_fds(&sn->recs, &sn->n, &err) < 0) {
		if (getenv("IFWHO_TIMING"))
			fprintf(stderr,
			        "ifwho:   BPF fd iterator unavailable (%s); reading /proc\n",
			        err.msg);
		return false;
	}
	qsort(sn->recs, sn->n, sizeof(*sn->recs), by_pid);
	ifw_idmap_init(&sn->first);
	for (size_t i = 0; i < sn->n; i++)
		if ((i == 0 || sn->recs[i - 1].pid != sn->recs[i].pid) &&
		    ifw_idmap_put(&sn->first, sn->recs[i].pid, (uint32_t)i) < 0) {
			free(sn->recs);
			ifw_idmap_free(&sn->first);
			return false;
		}
	(void)m;
	return true;
}

/* The pids, from one getdents pass over /proc. */
static int list_pids(int procfd, char (**names)[12], size_t *n, struct ifw_err *err)
{
	size_t cap = 1024;
	*n = 0;
	*names = malloc(cap * sizeof(**names));
	if (!*names)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory listing processes");
	char buf[16384];
	for (;;) {
		int r = getdents(procfd, buf, sizeof(buf));
		if (r < 0)
			return ifw_fail_errno(err, errno, "reading the process list");
		if (r == 0)
			return 0;
		for (int off = 0; off < r;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
			off += d->d_reclen;
			if (d->d_name[0] < '1' || d->d_name[0] > '9' || strlen(d->d_name) >= 12)
				continue;
			if (*n == cap) {
				void *nn = realloc(*names, 2 * cap * sizeof(**names));
				if (!nn)
					return ifw_fail(err, IFW_E_NOMEM,
					                "out of memory listing processes");
				*names = nn;
				cap *= 2;
			}
			strcpy((*names)[(*n)++], d->d_name);
		}
	}
}

/* Scanning is mostly waiting on the kernel (a readlink per fd): with several cores, workers
 * take every k-th pid, each into its own part of the model, merged afterwards. */
struct worker {
	struct scan s;
	struct ifw_model part;
	int procfd;
	char (*names)[12];
	size_t n, start, step;
	pthread_t thread;
	bool started;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	for (size_t i = w->start; i < w->n; i += w->step)
		scan_pid(&w->s, w->procfd, w->names[i]);
	return NULL;
}

/* Appends a worker's processes and fds to the model. */
static int merge(struct ifw_model *m, struct worker *w)
{
	struct ifw_model *p = &w->part;
	ifw_id base = (ifw_id)m->procs.n;
	for (size_t i = 0; i < p->procs.n; i++) {
		struct ifw_process *d = ifw_model_add_proc(m);
		if (!d)
			return -1;
		*d = p->procs.v[i];
	}
	for (size_t i = 0; i < p->fdrefs.n; i++) {
		struct ifw_fdref *d = ifw_model_add_fdref(m);
		if (!d)
			return -1;
		*d = p->fdrefs.v[i];
		d->proc += base;
	}
	m->vanished_procs += p->vanished_procs;
	ifw_arena_adopt(&m->arena, &p->arena);
	return 0;
}

int ifw_linux_scan_procs(struct ifw_model *m, const char *proc_root, struct ifw_err *err)
{
	int procfd = open(proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return ifw_fail_errno(err, errno, "%s", proc_root);
	char(*names)[12] = NULL;
	size_t n = 0;
	if (list_pids(procfd, &names, &n, err) < 0) {
		free(names);
		close(procfd);
		return -1;
	}
	struct fd_snapshot snap;
	bool have_snap = take_snapshot(&snap, m);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t k = n < 256 || cpus < 2 ? 1 : cpus > 4 ? 4 : (size_t)cpus;
	struct worker *w = calloc(k, sizeof(*w));
	int rc = w ? 0 : ifw_fail(err, IFW_E_NOMEM, "out of memory scanning %s", proc_root);
	for (size_t i = 0; i < k && rc == 0; i++) {
		w[i].procfd = procfd;
		w[i].names = names;
		w[i].n = n;
		w[i].start = i;
		w[i].step = k;
		ifw_model_init(&w[i].part);
		/* Worker 0 writes straight into the model; the others into their part. */
		w[i].s.m = i == 0 ? m : &w[i].part;
		w[i].s.snap = have_snap ? &snap : NULL;
		w[i].s.cmdbuf = malloc(CMDLINE_MAX);
		if (!w[i].s.cmdbuf)
			rc = ifw_fail(err, IFW_E_NOMEM, "out of memory scanning %s", proc_root);
	}
	for (size_t i = 1; i < k && rc == 0; i++)
		w[i].started = pthread_create(&w[i].thread, NULL, work, &w[i]) == 0;
	if (rc == 0)
		work(&w[0]);
	for (size_t i = 1; i < k; i++) {
		if (w[i].started)
			pthread_join(w[i].thread, NULL);
		else if (rc == 0)
			work(&w[i]); /* no thread: do its share here */
	}
	bool denied_fds = false, denied_ns = false;
	size_t long_cmdlines = 0;
	for (size_t i = 0; w && i < k; i++) {
		if (i > 0 && rc == 0 && merge(m, &w[i]) < 0)
			rc = ifw_fail(err, IFW_E_NOMEM, "out of memory merging the process scan");
		denied_fds |= w[i].s.denied_fds;
		denied_ns |= w[i].s.denied_ns;
		long_cmdlines += w[i].s.long_cmdlines;
		free(w[i].s.cmdbuf);
		ifw_model_free(&w[i].part);
	}
	free(w);
	free(names);
	close(procfd);
	if (have_snap) {
		free(snap.recs);
		ifw_idmap_free(&snap.first);
	}
	/* Root can still be refused (another user namespace, a security module, a supervisor
	 * process); say which, so the advice is not "run as root" to root. */
	const char *fix = geteuid() == 0 ? "refused even to root" : "run as root";
	if (denied_fds)
		ifw_model_limit(m, "some processes' sockets and tun devices (%s)", fix);
	if (denied_ns)
		ifw_model_limit(m, "some processes' network namespaces (%s)", fix);
	if (long_cmdlines)
		ifw_model_warn(m, "%zu command lines longer than %d bytes were cut", long_cmdlines,
		               CMDLINE_MAX);
	return rc;
}

int ifw_linux_scan_ns_only(struct ifw_model *m, const char *proc_root, struct ifw_err *err)
{
	int procfd = open(proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return ifw_fail_errno(err, errno, "%s", proc_root);
	char(*names)[12] = NULL;
	size_t n = 0;
	int rc = list_pids(procfd, &names, &n, err);
	char path[32], link[64];
	for (size_t i = 0; i < n && rc == 0; i++) {
		snprintf(path, sizeof(path), "%s/ns/net", names[i]);
		ssize_t l = readlinkat(procfd, path, link, sizeof(link) - 1);
		if (l <= 0)
			continue; /* gone, or not ours to see: the full pass would not see it either
			           */
		struct ifw_process *p = ifw_model_add_proc(m);
		if (!p) {
			rc = ifw_fail(err, IFW_E_NOMEM, "out of memory listing processes");
			break;
		}
		p->pid = atoi(names[i]);
		p->netns_inode = ifw_parse_bracket_inode(link, (size_t)l, "net:[");
		p->origin.src = "/proc/PID/ns/net";
	}
	free(names);
	close(procfd);
	return rc;
}

int ifw_linux_scan_relevant(struct ifw_model *m, const char *proc_root,
                            const struct ifw_idmap *inodes, const uint64_t *ns, size_t n_ns,
                            struct ifw_err *err)
{
	struct fd_snapshot snap;
	if (!take_snapshot(&snap, m))
		return 1;
	int procfd = open(proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0) {
		free(snap.recs);
		ifw_idmap_free(&snap.first);
		return ifw_fail_errno(err, errno, "%s", proc_root);
	}
	struct ifw_idmap want;
	ifw_idmap_init(&want);
	int rc = 0;
	/* Owners of the sockets the question is about, and every tun holder (their fdinfo says
	 * which device; there are few). */
	for (size_t i = 0; i < snap.n && rc == 0; i++)
		if (snap.recs[i].kind == IFW_FD_REC_TUN ||
		    ifw_idmap_get(inodes, snap.recs[i].ino) != IFW_NOID)
			rc = ifw_idmap_put(&want, snap.recs[i].pid, 1);
	/* Namespace representatives (named in the report), and what lives behind the links. */
	size_t per_ns_left[64];
	for (size_t k = 0; k < n_ns && k < 64; k++)
		per_ns_left[k] = 64;
	for (size_t i = 0; i < m->netns.n && rc == 0; i++)
		if (m->netns.v[i].pid > 0)
			rc = ifw_idmap_put(&want, (uint64_t)m->netns.v[i].pid, 1);
	for (size_t i = 0; i < m->procs.n && rc == 0; i++) {
		for (size_t k = 0; k < n_ns && k < 64; k++)
			if (m->procs.v[i].netns_inode == ns[k] && per_ns_left[k]) {
				per_ns_left[k]--;
				rc = ifw_idmap_put(&want, (uint64_t)m->procs.v[i].pid, 1);
			}
	}
	struct scan s = {.m = m, .snap = &snap};
	s.cmdbuf = malloc(CMDLINE_MAX);
	if (!s.cmdbuf && rc == 0)
		rc = ifw_fail(err, IFW_E_NOMEM, "out of memory");
	size_t light = m->procs.n;
	for (size_t i = 0; i < light && rc == 0; i++) {
		if (ifw_idmap_get(&want, (uint64_t)m->procs.v[i].pid) == IFW_NOID)
			continue;
		char name[12];
		snprintf(name, sizeof(name), "%d", m->procs.v[i].pid);
		scan_pid_at(&s, procfd, name, (ifw_id)i);
	}
	free(s.cmdbuf);
	ifw_idmap_free(&want);
	free(snap.recs);
	ifw_idmap_free(&snap.first);
	close(procfd);
	if (s.denied_fds)
		ifw_model_limit(m, "some processes' sockets and tun devices (%s)",
		                geteuid() == 0 ? "refused even to root" : "run as root");
	return rc;
}

void ifw_linux_recheck_unowned(struct ifw_model *m)
{
	/* Sockets no scanned process holds: kernel sockets, or ones opened after the scan. */
	struct ifw_idmap held, unowned, pids;
	ifw_idmap_init(&held);
	ifw_idmap_init(&unowned);
	ifw_idmap_init(&pids);
	for (size_t i = 0; i < m->fdrefs.n; i++)
		if (m->fdrefs.v[i].type == IFW_FD_SOCKET)
			ifw_idmap_put(&held, m->fdrefs.v[i].inode, 1);
	size_t n = 0;
	for (size_t i = 0; i < m->sockets.n; i++) {
		const struct ifw_socket *s = &m->sockets.v[i];
		if (s->inode && s->family != AF_UNIX &&
		    ifw_idmap_get(&held, s->inode) == IFW_NOID &&
		    ifw_idmap_put(&unowned, s->inode, (uint32_t)i) == 0)
			n++;
	}
	struct fd_snapshot snap;
	if (n == 0 || !take_snapshot(&snap, m))
		goto out;
	for (size_t i = 0; i < m->procs.n; i++)
		ifw_idmap_put(&pids, (uint64_t)m->procs.v[i].pid, (ifw_id)i);
	/* A socket some process holds now: attach it if that process is the one we scanned. */
	for (size_t i = 0; i < snap.n; i++) {
		const struct ifw_fd_rec *r = &snap.recs[i];
		uint32_t sid =
		    r->kind == IFW_FD_REC_SOCKET ? ifw_idmap_get(&unowned, r->ino) : IFW_NOID;
		if (sid == IFW_NOID)
			continue;
		ifw_id p = ifw_idmap_get(&pids, r->pid);
		if (p != IFW_NOID && m->procs.v[p].start_ticks == r->start_ns / snap.ns_per_tick) {
			struct ifw_fdref *f = ifw_model_add_fdref(m);
			if (f) {
				f->proc = p;
				f->fd = (int32_t)r->fd;
				f->type = IFW_FD_SOCKET;
				f->inode = r->ino;
				f->origin.src = "BPF task_file iterator";
			}
		}
		ifw_idmap_put(&unowned, r->ino,
		              IFW_NOID - 1); /* held by someone: not the kernel's */
	}
	/* What no task holds, taken after the dump, is the kernel's own. */
	for (size_t i = 0; i < m->sockets.n; i++) {
		struct ifw_socket *s = &m->sockets.v[i];
		uint32_t v = s->inode ? ifw_idmap_get(&unowned, s->inode) : IFW_NOID;
		if (v != IFW_NOID && v != IFW_NOID - 1)
			s->owner = IFW_OWNER_KERNEL;
	}
	free(snap.recs);
	ifw_idmap_free(&snap.first);
out:
	ifw_idmap_free(&held);
	ifw_idmap_free(&unowned);
	ifw_idmap_free(&pids);
}
