/* A tunnel read from its structure, for holders no knowledge names: a process that holds a
 * tunnel device and talks to one far host is a user-space tunnel to that host over that
 * transport; to several hosts, a mesh or overlay; listening only, the server side. The expert
 * in the motivating question read it this way before knowing the program. Structure alone is
 * never [certain]: the program's own protocol, config or SA is what would make it so. */
#include "infer/tunnel.h"
#include "model/names.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

struct shape {
	const struct ifw_peer *peer[8]; /* far ends of connected sockets, distinct addresses */
	size_t n_peers;
	ifw_id listen[4]; /* listening or unconnected sockets */
	size_t n_listen;
	ifw_id raw; /* a raw IP socket, or IFW_NOID */
	size_t n_sockets;
};

static void read_shape(struct ifw_rule_ctx *c, struct shape *sh)
{
	memset(sh, 0, sizeof(*sh));
	sh->raw = IFW_NOID;
	for (size_t i = 0; i < c->ia->peers.n; i++) {
		const struct ifw_peer *p = &c->ia->peers.v[i];
		if (p->socket == IFW_NOID)
			continue;
		bool seen = false;
		for (size_t k = 0; k < sh->n_peers; k++)
			seen |= ifw_ip_eq(&sh->peer[k]->ip, &p->ip);
		if (!seen && sh->n_peers < 8)
			sh->peer[sh->n_peers++] = p;
	}
	for (size_t i = 0; i < c->ia->outer.n; i++) {
		const struct ifw_socket *s = &c->m->sockets.v[c->ia->outer.v[i]];
		sh->n_sockets++;
		if (s->proto == IFW_P_RAW && sh->raw == IFW_NOID)
			sh->raw = c->ia->outer.v[i];
		else if (s->listening && sh->n_listen < 4)
			sh->listen[sh->n_listen++] = c->ia->outer.v[i];
	}
}

/* "TCP 8443", "TCP 443 (HTTPS)", "UDP 53 (DNS, as DNS tunnels do)". */
static const char *transport(struct ifw_rule_ctx *c, uint8_t proto, uint16_t port)
{
	const char *p = proto == IFW_P_TCP ? "tcp" : proto == IFW_P_UDP ? "udp" : NULL;
	const struct ifw_kb_port *k = p && port ? ifw_kb_port(c->kb, p, port) : NULL;
	if (!k)
		return ifw_rule_printf(c, "%s %u", ifw_name_sock_proto(proto, IFW_NAME_PROSE),
		                       port);
	if (strcmp(k->name, "DNS") == 0)
		return ifw_rule_printf(c, "%s %u (DNS, as DNS tunnels such as iodine do)",
		                       ifw_name_sock_proto(proto, IFW_NAME_PROSE), port);
	return ifw_rule_printf(c, "%s %u (%s)", ifw_name_sock_proto(proto, IFW_NAME_PROSE), port,
	                       k->name);
}

/* A TLS connection and a UDP socket to the same host: an SSL VPN with its DTLS data channel. */
static const struct ifw_peer *dtls_side(const struct ifw_peer *tls,
                                        const struct ifw_iface_analysis *ia)
{
	if (tls->proto != IFW_P_TCP || tls->port != 443)
		return NULL;
	for (size_t i = 0; i < ia->peers.n; i++) {
		const struct ifw_peer *p = &ia->peers.v[i];
		if (p->proto == IFW_P_UDP && ifw_ip_eq(&p->ip, &tls->ip))
			return p;
	}
	return NULL;
}

/* Whether this end accepted the connection: its own port is a service port and the far end's is
 * ephemeral (Linux hands out 32768-60999, most systems 49152 and up). The service port is then
 * this end's, and the far end is a client. */
static bool accepted(const struct ifw_socket *s)
{
	return s->proto == IFW_P_TCP && s->lport && s->lport < 32768 && s->rport >= 32768;
}

static const char *far_end(struct ifw_rule_ctx *c, const struct ifw_peer *p, bool client)
{
	char ip[IFW_IP_STRLEN];
	ifw_ip_str(&p->ip, ip);
	const char *role = client ? ", its client" : "";
	if (p->name && p->owner)
		return ifw_rule_printf(c, "%s (%s, %s%s)", ip, p->name, p->owner, role);
	if (p->name || p->owner)
		return ifw_rule_printf(c, "%s (%s%s)", ip, p->name ? p->name : p->owner, role);
	return ifw_rule_printf(c, "%s%s", ip, client ? " (its client)" : "");
}

