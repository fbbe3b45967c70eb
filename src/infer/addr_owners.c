/* Who owns the addresses (and MAC address blocks) the report shows, looked up once after the
 * rules: the report only formats what is stored here. */
#include "infer/analysis.h"
#include "infer/owners.h"
#include "util/arena.h"

#include <stdlib.h>

/* The owner of one address, arena-allocated; NULL when nothing is known (or *oom set). */
static const struct ifw_addr_owner *owner_of(struct ifw_analysis *a, const struct ifw_ip *ip,
                                             int *oom)
{
	struct ifw_owner_info oi;
	if (!ifw_owner_lookup(a->owners, ip, &oi))
		return NULL;
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
	return o;
}

int ifw_owners_annotate(struct ifw_analysis *a)
{
	const struct ifw_model *m = a->m;
	int oom = 0;
	a->addr_owner = calloc(m->addrs.n ? m->addrs.n : 1, sizeof(*a->addr_owner));
	a->sa_remote_owner = calloc(m->sas.n ? m->sas.n : 1, sizeof(*a->sa_remote_owner));
	if (!a->addr_owner || !a->sa_remote_owner)
		return -1;
	for (size_t i = 0; i < m->addrs.n && !oom; i++)
		a->addr_owner[i] = owner_of(a, &m->addrs.v[i].ip, &oom);
	for (size_t i = 0; i < m->sas.n && !oom; i++)
		a->sa_remote_owner[i] = owner_of(a, &m->sas.v[i].remote, &oom);
	for (size_t i = 0; i < a->n && !oom; i++)
		for (size_t k = 0; k < a->ifaces[i].peers.n && !oom; k++) {
			struct ifw_peer *p = &a->ifaces[i].peers.v[k];
			p->ip_owner = owner_of(a, &p->ip, &oom);
		}
	for (size_t i = 0; i < a->n && a->kb; i++) {
		const struct ifw_iface *f = &m->ifaces.v[i];
		const struct ifw_kb_oui *oui = ifw_kb_oui(a->kb, f->mac, f->mac_len);
		a->ifaces[i].mac_vendor = oui ? oui->vendor : NULL;
	}
	return oom ? -1 : 0;
}
