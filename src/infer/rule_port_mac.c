/* A switch takes the MAC of one of its ports: a Linux bridge or a bond shows it on itself (and
 * is known by its ports), but Open vSwitch shows it on the bridge's internal interface, which
 * names no port: its ports name "ovs-system", the datapath. So an interface that is no port and
 * carries the MAC of another interface's port is that switch's own face, not a second card
 * with the same address. Devices stacked on a port (a VLAN) share its MAC too: they name it as
 * their link and are left out. */
#include "infer/index.h"
#include "infer/rules.h"

#include <string.h>

static const struct ifw_claim_def ovs_bridge = {"port-mac.ovs",  "bridge",      IFW_ROLE_PURPOSE,
                                                IFW_CONF_LIKELY, IFW_SPEC_KIND, "bridge"};
static const struct ifw_claim_def switch_face = {
    "port-mac.switch", "bridge", IFW_ROLE_PURPOSE, IFW_CONF_POSSIBLE + 15, IFW_SPEC_KIND, "bridge"};

static bool is_ovs_port(const struct ifw_iface *port, const struct ifw_iface *master)
{
	return (port->slave_kind && strcmp(port->slave_kind, "openvswitch") == 0) ||
	       (master->kind && strcmp(master->kind, "openvswitch") == 0) ||
	       (master->name && strcmp(master->name, "ovs-system") == 0);
}

static void run_port_mac(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (f->mac_len != 6 || f->master != IFW_NOID || f->master_ifindex || f->ports.n ||
	    f->link != IFW_NOID || f->link_ifindex || f->link_name || c->ia->kernel_owned ||
	    (f->kind && strcmp(f->kind, "openvswitch") != 0))
		return;
	static const uint8_t zero[6];
	if (memcmp(f->mac, zero, 6) == 0)
		return;
	/* a switch's face is an Ethernet device: a point-to-point or ARP-less link (a tun, a
	 * WireGuard) with a port's MAC got it from text that is no listing of its own */
	if ((f->flags & (IFW_IFF_POINTOPOINT | IFW_IFF_NOARP | IFW_IFF_LOOPBACK)) ||
	    (f->arptype && f->arptype != IFW_ARPHRD_ETHER))
		return;
	ifw_id port = ifw_index_port_with_mac(c->a->idx, f->ns, f->mac);
	if (port == IFW_NOID || port == c->id)
		return;
	const struct ifw_iface *p = &c->m->ifaces.v[port];
	const struct ifw_iface *sw = &c->m->ifaces.v[p->master];
	struct ifw_finding *fi;
	if (is_ovs_port(p, sw))
		fi = ifw_claim(
		    c, &ovs_bridge,
		    "an Open vSwitch bridge's own interface (made by ovs-vswitchd, `ovs-vsctl "
		    "add-br`): it carries the MAC of %s, a port of Open vSwitch (%s), as "
		    "OVS gives a bridge one of its ports' MACs",
		    p->name, sw->name);
	else
		fi = ifw_claim(
		    c, &switch_face,
		    "a switch's own interface: it carries the MAC of %s, a port of %s, as "
		    "a bridge takes one of its ports' MACs",
		    p->name, sw->name);
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact(c, fi, IFW_FACT_IFACE, port);
	ifw_fact(c, fi, IFW_FACT_IFACE, p->master);
}

const struct ifw_rule_def ifw_rule_port_mac = {
    .name = "port_mac",
    .kinds = IFW_KINDS("", "openvswitch"),
    .phase = IFW_PHASE_FACTS,
    .run = run_port_mac,
    .about = "no port, yet a port's MAC: the switch's own interface (Open vSwitch's bridge)",
};
