/* Truncated and corrupted database files: open fails with a clear IFW_E_PARSE, or it succeeds
 * and lookups stay inside the buffer. Buffers end right before a PROT_NONE guard page, so a read
 * past the end crashes the test instead of going unnoticed. */
#include "helpers.h"
#include "ipdb/ipdb_format.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

static uint8_t *good;
static size_t good_len;

static const uint8_t *buf_lo, *buf_hi; /* the guarded buffer being hammered */

struct guarded {
	uint8_t *map, *data;
	size_t maplen;
};

/* len bytes of src placed so that the byte after them is unreadable. */
static struct guarded guard(const uint8_t *src, size_t len)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	size_t body = (len + pg - 1) / pg * pg;
	struct guarded g;
	g.maplen = body + pg;
	g.map = mmap(NULL, g.maplen, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(g.map != MAP_FAILED);
	assert_int_equal(mprotect(g.map + body, pg, PROT_NONE), 0);
	g.data = g.map + body - len;
	memcpy(g.data, src, len);
	buf_lo = g.data;
	buf_hi = g.data + len;
	return g;
}

static void unguard(struct guarded *g)
{
	munmap(g->map, g->maplen);
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t xr(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Lookups at fixed and random addresses must not crash; results must describe the address and
 * organization names must lie inside the file. */
static void hammer(const struct ifw_ipdb *db)
{
	static const char *fixed[] = {"0.0.0.0",    "255.255.255.255",
	                              "1.0.0.0",    "10.1.0.5",
	                              "::",         "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	                              "2001:db8::1"};
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]) + 2000; i++) {
		struct ifw_ip ip;
		if (i < sizeof(fixed) / sizeof(fixed[0])) {
			ip = th_ip(fixed[i]);
		} else {
			uint8_t a[16];
			for (int k = 0; k < 16; k++)
				a[k] = (uint8_t)xr();
			ifw_ip_set(&ip, i % 2 ? AF_INET : AF_INET6, a);
		}
		struct ifw_ipdb_hit hit;
		int r = ifw_ipdb_lookup(db, &ip, &hit);
		assert_true(r == 0 || r == 1);
		assert_non_null(hit.org);
		if (hit.org_len)
			assert_true((const uint8_t *)hit.org >= buf_lo &&
			            (const uint8_t *)hit.org + hit.org_len < buf_hi);
		size_t n = ifw_ip_len(ip.family);
		assert_true(memcmp(hit.first.a, ip.a, n) <= 0 && memcmp(ip.a, hit.last.a, n) <= 0);
	}
	char buf[256];
	ifw_ipdb_credit(db, buf, sizeof(buf));
	assert_true(strlen(ifw_ipdb_source(db)) < 1u << 24);
}

/* Opens len bytes of buf (guarded); returns 0 if opened (after hammering), -1 if refused. */
static int try_open(const uint8_t *buf, size_t len, struct ifw_err *err)
{
	struct guarded g = guard(buf, len);
	struct ifw_ipdb *db;
	int rc = ifw_ipdb_open_mem(g.data, len, &db, err);
	if (rc == 0) {
		hammer(db);
		ifw_ipdb_verify(db, err); /* may fail, must not crash */
		ifw_ipdb_close(db);
	} else {
		assert_null(db);
		assert_int_equal(err->code, IFW_E_PARSE);
		assert_non_null(strstr(err->msg, "IP database"));
	}
	unguard(&g);
	return rc;
}

static int setup(void **state)
{
	(void)state;
	/* Enough ranges for every section to be non-trivial. */
	char *csv = malloc(1 << 20);
	size_t len = 0;
	for (int i = 0; i < 500; i++)
		len +=
		    (size_t)sprintf(csv + len, "%d.%d.0.0,%d.%d.255.255,%d,Org %d\n", 1 + i / 200,
		                    i % 200, 1 + i / 200, i % 200, 64500 + i % 37, i % 37);
	for (int i = 0; i < 300; i++)
		len += (size_t)sprintf(csv + len, "2001:db8:%x::,2001:db8:%x:ffff::,%d,V6 %d\n", i,
		                       i, 65000 + i % 11, i % 11);
	const char *p = th_build("corrupt-base.ipdb", csv, 20250101, "corruption test");
	free(csv);
	good = th_read(p, &good_len);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(good);
	th_cleanup();
	return 0;
}

static void intact_opens(void **state)
{
	(void)state;
	struct ifw_err err = {0};
	assert_int_equal(try_open(good, good_len, &err), 0);
	struct guarded g = guard(good, good_len);
	struct ifw_ipdb *db;
	assert_int_equal(ifw_ipdb_open_mem(g.data, good_len, &db, &err), 0);
	assert_int_equal(ifw_ipdb_verify(db, &err), 0);
	struct ifw_ip ip = th_ip("1.5.3.4");
	struct ifw_ipdb_hit hit;
	assert_int_equal(ifw_ipdb_lookup(db, &ip, &hit), 1);
	assert_int_equal(hit.asn, 64505);
	ifw_ipdb_close(db);
	unguard(&g);
}

