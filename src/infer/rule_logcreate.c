/* The system's own log naming the process that created the interface (macOS unified log,
 * NetworkExtension's "Created a new NEVirtualInterface" line, written by the creating process).
 * It is the creator's own word, but utun and ipsec numbers are handed out again once freed: the
 * last creation the log shows for the name is the one that counts, and it is "likely", not
 * "certain", unless a process with that pid and name still runs (then it is the same process,
 * and nothing else has freed the name since). */
#include "infer/index.h"
#include "infer/rules.h"

#include <ctype.h>
#include <net/if.h>
#include <string.h>

/* The category a creator's software belongs to, from its process knowledge, or NULL. */
const char *ifw_creator_category(struct ifw_rule_ctx *c, const char *creator)
{
	static const struct {
		enum ifw_kb_proc_role role;
		enum ifw_kb_category category;
	} map[] = {
	    {IFW_KB_PROC_VPN, IFW_KB_CAT_VPN},
	    {IFW_KB_PROC_MESH_VPN, IFW_KB_CAT_MESH_VPN},
	    {IFW_KB_PROC_TELEPHONY, IFW_KB_CAT_TELEPHONY},
	    {IFW_KB_PROC_HYPERVISOR, IFW_KB_CAT_VM},
	    {IFW_KB_PROC_CONTAINER_RUNTIME, IFW_KB_CAT_CONTAINER},
	    {IFW_KB_PROC_APPLE_SYSTEM, IFW_KB_CAT_APPLE_SYSTEM},
	};
	const struct ifw_kb_process *p = ifw_kb_process(c->kb, creator, NULL, NULL);
	for (size_t i = 0; p && i < sizeof(map) / sizeof(map[0]); i++)
		if (p->role == map[i].role)
			return ifw_kb_category_name(map[i].category);
	return NULL;
}

static const struct ifw_claim_def listed_purpose = {
    "log.listed-purpose", "creator", IFW_ROLE_PURPOSE, IFW_CONF_LIKELY, IFW_SPEC_HOLDER, NULL};
static const struct ifw_claim_def logged = {"log.created",   "creator",       IFW_ROLE_CREATOR,
                                            IFW_CONF_LIKELY, IFW_SPEC_HOLDER, NULL};

/* A process of the interface's namespace with the logged pid and name (an index, not a scan
 * of every process for every interface). */
static ifw_id running(const struct ifw_rule_ctx *c, const struct ifw_logcreate *lc)
{
	if (lc->pid < 0 || !lc->comm)
		return IFW_NOID;
	return ifw_index_proc_pid_comm(c->a->idx, c->f->ns, lc->pid, lc->comm);
}

static const struct ifw_claim_def unnamed_claim = {
    "log.created-unnamed", "creator", IFW_ROLE_CREATOR, IFW_CONF_POSSIBLE, IFW_SPEC_KIND, NULL};
static const struct ifw_claim_def unnamed_tunnel = {
    "log.program-tunnel", "creator", IFW_ROLE_PURPOSE, IFW_CONF_POSSIBLE + 5, IFW_SPEC_KIND, "vpn"};

/* A log line that tells of the creation and names no program (no tag): a program made it,
 * not the system; a tunnel device a program made is its VPN, proxy or overlay. */
static void unnamed(struct ifw_rule_ctx *c, const struct ifw_logcreate *last)
{
	struct ifw_finding *fi =
	    ifw_claim(c, &unnamed_claim,
	              "created by a program whose log line says so, without naming the program");
	ifw_fact_text(c, fi, last->origin.src, "%s", last->origin.raw ? last->origin.raw : "");
	const char *kind = ifw_lookup_kind(c->m, c->f);
	const struct ifw_kb_ifname *k = ifw_kb_ifname(c->kb, c->m->os, c->f->name, kind);
	if ((kind && strcmp(kind, "tun") == 0) || (k && k->kind && strcmp(k->kind, "tun") == 0)) {
		struct ifw_finding *pu = ifw_claim(c, &unnamed_tunnel,
		                                   "a program's own tunnel (its log tells of "
		                                   "creating it): a VPN, proxy or overlay; "
		                                   "`lsof` or `ps` at the time names the program");
		ifw_fact(c, pu, IFW_FACT_IFACE, c->id);
	}
}

