/* Indexes and lookups: the model's references resolved once, then found in O(1). */
#include "model/model.h"

#include <string.h>
#include <sys/socket.h>

static uint64_t nskey(ifw_id ns, int32_t ifindex)
{
	return ((uint64_t)ns << 32) | (uint32_t)ifindex;
}

ifw_id ifw_model_iface_by_index(const struct ifw_model *m, ifw_id ns, int32_t ifindex)
{
	if (ns == IFW_NOID || ifindex <= 0)
		return IFW_NOID;
	return ifw_idmap_get(&m->by_nsindex, nskey(ns, ifindex));
}

ifw_id ifw_model_proc_by_pid(const struct ifw_model *m, int32_t pid)
{
	return pid > 0 ? ifw_idmap_get(&m->by_pid, (uint64_t)pid) : IFW_NOID;
}

ifw_id ifw_model_socket_by_inode(const struct ifw_model *m, uint64_t inode)
{
	return inode ? ifw_idmap_get(&m->by_inode, inode) : IFW_NOID;
}

ifw_id ifw_model_netns_by_inode(const struct ifw_model *m, uint64_t inode)
{
	return inode ? ifw_idmap_get(&m->by_nsinode, inode) : IFW_NOID;
}

/* Two different addresses with the same hash share a slot marked this way; their lookups scan. */
#define ADDR_COLLISION (UINT32_MAX - 1)

static uint64_t addr_key(ifw_id ns, const struct ifw_ip *ip)
{
	uint64_t h = 1469598103934665603ULL ^ ns;
	for (size_t i = 0; i < ifw_ip_len(ip->family); i++)
		h = (h ^ ip->a[i]) * 1099511628211ULL;
	return (h ^ ip->family) & ~(1ULL << 63); /* never the idmap's empty key */
}

static ifw_id addr_scan(const struct ifw_model *m, ifw_id ns, const struct ifw_ip *ip)
{
	for (size_t i = 0; i < m->addrs.n; i++) {
		const struct ifw_addr *a = &m->addrs.v[i];
		if (a->iface != IFW_NOID && m->ifaces.v[a->iface].ns == ns && ifw_ip_eq(&a->ip, ip))
			return a->iface;
	}
	return IFW_NOID;
}

ifw_id ifw_model_iface_by_addr(const struct ifw_model *m, ifw_id ns, const struct ifw_ip *ip)
{
	struct ifw_ip u = ifw_ip_unmap(ip);
	if (!m->addrs_indexed)
		return addr_scan(m, ns, &u);
	uint32_t id = ifw_idmap_get(&m->by_addr, addr_key(ns, &u));
	if (id == ADDR_COLLISION)
		return addr_scan(m, ns, &u);
	if (id == IFW_NOID)
		return IFW_NOID;
	const struct ifw_addr *a = &m->addrs.v[id];
	return ifw_ip_eq(&a->ip, &u) && m->ifaces.v[a->iface].ns == ns ? a->iface : IFW_NOID;
}

static int index_addrs(struct ifw_model *m)
{
	for (size_t i = 0; i < m->addrs.n; i++) {
		const struct ifw_addr *a = &m->addrs.v[i];
		if (a->iface == IFW_NOID)
			continue;
		ifw_id ns = m->ifaces.v[a->iface].ns;
		uint64_t key = addr_key(ns, &a->ip);
		uint32_t old = ifw_idmap_get(&m->by_addr, key);
		if (old != IFW_NOID && old != ADDR_COLLISION) {
			const struct ifw_addr *o = &m->addrs.v[old];
			if (ifw_ip_eq(&o->ip, &a->ip) && m->ifaces.v[o->iface].ns == ns)
				continue; /* the same address on two interfaces: keep the first */
			old = ADDR_COLLISION;
		} else {
			old = old == ADDR_COLLISION ? old : (uint32_t)i;
		}
		if (ifw_idmap_put(&m->by_addr, key, old) < 0)
			return -1;
	}
	m->addrs_indexed = true;
	return 0;
}

const char *ifw_model_name_for(const struct ifw_model *m, const struct ifw_ip *ip)
{
	struct ifw_ip u = ifw_ip_unmap(ip);
	for (size_t i = 0; i < m->names.n; i++)
		if (ifw_ip_eq(&m->names.v[i].ip, &u))
			return m->names.v[i].name;
	return NULL;
}

#define PUSH_ID(vec, id)                                                                           \
	do {                                                                                       \
		ifw_id *slot_ = ifw_vec_push(vec);                                                 \
		if (!slot_)                                                                        \
			return -1;                                                                 \
		*slot_ = (id);                                                                     \
	} while (0)

