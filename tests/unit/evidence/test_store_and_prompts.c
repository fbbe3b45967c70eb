/* The look at real/holdout7: configd's dynamic store as `scutil` and scripts print its keys
 * (p_scstore.c), a prompt before a program ifwho does not know (paste.c), the names OpenWrt's
 * netifd gives its links (data/knowledge/ifnames.json), the socket note of a VXLAN device
 * (rule_overlay.c) that named no creator, and, without -d, a link to another namespace
 * (rule_netns_link.c) and a bridge whose port's name says whose it is (rule_masters.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

/* A script's one-key-a-line print of State:/Network/Global: a VPN app's bundle id as the
 * primary service makes its tunnel the app's, never the card that is primary for IPv4. */
static void store_keys_by_script(void **state)
{
	(void)state;
	struct evw *w = evw_text("State,/Network/Global/IPv4,PrimaryInterface,en1\n"
	                         "State,/Network/Global/IPv4,PrimaryService,com.cisco.anyconnect\n"
	                         "State,/Network/Global/IPv6,PrimaryInterface,utun0\n"
	                         "State,/Network/Global/IPv6,PrimaryService,com.cisco.anyconnect\n",
	                         "keys.txt");
	evw_analyze(w);
	const struct ifw_finding *f = evw_finding(w, "utun0", "log.created");
	assert_non_null(f);
	evw_contains(f->claim, "com.cisco.anyconnect");
	assert_null(evw_finding(w, "en1", "log.created"));
	/* en1 is the IPv4 default route's way out: a card */
	assert_non_null(evw_finding(w, "en1", "physical.uplink"));
	assert_string_equal(evw_ia(w, "en1")->category, "physical");
	evw_free(w);
}

/* scutil's own dictionaries: the router gives the default route; a service's InterfaceName with
 * a ServerAddress is a VPN's tunnel; a UUID service id names no app. */
static void store_dictionaries(void **state)
{
	(void)state;
	struct evw *w = evw_text("> show State:/Network/Global/IPv4\n"
	                         "<dictionary> {\n"
	                         "  PrimaryInterface : en7\n"
	                         "  PrimaryService : 1B2C3D4E-0000-4000-8000-0000000000AA\n"
	                         "  Router : 192.168.1.1\n"
	                         "}\n"
	                         "> show State:/Network/Service/com.example.vpn/IPv4\n"
	                         "<dictionary> {\n"
	                         "  Addresses : <array> {\n"
	                         "    0 : 10.8.0.2\n"
	                         "  }\n"
	                         "  InterfaceName : utun4\n"
	                         "  ServerAddress : 203.0.113.9\n"
	                         "}\n",
	                         "store.txt");
	evw_analyze(w);
	ifw_id r = evw_route(w, "0.0.0.0", 0);
	assert_int_not_equal(r, IFW_NOID);
	assert_int_equal(w->m.routes.v[r].iface, evw_iface(w, "en7"));
	assert_null(evw_finding(w, "en7", "log.created"));
	const struct ifw_iface *u = &w->m.ifaces.v[evw_iface(w, "utun4")];
	assert_true(u->has_vpn_server);
	assert_non_null(evw_finding(w, "utun4", "nwi.vpn-server"));
	/* the inner array's end is not the dictionary's: utun4 came after it */
	assert_int_equal(w->m.routes.n, 1);
	evw_free(w);
}

/* "$ jz curl": a program ifwho does not know, typed at a bare "$" prompt; the commands it
 * prints are its own. A "#" alone is a comment's sign as often: no prompt there. */
static void prompt_before_unknown_program(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "$ jz curl\n"
	    "name=curl\n"
	    "run command: /sbin/ifconfig epair3b inet 100.64.34.78 netmask 255.255.255.255 "
	    "alias\n",
	    "jz.txt");
	evw_analyze(w);
	const struct ifw_finding *f = evw_finding(w, "epair3b", "echo.configured");
	assert_non_null(f);
	evw_contains(f->claim, "jz");
	evw_free(w);
	w = evw_text("# jz curl\n"
	             "run command: /sbin/ifconfig lo1 inet 100.64.34.78 netmask 255.255.255.255 "
	             "alias\n"
	             "tun0: flags=8051<UP,POINTOPOINT,RUNNING,MULTICAST> mtu 1500\n",
	             "comment.txt");
	evw_analyze(w);
	assert_true(evw_has_iface(w, "tun0"));
	assert_false(evw_has_iface(w, "lo1"));
	evw_free(w);
	/* a sentence after a dollar sign is no command */
	w = evw_text("$ 5 a month, or ifconfig tun0 create\n"
	             "tun0: flags=8051<UP,POINTOPOINT,RUNNING,MULTICAST> mtu 1500\n",
	             "price.txt");
	evw_analyze(w);
	assert_int_equal(w->m.typed.n, 0);
	evw_free(w);
}

