/* Records in the model for the parsers: interfaces by name, processes by pid, addresses without
 * duplicates, socket observations and name references kept for the end, and the bounds. */
#include "collect/evidence/ev.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

const char *ev_src(struct ev_ctx *c, const struct ev_line *l)
{
	return ifw_arena_printf(&c->m->arena, "%s:%llu", c->file ? c->file : "evidence",
	                        (unsigned long long)l->no);
}

const char *ev_raw(struct ev_ctx *c, const struct ev_line *l)
{
	size_t n = l->len;
	while (n && (l->s[n - 1] == ' ' || l->s[n - 1] == '\t'))
		n--;
	if (n <= EV_MAX_RAW)
		return ifw_model_strndup(c->m, l->s, n);
	return ifw_arena_printf(&c->m->arena, "%.*s...", EV_MAX_RAW, l->s);
}

void ev_origin(struct ev_ctx *c, const struct ev_line *l, struct ifw_origin *o)
{
	o->src = ev_src(c, l);
	o->raw = ev_raw(c, l);
}

bool ev_room(struct ev_ctx *c, size_t n_records)
{
	if (c->full)
		return false;
	if (n_records < EV_MAX_RECORDS && c->m->arena.used_total < EV_MAX_ARENA)
		return true;
	c->full = true;
	ifw_model_warn(c->m,
	               "evidence: stopped reading at %s line %llu: more records than ifwho keeps "
	               "(%u of a kind, or %u MiB of text)",
	               c->file ? c->file : "?", (unsigned long long)c->lines, EV_MAX_RECORDS,
	               EV_MAX_ARENA >> 20);
	return false;
}

static uint64_t name_key(ifw_id ns, const char *name, size_t len)
{
	uint64_t h = 1469598103934665603ULL ^ ns;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)name[i]) * 1099511628211ULL;
	return h & ~(1ULL << 63);
}

static bool same_name(const struct ifw_iface *f, ifw_id ns, const char *name, size_t len)
{
	return f->ns == ns && f->name && strlen(f->name) == len && memcmp(f->name, name, len) == 0;
}

static ifw_id find_n(struct ev_ctx *c, ifw_id ns, const char *name, size_t len)
{
	ifw_id id = ifw_idmap_get(&c->iface_by_name, name_key(ns, name, len));
	if (id == IFW_NOID)
		return IFW_NOID;
	if (same_name(&c->m->ifaces.v[id], ns, name, len))
		return id;
	for (size_t i = 0; i < c->m->ifaces.n; i++) /* a hash collision: rare */
		if (same_name(&c->m->ifaces.v[i], ns, name, len))
			return (ifw_id)i;
	return IFW_NOID;
}

bool ev_ifname_ok(const char *s, size_t n)
{
	if (n == 0 || n > 15)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-",
		            s[i]))
			return false;
	return true;
}

ifw_id ev_iface_find(struct ev_ctx *c, ifw_id ns, const char *name)
{
	return name ? find_n(c, ns, name, strlen(name)) : IFW_NOID;
}

ifw_id ev_iface_get(struct ev_ctx *c, ifw_id ns, const char *name, size_t len, bool *created)
{
	if (created)
		*created = false;
	if (!len || len > 64)
		return IFW_NOID;
	ifw_id id = find_n(c, ns, name, len);
	if (id != IFW_NOID)
		return id;
	if (!ev_room(c, c->m->ifaces.n))
		return IFW_NOID;
	struct ifw_iface *f = ifw_model_add_iface(c->m, ns);
	if (!f)
		return IFW_NOID;
	id = (ifw_id)(c->m->ifaces.n - 1);
	f->name = ifw_model_strndup(c->m, name, len);
	uint64_t key = name_key(ns, name, len);
	if (ifw_idmap_get(&c->iface_by_name, key) == IFW_NOID)
		ifw_idmap_put(&c->iface_by_name, key, id);
	if (created)
		*created = true;
	return id;
}

