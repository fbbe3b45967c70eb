/* What the structure of a link listing says without -d (the look at real/holdout6): `ip -o`'s
 * one-line form (p_iplink.c), a veth whose peer is named (finish.c, rule_veth.c), a VLAN known by
 * its name and its parent's MAC (finish.c, rule_stacked.c), Open vSwitch's bridge known by its
 * port's MAC (rule_port_mac.c), and a macOS gif0 someone set up as a tunnel, its addresses
 * elided by the poster (p_ifconfig.c, rule_kernel.c); the daemons' own tables of Incus/LXD
 * (p_lxdnet.c) and ModemManager (p_mmcli.c, rule_modem.c); a bridge known by its ports' names
 * (rule_bridge.c) and lxc-net's fixed bridge MAC (rule_attributes.c). */
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

/* `incus network list`: the daemon's managed bridge, and the interfaces it only lists */
static void incus_network_list(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    " -\xe2\x86\x92 incus network list\n"
	    "\n"
	    "+----------+----------+---------+-----------------+----------------------+---------+\n"
	    "|   NAME   |   TYPE   | MANAGED |      IPV4       |         IPV6         |  STATE  |\n"
	    "+----------+----------+---------+-----------------+----------------------+---------+\n"
	    "| enp5s0   | physical | NO      |                 |                      |         |\n"
	    "+----------+----------+---------+-----------------+----------------------+---------+\n"
	    "| mynet0   | bridge   | YES     | 192.0.2.1/24    | fd42:b8d8:ec7c::1/64 | CREATED |\n"
	    "+----------+----------+---------+-----------------+----------------------+---------+"
	    "\n",
	    "incus.txt");
	evw_analyze(w);
	assert_true(evw_has_addr(w, "mynet0", "192.0.2.1", 24));
	assert_true(evw_has_addr(w, "mynet0", "fd42:b8d8:ec7c::1", 64));
	assert_int_equal(w->m.logcreates.n, 1);
	assert_string_equal(w->m.logcreates.v[0].comm, "incusd"); /* the command typed before */
	const struct ifw_finding *f = evw_finding(w, "mynet0", "log.created");
	assert_non_null(f);
	evw_contains(f->claim, "incusd");
	assert_string_equal(evw_ia(w, "mynet0")->category, "container");
	assert_null(evw_finding(w, "enp5s0", "logcreate.logged"));
	evw_free(w);
	/* no command typed: either daemon, unnamed */
	w = evw_text("| NAME | TYPE | MANAGED | USED BY |\n"
	             "| mynet0 | bridge | YES | 2 |\n",
	             "table.txt");
	evw_analyze(w);
	assert_int_equal(w->m.logcreates.n, 1);
	assert_string_equal(w->m.logcreates.v[0].comm, "LXD or Incus");
	evw_free(w);
}

/* `mmcli -m`: the modem's data port, its bar-less rows taken for a viewer's marks */
static void modemmanager_ports(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("root@gw:~# mmcli -m 1\n"
	             "  --------------------------------\n"
	             "  General  |            dbus path: /org/freedesktop/ModemManager1/Modem/1\n"
	             "  --------------------------------\n"
	             "  Hardware |         manufacturer: Sierra Wireless, Incorporated\n"
	             "           |                model: EM7455\n"
	             "  System   |               device: /sys/devices/platform/soc/usb4/4-1\n"
	             "           |              drivers: qcserial, qmi_wwan\n"
	             "           |                ports: ttyUSB0 (qcdm), ttyUSB2 (at),\n"
	             "           |                       cdc-wdm0 (qmi), wwan0 (net)\n",
	             "mmcli.txt");
	evw_analyze(w);
	const struct ifw_iface *f = iface(w, "wwan0");
	assert_non_null(f->modem);
	assert_string_equal(f->modem, "Sierra Wireless, Incorporated EM7455");
	assert_string_equal(f->driver, "qcserial, qmi_wwan");
	assert_string_equal(f->bus, "usb");
	assert_int_equal(w->m.ifaces.n, 1); /* the serial and QMI ports are no interfaces */
	assert_non_null(evw_finding(w, "wwan0", "modem.port"));
	assert_string_equal(evw_ia(w, "wwan0")->category, "cellular");
	evw_free(w);
	/* before 1.10: quoted values, ports on one line */
	w = evw_text("  Hardware |   manufacturer: 'Quectel'\n"
	             "           |          model: 'EC25'\n"
	             "  System   |        drivers: 'option1, qmi_wwan'\n"
	             "           |          ports: 'cdc-wdm0 (qmi), ttyUSB2 (at), wwan1 (net)'\n",
	             "mmcli-old.txt");
	evw_analyze(w);
	assert_string_equal(iface(w, "wwan1")->modem, "Quectel EC25");
	evw_free(w);
}

