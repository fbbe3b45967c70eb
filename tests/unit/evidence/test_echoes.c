/* Programs that print the commands they run, or say they made an interface (collect/evidence/
 * echo.c, model/cmd_syntax.c, infer/rule_typed.c), and the paste shapes around them: output on a
 * fence's own line, a whole line in inline code, output glued to a prompt, a syslog time in
 * another language's month, mpd5's rename and OpenVPN's DCO device (p_vpnlog.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

static bool present(const struct evw *w, const char *name)
{
	for (size_t i = 0; i < w->m.ifaces.n; i++)
		if (w->m.ifaces.v[i].name && strcmp(w->m.ifaces.v[i].name, name) == 0)
			return true;
	return false;
}

static void syslog_tag_configures(void **state)
{
	(void)state;
	struct evw *w = evw_text("```\n"
	                         "Thu Oct 30 00:18:24 2025 daemon.notice openvpn(srv)[6544]: "
	                         "/sbin/ip addr add dev tun0 10.1.1.1/24\n"
	                         "Thu Oct 30 00:18:24 2025 daemon.notice openvpn(srv)[6544]: "
	                         "Linux ip addr add failed: external program exited\n"
	                         "```\n",
	                         "logread.txt");
	evw_analyze(w);
	const struct ifw_finding *f = evw_finding(w, "tun0", "echo.configured");
	assert_non_null(f);
	evw_contains(f->claim, "configured by openvpn");
	evw_contains(f->claim, "`/sbin/ip addr add dev tun0 10.1.1.1/24`");
	assert_true(f->confidence < 70); /* configuring is not making */
	evw_free(w);
}

static void typed_program_creates_and_renames(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("```\n"
	             "# /repos/zt/zerotier-one /var/db/zerotier-one/\n"
	             "DEBUG: ifconfig tap9994 create\n"
	             "DEBUG: ifconfig tap9994 name zt1flo98dm17np8\n"
	             "zt1flo98dm17np8\n"
	             "DEBUG: ifconfig zt1flo98dm17np8 lladdr 2a:3d:9d:3c:2f:91 mtu 2800 up\n"
	             "```\n",
	             "debug.txt");
	evw_analyze(w);
	const struct ifw_finding *f = evw_finding(w, "zt1flo98dm17np8", "echo.made");
	assert_non_null(f);
	evw_contains(f->claim, "made by zerotier-one");
	evw_contains(f->claim, "`ifconfig tap9994 create`, then `ifconfig tap9994 name "
	                       "zt1flo98dm17np8`");
	assert_true(f->confidence >= 70);
	assert_true(present(w, "zt1flo98dm17np8"));
	evw_free(w);
}

static void log_viewer_is_nobody(void **state)
{
	(void)state;
	/* the output of cat or journalctl is a log being shown: who printed the command is not
	 * the viewer */
	struct evw *w = evw_text("```\n"
	                         "$ cat /var/log/messages\n"
	                         "DEBUG: ifconfig tap7 create\n"
	                         "```\n",
	                         "cat.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "tap7", "echo.made"));
	assert_null(evw_finding(w, "tap7", "typed.made"));
	evw_free(w);
}

static void inline_code_line_with_path_tag(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "Errors take the form of:\n"
	    "`/usr/local/opnsense/scripts/Wireguard/wg-service-control.php: The command "
	    "'/sbin/route -q -n add -'inet' '192.168.5.0/24' -interface 'wg1'' returned exit code "
	    "'1', the output was ''`\n",
	    "issue.txt");
	evw_analyze(w);
	const struct ifw_finding *f = evw_finding(w, "wg1", "echo.configured");
	assert_non_null(f);
	evw_contains(f->claim, "configured by wg-service-control.php");
	evw_contains(f->claim, "-interface wg1`"); /* the command ends where its result starts */
	evw_free(w);
}

static void creation_words_need_a_speaker(void **state)
{
	(void)state;
	/* tunslip6 typed at the prompt says it opened the utun: its own word */
	struct evw *w = evw_text("$ sudo ../../tools/serial-io/tunslip6 -s /dev/tty.usbmodem1 "
	                         "fd00::1/64\n"
	                         "opened tun device ``/dev/utun10''\n"
	                         "ifconfig utun10 inet6 fd00::1/64 add\n",
	                         "session.txt");
	evw_analyze(w);
	const struct ifw_finding *f = evw_finding(w, "utun10", "log.created");
	assert_non_null(f);
	evw_contains(f->claim, "created by tunslip6");
	assert_null(evw_finding(w, "utun10", "typed.made"));
	evw_free(w);
	/* a Go program's log with no program named: "created:" is no tag */
	w = evw_text("2020-07-16T19:17:59.076 DBG source/services/wireguard/client.go:65 > Tunnel "
	             "interface created: utun2\n",
	             "go.log");
	evw_analyze(w);
	evw_iface(w, "utun2"); /* it exists, whoever made it */
	assert_null(evw_finding(w, "utun2", "log.created"));
	evw_free(w);
}

