/* Log and capture lines as people paste them: RFC 5424 syslog (paste.c), a syslog line whose
 * time stamp was cut (p_logmention.c), a name in parentheses before what happened to it,
 * journal stamps in French and Chinese, tcpdump's "listening on" line (p_tcpdump.c), and a
 * route to a masked address inside an `ip route` listing (p_iproute.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

/* OPNsense's log file: the priority, the message id and the structured data go, the tag stays;
 * "(wg1) started" names wg1. */
static void syslog_5424(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("<37>1 2023-12-01T09:24:52+01:00 fw.example wireguard 30075 - "
	             "[meta sequenceId=\"3\"] wireguard instance wg_mobile (wg1) started\n"
	             "<37>1 2023-12-01T09:24:52+01:00 fw.example wireguard 30075 - "
	             "[meta x=\"a\\]b\"] instance (wg2) stopped\n",
	             "latest.log");
	evw_analyze(w);
	assert_true(evw_has_iface(w, "wg1"));
	assert_true(evw_has_iface(w, "wg2"));
	assert_string_equal(evw_ia(w, "wg1")->category, "vpn");
	evw_free(w);
}

/* "HOST openvpn[PID]: /sbin/ifconfig tun2 ...": OpenVPN's echoed command without the stamp is
 * still openvpn's; words without a pid tag are not a log line. */
static void syslog_without_stamp(void **state)
{
	(void)state;
	struct evw *w = evw_text("OpenVPN openvpn[4056]: /sbin/ifconfig tun2 10.8.0.1 10.8.0.2 mtu "
	                         "1500 netmask 255.255.255.255 up\n",
	                         "messages");
	evw_analyze(w);
	const struct ifw_finding *fi = evw_finding(w, "tun2", "echo.configured");
	assert_non_null(fi);
	evw_contains(fi->claim, "openvpn");
	evw_free(w);

	w = evw_text("tun3 (tun3) started\n"
	             "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP\n"
	             "    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff\n",
	             "x.txt");
	evw_analyze(w);
	assert_false(evw_has_iface(w, "tun3"));
	evw_free(w);
}

/* A French and a Chinese journal's months. */
static void journal_months(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("déc. 21 08:30:30 cyclope systemd-networkd[1629]: br-82cb895aaac8: Link UP\n"
	             "12\xe6\x9c\x88 21 08:30:31 host systemd-networkd[1629]: wg0: Link UP\n",
	             "journal.txt");
	evw_analyze(w);
	assert_true(evw_has_iface(w, "br-82cb895aaac8"));
	assert_true(evw_has_iface(w, "wg0"));
	evw_free(w);
}

/* tcpdump's first line: the interface and its link type (RAW: a layer-3 tunnel, no Ethernet);
 * "any" is none. */
static void tcpdump_listening(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("listening on tun0, link-type RAW (Raw IP), snapshot length 262144 "
	             "bytes\n"
	             "listening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot "
	             "length 262144 bytes\n"
	             "Capturing on 'wg0'\n",
	             "cap.txt");
	evw_analyze(w);
	assert_int_equal(w->m.ifaces.v[evw_iface(w, "tun0")].arptype, 65534);
	assert_true(evw_has_iface(w, "wg0"));
	assert_false(evw_has_iface(w, "any"));
	evw_free(w);
}

/* A masked destination in an indented `ip route` listing ends nothing: the routes after it
 * are read. */
static void masked_route_in_listing(void **state)
{
	(void)state;
	struct evw *w = evw_text("It happens with the VPN:\n"
	                         "\n"
	                         "    $ ip route\n"
	                         "    10.8.8.0/24 dev tun0 proto kernel scope link src 10.8.8.5\n"
	                         "    ***.***.***.*** via 192.168.42.129 dev enp0s20f0u1\n"
	                         "    128.0.0.0/1 via 10.8.8.1 dev tun0\n"
	                         "    169.254.0.0/16 dev docker_gwbridge scope link metric 1000\n",
	                         "route.txt");
	evw_analyze(w);
	assert_true(evw_has_iface(w, "docker_gwbridge"));
	assert_true(evw_has_iface(w, "enp0s20f0u1"));
	assert_string_equal(evw_ia(w, "tun0")->category, "vpn");
	evw_free(w);
}

/* wg-quick on FreeBSD: the kernel's clone, or wireguard-go when it has none, both wg-quick's. */
static void wg_quick_freebsd(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("[#] ifconfig wg create name wg0\n"
	             "[!] Missing WireGuard kernel support (ifconfig: SIOCIFCREATE2: "
	             "Invalid argument). Falling back to slow userspace implementation.\n"
	             "[#] wireguard-go wg0\n",
	             "wg-quick.txt");
	evw_analyze(w);
	const struct ifw_finding *fi = evw_finding(w, "wg0", "log.created");
	assert_non_null(fi);
	evw_contains(fi->claim, "wg-quick");
	evw_free(w);
}

/* The same listing before and after a command: what is new in the second is perhaps that
 * command's program's; another listing, an inspection tool between, or a card's name is not. */