static uint64_t addr_key(ifw_id iface, const struct ifw_ip *ip)
{
	uint64_t h = 1469598103934665603ULL ^ iface;
	for (size_t i = 0; i < 16; i++)
		h = (h ^ ip->a[i]) * 1099511628211ULL;
	return (h ^ ip->family) & ~(1ULL << 63);
}

/* Whether the reader now reading is an interface listing of this host's (`ip addr`,
 * `ifconfig`, `ip -br`, `ip -j`, `netstat -i`, nmcli's overview), not a log's words, a JSON
 * document a log holds, or a container's output. */
static bool listing_now(const struct ev_ctx *c)
{
	static const struct ev_parser *const listings[] = {
	    &ev_p_ifconfig, &ev_p_ifconfig_nt,  &ev_p_iplink,        &ev_p_ipbrief,
	    &ev_p_ipjson,   &ev_p_netstat_ibsd, &ev_p_nmcli_overview};
	for (size_t i = 0; i < sizeof(listings) / sizeof(listings[0]); i++)
		if (c->cur == listings[i])
			return !c->session_log;
	return false;
}

static void ll_mark(struct ev_ctx *c, ifw_id addr)
{
	const struct ifw_ip *ip = &c->m->addrs.v[addr].ip;
	if (ip->family == AF_INET6 && ip->a[0] == 0xfe && (ip->a[1] & 0xc0) == 0x80 &&
	    listing_now(c))
		ifw_idmap_put(&c->ll_listed, addr, 1);
}

bool ev_addr_listed_ll(const struct ev_ctx *c, ifw_id addr)
{
	return ifw_idmap_get(&c->ll_listed, addr) == 1;
}

struct ifw_addr *ev_addr_add(struct ev_ctx *c, ifw_id iface, const struct ifw_ip *ip, uint8_t plen)
{
	/* The same address from `ifconfig -a` and `ifconfig -v -a`, or from `ip -j addr` and
	 * `ifconfig`: the first is kept. */
	uint64_t key = addr_key(iface, ip);
	ifw_id seen = ifw_idmap_get(&c->addr_seen, key);
	if (seen != IFW_NOID && c->m->addrs.v[seen].iface == iface &&
	    ifw_ip_eq(&c->m->addrs.v[seen].ip, ip)) {
		ll_mark(c, seen); /* a log's before the listing's */
		return NULL;
	}
	if (!ev_room(c, c->m->addrs.n))
		return NULL;
	struct ifw_addr *a = ifw_model_add_addr(c->m);
	if (!a)
		return NULL;
	a->iface = iface;
	a->ip = *ip;
	a->plen = plen;
	a->scope = ev_addr_scope(ip);
	a->valid_lft = a->preferred_lft = UINT32_MAX;
	if (seen == IFW_NOID)
		ifw_idmap_put(&c->addr_seen, key, (ifw_id)(c->m->addrs.n - 1));
	ll_mark(c, (ifw_id)(c->m->addrs.n - 1));
	return a;
}

ifw_id ev_proc_get(struct ev_ctx *c, int32_t pid)
{
	if (pid <= 0)
		return IFW_NOID;
	ifw_id id = ifw_idmap_get(&c->proc_by_pid, (uint64_t)pid);
	if (id != IFW_NOID)
		return id;
	if (!ev_room(c, c->m->procs.n))
		return IFW_NOID;
	struct ifw_process *p = ifw_model_add_proc(c->m);
	if (!p)
		return IFW_NOID;
	p->pid = pid;
	p->ppid = -1;
	id = (ifw_id)(c->m->procs.n - 1);
	if (ifw_idmap_put(&c->proc_by_pid, (uint64_t)pid, id) < 0)
		return IFW_NOID;
	return id;
}

void ev_proc_fill(struct ev_ctx *c, ifw_id id, const char *comm, const char *user,
                  const char *uid_text)
{
	if (id == IFW_NOID)
		return;
	struct ifw_process *p = &c->m->procs.v[id];
	if (!p->comm && comm)
		p->comm = comm;
	if (uid_text && !p->has_uid) {
		struct ev_tok t = {uid_text, strlen(uid_text)};
		uint64_t v;
		if (ev_tok_u64(&t, &v, false) && v <= UINT32_MAX) {
			p->uid = (uint32_t)v;
			p->has_uid = true;
			return;
		}
	}
	if (!p->user && user)
		p->user = user;
}

