/* `lsof -i` (numeric -n -P or name-resolving): one socket per line, with its process; and
 * `lsof /dev/net/tun` (or a wider lsof's) tun device rows, and macOS's utun control sockets
 * (`lsof | grep utun_control`): who holds a tun.
 *   COMMAND   PID USER   FD  TYPE             DEVICE SIZE/OFF NODE NAME
 *   CommCente 249 1001  15u  IPv4 0x1c220855d68c85a1      0t0
 * UDP 10.64.1.100:500->m4b2836d0.tmodns.net:500 COMMAND may be cut (9 characters by default) or
 * hold spaces (+c0), USER is a uid with -l, NAME may give host and service names. Columns are found
 * from the TYPE column outwards. */
#include "collect/evidence/ev.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static bool fd_like(const struct ev_tok *t)
{
	size_t i = 0;
	while (i < t->len && t->s[i] >= '0' && t->s[i] <= '9')
		i++;
	return i > 0 && t->len - i <= 2;
}

/* The TYPE column: IPv4/IPv6 with a pid and an FD before it; 0 if none. */
static size_t type_col(const struct ev_toks *t, size_t *pid_col)
{
	for (size_t ti = 3; ti < t->n; ti++) {
		if (!ev_tok_is(&t->t[ti], "IPv4") && !ev_tok_is(&t->t[ti], "IPv6"))
			continue;
		if (!fd_like(&t->t[ti - 1]))
			continue;
		for (size_t p = 1; p + 1 < ti; p++)
			if (ev_tok_digits(&t->t[p])) {
				*pid_col = p;
				return ti;
			}
	}
	return 0;
}

/* A tun device's row: "openvpn 812 root 6u CHR 10,200 0t0 123 /dev/net/tun" (Linux: which
 * device the descriptor is attached to is not shown), "openvpn 812 root 6u VCHR 0,97 0t0 97
 * /dev/tun0" (the BSDs: the device's own node). Returns the TYPE column, 0 if none; *pid_col
 * and *dev (the NAME after /dev/, "net/tun" or "tun0") are set. */
static size_t tun_row(const struct ev_toks *t, size_t *pid_col, struct ev_tok *dev)
{
	if (t->n < 6)
		return 0;
	const struct ev_tok *name = &t->t[t->n - 1];
	if (!ev_starts(name->s, "/dev/") || name->len > 5 + 15)
		return 0;
	struct ev_tok d = {.s = name->s + 5, .len = name->len - 5};
	bool anon = d.len == 7 && strncmp(d.s, "net/tun", 7) == 0;
	bool node = (ev_starts(d.s, "tun") || ev_starts(d.s, "tap")) && d.len > 3 && d.len <= 15;
	for (size_t i = 3; node && i < d.len; i++)
		node = d.s[i] >= '0' && d.s[i] <= '9';
	if (!anon && !node)
		return 0;
	/* the columns in their places: COMMAND (words), PID, USER, FD, TYPE, DEVICE, SIZE/OFF,
	 * NODE, NAME last; the first number is the PID, so a file whose name holds a row's words
	 * ("/tmp/x 6u VCHR 0,97 0t0 97 /dev/tun0") has REG in TYPE's place */
	size_t p = 1;
	while (p < t->n && !ev_tok_digits(&t->t[p]))
		p++;
	size_t ti = p + 3;
	if (p + 7 != t->n - 1 || !fd_like(&t->t[p + 2]))
		return 0;
	/* Linux's lsof prints CHR and has /dev/net/tun; /dev/tapN there is a macvtap's (N its
	 * ifindex), no tap device: only the BSDs' VCHR rows name their device */
	if (anon ? !ev_tok_is(&t->t[ti], "CHR") : !ev_tok_is(&t->t[ti], "VCHR"))
		return 0;
	*pid_col = p;
	*dev = d;
	return ti;
}

/* macOS's utun control socket, which made the utun its process holds (xnu's if_utun.c: the
 * control's unit N is utun N-1):
 *   "teleprese 71881 root 7u systm 0x4715bfb02f5e8bd7 0t0 [ctl com.apple.net.utun_control id 4
 *   unit 4]". Returns the TYPE column, 0 if none; *pid_col and *unit are set. */
