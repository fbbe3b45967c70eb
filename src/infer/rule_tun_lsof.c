/* `lsof /dev/net/tun` on Linux shows who holds a tun device, not which: every descriptor is
 * /dev/net/tun until TUNSETIFF, and lsof prints no "iff:". When the evidence has one program
 * holding tun descriptors and one tun device that no process is otherwise known to hold, the
 * expert's step is to tie them; but the device may be another namespace's (a container's) or a
 * listing may leave devices out, so the tie is "possible", with fdinfo's "iff:" as what
 * settles it. Offline only: live, fdinfo names the device. */
#include "infer/rules.h"
#include "util/shell_word.h"

#include <string.h>

static const struct ifw_claim_def held = {"tun.lsof-unnamed",     "creator",       IFW_ROLE_CREATOR,
                                          IFW_CONF_POSSIBLE + 15, IFW_SPEC_HOLDER, NULL};
static const struct ifw_claim_def held_vpn = {
    "tun.lsof-unnamed-purpose", "creator",       IFW_ROLE_PURPOSE,
    IFW_CONF_POSSIBLE + 15,     IFW_SPEC_HOLDER, "vpn"};
static const struct ifw_claim_def held_mesh = {
    "tun.lsof-unnamed-purpose", "creator",       IFW_ROLE_PURPOSE,
    IFW_CONF_POSSIBLE + 15,     IFW_SPEC_HOLDER, "mesh-vpn"};

/* The one process holding unnamed tun descriptors, or IFW_NOID (none, or several). */
static ifw_id sole_holder(const struct ifw_model *m)
{
	ifw_id p = IFW_NOID;
	for (size_t i = 0; i < m->fdrefs.n; i++) {
		const struct ifw_fdref *fd = &m->fdrefs.v[i];
		if (fd->type != IFW_FD_TUN || fd->tun_name || fd->tun_iface != IFW_NOID)
			continue;
		if (p != IFW_NOID && p != fd->proc)
			return IFW_NOID;
		p = fd->proc;
	}
	return p;
}

static void run_tun_lsof(struct ifw_rule_ctx *c)
{
	const struct ifw_model *m = c->m;
	if (m->source == IFW_SRC_LIVE || c->ia->holders.n || !c->f->name ||
	    !ifw_tun_device(c, c->f))
		return;
	ifw_id p = sole_holder(m);
	if (p == IFW_NOID)
		return;
	/* the only tun device of the namespace that no process is known to hold */
	for (size_t i = 0; i < m->ifaces.n; i++) {
		const struct ifw_iface *o = &m->ifaces.v[i];
		if ((ifw_id)i == c->id || o->ns != c->f->ns || !o->name || !ifw_tun_device(c, o))
			continue;
		if (!c->a->ifaces[i].holders.n)
			return;
	}
	const struct ifw_kb_process *k = ifw_proc_kb(c, p);
	const char *label = ifw_proc_label(c, p);
	struct ifw_finding *fi =
	    ifw_claim(c, &held,
	              "perhaps held by %s: lsof shows it holding a tun device (which one, lsof "
	              "does not say), and this is the only tun device here no other process holds",
	              label);
	ifw_fact(c, fi, IFW_FACT_PROC, p); /* its origin is the lsof row */
	if (k && (k->role == IFW_KB_PROC_VPN || k->role == IFW_KB_PROC_MESH_VPN)) {
		struct ifw_finding *pu =
		    ifw_claim(c, k->role == IFW_KB_PROC_MESH_VPN ? &held_mesh : &held_vpn,
		              "perhaps %s's tunnel (%s holds a tun device)",
		              k->software ? k->software : label, label);
		ifw_fact(c, pu, IFW_FACT_PROC, p);
	}
	char word[80];
	if (ifw_shell_word(c->f->name, word, sizeof(word)))
		ifw_next_step(c,
		              "`grep -l 'iff:.*%s$' /proc/%d/fdinfo/*` shows whether %s holds it",
		              word, m->procs.v[p].pid, label);
}

const struct ifw_rule_def ifw_rule_tun_lsof = {
    .name = "tun-lsof",
    .kinds = NULL,
    .phase = IFW_PHASE_FACTS,
    .run = run_tun_lsof,
    .about = "lsof's unnamed tun descriptors and the one tun device no process holds",
};
