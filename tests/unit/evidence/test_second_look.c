/* What the second look at the unseen pastes of 2026-12-07 (real/holdout2) asked for, each as the
 * structure it stands for: `route get` answers (collect/evidence/p_routeget.c), a program's list
 * of names and link-layer addresses (p_ifaddrs.c), the kernel's attach line in a unified log
 * (p_ulog.c), FreeBSD's bridge lines (p_ifconfig.c) and a renamed bridge that is no card
 * (know/know_lookup.c), scutil's "DNS configuration" told from nmcli's (p_scutil_dns.c), a veth
 * in a containers' switch (infer/rule_vm_port.c), a VPN program the pasted session runs
 * (infer/rule_typed.c), loopback with an all-zero address (infer/rule_kernel.c), and
 * tailscaled's network monitor state in its log (p_tsnetmon.c), vm-bhyve's switch info
 * (p_vmswitch.c), the host's own leg on a VM switch (rule_vm_port.c), and a MAC a driver derived
 * from its card's (rule_mac_sibling.c, infer/index.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "model/linux_values.h"

static const struct ifw_iface *iface(const struct evw *w, const char *name)
{
	return &w->m.ifaces.v[evw_iface(w, name)];
}

static void route_get_half_default(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("bash-5.2$ route get 1\n"
	             "   route to: 0.0.0.1\n"
	             "destination: default\n"
	             "       mask: 128.0.0.0\n"
	             "    gateway: 198.51.100.1\n"
	             "  interface: utun3\n"
	             "      flags: <UP,GATEWAY,DONE,STATIC,PRCLONING,GLOBAL>\n"
	             " recvpipe  sendpipe  ssthresh  rtt,msec    rttvar  hopcount      mtu     "
	             "expire\n"
	             "       0         0         0         0         0         0      1500         "
	             "0\n"
	             "bash-5.2$ route get 0\n"
	             "   route to: default\n"
	             "destination: default\n"
	             "       mask: default\n"
	             "    gateway: 192.0.2.1\n"
	             "  interface: en0\n"
	             "      flags: <UP,GATEWAY,DONE,STATIC,PRCLONING,GLOBAL>\n"
	             " recvpipe  sendpipe  ssthresh  rtt,msec    rttvar  hopcount      mtu     "
	             "expire\n"
	             "       0         0         0         0         0         0      1500         "
	             "0\n",
	             "route.txt");
	evw_analyze(w);
	ifw_id half = evw_route(w, "0.0.0.0", 1);
	assert_int_not_equal(half, IFW_NOID);
	assert_int_equal(w->m.routes.v[half].gateway.a[3], 1);
	assert_int_equal(w->m.routes.v[half].iface, evw_iface(w, "utun3"));
	ifw_id dflt = evw_route(w, "0.0.0.0", 0);
	assert_int_not_equal(dflt, IFW_NOID);
	assert_int_equal(w->m.routes.v[dflt].iface, evw_iface(w, "en0"));
	assert_string_equal(evw_ia(w, "utun3")->category, "vpn");
	assert_true(evw_ia(w, "utun3")->confidence < 70); /* which VPN is not said */
	assert_int_equal(w->m.skipped_lines, 0);
	evw_free(w);
	/* an IPv6 mask on an IPv4 answer made a /120 IPv4 route: a host route instead */
	w = evw_text("   route to: 192.0.2.9\n"
	             "destination: 192.0.2.0\n"
	             "       mask: ffff:ffff:ffff:ffff:ffff:ffff:ffff:ff00\n"
	             "  interface: utun3\n",
	             "route.txt");
	evw_analyze(w);
	assert_int_equal(w->m.routes.n, 1);
	assert_int_equal(w->m.routes.v[0].dst_len, 32);
	evw_free(w);
}

