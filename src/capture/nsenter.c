/* Entering a model namespace to open a capture there, and coming back. A packet socket stays
 * bound to the namespace it was opened in, so only pcap_activate needs to run inside. The path
 * to the namespace is checked by its nsfs inode: a /proc/PID path may belong to someone else
 * by now, and a /run/netns name may have been reused. */
#include "capture/cap_int.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static int open_checked(const char *path, uint64_t inode)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) < 0 || (uint64_t)st.st_ino != inode) {
		close(fd);
		errno = ESTALE;
		return -1;
	}
	return fd;
}

static int open_self(void)
{
	/* The thread's own namespace (it is what setns changes), else the process's. */
	int fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	return fd >= 0 ? fd : open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
}

int ifw_cap_enter_ns(const struct ifw_model *m, ifw_id nsid, struct ifw_ns_saved *saved,
                     struct ifw_err *err)
{
	saved->fd = -1;
	if (nsid >= m->netns.n)
		return ifw_fail(err, IFW_E_NOTFOUND, "interface has no namespace");
	const struct ifw_netns *ns = &m->netns.v[nsid];
	if (!ns->inode)
		return ifw_fail(err, IFW_E_USAGE, "namespace %s is not on this system (evidence)",
		                ns->name ? ns->name : "?");
	int self = open_self();
	if (self < 0)
		return ifw_fail_errno(err, errno, "/proc/self/ns/net");
	struct stat st;
	if (fstat(self, &st) == 0 && (uint64_t)st.st_ino == ns->inode) {
		close(self);
		return 0; /* already there */
	}
	int fd = -1, first_errno = 0;
	char path[512];
	static const char *const dirs[] = {"/run/netns", "/run/docker/netns", "/var/run/netns"};
	for (size_t i = 0; i < ns->n_names && fd < 0; i++) {
		for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]) && fd < 0; d++) {
			if (!ns->names[i] || snprintf(path, sizeof(path), "%s/%s", dirs[d],
			                              ns->names[i]) >= (int)sizeof(path))
				continue;
			fd = open_checked(path, ns->inode);
			if (fd < 0 && (errno == EPERM || errno == EACCES) && !first_errno)
				first_errno = errno;
		}
	}
	if (fd < 0 && ns->pid > 0) {
		snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)ns->pid);
		fd = open_checked(path, ns->inode);
		if (fd < 0 && (errno == EPERM || errno == EACCES) && !first_errno)
			first_errno = errno;
	}
	if (fd < 0) {
		close(self);
		if (first_errno)
			return ifw_fail_errno(err, first_errno, "opening network namespace %s",
			                      ns->name ? ns->name : "?");
		return ifw_fail(err, IFW_E_NOTFOUND, "network namespace %s is gone",
		                ns->name ? ns->name : "?");
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		int e = errno;
		close(fd);
		close(self);
		return ifw_fail_errno(err, e, "entering network namespace %s",
		                      ns->name ? ns->name : "?");
	}
	close(fd);
	saved->fd = self;
	return 0;
}

int ifw_cap_leave_ns(struct ifw_ns_saved *saved, struct ifw_err *err)
{
	if (saved->fd < 0)
		return 0;
	int r = setns(saved->fd, CLONE_NEWNET);
	int e = errno;
	close(saved->fd);
	saved->fd = -1;
	if (r < 0) {
		/* Not an ordinary failure: the thread is left in another namespace. */
		ifw_fail_errno(err, e, "returning to our own network namespace");
		if (err)
			err->code = IFW_E_SYS;
		return -1;
	}
	return 0;
}
