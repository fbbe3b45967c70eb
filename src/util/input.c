#include "util/input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/magic.h>
#include <sys/vfs.h>
#endif

static const char *kind(mode_t m)
{
	switch (m & S_IFMT) {
	case S_IFIFO:
		return "a FIFO";
	case S_IFCHR:
		return "a character device";
	case S_IFBLK:
		return "a block device";
	case S_IFSOCK:
		return "a socket";
	case S_IFDIR:
		return "a directory";
	case S_IFLNK:
		return "a symbolic link (not followed)";
	default:
		return "not a regular file";
	}
}

/* Files of the kernel's own file systems look regular but may block (/proc/kmsg,
 * tracing/trace_pipe) or never end. */
static const char *pseudo_fs(int fd, const char *path)
{
#ifdef __linux__
	struct statfs sf;
	if (fd >= 0 ? fstatfs(fd, &sf) < 0 : statfs(path, &sf) < 0)
		return NULL;
	switch ((unsigned long)sf.f_type) {
	case PROC_SUPER_MAGIC:
		return "proc";
	case SYSFS_MAGIC:
		return "sysfs";
	case DEBUGFS_MAGIC:
		return "debugfs";
	case TRACEFS_MAGIC:
		return "tracefs";
	case SECURITYFS_MAGIC:
		return "securityfs";
	}
#else
	(void)fd;
	(void)path;
#endif
	return NULL;
}

static int refuse(struct ifw_err *err, const char *path, mode_t m)
{
	return ifw_fail(err, IFW_E_PARSE, "%s: %s, not a regular file; not read", path, kind(m));
}

static int refuse_fs(struct ifw_err *err, const char *path, const char *fs)
{
	return ifw_fail(err, IFW_E_PARSE,
	                "%s: a file of the kernel's %s file system, not a saved file; not read",
	                path, fs);
}

int ifw_input_open(int dirfd, const char *path, unsigned flags, struct ifw_err *err)
{
	if ((flags & IFW_IN_STDIN) && strcmp(path, "-") == 0)
		return STDIN_FILENO;
	bool nofollow = flags & IFW_IN_NOFOLLOW;
	struct stat st;
	/* Before open: opening a device can have effects of its own. */
	if (fstatat(dirfd, path, &st, nofollow ? AT_SYMLINK_NOFOLLOW : 0) == 0 &&
	    !S_ISREG(st.st_mode))
		return refuse(err, path, st.st_mode);
	const char *fs = dirfd == AT_FDCWD ? pseudo_fs(-1, path) : NULL;
	if (fs)
		return refuse_fs(err, path, fs);
	int fd = openat(dirfd, path,
	                O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | (nofollow ? O_NOFOLLOW : 0));
	if (fd < 0) {
		if (errno == ELOOP && nofollow)
			return refuse(err, path, S_IFLNK);
		return ifw_fail_errno(err, errno, "%s", path);
	}
	/* Again on what was opened: the name may have been replaced in between. */
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		return ifw_fail_errno(err, e, "%s", path);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return refuse(err, path, st.st_mode);
	}
	fs = pseudo_fs(fd, path);
	if (fs) {
		close(fd);
		return refuse_fs(err, path, fs);
	}
	return fd;
}
