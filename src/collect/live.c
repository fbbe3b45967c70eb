/* Which backend collects this host live (see backend.h). */
#include "collect/backend.h"

#include "ifw_config.h"

#include <string.h>

const struct ifw_backend *ifw_backend_live(const char *want, struct ifw_err *err)
{
	if (!want || !*want)
#if IFW_HAVE_LINUX_BACKEND
		return &ifw_backend_linux;
#else
		return &ifw_backend_commands;
#endif
	if (strcmp(want, "commands") == 0)
		return &ifw_backend_commands;
#if IFW_HAVE_LINUX_BACKEND
	if (strcmp(want, "linux") == 0)
		return &ifw_backend_linux;
	const char *known = "linux or commands";
#else
	const char *known = "commands (this ifwho is built without the Linux backend)";
#endif
	ifw_fail(err, IFW_E_USAGE, "IFWHO_BACKEND=%.64s: no such backend; it takes %s", want,
	         known);
	return NULL;
}
