/* Every interface by its (ifindex, link ifindex) pair, all of those sharing a pair chained. */
#include "collect/linux/nsid_pairs.h"

#include <stdlib.h>

/* UINT64_MAX is the map's empty key: bit 63 is dropped, the chain checks the real values. */
static uint64_t pair_key(int32_t ifindex, int32_t link)
{
	return ((uint64_t)(uint32_t)ifindex << 32 | (uint32_t)link) & ~(1ULL << 63);
}

int ifw_nsid_pairs_build(struct ifw_nsid_pairs *p, const struct ifw_model *m)
{
	p->m = m;
	ifw_idmap_init(&p->first);
	p->next = malloc((m->ifaces.n ? m->ifaces.n : 1) * sizeof(*p->next));
	if (!p->next)
		return -1;
	/* Backwards, each one put in front of the chain: chains list interfaces in model order. */
	for (size_t i = m->ifaces.n; i-- > 0;) {
		const struct ifw_iface *f = &m->ifaces.v[i];
		p->next[i] = IFW_NOID;
		if (f->link_ifindex <= 0)
			continue;
		uint64_t k = pair_key(f->ifindex, f->link_ifindex);
		p->next[i] = ifw_idmap_get(&p->first, k);
		if (ifw_idmap_put(&p->first, k, (ifw_id)i) < 0)
			return -1;
	}
	return 0;
}

void ifw_nsid_pairs_free(struct ifw_nsid_pairs *p)
{
	ifw_idmap_free(&p->first);
	free(p->next);
	p->next = NULL;
}

ifw_id ifw_nsid_pairs_next(const struct ifw_nsid_pairs *p, ifw_id iface, ifw_id prev)
{
	const struct ifw_iface *f = &p->m->ifaces.v[iface];
	if (f->link_ifindex <= 0)
		return IFW_NOID;
	ifw_id o = prev == IFW_NOID
	               ? ifw_idmap_get(&p->first, pair_key(f->link_ifindex, f->ifindex))
	               : p->next[prev];
	for (; o != IFW_NOID; o = p->next[o]) {
		const struct ifw_iface *c = &p->m->ifaces.v[o];
		if (c->ns != f->ns && c->ifindex == f->link_ifindex &&
		    c->link_ifindex == f->ifindex)
			return o;
	}
	return IFW_NOID;
}
