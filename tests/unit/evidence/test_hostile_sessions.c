/* The eighteenth hostile pass's session cases (dispatch.c): a capture's or a network client's
 * output is the network's text (`tcpdump -A` payloads, DNS names in tcpdump's and tshark's
 * lines); a command-shaped line inside a command's output that prints anyone's words (an SSID,
 * a file's name) is that output, not the person's typing; `ps -eo args` typed without a prompt
 * is ps's rows only; "# ip link add ..." in a shown configuration file is a comment. Each made a
 * confident verdict an outsider chose; and the nineteenth pass's ways around those fixes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

static const char *listing =
    "$ ip addr\n"
    "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default\n"
    "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
    "2: enp3s0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group "
    "default qlen 1000\n"
    "    link/ether 3c:7c:3f:11:22:33 brd ff:ff:ff:ff:ff:ff\n"
    "    inet 192.0.2.10/24 brd 192.0.2.255 scope global enp3s0\n"
    "5: tun0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UNKNOWN "
    "group default qlen 500\n"
    "    link/none \n"
    "    inet 10.8.0.2/24 scope global tun0\n";

/* The highest confidence of any finding on the interface. */
static unsigned top(const struct evw *w, const char *name)
{
	const struct ifw_iface_analysis *ia = evw_ia(w, name);
	unsigned best = 0;
	for (size_t i = 0; i < ia->findings.n; i++)
		if (ia->findings.v[i]->confidence > best &&
		    ia->findings.v[i]->role != IFW_ROLE_NOTE)
			best = ia->findings.v[i]->confidence;
	return best;
}

/* The listing, then tail; nothing about enp3s0 or tun0 may reach "likely". */
static void nothing_sure(const char *tail)
{
	char text[4096];
	snprintf(text, sizeof(text), "%s%s", listing, tail);
	struct evw *w = evw_text(text, "paste.txt");
	evw_analyze(w);
	if (top(w, "tun0") >= IFW_CONF_LIKELY || top(w, "enp3s0") >= IFW_CONF_LIKELY) {
		evw_dump(w, "tun0");
		evw_dump(w, "enp3s0");
		fail_msg("a confident verdict from: %s", tail);
	}
	evw_free(w);
}

static void capture_payload(void **state)
{
	(void)state;
	nothing_sure("$ sudo tcpdump -A -n -i enp3s0 udp port 514\n"
	             "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n"
	             "listening on enp3s0, link-type EN10MB (Ethernet), snapshot length 262144\n"
	             "10:00:02.123456 IP 198.51.100.7.40000 > 192.0.2.10.514: UDP, length 60\n"
	             "E..X..@.@...........\n"
	             "tun0: tun\n"
	             "\tAttached to processes:openvpn(812)\n"
	             "\n"
	             "5: tun0: <POINTOPOINT,UP> mtu 1500\n"
	             "    link/none\n");
	/* a network client's download is the same */
	nothing_sure("$ curl -s http://198.51.100.7/status\n"
	             "tun0: tun\n"
	             "\tAttached to processes:openvpn(812)\n");
}

static void capture_dns_names(void **state)
{
	(void)state;
	nothing_sure("$ sudo tcpdump -n -i enp3s0 port 53\n"
	             "listening on enp3s0, link-type EN10MB (Ethernet), snapshot length 262144\n"
	             "10:00:02.123456 IP 198.51.100.7.40000 > 192.0.2.10.53: 1234+ A? created "
	             "interface enp3s0. (44)\n"
	             "10:00:02.223456 IP 198.51.100.7.40001 > 192.0.2.10.53: 1235+ A? ip link add "
	             "tun0 type wireguard. (44)\n");
	nothing_sure("$ sudo tshark -i enp3s0 -f 'port 53'\n"
	             "Capturing on 'enp3s0'\n"
	             "    1 0.000000 198.51.100.7 -> 192.0.2.10 DNS 80 Standard query 0x1234 A "
	             "created interface enp3s0\n"
	             "ip link add tun0 type wireguard\n");
}

