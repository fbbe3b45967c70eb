/* Output as it really arrives: a whole forum post, prompts of every shell, Markdown fences, mail
 * quoting, HTML entities, CRLF, lost indentation, hidden addresses, "..." cuts; and input that is
 * no command output at all (binary data, prose only, a directory over the file cap). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "collect/evidence/ev.h"
#include "collect/evidence/evidence.h"
#include "helpers.h"

#include <fcntl.h>
#include <net/if.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *warning(const struct evw *w, const char *sub)
{
	for (size_t i = 0; i < w->m.warnings.n; i++)
		if (strstr(w->m.warnings.v[i], sub))
			return w->m.warnings.v[i];
	return NULL;
}

/* A forum post given as one file: prose around a fenced `ip a` with HTML entities and hidden
 * addresses, an old-format ifconfig that lost its indentation, a mail-quoted netstat with CRLF. */
static void forum_post(void **state)
{
	(void)state;
	struct evw *w = evw_load("linux-text/forum-post.txt");
	assert_int_equal(w->m.ifaces.n, 3);
	const struct ifw_iface *tun = &w->m.ifaces.v[evw_iface(w, "tun0")];
	assert_true(tun->flags & IFF_POINTOPOINT);
	assert_int_equal(tun->mtu, 1500);
	assert_true(evw_has_addr(w, "tun0", "10.8.0.1", 32));
	const struct ifw_iface *wl = &w->m.ifaces.v[evw_iface(w, "wlp2s0")];
	assert_int_equal(wl->mac_len, 0);       /* XX:XX:XX:XX:XX:XX */
	assert_int_equal(wl->addrs.n, 0);       /* [my ip]/24 */
	assert_true(wl->flags & IFF_BROADCAST); /* &lt;BROADCAST,...&gt; */
	/* the quoted netstat: sockets and their owners; the masked one kept as masked */
	ifw_id s = evw_socket(w, IFW_P_UDP, 1194, "0.0.0.0");
	assert_int_not_equal(s, IFW_NOID);
	assert_string_equal(w->m.procs.v[evw_socket_proc(w, s)].comm, "openvpn");
	s = evw_socket(w, IFW_P_UDP, 68, NULL);
	assert_int_not_equal(s, IFW_NOID);
	assert_string_equal(w->m.sockets.v[s].local_name, "(masked)");
	assert_true(w->m.privileged); /* sudo netstat */
	/* the prose was passed over and counted, and the report says so */
	assert_int_equal(w->m.skipped_lines, 7);
	evw_contains(warning(w, "not recognized"), "7 of prose");
	evw_contains(warning(w, "masked value"), "3 masked");
	evw_contains(warning(w, "markup"), "2 line(s) of markup");
	evw_free(w);
}

/* The command on a prompt line picks the parser: here every line would be ambiguous alone. */
static void prompts(void **state)
{
	(void)state;
	static const char *const forms[] = {
	    "alex@box:~$ ip netns list\n",
	    "[root@box ~]# ip netns list\n",
	    "box% ip netns list\n",
	    "$ ip netns list\n",
	    "# ip netns list\n",
	    "> ip netns list\n",
	    "bash-5.2$ sudo ip netns list\n",
	    "(venv) alex@box:~/src$ ip netns list\n",
	    "ip netns list\n", /* a bare command line */
	};
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		char text[256];
		snprintf(text, sizeof(text), "%sblue\nred\n", forms[i]);
		struct evw *w = evw_text(text, "paste.txt");
		assert_int_equal(w->m.skipped_lines, 0);
		assert_int_equal(w->m.netns.n, 3);
		assert_string_equal(w->m.netns.v[1].name, "blue");
		evw_free(w);
	}
	/* PowerShell: nothing ifwho reads; its output is not taken for something else */
	struct ifw_model m;
	ifw_model_init(&m);
	struct ifw_err err = {0};
	const char *ps = "PS C:\\> ipconfig\nWindows IP Configuration\n";
	assert_int_equal(ifw_evidence_read_buffer(&m, ps, strlen(ps), "win.txt", &err), -1);
	ifw_model_free(&m);
}

