/* An interface named after the software that made it ("cjdns0", "easytier"): programs name
 * their devices after themselves when nothing else decides (the knowledge's name patterns are
 * checked first). A hint only: any program may pick any name.
 * A bridge named after a card ("br-enp1s0", "br_eth0"): the bridge made over that card so that
 * VMs or containers share its LAN (the card's address and default route move onto it). */
#include "infer/rules.h"

#include <string.h>

static const struct ifw_claim_def named_after = {
    "names.software", "names", IFW_ROLE_CREATOR, IFW_CONF_POSSIBLE + 5, IFW_SPEC_KIND, NULL};

static const struct ifw_claim_def card_bridge = {"names.card-bridge", "names",
                                                 IFW_ROLE_PURPOSE,    IFW_CONF_POSSIBLE + 10,
                                                 IFW_SPEC_KIND,       "bridge"};

/* "br-" or "br_" and a name the knowledge files as a card's on this system. */
static bool bridge_of_card(struct ifw_rule_ctx *c, const char **card)
{
	const char *n = c->f->name;
	if (strncmp(n, "br-", 3) != 0 && strncmp(n, "br_", 3) != 0)
		return false;
	if (c->f->kind && strcmp(c->f->kind, "bridge") != 0)
		return false;
	const struct ifw_kb_ifname *k = ifw_kb_ifname(c->kb, c->m->os, n + 3, IFW_KB_KIND_UNKNOWN);
	if (!k || k->category != IFW_KB_CAT_PHYSICAL || strcmp(k->os, "any") == 0)
		return false;
	*card = n + 3;
	return true;
}

static void run_named_after(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (c->ia->kernel_owned || c->ia->holders.n)
		return;
	for (size_t i = 0; i < c->ia->findings.n; i++)
		if (c->ia->findings.v[i]->confidence >= IFW_CONF_POSSIBLE)
			return;
	const char *card;
	if (bridge_of_card(c, &card)) {
		struct ifw_finding *fi = ifw_claim(
		    c, &card_bridge,
		    "a bridge named after the card %s: one made over that card so that VMs or "
		    "containers share its LAN (by the network configuration, or a VM manager's "
		    "bridged network)",
		    card);
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
		return;
	}
	if (ifw_kb_ifname(c->kb, c->m->os, f->name, ifw_lookup_kind(c->m, f)))
		return;
	const struct ifw_kb_process *p = ifw_kb_process_named_after(c->kb, f->name);
	if (!p)
		return;
	struct ifw_claim_def d = named_after;
	d.category = ifw_creator_category(c, p->software);
	struct ifw_finding *fi =
	    ifw_claim(c, &d, "perhaps made by %s (%s): the interface bears its name", p->software,
	              p->description ? p->description : "its software");
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact_text(c, fi, p->source, "%s: %s", p->software,
	              p->description ? p->description : "");
}

const struct ifw_rule_def ifw_rule_named_after = {
    .name = "named_after",
    .kinds = NULL,
    .phase = IFW_PHASE_COMBINE,
    .run = run_named_after,
    .about = "an interface that bears a known program's name",
};
