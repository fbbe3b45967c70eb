/* Bridges: a switch in software. What it is for shows in where its ports lead. */
#include "infer/rules.h"

#include <stdio.h>
#include <string.h>

/* The container process behind a port (a veth into a container's namespace), or IFW_NOID. */
static ifw_id container_behind(const struct ifw_rule_ctx *c, ifw_id port)
{
	const struct ifw_iface_analysis *pa = &c->a->ifaces[port];
	for (size_t i = 0; i < pa->behind.n; i++)
		if (c->m->procs.v[pa->behind.v[i]].container_runtime)
			return pa->behind.v[i];
	return IFW_NOID;
}

/* One phrase for where a bridge port leads: "veth1 to namespace web", "tap0 from qemu",
 * "veth2 to podman container web (6b06fd4eb88b, image nginx), where sleep (pid 812)
 * runs",
 * "vnet0 to VM db (libvirt)". */
static const char *port_phrase(struct ifw_rule_ctx *c, ifw_id port)
{
	const struct ifw_iface *p = &c->m->ifaces.v[port];
	const struct ifw_iface_analysis *pa = &c->a->ifaces[port];
	ifw_id ct = container_behind(c, port);
	if (ct != IFW_NOID) {
		return ifw_rule_printf(c, "%s to %s, where %s runs", p->name,
		                       ifw_container_phrase(c, ct), ifw_proc_label(c, ct));
	}
	if (p->vm_name)
		return ifw_rule_printf(c, "%s to VM %s (%s)", p->name, p->vm_name,
		                       p->vm_manager ? p->vm_manager : "libvirt");
	if (p->kind && strcmp(p->kind, "veth") == 0 && p->link_ns != IFW_NOID &&
	    p->link_ns != p->ns)
		return ifw_rule_printf(c, "%s to namespace %s", p->name,
		                       ifw_ns_name(c->m, p->link_ns));
	if (pa->holders.n)
		return ifw_rule_printf(c, "%s from %s", p->name,
		                       ifw_proc_label(c, pa->holders.v[0].proc));
	return p->name;
}

/* The category of these two is the name's knowledge entry's. */
static const struct ifw_claim_def known = {"bridge.known",       "bridge",        IFW_ROLE_PURPOSE,
                                           IFW_CONF_LIKELY + 10, IFW_SPEC_HOLDER, NULL};
static const struct ifw_claim_def known_empty = {
    "bridge.known-empty", "bridge", IFW_ROLE_PURPOSE, IFW_CONF_LIKELY, IFW_SPEC_KIND, NULL};
/* Offline evidence that lists no bridge's ports says nothing about this one's. */
static const struct ifw_claim_def known_unlisted = {
    "bridge.known-unlisted", "bridge", IFW_ROLE_PURPOSE, IFW_CONF_LIKELY, IFW_SPEC_KIND, NULL};
static const struct ifw_claim_def unlisted = {
    "bridge.unlisted", "bridge", IFW_ROLE_PURPOSE, IFW_CONF_POSSIBLE + 10, IFW_SPEC_KIND, "bridge"};
static const struct ifw_claim_def containers_claim = {"bridge.containers", "bridge",
                                                      IFW_ROLE_PURPOSE,    IFW_CONF_LIKELY + 12,
                                                      IFW_SPEC_HOLDER,     "container"};
static const struct ifw_claim_def vms_claim = {
    "bridge.vms", "bridge", IFW_ROLE_PURPOSE, IFW_CONF_LIKELY + 10, IFW_SPEC_HOLDER, "vm"};
static const struct ifw_claim_def port_names_claim = {
    "bridge.port-names", "bridge", IFW_ROLE_PURPOSE, IFW_CONF_LIKELY, IFW_SPEC_KIND, NULL};
static const struct ifw_claim_def ports_claim = {
    "bridge.ports", "bridge", IFW_ROLE_PURPOSE, IFW_CONF_LIKELY + 10, IFW_SPEC_HOLDER, "bridge"};
static const struct ifw_claim_def empty_claim = {
    "bridge.empty", "bridge", IFW_ROLE_PURPOSE, IFW_CONF_POSSIBLE + 20, IFW_SPEC_KIND, "bridge"};

