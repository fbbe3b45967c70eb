/* `lsof -F` (field output, one field a line, its letter first): "p812" starts a process,
 * "copenvpn" its command, "u0" its user id, "f6" a file, "tIPv4" its type, "PUDP" its protocol,
 * "n192.0.2.10:1194->198.51.100.7:1194" its name, "TST=ESTABLISHED" the TCP state. Internet
 * sockets become socket observations like the columns of plain lsof. */
#include "collect/evidence/ev.h"

#include <string.h>
#include <sys/socket.h>

static bool pid_line(const char *s)
{
	if (s[0] != 'p' || !s[1])
		return false;
	for (const char *p = s + 1; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	return pid_line(l->s) && l->len < 12 ? 2 : 0;
}

static struct ev_sock *cur_sock(struct ev_ctx *c)
{
	return c->lsof_sock && c->lsof_sock <= c->socks.n ? &c->socks.v[c->lsof_sock - 1] : NULL;
}

static void fill_proto(struct ev_ctx *c)
{
	struct ev_sock *s = cur_sock(c);
	if (!s)
		return;
	if (c->lsof_proto)
		s->proto = c->lsof_proto;
	if (c->lsof_family)
		s->family = c->lsof_family;
}

/* The end of one file's fields: a socket gets its state. */
static void close_fd(struct ev_ctx *c)
{
	struct ev_sock *s = cur_sock(c);
	if (s) {
		fill_proto(c);
		if (!s->proto || !s->family)
			s->dropped = true;
		else if (s->proto == IFW_P_UDP)
			ev_udp_state(s);
		else if (!s->state)
			s->state = 7;
		s->listening = s->proto == IFW_P_TCP ? s->state == 10 : s->listening;
	}
	c->lsof_sock = 0;
	c->lsof_proto = c->lsof_family = 0;
	c->lsof_fd = -1;
}

static void name(struct ev_ctx *c, struct ev_line *l, const char *n)
{
	const char *arrow = strstr(n, "->");
	size_t llen = arrow ? (size_t)(arrow - n) : strlen(n);
	if (!c->lsof_family && !c->lsof_proto)
		return; /* not an Internet socket (a path, a pipe, /dev/net/tun) */
	struct ev_sock *s = ev_sock_add(c, l, EV_LSOF);
	if (!s)
		return;
	s->pid = c->lsof_pid;
	s->fd = c->lsof_fd;
	s->comm = c->lsof_comm;
	c->lsof_sock = c->socks.n;
	if (!ev_parse_hostport(c, n, llen, &s->local) ||
	    (arrow && !ev_parse_hostport(c, arrow + 2, strlen(arrow + 2), &s->remote))) {
		s->dropped = true;
		c->lsof_sock = 0;
		return;
	}
	if (!arrow) { /* a listening or unconnected socket: the far end is any */
		s->remote.has_ip = true;
		s->remote.ip.family = c->lsof_family;
	}
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = l->s, *v = l->s + 1;
	if (!*ev_skip_ws(s))
		return true;
	if (s[0] == ' ' || s[0] == '\t')
		return false;
	uint64_t x;
	struct ev_tok num = {v, strlen(v)};
	switch (s[0]) {
	case 'p':
		if (!pid_line(s) || !ev_tok_u64(&num, &x, false) || x == 0 || x >= INT32_MAX)
			return false;
		close_fd(c);
		c->lsof_pid = (int32_t)x;
		c->lsof_comm = NULL;
		c->lsof_proc = ev_proc_get(c, c->lsof_pid);
		c->votes_linux += 0;
		return true;
	case 'c':
		c->lsof_comm = ifw_model_strndup(c->m, v, strlen(v) > 64 ? 64 : strlen(v));
		ev_proc_fill(c, c->lsof_proc, c->lsof_comm, NULL, NULL);
		return true;
	case 'u':
		ev_proc_fill(c, c->lsof_proc, NULL, NULL, v);
		return true;
	case 'L':
		ev_proc_fill(c, c->lsof_proc, NULL,
		             ifw_model_strndup(c->m, v, strlen(v) > 64 ? 64 : strlen(v)), NULL);
		return true;
	case 'R':
		if (c->lsof_proc != IFW_NOID && ev_tok_u64(&num, &x, false) && x < INT32_MAX)
			c->m->procs.v[c->lsof_proc].ppid = (int32_t)x;
		return true;
	case 'f':
		close_fd(c);
		c->lsof_fd = ev_tok_u64(&num, &x, false) && x < INT32_MAX ? (int32_t)x : -1;
		return true;
	case 't':
		c->lsof_family = strcmp(v, "IPv4") == 0   ? AF_INET
		                 : strcmp(v, "IPv6") == 0 ? AF_INET6
		                                          : 0;
		fill_proto(c);
		return true;
	case 'P':
		c->lsof_proto = strcmp(v, "TCP") == 0   ? IFW_P_TCP
		                : strcmp(v, "UDP") == 0 ? IFW_P_UDP
		                                        : 0;
		fill_proto(c);
		return true;
	case 'n':
		name(c, l, v);
		fill_proto(c);
		return true;
	case 'T':
		if (ev_starts(v, "ST=") && cur_sock(c))
			cur_sock(c)->state = ev_tcp_state(v + 3, strlen(v + 3));
		return true;
	case 'a':
	case 'l':
	case 'i':
	case 'd':
	case 'D':
	case 's':
	case 'o':
	case 'k':
	case 'g':
	case 'G':
	case 'K':
	case 'S':
	case 'N':
	case 'z':
	case 'Z':
	case 'r':
	case 'e':
	case 'E':
		return true; /* other fields: nothing the model keeps */
	default:
		return false;
	}
}

static void begin(struct ev_ctx *c)
{
	c->lsof_pid = -1;
	c->lsof_comm = NULL;
	c->lsof_proc = IFW_NOID;
	c->lsof_sock = 0;
	c->lsof_proto = c->lsof_family = 0;
	c->lsof_fd = -1;
}

static void end(struct ev_ctx *c)
{
	close_fd(c);
	begin(c);
}

const struct ev_parser ev_p_lsof_f = {
    .shape = EV_LSOF_F,
    .name = "lsof -F",
    .detect = detect,
    .take = take,
    .begin = begin,
    .end = end,
};
