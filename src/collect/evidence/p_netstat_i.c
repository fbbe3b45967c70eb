/* `netstat -i` of net-tools: the interfaces with their MTU, counters and flags.
 *   Kernel Interface table
 *   Iface             MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg
 *   tun7             1500        0      0      0 0             1      0      0      0 MOPRU
 * Older versions have a Met column after MTU. The flag letters are net-tools' (lib/interface.c). */
#include "collect/evidence/ev.h"
#include "collect/evidence/nettools_words.h"

#include <net/if.h>
#include <string.h>

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	const char *s = l->s;
	size_t m = nt_prefix(s, strlen(s), NT_IFTABLE_TITLE, NULL);
	if (ev_starts(s, "Kernel Interface table") || (m && !*ev_skip_ws(s + m)))
		return 3;
	if (ev_starts(s, "Iface") && strstr(s, "MTU") && strstr(s, "RX-OK"))
		return 3;
	m = nt_prefix(s, strlen(s), NT_IFTABLE_IFACE, NULL); /* "Rozhr   MTU Met  PŘ-OK ..." */
	if (m && (s[m] == ' ' || s[m] == '\t') && ev_starts(ev_skip_ws(s + m), "MTU "))
		return 3;
	return 0;
}

static uint32_t letters(const struct ev_tok *t)
{
	uint32_t f = 0;
	bool bcast = memchr(t->s, 'B', t->len) != NULL;
	for (size_t i = 0; i < t->len; i++)
		switch (t->s[i]) {
		case 'A':
			f |= IFW_IFF_ALLMULTI;
			break;
		case 'B':
			f |= IFW_IFF_BROADCAST;
			break;
		case 'D':
			f |= IFW_IFF_DEBUG;
			break;
		case 'L':
			f |= IFW_IFF_LOOPBACK;
			break;
		case 'M':
			f |= IFW_IFF_MULTICAST;
			break;
		case 'N':
			f |= IFW_IFF_NOTRAILERS;
			break;
		case 'O':
			f |= IFW_IFF_NOARP;
			break;
		case 'P':
			f |= bcast ? IFW_IFF_PROMISC : IFW_IFF_POINTOPOINT;
			break;
		case 'R':
			f |= IFW_IFF_RUNNING;
			break;
		case 'U':
			f |= IFW_IFF_UP;
			break;
		case 'd':
			f |= IFW_IFF_DYNAMIC;
			break;
		case 'm':
			f |= IFW_IFF_MASTER;
			break;
		case 's':
			f |= IFW_IFF_SLAVE;
			break;
		default:
			return UINT32_MAX;
		}
	return f;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (!*s || detect(l, 3))
		return true;
	struct ev_toks t;
	ev_tokenize(s, &t);
	uint64_t mtu, v[8];
	if (t.n < 10 || !ev_tok_u64(&t.t[1], &mtu, false) || mtu > UINT32_MAX)
		return false;
	uint32_t fl = letters(&t.t[t.n - 1]);
	size_t first = t.n == 12 ? 3 : 2; /* with the Met column */
	if (fl == UINT32_MAX || t.n - 1 - first < 8)
		return false;
	for (size_t i = 0; i < 8; i++)
		if (!ev_tok_u64(&t.t[first + i], &v[i], false))
			return false;
	ifw_id id = ev_iface_get(c, c->ns, t.t[0].s, t.t[0].len, NULL);
	if (id == IFW_NOID)
		return true;
	struct ifw_iface *f = &c->m->ifaces.v[id];
	if (!f->origin.raw)
		ev_origin(c, l, &f->origin);
	f->mtu = (uint32_t)mtu;
	if (!f->flags)
		f->flags = fl;
	if (!f->stats.present) {
		f->stats.present = true;
		f->stats.rx_packets = v[0];
		f->stats.rx_errors = v[1];
		f->stats.rx_dropped = v[2];
		f->stats.tx_packets = v[4];
		f->stats.tx_errors = v[5];
		f->stats.tx_dropped = v[6];
	}
	if (!f->arptype && (fl & IFW_IFF_LOOPBACK))
		f->arptype = 772;
	c->votes_linux++;
	return true;
}

const struct ev_parser ev_p_netstat_i = {
    .shape = EV_NETSTAT_I,
    .name = "netstat -i",
    .detect = detect,
    .take = take,
};
