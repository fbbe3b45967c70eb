/* `ps axo pid,ppid,user,comm,args`, `ps aux`, `ps -ef` and the like: the header line names the
 * columns; the command columns come last and may hold spaces. macOS prints the executable's
 * full path as comm. */
#include "collect/evidence/ev.h"

#include <string.h>

enum { COL_NONE = -1 };

static bool cmd_col(const struct ev_tok *t)
{
	return ev_tok_is(t, "COMMAND") || ev_tok_is(t, "COMM") || ev_tok_is(t, "CMD") ||
	       ev_tok_is(t, "ARGS") || ev_tok_is(t, "UCOMM");
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	struct ev_toks t;
	const char *s = ev_skip_ws(l->s);
	if (!ev_starts(s, "PID") && !ev_starts(s, "USER") && !ev_starts(s, "UID"))
		return 0;
	ev_tokenize(s, &t);
	bool pid = false, cmd = false, other = false;
	for (size_t i = 0; i < t.n; i++) {
		pid |= ev_tok_is(&t.t[i], "PID");
		cmd |= cmd_col(&t.t[i]);
		/* sockstat, lsof and fuser -v headers name PID and COMMAND too */
		other |= ev_tok_is(&t.t[i], "PROTO") || ev_tok_is(&t.t[i], "FD") ||
		         ev_tok_is(&t.t[i], "ACCESS");
	}
	return pid && cmd && !other ? 3 : 0;
}

static void header(struct ev_ctx *c, const struct ev_toks *t)
{
	c->col_pid = c->col_ppid = c->col_user = c->col_cmd = c->col_args = COL_NONE;
	for (size_t i = 0; i < t->n; i++) {
		const struct ev_tok *k = &t->t[i];
		if (ev_tok_is(k, "PID"))
			c->col_pid = (int)i;
		else if (ev_tok_is(k, "PPID"))
			c->col_ppid = (int)i;
		else if (ev_tok_is(k, "USER") || ev_tok_is(k, "UID") || ev_tok_is(k, "RUSER"))
			c->col_user = (int)i;
		else if (cmd_col(k)) {
			if (c->col_cmd == COL_NONE)
				c->col_cmd = (int)i;
			else
				c->col_args = (int)i;
		}
	}
	/* One command column (COMMAND of ps aux, CMD of ps -ef) holds the arguments. */
	if (c->col_cmd != COL_NONE && c->col_args == COL_NONE &&
	    !ev_tok_is(&t->t[c->col_cmd], "COMM") && !ev_tok_is(&t->t[c->col_cmd], "UCOMM")) {
		c->col_args = c->col_cmd;
		c->col_cmd = COL_NONE;
	}
	/* The command columns come last (they hold spaces); a layout with numbers after them is
	 * not read. */
	int first = c->col_cmd != COL_NONE ? c->col_cmd : c->col_args;
	if (c->col_pid > first || c->col_ppid > first || c->col_user > first)
		c->col_pid = COL_NONE;
}

static const char *base(const char *s, size_t len, size_t *blen)
{
	const char *b = s;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '/' && i + 1 < len)
			b = s + i + 1;
	*blen = len - (size_t)(b - s);
	return b;
}

/* "COMM ARGS" where COMM may hold spaces: the split after which the arguments start with the
 * command (or its base name); else at the first space. */
static size_t split_comm(const char *s, size_t len)
{
	size_t first = 0;
	for (size_t i = 1; i < len; i++) {
		if (s[i] != ' ' || s[i - 1] == ' ')
			continue;
		if (!first)
			first = i;
		size_t clen = i;
		const char *a = ev_skip_ws(s + i);
		size_t alen = len - (size_t)(a - s);
		size_t blen;
		const char *b = base(s, clen, &blen);
		if ((alen >= clen && memcmp(a, s, clen) == 0) ||
		    (alen >= blen && memcmp(a, b, blen) == 0))
			return i;
	}
	return first ? first : len;
}

void ev_proc_set_args(struct ev_ctx *c, struct ifw_process *p, const char *a, size_t alen)
{
	if (!alen)
		return;
	if (a[0] == '[' && a[alen - 1] == ']') { /* a Linux kernel thread: no command line */
		if (!p->comm)
			p->comm = ifw_model_strndup(c->m, a + 1, alen - 2);
		return;
	}
	p->cmdline = ifw_model_strndup(c->m, a, alen > EV_MAX_CMDLINE ? EV_MAX_CMDLINE : alen);
	if (!p->comm) { /* the first word's base name, without a login shell's "-" */
		size_t w = 0;
		while (w < alen && a[w] != ' ')
			w++;
		size_t blen;
		const char *b = base(a, w, &blen);
		if (blen && b[0] == '-') {
			b++;
			blen--;
		}
		if (blen && b[blen - 1] == ':')
			blen--;
		if (blen)
			p->comm = ifw_model_strndup(c->m, b, blen);
	}
}

