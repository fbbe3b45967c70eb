/* Giving up privileges once they are no longer needed: after the live collection (and after a
 * capture is opened), everything that parses untrusted data runs with no capabilities. */
#ifndef IFW_PRIVS_H
#define IFW_PRIVS_H

#include "util/err.h"

/* Drops every capability (effective, permitted, inheritable) and sets no_new_privs, so nothing
 * this process runs later can regain them. A process without capabilities succeeds trivially. */
int ifw_drop_privileges(struct ifw_err *err);

#endif
