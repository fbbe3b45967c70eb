/* The evidence model's own bookkeeping: deduplicated name hints and the lookup indexes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "model/model.h"

static struct ifw_ip ip4(const char *s)
{
	struct ifw_ip ip;
	assert_int_equal(ifw_ip_parse(s, &ip), 0);
	return ip;
}

static void test_name_hints_dedupe(void **state)
{
	(void)state;
	struct ifw_model m;
	ifw_model_init(&m);
	struct ifw_ip a = ip4("192.0.2.1"), b = ip4("192.0.2.2");
	assert_int_equal(ifw_model_add_name(&m, &a, "epdg.example", "DNS answer"), 0);
	assert_int_equal(ifw_model_add_name(&m, &a, "epdg.example", "DNS answer"), 0);
	assert_int_equal(ifw_model_add_name(&m, &a, "other.example", "DNS answer"), 0);
	assert_int_equal(ifw_model_add_name(&m, &b, "epdg.example", "SNI"), 0);
	assert_int_equal(m.names.n, 3);
	assert_string_equal(m.names.v[2].origin.src, "SNI");

	/* Many distinct pairs, each added twice: every duplicate is found, none is lost. */
	char name[32];
	for (int i = 0; i < 5000; i++) {
		struct ifw_ip ip = ip4("198.51.100.0");
		ip.a[3] = (uint8_t)i;
		snprintf(name, sizeof(name), "host%d.example", i);
		assert_int_equal(ifw_model_add_name(&m, &ip, name, "DNS answer"), 0);
		assert_int_equal(ifw_model_add_name(&m, &ip, name, "DNS answer"), 0);
	}
	assert_int_equal(m.names.n, 3 + 5000);
	ifw_model_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_name_hints_dedupe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
