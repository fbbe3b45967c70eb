/* Log lines of any program that name an interface in the words programs use for one:
 *   2023-10-18T16:19:04  Notice  openvpn_client1  ROUTE_GATEWAY 192.0.2.1/24 IFACE=igc0 ...
 *   Jun 16 10:00:00 host NetworkManager[612]: <info> device (p2p-wlan0-0): state change ...
 *   Wed May 14 02:59:46 2025 daemon.notice netifd: Network device 'tun0' link is up
 *   2017-05-10 17:17:22.95 ... nesessionmanager: ... Secondary Interface utun1: flags changed
 * A line counts only with a log's time stamp in front (ISO, syslog, ctime, a dmesg "[ 12.3]",
 * a bracketed "[07-09_23:14:39:654]") or inside a Markdown code fence, so prose is not read; and a
 * name only after "interface", "iface", "ifname", "netdev", "dev" or "device", or as their value
 * ("IFACE=igc0", "interface: wlan0", and "name:usb0" of a netlink monitor), with a digit in it or
 * quoted
 * ("device 'br-lan'"), or as what "add NAME type KIND" adds. The interface exists;
 * nothing else is claimed of it (the more telling lines of the kernel, OpenVPN, wg-quick and
 * NetworkExtension have their own parsers). */
#include "collect/evidence/ev.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return n > 0;
}

