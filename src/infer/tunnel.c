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
		if (!k || strncmp(k->role, "tunnel", 6) != 0)
			k = ifw_socket_port_kb(c, sid, true);
		if (!k)
			continue;
		if (strcmp(k->role, "tunnel-data") == 0 && !op->data) {
			op->data = k;
			op->data_sock = sid;
		} else if (strcmp(k->role, "tunnel-control") == 0 && !op->control) {
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
	if (strcmp(k->role, "mesh-vpn") == 0)
		return "mesh-vpn";
	if (strcmp(k->role, "telephony") == 0)
		return "telephony";
	return "vpn";
}

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
	bool vpn_role = k && (strcmp(k->role, "vpn") == 0 || strcmp(k->role, "mesh-vpn") == 0 ||
	                      strcmp(k->role, "telephony") == 0);
	/* Only the software's own facts (its knowledge entry, its sessions) name the protocol it
	 * speaks; a well-known port on an unknown program is a hint the structural claim mentions,
	 * not a claim that the port's usual software made it ("socat OpenVPN tunnel" is wrong). */
	if (!vpn_role && !(k && k->tunnel) && !sa)
		return ifw_tunnel_shape(c, proc, confirmed);
	char where[200] = "";
	char ip[IFW_IP_STRLEN];
	if (sa && !sa->initiator && sa->n_remote_vips) {
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
	if (sa && sa->rport) /* daemons: the session's transport, UDP unless it says */
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
	else if (peer && peer->port)
		snprintf(over, sizeof(over), " over %s %u",
		         ifw_name_sock_proto(peer->proto, IFW_NAME_PROSE), peer->port);
	ifw_id pair = other_end(c, sa);
	uint8_t conf = confirmed ? 85 : 70;
	if (vpn_role)
		conf += 5;
	if (peer)
		conf += 4;
	/* A process can call itself "charon"; its executable is harder to fake. */
	const char *exe = c->m->procs.v[proc].exe;
	bool exe_agrees = !k || ifw_kb_process_exe_agrees(k, exe);
	if (!exe_agrees)
		conf -= 20;

	bool gateway = sa && !sa->initiator && sa->n_remote_vips;
	struct ifw_finding *fi =
	    ifw_find(c, confirmed ? "tunnel.holder" : "tunnel.sockets", "tunnel", IFW_ROLE_PURPOSE,
	             conf, 3, category_for(k), "%s%s%s %s%s%s", software, proto ? " " : "",
	             proto ? proto : "", gateway ? "VPN" : "tunnel", where, over);
	if (!fi)
		return NULL;
	ifw_fact(c, fi, IFW_FACT_PROC, proc);
	for (size_t i = 0; i < c->ia->holders.n; i++)
		ifw_fact(c, fi, IFW_FACT_FDREF, c->ia->holders.v[i].fdref);
	ifw_fact(c, fi, IFW_FACT_SA, sa_id);
	ifw_fact(c, fi, IFW_FACT_SOCKET, op.control_sock);
	ifw_fact(c, fi, IFW_FACT_SOCKET, op.data_sock);
	if (pair != IFW_NOID) {
		struct ifw_finding *n = ifw_find(
		    c, "tunnel.other-end", "tunnel", IFW_ROLE_NOTE, 95, 3, NULL,
		    "its other end is %s in netns %s: both hold the "
		    "same IKE SA (same SPIs)",
		    ifw_iface_name(c->m, pair), ifw_ns_name(c->m, c->m->ifaces.v[pair].ns));
		ifw_fact(c, n, IFW_FACT_SA, sa_id);
		ifw_fact(c, n, IFW_FACT_IFACE, pair);
	}
	if (!exe_agrees) {
		struct ifw_finding *n =
		    ifw_find(c, "tunnel.name-only", "tunnel", IFW_ROLE_NOTE, 80, 3, NULL,
		             "%s is named like %s, but its program is %s: the name alone may not "
		             "tell the truth",
		             c->m->procs.v[proc].comm, k->software, exe);
		ifw_fact(c, n, IFW_FACT_PROC, proc);
	}
	if (k)
		ifw_fact_text(c, fi, k->source, "%s is %s: %s", c->m->procs.v[proc].comm,

		              k->software, k->description ? k->description : k->role);
	if (op.control && op.data && (!sa || sa->rport == op.data->port)) {
		struct ifw_finding *n = ifw_find(
		    c, "tunnel.nat-t", "tunnel", IFW_ROLE_NOTE, 80, 3, NULL,
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
		              "(--sample 5) to see it");
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
	return k && (strcmp(k->category, "vpn") == 0 || strcmp(k->category, "mesh-vpn") == 0);
}
