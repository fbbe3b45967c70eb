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
#include "collect/evidence/nettools_words.h"

#include <net/if.h>
#include <string.h>
#include <sys/socket.h>

/* The end of a word of key that the token t starts with, or NULL ("Mask:" in "Mask:255.0.0.0"). */
static const char *key_in(const struct ev_tok *t, enum nt_key key)
{
	size_t m = nt_prefix(t->s, t->len, key, NULL);
	return m ? t->s + m : NULL;
}

/* The number right after a key ("Paquetes RX:2259989"): true if there is one. */
static bool number_at(const char *s, uint64_t *x)
{
	struct ev_tok v = {s, 0};
	while (s[v.len] && s[v.len] != ' ' && s[v.len] != '\t')
		v.len++;
	return ev_tok_u64(&v, x, false);
}

/* "eth0      Link encap:Ethernet  HWaddr ...": the position of the encapsulation's title, or
 * NULL. Only the name comes before the key. A translated key counts only before a title of the
 * table, followed by nothing or by the hardware address: prose uses such words too. */
static const char *header_at(const char *s)
{
	if (s[0] == ' ' || s[0] == '\t' || !s[0])
		return NULL;
	const char *p = s;
	while (*p && *p != ' ' && *p != '\t')
		p++;
	if (p - s > 80 || !*p)
		return NULL;
	p = ev_skip_ws(p);
	uint32_t translated = 0;
	size_t k = nt_prefix(p, strlen(p), NT_LINK_ENCAP, &translated);
	if (!k)
		return NULL;
	const char *title = ev_skip_ws(p + k);
	if (translated) {
		size_t n = nt_prefix(title, strlen(title), NT_HWTITLE, NULL);
		const char *rest = ev_skip_ws(title + n);
		if (!n || (*rest && nt_prefix(rest, strlen(rest), NT_HWADDR, NULL) == 0))
			return NULL;
	}
	return title;
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	return header_at(l->s) ? 3 : 0;
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
	uint32_t arptype = 0;
	f->arptype = nt_prefix(at, strlen(at), NT_HWTITLE, &arptype) ? (uint16_t)arptype : 0;
	size_t hwlen = 0;
	const char *hw = nt_find(at, NT_HWADDR, &hwlen, NULL);
	if (hw && f->arptype != 65534) {
		struct ev_toks t;
		ev_tokenize(hw + hwlen, &t);
		size_t m = t.n ? ev_parse_mac(t.t[0].s, t.t[0].len, f->mac, sizeof(f->mac)) : 0;
		f->mac_len = (uint8_t)m;
		if (!m && t.n && ev_masked(t.t[0].s, t.t[0].len))
			c->masked++;
	}
	c->votes_linux++;
	return true;
}

/* "inet addr:10.8.0.1  P-t-P:10.8.0.2  Mask:255.255.255.255", "inet6 addr: fe80::1/64
 * Scope:Link" or a translation ("Direc. inet:192.168.1.100  Difus.:192.168.1.255  Másc:..."):
 * at is past the key. False if the address is not one. */
