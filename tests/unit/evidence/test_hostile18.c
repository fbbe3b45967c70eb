/* Hostile inputs of the eighteenth pass (docs/ROBUSTNESS.md): configuration files known by any
 * path, libvirt's and sysfs's shapes in what anyone writes, and benign outputs (full lshw,
 * ethtool -i of a tun device, an SSID) read as what they are not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

/* root's `ip addr`: a card with its maker's MAC and a point-to-point tun0 */
static const char listing[] =
    "$ ip addr\n"
    "2: enp3s0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group "
    "default qlen 1000\n"
    "    link/ether 3c:7c:3f:11:22:33 brd ff:ff:ff:ff:ff:ff\n"
    "    inet 192.0.2.10/24 brd 192.0.2.255 scope global enp3s0\n"
    "5: tun0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UNKNOWN "
    "group default qlen 500\n"
    "    link/none \n"
    "    inet 10.8.0.2/24 scope global tun0\n";

static struct evw *with_listing(const char *rest)
{
	size_t n = strlen(listing) + strlen(rest) + 1;
	char *buf = malloc(n);
	assert_non_null(buf);
	snprintf(buf, n, "%s%s", listing, rest);
	struct evw *w = evw_text(buf, "paste.txt");
	free(buf);
	evw_analyze(w);
	return w;
}

/* A file was a manager's configuration by a substring of any path: alice's x.netdev,
 * netplan-notes.yaml, office.nmconnection or /home/alice/etc/network/interfaces declared root's
 * interfaces, citing a system path (likely 70). Only the manager's directories count, at the
 * path's start, and the claim names the path as shown. */
static void config_known_by_its_directory(void **state)
{
	(void)state;
	static const char netdev[] = "[NetDev]\nName=enp3s0\nKind=wireguard\n";
	static const char netplan[] = "network:\n  version: 2\n  tunnels:\n    tun0:\n"
	                              "      mode: wireguard\n      peers:\n"
	                              "        - endpoint: 203.0.113.9:51820\n";
	static const char nm[] = "[connection]\nid=office\ntype=wireguard\ninterface-name=tun0\n"
	                         "\n[wireguard]\n";
	static const char ifupdown[] = "auto tun0\niface tun0 inet static\n  address 10.8.0.2/24\n"
	                               "  pre-up ip link add tun0 type wireguard\n";
	static const struct {
		const char *path, *body, *iface;
		bool read;
	} cases[] = {
	    {"/home/alice/tmp/x.netdev", netdev, "enp3s0", false},
	    {"/etc/systemd/network/x.netdev", netdev, "enp3s0", true},
	    {"/etc/systemd/network/../../../home/alice/x.netdev", netdev, "enp3s0", false},
	    {"/home/alice/netplan-notes.yaml", netplan, "tun0", false},
	    {"/etc/netplan/01-wg.yaml", netplan, "tun0", true},
	    {"/home/alice/Downloads/office.nmconnection", nm, "tun0", false},
	    {"/etc/NetworkManager/system-connections/office.nmconnection", nm, "tun0", true},
	    {"/home/alice/etc/network/interfaces", ifupdown, "tun0", false},
	    {"/etc/network/interfaces.d/tun0", ifupdown, "tun0", true},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[1024];
		snprintf(buf, sizeof(buf), "$ cat %s\n%s", cases[i].path, cases[i].body);
		struct evw *w = with_listing(buf);
		const struct ifw_finding *f = evw_finding(w, cases[i].iface, "config.declared");
		if (cases[i].read) {
			if (!f)
				print_message("not read: %s\n", cases[i].path);
			assert_non_null(f);
			evw_contains(f->claim, cases[i].path);
		} else {
			if (f)
				evw_dump(w, cases[i].iface);
			assert_null(f);
		}
		evw_free(w);
	}
}

/* `/etc/wireguard/` in the middle of a path (/home/alice/etc/wireguard/enp3s0.conf) made root's
 * card "declared by ... (wg-quick)" with a far end (likely 70). */
