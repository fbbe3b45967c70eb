/* Structure a paste shows without an interface listing: where sysfs puts each interface's device
 * (p_sysnet.c: a bus and its address for a card, devices/virtual for software's), NetworkManager's
 * terse rows (`nmcli -t`, p_nmcli.c and p_nmcli_conn.c), and a port of a VMs' switch whose name
 * no knowledge files (rule_vm_port.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

/* ls -l and readlink -f of /sys/class/net: a PCI Wi-Fi card is a card, virtio's is a VM's, a USB
 * adapter's bus is USB; a virtual device is listed and no card. */
static void sysfs_device_paths(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "$ ls -l /sys/class/net/\n"
	    "total 0\n"
	    "lrwxrwxrwx 1 root root 0 Oct  3 13:06 docker0 -> ../../devices/virtual/net/docker0\n"
	    "lrwxrwxrwx 1 root root 0 Oct  3 13:06 wlan0 -> "
	    "../../devices/pci0000:00/0000:00:14.3/net/wlan0\n"
	    "lrwxrwxrwx 1 root root 0 Oct  3 13:06 tun0 -> ../../devices/virtual/net/tun0\n"
	    "$ readlink -f /sys/class/net/eth0 /sys/class/net/enx00e04c680001\n"
	    "/sys/devices/pci0000:00/0000:00:03.0/virtio0/net/eth0\n"
	    "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/net/enx00e04c680001\n",
	    "sys.txt");
	evw_analyze(w);
	const struct ifw_iface *wl = &w->m.ifaces.v[evw_iface(w, "wlan0")];
	assert_string_equal(wl->bus_info, "0000:00:14.3");
	assert_string_equal(wl->bus, "pci");
	assert_string_equal(evw_ia(w, "wlan0")->category, "physical");
	assert_string_equal(w->m.ifaces.v[evw_iface(w, "eth0")].driver, "virtio_net");
	assert_string_equal(w->m.ifaces.v[evw_iface(w, "enx00e04c680001")].bus, "usb");
	assert_null(w->m.ifaces.v[evw_iface(w, "tun0")].bus_info);
	assert_string_equal(evw_ia(w, "docker0")->category, "container");
	assert_string_equal(w->m.os, "linux");
	evw_free(w);
}

/* A line that only ends in such a path, or whose link's name is another interface's, names
 * nothing: a message cannot make root's wg0 a PCI card. */
static void sysfs_path_in_words(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "4: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue state UNKNOWN\n"
	    "    link/none \n"
	    "Dec  7 10:00:01 host alice: see -> ../../devices/pci0000:00/0000:00:14.3/net/wg0\n"
	    "lrwxrwxrwx 1 root root 0 Oct  3 13:06 eth1 -> "
	    "../../devices/pci0000:00/0000:00:14.3/net/wg0\n",
	    "sys.txt");
	evw_analyze(w);
	assert_null(w->m.ifaces.v[evw_iface(w, "wg0")].bus_info);
	assert_false(evw_has_iface(w, "eth1"));
	assert_string_not_equal(evw_ia(w, "wg0")->category, "physical");
	evw_free(w);
}

/* `nmcli -t -f NAME,TYPE,DEVICE connection` and `nmcli -t device`: a WireGuard profile's device
 * is a WireGuard tunnel NetworkManager made for it; docker0, named like its profile, is only
 * watched; the device rows give kinds and "(externally)". */
