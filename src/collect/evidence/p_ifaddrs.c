/* A program's dump of getifaddrs(3), one address a line, as apps print it in their debug logs
 * and people paste it from phones that have no ifconfig (iOS):
 *   ifaddrs:
 *       en0=10.0.11.16:0
 *       pdp_ip0=[2409:8900:73f:494b:8f2:ddca:1be8:d4c]:0
 * (https://github.com/simdsoft/yasio/issues/130). Each line names an interface that exists and
 * one of its addresses; the port is the sockaddr's, always 0 here. The link-layer entries
 * (AF_LINK) come as a name and a MAC, as a program that walks the list prints them:
 *   pdp_ip0  00:00:00:00:00:00
 *   en0  E8:8D:28:44:32:2F
 * (https://devpeace.com/iphone/14334076/...): the interface exists, with that address. And the
 * same pairs with labels, as a developer's own loop prints them:
 *   Interface: en2 - Address: 10.1.120.4
 *   Interface: en2 - Address: fe80::10fc:cc47:1033:5635%en2
 * (https://github.com/fluttercommunity/plus_plugins/issues/1652). */
#include "collect/evidence/ev.h"

#include <string.h>
#include <strings.h>
#include <sys/socket.h>

/* "NAME=ADDR:PORT" or "NAME=[ADDR]:PORT": the name and the address, or false. */
static bool parse(const char *line, struct ev_tok *name, struct ifw_ip *ip)
{
	const char *s = ev_skip_ws(line);
	const char *eq = strchr(s, '=');
	if (!eq || eq == s || eq - s > 15)
		return false;
	for (const char *p = s; p < eq; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-",
		            *p))
			return false;
	const char *a = eq + 1, *end;
	size_t n = strlen(a);
	while (n && (a[n - 1] == ' ' || a[n - 1] == '\t' || a[n - 1] == '\r'))
		n--;
	if (*a == '[') {
		end = memchr(a, ']', n);
		if (!end || end + 1 >= a + n || end[1] != ':')
			return false;
		if (!ev_parse_ip(a + 1, (size_t)(end - a - 1), ip))
			return false;
		end++;
	} else {
		end = memchr(a, ':', n);
		if (!end || !ev_parse_ip(a, (size_t)(end - a), ip) || ip->family != AF_INET)
			return false;
	}
	struct ev_tok port = {end + 1, (size_t)(a + n - end - 1)};
	uint64_t v;
	if (!ev_tok_u64(&port, &v, false) || v > 65535)
		return false;
	name->s = s;
	name->len = (size_t)(eq - s);
	return true;
}

/* A name that starts with a letter: a line's first word that is a number is no name. */
static bool name_ok(const char *s, size_t n)
{
	/* the words listings put before a MAC ("\tether 16:7d:da:f9:de:64" of an ifconfig block
	 * whose header was not read) are no interface's */
	static const char *const keys[] = {"ether", "lladdr", "address", "hwaddr", "HWaddr", "link",
	                                   "inet",  "inet6",  "mac",     "MAC",    "addr"};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strlen(keys[i]) == n && memcmp(s, keys[i], n) == 0)
			return false;
	return n && ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')) &&
	       ev_ifname_ok(s, n);
}

/* "NAME MAC", the whole line: the name and the 6-byte address, or false. */
static bool parse_link(const char *line, struct ev_tok *name, uint8_t mac[6])
{
	struct ev_toks t;
	ev_tokenize(line, &t);
	if (t.n != 2 || !name_ok(t.t[0].s, t.t[0].len) || !memchr(t.t[1].s, ':', t.t[1].len))
		return false;
	uint8_t buf[32];
	if (ev_parse_mac(t.t[1].s, t.t[1].len, buf, sizeof(buf)) != 6)
		return false;
	memcpy(mac, buf, 6);
	*name = t.t[0];
	return true;
}

static bool label_word(const struct ev_tok *t)
{
	static const char *const words[] = {"interface", "iface", "ifname", "name", "address",
	                                    "addr",      "ip",    "mac",    "inet", "inet6"};
	size_t n = t->len;
	if (n && t->s[n - 1] == ':')
		n--;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && strncasecmp(t->s, words[i], n) == 0)
			return true;
	return false;
}

