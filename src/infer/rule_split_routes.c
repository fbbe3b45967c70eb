/* A split tunnel: routes to private networks (RFC 1918) that lead into a tunnel through a next
 * hop on it, while the host's other traffic goes elsewhere. That is what a VPN into an office or
 * a cluster installs (OpenVPN's pushed routes, an IPsec client's); a pasted `netstat -rn` often
 * shows nothing else about a utun. The program is not named: OpenVPN, an IPsec client and a
 * mesh VPN all route this way, so the claim stays "possible". */
#include "infer/rules.h"
#include "infer/tunnel.h"

#include <sys/socket.h>

static const struct ifw_claim_def split = {"routes.split-tunnel",  "routes",      IFW_ROLE_PURPOSE,
                                           IFW_CONF_POSSIBLE + 15, IFW_SPEC_KIND, "vpn"};

static bool private4(const struct ifw_ip *ip, uint8_t len)
{
	const uint8_t *a = ip->a;
	return (a[0] == 10 && len >= 8) || (a[0] == 172 && (a[1] & 0xf0) == 16 && len >= 12) ||
	       (a[0] == 192 && a[1] == 168 && len >= 16);
}

/* Another addressed or routed interface than this one and loopback: the network the rest of the
 * host's traffic takes. Counted once per namespace: a scan here, per interface, made evidence
 * of many interfaces take quadratic time. */
static bool other_network(const struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (f->ns < c->m->netns.n) {
		bool self = !(f->flags & IFW_IFF_LOOPBACK) && (f->addrs.n || f->routes.n);
		return c->a->networked_links[f->ns] > (self ? 1u : 0u);
	}
	for (size_t i = 0; i < c->m->ifaces.n; i++) {
		const struct ifw_iface *o = &c->m->ifaces.v[i];
		if (i != c->id && o->ns == c->f->ns && !(o->flags & IFW_IFF_LOOPBACK) &&
		    (o->addrs.n || o->routes.n))
			return true;
	}
	return false;
}

static void run_split_routes(struct ifw_rule_ctx *c)
{
	if (c->m->source == IFW_SRC_LIVE || c->ia->kernel_owned || !ifw_tunnel_like(c) ||
	    !other_network(c))
		return;
	ifw_id first = IFW_NOID;
	size_t n = 0;
	for (size_t i = 0; i < c->f->routes.n; i++) {
		const struct ifw_route *r = &c->m->routes.v[c->f->routes.v[i]];
		if (r->table == IFW_TABLE_LOCAL || r->ifscope || r->dst.family != AF_INET ||
		    r->gateway.family != AF_INET || r->dst_len >= 32 ||
		    !private4(&r->dst, r->dst_len))
			continue;
		if (first == IFW_NOID)
			first = c->f->routes.v[i];
		n++;
	}
	if (first == IFW_NOID)
		return;
	const struct ifw_route *r = &c->m->routes.v[first];
	struct ifw_finding *fi = ifw_claim(
	    c, &split,
	    "a split-tunnel VPN: %zu route(s) to private networks lead into it through a "
	    "next hop on it (%s/%u via %s), the rest of the host's traffic goes elsewhere",
	    n, ifw_ip_text(c, &r->dst), r->dst_len, ifw_ip_text(c, &r->gateway));
	ifw_fact(c, fi, IFW_FACT_ROUTE, first);
	ifw_next_step(c, "`ps -axo pid,comm` (or `lsof -i`) shows which VPN program runs");
}

const struct ifw_rule_def ifw_rule_split_routes = {
    .name = "split_routes",
    .kinds = IFW_KINDS("tun", "", "wireguard"),
    .phase = IFW_PHASE_FACTS,
    .run = run_split_routes,
    .about = "routes to private networks through a tunnel: a split-tunnel VPN",
};
