/* TUN/TAP devices: the process holding /dev/net/tun made the interface and keeps it; what that
 * process is (VPN, hypervisor, container network) and where its other sockets lead (the tunnel's
 * far end) say what the interface is for. */
#include "infer/index.h"
#include "infer/rules.h"
#include "infer/tunnel.h"

#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool role_is(const struct ifw_kb_process *k, enum ifw_kb_proc_role role)
{
	return k && k->role == role;
}

static const struct ifw_claim_def holder_claim = {
    "tun.holder", "creator", IFW_ROLE_CREATOR, IFW_CONF_CERTAIN + 5, IFW_SPEC_HOLDER, NULL};

/* The holders' positions, by process and then by their order: each process's fds together. */
struct held {
	ifw_id proc;
	uint32_t at;
};

static int by_proc(const void *a, const void *b)
{
	const struct held *x = a, *y = b;
	if (x->proc != y->proc)
		return x->proc < y->proc ? -1 : 1;
	return (x->at > y->at) - (x->at < y->at);
}

/* One process's run in the sorted positions, and where it first holds the device. */
struct run {
	uint32_t first, from, to;
};

static int by_first(const void *a, const void *b)
{
	const struct run *x = a, *y = b;
	return (x->first > y->first) - (x->first < y->first);
}

/* One claim per holding process, in the order the processes first hold it, citing each of its
 * fds. Sorted, not compared pairwise: a process (any user's, in a namespace of its own) may hold
 * its tun through 500 000 fds, and the pairwise scans took minutes. */