static void fence_line_and_glued_prompt(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("```root@ubuntu:~# sudo wg          interface: wg0\n"
	             "  public key: RBkooIrCdgKDL+UhMt4DgIybjXPmiJaLug9aafok/jE=\n"
	             "  private key: (hidden)\n"
	             "  listening port: 51820\n"
	             "```\n"
	             "```7: tun5: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc "
	             "fq_codel state UNKNOWN group default qlen 500```\n",
	             "wg.txt");
	evw_analyze(w);
	evw_iface(w, "wg0");
	evw_iface(w, "tun5");
	assert_int_equal(w->m.ifaces.v[evw_iface(w, "tun5")].mtu, 1500);
	evw_free(w);
}

static void localized_syslog_month(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "lut 15 19:36:07 arch NetworkManager[19674]: <info>  [1518719767.8517] manager: "
	    "(tun0): "
	    "new Tun device (/org/freedesktop/NetworkManager/Devices/20)\n"
	    "lut 15 19:36:07 arch NetworkManager[19674]: <info>  [1518719767.8595] device (tun0): "
	    "state change: unmanaged -> unavailable (reason 'connection-assumed')\n",
	    "journal.txt");
	evw_analyze(w);
	evw_iface(w, "tun0");
	evw_free(w);
}

static void mpd_rename_and_openvpn_dco(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "2024-10-17T22:36:38\tInformational\tppp\t[wan] IFACE: Rename interface ng0 to "
	    "pppoe0\t\n"
	    "2023-09-06 10:20:47 net_iface_new: add tun1 type ovpn-dco\n"
	    "2023-09-06 10:20:47 DCO device tun1 opened\n",
	    "logs.txt");
	evw_analyze(w);
	evw_contains(evw_finding(w, "pppoe0", "log.created")->claim, "mpd5");
	evw_contains(evw_finding(w, "tun1", "log.created")->claim, "openvpn");
	evw_free(w);
}

static void daemons_subject_and_nm_kind(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "Jun 16 10:00:00 host systemd-networkd[612]: wg7: netdev ready\n"
	    "Jun 16 10:00:01 host dhcpcd[512]: enp3s0: carrier acquired\n"
	    "Jun 16 10:00:02 host notes: error1: nothing\n"
	    "Jun 16 10:00:02 host NetworkManager[19674]: <info>  [1518719767.8517] manager: "
	    "(tun3): new Tun device (/org/freedesktop/NetworkManager/Devices/20)\n",
	    "syslog.txt");
	evw_analyze(w);
	evw_iface(w, "wg7");
	evw_iface(w, "enp3s0");
	assert_false(present(w, "error1")); /* a tag without its pid is any text */
	const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, "tun3")];
	assert_non_null(f->kind);
	assert_string_equal(f->kind, "tun");
	evw_free(w);
}

/* The daemons that know, in their own listings */
static void daemons_own_listings(void **state)
{
	(void)state;
	struct evw *w = evw_text("$ sudo zerotier-cli listnetworks\n"
	                         "200 listnetworks <nwid> <name> <mac> <status> <type> <dev> <ZT "
	                         "assigned ips>\n"
	                         "200 listnetworks 1234567890abcdef my full net name "
	                         "02:11:22:33:44:55 OK PRIVATE ztd34db33f 10.147.17.5/24\n",
	                         "zt.txt");
	evw_analyze(w);
	const struct ifw_finding *f = evw_finding(w, "ztd34db33f", "log.created");
	assert_non_null(f);
	evw_contains(f->claim, "created by zerotier-one");
	evw_contains(f->claim, "as `zerotier-cli listnetworks` says");
	assert_true(evw_has_addr(w, "ztd34db33f", "10.147.17.5", 24));
	evw_free(w);
	w = evw_text("# virsh domiflist web1\n"
	             " Interface   Type      Source    Model    MAC\n"
	             "-------------------------------------------------------\n"
	             " vnet0       network   default   virtio   52:54:00:5c:6b:2a\n"
	             " vnet1       bridge    br0       virtio   52:54:00:11:22:33\n"
	             " -           network   default   virtio   52:54:00:11:22:34\n",
	             "virsh.txt");
	evw_analyze(w);
	f = evw_finding(w, "vnet1", "log.created");
	assert_non_null(f);
	evw_contains(f->claim, "`virsh domiflist web1`");
	assert_non_null(evw_finding(w, "vnet0", "neigh.behind"));
	evw_iface(w, "br0");
	assert_int_equal(w->m.ifaces.n, 3);
	evw_free(w);
}