static void wireguard_dir_at_path_start(void **state)
{
	(void)state;
	static const char conf[] = "[Interface]\nAddress = 10.9.0.2/24\n\n[Peer]\n"
	                           "PublicKey = aGVsbG8gd29ybGQgaGVsbG8gd29ybGQgaGVsbG8gd28=\n"
	                           "Endpoint = 203.0.113.66:51820\nAllowedIPs = 0.0.0.0/0\n";
	static const struct {
		const char *path;
		bool read;
	} cases[] = {
	    {"/home/alice/etc/wireguard/enp3s0.conf", false},
	    {"/etc/wireguard/enp3s0.conf", true},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[1024];
		snprintf(buf, sizeof(buf), "$ sudo cat %s\n%s", cases[i].path, conf);
		struct evw *w = with_listing(buf);
		const struct ifw_finding *f = evw_finding(w, "enp3s0", "config.declared");
		if (cases[i].read) {
			assert_non_null(f);
			evw_contains(f->claim, cases[i].path);
		} else {
			assert_null(f);
		}
		evw_free(w);
	}
}

/* `virsh domiflist` named any device libvirt's (likely 75): a domain's target is its XML's,
 * which a libvirt-group user writes. A device a listing shows with another MAC than the
 * guest's (but its first byte), or a point-to-point one, is not libvirt's. */
static void domiflist_checks_the_mac(void **state)
{
	(void)state;
	struct evw *w = with_listing("$ virsh domiflist alicevm\n"
	                             " Interface   Type     Source   Model    MAC\n"
	                             "-------------------------------------------------------\n"
	                             " enp3s0      bridge   br0      virtio   52:54:00:5c:6b:2a\n"
	                             " tun0        network  default  virtio   52:54:00:11:22:33\n");
	assert_false(evw_sure_creator(w, "enp3s0"));
	assert_false(evw_sure_creator(w, "tun0"));
	const struct ifw_iface_analysis *ia = evw_ia(w, "tun0");
	for (size_t i = 0; i < ia->findings.n; i++)
		assert_true(ia->findings.v[i]->confidence < 70);
	evw_free(w);

	/* the same rows read before the listing */
	w = evw_text("$ virsh domiflist alicevm\n"
	             " Interface   Type     Source   Model    MAC\n"
	             "-------------------------------------------------------\n"
	             " enp3s0      bridge   br0      virtio   52:54:00:5c:6b:2a\n"
	             "\n"
	             "$ ip addr\n"
	             "2: enp3s0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP\n"
	             "    link/ether 3c:7c:3f:11:22:33 brd ff:ff:ff:ff:ff:ff\n",
	             "paste.txt");
	evw_analyze(w);
	assert_false(evw_sure_creator(w, "enp3s0"));
	evw_free(w);

	/* libvirt's own tap: the guest's MAC with fe as its first byte */
	w = evw_text("$ ip addr\n"
	             "7: vnet0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master virbr0 state "
	             "UNKNOWN\n"
	             "    link/ether fe:54:00:5c:6b:2a brd ff:ff:ff:ff:ff:ff\n"
	             "$ virsh domiflist web1\n"
	             " Interface   Type     Source    Model    MAC\n"
	             "-------------------------------------------------------\n"
	             " vnet0       network  default   virtio   52:54:00:5c:6b:2a\n",
	             "paste.txt");
	evw_analyze(w);
	const struct ifw_finding *f = evw_finding(w, "vnet0", "log.created");
	assert_non_null(f);
	evw_contains(f->claim, "libvirtd");
	evw_free(w);
}

/* `ls -la /tmp` showing alice's symlink `tun0 -> ../../devices/pci.../net/tun0` made root's
 * link/none tun0 "a network card" (likely 80). sysfs links are root's, listed by a command
 * naming /sys. */
