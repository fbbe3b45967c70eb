/* The parsers on the odd shapes real output has: service and host names instead of numbers,
 * cut command names, CRLF and tabs, zone ids, pasted shell sessions, other systems' variants of
 * the same command, garbage, and lines that are too long. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "collect/evidence/evidence.h"
#include "helpers.h"

#include <net/if.h>
#include <sys/socket.h>

static const char *ip(const struct ifw_ip *a)
{
	static char buf[4][IFW_IP_STRLEN];
	static int slot;
	slot = (slot + 1) % 4;
	return ifw_ip_str(a, buf[slot]);
}

static void lsof_names_and_services(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "COMMAND   PID USER   FD   TYPE             DEVICE SIZE/OFF NODE NAME\n"
	    "CommCente 249 alex   15u  IPv4 0x1c2208a1d68c8001      0t0  UDP "
	    "10.64.1.100:isakmp->m4b2836d0.tmodns.net:isakmp\n"
	    "CommCente 249 alex   20u  IPv4 0x1c2208a1d68c8002      0t0  UDP "
	    "10.64.1.100:ipsec-msft->m4b2836d0.tmodns.net:ipsec-msft\n"
	    "CommCente 249 alex   27u  IPv6 0x1c2208a1d68c8003      0t0  TCP *:sip (LISTEN)\n"
	    "ntpd      198 root   23u  IPv4 0x1c2208a1d68c8004      0t0  UDP localhost:ntp\n"
	    "Google Chrome He 8812 alex 31u IPv4 0x1c2208a1d68c8005 0t0 TCP "
	    "10.64.1.100:50112->lhr25s34-in-f14.1e100.net:https (ESTABLISHED)\n",
	    "lsof.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	assert_int_equal(w->m.sockets.n, 5);
	ifw_id s = evw_socket(w, IFW_P_UDP, 500, "10.64.1.100");
	assert_int_not_equal(s, IFW_NOID);
	assert_int_equal(w->m.sockets.v[s].rport, 500);
	/* the name encodes the address; the hint records both */
	assert_string_equal(ip(&w->m.sockets.v[s].remote), "208.54.40.75");
	s = evw_socket(w, IFW_P_UDP, 4500, NULL);
	assert_int_not_equal(s, IFW_NOID);
	s = evw_socket(w, IFW_P_TCP, 5060, NULL);
	assert_int_not_equal(s, IFW_NOID);
	assert_true(w->m.sockets.v[s].listening);
	s = evw_socket(w, IFW_P_UDP, 123, "127.0.0.1"); /* localhost */
	assert_int_not_equal(s, IFW_NOID);
	s = evw_socket(w, IFW_P_TCP, 50112, NULL);
	assert_int_not_equal(s, IFW_NOID);
	assert_string_equal(w->m.sockets.v[s].remote_name, "lhr25s34-in-f14.1e100.net");
	assert_int_equal(w->m.sockets.v[s].remote.family, 0); /* unknown: not made up */
	assert_int_equal(w->m.sockets.v[s].rport, 443);
	const struct ifw_process *p = &w->m.procs.v[evw_proc(w, 8812)];
	assert_string_equal(p->comm, "Google Chrome He");
	assert_string_equal(w->m.procs.v[evw_proc(w, 249)].comm, "CommCente");
	evw_free(w);
}

