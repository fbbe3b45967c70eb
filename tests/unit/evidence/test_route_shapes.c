/* What a pasted route table or a bare utun says about a tunnel when nothing names its program:
 * routes to public networks (a VPN carrying Internet traffic, infer/rule_routes.c), unique local
 * IPv6 networks through a next hop on it (infer/rule_split_routes.c), an IPv4 address on a macOS
 * utun (infer/rule_utun_addr.c), the most telling address plan among its routes
 * (infer/rule_addrplan.c), loopback known by its name alone (infer/rule_kernel.c), and an MTU
 * hint carried into the verdict's sentence (infer/verdict.c); and tunnel programs' own log lines
 * naming what they made (collect/evidence/p_vpnlog.c). Each also where it must not fire. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

/* A netstat -rn of a Mac: a WARP-like ladder of public prefixes into utun6, one half of a full
 * tunnel into utun0, private networks only into utun4, host routes only into utun5, Tailscale's
 * CGNAT /10 and quad-100 into utun8, and lo0 known only by its routes. */
static const char routes4[] = "$ netstat -rn\n"
                              "Routing tables\n"
                              "\n"
                              "Internet:\n"
                              "Destination        Gateway            Flags        Netif Expire\n"
                              "default            192.0.2.1          UGScg          en0\n"
                              "0/1                utun0              UScg         utun0\n"
                              "1                  utun6              Uc           utun6\n"
                              "2/7                utun6              Uc           utun6\n"
                              "8/7                utun6              Uc           utun6\n"
                              "10.9/24            link#20            UCS          utun4\n"
                              "172.16/12          link#20            UCS          utun4\n"
                              "203.0.113.9        link#21            UHWIi        utun5\n"
                              "100.64/10          link#28            UCS          utun8\n"
                              "100.100.100.100/32 link#28            UCS          utun8\n"
                              "127                127.0.0.1          UCS            lo0\n"
                              "192.0.2            link#11            UCS            en0\n";

static void public_routes(void **state)
{
	(void)state;
	struct evw *w = evw_text(routes4, "netstat.txt");
	evw_analyze(w);
	const struct ifw_finding *f = evw_finding(w, "utun6", "routes.public");
	assert_non_null(f);
	evw_contains(f->claim, "3 route(s) to public networks");
	assert_string_equal(evw_ia(w, "utun6")->category, "vpn");
	assert_true(evw_ia(w, "utun6")->confidence >= 40 && evw_ia(w, "utun6")->confidence < 70);
	/* 0/1 alone is half of the address space: public */
	evw_contains(evw_finding(w, "utun0", "routes.public")->claim, "0.0.0.0/1");
	/* private networks and cloned host routes are not Internet traffic */
	assert_null(evw_finding(w, "utun4", "routes.public"));
	assert_null(evw_finding(w, "utun5", "routes.public"));
	assert_null(evw_finding(w, "utun8", "routes.public"));
	/* the card's own routes are no tunnel's */
	assert_null(evw_finding(w, "en0", "routes.public"));
	evw_free(w);
}

static void route_plan_and_loopback(void **state)
{
	(void)state;
	struct evw *w = evw_text(routes4, "netstat.txt");
	evw_analyze(w);
	/* quad-100 (a "medium" plan) wins over the CGNAT /10 ("weak") listed before it */
	const struct ifw_finding *p = evw_finding(w, "utun8", "addrplan.medium");
	assert_non_null(p);
	evw_contains(p->claim, "100.100.100.100/32");
	assert_null(evw_finding(w, "utun8", "addrplan.weak"));
	assert_string_equal(evw_ia(w, "utun8")->category, "mesh-vpn");
	/* lo0 with no flags shown is loopback by its name, below certain */
	const struct ifw_finding *l = evw_finding(w, "lo0", "kernel.loopback");
	assert_non_null(l);
	evw_contains(l->claim, "by its name");
	assert_string_equal(evw_ia(w, "lo0")->category, "loopback");
	assert_true(evw_ia(w, "lo0")->confidence >= 70 && evw_ia(w, "lo0")->confidence < 90);
	evw_free(w);
}