/* OpenWrt's netifd names a network's link after its protocol: pptp-<network> is a PPTP client's
 * PPP link, gre4t-<network> an Ethernet-over-GRE tunnel. */
static void netifd_names(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "pptp-usd Link encap:Point-to-Point Protocol\n"
	    "inet addr:192.168.100.52 P-t-P:192.168.100.240 Mask:255.255.255.255\n"
	    "UP POINTOPOINT RUNNING NOARP MULTICAST MTU:1500 Metric:1\n"
	    "\n"
	    "59: gre4t-gt1@vlan_wan_1ip: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel "
	    "state UNKNOWN group default qlen 1000\n"
	    "    link/ether e6:75:ac:3c:35:46 brd ff:ff:ff:ff:ff:ff\n",
	    "openwrt.txt");
	evw_analyze(w);
	assert_string_equal(evw_ia(w, "pptp-usd")->category, "vpn");
	assert_string_equal(evw_ia(w, "gre4t-gt1")->category, "overlay");
	evw_free(w);
}

/* A VXLAN device's port belongs to the kernel: a note about the socket, never its creator
 * (flanneld made flannel.1). */
static void vxlan_port_note(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "5: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1370 qdisc noqueue state UNKNOWN "
	    "mode DEFAULT group default\n"
	    "    link/ether aa:bb:cc:dd:ee:ff brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu "
	    "65535\n"
	    "    vxlan id 1 local 10.0.0.1 dev abc srcport 0 0 dstport 8472 nolearning ttl auto "
	    "ageing 300\n",
	    "flannel.txt");
	evw_analyze(w);
	const struct ifw_finding *f = evw_finding(w, "flannel.1", "overlay.kernel");
	assert_non_null(f);
	assert_int_not_equal(f->role, IFW_ROLE_CREATOR);
	evw_contains(evw_verdict(w, "flannel.1")->claim, "flannel");
	evw_free(w);
}

/* `ip a` inside KubeVirt's virt-launcher pod, without -d: eth0's other side is in another
 * namespace (a veth's end), and the bridge joining it to vnet0, a VM's tap by its name, is the
 * VM's switch; a host's br0 that joins its card to a VM is no VM's own switch. */
static void pod_bridge_for_a_vm(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "3: eth0@if37: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master "
	    "k6t-eth0 "
	    "state UP group default\n"
	    "    link/ether 0a:58:0a:f1:e1:42 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n"
	    "4: k6t-eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group "
	    "default\n"
	    "    link/ether 0a:58:0a:f1:e1:42 brd ff:ff:ff:ff:ff:ff\n"
	    "    inet 169.254.75.10/32 brd 169.254.75.10 scope global k6t-eth0\n"
	    "5: vnet0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc fq_codel master k6t-eth0 "
	    "state UNKNOWN group default qlen 1000\n"
	    "    link/ether fe:58:0a:e9:41:0f brd ff:ff:ff:ff:ff:ff\n",
	    "pod.txt");
	evw_analyze(w);
	assert_non_null(evw_finding(w, "eth0", "netns.link"));
	assert_string_equal(evw_ia(w, "eth0")->category, "container");
	const struct ifw_finding *f = evw_finding(w, "k6t-eth0", "masters.bridge-for");
	assert_non_null(f);
	evw_contains(f->claim, "vnet0");
	assert_string_equal(evw_ia(w, "k6t-eth0")->category, "vm");
	evw_free(w);
	w = evw_text(
	    "2: enp3s0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq master br0 "
	    "state UP group default qlen 1000\n"
	    "    link/ether 00:1b:21:3a:4b:5c brd ff:ff:ff:ff:ff:ff\n"
	    "3: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP\n"
	    "    link/ether 00:1b:21:3a:4b:5c brd ff:ff:ff:ff:ff:ff\n"
	    "5: vnet0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel master br0 "
	    "state UNKNOWN group default qlen 1000\n"
	    "    link/ether fe:54:00:e9:41:0f brd ff:ff:ff:ff:ff:ff\n",
	    "host.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "br0", "masters.bridge-for"));
	assert_null(evw_finding(w, "enp3s0", "netns.link"));
	evw_free(w);
}

/* busybox's ip inside a Docker container prints "@if776" with no netnsid: the peer is not in
 * this listing (ip names one here, "@eth0"), so in another namespace. */
static void peer_index_elsewhere(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN qlen 1000\n"
	    "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
	    "775: moby0@if776: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue "
	    "state UP \n"
	    "    link/ether 02:42:ac:18:00:02 brd ff:ff:ff:ff:ff:ff\n"
	    "4: vlan7@eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP\n"
	    "    link/ether 52:54:00:11:22:33 brd ff:ff:ff:ff:ff:ff\n",
	    "busybox.txt");
	evw_analyze(w);
	assert_non_null(evw_finding(w, "moby0", "netns.link"));
	assert_null(evw_finding(w, "vlan7", "netns.link"));
	evw_free(w);
}

