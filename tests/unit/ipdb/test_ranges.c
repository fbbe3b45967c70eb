/* Range boundaries, gaps, overlaps and merging, on tiny databases built from CSV fixtures, and a
 * randomized comparison against a brute-force search. */
#include "helpers.h"
#include "ipdb_build.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

static const char fixture[] =
    "1.0.0.0,1.0.0.255,13335,\"Cloudflare, Inc.\"\n"
    "1.0.4.0,1.0.7.255,38803,Gtelecom Pty Ltd\r\n" /* CRLF is fine */
    "1.0.8.0,1.0.8.255,38803,Gtelecom Pty Ltd\n"   /* adjacent, same AS: merged */
    "1.0.9.0,1.0.9.255,38803,Other Name\n"         /* adjacent, same AS, other name: kept */
    "10.0.0.0,10.255.255.255,64512,\"Quote \"\"inside\"\"\"\n"
    "10.1.0.0,10.1.0.255,64513,Nested\n" /* inside the previous one: wins its span */
    "\n"
    "255.255.255.0,255.255.255.255,1,Last\n"
    "::,::ff,7,Zero6\n"
    "2001:db8::,2001:db8::ffff,64496,Doc6\n"
    "2001:db8::1:0,2001:db8::ffff:ffff:ffff:ffff,64497,Doc6b\n"
    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ff00,ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff,9,End6\n"
    "2607:fb90::,2607:fb90::ffff,21928,\"Tab\there\"\n";

static struct ifw_ipdb *db;

