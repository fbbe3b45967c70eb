/* The answer to RTM_GETROUTE (ifwho ip): type, table, device index, gateway and source, and
 * messages that are not an answer left alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "collect/linux/linux.h"

#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

static struct nlmsghdr *answer(char *buf, uint16_t type, uint8_t family, uint8_t rtn,
                               const char *gw, const char *src, int oif, uint32_t table)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = family;
	rtm->rtm_type = rtn;
	rtm->rtm_table = RT_TABLE_MAIN;
	uint8_t a[16];
	size_t alen = family == AF_INET ? 4 : 16;
	if (gw && inet_pton(family, gw, a) == 1)
		mnl_attr_put(nlh, RTA_GATEWAY, alen, a);
	if (src && inet_pton(family, src, a) == 1)
		mnl_attr_put(nlh, RTA_PREFSRC, alen, a);
	if (oif)
		mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)oif);
	if (table)
		mnl_attr_put_u32(nlh, RTA_TABLE, table);
	return nlh;
}

static void test_unicast_via_gateway(void **state)
{
	(void)state;
	char buf[512] __attribute__((aligned(8)));
	struct nlmsghdr *nlh = answer(buf, RTM_NEWROUTE, AF_INET6, RTN_UNICAST, "2001:db8:1::fe",
	                              "2001:db8:1::1", 7, 1000);
	struct ifw_route_answer a = {0};
	int oif = 0;
	assert_int_equal(ifw_route_get_parse(nlh, &a, &oif), MNL_CB_OK);
	assert_int_equal(a.type, RTN_UNICAST);
	assert_int_equal(a.table, 1000); /* RTA_TABLE over rtm_table */
	assert_int_equal(oif, 7);
	char t[IFW_IP_STRLEN];
	assert_string_equal(ifw_ip_str(&a.gateway, t), "2001:db8:1::fe");
	assert_string_equal(ifw_ip_str(&a.prefsrc, t), "2001:db8:1::1");
}

static void test_local_without_table(void **state)
{
	(void)state;
	char buf[512] __attribute__((aligned(8)));
	struct nlmsghdr *nlh =
	    answer(buf, RTM_NEWROUTE, AF_INET, RTN_LOCAL, NULL, "127.0.0.1", 1, 0);
	struct ifw_route_answer a = {0};
	int oif = 0;
	ifw_route_get_parse(nlh, &a, &oif);
	assert_int_equal(a.type, RTN_LOCAL);
	assert_int_equal(a.table, RT_TABLE_MAIN); /* rtm_table when RTA_TABLE is absent */
	assert_int_equal(a.gateway.family, 0);
	assert_int_equal(oif, 1);
}

static void test_not_an_answer(void **state)
{
	(void)state;
	char buf[512] __attribute__((aligned(8)));
	struct nlmsghdr *nlh =
	    answer(buf, RTM_NEWLINK, AF_INET, RTN_LOCAL, "192.0.2.1", NULL, 3, 0);
	struct ifw_route_answer a = {0};
	int oif = 0;
	assert_int_equal(ifw_route_get_parse(nlh, &a, &oif), MNL_CB_OK);
	assert_int_equal(a.type, 0);
	assert_int_equal(a.gateway.family, 0);
	assert_int_equal(oif, 0);
	/* Too short for an rtmsg. */
	struct nlmsghdr *h = mnl_nlmsg_put_header(buf);
	h->nlmsg_type = RTM_NEWROUTE;
	assert_int_equal(ifw_route_get_parse(h, &a, &oif), MNL_CB_OK);
	assert_int_equal(a.type, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_unicast_via_gateway),
	    cmocka_unit_test(test_local_without_table),
	    cmocka_unit_test(test_not_an_answer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
