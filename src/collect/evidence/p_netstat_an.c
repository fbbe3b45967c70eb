/* `netstat -an` / `netstat -anv` (macOS, BSD: "tcp4 0 0 10.0.0.5.51976 17.57.144.84.5223
 * ESTABLISHED ... name:pid ...") and Linux net-tools `netstat -anp` ("tcp 0 0 0.0.0.0:22 0.0.0.0:*
 * LISTEN 812/sshd"). Only the Internet part is read; UNIX, kernel event and control sockets are
 * passed over. macOS 13 and later print the owner as "process:pid" (the name may hold spaces),
 * older ones a pid column. */
#include "collect/evidence/ev.h"
#include "collect/evidence/nettools_words.h"

#include <ctype.h>
#include <string.h>
#include <sys/socket.h>

static bool inet_proto(const struct ev_tok *t, uint8_t *proto, uint8_t *family)
{
	const char *s = t->s;
	size_t n = t->len;
	size_t p = n >= 3 && memcmp(s, "tcp", 3) == 0   ? 3
	           : n >= 3 && memcmp(s, "udp", 3) == 0 ? 3
	                                                : 0;
	if (!p)
		return false;
	*proto = s[0] == 't' ? IFW_P_TCP : IFW_P_UDP;
	const char *suf = s + 3;
	size_t sl = n - 3;
	if (sl == 0 || (sl == 1 && suf[0] == '4'))
		*family = AF_INET;
	else if ((sl == 1 && suf[0] == '6') || (sl == 2 && suf[0] == '4' && suf[1] == '6'))
		*family = AF_INET6;
	else
		return false;
	return true;
}

/* net-tools' title of a section in any language ("Aktive Internetverbindungen (Nur Server)"). */
static bool title(const char *s, enum nt_key key)
{
	return nt_prefix(s, strlen(s), key, NULL) != 0;
}

/* A TCP state as net-tools prints it, translated ("OUÇA" for LISTEN) or not; 0 if none. */
static uint8_t tcp_state(const struct ev_tok *t)
{
	uint32_t v = 0;
	uint8_t st = ev_tcp_state(t->s, t->len);
	return st ? st : nt_is(t->s, t->len, NT_TCP_STATE, &v) ? (uint8_t)v : 0;
}

static int detect(const struct ev_line *l, int min)
{
	const char *s = l->s;
	if (ev_starts(s, "Active Internet connections") || ev_starts(s, "Active UNIX domain") ||
	    ev_starts(s, "Active LOCAL (UNIX)") || ev_starts(s, "Active Multipath Internet") ||
	    title(s, NT_INET_TITLE) || title(s, NT_UNIX_TITLE))
		return 3;
	if (ev_starts(s, "Proto ") && ((strstr(s, "Recv-Q") && strstr(s, "Local Address")) ||
	                               nt_find(s, NT_LOCAL_ADDRESS, NULL, NULL)))
		return 3;
	if (min > 2)
		return 0;
	struct ev_toks t;
	ev_tokenize(s, &t);
	uint8_t proto, family;
	if (t.n < 5 || !inet_proto(&t.t[0], &proto, &family) || !ev_tok_digits(&t.t[1]) ||
	    !ev_tok_digits(&t.t[2]))
		return 0;
	return 2;
}

static void header(struct ev_ctx *c, const char *s)
{
	struct ev_toks t;
	ev_tokenize(s, &t);
	c->bsd_addrs = strstr(s, "(state)") != NULL;
	c->netstat_procpid = strstr(s, "process:pid") != NULL;
	c->col_pid = -1;
	for (size_t i = 0; i < t.n; i++)
		if (ev_tok_is(&t.t[i], "pid"))
			c->col_pid =
			    (int)(t.n - i); /* counted from the right: the state may be empty */
	if (c->bsd_addrs)
		c->votes_darwin += c->netstat_procpid || c->col_pid > 0;
}

static bool parse_end(struct ev_ctx *c, const struct ev_tok *t, struct ev_end *e)
{
	if (!c->bsd_addrs || !ev_parse_dotport(c, t->s, t->len, e))
		if (!ev_parse_hostport(c, t->s, t->len, e) && !ev_parse_dotport(c, t->s, t->len, e))
			return false;
	return true;
}

