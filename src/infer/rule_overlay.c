/* Kernel tunnels and overlays: VXLAN/Geneve (an overlay network, its UDP port owned by the
 * kernel), GRE/IPIP/SIT/VTI with endpoints, WireGuard, xfrm. */
#include "infer/rules.h"
#include "util/shell_word.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static bool kind_in(const char *kind, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(kind, *list) == 0)
			return true;
	return false;
}

/* The kernel's own UDP socket on the port (no inode: nobody's file), as ss shows with no process.
 */
static ifw_id kernel_socket(struct ifw_rule_ctx *c, uint16_t port)
{
	for (size_t i = 0; i < c->m->sockets.n; i++) {
		const struct ifw_socket *s = &c->m->sockets.v[i];
		if (s->ns == c->f->ns && s->proto == IFW_P_UDP && s->lport == port &&
		    s->owner != IFW_OWNER_PROCESS)
			return (ifw_id)i;
	}
	return IFW_NOID;
}

static const struct ifw_claim_def vxlan_claim = {
    "overlay.vxlan", "overlay", IFW_ROLE_PURPOSE, IFW_CONF_CERTAIN, IFW_SPEC_HOLDER, "overlay"};
/* The socket's owner, not the device's maker: a program (flanneld, a CNI, an administrator's
 * `ip link add`) asked the driver for the device, and none of them holds its port. */
static const struct ifw_claim_def kernel_claim = {"overlay.kernel", "creator",     IFW_ROLE_NOTE,
                                                  IFW_CONF_CERTAIN, IFW_SPEC_KIND, NULL};

static void vxlan(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	const struct ifw_link_info *in = &f->info;
	bool geneve = strcmp(f->kind, "geneve") == 0;
	char remote[96] = "";
	if (!ifw_ip_is_any(&in->vx_remote)) {
		char ip[IFW_IP_STRLEN];
		bool mcast =
		    (in->vx_remote.family == AF_INET && (in->vx_remote.a[0] & 0xf0) == 0xe0) ||
		    (in->vx_remote.family == AF_INET6 && in->vx_remote.a[0] == 0xff);
		snprintf(remote, sizeof(remote), ", %s %s", mcast ? "group" : "remote",
		         ifw_ip_str(&in->vx_remote, ip));
	}
	const char *under = "";
	if (in->vx_link > 0) {
		ifw_id u = ifw_model_iface_by_index(c->m, f->ns, in->vx_link);
		under =
		    ifw_rule_printf(c, " over %s", u != IFW_NOID ? ifw_iface_name(c->m, u) : "?");
	}
	const struct ifw_kb_port *kp = ifw_kb_port(c->kb, "udp", in->vx_port);
	const struct ifw_kb_ifname *kn = ifw_kb_ifname(c->kb, c->m->os, f->name, f->kind);
	const char *who = kn ? kn->creator : NULL;
	const char *of = who ? ifw_rule_printf(c, " of %s", who) : "";
	struct ifw_finding *fi = ifw_claim(
	    c, &vxlan_claim, "%s overlay network%s, VNI %u, UDP %u%s%s",
	    geneve ? "Geneve" : "VXLAN", of ? of : "", in->vni, in->vx_port, remote, under);
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact(c, fi, IFW_FACT_SOCKET, kernel_socket(c, in->vx_port));
	if (kn)
		ifw_fact_text(c, fi, kn->source, "%s: %s", kn->pattern, kn->purpose);
	if (kp)
		ifw_fact_text(c, fi, kp->source, "UDP %u: %s", in->vx_port, kp->meaning);
	c->ia->kernel_owned = true;
	struct ifw_finding *cr = ifw_claim(c, &kernel_claim,
	                                   "its UDP %u socket is the kernel's %s driver's, not "
	                                   "a process's: no socket says who asked for the device",
	                                   in->vx_port, f->kind);
	ifw_fact(c, cr, IFW_FACT_IFACE, c->id);
	ifw_fact(c, cr, IFW_FACT_SOCKET, kernel_socket(c, in->vx_port));
}

static const struct ifw_claim_def iptunnel_claim = {
    "overlay.iptunnel", "overlay", IFW_ROLE_PURPOSE, IFW_CONF_LIKELY + 15, IFW_SPEC_HOLDER, "vpn"};

