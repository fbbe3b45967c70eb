/* A cellular modem's data port, as ModemManager (the daemon that drives the modem) lists it:
 * the modem's driver made the interface when the modem appeared; ModemManager brings it up. */
#include "infer/rules.h"

static const struct ifw_claim_def modem_port = {
    "modem.port", "modem", IFW_ROLE_PURPOSE, IFW_CONF_LIKELY + 10, IFW_SPEC_HOLDER, "cellular"};

static void run_modem(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (!f->modem)
		return;
	struct ifw_finding *fi = ifw_claim(
	    c, &modem_port,
	    "the data port of the cellular modem %s, made by its driver%s%s%s when the modem "
	    "appeared and managed by ModemManager, as `mmcli -m` lists it",
	    f->modem, f->driver ? " (" : "", f->driver ? f->driver : "", f->driver ? ")" : "");
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	c->ia->kernel_owned = true;
}

const struct ifw_rule_def ifw_rule_modem = {
    .name = "modem",
    .kinds = IFW_KINDS(""),
    .phase = IFW_PHASE_FACTS,
    .run = run_modem,
    .about = "a cellular modem's data port, as ModemManager lists it",
};
