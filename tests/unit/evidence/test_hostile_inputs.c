/* Hostile inputs (the tenth, eleventh and twelfth passes of docs/ROBUSTNESS.md): text that any
 * local user can put into a paste handed to root, read so that it makes no confident creator. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "helpers.h"
#include "report/picture.h"
#include "util/strbuf.h"

#define TREE_MID  "\xe2\x94\x9c\xe2\x94\x80" /* ├─ */
#define TREE_LAST "\xe2\x94\x94\xe2\x94\x80" /* └─ */
#define TREE_BAR  "\xe2\x94\x82"             /* │ */

static const char wg0_link[] =
    "4: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue state UNKNOWN "
    "group default qlen 1000\n"
    "    link/none \n"
    "    wireguard addrgenmode none numtxqueues 1 numrxqueues 1\n";

/* `systemctl status` (the whole tree) lists every user's session processes without their user:
 * one in a user's slice is not taken for root's, whatever its command line names; a service's
 * still is. */
static void user_slice_process_makes_nothing(void **state)
{
	(void)state;
	char buf[4096];
	snprintf(buf, sizeof(buf),
	         "%s\n"
	         "   CGroup: /\n"
	         "           " TREE_MID "user.slice\n"
	         "           " TREE_BAR " " TREE_LAST "user-1000.slice\n"
	         "           " TREE_BAR "   " TREE_LAST "session-3.scope\n"
	         "           " TREE_BAR "     " TREE_MID "1511 -bash\n"
	         "           " TREE_BAR "     " TREE_LAST "1600 sleep 1000 wg0\n"
	         "           " TREE_LAST "system.slice\n"
	         "             " TREE_LAST "cron.service\n"
	         "               " TREE_LAST "650 /usr/sbin/cron -f\n",
	         wg0_link);
	struct evw *w = evw_text(buf, "status.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "wg0", "cmdline.names-it"));
	evw_free(w);

	/* one unit's status: its CGroup line says the slice */
	snprintf(buf, sizeof(buf),
	         "%s\n"
	         "\xe2\x97\x8f session-3.scope - Session 3 of User alice\n"
	         "     CGroup: /user.slice/user-1000.slice/session-3.scope\n"
	         "             " TREE_LAST "1600 sleep 1000 wg0\n",
	         wg0_link);
	w = evw_text(buf, "status.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "wg0", "cmdline.names-it"));
	evw_free(w);

	/* after the user's slice, a service of the system's is read as before */
	snprintf(buf, sizeof(buf),
	         "%s\n"
	         "   CGroup: /\n"
	         "           " TREE_MID "user.slice\n"
	         "           " TREE_BAR " " TREE_LAST "user-1000.slice\n"
	         "           " TREE_BAR "   " TREE_LAST "session-3.scope\n"
	         "           " TREE_BAR "     " TREE_LAST "1511 -bash\n"
	         "           " TREE_LAST "system.slice\n"
	         "             " TREE_LAST "wg-keeper.service\n"
	         "               " TREE_LAST "700 /usr/local/bin/wg-keeper --dev wg0\n",
	         wg0_link);
	w = evw_text(buf, "status.txt");
	evw_analyze(w);
	assert_true(evw_finding_has_proc(w, evw_finding(w, "wg0", "cmdline.names-it"), 700));
	evw_free(w);
}

/* Any user logs a message of many lines (`logger --journald`, sd_journal_print), and journalctl
 * prints its further lines indented to where the message starts: a daemon's listing, a process
 * of a `systemctl status` tree or a prompt there is the message's text, not output. */
static void journal_message_lines_are_text(void **state)
{
	(void)state;
	static const char *const forged[] = {
	    "200 listnetworks 8056c2e21c000001 home 02:11:22:33:44:55 OK PRIVATE wg0 10.0.0.2/24",
	    TREE_LAST "1600 /usr/bin/wg-keeper --dev wg0",
	    "$ sudo ip link add wg0 type wireguard",
	};
	static const char *const first[] = {"backup done", ""};
	for (size_t i = 0; i < sizeof(forged) / sizeof(forged[0]); i++)
		for (size_t j = 0; j < 2; j++) {
			char buf[4096];
			snprintf(
			    buf, sizeof(buf),
			    "%s\n"
			    "Dec 07 10:00:01 host systemd[1]: Started Session 3 of user alice.\n"
			    "Dec 07 10:00:02 host alice[4242]:%s%s\n"
			    "                                  \n"
			    "                                  %s\n"
			    "Dec 07 10:00:04 host kernel: audit: type=1400\n",
			    wg0_link, first[j][0] ? " " : "", first[j], forged[i]);
			struct evw *w = evw_text(buf, "journal.txt");
			evw_analyze(w);
			assert_false(evw_sure_creator(w, "wg0"));
			evw_free(w);
		}
	/* `journalctl -o short-unix` and `-o verbose` indent them too */
	static const char *const before[] = {
	    "1701943202.123456 host alice[4242]: backup done\n"
	    "                                    ",
	    "Thu 2026-12-07 10:00:02.123456 UTC [s=6f0e;i=1a2b]\n"
	    "    _PID=4242\n"
	    "    MESSAGE=backup done\n"
	    "            ",
	};
	for (size_t i = 0; i < sizeof(before) / sizeof(before[0]); i++) {
		char buf[4096];
		snprintf(buf, sizeof(buf), "%s\n%s%s\n    _UID=1000\n", wg0_link, before[i],
		         forged[0]);
		struct evw *w = evw_text(buf, "journal.txt");
		evw_analyze(w);
		assert_false(evw_sure_creator(w, "wg0"));
		evw_free(w);
	}
	/* an identifier sent with newlines breaks journalctl's own prefix: its rest stands at the
	 * start of the next lines, up to "[pid]: " */
	static const char *const ids[] = {"x\n", "x\nA\n\n", "x: y\n"};
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		for (size_t j = 0; j < sizeof(forged) / sizeof(forged[0]); j++) {
			/* the message's further lines are indented by the whole prefix's bytes */
			char prefix[512], buf[4096];
			int n = snprintf(prefix, sizeof(prefix),
			                 "Dec 07 10:00:02 host %s%s #[4242]: ", ids[i], forged[j]);
			snprintf(buf, sizeof(buf), "%s\n%shello\n%*s%s\n", wg0_link, prefix, n, "",
			         forged[j]);
			struct evw *w = evw_text(buf, "journal.txt");
			evw_analyze(w);
			assert_false(evw_sure_creator(w, "wg0"));
			evw_free(w);
		}
	/* lines held back after a log line are read in their order when they are no such rest */
	struct evw *t =
	    evw_text("Mon Oct 28 21:50:12 2019 TUN/TAP device tun0 opened\n"
	             "$ ip -d link show tun0\n"
	             "6: tun0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc "
	             "fq_codel state UNKNOWN group default qlen 500\n"
	             "    link/none  promiscuity 0\n"
	             "    tun type tun pi off vnet_hdr off persist off\n",
	             "openvpn.txt");
	evw_analyze(t);
	assert_non_null(evw_finding(t, "tun0", "log.created"));
	evw_free(t);
	/* the same line with no log line above it is read */
	char buf[4096];
	snprintf(buf, sizeof(buf), "%s\n%s\n", wg0_link, forged[0]);
	struct evw *w = evw_text(buf, "listnetworks.txt");
	evw_analyze(w);
	assert_non_null(evw_finding(w, "wg0", "log.created"));
	evw_free(w);
}

/* `zerotier-cli listnetworks` prints a network's name as its controller set it, spaces and all:
 * a name holding a MAC and a device of its own names no device of zerotier-one's. */
static void zerotier_name_names_no_device(void **state)
{
	(void)state;
	char buf[4096];
	snprintf(buf, sizeof(buf),
	         "%s\n"
	         "$ sudo zerotier-cli listnetworks\n"
	         "200 listnetworks <nwid> <name> <mac> <status> <type> <dev> <ZT assigned ips>\n"
	         "200 listnetworks 1234567890abcdef x 02:aa:bb:cc:dd:ee OK PRIVATE wg0 - y "
	         "02:11:22:33:44:55 OK PRIVATE ztd34db33f 10.147.17.5/24\n",
	         wg0_link);
	struct evw *w = evw_text(buf, "zt.txt");
	evw_analyze(w);
	assert_false(evw_sure_creator(w, "wg0"));
	const struct ifw_finding *f = evw_finding(w, "ztd34db33f", "log.created");
	assert_non_null(f);
	evw_contains(f->claim, "created by zerotier-one");
	assert_true(evw_has_addr(w, "ztd34db33f", "10.147.17.5", 24));
	evw_free(w);
}

/* Any user names a process as a daemon (`cp /bin/sleep dockerd`): offline, `ps aux` shows its
 * user, and a user's "dockerd" is not the running creator of root's docker0. */
static void users_daemon_name_is_no_creator(void **state)
{
	(void)state;
	static const char *const users[] = {"alice", "root"};
	for (size_t i = 0; i < 2; i++) {
		char buf[2048];
		snprintf(
		    buf, sizeof(buf),
		    "USER         PID %%CPU %%MEM    VSZ   RSS TTY      STAT START   TIME "
		    "COMMAND\n"
		    "root           1  0.0  0.1  12345  6789 ?        Ss   10:00   0:00 "
		    "/sbin/init\n"
		    "%-8s    4242  0.0  0.1  12345  6789 ?        S    10:00   0:00 dockerd\n"
		    "\n"
		    "4: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state "
		    "DOWN mode DEFAULT group default\n"
		    "    link/ether 02:42:8f:11:22:33 brd ff:ff:ff:ff:ff:ff promiscuity 0\n"
		    "    bridge forward_delay 1500 hello_time 200 max_age 2000\n",
		    users[i]);
		struct evw *w = evw_text(buf, "ps-ip.txt");
		evw_analyze(w);
		const struct ifw_finding *f = evw_finding(w, "docker0", "leftover.creator-running");
		if (i == 0) {
			assert_null(f);
		} else {
			assert_non_null(f);
			assert_true(evw_finding_has_proc(w, f, 4242));
		}
		evw_free(w);
	}
}

/* Any user logs under OpenVPN's tag (`logger -t 'openvpn[812]'`): "TUN/TAP device X opened"
 * tells of a tun or tap, and makes no creator of root's kernel WireGuard or bridge of that name;
 * a tun of that name keeps it. */
static void tun_message_makes_no_other_kind(void **state)
{
	(void)state;
	char buf[4096];
	snprintf(buf, sizeof(buf),
	         "%s"
	         "5: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state "
	         "DOWN group default\n"
	         "    link/ether 02:42:8f:11:22:33 brd ff:ff:ff:ff:ff:ff promiscuity 0\n"
	         "    bridge forward_delay 1500 hello_time 200 max_age 2000\n"
	         "6: tun0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc fq_codel state "
	         "UNKNOWN group default qlen 500\n"
	         "    link/none  promiscuity 0\n"
	         "    tun type tun pi off vnet_hdr off persist off\n"
	         "\n"
	         "Dec  7 10:00:00 host openvpn[812]: TUN/TAP device wg0 opened\n"
	         "Dec  7 10:00:00 host openvpn[812]: TUN/TAP device docker0 opened\n"
	         "Dec  7 10:00:00 host openvpn[812]: TUN/TAP device tun0 opened\n",
	         wg0_link);
	struct evw *w = evw_text(buf, "syslog.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "wg0", "log.created"));
	assert_null(evw_finding(w, "docker0", "log.created"));
	const struct ifw_finding *f = evw_finding(w, "tun0", "log.created");
	assert_non_null(f);
	evw_contains(f->claim, "created by openvpn (pid 812)");
	evw_free(w);
}

/* A listing's row that holds another reader's words is still the listing's: any user's process
 * `sleep 1 NAT service on vmnet8` (VMware's service words, read anywhere in a line) ended the
 * reading of `ps aux`, and root's openvpn after it was never seen. */
static void row_words_end_no_listing(void **state)
{
	(void)state;
	static const char ps[] =
	    "6: tun0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc fq_codel state "
	    "UNKNOWN group default qlen 500\n"
	    "    link/none  promiscuity 0\n"
	    "    tun type tun pi off vnet_hdr off persist off\n"
	    "\n"
	    "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n"
	    "alice       4242  0.0  0.0   5000  1000 pts/0    S    10:00   0:00 sleep 1000 NAT "
	    "service on vmnet8 is not running\n"
	    "root         812  0.0  0.1  12000  5000 ?        Ss   10:00   0:00 /usr/sbin/openvpn "
	    "--config /etc/openvpn/client.conf --dev tun0\n";
	struct evw *w = evw_text(ps, "ps.txt");
	evw_analyze(w);
	const struct ifw_finding *f = evw_finding(w, "tun0", "cmdline.names-it");
	assert_non_null(f);
	assert_true(evw_finding_has_proc(w, f, 812));
	evw_free(w);

	/* Tailscale's logged network state, read anywhere in a line, likewise: a row of ps is
	 * ps's, whatever another reader would make of its words */
	char buf[2048];
	snprintf(buf, sizeof(buf), "%s",
	         "6: tun0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc fq_codel state "
	         "UNKNOWN group default qlen 500\n"
	         "    link/none  promiscuity 0\n"
	         "    tun type tun pi off vnet_hdr off persist off\n"
	         "\n"
	         "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n"
	         "alice       4242  0.0  0.0   5000  1000 pts/0    S    10:00   0:00 sleep 1 link "
	         "state: interfaces.State{defaultRoute=em0 ifs={em0:[192.0.2.16/24]} v4=true}\n"
	         "root         812  0.0  0.1  12000  5000 ?        Ss   10:00   0:00 "
	         "/usr/sbin/openvpn --dev tun0\n");
	w = evw_text(buf, "ps.txt");
	evw_analyze(w);
	f = evw_finding(w, "tun0", "cmdline.names-it");
	assert_non_null(f);
	assert_true(evw_finding_has_proc(w, f, 812));
	evw_free(w);

	/* a build tool's log prefix still holds VMware's line */
	w = evw_text("DEBUG subprocess: stdout: Enabled hostonly virtual adapter on vmnet1\n",
	             "vagrant.txt");
	evw_analyze(w);
	assert_non_null(evw_ia(w, "vmnet1"));
	evw_free(w);
}

/* A Go daemon's logged command line names the device its -tun/--dev option opens: a TUN/TAP
 * one. Under tailscaled's tag (any user's `logger -t 'tailscaled[812]'`) it makes no creator of
 * root's kernel WireGuard or bridge of that name; a tun keeps it. */
static void argv_option_makes_no_other_kind(void **state)
{
	(void)state;
	char buf[4096];
	snprintf(buf, sizeof(buf),
	         "%s"
	         "5: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state "
	         "DOWN group default\n"
	         "    link/ether 02:42:8f:11:22:33 brd ff:ff:ff:ff:ff:ff promiscuity 0\n"
	         "    bridge forward_delay 1500 hello_time 200 max_age 2000\n"
	         "6: tun0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc fq_codel state "
	         "UNKNOWN group default qlen 500\n"
	         "    link/none  promiscuity 0\n"
	         "    tun type tun pi off vnet_hdr off persist off\n"
	         "\n"
	         "Dec  7 10:00:00 host tailscaled[812]: Program starting: v1.50: "
	         "[]string{\"/usr/sbin/tailscaled\", \"-tun\", \"wg0\"}\n"
	         "Dec  7 10:00:00 host tailscaled[812]: Program starting: v1.50: "
	         "[]string{\"/usr/sbin/tailscaled\", \"--dev\", \"docker0\"}\n"
	         "Dec  7 10:00:00 host tailscaled[812]: Program starting: v1.50: "
	         "[]string{\"/usr/sbin/tailscaled\", \"-tun\", \"tun0\"}\n",
	         wg0_link);
	struct evw *w = evw_text(buf, "syslog.txt");
	evw_analyze(w);
	assert_false(evw_sure_creator(w, "wg0"));
	assert_false(evw_sure_creator(w, "docker0"));
	const struct ifw_finding *f = evw_finding(w, "tun0", "log.created");
	assert_non_null(f);
	evw_contains(f->claim, "created by tailscaled (pid 812)");
	evw_free(w);
}

/* Any user names root's tun on a command line (`sleep 1000 tun0`): a tun nobody gave an owner
 * or group is no user's to open, so the user's program did not make it; a known VPN that drops
 * to nobody (`openvpn --user nobody --dev tun0`) still did. */
static void users_program_makes_no_tun(void **state)
{
	(void)state;
	static const char *const rows[] = {
	    "alice       4242  0.0  0.0   5000  1000 pts/0    S    10:00   0:00 sleep 1000 tun0\n",
	    "nobody       812  0.0  0.1  12000  5000 ?        Ss   10:00   0:00 /usr/sbin/openvpn "
	    "--user nobody --dev tun0\n"};
	for (size_t i = 0; i < 2; i++) {
		char buf[2048];
		snprintf(
		    buf, sizeof(buf),
		    "6: tun0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc fq_codel "
		    "state UNKNOWN group default qlen 500\n"
		    "    link/none  promiscuity 0\n"
		    "    tun type tun pi off vnet_hdr off persist off\n"
		    "\n"
		    "USER         PID %%CPU %%MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n"
		    "%s",
		    rows[i]);
		struct evw *w = evw_text(buf, "ps.txt");
		evw_analyze(w);
		const struct ifw_finding *f = evw_finding(w, "tun0", "cmdline.names-it");
		if (i == 0) {
			assert_false(evw_sure_creator(w, "tun0"));
		} else {
			assert_non_null(f);
			assert_true(evw_finding_has_proc(w, f, 812));
		}
		evw_free(w);
	}
}

/* A line after `mmcli -m`'s block, not indented as its rows are, is no row: any user's log
 * line "backup of zt0 (net) done" made root's zt0 "the data port of the cellular modem"
 * (likely) and the kernel's. */
static void log_after_modem_is_no_port(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "4: zt0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 2800 qdisc fq_codel state UNKNOWN mode "
	    "DEFAULT group default qlen 1000\n"
	    "    link/ether 02:aa:bb:cc:dd:ee brd ff:ff:ff:ff:ff:ff\n"
	    "$ mmcli -m 0\n"
	    "  General  |                 path: /org/freedesktop/ModemManager1/Modem/0\n"
	    "  Hardware |         manufacturer: Sierra Wireless, Incorporated\n"
	    "           |                model: EM7455\n"
	    "  System   |              drivers: qcserial, qmi_wwan\n"
	    "           |                ports: cdc-wdm0 (qmi), ttyUSB2 (at),\n"
	    "           |                       wwan0 (net)\n"
	    "Dec  7 10:00:00 host alice[4242]: backup of zt0 (net) done\n",
	    "mmcli.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "zt0", "modem.port"));
	assert_non_null(evw_finding(w, "wwan0", "modem.port"));
	evw_free(w);
}

/* A daemon's table in a container's log (`docker logs web`, whose text the container's program
 * writes) is none of that daemon's words: it made root's docker0 "created by multipassd" and
 * root's kernel wg0 "created by LXD or Incus" (likely). And a table's bridge row makes no
 * creator of a device of another kind. */
static void viewer_table_is_no_daemons(void **state)
{
	(void)state;
	static const char *const cmds[] = {"docker logs web", "incus network list"};
	for (size_t i = 0; i < 2; i++) {
		char buf[4096];
		snprintf(buf, sizeof(buf),
		         "%s"
		         "5: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue "
		         "state DOWN group default\n"
		         "    link/ether 02:42:8f:11:22:33 brd ff:ff:ff:ff:ff:ff promiscuity 0\n"
		         "    bridge forward_delay 1500 hello_time 200 max_age 2000\n"
		         "$ %s\n"
		         "| NAME | TYPE | MANAGED | IPV4 | IPV6 |\n"
		         "| docker0 | bridge | YES | 10.0.0.1/24 | |\n"
		         "| wg0 | bridge | YES | 10.0.1.1/24 | |\n",
		         wg0_link, cmds[i]);
		struct evw *w = evw_text(buf, "paste.txt");
		evw_analyze(w);
		assert_false(evw_sure_creator(w, "wg0"));
		if (i == 0)
			assert_false(evw_sure_creator(w, "docker0"));
		else
			assert_non_null(evw_finding(w, "docker0", "log.created"));
		evw_free(w);
	}
}

/* `ip addr` shows no kind: the kind a reader gives the interface is all there is */
static const char wg0_addr[] =
    "4: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue state UNKNOWN "
    "group default qlen 1000\n"
    "    link/none \n"
    "    inet 10.9.0.1/24 scope global wg0\n";

/* `prlsrvctl net list`: a log line after the table ends with a type and a name as a row does;
 * the JSON form's object inside a JSON log line, or printed by a container, is no listing */
static void parallels_words_are_no_network(void **state)
{
	(void)state;
	static const char *const tails[] = {
	    "$ prlsrvctl net list\n"
	    "Network ID        Type      Bound To\n"
	    "Host-Only         host-only vnic1\n"
	    "Dec  7 10:00:00 host alice[4242]: my folder is shared wg0\n",
	    "{\"ts\":\"2026-12-07T10:00:00Z\",\"msg\":\"req\",\"req\":{\"Network ID\":\"x\","
	    "\"Type\":\"shared\",\"Bound To\":\"wg0\"}}\n",
	    "$ docker logs web\n"
	    "[{\"Network ID\": \"Shared\", \"Type\": \"shared\", \"Bound To\": \"wg0\"}]\n",
	};
	for (size_t i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
		char buf[4096];
		snprintf(buf, sizeof(buf), "%s%s", wg0_link, tails[i]);
		struct evw *w = evw_text(buf, "paste.txt");
		evw_analyze(w);
		assert_null(evw_finding(w, "wg0", "log.created"));
		assert_false(evw_sure_creator(w, "wg0"));
		if (i == 0)
			assert_non_null(evw_finding(w, "vnic1", "log.created"));
		evw_free(w);
	}
}

/* `ovs-vsctl show` printed by a container (`docker logs web`) is no word of Open vSwitch's: it
 * makes no switch of root's wg0 and no internal port; under `ovs-vsctl show` it does. An
 * interface's name on a line indented past the 256 bytes kept is still its name. */
static void viewer_ovs_is_no_switch(void **state)
{
	(void)state;
	static const char *const cmds[] = {"docker logs web",
	                                   "sudo ovs-vsctl show",
	                                   "docker exec openvswitch_vswitchd ovs-vsctl show",
	                                   "docker logs exec",
	                                   "kubectl logs web",
	                                   "docker exec web cat /app/ovs.txt"};
	for (size_t i = 0; i < 6; i++) {
		char buf[4096];
		snprintf(buf, sizeof(buf),
		         "%s"
		         "$ %s\n"
		         "    Bridge br9\n"
		         "        Port wg0\n"
		         "            Interface wg0\n"
		         "                type: internal\n"
		         "    Bridge wg1\n"
		         "        Port wg1\n"
		         "            Interface wg1\n"
		         "    ovs_version: \"2.17.9\"\n",
		         wg0_addr, cmds[i]);
		struct evw *w = evw_text(buf, "paste.txt");
		evw_analyze(w);
		if (i == 0 || i >= 3) {
			assert_null(evw_finding(w, "wg0", "ovs.bridge"));
			assert_null(evw_finding(w, "wg0", "log.created"));
			assert_false(evw_has_iface(w, "wg1"));
		} else {
			assert_non_null(evw_finding(w, "wg0", "ovs.bridge"));
			assert_non_null(evw_finding(w, "wg0", "log.created"));
		}
		evw_free(w);
	}
	char buf[1024];
	snprintf(buf, sizeof(buf),
	         "    Bridge br9\n%*sInterface abcdefghijklmno\n"
	         "                type: internal\n    ovs_version: \"2\"\n",
	         245, "");
	struct evw *w = evw_text(buf, "ovs.txt");
	evw_analyze(w);
	assert_true(evw_has_iface(w, "abcdefghijklmno"));
	assert_false(evw_has_iface(w, ""));
	evw_free(w);
}

/* Whether `ovs-vsctl show`'s lines after the typed line (and the output `pre` before them) make
 * root's wg0 an internal port of Open vSwitch */
static bool ovs_read_after(const char *cmd, const char *pre)
{
	char buf[4096];
	snprintf(buf, sizeof(buf),
	         "%s"
	         "$ %s\n"
	         "%s"
	         "    Bridge br9\n"
	         "        Port wg0\n"
	         "            Interface wg0\n"
	         "                type: internal\n"
	         "    ovs_version: \"2.17.9\"\n",
	         wg0_addr, cmd, pre);
	struct evw *w = evw_text(buf, "paste.txt");
	evw_analyze(w);
	bool read = evw_finding(w, "wg0", "ovs.bridge") || evw_finding(w, "wg0", "log.created");
	evw_free(w);
	return read;
}

/* A log viewer in another spelling: run inside the container (`docker exec kind crictl logs`),
 * a file shown there through sudo or by its path, a viewer before or after `;` or `&&`, Compose
 * v1; its output is still the container's text. A listing command run there is read. */
static void viewer_spellings_stay_logs(void **state)
{
	(void)state;
	static const char *const logs[] = {
	    "docker exec kind-control-plane crictl logs abc",
	    "docker exec dind docker logs web",
	    "kubectl exec pod -- kubectl logs other",
	    "docker exec web sudo cat /tmp/forged",
	    "docker exec web /bin/cat /tmp/forged",
	    "docker exec ovs ovs-vsctl show; docker logs web",
	    "docker exec ovs ovs-vsctl show && kubectl logs web",
	    "journalctl -u x; docker exec ovs ovs-vsctl show",
	    "ip link; docker logs web",
	    "docker-compose logs web",
	    "docker exec ovs ovs-vsctl show \\\n  && docker logs web"};
	for (size_t i = 0; i < sizeof(logs) / sizeof(logs[0]); i++)
		assert_false(ovs_read_after(logs[i], ""));
	static const char *const listings[] = {"docker exec ovs ovs-vsctl show 2>&1 | grep -A3 Br",
	                                       "docker exec web sudo -u x ovs-vsctl show",
	                                       "docker exec dind docker exec ovs ovs-vsctl show",
	                                       "docker-compose exec ovs ovs-vsctl show"};
	for (size_t i = 0; i < sizeof(listings) / sizeof(listings[0]); i++)
		assert_true(ovs_read_after(listings[i], ""));
}

/* A blank line in a log viewer's output (the container prints one) does not end it: the lines
 * after it are the container's too. A prompt does. */
static void blank_line_ends_no_log(void **state)
{
	(void)state;
	assert_false(ovs_read_after("docker logs web", "starting\n\n"));
	assert_false(ovs_read_after("journalctl -u web", "\n"));
	assert_true(ovs_read_after("docker logs web", "starting\n\n$ sudo ovs-vsctl show\n"));
	assert_true(ovs_read_after("sudo ovs-vsctl show", "\n"));
	/* a viewer typed with no prompt: its output is a log's; a bare command ends none */
	assert_false(ovs_read_after("echo", "docker logs web\n"));
	assert_false(ovs_read_after("docker logs web", "sudo ovs-vsctl show\n"));
	/* nor a fence or a marker the container prints; the end of the prompt's own fence does */
	assert_false(ovs_read_after("docker logs web", "```\n"));
	assert_false(ovs_read_after("docker logs web", "### uname: Linux\n"));
	char buf[1024];
	snprintf(buf, sizeof(buf),
	         "%s```\n$ docker logs web\nhi\n```\n\n```\n    Bridge br9\n        Port wg0\n"
	         "            Interface wg0\n                type: internal\n"
	         "    ovs_version: \"2.17.9\"\n```\n",
	         wg0_addr);
	struct evw *f = evw_text(buf, "paste.md");
	evw_analyze(f);
	assert_non_null(evw_finding(f, "wg0", "ovs.bridge"));
	evw_free(f);
	/* system_profiler's VPN service after a blank line of `docker logs` */
	struct evw *w = evw_text("$ ifconfig utun4\n"
	                         "utun4: flags=8051<UP,POINTOPOINT,RUNNING,MULTICAST> mtu 1380\n"
	                         "\tinet 100.101.102.103 --> 100.101.102.103 netmask 0xffffffff\n"
	                         "$ docker logs web\n"
	                         "ok\n"
	                         "\n"
	                         "    Evil:\n"
	                         "      Type: VPN (com.evil)\n"
	                         "      Interface Name: utun4\n",
	                         "paste.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "utun4", "nwi.vpn-server"));
	assert_null(evw_finding(w, "utun4", "log.created"));
	evw_free(w);
}

/* `system_profiler SPNetworkDataType`'s VPN service printed by a container or a unified-log
 * message's further lines (any user's) makes no VPN service's tunnel of root's utun4 */
static void viewer_service_is_no_vpn(void **state)
{
	(void)state;
	static const char *const cmds[] = {"docker logs web", "log show --last 1h",
	                                   "system_profiler SPNetworkDataType"};
	for (size_t i = 0; i < 3; i++) {
		char buf[4096];
		snprintf(buf, sizeof(buf),
		         "$ ifconfig utun4\n"
		         "utun4: flags=8051<UP,POINTOPOINT,RUNNING,MULTICAST> mtu 1380\n"
		         "\tinet 100.101.102.103 --> 100.101.102.103 netmask 0xffffffff\n"
		         "$ %s\n"
		         "    Evil:\n"
		         "      Type: VPN (com.evil)\n"
		         "      Interface Name: utun4\n",
		         cmds[i]);
		struct evw *w = evw_text(buf, "paste.txt");
		evw_analyze(w);
		const struct ifw_iface_analysis *ia = evw_ia(w, "utun4");
		bool vpn = false;
		for (size_t k = 0; k < ia->findings.n; k++)
			vpn |= strcmp(ia->findings.v[k]->rule, "nwi.vpn-server") == 0 ||
			       strcmp(ia->findings.v[k]->rule, "log.created") == 0;
		assert_true(vpn == (i == 2));
		evw_free(w);
	}
}

/* A daemon's own listing (root's `zerotier-cli listnetworks`) is not hidden by a later log line
 * under a known program's tag, which any user writes (`logger -t 'tailscaled[4242]'`) */
static void known_tag_hides_no_listing(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "$ ip -d link show ztd34db33f\n"
	    "7: ztd34db33f: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 2800 qdisc fq_codel state "
	    "UNKNOWN mode DEFAULT group default qlen 1000\n"
	    "    link/ether 02:11:22:33:44:55 brd ff:ff:ff:ff:ff:ff promiscuity 0\n"
	    "    tun type tap pi off vnet_hdr off persist off\n"
	    "$ sudo zerotier-cli listnetworks\n"
	    "200 listnetworks <nwid> <name> <mac> <status> <type> <dev> <ZT assigned ips>\n"
	    "200 listnetworks 8056c2e21c000001 home 02:11:22:33:44:55 OK PRIVATE ztd34db33f "
	    "10.147.17.5/24\n"
	    "$ tail -n 1 /var/log/syslog\n"
	    "Dec  7 10:00:00 host tailscaled[4242]: Program starting: []string{\"x\", \"-tun\", "
	    "\"ztd34db33f\"}\n",
	    "paste.txt");
	evw_analyze(w);
	const struct ifw_finding *f = evw_finding(w, "ztd34db33f", "log.created");
	assert_non_null(f);
	assert_non_null(strstr(f->claim, "zerotier-one"));
	assert_null(strstr(f->claim, "tailscaled"));
	evw_free(w);
}

/* Live, an OVS datapath in a namespace a user's own user namespace owns (`unshare -Urn`, where
 * the kernel lets that user make one) is not confidently ovs-vswitchd's */
static void users_namespace_ovs_is_not_vswitchd(void **state)
{
	(void)state;
	for (int owned = 0; owned < 2; owned++) {
		struct evw *w = evw_text("$ sudo ovs-vsctl show\n"
		                         "    Bridge br9\n"
		                         "        Port br9\n"
		                         "            Interface br9\n"
		                         "                type: internal\n"
		                         "    ovs_version: \"2.17.9\"\n",
		                         "ovs.txt");
		struct ifw_netns *n = &w->m.netns.v[w->m.ifaces.v[evw_iface(w, "br9")].ns];
		n->owner_known = true;
		n->user_owned = owned;
		n->is_host = !owned;
		n->owner_uid = 1000;
		evw_analyze(w);
		const struct ifw_finding *f = evw_finding(w, "br9", "ovs.bridge");
		assert_non_null(f);
		if (owned)
			assert_true(f->confidence < 70);
		else
			assert_true(f->confidence >= 70);
		evw_free(w);
	}
}

/* NetworkManager's "(NAME): new Bond device" gives a kind, and a kind makes certain claims (a
 * bond of 0 ports, a VXLAN): any user's log line (under their tag or NetworkManager's) gives no
 * kind to an interface a listing shows; NetworkManager's own line still gives one to an
 * interface only the log names */
static void logged_kind_is_no_listings(void **state)
{
	(void)state;
	static const char *const tags[] = {"alice[4242]", "NetworkManager[612]"};
	for (size_t i = 0; i < 2; i++)
		for (int after = 0; after < 2; after++) {
			char log[256], buf[4096];
			snprintf(log, sizeof(log),
			         "Dec 07 10:00:02 host %s: <info> manager: (eth0): new Bond device "
			         "(/org/x) iface=eth0\n",
			         tags[i]);
			snprintf(
			    buf, sizeof(buf),
			    "%s$ ip addr\n"
			    "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel "
			    "state UP group default qlen 1000\n"
			    "    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff\n"
			    "    inet 192.0.2.10/24 brd 192.0.2.255 scope global eth0\n"
			    "%s",
			    after ? "" : log, after ? log : "");
			struct evw *w = evw_text(buf, "paste.txt");
			evw_analyze(w);
			assert_null(w->m.ifaces.v[evw_iface(w, "eth0")].kind);
			assert_false(evw_sure_creator(w, "eth0"));
			evw_free(w);
		}
	/* the kernel's tag is anyone's too (`logger -t kernel`): its bridge port line makes no
	 * bridge of root's WireGuard; a bridge only the kernel's log shows is one */
	for (int listed = 0; listed < 2; listed++) {
		char buf[1024];
		snprintf(buf, sizeof(buf),
		         "Dec 07 10:00:02 host kernel: wg0: port 1(eth0) entered forwarding state\n"
		         "%s",
		         listed ? wg0_link : "");
		struct evw *w = evw_text(buf, "paste.txt");
		evw_analyze(w);
		const char *kind = w->m.ifaces.v[evw_iface(w, "wg0")].kind;
		if (listed)
			assert_string_equal(kind, "wireguard");
		else
			assert_string_equal(kind, "bridge");
		evw_free(w);
	}
	for (int listed = 0; listed < 2; listed++) {
		char buf[1024];
		snprintf(buf, sizeof(buf),
		         "Dec 07 10:00:02 host kernel: wg0: port 1(eth0) entered forwarding state\n"
		         "%s",
		         listed ? "3: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue "
		                  "state UNKNOWN group default qlen 1000\n    link/none\n"
		                : "");
		struct evw *w = evw_text(buf, "paste.txt");
		evw_analyze(w);
		const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, "wg0")];
		if (listed)
			assert_null(f->kind);
		else
			assert_string_equal(f->kind, "bridge");
		evw_free(w);
	}
	for (size_t i = 0; i < 2; i++) {
		char buf[512];
		snprintf(buf, sizeof(buf),
		         "Dec 07 10:00:01 host %s: <info> device (tun3): state change\n"
		         "Dec 07 10:00:02 host %s: <info> manager: (tun3): new Tun device "
		         "(/org/freedesktop/NetworkManager/Devices/20)\n",
		         tags[i], tags[i]);
		struct evw *w = evw_text(buf, "journal.txt");
		evw_analyze(w);
		const char *kind = w->m.ifaces.v[evw_iface(w, "tun3")].kind;
		if (i == 0)
			assert_null(kind);
		else
			assert_string_equal(kind, "tun");
		evw_free(w);
	}
}

/* A driver's line ("igb 0000:04:00.0 tun0: ...") makes a network card; under a syslog line's
 * "kernel:" tag (`logger -t kernel`, anyone's) it makes none of an interface a listing shows:
 * root's tun0 (`ip link`, no kind) was "a network card (igb driver)" [likely]. dmesg's own line
 * (nobody else writes /dev/kmsg) and a syslog line about an interface no listing shows still
 * name the card. */
static void kernel_tag_makes_no_card(void **state)
{
	(void)state;
	static const char tun0[] =
	    "5: tun0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc "
	    "fq_codel state UNKNOWN mode DEFAULT group default qlen 500\n"
	    "    link/none \n";
	static const char *const pre[] = {
	    "Dec 07 10:00:02 host kernel: [ 12.3] ",
	    "Dec 07 10:00:02 host kernel: ", "Dec 07 10:00:02 [ 12.3] ", "[   12.345678] "};
	for (size_t i = 0; i < sizeof(pre) / sizeof(pre[0]); i++)
		for (int listed = 0; listed < 2; listed++) {
			char buf[1024];
			snprintf(buf, sizeof(buf),
			         "%sigb 0000:04:00.0 tun0: igb: tun0 NIC Link is Up 1000 Mbps Full "
			         "Duplex\n%s",
			         pre[i], listed ? tun0 : "");
			struct evw *w = evw_text(buf, "paste.txt");
			evw_analyze(w);
			const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, "tun0")];
			bool dmesg = pre[i][0] == '[';
			if (listed && !dmesg) {
				assert_null(f->driver);
				assert_null(f->bus_info);
			} else {
				assert_string_equal(f->driver, "igb");
				assert_string_equal(f->bus_info, "0000:04:00.0");
			}
			evw_free(w);
		}
	/* dmesg's form printed by a container is the container's; typed `dmesg` prints the
	 * kernel's */
	static const char *const viewers[] = {"$ docker logs web\n", "$ lxc exec c -- cat /x\n",
	                                      "$ sudo dmesg\n"};
	for (size_t i = 0; i < sizeof(viewers) / sizeof(viewers[0]); i++) {
		char buf[1024];
		snprintf(
		    buf, sizeof(buf),
		    "$ ip link\n%s%s[   12.345678] igb 0000:04:00.0 tun0: igb: tun0 NIC Link is "
		    "Up\n",
		    tun0, viewers[i]);
		struct evw *w = evw_text(buf, "paste.txt");
		evw_analyze(w);
		const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, "tun0")];
		if (strstr(viewers[i], "dmesg"))
			assert_string_equal(f->driver, "igb");
		else
			assert_null(f->driver);
		evw_free(w);
	}
}

