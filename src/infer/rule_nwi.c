/* macOS's own network state says which interface belongs to a VPN service: `scutil --nwi` lists a
 * "VPN server" only for it (configd takes it from the service's ServerAddress, which VPN services
 * set: NetworkExtension VPNs, IKEv2/IPsec, PPP). The system's word, so "likely"; the program is
 * not named there (`scutil --nc list` or `ifconfig -v` names it). */
#include "infer/rules.h"

static const struct ifw_claim_def vpn_service = {
    "nwi.vpn-server", "nwi", IFW_ROLE_PURPOSE, IFW_CONF_LIKELY + 5, IFW_SPEC_KIND, "vpn"};

static void run_nwi(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	/* The VPN's tunnel (ppp, ipsec, utun) has no hardware address and is not the kernel's: a
	 * card or loopback named as the connection's interface (a pasted status, or IPsec run
	 * over the card) carries the VPN and is no tunnel of it. */
	bool mac = false;
	for (size_t i = 0; i < f->mac_len && i < sizeof(f->mac); i++)
		mac = mac || f->mac[i];
	if (mac || c->ia->kernel_owned || (f->flags & IFW_IFF_LOOPBACK))
		return;
	if (!f->has_vpn_server && f->vpn_service) {
		/* `scutil --nc status`: the connection names it; its server masked or not shown */
		struct ifw_finding *fi = ifw_claim(
		    c, &vpn_service,
		    "a VPN service's tunnel: macOS's VPN connection status names it as the "
		    "connection's interface");
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
		ifw_next_step(c, "`scutil --nc list` names the VPN configurations and their apps");
		return;
	}
	if (!f->has_vpn_server)
		return;
	const char *owner = ifw_ip_owner(c, &f->vpn_server);
	struct ifw_finding *fi = ifw_claim(
	    c, &vpn_service,
	    "a VPN service's tunnel: macOS's network state gives it the VPN server %s%s%s%s",
	    ifw_ip_text(c, &f->vpn_server), owner ? " (" : "", owner ? owner : "",
	    owner ? ")" : "");
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact_text(c, fi, "https://github.com/exelban/stats/issues/2143",
	              "scutil --nwi prints \"VPN server\" for a VPN service's interface");
	ifw_next_step(c, "`scutil --nc list` names the VPN configurations and their apps");
}

const struct ifw_rule_def ifw_rule_nwi = {
    .name = "nwi",
    .kinds = NULL,
    .phase = IFW_PHASE_FACTS,
    .run = run_nwi,
    .about = "macOS network state: the interface of a VPN service",
};
