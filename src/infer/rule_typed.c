/* Commands typed at a prompt in a pasted session are what the person did, in their own words:
 *   $ sudo ip tuntap add mode tun tun0      -> tun0 was made by hand, with ip tuntap
 *   $ ./tun_tcp_echo tun0 192.168.1.1 9999  -> tun_tcp_echo was started on tun0
 * A creating command is read by its syntax (the name it creates, not every name it mentions:
 * `ip link add link eth0 name eth0.10 type vlan` makes eth0.10, not eth0). A program that is not
 * an inspection tool and is given the interface's name was started to use it. Offline only: a
 * typed command may have failed, so "likely", never "certain".
 * A session that runs or manages a VPN program (`openvpn --config x`, `systemctl restart
 * openvpn@client`, OPNsense's `.../scripts/openvpn/ovpn_service_control.php -a start`) says
 * which software the person is dealing with: a tun-like device no process is shown holding is
 * then perhaps that program's, when exactly one such program appears. */
#include "infer/rules.h"

#include <string.h>

#define MAX_TOKS 48

static const struct ifw_claim_def made = {"typed.made",        "creator",       IFW_ROLE_CREATOR,
                                          IFW_CONF_LIKELY + 5, IFW_SPEC_HOLDER, NULL};
static const struct ifw_claim_def used = {"typed.used",           "typed",       IFW_ROLE_PURPOSE,
                                          IFW_CONF_POSSIBLE + 10, IFW_SPEC_NAME, "virtual"};
static const struct ifw_claim_def session = {"typed.session",       "creator",     IFW_ROLE_CREATOR,
                                             IFW_CONF_POSSIBLE + 5, IFW_SPEC_NAME, NULL};

struct toks {
	char buf[1025];
	const char *t[MAX_TOKS];
	size_t n;
};

/* Splits on blanks, drops quotes, skips sudo/doas and VAR=value words in front. */
static void split(const char *cmd, struct toks *k)
{
	size_t len = strlen(cmd);
	if (len >= sizeof(k->buf))
		len = sizeof(k->buf) - 1;
	memcpy(k->buf, cmd, len);
	k->buf[len] = '\0';
	k->n = 0;
	for (char *p = k->buf; *p && k->n < MAX_TOKS;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		char *s = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (*p)
			*p++ = '\0';
		size_t n = strlen(s);
		if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0]) {
			s[n - 1] = '\0';
			s++;
		}
		bool lead = k->n == 0;
		if (lead && (strcmp(s, "sudo") == 0 || strcmp(s, "doas") == 0 || strchr(s, '=')))
			continue;
		k->t[k->n++] = s;
	}
}

static const char *base(const char *s)
{
	const char *b = strrchr(s, '/');
	return b ? b + 1 : s;
}

static bool is(const char *a, const char *b)
{
	return a && strcmp(a, b) == 0;
}

/* The index of the first token after ip's options ("ip -n ns -d link add ..."). */
static size_t ip_object(const struct toks *k)
{
	size_t i = 1;
	while (i < k->n && k->t[i][0] == '-') {
		bool arg = is(k->t[i], "-n") || is(k->t[i], "-netns") || is(k->t[i], "-b") ||
		           is(k->t[i], "-batch") || is(k->t[i], "-rc") || is(k->t[i], "-f") ||
		           is(k->t[i], "-family");
		i += arg ? 2 : 1;
	}
	return i;
}

