/* Which parser gets a line: section markers written by contrib/ifwho-collect ("### ifwho-collect:
 * CMD" ... "### exit N"), prompts pasted with the output ("$ lsof -i"), file names, and above all
 * the shape of the lines themselves. A header only one command prints switches parsers at
 * once; a line the current parser does not know is offered to the others. */
#include "collect/evidence/ev.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* In order of preference when two know a line alike; the log-mention parser last: it takes
 * only lines no other parser knows. */
static const struct ev_parser *const parsers[] = {
    &ev_p_ifconfig,   &ev_p_netstat_rn, &ev_p_netstat_an, &ev_p_lsof,           &ev_p_ps,
    &ev_p_ss,         &ev_p_sockstat,   &ev_p_iproute,    &ev_p_iprule,         &ev_p_ipjson,
    &ev_p_swvers,     &ev_p_uname,      &ev_p_scutil,     &ev_p_hwports,        &ev_p_iplink,
    &ev_p_ipbrief,    &ev_p_tuntap,     &ev_p_ipnetns,    &ev_p_ifconfig_nt,    &ev_p_netstat_i,
    &ev_p_fdinfo,     &ev_p_wg,         &ev_p_brctl,      &ev_p_nmcli,          &ev_p_networkctl,
    &ev_p_lsof_f,     &ev_p_ctrnet,     &ev_p_ulog,       &ev_p_scutil_dns,     &ev_p_nmcli_conn,
    &ev_p_conntrack,  &ev_p_vpnlog,     &ev_p_kernlog,    &ev_p_nmcli_overview, &ev_p_ifaddrs,
    &ev_p_resolvectl, &ev_p_routeget,   &ev_p_tsnetmon,   &ev_p_vmswitch,       &ev_p_arp,
    &ev_p_configd,    &ev_p_scutil_nc,  &ev_p_iflist,     &ev_p_netstat_ibsd,   &ev_p_fdb,
    &ev_p_pfinfo,     &ev_p_ztcli,      &ev_p_virsh,      &ev_p_sdstatus,       &ev_p_lxdnet,
    &ev_p_mmcli,      &ev_p_mpnet,      &ev_p_vmnet,      &ev_p_airmon,         &ev_p_ovsvsctl,
    &ev_p_prlnet,     &ev_p_spnet,      &ev_p_scstore,    &ev_p_domxml,         &ev_p_iftable,
    &ev_p_frr,        &ev_p_sysnet,     &ev_p_tcpdump,    &ev_p_netctl_status,  &ev_p_fwbanner,
    &ev_p_lxcinfo,    &ev_p_elided,     &ev_p_ifdump,     &ev_p_config,         &ev_p_iw,
    &ev_p_lshw,       &ev_p_ethtool,    &ev_p_rcconf,     &ev_p_fuser,          &ev_p_ifplist,
    &ev_p_logmention,
};
#define N_PARSERS (sizeof(parsers) / sizeof(parsers[0]))

const struct ev_parser *ev_parser_for(enum ev_shape s)
{
	for (size_t i = 0; i < N_PARSERS; i++)
		if (parsers[i]->shape == s)
			return parsers[i];
	return NULL;
}

void ev_ctx_init(struct ev_ctx *c, struct ifw_model *m)
{
	memset(c, 0, sizeof(*c));
	c->m = m;
	c->ns = IFW_NOID;
	c->cur_iface = IFW_NOID;
	c->last_route = IFW_NOID;
	c->last_addr = IFW_NOID;
	c->fd_pid = c->fd_fd = c->lsof_pid = -1;
	c->lsof_proc = IFW_NOID;
	ifw_idmap_init(&c->iface_by_name);
	ifw_idmap_init(&c->proc_by_pid);
	ifw_idmap_init(&c->addr_seen);
	ifw_idmap_init(&c->ll_listed);
	ifw_idmap_init(&c->log_named);
	ifw_idmap_init(&c->ns_by_nsid);
}

void ev_ctx_free(struct ev_ctx *c)
{
	free(c->socks.v);
	free(c->refs.v);
	free(c->cts.v);
	free(c->json.buf);
	free(c->cmd);
	free(c->ss_join.s);
	free(c->cfg.buf);
	ev_ifdump_free(c);
	ifw_idmap_free(&c->iface_by_name);
	ifw_idmap_free(&c->proc_by_pid);
	ifw_idmap_free(&c->addr_seen);
	ifw_idmap_free(&c->ll_listed);
	ifw_idmap_free(&c->log_named);
	ifw_idmap_free(&c->ns_by_nsid);
}

static void switch_to(struct ev_ctx *c, const struct ev_parser *p)
{
	if (c->cur == p)
		return;
	if (p)
		c->shapes_seen[p->shape / 64] |= 1ull << (p->shape % 64);
	if (c->cur && c->cur->end)
		c->cur->end(c);
	c->cur = p;
	if (p && p->begin)
		p->begin(c);
}

static void section(struct ev_ctx *c, const char *cmd)
{
	switch_to(c, NULL);
	free(c->cmd);
	c->cmd = cmd ? strndup(cmd, 1024) : NULL;
	c->hint = cmd ? ev_hint_for(cmd, &c->hint_family) : EV_NONE;
	c->fd_pid = c->fd_fd = -1;
	if (cmd && c->hint == EV_FDINFO)
		ev_fdinfo_path(c, cmd);
	if (c->hint != EV_NONE)
		switch_to(c, ev_parser_for(c->hint));
}

void ev_begin_file(struct ev_ctx *c, const char *display, const char *basename)
{
	c->after_break = true;
	c->indent = 0;
	c->file = ifw_model_strdup(c->m, display);
	c->in_collected = false;
	c->in_fence = false;
	c->session_log = false;
	c->session_container = false;
	c->session_tagless = false;
	c->session_capture = false;
	c->session_open = false;
	c->session_free = false;
	c->session_own = c->session_own_sticky = false;
	c->session_own_shape = EV_NONE;
	c->session_echoes = false;
	c->paste_prompt[0] = '\0';
	section(c, basename);
}

static void ss_join_flush(struct ev_ctx *c);

static void id_release(struct ev_ctx *c);

void ev_end_file(struct ev_ctx *c)
{
	/* a capture's session that no prompt ended took the rest of the file: say so */
	if (c->session_capture && c->capture_skipped)
		ifw_model_warn(
		    c->m,
		    "evidence: %s: %u line(s) after a capture's or a network client's "
		    "command were taken as its network text (packets, a server's reply) "
		    "and not read; a prompt like the command's before the next output has "
		    "it read",
		    c->file ? c->file : "?", c->capture_skipped);
	c->session_capture = false;
	c->capture_skipped = 0;
	ss_join_flush(c);
	id_release(c);
	switch_to(c, NULL);
}

static void header_fact(struct ev_ctx *c, const char *key, const char *val, struct ev_line *l)
{
	if (strcmp(key, "host") == 0 && *val && !c->m->hostname) {
		c->m->hostname =
		    ifw_model_strndup(c->m, val, strlen(val) > 255 ? 255 : strlen(val));
	} else if (strcmp(key, "uname") == 0) {
		struct ev_line u = *l;
		u.s = (char *)val;
		u.len = strlen(val);
		ev_p_uname.take(c, &u);
	} else if (strcmp(key, "netns") == 0) {
		ev_netns_inode(val, &c->netns_inode);
	} else if (strcmp(key, "uid") == 0) {
		struct ev_tok t = {val, strlen(val)};
		uint64_t v;
		if (ev_tok_u64(&t, &v, false) && v <= UINT32_MAX) {
			c->have_uid = true;
			c->uid = (uint32_t)v;
		}
	}
}