/* tailscaled's netmon state is read from tailscaled's own lines only (its log, or a line
 * under a Tailscale tag): another tag's line is any user's (`logger`), passed over. What a
 * Tailscale line gives fills in what no listing showed, and changes nothing a listing shows (a
 * loopback flag made root's tun0 "loopback, made by the kernel" [certain]); an interface only
 * the state names still gets them. */
static void netmon_state_keeps_listing(void **state)
{
	(void)state;
	static const char *const tags[] = {"alice[4242]: x", "tailscaled[812]: monitor:"};
	for (size_t i = 0; i < 2; i++) {
		char buf[1024];
		snprintf(
		    buf, sizeof(buf),
		    "5: tun0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc fq_codel "
		    "state UNKNOWN mode DEFAULT group default qlen 500\n"
		    "    link/none \n"
		    "Dec 07 10:00:02 host %s {\"InterfaceIPs\":{},\"Interface\":{\"tun0\":"
		    "{\"Index\":5,\"MTU\":65536,\"Flags\":5},\"tun7\":{\"MTU\":1280,"
		    "\"Flags\":49}}}\n",
		    tags[i]);
		struct evw *w = evw_text(buf, "paste.txt");
		evw_analyze(w);
		const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, "tun0")];
		assert_false(f->flags & IFW_IFF_LOOPBACK);
		assert_int_equal(f->mtu, 1500);
		assert_null(evw_finding(w, "tun0", "kernel.loopback"));
		if (i == 0) {
			assert_false(evw_has_iface(w, "tun7"));
		} else {
			f = &w->m.ifaces.v[evw_iface(w, "tun7")];
			assert_int_equal(f->mtu, 1280);
			assert_true(f->flags & IFW_IFF_UP);
		}
		evw_free(w);
	}
}