struct ev_sock *ev_sock_add(struct ev_ctx *c, const struct ev_line *l, enum ev_shape from)
{
	if (!ev_room(c, c->socks.n))
		return NULL;
	struct ev_sock *s = ifw_vec_push(&c->socks);
	if (!s)
		return NULL;
	s->from = (uint8_t)from;
	s->pid = s->fd = -1;
	ev_origin(c, l, &s->origin);
	return s;
}

void ev_ref_add(struct ev_ctx *c, enum ev_ref_kind kind, ifw_id id, const char *name, int64_t num,
                const struct ev_line *l)
{
	if (!name || !ev_room(c, c->refs.n))
		return;
	struct ev_ref *r = ifw_vec_push(&c->refs);
	if (!r)
		return;
	r->kind = (uint8_t)kind;
	r->id = id;
	r->name = name;
	r->num = num;
	r->fd = -1;
	if (l)
		ev_origin(c, l, &r->origin);
}

/* Namespace ids are as large as the host has made namespaces (hundreds on a busy one): mapped,
 * not indexed. */
ifw_id ev_peer_ns(struct ev_ctx *c, int64_t nsid)
{
	if (nsid < 0 || nsid >= INT32_MAX)
		return IFW_NOID;
	ifw_id id = ifw_idmap_get(&c->ns_by_nsid, (uint64_t)nsid);
	if (id != IFW_NOID)
		return id;
	if (c->m->netns.n >= EV_MAX_NETNS || !ev_room(c, c->m->netns.n))
		return IFW_NOID;
	struct ifw_netns *ns = ifw_model_add_netns(c->m);
	if (!ns)
		return IFW_NOID;
	/* Only its id is known: the evidence was taken in one namespace. */
	ns->name = ifw_arena_printf(&c->m->arena, "netnsid %lld", (long long)nsid);
	ns->error = "not in the evidence (only the namespace the commands ran in was read)";
	id = (ifw_id)(c->m->netns.n - 1);
	if (ifw_idmap_put(&c->ns_by_nsid, (uint64_t)nsid, id) < 0)
		return IFW_NOID;
	return id;
}

int32_t ev_nsid_of(const struct ev_ctx *c, ifw_id ns)
{
	const struct ifw_idmap *m = &c->ns_by_nsid;
	for (size_t i = 0; ns != IFW_NOID && i < m->cap; i++)
		if (m->keys[i] != UINT64_MAX && m->vals[i] == ns)
			return (int32_t)m->keys[i];
	return INT32_MAX;
}

static bool ns_is(const struct ifw_netns *ns, const char *name, size_t len)
{
	if (ns->name && strlen(ns->name) == len && memcmp(ns->name, name, len) == 0)
		return true;
	for (size_t i = 0; i < ns->n_names; i++)
		if (strlen(ns->names[i]) == len && memcmp(ns->names[i], name, len) == 0)
			return true;
	return false;
}

ifw_id ev_named_ns(struct ev_ctx *c, const char *name, size_t len)
{
	if (!len || len > 255)
		return IFW_NOID;
	for (size_t i = 0; i < c->m->netns.n; i++)
		if (!c->m->netns.v[i].is_host && ns_is(&c->m->netns.v[i], name, len))
			return (ifw_id)i;
	if (c->m->netns.n >= EV_MAX_NETNS || !ev_room(c, c->m->netns.n))
		return IFW_NOID;
	struct ifw_netns *ns = ifw_model_add_netns(c->m);
	if (!ns)
		return IFW_NOID;
	ns->name = ifw_model_strndup(c->m, name, len);
	ns->error = "not in the evidence (only the namespace the commands ran in was read)";
	return (ifw_id)(c->m->netns.n - 1);
}