/* "### ifwho-collect: CMD", "### exit N", "### KEY: VALUE". */
static void marker(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s + 3);
	if (ev_starts(s, "ifwho-collect:")) {
		section(c, ev_skip_ws(s + 14));
		c->in_collected = true;
		return;
	}
	if (ev_starts(s, "exit ")) {
		c->in_collected = false;
		int status = atoi(s + 5);
		if (status != 0)
			ifw_model_warn(c->m, "evidence: `%s` exited with status %d%s",
			               c->cmd ? c->cmd : "?", status,
			               status == 127 ? " (not installed)" : "");
		switch_to(c, NULL);
		return;
	}
	const char *colon = strchr(s, ':');
	if (!colon || colon - s > 32)
		return;
	char key[33];
	memcpy(key, s, (size_t)(colon - s));
	key[colon - s] = '\0';
	header_fact(c, key, ev_skip_ws(colon + 1), l);
}

static const struct ev_parser *detect_in(struct ev_line *l, int min, const struct ev_parser *skip,
                                         bool log)
{
	const struct ev_parser *best = NULL;
	int best_score = 0;
	for (size_t i = 0; i < N_PARSERS; i++) {
		if (parsers[i] == skip || (log && parsers[i]->not_in_logs))
			continue;
		int sc = parsers[i]->detect(l, min);
		if (sc >= min && sc > best_score) {
			best = parsers[i];
			best_score = sc;
		}
	}
	return best;
}

static const struct ev_parser *detect(struct ev_line *l, int min, const struct ev_parser *skip)
{
	return detect_in(l, min, skip, false);
}

static bool blank(const struct ev_line *l)
{
	return *ev_skip_ws(l->s) == '\0';
}

/* Control bytes other than tab and form feed: not text. (Bytes above 0x7f are let through:
 * pastes come in UTF-8 and in Latin-1.) */
static bool binary_line(const struct ev_line *l)
{
	for (size_t i = 0; i < l->len; i++) {
		unsigned char ch = (unsigned char)l->s[i];
		if ((ch < 0x20 && ch != '\t' && ch != '\f' && ch != '\v') || ch == 0x7f)
			return true;
	}
	return false;
}

/* A Markdown code block indented by four spaces (or a tab), as Reddit and Stack Exchange posts
 * have it: recognized by its first line, which is a header only without the indentation; the
 * indentation is then removed until a line has less of it. */
static void block_indent(struct ev_ctx *c, struct ev_line *l)
{
	size_t n = l->s[0] == '\t' ? 1 : strspn(l->s, " ") >= 4 ? 4 : 0;
	if (c->indent) {
		if (blank(l))
			return;
		if (n && n == c->indent) {
			memmove(l->s, l->s + n, l->len - n + 1);
			l->len -= n;
			return;
		}
		c->indent = 0; /* the block ended */
		return;
	}
	if (!c->after_break || !n)
		return;
	struct ev_line v = *l;
	v.s += n;
	v.len -= n;
	if (detect(&v, 3, NULL) && !detect(l, 3, NULL)) {
		c->indent = (uint8_t)n;
		memmove(l->s, l->s + n, l->len - n + 1);
		l->len -= n;
	}
}

/* A command the person typed (a prompt's or a command alone on its line) is kept as evidence of
 * what they did: `ip tuntap add ... tun0` made tun0 (infer/rule_typed.c). */
#define EV_MAX_TYPED 256
static void typed(struct ev_ctx *c, const char *cmd, const struct ev_line *l)
{
	/* counted apart from programs' echoes: 256 echoed lines leave the person's own */
	if (!cmd || !*cmd || c->n_typed >= EV_MAX_TYPED || strlen(cmd) > 1024)
		return;
	struct ifw_typed_cmd *t = ifw_vec_push(&c->m->typed);
	if (!t)
		return;
	c->n_typed++;
	t->cmd = ifw_model_strdup(c->m, cmd);
	ev_origin(c, l, &t->origin);
}

static void unrecognized(struct ev_ctx *c, const struct ev_line *l)
{
	c->after_break = true;
	c->m->skipped_lines++;
	/* what a text is about is the person's words, not a log's, a program's list of anyone's
	 * words (an SSID "Mullvad") or a file's shown by cat */
	bool own = c->session_own && (l->session || c->session_own_sticky);
	bool others = ev_shown_by_log_viewer(c, l) || own || (l->session && c->session_free);
	if (!others && c->m->unread.n < IFW_MAX_UNREAD) {
		struct ifw_origin *o = ifw_vec_push(&c->m->unread);
		if (o)
			ev_origin(c, l, o);
	}
	if (own) /* a commit message's or an SSID's words are no person's list or sentence */
		return;
	ev_label_scan(c, l);
	if (ev_is_prose(l)) {
		c->prose_lines++;
		ev_prose_scan(c, l);
	}
}

/* Where a log line's message starts ("Dec  7 10:00:02 host alice[42]: " and the like, after at
 * most a code block's indentation), or 0 when the line is no log line. `journalctl -o verbose`
 * indents a field's further lines to its value ("    MESSAGE="). */
