/* What the routing says about a tunnel: when the host's default route, or its two halves
 * (0/1 and 128.0/1, which win over the default without replacing it, as OpenVPN's def1 and
 * wg-quick on macOS do), lead into it, it carries all of the host's traffic: a full-tunnel VPN.
 * A pasted `netstat -rn` often shows nothing else about a utun. */
#include "infer/rules.h"
#include "infer/tunnel.h"

#include <sys/socket.h>

static const struct ifw_claim_def full = {"routes.full-tunnel",   "routes",      IFW_ROLE_PURPOSE,
                                          IFW_CONF_POSSIBLE + 20, IFW_SPEC_KIND, "vpn"};

static const struct ifw_claim_def public = {"routes.public",        "routes",      IFW_ROLE_PURPOSE,
                                            IFW_CONF_POSSIBLE + 10, IFW_SPEC_KIND, "vpn"};

/* Whether prefix dst/len lies wholly inside a block of addresses that are not on the public
 * Internet: private, shared (CGNAT), loopback, link-local, multicast, reserved, and the IPv4
 * service-continuity and benchmarking blocks. The documentation blocks count as public: they
 * stand for public addresses in examples and tests. */
static bool inside4(const uint8_t *a, uint8_t len, uint32_t net, uint8_t plen)
{
	if (len < plen)
		return false;
	uint32_t x = (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3];
	uint32_t mask = plen ? 0xffffffffu << (32 - plen) : 0;
	return (x & mask) == net;
}

static bool public_prefix(const struct ifw_ip *dst, uint8_t len)
{
	if (dst->family == AF_INET) {
		static const struct {
			uint32_t net;
			uint8_t plen;
		} special[] = {
		    {0x00000000, 8},  {0x0a000000, 8},  {0x64400000, 10}, {0x7f000000, 8},
		    {0xa9fe0000, 16}, {0xac100000, 12}, {0xc0000000, 24}, {0xc0a80000, 16},
		    {0xc6120000, 15}, {0xe0000000, 4},  {0xf0000000, 4},
		};
		for (size_t i = 0; i < sizeof(special) / sizeof(special[0]); i++)
			if (inside4(dst->a, len, special[i].net, special[i].plen))
				return false;
		return true;
	}
	if (dst->family != AF_INET6)
		return false;
	/* Global unicast is 2000::/3: a prefix of 3 bits or more must start 001; a shorter one
	 * (::/1, ::/2) contains it. */
	return len < 3 ? (dst->a[0] & (0xff << (8 - len))) == 0 : (dst->a[0] >> 5) == 1;
}

/* Routes to public networks that lead into a tunnel: it carries some of the host's Internet
 * traffic, as a VPN's pushed routes, a split-tunnel exclude list turned into a ladder of
 * prefixes (Cloudflare WARP's) or one half of a full tunnel do. Apple's own utun devices carry
 * no such routes. Host routes are left out: the cloned ones follow traffic, not a setup. */
static void public_routes(struct ifw_rule_ctx *c)
{
	ifw_id first = IFW_NOID, narrow = IFW_NOID;
	size_t n = 0;
	for (size_t i = 0; i < c->f->routes.n; i++) {
		ifw_id rid = c->f->routes.v[i];
		const struct ifw_route *r = &c->m->routes.v[rid];
		unsigned bits = r->dst.family == AF_INET6 ? 128 : 32;
		if (r->table == IFW_TABLE_LOCAL || r->ifscope || !r->dst_len ||
		    r->dst_len >= bits || !public_prefix(&r->dst, r->dst_len))
			continue;
		if (first == IFW_NOID)
			first = rid;
		if (narrow == IFW_NOID || r->dst_len > c->m->routes.v[narrow].dst_len)
			narrow = rid;
		n++;
	}
	if (first == IFW_NOID)
		return;
	/* Whose network the VPN leads into, from its narrowest route: a database entry covers a
	 * block, so a wide route (1.0.0.0/8) would be credited to whoever owns its first block. */
	const struct ifw_route *nr = &c->m->routes.v[narrow];
	bool owned = nr->dst_len >= (nr->dst.family == AF_INET6 ? 32 : 16);
	const char *owner = owned ? ifw_ip_owner(c, &nr->dst) : NULL;
	const struct ifw_route *r = &c->m->routes.v[owner ? narrow : first];
	struct ifw_finding *fi = ifw_claim(
	    c, &public,
	    "a VPN that carries part of the host's Internet traffic: %zu route(s) to public "
	    "networks lead into it (%s/%u%s%s)",
	    n, ifw_ip_text(c, &r->dst), r->dst_len, owner ? ", in " : "", owner ? owner : "");
	ifw_fact(c, fi, IFW_FACT_ROUTE, owner ? narrow : first);
	ifw_next_step(c, "`ps -axo pid,comm` (or `lsof -i`) shows which VPN program runs");
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
	if (!ifw_other_network(c))
		return;
	if (!dflt && !split) {
		public_routes(c);
		return;
	}
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
    .about = "the host's traffic, or traffic to public networks, routed into a tunnel: a VPN",
};
