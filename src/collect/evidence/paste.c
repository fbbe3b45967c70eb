/* Output as people paste it into forums, chats and issues: quoted with "> ", inside Markdown
 * fences or <pre> tags, with HTML entities, after a shell prompt of any kind, with "..." where
 * they cut it and with their addresses hidden ("x.x.x.x", "<redacted>", "[my ip]"). Lines are
 * rewritten in place (only ever shorter) before the parsers see them. */
#include "collect/evidence/ev.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Commands whose name on a prompt line says what output follows (or that wrap one). */
static const char *const commands[] = {
    "ip",
    "ifconfig",
    "ss",
    "netstat",
    "route",
    "lsof",
    "ps",
    "wg",
    "brctl",
    "bridge",
    "nmcli",
    "networkctl",
    "docker",
    "podman",
    /* the other log viewers ev_shown_by_log_viewer knows: their output is a container's or
     * any user's text, which only a prompt recognized as theirs marks */
    "kubectl",
    "crictl",
    "nerdctl",
    "oc",
    "logread",
    "docker-compose", /* Compose v1: `docker-compose logs web` */
    "podman-compose",
    "stern", /* Kubernetes pods' logs, many at once */
    "cat",
    "grep",
    "sudo",
    "doas",
    "head",
    "tail",
    "sw_vers",
    "uname",
    "scutil",
    "networksetup",
    "sockstat",
    "ipconfig",
    "ls",
    "tunctl",
    "openvpn",
    "systemctl",
    "journalctl",
    "ping",
    "traceroute",
    "resolvectl",
    "iptables",
    "nft",
    "sysctl",
    "find",
    "less",
    "more",
    "echo",
    "su",
    "log", /* macOS unified log: `log show`, `log stream` */
    "conntrack",
    "vm", /* vm-bhyve: `vm switch info`, `vm list` */
    "dmesg",
    "arp",
    "ndp",
    /* the daemons' own clients, and tools around interfaces */
    "virsh",
    "zerotier-cli",
    "tailscale",
    "wg-quick",
    "ipsec",
    "swanctl",
    "pfctl",
    "ethtool",
    "tcpdump",
    "iw",
    "systemd-resolve",
    "incus",
    "lxc",
    "mmcli",
    "wicked",
    "ovs-vsctl",
    "system_profiler",
    "prlsrvctl",
    "airmon-ng",
    "multipass",
    "vmware-networks",
    "vmnet-cli",
    "ifup",
    "ifdown",
    "dhclient",
    "udhcpc",
    "ping",
    "ping6",
    "traceroute",
};

static bool is_command(const char *s)
{
	/* "LANG=C ping ...": variables set for the command first */
	for (int i = 0; i < 4; i++) {
		size_t w = strcspn(s, " \t");
		const char *eq = memchr(s, '=', w);
		if (!eq || eq == s || !s[w])
			break;
		s = ev_skip_ws(s + w);
	}
	size_t n = 0;
	while (s[n] && !isspace((unsigned char)s[n]))
		n++;
	const char *slash = memchr(s, '/', n); /* /sbin/ifconfig */
	if (slash && s[0] == '/') {
		const char *b = s + n;
		while (b > s && b[-1] != '/')
			b--;
		n -= (size_t)(b - s);
		s = b;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strlen(commands[i]) == n && memcmp(commands[i], s, n) == 0)
			return true;
	return false;
}

bool ev_known_command(const char *s)
{
	return is_command(s);
}