/* The name-resolving lsof next to netstat -anv: each socket once, the name kept. */
static void lsof_and_netstat_merge(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "### ifwho-collect: lsof -i -P +c0\n"
	    "COMMAND     PID USER   FD   TYPE             DEVICE SIZE/OFF NODE NAME\n"
	    "CommCenter  249 alex   15u  IPv4 0x1c2208a1d68c8001      0t0  UDP "
	    "mac.local:500->m4b2836d0.tmodns.net:500\n"
	    "ntpd        198 root   20u  IPv4 0x1c2208a1d68c8009      0t0  UDP *:123\n"
	    "### exit 0\n"
	    "### ifwho-collect: netstat -anv\n"
	    "Active Internet connections (including servers)\n"
	    "Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)          "
	    "rxbytes      txbytes  rhiwat  shiwat          process:pid    state  options           "
	    "gencnt    flags   flags1 usecnt rtncnt fltrs\n"
	    "udp4       0      0  10.64.1.100.500        208.54.40.75.500                      0   "
	    " "
	    "        0  786896    9216   CommCenter:249    00000 00000000 0000000000000a21 "
	    "00000000 00000800      1      0 000000\n"
	    "udp4       0      0  *.123                  *.*                                   0   "
	    " "
	    "        0  786896    9216         ntpd:198    00000 00000000 0000000000000a22 "
	    "00000000 00000800      1      0 000000\n"
	    "### exit 0\n",
	    "merge.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	assert_int_equal(w->m.sockets.n, 2);
	ifw_id s = evw_socket(w, IFW_P_UDP, 500, NULL);
	assert_int_not_equal(s, IFW_NOID);
	assert_string_equal(w->m.sockets.v[s].remote_name, "m4b2836d0.tmodns.net");
	assert_string_equal(ip(&w->m.sockets.v[s].remote), "208.54.40.75");
	/* the local name gave way to netstat's address */
	assert_string_equal(ip(&w->m.sockets.v[s].local), "10.64.1.100");
	evw_free(w);
}

/* A pasted terminal session in the style of the seed question: prompts, grep'd lsof lines
 * without a header, ps aux of one process, CRLF line ends. */
