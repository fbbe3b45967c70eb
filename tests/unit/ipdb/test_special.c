/* Special-purpose ranges: the most specific IANA entry wins, each entry has its RFC. */
#include "helpers.h"
#include "ipdb/special.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

static const struct {
	const char *addr, *tag, *cidr, *rfc;
} cases[] = {
    {"10.1.2.3", "private", "10.0.0.0/8", "RFC 1918"},
    {"172.31.255.255", "private", "172.16.0.0/12", "RFC 1918"},
    {"192.168.0.1", "private", "192.168.0.0/16", "RFC 1918"},
    {"100.64.0.0", "shared", "100.64.0.0/10", "RFC 6598"},
    {"100.127.255.255", "shared", "100.64.0.0/10", "RFC 6598"},
    {"127.0.0.1", "loopback", "127.0.0.0/8", "RFC 1122"},
    {"169.254.10.20", "link-local", "169.254.0.0/16", "RFC 3927"},
    {"192.0.2.1", "documentation", "192.0.2.0/24", "RFC 5737"},
    {"198.51.100.7", "documentation", "198.51.100.0/24", "RFC 5737"},
    {"203.0.113.255", "documentation", "203.0.113.0/24", "RFC 5737"},
    {"198.18.0.0", "benchmarking", "198.18.0.0/15", "RFC 2544"},
    {"198.19.255.255", "benchmarking", "198.18.0.0/15", "RFC 2544"},
    {"224.0.0.251", "multicast", "224.0.0.0/4", "RFC 5771"},
    {"0.1.2.3", "this-network", "0.0.0.0/8", "RFC 791"},
    {"0.0.0.0", "this-host", "0.0.0.0/32", "RFC 1122"},
    {"255.255.255.255", "broadcast", "255.255.255.255/32", "RFC 919, RFC 8190"},
    {"255.255.255.254", "reserved", "240.0.0.0/4", "RFC 1112"},
    {"192.0.0.9", "anycast", "192.0.0.9/32", "RFC 7723"},
    {"192.0.0.200", "ietf", "192.0.0.0/24", "RFC 6890"},
    {"192.0.0.170", "nat64", "192.0.0.170/32", "RFC 8880"},
    {"::", "unspecified", "::/128", "RFC 4291"},
    {"::1", "loopback", "::1/128", "RFC 4291"},
    {"::ffff:10.0.0.1", "ipv4-mapped", "::ffff:0:0/96", "RFC 4291"},
    {"fc00::1", "ula", "fc00::/7", "RFC 4193, RFC 8190"},
    {"fdff:ffff::1", "ula", "fc00::/7", "RFC 4193, RFC 8190"},
    {"fe80::1", "link-local", "fe80::/10", "RFC 4291"},
    {"febf:ffff::1", "link-local", "fe80::/10", "RFC 4291"},
    {"ff02::1", "multicast", "ff00::/8", "RFC 4291"},
    {"2001:db8::1", "documentation", "2001:db8::/32", "RFC 3849"},
    {"3fff::1", "documentation", "3fff::/20", "RFC 9637"},
    {"3fff:fff:ffff::", "documentation", "3fff::/20", "RFC 9637"},
    {"2002:c000:204::1", "6to4", "2002::/16", "RFC 3056"},
    {"2001::1", "teredo", "2001::/32", "RFC 4380, RFC 8190"}, /* inside 2001::/23 */
    {"2001:2::1", "benchmarking", "2001:2::/48", "RFC 5180"},
    {"2001:100::1", "ietf", "2001::/23", "RFC 2928"},
    {"64:ff9b::808:808", "nat64", "64:ff9b::/96", "RFC 6052"},
    {"64:ff9b:1::1", "nat64", "64:ff9b:1::/48", "RFC 8215"},
    {"100::1", "discard", "100::/64", "RFC 6666"},
};

static const char *not_special[] = {
    "8.8.8.8",         "100.63.255.255", "100.128.0.0",    "172.32.0.0",      "198.20.0.0",
    "223.255.255.255", "1.1.1.1",        "208.54.40.75",   "2607:fb90::1",    "3fff:1000::",
    "2001:db9::",      "fe00::",         "64:ff9b::1:0:0", "2001:4860::8888", "2003::",
};

static void known(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ifw_ip ip = th_ip(cases[i].addr);
		const struct ifw_special *s = ifw_special_lookup(&ip);
		if (!s)
			fail_msg("%s: not special", cases[i].addr);
		if (strcmp(s->tag, cases[i].tag) || strcmp(s->cidr, cases[i].cidr) ||
		    strcmp(s->rfc, cases[i].rfc))
			fail_msg("%s: got %s %s %s", cases[i].addr, s->tag, s->cidr, s->rfc);
	}
}

static void ordinary(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(not_special) / sizeof(not_special[0]); i++) {
		struct ifw_ip ip = th_ip(not_special[i]);
		const struct ifw_special *s = ifw_special_lookup(&ip);
		if (s)
			fail_msg("%s: unexpectedly %s (%s)", not_special[i], s->cidr, s->tag);
	}
	struct ifw_ip none = {0};
	assert_null(ifw_special_lookup(&none));
}

static void mapped_unmaps_to_v4_answer(void **state)
{
	(void)state;
	struct ifw_ip ip = th_ip("::ffff:100.64.1.1");
	struct ifw_ip u = ifw_ip_unmap(&ip);
	const struct ifw_special *s = ifw_special_lookup(&u);
	assert_non_null(s);
	assert_string_equal(s->tag, "shared");
}

/* Every table row is self-consistent: its CIDR text parses to its own network and length, its
 * network address finds it (or a more specific row), and it names its RFC. */
static void table_consistent(void **state)
{
	(void)state;
	size_t n;
	const struct ifw_special *t = ifw_special_table(&n);
	assert_true(n >= 50);
	for (size_t i = 0; i < n; i++) {
		char text[64];
		snprintf(text, sizeof(text), "%s", t[i].cidr);
		char *slash = strchr(text, '/');
		assert_non_null(slash);
		*slash = '\0';
		struct ifw_ip net = th_ip(text), own;
		ifw_ip_set(&own, t[i].family, t[i].net);
		if (!ifw_ip_eq(&net, &own) || (unsigned)atoi(slash + 1) != t[i].plen)
			fail_msg("row %zu (%s) does not match its bytes", i, t[i].cidr);
		assert_true(ifw_ip_in_prefix(&own, &net, t[i].plen));
		assert_int_equal(strncmp(t[i].rfc, "RFC ", 4), 0);
		assert_true(strlen(t[i].tag) > 0 && strlen(t[i].name) > 0);
		/* The network address itself finds this row or a more specific one. */
		const struct ifw_special *s = ifw_special_lookup(&own);
		assert_non_null(s);
		assert_true(s->plen >= t[i].plen);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(known),
	    cmocka_unit_test(ordinary),
	    cmocka_unit_test(mapped_unmaps_to_v4_answer),
	    cmocka_unit_test(table_consistent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
