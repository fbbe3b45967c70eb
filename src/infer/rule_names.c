/* The interface's name, against the knowledge base's patterns. A name is only a hint: these
 * findings are weak and lose to anything the kernel or the processes say. */
#include "infer/rules.h"

#include <string.h>

/* The category is the entry's; the confidence its own word's (high, medium, low). */
static const struct ifw_claim_def pattern = {"names.pattern",   "name",        IFW_ROLE_PURPOSE,
                                             IFW_CONF_WEAK + 5, IFW_SPEC_NAME, NULL};

static void run_names(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	const struct ifw_kb_ifname *k =
	    ifw_kb_ifname(c->kb, c->m->os, f->name, ifw_lookup_kind(c->m, f));
	if (!k || k->category == IFW_KB_CAT_KERNEL_FALLBACK || k->category == IFW_KB_CAT_LOOPBACK)
		return;
	int conf = strcmp(k->confidence, "high") == 0     ? IFW_CONF_LIKELY + 10
	           : strcmp(k->confidence, "medium") == 0 ? IFW_CONF_POSSIBLE + 15
	                                                  : pattern.confidence;
	/* a name only a sentence or a log line gave: what the name says, never more than
	 * possible (the device's own facts are not known) */
	if (f->only_named && conf > IFW_CONF_POSSIBLE + 15)
		conf = IFW_CONF_POSSIBLE + 15;
	struct ifw_claim_def d = pattern;
	d.category = ifw_kb_category_name(k->category);
	struct ifw_finding *fi =
	    ifw_claim_at(c, &d, conf, "%s (by its name%s; usually made by %s)", k->purpose,
	                 f->only_named ? ", which is all the evidence gives" : "",
	                 k->creator ? k->creator : "?");
	ifw_fact_text(c, fi, k->source, "%s %s: %s, made by %s", c->m->os ? c->m->os : "",
	              k->pattern, k->purpose, k->creator ? k->creator : "?");
}

const struct ifw_rule_def ifw_rule_names = {
    .name = "names",
    .kinds = NULL,
    .phase = IFW_PHASE_FACTS,
    .run = run_names,
    .about = "interface names against the knowledge base: hints only",
};
