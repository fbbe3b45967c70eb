/* Runs the rules and holds the helpers they share. */
#include "infer/index.h"
#include "infer/mentions.h"
#include "infer/os_names.h"
#include "infer/rules.h"

#include "util/sanitize.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

const char *ifw_confidence_word(uint8_t confidence)
{
	if (confidence >= IFW_CONF_CERTAIN)
		return "certain";
	if (confidence >= IFW_CONF_LIKELY)
		return "likely";
	if (confidence >= IFW_CONF_POSSIBLE)
		return "possible";
	return "weak";
}

char *ifw_rule_printf(struct ifw_rule_ctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char buf[1024];
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	char *s = ifw_arena_strdup(c->a->arena, buf);
	if (!s)
		c->oom = 1;
	return s;
}

static struct ifw_finding *vfind(struct ifw_rule_ctx *c, const struct ifw_claim_def *d,
                                 int confidence, const char *fmt, va_list ap)
{
	char buf[1024];
	vsnprintf(buf, sizeof(buf), fmt, ap);
	struct ifw_finding **slot = ifw_vec_push(&c->ia->findings);
	struct ifw_finding *fi = slot ? ifw_arena_alloc(c->a->arena, sizeof(*fi)) : NULL;
	if (!fi) {
		if (slot)
			c->ia->findings.n--;
		c->oom = 1;
		return NULL;
	}
	*slot = fi;
	fi->rule = d->rule;
	fi->topic = d->topic;
	fi->role = (uint8_t)d->role;
	fi->confidence = (uint8_t)(confidence > 100 ? 100 : confidence < 0 ? 0 : confidence);
	fi->specificity = (uint8_t)d->specificity;
	fi->category = d->category;
	fi->claim = ifw_arena_strdup(c->a->arena, buf);
	if (!fi->claim)
		c->oom = 1;
	return fi;
}

struct ifw_finding *ifw_claim(struct ifw_rule_ctx *c, const struct ifw_claim_def *d,
                              const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct ifw_finding *fi = vfind(c, d, d->confidence, fmt, ap);
	va_end(ap);
	return fi;
}

struct ifw_finding *ifw_claim_at(struct ifw_rule_ctx *c, const struct ifw_claim_def *d,
                                 int confidence, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct ifw_finding *fi = vfind(c, d, confidence, fmt, ap);
	va_end(ap);
	return fi;
}

void ifw_fact(struct ifw_rule_ctx *c, struct ifw_finding *fi, enum ifw_fact_type type, ifw_id id)
{
	if (!fi || id == IFW_NOID)
		return;
	for (size_t i = 0; i < fi->facts.n; i++)
		if (fi->facts.v[i].type == type && fi->facts.v[i].id == id)
			return;
	ifw_fact_new(c, fi, type, id);
}

void ifw_fact_new(struct ifw_rule_ctx *c, struct ifw_finding *fi, enum ifw_fact_type type,
                  ifw_id id)
{
	if (!fi || id == IFW_NOID)
		return;
	struct ifw_fact_ref *r = ifw_vec_push(&fi->facts);
	if (!r) {
		c->oom = 1;
		return;
	}
	r->type = (uint8_t)type;
	r->id = id;
}

void ifw_fact_text(struct ifw_rule_ctx *c, struct ifw_finding *fi, const char *source,
                   const char *fmt, ...)
{
	if (!fi)
		return;
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	struct ifw_fact_ref *r = ifw_vec_push(&fi->facts);
	if (!r) {
		c->oom = 1;
		return;
	}
	r->type = IFW_FACT_TEXT;
	r->id = IFW_NOID;
	r->text = ifw_arena_strdup(c->a->arena, buf);
	r->source = source;
}

void ifw_next_step(struct ifw_rule_ctx *c, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < c->ia->next_steps.n; i++)
		if (strcmp(c->ia->next_steps.v[i], buf) == 0)
			return;
	const char **slot = ifw_vec_push(&c->ia->next_steps);
	if (!slot || !(*slot = ifw_arena_strdup(c->a->arena, buf)))
		c->oom = 1;
}