/* Hostile-input pass nine: what one pasted line may not make of an interface. */

static void creation_words_are_no_tag(void **state)
{
	(void)state;
	/* "created:" is the creation's own word, not a program's tag ("created by created") */
	struct evw *w = evw_text("Oct 30 00:18:24 Tunnel interface created: utun2\n"
	                         "Oct 30 00:18:25 device created: tun4\n",
	                         "created.txt");
	evw_analyze(w);
	evw_iface(w, "utun2"); /* it exists, whoever made it */
	evw_iface(w, "tun4");
	assert_null(evw_finding(w, "utun2", "log.created"));
	assert_null(evw_finding(w, "tun4", "log.created"));
	/* a program made them, unnamed: possible, and a tunnel device is a program's tunnel */
	const struct ifw_finding *f = evw_finding(w, "utun2", "log.created-unnamed");
	assert_non_null(f);
	assert_true(f->confidence < 70);
	assert_non_null(evw_finding(w, "utun2", "log.program-tunnel"));
	assert_true(evw_finding(w, "utun2", "log.program-tunnel")->confidence < 70);
	evw_free(w);
	/* an untagged line does not hide a program's own, earlier word for the same name */
	w = evw_text("Wed May 14 02:59:46 2025 daemon.notice openvpn(omr)[17093]: TUN/TAP device "
	             "tun0 opened\n"
	             "Wed May 14 02:59:47 2025 device created: tun0\n",
	             "logread.txt");
	evw_analyze(w);
	f = evw_finding(w, "tun0", "log.created");
	assert_non_null(f);
	evw_contains(f->claim, "openvpn");
	assert_null(evw_finding(w, "tun0", "log.created-unnamed"));
	evw_free(w);
	/* the same words in prose (no time stamp, no fence) are no log's */
	w = evw_text("3: eth0: <BROADCAST> mtu 1500 qdisc noop state DOWN\n"
	             "Then it says Tunnel interface created: utun9 and fails.\n",
	             "prose.txt");
	evw_analyze(w);
	assert_int_equal(w->m.logcreates.n, 0);
	evw_free(w);
}

