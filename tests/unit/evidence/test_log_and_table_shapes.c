/* Logs and small tables people paste (the look at real/holdout3): OpenWrt's logread with
 * OpenVPN's instance tag (p_vpnlog.c), the BSD kernel's and Linux's "the link exists" lines
 * (p_kernlog.c), tuntaposx's "open (pid N)" (p_ifconfig.c) and how a saved holder is shown
 * (report/facts.c), a developer's labelled name/address pairs (p_ifaddrs.c), neighbour tables
 * (p_arp.c), a Gentoo-style prompt (paste.c), bhyve's comma-separated slot list on a command
 * line (infer/index.c), the system told by interface names (infer/os_names.c) and a guest on a
 * hypervisor's default network (infer/rule_addrplan.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

static const struct ifw_iface *iface(const struct evw *w, const char *name)
{
	return &w->m.ifaces.v[evw_iface(w, name)];
}

static void openwrt_logread_openvpn(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("Wed May 14 02:59:46 2025 daemon.notice openvpn(omr)[17093]: "
	             "TUN/TAP device tun0 opened\n"
	             "Wed May 14 02:59:46 2025 daemon.notice evil(x)[1]: TUN/TAP device "
	             "tun9 opened\n",
	             "logread.txt");
	evw_analyze(w);
	assert_int_equal(w->m.logcreates.n, 1); /* another tag's words are not OpenVPN's */
	assert_string_equal(w->m.logcreates.v[0].ifname, "tun0");
	assert_int_equal(w->m.logcreates.v[0].pid, 17093);
	assert_string_equal(w->m.os, "linux"); /* tun0 is a name Linux's knowledge knows first */
	assert_string_equal(evw_ia(w, "tun0")->category, "vpn");
	evw_free(w);
}

static void kernel_link_lines(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("Sep 15 01:01:43 kernel: [2682061] tap_1: link state changed to UP\n"
	             "Sep 15 01:01:43 host nobody: tap_9: link state changed to UP\n"
	             "[    5.1] IPv6: ADDRCONF(NETDEV_CHANGE): wlan0: link becomes ready\n",
	             "messages.txt");
	evw_analyze(w);
	evw_iface(w, "tap_1");
	evw_iface(w, "wlan0");
	assert_int_equal(w->m.ifaces.n, 2); /* a user's logger line is not the kernel's */
	/* SoftEther names its local bridge's tap tap_<name> */
	evw_contains(evw_verdict(w, "tap_1")->claim, "SoftEther");
	evw_free(w);
}

static void tuntaposx_holder(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("tap0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> mtu 1500\n"
	             "\tether fe:66:49:25:d0:8f\n"
	             "\tinet 10.120.0.133 netmask 0xffff0000 broadcast 10.120.255.255\n"
	             "\tmedia: autoselect\n"
	             "\tstatus: active\n"
	             "\topen (pid 6110)\n",
	             "ifconfig.txt");
	evw_analyze(w);
	const struct ifw_iface_analysis *ia = evw_ia(w, "tap0");
	assert_int_equal(ia->holders.n, 1);
	assert_int_equal(w->m.procs.v[ia->holders.v[0].proc].pid, 6110);
	assert_string_equal(iface(w, "tap0")->kind, "tun");
	const struct ifw_finding *h = evw_finding(w, "tap0", "tun.holder");
	assert_non_null(h);
	assert_null(strstr(h->claim, "/dev/net/tun")); /* macOS has no such file */
	assert_null(strstr(ia->holders.v[0].how, "fd -1"));
	evw_free(w);
}

static void labelled_pairs(void **state)
{
	(void)state;
	struct evw *w = evw_text("Interface: en0 - Address: 02:00:00:00:00:00\n"
	                         "Interface: en2 - Address: fe80::10fc:cc47:1033:5635%en2\n"
	                         "Interface: en2 - Address: 192.0.2.4\n"
	                         "The interface en1 has address 192.0.2.9 today\n"
	                         "server1 198.51.100.5\n",
	                         "list.txt");
	evw_analyze(w);
	assert_true(evw_has_addr(w, "en2", "192.0.2.4", 32));
	assert_true(evw_has_addr(w, "en2", "fe80::10fc:cc47:1033:5635", 128));
	assert_int_equal(iface(w, "en0")->mac[0], 0x02);
	/* prose, and a name and an address with no label, give no addresses; the sentence's en1
	 * is known by its name only */
	assert_false(evw_has_iface(w, "server1"));
	assert_true(iface(w, "en1")->only_named);
	assert_int_equal(iface(w, "en1")->addrs.n, 0);
	evw_free(w);
}

