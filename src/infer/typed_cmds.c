/* Reading typed commands once per analysis (see typed_cmds.h). */
#include "infer/typed_cmds.h"

#include "util/idmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is(const char *a, const char *b)
{
	return a && strcmp(a, b) == 0;
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
                                                const struct ifw_cmd_toks *k)
{
	if (!k->n)
		return NULL;
	char word[128];
	const char *prog = ifw_cmd_base(k->t[0]);
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
	struct ifw_idmap renamed;    /* hash(new name) -> the command that gave it */
	struct ifw_idmap configured; /* hash(name) -> a program's echoed command configuring it */
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

/* A creation typed at the prompt over a program's echo of one before it: the person's own
 * command is the stronger word (a log line another user wrote may come first). */
static int put_typed(const struct ifw_model *m, struct ifw_idmap *map, const char *name, size_t cmd)
{
	uint32_t old = ifw_idmap_get(map, name_key(name));
	if (old != UINT32_MAX && old < m->typed.n && !m->typed.v[old].by)
		return 0;
	return ifw_idmap_put(map, name_key(name), (uint32_t)cmd);
}

struct ifw_typed_index *ifw_typed_index_new(const struct ifw_model *m, const struct ifw_kb *kb)
{
	struct ifw_typed_index *x = calloc(1, sizeof(*x));
	struct ifw_cmd_toks *k = malloc(sizeof(*k));
	if (!x || !k) {
		free(x);
		free(k);
		return NULL;
	}
	x->m = m;
	ifw_idmap_init(&x->made);
	ifw_idmap_init(&x->used);
	ifw_idmap_init(&x->renamed);
	ifw_idmap_init(&x->configured);
	bool two = false;
	for (size_t i = 0; i < m->typed.n; i++) {
		const char *by = m->typed.v[i].by;
		/* an echo in what an inspection tool or a shell shows (a log being listed) names
		 * no program that ran it */
		if (by && !ifw_cmd_speaker(by))
			continue;
		ifw_cmd_split(m->typed.v[i].cmd, k);
		if (!k->n)
			continue;
		const char *from = NULL, *to = ifw_cmd_renames(k, &from);
		if (to && put_first(&x->renamed, to, i) < 0) {
			free(k);
			ifw_typed_index_free(x);
			return NULL;
		}
		if (by) {
			/* a program's echo: what it made and configured, nothing the person did */
			for (size_t a = 1; a < k->n; a++) {
				int rc = 0;
				if (ifw_cmd_creates(k, k->t[a]))
					rc = put_first(&x->made, k->t[a], i);
				else if (ifw_cmd_configures(k, k->t[a]))
					rc = put_first(&x->configured, k->t[a], i);
				if (rc < 0) {
					free(k);
					ifw_typed_index_free(x);
					return NULL;
				}
			}
			continue;
		}
		/* every argument the command creates, else every argument it names */
		bool inspect = inspects(ifw_cmd_base(k->t[0]));
		for (size_t a = 1; a < k->n; a++) {
			int rc = 0;
			if (ifw_cmd_creates(k, k->t[a]))
				rc = put_typed(m, &x->made, k->t[a], i);
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
	ifw_idmap_free(&x->renamed);
	ifw_idmap_free(&x->configured);
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
	struct ifw_cmd_toks k;
	ifw_cmd_split(x->m->typed.v[i].cmd, &k);
	for (size_t a = 1; a < k.n; a++)
		if (strcmp(k.t[a], name) == 0 && (!made || ifw_cmd_creates(&k, name)))
			return &x->m->typed.v[i];
	return NULL;
}

const struct ifw_typed_cmd *ifw_typed_maker(const struct ifw_typed_index *x, const char *name)
{
	return x && name ? lookup(x, &x->made, name, true) : NULL;
}

const struct ifw_typed_cmd *ifw_typed_renamer(const struct ifw_typed_index *x, const char *name,
                                              char *from, size_t from_len)
{
	uint32_t i = x && name ? ifw_idmap_get(&x->renamed, name_key(name)) : UINT32_MAX;
	if (i == UINT32_MAX || i >= x->m->typed.n)
		return NULL;
	struct ifw_cmd_toks k;
	ifw_cmd_split(x->m->typed.v[i].cmd, &k);
	const char *f = NULL, *to = ifw_cmd_renames(&k, &f);
	if (!to || strcmp(to, name) != 0)
		return NULL;
	snprintf(from, from_len, "%s", f);
	return &x->m->typed.v[i];
}

const struct ifw_typed_cmd *ifw_typed_configurer(const struct ifw_typed_index *x, const char *name)
{
	uint32_t i = x && name ? ifw_idmap_get(&x->configured, name_key(name)) : UINT32_MAX;
	if (i == UINT32_MAX || i >= x->m->typed.n)
		return NULL;
	struct ifw_cmd_toks k;
	ifw_cmd_split(x->m->typed.v[i].cmd, &k);
	return ifw_cmd_configures(&k, name) ? &x->m->typed.v[i] : NULL;
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
