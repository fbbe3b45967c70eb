/* On-disk layout of the embedded IP-to-AS database (shared by the reader and the builder).
 *
 * All integers are little-endian. The file is mapped, never parsed: a lookup reads the sections
 * below in place. Layout (offsets in the header, every section 8-byte aligned):
 *
 *   header    IFW_IPDB_HDR_SIZE bytes, fields at the IFW_IPDB_H_* offsets
 *   v4 index  65537 x u32: index[p] = entry covering address p << 16; [65536] = v4_count - 1
 *   v4 keys   v4_count x u32: first address of each entry, ascending, keys[0] == 0
 *   v4 vals   v4_count x (u32 asn, u32 org): org = string offset | length << 24, or
 *             IFW_IPDB_NONE for a gap nobody announces (values sit with the entry, not behind a
 *             record table, to save a dependent cache miss per lookup)
 *   v6 index  65537 x u32: like v4, on the top 16 bits of the address
 *   v6 hi     v6_count x u64: top 64 bits of each entry's first address, ascending
 *   v6 lo     v6_count x u64: low 64 bits (ranges finer than /64 are rare, so searches run on
 *             hi and look at lo only to break ties)
 *   v6 samples ceil(v6_count / 16) x u64: hi[16 j], a small first level that stays in cache
 *   v6 vals   v6_count x (u32 asn, u32 org)
 *   strings   str_size bytes of NUL-terminated strings; offset 0 is the empty string
 *
 * Entries cover the whole address space, so an entry ends where the next one starts. */
#ifndef IFW_IPDB_FORMAT_H
#define IFW_IPDB_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define IFW_IPDB_MAGIC      "IFWIPDB\x1a"
#define IFW_IPDB_MAGIC_LEN  8
#define IFW_IPDB_VERSION    2
#define IFW_IPDB_HDR_SIZE   192
#define IFW_IPDB_IDX_N      65537u
#define IFW_IPDB_NONE       0xffffffffu
#define IFW_IPDB_VAL_SIZE   8u
#define IFW_IPDB_ORG_MAXLEN 255u       /* names are cut to this by the builder */
#define IFW_IPDB_STR_MAX    (1u << 24) /* string offsets have 24 bits */
#define IFW_IPDB_SAMPLE     16u        /* v6 entries per sample */

enum {
	IFW_IPDB_H_MAGIC = 0,
	IFW_IPDB_H_VERSION = 8,   /* u32 */
	IFW_IPDB_H_HDRSIZE = 12,  /* u32 */
	IFW_IPDB_H_FILESIZE = 16, /* u64 */
	IFW_IPDB_H_DATE = 24,     /* u32 YYYYMMDD of the source data */
	IFW_IPDB_H_FLAGS = 28,    /* u32, 0 */
	IFW_IPDB_H_V4N = 32,      /* u32 */
	IFW_IPDB_H_V6N = 36,      /* u32 */
	IFW_IPDB_H_STRSIZE = 40,  /* u32 */
	IFW_IPDB_H_SRCOFF = 44,   /* u32 string offset: where the data came from */
	IFW_IPDB_H_SRCLEN = 48,   /* u32 */
	IFW_IPDB_H_BODYCRC = 52,  /* u32 CRC-32 of bytes [HDR_SIZE, file size), checked by verify */
	/* 56..63 reserved, zero */
	IFW_IPDB_H_V4IDX = 64, /* u64 section offsets from here on */
	IFW_IPDB_H_V4KEY = 72,
	IFW_IPDB_H_V4VAL = 80,
	IFW_IPDB_H_V6IDX = 88,
	IFW_IPDB_H_V6HI = 96,
	IFW_IPDB_H_V6LO = 104,
	IFW_IPDB_H_V6SMP = 112,
	IFW_IPDB_H_V6VAL = 120,
	IFW_IPDB_H_STR = 128,
	/* 136..187 reserved, zero */
	IFW_IPDB_H_HDRCRC = 188, /* u32 CRC-32 of header bytes [0, 188), checked at open */
};

/* Little-endian loads and stores, byte by byte: portable (no <endian.h>, which macOS lacks), and
 * compilers turn them into one load or store on little-endian machines. */
static inline uint32_t ifw_ipdb_rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t ifw_ipdb_rd64(const uint8_t *p)
{
	return (uint64_t)ifw_ipdb_rd32(p) | (uint64_t)ifw_ipdb_rd32(p + 4) << 32;
}

static inline void ifw_ipdb_wr32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline void ifw_ipdb_wr64(uint8_t *p, uint64_t v)
{
	ifw_ipdb_wr32(p, (uint32_t)v);
	ifw_ipdb_wr32(p + 4, (uint32_t)(v >> 32));
}

/* Plain CRC-32 (IEEE, reflected), continued from crc (start with 0). */
uint32_t ifw_ipdb_crc32(uint32_t crc, const void *buf, size_t len);

#endif
