/* A tap (or another virtual port) in a virtual machines' switch is a VM's network card. The
 * switch is known as one by its own facts (vm-bhyve's `vm-switch` group or `vm-` description,
 * libvirt's virbr, Proxmox's vmbr, vmnet's bridge100): its ports that are not cards are the
 * guests'. Likewise a veth in a containers' switch (docker0, lxdbr0, cni0) is a container's
 * link. Read after every interface's facts, from the bridge's findings. A card in the switch
 * (its uplink) is not a guest's. */
#include "infer/rules.h"

#include <string.h>
#include <sys/socket.h>

static const struct ifw_claim_def vm_port = {
    "bridge.vm-port", "vm-port", IFW_ROLE_PURPOSE, IFW_CONF_POSSIBLE + 15, IFW_SPEC_KIND, "vm"};
static const struct ifw_claim_def container_port = {"bridge.container-port", "container-port",
                                                    IFW_ROLE_PURPOSE,        IFW_CONF_POSSIBLE + 15,
                                                    IFW_SPEC_KIND,           "container"};

enum guest_like { NOT_GUEST, GUEST, UNNAMED };

/* Whether the port may be a guest's: a tap (a veth for containers), or a name the knowledge
 * files as virtual, not as a card (GUEST); a port nothing is known of but its name, which the
 * knowledge does not file, and no maker's MAC (UNNAMED: `brctl show` lists only names, and a
 * VM manager's taps have its own names, gns3tap0-0). */
static enum guest_like guest_like(const struct ifw_rule_ctx *c, bool containers)
{
	const struct ifw_iface *f = c->f;
	if (c->ia->kernel_owned || f->bus_info || (f->flags & IFW_IFF_LOOPBACK))
		return NOT_GUEST;
	/* an address of the host's own on it: the host's leg on the switch (a vether, a tap
	 * the host talks through), not a guest's card */
	for (size_t i = 0; i < f->addrs.n; i++) {
		const struct ifw_addr *a = &c->m->addrs.v[f->addrs.v[i]];
		if (a->ip.family == AF_INET || (a->ip.family == AF_INET6 && a->scope == 0))
			return NOT_GUEST;
	}
	if (f->kind)
		return strcmp(f->kind, containers ? "veth" : "tun") == 0 ? GUEST : NOT_GUEST;
	const struct ifw_kb_ifname *k =
	    ifw_kb_ifname(c->kb, c->m->os, f->name, ifw_lookup_kind(c->m, f));
	if (k)
		return k->category == IFW_KB_CAT_VIRTUAL ||
		               k->category == (containers ? IFW_KB_CAT_CONTAINER : IFW_KB_CAT_VM)
		           ? GUEST
		           : NOT_GUEST;
	bool maker_mac = f->mac_len == 6 && !(f->mac[0] & 0x02);
	return !maker_mac && f->arptype <= 1 && !f->addrs.n ? UNNAMED : NOT_GUEST;
}

static const struct ifw_claim_def named = {"bridge.vm-named",   "vm-port",       IFW_ROLE_PURPOSE,
                                           IFW_CONF_LIKELY + 5, IFW_SPEC_HOLDER, "vm"};

static void run_vm_port(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	/* Its VM manager names the VM, or only says a VM has it (offline: vm-bhyve's switch
	 * info and log; a held tun is tun.c's). A guest's card is an Ethernet port: a
	 * point-to-point tun, a loopback or the kernel's own is none, whatever a pasted line says
	 */
	if ((f->vm_name || f->vm_manager) && !c->ia->holders.n && !c->ia->kernel_owned &&
	    !(f->flags & (IFW_IFF_POINTOPOINT | IFW_IFF_LOOPBACK))) {
		struct ifw_finding *fi = ifw_claim(
		    c, &named, "the network card of %s%s, as %s says%s%s",
		    f->vm_name ? "VM " : "a virtual machine", f->vm_name ? f->vm_name : "",
		    f->vm_manager ? f->vm_manager : "libvirt",
		    f->master != IFW_NOID && f->master < c->m->ifaces.n ? ": a port of " : "",
		    f->master != IFW_NOID && f->master < c->m->ifaces.n
		        ? ifw_iface_name(c->m, f->master)
		        : "");
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
		return;
	}
	if (f->master == IFW_NOID || f->master >= c->m->ifaces.n)
		return;
	/* the bridge's strongest finding that it is a VMs' or containers' switch (its best one
	 * may only say "a bridge, joining ...") */
	const struct ifw_iface_analysis *ma = &c->a->ifaces[f->master];
	const struct ifw_finding *sw = NULL;
	for (size_t i = 0; i < ma->findings.n; i++) {
		const struct ifw_finding *x = ma->findings.v[i];
		if (x->role == IFW_ROLE_PURPOSE && x->category &&
		    (strcmp(x->category, "vm") == 0 || strcmp(x->category, "container") == 0) &&
		    x->confidence >= IFW_CONF_POSSIBLE && (!sw || x->confidence > sw->confidence))
			sw = x;
	}
	bool containers = sw && strcmp(sw->category, "container") == 0;
	enum guest_like g = sw ? guest_like(c, containers) : NOT_GUEST;
	if (g == NOT_GUEST)
		return;
	/* what the switch is, without the list of its ports this one is in */
	const char *joining = strstr(sw->claim, ", joining ");
	int what = joining ? (int)(joining - sw->claim) : (int)strlen(sw->claim);
	struct ifw_claim_def d = containers ? container_port : vm_port;
	if (g == UNNAMED)
		d.confidence = IFW_CONF_POSSIBLE + 5;
	const char *perhaps = g == UNNAMED ? "perhaps " : "";
	struct ifw_finding *fi =
	    containers ? ifw_claim(c, &d, "%sa container's link: a port of %s, %.*s", perhaps,
	                           ifw_iface_name(c->m, f->master), what, sw->claim)
	               : ifw_claim(c, &d, "%sa virtual machine's network card: a port of %s, %.*s",
	                           perhaps, ifw_iface_name(c->m, f->master), what, sw->claim);
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact(c, fi, IFW_FACT_IFACE, f->master);
}

const struct ifw_rule_def ifw_rule_vm_port = {
    .name = "vm_port",
    .kinds = IFW_KINDS("tun", "veth", ""),
    .phase = IFW_PHASE_COMBINE,
    .run = run_vm_port,
    .about = "a tap in a VMs' switch, a veth in a containers': a guest's link",
};
