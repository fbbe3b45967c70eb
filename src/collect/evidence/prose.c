/* What a person's own sentences say made an interface, as forum posts explain their pastes:
 *   "tap0 is my openvpn server"
 *   "cbsd creates tap1 and bridges it with igb0"
 *   "utun3 was created by Tailscale"
 * The sentence's words are kept with the interface (a creation "said", rule_logcreate): the
 * rule takes the first word the knowledge files as a program, and claims no more than
 * "possible" (people guess too). Only a line of prose the person wrote (no program's output,
 * no log viewer's), and a name with a digit or one a listing showed. */
#include "collect/evidence/ev.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#define MAX_SAID 64 /* sentences kept per evidence: a long post names few interfaces */

struct word {
	const char *s;
	size_t n;
	bool last; /* the clause ends with it ("server.", "lagg0,") */
};

/* The words of the line, punctuation around them dropped ("(tap0)," -> "tap0"). */
static size_t words_of(const char *s, struct word *w, size_t max)
{
	size_t n = 0;
	while (*s && n < max) {
		while (*s && isspace((unsigned char)*s))
			s++;
		const char *b = s;
		while (*s && !isspace((unsigned char)*s))
			s++;
		const char *e = s;
		while (b < e && strchr("(\"'`*[<", *b))
			b++;
		bool last = s > b && strchr(",.;:!?", s[-1]);
		while (e > b && strchr(")\"'`*,.;:!?]>", e[-1]))
			e--;
		if (e > b)
			w[n++] = (struct word){b, (size_t)(e - b), last};
	}
	return n;
}

static bool is(const struct word *w, const char *x)
{
	return strlen(x) == w->n && strncasecmp(w->s, x, w->n) == 0;
}

static bool any(const struct word *w, const char *const *v)
{
	for (; *v; v++)
		if (is(w, *v))
			return true;
	return false;
}

/* An interface's name: one with a digit, or one the evidence already lists. */
static bool ifname(struct ev_ctx *c, const struct word *w)
{
	if (!ev_ifname_ok(w->s, w->n) || !isalpha((unsigned char)w->s[0]))
		return false;
	for (size_t i = 0; i < w->n; i++)
		if (isdigit((unsigned char)w->s[i]))
			return true;
	char name[16];
	memcpy(name, w->s, w->n);
	name[w->n] = '\0';
	return ev_iface_find(c, c->ns, name) != IFW_NOID;
}

static bool already_told(struct ev_ctx *c, const struct word *w)
{
	for (size_t i = 0; i < c->m->logcreates.n; i++) {
		const char *n = c->m->logcreates.v[i].ifname;
		if (n && strlen(n) == w->n && memcmp(n, w->s, w->n) == 0)
			return true;
	}
	return false;
}

/* The words from a to b (both in the line), at most 100 bytes. */
static char *quote(struct ev_ctx *c, const struct word *a, const struct word *b)
{
	const char *s = a->s < b->s ? a->s : b->s;
	const char *e = a->s < b->s ? b->s + b->n : a->s + a->n;
	size_t n = (size_t)(e - s);
	return ifw_model_strndup(c->m, s, n > 100 ? 100 : n);
}

static void said(struct ev_ctx *c, const struct ev_line *l, const struct word *name,
                 const struct word *from, size_t nw)
{
	for (size_t i = 0; i + 1 < nw; i++) /* the clause's words only */
		if (from[i].last)
			nw = i + 1;
	if (c->prose_said >= MAX_SAID || already_told(c, name))
		return;
	char buf[128];
	size_t k = 0;
	for (size_t i = 0; i < nw && k + from[i].n + 2 < sizeof(buf); i++) {
		if (k)
			buf[k++] = ' ';
		memcpy(buf + k, from[i].s, from[i].n);
		k += from[i].n;
	}
	buf[k] = '\0';
	if (!k)
		return;
	struct ifw_logcreate *lc = ev_logcreate_add(c, l, name->s, name->n, NULL, -1, NULL);
	if (!lc)
		return;
	c->prose_said++;
	lc->said = ifw_model_strdup(c->m, buf);
	lc->said_quote = quote(c, name, &from[nw - 1]);
}

/* Interface-shaped words of the sentence ("utun4", "**wg1**", "`enp3s0`"): a letter first, a
 * digit in it, at most 15 bytes; kept for the inference, which adopts those its knowledge
 * knows as a system's names (a person may write of one the paste does not list). */
