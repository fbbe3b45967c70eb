/* `multipass networks`: Multipass's list of the host networks an instance may be bridged to,
 * with the type the daemon found and its description:
 *   Name     Type         Description
 *   bridge0  bridge       Network bridge with en1, en2, en3
 *   en0      wifi         Wi-Fi
 *   mpbr0    bridge       Network bridge for Multipass
 * Each interface exists; a bridge's description names its ports, or says it is Multipass's own;
 * on macOS the description of a card is the hardware port's name ("Wi-Fi", "Thunderbolt 1"),
 * which the system's port knowledge reads as `networksetup -listallhardwareports` gives it. */
#include "collect/evidence/ev.h"

#include <string.h>

static bool header(const char *s)
{
	if (!ev_starts(ev_skip_ws(s), "Name")) /* checked first: this runs on every line */
		return false;
	struct ev_toks t;
	ev_tokenize(s, &t);
	return t.n == 3 && ev_tok_is(&t.t[0], "Name") && ev_tok_is(&t.t[1], "Type") &&
	       ev_tok_is(&t.t[2], "Description");
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	return header(l->s) ? 3 : 0;
}

static bool known_type(const struct ev_tok *t)
{
	static const char *const types[] = {"bridge", "ethernet", "wifi",      "thunderbolt",
	                                    "usb",    "firewire", "bluetooth", "unknown"};
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (ev_tok_is(t, types[i]))
			return true;
	return false;
}

/* "Network bridge with en1, en2, en3": the ports, each a member of the bridge. */
static void ports(struct ev_ctx *c, const struct ev_line *l, ifw_id br, const char *with)
{
	struct ev_toks t;
	ev_tokenize(with, &t);
	for (size_t i = 0; i < t.n; i++) {
		struct ev_tok p = t.t[i];
		if (p.len && p.s[p.len - 1] == ',')
			p.len--;
		if (!p.len || p.len > 15 || !ev_ifname_ok(p.s, p.len))
			continue;
		ifw_id m = ev_iface_get(c, c->ns, p.s, p.len, NULL);
		if (m != IFW_NOID && !c->m->ifaces.v[m].origin.raw)
			ev_origin(c, l, &c->m->ifaces.v[m].origin);
		ev_ref_add(c, EV_REF_MEMBER, br, ev_tok_dup(c, &p), 0, l);
	}
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	if (header(l->s))
		return true;
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	if (t.n < 2 || !known_type(&t.t[1]) || t.t[0].len > 15 ||
	    !ev_ifname_ok(t.t[0].s, t.t[0].len))
		return false;
	ifw_id id = IFW_NOID;
	struct ifw_iface *f = ev_iface_seen(c, l, t.t[0].s, t.t[0].len, &id);
	if (!f)
		return true;
	char desc[256] = ""; /* the rest of the line, from the third word */
	if (t.n > 2)
		ev_rest_copy(t.t[2].s, desc, sizeof(desc));
	if (ev_tok_is(&t.t[1], "bridge")) {
		if (!f->kind)
			f->kind = "bridge";
		if (ev_starts(desc, "Network bridge with "))
			ports(c, l, id, desc + 20);
		else if (strcmp(desc, "Network bridge for Multipass") == 0) {
			struct ifw_logcreate *lc = ev_logcreate_add(
			    c, l, t.t[0].s, t.t[0].len, "multipassd", -1, "`multipass networks`");
			if (lc)
				lc->kinds = "bridge";
		}
	} else if (!ev_tok_is(&t.t[1], "unknown") && *desc && strlen(desc) < 64 && !f->hw_port) {
		f->hw_port = ifw_model_strdup(c->m, desc);
	}
	return true;
}

const struct ev_parser ev_p_mpnet = {
    .shape = EV_MPNET,
    .name = "multipass networks",
    .detect = detect,
    .take = take,
    .not_in_logs = true,
};