/* The command on a prompt names the shape its output has. */
static void hints(void **state)
{
	(void)state;
	static const struct {
		const char *cmd;
		enum ev_shape shape;
	} cases[] = {
	    {"ip a", EV_IPLINK},
	    {"sudo ip -d link show", EV_IPLINK},
	    {"bridge link", EV_IPLINK},
	    {"ip -br a", EV_IPBRIEF},
	    {"ip -d tuntap show", EV_TUNTAP},
	    {"ip netns list", EV_IPNETNS},
	    {"ip -6 route", EV_IPROUTE},
	    {"ip -j addr", EV_IPJSON},
	    {"netstat -nr", EV_NETSTAT_RN},
	    {"route -n", EV_NETSTAT_RN},
	    {"netstat -i", EV_NETSTAT_I},
	    {"netstat -tulpn", EV_NETSTAT_AN},
	    {"lsof -n -P -i -F pcftPn", EV_LSOF_F},
	    {"lsof -i", EV_LSOF},
	    {"cat /proc/812/fdinfo/6", EV_FDINFO},
	    {"brctl show", EV_BRCTL},
	    {"wg show", EV_WG},
	    {"nmcli device", EV_NMCLI},
	    {"networkctl list", EV_NETWORKCTL},
	    {"ps aux | grep wg", EV_PS},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int family;
		if (ev_hint_for(cases[i].cmd, &family) != cases[i].shape)
			fail_msg("`%s`: shape %d, expected %d", cases[i].cmd,
			         (int)ev_hint_for(cases[i].cmd, &family), (int)cases[i].shape);
	}
}

/* Markdown fences, "> " quoting, HTML entities, tabs, CRLF and "..." inside one output. */
static void markup_and_quoting(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "> ```\r\n"
	    "> 3: docker0: &lt;BROADCAST,MULTICAST,UP,LOWER_UP&gt; mtu 1500 qdisc noqueue "
	    "state UP group default\r\n"
	    ">     link/ether 02:42:8c:1d:5e:a0 brd ff:ff:ff:ff:ff:ff\r\n"
	    ">     ...\r\n"
	    ">\tinet 172.17.0.1/16 brd 172.17.255.255 scope global docker0\r\n"
	    "> ```\r\n"
	    "<pre><code>4: veth1@if3: &lt;BROADCAST,UP&gt; mtu 1500 master docker0 state UP\n"
	    "    link/ether aa:c5:7d:94:80:cd brd ff:ff:ff:ff:ff:ff link-netnsid 0\n"
	    "</code></pre>\n",
	    "mail.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	assert_int_equal(w->m.ifaces.n, 2);
	assert_true(evw_has_addr(w, "docker0", "172.17.0.1", 16));
	const struct ifw_iface *v = &w->m.ifaces.v[evw_iface(w, "veth1")];
	assert_int_equal(v->master, evw_iface(w, "docker0"));
	assert_int_equal(v->link_nsid, 0);
	evw_free(w);
}

/* ip addr whose continuation lines lost their indentation (copied from a web page). */
static void lost_indentation(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel "
	             "state UP group default qlen 1000\n"
	             "link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff\n"
	             "inet 192.0.2.10/24 brd 192.0.2.255 scope global dynamic eth0\n"
	             "valid_lft 86313sec preferred_lft 86313sec\n"
	             "inet6 2001:db8::10/64 scope global\n"
	             "eth1: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n"
	             "inet 198.51.100.7  netmask 255.255.255.0  broadcast 198.51.100.255\n",
	             "web.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	assert_true(evw_has_addr(w, "eth1", "198.51.100.7", 24));
	assert_true(evw_has_addr(w, "eth0", "192.0.2.10", 24));
	assert_true(evw_has_addr(w, "eth0", "2001:db8::10", 64));
	const struct ifw_addr *a = &w->m.addrs.v[w->m.ifaces.v[evw_iface(w, "eth0")].addrs.v[0]];
	assert_int_equal(a->valid_lft, 86313);
	assert_false(a->flags & 0x80); /* dynamic */
	evw_free(w);
}

/* FreeBSD ifconfig of a SoftEther tap, as a commit message shows it without indentation
 * (github.com/SoftEtherVPN/SoftEtherVPN commit 950ecc18, excerpt): the description and "Opened
 * by PID" are still the interface's. */
