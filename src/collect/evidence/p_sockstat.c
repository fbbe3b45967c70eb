/* FreeBSD `sockstat -46` (and OpenBSD's fstat-like sockstat form):
 *   USER     COMMAND    PID   FD  PROTO  LOCAL ADDRESS         FOREIGN ADDRESS
 *   root     ntpd       700   21  udp6   fe80::1%lo0:123       *:*
 * Without -s there is no TCP state: a socket with no foreign address is taken as listening. */
#include "collect/evidence/ev.h"

#include <string.h>
#include <sys/socket.h>

static bool proto_col(const struct ev_tok *t, uint8_t *proto, uint8_t *family)
{
	if (t->len < 4 || (memcmp(t->s, "tcp", 3) != 0 && memcmp(t->s, "udp", 3) != 0))
		return false;
	*proto = t->s[0] == 't' ? IFW_P_TCP : IFW_P_UDP;
	struct ev_tok suf = {t->s + 3, t->len - 3};
	if (ev_tok_is(&suf, "4"))
		*family = AF_INET;
	else if (ev_tok_is(&suf, "6") || ev_tok_is(&suf, "46"))
		*family = AF_INET6;
	else
		return false;
	return true;
}

static int detect(const struct ev_line *l, int min)
{
	if (ev_starts(l->s, "USER") && strstr(l->s, "COMMAND") && strstr(l->s, "PROTO") &&
	    strstr(l->s, "LOCAL ADDRESS"))
		return 3;
	if (min > 2)
		return 0;
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	uint8_t p, f;
	return t.n >= 7 && proto_col(&t.t[4], &p, &f) &&
	               (ev_tok_digits(&t.t[2]) || ev_tok_is(&t.t[2], "?"))
	           ? 2
	           : 0;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	if (!*ev_skip_ws(l->s) || detect(l, 3))
		return true;
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	uint8_t proto, family;
	if (t.n < 7 || !proto_col(&t.t[4], &proto, &family))
		return t.n >= 5 && (ev_starts(t.t[4].s, "stream") || ev_starts(t.t[4].s, "dgram"));
	struct ev_sock *s = ev_sock_add(c, l, EV_SOCKSTAT);
	if (!s)
		return true;
	c->votes_freebsd++;
	s->proto = proto;
	s->family = family;
	uint64_t v;
	if (ev_tok_u64(&t.t[2], &v, false) && v < INT32_MAX)
		s->pid = (int32_t)v;
	if (ev_tok_u64(&t.t[3], &v, false) && v < INT32_MAX)
		s->fd = (int32_t)v;
	if (!ev_tok_is(&t.t[1], "?"))
		s->comm = ev_tok_dup(c, &t.t[1]);
	if (!ev_tok_is(&t.t[0], "?"))
		s->user = ev_tok_dup(c, &t.t[0]);
	if (!ev_parse_hostport(c, t.t[5].s, t.t[5].len, &s->local) ||
	    !ev_parse_hostport(c, t.t[6].s, t.t[6].len, &s->remote)) {
		s->dropped = true;
		return false;
	}
	if (proto == IFW_P_TCP) {
		s->state = t.n > 7 ? ev_tcp_state(t.t[7].s, t.t[7].len) : 0;
		if (!s->state)
			s->state = s->remote.has_ip && !ifw_ip_is_any(&s->remote.ip) ? 1 : 10;
		s->listening = s->state == 10;
	} else {
		ev_udp_state(s);
	}
	return true;
}

const struct ev_parser ev_p_sockstat = {
    .shape = EV_SOCKSTAT,
    .name = "sockstat",
    .detect = detect,
    .take = take,
};