/* The length of a log time stamp at the start of s, or 0. */
static size_t stamp(const char *s)
{
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
	/* 2023-10-18T16:19:04, 2023-10-18 16:19:04.1+0300, 2018/09/15 01:01:40 */
	if (digits(s, 4) && (s[4] == '-' || s[4] == '/') && digits(s + 5, 2) && s[7] == s[4] &&
	    digits(s + 8, 2) && (s[10] == 'T' || s[10] == ' ') && digits(s + 11, 2) && s[13] == ':')
		return 16;
	/* [ 12.345678] (dmesg), [07-09_23:14:39:654], [2024-01-05T10:00:00.123Z] */
	if (s[0] == '[') {
		const char *e = strchr(s, ']');
		if (!e || e - s > 32 || e - s < 3)
			return 0;
		for (const char *p = s + 1; p < e; p++)
			if (!strchr(" 0123456789.:-_TZ+,", *p))
				return 0;
		return (size_t)(e - s + 1);
	}
	/* 03.10 13:03:35.231 (day and month, then the time: Hamachi's engine log) */
	if (digits(s, 2) && strchr("./-", s[2]) && s[2] && digits(s + 3, 2) && s[5] == ' ' &&
	    digits(s + 6, 2) && s[8] == ':' && digits(s + 9, 2) && s[11] == ':' &&
	    digits(s + 12, 2))
		return 14 + strspn(s + 14, ".0123456789");
	/* +0800 2023-05-03 14:42:11 (a zone first: sing-box) */
	if ((s[0] == '+' || s[0] == '-') && digits(s + 1, 4) && s[5] == ' ') {
		size_t in = stamp(s + 6);
		return in ? 6 + in : 0;
	}
	/* INFO[0000] (logrus's text form: the level and the seconds since start) */
	size_t lv = 0;
	while (lv < 5 && isupper((unsigned char)s[lv]))
		lv++;
	if (lv >= 4 && s[lv] == '[' && digits(s + lv + 1, 4) && s[lv + 5] == ']')
		return lv + 6;
	/* klog (Kubernetes' components): I1017 21:30:50.456803   29452 file.go:245] msg */
	if (strchr("IWEF", s[0]) && s[0] && digits(s + 1, 4) && s[5] == ' ' && digits(s + 6, 2) &&
	    s[8] == ':' && digits(s + 9, 2) && s[11] == ':') {
		const char *e = strchr(s, ']');
		return e && e - s < 96 ? (size_t)(e - s + 1) : 14;
	}
	/* logfmt (Go daemons' logrus, slog): time="2024-01-05T10:00:00Z" level=info msg=... */
	if (strncmp(s, "time=", 5) == 0 || strncmp(s, "ts=", 3) == 0) {
		const char *v = s + (s[0] == 't' && s[1] == 'i' ? 5 : 3);
		if (*v == '"')
			v++;
		if (digits(v, 4) && v[4] == '-' && digits(v + 5, 2) && v[7] == '-' &&
		    digits(v + 8, 2)) {
			const char *e = strchr(v, ' ');
			return e ? (size_t)(e - s) : 0;
		}
	}
	/* Wed May 14 02:59:46 2025 (ctime) */
	size_t off = 0;
	for (size_t i = 0; i < 7; i++)
		if (strncmp(s, days[i], 3) == 0 && s[3] == ' ')
			off = 4;
	/* 2021 Apr 15 07:27:04 (DTrace's walltimestamp, "%Y %b %d %T") */
	if (digits(s, 4) && s[4] == ' ')
		off = 5;
	/* Sep 15 01:01:43 (syslog); in any language's month ("lut 15 19:36:07", "сен 3 ..."):
	 * a short word (UTF-8 bytes count as letters), a day, a time */
	size_t mw = 0;
	while (mw < 17 &&
	       (isalpha((unsigned char)s[off + mw]) || (unsigned char)s[off + mw] >= 0x80))
		mw++;
	if (mw >= 2 && mw <= 15 && s[off + mw] == '.') /* "déc.", "janv." (French journals) */
		mw++;
	/* "12月 21 08:30:30" (Chinese and Japanese journals: the month's number and 月) */
	size_t md = strspn(s + off, "0123456789");
	if (!mw && md >= 1 && md <= 2 && strncmp(s + off + md, "\xe6\x9c\x88", 3) == 0)
		mw = md + 3;
	bool any_month = mw >= 2 && mw <= 16 && s[off + mw] == ' ';
	for (size_t i = 0; i < 12; i++)
		if ((strncmp(s + off, months[i], 3) == 0 && s[off + 3] == ' ') ||
		    (i == 0 && any_month)) {
			size_t skip =
			    strncmp(s + off, months[i], 3) == 0 && s[off + 3] == ' ' ? 3 : mw;
			const char *d = s + off + skip + 1;
			while (*d == ' ')
				d++;
			if (isdigit((unsigned char)d[0]) &&
			    (d[1] == ' ' || (isdigit((unsigned char)d[1]) && d[2] == ' ')) &&
			    strchr(d, ':') && (size_t)(strchr(d, ':') - d) <= 5)
				return (size_t)(d - s) + 3;
		}
	/* 15:28:37.874860-0800 after a level word (Apple's Console: "default\t15:28:37...") */
	const char *t = s;
	while (isalpha((unsigned char)*t))
		t++;
	if (t > s && (*t == '\t' || *t == ' ') && digits(t + 1, 2) && t[3] == ':' &&
	    digits(t + 4, 2) && t[6] == ':')
		return (size_t)(t - s) + 9;
	return 0;
}

static bool name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.' || c == '@';
}

/* Words a name never is, though some follow "interface" or "device" with a digit in them. */
static bool not_a_name(const char *s, size_t n)
{
	static const char *const words[] = {"null", "none", "any",  "all",   "default", "unknown",
	                                    "nil",  "ipv4", "ipv6", "inet4", "inet6",   "v4",
	                                    "v6",   "is",   "for",  "the",   "index"};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && strncasecmp(s, words[i], n) == 0)
			return true;
	return false;
}