static void lost_indentation_bsd(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "vpn_client0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n"
	    "description: SoftEther Virtual Network Adapter\n"
	    "options=80000<LINKSTATE>\n"
	    "ether 5e:71:fa:f8:91:4a\n"
	    "groups: tap softether\n"
	    "media: Ethernet autoselect\n"
	    "status: active\n"
	    "Opened by PID 1445\n",
	    "commit.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, "vpn_client0")];
	assert_string_equal(f->alias, "SoftEther Virtual Network Adapter");
	assert_string_equal(f->kind, "tun");
	evw_analyze(w);
	assert_int_equal(evw_ia(w, "vpn_client0")->holders.n, 1);
	evw_free(w);
}

/* Inside a section of contrib/ifwho-collect's file the lines are a command's raw output: ss
 * prints a process name with its newlines, so any user's process named "a\n$ ip l a br4" put a
 * prompt line into root's collection, read as a command root typed ("made by hand in this
 * session", likely) and as a switch to another command's parser. Only a paste has prompts, and
 * ss's broken line is joined again. */
static void collected_output_has_no_prompts(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "### ifwho-collect 1\n"
	    "### ifwho-collect: ip -d link show\n"
	    "7: br4: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group "
	    "default qlen 1000\n"
	    "    link/ether 6a:1b:2c:3d:4e:61 brd ff:ff:ff:ff:ff:ff promiscuity 0\n"
	    "    bridge forward_delay 1500 hello_time 200 max_age 2000\n"
	    "### exit 0\n"
	    "### ifwho-collect: ss -tunapeo\n"
	    "Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n"
	    "udp   UNCONN 0      0      127.0.0.1:47123    0.0.0.0:*         users:((\"a\n"
	    "$ ip l a br4\n"
	    "\",pid=4242,fd=3)) uid:65534 ino:1 sk:1 cgroup:/ <->\n"
	    "ip link add br4 type bridge\n"
	    "udp   UNCONN 0      0      127.0.0.1:47124    0.0.0.0:*         "
	    "users:((\"b\",pid=4243,fd=3)) uid:65534 ino:2 sk:2 cgroup:/ <->\n"
	    "### exit 0\n",
	    "collect.txt");
	evw_analyze(w);
	assert_int_equal(w->m.typed.n, 0);
	assert_null(evw_finding(w, "br4", "typed.made"));
	/* the ss section goes on after the broken line: the next socket is read */
	assert_int_not_equal(evw_socket(w, IFW_P_UDP, 47124, "127.0.0.1"), IFW_NOID);
	/* and the broken line is joined again: its socket and process, the name with '?' */
	ifw_id sk = evw_socket(w, IFW_P_UDP, 47123, "127.0.0.1");
	assert_int_not_equal(sk, IFW_NOID);
	ifw_id pr = evw_socket_proc(w, sk);
	assert_int_not_equal(pr, IFW_NOID);
	assert_int_equal(w->m.procs.v[pr].pid, 4242);
	assert_string_equal(w->m.procs.v[pr].comm, "a?$ ip l a br4?");
	evw_free(w);

	/* a name's second line shaped like another command's output changes nothing: here
	 * `ip tuntap show`'s "br4: tap" made the bridge a TAP device */
	w = evw_text("### ifwho-collect 1\n"
	             "### ifwho-collect: ip -d link show\n"
	             "7: br4: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT "
	             "group default qlen 1000\n"
	             "    link/ether 6a:1b:2c:3d:4e:61 brd ff:ff:ff:ff:ff:ff promiscuity 0\n"
	             "    bridge forward_delay 1500 hello_time 200 max_age 2000\n"
	             "### exit 0\n"
	             "### ifwho-collect: ss -tunapeo\n"
	             "Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n"
	             "udp   UNCONN 0      0      127.0.0.1:47123    0.0.0.0:*         "
	             "users:((\"a\n"
	             "br4: tap\n"
	             "9: w0: <UP>\n"
	             "\",pid=4242,fd=3)) uid:65534 ino:1 sk:1 cgroup:/ <->\n"
	             "### exit 0\n",
	             "collect.txt");
	evw_analyze(w);
	ifw_id br = evw_iface(w, "br4");
	assert_int_not_equal(br, IFW_NOID);
	assert_string_equal(w->m.ifaces.v[br].kind, "bridge");
	for (size_t i = 0; i < w->m.ifaces.n; i++)
		assert_false(w->m.ifaces.v[i].name && strcmp(w->m.ifaces.v[i].name, "w0") == 0);
	evw_free(w);

	/* the same lines pasted (no markers) are a session: the prompt is a typed command */
	w = evw_text("$ ip l a br4\n"
	             "$ ip -br link\n"
	             "br4     DOWN    6a:1b:2c:3d:4e:61 <BROADCAST,MULTICAST>\n",
	             "session.txt");
	evw_analyze(w);
	assert_non_null(evw_finding(w, "br4", "typed.made"));
	evw_free(w);
}

