/* The BPF snapshot of every process's socket and tun fds, and the second look after the socket
 * dumps that tells the kernel's own sockets from ones opened after the scan. */
#include "collect/linux/procscan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int by_pid(const void *a, const void *b)
{
	const struct ifw_fd_rec *x = a, *y = b;
	return x->pid != y->pid ? (x->pid > y->pid) - (x->pid < y->pid)
	                        : (x->fd > y->fd) - (x->fd < y->fd);
}

/* One BPF read of every process's socket and tun fds (root only); false: use /proc. Sorted by
 * pid (with an index of each process's first record) unless only the records are wanted. */
static bool take(struct fd_snapshot *sn, bool sorted, const struct ifw_collect_opts *o)
{
	memset(sn, 0, sizeof(*sn));
	if (geteuid() != 0 || o->no_bpf)
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
	if (ifw_bpf_fds(&sn->recs, &sn->n, &sn->sockets, o->bpf_log, &err) < 0) {
		if (o->timing)
			fprintf(stderr,
			        "ifwho:   BPF fd iterator unavailable (%s); reading /proc\n",
			        err.msg);
		return false;
	}
	ifw_idmap_init(&sn->first);
	if (!sorted)
		return true;
	qsort(sn->recs, sn->n, sizeof(*sn->recs), by_pid);
	for (size_t i = 0; i < sn->n; i++)
		if ((i == 0 || sn->recs[i - 1].pid != sn->recs[i].pid) &&
		    ifw_idmap_put(&sn->first, sn->recs[i].pid, (uint32_t)i) < 0) {
			free(sn->recs);
			ifw_idmap_free(&sn->first);
			return false;
		}
	return true;
}

bool ifw_take_snapshot(struct fd_snapshot *sn, const struct ifw_collect_opts *o)
{
	return take(sn, true, o);
}

void ifw_snapshot_free(struct fd_snapshot *sn)
{
	if (!sn->recs)
		return; /* none taken */
	free(sn->recs);
	ifw_idmap_free(&sn->first);
	sn->recs = NULL;
}

void ifw_linux_recheck_unowned(struct ifw_model *m, const struct ifw_collect_opts *o)
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
	if (n == 0 || !take(&snap, false, o))
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
	ifw_snapshot_free(&snap);
out:
	ifw_idmap_free(&held);
	ifw_idmap_free(&unowned);
	ifw_idmap_free(&pids);
}
