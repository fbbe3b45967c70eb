/* One verdict per interface: the strongest purpose finding. Findings on other topics that come
 * close are kept as alternatives and shown with it, never hidden: two explanations that both
 * fit are both given. */
#include "infer/rules.h"

#include <string.h>

#define MIN_CONFIDENCE                                                                             \
	IFW_CONF_POSSIBLE /* below this, the interface is "unknown" and the report says why */
#define CREATOR_HEADLINE (IFW_CONF_POSSIBLE + 15)
#define CLOSE_CALL       15 /* alternatives within this many points of the verdict are shown */

/* A combination of findings (specificity 4) that holds up says more than any of its parts, so it
 * wins over them as long as it is itself likely. */
static bool combined(const struct ifw_finding *f)
{
	return f->specificity == IFW_SPEC_COMBINED && f->confidence >= IFW_CONF_POSSIBLE + 20;
}

static bool better(const struct ifw_finding *x, const struct ifw_finding *y)
{
	if (combined(x) != combined(y))
		return combined(x);
	if (x->confidence != y->confidence)
		return x->confidence > y->confidence;
	return x->specificity > y->specificity;
}

/* A finding that combines others (specificity 4) settles the topics it builds on. */
static bool superseded(const struct ifw_iface_analysis *ia, const struct ifw_finding *fi)
{
	for (size_t i = 0; i < ia->findings.n; i++) {
		const struct ifw_finding *o = ia->findings.v[i];
		if (o != fi && o->role == IFW_ROLE_PURPOSE && combined(o) &&
		    fi->specificity < IFW_SPEC_COMBINED)
			return true;
	}
	return false;
}

/* Name-only findings agree with a stronger finding of the same category; they never compete. */
static bool agrees(const struct ifw_finding *best, const struct ifw_finding *fi)
{
	if (strcmp(best->topic, fi->topic) == 0)
		return true;
	return best->category && fi->category && strcmp(best->category, fi->category) == 0;
}

/* Independent hints that agree (a name and an address plan of the same category) support each
 * other: each adds a little, never up to certain, and never past what the strongest could
 * earn with one more hint. A weak fingerprint so counts only next to other evidence. */
static uint8_t corroborated(const struct ifw_iface_analysis *ia, const struct ifw_finding *b)
{
	if (b->specificity > IFW_SPEC_KIND || !b->category)
		return b->confidence;
	int conf = b->confidence, added = 0;
	for (size_t i = 0; i < ia->findings.n && added < 10; i++) {
		const struct ifw_finding *fi = ia->findings.v[i];
		if (fi == b || fi->role != IFW_ROLE_PURPOSE || !fi->category ||
		    strcmp(fi->topic, b->topic) == 0 || strcmp(fi->category, b->category) != 0 ||
		    fi->confidence < IFW_CONF_WEAK)
			continue;
		added += 5;
	}
	if (!added || conf >= IFW_CONF_LIKELY + 5)
		return b->confidence;
	conf += added;
	return (uint8_t)(conf > IFW_CONF_LIKELY + 5 ? IFW_CONF_LIKELY + 5 : conf);
}

/* Whether the creator finding's process already appears among the verdict's facts. */
static bool shares_process(const struct ifw_finding *verdict, const struct ifw_finding *maker)
{
	bool any = false;
	for (size_t i = 0; i < maker->facts.n; i++) {
		if (maker->facts.v[i].type != IFW_FACT_PROC &&
		    maker->facts.v[i].type != IFW_FACT_FDREF)
			continue;
		any = true;
		for (size_t k = 0; k < verdict->facts.n; k++)
			if (verdict->facts.v[k].type == maker->facts.v[i].type &&
			    verdict->facts.v[k].id == maker->facts.v[i].id)
				return true;
	}
	/* A maker without a process adds nothing when it is a fingerprint (an MTU); a file, a
	 * profile or a log line that names the maker does. */
	return !any && maker->specificity < IFW_SPEC_HOLDER;
}

static int best_of_role(const struct ifw_iface_analysis *ia, enum ifw_role role)
{
	int best = -1;
	for (size_t i = 0; i < ia->findings.n; i++) {
		const struct ifw_finding *fi = ia->findings.v[i];
		if (fi->role == role && (best < 0 || better(fi, ia->findings.v[best])))
			best = (int)i;
	}
	return best;
}

/* When nothing says what the interface is for well enough but something says who made it (an
 * MTU only one program sets, a process on its ports), that is the best explanation there is:
 * it becomes the headline, with the weaker purpose as a "perhaps". */