/* FreeBSD: a group beside the driver's names the tool (pot's jails), perhaps; the epair's
 * signature (MAC ending 0a/0b, 10Gbase-T) under a jail's name; bold around whole lines. */
static void freebsd_marks(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "uname -a\n"
	    "FreeBSD host 13.2-RELEASE FreeBSD 13.2-RELEASE amd64\n"
	    "p4632611c512510: flags=8963<UP,BROADCAST,RUNNING,PROMISC,SIMPLEX,MULTICAST> metric 0 "
	    "mtu 1500\n"
	    "\tether 02:ca:3c:ac:ce:0a\n"
	    "\tgroups: epair pot\n"
	    "\tmedia: Ethernet 10Gbase-T (10Gbase-T <full-duplex>)\n"
	    "eth0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n"
	    "        options=8<VLAN_MTU>\n"
	    "       ** ether 02:ff:70:00:08:0b**\n"
	    "        media: Ethernet 10Gbase-T (10Gbase-T <full-duplex>)\n"
	    "em0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n"
	    "\tether 00:1b:21:3a:4b:0b\n"
	    "\tgroups: egress\n"
	    "\tmedia: Ethernet autoselect (1000baseT <full-duplex>)\n",
	    "jail.txt");
	evw_analyze(w);
	const struct ifw_finding *f = evw_finding(w, "p4632611c512510", "ifgroups.tool");
	assert_non_null(f);
	evw_contains(f->claim, "pot");
	assert_true(f->confidence < 70);
	assert_non_null(evw_finding(w, "eth0", "epair.renamed"));
	assert_string_equal(evw_ia(w, "eth0")->category, "container");
	assert_null(evw_finding(w, "em0", "epair.renamed"));
	assert_null(evw_finding(w, "em0", "ifgroups.tool"));
	evw_free(w);
}

/* macOS `netstat -nr` alone: a utun's route to its own IPv4 address is a VPN's virtual IP;
 * a card reaching a host through a router is a card on a routed network. */
static void macos_routes_alone(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("Routing tables\n"
	             "\n"
	             "Internet:\n"
	             "Destination        Gateway            Flags           Netif Expire\n"
	             "192.168.168.17     192.168.168.17     UH                 utun23\n"
	             "192.168.168.168    10.103.62.1        UGHS                  en9\n",
	             "netstat.txt");
	evw_analyze(w);
	assert_non_null(evw_finding(w, "utun23", "darwin.utun-ipv4"));
	assert_string_equal(evw_ia(w, "utun23")->category, "vpn");
	assert_non_null(evw_finding(w, "en9", "physical.routed"));
	assert_null(evw_finding(w, "utun23", "physical.routed"));
	evw_free(w);
}

/* `ip -br a` shows no MAC, but an EUI-64 link-local address holds one (Hyper-V's 00:15:5d);
 * a random identifier holds none. An ifconfig header after a message's words is read, and an
 * "ether" line of a block whose header was not read names no interface. */
static void mac_inside_link_local(void **state)
{
	(void)state;
	struct evw *w = evw_text("$ ip -br a\n"
	                         "eth0             UP             192.168.126.91/20 "
	                         "fe80::215:5dff:feee:2fe/64\n"
	                         "eth1             UP             192.168.127.91/20 "
	                         "fe80::4ef3:be8:dfda:e043/64\n",
	                         "br.txt");
	evw_analyze(w);
	const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, "eth0")];
	assert_true(f->mac_from_link_local);
	assert_int_equal(f->mac[0], 0x00);
	assert_int_equal(f->mac[2], 0x5d);
	assert_int_equal(f->mac[5], 0xfe);
	assert_non_null(evw_finding(w, "eth0", "nic.vm-guest-mac"));
	assert_false(w->m.ifaces.v[evw_iface(w, "eth1")].mac_from_link_local);
	assert_int_equal(w->m.ifaces.v[evw_iface(w, "eth1")].mac_len, 0);
	evw_free(w);
	w = evw_text("router: couldn't find member in bridge100 interface: bridge100: "
	             "flags=8a63<UP,BROADCAST,SMART,RUNNING,ALLMULTI,SIMPLEX,MULTICAST> mtu 1500\n"
	             "\tether 16:7d:da:f9:de:64\n"
	             "\tinet 192.168.64.1 netmask 0xffffff00 broadcast 192.168.64.255\n"
	             "\tmember: vmenet0 flags=3<LEARNING,DISCOVER>\n",
	             "prefixed.txt");
	evw_analyze(w);
	assert_true(evw_has_addr(w, "bridge100", "192.168.64.1", 24));
	assert_int_not_equal(evw_iface(w, "vmenet0"), IFW_NOID);
	assert_false(evw_has_iface(w, "ether"));
	evw_free(w);
}

