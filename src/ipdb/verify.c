/* Full O(size) consistency check of an opened database; lookups do not need it (they are
 * bounds-checked), it tells whether their answers can be trusted. */
#include "ipdb/ipdb.h"
#include "ipdb/ipdb_format.h"
#include "ipdb/ipdb_priv.h"

static int check_vals(const struct ifw_ipdb *w, const uint8_t *val, uint32_t n, const char *fam,
                      struct ifw_err *err)
{
	for (uint32_t i = 0; i < n; i++) {
		uint32_t org = ifw_ipdb_rd32(val + IFW_IPDB_VAL_SIZE * (size_t)i + 4);
		if (org == IFW_IPDB_NONE)
			continue;
		uint32_t off = org & (IFW_IPDB_STR_MAX - 1), len = org >> 24;
		if (off >= w->strsize || len >= w->strsize - off || w->str[off + len] != '\0' ||
		    memchr(w->str + off, '\0', len) != NULL)
			return ifw_fail(err, IFW_E_PARSE,
			                "IP database: %s entry %u has a bad organization string",
			                fam, i);
	}
	return 0;
}

static int check_v4(const struct ifw_ipdb *w, struct ifw_err *err)
{
	for (uint32_t i = 1; i < w->v4n; i++)
		if (ifw_ipdb_rd32(w->v4key + 4 * (size_t)i) <=
		    ifw_ipdb_rd32(w->v4key + 4 * (size_t)(i - 1)))
			return ifw_fail(err, IFW_E_PARSE, "IP database: IPv4 keys not sorted at %u",
			                i);
	for (uint32_t p = 0; p < IFW_IPDB_IDX_N; p++) {
		uint32_t e = ifw_ipdb_rd32(w->v4idx + 4 * (size_t)p);
		uint64_t addr = (uint64_t)p << 16;
		if (p == IFW_IPDB_IDX_N - 1)
			addr = 0xffffffffu;
		bool ok = e < w->v4n && ifw_ipdb_rd32(w->v4key + 4 * (size_t)e) <= addr &&
		          (e + 1 == w->v4n || ifw_ipdb_rd32(w->v4key + 4 * (size_t)(e + 1)) > addr);
		if (!ok)
			return ifw_fail(err, IFW_E_PARSE, "IP database: IPv4 index wrong at %u", p);
	}
	return check_vals(w, w->v4val, w->v4n, "IPv4", err);
}

static bool key6_le(const struct ifw_ipdb *w, uint32_t i, uint64_t hi, uint64_t lo)
{
	uint64_t khi = ifw_ipdb_rd64(w->v6hi + 8 * (size_t)i),
	         klo = ifw_ipdb_rd64(w->v6lo + 8 * (size_t)i);
	return khi < hi || (khi == hi && klo <= lo);
}

static int check_v6(const struct ifw_ipdb *w, struct ifw_err *err)
{
	for (uint32_t i = 1; i < w->v6n; i++)
		if (key6_le(w, i, ifw_ipdb_rd64(w->v6hi + 8 * (size_t)(i - 1)),
		            ifw_ipdb_rd64(w->v6lo + 8 * (size_t)(i - 1))))
			return ifw_fail(err, IFW_E_PARSE, "IP database: IPv6 keys not sorted at %u",
			                i);
	for (uint32_t j = 0; j < (w->v6n + IFW_IPDB_SAMPLE - 1) / IFW_IPDB_SAMPLE; j++)
		if (ifw_ipdb_rd64(w->v6smp + 8 * (size_t)j) !=
		    ifw_ipdb_rd64(w->v6hi + 8 * (size_t)j * IFW_IPDB_SAMPLE))
			return ifw_fail(err, IFW_E_PARSE, "IP database: IPv6 sample %u wrong", j);
	for (uint32_t p = 0; p < IFW_IPDB_IDX_N; p++) {
		uint32_t e = ifw_ipdb_rd32(w->v6idx + 4 * (size_t)p);
		uint64_t hi = (uint64_t)p << 48, lo = 0;
		if (p == IFW_IPDB_IDX_N - 1)
			hi = lo = UINT64_MAX;
		bool ok = e < w->v6n && key6_le(w, e, hi, lo) &&
		          (e + 1 == w->v6n || !key6_le(w, e + 1, hi, lo));
		if (!ok)
			return ifw_fail(err, IFW_E_PARSE, "IP database: IPv6 index wrong at %u", p);
	}
	return check_vals(w, w->v6val, w->v6n, "IPv6", err);
}

int ifw_ipdb_verify(const struct ifw_ipdb *db, struct ifw_err *err)
{
	uint32_t crc =
	    ifw_ipdb_crc32(0, db->base + IFW_IPDB_HDR_SIZE, db->size - IFW_IPDB_HDR_SIZE);
	if (crc != ifw_ipdb_rd32(db->base + IFW_IPDB_H_BODYCRC))
		return ifw_fail(err, IFW_E_PARSE,
		                "IP database: body checksum mismatch (corrupt file)");
	if (db->str[0] != '\0' || db->str[db->strsize - 1] != '\0')
		return ifw_fail(err, IFW_E_PARSE, "IP database: string section is not terminated");
	if (ifw_ipdb_rd32(db->v4key) != 0 || ifw_ipdb_rd64(db->v6hi) != 0 ||
	    ifw_ipdb_rd64(db->v6lo) != 0)
		return ifw_fail(err, IFW_E_PARSE,
		                "IP database: tables do not start at address zero");
	if (check_v4(db, err) || check_v6(db, err))
		return -1;
	return 0;
}
