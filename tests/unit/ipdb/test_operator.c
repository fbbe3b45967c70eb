/* Operators from host names: 3GPP names, reverse-DNS patterns, near misses and garbage. */
#include "helpers.h"
#include "ipdb/operator.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static struct ifw_operators *ops;

static int setup(void **state)
{
	(void)state;
	struct ifw_err err = {0};
	if (ifw_operators_load_default(&ops, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ifw_operators_free(ops);
	th_cleanup();
	return 0;
}

static void source_field(void **state)
{
	(void)state;
	assert_non_null(strstr(ifw_operators_source(ops), "mcc-mnc-list"));
}

static void threegpp_names(void **state)
{
	(void)state;
	struct ifw_operator_hit h;
	assert_int_equal(
	    ifw_operator_from_name("epdg.epc.mnc260.mcc310.pub.3gppnetwork.org", ops, &h), 1);
	assert_string_equal(h.name, "T-Mobile US");
	assert_string_equal(h.mcc, "310");
	assert_string_equal(h.mnc, "260");
	assert_string_equal(h.via, "3gpp");
	assert_string_equal(h.service, "epdg.epc");
	assert_non_null(strstr(h.service_desc, "ePDG"));
	assert_non_null(strstr(h.country, "US"));
	assert_false(h.has_ip);

	assert_int_equal(
	    ifw_operator_from_name("EPDG.EPC.MNC260.MCC310.PUB.3GPPNETWORK.ORG.", ops, &h), 1);
	assert_string_equal(h.name, "T-Mobile US");

	assert_int_equal(ifw_operator_from_name("ims.mnc260.mcc310.3gppnetwork.org", ops, &h), 1);
	assert_string_equal(h.name, "T-Mobile US");
	assert_string_equal(h.service, "ims");
	assert_non_null(strstr(h.service_desc, "IMS"));

	assert_int_equal(
	    ifw_operator_from_name("sos.epdg.epc.mnc260.mcc310.pub.3gppnetwork.org", ops, &h), 1);
	assert_non_null(strstr(h.service_desc, "emergency"));

	/* Two-digit MNCs are written with a leading 0 in 3GPP names. */
	assert_int_equal(
	    ifw_operator_from_name("epdg.epc.mnc015.mcc234.pub.3gppnetwork.org", ops, &h), 1);
	assert_string_equal(h.mcc, "234");
	assert_string_equal(h.mnc, "15");
	assert_non_null(strstr(h.name, "Vodafone"));

	/* Old-style APN operator identifier. */
	assert_int_equal(ifw_operator_from_name("fast.t-mobile.com.mnc260.mcc310.gprs", ops, &h),
	                 1);
	assert_string_equal(h.name, "T-Mobile US");
	assert_string_equal(h.service, "fast.t-mobile.com");

	/* Bare operator domain, no service labels. */
	assert_int_equal(ifw_operator_from_name("mnc260.mcc310.3gppnetwork.org", ops, &h), 1);
	assert_string_equal(h.service, "");
	assert_null(h.service_desc);

	/* Well-formed but unknown code: decoded, no name. */
	assert_int_equal(
	    ifw_operator_from_name("epdg.epc.mnc456.mcc123.pub.3gppnetwork.org", ops, &h), 1);
	assert_string_equal(h.mcc, "123");
	assert_string_equal(h.mnc, "456");
	assert_null(h.name);

	/* Without tables the code is still decoded. */
	assert_int_equal(ifw_operator_from_name("ims.mnc260.mcc310.3gppnetwork.org", NULL, &h), 1);
	assert_string_equal(h.mcc, "310");
	assert_null(h.name);
}

static void threegpp_garbage(void **state)
{
	(void)state;
	static const char *bad[] = {
	    "mnc.mcc.3gppnetwork.org",
	    "mnc26.mcc310.3gppnetwork.org",
	    "mnc2600.mcc310.3gppnetwork.org",
	    "mncabc.mcc310.3gppnetwork.org",
	    "mnc260.mcc31x.3gppnetwork.org",
	    "mcc310.mnc260.3gppnetwork.org",
	    "mnc260.mcc310.pub.pub.3gppnetwork.org",
	    "epdg.epc.mnc260.mcc310.pub.3gppnetwork.org.evil.example",
	    "epdg.epc.mnc260.mcc310.pub.3gppnetwork.orgx",
	    "epdg.epc.mnc260.mcc310.pub.x3gppnetwork.org",
	    "mnc260mcc310.3gppnetwork.org",
	    "3gppnetwork.org",
	    "pub.3gppnetwork.org",
	    "mcc310.3gppnetwork.org",
	    "gprs",
	    "mnc260.gprs",
	    "a..mnc260.mcc310.3gppnetwork.org",
	    ".mnc260.mcc310.3gppnetwork.org",
	    "mnc260.mcc310.3gppnetwork.org..",
	    "mnc 260.mcc310.3gppnetwork.org",
	    "mnc-26.mcc310.3gppnetwork.org",
	    "",
	    ".",
	    "..",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ifw_operator_hit h;
		if (ifw_operator_from_name(bad[i], ops, &h) != 0)
			fail_msg("\"%s\" recognized (via %s)", bad[i], h.via);
		assert_null(h.name);
		assert_string_equal(h.mcc, "");
	}
	struct ifw_operator_hit h;
	assert_int_equal(ifw_operator_from_name(NULL, ops, &h), 0);
}

static void long_names(void **state)
{
	(void)state;
	char name[1024];
	struct ifw_operator_hit h;
	/* 253 characters is the limit; one more is refused even if the suffix is valid. */
	const char *suffix = ".mnc260.mcc310.3gppnetwork.org";
	for (size_t total = 250; total <= 260; total++) {
		size_t pre = total - strlen(suffix);
		for (size_t i = 0; i < pre; i++)
			name[i] = (i % 60 == 59) ? '.' : 'a';
		strcpy(name + pre, suffix);
		assert_int_equal(strlen(name), total);
		assert_int_equal(ifw_operator_from_name(name, ops, &h), total <= 253);
		if (total <= 253)
			assert_true(strlen(h.service) < sizeof(h.service));
	}
	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_int_equal(ifw_operator_from_name(name, ops, &h), 0);
	/* More labels than anyone needs. */
	for (size_t i = 0; i < 200; i += 2) {
		name[i] = 'a';
		name[i + 1] = '.';
	}
	strcpy(name + 200, "mnc260.mcc310.3gppnetwork.org");
	assert_int_equal(ifw_operator_from_name(name, ops, &h), 1);
}

static void tmodns(void **state)
{
	(void)state;
	struct ifw_operator_hit h;
	assert_int_equal(ifw_operator_from_name("m4b2836d0.tmodns.net", ops, &h), 1);
	assert_string_equal(h.name, "T-Mobile US");
	assert_string_equal(h.via, "tmodns.net");
	assert_int_equal(h.asn, 21928);
	assert_string_equal(h.mcc, "310");
	assert_true(h.has_ip);
	assert_string_equal(th_str(&h.ip), "208.54.40.75");

	assert_int_equal(ifw_operator_from_name("M4B2836D0.TMODNS.NET.", ops, &h), 1);
	assert_string_equal(th_str(&h.ip), "208.54.40.75");
	assert_int_equal(ifw_operator_from_name("m00000000.tmodns.net", ops, &h), 1);
	assert_string_equal(th_str(&h.ip), "0.0.0.0");
	assert_int_equal(ifw_operator_from_name("mffffffff.tmodns.net", ops, &h), 1);
	assert_string_equal(th_str(&h.ip), "255.255.255.255");
	assert_int_equal(ifw_operator_from_name("m0100000a.tmodns.net", ops, &h), 1);
	assert_string_equal(th_str(&h.ip), "10.0.0.1");

	static const char *bad[] = {
	    "mxyz.tmodns.net",           "m4b2836d.tmodns.net",
	    "m4b2836d0a.tmodns.net",     "m4b2836g0.tmodns.net",
	    "x.m4b2836d0.tmodns.net",    "4b2836d0.tmodns.net",
	    "n4b2836d0.tmodns.net",      "tmodns.net",
	    "m4b2836d0.tmodns.net.evil", "m4b2836d0tmodns.net",
	    "m4b2836d0.nottmodns.net",   "m4b2836d0.tmodns.org",
	    "m4b2836d0..tmodns.net",     "m.tmodns.net",
	    "m4b28 36d0.tmodns.net",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (ifw_operator_from_name(bad[i], ops, &h) != 0)
			fail_msg("\"%s\" recognized via %s", bad[i], h.via);
}

static void other_rdns(void **state)
{
	(void)state;
	struct ifw_operator_hit h;
	assert_int_equal(ifw_operator_from_name("22.sub-174-192-3.myvzw.com", ops, &h), 1);
	assert_string_equal(h.name, "Verizon Wireless");
	assert_true(h.has_ip);
	assert_string_equal(th_str(&h.ip), "174.192.3.22");
	assert_int_equal(ifw_operator_from_name("mobile-107-77-1-2.mycingular.net", ops, &h), 1);
	assert_string_equal(th_str(&h.ip), "107.77.1.2");
	static const char *bad[] = {"256.sub-174-192-3.myvzw.com",   "01.sub-174-192-3.myvzw.com",
	                            "22.sub-174-192.myvzw.com",      "22.sub-174-192-3-4.myvzw.com",
	                            "1234.sub-1-2-3.myvzw.com",      "-1.sub-1-2-3.myvzw.com",
	                            "mobile-107-77-1.mycingular.net"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (ifw_operator_from_name(bad[i], ops, &h) != 0)
			fail_msg("\"%s\" recognized via %s", bad[i], h.via);
}

static void by_plmn(void **state)
{
	(void)state;
	struct ifw_operator_hit h = {0};
	assert_int_equal(ifw_operator_by_plmn(ops, "310", "260", &h), 1);
	assert_string_equal(h.name, "T-Mobile US");
	assert_int_equal(ifw_operator_by_plmn(ops, "262", "01", &h), 1);
	assert_non_null(strstr(h.name, "Telekom"));
	assert_int_equal(ifw_operator_by_plmn(ops, "262", "001", &h), 1); /* 0-padded */
	assert_int_equal(ifw_operator_by_plmn(ops, "31", "260", &h), 0);
	assert_int_equal(ifw_operator_by_plmn(ops, "310", "2600", &h), 0);
	assert_int_equal(ifw_operator_by_plmn(ops, "310", "2a", &h), 0);
	assert_int_equal(ifw_operator_by_plmn(NULL, "310", "260", &h), 0);
}

/* Random names over an alphabet rich in the characters the parsers care about. */
static void random_names(void **state)
{
	(void)state;
	static const char alpha[] = "mncgpr0123456789.abdefxo-{}\x80\xff ";
	static const char *suffix[] = {"",      ".3gppnetwork.org", ".pub.3gppnetwork.org",
	                               ".gprs", ".tmodns.net",      ".myvzw.com"};
	uint64_t x = 12345;
	char name[400];
	int recognized = 0;
	for (int k = 0; k < 200000; k++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		size_t n = (x >> 33) % 40;
		for (size_t i = 0; i < n; i++) {
			x = x * 6364136223846793005ull + 1442695040888963407ull;
			name[i] = alpha[(x >> 33) % (sizeof(alpha) - 1)];
		}
		snprintf(name + n, sizeof(name) - n, "%s", suffix[(x >> 20) % 6]);
		struct ifw_operator_hit h;
		if (ifw_operator_from_name(name, ops, &h)) {
			recognized++;
			assert_non_null(h.via);
			if (strcmp(h.via, "3gpp") == 0)
				assert_int_equal(strlen(h.mcc), 3);
		}
	}
	/* Some random names are valid ones (e.g. "mnc123.mcc456.gprs"); most are not. */
	assert_true(recognized < 200000 / 2);
}

static void load_errors(void **state)
{
	(void)state;
	static const struct {
		const char *json, *msg;
	} bad[] = {
	    {"not json", "operators.json:1:"},
	    {"[]", "\"source\""},
	    {"{\"plmn\": []}", "\"source\""},
	    {"{\"source\": \"x\", \"plmn\": {}}", "\"plmn\" must be an array"},
	    {"{\"source\": \"x\", \"plmn\": [{\"mcc\": \"31\", \"mnc\": \"260\", \"name\": "
	     "\"a\"}]}",
	     "plmn[0]"},
	    {"{\"source\": \"x\", \"plmn\": [{\"mcc\": \"310\", \"mnc\": \"260\"}]}", "plmn[0]"},
	    {"{\"source\": \"x\", \"plmn\": [], \"rdns\": [{\"domain\": \"a.net\", \"operator\": "
	     "\"A\", \"template\": \"m{bogus}\"}]}",
	     "bad template"},
	    {"{\"source\": \"x\", \"plmn\": [], \"rdns\": [{\"domain\": \"a.net\", \"operator\": "
	     "\"A\", \"template\": \"m{hex\"}]}",
	     "bad template"},
	    {"{\"source\": \"x\", \"plmn\": [], \"rdns\": [{\"domain\": \"A.net\", \"operator\": "
	     "\"A\"}]}",
	     "lower case"},
	    {"{\"source\": \"x\", \"plmn\": [], \"rdns\": [{\"domain\": \"a.net\", \"operator\": "
	     "\"A\", \"asn\": -1}]}",
	     "asn"},
	};
	const char *p = th_path("operators.json");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		th_write(p, bad[i].json, strlen(bad[i].json));
		struct ifw_operators *o = NULL;
		struct ifw_err err = {0};
		assert_int_equal(ifw_operators_load(p, &o, &err), -1);
		assert_null(o);
		assert_int_equal(err.code, IFW_E_PARSE);
		if (!strstr(err.msg, bad[i].msg))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err.msg, bad[i].msg);
	}
	/* A minimal valid file with a custom pattern. */
	const char *ok =
	    "{\"source\": \"t\", \"plmn\": [{\"mcc\": \"001\", \"mnc\": \"01\", \"name\": "
	    "\"Test\"}], \"rdns\": [{\"domain\": \"ex.net\", \"operator\": \"Ex\", "
	    "\"template\": \"h{hex}-{o1}\"}, {\"domain\": \"any.net\", \"operator\": "
	    "\"Any\"}]}";
	th_write(p, ok, strlen(ok));
	struct ifw_operators *o;
	struct ifw_err err = {0};
	assert_int_equal(ifw_operators_load(p, &o, &err), 0);
	struct ifw_operator_hit h;
	assert_int_equal(ifw_operator_from_name("hc0a80001-7.ex.net", o, &h), 1);
	assert_string_equal(th_str(&h.ip), "192.7.0.1"); /* {o1} overrides the second octet */
	assert_int_equal(ifw_operator_from_name("whatever.any.net", o, &h), 1);
	assert_string_equal(h.name, "Any");
	assert_false(h.has_ip);
	assert_int_equal(ifw_operator_from_name("any.net", o, &h), 1);
	assert_int_equal(ifw_operator_from_name("xany.net", o, &h), 0);
	assert_int_equal(ifw_operator_from_name("ims.mnc001.mcc001.3gppnetwork.org", o, &h), 1);
	assert_string_equal(h.name, "Test");
	assert_string_equal(h.mnc, "01");
	ifw_operators_free(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(source_field),     cmocka_unit_test(threegpp_names),
	    cmocka_unit_test(threegpp_garbage), cmocka_unit_test(long_names),
	    cmocka_unit_test(tmodns),           cmocka_unit_test(other_rdns),
	    cmocka_unit_test(by_plmn),          cmocka_unit_test(random_names),
	    cmocka_unit_test(load_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
