/* What the routing says about a tunnel: when the host's default route, or its two halves
 * (0/1 and 128.0/1, which win over the default without replacing it, as OpenVPN's def1 and
 * wg-quick on macOS do), lead into it, it carries all of the host's traffic: a full-tunnel VPN.
 * A pasted `netstat -rn` often shows nothing else about a utun. */
#include "infer/rules.h"
#include "infer/tunnel.h"

#include <sys/socket.h>

static const struct ifw_claim_def full = {"routes.full-tunnel",   "routes",      IFW_ROLE_PURPOSE,
                                          IFW_CONF_POSSIBLE + 20, IFW_SPEC_KIND, "vpn"};

/* A VPN carries the host's traffic over another network: an addressed interface besides this
 * one and loopback. The only network of a namespace (slirp4netns's tap0 in a rootless
 * container) carries its traffic because there is nothing else, not as a VPN. */
static bool other_network(const struct ifw_rule_ctx *c)
{
	for (size_t i = 0; i < c->m->ifaces.n; i++) {
		const struct ifw_iface *o = &c->m->ifaces.v[i];
		if (i != c->id && o->ns == c->f->ns && !(o->flags & 0x8 /* IFW_IFF_LOOPBACK */) &&
		    (o->addrs.n || o->routes.n))
			return true;
	}
	return false;
}

static void run_routes(struct ifw_rule_ctx *c)
{
	if (c->ia->kernel_owned || !ifw_tunnel_like(c))
		return;
	bool dflt = false, low4 = false, high4 = false, low6 = false, high6 = false;
	ifw_id shown[3] = {IFW_NOID, IFW_NOID, IFW_NOID};
	size_t n = 0;
	for (size_t i = 0; i < c->f->routes.n; i++) {
		ifw_id rid = c->f->routes.v[i];
		const struct ifw_route *r = &c->m->routes.v[rid];
		if (r->table == IFW_TABLE_LOCAL || r->ifscope)
			continue;
		bool v4 = r->dst.family == AF_INET || r->family == AF_INET;
		bool hit = true;
		if (r->dst_len == 0)
			dflt = true;
		else if (r->dst_len == 1 && !(r->dst.a[0] & 0x80))
			*(v4 ? &low4 : &low6) = true;
		else if (r->dst_len == 1)
			*(v4 ? &high4 : &high6) = true;
		else
			hit = false;
		if (hit && n < 3)
			shown[n++] = rid;
	}
	bool split = (low4 && high4) || (low6 && high6);
	if ((!dflt && !split) || !other_network(c))
		return;
	struct ifw_finding *fi = ifw_claim(
	    c, &full, "a full-tunnel VPN: the host's traffic is routed into it (%s)",
	    split ? "the two halves of the address space, which win over the default route"
	          : "the default route");
	for (size_t i = 0; i < n; i++)
		ifw_fact(c, fi, IFW_FACT_ROUTE, shown[i]);
}

const struct ifw_rule_def ifw_rule_routes = {
    .name = "routes",
    .kinds = IFW_KINDS("tun", "", "wireguard"),
    .phase = IFW_PHASE_FACTS,
    .run = run_routes,
    .about = "the host's traffic routed into a tunnel: a full-tunnel VPN",
};
