/* Socket observations into sockets: the same socket seen twice (the numeric and the
 * name-resolving lsof, lsof and netstat or ss) is kept once with what either knew, host names
 * become name hints, and each socket gets fd references to its processes. */
#include "collect/evidence/ev.h"

#include "ipdb/operator.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return h;
}

static uint64_t fd_key(const struct ev_sock *s)
{
	uint64_t h = 1469598103934665603ULL;
	h = mix(h, &s->pid, sizeof(s->pid));
	h = mix(h, &s->fd, sizeof(s->fd));
	h = mix(h, &s->proto, 1);
	h = mix(h, &s->family, 1);
	return h & ~(1ULL << 63);
}

/* Addresses are left out of the key: one listing may name a host where another has its
 * address; same_socket compares them. */
static uint64_t tuple_key(const struct ev_sock *s)
{
	uint64_t h = 14695981039346656037ULL;
	h = mix(h, &s->proto, 1);
	h = mix(h, &s->family, 1);
	h = mix(h, &s->local.port, 2);
	h = mix(h, &s->remote.port, 2);
	return h & ~(1ULL << 63);
}

static bool is_any(const struct ev_end *e)
{
	return e->has_ip ? ifw_ip_is_any(&e->ip) : !e->name;
}

/* Two views of one end: the same address, or a host name next to an address. */
static bool same_end(const struct ev_end *a, const struct ev_end *b)
{
	if (is_any(a) || is_any(b))
		return is_any(a) && is_any(b);
	if (a->has_ip && b->has_ip)
		return ifw_ip_eq(&a->ip, &b->ip);
	if (!a->has_ip && !b->has_ip)
		return strcmp(a->name, b->name) == 0;
	return true;
}

static void merge_end(struct ev_end *a, const struct ev_end *b)
{
	if (!a->has_ip && b->has_ip) {
		a->ip = b->ip;
		a->has_ip = true;
	}
	if (!a->name && b->name)
		a->name = b->name;
	if (!a->port)
		a->port = b->port;
	if (!a->dev)
		a->dev = b->dev;
}

static int ip_count(const struct ev_sock *s)
{
	return s->local.has_ip + s->remote.has_ip;
}

/* b is the same socket as a: a keeps what either knows; the numeric line stays the evidence. */
static void merge(struct ev_sock *a, struct ev_sock *b)
{
	if (ip_count(b) > ip_count(a)) {
		struct ifw_origin o = a->origin;
		a->origin = b->origin;
		b->origin = o;
	}
	merge_end(&a->local, &b->local);
	merge_end(&a->remote, &b->remote);
	if (!a->state)
		a->state = b->state;
	if (a->pid < 0) {
		a->pid = b->pid;
		a->fd = b->fd;
	}
	if (!a->comm)
		a->comm = b->comm;
	if (!a->user)
		a->user = b->user;
	if (!a->has_uid && b->has_uid) {
		a->uid = b->uid;
		a->has_uid = true;
	}
	if (!a->has_inode && b->has_inode) {
		a->inode = b->inode;
		a->has_inode = true;
	} else if (!a->inode) {
		a->inode = b->inode;
	}
	if (!a->more_users)
		a->more_users = b->more_users;
	b->dropped = true;
}

/* The same pid and fd in two lsof listings (-n and name-resolving) is one socket. */
static int pair_lsof(struct ev_ctx *c)
{
	struct ifw_idmap by_fd;
	ifw_idmap_init(&by_fd);
	int rc = 0;
	for (size_t i = 0; i < c->socks.n && rc == 0; i++) {
		struct ev_sock *s = &c->socks.v[i];
		if (s->dropped || s->from != EV_LSOF || s->pid < 0 || s->fd < 0)
			continue;
		uint64_t k = fd_key(s);
		ifw_id j = ifw_idmap_get(&by_fd, k);
		if (j == IFW_NOID) {
			rc = ifw_idmap_put(&by_fd, k, (ifw_id)i);
			continue;
		}
		struct ev_sock *a = &c->socks.v[j];
		if (a->pid == s->pid && a->fd == s->fd && a->proto == s->proto &&
		    a->family == s->family)
			merge(a, s);
	}
	ifw_idmap_free(&by_fd);
	return rc;
}

