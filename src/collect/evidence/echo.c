/* What a program says it did to an interface, in its own output or log line:
 *   Thu Oct 30 00:18:24 2025 daemon.notice openvpn(srv)[6544]: /sbin/ip addr add dev tun0 ...
 *   /usr/local/opnsense/scripts/Wireguard/wg-service-control.php: The command '/sbin/route -q
 *       -n add -'inet' '192.168.5.0/24' -interface 'wg1'' returned exit code '1'
 *   # ./zerotier-one            (typed)      then its output:   DEBUG: ifconfig tap9994 create
 *   $ sudo tunslip6 -s /dev/tty.usbmodem fd00::1/64   then:      opened tun device ``/dev/utun10''
 * Many programs print the commands they run (scripts, VPN clients, a daemon's debug mode): such
 * an echo is recorded as a command with the program that printed it (model: ifw_typed_cmd.by),
 * and "created/opened ... interface X" words as that program's log of a creation. The program
 * is the line's log tag ("openvpn(srv)[6544]:", a script's path before a colon), else the
 * program typed at the prompt whose output this is. A line with neither names nobody: nothing
 * is recorded (who printed it is what the inference needs). */
#include "collect/evidence/ev.h"
#include "model/cmd_syntax.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define EV_MAX_ECHOED 256
#define EV_ECHO_SCAN  4096 /* a message's first bytes hold what a program says it did */
#define EV_ECHO_CMD   1024 /* the bytes of an echoed command kept */

static bool word_is(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && memcmp(s, w, n) == 0;
}

/* The base name of the token at s (n bytes): after its last '/'. */
static const char *base_of(const char *s, size_t *n)
{
	for (size_t i = *n; i > 0; i--)
		if (s[i - 1] == '/') {
			*n -= i;
			return s + i;
		}
	return s;
}

/* ip's objects that configure or make links (not `ip neigh`, `ip rule`, `ip -s link` listings
 * are excluded by the verbs the inference reads). */
static bool ip_object(const char *s, size_t n)
{
	static const char *const objs[] = {
	    "link", "l",  "addr", "address", "a",  "route",   "r",  "tuntap", "tunt",   "tunnel",
	    "-4",   "-6", "-n",   "-netns",  "-d", "-family", "-f", "-force", "-batch", "-b"};
	for (size_t i = 0; i < sizeof(objs) / sizeof(objs[0]); i++)
		if (word_is(s, n, objs[i]))
			return true;
	return false;
}

/* The length of the word at p (to a blank or a quote), counted to max + 1 at most. */
static size_t word_len(const char *p, size_t max)
{
	size_t n = 0;
	while (n <= max && p[n] && p[n] != ' ' && p[n] != '\t' && p[n] != '\'' && p[n] != '"' &&
	       p[n] != '`')
		n++;
	return n;
}

/* Where an echoed configuration command starts in msg, or NULL: `ip`, `ifconfig`, `route`,
 * `brctl`, `tunctl` (bare or by path) at a word's start, followed by what that command takes. */
static const char *cmd_start(const char *msg)
{
	/* the end of the word p is in, each word measured once ("((((...": every byte starts one
	 * that ends where the others end) */
	const char *wend = msg;
	for (const char *p = msg; *p && p - msg < EV_ECHO_SCAN; p++) {
		if (p >= wend)
			wend = p + word_len(p, EV_ECHO_SCAN + 64);
		if (p > msg && !strchr(" \t'\"`:([", p[-1]))
			continue;
		size_t n = (size_t)(wend - p);
		if (n == 0 || n > 64 || p[n] != ' ')
			continue;
		size_t bn = n;
		const char *b = base_of(p, &bn);
		if (b != p && p[0] != '/')
			continue; /* "a/b" is no path a program is run by */
		const char *arg = p + n + 1;
		size_t an = word_len(arg, 64);
		if (word_is(b, bn, "ip")) {
			if (ip_object(arg, an))
				return p;
		} else if (word_is(b, bn, "ifconfig")) {
			if (an && isalpha((unsigned char)arg[0]) && ev_ifname_ok(arg, an))
				return p;
		} else if (word_is(b, bn, "route")) {
			/* within what is kept of a command (EV_ECHO_CMD) */
			size_t rn = strnlen(arg, EV_ECHO_CMD);
			if (memmem(arg, rn, "-interface ", 11) || memmem(arg, rn, "-iface ", 7) ||
			    memmem(arg, rn, " dev ", 5))
				return p;
		} else if (word_is(b, bn, "brctl") || word_is(b, bn, "tunctl")) {
			if (an)
				return p;
		}
	}
	return NULL;
}