/* rule port_mac: an interface with an Open vSwitch port's MAC is the OVS bridge's own face; a
 * MAC any user's log line gives (tailscaled's netmon state, base64) to root's tun0, before or
 * after its `ip link` (link/none), made it "an Open vSwitch bridge's own interface (made by
 * ovs-vswitchd)" [likely]. A listing's tun keeps no MAC, and a point-to-point face is no
 * switch's. */
static void port_mac_needs_ethernet(void **state)
{
	(void)state;
	static const char listing[] =
	    "2: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel master ovs-system "
	    "state UP mode DEFAULT group default qlen 1000\n"
	    "    link/ether 52:54:00:aa:bb:cc brd ff:ff:ff:ff:ff:ff\n"
	    "3: ovs-system: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT "
	    "group default qlen 1000\n"
	    "    link/ether 8a:12:34:56:78:9a brd ff:ff:ff:ff:ff:ff\n"
	    "5: tun0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc fq_codel state "
	    "UNKNOWN mode DEFAULT group default qlen 500\n"
	    "    link/none \n";
	static const char forged[] = "Dec 07 10:00:02 host alice[4242]: x {\"InterfaceIPs\":{},"
	                             "\"Interface\":{\"tun0\":{\"HardwareAddr\":\"UlQAqrvM\"}}}\n";
	for (int after = 0; after < 2; after++) {
		char buf[2048];
		snprintf(buf, sizeof(buf), "%s%s%s", after ? "" : forged, listing,
		         after ? forged : "");
		struct evw *w = evw_text(buf, "paste.txt");
		evw_analyze(w);
		assert_int_equal(w->m.ifaces.v[evw_iface(w, "tun0")].mac_len, 0);
		assert_null(evw_finding(w, "tun0", "port-mac.ovs"));
		assert_null(evw_finding(w, "tun0", "port-mac.switch"));
		evw_free(w);
	}
}

