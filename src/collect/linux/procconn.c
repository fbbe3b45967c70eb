/* The proc connector: the kernel multicasts every fork, exec and exit over NETLINK_CONNECTOR
 * (needs CAP_NET_ADMIN). The watcher uses exec to notice processes entering new network
 * namespaces, and, without BPF, to remember who ran just before a link appeared. */
#include "collect/linux/linkwatch.h"

#include <errno.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <unistd.h>

int ifw_procconn_open(struct ifw_err *err)
{
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_CONNECTOR);
	if (fd < 0)
		return ifw_fail_errno(err, errno, "proc connector socket");
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK, .nl_groups = CN_IDX_PROC, .nl_pid = 0};
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;
		close(fd);
		return ifw_fail_errno(err, e, "proc connector bind");
	}
	int rcvbuf = 8 << 20;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	struct {
		struct nlmsghdr nlh;
		struct cn_msg cn;
		enum proc_cn_mcast_op op;
	} __attribute__((packed)) req;
	memset(&req, 0, sizeof(req));
	req.nlh.nlmsg_len = sizeof(req);
	req.nlh.nlmsg_type = NLMSG_DONE;
	req.cn.id.idx = CN_IDX_PROC;
	req.cn.id.val = CN_VAL_PROC;
	req.cn.len = sizeof(req.op);
	req.op = PROC_CN_MCAST_LISTEN;
	if (send(fd, &req, sizeof(req), 0) < 0) {
		int e = errno;
		close(fd);
		return ifw_fail_errno(err, e, "proc connector listen");
	}
	return fd;
}

int ifw_procconn_read(int fd, ifw_pev_cb cb, void *data, bool *overrun)
{
	char buf[8192] __attribute__((aligned(8)));
	for (;;) {
		ssize_t r = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				*overrun = true;
				continue;
			}
			return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
		}
		int len = (int)r;
		for (struct nlmsghdr *nlh = (void *)buf; NLMSG_OK(nlh, len);
		     nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_len <
			    NLMSG_LENGTH(sizeof(struct cn_msg) + sizeof(struct proc_event)))
				continue;
			const struct cn_msg *cn = NLMSG_DATA(nlh);
			if (cn->id.idx != CN_IDX_PROC || cn->id.val != CN_VAL_PROC)
				continue;
			/* The event sits 36 bytes into the message: copied out, as its 64-bit
			 * fields need an alignment the buffer does not give there. */
			struct proc_event pev;
			memcpy(&pev, cn->data, sizeof(pev));
			const struct proc_event *pe = &pev;
			struct ifw_pev ev = {.ktime_ns = pe->timestamp_ns};
			switch (pe->what) {
			case PROC_EVENT_FORK:
				/* threads are forks too; only new processes matter */
				if (pe->event_data.fork.child_pid != pe->event_data.fork.child_tgid)
					continue;
				ev.type = IFW_PEV_FORK;
				ev.pid = pe->event_data.fork.child_tgid;
				ev.ppid = pe->event_data.fork.parent_tgid;
				break;
			case PROC_EVENT_EXEC:
				ev.type = IFW_PEV_EXEC;
				ev.pid = pe->event_data.exec.process_tgid;
				break;
			case PROC_EVENT_EXIT:
				if (pe->event_data.exit.process_pid !=
				    pe->event_data.exit.process_tgid)
					continue;
				ev.type = IFW_PEV_EXIT;
				ev.pid = pe->event_data.exit.process_tgid;
				break;
			default:
				continue;
			}
			cb(&ev, data);
		}
	}
}

/* /run and /run/docker too, for the netns directories being made (then watched); of those two,
 * only entries named "netns" or "docker" matter. */
static const char *const dirs[] = {"/run/netns", "/run/docker/netns", "/run/docker", "/run"};
static int wds[4] = {-1, -1, -1, -1};

static void add_watches(int fd)
{
	for (size_t i = 0; i < 4; i++)
		wds[i] = inotify_add_watch(fd, dirs[i],
		                           IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_ONLYDIR);
}

int ifw_netns_dirs_watch(void)
{
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd >= 0)
		add_watches(fd);
	return fd;
}

bool ifw_netns_dirs_changed(int fd)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool any = false, parent = false;
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const void *)p;
			bool in_parent = ev->wd >= 0 && (ev->wd == wds[2] || ev->wd == wds[3]);
			if (!in_parent)
				any = true;
			else if (ev->len && (strcmp(ev->name, "netns") == 0 ||
			                     strcmp(ev->name, "docker") == 0))
				any = parent = true;
			p += sizeof(*ev) + ev->len;
		}
	}
	if (parent)
		add_watches(fd); /* a netns directory was just made: watch it */
	return any;
}
