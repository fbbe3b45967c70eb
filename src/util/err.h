/* Errors are values: a code and a message, filled by the function that failed. */
#ifndef IFW_ERR_H
#define IFW_ERR_H

#include <stddef.h>

enum ifw_errcode {
	IFW_OK = 0,
	IFW_E_SYS,      /* a system call failed; errno_val says which errno */
	IFW_E_PERM,     /* not permitted: needs privileges we do not have */
	IFW_E_PARSE,    /* input (netlink, /proc, evidence, data file) is malformed */
	IFW_E_NOTFOUND, /* the thing asked for does not exist */
	IFW_E_USAGE,    /* bad command-line use */
	IFW_E_NOMEM,
	IFW_E_LIMIT, /* a configured limit was reached */
};

struct ifw_err {
	enum ifw_errcode code;
	int errno_val;
	char msg[512];
};

/* Sets err (if not NULL) and returns -1, so callers can `return ifw_fail(...)`. */
int ifw_fail(struct ifw_err *err, enum ifw_errcode code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Like ifw_fail with IFW_E_SYS (or IFW_E_PERM for EPERM/EACCES) and ": strerror(errno)" appended.
 */
int ifw_fail_errno(struct ifw_err *err, int errnum, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ifw_err_clear(struct ifw_err *err);

#endif
