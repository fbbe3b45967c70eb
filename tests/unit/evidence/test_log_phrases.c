/* The look at train10: `wg show` of several tunnels (p_wg.c) and a WireGuard device whose name
 * the knowledge files as one program's (rule_overlay.c); the phrases programs use for an
 * interface they made ("ap0 created.", "started at utun9", "device ham0 opened") with the
 * time stamps they print (echo.c, p_logmention.c), a module's label that is no program
 * ("tap:", "inbound/tun[0]:"), and sudo's Linux prompt as a sign of the system (paste.c);
 * ifconfig run into one line by a web page (unflatten.c), bold names (paste.c), and the
 * interfaces `scutil --dns` scopes resolvers to (p_scutil_dns.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

static const struct ifw_finding *creator(const struct evw *w, const char *iface)
{
	const struct ifw_iface_analysis *ia = evw_ia(w, iface);
	for (size_t i = 0; i < ia->findings.n; i++)
		if (ia->findings.v[i]->role == IFW_ROLE_CREATOR)
			return ia->findings.v[i];
	return NULL;
}

/* A k3s node's two flannel tunnels: both listed, each flanneld's overlay by its name. */
static void wg_show_several(void **state)
{
	(void)state;
	struct evw *w = evw_text("interface: flannel-wg\n"
	                         "  listening port: 51820\n"
	                         "\n"
	                         "peer: Pq1z0iXlzLSm8FYCvFwWDmHaQKG1dCnW8ymJpXrZ+0c=\n"
	                         "  endpoint: 192.0.2.148:51820\n"
	                         "  allowed ips: 10.42.1.0/24\n"
	                         "\n"
	                         "interface: flannel-wg-v6\n"
	                         "  listening port: 51821\n",
	                         "wg.txt");
	evw_analyze(w);
	assert_string_equal(evw_ia(w, "flannel-wg")->category, "overlay");
	assert_string_equal(evw_ia(w, "flannel-wg-v6")->category, "overlay");
	evw_contains(evw_verdict(w, "flannel-wg")->claim, "flanneld");
	evw_free(w);
}

/* create_ap's output under its prompt: ap0 is its creation; sudo's "[sudo] password for"
 * makes the system Linux, so macOS's ap0 (its soft access point) is not read into it. */
static void create_ap_log(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("```\n"
	             "mario@box:~$ sudo create_ap -n wlx54e6fc990ab6 -g 192.168.0.100 AP password\n"
	             "[sudo] password for mario: \n"
	             "Creating a virtual WiFi interface... ap0 created.\n"
	             "Using interface ap0 with hwaddr 54:e6:fc:99:0a:b7 and ssid \"AP\"\n"
	             "```\n",
	             "create_ap.txt");
	evw_analyze(w);
	assert_string_equal(w->m.os, "linux");
	const struct ifw_finding *f = creator(w, "ap0");
	assert_non_null(f);
	evw_contains(f->claim, "create_ap");
	assert_string_not_equal(evw_ia(w, "ap0")->category, "apple-p2p");
	evw_free(w);
}

/* A module's label is no program: Hamachi's "tap:", sing-box's "inbound/tun[0]:". */
static void module_labels(void **state)
{
	(void)state;
	struct evw *w = evw_text("03.10 13:03:35.231 tap: device ham0 opened\n"
	                         "INFO[0000] inbound/tun[0]: started at utun9\n",
	                         "labels.txt");
	evw_analyze(w);
	for (int i = 0; i < 2; i++) {
		const char *name = i ? "utun9" : "ham0";
		const struct ifw_finding *f = creator(w, name);
		if (f) {
			assert_null(strstr(f->claim, "by tap"));
			assert_null(strstr(f->claim, "by tun"));
		}
	}
	/* both read as made by a program (the log's), not only as present */
	assert_non_null(evw_finding(w, "utun9", "log.created-unnamed"));
	evw_free(w);
}

