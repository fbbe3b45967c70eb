/* Interfaces made over netlink, or kept persistent, have no holder: once made they outlive their
 * creator. Whether that creator still runs separates two answers people need: "made by dockerd
 * (pid 311), which is running" and "left behind: nothing that made it is running". A leftover is
 * its own verdict class, with what tells and the command that removes it. Absence of a process
 * is only known when every process is visible, so these rules run live, as root. */
#include "infer/rules.h"
#include "util/shell_word.h"

#include <string.h>

/* Whether process i could have made the interface: ifw_proc_could_make (not a user's program
 * that only has the name; offline, a listed process lives where the evidence was collected and
 * `ps aux`'s USER column names its user); live, a process whose namespace could not be read
 * when it runs as root or its user is not known. */
static bool could_make(const struct ifw_rule_ctx *c, ifw_id i)
{
	const struct ifw_process *p = &c->m->procs.v[i];
	if (p->ns == IFW_NOID && c->m->source == IFW_SRC_LIVE)
		return !p->has_uid || p->uid == 0;
	return ifw_proc_could_make(c, i);
}

/* The first visible process the knowledge base files under entry k that could have made the
 * interface, or IFW_NOID. */
static ifw_id running(const struct ifw_rule_ctx *c, const struct ifw_kb_process *k)
{
	for (size_t i = 0; i < c->m->procs.n; i++)
		if (c->m->procs.v[i].comm && ifw_proc_kb(c, (ifw_id)i) == k &&
		    could_make(c, (ifw_id)i))
			return (ifw_id)i;
	return IFW_NOID;
}

/* Absence of a process is a fact only where every process is visible: live, as root, in the
 * initial PID namespace (inside a container the host's daemons are not in /proc). */
static bool sees_everything(const struct ifw_rule_ctx *c)
{
	/* offline too: evidence sets all_procs_visible from root's ps showing kthreadd as pid 2 */
	return c->m->privileged && c->m->all_procs_visible;
}

static const struct ifw_claim_def creator_alive = {"leftover.creator-running",
                                                   "creator",
                                                   IFW_ROLE_CREATOR,
                                                   IFW_CONF_LIKELY,
                                                   IFW_SPEC_HOLDER,
                                                   NULL};
static const struct ifw_claim_def creator_gone = {"leftover.creator-gone", "leftover",
                                                  IFW_ROLE_PURPOSE,        IFW_CONF_LIKELY + 5,
                                                  IFW_SPEC_COMBINED,       "leftover"};
static const struct ifw_claim_def unused_bridge = {"leftover.unused-bridge", "leftover",
                                                   IFW_ROLE_PURPOSE,         IFW_CONF_POSSIBLE + 25,
                                                   IFW_SPEC_COMBINED,        "leftover"};
static const struct ifw_claim_def tun_unheld = {"leftover.persistent-tun", "leftover",
                                                IFW_ROLE_PURPOSE,          IFW_CONF_LIKELY + 5,
                                                IFW_SPEC_COMBINED,         "leftover"};
static const struct ifw_claim_def empty_peer = {"leftover.empty-namespace", "leftover",
                                                IFW_ROLE_PURPOSE,           IFW_CONF_POSSIBLE + 25,
                                                IFW_SPEC_COMBINED,          "leftover"};

/* The knowledge names the interface's usual creator; is that program running? */
static void named_creator(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	const struct ifw_kb_ifname *n =
	    ifw_kb_ifname(c->kb, c->m->os, f->name, ifw_lookup_kind(c->m, f));
	const struct ifw_kb_process *k =
	    n && n->creator ? ifw_kb_process(c->kb, n->creator, NULL, NULL) : NULL;
	if (!k)
		return;
	ifw_id p = running(c, k);
	if (p != IFW_NOID) {
		struct ifw_finding *fi =
		    ifw_claim(c, &creator_alive,
		              "%s most likely made it: the name is what %s uses, "
		              "and %s is running",
		              ifw_proc_label(c, p), k->software, c->m->procs.v[p].comm);
		ifw_fact(c, fi, IFW_FACT_PROC, p);
		ifw_fact_text(c, fi, n->source, "%s: %s, made by %s", n->pattern, n->purpose,
		              n->creator);
		return;
	}
	bool attached = f->ports.n > 0 || (f->link_ns != IFW_NOID && c->ia->behind.n > 0);
	if (attached || c->ia->kernel_owned || !sees_everything(c))
		return; /* something still uses it (an overlay works without its daemon) */
	struct ifw_finding *fi = ifw_claim(
	    c, &creator_gone, "leftover of %s: %s is not running and nothing is attached to it",
	    k->software, n->creator);
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact_text(c, fi, n->source, "%s: %s, made by %s", n->pattern, n->purpose, n->creator);
	char word[80];
	if (ifw_shell_word(f->name, word, sizeof(word)))
		ifw_next_step(c, "`ip link del %s` removes it (%s makes it again when it starts)",
		              word, n->creator);
}