/* Whether a device of this kind is one the message tells of: "TUN/TAP device wg0 opened" (under
 * openvpn's tag, which any user may log under) made no kernel WireGuard or bridge of that name. */
static bool kind_fits(const char *kinds, const char *kind)
{
	if (!kinds || !kind)
		return true;
	size_t n = strlen(kind);
	for (const char *p = kinds; (p = strstr(p, kind)); p += n)
		if ((p == kinds || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return true;
	return false;
}

/* A TUN/TAP or PPP device's making names no card: a name the knowledge gives a card (en0, eth0,
 * enp3s0) shown with an Ethernet MAC is not the one "Using interface en0" (pppd's words in some
 * other tool's log) or a pasted "inbound/tun[0]: started at en0" tells of. */
static bool card_named(struct ifw_rule_ctx *c, const struct ifw_logcreate *lc)
{
	const struct ifw_iface *f = c->f;
	if (!lc->kinds || f->mac_len != 6 || kind_fits(lc->kinds, f->kind ? f->kind : "?"))
		return false;
	bool zero = true;
	for (size_t i = 0; i < 6; i++)
		zero = zero && f->mac[i] == 0;
	const struct ifw_kb_ifname *k =
	    ifw_kb_ifname(c->kb, c->m->os, f->name, ifw_lookup_kind(c->m, f));
	return !zero && k && k->category == IFW_KB_CAT_PHYSICAL;
}

/* The creator's record gives the device's MAC (libvirt's domain XML): a listing that shows
 * another (but for a tap's first byte), none on a point-to-point device, or ports joined to it,
 * shows another device of that name. */
static bool other_device(const struct ifw_iface *f, const struct ifw_logcreate *lc)
{
	if (!lc->has_mac)
		return false;
	if (f->ports.n) /* a tap or a macvtap is no other interface's master */
		return true;
	if (f->mac_len == 6)
		return memcmp(f->mac + 1, lc->mac + 1, 5) != 0;
	return f->mac_len == 0 && (f->flags & (IFF_POINTOPOINT | IFF_NOARP)) != 0;
}

/* A person's sentence ("tap0 is my openvpn server"): the first of its words the knowledge
 * files as a program (its process name or its software's) is perhaps the creator. People
 * guess, and name the software they think of: possible, no more. */
static void said(struct ifw_rule_ctx *c, const struct ifw_logcreate *lc)
{
	char word[64];
	for (const char *p = lc->said; *p;) {
		size_t n = strcspn(p, " ");
		if (n && n < sizeof(word)) {
			memcpy(word, p, n);
			word[n] = '\0';
			for (size_t i = 0; i < n; i++) /* "OpenVPN", "Tailscale's" */
				word[i] = (char)tolower((unsigned char)word[i]);
			if (n > 2 && word[n - 2] == '\'' && word[n - 1] == 's')
				word[n - 2] = '\0';
			const struct ifw_kb_process *k = ifw_kb_process(c->kb, word, NULL, NULL);
			if (!k && strlen(word) >= 4)
				k = ifw_kb_process_named_after(c->kb, word);
			size_t len = 0; /* "AmneziaVPN", "Cloudflare WARP": what people call it */
			if (!k)
				k = ifw_kb_tunnel_product_at(c->kb, lc->said,
				                             (size_t)(p - lc->said), &len);
			if (k) {
				struct ifw_finding *fi = ifw_claim_at(
				    c, &logged, IFW_CONF_POSSIBLE + 10,
				    "perhaps made by %s: the paste's own words say so (\"%.100s\")",
				    k->software ? k->software : word,
				    lc->said_quote ? lc->said_quote : lc->said);
				ifw_fact_text(c, fi, lc->origin.src, "%s",
				              lc->origin.raw ? lc->origin.raw : "");
				return;
			}
		}
		p += n;
		while (*p == ' ')
			p++;
	}
}

static void run_logcreate(struct ifw_rule_ctx *c)
{
	const struct ifw_logcreate *last = NULL;
	size_t count = 0;
	/* the kernel's own (a loopback, a card on its bus) no program created: a log line
	 * naming one ("TUN/TAP device lo0 opened", a hostile paste's) is wrong */
	if (!c->f->name || !c->m->netns.v[c->f->ns].is_host || c->ia->kernel_owned)
		return;
	last = ifw_index_logcreate(c->a->idx, c->f->name, &count);
	if (!last || !kind_fits(last->kinds, c->f->kind) || card_named(c, last) ||
	    other_device(c->f, last))
		return;
	if (last->said) {
		said(c, last);
		return;
	}
	if (!last->comm) {
		unnamed(c, last);
		return;
	}
	if (last->appeared_after) {
		/* two listings around a command: no one's word, an inference; a card that shows up
		 * (a USB adapter plugged in meanwhile) is the kernel's */
		const struct ifw_kb_ifname *kn =
		    ifw_kb_ifname(c->kb, c->m->os, c->f->name, ifw_lookup_kind(c->m, c->f));
		if (kn && kn->category == IFW_KB_CAT_PHYSICAL)
			return;
		struct ifw_finding *fi = ifw_claim_at(c, &logged, IFW_CONF_POSSIBLE + 10,
		                                      "perhaps made by %s: it appeared after `%s` "
		                                      "ran (the same listing before it did "
		                                      "not show it)",
		                                      last->comm, last->appeared_after);
		ifw_fact_text(c, fi, last->origin.src, "%s",
		              last->origin.raw ? last->origin.raw : "");
		return;
	}
	ifw_id p = running(c, last);
	const struct ifw_kb_process *k = ifw_kb_process(c->kb, last->comm, NULL, NULL);
	const char *what = k && k->description ? ifw_rule_printf(c, " (%s)", k->description) : "";
	const char *pid = last->pid >= 0 ? ifw_rule_printf(c, " (pid %d)", (int)last->pid) : "";
	/* a program's own words under a tag anyone can write (`logger -t x`): likely only for a
	 * program the knowledge files; the system's log names the creating process itself */
	int conf = p != IFW_NOID                       ? IFW_CONF_LIKELY + 15
	           : last->own_log && !k && !last->how ? IFW_CONF_POSSIBLE + 15
	                                               : IFW_CONF_LIKELY;
	/* a container's output: its device may be its own namespace's, its words anyone's; the
	 * journal without its tags: anyone's words */
	if (last->container || last->tagless)
		conf = IFW_CONF_POSSIBLE + 15;
	const char *note = last->container ? " (a container's output: perhaps a device of the "
	                                     "container's own)"
	                   : last->tagless ? " (the journal without its tags: any user logs the "
	                                     "same words)"
	                                   : "";
	struct ifw_finding *fi =
	    last->how ? ifw_claim_at(c, &logged, IFW_CONF_LIKELY + 5, "created by %s%s, as %s says",
	                             last->comm, what ? what : "", last->how)
	              : ifw_claim_at(c, &logged, conf, "created by %s%s%s, as %s log says%s%s%s",
	                             last->comm, pid ? pid : "", what ? what : "",
	                             last->own_log ? "its own" : "the system",
	                             last->when ? " at " : "", last->when ? last->when : "", note);
	ifw_fact_text(c, fi, last->origin.src, "%s", last->origin.raw ? last->origin.raw : "");
	/* a daemon's listing: what its software is for is what the interface is for */
	const char *cat = last->how && k ? ifw_creator_category(c, last->comm) : NULL;
	if (cat) {
		struct ifw_claim_def d = listed_purpose;
		d.category = cat;
		struct ifw_finding *pu =
		    ifw_claim(c, &d, "a network of %s, listed by it (%s)",
		              k->software ? k->software : last->comm, last->how);
		ifw_fact(c, pu, IFW_FACT_IFACE, c->id);
	}
	if (p != IFW_NOID)
		ifw_fact(c, fi, IFW_FACT_PROC, p);
	if (count > 1)
		ifw_fact_text(c, fi, last->origin.src,
		              "the log tells of %zu creations of %s: the last one counts", count,
		              c->f->name);
	if (p == IFW_NOID && last->pid >= 0) /* no pid (a line without a tag): nothing to ask */
		ifw_next_step(c, "`ps -p %d -o comm=` shows whether %s still runs", (int)last->pid,
		              last->comm);
}

const struct ifw_rule_def ifw_rule_logcreate = {
    .name = "logcreate",
    .kinds = NULL,
    .phase = IFW_PHASE_FACTS,
    .run = run_logcreate,
    .about = "the system's log naming the process that created the interface",
};