static void nmcli_terse_rows(void **state)
{
	(void)state;
	struct evw *w = evw_text("SSID:802-11-wireless\n"
	                         "office:wireguard\n"
	                         "SSID:802-11-wireless:wlp2s0\n"
	                         "office:wireguard:wg-office\n"
	                         "docker0:bridge:docker0\n",
	                         "nm.txt");
	evw_analyze(w);
	const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, "wg-office")];
	assert_string_equal(f->kind, "wireguard");
	assert_string_equal(f->nm_connection, "office");
	assert_null(w->m.ifaces.v[evw_iface(w, "docker0")].nm_connection);
	assert_string_equal(evw_ia(w, "docker0")->category, "container");
	assert_false(evw_has_iface(w, "SSID"));
	evw_free(w);

	w = evw_text("wlp2s0:wifi:connected:Home\\: 5G\n"
	             "tun0:tun:connected (externally):tun0\n"
	             "lo:loopback:unmanaged:\n",
	             "nm.txt");
	evw_analyze(w);
	f = &w->m.ifaces.v[evw_iface(w, "tun0")];
	assert_string_equal(f->kind, "tun");
	assert_true(f->nm_external);
	assert_string_equal(w->m.ifaces.v[evw_iface(w, "wlp2s0")].nm_connection, "Home\\: 5G");
	assert_true(evw_has_iface(w, "lo"));
	evw_free(w);

	/* `nmcli -g all device`: the profile is the seventh field, after the connectivities */
	w = evw_text("br-ex:ovs-interface:connected:full:full:/org/freedesktop/NetworkManager/"
	             "Devices/22:ovs-if-br-ex:5b7d9c3e-1f2a-4b6c-8d9e-0a1b2c3d4e5f:/org/"
	             "freedesktop/NetworkManager/ActiveConnection/3\n",
	             "nm.txt");
	evw_analyze(w);
	assert_string_equal(w->m.ifaces.v[evw_iface(w, "br-ex")].nm_connection, "ovs-if-br-ex");
	evw_free(w);
}

/* A port of libvirt's switch that only `brctl show` names, with a name no knowledge files:
 * perhaps a guest's card (possible, not likely); a port with a maker's MAC is the uplink. */
static void unnamed_port_of_vm_switch(void **state)
{
	(void)state;
	struct evw *w = evw_text("$ brctl show\n"
	                         "bridge name\tbridge id\t\tSTP enabled\tinterfaces\n"
	                         "virbr0\t\t8000.6a027ab3764a\tyes\t\tgns3tap0-0\n",
	                         "brctl.txt");
	evw_analyze(w);
	const struct ifw_finding *fi = evw_finding(w, "gns3tap0-0", "bridge.vm-port");
	assert_non_null(fi);
	assert_true(fi->confidence < 70);
	assert_string_equal(evw_ia(w, "gns3tap0-0")->category, "vm");
	evw_free(w);

	w = evw_text(
	    "2: enp3s0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel master "
	    "virbr0 state UP\n"
	    "    link/ether 00:1b:21:3a:4f:10 brd ff:ff:ff:ff:ff:ff\n"
	    "3: virbr0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP\n"
	    "    link/ether 52:54:00:3a:4f:11 brd ff:ff:ff:ff:ff:ff\n"
	    "    inet 192.168.122.1/24 brd 192.168.122.255 scope global virbr0\n",
	    "ip.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "enp3s0", "bridge.vm-port"));
	evw_free(w);
}

/* `networkctl status`: each block's kind, driver, MAC, MTU and addresses (the lines under
 * "Address:" too); "Hardware Address:" names no interface "Hardware". */
static void networkctl_status_blocks(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("\xe2\x97\x8f 4: virbr0\n"
	             "                     Link File: /lib/systemd/network/99-default.link\n"
	             "                  Network File: n/a\n"
	             "                         State: no-carrier (unmanaged)\n"
	             "                          Kind: bridge\n"
	             "                        Driver: bridge\n"
	             "              Hardware Address: 52:54:00:1c:39:27\n"
	             "                           MTU: 1500 (min: 68, max: 65535)\n"
	             "\n"
	             "\xe2\x97\x8f 10: wg0\n"
	             "                          Kind: wireguard\n"
	             "                           MTU: 1416 (max: 2147483552)\n"
	             "                       Address: 192.168.20.4\n"
	             "                                fc00:20::4\n"
	             "\n"
	             "\xe2\x97\x8f 2: enp0s31f6\n"
	             "                          Path: pci-0000:00:1f.6\n"
	             "                        Driver: e1000e\n",
	             "networkctl.txt");
	evw_analyze(w);
	const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, "virbr0")];
	assert_string_equal(f->kind, "bridge");
	assert_int_equal(f->mac_len, 6);
	assert_int_equal(f->mtu, 1500);
	assert_false(evw_has_iface(w, "Hardware"));
	assert_true(evw_has_addr(w, "wg0", "192.168.20.4", 32));
	assert_true(evw_has_addr(w, "wg0", "fc00:20::4", 128));
	assert_string_equal(w->m.ifaces.v[evw_iface(w, "wg0")].kind, "wireguard");
	assert_string_equal(w->m.ifaces.v[evw_iface(w, "enp0s31f6")].bus_info, "0000:00:1f.6");
	assert_string_equal(evw_ia(w, "enp0s31f6")->category, "physical");
	evw_free(w);

	w = evw_text("              Hardware Address: 52:54:00:1c:39:27\n"
	             "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP\n"
	             "    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff\n",
	             "x.txt");
	assert_false(evw_has_iface(w, "Hardware"));
	evw_free(w);
}

