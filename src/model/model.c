#include "model/model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

void ifw_model_init(struct ifw_model *m)
{
	memset(m, 0, sizeof(*m));
	ifw_arena_init(&m->arena);
	ifw_idmap_init(&m->by_nsindex);
	ifw_idmap_init(&m->by_inode);
	ifw_idmap_init(&m->by_pid);
	ifw_idmap_init(&m->by_nsinode);
	ifw_idmap_init(&m->by_addr);
	ifw_idmap_init(&m->by_name);
}

void ifw_model_free(struct ifw_model *m)
{
	for (size_t i = 0; i < m->ifaces.n; i++) {
		struct ifw_iface *f = &m->ifaces.v[i];
		ifw_vec_free(&f->addrs);
		ifw_vec_free(&f->routes);
		ifw_vec_free(&f->sockets);
		ifw_vec_free(&f->tunfds);
		ifw_vec_free(&f->ports);
		ifw_vec_free(&f->flows);
		ifw_vec_free(&f->policy_rules);
	}
	for (size_t i = 0; i < m->sockets.n; i++)
		ifw_vec_free(&m->sockets.v[i].fdrefs);
	for (size_t i = 0; i < m->procs.n; i++)
		ifw_vec_free(&m->procs.v[i].fdrefs);
	ifw_vec_free(&m->netns);
	ifw_vec_free(&m->ifaces);
	ifw_vec_free(&m->addrs);
	ifw_vec_free(&m->routes);
	ifw_vec_free(&m->policy_rules);
	ifw_vec_free(&m->sockets);
	ifw_vec_free(&m->procs);
	ifw_vec_free(&m->fdrefs);
	ifw_vec_free(&m->sas);
	ifw_vec_free(&m->names);
	ifw_vec_free(&m->flows);
	ifw_vec_free(&m->decls);
	ifw_vec_free(&m->logcreates);
	ifw_vec_free(&m->typed);
	ifw_vec_free(&m->unread);
	ifw_vec_free(&m->mentioned);
	ifw_vec_free(&m->ct_peers);
	ifw_vec_free(&m->warnings);
	ifw_vec_free(&m->limits);
	ifw_idmap_free(&m->by_nsindex);
	ifw_idmap_free(&m->by_inode);
	ifw_idmap_free(&m->by_pid);
	ifw_idmap_free(&m->by_nsinode);
	ifw_idmap_free(&m->by_addr);
	ifw_idmap_free(&m->by_name);
	ifw_arena_free(&m->arena);
}

char *ifw_model_strdup(struct ifw_model *m, const char *s)
{
	return ifw_arena_strdup(&m->arena, s);
}

char *ifw_model_strndup(struct ifw_model *m, const char *s, size_t n)
{
	return ifw_arena_strndup(&m->arena, s, n);
}

struct ifw_netns *ifw_model_add_netns(struct ifw_model *m)
{
	struct ifw_netns *ns = ifw_vec_push(&m->netns);
	if (ns)
		ns->ip_forward = ns->ip6_forward = -1;
	return ns;
}

struct ifw_iface *ifw_model_add_iface(struct ifw_model *m, ifw_id ns)
{
	struct ifw_iface *f = ifw_vec_push(&m->ifaces);
	if (!f)
		return NULL;
	f->ns = ns;
	f->link_nsid = -1;
	f->link_ns = f->link = f->master = IFW_NOID;
	f->carrier = -1;
	return f;
}

struct ifw_addr *ifw_model_add_addr(struct ifw_model *m)
{
	struct ifw_addr *a = ifw_vec_push(&m->addrs);
	if (a)
		a->iface = IFW_NOID;
	return a;
}

struct ifw_route *ifw_model_add_route(struct ifw_model *m, ifw_id ns)
{
	struct ifw_route *r = ifw_vec_push(&m->routes);
	if (r) {
		r->ns = ns;
		r->iface = IFW_NOID;
	}
	return r;
}

struct ifw_policy_rule *ifw_model_add_policy_rule(struct ifw_model *m, ifw_id ns)
{
	struct ifw_policy_rule *r = ifw_vec_push(&m->policy_rules);
	if (r)
		r->ns = ns;
	return r;
}

struct ifw_socket *ifw_model_add_socket(struct ifw_model *m, ifw_id ns)
{
	struct ifw_socket *s = ifw_vec_push(&m->sockets);
	if (s) {
		s->ns = ns;
		s->bound_iface = IFW_NOID;
	}
	return s;
}

struct ifw_process *ifw_model_add_proc(struct ifw_model *m)
{
	struct ifw_process *p = ifw_vec_push(&m->procs);
	if (p)
		p->ns = IFW_NOID;
	return p;
}

struct ifw_fdref *ifw_model_add_fdref(struct ifw_model *m)
{
	struct ifw_fdref *r = ifw_vec_push(&m->fdrefs);
	if (r)
		r->proc = r->socket = r->tun_iface = IFW_NOID;
	return r;
}

