/* `sw_vers`: "ProductName:	macOS" / "ProductVersion:	14.5" / "BuildVersion:	23F79". */
#include "collect/evidence/ev.h"

#include <string.h>

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	if (ev_starts(l->s, "ProductName:"))
		return 3;
	return ev_starts(l->s, "ProductVersion:") || ev_starts(l->s, "BuildVersion:") ? 2 : 0;
}

static const char *value(const char *s)
{
	return ev_skip_ws(strchr(s, ':') + 1);
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	if (!*ev_skip_ws(l->s))
		return true;
	if (ev_starts(l->s, "ProductName:")) {
		const char *v = value(l->s);
		if (strstr(v, "Mac") || strstr(v, "iPhone") || strstr(v, "iOS"))
			c->os_explicit = "darwin";
		if (!c->m->os_version)
			c->m->os_version =
			    ifw_model_strndup(c->m, v, strlen(v) > 64 ? 64 : strlen(v));
		return true;
	}
	if (ev_starts(l->s, "ProductVersion:") || ev_starts(l->s, "BuildVersion:")) {
		const char *v = value(l->s);
		bool build = l->s[0] == 'B';
		const char *prev = c->m->os_version ? c->m->os_version : "macOS";
		c->m->os_version =
		    ifw_arena_printf(&c->m->arena, build ? "%s (%.32s)" : "%s %.32s", prev, v);
		c->os_explicit = "darwin";
		return true;
	}
	return ev_starts(l->s, "ProductVersionExtra:");
}

const struct ev_parser ev_p_swvers = {
    .shape = EV_SWVERS,
    .name = "sw_vers",
    .detect = detect,
    .take = take,
};
