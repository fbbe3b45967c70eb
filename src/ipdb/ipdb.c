#include "ipdb/ipdb.h"
#include "ipdb/ipdb_format.h"
#include "util/input.h"
#include "ipdb/ipdb_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* Checks that count elements of elt bytes at the offset stored at header field h fit in the
 * file, then points *out at them (unless base is NULL: a check before mapping). */
static int section(const uint8_t *hdr, const uint8_t *base, size_t size, unsigned h, uint64_t count,
                   uint64_t elt, const char *what, const uint8_t **out, struct ifw_err *err)
{
	uint64_t off = ifw_ipdb_rd64(hdr + h);
	if (off < IFW_IPDB_HDR_SIZE || off > size || off % 8 != 0)
		return ifw_fail(
		    err, IFW_E_PARSE,
		    "IP database: %s section offset %llu is outside the file (%zu bytes)", what,
		    (unsigned long long)off, size);
	/* count <= 2^32 and elt <= 16, so the product cannot overflow. */
	if (count * elt > size - off)
		return ifw_fail(
		    err, IFW_E_PARSE,
		    "IP database: %s section (%llu bytes at %llu) runs past the end of the "
		    "file (%zu bytes)",
		    what, (unsigned long long)(count * elt), (unsigned long long)off, size);
	if (base)
		*out = base + off;
	return 0;
}

/* Validates the header hdr (a copy of, or the start of, db->base; db->base may still be NULL)
 * without reading anything else of the file: each page touched here would cost a page fault at
 * every start-up. */
static int check(struct ifw_ipdb *db, const uint8_t *hdr, struct ifw_err *err)
{
	const uint8_t *b = db->base;
	size_t size = db->size;
	if (size < IFW_IPDB_HDR_SIZE)
		return ifw_fail(err, IFW_E_PARSE,
		                "IP database: file is %zu bytes, too small for the %d-byte header",
		                size, IFW_IPDB_HDR_SIZE);
	if (memcmp(hdr, IFW_IPDB_MAGIC, IFW_IPDB_MAGIC_LEN) != 0)
		return ifw_fail(err, IFW_E_PARSE,
		                "IP database: not an ifwho IP database (bad magic)");
	uint32_t version = ifw_ipdb_rd32(hdr + IFW_IPDB_H_VERSION);
	if (version != IFW_IPDB_VERSION)
		return ifw_fail(err, IFW_E_PARSE,
		                "IP database: format version %u, this program reads version %d",
		                version, IFW_IPDB_VERSION);
	uint32_t crc = ifw_ipdb_crc32(0, hdr, IFW_IPDB_H_HDRCRC);
	if (crc != ifw_ipdb_rd32(hdr + IFW_IPDB_H_HDRCRC))
		return ifw_fail(err, IFW_E_PARSE,
		                "IP database: header checksum mismatch (corrupt file)");
	if (ifw_ipdb_rd32(hdr + IFW_IPDB_H_HDRSIZE) != IFW_IPDB_HDR_SIZE)
		return ifw_fail(err, IFW_E_PARSE, "IP database: unexpected header size %u",
		                ifw_ipdb_rd32(hdr + IFW_IPDB_H_HDRSIZE));
	uint64_t want = ifw_ipdb_rd64(hdr + IFW_IPDB_H_FILESIZE);
	if (want != size)
		return ifw_fail(
		    err, IFW_E_PARSE,
		    "IP database: file is %zu bytes but its header says %llu (truncated or "
		    "padded)",
		    size, (unsigned long long)want);

	db->date = ifw_ipdb_rd32(hdr + IFW_IPDB_H_DATE);
	db->v4n = ifw_ipdb_rd32(hdr + IFW_IPDB_H_V4N);
	db->v6n = ifw_ipdb_rd32(hdr + IFW_IPDB_H_V6N);
	db->strsize = ifw_ipdb_rd32(hdr + IFW_IPDB_H_STRSIZE);
	db->srcoff = ifw_ipdb_rd32(hdr + IFW_IPDB_H_SRCOFF);
	if (db->v4n == 0 || db->v6n == 0)
		return ifw_fail(err, IFW_E_PARSE, "IP database: empty IPv4 or IPv6 table");
	if (db->strsize == 0)
		return ifw_fail(err, IFW_E_PARSE, "IP database: empty string section");

	if (section(hdr, b, size, IFW_IPDB_H_V4IDX, IFW_IPDB_IDX_N, 4, "IPv4 index", &db->v4idx,
	            err) ||
	    section(hdr, b, size, IFW_IPDB_H_V4KEY, db->v4n, 4, "IPv4 key", &db->v4key, err) ||
	    section(hdr, b, size, IFW_IPDB_H_V4VAL, db->v4n, IFW_IPDB_VAL_SIZE, "IPv4 value",
	            &db->v4val, err) ||
	    section(hdr, b, size, IFW_IPDB_H_V6IDX, IFW_IPDB_IDX_N, 4, "IPv6 index", &db->v6idx,
	            err) ||
	    section(hdr, b, size, IFW_IPDB_H_V6HI, db->v6n, 8, "IPv6 key", &db->v6hi, err) ||
	    section(hdr, b, size, IFW_IPDB_H_V6LO, db->v6n, 8, "IPv6 low key", &db->v6lo, err) ||
	    section(hdr, b, size, IFW_IPDB_H_V6SMP,
	            ((uint64_t)db->v6n + IFW_IPDB_SAMPLE - 1) / IFW_IPDB_SAMPLE, 8, "IPv6 sample",
	            &db->v6smp, err) ||
	    section(hdr, b, size, IFW_IPDB_H_V6VAL, db->v6n, IFW_IPDB_VAL_SIZE, "IPv6 value",
	            &db->v6val, err) ||
	    section(hdr, b, size, IFW_IPDB_H_STR, db->strsize, 1, "string", &db->str, err))
		return -1;
	return 0;
}

