/* Network cards: a device with a bus address and a driver and no virtual kind. */
#include "infer/index.h"
#include "infer/rules.h"

#include <string.h>

static bool virtual_nic_driver(const char *drv)
{
	static const char *const v[] = {"virtio_net", "vmxnet3", "hv_netvsc", "xen_netfront",
	                                "ena",        "gve",     "vif"};
	for (size_t i = 0; drv && i < sizeof(v) / sizeof(v[0]); i++)
		if (strcmp(drv, v[i]) == 0)
			return true;
	return false;
}

static const struct ifw_claim_def vendor_mac = {"physical.vendor-mac", "physical",
                                                IFW_ROLE_PURPOSE,      IFW_CONF_POSSIBLE + 20,
                                                IFW_SPEC_KIND,         "physical"};

/* Saved output shows no bus or driver, but it often shows the MAC: one that a manufacturer
 * assigned (not locally administered, not a virtualization vendor's) belongs to a card. Virtual
 * devices (bridges, veths, tuns) get random, locally administered ones. Only where the name
 * does not say otherwise: a Mac's bridge0 carries a Thunderbolt port's address. */
static void by_mac(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	/* a master of other interfaces (a bridge or bond) carries one of its ports' MACs */
	if (f->mac_len != 6 || (f->mac[0] & 0x03) || c->ia->kernel_owned || f->ports.n ||
	    (f->flags & 0x8 /* IFW_IFF_LOOPBACK */) || (f->flags & 0x10 /* IFW_IFF_POINTOPOINT */))
		return;
	static const uint8_t zero[6];
	if (memcmp(f->mac, zero, 6) == 0 || ifw_kb_oui(c->kb, f->mac, 6))
		return;
	const struct ifw_kb_ifname *n =
	    ifw_kb_ifname(c->kb, c->m->os, f->name, ifw_lookup_kind(c->m, f));
	if (n && n->category != IFW_KB_CAT_PHYSICAL)
		return;
	/* a port's MAC on an interface that is no port: the switch's face (rule_port_mac), or a
	 * device stacked on the port (a VLAN) */
	ifw_id port = f->master == IFW_NOID && !f->master_ifindex
	                  ? ifw_index_port_with_mac(c->a->idx, f->ns, f->mac)
	                  : IFW_NOID;
	if ((port != IFW_NOID && port != c->id) || f->link != IFW_NOID || f->link_name)
		return;
	struct ifw_finding *fi =
	    ifw_claim(c, &vendor_mac,
	              "a network card (its MAC address %02x:%02x:%02x:... was assigned by a "
	              "manufacturer)",
	              f->mac[0], f->mac[1], f->mac[2]);
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
}

static const struct ifw_claim_def vm_nic = {"physical.vm-nic", "physical",      IFW_ROLE_PURPOSE,
                                            IFW_CONF_CERTAIN,  IFW_SPEC_HOLDER, "physical"};
static const struct ifw_claim_def nic_claim = {"physical.nic",   "physical",      IFW_ROLE_PURPOSE,
                                               IFW_CONF_CERTAIN, IFW_SPEC_HOLDER, "physical"};

static void run_physical(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (!f->kind && c->m->source != IFW_SRC_LIVE && !f->bus_info) {
		by_mac(c);
		return;
	}
	if (f->kind || !f->bus_info || !f->bus_info[0] || c->ia->kernel_owned)
		return;
	/* saved output may give a driver and bus (a kernel line) and no link type */
	if (f->arptype && f->arptype != IFW_ARPHRD_ETHER && f->arptype != IFW_ARPHRD_IEEE80211 &&
	    f->arptype != IFW_ARPHRD_INFINIBAND && f->arptype != IFW_ARPHRD_NONE &&
	    f->arptype != IFW_ARPHRD_RAWIP)
		return;
	const struct ifw_kb_oui *oui = ifw_kb_oui(c->kb, f->perm_mac_len ? f->perm_mac : f->mac,
	                                          f->perm_mac_len ? f->perm_mac_len : f->mac_len);
	const char *bus = f->bus ? f->bus : "bus";
	struct ifw_finding *fi;
	if (virtual_nic_driver(f->driver))
		fi = ifw_claim(
		    c, &vm_nic, "this virtual machine's network card (%s driver, %s %s%s%s)",
		    f->driver, bus, f->bus_info, oui ? ", " : "", oui ? oui->vendor : "");
	else /* saved output's bus may be a log line's, from before a rename: likely, not certain */
		fi = ifw_claim_at(c, &nic_claim,
		                  c->m->source == IFW_SRC_LIVE ? nic_claim.confidence
		                                               : IFW_CONF_LIKELY + 10,
		                  "a network card (%s driver, %s %s)",
		                  f->driver ? f->driver : "unknown", bus, f->bus_info);
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	c->ia->kernel_owned = true;
}

const struct ifw_rule_def ifw_rule_physical = {
    .name = "physical",
    .kinds = IFW_KINDS(""),
    .phase = IFW_PHASE_FACTS,
    .run = run_physical,
    .about = "network cards: a bus address and a driver",
};
