/* Network cards told apart in saved output that shows no bus or driver (infer/rule_nic_hints.c):
 * by a hypervisor's guest MAC block or a transmit queue, and never for what only shares the name
 * (a container's eth0, a bridge with a guest-block MAC); and macOS's enN by what ifconfig shows
 * of them (infer/rule_darwin_ports.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

static const char ip_addr_vm_guest[] =
    "$ ip addr\n"
    "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen "
    "1000\n"
    "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
    "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default "
    "qlen 1000\n"
    "    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff\n"
    "    inet 192.0.2.10/24 brd 192.0.2.255 scope global eth0\n"
    "3: eth1: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc pfifo_fast state DOWN group "
    "default qlen 1000\n"
    "    link/ether 0e:11:22:33:44:55 brd ff:ff:ff:ff:ff:ff\n"
    "4: virbr0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group "
    "default qlen 1000\n"
    "    link/ether 52:54:00:ab:cd:ef brd ff:ff:ff:ff:ff:ff\n"
    "    inet 198.51.100.1/24 brd 198.51.100.255 scope global virbr0\n";

static const char ip_addr_container[] =
    "$ ip addr\n"
    "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen "
    "1000\n"
    "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
    "7: eth0@if8: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group "
    "default\n"
    "    link/ether 0a:58:c0:00:02:05 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n"
    "    inet 192.0.2.5/24 brd 192.0.2.255 scope global eth0\n";

static void guest_mac_and_queue(void **state)
{
	(void)state;
	struct evw *w = evw_text(ip_addr_vm_guest, "ip-addr.txt");
	evw_analyze(w);
	/* 52:54:00 is QEMU's block for its guests' cards: eth0 is this VM's card, with no queue
	 * shown (virtio cards may have noqueue) */
	const struct ifw_finding *g = evw_finding(w, "eth0", "nic.vm-guest-mac");
	assert_non_null(g);
	evw_contains(g->claim, "QEMU");
	assert_string_equal(evw_ia(w, "eth0")->category, "physical");
	assert_true(evw_ia(w, "eth0")->confidence >= 40 && evw_ia(w, "eth0")->confidence < 70);
	/* a locally administered MAC says nothing, but the transmit queue does */
	assert_null(evw_finding(w, "eth1", "nic.vm-guest-mac"));
	evw_contains(evw_finding(w, "eth1", "nic.queue")->claim, "pfifo_fast");
	assert_string_equal(evw_ia(w, "eth1")->category, "physical");
	/* libvirt's bridge takes a MAC from the same block: its name says bridge */
	assert_null(evw_finding(w, "virbr0", "nic.vm-guest-mac"));
	assert_null(evw_finding(w, "virbr0", "nic.queue"));
	evw_free(w);
}

