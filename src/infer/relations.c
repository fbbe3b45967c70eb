/* Stage 0: the plain relations around an interface, before any interpretation: who holds it,
 * which sockets are on it, what else its holders hold (the tunnel's outer side), who lives
 * behind a veth. */
#include "infer/index.h"
#include "infer/rules.h"

#include <string.h>
#include <sys/socket.h>

/* Appends id unless it is already there. Lists here are short (a holder's sockets, SAs); a
 * process with thousands of sockets is checked through `seen` instead of a scan. */
static int push_id_seen(struct ifw_id_vec *v, ifw_id id, struct ifw_idmap *seen)
{
	if (seen) {
		if (ifw_idmap_get(seen, id) != IFW_NOID)
			return 0;
		if (ifw_idmap_put(seen, id, 1) < 0)
			return -1;
	} else {
		for (size_t i = 0; i < v->n; i++)
			if (v->v[i] == id)
				return 0;
	}
	ifw_id *slot = ifw_vec_push(v);
	if (!slot)
		return -1;
	*slot = id;
	return 0;
}

int ifw_add_holder(struct ifw_holder_vec *v, ifw_id proc, ifw_id fdref, const char *how,
                   bool confirmed)
{
	struct ifw_holder *h = ifw_vec_push(v);
	if (!h)
		return -1;
	h->proc = proc;
	h->fdref = fdref;
	h->how = how;
	h->confirmed = confirmed;
	return 0;
}

void ifw_holder_fd_facts(struct ifw_rule_ctx *c, struct ifw_finding *fi, ifw_id proc)
{
	struct ifw_idmap seen; /* not ifw_fact's scan of fi's facts per fd: quadratic */
	ifw_idmap_init(&seen);
	for (size_t i = 0; i < c->ia->holders.n && fi; i++) {
		const struct ifw_holder *h = &c->ia->holders.v[i];
		if (h->fdref == IFW_NOID || (proc != IFW_NOID && h->proc != proc) ||
		    ifw_idmap_get(&seen, h->fdref) != IFW_NOID)
			continue;
		if (ifw_idmap_put(&seen, h->fdref, 1) < 0) {
			c->oom = 1;
			break;
		}
		ifw_fact_new(c, fi, IFW_FACT_FDREF, h->fdref);
	}
	ifw_idmap_free(&seen);
}

static int tun_holders(struct ifw_rule_ctx *c)
{
	const struct ifw_model *m = c->m;
	for (size_t i = 0; i < c->f->tunfds.n; i++) {
		ifw_id r = c->f->tunfds.v[i];
		const struct ifw_fdref *fd = &m->fdrefs.v[r];
		/* the device each system opens: Linux's /dev/net/tun, the BSDs' own node, macOS's
		 * utun control socket */
		const char *node = "/dev/net/tun";
		if (m->os && strcmp(m->os, "linux") != 0 && c->f->name)
			node = strncmp(c->f->name, "utun", 4) == 0
			           ? "the utun control socket"
			           : ifw_rule_printf(c, "/dev/%s", c->f->name);
		const char *how =
		    fd->fd >= 0 && node
		        ? ifw_rule_printf(c, "holds %s fd %d attached to it", node, fd->fd)
		        : "holds it open (the saved output names the process, not its fd)";
		if (!how || ifw_add_holder(&c->ia->holders, fd->proc, r, how, true) < 0)
			return -1;
	}
	/* Same tun name, namespace not confirmed: never attributed, only mentioned. */
	if (!c->f->name)
		return 0;
	size_t nu = 0;
	const ifw_id *unconf = ifw_index_unconfirmed_tuns(c->a->idx, &nu);
	for (size_t u = 0; u < nu; u++) {
		ifw_id i = unconf[u];
		const struct ifw_fdref *fd = &m->fdrefs.v[i];
		if (strcmp(fd->tun_name, c->f->name) != 0)
			continue;
		const char *how =
		    ifw_rule_printf(c, "holds a tun fd %d named %s (namespace not confirmed)",
		                    fd->fd, fd->tun_name);
		if (!how ||
		    ifw_add_holder(&c->ia->unconfirmed, fd->proc, (ifw_id)i, how, false) < 0)
			return -1;
	}
	return 0;
}

