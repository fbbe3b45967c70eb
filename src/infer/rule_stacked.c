/* Devices stacked on another: VLANs, macvlan/ipvlan, bonds and teams; and the plain kinds that
 * hold addresses (dummy) or shape traffic (ifb). */
#include "infer/rules.h"

#include "model/names.h"

#include <string.h>

static const char *parent(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (f->link != IFW_NOID)
		return ifw_iface_name(c->m, f->link);
	if (f->link_name)
		return f->link_name;
	return f->link_ifindex ? ifw_rule_printf(c, "ifindex %d", f->link_ifindex) : "?";
}

static const struct ifw_claim_def macvlan_ns = {"stacked.macvlan-ns", "stacked",
                                                IFW_ROLE_PURPOSE,     IFW_CONF_CERTAIN,
                                                IFW_SPEC_HOLDER,      "container"};
static const struct ifw_claim_def macvlan_claim = {"stacked.macvlan", "stacked",
                                                   IFW_ROLE_PURPOSE,  IFW_CONF_LIKELY + 18,
                                                   IFW_SPEC_HOLDER,   "virtual"};

static void macvlan(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	bool ipvlan = strncmp(f->kind, "ipvlan", 6) == 0 || strncmp(f->kind, "ipvtap", 6) == 0;
	const char *mode = ipvlan ? (f->info.ipvlan_mode == 0   ? "l2"
	                             : f->info.ipvlan_mode == 1 ? "l3"
	                                                        : "l3s")
	                          : ifw_name_macvlan_mode(f->info.macvlan_mode);
	struct ifw_finding *fi;
	if (f->link_ns != IFW_NOID && f->link_ns != f->ns)
		fi = ifw_claim(
		    c, &macvlan_ns,
		    "%s (%s mode) giving namespace %s its own address on %s's network (%s "
		    "is in namespace %s)",
		    f->kind, mode, ifw_ns_name(c->m, f->ns), parent(c), parent(c),
		    ifw_ns_name(c->m, f->link_ns));
	else
		fi = ifw_claim(c, &macvlan_claim,
		               "%s (%s mode) on %s: a second address on the same network", f->kind,
		               mode, parent(c));
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact(c, fi, IFW_FACT_IFACE, f->link);
}

static const struct ifw_claim_def vlan_claim = {
    "stacked.vlan", "stacked", IFW_ROLE_PURPOSE, IFW_CONF_CERTAIN + 2, IFW_SPEC_HOLDER, "virtual"};
static const struct ifw_claim_def vlan_unread = {
    "stacked.vlan-unread", "stacked", IFW_ROLE_PURPOSE, IFW_CONF_LIKELY, IFW_SPEC_KIND, "virtual"};
static const struct ifw_claim_def vlan_named = {"stacked.vlan-named", "stacked",
                                                IFW_ROLE_PURPOSE,     IFW_CONF_LIKELY + 5,
                                                IFW_SPEC_KIND,        "virtual"};
static const struct ifw_claim_def bond_unread = {
    "stacked.bond-unread", "stacked", IFW_ROLE_PURPOSE, IFW_CONF_LIKELY, IFW_SPEC_KIND, "virtual"};
static const struct ifw_claim_def bond_claim = {"stacked.bond",   "stacked",       IFW_ROLE_PURPOSE,
                                                IFW_CONF_CERTAIN, IFW_SPEC_HOLDER, "virtual"};
static const struct ifw_claim_def dummy_claim = {"stacked.dummy", "stacked",     IFW_ROLE_PURPOSE,
                                                 IFW_CONF_LIKELY, IFW_SPEC_KIND, "virtual"};
static const struct ifw_claim_def ifb_claim = {
    "stacked.ifb", "stacked", IFW_ROLE_PURPOSE, IFW_CONF_LIKELY + 10, IFW_SPEC_KIND, "virtual"};