/* The interface name at p (after a keyword and its separator): its start and length, or 0. */
/* any: a name needs neither a digit nor quotes (the keyword's syntax is strong enough) */
static size_t name_at(const char *p, const char **start, bool any)
{
	char open = 0;
	if (*p == '\'' || *p == '"' || *p == '(' || *p == '<' || *p == '`') {
		open = *p == '(' ? ')' : *p == '<' ? '>' : *p;
		p++;
	}
	size_t n = 0;
	while (name_char(p[n]) && n < 21)
		n++;
	/* avahi's "interface eth0.IPv4", "interface pan1.IPv6": the family after the name */
	if (n > 5 && (strncmp(p + n - 5, ".IPv4", 5) == 0 || strncmp(p + n - 5, ".IPv6", 5) == 0))
		n -= 5;
	while (n > 0 && (p[n - 1] == '.' || p[n - 1] == '-'))
		n--; /* a sentence's full stop */
	if (n == 0 || n > 15 || !isalpha((unsigned char)p[0]) || not_a_name(p, n))
		return 0;
	bool quoted = open && p[n] == open;
	bool digit = false;
	for (size_t i = 0; i < n; i++)
		digit = digit || isdigit((unsigned char)p[i]);
	if (!digit && !quoted && !any)
		return 0;
	if (memchr(p, '.', n) && digits(p + n - 1, 1) && strspn(p, "0123456789.") == n)
		return 0;
	*start = p;
	return n;
}

/* Block and character devices that logs also call a "device" or "dev" ("Buffer I/O error on dev
 * sda1"): their kernel names (Documentation/admin-guide/devices.txt) are no interface's. */
static bool storage_or_tty(const char *s, size_t n)
{
	/* numbered right after the prefix: nvme0n1, mmcblk0p1, loop0, dm-0, md127, ttyS0 */
	static const char *const numbered[] = {"nvme", "mmcblk", "loop",   "dm-", "md",
	                                       "sr",   "nbd",    "zram",   "ram", "mtd",
	                                       "tty",  "ubi",    "hidraw", "fb",  "event"};
	/* lettered disks: sda1, hdb, vdc2, xvda1 */
	static const char *const lettered[] = {"sd", "hd", "vd", "xvd"};
	for (size_t i = 0; i < sizeof(numbered) / sizeof(numbered[0]); i++) {
		size_t k = strlen(numbered[i]);
		if (n > k && strncmp(s, numbered[i], k) == 0 &&
		    (isdigit((unsigned char)s[k]) || (strcmp(numbered[i], "tty") == 0)))
			return true;
	}
	for (size_t i = 0; i < sizeof(lettered) / sizeof(lettered[0]); i++) {
		size_t k = strlen(lettered[i]);
		if (n > k && strncmp(s, lettered[i], k) == 0 && s[k] >= 'a' && s[k] <= 'z')
			return true;
	}
	return false;
}

/* A syslog message about an interface, in the "NAME: what happened" form network daemons use
 * after their tag: "systemd-networkd[612]: wg0: netdev ready", "dhcpcd[512]: eth0: carrier
 * acquired". The tag needs its pid (a word and a colon alone is any text), and the name a
 * digit. */
static size_t tagged_subject(const char *msg, const char **start)
{
	const char *p = msg;
	for (int words = 0; *p && words < 4; words++) {
		while (*p == ' ' || *p == '\t')
			p++;
		const char *e = p;
		while (*e && *e != ' ' && *e != '\t')
			e++;
		if (e - p >= 4 && e[-1] == ':' && e[-2] == ']' && memchr(p, '[', (size_t)(e - p))) {
			const char *q = e;
			while (*q == ' ')
				q++;
			size_t n = 0;
			while (name_char(q[n]) && n < 16)
				n++;
			/* "net_addr_v4_add:": a function's name in snake case, not a device's */
			size_t under = 0;
			for (size_t i = 0; i < n; i++)
				under += q[i] == '_';
			if (n < 2 || n > 15 || q[n] != ':' || under >= 2 ||
			    (q[n + 1] != ' ' && q[n + 1] != '\0') ||
			    !isalpha((unsigned char)q[0]) || not_a_name(q, n) ||
			    storage_or_tty(q, n))
				return 0;
			bool digit = false;
			for (size_t i = 0; i < n; i++)
				digit = digit || isdigit((unsigned char)q[i]);
			if (!digit)
				return 0;
			*start = q;
			return n;
		}
		p = e;
	}
	return 0;
}

