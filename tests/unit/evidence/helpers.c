#include "helpers.h"

#include "collect/backend.h"
#include "collect/evidence/evidence.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void open_kb(struct evw *w)
{
	const char *dirs[] = {SRC_DATA "/knowledge"};
	struct ifw_err err = {0};
	if (ifw_kb_load(&w->kb, dirs, 1, &err) < 0)
		fail_msg("knowledge: %s", err.msg);
}

int evw_collect(struct ifw_model *m, const char *path, struct ifw_err *err)
{
	struct ifw_collect_opts o = {.evidence_path = path};
	return ifw_backend_evidence.collect(m, &o, err);
}

int evw_try_analyze(struct evw *w, struct ifw_err *err)
{
	if (w->analyzed)
		return 0;
	if (!w->kb)
		open_kb(w);
	if (!w->ow_open) {
		if (ifw_owners_open(&w->ow, w->kb, NULL, 0, w->ow_warning, sizeof(w->ow_warning),
		                    err) < 0)
			fail_msg("owners: %s", err->msg);
		w->ow_open = true;
		if (w->ow_warning[0])
			print_message("note: %s (IP ownership checks are skipped)\n",
			              w->ow_warning);
	}
	if (ifw_analyze(&w->a, &w->m, w->kb, &w->ow, err) < 0) {
		ifw_analysis_free(&w->a);
		return -1;
	}
	w->analyzed = true;
	return 0;
}

void evw_analyze(struct evw *w)
{
	struct ifw_err err = {0};
	if (evw_try_analyze(w, &err) < 0)
		fail_msg("analysis: %s", err.msg);
}

struct evw *evw_load(const char *rel)
{
	struct evw *w = calloc(1, sizeof(*w));
	assert_non_null(w);
	ifw_model_init(&w->m);
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", FIXTURES, rel);
	struct ifw_err err = {0};
	if (evw_collect(&w->m, path, &err) < 0)
		fail_msg("evidence %s: %s", rel, err.msg);
	evw_analyze(w);
	return w;
}

struct evw *evw_text(const char *text, const char *name)
{
	struct evw *w = calloc(1, sizeof(*w));
	assert_non_null(w);
	ifw_model_init(&w->m);
	struct ifw_err err = {0};
	if (ifw_evidence_read_buffer(&w->m, text, strlen(text), name, &err) < 0)
		fail_msg("evidence text %s: %s", name, err.msg);
	return w;
}

void evw_free(struct evw *w)
{
	if (!w)
		return;
	if (w->analyzed)
		ifw_analysis_free(&w->a);
	if (w->ow_open)
		ifw_owners_close(&w->ow);
	ifw_kb_free(w->kb);
	ifw_model_free(&w->m);
	free(w);
}

ifw_id evw_iface(const struct evw *w, const char *name)
{
	for (size_t i = 0; i < w->m.ifaces.n; i++)
		if (w->m.ifaces.v[i].name && strcmp(w->m.ifaces.v[i].name, name) == 0)
			return (ifw_id)i;
	fail_msg("no interface %s in the model", name);
	return IFW_NOID;
}

const struct ifw_iface_analysis *evw_ia(const struct evw *w, const char *name)
{
	assert_true(w->analyzed);
	return &w->a.ifaces[evw_iface(w, name)];
}

ifw_id evw_proc(const struct evw *w, int32_t pid)
{
	for (size_t i = 0; i < w->m.procs.n; i++)
		if (w->m.procs.v[i].pid == pid)
			return (ifw_id)i;
	fail_msg("no process %d in the model", pid);
	return IFW_NOID;
}

ifw_id evw_socket(const struct evw *w, uint8_t proto, uint16_t lport, const char *local)
{
	struct ifw_ip ip = {0};
	if (local)
		assert_int_equal(ifw_ip_parse(local, &ip), 0);
	for (size_t i = 0; i < w->m.sockets.n; i++) {
		const struct ifw_socket *s = &w->m.sockets.v[i];
		if (s->proto == proto && s->lport == lport && (!local || ifw_ip_eq(&s->local, &ip)))
			return (ifw_id)i;
	}
	return IFW_NOID;
}

