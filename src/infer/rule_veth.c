/* veth pairs: what is at the other end. A peer in another namespace leads to whatever lives
 * there: a container (its cgroup says which runtime), a named namespace, or nothing. */
#include "infer/index.h"
#include "infer/rules.h"

#include <stdio.h>
#include <string.h>

const char *ifw_container_phrase(struct ifw_rule_ctx *c, ifw_id proc)
{
	const struct ifw_process *pr = &c->m->procs.v[proc];
	char id[16];
	snprintf(id, sizeof(id), "%.12s", pr->container_id ? pr->container_id : "?");
	char more[512] = "";
	size_t n = 0;
	/* Each part is bounded; what does not fit is left out whole. */
	const char *parts[4][2] = {
	    {pr->container_name ? "" : NULL, pr->container_name ? id : NULL},
	    {"image ", pr->container_image},
	    {"compose project ", pr->compose_project},
	    {"pod ", NULL},
	};
	char pod[300] = "";
	if (pr->pod_name) {
		snprintf(pod, sizeof(pod), "%s%s%s", pr->pod_namespace ? pr->pod_namespace : "",
		         pr->pod_namespace ? "/" : "", pr->pod_name);
		parts[3][1] = pod;
	}
	for (size_t i = 0; i < 4; i++) {
		if (!parts[i][0] || !parts[i][1])
			continue;
		int w = snprintf(more + n, sizeof(more) - n, "%s%s%s", n ? ", " : "", parts[i][0],
		                 parts[i][1]);
		if (w < 0 || (size_t)w >= sizeof(more) - n) {
			more[n] = '\0';
			break;
		}
		n += (size_t)w;
	}
	return ifw_rule_printf(c, "%s container %s%s%s%s", pr->container_runtime,
	                       pr->container_name ? pr->container_name : id, n ? " (" : "", more,
	                       n ? ")" : "");
}

/* Where the container's name and image came from, as a fact of the finding. */
static void identity_fact(struct ifw_rule_ctx *c, struct ifw_finding *fi, ifw_id proc)
{
	const struct ifw_process *pr = &c->m->procs.v[proc];
	if (!pr->container_source)
		return;
	if (pr->container_name)
		ifw_fact_text(c, fi, pr->container_source, "container %.12s is named %s",
		              pr->container_id ? pr->container_id : "?", pr->container_name);
	if (pr->pod_name)
		ifw_fact_text(c, fi, pr->container_source, "pod %s in namespace %s", pr->pod_name,
		              pr->pod_namespace ? pr->pod_namespace : "?");
}

/* The first process behind the veth that carries a container identity, else the first one. */
static ifw_id main_process(struct ifw_rule_ctx *c)
{
	ifw_id first = IFW_NOID;
	for (size_t i = 0; i < c->ia->behind.n; i++) {
		ifw_id p = c->ia->behind.v[i];
		if (c->m->procs.v[p].container_runtime)
			return p;
		if (first == IFW_NOID || c->m->procs.v[p].pid < c->m->procs.v[first].pid)
			first = p;
	}
	return first;
}

static const struct ifw_claim_def container_bridge_claim = {
    "veth.container-bridge", "veth",        IFW_ROLE_PURPOSE,
    IFW_CONF_LIKELY + 12,    IFW_SPEC_KIND, "container"};

/* A port of a container bridge (docker0, cni0, podman0, ...) with no container seen behind it:
 * the bridge says what it is for. */
static void container_bridge(struct ifw_rule_ctx *c, ifw_id behind)
{
	const struct ifw_iface *f = c->f;
	if (f->master == IFW_NOID ||
	    (behind != IFW_NOID && c->m->procs.v[behind].container_runtime))
		return;
	const struct ifw_iface *br = &c->m->ifaces.v[f->master];
	const struct ifw_kb_ifname *k =
	    ifw_kb_ifname(c->kb, c->m->os, br->name, ifw_lookup_kind(c->m, br));
	if (!k || k->category != IFW_KB_CAT_CONTAINER)
		return;
	bool unseen = behind == IFW_NOID;
	struct ifw_finding *fi = ifw_claim_at(
	    c, &container_bridge_claim, unseen ? IFW_CONF_LIKELY + 12 : IFW_CONF_LIKELY + 8,
	    "a container's network link: a port of %s (%s)", br->name, k->purpose);
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact(c, fi, IFW_FACT_IFACE, f->master);
	ifw_fact_text(c, fi, k->source, "%s: %s", k->pattern, k->purpose);
}