/* The holders' sockets that are not on this interface carry its traffic outside. */
static int outer_side(struct ifw_rule_ctx *c)
{
	const struct ifw_model *m = c->m;
	struct ifw_idmap seen, users, sas_seen, procs;
	ifw_idmap_init(&seen);
	ifw_idmap_init(&users);
	ifw_idmap_init(&sas_seen); /* a daemon may have tens of thousands of sessions */
	ifw_idmap_init(&procs);
	int rc = 0;
	for (size_t u = 0; u < c->ia->users.n && rc == 0; u++)
		rc = ifw_idmap_put(&users, c->ia->users.v[u], 1);
	for (size_t h = 0; h < c->ia->holders.n && rc == 0; h++) {
		ifw_id proc = c->ia->holders.v[h].proc;
		/* each process once: one that holds the device through many fds (any user can dup
		 * a tun's fd 500 000 times) made this a scan of its fds per fd */
		if (proc == IFW_NOID || ifw_idmap_get(&procs, proc) != IFW_NOID)
			continue;
		if (ifw_idmap_put(&procs, proc, 1) < 0) {
			rc = -1;
			break;
		}
		const struct ifw_process *p = &m->procs.v[proc];
		for (size_t k = 0; k < p->fdrefs.n && rc == 0; k++) {
			const struct ifw_fdref *fd = &m->fdrefs.v[p->fdrefs.v[k]];
			if (fd->type != IFW_FD_SOCKET || fd->socket == IFW_NOID)
				continue;
			const struct ifw_socket *s = &m->sockets.v[fd->socket];
			if (s->family != AF_INET && s->family != AF_INET6)
				continue;
			bool on_this = s->bound_iface == c->id ||
			               ifw_idmap_get(&users, fd->socket) != IFW_NOID;
			if (!on_this)
				rc = push_id_seen(&c->ia->outer, fd->socket, &seen);
		}
		/* daemons: a session names its interface when the daemon said which */
		for (size_t s = 0; s < m->sas.n && rc == 0; s++)
			if (m->sas.v[s].proc == proc &&
			    (m->sas.v[s].iface == IFW_NOID || m->sas.v[s].iface == c->id))
				rc = push_id_seen(&c->ia->sas, (ifw_id)s, &sas_seen);
	}
	/* daemons: sessions of a kernel tunnel (no process holds it: WireGuard over netlink) */
	for (size_t s = 0; s < m->sas.n && rc == 0; s++)
		if (m->sas.v[s].proc == IFW_NOID && m->sas.v[s].iface == c->id)
			rc = push_id_seen(&c->ia->sas, (ifw_id)s, &sas_seen);
	ifw_idmap_free(&seen);
	ifw_idmap_free(&users);
	ifw_idmap_free(&sas_seen);
	ifw_idmap_free(&procs);
	return rc;
}

static bool same_peer(const struct ifw_peer *p, const struct ifw_ip *ip, uint16_t port,
                      uint8_t proto)
{
	return ifw_ip_eq(&p->ip, ip) && p->port == port && p->proto == proto;
}

static uint64_t peer_key(const struct ifw_ip *ip, uint16_t port, uint8_t proto)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	const uint8_t *b = ip->a;
	for (size_t i = 0; i < ifw_ip_len(ip->family); i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	h = (h ^ (uint64_t)ip->family) * 1099511628211ULL;
	h = (h ^ ((uint64_t)port << 8 | proto)) * 1099511628211ULL;
	return h == UINT64_MAX ? 0 : h;
}

/* Whether the far end is already listed. Through an index: a tunnel may have many far ends (a
 * WireGuard server's peers, conntrack entries of a socket a user fills in a namespace of their
 * own), and a scan per far end was quadratic (40 000 peers: 5 s). Far ends pushed by other
 * rules directly are indexed when next asked about. */
static int listed(struct ifw_iface_analysis *ia, const struct ifw_ip *ip, uint16_t port,
                  uint8_t proto, bool *found)
{
	for (; ia->peers_indexed < ia->peers.n; ia->peers_indexed++) {
		const struct ifw_peer *p = &ia->peers.v[ia->peers_indexed];
		uint64_t k = peer_key(&p->ip, p->port, p->proto);
		if (ifw_idmap_get(&ia->peer_index, k) == IFW_NOID &&
		    ifw_idmap_put(&ia->peer_index, k, (uint32_t)ia->peers_indexed) < 0)
			return -1;
	}
	uint32_t at = ifw_idmap_get(&ia->peer_index, peer_key(ip, port, proto));
	*found = false;
	if (at == IFW_NOID)
		return 0;
	if (same_peer(&ia->peers.v[at], ip, port, proto)) {
		*found = true;
		return 0;
	}
	/* two far ends with one hash: rare, answered by a scan */
	for (size_t i = 0; i < ia->peers.n && !*found; i++)
		*found = same_peer(&ia->peers.v[i], ip, port, proto);
	return 0;
}

static int add_peer(struct ifw_rule_ctx *c, const struct ifw_ip *ip, uint16_t port, uint8_t proto,
                    const char *name, const char *via, ifw_id sock, bool known_port)
{
	if (ifw_ip_is_any(ip))
		return 0;
	bool found;
	if (listed(c->ia, ip, port, proto, &found) < 0)
		return -1;
	if (found)
		return 0;
	struct ifw_peer *p = ifw_vec_push(&c->ia->peers);
	if (!p)
		return -1;
	p->ip = *ip;
	p->port = port;
	p->proto = proto;
	p->name = name ? name : ifw_model_name_for(c->m, ip);
	p->owner = ifw_ip_owner(c, ip);
	p->via = via;
	p->socket = sock;
	p->known_port = known_port;
	return 0;
}

