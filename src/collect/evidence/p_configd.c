/* macOS's and iOS's configd logs every change of the primary network state, naming each
 * interface with its address:
 *   Nov 21 09:32:33 illin configd[26]: network changed: v4(en6:192.168.42.89)
 *     v6(utun0+:fe80::5b37:924c:5a8c:49bd) DNS* Proxy SMB
 *   Jul 11 17:38:39 iPhone-4 configd[30] <Notice>: network changed: v4(utun0+:192.169.89.1, en0)
 * (https://github.com/jwise/HoRNDIS/issues/29). A mark after the name says what changed: '+'
 * added, '-' removed, '!' changed. Each interface exists (a removed one did until then) and,
 * unless removed, has that address. configd's keys name interfaces too, in its logs and in
 * `scutil` sessions:
 *   configd[35]:   0 : State:/Network/Interface/en0/AirPort
 * the interface exists; an AirPort entity is published only for the Wi-Fi interface. */
#include "collect/evidence/ev.h"

#include <string.h>
#include <sys/socket.h>

#define CHANGED "network changed: "

#define IFKEY "/Network/Interface/"

/* "State:/Network/Interface/en0/AirPort": the name's start and length, *entity after it. */
static size_t key_iface(const char *s, const char **name, const char **entity)
{
	const char *k = strstr(s, IFKEY);
	if (!k || k - s < 6 ||
	    (strncmp(k - 6, "State:", 6) != 0 && strncmp(k - 6, "Setup:", 6) != 0))
		return 0;
	*name = k + strlen(IFKEY);
	size_t n = strcspn(*name, "/ \t\"'");
	*entity = (*name)[n] == '/' ? *name + n + 1 : "";
	return n;
}

static int detect(const struct ev_line *l, int min)
{
	if (min > 2)
		return 0;
	const char *p = strstr(l->s, CHANGED);
	const char *nm, *ent;
	return (p && (strstr(p, "v4(") || strstr(p, "v6("))) || key_iface(l->s, &nm, &ent) ? 2 : 0;
}

/* One "NAME[+-!][:ADDR]" item of a v4(...) or v6(...) list. */
static void item(struct ev_ctx *c, struct ev_line *l, const char *s, size_t len, int family)
{
	const char *colon = memchr(s, ':', len);
	size_t n = colon ? (size_t)(colon - s) : len;
	char mark = n && strchr("+-!", s[n - 1]) ? s[n - 1] : 0;
	if (mark)
		n--;
	ifw_id id;
	if (!ev_ifname_ok(s, n) || !ev_iface_seen(c, l, s, n, &id) || !colon || mark == '-')
		return;
	const char *a = colon + 1;
	size_t an = (size_t)(s + len - a);
	struct ifw_ip ip;
	if (!ev_parse_ip(a, an, &ip) || ip.family != family)
		return;
	struct ifw_addr *ad = ev_addr_add(c, id, &ip, family == AF_INET ? 32 : 128);
	if (ad)
		ev_origin(c, l, &ad->origin);
}

static void list(struct ev_ctx *c, struct ev_line *l, const char *p, const char *tag, int family)
{
	const char *b = strstr(p, tag);
	if (!b)
		return;
	b += strlen(tag);
	const char *e = strchr(b, ')');
	if (!e)
		return;
	while (b < e) {
		while (b < e && (*b == ' ' || *b == ','))
			b++;
		const char *x = b;
		while (x < e && *x != ',')
			x++;
		size_t len = (size_t)(x - b);
		while (len && b[len - 1] == ' ')
			len--;
		if (len)
			item(c, l, b, len, family);
		b = x;
	}
}

/* macOS's Wi-Fi card is an enN: an AirPort key on a utun or a bridge (a hostile paste's, as
 * configd publishes none there) does not make it the Wi-Fi card. */
static bool wifi_name(const char *s, size_t n)
{
	if (n < 3 || n > 5 || strncmp(s, "en", 2) != 0)
		return false;
	for (size_t i = 2; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* Whether the key (at key, its "State:" or "Setup:") is configd's own word: its log line, the
 * syslog tag "configd[N]:" (the iPhone's "configd[30] <Notice>:") right after the stamp and the
 * host, or the key alone on its line (a person's copy of it). Any user's log line quoting the
 * key ("host alice[42]: configd[35]: 0 : State:/Network/Interface/en5/AirPort", `logger`'s)
 * made root's en5 "the Wi-Fi card", likely; a log viewer's text is a container's. */
static bool configd_says(const struct ev_ctx *c, const struct ev_line *l, const char *key)
{
	if (ev_shown_by_log_viewer(c, l))
		return false;
	const char *s = ev_skip_ws(l->s);
	if (s == key)
		return true;
	const char *t = strstr(s, "configd[");
	if (!t || t > key || t == s || t[-1] != ' ')
		return false;
	const char *d = t + 8 + strspn(t + 8, "0123456789");
	if (d == t + 8 || *d != ']' || (d[1] != ':' && !ev_starts(d + 1, " <")))
		return false;
	/* before the tag: the stamp, the rest of its time, one word (the host) */
	size_t st = ev_log_stamp(s);
	if (!st || s + st > t)
		return false;
	const char *p = s + st;
	p += strspn(p, " 0123456789:.,+-TZ");
	p += strcspn(p, " ");
	return p < t && strspn(p, " ") == (size_t)(t - p);
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *nm, *ent;
	size_t kn = key_iface(l->s, &nm, &ent);
	if (kn) {
		struct ifw_iface *f =
		    ev_ifname_ok(nm, kn) ? ev_iface_seen(c, l, nm, kn, NULL) : NULL;
		if (f && !f->hw_port && strncmp(ent, "AirPort", 7) == 0 && wifi_name(nm, kn) &&
		    configd_says(c, l, nm - strlen(IFKEY) - 6))
			f->hw_port = "AirPort";
		c->votes_darwin++;
		return true;
	}
	const char *p = strstr(l->s, CHANGED);
	if (!p)
		return false;
	p += strlen(CHANGED);
	list(c, l, p, "v4(", AF_INET);
	list(c, l, p, "v6(", AF_INET6);
	c->votes_darwin++;
	return true;
}

const struct ev_parser ev_p_configd = {
    .shape = EV_CONFIGD,
    .name = "configd network changes",
    .detect = detect,
    .take = take,
};