/* "Interface: en2 - Address: 10.1.120.4": a name and an address (or MAC) between label words
 * and dashes, nothing else on the line. *is_mac says which. */
static bool parse_labelled(const char *line, struct ev_tok *name, struct ifw_ip *ip, uint8_t mac[6],
                           bool *is_mac)
{
	struct ev_toks t;
	ev_tokenize(line, &t);
	/* a label comes first: "Hardware Address: 52:54:00:..." (networkctl status) is a label of
	 * two words, no interface called Hardware */
	if (t.n < 3 || t.n > 8 || !label_word(&t.t[0]))
		return false;
	const struct ev_tok *v[2];
	size_t nv = 0, labels = 0;
	for (size_t i = 0; i < t.n; i++) {
		const struct ev_tok *k = &t.t[i];
		if (label_word(k))
			labels++;
		else if ((k->len == 1 && strchr("-=:|,", k->s[0])) ||
		         (k->len == 2 && memcmp(k->s, "->", 2) == 0))
			continue;
		else if (nv == 2)
			return false;
		else
			v[nv++] = k;
	}
	if (nv != 2 || !labels)
		return false;
	size_t n = v[0]->len;
	if (n && v[0]->s[n - 1] == ',')
		n--;
	if (!name_ok(v[0]->s, n))
		return false;
	name->s = v[0]->s;
	name->len = n;
	uint8_t buf[32];
	if (memchr(v[1]->s, ':', v[1]->len) &&
	    ev_parse_mac(v[1]->s, v[1]->len, buf, sizeof(buf)) == 6) {
		memcpy(mac, buf, 6);
		*is_mac = true;
		return true;
	}
	*is_mac = false;
	size_t an = strcspn(v[1]->s, "/ \t");
	return an <= v[1]->len && ev_parse_ip(v[1]->s, an, ip);
}

static int detect(const struct ev_line *l, int min)
{
	if (min > 2)
		return 0;
	struct ev_tok name;
	struct ifw_ip ip;
	uint8_t mac[6];
	bool is_mac;
	return parse(l->s, &name, &ip) || parse_link(l->s, &name, mac) ||
	               parse_labelled(l->s, &name, &ip, mac, &is_mac)
	           ? 2
	           : 0;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (ev_starts(s, "ifaddrs:") || !*s)
		return true;
	struct ev_tok name;
	struct ifw_ip ip;
	uint8_t mac[6];
	if (parse_link(l->s, &name, mac)) {
		struct ifw_iface *f = ev_iface_seen(c, l, name.s, name.len, NULL);
		if (f && !f->mac_len) {
			memcpy(f->mac, mac, 6);
			f->mac_len = 6;
		}
		return true;
	}
	bool is_mac;
	if (parse_labelled(l->s, &name, &ip, mac, &is_mac)) {
		ifw_id id;
		struct ifw_iface *f = ev_iface_seen(c, l, name.s, name.len, &id);
		if (!f)
			return true;
		if (is_mac) {
			if (!f->mac_len) {
				memcpy(f->mac, mac, 6);
				f->mac_len = 6;
			}
			return true;
		}
		f->flags |= IFW_IFF_UP;
		if (!ifw_ip_is_any(&ip)) {
			struct ifw_addr *a =
			    ev_addr_add(c, id, &ip, ip.family == AF_INET ? 32 : 128);
			if (a)
				ev_origin(c, l, &a->origin);
		}
		return true;
	}
	if (!parse(l->s, &name, &ip))
		return false;
	ifw_id id;
	struct ifw_iface *f = ev_iface_seen(c, l, name.s, name.len, &id);
	if (!f)
		return true;
	f->flags |= IFW_IFF_UP; /* getifaddrs lists addresses of configured interfaces */
	if (ifw_ip_is_any(&ip))
		return true; /* lo0=[::]:0: a placeholder, not an address */
	struct ifw_addr *a = ev_addr_add(c, id, &ip, ip.family == AF_INET ? 32 : 128);
	if (a)
		ev_origin(c, l, &a->origin);
	return true;
}

const struct ev_parser ev_p_ifaddrs = {
    .shape = EV_IFADDRS,
    .name = "getifaddrs dump",
    .detect = detect,
    .take = take,
};
