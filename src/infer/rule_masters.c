/* Saved `ip link`/`ip addr` without -d shows no kinds, but it shows "master br1" on the ports:
 * an interface others name as their master is a bridge, a bond or a VRF. Ports that are veths or
 * taps (a container's or a VM's link) make it a bridge: nothing bonds those. */
#include "infer/rules.h"
#include "util/shell_word.h"

#include <string.h>

static const struct ifw_claim_def switch_of_links = {
    "masters.bridge", "bridge", IFW_ROLE_PURPOSE, IFW_CONF_LIKELY + 5, IFW_SPEC_KIND, "bridge"};
static const struct ifw_claim_def master_of_cards = {
    "masters.bridge-or-bond", "bridge",      IFW_ROLE_PURPOSE,
    IFW_CONF_POSSIBLE + 10,   IFW_SPEC_KIND, "bridge"};

static const struct ifw_claim_def switch_for = {
    "masters.bridge-for", "bridge", IFW_ROLE_PURPOSE, IFW_CONF_LIKELY, IFW_SPEC_KIND, NULL};

static bool virtual_link(const struct ifw_iface *p)
{
	if (p->kind)
		return strcmp(p->kind, "veth") == 0 || strcmp(p->kind, "tun") == 0;
	return ifw_iface_link_elsewhere(p) ||
	       (p->name && (strncmp(p->name, "veth", 4) == 0 || strncmp(p->name, "vnet", 4) == 0 ||
	                    strncmp(p->name, "tap", 3) == 0));
}

/* A port the name knowledge files as a VM's or a container's (not "low"), where no port is a
 * card (a host's br0 joining its card to VMs is the administrator's bridge to the LAN), but
 * for a card the bridge is named after (KubeVirt's k6t-eth0 for the pod's eth0). */
static ifw_id named_port(struct ifw_rule_ctx *c, const struct ifw_kb_ifname **out)
{
	const struct ifw_iface *f = c->f;
	ifw_id named = IFW_NOID;
	for (size_t i = 0; i < f->ports.n && i < 64; i++) {
		const struct ifw_iface *p = &c->m->ifaces.v[f->ports.v[i]];
		/* a port only a log's line joins says nothing of whose switch it is: anyone logs
		 * 'br1: port 2(vnet7) entered forwarding state' under the tag kernel */
		if (p->master_logged)
			continue;
		const struct ifw_kb_ifname *q =
		    ifw_kb_ifname(c->kb, c->m->os, p->name, ifw_lookup_kind(c->m, p));
		if (q && (q->category == IFW_KB_CAT_VM || q->category == IFW_KB_CAT_CONTAINER) &&
		    q->confidence && strcmp(q->confidence, "low") != 0) {
			if (named == IFW_NOID) {
				named = f->ports.v[i];
				*out = q;
			}
		} else if (!ifw_iface_link_elsewhere(p) && !virtual_link(p) &&
		           !(p->name && strstr(f->name, p->name))) {
			return IFW_NOID;
		}
	}
	return named;
}

static void run_masters(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (c->m->source == IFW_SRC_LIVE || f->kind || !f->ports.n)
		return;
	const struct ifw_kb_ifname *n =
	    ifw_kb_ifname(c->kb, c->m->os, f->name, ifw_lookup_kind(c->m, f));
	if (n && n->category != IFW_KB_CAT_BRIDGE)
		return; /* the name says what it is (bond0, team0, a VRF) */
	/* an interface a listing shows is no switch by a log's ports alone: a container printing
	 * 'lan1: port 2(tap0) entered forwarding state' made root's lan1 "a software switch" */
	bool listed_port = false;
	for (size_t i = 0; i < f->ports.n && !listed_port; i++)
		listed_port = !c->m->ifaces.v[f->ports.v[i]].master_logged;
	if (!listed_port && (f->mtu || f->flags || f->mac_len))
		return;
	const struct ifw_kb_ifname *pk = NULL;
	ifw_id named = named_port(c, &pk);
	if (named != IFW_NOID) {
		struct ifw_claim_def d = switch_for;
		d.category = ifw_kb_category_name(pk->category);
		struct ifw_finding *fi = ifw_claim(
		    c, &d,
		    "a software switch (bridge) for %s's links: %zu interface(s) name it as their "
		    "master, %s among them (%s)",
		    pk->creator ? pk->creator : "?", f->ports.n, ifw_iface_name(c->m, named),
		    pk->purpose);
		ifw_fact(c, fi, IFW_FACT_IFACE, named);
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
		ifw_fact_text(c, fi, pk->source, "%s: %s", pk->pattern, pk->purpose);
		return;
	}
	ifw_id link = IFW_NOID, card = IFW_NOID;
	for (size_t i = 0; i < f->ports.n; i++) {
		const struct ifw_iface *p = &c->m->ifaces.v[f->ports.v[i]];
		if (virtual_link(p) && link == IFW_NOID)
			link = f->ports.v[i];
		else if (!virtual_link(p) && card == IFW_NOID)
			card = f->ports.v[i];
	}
	struct ifw_finding *fi;
	if (link != IFW_NOID) {
		fi = ifw_claim(
		    c, &switch_of_links,
		    "a software switch (bridge): %zu interface(s) name it as their master, "
		    "%s among them",
		    f->ports.n, ifw_iface_name(c->m, link));
		ifw_fact(c, fi, IFW_FACT_IFACE, link);
	} else {
		fi = ifw_claim(c, &master_of_cards, "a bridge or a bond: %s names it as its master",
		               ifw_iface_name(c->m, card));
		ifw_fact(c, fi, IFW_FACT_IFACE, card);
		char word[80];
		if (ifw_shell_word(f->name, word, sizeof(word)))
			ifw_next_step(c, "`ip -d link show %s` says bridge or bond", word);
	}
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
}

const struct ifw_rule_def ifw_rule_masters = {
    .name = "masters",
    .kinds = IFW_KINDS(""),
    .phase = IFW_PHASE_FACTS,
    .run = run_masters,
    .about = "saved output without kinds: an interface others name as master is a bridge or bond",
};
