/* An interface made over netlink keeps no trace of its maker. The programs running now that are
 * known to make that kind of interface are its candidates. That is a hint only (a running
 * dockerd did not make every veth of the host), so it stays weak: shown with --why and in the
 * JSON, never a verdict. A name-based creator (rule_leftover.c) or a holder says more and makes
 * this rule stand down. */
#include "infer/index.h"
#include "infer/rules.h"

#include <stdio.h>
#include <string.h>

static const struct ifw_claim_def one = {"candidates.one",  "creator",       IFW_ROLE_CREATOR,
                                         IFW_CONF_WEAK + 5, IFW_SPEC_HOLDER, NULL};
static const struct ifw_claim_def many = {"candidates.several", "creator",       IFW_ROLE_CREATOR,
                                          IFW_CONF_WEAK,        IFW_SPEC_HOLDER, NULL};

static void run_candidates(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (c->ia->holders.n || !f->kind || ifw_best(c->ia, "creator", IFW_ROLE_CREATOR))
		return;
	ifw_id found[4];
	const struct ifw_kb_process *kinds[4];
	size_t n = 0;
	size_t nm = 0;
	const ifw_id *makers = ifw_index_makers(c->a->idx, &nm);
	for (size_t m = 0; m < nm; m++) {
		ifw_id i = makers[m];
		if (!ifw_proc_could_make(c, i))
			continue;
		const struct ifw_kb_process *k = ifw_proc_kb(c, i);
		if (!ifw_kb_process_makes(k, f->kind))
			continue;
		bool dup =
		    false; /* one per program: dockerd's threads or two kubelets count once */
		for (size_t j = 0; j < n; j++)
			dup |= kinds[j] == k;
		if (dup)
			continue;
		if (n == 4)
			break;
		kinds[n] = k;
		found[n++] = i;
	}
	if (n == 1) {
		struct ifw_finding *fi = ifw_claim(
		    c, &one, "a candidate creator: %s is running, and %s makes %s devices",
		    ifw_proc_label(c, found[0]), kinds[0]->software, f->kind);
		ifw_fact(c, fi, IFW_FACT_PROC, found[0]);
		ifw_fact_text(c, fi, kinds[0]->source, "%s makes %s devices", kinds[0]->software,
		              f->kind);
	} else if (n > 1) {
		char names[200] = "";
		size_t len = 0;
		for (size_t j = 0; j < n; j++) {
			int w = snprintf(names + len, sizeof(names) - len, "%s%s", j ? ", " : "",
			                 kinds[j]->software);
			if (w > 0 && (size_t)w < sizeof(names) - len)
				len += (size_t)w;
		}
		struct ifw_finding *fi = ifw_claim(
		    c, &many,
		    "one of the running programs that make %s devices (%s) may have made it",
		    f->kind, names);
		for (size_t j = 0; j < n; j++)
			ifw_fact(c, fi, IFW_FACT_PROC, found[j]);
	}
}

const struct ifw_rule_def ifw_rule_candidates = {
    .name = "candidates",
    .kinds = IFW_KINDS("bridge", "veth", "vxlan", "geneve", "macvlan", "ipvlan", "vlan", "bond",
                       "team", "dummy", "wireguard", "vrf", "ipip"),
    .phase = IFW_PHASE_COMBINE,
    .run = run_candidates,
    .about = "running programs known to make an interface of this kind",
};
