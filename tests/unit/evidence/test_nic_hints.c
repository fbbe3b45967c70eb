/* Network cards told apart in saved output that shows no bus or driver (infer/rule_nic_hints.c):
 * by a hypervisor's guest MAC block or a transmit queue, and never for what only shares the name
 * (a container's eth0, a bridge with a guest-block MAC). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

static const char ip_addr_vm_guest[] =
    "$ ip addr\n"
    "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen "
    "1000\n"
    "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
    "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default "
    "qlen 1000\n"
    "    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff\n"
    "    inet 192.0.2.10/24 brd 192.0.2.255 scope global eth0\n"
    "3: eth1: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc pfifo_fast state DOWN group "
    "default qlen 1000\n"
    "    link/ether 0e:11:22:33:44:55 brd ff:ff:ff:ff:ff:ff\n"
    "4: virbr0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group "
    "default qlen 1000\n"
    "    link/ether 52:54:00:ab:cd:ef brd ff:ff:ff:ff:ff:ff\n"
    "    inet 198.51.100.1/24 brd 198.51.100.255 scope global virbr0\n";

static const char ip_addr_container[] =
    "$ ip addr\n"
    "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen "
    "1000\n"
    "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
    "7: eth0@if8: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group "
    "default\n"
    "    link/ether 0a:58:c0:00:02:05 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n"
    "    inet 192.0.2.5/24 brd 192.0.2.255 scope global eth0\n";

static void guest_mac_and_queue(void **state)
{
	(void)state;
	struct evw *w = evw_text(ip_addr_vm_guest, "ip-addr.txt");
	evw_analyze(w);
	/* 52:54:00 is QEMU's block for its guests' cards: eth0 is this VM's card, with no queue
	 * shown (virtio cards may have noqueue) */
	const struct ifw_finding *g = evw_finding(w, "eth0", "nic.vm-guest-mac");
	assert_non_null(g);
	evw_contains(g->claim, "QEMU");
	assert_string_equal(evw_ia(w, "eth0")->category, "physical");
	assert_true(evw_ia(w, "eth0")->confidence >= 40 && evw_ia(w, "eth0")->confidence < 70);
	/* a locally administered MAC says nothing, but the transmit queue does */
	assert_null(evw_finding(w, "eth1", "nic.vm-guest-mac"));
	evw_contains(evw_finding(w, "eth1", "nic.queue")->claim, "pfifo_fast");
	assert_string_equal(evw_ia(w, "eth1")->category, "physical");
	/* libvirt's bridge takes a MAC from the same block: its name says bridge */
	assert_null(evw_finding(w, "virbr0", "nic.vm-guest-mac"));
	assert_null(evw_finding(w, "virbr0", "nic.queue"));
	evw_free(w);
}

static void container_eth0_is_not_a_card(void **state)
{
	(void)state;
	struct evw *w = evw_text(ip_addr_container, "ip-addr.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "eth0", "nic.vm-guest-mac"));
	assert_null(evw_finding(w, "eth0", "nic.queue"));
	const char *cat = evw_ia(w, "eth0")->category;
	assert_true(!cat || strcmp(cat, "physical") != 0);
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(guest_mac_and_queue),
	    cmocka_unit_test(container_eth0_is_not_a_card),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