static void sysfs_links_only_from_sysfs(void **state)
{
	(void)state;
	static const char row[] = "lrwxrwxrwx  1 %s %s   49 Dec  7 10:00 %s -> "
	                          "../../devices/pci0000:00/0000:00:1f.6/net/%s\n";
	static const struct {
		const char *cmd, *owner, *iface;
		bool read;
	} cases[] = {
	    {"ls -la /tmp", "alice", "tun0", false},
	    {"ls -la /tmp", "root", "enp3s0", false},
	    {"ls -l /sys/class/net/", "alice", "enp3s0", false},
	    {"ls -l /sys/class/net/", "root", "enp3s0", true},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char r[256], buf[512];
		snprintf(r, sizeof(r), row, cases[i].owner, cases[i].owner, cases[i].iface,
		         cases[i].iface);
		snprintf(buf, sizeof(buf), "$ %s\ntotal 0\n%s", cases[i].cmd, r);
		struct evw *w = with_listing(buf);
		const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, cases[i].iface)];
		if (cases[i].read) {
			assert_non_null(f->bus_info);
			assert_string_equal(f->bus_info, "0000:00:1f.6");
		} else {
			assert_null(f->bus_info);
			assert_null(evw_finding(w, cases[i].iface, "physical.nic"));
		}
		evw_free(w);
	}
}

/* A full `lshw`: the blocks after the first `*-network` (a SATA controller, a disk, an input)
 * were read as the card's, making "scsi0: a network card (ahci driver)" (likely 80) and
 * "input0", their lines not counted. */
static void lshw_other_classes_are_skipped(void **state)
{
	(void)state;
	struct evw *w = evw_text("$ sudo lshw\n"
	                         "        *-network\n"
	                         "             description: Ethernet interface\n"
	                         "             bus info: pci@0000:00:1f.6\n"
	                         "             logical name: enp0s31f6\n"
	                         "             serial: 3c:7c:3f:11:22:33\n"
	                         "             configuration: broadcast=yes driver=e1000e\n"
	                         "        *-sata\n"
	                         "             description: SATA controller\n"
	                         "             bus info: pci@0000:00:17.0\n"
	                         "             logical name: scsi0\n"
	                         "             configuration: driver=ahci latency=0\n"
	                         "     *-input:0\n"
	                         "          product: Power Button\n"
	                         "          logical name: input0\n",
	                         "lshw.txt");
	evw_analyze(w);
	assert_true(evw_has_iface(w, "enp0s31f6"));
	const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, "enp0s31f6")];
	assert_string_equal(f->driver, "e1000e");
	assert_false(evw_has_iface(w, "scsi0"));
	assert_false(evw_has_iface(w, "input0"));
	assert_true(w->m.skipped_lines >= 2 + 4 + 2); /* the other blocks' lines and heads */
	evw_free(w);
}

/* `ethtool -i tun0; ethtool -i enp3s0`: "tun0;" was no name, and tuntap's reader took
 * "driver: tun" and "bus-info: tap" for interfaces `driver` and `bus-info`; with `&&` the
 * second output (tun) was credited to the first interface, the card. */
