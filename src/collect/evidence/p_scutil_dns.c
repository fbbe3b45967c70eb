/* `scutil --dns` (macOS): the resolvers, each with its domains, servers and the interface it is
 * scoped to:
 *   resolver #1
 *     search domain[0] : corp.example.com
 *     nameserver[0] : 10.8.0.1
 *     if_index : 23 (utun3)
 *     flags    : Supplemental, Request A records
 * A VPN that pushes DNS shows here which names the system resolves through it: what the tunnel
 * is for, in the organization's own words. The resolver's first domain and server are kept on
 * its interface (the first resolver that names the interface wins). */
#include "collect/evidence/ev.h"

#include <stdint.h>
#include <string.h>

/* scutil's "DNS configuration" and "DNS configuration (for scoped queries)"; nmcli's overview
 * has a "DNS configuration:" block of its own, Linux's. */
static bool dns_header(const char *s)
{
	return ev_starts(s, "DNS configuration") && s[17] != ':';
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	const char *s = ev_skip_ws(l->s);
	if (dns_header(s))
		return 3;
	return ev_starts(s, "resolver #") ? 2 : 0;
}

void ev_dns_flush(struct ev_ctx *c)
{
	if (c->dns.ifname[0] && (c->dns.domain[0] || c->dns.has_server)) {
		ifw_id id = ev_iface_find(c, c->ns, c->dns.ifname);
		if (id != IFW_NOID) {
			struct ifw_iface *f = &c->m->ifaces.v[id];
			if (!f->dns_domain && !f->dns_has_server) {
				if (c->dns.domain[0])
					f->dns_domain = ifw_model_strdup(c->m, c->dns.domain);
				f->dns_server = c->dns.server;
				f->dns_has_server = c->dns.has_server;
			}
		} else if (ev_room(c, c->refs.n)) {
			/* the interface may come later in the evidence: kept until then */
			size_t before = c->refs.n;
			ev_ref_add(c, EV_REF_DNS, IFW_NOID, ifw_model_strdup(c->m, c->dns.ifname),
			           0, NULL);
			if (c->refs.n > before) {
				struct ev_ref *r = &c->refs.v[before];
				r->net_name =
				    c->dns.domain[0] ? ifw_model_strdup(c->m, c->dns.domain) : NULL;
				r->dns_server = c->dns.server;
				r->dns_has_server = c->dns.has_server;
			}
		}
	}
	memset(&c->dns, 0, sizeof(c->dns));
}

static void begin(struct ev_ctx *c)
{
	memset(&c->dns, 0, sizeof(c->dns));
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (!*s || dns_header(s)) {
		ev_dns_flush(c);
		if (*s)
			c->os_explicit = c->os_explicit ? c->os_explicit : "darwin";
		return true;
	}
	if (ev_starts(s, "resolver #")) {
		ev_dns_flush(c);
		return true;
	}
	const char *colon = strstr(s, " : ");
	if (!colon)
		colon = strstr(s, ": ");
	if (!colon)
		return false;
	const char *v = ev_skip_ws(strchr(colon, ':') + 1);
	size_t vn = strcspn(v, " \t");
	if (ev_starts(s, "search domain[0]") || ev_starts(s, "domain ")) {
		if (!c->dns.domain[0] && vn > 0 && vn < sizeof(c->dns.domain)) {
			memcpy(c->dns.domain, v, vn);
			c->dns.domain[vn] = '\0';
		}
	} else if (ev_starts(s, "nameserver[0]")) {
		c->dns.has_server = ev_parse_ip(v, vn, &c->dns.server);
	} else if (ev_starts(s, "if_index")) {
		const char *p = strchr(v, '(');
		const char *e = p ? strchr(p, ')') : NULL;
		if (e && e - p - 1 > 0 && e - p - 1 < (long)sizeof(c->dns.ifname)) {
			memcpy(c->dns.ifname, p + 1, (size_t)(e - p - 1));
			c->dns.ifname[e - p - 1] = '\0';
			/* configd scopes a resolver to an interface that exists: "if_index : 13
			 * (utun2)" names it and its index (not in a log viewer's text) */
			size_t n = (size_t)(e - p - 1);
			if (n <= 15 && ev_ifname_ok(p + 1, n) && !ev_shown_by_log_viewer(c, l)) {
				struct ifw_iface *f = ev_iface_seen(c, l, p + 1, n, NULL);
				uint64_t ix = 0;
				struct ev_tok t = {.s = v, .len = strspn(v, "0123456789")};
				if (f && !f->ifindex && ev_tok_u64(&t, &ix, false) && ix > 0 &&
				    ix < INT32_MAX)
					f->ifindex = (int32_t)ix;
			}
		}
	}
	/* flags, reach, order, options, timeout, port, ...: nothing kept */
	return true;
}

static void end(struct ev_ctx *c)
{
	ev_dns_flush(c);
}

const struct ev_parser ev_p_scutil_dns = {
    .shape = EV_SCUTIL_DNS,
    .name = "scutil --dns",
    .detect = detect,
    .take = take,
    .begin = begin,
    .end = end,
};