static void ula_split_and_global6(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "$ netstat -rn -f inet6\n"
	    "Routing tables\n"
	    "\n"
	    "Internet6:\n"
	    "Destination                             Gateway                                 Flags "
	    "              Netif Expire\n"
	    "default                                 fe80::%utun0                            UGcIg "
	    "              utun0\n"
	    "default                                 fe80::1%en0                             UGcg  "
	    "                en0\n"
	    "fd6f:74a0:9a49::/64                     fe80::2e0:4cff:fe3c:b817%utun5          Uc    "
	    "              utun5\n"
	    "2001:db8:7:100::/72                     utun10                                  Uc    "
	    "             utun10\n"
	    "fe80::%en0/64                           link#15                                 UCI   "
	    "                en0\n",
	    "netstat6.txt");
	evw_analyze(w);
	const struct ifw_finding *s = evw_finding(w, "utun5", "routes.split-tunnel");
	assert_non_null(s);
	evw_contains(s->claim, "fd6f:74a0:9a49::/64");
	assert_null(evw_finding(w, "utun5", "routes.public"));
	evw_contains(evw_finding(w, "utun10", "routes.public")->claim, "2001:db8:7:100::/72");
	/* Apple's system utuns: a scoped link-local default is neither */
	assert_null(evw_finding(w, "utun0", "routes.public"));
	assert_null(evw_finding(w, "utun0", "routes.split-tunnel"));
	assert_null(evw_finding(w, "utun0", "routes.full-tunnel"));
	evw_free(w);
}

static void utun_ipv4_and_mtu_hint(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("$ ifconfig\n"
	             "utun0: flags=8051<UP,POINTOPOINT,RUNNING,MULTICAST> mtu 1380\n"
	             "\tinet6 fe80::a1b2:c3d4:e5f6:1234%utun0 prefixlen 64 scopeid 0x10\n"
	             "\tnd6 options=201<PERFORMNUD,DAD>\n"
	             "utun6: flags=8051<UP,POINTOPOINT,RUNNING,MULTICAST> mtu 1420\n"
	             "\tinet 10.0.44.2 --> 10.0.44.2 netmask 0xffffffff\n"
	             "utun7: flags=8051<UP,POINTOPOINT,RUNNING,MULTICAST> mtu 1500\n"
	             "\tinet 169.254.7.7 --> 169.254.7.7 netmask 0xffff0000\n",
	             "ifconfig.txt");
	evw_analyze(w);
	const struct ifw_finding *a = evw_finding(w, "utun6", "darwin.utun-ipv4");
	assert_non_null(a);
	evw_contains(a->claim, "10.0.44.2");
	assert_string_equal(evw_ia(w, "utun6")->category, "vpn");
	assert_true(evw_ia(w, "utun6")->confidence < 70);
	/* the MTU that WireGuard's overhead gives is a hint, and the sentence carries it */
	assert_non_null(evw_finding(w, "utun6", "attr.mtu-fingerprint"));
	evw_contains(evw_ia(w, "utun6")->verdict_text, "perhaps made by WireGuard");
	/* link-local only (an Apple daemon's utun) or a link-local IPv4: no claim */
	assert_null(evw_finding(w, "utun0", "darwin.utun-ipv4"));
	assert_null(evw_finding(w, "utun7", "darwin.utun-ipv4"));
	evw_free(w);
}

static void tunnel_program_logs(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("Mon Oct 28 21:50:12 2019 TUN/TAP device tun0 opened\n"
	             "Jan  3 10:00:00 host openvpn[812]: TUN/TAP device tun1 opened\n"
	             "[#] ip link add wg0 type wireguard\n"
	             "[+] Interface for wg1 is utun3\n"
	             "Feb  4 07:59:50 pfSense ppp: [wan] Bundle: Interface ng0 created\n"
	             "Mon Oct 28 21:50:13 2019 TUN/TAP device tun9 closed\n"
	             "[#] ip link add wg7 type bridge\n",
	             "logs.txt");
	evw_analyze(w);
	/* interfaces known only from the lines exist, with the writer as creator */
	const struct ifw_finding *t0 = evw_finding(w, "tun0", "log.created");
	assert_non_null(t0);
	evw_contains(t0->claim, "openvpn");
	evw_contains(evw_finding(w, "tun1", "log.created")->claim, "pid 812");
	evw_contains(evw_finding(w, "wg0", "log.created")->claim, "wg-quick");
	evw_contains(evw_finding(w, "utun3", "log.created")->claim, "wg-quick");
	evw_contains(evw_finding(w, "ng0", "log.created")->claim, "mpd5");
	/* another message about a device, or another kind, is not a creation */
	assert_false(evw_has_iface(w, "tun9"));
	assert_false(evw_has_iface(w, "wg7"));
	assert_false(evw_has_iface(w, "wg1"));
	/* a line without a pid suggests no `ps -p -1` */
	const struct ifw_iface_analysis *ia = evw_ia(w, "tun0");
	assert_non_null(ia);
	for (size_t i = 0; i < ia->next_steps.n; i++)
		assert_null(strstr(ia->next_steps.v[i], "-p -1"));
	evw_free(w);
}

/* The words are a program's own only under its own syslog tag: another program's line (any
 * user's `logger -t evil`, or a message that quotes a tag) names no creator; openvpn's tags
 * (openvpn, ovpn-NAME, openvpn-client@NAME) and mpd's "ppp: [wan]" are kept, with the pid. */
