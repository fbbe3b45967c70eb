/* FreeBSD's interface groups ("groups: bridge vm-switch" in ifconfig): software that makes an
 * interface often puts it in a group of its own, which says who made it better than the name
 * (vm-bhyve's switches are named by the user). The groups are knowledge
 * (data/knowledge/ifnames.json, entries with "group"). */
#include "infer/rules.h"

#include <string.h>

static void run_ifgroups(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (!f->groups)
		return;
	const char *s = f->groups;
	while (*s) {
		while (*s == ' ' || *s == '\t')
			s++;
		size_t n = strcspn(s, " \t");
		if (!n)
			break;
		char *g = ifw_rule_printf(c, "%.*s", (int)n, s);
		s += n;
		const struct ifw_kb_ifname *k = g ? ifw_kb_ifgroup(c->kb, c->m->os, g) : NULL;
		if (!k)
			continue;
		uint8_t conf = strcmp(k->confidence, "high") == 0     ? IFW_CONF_LIKELY + 10
		               : strcmp(k->confidence, "medium") == 0 ? IFW_CONF_LIKELY
		                                                      : IFW_CONF_POSSIBLE + 10;
		struct ifw_finding *fi = ifw_find(
		    c, "ifgroups.group", "group", IFW_ROLE_PURPOSE, conf, IFW_SPEC_KIND,
		    k->category,
		    "%s (it is in the interface group %s, which %s puts its interfaces in)",
		    k->purpose, g, k->creator ? k->creator : "?");
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
		ifw_fact_text(c, fi, k->source, "group %s: %s, made by %s", k->group, k->purpose,
		              k->creator ? k->creator : "?");
		return;
	}
}

const struct ifw_rule_def ifw_rule_ifgroups = {
    .name = "ifgroups",
    .kinds = NULL,
    .phase = IFW_PHASE_FACTS,
    .run = run_ifgroups,
    .about = "BSD interface groups against the knowledge base",
};
