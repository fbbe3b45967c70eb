/* The kernel's connection tracking table as text: `conntrack -L` (conntrack-tools), its
 * `-o extended` form, the same lines as `conntrack -E` prints them, and /proc/net/nf_conntrack:
 *   udp      17 28 src=192.0.2.1 dst=192.0.2.2 sport=17002 dport=17002 [UNREPLIED] src=...
 *   ipv4     2 udp      17 28 src=... mark=0 zone=0 use=2        (-o extended, /proc)
 *   tcp      6 431981 ESTABLISHED src=... [ASSURED] mark=0 use=1
 *   [NEW] udp      17 30 src=...                                  (conntrack -E)
 * The layer-3 and layer-4 protocols are given by name and number (they must agree), then the
 * timeout, a state word for TCP, SCTP and DCCP, the original tuple, flags in brackets, the reply
 * tuple, and key=value fields (mark, zone, use, id, packets, bytes, ...). UDP entries are kept
 * for the end, where they name the far ends of tunnel holders' unconnected sockets exactly as
 * the live ctnetlink dump does (collect/ct_peers.c); other protocols are read and checked, not
 * kept. A protocol we do not know ("unknown  41 ...") and a malformed line are skipped and
 * counted. */
#include "collect/evidence/ev.h"

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

struct l4 {
	const char *name;
	uint8_t num;
	bool ports; /* the tuples have sport/dport */
};

static const struct l4 l4s[] = {
    {"tcp", IPPROTO_TCP, true}, {"udp", IPPROTO_UDP, true}, {"udplite", 136, true},
    {"sctp", 132, true},        {"dccp", 33, true},         {"icmp", IPPROTO_ICMP, false},
    {"icmpv6", 58, false},      {"gre", 47, false},
};

static const struct l4 *l4_named(const struct ev_tok *t)
{
	for (size_t i = 0; i < sizeof(l4s) / sizeof(l4s[0]); i++)
		if (ev_tok_is(t, l4s[i].name))
			return &l4s[i];
	return NULL;
}

static bool num_is(const struct ev_tok *t, uint64_t want)
{
	uint64_t v;
	return ev_tok_u64(t, &v, false) && v == want;
}

/* A protocol word we know of but do not read ("unknown" is what conntrack prints for the rest):
 * the line is conntrack's, its entry skipped. */
static bool other_l4(const struct ev_tok *t)
{
	return ev_tok_is(t, "unknown");
}

/* Where the entry's layer-4 name is (after "[NEW]" and "ipv4 2"), or -1 if the line does not
 * start as conntrack's do. *family is set from an "ipv4"/"ipv6" column. */
static int l4_at(const struct ev_toks *t, int *family)
{
	size_t i = 0;
	*family = 0;
	if (i < t->n && t->t[i].len > 2 && t->t[i].s[0] == '[' &&
	    (ev_tok_is(&t->t[i], "[NEW]") || ev_tok_is(&t->t[i], "[UPDATE]") ||
	     ev_tok_is(&t->t[i], "[DESTROY]")))
		i++;
	if (i + 1 < t->n && ev_tok_is(&t->t[i], "ipv4") && num_is(&t->t[i + 1], 2)) {
		*family = AF_INET;
		i += 2;
	} else if (i + 1 < t->n && ev_tok_is(&t->t[i], "ipv6") && num_is(&t->t[i + 1], 10)) {
		*family = AF_INET6;
		i += 2;
	}
	return i + 1 < t->n ? (int)i : -1;
}

static bool has_src(const struct ev_toks *t, size_t from)
{
	for (size_t i = from; i < t->n; i++)
		if (t->t[i].len > 4 && memcmp(t->t[i].s, "src=", 4) == 0)
			return true;
	return false;
}

/* conntrack's summary, on stderr but pasted with the rest:
 * "conntrack v1.4.7 (conntrack-tools): 4 flow entries have been shown." */
static bool summary(const char *s)
{
	return ev_starts(s, "conntrack v") && strstr(s, "(conntrack-tools)");
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	if (summary(ev_skip_ws(l->s)))
		return 2;
	char c0 = *ev_skip_ws(l->s);
	if (!(c0 >= 'a' && c0 <= 'z') && c0 != '[')
		return 0;
	if (!strstr(l->s, " src=") || !strstr(l->s, " dst="))
		return 0;
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	int family;
	int i = l4_at(&t, &family);
	if (i < 0)
		return 0;
	/* A protocol's name and a number (whether they agree is checked when the line is read,
	 * so that a line whose number is wrong is counted as skipped). */
	if (!(l4_named(&t.t[i]) || other_l4(&t.t[i])) || !ev_tok_digits(&t.t[i + 1]))
		return 0;
	/* Only conntrack prints a protocol's name and number followed by src= tuples. */
	return has_src(&t, (size_t)i + 2) ? 3 : 0;
}

struct tuple_seen {
	bool src, dst, sport, dport;
};

/* "key=value" of a tuple into t; 1 taken, 0 not a tuple key, -1 malformed. */
static int tuple_field(const struct ev_tok *k, const char *v, size_t vlen, struct ifw_ct_tuple *t,
                       struct tuple_seen *s, int family)
{
	size_t klen = (size_t)(v - 1 - k->s);
	bool src = klen == 3 && memcmp(k->s, "src", 3) == 0;
	bool dst = klen == 3 && memcmp(k->s, "dst", 3) == 0;
	if (src || dst) {
		struct ifw_ip ip;
		if (!ev_parse_ip(v, vlen, &ip) || (family && ip.family != family))
			return -1;
		*(src ? &t->src : &t->dst) = ip;
		*(src ? &s->src : &s->dst) = true;
		return 1;
	}
	bool sport = klen == 5 && memcmp(k->s, "sport", 5) == 0;
	bool dport = klen == 5 && memcmp(k->s, "dport", 5) == 0;
	if (sport || dport) {
		struct ev_tok n = {v, vlen};
		uint64_t p;
		if (!ev_tok_u64(&n, &p, false) || p > 65535)
			return -1;
		*(sport ? &t->sport : &t->dport) = (uint16_t)p;
		*(sport ? &s->sport : &s->dport) = true;
		return 1;
	}
	return 0;
}