/* The capture's own first line is still read; a prompt of the same form ends its session. */
static void capture_own_line_and_end(void **state)
{
	(void)state;
	char text[4096];
	snprintf(text, sizeof(text), "%s",
	         "$ sudo tcpdump -n -i ovpnc1\n"
	         "tcpdump: verbose output suppressed, use -v or -vv for full protocol decode\n"
	         "listening on ovpnc1, link-type NULL (BSD loopback), capture size 262144 bytes\n"
	         "08:59:01.129890 IP 10.255.254.2 > 224.0.0.5: OSPFv2, Hello, length 44\n"
	         "$ ip -br link\n"
	         "wg0              UNKNOWN        <POINTOPOINT,NOARP,UP,LOWER_UP>\n");
	struct evw *w = evw_text(text, "paste.txt");
	evw_analyze(w);
	assert_true(evw_has_iface(w, "ovpnc1"));
	assert_true(evw_has_iface(w, "wg0"));
	evw_free(w);
}

static void command_lines_in_free_output(void **state)
{
	(void)state;
	nothing_sure("$ nmcli -t -f SSID dev wifi\n"
	             "HomeNet\n"
	             "ip link add tun0 type wireguard\n"
	             "Cafe-Guest\n");
	nothing_sure("$ ls /tmp\n"
	             "ip link add tun0 type wireguard\n");
	/* the first line of the output too, where the command prints */
	nothing_sure("$ nmcli -t -f NAME con show\n"
	             "ip link add tun0 type wireguard\n");
}

/* Commands typed one after another with no output between are still each typed. */
static void quiet_commands_in_a_row(void **state)
{
	(void)state;
	struct evw *w = evw_text("ip tuntap add dev tun9 mode tun\n"
	                         "ip link set tun9 up\n"
	                         "ip addr add 10.9.0.1/24 dev tun9\n"
	                         "\n"
	                         "$ ip -br link\n"
	                         "tun9             UNKNOWN        <POINTOPOINT,UP>\n",
	                         "paste.txt");
	evw_analyze(w);
	assert_true(w->m.typed.n >= 3);
	evw_free(w);
}

static void bare_ps_is_rows_only(void **state)
{
	(void)state;
	nothing_sure("ps -eo args\n"
	             "COMMAND\n"
	             "/sbin/init\n"
	             "tun0:wireguard:connected:wg-office\n"
	             "host openvpn[812]: TUN/TAP device tun0 opened\n");
}

static void comment_in_shown_config(void **state)
{
	(void)state;
	nothing_sure("$ cat /etc/network/interfaces\n"
	             "# interfaces(5) file used by ifup(8) and ifdown(8)\n"
	             "# To try the tunnel by hand first:\n"
	             "# ip link add tun0 type wireguard\n"
	             "auto lo\n"
	             "iface lo inet loopback\n");
}

/* The nineteenth pass: ways around the eighteenth's fixes. */
static void free_output_goes_on_past_blank_lines(void **state)
{
	(void)state;
	nothing_sure("$ cat /home/alice/notes.txt\n"
	             "todo list\n"
	             "\n"
	             "ip link add tun0 type wireguard\n");
	/* a grep's pattern is no verb of the command: ps's rows stay ps's */
	nothing_sure("$ ps -eo args | grep -w add\n"
	             "ip link add tun0 type wireguard\n");
	/* a comment after a blank line in a shown configuration */
	nothing_sure("$ cat /etc/network/interfaces\n"
	             "auto lo\n"
	             "iface lo inet loopback\n"
	             "\n"
	             "# ip link add tun0 type wireguard\n");
	/* an SSID shaped like a prompt of another form than the person's */
	nothing_sure("alice@box:~$ nmcli -t -f SSID dev wifi\n"
	             "HomeNet\n"
	             "$ ip link add tun0 type wireguard\n");
}

static void wrappers_are_looked_through(void **state)
{
	(void)state;
	nothing_sure("$ sudo ip netns exec vpn tcpdump -A -n -i tun0 udp\n"
	             "listening on tun0, link-type RAW (Raw IP), snapshot length 262144 bytes\n"
	             "tun0: tun\n"
	             "\tAttached to processes:openvpn(812)\n");
	nothing_sure("$ sudo ip netns exec vpn cat /home/alice/notes.txt\n"
	             "x\n"
	             "ip link add tun0 type wireguard\n");
	nothing_sure("$ su alice -c 'ls /tmp'\n"
	             "x\n"
	             "ip link add tun0 type wireguard\n");
	nothing_sure("$ whois 198.51.100.7\n"
	             "tun0: tun\n"
	             "\tAttached to processes:openvpn(812)\n");
}