static void neighbour_tables(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "clear@clr-01 ~/clr-k8s-examples $ arp -n\n"
	    "Address                  HWtype  HWaddress           Flags Mask            Iface\n"
	    "10.244.0.2               ether   8e:73:1a:6c:95:9c   C                     "
	    "calif6f4d1a48a5\n"
	    "192.0.2.1                ether   52:54:00:a2:0a:31   C                     enp0s8\n"
	    "192.0.2.7                        (incomplete)                              enp0s8\n"
	    "$ ip neigh\n"
	    "198.51.100.1 dev wlan0 lladdr 00:11:22:33:44:55 REACHABLE\n"
	    "$ arp -a\n"
	    "? (203.0.113.1) at 0:11:22:33:44:55 on en0 ifscope [ethernet]\n",
	    "neigh.txt");
	evw_analyze(w);
	assert_int_equal(w->m.typed.n, 3); /* "user@host ~/dir $ cmd" is a prompt */
	evw_iface(w, "calif6f4d1a48a5");
	evw_iface(w, "enp0s8");
	evw_iface(w, "wlan0");
	evw_iface(w, "en0");
	assert_int_equal(w->m.ifaces.n, 4);
	assert_int_equal(w->m.skipped_lines, 0);
	assert_string_equal(evw_ia(w, "calif6f4d1a48a5")->category, "container");
	evw_free(w);
}

static void bhyve_slot_list(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("$ ps axww\n"
	             "  PID TT  STAT    TIME COMMAND\n"
	             " 4243  -  S    0:00.01 bhyve -c 4 -m 4G -s 0,hostbridge -s "
	             "5:0,virtio-net,tap13,mac=58:9c:fc:03:44:06 -s 31,lpc vm1\n"
	             "$ ifconfig tap13\n"
	             "tap13: flags=8943<UP,BROADCAST,RUNNING,PROMISC,SIMPLEX,MULTICAST> "
	             "metric 0 mtu 1500\n"
	             "\tether 58:9c:fc:10:ff:a1\n"
	             "\tgroups: tap\n",
	             "bhyve.txt");
	evw_analyze(w);
	/* the tap is named inside bhyve's comma-separated slot: bhyve uses it */
	const struct ifw_finding *v = evw_verdict(w, "tap13");
	assert_non_null(v);
	evw_contains(v->claim, "bhyve");
	assert_string_equal(evw_ia(w, "tap13")->category, "vm");
	evw_free(w);
}