static void sentence_word_is_no_tag(void **state)
{
	(void)state;
	/* a line without a log's time stamp: "Note:" is a sentence's, not a program's tag */
	struct evw *w = evw_text("```\n"
	                         "Note: ip link add wg0 type wireguard\n"
	                         "Example: ifconfig tun7 create\n"
	                         "```\n"
	                         "```\n"
	                         "4: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue "
	                         "state UNKNOWN mode DEFAULT group default qlen 1000\n"
	                         "    link/none  promiscuity 0 minmtu 0 maxmtu 2147483552\n"
	                         "    wireguard addrgenmode none numtxqueues 1 numrxqueues 1\n"
	                         "```\n",
	                         "readme.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "wg0", "echo.made"));
	assert_false(present(w, "tun7")); /* a line naming nobody records nothing */
	evw_free(w);
	/* after a time stamp a bare word is syslog's tag: the program named */
	w = evw_text("Oct 30 00:18:24 gw myvpn: ip tuntap add mode tun tun9\n", "syslog.txt");
	evw_analyze(w);
	evw_contains(evw_finding(w, "tun9", "echo.made")->claim, "made by myvpn");
	evw_free(w);
}

static void log_viewer_creates_nothing(void **state)
{
	(void)state;
	/* creation's words in a log that tail shows are not tail's */
	struct evw *w = evw_text("$ tail /var/log/tunslip.log\n"
	                         "opened tun device ``/dev/utun10''\n"
	                         "interface utun11 created\n",
	                         "tail.txt");
	evw_analyze(w);
	evw_iface(w, "utun10");
	evw_iface(w, "utun11");
	assert_null(evw_finding(w, "utun10", "log.created"));
	assert_null(evw_finding(w, "utun11", "log.created"));
	evw_free(w);
}

static void quoted_vpn_message_is_no_log(void **state)
{
	(void)state;
	/* a sentence quoting OpenVPN's or mpd5's message is not their log of a creation */
	struct evw *w = evw_text("I see DCO device wg0 opened here\n"
	                         "and the log says IFACE: Rename interface ng0 to wg1\n"
	                         "4: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue "
	                         "state UNKNOWN mode DEFAULT group default qlen 1000\n"
	                         "    link/none  promiscuity 0 minmtu 0 maxmtu 2147483552\n"
	                         "5: wg1: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue "
	                         "state UNKNOWN mode DEFAULT group default qlen 1000\n"
	                         "    link/none  promiscuity 0 minmtu 0 maxmtu 2147483552\n",
	                         "post.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "wg0", "log.created"));
	assert_null(evw_finding(w, "wg1", "log.created"));
	evw_free(w);
}

static void sudo_user_is_no_program(void **state)
{
	(void)state;
	/* "sudo -u nobody cat ...": the program is cat (a viewer), not the user nobody */
	struct evw *w = evw_text("$ sudo -u nobody cat /var/log/app.log\n"
	                         "DEBUG: ifconfig tap7 create\n"
	                         "opened tun device /dev/tun9\n",
	                         "sudo.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "tap7", "echo.made"));
	assert_null(evw_finding(w, "tun9", "log.created"));
	evw_free(w);
	/* an option without a value ("sudo -E") is passed over as before */
	w = evw_text("$ sudo -E ./tunslip6 -s /dev/ttyUSB0 fd00::1/64\n"
	             "opened tun device /dev/tun9\n",
	             "sudo.txt");
	evw_analyze(w);
	evw_contains(evw_finding(w, "tun9", "log.created")->claim, "created by tunslip6");
	evw_free(w);
}

static void grep_file_is_no_program(void **state)
{
	(void)state;
	/* grep's "FILE:line": the file holds the command, no program printed it */
	struct evw *w = evw_text("$ grep -r \"ip link\" /etc/\n"
	                         "/etc/rc.local:ip link add br7 type bridge\n"
	                         "/etc/network/if-up.d/vpn: ip link add br8 type bridge\n",
	                         "grep.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "br7", "echo.made"));
	assert_null(evw_finding(w, "br8", "echo.made"));
	evw_free(w);
}

static const char wg0_link[] =
    "$ ip link show wg0\n"
    "4: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue state UNKNOWN mode DEFAULT "
    "group default qlen 1000\n"
    "    link/none\n";

static void typed_creation_over_earlier_echo(void **state)
{
	(void)state;
	/* a log line any user can write ("logger -t evil") before the person's own command */
	char text[1024];
	snprintf(text, sizeof(text), "%s%s",
	         "Dec  7 09:59:00 host evil[12]: ip link add wg0 type wireguard\n"
	         "$ sudo ip link add wg0 type wireguard\n",
	         wg0_link);
	struct evw *w = evw_text(text, "session.txt");
	evw_analyze(w);
	assert_non_null(evw_finding(w, "wg0", "typed.made"));
	assert_null(evw_finding(w, "wg0", "echo.made"));
	evw_free(w);
}

static void echoes_leave_typed_commands(void **state)
{
	(void)state;
	/* 300 echoed commands (the bound is 256) do not crowd out the one typed after them */
	static char text[300 * 64 + 1024];
	size_t n = 0;
	for (int i = 0; i < 300; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n,
		                      "Dec  7 09:59:00 host evil[12]: ip link set dev x%d up\n", i);
	snprintf(text + n, sizeof(text) - n, "$ sudo ip link add wg0 type wireguard\n%s", wg0_link);
	struct evw *w = evw_text(text, "session.txt");
	evw_analyze(w);
	assert_non_null(evw_finding(w, "wg0", "typed.made"));
	evw_free(w);
}

/* a program the knowledge does not know, echoing a creation: possible, not likely (anyone may
 * log under any tag) */
static void unknown_program_echo_is_possible(void **state)
{
	(void)state;
	struct evw *w = evw_text("Jan  1 00:00:00 host evil[12]: ip link add wg5 type wireguard\n"
	                         "Jan  1 00:00:00 host openvpn[13]: ip link add tap9 type tap\n"
	                         "Jan  1 00:00:01 host evil[12]: interface tun7 created\n",
	                         "syslog.txt");
	evw_analyze(w);
	const struct ifw_finding *lc = evw_finding(w, "tun7", "log.created");
	assert_non_null(lc);
	assert_true(lc->confidence < 70);
	const struct ifw_finding *f = evw_finding(w, "wg5", "echo.made");
	assert_non_null(f);
	assert_true(f->confidence < 70);
	f = evw_finding(w, "tap9", "echo.made");
	assert_non_null(f);
	assert_true(f->confidence >= 70);
	evw_free(w);
}

/* systemctl status: the unit's processes with their command lines, read as ps gives them; a
 * process listed offline lives where the evidence was collected, and one a user's name shows
 * (not root) made nothing outside a tun */
static void systemctl_status_processes(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "\xe2\x97\x8f openvpn@client.service - OpenVPN connection to client\n"
	    "   Main PID: 1234 (openvpn)\n"
	    "     CGroup: /system.slice/system-openvpn.slice/openvpn@client.service\n"
	    "             \xe2\x94\x94\xe2\x94\x80"
	    "1234 /usr/sbin/openvpn --daemon ovpn-client "
	    "--config /etc/openvpn/client.conf --dev tun0\n"
	    "\n"
	    "4: tun0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc fq_codel state "
	    "UNKNOWN group default qlen 500\n"
	    "    link/none \n",
	    "status.txt");
	evw_analyze(w);
	assert_non_null(evw_finding(w, "tun0", "cmdline.names-it"));
	assert_true(evw_finding_has_proc(w, evw_finding(w, "tun0", "cmdline.names-it"), 1234));
	evw_free(w);
	w = evw_text(
	    "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n"
	    "nobody      1234  0.0  0.1  12345  6789 ?        Ss   10:00   0:00 sleep 1000 wg0\n"
	    "\n"
	    "4: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue state UNKNOWN "
	    "group default qlen 1000\n"
	    "    link/none \n",
	    "ps.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "wg0", "cmdline.names-it"));
	evw_free(w);
}

/* sudo's and doas's options come before the command (`sudo -E`, `sudo -u root`, `doas -u
 * root`): the command typed is still read as a creation, not as a program named "-E" using the
 * interface */
static void sudo_options_before_typed_command(void **state)
{
	(void)state;
	static const char *const cmds[] = {"sudo -E", "sudo -u root", "doas -u root", "sudo --"};
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		char buf[1024];
		snprintf(buf, sizeof(buf),
		         "$ ip -d link\n"
		         "4: br7: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state "
		         "DOWN mode DEFAULT group default\n"
		         "    link/ether 02:42:ac:11:00:01 brd ff:ff:ff:ff:ff:ff promiscuity 0\n"
		         "    bridge forward_delay 1500 stp_state 0\n"
		         "$ %s ip link add br7 type bridge\n",
		         cmds[i]);
		struct evw *w = evw_text(buf, "paste.txt");
		evw_analyze(w);
		assert_non_null(evw_finding(w, "br7", "typed.made"));
		assert_null(evw_finding(w, "br7", "typed.used"));
		evw_free(w);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(syslog_tag_configures),
	    cmocka_unit_test(typed_program_creates_and_renames),
	    cmocka_unit_test(log_viewer_is_nobody),
	    cmocka_unit_test(inline_code_line_with_path_tag),
	    cmocka_unit_test(creation_words_need_a_speaker),
	    cmocka_unit_test(fence_line_and_glued_prompt),
	    cmocka_unit_test(localized_syslog_month),
	    cmocka_unit_test(mpd_rename_and_openvpn_dco),
	    cmocka_unit_test(daemons_subject_and_nm_kind),
	    cmocka_unit_test(daemons_own_listings),
	    cmocka_unit_test(unknown_program_echo_is_possible),
	    cmocka_unit_test(systemctl_status_processes),
	    cmocka_unit_test(creation_words_are_no_tag),
	    cmocka_unit_test(sentence_word_is_no_tag),
	    cmocka_unit_test(log_viewer_creates_nothing),
	    cmocka_unit_test(quoted_vpn_message_is_no_log),
	    cmocka_unit_test(sudo_user_is_no_program),
	    cmocka_unit_test(grep_file_is_no_program),
	    cmocka_unit_test(typed_creation_over_earlier_echo),
	    cmocka_unit_test(echoes_leave_typed_commands),
	    cmocka_unit_test(sudo_options_before_typed_command),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
