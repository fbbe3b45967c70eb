#include "util/netns.h"

#include <errno.h>
#include <fcntl.h>
#ifdef __linux__
#include <sched.h>
#endif
#include <sys/stat.h>
#include <unistd.h>

/* Network namespaces are Linux's: elsewhere there is only the host's, and entering another fails.
 */
static int set_netns(int fd)
{
#ifdef __linux__
	return setns(fd, CLONE_NEWNET);
#else
	(void)fd;
	errno = ENOSYS;
	return -1;
#endif
}

int ifw_netns_open_checked(const char *path, uint64_t inode)
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

int ifw_netns_open_self(void)
{
	int fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	/* Kernels before 3.17 have no thread-self; there the main thread's is the only choice. */
	return fd >= 0 || errno != ENOENT ? fd : open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
}

int ifw_netns_enter_fd(int fd, const char *what, int *saved_fd, struct ifw_err *err)
{
	*saved_fd = -1;
	int self = ifw_netns_open_self();
	if (self < 0)
		return ifw_fail_errno(err, errno, "/proc/thread-self/ns/net");
	struct stat a, b;
	if (fstat(self, &a) == 0 && fstat(fd, &b) == 0 && a.st_ino == b.st_ino &&
	    a.st_dev == b.st_dev) {
		close(self);
		return 0; /* already there */
	}
	if (set_netns(fd) < 0) {
		int e = errno;
		close(self);
		return ifw_fail_errno(err, e, "entering network namespace %s", what);
	}
	*saved_fd = self;
	return 0;
}

int ifw_netns_enter(const char *path, uint64_t inode, int *saved_fd, struct ifw_err *err)
{
	*saved_fd = -1;
	int fd = ifw_netns_open_checked(path, inode);
	if (fd < 0) {
		if (errno == ESTALE)
			return ifw_fail(err, IFW_E_NOTFOUND, "namespace at %s is gone", path);
		return ifw_fail_errno(err, errno, "%s", path);
	}
	int r = ifw_netns_enter_fd(fd, path, saved_fd, err);
	close(fd);
	return r;
}

int ifw_netns_leave(int saved_fd, struct ifw_err *err)
{
	if (saved_fd < 0)
		return 0;
	int r = set_netns(saved_fd);
	int e = errno;
	close(saved_fd);
	if (r < 0) {
		ifw_fail_errno(err, e, "returning to our own network namespace");
		if (err)
			err->code = IFW_E_SYS;
		return -1;
	}
	return 0;
}
