/* What a post is about and the names programs list (infer/rule_topic.c, p_logmention.c's
 * listed forms): a post that names one VPN product and shows a tunnel nothing else explains,
 * the same post naming two products, a tunnel a process holds; "utun7:100.64.0.1",
 * "[en0, utun9]", "fe80::%gif0/64", a quoted name after "bridge"; a kernel device known only
 * by a line that names it; Xen's and systemd-nspawn's names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

static const char *product_post = "### VPN Type\n"
                                  "\n"
                                  "Zscaler\n"
                                  "\n"
                                  "Zscaler is running but the app does not see it.\n"
                                  "```\n"
                                  "VPN candidates (none matched): utun7:100.64.0.1 valid=false\n"
                                  "```\n";

/* One product named, one tunnel only a line names: perhaps the product's, no more. */
static void sole_product(void **state)
{
	(void)state;
	struct evw *w = evw_text(product_post, "post.md");
	evw_analyze(w);
	assert_true(evw_has_iface(w, "utun7"));
	const struct ifw_finding *fi = evw_finding(w, "utun7", "topic.sole-product");
	assert_non_null(fi);
	evw_contains(fi->claim, "Zscaler");
	assert_true(fi->confidence >= IFW_CONF_POSSIBLE);
	assert_true(fi->confidence < IFW_CONF_LIKELY);
	assert_string_equal(evw_ia(w, "utun7")->category, "vpn");
	evw_free(w);
}

/* Two products named: the post does not say which made the tunnel. */
static void two_products(void **state)
{
	(void)state;
	char text[1024];
	snprintf(text, sizeof(text), "%sI also tried Tailscale before.\n", product_post);
	struct evw *w = evw_text(text, "post.md");
	evw_analyze(w);
	assert_true(evw_has_iface(w, "utun7"));
	assert_null(evw_finding(w, "utun7", "topic.sole-product"));
	evw_free(w);
}

/* Two tunnels nothing explains: the post does not say which is the product's. */
static void two_tunnels(void **state)
{
	(void)state;
	char text[1024];
	snprintf(text, sizeof(text),
	         "%s```\nNetwork change with interface order [en0, utun9]\n```\n", product_post);
	struct evw *w = evw_text(text, "post.md");
	evw_analyze(w);
	assert_true(evw_has_iface(w, "utun9"));
	assert_null(evw_finding(w, "utun7", "topic.sole-product"));
	assert_null(evw_finding(w, "utun9", "topic.sole-product"));
	evw_free(w);
}

/* A word in lower case is not the product whose name is in capitals ("warp" is a word). */
static void capitals_only_as_written(void **state)
{
	(void)state;
	struct evw *w = evw_text("the timings warp after a while\n"
	                         "```\n"
	                         "VPN candidates (none matched): utun7:100.64.0.1 valid=false\n"
	                         "```\n",
	                         "post.md");
	evw_analyze(w);
	assert_null(evw_finding(w, "utun7", "topic.sole-product"));
	evw_free(w);
}

/* A tunnel-making daemon shown running is a better answer than the post's words: the topic
 * says nothing. */
static void daemon_shown(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("I use Zscaler at work.\n"
	             "$ ps aux | grep vpn\n"
	             "root  4711  0.0  0.1  12345  6789 ?  Ss  10:00  0:00 /usr/sbin/openvpn "
	             "--config /etc/openvpn/client.conf\n"
	             "$ ip link show tun0\n"
	             "5: tun0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc fq_codel "
	             "state UNKNOWN mode DEFAULT group default qlen 500\n"
	             "    link/none \n",
	             "post.md");
	evw_analyze(w);
	assert_true(evw_has_iface(w, "tun0"));
	assert_null(evw_finding(w, "tun0", "topic.sole-product"));
	evw_free(w);
}