/* Tags that are a level or a subsystem's label, not a program: "DEBUG:", "IFACE:". */
static bool label_tag(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (islower((unsigned char)s[i]))
			return false;
	return true;
}

/* Tags that name a part of a program, not a program: "tap: device ham0 opened" (Hamachi's
 * engine), "tun: ...", "net: ...". */
static bool subsystem_tag(const char *s, size_t n)
{
	static const char *const words[] = {"tun",    "tap",     "utun",   "tuntap",   "net",
	                                    "netdev", "dev",     "device", "link",     "route",
	                                    "router", "network", "iface",  "interface"};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (word_is(s, n, words[i]))
			return true;
	return false;
}

/* The program whose log line this is: the message's first "TAG:" word ("openvpn[12]:",
 * "openvpn(srv)[6544]:", "/path/to/script.php:"), before the echo at upto. A bare word ("ppp:")
 * is a tag only after a log's time stamp: on a line without one it is a sentence's ("Note: ip
 * link add ..."). */
static const char *log_tag(const char *msg, const char *upto, bool stamped, int32_t *pid,
                           size_t *len)
{
	const char *p = msg;
	/* a tag is among the message's first words (after a host, a facility.level, a year);
	 * "Tunnel interface created: utun2" holds no tag */
	for (int words = 0; p < upto && words < 4; words++) {
		while (p < upto && (*p == ' ' || *p == '\t'))
			p++;
		const char *e = p;
		while (e < upto && *e != ' ' && *e != '\t')
			e++;
		if (e == p)
			break;
		if (e[-1] != ':' || e - p < 2) {
			p = e;
			continue;
		}
		size_t n = (size_t)(e - 1 - p);
		const char *t = p;
		/* [pid] and (instance) at the end */
		if (n > 2 && t[n - 1] == ']') {
			const char *br = memchr(t, '[', n);
			if (br) {
				int64_t v = 0;
				size_t d = 0;
				while (br + 1 + d < t + n - 1 &&
				       isdigit((unsigned char)br[1 + d]) && d < 10)
					v = v * 10 + (br[1 + d++] - '0');
				if (d && br + 1 + d == t + n - 1 && v > 0 && v <= INT32_MAX)
					*pid = (int32_t)v;
				n = (size_t)(br - t);
			}
		}
		const char *par = memchr(t, '(', n);
		if (par)
			n = (size_t)(par - t);
		bool path = t[0] == '/';
		/* "inbound/tun[0]:" is a module's label in its program's log, not a path */
		if (!path && memchr(t, '/', n))
			return NULL;
		t = base_of(t, &n);
		if (n == 0 || n > 63 || !isalnum((unsigned char)t[0]) || label_tag(t, n) ||
		    subsystem_tag(t, n) || memchr(t, ':', n) || memchr(t, '=', n) ||
		    (!stamped && !path && *pid < 0))
			return NULL;
		*len = n;
		return t;
	}
	return NULL;
}

/* A name after a creation's words: skips quotes (``/dev/utun10'') and "/dev/". */
static size_t phrase_name(const char *p, const char **start)
{
	for (int i = 0; i < 2 && (*p == '`' || *p == '\'' || *p == '"'); i++)
		p++;
	if (ev_starts(p, "/dev/"))
		p += 5;
	size_t n = 0;
	while (n < 16 &&
	       (isalnum((unsigned char)p[n]) || p[n] == '_' || p[n] == '-' || p[n] == '.'))
		n++;
	while (n && p[n - 1] == '.')
		n--;
	if (!n || n > 15 || !isalpha((unsigned char)p[0]) || !ev_ifname_ok(p, n))
		return 0;
	*start = p;
	return n;
}

/* "opened tun device X", "created interface X", "Tunnel interface created: X", "interface X
 * created": a program telling of its own creation (the verbs and nouns programs use, not a list
 * of programs). *at receives where the words start: a log tag comes before them. */