static void container_eth0_is_not_a_card(void **state)
{
	(void)state;
	struct evw *w = evw_text(ip_addr_container, "ip-addr.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "eth0", "nic.vm-guest-mac"));
	assert_null(evw_finding(w, "eth0", "nic.queue"));
	const char *cat = evw_ia(w, "eth0")->category;
	assert_true(!cat || strcmp(cat, "physical") != 0);
	evw_free(w);
}

static const char ifconfig_mac[] =
    "$ ifconfig\n"
    "en0: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500\n"
    "\tether 3c:22:fb:00:00:01\n"
    "\tinet 192.0.2.20 netmask 0xffffff00 broadcast 192.0.2.255\n"
    "\tmedia: autoselect\n"
    "\tstatus: active\n"
    "en1: flags=8963<UP,BROADCAST,SMART,RUNNING,PROMISC,SIMPLEX,MULTICAST> mtu 1500\n"
    "\toptions=460<TSO4,TSO6,CHANNEL_IO>\n"
    "\tether 36:00:07:a1:00:00\n"
    "\tmedia: autoselect <full-duplex>\n"
    "\tstatus: inactive\n"
    "en2: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500\n"
    "\tether 3c:22:fb:00:00:02\n"
    "\tmedia: autoselect <full-duplex>\n"
    "\tstatus: inactive\n"
    "en5: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500\n"
    "\tether ac:de:48:00:11:22\n"
    "\tmedia: autoselect (100baseTX <full-duplex>)\n"
    "\tstatus: active\n"
    "anpi0: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500\n"
    "\toptions=400<CHANNEL_IO>\n"
    "\tether 82:ea:37:35:64:af\n"
    "\tmedia: none\n"
    "\tstatus: inactive\n"
    "en4: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500\n"
    "\toptions=400<CHANNEL_IO>\n"
    "\tether 82:ea:37:35:64:90\n"
    "\tmedia: none\n"
    "\tstatus: inactive\n"
    "bridge0: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500\n"
    "\toptions=63<RXCSUM,TXCSUM,TSO4,TSO6>\n"
    "\tether 36:00:07:a1:00:00\n"
    "\tConfiguration:\n"
    "\t\tid 0:0:0:0:0:0 priority 0 hellotime 0 fwddelay 0\n"
    "\tmember: en1 flags=3<LEARNING,DISCOVER>\n"
    "\t        ifmaxaddr 0 port 5 priority 0 path cost 0\n"
    "\tmedia: <unknown type>\n"
    "\tstatus: inactive\n"
    "en9: flags=8963<UP,BROADCAST,SMART,RUNNING,PROMISC,SIMPLEX,MULTICAST> mtu 1500\n"
    "\tether 86:0b:34:00:00:9b\n"
    "\tmedia: autoselect\n"
    "\tstatus: active\n"
    "bridge100: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500\n"
    "\tether 82:e6:50:00:00:64\n"
    "\tinet 192.0.2.1 netmask 0xffffff00 broadcast 192.0.2.255\n"
    "\tConfiguration:\n"
    "\t\tid 0:0:0:0:0:0 priority 0 hellotime 0 fwddelay 0\n"
    "\tmember: en9 flags=3<LEARNING,DISCOVER>\n"
    "\t        ifmaxaddr 0 port 14 priority 0 path cost 0\n"
    "\tmember: en0 flags=3<LEARNING,DISCOVER>\n"
    "\t        ifmaxaddr 0 port 4 priority 0 path cost 0\n"
    "utun0: flags=8051<UP,POINTOPOINT,RUNNING,MULTICAST> mtu 1380\n"
    "\tinet6 fe80::1%utun0 prefixlen 64 scopeid 0x9\n";

/* macOS enN told apart by what ifconfig shows (infer/rule_darwin_ports.c). */
static void darwin_ports(void **state)
{
	(void)state;
	struct evw *w = evw_text(ifconfig_mac, "ifconfig.txt");
	evw_analyze(w);
	assert_string_equal(w->m.ifaces.v[evw_iface(w, "en1")].media, "autoselect <full-duplex>");
	/* en1: no speed, a random MAC, a member of bridge0 */
	const struct ifw_finding *tb = evw_finding(w, "en1", "darwin.thunderbolt-port");
	assert_non_null(tb);
	evw_contains(tb->claim, "member of bridge0");
	assert_string_equal(evw_ia(w, "en1")->category, "physical");
	/* the same media on a card's own MAC, not in a bridge: nothing said */
	assert_null(evw_finding(w, "en2", "darwin.thunderbolt-port"));
	/* Wi-Fi: a speedless "autoselect" is not Thunderbolt's */
	assert_null(evw_finding(w, "en0", "darwin.thunderbolt-port"));
	/* en4's MAC is in anpi0's block; en2's is in no anpi's */
	evw_contains(evw_finding(w, "en4", "darwin.anpi-sibling")->claim, "anpi0");
	assert_null(evw_finding(w, "en2", "darwin.anpi-sibling"));
	/* the T2 link by its MAC */
	assert_non_null(evw_finding(w, "en5", "darwin.t2-link"));
	assert_string_equal(evw_ia(w, "en5")->category, "apple-system");
	assert_null(evw_finding(w, "en1", "darwin.t2-link"));
	/* en9 on vmnet's bridge100 with a random MAC: a VM's port; en0, shared into the same
	 * bridge by Internet Sharing, keeps its card's MAC: not one */
	evw_contains(evw_finding(w, "en9", "darwin.vmnet-port")->claim, "bridge100");
	assert_string_equal(evw_ia(w, "en9")->category, "vm");
	assert_null(evw_finding(w, "en0", "darwin.vmnet-port"));
	assert_null(evw_finding(w, "en1", "darwin.vmnet-port"));
	/* a negotiated speed is a hardware link's (the T2 link's 100baseTX here); Wi-Fi's,
	 * Thunderbolt's and the VM port's media show none */
	evw_contains(evw_finding(w, "en5", "darwin.ethernet-speed")->claim, "100baseTX");
	assert_null(evw_finding(w, "en0", "darwin.ethernet-speed"));
	assert_null(evw_finding(w, "en1", "darwin.ethernet-speed"));
	assert_null(evw_finding(w, "en9", "darwin.ethernet-speed"));
	evw_free(w);
}

/* FreeBSD interface groups name their maker (infer/rule_ifgroups.c): vm-bhyve's switch is in
 * "vm-switch" whatever the user called it; a plain bridge's groups say nothing more. */
static void bsd_groups(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "$ ifconfig\n"
	    "vm-lab: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n"
	    "\tether 56:e5:cd:00:00:01\n"
	    "\tinet 192.0.2.1 netmask 0xffffff00 broadcast 192.0.2.255\n"
	    "\tid 00:00:00:00:00:00 priority 32768 hellotime 2 fwddelay 15\n"
	    "\tgroups: bridge vm-switch viid-4c918@\n"
	    "bridge1: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n"
	    "\tether 56:e5:cd:00:00:02\n"
	    "\tgroups: bridge\n",
	    "ifconfig.txt");
	evw_analyze(w);
	assert_string_equal(w->m.os, "freebsd");
	assert_string_equal(w->m.ifaces.v[evw_iface(w, "vm-lab")].groups,
	                    "bridge vm-switch viid-4c918@");
	const struct ifw_finding *g = evw_finding(w, "vm-lab", "ifgroups.group");
	assert_non_null(g);
	evw_contains(g->claim, "vm-bhyve");
	assert_string_equal(g->category, "vm");
	assert_null(evw_finding(w, "bridge1", "ifgroups.group"));
	evw_free(w);
	/* iohyve's bridge by the description it gives it; "metric" in the header says FreeBSD
	 * (macOS prints none), so no Mac's Thunderbolt Bridge is read into bridge0 */
	w = evw_text(
	    "bridge0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n"
	    "    description: iohyve-bridge\n"
	    "    ether 02:d2:e4:00:00:01\n"
	    "    id 00:00:00:00:00:00 priority 32768 hellotime 2 fwddelay 15\n",
	    "freenas.txt");
	evw_analyze(w);
	assert_string_equal(w->m.os, "freebsd");
	evw_contains(evw_finding(w, "bridge0", "ifgroups.description")->claim, "iohyve");
	assert_string_equal(evw_ia(w, "bridge0")->category, "vm");
	evw_free(w);
	/* macOS prints a metric only when it is not 0 (ZeroTier's feth) */
	w = evw_text("feth4017: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 5000 "
	             "mtu 2800\n"
	             "        ether e2:a6:bc:00:00:d0\n"
	             "        peer: feth9017\n",
	             "zt.txt");
	assert_true(strcmp(w->m.os, "freebsd") != 0);
	evw_free(w);
}

