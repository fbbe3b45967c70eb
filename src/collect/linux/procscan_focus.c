/* The focused pass (one interface asked about): every process's namespace first, then in full
 * only the processes that matter to that interface. */
#include "collect/linux/procfs.h"
#include "collect/linux/procscan.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int ifw_linux_scan_ns_only(struct ifw_model *m, const char *proc_root, struct ifw_err *err)
{
	int procfd = open(proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return ifw_fail_errno(err, errno, "%s", proc_root);
	char(*names)[12] = NULL;
	size_t n = 0;
	int rc = ifw_list_pids(procfd, &names, &n, err);
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
                            const struct ifw_collect_opts *o, struct ifw_err *err)
{
	struct fd_snapshot snap;
	if (!ifw_take_snapshot(&snap, o))
		return 1;
	int procfd = open(proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0) {
		ifw_snapshot_free(&snap);
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
		ifw_scan_pid_at(&s, procfd, name, (ifw_id)i);
	}
	free(s.cmdbuf);
	ifw_idmap_free(&want);
	ifw_snapshot_free(&snap);
	close(procfd);
	if (s.denied_fds)
		ifw_model_limit(m, "some processes' sockets and tun devices (%s)",
		                geteuid() == 0 ? "refused even to root" : "run as root");
	return rc;
}