static size_t creation_phrase(const char *msg, const char **start, const char **at)
{
	static const char *const before[] = {
	    "opened tun device ", "opened tap device ", "opened utun device ",
	    "created tun device ", "created tap device ", "created utun device ",
	    "created interface ", "created tun interface ", "created tunnel interface ",
	    "interface created: ", "device created: ", "tunnel created: ",
	    /* wifibox's "INFO  Creating bridge interface: wifibox0" */
	    "creating bridge interface: ", "creating tap interface: ", "creating tun interface: ",
	    "creating interface: "};
	for (const char *p = msg; *p && p - msg < EV_ECHO_SCAN; p++) {
		if (p > msg && isalnum((unsigned char)p[-1]))
			continue;
		for (size_t i = 0; i < sizeof(before) / sizeof(before[0]); i++) {
			if (tolower((unsigned char)*p) != before[i][0])
				continue;
			size_t k = strlen(before[i]);
			if (strncasecmp(p, before[i], k) != 0)
				continue;
			size_t n = phrase_name(p + k, start);
			if (n) {
				*at = p;
				return n;
			}
		}
	}
	/* "Creating a virtual WiFi interface... ap0 created.", "inbound/tun[0]: started at
	 * utun9": a name with a digit, made where the message spoke of an interface or a tun */
	static const struct {
		const char *words, *context;
		bool before; /* the name before the words ("X created"), else after them */
	} told[] = {{" created", "interface", true},
	            {"started at ", "tun", false},
	            {"tunName: ", "Setup TUN", false}};
	for (size_t i = 0; i < sizeof(told) / sizeof(told[0]); i++) {
		const char *w = strstr(msg, told[i].words);
		if (!w || w - msg > EV_ECHO_SCAN)
			continue;
		const char *ctx = strstr(msg, told[i].context);
		if (!ctx || ctx > w)
			continue;
		const char *p = w + strlen(told[i].words);
		if (told[i].before) {
			p = w;
			while (p > msg && p[-1] != ' ' && w - p < 16)
				p--;
		}
		const char *nm;
		size_t n = phrase_name(p, &nm);
		if (!n || (told[i].before && nm + n != w) || !strpbrk(nm, "0123456789") ||
		    strpbrk(nm, "0123456789") >= nm + n)
			continue;
		*start = nm;
		*at = p;
		return n;
	}
	/* "interface X created", "device X created" */
	static const char *const nouns[] = {"interface ", "device "};
	for (size_t i = 0; i < 2; i++) {
		size_t k = strlen(nouns[i]);
		for (const char *p = msg; (p = strstr(p, nouns[i])) && p - msg < EV_ECHO_SCAN;
		     p++) {
			if (p > msg && isalnum((unsigned char)p[-1]))
				continue;
			const char *nm;
			size_t n = phrase_name(p + k, &nm);
			if (!n)
				continue;
			const char *after = nm + n;
			while (*after == '\'' || *after == '"' || *after == '`')
				after++;
			if (strncmp(after, " created", 8) == 0 ||
			    strncmp(after, " opened", 7) == 0) {
				*start = nm;
				*at = p;
				return n;
			}
		}
	}
	return 0;
}

/* A program logging the command line it was started with, as Go prints a string slice
 * (tailscaled's "Program starting: ...: []string{"/usr/local/bin/tailscaled", "-port", "41641",
 * "-tun", "tailscale0", ...}"): the device an option names is the one it makes (as `--dev tun0`
 * on a command line `ps` shows). *at receives where the slice starts: the tag is before it. */
static size_t argv_device(const char *msg, const char **start, const char **at)
{
	const char *s = strstr(msg, "[]string{");
	if (!s || s - msg > EV_ECHO_SCAN)
		return 0;
	static const char *const opts[] = {"-tun",  "--tun",      "-dev",
	                                   "--dev", "-interface", "--interface"};
	bool want = false;
	const char *p = s + 9;
	for (int i = 0; i < 64 && *p && *p != '}'; i++) {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p != '"')
			break;
		const char *v = ++p;
		const char *q = strchr(v, '"');
		if (!q || q - v > 4096)
			break;
		size_t n = (size_t)(q - v);
		if (want) {
			if (n && n <= 15 && isalpha((unsigned char)v[0]) && ev_ifname_ok(v, n)) {
				*start = v;
				*at = s;
				return n;
			}
			return 0;
		}
		for (size_t o = 0; o < sizeof(opts) / sizeof(opts[0]); o++)
			want = want || (strlen(opts[o]) == n && memcmp(opts[o], v, n) == 0);
		p = q + 1;
	}
	return 0;
}