static bool same_socket(const struct ev_sock *a, const struct ev_sock *s)
{
	return a->from != s->from && a->proto == s->proto && a->family == s->family &&
	       a->local.port == s->local.port && a->remote.port == s->remote.port &&
	       same_end(&a->local, &s->local) && same_end(&a->remote, &s->remote) &&
	       (a->pid < 0 || s->pid < 0 || a->pid == s->pid);
}

/* netstat or ss next to lsof: the same addresses, ports and (when both say) pid. Observations
 * with the same key are chained; a chain is searched only so far, so that thousands of alike
 * sockets (UDP *:0) cost no more than a bounded scan each. */
static int pair_listings(struct ev_ctx *c)
{
	ifw_id *next = malloc((c->socks.n ? c->socks.n : 1) * sizeof(*next));
	if (!next)
		return -1;
	struct ifw_idmap head;
	ifw_idmap_init(&head);
	int rc = 0;
	for (size_t i = 0; i < c->socks.n && rc == 0; i++) {
		struct ev_sock *s = &c->socks.v[i];
		if (s->dropped)
			continue;
		uint64_t k = tuple_key(s);
		ifw_id first = ifw_idmap_get(&head, k);
		int steps = 0;
		for (ifw_id j = first; j != IFW_NOID && steps < 64; j = next[j], steps++)
			if (same_socket(&c->socks.v[j], s)) {
				merge(&c->socks.v[j], s);
				break;
			}
		if (!s->dropped) {
			next[i] = first;
			rc = ifw_idmap_put(&head, k, (ifw_id)i);
		}
	}
	ifw_idmap_free(&head);
	free(next);
	return rc;
}

struct names {
	const struct ifw_operators *ops;
	bool tried;
};

/* A remote end given only by name: the operator's naming pattern may encode the address
 * (T-Mobile's m4b2836d0.tmodns.net is 208.54.40.75). */
static bool decode_name(struct ev_ctx *c, struct names *nm, const char *name, struct ifw_ip *ip)
{
	if (!nm->tried) {
		nm->tried = true;
		const char *why = NULL;
		nm->ops = ifw_operators_shared(&why);
		if (!nm->ops)
			ifw_model_warn(c->m, "evidence: host names not decoded: %s",
			               why ? why : "?");
	}
	struct ifw_operator_hit hit;
	if (ifw_operator_from_name(name, nm->ops, &hit) != 1 || !hit.has_ip)
		return false;
	*ip = hit.ip;
	return true;
}

static void localhost(struct ev_end *e, uint8_t family)
{
	if (!e->name || e->has_ip || strcmp(e->name, "localhost") != 0)
		return;
	memset(&e->ip, 0, sizeof(e->ip));
	e->ip.family = family;
	if (family == AF_INET) {
		e->ip.a[0] = 127;
		e->ip.a[3] = 1;
	} else {
		e->ip.a[15] = 1;
	}
	e->has_ip = true;
}

static void hint(struct ev_ctx *c, const struct ev_end *e, const char *src)
{
	if (e->has_ip && e->name && !ifw_ip_is_any(&e->ip))
		ifw_model_add_name(c->m, &e->ip, e->name, src);
}

static ifw_id bound(struct ev_ctx *c, const char *dev)
{
	return dev ? ev_iface_find(c, c->ns, dev) : IFW_NOID;
}

static void add_fdref(struct ev_ctx *c, ifw_id sock, int32_t pid, int32_t fd, const char *comm,
                      const struct ev_sock *s)
{
	ifw_id p = ev_proc_get(c, pid);
	if (p == IFW_NOID)
		return;
	ev_proc_fill(c, p, comm, s->user, s->user);
	if (s->has_uid && !c->m->procs.v[p].has_uid) {
		c->m->procs.v[p].uid = s->uid;
		c->m->procs.v[p].has_uid = true;
	}
	if (!c->m->procs.v[p].origin.src)
		c->m->procs.v[p].origin.src = s->origin.src;
	struct ifw_fdref *r = ifw_model_add_fdref(c->m);
	if (!r)
		return;
	r->type = IFW_FD_SOCKET;
	r->proc = p;
	r->fd = fd;
	r->socket = sock;
	r->inode = c->m->sockets.v[sock].inode;
	r->origin.src = s->origin.src;
}