/* A container process living in this interface's own namespace: it is the container's card. */
static ifw_id own_container(const struct ifw_rule_ctx *c)
{
	ifw_id found = IFW_NOID;
	size_t n = 0;
	const ifw_id *here = ifw_index_ns_procs(c->a->idx, c->f->ns, &n);
	for (size_t i = 0; i < n; i++) {
		const struct ifw_process *p = &c->m->procs.v[here[i]];
		if (p->container_runtime &&
		    (found == IFW_NOID || p->pid < c->m->procs.v[found].pid))
			found = here[i];
	}
	return found;
}

/* Strong, but structure: the cgroup path names the runtime and the container. */
static const struct ifw_claim_def container_claim = {
    "veth.container", "veth", IFW_ROLE_PURPOSE, IFW_CONF_LIKELY + 15, IFW_SPEC_HOLDER, "container"};
static const struct ifw_claim_def container_inside = {"veth.container-inside", "veth",
                                                      IFW_ROLE_PURPOSE,        IFW_CONF_LIKELY + 15,
                                                      IFW_SPEC_HOLDER,         "container"};
static const struct ifw_claim_def container_bridge_port = {
    "veth.container-bridge-port", "veth", IFW_ROLE_NOTE, IFW_CONF_CERTAIN, IFW_SPEC_HOLDER, NULL};
static const struct ifw_claim_def netns_claim = {
    "veth.netns", "veth", IFW_ROLE_PURPOSE, IFW_CONF_LIKELY + 15, IFW_SPEC_HOLDER, "netns"};
static const struct ifw_claim_def netns_unseen = {
    "veth.netns-unseen", "veth", IFW_ROLE_PURPOSE, IFW_CONF_LIKELY, IFW_SPEC_HOLDER, "netns"};
static const struct ifw_claim_def netns_empty = {
    "veth.netns-empty", "veth", IFW_ROLE_PURPOSE, IFW_CONF_LIKELY + 10, IFW_SPEC_HOLDER, "netns"};

static void other_namespace(struct ifw_rule_ctx *c, const char *peer, const char *ns)

{
	ifw_id p = main_process(c);
	ifw_id inside = own_container(c);
	struct ifw_finding *fi;
	if (inside != IFW_NOID && (p == IFW_NOID || !c->m->procs.v[p].container_runtime)) {
		/* The bridge of the other end is not named here: a run over this namespace alone
		 * does not read the other one, and the verdict must not depend on that. */
		fi = ifw_claim(
		    c, &container_inside,
		    "network card of %s (%s runs here); its other end is %s in namespace %s",
		    ifw_container_phrase(c, inside), ifw_proc_label(c, inside), peer, ns);
		ifw_fact(c, fi, IFW_FACT_PROC, inside);
		identity_fact(c, fi, inside);
		const struct ifw_iface *o =
		    c->f->link != IFW_NOID ? &c->m->ifaces.v[c->f->link] : NULL;
		if (o && o->master != IFW_NOID) {
			struct ifw_finding *n = ifw_claim(
			    c, &container_bridge_port, "its other end, %s, is a port of bridge %s",
			    peer, ifw_iface_name(c->m, o->master));
			ifw_fact(c, n, IFW_FACT_IFACE, c->f->link);
			ifw_fact(c, n, IFW_FACT_IFACE, o->master);
		}
	} else if (p != IFW_NOID && c->m->procs.v[p].container_runtime) {
		/* The cgroup path names the runtime and container: strong, but structure; the
		 * runtime's own state naming the same id makes it near certain. */
		fi = ifw_claim(c, &container_claim,
		               "network of %s (its end is %s in namespace %s, where %s runs)",
		               ifw_container_phrase(c, p), peer, ns, ifw_proc_label(c, p));
		ifw_fact(c, fi, IFW_FACT_PROC, p);
		identity_fact(c, fi, p);
	} else if (p != IFW_NOID) {
		fi = ifw_claim(c, &netns_claim,
		               "link to network namespace %s (its end is %s, where %s runs)", ns,
		               peer, ifw_proc_label(c, p));
		ifw_fact(c, fi, IFW_FACT_PROC, p);
	} else if (c->m->source != IFW_SRC_LIVE) {
		/* Saved output shows nothing of the other namespace: say so, guess nothing. */
		fi = ifw_claim(c, &netns_unseen,
		               "link to another network namespace (%s); what lives there is not in "
		               "the evidence",
		               ns);
	} else {
		fi = ifw_claim(
		    c, &netns_empty,
		    "link to network namespace %s (its end is %s; no process lives there)", ns,
		    peer);
	}
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact(c, fi, IFW_FACT_IFACE, c->f->link);
	ifw_fact(c, fi, IFW_FACT_NETNS, c->f->link_ns);
	container_bridge(c, p);
}

