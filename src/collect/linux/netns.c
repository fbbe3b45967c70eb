/* Network namespaces: found by name (/run/netns, /run/docker/netns) and through the processes
 * living in them, identified by their nsfs inode, and entered with setns. */
#include "collect/linux/linux.h"
#include "util/idmap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

struct found {
	uint64_t inode;
	char path[320];
	const char *names[16];
	size_t n_names;
	int32_t pid;
	const char *comm;
};

struct finder {
	struct found *v;
	size_t n, cap;
	struct ifw_idmap
	    at; /* inode -> index in v: one lookup a process, not a scan of all found */
	dev_t nsfs_dev;
	bool have_dev;
};

static struct found *find_or_add(struct finder *f, uint64_t inode)
{
	uint32_t at = inode != UINT64_MAX ? ifw_idmap_get(&f->at, inode) : UINT32_MAX;
	if (at != UINT32_MAX && at < f->n)
		return &f->v[at];
	if (f->n == f->cap) {
		size_t ncap = f->cap ? f->cap * 2 : 16;
		struct found *nv = realloc(f->v, ncap * sizeof(*nv));
		if (!nv)
			return NULL;
		f->v = nv;
		f->cap = ncap;
	}
	if (inode != UINT64_MAX && ifw_idmap_put(&f->at, inode, (uint32_t)f->n) < 0)
		return NULL;
	struct found *e = &f->v[f->n++];
	memset(e, 0, sizeof(*e));
	e->inode = inode;
	return e;
}

static void scan_named(struct ifw_model *m, struct finder *f, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	int dfd = dirfd(d);
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		struct stat st;
		/* A named namespace is an nsfs bind mount; anything else in the directory is not.
		 */
		if (fstatat(dfd, de->d_name, &st, 0) < 0 ||
		    (f->have_dev && st.st_dev != f->nsfs_dev))
			continue;
		struct found *e = find_or_add(f, st.st_ino);
		if (!e)
			break;
		if ((!e->path[0] || strncmp(e->path, "/proc/", 6) == 0) &&
		    strlen(dir) + strlen(de->d_name) + 2 <= sizeof(e->path)) {
			strcpy(e->path, dir);
			strcat(e->path, "/");
			strcat(e->path, de->d_name);
		}
		if (e->n_names < 16)
			e->names[e->n_names++] = ifw_model_strdup(m, de->d_name);
	}
	closedir(d);
}

static int cmp_found(const void *a, const void *b)
{
	const struct found *x = a, *y = b;
	/* Named namespaces first (by name), then by the pid living there. */
	if (!!x->n_names != !!y->n_names)
		return x->n_names ? -1 : 1;
	if (x->n_names)
		return strcmp(x->names[0], y->names[0]);
	return (x->pid > y->pid) - (x->pid < y->pid);
}

/* The user namespace that owns the network namespace at path: whose it is decides who could
 * have made links in it (infer's ifw_proc_could_make). nsfs files only: the path is /proc's or
 * a /run/netns entry already checked to be on nsfs. */
static void read_owner(struct ifw_netns *ns, const char *path, uint64_t self_userns)
{
	if (!path[0] || !self_userns)
		return;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return;
	int u = ioctl(fd, NS_GET_USERNS);
	close(fd);
	struct stat st;
	uid_t owner;
	if (u < 0)
		return;
	if (fstat(u, &st) == 0 && ioctl(u, NS_GET_OWNER_UID, &owner) == 0) {
		ns->owner_known = true;
		ns->user_owned = (uint64_t)st.st_ino != self_userns;
		ns->owner_uid = (uint32_t)owner;
	}
	close(u);
}