static int index_maps(struct ifw_model *m)
{
	for (size_t i = 0; i < m->netns.n; i++)
		if (m->netns.v[i].inode &&
		    ifw_idmap_put(&m->by_nsinode, m->netns.v[i].inode, (ifw_id)i) < 0)
			return -1;
	for (size_t i = 0; i < m->ifaces.n; i++) {
		const struct ifw_iface *f = &m->ifaces.v[i];
		if (f->ifindex > 0 &&
		    ifw_idmap_put(&m->by_nsindex, nskey(f->ns, f->ifindex), (ifw_id)i) < 0)
			return -1;
	}
	for (size_t i = 0; i < m->sockets.n; i++)
		if (m->sockets.v[i].inode &&
		    ifw_idmap_put(&m->by_inode, m->sockets.v[i].inode, (ifw_id)i) < 0)
			return -1;
	for (size_t i = 0; i < m->procs.n; i++)
		if (m->procs.v[i].pid > 0 &&
		    ifw_idmap_put(&m->by_pid, (uint64_t)m->procs.v[i].pid, (ifw_id)i) < 0)
			return -1;
	return index_addrs(m);
}

static int index_ifaces(struct ifw_model *m)
{
	for (size_t i = 0; i < m->ifaces.n; i++) {
		struct ifw_iface *f = &m->ifaces.v[i];
		/* link_ns is resolved by the collector (nsid -> namespace); default: same ns. */
		if (f->link_ifindex > 0) {
			ifw_id lns = f->link_nsid < 0 ? f->ns : f->link_ns;
			if (lns != IFW_NOID) {
				f->link_ns = lns;
				f->link = ifw_model_iface_by_index(m, lns, f->link_ifindex);
			}
		}
		if (f->master_ifindex > 0) {
			f->master = ifw_model_iface_by_index(m, f->ns, f->master_ifindex);
			if (f->master != IFW_NOID)
				PUSH_ID(&m->ifaces.v[f->master].ports, (ifw_id)i);
		}
	}
	for (size_t i = 0; i < m->addrs.n; i++)
		if (m->addrs.v[i].iface != IFW_NOID)
			PUSH_ID(&m->ifaces.v[m->addrs.v[i].iface].addrs, (ifw_id)i);
	for (size_t i = 0; i < m->routes.n; i++) {
		struct ifw_route *r = &m->routes.v[i];
		if (r->iface == IFW_NOID)
			r->iface = ifw_model_iface_by_index(m, r->ns, r->oif);
		if (r->iface != IFW_NOID)
			PUSH_ID(&m->ifaces.v[r->iface].routes, (ifw_id)i);
	}
	for (size_t i = 0; i < m->flows.n; i++)
		if (m->flows.v[i].iface != IFW_NOID)
			PUSH_ID(&m->ifaces.v[m->flows.v[i].iface].flows, (ifw_id)i);
	return 0;
}

static uint64_t name_key(ifw_id ns, const char *name)
{
	uint64_t h = 1469598103934665603ULL ^ ns;
	for (const char *c = name; *c; c++)
		h = (h ^ (uint8_t)*c) * 1099511628211ULL;
	return h & ~(1ULL << 63); /* never the idmap's empty key */
}

static bool names_iface(const struct ifw_model *m, ifw_id i, ifw_id ns, const char *name)
{
	const struct ifw_iface *f = &m->ifaces.v[i];
	return f->ns == ns && f->name && strcmp(f->name, name) == 0;
}

/* Adds rule to every interface of ns called name; -1 when out of memory. */
static int add_rule_to(struct ifw_model *m, const struct ifw_idmap *by_name, ifw_id ns,
                       const char *name, ifw_id rule)
{
	ifw_id id = ifw_idmap_get(by_name, name_key(ns, name));
	size_t from = id, to = (size_t)id + 1;
	if (id == ADDR_COLLISION) { /* two names with one hash, or one name twice: scan */
		from = 0;
		to = m->ifaces.n;
	} else if (id == IFW_NOID) {
		return 0;
	}
	for (size_t i = from; i < to; i++)
		if (names_iface(m, (ifw_id)i, ns, name))
			PUSH_ID(&m->ifaces.v[i].policy_rules, rule);
	return 0;
}

/* Policy rules name interfaces (iif, oif): each interface gets the rules naming it, through a
 * (namespace, name) map built here, so that showing them costs no scan of every rule. */