/* Whether the typed command creates an interface called name. */
static bool creates(const struct toks *k, const char *name)
{
	if (!k->n)
		return false;
	const char *prog = base(k->t[0]);
	if (strcmp(prog, "ip") == 0) {
		size_t o = ip_object(k);
		if (o + 1 >= k->n || !(is(k->t[o + 1], "add") || is(k->t[o + 1], "a")))
			return false;
		const char *obj = k->t[o];
		bool link = is(obj, "link") || is(obj, "l") || is(obj, "tunnel") || is(obj, "tun");
		bool tuntap = is(obj, "tuntap");
		if (!link && !tuntap)
			return false;
		for (size_t i = o + 2; i < k->n; i++) {
			const char *t = k->t[i];
			if (is(t, "name") || is(t, "dev")) { /* "name X", "peer name X", "dev X" */
				if (i + 1 < k->n && is(k->t[i + 1], name))
					return true;
				i++;
			} else if (is(t, "type") || is(t, "mode") || is(t, "user") ||
			           is(t, "group") || is(t, "link") || is(t, "numqueues")) {
				i++; /* a keyword and its value */
			} else if (link && i == o + 2) {
				if (is(t, name))
					return true; /* ip link add NAME type ... */
			} else if (tuntap && t[0] != '-' && !is(t, "tun") && !is(t, "tap") &&
			           !is(t, "pi") && !is(t, "one_queue") && !is(t, "vnet_hdr") &&
			           !is(t, "multi_queue")) {
				return is(t, name); /* ip tuntap add mode tun NAME */
			}
		}
		return false;
	}
	for (size_t i = 1; i + 1 < k->n; i++) {
		const char *t = k->t[i], *next = k->t[i + 1];
		if ((strcmp(prog, "tunctl") == 0 && is(t, "-t")) ||
		    (strcmp(prog, "brctl") == 0 && is(t, "addbr")) ||
		    (strcmp(prog, "ovs-vsctl") == 0 && is(t, "add-br")) ||
		    (strcmp(prog, "openvpn") == 0 && is(t, "--dev") && is(k->t[1], "--mktun")))
			if (is(next, name))
				return true;
	}
	if (strcmp(prog, "wg-quick") == 0 && k->n >= 3 && is(k->t[1], "up")) {
		const char *b = base(k->t[2]);
		size_t n = strlen(name);
		return is(b, name) || (strncmp(b, name, n) == 0 && is(b + n, ".conf"));
	}
	return false;
}

/* Tools people type to look at (or test) an interface: naming it makes nothing of theirs. */
static bool inspects(const char *prog)
{
	static const char *const tools[] = {
	    "ip",         "ifconfig",   "ping",       "ping6",        "tcpdump",   "tshark",
	    "ethtool",    "cat",        "grep",       "ls",           "ss",        "netstat",
	    "traceroute", "tracepath",  "iptables",   "ip6tables",    "nft",       "wg",
	    "brctl",      "nmcli",      "networkctl", "route",        "arp",       "lsof",
	    "ps",         "journalctl", "dmesg",      "sysctl",       "echo",      "mtr",
	    "dig",        "nslookup",   "curl",       "wget",         "iperf",     "iperf3",
	    "systemctl",  "tc",         "bridge",     "tunctl",       "ovs-vsctl", "wg-quick",
	    "openvpn",    "watch",      "less",       "more",         "head",      "tail",
	    "ifup",       "ifdown",     "dhclient",   "resolvectl",   "nc",        "ncat",
	    "socat",      "ssh",        "ipconfig",   "networksetup", "scutil",    "sockstat",
	    "fstat",      "pfctl",      "log"};
	for (size_t i = 0; i < sizeof(tools) / sizeof(tools[0]); i++)
		if (strcmp(prog, tools[i]) == 0)
			return true;
	return false;
}

static bool names(const struct toks *k, const char *name)
{
	for (size_t i = 1; i < k->n; i++)
		if (is(k->t[i], name))
			return true;
	return false;
}

/* The VPN program a typed command runs or manages, or NULL: the program itself, a service
 * manager's unit ("openvpn@client.service"), or a directory on the program's path
 * (".../scripts/openvpn/ovpn_service_control.php"). */
