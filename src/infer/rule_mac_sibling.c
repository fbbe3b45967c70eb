/* Wi-Fi drivers make more than one interface of one radio (an access point next to a client, a
 * repeater's uplink, a P2P device), and give each extra one the card's MAC with the locally
 * administered bit set, often with one more byte changed: MediaTek's apcli0 beside ra0, mac80211's
 * AP and P2P interfaces, Apple's ap1 beside en0. An interface whose MAC is another's so derived
 * is a second face of that card, made by its driver, not a program's tunnel or a container's
 * link. A bridge carries its first port's MAC, so the card may show only through its bridge. */
#include "infer/index.h"
#include "infer/rules.h"

static const struct ifw_claim_def sibling = {"attr.mac-sibling", "physical",
                                             IFW_ROLE_PURPOSE,   IFW_CONF_POSSIBLE + 10,
                                             IFW_SPEC_KIND,      "physical"};

static void run_mac_sibling(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (f->mac_len != 6 || c->ia->kernel_owned || c->ia->holders.n)
		return;
	/* a name that says a program or a runtime made it (a tap, a veth, a VPN's) is no
	 * driver's: its MAC is whatever was set (a pasted one, chosen to match the card's) */
	const struct ifw_kb_ifname *k =
	    ifw_kb_ifname(c->kb, c->m->os, f->name, ifw_lookup_kind(c->m, f));
	if (k && (k->category == IFW_KB_CAT_VIRTUAL || k->category == IFW_KB_CAT_CONTAINER ||
	          k->category == IFW_KB_CAT_VM || k->category == IFW_KB_CAT_VPN ||
	          k->category == IFW_KB_CAT_MESH_VPN || k->category == IFW_KB_CAT_OVERLAY))
		return;
	ifw_id card = ifw_index_mac_sibling(c->a->idx, f->ns, f->mac);
	if (card == IFW_NOID || card == c->id)
		return;
	const struct ifw_iface *o = &c->m->ifaces.v[card];
	struct ifw_finding *fi = ifw_claim(
	    c, &sibling,
	    "another interface of the network card whose MAC %s carries: its MAC is %s's with the "
	    "locally administered bit set, as drivers derive the MACs of the extra AP, client and "
	    "P2P interfaces they make",
	    o->name, o->name);
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact(c, fi, IFW_FACT_IFACE, card);
}

const struct ifw_rule_def ifw_rule_mac_sibling = {
    .name = "mac_sibling",
    .kinds = IFW_KINDS(""),
    .phase = IFW_PHASE_FACTS,
    .run = run_mac_sibling,
    .about = "a MAC derived from a card's: another interface its driver made",
};
