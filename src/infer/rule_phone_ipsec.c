/* On a phone (the device has cellular data contexts: pdp_ip0 on iOS), an IPsec interface is most
 * often the carrier's: CommCenter keeps IPsec tunnels to the operator's ePDG or IMS core for
 * Wi-Fi calling and VoLTE, and iOS names them ipsecN, as it names an IKEv2 VPN's. The motivating
 * question's answer in its general form, when no socket or far end says more: "possible". */
#include "infer/index.h"
#include "infer/rules.h"

#include <string.h>

static const struct ifw_claim_def ims = {"phone.ims-ipsec",     "telephony",   IFW_ROLE_PURPOSE,
                                         IFW_CONF_POSSIBLE + 5, IFW_SPEC_KIND, "telephony"};

static void run_phone_ipsec(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (c->ia->holders.n || c->ia->kernel_owned)
		return;
	const struct ifw_kb_ifname *k =
	    ifw_kb_ifname(c->kb, c->m->os, f->name, ifw_lookup_kind(c->m, f));
	if (!k || !k->kind || strcmp(k->kind, "ipsec") != 0 || !ifw_index_has_cellular(c->a->idx))
		return;
	struct ifw_finding *fi = ifw_claim(
	    c, &ims,
	    "perhaps the carrier's IPsec tunnel for Wi-Fi calling or VoLTE, which the telephony "
	    "daemon (CommCenter) keeps: this device has cellular data contexts, and iOS names "
	    "those tunnels ipsecN (an IKEv2 VPN's too)");
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_next_step(c, "`lsof -i :4500` (or `netstat -anv`) shows whether CommCenter or a VPN "
	                 "holds the IKE socket");
}

const struct ifw_rule_def ifw_rule_phone_ipsec = {
    .name = "phone_ipsec",
    .kinds = NULL,
    .phase = IFW_PHASE_FACTS,
    .run = run_phone_ipsec,
    .about = "an IPsec interface on a phone: the carrier's Wi-Fi calling or VoLTE tunnel",
};