static const struct ifw_kb_process *vpn_program(const struct ifw_kb *kb, const struct toks *k)
{
	if (!k->n)
		return NULL;
	char word[128];
	const char *prog = base(k->t[0]);
	size_t first = 0, last = 0; /* the tokens that may name the program */
	if (is(prog, "systemctl") || is(prog, "service") || is(prog, "rc-service") ||
	    is(prog, "launchctl") || is(prog, "sv"))
		last = k->n - 1;
	for (size_t i = first; i <= last && i < k->n; i++) {
		const char *t = k->t[i];
		if (i > 0 && t[0] == '-')
			continue;
		/* every path component of the first token; the unit's name of the others */
		for (const char *p = t; p && *p;) {
			const char *e = i == 0 ? strchr(p, '/') : NULL;
			size_t n = e ? (size_t)(e - p) : strlen(p);
			if (i > 0)
				n = strcspn(p, "@.");
			if (n > 0 && n < sizeof(word)) {
				memcpy(word, p, n);
				word[n] = '\0';
				const struct ifw_kb_process *kp =
				    ifw_kb_process(kb, word, NULL, NULL);
				if (kp && (kp->role == IFW_KB_PROC_VPN ||
				           kp->role == IFW_KB_PROC_MESH_VPN))
					return kp;
			}
			p = e ? e + 1 : NULL;
		}
	}
	return NULL;
}

/* A device a program holds open: a tun by kind or by what its name stands for. */
static bool tun_like(const struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (f->kind)
		return strcmp(f->kind, "tun") == 0;
	const struct ifw_kb_ifname *k =
	    ifw_kb_ifname(c->kb, c->m->os, f->name, ifw_lookup_kind(c->m, f));
	return k && k->kind && strcmp(k->kind, "tun") == 0;
}

static void run_session(struct ifw_rule_ctx *c)
{
	if (!tun_like(c))
		return;
	struct toks k;
	const struct ifw_kb_process *prog = NULL;
	const struct ifw_typed_cmd *by = NULL;
	for (size_t i = 0; i < c->m->typed.n; i++) {
		split(c->m->typed.v[i].cmd, &k);
		const struct ifw_kb_process *kp = vpn_program(c->kb, &k);
		if (!kp)
			continue;
		if (prog && kp->software != prog->software && strcmp(kp->software, prog->software))
			return; /* two VPN programs: which one is not said */
		if (!prog)
			by = &c->m->typed.v[i];
		prog = kp;
	}
	if (!prog)
		return;
	struct ifw_finding *fi =
	    ifw_claim(c, &session,
	              "perhaps %s's (%s): the pasted session runs it (`%s`) and no process is "
	              "shown holding this device (its `lsof`, `ps` or `fstat` would settle it)",
	              prog->software, prog->match[0], by->cmd);
	ifw_fact_text(c, fi, by->origin.src, "typed at the prompt: %s", by->cmd);
}

static void run_typed(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (!c->m->typed.n || !f->name || c->ia->holders.n)
		return;
	struct toks k;
	const struct ifw_typed_cmd *maker = NULL, *user = NULL;
	for (size_t i = 0; i < c->m->typed.n; i++) {
		const struct ifw_typed_cmd *tc = &c->m->typed.v[i];
		split(tc->cmd, &k);
		if (!maker && creates(&k, f->name))
			maker = tc;
		else if (!user && k.n && !inspects(base(k.t[0])) && names(&k, f->name))
			user = tc;
	}
	if (maker) {
		struct ifw_finding *fi =
		    ifw_claim(c, &made, "made by hand in this session: `%s` was typed", maker->cmd);
		ifw_fact_text(c, fi, maker->origin.src, "typed at the prompt: %s", maker->cmd);
	}
	if (user) {
		split(user->cmd, &k);
		struct ifw_finding *fi =
		    ifw_claim(c, &used, "used by %s, started by hand with it as an argument (`%s`)",
		              base(k.t[0]), user->cmd);
		ifw_fact_text(c, fi, user->origin.src, "typed at the prompt: %s", user->cmd);
	}
	if (!maker && !user)
		run_session(c);
}

const struct ifw_rule_def ifw_rule_typed = {
    .name = "typed",
    .kinds = NULL,
    .phase = IFW_PHASE_FACTS,
    .run = run_typed,
    .about = "commands typed at a prompt in a paste: what made or uses the interface",
};