static bool creator_headline(struct ifw_rule_ctx *c, int purpose)
{
	struct ifw_iface_analysis *ia = c->ia;
	int best = best_of_role(ia, IFW_ROLE_CREATOR);
	/* A weak fingerprint alone (an MTU many programs could choose) is no headline. */
	if (best < 0 || ia->findings.v[best]->confidence < CREATOR_HEADLINE)
		return false;
	const struct ifw_finding *b = ia->findings.v[best];
	const struct ifw_finding *p = purpose >= 0 ? ia->findings.v[purpose] : NULL;
	ia->verdict = best;
	ia->confidence = b->confidence;
	ia->category = b->category ? b->category : p && p->category ? p->category : "unknown";
	ia->verdict_text = p ? ifw_rule_printf(c, "%s; perhaps %s", b->claim, p->claim) : b->claim;
	if (p) {
		int *alt = ifw_vec_push(&ia->alternatives);
		if (!alt)
			c->oom = 1;
		else
			*alt = purpose;
	}
	return true;
}

void ifw_choose_verdict(struct ifw_rule_ctx *c)
{
	struct ifw_iface_analysis *ia = c->ia;
	int best = best_of_role(ia, IFW_ROLE_PURPOSE);
	if (best < 0 || ia->findings.v[best]->confidence < MIN_CONFIDENCE) {
		if (creator_headline(c, best))
			return;
		ia->verdict = -1;
		ia->confidence = best < 0 ? 0 : ia->findings.v[best]->confidence;
		ia->category = "unknown";
		/* A creator hint too weak for a headline (an MTU other programs choose too) is
		 * still worth the sentence: it says what to check first. */
		const struct ifw_finding *maker = ifw_best(ia, NULL, IFW_ROLE_CREATOR);
		if (maker && maker->confidence < MIN_CONFIDENCE)
			maker = NULL;
		if (best >= 0) {
			ia->verdict_text = ifw_rule_printf(
			    c, "unknown; perhaps %s%s%s", ia->findings.v[best]->claim,
			    maker ? "; " : "", maker ? maker->claim : "");
			int *alt = ifw_vec_push(&ia->alternatives);
			if (alt)
				*alt = best;
		} else {
			ia->verdict_text =
			    maker ? ifw_rule_printf(c, "unknown; %s", maker->claim) : "unknown";
		}
		return;
	}
	const struct ifw_finding *b = ia->findings.v[best];
	ia->verdict = best;
	ia->confidence = corroborated(ia, b);
	ia->category = b->category;
	for (size_t i = 0; i < ia->findings.n; i++) {
		const struct ifw_finding *fi = ia->findings.v[i];
		if ((int)i == best || fi->role != IFW_ROLE_PURPOSE || agrees(b, fi) ||
		    superseded(ia, fi) || fi->confidence < MIN_CONFIDENCE ||
		    fi->confidence + CLOSE_CALL < b->confidence)
			continue;
		int *alt = ifw_vec_push(&ia->alternatives);
		if (!alt) {
			c->oom = 1;
			return;
		}
		*alt = (int)i;
	}
	/* What runs over it completes the sentence, unless the verdict already says so. */
	const struct ifw_finding *usage = ifw_best(ia, NULL, IFW_ROLE_USAGE);
	const char *text = b->claim;
	if (usage && usage->confidence >= MIN_CONFIDENCE && strcmp(usage->topic, b->topic) != 0 &&
	    b->specificity < IFW_SPEC_COMBINED)
		text = ifw_rule_printf(c, "%s, carrying %s", b->claim, usage->claim);
	/* Who made it completes the sentence when the verdict does not already name that process
	 * (a bridge named like Docker's, and dockerd is running). */
	const struct ifw_finding *maker = ifw_best(ia, NULL, IFW_ROLE_CREATOR);
	/* A weaker maker hint that agrees with the verdict's category narrows it down ("a VPN";
	 * perhaps made by WireGuard, by its MTU). */
	bool hint = maker && maker->confidence >= MIN_CONFIDENCE && maker->category &&
	            b->category && strcmp(maker->category, b->category) == 0;
	if (maker && ((maker->confidence >= CREATOR_HEADLINE && !shares_process(b, maker)) ||
	              (hint && maker->confidence < CREATOR_HEADLINE)))
		text = ifw_rule_printf(c, "%s; %s", text, maker->claim);
	if (ia->alternatives.n) {
		const struct ifw_finding *alt = ia->findings.v[ia->alternatives.v[0]];
		text = ifw_rule_printf(c, "%s; or %s", text, alt->claim);
	}
	ia->verdict_text = text;
}
