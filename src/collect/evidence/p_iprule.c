/* `ip rule` / `ip -6 rule`: "PRIO:	[not] from SRC [to DST] [iif X] [oif Y] [fwmark M[/MASK]]
 * lookup TABLE | blackhole | unreachable | prohibit | goto N". The family comes from the
 * addresses, or from the command (`ip -6 rule`) when the rule says "from all". */
#include "collect/evidence/ev.h"

#include <string.h>
#include <sys/socket.h>

#define FR_ACT_TO_TBL_      1
#define FR_ACT_GOTO_        2
#define FR_ACT_BLACKHOLE_   6
#define FR_ACT_UNREACHABLE_ 7
#define FR_ACT_PROHIBIT_    8

static bool prio(const struct ev_tok *t, uint64_t *v)
{
	if (t->len < 2 || t->s[t->len - 1] != ':')
		return false;
	struct ev_tok n = {t->s, t->len - 1};
	return ev_tok_u64(&n, v, false) && *v <= UINT32_MAX;
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	struct ev_toks t;
	if (l->s[0] < '0' || l->s[0] > '9')
		return 0;
	ev_tokenize(l->s, &t);
	uint64_t v;
	if (t.n >= 3 && prio(&t.t[0], &v) &&
	    (ev_tok_is(&t.t[1], "from") ||
	     (ev_tok_is(&t.t[1], "not") && ev_tok_is(&t.t[2], "from"))))
		return 3;
	return 0;
}

static bool addr(const struct ev_tok *t, struct ifw_ip *ip, uint8_t *len)
{
	if (ev_tok_is(t, "all"))
		return true;
	const char *slash = memchr(t->s, '/', t->len);
	size_t alen = slash ? (size_t)(slash - t->s) : t->len;
	if (!ev_parse_ip(t->s, alen, ip))
		return false;
	*len = (uint8_t)(ip->family == AF_INET ? 32 : 128);
	uint64_t v;
	struct ev_tok p = {slash ? slash + 1 : "", slash ? t->len - alen - 1 : 0};
	if (slash && ev_tok_u64(&p, &v, false) && v <= *len)
		*len = (uint8_t)v;
	return true;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	if (!t.n)
		return true;
	uint64_t v;
	if (!detect(l, 3) || !prio(&t.t[0], &v))
		return false;
	if (!ev_room(c, c->m->policy_rules.n))
		return true;
	struct ifw_policy_rule *r = ifw_model_add_policy_rule(c->m, c->ns);
	if (!r)
		return true;
	r->priority = (uint32_t)v;
	for (size_t i = 1; i < t.n; i++) {
		const struct ev_tok *k = &t.t[i], *n = i + 1 < t.n ? &t.t[i + 1] : NULL;
		if (ev_tok_is(k, "blackhole"))
			r->action = FR_ACT_BLACKHOLE_;
		else if (ev_tok_is(k, "unreachable"))
			r->action = FR_ACT_UNREACHABLE_;
		else if (ev_tok_is(k, "prohibit"))
			r->action = FR_ACT_PROHIBIT_;
		if (!n)
			break;
		bool used = true;
		if (ev_tok_is(k, "from"))
			addr(n, &r->src, &r->src_len);
		else if (ev_tok_is(k, "to"))
			addr(n, &r->dst, &r->dst_len);
		else if (ev_tok_is(k, "lookup") || ev_tok_is(k, "table")) {
			if (ev_table_num(n, &r->table))
				r->action = FR_ACT_TO_TBL_;
		} else if (ev_tok_is(k, "goto"))
			r->action = FR_ACT_GOTO_;
		else if (ev_tok_is(k, "iif"))
			r->iifname = ev_tok_dup(c, n);
		else if (ev_tok_is(k, "oif"))
			r->oifname = ev_tok_dup(c, n);
		else if (ev_tok_is(k, "fwmark")) {
			const char *slash = memchr(n->s, '/', n->len);
			struct ev_tok mk = {n->s, slash ? (size_t)(slash - n->s) : n->len};
			struct ev_tok ms = {slash ? slash + 1 : "",
			                    slash ? n->len - mk.len - 1 : 0};
			uint64_t mv;
			if (ev_tok_u64(&mk, &mv, true) && mv <= UINT32_MAX) {
				r->has_fwmark = true;
				r->fwmark = (uint32_t)mv;
				r->fwmask = UINT32_MAX;
				if (slash && ev_tok_u64(&ms, &mv, true) && mv <= UINT32_MAX)
					r->fwmask = (uint32_t)mv;
			}
		} else
			used = false;
		if (used)
			i++;
	}
	r->family = r->src.family    ? r->src.family
	            : r->dst.family  ? r->dst.family
	            : c->hint_family ? (uint8_t)c->hint_family
	                             : AF_INET;
	ev_origin(c, l, &r->origin);
	c->votes_linux++;
	return true;
}

const struct ev_parser ev_p_iprule = {
    .shape = EV_IPRULE,
    .name = "ip rule",
    .detect = detect,
    .take = take,
};
