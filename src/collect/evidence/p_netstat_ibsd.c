/* `netstat -i` (and -in, -ib) of macOS and the BSDs: a row per interface and address.
 *   Name    Mtu Network       Address              Ipkts Ierrs Idrop    Opkts Oerrs  Coll
 *   lagg0  1500 <Link#19>     a8:5e:45:3d:ed:34        0     0     0        0     5     0
 *   lagg0     - fe80::%lagg0/ fe80::aa5e:45ff:f        0     -     -        2     -     -
 *   en0*   1500 192.168.1     192.168.1.5         12345     0     9876     0     0
 * The <Link#N> row gives the interface's index and hardware address; an IPv4 row its address,
 * with the prefix length when the network column shows it ("192.168.1.0/24" on FreeBSD,
 * "192.168.1" on macOS: whole octets). IPv6 rows are cut to the column's width, so their
 * addresses are not read. FreeBSD's header has Idrop, OpenBSD's Ifail. */
#include "collect/evidence/ev.h"

#include <ctype.h>
#include <string.h>

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	const char *s = ev_skip_ws(l->s);
	if (!ev_starts(s, "Name ") || !strstr(s, " Mtu ") || !strstr(s, " Network ") ||
	    !strstr(s, " Address") || !(strstr(s, " Ipkts") || strstr(s, " Ibytes")))
		return 0;
	return 3;
}

/* The prefix length a network column gives the address: "/24", or macOS's whole octets
 * ("192.168.1" of 192.168.1.5 is /24); -1 when it cannot be told. */
static int plen_of(const struct ev_tok *net, const struct ev_tok *addr)
{
	const char *slash = memchr(net->s, '/', net->len);
	if (slash) {
		uint64_t v;
		struct ev_tok t = {slash + 1, net->len - (size_t)(slash + 1 - net->s)};
		return ev_tok_u64(&t, &v, false) && v <= 32 ? (int)v : -1;
	}
	if (net->len >= addr->len || memcmp(net->s, addr->s, net->len) != 0 ||
	    addr->s[net->len] != '.')
		return -1;
	int octets = 1;
	for (size_t i = 0; i < net->len; i++)
		octets += net->s[i] == '.';
	return octets <= 3 ? octets * 8 : -1;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (!*s)
		return false;
	if (detect(l, 3)) {
		if (strstr(s, " Idrop"))
			c->votes_freebsd++;
		else if (strstr(s, " Ifail"))
			c->votes_openbsd++;
		return true;
	}
	struct ev_toks t;
	ev_tokenize(s, &t);
	if (t.n < 4)
		return false;
	struct ev_tok name = t.t[0];
	if (name.len > 1 && name.s[name.len - 1] == '*') /* macOS: the interface is down */
		name.len--;
	uint64_t mtu = 0;
	bool has_mtu = ev_tok_u64(&t.t[1], &mtu, false);
	if ((!has_mtu && !ev_tok_is(&t.t[1], "-")) || mtu > UINT32_MAX ||
	    !isalpha((unsigned char)name.s[0]) || !ev_ifname_ok(name.s, name.len))
		return false;
	ifw_id id = ev_iface_get(c, c->ns, name.s, name.len, NULL);
	if (id == IFW_NOID)
		return true;
	struct ifw_iface *f = &c->m->ifaces.v[id];
	if (!f->origin.raw)
		ev_origin(c, l, &f->origin);
	if (has_mtu && !f->mtu)
		f->mtu = (uint32_t)mtu;
	const struct ev_tok *net = &t.t[2];
	if (ev_starts(net->s, "<Link#")) {
		uint64_t idx;
		struct ev_tok d = {net->s + 6, net->len > 7 ? net->len - 7 : 0};
		if (net->s[net->len - 1] == '>' && ev_tok_u64(&d, &idx, false) && idx > 0 &&
		    idx < INT32_MAX && !f->ifindex)
			f->ifindex = (int32_t)idx;
		uint8_t mac[32];
		size_t n = ev_parse_mac(t.t[3].s, t.t[3].len, mac, sizeof(mac));
		if (n == 6 && !f->mac_len) {
			memcpy(f->mac, mac, n);
			f->mac_len = (uint8_t)n;
		}
		return true;
	}
	struct ifw_ip ip;
	if (memchr(t.t[3].s, ':', t.t[3].len) || !ev_parse_ip(t.t[3].s, t.t[3].len, &ip))
		return true; /* IPv6, cut to the column */
	int plen = plen_of(net, &t.t[3]);
	if (plen >= 0)
		ev_addr_add(c, id, &ip, (uint8_t)plen);
	return true;
}

const struct ev_parser ev_p_netstat_ibsd = {
    .shape = EV_NETSTAT_IBSD,
    .name = "netstat -i (macOS, BSD)",
    .detect = detect,
    .take = take,
};