/* Commands typed at prompts are what the person did: the names a creating command makes (not
 * every name it mentions), and a program started with an interface's name. */
static void typed_commands(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("$ sudo ip tuntap add mode tun tun0\n"
	             "$ sudo ip link add link eth0 name eth0.10 type vlan id 10\n"
	             "$ sudo ip link add veth0 type veth peer name veth1\n"
	             "$ sudo brctl addbr br9\n"
	             "$ ./tun_tcp_echo tun0 192.0.2.1 9999\n"
	             "$ ping -I veth0 192.0.2.9\n"
	             "$ ip -br link\n"
	             "lo      UNKNOWN 00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP>\n"
	             "eth0    UP      52:54:00:12:34:56 <BROADCAST,MULTICAST,UP,LOWER_UP>\n"
	             "eth0.10@eth0 UP 52:54:00:12:34:56 <BROADCAST,MULTICAST,UP,LOWER_UP>\n"
	             "veth1@veth0 DOWN 6a:1b:2c:3d:4e:5f <BROADCAST,MULTICAST,M-DOWN>\n"
	             "veth0@veth1 DOWN 6a:1b:2c:3d:4e:60 <BROADCAST,MULTICAST,M-DOWN>\n"
	             "br9     DOWN    6a:1b:2c:3d:4e:61 <BROADCAST,MULTICAST>\n"
	             "tun0    UNKNOWN <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP>\n",
	             "session.txt");
	evw_analyze(w);
	assert_int_equal(w->m.typed.n, 7);
	assert_non_null(evw_finding(w, "tun0", "typed.made"));
	assert_non_null(evw_finding(w, "tun0", "typed.used"));
	evw_contains(evw_finding(w, "tun0", "typed.used")->claim, "tun_tcp_echo");
	assert_non_null(evw_finding(w, "eth0.10", "typed.made"));
	assert_null(evw_finding(w, "eth0", "typed.made")); /* only named as the vlan's parent */
	assert_non_null(evw_finding(w, "veth0", "typed.made"));
	assert_non_null(evw_finding(w, "veth1", "typed.made")); /* the peer's name */
	assert_non_null(evw_finding(w, "br9", "typed.made"));
	assert_null(evw_finding(w, "veth0", "typed.used")); /* ping only looks */
	evw_free(w);
}

/* A Markdown code block indented by four spaces (Reddit, Stack Exchange): headers that must start
 * a line are found under the indentation. */
static void indented_block(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("My ifconfig:\n"
	             "\n"
	             "    eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n"
	             "            inet 192.0.2.5  netmask 255.255.255.0  broadcast 192.0.2.255\n"
	             "\n"
	             "    tun0: flags=4305<UP,POINTOPOINT,RUNNING,NOARP,MULTICAST>  mtu 1500\n"
	             "            inet 10.8.0.6  netmask 255.255.255.0  destination 10.8.0.6\n"
	             "\n"
	             "and ss:\n"
	             "\n"
	             "    Netid State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n"
	             "    udp   UNCONN 0      0            0.0.0.0:1194      0.0.0.0:*    "
	             "users:((\"openvpn\",pid=812,fd=6))\n"
	             "\n"
	             "Thanks!\n",
	             "reddit.txt");
	assert_int_equal(w->m.skipped_lines, 3); /* the three lines of prose */
	assert_true(evw_has_addr(w, "eth0", "192.0.2.5", 24));
	assert_true(evw_has_addr(w, "tun0", "10.8.0.6", 24));
	assert_true(w->m.ifaces.v[evw_iface(w, "tun0")].flags & IFF_POINTOPOINT);
	ifw_id s = evw_socket(w, IFW_P_UDP, 1194, "0.0.0.0");
	assert_int_not_equal(s, IFW_NOID);
	assert_int_equal(w->m.procs.v[evw_socket_proc(w, s)].pid, 812);
	evw_free(w);
}

