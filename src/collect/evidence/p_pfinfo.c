/* pf's `pfctl -s info` (-si, -vvsinfo): the statistics of pf's log interface (`set loginterface`)
 *   Status: Enabled for 0 days 11:50:53           Debug: Urgent
 *   Interface Stats for vtnet4            IPv4             IPv6
 * The interface exists on a system with pf (the BSDs, macOS): pf's status line votes for the
 * BSDs unless something says macOS. */
#include "collect/evidence/ev.h"

#include <string.h>

#define STATS "Interface Stats for "

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	const char *s = ev_skip_ws(l->s);
	if (ev_starts(s, STATS) && strstr(s, "IPv4"))
		return 3;
	if (ev_starts(s, "Status: Enabled for ") || ev_starts(s, "Status: Disabled for "))
		return 3;
	return 0;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (ev_starts(s, "Status: ")) {
		c->votes_freebsd++;
		return true;
	}
	if (!ev_starts(s, STATS))
		return ev_starts(l->s, " ") || ev_starts(l->s, "\t") || !*s; /* the counters */
	const char *n = s + strlen(STATS);
	size_t len = strcspn(n, " \t");
	if (len && len <= 15 && ev_ifname_ok(n, len))
		ev_iface_seen(c, l, n, len, NULL);
	return true;
}

const struct ev_parser ev_p_pfinfo = {
    .shape = EV_PFINFO,
    .name = "pfctl -s info",
    .detect = detect,
    .take = take,
};
