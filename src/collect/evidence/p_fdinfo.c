/* /proc/PID/fdinfo/FD of a /dev/net/tun descriptor: its "iff:" line names the interface the
 * process holds. Pasted as `cat /proc/812/fdinfo/6` (the pid from the prompt), as
 * grep -H over every fdinfo file ("/proc/812/fdinfo/6:iff:\ttun0"), or with
 * the headers of head ("==> /proc/812/fdinfo/6 <=="). */
#include "collect/evidence/ev.h"

#include <string.h>

bool ev_fdinfo_path(struct ev_ctx *c, const char *text)
{
	const char *p = strstr(text, "/proc/");
	if (!p)
		return false;
	struct ev_tok pid = {p + 6, 0}, fd = {NULL, 0};
	while (pid.s[pid.len] >= '0' && pid.s[pid.len] <= '9')
		pid.len++;
	if (!ev_starts(pid.s + pid.len, "/fdinfo/"))
		return false;
	fd.s = pid.s + pid.len + 8;
	while (fd.s[fd.len] >= '0' && fd.s[fd.len] <= '9')
		fd.len++;
	uint64_t a, b;
	if (!ev_tok_u64(&pid, &a, false) || a == 0 || a >= INT32_MAX)
		return false;
	c->fd_pid = (int32_t)a;
	c->fd_fd = ev_tok_u64(&fd, &b, false) && b < INT32_MAX ? (int32_t)b : -1;
	return true;
}

static int detect(const struct ev_line *l, int min)
{
	const char *s = ev_skip_ws(l->s);
	if (ev_starts(s, "==> /proc/") && strstr(s, "/fdinfo/"))
		return 3;
	if (min > 2)
		return 0;
	if (ev_starts(s, "/proc/") && strstr(s, "/fdinfo/") && strstr(s, "iff:"))
		return 2;
	return ev_starts(s, "iff:") ? 2 : 0;
}

static void iff(struct ev_ctx *c, const char *s, const struct ev_line *l)
{
	struct ev_toks t;
	ev_tokenize(s + 4, &t);
	if (t.n != 1 || c->fd_pid <= 0)
		return;
	ifw_id id = ev_iface_get(c, c->ns, t.t[0].s, t.t[0].len, NULL);
	if (id == IFW_NOID)
		return;
	struct ifw_iface *f = &c->m->ifaces.v[id];
	if (!f->kind)
		f->kind = "tun"; /* only a tun/tap descriptor has "iff:" */
	if (!f->origin.raw)
		ev_origin(c, l, &f->origin);
	size_t before = c->refs.n;
	ev_ref_add(c, EV_REF_TUNPID, id, "", c->fd_pid, l);
	if (c->refs.n > before)
		c->refs.v[before].fd = c->fd_fd;
	c->votes_linux++;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (!*s)
		return true;
	if (ev_starts(s, "==> /proc/") || ev_starts(s, "== /proc/")) {
		if (!ev_fdinfo_path(c, s))
			c->fd_pid = c->fd_fd = -1;
		return true;
	}
	if (ev_starts(s, "/proc/")) { /* grep -H: "/proc/812/fdinfo/6:iff:\ttun0" */
		const char *colon = strstr(s, "/fdinfo/");
		colon = colon ? strchr(colon, ':') : NULL;
		if (!colon || !ev_fdinfo_path(c, s))
			return false;
		s = ev_skip_ws(colon + 1);
	}
	if (ev_starts(s, "iff:")) {
		iff(c, s, l);
		return true;
	}
	/* the other fields of an fdinfo file */
	static const char *const fields[] = {
	    "pos:",     "flags:",  "mnt_id:",  "ino:",       "scm_fds:", "tfd:",
	    "eventfd-", "lock:",   "sigmask:", "inotify",    "fanotify", "clockid:",
	    "ticks:",   "settime", "it_value", "it_interval"};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (ev_starts(s, fields[i]))
			return true;
	return false;
}

const struct ev_parser ev_p_fdinfo = {
    .shape = EV_FDINFO,
    .name = "fdinfo",
    .detect = detect,
    .take = take,
};
