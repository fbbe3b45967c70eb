/* A process whose command line names the interface (`openvpn --dev tun0`, `wg-quick up wg0`,
 * `socat ... TUN:...,tun-name=tcptun0`) most likely made it. This is how an expert reads `ps`,
 * and it works the same on saved output as live: where no tun fd names the holder (offline
 * evidence, a holder hidden from view), the process that names the device on its command line
 * becomes its inferred holder, and the tunnel is described from that process and its sockets. */
#include "infer/index.h"
#include "infer/rules.h"
#include "infer/tunnel.h"

#include <stdio.h>
#include <string.h>

/* Whether `word` (len bytes) ends a value that is exactly `name`: the whole word, or what
 * follows '=', ':' or ',' in it, up to a ',' (bhyve's "5:0,virtio-net,tap13,mac=..."). */
static bool word_names(const char *word, size_t len, const char *name, size_t nlen)
{
	if (len == nlen && memcmp(word, name, nlen) == 0)
		return true;
	for (size_t i = 0; i + nlen <= len; i++) {
		if (i > 0 && word[i - 1] != '=' && word[i - 1] != ':' && word[i - 1] != ',')
			continue;
		if (i == 0)
			continue;
		if (memcmp(word + i, name, nlen) == 0 && (i + nlen == len || word[i + nlen] == ','))
			return true;
	}
	return false;
}

/* The argument of cmdline that names the interface, copied to out; false if none does. The
 * program's own name (the first word) does not count. */
static bool names_iface(const char *cmdline, const char *name, char *out, size_t outlen)
{
	size_t nlen = strlen(name);
	const char *p = cmdline, *prev = NULL;
	size_t prev_len = 0;
	bool first = true;
	while (*p) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		size_t len = (size_t)(p - w);
		if (!len)
			break;
		if (!first && word_names(w, len, name, nlen)) {
			if (prev && prev[0] == '-' && len == nlen)
				snprintf(out, outlen, "%.*s %.*s", (int)prev_len, prev, (int)len,
				         w);
			else
				snprintf(out, outlen, "%.*s", (int)len, w);
			return true;
		}
		first = false;
		prev = w;
		prev_len = len;
	}
	return false;
}

static const struct ifw_claim_def named = {"cmdline.names-it", "creator",       IFW_ROLE_CREATOR,
                                           IFW_CONF_LIKELY,    IFW_SPEC_HOLDER, NULL};
static const struct ifw_claim_def several = {"cmdline.several", "creator",       IFW_ROLE_CREATOR,
                                             IFW_CONF_POSSIBLE, IFW_SPEC_HOLDER, NULL};

static void run_cmdline(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (c->ia->holders.n || c->ia->kernel_owned || !f->name || strlen(f->name) < 2)
		return;
	if (!f->kind && !ifw_tunnel_like(c))
		return; /* a card named by `dhclient eth0` is used, not made, by it */
	/* Live, as root, every tun fd was seen: a TUN nobody holds is held by nobody, whatever a
	 * command line says (the process that named it may have exited, or only mention it). */
	if (f->kind && strcmp(f->kind, "tun") == 0 && c->m->source == IFW_SRC_LIVE &&
	    c->m->privileged)
		return;
	bool tun = f->kind && strcmp(f->kind, "tun") == 0;
	ifw_id found[4];
	char how[4][96];
	size_t n = 0;
	/* Only the processes whose command lines hold the name as a word (an index built once). */
	size_t nw = 0;
	const ifw_id *with = ifw_index_cmdline_word(c->a->idx, f->name, &nw);
	for (size_t j = 0; j < nw && j < 4 && n < 4; j++) {
		ifw_id i = with[j];
		const struct ifw_process *p = &c->m->procs.v[i];
		const struct ifw_kb_process *k = ifw_proc_kb(c, i);
		if (!p->cmdline || ifw_proc_is_incidental(c, i) ||
		    (k && k->role == IFW_KB_PROC_DHCP))
			continue;
		/* Any user's program can name any interface (`sleep 1000 wg0`): only a process
		 * that could have made it counts (root's, or one in a namespace of its own user),
		 * and for a tun also a known program (a VPN that drops to nobody) or any when the
		 * device has an owner or group (a persistent one a user may open) */
		bool tun_user = tun && (k || f->info.has_tun_owner || f->info.has_tun_group);
		if (!tun_user && !ifw_proc_could_make(c, i))
			continue;
		if (names_iface(p->cmdline, f->name, how[n], sizeof(how[n])))
			found[n++] = i;
	}
	if (n == 0)
		return;
	if (n > 1) {
		struct ifw_finding *fi = ifw_claim(
		    c, &several,
		    "%zu processes name it on their command lines; any may have made it", n);
		for (size_t k = 0; k < n; k++)
			ifw_fact(c, fi, IFW_FACT_PROC, found[k]);
		return;
	}
	const char *why = ifw_rule_printf(c, "names it on its command line (%s)", how[0]);
	struct ifw_finding *fi =
	    ifw_claim(c, &named, "%s most likely made it: it %s", ifw_proc_label(c, found[0]), why);
	ifw_fact(c, fi, IFW_FACT_PROC, found[0]);
	if (ifw_add_holder(&c->ia->holders, found[0], IFW_NOID, why, false) < 0 ||
	    ifw_relations_outer(c) < 0) {
		c->oom = 1;
		return;
	}
	/* A tun's own rule describes the tunnel from this holder; other tunnels are described
	 * here (saved output without kinds, WireGuard). */
	if (!f->kind || strcmp(f->kind, "tun") != 0)
		ifw_tunnel_claim(c, found[0], false);
}

const struct ifw_rule_def ifw_rule_cmdline = {
    .name = "cmdline",
    /* Bridges and VLANs are named by their users too (dnsmasq -i br0): not evidence there. */
    .kinds = IFW_KINDS("tun", "", "wireguard"),
    .phase = IFW_PHASE_FACTS,
    .run = run_cmdline,
    .about = "a process whose command line names the interface",
};