/* In place: &lt; &gt; &amp; &quot; &#39; &#NN; &nbsp; (web pages and mail archives). */
static void entities(struct ev_line *l)
{
	if (!memchr(l->s, '&', l->len))
		return;
	static const struct {
		const char *name;
		char ch;
	} ents[] = {{"&lt;", '<'},   {"&gt;", '>'},    {"&amp;", '&'},  {"&quot;", '"'},
	            {"&#39;", '\''}, {"&apos;", '\''}, {"&nbsp;", ' '}, {"&#160;", ' '},
	            {"&#34;", '"'},  {"&#60;", '<'},   {"&#62;", '>'}};
	char *w = l->s;
	for (const char *r = l->s; *r;) {
		size_t k, n = sizeof(ents) / sizeof(ents[0]);
		for (k = 0; k < n && !(*r == '&' && ev_starts(r, ents[k].name)); k++)
			;
		if (k < n) {
			*w++ = ents[k].ch;
			r += strlen(ents[k].name);
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	l->len = (size_t)(w - l->s);
}

/* Spaces of web pages: no-break spaces (UTF-8 and Latin-1) become spaces, zero-width ones go. */
static void spaces(struct ev_line *l)
{
	unsigned char *s = (unsigned char *)l->s;
	size_t w = 0;
	for (size_t r = 0; r < l->len;) {
		if (s[r] == 0xc2 && r + 1 < l->len && s[r + 1] == 0xa0) { /* U+00A0 */
			s[w++] = ' ';
			r += 2;
		} else if (s[r] == 0xe2 && r + 2 < l->len && s[r + 1] == 0x80 &&
		           (s[r + 2] == 0xaf || s[r + 2] == 0x8b || s[r + 2] == 0x89)) {
			if (s[r + 2] != 0x8b) /* U+202F, U+2009: a space; U+200B: nothing */
				s[w++] = ' ';
			r += 3;
		} else if (s[r] == 0xa0 && (r == 0 || s[r - 1] < 0x80)) { /* Latin-1 */
			s[w++] = ' ';
			r++;
		} else {
			s[w++] = s[r++];
		}
	}
	s[w] = '\0';
	l->len = w;
}

static void drop_prefix(struct ev_line *l, size_t n)
{
	memmove(l->s, l->s + n, l->len - n + 1);
	l->len -= n;
}

/* RFC 5424 syslog ("<37>1 2023-12-01T09:24:51+01:00 fw wireguard 30075 - [meta x="1"] msg",
 * OPNsense's log files and remote syslog) in the classic form the log readers know: "STAMP HOST
 * APP[PROCID]: msg". The priority, the message id and the structured data go. */
static void syslog5424(struct ev_line *l)
{
	const char *s = l->s;
	size_t pri = s[0] == '<' ? strspn(s + 1, "0123456789") : 0;
	if (!pri || pri > 3 || s[1 + pri] != '>' || s[2 + pri] != '1' || s[3 + pri] != ' ')
		return;
	struct ev_toks t;
	ev_tokenize(s + 4 + pri, &t);
	/* stamp, host, app, procid, msgid, then the structured data or "-" */
	if (t.n < 6 || t.t[0].len < 10 || t.t[0].s[4] != '-' || t.t[2].len > 48 || t.t[3].len > 10)
		return;
	const char *msg = t.t[5].s;
	if (*msg == '-' && (msg[1] == ' ' || !msg[1])) {
		msg = ev_skip_ws(msg + 1);
	} else if (*msg == '[') {
		/* [id k="v" ...][id2 ...]: a value may hold "]" escaped as "\]" */
		while (*msg == '[') {
			bool in_q = false;
			const char *p = msg + 1;
			for (; *p && (in_q || *p != ']'); p++) {
				if (*p == '\\' && p[1])
					p++;
				else if (*p == '"')
					in_q = !in_q;
			}
			if (!*p)
				return;
			msg = p + 1;
		}
		msg = ev_skip_ws(msg);
	} else {
		return;
	}
	bool pid = !(t.t[3].len == 1 && t.t[3].s[0] == '-');
	char buf[256];
	int n = snprintf(buf, sizeof buf, "%.*s %.*s %.*s%s%.*s%s ", (int)t.t[0].len, t.t[0].s,
	                 (int)t.t[1].len, t.t[1].s, (int)t.t[2].len, t.t[2].s, pid ? "[" : "",
	                 pid ? (int)t.t[3].len : 0, t.t[3].s, pid ? "]:" : ":");
	size_t rest = strlen(msg);
	if (n <= 0 || (size_t)n >= sizeof buf || (size_t)n > (size_t)(msg - l->s))
		return;
	memmove(l->s + n, msg, rest + 1);
	memcpy(l->s, buf, (size_t)n);
	l->len = (size_t)n + rest;
}

/* "> " (mail, forum and Markdown quoting), nested ones too. Returns how many were removed. */
static int unquote(struct ev_line *l)
{
	int n = 0;
	/* the marks are counted, then dropped at once: a move per mark was quadratic */
	size_t k = 0;
	while (l->s[k] == '>' &&
	       (l->s[k + 1] == ' ' || l->s[k + 1] == '\t' || l->s[k + 1] == '>' || !l->s[k + 1])) {
		k += l->s[k + 1] == ' ' ? 2 : 1;
		n++;
	}
	if (k)
		drop_prefix(l, k);
	/* ">7: tun0: <...", ">Active Internet connections": a quote mark the poster typed with
	 * no space (no output ifwho reads starts with '>') */
	if (l->s[0] == '>' && isalnum((unsigned char)l->s[1])) {
		drop_prefix(l, 1);
		n++;
	}
	/* "  | Link 5 (tun0)": output copied out of a viewer that marks each line with a bar. A
	 * table row ("| a | b |") ends with one too: kept. */
	size_t ws = (size_t)(ev_skip_ws(l->s) - l->s);
	if (l->s[ws] == '|' && (l->s[ws + 1] == ' ' || l->s[ws + 1] == '\t' || !l->s[ws + 1])) {
		size_t end = l->len;
		while (end > ws && (l->s[end - 1] == ' ' || l->s[end - 1] == '\t'))
			end--;
		if (end == ws + 1 || l->s[end - 1] != '|') {
			drop_prefix(l, ws + (l->s[ws + 1] ? 2 : 1));
			n++;
		}
	}
	return n;
}

/* "/usr/local/opnsense/scripts/openvpn/ovpn_service_control.php -a start": a program by its
 * absolute path (two directories at least, so not "/ " or "/etc"), with one to seven
 * arguments: "# /etc/network/interfaces" alone is a file's name in a comment. */
static bool run_by_path(const char *cmd)
{
	size_t n = strcspn(cmd, " \t");
	if (cmd[0] != '/' || n < 4 || cmd[n - 1] == '/' || cmd[n - 1] == ':' ||
	    !memchr(cmd + 1, '/', n - 1) || strlen(cmd) > 200)
		return false;
	struct ev_toks t;
	ev_tokenize(cmd, &t);
	return t.n >= 2 && t.n <= 8;
}

/* A line that reads as a command line, not a sentence: a program's name (lower-case letters,
 * digits, "-", "_", "."; a letter first) and at most max_words words, none ending a clause
 * (",", ";", "?", "!") -- "$ jz curl" under a "$" prompt, not "$ 5 a month, or ...". */
static bool command_shaped(const char *cmd, size_t max_words)
{
	size_t n = strcspn(cmd, " \t");
	/* a program's name is lower-case, but for libwww-perl's GET, HEAD, POST */
	bool upper = (n == 3 && strncmp(cmd, "GET", 3) == 0) ||
	             (n == 4 && (strncmp(cmd, "HEAD", 4) == 0 || strncmp(cmd, "POST", 4) == 0));
	if (!n || n > 32 || (!islower((unsigned char)cmd[0]) && !upper) || strlen(cmd) > 200)
		return false;
	for (size_t i = 0; i < n && !upper; i++)
		if (!islower((unsigned char)cmd[i]) && !isdigit((unsigned char)cmd[i]) &&
		    !strchr("-_.", cmd[i]))
			return false;
	if (cmd[n - 1] == '.')
		return false;
	struct ev_toks t;
	ev_tokenize(cmd, &t);
	if (t.n > max_words)
		return false;
	for (size_t i = 0; i < t.n; i++) {
		char last = t.t[i].s[t.t[i].len - 1];
		if (strchr(",;?!", last))
			return false;
	}
	return true;
}

/* The length of a themed shell's prompt sign at s (❯ ➜ → » λ), 0 if none. */
static size_t prompt_glyph(const char *s)
{
	static const char *const glyphs[] = {"\xe2\x9d\xaf", "\xe2\x9e\x9c", "\xe2\x86\x92",
	                                     "\xc2\xbb", "\xce\xbb"};
	for (size_t g = 0; g < sizeof(glyphs) / sizeof(glyphs[0]); g++)
		if (ev_starts(s, glyphs[g]))
			return strlen(glyphs[g]);
	return 0;
}

/* The command after a prompt: "user@host:~$ ", "[root@host ~]# ", "host% ", "$ ", "# ", "% ",
 * "> ", "PS C:\> ", "bash-5.1$ ", "(venv) user@host$ ", "❯ ". NULL if the line is none. */
static const char *after_prompt(const char *s, bool *root)
{
	s = ev_skip_ws(s);
	if (ev_starts(s, "PS ") && strstr(s, "> "))
		return ""; /* PowerShell: nothing ifwho reads follows; it ends what came before */
	size_t lim = strlen(s) < 96 ? strlen(s) : 96;
	for (size_t i = 0; i < lim; i++) {
		char ch = s[i];
		bool term = ch == '$' || ch == '#' || ch == '%' || ch == '>';
		size_t glyph = prompt_glyph(s + i);
		if (!term && !glyph)
			continue;
		size_t after = i + (glyph ? glyph : 1);
		if (s[after] != ' ' && s[after] != '\t' && s[after] != '\0')
			continue;
		/* The prompt before the terminator: no spaces outside brackets, but for one between
		 * "user@host" and its directory ("clear@clr-01 ~/src $ ", Gentoo's style). */
		int depth = 0;
		bool ok = true, dir_space = false;
		for (size_t k = 0; k < i && ok; k++) {
			if (s[k] == '[' || s[k] == '(')
				depth++;
			else if ((s[k] == ']' || s[k] == ')') && depth > 0)
				depth--;
			else if (s[k] == ' ' && depth == 0 && k > 0 && !dir_space &&
			         memchr(s, '@', k) && (s[k + 1] == '~' || s[k + 1] == '/'))
				dir_space = true;
			else if (s[k] == ' ' && depth == 0)
				ok = k > 0 && (s[k - 1] == ')' || s[k - 1] == ']' ||
				               s[k - 1] == '~' || (dir_space && k + 1 == i));
		}
		if (!ok)
			return NULL;
		const char *cmd = ev_skip_ws(s + after);
		/* "root@host:~# " with nothing typed yet ends the output before it */
		if (!*cmd && memchr(s, '@', i))
			return cmd;
		/* a known command, or a program run by its path ("./tun_tcp_echo tun0",
		 * "/usr/local/sbin/openvpn --config x"), or any command after a prompt that can be
		 * nothing else: one naming its user and host ("root@host:~# "), or a "$" alone
		 * ("#", "%" and ">" alone start comments, quotes and prose as often) */
		bool sure = memchr(s, '@', i) || (ch == '$' && i == 0);
		/* the shell's own marks in front of the program: a subshell's "(", a command
		 * substitution's "$(" or backtick, a quote, a backslash that skips an alias */
		const char *prog = cmd;
		for (int k = 0; k < 4 && *prog; k++) {
			if (ev_starts(prog, "$("))
				prog += 2;
			else if (strchr("(`\"'\\", *prog))
				prog++;
		}
		if (!is_command(prog) && !(ev_starts(prog, "./") && prog[2] && prog[2] != ' ') &&
		    !run_by_path(prog) &&
		    !(sure && command_shaped(prog, memchr(s, '@', i) ? 32 : 8)))
			return NULL;
		*root = ch == '#' || ev_starts(cmd, "sudo ") || ev_starts(s, "root@") ||
		        ev_starts(s, "[root@");
		return cmd;
	}
	return NULL;
}

/* A command on its own line, as posts give it before the output ("ip -d link show"). */
static bool bare_command(const char *s)
{
	static const char *const net[] = {
	    "ip",     "ifconfig",  "ss",      "netstat",    "route", "lsof",   "wg",
	    "brctl",  "bridge",    "nmcli",   "networkctl", "sudo",  "docker", "podman",
	    "tunctl", "conntrack", "ps",      "cat",        "ls",    "grep",   "tail",
	    "head",   "tcpdump",   "tshark",  "curl",       "wget",  "dig",    "journalctl",
	    "ngrep",  "tcpflow",   "nc",      "ncat",       "socat", "whois",  "openssl",
	    "crictl", "kubectl",   "nerdctl", "lxc",        "incus", "git",    "pgrep",
	    "iw",     "iwlist",    "wpa_cli", "telnet"};
	/* a capture's filter holds parentheses and many words */
	static const char *const captures[] = {"tcpdump", "tshark", "ngrep", "tcpflow"};
	bool known = false, capture = false;
	for (size_t i = 0; i < sizeof(net) / sizeof(net[0]) && !known; i++) {
		size_t n = strlen(net[i]);
		known = strncmp(s, net[i], n) == 0 && (s[n] == ' ' || s[n] == '\0');
	}
	/* `ssh gw sudo tcpdump -A ...`: a command run on another host, typed bare */
	if (!known && ev_starts(s, "ssh "))
		known = true;
	const char *c = s; /* after sudo or doas and their options */
	while (ev_starts(c, "sudo ") || ev_starts(c, "doas ") || (c != s && c[0] == '-')) {
		c += strcspn(c, " ");
		c = ev_skip_ws(c);
	}
	for (size_t i = 0; i < sizeof(captures) / sizeof(captures[0]) && !capture; i++) {
		size_t n = strlen(captures[i]);
		capture = strncmp(c, captures[i], n) == 0 && (c[n] == ' ' || c[n] == '\0');
	}
	capture = capture || ev_starts(s, "ssh ");
	if (!known || strlen(s) > (capture ? 400 : 100)) /* checked first: runs on every line */
		return false;
	struct ev_toks t;
	ev_tokenize(s, &t);
	if (!t.n || t.n > (capture ? 48 : 12))
		return false;
	for (size_t i = 1; i < t.n; i++) /* options and subcommands, not a sentence */
		for (size_t k = 0; k < t.t[i].len; k++)
			if (strchr(capture ? ",;?!" : ",;?!()", t.t[i].s[k]) ||
			    (t.t[i].s[k] == ':' && t.t[i].len == k + 1))
				return false;
	/* a network client's first argument may be an address (`telnet 198.51.100.7 80`) */
	bool client = ev_starts(s, "telnet ") || ev_starts(s, "nc ") || ev_starts(s, "ncat ") ||
	              ev_starts(s, "ssh ") || ev_starts(s, "whois ") || ev_starts(s, "socat ");
	return t.n == 1 || strchr("-/~.", t.t[1].s[0]) || isalpha((unsigned char)t.t[1].s[0]) ||
	       (client && isdigit((unsigned char)t.t[1].s[0]));
}

/* "[my ip]", "<redacted>", "[public IP address]": a few words naming what was hidden. */
static bool mask_words(const char *s, size_t n)
{
	static const char *const words[] = {"ip",   "ips",      "ipv4",       "ipv6",   "address",
	                                    "addr", "redacted", "hidden",     "masked", "removed",
	                                    "mac",  "censored", "obfuscated", "public", "private"};
	if (n < 2 || n > 40)
		return false;
	size_t i = 0;
	bool hit = false;
	while (i < n) {
		size_t b = i;
		while (i < n && isalnum((unsigned char)s[i]))
			i++;
		for (size_t w = 0; w < sizeof(words) / sizeof(words[0]) && !hit; w++)
			hit = strlen(words[w]) == i - b && strncasecmp(words[w], s + b, i - b) == 0;
		if (i < n && s[i] != ' ' && s[i] != '_' && s[i] != '-')
			return false;
		i++;
	}
	return hit;
}

/* Bracketed masks become the one token "masked" (the line only gets shorter), in one pass: a
 * mask shorter than the token ("[ip]", "<mac>") is one token already and stays as it is (written
 * over, the line grew past its end); a move of the rest per mask was quadratic. */
static void masks(struct ev_line *l)
{
	char *s = l->s;
	size_t w = 0;
	for (size_t r = 0; r < l->len;) {
		char open = s[r], close = open == '[' ? ']' : open == '<' ? '>' : 0;
		/* "scopeid 0x20<link>" is no mask; s[r - 1] is unwritten or the same byte */
		if (close && (r == 0 || strchr(" \t:@=(\"'", s[r - 1]))) {
			/* a mask is 40 bytes at most: looking further was quadratic too */
			size_t room = l->len - r - 1 < 41 ? l->len - r - 1 : 41;
			const char *e = memchr(s + r + 1, close, room);
			size_t to = e ? (size_t)(e - s) + 1 : 0;
			if (e && to - r >= 6 && mask_words(s + r + 1, to - r - 2)) {
				memcpy(s + w, "masked",
				       6); /* counted by the parser that meets it */
				w += 6;
				r = to;
				continue;
			}
		}
		s[w++] = s[r++];
	}
	s[w] = '\0';
	l->len = w;
}

static bool elision(const char *s)
{
	static const char *const marks[] = {"...",         "..",          "…",
	                                    "[...]",       "(...)",       "<snip>",
	                                    "[snip]",      "(snip)",      "snip",
	                                    "--snip--",    "<snipped>",   "[snipped]",
	                                    "(snipped)",   "snipped",     "[…]",
	                                    "<...>",       "etc",         "etc.",
	                                    "[truncated]", "(truncated)", "[output truncated]"};
	s = ev_skip_ws(s);
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (strlen(marks[i]) == n && strncmp(marks[i], s, n) == 0)
			return true;
	return n >= 3 && strspn(s, ".") == n; /* "......" */
}

/* An HTML table as a page renders it into a paste: "<table>", "<tr>" lines are markup, and a
 * row of cells "<td>default</td>   <td>fe80::%utun0</td> <td>UGcIg</td>" becomes the cells'
 * text with a blank between, as the command printed them (an empty cell leaves nothing). */
static bool table_markup(struct ev_line *l)
{
	static const char *const lines[] = {"<table>", "</table>", "<tr>",    "</tr>",
	                                    "<tbody>", "</tbody>", "<thead>", "</thead>"};
	const char *s = ev_skip_ws(l->s);
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		if (strlen(lines[i]) == n && strncasecmp(lines[i], s, n) == 0)
			return true;
	if (strncasecmp(s, "<td>", 4) != 0 && strncasecmp(s, "<th>", 4) != 0)
		return false;
	/* in place: each cell's text, a blank after it; the text is never longer than its tags */
	char *w = l->s;
	for (const char *r = s; *r;) {
		if (r[0] == '<' && (r[1] == 't' || r[1] == 'T' || r[1] == '/') &&
		    (strncasecmp(r, "<td>", 4) == 0 || strncasecmp(r, "<th>", 4) == 0 ||
		     strncasecmp(r, "<tr>", 4) == 0)) {
			r += 4;
			continue;
		}
		if (strncasecmp(r, "</td>", 5) == 0 || strncasecmp(r, "</th>", 5) == 0 ||
		    strncasecmp(r, "</tr>", 5) == 0) {
			if (w > l->s && w[-1] != ' ')
				*w++ = ' ';
			r += 5;
			continue;
		}
		if (*r == ' ' || *r == '\t') {
			if (w > l->s && w[-1] != ' ')
				*w++ = ' ';
			r++;
			continue;
		}
		*w++ = *r++;
	}
	while (w > l->s && w[-1] == ' ')
		w--;
	*w = '\0';
	l->len = (size_t)(w - l->s);
	return false;
}

/* Markdown's inline marks around a pasted line: "**fc00::1 dev cali0 metric 1024**" (bold),
 * "`5: qemu0: <BROADCAST,...>" (inline code over several lines). Dropped at the line's edges. */
static void inline_marks(struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	bool code_open = false;
	/* "**text" or, bold around the whole line, "** ether 02:ff:70:00:08:0b**" */
	size_t e = strlen(s);
	while (e && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	bool whole = e > 4 && s[e - 1] == '*' && s[e - 2] == '*' && s[e - 3] != '*';
	if (ev_starts(s, "**") && s[2] && s[2] != '*' && (s[2] != ' ' || whole)) {
		drop_prefix(l, (size_t)(s - l->s) + 2);
		/* "**br-a7c4259c4b4c:** flags=...": the bold closes within the first word */
		size_t w = strcspn(l->s, " \t");
		char *close = memmem(l->s, w, "**", 2);
		if (close && close > l->s) {
			memmove(close, close + 2, l->len - (size_t)(close - l->s) - 1);
			l->len -= 2;
		}
	} else if (s[0] == '`' && s[1] != '`' && s[1] && s[1] != ' ') {
		drop_prefix(l, (size_t)(s - l->s) + 1);
		code_open = true;
	}
	size_t n = l->len;
	while (n && (l->s[n - 1] == ' ' || l->s[n - 1] == '\t'))
		n--;
	if (n >= 3 && l->s[n - 1] == '*' && l->s[n - 2] == '*' && l->s[n - 3] != '*' &&
	    l->s[n - 3] != ' ') {
		n -= 2;
	} else if (n >= 2 && l->s[n - 1] == '`' && l->s[n - 2] != '`') {
		n -= 1;
		/* a whole line in inline code is a program's line, as in a fence: "`/usr/local/
		 * .../wg-service-control.php: The command '/sbin/route ...' returned ...`" */
		if (code_open)
			l->fenced = true;
	}
	if (n != l->len) {
		l->s[n] = '\0';
		l->len = n;
	}
}

/* A fence line's text after the backticks: a language's name ("```bash") is no output; any
 * other text is output pasted on the fence's own line ("```root@fw:~ # pfctl -si", "```Date"). */
static bool fence_info_only(const char *rest)
{
	rest = ev_skip_ws(rest);
	size_t n = strcspn(rest, " \t");
	if (*ev_skip_ws(rest + n))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((rest[i] >= 'a' && rest[i] <= 'z') || (rest[i] >= '0' && rest[i] <= '9') ||
		      strchr("+-_.#{}=", rest[i])))
			return false;
	return true;
}

/* Output on a fence's line: "```root@fw:~ # pfctl -si" opens a fence, "lagg0 ... 0```" closes
 * one; the fence is toggled here and the text read as a line. */
static void fence_with_text(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if ((ev_starts(s, "```") || ev_starts(s, "~~~"))) {
		size_t k = (size_t)(s - l->s);
		while (l->s[k] == s[0])
			k++;
		if (fence_info_only(l->s + k))
			return;
		drop_prefix(l, k);
		c->in_fence = !c->in_fence;
		l->fenced = c->in_fence;
	}
	size_t n = l->len;
	while (n && (l->s[n - 1] == ' ' || l->s[n - 1] == '\t'))
		n--;
	if (n > 3 && strncmp(l->s + n - 3, "```", 3) == 0 && l->s[n - 4] != '`' &&
	    *ev_skip_ws(l->s)) {
		l->s[n - 3] = '\0';
		l->len = n - 3;
		l->fenced = true;
		c->in_fence = !c->in_fence; /* closed after this line */
	}
}

static bool markup(struct ev_ctx *c, struct ev_line *l)
{
	fence_with_text(c, l);
	const char *s = ev_skip_ws(l->s);
	if (ev_starts(s, "```") || ev_starts(s, "~~~"))
		return true;
	inline_marks(l);
	s = ev_skip_ws(l->s);
	if (table_markup(l))
		return true;
	s = ev_skip_ws(l->s);
	/* <pre>, <code>, </pre>: a tag line, or tags around output on the same line */
	static const char *const tags[] = {"<pre>",  "<code>",  "</code>",     "</pre>",
	                                   "[code]", "[/code]", "<pre><code>", "</code></pre>"};
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (strlen(tags[i]) == n && strncmp(tags[i], s, n) == 0)
			return true;
	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		size_t k = strlen(tags[i]);
		if (tags[i][1] != '/' && ev_starts(s, tags[i])) {
			drop_prefix(l, (size_t)(s - l->s) + k);
			s = l->s;
		}
		if (tags[i][1] == '/' && l->len >= k && strcmp(l->s + l->len - k, tags[i]) == 0)
			l->s[l->len -= k] = '\0';
	}
	return false;
}

/* The first line of an interface's output, by its shape: "NAME: flags=" (ifconfig) or
 * "N: NAME: <" (ip). */
static bool output_header(const char *s)
{
	size_t n = strcspn(s, " \t");
	if (n < 2 || s[n - 1] != ':')
		return false;
	const char *rest = ev_skip_ws(s + n);
	return ev_starts(rest, "flags=") || rest[0] == '<' ||
	       (isdigit((unsigned char)s[0]) && strchr(rest, '<') && strchr(rest, ':'));
}

/* "root@host:~# sudo wg          interface: wg0": the command's first output line pasted on the
 * prompt's line after a run of blanks (a terminal's width); the command ends there and the rest
 * is read as the next line (dispatch.c), once: what it holds is not split again. */
static void glued_output(struct ev_ctx *c, char *cmd)
{
	c->glued = NULL;
	if (c->in_glued)
		return;
	char *run = strstr(cmd, "        "); /* eight blanks: no command is typed so */
	if (!run)
		return;
	char *rest = (char *)ev_skip_ws(run);
	if (!*rest)
		return;
	*run = '\0';
	c->glued = rest;
}

/* Markdown's inline code around a whole line (`brctl addif br0 tap0`), or opened on one line
 * and closed on a later one (a route row quoted with single backticks): the text inside. A
 * line with other backticks is left as it is (prose quoting a command in passing). */
static void inline_code(struct ev_line *l)
{
	size_t ticks = 0;
	for (size_t i = 0; i < l->len; i++)
		ticks += l->s[i] == '`';
	if (!ticks || ticks > 2)
		return;
	size_t lead = strspn(l->s, " \t"), end = l->len;
	while (end > lead && (l->s[end - 1] == ' ' || l->s[end - 1] == '\t'))
		end--;
	bool open = l->s[lead] == '`' && lead + 1 < end && l->s[lead + 1] != '`';
	bool close = end > lead + 1 && l->s[end - 1] == '`' && l->s[end - 2] != '`';
	if (ticks == 2 ? !(open && close) : !(open || close))
		return;
	if (close) {
		l->s[end - 1] = '\0';
		l->len = end - 1;
	}
	if (open)
		drop_prefix(l, lead + 1);
}

enum ev_paste ev_paste_line(struct ev_ctx *c, struct ev_line *l, const char **cmd)
{
	entities(l);
	spaces(l);
	int quoted = unquote(l);
	if (markup(c, l))
		return EV_PASTE_MARKUP;
	syslog5424(l);
	inline_code(l);
	/* sudo's password prompt as Linux distributions set it (macOS and the BSDs ask
	 * "Password:"): a terminal's line, and a sign of the system */
	if (ev_starts(l->s, "[sudo] password for ")) {
		/* one vote, whatever the count, and none in a container's or a log's text: three
		 * such lines in `docker logs` turned a Mac's paste into Linux's */
		if (!c->sudo_voted && !ev_shown_by_log_viewer(c, l)) {
			c->votes_linux++;
			c->sudo_voted = true;
		}
		return EV_PASTE_MARKUP;
	}
	if (elision(l->s))
		return EV_PASTE_ELIDED;
	bool root = false;
	const char *p = after_prompt(l->s, &root);
	if (p && root && !c->have_uid) { /* a root shell: what it shows is not limited */
		c->have_uid = true;
		c->uid = 0;
	}
	if (p && !(l->s[0] == '#' && l->s[1] == '#')) {
		*cmd = p;
		glued_output(c, (char *)p);
		return EV_PASTE_PROMPT;
	}
	/* "$ bridge100: flags=8863<...": a prompt glued to the output's first line, which is no
	 * command: the output stays, the prompt goes */
	if (!p && (l->s[0] == '$' || l->s[0] == '%') && l->s[1] == ' ' && l->s[2] != ' ' &&
	    output_header(l->s + 2))
		drop_prefix(l, 2);
	if ((quoted || l->s[0] != ' ') && bare_command(ev_skip_ws(l->s))) {
		*cmd = ev_skip_ws(l->s);
		return EV_PASTE_BARE;
	}
	/* ps shows a process without a command line as "[name]": "[ip]" is no mask there */
	if (c->cur != &ev_p_ps)
		masks(l);
	return EV_PASTE_LINE;
}

bool ev_masked(const char *s, size_t len)
{
	const char *slash = memchr(s, '/', len); /* "x.x.x.x/24", "masked/24" */
	if (slash)
		len = (size_t)(slash - s);
	if (len == 6 && memcmp(s, "masked", 6) == 0)
		return true;
	/* cut short: "192.168....", "2001:...", "fe80::...%gif0", "..." */
	const char *pct = memchr(s, '%', len);
	size_t alen = pct ? (size_t)(pct - s) : len;
	if (alen >= 3 && memcmp(s + alen - 3, "...", 3) == 0) {
		for (size_t i = 0; i + 3 < alen; i++)
			if (!isxdigit((unsigned char)s[i]) && s[i] != '.' && s[i] != ':')
				return false;
		return true;
	}
	/* only x, X, *, #, digits and separators, with at least two mask letters */
	size_t masks = 0, seps = 0;
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];
		if (ch == 'x' || ch == 'X' || ch == '*' || ch == '#')
			masks++;
		else if (ch == '.' || ch == ':' || ch == '-')
			seps++;
		else if (!isdigit((unsigned char)ch) && !(ch >= 'a' && ch <= 'f') &&
		         !(ch >= 'A' && ch <= 'F'))
			return false;
	}
	return masks >= 1 && seps >= 2;
}

