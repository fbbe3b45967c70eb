/* Netlink through libmnl: one socket per bus and namespace, dumps fed to a parser callback.
 * Every dump can be recorded raw to a file so unit tests replay exactly what this kernel sent. */
#ifndef IFW_LINUX_NL_H
#define IFW_LINUX_NL_H

#include "util/err.h"

#include <libmnl/libmnl.h>
#include <stddef.h>

struct ifw_nl {
	struct mnl_socket *sk;
	unsigned int portid, seq;
	const char *record_dir; /* NULL: do not record */
	const char *record_tag; /* namespace tag in recorded file names */
};

/* Opens a netlink socket on `bus` in the current network namespace. */
int ifw_nl_open(struct ifw_nl *nl, int bus, struct ifw_err *err);
void ifw_nl_close(struct ifw_nl *nl);

/* Sends `req` (a complete request with NLM_F_DUMP or NLM_F_ACK), runs cb on every reply message
 * until the dump ends. `what` names the dump for errors and recordings. A netlink error reply
 * fails with its errno. */
int ifw_nl_talk(struct ifw_nl *nl, struct nlmsghdr *req, mnl_cb_t cb, void *data, const char *what,
                struct ifw_err *err);

/* Runs cb over recorded netlink bytes (concatenated replies), as a live dump would. */
int ifw_nl_replay(const void *buf, size_t len, mnl_cb_t cb, void *data, struct ifw_err *err);

#endif
