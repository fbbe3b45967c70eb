/* Who sits behind a virtual link: the hardware addresses of its neighbours (a pasted `arp -a`,
 * `ip neigh`, `bridge fdb`). A veth, tap or bridge whose far hosts carry a hypervisor's guest
 * MACs (52:54:00 QEMU/KVM, 08:00:27 VirtualBox) leads to virtual machines; Docker's 02:42 block,
 * to containers. A network card's LAN (or a guest's own card, its host behind it) may show
 * such hosts too: only links that are virtual by kind or by name are read. */
#include "infer/rules.h"

#include <stdio.h>
#include <string.h>

static const struct ifw_claim_def behind = {"neigh.behind",         "neigh",       IFW_ROLE_PURPOSE,
                                            IFW_CONF_POSSIBLE + 10, IFW_SPEC_NAME, NULL};

static bool virtual_link(const struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (f->kind)
		return strcmp(f->kind, "veth") == 0 || strcmp(f->kind, "bridge") == 0 ||
		       strcmp(f->kind, "tap") == 0 || strcmp(f->kind, "tun") == 0;
	const struct ifw_kb_ifname *k =
	    ifw_kb_ifname(c->kb, c->m->os, f->name, ifw_lookup_kind(c->m, f));
	return k && (k->category == IFW_KB_CAT_CONTAINER || k->category == IFW_KB_CAT_VM ||
	             k->category == IFW_KB_CAT_VIRTUAL || k->category == IFW_KB_CAT_BRIDGE);
}

static void run_neigh(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (!f->n_neigh_mac || !f->name || c->ia->kernel_owned || !virtual_link(c))
		return;
	size_t vm = 0, docker = 0;
	const struct ifw_kb_oui *first_vm = NULL, *first_docker = NULL;
	size_t at_vm = 0, at_docker = 0;
	for (size_t i = 0; i < f->n_neigh_mac; i++) {
		const struct ifw_kb_oui *o = ifw_kb_oui(c->kb, f->neigh_mac[i], 6);
		if (!o || !o->nic)
			continue;
		if (strcmp(o->nic, "vm-guest") == 0 && vm++ == 0) {
			first_vm = o;
			at_vm = i;
		} else if (strcmp(o->nic, "docker-engine") == 0 && docker++ == 0) {
			first_docker = o;
			at_docker = i;
		}
	}
	/* most of the hosts behind it, not one among many */
	bool is_vm = vm * 2 > f->n_neigh_mac, is_docker = docker * 2 > f->n_neigh_mac;
	if (!is_vm && !is_docker)
		return;
	const struct ifw_kb_oui *o = is_vm ? first_vm : first_docker;
	const uint8_t *mac = f->neigh_mac[is_vm ? at_vm : at_docker];
	char mtext[24];
	snprintf(mtext, sizeof(mtext), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
	         mac[3], mac[4], mac[5]);
	struct ifw_claim_def d = behind;
	d.category = is_vm ? "vm" : "container";
	size_t n = is_vm ? vm : docker;
	struct ifw_finding *fi =
	    ifw_claim(c, &d, "%s's link: %zu of the %zu host(s) seen behind it carry a %s MAC (%s)",
	              is_vm ? "a virtual machine" : "a container", n, (size_t)f->n_neigh_mac,
	              o->vendor, mtext);
	ifw_fact_text(c, fi, o->source, "%s: %s", mtext, o->vendor);
}

const struct ifw_rule_def ifw_rule_neigh = {
    .name = "neigh",
    .kinds = NULL,
    .phase = IFW_PHASE_FACTS,
    .run = run_neigh,
    .about = "the hosts behind a virtual link, by their MACs' vendors",
};
