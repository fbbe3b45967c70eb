/* Unusual attributes, explained: an MTU some program is known to set, an MTU far from the
 * underlay's, a MAC address set by software or of a virtualization vendor. */
#include "infer/rules.h"

#include <stdio.h>
#include <string.h>

/* The interface that carries this namespace's default route, or IFW_NOID. */
static ifw_id default_route_iface(struct ifw_rule_ctx *c)
{
	ifw_id d = c->f->ns < c->m->netns.n ? c->a->default_iface[c->f->ns] : IFW_NOID;
	return d == c->id ? IFW_NOID : d;
}

static bool tunnel_kind(const struct ifw_iface *f)
{
	return !f->kind || strcmp(f->kind, "tun") == 0 || strcmp(f->kind, "wireguard") == 0;
}

static const struct ifw_claim_def mtu_chosen = {
    "attr.mtu-chosen", "creator", IFW_ROLE_NOTE, IFW_CONF_POSSIBLE + 20, IFW_SPEC_KIND, NULL};
static const struct ifw_claim_def mtu_above_underlay = {
    "attr.mtu-above-underlay", "mtu", IFW_ROLE_NOTE, IFW_CONF_LIKELY + 10, IFW_SPEC_KIND, NULL};

/* The category is the entry's, else its creator's (category_of). */
static const struct ifw_claim_def mtu_fingerprint = {"attr.mtu-fingerprint", "creator",
                                                     IFW_ROLE_CREATOR,       IFW_CONF_POSSIBLE + 10,
                                                     IFW_SPEC_KIND,          NULL};

static void mtu(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (!f->mtu || !tunnel_kind(f) || c->ia->kernel_owned)
		return;
	const struct ifw_kb_mtu *k = ifw_kb_mtu(c->kb, c->m->os, f->name, f->mtu);
	bool darwin = c->m->os && strcmp(c->m->os, "darwin") == 0;
	bool apple_tunnel = darwin && f->name &&
	                    (strncmp(f->name, "utun", 4) == 0 || strncmp(f->name, "ipsec", 5) == 0);
	if (k) {
		struct ifw_claim_def d = mtu_fingerprint;
		d.category = k->category ? ifw_kb_category_name(k->category)
		                         : ifw_creator_category(c, k->creator);
		/* A value only one program is known to choose is a fingerprint; a round one many
		 * choose (1280, 1400) is a hint. macOS gives new utun/ipsec devices 1500: another
		 * MTU there is the creator's. */
		int conf = apple_tunnel && !k->common ? IFW_CONF_LIKELY
		           : k->common                ? IFW_CONF_POSSIBLE + 5
		                                      : d.confidence;
		struct ifw_finding *fi = ifw_claim_at(
		    c, &d, conf,
		    k->common ? "perhaps made by %s, by its MTU %u: %s (other software chooses it "
		                "too)"
		              : "made by %s, by its MTU %u: %s",
		    k->creator, f->mtu, k->meaning);
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
		ifw_fact_text(c, fi, k->source, "MTU %u on %s: %s", k->mtu, k->pattern, k->meaning);
		if (apple_tunnel)
			ifw_fact_text(c, fi, NULL,
			              "macOS gives every new utun/ipsec device MTU 1500, so the "
			              "creating process chose %u",
			              f->mtu);
	} else if (apple_tunnel && f->mtu != 1500) {
		struct ifw_finding *fi = ifw_claim(
		    c, &mtu_chosen,
		    "MTU %u was chosen by the creating process (macOS gives every new utun/ipsec "
		    "device 1500)",
		    f->mtu);
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	}
	ifw_id under = default_route_iface(c);
	if (under == IFW_NOID)
		return;
	uint32_t umtu = c->m->ifaces.v[under].mtu;
	if (umtu && f->mtu > umtu) {
		struct ifw_finding *fi = ifw_claim(
		    c, &mtu_above_underlay,
		    "its MTU %u is above %s's %u, the interface its traffic leaves by: the "
		    "creator packs packets itself (or lets them be fragmented outside), so the "
		    "number describes the tunnel program, not the path",
		    f->mtu, ifw_iface_name(c->m, under), umtu);
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
		ifw_fact(c, fi, IFW_FACT_IFACE, under);
	}
}

static const struct ifw_claim_def mac_vendor = {"attr.mac-vendor", "mac",         IFW_ROLE_NOTE,
                                                IFW_CONF_LIKELY,   IFW_SPEC_KIND, NULL};
static const struct ifw_claim_def mac_local = {"attr.mac-local", "mac",         IFW_ROLE_NOTE,
                                               IFW_CONF_LIKELY,  IFW_SPEC_KIND, NULL};

static const struct ifw_claim_def engine_bridge = {
    "attr.docker-bridge-mac", "mac",         IFW_ROLE_PURPOSE,
    IFW_CONF_POSSIBLE + 15,   IFW_SPEC_KIND, "container"};

/* A bridge whose MAC a Docker engine chose (dockerd, or a Moby fork such as balena-engine): it
 * gives its bridges random MACs from the 02:42 block, as it does its containers. */
