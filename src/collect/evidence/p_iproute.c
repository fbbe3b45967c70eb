/* `ip route show table all` (iproute2 text): "[TYPE] PREFIX [via GW] [dev DEV] [table T]
 * [proto P] [scope S] [src A] [metric N] ...", with multipath routes continued on "nexthop"
 * lines. */
#include "collect/evidence/ev.h"

#include <string.h>
#include <sys/socket.h>

static const struct {
	const char *name;
	uint8_t type;
} types[] = {
    {"unicast", 1},   {"local", 2},       {"broadcast", 3}, {"anycast", 4}, {"multicast", 5},
    {"blackhole", 6}, {"unreachable", 7}, {"prohibit", 8},  {"throw", 9},   {"nat", 10},
};

static const struct {
	const char *name;
	uint8_t num;
} protos[] = {
    {"redirect", 1}, {"kernel", 2}, {"boot", 3},        {"static", 4},    {"ra", 9},
    {"mrt", 10},     {"zebra", 11}, {"bird", 12},       {"dnrouted", 13}, {"xorp", 14},
    {"ntk", 15},     {"dhcp", 16},  {"keepalived", 18}, {"babel", 42},    {"openr", 99},
    {"bgp", 186},    {"isis", 187}, {"ospf", 188},      {"rip", 189},     {"eigrp", 192},
};

static const struct {
	const char *name;
	uint8_t num;
} scopes[] = {{"global", 0}, {"universe", 0}, {"site", 200},
              {"link", 253}, {"host", 254},   {"nowhere", 255}};

static int type_of(const struct ev_tok *t)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (ev_tok_is(t, types[i].name))
			return types[i].type;
	return 0;
}

bool ev_table_num(const struct ev_tok *t, uint32_t *table)
{
	uint64_t v;
	if (ev_tok_is(t, "main"))
		*table = IFW_TABLE_MAIN;
	else if (ev_tok_is(t, "local"))
		*table = IFW_TABLE_LOCAL;
	else if (ev_tok_is(t, "default"))
		*table = 253;
	else if (ev_tok_u64(t, &v, false) && v <= UINT32_MAX)
		*table = (uint32_t)v;
	else
		return false;
	return true;
}

static bool is_prefix(const struct ev_tok *t, struct ifw_ip *ip, uint8_t *plen)
{
	if (ev_tok_is(t, "default")) {
		memset(ip, 0, sizeof(*ip));
		*plen = 0;
		return true;
	}
	const char *slash = memchr(t->s, '/', t->len);
	size_t alen = slash ? (size_t)(slash - t->s) : t->len;
	if (!ev_parse_ip(t->s, alen, ip))
		return false;
	unsigned max = ip->family == AF_INET ? 32 : 128;
	*plen = (uint8_t)max;
	if (slash) {
		struct ev_tok p = {slash + 1, t->len - alen - 1};
		uint64_t v;
		if (!ev_tok_u64(&p, &v, false) || v > max)
			return false;
		*plen = (uint8_t)v;
	}
	return true;
}

/* "via" must name an address: "default via the router" is a sentence, not a route. */
static bool gateways_ok(const struct ev_toks *t)
{
	for (size_t i = 0; i + 1 < t->n; i++) {
		if (!ev_tok_is(&t->t[i], "via"))
			continue;
		const struct ev_tok *v = &t->t[i + 1];
		if ((ev_tok_is(v, "inet") || ev_tok_is(v, "inet6")) && i + 2 < t->n)
			v = &t->t[i + 2];
		struct ifw_ip ip;
		if (!ev_parse_ip(v->s, v->len, &ip) && !ev_masked(v->s, v->len))
			return false;
	}
	return true;
}

static int detect(const struct ev_line *l, int min)
{
	if (min > 2 || l->s[0] == ' ' || l->s[0] == '\t')
		return 0;
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	if (t.n < 2)
		return 0;
	size_t i = type_of(&t.t[0]) ? 1 : 0;
	struct ifw_ip ip;
	uint8_t plen;
	if (i >= t.n || !is_prefix(&t.t[i], &ip, &plen))
		return 0;
	if (!gateways_ok(&t))
		return 0;
	/* `ip neigh`'s "ADDR dev IF lladdr MAC STATE" is no route (p_arp.c) */
	for (size_t k = i + 1; k < t.n; k++)
		if (ev_tok_is(&t.t[k], "lladdr"))
			return 0;
	for (size_t k = i + 1; k < t.n; k++)
		if (ev_tok_is(&t.t[k], "dev") || ev_tok_is(&t.t[k], "via") ||
		    ev_tok_is(&t.t[k], "proto"))
			return 2;
	return 0;
}

