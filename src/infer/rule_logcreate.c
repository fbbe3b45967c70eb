/* The system's own log naming the process that created the interface (macOS unified log,
 * NetworkExtension's "Created a new NEVirtualInterface" line, written by the creating process).
 * It is the creator's own word, but utun and ipsec numbers are handed out again once freed: the
 * last creation the log shows for the name is the one that counts, and it is "likely", not
 * "certain", unless a process with that pid and name still runs (then it is the same process,
 * and nothing else has freed the name since). */
#include "infer/index.h"
#include "infer/rules.h"

#include <string.h>

static const struct ifw_claim_def logged = {"log.created",   "creator",       IFW_ROLE_CREATOR,
                                            IFW_CONF_LIKELY, IFW_SPEC_HOLDER, NULL};

/* A process of the interface's namespace with the logged pid and name (an index, not a scan
 * of every process for every interface). */
static ifw_id running(const struct ifw_rule_ctx *c, const struct ifw_logcreate *lc)
{
	if (lc->pid < 0 || !lc->comm)
		return IFW_NOID;
	return ifw_index_proc_pid_comm(c->a->idx, c->f->ns, lc->pid, lc->comm);
}

/* Whether a device of this kind is one the message tells of: "TUN/TAP device wg0 opened" (under
 * openvpn's tag, which any user may log under) made no kernel WireGuard or bridge of that name. */
static bool kind_fits(const char *kinds, const char *kind)
{
	if (!kinds || !kind)
		return true;
	size_t n = strlen(kind);
	for (const char *p = kinds; (p = strstr(p, kind)); p += n)
		if ((p == kinds || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return true;
	return false;
}

static void run_logcreate(struct ifw_rule_ctx *c)
{
	const struct ifw_logcreate *last = NULL;
	size_t count = 0;
	/* the kernel's own (a loopback, a card on its bus) no program created: a log line
	 * naming one ("TUN/TAP device lo0 opened", a hostile paste's) is wrong */
	if (!c->f->name || !c->m->netns.v[c->f->ns].is_host || c->ia->kernel_owned)
		return;
	last = ifw_index_logcreate(c->a->idx, c->f->name, &count);
	if (!last || !kind_fits(last->kinds, c->f->kind))
		return;
	ifw_id p = running(c, last);
	const struct ifw_kb_process *k = ifw_kb_process(c->kb, last->comm, NULL, NULL);
	const char *what = k && k->description ? ifw_rule_printf(c, " (%s)", k->description) : "";
	const char *pid = last->pid >= 0 ? ifw_rule_printf(c, " (pid %d)", (int)last->pid) : "";
	/* a program's own words under a tag anyone can write (`logger -t x`): likely only for a
	 * program the knowledge files; the system's log names the creating process itself */
	int conf = p != IFW_NOID                       ? IFW_CONF_LIKELY + 15
	           : last->own_log && !k && !last->how ? IFW_CONF_POSSIBLE + 15
	                                               : IFW_CONF_LIKELY;
	struct ifw_finding *fi =
	    last->how ? ifw_claim_at(c, &logged, IFW_CONF_LIKELY + 5, "created by %s%s, as %s says",
	                             last->comm, what ? what : "", last->how)
	              : ifw_claim_at(c, &logged, conf, "created by %s%s%s, as %s log says%s%s",
	                             last->comm, pid ? pid : "", what ? what : "",
	                             last->own_log ? "its own" : "the system",
	                             last->when ? " at " : "", last->when ? last->when : "");
	ifw_fact_text(c, fi, last->origin.src, "%s", last->origin.raw ? last->origin.raw : "");
	if (p != IFW_NOID)
		ifw_fact(c, fi, IFW_FACT_PROC, p);
	if (count > 1)
		ifw_fact_text(c, fi, last->origin.src,
		              "the log tells of %zu creations of %s: the last one counts", count,
		              c->f->name);
	if (p == IFW_NOID && last->pid >= 0) /* no pid (a line without a tag): nothing to ask */
		ifw_next_step(c, "`ps -p %d -o comm=` shows whether %s still runs", (int)last->pid,
		              last->comm);
}

const struct ifw_rule_def ifw_rule_logcreate = {
    .name = "logcreate",
    .kinds = NULL,
    .phase = IFW_PHASE_FACTS,
    .run = run_logcreate,
    .about = "the system's log naming the process that created the interface",
};
