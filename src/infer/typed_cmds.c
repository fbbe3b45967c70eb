/* Reading typed commands once per analysis (see typed_cmds.h). */
#include "infer/typed_cmds.h"

#include "util/idmap.h"

#include <stdlib.h>
#include <string.h>

/* Splits on blanks, drops quotes, skips sudo/doas and VAR=value words in front. */
void ifw_typed_split(const char *cmd, struct ifw_typed_toks *k)
{
	size_t len = strlen(cmd);
	if (len >= sizeof(k->buf))
		len = sizeof(k->buf) - 1;
	memcpy(k->buf, cmd, len);
	k->buf[len] = '\0';
	k->n = 0;
	for (char *p = k->buf; *p && k->n < IFW_TYPED_MAX_TOKS;) {
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

const char *ifw_typed_base(const char *s)
{
	const char *b = strrchr(s, '/');
	return b ? b + 1 : s;
}

static bool is(const char *a, const char *b)
{
	return a && strcmp(a, b) == 0;
}

/* The index of the first token after ip's options ("ip -n ns -d link add ..."). */
static size_t ip_object(const struct ifw_typed_toks *k)
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
static bool creates(const struct ifw_typed_toks *k, const char *name)
{
	if (!k->n)
		return false;
	const char *prog = ifw_typed_base(k->t[0]);
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
	/* the BSDs and macOS: `ifconfig tun0 create`, `ifconfig bridge5 create` */
	if (strcmp(prog, "ifconfig") == 0 && k->n >= 3 && is(k->t[1], name) &&
	    (is(k->t[2], "create") || is(k->t[2], "plumb")))
		return true;
	if (strcmp(prog, "wg-quick") == 0 && k->n >= 3 && is(k->t[1], "up")) {
		const char *b = ifw_typed_base(k->t[2]);
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

/* The VPN program a typed command runs or manages, or NULL: the program itself, a service
 * manager's unit ("openvpn@client.service"), or a directory on the program's path
 * (".../scripts/openvpn/ovpn_service_control.php"). */
static const struct ifw_kb_process *vpn_program(const struct ifw_kb *kb,
                                                const struct ifw_typed_toks *k)
{
	if (!k->n)
		return NULL;
	char word[128];
	const char *prog = ifw_typed_base(k->t[0]);
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

struct ifw_typed_index {
	const struct ifw_model *m;
	struct ifw_idmap made, used; /* hash(name) -> typed command */
	const struct ifw_kb_process *session;
	const struct ifw_typed_cmd *session_by;
};

static uint64_t name_key(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h & ~(1ULL << 63);
}

/* Keeps the first command for a name (the map replaces: only put when absent). */
static int put_first(struct ifw_idmap *map, const char *name, size_t cmd)
{
	if (ifw_idmap_get(map, name_key(name)) != UINT32_MAX)
		return 0;
	return ifw_idmap_put(map, name_key(name), (uint32_t)cmd);
}

struct ifw_typed_index *ifw_typed_index_new(const struct ifw_model *m, const struct ifw_kb *kb)
{
	struct ifw_typed_index *x = calloc(1, sizeof(*x));
	struct ifw_typed_toks *k = malloc(sizeof(*k));
	if (!x || !k) {
		free(x);
		free(k);
		return NULL;
	}
	x->m = m;
	ifw_idmap_init(&x->made);
	ifw_idmap_init(&x->used);
	bool two = false;
	for (size_t i = 0; i < m->typed.n; i++) {
		ifw_typed_split(m->typed.v[i].cmd, k);
		if (!k->n)
			continue;
		/* every argument the command creates, else every argument it names */
		bool inspect = inspects(ifw_typed_base(k->t[0]));
		for (size_t a = 1; a < k->n; a++) {
			int rc = 0;
			if (creates(k, k->t[a]))
				rc = put_first(&x->made, k->t[a], i);
			else if (!inspect)
				rc = put_first(&x->used, k->t[a], i);
			if (rc < 0) {
				free(k);
				ifw_typed_index_free(x);
				return NULL;
			}
		}
		const struct ifw_kb_process *kp = kb ? vpn_program(kb, k) : NULL;
		if (kp && x->session && kp->software != x->session->software &&
		    strcmp(kp->software, x->session->software) != 0)
			two = true;
		if (kp && !x->session) {
			x->session = kp;
			x->session_by = &m->typed.v[i];
		}
	}
	if (two)
		x->session = NULL, x->session_by = NULL;
	free(k);
	return x;
}

void ifw_typed_index_free(struct ifw_typed_index *x)
{
	if (!x)
		return;
	ifw_idmap_free(&x->made);
	ifw_idmap_free(&x->used);
	free(x);
}

/* The command a map gives for name, checked against the command itself (two names may share a
 * hash). */
static const struct ifw_typed_cmd *lookup(const struct ifw_typed_index *x,
                                          const struct ifw_idmap *map, const char *name, bool made)
{
	uint32_t i = ifw_idmap_get(map, name_key(name));
	if (i == UINT32_MAX || i >= x->m->typed.n)
		return NULL;
	struct ifw_typed_toks k;
	ifw_typed_split(x->m->typed.v[i].cmd, &k);
	for (size_t a = 1; a < k.n; a++)
		if (strcmp(k.t[a], name) == 0 && (!made || creates(&k, name)))
			return &x->m->typed.v[i];
	return NULL;
}

const struct ifw_typed_cmd *ifw_typed_maker(const struct ifw_typed_index *x, const char *name)
{
	return x && name ? lookup(x, &x->made, name, true) : NULL;
}

const struct ifw_typed_cmd *ifw_typed_user(const struct ifw_typed_index *x, const char *name)
{
	return x && name ? lookup(x, &x->used, name, false) : NULL;
}

const struct ifw_kb_process *ifw_typed_session(const struct ifw_typed_index *x,
                                               const struct ifw_typed_cmd **by)
{
	*by = x ? x->session_by : NULL;
	return x ? x->session : NULL;
}
