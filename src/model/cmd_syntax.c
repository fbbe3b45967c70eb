/* Reading network commands by their syntax (see cmd_syntax.h). */
#include "model/cmd_syntax.h"

#include <string.h>

/* Splits on blanks, drops quotes, skips sudo/doas (with their options) and VAR=value words in
 * front. */
void ifw_cmd_split(const char *cmd, struct ifw_cmd_toks *k)
{
	size_t len = strlen(cmd);
	if (len >= sizeof(k->buf))
		len = sizeof(k->buf) - 1;
	memcpy(k->buf, cmd, len);
	k->buf[len] = '\0';
	k->n = 0;
	bool sudo = false, value = false; /* after sudo/doas: its options, and their values */
	for (char *p = k->buf; *p && k->n < IFW_CMD_MAX_TOKS;) {
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
		/* a pipeline's or a list's next command is another's ("ifconfig bridge100 | grep
		 * inet") */
		if (strcmp(s, "|") == 0 || strcmp(s, "||") == 0 || strcmp(s, "&&") == 0 ||
		    strcmp(s, ";") == 0)
			break;
		bool lead = k->n == 0;
		if (lead && value) {
			value = false;
			continue;
		}
		if (lead && sudo && s[0] == '-') { /* sudo -E, sudo -u root */
			value = strlen(s) == 2 && strchr("uUgCDprRtTh", s[1]);
			continue;
		}
		if (lead && (strcmp(s, "sudo") == 0 || strcmp(s, "doas") == 0 || strchr(s, '='))) {
			sudo = sudo || strcmp(s, "sudo") == 0 || strcmp(s, "doas") == 0;
			continue;
		}
		k->t[k->n++] = s;
	}
}

const char *ifw_cmd_base(const char *s)
{
	const char *b = strrchr(s, '/');
	return b ? b + 1 : s;
}

static bool is(const char *a, const char *b)
{
	return a && strcmp(a, b) == 0;
}

bool ifw_cmd_speaker(const char *prog)
{
	static const char *const shows[] = {
	    "sh", "bash", "zsh", "dash", "ash", "su", "kernel", "cat", "grep", "less", "more",
	    "head", "tail", "zcat", "sed", "awk", "tee", "echo", "ls", "find", "log", "journalctl",
	    "dmesg", "logread", "watch", "sudo", "ssh", "history", "fc", "git", "pgrep",
	    /* a container's log: its own process printed it, not the tool that shows it */
	    "docker", "podman", "kubectl", "crictl", "nerdctl", "oc"};
	for (size_t i = 0; i < sizeof(shows) / sizeof(shows[0]); i++)
		if (strcmp(prog, shows[i]) == 0)
			return false;
	return true;
}

/* The index of the first token after ip's options ("ip -n ns -d link add ..."). */
static size_t ip_object(const struct ifw_cmd_toks *k)
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

/* Whether the command creates an interface called name. */
bool ifw_cmd_creates(const struct ifw_cmd_toks *k, const char *name)
{
	if (!k->n)
		return false;
	const char *prog = ifw_cmd_base(k->t[0]);
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
		const char *b = ifw_cmd_base(k->t[2]);
		size_t n = strlen(name);
		return is(b, name) || (strncmp(b, name, n) == 0 && is(b + n, ".conf"));
	}
	return false;
}

/* The index of the first token after the interface keywords "dev"/"name" of ip, or the token
 * after ip's "link set" (`ip link set tun0 up`): the name the command acts on, or NULL. */
static const char *ip_target(const struct ifw_cmd_toks *k, size_t o)
{
	for (size_t i = o + 2; i + 1 < k->n; i++)
		if (is(k->t[i], "dev"))
			return k->t[i + 1];
	const char *obj = k->t[o];
	if ((is(obj, "link") || is(obj, "l")) && o + 2 < k->n &&
	    (is(k->t[o + 1], "set") || is(k->t[o + 1], "s")) && k->t[o + 2][0] != '-')
		return k->t[o + 2];
	return NULL;
}

