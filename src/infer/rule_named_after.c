/* An interface named after the software that made it ("cjdns0", "easytier"): programs name
 * their devices after themselves when nothing else decides (the knowledge's name patterns are
 * checked first). A hint only: any program may pick any name. */
#include "infer/rules.h"

static const struct ifw_claim_def named_after = {
    "names.software", "names", IFW_ROLE_CREATOR, IFW_CONF_POSSIBLE + 5, IFW_SPEC_KIND, NULL};

static void run_named_after(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (c->ia->kernel_owned || c->ia->holders.n)
		return;
	for (size_t i = 0; i < c->ia->findings.n; i++)
		if (c->ia->findings.v[i]->confidence >= IFW_CONF_POSSIBLE)
			return;
	if (ifw_kb_ifname(c->kb, c->m->os, f->name, ifw_lookup_kind(c->m, f)))
		return;
	const struct ifw_kb_process *p = ifw_kb_process_named_after(c->kb, f->name);
	if (!p)
		return;
	struct ifw_claim_def d = named_after;
	d.category = ifw_creator_category(c, p->software);
	struct ifw_finding *fi =
	    ifw_claim(c, &d, "perhaps made by %s (%s): the interface bears its name", p->software,
	              p->description ? p->description : "its software");
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact_text(c, fi, p->source, "%s: %s", p->software,
	              p->description ? p->description : "");
}

const struct ifw_rule_def ifw_rule_named_after = {
    .name = "named_after",
    .kinds = NULL,
    .phase = IFW_PHASE_COMBINE,
    .run = run_named_after,
    .about = "an interface that bears a known program's name",
};
