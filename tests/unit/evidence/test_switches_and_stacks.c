/* What the structure of a link listing says without -d (the look at real/holdout6): `ip -o`'s
 * one-line form (p_iplink.c), a veth whose peer is named (finish.c, rule_veth.c), a VLAN known by
 * its name and its parent's MAC (finish.c, rule_stacked.c), Open vSwitch's bridge known by its
 * port's MAC (rule_port_mac.c), and a macOS gif0 someone set up as a tunnel, its addresses
 * elided by the poster (p_ifconfig.c, rule_kernel.c). */
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

/* `ip -o link`: the line ends turned into backslashes */
static void one_line_listing(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "2: eth0: <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP> mtu 1500 qdisc mq master bond0 state "
	    "UP qlen 1000\\    link/ether 0c:c4:7a:03:24:fb brd ff:ff:ff:ff:ff:ff\n"
	    "4: bond0: <BROADCAST,MULTICAST,MASTER,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP \\"
	    "    link/ether 0c:c4:7a:03:24:fb brd ff:ff:ff:ff:ff:ff\n"
	    "5: bond0.3000@bond0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state "
	    "UP \\    link/ether 0c:c4:7a:03:24:fb brd ff:ff:ff:ff:ff:ff\n"
	    "6: bond0.77@bond0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state "
	    "UP \\    link/ether 2e:11:22:33:44:55 brd ff:ff:ff:ff:ff:ff\n",
	    "ip-o-link.txt");
	evw_analyze(w);
	const struct ifw_iface *e = iface(w, "eth0");
	assert_int_equal(e->mac_len, 6);
	assert_int_equal(e->mac[5], 0xfb);
	assert_int_equal(e->txqlen, 1000);
	assert_int_equal(e->master, evw_iface(w, "bond0"));
	/* a port of the bond is the card, not the VLAN that shares its MAC */
	assert_string_equal(evw_ia(w, "eth0")->category, "physical");
	const struct ifw_iface *v = iface(w, "bond0.3000");
	assert_non_null(v->kind);
	assert_string_equal(v->kind, "vlan");
	assert_int_equal(v->info.vlan_id, 3000);
	const struct ifw_finding *f = evw_finding(w, "bond0.3000", "stacked.vlan-named");
	assert_non_null(f);
	assert_true(f->confidence < 90); /* read from a name, not shown: likely */
	assert_null(evw_finding(w, "bond0.3000", "physical.vendor-mac"));
	/* a MAC of its own is no VLAN's */
	assert_null(iface(w, "bond0.77")->kind);
	evw_free(w);
}

/* "veth@peer" names a peer in the same namespace; "@ifN" one elsewhere */
static void veth_peer_by_name(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "4: s2-eth4@s1-eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master "
	    "ovs-system state UP mode DEFAULT group default qlen 1000\n"
	    "    link/ether d2:3f:48:83:0b:24 brd ff:ff:ff:ff:ff:ff promiscuity 1\n"
	    "    veth\n"
	    "    openvswitch_slave addrgenmode eui64 numtxqueues 1\n"
	    "9: veth1@if8: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP\n"
	    "    link/ether d2:3f:48:83:0b:25 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n"
	    "    veth\n",
	    "ip-d-link.txt");
	evw_analyze(w);
	const struct ifw_finding *f = evw_finding(w, "s2-eth4", "veth.local");
	assert_non_null(f);
	evw_contains(f->claim, "s1-eth1");
	assert_null(evw_finding(w, "s2-eth4", "veth.unseen"));
	assert_null(evw_finding(w, "veth1", "veth.local"));
	evw_free(w);
}

/* Open vSwitch: the ports name ovs-system; the bridge's own interface has a port's MAC */
static void ovs_bridge_by_port_mac(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "4: ens2f0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq master ovs-system "
	    "state "
	    "UP group default qlen 1000\n"
	    "    link/ether 48:df:37:5f:62:00 brd ff:ff:ff:ff:ff:ff\n"
	    "18: ovs-system: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default "
	    "qlen 1000\n"
	    "    link/ether 0a:0e:20:80:8f:5d brd ff:ff:ff:ff:ff:ff\n"
	    "19: cloudbr: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UNKNOWN "
	    "group default qlen 1000\n"
	    "    link/ether 48:df:37:5f:62:00 brd ff:ff:ff:ff:ff:ff\n"
	    "    inet 192.0.2.10/24 scope global cloudbr\n"
	    "20: eth9: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP qlen 1000\n"
	    "    link/ether 48:df:37:5f:62:09 brd ff:ff:ff:ff:ff:ff\n",
	    "ip-a.txt");
	evw_analyze(w);
	const struct ifw_finding *f = evw_finding(w, "cloudbr", "port-mac.ovs");
	assert_non_null(f);
	evw_contains(f->claim, "ens2f0");
	assert_string_equal(evw_ia(w, "cloudbr")->category, "bridge");
	assert_null(evw_finding(w, "cloudbr", "physical.vendor-mac"));
	assert_non_null(evw_finding(w, "ens2f0", "physical.vendor-mac"));
	/* a card of its own MAC stays a card */
	assert_non_null(evw_finding(w, "eth9", "physical.vendor-mac"));
	assert_null(evw_finding(w, "eth9", "port-mac.ovs"));
	evw_free(w);
}

/* macOS clones gif0 unconfigured; with tunnel endpoints someone set it up */
static void gif_set_up_as_tunnel(void **state)
{
	(void)state;
	struct evw *w = evw_text("$ ifconfig gif0\n"
	                         "gif0: flags=8051<UP,POINTOPOINT,RUNNING,MULTICAST> mtu 1280\n"
	                         "\ttunnel inet 192.168.... --> ...\n"
	                         "\tinet6 fe80::...%gif0 prefixlen 64 scopeid 0x2 \n"
	                         "\tinet6 2001:... --> 2001:... prefixlen 128 \n"
	                         "\tnd6 options=201<PERFORMNUD,DAD>\n",
	                         "ifconfig.txt");
	evw_analyze(w);
	assert_true(iface(w, "gif0")->info.has_tnl);
	assert_int_equal(w->m.skipped_lines, 0); /* elided addresses are masked, not unread */
	assert_non_null(evw_finding(w, "gif0", "kernel.tunnel-set-up"));
	assert_string_equal(evw_ia(w, "gif0")->category, "vpn");
	evw_free(w);
	w = evw_text("gif0: flags=8010<POINTOPOINT,MULTICAST> mtu 1280\n"
	             "stf0: flags=0<> mtu 1280\n",
	             "ifconfig.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "gif0", "kernel.tunnel-set-up"));
	assert_string_equal(evw_ia(w, "gif0")->category, "kernel-fallback");
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(one_line_listing),
	    cmocka_unit_test(veth_peer_by_name),
	    cmocka_unit_test(ovs_bridge_by_port_mac),
	    cmocka_unit_test(gif_set_up_as_tunnel),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