static uint16_t log_message_col(const struct ev_line *l)
{
	size_t lead = strspn(l->s, " \t");
	if (lead > 8)
		return 0;
	const char *f = l->s + lead;
	size_t fl = strspn(f, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
	if (lead >= 4 && fl && fl <= 64 && f[fl] == '=')
		return (uint16_t)(lead + fl + 1);
	size_t st = ev_log_stamp(f);
	size_t sec = strspn(f, "0123456789"); /* -o short-unix: 1701943202.123456 */
	if (!st && sec >= 9 && sec <= 12 && f[sec] == '.' && strspn(f + sec + 1, "0123456789") == 6)
		st = sec + 7;
	if (!st)
		return 0;
	/* the first ':' that ends a word (the time's do not), at the line's end when the message's
	 * first line is empty and the paste dropped the blank after it */
	const char *s = f + st, *end = s + strnlen(s, 256), *colon = s;
	while ((colon = memchr(colon, ':', (size_t)(end - colon))) && colon[1] != ' ' &&
	       colon[1] != '\0')
		colon++;
	if (!colon)
		return 0;
	return (uint16_t)(colon + 2 - l->s);
}

/* journalctl prints a message's further lines under its first, indented to where the message
 * starts; any user logs a message of any lines (`logger --journald`, sd_journal_print), so such a
 * line is the message's, never output of its own (a `systemctl status` tree, a daemon's listing,
 * a prompt). A blank line inside the message keeps the indentation expected. */
static bool log_continuation(struct ev_ctx *c, const struct ev_line *l)
{
	size_t sp = strspn(l->s, " ");
	if (c->log_cont && l->s[sp] && sp >= c->log_cont)
		return true;
	if (l->s[sp])
		c->log_cont = log_message_col(l);
	return false;
}

/* Where the command a typed `exec` runs in a container starts (`docker exec c ovs-vsctl show`,
 * `kubectl exec pod -- ovs-vsctl show`): the first command paste.c knows after it. NULL if
 * none, or if `logs` comes first (`docker logs exec`: a container's name). */
static const char *exec_inner(const char *cmd)
{
	bool exec = false;
	for (const char *p = cmd; *p;) {
		p = ev_skip_ws(p);
		size_t n = strcspn(p, " \t");
		if (!exec && n == 4 && strncmp(p, "logs", 4) == 0)
			return NULL;
		if (!exec && n == 4 && strncmp(p, "exec", 4) == 0)
			exec = true;
		else if (exec && n && p[0] != '-' && ev_known_command(p))
			return p;
		p += n;
	}
	return NULL;
}

/* Whether one of cmd's words is w. */
static bool has_word(const char *cmd, const char *w)
{
	size_t wn = strlen(w);
	for (const char *p = cmd; *p;) {
		p = ev_skip_ws(p);
		size_t n = strcspn(p, " \t");
		if (n == wn && strncmp(p, w, n) == 0)
			return true;
		p += n;
	}
	return false;
}

/* Whether one command (no `;`, `&` or `|` in it) prints a log viewer's output: a container's
 * or any user's text. A listing command run in a container (`docker exec c ovs-vsctl show`,
 * Kolla's way) prints its own output; a file or log shown there (`docker exec c cat /app/log`,
 * `sudo cat`, `/bin/cat`) or a viewer run there (`docker exec kind crictl logs x`) is the
 * container's text. Uses c->session_buf. */
static const char *remote_command(const char *one);

static bool command_shows_log(struct ev_ctx *c, const char *cmd)
{
	static const char *const shows[] = {"cat", "grep", "head", "tail", "less", "more", "echo"};
	const char *prog = ev_session_prog(c, cmd);
	if (!prog)
		return false;
	/* a viewer run on another host (`ssh gw journalctl -o cat`) */
	if (strcmp(prog, "ssh") == 0) {
		const char *rc = remote_command(cmd);
		return rc && rc != cmd && command_shows_log(c, rc);
	}
	/* process managers' and systemd's logs of a service: `pm2 logs web`, `supervisorctl tail
	 * web`, `systemctl status web -o cat` (the journal's lines with no prefix) */
	if ((strcmp(prog, "pm2") == 0 && has_word(cmd, "logs")) ||
	    (strcmp(prog, "supervisorctl") == 0 && has_word(cmd, "tail")) ||
	    (strcmp(prog, "systemctl") == 0 && has_word(cmd, "status") &&
	     (has_word(cmd, "-o") || strstr(cmd, "--output"))))
		return true;
	/* LXD's, Incus's and libvirt's clients list what their daemon knows (`lxc network list`,
	 * `virsh domiflist`), but their `exec` runs a command in a container as docker's does,
	 * and `console` shows a guest's own text */
	if (strcmp(prog, "lxc") == 0 || strcmp(prog, "incus") == 0 || strcmp(prog, "virsh") == 0) {
		if (has_word(cmd, "console"))
			return true;
		if (!has_word(cmd, "exec"))
			return false;
	} else if (!ev_log_viewer(prog)) {
		return false;
	}
	for (const char *p = cmd;;) { /* each turn moves p on past an `exec` */
		const char *in = exec_inner(p);
		prog = in ? ev_session_prog(c, in) : NULL;
		if (!prog)
			return true;
		for (size_t i = 0; i < sizeof(shows) / sizeof(shows[0]); i++)
			if (strcmp(prog, shows[i]) == 0)
				return true;
		if (!ev_log_viewer(prog))
			return false;
		p = in;
	}
}

/* Whether a viewer's output is a container's or a guest's (`docker logs`, `lxc exec`), not the
 * system's log (`journalctl`, `log show`, `logread`, `dmesg`): a device its programs tell of
 * making may be in the container's own namespace. Uses c->session_buf. */
static bool container_viewer(struct ev_ctx *c, const char *cmd)
{
	static const char *const system[] = {"journalctl", "log", "logread", "dmesg"};
	const char *prog = ev_session_prog(c, cmd);
	for (size_t i = 0; prog && i < sizeof(system) / sizeof(system[0]); i++)
		if (strcmp(prog, system[i]) == 0)
			return false;
	return true;
}

/* Whether a viewer prints the journal without its tags (`journalctl -o cat`, `--output=cat`)
 * and for no unit or identifier chosen (`-u`, `-t`, a field match): a message any user logs
 * (`logger 'TUN/TAP device docker0 opened'`) reads as a program's own. Uses c->session_buf. */
static bool tagless_journal(struct ev_ctx *c, const char *cmd)
{
	static const char *const fields[] = {
	    "--unit=",        "--user-unit=",       "--identifier=", "_COMM=",
	    "_SYSTEMD_UNIT=", "SYSLOG_IDENTIFIER=", "_EXE=",         "_PID="};
	const char *prog = ev_session_prog(c, cmd);
	if (!prog || strcmp(prog, "journalctl") != 0)
		return false;
	if (!strstr(cmd, "-o cat") && !strstr(cmd, "-ocat") && !strstr(cmd, "--output=cat") &&
	    !strstr(cmd, "--output cat"))
		return false;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strstr(cmd, fields[i]))
			return false;
	/* -u UNIT, -uUNIT, --unit UNIT, -t ID, --identifier ID, or an executable's path */
	for (const char *p = cmd; *p;) {
		p = ev_skip_ws(p);
		size_t n = strcspn(p, " \t");
		if ((n >= 2 && p[0] == '-' && (p[1] == 'u' || p[1] == 't')) || (n && p[0] == '/') ||
		    (n == 6 && strncmp(p, "--unit", 6) == 0) ||
		    (n == 11 && strncmp(p, "--user-unit", 11) == 0) ||
		    (n == 12 && strncmp(p, "--identifier", 12) == 0))
			return false;
		p += n;
	}
	return true;
}

/* Whether any command of a typed line (split at `;`, `&` and `|`) is one that test() accepts,
 * given the command (at most 511 bytes) and its program (NULL when none). Uses
 * c->session_buf. */
static bool any_command(struct ev_ctx *c, const char *cmd,
                        bool (*test)(struct ev_ctx *c, const char *one, const char *prog))
{
	char one[512];
	for (const char *p = cmd; *p;) {
		size_t n = strcspn(p, ";&|");
		size_t k = n < sizeof(one) - 1 ? n : sizeof(one) - 1;
		memcpy(one, p, k);
		one[k] = '\0';
		if (test(c, one, ev_session_prog(c, one)))
			return true;
		p += n;
		if (*p)
			p++;
	}
	return false;
}

static bool viewer(struct ev_ctx *c, const char *one, const char *prog)
{
	(void)prog;
	return command_shows_log(c, one);
}

/* on a line going on unseen (a backslash at its end), a viewer's name is enough */
static bool viewer_going_on(struct ev_ctx *c, const char *one, const char *prog)
{
	return (prog && ev_log_viewer(prog)) || command_shows_log(c, one);
}

/* Whether a typed line's output is a log viewer's: any of its commands, split at `;`, `&` and
 * `|` (`docker exec c ovs-vsctl show; docker logs web`, `journalctl -u x && ...`), is one.
 * A line ending in a backslash goes on unseen (`docker exec c ovs-vsctl show \`, then `&&
 * docker logs web`): a viewer on it is taken for a log's. Uses c->session_buf: called before
 * session_prog is set. */
static bool shows_log(struct ev_ctx *c, const char *cmd)
{
	size_t len = strlen(cmd);
	while (len && (cmd[len - 1] == ' ' || cmd[len - 1] == '\t'))
		len--;
	return any_command(c, cmd, len && cmd[len - 1] == '\\' ? viewer_going_on : viewer);
}

