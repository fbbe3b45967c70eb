#include "collect/linux/nl.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

int ifw_nl_open(struct ifw_nl *nl, int bus, struct ifw_err *err)
{
	memset(nl, 0, sizeof(*nl));
	nl->sk = mnl_socket_open2(bus, SOCK_CLOEXEC);
	if (!nl->sk)
		return ifw_fail_errno(err, errno, "netlink socket (bus %d)", bus);
	if (mnl_socket_bind(nl->sk, 0, MNL_SOCKET_AUTOPID) < 0) {
		int e = errno;
		mnl_socket_close(nl->sk);
		nl->sk = NULL;
		return ifw_fail_errno(err, e, "netlink bind (bus %d)", bus);
	}
	/* Large dumps (tens of thousands of sockets) arrive faster with a bigger buffer. */
	int rcvbuf = 4 << 20;
	setsockopt(mnl_socket_get_fd(nl->sk), SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	int one = 1;
	/* Strict checking makes the kernel honour filters in dump requests (rtm_table, ...). */
	setsockopt(mnl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one,
	           sizeof(one));
	nl->portid = mnl_socket_get_portid(nl->sk);
	nl->seq = 1;
	return 0;
}

void ifw_nl_close(struct ifw_nl *nl)
{
	if (nl->sk)
		mnl_socket_close(nl->sk);
	nl->sk = NULL;
}

/* --record-netlink (a developer's option, for test fixtures): each dump is a new file for its
 * owner only (the dumps show every socket and address of the host), never one that exists and
 * never through a link. */
static int record_open(const struct ifw_nl *nl, const char *what, struct ifw_err *err)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s%s%s.nl", nl->record_dir,
	         nl->record_tag ? nl->record_tag : "", nl->record_tag ? "-" : "", what);
	for (char *p = path + strlen(nl->record_dir) + 1; *p; p++)
		if (*p == '/' || *p == ' ')
			*p = '_';
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0600);
	if (fd < 0)
		return ifw_fail_errno(err, errno, "--record-netlink: cannot create %s%s", path,
		                      errno == EEXIST ? " (record into an empty directory)" : "");
	if (fchmod(fd, 0600) < 0) { /* exactly 0600, whatever the umask */
		int e = errno;
		close(fd);
		return ifw_fail_errno(err, e, "--record-netlink: %s", path);
	}
	return fd;
}

int ifw_nl_talk(struct ifw_nl *nl, struct nlmsghdr *req, mnl_cb_t cb, void *data, const char *what,
                struct ifw_err *err)
{
	req->nlmsg_seq = ++nl->seq;
	if (mnl_socket_sendto(nl->sk, req, req->nlmsg_len) < 0)
		return ifw_fail_errno(err, errno, "netlink %s request", what);
	size_t bufsz = 64 * 1024; /* the kernel sends at most 32 KiB per dump read */
	char *buf = malloc(bufsz);
	if (!buf)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory for netlink %s", what);
	int rec = -1;
	if (nl->record_dir && (rec = record_open(nl, what, err)) < 0) {
		free(buf);
		return -1;
	}
	int ret;
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl->sk, buf, bufsz);
		if (n < 0) {
			ret = ifw_fail_errno(err, errno, "netlink %s reply", what);
			break;
		}
		if (rec >= 0 && write(rec, buf, (size_t)n) != n) {
			close(rec);
			rec = -1;
		}
		ret = mnl_cb_run(buf, (size_t)n, req->nlmsg_seq, nl->portid, cb, data);
		if (ret == MNL_CB_STOP) {
			ret = 0;
			break;
		}
		if (ret < 0) {
			if (errno == EINTR)
				continue;
			ret = ifw_fail_errno(err, errno, "netlink %s", what);
			break;
		}
	}
	if (rec >= 0)
		close(rec);
	free(buf);
	return ret;
}

int ifw_nl_replay(const void *buf, size_t len, mnl_cb_t cb, void *data, struct ifw_err *err)
{
	/* Replies of one dump may span several recorded reads; walk message by message so a
	 * DONE at the end of one recording does not hide the rest. */
	const char *p = buf;
	while (len > 0) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)p;
		if (len < sizeof(*nlh) || nlh->nlmsg_len < sizeof(*nlh) || nlh->nlmsg_len > len)
			return ifw_fail(err, IFW_E_PARSE, "recorded netlink data is truncated");
		size_t step = NLMSG_ALIGN(nlh->nlmsg_len);
		int r = mnl_cb_run(p, nlh->nlmsg_len, 0, 0, cb, data);
		if (r < 0)
			return ifw_fail_errno(err, errno ? errno : EINVAL,
			                      "replayed netlink message");
		if (step >= len)
			break;
		p += step;
		len -= step;
	}
	return 0;
}