static void vm_bhyve_log(void **state)
{
	(void)state;
	struct evw *w = evw_text("груд. 02 21:36:02:  [primary disk dev: file]\n"
	                         "груд. 02 21:36:02: initialising network device tap13\n"
	                         "груд. 02 21:36:02: booting\n",
	                         "vm-bhyve.log");
	evw_analyze(w);
	assert_string_equal(iface(w, "tap13")->vm_manager, "vm-bhyve");
	const struct ifw_finding *v = evw_finding(w, "tap13", "bridge.vm-named");
	assert_non_null(v);
	evw_contains(v->claim, "a virtual machine, as vm-bhyve says");
	assert_string_equal(evw_ia(w, "tap13")->category, "vm");
	evw_free(w);
	/* the same line naming a point-to-point tun (a hostile paste's): no guest has one for a
	 * card; it made the tun "the network card of a virtual machine", likely */
	w = evw_text("tun1: flags=8051<UP,POINTOPOINT,RUNNING,MULTICAST> metric 0 mtu 1500\n"
	             "\tgroups: tun\n"
	             "\tinet 203.0.113.2 --> 203.0.113.1 netmask 0xffffff00\n"
	             "Dec 02 21:36:02: initialising network device tun1\n",
	             "post.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "tun1", "bridge.vm-named"));
	v = evw_verdict(w, "tun1");
	assert_true(!v || !strstr(v->claim, "virtual machine"));
	evw_free(w);
}

static void any_log_naming_an_interface(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "2023-10-18T16:19:04\tNotice\topenvpn_client1\t ROUTE_GATEWAY 192.0.2.1/255.255.255.0 "
	    "IFACE=igc0 HWADDR=XXXXXXXXXXX\n"
	    "Jun 16 10:00:00 host NetworkManager[612]: <info> device (p2p-wlan0-0): state change\n"
	    "Wed May 14 02:59:46 2025 daemon.notice netifd: Network device 'br-lan' link is up\n"
	    "Nov 13 18:14:47 gunny8 vmnetBridge: RTM_NEWLINK: name:usb0 index:508 flags:0x1002\n"
	    "[ 12.5] some driver: interface (null) gone, device sda1 checked\n"
	    "The interface eth7 is mentioned in prose, without a time stamp\n"
	    "2023-10-18T16:19:05 user note: my device is 2.0 and the interface is up\n",
	    "logs.txt");
	evw_analyze(w);
	evw_iface(w, "igc0");
	evw_iface(w, "p2p-wlan0-0");
	evw_iface(w, "br-lan");
	evw_iface(w, "usb0");
	/* no "(null)", no version, and "device sda1" is a disk's; the sentence's eth7 is known
	 * by its name only (a person wrote of it), with nothing read of it */
	assert_false(evw_has_iface(w, "sda1"));
	assert_false(evw_has_iface(w, "(null)"));
	assert_false(evw_has_iface(w, "2.0"));
	assert_true(iface(w, "eth7")->only_named);
	assert_int_equal(w->m.ifaces.n, 5);
	evw_free(w);
	/* an ip command a program echoes in its log: its "dev" takes any name */
	w = evw_text("2020/05/10 16:07:47 [nordlynx] ip -4 address add 10.5.0.2/16 dev nordlynx\n"
	             "2020/05/10 16:07:47 the dev team is here\n",
	             "nordvpn.log");
	evw_iface(w, "nordlynx");
	assert_int_equal(w->m.ifaces.n, 1);
	evw_free(w);
	/* inside a code fence a program's lines need no time stamp; outside, prose is not read */
	w = evw_text("We see this on interface eth7 sometimes:\n"
	             "```\n"
	             "attempting to do captive portal detection on interface ipsec1\n"
	             "```\n"
	             "and then interface wlan9 goes away\n",
	             "post.txt");
	evw_iface(w, "ipsec1");
	assert_int_equal(w->m.ifaces.n, 1);
	evw_free(w);
}

static void configd_network_changes(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("Nov 21 09:32:33 illin configd[26]: network changed: "
	             "v4(en6:192.168.42.89) v6(utun0+:fe80::5b37:924c:5a8c:49bd) DNS* Proxy "
	             "SMB\n"
	             "Jul 11 17:38:39 iPhone-4 configd[30] <Notice>: network changed: "
	             "v4(utun1+:198.51.100.7, en0) v6(utun2-:fe80::1) DNS! Proxy!\n",
	             "configd.txt");
	evw_analyze(w);
	assert_true(evw_has_addr(w, "en6", "192.168.42.89", 32));
	assert_true(evw_has_addr(w, "utun0", "fe80::5b37:924c:5a8c:49bd", 128));
	assert_true(evw_has_addr(w, "utun1", "198.51.100.7", 32));
	assert_int_equal(iface(w, "en0")->addrs.n, 0);
	assert_int_equal(iface(w, "utun2")->addrs.n, 0); /* removed: the address is gone */
	assert_string_equal(w->m.os, "darwin");
	/* Android's USB tethering network: this Mac is tethered to a phone */
	assert_string_equal(evw_ia(w, "en6")->category, "cellular");
	evw_free(w);
}

