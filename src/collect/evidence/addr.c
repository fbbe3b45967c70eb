/* The ways command output writes addresses and ports: lsof's host:port, BSD netstat's
 * addr.port, ss's [v6]%dev:port, netmasks in hex, and BSD route destinations like "10.64.1/24". */
#include "collect/evidence/ev.h"

#include <ctype.h>
#include <string.h>
#include <sys/socket.h>

bool ev_parse_ip(const char *s, size_t len, struct ifw_ip *ip)
{
	const char *pct = memchr(s, '%', len);
	if (pct)
		len = (size_t)(pct - s);
	if (ifw_ip_parsen(s, len, ip) < 0)
		return false;
	/* The BSD kernel keeps a link-local address's scope in its second 16-bit group
	 * (fe80:4::1); lsof and netstat on macOS sometimes print it so. */
	if (ip->family == AF_INET6 && ip->a[0] == 0xfe && (ip->a[1] & 0xc0) == 0x80)
		ip->a[2] = ip->a[3] = 0;
	return true;
}

bool ev_parse_port(const char *s, size_t len, uint16_t *port)
{
	if (len == 1 && s[0] == '*') {
		*port = 0;
		return true;
	}
	struct ev_tok t = {s, len};
	uint64_t v;
	if (ev_tok_u64(&t, &v, false)) {
		if (v > 65535)
			return false;
		*port = (uint16_t)v;
		return true;
	}
	*port = ev_service_port(s, len);
	return *port != 0;
}

/* A host part that is not an address: "*", a name, or "localhost". */
static void host_name(struct ev_ctx *c, const char *s, size_t len, struct ev_end *e)
{
	if (len == 1 && s[0] == '*')
		return;
	e->name = ifw_model_strndup(c->m, s, len > 255 ? 255 : len);
}

/* Splits "host%dev" (ss) into the address and the bound device. */
static void host_part(struct ev_ctx *c, const char *s, size_t len, struct ev_end *e)
{
	const char *pct = memchr(s, '%', len);
	size_t hlen = pct ? (size_t)(pct - s) : len;
	if (pct && c)
		e->dev =
		    ifw_model_strndup(c->m, pct + 1, len - hlen - 1 > 64 ? 64 : len - hlen - 1);
	if (ev_parse_ip(s, hlen, &e->ip)) {
		e->has_ip = true;
	} else if (c && ev_masked(s, hlen)) {
		e->name = "(masked)"; /* hidden by whoever pasted it */
		c->masked++;
	} else if (c) {
		host_name(c, s, hlen, e);
	}
}

bool ev_parse_hostport(struct ev_ctx *c, const char *s, size_t len, struct ev_end *e)
{
	memset(e, 0, sizeof(*e));
	if (!len)
		return false;
	if (s[0] == '[') {
		const char *close = memchr(s, ']', len);
		if (!close)
			return false;
		size_t inner = (size_t)(close - s - 1);
		const char *after = close + 1;
		size_t alen = len - (size_t)(after - s);
		if (!ev_parse_ip(s + 1, inner, &e->ip))
			return false;
		e->has_ip = true;
		const char *zone = memchr(s + 1, '%', inner);
		if (zone && c)
			e->dev = ifw_model_strndup(c->m, zone + 1, (size_t)(close - zone - 1));
		if (alen && after[0] == '%') { /* ss: [fe80::1]%eth0:546 */
			const char *colon = memchr(after, ':', alen);
			if (!colon)
				return false;
			if (c)
				e->dev =
				    ifw_model_strndup(c->m, after + 1, (size_t)(colon - after - 1));
			alen -= (size_t)(colon - after);
			after = colon;
		}
		if (!alen)
			return true; /* no port */
		if (after[0] != ':')
			return false;
		return ev_parse_port(after + 1, alen - 1, &e->port);
	}
	const char *colon = NULL;
	for (size_t i = len; i-- > 0;)
		if (s[i] == ':') {
			colon = s + i;
			break;
		}
	if (!colon) /* a bare host or address */
		return false;
	size_t hlen = (size_t)(colon - s);
	if (!ev_parse_port(colon + 1, len - hlen - 1, &e->port))
		return false;
	if (!hlen)
		return false;
	/* "fe80::1%lo0:123" (sockstat) and ":::22" (Linux netstat) keep their colons in the host */
	host_part(c, s, hlen, e);
	return true;
}