/* Whether a typed line's output is the network's text: a capture's (`tcpdump -A` prints a
 * packet's payload, newlines and all; a DNS name may hold spaces) or a network client's (`curl
 * URL`, `dig TXT`). Any of its commands counts (`sudo tcpdump -A | head`). Uses
 * c->session_buf: called before session_prog is set. */
/* The command a remote or container runner runs, or NULL: `ssh [-opts] HOST CMD`, `docker
 * exec [-opts] C CMD` (podman, nerdctl, crictl too), `kubectl exec ... -- CMD`, `lxc exec C --
 * CMD`. Options that take a value are skipped with it. */
static const char *remote_command(const char *one)
{
	const char *p = ev_skip_ws(one);
	while (ev_starts(p, "sudo ") || ev_starts(p, "doas "))
		p = ev_skip_ws(p + 5);
	size_t n = strcspn(p, " \t");
	const char *b = memrchr(p, '/', n);
	b = b ? b + 1 : p;
	size_t bn = (size_t)(p + n - b);
	bool ssh = bn == 3 && strncmp(b, "ssh", 3) == 0;
	bool exec = false;
	static const char *const runners[] = {"docker",  "podman", "nerdctl", "crictl",
	                                      "kubectl", "oc",     "lxc",     "incus"};
	for (size_t i = 0; i < sizeof(runners) / sizeof(runners[0]); i++)
		exec = exec || (bn == strlen(runners[i]) && strncmp(b, runners[i], bn) == 0);
	if (!ssh && !exec)
		return NULL;
	const char *dd = strstr(p, " -- "); /* kubectl exec POD -- CMD */
	if (dd)
		return ev_skip_ws(dd + 4);
	p = ev_skip_ws(p + n);
	if (exec) { /* the subcommand */
		n = strcspn(p, " \t");
		if (!(n == 4 && strncmp(p, "exec", 4) == 0))
			return NULL;
		p = ev_skip_ws(p + n);
	}
	/* options, with the values of those that take one, then the host or container */
	static const char ssh_vals[] = "bcDEeFIiJLlmOoPpQRSWw";
	static const char exec_vals[] = "euw";
	for (int guard = 0; *p == '-' && guard < 32; guard++) {
		n = strcspn(p, " \t");
		bool takes = n == 2 && strchr(ssh ? ssh_vals : exec_vals, p[1]);
		takes = takes ||
		        (n > 2 && p[1] == '-' && !memchr(p, '=', n) &&
		         (strncmp(p, "--user", n) == 0 || strncmp(p, "--env", n) == 0 ||
		          strncmp(p, "--workdir", n) == 0 || strncmp(p, "--container", n) == 0 ||
		          strncmp(p, "--namespace", n) == 0));
		p = ev_skip_ws(p + n);
		if (takes)
			p = ev_skip_ws(p + strcspn(p, " \t"));
	}
	p = ev_skip_ws(p + strcspn(p, " \t")); /* the host or container */
	return *p ? p : NULL;
}

static bool network_prog(struct ev_ctx *c, const char *one, const char *prog)
{
	/* not ssh: a person's own router or server answers there (`ssh gw ip addr`), and what it
	 * runs is read as typed (remote_command); telnet's far end writes what it likes */
	static const char *const progs[] = {
	    "tcpdump", "tshark", "termshark", "ngrep",    "tcpflow", "curl",          "wget",
	    "nc",      "ncat",   "netcat",    "socat",    "dig",     "nslookup",      "drill",
	    "host",    "http",   "xh",        "openssl",  "whois",   "lynx",          "w3m",
	    "links",   "elinks", "nmap",      "snmpwalk", "snmpget", "mosquitto_sub", "kcat",
	    "aria2c",  "fetch",  "ftp",       "sftp",     "rsync",   "strace",        "sngrep",
	    "telnet",  "GET",    "finger",    "gh"};
	for (size_t i = 0; prog && i < sizeof(progs) / sizeof(progs[0]); i++)
		if (strcmp(prog, progs[i]) == 0)
			return true;
	/* a package's changelog is its maintainers' words, fetched */
	if (prog && (strcmp(prog, "apt") == 0 || strcmp(prog, "apt-get") == 0) &&
	    has_word(one, "changelog"))
		return true;
	/* what ssh or a container's exec runs there: its own program's words */
	const char *rc = remote_command(one);
	if (rc && rc != one) {
		char keep[sizeof(c->session_buf)];
		memcpy(keep, c->session_buf, sizeof(keep));
		const char *rp = ev_session_prog(c, rc);
		bool net = false;
		for (size_t i = 0; rp && i < sizeof(progs) / sizeof(progs[0]) && !net; i++)
			net = strcmp(rp, progs[i]) == 0;
		memcpy(c->session_buf, keep, sizeof(keep));
		return net;
	}
	return false;
}

/* Whether any word of the line followed by an option, its quotes, parentheses, backticks and a
 * leading backslash or path taken off, is one of progs: a program run however it was spelled
 * (`(tcpdump -A)`,
 * `sudo $(which tcpdump)`, `\tcpdump`, `bash -lc 'tcpdump -A'`, `ssh gw sudo tcpdump -A`,
 * `docker exec -it c tcpdump`, a wrapper ifwho does not know). */
static bool any_word(const char *cmd, const char *const *progs, size_t n)
{
	static const char seps[] = " \t;&|()`$'\"{}<>";
	const char *prev = NULL;
	size_t prev_len = 0;
	for (const char *p = cmd; *p;) {
		p += strspn(p, seps);
		if (*p == '#' && (p == cmd || p[-1] == ' ' || p[-1] == '\t'))
			break; /* the shell's comment: `ip addr  # curl -s ifconfig.me` runs no curl
			        */
		size_t len = strcspn(p, seps);
		const char *w = p;
		p += len;
		const char *word = w;
		size_t word_len = len;
		while (len && *w == '\\')
			w++, len--;
		const char *slash = memrchr(w, '/', len);
		if (slash) {
			len -= (size_t)(slash + 1 - w);
			w = slash + 1;
		}
		/* run, not named: an option follows it (`jz curl` names a jail, `apt install
		 * tcpdump curl` installs), and it is no program-name selector's value (`lsof -c nc
		 * -a -i`, `ps -C nc`; `bash -c 'nc ...'` quotes what it runs); a remote or
		 * container runner's command is read as typed (remote_command) */
		const char *next = p + strspn(p, seps);
		bool value = prev && prev_len == 2 && prev[0] == '-' &&
		             (prev[1] == 'c' || prev[1] == 'C') && word > cmd && word[-1] == ' ';
		for (size_t i = 0; len && *next == '-' && !value && i < n; i++)
			if (strlen(progs[i]) == len && strncmp(w, progs[i], len) == 0)
				return true;
		prev = word;
		prev_len = word_len;
	}
	return false;
}

static bool network_text(struct ev_ctx *c, const char *cmd)
{
	/* the programs whose name is no common word ("host", "fetch", "links" are) */
	static const char *const words[] = {
	    "tcpdump",       "tshark",   "termshark", "ngrep",  "tcpflow", "netsniff-ng",
	    "tcpick",        "curl",     "wget",      "nc",     "ncat",    "netcat",
	    "socat",         "dig",      "nslookup",  "drill",  "openssl", "whois",
	    "nmap",          "snmpwalk", "snmpget",   "lynx",   "w3m",     "elinks",
	    "mosquitto_sub", "kcat",     "aria2c",    "strace", "sngrep"};
	return any_command(c, cmd, network_prog) ||
	       any_word(cmd, words, sizeof(words) / sizeof(words[0]));
}