int ifw_ipdb_open_mem(const void *buf, size_t len, struct ifw_ipdb **out, struct ifw_err *err)
{
	*out = NULL;
	struct ifw_ipdb *db = calloc(1, sizeof(*db));
	if (!db)
		return ifw_fail(err, IFW_E_NOMEM, "IP database: out of memory");
	db->base = buf;
	db->size = len;
	if (check(db, buf, err) < 0) {
		free(db);
		return -1;
	}
	*out = db;
	return 0;
}

static int open_fail(const char *path, struct ifw_err *err)
{
	size_t n = err ? strlen(err->msg) : 0;
	if (err && n + strlen(path) + 4 < sizeof(err->msg))
		snprintf(err->msg + n, sizeof(err->msg) - n, " (%s)", path);
	return -1;
}

int ifw_ipdb_open(const char *path, struct ifw_ipdb **out, struct ifw_err *err)
{
	*out = NULL;
	int fd = ifw_input_open(AT_FDCWD, path, 0, err); /* regular files only */
	if (fd < 0) {
		if (err && err->errno_val == ENOENT)
			return ifw_fail(err, IFW_E_NOTFOUND, "IP database %s: no such file", path);
		return -1;
	}
	struct stat st;
	uint8_t hdr[IFW_IPDB_HDR_SIZE];
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		return ifw_fail_errno(err, e, "IP database %s: stat", path);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return ifw_fail(err, IFW_E_PARSE, "IP database %s: not a regular file", path);
	}
	/* The header is read rather than mapped: touching the mapping costs a page fault. */
	ssize_t got = st.st_size >= IFW_IPDB_HDR_SIZE ? pread(fd, hdr, sizeof(hdr), 0) : 0;
	if (got < 0) {
		int e = errno;
		close(fd);
		return ifw_fail_errno(err, e, "IP database %s: read", path);
	}
	struct ifw_ipdb *db = calloc(1, sizeof(*db));
	if (!db) {
		close(fd);
		return ifw_fail(err, IFW_E_NOMEM, "IP database: out of memory");
	}
	/* A file shorter than the header is reported with its real size (check() refuses it). */
	db->size = got == (ssize_t)sizeof(hdr) || st.st_size < IFW_IPDB_HDR_SIZE
	               ? (size_t)st.st_size
	               : (size_t)got;
	if (check(db, hdr, err) < 0) { /* bounds are checked before anything is mapped */
		close(fd);
		free(db);
		return open_fail(path, err);
	}
	void *map = mmap(NULL, db->size, PROT_READ, MAP_PRIVATE, fd, 0);
	int e = errno;
	close(fd);
	if (map == MAP_FAILED) {
		free(db);
		return ifw_fail_errno(err, e, "IP database %s: mmap", path);
	}
	/* Re-derive the section pointers against the mapping; the header the mapping holds is
	 * ignored, so a file rewritten under us cannot bypass the checks above. */
	db->base = map;
	if (check(db, hdr, err) < 0) { /* cannot fail: same header, same size */
		munmap(map, db->size);
		free(db);
		return open_fail(path, err);
	}
	db->mapped = true;
	*out = db;
	return 0;
}