static bool inet(struct ev_ctx *c, struct ev_line *l, const char *at, bool v6)
{
	struct ev_toks t;
	ev_tokenize(at, &t);
	if (!t.n)
		return false;
	struct ev_tok v = t.t[0];
	struct ifw_ip ip, peer = {0};
	int plen = -1;
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
	for (size_t i = 1; i < t.n; i++) {
		const char *e;
		if ((e = key_in(&t.t[i], NT_MASK)))
			plen = ev_netmask_plen(e, (size_t)(t.t[i].s + t.t[i].len - e));
		else if ((e = key_in(&t.t[i], NT_PTP)))
			ev_parse_ip(e, (size_t)(t.t[i].s + t.t[i].len - e), &peer);
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

/* Flag words, also run together ("BROADCASTRUNNING": pt_BR's catalog lost the space); 0 if
 * the token is something else. */
static uint32_t flag_words(const struct ev_tok *t)
{
	uint32_t all = 0;
	for (size_t i = 0; i < t->len;) {
		uint32_t b = 0;
		size_t m = nt_prefix(t->s + i, t->len - i, NT_FLAG, &b);
		if (!m)
			return ev_flags_by_name(t->s, t->len); /* other English words */
		all |= b;
		i += m;
	}
	return all;
}

/* "UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1" */
static bool flags(struct ifw_iface *f, const struct ev_toks *t)
{
	uint32_t fl = 0;
	bool mtu = false;
	for (size_t i = 0; i < t->n; i++) {
		uint64_t x;
		const char *e = key_in(&t->t[i], NT_MTU);
		if (e && number_at(e, &x) && x <= UINT32_MAX) {
			f->mtu = (uint32_t)x;
			mtu = true;
		} else if (!key_in(&t->t[i], NT_METRIC)) {
			uint32_t b = flag_words(&t->t[i]);
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

/* "packets:12" with key "packets:": the value after the colon. */
static bool value(const struct ev_tok *t, const char *key, struct ev_tok *v)
{
	size_t k = strlen(key);
	if (t->len <= k || strncmp(t->s, key, k) != 0)
		return false;
	v->s = t->s + k;
	v->len = t->len - k;
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

/* Translated counters ("Paquetes RX:2259989 errores:0 ...", "Bytes RX:1 (1.0 B)  TX bytes:2"):
 * the packets and bytes; the other counters are read in English only. */
static bool counters_l10n(struct ifw_iface *f, const char *s)
{
	size_t n = strlen(s), m;
	uint64_t x;
	if ((m = nt_prefix(s, n, NT_RX_PACKETS, NULL)) && number_at(s + m, &x))
		f->stats.rx_packets = x;
	else if ((m = nt_prefix(s, n, NT_TX_PACKETS, NULL)) && number_at(s + m, &x))
		f->stats.tx_packets = x;
	else if ((m = nt_prefix(s, n, NT_RX_BYTES, NULL)) && number_at(s + m, &x)) {
		f->stats.rx_bytes = x;
		const char *tx = nt_find(s + m, NT_TX_BYTES, &m, NULL);
		if (tx && number_at(tx + m, &x))
			f->stats.tx_bytes = x;
	} else
		return false;
	f->stats.present = true;
	return true;
}

static bool body(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	size_t n = strlen(s), m;
	bool indented = s != l->s;
	if ((m = nt_prefix(s, n, NT_INET_ADDR, NULL)) ||
	    (m = nt_prefix(s, n, NT_INET6_ADDR, NULL))) {
		bool v6 = !nt_prefix(s, n, NT_INET_ADDR, NULL);
		if (!inet(c, l, s + m, v6))
			c->m->skipped_lines++;
		return true;
	}
	struct ev_toks t;
	ev_tokenize(s, &t);
	struct ifw_iface *f = &c->m->ifaces.v[c->cur_iface];
	const struct ev_tok *k = &t.t[0];
	if (ev_tok_is(k, "inet")) { /* an address line this format does not have */
		c->m->skipped_lines++;
		return true;
	}
	if (ev_tok_is(k, "RX") || ev_tok_is(k, "TX")) { /* English, or "RX pakette:9" */
		counters(f, &t);
		counters_l10n(f, s);
		return true;
	}
	if (counters_l10n(f, s))
		return true;
	if (nt_prefix(s, n, NT_COLLISIONS, NULL)) {
		uint64_t x;
		const char *q = nt_find(s, NT_TXQUEUELEN, &m, NULL);
		if (q && number_at(q + m, &x) && x <= UINT32_MAX)
			f->txqlen = (uint32_t)x;
		return true;
	}
	if (flags(f, &t))
		return true;
	if (nt_prefix(s, n, NT_HWINFO, NULL) || ev_starts(k->s, "Base") ||
	    ev_tok_is(k, "UNKNOWN") || ev_starts(k->s, "DMA"))
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

const struct ev_parser ev_p_ifconfig_nt = {
    .shape = EV_IFCONFIG_NT,
    .name = "ifconfig (net-tools)",
    .detect = detect,
    .take = take,
    .begin = ev_begin_no_iface,
    .end = ev_begin_no_iface,
};