static int index_rules(struct ifw_model *m)
{
	bool named = false;
	for (size_t i = 0; i < m->policy_rules.n && !named; i++)
		named = m->policy_rules.v[i].iifname || m->policy_rules.v[i].oifname;
	if (!named)
		return 0;
	struct ifw_idmap by_name;
	ifw_idmap_init(&by_name);
	int rc = 0;
	for (size_t i = 0; i < m->ifaces.n && rc == 0; i++) {
		const struct ifw_iface *f = &m->ifaces.v[i];
		if (!f->name)
			continue;
		uint64_t key = name_key(f->ns, f->name);
		uint32_t old = ifw_idmap_get(&by_name, key);
		if (old == IFW_NOID)
			rc = ifw_idmap_put(&by_name, key, (ifw_id)i);
		else if (old != ADDR_COLLISION)
			rc = ifw_idmap_put(&by_name, key, ADDR_COLLISION);
	}
	for (size_t i = 0; i < m->policy_rules.n && rc == 0; i++) {
		const struct ifw_policy_rule *r = &m->policy_rules.v[i];
		if (r->iifname)
			rc = add_rule_to(m, &by_name, r->ns, r->iifname, (ifw_id)i);
		/* iif and oif the same interface: listed once */
		if (r->oifname && rc == 0 && !(r->iifname && strcmp(r->iifname, r->oifname) == 0))
			rc = add_rule_to(m, &by_name, r->ns, r->oifname, (ifw_id)i);
	}
	ifw_idmap_free(&by_name);
	return rc;
}

/* A socket is on an interface when bound to the device, or to one of its addresses. */
static int index_sockets(struct ifw_model *m)
{
	for (size_t i = 0; i < m->sockets.n; i++) {
		struct ifw_socket *s = &m->sockets.v[i];
		if (s->bound_iface == IFW_NOID && s->bound_ifindex > 0)
			s->bound_iface = ifw_model_iface_by_index(m, s->ns, s->bound_ifindex);
		ifw_id on = s->bound_iface;
		if (on == IFW_NOID && s->family != AF_UNIX && !ifw_ip_is_any(&s->local))
			on = ifw_model_iface_by_addr(m, s->ns, &s->local);
		if (on != IFW_NOID)
			PUSH_ID(&m->ifaces.v[on].sockets, (ifw_id)i);
	}
	return 0;
}

static int index_fdrefs(struct ifw_model *m)
{
	for (size_t i = 0; i < m->fdrefs.n; i++) {
		struct ifw_fdref *r = &m->fdrefs.v[i];
		if (r->proc != IFW_NOID)
			PUSH_ID(&m->procs.v[r->proc].fdrefs, (ifw_id)i);
		if (r->type == IFW_FD_SOCKET) {
			if (r->socket == IFW_NOID)
				r->socket = ifw_model_socket_by_inode(m, r->inode);
			if (r->socket != IFW_NOID)
				PUSH_ID(&m->sockets.v[r->socket].fdrefs, (ifw_id)i);
		} else if (r->type == IFW_FD_TUN && r->tun_iface != IFW_NOID) {
			PUSH_ID(&m->ifaces.v[r->tun_iface].tunfds, (ifw_id)i);
		}
	}
	for (size_t i = 0; i < m->procs.n; i++) {
		struct ifw_process *p = &m->procs.v[i];
		if (p->ns == IFW_NOID)
			p->ns = ifw_model_netns_by_inode(m, p->netns_inode);
	}
	for (size_t i = 0; i < m->sockets.n; i++) {
		struct ifw_socket *s = &m->sockets.v[i];
		if (s->fdrefs.n)
			s->owner = IFW_OWNER_PROCESS;
		else if (s->owner == IFW_OWNER_UNKNOWN && s->inode == 0 &&
		         m->source == IFW_SRC_LIVE)
			s->owner =
			    IFW_OWNER_NONE; /* offline, a missing inode only means "not shown" */
	}
	return 0;
}

int ifw_model_index(struct ifw_model *m)
{
	if (m->indexed)
		return 0;
	if (index_maps(m) < 0 || index_ifaces(m) < 0 || index_rules(m) < 0 ||
	    index_sockets(m) < 0 || index_fdrefs(m) < 0)
		return -1;
	m->indexed = true;
	return 0;
}

int ifw_model_index_flows(struct ifw_model *m)
{
	for (size_t i = 0; i < m->ifaces.n; i++)
		m->ifaces.v[i].flows.n = 0;
	for (size_t i = 0; i < m->flows.n; i++)
		if (m->flows.v[i].iface != IFW_NOID)
			PUSH_ID(&m->ifaces.v[m->flows.v[i].iface].flows, (ifw_id)i);
	return 0;
}
