/* Who owns the addresses (and MAC address blocks) the report shows, looked up once after the
 * rules: the report only formats what is stored here. */
#include "infer/analysis.h"
#include "infer/owners.h"
#include "util/arena.h"

#include <stdlib.h>
#include <string.h>

/* The last records made: thousands of addresses (every namespace's loopback and private
 * addresses) share a few owners, so an equal record is reused rather than stored again. */
struct made {
	const struct ifw_addr_owner *v[64];
	size_t n, next;
};

static bool str_eq(const char *x, const char *y)
{
	return x == y || (x && y && strcmp(x, y) == 0);
}

static bool same(const struct ifw_addr_owner *o, const struct ifw_owner_info *oi)
{
	return o->special_tag == oi->special_tag && o->special_name == oi->special_name &&
	       o->special_rfc == oi->special_rfc && o->db_kind == oi->db_kind &&
	       o->network == oi->network && o->rdap == oi->rdap &&
	       (oi->found ? o->org && o->asn == oi->asn && strcmp(o->org, oi->org) == 0 &&
	                        str_eq(o->range, oi->range)
	                  : !o->org);
}

/* The owner of one address (arena-allocated, possibly shared); NULL when nothing is known (or
 * *oom set). */
static const struct ifw_addr_owner *owner_of(struct ifw_analysis *a, struct made *made,
                                             const struct ifw_ip *ip, int *oom)
{
	struct ifw_owner_info oi;
	if (!ifw_owner_lookup(a->owners, ip, &oi))
		return NULL;
	for (size_t i = 0; i < made->n; i++)
		if (same(made->v[i], &oi))
			return made->v[i];
	struct ifw_addr_owner *o = ifw_arena_alloc(a->arena, sizeof(*o));
	if (!o) {
		*oom = 1;
		return NULL;
	}
	o->special_tag = oi.special_tag;
	o->special_name = oi.special_name;
	o->special_rfc = oi.special_rfc;
	if (oi.found) {
		o->asn = oi.asn;
		o->org = ifw_arena_strdup(a->arena, oi.org);
		o->range = ifw_arena_strdup(a->arena, oi.range);
		if (!o->org || !o->range)
			*oom = 1;
	}
	o->db_kind = oi.db_kind;
	o->network = oi.network;
	o->rdap = oi.rdap;
	if (!*oom) { /* the newest replace the oldest once the table is full */
		made->v[made->next] = o;
		made->next = (made->next + 1) % (sizeof(made->v) / sizeof(made->v[0]));
		if (made->n < sizeof(made->v) / sizeof(made->v[0]))
			made->n++;
	}
	return o;
}

/* One interface's addresses, SAs' far ends, peers and MAC vendor. */
static void annotate_iface(struct ifw_analysis *a, struct made *made, ifw_id id, int *oom)
{
	const struct ifw_model *m = a->m;
	const struct ifw_iface *f = &m->ifaces.v[id];
	struct ifw_iface_analysis *ia = &a->ifaces[id];
	for (size_t i = 0; i < f->addrs.n && !*oom; i++) {
		ifw_id ad = f->addrs.v[i];
		a->addr_owner[ad] = owner_of(a, made, &m->addrs.v[ad].ip, oom);
	}
	for (size_t i = 0; i < ia->sas.n && !*oom; i++) {
		ifw_id sa = ia->sas.v[i];
		a->sa_remote_owner[sa] = owner_of(a, made, &m->sas.v[sa].remote, oom);
	}
	for (size_t i = 0; i < ia->peers.n && !*oom; i++)
		ia->peers.v[i].ip_owner = owner_of(a, made, &ia->peers.v[i].ip, oom);
	const struct ifw_kb_oui *oui = a->kb ? ifw_kb_oui(a->kb, f->mac, f->mac_len) : NULL;
	ia->mac_vendor = oui ? oui->vendor : NULL;
}

int ifw_owners_annotate(struct ifw_analysis *a, const ifw_id *only, size_t n_only)
{
	const struct ifw_model *m = a->m;
	int oom = 0;
	struct made made = {0};
	if (!a->addr_owner)
		a->addr_owner = calloc(m->addrs.n ? m->addrs.n : 1, sizeof(*a->addr_owner));
	if (!a->sa_remote_owner)
		a->sa_remote_owner = calloc(m->sas.n ? m->sas.n : 1, sizeof(*a->sa_remote_owner));
	if (!a->addr_owner || !a->sa_remote_owner)
		return -1;
	size_t n = only ? n_only : a->n;
	for (size_t i = 0; i < n && !oom; i++) {
		ifw_id id = only ? only[i] : (ifw_id)i;
		if (id < a->n)
			annotate_iface(a, &made, id, &oom);
	}
	return oom ? -1 : 0;
}
