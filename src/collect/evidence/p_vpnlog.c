/* Lines in which a tunnel program tells that it made or opened an interface, as people paste them
 * from a terminal or a syslog:
 *   OpenVPN (Linux, BSD)  Mon Oct 28 21:50:12 2019 TUN/TAP device tun0 opened
 *   OpenVPN (macOS)       2024-01-02 10:00:00 Opened utun device utun5
 *   wg-quick (Linux)      [#] ip link add wg0 type wireguard
 *   wg-quick (macOS)      [+] Interface for wg0 is utun3
 *   mpd5 (pfSense)        ppp: [wan] Bundle: Interface ng0 created
 * Each message is the program's own (openvpn's tun.c, wg-quick's cmd() echo, mpd's bundle log),
 * so the program is known from the words even when no syslog prefix names it; a prefix such as
 * "openvpn[1234]:" adds the pid. The interface is the one a listing elsewhere shows, or one known
 * only from here. */
#include "collect/evidence/ev.h"

#include <string.h>

struct vpn_msg {
	const char *marker; /* text before the name */
	const char *after;  /* text that must follow the name, or "" */
	const char *comm;   /* who writes this message */
};

static const struct vpn_msg msgs[] = {
    {"TUN/TAP device ", " opened", "openvpn"},
    {"Opened utun device ", "", "openvpn"},
    {"[#] ip link add ", " type wireguard", "wg-quick"},
    {"[+] Interface for ", "", "wg-quick"}, /* "... wg0 is utun3": the name after " is " */
    {"Bundle: Interface ", " created", "mpd5"},
};

static const struct vpn_msg *find(const char *s, const char **at)
{
	for (size_t i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++) {
		const char *h = strstr(s, msgs[i].marker);
		if (h) {
			*at = h + strlen(msgs[i].marker);
			return &msgs[i];
		}
	}
	return NULL;
}

static int detect(const struct ev_line *l, int min)
{
	if (min > 2)
		return 0;
	const char *at;
	return find(l->s, &at) ? 2 : 0;
}

static size_t name_len(const char *s)
{
	size_t n = 0;
	while (n < 16 && s[n] &&
	       strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	              "0123456789._-",
	              s[n]))
		n++;
	return n >= 1 && n <= 15 ? n : 0;
}

/* "openvpn[1234]:" somewhere before the message: the pid of the program that wrote it. */
static int32_t syslog_pid(const char *s, const char *msg, const char *comm)
{
	const char *p = strstr(s, comm);
	if (!p || p >= msg || p[strlen(comm)] != '[')
		return -1;
	p += strlen(comm) + 1;
	int64_t v = 0;
	size_t d = 0;
	while (p[d] >= '0' && p[d] <= '9' && d < 10)
		v = v * 10 + (p[d++] - '0');
	return d && p[d] == ']' && v > 0 && v <= INT32_MAX ? (int32_t)v : -1;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *at;
	const struct vpn_msg *m = find(l->s, &at);
	if (!m)
		return false;
	const char *msg = at - strlen(m->marker);
	if (m->marker[1] == '+') { /* "[+] Interface for wg0 is utun3" */
		const char *is = strstr(at, " is ");
		if (!is)
			return true;
		at = is + 4;
	}
	size_t n = name_len(at);
	if (!n || (m->after[0] && strncmp(at + n, m->after, strlen(m->after)) != 0) ||
	    !ev_room(c, c->m->logcreates.n))
		return true;
	struct ifw_logcreate *lc = ifw_model_add_logcreate(c->m);
	if (!lc)
		return true;
	lc->ifname = ifw_model_strndup(c->m, at, n);
	lc->comm = m->comm;
	lc->pid = syslog_pid(l->s, msg, m->comm);
	lc->own_log = true;
	ev_origin(c, l, &lc->origin);
	return true;
}

const struct ev_parser ev_p_vpnlog = {
    .shape = EV_VPNLOG,
    .name = "tunnel program log",
    .detect = detect,
    .take = take,
};