/* Whether the typed line runs a program that prints anyone's words in rows of its own (an
 * SSID, a process's arguments, a commit message): *own is the shape of its reader (EV_NONE:
 * ifwho reads none of its rows: git, pgrep, a Wi-Fi scan's list), *sticky when its output goes
 * on past blank lines. Keeps c->session_buf. */
static bool own_rows_command(struct ev_ctx *c, const char *cmd, enum ev_shape *own, bool *sticky)
{
	static const struct {
		const char *prog;
		enum ev_shape own;
		bool sticky;
	} progs[] = {
	    {"nmcli", EV_NMCLI, false}, {"iw", EV_IW, false},        {"iwlist", EV_IW, false},
	    {"iwconfig", EV_IW, false}, {"git", EV_NONE, true},      {"hg", EV_NONE, true},
	    {"pgrep", EV_NONE, false},  {"wpa_cli", EV_NONE, false}, {"airport", EV_NONE, false},
	    {"svn", EV_NONE, true},
	};
	char keep[sizeof(c->session_buf)];
	memcpy(keep, c->session_buf, sizeof(keep));
	bool found = false;
	char one[512];
	for (const char *p = cmd; *p;) { /* each command of the line, by its program */
		size_t n = strcspn(p, ";&|");
		size_t k = n < sizeof(one) - 1 ? n : sizeof(one) - 1;
		memcpy(one, p, k);
		one[k] = '\0';
		const char *prog = ev_session_prog(c, one);
		/* another program's output beside it (`git pull && ip addr`, `nmcli d; ip a`): no
		 * program's rows alone; a filter's (`| grep x`) are the program's */
		static const char *const filters[] = {"grep", "egrep", "head",   "tail", "sort",
		                                      "uniq", "less",  "more",   "cat",  "awk",
		                                      "sed",  "cut",   "column", "tee",  "wc"};
		bool known = false;
		for (size_t i = 0; prog && i < sizeof(progs) / sizeof(progs[0]); i++)
			known = known || strcmp(prog, progs[i].prog) == 0;
		for (size_t i = 0; prog && i < sizeof(filters) / sizeof(filters[0]); i++)
			known = known || strcmp(prog, filters[i]) == 0;
		if (prog && !known) {
			memcpy(c->session_buf, keep, sizeof(keep));
			return false;
		}
		for (size_t i = 0; prog && i < sizeof(progs) / sizeof(progs[0]) && !found; i++) {
			if (strcmp(prog, progs[i].prog) != 0)
				continue;
			found = true;
			*own = progs[i].own;
			*sticky = progs[i].sticky;
			/* a Wi-Fi scan's or list's rows are networks' names: no reader's */
			if (has_word(one, "wifi") || has_word(one, "scan") ||
			    has_word(one, "scanning"))
				*own = EV_NONE;
		}
		p += n;
		if (*p)
			p++;
	}
	memcpy(c->session_buf, keep, sizeof(keep));
	return found;
}

/* Whether a line of such a program's output is its own reader's: nmcli's three forms (`nmcli
 * device`, `nmcli connection`, `nmcli` alone) are three readers. */
static bool own_shape(enum ev_shape own, enum ev_shape s)
{
	if (own == EV_NMCLI)
		return s == EV_NMCLI || s == EV_NMCLI_CONN || s == EV_NMCLI_OVERVIEW;
	return own != EV_NONE && s == own;
}

/* Whether the typed command prints the commands it runs: ifupdown's `ifup -v` (and ifdown,
 * ifreload, ifquery) lists each `ip link add ...` its stanza's methods run; those are its, not
 * the person's typing. */
static bool echoing_command(struct ev_ctx *c, const char *cmd)
{
	static const char *const progs[] = {"ifup", "ifdown", "ifreload"};
	char keep[sizeof(c->session_buf)];
	memcpy(keep, c->session_buf, sizeof(keep));
	const char *prog = ev_session_prog(c, cmd);
	bool ifupdown = false;
	for (size_t i = 0; prog && i < sizeof(progs) / sizeof(progs[0]); i++)
		ifupdown = ifupdown || strcmp(prog, progs[i]) == 0;
	memcpy(c->session_buf, keep, sizeof(keep));
	if (!ifupdown)
		return false;
	for (const char *p = cmd; *p;) { /* -v, --verbose, or -v among short options (-av) */
		p = ev_skip_ws(p);
		size_t n = strcspn(p, " \t");
		if ((n == 9 && strncmp(p, "--verbose", 9) == 0) ||
		    (n >= 2 && p[0] == '-' && p[1] != '-' && memchr(p, 'v', n)))
			return true;
		p += n;
	}
	return false;
}

/* Whether a command prints nothing when it works (`ip link add tun0 type tun`, `ifconfig tun0
 * up`, `brctl addbr br0`): a command-shaped line right after it is the next one typed, not its
 * output. Only a configuring tool's verb, in its first words, in a command with no pipe: a
 * grep's pattern (`ps -eo args | grep -w add`) or a path is no verb. */
static bool quiet_command(struct ev_ctx *c, const char *cmd)
{
	static const char *const tools[] = {"ip",     "ifconfig", "brctl", "tunctl",   "vconfig",
	                                    "bridge", "iw",       "wg",    "ovs-vsctl"};
	static const char *const verbs[] = {
	    "add", "set",  "del",   "delete", "change", "replace", "flush",  "create", "destroy",
	    "up",  "down", "addbr", "addif",  "delif",  "delbr",   "rename", "attach", "detach"};
	if (strpbrk(cmd, "|;&`$"))
		return false;
	char keep[sizeof(c->session_buf)];
	memcpy(keep, c->session_buf, sizeof(keep));
	const char *prog = ev_session_prog(c, cmd);
	bool tool = false;
	for (size_t i = 0; prog && i < sizeof(tools) / sizeof(tools[0]); i++)
		tool = tool || strcmp(prog, tools[i]) == 0;
	memcpy(c->session_buf, keep, sizeof(keep));
	if (!tool)
		return false;
	const char *p = ev_skip_ws(cmd);
	for (int w = 0; *p && w < 6; w++) {
		size_t n = strcspn(p, " \t");
		for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
			if (n == strlen(verbs[i]) && strncmp(p, verbs[i], n) == 0)
				return true;
		p = ev_skip_ws(p + n);
	}
	return false;
}

/* A prompt's family: its user@host part when it has one, else its last character ("$", "#",
 * "%"): a clock or the working directory in the prompt changes from one to the next. */
static void prompt_family(const char *pr, char *out, size_t n)
{
	const char *at = strchr(pr, '@');
	size_t len = strlen(pr);
	if (at) {
		const char *b = at, *e = at;
		while (b > pr && !strchr(" \t[(", b[-1]))
			b--;
		while (*e && !strchr(" \t:])", *e))
			e++;
		len = (size_t)(e - b);
		pr = b;
	} else if (len) {
		pr += len - 1;
		len = 1;
	}
	if (len >= n)
		len = n - 1;
	memcpy(out, pr, len);
	out[len] = '\0';
}

static bool same_family(const char *a, const char *b)
{
	char fa[64], fb[64];
	prompt_family(a, fa, sizeof(fa));
	prompt_family(b, fb, sizeof(fb));
	return strcmp(fa, fb) == 0;
}

