/* `networkctl status [LINK...]` (systemd-networkd): a block per link, its labels right-aligned:
 *   ● 4: virbr0
 *                        Link File: /lib/systemd/network/99-default.link
 *                     Network File: n/a
 *                            State: no-carrier (unmanaged)
 *                             Kind: bridge
 *                           Driver: bridge
 *                 Hardware Address: 52:54:00:1c:39:27
 *                              MTU: 1500 (min: 68, max: 65535)
 *                          Address: 192.168.20.4
 *                                   fc00:20::4
 * Kind is the kernel's link kind (bridge, wireguard, veth, vxlan, tun); Driver and Path
 * (pci-0000:00:1f.6) the card's; a block's addresses follow "Address:" one a line. */
#include "collect/evidence/ev.h"

#include <string.h>
#include <sys/socket.h>

/* "● 4: virbr0" (the bullet, or "*" where the terminal has none): the index and the name. */
static bool header(const char *s, struct ev_tok *name, uint64_t *idx)
{
	s = ev_skip_ws(s);
	if (ev_starts(s, "\xe2\x97\x8f "))
		s += 4;
	else if (ev_starts(s, "* "))
		s += 2;
	else
		return false;
	struct ev_toks t;
	ev_tokenize(s, &t);
	if (t.n != 2 || t.t[0].len < 2 || t.t[0].s[t.t[0].len - 1] != ':')
		return false;
	struct ev_tok d = {t.t[0].s, t.t[0].len - 1};
	*name = t.t[1];
	return ev_tok_u64(&d, idx, false) && *idx > 0 && *idx < INT32_MAX &&
	       ev_ifname_ok(name->s, name->len);
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	struct ev_tok n;
	uint64_t idx;
	return header(l->s, &n, &idx) ? 3 : 0;
}

static void address(struct ev_ctx *c, struct ifw_iface *f, const char *v)
{
	struct ev_tok a = {v, strcspn(v, " \t(")};
	struct ifw_ip ip;
	int plen = -1;
	if (memchr(a.s, '/', a.len) ? !ev_parse_prefix(&a, &ip, &plen)
	                            : !ev_parse_ip(a.s, a.len, &ip))
		return;
	if (plen < 0)
		plen = ip.family == AF_INET ? 32 : 128;
	ev_addr_add(c, (ifw_id)(f - c->m->ifaces.v), &ip, (uint8_t)plen);
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	struct ev_tok n;
	uint64_t idx;
	if (header(l->s, &n, &idx)) {
		ifw_id id;
		struct ifw_iface *f = ev_iface_seen(c, l, n.s, n.len, &id);
		c->cur_iface = id;
		if (f && !f->ifindex)
			f->ifindex = (int32_t)idx;
		c->votes_linux++;
		c->netctl_in_addr = false;
		return true;
	}
	const char *s = ev_skip_ws(l->s);
	if (!*s) {
		c->cur_iface = IFW_NOID;
		return true;
	}
	if (c->cur_iface == IFW_NOID || c->cur_iface >= c->m->ifaces.n || l->s[0] != ' ')
		return false;
	struct ifw_iface *f = &c->m->ifaces.v[c->cur_iface];
	const char *colon = strstr(s, ": ");
	/* an address under "Address:" (the label's line gave the first), or a line with no
	 * label */
	size_t label = colon ? (size_t)(colon - s) : 0;
	if (!colon || label > 40) {
		if (c->netctl_in_addr)
			address(c, f, s);
		return true;
	}
	const char *v = ev_skip_ws(colon + 2);
	c->netctl_in_addr = false;
	struct ev_tok lab = {s, label};
	struct ev_tok val = {v, strcspn(v, " \t")};
	if (ev_tok_is(&lab, "Kind") && !f->kind) {
		f->kind = ev_tok_dup(c, &val);
	} else if (ev_tok_is(&lab, "Driver") && !f->driver) {
		f->driver = ev_tok_dup(c, &val);
	} else if (ev_tok_is(&lab, "Hardware Address") && !f->mac_len) {
		uint8_t mac[6];
		if (ev_parse_mac(val.s, val.len, mac, 6) == 6) {
			memcpy(f->mac, mac, 6);
			f->mac_len = 6;
			if (!f->arptype)
				f->arptype = 1;
		}
	} else if (ev_tok_is(&lab, "MTU") && !f->mtu) {
		uint64_t mtu;
		if (ev_tok_u64(&val, &mtu, false) && mtu > 0 && mtu <= 0xffffff)
			f->mtu = (uint32_t)mtu;
	} else if (ev_tok_is(&lab, "Path") && !f->bus_info && ev_starts(v, "pci-")) {
		struct ev_tok b = {v + 4, val.len > 4 ? val.len - 4 : 0};
		if (b.len) {
			f->bus_info = ev_tok_dup(c, &b);
			f->bus = "pci";
		}
	} else if (ev_tok_is(&lab, "Address")) {
		address(c, f, v);
		c->netctl_in_addr = true;
	}
	return true;
}

static void begin(struct ev_ctx *c)
{
	c->cur_iface = IFW_NOID;
	c->netctl_in_addr = false;
}

const struct ev_parser ev_p_netctl_status = {
    .shape = EV_NETCTL_STATUS,
    .name = "networkctl status",
    .detect = detect,
    .take = take,
    .begin = begin,
    .end = begin,
    .not_in_logs = true,
};