/* A capture typed without a prompt ends at the next prompt; a clock in the prompt does not
 * make it another; what a capture took to the file's end is said. */
static void capture_ends_where_the_person_goes_on(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("sudo tcpdump -n -i tun0 -c 2\n"
	             "listening on tun0, link-type RAW (Raw IP), snapshot length 262144\n"
	             "2 packets captured\n"
	             "\n"
	             "$ ip -br link\n"
	             "enp3s0           UP             3c:7c:3f:11:22:33 <UP>\n",
	             "paste.txt");
	evw_analyze(w);
	assert_true(evw_has_iface(w, "enp3s0"));
	evw_free(w);
	w = evw_text("[10:02:13] alice@box:~$ sudo tcpdump -n -i tun0\n"
	             "listening on tun0, link-type RAW (Raw IP), snapshot length 262144\n"
	             "[10:03:40] alice@box:/etc$ ip -br link\n"
	             "enp3s0           UP             3c:7c:3f:11:22:33 <UP>\n",
	             "paste.txt");
	evw_analyze(w);
	assert_true(evw_has_iface(w, "enp3s0"));
	evw_free(w);
	w = evw_text("$ ip -br link\n"
	             "enp3s0           UP             3c:7c:3f:11:22:33 <UP>\n"
	             "$ sudo tcpdump -n -i enp3s0\n"
	             "listening on enp3s0, link-type EN10MB (Ethernet), snapshot length 262144\n"
	             "Here is the rest:\n"
	             "tun0 UNKNOWN <POINTOPOINT,UP>\n",
	             "paste.txt");
	evw_analyze(w);
	assert_false(evw_has_iface(w, "tun0"));
	bool said = false;
	for (size_t i = 0; i < w->m.warnings.n; i++)
		said = said || strstr(w->m.warnings.v[i], "network text") != NULL;
	assert_true(said);
	evw_free(w);
}

/* "### uname:" in a packet's payload or a user's file sets no system, host or privilege. */
static void markers_in_others_text(void **state)
{
	(void)state;
	char text[4096];
	snprintf(text, sizeof(text), "%s%s", listing,
	         "$ sudo tcpdump -A -n -i enp3s0 udp\n"
	         "listening on enp3s0, link-type EN10MB (Ethernet), snapshot length 262144\n"
	         "### uname: Darwin mac 23.1.0\n"
	         "### host: evil\n");
	struct evw *w = evw_text(text, "paste.txt");
	assert_string_equal(w->m.os, "linux");
	assert_true(!w->m.hostname || strcmp(w->m.hostname, "evil") != 0);
	evw_free(w);
}

/* A prompt of thousands of `;` parts keeps one maker (it took memory per part). */
static void many_parts_one_prompt(void **state)
{
	(void)state;
	static char text[65536];
	size_t n = (size_t)snprintf(text, sizeof(text), "%s$ ip addr", listing);
	while (n + 5 < sizeof(text) - 2)
		n += (size_t)snprintf(text + n, sizeof(text) - n, ";foo");
	text[n++] = '\n';
	text[n] = '\0';
	struct evw *w = evw_text(text, "paste.txt");
	assert_true(w->m.arena.used_total < 8u << 20);
	evw_free(w);
}

