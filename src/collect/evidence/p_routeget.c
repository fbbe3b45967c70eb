/* `route get DEST` (macOS, the BSDs): the one route the kernel would use for DEST, as labelled
 * lines:
 *      route to: 0.0.0.1
 *   destination: default
 *          mask: 128.0.0.0
 *       gateway: 192.168.12.1
 *     interface: utun3
 *         flags: <UP,GATEWAY,DONE,STATIC,PRCLONING,GLOBAL>
 *    recvpipe  sendpipe  ssthresh  rtt,msec    rttvar  hopcount      mtu     expire
 *          0         0         0         0         0         0      1500         0
 * People paste it to show where their traffic goes ("route get 1" answers for half the
 * address space: a VPN's 0/1 route shows here). Each answer becomes a route in the table. */
#include "collect/evidence/ev.h"

#include <string.h>
#include <sys/socket.h>

#define RTN_UNICAST_   1
#define RTPROT_STATIC_ 4

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	if (ev_label_value(l->s, "route to"))
		return 3;
	return 0;
}

static void flush(struct ev_ctx *c)
{
	struct ev_rget *g = &c->rget;
	if (!g->active || !g->ifname[0] || !g->has_dst) {
		memset(g, 0, sizeof(*g));
		return;
	}
	if (ev_room(c, c->m->routes.n)) {
		struct ifw_route *r = ifw_model_add_route(c->m, c->ns);
		if (r) {
			uint8_t host = g->dst.family == AF_INET6 ? 128 : 32;
			if (g->has_mask && g->plen > host) /* an IPv6 mask on an IPv4 route: none */
				g->has_mask = false;
			r->family = g->dst.family;
			r->dst = g->dst;
			r->dst_len = g->dflt && !g->has_mask ? 0 : g->has_mask ? g->plen : host;
			r->table = IFW_TABLE_MAIN;
			r->type = RTN_UNICAST_;
			if (g->gateway.family == g->dst.family)
				r->gateway = g->gateway;
			if (g->is_static)
				r->protocol = RTPROT_STATIC_;
			r->scope = r->gateway.family ? 0 : 253;
			r->origin = g->origin;
			ev_ref_add(c, EV_REF_ROUTE_DEV, (ifw_id)(c->m->routes.n - 1),
			           ifw_model_strdup(c->m, g->ifname), 0, NULL);
		}
	}
	memset(g, 0, sizeof(*g));
}

static void begin(struct ev_ctx *c)
{
	memset(&c->rget, 0, sizeof(c->rget));
}

/* An address, with a "%en0" scope cut off. */
static bool addr(const char *v, struct ifw_ip *ip)
{
	size_t n = strcspn(v, " \t%");
	return n > 0 && ev_parse_ip(v, n, ip);
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	struct ev_rget *g = &c->rget;
	const char *s = ev_skip_ws(l->s);
	const char *v;
	if (!*s) {
		flush(c);
		return true;
	}
	if ((v = ev_label_value(s, "route to"))) {
		flush(c);
		g->active = true;
		ev_origin(c, l, &g->origin);
		struct ifw_ip ip;
		if (addr(v, &ip))
			g->family = ip.family;
		else if (ev_starts(v, "default"))
			g->family = AF_INET;
		return true;
	}
	if (!g->active)
		return false;
	if ((v = ev_label_value(s, "destination"))) {
		if (ev_starts(v, "default")) {
			memset(&g->dst, 0, sizeof(g->dst));
			g->dst.family = (uint8_t)(g->family ? g->family : AF_INET);
			g->dflt = g->has_dst = true;
		} else {
			g->has_dst = addr(v, &g->dst);
		}
	} else if ((v = ev_label_value(s, "mask"))) {
		int m = ev_starts(v, "default") ? 0 : ev_netmask_plen(v, strcspn(v, " \t"));
		if (m >= 0) {
			g->plen = (uint8_t)m;
			g->has_mask = true;
		}
	} else if ((v = ev_label_value(s, "gateway"))) {
		if (!addr(v, &g->gateway))
			memset(&g->gateway, 0, sizeof(g->gateway)); /* a link: "gateway: en0" */
	} else if ((v = ev_label_value(s, "interface"))) {
		size_t n = strcspn(v, " \t");
		if (n > 0 && n < sizeof(g->ifname) && !memchr(v, '/', n)) {
			memcpy(g->ifname, v, n);
			g->ifname[n] = '\0';
		}
	} else if ((v = ev_label_value(s, "flags"))) {
		g->is_static = strstr(v, "STATIC") != NULL;
	} else if (ev_label_value(s, "fib") || ev_label_value(s, "if address") ||
	           ev_label_value(s, "ifscope")) {
		/* FreeBSD's routing table number, OpenBSD's source address: nothing kept */
	} else if (ev_starts(s, "recvpipe")) {
		g->in_metrics = true;
	} else if (g->in_metrics && (*s >= '0' && *s <= '9')) {
		g->in_metrics = false; /* the metrics' values, one line */
	} else {
		return false;
	}
	return true;
}

static void end(struct ev_ctx *c)
{
	flush(c);
}

const struct ev_parser ev_p_routeget = {
    .shape = EV_ROUTEGET,
    .name = "route get",
    .detect = detect,
    .take = take,
    .begin = begin,
    .end = end,
};
