/* Interface names people ask about, from data/knowledge/ifnames.json: Proxmox VE's bridges and
 * per-guest plumbing, Open vSwitch's datapath devices, monitor-mode capture devices, phone
 * modems and mesh VPNs, each told by its name in saved output; and names that only look like
 * them (a bridge called vmbr0 that nothing else marks as Proxmox's, a prefix without the
 * naming scheme behind it) get no more than that. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

/* A Proxmox VE node with a container whose NIC has the firewall on, OVN's tunnel, an
 * airmon-ng capture device and Hamachi; the last two names only start like known ones. */
static const char ip_addr_pve[] =
    "$ ip addr\n"
    "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen "
    "1000\n"
    "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
    "    inet 127.0.0.1/8 scope host lo\n"
    "2: eno1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq master vmbr0 state UP group "
    "default qlen 1000\n"
    "    link/ether 3c:ec:ef:00:11:22 brd ff:ff:ff:ff:ff:ff\n"
    "3: vmbr0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default "
    "qlen 1000\n"
    "    link/ether 3c:ec:ef:00:11:22 brd ff:ff:ff:ff:ff:ff\n"
    "    inet 192.0.2.10/24 scope global vmbr0\n"
    "4: veth101i0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master "
    "fwbr101i0 state UP group default qlen 1000\n"
    "    link/ether fe:12:34:56:78:9a brd ff:ff:ff:ff:ff:ff link-netnsid 0\n"
    "5: fwbr101i0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group "
    "default qlen 1000\n"
    "    link/ether 2a:11:22:33:44:55 brd ff:ff:ff:ff:ff:ff\n"
    "6: fwpr101p0@fwln101i0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master "
    "vmbr0 state UP group default qlen 1000\n"
    "    link/ether 2a:11:22:33:44:66 brd ff:ff:ff:ff:ff:ff\n"
    "7: fwln101i0@fwpr101p0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master "
    "fwbr101i0 state UP group default qlen 1000\n"
    "    link/ether 2a:11:22:33:44:77 brd ff:ff:ff:ff:ff:ff\n"
    "8: ovs-system: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen "
    "1000\n"
    "    link/ether 6a:1f:2e:3d:4c:5b brd ff:ff:ff:ff:ff:ff\n"
    "9: genev_sys_6081: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 65000 qdisc noqueue master "
    "ovs-system state UNKNOWN group default qlen 1000\n"
    "    link/ether b6:0e:c0:11:15:b5 brd ff:ff:ff:ff:ff:ff\n"
    "10: wlan0mon: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UNKNOWN group "
    "default qlen 1000\n"
    "    link/ieee802.11/radiotap 00:c0:ca:12:34:56 brd ff:ff:ff:ff:ff:ff\n"
    "11: ham0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1404 qdisc fq_codel state UNKNOWN group "
    "default qlen 1000\n"
    "    link/ether 7a:79:19:31:6e:c7 brd ff:ff:ff:ff:ff:ff\n"
    "    inet 25.49.110.199/8 brd 25.255.255.255 scope global ham0\n"
    "12: fwbr1x0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen 1000\n"
    "    link/ether 2a:00:00:00:00:02 brd ff:ff:ff:ff:ff:ff\n"
    "13: veth100x0@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP "
    "group default qlen 1000\n"
    "    link/ether fe:00:00:00:00:03 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n";

/* The category of the name finding and of the verdict, and how much the name alone earned. */
static const struct ifw_finding *by_name(const struct evw *w, const char *iface,
                                         const char *category)
{
	const struct ifw_finding *fi = evw_finding(w, iface, "names.pattern");
	assert_non_null(fi);
	assert_string_equal(fi->category, category);
	assert_non_null(evw_ia(w, iface)->category);
	assert_string_equal(evw_ia(w, iface)->category, category);
	return fi;
}

static void proxmox_and_friends(void **state)
{
	(void)state;
	struct evw *w = evw_text(ip_addr_pve, "ip-addr.txt");
	evw_analyze(w);
	/* the container's NIC and the firewall plumbing: the names are Proxmox's own scheme */
	evw_contains(by_name(w, "veth101i0", "container")->claim, "Proxmox");
	evw_contains(by_name(w, "fwbr101i0", "vm")->claim, "firewall bridge");
	evw_contains(by_name(w, "fwln101i0", "vm")->claim, "fwpr");
	evw_contains(by_name(w, "fwpr101p0", "vm")->claim, "vmbrN");
	assert_true(evw_finding(w, "fwbr101i0", "names.pattern")->confidence >= 70);
	/* Open vSwitch: the datapath and its Geneve port */
	by_name(w, "ovs-system", "bridge");
	evw_contains(by_name(w, "genev_sys_6081", "overlay")->claim, "6081");
	/* an airmon-ng capture device and Hamachi */
	evw_contains(by_name(w, "wlan0mon", "capture")->claim, "monitor");
	evw_contains(by_name(w, "ham0", "mesh-vpn")->claim, "Hamachi");
	/* names that only start like the scheme: no Proxmox knowledge, and no firewall-bridge
	 * or container verdict from the name */
	assert_null(evw_finding(w, "fwbr1x0", "names.pattern"));
	const char *cat = evw_ia(w, "fwbr1x0")->category;
	assert_true(!cat || strcmp(cat, "vm") != 0);
	const struct ifw_finding *generic = evw_finding(w, "veth100x0", "names.pattern");
	assert_true(!generic || strstr(generic->claim, "Proxmox") == NULL);
	evw_free(w);
}