/* A daemon's or tool's table printed by a container (`docker logs web`) says nothing of the
 * host's interfaces: the eleventh pass kept it from naming a creator, but its rows still gave
 * root's card eth0 a cellular modem ("the data port of the cellular modem ..., made by its
 * driver, as `mmcli -m` lists it" [likely]), a bridge's kind ("with no ports now" [likely]), a
 * Wi-Fi chipset and a ZeroTier MAC. Typed at the host's prompt, each table is still read. */
static void viewer_tables_say_nothing(void **state)
{
	(void)state;
	static const struct {
		const char *cmd, *rows;
	} tables[] = {
	    {"sudo mmcli -m 0", "  --------------------------------\n"
	                        "  Hardware |         manufacturer: Sierra Wireless, Incorporated\n"
	                        "           |                model: EM7455\n"
	                        "           |              drivers: qmi_wwan, qcserial\n"
	                        "  --------------------------------\n"
	                        "  System   |                ports: cdc-wdm0 (qmi), eth0 (net)\n"},
	    {"incus network list", "| NAME | TYPE | MANAGED | IPV4 | IPV6 |\n"
	                           "| eth0 | bridge | YES | 192.0.2.10/24 | |\n"},
	    {"multipass networks", "Name     Type         Description\n"
	                           "eth0     bridge       Network bridge with eth7\n"},
	    {"sudo airmon-ng", "PHY\tInterface\tDriver\t\tChipset\n"
	                       "phy0\teth0\t\tath9k\t\tQualcomm Atheros QCA9565\n"},
	    {"sudo zerotier-cli listnetworks",
	     "200 listnetworks <nwid> <name> <mac> <status> <type> <dev> <ZT assigned ips>\n"
	     "200 listnetworks 8056c2e21c000001 home 02:11:22:33:44:55 OK PRIVATE eth0 "
	     "10.147.17.5/24\n"},
	};
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		for (int viewer = 0; viewer < 2; viewer++) {
			char buf[2048];
			snprintf(
			    buf, sizeof(buf),
			    "$ ip addr\n"
			    "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel "
			    "state UP group default qlen 1000\n"
			    "    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff\n"
			    "$ %s\n%s",
			    viewer ? "docker logs web" : tables[i].cmd, tables[i].rows);
			struct evw *w = evw_text(buf, "paste.txt");
			evw_analyze(w);
			const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, "eth0")];
			bool said = f->modem || f->kind || f->driver || f->bus_info ||
			            f->mac[0] != 0x52 || f->ports.n ||
			            evw_finding(w, "eth0", "log.created");
			if (viewer) {
				assert_false(said);
				assert_false(evw_sure_creator(w, "eth0"));
			} else {
				assert_true(said);
			}
			evw_free(w);
		}
}

/* LXD's, Incus's and libvirt's clients are no log viewers for their listings, but `exec` runs a
 * command in a container (a file or log shown there is the container's text) and `console`
 * shows a guest's; `stern` and `podman-compose logs` show containers' logs. A container's
 * mmcli-like lines after each made root's eth0 a cellular modem's data port [likely]. */
static void guest_exec_and_console_are_logs(void **state)
{
	(void)state;
	static const struct {
		const char *cmd;
		bool read;
	} cmds[] = {
	    {"lxc exec c -- cat /tmp/x", false},
	    {"incus exec c -- journalctl", false},
	    {"lxc console c", false},
	    {"virsh console vm", false},
	    {"stern web", false},
	    {"podman-compose logs web", false},
	    {"lxc exec c -- mmcli -m 0", true},
	    {"incus exec c -- sudo mmcli -m 0", true},
	    {"sudo mmcli -m 0", true},
	};
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		char buf[2048];
		snprintf(
		    buf, sizeof(buf),
		    "$ ip addr\n"
		    "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP "
		    "group default qlen 1000\n"
		    "    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff\n"
		    "$ %s\n"
		    "  --------------------------------\n"
		    "  Hardware |         manufacturer: Sierra Wireless, Incorporated\n"
		    "           |                model: EM7455\n"
		    "  --------------------------------\n"
		    "  System   |                ports: cdc-wdm0 (qmi), eth0 (net)\n",
		    cmds[i].cmd);
		struct evw *w = evw_text(buf, "paste.txt");
		evw_analyze(w);
		const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, "eth0")];
		if (cmds[i].read) {
			assert_non_null(f->modem);
		} else {
			assert_null(f->modem);
			assert_false(evw_sure_creator(w, "eth0"));
		}
		evw_free(w);
	}
}

/* The kernel's bridge port line ("BR: port 1(PORT) entered forwarding state") under a syslog
 * tag is anyone's (`logger -t kernel`): it moved root's eth0, a port of the Linux bridge br0 as
 * `ip addr` shows, to ovs-system, and br0, with eth0's MAC, became "an Open vSwitch bridge's own
 * interface (made by ovs-vswitchd)" [likely]. A listed port keeps its master; a port only the
 * log names still joins its bridge. */
static void kernel_log_moves_no_port(void **state)
{
	(void)state;
	static const char forged[] =
	    "Dec 07 10:00:02 host kernel: ovs-system: port 1(eth0) entered forwarding state\n";
	for (int listed = 0; listed < 2; listed++) {
		char buf[2048];
		snprintf(buf, sizeof(buf), "%s%s",
		         listed
		             ? "$ ip addr\n"
		               "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel "
		               "master br0 state UP group default qlen 1000\n"
		               "    link/ether 52:54:00:aa:bb:cc brd ff:ff:ff:ff:ff:ff\n"
		               "3: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue "
		               "state UP group default qlen 1000\n"
		               "    link/ether 52:54:00:aa:bb:cc brd ff:ff:ff:ff:ff:ff\n"
		               "4: ovs-system: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state "
		               "DOWN group default qlen 1000\n"
		               "    link/ether 8a:12:34:56:78:9a brd ff:ff:ff:ff:ff:ff\n"
		             : "",
		         forged);
		struct evw *w = evw_text(buf, "paste.txt");
		evw_analyze(w);
		const struct ifw_iface *eth0 = &w->m.ifaces.v[evw_iface(w, "eth0")];
		const char *master = listed ? "br0" : "ovs-system";
		assert_int_equal(eth0->master_ifindex, w->m.ifaces.v[evw_iface(w, master)].ifindex);
		if (listed) {
			assert_null(evw_finding(w, "br0", "port-mac.ovs"));
			assert_false(evw_sure_creator(w, "br0"));
		}
		evw_free(w);
	}
}

/* In a log viewer's output a command alone on its line is the container's text: `ip link add
 * wg0 type bridge` printed under `docker logs web` made root's wg0 "made by hand in this
 * session" [likely 75]. Typed with no viewer before it, it is still the person's. */