int ifw_add_config_peer(struct ifw_rule_ctx *c, const struct ifw_ip *ip, uint16_t port,
                        const char *via)
{
	return add_peer(c, ip, port, IFW_P_UDP, NULL, via, IFW_NOID, true);
}

int ifw_add_passive_peer(struct ifw_rule_ctx *c, const struct ifw_ip *ip, uint16_t port,
                         uint8_t proto, const char *via, ifw_id sock, bool known_port)
{
	return add_peer(c, ip, port, proto, NULL, via, sock, known_port);
}

/* An address on this host as seen from the namespace: loopback, or one of its own addresses. */
static bool is_local(const struct ifw_rule_ctx *c, const struct ifw_ip *ip)
{
	if (ip->family == AF_INET && ip->a[0] == 127)
		return true;
	static const uint8_t v6_loop[16] = {[15] = 1};
	if (ip->family == AF_INET6 && memcmp(ip->a, v6_loop, 16) == 0)
		return true;
	return ifw_model_iface_by_addr(c->m, c->f->ns, ip) != IFW_NOID;
}

/* Far ends of the tunnel: from the daemons' sessions first (sure), then connected outer sockets on
 * a tunnel port (the socket says where it talks to), then any other connected socket of the holder
 * to another host: a process that holds a tunnel device and talks to one far host is, by its
 * structure, a tunnel to that host, whatever the program. */
static int peers(struct ifw_rule_ctx *c)
{
	const struct ifw_model *m = c->m;
	for (size_t i = 0; i < c->ia->sas.n; i++) {
		const struct ifw_tunnel_sa *sa = &m->sas.v[c->ia->sas.v[i]];
		/* daemons: any daemon's session, named by its source ("vici", "wireguard uapi") */
		if (add_peer(c, &sa->remote, sa->rport, sa->proto ? sa->proto : IFW_P_UDP,
		             sa->remote_host, sa->source ? sa->source : "IKE SA", IFW_NOID,
		             true) < 0)
			return -1;
	}
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < c->ia->outer.n; i++) {
			ifw_id sid = c->ia->outer.v[i];
			const struct ifw_socket *s = &m->sockets.v[sid];
			if (s->listening || (ifw_ip_is_any(&s->remote) && !s->remote_name))
				continue;
			if (s->proto != IFW_P_TCP && s->proto != IFW_P_UDP &&
			    s->proto != IFW_P_UDPLITE && s->proto != IFW_P_SCTP)
				continue;
			const struct ifw_kb_port *k = ifw_socket_port_kb(c, sid, false);
			if (!k)
				k = ifw_socket_port_kb(c, sid, true);
			bool known =
			    ifw_kb_port_is_tunnel(k) || (k && k->role == IFW_KB_PORT_OVERLAY);
			if (known != (pass == 0))
				continue;
			if (!known && (!s->remote.family || is_local(c, &s->remote) ||
			               s->state == 7 /* TCP_CLOSE */))
				continue;
			if (add_peer(c, &s->remote, s->rport, s->proto, s->remote_name,
			             "connected socket", sid, known) < 0)
				return -1;
		}
	}
	return ifw_passive_peers(c);
}

/* Processes living in the namespace a veth (or macvlan, ...) leads to. */
static int behind(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (f->link_ns == IFW_NOID || f->link_ns == f->ns)
		return 0;
	/* Light records (focused mode reads only their namespace) and kernel threads have no
	 * comm, and the index leaves them out: they would make focused and full runs differ. */
	size_t n = 0;
	const ifw_id *there = ifw_index_ns_procs(c->a->idx, f->link_ns, &n);
	for (size_t i = 0; i < n; i++) {
		ifw_id *slot = ifw_vec_push(&c->ia->behind);
		if (!slot)
			return -1;
		*slot = there[i];
	}
	return 0;
}

int ifw_relations_outer(struct ifw_rule_ctx *c)
{
	return outer_side(c) < 0 || peers(c) < 0 ? -1 : 0;
}

int ifw_relations(struct ifw_rule_ctx *c)
{
	if (tun_holders(c) < 0)
		return -1;
	for (size_t i = 0; i < c->f->sockets.n; i++) {
		ifw_id sid = c->f->sockets.v[i];
		if (c->m->sockets.v[sid].family == AF_UNIX)
			continue;
		ifw_id *slot = ifw_vec_push(&c->ia->users); /* f->sockets holds each socket once */
		if (!slot)
			return -1;
		*slot = sid;
	}
	return ifw_relations_outer(c) < 0 || behind(c) < 0 ? -1 : 0;
}
