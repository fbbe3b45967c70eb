/* `systemctl status UNIT`: the unit's main process and its control group's processes, with their
 * command lines:
 *   ● openvpn@client.service - OpenVPN connection to client
 *      Main PID: 1234 (openvpn)
 *        CGroup: /system.slice/system-openvpn.slice/openvpn@client.service
 *                └─1234 /usr/sbin/openvpn --daemon ovpn-client --config /etc/openvpn/client.conf
 * The processes are read as `ps` would give them (a pid, its name, its command line), so what
 * their arguments name (`--dev tun0`, `wg-quick up wg0`) is read by the same rules. The tree's
 * marks are systemd's (├─ └─ │ in UTF-8, |- `- | without it). A command the unit ran and that
 * ended (`Process: 812 ExecStart=/usr/bin/wg-quick up wg0 (code=exited, status=0/SUCCESS)`) is
 * that program's echo: what it made (wg-quick's `up wg0`) is read as its word. */
#include "collect/evidence/ev.h"

#include <stdio.h>
#include <string.h>

/* The text after the tree's marks and its column (a mark's UTF-8 bytes count once), or NULL
 * when the line is no tree line. */
static const char *tree_item(const char *s, size_t *col)
{
	const char *start = s;
	s = ev_skip_ws(s);
	bool mark = false;
	for (;;) {
		if (ev_starts(s, "\xe2\x94\x9c\xe2\x94\x80") ||
		    ev_starts(s, "\xe2\x94\x94\xe2\x94\x80")) {
			s += 6; /* ├─ └─ */
			mark = true;
		} else if (ev_starts(s, "\xe2\x94\x82")) { /* │ */
			s = ev_skip_ws(s + 3);
		} else if (ev_starts(s, "|-") || ev_starts(s, "`-")) {
			s += 2;
			mark = true;
		} else if (s[0] == '|' && (s[1] == ' ' || s[1] == '\t')) {
			s = ev_skip_ws(s + 1);
		} else {
			break;
		}
	}
	if (!mark || !*s)
		return NULL;
	*col = 0;
	for (const char *p = start; p < s; p++)
		*col += ((unsigned char)*p & 0xc0) != 0x80;
	return s;
}

/* A process's line of the tree ("└─1234 /usr/sbin/openvpn ..."): the text from its pid on. */
static const char *tree_entry(const char *s)
{
	size_t col;
	const char *e = tree_item(s, &col);
	return e && e[0] >= '1' && e[0] <= '9' ? e : NULL;
}

/* A unit's line of the tree ("├─user-1000.slice", "└─session-3.scope"). */
static bool tree_unit(const char *e)
{
	size_t w = strcspn(e, " ");
	return (w > 6 && memcmp(e + w - 6, ".slice", 6) == 0) ||
	       (w > 6 && memcmp(e + w - 6, ".scope", 6) == 0) ||
	       (w > 8 && memcmp(e + w - 8, ".service", 8) == 0);
}

/* "user-1000.slice" at s (a user's slice: their sessions and their own service manager): its
 * length, or 0. */
static size_t user_slice(const char *s)
{
	if (!ev_starts(s, "user-"))
		return 0;
	size_t d = strspn(s + 5, "0123456789");
	if (!d || d > 10 || !ev_starts(s + 5 + d, ".slice"))
		return 0;
	return 5 + d + 6;
}

/* "Process: 812 ExecStart=CMD (code=exited, ...)": the pid and where the command starts. */
static const char *exec_line(const char *s, int32_t *pid)
{
	s = ev_skip_ws(s);
	if (!ev_starts(s, "Process: "))
		return NULL;
	s += 9;
	size_t d = strspn(s, "0123456789");
	if (!d || d > 9 || s[d] != ' ')
		return NULL;
	long v = 0;
	for (size_t i = 0; i < d; i++)
		v = v * 10 + (s[i] - '0');
	*pid = (int32_t)v;
	s += d + 1;
	if (!ev_starts(s, "ExecStart"))
		return NULL;
	const char *eq = strchr(s, '=');
	return eq && eq - s <= 16 ? eq + 1 : NULL;
}

