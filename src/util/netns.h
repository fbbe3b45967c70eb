/* Entering a network namespace and coming back: the one implementation, for the collectors and
 * the capture. setns changes the calling thread only, so the namespace to return to is the
 * thread's own (/proc/thread-self/ns/net), not the process's: in a multi-threaded program they
 * may differ. */
#ifndef IFW_UTIL_NETNS_H
#define IFW_UTIL_NETNS_H

#include "util/err.h"

#include <stdint.h>

/* Opens a namespace file and checks its nsfs inode: a /proc/PID path may belong to another
 * process by now, a /run/netns name may have been reused. -1 with errno (ESTALE: another
 * namespace) on failure. */
int ifw_netns_open_checked(const char *path, uint64_t inode);
/* The calling thread's own namespace, open; -1 with errno on failure. */
int ifw_netns_open_self(void);
/* Enters the namespace open at fd (which stays the caller's to close) and saves the thread's
 * own in *saved_fd for ifw_netns_leave. Already there: *saved_fd is -1 and nothing changes. */
int ifw_netns_enter_fd(int fd, const char *what, int *saved_fd, struct ifw_err *err);
/* Opens path (checked by inode) and enters it, as above. */
int ifw_netns_enter(const char *path, uint64_t inode, int *saved_fd, struct ifw_err *err);
/* Returns to the saved namespace and closes it (nothing when saved_fd is -1). Failing leaves the
 * thread in the other namespace: the error is IFW_E_SYS whatever errno says. */
int ifw_netns_leave(int saved_fd, struct ifw_err *err);

#endif