/* `ip link` without -d: "master br1" on the ports makes br1 a bridge (infer/rule_masters.c),
 * not the card whose MAC it carries; liblxc's veth names say LXC. */
static void masters_and_lxc_veths(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "$ ip link show\n"
	    "3: enp5s0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq master br1 state UP "
	    "mode DEFAULT group default qlen 1000\n"
	    "    link/ether 2c:4d:54:00:00:66 brd ff:ff:ff:ff:ff:ff\n"
	    "4: br1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode "
	    "DEFAULT group default qlen 1000\n"
	    "    link/ether 2c:4d:54:00:00:66 brd ff:ff:ff:ff:ff:ff\n"
	    "6: vethW6KMHJ@if5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master "
	    "br1 "
	    "state UP mode DEFAULT group default qlen 1000\n"
	    "    link/ether fe:4d:14:00:00:c9 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n"
	    "7: eno2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq master br2 state UP "
	    "mode DEFAULT group default qlen 1000\n"
	    "    link/ether 2c:4d:54:00:00:67 brd ff:ff:ff:ff:ff:ff\n"
	    "8: br2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode "
	    "DEFAULT group default qlen 1000\n"
	    "    link/ether 2c:4d:54:00:00:67 brd ff:ff:ff:ff:ff:ff\n",
	    "ip-link.txt");
	evw_analyze(w);
	evw_contains(evw_finding(w, "br1", "masters.bridge")->claim, "vethW6KMHJ");
	assert_string_equal(evw_ia(w, "br1")->category, "bridge");
	assert_true(evw_ia(w, "br1")->confidence >= 70);
	assert_null(evw_finding(w, "br1", "physical.vendor-mac"));
	/* only a card under it: a bridge or a bond, said as a possibility */
	assert_null(evw_finding(w, "br2", "masters.bridge"));
	assert_true(evw_finding(w, "br2", "masters.bridge-or-bond")->confidence < 70);
	assert_null(evw_finding(w, "enp5s0", "masters.bridge"));
	/* the LXC veth by its name */
	evw_contains(evw_finding(w, "vethW6KMHJ", "names.pattern")->claim, "liblxc");
	assert_string_equal(evw_ia(w, "vethW6KMHJ")->category, "container");
	evw_free(w);
}

