/* macOS's enN are every kind of port (Wi-Fi, Ethernet, Thunderbolt, USB, the T2's internal link),
 * and saved ifconfig output names none of them. What it does show tells three apart:
 * - a Thunderbolt port (IP over Thunderbolt): "media: autoselect <full-duplex>" with no speed, a
 *   locally administered MAC, and PROMISC as a member of the Thunderbolt Bridge (bridge0), which
 *   configd makes of them (docs/EVIDENCE.md cites the sources);
 * - an Apple silicon Mac's hidden Ethernet interface of the USB-C port complex: its MAC is in the
 *   block of the anpiN interfaces' MACs (they are made together, numbered consecutively);
 * - the T2 chip's internal USB Ethernet link, by its MAC (data/knowledge/oui.json, "nic":
 *   "t2-internal"), the same on every T2 Mac;
 * - an Ethernet port: media with a negotiated speed ("autoselect (1000baseT <full-duplex>)"),
 *   which only a hardware link reports (Wi-Fi, Thunderbolt, feth, vmnet ports show none);
 * - a virtual machine's port on the bridge vmnet.framework makes (bridge100 and up): macOS
 *   before 11 named those enN (now vmenetN); a locally administered MAC and no Thunderbolt media
 *   tell it from a card that Internet Sharing put in the same bridge. */
#include "infer/index.h"
#include "infer/rules.h"

#include <string.h>

static const struct ifw_claim_def thunderbolt = {
    "darwin.thunderbolt-port", "physical",    IFW_ROLE_PURPOSE,
    IFW_CONF_POSSIBLE + 25,    IFW_SPEC_KIND, "physical"};
static const struct ifw_claim_def port_complex = {"darwin.anpi-sibling", "physical",
                                                  IFW_ROLE_PURPOSE,      IFW_CONF_POSSIBLE + 20,
                                                  IFW_SPEC_KIND,         "physical"};
static const struct ifw_claim_def t2_link = {"darwin.t2-link",     "apple-system", IFW_ROLE_PURPOSE,
                                             IFW_CONF_LIKELY + 10, IFW_SPEC_KIND,  "apple-system"};

static bool en_name(const char *name)
{
	return name && name[0] == 'e' && name[1] == 'n' && name[2] >= '0' && name[2] <= '9';
}

static void thunderbolt_port(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (!f->media || strcmp(f->media, "autoselect <full-duplex>") != 0 ||
	    strcmp(f->name, "en0") == 0)
		return;
	const struct ifw_iface *br = f->master != IFW_NOID ? &c->m->ifaces.v[f->master] : NULL;
	/* a masked MAC ("ether xxx") hides the local bit: membership of a bridge must then say it
	 */
	bool local = f->mac_len == 6 && (f->mac[0] & 0x02);
	if ((!local && (f->mac_len || !br)) || (!br && !(f->flags & IFW_IFF_PROMISC)))
		return;
	struct ifw_finding *fi = ifw_claim_at(
	    c, &thunderbolt, br ? thunderbolt.confidence + 5 : thunderbolt.confidence,
	    "a Thunderbolt port (IP over Thunderbolt): media with no speed, %s, and %s%s, as the "
	    "Thunderbolt Bridge's ports are",
	    local ? "a locally administered MAC" : "its MAC masked",
	    br ? "a member of " : "PROMISC", br ? ifw_iface_name(c->m, f->master) : "");
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	if (br)
		ifw_fact(c, fi, IFW_FACT_IFACE, f->master);
	ifw_next_step(c, "`networksetup -listallhardwareports` names the port of %s",
	              ifw_iface_name(c->m, c->id));
}

static void anpi_sibling(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (f->mac_len != 6)
		return;
	ifw_id i = ifw_index_anpi_block(c->a->idx, f->ns, f->mac); /* not a scan per enN */
	if (i == IFW_NOID)
		return;
	struct ifw_finding *fi = ifw_claim(
	    c, &port_complex,
	    "an Ethernet interface of the Apple silicon USB-C port complex (its MAC is in the "
	    "block of %s's, made with it; macOS hides it from the Network settings)",
	    c->m->ifaces.v[i].name);
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact(c, fi, IFW_FACT_IFACE, i);
}

static void t2_internal(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	const struct ifw_kb_oui *o = f->mac_len == 6 ? ifw_kb_oui(c->kb, f->mac, 6) : NULL;
	if (!o || !o->nic || strcmp(o->nic, "t2-internal") != 0)
		return;
	struct ifw_finding *fi = ifw_claim(
	    c, &t2_link,
	    "the internal USB Ethernet link to the T2 chip (iBridge: Touch Bar, Touch ID), by its "
	    "MAC: %s",
	    o->vendor);
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact_text(c, fi, o->source, "MAC of %s", o->vendor);
}

