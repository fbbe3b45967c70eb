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

static ifw_id named_iface(struct ifw_model *m, ifw_id ns, const char *name, int32_t ifindex)
{
	struct ifw_iface *f = ifw_model_add_iface(m, ns);
	assert_non_null(f);
	f->name = name;
	f->ifindex = ifindex;
	return (ifw_id)(f - m->ifaces.v);
}

static void add_rule(struct ifw_model *m, ifw_id ns, const char *iif, const char *oif)
{
	struct ifw_policy_rule *r = ifw_model_add_policy_rule(m, ns);
	assert_non_null(r);
	r->iifname = iif;
	r->oifname = oif;
}

/* Each interface lists the policy rules naming it, by namespace: the same name elsewhere, a
 * rule naming it twice (iif and oif) and rules naming nothing are told apart. */
static void test_rules_by_interface(void **state)
{
	(void)state;
	struct ifw_model m;
	ifw_model_init(&m);
	assert_non_null(ifw_model_add_netns(&m));
	assert_non_null(ifw_model_add_netns(&m));
	ifw_id wg_a = named_iface(&m, 0, "wg0", 2), eth = named_iface(&m, 0, "eth0", 3);
	ifw_id wg_b = named_iface(&m, 1, "wg0", 2), lo = named_iface(&m, 1, "lo", 1);
	add_rule(&m, 0, NULL, NULL);     /* 0: names nothing */
	add_rule(&m, 0, "wg0", NULL);    /* 1: wg0 of namespace 0 */
	add_rule(&m, 1, NULL, "wg0");    /* 2: wg0 of namespace 1 */
	add_rule(&m, 0, "eth0", "eth0"); /* 3: eth0, once */
	add_rule(&m, 0, "wg0", "eth0");  /* 4: both */
	add_rule(&m, 1, "gone0", NULL);  /* 5: no such interface */
	assert_int_equal(ifw_model_index(&m), 0);
	const struct ifw_iface *f = &m.ifaces.v[wg_a];
	assert_int_equal(f->policy_rules.n, 2);
	assert_int_equal(f->policy_rules.v[0], 1);
	assert_int_equal(f->policy_rules.v[1], 4);
	f = &m.ifaces.v[eth];
	assert_int_equal(f->policy_rules.n, 2);
	assert_int_equal(f->policy_rules.v[0], 3);
	assert_int_equal(f->policy_rules.v[1], 4);
	f = &m.ifaces.v[wg_b];
	assert_int_equal(f->policy_rules.n, 1);
	assert_int_equal(f->policy_rules.v[0], 2);
	assert_int_equal(m.ifaces.v[lo].policy_rules.n, 0);
	ifw_model_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_name_hints_dedupe),
	    cmocka_unit_test(test_rules_by_interface),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