static void set_comm(struct ev_ctx *c, struct ifw_process *p, const char *s, size_t len)
{
	if (!len)
		return;
	size_t blen;
	const char *b = base(s, len, &blen);
	if (s[0] == '/') /* macOS prints the executable's path */
		p->exe = ifw_model_strndup(c->m, s, len);
	p->comm = ifw_model_strndup(c->m, b, blen);
}

static bool row(struct ev_ctx *c, struct ev_line *l)
{
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	int first_cmd = c->col_cmd != COL_NONE ? c->col_cmd : c->col_args;
	if (c->col_pid < 0 || first_cmd < 0 || (int)t.n <= first_cmd)
		return false;
	uint64_t pid, v;
	if (!ev_tok_u64(&t.t[c->col_pid], &pid, false) || pid == 0 || pid >= INT32_MAX)
		return false;
	ifw_id id = ev_proc_get(c, (int32_t)pid);
	if (id == IFW_NOID)
		return true;
	struct ifw_process *p = &c->m->procs.v[id];
	ev_origin(c, l, &p->origin);
	if (c->col_ppid >= 0 && ev_tok_u64(&t.t[c->col_ppid], &v, false) && v < INT32_MAX)
		p->ppid = (int32_t)v;
	if (c->col_user >= 0) {
		const struct ev_tok *u = &t.t[c->col_user];
		if (ev_tok_u64(u, &v, false) && v <= UINT32_MAX) {
			p->uid = (uint32_t)v;
			p->has_uid = true;
		} else {
			p->user = ev_tok_dup(c, u);
		}
	}
	/* ps output decides the name: lsof's may be cut short. */
	p->comm = NULL;
	const char *rest = t.t[first_cmd].s;
	size_t rlen = l->len - (size_t)(rest - l->s);
	while (rlen && (rest[rlen - 1] == ' ' || rest[rlen - 1] == '\t'))
		rlen--;
	if (c->col_cmd != COL_NONE && c->col_args != COL_NONE) {
		size_t cut = split_comm(rest, rlen);
		set_comm(c, p, rest, cut);
		const char *a = ev_skip_ws(rest + cut);
		ev_proc_set_args(c, p, a, rlen - (size_t)(a - rest));
	} else if (c->col_cmd != COL_NONE) {
		set_comm(c, p, rest, rlen);
	} else {
		ev_proc_set_args(c, p, rest, rlen);
	}
	return true;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	if (!*ev_skip_ws(l->s))
		return true;
	if (detect(l, 3)) {
		struct ev_toks t;
		ev_tokenize(l->s, &t);
		header(c, &t);
		return true;
	}
	return row(c, l);
}

/* Without a header (output cut by grep), the command line of the section says the columns. */
static void begin(struct ev_ctx *c)
{
	c->col_pid = c->col_ppid = c->col_user = c->col_cmd = c->col_args = COL_NONE;
	const char *cmd = c->cmd ? c->cmd : "";
	char hdr[256] = "";
	const char *o = strstr(cmd, "o ");
	if (o && (o == cmd || o[-1] == 'x' || o[-1] == '-' || o[-1] == 'a')) {
		size_t n = 0;
		for (const char *p = ev_skip_ws(o + 2); *p && *p != ' ' && n + 8 < sizeof(hdr);
		     p++) {
			char ch = *p == ',' ? ' ' : *p;
			hdr[n++] = (char)(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
		}
		hdr[n] = '\0';
		/* ps -o "command" and "args" are both the arguments */
		char *cm = strstr(hdr, "COMMAND");
		if (cm && (cm[7] == '\0' || cm[7] == ' '))
			memcpy(cm, "ARGS   ", 7);
	} else if (strstr(cmd, "aux")) {
		strcpy(hdr, "USER PID %CPU %MEM VSZ RSS TT STAT STARTED TIME COMMAND");
	} else if (strstr(cmd, "-ef")) {
		strcpy(hdr, "UID PID PPID C STIME TTY TIME CMD");
	}
	struct ev_line l = {.s = hdr, .len = strlen(hdr)};
	if (hdr[0] && detect(&l, 3)) {
		struct ev_toks t;
		ev_tokenize(hdr, &t);
		header(c, &t);
	}
}

const struct ev_parser ev_p_ps = {
    .shape = EV_PS,
    .name = "ps",
    .detect = detect,
    .take = take,
    .begin = begin,
    .rows_hold = true,
};
