/* `netstat -rn`: the BSD/macOS form (sections "Internet:" and "Internet6:", columns Destination
 * Gateway Flags Netif Expire, abbreviated networks like "10.64.1/24") and the Linux net-tools
 * form (Destination Gateway Genmask Flags ... Iface). Entries whose gateway is a link-layer
 * address are ARP/ND cache entries, not routes, and are passed over. */
#include "collect/evidence/ev.h"
#include "collect/evidence/nettools_words.h"

#include <string.h>
#include <sys/socket.h>

#define RTN_UNICAST_     1
#define RTN_LOCAL_       2
#define RTN_BROADCAST_   3
#define RTN_MULTICAST_   5
#define RTN_BLACKHOLE_   6
#define RTN_UNREACHABLE_ 7
#define RTPROT_STATIC_   4

/* net-tools' title in any language, alone on its line ("Kernel-IP-Routentabelle"). */
static bool linux_title(const char *s)
{
	size_t m = nt_prefix(s, strlen(s), NT_ROUTE_TITLE, NULL);
	return m && !*ev_skip_ws(s + m);
}

/* A translated Linux column header ("Ziel            Router          Genmask         Flags
 * Metric Ref    Use Iface"): true, with the column of the interface, if s is one. */
static bool linux_header(const char *s, int *col_netif)
{
	struct ev_toks t;
	ev_tokenize(s, &t);
	if (t.n < 4 || !nt_is(t.t[0].s, t.t[0].len, NT_ROUTE_DEST, NULL) ||
	    !nt_is(t.t[1].s, t.t[1].len, NT_ROUTE_GW, NULL) ||
	    !nt_is(t.t[2].s, t.t[2].len, NT_ROUTE_GENMASK, NULL))
		return false;
	*col_netif = -1;
	for (size_t i = 3; i < t.n; i++)
		if (nt_is(t.t[i].s, t.t[i].len, NT_ROUTE_IFACE, NULL))
			*col_netif = (int)i;
	return true;
}

static int detect(const struct ev_line *l, int min)
{
	const char *s = l->s;
	int col;
	if (linux_title(s) || linux_header(s, &col))
		return 3;
	if (ev_starts(s, "Routing tables") || ev_starts(s, "Kernel IP routing table") ||
	    ev_starts(s, "Internet:") || ev_starts(s, "Internet6:"))
		return 3;
	if (ev_starts(s, "Destination") && strstr(s, "Gateway") &&
	    (strstr(s, "Flags") || strstr(s, "Genmask")))
		return 3;
	if (min > 2)
		return 0;
	struct ev_toks t;
	ev_tokenize(s, &t);
	if (t.n < 4 || t.n > 9 || t.t[2].s[0] != 'U')
		return 0;
	for (size_t i = 0; i < t.t[2].len; i++)
		if (!strchr("UGHRDMdCcLSBbW123IiAmlrsXxYpg!", t.t[2].s[i]))
			return 0;
	return ev_tok_is(&t.t[0], "default") || strchr(t.t[0].s, '.') || strchr(t.t[0].s, ':') ? 2
	                                                                                       : 0;
}

static bool has_flag(const struct ev_tok *f, char ch)
{
	return memchr(f->s, ch, f->len) != NULL;
}

static bool header(struct ev_ctx *c, const char *s)
{
	if (ev_starts(s, "Internet6:")) {
		c->route_family = AF_INET6;
		return true;
	}
	if (ev_starts(s, "Internet:")) {
		c->route_family = AF_INET;
		return true;
	}
	if (ev_starts(s, "Kernel IP routing table") || linux_title(s)) {
		c->linux_routes = true;
		c->route_family = AF_INET;
		c->votes_linux++;
		return true;
	}
	if (ev_starts(s, "Routing tables"))
		return true;
	if (linux_header(s, &c->col_netif)) {
		c->linux_routes = true;
		return true;
	}
	if (!ev_starts(s, "Destination"))
		return false;
	struct ev_toks t;
	ev_tokenize(s, &t);
	c->col_netif = -1;
	for (size_t i = 0; i < t.n; i++) {
		if (ev_tok_is(&t.t[i], "Netif") || ev_tok_is(&t.t[i], "Iface") ||
		    ev_tok_is(&t.t[i], "If"))
			c->col_netif = (int)i;
		if (ev_tok_is(&t.t[i], "Genmask"))
			c->linux_routes = true;
	}
	return true;
}

/* A gateway that is an interface or a link-layer address rather than a router. */
static bool gw_is_link(const struct ev_tok *g)
{
	if (ev_starts(g->s, "link#"))
		return true;
	uint8_t mac[8];
	return !memchr(g->s, '.', g->len) && ev_parse_mac(g->s, g->len, mac, sizeof(mac)) == 6;
}