/* "Setting MTU of kube-bridge interface to ...", "for cni0 interface": a name before the word
 * "interface", after of/for/the/on, with a digit or a dash in it (not "the network interface"). */
static size_t name_before_interface(const char *msg, const char **start)
{
	static const char *const before[] = {"of ", "for ", "the ", "on ", "to ", "from "};
	for (const char *p = msg; (p = strstr(p, " interface")) && p - msg < 4096; p++) {
		const char *e = p, *b = p;
		while (b > msg && b[-1] != ' ' && e - b < 16)
			b--;
		size_t n = (size_t)(e - b);
		if (!n || n > 15 || b == msg || !isalpha((unsigned char)b[0]) ||
		    !strpbrk(b, "0123456789-") || strpbrk(b, "0123456789-") >= e)
			continue;
		bool ok = true;
		for (const char *q = b; q < e && ok; q++)
			ok = name_char(*q);
		for (size_t i = 0; ok && i < sizeof(before) / sizeof(before[0]); i++) {
			size_t k = strlen(before[i]);
			if ((size_t)(b - msg) >= k && strncmp(b - k, before[i], k) == 0 &&
			    (b - msg == (ptrdiff_t)k || b[-(ptrdiff_t)k - 1] == ' ')) {
				*start = b;
				return n;
			}
		}
	}
	return 0;
}

/* "wireguard instance wg_mobile (wg1) started" (OPNsense's plugins), "device (tun0): state
 * change" (NetworkManager): a name in parentheses, with a digit, before what happened to it. */
static size_t name_in_parens(const char *msg, const char **start)
{
	static const char *const after[] = {" started", " stopped", " created", " destroyed",
	                                    " up",      " down",    ": "};
	for (const char *p = msg; (p = strchr(p, '(')) && p - msg < 4096; p++) {
		const char *q = p + 1;
		size_t n = 0;
		while (n < 16 && name_char(q[n]))
			n++;
		if (n < 2 || n > 15 || q[n] != ')' || !isalpha((unsigned char)q[0]) ||
		    !strpbrk(q, "0123456789") || strpbrk(q, "0123456789") >= q + n ||
		    not_a_name(q, n) || storage_or_tty(q, n))
			continue;
		for (size_t i = 0; i < sizeof(after) / sizeof(after[0]); i++)
			if (strncmp(q + n + 1, after[i], strlen(after[i])) == 0) {
				*start = q;
				return n;
			}
	}
	return 0;
}