static void creators(struct ifw_rule_ctx *c)
{
	const struct ifw_iface_analysis *ia = c->ia;
	size_t n = ia->holders.n;
	struct held *o = malloc(n * sizeof(*o));
	struct run *r = malloc(n * sizeof(*r));
	struct ifw_idmap cited;
	ifw_idmap_init(&cited);
	if (!o || !r) {
		c->oom = 1;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		o[i] = (struct held){ia->holders.v[i].proc, (uint32_t)i};
	qsort(o, n, sizeof(*o), by_proc);
	size_t nr = 0;
	for (size_t s = 0, e; s < n; s = e) {
		for (e = s; e < n && o[e].proc == o[s].proc; e++)
			;
		r[nr++] = (struct run){o[s].at, (uint32_t)s, (uint32_t)e};
	}
	qsort(r, nr, sizeof(*r), by_first);
	/* the device file is Linux's; a BSD or macOS paste names the process only */
	const char *dev = c->m->os && strcmp(c->m->os, "linux") != 0 ? "" : " through /dev/net/tun";
	for (size_t g = 0; g < nr; g++) {
		const struct ifw_holder *h = &ia->holders.v[r[g].first];
		size_t fds = r[g].to - r[g].from;
		struct ifw_finding *fi;
		if (fds > 1)
			fi = ifw_claim(c, &holder_claim, "%s holds it open%s (%zu queues)",
			               ifw_proc_label(c, h->proc), dev, fds);
		else
			fi = ifw_claim(c, &holder_claim, "%s holds it open%s",
			               ifw_proc_label(c, h->proc), dev);
		for (size_t k = r[g].from; k < r[g].to && fi; k++) {
			ifw_id fd = ia->holders.v[o[k].at].fdref;
			if (fd == IFW_NOID || ifw_idmap_get(&cited, fd) != IFW_NOID)
				continue;
			if (ifw_idmap_put(&cited, fd, 1) < 0) {
				c->oom = 1;
				goto out;
			}
			ifw_fact_new(c, fi, IFW_FACT_FDREF, fd);
		}
		ifw_fact(c, fi, IFW_FACT_PROC, h->proc);
	}
out:
	ifw_idmap_free(&cited);
	free(o);
	free(r);
}

static const struct ifw_claim_def persistent_claim = {
    "tun.persistent", "tunnel", IFW_ROLE_PURPOSE, IFW_CONF_LIKELY + 5, IFW_SPEC_KIND, "virtual"};
static const struct ifw_claim_def up_unheld = {"tun.up-unheld",  "tunnel",      IFW_ROLE_NOTE,
                                               IFW_CONF_CERTAIN, IFW_SPEC_KIND, NULL};
static const struct ifw_claim_def no_fds = {"tun.no-fds",  "tunnel",      IFW_ROLE_PURPOSE,
                                            IFW_CONF_WEAK, IFW_SPEC_KIND, "virtual"};
static const struct ifw_claim_def hidden_claim = {"tun.hidden",  "tunnel",      IFW_ROLE_PURPOSE,
                                                  IFW_CONF_WEAK, IFW_SPEC_KIND, "virtual"};
static const struct ifw_claim_def orphan_claim = {
    "tun.orphan", "tunnel", IFW_ROLE_PURPOSE, IFW_CONF_WEAK + 5, IFW_SPEC_KIND, "virtual"};
static const struct ifw_claim_def unconfirmed_claim = {
    "tun.unconfirmed", "creator", IFW_ROLE_NOTE, IFW_CONF_WEAK, IFW_SPEC_HOLDER, NULL};

static void no_holder(struct ifw_rule_ctx *c, const char *dev)
{
	const struct ifw_iface *f = c->f;
	struct ifw_finding *fi;
	if (f->info.tun_persist) {
		char owner[48] = "";
		if (f->info.has_tun_owner)
			snprintf(owner, sizeof(owner), " (owner uid %u)", f->info.tun_owner);
		fi = ifw_claim(
		    c, &persistent_claim,
		    "a persistent %s device that no process holds%s: made with `ip tuntap` "
		    "or `openvpn --mktun`, or kept for a program that is not running",
		    dev, owner);
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
		if (f->flags & IFW_IFF_UP) {
			struct ifw_finding *n =
			    ifw_claim(c, &up_unheld,
			              "it is up, but no process reads or writes it: what is routed "
			              "to it goes "
			              "nowhere until a program attaches");
			ifw_fact(c, n, IFW_FACT_IFACE, c->id);
		}
	} else if (c->m->source != IFW_SRC_LIVE) {
		fi =
		    ifw_claim(c, &no_fds,
		              "a %s device; saved command output shows no file descriptors, so its "
		              "holder is not known from them",
		              dev);
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	} else if (!c->m->privileged || c->m->limits.n) {

		fi = ifw_claim(c, &hidden_claim, "a %s device whose holder is not visible", dev);
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
		ifw_next_step(c, "run as root: the process holding /dev/net/tun for it is hidden");
	} else {
		fi = ifw_claim(c, &orphan_claim,
		               "a %s device held by a process outside ifwho's view (another PID "
		               "namespace?)",
		               dev);
		ifw_fact(c, fi, IFW_FACT_IFACE, c->id);
	}
	for (size_t i = 0; i < c->ia->unconfirmed.n; i++) {
		const struct ifw_holder *h = &c->ia->unconfirmed.v[i];
		struct ifw_finding *u =
		    ifw_claim(c, &unconfirmed_claim,
		              "%s holds a tun device named %s, but its namespace could not be "
		              "confirmed, so it is not attributed",
		              ifw_proc_label(c, h->proc), f->name);
		ifw_fact(c, u, IFW_FACT_FDREF, h->fdref);
	}
	if (c->ia->unconfirmed.n)
		ifw_next_step(c, "run as root (CAP_SYS_PTRACE, CAP_NET_ADMIN) to confirm which "
		                 "namespace each tun fd's device lives in");
}

/* The first process with a name living in namespace ns, and how many there are. */
static ifw_id first_in(const struct ifw_rule_ctx *c, ifw_id ns, size_t *count)
{
	ifw_id first = IFW_NOID;
	const ifw_id *there = ifw_index_ns_procs(c->a->idx, ns, count);
	for (size_t i = 0; i < *count; i++)
		if (first == IFW_NOID || c->m->procs.v[there[i]].pid < c->m->procs.v[first].pid)
			first = there[i];
	return first;
}

/* The holder lives in another namespace than its device: it carries that namespace's traffic
 * through its own sockets (user-mode networking, as slirp4netns and pasta give rootless
 * containers). The tun fd and both namespaces are facts; the purpose is read from them. */
static void helper_for_namespace(struct ifw_rule_ctx *c, ifw_id p, const struct ifw_kb_process *k)
{
	static const struct ifw_claim_def helper = {"tun.netns-helper", "tunnel",
	                                            IFW_ROLE_PURPOSE,   IFW_CONF_LIKELY + 8,
	                                            IFW_SPEC_HOLDER,    "virtual"};
	const struct ifw_iface *f = c->f;
	size_t n = 0;
	ifw_id user = first_in(c, f->ns, &n);
	const char *users =
	    user == IFW_NOID
	        ? "no process lives there now"
	        : ifw_rule_printf(c, "%s lives there%s", ifw_proc_label(c, user),
	                          n > 1 ? ifw_rule_printf(c, " with %zu others", n - 1) : "");
	bool runtime = role_is(k, IFW_KB_PROC_CONTAINER_RUNTIME);
	struct ifw_claim_def d = helper;
	if (runtime) {
		d.confidence = IFW_CONF_CERTAIN - 2;
		d.category = "container";
	}
	struct ifw_finding *fi = ifw_claim(
	    c, &d,
	    "user-mode networking for namespace %s by %s%s, which lives in namespace %s: it "
	    "carries the namespace's traffic through its own sockets (%s)",
	    ifw_ns_name(c->m, f->ns), ifw_proc_label(c, p),
	    runtime ? ifw_rule_printf(c, " (%s)", k->software) : "",
	    ifw_ns_name(c->m, c->m->procs.v[p].ns), users);
	ifw_fact(c, fi, IFW_FACT_PROC, p);
	ifw_fact(c, fi, IFW_FACT_FDREF, c->ia->holders.v[0].fdref);
	ifw_fact(c, fi, IFW_FACT_NETNS, c->m->procs.v[p].ns);
	ifw_fact(c, fi, IFW_FACT_PROC, user);
}

static const struct ifw_claim_def vm_libvirt = {
    "tun.vm-libvirt", "tunnel", IFW_ROLE_PURPOSE, IFW_CONF_CERTAIN + 2, IFW_SPEC_COMBINED, "vm"};
static const struct ifw_claim_def vm_claim = {"tun.vm",         "tunnel",        IFW_ROLE_PURPOSE,
                                              IFW_CONF_CERTAIN, IFW_SPEC_HOLDER, "vm"};
static const struct ifw_claim_def container_claim = {"tun.container",  "tunnel",
                                                     IFW_ROLE_PURPOSE, IFW_CONF_LIKELY + 15,
                                                     IFW_SPEC_HOLDER,  "container"};

static const struct ifw_claim_def apple_claim = {
    "tun.apple", "tunnel", IFW_ROLE_PURPOSE, IFW_CONF_LIKELY + 15, IFW_SPEC_HOLDER, "apple-system"};

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
	/* An inferred holder (its command line names the device) has its creator finding from that
	 * rule, and what it is for is read the same way, as a guess. */
	bool confirmed = c->ia->holders.v[0].confirmed;
	if (confirmed)
		creators(c);
	int less = confirmed ? 0 : 15;
	ifw_id p = c->ia->holders.v[0].proc;
	const struct ifw_kb_process *k = ifw_proc_kb(c, p);
	/* a broker (nesessionmanager) holds the device for the app that asked: the app's
	 * extension, holding it too, says whose it is */
	for (size_t i = 1; k && k->broker && i < c->ia->holders.n; i++) {
		const struct ifw_kb_process *o = ifw_proc_kb(c, c->ia->holders.v[i].proc);
		if ((!o || !o->broker) && c->ia->holders.v[i].confirmed == confirmed) {
			p = c->ia->holders.v[i].proc;
			k = o;
		}
	}
	struct ifw_finding *fi = NULL;
	ifw_id pns = c->m->procs.v[p].ns;
	if (confirmed && pns != IFW_NOID && pns != f->ns && !role_is(k, IFW_KB_PROC_HYPERVISOR)) {
		helper_for_namespace(c, p, k);
		return;
	}
	if (f->vm_name) {
		/* libvirt's own run state names the domain: the software's word, not a guess. */
		fi = ifw_claim_at(c, &vm_libvirt, (uint8_t)(IFW_CONF_CERTAIN + 2 - less),
		                  "network card of VM %s (libvirt%s%s), run by %s", f->vm_name,
		                  f->vm_network ? ", network " : "",
		                  f->vm_network ? f->vm_network : "", ifw_proc_label(c, p));
	} else if (role_is(k, IFW_KB_PROC_HYPERVISOR)) {
		fi = ifw_claim_at(c, &vm_claim, (uint8_t)(IFW_CONF_CERTAIN - less),
		                  "network card of a virtual machine run by %s (%s)", k->software,
		                  ifw_proc_label(c, p));
	} else if (role_is(k, IFW_KB_PROC_CONTAINER_RUNTIME)) {
		fi = ifw_claim_at(c, &container_claim, (uint8_t)(IFW_CONF_LIKELY + 15 - less),
		                  "user-mode network of a rootless container (%s, %s)", k->software,
		                  ifw_proc_label(c, p));
	} else if (role_is(k, IFW_KB_PROC_APPLE_SYSTEM)) {
		/* an Apple daemon's own link (rapportd, identityservicesd): the system's, no VPN */
		fi = ifw_claim_at(c, &apple_claim, (uint8_t)(IFW_CONF_LIKELY + 15 - less),
		                  "%s: %s (held by %s)", k->software,
		                  k->description ? k->description : "the system's own link",
		                  ifw_proc_label(c, p));
	} else {
		ifw_tunnel_claim(c, p, confirmed);
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