static size_t utun_row(const struct ev_toks *t, size_t *pid_col, uint64_t *unit)
{
	if (t->n < 12 || !ev_tok_is(&t->t[t->n - 5], "com.apple.net.utun_control") ||
	    !ev_tok_is(&t->t[t->n - 6], "[ctl") || !ev_tok_is(&t->t[t->n - 4], "id") ||
	    !ev_tok_is(&t->t[t->n - 2], "unit"))
		return 0;
	struct ev_tok u = t->t[t->n - 1];
	if (u.len < 2 || u.s[u.len - 1] != ']')
		return 0;
	u.len--;
	size_t p = 1;
	while (p < t->n && !ev_tok_digits(&t->t[p]))
		p++;
	size_t ti = p + 3; /* PID USER FD systm DEVICE SIZE/OFF, then the name's six words */
	if (ti + 3 + 6 != t->n || !fd_like(&t->t[p + 2]) || !ev_tok_is(&t->t[ti], "systm") ||
	    !ev_tok_u64(&u, unit, false) || *unit == 0 || *unit > 65536)
		return 0;
	*pid_col = p;
	return ti;
}

/* A tun row's process holds a tun device: by its node's name on the BSDs (the device itself,
 * as fdinfo's "iff:"), or an unnamed one on Linux (infer/rule_tun_lsof.c weighs it). */
static bool take_tun(struct ev_ctx *c, const struct ev_line *l, const struct ev_toks *t, size_t ti,
                     size_t pc, const struct ev_tok *dev, const char *only_os)
{
	uint64_t v;
	if (!ev_tok_u64(&t->t[pc], &v, false) || v == 0 || v >= INT32_MAX)
		return false;
	int32_t pid = (int32_t)v;
	struct ev_tok fd = t->t[ti - 1];
	while (fd.len && !(fd.s[fd.len - 1] >= '0' && fd.s[fd.len - 1] <= '9'))
		fd.len--;
	int32_t fdn = ev_tok_u64(&fd, &v, false) && v < INT32_MAX ? (int32_t)v : -1;
	if (ev_shown_by_log_viewer(c, l))
		return true;
	ifw_id p = ev_proc_get(c, pid);
	if (p == IFW_NOID)
		return true;
	struct ifw_process *pr = &c->m->procs.v[p];
	if (!pr->comm)
		pr->comm = ifw_model_strndup(
		    c->m, t->t[0].s, (size_t)(t->t[pc - 1].s + t->t[pc - 1].len - t->t[0].s));
	if (!pr->origin.src)
		ev_origin(c, l, &pr->origin);
	if (dev->s[0] != 'n') { /* /dev/tun0: that device */
		size_t before = c->refs.n;
		ev_ref_add(c, EV_REF_TUNPID, IFW_NOID, ifw_model_strndup(c->m, dev->s, dev->len),
		           pid, l);
		if (c->refs.n > before) {
			c->refs.v[before].fd = fdn;
			c->refs.v[before].only_os = only_os;
		}
		return true;
	}
	ev_unnamed_tun(c, l, p, fdn);
	return true;
}

static uint8_t proto_of(const struct ev_tok *t)
{
	if (ev_tok_is(t, "TCP"))
		return IFW_P_TCP;
	if (ev_tok_is(t, "UDP"))
		return IFW_P_UDP;
	if (ev_tok_is(t, "UDPLITE"))
		return IFW_P_UDPLITE;
	if (ev_tok_is(t, "SCTP"))
		return IFW_P_SCTP;
	return 0;
}

static int detect(const struct ev_line *l, int min)
{
	if (ev_starts(l->s, "COMMAND ") && strstr(l->s, " PID ") && strstr(l->s, " FD "))
		return 3;
	if (min > 2 ||
	    (!strstr(l->s, " IPv") && !strstr(l->s, "CHR ") && !strstr(l->s, "utun_control")))
		return 0;
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	size_t p;
	struct ev_tok dev;
	uint64_t unit;
	return type_col(&t, &p) || tun_row(&t, &p, &dev) || utun_row(&t, &p, &unit) ? 2 : 0;
}