void ifw_ipdb_close(struct ifw_ipdb *db)
{
	if (!db)
		return;
	if (db->mapped)
		munmap((void *)db->base, db->size);
	free(db);
}

/* Narrows [lo, hi] from the index, falling back to the whole table if the index is corrupt. */
static void bounds(const uint8_t *idx, uint32_t p, uint32_t n, uint32_t *lo, uint32_t *hi)
{
	*lo = ifw_ipdb_rd32(idx + 4 * (size_t)p);
	*hi = ifw_ipdb_rd32(idx + 4 * ((size_t)p + 1));
	if (*hi >= n || *lo > *hi) {
		*lo = 0;
		*hi = n - 1;
	}
}

static void set_v4(struct ifw_ip *ip, uint32_t v)
{
	uint8_t a[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
	ifw_ip_set(ip, AF_INET, a);
}

static void set_v6(struct ifw_ip *ip, uint64_t hi, uint64_t lo)
{
	uint8_t a[16];
	for (int i = 0; i < 8; i++) {
		a[i] = (uint8_t)(hi >> (56 - 8 * i));
		a[8 + i] = (uint8_t)(lo >> (56 - 8 * i));
	}
	ifw_ip_set(ip, AF_INET6, a);
}

static uint64_t be64(const uint8_t *a)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | a[i];
	return v;
}

/* Fills asn/org from the value at v (NULL for none); returns 1 if it is an announced range. */
static int fill_value(const struct ifw_ipdb *db, const uint8_t *v, struct ifw_ipdb_hit *hit)
{
	hit->asn = 0;
	hit->org = "";
	hit->org_len = 0;
	uint32_t org = v ? ifw_ipdb_rd32(v + 4) : IFW_IPDB_NONE;
	if (org == IFW_IPDB_NONE)
		return 0;
	hit->asn = ifw_ipdb_rd32(v);
	uint32_t off = org & (IFW_IPDB_STR_MAX - 1), len = org >> 24;
	/* Bounds only: checking the terminator here would cost a cache miss per lookup. A valid
	 * file (ifw_ipdb_verify) terminates every string. */
	if (off < db->strsize && len < db->strsize - off) {
		hit->org = (const char *)db->str + off;
		hit->org_len = len;
	}
	return 1;
}

static int lookup_v4(const struct ifw_ipdb *db, uint32_t x, struct ifw_ipdb_hit *hit)
{
	uint32_t lo, hi;
	bounds(db->v4idx, x >> 16, db->v4n, &lo, &hi);
	/* Branchless search for the last key <= x in [lo, hi]. */
	uint32_t base = lo, len = hi - lo + 1;
	while (len > 1) {
		uint32_t half = len / 2;
		base =
		    ifw_ipdb_rd32(db->v4key + 4 * (size_t)(base + half)) <= x ? base + half : base;
		len -= half;
	}
	uint32_t first = ifw_ipdb_rd32(db->v4key + 4 * (size_t)base);
	uint32_t last = 0xffffffffu;
	if (base + 1 < db->v4n)
		last = ifw_ipdb_rd32(db->v4key + 4 * (size_t)(base + 1)) - 1;
	if (first > x || last < x) { /* only with a corrupt (unsorted) file */
		first = last = x;
		base = UINT32_MAX;
	}
	set_v4(&hit->first, first);
	set_v4(&hit->last, last);
	if (base == UINT32_MAX)
		return fill_value(db, NULL, hit);
	return fill_value(db, db->v4val + IFW_IPDB_VAL_SIZE * (size_t)base, hit);
}

static inline bool le128(uint64_t ahi, uint64_t alo, uint64_t bhi, uint64_t blo)
{
	return ahi < bhi || (ahi == bhi && alo <= blo);
}

/* Last i in [lo, hi] with key[i] <= x, or lo if none, for keys of 8 bytes. */
static uint32_t last_le64(const uint8_t *key, uint32_t lo, uint32_t hi, uint64_t x)
{
	uint32_t base = lo, len = hi - lo + 1;
	while (len > 1) {
		uint32_t half = len / 2;
		base = ifw_ipdb_rd64(key + 8 * (size_t)(base + half)) <= x ? base + half : base;
		len -= half;
	}
	return base;
}

