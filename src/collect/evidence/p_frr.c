/* FRRouting's (and Quagga's) `vtysh -c "show ip route"`: the routing daemons' table, one route a
 * line after the codes legend:
 *   K>* 0.0.0.0/0 [0/0] via 172.31.1.1, eth0, 00:07:13
 *   C>* 10.0.1.0/24 is directly connected, t1-br, 00:07:13
 *   A>* 10.0.2.0/24 [100/0] via fe80::1, wg0, weight 1, 00:03:00
 * and babeld's neighbours as `show babel neighbor` lists them ("Neighbour fe80::... dev wg0 reach
 * ..."). The first letter is the protocol that made the route (K kernel, C connected, S static,
 * O OSPF, B BGP, A Babel, ...): zebra is the daemon that knows which interface each leaves by. */
#include "collect/evidence/ev.h"

#include <string.h>

#define RTN_UNICAST_ 1

/* The route protocol numbers the kernel gives routes each FRR daemon installs
 * (include/uapi/linux/rtnetlink.h: RTPROT_*). */
static uint8_t protocol_of(char code)
{
	switch (code) {
	case 'K':
	case 'C':
		return 2; /* RTPROT_KERNEL */
	case 'S':
		return 4; /* RTPROT_STATIC */
	case 'A':
		return 42; /* RTPROT_BABEL */
	case 'O':
		return 188; /* RTPROT_OSPF */
	case 'B':
		return 186; /* RTPROT_BGP */
	case 'R':
		return 189; /* RTPROT_RIP */
	case 'I':
		return 187; /* RTPROT_ISIS */
	default:
		return 0;
	}
}

static bool legend(const char *s)
{
	return ev_starts(ev_skip_ws(s), "Codes: K - kernel route, C - connected");
}

/* "K>* 0.0.0.0/0 ...": the code letter and where the prefix starts, or NULL. */
static const char *route_row(const char *s, char *code)
{
	if (!strchr("KCSROIBEANTvVDFf", s[0]) || !s[0])
		return NULL;
	size_t i = 1;
	while (i < 4 && (s[i] == '>' || s[i] == '*' || s[i] == ' ' || s[i] == 'q' || s[i] == 'r'))
		i++;
	if (i < 2 || s[i - 1] != ' ')
		return NULL;
	*code = s[0];
	return s + i;
}

static int detect(const struct ev_line *l, int min)
{
	if (legend(l->s))
		return 3;
	if (min > 2)
		return 0;
	char code;
	const char *p = route_row(l->s, &code);
	if (p && strchr(p, '/') && (strstr(p, " is directly connected, ") || strstr(p, "] via ")))
		return 2;
	return ev_starts(l->s, "Neighbour ") && strstr(l->s, " dev ") && strstr(l->s, " reach ")
	           ? 2
	           : 0;
}

/* "Neighbour fe80::... dev wg0 reach 0002 ...": babeld speaks over that interface. */
static bool neighbour(struct ev_ctx *c, struct ev_line *l)
{
	const char *d = strstr(l->s, " dev ");
	if (!d)
		return false;
	d += 5;
	size_t n = strcspn(d, " \t");
	if (n && n <= 15 && ev_ifname_ok(d, n) && !ev_shown_by_log_viewer(c, l))
		ev_iface_seen(c, l, d, n, NULL);
	return true;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = l->s;
	if (legend(s) || ev_starts(ev_skip_ws(s), "O - OSPF") ||
	    ev_starts(ev_skip_ws(s), "T - Table") || ev_starts(ev_skip_ws(s), "F - PBR") ||
	    ev_starts(ev_skip_ws(s), "> - selected") || !*ev_skip_ws(s))
		return true;
	if (ev_starts(s, "Neighbour "))
		return neighbour(c, l);
	char code;
	const char *p = route_row(s, &code);
	if (!p)
		return false;
	struct ev_toks t;
	ev_tokenize(p, &t);
	struct ifw_ip dst;
	int plen;
	if (!t.n || !ev_parse_prefix(&t.t[0], &dst, &plen))
		return false;
	/* the interface: the word after "via GW," or "directly connected,", with its comma */
	const struct ev_tok *dev = NULL;
	struct ifw_ip gw = {0};
	for (size_t i = 1; i + 1 < t.n && !dev; i++) {
		if (ev_tok_is(&t.t[i], "via")) {
			struct ev_tok g = t.t[i + 1];
			if (g.len && g.s[g.len - 1] == ',')
				g.len--;
			ev_parse_ip(g.s, g.len, &gw);
			if (i + 2 < t.n && t.t[i + 1].s[t.t[i + 1].len - 1] == ',')
				dev = &t.t[i + 2];
		} else if (ev_tok_is(&t.t[i], "connected,")) {
			dev = &t.t[i + 1];
		}
	}
	if (!dev || ev_shown_by_log_viewer(c, l))
		return true; /* unreachable, blackhole: no interface */
	struct ev_tok d = *dev;
	if (d.len && d.s[d.len - 1] == ',')
		d.len--;
	if (!d.len || d.len > 15 || !ev_ifname_ok(d.s, d.len) || !ev_room(c, c->m->routes.n))
		return true;
	struct ifw_route *r = ifw_model_add_route(c->m, c->ns);
	if (!r)
		return true;
	r->family = dst.family;
	r->dst = dst;
	r->dst_len = (uint8_t)plen;
	r->table = IFW_TABLE_MAIN;
	r->type = RTN_UNICAST_;
	r->protocol = protocol_of(code);
	if (gw.family == dst.family && !ifw_ip_is_any(&gw))
		r->gateway = gw;
	r->scope = r->gateway.family ? 0 : 253;
	ev_origin(c, l, &r->origin);
	ev_ref_add(c, EV_REF_ROUTE_DEV, (ifw_id)(c->m->routes.n - 1), ev_tok_dup(c, &d), 0, l);
	c->votes_linux++;
	return true;
}

const struct ev_parser ev_p_frr = {
    .shape = EV_FRR,
    .name = "FRRouting show ip route / show babel neighbor",
    .detect = detect,
    .take = take,
};
