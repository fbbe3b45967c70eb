/* Saved output rarely shows a card's bus or driver, but two of its facts tell a network card from
 * the virtual devices that carry the same names (a container's eth0 is one end of a veth pair):
 * - a MAC from the block a hypervisor gives its guests' network cards (data/knowledge/oui.json,
 *   "nic": "vm-guest"): the card of the virtual machine the output came from;
 * - a queueing discipline (`ip link` "qdisc fq_codel", "pfifo_fast", "mq"): veth, macvlan,
 *   ipvlan and bridges are created without a transmit queue ("qdisc noqueue"), cards and
 *   their virtual counterparts in VMs have one.
 * Either says "a network card" only where the name says so too (eth0, ens160, enp3s0), never for
 * a bridge or a tunnel. */
#include "infer/rules.h"

#include <string.h>

static const struct ifw_claim_def guest_nic = {"nic.vm-guest-mac", "physical",
                                               IFW_ROLE_PURPOSE,   IFW_CONF_POSSIBLE + 20,
                                               IFW_SPEC_KIND,      "physical"};
static const struct ifw_claim_def queued = {
    "nic.queue", "physical", IFW_ROLE_PURPOSE, IFW_CONF_POSSIBLE + 15, IFW_SPEC_KIND, "physical"};

static bool named_like_a_card(const struct ifw_rule_ctx *c)
{
	const struct ifw_kb_ifname *n =
	    ifw_kb_ifname(c->kb, c->m->os, c->f->name, ifw_lookup_kind(c->m, c->f));
	return n && n->category == IFW_KB_CAT_PHYSICAL;
}

static void by_guest_mac(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (f->mac_len != 6)
		return;
	const struct ifw_kb_oui *o = ifw_kb_oui(c->kb, f->mac, f->mac_len);
	if (!o || !o->nic || strcmp(o->nic, "vm-guest") != 0)
		return;
	struct ifw_finding *fi = ifw_claim(
	    c, &guest_nic,
	    "this virtual machine's network card (its MAC %02x:%02x:%02x:...%s is from "
	    "the block the hypervisor gives its guests' cards: %s)",
	    f->mac[0], f->mac[1], f->mac[2],
	    f->mac_from_link_local ? ", read from its IPv6 link-local address," : "", o->vendor);
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact_text(c, fi, o->source, "MAC prefix of %s", o->vendor);
}

static void by_queue(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (!f->qdisc || !f->qdisc[0] || strcmp(f->qdisc, "noqueue") == 0 ||
	    strcmp(f->qdisc, "noop") == 0 || f->arptype != IFW_ARPHRD_ETHER ||
	    f->master_ifindex > 0)
		return;
	struct ifw_finding *fi =
	    ifw_claim(c, &queued,
	              "a network card: it has a transmit queue (qdisc %s), which veth, macvlan and "
	              "bridge devices (a container's eth0 among them) are made without",
	              f->qdisc);
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
}

static void run_nic_hints(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (c->m->source == IFW_SRC_LIVE || f->kind || f->bus_info || c->ia->kernel_owned ||
	    (f->flags & (IFW_IFF_LOOPBACK | IFW_IFF_POINTOPOINT)) || !named_like_a_card(c))
		return;
	by_guest_mac(c);
	by_queue(c);
}

const struct ifw_rule_def ifw_rule_nic_hints = {
    .name = "nic_hints",
    .kinds = IFW_KINDS(""),
    .phase = IFW_PHASE_FACTS,
    .run = run_nic_hints,
    .about = "saved output: a network card by its MAC block or its transmit queue",
};