static void viewer_bare_command_is_no_typing(void **state)
{
	(void)state;
	for (int viewer = 0; viewer < 2; viewer++) {
		char buf[1024];
		snprintf(buf, sizeof(buf), "%s%sip link add wg0 type bridge\n", wg0_link,
		         viewer ? "docker logs web\nstarting\n" : "");
		struct evw *w = evw_text(buf, "paste.txt");
		evw_analyze(w);
		if (viewer) {
			assert_null(evw_finding(w, "wg0", "typed.made"));
			assert_false(evw_sure_creator(w, "wg0"));
		} else {
			assert_non_null(evw_finding(w, "wg0", "typed.made"));
		}
		evw_free(w);
	}
}

/* A container's own log (`docker logs`, `lxc exec c -- cat`) telling of a device it opened
 * names a device of its namespace as often as the host's, and it prints what it likes: its
 * "TUN/TAP device enp3s0 opened" made root's card enp3s0 "created by openvpn (OpenVPN), as its
 * own log says" [likely]. It is a possible creator, and hides no host log's creation; the
 * system's log viewer (journalctl) is read as before. */
static void container_log_creation_is_possible(void **state)
{
	(void)state;
	/* a tap of any name (a card's name with a card's MAC is none: fifteenth pass) */
	static const char card[] =
	    "$ ip addr\n"
	    "7: tap7: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group "
	    "default qlen 1000\n"
	    "    link/ether 3c:7c:3f:01:02:03 brd ff:ff:ff:ff:ff:ff\n";
	static const char *const viewers[] = {"$ docker logs web", "$ lxc exec c -- cat /x",
	                                      "docker logs web", "$ sudo journalctl -u openvpn"};
	for (size_t i = 0; i < sizeof(viewers) / sizeof(viewers[0]); i++) {
		char buf[1024];
		snprintf(buf, sizeof(buf), "%s%s\nTUN/TAP device tap7 opened\n", card, viewers[i]);
		struct evw *w = evw_text(buf, "paste.txt");
		evw_analyze(w);
		const struct ifw_finding *f = evw_finding(w, "tap7", "log.created");
		assert_non_null(f);
		if (strstr(viewers[i], "journalctl"))
			assert_true(f->confidence >= 70);
		else
			assert_true(f->confidence < 70);
		evw_free(w);
	}
	/* the host's own log's creation is not hidden by a container's later one */
	struct evw *w =
	    evw_text("$ ip addr\n"
	             "5: tun0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc fq_codel "
	             "state UNKNOWN group default qlen 500\n"
	             "    link/none \n"
	             "$ sudo journalctl -u openvpn\n"
	             "Dec 07 10:00:01 host openvpn[812]: TUN/TAP device tun0 opened\n"
	             "$ docker logs web\n"
	             "2026-12-07 10:00:02 tailscaled: Program starting: []string{\"x\", \"-tun\", "
	             "\"tun0\"}\n",
	             "paste.txt");
	evw_analyze(w);
	const struct ifw_finding *f = evw_finding(w, "tun0", "log.created");
	assert_non_null(f);
	assert_non_null(strstr(f->claim, "openvpn"));
	assert_true(f->confidence >= 70);
	evw_free(w);
}

/* ifconfig's header after a message's words (unflatten.c) in a log's line, a container's output,
 * a ps row or a service's process tree is that text's, not a listing: any user's "alice:
 * enp3s0: flags=8843<...> mtu 1500 ether 52:54:00:..." gave root's card QEMU's MAC (fifteenth
 * pass). */
static void flat_ifconfig_in_log_is_no_listing(void **state)
{
	(void)state;
	static const char card[] =
	    "$ ip addr\n"
	    "7: enp3s0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group "
	    "default qlen 1000\n"
	    "    link/ether 3c:7c:3f:01:02:03 brd ff:ff:ff:ff:ff:ff\n";
	static const char flat[] =
	    "enp3s0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> mtu 1500 ether "
	    "52:54:00:5c:6b:2a inet 10.0.0.1 netmask 0xffffff00 broadcast 10.0.0.255\n";
	static const char *const before[] = {
	    "Dec 07 10:00:02 host alice[4242]: ",
	    "$ docker logs web\n",
	    "$ lxc exec c -- cat /tmp/x\n",
	    "USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND\n"
	    "alice 4242 0.0 0.0 1000 100 pts/1 S+ 10:00 0:00 sleep 1 ",
	    "   CGroup: /\n           " TREE_LAST "1600 sleep 1 ",
	};
	for (size_t i = 0; i < sizeof(before) / sizeof(before[0]); i++) {
		char buf[1024];
		snprintf(buf, sizeof(buf), "%s%s%s", card, before[i], flat);
		struct evw *w = evw_text(buf, "paste.txt");
		evw_analyze(w);
		const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, "enp3s0")];
		assert_int_equal(f->mac[0], 0x3c);
		assert_false(evw_has_addr(w, "enp3s0", "10.0.0.1", 24));
		assert_null(evw_finding(w, "enp3s0", "attr.mac-vendor"));
		evw_free(w);
	}
	/* a program's unstamped message in a paste, its ifconfig block after it, is still read */
	struct evw *w =
	    evw_text("router: couldn't find member in bridge100 interface: bridge100: "
	             "flags=8a63<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500\n"
	             "\tether 16:7d:da:f9:de:64\n"
	             "\tinet 192.168.64.1 netmask 0xffffff00 broadcast 192.168.64.255\n",
	             "paste.txt");
	assert_true(evw_has_addr(w, "bridge100", "192.168.64.1", 24));
	evw_free(w);
}

/* wg's blocks in a container's output are no host's tunnels: "interface: eth0" with a public key
 * under `docker logs web` made root's card, a bridge's port with a MAC, "WireGuard tunnel in
 * the kernel" [likely] (fifteenth pass); typed `wg show` is read as before. */
static void viewer_wg_show_is_no_tunnel(void **state)
{
	(void)state;
	static const char card[] =
	    "$ ip addr\n"
	    "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group "
	    "default qlen 1000\n"
	    "    link/ether 3c:7c:3f:01:02:03 brd ff:ff:ff:ff:ff:ff\n";
	static const char block[] = "interface: eth0\n"
	                            "  public key: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
	                            "  private key: (hidden)\n"
	                            "  listening port: 51820\n";
	static const char *const viewers[] = {"$ docker logs web", "$ lxc exec c -- cat /x",
	                                      "$ sudo wg show"};
	for (size_t i = 0; i < sizeof(viewers) / sizeof(viewers[0]); i++) {
		char buf[1024];
		snprintf(buf, sizeof(buf), "%s%s\n%s", card, viewers[i], block);
		struct evw *w = evw_text(buf, "paste.txt");
		evw_analyze(w);
		const char *kind = w->m.ifaces.v[evw_iface(w, "eth0")].kind;
		if (strstr(viewers[i], "wg show"))
			assert_string_equal(kind ? kind : "", "wireguard");
		else
			assert_true(!kind || strcmp(kind, "wireguard") != 0);
		evw_free(w);
	}
}

/* A TUN/TAP or PPP device's making names no card (a card's name, shown with an Ethernet MAC):
 * "Using interface eth0" in some tool's log file (pppd's words), a pasted "inbound/tun[0]:
 * started at enp3s0" or OpenVPN's "net_addr_v4_add: ... dev enp3s0" made root's card
 * "created by pppd/openvpn" [likely] (fifteenth pass). A tun's is read as before. */
static void tun_words_name_no_card(void **state)
{
	(void)state;
	static const char *const lines[] = {
	    "Wed Apr 22 23:44:42 2020 : Using interface ",
	    "Dec 07 10:00:02 host sing-box[77]: inbound/tun[0]: started at ",
	    "Dec 07 10:00:02 host openvpn[812]: net_addr_v4_add: 10.8.0.2/24 dev ",
	};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		char buf[1024];
		snprintf(buf, sizeof(buf),
		         "$ ip addr\n"
		         "7: enp3s0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP "
		         "group default qlen 1000\n"
		         "    link/ether 3c:7c:3f:01:02:03 brd ff:ff:ff:ff:ff:ff\n"
		         "%senp3s0\n",
		         lines[i]);
		struct evw *w = evw_text(buf, "paste.txt");
		evw_analyze(w);
		assert_null(evw_finding(w, "enp3s0", "log.created"));
		evw_free(w);
		/* the same words of a tun or a PPP unit */
		const char *tun = i == 0 ? "ppp0" : "tun0";
		snprintf(buf, sizeof(buf),
		         "$ ip addr\n"
		         "5: %s: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc fq_codel "
		         "state UNKNOWN group default qlen 500\n"
		         "    link/none \n"
		         "%s%s\n",
		         tun, lines[i], tun);
		w = evw_text(buf, "paste.txt");
		evw_analyze(w);
		assert_non_null(evw_finding(w, tun, "log.created"));
		evw_free(w);
	}
}

/* A domain's XML is anyone's who may define one (libvirt's group; an inactive domain names any
 * device): a target a listing shows otherwise (another MAC, none on a point-to-point device) or
 * an element without libvirt's MAC made root's card "created by libvirtd" and a macvtap, and
 * root's WireGuard a macvtap (fifteenth pass); vnet0 with its guest card's MAC is libvirt's. */
static void domain_xml_takes_no_listed_device(void **state)
{
	(void)state;
	struct evw *w;
	static const char listing[] =
	    "$ ip addr\n"
	    "4: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue state UNKNOWN group "
	    "default qlen 1000\n"
	    "    link/none \n"
	    "7: enp3s0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group "
	    "default qlen 1000\n"
	    "    link/ether 3c:7c:3f:01:02:03 brd ff:ff:ff:ff:ff:ff\n"
	    "9: vnet0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UNKNOWN "
	    "group default qlen 1000\n"
	    "    link/ether fe:54:00:5c:6b:2a brd ff:ff:ff:ff:ff:ff\n";
	static const char *const targets[] = {"wg0", "enp3s0", "vnet0"};
	static const char *const macs[] = {"", "    <mac address='52:54:00:5c:6b:2a'/>\n"};
	for (size_t i = 0; i < 3; i++) {
		for (size_t m = 0; m < 2; m++) {
			for (int before = 0; before < 2; before++) {
				char xml[512], buf[2048];
				snprintf(xml, sizeof(xml),
				         "$ virsh dumpxml vm1\n"
				         "  <interface type='direct'>\n"
				         "%s"
				         "    <source dev='eth9' mode='bridge'/>\n"
				         "    <target dev='%s'/>\n"
				         "  </interface>\n",
				         macs[m], targets[i]);
				snprintf(buf, sizeof(buf), "%s%s", before ? xml : listing,
				         before ? listing : xml);
				w = evw_text(buf, "paste.txt");
				evw_analyze(w);
				const char *kind = w->m.ifaces.v[evw_iface(w, targets[i])].kind;
				if (i == 2 && m == 1) {
					assert_true(evw_sure_creator(w, "vnet0"));
				} else {
					assert_false(evw_sure_creator(w, targets[i]));
					assert_true(!kind || strcmp(kind, "macvtap") != 0);
				}
				evw_free(w);
			}
		}
	}
	/* a bridge with its own MAC copied into the element is still no target: it has ports */
	w = evw_text(
	    "$ ip addr\n"
	    "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel master br0 "
	    "state UP group default qlen 1000\n"
	    "    link/ether 52:54:00:aa:bb:cc brd ff:ff:ff:ff:ff:ff\n"
	    "3: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP "
	    "group default qlen 1000\n"
	    "    link/ether 52:54:00:aa:bb:cc brd ff:ff:ff:ff:ff:ff\n"
	    "$ virsh dumpxml vm1\n"
	    "  <interface type='direct'>\n"
	    "    <mac address='52:54:00:aa:bb:cc'/>\n"
	    "    <source dev='eth9' mode='bridge'/>\n"
	    "    <target dev='br0'/>\n"
	    "  </interface>\n",
	    "paste.txt");
	evw_analyze(w);
	assert_false(evw_sure_creator(w, "br0"));
	evw_free(w);
	/* a target no listing shows is libvirt's macvtap, as before */
	w = evw_text("$ virsh dumpxml vm1\n"
	             "  <interface type='direct'>\n"
	             "    <mac address='52:54:00:5c:6b:2a'/>\n"
	             "    <source dev='eth9' mode='bridge'/>\n"
	             "    <target dev='macvtap3'/>\n"
	             "  </interface>\n",
	             "paste.txt");
	evw_analyze(w);
	assert_string_equal(w->m.ifaces.v[evw_iface(w, "macvtap3")].kind, "macvtap");
	evw_free(w);
}