const struct ifw_finding *ifw_best(const struct ifw_iface_analysis *ia, const char *topic, int role)
{
	const struct ifw_finding *best = NULL;
	for (size_t i = 0; i < ia->findings.n; i++) {
		const struct ifw_finding *fi = ia->findings.v[i];
		if ((topic && strcmp(fi->topic, topic) != 0) || (role && fi->role != role))
			continue;
		if (!best || fi->confidence > best->confidence ||
		    (fi->confidence == best->confidence && fi->specificity > best->specificity))
			best = fi;
	}
	return best;
}

const struct ifw_kb_process *ifw_proc_kb(const struct ifw_rule_ctx *c, ifw_id proc)
{
	if (proc == IFW_NOID)
		return NULL;
	if (c->a->idx)
		return ifw_index_proc_kb(c->a->idx, proc);
	const struct ifw_process *p = &c->m->procs.v[proc];
	return ifw_kb_process(c->kb, p->comm, p->exe, p->cmdline);
}

/* A cgroup path in a user's slice other than root's ("/user.slice/user-1000.slice/..."). */
static bool in_user_slice(const char *cg)
{
	return cg && strncmp(cg, "/user.slice/user-", 17) == 0 &&
	       strncmp(cg + 17, "0.slice", 7) != 0;
}

bool ifw_proc_could_make(const struct ifw_rule_ctx *c, ifw_id proc)
{
	const struct ifw_process *p = &c->m->procs.v[proc];
	/* offline, a listed process's namespace is not known: it is taken as living where the
	 * evidence was collected, as every offline rule takes it */
	bool own = p->ns == c->f->ns || (p->ns == IFW_NOID && c->m->source != IFW_SRC_LIVE);
	bool host = p->ns != IFW_NOID && c->m->netns.v[p->ns].is_host;
	bool peer = p->ns != IFW_NOID && c->f->link_ns == p->ns;
	if (!own && !host && !peer)
		return false;
	/* root's, or a user's offline listing shows only by name (`ps aux`'s USER column); a
	 * process `systemctl status` lists in a user's slice (user-1000.slice) may be theirs */
	bool root = p->has_uid ? p->uid == 0
	            : p->user  ? strcmp(p->user, "root") == 0
	                       : !in_user_slice(p->cgroup);
	if (root)
		return true;
	if (!own || c->f->ns == IFW_NOID)
		return false;
	const struct ifw_netns *n = &c->m->netns.v[c->f->ns];
	if (n->is_host)
		return false;
	if (!n->owner_known)
		return true; /* offline: a namespace of its own, as far as anyone can tell */
	return n->user_owned && n->owner_uid == p->uid;
}

const char *ifw_proc_label(struct ifw_rule_ctx *c, ifw_id proc)
{
	if (proc == IFW_NOID)
		return "?";
	const struct ifw_process *p = &c->m->procs.v[proc];
	if (p->pid > 0 && !p->comm)
		return ifw_rule_printf(c, "process %d", p->pid); /* a pid whose name is not known */
	if (p->pid > 0)
		return ifw_rule_printf(c, "%s (pid %d)", p->comm, p->pid);
	return p->comm ? p->comm : "?";
}

const char *ifw_proc_software(const struct ifw_rule_ctx *c, ifw_id proc)
{
	const struct ifw_kb_process *k = ifw_proc_kb(c, proc);
	if (k)
		return k->software;
	return proc == IFW_NOID ? "?" : c->m->procs.v[proc].comm;
}

bool ifw_proc_is_incidental(const struct ifw_rule_ctx *c, ifw_id proc)
{
	const struct ifw_kb_process *k = ifw_proc_kb(c, proc);
	return k && (k->role == IFW_KB_PROC_INCIDENTAL || k->role == IFW_KB_PROC_DNS ||
	             k->role == IFW_KB_PROC_CAPTURE);
}

ifw_id ifw_socket_proc(const struct ifw_model *m, ifw_id sock)
{
	const struct ifw_socket *s = &m->sockets.v[sock];
	for (size_t i = 0; i < s->fdrefs.n; i++) {
		ifw_id p = m->fdrefs.v[s->fdrefs.v[i]].proc;
		if (p != IFW_NOID)
			return p;
	}
	return IFW_NOID;
}

const struct ifw_kb_port *ifw_socket_port_kb(const struct ifw_rule_ctx *c, ifw_id sock, bool remote)
{
	const struct ifw_socket *s = &c->m->sockets.v[sock];
	const char *proto = s->proto == IFW_P_TCP ? "tcp" : s->proto == IFW_P_UDP ? "udp" : NULL;
	if (!proto)
		return NULL;
	uint16_t port = remote ? s->rport : s->lport;
	return port ? ifw_kb_port(c->kb, proto, port) : NULL;
}