static void truncated(void **state)
{
	(void)state;
	struct ifw_err err = {0};
	size_t tried = 0;
	/* Every length in the header and the first sections, then a stride with odd steps. */
	for (size_t len = 0; len < good_len; len += len < 8192 ? 1 : 1 + len % 977) {
		if (try_open(good, len, &err) == 0)
			fail_msg("truncated to %zu of %zu bytes and still opened", len, good_len);
		if (len >= IFW_IPDB_HDR_SIZE)
			assert_non_null(strstr(err.msg, "truncated"));
		tried++;
	}
	assert_true(tried > 8000);
	/* A longer file (trailing junk) is refused as well. */
	uint8_t *longer = calloc(1, good_len + 16);
	memcpy(longer, good, good_len);
	assert_int_equal(try_open(longer, good_len + 16, &err), -1);
	free(longer);
}

static void truncated_file_on_disk(void **state)
{
	(void)state;
	const char *p = th_path("trunc.ipdb");
	size_t lens[] = {0, 1, 7, 100, 127, 128, 129, 4096, good_len / 2, good_len - 1};
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		th_write(p, good, lens[i]);
		struct ifw_ipdb *db;
		struct ifw_err err = {0};
		assert_int_equal(ifw_ipdb_open(p, &db, &err), -1);
		assert_null(db);
		assert_int_equal(err.code, IFW_E_PARSE);
		assert_non_null(strstr(err.msg, "trunc.ipdb"));
	}
	struct ifw_ipdb *db;
	struct ifw_err err = {0};
	assert_int_equal(ifw_ipdb_open(th_path("absent.ipdb"), &db, &err), -1);
	assert_int_equal(err.code, IFW_E_NOTFOUND);
	assert_int_equal(ifw_ipdb_open(th_tmpdir(), &db, &err), -1); /* a directory */
}

static void header_bit_flips(void **state)
{
	(void)state;
	uint8_t *copy = malloc(good_len);
	for (size_t byte = 0; byte < IFW_IPDB_HDR_SIZE; byte++) {
		for (int bit = 0; bit < 8; bit++) {
			memcpy(copy, good, good_len);
			copy[byte] ^= (uint8_t)(1u << bit);
			struct ifw_err err = {0};
			/* The header checksum catches every single-bit flip. */
			if (try_open(copy, good_len, &err) == 0)
				fail_msg("flipping bit %d of header byte %zu went unnoticed", bit,
				         byte);
		}
	}
	free(copy);
}

/* A header that lies but carries a correct checksum: open must still refuse out-of-bounds
 * sections, or else lookups must stay in bounds. */
static void forged_headers(void **state)
{
	(void)state;
	static const unsigned u32f[] = {IFW_IPDB_H_V4N,    IFW_IPDB_H_V6N,     IFW_IPDB_H_STRSIZE,
	                                IFW_IPDB_H_SRCOFF, IFW_IPDB_H_HDRSIZE, IFW_IPDB_H_VERSION};
	static const unsigned u64f[] = {IFW_IPDB_H_V4IDX,   IFW_IPDB_H_V4KEY, IFW_IPDB_H_V4VAL,
	                                IFW_IPDB_H_V6IDX,   IFW_IPDB_H_V6HI,  IFW_IPDB_H_V6LO,
	                                IFW_IPDB_H_V6SMP,   IFW_IPDB_H_V6VAL, IFW_IPDB_H_STR,
	                                IFW_IPDB_H_FILESIZE};
	uint64_t vals[] = {0,
	                   1,
	                   7,
	                   8,
	                   IFW_IPDB_HDR_SIZE,
	                   good_len - 8,
	                   good_len - 1,
	                   good_len,
	                   good_len + 8,
	                   0x7fffffff,
	                   0xffffffff,
	                   0x100000000ull,
	                   UINT64_MAX - 7,
	                   UINT64_MAX};
	uint8_t *copy = malloc(good_len);
	int opened = 0, refused = 0;
	for (int pass = 0; pass < 2; pass++) {
		size_t nf = pass ? sizeof(u64f) / sizeof(u64f[0]) : sizeof(u32f) / sizeof(u32f[0]);
		for (size_t f = 0; f < nf; f++) {
			for (size_t v = 0; v < sizeof(vals) / sizeof(vals[0]); v++) {
				memcpy(copy, good, good_len);
				if (pass)
					ifw_ipdb_wr64(copy + u64f[f], vals[v]);
				else
					ifw_ipdb_wr32(copy + u32f[f], (uint32_t)vals[v]);
				ifw_ipdb_wr32(copy + IFW_IPDB_H_HDRCRC,
				              ifw_ipdb_crc32(0, copy, IFW_IPDB_H_HDRCRC));
				struct ifw_err err = {0};
				if (try_open(copy, good_len, &err) == 0)
					opened++;
				else
					refused++;
			}
		}
	}
	/* Most forgeries are refused; the rest (e.g. smaller counts) opened and were hammered. */
	assert_true(refused > opened);
	assert_true(opened > 0);
	free(copy);
}

