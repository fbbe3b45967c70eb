/* macOS says what serves an interface: `ifconfig -v` lists the network agents attached to it.
 * NetworkExtension's agent of type VPN is the system's own statement that the interface is a
 * VPN, with the name of the VPN configuration it belongs to ("VPN: Tailscale 3"); an agent in
 * one of Apple's reverse-DNS domains (com.apple.rapport) is an Apple service's channel. The
 * "effective interface" is where its traffic leaves: the tunnel's outer side. */
#include "infer/rules.h"

#include <string.h>

static const struct ifw_claim_def ne_vpn = {"agent.vpn",          "tunnel",        IFW_ROLE_PURPOSE,
                                            IFW_CONF_LIKELY + 15, IFW_SPEC_HOLDER, "vpn"};
static const struct ifw_claim_def ne_other = {"agent.extension", "tunnel",
                                              IFW_ROLE_PURPOSE,  IFW_CONF_POSSIBLE + 10,
                                              IFW_SPEC_HOLDER,   "virtual"};
static const struct ifw_claim_def apple = {"agent.apple",    "apple",
                                           IFW_ROLE_PURPOSE, IFW_CONF_POSSIBLE + 10,
                                           IFW_SPEC_HOLDER,  "apple-system"};
static const struct ifw_claim_def effective = {"agent.effective", "underlay",    IFW_ROLE_NOTE,
                                               IFW_CONF_LIKELY,   IFW_SPEC_KIND, NULL};

/* "VPN: Tailscale 3" -> "Tailscale 3". */
static const char *config_name(const char *desc)
{
	if (desc && strncmp(desc, "VPN: ", 5) == 0 && desc[5])
		return desc + 5;
	return desc;
}

static void run_agent(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	struct ifw_finding *fi = NULL;
	const char *via = f->effective_ifname ? ifw_rule_printf(c, "; its traffic leaves by %s",
	                                                        f->effective_ifname)
	                                      : "";
	if (!via)
		via = "";
	const char *type = f->agent_type ? f->agent_type : "?";
	if (f->agent_domain && strcmp(f->agent_domain, "NetworkExtension") == 0) {
		const char *name = config_name(f->agent_desc);
		if (strcmp(type, "VPN") == 0)
			fi = ifw_claim(c, &ne_vpn,
			               "a VPN tunnel of the VPN configuration \"%s\", as macOS's "
			               "NetworkExtension says%s",
			               name ? name : "(unnamed)", via);
		else
			fi = ifw_claim(c, &ne_other, "a Network Extension of type %s (\"%s\")%s",
			               type, name ? name : "unnamed", via);
		ifw_next_step(c, "`scutil --nc list` names the VPN configuration and its app");
	} else if (f->agent_domain && strncmp(f->agent_domain, "com.apple.", 10) == 0) {
		fi = ifw_claim(
		    c, &apple, "an Apple service's channel: %s (network agent %s, type %s)%s",
		    f->agent_desc ? f->agent_desc : "no description", f->agent_domain, type, via);
	} else if (f->effective_ifname) {
		fi = ifw_claim(c, &effective,
		               "its traffic leaves by %s (macOS: effective interface)",
		               f->effective_ifname);
	}
	if (!fi)
		return;
	if (f->agent_domain)
		ifw_fact_text(c, fi, "ifconfig -v", "agent domain:%s type:%s desc:\"%s\"",
		              f->agent_domain, type, f->agent_desc ? f->agent_desc : "");
	if (f->effective_ifname)
		ifw_fact_text(c, fi, "ifconfig -v", "effective interface: %s", f->effective_ifname);
}

const struct ifw_rule_def ifw_rule_agent = {
    .name = "agent",
    .kinds = NULL,
    .phase = IFW_PHASE_FACTS,
    .run = run_agent,
    .about = "macOS network agents (ifconfig -v): NetworkExtension VPNs, Apple services",
};
