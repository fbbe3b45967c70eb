/* The way out of a host whose saved output says little else of it. */
#include "infer/rules.h"

static const struct ifw_claim_def uplink = {"physical.uplink",     "physical",    IFW_ROLE_PURPOSE,
                                            IFW_CONF_POSSIBLE + 5, IFW_SPEC_KIND, "physical"};

static const struct ifw_claim_def routed = {"physical.routed", "physical",    IFW_ROLE_PURPOSE,
                                            IFW_CONF_POSSIBLE, IFW_SPEC_KIND, "physical"};

static const struct ifw_claim_def on_lan = {"physical.lan-address", "physical",    IFW_ROLE_PURPOSE,
                                            IFW_CONF_POSSIBLE,      IFW_SPEC_KIND, "physical"};

/* No routes shown at all (a pasted `ifconfig`): an Ethernet-like interface holding the host's
 * address on a private LAN, where nothing else is known of it, is most likely its card. */
static void lan_address(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (c->m->routes.n || !(f->flags & 0x2 /* IFW_IFF_BROADCAST */))
		return;
	for (size_t i = 0; i < f->addrs.n; i++) {
		const struct ifw_addr *a = &c->m->addrs.v[f->addrs.v[i]];
		if (!ifw_ip_is_private4(&a->ip) || a->plen < 8 || a->plen > 30)
			continue;
		struct ifw_finding *fi = ifw_claim(
		    c, &on_lan,
		    "it holds an address on a local network (%s/%u) and nothing says it is "
		    "virtual: "
		    "most likely a network card (a virtual machine's, if this host is one)",
		    ifw_ip_text(c, &a->ip), a->plen);
		ifw_fact(c, fi, IFW_FACT_ADDR, f->addrs.v[i]);
		return;
	}
}

/* Saved output that shows neither bus nor a maker's MAC: an interface a default route leaves
 * by through a gateway (even a masked one; macOS keeps one per interface, scoped to it), on an
 * Ethernet-like link, is a way out of the host: a network card (a virtual machine's, if the
 * host is one). Only where nothing else is known of it: a name that says otherwise, a
 * tunnel's point-to-point link or a kind (a bridge) decides first. */
static void run_uplink(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (c->ia->kernel_owned || f->ports.n || f->master != IFW_NOID || f->link != IFW_NOID ||
	    f->link_name || (f->flags & 0x8 /* IFW_IFF_LOOPBACK */) ||
	    (f->flags & 0x10 /* IFW_IFF_POINTOPOINT */))
		return;
	for (size_t i = 0; i < c->ia->findings.n; i++)
		if (c->ia->findings.v[i]->confidence >= IFW_CONF_POSSIBLE)
			return;
	const struct ifw_kb_ifname *n =
	    ifw_kb_ifname(c->kb, c->m->os, f->name, ifw_lookup_kind(c->m, f));
	if (!n || n->category != IFW_KB_CAT_PHYSICAL)
		return;
	ifw_id via = IFW_NOID;
	for (size_t i = 0; i < f->routes.n && via == IFW_NOID; i++) {
		const struct ifw_route *r = &c->m->routes.v[f->routes.v[i]];
		if (r->dst_len == 0 && (!ifw_ip_is_any(&r->gateway) || r->scope == 0))
			via = f->routes.v[i];
	}
	if (via == IFW_NOID) {
		/* no default route, but one through a router on it ("192.168.168.168 10.103.62.1
		 * UGHS en9"): a card on a routed network */
		for (size_t i = 0; i < f->routes.n; i++) {
			const struct ifw_route *r = &c->m->routes.v[f->routes.v[i]];
			if (r->dst_len == 0 || ifw_ip_is_any(&r->gateway) ||
			    ifw_ip_eq(&r->gateway, &r->dst))
				continue;
			struct ifw_finding *fi = ifw_claim(
			    c, &routed,
			    "it reaches %s through the router %s, as a network card on a routed "
			    "network does (a virtual machine's, if this host is one)",
			    ifw_ip_text(c, &r->dst), ifw_ip_text(c, &r->gateway));
			ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
			ifw_fact(c, fi, IFW_FACT_ROUTE, f->routes.v[i]);
			return;
		}
		lan_address(c);
		return;
	}
	struct ifw_finding *fi = ifw_claim(
	    c, &uplink,
	    "a way out of the host: a default route leaves by it through a gateway, as by a "
	    "network card (a virtual machine's, if this host is one)");
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact(c, fi, IFW_FACT_ROUTE, via);
}

const struct ifw_rule_def ifw_rule_uplink = {
    .name = "uplink",
    .kinds = IFW_KINDS(""),
    .phase = IFW_PHASE_COMBINE,
    .run = run_uplink,
    .about = "the default route's interface, when nothing else is known of it: a card",
};
