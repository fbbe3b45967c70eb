/* `zerotier-cli listnetworks`: the daemon's own list of the networks it joined, each with the
 * device it made for it (zerotier-one is the daemon that knows):
 *   200 listnetworks <nwid> <name> <mac> <status> <type> <dev> <ZT assigned ips>
 *   200 listnetworks 1234567890abcdef my net 02:11:22:33:44:55 OK PRIVATE ztabcdef12 10.147.17.5/24
 * A network's name may hold spaces: the columns are read from the line's end. The device is
 * zerotier-one's (ztXXXXXXXX on Linux and the BSDs, fethN on macOS), with its addresses. */
#include "collect/evidence/ev.h"

#include <string.h>

#define PREFIX "200 listnetworks "

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	return ev_starts(ev_skip_ws(l->s), PREFIX) ? 3 : 0;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (!ev_starts(s, PREFIX))
		return false;
	struct ev_toks t;
	ev_tokenize(s, &t);
	/* read from the line's end: the name is the network controller's to choose, and may hold
	 * a MAC and a device of its own ("x 02:aa:bb:cc:dd:ee OK PRIVATE wg0 - y"); a line of more
	 * words than are kept is not read */
	if (t.n < 8 || *ev_skip_ws(t.t[t.n - 1].s + t.t[t.n - 1].len))
		return true;
	size_t at = t.n - 5;
	uint8_t mac[6];
	if (ev_parse_mac(t.t[at].s, t.t[at].len, mac, sizeof(mac)) != 6)
		return true; /* the header line: <nwid> <name> <mac> ... */
	const struct ev_tok *dev = &t.t[at + 3];
	if (!dev->len || dev->len > 15 || !ev_ifname_ok(dev->s, dev->len) || ev_tok_is(dev, "-"))
		return true;
	ifw_id id = IFW_NOID;
	struct ifw_iface *f = ev_iface_seen(c, l, dev->s, dev->len, &id);
	if (!f)
		return true;
	if (!f->mac_len) {
		memcpy(f->mac, mac, 6);
		f->mac_len = 6;
	}
	/* the assigned addresses: "10.147.17.5/24,fd80:...::1/88" */
	if (at + 4 < t.n) {
		const struct ev_tok *ips = &t.t[at + 4];
		for (size_t i = 0; i < ips->len;) {
			size_t n = 0;
			while (i + n < ips->len && ips->s[i + n] != ',')
				n++;
			struct ev_tok one = {ips->s + i, n};
			struct ifw_ip ip;
			int plen;
			if (ev_parse_prefix(&one, &ip, &plen) && plen >= 0)
				ev_addr_add(c, id, &ip, (uint8_t)plen);
			i += n + 1;
		}
	}
	ev_logcreate_add(c, l, dev->s, dev->len, "zerotier-one", -1, "`zerotier-cli listnetworks`");
	return true;
}

const struct ev_parser ev_p_ztcli = {
    .shape = EV_ZTCLI,
    .name = "zerotier-cli listnetworks",
    .detect = detect,
    .take = take,
    .not_in_logs = true,
};
