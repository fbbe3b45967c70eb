/* `uname -a`: "Darwin host.local 23.5.0 Darwin Kernel Version ...", "Linux host 6.1.0-18-amd64
 * #1 SMP ...", "FreeBSD host 14.0-RELEASE ...": the system, host name and kernel release. */
#include "collect/evidence/ev.h"

#include <string.h>

static const struct {
	const char *sysname, *os;
} systems[] = {
    {"Darwin", "darwin"},   {"Linux", "linux"},   {"FreeBSD", "freebsd"},
    {"OpenBSD", "openbsd"}, {"NetBSD", "netbsd"}, {"DragonFly", "dragonfly"},
};

static int sysname(const struct ev_tok *t)
{
	for (size_t i = 0; i < sizeof(systems) / sizeof(systems[0]); i++)
		if (ev_tok_is(t, systems[i].sysname))
			return (int)i;
	return -1;
}

static int detect(const struct ev_line *l, int min)
{
	struct ev_toks t;
	if (min > 2 || l->s[0] < 'A' || l->s[0] > 'Z')
		return 0;
	ev_tokenize(l->s, &t);
	return t.n >= 3 && sysname(&t.t[0]) >= 0 && t.t[2].s[0] >= '0' && t.t[2].s[0] <= '9' ? 2
	                                                                                     : 0;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	if (!*ev_skip_ws(l->s))
		return true;
	if (!detect(l, 2))
		return false;
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	int i = sysname(&t.t[0]);
	c->os_explicit = systems[i].os;
	if (!c->m->hostname && t.t[1].len < 256)
		c->m->hostname = ev_tok_dup(c, &t.t[1]);
	if (!c->m->kernel)
		c->m->kernel = ifw_arena_printf(&c->m->arena, "%s %.*s", systems[i].sysname,
		                                (int)(t.t[2].len > 64 ? 64 : t.t[2].len), t.t[2].s);
	return true;
}

const struct ev_parser ev_p_uname = {
    .shape = EV_UNAME,
    .name = "uname",
    .detect = detect,
    .take = take,
};