/* The first interface the message names, or 0. */
static size_t mention(const char *msg, const char **start)
{
	size_t tn = tagged_subject(msg, start);
	if (tn)
		return tn;
	tn = name_before_interface(msg, start);
	if (tn)
		return tn;
	tn = name_in_parens(msg, start);
	if (tn)
		return tn;
	/* and macOS pppd's "L2TP set port-mapping for en0, interface: 5": the underlay; a
	 * program's record of its TUN ("TunInfo(tunName: "utun3", ...)") */
	/* "vnet=vmnet8": VMware's vmware.log names the host network a guest's card is on */
	static const char *const keys[] = {"interface", "iface",    "ifname", "netdev",
	                                   "device",    "dev",      "name",   "port-mapping for",
	                                   "tunName",   "tun_name", "vnet",   "network alias"};
	int ip_cmd =
	    -1; /* the whole message's test, made once: a line of many "dev" stays linear */
	/* the BSDs' CARP: "carp: 250@lagg0_vlan210: BACKUP -> MASTER" (vhid@interface) */
	const char *carp = strstr(msg, "carp: ");
	if (carp && carp - msg < 256) {
		const char *q = carp + 6;
		size_t d = strspn(q, "0123456789");
		if (d && d <= 3 && q[d] == '@') {
			size_t n = name_at(q + d + 1, start, true);
			if (n && (*start)[n] == ':')
				return n;
		}
	}
	for (const char *p = msg; *p; p++) {
		if (p > msg && isalnum((unsigned char)p[-1]))
			continue;
		/* "add tun0 type ovpn-dco": a program's netlink request, in ip's words */
		if (strncmp(p, "add ", 4) == 0) {
			size_t n = name_at(p + 4, start, false);
			if (n && *start == p + 4 && strncmp(p + 4 + n, " type ", 6) == 0)
				return n;
		}
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			size_t kn = strlen(keys[k]);
			if (strncasecmp(p, keys[k], kn) != 0)
				continue;
			/* OpenWrt's netifd calls its logical networks (UCI's "wan", "omrvpn")
			 * "Interface 'X'" and devices "Network device 'X'" */
			if (k == 0 && p - msg >= 8 && strncmp(p - 8, "netifd: ", 8) == 0)
				continue;
			const char *q = p + kn;
			if (k == 10 && (*q != '=' || strncmp(p, "vnet", 4) != 0))
				continue; /* "vnet=vmnet8" only, not vmware.log's "VNET: Semaphore"
				           */
			if (*q == '"' && q[1] == ':') /* a JSON log's "interface":"wg0" */
				q += 2;
			else if (*q == '=' || *q == ':')
				q++;
			else if (*q != ' ' || k == 6) /* "name" only as "name:usb0", "name=usb0" */
				continue;
			while (*q == ' ')
				q++;
			/* an ip command echoed in the log ("[wg0] ip link set mtu 1420 up dev
			 * nordlynx"): its "dev" takes any name */
			if (k == 5 && ip_cmd < 0)
				ip_cmd = (strstr(msg, " ip ") || strncmp(msg, "ip ", 3) == 0) &&
				         (strstr(msg, " link ") || strstr(msg, " address ") ||
				          strstr(msg, " addr ") || strstr(msg, " route "));
			size_t n = name_at(q, start, k == 5 && ip_cmd == 1);
			/* a disk or terminal after the words every device shares */
			if (n && k >= 4 && k <= 5 && storage_or_tty(*start, n))
				n = 0;
			if (n)
				return n;
		}
	}
	return 0;
}

size_t ev_log_mention(const char *msg, const char **start)
{
	return mention(msg, start);
}

/* Whether NetworkManager's tag ("NetworkManager[818]:") comes before the message's words. */
static bool nm_tagged(const char *msg, const char *upto)
{
	static const char tag[] = "NetworkManager[";
	for (const char *p = msg; (p = strstr(p, tag)) && p < upto; p++) {
		const char *d = p + sizeof(tag) - 1;
		size_t k = strspn(d, "0123456789");
		if ((p == msg || p[-1] == ' ') && k && d[k] == ']' && d[k + 1] == ':' &&
		    d + k < upto)
			return true;
	}
	return false;
}

/* NetworkManager's "manager: (tun0): new Tun device (/org/freedesktop/...)": the kind of link
 * the kernel reported to it, by NM's name for each type (its device classes' type
 * descriptions). */
static void nm_new_device(struct ev_ctx *c, const struct ev_line *l, const char *msg)
{
	static const struct {
		const char *desc, *kind;
	} types[] = {{"Tun", "tun"},       {"Veth", "veth"},           {"Bridge", "bridge"},
	             {"Bond", "bond"},     {"VLAN", "vlan"},           {"MACVLAN", "macvlan"},
	             {"VXLAN", "vxlan"},   {"WireGuard", "wireguard"}, {"Dummy", "dummy"},
	             {"IPVLAN", "ipvlan"}, {"Team", "team"},           {"VRF", "vrf"}};
	const char *p = strstr(msg, "): new ");
	if (!p || p - msg > 4096)
		return;
	const char *open = p;
	while (open > msg && open[-1] != '(' && p - open < 16)
		open--;
	if (open == msg || open[-1] != '(')
		return;
	size_t n = (size_t)(p - open);
	const char *desc = p + 7;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		size_t k = strlen(types[i].desc);
		if (strncmp(desc, types[i].desc, k) != 0 || strncmp(desc + k, " device", 7) != 0)
			continue;
		if (!n || n > 15 || !ev_ifname_ok(open, n))
			return;
		ifw_id id = IFW_NOID;
		ev_iface_logged(c, l, open, n, &id);
		/* NetworkManager's word under its own tag, and only for an interface no listing
		 * shows (finish.c): any user logs these words under any tag, and a kind makes
		 * certain claims (a bond, a VXLAN) of root's card */
		if (id != IFW_NOID && nm_tagged(msg, open))
			ev_ref_add(c, EV_REF_LOGKIND, id, types[i].kind, 0, l);
		return;
	}
}