static void usb_driver_and_not_ready(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("Nov 13 18:14:47 gunny8 kernel: [4611465.594604] rndis_host 1-2.2:1.0 "
	             "usb0: register 'rndis_host' at usb-0000:00:14.0-2.2, RNDIS device\n"
	             "[ 2298.736288] IPv6: ADDRCONF(NETDEV_UP): p2p0: link is not ready\n",
	             "kern.txt");
	evw_analyze(w);
	assert_string_equal(iface(w, "usb0")->driver, "rndis_host");
	assert_string_equal(iface(w, "usb0")->bus, "usb");
	assert_string_equal(iface(w, "usb0")->bus_info, "1-2.2:1.0");
	evw_iface(w, "p2p0");
	evw_free(w);
}

static void html_table_rows(void **state)
{
	(void)state;
	struct evw *w = evw_text("Internet6:\n"
	                         "<table>\n"
	                         "<tr>\n"
	                         "<td>Destination</td>        <td>Gateway</td>            "
	                         "<td>Flags</td>           <td>Netif</td> <td>Expire</td>\n"
	                         "</tr>\n"
	                         "<tr>\n"
	                         "<td>default</td>            <td>fe80::%utun0</td>       "
	                         "<td>UGcIg</td>           <td>utun0</td><td></td>\n"
	                         "</tr>\n"
	                         "</table>\n",
	                         "page.txt");
	evw_analyze(w);
	evw_iface(w, "utun0");
	assert_int_equal(w->m.routes.n, 1);
	assert_int_equal(w->m.skipped_lines, 0);
	evw_free(w);
}

static void unified_log_mentions_and_nc_status(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "Timestamp                       Thread     Type        Activity             PID\n"
	    "2017-05-10 17:17:22.952809+0300 0x1b692    Info        0x0                  8539   "
	    "nesessionmanager: (NetworkExtension) [com.apple.networkextension.] Secondary "
	    "Interface "
	    "utun1: flags changed\n"
	    "\n"
	    "$ scutil --nc status myVPN\n"
	    "Connected\n"
	    "Extended Status <dictionary> {\n"
	    "  IPv4 : <dictionary> {\n"
	    "    Addresses : <array> {\n"
	    "      0 : 10.163.......\n"
	    "    }\n"
	    "    InterfaceName : ppp0\n"
	    "    ServerAddress : 188.172......\n"
	    "  }\n"
	    "}\n",
	    "mac.txt");
	evw_analyze(w);
	evw_iface(w, "utun1");
	assert_true(iface(w, "ppp0")->vpn_service);
	assert_false(iface(w, "ppp0")->has_vpn_server); /* masked in the paste */
	assert_non_null(evw_finding(w, "ppp0", "nwi.vpn-server"));
	assert_string_equal(evw_ia(w, "ppp0")->category, "vpn");
	evw_free(w);
	/* a card named as the connection's interface (a hostile paste's, or IPsec over the
	 * card) carries the VPN: it was made "a VPN service's tunnel", likely */
	w = evw_text("en0: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500\n"
	             "\tether 3c:22:fb:00:00:01\n"
	             "\tinet 192.0.2.10 netmask 0xffffff00 broadcast 192.0.2.255\n"
	             "\n"
	             "Extended Status <dictionary> {\n"
	             "  IPv4 : <dictionary> {\n"
	             "    InterfaceName : en0\n"
	             "    ServerAddress : 198.51.100.1\n"
	             "  }\n"
	             "}\n",
	             "mac.txt");
	evw_analyze(w);
	assert_true(iface(w, "en0")->vpn_service);
	assert_null(evw_finding(w, "en0", "nwi.vpn-server"));
	evw_free(w);
}