/* A MAC read from an EUI-64 link-local address is only a listing's: the same address in
 * tailscaled's state under anyone's tag, or in `ip -j addr` a container prints, gave root's card
 * QEMU's MAC ("its MAC address belongs to QEMU/KVM virtual NIC" [likely], fifteenth pass). */
static void logged_link_local_shows_no_mac(void **state)
{
	(void)state;
	static const char listing[] = "$ ip -br addr\n"
	                              "enp3s0           UP             198.51.100.7/24\n";
	static const char *const words[] = {
	    "Dec 07 10:00:02 host alice[4242]: x {\"InterfaceIPs\":{\"enp3s0\":"
	    "[\"fe80::5054:ff:fe5c:6b2a/64\"]}}\n",
	    "Dec 07 10:00:02 host alice[4242]: link state: interfaces.State{defaultRoute=enp3s0 "
	    "ifs={enp3s0:[fe80::5054:ff:fe5c:6b2a/64]} v4=true}\n",
	    "$ docker logs web\n[{\"ifname\":\"enp3s0\",\"addr_info\":[{\"family\":\"inet6\","
	    "\"local\":\"fe80::5054:ff:fe5c:6b2a\",\"prefixlen\":64}]}]\n",
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		char buf[1024];
		snprintf(buf, sizeof(buf), "%s%s", listing, words[i]);
		struct evw *w = evw_text(buf, "paste.txt");
		evw_analyze(w);
		assert_int_equal(w->m.ifaces.v[evw_iface(w, "enp3s0")].mac_len, 0);
		assert_null(evw_finding(w, "enp3s0", "attr.mac-vendor"));
		evw_free(w);
	}
	/* the listing's own link-local, after a log's same address, shows it */
	struct evw *w =
	    evw_text("Dec 07 10:00:02 host alice[4242]: x {\"InterfaceIPs\":{\"enp3s0\":"
	             "[\"fe80::5054:ff:fe5c:6b2a/64\"]}}\n"
	             "$ ip -br addr\n"
	             "enp3s0           UP             198.51.100.7/24 fe80::5054:ff:fe5c:6b2a/64\n",
	             "paste.txt");
	const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, "enp3s0")];
	assert_int_equal(f->mac_len, 6);
	assert_int_equal(f->mac[0], 0x52);
	assert_true(f->mac_from_link_local);
	evw_free(w);
}

/* The kernel's bridge port line joins a port no listing shows (as the fourteenth pass left it),
 * but such ports alone make no switch of an interface a listing shows: "lan1: port 2(tap0)
 * entered forwarding state" under `docker logs web` or anyone's tag kernel made root's lan1 "a
 * software switch (bridge)" [likely 75], and with vnet7 "a switch for libvirt/QEMU's links"
 * (fifteenth pass). A bridge only the log shows is still one. */
static void logged_ports_make_no_switch(void **state)
{
	(void)state;
	static const char *const lines[] = {
	    "$ docker logs web\nlan1: port 2(tap0) entered forwarding state\n",
	    "Dec 07 10:00:02 host kernel: lan1: port 2(vnet7) entered forwarding state\n",
	    "$ lxc exec c -- cat /x\n[  12.345678] lan1: port 2(vnet7) entered forwarding state\n",
	};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		char buf[1024];
		snprintf(buf, sizeof(buf),
		         "$ ip addr\n"
		         "8: lan1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP "
		         "group default qlen 1000\n"
		         "    link/ether 3c:7c:3f:01:02:04 brd ff:ff:ff:ff:ff:ff\n"
		         "%s",
		         lines[i]);
		struct evw *w = evw_text(buf, "paste.txt");
		evw_analyze(w);
		assert_null(evw_finding(w, "lan1", "masters.bridge"));
		assert_null(evw_finding(w, "lan1", "masters.bridge-for"));
		evw_free(w);
	}
	struct evw *w =
	    evw_text("[  12.345678] br5: port 1(vnet0) entered forwarding state\n", "dmesg.txt");
	evw_analyze(w);
	const struct ifw_finding *f = evw_verdict(w, "br5");
	assert_non_null(f);
	assert_true(f->confidence >= 70);
	evw_free(w);
}

/* sudo's "[sudo] password for" prompt is one vote for Linux however often it is printed, and none
 * in a container's output: three such lines (a container's log, a file cat shows) turned a Mac's
 * ifconfig paste into Linux's, its utun "unknown" (fifteenth pass). */
static void sudo_prompts_vote_once(void **state)
{
	(void)state;
	static const char *const before[] = {"", "$ docker logs web\n"};
	for (size_t i = 0; i < 2; i++) {
		char buf[1024];
		snprintf(buf, sizeof(buf),
		         "$ ifconfig\n"
		         "en0: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500\n"
		         "\tether 3c:22:fb:01:02:03\n"
		         "\tinet 192.0.2.20 netmask 0xffffff00 broadcast 192.0.2.255\n"
		         "utun3: flags=8051<UP,POINTOPOINT,RUNNING,MULTICAST> mtu 1380\n"
		         "%s"
		         "[sudo] password for alice:\n"
		         "[sudo] password for alice:\n"
		         "[sudo] password for alice:\n",
		         before[i]);
		struct evw *w = evw_text(buf, "paste.txt");
		assert_string_equal(w->m.os, "darwin");
		evw_free(w);
	}
}

/* pppd's own log file ("Wed Apr 22 23:44:42 2020 : Using interface ppp0") has nothing but its
 * stamp before " : ": syslog's "host alice : Using interface tun0" (`logger -t 'alice '`) made
 * root's OpenVPN tun0 "created by pppd, as its own log says" [likely]; a program's own line with
 * no tag likewise, not syslog's "host alice TUN/TAP device tun0 opened" (a tag without a colon,
 * sent to /dev/log) (fifteenth pass). */
static void users_tag_is_no_pppd_file(void **state)
{
	(void)state;
	static const char *const lines[] = {
	    "Dec 07 10:00:02 host alice : Using interface tun0\n",
	    "Dec 07 10:00:02 host : Using interface tun0\n",
	    "Dec 07 10:00:02 host alice TUN/TAP device tun0 opened\n",
	    "Using interface tun0\n",
	    "Wed Apr 22 23:44:42 2020 : Using interface tun0\n",
	};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		char buf[1024];
		snprintf(
		    buf, sizeof(buf),
		    "$ ip addr\n"
		    "5: tun0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc fq_codel "
		    "state UNKNOWN group default qlen 500\n"
		    "    link/none \n"
		    "%s",
		    lines[i]);
		struct evw *w = evw_text(buf, "paste.txt");
		evw_analyze(w);
		const struct ifw_finding *f = evw_finding(w, "tun0", "log.created");
		if (i == 4) {
			assert_non_null(f);
			assert_non_null(strstr(f->claim, "pppd"));
		} else {
			assert_null(f);
		}
		evw_free(w);
	}
}

/* configd's dictionary with a blank line in it: the reader looked at the byte before an empty
 * line's text (UBSan: "addition of unsigned offset ... overflowed"; fifteenth pass, found under
 * ASan and UBSan). The dictionary is still read. */
static void scutil_blank_line_in_dictionary(void **state)
{
	(void)state;
	struct evw *w = evw_text("<dictionary> {\n"
	                         "  PrimaryInterface : en0\n"
	                         "\n"
	                         "  Router : 192.0.2.1\n"
	                         "}\n",
	                         "scutil.txt");
	assert_int_not_equal(evw_iface(w, "en0"), IFW_NOID);
	evw_free(w);
}

/* The daemons' and the kernel's own tables the fourteenth and fifteenth passes did not mark
 * (`ip tuntap show`, fdinfo's "iff:", nmcli's two tables, `networkctl list`, `brctl show`,
 * vm-bhyve's `vm switch info`, `scutil --nc status`) were read in a log viewer's output: a
 * container printing "tun0: tun" / "Attached to processes:openvpn(812)" under `docker logs web`
 * made root's tun0 "OpenVPN tunnel" held by pid 812 [certain 95]; the others gave a profile, a
 * kind, a bridge's ports or a VPN's server [likely 70-85] (sixteenth pass). Typed at the host's
 * prompt each is still read. */
static void viewer_daemon_tables_say_nothing(void **state)
{
	(void)state;
	static const struct {
		const char *cmd, *rows, *iface, *rule;
	} tables[] = {
	    {"ip -d tuntap show", "tun0: tun\n\tAttached to processes:openvpn(812)\n", "tun0",
	     "tun.holder"},
	    {"cat /proc/812/fdinfo/6", "pos:\t0\nflags:\t0104002\nmnt_id:\t15\niff:\ttun0\n",
	     "tun0", "tun.holder"},
	    {"sudo grep -H iff: /proc/*/fdinfo/*", "/proc/812/fdinfo/6:iff:\ttun0\n", "tun0",
	     "tun.holder"},
	    {"nmcli device",
	     "DEVICE   TYPE      STATE                   CONNECTION\n"
	     "wg0      wireguard connected               wg-office\n",
	     "wg0", "nm.profile"},
	    {"nmcli connection show",
	     "NAME                UUID                                  TYPE       DEVICE\n"
	     "Office WireGuard    5b7d9c3e-1f2a-4b6c-8d9e-0a1b2c3d4e5f  wireguard  wg0\n",
	     "wg0", "nm.profile"},
	    {"networkctl list",
	     "IDX LINK      TYPE      OPERATIONAL SETUP\n"
	     "  4 wg0       wireguard routable    configured\n",
	     "wg0", "overlay.wireguard"},
	    {"brctl show",
	     "bridge name\tbridge id\t\tSTP enabled\tinterfaces\n"
	     "wg0\t\t8000.0242ac110002\tno\t\tveth1a2b3c4\n",
	     "wg0", "bridge.port-names"},
	    {"vm switch info",
	     "Virtual Switch: public\n  type: standard\n  ident: wg0\n"
	     "  physical-ports: re1\n",
	     "wg0", "bridge.ports"},
	    {"scutil --nc status corp",
	     "Connected\nExtended Status <dictionary> {\n"
	     "  IPv4 : <dictionary> {\n    InterfaceName : wg0\n"
	     "    ServerAddress : 192.0.2.10\n",
	     "wg0", "nwi.vpn-server"},
	};
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		for (int viewer = 0; viewer < 3; viewer++) {
			static const char *const viewers[] = {"docker logs web",
			                                      "lxc exec c -- cat /tmp/x"};
			char buf[2048];
			snprintf(
			    buf, sizeof(buf),
			    "$ ip addr\n"
			    "4: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue "
			    "state UNKNOWN group default qlen 1000\n"
			    "    link/none \n"
			    "5: tun0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc "
			    "fq_codel state UNKNOWN group default qlen 500\n"
			    "    link/none \n"
			    "$ %s\n%s",
			    viewer ? viewers[viewer - 1] : tables[i].cmd, tables[i].rows);
			struct evw *w = evw_text(buf, "paste.txt");
			evw_analyze(w);
			const struct ifw_finding *f =
			    evw_finding(w, tables[i].iface, tables[i].rule);
			if (viewer)
				assert_null(f);
			else
				assert_non_null(f);
			evw_free(w);
		}
}

/* vm-bhyve's log line ("Dec 02 21:36:02: initialising network device tap13", its own file's
 * form) was read from any line holding its words: any user's `logger 'initialising network
 * device eth0'` made root's card eth0 "the network card of a virtual machine, as vm-bhyve says"
 * [likely 75] (sixteenth pass). Only the line with vm-bhyve's stamp alone before the words. */
