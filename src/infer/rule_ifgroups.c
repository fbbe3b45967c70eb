/* Marks a creator leaves on the interface, other than its name: FreeBSD's interface groups
 * ("groups: bridge vm-switch" in ifconfig: vm-bhyve puts its switches in vm-switch whatever the
 * user called them) and macOS's network agents (ifconfig -v "agent domain:com.apple.rapport":
 * rapportd registers it on its utun) and FreeBSD's descriptions (iohyve creates its bridge with
 * descr "iohyve-bridge"). Which mark means whom is knowledge (data/knowledge/ifnames.json,
 * entries with "group", "agent" or "description"). */
#include "infer/rules.h"

#include <string.h>

typedef const struct ifw_kb_ifname *(*mark_lookup)(const struct ifw_kb *kb, const char *os,
                                                   const char *mark);

/* The first word of a space-separated list that the knowledge base knows, and its entry. */
static const struct ifw_kb_ifname *known_mark(struct ifw_rule_ctx *c, const char *list,
                                              mark_lookup lookup, const char **mark)
{
	for (const char *s = list; s && *s;) {
		while (*s == ' ')
			s++;
		size_t n = strcspn(s, " ");
		if (!n)
			break;
		char *w = ifw_rule_printf(c, "%.*s", (int)n, s);
		s += n;
		const struct ifw_kb_ifname *k = w ? lookup(c->kb, c->m->os, w) : NULL;
		if (k) {
			*mark = w;
			return k;
		}
	}
	return NULL;
}

static const struct ifw_claim_def by_group = {
    "ifgroups.group", "group", IFW_ROLE_PURPOSE, IFW_CONF_POSSIBLE + 10, IFW_SPEC_KIND, NULL};
static const struct ifw_claim_def by_descr = {"ifgroups.description", "description",
                                              IFW_ROLE_PURPOSE,       IFW_CONF_POSSIBLE + 10,
                                              IFW_SPEC_KIND,          NULL};
static const struct ifw_claim_def described = {
    "ifgroups.described", "description", IFW_ROLE_PURPOSE, IFW_CONF_POSSIBLE, IFW_SPEC_KIND, NULL};
static const struct ifw_claim_def by_hwport = {
    "ifgroups.hwport", "hwport", IFW_ROLE_PURPOSE, IFW_CONF_POSSIBLE + 10, IFW_SPEC_KIND, NULL};
static const struct ifw_claim_def unknown_hwport = {"ifgroups.hwport", "hwport",
                                                    IFW_ROLE_PURPOSE,  IFW_CONF_POSSIBLE + 10,
                                                    IFW_SPEC_KIND,     "physical"};
/* a person's label may be macOS's port name copied, or their guess: possible at most */
static const struct ifw_claim_def by_label = {
    "ifgroups.label", "label", IFW_ROLE_PURPOSE, IFW_CONF_POSSIBLE + 5, IFW_SPEC_KIND, NULL};
static const struct ifw_claim_def by_agent = {
    "ifgroups.agent", "agent", IFW_ROLE_PURPOSE, IFW_CONF_POSSIBLE + 10, IFW_SPEC_KIND, NULL};

/* The definition with the entry's category. */
static struct ifw_claim_def with_category(const struct ifw_claim_def *d,
                                          const struct ifw_kb_ifname *k)
{
	struct ifw_claim_def o = *d;
	o.category = ifw_kb_category_name(k->category);
	return o;
}

static uint8_t confidence(const struct ifw_kb_ifname *k)
{
	return strcmp(k->confidence, "high") == 0     ? IFW_CONF_LIKELY + 10
	       : strcmp(k->confidence, "medium") == 0 ? IFW_CONF_LIKELY
	                                              : IFW_CONF_POSSIBLE + 10;
}

/* macOS names every hardware port (networksetup): the name is the system's own word for what
 * the device is. A name no entry knows is still a port macOS counts as hardware. On Linux the
 * port is a Wi-Fi radio's mode as `iw dev`/`iwconfig` show it ("Wi-Fi (AP)"). */
static void said_label(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	const struct ifw_kb_ifname *k = ifw_kb_ifhwport(c->kb, c->m->os, f->said_label);
	if (!k)
		return;
	struct ifw_claim_def d = with_category(&by_label, k);
	struct ifw_finding *fi =
	    ifw_claim(c, &d, "perhaps %s: the post's list calls it \"%s\", the name of such a %s",
	              k->purpose, f->said_label, "hardware port");
	ifw_fact_text(c, fi, k->source, "hardware port %s: %s", k->hwport, k->purpose);
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
}

