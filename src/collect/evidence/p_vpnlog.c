/* Lines in which a tunnel program tells that it made or opened an interface, as people paste them
 * from a terminal or a syslog:
 *   OpenVPN (Linux, BSD)  Mon Oct 28 21:50:12 2019 TUN/TAP device tun0 opened
 *                         2026-05-13 10:07:10 tun/tap device [tap0] opened
 *                         TUN/TAP device ovpnc1 exists previously, keep at program end
 *   OpenVPN (macOS)       2024-01-02 10:00:00 Opened utun device utun5
 *   wg-quick (Linux)      [#] ip link add wg0 type wireguard
 *   wg-quick (macOS)      [+] Interface for wg0 is utun3
 *   wg-quick (FreeBSD)    [#] ifconfig wg create name wg0
 *                         [#] wireguard-go wg0
 *   mpd5 (pfSense)        ppp: [wan] Bundle: Interface ng0 created
 *                         ppp: [wan] IFACE: Rename interface ng0 to pppoe0
 *   OpenVPN 2.6 (DCO)     2023-09-06 10:20:47 DCO device tun1 opened
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
	const char *kinds;  /* the kinds of device it tells of, NULL if not said */
	bool via_dev;       /* the name is after the message's " dev ", not right after marker */
	bool at_end;        /* the name ends the message */
};

static const struct vpn_msg msgs[] = {
    {"TUN/TAP device ", " opened", "openvpn", "tun tap"},
    {"tun/tap device [", "] opened", "openvpn", "tun tap"}, /* OpenVPN 2.6 on the BSDs */
    {"TUN/TAP device ", " exists previously", "openvpn", "tun tap"},
    {"Opened utun device ", "", "openvpn", NULL},
    /* wireguard-go's tun when the kernel has no WireGuard */
    {"[#] ip link add ", " type wireguard", "wg-quick", "wireguard tun"},
    {"[+] Interface for ", "", "wg-quick", NULL}, /* "... wg0 is utun3": the name after " is " */
    /* wg-quick on FreeBSD: the kernel's wg(4) clone, and wireguard-go when the kernel has none */
    {"[#] ifconfig wg create name ", "", "wg-quick", "wireguard", false, true},
    {"[#] wireguard-go ", "", "wg-quick", "tun", false, true},
    {"Bundle: Interface ", " created", "mpd5", NULL},
    /* mpd5 names its netgraph interface as configured: the new name after " to " */
    {"IFACE: Rename interface ", "", "mpd5", NULL},
    /* OpenVPN 2.6 with data-channel offload: the kernel's ovpn-dco device it asked for */
    {"DCO device ", " opened", "openvpn", NULL},
    /* OpenVPN 2.5+ setting its device up over netlink (networking_sitnl.c): "net_addr_v4_add:
     * 10.8.0.2/24 dev tun0" */
    {"net_addr_v4_add: ", "", "openvpn", "tun tap", true},
    {"net_addr_v6_add: ", "", "openvpn", "tun tap", true},
    /* pppd's own log file (macOS's /var/log/ppp.log, a logfile option): the unit it made,
     * "Wed Apr 22 23:44:42 2020 : Using interface ppp0" (hostapd's "Using interface ap0 with
     * hwaddr ..." goes on) */
    {"Using interface ", "", "pppd", "ppp", false, true},
};

static size_t name_len(const char *s);

/* The message the line holds: its marker, and the text after the name when the message has one
 * (two messages share "TUN/TAP device "). */
static const struct vpn_msg *find(const char *s, const char **at, const char **msg)
{
	const struct vpn_msg *first = NULL;
	for (size_t i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++) {
		const char *h = strstr(s, msgs[i].marker);
		if (!h)
			continue;
		const char *name = h + strlen(msgs[i].marker);
		if (msgs[i].via_dev) {
			const char *d = strstr(name, " dev ");
			if (!d || d - name > 64)
				continue;
			name = d + 5;
		}
		size_t n = name_len(name);
		if (msgs[i].after[0] && n &&
		    strncmp(name + n, msgs[i].after, strlen(msgs[i].after)) == 0) {
			*at = name;
			*msg = h;
			return &msgs[i];
		}
		if (!first) {
			first = &msgs[i];
			*at = name;
			*msg = h;
		}
	}
	return first;
}