/* macOS 13+: "... 131072 131072  Codex (Service):56664  00102 ..." */
static void proc_pid(struct ev_ctx *c, struct ev_sock *s, const struct ev_toks *t, size_t from)
{
	for (size_t j = from + 1; j < t->n; j++) {
		const struct ev_tok *st = &t->t[j], *pp = &t->t[j - 1];
		if (st->len != 5)
			continue;
		bool hex = true;
		for (size_t i = 0; i < 5; i++)
			hex &= isxdigit((unsigned char)st->s[i]) != 0;
		const char *colon = NULL;
		for (size_t i = pp->len; i-- > 0 && !colon;)
			if (pp->s[i] == ':')
				colon = pp->s + i;
		if (!hex || !colon)
			continue;
		struct ev_tok pid = {colon + 1, (size_t)(pp->s + pp->len - colon - 1)};
		uint64_t v;
		if (!ev_tok_u64(&pid, &v, false) || v >= INT32_MAX)
			continue;
		s->pid = (int32_t)v;
		size_t k = j - 1;
		while (k > from && !ev_tok_digits(&t->t[k - 1]))
			k--;
		s->comm = ifw_model_strndup(c->m, t->t[k].s, (size_t)(colon - t->t[k].s));
		return;
	}
}

static void linux_pid(struct ev_ctx *c, struct ev_sock *s, const struct ev_toks *t, size_t from)
{
	for (size_t j = from; j < t->n; j++) {
		const struct ev_tok *k = &t->t[j];
		const char *slash = memchr(k->s, '/', k->len);
		if (!slash || slash == k->s)
			continue;
		struct ev_tok pid = {k->s, (size_t)(slash - k->s)};
		uint64_t v;
		if (!ev_tok_u64(&pid, &v, false) || v >= INT32_MAX)
			continue;
		s->pid = (int32_t)v;
		s->comm = ifw_model_strndup(c->m, slash + 1, (size_t)(k->s + k->len - slash - 1));
		return;
	}
}

static bool row(struct ev_ctx *c, struct ev_line *l)
{
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	uint8_t proto, family;
	if (t.n < 5 || !inet_proto(&t.t[0], &proto, &family))
		return t.n > 0 && (ev_starts(t.t[0].s, "icm") || ev_starts(t.t[0].s, "raw"));
	struct ev_sock *s = ev_sock_add(c, l, EV_NETSTAT_AN);
	if (!s)
		return true;
	s->proto = proto;
	s->family = family;
	if (!parse_end(c, &t.t[3], &s->local) || !parse_end(c, &t.t[4], &s->remote)) {
		s->dropped = true;
		return false;
	}
	size_t next = 5;
	if (proto == IFW_P_TCP && t.n > 5) {
		s->state = tcp_state(&t.t[5]);
		if (s->state)
			next = 6;
	}
	if (proto == IFW_P_TCP) {
		if (!s->state)
			s->state = 7;
		s->listening = s->state == 10;
	} else {
		ev_udp_state(s);
		if (t.n > 5 && tcp_state(&t.t[5])) /* Linux prints ESTABLISHED */
			next = 6;
	}
	if (c->netstat_procpid || !c->bsd_addrs) {
		if (c->bsd_addrs || memchr(t.t[3].s, '.', t.t[3].len))
			proc_pid(c, s, &t, next);
		if (s->pid < 0 && !c->bsd_addrs)
			linux_pid(c, s, &t, next);
	} else if (c->col_pid > 0 && (size_t)c->col_pid <= t.n - next) {
		uint64_t v;
		if (ev_tok_u64(&t.t[t.n - (size_t)c->col_pid], &v, false) && v < INT32_MAX)
			s->pid = (int32_t)v;
	}
	return true;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (!*s)
		return true;
	if (ev_starts(s, "Active ") || title(s, NT_INET_TITLE) || title(s, NT_UNIX_TITLE)) {
		c->in_unix =
		    !ev_starts(s, "Active Internet connections") && !title(s, NT_INET_TITLE);
		return true;
	}
	if (c->in_unix)
		return true; /* UNIX, multipath, kernel event and control sockets: not read */
	if (ev_starts(s, "Proto ")) {
		header(c, s);
		return true;
	}
	return row(c, l);
}

static void begin(struct ev_ctx *c)
{
	c->in_unix = false;
	c->bsd_addrs = false;
	c->netstat_procpid = false;
	c->col_pid = -1;
}

const struct ev_parser ev_p_netstat_an = {
    .shape = EV_NETSTAT_AN,
    .name = "netstat -an",
    .detect = detect,
    .take = take,
    .begin = begin,
};