static int detect(const struct ev_line *l, int min)
{
	const char *s = ev_skip_ws(l->s);
	int32_t pid;
	if (ev_starts(s, "Main PID: ") || ev_starts(s, "CGroup: ") || exec_line(s, &pid))
		return 3;
	if (min > 2)
		return 0;
	size_t col;
	const char *e = tree_item(l->s, &col);
	return e && ((tree_entry(l->s) && strchr(e, ' ')) || tree_unit(e)) ? 2 : 0;
}

static void process(struct ev_ctx *c, const struct ev_line *l, const char *s, bool args)
{
	struct ev_tok t = {s, strspn(s, "0123456789")};
	uint64_t pid;
	if (!t.len || !ev_tok_u64(&t, &pid, false) || pid == 0 || pid >= INT32_MAX ||
	    s[t.len] != ' ')
		return;
	ifw_id id = ev_proc_get(c, (int32_t)pid);
	if (id == IFW_NOID)
		return;
	struct ifw_process *p = &c->m->procs.v[id];
	if (!p->origin.raw)
		ev_origin(c, l, &p->origin);
	const char *a = ev_skip_ws(s + t.len);
	size_t n = strlen(a);
	while (n && (a[n - 1] == ' ' || a[n - 1] == '\t'))
		n--;
	if (!n)
		return;
	if (!args) { /* "Main PID: 1234 (openvpn)" */
		if (a[0] == '(' && a[n - 1] == ')' && n > 2 && !p->comm)
			p->comm = ifw_model_strndup(c->m, a + 1, n - 2);
		return;
	}
	ev_proc_set_args(c, p, a, n);
	if (c->sd.slice[0] && !p->cgroup)
		p->cgroup = ifw_model_strdup(c->m, c->sd.slice);
	if (a[0] == '/' && !p->exe)
		p->exe = ifw_model_strndup(c->m, a, strcspn(a, " "));
}

/* The slice a line of the tree or the unit's "CGroup: PATH" puts the processes below it in: a
 * process in a user's slice may be that user's own (their shell, their `systemd --user`), and
 * this output names no process's user. */
static void slice_at(struct ev_ctx *c, const char *s, long col)
{
	size_t n = user_slice(s);
	if (!n)
		return;
	snprintf(c->sd.slice, sizeof(c->sd.slice), "/user.slice/%.*s", (int)n, s);
	c->sd.col = col;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	int32_t pid;
	const char *cmd = exec_line(s, &pid);
	if (cmd) {
		/* the command up to systemd's "(code=exited, ...)"; its program ran it */
		const char *end = strstr(cmd, " (code=");
		size_t n = end ? (size_t)(end - cmd) : strlen(cmd);
		char buf[512];
		if (n >= sizeof buf || ev_shown_by_log_viewer(c, l))
			return true;
		memcpy(buf, cmd, n);
		buf[n] = '\0';
		const char *prog = ev_session_prog(c, buf);
		const char *by = prog ? ifw_model_strdup(c->m, prog) : NULL;
		if (by)
			ev_echo_command(c, l, buf, by, pid);
		c->votes_linux++;
		return true;
	}
	if (ev_starts(s, "Main PID: ")) {
		c->sd.slice[0] = '\0'; /* a unit's lines: its CGroup comes next */
		process(c, l, s + 10, false);
		c->votes_linux++;
		return true;
	}
	if (ev_starts(s, "CGroup: ")) {
		c->sd.slice[0] = '\0';
		s = ev_skip_ws(s + 8);
		if (ev_starts(s, "/user.slice/"))
			slice_at(c, s + 12, -1);
		return true;
	}
	size_t col;
	const char *e = tree_item(l->s, &col);
	if (!e)
		return false;
	if (c->sd.slice[0] && c->sd.col >= 0 && (long)col <= c->sd.col)
		c->sd.slice[0] = '\0'; /* the slice's subtree ended */
	if (!tree_entry(l->s)) {
		if (!tree_unit(e))
			return false;
		slice_at(c, e, (long)col);
		return true;
	}
	process(c, l, e, true);
	return true;
}

static void begin(struct ev_ctx *c)
{
	c->sd.slice[0] = '\0';
}

const struct ev_parser ev_p_sdstatus = {
    .shape = EV_SDSTATUS,
    .name = "systemctl status",
    .detect = detect,
    .take = take,
    .begin = begin,
};
