/* DNS messages (RFC 1035): the question name, and the A/AAAA answers for it (through CNAMEs).
 * Compression pointers may only point backwards and are followed a bounded number of times. */
#include "capture/cap_int.h"

#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#define DNS_MAX_JUMPS 16
#define DNS_MAX_CHAIN 8

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Reads the name at *off into out (dotted, cut to cap - 1 bytes, "" for the root) and moves *off
 * past it. -1 when the name is malformed or runs past the data. */
static int read_name(const uint8_t *m, size_t len, size_t *off, char *out, size_t cap)
{
	size_t pos = *off, after = 0, o = 0;
	int jumps = 0;
	bool jumped = false;
	out[0] = '\0';
	for (int labels = 0; labels < 128; labels++) {
		if (pos >= len)
			return -1;
		uint8_t l = m[pos];
		if (l == 0) {
			*off = jumped ? after : pos + 1;
			return 0;
		}
		if ((l & 0xc0) == 0xc0) {
			if (pos + 1 >= len || ++jumps > DNS_MAX_JUMPS)
				return -1;
			size_t target = (size_t)(l & 0x3f) << 8 | m[pos + 1];
			if (target >= pos)
				return -1; /* only backwards: no loops */
			if (!jumped)
				after = pos + 2;
			jumped = true;
			pos = target;
			continue;
		}
		if (l & 0xc0)
			return -1; /* extended label types are not used */
		if (pos + 1 + l > len)
			return -1;
		if (o && o + 1 < cap)
			out[o++] = '.';
		for (size_t i = 0; i < l && o + 1 < cap; i++) {
			char ch = (char)m[pos + 1 + i];
			out[o++] = ch ? ch : '?';
		}
		out[o] = '\0';
		pos += 1 + (size_t)l;
	}
	return -1;
}

static bool in_chain(char chain[][IFW_CAP_NAME_MAX], int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcasecmp(chain[i], name) == 0)
			return true;
	return false;
}

int ifw_dns_parse(const uint8_t *m, size_t len, struct ifw_dns_info *out, ifw_dns_answer_fn answer,
                  void *ctx)
{
	memset(out, 0, sizeof(*out));
	if (!m || len < 12)
		return -1;
	uint16_t flags = be16(m + 2);
	uint16_t qd = be16(m + 4), an = be16(m + 6);
	if ((flags >> 11 & 0xf) > 2)
		return -1; /* opcode: query, iquery or status only */
	out->response = flags & 0x8000;
	out->rcode = flags & 0xf;
	if (qd == 0 || qd > 8)
		return -1;
	size_t off = 12;
	char name[IFW_CAP_NAME_MAX];
	for (uint16_t i = 0; i < qd; i++) {
		if (read_name(m, len, &off, i ? name : out->qname, IFW_CAP_NAME_MAX) < 0 ||
		    off + 4 > len)
			return i ? 0 : -1;
		off += 4;
	}
	if (!out->response || out->rcode != 0 || !answer || !out->qname[0])
		return 0;
	char chain[DNS_MAX_CHAIN][IFW_CAP_NAME_MAX];
	int n_chain = 1;
	memcpy(chain[0], out->qname, sizeof(chain[0]));
	for (uint16_t i = 0; i < an && i < 64; i++) {
		if (read_name(m, len, &off, name, sizeof(name)) < 0 || off + 10 > len)
			break;
		uint16_t type = be16(m + off), cls = be16(m + off + 2), rdlen = be16(m + off + 8);
		off += 10;
		if (off + rdlen > len)
			break; /* cut by the capture */
		size_t rd = off;
		off += rdlen;
		if (cls != 1 || !in_chain(chain, n_chain, name))
			continue;
		struct ifw_ip ip = {0};
		if (type == 1 && rdlen == 4) {
			ifw_ip_set(&ip, AF_INET, m + rd);
			answer(ctx, out->qname, &ip);
		} else if (type == 28 && rdlen == 16) {
			ifw_ip_set(&ip, AF_INET6, m + rd);
			answer(ctx, out->qname, &ip);
		} else if (type == 5 && n_chain < DNS_MAX_CHAIN) {
			size_t t = rd;
			if (read_name(m, rd + rdlen, &t, chain[n_chain], IFW_CAP_NAME_MAX) == 0)
				n_chain++;
		}
	}
	return 0;
}
