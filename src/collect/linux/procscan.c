/* One pass over /proc with directory fds: every process once, its sockets and tun fds, its
 * network namespace and cgroup. A process or fd that vanishes mid-scan is skipped, never
 * attributed: every read goes through the pid's own directory fd, which cannot be reused by a
 * new process with the same pid. */
#include "collect/linux/procscan.h"
#include "collect/linux/procfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PF_KTHREAD 0x00200000

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
void ifw_scan_pid_at(struct scan *s, int procfd, const char *name, ifw_id into)
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

/* The pids, from one getdents pass over /proc. */
int ifw_list_pids(int procfd, char (**names)[12], size_t *n, struct ifw_err *err)
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