/* jib's names: the jails' epair ends say whose the bridge is, and one named after its card */
static void jail_bridge_by_port_names(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("em1bridge: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> "
	             "metric 0 mtu 1500\n"
	             "\tether 58:9c:fc:10:ff:c8\n"
	             "\tid 00:00:00:00:00:00 priority 32768 hellotime 2 fwddelay 15\n"
	             "\tmember: e0a_web flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>\n"
	             "\tmember: em1 flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>\n"
	             "\tgroups: bridge\n"
	             "bridge5: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> "
	             "metric 0 mtu 1500\n"
	             "\tether 58:9c:fc:10:ff:c9\n"
	             "\tid 00:00:00:00:00:00 priority 32768 hellotime 2 fwddelay 15\n"
	             "\tmember: e0a_db flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>\n"
	             "\tmember: em0 flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>\n"
	             "\tgroups: bridge\n",
	             "ifconfig.txt");
	evw_analyze(w);
	const struct ifw_finding *f = evw_finding(w, "em1bridge", "bridge.port-names");
	assert_non_null(f);
	evw_contains(f->claim, "jib");
	assert_string_equal(evw_ia(w, "em1bridge")->category, "container");
	/* a bridge joining a card to them, not named after it: the host's own */
	assert_null(evw_finding(w, "bridge5", "bridge.port-names"));
	evw_free(w);
}

/* lxc-net's bridge MAC, 00:16:3e:00:00:00 (and the next in scripts copied from it) */
static void lxc_net_bridge_mac(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("11: mybr: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP\n"
	             "    link/ether 00:16:3e:00:00:01 brd ff:ff:ff:ff:ff:ff\n"
	             "    inet 192.0.2.1/24 brd 192.0.2.255 scope global mybr\n"
	             "12: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP\n"
	             "    link/ether 00:16:3e:5a:11:22 brd ff:ff:ff:ff:ff:ff\n",
	             "ip-a.txt");
	evw_analyze(w);
	assert_non_null(evw_finding(w, "mybr", "attr.lxc-bridge-mac"));
	assert_string_equal(evw_ia(w, "mybr")->category, "container");
	/* the rest of that block is guests' and containers' cards */
	assert_null(evw_finding(w, "eth0", "attr.lxc-bridge-mac"));
	evw_free(w);
}

/* What the person's commands act on exists, though no listing shows it */
static void typed_commands_name_interfaces(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("root@fw:~ # ifconfig tun7 create\n"
	             "root@fw:~ # route -q -n add -6 fd00:1::/48 -iface tun7\n"
	             "# LANG=C ping -c 2 -I wwan3 192.0.2.1\n"
	             "PING 192.0.2.1 (192.0.2.1) from 198.51.100.7 wwan3: 56(84) bytes\n"
	             "# wicked ifup wwan4\n"
	             "wwan4           up\n"
	             "# ip -n blue link add vethx type veth\n"
	             "# ping -I all 192.0.2.1\n",
	             "session.txt");
	evw_analyze(w);
	evw_iface(w, "tun7");
	assert_non_null(evw_finding(w, "tun7", "typed.made"));
	evw_iface(w, "wwan3");
	evw_iface(w, "wwan4");
	/* another namespace's, and words that are no names */
	assert_int_equal(w->m.ifaces.n, 3);
	evw_free(w);
}