ifw_id evw_socket_proc(const struct evw *w, ifw_id sock)
{
	const struct ifw_socket *s = &w->m.sockets.v[sock];
	return s->fdrefs.n ? w->m.fdrefs.v[s->fdrefs.v[0]].proc : IFW_NOID;
}

bool evw_has_addr(const struct evw *w, const char *iface, const char *addr, unsigned plen)
{
	ifw_id id = evw_iface(w, iface);
	struct ifw_ip ip;
	assert_int_equal(ifw_ip_parse(addr, &ip), 0);
	for (size_t i = 0; i < w->m.addrs.n; i++) {
		const struct ifw_addr *a = &w->m.addrs.v[i];
		if (a->iface == id && ifw_ip_eq(&a->ip, &ip) && a->plen == plen)
			return true;
	}
	return false;
}

const struct ifw_finding *evw_finding(const struct evw *w, const char *iface, const char *rule)
{
	const struct ifw_iface_analysis *ia = evw_ia(w, iface);
	for (size_t i = 0; i < ia->findings.n; i++)
		if (strcmp(ia->findings.v[i]->rule, rule) == 0)
			return ia->findings.v[i];
	return NULL;
}

const struct ifw_finding *evw_verdict(const struct evw *w, const char *iface)
{
	const struct ifw_iface_analysis *ia = evw_ia(w, iface);
	return ia->verdict >= 0 ? ia->findings.v[ia->verdict] : NULL;
}

bool evw_finding_has_proc(const struct evw *w, const struct ifw_finding *fi, int32_t pid)
{
	for (size_t i = 0; fi && i < fi->facts.n; i++)
		if (fi->facts.v[i].type == IFW_FACT_PROC && fi->facts.v[i].id != IFW_NOID &&
		    w->m.procs.v[fi->facts.v[i].id].pid == pid)
			return true;
	return false;
}

ifw_id evw_route(const struct evw *w, const char *dst, unsigned plen)
{
	struct ifw_ip ip;
	assert_int_equal(ifw_ip_parse(dst, &ip), 0);
	for (size_t i = 0; i < w->m.routes.n; i++) {
		const struct ifw_route *r = &w->m.routes.v[i];
		if (r->dst_len == plen && ifw_ip_eq(&r->dst, &ip) &&
		    (r->table == IFW_TABLE_MAIN || r->table == 0))
			return (ifw_id)i;
	}
	return IFW_NOID;
}

void evw_dump(const struct evw *w, const char *iface)
{
	const struct ifw_iface_analysis *ia = evw_ia(w, iface);
	print_message("%s: verdict %s (%s, %u)\n", iface, ia->verdict_text ? ia->verdict_text : "-",
	              ia->category ? ia->category : "-", ia->confidence);
	for (size_t i = 0; i < ia->findings.n; i++)
		print_message("  %-28s %3u %s\n", ia->findings.v[i]->rule,
		              ia->findings.v[i]->confidence, ia->findings.v[i]->claim);
}

void evw_contains_(const char *s, const char *sub, const char *file, int line)
{
	if (s && strstr(s, sub))
		return;
	fail_msg("%s:%d: \"%s\" does not contain \"%s\"", file, line, s ? s : "(null)", sub);
}

bool evw_has_iface(const struct evw *w, const char *name)
{
	for (size_t i = 0; i < w->m.ifaces.n; i++)
		if (w->m.ifaces.v[i].name && strcmp(w->m.ifaces.v[i].name, name) == 0)
			return true;
	return false;
}

bool evw_sure_creator(const struct evw *w, const char *iface)
{
	const struct ifw_iface_analysis *ia = evw_ia(w, iface);
	for (size_t i = 0; i < ia->findings.n; i++)
		if (ia->findings.v[i]->role == IFW_ROLE_CREATOR &&
		    ia->findings.v[i]->confidence >= IFW_CONF_LIKELY) {
			evw_dump(w, iface);
			return true;
		}
	return false;
}