static const struct ifw_claim_def one_end = {"tunnel.shape-one",  "tunnel",        IFW_ROLE_PURPOSE,
                                             IFW_CONF_LIKELY + 5, IFW_SPEC_HOLDER, "vpn"};
static const struct ifw_claim_def mesh = {"tunnel.shape-mesh", "tunnel",        IFW_ROLE_PURPOSE,
                                          IFW_CONF_LIKELY,     IFW_SPEC_HOLDER, "mesh-vpn"};
static const struct ifw_claim_def server = {"tunnel.shape-server", "tunnel",
                                            IFW_ROLE_PURPOSE,      IFW_CONF_POSSIBLE + 25,
                                            IFW_SPEC_HOLDER,       "vpn"};
static const struct ifw_claim_def raw_ip = {
    "tunnel.shape-raw", "tunnel", IFW_ROLE_PURPOSE, IFW_CONF_POSSIBLE + 20, IFW_SPEC_HOLDER, "vpn"};
static const struct ifw_claim_def local_only = {"tunnel.shape-local", "tunnel",
                                                IFW_ROLE_PURPOSE,     IFW_CONF_POSSIBLE + 15,
                                                IFW_SPEC_HOLDER,      "virtual"};
static const struct ifw_claim_def unseen = {"tunnel.shape-unseen", "tunnel",
                                            IFW_ROLE_PURPOSE,      IFW_CONF_POSSIBLE + 10,
                                            IFW_SPEC_HOLDER,       "vpn"};
static const struct ifw_claim_def unusual = {"tunnel.shape-unusual", "tunnel",        IFW_ROLE_NOTE,
                                             IFW_CONF_LIKELY,        IFW_SPEC_HOLDER, NULL};

static struct ifw_finding *one_far_end(struct ifw_rule_ctx *c, const char *who, int conf,
                                       const struct shape *sh)
{
	const struct ifw_peer *p = sh->peer[0];
	const struct ifw_peer *udp = dtls_side(p, c->ia);
	const struct ifw_socket *s = &c->m->sockets.v[p->socket];
	bool client = accepted(s);
	uint16_t port = client ? s->lport : p->port;
	struct ifw_finding *fi;
	if (udp)
		fi = ifw_claim_at(c, &one_end, conf,
		                  "SSL VPN by %s to %s: TLS on TCP 443 with a DTLS data channel on "
		                  "UDP %u",
		                  who, far_end(c, p, false), udp->port);
	else
		fi = ifw_claim_at(c, &one_end, conf, "user-space tunnel by %s to %s over %s", who,
		                  far_end(c, p, client), transport(c, p->proto, port));
	ifw_fact(c, fi, IFW_FACT_SOCKET, p->socket);
	if (udp)
		ifw_fact(c, fi, IFW_FACT_SOCKET, udp->socket);
	ifw_passive_peer_facts(c, fi, p);
	return fi;
}

static struct ifw_finding *several_far_ends(struct ifw_rule_ctx *c, const char *who, int conf,
                                            const struct shape *sh)
{
	char ends[256] = "";
	size_t len = 0;
	bool same_port = true;
	for (size_t i = 0; i < sh->n_peers; i++) {
		same_port &= sh->peer[i]->port == sh->peer[0]->port &&
		             sh->peer[i]->proto == sh->peer[0]->proto;
		if (i < 3) {
			char ip[IFW_IP_STRLEN];
			int w = snprintf(ends + len, sizeof(ends) - len, "%s%s", i ? ", " : "",
			                 ifw_ip_str(&sh->peer[i]->ip, ip));
			if (w > 0 && (size_t)w < sizeof(ends) - len)
				len += (size_t)w;
		}
	}
	const char *over =
	    same_port ? ifw_rule_printf(c, " over %s",
	                                transport(c, sh->peer[0]->proto, sh->peer[0]->port))
	              : "";
	struct ifw_finding *fi =
	    ifw_claim_at(c, &mesh, conf, "user-space mesh or overlay by %s: %zu far ends (%s%s)%s",
	                 who, sh->n_peers, ends, sh->n_peers > 3 ? ", ..." : "", over);
	for (size_t i = 0; i < sh->n_peers; i++)
		ifw_fact(c, fi, IFW_FACT_SOCKET, sh->peer[i]->socket);
	return fi;
}