/* Programs that print the file a line is from before it ("FILE:line"). */
static bool searcher(const char *prog)
{
	static const char *const names[] = {"grep", "egrep", "fgrep", "zgrep", "rg", "ag", "ack"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(prog, names[i]) == 0)
			return true;
	return false;
}

/* Whether the words before the name speak of a TUN/TAP device ("opened tun device X",
 * "inbound/tun[0]: started at X", "Setup TUN ... TunInfo(tunName: X"), not of a tunnel. */
static bool tun_words(const char *msg, const char *upto)
{
	for (const char *p = msg; p + 3 <= upto; p++) {
		if (strncasecmp(p, "tun", 3) != 0 && strncasecmp(p, "tap", 3) != 0)
			continue;
		bool start = p == msg || !isalpha((unsigned char)p[-1]) ||
		             (p[-1] == 'u' && (p - 1 == msg || !isalpha((unsigned char)p[-2])));
		if (start && strncasecmp(p + 3, "nel", 3) != 0)
			return true;
	}
	return false;
}

void ev_echo_command(struct ev_ctx *c, const struct ev_line *l, const char *e, const char *by,
                     int32_t pid)
{
	/* the command, without its quotes, up to the words that tell how it went ("The command
	 * '...' returned exit code 1", "... failed: ...") */
	static const char *const trailers[] = {" returned ", " failed", " exited", " error", "; "};
	const char *stop = e + strlen(e);
	for (size_t i = 0; i < sizeof(trailers) / sizeof(trailers[0]); i++) {
		const char *t = strstr(e, trailers[i]);
		if (t && t < stop)
			stop = t;
	}
	char buf[EV_ECHO_CMD + 1];
	size_t w = 0;
	for (const char *r = e; r < stop && w + 1 < sizeof(buf); r++)
		if (*r != '\'' && *r != '"' && *r != '`')
			buf[w++] = *r;
	while (w && (buf[w - 1] == ' ' || buf[w - 1] == ','))
		w--;
	buf[w] = '\0';
	struct ifw_typed_cmd *t = ifw_vec_push(&c->m->typed);
	if (!t)
		return;
	t->cmd = ifw_model_strdup(c->m, buf);
	t->by = by;
	t->pid = pid;
	ev_origin(c, l, &t->origin);
	/* the interfaces it made, renamed or configured existed then: a program did it */
	struct ifw_cmd_toks k;
	ifw_cmd_split(buf, &k);
	const char *from = NULL, *to = ifw_cmd_renames(&k, &from);
	for (size_t a = 1; a < k.n; a++) {
		const char *nm2 = k.t[a];
		/* not the name a rename took away: that interface is no more */
		bool acted =
		    ifw_cmd_creates(&k, nm2) || ifw_cmd_configures(&k, nm2) || (to && nm2 == to);
		if (acted && isalpha((unsigned char)nm2[0]) && ev_ifname_ok(nm2, strlen(nm2)))
			ev_iface_logged(c, l, nm2, strlen(nm2), NULL);
	}
}