static void users_tag_is_no_vm_bhyve_log(void **state)
{
	(void)state;
	static const char *const lines[] = {
	    "Dec 07 10:00:02 host alice[4242]: initialising network device eth0\n",
	    "Dec 07 10:00:02 host alice[4242]: Dec 02 21:36:02: initialising network device eth0\n",
	    "Dec 07 10:00:02 host kernel: Dec 02 21:36:02: initialising network device eth0\n",
	    "2023-12-07T10:00:02+00:00 host alice: initialising network device eth0\n",
	    "note: initialising network device eth0\n",
	    "Dec 02 21:36:02: initialising network device eth0\n",
	};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		char buf[1024];
		snprintf(
		    buf, sizeof(buf),
		    "$ ip addr\n"
		    "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel "
		    "master br0 state UP group default qlen 1000\n"
		    "    link/ether 52:54:00:aa:bb:cc brd ff:ff:ff:ff:ff:ff\n"
		    "3: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP "
		    "group default qlen 1000\n"
		    "    link/ether 52:54:00:aa:bb:cc brd ff:ff:ff:ff:ff:ff\n"
		    "%s",
		    lines[i]);
		struct evw *w = evw_text(buf, "paste.txt");
		evw_analyze(w);
		const struct ifw_finding *f = evw_finding(w, "eth0", "bridge.vm-named");
		if (i == 5)
			assert_non_null(f); /* vm-bhyve's own file's line, pasted */
		else
			assert_null(f);
		evw_free(w);
	}
}

/* A tun held through many fds (any user dups its own tun's fd in a namespace of its own: the
 * hard limit of open files is 524 288 on Debian), or by many processes, in a paste of 2 MB:
 * rule_tun compared the holders pairwise, the outer side scanned the process's fds once per fd,
 * the fd facts were checked against the facts before them, the text report compared holders
 * pairwise and the picture drew an edge per fd. 100 000 fdinfo lines of one process took 24 s
 * (live, 20 000 dups 1.4 s), 200 000 processes in `ip -d tuntap show` 101 s, and `--format
 * html` of the first 12 minutes in Graphviz (sixteenth pass). Here what is said of many holders
 * (each fd once, one edge a process); tests/integration/evidence_scale.sh checks that the time
 * stays linear (a ratio, as the project's benchmarks do, not a time bound in a unit test). */
#define MANY_HOLDERS 4000

static void tun_held_through_many_fds(void **state)
{
	(void)state;
	size_t cap = (size_t)MANY_HOLDERS * 40 + 256;
	char *text = malloc(cap);
	assert_non_null(text);
	size_t n = (size_t)snprintf(text, cap, "$ sudo grep -H iff: /proc/*/fdinfo/*\n");
	for (int i = 0; i < MANY_HOLDERS; i++)
		n += (size_t)snprintf(text + n, cap - n, "/proc/812/fdinfo/%d:iff:\ttun0\n", i + 3);
	struct evw *w = evw_text(text, "fdinfo.txt");
	evw_analyze(w);
	struct ifw_strbuf b;
	ifw_sb_init(&b);
	ifw_dot_build(&b, &w->m, &w->a, NULL);
	const struct ifw_finding *f = evw_finding(w, "tun0", "tun.holder");
	assert_non_null(f);
	char queues[32];
	snprintf(queues, sizeof(queues), "(%d queues)", MANY_HOLDERS);
	assert_non_null(strstr(f->claim, queues));
	assert_int_equal(f->facts.n, MANY_HOLDERS + 1); /* each fd once, and the process */
	char edge[64];
	snprintf(edge, sizeof(edge), "\"proc_%u\" -> \"if_%u\"", evw_proc(w, 812),
	         evw_iface(w, "tun0"));
	const char *first = strstr(ifw_sb_str(&b), edge);
	assert_non_null(first);
	assert_null(strstr(first + 1, edge)); /* one edge, not one per fd */
	ifw_sb_free(&b);
	evw_free(w);

	/* as many processes, each holding it once */
	n = (size_t)snprintf(text, cap, "$ ip -d tuntap show\ntun0: tun\n");
	for (int i = 0; i < MANY_HOLDERS / 100; i++) {
		n += (size_t)snprintf(text + n, cap - n, "\tAttached to processes:");
		for (int k = 0; k < 100; k++)
			n += (size_t)snprintf(text + n, cap - n, "p(%d) ", i * 100 + k + 1);
		n += (size_t)snprintf(text + n, cap - n, "\n");
	}
	w = evw_text(text, "tuntap.txt");
	evw_analyze(w);
	const struct ifw_iface_analysis *ia = evw_ia(w, "tun0");
	size_t claims = 0;
	for (size_t i = 0; i < ia->findings.n; i++)
		claims += strcmp(ia->findings.v[i]->rule, "tun.holder") == 0;
	assert_int_equal(claims, MANY_HOLDERS);
	evw_free(w);
	free(text);
}

/* configd's AirPort key was read from any line holding it: any user's `logger` line quoting it
 * ("host alice[4242]: configd[35]:   0 : State:/Network/Interface/en5/AirPort") made root's
 * en5, a USB Ethernet card, "the Wi-Fi card" [likely 80]; networksetup's hardware ports printed
 * in a container's output (`docker logs`) gave a card's kind [likely 80] (sixteenth pass).
 * configd's own line, the key alone, and networksetup typed at the prompt are still read. */
static void users_tag_is_no_configd_key(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		bool read;
	} cases[] = {
	    {"Dec  7 10:00:02 host alice[4242]: configd[35]:   0 : "
	     "State:/Network/Interface/en5/AirPort\n",
	     false},
	    {"Dec  7 10:00:02 host alice configd[35]:   0 : State:/Network/Interface/en5/AirPort\n",
	     false},
	    {"2024-01-05 10:00:00.123456-0800 0x1a2b  Default  0x0  4242  0  alice: configd[35]: "
	     "0 : State:/Network/Interface/en5/AirPort\n",
	     false},
	    {"note State:/Network/Interface/en5/AirPort\n", false},
	    {"$ docker logs web\n"
	     "Mar 31 19:11:34 Mikes-iPhone configd[35]:   0 : "
	     "State:/Network/Interface/en5/AirPort\n",
	     false},
	    {"$ docker logs web\nHardware Port: Wi-Fi\nDevice: en5\nEthernet Address: "
	     "3c:22:fb:01:02:03\n",
	     false},
	    {"Mar 31 19:11:34 Mikes-iPhone configd[35]:   0 : "
	     "State:/Network/Interface/en5/AirPort\n",
	     true},
	    {"Jul 11 17:38:39 iPhone-4 configd[30] <Notice>: 0 : "
	     "State:/Network/Interface/en5/AirPort\n",
	     true},
	    {"State:/Network/Interface/en5/AirPort\n", true},
	    {"$ networksetup -listallhardwareports\nHardware Port: Wi-Fi\nDevice: en5\n"
	     "Ethernet Address: 3c:22:fb:01:02:03\n",
	     true},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[1024];
		snprintf(buf, sizeof(buf),
		         "$ ifconfig\n"
		         "en5: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500\n"
		         "\tinet6 fe80::5054:ff:fe5c:6b2a%%en5 prefixlen 64 scopeid 0x8\n"
		         "\tstatus: active\n"
		         "%s",
		         cases[i].text);
		struct evw *w = evw_text(buf, "paste.txt");
		evw_analyze(w);
		const struct ifw_finding *f = evw_finding(w, "en5", "ifgroups.hwport");
		if (cases[i].read)
			assert_non_null(f);
		else
			assert_null(f);
		evw_free(w);
	}
}

/* `docker network ls`'s table and `docker network inspect`'s document are read though every
 * docker command but `exec` counts as a log viewer; a container printing either under `docker
 * logs web` (or a pod under `kubectl logs`) named
 * root's Docker bridge br-3f2a1b4c5d6e's network "prod_db": "docker network prod_db: a
 * user-defined Docker (Compose) network bridge" [likely 70] (sixteenth pass). */
static void viewer_network_table_names_no_network(void **state)
{
	(void)state;
	static const char table[] = "NETWORK ID     NAME             DRIVER    SCOPE\n"
	                            "3f2a1b4c5d6e   prod_db          bridge    local\n";
	static const char inspect[] =
	    "[{\"Name\": \"prod_db\", \"Id\": "
	    "\"3f2a1b4c5d6e8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b\", \"Scope\": "
	    "\"local\", \"Driver\": \"bridge\", \"Options\": {}}]\n";
	static const struct {
		const char *cmd, *out;
		bool read;
	} cmds[] = {
	    {"docker network ls", table, true},
	    {"sudo docker network list --no-trunc", table, true},
	    {"docker logs web", table, false},
	    {"docker logs network", table, false},
	    {"kubectl logs -n shop pod/web", table, false},
	    {"docker network inspect prod_db", inspect, true},
	    {"docker logs web", inspect, false},
	};
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		char buf[1024];
		snprintf(buf, sizeof(buf),
		         "$ ip addr\n"
		         "3: br-3f2a1b4c5d6e: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc "
		         "noqueue state UP group default\n"
		         "    link/ether 02:42:8c:11:22:33 brd ff:ff:ff:ff:ff:ff\n"
		         "    inet 172.18.0.1/16 brd 172.18.255.255 scope global br-3f2a1b4c5d6e\n"
		         "$ %s\n%s",
		         cmds[i].cmd, cmds[i].out);
		struct evw *w = evw_text(buf, "paste.txt");
		evw_analyze(w);
		const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, "br-3f2a1b4c5d6e")];
		const struct ifw_finding *v = evw_verdict(w, "br-3f2a1b4c5d6e");
		if (cmds[i].read) {
			assert_non_null(f->net_name);
			assert_string_equal(f->net_name, "prod_db");
		} else {
			assert_null(f->net_name);
			assert_true(!v || !strstr(v->claim, "prod_db"));
		}
		evw_free(w);
	}
}

/* `journalctl -o cat` prints messages without their tags: a known program's bare creation words
 * there are any user's (`logger 'TUN/TAP device docker0 opened'`), and made root's docker0
 * "created by openvpn (OpenVPN), as its own log says" [likely 70] (sixteenth pass). Possible,
 * and saying why; a unit's or an identifier's journal (`-u`, `-t`, a path) is read as before. */
static void tagless_journal_is_anyones(void **state)
{
	(void)state;
	static const struct {
		const char *cmd;
		bool likely;
	} cmds[] = {
	    {"journalctl -b -o cat", false},
	    {"sudo journalctl --since today --output=cat", false},
	    {"journalctl -b -ocat", false},
	    {"journalctl -u openvpn-client@office -o cat", true},
	    {"journalctl -t openvpn -o cat", true},
	    {"journalctl _COMM=openvpn -o cat", true},
	    {"journalctl /usr/sbin/openvpn -o cat", true},
	};
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		char buf[1024];
		snprintf(buf, sizeof(buf),
		         "$ ip addr\n"
		         "6: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue "
		         "state DOWN group default\n"
		         "    link/ether 02:42:ac:11:00:01 brd ff:ff:ff:ff:ff:ff\n"
		         "$ %s\n"
		         "TUN/TAP device docker0 opened\n",
		         cmds[i].cmd);
		struct evw *w = evw_text(buf, "paste.txt");
		evw_analyze(w);
		const struct ifw_finding *f = evw_finding(w, "docker0", "log.created");
		assert_non_null(f);
		if (cmds[i].likely) {
			assert_true(f->confidence >= 70);
		} else {
			assert_true(f->confidence < 70);
			assert_non_null(strstr(f->claim, "without its tags"));
		}
		evw_free(w);
	}
}

/* An inventory's dump read as a JSON document (Go's net.Interface fields, node's
 * os.networkInterfaces()) went to p_ifdump from p_ipjson even in a log viewer's output: a
 * container printing {"name":"wg0",...,"hardware_addr":"52:54:00:..."} under `docker logs web`
 * gave root's WireGuard wg0 QEMU's MAC, "its MAC address belongs to QEMU/KVM virtual NIC"
 * [likely 70], and so did a process's arguments in `ps -eo args` (seventeenth pass). A person's
 * own paste of the dump is still read. */
static void viewer_inventory_json_gives_no_mac(void **state)
{
	(void)state;
	static const char *const dumps[] = {
	    "{\"name\":\"wg0\",\"mtu\":1420,\"hardware_addr\":\"52:54:00:12:34:56\","
	    "\"flags\":\"up|pointtopoint\"}\n",
	    "{ wg0: [ { address: 'fe80::1', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', "
	    "mac: '52:54:00:12:34:56', internal: false, cidr: 'fe80::1/64' } ] }\n",
	};
	static const char *const before[] = {"", "$ docker logs web\n",
	                                     "$ lxc exec c -- cat /tmp/x\n",
	                                     "$ ps -eo args\nCOMMAND\n/sbin/init\n"};
	for (size_t i = 0; i < sizeof(dumps) / sizeof(dumps[0]); i++)
		for (size_t b = 0; b < sizeof(before) / sizeof(before[0]); b++) {
			char buf[1024];
			snprintf(buf, sizeof(buf), "$ ip addr\n%s%s%s", wg0_link, before[b],
			         dumps[i]);
			struct evw *w = evw_text(buf, "paste.txt");
			evw_analyze(w);
			const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, "wg0")];
			if (b)
				assert_int_equal(f->mac_len, 0);
			else
				assert_int_equal(f->mac_len, 6);
			if (b)
				assert_null(evw_finding(w, "wg0", "attr.mac-vendor"));
			evw_free(w);
		}
}