static struct ifw_finding *listening_only(struct ifw_rule_ctx *c, const char *who, int conf,
                                          const struct shape *sh)
{
	const struct ifw_socket *s = &c->m->sockets.v[sh->listen[0]];
	bool udp = s->proto == IFW_P_UDP;
	struct ifw_finding *fi = ifw_claim_at(
	    c, &server, conf, "server side of a user-space tunnel by %s, %s on %s%s", who,
	    udp ? "receiving" : "listening", transport(c, s->proto, s->lport),
	    udp ? " (an unconnected socket answers any sender, so its far ends are not in it)"
	        : " (no client is connected now)");
	for (size_t i = 0; i < sh->n_listen; i++)
		ifw_fact(c, fi, IFW_FACT_SOCKET, sh->listen[i]);
	if (udp)
		ifw_next_step(c, "sample the underlay (--sample 5 --underlay) to see its far ends");
	return fi;
}

/* Offline, a holder with no socket in the evidence may have some the saved output does not
 * show: no socket listing at all, or one made without root. */
static bool sockets_unseen(const struct ifw_rule_ctx *c, ifw_id proc)
{
	if (c->m->source == IFW_SRC_LIVE)
		return false;
	const struct ifw_process *p = &c->m->procs.v[proc];
	for (size_t i = 0; i < p->fdrefs.n; i++)
		if (c->m->fdrefs.v[p->fdrefs.v[i]].type == IFW_FD_SOCKET)
			return false;
	return c->m->sockets.n == 0 || !c->m->privileged;
}

struct ifw_finding *ifw_tunnel_shape(struct ifw_rule_ctx *c, ifw_id proc, bool confirmed)
{
	struct shape sh;
	read_shape(c, &sh);
	const char *who = ifw_proc_label(c, proc);
	int less = confirmed ? 0 : 15; /* a holder inferred from sockets is itself a guess */
	struct ifw_finding *fi;
	if (sh.n_peers == 1)
		fi = one_far_end(c, who, one_end.confidence - less, &sh);
	else if (sh.n_peers > 1)
		fi = several_far_ends(c, who, mesh.confidence - less, &sh);
	else if (sh.n_listen)
		fi = listening_only(c, who, server.confidence - less, &sh);
	else if (sockets_unseen(c, proc))
		fi =
		    ifw_claim_at(c, &unseen, unseen.confidence - less,
		                 "a tunnel device opened by %s; the saved output shows none of its "
		                 "sockets, so where it leads is not known",
		                 who);
	else if (sh.raw != IFW_NOID)
		fi = ifw_claim_at(c, &raw_ip, raw_ip.confidence - less,
		                  "tunnel by %s over raw IP (protocol %u)%s", who,
		                  c->m->sockets.v[sh.raw].raw_protocol,
		                  c->m->sockets.v[sh.raw].raw_protocol == 1 ? ": an ICMP tunnel"
		                                                            : "");
	else
		fi = ifw_claim_at(
		    c, &local_only, local_only.confidence - less,
		    "a virtual device made by %s, which has no network socket of its "
		    "own: its traffic goes to a local program (a VM, an emulator, a test "
		    "tool) or over another channel",
		    who);
	ifw_fact(c, fi, IFW_FACT_PROC, proc);
	ifw_holder_fd_facts(c, fi, IFW_NOID);
	if (sh.raw != IFW_NOID && (sh.n_peers || sh.n_listen)) {
		struct ifw_finding *n =
		    ifw_claim(c, &unusual, "%s also holds a raw IP socket (protocol %u)", who,
		              c->m->sockets.v[sh.raw].raw_protocol);
		ifw_fact(c, n, IFW_FACT_SOCKET, sh.raw);
	}
	ifw_next_step(c, "the program is not in ifwho's knowledge: its own documentation, or a "
	                 "traffic sample (--sample 5), would name the protocol");
	return fi;
}
