/* MaxMind-format sources through libmaxminddb, on a tiny .mmdb this test writes itself
 * (format: MaxMind DB File Format Specification 2.0; IPv6 tree, 24-bit records). */
#include "helpers.h"
#include "ipdb/mmdb.h"
#include "ipdb/source.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

/* ---- a minimal writer ---- */

struct buf {
	uint8_t d[8192];
	size_t n;
};

static void put(struct buf *b, const void *p, size_t n)
{
	assert_true(b->n + n <= sizeof(b->d));
	memcpy(b->d + b->n, p, n);
	b->n += n;
}

static void put1(struct buf *b, unsigned v)
{
	uint8_t c = (uint8_t)v;
	put(b, &c, 1);
}

/* Control byte(s) for type t (1..15) and payload size (< 285 here). */
static void ctrl(struct buf *b, unsigned t, size_t size)
{
	assert_true(size < 285);
	unsigned s5 = size < 29 ? (unsigned)size : 29;
	if (t <= 7) {
		put1(b, t << 5 | s5);
	} else {
		put1(b, s5);
		put1(b, t - 7);
	}
	if (s5 == 29)
		put1(b, (unsigned)size - 29);
}

static void str(struct buf *b, const char *s)
{
	ctrl(b, 2, strlen(s));
	put(b, s, strlen(s));
}