/* Random garbage in the body (header intact): open succeeds (it does not read the body),
 * verify notices, lookups stay in bounds. */
static void body_garbage(void **state)
{
	(void)state;
	uint8_t *copy = malloc(good_len);
	for (int round = 0; round < 60; round++) {
		memcpy(copy, good, good_len);
		int n = round < 20 ? 1 : round < 40 ? 64 : 4096;
		for (int i = 0; i < n; i++) {
			size_t at = IFW_IPDB_HDR_SIZE + xr() % (good_len - IFW_IPDB_HDR_SIZE);
			copy[at] = round % 3 ? (uint8_t)xr() : 0xff;
		}
		/* Keep the start-of-table checks satisfied so open goes on to the lookups. */
		memcpy(copy + ifw_ipdb_rd64(good + IFW_IPDB_H_V4KEY),
		       good + ifw_ipdb_rd64(good + IFW_IPDB_H_V4KEY), 4);
		memcpy(copy + ifw_ipdb_rd64(good + IFW_IPDB_H_V6HI),
		       good + ifw_ipdb_rd64(good + IFW_IPDB_H_V6HI), 8);
		memcpy(copy + ifw_ipdb_rd64(good + IFW_IPDB_H_V6LO),
		       good + ifw_ipdb_rd64(good + IFW_IPDB_H_V6LO), 8);
		uint64_t str = ifw_ipdb_rd64(good + IFW_IPDB_H_STR);
		copy[str] = 0;
		copy[good_len - 1] = 0;
		struct guarded g = guard(copy, good_len);
		struct ifw_ipdb *db;
		struct ifw_err err = {0};
		assert_int_equal(ifw_ipdb_open_mem(g.data, good_len, &db, &err), 0);
		hammer(db);
		if (memcmp(copy, good, good_len) != 0) {
			assert_int_equal(ifw_ipdb_verify(db, &err), -1);
			assert_int_equal(err.code, IFW_E_PARSE);
		}
		ifw_ipdb_close(db);
		unguard(&g);
	}
	free(copy);
}

/* Garbage that passes the body checksum too (as an attacker could write): verify's structural
 * checks still find it. (Not in the IPv6 low keys: any values there are a valid, if odd,
 * database as long as the high keys increase.) */
static void forged_body(void **state)
{
	(void)state;
	uint8_t *copy = malloc(good_len);
	static const unsigned sec[] = {IFW_IPDB_H_V4IDX, IFW_IPDB_H_V4KEY, IFW_IPDB_H_V4VAL,
	                               IFW_IPDB_H_V6IDX, IFW_IPDB_H_V6HI,  IFW_IPDB_H_V6SMP,
	                               IFW_IPDB_H_V6VAL};
	for (size_t s = 0; s < sizeof(sec) / sizeof(sec[0]); s++) {
		memcpy(copy, good, good_len);
		uint64_t off = ifw_ipdb_rd64(good + sec[s]);
		for (int i = 0; i < 8; i++) /* past the first entry, which open checks */
			ifw_ipdb_wr32(copy + off + 16 + 4 * (uint64_t)i, 0xfffffff0u - (uint32_t)i);
		ifw_ipdb_wr32(
		    copy + IFW_IPDB_H_BODYCRC,
		    ifw_ipdb_crc32(0, copy + IFW_IPDB_HDR_SIZE, good_len - IFW_IPDB_HDR_SIZE));
		ifw_ipdb_wr32(copy + IFW_IPDB_H_HDRCRC, ifw_ipdb_crc32(0, copy, IFW_IPDB_H_HDRCRC));
		struct guarded g = guard(copy, good_len);
		struct ifw_ipdb *db;
		struct ifw_err err = {0};
		assert_int_equal(ifw_ipdb_open_mem(g.data, good_len, &db, &err), 0);
		hammer(db);
		if (ifw_ipdb_verify(db, &err) == 0)
			fail_msg("section %zu: forged body passed verify", s);
		assert_null(strstr(err.msg, "checksum"));
		ifw_ipdb_close(db);
		unguard(&g);
	}
	free(copy);
}

static void not_a_database(void **state)
{
	(void)state;
	struct ifw_err err = {0};
	uint8_t junk[4096];
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (uint8_t)xr();
	assert_int_equal(try_open(junk, sizeof(junk), &err), -1);
	assert_non_null(strstr(err.msg, "magic"));
	memcpy(junk, IFW_IPDB_MAGIC, IFW_IPDB_MAGIC_LEN);
	ifw_ipdb_wr32(junk + IFW_IPDB_H_VERSION, 99);
	assert_int_equal(try_open(junk, sizeof(junk), &err), -1);
	assert_non_null(strstr(err.msg, "version 99"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(intact_opens),
	    cmocka_unit_test(truncated),
	    cmocka_unit_test(truncated_file_on_disk),
	    cmocka_unit_test(header_bit_flips),
	    cmocka_unit_test(forged_headers),
	    cmocka_unit_test(body_garbage),
	    cmocka_unit_test(forged_body),
	    cmocka_unit_test(not_a_database),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
