/* Link, IP and transport headers of one captured packet. Every read is checked against the
 * captured length; the IP length fields are trusted only as far as the capture goes. */
#include "capture/cap_int.h"

#include <string.h>
#include <sys/socket.h>

#define ETH_IPV4     0x0800
#define ETH_IPV6     0x86dd
#define ETH_VLAN     0x8100
#define ETH_QINQ     0x88a8
#define ETH_QINQ_OLD 0x9100
#define ETH_PPPOE    0x8864

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

bool ifw_cap_linktype_supported(int lt)
{
	switch (lt) {
	case IFW_LT_NULL:
	case IFW_LT_EN10MB:
	case IFW_LT_RAW_DLT:
	case IFW_LT_RAW_BSD:
	case IFW_LT_RAW:
	case IFW_LT_LOOP:
	case IFW_LT_SLL:
	case IFW_LT_IPV4:
	case IFW_LT_IPV6:
	case IFW_LT_SLL2:
		return true;
	default:
		return false;
	}
}

/* BSD loopback: the address family, in host order (NULL) or network order (LOOP). AF_INET6 is
 * 10 on Linux, 24 on NetBSD/OpenBSD, 28 on FreeBSD and 30 on macOS; AF_INET is 2 everywhere. */
static int loop_family(uint32_t af)
{
	if (af == 2)
		return AF_INET;
	if (af == 10 || af == 24 || af == 28 || af == 30)
		return AF_INET6;
	return 0;
}

/* The ethertype to the IP header: 0 and *off set, or -1. */
static int ethertype_family(uint16_t et)
{
	return et == ETH_IPV4 ? AF_INET : et == ETH_IPV6 ? AF_INET6 : 0;
}

static int link_header(int lt, const uint8_t *d, size_t len, size_t *off, int *family)
{
	*family = 0;
	switch (lt) {
	case IFW_LT_EN10MB: {
		if (len < 14)
			return -1;
		size_t o = 12;
		uint16_t et = be16(d + o);
		/* Up to four VLAN tags (802.1Q, 802.1ad); more is not a real frame. */
		for (int tags = 0;
		     (et == ETH_VLAN || et == ETH_QINQ || et == ETH_QINQ_OLD) && tags < 4; tags++) {
			o += 4;
			if (o + 2 > len)
				return -1;
			et = be16(d + o);
		}
		o += 2;
		if (et == ETH_PPPOE) {
			/* PPPoE session: 6-byte header, then a 2-byte PPP protocol. */
			if (o + 8 > len)
				return -1;
			uint16_t ppp = be16(d + o + 6);
			o += 8;
			*family = ppp == 0x0021 ? AF_INET : ppp == 0x0057 ? AF_INET6 : 0;
		} else {
			*family = ethertype_family(et);
		}
		*off = o;
		break;
	}
	case IFW_LT_SLL:
		if (len < 16)
			return -1;
		*family = ethertype_family(be16(d + 14));
		*off = 16;
		break;
	case IFW_LT_SLL2:
		if (len < 20)
			return -1;
		*family = ethertype_family(be16(d));
		*off = 20;
		break;
	case IFW_LT_RAW_DLT:
	case IFW_LT_RAW_BSD:
	case IFW_LT_RAW:
		if (len < 1)
			return -1;
		*family = (d[0] >> 4) == 4 ? AF_INET : (d[0] >> 4) == 6 ? AF_INET6 : 0;
		*off = 0;
		break;
	case IFW_LT_IPV4:
		*family = AF_INET;
		*off = 0;
		break;
	case IFW_LT_IPV6:
		*family = AF_INET6;
		*off = 0;
		break;
	case IFW_LT_NULL:
	case IFW_LT_LOOP: {
		if (len < 4)
			return -1;
		uint32_t af =
		    lt == IFW_LT_LOOP ? (uint32_t)be16(d + 2) | (uint32_t)be16(d) << 16 : le32(d);
		/* DLT_NULL is in the writer's byte order: try both. */
		int fam = loop_family(af);
		if (!fam && lt == IFW_LT_NULL)
			fam = loop_family((uint32_t)be16(d + 2) | (uint32_t)be16(d) << 16);
		*family = fam;
		*off = 4;
		break;
	}
	default:
		return -1;
	}
	return *family ? 0 : -1;
}

