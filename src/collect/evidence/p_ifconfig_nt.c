/* net-tools ifconfig before 2.10 (still what older Linux systems, busybox and many forum posts
 * show):
 *   eth0      Link encap:Ethernet  HWaddr 00:14:22:50:78:71
 *             inet addr:172.16.210.32  Bcast:172.16.255.255  Mask:255.255.0.0
 *             inet6 addr: fe80::214:22ff:fe50:7871/64 Scope:Link
 *             UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1
 *   tun0      Link encap:UNSPEC  HWaddr 00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00
 *             inet addr:10.8.0.1  P-t-P:10.8.0.2  Mask:255.255.255.255
 * The lines under the header are known by their first word: pasted from a web page they often
 * lose their indentation. */
#include "collect/evidence/ev.h"

#include <net/if.h>
#include <string.h>
#include <sys/socket.h>

/* "eth0      Link encap:Ethernet": the position of "Link encap:" or NULL. */
static const char *header_at(const char *s)
{
	if (s[0] == ' ' || s[0] == '\t')
		return NULL;
	const char *p = strstr(s, "Link encap:");
	if (!p || p == s || p - s > 80 || (p[-1] != ' ' && p[-1] != '\t'))
		return NULL;
	for (const char *q = s; q < p; q++)
		if ((*q == ' ' || *q == '\t') && *ev_skip_ws(q) != 'L')
			return NULL; /* one word before it: the name */
	return p;
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	return header_at(l->s) ? 3 : 0;
}

static uint16_t encap(const char *s)
{
	if (ev_starts(s, "Ethernet"))
		return 1;
	if (ev_starts(s, "Local Loopback"))
		return 772;
	if (ev_starts(s, "UNSPEC"))
		return 65534;
	if (ev_starts(s, "Point-to-Point"))
		return 512;
	if (ev_starts(s, "IPIP"))
		return 768;
	if (ev_starts(s, "IPv6-in-IPv4"))
		return 776;
	if (ev_starts(s, "UNSPEC") || ev_starts(s, "None"))
		return 65534;
	return 0;
}

static bool header(struct ev_ctx *c, struct ev_line *l, const char *at)
{
	size_t n = 0;
	while (l->s[n] && l->s[n] != ' ' && l->s[n] != '\t')
		n++;
	if (n && l->s[n - 1] == ':') /* "eth0:" in some busybox builds */
		n--;
	ifw_id id = ev_iface_get(c, c->ns, l->s, n, NULL);
	c->cur_iface = id;
	if (id == IFW_NOID)
		return true;
	struct ifw_iface *f = &c->m->ifaces.v[id];
	if (!f->origin.raw)
		ev_origin(c, l, &f->origin);
	f->arptype = encap(at + 11);
	const char *hw = strstr(at, "HWaddr ");
	if (hw && f->arptype != 65534) {
		struct ev_toks t;
		ev_tokenize(hw + 7, &t);
		size_t m = t.n ? ev_parse_mac(t.t[0].s, t.t[0].len, f->mac, sizeof(f->mac)) : 0;
		f->mac_len = (uint8_t)m;
		if (!m && t.n && ev_masked(t.t[0].s, t.t[0].len))
			c->masked++;
	}
	c->votes_linux++;
	return true;
}

/* "addr:10.8.0.1" or "Mask:255.255.255.0": the value after the colon. */
static bool value(const struct ev_tok *t, const char *key, struct ev_tok *v)
{
	size_t k = strlen(key);
	if (t->len <= k || strncmp(t->s, key, k) != 0)
		return false;
	v->s = t->s + k;
	v->len = t->len - k;
	return true;
}

static bool inet(struct ev_ctx *c, struct ev_line *l, const struct ev_toks *t)
{
	struct ev_tok v;
	struct ifw_ip ip, peer = {0};
	int plen = -1;
	bool v6 = ev_tok_is(&t->t[0], "inet6");
	size_t i = 1;
	if (v6) { /* inet6 addr: fe80::1/64 Scope:Link */
		if (i < t->n && ev_tok_is(&t->t[i], "addr:"))
			i++;
		if (i >= t->n)
			return false;
		v = t->t[i];
	} else if (i >= t->n || !value(&t->t[i], "addr:", &v)) {
		return false;
	}
	if (ev_masked(v.s, v.len)) {
		c->masked++;
		return true;
	}
	const char *slash = memchr(v.s, '/', v.len);
	if (!ev_parse_ip(v.s, slash ? (size_t)(slash - v.s) : v.len, &ip) ||
	    (ip.family == AF_INET6) != v6)
		return false;
	if (slash) {
		struct ev_tok p = {slash + 1, (size_t)(v.s + v.len - slash - 1)};
		uint64_t x;
		if (ev_tok_u64(&p, &x, false) && x <= 128)
			plen = (int)x;
	}
	for (i++; i < t->n; i++) {
		if (value(&t->t[i], "Mask:", &v))
			plen = ev_netmask_plen(v.s, v.len);
		else if (value(&t->t[i], "P-t-P:", &v))
			ev_parse_ip(v.s, v.len, &peer);
	}
	if (plen < 0)
		plen = v6 ? 128 : 32;
	struct ifw_addr *a = ev_addr_add(c, c->cur_iface, &ip, (uint8_t)plen);
	if (a) {
		if (!ifw_ip_eq(&peer, &ip))
			a->peer = peer;
		ev_origin(c, l, &a->origin);
	}
	return true;
}