static void hardware_port(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (!f->hw_port && f->said_label)
		said_label(c);
	if (!f->hw_port)
		return;
	const struct ifw_kb_ifname *k = ifw_kb_ifhwport(c->kb, c->m->os, f->hw_port);
	struct ifw_finding *fi;
	if (k) {
		struct ifw_claim_def d = with_category(&by_hwport, k);
		bool mac = !c->m->os || strcmp(c->m->os, "darwin") == 0;
		fi = ifw_claim_at(c, &d, confidence(k), "%s (%s \"%s\"; made by %s)", k->purpose,
		                  mac ? "macOS lists it as the hardware port"
		                      : "a Wi-Fi radio's mode",
		                  f->hw_port, k->creator ? k->creator : "?");
		ifw_fact_text(c, fi, k->source, "hardware port %s: %s", k->hwport, k->purpose);
	} else {
		if (strncmp(f->hw_port, "Wi-Fi (", 7) == 0)
			return; /* a radio's mode no entry knows says nothing */
		fi =
		    ifw_claim(c, &unknown_hwport,
		              "the hardware port macOS calls \"%s\" (networksetup lists only ports "
		              "the system counts as hardware)",
		              f->hw_port);
	}
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
}

static const struct ifw_claim_def tool_group = {
    "ifgroups.tool", "group", IFW_ROLE_CREATOR, IFW_CONF_POSSIBLE + 5, IFW_SPEC_KIND, NULL};

/* A group after the driver's own (FreeBSD lists the cloner's first: "groups: epair pot"), not
 * one the system sets (OpenBSD's egress) and not one the knowledge knows: the mark the tool
 * that made or configured it leaves (pot's jails, a script's own group), or an administrator's.
 * NULL if none. */
static const char *tool_mark(struct ifw_rule_ctx *c, const char *list)
{
	static const char *const system[] = {"egress", "all", "lo", "carp", "enc", "pflog"};
	int word = 0;
	for (const char *s = list; s && *s; word++) {
		while (*s == ' ')
			s++;
		size_t n = strcspn(s, " ");
		if (!n)
			break;
		const char *w = s;
		s += n;
		bool sys = false;
		for (size_t i = 0; i < sizeof(system) / sizeof(system[0]); i++)
			sys = sys || (strlen(system[i]) == n && strncmp(w, system[i], n) == 0);
		if (word == 0 || sys || n > 32)
			continue;
		return ifw_rule_printf(c, "%.*s", (int)n, w);
	}
	return NULL;
}

static void run_ifgroups(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	const char *mark = NULL;
	const char *creator;
	const struct ifw_kb_ifname *k = known_mark(c, f->groups, ifw_kb_ifgroup, &mark);
	const char *tool = k ? NULL : tool_mark(c, f->groups);
	if (tool) {
		struct ifw_finding *fi = ifw_claim(
		    c, &tool_group,
		    "made or configured by %s, perhaps: it is in the interface group \"%s\" beside "
		    "its driver's (a group is set by the tool that made it, or by an "
		    "administrator)",
		    tool, tool);
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	}
	if (k) {
		creator = k->creator ? k->creator : "?";
		struct ifw_claim_def d = with_category(&by_group, k);
		struct ifw_finding *fi = ifw_claim_at(
		    c, &d, confidence(k),
		    "%s (it is in the interface group %s, which %s puts its interfaces in)",
		    k->purpose, mark, creator);
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
		ifw_fact_text(c, fi, k->source, "group %s: %s, made by %s", k->group, k->purpose,
		              creator);
	}
	k = f->alias ? ifw_kb_ifdescr(c->kb, c->m->os, f->alias) : NULL;
	if (k) {
		creator = k->creator ? k->creator : "?";
		struct ifw_claim_def d = with_category(&by_descr, k);
		struct ifw_finding *fi = ifw_claim_at(
		    c, &d, confidence(k), "%s (its description \"%s\" is the one %s gives it)",
		    k->purpose, f->alias, creator);
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
		ifw_fact_text(c, fi, k->source, "description %s: %s, made by %s", k->descr,
		              k->purpose, creator);
	} else if (f->alias && f->alias[0]) {
		/* A description no entry knows still says what someone (an administrator, or the
		 * program that made the interface) calls it: worth the sentence, not a category. */
		struct ifw_finding *fi = ifw_claim(
		    c, &described,
		    "an interface its configuration describes as \"%s\" (a description is set by "
		    "whoever configured it: an administrator or the program that made it)",
		    f->alias);
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	}
	hardware_port(c);
	k = known_mark(c, f->agents, ifw_kb_ifagent, &mark);
	if (k) {
		creator = k->creator ? k->creator : "?";
		struct ifw_claim_def d = with_category(&by_agent, k);
		struct ifw_finding *fi =
		    ifw_claim_at(c, &d, confidence(k),
		                 "%s (it carries the network agent %s, which %s registers)",
		                 k->purpose, mark, creator);
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
		ifw_fact_text(c, fi, k->source, "agent %s: %s, made by %s", k->agent, k->purpose,
		              creator);
	}
}

const struct ifw_rule_def ifw_rule_ifgroups = {
    .name = "ifgroups",
    .kinds = NULL,
    .phase = IFW_PHASE_FACTS,
    .run = run_ifgroups,
    .about = "BSD interface groups and descriptions, macOS network agents: who made it",
};