/* ss: ,("charon",pid=123,fd=13),... after the first user. */
static void more_users(struct ev_ctx *c, ifw_id sock, const struct ev_sock *s)
{
	const char *p = s->more_users;
	for (int n = 0; p && *p && n < 64; n++) {
		const char *q = strchr(p, '"'), *q2 = q ? strchr(q + 1, '"') : NULL;
		if (!q2)
			return;
		const char *close = strchr(q2, ')');
		int32_t pid = -1, fd = -1;
		for (const char *k = q2; *k && (!close || k < close); k++) {
			/* In range or not taken, as p_ss.c reads the first user. */
			char *e;
			if (ev_starts(k, "pid=")) {
				long long v = strtoll(k + 4, &e, 10);
				pid = v >= 1 && v <= 4194304 && e > k + 4 ? (int32_t)v : -1;
			} else if (ev_starts(k, "fd=")) {
				long long v = strtoll(k + 3, &e, 10);
				fd = v >= 0 && v <= INT32_MAX && e > k + 3 ? (int32_t)v : -1;
			}
		}
		if (pid > 0)
			add_fdref(c, sock, pid, fd,
			          ifw_model_strndup(c->m, q + 1, (size_t)(q2 - q - 1)), s);
		p = close ? close + 1 : NULL;
	}
}

/* The family, "localhost", and an address decoded from an operator's host name. */
static void normalize(struct ev_ctx *c, struct names *nm, struct ev_sock *s)
{
	if (!s->family)
		s->family = s->local.has_ip ? s->local.ip.family : s->remote.ip.family;
	if (!s->family)
		s->family = AF_INET;
	localhost(&s->local, s->family);
	localhost(&s->remote, s->family);
	struct ifw_ip dec;
	if (!s->remote.has_ip && s->remote.name && decode_name(c, nm, s->remote.name, &dec)) {
		s->remote.ip = dec;
		s->remote.has_ip = true;
	}
}

static void make_socket(struct ev_ctx *c, struct ev_sock *s)
{
	uint8_t fam = s->family;
	hint(c, &s->local, s->origin.src);
	hint(c, &s->remote, s->origin.src);
	if (!ev_room(c, c->m->sockets.n))
		return;
	struct ifw_socket *k = ifw_model_add_socket(c->m, c->ns);
	if (!k)
		return;
	ifw_id id = (ifw_id)(c->m->sockets.n - 1);
	k->proto = s->proto;
	k->family = fam;
	k->state = s->state;
	k->listening = s->listening;
	if (s->local.has_ip)
		k->local = s->local.ip;
	else
		k->local.family = fam; /* "*": any address */
	if (s->remote.has_ip)
		k->remote = s->remote.ip;
	k->lport = s->local.port;
	k->rport = s->remote.port;
	k->remote_name = s->remote.name;
	if (!s->local.has_ip)
		k->local_name = s->local.name;
	k->uid = s->uid;
	k->inode = s->inode;
	k->origin = s->origin;
	k->bound_iface = bound(c, s->local.dev);
	if (k->bound_iface != IFW_NOID)
		k->bound_ifindex = c->m->ifaces.v[k->bound_iface].ifindex;
	/* ss -e: an open socket with inode 0 and no process is the kernel's (WireGuard, VXLAN) */
	if (s->from == EV_SS && s->has_inode && !s->inode && s->pid < 0 && s->listening)
		k->owner = IFW_OWNER_KERNEL;
	if (s->pid > 0)
		add_fdref(c, id, s->pid, s->fd, s->comm, s);
	if (s->more_users)
		more_users(c, id, s);
}

int ev_make_sockets(struct ev_ctx *c)
{
	struct names nm = {0};
	int rc = pair_lsof(c);
	for (size_t i = 0; i < c->socks.n && rc == 0; i++)
		if (!c->socks.v[i].dropped)
			normalize(c, &nm, &c->socks.v[i]);
	if (rc == 0)
		rc = pair_listings(c);
	for (size_t i = 0; i < c->socks.n && rc == 0; i++)
		if (!c->socks.v[i].dropped)
			make_socket(c, &c->socks.v[i]);
	return rc;
}
