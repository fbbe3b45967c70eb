/* FreeBSD's epair(4) gives its ends a locally administered MAC ending in 0a (the a end) or 0b
 * (the b end) and reports 10Gbase-T media; jail managers rename the end they move into a VNET
 * jail ("eth0" in CBSD's jails). Inside the jail, `ifconfig` shows a renamed interface with
 * that signature and nothing else of where it came from. */
#include "infer/rules.h"

#include <string.h>

static const struct ifw_claim_def renamed_end = {
    "epair.renamed", "epair", IFW_ROLE_PURPOSE, IFW_CONF_POSSIBLE + 15, IFW_SPEC_KIND, "container"};

static void run_epair(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (!c->m->os || strcmp(c->m->os, "freebsd") != 0 || f->mac_len != 6 || f->mac[0] != 0x02 ||
	    (f->mac[5] != 0x0a && f->mac[5] != 0x0b) || !f->media ||
	    !strstr(f->media, "10Gbase-T") || (f->name && strncmp(f->name, "epair", 5) == 0))
		return;
	struct ifw_finding *fi = ifw_claim(
	    c, &renamed_end,
	    "one end of an epair (an Ethernet pair), renamed: its MAC (the %s end's, ending in "
	    ":%02x) and its 10Gbase-T media are epair(4)'s; a VNET jail's card, as jail managers "
	    "rename the end they move into a jail",
	    f->mac[5] == 0x0a ? "a" : "b", f->mac[5]);
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact_text(c, fi, "https://man.freebsd.org/cgi/man.cgi?query=epair&sektion=4",
	              "epair(4): the a and b ends' MACs differ in the last byte (0a, 0b)");
}

const struct ifw_rule_def ifw_rule_epair = {
    .name = "epair",
    .kinds = IFW_KINDS(""),
    .phase = IFW_PHASE_FACTS,
    .run = run_epair,
    .about = "FreeBSD: an epair's end known by its MAC and media, under another name",
};