static void iptunnel(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	const struct ifw_link_info *in = &f->info;
	if (c->ia->kernel_owned) /* the fallback device: rule_kernel said it */
		return;
	char a[IFW_IP_STRLEN], b[IFW_IP_STRLEN];
	struct ifw_finding *fi = ifw_claim(
	    c, &iptunnel_claim,
	    "%s tunnel from %s to %s, configured by an administrator or a network manager", f->kind,
	    ifw_ip_is_any(&in->tnl_local) ? "any" : ifw_ip_str(&in->tnl_local, a),
	    ifw_ip_is_any(&in->tnl_remote) ? "any" : ifw_ip_str(&in->tnl_remote, b));
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	if (!ifw_ip_is_any(&in->tnl_remote)) {
		struct ifw_peer *p = ifw_vec_push(&c->ia->peers);
		if (!p) {
			c->oom = 1;
			return;
		}
		p->ip = in->tnl_remote;
		p->owner = ifw_ip_owner(c, &in->tnl_remote);
		p->name = ifw_model_name_for(c->m, &in->tnl_remote);
		p->via = "tunnel endpoint";
	}
}

static const struct ifw_claim_def wireguard_claim = {
    "overlay.wireguard", "overlay", IFW_ROLE_PURPOSE, IFW_CONF_LIKELY + 15, IFW_SPEC_HOLDER, "vpn"};
static const struct ifw_claim_def xfrm_claim = {
    "overlay.xfrm", "overlay", IFW_ROLE_PURPOSE, IFW_CONF_LIKELY + 15, IFW_SPEC_HOLDER, "vpn"};

static void run_overlay(struct ifw_rule_ctx *c)
{
	static const char *const ovl[] = {"vxlan", "geneve", NULL};
	static const char *const tnl[] = {"gre",  "gretap", "ip6gre",    "ip6gretap",
	                                  "ipip", "sit",    "ip6tnl",    "vti",
	                                  "vti6", "erspan", "ip6erspan", NULL};
	const struct ifw_iface *f = c->f;
	if (!f->kind)
		return;
	if (kind_in(f->kind, ovl)) {
		vxlan(c);
	} else if (kind_in(f->kind, tnl)) {
		iptunnel(c);
	} else if (strcmp(f->kind, "wireguard") == 0) {
		/* daemons: the kernel's peers (generic netlink), when it was asked */
		const struct ifw_peer *peer = c->ia->peers.n ? &c->ia->peers.v[0] : NULL;
		char to[96] = "";
		char ip[IFW_IP_STRLEN];
		if (peer)
			snprintf(to, sizeof(to), " to %s over UDP %u", ifw_ip_str(&peer->ip, ip),
			         peer->port);
		/* a name the knowledge files as a WireGuard device of one program's (flanneld's
		 * flannel-wg, NordVPN's nordlynx) says whose, and what for */
		const struct ifw_kb_ifname *kn = ifw_kb_ifname(c->kb, c->m->os, f->name, f->kind);
		if (kn && !(kn->kind && strcmp(kn->kind, "wireguard") == 0))
			kn = NULL;
		/* the generic wg* says no more than the kind */
		if (kn && kn->category == IFW_KB_CAT_VPN && kn->pattern &&
		    strpbrk(kn->pattern, "*?["))
			kn = NULL;
		struct ifw_claim_def d = wireguard_claim;
		if (kn)
			d.category = ifw_kb_category_name(kn->category);
		struct ifw_finding *fi =
		    kn ? ifw_claim(c, &d,
		                   "WireGuard tunnel in the kernel%s: %s (by its name, set up by "
		                   "%s; its listen port belongs to the kernel)",
		                   to, kn->purpose, kn->creator ? kn->creator : "?")
		       : ifw_claim(c, &d,
		                   "WireGuard tunnel in the kernel%s (set up by wg-quick, "
		                   "systemd-networkd, NetworkManager or a VPN app; its listen port "
		                   "belongs to the kernel)",
		                   to);
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
		if (kn)
			ifw_fact_text(c, fi, kn->source, "%s: %s", kn->pattern, kn->purpose);
		for (size_t i = 0; i < c->ia->sas.n && i < 4; i++) /* daemons */
			ifw_fact(c, fi, IFW_FACT_SA, c->ia->sas.v[i]);
		c->ia->kernel_owned = true;
		char word[80];
		if (!peer && ifw_shell_word(f->name, word, sizeof(word)))
			ifw_next_step(c, "`wg show %s` lists its peers and listen port", word);
	} else if (strcmp(f->kind, "xfrm") == 0) {
		struct ifw_finding *fi =
		    ifw_claim(c, &xfrm_claim,
		              "route-based IPsec interface (xfrm, if_id %u), used by strongSwan or "
		              "Libreswan",
		              f->info.xfrm_if_id);
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	}
}

const struct ifw_rule_def ifw_rule_overlay = {
    .name = "overlay",
    .kinds = IFW_KINDS("vxlan", "geneve", "gre", "gretap", "ip6gre", "ip6gretap", "ipip", "sit",
                       "ip6tnl", "vti", "vti6", "erspan", "ip6erspan", "wireguard", "xfrm"),
    .phase = IFW_PHASE_FACTS,
    .run = run_overlay,
    .about = "kernel tunnels and overlays",
};
