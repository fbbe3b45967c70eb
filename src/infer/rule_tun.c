/* TUN/TAP devices: the process holding /dev/net/tun made the interface and keeps it; what that
 * process is (VPN, hypervisor, container network) and where its other sockets lead (the tunnel's
 * far end) say what the interface is for. */
#include "infer/rules.h"
#include "infer/tunnel.h"

#include <net/if.h>
#include <stdio.h>
#include <string.h>

static bool role_is(const struct ifw_kb_process *k, const char *role)
{
	return k && strcmp(k->role, role) == 0;
}

static void creators(struct ifw_rule_ctx *c)
{
	const struct ifw_iface_analysis *ia = c->ia;
	for (size_t i = 0; i < ia->holders.n; i++) {
		const struct ifw_holder *h = &ia->holders.v[i];
		bool seen = false;
		for (size_t k = 0; k < i; k++)
			seen |= ia->holders.v[k].proc == h->proc;
		if (seen)
			continue;
		size_t fds = 0;
		for (size_t k = 0; k < ia->holders.n; k++)
			fds += ia->holders.v[k].proc == h->proc;
		struct ifw_finding *fi;
		if (fds > 1)
			fi = ifw_find(c, "tun.holder", "creator", IFW_ROLE_CREATOR, 95, 3, NULL,
			              "%s holds it open through /dev/net/tun (%zu queues)",
			              ifw_proc_label(c, h->proc), fds);
		else
			fi = ifw_find(c, "tun.holder", "creator", IFW_ROLE_CREATOR, 95, 3, NULL,
			              "%s holds it open through /dev/net/tun",
			              ifw_proc_label(c, h->proc));
		for (size_t k = 0; k < ia->holders.n; k++)
			if (ia->holders.v[k].proc == h->proc)
				ifw_fact(c, fi, IFW_FACT_FDREF, ia->holders.v[k].fdref);
		ifw_fact(c, fi, IFW_FACT_PROC, h->proc);
	}
}

static void no_holder(struct ifw_rule_ctx *c, const char *dev)
{
	const struct ifw_iface *f = c->f;
	struct ifw_finding *fi;
	if (f->info.tun_persist) {
		char owner[48] = "";
		if (f->info.has_tun_owner)
			snprintf(owner, sizeof(owner), " (owner uid %u)", f->info.tun_owner);
		fi = ifw_find(
		    c, "tun.persistent", "tunnel", IFW_ROLE_PURPOSE, 75, 2, "virtual",
		    "a persistent %s device that no process holds%s: made with `ip tuntap` "
		    "or `openvpn --mktun`, or kept for a program that is not running",
		    dev, owner);
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
		if (f->flags & IFF_UP) {
			struct ifw_finding *n =
			    ifw_find(c, "tun.up-unheld", "tunnel", IFW_ROLE_NOTE, 90, 2, NULL,
			             "it is up, but no process reads or writes it: what is routed "
			             "to it goes "
			             "nowhere until a program attaches");
			ifw_fact(c, n, IFW_FACT_IFACE, c->id);
		}
	} else if (c->m->source != IFW_SRC_LIVE) {
		fi = ifw_find(c, "tun.no-fds", "tunnel", IFW_ROLE_PURPOSE, 30, 2, "virtual",
		              "a %s device; saved command output shows no file descriptors, so its "
		              "holder is not known from them",
		              dev);
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	} else if (!c->m->privileged || c->m->limits.n) {

		fi = ifw_find(c, "tun.hidden", "tunnel", IFW_ROLE_PURPOSE, 30, 2, "virtual",
		              "a %s device whose holder is not visible", dev);
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
		ifw_next_step(c, "run as root: the process holding /dev/net/tun for it is hidden");
	} else {
		fi = ifw_find(c, "tun.orphan", "tunnel", IFW_ROLE_PURPOSE, 35, 2, "virtual",
		              "a %s device held by a process outside ifwho's view (another PID "
		              "namespace?)",
		              dev);
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	}
	for (size_t i = 0; i < c->ia->unconfirmed.n; i++) {
		const struct ifw_holder *h = &c->ia->unconfirmed.v[i];
		struct ifw_finding *u =
		    ifw_find(c, "tun.unconfirmed", "creator", IFW_ROLE_NOTE, 30, 3, NULL,
		             "%s holds a tun device named %s, but its namespace could not be "
		             "confirmed, so it is not attributed",
		             ifw_proc_label(c, h->proc), f->name);
		ifw_fact(c, u, IFW_FACT_FDREF, h->fdref);
	}
	if (c->ia->unconfirmed.n)
		ifw_next_step(c, "run as root (CAP_SYS_PTRACE, CAP_NET_ADMIN) to confirm which "
		                 "namespace each tun fd's device lives in");
}

static void run_tun(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (!f->kind || strcmp(f->kind, "tun") != 0)
		return;
	const char *dev = f->info.tun_type == IFW_TUN_TAP ? "TAP" : "TUN";
	if (!c->ia->holders.n) {
		no_holder(c, dev);
		return;
	}
	creators(c);
	ifw_id p = c->ia->holders.v[0].proc;
	const struct ifw_kb_process *k = ifw_proc_kb(c, p);
	struct ifw_finding *fi = NULL;
	if (role_is(k, "hypervisor")) {
		fi = ifw_find(c, "tun.vm", "tunnel", IFW_ROLE_PURPOSE, 90, 3, "vm",
		              "network card of a virtual machine run by %s (%s)", k->software,
		              ifw_proc_label(c, p));
	} else if (role_is(k, "container-runtime")) {
		fi = ifw_find(c, "tun.container", "tunnel", IFW_ROLE_PURPOSE, 85, 3, "container",
		              "user-mode network of a rootless container (%s, %s)", k->software,
		              ifw_proc_label(c, p));
	} else {
		ifw_tunnel_claim(c, p, true);
		return;
	}
	ifw_fact(c, fi, IFW_FACT_PROC, p);
	ifw_fact(c, fi, IFW_FACT_FDREF, c->ia->holders.v[0].fdref);
}

const struct ifw_rule_def ifw_rule_tun = {
    .name = "tun",
    .kinds = IFW_KINDS("tun"),
    .phase = IFW_PHASE_FACTS,
    .run = run_tun,
    .about = "TUN/TAP: the process holding /dev/net/tun and what it is",
};