static int lookup_v6(const struct ifw_ipdb *db, const uint8_t a[16], struct ifw_ipdb_hit *hit)
{
	uint64_t xhi = be64(a), xlo = be64(a + 8);
	uint32_t lo, hi;
	bounds(db->v6idx, (uint32_t)(xhi >> 48), db->v6n, &lo, &hi);
	/* First level: the samples (hi[16 j]) narrow [lo, hi] to one block of 16 entries. */
	uint32_t j = last_le64(db->v6smp, lo / IFW_IPDB_SAMPLE, hi / IFW_IPDB_SAMPLE, xhi);
	uint32_t blo = j * IFW_IPDB_SAMPLE, bhi = blo + IFW_IPDB_SAMPLE - 1;
	if (blo < lo)
		blo = lo;
	if (bhi > hi)
		bhi = hi;
	uint32_t i = last_le64(db->v6hi, blo, bhi, xhi);
	/* Entries that share the top 64 bits (ranges finer than /64): settle on the low bits. */
	while (i > lo && ifw_ipdb_rd64(db->v6hi + 8 * (size_t)i) == xhi &&
	       ifw_ipdb_rd64(db->v6lo + 8 * (size_t)i) > xlo)
		i--;
	uint64_t fhi = ifw_ipdb_rd64(db->v6hi + 8 * (size_t)i);
	uint64_t flo = ifw_ipdb_rd64(db->v6lo + 8 * (size_t)i);
	uint64_t lhi = UINT64_MAX, llo = UINT64_MAX;
	if (i + 1 < db->v6n) {
		lhi = ifw_ipdb_rd64(db->v6hi + 8 * (size_t)(i + 1));
		llo = ifw_ipdb_rd64(db->v6lo + 8 * (size_t)(i + 1));
		if (llo-- == 0) /* next start minus one, with borrow */
			lhi--;
	}
	bool ok = le128(fhi, flo, xhi, xlo) && le128(xhi, xlo, lhi, llo);
	if (!ok) { /* only with a corrupt (unsorted) file */
		fhi = lhi = xhi;
		flo = llo = xlo;
	}
	set_v6(&hit->first, fhi, flo);
	set_v6(&hit->last, lhi, llo);
	return fill_value(db, ok ? db->v6val + IFW_IPDB_VAL_SIZE * (size_t)i : NULL, hit);
}

int ifw_ipdb_lookup(const struct ifw_ipdb *db, const struct ifw_ip *ip, struct ifw_ipdb_hit *hit)
{
	struct ifw_ip u = ifw_ip_unmap(ip);
	if (u.family == AF_INET) {
		uint32_t x = (uint32_t)u.a[0] << 24 | (uint32_t)u.a[1] << 16 |
		             (uint32_t)u.a[2] << 8 | u.a[3];
		return lookup_v4(db, x, hit);
	}
	if (u.family == AF_INET6)
		return lookup_v6(db, u.a, hit);
	memset(hit, 0, sizeof(*hit));
	hit->org = "";
	return 0;
}

uint32_t ifw_ipdb_date(const struct ifw_ipdb *db)
{
	return db->date;
}

const char *ifw_ipdb_source(const struct ifw_ipdb *db)
{
	/* Checked here rather than at open, which reads nothing past the header. */
	if (db->srcoff < db->strsize &&
	    memchr(db->str + db->srcoff, '\0', db->strsize - db->srcoff))
		return (const char *)db->str + db->srcoff;
	return "";
}

void ifw_ipdb_stats(const struct ifw_ipdb *db, struct ifw_ipdb_stats *st)
{
	st->v4_entries = db->v4n;
	st->v6_entries = db->v6n;
	st->str_size = db->strsize;
	st->file_size = db->size;
}

const char *ifw_ipdb_credit(const struct ifw_ipdb *db, char *buf, size_t len)
{
	if (!len)
		return buf;
	if (!db) {
		snprintf(buf, len, "IP-to-AS data: none found");
		return buf;
	}
	const char *src = ifw_ipdb_source(db);
	uint32_t d = db->date;
	if (d)
		snprintf(buf, len, "IP-to-AS data: %s, dated %04u-%02u-%02u",
		         *src ? src : "unknown source", d / 10000, d / 100 % 100, d % 100);
	else
		snprintf(buf, len, "IP-to-AS data: %s", *src ? src : "unknown source");
	return buf;
}