static void mentions(struct ev_ctx *c, const struct ev_line *l, const struct word *w, size_t n)
{
	/* a log line no reader took is a program's (or a `logger` user's) words, not the
	 * person's */
	if (ev_log_stamp(ev_skip_ws(l->s)))
		return;
	for (size_t i = 0; i < n && c->m->mentioned.n < IFW_MAX_MENTIONS; i++) {
		if (w[i].n < 2 || w[i].n > 15 || !isalpha((unsigned char)w[i].s[0]) ||
		    !ev_ifname_ok(w[i].s, w[i].n) || w[i].s[w[i].n - 1] == '.')
			continue;
		bool digit = false;
		for (size_t k = 0; k < w[i].n; k++)
			digit = digit || isdigit((unsigned char)w[i].s[k]);
		if (!digit)
			continue;
		bool seen = false;
		for (size_t k = 0; k < c->m->mentioned.n && !seen; k++) {
			const char *o = c->m->mentioned.v[k].name;
			seen = strlen(o) == w[i].n && memcmp(o, w[i].s, w[i].n) == 0;
		}
		if (seen)
			continue;
		struct ifw_mention *me = ifw_vec_push(&c->m->mentioned);
		if (!me)
			return;
		me->name = ifw_model_strndup(c->m, w[i].s, w[i].n);
		ev_origin(c, l, &me->origin);
	}
}

/* The systems a sentence names: a word each, case as the makers write them ("Mac", not a
 * "MAC" address). */
static void systems(struct ev_ctx *c, const struct word *w, size_t n)
{
	static const char *const darwin[] = {"macOS",  "MacOS",   "OSX",     "Mac",      "MacBook",
	                                     "iMac",   "Sonoma",  "Ventura", "Monterey", "Catalina",
	                                     "Mojave", "Sequoia", "iOS",     NULL};
	static const char *const linux_[] = {"Linux",   "linux",   "Ubuntu",  "Debian",
	                                     "Fedora",  "CentOS",  "RHEL",    "Raspbian",
	                                     "OpenWrt", "OpenWRT", "systemd", NULL};
	static const char *const freebsd[] = {"FreeBSD", "pfSense", "OPNsense", "FreeNAS", NULL};
	static const char *const openbsd[] = {"OpenBSD", NULL};
	const char *const *const words[] = {darwin, linux_, freebsd, openbsd};
	unsigned *const votes[] = {&c->said_darwin, &c->said_linux, &c->said_freebsd,
	                           &c->said_openbsd};
	for (size_t s = 0; s < sizeof(words) / sizeof(words[0]); s++) {
		bool named = false;
		for (size_t i = 0; i < n && !named; i++)
			for (const char *const *v = words[s]; *v && !named; v++)
				named = strlen(*v) == w[i].n && memcmp(w[i].s, *v, w[i].n) == 0;
		*votes[s] += named;
	}
}

/* A line of a person's list of interfaces ("• en8: iPhone USB", "- utun3: ?", "2. wg0: my
 * VPN"): a bullet, a name with a digit, a colon and their label. The name is mentioned
 * whatever the label; the label is kept, their words. */
void ev_label_scan(struct ev_ctx *c, const struct ev_line *l)
{
	static const char *const bullets[] = {"\xe2\x80\xa2", "\xc2\xb7", "-", "*", "+", NULL};
	if (l->session || ev_shown_by_log_viewer(c, l) || ev_log_stamp(ev_skip_ws(l->s)))
		return;
	const char *s = ev_skip_ws(l->s);
	size_t b = 0;
	for (const char *const *v = bullets; *v && !b; v++)
		if (ev_starts(s, *v) && s[strlen(*v)] == ' ')
			b = strlen(*v);
	if (!b && isdigit((unsigned char)*s)) {
		b = strspn(s, "0123456789");
		b = (s[b] == '.' || s[b] == ')') && s[b + 1] == ' ' ? b + 1 : 0;
	}
	if (!b)
		return;
	s = ev_skip_ws(s + b);
	size_t n = strcspn(s, ": \t");
	bool digit = false;
	for (size_t i = 0; i < n; i++)
		digit = digit || isdigit((unsigned char)s[i]);
	if (s[n] != ':' || n < 2 || n > 15 || !digit || !isalpha((unsigned char)s[0]) ||
	    !ev_ifname_ok(s, n))
		return;
	const char *label = ev_skip_ws(s + n + 1);
	size_t ln = strlen(label);
	while (ln && strchr(" \t.,;?!", label[ln - 1]))
		ln--;
	struct ifw_mention *me = NULL;
	for (size_t k = 0; k < c->m->mentioned.n && !me; k++) {
		const char *o = c->m->mentioned.v[k].name;
		if (strlen(o) == n && memcmp(o, s, n) == 0)
			me = &c->m->mentioned.v[k];
	}
	if (!me && c->m->mentioned.n < IFW_MAX_MENTIONS) {
		me = ifw_vec_push(&c->m->mentioned);
		if (!me)
			return;
		me->name = ifw_model_strndup(c->m, s, n);
		ev_origin(c, l, &me->origin);
	}
	if (me && !me->label && ln >= 2 && ln <= 60)
		me->label = ifw_model_strndup(c->m, label, ln);
}