const char *ifw_ip_text(struct ifw_rule_ctx *c, const struct ifw_ip *ip)
{
	char buf[IFW_IP_STRLEN];
	return ifw_rule_printf(c, "%s", ifw_ip_str(ip, buf));
}

const char *ifw_ip_owner(struct ifw_rule_ctx *c, const struct ifw_ip *ip)
{
	struct ifw_owner_info oi;
	if (!ifw_owner_lookup(c->a->owners, ip, &oi))
		return NULL;
	char org[200] = "", reg[300] = "";
	if (oi.rdap) /* --online: the registry's own words, kept apart from the offline data */
		snprintf(reg, sizeof(reg), "; registry: %.79s%s%.159s", oi.rdap->name,
		         oi.rdap->org[0] ? ", " : "", oi.rdap->org);
	char safe_reg[600];
	ifw_sanitize(reg, strlen(reg), safe_reg, sizeof(safe_reg));
	if (oi.found && oi.asn) {
		ifw_sanitize(oi.org, strlen(oi.org), org, sizeof(org));
		return ifw_rule_printf(c, "AS%u %s%s", oi.asn, org, safe_reg);
	}
	if (oi.special_name)
		return ifw_rule_printf(c, "%s (%s)", oi.special_name, oi.special_rfc);
	return reg[0] ? ifw_rule_printf(c, "%s", safe_reg + 2) : NULL;
}

const char *ifw_lookup_kind(const struct ifw_model *m, const struct ifw_iface *f)
{
	if (f->kind)
		return f->kind;
	return m->source == IFW_SRC_LIVE ? NULL : IFW_KB_KIND_UNKNOWN;
}

bool ifw_tun_device(const struct ifw_rule_ctx *c, const struct ifw_iface *f)
{
	const char *kind = ifw_lookup_kind(c->m, f);
	if (kind && strcmp(kind, "tun") == 0)
		return true;
	if (kind && *kind && strcmp(kind, IFW_KB_KIND_UNKNOWN) != 0)
		return false;
	const struct ifw_kb_ifname *k = ifw_kb_ifname(c->kb, c->m->os, f->name, kind);
	return k && k->kind && strcmp(k->kind, "tun") == 0;
}

const char *ifw_iface_name(const struct ifw_model *m, ifw_id iface)
{
	return iface == IFW_NOID || !m->ifaces.v[iface].name ? "?" : m->ifaces.v[iface].name;
}

const char *ifw_ns_name(const struct ifw_model *m, ifw_id ns)
{
	return ns == IFW_NOID || !m->netns.v[ns].name ? "?" : m->netns.v[ns].name;
}

bool ifw_rule_applies(const struct ifw_rule_def *d, const char *kind)
{
	if (!d->kinds)
		return true;
	for (const char *const *k = d->kinds; *k; k++)
		if (kind ? strcmp(*k, kind) == 0 : (*k)[0] == '\0')
			return true;
	return false;
}

/* Runs the rule families of one phase on the current interface, each only on its kinds. */
static void run_phase(struct ifw_rule_ctx *c, enum ifw_rule_phase phase)
{
	for (size_t i = 0; i < ifw_rule_table_len && !c->oom; i++) {
		const struct ifw_rule_def *d = ifw_rule_table[i];
		if (d->phase == phase && ifw_rule_applies(d, c->f->kind))
			d->run(c);
	}
}

