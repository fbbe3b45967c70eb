/* Network cards: a device with a bus address and a driver and no virtual kind. */
#include "infer/rules.h"

#include <net/if_arp.h>
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

static void run_physical(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (f->kind || !f->bus_info || !f->bus_info[0] || c->ia->kernel_owned)
		return;
	if (f->arptype != ARPHRD_ETHER && f->arptype != ARPHRD_IEEE80211 &&
	    f->arptype != ARPHRD_INFINIBAND && f->arptype != ARPHRD_NONE &&
	    f->arptype != ARPHRD_RAWIP)
		return;
	const struct ifw_kb_oui *oui = ifw_kb_oui(c->kb, f->perm_mac_len ? f->perm_mac : f->mac,
	                                          f->perm_mac_len ? f->perm_mac_len : f->mac_len);
	const char *bus = f->bus ? f->bus : "bus";
	struct ifw_finding *fi;
	if (virtual_nic_driver(f->driver))
		fi = ifw_find(c, "physical.vm-nic", "physical", IFW_ROLE_PURPOSE, 90, 3, "physical",
		              "this virtual machine's network card (%s driver, %s %s%s%s)",
		              f->driver, bus, f->bus_info, oui ? ", " : "", oui ? oui->vendor : "");
	else
		fi = ifw_find(c, "physical.nic", "physical", IFW_ROLE_PURPOSE, 90, 3, "physical",
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
