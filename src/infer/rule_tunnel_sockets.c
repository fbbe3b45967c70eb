/* When no tun fd names the holder (offline evidence from macOS, where utun/ipsec devices do not
 * say who opened them, or a hidden holder), the creator shows through its sockets: it binds
 * the interface's own addresses and, elsewhere, holds the tunnel's key-exchange or data port.
 * Processes that merely bind every address (ntpd, mDNS) are never taken for the creator. */
#include "infer/rules.h"
#include "infer/tunnel.h"

#include <net/if.h>
#include <sys/socket.h>
#include <string.h>

static bool is_user(const struct ifw_iface_analysis *ia, ifw_id sid)
{
	for (size_t i = 0; i < ia->users.n; i++)
		if (ia->users.v[i] == sid)
			return true;
	return false;
}

/* How many of proc's sockets off this interface sit on a tunnel port. */
static size_t tunnel_sockets_elsewhere(struct ifw_rule_ctx *c, ifw_id proc)
{
	const struct ifw_process *p = &c->m->procs.v[proc];
	size_t n = 0;
	for (size_t i = 0; i < p->fdrefs.n; i++) {
		ifw_id sid = c->m->fdrefs.v[p->fdrefs.v[i]].socket;
		if (sid == IFW_NOID || is_user(c->ia, sid))
			continue;
		const struct ifw_kb_port *k = ifw_socket_port_kb(c, sid, false);
		if (!ifw_kb_port_is_tunnel(k))
			k = ifw_socket_port_kb(c, sid, true);
		if (ifw_kb_port_is_tunnel(k))
			n++;
	}
	return n;
}

static const struct ifw_claim_def socket_creator = {"tunnel.socket-creator", "creator",
                                                    IFW_ROLE_CREATOR,        IFW_CONF_LIKELY + 5,
                                                    IFW_SPEC_HOLDER,         NULL};
static const struct ifw_claim_def socket_creators = {
    "tunnel.socket-creators", "creator",       IFW_ROLE_CREATOR,
    IFW_CONF_POSSIBLE + 5,    IFW_SPEC_HOLDER, NULL};
static const struct ifw_claim_def socket_user = {
    "tunnel.socket-user", "creator", IFW_ROLE_CREATOR, IFW_CONF_POSSIBLE, IFW_SPEC_HOLDER, NULL};

static void run_tunnel_sockets(struct ifw_rule_ctx *c)
{
	if (c->ia->holders.n || c->ia->kernel_owned || !ifw_tunnel_like(c))
		return;
	ifw_id cand[16];
	size_t n = 0, with_tunnel = 0;
	ifw_id chosen = IFW_NOID;
	for (size_t i = 0; i < c->ia->users.n && n < 16; i++) {
		ifw_id p = ifw_socket_proc(c->m, c->ia->users.v[i]);
		if (p == IFW_NOID || ifw_proc_is_incidental(c, p))
			continue;
		bool dup = false;
		for (size_t k = 0; k < n; k++)
			dup |= cand[k] == p;
		if (dup)
			continue;
		cand[n++] = p;
		if (tunnel_sockets_elsewhere(c, p)) {
			with_tunnel++;
			chosen = p;
		}
	}
	if (with_tunnel == 1) {
		const char *how = "binds this interface's address and holds the tunnel's ports";
		if (ifw_add_holder(&c->ia->holders, chosen, IFW_NOID, how, false) < 0 ||
		    ifw_relations_outer(c) < 0) {
			c->oom = 1;
			return;
		}
		struct ifw_finding *fi =
		    ifw_claim(c, &socket_creator, "%s most likely made it: it %s",
		              ifw_proc_label(c, chosen), how);
		ifw_fact(c, fi, IFW_FACT_PROC, chosen);
		for (size_t i = 0; i < c->ia->users.n; i++)
			if (ifw_socket_proc(c->m, c->ia->users.v[i]) == chosen)
				ifw_fact(c, fi, IFW_FACT_SOCKET, c->ia->users.v[i]);
		ifw_tunnel_claim(c, chosen, false);
	} else if (with_tunnel > 1) {
		struct ifw_finding *fi =
		    ifw_claim(c, &socket_creators,
		              "%zu processes bind it and hold tunnel ports; any of "
		              "them may have made it",
		              with_tunnel);
		for (size_t k = 0; k < n; k++)
			ifw_fact(c, fi, IFW_FACT_PROC, cand[k]);
	} else if (n) {
		struct ifw_finding *fi = ifw_claim(
		    c, &socket_user,
		    "%s binds its address, but holds no tunnel port: it uses the interface, and "
		    "may or may not have made it",
		    ifw_proc_label(c, cand[0]));
		ifw_fact(c, fi, IFW_FACT_PROC, cand[0]);
	}
}

const struct ifw_rule_def ifw_rule_tunnel_sockets = {
    .name = "tunnel-sockets",
    .kinds = IFW_KINDS("tun", ""),
    .phase = IFW_PHASE_FACTS,
    .run = run_tunnel_sockets,
    .about = "an unheld tunnel's creator from the sockets on its addresses",
};
