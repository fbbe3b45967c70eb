/* Open vSwitch's interfaces: a bridge's own (local) port and the internal ports made with it
 * are "openvswitch" devices that ovs-vswitchd creates in the kernel's OVS datapath (the device
 * "ovs-system" stands for that datapath: its knowledge entry says so). What they are for is
 * the switch's: the ports joined to it show where it leads. */
#include "infer/rules.h"

#include <stdio.h>
#include <string.h>

static const struct ifw_claim_def ovs_claim = {"ovs.bridge",        "ovs",         IFW_ROLE_PURPOSE,
                                               IFW_CONF_LIKELY + 5, IFW_SPEC_KIND, "bridge"};

static void run_ovs(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (!f->kind || strcmp(f->kind, "openvswitch") != 0 || !f->name ||
	    strcmp(f->name, "ovs-system") == 0)
		return;
	char ports[256] = "";
	size_t len = 0;
	for (size_t i = 0; i < f->ports.n && i < 4; i++) {
		int w = snprintf(ports + len, sizeof(ports) - len, "%s%s", i ? ", " : "",
		                 ifw_iface_name(c->m, f->ports.v[i]));
		if (w < 0 || (size_t)w >= sizeof(ports) - len)
			break;
		len += (size_t)w;
	}
	if (f->ports.n > 4 && len + 16 < sizeof(ports))
		snprintf(ports + len, sizeof(ports) - len, " and %zu more", f->ports.n - 4);
	/* live, in a namespace a user's own user namespace owns (`unshare -Urn`): the kernel lets
	 * that user make OVS datapaths there with no ovs-vswitchd (GENL_UNS_ADMIN_PERM) */
	const struct ifw_netns *n = f->ns != IFW_NOID ? &c->m->netns.v[f->ns] : NULL;
	struct ifw_finding *fi;
	if (n && n->owner_known && n->user_owned)
		fi =
		    ifw_claim_at(c, &ovs_claim, IFW_CONF_POSSIBLE,
		                 "an Open vSwitch device in a namespace user %u owns: made by that "
		                 "user's program, or by ovs-vswitchd and moved there%s%s",
		                 (unsigned)n->owner_uid, f->ports.n ? ", joining " : "", ports);
	else
		fi = ifw_claim(
		    c, &ovs_claim,
		    "an Open vSwitch device (a bridge's own port or an internal port), made "
		    "by ovs-vswitchd (`ovs-vsctl add-br` or `add-port ... type=internal`)%s%s",
		    f->ports.n ? ", joining " : "", ports);
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	for (size_t i = 0; i < f->ports.n; i++)
		ifw_fact_new(c, fi, IFW_FACT_IFACE, f->ports.v[i]);
}

const struct ifw_rule_def ifw_rule_ovs = {
    .name = "ovs",
    .kinds = IFW_KINDS("openvswitch"),
    .phase = IFW_PHASE_FACTS,
    .run = run_ovs,
    .about = "Open vSwitch's bridges and internal ports",
};
