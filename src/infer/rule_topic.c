/* What a pasted post is about. A forum post that names one tunnel-making product ("Zscaler is
 * running but not detected", "Logging for the tunnel on EduVPN app:") and shows a tunnel that
 * nothing else explains is read the way a person reads it: that tunnel is perhaps the
 * product's. Only offline (a live host has holders and processes to say it), only for a tunnel
 * device no process is known to hold, and only when the text names exactly one such product
 * and shows no tunnel-making process, and when this is the one tunnel nothing else explains:
 * two products, a VPN daemon in `ps`, a tun held in `lsof`, a second unexplained tunnel, and
 * the rule says nothing. People run several
 * VPNs and write about others, so it is "possible", never more. */
#include "infer/rules.h"

#include <string.h>

static const struct ifw_claim_def topic_vpn = {
    "topic.sole-product", "creator", IFW_ROLE_PURPOSE, IFW_CONF_POSSIBLE + 5, IFW_SPEC_NAME, "vpn"};
static const struct ifw_claim_def topic_mesh = {"topic.sole-product", "creator",
                                                IFW_ROLE_PURPOSE,     IFW_CONF_POSSIBLE + 5,
                                                IFW_SPEC_NAME,        "mesh-vpn"};

/* Something already says more than a post's topic can: a holder, a creator, or a purpose of
 * its own (an Apple system tunnel, a VM's tap) at "possible" or above. */
static bool explained(const struct ifw_rule_ctx *c)
{
	if (c->ia->holders.n || c->ia->unconfirmed.n)
		return true;
	for (size_t i = 0; i < c->ia->findings.n; i++) {
		const struct ifw_finding *fi = c->ia->findings.v[i];
		if (fi->confidence < IFW_CONF_POSSIBLE || strncmp(fi->rule, "topic.", 6) == 0 ||
		    (fi->role != IFW_ROLE_CREATOR && fi->role != IFW_ROLE_PURPOSE))
			continue;
		if (fi->role == IFW_ROLE_CREATOR || fi->specificity > IFW_SPEC_NAME)
			return true;
		if (fi->category && strcmp(fi->category, "vpn") != 0 &&
		    strcmp(fi->category, "mesh-vpn") != 0 && strcmp(fi->category, "virtual") != 0)
			return true;
	}
	return false;
}

/* The product the unread lines and typed commands name, once per analysis. */
static void find_topic(struct ifw_rule_ctx *c)
{
	struct ifw_analysis *a = c->a;
	struct ifw_topic *t = &a->topic;
	t->done = true;
	const struct ifw_model *m = a->m;
	/* one tunnel nothing explains: with several, the post does not say which is the
	 * product's (and the others are another program's or the system's) */
	size_t open = 0;
	for (size_t i = 0; i < a->n && open < 2; i++) {
		struct ifw_rule_ctx o = *c;
		o.id = (ifw_id)i;
		o.f = &m->ifaces.v[i];
		o.ia = &a->ifaces[i];
		open +=
		    o.f->name && o.f->ns == c->f->ns && ifw_tun_device(&o, o.f) && !explained(&o);
	}
	if (open != 1) {
		t->several = true;
		return;
	}
	/* a program shown running that makes tunnels, or holding a tun device, is a better
	 * answer than the post's words: the process rules give it */
	for (size_t i = 0; i < m->fdrefs.n; i++)
		if (m->fdrefs.v[i].type == IFW_FD_TUN) {
			t->several = true;
			return;
		}
	for (size_t i = 0; i < m->procs.n; i++) {
		const struct ifw_process *pr = &m->procs.v[i];
		const struct ifw_kb_process *k =
		    pr->comm ? ifw_kb_process(a->kb, pr->comm, pr->exe, pr->cmdline) : NULL;
		if (k && (k->role == IFW_KB_PROC_VPN || k->role == IFW_KB_PROC_MESH_VPN)) {
			t->several = true;
			return;
		}
	}
	size_t n_lines = m->unread.n + m->typed.n;
	for (size_t i = 0; i < n_lines && !t->several; i++) {
		const struct ifw_origin *o =
		    i < m->unread.n ? &m->unread.v[i] : &m->typed.v[i - m->unread.n].origin;
		const char *s = o->raw;
		if (!s)
			continue;
		for (size_t pos = 0; s[pos]; pos++) {
			size_t len = 0;
			const struct ifw_kb_process *p =
			    ifw_kb_tunnel_product_at(a->kb, s, pos, &len);
			if (!p)
				continue;
			if (!t->product) {
				t->product = p;
				t->where = o;
			} else if (p->software != t->product->software &&
			           (!p->software || !t->product->software ||
			            strcmp(p->software, t->product->software) != 0)) {
				t->several = true;
				break;
			}
			pos += len - 1;
		}
	}
}

static void run_topic(struct ifw_rule_ctx *c)
{
	if (c->m->source == IFW_SRC_LIVE || !c->f->name || !ifw_tun_device(c, c->f) || explained(c))
		return;
	if (!c->a->topic.done)
		find_topic(c);
	const struct ifw_topic *t = &c->a->topic;
	if (!t->product || t->several)
		return;
	const struct ifw_kb_process *p = t->product;
	struct ifw_finding *fi =
	    ifw_claim(c, p->role == IFW_KB_PROC_MESH_VPN ? &topic_mesh : &topic_vpn,
	              "perhaps %s's tunnel: the text names %s and no other tunnel-making program, "
	              "and nothing else explains this tunnel",
	              p->software, p->software);
	ifw_fact_text(c, fi, t->where->src, "%s", t->where->raw);
	if (p->source)
		ifw_fact_text(c, fi, p->source, "%s: %s", p->software,
		              p->description ? p->description : "a tunnel-making program");
	bool linux_os = c->m->os && strcmp(c->m->os, "linux") == 0;
	ifw_next_step(c, "the process holding the tunnel (%s) settles whether %s made it",
	              linux_os ? "`grep -l iff: /proc/*/fdinfo/*`" : "`sudo lsof -n | grep utun`",
	              p->software);
}

const struct ifw_rule_def ifw_rule_topic = {
    .name = "topic",
    .kinds = NULL,
    .phase = IFW_PHASE_COMBINE,
    .run = run_topic,
    .about = "the one tunnel-making product a pasted post names, for a tunnel nothing else "
             "explains",
};