/* The forms programs list interfaces in, read in a code block or a stamped log line. */
static void listed_forms(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "```\n"
	    "2024-04-16 07:49:23.550 Network change detected with interface order [en0, utun9]\n"
	    "ipv6\tfe80::%gif0/64\tlink#10\tU\t0\t1480\tgif0\tWANv6\n"
	    "[dpni20: Attached \"tap0\" to bridge \"enp3s5homenet\"]\n"
	    "link state: ifs={br0:[192.0.2.1/24] eth2.2:[198.51.100.10/24]}\n"
	    "```\n",
	    "post.md");
	evw_analyze(w);
	const char *const names[] = {"en0",           "utun9", "gif0",  "tap0",
	                             "enp3s5homenet", "br0",   "eth2.2"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!evw_has_iface(w, names[i]))
			fail_msg("%s not read", names[i]);
	}
	evw_free(w);
}

/* Not lists of interfaces: a time, a version, a sentence's brackets, a plain word. */
static void not_listed_forms(void **state)
{
	(void)state;
	struct evw *w = evw_text("```\n"
	                         "at T10:00:00 the release v2.1 [see notes, above] was out\n"
	                         "tun0 went up\n"
	                         "```\n"
	                         "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP\n",
	                         "post.md");
	evw_analyze(w);
	assert_false(evw_has_iface(w, "T10"));
	assert_false(evw_has_iface(w, "v2.1"));
	assert_false(evw_has_iface(w, "see"));
	evw_free(w);
}

/* gif0 named by a route line ifwho does not read: the Mac's unconfigured kernel device at
 * most "possible", since nothing shows whether it is configured. */
static void kernel_device_only_named(void **state)
{
	(void)state;
	struct evw *w = evw_text("```\n"
	                         "ipv6\tfe80::%gif0/64\tlink#10\tU\t0\t1480\tgif0\tWANv6\n"
	                         "```\n",
	                         "post.md");
	evw_analyze(w);
	assert_true(evw_has_iface(w, "gif0"));
	assert_true(evw_ia(w, "gif0")->confidence < IFW_CONF_LIKELY);
	evw_free(w);
}

/* Xen's backend vif (not a VLAN of a "vif24"), nspawn's macvlan and ipvlan, ZeroTier's Linux
 * name. */
static void names_of_makers(void **state)
{
	(void)state;
	struct evw *w = evw_text("vif24.0   Link encap:Ethernet  HWaddr fe:ff:ff:ff:ff:ff  \n"
	                         "          UP BROADCAST RUNNING NOARP  MTU:1500  Metric:1\n"
	                         "\n"
	                         "iv-enp0s8 Link encap:Ethernet  HWaddr 08:00:27:08:27:78  \n"
	                         "          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1\n"
	                         "\n"
	                         "ztvr58oya6 Link encap:Ethernet  HWaddr 02:8c:43:10:22:33  \n"
	                         "          UP BROADCAST RUNNING MULTICAST  MTU:2800  Metric:1\n",
	                         "ifconfig.txt");
	evw_analyze(w);
	assert_string_equal(evw_ia(w, "vif24.0")->category, "vm");
	assert_string_equal(evw_ia(w, "iv-enp0s8")->category, "container");
	assert_string_equal(evw_ia(w, "ztvr58oya6")->category, "mesh-vpn");
	evw_free(w);
}

/* A network OS's CLI table (Infix's `show interfaces`: upper-case header, the state in capitals,
 * a row's further addresses on indented lines that belong to it). */
static void cli_interface_table(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "root@infix:/> show interfaces\n"
	    "INTERFACE       PROTOCOL   STATE       DATA\n"
	    "e0              ethernet   UP          02:00:00:00:00:00\n"
	    "                ipv6                   2001:db8:0:1:0:ff:fe00:0/64 (link-layer)\n"
	    "lo              ethernet   UP          00:00:00:00:00:00\n"
	    "                ipv4                   127.0.0.1/8 (static)\n"
	    "veth0a          ethernet   UP          da:1c:d5:8f:42:da\n"
	    "                veth                   peer:veth0b\n",
	    "cli.txt");
	evw_analyze(w);
	assert_true(evw_has_iface(w, "e0"));
	assert_true(evw_has_iface(w, "veth0a"));
	assert_false(evw_has_iface(w, "ipv6"));
	assert_false(evw_has_iface(w, "veth"));
	assert_true(evw_has_addr(w, "e0", "2001:db8:0:1:0:ff:fe00:0", 64));
	assert_int_equal(w->m.ifaces.v[evw_iface(w, "e0")].mac_len, 6);
	evw_free(w);
}

