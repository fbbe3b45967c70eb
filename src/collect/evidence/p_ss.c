/* `ss -tunapeo` (iproute2):
 *   Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process
 *   udp   UNCONN 0      0      0.0.0.0%wg0:51820  0.0.0.0:*         ino:0 sk:1 <->
 *   tcp   LISTEN 0      128    [::]:22            [::]:*            users:(("sshd",pid=812,fd=3))
 * ino:2231 ... A socket with no users:() and ino:0 belongs to the kernel (WireGuard, VXLAN). */
#include "collect/evidence/ev.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static uint8_t netid(const struct ev_tok *t)
{
	if (ev_tok_is(t, "tcp"))
		return IFW_P_TCP;
	if (ev_tok_is(t, "udp"))
		return IFW_P_UDP;
	if (ev_tok_is(t, "sctp"))
		return IFW_P_SCTP;
	return 0;
}

static bool ss_state(const struct ev_tok *t)
{
	return ev_tok_is(t, "UNCONN") || ev_tcp_state(t->s, t->len);
}

static int detect(const struct ev_line *l, int min)
{
	const char *s = l->s;
	if ((ev_starts(s, "Netid") || ev_starts(s, "State")) && strstr(s, "Recv-Q") &&
	    strstr(s, "Send-Q"))
		return 3;
	if (min > 2)
		return 0;
	struct ev_toks t;
	ev_tokenize(s, &t);
	if (t.n >= 6 && netid(&t.t[0]) && ss_state(&t.t[1]) && ev_tok_digits(&t.t[2]) &&
	    ev_tok_digits(&t.t[3]))
		return 2;
	return 0;
}

#define SS_PID_MAX 4194304 /* Linux's PID_MAX_LIMIT */

/* The decimal number at p (up to a ',' or ')' or end) if it is all digits and within lo..hi;
 * else -1: a value out of range is not cut down to one that fits (pid=99999999999 is no pid,
 * not pid 999999999). */
static int32_t num_after(const char *p, const char *end, int64_t lo, int64_t hi)
{
	int64_t v = 0;
	const char *b = p;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (*p - '0');
		if (v > hi)
			return -1;
	}
	if (p == b || (p < end && *p != ',' && *p != ')') || v < lo)
		return -1;
	return (int32_t)v;
}

/* users:(("charon",pid=123,fd=12),("charon",pid=123,fd=13)): the first user here, the others
 * kept as text for the merge. A name may hold spaces and commas, so it is read between its
 * quotes. */
static void users(struct ev_ctx *c, struct ev_sock *s, const char *u, const char *end)
{
	const char *q = u + 9; /* after users:((" */
	if (q > end)
		return;
	const char *q2 = memchr(q, '"', (size_t)(end - q));
	if (!q2)
		return;
	s->comm = ifw_model_strndup(c->m, q, (size_t)(q2 - q) > 64 ? 64 : (size_t)(q2 - q));
	const char *close = memchr(q2, ')', (size_t)(end - q2));
	const char *stop = close ? close : end;
	for (const char *p = q2; p < stop; p++) {
		if (ev_starts(p, "pid=")) {
			int32_t v = num_after(p + 4, stop, 1, SS_PID_MAX);
			if (v < 0) { /* no owner rather than a wrong one */
				s->pid = -1;
				break;
			}
			s->pid = v;
		} else if (ev_starts(p, "fd=")) {
			s->fd = num_after(p + 3, stop, 0, INT32_MAX);
		}
	}
	if (close && close + 2 < end && close[1] == ',') {
		const char *e2 = strstr(close, "))");
		size_t n = (size_t)((e2 ? e2 + 1 : end) - close - 2);
		s->more_users = ifw_model_strndup(c->m, close + 2, n > 4096 ? 4096 : n);
	}
}

static void extras(struct ev_ctx *c, struct ev_sock *s, const struct ev_line *l,
                   const struct ev_toks *t, size_t from)
{
	const char *u = strstr(l->s, "users:((\"");
	if (u)
		users(c, s, u, l->s + l->len);
	for (size_t i = from; i < t->n; i++) {
		const struct ev_tok *k = &t->t[i];
		uint64_t v;
		if (ev_starts(k->s, "ino:")) {
			struct ev_tok n = {k->s + 4, k->len - 4};
			if (ev_tok_u64(&n, &v, false)) {
				s->inode = v & INT64_MAX;
				s->has_inode = true;
			}
		} else if (ev_starts(k->s, "uid:")) {
			struct ev_tok n = {k->s + 4, k->len - 4};
			if (ev_tok_u64(&n, &v, false) && v <= UINT32_MAX) {
				s->uid = (uint32_t)v;
				s->has_uid = true;
			}
		}
	}
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	if (!*ev_skip_ws(l->s) || detect(l, 3))
		return true;
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	size_t i = 0;
	uint8_t proto = t.n ? netid(&t.t[0]) : 0;
	if (proto)
		i = 1;
	else if (t.n && (ev_starts(t.t[0].s, "u_") || ev_tok_is(&t.t[0], "raw") ||
	                 ev_tok_is(&t.t[0], "p_raw") || ev_tok_is(&t.t[0], "p_dgr") ||
	                 ev_tok_is(&t.t[0], "nl") || ev_tok_is(&t.t[0], "v_str")))
		return true; /* unix, raw, packet, netlink sockets: not read */
	else if (c->cmd && strstr(c->cmd, "-u") && !strstr(c->cmd, "t"))
		proto = IFW_P_UDP; /* `ss -u` and `ss -t` print no Netid column */
	else
		proto = IFW_P_TCP;
	if (!proto || t.n < i + 5 || !ss_state(&t.t[i]))
		return false;
	struct ev_sock *s = ev_sock_add(c, l, EV_SS);
	if (!s)
		return true;
	s->proto = proto;
	c->votes_linux++;
	if (!ev_parse_hostport(c, t.t[i + 3].s, t.t[i + 3].len, &s->local) ||
	    !ev_parse_hostport(c, t.t[i + 4].s, t.t[i + 4].len, &s->remote)) {
		s->dropped = true;
		return false;
	}
	s->family = (s->local.has_ip && s->local.ip.family == AF_INET) ||
	                    (!s->local.has_ip && s->remote.has_ip && s->remote.ip.family == AF_INET)
	                ? AF_INET
	                : AF_INET6;
	if (proto == IFW_P_TCP) {
		s->state = ev_tcp_state(t.t[i].s, t.t[i].len);
		s->listening = s->state == 10;
	} else {
		ev_udp_state(s);
	}
	extras(c, s, l, &t, i + 5);
	return true;
}

const struct ev_parser ev_p_ss = {
    .shape = EV_SS,
    .name = "ss",
    .detect = detect,
    .take = take,
};