struct ifw_tunnel_sa *ifw_model_add_sa(struct ifw_model *m)
{
	struct ifw_tunnel_sa *s = ifw_vec_push(&m->sas);
	if (s)
		s->proc = s->iface = IFW_NOID;
	return s;
}

bool ifw_sa_is_mesh(const struct ifw_tunnel_sa *sa)
{
	return sa->source && (strcmp(sa->source, "tailscale localapi") == 0 ||
	                      strcmp(sa->source, "zerotier service") == 0);
}

struct ifw_decl *ifw_model_add_decl(struct ifw_model *m)
{
	return ifw_vec_push(&m->decls);
}

struct ifw_logcreate *ifw_model_add_logcreate(struct ifw_model *m)
{
	struct ifw_logcreate *l = ifw_vec_push(&m->logcreates);
	if (l)
		l->pid = -1;
	return l;
}

struct ifw_ct_peer *ifw_model_add_ct_peer(struct ifw_model *m)
{
	struct ifw_ct_peer *p = ifw_vec_push(&m->ct_peers);
	if (p)
		p->ns = p->socket = IFW_NOID;
	return p;
}

struct ifw_flow *ifw_model_add_flow(struct ifw_model *m)
{
	struct ifw_flow *f = ifw_vec_push(&m->flows);
	if (f) {
		f->iface = IFW_NOID;
		f->owner = IFW_NOID;
	}
	return f;
}

static uint64_t name_key(const struct ifw_ip *ip, const char *name)
{
	uint64_t h = 1469598103934665603ULL ^ ip->family;
	for (size_t i = 0; i < ifw_ip_len(ip->family); i++)
		h = (h ^ ip->a[i]) * 1099511628211ULL;
	for (const char *p = name; *p; p++)
		h = (h ^ (uint8_t)*p) * 1099511628211ULL;
	return h & ~(1ULL << 63); /* never the idmap's empty key */
}

static bool same_hint(const struct ifw_name_hint *h, const struct ifw_ip *ip, const char *name)
{
	return ifw_ip_eq(&h->ip, ip) && strcmp(h->name, name) == 0;
}

/* A capture can see thousands of DNS answers; the hash keeps deduplication linear overall. */
int ifw_model_add_name(struct ifw_model *m, const struct ifw_ip *ip, const char *name,
                       const char *src)
{
	uint64_t key = name_key(ip, name);
	uint32_t first = ifw_idmap_get(&m->by_name, key);
	if (first != UINT32_MAX) {
		if (same_hint(&m->names.v[first], ip, name))
			return 0;
		/* A hash collision: rare enough that a scan of the later hints is fine. */
		for (size_t i = first + 1; i < m->names.n; i++)
			if (same_hint(&m->names.v[i], ip, name))
				return 0;
	}
	struct ifw_name_hint *h = ifw_vec_push(&m->names);
	if (!h)
		return -1;
	h->ip = *ip;
	h->name = ifw_model_strdup(m, name);
	h->origin.src = ifw_model_strdup(m, src);
	if (!h->name) {
		m->names.n--;
		return -1;
	}

	if (first == UINT32_MAX && ifw_idmap_put(&m->by_name, key, (uint32_t)(m->names.n - 1)) < 0)
		return -1;
	return 0;
}

__attribute__((format(printf, 4, 0))) static void
add_note(struct ifw_model *m, struct ifw_str_vec *v, bool dedup, const char *fmt, va_list ap)
{
	char buf[1024];
	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (dedup)
		for (size_t i = 0; i < v->n; i++)
			if (strcmp(v->v[i], buf) == 0)
				return;
	const char *s = ifw_model_strdup(m, buf);
	const char **slot = s ? ifw_vec_push(v) : NULL;
	if (slot)
		*slot = s;
}

void ifw_model_warn(struct ifw_model *m, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_note(m, &m->warnings, true, fmt, ap);
	va_end(ap);
}

void ifw_model_limit(struct ifw_model *m, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_note(m, &m->limits, true, fmt, ap);
	va_end(ap);
}

bool ifw_iface_link_elsewhere(const struct ifw_iface *f)
{
	return f->link_ns != IFW_NOID && f->link_ns != f->ns && f->link_nsid >= 0;
}

bool ifw_netns_matches(const struct ifw_netns *ns, const char *sel)
{
	if (ns->name && strcmp(ns->name, sel) == 0)
		return true;
	for (size_t i = 0; i < ns->n_names; i++)
		if (strcmp(ns->names[i], sel) == 0)
			return true;
	if (ns->is_host && (strcmp(sel, "host") == 0 || strcmp(sel, "init") == 0))
		return true;
	if (ns->is_self && (strcmp(sel, "self") == 0 || strcmp(sel, "current") == 0))
		return true;
	const char *num = strncmp(sel, "pid:", 4) == 0 ? sel + 4 : NULL;
	char *end;
	unsigned long long v = strtoull(num ? num : sel, &end, 10);
	if (*end || end == (num ? num : sel))
		return false;
	if (num)
		return ns->pid > 0 && (unsigned long long)ns->pid == v;
	return ns->inode == v || (ns->pid > 0 && (unsigned long long)ns->pid == v);
}
