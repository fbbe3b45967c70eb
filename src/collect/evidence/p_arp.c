/* The neighbour tables people paste: net-tools `arp -n` (a table with an Iface column),
 * `arp -a` of net-tools, macOS and the BSDs ("? (192.0.2.1) at 52:54:0:12:34:56 on en0 ifscope
 * [ethernet]"), and `ip neigh` ("192.0.2.1 dev eth0 lladdr 52:54:00:12:34:56 REACHABLE"). Each
 * entry says its interface exists (a pod's veth may show nowhere else), and the neighbour's
 * hardware address is kept on it (infer/rule_neigh.c: who sits behind a virtual link). */
#include "collect/evidence/ev.h"

#include <string.h>

static bool name_ok(const struct ev_tok *t)
{
	if (t->len == 0 || t->len > 15)
		return false;
	for (size_t i = 0; i < t->len; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@",
		            t->s[i]))
			return false;
	return true;
}

static bool addr_tok(const struct ev_tok *t)
{
	struct ifw_ip ip;
	size_t n = t->len;
	const char *s = t->s;
	if (n >= 2 && s[0] == '(' && s[n - 1] == ')') {
		s++;
		n -= 2;
	}
	return n && ev_parse_ip(s, n, &ip);
}

static bool header(const char *s)
{
	return ev_starts(s, "Address") && strstr(s, "HWtype") && strstr(s, "Iface");
}

/* The interface an entry names, or false; *os: 'l' Linux, 'd' macOS, 'b' BSD, 0 unknown. */
static bool entry(const char *line, struct ev_tok *dev, char *os)
{
	struct ev_toks t;
	ev_tokenize(line, &t);
	*os = 0;
	if (t.n < 3)
		return false;
	/* ip neigh: ADDR dev IF [lladdr MAC] [router] STATE */
	if (addr_tok(&t.t[0]) && ev_tok_is(&t.t[1], "dev") && t.n >= 4) {
		*dev = t.t[2];
		*os = 'l';
		return name_ok(dev) &&
		       (ev_tok_is(&t.t[3], "lladdr") || ev_tok_is(&t.t[3], "FAILED") ||
		        ev_tok_is(&t.t[3], "INCOMPLETE"));
	}
	/* arp -a: NAME (ADDR) at MAC|(incomplete) [[ether]] on IF ... */
	if (t.n >= 6 && addr_tok(&t.t[1]) && t.t[1].s[0] == '(' && ev_tok_is(&t.t[2], "at")) {
		for (size_t i = 3; i + 1 < t.n; i++)
			if (ev_tok_is(&t.t[i], "on")) {
				*dev = t.t[i + 1];
				if (i + 2 < t.n && ev_tok_is(&t.t[i + 2], "ifscope"))
					*os = 'd';
				else if (i + 2 < t.n && ev_tok_is(&t.t[i + 2], "expires"))
					*os = 'b';
				else if (i > 4 && t.t[i - 1].s[0] == '[')
					*os = 'l';
				return name_ok(dev);
			}
		return false;
	}
	/* arp -n: ADDR HWTYPE HWADDR FLAGS [MASK] IFACE, or ADDR (incomplete) IFACE */
	if (addr_tok(&t.t[0]) && t.n >= 3 && t.n <= 6) {
		uint8_t mac[32];
		bool inc = ev_tok_is(&t.t[1], "(incomplete)");
		if (!inc && (t.n < 5 || ev_parse_mac(t.t[2].s, t.t[2].len, mac, sizeof(mac)) == 0))
			return false;
		*dev = t.t[t.n - 1];
		*os = 'l';
		return name_ok(dev);
	}
	return false;
}

static int detect(const struct ev_line *l, int min)
{
	if (header(l->s))
		return 3;
	if (min > 2)
		return 0;
	struct ev_tok dev;
	char os;
	/* a table row only under its header; the other forms by their words (`ip neigh`'s
	 * "ADDR dev IF lladdr ...") */
	if (!entry(l->s, &dev, &os))
		return 0;
	const char *first_end = l->s + strcspn(l->s, " \t");
	bool neigh = ev_starts(ev_skip_ws(first_end), "dev ");
	return neigh || !addr_tok(&(struct ev_tok){l->s, (size_t)(first_end - l->s)}) ? 2 : 0;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (!*s || header(s))
		return true;
	struct ev_tok dev;
	char os;
	if (!entry(s, &dev, &os))
		return false;
	ifw_id id = IFW_NOID;
	ev_iface_seen(c, l, dev.s, dev.len, &id);
	struct ev_toks t;
	ev_tokenize(s, &t);
	uint8_t mac[6];
	if (ev_find_mac(&t, mac))
		ev_neigh_add(c, id, mac);
	if (os == 'l')
		c->votes_linux++;
	else if (os == 'd')
		c->votes_darwin++;
	else if (os == 'b')
		c->votes_freebsd++;
	return true;
}

const struct ev_parser ev_p_arp = {
    .shape = EV_ARP,
    .name = "arp, ip neigh",
    .detect = detect,
    .take = take,
};