void ev_echo_record(struct ev_ctx *c, const struct ev_line *l, const char *msg, bool stamped)
{
	if (c->n_echoed >= EV_MAX_ECHOED)
		return;
	const char *e = cmd_start(msg);
	/* a command quoted in a sentence ("said to run `sudo ip tuntap add ...` but I did not",
	 * "Run `ip link add ...` to fix"): the writer's suggestion, no program's echo (single
	 * quotes are programs' own too: "The command '/sbin/route ...' returned") */
	if (e && e > msg && memchr(msg, '`', (size_t)(e - msg)))
		return;
	const char *nm = NULL, *at = NULL;
	size_t n = e ? 0 : creation_phrase(msg, &nm, &at);
	/* a daemon's -tun/--dev option names a TUN/TAP device it opens, no bridge or kernel
	 * WireGuard (`logger -t 'tailscaled[812]'` with "[]string{"x", "-tun", "docker0"}") */
	const char *kinds = n && tun_words(msg, nm) ? "tun tap" : NULL;
	if (!e && !n && (n = argv_device(msg, &nm, &at)))
		kinds = "tun tap";
	if (!e && !n)
		return;
	int32_t pid = -1;
	/* the tag is before the command or the creation's words ("created:" of "Tunnel interface
	 * created: utun2" is none) */
	size_t tn = 0;
	const char *tag = log_tag(msg, e ? e : at, stamped, &pid, &tn);
	/* grep's "/etc/rc.local:ip link add ...": the path before the colon is a file searched,
	 * not a program */
	if (tag && tag > msg && tag[-1] == '/' && pid < 0 && l->session && c->session_prog &&
	    searcher(c->session_prog))
		tag = NULL;
	char name[64] = ""; /* copied to the model only when recorded (at most EV_MAX_ECHOED) */
	if (tag)
		snprintf(name, sizeof(name), "%.*s", (int)tn, tag);
	else if (l->session && c->session_prog)
		snprintf(name, sizeof(name), "%s", c->session_prog);
	/* creation's words in a log shown by cat or tail are not the viewer's (its echoed
	 * commands are recorded, and read as nobody's: infer/typed_cmds.c) */
	/* "Creating bridge interface: X" says the kind too (for an interface no listing shows:
	 * finish.c) */
	bool bridge = n && at &&
	              strncasecmp(at, "creating bridge interface: ",
	                          sizeof("creating bridge interface: ") - 1) == 0;
	if (bridge)
		kinds = "bridge";
	if (!name[0] || (n && !ifw_cmd_speaker(name))) {
		if (n) { /* it exists, whoever made it */
			ifw_id id = IFW_NOID;
			ev_iface_logged(c, l, nm, n, &id);
			if (bridge && id != IFW_NOID)
				ev_ref_add(c, EV_REF_LOGKIND, id, "bridge", 0, l);
		}
		/* a program's own log line with no tag ("2020-07-16T19:17:59 DBG client.go:65 >
		 * Tunnel interface created: utun2"): a program made it, unnamed (not a viewer's
		 * words: those have a name) */
		if (n && !name[0] && stamped) {
			c->n_echoed++;
			struct ifw_logcreate *lc = ev_logcreate_add(c, l, nm, n, NULL, -1, NULL);
			if (lc)
				lc->kinds = kinds;
		}
		return;
	}
	c->n_echoed++;
	const char *by = ifw_model_strdup(c->m, name);
	if (!by)
		return;
	if (n) {
		struct ifw_logcreate *lc = ev_logcreate_add(c, l, nm, n, by, pid, NULL);
		if (lc)
			lc->kinds = kinds;
		ifw_id id = IFW_NOID;
		ev_iface_logged(c, l, nm, n, &id);
		if (bridge && id != IFW_NOID)
			ev_ref_add(c, EV_REF_LOGKIND, id, "bridge", 0, l);
		return;
	}
	ev_echo_command(c, l, e, by, pid);
}

bool ev_echo_present(const char *msg)
{
	const char *nm, *at;
	return cmd_start(msg) || creation_phrase(msg, &nm, &at) || argv_device(msg, &nm, &at);
}

/* How far a wrapper at p (its first word n bytes) goes before the command it runs: the wrapper's
 * own words (`ip netns exec NS`, `timeout 5`), or 0 when p is no wrapper. A quoted command
 * (`su -c 'cat f'`, `sh -c "..."`) is entered at its quote. */
