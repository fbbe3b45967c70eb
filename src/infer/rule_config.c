/* A configuration file that declares an interface of this name (and kind) is evidence of who
 * made it, when no process holds it: systemd-networkd makes the devices of its .netdev files,
 * NetworkManager those of its virtual connection profiles, ifupdown those of its stanzas, netplan
 * hands its YAML to one of them, and `wg-quick up NAME` makes NAME from /etc/wireguard/NAME.conf.
 * The file is "likely"; it is "certain" only when the manager that reads it is running and the
 * kinds agree. A declaration whose kind contradicts the device's made something else (or an
 * earlier device of that name): a note, never a creator. The declarations apply to the host's
 * namespace (files read through pid 1's root), or to ifwho's own when a config root was given
 * (IFWHO_CONFIG_ROOT, tests). */
#include "infer/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct ifw_claim_def declared = {
    "config.declared", "creator", IFW_ROLE_CREATOR, IFW_CONF_LIKELY + 5, IFW_SPEC_HOLDER, NULL};
static const struct ifw_claim_def other_kind = {"config.other-kind", "config",      IFW_ROLE_NOTE,
                                                IFW_CONF_POSSIBLE,   IFW_SPEC_KIND, NULL};

enum match { M_NONE, M_NAME, M_KIND, M_CONTRADICTS };

/* How the declaration fits the device. A device without a kind (live: the kernel says it has
 * none, a card) contradicts a declared kind. wg-quick falls back to a userspace WireGuard,
 * which makes a tun device: not a contradiction, only no kind match. */
static enum match fits(const struct ifw_rule_ctx *c, const struct ifw_decl *d)
{
	const struct ifw_netns *ns = &c->m->netns.v[c->f->ns];
	if (!c->f->name || strcmp(c->f->name, d->ifname) != 0 ||
	    !(d->self_ns ? ns->is_self : ns->is_host))
		return M_NONE;
	/* saved output that shows no kind (ifconfig, `ip addr` without -d) says nothing of it */
	if (!d->kind || (!c->f->kind && c->m->source != IFW_SRC_LIVE))
		return M_NAME;
	const char *kind = c->f->kind ? c->f->kind : "";
	if (strcmp(kind, d->kind) == 0)
		return M_KIND;
	if (strcmp(d->kind, "wireguard") == 0 && strcmp(kind, "tun") == 0)
		return M_NAME;
	return M_CONTRADICTS;
}

/* The process that reads this manager's files, when it runs (netplan's renderer is networkd
 * or NetworkManager); ifupdown and wg-quick run only while they work. */
static ifw_id manager_process(const struct ifw_rule_ctx *c, const char *manager)
{
	bool networkd = strcmp(manager, "systemd-networkd") == 0 || strcmp(manager, "netplan") == 0;
	bool nm = strcmp(manager, "NetworkManager") == 0 || strcmp(manager, "netplan") == 0;
	for (size_t i = 0; i < c->m->procs.n; i++) {
		const char *comm = c->m->procs.v[i].comm;
		if (comm && ((networkd && strcmp(comm, "systemd-network") == 0) ||
		             (nm && strcmp(comm, "NetworkManager") == 0)))
			return (ifw_id)i;
	}
	return IFW_NOID;
}

static const char *kind_words(const struct ifw_decl *d)
{
	return d->kind ? d->kind : "kind not said";
}

/* A WireGuard file's far end becomes the tunnel's when no daemon session gave one. */
static void endpoint_peer(struct ifw_rule_ctx *c, const struct ifw_decl *d)
{
	if (!d->endpoint || c->ia->sas.n)
		return;
	char host[128];
	snprintf(host, sizeof(host), "%s", d->endpoint);
	char *colon = strrchr(host, ':');
	if (!colon)
		return;
	*colon = '\0';
	char *h = host;
	if (h[0] == '[' && colon > h && colon[-1] == ']') {
		h++;
		colon[-1] = '\0';
	}
	long port = strtol(colon + 1, NULL, 10);
	struct ifw_ip ip;
	if (port <= 0 || port > 65535 || ifw_ip_parse(h, &ip) < 0)
		return; /* a host name: said in the claim only */
	if (ifw_add_config_peer(c, &ip, (uint16_t)port, d->manager) < 0)
		c->oom = 1;
}

static void run_config(struct ifw_rule_ctx *c)
{
	if (c->ia->holders.n || c->ia->kernel_owned || !c->m->decls.n)
		return;
	const struct ifw_decl *best = NULL;
	enum match best_m = M_NONE;
	ifw_id best_p = IFW_NOID;
	for (size_t i = 0; i < c->m->decls.n; i++) {
		const struct ifw_decl *d = &c->m->decls.v[i];
		enum match mt = fits(c, d);
		if (mt == M_NONE)
			continue;
		if (mt == M_CONTRADICTS) {
			struct ifw_finding *fi = ifw_claim(
			    c, &other_kind,
			    "%s (%s) declares %s as a %s, but it is %s%s: not made from it",
			    d->path, d->manager, d->ifname, d->kind, c->f->kind ? "a " : "",
			    c->f->kind ? c->f->kind : "a device without a kind");
			ifw_fact_text(c, fi, d->path, "line %u declares %s as %s (%s)", d->line,
			              d->ifname, d->kind, d->manager);
			continue;
		}
		ifw_id p = manager_process(c, d->manager);
		/* the best: a kind match, then a running manager, then the first file read */
		bool better =
		    !best || mt > best_m || (mt == best_m && p != IFW_NOID && best_p == IFW_NOID);
		if (better) {
			best = d;
			best_m = mt;
			best_p = p;
		}
	}
	if (!best)
		return;
	bool certain = best_m == M_KIND && best_p != IFW_NOID;
	int conf = certain            ? IFW_CONF_CERTAIN
	           : best_m == M_KIND ? IFW_CONF_LIKELY + 5
	                              : IFW_CONF_LIKELY;
	const char *far = best->endpoint ? ifw_rule_printf(c, ", far end %s", best->endpoint) : "";
	struct ifw_finding *fi =
	    ifw_claim_at(c, &declared, conf, "declared by %s (%s%s)%s", best->path, best->manager,
	                 best_p != IFW_NOID ? ", running" : "", far ? far : "");
	ifw_fact_text(c, fi, best->path, "line %u declares %s, %s (%s)", best->line, best->ifname,
	              kind_words(best), best->manager);
	if (best_p != IFW_NOID)
		ifw_fact(c, fi, IFW_FACT_PROC, best_p);
	/* Other files that declare it too: facts of the same finding. */
	for (size_t i = 0; i < c->m->decls.n; i++) {
		const struct ifw_decl *d = &c->m->decls.v[i];
		enum match mt = fits(c, d);
		if (d != best && (mt == M_NAME || mt == M_KIND))
			ifw_fact_text(c, fi, d->path, "line %u declares %s too, %s (%s)", d->line,
			              d->ifname, kind_words(d), d->manager);
	}
	if (best->kind && strcmp(best->kind, "wireguard") == 0)
		endpoint_peer(c, best);
}

const struct ifw_rule_def ifw_rule_config = {
    .name = "config",
    .kinds = NULL,
    .phase = IFW_PHASE_FACTS,
    .run = run_config,
    .about = "a configuration file (networkd, NetworkManager, ifupdown, netplan, wg-quick) "
             "that declares the interface",
};