static void link_address_list(void **state)
{
	(void)state;
	struct evw *w = evw_text("lo0  00:00:00:00:00:00\n"
	                         "pdp_ip0  00:00:00:00:00:00\n"
	                         "en0  E8:8D:28:44:32:2F\n"
	                         "awdl0  4A:79:85:44:5B:4D\n",
	                         "list.txt");
	evw_analyze(w);
	assert_int_equal(w->m.ifaces.n, 4);
	assert_int_equal(iface(w, "en0")->mac_len, 6);
	assert_int_equal(iface(w, "en0")->mac[0], 0xe8);
	/* lo0's all-zero address is no hardware address: loopback by its name */
	assert_string_equal(evw_ia(w, "lo0")->category, "loopback");
	assert_string_equal(evw_ia(w, "awdl0")->category, "apple-p2p");
	evw_free(w);
	/* three words, or a word that is no MAC, are not such a list */
	w = evw_text("en0 is E8:8D:28:44:32:2F\nfoo  12:34\nen1  E8:8D:28:44:32:30\n", "prose.txt");
	assert_int_equal(w->m.ifaces.n, 1);
	evw_iface(w, "en1");
	evw_free(w);
}

static void kernel_attach_in_log(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "Timestamp                       Thread     Type        Activity             PID    "
	    "TTL\n"
	    "2023-08-20 19:30:45.917273+0300 0x408d99   Default     0x0                  0      0  "
	    "  "
	    "kernel: utun5: attached with 0 suspended link-layer multicast membership(s)\n"
	    "2023-08-20 19:30:45.917280+0300 0x408d99   Default     0x0                  0      0  "
	    "  "
	    "kernel: ifnet_attach: Waiting for all kernel threads created for interface utun5\n"
	    "2023-08-20 19:30:46.000000+0300 0x408d99   Default     0x0                  0      0  "
	    "  "
	    "kernel: x/../y: attached with 0 suspended link-layer multicast membership(s)\n",
	    "log.txt");
	evw_analyze(w);
	assert_int_equal(w->m.ifaces.n, 1); /* a name with '/' is no interface */
	evw_iface(w, "utun5");
	assert_int_equal(w->m.logcreates.n, 0); /* the kernel is not its creator */
	assert_string_equal(w->m.os, "darwin");
	evw_free(w);
}

static void freebsd_renamed_bridge(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("re0: flags=1008943<UP,BROADCAST,RUNNING,PROMISC,SIMPLEX,MULTICAST,LOWER_UP> "
	             "metric 0 mtu 1500\n"
	             "\tether 40:8d:5c:58:c5:f6\n"
	             "\tinet 192.0.2.239 netmask 0xffffff00 broadcast 192.0.2.255\n"
	             "\tmedia: Ethernet autoselect (1000baseT <full-duplex>)\n"
	             "\tstatus: active\n"
	             "re0bridge: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> "
	             "metric 0 mtu 1500\n"
	             "\toptions=0\n"
	             "\tether 58:9c:fc:00:0e:75\n"
	             "\tid 00:00:00:00:00:00 priority 32768 hellotime 2 fwddelay 15\n"
	             "\tmaxage 20 holdcnt 6 proto rstp maxaddr 2000 timeout 1200\n"
	             "\troot id 00:00:00:00:00:00 priority 32768 ifcost 0 port 0\n"
	             "\tmember: re0 flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>\n",
	             "ifconfig.txt");
	evw_analyze(w);
	assert_string_equal(iface(w, "re0bridge")->kind, "bridge");
	assert_string_equal(evw_ia(w, "re0bridge")->category, "bridge");
	/* "re[0-9]*" is the re driver's cards: not this bridge */
	assert_null(evw_finding(w, "re0bridge", "names.pattern"));
	assert_non_null(evw_finding(w, "re0", "names.pattern"));
	assert_string_equal(evw_ia(w, "re0")->category, "physical");
	evw_free(w);
}

static void nmcli_dns_block_is_not_scutil(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("br-7af642579a6f: unmanaged\n"
	             "        \"br-7af642579a6f\"\n"
	             "        bridge, 96:04:12:9B:79:8B, sw, mtu 1500\n"
	             "\n"
	             "DNS configuration:\n"
	             "        servers: 192.0.2.3\n"
	             "        interface: enp0s3\n"
	             "\n"
	             "# brctl show\n"
	             "bridge name     bridge id               STP enabled     interfaces\n"
	             "docker0         8000.000000000000       no\n",
	             "nmcli.txt");
	evw_analyze(w);
	assert_string_equal(w->m.os, "linux");
	/* Linux's knowledge applies: Docker's bridges, by their names */
	assert_string_equal(evw_ia(w, "docker0")->category, "container");
	assert_string_equal(evw_ia(w, "br-7af642579a6f")->category, "container");
	evw_free(w);
	/* scutil's own header still says macOS */
	w = evw_text("DNS configuration\n\nresolver #1\n  nameserver[0] : 192.0.2.1\n"
	             "  if_index : 4 (en0)\n\n"
	             "en0: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500\n"
	             "\tinet 192.0.2.7 netmask 0xffffff00 broadcast 192.0.2.255\n",
	             "dns.txt");
	assert_string_equal(w->m.os, "darwin");
	evw_free(w);
}