/* A vmbr0 is Proxmox's by convention only: its name is a medium hint, so the bridge gets a
 * possible verdict at most, not a likely one, when nothing else says Proxmox. */
static void vmbr_is_only_a_hint(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "$ ip addr\n"
	    "3: vmbr0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group "
	    "default qlen 1000\n"
	    "    link/ether 2a:00:00:00:10:01 brd ff:ff:ff:ff:ff:ff\n"
	    "    inet 198.51.100.1/24 scope global vmbr0\n"
	    "4: vmbridge: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group "
	    "default qlen 1000\n"
	    "    link/ether 2a:00:00:00:10:02 brd ff:ff:ff:ff:ff:ff\n",
	    "ip-addr.txt");
	evw_analyze(w);
	const struct ifw_finding *fi = by_name(w, "vmbr0", "bridge");
	evw_contains(fi->claim, "Proxmox");
	assert_true(fi->confidence >= 40 && fi->confidence < 70);
	assert_true(evw_ia(w, "vmbr0")->confidence < 70);
	/* a longer name that merely starts with vmbr is not Proxmox's scheme */
	assert_null(evw_finding(w, "vmbridge", "names.pattern"));
	evw_free(w);
}

/* ifconfig on a phone (MediaTek and Qualcomm modems) and a Linux host with OVS's VXLAN port,
 * a kube-router node's bridge and a USB Wi-Fi adapter named by systemd. */
static const char ifconfig_mixed[] =
    "$ ifconfig\n"
    "ccmni0: flags=193<UP,RUNNING,NOARP>  mtu 1440\n"
    "        inet 10.0.0.5  netmask 255.0.0.0\n"
    "        unspec 00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00  txqueuelen 1000  (UNSPEC)\n"
    "rmnet_data0: flags=193<UP,RUNNING,NOARP>  mtu 1500\n"
    "        inet 10.149.211.81  netmask 255.255.255.252\n"
    "        unspec 00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00  txqueuelen 1000  (UNSPEC)\n"
    "vxlan_sys_4789: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 65000\n"
    "        ether 9e:11:22:33:44:55  txqueuelen 1000  (Ethernet)\n"
    "kube-bridge: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n"
    "        inet 203.0.113.1  netmask 255.255.255.0  broadcast 203.0.113.255\n"
    "        ether 2a:00:00:00:20:01  txqueuelen 1000  (Ethernet)\n"
    "wlx00c0ca123456: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n"
    "        inet 192.0.2.77  netmask 255.255.255.0  broadcast 192.0.2.255\n"
    "        ether 00:c0:ca:12:34:56  txqueuelen 1000  (Ethernet)\n"
    "monitor0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n"
    "        ether 2a:00:00:00:20:02  txqueuelen 1000  (Ethernet)\n";

static void phones_overlays_and_adapters(void **state)
{
	(void)state;
	struct evw *w = evw_text(ifconfig_mixed, "ifconfig.txt");
	evw_analyze(w);
	assert_string_equal(w->m.os, "linux");
	evw_contains(by_name(w, "ccmni0", "cellular")->claim, "MediaTek");
	by_name(w, "rmnet_data0", "cellular");
	/* OVS's port, not a hand-made VXLAN (vxlan* comes later in the knowledge) */
	evw_contains(by_name(w, "vxlan_sys_4789", "overlay")->claim, "Open vSwitch");
	evw_contains(by_name(w, "kube-bridge", "container")->claim, "kube-router");
	evw_contains(evw_finding(w, "wlx00c0ca123456", "names.pattern")->claim, "Wi-Fi");
	/* mon[0-9]* is airmon-ng's old scheme; "monitor0" is not it */
	assert_null(evw_finding(w, "monitor0", "names.pattern"));
	evw_free(w);
}

/* Proxmox's tap<vmid>i<n> is a VM's card, found before the generic tap[0-9]* entry; a plain
 * tap0 keeps the generic guess. */
static void proxmox_vm_tap(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "$ ip link\n"
	    "12: tap100i0: <BROADCAST,MULTICAST,PROMISC,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast "
	    "master vmbr0 state UNKNOWN mode DEFAULT group default qlen 1000\n"
	    "    link/ether 6a:1b:2c:3d:4e:5f brd ff:ff:ff:ff:ff:ff\n"
	    "13: tap0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UNKNOWN "
	    "mode DEFAULT group default qlen 1000\n"
	    "    link/ether 6a:1b:2c:3d:4e:50 brd ff:ff:ff:ff:ff:ff\n",
	    "iplink.txt");
	evw_analyze(w);
	assert_string_equal(evw_ia(w, "tap100i0")->category, "vm");
	assert_true(evw_ia(w, "tap100i0")->confidence >= 70);
	assert_true(strcmp(evw_ia(w, "tap0")->category, "vm") != 0 ||
	            evw_ia(w, "tap0")->confidence < 70);
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(proxmox_and_friends),
	    cmocka_unit_test(vmbr_is_only_a_hint),
	    cmocka_unit_test(phones_overlays_and_adapters),
	    cmocka_unit_test(proxmox_vm_tap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
