/* A pcapng reader (draft-ietf-opsawg-pcapng): sections, interface descriptions with their names,
 * link types and time resolutions, and enhanced / simple / obsolete packet blocks. libpcap 1.10
 * reads pcapng too, but neither says which interface a packet came from nor reads files whose
 * interfaces have different link types; this reader does both. */
#include "capture/cap_int.h"

#include <stdlib.h>
#include <string.h>

#define BT_SHB     0x0A0D0D0Au
#define BT_IDB     1u
#define BT_OPB     2u /* obsolete packet block */
#define BT_SPB     3u
#define BT_EPB     6u
#define BOM        0x1A2B3C4Du
#define MAX_BLOCK  (16u << 20)
#define MAX_IFACES 4096

struct png_if {
	int linktype;
	uint32_t snaplen;
	uint8_t tsresol; /* if_tsresol: bit 7 clear = 10^-n, set = 2^-n seconds */
	char *name;
};

struct ifw_pcapng {
	FILE *f;
	bool swap;
	bool started;
	uint8_t *buf;
	size_t cap;
	struct png_if *ifs;
	size_t n_ifs;
	uint32_t section;
};

static uint32_t bswap32(uint32_t v)
{
	return v >> 24 | (v >> 8 & 0xff00) | (v << 8 & 0xff0000) | v << 24;
}

static uint16_t rd16(const struct ifw_pcapng *r, const uint8_t *p)
{
	uint16_t v;
	memcpy(&v, p, 2);
	return r->swap ? (uint16_t)(v >> 8 | v << 8) : v;
}

static uint32_t rd32(const struct ifw_pcapng *r, const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return r->swap ? bswap32(v) : v;
}

struct ifw_pcapng *ifw_pcapng_open(FILE *f, struct ifw_err *err)
{
	struct ifw_pcapng *r = calloc(1, sizeof(*r));
	if (!r) {
		ifw_fail(err, IFW_E_NOMEM, "out of memory");
		return NULL;
	}
	r->f = f;
	return r;
}

static void clear_ifaces(struct ifw_pcapng *r)
{
	for (size_t i = 0; i < r->n_ifs; i++)
		free(r->ifs[i].name);
	r->n_ifs = 0;
}

void ifw_pcapng_close(struct ifw_pcapng *r)
{
	if (!r)
		return;
	clear_ifaces(r);
	free(r->ifs);
	free(r->buf);
	free(r);
}

uint32_t ifw_pcapng_section(const struct ifw_pcapng *r)
{
	return r->section;
}

const char *ifw_pcapng_ifname(const struct ifw_pcapng *r, uint32_t i)
{
	return i < r->n_ifs ? r->ifs[i].name : NULL;
}

/* Reads n bytes: 1 done, 0 clean end of file before any byte, -2 cut short. */
static int read_exact(struct ifw_pcapng *r, void *dst, size_t n)
{
	size_t got = fread(dst, 1, n, r->f);
	if (got == n)
		return 1;
	return got == 0 ? 0 : -2;
}

static int add_iface(struct ifw_pcapng *r, const uint8_t *b, size_t len, struct ifw_err *err)
{
	if (len < 8)
		return ifw_fail(err, IFW_E_PARSE, "interface description block too short");
	if (r->n_ifs >= MAX_IFACES)
		return ifw_fail(err, IFW_E_PARSE, "more than %d interfaces", MAX_IFACES);
	struct png_if *ni = realloc(r->ifs, (r->n_ifs + 1) * sizeof(*ni));
	if (!ni)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	r->ifs = ni;
	struct png_if *i = &r->ifs[r->n_ifs];
	memset(i, 0, sizeof(*i));
	i->linktype = rd16(r, b);
	i->snaplen = rd32(r, b + 4);
	i->tsresol = 6;
	/* Options: code, length, value padded to 4 bytes; stop quietly at anything malformed. */
	size_t o = 8;
	while (o + 4 <= len) {
		uint16_t code = rd16(r, b + o), olen = rd16(r, b + o + 2);
		o += 4;
		if (code == 0 || olen > len - o)
			break;
		if (code == 2 && olen && !i->name) {
			size_t nlen = strnlen((const char *)b + o, olen > 255 ? 255 : olen);
			i->name = malloc(nlen + 1);
			if (!i->name)
				return ifw_fail(err, IFW_E_NOMEM, "out of memory");
			memcpy(i->name, b + o, nlen);
			i->name[nlen] = '\0';
		} else if (code == 9 && olen >= 1) {
			i->tsresol = b[o];
		}
		o += ((size_t)olen + 3) & ~(size_t)3;
	}
	r->n_ifs++;
	return 0;
}

static uint64_t to_ms(const struct png_if *i, uint64_t ts)
{
	uint8_t v = i->tsresol & 0x7f;
	if (i->tsresol & 0x80) {
		if (v >= 64)
			return 0;
		if (v > 50) {
			ts >>= v - 50;
			v = 50;
		}
		return (ts >> v) * 1000 + (((ts & ((1ULL << v) - 1)) * 1000) >> v);
	}
	if (v > 19)
		return 0;
	uint64_t per_sec = 1;
	for (uint8_t k = 0; k < v; k++)
		per_sec *= 10;
	return per_sec >= 1000 ? ts / (per_sec / 1000) : ts * (1000 / per_sec);
}