static const struct ifw_claim_def local_claim = {
    "veth.local", "veth", IFW_ROLE_PURPOSE, IFW_CONF_LIKELY + 10, IFW_SPEC_HOLDER, "virtual"};
static const struct ifw_claim_def unseen_claim = {
    "veth.unseen", "veth", IFW_ROLE_PURPOSE, IFW_CONF_POSSIBLE + 10, IFW_SPEC_KIND, "netns"};
static const struct ifw_claim_def port_claim = {"veth.port",          "veth",        IFW_ROLE_NOTE,
                                                IFW_CONF_CERTAIN + 5, IFW_SPEC_KIND, NULL};

static void run_veth(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (!f->kind || strcmp(f->kind, "veth") != 0)
		return;
	const char *peer = f->link != IFW_NOID ? ifw_iface_name(c->m, f->link) : f->link_name;
	struct ifw_finding *fi;
	if (f->link_ns != IFW_NOID && f->link_ns != f->ns) {
		if (!peer)
			peer = ifw_rule_printf(c, "ifindex %d", f->link_ifindex);
		other_namespace(c, peer, ifw_ns_name(c->m, f->link_ns));
	} else if (f->link != IFW_NOID) {
		fi = ifw_claim(
		    c, &local_claim,
		    "one end of a veth pair whose other end, %s, is in the same namespace", peer);
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
		ifw_fact(c, fi, IFW_FACT_IFACE, f->link);
	} else if (peer && c->m->source != IFW_SRC_LIVE && f->link_ns == IFW_NOID) {
		fi = ifw_claim(
		    c, &local_claim,
		    "one end of a veth pair whose other end, %s, is in the same namespace "
		    "(ip names a peer only there; the paste leaves it out)",
		    peer);
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	} else if (c->m->os && strcmp(c->m->os, "linux") != 0) {
		/* the BSDs' epair: no namespaces, no peer index in ifconfig */
		fi = ifw_claim(c, &unseen_claim,
		               "one end of an epair (an Ethernet pair); its other end is not in "
		               "the evidence (a VNET jail's, when it was moved into one)");
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
		ifw_next_step(c, "`jls -v` and `ifconfig -j JAIL` show where the other end is");
	} else {
		fi = ifw_claim(
		    c, &unseen_claim,
		    "one end of a veth pair whose other end (ifindex %d) is in a namespace "
		    "ifwho could not see",
		    f->link_ifindex);
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
		ifw_next_step(c, "run as root to enter the namespace of its other end");
	}
	if (f->master != IFW_NOID) {
		fi = ifw_claim(c, &port_claim, "it is a port of bridge %s",
		               ifw_iface_name(c->m, f->master));
		ifw_fact(c, fi, IFW_FACT_IFACE, f->master);
	}
}

const struct ifw_rule_def ifw_rule_veth = {
    .name = "veth",
    .kinds = IFW_KINDS("veth"),
    .phase = IFW_PHASE_FACTS,
    .run = run_veth,
    .about = "veth pairs: what lives at the other end",
};