static int detect(const struct ev_line *l, int min)
{
	if (min > 2)
		return 0;
	const char *at, *msg;
	return find(l->s, &at, &msg) ? 2 : 0;
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

/* Syslog tags a writer of each message goes by: openvpn's own ("openvpn", or "ovpn-NAME" from
 * --daemon/--syslog NAME), wg-quick's, mpd's ("ppp" on pfSense). */
static bool tag_is(const char *tag, size_t n, const char *comm)
{
	static const char *const names[][3] = {{"openvpn", "ovpn", NULL},
	                                       {"wg-quick", NULL, NULL},
	                                       {"mpd5", "mpd", "ppp"},
	                                       {"pppd", NULL, NULL}};
	static const char *const comms[] = {"openvpn", "wg-quick", "mpd5", "pppd"};
	for (size_t i = 0; i < sizeof(comms) / sizeof(comms[0]); i++) {
		if (strcmp(comms[i], comm) != 0)
			continue;
		for (size_t j = 0; j < 3 && names[i][j]; j++) {
			size_t k = strlen(names[i][j]);
			/* "openvpn" also as a prefix: "openvpn-server", "ovpn-client", OpenWrt's
			 * "openvpn(omr)" (procd's instance name) */
			bool prefix = j == 0 ? i == 0 : i == 0 && j == 1;
			if (n == k ? memcmp(tag, names[i][j], k) == 0
			           : prefix && n > k && memcmp(tag, names[i][j], k) == 0 &&
			                 (tag[k] == '-' || tag[k] == '@' || tag[k] == '_' ||
			                  (tag[k] == '(' && tag[n - 1] == ')')))
				return true;
		}
	}
	return false;
}

/* The syslog tag before the message ("host openvpn[1234]: TUN/TAP ...", "ppp: [wan] Bundle:
 * ..."): a tag of another program means the words are not that program's own (any user's
 * program can log "TUN/TAP device tun0 opened", with `logger -t evil` or as its own output),
 * and two tags mean the second is part of another program's message. Returns false for such a
 * line; *pid is the tag's pid, or -1 (no tag: a terminal's or a log file's line). */
/* A syslog severity as log pages print it before the tag ("Notice", "Informational"). */
static bool level_word(const char *p)
{
	static const char *const levels[] = {"Emergency", "Alert",  "Critical",      "Error",
	                                     "Warning",   "Notice", "Informational", "Debug"};
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		size_t n = strlen(levels[i]);
		if (strncmp(p, levels[i], n) == 0 && (p[n] == ' ' || p[n] == '\t'))
			return true;
	}
	return false;
}