/* A name as programs print lists of interfaces: letters, then a digit somewhere ("utun9",
 * "eth2.2", "enp3s5homenet"), at most 15 bytes, no word that is never a device's. */
static size_t listed_name(const char *p)
{
	size_t n = 0, alpha = 0;
	while (n < 16 && name_char(p[n]) && p[n] != '@')
		n++;
	while (alpha < n && isalpha((unsigned char)p[alpha]))
		alpha++;
	if (n < 2 || n > 15 || alpha < 1 || alpha > 12)
		return 0;
	bool digit = false;
	for (size_t i = 0; i < n; i++)
		digit = digit || isdigit((unsigned char)p[i]);
	if (!digit || not_a_name(p, n) || storage_or_tty(p, n) || p[n - 1] == '.' ||
	    p[n - 1] == '-')
		return 0;
	return n;
}

static bool ipv4_at(const char *p)
{
	for (int part = 0; part < 4; part++) {
		size_t d = strspn(p, "0123456789");
		if (!d || d > 3 || (part < 3 && p[d] != '.'))
			return false;
		p += d + 1;
	}
	return true;
}

/* Further interfaces a line of a program's output names in the forms programs list them:
 *   "utun7:100.64.0.1", "ifs={br0:[192.168.20.1/24 ...] eth2.2:[...]}" (a name, a colon, an
 *      address),
 *   "interface order [en0, utun9]" (a bracketed list, every item a name),
 *   "fe80::%gif0/64" (an IPv6 scope),
 *   "\"BSD Name\" = en12;" (a property list),
 *   "Attached \"tap0\" to bridge \"br0\"", "tun \"tailscale0\"" (a quoted name after tun, tap,
 *      bridge, ifc, to, attached or created).
 * At most max of them into found/lens; returns how many. */
static size_t more_mentions(const char *msg, const char **found, size_t *lens, size_t max)
{
	size_t k = 0;
	size_t len = strnlen(msg, 4096);
	for (size_t i = 0; i < len && k < max; i++) {
		const char *p = msg + i;
		if (i && name_char(p[-1]) && *p != '%' && *p != '"' && *p != '[')
			continue;
		size_t n = 0;
		const char *at = p;
		if (*p == '%') { /* fe80::1%gif0 */
			at = p + 1;
			n = i >= 2 && p[-1] != ' ' && memchr(msg, ':', i) ? listed_name(at) : 0;
			if (n && name_char(at[n]))
				n = 0;
		} else if (*p == '[' && listed_name(p + 1)) { /* [en0, utun9] */
			const char *q = p + 1;
			size_t got = 0;
			const char *names[8];
			size_t nl[8];
			for (;;) {
				size_t m = listed_name(q);
				if (!m || got == 8)
					break;
				names[got] = q;
				nl[got++] = m;
				q += m;
				if (*q == ']')
					break;
				if (q[0] != ',' || q[1] != ' ') {
					got = 0;
					break;
				}
				q += 2;
			}
			if (got >= 2 && *q == ']') {
				for (size_t g = 0; g < got && k < max; g++) {
					found[k] = names[g];
					lens[k++] = nl[g];
				}
				i = (size_t)(q - msg);
				continue;
			}
		} else if (*p == '"' && strncmp(p, "\"BSD Name\" = ", 13) == 0) {
			at = p + 13;
			n = listed_name(at);
			if (n && at[n] != ';')
				n = 0;
		} else if (*p == '"' && i >= 3) {
			static const char *const before[] = {"tun ",      "tap ",     "bridge ",
			                                     "ifc ",      "to ",      "Attached ",
			                                     "attached ", "Created ", "created "};
			for (size_t b = 0; !n && b < sizeof(before) / sizeof(before[0]); b++) {
				size_t bl = strlen(before[b]);
				if (i >= bl && strncmp(p - bl, before[b], bl) == 0 &&
				    (i == bl || !isalnum((unsigned char)p[-(ptrdiff_t)bl - 1]))) {
					at = p + 1;
					n = listed_name(at);
					if (n && at[n] != '"')
						n = 0;
				}
			}
		} else if (isalpha((unsigned char)*p)) { /* utun7:100.64.0.1, br0:[192... */
			n = listed_name(p);
			if (n && !(p[n] == ':' &&
			           (ipv4_at(p + n + 1) ||
			            (p[n + 1] == '[' &&
			             (ipv4_at(p + n + 2) || isxdigit((unsigned char)p[n + 2]))))))
				n = 0;
		}
		if (n) {
			found[k] = at;
			lens[k++] = n;
			i = (size_t)(at - msg) + n - 1;
		}
	}
	return k;
}