/* A page's copy of `ifconfig -a`: one line, its brackets squared. */
static void ifconfig_on_one_line(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "# ifconfig -a .... virbr0: flags=4099[UP,BROADCAST,MULTICAST] mtu 1500 inet "
	    "192.168.122.1 netmask 255.255.255.0 broadcast 192.168.122.255 ether 52:54:00:d5:f2:0c "
	    "txqueuelen 1000 (Ethernet) RX packets 0 bytes 0 (0.0 B) virbr0-nic: "
	    "flags=4098[BROADCAST,MULTICAST] mtu 1500 ether 52:54:00:d5:f2:0c txqueuelen 1000 "
	    "(Ethernet)\n",
	    "flat.txt");
	evw_analyze(w);
	assert_true(evw_has_addr(w, "virbr0", "192.168.122.1", 24));
	const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, "virbr0")];
	assert_true(f->flags & 0x1); /* UP, from the squared brackets */
	assert_int_equal(f->mac[5], 0x0c);
	assert_int_equal(w->m.ifaces.v[evw_iface(w, "virbr0-nic")].mtu, 1500);
	evw_free(w);
	/* a sentence that mentions flags= once is left alone */
	w = evw_text("tun0: flags=8051<UP,POINTOPOINT,RUNNING,MULTICAST> mtu 1500\n"
	             "the line eth9: flags=4163<UP> shows inet only\n",
	             "prose.txt");
	evw_analyze(w);
	/* eth9 is at most a name the sentence gives: no flags were read from it */
	assert_true(!evw_has_iface(w, "eth9") || (w->m.ifaces.v[evw_iface(w, "eth9")].only_named &&
	                                          !w->m.ifaces.v[evw_iface(w, "eth9")].flags));
	evw_free(w);
}

/* "**br-a7c4259c4b4c:** flags=...": Markdown's bold around a pasted name. */
static void bold_names(void **state)
{
	(void)state;
	struct evw *w = evw_text("**br-a7c4259c4b4c:** flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  "
	                         "mtu 1500\n"
	                         "        inet 172.21.0.1  netmask 255.255.0.0  broadcast "
	                         "172.21.255.255\n",
	                         "bold.txt");
	evw_analyze(w);
	assert_true(evw_has_addr(w, "br-a7c4259c4b4c", "172.21.0.1", 16));
	evw_free(w);
}

/* configd scopes a resolver to an interface: it exists, with that index. */
static void dns_scoped_interface(void **state)
{
	(void)state;
	struct evw *w = evw_text("DNS configuration\n"
	                         "\n"
	                         "resolver #1\n"
	                         "  nameserver[0] : 10.83.200.1\n"
	                         "  if_index : 13 (utun2)\n"
	                         "  flags    : Supplemental, Request A records\n",
	                         "dns.txt");
	evw_analyze(w);
	const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, "utun2")];
	assert_int_equal(f->ifindex, 13);
	assert_true(f->dns_has_server);
	assert_string_equal(evw_ia(w, "utun2")->category, "vpn");
	evw_free(w);
}

/* OpenWrt's syslog: OpenVPN 2.5+ sets its device's address over netlink in its own words;
 * netifd's "Interface 'omrvpn'" is a logical network and "net_addr_v4_add:" a function, neither
 * an interface; "eth4.132" is a VLAN (its dot before Ethernet's name), "ifb4eth0.2" SQM's. */
static void openwrt_syslog(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "Tue Apr  1 21:29:19 2025 daemon.notice netifd: Interface 'omrvpn' has link "
	    "connectivity\n"
	    "Tue Apr  1 21:29:19 2025 daemon.notice openvpn(omr)[30189]: net_addr_v4_add: "
	    "10.255.252.2/24 dev tun0\n"
	    "Tue Apr  1 21:29:21 2025 user.notice post-tracking-003-up: Master up : Replace "
	    "default "
	    "route by 31.220.32.1 dev eth4.132\n"
	    "Fri May 12 10:00:00 2017 user.notice SQM: /usr/sbin/tc qdisc del dev ifb4eth0.2 root"
	    "\n",
	    "logread.txt");
	evw_analyze(w);
	assert_false(evw_has_iface(w, "omrvpn"));
	assert_false(evw_has_iface(w, "net_addr_v4_add"));
	const struct ifw_finding *f = creator(w, "tun0");
	assert_non_null(f);
	evw_contains(f->claim, "openvpn");
	evw_contains(evw_verdict(w, "eth4.132")->claim, "VLAN");
	evw_contains(evw_verdict(w, "ifb4eth0.2")->claim, "sqm-scripts");
	evw_free(w);
}