uint8_t ev_tcp_state(const char *s, size_t len)
{
	static const struct {
		const char *name;
		uint8_t state;
	} names[] = {
	    {"ESTABLISHED", 1}, {"ESTAB", 1},      {"SYN_SENT", 2},   {"SYN-SENT", 2},
	    {"SYN_RCVD", 3},    {"SYN_RECV", 3},   {"SYN-RECV", 3},   {"SYN_RECEIVED", 3},
	    {"FIN_WAIT_1", 4},  {"FIN_WAIT1", 4},  {"FIN-WAIT-1", 4}, {"FIN_WAIT_2", 5},
	    {"FIN_WAIT2", 5},   {"FIN-WAIT-2", 5}, {"TIME_WAIT", 6},  {"TIME-WAIT", 6},
	    {"CLOSED", 7},      {"CLOSE", 7},      {"UNCONN", 7},     {"IDLE", 7},
	    {"BOUND", 7},       {"CLOSE_WAIT", 8}, {"CLOSE-WAIT", 8}, {"LAST_ACK", 9},
	    {"LAST-ACK", 9},    {"LISTEN", 10},    {"CLOSING", 11},
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].name) == len && memcmp(names[i].name, s, len) == 0)
			return names[i].state;
	return 0;
}

void ev_udp_state(struct ev_sock *s)
{
	bool connected = s->remote.has_ip ? !ifw_ip_is_any(&s->remote.ip) || s->remote.port
	                                  : s->remote.name != NULL;
	s->state = connected ? 1 : 7; /* TCP_ESTABLISHED / TCP_CLOSE, as the kernel reports UDP */
	s->listening = !connected;
}

struct ifw_iface *ev_iface_seen(struct ev_ctx *c, const struct ev_line *l, const char *name,
                                size_t len, ifw_id *id)
{
	ifw_id i = ev_iface_get(c, c->ns, name, len, NULL);
	if (id)
		*id = i;
	if (i == IFW_NOID)
		return NULL;
	struct ifw_iface *f = &c->m->ifaces.v[i];
	if (!f->origin.raw)
		ev_origin(c, l, &f->origin);
	return f;
}

static void log_bound(struct ev_ctx *c)
{
	if (c->log_bound_warned)
		return;
	c->log_bound_warned = true;
	ifw_model_warn(c->m,
	               "evidence: logs named more than %u interfaces, or told of more than %u "
	               "creations: the rest of their names were left out (%s line %llu)",
	               EV_MAX_LOGGED, EV_MAX_LOGGED, c->file ? c->file : "?",
	               (unsigned long long)c->lines);
}

struct ifw_iface *ev_iface_logged(struct ev_ctx *c, const struct ev_line *l, const char *name,
                                  size_t len, ifw_id *id)
{
	if (c->log_ifaces >= EV_MAX_LOGGED && find_n(c, c->ns, name, len) == IFW_NOID) {
		log_bound(c);
		if (id)
			*id = IFW_NOID;
		return NULL;
	}
	size_t before = c->m->ifaces.n;
	struct ifw_iface *f = ev_iface_seen(c, l, name, len, id);
	if (c->m->ifaces.n > before) { /* a new one */
		c->log_ifaces++;
		ifw_idmap_put(&c->log_named, c->m->ifaces.n - 1, 1);
	}
	return f;
}

bool ev_logcreate_room(struct ev_ctx *c)
{
	if (c->log_creates < EV_MAX_LOGGED)
		return ev_room(c, c->m->logcreates.n);
	log_bound(c);
	return false;
}

void ev_neigh_add(struct ev_ctx *c, ifw_id iface, const uint8_t mac[6])
{
	if (iface == IFW_NOID || iface >= c->m->ifaces.n || (mac[0] & 1))
		return; /* a multicast or broadcast address is nobody's */
	static const uint8_t zero[6];
	if (memcmp(mac, zero, 6) == 0)
		return;
	struct ifw_iface *f = &c->m->ifaces.v[iface];
	for (size_t i = 0; i < f->n_neigh_mac; i++)
		if (memcmp(f->neigh_mac[i], mac, 6) == 0)
			return;
	if (f->n_neigh < UINT32_MAX)
		f->n_neigh++;
	if (f->n_neigh_mac < IFW_NEIGH_KEEP)
		memcpy(f->neigh_mac[f->n_neigh_mac++], mac, 6);
}