/* "a:b->c:d (STATE)" into the socket's ends and state. */
static bool name_col(struct ev_ctx *c, struct ev_sock *s, const char *name, size_t len)
{
	while (len && (name[len - 1] == ' ' || name[len - 1] == '\t'))
		len--;
	const char *paren = NULL;
	if (len && name[len - 1] == ')')
		for (size_t i = len; i-- > 0;)
			if (name[i] == '(') {
				paren = name + i;
				break;
			}
	size_t alen = len;
	if (paren) {
		s->state = ev_tcp_state(paren + 1, (size_t)(name + len - paren - 2));
		alen = (size_t)(paren - name);
		while (alen && name[alen - 1] == ' ')
			alen--;
	}
	const char *arrow = NULL;
	for (size_t i = 0; i + 1 < alen; i++)
		if (name[i] == '-' && name[i + 1] == '>') {
			arrow = name + i;
			break;
		}
	size_t llen = arrow ? (size_t)(arrow - name) : alen;
	if (!ev_parse_hostport(c, name, llen, &s->local))
		return false;
	if (arrow && !ev_parse_hostport(c, arrow + 2, alen - llen - 2, &s->remote))
		return false;
	return true;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	if (ev_starts(l->s, "COMMAND ") || ev_starts(l->s, "lsof:") || !*ev_skip_ws(l->s))
		return true;
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	size_t pc = 0;
	size_t ti = type_col(&t, &pc);
	struct ev_tok node;
	size_t tt = ti ? 0 : tun_row(&t, &pc, &node);
	if (tt)
		return take_tun(c, l, &t, tt, pc, &node, node.s[0] == 'n' ? NULL : "bsd");
	uint64_t unit;
	size_t tu = ti ? 0 : utun_row(&t, &pc, &unit);
	if (tu) {
		char name[16];
		snprintf(name, sizeof(name), "utun%u", (unsigned)(unit - 1));
		struct ev_tok d = {.s = name, .len = strlen(name)};
		/* no vote: rows that count for their system would make the system that keeps them
		 * (a Linux paste with a file of such rows turned a Mac's) */
		return take_tun(c, l, &t, tu, pc, &d, "darwin");
	}
	if (!ti) /* a file or unix socket line of a wider lsof: not about the network */
		return t.n >= 7 && ev_tok_digits(&t.t[1]);
	size_t nd = ti + 1;
	while (nd < t.n && !proto_of(&t.t[nd]))
		nd++;
	if (nd >= t.n) /* ICMP, or a line cut short */
		return t.n > ti + 1;
	struct ev_sock *s = ev_sock_add(c, l, EV_LSOF);
	if (!s)
		return true;
	s->proto = proto_of(&t.t[nd]);
	s->family = ev_tok_is(&t.t[ti], "IPv4") ? AF_INET : AF_INET6;
	uint64_t v;
	if (ev_tok_u64(&t.t[pc], &v, false) && v < INT32_MAX)
		s->pid = (int32_t)v;
	struct ev_tok fd = t.t[ti - 1];
	while (fd.len && !(fd.s[fd.len - 1] >= '0' && fd.s[fd.len - 1] <= '9'))
		fd.len--;
	if (ev_tok_u64(&fd, &v, false) && v < INT32_MAX)
		s->fd = (int32_t)v;
	s->comm =
	    ifw_model_strndup(c->m, t.t[0].s, (size_t)(t.t[pc - 1].s + t.t[pc - 1].len - t.t[0].s));
	if (ti - 2 > pc) {
		s->user = ev_tok_dup(c, &t.t[ti - 2]);
		if (ev_tok_u64(&t.t[ti - 2], &v, false) && v <= UINT32_MAX) {
			s->uid = (uint32_t)v;
			s->has_uid = true;
		}
	}
	const struct ev_tok *dev = &t.t[ti + 1];
	if (ti + 1 < nd && ev_tok_u64(dev, &v, true))
		s->inode = v & INT64_MAX;
	if (ti + 1 < nd && dev->len > 2 && dev->s[0] == '0' && dev->s[1] == 'x')
		c->votes_darwin++; /* Linux lsof shows the socket inode in decimal */
	bool ok = false;
	if (nd + 1 < t.n) {
		const char *name = t.t[nd + 1].s;
		ok = name_col(c, s, name, l->len - (size_t)(name - l->s));
	}
	if (!ok) {
		s->dropped = true;
		return false;
	}
	if (s->proto == IFW_P_TCP) {
		if (!s->state)
			s->state = s->remote.has_ip || s->remote.name ? 1 : 7;
		s->listening = s->state == 10;
	} else {
		ev_udp_state(s);
	}
	return true;
}

const struct ev_parser ev_p_lsof = {
    .shape = EV_LSOF,
    .name = "lsof",
    .detect = detect,
    .take = take,
};