static void tunnel_program_logs_foreign_tag(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("Dec  7 02:00:00 host evil[999]: TUN/TAP device tun7 opened\n"
	             "Dec  7 02:00:00 host evil: TUN/TAP device tun8 opened\n"
	             "Dec  7 02:00:00 host evil[999]: openvpn[1]: TUN/TAP device tun9 opened\n"
	             "Dec  7 02:00:00 host evil[9]: [#] ip link add wg5 type wireguard\n"
	             "Dec  7 02:00:00 host evil[9]: ppp: [wan] Bundle: Interface ng5 created\n"
	             "Dec  7 02:00:00 host openvpnx[3]: TUN/TAP device tun11 opened\n"
	             "Dec  7 02:00:00 host ovpn-server[813]: TUN/TAP device tun2 opened\n"
	             "Dec  7 02:00:00 host openvpn-client@x[814]: TUN/TAP device tun3 opened\n"
	             "Dec  7 02:00:00 host wg-quick[77]: [#] ip link add wg1 type wireguard\n",
	             "logs.txt");
	evw_analyze(w);
	assert_false(evw_has_iface(w, "tun7"));
	assert_false(evw_has_iface(w, "tun8"));
	assert_false(evw_has_iface(w, "tun9"));
	assert_false(evw_has_iface(w, "wg5"));
	assert_false(evw_has_iface(w, "ng5"));
	assert_false(evw_has_iface(w, "tun11"));
	evw_contains(evw_finding(w, "tun2", "log.created")->claim, "pid 813");
	evw_contains(evw_finding(w, "tun3", "log.created")->claim, "pid 814");
	evw_contains(evw_finding(w, "wg1", "log.created")->claim, "pid 77");
	evw_free(w);
}

/* The bridge driver's port messages make both interfaces and the membership
 * (collect/evidence/p_kernlog.c); a line of another shape does not. */
static void kernel_bridge_ports(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("[  117.647233] lxdbr0: port 1(vethde3b95aa) entered forwarding state\n"
	             "Jan  3 10:00:00 host kernel: docker0: port 2(veth1a2b3c4) entered blocking "
	             "state\n"
	             "[  118.0] IPv6: ADDRCONF(NETDEV_CHANGE): lxdbr0: link becomes ready\n"
	             "[  119.0] br9: port 1(has space) entered forwarding state\n"
	             /* another program's lines (`logger`), not the kernel's */
	             "Jan  3 10:00:00 host nobody: br7: port 1(eth7) entered forwarding state\n"
	             "Jan  3 10:00:00 host evil[9]: kernel: br8: port 1(eth8) entered forwarding "
	             "state\n"
	             "Jan  3 10:00:00 host kernel: [  120.0] br6: port 3(veth6) entered disabled "
	             "state\n",
	             "dmesg.txt");
	evw_analyze(w);
	const struct ifw_iface *br = &w->m.ifaces.v[evw_iface(w, "lxdbr0")];
	const struct ifw_iface *port = &w->m.ifaces.v[evw_iface(w, "vethde3b95aa")];
	assert_string_equal(br->kind, "bridge");
	assert_int_equal(port->master_ifindex, br->ifindex);
	const struct ifw_iface *d = &w->m.ifaces.v[evw_iface(w, "docker0")];
	assert_int_equal(w->m.ifaces.v[evw_iface(w, "veth1a2b3c4")].master_ifindex, d->ifindex);
	assert_false(evw_has_iface(w, "br9"));
	assert_false(evw_has_iface(w, "br7"));
	assert_false(evw_has_iface(w, "eth7"));
	assert_false(evw_has_iface(w, "br8"));
	assert_false(evw_has_iface(w, "eth8"));
	const struct ifw_iface *b6 = &w->m.ifaces.v[evw_iface(w, "br6")];
	assert_int_equal(w->m.ifaces.v[evw_iface(w, "veth6")].master_ifindex, b6->ifindex);
	evw_free(w);
	/* a driver's line about its device: the card's driver and PCI address, a network card */
	w = evw_text(
	    "Thu Jan  6 10:58:30 2022 kern.info kernel: [   20.873816] igb 0000:04:00.0 eth3: "
	    "igb: eth3 NIC Link is Up 1000 Mbps Full Duplex\n"
	    "[   21.0] e1000e 0000:00:1f.6 has space: not an interface\n"
	    "[   22.0] r8169 0000:0g:00.0 eth9: a bad bus address\n",
	    "syslog.txt");
	evw_analyze(w);
	const struct ifw_iface *e3 = &w->m.ifaces.v[evw_iface(w, "eth3")];
	assert_string_equal(e3->driver, "igb");
	assert_string_equal(e3->bus_info, "0000:04:00.0");
	assert_string_equal(evw_ia(w, "eth3")->category, "physical");
	assert_true(evw_ia(w, "eth3")->confidence >= 70 && evw_ia(w, "eth3")->confidence < 90);
	assert_false(evw_has_iface(w, "eth9"));
	assert_false(evw_has_iface(w, "has"));
	evw_free(w);
	/* the same words under another program's tag (`logger -t nobody`, or a tag before
	 * "kernel:") do not make root's interface a network card */
	w = evw_text(
	    "5: vpn0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc fq_codel "
	    "state UNKNOWN mode DEFAULT group default qlen 500\n"
	    "    link/none\n"
	    "Dec 07 03:00:00 host nobody[4242]: igb 0000:04:00.0 vpn0: igb: vpn0 NIC Link "
	    "is Up 1000 Mbps Full Duplex\n"
	    "Dec 07 03:00:00 host evil[9]: kernel: igb 0000:04:00.0 vpn1: NIC Link is Up\n",
	    "journal.txt");
	evw_analyze(w);
	const struct ifw_iface *v = &w->m.ifaces.v[evw_iface(w, "vpn0")];
	assert_null(v->driver);
	assert_null(v->bus_info);
	assert_true(evw_ia(w, "vpn0")->category == NULL ||
	            strcmp(evw_ia(w, "vpn0")->category, "physical") != 0);
	assert_false(evw_has_iface(w, "vpn1"));
	evw_free(w);
}