/* OPNsense's and pfSense's console list: the device (in the parentheses, or after pfSense's
 * second arrow), the admin's name for it as its description, its addresses; FreeBSD, where
 * Docker's address plan says nothing. */
static void firewall_console_list(void **state)
{
	(void)state;
	struct evw *w = evw_text(" CLOUD_VPN (wg1) -> v4: 172.17.0.2/30\n"
	                         " WAN (vtnet0)    -> v4: 172.18.0.2/30\n"
	                         "                    v6/DHCP6: 2001:db8:6e00::2/64\n",
	                         "banner.txt");
	evw_analyze(w);
	const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, "wg1")];
	assert_string_equal(f->alias, "CLOUD_VPN");
	assert_true(evw_has_addr(w, "vtnet0", "2001:db8:6e00::2", 64));
	assert_string_equal(w->m.os, "freebsd");
	assert_string_equal(evw_ia(w, "wg1")->category, "vpn");
	assert_null(strstr(evw_verdict(w, "wg1")->claim, "ocker"));
	evw_free(w);

	w = evw_text(" WAN (wan)       -> vtnet0     -> v4/DHCP4: 192.0.2.10/24\n"
	             " LAN (lan)       -> igb1       -> v4: 10.0.0.1/24\n",
	             "banner.txt");
	evw_analyze(w);
	assert_true(evw_has_addr(w, "vtnet0", "192.0.2.10", 24));
	assert_true(evw_has_iface(w, "igb1"));
	assert_false(evw_has_iface(w, "wan"));
	evw_free(w);
}

/* A VLAN's block alone names its parent, which exists; a Linux br0 with a card maker's MAC (a
 * bridge takes a port's) is a bridge by its name, not a card. */
static void vlan_parent_and_bridge_mac(void **state)
{
	(void)state;
	struct evw *w = evw_text("vmx2_vlan234: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> "
	                         "metric 0 mtu 1500\n"
	                         "        ether 00:0c:29:2a:17:cd\n"
	                         "        vlan: 234 parent interface: vmx2\n",
	                         "ifconfig.txt");
	evw_analyze(w);
	assert_true(evw_has_iface(w, "vmx2"));
	assert_string_equal(w->m.ifaces.v[evw_iface(w, "vmx2_vlan234")].kind, "vlan");
	evw_free(w);

	w = evw_text("br0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n"
	             "        inet 192.168.178.93  netmask 255.255.255.0  broadcast "
	             "192.168.178.255\n"
	             "        ether dc:a6:32:a9:ff:e7  txqueuelen 1000  (Ethernet)\n",
	             "ifconfig.txt");
	evw_analyze(w);
	assert_string_equal(evw_ia(w, "br0")->category, "bridge");
	assert_null(evw_finding(w, "br0", "physical.vendor-mac"));
	evw_free(w);
}