/* macOS's ppp.log: pppd's own file, its stamp then " : ": the unit it uses is its, and the
 * L2TP port mapping names the underlay; a foreign tag saying the same words is no pppd's. */
static void pppd_log_file(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    " Wed Mar 12 15:49:05 2025 : L2TP set port-mapping for en0, interface: 14, protocol: "
	    "0, privatePort: 0\n"
	    " Wed Mar 12 15:49:05 2025 : Using interface ppp0\n"
	    "Dec  7 02:00:00 host evil[9]: Using interface ppp9\n",
	    "ppp.log");
	evw_analyze(w);
	const struct ifw_finding *f = creator(w, "ppp0");
	assert_non_null(f);
	evw_contains(f->claim, "pppd");
	assert_int_not_equal(evw_iface(w, "en0"), IFW_NOID);
	assert_false(evw_has_iface(w, "ppp9"));
	evw_free(w);
}

/* A libvirt domain's XML: the bridge its card joins and the device made for it; the BSDs' CARP
 * names its interface as vhid@name; a program's TunInfo(tunName: ...) under "Setup TUN". */
static void domain_xml_carp_tuninfo(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("    <interface type='bridge'>\n"
	             "      <mac address='52:54:00:5c:6b:2a'/>\n"
	             "      <source bridge='virbr0'/>\n"
	             "      <target dev='vnet3'/>\n"
	             "      <model type='virtio'/>\n"
	             "    </interface>\n"
	             "\n"
	             "Nov  9 18:18:32 OPNsense kernel: carp: 250@lagg0_vlan210: BACKUP -> "
	             "MASTER (master timed out)\n"
	             "2022/06/11 01:10:20.980  [info] Setup TUN: get tuninfo "
	             "TunInfo(tunName: \"utun3\", ip: \"198.18.0.1\")\n",
	             "mixed.txt");
	evw_analyze(w);
	const struct ifw_iface *b = &w->m.ifaces.v[evw_iface(w, "virbr0")];
	assert_non_null(b->kind);
	assert_string_equal(b->kind, "bridge");
	const struct ifw_iface *t = &w->m.ifaces.v[evw_iface(w, "vnet3")];
	assert_int_equal(t->master, evw_iface(w, "virbr0"));
	const struct ifw_finding *f = creator(w, "vnet3");
	assert_non_null(f);
	evw_contains(f->claim, "libvirtd");
	assert_int_not_equal(evw_iface(w, "lagg0_vlan210"), IFW_NOID);
	assert_non_null(evw_finding(w, "utun3", "log.created-unnamed"));
	evw_free(w);
}

/* Other tools' tables of interfaces: VyOS's `show int` (a VRRP MAC, a dummy) and an agent's
 * header-less inventory; prose after a table names no interface. */
