#include "util/err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int ifw_fail(struct ifw_err *err, enum ifw_errcode code, const char *fmt, ...)
{
	if (!err)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	err->code = code;
	err->errno_val = 0;
	return -1;
}

int ifw_fail_errno(struct ifw_err *err, int errnum, const char *fmt, ...)
{
	if (!err)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n < sizeof(err->msg))
		snprintf(err->msg + n, sizeof(err->msg) - (size_t)n, ": %s", strerror(errnum));
	err->code = (errnum == EPERM || errnum == EACCES) ? IFW_E_PERM : IFW_E_SYS;
	err->errno_val = errnum;
	return -1;
}

void ifw_err_clear(struct ifw_err *err)
{
	if (!err)
		return;
	err->code = IFW_OK;
	err->errno_val = 0;
	err->msg[0] = '\0';
}
