/* Saved `ip addr` without -d: "eth0@if37: ... link-netnsid 0" says the interface's other side (a
 * veth's peer, or a macvlan's lower device) is in another network namespace, though the kind is
 * not shown. Such a link is how a container runtime or CNI joins a namespace it made to the
 * host: the container's card seen from inside, or its host end seen from outside. */
#include "infer/rules.h"
#include "util/shell_word.h"

static const struct ifw_claim_def netns_link = {
    "netns.link", "netns", IFW_ROLE_PURPOSE, IFW_CONF_POSSIBLE + 10, IFW_SPEC_KIND, "container"};

static void run_netns_link(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (c->m->source == IFW_SRC_LIVE || f->kind || c->ia->kernel_owned)
		return;
	/* "link-netnsid N" says it; so does "@ifN" alone (busybox's ip prints no netnsid): ip
	 * names a link in the same namespace ("@eth0") */
	bool nsid = ifw_iface_link_elsewhere(f);
	bool at_index = f->link_ifindex > 0 && f->link == IFW_NOID && !f->link_name &&
	                (f->link_ns == IFW_NOID || f->link_ns == f->ns) && f->mac_len == 6;
	if (!nsid && !at_index)
		return;
	struct ifw_finding *fi = ifw_claim(
	    c, &netns_link,
	    "its other side (ifindex %d%s) is in another network namespace: a veth's end or a "
	    "macvlan, as a container runtime or CNI joins the namespace it made to the host's "
	    "network",
	    f->link_ifindex,
	    nsid ? ifw_rule_printf(c, ", link-netnsid %d", f->link_nsid) : ", not in this listing");
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	if (nsid)
		ifw_fact(c, fi, IFW_FACT_NETNS, f->link_ns);
	char word[80];
	if (ifw_shell_word(f->name, word, sizeof(word)))
		ifw_next_step(c, "`ip -d link show %s` shows its kind", word);
}

const struct ifw_rule_def ifw_rule_netns_link = {
    .name = "netns_link",
    .kinds = IFW_KINDS(""),
    .phase = IFW_PHASE_FACTS,
    .run = run_netns_link,
    .about = "saved output without kinds: a link whose other side is in another namespace",
};