/* Whether a program's output holds words anyone may choose: a file's contents or names, a
 * Wi-Fi network's or a connection's name, a process's arguments. A command-shaped line in it
 * is that output; in a listing's (`ip addr`) it is the next command typed. */
static bool free_text_output(const char *prog)
{
	static const char *const progs[] = {
	    "cat",        "grep",  "egrep", "fgrep",  "zgrep",  "head",     "tail",    "less",
	    "more",       "find",  "ls",    "tree",   "echo",   "printf",   "sed",     "awk",
	    "strings",    "xargs", "nmcli", "iw",     "iwlist", "iwconfig", "wpa_cli", "ps",
	    "pgrep",      "lsof",  "bat",   "docker", "podman", "kubectl",  "virsh",   "systemctl",
	    "journalctl", "dmesg", "sort",  "uniq"};
	for (size_t i = 0; prog && i < sizeof(progs) / sizeof(progs[0]); i++)
		if (strcmp(prog, progs[i]) == 0)
			return true;
	return false;
}

/* Whether any of a typed line's commands (`ip a; cat notes`, `x && ls /tmp`) prints anyone's
 * words. Keeps c->session_buf. */
static bool free_text_prog(struct ev_ctx *c, const char *one, const char *prog)
{
	(void)c;
	(void)one;
	return free_text_output(prog);
}

static bool free_text_command(struct ev_ctx *c, const char *cmd)
{
	char keep[sizeof(c->session_buf)];
	memcpy(keep, c->session_buf, sizeof(keep));
	bool any = any_command(c, cmd, free_text_prog);
	memcpy(c->session_buf, keep, sizeof(keep));
	return any;
}

/* The prompt in front of cmd on the line, blanks trimmed, into out (at most n bytes). */
static void prompt_of(const struct ev_line *l, const char *cmd, char *out, size_t n)
{
	size_t len = cmd && cmd >= l->s && cmd <= l->s + l->len ? (size_t)(cmd - l->s) : 0;
	const char *p = l->s;
	while (len && (*p == ' ' || *p == '\t'))
		p++, len--;
	while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
		len--;
	if (len >= n)
		len = n - 1;
	memcpy(out, p, len);
	out[len] = '\0';
}

/* A session of the network's text (network_text) goes on until a prompt of the form that
 * began it, or the end of the fence that prompt was in; only the capture's own line among
 * its first ("listening on tun0, link-type RAW") is read. Returns whether l was consumed. */
static bool capture_line(struct ev_ctx *c, struct ev_line *l, enum ev_paste kind, const char *cmd)
{
	if (kind == EV_PASTE_PROMPT) {
		char pr[sizeof(c->capture_prompt)];
		prompt_of(l, cmd, pr, sizeof(pr));
		/* a capture typed with no prompt ends at any prompt */
		if (!c->capture_prompt[0] || same_family(pr, c->capture_prompt)) {
			c->session_capture = false;
			c->capture_skipped = 0;
			return false;
		}
	}
	if (kind == EV_PASTE_MARKUP && c->session_fenced &&
	    (ev_starts(ev_skip_ws(l->s), "```") || ev_starts(ev_skip_ws(l->s), "~~~"))) {
		c->session_capture = false;
		c->capture_skipped = 0;
		return false;
	}
	/* tcpdump's stderr comes first: "verbose output suppressed", then "listening on" */
	if (kind == EV_PASTE_LINE && c->session_lines++ < 3 &&
	    (ev_starts(ev_skip_ws(l->s), "listening on ") ||
	     ev_starts(ev_skip_ws(l->s), "Capturing on ")))
		return false;
	if (!blank(l)) {
		c->m->skipped_lines++;
		c->capture_skipped++;
	}
	return true;
}

