/* Interfaces the kernel makes by itself: loopback, and the fallback devices each tunnel module
 * creates in every namespace when it loads (sit0, tunl0, gre0, ip6tnl0, ...). */
#include "infer/index.h"
#include "infer/rules.h"

#include <net/if.h>
#include <string.h>

static bool has_endpoints(const struct ifw_iface *f)
{
	return !ifw_ip_is_any(&f->info.tnl_local) || !ifw_ip_is_any(&f->info.tnl_remote);
}

static const struct ifw_claim_def loopback_claim = {"kernel.loopback", "kernel",
                                                    IFW_ROLE_PURPOSE,  IFW_CONF_CERTAIN + 9,
                                                    IFW_SPEC_HOLDER,   "loopback"};
/* Certain when untouched on Linux (the kind says it); configured, someone uses it. */
static const struct ifw_claim_def fallback = {"kernel.fallback", "kernel",
                                              IFW_ROLE_PURPOSE,  IFW_CONF_CERTAIN + 5,
                                              IFW_SPEC_KIND,     "kernel-fallback"};

static const struct ifw_claim_def set_up = {"kernel.tunnel-set-up", "kernel",      IFW_ROLE_PURPOSE,
                                            IFW_CONF_POSSIBLE + 20, IFW_SPEC_KIND, "vpn"};

/* macOS and the BSDs clone gif0 (and stf0) at boot, unconfigured; one with tunnel endpoints was
 * set up by someone as a tunnel (6in4 to a tunnel broker, a site-to-site link). */
static void tunnel_set_up(struct ifw_rule_ctx *c, const struct ifw_kb_ifname *k)
{
	const struct ifw_iface *f = c->f;
	char a[IFW_IP_STRLEN], b[IFW_IP_STRLEN];
	bool shown = has_endpoints(f);
	struct ifw_finding *fi = ifw_claim(
	    c, &set_up,
	    "an IP-in-IP tunnel%s%s%s%s set up on the kernel's %s device by an administrator or a "
	    "program (`ifconfig %s tunnel ...`; it carries IPv6 over IPv4 for a tunnel broker, "
	    "or links two sites)",
	    shown ? " from " : " (its endpoints masked)",
	    shown ? ifw_ip_str(&f->info.tnl_local, a) : "", shown ? " to " : "",
	    shown ? ifw_ip_str(&f->info.tnl_remote, b) : "", f->name, f->name);
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact_text(c, fi, k->source, "%s is %s's %s", k->pattern, k->creator, k->purpose);
}

/* The bonding and dummy drivers make one device when they load (max_bonds=1, numdummies=1):
 * bond0 and dummy0, down, with no address and no ports, beside the tunnel modules' own
 * fallback devices (a kernel with them built in, as WSL2's), are those, not a configured bond.
 * Returns whether it said so. */
static bool default_device(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	static const struct {
		const char *name, *kind, *driver, *param, *source;
	} defaults[] = {
	    {"bond0", "bond", "bonding", "max_bonds",
	     "https://www.kernel.org/doc/html/latest/networking/bonding.html"},
	    {"dummy0", "dummy", "dummy", "numdummies",
	     "https://github.com/torvalds/linux/blob/master/drivers/net/dummy.c"},
	};
	if (!f->name || (f->flags & IFW_IFF_UP) || f->addrs.n || f->ports.n ||
	    f->master != IFW_NOID || c->m->source == IFW_SRC_LIVE)
		return false;
	for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++) {
		if (strcmp(f->name, defaults[i].name) != 0 ||
		    (f->kind && strcmp(f->kind, defaults[i].kind) != 0))
			continue;
		static const char *const others[] = {"tunl0", "sit0",    "ip6tnl0",
		                                     "gre0",  "erspan0", "ip_vti0"};
		bool beside = false;
		for (size_t k = 0; k < sizeof(others) / sizeof(others[0]) && !beside; k++)
			beside = ifw_index_iface_named(c->a->idx, f->ns, others[k]) != IFW_NOID;
		if (!beside)
			return false;
		c->ia->kernel_owned = true;
		struct ifw_finding *fi = ifw_claim_at(
		    c, &fallback, IFW_CONF_POSSIBLE + 15,
		    "the %s driver's default device, made when the driver loaded (%s=1; a kernel "
		    "with it built in, like the tunnel modules beside it): down, unused",
		    defaults[i].driver, defaults[i].param);
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
		ifw_fact_text(c, fi, defaults[i].source, "%s makes %s when it loads (%s)",
		              defaults[i].driver, defaults[i].name, defaults[i].param);
		return true;
	}
	return false;
}