static void uint_be(struct buf *b, unsigned t, uint64_t v)
{
	uint8_t tmp[8];
	size_t n = 0;
	for (uint64_t x = v; x; x >>= 8)
		n++;
	for (size_t i = 0; i < n; i++)
		tmp[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
	ctrl(b, t, n);
	put(b, tmp, n);
}

#define MAXN      512
#define EMPTY     (-1)
#define DATA(off) (-2 - (int32_t)(off))

static int32_t child[MAXN][2];
static int nnodes;

static void insert(const uint8_t addr[16], unsigned plen, size_t data_off)
{
	int cur = 0;
	for (unsigned i = 0; i < plen; i++) {
		int bit = addr[i / 8] >> (7 - i % 8) & 1;
		if (i == plen - 1) {
			child[cur][bit] = DATA(data_off);
			break;
		}
		if (child[cur][bit] == EMPTY) {
			assert_true(nnodes < MAXN);
			child[nnodes][0] = child[nnodes][1] = EMPTY;
			child[cur][bit] = nnodes++;
		}
		assert_true(child[cur][bit] >= 0);
		cur = child[cur][bit];
	}
}

static void insert_text(const char *cidr, size_t data_off)
{
	char a[64];
	snprintf(a, sizeof(a), "%s", cidr);
	char *slash = strchr(a, '/');
	*slash = '\0';
	struct ifw_ip ip = th_ip(a);
	unsigned plen = (unsigned)atoi(slash + 1);
	uint8_t addr[16] = {0};
	if (ip.family == AF_INET) { /* IPv4 lives at ::a.b.c.d in an IPv6 tree */
		memcpy(addr + 12, ip.a, 4);
		plen += 96;
	} else {
		memcpy(addr, ip.a, 16);
	}
	insert(addr, plen, data_off);
}

static uint32_t record_value(int32_t c)
{
	if (c >= 0)
		return (uint32_t)c;
	if (c == EMPTY)
		return (uint32_t)nnodes;
	return (uint32_t)nnodes + 16 + (uint32_t)(-2 - c);
}

static const char *write_mmdb(void)
{
	static struct buf data, out;
	data.n = out.n = 0;
	nnodes = 1;
	child[0][0] = child[0][1] = EMPTY;

	size_t geolite = data.n; /* GeoLite2-ASN style */
	ctrl(&data, 7, 2);
	str(&data, "autonomous_system_number");
	uint_be(&data, 6, 21928);
	str(&data, "autonomous_system_organization");
	str(&data, "T-Mobile USA, Inc.");
	size_t ipinfo = data.n; /* ipinfo ASN style */
	ctrl(&data, 7, 2);
	str(&data, "asn");
	str(&data, "AS15169");
	str(&data, "name");
	str(&data, "Google LLC");
	size_t country_asn = data.n; /* ipinfo country+ASN style */
	ctrl(&data, 7, 3);
	str(&data, "country");
	str(&data, "US");
	str(&data, "asn");
	str(&data, "AS13335");
	str(&data, "as_name");
	str(&data, "Cloudflare, Inc.");
	size_t no_asn = data.n; /* a country-only record */
	ctrl(&data, 7, 1);
	str(&data, "country_code");
	str(&data, "US");

	insert_text("208.54.0.0/16", geolite);
	insert_text("2607:fb90::/28", geolite);
	insert_text("8.8.8.0/24", ipinfo);
	insert_text("2606:4700::/32", country_asn);
	insert_text("9.9.9.0/24", no_asn);

	for (int i = 0; i < nnodes; i++) {
		for (int k = 0; k < 2; k++) {
			uint32_t v = record_value(child[i][k]);
			put1(&out, v >> 16 & 0xff);
			put1(&out, v >> 8 & 0xff);
			put1(&out, v & 0xff);
		}
	}
	static const uint8_t zero16[16];
	put(&out, zero16, 16);
	put(&out, data.d, data.n);
	put(&out, "\xab\xcd\xefMaxMind.com", 14);
	ctrl(&out, 7, 9);
	str(&out, "node_count");
	uint_be(&out, 6, (uint64_t)nnodes);
	str(&out, "record_size");
	uint_be(&out, 5, 24);
	str(&out, "ip_version");
	uint_be(&out, 5, 6);
	str(&out, "database_type");
	str(&out, "ifwho-test-ASN");
	str(&out, "languages");
	ctrl(&out, 11, 1);
	str(&out, "en");
	str(&out, "binary_format_major_version");
	uint_be(&out, 5, 2);
	str(&out, "binary_format_minor_version");
	uint_be(&out, 5, 0);
	str(&out, "build_epoch");
	uint_be(&out, 9, 1700000000);
	str(&out, "description");
	ctrl(&out, 7, 1);
	str(&out, "en");
	str(&out, "ifwho unit test");

	const char *p = th_path("test.mmdb");
	th_write(p, out.d, out.n);
	return p;
}

/* ---- tests ---- */

static struct ifw_mmdb *m;
static const char *mmdb_path;

static int setup(void **state)
{
	(void)state;
	struct ifw_err err = {0};
	mmdb_path = write_mmdb();
	if (ifw_mmdb_open(mmdb_path, &m, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ifw_mmdb_close(m);
	th_cleanup();
	return 0;
}

static void expect(const char *addr, int found, uint32_t asn, const char *org, const char *first,
                   const char *last)
{
	struct ifw_ip ip = th_ip(addr);
	struct ifw_ipdb_hit hit;
	int r = ifw_mmdb_lookup(m, &ip, &hit);
	if (r != found || hit.asn != asn || hit.org_len != strlen(org) ||
	    memcmp(hit.org, org, hit.org_len) != 0)
		fail_msg("%s: got %d AS%u \"%.*s\"", addr, r, hit.asn, (int)hit.org_len, hit.org);
	if (strcmp(th_str(&hit.first), first) || strcmp(th_str(&hit.last), last))
		fail_msg("%s: range %s-%s, want %s-%s", addr, th_str(&hit.first), th_str(&hit.last),
		         first, last);
}

static void fields(void **state)
{
	(void)state;
	assert_string_equal(ifw_mmdb_type(m), "ifwho-test-ASN");
	expect("208.54.40.75", 1, 21928, "T-Mobile USA, Inc.", "208.54.0.0", "208.54.255.255");
	expect("::ffff:208.54.40.75", 1, 21928, "T-Mobile USA, Inc.", "208.54.0.0",
	       "208.54.255.255");
	expect("2607:fb90:13c0:e82::", 1, 21928, "T-Mobile USA, Inc.",
	       "2607:fb90::", "2607:fb9f:ffff:ffff:ffff:ffff:ffff:ffff");
	expect("8.8.8.8", 1, 15169, "Google LLC", "8.8.8.0", "8.8.8.255");
	expect("2606:4700::1111", 1, 13335, "Cloudflare, Inc.",
	       "2606:4700::", "2606:4700:ffff:ffff:ffff:ffff:ffff:ffff");
	expect("9.9.9.9", 1, 0, "", "9.9.9.0", "9.9.9.255");
}

static void misses(void **state)
{
	(void)state;
	/* 1.x diverges from 8.x/9.x at the fifth bit: the empty network is 0.0.0.0/5. */
	expect("1.2.3.4", 0, 0, "", "0.0.0.0", "7.255.255.255");
	expect("208.55.0.0", 0, 0, "", "208.55.0.0", "208.55.255.255");
	struct ifw_ip none = {0};
	struct ifw_ipdb_hit hit;
	assert_int_equal(ifw_mmdb_lookup(m, &none, &hit), 0);
}

static void via_source(void **state)
{
	(void)state;
	struct ifw_err err = {0};
	struct ifw_ipsrc *s, *fix;
	assert_int_equal(ifw_ipsrc_open(mmdb_path, &s, &err), 0);
	assert_string_equal(ifw_ipsrc_kind(s), "mmdb");
	assert_null(ifw_ipsrc_ipdb(s));
	assert_string_equal(ifw_ipsrc_path(s), mmdb_path);
	const char *p = th_build("fix.ipdb", "1.0.0.0,1.255.255.255,64501,Fixture One\n", 0, "t");
	assert_int_equal(ifw_ipsrc_open(p, &fix, &err), 0);
	assert_string_equal(ifw_ipsrc_kind(fix), "ipdb");
	struct ifw_ipsrc *chain[2] = {s, fix};
	struct ifw_ipdb_hit hit;
	size_t which;
	struct ifw_ip a = th_ip("8.8.8.8"), b = th_ip("1.2.3.4");
	assert_int_equal(ifw_ipsrc_lookup_chain(chain, 2, &a, &hit, &which), 1);
	assert_int_equal(which, 0);
	assert_int_equal(hit.asn, 15169);
	assert_int_equal(ifw_ipsrc_lookup_chain(chain, 2, &b, &hit, &which), 1);
	assert_int_equal(which, 1);
	assert_int_equal(hit.asn, 64501);
	ifw_ipsrc_close(fix);
	ifw_ipsrc_close(s);
}

static void broken_files(void **state)
{
	(void)state;
	size_t len;
	uint8_t *good = th_read(mmdb_path, &len);
	const char *p = th_path("bad.mmdb");
	for (size_t cut = 0; cut < len; cut += 7) {
		th_write(p, good, cut);
		struct ifw_mmdb *b;
		struct ifw_ipsrc *s;
		struct ifw_err err = {0};
		if (ifw_mmdb_open(p, &b, &err) == 0) {
			/* Only if the metadata survived; lookups must then be safe. */
			struct ifw_ip ip = th_ip("208.54.40.75");
			struct ifw_ipdb_hit hit;
			ifw_mmdb_lookup(b, &ip, &hit);
			ifw_mmdb_close(b);
			continue;
		}
		assert_true(err.code == IFW_E_PARSE || err.code == IFW_E_SYS);
		assert_non_null(strstr(err.msg, "bad.mmdb"));
		assert_int_equal(ifw_ipsrc_open(p, &s, &err), -1);
	}
	free(good);
	struct ifw_mmdb *b;
	struct ifw_err err = {0};
	assert_int_equal(ifw_mmdb_open(th_path("absent.mmdb"), &b, &err), -1);
	assert_int_equal(err.code, IFW_E_NOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(fields),
	    cmocka_unit_test(misses),
	    cmocka_unit_test(via_source),
	    cmocka_unit_test(broken_files),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