/* The twentieth pass. */
static void lsof_rows_by_their_columns(void **state)
{
	(void)state;
	/* a file whose name holds a tun row's words is a REG row */
	nothing_sure("$ sudo lsof -n\n"
	             "COMMAND   PID  USER   FD   TYPE DEVICE SIZE/OFF   NODE NAME\n"
	             "openvpn  4242 alice    3r   REG    8,1        0 131090 /tmp/x 6u VCHR 0,97 "
	             "0t0 97 /dev/tun0\n");
	/* Linux's /dev/tapN is a macvtap's, no tap device named tapN */
	struct evw *w = evw_text("$ sudo lsof /dev/tap7\n"
	                         "COMMAND   PID USER   FD   TYPE DEVICE SIZE/OFF NODE NAME\n"
	                         "qemu-syst 900 root   30u   CHR  243,1      0t0  512 /dev/tap7\n"
	                         "$ ip -br link\n"
	                         "enp3s0 UP 3c:7c:3f:11:22:33 <UP>\n",
	                         "lsof.txt");
	assert_false(evw_has_iface(w, "tap7"));
	evw_free(w);
}

static void every_part_and_wrapper_values(void **state)
{
	(void)state;
	nothing_sure("$ ip -br a; cat /home/alice/notes.txt\n"
	             "x\n"
	             "ip link add tun0 type wireguard\n");
	nothing_sure("$ sudo nice -n 10 tcpdump -A -n -i enp3s0 udp\n"
	             "listening on enp3s0, link-type EN10MB (Ethernet), snapshot length 262144\n"
	             "tun0: tun\n"
	             "\tAttached to processes:openvpn(812)\n");
	nothing_sure("$ sudo timeout -s INT 30 tcpdump -A -n -i enp3s0 udp\n"
	             "listening on enp3s0, link-type EN10MB (Ethernet), snapshot length 262144\n"
	             "tun0: tun\n"
	             "\tAttached to processes:openvpn(812)\n");
}

/* A command typed with no prompt in a paste whose prompts are "alice@box:~$" ends at such a
 * prompt, not at a "$ " line its output holds. */
static void bare_commands_take_the_paste_prompt(void **state)
{
	(void)state;
	nothing_sure("alice@box:~$ ip -br link\n"
	             "enp3s0 UP 3c:7c:3f:11:22:33 <UP>\n"
	             "sudo tcpdump -A -n -i enp3s0 udp port 514\n"
	             "listening on enp3s0, link-type EN10MB (Ethernet), snapshot length 262144\n"
	             "$ sudo lsof /dev/net/tun\n"
	             "tun0: tun\n"
	             "\tAttached to processes:openvpn(812)\n");
	nothing_sure("alice@box:~$ ip -br link\n"
	             "enp3s0 UP 3c:7c:3f:11:22:33 <UP>\n"
	             "cat /home/bob/notes.txt\n"
	             "todo: ask\n"
	             "$ ip link add tun0 type wireguard\n");
}

/* A CLI table's row with no cells is still a row, and its further line its own. */
static void cli_rows_without_cells(void **state)
{
	(void)state;
	struct evw *w = evw_text("admin@infix:/> show interfaces\n"
	                         "INTERFACE       PROTOCOL   STATE       DATA\n"
	                         "lo              ethernet   UP          00:00:00:00:00:00\n"
	                         "                ipv4                   127.0.0.1/8 (static)\n"
	                         "br0             bridge\n"
	                         "                ipv4                   192.0.2.200/24 (static)\n",
	                         "cli.txt");
	evw_analyze(w);
	assert_true(evw_has_addr(w, "br0", "192.0.2.200", 24));
	assert_false(evw_has_addr(w, "lo", "192.0.2.200", 24));
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(capture_payload),
	    cmocka_unit_test(capture_dns_names),
	    cmocka_unit_test(capture_own_line_and_end),
	    cmocka_unit_test(command_lines_in_free_output),
	    cmocka_unit_test(quiet_commands_in_a_row),
	    cmocka_unit_test(bare_ps_is_rows_only),
	    cmocka_unit_test(comment_in_shown_config),
	    cmocka_unit_test(free_output_goes_on_past_blank_lines),
	    cmocka_unit_test(wrappers_are_looked_through),
	    cmocka_unit_test(capture_ends_where_the_person_goes_on),
	    cmocka_unit_test(markers_in_others_text),
	    cmocka_unit_test(many_parts_one_prompt),
	    cmocka_unit_test(lsof_rows_by_their_columns),
	    cmocka_unit_test(every_part_and_wrapper_values),
	    cmocka_unit_test(bare_commands_take_the_paste_prompt),
	    cmocka_unit_test(cli_rows_without_cells),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