static void engine_bridge_mac(struct ifw_rule_ctx *c, const struct ifw_kb_oui *o)
{
	const struct ifw_iface *f = c->f;
	if (!o->nic || strcmp(o->nic, "docker-engine") != 0 || !f->kind ||
	    strcmp(f->kind, "bridge") != 0)
		return;
	struct ifw_finding *fi = ifw_claim(
	    c, &engine_bridge,
	    "a container network's bridge made by a Docker engine (dockerd, or a fork such as "
	    "balena-engine): its MAC is from the 02:42 block the engine gives its bridges");
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact_text(c, fi, o->source, "MAC prefix of %s", o->vendor);
}

static const struct ifw_claim_def lxc_bridge = {"attr.lxc-bridge-mac", "mac",
                                                IFW_ROLE_PURPOSE,      IFW_CONF_POSSIBLE + 20,
                                                IFW_SPEC_KIND,         "container"};

/* lxc-net sets its bridge's MAC to a fixed one (00:16:3e:00:00:00), and the scripts copied from
 * it (Waydroid's) to the next: a bridge, or an interface that is no port, with it is theirs.
 * The rest of Xen's block is containers' and guests' cards. */
static void lxc_bridge_mac(struct ifw_rule_ctx *c, const struct ifw_kb_oui *o)
{
	const struct ifw_iface *f = c->f;
	if (!o->nic || strcmp(o->nic, "lxc-bridge") != 0 || f->mac[5] > 0x0f ||
	    (f->kind && strcmp(f->kind, "bridge") != 0) || f->master != IFW_NOID)
		return;
	struct ifw_finding *fi = ifw_claim(
	    c, &lxc_bridge,
	    "a container network's bridge set up by LXC's lxc-net or a script copied from it "
	    "(Waydroid's waydroid-net.sh): its MAC %02x:%02x:%02x:%02x:%02x:%02x is the fixed one "
	    "those give their bridge",
	    f->mac[0], f->mac[1], f->mac[2], f->mac[3], f->mac[4], f->mac[5]);
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact_text(c, fi, o->source, "MAC prefix of %s", o->vendor);
}

static const struct ifw_claim_def vrrp = {"attr.vrrp-mac",        "mac",         IFW_ROLE_PURPOSE,
                                          IFW_CONF_POSSIBLE + 20, IFW_SPEC_KIND, "router"};

/* VRRP's virtual MAC (00:00:5e:00:01:VRID): the address a virtual router answers with, on the
 * interface keepalived or a router's VRRP made for it (a macvlan on VyOS). */
static void vrrp_mac(struct ifw_rule_ctx *c, const struct ifw_kb_oui *o)
{
	const struct ifw_iface *f = c->f;
	if (!o->nic || strcmp(o->nic, "vrrp") != 0)
		return;
	struct ifw_finding *fi = ifw_claim(
	    c, &vrrp,
	    "a VRRP virtual router's interface (virtual router %u): its MAC is the one VRRP gives "
	    "that router, made by the router's VRRP (keepalived, VyOS)",
	    f->mac[5]);
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact_text(c, fi, o->source, "MAC prefix of %s", o->vendor);
}

static void mac(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (f->mac_len != 6)
		return;
	const struct ifw_kb_oui *o = ifw_kb_oui(c->kb, f->mac, f->mac_len);
	if (o) {
		struct ifw_finding *fi =
		    ifw_claim(c, &mac_vendor, "its MAC address belongs to %s", o->vendor);
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
		ifw_fact_text(c, fi, o->source, "MAC prefix of %s", o->vendor);
		engine_bridge_mac(c, o);
		lxc_bridge_mac(c, o);
		vrrp_mac(c, o);
	} else if (!f->kind && (f->mac[0] & 0x02) && !(f->mac[0] & 0x01) && f->bus_info) {
		/* On a network card a locally administered MAC is software's choice: a random MAC
		 * for privacy, or one set by hand. Virtual devices have one by design. */
		struct ifw_finding *fi =
		    ifw_claim(c, &mac_local,
		              "its MAC address is locally administered: set by "
		              "software (randomized or assigned), not the card's own");
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	}
}

static const struct ifw_claim_def txqlen_fingerprint = {
    "attr.txqlen-fingerprint", "creator",     IFW_ROLE_CREATOR,
    IFW_CONF_POSSIBLE + 10,    IFW_SPEC_KIND, NULL};

/* A transmit queue length its creator sets where the kernel would give another (tun devices
 * start at 500; OpenVPN sets 100): like an MTU, a hint of who made it. */
static void txqlen(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (!f->txqlen || !tunnel_kind(f) || c->ia->kernel_owned)
		return;
	const struct ifw_kb_mtu *k = ifw_kb_txqlen(c->kb, c->m->os, f->name, f->txqlen);
	if (!k)
		return;
	struct ifw_claim_def d = txqlen_fingerprint;
	d.category =
	    k->category ? ifw_kb_category_name(k->category) : ifw_creator_category(c, k->creator);
	struct ifw_finding *fi =
	    ifw_claim(c, &d, "perhaps made by %s, by its transmit queue length %u: %s", k->creator,
	              f->txqlen, k->meaning);
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact_text(c, fi, k->source, "txqueuelen %u on %s: %s", k->txqlen, k->pattern,
	              k->meaning);
}

static void run_attributes(struct ifw_rule_ctx *c)
{
	mtu(c);
	txqlen(c);
	mac(c);
}

const struct ifw_rule_def ifw_rule_attributes = {
    .name = "attributes",
    .kinds = NULL,
    .phase = IFW_PHASE_FACTS,
    .run = run_attributes,
    .about = "MTU and MAC fingerprints",
};