/* WSL2's kernel has bonding and dummy built in: bond0 and dummy0, down and empty beside the
 * tunnel modules' fallback devices, are the drivers' default devices; an up bond0 is a bond. */
static void builtin_default_devices(void **state)
{
	(void)state;
	struct evw *w = evw_text("$ ip -br a\n"
	                         "lo               UNKNOWN        127.0.0.1/8 ::1/128\n"
	                         "bond0            DOWN\n"
	                         "dummy0           DOWN\n"
	                         "tunl0@NONE       DOWN\n"
	                         "sit0@NONE        DOWN\n",
	                         "wsl.txt");
	evw_analyze(w);
	assert_string_equal(evw_ia(w, "bond0")->category, "kernel-fallback");
	assert_string_equal(evw_ia(w, "dummy0")->category, "kernel-fallback");
	evw_free(w);
	w = evw_text("$ ip -br a\n"
	             "bond0            UP             192.0.2.10/24\n"
	             "tunl0@NONE       DOWN\n",
	             "bond.txt");
	evw_analyze(w);
	assert_string_not_equal(evw_ia(w, "bond0")->category, "kernel-fallback");
	evw_free(w);
}

/* An interface that bears a known program's name, with nothing else known of it. */
static void named_after_software(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "133: easytier: <POINTOPOINT,UP,LOWER_UP> mtu 1360 qdisc fq_codel state UNKNOWN\n"
	    "    link/none \n"
	    "134: cjdns7: <POINTOPOINT,UP,LOWER_UP> mtu 1304 qdisc fq_codel state UNKNOWN\n"
	    "    link/none \n"
	    "135: tunnel7: <POINTOPOINT,UP,LOWER_UP> mtu 1304 qdisc fq_codel state UNKNOWN\n"
	    "    link/none \n",
	    "named.txt");
	evw_analyze(w);
	evw_contains(evw_finding(w, "easytier", "names.software")->claim, "EasyTier");
	evw_contains(evw_finding(w, "cjdns7", "names.software")->claim, "cjdns");
	assert_true(evw_finding(w, "cjdns7", "names.software")->confidence < 70);
	assert_null(evw_finding(w, "tunnel7", "names.software"));
	evw_free(w);
}

/* netstat's "link#2" gateways are macOS's and the BSDs': names shared with Linux (wlan0) do
 * not make the host Linux. */
static void link_gateways_are_bsd(void **state)
{
	(void)state;
	struct evw *w = evw_text("Routing tables\n"
	                         "\n"
	                         "Internet:\n"
	                         "Destination        Gateway            Flags     Netif Expire\n"
	                         "default            172.16.2.1         UGS       wlan0\n"
	                         "127.0.0.1          link#1             UH          lo0\n"
	                         "172.16.2.0/24      link#2             U         wlan0\n"
	                         "10.144.0.0/16      link#3             U      zt1flo98\n",
	                         "netstat-bsd.txt");
	evw_analyze(w);
	assert_true(w->m.os_bsd_style);
	assert_string_not_equal(w->m.os, "linux");
	evw_free(w);
}

/* A VPN that takes over bridge100's 192.168.64.0/24 route does not become the VMs' network; a
 * card's route through a router to that range says nothing of the card. */
static void plan_not_lent_by_routes(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("Routing tables\n"
	             "\n"
	             "Internet:\n"
	             "Destination        Gateway            Flags           Netif Expire\n"
	             "192.168.64         link#26            UC              bridge100      !\n"
	             "192.168.64         link#24            UCS                 utun6\n"
	             "192.168.64.2       link#24            UHWIi               utun6\n"
	             "192.168.64         10.77.0.1          UGSc                  en0\n",
	             "routes.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "utun6", "addrplan.medium"));
	assert_null(evw_finding(w, "utun6", "addrplan.weak"));
	assert_null(evw_finding(w, "en0", "addrplan.medium"));
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(store_keys_by_script),
	    cmocka_unit_test(store_dictionaries),
	    cmocka_unit_test(prompt_before_unknown_program),
	    cmocka_unit_test(netifd_names),
	    cmocka_unit_test(vxlan_port_note),
	    cmocka_unit_test(pod_bridge_for_a_vm),
	    cmocka_unit_test(peer_index_elsewhere),
	    cmocka_unit_test(freebsd_marks),
	    cmocka_unit_test(macos_routes_alone),
	    cmocka_unit_test(mac_inside_link_local),
	    cmocka_unit_test(builtin_default_devices),
	    cmocka_unit_test(named_after_software),
	    cmocka_unit_test(link_gateways_are_bsd),
	    cmocka_unit_test(plan_not_lent_by_routes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