/* macOS ifconfig -v: the network agent on a utun names the daemon that made it. */
static void darwin_agents(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "$ ifconfig -v\n"
	    "utun0: flags=8051<UP,POINTOPOINT,RUNNING,MULTICAST> mtu 1500 index 15\n"
	    "\teflags=1002080<TXSTART,NOAUTOIPV6LL,ECN_ENABLE>\n"
	    "\tinet6 fe80::1%utun0 prefixlen 64 scopeid 0xf\n"
	    "\tagent domain:com.apple.rapport type:RapportNetworkAgent flags:0x7c3 desc:\"Rapport "
	    "Network Agent\"\n"
	    "utun3: flags=8051<UP,POINTOPOINT,RUNNING,MULTICAST> mtu 1380 index 18\n"
	    "\tagent domain:ids501 type:clientchannel flags:0x4c3 desc:\"IDSNexusAgent ids501\"\n"
	    "\tagent domain:ids501 type:transport flags:0x4c3 desc:\"IDSTransportAgent ids501\"\n"
	    "utun4: flags=8051<UP,POINTOPOINT,RUNNING,MULTICAST> mtu 1400 index 19\n"
	    "\tagent domain:Skywalker type:VPN flags:0x3 desc:\"VPN: Skywalker\"\n",
	    "ifconfig-v.txt");
	evw_analyze(w);
	assert_string_equal(w->m.ifaces.v[evw_iface(w, "utun0")].agents, "com.apple.rapport");
	assert_string_equal(w->m.ifaces.v[evw_iface(w, "utun3")].agents, "ids501");
	evw_contains(evw_finding(w, "utun0", "ifgroups.agent")->claim, "rapportd");
	assert_string_equal(evw_ia(w, "utun0")->category, "apple-system");
	evw_contains(evw_finding(w, "utun3", "ifgroups.agent")->claim, "identityservicesd");
	/* an agent domain no entry knows says nothing */
	assert_null(evw_finding(w, "utun4", "ifgroups.agent"));
	evw_free(w);
}

