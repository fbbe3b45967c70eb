/* Live sources for `ifwho watch`: rtnetlink notifications per network namespace, new namespaces
 * as they appear, the proc connector's process events and BPF-captured creation requests. Each
 * source turns kernel messages into the small plain records below; matching and history are the
 * watcher's (src/watch). */
#ifndef IFW_LINUX_LINKWATCH_H
#define IFW_LINUX_LINKWATCH_H

#include "util/err.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

enum ifw_lev_type {
	IFW_LEV_LINK_NEW, /* an RTM_NEWLINK notification */
	IFW_LEV_LINK_DEL, /* RTM_DELLINK; new_nsid >= 0 when the link moved to another namespace */
	IFW_LEV_ADDR_NEW,
	IFW_LEV_ADDR_DEL,
	IFW_LEV_NSID_NEW, /* our namespace gave a namespace an id (in ifindex) */
	IFW_LEV_NSID_DEL, /* ... or took it back: that namespace is gone */
};

/* One rtnetlink notification, as read from a namespace's socket. */
struct ifw_lev {
	enum ifw_lev_type type;
	int32_t ifindex;
	char name[16];
	char kind[24];    /* IFLA_INFO_KIND, "" if none */
	int32_t new_nsid; /* DELLINK of a move: the target's nsid as seen from here, else -1 */
	int32_t new_ifindex;
	char addr[48]; /* address events: "2001:db8::1/64" */
};

/* One rtnetlink socket in our own namespace that hears every namespace: NETLINK_LISTEN_ALL_NSID
 * delivers the notifications of each namespace that has an id here, with that id. A socket
 * opened inside each namespace would hold it alive (a user socket pins its namespace): `ip netns
 * del` would leave its interfaces behind. So the watcher gives each namespace it discovers an
 * id (RTM_NEWNSID, as `ip netns set NAME auto` does) and dumps through IFLA_TARGET_NETNSID. */
struct ifw_rtwatch {
	void *sk; /* struct mnl_socket *: the subscribed socket */
	int fd;
	void *req;   /* struct ifw_nl *: requests (dumps, ids) */
	bool all_ns; /* false: not allowed to hear other namespaces */
};
/* rcvbuf: the socket's receive queue in bytes, 0: 16 MiB (large enough for a storm). */
int ifw_rtwatch_open(struct ifw_rtwatch *w, int rcvbuf, struct ifw_err *err);
void ifw_rtwatch_close(struct ifw_rtwatch *w);
/* nsid -1: our own namespace. */
typedef void (*ifw_lev_cb)(int32_t nsid, const struct ifw_lev *ev, void *data);
/* Reads what is queued (non-blocking), calling cb per event. *overrun: the kernel dropped
 * notifications (ENOBUFS). Id changes are reported only for ids our namespace gives. */
int ifw_rtwatch_read(struct ifw_rtwatch *w, ifw_lev_cb cb, void *data, bool *overrun);
/* The id our namespace gives the namespace at path (an nsfs file), assigning one if it has
 * none; -1 with err if impossible. The file is opened only for the question. */
int32_t ifw_rtwatch_nsid(struct ifw_rtwatch *w, const char *path, uint64_t inode,
                         struct ifw_err *err);
/* The links of namespace nsid (-1: ours), up to cap: 0, or 1 if links kept changing during
 * every attempt (the list may lack some), -1 on errors. */
int ifw_rtwatch_dump_links(struct ifw_rtwatch *w, int32_t nsid, struct ifw_lev *out, size_t cap,
                           size_t *n, struct ifw_err *err);
/* Parses one rtnetlink message (link or address); false if it is neither. */
bool ifw_lev_parse(const void *nlh, struct ifw_lev *ev);

/* The nsfs inode of /proc/PID/ns/net or of a path; 0 if unreadable. */
uint64_t ifw_netns_inode_of(const char *path);

/* Namespaces named under /run/netns and /run/docker/netns: an inotify fd (or -1). */
int ifw_netns_dirs_watch(void);
/* Drains the inotify fd; true if anything changed. */
bool ifw_netns_dirs_changed(int fd);

/* The proc connector (NETLINK_CONNECTOR): fork, exec and exit of every process. */
enum ifw_pev_type { IFW_PEV_FORK, IFW_PEV_EXEC, IFW_PEV_EXIT };
struct ifw_pev {
	enum ifw_pev_type type;
	int32_t pid, ppid; /* tgid; ppid only for forks */
	uint64_t ktime_ns; /* CLOCK_MONOTONIC of the event */
};
int ifw_procconn_open(struct ifw_err *err);
typedef void (*ifw_pev_cb)(const struct ifw_pev *ev, void *data);
/* Reads queued events; *overrun set on ENOBUFS. */
int ifw_procconn_read(int fd, ifw_pev_cb cb, void *data, bool *overrun);

#endif
