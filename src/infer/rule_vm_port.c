/* A tap (or another virtual port) in a virtual machines' switch is a VM's network card. The
 * switch is known as one by its own facts (vm-bhyve's `vm-switch` group or `vm-` description,
 * libvirt's virbr, Proxmox's vmbr, vmnet's bridge100): its ports that are not cards are the
 * guests'. Read after every interface's facts, from the bridge's findings. A card in the
 * switch (its uplink) is not a guest's. */
#include "infer/rules.h"

#include <string.h>

static const struct ifw_claim_def vm_port = {
    "bridge.vm-port", "vm-port", IFW_ROLE_PURPOSE, IFW_CONF_POSSIBLE + 15, IFW_SPEC_KIND, "vm"};

/* Whether the port may be a guest's: a tap, or a name the knowledge does not file as a card. */
static bool guest_like(const struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (c->ia->kernel_owned || f->bus_info || (f->flags & IFW_IFF_LOOPBACK))
		return false;
	if (f->kind)
		return strcmp(f->kind, "tun") == 0;
	const struct ifw_kb_ifname *k =
	    ifw_kb_ifname(c->kb, c->m->os, f->name, ifw_lookup_kind(c->m, f));
	return k && (k->category == IFW_KB_CAT_VIRTUAL || k->category == IFW_KB_CAT_VM);
}

static void run_vm_port(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (f->master == IFW_NOID || f->master >= c->m->ifaces.n || !guest_like(c))
		return;
	/* the bridge's strongest finding that it is a VMs' switch (its best one may only say
	 * "a bridge, joining ...") */
	const struct ifw_iface_analysis *ma = &c->a->ifaces[f->master];
	const struct ifw_finding *sw = NULL;
	for (size_t i = 0; i < ma->findings.n; i++) {
		const struct ifw_finding *x = ma->findings.v[i];
		if (x->role == IFW_ROLE_PURPOSE && x->category && strcmp(x->category, "vm") == 0 &&
		    x->confidence >= IFW_CONF_POSSIBLE && (!sw || x->confidence > sw->confidence))
			sw = x;
	}
	if (!sw)
		return;
	struct ifw_finding *fi =
	    ifw_claim(c, &vm_port, "a virtual machine's network card: a port of %s, %s",
	              ifw_iface_name(c->m, f->master), sw->claim);
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact(c, fi, IFW_FACT_IFACE, f->master);
}

const struct ifw_rule_def ifw_rule_vm_port = {
    .name = "vm_port",
    .kinds = IFW_KINDS("tun", ""),
    .phase = IFW_PHASE_COMBINE,
    .run = run_vm_port,
    .about = "a tap in a virtual machines' switch: a guest's network card",
};
