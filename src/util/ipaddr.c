#include "util/ipaddr.h"

#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

size_t ifw_ip_len(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

int ifw_ip_parsen(const char *s, size_t n, struct ifw_ip *out)
{
	char buf[IFW_IP_STRLEN];
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	char *zone = strchr(buf, '%');
	if (zone)
		*zone = '\0';
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, buf, out->a) == 1) {
		out->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, buf, out->a) == 1) {
		out->family = AF_INET6;
		return 0;
	}
	memset(out, 0, sizeof(*out));
	return -1;
}

int ifw_ip_parse(const char *s, struct ifw_ip *out)
{
	return ifw_ip_parsen(s, strlen(s), out);
}

void ifw_ip_set(struct ifw_ip *ip, int family, const void *bytes)
{
	memset(ip, 0, sizeof(*ip));
	size_t len = ifw_ip_len(family);
	if (!len)
		return;
	ip->family = (uint8_t)family;
	memcpy(ip->a, bytes, len);
}

const char *ifw_ip_str(const struct ifw_ip *ip, char buf[IFW_IP_STRLEN])
{
	if (!ip->family || !inet_ntop(ip->family, ip->a, buf, IFW_IP_STRLEN))
		strcpy(buf, "?");
	return buf;
}

bool ifw_ip_eq(const struct ifw_ip *x, const struct ifw_ip *y)
{
	return x->family == y->family && memcmp(x->a, y->a, ifw_ip_len(x->family)) == 0;
}

bool ifw_ip_is_any(const struct ifw_ip *ip)
{
	static const uint8_t zero[16];
	return !ip->family || memcmp(ip->a, zero, ifw_ip_len(ip->family)) == 0;
}

bool ifw_ip_is_private4(const struct ifw_ip *ip)
{
	const uint8_t *a = ip->a;
	return ip->family == AF_INET &&
	       (a[0] == 10 || (a[0] == 172 && (a[1] & 0xf0) == 16) || (a[0] == 192 && a[1] == 168));
}

bool ifw_ip_in_prefix(const struct ifw_ip *ip, const struct ifw_ip *prefix, unsigned plen)
{
	if (ip->family != prefix->family || plen > ifw_ip_len(ip->family) * 8)
		return false;
	unsigned full = plen / 8, rest = plen % 8;
	if (memcmp(ip->a, prefix->a, full) != 0)
		return false;
	if (!rest)
		return true;
	uint8_t mask = (uint8_t)(0xff << (8 - rest));
	return (ip->a[full] & mask) == (prefix->a[full] & mask);
}

struct ifw_ip ifw_ip_network(const struct ifw_ip *ip, unsigned plen)
{
	struct ifw_ip n = {.family = ip->family};
	unsigned bits = (unsigned)ifw_ip_len(ip->family) * 8;
	if (plen > bits)
		plen = bits;
	memcpy(n.a, ip->a, plen / 8);
	if (plen % 8)
		n.a[plen / 8] = (uint8_t)(ip->a[plen / 8] & (0xff << (8 - plen % 8)));
	return n;
}

struct ifw_ip ifw_ip_unmap(const struct ifw_ip *ip)
{
	static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	struct ifw_ip r = *ip;
	if (ip->family == AF_INET6 && memcmp(ip->a, mapped, 12) == 0)
		ifw_ip_set(&r, AF_INET, ip->a + 12);
	return r;
}
