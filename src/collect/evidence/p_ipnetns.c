/* `ip netns list` (iproute2): "NAME (id: N)" or just "NAME" per namespace. The id is the one
 * `ip link` prints as "link-netnsid N", so a veth's far end gets the namespace's name. Bare
 * names are read only under an `ip netns` prompt or section: alone they could be anything. */
#include "collect/evidence/ev.h"

#include <string.h>

static bool with_id(const struct ev_toks *t, int64_t *id)
{
	uint64_t v;
	if (t->n != 3 || !ev_tok_is(&t->t[1], "(id:") || t->t[2].len < 2 ||
	    t->t[2].s[t->t[2].len - 1] != ')')
		return false;
	struct ev_tok n = {t->t[2].s, t->t[2].len - 1};
	if (!ev_tok_u64(&n, &v, false) || v >= INT32_MAX)
		return false;
	*id = (int64_t)v;
	return true;
}

static int detect(const struct ev_line *l, int min)
{
	if (min > 2)
		return 0;
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	int64_t id;
	return with_id(&t, &id) ? 2 : 0;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	if (!t.n)
		return true;
	int64_t id = -1;
	if (!with_id(&t, &id) && !(t.n == 1 && c->hint == EV_IPNETNS))
		return false;
	const struct ev_tok *name = &t.t[0];
	if (name->len > 255 || ev_is_prose(l))
		return false;
	ifw_id ns;
	ifw_id seen = id >= 0 ? ifw_idmap_get(&c->ns_by_nsid, (uint64_t)id) : IFW_NOID;
	if (seen != IFW_NOID) { /* seen first as "netnsid N": name it */
		ns = seen;
		c->m->netns.v[ns].name = ev_tok_dup(c, name);
	} else {
		ns = ev_named_ns(c, name->s, name->len);
		if (ns != IFW_NOID && id >= 0 &&
		    ifw_idmap_put(&c->ns_by_nsid, (uint64_t)id, ns) < 0)
			return true;
	}
	if (ns != IFW_NOID && !c->m->netns.v[ns].names) {
		const char **names = ifw_arena_alloc(&c->m->arena, sizeof(*names));
		if (names) {
			names[0] = c->m->netns.v[ns].name;
			c->m->netns.v[ns].names = names;
			c->m->netns.v[ns].n_names = 1;
		}
	}
	c->votes_linux++;
	return true;
}

const struct ev_parser ev_p_ipnetns = {
    .shape = EV_IPNETNS,
    .name = "ip netns",
    .detect = detect,
    .take = take,
};
