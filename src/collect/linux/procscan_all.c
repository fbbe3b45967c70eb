/* The full /proc pass: every process, its details and fds, split over the cores. */
#include "collect/linux/procscan.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
		ifw_scan_pid_at(&w->s, w->procfd, w->names[i], IFW_NOID);
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

int ifw_linux_scan_procs(struct ifw_model *m, const char *proc_root,
                         const struct ifw_collect_opts *o, struct ifw_err *err)
{
	return ifw_linux_scan_procs_keep(m, proc_root, o, NULL, err);
}

int ifw_linux_scan_procs_keep(struct ifw_model *m, const char *proc_root,
                              const struct ifw_collect_opts *o, struct fd_snapshot *keep,
                              struct ifw_err *err)
{
	if (keep)
		memset(keep, 0, sizeof(*keep));
	int procfd = open(proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return ifw_fail_errno(err, errno, "%s", proc_root);
	char(*names)[12] = NULL;
	size_t n = 0;
	if (ifw_list_pids(procfd, &names, &n, err) < 0) {
		free(names);
		close(procfd);
		return -1;
	}
	struct fd_snapshot snap;
	bool have_snap = ifw_take_snapshot(&snap, o);
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
	if (have_snap && keep && rc == 0)
		*keep = snap; /* the caller's now */
	else if (have_snap)
		ifw_snapshot_free(&snap);
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