static void interface_tables(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "Interface    IP Address         MAC                VRF        MTU  S/L    "
	    "Description\n"
	    "-----------  -----------------  -----------------  ---------  -----  -----  -----\n"
	    "dum0         203.0.113.1/32     96:44:ad:c5:a1:a5  default     1500  u/u\n"
	    "eth1v10v4    10.10.10.10/24     00:00:5e:00:01:0a  foo         1500  u/u\n"
	    "\n"
	    "```\n"
	    "  gif0    down   mtu 1280    (none)\n"
	    "  utun2   up     mtu 2000    (none)\n"
	    "```\n"
	    "Everything else about those six documents is populated.\n",
	    "tables.txt");
	evw_analyze(w);
	assert_true(evw_has_addr(w, "dum0", "203.0.113.1", 32));
	assert_int_equal(w->m.ifaces.v[evw_iface(w, "eth1v10v4")].mtu, 1500);
	assert_non_null(evw_finding(w, "eth1v10v4", "attr.vrrp-mac"));
	assert_string_equal(evw_ia(w, "eth1v10v4")->category, "router");
	assert_null(evw_finding(w, "eth1v10v4", "physical.vendor-mac"));
	assert_int_equal(w->m.ifaces.v[evw_iface(w, "utun2")].mtu, 2000);
	assert_false(evw_has_iface(w, "Everything"));
	evw_free(w);
}

/* FRR's table: each route's interface and the protocol that made it; babeld's neighbours. */
static void frr_routes(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("Codes: K - kernel route, C - connected, S - static, R - RIP,\n"
	             "       O - OSPF, I - IS-IS, B - BGP, E - EIGRP, N - NHRP,\n"
	             "       > - selected route, * - FIB route, q - queued route, r - rejected\n"
	             "\n"
	             "K>* 0.0.0.0/0 [0/0] via 172.31.1.1, eth0, 00:07:13\n"
	             "C>* 10.0.1.0/24 is directly connected, t1-br, 00:07:13\n"
	             "A>* 10.0.2.0/24 [100/0] unreachable (ICMP unreachable), 00:03:00\n"
	             "A>* 10.0.3.0/24 [100/0] via 172.20.10.2, vwg-meshvpn, weight 1, 00:03:00\n"
	             "Neighbour fe80::e4ef:f9ff:fe13:1a1a dev wg-meshvpn reach 0002 rxcost 65535\n",
	             "frr.txt");
	evw_analyze(w);
	ifw_id r = evw_route(w, "0.0.0.0", 0);
	assert_int_not_equal(r, IFW_NOID);
	assert_int_equal(w->m.routes.v[r].iface, evw_iface(w, "eth0"));
	r = evw_route(w, "10.0.3.0", 24);
	assert_int_not_equal(r, IFW_NOID);
	assert_int_equal(w->m.routes.v[r].protocol, 42); /* babel */
	assert_int_equal(w->m.routes.v[r].iface, evw_iface(w, "vwg-meshvpn"));
	assert_int_not_equal(evw_iface(w, "t1-br"), IFW_NOID);
	assert_int_not_equal(evw_iface(w, "wg-meshvpn"), IFW_NOID);
	assert_string_equal(evw_ia(w, "vwg-meshvpn")->category, "overlay");
	evw_free(w);
}

/* wifibox's log: "Creating bridge interface: X" is a creation and says the kind; a bridge only
 * a log names is not "unused": its ports are not in the evidence. */
static void creating_bridge_interface(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "2023-03-25T18:07:39+0200 INFO  Creating bridge interface: wifibox0\n", "wifibox.log");
	evw_analyze(w);
	const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, "wifibox0")];
	assert_non_null(f->kind);
	assert_string_equal(f->kind, "bridge");
	assert_null(evw_finding(w, "wifibox0", "bridge.empty"));
	assert_non_null(evw_finding(w, "wifibox0", "bridge.unlisted"));
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(wg_show_several),
	    cmocka_unit_test(create_ap_log),
	    cmocka_unit_test(module_labels),
	    cmocka_unit_test(ifconfig_on_one_line),
	    cmocka_unit_test(bold_names),
	    cmocka_unit_test(dns_scoped_interface),
	    cmocka_unit_test(openwrt_syslog),
	    cmocka_unit_test(pppd_log_file),
	    cmocka_unit_test(domain_xml_carp_tuninfo),
	    cmocka_unit_test(interface_tables),
	    cmocka_unit_test(frr_routes),
	    cmocka_unit_test(creating_bridge_interface),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