static void transport(struct ifw_pkt *p, const uint8_t *l4, size_t len)
{
	switch (p->ip_proto) {
	case 6: /* TCP */
		if (len < 20)
			return;
		p->sport = be16(l4);
		p->dport = be16(l4 + 2);
		p->tcp_flags = l4[13];
		size_t doff = (size_t)(l4[12] >> 4) * 4;
		if (doff >= 20 && doff <= len) {
			p->payload = l4 + doff;
			p->payload_len = len - doff;
		}
		return;
	case 17:  /* UDP */
	case 136: /* UDP-Lite */
		if (len < 8)
			return;
		p->sport = be16(l4);
		p->dport = be16(l4 + 2);
		p->payload = l4 + 8;
		p->payload_len = len - 8;
		/* Trust the UDP length when it is shorter than what was captured (padding). */
		if (p->ip_proto == 17) {
			uint16_t ulen = be16(l4 + 4);
			if (ulen >= 8 && (size_t)ulen - 8 < p->payload_len)
				p->payload_len = (size_t)ulen - 8;
		}
		return;
	case 132: /* SCTP */
		if (len < 12)
			return;
		p->sport = be16(l4);
		p->dport = be16(l4 + 2);
		return;
	default: /* ICMP, ESP, GRE, ...: no ports */
		p->payload = l4;
		p->payload_len = len;
		return;
	}
}

static int ipv4(struct ifw_pkt *p, const uint8_t *d, size_t len)
{
	if (len < 20 || (d[0] >> 4) != 4)
		return -1;
	size_t ihl = (size_t)(d[0] & 0x0f) * 4;
	size_t tot = be16(d + 2);
	if (ihl < 20 || ihl > len || tot < ihl)
		return -1;
	/* tot == 0 happens with TSO/GRO captures: take what was captured. */
	if (tot == 0)
		tot = len;
	if (tot > len) {
		p->truncated = true;
		tot = len;
	}
	p->family = AF_INET;
	p->ip_proto = d[9];
	memcpy(p->src, d + 12, 4);
	memcpy(p->dst, d + 16, 4);
	p->l3 = d;
	p->l3_len = tot;
	uint16_t frag = be16(d + 6);
	if (frag & 0x1fff) {
		p->fragment = true;
		return 0;
	}
	transport(p, d + ihl, tot - ihl);
	return 0;
}

static int ipv6(struct ifw_pkt *p, const uint8_t *d, size_t len)
{
	if (len < 40 || (d[0] >> 4) != 6)
		return -1;
	size_t tot = 40 + (size_t)be16(d + 4);
	if (tot == 40 && len > 40)
		tot = len; /* jumbogram or GRO: take what was captured */
	if (tot > len) {
		p->truncated = true;
		tot = len;
	}
	p->family = AF_INET6;
	memcpy(p->src, d + 8, 16);
	memcpy(p->dst, d + 24, 16);
	p->l3 = d;
	p->l3_len = tot;
	uint8_t nh = d[6];
	size_t o = 40;
	/* Extension headers, a bounded number of them. */
	for (int i = 0; i < 8; i++) {
		switch (nh) {
		case 0:   /* hop-by-hop */
		case 43:  /* routing */
		case 60:  /* destination options */
		case 135: /* mobility */
			if (o + 8 > tot)
				goto cut;
			nh = d[o];
			o += ((size_t)d[o + 1] + 1) * 8;
			continue;
		case 44: /* fragment */
			if (o + 8 > tot)
				goto cut;
			if (be16(d + o + 2) & 0xfff8) {
				p->ip_proto = d[o];
				p->fragment = true;
				return 0;
			}
			nh = d[o];
			o += 8;
			continue;
		case 51: /* AH: length in 4-byte units, minus 2 */
			if (o + 8 > tot)
				goto cut;
			nh = d[o];
			o += ((size_t)d[o + 1] + 2) * 4;
			continue;
		default:
			break;
		}
		break;
	}
	if (o > tot)
		goto cut;
	p->ip_proto = nh;
	transport(p, d + o, tot - o);
	return 0;
cut:
	/* Extension headers go past the capture: keep the addresses, no transport. */
	p->ip_proto = nh;
	return 0;
}

int ifw_cap_decode(int linktype, const uint8_t *data, size_t caplen, struct ifw_pkt *p)
{
	memset(p, 0, sizeof(*p));
	size_t off;
	int family;
	if (!data || link_header(linktype, data, caplen, &off, &family) < 0 || off > caplen)
		return -1;
	const uint8_t *d = data + off;
	size_t len = caplen - off;
	return family == AF_INET ? ipv4(p, d, len) : ipv6(p, d, len);
}
