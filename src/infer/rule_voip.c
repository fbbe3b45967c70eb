/* VoIP over an interface: SIP sockets on its addresses, or SIP seen in its traffic. */
#include "infer/rules.h"

#include <string.h>
static const struct ifw_claim_def sip_socket = {
    "voip.sip-socket", "voip", IFW_ROLE_USAGE, IFW_CONF_LIKELY + 10, IFW_SPEC_HOLDER, "voip"};
static const struct ifw_claim_def sip_traffic = {
    "voip.sip-traffic", "voip", IFW_ROLE_USAGE, IFW_CONF_CERTAIN + 5, IFW_SPEC_HOLDER, "voip"};

static void run_voip(struct ifw_rule_ctx *c)
{
	struct ifw_finding *fi = NULL;
	for (size_t i = 0; i < c->ia->users.n; i++) {
		ifw_id sid = c->ia->users.v[i];
		const struct ifw_kb_port *k = ifw_socket_port_kb(c, sid, false);
		if (!k || k->role != IFW_KB_PORT_VOIP_SIGNAL)
			continue;
		ifw_id p = ifw_socket_proc(c->m, sid);
		if (!fi)
			fi = ifw_claim(c, &sip_socket, "SIP (VoIP) from %s",
			               p != IFW_NOID ? ifw_proc_label(c, p) : "an unknown process");
		ifw_fact(c, fi, IFW_FACT_SOCKET, sid);
	}
	struct ifw_finding *tf = NULL;
	for (size_t i = 0; i < c->f->flows.n; i++) {
		const struct ifw_flow *fl = &c->m->flows.v[c->f->flows.v[i]];
		if (fl->underlay || !fl->app || strncmp(fl->app, "SIP", 3) != 0)
			continue;
		if (!tf) {
			/* The far side is the one that is not this interface's own address. */
			bool src_local = ifw_model_iface_by_addr(c->m, c->f->ns, &fl->src) == c->id;
			const struct ifw_ip *far = src_local ? &fl->dst : &fl->src;
			const struct ifw_ip *near = src_local ? &fl->src : &fl->dst;
			uint16_t near_port = src_local ? fl->sport : fl->dport;
			ifw_id who = IFW_NOID;
			for (size_t k = 0; k < c->ia->users.n && who == IFW_NOID; k++) {
				const struct ifw_socket *s = &c->m->sockets.v[c->ia->users.v[k]];
				if (s->lport == near_port &&
				    (ifw_ip_eq(&s->local, near) || ifw_ip_is_any(&s->local)))
					who = ifw_socket_proc(c->m, c->ia->users.v[k]);
			}
			char ip[IFW_IP_STRLEN];
			tf = ifw_claim(c, &sip_traffic, "SIP calls with %s (seen in traffic)%s%s",
			               ifw_ip_str(far, ip), who != IFW_NOID ? " from " : "",
			               who != IFW_NOID ? ifw_proc_label(c, who) : "");
			ifw_fact(c, tf, IFW_FACT_PROC, who);
		}
		ifw_fact(c, tf, IFW_FACT_FLOW, c->f->flows.v[i]);
	}
}

const struct ifw_rule_def ifw_rule_voip = {
    .name = "voip",
    .kinds = NULL,
    .phase = IFW_PHASE_FACTS,
    .run = run_voip,
    .about = "SIP sockets on an interface or SIP in its traffic",
};