static const struct ifw_claim_def vmnet_port = {
    "darwin.vmnet-port", "vm", IFW_ROLE_PURPOSE, IFW_CONF_POSSIBLE + 20, IFW_SPEC_KIND, "vm"};

static void vm_port(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (f->master == IFW_NOID || f->mac_len != 6 || !(f->mac[0] & 0x02) ||
	    (f->media && strcmp(f->media, "autoselect <full-duplex>") == 0))
		return;
	const char *br = ifw_iface_name(c->m, f->master);
	const struct ifw_kb_ifname *k = ifw_kb_ifname(c->kb, c->m->os, br, IFW_KB_KIND_UNKNOWN);
	if (!k || k->category != IFW_KB_CAT_VM)
		return;
	struct ifw_finding *fi = ifw_claim(
	    c, &vmnet_port,
	    "a virtual machine's port on %s, the bridge %s makes (a locally administered MAC; "
	    "macOS before 11 named these enN, now vmenetN)",
	    br, k->creator ? k->creator : "vmnet.framework");
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact(c, fi, IFW_FACT_IFACE, f->master);
}

static const struct ifw_claim_def wired = {"darwin.ethernet-speed", "physical",    IFW_ROLE_PURPOSE,
                                           IFW_CONF_POSSIBLE + 15,  IFW_SPEC_KIND, "physical"};

static void ethernet_speed(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	const char *p = f->media ? strchr(f->media, '(') : NULL;
	const char *b = p ? strstr(p, "base") : NULL;
	if (!b || b == p + 1 || b[-1] < '0' || b[-1] > '9')
		return;
	size_t n = strcspn(p + 1, " )<");
	struct ifw_finding *fi = ifw_claim(
	    c, &wired,
	    "an Ethernet port: its link negotiated %.*s, which only hardware reports (Wi-Fi, "
	    "Thunderbolt and virtual ports show no speed)",
	    (int)n, p + 1);
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
}

static const struct ifw_claim_def wifi = {"darwin.wifi-media",    "physical",    IFW_ROLE_PURPOSE,
                                          IFW_CONF_POSSIBLE + 15, IFW_SPEC_KIND, "physical"};

/* The Wi-Fi card: an active enN whose media is plain "autoselect". An active Ethernet port shows
 * the speed it negotiated, a Thunderbolt or iPhone port "autoselect <full-duplex>"; the other
 * plain-autoselect enN are virtual machines' ports, which sit in a bridge (PROMISC) with a
 * locally administered MAC (vm_port). */
static void wifi_media(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (!f->media || strcmp(f->media, "autoselect") != 0 || f->operstate != 6 /* up */ ||
	    (f->flags & IFW_IFF_PROMISC) || f->master != IFW_NOID ||
	    (f->mac_len == 6 && (f->mac[0] & 0x02)))
		return;
	struct ifw_finding *fi = ifw_claim(
	    c, &wifi,
	    "the Wi-Fi card, most likely: an active port whose media is plain \"autoselect\" (an "
	    "active Ethernet port shows its speed, Thunderbolt and iPhone ports "
	    "\"<full-duplex>\")");
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact_text(c, fi, "https://github.com/adrienverge/openfortivpn/issues/470",
	              "a MacBook's Wi-Fi en0: \"media: autoselect\", \"status: active\"");
	ifw_next_step(c, "`networksetup -listallhardwareports` names the port of %s",
	              ifw_iface_name(c->m, c->id));
}

static void run_darwin_ports(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (!c->m->os || strcmp(c->m->os, "darwin") != 0 || !en_name(f->name) ||
	    c->m->source == IFW_SRC_LIVE || (f->kind && strcmp(f->kind, "bridge") == 0))
		return;
	t2_internal(c);
	thunderbolt_port(c);
	anpi_sibling(c);
	vm_port(c);
	ethernet_speed(c);
	wifi_media(c);
}

const struct ifw_rule_def ifw_rule_darwin_ports = {
    .name = "darwin_ports",
    .kinds = IFW_KINDS(""),
    .phase = IFW_PHASE_FACTS,
    .run = run_darwin_ports,
    .about = "macOS enN: Thunderbolt ports, the port complex's hidden interfaces, the T2 link",
};
