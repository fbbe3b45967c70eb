/* `scutil --nwi` (macOS): the network state per address family. It repeats what ifconfig and
 * netstat show (the primary interface is the first listed); the lines are recognized so they
 * are not counted as unknown, and only the OS is learned from them. */
#include "collect/evidence/ev.h"

#include <string.h>

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	if (ev_starts(l->s, "Network information") ||
	    ev_starts(l->s, "IPv4 network interface information") ||
	    ev_starts(l->s, "IPv6 network interface information"))
		return 3;
	return 0;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (detect(l, 3)) {
		c->os_explicit = c->os_explicit ? c->os_explicit : "darwin";
		return true;
	}
	/* "en0 : flags : 0x5 (IPv4,DNS)", "address : 10.64.1.100", "REACH : flags ...",
	 * "Network interfaces: en0", "No IPv6 states found" */
	return *s == '\0' || strchr(s, ':') || ev_starts(s, "No ");
}

const struct ev_parser ev_p_scutil = {
    .shape = EV_SCUTIL,
    .name = "scutil --nwi",
    .detect = detect,
    .take = take,
};