const char *ifw_cmd_renames(const struct ifw_cmd_toks *k, const char **from)
{
	if (!k->n)
		return NULL;
	const char *prog = ifw_cmd_base(k->t[0]);
	/* BSD: ifconfig tap9994 name zt1flo98dm17np8 */
	if (strcmp(prog, "ifconfig") == 0 && k->n >= 4 && is(k->t[2], "name")) {
		*from = k->t[1];
		return k->t[3];
	}
	/* ip link set [dev] eth0 name lan0 */
	if (strcmp(prog, "ip") == 0) {
		size_t o = ip_object(k);
		if (o + 1 >= k->n || !(is(k->t[o], "link") || is(k->t[o], "l")) ||
		    !(is(k->t[o + 1], "set") || is(k->t[o + 1], "s")))
			return NULL;
		const char *dev = ip_target(k, o);
		for (size_t i = o + 2; dev && i + 1 < k->n; i++)
			if (is(k->t[i], "name")) {
				*from = dev;
				return k->t[i + 1];
			}
	}
	return NULL;
}

bool ifw_cmd_configures(const struct ifw_cmd_toks *k, const char *name)
{
	if (!k->n)
		return false;
	const char *prog = ifw_cmd_base(k->t[0]);
	if (strcmp(prog, "ip") == 0) {
		size_t o = ip_object(k);
		if (o + 1 >= k->n)
			return false;
		const char *verb = k->t[o + 1];
		if (!(is(verb, "add") || is(verb, "a") || is(verb, "set") || is(verb, "s") ||
		      is(verb, "change") || is(verb, "replace") || is(verb, "append")))
			return false;
		const char *t = ip_target(k, o);
		return t && is(t, name);
	}
	/* ifconfig utun10 inet6 fd00::1/64 add; not "ifconfig -a", not create/destroy */
	if (strcmp(prog, "ifconfig") == 0)
		return k->n >= 3 && is(k->t[1], name) && !is(k->t[2], "create") &&
		       !is(k->t[2], "destroy");
	if (strcmp(prog, "route") == 0) {
		bool adds = false;
		for (size_t i = 1; i < k->n; i++)
			adds = adds || is(k->t[i], "add") || is(k->t[i], "change");
		for (size_t i = 1; adds && i + 1 < k->n; i++)
			if ((is(k->t[i], "-interface") || is(k->t[i], "-iface") ||
			     is(k->t[i], "dev")) &&
			    is(k->t[i + 1], name))
				return true;
	}
	return false;
}

/* A word that can be an interface's name: 1-15 bytes, a letter or digit first, then letters,
 * digits and . _ - @ : (not an option, a path, or a keyword). */
static bool name_like(const char *s)
{
	static const char *const words[] = {"all",    "any",     "up",     "down", "show",
	                                    "list",   "dev",     "add",    "del",  "set",
	                                    "create", "destroy", "default"};
	size_t n = strlen(s);
	if (!n || n > 15 ||
	    !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
	      (s[0] >= '0' && s[0] <= '9')))
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-' ||
		      ch == '@' || ch == ':'))
			return false;
	}
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(s, words[i]) == 0)
			return false;
	return true;
}

/* The word after option opt (`ping -I wwan0`, `tcpdump -i tun0`), or NULL. */
static const char *after_opt(const struct ifw_cmd_toks *k, const char *opt)
{
	for (size_t i = 1; i + 1 < k->n; i++)
		if (is(k->t[i], opt))
			return k->t[i + 1];
	return NULL;
}

/* What `ip [-d] link|addr show [dev] X` looks at. */
static const char *ip_shows(const struct ifw_cmd_toks *k)
{
	size_t o = ip_object(k);
	if (o + 2 >= k->n)
		return NULL;
	const char *obj = k->t[o], *verb = k->t[o + 1];
	bool ok = is(obj, "link") || is(obj, "l") || is(obj, "addr") || is(obj, "address") ||
	          is(obj, "a") || is(obj, "-d");
	if (!ok || !(is(verb, "show") || is(verb, "s") || is(verb, "list") || is(verb, "ls")))
		return NULL;
	const char *t = k->t[o + 2];
	return is(t, "dev") && o + 3 < k->n ? k->t[o + 3] : t;
}

