#include "infer/tunnel.h"
#include "model/names.h"

#include <stdio.h>
#include <net/if.h>
#include <string.h>

struct outer_ports {
	const struct ifw_kb_port *data, *control;
	ifw_id data_sock, control_sock;
};

static void find_ports(struct ifw_rule_ctx *c, struct outer_ports *op)
{
	memset(op, 0, sizeof(*op));
	op->data_sock = op->control_sock = IFW_NOID;
	for (size_t i = 0; i < c->ia->outer.n; i++) {
		ifw_id sid = c->ia->outer.v[i];
		const struct ifw_kb_port *k = ifw_socket_port_kb(c, sid, false);
		if (!ifw_kb_port_is_tunnel(k))
			k = ifw_socket_port_kb(c, sid, true);
		if (!k)
			continue;
		if (k->role == IFW_KB_PORT_TUNNEL_DATA && !op->data) {
			op->data = k;
			op->data_sock = sid;
		} else if (k->role == IFW_KB_PORT_TUNNEL_CONTROL && !op->control) {
			op->control = k;
			op->control_sock = sid;
		}
	}
}

const char *ifw_tunnel_protocol(struct ifw_rule_ctx *c, ifw_id proc)
{
	const struct ifw_kb_process *k = ifw_proc_kb(c, proc);
	if (k && k->tunnel)
		return k->tunnel;
	struct outer_ports op;
	find_ports(c, &op);
	if (op.data && op.data->tunnel)
		return op.data->tunnel;
	if (op.control && op.control->tunnel)
		return op.control->tunnel;
	return NULL;
}

static const struct ifw_tunnel_sa *best_sa(struct ifw_rule_ctx *c, ifw_id *id)
{
	const struct ifw_tunnel_sa *best = NULL;
	for (size_t i = 0; i < c->ia->sas.n; i++) {
		const struct ifw_tunnel_sa *sa = &c->m->sas.v[c->ia->sas.v[i]];
		if (!best || (sa->state && strcmp(sa->state, "ESTABLISHED") == 0)) {
			best = sa;
			*id = c->ia->sas.v[i];
		}
	}
	return best;
}

/* The interface whose holder has the same IKE SA (same SPI pair): the tunnel's other end, on
 * this host (a lab, a test, or two namespaces talking). */
static ifw_id other_end(struct ifw_rule_ctx *c, const struct ifw_tunnel_sa *sa)
{
	if (!sa || !sa->spi_i || !sa->spi_r)
		return IFW_NOID;
	for (size_t i = 0; i < c->a->n; i++) {
		if (i == c->id)
			continue;
		const struct ifw_iface_analysis *o = &c->a->ifaces[i];
		for (size_t k = 0; k < o->sas.n; k++) {
			const struct ifw_tunnel_sa *x = &c->m->sas.v[o->sas.v[k]];
			if (x != sa && x->spi_i && x->spi_r && strcmp(x->spi_i, sa->spi_i) == 0 &&
			    strcmp(x->spi_r, sa->spi_r) == 0)
				return (ifw_id)i;
		}
	}
	return IFW_NOID;
}

static const char *category_for(const struct ifw_kb_process *k)
{
	if (!k)
		return "vpn";
	if (k->role == IFW_KB_PROC_MESH_VPN)
		return "mesh-vpn";
	if (k->role == IFW_KB_PROC_TELEPHONY)
		return "telephony";
	return "vpn";
}

/* The category is the holder's (category_for); the confidence grows with what agrees. */
static const struct ifw_claim_def holder_tunnel = {
    "tunnel.holder", "tunnel", IFW_ROLE_PURPOSE, IFW_CONF_LIKELY + 15, IFW_SPEC_HOLDER, NULL};
static const struct ifw_claim_def sockets_tunnel = {
    "tunnel.sockets", "tunnel", IFW_ROLE_PURPOSE, IFW_CONF_LIKELY, IFW_SPEC_HOLDER, NULL};
static const struct ifw_claim_def other_end_claim = {
    "tunnel.other-end", "tunnel", IFW_ROLE_NOTE, IFW_CONF_CERTAIN + 5, IFW_SPEC_HOLDER, NULL};
static const struct ifw_claim_def name_only = {"tunnel.name-only",   "tunnel",        IFW_ROLE_NOTE,
                                               IFW_CONF_LIKELY + 10, IFW_SPEC_HOLDER, NULL};