/* net-tools ifconfig with the HWaddr value wrapped onto its own line still reads the block; a
 * tun's transmit queue of 100 is OpenVPN's (the kernel gives 500). */
static void wrapped_block_and_txqlen(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "root at router:~# ifconfig\n"
	    "tun0      Link encap:UNSPEC  HWaddr\n"
	    "00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00\n"
	    "\n"
	    "          inet addr:10.19.3.33  P-t-P:10.19.3.1  Mask:255.255.255.255\n"
	    "          UP POINTOPOINT RUNNING NOARP MULTICAST  MTU:1500  Metric:1\n"
	    "          collisions:0 txqueuelen:100\n"
	    "\n"
	    "tun1      Link encap:UNSPEC  HWaddr 00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00\n"
	    "          UP POINTOPOINT RUNNING NOARP MULTICAST  MTU:1500  Metric:1\n"
	    "          collisions:0 txqueuelen:500\n",
	    "ifconfig.txt");
	evw_analyze(w);
	const struct ifw_iface *t0 = &w->m.ifaces.v[evw_iface(w, "tun0")];
	assert_int_equal(t0->mtu, 1500);
	assert_int_equal(t0->txqlen, 100);
	assert_int_equal(t0->addrs.n, 1);
	const struct ifw_finding *q = evw_finding(w, "tun0", "attr.txqlen-fingerprint");
	assert_non_null(q);
	evw_contains(q->claim, "OpenVPN");
	assert_true(q->confidence < 70);
	assert_null(evw_finding(w, "tun1", "attr.txqlen-fingerprint"));
	evw_free(w);
}

/* `netstat -rn` copied from a narrow web page: the header's and the rows' Iface column on the
 * next line; and a route into a device inside Kubernetes' service range (virtual addresses,
 * never routed to a device) says little. */
static void wrapped_iface_column(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "Destination     Gateway         Genmask         Flags   MSS Window  irtt\n"
	    "Iface\n"
	    "0.0.0.0         192.0.2.1       0.0.0.0         UG        0 0          0\n"
	    "eth0\n"
	    "192.0.2.0       0.0.0.0         255.255.255.0   U         0 0          0 eth0\n"
	    "10.108.21.0     0.0.0.0         255.255.255.0   U         0 0          0\n"
	    "tun0\n",
	    "netstat.txt");
	evw_analyze(w);
	assert_true(evw_has_iface(w, "eth0"));
	assert_true(evw_has_iface(w, "tun0"));
	assert_false(evw_has_iface(w, "0"));
	assert_false(evw_has_iface(w, "Iface"));
	ifw_id def = evw_route(w, "0.0.0.0", 0);
	assert_int_not_equal(def, IFW_NOID);
	assert_int_equal(w->m.routes.v[def].iface, evw_iface(w, "eth0"));
	assert_null(evw_finding(w, "tun0", "addrplan.medium"));
	assert_int_equal(w->m.skipped_lines, 0);
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(public_routes),
	    cmocka_unit_test(wrapped_iface_column),
	    cmocka_unit_test(route_plan_and_loopback),
	    cmocka_unit_test(ula_split_and_global6),
	    cmocka_unit_test(utun_ipv4_and_mtu_hint),
	    cmocka_unit_test(tunnel_program_logs),
	    cmocka_unit_test(tunnel_program_logs_foreign_tag),
	    cmocka_unit_test(kernel_bridge_ports),
	    cmocka_unit_test(wrapped_block_and_txqlen),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
