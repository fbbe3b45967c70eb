/* Giving up privileges once they are no longer needed: after the live collection (and after a
 * capture is opened), everything that parses untrusted data runs with no capabilities. */
#ifndef IFW_PRIVS_H
#define IFW_PRIVS_H

#include "util/err.h"

/* Drops every capability (effective, permitted, inheritable) and sets no_new_privs, so nothing
 * this process runs later can regain them. A process without capabilities succeeds trivially. */
int ifw_drop_privileges(struct ifw_err *err);

/* When running as root: becomes user `name` (its uid, its primary group, no supplementary
 * groups), which also clears every capability. 0 done (or not root: nothing to do); 1 no such
 * user (nothing changed: the caller decides); 2 the system refused (a user namespace without
 * that id, ...; still uid 0, err says why); -1 an error, with err. Call it while the
 * capabilities are still there (it needs CAP_SETUID/CAP_SETGID) and before
 * ifw_drop_privileges. */
int ifw_drop_user(const char *name, struct ifw_err *err);

#endif