static const struct ifw_claim_def nat_t = {"tunnel.nat-t",       "tunnel",        IFW_ROLE_NOTE,
                                           IFW_CONF_LIKELY + 10, IFW_SPEC_HOLDER, NULL};

struct ifw_finding *ifw_tunnel_claim(struct ifw_rule_ctx *c, ifw_id proc, bool confirmed)
{
	const struct ifw_kb_process *k = ifw_proc_kb(c, proc);
	struct outer_ports op;
	find_ports(c, &op);
	const char *proto = ifw_tunnel_protocol(c, proc);
	const char *software0 = k ? k->software : c->m->procs.v[proc].comm;
	if (proto && software0 && strstr(software0, proto))
		proto = NULL; /* "OpenVPN OpenVPN tunnel" says it twice */
	ifw_id sa_id = IFW_NOID;
	const struct ifw_tunnel_sa *sa = best_sa(c, &sa_id);
	const struct ifw_peer *peer = c->ia->peers.n ? &c->ia->peers.v[0] : NULL;
	const char *software = software0;
	bool vpn_role = k && (k->role == IFW_KB_PROC_VPN || k->role == IFW_KB_PROC_MESH_VPN ||
	                      k->role == IFW_KB_PROC_TELEPHONY);
	/* Only the software's own facts (its knowledge entry, its sessions) name the protocol it
	 * speaks; a well-known port on an unknown program is a hint the structural claim mentions,
	 * not a claim that the port's usual software made it ("socat OpenVPN tunnel" is wrong). */
	if (!vpn_role && !(k && k->tunnel) && !sa)
		return ifw_tunnel_shape(c, proc, confirmed);
	char where[200] = "";
	char ip[IFW_IP_STRLEN];
	bool mesh = sa && ifw_sa_is_mesh(sa);
	if (mesh) {
		/* A mesh has no one far end: its network and how many peers it reaches directly. */
		size_t peers = 0, direct = 0;
		for (size_t i = 0; i < c->ia->sas.n; i++) {
			const struct ifw_tunnel_sa *x = &c->m->sas.v[c->ia->sas.v[i]];
			peers += x->remote_id != NULL;
			direct += x->remote_id && x->remote.family;
		}
		snprintf(where, sizeof(where), " in network %.100s (%zu peer%s, %zu direct)",
		         sa->name ? sa->name : "?", peers, peers == 1 ? "" : "s", direct);
	} else if (sa && !sa->initiator && sa->n_remote_vips) {
		/* The responder that hands out addresses is the gateway end (an ePDG, a VPN
		 * server). */
		snprintf(where, sizeof(where), " gateway for %s, which it gave %s",
		         ifw_ip_str(&sa->remote, ip), sa->remote_vips[0]);
	} else if (peer) {
		snprintf(where, sizeof(where), " to %s", ifw_ip_str(&peer->ip, ip));
	} else if (sa && sa->remote_host) { /* daemons: a configured host name, not resolved */
		snprintf(where, sizeof(where), " to %s", sa->remote_host);
	}
	char over[96] = "";
	if (!mesh && sa && sa->rport) /* daemons: the session's transport, UDP unless it says */
		snprintf(over, sizeof(over), " over %s %u%s",
		         ifw_name_sock_proto(sa->proto ? sa->proto : IFW_P_UDP, IFW_NAME_PROSE),
		         sa->rport,
		         sa->nat_local    ? " through NAT"
		         : sa->nat_remote ? " (the peer is behind NAT)"
		                          : "");
	else if (op.data)
		snprintf(over, sizeof(over), " over %s %u",
		         ifw_name_sock_proto(c->m->sockets.v[op.data_sock].proto, IFW_NAME_PROSE),
		         op.data->port);
	else if (!mesh && peer && peer->port) /* a mesh peer's port is its own */
		snprintf(over, sizeof(over), " over %s %u",
		         ifw_name_sock_proto(peer->proto, IFW_NAME_PROSE), peer->port);
	ifw_id pair = other_end(c, sa);
	struct ifw_claim_def d = confirmed ? holder_tunnel : sockets_tunnel;
	d.category = category_for(k);
	int conf = d.confidence;
	if (vpn_role)
		conf += 5;
	if (peer)
		conf += 4;
	/* A process can call itself "charon"; its executable is harder to fake. */
	const char *exe = c->m->procs.v[proc].exe;
	bool exe_agrees = !k || ifw_kb_process_exe_agrees(k, exe);
	if (!exe_agrees)
		conf -= 20;