static bool writer_ok(const char *s, const char *msg, const char *comm, int32_t *pid)
{
	*pid = -1;
	const char *e = msg;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (e > s && e[-1] == ']' && strcmp(comm, "mpd5") == 0) { /* "ppp: [wan] " */
		const char *b = e - 1;
		while (b > s && b[-1] != '[' && b[-1] != ' ')
			b--;
		if (b > s && b[-1] == '[') {
			e = b - 1;
			while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
				e--;
		}
	}
	/* a colon followed by a blank, anywhere before the message, is a tag's (times have digits
	 * after their colons) */
	size_t tags = 0;
	for (const char *p = s; p < msg; p++)
		if (*p == ':' && (p + 1 == msg || p[1] == ' ' || p[1] == '\t'))
			tags++;
	/* without a tag, only a time stamp may come before the message ("Mon Nov 11 12:30:56 2019
	 * TUN/TAP device tun0 opened", pfSense's
	 * "2024-10-17T22:36:38<tab>Informational<tab>ppp<tab> [wan] IFACE: ..."): "I see DCO device
	 * wg0 opened" is a sentence quoting one */
	if (tags == 0) {
		/* pppd's words are plain English ("Using interface docker0" of any tool's output):
		 * only under its tag or in its log file's form (below) */
		if (strcmp(comm, "pppd") == 0)
			return false;
		if (e == s)
			return true;
		size_t st = ev_log_stamp(s);
		if (e[-1] == ':' || st == 0 || s + st > e)
			return false;
		/* nothing but the stamp, or the stamp and a level (pfSense's and OPNsense's log
		 * pages: "2023-10-18T16:19:04<tab>Notice<tab>openvpn_client1<tab> ..."): "Dec 07
		 * 10:00:02 host alice TUN/TAP device tun0 opened" is syslog's, its host where the
		 * level would be, with a tag anyone sends to /dev/log */
		const char *p = s + st;
		p += strspn(p, " \t0123456789:.,+-TZ");
		return p >= e || level_word(p);
	}
	/* pppd's log file: its time stamp, then " : " ("Wed Apr 22 23:44:42 2020 : ") */
	if (tags == 1 && strcmp(comm, "pppd") == 0 && e - s >= 3 && e[-1] == ':' && e[-2] == ' ' &&
	    !memchr(s, '[', (size_t)(e - s))) {
		/* nothing but the stamp (its seconds, its year) before " : ": syslog's "host
		 * alice : " (`logger -t 'alice '`, anyone's) is no pppd's file */
		const char *t = ev_skip_ws(s);
		size_t st = ev_log_stamp(t);
		if (st > 0 && t + st <= e - 1 &&
		    strspn(t + st, " 0123456789:.,+-TZ") >= (size_t)(e - 1 - (t + st)))
			return true;
	}
	if (tags > 1 || e == s || e[-1] != ':')
		return false;
	const char *end = e - 1, *b = end;
	while (b > s && b[-1] != ' ' && b[-1] != '\t')
		b--;
	const char *br = memchr(b, '[', (size_t)(end - b));
	size_t n = (size_t)((br ? br : end) - b);
	if (!tag_is(b, n, comm))
		return false;
	if (br && end[-1] == ']') {
		int64_t v = 0;
		size_t d = 0;
		while (br[1 + d] >= '0' && br[1 + d] <= '9' && d < 10)
			v = v * 10 + (br[1 + d++] - '0');
		if (d && br + 1 + d == end - 1 && v > 0 && v <= INT32_MAX)
			*pid = (int32_t)v;
	}
	return true;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *at, *msg;
	const struct vpn_msg *m = find(l->s, &at, &msg);
	if (!m)
		return false;
	if (m->marker[1] == '+') { /* "[+] Interface for wg0 is utun3" */
		const char *is = strstr(at, " is ");
		if (!is)
			return true;
		at = is + 4;
	}
	if (m->marker[0] == 'I') { /* "IFACE: Rename interface ng0 to pppoe0" */
		const char *to = strstr(at, " to ");
		if (!to)
			return true;
		at = to + 4;
	}
	int32_t pid;
	if (!writer_ok(l->s, msg, m->comm, &pid))
		return true; /* a log line, but not the program's own word */
	size_t n = name_len(at);
	if (n && m->at_end && at[n] && at[n] != ' ' && at[n] != '\r')
		n = 0;
	if (n && m->at_end && *ev_skip_ws(at + n))
		n = 0;
	if (!n || (m->after[0] && strncmp(at + n, m->after, strlen(m->after)) != 0))
		return true;
	struct ifw_logcreate *lc = ev_logcreate_add(c, l, at, n, m->comm, pid, NULL);
	if (lc)
		lc->kinds = m->kinds;
	return true;
}

const struct ev_parser ev_p_vpnlog = {
    .shape = EV_VPNLOG,
    .name = "tunnel program log",
    .detect = detect,
    .take = take,
};