/* A macOS ifconfig whose every line kept a ragged indent (one and two spaces on headers, as a
 * Q&A site's code block half stripped it; the shape of the real paste in
 * tests/fixtures/evidence/real/macos-001-so-ifconfig-basics.txt): headers are still headers. */
static void ragged_headers(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("  mac:~ user$ ifconfig\n"
	             "  lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> mtu 16384\n"
	             "       inet 127.0.0.1 netmask 0xff000000 \n"
	             "  en0: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500\n"
	             "       ether 64:76:ba:00:00:02 \n"
	             "       inet 192.0.2.47 netmask 0xffff0000 broadcast 192.0.255.255\n"
	             " awdl0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> mtu 1452\n"
	             "        ether 0e:f1:59:00:00:30 \n"
	             "        member: en1 flags=3<LEARNING,DISCOVER>\n",
	             "so.txt");
	assert_int_not_equal(evw_iface(w, "lo0"), IFW_NOID);
	assert_true(evw_has_addr(w, "en0", "192.0.2.47", 16));
	assert_int_not_equal(evw_iface(w, "awdl0"), IFW_NOID);
	/* A body line with "flags=" is no header: no interface "member"; the member line names
	 * en1, which exists as the port it lists (four interfaces). */
	assert_int_equal(w->m.ifaces.n, 4);
	assert_int_not_equal(evw_iface(w, "en1"), IFW_NOID);
	evw_free(w);
}

/* `ifconfig | grep mtu` on Linux: headers alone. Their decimal flags, exactly the Linux bits of
 * the names shown, say Linux (macOS's and the BSDs' are hex with other bits), so Linux's
 * interface names are read as Linux's. */
static void linux_decimal_flags(void **state)
{
	(void)state;
	struct evw *w = evw_text("cni0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1450\n"
	                         "lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536\n",
	                         "grep.txt");
	assert_string_equal(w->m.os, "linux");
	assert_int_equal(w->m.ifaces.v[evw_iface(w, "cni0")].mtu, 1450);
	evw_free(w);
	/* the same names with macOS's hex flags are not Linux's */
	w = evw_text("en0: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500\n"
	             "lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> mtu 16384\n",
	             "mac.txt");
	assert_true(!w->m.os || strcmp(w->m.os, "linux") != 0);
	evw_free(w);
}

/* A FreeBSD ifconfig from an article that wrapped long headers with " \\" and lost every
 * indentation (tests/fixtures/evidence/real/bsd-015-vm-bhyve-vm-public-members.txt): the header
 * goes on on the next line, and the bridge's details and members stay the bridge's. */
