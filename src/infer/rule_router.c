/* A NAT router's interfaces carry other hosts' traffic, masqueraded: on each of them that is
 * worth a note with the facts behind it. That the namespace routes at all is said once, in its
 * header (infer/namespaces.c), not on every interface. */
#include "infer/rules.h"

#include <string.h>
static const struct ifw_claim_def nat_claim = {"router.nat",         "router",        IFW_ROLE_NOTE,
                                               IFW_CONF_LIKELY + 15, IFW_SPEC_HOLDER, "router"};

static void run_router(struct ifw_rule_ctx *c)
{
	const struct ifw_netns *ns = &c->m->netns.v[c->f->ns];
	if (c->ia->kernel_owned || (ns->ip_forward != 1 && ns->ip6_forward != 1))
		return;
	if (c->a->addressed_links[c->f->ns] < 2 || !c->f->addrs.n)
		return;
	bool nat = ns->nat_masq || ns->nat_snat;
	if (!nat)
		return;
	struct ifw_finding *fi = ifw_claim(
	    c, &nat_claim, "traffic this namespace routes%s (a %srouter: forwarding on%s)",
	    nat ? " and masquerades" : "", nat ? "NAT " : "",
	    nat ? ifw_rule_printf(c, ", %u nftables NAT rule%s", ns->nat_masq + ns->nat_snat,
	                          ns->nat_masq + ns->nat_snat == 1 ? "" : "s")
	        : "");
	ifw_fact(c, fi, IFW_FACT_NETNS, c->f->ns);
	ifw_fact_text(c, fi, NULL, "net.ipv4.ip_forward = %d, net.ipv6.conf.all.forwarding = %d",
	              ns->ip_forward, ns->ip6_forward);
	if (ns->nft_rules)
		ifw_fact_text(c, fi, NULL, "nftables: %u rules, %u masquerade, %u snat, %u dnat",
		              ns->nft_rules, ns->nat_masq, ns->nat_snat, ns->nat_dnat);
}

const struct ifw_rule_def ifw_rule_router = {
    .name = "router",
    .kinds = NULL,
    .phase = IFW_PHASE_FACTS,
    .run = run_router,
    .about = "forwarding and NAT of the interface's namespace",
};
