/* psmisc's `fuser -v /dev/net/tun` (Linux): who holds the tun clone device.
 *                        USER        PID ACCESS COMMAND
 *   /dev/net/tun:        root       1234 F.... openvpn
 *                        root       5678 F.... tailscaled
 * A row under /dev/net/tun is a process holding a tun descriptor, which device not said (as
 * lsof's CHR rows: infer/rule_tun_lsof.c weighs the tie); rows of other files are read and
 * passed over. The file's name starts its first row and is kept for the rows after it. */
#include "collect/evidence/ev.h"

#include <string.h>

static bool header(const struct ev_toks *t)
{
	return t->n == 4 && ev_tok_is(&t->t[0], "USER") && ev_tok_is(&t->t[1], "PID") &&
	       ev_tok_is(&t->t[2], "ACCESS") && ev_tok_is(&t->t[3], "COMMAND");
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	if (!strstr(l->s, "ACCESS"))
		return 0;
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	return header(&t) ? 3 : 0;
}

/* The access letters psmisc prints: F (open file), f, c, e, r, m, and dots. */
static bool access_word(const struct ev_tok *t)
{
	if (!t->len || t->len > 6)
		return false;
	for (size_t i = 0; i < t->len; i++)
		if (!strchr("Ffcerm.", t->s[i]))
			return false;
	return true;
}

static void begin(struct ev_ctx *c)
{
	c->fuser_tun = false;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	if (!t.n || header(&t))
		return true;
	size_t i = 0;
	if (t.t[0].len > 1 && t.t[0].s[t.t[0].len - 1] == ':' && t.t[0].s[0] == '/') {
		c->fuser_tun = t.t[0].len == 13 && strncmp(t.t[0].s, "/dev/net/tun:", 13) == 0;
		i = 1;
	}
	/* USER PID ACCESS COMMAND; "kernel mount /" rows have no pid */
	if (t.n - i != 4 || !ev_tok_digits(&t.t[i + 1]) || !access_word(&t.t[i + 2]))
		return t.n - i == 3 && ev_tok_is(&t.t[i], "kernel");
	if (!c->fuser_tun || ev_shown_by_log_viewer(c, l))
		return true;
	uint64_t v;
	if (!ev_tok_u64(&t.t[i + 1], &v, false) || v == 0 || v >= INT32_MAX)
		return true;
	ifw_id p = ev_proc_get(c, (int32_t)v);
	if (p == IFW_NOID)
		return true;
	struct ifw_process *pr = &c->m->procs.v[p];
	if (!pr->comm)
		pr->comm = ev_tok_dup(c, &t.t[i + 3]);
	if (!pr->user)
		pr->user = ev_tok_dup(c, &t.t[i]);
	if (!pr->origin.src)
		ev_origin(c, l, &pr->origin);
	ev_unnamed_tun(c, l, p, -1); /* fuser names no descriptor */
	return true;
}

const struct ev_parser ev_p_fuser = {
    .shape = EV_FUSER,
    .name = "fuser -v",
    .detect = detect,
    .take = take,
    .begin = begin,
};