static void markdown_marks_and_newer_openvpn(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "[root@k8s-worker-01 ~]# ip -6 r\n"
	    "**fc00::24fe:200:8fa7:f4c7:af07 dev caliad11071a3dc metric 1024 pref medium\n"
	    "fc00::24fe:200:8fa7:f4c7:af08 dev cali8d7fe0525c2 metric 1024 pref medium**\n"
	    "`2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq master qemu0 state UP\n"
	    "    link/ether dc:a6:32:ae:a1:3c brd ff:ff:ff:ff:ff:ff`\n"
	    "2026-05-13 10:07:10 tun/tap device [tap0] opened\n"
	    "2023-10-18T16:19:04\tNotice\topenvpn_client1\t TUN/TAP device ovpnc1 exists "
	    "previously, keep at program end\n",
	    "post.txt");
	evw_analyze(w);
	evw_iface(w, "caliad11071a3dc");
	evw_iface(w, "cali8d7fe0525c2");
	assert_int_equal(iface(w, "eth0")->mac[0], 0xdc);
	assert_int_equal(w->m.logcreates.n, 2);
	evw_contains(evw_verdict(w, "tap0")->claim, "openvpn");
	evw_contains(evw_verdict(w, "ovpnc1")->claim, "openvpn");
	evw_free(w);
	/* BSD's way to make an interface by hand */
	w = evw_text("root@host# ifconfig tun0 create\n"
	             "root@host# ifconfig tun0\n"
	             "tun0: flags=8010<POINTOPOINT,MULTICAST> metric 0 mtu 1500\n"
	             "\tgroups: tun\n",
	             "bsd.txt");
	evw_analyze(w);
	assert_non_null(evw_finding(w, "tun0", "typed.made"));
	evw_free(w);
	/* the loopback exists before any command: "made by hand" beside "made by the kernel"; a
	 * log line naming it as OpenVPN's device put "created by openvpn" there too */
	w = evw_text("root@host# ifconfig lo0 create\n"
	             "root@host# ifconfig lo0\n"
	             "lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> metric 0 mtu 16384\n"
	             "\tinet 127.0.0.1 netmask 0xff000000\n"
	             "2026-05-13 10:07:10 TUN/TAP device lo0 exists previously, keep at program "
	             "end\n",
	             "bsd.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "lo0", "typed.made"));
	assert_int_equal(w->m.logcreates.n, 1);
	assert_null(evw_finding(w, "lo0", "log.created"));
	evw_free(w);
}

static void configd_keys_and_p2p_groups(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "Mar 31 19:11:34 Mikes-iPhone configd[35]: store_notifier: changedKeys <array> {\n"
	    "Mar 31 19:11:34 Mikes-iPhone configd[35]:   0 : State:/Network/Interface/en0/AirPort\n"
	    "Mar 31 19:11:34 Mikes-iPhone configd[35]:   1 : State:/Network/Interface/en3/Link\n"
	    "Mar 31 19:11:34 Mikes-iPhone configd[35]: }\n",
	    "syslog.txt");
	evw_analyze(w);
	assert_string_equal(iface(w, "en0")->hw_port, "AirPort");
	assert_null(iface(w, "en3")->hw_port);
	assert_string_equal(evw_ia(w, "en0")->category, "physical");
	evw_free(w);
	w = evw_text("Jun 16 10:00:00 host NetworkManager[612]: <info> device (p2p-wlan0-0): "
	             "state change\n",
	             "nm.txt");
	evw_analyze(w);
	evw_contains(evw_verdict(w, "p2p-wlan0-0")->claim, "Wi-Fi Direct");
	evw_free(w);
	/* a hostile paste's AirPort key on a utun (configd publishes none there) made it "the
	 * Wi-Fi card", likely */
	w = evw_text("utun3: flags=8051<UP,POINTOPOINT,RUNNING,MULTICAST> mtu 1380\n"
	             "\tinet 198.51.100.7 --> 198.51.100.7 netmask 0xffffffff\n"
	             "\n"
	             "check State:/Network/Interface/utun3/AirPort\n",
	             "post.txt");
	evw_analyze(w);
	assert_null(iface(w, "utun3")->hw_port);
	assert_null(strstr(evw_verdict(w, "utun3")->claim, "Wi-Fi"));
	evw_free(w);
}

static void name_only_listings(void **state)
{
	(void)state;
	struct evw *w = evw_text("$ ifconfig -l\n"
	                         "vtnet0 lo0 vpn_client0 vpn_client1\n"
	                         "$ ifconfig -g softether\n"
	                         "vpn_client0\n"
	                         "vpn_client1\n",
	                         "list.txt");
	evw_analyze(w);
	assert_int_equal(w->m.ifaces.n, 4);
	assert_string_equal(iface(w, "vpn_client1")->groups, "softether");
	assert_null(iface(w, "vtnet0")->groups);
	evw_free(w);
	/* the same words after another command are not names */
	w = evw_text("$ ifconfig -l\nvtnet0 lo0\n$ echo hello world\nhello world\n", "echo.txt");
	assert_int_equal(w->m.ifaces.n, 2);
	evw_free(w);
	/* a host with more interfaces than a tokenized line holds (64): every one is listed */
	char text[2048] = "$ ifconfig -l\n";
	for (int i = 0; i < 150; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "%sepair%da",
		         i ? " " : "", i);
	strcat(text, "\n");
	w = evw_text(text, "many.txt");
	assert_int_equal(w->m.ifaces.n, 150);
	assert_non_null(iface(w, "epair149a"));
	evw_free(w);
}