	bool gateway = sa && !mesh && !sa->initiator && sa->n_remote_vips;
	struct ifw_finding *fi =
	    ifw_claim_at(c, &d, conf, "%s%s%s %s%s%s", software, proto ? " " : "",
	                 proto ? proto : "", gateway ? "VPN" : "tunnel", where, over);
	if (!fi)
		return NULL;
	ifw_fact(c, fi, IFW_FACT_PROC, proc);
	ifw_holder_fd_facts(c, fi, IFW_NOID);
	ifw_fact(c, fi, IFW_FACT_SA, sa_id);
	ifw_fact(c, fi, IFW_FACT_SOCKET, op.control_sock);
	ifw_fact(c, fi, IFW_FACT_SOCKET, op.data_sock);
	ifw_passive_peer_facts(c, fi, peer);
	if (pair != IFW_NOID) {
		struct ifw_finding *n = ifw_claim(c, &other_end_claim,
		                                  "its other end is %s in netns %s: both hold the "
		                                  "same IKE SA (same SPIs)",
		                                  ifw_iface_name(c->m, pair),
		                                  ifw_ns_name(c->m, c->m->ifaces.v[pair].ns));
		ifw_fact(c, n, IFW_FACT_SA, sa_id);
		ifw_fact(c, n, IFW_FACT_IFACE, pair);
	}
	if (!exe_agrees) {
		struct ifw_finding *n =
		    ifw_claim(c, &name_only,
		              "%s is named like %s, but its program is %s: the name alone may not "
		              "tell the truth",
		              c->m->procs.v[proc].comm, k->software, exe);
		ifw_fact(c, n, IFW_FACT_PROC, proc);
	}
	if (k)
		ifw_fact_text(c, fi, k->source, "%s is %s: %s", c->m->procs.v[proc].comm,

		              k->software,
		              k->description ? k->description : ifw_kb_proc_role_name(k->role));
	if (op.control && op.data && (!sa || sa->rport == op.data->port)) {
		struct ifw_finding *n = ifw_claim(
		    c, &nat_t,
		    "%s sockets on %s %u (%s) and %u (%s): the tunnel was negotiated on %u and "
		    "its traffic moved to %u",
		    software,
		    ifw_name_sock_proto(c->m->sockets.v[op.control_sock].proto, IFW_NAME_PROSE),
		    op.control->port, op.control->name, op.data->port, op.data->name,
		    op.control->port, op.data->port);
		ifw_fact(c, n, IFW_FACT_SOCKET, op.control_sock);
		ifw_fact(c, n, IFW_FACT_SOCKET, op.data_sock);
	}
	if (!peer)
		ifw_next_step(c,
		              "the far end is in no socket (unconnected UDP): sample the underlay "
		              "(--sample 5 --underlay) to see it");
	else if (strcmp(peer->via, "sample") == 0 || strcmp(peer->via, "conntrack") == 0)
		/* Seen, not told: traffic shows the far ends that were active, not every one. */
		ifw_next_step(c,
		              "the far end %s was seen in %s, not read from %s: its configuration "
		              "or state would say whether it is the only one",
		              ifw_ip_str(&peer->ip, ip),
		              strcmp(peer->via, "sample") == 0 ? "the traffic sample" : "conntrack",
		              software);
	return fi;
}

bool ifw_tunnel_like(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (f->kind)
		return strcmp(f->kind, "tun") == 0;
	if (f->flags & IFW_IFF_POINTOPOINT)
		return true;
	const struct ifw_kb_ifname *k =
	    ifw_kb_ifname(c->kb, c->m->os, f->name, ifw_lookup_kind(c->m, f));
	return k && (k->category == IFW_KB_CAT_VPN || k->category == IFW_KB_CAT_MESH_VPN);
}

bool ifw_other_network(const struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (c->m->os && strcmp(c->m->os, "darwin") == 0 && f->name &&
	    strncmp(f->name, "utun", 4) == 0)
		return true;
	if (f->ns < c->m->netns.n) {
		bool self = !(f->flags & IFW_IFF_LOOPBACK) && (f->addrs.n || f->routes.n);
		return c->a->networked_links[f->ns] > (self ? 1u : 0u);
	}
	for (size_t i = 0; i < c->m->ifaces.n; i++) {
		const struct ifw_iface *o = &c->m->ifaces.v[i];
		if (i != c->id && o->ns == f->ns && !(o->flags & IFW_IFF_LOOPBACK) &&
		    (o->addrs.n || o->routes.n))
			return true;
	}
	return false;
}
