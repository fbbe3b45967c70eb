/* The lists mirror collect_darwin, collect_linux and collect_bsd in contrib/ifwho-collect; a
 * change there belongs here too. Two differences: `ifconfig -a` runs only when `ifconfig -v -a`
 * gave nothing (it is the same interfaces with less detail), and lsof runs once, with -n (the
 * collector's second run without -n waits for reverse DNS, too slow for a live answer); the
 * collector's utun_owners (every file's lsof, cut by grep to the utun control rows) needs a
 * shell's pipe, which this runner does not use. */
#include "collect/cmdrun/commands.h"

#include <string.h>

#define PS_ARGS                                                                                    \
	{                                                                                          \
		"ps", "axo", "pid,ppid,user,comm,args", NULL                                       \
	}

static const struct cr_command darwin[] = {
    {.argv = {"sw_vers", NULL}},
    {.argv = {"ifconfig", "-v", "-a", NULL}},
    {.argv = {"ifconfig", "-a", NULL}, .when = CR_IF_PREV_FAILED},
    {.argv = {"netstat", "-rn", NULL}},
    {.argv = {"netstat", "-anv", NULL}},
    /* lsof walks every process's files: the slowest of them on a busy Mac. */
    {.argv = {"lsof", "-i", "-n", "-P", "+c0", NULL}, .timeout_ms = 10000},
    {.argv = PS_ARGS},
    {.argv = {"scutil", "--nwi", NULL}},
    {.argv = {"networksetup", "-listallhardwareports", NULL}},
};

static const struct cr_command linux_[] = {
    {.argv = {"ip", "-d", "-j", "link", NULL}},
    {.argv = {"ip", "-j", "addr", NULL}},
    {.argv = {"ip", "route", "show", "table", "all", NULL}},
    {.argv = {"ip", "rule", NULL}},
    {.argv = {"ip", "-6", "rule", NULL}},
    {.argv = {"ifconfig", "-a", NULL}, .when = CR_IF_MISSING, .other = "ip"},
    {.argv = {"netstat", "-rn", NULL}, .when = CR_IF_MISSING, .other = "ip"},
    {.argv = {"ss", "-tunapeo", NULL}},
    {.argv = {"netstat", "-anp", NULL}, .when = CR_IF_MISSING, .other = "ss"},
    {.argv = PS_ARGS},
};

static const struct cr_command bsd[] = {
    {.argv = {"ifconfig", "-a", NULL}},
    {.argv = {"netstat", "-rn", NULL}},
    {.argv = {"sockstat", "-46", NULL}},
    {.argv = {"netstat", "-an", NULL}, .when = CR_IF_MISSING, .other = "sockstat"},
    {.argv = PS_ARGS},
};

static const struct cr_command other[] = {
    {.argv = {"ifconfig", "-a", NULL}},
    {.argv = {"netstat", "-rn", NULL}},
    {.argv = {"netstat", "-an", NULL}},
    {.argv = PS_ARGS},
};

#define N(a) (unsigned)(sizeof(a) / sizeof((a)[0]))

const struct cr_command *cr_commands_for(const char *sysname, unsigned *n)
{
	size_t l = strlen(sysname);
	if (strcmp(sysname, "Darwin") == 0) {
		*n = N(darwin);
		return darwin;
	}
	if (strcmp(sysname, "Linux") == 0) {
		*n = N(linux_);
		return linux_;
	}
	if ((l >= 3 && strcmp(sysname + l - 3, "BSD") == 0) || strcmp(sysname, "DragonFly") == 0) {
		*n = N(bsd);
		return bsd;
	}
	*n = N(other);
	return other;
}