const struct ev_tok *ev_find_mac(const struct ev_toks *t, uint8_t mac[6])
{
	uint8_t buf[32];
	for (size_t i = 0; i < t->n; i++)
		if (ev_parse_mac(t->t[i].s, t->t[i].len, buf, sizeof(buf)) == 6) {
			memcpy(mac, buf, 6);
			return &t->t[i];
		}
	return NULL;
}

bool ev_log_viewer(const char *prog)
{
	static const char *const viewers[] = {"docker",         "docker-compose",
	                                      "podman-compose", "podman",
	                                      "kubectl",        "crictl",
	                                      "nerdctl",        "oc",
	                                      "stern",          "log",
	                                      "logread",        "journalctl",
	                                      "dmesg"};
	for (size_t i = 0; i < sizeof(viewers) / sizeof(viewers[0]); i++)
		if (strcmp(prog, viewers[i]) == 0)
			return true;
	return false;
}

/* Whether the line is output of a log viewer typed before it (`docker logs web`, `kubectl
 * logs`, `journalctl`): a container's or any user's text, in which a daemon's table ("| wg0 |
 * bridge | YES |") is no word of that daemon. A command run in a container (`docker exec c
 * ovs-vsctl show`, Kolla's way) prints its own output (dispatch.c's shows_log). A blank line,
 * a marker or a fence the output opens does not end it (the container prints them as easily);
 * the next prompt, the end of a fence the prompt was in, or the file's end does. */
bool ev_shown_by_log_viewer(const struct ev_ctx *c, const struct ev_line *l)
{
	return l && c->session_log;
}

/* Whether one of the blank-separated words of s is w. */
static bool cmd_word(const char *s, const char *w)
{
	size_t n = strlen(w);
	for (const char *p = s; (p = strstr(p, w)); p += n)
		if ((p == s || p[-1] == ' ' || p[-1] == '\t') &&
		    (p[n] == '\0' || p[n] == ' ' || p[n] == '\t'))
			return true;
	return false;
}

bool ev_cmd_has(const struct ev_ctx *c, const char *a, const char *b)
{
	return c->cmd && cmd_word(c->cmd, a) && (!b || cmd_word(c->cmd, b));
}

struct ifw_logcreate *ev_logcreate_add(struct ev_ctx *c, const struct ev_line *l, const char *name,
                                       size_t len, const char *comm, int32_t pid, const char *how)
{
	if (!ev_logcreate_room(c) || (how && ev_shown_by_log_viewer(c, l)))
		return NULL;
	/* ps's output is processes' arguments, any user's words (`ps -eo args` starts a row with
	 * them: `sleep` run as "TUN/TAP device tun0 opened"), no program's log */
	if (l && l->session && c->hint == EV_PS)
		return NULL;
	struct ifw_logcreate *lc = ifw_model_add_logcreate(c->m);
	if (!lc)
		return NULL;
	c->log_creates++;
	lc->ifname = ifw_model_strndup(c->m, name, len);
	lc->comm = comm;
	lc->pid = pid;
	lc->own_log = true;
	lc->how = how;
	lc->container = l && c->session_log && c->session_container;
	lc->tagless = l && c->session_log && c->session_tagless;
	ev_origin(c, l, &lc->origin);
	return lc;
}

struct ifw_fdref *ev_unnamed_tun(struct ev_ctx *c, const struct ev_line *l, ifw_id proc, int32_t fd)
{
	if (proc == IFW_NOID || !ev_room(c, c->m->fdrefs.n))
		return NULL;
	struct ifw_fdref *f = ifw_model_add_fdref(c->m);
	if (!f)
		return NULL;
	f->type = IFW_FD_TUN;
	f->proc = proc;
	f->fd = fd;
	f->tun_name = NULL; /* which device, the listing does not say */
	f->tun_iface = IFW_NOID;
	ev_origin(c, l, &f->origin);
	c->votes_linux++; /* /dev/net/tun is Linux's */
	return f;
}
