/* An interface listing whose blocks the poster cut to their names:
 *   acrbr0: ...
 *   lo: ...
 *   veth_android: ...
 * Each line still says the interface exists (nothing else). A name needs a digit, a '_' or a
 * '-', or to be a loopback's: "Note: ..." is a sentence cut short. */
#include "collect/evidence/ev.h"

#include <string.h>

static size_t name_of(const char *s)
{
	size_t n = strcspn(s, ": \t");
	if (!n || s[n] != ':' || !ev_ifname_ok(s, n))
		return 0;
	const char *rest = ev_skip_ws(s + n + 1);
	size_t r = strlen(rest);
	while (r && (rest[r - 1] == ' ' || rest[r - 1] == '\t'))
		r--;
	bool elided = (r == 3 && memcmp(rest, "...", 3) == 0) ||
	              (r == 3 && memcmp(rest, "\xe2\x80\xa6", 3) == 0);
	if (!elided)
		return 0;
	bool named = (n == 2 && memcmp(s, "lo", 2) == 0) || (n == 3 && memcmp(s, "lo0", 3) == 0);
	for (size_t i = 0; i < n && !named; i++)
		named = (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-';
	return named ? n : 0;
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	return name_of(l->s) ? 2 : 0;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	size_t n = name_of(l->s);
	if (!n)
		return false;
	ev_iface_seen(c, l, l->s, n, NULL);
	return true;
}

const struct ev_parser ev_p_elided = {
    .shape = EV_ELIDED,
    .name = "interface blocks cut to their names",
    .detect = detect,
    .take = take,
    .not_in_logs = true,
};