bool ev_is_prose(const struct ev_line *l)
{
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	if (t.n < 2)
		return t.n == 1 && t.t[0].len > 1 && isalpha((unsigned char)t.t[0].s[0]) &&
		       strchr(".:?!", t.t[0].s[t.t[0].len - 1]);
	/* Markdown's inline code (`ifconfig tap5`, `type = "tap";`) is neither a word nor a
	 * sign of output: the words around it tell */
	size_t words = 0, code = 0, names = 0;
	bool in_code = false;
	for (size_t i = 0; i < t.n; i++) {
		size_t n = t.t[i].len, alpha = 0, ticks = 0;
		for (size_t k = 0; k < n; k++)
			ticks += t.t[i].s[k] == '`';
		if (in_code || ticks) {
			code++;
			in_code = ticks % 2 ? !in_code : in_code;
			continue;
		}
		while (n && strchr(".,;:!?)\"'", t.t[i].s[n - 1]))
			n--;
		size_t digits = 0;
		for (size_t k = 0; k < n; k++) {
			alpha += isalpha((unsigned char)t.t[i].s[k]) || t.t[i].s[k] == '\'' ||
			         t.t[i].s[k] == '-' || (unsigned char)t.t[i].s[k] >= 0x80;
			digits += isdigit((unsigned char)t.t[i].s[k]) != 0;
		}
		names += n && digits && alpha + digits == n && isalpha((unsigned char)t.t[i].s[0]);
		words += n && alpha == n && (t.t[i].s[0] != '-' || n == 1);
	}
	/* a question naming interfaces ("Ubuntu 22.04: what creates wg0 and docker0?"): the
	 * names are neither words nor output */
	const struct ev_tok *last = &t.t[t.n - 1];
	if (last->s[last->len - 1] == '?' && words >= 3)
		return words * 10 >= (t.n - code - names) * 6;
	if (code && words < 2)
		return false;
	return words * 10 >= (t.n - code) * 6;
}