/* `lsof /dev/net/tun`: the one program holding tun descriptors and the one tun device no process
 * holds are perhaps each other's (possible: lsof does not say which device); with two tun devices
 * nothing is said; a BSD's /dev/tun0 row names its device. */
static void lsof_tun_rows(void **state)
{
	(void)state;
	static const char *const lsof =
	    "$ sudo lsof /dev/net/tun\n"
	    "COMMAND   PID USER   FD   TYPE DEVICE SIZE/OFF NODE NAME\n"
	    "openvpn  4711 root    6u   CHR 10,200      0t0  123 /dev/net/tun\n"
	    "$ ip -br link\n"
	    "lo UNKNOWN 00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP>\n"
	    "tun0 UNKNOWN <POINTOPOINT,UP>\n";
	struct evw *w = evw_text(lsof, "lsof.txt");
	evw_analyze(w);
	const struct ifw_finding *fi = evw_finding(w, "tun0", "tun.lsof-unnamed");
	assert_non_null(fi);
	assert_true(fi->confidence >= IFW_CONF_POSSIBLE && fi->confidence < IFW_CONF_LIKELY);
	assert_string_equal(evw_ia(w, "tun0")->category, "vpn");
	evw_free(w);

	char text[1024];
	snprintf(text, sizeof(text), "%stun1 UNKNOWN <POINTOPOINT,UP>\n", lsof);
	w = evw_text(text, "lsof.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "tun0", "tun.lsof-unnamed"));
	assert_null(evw_finding(w, "tun1", "tun.lsof-unnamed"));
	evw_free(w);

	w = evw_text("COMMAND   PID USER   FD   TYPE DEVICE SIZE/OFF NODE NAME\n"
	             "openvpn  812 root    6u  VCHR 0,97      0t0   97 /dev/tun0\n",
	             "lsof.txt");
	evw_analyze(w);
	assert_true(evw_has_iface(w, "tun0"));
	assert_int_equal(evw_ia(w, "tun0")->holders.n, 1);
	evw_free(w);
}

/* A name only a person's sentence gives is an interface when the knowledge files it as the
 * system's (utun4 on a Mac), known by its name only and never above possible; "used by
 * PROGRAM" in the sentence is perhaps its maker; words with digits that are no system's names
 * ("win10", "h264") and a log line's names are not adopted. */
static void names_in_sentences(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "Looks like warp tries to bind on **en0** instead of **utun4** which is actually "
	    "interface used by `AmneziaVPN`\n"
	    "I use win10 and h264 at home.\n"
	    "```\n"
	    "resolver #1\n"
	    "  nameserver[0] : 10.101.0.1\n"
	    "  if_index : 14 (en0)\n"
	    "```\n",
	    "post.md");
	evw_analyze(w);
	assert_true(evw_has_iface(w, "utun4"));
	assert_true(w->m.ifaces.v[evw_iface(w, "utun4")].only_named);
	assert_true(evw_ia(w, "utun4")->confidence < IFW_CONF_LIKELY);
	const struct ifw_finding *fi = evw_finding(w, "utun4", "log.created");
	assert_non_null(fi);
	evw_contains(fi->claim, "AmneziaVPN");
	assert_false(evw_has_iface(w, "win10"));
	assert_false(evw_has_iface(w, "h264"));
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(sole_product),     cmocka_unit_test(two_products),
	    cmocka_unit_test(two_tunnels),      cmocka_unit_test(capitals_only_as_written),
	    cmocka_unit_test(daemon_shown),     cmocka_unit_test(listed_forms),
	    cmocka_unit_test(not_listed_forms), cmocka_unit_test(kernel_device_only_named),
	    cmocka_unit_test(names_of_makers),  cmocka_unit_test(cli_interface_table),
	    cmocka_unit_test(lsof_tun_rows),    cmocka_unit_test(names_in_sentences),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