int ifw_analyze(struct ifw_analysis *a, struct ifw_model *m, const struct ifw_kb *kb,
                const struct ifw_owners *owners, struct ifw_err *err)
{
	memset(a, 0, sizeof(*a));
	ifw_os_from_names(m, kb);
	int adopted = ifw_adopt_mentions(m, kb);
	if (adopted < 0)
		return ifw_fail(err, IFW_E_NOMEM,
		                "out of memory adding the interfaces sentences name");
	if (adopted)
		ifw_os_from_names(m, kb);
	if (m->words_only && !m->ifaces.n)
		return ifw_fail(
		    err, IFW_E_PARSE,
		    "%s: no command output ifwho recognizes (%llu line(s) read), and "
		    "its sentences name no interface ifwho knows; expected " IFW_EVIDENCE_EXPECTED,
		    m->evidence_path ? m->evidence_path : "evidence", m->lines_read);
	if (ifw_model_index(m) < 0)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory indexing the model");
	a->m = m;
	a->kb = kb;
	a->owners = owners;
	a->arena = &m->arena;
	a->n = m->ifaces.n;
	a->ifaces = calloc(a->n ? a->n : 1, sizeof(*a->ifaces));
	if (!a->ifaces)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	a->default_iface = malloc((m->netns.n ? m->netns.n : 1) * sizeof(*a->default_iface));
	a->addressed_links = calloc(m->netns.n ? m->netns.n : 1, sizeof(*a->addressed_links));
	a->networked_links = calloc(m->netns.n ? m->netns.n : 1, sizeof(*a->networked_links));
	if (!a->default_iface || !a->addressed_links || !a->networked_links) {
		ifw_analysis_free(a);
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < m->netns.n; i++)
		a->default_iface[i] = IFW_NOID;
	for (size_t i = 0; i < m->routes.n; i++) {
		const struct ifw_route *r = &m->routes.v[i];
		if (r->ns < m->netns.n && a->default_iface[r->ns] == IFW_NOID && r->dst_len == 0 &&
		    !r->ifscope &&

		    r->iface != IFW_NOID && (r->table == IFW_TABLE_MAIN || r->table == 0) &&
		    r->type == IFW_RTN_UNICAST)
			a->default_iface[r->ns] = r->iface;
	}
	for (size_t i = 0; i < m->ifaces.n; i++) {
		const struct ifw_iface *f = &m->ifaces.v[i];
		if (f->ns < m->netns.n && f->addrs.n && !(f->flags & 0x8 /* IFW_IFF_LOOPBACK */))
			a->addressed_links[f->ns]++;
		if (f->ns < m->netns.n && (f->addrs.n || f->routes.n) &&
		    !(f->flags & IFW_IFF_LOOPBACK))
			a->networked_links[f->ns]++;
	}
	a->idx = ifw_infer_index_new(m, kb);
	if (!a->idx || ifw_analyze_namespaces(a) < 0) {
		ifw_analysis_free(a);
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	}
	struct ifw_rule_ctx c = {.a = a, .m = m, .kb = kb};
	/* Relations of every interface first: rules read their neighbours' (a bridge its ports').
	 */
	for (int phase = 0; phase < 4 && !c.oom; phase++)
		for (size_t i = 0; i < a->n && !c.oom; i++) {
			c.id = (ifw_id)i;
			c.f = &m->ifaces.v[i];
			c.ia = &a->ifaces[i];
			if (phase == 0) {
				c.ia->iface = c.id;
				c.ia->verdict = -1;
				if (ifw_relations(&c) < 0)
					c.oom = 1;
			} else if (phase == 1) {
				run_phase(&c, IFW_PHASE_FACTS);
			} else if (phase == 2) {
				/* Combinations may read other interfaces' phase-1 findings. */
				run_phase(&c, IFW_PHASE_COMBINE);
			} else {
				ifw_choose_verdict(&c);
			}
		}
	if (c.oom) {
		ifw_analysis_free(a);
		return ifw_fail(err, IFW_E_NOMEM, "out of memory during analysis");
	}
	return 0;
}

void ifw_analysis_free(struct ifw_analysis *a)
{
	for (size_t i = 0; i < a->n; i++) {
		struct ifw_iface_analysis *ia = &a->ifaces[i];
		for (size_t k = 0; k < ia->findings.n; k++)
			ifw_vec_free(&ia->findings.v[k]->facts);
		ifw_vec_free(&ia->holders);
		ifw_vec_free(&ia->unconfirmed);
		ifw_vec_free(&ia->users);
		ifw_vec_free(&ia->outer);
		ifw_vec_free(&ia->sas);
		ifw_vec_free(&ia->peers);
		ifw_idmap_free(&ia->peer_index);
		ifw_vec_free(&ia->behind);
		ifw_vec_free(&ia->findings);
		ifw_vec_free(&ia->next_steps);
		ifw_vec_free(&ia->alternatives);
	}
	free(a->ifaces);
	free(a->default_iface);
	free(a->addressed_links);
	free(a->networked_links);
	free(a->ns_role);
	free(a->addr_owner);
	free(a->sa_remote_owner);
	ifw_infer_index_free(a->idx);
	memset(a, 0, sizeof(*a));
}