/* `lxc info`'s host end was read after any command: a block of its shape in a user's file that
 * root shows (`cat /home/alice/notes.txt`), or after `ip addr`, made root's card or tunnel
 * "created by lxd (LXD ...), as `cat /home/alice/notes.txt` says" [likely 75] (seventeenth
 * pass). Only the client's own output, typed (`lxc info`, `incus info`) or pasted bare. */
static void other_commands_lxc_info_is_no_daemons(void **state)
{
	(void)state;
	static const struct {
		const char *cmd;
		bool read;
	} cmds[] = {
	    {"cat /home/alice/notes.txt", false},
	    {"ip addr show wg0", false},
	    {"lxc info web", true},
	    {"incus info web", true},
	    {NULL, true},
	};
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		for (int form = 0; form < 2; form++) {
			char buf[1024], typed[128] = "\n";
			if (cmds[i].cmd)
				snprintf(typed, sizeof(typed), "$ %s\n", cmds[i].cmd);
			snprintf(buf, sizeof(buf), "$ ip addr\n%s%s%s", wg0_link, typed,
			         form ? "Ips:\n  eth0:\tinet6\tfe80::216:3eff:fe04:f431\twg0\n"
			              : "Name: web\n  Network usage:\n    eth0:\n"
			                "      Type: broadcast\n      Host interface: wg0\n");
			struct evw *w = evw_text(buf, "paste.txt");
			evw_analyze(w);
			const struct ifw_finding *f = evw_finding(w, "wg0", "log.created");
			if (cmds[i].read) {
				assert_non_null(f);
				assert_non_null(strstr(f->claim, "lxc info")
				                    ? f->claim
				                    : strstr(f->claim, "incus info"));
			} else {
				assert_null(f);
				assert_false(evw_sure_creator(w, "wg0"));
			}
			evw_free(w);
		}
}

/* A configuration file's stanza was read by its shape after any command: `iface wg0 inet
 * static` or `[NetDev]` in a user's file root shows (`cat /home/alice/notes.txt`), or after
 * `ip addr`, made root's wg0 "declared by /etc/network/interfaces (ifupdown)" [likely 70]
 * (seventeenth pass). A typed file is known by its path; the shape alone only in a person's
 * own paste. */
static void other_files_stanza_declares_nothing(void **state)
{
	(void)state;
	static const struct {
		const char *before;
		bool read;
	} cmds[] = {
	    {"$ cat /home/alice/notes.txt\n", false},
	    {"", false}, /* right after `ip addr`'s listing */
	    {"$ cat /etc/network/interfaces\n", true},
	    {"$ sudo cat interfaces\n", true},
	    {"\nMy config:\n", true},
	};
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		char buf[1024];
		snprintf(buf, sizeof(buf),
		         "$ ip addr\n%s%s"
		         "auto wg0\niface wg0 inet static\n    address 10.9.0.1/24\n"
		         "    pre-up ip link add wg0 type wireguard\n",
		         wg0_link, cmds[i].before);
		struct evw *w = evw_text(buf, "paste.txt");
		evw_analyze(w);
		const struct ifw_finding *f = evw_finding(w, "wg0", "config.declared");
		if (cmds[i].read)
			assert_non_null(f);
		else
			assert_null(f);
		evw_free(w);
	}
}

/* Two Mac names and no Linux one turn a paste's Linux forms into a Mac's (iproute2mac's `ip
 * route`); names only a user's log lines gave counted: `logger 'default via 192.0.2.1 dev
 * en0'` and `... dev utun3` under alice's tag turned root's `ip -br addr` (wg0, tun0, br0) into
 * a Mac's, every verdict lost ("unknown") (seventeenth pass). A name a log line alone gives
 * does not count. */
static void users_log_names_keep_linux(void **state)
{
	(void)state;
	static const char listing[] = "$ ip -br addr\n"
	                              "wg0              UNKNOWN        10.9.0.1/24\n"
	                              "tun0             UNKNOWN        10.8.0.1/24\n"
	                              "br0              UP             198.51.100.1/24\n";
	char buf[1024];
	snprintf(buf, sizeof(buf),
	         "%s"
	         "Dec 07 10:00:02 host alice[4242]: default via 192.0.2.1 dev en0\n"
	         "Dec 07 10:00:02 host alice[4242]: 10.0.0.0/8 dev utun3 scope link\n",
	         listing);
	struct evw *w = evw_text(buf, "paste.txt");
	evw_analyze(w);
	assert_string_equal(w->m.os, "linux");
	assert_non_null(evw_finding(w, "wg0", "names.pattern"));
	evw_free(w);

	/* the same names in a listing still make it a Mac's */
	snprintf(buf, sizeof(buf),
	         "%s"
	         "$ ip -br addr\n"
	         "en0              UP             192.0.2.20/24\n"
	         "utun3            UNKNOWN        10.0.0.2/8\n",
	         listing);
	w = evw_text(buf, "paste.txt");
	evw_analyze(w);
	assert_string_equal(w->m.os, "darwin");
	evw_free(w);
}

/* `ps -eo args` (and `ps axo command`) starts a row with the process's arguments, which any user
 * chooses: `sleep 1000` run as "TUN/TAP device tun0 opened", "host openvpn[812]: ..." (the cut
 * syslog form) or with a stamp made root's tun0 "created by openvpn (pid 812), as its own log
 * says" [likely 70] (seventeenth pass; the stamped and bare forms older than today). ps's
 * output tells of no creation; the journal after it still does. */
static void ps_arguments_are_no_log(void **state)
{
	(void)state;
	static const char *const rows[] = {
	    "host openvpn[812]: TUN/TAP device tun0 opened\n",
	    "Dec 07 10:00:02 host openvpn[812]: TUN/TAP device tun0 opened\n",
	    "TUN/TAP device tun0 opened\n",
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		for (int typed = 0; typed < 2; typed++) {
			char buf[1024];
			snprintf(
			    buf, sizeof(buf),
			    "$ ip addr\n"
			    "5: tun0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc "
			    "fq_codel state UNKNOWN group default qlen 500\n"
			    "    link/none \n"
			    "%s%s",
			    typed ? "$ journalctl -b -t openvpn\n"
			          : "$ ps -eo args\nCOMMAND\n/sbin/init\n",
			    rows[i]);
			struct evw *w = evw_text(buf, "paste.txt");
			evw_analyze(w);
			if (typed && i < 2)
				assert_true(evw_sure_creator(w, "tun0"));
			else if (!typed)
				assert_false(evw_sure_creator(w, "tun0"));
			evw_free(w);
		}
}

/* The same rows gave the tables and listings that read no log a user's words: `ps -eo args`
 * with a process run as "wg0:wireguard:connected:wg-office" made root's wg0 "made by
 * NetworkManager when it activated its connection profile" [likely 75] and "WireGuard tunnel
 * in the kernel" [likely 85]; one run as a sysfs link into a PCI device made it "a network
 * card" [likely 80]; one run as `ip -o link`'s row gave it QEMU's MAC [likely 70] (seventeenth
 * pass). ps's output is its rows only; typed at the prompt the others are still read. */
static void ps_arguments_are_no_tables(void **state)
{
	(void)state;
	static const struct {
		const char *cmd, *row, *rule;
	} rows[] = {
	    {"nmcli -t device", "wg0:wireguard:connected:wg-office\n", "nm.profile"},
	    {"ls -l /sys/class/net/",
	     "lrwxrwxrwx 1 root root 0 Oct  3 13:06 wg0 -> "
	     "../../devices/pci0000:00/0000:00:14.3/net/wg0\n",
	     "physical.nic"},
	    {"ip -o link",
	     "4: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue state UNKNOWN mode "
	     "DEFAULT group default qlen 1000\\    link/ether 52:54:00:12:34:56 brd "
	     "ff:ff:ff:ff:ff:ff\n",
	     "attr.mac-vendor"},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		for (int typed = 0; typed < 2; typed++) {
			char buf[1024], cmd[128];
			snprintf(cmd, sizeof(cmd), "$ %s\n", rows[i].cmd);
			snprintf(buf, sizeof(buf),
			         "$ ip addr\n"
			         "4: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue "
			         "state UNKNOWN group default qlen 1000\n"
			         "    link/none \n"
			         "%s%s",
			         typed ? cmd : "$ ps -eo args\nCOMMAND\n/sbin/init\n", rows[i].row);
			struct evw *w = evw_text(buf, "paste.txt");
			evw_analyze(w);
			const struct ifw_finding *f = evw_finding(w, "wg0", rows[i].rule);
			if (typed) {
				assert_non_null(f);
			} else {
				assert_null(f);
				assert_false(evw_sure_creator(w, "wg0"));
			}
			evw_free(w);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(user_slice_process_makes_nothing),
	    cmocka_unit_test(journal_message_lines_are_text),
	    cmocka_unit_test(zerotier_name_names_no_device),
	    cmocka_unit_test(users_daemon_name_is_no_creator),
	    cmocka_unit_test(tun_message_makes_no_other_kind),
	    cmocka_unit_test(row_words_end_no_listing),
	    cmocka_unit_test(argv_option_makes_no_other_kind),
	    cmocka_unit_test(users_program_makes_no_tun),
	    cmocka_unit_test(log_after_modem_is_no_port),
	    cmocka_unit_test(viewer_table_is_no_daemons),
	    cmocka_unit_test(parallels_words_are_no_network),
	    cmocka_unit_test(viewer_ovs_is_no_switch),
	    cmocka_unit_test(viewer_service_is_no_vpn),
	    cmocka_unit_test(viewer_spellings_stay_logs),
	    cmocka_unit_test(blank_line_ends_no_log),
	    cmocka_unit_test(known_tag_hides_no_listing),
	    cmocka_unit_test(users_namespace_ovs_is_not_vswitchd),
	    cmocka_unit_test(logged_kind_is_no_listings),
	    cmocka_unit_test(kernel_tag_makes_no_card),
	    cmocka_unit_test(netmon_state_keeps_listing),
	    cmocka_unit_test(port_mac_needs_ethernet),
	    cmocka_unit_test(viewer_tables_say_nothing),
	    cmocka_unit_test(guest_exec_and_console_are_logs),
	    cmocka_unit_test(kernel_log_moves_no_port),
	    cmocka_unit_test(viewer_bare_command_is_no_typing),
	    cmocka_unit_test(container_log_creation_is_possible),
	    cmocka_unit_test(flat_ifconfig_in_log_is_no_listing),
	    cmocka_unit_test(viewer_wg_show_is_no_tunnel),
	    cmocka_unit_test(tun_words_name_no_card),
	    cmocka_unit_test(domain_xml_takes_no_listed_device),
	    cmocka_unit_test(logged_link_local_shows_no_mac),
	    cmocka_unit_test(logged_ports_make_no_switch),
	    cmocka_unit_test(sudo_prompts_vote_once),
	    cmocka_unit_test(users_tag_is_no_pppd_file),
	    cmocka_unit_test(scutil_blank_line_in_dictionary),
	    cmocka_unit_test(viewer_daemon_tables_say_nothing),
	    cmocka_unit_test(users_tag_is_no_vm_bhyve_log),
	    cmocka_unit_test(tun_held_through_many_fds),
	    cmocka_unit_test(users_tag_is_no_configd_key),
	    cmocka_unit_test(viewer_network_table_names_no_network),
	    cmocka_unit_test(tagless_journal_is_anyones),
	    cmocka_unit_test(viewer_inventory_json_gives_no_mac),
	    cmocka_unit_test(other_commands_lxc_info_is_no_daemons),
	    cmocka_unit_test(other_files_stanza_declares_nothing),
	    cmocka_unit_test(users_log_names_keep_linux),
	    cmocka_unit_test(ps_arguments_are_no_log),
	    cmocka_unit_test(ps_arguments_are_no_tables),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
