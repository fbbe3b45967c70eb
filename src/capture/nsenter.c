/* Entering a model namespace to open a capture there, and coming back. A packet socket stays
 * bound to the namespace it was opened in, so only pcap_activate needs to run inside. The path
 * to the namespace is checked by its nsfs inode: a /proc/PID path may belong to someone else
 * by now, and a /run/netns name may have been reused. */
#include "capture/cap_int.h"
#include "util/netns.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

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
	int self = ifw_netns_open_self();
	if (self >= 0) {
		struct stat st;
		bool here = fstat(self, &st) == 0 && (uint64_t)st.st_ino == ns->inode;
		close(self);
		if (here)
			return 0; /* already there: nothing to open */
	}
	int fd = -1, first_errno = 0;
	char path[512];
	static const char *const dirs[] = {"/run/netns", "/run/docker/netns", "/var/run/netns"};
	for (size_t i = 0; i < ns->n_names && fd < 0; i++) {
		for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]) && fd < 0; d++) {
			if (!ns->names[i] || snprintf(path, sizeof(path), "%s/%s", dirs[d],
			                              ns->names[i]) >= (int)sizeof(path))
				continue;
			fd = ifw_netns_open_checked(path, ns->inode);
			if (fd < 0 && (errno == EPERM || errno == EACCES) && !first_errno)
				first_errno = errno;
		}
	}
	if (fd < 0 && ns->pid > 0) {
		snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)ns->pid);
		fd = ifw_netns_open_checked(path, ns->inode);
		if (fd < 0 && (errno == EPERM || errno == EACCES) && !first_errno)
			first_errno = errno;
	}
	if (fd < 0) {
		if (first_errno)
			return ifw_fail_errno(err, first_errno, "opening network namespace %s",
			                      ns->name ? ns->name : "?");
		return ifw_fail(err, IFW_E_NOTFOUND, "network namespace %s is gone",
		                ns->name ? ns->name : "?");
	}
	int r = ifw_netns_enter_fd(fd, ns->name ? ns->name : "?", &saved->fd, err);
	close(fd);
	return r;
}

int ifw_cap_leave_ns(struct ifw_ns_saved *saved, struct ifw_err *err)
{
	int r = ifw_netns_leave(saved->fd, err);
	saved->fd = -1;
	return r;
}
