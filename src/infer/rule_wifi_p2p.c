/* Wi-Fi drivers (Broadcom's on Android phones and boards, Realtek's, Microchip's WILC) register
 * a Wi-Fi Direct interface, p2pN, beside the station interface wlanN: a p2p0 next to a wlan0 is
 * that driver's second face of the card, not a program's link. */
#include "infer/index.h"
#include "infer/rules.h"

#include <stdio.h>
#include <string.h>

static const struct ifw_claim_def p2p_claim = {
    "wifi.p2p", "physical", IFW_ROLE_PURPOSE, IFW_CONF_POSSIBLE + 15, IFW_SPEC_KIND, "physical"};

static void run_wifi_p2p(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (!f->name || strncmp(f->name, "p2p", 3) != 0 || !f->name[3] ||
	    strspn(f->name + 3, "0123456789") != strlen(f->name + 3) || strlen(f->name) > 6 ||
	    c->ia->holders.n)
		return;
	char wlan[16];
	ifw_id w = IFW_NOID;
	snprintf(wlan, sizeof(wlan), "wlan%s", f->name + 3); /* wlan0 beside p2p0 */
	w = ifw_index_iface_named(c->a->idx, f->ns, wlan);
	for (int i = 0; i < 4 && w == IFW_NOID; i++) {
		snprintf(wlan, sizeof(wlan), "wlan%d", i);
		w = ifw_index_iface_named(c->a->idx, f->ns, wlan);
	}
	if (w == IFW_NOID)
		return;
	struct ifw_finding *fi = ifw_claim(
	    c, &p2p_claim,
	    "the Wi-Fi card's Wi-Fi Direct (peer-to-peer) interface, which its driver registers "
	    "beside %s (made by the Wi-Fi driver; wpa_supplicant uses it)",
	    wlan);
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact(c, fi, IFW_FACT_IFACE, w);
}

const struct ifw_rule_def ifw_rule_wifi_p2p = {
    .name = "wifi_p2p",
    .kinds = IFW_KINDS(""),
    .phase = IFW_PHASE_FACTS,
    .run = run_wifi_p2p,
    .about = "a p2pN beside a wlanN: the Wi-Fi driver's Wi-Fi Direct interface",
};