/* iproute2mac's `ip route` on a Mac: Linux's form, a Mac's names (utun8, en0, no lo): the
 * system is the Mac; with Linux's names (lo, eth0) it stays Linux. */
static void mac_names_outweigh_forms(void **state)
{
	(void)state;
	struct evw *w = evw_text("$ifconfig utun8\n"
	                         "utun8: flags=8051<UP,POINTOPOINT,RUNNING,MULTICAST> mtu 1280\n"
	                         "$ip route show\n"
	                         "default via 192.168.2.1 dev en0\n"
	                         "10.211.55.0/24 dev vnic0  scope link\n"
	                         "127.0.0.0/8 via 127.0.0.1 dev lo0\n"
	                         "169.254.0.0/16 dev en0  scope link\n",
	                         "mac.txt");
	evw_analyze(w);
	assert_string_equal(w->m.os, "darwin");
	assert_string_equal(evw_ia(w, "en0")->category, "physical");
	evw_free(w);

	w = evw_text("default via 192.168.2.1 dev eth0\n"
	             "10.8.0.0/24 dev utun8 scope link\n"
	             "169.254.0.0/16 dev en0 scope link\n",
	             "linux.txt");
	evw_analyze(w);
	assert_string_equal(w->m.os, "linux");
	evw_free(w);
}

/* `incus info` and LXD 2's `lxc info`: the host end of the instance's link is the daemon's; the
 * instance's own eth0 and lo are not this host's. */
static void instance_host_ends(void **state)
{
	(void)state;
	struct evw *w = evw_text("$ incus info first\n"
	                         "Name: first\n"
	                         "Type: container\n"
	                         "\n"
	                         "Resources:\n"
	                         "  Network usage:\n"
	                         "    eth0:\n"
	                         "      Type: broadcast\n"
	                         "      Host interface: veth47320dd2\n"
	                         "      MAC address: 10:66:6a:e7:83:6e\n"
	                         "    lo:\n"
	                         "      Type: loopback\n",
	                         "info.txt");
	evw_analyze(w);
	const struct ifw_finding *fi = evw_finding(w, "veth47320dd2", "log.created");
	assert_non_null(fi);
	evw_contains(fi->claim, "incus");
	assert_false(evw_has_iface(w, "eth0"));
	evw_free(w);

	w = evw_text("$ lxc info hardening\n"
	             "Name: hardening\n"
	             "Ips:\n"
	             "  eth0:\tinet6\tfe80::216:3eff:fe04:f431\tvethTX24YI\n"
	             "  lo:\tinet\t127.0.0.1\n",
	             "info.txt");
	evw_analyze(w);
	fi = evw_finding(w, "vethTX24YI", "log.created");
	assert_non_null(fi);
	evw_contains(fi->claim, "lxd");
	assert_string_equal(evw_ia(w, "vethTX24YI")->category, "container");
	evw_free(w);
}

/* iwconfig and iw dev: a radio's interfaces with their modes (a managed card, hostapd's access
 * point, a monitor interface); "addr" is no interface, an unnamed P2P device none either. */
