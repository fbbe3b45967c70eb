/* Parallels Desktop's `prlsrvctl net list`: its virtual networks and the host interface each is
 * bound to (its own vnic adapters for the Shared and Host-Only networks, a card for a bridged
 * one):
 *   Network ID        Type      Bound To
 *   Host-Only         host-only vnic1
 *   Shared            shared    vnic0
 *   Ethernet (en0)    bridged   en0
 * A network's name may hold spaces: the type and the interface are read from the line's end. */
#include "collect/evidence/ev.h"

#include <string.h>

static bool header(const char *s)
{
	s = ev_skip_ws(s);
	return ev_starts(s, "Network ID ") && strstr(s, " Type ") && strstr(s, " Bound To");
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	return header(l->s) ? 3 : 0;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	if (header(l->s))
		return true;
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	if (t.n < 3)
		return false;
	const struct ev_tok *type = &t.t[t.n - 2], *dev = &t.t[t.n - 1];
	/* a log line after the table is no row, whatever words it ends with (any user logs
	 * "... is shared wg0"): no time stamp, no tag's colon before the type */
	if (ev_log_stamp(ev_skip_ws(l->s)) || memchr(l->s, ':', (size_t)(type->s - l->s)))
		return false;
	bool vnic = ev_tok_is(type, "shared") || ev_tok_is(type, "host-only");
	if (!vnic && !ev_tok_is(type, "bridged"))
		return false;
	if (dev->len > 15 || !ev_ifname_ok(dev->s, dev->len))
		return true; /* "FF:FF:FF:FF:FF:FF" of the default bridged network */
	ev_iface_seen(c, l, dev->s, dev->len, NULL);
	if (vnic)
		ev_logcreate_add(c, l, dev->s, dev->len, "Parallels Desktop", -1,
		                 "`prlsrvctl net list`");
	return true;
}

const struct ev_parser ev_p_prlnet = {
    .shape = EV_PRLNET,
    .name = "prlsrvctl net list",
    .detect = detect,
    .take = take,
    .not_in_logs = true,
};