static void appeared_after_command(void **state)
{
	(void)state;
	struct evw *w = evw_text("$ ifconfig -l\n"
	                         "igb0 lo0 lagg0 bridge0 tap0\n"
	                         "$ sudo cbsd bstart myvm; ifconfig -l\n"
	                         "igb0 lo0 lagg0 bridge0 tap0 bridge1 tap1 igb2\n",
	                         "trace.txt");
	evw_analyze(w);
	const struct ifw_finding *fi = evw_finding(w, "tap1", "log.created");
	assert_non_null(fi);
	evw_contains(fi->claim, "cbsd");
	assert_true(fi->confidence < 70);
	assert_non_null(evw_finding(w, "bridge1", "log.created"));
	assert_null(evw_finding(w, "tap0", "log.created"));
	assert_null(evw_finding(w, "igb2", "log.created"));
	evw_free(w);

	w = evw_text("$ ifconfig -l\n"
	             "igb0 lo0\n"
	             "$ ls /etc\n"
	             "$ ifconfig -l\n"
	             "igb0 lo0 tap1\n"
	             "$ sudo vm start x\n"
	             "$ ifconfig -a | grep flags\n"
	             "tap2: flags=8943<UP,BROADCAST,RUNNING,PROMISC,SIMPLEX,MULTICAST> mtu 1500\n",
	             "trace.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "tap1", "log.created"));
	assert_null(evw_finding(w, "tap2", "log.created"));
	evw_free(w);
}

/* A person's sentences: the first word the knowledge files as a program is perhaps the
 * creator; a negation, a program's output or a word no program has says nothing. */
static void person_says(void **state)
{
	(void)state;
	struct evw *w = evw_text("$ ifconfig -l\n"
	                         "igb0 lo0 bridge0 tap0 tap1 utun3 tun0 wg0\n"
	                         "\n"
	                         "tap0 is my openvpn server. bridge0 is a parent of lagg0.\n"
	                         "Then cbsd creates tap1 and bridges it with igb0.\n"
	                         "I think utun3 was created by Tailscale.\n"
	                         "tun0 is not openvpn's, and wg0 is up.\n",
	                         "post.txt");
	evw_analyze(w);
	const struct ifw_finding *fi = evw_finding(w, "tap0", "log.created");
	assert_non_null(fi);
	evw_contains(fi->claim, "OpenVPN");
	evw_contains(fi->claim, "tap0 is my openvpn server");
	assert_true(fi->confidence < 70);
	assert_non_null(evw_finding(w, "utun3", "log.created"));
	assert_null(evw_finding(w, "bridge0", "log.created"));
	assert_null(evw_finding(w, "tun0", "log.created"));
	assert_null(evw_finding(w, "wg0", "log.created"));
	assert_null(evw_finding(w, "bridge0", "log.created-unnamed"));
	evw_free(w);

	/* a program's output right after its prompt is no person's sentence */
	w = evw_text(
	    "4: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue state UNKNOWN\n"
	    "    link/none \n"
	    "$ ./status.sh\n"
	    "wg0 is my openvpn tunnel\n",
	    "post.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "wg0", "log.created"));
	evw_free(w);
}

/* vmware.log's "vnet=vmnet8" names the host network; its "VNET: Semaphore" names nothing. A
 * listing cut to its names ("acrbr0: ...") still lists them; "Note: ..." is no interface. */
static void vmware_log_and_cut_listing(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "2021-07-29T15:58:30.456+09:00| vmx| I005: VNET: MACVNetMacosGetVnetProperties: vnet "
	    "properties: vnet=vmnet8, nat=yes, dhcp=yes (ignored), subnet=192.168.60.0\n"
	    "2021-07-29T15:58:30.505+09:00| vmx| I005: VNET: Semaphore signalled for adapter: 0\n",
	    "vmware.log");
	evw_analyze(w);
	assert_true(evw_has_iface(w, "vmnet8"));
	assert_false(evw_has_iface(w, "Semaphore"));
	assert_string_equal(evw_ia(w, "vmnet8")->category, "vm");
	evw_free(w);

	w = evw_text("acrbr0: ...\n"
	             "lo: ...\n"
	             "veth_android: ...\n"
	             "Note: ...\n"
	             "wlan0: \xe2\x80\xa6\n",
	             "cut.txt");
	evw_analyze(w);
	assert_true(evw_has_iface(w, "acrbr0"));
	assert_true(evw_has_iface(w, "veth_android"));
	assert_true(evw_has_iface(w, "wlan0"));
	assert_true(evw_has_iface(w, "lo"));
	assert_false(evw_has_iface(w, "Note"));
	evw_free(w);
}

/* `systemctl status wg-quick@wg0`: the command the unit ran is wg-quick's word; the same line a
 * container prints under `docker logs` is nobody's. */
static void unit_ran_command(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("$ systemctl status wg-quick@wg0\n"
	             "* wg-quick@wg0.service - WireGuard via wg-quick(8) for wg0\n"
	             "    Process: 812 ExecStart=/usr/bin/wg-quick up wg0 (code=exited, "
	             "status=0/SUCCESS)\n"
	             "   Main PID: 812 (code=exited, status=0/SUCCESS)\n",
	             "status.txt");
	evw_analyze(w);
	const struct ifw_finding *fi = evw_finding(w, "wg0", "echo.made");
	assert_non_null(fi);
	evw_contains(fi->claim, "wg-quick");
	evw_free(w);

	w = evw_text(
	    "4: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue state UNKNOWN\n"
	    "    link/none \n"
	    "$ docker logs web\n"
	    "    Process: 812 ExecStart=/usr/bin/wg-quick up wg0 (code=exited, "
	    "status=0/SUCCESS)\n",
	    "status.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "wg0", "echo.made"));
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(syslog_5424),
	    cmocka_unit_test(syslog_without_stamp),
	    cmocka_unit_test(journal_months),
	    cmocka_unit_test(tcpdump_listening),
	    cmocka_unit_test(masked_route_in_listing),
	    cmocka_unit_test(wg_quick_freebsd),
	    cmocka_unit_test(appeared_after_command),
	    cmocka_unit_test(person_says),
	    cmocka_unit_test(vmware_log_and_cut_listing),
	    cmocka_unit_test(unit_ran_command),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