static void wrapped_header(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("igb0: flags=8943<UP,BROADCAST,RUNNING,PROMISC,SIMPLEX,MULTICAST> \\\n"
	             "metric 0 mtu 1500\n"
	             "ether 0c:c4:7a:00:00:01\n"
	             "inet 192.0.2.28 netmask 0xffffff00 broadcast 192.0.2.255\n"
	             "vm-public: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> \\\n"
	             "metric 0 mtu 1500\n"
	             "ether 9a:0c:49:00:00:02\n"
	             "id 00:00:00:00:00:00 priority 32768 hellotime 2 fwddelay 15\n"
	             "maxage 20 holdcnt 6 proto rstp maxaddr 2000 timeout 1200\n"
	             "root id 00:00:00:00:00:00 priority 32768 ifcost 0 port 0\n"
	             "member: igb0 flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>\n"
	             "ifmaxaddr 0 port 1 priority 128 path cost 20000\n"
	             "groups: bridge vm-switch\n",
	             "article.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	const struct ifw_iface *igb = &w->m.ifaces.v[evw_iface(w, "igb0")];
	assert_int_equal(igb->mtu, 1500);
	assert_int_equal(igb->mac_len, 6);
	assert_true(evw_has_addr(w, "igb0", "192.0.2.28", 24));
	assert_int_equal(igb->master, evw_iface(w, "vm-public"));
	assert_string_equal(w->m.ifaces.v[evw_iface(w, "vm-public")].kind, "bridge");
	evw_free(w);
}

/* What posters do to the first line: a prompt glued to an output header ("$ bridge100: flags="),
 * a quote mark with no space (">7: tun0: <"), an `ip addr` block whose "N: " was cut off. The
 * output stays output; a prompt with a real command is still a command. */
static void glued_first_lines(void **state)
{
	(void)state;
	struct evw *w = evw_text("$ bridge100: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,"
	                         "MULTICAST> mtu 1500\n"
	                         "\tether 82:e6:50:00:00:64\n"
	                         "\tinet 192.0.2.1 netmask 0xffffff00 broadcast 192.0.2.255\n",
	                         "glued.txt");
	assert_true(evw_has_addr(w, "bridge100", "192.0.2.1", 24));
	evw_free(w);
	w = evw_text(
	    "> $ ip addr show dev tun0\n"
	    ">7: tun0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast "
	    "state UP group default qlen 500\n"
	    "    link/none \n"
	    "    inet 192.0.2.9/24 scope global tun0\n",
	    "quoted.txt");
	assert_int_equal(w->m.ifaces.v[evw_iface(w, "tun0")].ifindex, 7);
	assert_true(evw_has_addr(w, "tun0", "192.0.2.9", 24));
	evw_free(w);
	w = evw_text("vxlan.calico: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1410 qdisc noqueue state "
	             "UNKNOWN group default \n"
	             "    link/ether 66:e4:7a:00:00:3c brd ff:ff:ff:ff:ff:ff\n"
	             "    inet 198.51.100.0/32 brd 198.51.100.0 scope global\n",
	             "cut.txt");
	assert_int_equal(w->m.ifaces.v[evw_iface(w, "vxlan.calico")].mtu, 1410);
	assert_true(evw_has_addr(w, "vxlan.calico", "198.51.100.0", 32));
	evw_free(w);
	/* prose of the same shape without "mtu ... qdisc" is no header */
	w = evw_text("$ ip addr\n"
	             "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN\n"
	             "Note: <see above> for details\n",
	             "prose.txt");
	assert_int_equal(w->m.ifaces.n, 1);
	evw_free(w);
}

/* In ps output "[ip]" is a process without a command line (an `ip` that has exited and not been
 * reaped yet), not a masked address: the line is read, nothing is skipped. Elsewhere "[ip]"
 * stays a mask. */
static void ps_brackets_are_no_mask(void **state)
{
	(void)state;
	struct evw *w = evw_text("### ifwho-collect 1\n"
	                         "### ifwho-collect: ps axo pid,ppid,user,comm,args\n"
	                         "  PID  PPID USER     COMMAND         COMMAND\n"
	                         "13429 13281 root     ip              [ip]\n"
	                         "  812     1 root     openvpn         openvpn --dev tun0\n"
	                         "### exit 0\n",
	                         "collect.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	assert_int_not_equal(evw_proc(w, 13429), IFW_NOID);
	evw_free(w);
}

/* No-break and zero-width spaces of web pages (UTF-8 and Latin-1) separate columns too. */
static void web_spaces(void **state)
{
	(void)state;
	struct evw *w = evw_text("$ ip -br addr\n"
	                         "tun0\xc2\xa0\xc2\xa0UNKNOWN\xc2\xa0 10.8.0.6/32\xe2\x80\x8b\n"
	                         "eth0\xa0\xa0UP\xa0"
	                         "192.0.2.1/24\n",
	                         "web.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	assert_true(evw_has_addr(w, "tun0", "10.8.0.6", 32));
	assert_true(evw_has_addr(w, "eth0", "192.0.2.1", 24));
	evw_free(w);
}

static void binary_input(void **state)
{
	(void)state;
	size_t n = 1 << 20;
	char *buf = malloc(n);
	assert_non_null(buf);
	uint32_t x = 2463534242u;
	for (size_t i = 0; i < n; i++) { /* xorshift: the same "random" bytes every run */
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (char)(x >> 24);
	}
	struct ifw_model m;
	ifw_model_init(&m);
	struct ifw_err err = {0};
	assert_int_equal(ifw_evidence_read_buffer(&m, buf, n, "random.bin", &err), -1);
	assert_int_equal(err.code, IFW_E_PARSE);
	evw_contains(err.msg, "binary data");
	evw_contains(err.msg, "ip, ifconfig");
	assert_null(strchr(err.msg, '\n'));
	assert_true(m.warnings.n <= 2);
	ifw_model_free(&m);
	free(buf);

	/* prose only: the error names what was expected */
	ifw_model_init(&m);
	const char *t = "Dear support,\nmy internet does not work since Tuesday.\n"
	                "default via the router seems gone\n1: first I restarted it\nRegards\n";
	assert_int_equal(ifw_evidence_read_buffer(&m, t, strlen(t), "mail.txt", &err), -1);
	evw_contains(err.msg, "no command output ifwho recognizes");
	evw_contains(err.msg, "ip addr");
	ifw_model_free(&m);
}

static void directory_over_cap(void **state)
{
	(void)state;
	char dir[] = "/tmp/ifwho-evdir-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256];
	for (int i = 0; i < 515; i++) {
		snprintf(path, sizeof(path), "%s/f%03d.txt", dir, i);
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
		assert_true(fd >= 0);
		const char *line = "32766:\tfrom all lookup main\n";
		assert_int_equal(write(fd, line, strlen(line)), (ssize_t)strlen(line));
		close(fd);
	}
	struct ifw_model m;
	ifw_model_init(&m);
	struct ifw_err err = {0};
	assert_int_equal(evw_collect(&m, dir, &err), 0);
	assert_int_equal(m.policy_rules.n, 512);
	bool said = false;
	for (size_t i = 0; i < m.warnings.n; i++)
		said |= strstr(m.warnings.v[i], "holds 515 files; only the first 512") != NULL;
	assert_true(said);
	ifw_model_free(&m);
	for (int i = 0; i < 515; i++) {
		snprintf(path, sizeof(path), "%s/f%03d.txt", dir, i);
		unlink(path);
	}
	rmdir(dir);
}

/* A mask shorter than the token "masked" ("[ip]") was written over in place: the line grew past
 * its end (ASan: a heap overflow) and the bytes after the mask were lost. */
static void short_mask_in_place(void **state)
{
	(void)state;
	static struct ev_ctx c;
	char buf[64] = "inet [ip]  netmask 255.255.255.0 [my ip] <mac>";
	struct ev_line l = {buf, strlen(buf), 1};
	const char *cmd = NULL;
	assert_int_equal(ev_paste_line(&c, &l, &cmd), EV_PASTE_LINE);
	assert_string_equal(buf, "inet [ip]  netmask 255.255.255.0 masked <mac>");
	assert_int_equal(l.len, strlen(buf));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(forum_post),
	    cmocka_unit_test(short_mask_in_place),
	    cmocka_unit_test(prompts),
	    cmocka_unit_test(hints),
	    cmocka_unit_test(markup_and_quoting),
	    cmocka_unit_test(lost_indentation),
	    cmocka_unit_test(lost_indentation_bsd),
	    cmocka_unit_test(typed_commands),
	    cmocka_unit_test(indented_block),
	    cmocka_unit_test(web_spaces),
	    cmocka_unit_test(ragged_headers),
	    cmocka_unit_test(linux_decimal_flags),
	    cmocka_unit_test(wrapped_header),
	    cmocka_unit_test(glued_first_lines),
	    cmocka_unit_test(ps_brackets_are_no_mask),
	    cmocka_unit_test(binary_input),
	    cmocka_unit_test(collected_output_has_no_prompts),
	    cmocka_unit_test(directory_over_cap),
	};
	return cmocka_run_group_tests_name("paste", tests, NULL, NULL);
}