void ev_prose_scan(struct ev_ctx *c, const struct ev_line *l)
{
	static const char *const be[] = {"is", "was", "are", "=", NULL};
	static const char *const det[] = {"my", "our", "the", "a", "an", "its", NULL};
	static const char *const neg[] = {"not",  "no", "never", "missing", "gone",
	                                  "down", "up", "still", NULL};
	static const char *const make[] = {"creates", "created", "makes",   "made",  "adds",
	                                   "added",   "spawns",  "spawned", "opens", "opened",
	                                   "brings",  "sets",    NULL};
	static const char *const made[] = {"created", "made", "added", "opened", "spawned", NULL};
	/* subjects that are no program: "Tunnel interface created: utun9", "it creates tun0" */
	static const char *const nobody[] = {"interface", "it",     "which",  "that",   "this",
	                                     "he",        "she",    "they",   "who",    "system",
	                                     "kernel",    "device", "script", "config", NULL};
	if (c->prose_said >= MAX_SAID || l->session || l->fenced || ev_shown_by_log_viewer(c, l))
		return;
	struct word w[48];
	size_t n = words_of(l->s, w, 48);
	mentions(c, l, w, n);
	systems(c, w, n);
	for (size_t i = 0; i + 2 < n; i++) {
		/* "tap0 is my openvpn server", "utun3 was created by Tailscale" */
		if (ifname(c, &w[i]) && any(&w[i + 1], be)) {
			size_t j = i + 2;
			if (any(&w[j], neg))
				continue;
			if (any(&w[j], made) && j + 2 < n && is(&w[j + 1], "by")) {
				said(c, l, &w[i], &w[j + 2], n - (j + 2) < 2 ? n - (j + 2) : 2);
				continue;
			}
			while (j < n && any(&w[j], det))
				j++;
			if (j < n)
				said(c, l, &w[i], &w[j], n - j < 3 ? n - j : 3);
			continue;
		}
		/* "utun4 which is actually the interface used by AmneziaVPN", "wg1 (used by
		 * NetBird)": a program "uses" it, a few words on in the clause */
		if (ifname(c, &w[i]) && !w[i].last) {
			size_t k = i + 1;
			while (k + 2 < n && k < i + 7 && !w[k - 1].last &&
			       !(is(&w[k], "used") && is(&w[k + 1], "by")))
				k++;
			if (k + 2 < n && k < i + 7 && is(&w[k], "used") && is(&w[k + 1], "by") &&
			    !any(&w[k - 1], neg)) {
				said(c, l, &w[i], &w[k + 2], n - (k + 2) < 2 ? n - (k + 2) : 2);
				continue;
			}
		}
		/* "tun0 created by openvpn" */
		if (ifname(c, &w[i]) && any(&w[i + 1], made) && is(&w[i + 2], "by") && i + 3 < n) {
			said(c, l, &w[i], &w[i + 3], 1);
			continue;
		}
		/* "cbsd creates tap1 and ...", "openvpn brings up tun0" */
		if (any(&w[i + 1], make) && !ifname(c, &w[i]) && !any(&w[i], nobody) &&
		    !w[i].last) {
			size_t j = i + 2;
			if (j < n && (is(&w[j], "up") || any(&w[j], det)))
				j++;
			for (size_t k = j; k < n && k < j + 3; k++)
				if (ifname(c, &w[k])) {
					said(c, l, &w[k], &w[i], 1);
					break;
				}
		}
	}
}