size_t ev_log_stamp(const char *s)
{
	return stamp(s);
}

/* A stamped line a page or a quote indented by a blank or two (" Wed Mar 12 15:49:05 2025 :
 * ..."): its stamp is still the line's first word. */
static const char *lead(const char *s, size_t *st)
{
	size_t k = 0;
	while (k < 2 && (s[k] == ' ' || s[k] == '\t'))
		k++;
	*st = stamp(s + k);
	return *st || !k ? s + k : s;
}

/* A syslog line whose time stamp was cut off (a log page's column, `cut`, a person trimming):
 * "HOST TAG[PID]: message", the tag a program's name and its pid. */
static bool cut_syslog(const char *s)
{
	const char *sp = strchr(s, ' ');
	if (!sp || sp == s || sp - s > 64)
		return false;
	const char *t = sp + 1, *b = strchr(t, '[');
	if (!b || b == t || b - t > 32 || memchr(t, ' ', (size_t)(b - t)))
		return false;
	size_t d = strspn(b + 1, "0123456789");
	return d && d <= 10 && b[1 + d] == ']' && b[2 + d] == ':' && b[3 + d] == ' ';
}

static int detect(const struct ev_line *l, int min)
{
	if (min > 2)
		return 0;
	size_t st;
	const char *s = lead(l->s, &st);
	const char *nm;
	/* in a code fence a program's output needs no time stamp to be output */
	const char *more[1];
	size_t ml[1];
	return (st || l->fenced || l->session || cut_syslog(s)) &&
	               (mention(s + st, &nm) || ev_echo_present(s + st) ||
	                more_mentions(s + st, more, ml, 1))
	           ? 2
	           : 0;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	size_t st;
	const char *s = lead(l->s, &st);
	/* a line another parser knows never gets here (a fallback reader: dispatch.c) */
	bool cut = !st && cut_syslog(s);
	if (!st && !l->fenced && !l->session && !cut)
		return false;
	const char *nm;
	size_t n = mention(s + st, &nm);
	if (n)
		ev_iface_logged(c, l, nm, n, NULL);
	const char *more[8];
	size_t ml[8];
	size_t k = more_mentions(s + st, more, ml, 8);
	for (size_t i = 0; i < k; i++)
		if (ev_ifname_ok(more[i], ml[i]))
			ev_iface_logged(c, l, more[i], ml[i], NULL);
	nm_new_device(c, l, s + st);
	ev_echo_record(c, l, s + st, st > 0 || cut);
	return true; /* a log line either way */
}

const struct ev_parser ev_p_logmention = {
    .shape = EV_LOGMENTION,
    .name = "log lines naming an interface",
    .detect = detect,
    .take = take,
    .fallback = true,
};