static void feed_one(struct ev_ctx *c, struct ev_line *l)
{
	/* A marker ends whatever came before it, even a JSON document cut short. */
	if (l->s[0] == '#' && l->s[1] == '#' && l->s[2] == '#') {
		/* in a capture's, a viewer's or a free-text output a marker is that text's: it
		 * sets no system, host or privilege */
		if (c->session_capture || c->session_log || c->session_free) {
			c->m->skipped_lines++;
			return;
		}
		c->log_cont = 0;
		marker(c, l);
		return;
	}
	l->fenced = c->in_fence;
	l->session = c->session_open;
	if (binary_line(l)) {
		c->binary_lines++;
		c->m->skipped_lines++;
		return;
	}
	/* JSON documents span lines; the JSON parser takes every line until it is complete. */
	if (c->cur == &ev_p_ipjson && c->json.started) {
		ev_p_ipjson.take(c, l);
		return;
	}
	/* a collector's section holds one command's output, never a journal */
	if (!c->in_collected && !c->in_glued && log_continuation(c, l)) {
		c->m->skipped_lines++;
		return;
	}
	const char *cmd = NULL;
	enum ev_paste kind = c->in_collected ? EV_PASTE_LINE : ev_paste_line(c, l, &cmd);
	if (c->session_capture && capture_line(c, l, kind, cmd))
		return;
	/* "# ip link add ..." in a shown file is its comment, not root's prompt */
	if (kind == EV_PASTE_PROMPT && (c->session_free || c->hint == EV_CONFIG)) {
		char pr[sizeof(c->capture_prompt)];
		prompt_of(l, cmd, pr, sizeof(pr));
		/* a root shell's next prompt is as likely as a comment, but in a configuration
		 * file, or after a prompt of another form, it is the file's; in output that prints
		 * anyone's words (an SSID "$ ip link add ..."), a prompt of another family than the
		 * session's is that output */
		if (strcmp(pr, "#") == 0 &&
		    (c->hint == EV_CONFIG || strcmp(c->capture_prompt, "#") != 0))
			kind = EV_PASTE_LINE;
		else if (c->session_free &&
		         (!c->capture_prompt[0] || !same_family(pr, c->capture_prompt)))
			kind = EV_PASTE_LINE; /* with no prompt before: no family to tell it */
	}
	switch (kind) {
	case EV_PASTE_MARKUP:
		if (ev_starts(ev_skip_ws(l->s), "```") || ev_starts(ev_skip_ws(l->s), "~~~")) {
			c->in_fence = !c->in_fence;
			/* a fence the prompt was in ends its output; one the output opens is its */
			if (!c->in_fence && c->session_fenced)
				c->session_log = false;
			if (!c->in_fence)
				c->session_open = false;
			/* the fence the command was typed in, closing, ends its output (a fence in
			 * a commit's message is the message's, as a capture's payload's) */
			if (!c->in_fence && c->session_fenced)
				c->session_own = false;
		}
		c->markup_lines++;
		c->after_break = true;
		c->indent = 0;
		return;
	case EV_PASTE_ELIDED:
		c->elided_lines++;
		return;
	case EV_PASTE_BARE: { /* unless it is output ("bridge name  bridge id" of brctl) */
		/* a command alone in a fence is the person's, not a log's echo of it */
		const struct ev_parser *out = detect(l, 2, NULL);
		if (out && out != &ev_p_logmention)
			break;
		/* in the output of a program typed just before, which is not a tool whose output
		 * ifwho reads: the program printing a command it runs ("ifconfig utun10 inet6 ...
		 * up" under tunslip6) */
		if (c->session_open && c->session_prog &&
		    (!ev_known_command(c->session_prog) || c->session_echoes)) {
			ev_echo_record(c, l, ev_skip_ws(l->s), false);
			c->after_break = true;
			return;
		}
		/* in a log viewer's output a command is the log's text, not the person's typing
		 * (a container printing `ip link add wg0 type bridge` under `docker logs web` made
		 * root's wg0 "made by hand in this session", likely) */
		/* in the output of a command typed before it that prints anyone's words, no blank
		 * line between: that output (an SSID, a file's or a connection's name, a process's
		 * arguments), not the person's typing */
		bool output =
		    !c->session_log && c->session_free && (c->session_lines || !c->session_quiet);
		if (c->session_log)
			ev_echo_record(c, l, ev_skip_ws(l->s), false);
		else if (!output) {
			typed(c, cmd, l);
			/* "route add -net ... -interface en0", "ip route add ... dev eth0": the
			 * interface a typed command names exists, known by its name */
			const char *nm;
			size_t nn = ev_log_mention(cmd, &nm);
			if (nn && ev_ifname_ok(nm, nn))
				ev_iface_logged(c, l, nm, nn, NULL);
		}
		if (!output) {
			section(c, cmd);
			c->after_break = true;
		}
		/* a viewer typed with no prompt (`docker logs web` alone on its line): its output
		 * is a log's too, even where the line may be output itself (the safer reading); a
		 * bare line never ends one (the output prints any) */
		if (!c->session_log) {
			char keep[sizeof(c->session_buf)];
			memcpy(keep, c->session_buf, sizeof(keep));
			c->session_log = shows_log(c, cmd);
			c->session_container = c->session_log && container_viewer(c, cmd);
			c->session_tagless = c->session_log && tagless_journal(c, cmd);
			c->session_fenced = c->in_fence;
			memcpy(c->session_buf, keep, sizeof(keep));
			/* typed without a prompt, it opens a session as a prompt does (`ps -eo
			 * args` alone on its line: its rows are ps's only) */
			if (!c->session_log && !output) {
				c->session_capture = network_text(c, cmd);
				/* typed with no prompt: the paste's own prompt (its last) is
				 * what ends it, not a "$ " line inside it */
				memcpy(c->capture_prompt, c->paste_prompt,
				       sizeof(c->capture_prompt));
				c->session_prog = ev_session_prog(c, cmd);
				c->session_open = c->session_prog != NULL;
				c->session_quiet = quiet_command(c, cmd);
				c->session_lines = 0;
				c->session_free = free_text_command(c, cmd);
				c->session_own = own_rows_command(c, cmd, &c->session_own_shape,
				                                  &c->session_own_sticky);
				c->session_echoes = echoing_command(c, cmd);
			}
		}
		if (output)
			break;
		return;
	}
	case EV_PASTE_PROMPT:
		ev_appear_prompt(c, cmd, l);
		typed(c, cmd, l);
		section(c, cmd);
		c->after_break = true;
		c->session_log = shows_log(c, cmd); /* before session_prog: it uses session_buf */
		c->session_container = c->session_log && container_viewer(c, cmd);
		c->session_tagless = c->session_log && tagless_journal(c, cmd);
		c->session_fenced = c->in_fence;
		c->session_capture = network_text(c, cmd);
		prompt_of(l, cmd, c->capture_prompt, sizeof(c->capture_prompt));
		memcpy(c->paste_prompt, c->capture_prompt, sizeof(c->paste_prompt));
		c->session_prog = ev_session_prog(c, cmd);
		c->session_open = c->session_prog != NULL;
		c->session_quiet = quiet_command(c, cmd);
		c->session_lines = 0;
		c->session_free = free_text_command(c, cmd);
		c->session_own =
		    own_rows_command(c, cmd, &c->session_own_shape, &c->session_own_sticky);
		c->session_echoes = echoing_command(c, cmd);
		if (c->glued) {
			struct ev_line g = {.s = c->glued,
			                    .len = strlen(c->glued),
			                    .no = l->no,
			                    .fenced = l->fenced};
			c->glued = NULL;
			c->in_glued = true;
			feed_one(c, &g);
			c->in_glued = false;
		}
		return;
	case EV_PASTE_LINE:
		break;
	}
	/* git's indented message is git's, not a Markdown code block to unindent */
	if (!c->in_collected && !(c->session_own && c->session_own_sticky))
		block_indent(c, l);
	if (blank(l)) {
		c->after_break = true;
		c->session_open = false;
		if (c->cur)
			c->cur->take(c, l);
		return;
	}
	c->after_break = false;
	if (c->session_open && c->session_lines < UINT_MAX)
		c->session_lines++;
	if (l->len > EV_MAX_TEXT && !(c->cur == &ev_p_ipjson || l->s[0] == '[' || l->s[0] == '{')) {
		c->m->skipped_lines++;
		return;
	}
	/* ps's output is its rows only: a row of `ps -eo args` starts with a process's arguments,
	 * which would otherwise be read as a listing's line ("4: wg0: <...> link/ether ...") */
	if (l->session && c->hint == EV_PS) {
		if (c->cur != &ev_p_ps)
			switch_to(c, &ev_p_ps);
		if (!ev_p_ps.take(c, l))
			unrecognized(c, l);
		return;
	}
	/* rows of a program that prints anyone's words (an SSID "tun0: tun", a process's
	 * arguments shaped as an lsof row, a commit message): its own reader's, or none */
	if (c->session_own && (l->session || c->session_own_sticky) && !c->session_log) {
		if (!c->cur || !own_shape(c->session_own_shape, c->cur->shape) ||
		    c->cur->detect(l, 3) < 3) {
			for (size_t i = 0; i < N_PARSERS; i++)
				if (own_shape(c->session_own_shape, parsers[i]->shape) &&
				    parsers[i] != c->cur && parsers[i]->detect(l, 2) >= 2) {
					switch_to(c, parsers[i]);
					break;
				}
		}
		if (!c->cur || !own_shape(c->session_own_shape, c->cur->shape) ||
		    !c->cur->take(c, l))
			unrecognized(c, l);
		return;
	}
	if (c->cur && c->cur->not_in_logs && ev_shown_by_log_viewer(c, l))
		switch_to(c, NULL);
	if (c->cur && c->cur->rows_hold && c->cur->take(c, l))
		return;
	if (c->cur) {
		/* a reader of last resort yields every line another parser knows */
		const struct ev_parser *p =
		    detect_in(l, c->cur->fallback ? 2 : 3, c->cur, ev_shown_by_log_viewer(c, l));
		if (p && (c->cur->fallback || c->cur->detect(l, 3) < 3))
			switch_to(c, p);
		if (c->cur->take(c, l))
			return;
	}
	const struct ev_parser *p = detect_in(l, 2, c->cur, ev_shown_by_log_viewer(c, l));
	if (p) {
		switch_to(c, p);
		if (p->take(c, l))
			return;
	}
	unrecognized(c, l);
}

/* ss prints a process name as it is: a name with a newline ("a\n$ ip l a br4", which any user
 * can give a process) breaks its line in two, and the second half would be read as a line of its
 * own (a prompt, an interface). In a collector's ss section such a line, whose last `("` has no
 * `",pid=` after it, is joined with the lines that follow (the newline read as '?', as ps shows
 * it) until the name closes: a name is 15 bytes at most, so a few short lines. */
#define SS_JOIN_LINES 8
#define SS_JOIN_EXTRA 64

static bool ss_name_open(const char *s)
{
	const char *u = strstr(s, "users:((\"");
	if (!u)
		return false;
	const char *last = NULL;
	for (const char *p = strstr(u, "(\""); p; p = strstr(p + 1, "(\""))
		last = p;
	return last && !strstr(last, "\",pid=");
}

