/* A tun fd's fdinfo names its device ("iff: ipsec0"), but the name alone is ambiguous: two
 * namespaces often hold interfaces of the same name. We borrow the fd (pidfd_getfd) and ask the
 * device itself for its namespace (TUNGETDEVNETNS); only then is the holder attributed. */
#include "collect/linux/linux.h"
#include "collect/linux/procfs.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* Opens a pidfd for the scanned process, or -1 if that pid now names another process. */
static int open_same_process(const struct ifw_process *p)
{
	int pidfd = (int)syscall(SYS_pidfd_open, p->pid, 0);
	if (pidfd < 0)
		return -1;
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%d", p->pid);
	int dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct ifw_proc_stat st;
	ssize_t n = dfd >= 0 ? ifw_read_at(dfd, "stat", buf, sizeof(buf), NULL) : -1;
	if (dfd >= 0)
		close(dfd);
	/* The pidfd pins the process now; if its start time matches, it is the one we scanned. */
	if (n <= 0 || ifw_parse_proc_stat(buf, (size_t)n, &st) < 0 ||
	    st.start_ticks != p->start_ticks) {
		close(pidfd);
		return -1;
	}
	return pidfd;
}

static ifw_id iface_named(const struct ifw_model *m, ifw_id ns, const char *name)
{
	for (size_t i = 0; i < m->ifaces.n; i++)
		if (m->ifaces.v[i].ns == ns && m->ifaces.v[i].name &&
		    strcmp(m->ifaces.v[i].name, name) == 0)
			return (ifw_id)i;
	return IFW_NOID;
}

/* Confirms one fd; returns 0 if confirmed, or an errno describing why not. */
static int confirm(struct ifw_model *m, struct ifw_fdref *r)
{
	const struct ifw_process *p = &m->procs.v[r->proc];
	int pidfd = open_same_process(p);
	if (pidfd < 0)
		return errno ? errno : ESRCH;
	int fd = (int)syscall(SYS_pidfd_getfd, pidfd, r->fd, 0);
	int e = errno;
	close(pidfd);
	if (fd < 0)
		return e;
	int ret = 0;
	struct stat st;
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	/* The fd number may have been reused since the scan: it must still be the tun device. */
	if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode) || major(st.st_rdev) != 10 ||
	    minor(st.st_rdev) != 200 || ioctl(fd, TUNGETIFF, &ifr) < 0) {
		ret = ESTALE;
		goto out;
	}
	int nsfd = ioctl(fd, TUNGETDEVNETNS);
	if (nsfd < 0) {
		ret = errno;
		goto out;
	}
	struct stat nst;
	if (fstat(nsfd, &nst) == 0) {
		r->tun_ns_inode = nst.st_ino;
		r->tun_ns_confirmed = true;
		ifr.ifr_name[IFNAMSIZ - 1] = '\0';
		r->tun_name = ifw_model_strdup(m, ifr.ifr_name);
	} else {
		ret = errno;
	}
	close(nsfd);
out:
	close(fd);
	return ret;
}

void ifw_linux_confirm_tunfds(struct ifw_model *m)
{
	int denied = 0;
	for (size_t i = 0; i < m->fdrefs.n; i++) {
		struct ifw_fdref *r = &m->fdrefs.v[i];
		if (r->type != IFW_FD_TUN || r->proc == IFW_NOID)
			continue;
		int e = confirm(m, r);
		if (e == EPERM || e == EACCES)
			denied++;
		if (!r->tun_ns_confirmed || !r->tun_name)
			continue;
		ifw_id ns = IFW_NOID;
		for (size_t j = 0; j < m->netns.n; j++)
			if (m->netns.v[j].inode == r->tun_ns_inode)
				ns = (ifw_id)j;
		if (ns != IFW_NOID)
			r->tun_iface = iface_named(m, ns, r->tun_name);
	}
	if (denied)
		ifw_model_limit(m,
		                "confirmation of which namespace %d tun device(s) live in (needs "
		                "CAP_SYS_PTRACE and CAP_NET_ADMIN)",
		                denied);
}