/* Routes to private networks through a next hop on a utun, the default elsewhere: a split-tunnel
 * VPN (infer/rule_split_routes.c), said as a possibility; a utun with only its own routes is
 * none. */
static void split_tunnel(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("$ netstat -rn\n"
	             "Routing tables\n"
	             "\n"
	             "Internet:\n"
	             "Destination        Gateway            Flags               Netif "
	             "Expire\n"
	             "default            192.0.2.1          UGScg                 en0\n"
	             "10.9/24            10.9.0.15          UGSc                utun4\n"
	             "10.9.0.15          10.9.0.15          UH                  utun4\n"
	             "10.244/14          10.9.0.1           UGSc                utun4\n"
	             "198.51.100.7       198.51.100.7       UH                  utun5\n"
	             "192.0.2            link#11            UCS                   en0\n",
	             "netstat.txt");
	evw_analyze(w);
	const struct ifw_finding *f = evw_finding(w, "utun4", "routes.split-tunnel");
	assert_non_null(f);
	evw_contains(f->claim, "2 route(s)");
	assert_string_equal(evw_ia(w, "utun4")->category, "vpn");
	assert_true(evw_ia(w, "utun4")->confidence < 70);
	assert_null(evw_finding(w, "utun5", "routes.split-tunnel"));
	assert_null(evw_finding(w, "en0", "routes.split-tunnel"));
	evw_free(w);
}

/* networksetup's port names (infer/rule_ifgroups.c, data/knowledge/ifnames.json "hwport"): the
 * devices exist from that listing alone, a known name says what the port is, an unknown one
 * still says "a hardware port", and the listed address becomes the permanent MAC. */
static void hardware_ports(void **state)
{
	(void)state;
	struct evw *w = evw_text("% networksetup -listallhardwareports\n"
	                         "\n"
	                         "Hardware Port: iPhone USB\n"
	                         "Device: en5\n"
	                         "Ethernet Address: 3a:89:2c:00:00:01\n"
	                         "\n"
	                         "Hardware Port: Thunderbolt Bridge\n"
	                         "Device: bridge0\n"
	                         "Ethernet Address: 82:f1:30:00:00:01\n"
	                         "\n"
	                         "Hardware Port: AX88179A\n"
	                         "Device: en8\n"
	                         "Ethernet Address: a0:ce:c8:00:00:02\n",
	                         "hwports.txt");
	evw_analyze(w);
	const struct ifw_finding *i = evw_finding(w, "en5", "ifgroups.hwport");
	assert_non_null(i);
	evw_contains(i->claim, "\"iPhone USB\"");
	assert_string_equal(evw_ia(w, "en5")->category, "cellular");
	assert_string_equal(evw_ia(w, "bridge0")->category, "bridge");
	const struct ifw_finding *u = evw_finding(w, "en8", "ifgroups.hwport");
	assert_non_null(u);
	evw_contains(u->claim, "\"AX88179A\"");
	assert_string_equal(evw_ia(w, "en8")->category, "physical");
	assert_true(evw_ia(w, "en8")->confidence < evw_ia(w, "en5")->confidence);
	const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, "en8")];
	assert_int_equal(f->perm_mac_len, 6);
	assert_int_equal(f->perm_mac[5], 0x02);
	assert_string_equal(f->hw_port, "AX88179A");
	evw_free(w);
}

/* Plain "autoselect" on an active, unbridged enN is the Wi-Fi card; the same media on a PROMISC
 * bridge member with a local MAC is a VM's port, not Wi-Fi; a masked MAC in the Thunderbolt
 * Bridge still reads as a Thunderbolt port (infer/rule_darwin_ports.c). */
