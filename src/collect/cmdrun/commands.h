/* Which commands the command-running backend runs on which system: the ones
 * contrib/ifwho-collect runs there, so a live run reads what a saved file would hold. */
#ifndef IFW_CR_COMMANDS_H
#define IFW_CR_COMMANDS_H

#include <stdbool.h>

#define CR_MAX_ARGS 8

enum cr_when {
	CR_ALWAYS = 0,
	CR_IF_PREV_FAILED, /* only when the entry before it was missing, failed or printed nothing
	                    */
	CR_IF_MISSING,     /* only when the program named in `other` is not on PATH */
};

struct cr_command {
	const char *argv[CR_MAX_ARGS]; /* NULL-terminated */
	enum cr_when when;
	const char *other;   /* CR_IF_MISSING: that program */
	unsigned timeout_ms; /* 0: CR_DEFAULT_TIMEOUT_MS */
};

#define CR_DEFAULT_TIMEOUT_MS 5000u

/* The commands for a system as `uname -s` names it ("Darwin", "FreeBSD", "Linux", ...); *n gets
 * their number. Unknown systems get the collector's generic list. */
const struct cr_command *cr_commands_for(const char *sysname, unsigned *n);

#endif
