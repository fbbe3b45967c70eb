/* Configuration files pasted with the command that showed them (p_config.c): the declarations
 * the live collector would read from the same files, with the same parsers, and what they make
 * of the interfaces a listing shows (rule_config). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

/* ifupdown's bridge: declared by /etc/network/interfaces, whatever the listing shows of its kind
 * (`ip -br a` shows none: no contradiction). */
static void ifupdown_bridge(void **state)
{
	(void)state;
	struct evw *w = evw_text("$ cat /etc/network/interfaces\n"
	                         "auto lo\n"
	                         "iface lo inet loopback\n"
	                         "\n"
	                         "auto vmbr0\n"
	                         "iface vmbr0 inet static\n"
	                         "        address 192.0.2.10/24\n"
	                         "        bridge-ports enp3s0\n"
	                         "\n"
	                         "$ ip -br a\n"
	                         "lo UNKNOWN 127.0.0.1/8\n"
	                         "enp3s0 UP\n"
	                         "vmbr0 UP 192.0.2.10/24\n",
	                         "post.txt");
	evw_analyze(w);
	const struct ifw_finding *fi = evw_finding(w, "vmbr0", "config.declared");
	assert_non_null(fi);
	evw_contains(fi->claim, "ifupdown");
	assert_null(evw_finding(w, "vmbr0", "config.other-kind"));
	assert_null(evw_finding(w, "enp3s0", "config.declared"));
	evw_free(w);
}

/* wg-quick's file: the interface is the file's name, its far end the first peer's; no key is
 * kept anywhere in the model. */
static void wg_quick_file(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("$ sudo cat /etc/wireguard/wg0.conf\n"
	             "[Interface]\n"
	             "PrivateKey = aGlkZGVuLXByaXZhdGUta2V5LXRoYXQtbXVzdC1ub3QtbGVhaw=\n"
	             "Address = 10.0.0.2/24\n"
	             "\n"
	             "[Peer]\n"
	             "PublicKey = cHVibGlj\n"
	             "Endpoint = 203.0.113.5:51820\n",
	             "post.txt");
	evw_analyze(w);
	const struct ifw_finding *fi = evw_finding(w, "wg0", "config.declared");
	assert_non_null(fi);
	evw_contains(fi->claim, "203.0.113.5:51820");
	for (size_t i = 0; i < w->m.decls.n; i++) {
		assert_null(strstr(w->m.decls.v[i].ifname, "aGlk"));
		assert_true(!w->m.decls.v[i].origin.raw ||
		            !strstr(w->m.decls.v[i].origin.raw, "aGlk"));
	}
	evw_free(w);
}

/* wg-quick reads any path: the declaration names the file as shown; a file elsewhere named
 * after a card declares nothing of that card. */
static void wg_quick_paths(void **state)
{
	(void)state;
	struct evw *w = evw_text("$ cat /tmp/wg0.conf\n"
	                         "[Interface]\n"
	                         "Address = 10.0.0.2/24\n"
	                         "[Peer]\n"
	                         "Endpoint = 203.0.113.5:51820\n",
	                         "post.txt");
	evw_analyze(w);
	const struct ifw_finding *fi = evw_finding(w, "wg0", "config.declared");
	assert_non_null(fi);
	evw_contains(fi->claim, "/tmp/wg0.conf");
	evw_free(w);

	w = evw_text("2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP\n"
	             "    link/ether 00:1b:21:3a:4f:10 brd ff:ff:ff:ff:ff:ff\n"
	             "$ cat /home/alice/wg/eth0.conf\n"
	             "[Interface]\n"
	             "Address = 10.0.0.2/24\n",
	             "post.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "eth0", "config.declared"));
	evw_free(w);
}

/* netplan by its path; an ifupdown stanza by itself, without a command. */
static void netplan_and_bare_stanza(void **state)
{
	(void)state;
	struct evw *w;
	w = evw_text("$ cat /etc/netplan/01-netcfg.yaml\n"
	             "network:\n"
	             "  version: 2\n"
	             "  bridges:\n"
	             "    br0:\n"
	             "      interfaces: [eno1]\n",
	             "post.txt");
	evw_analyze(w);
	assert_non_null(evw_finding(w, "br0", "config.declared"));
	evw_free(w);

	w = evw_text("My config:\n"
	             "\n"
	             "iface br1 inet manual\n"
	             "    bridge_ports eth1\n",
	             "post.txt");
	evw_analyze(w);
	assert_non_null(evw_finding(w, "br1", "config.declared"));
	evw_free(w);
}

/* A file a container shows (`docker exec c cat ...`) declares nothing of the host. */
static void container_file_is_not_the_hosts(void **state)
{
	(void)state;
	struct evw *w = evw_text("2: docker0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP\n"
	                         "    link/ether 02:42:ac:11:00:01 brd ff:ff:ff:ff:ff:ff\n"
	                         "$ docker exec web cat /etc/network/interfaces\n"
	                         "iface docker0 inet static\n"
	                         "    bridge_ports eth0\n",
	                         "post.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "docker0", "config.declared"));
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(ifupdown_bridge),
	    cmocka_unit_test(wg_quick_file),
	    cmocka_unit_test(wg_quick_paths),
	    cmocka_unit_test(netplan_and_bare_stanza),
	    cmocka_unit_test(container_file_is_not_the_hosts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