static void pasted_session(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("$ ifconfig ipsec0\r\n"
	             "ipsec0: flags=8051<UP,POINTOPOINT,RUNNING,MULTICAST> mtu 50000\r\n"
	             "\tinet6 2607:fb90:13c0:e82:: prefixlen 64 \r\n"
	             "$ lsof -a -i -l -P | grep 2607:fb90:13c0:e82\r\n"
	             "ntpd        198        0   32u  IPv6 0x1c22abcd00000001      0t0  UDP "
	             "[2607:fb90:13c0:e82::]:123\r\n"
	             "CommCente   249     1001   26u  IPv6 0x1c22abcd00000002      0t0  UDP "
	             "[2607:fb90:13c0:e82::]:5060\r\n"
	             "$ ps auxwww | grep 249\r\n"
	             "alex          249   0.0  0.2  2582352  29932   ??  S     2:07PM   0:03.34 "
	             "/System/Library/Frameworks/CoreTelephony.framework/Support/CommCenter\r\n",
	             "session.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	assert_int_equal(w->m.ifaces.n, 1);
	assert_true(evw_has_addr(w, "ipsec0", "2607:fb90:13c0:e82::", 64));
	assert_int_equal(w->m.sockets.n, 2);
	const struct ifw_process *p = &w->m.procs.v[evw_proc(w, 249)];
	assert_string_equal(p->comm, "CommCenter");
	assert_string_equal(p->user, "alex");
	assert_true(p->has_uid);
	assert_int_equal(p->uid, 1001);
	/* CRLF is gone from what is kept */
	assert_null(strchr(w->m.ifaces.v[0].origin.raw, '\r'));
	evw_free(w);
}

static void netstat_variants(void **state)
{
	(void)state;
	/* macOS 10.x netstat -anv (pid column), FreeBSD netstat -an, Linux netstat -anp */
	struct evw *w = evw_text(
	    "### ifwho-collect: netstat -anv\n"
	    "Active Internet connections (including servers)\n"
	    "Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)     rhiwat "
	    "shiwat    pid   epid  state    options\n"
	    "tcp4       0      0  10.0.1.5.50212         17.252.156.94.5223     ESTABLISHED 131072 "
	    "131072    219      0 0x0102 0x00000000\n"
	    "udp6       0      0  fe80::1%lo0.123        *.*                               196724  "
	    " "
	    "9216    198      0 0x0000 0x00000000\n"
	    "udp4       0      0  *.5353                 *.*                               196724  "
	    " "
	    "9216     87      0 0x0000 0x00000000\n"
	    "### exit 0\n"
	    "### ifwho-collect: netstat -anp\n"
	    "Active Internet connections (servers and established)\n"
	    "Proto Recv-Q Send-Q Local Address           Foreign Address         State       "
	    "PID/Program "
	    "name\n"
	    "tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      "
	    "812/sshd: "
	    "/usr/sbin\n"
	    "udp6       0      0 :::546                  :::*                                "
	    "645/dhclient\n"
	    "Active UNIX domain sockets (servers and established)\n"
	    "Proto RefCnt Flags       Type       State         I-Node   PID/Program name     Path\n"
	    "unix  2      [ ACC ]     STREAM     LISTENING     18226    1/init               "
	    "/run/systemd/private\n"
	    "### exit 0\n",
	    "netstat.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	assert_int_equal(w->m.sockets.n, 5);
	ifw_id s = evw_socket(w, IFW_P_TCP, 50212, "10.0.1.5");
	assert_int_not_equal(s, IFW_NOID);
	assert_int_equal(w->m.sockets.v[s].rport, 5223);
	assert_int_equal(w->m.procs.v[evw_socket_proc(w, s)].pid, 219);
	s = evw_socket(w, IFW_P_UDP, 123, "fe80::1");
	assert_int_not_equal(s, IFW_NOID);
	assert_int_equal(w->m.procs.v[evw_socket_proc(w, s)].pid, 198);
	s = evw_socket(w, IFW_P_TCP, 22, "0.0.0.0");
	assert_int_not_equal(s, IFW_NOID);
	assert_true(w->m.sockets.v[s].listening);
	assert_int_equal(w->m.procs.v[evw_socket_proc(w, s)].pid, 812);
	s = evw_socket(w, IFW_P_UDP, 546, "::");
	assert_int_not_equal(s, IFW_NOID);
	assert_string_equal(w->m.procs.v[evw_socket_proc(w, s)].comm, "dhclient");
	evw_free(w);
}

/* macOS 13+: "process:pid", names with spaces and parentheses. */
static void netstat_process_pid(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "Active Internet connections (including servers)\n"
	    "Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)          "
	    "rxbytes      txbytes  rhiwat  shiwat          process:pid    state  options           "
	    "gencnt    flags   flags1 usecnt rtncnt fltrs\n"
	    "tcp4       0      0  127.0.0.1.55910        127.0.0.1.4242         ESTABLISHED        "
	    " "
	    "2960          528  406912  146988  Codex (Service):56664  00102 00000008 "
	    "000000000bf559ba 00000080 04000800      2      0 000000\n"
	    "udp4       0      0  *.41641                *.*                                    0  "
	    "  "
	    "        0  786896    9216       tailscaled:612    00000 00000000 0000000000000a21 "
	    "00000000 00000800      1      0 000000\n",
	    "netstat-anv.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	ifw_id s = evw_socket(w, IFW_P_TCP, 55910, "127.0.0.1");
	assert_int_not_equal(s, IFW_NOID);
	ifw_id p = evw_socket_proc(w, s);
	assert_int_equal(w->m.procs.v[p].pid, 56664);
	assert_string_equal(w->m.procs.v[p].comm, "Codex (Service)");
	s = evw_socket(w, IFW_P_UDP, 41641, NULL);
	assert_int_not_equal(s, IFW_NOID);
	assert_true(w->m.sockets.v[s].listening);
	assert_int_equal(w->m.procs.v[evw_socket_proc(w, s)].pid, 612);
	evw_free(w);
}

/* FreeBSD: "Opened by PID" names a tun device's holder; sockstat lists sockets. */
static void freebsd(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "### ifwho-collect 1\n"
	    "### uname: FreeBSD fw1 14.0-RELEASE FreeBSD 14.0-RELEASE #0 "
	    "releng/14.0-n265380-f9716eee8ab4: "
	    "Fri Nov 10 05:57:23 UTC 2023 "
	    "root@releng1.nyi.freebsd.org:/usr/obj/usr/src/amd64.amd64/sys/GENERIC amd64\n"
	    "### ifwho-collect: ifconfig -a\n"
	    "vtnet0: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu "
	    "1500\n"
	    "\toptions=4c079b<RXCSUM,TXCSUM,VLAN_MTU,VLAN_HWTAGGING,VLAN_HWCSUM,TSO4,TSO6,LRO,"
	    "VLAN_HWTSO,LINKSTATE,TXCSUM_IPV6>\n"
	    "\tether 58:9c:fc:0a:11:02\n"
	    "\tinet 192.0.2.40 netmask 0xffffff00 broadcast 192.0.2.255\n"
	    "\tmedia: Ethernet autoselect (10Gbase-T <full-duplex>)\n"
	    "\tstatus: active\n"
	    "\tnd6 options=29<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL>\n"
	    "tailscale0: flags=1008043<UP,BROADCAST,RUNNING,MULTICAST,LOWER_UP> metric 0 mtu 1280\n"
	    "\toptions=80000<LINKSTATE>\n"
	    "\tinet 100.90.12.7 netmask 0xffffffff broadcast 100.90.12.7\n"
	    "\tgroups: tun\n"
	    "\tnd6 options=101<PERFORMNUD,NO_DAD>\n"
	    "\tOpened by PID 72860\n"
	    "### exit 0\n"
	    "### ifwho-collect: sockstat -46\n"
	    "USER     COMMAND    PID   FD  PROTO  LOCAL ADDRESS         FOREIGN ADDRESS\n"
	    "root     tailscaled 72860 9   udp4   *:41641               *:*\n"
	    "root     tailscaled 72860 12  tcp4   192.0.2.40:28014      198.51.100.9:443\n"
	    "?        ?          ?     ?   udp4   *:4789                *:*\n"
	    "### exit 0\n",
	    "freebsd.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	assert_string_equal(w->m.os, "freebsd");
	assert_string_equal(w->m.hostname, "fw1");
	const struct ifw_iface *t = &w->m.ifaces.v[evw_iface(w, "tailscale0")];
	assert_string_equal(t->kind, "tun");
	assert_true(t->flags & 0x10000);
	assert_int_equal(t->tunfds.n, 1);
	const struct ifw_fdref *fd = &w->m.fdrefs.v[t->tunfds.v[0]];
	assert_int_equal(w->m.procs.v[fd->proc].pid, 72860);
	assert_true(fd->tun_ns_confirmed);
	ifw_id s = evw_socket(w, IFW_P_TCP, 28014, "192.0.2.40");
	assert_int_not_equal(s, IFW_NOID);
	assert_int_equal(w->m.sockets.v[s].state, 1);
	s = evw_socket(w, IFW_P_UDP, 4789, NULL);
	assert_int_not_equal(s, IFW_NOID);
	assert_int_equal(w->m.sockets.v[s].fdrefs.n, 0);
	evw_analyze(w);
	const struct ifw_iface_analysis *ia = evw_ia(w, "tailscale0");
	assert_int_equal(ia->holders.n, 1);
	assert_true(ia->holders.v[0].confirmed);
	assert_string_equal(ia->category, "mesh-vpn");
	evw_free(w);
}

static void linux_net_tools(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n"
	    "        inet 192.0.2.2  netmask 255.255.255.0  broadcast 192.0.2.255\n"
	    "        inet6 fe80::fc:ff:fe00:1  prefixlen 64  scopeid 0x20<link>\n"
	    "        ether 02:fc:00:00:00:01  txqueuelen 1000  (Ethernet)\n"
	    "        RX packets 1052  bytes 91345 (89.2 KiB)\n"
	    "        RX errors 0  dropped 3  overruns 0  frame 0\n"
	    "        TX packets 977  bytes 120330 (117.5 KiB)\n"
	    "        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0\n"
	    "\n"
	    "tun0: flags=4305<UP,POINTOPOINT,RUNNING,NOARP,MULTICAST>  mtu 1500\n"
	    "        inet 10.8.0.6  netmask 255.255.255.255  destination 10.8.0.5\n"
	    "        unspec 00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00  txqueuelen 500  "
	    "(UNSPEC)\n"
	    "\n"
	    "Kernel IP routing table\n"
	    "Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n"
	    "0.0.0.0         192.0.2.1       0.0.0.0         UG        0 0          0 eth0\n"
	    "192.0.2.0       0.0.0.0         255.255.255.0   U         0 0          0 eth0\n",
	    "linux.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	assert_string_equal(w->m.os, "linux");
	const struct ifw_iface *e = &w->m.ifaces.v[evw_iface(w, "eth0")];
	assert_int_equal(e->ifindex, 1); /* scopeid 0x20<link> is a scope, not an index */
	assert_int_equal(e->txqlen, 1000);
	assert_true(e->stats.present);
	assert_int_equal(e->stats.rx_packets, 1052);
	assert_int_equal(e->stats.rx_dropped, 3);
	assert_int_equal(e->stats.tx_bytes, 120330);
	assert_true(evw_has_addr(w, "eth0", "192.0.2.2", 24));
	const struct ifw_iface *t = &w->m.ifaces.v[evw_iface(w, "tun0")];
	assert_int_equal(t->arptype, 65534);
	assert_string_equal(ip(&w->m.addrs.v[t->addrs.v[0]].peer), "10.8.0.5");
	ifw_id r = evw_route(w, "0.0.0.0", 0);
	assert_int_not_equal(r, IFW_NOID);
	assert_string_equal(ip(&w->m.routes.v[r].gateway), "192.0.2.1");
	assert_int_not_equal(evw_route(w, "192.0.2.0", 24), IFW_NOID);
	evw_free(w);
}

static void ip_json_pretty_and_broken(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("### ifwho-collect: ip -j -p addr\n"
	             "[ {\n"
	             "        \"ifindex\": 7,\n"
	             "        \"ifname\": \"wg0\",\n"
	             "        \"flags\": [ \"POINTOPOINT\",\"NOARP\",\"UP\",\"LOWER_UP\" ],\n"
	             "        \"mtu\": 1420,\n"
	             "        \"link_type\": \"none\",\n"
	             "        \"addr_info\": [ {\n"
	             "                \"family\": \"inet\",\n"
	             "                \"local\": \"10.66.0.2\",\n"
	             "                \"prefixlen\": 24,\n"
	             "                \"scope\": \"global\",\n"
	             "                \"label\": \"wg0 ]}\"\n"
	             "            } ]\n"
	             "    } ]\n"
	             "### exit 0\n"
	             "### ifwho-collect: ip -j link\n"
	             "[{\"ifindex\":8,\"ifname\":\"x\",\"flags\":[\n"
	             "### exit 1\n",
	             "json.txt");
	assert_true(evw_has_addr(w, "wg0", "10.66.0.2", 24));
	assert_int_equal(w->m.ifaces.v[evw_iface(w, "wg0")].ifindex, 7);
	/* the cut document is reported, and so is the failing command */
	assert_true(w->m.skipped_lines > 0);
	bool cut = false, status = false;
	for (size_t i = 0; i < w->m.warnings.n; i++) {
		cut |= strstr(w->m.warnings.v[i], "JSON") != NULL;
		status |= strstr(w->m.warnings.v[i], "exited with status 1") != NULL;
	}
	assert_true(cut);
	assert_true(status);
	evw_free(w);
}

static void ss_forms(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "Netid State  Recv-Q Send-Q          Local Address:Port    Peer Address:PortProcess\n"
	    "udp   UNCONN 0      0      [fe80::5054:ff:fe12:3456]%eth0:546   [::]:*    "
	    "users:((\"dhclient\",pid=645,fd=7))\n"
	    "udp   UNCONN 0      0                  0.0.0.0%wg0:51820    0.0.0.0:*\n"
	    "tcp   LISTEN 0      4096                        *:8080           *:*    "
	    "users:((\"Web Content\",pid=9000,fd=30))\n"
	    "tcp   TIME-WAIT 0   0      [::ffff:192.0.2.2]:443 [::ffff:198.51.100.3]:50000\n"
	    "u_str LISTEN 0      4096   /run/dbus/system_bus_socket 15329 * 0\n",
	    "ss.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	assert_int_equal(w->m.sockets.n, 4);
	ifw_id s = evw_socket(w, IFW_P_UDP, 546, "fe80::5054:ff:fe12:3456");
	assert_int_not_equal(s, IFW_NOID);
	assert_int_equal(w->m.sockets.v[s].family, AF_INET6);
	s = evw_socket(w, IFW_P_TCP, 8080, NULL);
	assert_int_not_equal(s, IFW_NOID);
	assert_string_equal(w->m.procs.v[evw_socket_proc(w, s)].comm, "Web Content");
	s = evw_socket(w, IFW_P_TCP, 443, NULL);
	assert_int_not_equal(s, IFW_NOID);
	assert_int_equal(w->m.sockets.v[s].state, 6); /* TIME_WAIT */
	evw_free(w);
}

static void garbage_is_counted(void **state)
{
	(void)state;
	struct evw *w = evw_text("en0: flags=8863<UP,BROADCAST> mtu 1500\n"
	                         "\tinet 10.0.0.1 netmask 0xffffff00\n"
	                         "this is not command output\n"
	                         "\x01\x02\x03 nor this\n"
	                         "\tinet not-an-address netmask 0xfff\n"
	                         "COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME\n"
	                         "cut 12\n",
	                         "mixed.txt");
	assert_int_equal(w->m.ifaces.n, 1);
	assert_true(evw_has_addr(w, "en0", "10.0.0.1", 24));
	assert_int_equal(w->m.skipped_lines, 4);
	evw_free(w);
}

static void nothing_recognized(void **state)
{
	(void)state;
	struct ifw_model m;
	ifw_model_init(&m);
	struct ifw_err err = {0};
	const char *t = "hello\nworld\n";
	assert_int_equal(ifw_evidence_read_buffer(&m, t, strlen(t), "x.txt", &err), -1);
	assert_int_equal(err.code, IFW_E_PARSE);
	ifw_model_free(&m);
	ifw_model_init(&m);
	assert_int_equal(evw_collect(&m, "/nonexistent/evidence", &err), -1);
	ifw_model_free(&m);
}

static void long_line_is_cut(void **state)
{
	(void)state;
	size_t n = (16u << 20) + 100;
	char *big = malloc(n + 200);
	assert_non_null(big);
	strcpy(big, "lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> mtu 16384\n");
	size_t off = strlen(big);
	memset(big + off, 'A', n);
	off += n;
	strcpy(big + off, "\n\tinet 127.0.0.1 netmask 0xff000000\n");
	struct ifw_model m;
	ifw_model_init(&m);
	struct ifw_err err = {0};
	assert_int_equal(ifw_evidence_read_buffer(&m, big, strlen(big), "big.txt", &err), 0);
	assert_int_equal(m.skipped_lines, 1);
	assert_int_equal(m.ifaces.n, 1);
	assert_int_equal(m.addrs.n, 1);
	free(big);
	ifw_model_free(&m);
}

static void host_commands(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("### ifwho-collect: sw_vers\n"
	             "ProductName:\t\tmacOS\n"
	             "ProductVersion:\t\t15.1\n"
	             "BuildVersion:\t\t24B83\n"
	             "### exit 0\n"
	             "### ifwho-collect: scutil --nwi\n"
	             "Network information\n"
	             "\n"
	             "IPv4 network interface information\n"
	             "     en0 : flags      : 0x5 (IPv4,DNS)\n"
	             "           address    : 192.0.2.7\n"
	             "\n"
	             "IPv6 network interface information\n"
	             "   No IPv6 states found\n"
	             "\n"
	             "Network interfaces: en0\n"
	             "### exit 0\n"
	             "### ifwho-collect: networksetup -listallhardwareports\n"
	             "\n"
	             "Hardware Port: Wi-Fi\n"
	             "Device: en0\n"
	             "Ethernet Address: f0:2f:4b:13:88:e6\n"
	             "\n"
	             "VLAN Configurations\n"
	             "===================\n"
	             "### exit 0\n"
	             "### ifwho-collect: ifconfig -a\n"
	             "en0: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500\n"
	             "\tether 6e:1f:0a:93:5d:c2\n"
	             "### exit 0\n",
	             "host.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	assert_string_equal(w->m.os, "darwin");
	assert_string_equal(w->m.os_version, "macOS 15.1 (24B83)");
	const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, "en0")];
	assert_int_equal(f->perm_mac_len, 6);
	assert_int_equal(f->perm_mac[5], 0xe6);
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(lsof_names_and_services),
	    cmocka_unit_test(lsof_and_netstat_merge),
	    cmocka_unit_test(pasted_session),
	    cmocka_unit_test(netstat_variants),
	    cmocka_unit_test(netstat_process_pid),
	    cmocka_unit_test(freebsd),
	    cmocka_unit_test(linux_net_tools),
	    cmocka_unit_test(ip_json_pretty_and_broken),
	    cmocka_unit_test(ss_forms),
	    cmocka_unit_test(garbage_is_counted),
	    cmocka_unit_test(nothing_recognized),
	    cmocka_unit_test(long_line_is_cut),
	    cmocka_unit_test(host_commands),
	};
	return cmocka_run_group_tests_name("shapes", tests, NULL, NULL);
}
