/* The BSDs' and macOS's name-only listings: `ifconfig -l` (every interface on one line) and
 * `ifconfig -g GROUP` (a group's members, one a line):
 *   $ ifconfig -l
 *   vtnet0 lo0 vpn_client0 vpn_client1
 *   $ ifconfig -g softether
 *   vpn_client0
 * Read only after such a command (the lines have no shape of their own): each name is an
 * interface, and the group's members are in the group (what `groups:` would say). */
#include "collect/evidence/ev.h"

#include <string.h>

static int detect(const struct ev_line *l, int min)
{
	(void)l;
	(void)min;
	return 0; /* only by the command's name */
}

/* The group a `ifconfig -g GROUP` command names, or NULL. */
static const char *group_of(struct ev_ctx *c, size_t *n)
{
	const char *g = c->cmd ? strstr(c->cmd, " -g ") : NULL;
	if (!g)
		return NULL;
	g = ev_skip_ws(g + 4);
	*n = strcspn(g, " \t");
	return *n && *n < 64 ? g : NULL;
}

/* The name at s (after blanks), or one of length 0 at the line's end. */
static struct ev_tok next_name(const char *s)
{
	s = ev_skip_ws(s);
	struct ev_tok t = {s, strcspn(s, " \t\r\n\f\v")};
	return t;
}

/* The names are walked here, not tokenized: `ifconfig -l` of a host with more interfaces than
 * a tokenized line holds (EV_MAX_TOKENS) lost the others. */
static bool take(struct ev_ctx *c, struct ev_line *l)
{
	/* the command's output only: after a blank line a person's sentence ("tap0 is my
	 * openvpn server.") is words of any shape */
	if (!l->session && !l->fenced)
		return false;
	struct ev_tok t;
	for (t = next_name(l->s); t.len; t = next_name(t.s + t.len))
		if (!ev_ifname_ok(t.s, t.len) || t.s[t.len - 1] == '.')
			return false;
	size_t gn = 0;
	const char *g = group_of(c, &gn);
	for (t = next_name(l->s); t.len; t = next_name(t.s + t.len)) {
		struct ifw_iface *f = ev_iface_seen(c, l, t.s, t.len, NULL);
		if (f && g && !f->groups)
			f->groups = ifw_model_strndup(c->m, g, gn);
	}
	return true;
}

const struct ev_parser ev_p_iflist = {
    .shape = EV_IFLIST,
    .name = "ifconfig -l, ifconfig -g",
    .detect = detect,
    .take = take,
};
