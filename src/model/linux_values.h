/* The numbers the evidence model uses for interface flags, link types, operational states, routes,
 * addresses and policy rules. They are the model's own encoding, whatever system the facts came
 * from; the values are the same as Linux's (<net/if.h>, <linux/if_arp.h>, <linux/rtnetlink.h>,
 * <linux/if_addr.h>, <linux/fib_rules.h>), so the Linux backend stores the kernel's numbers
 * unchanged, and collectors of other systems translate into these. They are defined here, not
 * taken from the system's headers, because macOS and the BSDs give some of the same names other
 * values (IFF_MULTICAST is 0x8000 there) and lack others (ARPHRD_NONE, RTN_*).
 * tests/unit/util/test_linux_values.c checks them against the Linux headers. */
#ifndef IFW_MODEL_LINUX_VALUES_H
#define IFW_MODEL_LINUX_VALUES_H

/* ifw_iface.flags */
#define IFW_IFF_UP          0x1
#define IFW_IFF_BROADCAST   0x2
#define IFW_IFF_DEBUG       0x4
#define IFW_IFF_LOOPBACK    0x8
#define IFW_IFF_POINTOPOINT 0x10
#define IFW_IFF_NOTRAILERS  0x20
#define IFW_IFF_RUNNING     0x40
#define IFW_IFF_NOARP       0x80
#define IFW_IFF_PROMISC     0x100
#define IFW_IFF_ALLMULTI    0x200
#define IFW_IFF_MASTER      0x400
#define IFW_IFF_SLAVE       0x800
#define IFW_IFF_MULTICAST   0x1000
#define IFW_IFF_PORTSEL     0x2000
#define IFW_IFF_AUTOMEDIA   0x4000
#define IFW_IFF_DYNAMIC     0x8000

/* ifw_iface.arptype */
#define IFW_ARPHRD_ETHER              1
#define IFW_ARPHRD_IEEE1394           24
#define IFW_ARPHRD_INFINIBAND         32
#define IFW_ARPHRD_CAN                280
#define IFW_ARPHRD_PPP                512
#define IFW_ARPHRD_RAWIP              519
#define IFW_ARPHRD_TUNNEL             768
#define IFW_ARPHRD_TUNNEL6            769
#define IFW_ARPHRD_LOOPBACK           772
#define IFW_ARPHRD_SIT                776
#define IFW_ARPHRD_IPGRE              778
#define IFW_ARPHRD_IEEE80211          801
#define IFW_ARPHRD_IEEE80211_RADIOTAP 803
#define IFW_ARPHRD_IP6GRE             823
#define IFW_ARPHRD_NETLINK            824
#define IFW_ARPHRD_VOID               65535
#define IFW_ARPHRD_NONE               65534

/* ifw_iface.operstate */
#define IFW_IF_OPER_UNKNOWN        0
#define IFW_IF_OPER_NOTPRESENT     1
#define IFW_IF_OPER_DOWN           2
#define IFW_IF_OPER_LOWERLAYERDOWN 3
#define IFW_IF_OPER_TESTING        4
#define IFW_IF_OPER_DORMANT        5
#define IFW_IF_OPER_UP             6

/* route types, protocols, scopes and tables */
#define IFW_RTN_UNSPEC        0
#define IFW_RTN_UNICAST       1
#define IFW_RTN_LOCAL         2
#define IFW_RTN_BROADCAST     3
#define IFW_RTN_ANYCAST       4
#define IFW_RTN_MULTICAST     5
#define IFW_RTN_BLACKHOLE     6
#define IFW_RTN_UNREACHABLE   7
#define IFW_RTN_PROHIBIT      8
#define IFW_RTPROT_UNSPEC     0
#define IFW_RTPROT_REDIRECT   1
#define IFW_RTPROT_KERNEL     2
#define IFW_RTPROT_BOOT       3
#define IFW_RTPROT_STATIC     4
#define IFW_RTPROT_RA         9
#define IFW_RTPROT_DHCP       16
#define IFW_RTPROT_ZEBRA      11
#define IFW_RTPROT_BIRD       12
#define IFW_RTPROT_BABEL      42
#define IFW_RTPROT_BGP        186
#define IFW_RTPROT_OSPF       188
#define IFW_RT_SCOPE_UNIVERSE 0
#define IFW_RT_SCOPE_SITE     200
#define IFW_RT_SCOPE_LINK     253
#define IFW_RT_SCOPE_HOST     254
#define IFW_RT_SCOPE_NOWHERE  255
#define IFW_RT_TABLE_DEFAULT  253
#define IFW_RT_TABLE_MAIN     254
#define IFW_RT_TABLE_LOCAL    255

/* ifw_addr.flags */
#define IFW_IFA_F_SECONDARY      0x1
#define IFW_IFA_F_NODAD          0x2
#define IFW_IFA_F_OPTIMISTIC     0x4
#define IFW_IFA_F_DADFAILED      0x8
#define IFW_IFA_F_HOMEADDRESS    0x10
#define IFW_IFA_F_DEPRECATED     0x20
#define IFW_IFA_F_TENTATIVE      0x40
#define IFW_IFA_F_PERMANENT      0x80
#define IFW_IFA_F_MANAGETEMPADDR 0x100
#define IFW_IFA_F_NOPREFIXROUTE  0x200
#define IFW_IFA_F_MCAUTOJOIN     0x400
#define IFW_IFA_F_STABLE_PRIVACY 0x800

/* policy-rule actions */
#define IFW_FR_ACT_TO_TBL      1
#define IFW_FR_ACT_GOTO        2
#define IFW_FR_ACT_NOP         3
#define IFW_FR_ACT_BLACKHOLE   6
#define IFW_FR_ACT_UNREACHABLE 7
#define IFW_FR_ACT_PROHIBIT    8

/* ifw_iface's macvlan mode */
#define IFW_MACVLAN_MODE_PRIVATE  1
#define IFW_MACVLAN_MODE_VEPA     2
#define IFW_MACVLAN_MODE_BRIDGE   4
#define IFW_MACVLAN_MODE_PASSTHRU 8
#define IFW_MACVLAN_MODE_SOURCE   16

/* IANA's protocol number for UDP-Lite, which macOS's <netinet/in.h> does not name. */
#define IFW_IPPROTO_UDPLITE 136

/* A packet socket's family (sockets of AF_INET and AF_INET6 keep the system's values). */
#define IFW_AF_PACKET 17

#endif