static const struct ifw_claim_def nlmon_claim = {"stacked.nlmon",  "stacked",     IFW_ROLE_PURPOSE,
                                                 IFW_CONF_CERTAIN, IFW_SPEC_KIND, "capture"};

static void run_stacked(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (!f->kind)
		return;
	struct ifw_finding *fi = NULL;
	if (strcmp(f->kind, "vlan") == 0 && !f->info.vlan_id && f->link == IFW_NOID &&
	    !f->link_ifindex) {
		/* offline, from a tool that names the kind only (nmcli, networkctl) */
		fi = ifw_claim(
		    c, &vlan_unread,
		    "a VLAN device; its id and parent are not in the evidence (`ip -d link "
		    "show %s` shows them)",
		    f->name);
	} else if (strcmp(f->kind, "vlan") == 0 && !f->info.vlan_proto &&
	           c->m->source != IFW_SRC_LIVE) {
		/* the kind read from the name and the parent's MAC (evidence/finish.c), not shown
		 */
		fi = ifw_claim(c, &vlan_named,
		               "VLAN %u on %s (by its name, the parent's and the id, as vconfig, "
		               "ifupdown and NetworkManager name VLANs, and its parent's MAC)",
		               f->info.vlan_id, parent(c));
		ifw_fact(c, fi, IFW_FACT_IFACE, f->link);
	} else if (strcmp(f->kind, "vlan") == 0) {
		fi = ifw_claim(c, &vlan_claim, "VLAN %u (802.1%s) on %s", f->info.vlan_id,
		               f->info.vlan_proto == 0x88a8 ? "ad" : "Q", parent(c));
		ifw_fact(c, fi, IFW_FACT_IFACE, f->link);
	} else if (strncmp(f->kind, "macv", 4) == 0 || strncmp(f->kind, "ipv", 3) == 0) {
		macvlan(c);
		return;
	} else if ((strcmp(f->kind, "bond") == 0 || strcmp(f->kind, "team") == 0) && !f->ports.n &&
	           c->m->bridge_ports_unknown) {
		fi = ifw_claim(
		    c, &bond_unread,
		    "%s: link aggregation or failover; its ports are not in the evidence", f->kind);
	} else if (strcmp(f->kind, "bond") == 0 || strcmp(f->kind, "team") == 0) {
		fi = ifw_claim(
		    c, &bond_claim, "%s of %zu port%s (%s): link aggregation or failover", f->kind,
		    f->ports.n, f->ports.n == 1 ? "" : "s",
		    strcmp(f->kind, "bond") == 0 ? ifw_name_bond_mode(f->info.bond_mode) : "teamd");
		for (size_t i = 0; i < f->ports.n; i++)
			ifw_fact(c, fi, IFW_FACT_IFACE, f->ports.v[i]);
	} else if (strcmp(f->kind, "dummy") == 0) {
		fi = ifw_claim(
		    c, &dummy_claim,
		    "a dummy device: it holds addresses and routes, and sends nothing "
		    "(made by an administrator or a program: `ip link add ... type dummy`)");
	} else if (strcmp(f->kind, "ifb") == 0 && !c->ia->kernel_owned) {
		fi =
		    ifw_claim(c, &ifb_claim,
		              "an Intermediate Functional Block for shaping incoming traffic (tc)");
	} else if (strcmp(f->kind, "nlmon") == 0) {
		fi = ifw_claim(c, &nlmon_claim,
		               "a netlink monitor for capturing netlink messages with tcpdump");
	} else {
		return;
	}
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
}

const struct ifw_rule_def ifw_rule_stacked = {
    .name = "stacked",
    .kinds = IFW_KINDS("vlan", "macvlan", "macvtap", "ipvlan", "ipvtap", "bond", "team", "dummy",
                       "ifb", "nlmon"),
    .phase = IFW_PHASE_FACTS,
    .run = run_stacked,
    .about = "devices stacked on another, and plain virtual kinds",
};