/* "UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1" */
static bool flags(struct ifw_iface *f, const struct ev_toks *t)
{
	uint32_t fl = 0;
	bool mtu = false;
	for (size_t i = 0; i < t->n; i++) {
		struct ev_tok v;
		uint64_t x;
		if (value(&t->t[i], "MTU:", &v) && ev_tok_u64(&v, &x, false) && x <= UINT32_MAX) {
			f->mtu = (uint32_t)x;
			mtu = true;
		} else if (!ev_starts(t->t[i].s, "Metric:")) {
			uint32_t b = ev_flags_by_name(t->t[i].s, t->t[i].len);
			if (!b)
				return false;
			fl |= b;
		}
	}
	if (!mtu && !fl)
		return false;
	f->flags = fl;
	return true;
}

static void counters(struct ifw_iface *f, const struct ev_toks *t)
{
	bool rx = ev_tok_is(&t->t[0], "RX");
	for (size_t i = 1; i < t->n; i++) {
		struct ev_tok v;
		uint64_t x;
		if (value(&t->t[i], "packets:", &v) && ev_tok_u64(&v, &x, false))
			*(rx ? &f->stats.rx_packets : &f->stats.tx_packets) = x;
		else if (value(&t->t[i], "errors:", &v) && ev_tok_u64(&v, &x, false))
			*(rx ? &f->stats.rx_errors : &f->stats.tx_errors) = x;
		else if (value(&t->t[i], "dropped:", &v) && ev_tok_u64(&v, &x, false))
			*(rx ? &f->stats.rx_dropped : &f->stats.tx_dropped) = x;
		else if (value(&t->t[i], "bytes:", &v) && ev_tok_u64(&v, &x, false)) {
			/* "RX bytes:1 (1.0 B)  TX bytes:2 (2.0 B)": one line for both */
			bool tx = i > 1 && (ev_tok_is(&t->t[i - 1], "TX"));
			*(tx || !rx ? &f->stats.tx_bytes : &f->stats.rx_bytes) = x;
		} else {
			continue;
		}
		f->stats.present = true;
	}
}

static bool body(struct ev_ctx *c, struct ev_line *l)
{
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	struct ifw_iface *f = &c->m->ifaces.v[c->cur_iface];
	const struct ev_tok *k = &t.t[0];
	bool indented = l->s[0] == ' ' || l->s[0] == '\t';
	if (ev_tok_is(k, "inet") || ev_tok_is(k, "inet6")) {
		if (!inet(c, l, &t))
			c->m->skipped_lines++;
		return true;
	}
	if (ev_tok_is(k, "RX") || ev_tok_is(k, "TX")) {
		counters(f, &t);
		return true;
	}
	if (ev_starts(k->s, "collisions:")) {
		for (size_t i = 0; i < t.n; i++) {
			struct ev_tok v;
			uint64_t x;
			if (value(&t.t[i], "txqueuelen:", &v) && ev_tok_u64(&v, &x, false) &&
			    x <= UINT32_MAX)
				f->txqlen = (uint32_t)x;
		}
		return true;
	}
	if (flags(f, &t))
		return true;
	if (ev_starts(k->s, "Interrupt:") || ev_starts(k->s, "Memory:") ||
	    ev_starts(k->s, "Base") || ev_tok_is(k, "UNKNOWN") || ev_starts(k->s, "DMA"))
		return true;
	return indented;
}

/* A line that is only a hardware address: the HWaddr value a narrow terminal or a mail archive
 * wrapped onto its own line ("00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00" of a tun). */
static bool wrapped_hwaddr(struct ev_ctx *c, const char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n < 11)
		return false;
	for (size_t i = 0; i < n; i++) {
		bool sep = i % 3 == 2;
		if (sep ? (s[i] != '-' && s[i] != ':') : !strchr("0123456789abcdefABCDEF", s[i]))
			return false;
	}
	struct ifw_iface *f = &c->m->ifaces.v[c->cur_iface];
	uint8_t mac[8];
	if (n == 17 && !f->mac_len && ev_parse_mac(s, n, mac, sizeof(mac)) == 6) {
		memcpy(f->mac, mac, 6);
		f->mac_len = 6;
	}
	return true;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *at = header_at(l->s);
	if (at)
		return header(c, l, at);
	if (!*ev_skip_ws(l->s))
		return true; /* the blank line between interfaces */
	if (c->cur_iface == IFW_NOID || c->cur_iface >= c->m->ifaces.n)
		return false;
	if (wrapped_hwaddr(c, ev_skip_ws(l->s)) || body(c, l))
		return true;
	c->cur_iface = IFW_NOID;
	return false;
}

static void begin(struct ev_ctx *c)
{
	c->cur_iface = IFW_NOID;
}

const struct ev_parser ev_p_ifconfig_nt = {
    .shape = EV_IFCONFIG_NT,
    .name = "ifconfig (net-tools)",
    .detect = detect,
    .take = take,
    .begin = begin,
    .end = begin,
};
