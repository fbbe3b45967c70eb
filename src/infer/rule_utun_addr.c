/* A macOS or iOS utun with an IPv4 address. Apple's own utun devices (rapportd's Continuity
 * link, identityservicesd's device channel, the ones a fresh Mac shows without any VPN) carry
 * only IPv6 link-local addresses; an IPv4 address on a utun was given by the program that made
 * it: a VPN, a proxy's "enhanced mode" tunnel or a mesh VPN. The claim stays "possible": it says
 * what kind of program, not which. */
#include "infer/rules.h"

#include <string.h>
#include <sys/socket.h>

static const struct ifw_claim_def ipv4_utun = {
    "darwin.utun-ipv4", "address", IFW_ROLE_PURPOSE, IFW_CONF_POSSIBLE + 8, IFW_SPEC_KIND, "vpn"};

static bool apple_os(const char *os)
{
	return os && (strcmp(os, "darwin") == 0 || strcmp(os, "ios") == 0);
}

static void run_utun_addr(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (!apple_os(c->m->os) || !f->name || strncmp(f->name, "utun", 4) != 0 ||
	    c->ia->kernel_owned)
		return;
	for (size_t i = 0; i < f->addrs.n; i++) {
		ifw_id aid = f->addrs.v[i];
		const struct ifw_addr *a = &c->m->addrs.v[aid];
		if (a->ip.family != AF_INET || (a->ip.a[0] == 169 && a->ip.a[1] == 254) ||
		    ifw_ip_is_any(&a->ip))
			continue;
		struct ifw_finding *fi = ifw_claim(
		    c, &ipv4_utun,
		    "a VPN, proxy or mesh-VPN tunnel: it has the IPv4 address %s, and Apple's own "
		    "utun devices carry only IPv6 link-local addresses",
		    ifw_ip_text(c, &a->ip));
		ifw_fact(c, fi, IFW_FACT_ADDR, aid);
		ifw_fact_text(
		    c, fi, "https://github.com/brona/iproute2mac/issues/56",
		    "the utun devices macOS daemons make (rapportd, identityservicesd) have "
		    "IPv6 link-local addresses only");
		ifw_next_step(c,
		              "`ifconfig -v %s` shows its network agent (the VPN's name); "
		              "`ps -axo pid,comm` shows which VPN or proxy runs",
		              ifw_iface_name(c->m, c->id));
		return;
	}
	/* `netstat -rn` without ifconfig: "192.168.168.17  192.168.168.17  UH  utun23", the route
	 * to its own IPv4 address (a VPN's virtual IP), gateway and destination the same */
	for (size_t i = 0; i < f->routes.n; i++) {
		const struct ifw_route *r = &c->m->routes.v[f->routes.v[i]];
		if (r->family != AF_INET || r->dst_len != 32 || !ifw_ip_eq(&r->dst, &r->gateway) ||
		    (r->dst.a[0] == 169 && r->dst.a[1] == 254) || r->dst.a[0] == 127 ||
		    ifw_ip_is_any(&r->dst))
			continue;
		struct ifw_finding *fi = ifw_claim(
		    c, &ipv4_utun,
		    "a VPN, proxy or mesh-VPN tunnel: the routing table gives it the IPv4 address "
		    "%s (a route to itself), and Apple's own utun devices carry only IPv6 "
		    "link-local addresses",
		    ifw_ip_text(c, &r->dst));
		ifw_fact(c, fi, IFW_FACT_ROUTE, f->routes.v[i]);
		return;
	}
}

const struct ifw_rule_def ifw_rule_utun_addr = {
    .name = "utun_addr",
    .kinds = IFW_KINDS(""),
    .phase = IFW_PHASE_FACTS,
    .run = run_utun_addr,
    .about = "a macOS utun with an IPv4 address: made by a VPN, proxy or mesh VPN",
};