bool ev_parse_dotport(struct ev_ctx *c, const char *s, size_t len, struct ev_end *e)
{
	memset(e, 0, sizeof(*e));
	const char *dot = NULL;
	for (size_t i = len; i-- > 0;)
		if (s[i] == '.') {
			dot = s + i;
			break;
		}
	if (!dot || dot == s)
		return false;
	size_t hlen = (size_t)(dot - s);
	if (!ev_parse_port(dot + 1, len - hlen - 1, &e->port))
		return false;
	host_part(c, s, hlen, e);
	return true;
}

int ev_netmask_plen(const char *s, size_t len)
{
	uint8_t b[16];
	size_t n = 0;
	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		struct ev_tok t = {s, len};
		uint64_t v;
		if (len != 10 || !ev_tok_u64(&t, &v, true))
			return -1;
		for (int i = 3; i >= 0; i--)
			b[n++] = (uint8_t)(v >> (8 * i));
	} else {
		struct ifw_ip ip;
		if (!ev_parse_ip(s, len, &ip))
			return -1;
		n = ifw_ip_len(ip.family);
		memcpy(b, ip.a, n);
	}
	int plen = 0;
	bool zero = false;
	for (size_t i = 0; i < n; i++)
		for (int bit = 7; bit >= 0; bit--) {
			bool one = b[i] & (1u << bit);
			if (one && zero)
				return -1;
			if (one)
				plen++;
			else
				zero = true;
		}
	return plen;
}

bool ev_parse_route_dst(const char *s, size_t len, bool host, struct ifw_ip *ip, uint8_t *plen)
{
	memset(ip, 0, sizeof(*ip));
	const char *slash = memchr(s, '/', len);
	size_t alen = slash ? (size_t)(slash - s) : len;
	int given = -1;
	if (slash) {
		struct ev_tok t = {slash + 1, len - alen - 1};
		uint64_t v;
		if (!ev_tok_u64(&t, &v, false) || v > 128)
			return false;
		given = (int)v;
	}
	if (ev_parse_ip(s, alen, ip)) {
		unsigned max = ip->family == AF_INET ? 32 : 128;
		if (given > (int)max)
			return false;
		*plen = (uint8_t)(given >= 0 ? (unsigned)given : max);
		return true;
	}
	/* BSD abbreviates IPv4 networks: "10.64.1/24", "127" (class A: /8), "169.254" (/16). */
	uint8_t oct[4] = {0};
	size_t n = 0, i = 0;
	while (i < alen && n < 4) {
		unsigned v = 0, digits = 0;
		while (i < alen && isdigit((unsigned char)s[i]) && digits < 4) {
			v = v * 10 + (unsigned)(s[i] - '0');
			i++;
			digits++;
		}
		if (!digits || v > 255)
			return false;
		oct[n++] = (uint8_t)v;
		if (i < alen && s[i] != '.')
			return false;
		i++;
	}
	if (i < alen || !n || given > 32)
		return false;
	ifw_ip_set(ip, AF_INET, oct);
	*plen = (uint8_t)(given >= 0 ? (unsigned)given : host ? 32u : 8u * (unsigned)n);
	return true;
}

uint8_t ev_addr_scope(const struct ifw_ip *ip)
{
	if (ip->family == AF_INET) {
		if (ip->a[0] == 127)
			return 254; /* RT_SCOPE_HOST */
		if (ip->a[0] == 169 && ip->a[1] == 254)
			return 253; /* RT_SCOPE_LINK */
		return 0;
	}
	if (ip->family == AF_INET6) {
		static const uint8_t loop[16] = {[15] = 1};
		if (memcmp(ip->a, loop, 16) == 0)
			return 254;
		if (ip->a[0] == 0xfe && (ip->a[1] & 0xc0) == 0x80)
			return 253;
	}
	return 0;
}

bool ev_parse_prefix(const struct ev_tok *t, struct ifw_ip *ip, int *plen)
{
	const char *slash = memchr(t->s, '/', t->len);
	if (!slash || !ev_parse_ip(t->s, (size_t)(slash - t->s), ip))
		return false;
	struct ev_tok p = {slash + 1, (size_t)(t->s + t->len - slash - 1)};
	uint64_t v;
	if (!ev_tok_u64(&p, &v, false) || v > (ip->family == AF_INET ? 32u : 128u))
		return false;
	*plen = (int)v;
	return true;
}
