/* Carrier Wi-Fi calling: SIP inside an IPsec tunnel whose far end (or whose addresses) belong to
 * a mobile operator. Without the operator the verdict says only what is certain: VoIP over
 * IPsec, which is how Wi-Fi calling works. */
#include "infer/rules.h"
#include "infer/tunnel.h"

#include <stdio.h>
#include <string.h>

struct operator_ev {
	const char *name;
	uint32_t asn;
	bool mobile; /* the AS serves mobile subscribers only */
	const char *how;
};

static bool from_ip(struct ifw_rule_ctx *c, const struct ifw_ip *ip, const char *what,
                    struct operator_ev *op)
{
	struct ifw_owner_info oi;
	if (!ifw_owner_lookup(c->a->owners, ip, &oi) || !oi.found || !oi.network)
		return false;
	if (op->name && op->mobile)
		return true; /* keep the first sure answer */
	op->name = oi.network->operator_name;
	op->asn = oi.asn;
	op->mobile = strcmp(oi.network->type, "mobile") == 0;
	char txt[IFW_IP_STRLEN];
	op->how =
	    ifw_rule_printf(c, "%s %s is in AS%u (%s network of %s)", what, ifw_ip_str(ip, txt),
	                    oi.asn, oi.network->type, oi.network->operator_name);
	return true;
}

static bool from_name(struct ifw_rule_ctx *c, const char *name, struct operator_ev *op)
{
	struct ifw_name_operator no;
	if (!name || !ifw_owner_from_name(c->a->owners, name, &no) || !no.operator_name)
		return false;
	op->name = no.operator_name;
	op->asn = no.asn;
	op->mobile = true; /* 3GPP names and operator reverse names are mobile networks' */
	op->how = ifw_rule_printf(c, "%s is a name of %s (%s)", name, no.operator_name, no.via);
	return true;
}

static void find_operator(struct ifw_rule_ctx *c, struct operator_ev *op)
{
	memset(op, 0, sizeof(*op));
	for (size_t i = 0; i < c->ia->peers.n; i++) {
		const struct ifw_peer *p = &c->ia->peers.v[i];
		if (from_name(c, p->name, op) || from_ip(c, &p->ip, "the tunnel's far end", op))
			if (op->mobile)
				return;
	}
	for (size_t i = 0; i < c->f->addrs.n; i++) {
		const struct ifw_addr *a = &c->m->addrs.v[c->f->addrs.v[i]];
		if (from_ip(c, &a->ip, "its address", op) && op->mobile)
			return;
	}
}

static bool is_ipsec(struct ifw_rule_ctx *c)
{
	for (size_t i = 0; i < c->ia->holders.n; i++) {
		const char *p = ifw_tunnel_protocol(c, c->ia->holders.v[i].proc);
		if (p && strstr(p, "IPsec"))
			return true;
	}
	return false;
}

static const struct ifw_claim_def operator_claim = {"wificall.operator", "wifi-calling",
                                                    IFW_ROLE_PURPOSE,    IFW_CONF_CERTAIN + 5,
                                                    IFW_SPEC_COMBINED,   "telephony"};
static const struct ifw_claim_def operator_mixed = {"wificall.operator-mixed", "wifi-calling",
                                                    IFW_ROLE_PURPOSE,          IFW_CONF_LIKELY + 5,
                                                    IFW_SPEC_COMBINED,         "telephony"};
static const struct ifw_claim_def telephony_claim = {"wificall.telephony", "wifi-calling",
                                                     IFW_ROLE_PURPOSE,     IFW_CONF_LIKELY + 15,
                                                     IFW_SPEC_COMBINED,    "telephony"};
/* As sure as the weaker of its two parts (both at least possible + 20). */
static const struct ifw_claim_def generic = {"wificall.generic", "wifi-calling",
                                             IFW_ROLE_PURPOSE,   IFW_CONF_POSSIBLE + 20,
                                             IFW_SPEC_COMBINED,  "voip"};

static void run_wificall(struct ifw_rule_ctx *c)
{
	const struct ifw_finding *tun = ifw_best(c->ia, "tunnel", IFW_ROLE_PURPOSE);
	const struct ifw_finding *sip = ifw_best(c->ia, "voip", IFW_ROLE_USAGE);
	if (!tun || !sip || sip->confidence < generic.confidence ||
	    tun->confidence < generic.confidence || !is_ipsec(c))
		return;
	struct operator_ev op;
	find_operator(c, &op);
	const struct ifw_kb_process *k = ifw_proc_kb(c, c->ia->holders.v[0].proc);
	bool telephony = k && k->role == IFW_KB_PROC_TELEPHONY;
	struct ifw_finding *fi;
	char asn[24] = "";
	if (op.asn)
		snprintf(asn, sizeof(asn), " (AS%u)", op.asn);
	if (op.name && op.mobile)
		fi = ifw_claim_at(
		    c, &operator_claim, telephony ? IFW_CONF_CERTAIN + 5 : IFW_CONF_CERTAIN,
		    "SIP calls over an IPsec tunnel to %s%s: Wi-Fi calling", op.name, asn);
	else if (op.name)
		fi = ifw_claim(c, &operator_mixed,
		               "SIP calls over an IPsec tunnel to %s%s: probably Wi-Fi calling",
		               op.name, asn);
	else if (telephony)
		fi = ifw_claim(c, &telephony_claim,
		               "SIP calls over an IPsec tunnel made by %s: Wi-Fi calling",
		               k->software);
	else
		fi = ifw_claim_at(c, &generic,
		                  tun->confidence < sip->confidence ? tun->confidence
		                                                    : sip->confidence,
		                  "VoIP over IPsec, as used by Wi-Fi calling: %s through the %s",
		                  sip->claim, tun->claim);
	if (!fi)
		return;
	/* The combination rests on the facts of its parts. */
	for (size_t i = 0; i < tun->facts.n; i++)
		if (tun->facts.v[i].type != IFW_FACT_TEXT)
			ifw_fact(c, fi, tun->facts.v[i].type, tun->facts.v[i].id);
	for (size_t i = 0; i < sip->facts.n; i++)
		if (sip->facts.v[i].type != IFW_FACT_TEXT)
			ifw_fact(c, fi, sip->facts.v[i].type, sip->facts.v[i].id);
	if (op.how)
		ifw_fact_text(c, fi, "IP ownership", "%s", op.how);
	if (!op.name)
		ifw_next_step(c, "the far end's owner is unknown: with a mobile operator's network "
		                 "there, this would be carrier Wi-Fi calling");
}

const struct ifw_rule_def ifw_rule_wificall = {
    .name = "wifi-calling",
    .kinds = NULL,
    .phase = IFW_PHASE_COMBINE,
    .run = run_wificall,
    .about = "SIP through an IPsec tunnel to a mobile operator",
};