static void run_kernel(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if ((f->flags & IFW_IFF_LOOPBACK) || (f->arptype == IFW_ARPHRD_LOOPBACK && !f->kind)) {
		c->ia->kernel_owned = true;
		struct ifw_finding *fi = ifw_claim(c, &loopback_claim,
		                                   "loopback, made by the kernel in every "
		                                   "network namespace");
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
		return;
	}
	const struct ifw_kb_ifname *k =
	    ifw_kb_ifname(c->kb, c->m->os, f->name, ifw_lookup_kind(c->m, f));
	/* Loopback known only by its name: a pasted `netstat -rn` lists lo0 by its routes, with
	 * no flags. A kind or a hardware address would mean someone reused the name (all zeros
	 * is none: the link-layer entry of a loopback as programs print it). */
	bool mac = false;
	for (size_t i = 0; i < f->mac_len && i < sizeof(f->mac); i++)
		mac = mac || f->mac[i];
	if (k && k->category == IFW_KB_CAT_LOOPBACK && !f->kind && !mac && !f->bus_info) {
		c->ia->kernel_owned = true;
		struct ifw_finding *fi = ifw_claim_at(c, &loopback_claim, IFW_CONF_LIKELY + 10,
		                                      "loopback, made by the kernel (by its name: "
		                                      "the evidence does not show its flags)");
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
		ifw_fact_text(c, fi, k->source, "%s is %s's %s", k->pattern, k->creator,
		              k->purpose);
		return;
	}
	if (default_device(c))
		return;
	if (!k || k->category != IFW_KB_CAT_KERNEL_FALLBACK)
		return;
	bool linux_os = c->m->os && strcmp(c->m->os, "linux") == 0;
	/* A fallback device has no endpoints. With endpoints or addresses someone configured it,
	 * so it is used for something (Calico's tunl0, for one). */
	bool configured = has_endpoints(f) || f->info.has_tnl || f->addrs.n > 0;
	if (!linux_os && f->info.has_tnl) {
		tunnel_set_up(c, k);
		return;
	}
	c->ia->kernel_owned = !f->only_named;
	int conf = linux_os ? (configured ? IFW_CONF_POSSIBLE + 20 : fallback.confidence)
	                    : (configured ? IFW_CONF_POSSIBLE + 10 : IFW_CONF_LIKELY + 15);
	struct ifw_finding *fi;
	if (f->only_named) /* a line named it; nothing shows whether it is configured */
		fi = ifw_claim_at(c, &fallback, IFW_CONF_POSSIBLE,
		                  "%s: %s (only its name was read: whether it is configured "
		                  "is not shown)",
		                  k->creator, k->purpose);
	else if (configured)
		fi = ifw_claim_at(c, &fallback, conf,
		                  "the kernel's fallback device, but configured (it has %s): %s",
		                  f->addrs.n ? "addresses" : "tunnel endpoints", k->purpose);
	else
		fi = ifw_claim_at(c, &fallback, conf, "%s: %s", k->creator, k->purpose);
	ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	ifw_fact_text(c, fi, k->source, "%s %s is made by %s", f->kind ? f->kind : "interface",
	              k->pattern, k->creator);
}

const struct ifw_rule_def ifw_rule_kernel = {
    .name = "kernel",
    .kinds = NULL,
    .phase = IFW_PHASE_FACTS,
    .run = run_kernel,
    .about = "loopback and the fallback devices tunnel modules make",
};
