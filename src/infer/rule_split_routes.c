/* A split tunnel: routes to private networks (RFC 1918) that lead into a tunnel through a next
 * hop on it, while the host's other traffic goes elsewhere. That is what a VPN into an office or
 * a cluster installs (OpenVPN's pushed routes, an IPsec client's; in IPv6, unique local networks
 * through a link-local next hop, as Teleport's VNet does); a pasted `netstat -rn` often
 * shows nothing else about a utun. The program is not named: OpenVPN, an IPsec client and a
 * mesh VPN all route this way, so the claim stays "possible". */
#include "infer/rules.h"
#include "infer/tunnel.h"

#include <sys/socket.h>

static const struct ifw_claim_def split = {"routes.split-tunnel",  "routes",      IFW_ROLE_PURPOSE,
                                           IFW_CONF_POSSIBLE + 15, IFW_SPEC_KIND, "vpn"};

static bool private4(const struct ifw_ip *ip, uint8_t len)
{
	uint8_t need = ip->a[0] == 10 ? 8 : ip->a[0] == 172 ? 12 : 16;
	return ifw_ip_is_private4(ip) && len >= need;
}

/* A unique local IPv6 network (fc00::/7): the IPv6 counterpart of RFC 1918. */
static bool ula6(const struct ifw_ip *ip, uint8_t len)
{
	return len >= 7 && (ip->a[0] & 0xfe) == 0xfc;
}

/* A route to the subnet of one of the interface's own addresses (the tunnel's own network). */
static bool on_own_subnet(const struct ifw_rule_ctx *c, const struct ifw_route *r)
{
	for (size_t i = 0; i < c->f->addrs.n && i < 64; i++) {
		const struct ifw_addr *a = &c->m->addrs.v[c->f->addrs.v[i]];
		if (ifw_ip_in_prefix(&a->ip, &r->dst, r->dst_len))
			return true;
	}
	return false;
}

static void run_split_routes(struct ifw_rule_ctx *c)
{
	if (c->m->source == IFW_SRC_LIVE || c->ia->kernel_owned || !ifw_tunnel_like(c) ||
	    !ifw_other_network(c))
		return;
	ifw_id first = IFW_NOID, first_bare = IFW_NOID;
	size_t n = 0, bare = 0;
	for (size_t i = 0; i < c->f->routes.n; i++) {
		const struct ifw_route *r = &c->m->routes.v[c->f->routes.v[i]];
		/* macOS shows a route bound to a point-to-point tunnel with the tunnel as its
		 * gateway ("10.0.1/24  utun4  USc  utun4"): no next hop, every packet goes to the
		 * far end; counted apart, as a tunnel's own subnet is one such route */
		bool nogw = !r->gateway.family && !on_own_subnet(c, r);
		bool v4 = r->dst.family == AF_INET && (r->gateway.family == AF_INET || nogw) &&
		          r->dst_len < 32 && private4(&r->dst, r->dst_len);
		bool v6 = r->dst.family == AF_INET6 && r->gateway.family == AF_INET6 &&
		          r->dst_len < 128 && ula6(&r->dst, r->dst_len);
		if (r->table == IFW_TABLE_LOCAL || r->ifscope || (!v4 && !v6))
			continue;
		if (!r->gateway.family) {
			if (first_bare == IFW_NOID)
				first_bare = c->f->routes.v[i];
			bare++;
			continue;
		}
		if (first == IFW_NOID)
			first = c->f->routes.v[i];
		n++;
	}
	if (first == IFW_NOID && bare >= 2) { /* networks bound to the tunnel itself */
		const struct ifw_route *r = &c->m->routes.v[first_bare];
		struct ifw_finding *fi = ifw_claim(
		    c, &split,
		    "a split-tunnel VPN or overlay: %zu route(s) to private networks are bound to "
		    "it (%s/%u, ...), the rest of the host's traffic goes elsewhere",
		    bare, ifw_ip_text(c, &r->dst), r->dst_len);
		ifw_fact(c, fi, IFW_FACT_ROUTE, first_bare);
		ifw_next_step(c, "`ps -axo pid,comm` (or `lsof -i`) shows which VPN program runs");
		return;
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