/* Log lines: a netlink request in ip's words; DTrace's time stamps */
static void log_add_type_and_dtrace_stamp(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("2023-09-06 10:20:47 net_iface_new: add tun5 type ovpn-dco\n"
	             "2023-09-06 10:20:47 sitnl_send: rtnl: generic error (-17): File exists\n"
	             "2023-09-06 10:20:47 please add more type info\n"
	             "2021 Apr 15 07:27:04 0.0 ifconfig[6459]: /sbin/ifconfig tap77 create\n",
	             "log.txt");
	evw_analyze(w);
	evw_iface(w, "tun5");
	evw_iface(w, "tap77");
	assert_int_equal(w->m.ifaces.n, 2);
	evw_free(w);
	/* Go daemons' logfmt, a bracketed ISO time, a JSON object's key */
	w = evw_text("time=\"2024-01-05T10:00:00Z\" level=info msg=\"peer up\" interface=wt7\n"
	             "[2024-01-05T10:00:00.123Z] INFO link up on device utun7\n"
	             "2024-01-05 10:00:00 event {\"interface\":\"wg3\"}\n"
	             "level=info msg=x interface=wt8\n",
	             "daemon.log");
	evw_analyze(w);
	evw_iface(w, "wt7");
	evw_iface(w, "utun7");
	evw_iface(w, "wg3");
	assert_int_equal(w->m.ifaces.n, 3); /* no time stamp: no log line */
	evw_free(w);
	/* klog; a name before "interface" after of/for/the */
	w = evw_text(
	    "I1017 21:30:50.456803   29452 routes.go:245] Setting MTU of kube-br9 interface "
	    "to: 65536\n"
	    "E1017 21:30:50.456910   29452 routes.go:248] Failed for the network interface\n",
	    "klog.txt");
	evw_analyze(w);
	evw_iface(w, "kube-br9");
	assert_int_equal(w->m.ifaces.n, 1);
	evw_free(w);
	/* JSON log lines: the interface a field names, the message's words of a creation */
	w = evw_text("{\"level\":\"info\",\"ts\":\"2024-01-05T10:00:00Z\",\"msg\":\"link up\","
	             "\"interface\":\"wg3\"}\n"
	             "{\"level\":\"info\",\"time\":\"2024-01-05T10:00:01Z\",\"msg\":\"created TUN "
	             "device\",\"device\":\"tun9\"}\n"
	             "{\"msg\":\"no time\",\"device\":\"tun8\"}\n",
	             "daemon.json");
	evw_analyze(w);
	evw_iface(w, "wg3");
	assert_non_null(evw_finding(w, "tun9", "log.created-unnamed"));
	assert_int_equal(w->m.ifaces.n, 2);
	evw_free(w);
}

/* A default route through a gateway, even a masked one: a way out, as by a card */
static void way_out_by_default_route(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "Kernel IP routing table\n"
	    "Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n"
	    "0.0.0.0         0.0.0.0         255.255.255.0   U         0 0          0 wg0\n"
	    "0.0.0.0         xxx.xxx.xxx.1     0.0.0.0         UG        0 0          0 eth0\n"
	    "192.0.2.0       0.0.0.0         255.255.255.0   U         0 0          0 eth1\n",
	    "netstat-nr.txt");
	evw_analyze(w);
	const struct ifw_finding *f = evw_finding(w, "eth0", "physical.uplink");
	assert_non_null(f);
	assert_string_equal(evw_ia(w, "eth0")->category, "physical");
	assert_null(evw_finding(w, "eth1", "physical.uplink")); /* no way out by it */
	assert_null(evw_finding(w, "wg0", "physical.uplink"));
	evw_free(w);
	/* a full tunnel's default route has no gateway: no card */
	w = evw_text("default dev tun0 scope link\n"
	             "default via 192.0.2.1 dev eth0 metric 600\n",
	             "ip-route.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "tun0", "physical.uplink"));
	assert_non_null(evw_finding(w, "eth0", "physical.uplink"));
	evw_free(w);
	/* no routes shown: the host's LAN address on an Ethernet-like interface */
	w = evw_text("eth0      Link encap:Ethernet  HWaddr aa:aa:aa:00:7c:cb\n"
	             "          inet addr:192.168.1.100  Bcast:192.168.1.255  Mask:255.255.255.0\n"
	             "          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1\n"
	             "eth1      Link encap:Ethernet  HWaddr aa:aa:aa:00:7c:cc\n"
	             "          inet addr:192.0.2.7  Bcast:192.0.2.255  Mask:255.255.255.0\n"
	             "          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1\n",
	             "ifconfig.txt");
	evw_analyze(w);
	assert_non_null(evw_finding(w, "eth0", "physical.lan-address"));
	assert_null(evw_finding(w, "eth1", "physical.lan-address")); /* not a private LAN's */
	evw_free(w);
}