static size_t wrapper(const char *p, size_t n)
{
	/* each wrapper with the options that take a value of their own ("-n 10", "--target 1")
	 * and how many plain words it takes before the command (timeout's duration, chroot's
	 * directory) */
	static const struct {
		const char *name, *valued;
		unsigned words;
	} wrappers[] = {{"nice", "n adjustment", 0},
	                {"ionice", "c n p class classdata pid", 0},
	                {"stdbuf", "i o e input output error", 0},
	                {"unbuffer", "", 0},
	                {"busybox", "", 0},
	                {"watch", "n d interval differences", 0},
	                {"setsid", "", 0},
	                {"chroot", "userspec groups", 1},
	                {"nohup", "", 0},
	                {"time", "f o format output", 0},
	                {"exec", "a", 0},
	                {"command", "", 0},
	                {"xargs", "a d E I L n P s delimiter max-args max-procs", 0},
	                {"strace", "o e p s u a b E P X I", 0},
	                {"ltrace", "o e p s u a n", 0},
	                {"runuser", "u g G user group", 0},
	                {"firejail", "", 0},
	                {"timeout", "s k signal kill-after", 1},
	                {"nsenter", "t S G w target setuid setgid wd", 0}};
	const char *q = p + n;
	if (word_is(p, n, "ip")) { /* ip netns exec NS cmd, ip vrf exec NAME cmd */
		const char *w1 = ev_skip_ws(q);
		size_t n1 = strcspn(w1, " \t");
		const char *w2 = ev_skip_ws(w1 + n1);
		size_t n2 = strcspn(w2, " \t");
		if ((word_is(w1, n1, "netns") || word_is(w1, n1, "vrf")) &&
		    word_is(w2, n2, "exec")) {
			const char *w3 = ev_skip_ws(w2 + n2);
			size_t n3 = strcspn(w3, " \t");
			return n3 ? (size_t)(w3 + n3 - p) : 0;
		}
		return 0;
	}
	if (word_is(p, n, "su") || word_is(p, n, "sh") || word_is(p, n, "bash") ||
	    word_is(p, n, "zsh")) { /* su [user] -c 'cmd', sh -c 'cmd' */
		const char *c = strstr(q, "-c ");
		if (!c || c - q > 40)
			return 0;
		const char *w = ev_skip_ws(c + 3);
		return (size_t)(w - p) + (*w == '\'' || *w == '"');
	}
	for (size_t i = 0; i < sizeof(wrappers) / sizeof(wrappers[0]); i++) {
		if (!word_is(p, n, wrappers[i].name))
			continue;
		const char *w = ev_skip_ws(q);
		unsigned words = wrappers[i].words;
		while (*w) {
			size_t k = strcspn(w, " \t");
			if (w[0] == '-' && k >= 2) {
				/* "--": the command follows; "-n10", "--signal=INT": a value inside
				 */
				if (k == 2 && w[1] == '-') {
					w = ev_skip_ws(w + k);
					break;
				}
				const char *o = w + (w[1] == '-' ? 2 : 1);
				size_t ol = k - (size_t)(o - w);
				bool valued = false;
				for (const char *v = wrappers[i].valued; *v && !valued;) {
					size_t vl = strcspn(v, " ");
					valued = vl == ol && strncmp(v, o, vl) == 0 &&
					         !memchr(w, '=', k);
					v += vl;
					while (*v == ' ')
						v++;
				}
				w = ev_skip_ws(w + k);
				if (valued)
					w = ev_skip_ws(w + strcspn(w, " \t"));
				continue;
			}
			if (!words)
				break;
			words--; /* timeout's duration, chroot's directory */
			w = ev_skip_ws(w + k);
		}
		return (size_t)(w - p);
	}
	return 0;
}

const char *ev_session_prog(struct ev_ctx *c, const char *cmd)
{
	bool value = false; /* the word is an option's value ("sudo -u nobody"): no program */
	for (const char *p = cmd; *p;) {
		p = ev_skip_ws(p);
		size_t n = strcspn(p, " \t");
		if (!n)
			break;
		bool skip = value;
		value = false;
		if (!skip && p[0] == '-' && p != cmd) /* sudo's, doas's and env's that take one */
			value = (n == 2 && strchr("uUgCDprRtT", p[1])) || word_is(p, n, "--user") ||
			        word_is(p, n, "--group") || word_is(p, n, "--host") ||
			        word_is(p, n, "--chdir") || word_is(p, n, "--role") ||
			        word_is(p, n, "--type") || word_is(p, n, "--prompt") ||
			        word_is(p, n, "--other-user") || word_is(p, n, "--close-from") ||
			        word_is(p, n, "--chroot");
		if (skip || value || word_is(p, n, "sudo") || word_is(p, n, "doas") ||
		    word_is(p, n, "env") || memchr(p, '=', n) || (p[0] == '-' && p != cmd)) {
			p += n;
			continue;
		}
		/* wrappers that run the command after them: `ip netns exec NS cmd`, `ip vrf exec
		 * NAME cmd`, `timeout 5 cmd`, `nsenter -t 1 -n -- cmd`, `nice`, `stdbuf -oL`,
		 * `busybox cmd`, `watch cmd`, `su -c 'cmd'`, `sh -c 'cmd'`: the program is the one
		 * they run */
		size_t skipw = wrapper(p, n);
		if (skipw) {
			p += skipw;
			continue;
		}
		/* the shell's marks before the program: `(cat f)`, `$(which x)`, `"ls"`, `\\nmcli`
		 */
		while (n && strchr("(`\"'\\$", *p))
			p++, n--;
		while (n && strchr(")`\"'", p[n - 1]))
			n--;
		size_t bn = n;
		const char *b = base_of(p, &bn);
		if (!bn || bn >= sizeof(c->session_buf))
			return NULL;
		memcpy(c->session_buf, b, bn);
		c->session_buf[bn] = '\0';
		return c->session_buf;
	}
	return NULL;
}