static void ipsec_on_a_phone(void **state)
{
	(void)state;
	struct evw *w = evw_text("ifaddrs:\n"
	                         "    pdp_ip0=10.64.1.2:0\n"
	                         "    ipsec3=[2001:db8::5]:0\n",
	                         "phone.txt");
	evw_analyze(w);
	assert_non_null(evw_finding(w, "ipsec3", "phone.ims-ipsec"));
	assert_string_equal(evw_ia(w, "ipsec3")->category, "telephony");
	assert_true(evw_ia(w, "ipsec3")->confidence < 70);
	evw_free(w);
	/* a Mac's ipsec0 with no cellular context: nothing said of a phone */
	w = evw_text("ipsec0: flags=8051<UP,POINTOPOINT,RUNNING,MULTICAST> mtu 1400\n"
	             "\tinet6 fe80::1%ipsec0 prefixlen 64 scopeid 0x10\n",
	             "mac.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "ipsec0", "phone.ims-ipsec"));
	evw_free(w);
}

static void system_from_names(void **state)
{
	(void)state;
	/* BSD-style netstat -rn reads the same on macOS and FreeBSD: vtnet0 is FreeBSD's name */
	const char *table = "Internet:\n"
	                    "Destination        Gateway            Flags     Netif Expire\n"
	                    "default            192.168.122.1      UGS      vtnet0\n"
	                    "127.0.0.1          link#2             UH          lo0\n"
	                    "192.168.122.0/24   link#1             U        vtnet0\n";
	struct evw *w = evw_text(table, "netstat.txt");
	evw_analyze(w);
	assert_true(w->m.os_guessed);
	assert_string_equal(w->m.os, "freebsd");
	assert_string_equal(evw_ia(w, "vtnet0")->category, "physical");
	/* a guest on libvirt's default network: its card, not the network's host side */
	const struct ifw_finding *g = evw_finding(w, "vtnet0", "addrplan.guest");
	assert_non_null(g);
	evw_contains(g->claim, "192.168.122.1");
	assert_null(evw_finding(w, "vtnet0", "addrplan.medium"));
	evw_free(w);
	/* the same table from macOS's en0: the guess stays */
	w = evw_text("Internet:\n"
	             "Destination        Gateway            Flags     Netif Expire\n"
	             "default            192.0.2.1          UGScg       en0\n",
	             "mac.txt");
	evw_analyze(w);
	assert_string_equal(w->m.os, "darwin");
	evw_free(w);
}

/* netstat -i of FreeBSD (Idrop) and macOS (down marked "*", network in whole octets) */
static void netstat_i_bsd(void **state)
{
	(void)state;
	struct evw *w = evw_text("Name    Mtu Network       Address              Ipkts Ierrs Idrop "
	                         "   Opkts Oerrs  Coll\n"
	                         "lagg0  1500 <Link#19>     a8:5e:45:3d:ed:34        0     0     0 "
	                         "       0     **5**     "
	                         "0\n"
	                         "lagg0     - fe80::%lagg0/ fe80::aa5e:45ff:f        0     -     - "
	                         "       **2**     -     -\n"
	                         "vtnet1 1500 192.0.2.0/24  192.0.2.7              10     -     -  "
	                         "      4     -     -\n",
	                         "netstat-i.txt");
	evw_analyze(w);
	const struct ifw_iface *f = iface(w, "lagg0");
	assert_int_equal(f->ifindex, 19);
	assert_int_equal(f->mac_len, 6);
	assert_int_equal(f->mtu, 1500);
	assert_true(evw_has_addr(w, "vtnet1", "192.0.2.7", 24));
	assert_string_equal(w->m.os, "freebsd");
	evw_free(w);
	w = evw_text(
	    "Name       Mtu   Network       Address            Ipkts Ierrs    Opkts Oerrs  Coll\n"
	    "lo0        16384 <Link#1>                         1234     0     1234     0     0\n"
	    "en1*       1500  <Link#5>    ac:bc:32:11:22:33        0     0        0     0     0\n"
	    "en0        1500  198.51.100  198.51.100.5        12345     -     9876     -     -\n"
	    "utun3      1380  <Link#15>                           9     0       12     0     0\n",
	    "netstat-in.txt");
	evw_analyze(w);
	assert_int_equal(iface(w, "en1")->ifindex, 5);
	assert_true(evw_has_addr(w, "en0", "198.51.100.5", 24));
	assert_int_equal(iface(w, "utun3")->mtu, 1380);
	evw_free(w);
}

/* A LAN numbered from a runtime's default range is not that runtime's network: the host's
 * default route leaves there, through a gateway that is not the range's own (10.88.0.1) */
static void lan_in_a_runtime_range(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "Kernel IP routing table\n"
	    "Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n"
	    "0.0.0.0         10.88.216.1     0.0.0.0         UG        0 0          0 eth0\n"
	    "10.88.216.0     0.0.0.0         255.255.252.0   U         0 0          0 eth0\n"
	    "10.88.0.0       0.0.0.0         255.255.0.0     U         0 0          0 podman0\n",
	    "netstat-rn.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "eth0", "addrplan.guest"));
	assert_null(evw_finding(w, "eth0", "addrplan.medium"));
	assert_non_null(evw_finding(w, "podman0", "addrplan.medium"));
	evw_free(w);
	/* macOS: a home LAN in Kubernetes' service range, host routes to its neighbours */
	w = evw_text("Routing tables\n\nInternet:\n"
	             "Destination        Gateway            Flags               Netif Expire\n"
	             "default            10.100.0.1         UGScIg                en1\n"
	             "10.100/24          link#8             UCSI                  en1      !\n"
	             "10.100.0.19        a8:86:dd:8c:c5:7e  UHLWI                 en1   1075\n",
	             "netstat-rn-mac.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "en1", "addrplan.medium"));
	evw_free(w);
}

/* macOS binds a split tunnel's networks to the utun itself (no next hop) */
static void networks_bound_to_a_utun(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("Routing tables\n\nInternet:\n"
	             "Destination        Gateway            Flags           Netif Expire\n"
	             "default            10.0.0.1           UGScg             en0\n"
	             "10/26              utun4              USc             utun4\n"
	             "10.0.1/24          utun4              USc             utun4\n"
	             "10.40.1/24         utun4              USc             utun4\n",
	             "netstat-rn.txt");
	evw_analyze(w);
	const struct ifw_finding *f = evw_finding(w, "utun4", "routes.split-tunnel");
	assert_non_null(f);
	evw_contains(f->claim, "3 route(s) to private networks are bound to it");
	evw_free(w);
	/* one route bound to it is no more than a tunnel's own network */
	w = evw_text("Routing tables\n\nInternet:\n"
	             "Destination        Gateway            Flags           Netif Expire\n"
	             "default            10.0.0.1           UGScg             en0\n"
	             "10.0.1/24          utun4              USc             utun4\n",
	             "netstat-rn.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "utun4", "routes.split-tunnel"));
	evw_free(w);
}

/* The hosts behind a virtual link, by their MACs: `bridge fdb`'s learnt entries, `ip neigh` */
static void hosts_behind_a_link(void **state)
{
	(void)state;
	struct evw *w = evw_text("b2:b3:c4:3d:89:c3 dev veth603752d vlan 0 permanent\n"
	                         "02:42:c0:a8:d0:02 dev veth603752d vlan 0\n"
	                         "33:33:00:00:00:01 dev veth603752d self permanent\n"
	                         "56:84:7a:fe:97:99 dev docker0 vlan 0 permanent\n"
	                         "02:42:ac:11:00:05 dev vethb1 master br-x\n",
	                         "fdb.txt");
	evw_analyze(w);
	const struct ifw_iface *v = iface(w, "veth603752d");
	assert_int_equal(v->n_neigh_mac, 1); /* the permanent and self entries are its own */
	const struct ifw_finding *f = evw_finding(w, "veth603752d", "neigh.behind");
	assert_non_null(f);
	assert_string_equal(f->category, "container");
	evw_iface(w, "br-x");
	evw_free(w);
	w = evw_text("192.0.2.10 dev vnet3 lladdr 52:54:00:aa:bb:01 REACHABLE\n"
	             "192.0.2.11 dev vnet3 lladdr 52:54:00:aa:bb:02 STALE\n"
	             "198.51.100.1 dev eth0 lladdr 52:54:00:12:34:56 REACHABLE\n",
	             "neigh.txt");
	evw_analyze(w);
	f = evw_finding(w, "vnet3", "neigh.behind");
	assert_non_null(f);
	assert_string_equal(f->category, "vm");
	evw_contains(f->claim, "2 of the 2 host(s)");
	/* a card's LAN (a guest's host behind it) says nothing of the card */
	assert_null(evw_finding(w, "eth0", "neigh.behind"));
	evw_free(w);
}

/* pf's info page names its log interface */
static void pf_info_log_interface(void **state)
{
	(void)state;
	struct evw *w = evw_text("```root@fw:~ # /sbin/pfctl -i vtnet0 -vvsinfo\n"
	                         "No ALTQ support in kernel\n"
	                         "Status: Enabled for 0 days 11:50:53           Debug: Urgent\n"
	                         "\n"
	                         "Interface Stats for vtnet4            IPv4             IPv6\n"
	                         "  Bytes In                          159716            41648\n"
	                         "  Packets In\n"
	                         "    Passed                            2750              577\n",
	                         "pfctl.txt");
	evw_analyze(w);
	evw_iface(w, "vtnet4");
	assert_int_equal(w->m.ifaces.n, 1);
	assert_string_equal(w->m.os, "freebsd");
	evw_free(w);
}

/* networksetup -listnetworkserviceorder: port and device on one line */
static void service_order(void **state)
{
	(void)state;
	struct evw *w = evw_text("(1) Wi-Fi\n"
	                         "(Hardware Port: Wi-Fi, Device: en0)\n"
	                         "\n"
	                         "(3) Tailscale\n"
	                         "(Hardware Port: com.tailscale.ipn.macos, Device: )\n"
	                         "\n"
	                         "(4) USB 10/100/1000 LAN\n"
	                         "(Hardware Port: USB 10/100/1000 LAN, Device: en7)\n",
	                         "order.txt");
	evw_analyze(w);
	assert_string_equal(iface(w, "en7")->hw_port, "USB 10/100/1000 LAN");
	assert_string_equal(iface(w, "en0")->hw_port, "Wi-Fi");
	assert_int_equal(w->m.ifaces.n, 2);
	assert_string_equal(w->m.os, "darwin");
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(openwrt_logread_openvpn),
	    cmocka_unit_test(kernel_link_lines),
	    cmocka_unit_test(tuntaposx_holder),
	    cmocka_unit_test(labelled_pairs),
	    cmocka_unit_test(neighbour_tables),
	    cmocka_unit_test(bhyve_slot_list),
	    cmocka_unit_test(vm_bhyve_log),
	    cmocka_unit_test(any_log_naming_an_interface),
	    cmocka_unit_test(configd_network_changes),
	    cmocka_unit_test(usb_driver_and_not_ready),
	    cmocka_unit_test(html_table_rows),
	    cmocka_unit_test(unified_log_mentions_and_nc_status),
	    cmocka_unit_test(markdown_marks_and_newer_openvpn),
	    cmocka_unit_test(configd_keys_and_p2p_groups),
	    cmocka_unit_test(name_only_listings),
	    cmocka_unit_test(ipsec_on_a_phone),
	    cmocka_unit_test(system_from_names),
	    cmocka_unit_test(netstat_i_bsd),
	    cmocka_unit_test(lan_in_a_runtime_range),
	    cmocka_unit_test(networks_bound_to_a_utun),
	    cmocka_unit_test(hosts_behind_a_link),
	    cmocka_unit_test(pf_info_log_interface),
	    cmocka_unit_test(service_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
