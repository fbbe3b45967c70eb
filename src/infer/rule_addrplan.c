/* Address plans: the default ranges that container runtimes, hypervisors, mesh VPNs and OS
 * features hand out. An interface numbered from one is a hint of who made it; a default that
 * people also pick by hand (strength "weak") stays below a verdict by itself and only agrees
 * with stronger findings of the same category. */
#include "infer/index.h"
#include "infer/rules.h"

#include <net/if.h>
#include <string.h>

static const struct ifw_claim_def medium = {"addrplan.medium",      "addrplan",    IFW_ROLE_PURPOSE,
                                            IFW_CONF_POSSIBLE + 12, IFW_SPEC_NAME, NULL};
static const struct ifw_claim_def weak = {"addrplan.weak", "addrplan",    IFW_ROLE_PURPOSE,
                                          IFW_CONF_WEAK,   IFW_SPEC_NAME, NULL};

static const struct ifw_claim_def guest = {"addrplan.guest",      "addrplan",    IFW_ROLE_PURPOSE,
                                           IFW_CONF_POSSIBLE + 5, IFW_SPEC_NAME, "physical"};

/* The gateway's host number inside the plan's prefix: 1 for libvirt's 192.168.122.1 and
 * Podman's 10.88.0.1, 2 for VirtualBox NAT's 10.0.2.2; larger for any other address. */
static bool plan_gateway(const struct ifw_kb_addrplan *p, const struct ifw_ip *gw)
{
	if (gw->family != p->prefix.family)
		return false;
	size_t n = ifw_ip_len(gw->family);
	for (size_t i = 0; i + 1 < n; i++)
		if (gw->a[i] != p->prefix.a[i])
			return false;
	return gw->a[n - 1] - p->prefix.a[n - 1] >= 1 && gw->a[n - 1] - p->prefix.a[n - 1] <= 2;
}

/* The LANs the interface's default routes leave on: each gateway, and the widest route of the
 * interface that holds it ("10.100/24" for 10.100.0.1). Found once per interface: a paste's
 * route table may be long. */
#define UPLINKS_MAX 4
struct uplinks {
	struct ifw_ip gw[UPLINKS_MAX], net[UPLINKS_MAX];
	unsigned plen[UPLINKS_MAX]; /* 0: no route holds the gateway */
	size_t n;
};

static void find_uplinks(const struct ifw_rule_ctx *c, struct uplinks *u)
{
	const struct ifw_iface *f = c->f;
	u->n = 0;
	for (size_t i = 0; i < f->routes.n && u->n < UPLINKS_MAX; i++) {
		const struct ifw_route *r = &c->m->routes.v[f->routes.v[i]];
		if (!r->dst_len && r->gateway.family && r->table != IFW_TABLE_LOCAL) {
			u->gw[u->n] = r->gateway;
			u->plen[u->n++] = 0;
		}
	}
	for (size_t i = 0; i < f->routes.n && u->n; i++) {
		const struct ifw_route *l = &c->m->routes.v[f->routes.v[i]];
		if (!l->dst_len || l->table == IFW_TABLE_LOCAL)
			continue;
		for (size_t k = 0; k < u->n; k++)
			if (ifw_ip_in_prefix(&u->gw[k], &l->dst, l->dst_len) &&
			    (!u->plen[k] || l->dst_len < u->plen[k])) {
				u->net[k] = l->dst;
				u->plen[k] = l->dst_len;
			}
	}
}

/* prefix/plen is on one of those LANs: the host's way out there (a corporate 10.88.216.0/22, a
 * home 10.100.0.0/24), which a runtime's default range happens to hold: not that runtime's
 * network. */
static bool uplink_in(const struct uplinks *u, const struct ifw_ip *prefix, unsigned plen)
{
	for (size_t k = 0; k < u->n; k++) {
		if (ifw_ip_in_prefix(&u->gw[k], prefix, plen))
			return true;
		if (u->plen[k] && plen >= u->plen[k] &&
		    ifw_ip_in_prefix(prefix, &u->net[k], u->plen[k]))
			return true;
	}
	return false;
}

/* The host's default route leaves through this interface to a router inside a VM or container
 * network's default range, at the address that network gives its host side (libvirt's
 * 192.168.122.1): this host is one of that network's guests, and the interface its network
 * card, not the network's host side. */
static bool guest_side(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (f->ns >= c->m->netns.n || c->a->default_iface[f->ns] != c->id)
		return false;
	for (size_t i = 0; i < f->routes.n; i++) {
		const struct ifw_route *r = &c->m->routes.v[f->routes.v[i]];
		if (r->dst_len || !r->gateway.family || r->table == IFW_TABLE_LOCAL)
			continue;
		const struct ifw_kb_addrplan *p = ifw_kb_addrplan(c->kb, c->m->os, &r->gateway);
		if (!p || (p->category != IFW_KB_CAT_VM && p->category != IFW_KB_CAT_CONTAINER) ||
		    !plan_gateway(p, &r->gateway))
			continue;
		char gw[IFW_IP_STRLEN], net[IFW_IP_STRLEN];
		struct ifw_finding *fi = ifw_claim(
		    c, &guest,
		    "this host's network card in %s's network: the default route leads to %s, in "
		    "%s/%u, the range %s uses by default, so this host is one of its guests",
		    p->creator, ifw_ip_str(&r->gateway, gw), ifw_ip_str(&p->prefix, net), p->plen,
		    p->creator);
		ifw_fact(c, fi, IFW_FACT_ROUTE, f->routes.v[i]);
		ifw_fact_text(c, fi, p->source, "%s/%u: %s, %s (%s fingerprint)", net, p->plen,
		              p->creator, p->purpose, p->strength);
		return true;
	}
	return false;
}