int ifw_linux_find_netns(struct ifw_model *m, const char *proc_root, struct ifw_ns_handle **handles,
                         size_t *n_out, struct ifw_err *err)
{
	struct finder f = {0};
	char self_path[PATH_MAX];
	snprintf(self_path, sizeof(self_path), "%s/self/ns/net", proc_root);
	struct stat self;
	if (stat(self_path, &self) < 0)
		return ifw_fail_errno(err, errno, "%s", self_path);
	f.nsfs_dev = self.st_dev;
	f.have_dev = true;
	ifw_idmap_init(&f.at);
	struct stat su;
	char su_path[PATH_MAX];
	snprintf(su_path, sizeof(su_path), "%s/self/ns/user", proc_root);
	uint64_t self_userns = stat(su_path, &su) == 0 ? (uint64_t)su.st_ino : 0;
	uint64_t host_inode = 0;
	for (size_t i = 0; i < m->procs.n; i++) {
		const struct ifw_process *p = &m->procs.v[i];
		if (!p->netns_inode)
			continue;
		if (p->pid == 1)
			host_inode = p->netns_inode;
		struct found *e = find_or_add(&f, p->netns_inode);
		if (!e)
			goto oom;
		if (!e->pid || p->pid < e->pid) {
			e->pid = p->pid;
			e->comm = p->comm;
			if (!e->path[0] || strncmp(e->path, "/proc/", 6) == 0 ||
			    strncmp(e->path, proc_root, strlen(proc_root)) == 0)
				snprintf(e->path, sizeof(e->path), "%s/%d/ns/net", proc_root,
				         p->pid);
		}
	}
	if (!find_or_add(&f, self.st_ino))
		goto oom;
	scan_named(m, &f, "/run/netns");
	scan_named(m, &f, "/run/docker/netns");
	qsort(f.v, f.n, sizeof(*f.v), cmp_found);

	struct ifw_ns_handle *h = calloc(f.n ? f.n : 1, sizeof(*h));
	if (!h)
		goto oom;
	for (size_t i = 0; i < f.n; i++) {
		struct found *e = &f.v[i];
		struct ifw_netns *ns = ifw_model_add_netns(m);
		if (!ns) {
			free(h);
			goto oom;
		}
		ns->inode = e->inode;
		ns->pid = e->pid;
		ns->pid_comm = e->comm;
		ns->is_host = host_inode ? e->inode == host_inode : false;
		ns->is_self = e->inode == (uint64_t)self.st_ino;
		if (e->n_names) {
			ns->names = ifw_arena_alloc(&m->arena, e->n_names * sizeof(*ns->names));
			if (ns->names) {
				memcpy(ns->names, e->names, e->n_names * sizeof(*ns->names));
				ns->n_names = e->n_names;
			}
			ns->name = e->names[0];
		} else if (ns->is_host) {
			ns->name = "host";
		} else if (ns->is_self && !host_inode) {
			ns->name = "current"; /* pid 1 is unreadable: we cannot tell if this is the
			                         host's */
		} else if (e->pid) {
			char comm[32] = "?";
			if (!e->comm) { /* a light record (focused mode): read just its name */
				char path[64];
				snprintf(path, sizeof(path), "%s/%d/comm", proc_root, e->pid);
				FILE *cf = fopen(path, "re");
				if (cf && fgets(comm, sizeof(comm), cf))
					comm[strcspn(comm, "\n")] = '\0';
				if (cf)
					fclose(cf);
				e->comm = ifw_model_strdup(m, comm);
				ns->pid_comm = e->comm;
			}
			ns->name = ifw_arena_printf(&m->arena, "pid %d (%s)", e->pid,
			                            e->comm ? e->comm : "?");
		} else {
			ns->name =
			    ifw_arena_printf(&m->arena, "netns %llu", (unsigned long long)e->inode);
		}
		/* Our own namespace needs no path: we are in it. */
		if (!e->path[0] && ns->is_self && strlen(self_path) < sizeof(e->path))
			memcpy(e->path, self_path, strlen(self_path) + 1);
		read_owner(ns, e->path, self_userns);
		h[i].ns = (ifw_id)(m->netns.n - 1);
		memcpy(h[i].path, e->path, sizeof(h[i].path));
	}
	if (!host_inode)
		ifw_model_limit(m, "which namespace is the host's (pid 1 is not readable)");
	*handles = h;
	*n_out = f.n;
	free(f.v);
	ifw_idmap_free(&f.at);
	return 0;
oom:
	free(f.v);
	ifw_idmap_free(&f.at);
	return ifw_fail(err, IFW_E_NOMEM, "out of memory listing network namespaces");
}