static void unused_container_bridge(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	const struct ifw_kb_ifname *n =
	    ifw_kb_ifname(c->kb, c->m->os, f->name, ifw_lookup_kind(c->m, f));
	if (!n || n->category != IFW_KB_CAT_CONTAINER || f->ports.n ||
	    ifw_best(c->ia, "leftover", IFW_ROLE_PURPOSE) ||
	    ifw_best(c->ia, "creator", IFW_ROLE_CREATOR))
		return; /* a running runtime's network with no container now is no leftover */
	struct ifw_finding *fi = ifw_claim(c, &unused_bridge,
	                                   "unused container bridge of %s: no container is "
	                                   "attached now (left from earlier containers)",
	                                   n->creator ? n->creator : "a container runtime");
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact_text(c, fi, n->source, "%s: %s", n->pattern, n->purpose);
	char word[80];
	if (ifw_shell_word(f->name, word, sizeof(word)))
		ifw_next_step(c, "`ip link del %s` removes it if no container will use it again",
		              word);
}

static void persistent_tun(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (c->ia->holders.n || !f->info.tun_persist)
		return;
	const char *dev = f->info.tun_type == IFW_TUN_TAP ? "tap" : "tun";
	struct ifw_finding *fi = ifw_claim(
	    c, &tun_unheld,
	    "leftover persistent %s device: no process holds it (made with `ip tuntap add` or "
	    "`openvpn --mktun`, or kept for a program that is not running)",
	    f->info.tun_type == IFW_TUN_TAP ? "TAP" : "TUN");
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	char word[80];
	if (ifw_shell_word(f->name, word, sizeof(word)))
		ifw_next_step(c, "`ip tuntap del dev %s mode %s` removes it", word, dev);
}

static void veth_to_empty_namespace(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	/* Live, every process's namespace is known, read or not (so --netns agrees with a full
	 * run); offline, only a namespace that was read can be said to be empty. */
	if (f->link_ns == IFW_NOID || f->link_ns == f->ns || c->ia->behind.n ||
	    (c->m->source != IFW_SRC_LIVE && !c->m->netns.v[f->link_ns].collected))
		return;
	const char *ns = ifw_ns_name(c->m, f->link_ns);
	const char *peer = f->link != IFW_NOID ? ifw_iface_name(c->m, f->link)
	                   : f->link_name      ? f->link_name
	                                       : ifw_rule_printf(c, "ifindex %d", f->link_ifindex);
	struct ifw_finding *fi =
	    ifw_claim(c, &empty_peer,
	              "probably a leftover: its other end, %s, is in namespace %s, where no "
	              "process lives (or a namespace used only through `ip netns exec`)",
	              peer, ns);
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact(c, fi, IFW_FACT_IFACE, f->link);
	ifw_fact(c, fi, IFW_FACT_NETNS, f->link_ns);
	char word[80], ns_word[1100];
	if (ifw_shell_word(f->name, word, sizeof(word)) &&
	    ifw_shell_word(ns, ns_word, sizeof(ns_word)))
		ifw_next_step(c,
		              "`ip link del %s` removes the pair; `ip netns del %s` the namespace, "
		              "if nothing else uses it",
		              word, ns_word);
}

static void run_leftover(struct ifw_rule_ctx *c)
{
	if (c->ia->holders.n)
		return;
	if (c->f->kind && strcmp(c->f->kind, "tun") == 0) {
		/* offline this also needs every tun fd read (ifwho-collect's fdinfo section, as
		 * root): a model field the evidence would set */
		if (sees_everything(c))
			persistent_tun(c);
		return;
	}
	named_creator(c); /* "X is running" is a presence: seen offline as live */
	if (!sees_everything(c))
		return;
	if (c->f->kind && strcmp(c->f->kind, "veth") == 0)
		veth_to_empty_namespace(c);
	if (c->f->kind && strcmp(c->f->kind, "bridge") == 0)
		unused_container_bridge(c);
}

const struct ifw_rule_def ifw_rule_leftover = {
    .name = "leftover",
    .kinds = IFW_KINDS("tun", "veth", "bridge", "vxlan", "geneve", "macvlan", "ipvlan", "vlan",
                       "dummy", "wireguard"),
    .phase = IFW_PHASE_COMBINE,
    .run = run_leftover,
    .about = "whether a holder-less interface's creator still runs, or it was left behind",
};