const char *ifw_cmd_enslaves(const struct ifw_cmd_toks *k, const char **port)
{
	*port = NULL;
	if (!k->n)
		return NULL;
	const char *prog = ifw_cmd_base(k->t[0]), *master = NULL;
	if (strcmp(prog, "brctl") == 0 && k->n >= 4 && is(k->t[1], "addif")) {
		master = k->t[2], *port = k->t[3];
	} else if (strcmp(prog, "ifconfig") == 0 && k->n >= 4 && is(k->t[2], "addm")) {
		master = k->t[1], *port = k->t[3];
	} else if (strcmp(prog, "ovs-vsctl") == 0) {
		for (size_t i = 1; i + 2 < k->n && !master; i++)
			if (is(k->t[i], "add-port"))
				master = k->t[i + 1], *port = k->t[i + 2];
	} else if (strcmp(prog, "ip") == 0) {
		size_t o = ip_object(k);
		if (o + 1 < k->n && (is(k->t[o], "link") || is(k->t[o], "l")) &&
		    (is(k->t[o + 1], "set") || is(k->t[o + 1], "s")))
			for (size_t i = o + 2; i + 1 < k->n && !master; i++)
				if (is(k->t[i], "master"))
					master = k->t[i + 1], *port = ip_target(k, o);
	}
	for (size_t i = 1; i < k->n; i++) /* another namespace's */
		if (is(k->t[i], "-n") || is(k->t[i], "-netns") || is(k->t[i], "netns"))
			master = NULL;
	if (!master || !*port || !name_like(master) || !name_like(*port) ||
	    strcmp(master, *port) == 0) {
		*port = NULL;
		return NULL;
	}
	return master;
}

const char *ifw_cmd_iface(const struct ifw_cmd_toks *k, bool *creates)
{
	*creates = false;
	if (!k->n)
		return NULL;
	for (size_t i = 1; i < k->n; i++) /* another namespace's: not the one the paste shows */
		if (is(k->t[i], "-n") || is(k->t[i], "-netns") || is(k->t[i], "netns") ||
		    is(k->t[i], "exec"))
			return NULL;
	for (size_t i = 1; i < k->n; i++)
		if (name_like(k->t[i]) && ifw_cmd_creates(k, k->t[i])) {
			*creates = true;
			return k->t[i];
		}
	for (size_t i = 1; i < k->n; i++)
		if (name_like(k->t[i]) && ifw_cmd_configures(k, k->t[i]))
			return k->t[i];
	const char *prog = ifw_cmd_base(k->t[0]), *t = NULL;
	if (strcmp(prog, "ip") == 0)
		t = ip_shows(k);
	else if (strcmp(prog, "ifconfig") == 0 && k->n == 2)
		t = k->t[1];
	else if (strcmp(prog, "ping") == 0 || strcmp(prog, "ping6") == 0 ||
	         strcmp(prog, "traceroute") == 0)
		t = after_opt(k, "-I");
	else if (strcmp(prog, "tcpdump") == 0 || strcmp(prog, "tshark") == 0 ||
	         strcmp(prog, "udhcpc") == 0)
		t = after_opt(k, "-i");
	else if ((strcmp(prog, "ifup") == 0 || strcmp(prog, "ifdown") == 0 ||
	          strcmp(prog, "dhclient") == 0) &&
	         k->n >= 2)
		t = k->t[k->n - 1];
	else if ((strcmp(prog, "wicked") == 0 || strcmp(prog, "networkctl") == 0 ||
	          strcmp(prog, "wg") == 0) &&
	         k->n == 3 &&
	         (is(k->t[1], "ifup") || is(k->t[1], "ifdown") || is(k->t[1], "ifstatus") ||
	          is(k->t[1], "status") || is(k->t[1], "show")))
		t = k->t[2];
	else if (strcmp(prog, "nmcli") == 0 && k->n == 4 &&
	         (is(k->t[1], "device") || is(k->t[1], "dev") || is(k->t[1], "d")) &&
	         (is(k->t[2], "show") || is(k->t[2], "connect") || is(k->t[2], "status")))
		t = k->t[3];
	if (!t) /* a daemon run by hand with its device named: `tailscaled --tun tun0` */
		for (size_t i = 1; i < k->n && !t; i++) {
			static const char *const opts[] = {"--dev",       "--tun",      "-tun",
			                                   "--interface", "-interface", "--iface",
			                                   "--tun-device"};
			for (size_t o = 0; o < sizeof(opts) / sizeof(opts[0]) && !t; o++) {
				size_t n = strlen(opts[o]);
				if (strcmp(k->t[i], opts[o]) == 0 && i + 1 < k->n)
					t = k->t[i + 1];
				else if (strncmp(k->t[i], opts[o], n) == 0 && k->t[i][n] == '=')
					t = k->t[i] + n + 1;
			}
		}
	return t && name_like(t) ? t : NULL;
}