static void veth_in_containers_switch(void **state)
{
	(void)state;
	struct evw *w = evw_text("# brctl show\n"
	                         "bridge name\tbridge id\t\tSTP enabled\tinterfaces\n"
	                         "docker0\t\t8000.56847afe9799\tno\t\tveth4d43\n"
	                         "br0\t\t8000.5254001a2b3c\tno\t\tvethab12\n",
	                         "brctl.txt");
	evw_analyze(w);
	const struct ifw_finding *p = evw_finding(w, "veth4d43", "bridge.container-port");
	assert_non_null(p);
	evw_contains(p->claim, "docker0");
	assert_null(strstr(p->claim, "joining")); /* the bridge's own port list is not repeated */
	assert_string_equal(evw_ia(w, "veth4d43")->category, "container");
	/* a bridge nobody knows as a containers' switch says nothing of its veth */
	assert_null(evw_finding(w, "vethab12", "bridge.container-port"));
	evw_free(w);
}

static void session_runs_a_vpn_program(void **state)
{
	(void)state;
	const char *tuns = "tun0: flags=8010<POINTOPOINT,MULTICAST> metric 0 mtu 1500\n"
	                   "\toptions=80000<LINKSTATE>\n"
	                   "\tgroups: tun\n"
	                   "em0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu "
	                   "1500\n"
	                   "\tether 00:0c:29:aa:bb:cc\n"
	                   "\tmedia: Ethernet autoselect (1000baseT <full-duplex>)\n\n";
	char text[2048];
	snprintf(text, sizeof(text), "%s%s", tuns,
	         "# /usr/local/opnsense/scripts/openvpn/ovpn_service_control.php -a start\n");
	struct evw *w = evw_text(text, "opnsense.txt");
	evw_analyze(w);
	assert_int_equal(w->m.typed.n, 1); /* a program run by its absolute path is a command */
	const struct ifw_finding *s = evw_finding(w, "tun0", "typed.session");
	assert_non_null(s);
	evw_contains(s->claim, "OpenVPN");
	assert_true(s->confidence < 70);
	assert_null(evw_finding(w, "em0", "typed.session")); /* a card is no program's */
	evw_free(w);

	/* two VPN programs in one session: which one is not said */
	snprintf(text, sizeof(text), "%s%s", tuns,
	         "# systemctl restart openvpn@office\n# tailscale up\n# /usr/sbin/tailscaled -h\n");
	w = evw_text(text, "two.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "tun0", "typed.session"));
	evw_free(w);

	/* a service manager's unit names the program */
	snprintf(text, sizeof(text), "%s%s", tuns, "$ sudo systemctl restart openvpn@office\n");
	w = evw_text(text, "unit.txt");
	evw_analyze(w);
	assert_non_null(evw_finding(w, "tun0", "typed.session"));
	evw_free(w);

	/* a comment line naming a file is no program run */
	snprintf(text, sizeof(text), "%s%s", "# /etc/network/interfaces\n", tuns);
	w = evw_text(text, "comment.txt");
	assert_int_equal(w->m.typed.n, 0);
	evw_free(w);
}

static void tailscale_netmon_state(void **state)
{
	(void)state;
	/* the whole line: addresses, details (Go flags 51 = up|broadcast|multicast|running, 57 =
	 * up|pointtopoint|multicast|running; "AAECAwQF" is 00:01:02:03:04:05) and the default */
	struct evw *w = evw_text(
	    "2025/09/25 21:13:15 monitor: [unexpected] new: "
	    "{\"InterfaceIPs\":{\"eth0\":[\"192.0.2.5/"
	    "24\",\"2001:db8::5/64\"],\"lo\":[\"127.0.0.1/8\"],\"tailscale0\":[\"fd7a:115c:a1e0::1/"
	    "128\"],\"wlan0\":null},\"Interface\":{\"eth0\":{\"Index\":2,\"MTU\":1500,\"Name\":"
	    "\"eth0\",\"HardwareAddr\":\"AAECAwQF\",\"Flags\":51},\"tailscale0\":{\"Index\":9,"
	    "\"MTU\":1280,\"Name\":\"tailscale0\",\"HardwareAddr\":null,\"Flags\":57}},"
	    "\"HaveV6\":true,\"DefaultRouteInterface\":\"eth0\"}\n",
	    "tailscaled.log");
	evw_analyze(w);
	assert_string_equal(w->m.os, "linux"); /* its loopback is "lo" */
	assert_true(evw_has_addr(w, "eth0", "192.0.2.5", 24));
	assert_true(evw_has_addr(w, "eth0", "2001:db8::5", 64));
	assert_int_equal(iface(w, "eth0")->ifindex, 2);
	assert_int_equal(iface(w, "eth0")->mac_len, 6);
	assert_int_equal(iface(w, "eth0")->mac[5], 5);
	assert_int_equal(iface(w, "tailscale0")->mtu, 1280);
	assert_true(iface(w, "tailscale0")->flags & IFW_IFF_POINTOPOINT);
	assert_false(iface(w, "eth0")->flags & IFW_IFF_POINTOPOINT);
	assert_int_equal(iface(w, "wlan0")->addrs.n, 0); /* listed, no address */
	ifw_id d = evw_route(w, "0.0.0.0", 0);
	assert_int_not_equal(d, IFW_NOID);
	assert_int_equal(w->m.routes.v[d].iface, evw_iface(w, "eth0"));
	assert_string_equal(evw_ia(w, "tailscale0")->category, "mesh-vpn");
	evw_free(w);
	/* cut in the paste inside "Interface": the addresses before the cut are still read */
	w = evw_text("monitor: [unexpected] new: {\"InterfaceIPs\":{\"lo0\":[\"127.0.0.1/8\"],"
	             "\"en0\":[\"192.0.2.9/24\"]},\"Interface\":{\"en0\":{\"Index\":4,\"MT\n",
	             "cut.log");
	assert_true(evw_has_addr(w, "en0", "192.0.2.9", 24));
	assert_int_equal(iface(w, "en0")->mtu, 0); /* its details were cut off */
	assert_string_equal(w->m.os, "darwin");
	evw_free(w);
}

static void vm_bhyve_switch_info(void **state)
{
	(void)state;
	struct evw *w = evw_text("# vm switch info\n"
	                         "------------------------\n"
	                         "Virtual Switch: public\n"
	                         "------------------------\n"
	                         "  type: standard\n"
	                         "  ident: vm-public\n"
	                         "  vlan: -\n"
	                         "  physical-ports: re1\n"
	                         "  bytes-in: 6078 (5.935K)\n"
	                         "\n"
	                         "  virtual-port\n"
	                         "    device: tap0\n"
	                         "    vm: freebsd\n",
	                         "switch.txt");
	evw_analyze(w);
	const struct ifw_iface *br = iface(w, "vm-public");
	assert_string_equal(br->kind, "bridge");
	assert_string_equal(br->net_name, "public");
	assert_int_equal(br->ports.n, 2); /* re1 and tap0 */
	assert_string_equal(iface(w, "tap0")->vm_name, "freebsd");
	assert_int_equal(iface(w, "tap0")->master, evw_iface(w, "vm-public"));
	assert_string_equal(evw_ia(w, "tap0")->category, "vm");
	evw_contains(evw_verdict(w, "tap0")->claim, "VM freebsd, as vm-bhyve says");
	assert_string_equal(evw_ia(w, "vm-public")->category, "vm");
	evw_contains(evw_verdict(w, "vm-public")->claim, "tap0 to VM freebsd (vm-bhyve)");
	assert_string_equal(w->m.os, "freebsd");
	evw_free(w);
}

static void host_leg_on_a_vm_switch(void **state)
{
	(void)state;
	/* OpenBSD: vmd's switch with the host's vether (an address of the host) and a VM's tap */
	struct evw *w =
	    evw_text("bridge0: flags=41<UP,RUNNING>\n"
	             "        description: switch1-localnet\n"
	             "        index 7 llprio 3\n"
	             "        groups: bridge\n"
	             "        vether0 flags=3<LEARNING,DISCOVER>\n"
	             "                port 6 ifpriority 0 ifcost 0\n"
	             "        tap0 flags=3<LEARNING,DISCOVER>\n"
	             "                port 9 ifpriority 0 ifcost 0\n"
	             "vether0: flags=8943<UP,BROADCAST,RUNNING,PROMISC,SIMPLEX,MULTICAST> "
	             "mtu 1500\n"
	             "        lladdr fe:e1:ba:d0:c3:38\n"
	             "        index 6 priority 0 llprio 3\n"
	             "        groups: vether\n"
	             "        inet 198.51.100.1 netmask 0xffffff00 broadcast "
	             "198.51.100.255\n",
	             "vmd.txt");
	evw_analyze(w);
	assert_non_null(evw_finding(w, "tap0", "bridge.vm-port"));
	assert_null(evw_finding(w, "vether0", "bridge.vm-port")); /* the host's own leg */
	evw_free(w);
}

static void driver_derived_mac(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("apcli0    Link encap:Ethernet  HWaddr 66:51:7E:00:29:5C\n"
	             "          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1\n"
	             "\n"
	             "br-lan    Link encap:Ethernet  HWaddr 64:51:7E:80:29:5C\n"
	             "          inet addr:192.0.2.1  Bcast:192.0.2.255  Mask:255.255.255.0\n"
	             "          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1\n"
	             "\n"
	             "veth0     Link encap:Ethernet  HWaddr 66:51:7E:11:22:5C\n"
	             "          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1\n"
	             "\n"
	             "wlan1     Link encap:Ethernet  HWaddr 02:51:7E:80:29:5C\n"
	             "          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1\n",
	             "ifconfig.txt");
	evw_analyze(w);
	const struct ifw_finding *s = evw_finding(w, "apcli0", "attr.mac-sibling");
	assert_non_null(s);
	evw_contains(s->claim, "br-lan");
	assert_string_equal(evw_ia(w, "apcli0")->category, "physical");
	/* two bytes changed, or another first byte: no kin */
	assert_null(evw_finding(w, "veth0", "attr.mac-sibling"));
	assert_null(evw_finding(w, "wlan1", "attr.mac-sibling"));
	/* the card itself is not its own sibling */
	assert_null(evw_finding(w, "br-lan", "attr.mac-sibling"));
	evw_free(w);
	/* a tap or a veth with a MAC one byte off the card's (a hostile paste's): a program's
	 * device, not "another interface of the network card" */
	w = evw_text("apcli0    Link encap:Ethernet  HWaddr 66:51:7E:00:29:5C\n"
	             "\n"
	             "br-lan    Link encap:Ethernet  HWaddr 64:51:7E:80:29:5C\n"
	             "\n"
	             "tap0      Link encap:Ethernet  HWaddr 66:51:7E:80:29:5D\n"
	             "\n"
	             "veth1a2b3c Link encap:Ethernet  HWaddr 66:51:7E:80:29:5E\n",
	             "ifconfig.txt");
	evw_analyze(w);
	assert_non_null(evw_finding(w, "apcli0", "attr.mac-sibling"));
	assert_null(evw_finding(w, "tap0", "attr.mac-sibling"));
	assert_null(evw_finding(w, "veth1a2b3c", "attr.mac-sibling"));
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(route_get_half_default),
	    cmocka_unit_test(link_address_list),
	    cmocka_unit_test(kernel_attach_in_log),
	    cmocka_unit_test(freebsd_renamed_bridge),
	    cmocka_unit_test(nmcli_dns_block_is_not_scutil),
	    cmocka_unit_test(veth_in_containers_switch),
	    cmocka_unit_test(session_runs_a_vpn_program),
	    cmocka_unit_test(tailscale_netmon_state),
	    cmocka_unit_test(vm_bhyve_switch_info),
	    cmocka_unit_test(host_leg_on_a_vm_switch),
	    cmocka_unit_test(driver_derived_mac),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