static void ethtool_outputs_per_interface(void **state)
{
	(void)state;
	static const char tun_out[] = "driver: tun\nversion: 1.6\nfirmware-version: \n"
	                              "bus-info: tap\nsupports-statistics: no\n";
	static const char card_out[] = "driver: e1000e\nversion: 6.5.0\n"
	                               "firmware-version: 0.13-4\nbus-info: 0000:00:19.0\n";
	char buf[1024];
	for (int order = 0; order < 2; order++) {
		if (order == 0)
			snprintf(buf, sizeof(buf),
			         "$ sudo ethtool -i tun0; sudo ethtool -i enp3s0\n%s%s", tun_out,
			         card_out);
		else
			snprintf(buf, sizeof(buf), "$ ethtool -i enp3s0 && ethtool -i tun0\n%s%s",
			         card_out, tun_out);
		struct evw *w = with_listing(buf);
		assert_false(evw_has_iface(w, "driver"));
		assert_false(evw_has_iface(w, "bus-info"));
		const struct ifw_iface *card = &w->m.ifaces.v[evw_iface(w, "enp3s0")];
		const struct ifw_iface *tun = &w->m.ifaces.v[evw_iface(w, "tun0")];
		assert_non_null(card->driver);
		assert_string_equal(card->driver, "e1000e");
		assert_null(card->kind);
		assert_non_null(card->bus_info);
		assert_string_equal(card->bus_info, "0000:00:19.0");
		assert_non_null(tun->driver);
		assert_string_equal(tun->driver, "tun");
		evw_free(w);
	}
	/* the same output bare: no tuntap rows */
	struct evw *w = with_listing("\ndriver: tun\nbus-info: tap\n");
	assert_false(evw_has_iface(w, "driver"));
	assert_false(evw_has_iface(w, "bus-info"));
	evw_free(w);
}

/* iw prints an SSID as it is: "ssid CafeNet Mode:monitor" set the card's link type to radiotap
 * over the listing's ether. */
static void iw_ssid_sets_no_mode(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "$ ip addr\n"
	    "3: wlp0s20f3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP\n"
	    "    link/ether 3c:a9:f4:12:34:56 brd ff:ff:ff:ff:ff:ff\n"
	    "$ iw dev\n"
	    "phy#0\n"
	    "\tInterface wlp0s20f3\n"
	    "\t\tifindex 3\n"
	    "\t\taddr 3c:a9:f4:12:34:56\n"
	    "\t\tssid CafeNet Mode:monitor\n"
	    "\t\ttype managed\n",
	    "paste.txt");
	evw_analyze(w);
	const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, "wlp0s20f3")];
	assert_int_equal(f->arptype, 1);
	assert_non_null(f->hw_port);
	assert_string_equal(f->hw_port, "Wi-Fi (managed)");
	evw_free(w);

	/* iw's own monitor interface, with no listing: still radiotap */
	w = evw_text("$ iw dev\nphy#0\n\tInterface mon0\n\t\tifindex 4\n\t\ttype monitor\n",
	             "paste.txt");
	evw_analyze(w);
	f = &w->m.ifaces.v[evw_iface(w, "mon0")];
	assert_int_equal(f->arptype, 803);
	evw_free(w);
}

/* A configuration file past 256 KiB was cut without a word: the stanza after it was lost,
 * no line skipped, no warning. */
static void long_config_is_said_cut(void **state)
{
	(void)state;
	size_t cap = 320u * 1024u;
	char *buf = malloc(cap);
	assert_non_null(buf);
	size_t n = (size_t)snprintf(buf, cap,
	                            "%s$ cat /etc/network/interfaces\n"
	                            "iface lo inet loopback\n",
	                            listing);
	while (n + 200 < cap)
		n += (size_t)snprintf(buf + n, cap - n, "    up true %060d\n", 0);
	snprintf(buf + n, cap - n, "iface tun0 inet static\n");
	struct evw *w = evw_text(buf, "paste.txt");
	free(buf);
	assert_true(w->m.skipped_lines > 0);
	bool said = false;
	for (size_t i = 0; i < w->m.warnings.n; i++)
		said = said || strstr(w->m.warnings.v[i], "only the first 256 KiB of "
		                                          "/etc/network/interfaces");
	assert_true(said);
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(config_known_by_its_directory),
	    cmocka_unit_test(wireguard_dir_at_path_start),
	    cmocka_unit_test(domiflist_checks_the_mac),
	    cmocka_unit_test(sysfs_links_only_from_sysfs),
	    cmocka_unit_test(lshw_other_classes_are_skipped),
	    cmocka_unit_test(ethtool_outputs_per_interface),
	    cmocka_unit_test(iw_ssid_sets_no_mode),
	    cmocka_unit_test(long_config_is_said_cut),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
