/* `brctl show` (bridge-utils):
 *   bridge name	bridge id		STP enabled	interfaces
 *   docker0		8000.0242ac110002	no		veth1a2b3c4
 *   							veth5d6e7f8
 * Each bridge, and its member interfaces: the first on the bridge's line, the others alone on
 * the lines that follow. */
#include "collect/evidence/ev.h"

#include <string.h>

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	return ev_starts(l->s, "bridge name") && strstr(l->s, "bridge id") ? 3 : 0;
}

static bool bridge_id(const struct ev_tok *t)
{
	const char *dot = memchr(t->s, '.', t->len);
	return dot && dot - t->s == 4 && t->len == 17;
}

static void member(struct ev_ctx *c, const struct ev_tok *t, const struct ev_line *l)
{
	if (c->cur_iface == IFW_NOID)
		return;
	/* brctl lists the ports that exist: the interface is known even if nothing else shows it */
	ifw_id m = ev_iface_get(c, c->ns, t->s, t->len, NULL);
	if (m != IFW_NOID && !c->m->ifaces.v[m].origin.raw)
		ev_origin(c, l, &c->m->ifaces.v[m].origin);
	ev_ref_add(c, EV_REF_MEMBER, c->cur_iface, ev_tok_dup(c, t), 0, l);
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	if (!*ev_skip_ws(l->s) || detect(l, 3))
		return true;
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	bool indented = l->s[0] == ' ' || l->s[0] == '\t';
	if (t.n == 1 && (indented || c->cur_iface != IFW_NOID) && !bridge_id(&t.t[0])) {
		member(c, &t.t[0], l);
		return c->cur_iface != IFW_NOID;
	}
	if (t.n < 3 || t.n > 4 || !bridge_id(&t.t[1]) ||
	    !(ev_tok_is(&t.t[2], "yes") || ev_tok_is(&t.t[2], "no")))
		return false;
	ifw_id id = ev_iface_get(c, c->ns, t.t[0].s, t.t[0].len, NULL);
	c->cur_iface = id;
	if (id == IFW_NOID)
		return true;
	struct ifw_iface *f = &c->m->ifaces.v[id];
	if (!f->kind)
		f->kind = "bridge";
	f->info.has_bridge = true;
	f->info.br_stp_state = ev_tok_is(&t.t[2], "yes");
	if (!f->origin.raw)
		ev_origin(c, l, &f->origin);
	if (t.n == 4)
		member(c, &t.t[3], l);
	c->votes_linux++;
	return true;
}

const struct ev_parser ev_p_brctl = {
    .shape = EV_BRCTL,
    .name = "brctl show",
    .detect = detect,
    .take = take,
    .begin = ev_begin_no_iface,
    .end = ev_begin_no_iface,
    /* bridge-utils' own table, never a container's output (a bridge and its ports) */
    .not_in_logs = true,
};
