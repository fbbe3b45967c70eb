/* /proc/PID/fdinfo/FD of a /dev/net/tun descriptor: its "iff:" line names the interface the
 * process holds. Pasted as `cat /proc/812/fdinfo/6` (the pid from the prompt), as
 * grep -H over every fdinfo file ("/proc/812/fdinfo/6:iff:\ttun0"), or with
 * the headers of head ("==> /proc/812/fdinfo/6 <=="). The name is only the device's name: a
 * process in another namespace may hold a tun0 of its own. The holder's namespace, as `ls -l
 * /proc/812/ns/net` shows it ("/proc/812/ns/net -> net:[4026532383]", which ifwho-collect writes
 * after the "iff:" lines), tells whether it is the tun0 of the namespace collected (finish.c). */
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

bool ev_netns_inode(const char *text, uint64_t *inode)
{
	const char *p = ev_skip_ws(text);
	if (!ev_starts(p, "net:["))
		return false;
	struct ev_tok t = {p + 5, 0};
	while (t.s[t.len] >= '0' && t.s[t.len] <= '9')
		t.len++;
	uint64_t v;
	if (t.s[t.len] != ']' || !ev_tok_u64(&t, &v, false) || v == 0)
		return false;
	*inode = v;
	return true;
}

/* "/proc/812/ns/net -> net:[4026532383]", alone or at the end of an `ls -l` line: the pid and
 * the namespace's inode; false for anything else. */
static bool ns_link(const char *s, int32_t *pid, uint64_t *inode)
{
	const char *p = strstr(s, "/proc/");
	if (!p)
		return false;
	struct ev_tok t = {p + 6, 0};
	while (t.s[t.len] >= '0' && t.s[t.len] <= '9')
		t.len++;
	uint64_t v;
	if (!ev_starts(t.s + t.len, "/ns/net -> ") || !ev_tok_u64(&t, &v, false) || v == 0 ||
	    v >= INT32_MAX)
		return false;
	const char *target = t.s + t.len + 11;
	if (!ev_netns_inode(target, inode) || *ev_skip_ws(strchr(target, ']') + 1))
		return false;
	*pid = (int32_t)v;
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
	int32_t pid;
	uint64_t ino;
	if (ns_link(s, &pid, &ino))
		return 2;
	return ev_starts(s, "iff:") ? 2 : 0;
}

static void iff(struct ev_ctx *c, const char *s, const struct ev_line *l)
{
	struct ev_toks t;
	ev_tokenize(s + 4, &t);
	if (t.n != 1 || c->fd_pid <= 0)
		return;
	if (t.t[0].len > 64)
		return;
	/* The interface is made or found at the end, once the holder's namespace is known. */
	const char *name = ifw_model_strndup(c->m, t.t[0].s, t.t[0].len);
	size_t before = c->refs.n;
	ev_ref_add(c, EV_REF_TUNPID, IFW_NOID, name, c->fd_pid, l);
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
	int32_t pid;
	uint64_t ino;
	if (ns_link(s, &pid, &ino)) {
		ifw_id p = ev_proc_get(c, pid);
		if (p != IFW_NOID)
			c->m->procs.v[p].netns_inode = ino;
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
    /* a container's or any user's text (`docker logs`) holding an "iff:" line made root's tun0
     * held by a pid, certain: fdinfo is the kernel's, shown at the host's prompt */
    .not_in_logs = true,
};
