/* The committed database (data/ipdb/asn.ipdb) answers the motivating questions. */
#include "helpers.h"
#include "ipdb/datapath.h"
#include "ipdb/source.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static struct ifw_ipdb *db;

static int setup(void **state)
{
	(void)state;
	struct ifw_err err = {0};
	if (ifw_ipdb_open_default(&db, &err) < 0) {
		fprintf(stderr, "open_default: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ifw_ipdb_close(db);
	return 0;
}

static void expect_as(const char *addr, uint32_t asn, const char *org_prefix)
{
	struct ifw_ip ip = th_ip(addr);
	struct ifw_ipdb_hit hit;
	assert_int_equal(ifw_ipdb_lookup(db, &ip, &hit), 1);
	assert_int_equal(hit.asn, asn);
	assert_true(hit.org_len >= strlen(org_prefix));
	assert_memory_equal(hit.org, org_prefix, strlen(org_prefix));
	assert_int_equal(hit.org[hit.org_len], '\0'); /* the embedded db terminates its strings */
	/* The range holds the address. */
	struct ifw_ip u = ifw_ip_unmap(&ip);
	size_t n = ifw_ip_len(u.family);
	assert_int_equal(hit.first.family, u.family);
	assert_true(memcmp(hit.first.a, u.a, n) <= 0);
	assert_true(memcmp(u.a, hit.last.a, n) <= 0);
}

static void tmobile(void **state)
{
	(void)state;
	expect_as("208.54.40.75", 21928, "T-Mobile USA");
	expect_as("2607:fb90:13c0:e82::", 21928, "T-Mobile USA");
}

static void mapped_v6_is_v4(void **state)
{
	(void)state;
	expect_as("::ffff:208.54.40.75", 21928, "T-Mobile USA");
	struct ifw_ipdb_hit hit;
	struct ifw_ip ip = th_ip("::ffff:208.54.40.75");
	ifw_ipdb_lookup(db, &ip, &hit);
	assert_int_equal(hit.first.family, 2 /* AF_INET */);
}

static void well_known(void **state)
{
	(void)state;
	expect_as("8.8.8.8", 15169, "Google");
	expect_as("2001:4860:4860::8888", 15169, "Google");
	expect_as("1.1.1.1", 13335, "Cloudflare");
}

static void private_is_unowned(void **state)
{
	(void)state;
	const char *addrs[] = {"10.1.2.3", "192.168.1.1", "127.0.0.1", "fd00::1", "fe80::1", "::1"};
	for (size_t i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		struct ifw_ip ip = th_ip(addrs[i]);
		struct ifw_ipdb_hit hit;
		assert_int_equal(ifw_ipdb_lookup(db, &ip, &hit), 0);
		assert_int_equal(hit.asn, 0);
		assert_string_equal(hit.org, "");
	}
}

static void whole_file_verifies(void **state)
{
	(void)state;
	struct ifw_err err = {0};
	if (ifw_ipdb_verify(db, &err) < 0)
		fail_msg("%s", err.msg);
	struct ifw_ipdb_stats st;
	ifw_ipdb_stats(db, &st);
	assert_true(st.v4_entries > 100000);
	assert_true(st.v6_entries > 10000);
	assert_true(st.file_size < 15u * 1024 * 1024);
}

static void credit_line(void **state)
{
	(void)state;
	char buf[256];
	uint32_t d = ifw_ipdb_date(db);
	assert_true(d > 20200101 && d < 21000101);
	const char *c = ifw_ipdb_credit(db, buf, sizeof(buf));
	assert_ptr_equal(c, buf);
	assert_non_null(strstr(buf, "@ip-location-db/asn"));
	assert_non_null(strstr(buf, "RouteViews"));
	assert_non_null(strstr(buf, "DB-IP"));
	assert_non_null(strstr(buf, "NRO"));
	char date[16];
	snprintf(date, sizeof(date), "%04u-%02u-%02u", d / 10000, d / 100 % 100, d % 100);
	assert_non_null(strstr(buf, date));
	assert_null(strchr(buf, '\n'));
	assert_string_equal(ifw_ipdb_credit(NULL, buf, sizeof(buf)), "IP-to-AS data: none found");
}

static void find_file_order(void **state)
{
	(void)state;
	char path[4096];
	struct ifw_err err = {0};
	/* A directory without the file is skipped; the source tree is the last resort. */
	ifw_data_dir_set(th_tmpdir());
	assert_int_equal(ifw_ipdb_find_file(IFW_IPDB_FILE, path, sizeof(path), &err), 0);
	assert_non_null(strstr(path, "/ipdb/asn.ipdb"));
	assert_null(strstr(path, th_tmpdir()));
	/* A directory that has it wins. */
	char dirp[600];
	snprintf(dirp, sizeof(dirp), "%s/ipdb", th_tmpdir());
	char cmd[10000];
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s' && cp '%s' '%s/'", dirp, path, dirp);
	assert_int_equal(system(cmd), 0);
	char path2[4096];
	assert_int_equal(ifw_ipdb_find_file(IFW_IPDB_FILE, path2, sizeof(path2), &err), 0);
	assert_non_null(strstr(path2, th_tmpdir()));
	assert_int_equal(ifw_ipdb_find_file("no-such-file.ipdb", path2, sizeof(path2), &err), -1);
	assert_int_equal(err.code, IFW_E_NOTFOUND);
	assert_non_null(strstr(err.msg, "no-such-file.ipdb"));
	char tiny[8];
	assert_int_equal(ifw_ipdb_find_file(IFW_IPDB_FILE, tiny, sizeof(tiny), &err), -1);
	assert_int_equal(err.code, IFW_E_LIMIT);
	ifw_data_dir_set(NULL);
}

static void source_chain(void **state)
{
	(void)state;
	struct ifw_err err = {0};
	struct ifw_ipsrc *def;
	if (ifw_ipsrc_open_default(&def, &err) < 0)
		fail_msg("%s", err.msg);
	assert_string_equal(ifw_ipsrc_kind(def), "ipdb");
	assert_non_null(ifw_ipsrc_ipdb(def));
	/* A tiny db that knows only 208.54.40.0/24 differently comes first in the chain. */
	const char *tiny =
	    th_build("chain.ipdb", "208.54.40.0,208.54.40.255,64500,Override\n", 20240101, "test");
	struct ifw_ipsrc *first;
	if (ifw_ipsrc_open(tiny, &first, &err) < 0)
		fail_msg("%s", err.msg);
	struct ifw_ipsrc *chain[2] = {first, def};
	struct ifw_ipdb_hit hit;
	size_t which = 99;
	struct ifw_ip a = th_ip("208.54.40.75"), b = th_ip("2607:fb90::1");
	assert_int_equal(ifw_ipsrc_lookup_chain(chain, 2, &a, &hit, &which), 1);
	assert_int_equal(which, 0);
	assert_int_equal(hit.asn, 64500);
	assert_int_equal(ifw_ipsrc_lookup_chain(chain, 2, &b, &hit, &which), 1);
	assert_int_equal(which, 1);
	assert_int_equal(hit.asn, 21928);
	struct ifw_ip priv = th_ip("10.0.0.1");
	assert_int_equal(ifw_ipsrc_lookup_chain(chain, 2, &priv, &hit, &which), 0);
	ifw_ipsrc_close(first);
	ifw_ipsrc_close(def);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(tmobile),
	    cmocka_unit_test(mapped_v6_is_v4),
	    cmocka_unit_test(well_known),
	    cmocka_unit_test(private_is_unowned),
	    cmocka_unit_test(whole_file_verifies),
	    cmocka_unit_test(credit_line),
	    cmocka_unit_test(find_file_order),
	    cmocka_unit_test(source_chain),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	th_cleanup();
	return rc;
}