static void wifi_and_masked_ports(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "$ ifconfig\n"
	    "en1: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500\n"
	    "\tether xxx\n"
	    "\tinet 192.0.2.7 netmask 0xffffff00 broadcast 192.0.2.255\n"
	    "\tmedia: autoselect\n"
	    "\tstatus: active\n"
	    "en2: flags=8963<UP,BROADCAST,SMART,RUNNING,PROMISC,SIMPLEX,MULTICAST> mtu 1500\n"
	    "\tether xxx\n"
	    "\tmedia: autoselect <full-duplex>\n"
	    "\tstatus: inactive\n"
	    "en9: flags=8963<UP,BROADCAST,SMART,RUNNING,PROMISC,SIMPLEX,MULTICAST> mtu 1500\n"
	    "\tether 86:0b:34:08:6c:9b\n"
	    "\tmedia: autoselect\n"
	    "\tstatus: active\n"
	    "en3: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500\n"
	    "\tether 8c:85:90:00:00:03\n"
	    "\tmedia: autoselect\n"
	    "\tstatus: inactive\n"
	    "bridge0: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500\n"
	    "\tether xxx\n"
	    "\tmember: en2 flags=3<LEARNING,DISCOVER>\n"
	    "\tmedia: autoselect\n"
	    "\tstatus: inactive\n",
	    "ifconfig.txt");
	evw_analyze(w);
	assert_non_null(evw_finding(w, "en1", "darwin.wifi-media"));
	assert_string_equal(evw_ia(w, "en1")->category, "physical");
	assert_null(evw_finding(w, "en9", "darwin.wifi-media"));
	assert_null(evw_finding(w, "en3", "darwin.wifi-media")); /* not active: nothing to tell */
	assert_null(evw_finding(w, "bridge0", "darwin.wifi-media"));
	const struct ifw_finding *t = evw_finding(w, "en2", "darwin.thunderbolt-port");
	assert_non_null(t);
	evw_contains(t->claim, "its MAC masked");
	evw_free(w);
}

/* A bridge's member lines make its ports exist even when the excerpt shows only the bridge (it
 * is not "with no ports"), and a tap in a VMs' switch is a guest's card; the switch's uplink
 * card is not (infer/rule_vm_port.c). */
static void bridge_members_and_vm_ports(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("# ifconfig bridge0\n"
	             "bridge0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 "
	             "mtu 1500\n"
	             "        description: vm-public\n"
	             "        ether 02:b9:60:11:33:00\n"
	             "        member: tap0 flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>\n"
	             "                ifmaxaddr 0 port 12 priority 128 path cost 2000000\n"
	             "        member: em1 flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>\n"
	             "                ifmaxaddr 0 port 3 priority 128 path cost 2000\n",
	             "bridge.txt");
	evw_analyze(w);
	const struct ifw_iface *br = &w->m.ifaces.v[evw_iface(w, "bridge0")];
	const struct ifw_iface *tap = &w->m.ifaces.v[evw_iface(w, "tap0")];
	assert_int_equal(tap->master_ifindex, br->ifindex);
	assert_int_equal(br->ports.n, 2);
	const struct ifw_finding *v = evw_finding(w, "tap0", "bridge.vm-port");
	assert_non_null(v);
	evw_contains(v->claim, "bridge0");
	assert_string_equal(evw_ia(w, "tap0")->category, "vm");
	assert_null(evw_finding(w, "em1", "bridge.vm-port"));
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(guest_mac_and_queue),   cmocka_unit_test(container_eth0_is_not_a_card),
	    cmocka_unit_test(darwin_ports),          cmocka_unit_test(bsd_groups),
	    cmocka_unit_test(masters_and_lxc_veths), cmocka_unit_test(darwin_agents),
	    cmocka_unit_test(split_tunnel),          cmocka_unit_test(hardware_ports),
	    cmocka_unit_test(wifi_and_masked_ports), cmocka_unit_test(bridge_members_and_vm_ports),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
