/* The model's own numbers (src/model/linux_values.h) are Linux's: on Linux each is compared with
 * the kernel's header, elsewhere with the names the reports give them. */
#include "model/linux_values.h"
#include "model/names.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#ifdef __linux__
#include <linux/fib_rules.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/in.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#define SAME(x) assert_int_equal(IFW_##x, x)

static void test_same_as_the_kernel(void **state)
{
	(void)state;
	SAME(IFF_UP), SAME(IFF_BROADCAST), SAME(IFF_DEBUG), SAME(IFF_LOOPBACK);
	SAME(IFF_POINTOPOINT), SAME(IFF_NOTRAILERS), SAME(IFF_RUNNING), SAME(IFF_NOARP);
	SAME(IFF_PROMISC), SAME(IFF_ALLMULTI), SAME(IFF_MASTER), SAME(IFF_SLAVE);
	SAME(IFF_MULTICAST), SAME(IFF_PORTSEL), SAME(IFF_AUTOMEDIA), SAME(IFF_DYNAMIC);
	SAME(ARPHRD_ETHER), SAME(ARPHRD_IEEE1394), SAME(ARPHRD_INFINIBAND), SAME(ARPHRD_CAN);
	SAME(ARPHRD_PPP), SAME(ARPHRD_RAWIP), SAME(ARPHRD_TUNNEL), SAME(ARPHRD_TUNNEL6);
	SAME(ARPHRD_LOOPBACK), SAME(ARPHRD_SIT), SAME(ARPHRD_IPGRE), SAME(ARPHRD_IEEE80211);
	SAME(ARPHRD_IEEE80211_RADIOTAP), SAME(ARPHRD_IP6GRE), SAME(ARPHRD_NETLINK);
	SAME(ARPHRD_VOID), SAME(ARPHRD_NONE);
	SAME(IF_OPER_UNKNOWN), SAME(IF_OPER_NOTPRESENT), SAME(IF_OPER_DOWN);
	SAME(IF_OPER_LOWERLAYERDOWN), SAME(IF_OPER_TESTING), SAME(IF_OPER_DORMANT),
	    SAME(IF_OPER_UP);
	SAME(RTN_UNSPEC), SAME(RTN_UNICAST), SAME(RTN_LOCAL), SAME(RTN_BROADCAST),
	    SAME(RTN_ANYCAST);
	SAME(RTN_MULTICAST), SAME(RTN_BLACKHOLE), SAME(RTN_UNREACHABLE), SAME(RTN_PROHIBIT);
	SAME(RTPROT_UNSPEC), SAME(RTPROT_REDIRECT), SAME(RTPROT_KERNEL), SAME(RTPROT_BOOT);
	SAME(RTPROT_STATIC), SAME(RTPROT_RA), SAME(RTPROT_DHCP), SAME(RTPROT_ZEBRA);
	SAME(RTPROT_BIRD), SAME(RTPROT_BABEL), SAME(RTPROT_BGP), SAME(RTPROT_OSPF);
	SAME(RT_SCOPE_UNIVERSE), SAME(RT_SCOPE_SITE), SAME(RT_SCOPE_LINK), SAME(RT_SCOPE_HOST);
	SAME(RT_SCOPE_NOWHERE), SAME(RT_TABLE_DEFAULT), SAME(RT_TABLE_MAIN), SAME(RT_TABLE_LOCAL);
	SAME(IFA_F_SECONDARY), SAME(IFA_F_NODAD), SAME(IFA_F_OPTIMISTIC), SAME(IFA_F_DADFAILED);
	SAME(IFA_F_HOMEADDRESS), SAME(IFA_F_DEPRECATED), SAME(IFA_F_TENTATIVE);
	SAME(IFA_F_PERMANENT), SAME(IFA_F_MANAGETEMPADDR), SAME(IFA_F_NOPREFIXROUTE);
	SAME(IFA_F_MCAUTOJOIN), SAME(IFA_F_STABLE_PRIVACY);
	SAME(FR_ACT_TO_TBL), SAME(FR_ACT_GOTO), SAME(FR_ACT_NOP), SAME(FR_ACT_BLACKHOLE);
	SAME(FR_ACT_UNREACHABLE), SAME(FR_ACT_PROHIBIT);
	SAME(MACVLAN_MODE_PRIVATE), SAME(MACVLAN_MODE_VEPA), SAME(MACVLAN_MODE_BRIDGE);
	SAME(MACVLAN_MODE_PASSTHRU), SAME(MACVLAN_MODE_SOURCE);
	SAME(IPPROTO_UDPLITE), SAME(AF_PACKET);
}
#endif

/* What every system gets: the names given to the model's numbers. */
static void test_named(void **state)
{
	(void)state;
	assert_string_equal(ifw_name_arptype(IFW_ARPHRD_ETHER), "ether");
	assert_string_equal(ifw_name_arptype(IFW_ARPHRD_LOOPBACK), "loopback");
	assert_string_equal(ifw_name_arptype(IFW_ARPHRD_NONE), "none");
	assert_string_equal(ifw_name_arptype(IFW_ARPHRD_IEEE80211), "ieee802.11");
	assert_string_equal(ifw_name_operstate(IFW_IF_OPER_UP), "up");
	assert_string_equal(ifw_name_operstate(IFW_IF_OPER_DOWN), "down");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#ifdef __linux__
	    cmocka_unit_test(test_same_as_the_kernel),
#endif
	    cmocka_unit_test(test_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