/* Fields outside the tuples whose values are numbers: range-checked, not kept. */
static bool other_field(const struct ev_tok *k, const char *v, size_t vlen)
{
	static const struct {
		const char *key;
		uint64_t max;
	} nums[] = {
	    {"mark", UINT32_MAX},    {"use", UINT32_MAX},   {"zone", 65535},
	    {"id", UINT32_MAX},      {"type", 255},         {"code", 255},
	    {"packets", UINT64_MAX}, {"bytes", UINT64_MAX}, {"secmark", UINT32_MAX},
	};
	size_t klen = (size_t)(v - 1 - k->s);
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		if (strlen(nums[i].key) != klen || memcmp(k->s, nums[i].key, klen) != 0)
			continue;
		struct ev_tok n = {v, vlen};
		uint64_t x;
		return ev_tok_u64(&n, &x, false) && x <= nums[i].max;
	}
	return vlen > 0; /* another key (secctx, labels, zone-orig, helper, ...): any word */
}

/* One line into *e; false when it is malformed (or not an entry we read). */
static bool parse(const struct ev_toks *t, struct ifw_ct_entry *e, const struct l4 **proto)
{
	memset(e, 0, sizeof(*e));
	int family;
	int i = l4_at(t, &family);
	if (i < 0 || t->n >= EV_MAX_TOKENS) /* a longer line was cut by the tokenizer */
		return false;
	const struct l4 *p = l4_named(&t->t[i]);
	if (!p || !num_is(&t->t[i + 1], p->num))
		return false;
	*proto = p;
	size_t k = (size_t)i + 2;
	uint64_t v;
	if (k < t->n && ev_tok_digits(&t->t[k])) { /* the timeout, in seconds (not in -E DESTROY) */
		if (!ev_tok_u64(&t->t[k], &v, false) || v > UINT32_MAX)
			return false;
		k++;
	}
	if (k < t->n && !memchr(t->t[k].s, '=', t->t[k].len) && t->t[k].s[0] != '[')
		k++; /* the state: ESTABLISHED, TIME_WAIT, ... */
	struct ifw_ct_tuple *cur = &e->orig;
	struct tuple_seen seen[2] = {{0}};
	int which = 0;
	bool replied = true;
	for (; k < t->n; k++) {
		const struct ev_tok *x = &t->t[k];
		if (x->s[0] == '[') { /* [UNREPLIED] [ASSURED] [OFFLOAD] ... */
			if (x->len < 3 || x->s[x->len - 1] != ']')
				return false;
			if (ev_tok_is(x, "[UNREPLIED]"))
				replied = false;
			else if (ev_tok_is(x, "[ASSURED]"))
				e->status |= IFW_CT_ASSURED;
			continue;
		}
		const char *eq = memchr(x->s, '=', x->len);
		if (!eq || eq == x->s)
			return false;
		const char *val = eq + 1;
		size_t vlen = x->len - (size_t)(val - x->s);
		/* A key the current tuple has already: the reply tuple starts. */
		size_t klen = (size_t)(eq - x->s);
		bool again = (klen == 3 && memcmp(x->s, "src", 3) == 0 && seen[which].src);
		if (again) {
			if (which == 1)
				return false;
			which = 1;
			cur = &e->reply;
		}
		int r = tuple_field(x, val, vlen, cur, &seen[which], family);
		if (r < 0)
			return false;
		if (r == 0 && !other_field(x, val, vlen))
			return false;
	}
	for (int w = 0; w < 2; w++)
		if (!seen[w].src || !seen[w].dst ||
		    (p->ports && (!seen[w].sport || !seen[w].dport)))
			return false;
	if (e->orig.src.family != e->orig.dst.family ||
	    e->reply.src.family != e->reply.dst.family || e->orig.src.family != e->reply.src.family)
		return false;
	e->orig.l4proto = e->reply.l4proto = p->num;
	if (replied)
		e->status |= IFW_CT_SEEN_REPLY;
	return true;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (!*s || summary(s))
		return true;
	if (detect(l, 3) < 3)
		return false;
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	struct ifw_ct_entry e;
	const struct l4 *p = NULL;
	if (!parse(&t, &e, &p)) {
		c->m->skipped_lines++; /* an unknown protocol, or a malformed entry */
		return true;
	}
	c->votes_linux++;
	if (p->num != IPPROTO_UDP)
		return true; /* only UDP entries name tunnels' far ends */
	if (!ev_room(c, c->cts.n))
		return true;
	struct ev_ct *k = ifw_vec_push(&c->cts);
	if (!k)
		return true;
	k->e = e;
	ev_origin(c, l, &k->origin);
	return true;
}

const struct ev_parser ev_p_conntrack = {
    .shape = EV_CONNTRACK,
    .name = "conntrack",
    .detect = detect,
    .take = take,
};

int ev_conntrack_far_ends(struct ev_ctx *c)
{
	if (!c->cts.n)
		return 0;
	struct ifw_ct_sock *socks = NULL;
	size_t n = ifw_ct_candidates(c->m, &socks);
	int rc = 0;
	for (size_t i = 0; i < c->cts.n && n && rc == 0; i++)
		rc = ifw_ct_add_peers(c->m, c->ns, socks, n, &c->cts.v[i].e, &c->cts.v[i].origin);
	free(socks);
	return rc;
}
