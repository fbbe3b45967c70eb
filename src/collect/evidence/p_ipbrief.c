/* `ip -br addr` and `ip -br link` (iproute2): one line per interface,
 *   eth0@if2         UP             192.0.2.10/24 2001:db8:1::10/64
 *   veth1@veth1p     UP             16:6b:11:bf:a3:5b <BROADCAST,MULTICAST,UP,LOWER_UP>
 * The name, the operational state, then addresses (addr) or the MAC and flags (link). */
#include "collect/evidence/ev.h"

#include <net/if.h>
#include <string.h>
#include <sys/socket.h>

static int state_of(const struct ev_tok *t)
{
	static const char *const names[] = {"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN",
	                                    "TESTING", "DORMANT",    "UP"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (ev_tok_is(t, names[i]))
			return (int)i;
	return -1;
}

/* The third column onwards: every token an address, a MAC, flags or a mask. */
static bool rest_fits(const struct ev_toks *t)
{
	for (size_t i = 2; i < t->n; i++) {
		const struct ev_tok *k = &t->t[i];
		struct ifw_ip ip;
		int plen;
		uint8_t mac[32];
		if (!ev_parse_prefix(k, &ip, &plen) &&
		    !ev_parse_mac(k->s, k->len, mac, sizeof(mac)) && k->s[0] != '<' &&
		    !ev_masked(k->s, k->len))
			return false;
	}
	return true;
}

static int detect(const struct ev_line *l, int min)
{
	if (min > 2 || l->s[0] == ' ' || l->s[0] == '\t')
		return 0;
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	if (t.n < 2 || state_of(&t.t[1]) < 0 || t.t[0].len > 64 || !rest_fits(&t))
		return 0;
	return 2;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	if (!t.n)
		return true;
	if (t.n < 2 || state_of(&t.t[1]) < 0 || !rest_fits(&t))
		return false;
	const char *at = memchr(t.t[0].s, '@', t.t[0].len);
	size_t nlen = at ? (size_t)(at - t.t[0].s) : t.t[0].len;
	ifw_id id = ev_iface_get(c, c->ns, t.t[0].s, nlen, NULL);
	if (id == IFW_NOID)
		return true;
	struct ifw_iface *f = &c->m->ifaces.v[id];
	if (!f->origin.raw)
		ev_origin(c, l, &f->origin);
	f->operstate = (uint8_t)state_of(&t.t[1]);
	if (at) {
		const char *peer = at + 1;
		size_t n = (size_t)(t.t[0].s + t.t[0].len - peer);
		struct ev_tok idx = {peer + 2, n > 2 ? n - 2 : 0};
		uint64_t v;
		if (n > 2 && ev_starts(peer, "if") && ev_tok_u64(&idx, &v, false) && v < INT32_MAX)
			f->link_ifindex = (int32_t)v;
		else if (!(n == 4 && memcmp(peer, "NONE", 4) == 0))
			ev_ref_add(c, EV_REF_LINK, id, ifw_model_strndup(c->m, peer, n), 0, l);
	}
	bool flags_seen = false;
	for (size_t i = 2; i < t.n; i++) {
		const struct ev_tok *k = &t.t[i];
		struct ifw_ip ip;
		int plen;
		if (ev_parse_prefix(k, &ip, &plen)) {
			struct ifw_addr *a = ev_addr_add(c, id, &ip, (uint8_t)plen);
			if (a)
				ev_origin(c, l, &a->origin);
		} else if (k->s[0] == '<' && k->s[k->len - 1] == '>') {
			flags_seen = true;
			f->flags = ev_flags_by_name(k->s + 1, k->len - 2);
			if ((f->flags & IFW_IFF_UP) && f->operstate == 6)
				f->flags |= IFW_IFF_RUNNING;
		} else if (ev_masked(k->s, k->len)) {
			c->masked++;
		} else {
			size_t n = ev_parse_mac(k->s, k->len, f->mac, sizeof(f->mac));
			if (n)
				f->mac_len = (uint8_t)n;
		}
	}
	if (!f->arptype && flags_seen) /* ip -br link: the MAC column is empty without one */
		f->arptype = (f->flags & IFW_IFF_LOOPBACK) ? 772 : f->mac_len == 6 ? 1 : 65534;
	c->votes_linux++;
	return true;
}

const struct ev_parser ev_p_ipbrief = {
    .shape = EV_IPBRIEF,
    .name = "ip -br",
    .detect = detect,
    .take = take,
};