/* `multipass networks`: bridges with their ports or Multipass's own, cards by their port */
static void multipass_networks(void **state)
{
	(void)state;
	struct evw *w = evw_text("$ multipass networks\n"
	                         "Name     Type         Description\n"
	                         "bridge7  bridge       Network bridge with en1, en2\n"
	                         "mpbr0    bridge       Network bridge for Multipass\n"
	                         "en0      wifi         Wi-Fi\n"
	                         "en1      thunderbolt  Thunderbolt 1\n",
	                         "mp.txt");
	evw_analyze(w);
	const struct ifw_iface *b = iface(w, "bridge7");
	assert_string_equal(b->kind, "bridge");
	assert_int_equal(b->ports.n, 2);
	assert_int_equal(iface(w, "en2")->master, evw_iface(w, "bridge7"));
	assert_non_null(evw_finding(w, "mpbr0", "log.created"));
	assert_string_equal(iface(w, "en0")->hw_port, "Wi-Fi");
	evw_free(w);
}

/* JSON of another tool listing interfaces (fastfetch's localip) */
static void json_interface_list(void **state)
{
	(void)state;
	struct evw *w = evw_text("[\n  {\n    \"type\": \"LocalIp\",\n    \"result\": [\n"
	                         "      {\"defaultRoute\": true, \"ipv4\": \"198.18.0.1/16\", "
	                         "\"mac\": \"\", \"name\": \"utun6\", \"mtu\": 1500}\n"
	                         "    ]\n  }\n]\n",
	                         "fastfetch.json");
	evw_analyze(w);
	assert_true(evw_has_addr(w, "utun6", "198.18.0.1", 16));
	assert_int_equal(iface(w, "utun6")->mtu, 1500);
	assert_string_equal(evw_ia(w, "utun6")->category, "vpn"); /* a proxy's TUN range */
	evw_free(w);
}

/* VMware's network services name their networks' host adapters */
static void vmware_network_services(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("Bridge networking on vmnet0 is not running\n"
	             "Hostonly virtual adapter on vmnet1 is disabled\n"
	             "NAT service on vmnet8 is not running\n"
	             "DEBUG subprocess: stdout: Enabled hostonly virtual adapter on vmnet3\n"
	             "Some/All of the configured services are not running\n"
	             "the NAT service on vmnetwork is fine\n",
	             "vmware.txt");
	evw_analyze(w);
	evw_iface(w, "vmnet0");
	evw_iface(w, "vmnet1");
	evw_iface(w, "vmnet8");
	evw_iface(w, "vmnet3");
	assert_int_equal(w->m.ifaces.n, 4);
	assert_string_equal(evw_ia(w, "vmnet8")->category, "vm");
	evw_free(w);
}

/* airmon-ng's table: each card with its driver and chipset */
static void airmon_cards(void **state)
{
	(void)state;
	struct evw *w = evw_text("PHY\tInterface\tDriver\t\tChipset\n"
	                         "phy0\twlan0\t\tath9k\t\tQualcomm Atheros QCA9565 Adapter\n"
	                         "phy1\twlan1\t\t8812au\t\tRealtek RTL8812AU WLAN Adapter\n",
	                         "airmon.txt");
	evw_analyze(w);
	assert_string_equal(iface(w, "wlan0")->driver, "ath9k");
	assert_non_null(evw_finding(w, "wlan1", "physical.nic"));
	assert_string_equal(evw_ia(w, "wlan1")->category, "physical");
	evw_free(w);
}