static bool row(struct ev_ctx *c, struct ev_line *l)
{
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	if (t.n < 3)
		return false;
	const struct ev_tok *dst = &t.t[0], *gw = &t.t[1];
	const struct ev_tok *flags = &t.t[c->linux_routes ? 3 : 2];
	if ((int)t.n <= (c->linux_routes ? 3 : 2) || flags->s[0] < 'A' || flags->s[0] > 'Z')
		return false;
	int ni = c->col_netif;
	if (ni < 0 || ni >= (int)t.n)
		ni = c->linux_routes
		         ? (int)t.n - 1
		         : (t.n >= 6 && ev_tok_digits(&t.t[3]) && ev_tok_digits(&t.t[4]) ? 5 : 3);
	if (ni >= (int)t.n)
		return false;
	uint8_t mac[8];
	if (has_flag(flags, 'L') && has_flag(flags, 'H') && !has_flag(flags, 'G') &&
	    ev_parse_mac(gw->s, gw->len, mac, sizeof(mac)) == 6)
		return true; /* an ARP/ND cache entry */
	struct ifw_ip ip;
	uint8_t plen;
	if (ev_tok_is(dst, "default")) {
		memset(&ip, 0, sizeof(ip));
		ip.family = (uint8_t)(c->route_family ? c->route_family : AF_INET);
		plen = 0;
	} else if (!ev_parse_route_dst(dst->s, dst->len, has_flag(flags, 'H'), &ip, &plen)) {
		return false;
	}
	if (c->linux_routes) {
		int m = ev_netmask_plen(t.t[2].s, t.t[2].len);
		if (m < 0)
			return false;
		plen = (uint8_t)m;
	}
	if (!ev_room(c, c->m->routes.n))
		return true;
	struct ifw_route *r = ifw_model_add_route(c->m, c->ns);
	if (!r)
		return true;
	r->family = ip.family;
	r->dst = ip;
	r->dst_len = plen;
	r->table = IFW_TABLE_MAIN;
	r->type = RTN_UNICAST_;
	struct ifw_ip g = {0};
	if (!gw_is_link(gw) && ev_parse_ip(gw->s, gw->len, &g) && !ifw_ip_is_any(&g))
		r->gateway = g;
	if (!c->linux_routes && ev_starts(gw->s, "link#"))
		c->m->os_bsd_style = true;
	if (has_flag(flags, 'R'))
		r->type = RTN_UNREACHABLE_;
	else if (has_flag(flags, 'B'))
		r->type = RTN_BLACKHOLE_;
	else if (r->family == AF_INET && ip.a[0] >= 224 && ip.a[0] <= 239)
		r->type = RTN_MULTICAST_;
	else if (r->family == AF_INET6 && ip.a[0] == 0xff)
		r->type = RTN_MULTICAST_;
	if (has_flag(flags, 'S'))
		r->protocol = RTPROT_STATIC_;
	r->ifscope = !c->linux_routes && has_flag(flags, 'I');

	/* Through a router: universe; a directly reachable network: link; the host itself. */
	bool masked_gw = !r->gateway.family && has_flag(flags, 'G') && ev_masked(gw->s, gw->len);
	if (masked_gw)
		c->masked++; /* "xxx.xxx.xxx.1": a router's, unknown */
	r->scope = r->gateway.family || masked_gw               ? 0
	           : has_flag(flags, 'H') && ifw_ip_eq(&ip, &g) ? 254
	                                                        : 253;
	ev_origin(c, l, &r->origin);
	/* "0.0.0.0  10.0.0.1  0.0.0.0  UG  0 0  0" and "eth0" on the next line: the row wrapped
	 * before its Iface column (the last, a name, never digits) */
	if (c->linux_routes && ni == (int)t.n - 1 && ev_tok_digits(&t.t[ni]) &&
	    (c->col_netif < 0 || c->col_netif >= (int)t.n)) {
		c->route_wrapped = (ifw_id)(c->m->routes.n - 1);
		return true;
	}
	ev_ref_add(c, EV_REF_ROUTE_DEV, (ifw_id)(c->m->routes.n - 1), ev_tok_dup(c, &t.t[ni]), 0,
	           l);
	return true;
}

/* The line after a row that wrapped: its Iface alone ("eth0"), or the header's ("Iface"). */
static bool wrapped_iface(struct ev_ctx *c, struct ev_line *l, const char *s)
{
	struct ev_toks t;
	ev_tokenize(s, &t);
	ifw_id r = c->route_wrapped;
	c->route_wrapped = IFW_NOID;
	if (t.n != 1)
		return false;
	if (ev_tok_is(&t.t[0], "Iface") && c->linux_routes)
		return true;
	if (r == IFW_NOID || r >= c->m->routes.n || ev_tok_digits(&t.t[0]) ||
	    !ev_ifname_ok(t.t[0].s, t.t[0].len))
		return false;
	ev_ref_add(c, EV_REF_ROUTE_DEV, r, ev_tok_dup(c, &t.t[0]), 0, l);
	return true;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (!*s) {
		c->route_wrapped = IFW_NOID; /* a wrapped Iface follows its row at once */
		return true;
	}
	if (header(c, s))
		return true;
	if (wrapped_iface(c, l, s))
		return true;
	return row(c, l);
}

static void begin(struct ev_ctx *c)
{
	c->route_family = 0;
	c->route_wrapped = IFW_NOID;
	c->col_netif = -1;
	c->linux_routes = false;
}

const struct ev_parser ev_p_netstat_rn = {
    .shape = EV_NETSTAT_RN,
    .name = "netstat -rn",
    .detect = detect,
    .take = take,
    .begin = begin,
};