static void run_addrplan(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (c->ia->kernel_owned && (f->bus_info || (f->flags & IFW_IFF_LOOPBACK)))
		return; /* a network card's address says where the host is, not who made the card */
	if (guest_side(c))
		return;
	struct uplinks up;
	find_uplinks(c, &up);
	/* The most telling plan among the addresses: a distinctive one over a common one. */
	const struct ifw_kb_addrplan *p = NULL;
	ifw_id addr = IFW_NOID;
	for (size_t i = 0; i < f->addrs.n; i++) {
		const struct ifw_kb_addrplan *q =
		    ifw_kb_addrplan(c->kb, c->m->os, &c->m->addrs.v[f->addrs.v[i]].ip);
		if (q && (!p || (strcmp(q->strength, "medium") == 0 &&
		                 strcmp(p->strength, "medium") != 0))) {
			p = q;
			addr = f->addrs.v[i];
		}
	}
	if (p && uplink_in(&up, &c->m->addrs.v[addr].ip, c->m->addrs.v[addr].plen))
		return; /* the LAN the host's default route leaves on */
	if (p) {
		const struct ifw_addr *a = &c->m->addrs.v[addr];
		struct ifw_claim_def d = strcmp(p->strength, "medium") == 0 ? medium : weak;
		d.category = ifw_kb_category_name(p->category);
		char ip[IFW_IP_STRLEN], net[IFW_IP_STRLEN];
		struct ifw_finding *fi = ifw_claim(
		    c, &d, "%s (its address %s is in %s/%u, the range %s uses by default)",
		    p->purpose, ifw_ip_str(&a->ip, ip), ifw_ip_str(&p->prefix, net), p->plen,
		    p->creator);
		ifw_fact(c, fi, IFW_FACT_ADDR, addr);
		ifw_fact_text(c, fi, p->source, "%s/%u: %s, %s (%s fingerprint)", net, p->plen,
		              p->creator, p->purpose, p->strength);
		return;
	}
	/* No address in a plan: a route into the interface may be (Tailscale's 100.64.0.0/10 or
	 * fd7a:115c:a1e0::/48 into a utun in a pasted `netstat -rn`); the most telling one, as for
	 * addresses (its quad-100 /32 over the CGNAT /10). */
	const struct ifw_kb_addrplan *rp = NULL;
	ifw_id route = IFW_NOID;
	for (size_t i = 0; i < f->routes.n; i++) {
		const struct ifw_route *r = &c->m->routes.v[f->routes.v[i]];
		if (r->table == IFW_TABLE_LOCAL || !r->dst_len)
			continue;
		const struct ifw_kb_addrplan *q = ifw_kb_addrplan(c->kb, c->m->os, &r->dst);
		/* another interface's own network, which this one only routes into (a VPN taking
		 * over bridge100's 192.168.64.0/24): the plan is that interface's */
		ifw_id holder =
		    q ? ifw_index_net_holder(c->a->idx, f->ns, &r->dst, r->dst_len) : IFW_NOID;
		if (holder != IFW_NOID && holder != c->id)
			continue;
		/* routes to it into several interfaces (a VPN's over bridge100's), or a card's
		 * route through a router: the prefix is not this interface's network */
		if (q && (ifw_index_route_shared(c->a->idx, f->ns, &r->dst, r->dst_len) ||
		          ifw_index_route_shared(c->a->idx, f->ns, &q->prefix, q->plen) ||
		          (!ifw_ip_is_any(&r->gateway) && f->mac_len == 6 &&
		           !(f->flags & 0x10 /* IFW_IFF_POINTOPOINT */))))
			continue;
		if (q && r->dst_len >= q->plen && !uplink_in(&up, &r->dst, r->dst_len) &&
		    (!rp ||
		     (strcmp(q->strength, "medium") == 0 && strcmp(rp->strength, "medium") != 0))) {
			rp = q;
			route = f->routes.v[i];
		}
	}
	if (!rp)
		return;
	const struct ifw_route *r = &c->m->routes.v[route];
	struct ifw_claim_def d = strcmp(rp->strength, "medium") == 0 ? medium : weak;
	d.category = ifw_kb_category_name(rp->category);
	d.confidence -= 5;
	char dst[IFW_IP_STRLEN], net[IFW_IP_STRLEN];
	struct ifw_finding *fi =
	    ifw_claim(c, &d, "%s (a route to %s/%u goes into it: the range %s uses by default)",
	              rp->purpose, ifw_ip_str(&r->dst, dst), r->dst_len, rp->creator);
	ifw_fact(c, fi, IFW_FACT_ROUTE, route);
	ifw_fact_text(c, fi, rp->source, "%s/%u: %s, %s (%s fingerprint)",
	              ifw_ip_str(&rp->prefix, net), rp->plen, rp->creator, rp->purpose,
	              rp->strength);
}

const struct ifw_rule_def ifw_rule_addrplan = {
    .name = "addrplan",
    .kinds = NULL,
    .phase = IFW_PHASE_FACTS,
    .run = run_addrplan,
    .about = "addresses from a creator's default range",
};