/* A Go daemon logging the command line it started with: the device its option names */
static void go_argv_in_a_log(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "Feb 13 20:17:53 host tailscaled[35956]: 2024/02/13 20:17:53 Program starting: "
	    "v1.58.2, Go 1.21.5: []string{\"/usr/local/bin/tailscaled\", \"-port\", "
	    "\"41641\", \"-tun\", \"tailscale0\", \"-statedir\", \"/var/db/tailscale\"}\n"
	    "Feb 13 20:17:54 host other[1]: x: []string{\"a\", \"-tun\", \"-x\"}\n",
	    "messages");
	evw_analyze(w);
	const struct ifw_finding *f = evw_finding(w, "tailscale0", "log.created");
	assert_non_null(f);
	evw_contains(f->claim, "tailscaled");
	assert_int_equal(w->m.ifaces.n, 1); /* "-x" is an option, no device */
	evw_free(w);
}

/* `lxc list`: each instance's interfaces, in the instance's own namespace */
static void lxd_instances(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "+--------+---------+-----------------------+------+------------+-----------+\n"
	    "| NAME | STATE | IPV4 | IPV6 | TYPE | SNAPSHOTS |\n"
	    "+--------+---------+-----------------------+------+------------+-----------+\n"
	    "| web | RUNNING | 192.0.2.5 (eth0) | | PERSISTENT | 0 |\n"
	    "| | | 198.51.100.1 (docker0) | | | |\n"
	    "+--------+---------+-----------------------+------+------------+-----------+\n"
	    "| db | RUNNING | 192.0.2.6 (eth0) | fd00::6 (eth0) | PERSISTENT | 0 |\n",
	    "lxc-list.txt");
	evw_analyze(w);
	assert_int_equal(w->m.ifaces.n, 3); /* web's eth0 and docker0, db's eth0 */
	const struct ifw_iface *d = iface(w, "docker0");
	assert_string_equal(w->m.netns.v[d->ns].name, "web");
	assert_false(w->m.netns.v[d->ns].is_host);
	evw_free(w);
}

/* `ovs-vsctl show`: the bridges and internal ports are ovs-vswitchd's, the rest its ports;
 * tunnel and patch ports are no kernel interfaces */
static void ovs_vsctl_show(void **state)
{
	(void)state;
	struct evw *w = evw_text("    Bridge br-test\n"
	                         "        Port br-test\n"
	                         "            Interface br-test\n"
	                         "                type: internal\n"
	                         "        Port \"tap5f1c0a2b-3d\"\n"
	                         "            tag: 1\n"
	                         "            Interface \"tap5f1c0a2b-3d\"\n"
	                         "        Port vxlan-0a000002\n"
	                         "            Interface vxlan-0a000002\n"
	                         "                type: vxlan\n"
	                         "        Port mgmt\n"
	                         "            Interface mgmt\n"
	                         "                type: internal\n"
	                         "    ovs_version: \"2.17.9\"\n",
	                         "ovs.txt");
	evw_analyze(w);
	const struct ifw_iface *b = iface(w, "br-test");
	assert_string_equal(b->kind, "openvswitch");
	assert_int_equal(b->ports.n, 1);
	assert_int_equal(iface(w, "tap5f1c0a2b-3d")->master, evw_iface(w, "br-test"));
	assert_string_equal(iface(w, "mgmt")->kind, "openvswitch");
	assert_int_equal(w->m.ifaces.n, 3); /* no vxlan-0a000002 */
	assert_non_null(evw_finding(w, "br-test", "ovs.bridge"));
	assert_string_equal(evw_ia(w, "br-test")->category, "bridge");
	evw_free(w);
	/* `ip -d link` of an OVS bridge: the kind the kernel gives it, as live */
	w = evw_text("7: br-phys: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state "
	             "UNKNOWN mode DEFAULT group default qlen 1000\n"
	             "    link/ether 0a:1b:2c:3d:4e:5f brd ff:ff:ff:ff:ff:ff promiscuity 1\n"
	             "    openvswitch addrgenmode eui64 numtxqueues 1 numrxqueues 1\n",
	             "ip-d-link.txt");
	evw_analyze(w);
	assert_string_equal(iface(w, "br-phys")->kind, "openvswitch");
	assert_non_null(evw_finding(w, "br-phys", "ovs.bridge"));
	evw_free(w);
}