static int setup(void **state)
{
	(void)state;
	struct ifw_err err = {0};
	const char *p = th_build("fixture.ipdb", fixture, 20240229, "unit test fixture");
	if (ifw_ipdb_open(p, &db, &err) < 0 || ifw_ipdb_verify(db, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ifw_ipdb_close(db);
	th_cleanup();
	return 0;
}

/* Looks addr up and checks found/asn/org and the reported range. */
static void expect(const char *addr, int found, uint32_t asn, const char *org, const char *first,
                   const char *last)
{
	struct ifw_ip ip = th_ip(addr);
	struct ifw_ipdb_hit hit;
	int r = ifw_ipdb_lookup(db, &ip, &hit);
	if (r != found || hit.asn != asn || hit.org_len != strlen(org) ||
	    memcmp(hit.org, org, hit.org_len) != 0)
		fail_msg("%s: got %d AS%u \"%.*s\", want %d AS%u \"%s\"", addr, r, hit.asn,
		         (int)hit.org_len, hit.org, found, asn, org);
	struct ifw_ip f = th_ip(first), l = th_ip(last);
	if (!ifw_ip_eq(&hit.first, &f) || !ifw_ip_eq(&hit.last, &l))
		fail_msg("%s: range %s-%s, want %s-%s", addr, th_str(&hit.first), th_str(&hit.last),
		         first, last);
}

static void v4_boundaries(void **state)
{
	(void)state;
	expect("0.0.0.0", 0, 0, "", "0.0.0.0", "0.255.255.255");
	expect("0.255.255.255", 0, 0, "", "0.0.0.0", "0.255.255.255");
	expect("1.0.0.0", 1, 13335, "Cloudflare, Inc.", "1.0.0.0", "1.0.0.255");
	expect("1.0.0.255", 1, 13335, "Cloudflare, Inc.", "1.0.0.0", "1.0.0.255");
	expect("1.0.1.0", 0, 0, "", "1.0.1.0", "1.0.3.255"); /* the gap */
	expect("1.0.3.255", 0, 0, "", "1.0.1.0", "1.0.3.255");
	expect("1.0.4.0", 1, 38803, "Gtelecom Pty Ltd", "1.0.4.0", "1.0.8.255"); /* merged */
	expect("1.0.8.255", 1, 38803, "Gtelecom Pty Ltd", "1.0.4.0", "1.0.8.255");
	expect("1.0.9.0", 1, 38803, "Other Name", "1.0.9.0", "1.0.9.255");
	expect("1.0.10.0", 0, 0, "", "1.0.10.0", "9.255.255.255");
	expect("255.255.255.255", 1, 1, "Last", "255.255.255.0", "255.255.255.255");
	expect("255.255.254.255", 0, 0, "", "11.0.0.0", "255.255.254.255");
}

static void v4_overlap_nested(void **state)
{
	(void)state;
	expect("10.0.0.0", 1, 64512, "Quote \"inside\"", "10.0.0.0", "10.0.255.255");
	expect("10.0.255.255", 1, 64512, "Quote \"inside\"", "10.0.0.0", "10.0.255.255");
	expect("10.1.0.0", 1, 64513, "Nested", "10.1.0.0", "10.1.0.255");
	expect("10.1.0.255", 1, 64513, "Nested", "10.1.0.0", "10.1.0.255");
	expect("10.1.1.0", 1, 64512, "Quote \"inside\"", "10.1.1.0", "10.255.255.255");
}

static void v6_boundaries(void **state)
{
	(void)state;
	expect("::", 1, 7, "Zero6", "::", "::ff");
	expect("::ff", 1, 7, "Zero6", "::", "::ff");
	expect("::100", 0, 0, "", "::100", "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff");
	expect("2001:db8::", 1, 64496, "Doc6", "2001:db8::", "2001:db8::ffff");
	expect("2001:db8::ffff", 1, 64496, "Doc6", "2001:db8::", "2001:db8::ffff");
	expect("2001:db8::1:0", 1, 64497, "Doc6b", "2001:db8::1:0",
	       "2001:db8::ffff:ffff:ffff:ffff");
	expect("2001:db8:0:1::", 0, 0, "",
	       "2001:db8:0:1::", "2607:fb8f:ffff:ffff:ffff:ffff:ffff:ffff");
	expect("2607:fb90::1", 1, 21928, "Tab?here", "2607:fb90::", "2607:fb90::ffff");
	expect("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 1, 9, "End6",
	       "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ff00",
	       "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
	expect("ffff:ffff:ffff:ffff:ffff:ffff:ffff:feff", 0, 0, "", "2607:fb90::1:0",
	       "ffff:ffff:ffff:ffff:ffff:ffff:ffff:feff");
}

static void mapped_and_bad_family(void **state)
{
	(void)state;
	expect("::ffff:1.0.0.7", 1, 13335, "Cloudflare, Inc.", "1.0.0.0", "1.0.0.255");
	struct ifw_ip none = {0};
	struct ifw_ipdb_hit hit;
	assert_int_equal(ifw_ipdb_lookup(db, &none, &hit), 0);
	assert_string_equal(hit.org, "");
}

static void metadata(void **state)
{
	(void)state;
	assert_int_equal(ifw_ipdb_date(db), 20240229);
	assert_string_equal(ifw_ipdb_source(db), "unit test fixture");
	char buf[128];
	assert_string_equal(ifw_ipdb_credit(db, buf, sizeof(buf)),
	                    "IP-to-AS data: unit test fixture, dated 2024-02-29");
	char small[10];
	ifw_ipdb_credit(db, small, sizeof(small));
	assert_int_equal(strlen(small), 9);
}

static void csv_errors(void **state)
{
	(void)state;
	static const struct {
		const char *csv, *msg;
	} bad[] = {
	    {"1.0.0.0,1.0.0.255,1,ok\n1.0.1.0,1.0.1.255,x,bad\n", ":2: bad AS number"},
	    {"1.0.0.0,1.0.0.255,1\n", ":1: expected 4 fields"},
	    {"1.0.0.0,1.0.0.255,1,a,b\n", ":1: expected 4 fields"},
	    {"1.0.0.300,1.0.0.255,1,a\n", ":1: bad address"},
	    {"1.0.1.0,1.0.0.255,1,a\n", ":1: range ends before it starts"},
	    {"1.0.0.0,::1,1,a\n", ":1: range ends are of different"},
	    {"1.0.0.0,1.0.0.255,1,\"unterminated\n", ":1: malformed quoted field"},
	    {"1.0.0.0,1.0.0.255,1,\"a\"b\n", ":1: malformed quoted field"},
	    {"1.0.0.0,1.0.0.255,4294967296,a\n", ":1: bad AS number"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *p = th_path("bad.csv");
		th_write(p, bad[i].csv, strlen(bad[i].csv));
		struct ifw_ipdb_builder *b = ifw_ipdb_builder_new();
		struct ifw_err err = {0};
		assert_int_equal(ifw_ipdb_builder_add_csv(b, p, &err), -1);
		assert_int_equal(err.code, IFW_E_PARSE);
		if (!strstr(err.msg, bad[i].msg))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err.msg, bad[i].msg);
		ifw_ipdb_builder_free(b);
	}
	struct ifw_ipdb_builder *b = ifw_ipdb_builder_new();
	struct ifw_err err = {0};
	assert_int_equal(ifw_ipdb_builder_add_csv(b, th_path("missing.csv"), &err), -1);
	assert_int_equal(err.code, IFW_E_SYS);
	ifw_ipdb_builder_free(b);
}

static void empty_database(void **state)
{
	(void)state;
	struct ifw_ipdb *e;
	struct ifw_err err = {0};
	const char *p = th_build("empty.ipdb", "", 0, "");
	assert_int_equal(ifw_ipdb_open(p, &e, &err), 0);
	assert_int_equal(ifw_ipdb_verify(e, &err), 0);
	struct ifw_ip ip = th_ip("8.8.8.8");
	struct ifw_ipdb_hit hit;
	assert_int_equal(ifw_ipdb_lookup(e, &ip, &hit), 0);
	assert_string_equal(th_str(&hit.first), "0.0.0.0");
	assert_string_equal(th_str(&hit.last), "255.255.255.255");
	char buf[64];
	assert_string_equal(ifw_ipdb_credit(e, buf, sizeof(buf)), "IP-to-AS data: unknown source");
	ifw_ipdb_close(e);
}

static void long_names_cut(void **state)
{
	(void)state;
	/* 254 ASCII bytes then "é" (2 bytes): 255 would split the "é", so the name ends at 254. */
	char csv[1024], name[400];
	memset(name, 'a', 254);
	strcpy(name + 254, "\xc3\xa9tail");
	snprintf(csv, sizeof(csv), "1.0.0.0,1.0.0.255,1,%s\n2.0.0.0,2.0.0.255,2,%.300s\n", name,
	         "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	         "bbbbbbbb"
	         "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	         "bbbbbbbb"
	         "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	         "bbbbbbbb"
	         "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
	struct ifw_ipdb *d;
	struct ifw_err err = {0};
	assert_int_equal(ifw_ipdb_open(th_build("long.ipdb", csv, 0, "t"), &d, &err), 0);
	assert_int_equal(ifw_ipdb_verify(d, &err), 0);
	struct ifw_ip a = th_ip("1.0.0.1"), b = th_ip("2.0.0.1");
	struct ifw_ipdb_hit hit;
	assert_int_equal(ifw_ipdb_lookup(d, &a, &hit), 1);
	assert_int_equal(hit.org_len, 254);
	assert_int_equal(hit.org[253], 'a');
	assert_int_equal(ifw_ipdb_lookup(d, &b, &hit), 1);
	assert_int_equal(hit.org_len, 255);
	ifw_ipdb_close(d);
}

/* ---- randomized: many random disjoint ranges, lookups compared with a linear scan ---- */

struct rr {
	uint8_t lo[16], hi[16];
	uint32_t asn;
};

static uint64_t rng = 88172645463325252ull;
static uint64_t xr(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void rand_addr(uint8_t *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		a[i] = (uint8_t)xr();
}

static int cmp_addr16(const void *x, const void *y)
{
	return memcmp(x, y, 16);
}

static void randomized(int family)
{
	const size_t n = ifw_ip_len(family), N = 3000;
	/* 2N sorted distinct random points paired up give N disjoint ranges. */
	uint8_t(*pts)[16] = calloc(2 * N, 16);
	struct rr *r = calloc(N, sizeof(*r));
	assert_non_null(pts);
	assert_non_null(r);
	for (size_t i = 0; i < 2 * N; i++)
		rand_addr(pts[i], n);
	/* Make some ranges adjacent and some single addresses. */
	qsort(pts, 2 * N, 16, cmp_addr16);
	size_t csvcap = N * 128, len = 0;
	char *csv = malloc(csvcap);
	assert_non_null(csv);
	for (size_t i = 0; i < N; i++) {
		memcpy(r[i].lo, pts[2 * i], 16);
		memcpy(r[i].hi, pts[2 * i + 1], 16);
		if (i % 7 == 3)
			memcpy(r[i].hi, r[i].lo, 16);
		r[i].asn = (uint32_t)(xr() % 5); /* few ASNs: merges happen, "AS0" too */
		struct ifw_ip a, b;
		ifw_ip_set(&a, family, r[i].lo);
		ifw_ip_set(&b, family, r[i].hi);
		len += (size_t)snprintf(csv + len, csvcap - len, "%s,%s,%u,org%u\n", th_str(&a),
		                        th_str(&b), r[i].asn, r[i].asn);
	}
	struct ifw_ipdb *rdb;
	struct ifw_err err = {0};
	const char *p = th_build(family == AF_INET ? "rand4.ipdb" : "rand6.ipdb", csv, 0, "rand");
	assert_int_equal(ifw_ipdb_open(p, &rdb, &err), 0);
	if (ifw_ipdb_verify(rdb, &err) < 0)
		fail_msg("%s", err.msg);
	for (int k = 0; k < 40000; k++) {
		uint8_t q[16] = {0};
		if (k % 3 == 0) { /* probe exactly at, just before and after a boundary */
			struct rr *x = &r[xr() % N];
			memcpy(q, k % 2 ? x->lo : x->hi, 16);
			int dir = (int)(xr() % 3) - 1;
			for (int i = (int)n - 1; dir && i >= 0; i--) {
				q[i] = (uint8_t)(q[i] + dir);
				if ((dir > 0 && q[i] != 0) || (dir < 0 && q[i] != 0xff))
					break;
			}
		} else {
			rand_addr(q, n);
		}
		const struct rr *want = NULL;
		for (size_t i = 0; i < N; i++) /* the later start wins where ranges touch */
			if (memcmp(r[i].lo, q, n) <= 0 && memcmp(q, r[i].hi, n) <= 0)
				want = &r[i];
		struct ifw_ip ip;
		ifw_ip_set(&ip, family, q);
		struct ifw_ipdb_hit hit;
		int got = ifw_ipdb_lookup(rdb, &ip, &hit);
		if (got != (want != NULL) || (want && hit.asn != want->asn))
			fail_msg("%s: got %d AS%u, want %d AS%u", th_str(&ip), got, hit.asn,
			         want != NULL, want ? want->asn : 0);
		assert_true(memcmp(hit.first.a, q, n) <= 0 && memcmp(q, hit.last.a, n) <= 0);
		if (want) { /* the reported range lies within the merged run that holds want */
			char org[16];
			snprintf(org, sizeof(org), "org%u", want->asn);
			assert_int_equal(hit.org_len, strlen(org));
			assert_memory_equal(hit.org, org, hit.org_len);
		}
	}
	ifw_ipdb_close(rdb);
	free(csv);
	free(pts);
	free(r);
}

static void randomized_v4(void **state)
{
	(void)state;
	randomized(AF_INET);
}

static void randomized_v6(void **state)
{
	(void)state;
	randomized(AF_INET6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(v4_boundaries),  cmocka_unit_test(v4_overlap_nested),
	    cmocka_unit_test(v6_boundaries),  cmocka_unit_test(mapped_and_bad_family),
	    cmocka_unit_test(metadata),       cmocka_unit_test(csv_errors),
	    cmocka_unit_test(empty_database), cmocka_unit_test(long_names_cut),
	    cmocka_unit_test(randomized_v4),  cmocka_unit_test(randomized_v6),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