static void run_bridge(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (!f->kind || strcmp(f->kind, "bridge") != 0)
		return;
	char ports[512] = "";
	size_t len = 0;
	for (size_t i = 0; i < f->ports.n && i < 4; i++) {
		const char *ph = port_phrase(c, f->ports.v[i]);
		int w = snprintf(ports + len, sizeof(ports) - len, "%s%s", i ? ", " : "",
		                 ph ? ph : "?");
		if (w < 0 || (size_t)w >= sizeof(ports) - len)
			break;
		len += (size_t)w;
	}
	if (f->ports.n > 4 && len + 16 < sizeof(ports))
		snprintf(ports + len, sizeof(ports) - len, " and %zu more", f->ports.n - 4);
	const struct ifw_kb_ifname *k = ifw_kb_ifname(c->kb, c->m->os, f->name, f->kind);
	const char *runtime = NULL;
	for (size_t i = 0; i < f->ports.n && !runtime; i++) {
		ifw_id ct = container_behind(c, f->ports.v[i]);
		if (ct != IFW_NOID)
			runtime = c->m->procs.v[ct].container_runtime;
	}
	/* A port its VM manager names as a VM's: a VMs' switch. */
	const char *vmm = NULL;
	for (size_t i = 0; i < f->ports.n && !vmm; i++) {
		const struct ifw_iface *p = &c->m->ifaces.v[f->ports.v[i]];
		if (p->vm_name)
			vmm = p->vm_manager ? p->vm_manager : "libvirt";
	}
	/* Else a port whose name says whose link it is (jib's e0a_<jail>, a hypervisor's tap):
	 * the switch is that software's, unless it also joins a card to them, which makes it the
	 * host's bridge to its LAN (an administrator's br0), but for one named after that card
	 * (jib's <port>bridge). */
	const struct ifw_kb_ifname *pk = NULL;
	ifw_id named_port = IFW_NOID;
	bool card = false, after_card = false;
	for (size_t i = 0; i < f->ports.n && i < 64 && !runtime && !vmm; i++) {
		const struct ifw_iface *p = &c->m->ifaces.v[f->ports.v[i]];
		const struct ifw_kb_ifname *q =
		    ifw_kb_ifname(c->kb, c->m->os, p->name, ifw_lookup_kind(c->m, p));
		if (q && !pk &&
		    (q->category == IFW_KB_CAT_CONTAINER || q->category == IFW_KB_CAT_VM) &&
		    q->confidence && strcmp(q->confidence, "low") != 0) {
			pk = q;
			named_port = f->ports.v[i];
		} else if ((q && q->category == IFW_KB_CAT_PHYSICAL) ||
		           c->a->ifaces[f->ports.v[i]].kernel_owned) {
			card = true;
			after_card = after_card ||
			             (p->name && strncmp(f->name, p->name, strlen(p->name)) == 0);
		}
	}
	if (card && !after_card)
		pk = NULL;
	/* The network its runtime serves through it, when the runtime's state names it. */
	const char *net =
	    f->net_name ? ifw_rule_printf(c, "%s network %s: ", f->net_runtime, f->net_name) : "";
	if (!net)
		net = "";
	/* a bridge only a log names: no listing of it, so none of its ports either */
	bool ports_unknown = c->m->bridge_ports_unknown || !(f->flags || f->mtu || f->mac_len);
	/* the BSDs' ifconfig lists a bridge's members under it */
	const char *lister =
	    c->m->os && strcmp(c->m->os, "linux") != 0 ? "ifconfig" : "ip link show master";
	struct ifw_finding *fi;
	struct ifw_claim_def kd = f->ports.n ? known : ports_unknown ? known_unlisted : known_empty;
	kd.category = k ? ifw_kb_category_name(k->category) : NULL;
	if (runtime && !k)
		fi = ifw_claim(c, &containers_claim, "%s%s containers' bridge, joining %s", net,
		               runtime, ports);
	else if (vmm && !runtime && !k && f->net_name)
		fi = ifw_claim(c, &vms_claim, "%sthe virtual machines' switch, joining %s", net,
		               ports);
	else if (vmm && !runtime && !k)
		fi =
		    ifw_claim(c, &vms_claim, "%s virtual machines' switch, joining %s", vmm, ports);
	else if (pk && !k) {
		struct ifw_claim_def d = port_names_claim;
		d.category = ifw_kb_category_name(pk->category);
		fi = ifw_claim(c, &d, "%sthe switch of %s's links, joining %s (%s: %s)", net,
		               pk->creator ? pk->creator : "?", ports,
		               ifw_iface_name(c->m, named_port), pk->purpose);
		ifw_fact_text(c, fi, pk->source, "%s: %s", pk->pattern, pk->purpose);
	} else if (k && f->ports.n)
		fi = ifw_claim(c, &kd, "%s%s (name suggests %s), joining %s", net, k->purpose,
		               k->creator ? k->creator : "?", ports);
	else if (k && ports_unknown)
		fi = ifw_claim(c, &kd,
		               "%s%s (name suggests %s); its ports are not in the evidence "
		               "(`%s %s` lists them)",
		               net, k->purpose, k->creator ? k->creator : "?", lister, f->name);
	else if (k)
		fi = ifw_claim(c, &kd, "%s%s (name suggests %s), with no ports now", net,
		               k->purpose, k->creator ? k->creator : "?");
	else if (f->ports.n)
		fi = ifw_claim(c, &ports_claim, "%sa software switch joining %s", net, ports);
	else if (ports_unknown)
		fi = ifw_claim(c, &unlisted,
		               "%sa software switch; its ports are not in the evidence (`%s %s` "
		               "lists them)",
		               net, lister, f->name);
	else
		fi = ifw_claim(c, &empty_claim,
		               "%sa software switch with no ports: unused now (left behind, or "
		               "waiting for its first port)",
		               net);
	if (f->net_name)
		ifw_fact_text(c, fi, f->net_source, "%s network %s uses bridge %s", f->net_runtime,
		              f->net_name, f->name);
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	/* Each port once (the model lists a port under its one master), but a paste can claim
	 * 100 000 of them: no scan of the facts per port. The bridge itself is already there. */
	for (size_t i = 0; i < f->ports.n; i++)
		if (f->ports.v[i] != c->id)
			ifw_fact_new(c, fi, IFW_FACT_IFACE, f->ports.v[i]);
	if (k)
		ifw_fact_text(c, fi, k->source, "%s: %s", k->pattern, k->purpose);
}

const struct ifw_rule_def ifw_rule_bridge = {
    .name = "bridge",
    .kinds = IFW_KINDS("bridge"),
    .phase = IFW_PHASE_FACTS,
    .run = run_bridge,
    .about = "bridges: where their ports lead",
};
