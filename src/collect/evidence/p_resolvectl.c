/* `resolvectl status` (and the older `systemd-resolve --status`), systemd-resolved's per-link DNS:
 *   Link 3 (tun0)
 *       Current Scopes: DNS
 *            Protocols: -DefaultRoute +LLMNR -mDNS -DNSOverTLS DNSSEC=no/unsupported
 *   Current DNS Server: 10.8.0.1
 *          DNS Servers: 10.8.0.1
 *           DNS Domain: ~corp.example.com
 * The Linux counterpart of macOS's `scutil --dns`: a VPN that pushes DNS shows which names the
 * system resolves through it. A routing-only domain is written with "~"; "~." (every name) says
 * nothing about an organization and is passed over. The link's index is its interface index. */
#include "collect/evidence/ev.h"

#include <string.h>

/* "Link 3 (tun0)": the index and the name. */
static bool link_line(const char *s, int64_t *index, const char **name, size_t *len)
{
	if (!ev_starts(s, "Link "))
		return false;
	const char *p = s + 5;
	int64_t v = 0;
	size_t d = 0;
	while (p[d] >= '0' && p[d] <= '9' && d < 10)
		v = v * 10 + (p[d++] - '0');
	if (!d || p[d] != ' ' || p[d + 1] != '(')
		return false;
	const char *n = p + d + 2, *e = strchr(n, ')');
	if (!e || e == n || e - n > 15 || e[1] != '\0')
		return false;
	*index = v;
	*name = n;
	*len = (size_t)(e - n);
	return true;
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	int64_t i;
	const char *n;
	size_t len;
	if (link_line(l->s, &i, &n, &len))
		return 2;
	const char *s = ev_skip_ws(l->s);
	if (ev_starts(s, "Protocols:") && (strstr(s, "LLMNR") || strstr(s, "DNSSEC=")))
		return 2;
	return ev_starts(s, "Current Scopes:") || ev_starts(s, "resolv.conf mode:") ? 2 : 0;
}

static void begin(struct ev_ctx *c)
{
	memset(&c->dns, 0, sizeof(c->dns));
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	int64_t index;
	const char *name;
	size_t len;
	if (link_line(l->s, &index, &name, &len)) {
		ev_dns_flush(c);
		struct ifw_iface *f = ev_iface_seen(c, l, name, len, NULL);
		if (f) {
			if (!f->ifindex && index > 0 && index <= INT32_MAX)
				f->ifindex = (int32_t)index;
			memcpy(c->dns.ifname, name, len);
			c->dns.ifname[len] = '\0';
		}
		c->votes_linux++;
		return true;
	}
	if (!*s || strcmp(s, "Global") == 0) {
		ev_dns_flush(c);
		return true;
	}
	const char *colon = strchr(s, ':');
	if (!colon)
		return false;
	const char *v = ev_skip_ws(colon + 1);
	if (!c->dns.ifname[0])
		return true; /* Global's settings: no interface */
	if (ev_starts(s, "DNS Domain:")) {
		/* the first domain that names something: "~corp.example.com", not "~." */
		for (const char *p = v; *p;) {
			size_t n = strcspn(p, " \t");
			const char *d = p;
			if (*d == '~') {
				d++;
				n--;
			}
			if (n && !(n == 1 && *d == '.') && !c->dns.domain[0] &&
			    n < sizeof(c->dns.domain)) {
				memcpy(c->dns.domain, d, n);
				c->dns.domain[n] = '\0';
			}
			p = ev_skip_ws(d + n);
		}
	} else if (ev_starts(s, "Current DNS Server:") || ev_starts(s, "DNS Servers:")) {
		if (!c->dns.has_server)
			c->dns.has_server = ev_parse_ip(v, strcspn(v, " \t#%"), &c->dns.server);
	}
	return true;
}

static void end(struct ev_ctx *c)
{
	ev_dns_flush(c);
}

const struct ev_parser ev_p_resolvectl = {
    .shape = EV_RESOLVECTL,
    .name = "resolvectl status",
    .detect = detect,
    .take = take,
    .begin = begin,
    .end = end,
};