/* Parallels' `prlsrvctl net list`, as a table and as JSON */
static void parallels_networks(void **state)
{
	(void)state;
	struct evw *w = evw_text("Network ID        Type      Bound To\n"
	                         "Host-Only         host-only vnic1\n"
	                         "Ethernet (en0)    bridged   en0\n"
	                         "Default           bridged   FF:FF:FF:FF:FF:FF\n",
	                         "prl.txt");
	evw_analyze(w);
	assert_non_null(evw_finding(w, "vnic1", "log.created"));
	assert_null(evw_finding(w, "en0", "log.created"));
	assert_int_equal(w->m.ifaces.n, 2);
	evw_free(w);
	w = evw_text(
	    "[\n {\"Network ID\": \"Shared\", \"Type\": \"shared\", \"Bound To\": \"vnic0\"}\n]\n",
	    "prl.json");
	evw_analyze(w);
	assert_non_null(evw_finding(w, "vnic0", "log.created"));
	evw_free(w);
}

/* p2p0 beside wlan0: the Wi-Fi driver's Wi-Fi Direct interface; alone, only its name */
static void wifi_direct_beside_wlan(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("[ 2298.736288] IPv6: ADDRCONF(NETDEV_UP): wlan0: link is not ready\n"
	             "[ 2298.736288] IPv6: ADDRCONF(NETDEV_UP): p2p0: link is not ready\n",
	             "dmesg.txt");
	evw_analyze(w);
	assert_non_null(evw_finding(w, "p2p0", "wifi.p2p"));
	assert_string_equal(evw_ia(w, "p2p0")->category, "physical");
	evw_free(w);
	w = evw_text("[ 2298.736288] IPv6: ADDRCONF(NETDEV_UP): p2p0: link is not ready\n",
	             "dmesg.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "p2p0", "wifi.p2p"));
	evw_free(w);
}

/* macOS system_profiler: a service's hardware port, a VPN service's provider */
static void system_profiler_services(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("Network:\n\n    Wi-Fi:\n\n      Type: AirPort\n      Hardware: AirPort\n"
	             "      BSD Device Name: en0\n      IPv4 Addresses: 192.0.2.20\n"
	             "      Ethernet:\n          MAC Address: 58:b0:35:ef:ca:38\n\n"
	             "    Tailscale:\n\n      Type: VPN (io.tailscale.ipn.macsys)\n"
	             "      IPv4:\n          Interface Name: utun4\n",
	             "sp.txt");
	evw_analyze(w);
	const struct ifw_iface *en0 = iface(w, "en0");
	assert_string_equal(en0->hw_port, "AirPort");
	assert_int_equal(en0->mac_len, 6);
	assert_true(evw_has_addr(w, "en0", "192.0.2.20", 32));
	assert_true(iface(w, "utun4")->vpn_service);
	const struct ifw_finding *f = evw_finding(w, "utun4", "log.created");
	assert_non_null(f);
	evw_contains(f->claim, "io.tailscale.ipn.macsys");
	assert_string_equal(evw_ia(w, "utun4")->category, "vpn");
	assert_string_equal(w->m.os, "darwin");
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(one_line_listing),
	    cmocka_unit_test(veth_peer_by_name),
	    cmocka_unit_test(ovs_bridge_by_port_mac),
	    cmocka_unit_test(gif_set_up_as_tunnel),
	    cmocka_unit_test(incus_network_list),
	    cmocka_unit_test(modemmanager_ports),
	    cmocka_unit_test(jail_bridge_by_port_names),
	    cmocka_unit_test(lxc_net_bridge_mac),
	    cmocka_unit_test(typed_commands_name_interfaces),
	    cmocka_unit_test(log_add_type_and_dtrace_stamp),
	    cmocka_unit_test(way_out_by_default_route),
	    cmocka_unit_test(multipass_networks),
	    cmocka_unit_test(json_interface_list),
	    cmocka_unit_test(vmware_network_services),
	    cmocka_unit_test(airmon_cards),
	    cmocka_unit_test(go_argv_in_a_log),
	    cmocka_unit_test(lxd_instances),
	    cmocka_unit_test(ovs_vsctl_show),
	    cmocka_unit_test(parallels_networks),
	    cmocka_unit_test(wifi_direct_beside_wlan),
	    cmocka_unit_test(system_profiler_services),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