/* One packet block's fields: 1 with *out set, 0 if the block is to be skipped, -1 error. */
static int packet(struct ifw_pcapng *r, uint32_t type, const uint8_t *b, size_t len,
                  struct ifw_pcapng_pkt *out, struct ifw_err *err)
{
	uint32_t ifid, caplen, wirelen;
	uint64_t ts = 0;
	size_t hdr;
	if (type == BT_EPB || type == BT_OPB) {
		if (len < 20)
			return ifw_fail(err, IFW_E_PARSE, "packet block too short");
		ifid = type == BT_EPB ? rd32(r, b) : rd16(r, b);
		ts = (uint64_t)rd32(r, b + 4) << 32 | rd32(r, b + 8);
		caplen = rd32(r, b + 12);
		wirelen = rd32(r, b + 16);
		hdr = 20;
		if (caplen > len - hdr)
			return ifw_fail(err, IFW_E_PARSE,
			                "packet block says %u captured bytes but holds %zu", caplen,
			                len - hdr);
	} else {
		if (len < 4)
			return ifw_fail(err, IFW_E_PARSE, "simple packet block too short");
		ifid = 0;
		wirelen = rd32(r, b);
		hdr = 4;
		caplen = wirelen < len - hdr ? wirelen : (uint32_t)(len - hdr);
		if (r->n_ifs && r->ifs[0].snaplen && caplen > r->ifs[0].snaplen)
			caplen = r->ifs[0].snaplen;
	}
	if (ifid >= r->n_ifs)
		return ifw_fail(err, IFW_E_PARSE,
		                "a packet names interface %u, which is not described", ifid);
	out->iface = ifid;
	out->linktype = r->ifs[ifid].linktype;
	out->data = b + hdr;
	out->caplen = caplen;
	out->wirelen = wirelen < caplen ? caplen : wirelen;
	out->ts_ms = to_ms(&r->ifs[ifid], ts);
	return 1;
}

int ifw_pcapng_next(struct ifw_pcapng *r, struct ifw_pcapng_pkt *out, bool *truncated,
                    struct ifw_err *err)
{
	*truncated = false;
	for (;;) {
		uint8_t h[12];
		int rc = read_exact(r, h, 8);
		if (rc == 0 && r->started)
			return 0;
		if (rc == 0)
			return ifw_fail(err, IFW_E_PARSE, "empty file");
		if (rc < 0)
			goto cut;
		uint32_t type;
		memcpy(&type, h, 4);
		if (type == BT_SHB) {
			rc = read_exact(r, h + 8, 4);
			if (rc <= 0)
				goto cut;
			uint32_t bom;
			memcpy(&bom, h + 8, 4);
			if (bom == BOM)
				r->swap = false;
			else if (bom == bswap32(BOM))
				r->swap = true;
			else
				return ifw_fail(err, IFW_E_PARSE, "bad pcapng byte-order magic");
		} else if (!r->started) {
			return ifw_fail(err, IFW_E_PARSE, "not a pcapng file");
		}
		type = rd32(r, h);
		uint32_t total = rd32(r, h + 4);
		size_t have = type == BT_SHB ? 12 : 8;
		if (total < 12 || total % 4 || total > MAX_BLOCK)
			return ifw_fail(err, IFW_E_PARSE, "bad block length %u", total);
		if (total < have + 4)
			return ifw_fail(err, IFW_E_PARSE, "bad block length %u", total);
		if (r->cap < total) {
			uint8_t *nb = realloc(r->buf, total);
			if (!nb)
				return ifw_fail(err, IFW_E_NOMEM, "out of memory");
			r->buf = nb;
			r->cap = total;
		}
		memcpy(r->buf, h, have);
		rc = read_exact(r, r->buf + have, total - have);
		if (rc <= 0)
			goto cut;
		if (rd32(r, r->buf + total - 4) != total)
			return ifw_fail(err, IFW_E_PARSE, "block lengths do not match");
		const uint8_t *body = r->buf + 8;
		size_t blen = total - 12;
		switch (type) {
		case BT_SHB:
			if (blen < 16 || rd16(r, body + 4) != 1)
				return ifw_fail(err, IFW_E_PARSE, "unsupported pcapng version");
			clear_ifaces(r);
			r->section++;
			r->started = true;
			break;
		case BT_IDB:
			if (add_iface(r, body, blen, err) < 0)
				return -1;
			break;
		case BT_EPB:
		case BT_OPB:
		case BT_SPB:
			rc = packet(r, type, body, blen, out, err);
			if (rc != 0)
				return rc;
			break;
		default: /* name resolution, statistics, custom, ...: not needed */
			break;
		}
	}
cut:
	if (!r->started)
		return ifw_fail(err, IFW_E_PARSE, "the file ends inside its first section header");
	*truncated = true;
	return 0;
}