static void ss_join_flush(struct ev_ctx *c)
{
	if (!c->ss_join.s)
		return;
	struct ev_line j = {c->ss_join.s, c->ss_join.len, c->ss_join.no};
	c->ss_join.s = NULL;
	feed_one(c, &j);
	free(j.s);
}

/* journalctl prints a message's identifier as it was sent when it is printable and under 300
 * bytes, and a newline counts as printable: an identifier sent with newlines (any user may, in
 * the native protocol's binary form) breaks journalctl's own prefix, and its rest stands at the
 * start of the next lines, up to "[pid]: " and the message ("x\n$ sudo ip link add wg0 ..."
 * would be a prompt). So after a log line, the lines that follow within those 300 bytes are held
 * back until one shows that "[pid]: " (they were the identifier: skipped) or they cannot be
 * (fed as they came, in their order). */
#define ID_MAX 300

/* Where "[digits]: " ends in s's first max bytes, or 0. */
static size_t id_pid_end(const char *s, size_t max)
{
	for (const char *p = s; (p = memchr(p, '[', max - (size_t)(p - s))); p++) {
		size_t d = strspn(p + 1, "0123456789");
		if (d && d <= 10 && p[1 + d] == ']' && p[2 + d] == ':' &&
		    (p[3 + d] == ' ' || p[3 + d] == '\0'))
			return (size_t)(p - s) + 3 + d + (p[3 + d] == ' ');
	}
	return 0;
}

static void id_release(struct ev_ctx *c)
{
	size_t n = c->idhold.n, off = 0;
	c->idhold.n = c->idhold.len = 0;
	c->idhold.armed = false;
	char buf[sizeof(c->idhold.buf)];
	memcpy(buf, c->idhold.buf, sizeof(buf));
	for (size_t i = 0; i < n; i++) {
		struct ev_line h = {
		    .s = buf + off, .len = strlen(buf + off), .no = c->idhold.no[i]};
		off += h.len + 1;
		feed_one(c, &h);
	}
}

/* true: the line was held back or skipped */
static bool id_hold(struct ev_ctx *c, struct ev_line *l, bool stamped)
{
	if (!c->idhold.armed)
		return false;
	size_t used = c->idhold.len;
	size_t end = stamped || used >= ID_MAX
	                 ? 0
	                 : id_pid_end(l->s, ID_MAX - used < l->len ? ID_MAX - used : l->len);
	if (end) { /* the identifier's end: what was held was its rest */
		c->m->skipped_lines += c->idhold.n + 1;
		c->log_cont = (uint16_t)(c->idhold.first_len + 1 + used + end); /* < 1024 */
		c->idhold.n = c->idhold.len = 0;
		c->idhold.armed = false;
		return true;
	}
	if (!stamped && c->idhold.n < 64 && used + l->len + 1 <= ID_MAX) {
		memcpy(c->idhold.buf + used, l->s, l->len + 1);
		c->idhold.len += l->len + 1;
		c->idhold.no[c->idhold.n++] = l->no;
		return true;
	}
	id_release(c);
	return false;
}

void ev_feed(struct ev_ctx *c, struct ev_line *l)
{
	bool marker_line = l->s[0] == '#' && l->s[1] == '#' && l->s[2] == '#';
	if (!c->ss_join.s && !c->in_collected) {
		bool stamped = !marker_line && ev_log_stamp(l->s) > 0;
		size_t len = l->len; /* before a reader rewrites the line */
		if (marker_line)
			id_release(c);
		else if (id_hold(c, l, stamped))
			return;
		if (!ev_unflatten(c, l, feed_one))
			feed_one(c, l);
		/* the time, host and the identifier's first part: a longer line is no such start */
		c->idhold.armed = stamped && !c->in_collected && len < 512;
		c->idhold.first_len = len;
		return;
	}
	if (c->ss_join.s) {
		if (marker_line || l->len > SS_JOIN_EXTRA) {
			ss_join_flush(c);
			feed_one(c, l);
			return;
		}
		char *n = realloc(c->ss_join.s, c->ss_join.len + 1 + l->len + 1);
		if (!n) {
			ss_join_flush(c);
			feed_one(c, l);
			return;
		}
		n[c->ss_join.len] = '?';
		memcpy(n + c->ss_join.len + 1, l->s, l->len + 1);
		c->ss_join.s = n;
		c->ss_join.len += 1 + l->len;
		if (!ss_name_open(n) || ++c->ss_join.lines >= SS_JOIN_LINES)
			ss_join_flush(c);
		return;
	}
	if (c->in_collected && c->hint == EV_SS && !marker_line && l->len <= EV_MAX_TEXT &&
	    ss_name_open(l->s)) {
		c->ss_join.s = malloc(l->len + 1);
		if (c->ss_join.s) {
			memcpy(c->ss_join.s, l->s, l->len + 1);
			c->ss_join.len = l->len;
			c->ss_join.lines = 0;
			c->ss_join.no = l->no;
			return;
		}
	}
	feed_one(c, l);
}

int ev_read_all(struct ev_ctx *c, struct ev_reader *r, struct ifw_err *err)
{
	struct ev_line l = {0};
	bool cut;
	int rc = 0;
	bool bound = false; /* stopped by the byte or line bound (the arena bound warns itself) */
	/* Byte bounds count raw input (a cut line's tail too): one per file, one for them all. */
	uint64_t lines0 = c->lines, bin0 = c->binary_lines;
	uint64_t left = EV_MAX_BYTES - (c->bytes < EV_MAX_BYTES ? c->bytes : EV_MAX_BYTES - 1);
	bool file_bound = left > EV_MAX_FILE;
	r->budget = file_bound ? EV_MAX_FILE : left;
	while (!c->full && (rc = ev_reader_next(r, &l, &cut, err)) == 1) {
		if (++c->lines > EV_MAX_LINES) {
			bound = c->full = true;
			break;
		}
		if (cut) {
			c->m->skipped_lines++;
			ifw_model_warn(
			    c->m,
			    "evidence %s: line %llu is longer than %u MiB and was not read "
			    "(a one-line `ip -j` document? `ip -j -p` writes one that is "
			    "read)",
			    c->file, (unsigned long long)l.no, EV_MAX_LINE >> 20);
			continue;
		}
		ev_feed(c, &l);
		/* Not text (a binary file, /dev/urandom): stop early rather than read it all. */
		if (c->lines - lines0 >= 16 && (c->binary_lines - bin0) * 2 > c->lines - lines0) {
			c->binary = true;
			break;
		}
	}
	c->bytes += r->consumed;
	if (c->binary) {
		c->binary_files++;
		c->binary = false;
		return rc < 0 ? rc : 0;
	}
	if (r->over_budget && file_bound) {
		ifw_model_warn(c->m, "evidence %s: only the first %llu MiB were read", c->file,
		               (unsigned long long)(EV_MAX_FILE >> 20));
		return rc;
	}
	if (r->over_budget)
		bound = c->full = true;
	if (bound)

		ifw_model_warn(c->m,
		               "evidence: stopped reading after %llu lines (%llu MiB); the rest "
		               "was not read",
		               (unsigned long long)c->lines, (unsigned long long)(c->bytes >> 20));
	return c->full ? 0 : rc;
}

void ev_begin_no_iface(struct ev_ctx *c)
{
	c->cur_iface = IFW_NOID; /* another shape's interface is not this one's */
}