static void keyvals(struct ev_ctx *c, struct ifw_route *r, const struct ev_toks *t, size_t i,
                    bool *scope_set, const struct ev_line *l)
{
	for (; i + 1 < t->n; i++) {
		const struct ev_tok *k = &t->t[i], *v = &t->t[i + 1];
		uint64_t n;
		struct ifw_ip ip;
		bool used = true;
		if (ev_tok_is(k, "via")) {
			if (ev_tok_is(v, "inet") || ev_tok_is(v, "inet6")) {
				if (i + 2 >= t->n)
					return;
				v = &t->t[++i + 1];
			}
			if (ev_parse_ip(v->s, v->len, &ip) && !r->gateway.family)
				r->gateway = ip;
		} else if (ev_tok_is(k, "dev")) {
			if (r->iface == IFW_NOID && !r->oif) {
				r->oif = -1; /* resolved by name at the end */
				ev_ref_add(c, EV_REF_ROUTE_DEV, (ifw_id)(r - c->m->routes.v),
				           ev_tok_dup(c, v), 0, l);
			}
		} else if (ev_tok_is(k, "table")) {
			ev_table_num(v, &r->table);
		} else if (ev_tok_is(k, "proto")) {
			if (ev_tok_u64(v, &n, false) && n <= 255)
				r->protocol = (uint8_t)n;
			for (size_t p = 0; p < sizeof(protos) / sizeof(protos[0]); p++)
				if (ev_tok_is(v, protos[p].name))
					r->protocol = protos[p].num;
		} else if (ev_tok_is(k, "scope")) {
			*scope_set = true;
			if (ev_tok_u64(v, &n, false) && n <= 255)
				r->scope = (uint8_t)n;
			for (size_t p = 0; p < sizeof(scopes) / sizeof(scopes[0]); p++)
				if (ev_tok_is(v, scopes[p].name))
					r->scope = scopes[p].num;
		} else if (ev_tok_is(k, "src")) {
			if (ev_parse_ip(v->s, v->len, &ip))
				r->prefsrc = ip;
		} else if (ev_tok_is(k, "metric")) {
			if (ev_tok_u64(v, &n, false) && n <= UINT32_MAX)
				r->metric = (uint32_t)n;
		} else if (ev_tok_is(k, "pref") && !r->family) {
			r->family = AF_INET6; /* only IPv6 routes have a preference */
		} else {
			used = false;
		}
		if (used)
			i++;
	}
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	if (!t.n)
		return true;
	if (!gateways_ok(&t))
		return false;
	if ((l->s[0] == ' ' || l->s[0] == '\t') && ev_tok_is(&t.t[0], "nexthop")) {
		if (c->last_route == IFW_NOID || c->last_route >= c->m->routes.n)
			return false;
		struct ifw_route *r = &c->m->routes.v[c->last_route];
		if (r->gateway.family) {
			r->multipath = true;
			return true;
		}
		bool sc = true;
		keyvals(c, r, &t, 1, &sc, l);
		return true;
	}
	size_t i = 0;
	int type = type_of(&t.t[0]);
	if (type)
		i = 1;
	struct ifw_ip ip;
	uint8_t plen;
	if (i < t.n && !is_prefix(&t.t[i], &ip, &plen) && ev_masked(t.t[i].s, t.t[i].len)) {
		/* "***.***.***.*** via 192.168.42.129 dev wlan0": a route to a hidden address (the
		 * VPN server's, most often) is still a line of the listing; its device is there */
		for (size_t k = i + 1; k + 1 < t.n; k++)
			if (ev_tok_is(&t.t[k], "dev") && ev_ifname_ok(t.t[k + 1].s, t.t[k + 1].len))
				ev_iface_seen(c, l, t.t[k + 1].s, t.t[k + 1].len, NULL);
		return true;
	}
	if (i >= t.n || !is_prefix(&t.t[i], &ip, &plen))
		return false;
	if (!ev_room(c, c->m->routes.n))
		return true;
	struct ifw_route *r = ifw_model_add_route(c->m, c->ns);
	if (!r)
		return true;
	c->last_route = (ifw_id)(c->m->routes.n - 1);
	r->type = (uint8_t)(type ? type : 1);
	r->table = IFW_TABLE_MAIN;
	r->dst = ip;
	r->dst_len = plen;
	bool scope_set = false;
	keyvals(c, r, &t, i + 1, &scope_set, l);
	if (!r->family)
		r->family = ip.family ? ip.family : r->gateway.family ? r->gateway.family : AF_INET;
	if (!r->dst.family)
		r->dst.family = r->family;
	if (r->oif < 0)
		r->oif = 0;
	if (!scope_set) /* iproute2 leaves out the usual scope of each kind of route */
		r->scope = r->type == 2 ? 254 : r->type == 3 || r->type == 5 ? 253 : 0;
	ev_origin(c, l, &r->origin);
	c->votes_linux++;
	return true;
}

static void begin(struct ev_ctx *c)
{
	c->last_route = IFW_NOID;
}

const struct ev_parser ev_p_iproute = {
    .shape = EV_IPROUTE,
    .name = "ip route",
    .detect = detect,
    .take = take,
    .begin = begin,
};