static void wifi_listings(void **state)
{
	(void)state;
	struct evw *w = evw_text("$ iw dev\n"
	                         "phy#0\n"
	                         "\tUnnamed/non-netdev interface\n"
	                         "\t\twdev 0x2\n"
	                         "\t\taddr 3c:a9:f4:12:34:56\n"
	                         "\t\ttype P2P-device\n"
	                         "\tInterface wlan0\n"
	                         "\t\tifindex 3\n"
	                         "\t\taddr 3c:a9:f4:12:34:56\n"
	                         "\t\ttype managed\n"
	                         "\tInterface ap0\n"
	                         "\t\ttype AP\n"
	                         "\tInterface mon0\n"
	                         "\t\ttype monitor\n",
	                         "iw.txt");
	evw_analyze(w);
	assert_false(evw_has_iface(w, "addr"));
	assert_string_equal(evw_ia(w, "wlan0")->category, "physical");
	assert_int_equal(w->m.ifaces.v[evw_iface(w, "wlan0")].mac_len, 6);
	assert_string_equal(w->m.ifaces.v[evw_iface(w, "ap0")].hw_port, "Wi-Fi (AP)");
	assert_string_equal(evw_ia(w, "mon0")->category, "capture");
	evw_free(w);

	w = evw_text("lo        no wireless extensions.\n"
	             "\n"
	             "wlp3s0    IEEE 802.11  ESSID:\"home\"\n"
	             "          Mode:Master  Frequency:5.18 GHz\n",
	             "iwconfig.txt");
	evw_analyze(w);
	assert_string_equal(w->m.ifaces.v[evw_iface(w, "wlp3s0")].hw_port, "Wi-Fi (AP)");
	assert_null(w->m.ifaces.v[evw_iface(w, "lo")].hw_port);
	evw_free(w);
}

/* lshw's network blocks: a card's bus, driver and MAC; a bridge it lists stays no card. */
static void lshw_blocks(void **state)
{
	(void)state;
	struct evw *w = evw_text("  *-network\n"
	                         "       description: Wireless interface\n"
	                         "       bus info: pci@0000:00:14.3\n"
	                         "       logical name: wlp0s20f3\n"
	                         "       serial: 3c:a9:f4:12:34:56\n"
	                         "       configuration: broadcast=yes driver=iwlwifi link=yes\n"
	                         "  *-network:1\n"
	                         "       logical name: docker0\n"
	                         "       serial: 02:42:ac:11:00:01\n"
	                         "       configuration: broadcast=yes driver=bridge\n",
	                         "lshw.txt");
	evw_analyze(w);
	const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, "wlp0s20f3")];
	assert_string_equal(f->driver, "iwlwifi");
	assert_string_equal(f->bus, "pci");
	assert_string_equal(f->bus_info, "0000:00:14.3");
	assert_string_equal(evw_ia(w, "wlp0s20f3")->category, "physical");
	assert_null(w->m.ifaces.v[evw_iface(w, "docker0")].bus_info);
	assert_string_equal(evw_ia(w, "docker0")->category, "container");
	evw_free(w);
}

/* ethtool -i after its command: a card's driver and PCI address; a virtual driver is a kind. */
static void ethtool_driver(void **state)
{
	(void)state;
	struct evw *w = evw_text("$ ethtool -i enp0s25\n"
	                         "driver: e1000e\n"
	                         "version: 3.2.6-k\n"
	                         "bus-info: 0000:00:19.0\n"
	                         "supports-statistics: yes\n"
	                         "$ sudo ethtool -i tun0\n"
	                         "driver: tun\n"
	                         "bus-info: tap\n",
	                         "ethtool.txt");
	evw_analyze(w);
	assert_string_equal(evw_ia(w, "enp0s25")->category, "physical");
	assert_string_equal(w->m.ifaces.v[evw_iface(w, "enp0s25")].bus_info, "0000:00:19.0");
	assert_string_equal(w->m.ifaces.v[evw_iface(w, "tun0")].kind, "tun");
	assert_null(w->m.ifaces.v[evw_iface(w, "tun0")].bus_info);
	assert_false(evw_has_iface(w, "driver"));
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(sysfs_device_paths),
	    cmocka_unit_test(sysfs_path_in_words),
	    cmocka_unit_test(nmcli_terse_rows),
	    cmocka_unit_test(unnamed_port_of_vm_switch),
	    cmocka_unit_test(networkctl_status_blocks),
	    cmocka_unit_test(firewall_console_list),
	    cmocka_unit_test(vlan_parent_and_bridge_mac),
	    cmocka_unit_test(mac_names_outweigh_forms),
	    cmocka_unit_test(instance_host_ends),
	    cmocka_unit_test(wifi_listings),
	    cmocka_unit_test(lshw_blocks),
	    cmocka_unit_test(ethtool_driver),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
