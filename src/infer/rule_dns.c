/* A resolver the system scopes to a tunnel (macOS `scutil --dns`: "if_index : 23 (utun3)") says
 * which names are looked up through it: a VPN that pushes "corp.example.com" is the way into that
 * organization's network. Split DNS on a point-to-point device is how VPNs (mesh ones too) reach
 * an organization's names: a purpose, "possible" on its own. Said for point-to-point and tunnel
 * devices only: the resolver of a card is the local network's, which tells nothing of what the
 * card is for. */
#include "infer/rules.h"
#include "infer/tunnel.h"

#include <string.h>

static const struct ifw_claim_def resolves = {
    "dns.scoped", "tunnel", IFW_ROLE_PURPOSE, IFW_CONF_POSSIBLE + 10, IFW_SPEC_KIND, "vpn"};
/* Only a server: the tunnel brought its own resolver, as a VPN that pushes DNS does (a mesh VPN
 * too); what for, no domain says. */
static const struct ifw_claim_def server_only = {
    "dns.scoped-server", "dns", IFW_ROLE_PURPOSE, IFW_CONF_POSSIBLE + 3, IFW_SPEC_KIND, "vpn"};

/* A point-to-point or tun device, or, when the evidence shows neither (`resolvectl status`
 * alone names links only), a name the knowledge files under VPNs (tun0, wg0). */
static bool tunnel_like(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (f->flags & 0x10 /* IFF_POINTOPOINT */)
		return true;
	if (f->kind)
		return strcmp(f->kind, "tun") == 0 || strcmp(f->kind, "wireguard") == 0;
	return ifw_tunnel_like(c);
}

static void run_dns(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if ((!f->dns_domain && !f->dns_has_server) || !tunnel_like(c))
		return;
	const char *server = f->dns_has_server ? ifw_ip_text(c, &f->dns_server) : NULL;
	bool domain = f->dns_domain && strcmp(f->dns_domain, "local") != 0;
	struct ifw_finding *fi;
	if (domain)
		fi = ifw_claim(c, &resolves,
		               "a tunnel into the network of %s: the system resolves those names "
		               "through it%s%s%s",
		               f->dns_domain, server ? " (nameserver " : "", server ? server : "",
		               server ? ")" : "");
	else
		fi = ifw_claim(c, &server_only,
		               "a VPN that brought its own DNS server: the system resolves names "
		               "through it (nameserver %s)",
		               server ? server : "?");
	ifw_fact_text(c, fi, NULL, "a resolver scoped to %s: %s%s%s", f->name,
	              f->dns_domain ? f->dns_domain : "(no domain)", server ? ", nameserver " : "",
	              server ? server : "");
}

const struct ifw_rule_def ifw_rule_dns = {
    .name = "dns",
    .kinds = NULL,
    .phase = IFW_PHASE_FACTS,
    .run = run_dns,
    .about = "resolvers scoped to a tunnel (scutil --dns): the names it serves",
};
