/* Linux text output as people paste it (tests/fixtures/evidence/linux-text): `ip -d link`,
 * `ip addr`, `ip -br`, `ip -d tuntap show`, fdinfo, `ip netns list`, net-tools ifconfig (both
 * formats), `netstat -i`, `route -n`, `bridge link`, ss/netstat/lsof -F sockets, `wg show`,
 * `brctl show`, `nmcli device`, `networkctl list`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "util/ipaddr.h"

#include <net/if.h>
#include <sys/socket.h>

static const struct ifw_iface *iface(const struct evw *w, const char *name)
{
	return &w->m.ifaces.v[evw_iface(w, name)];
}

static bool has_warning(const struct evw *w, const char *sub)
{
	for (size_t i = 0; i < w->m.warnings.n; i++)
		if (strstr(w->m.warnings.v[i], sub))
			return true;
	return false;
}

static const char *ns_name(const struct evw *w, ifw_id ns)
{
	assert_int_not_equal(ns, IFW_NOID);
	return w->m.netns.v[ns].name;
}

/* The docker host of linux/collect.txt, pasted as text after root prompts: the same facts and
 * verdicts as its JSON form. */
static void docker_host(void **state)
{
	(void)state;
	struct evw *w = evw_load("linux-text/docker-host.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	assert_string_equal(w->m.os, "linux");
	assert_true(w->m.privileged); /* root prompts */
	assert_int_equal(w->m.ifaces.n, 6);
	const struct ifw_iface *veth = iface(w, "veth3c1e2f7");
	assert_string_equal(veth->kind, "veth");
	assert_string_equal(veth->slave_kind, "bridge");
	assert_int_equal(veth->ifindex, 4);
	assert_int_equal(veth->link_ifindex, 2);
	assert_int_equal(veth->link_nsid, 1);
	assert_string_equal(ns_name(w, veth->link_ns), "3f2a9c1d8e7b"); /* from ip netns list */
	assert_int_equal(veth->master, evw_iface(w, "docker0"));
	const struct ifw_iface *br = iface(w, "docker0");
	assert_string_equal(br->kind, "bridge");
	assert_true(br->info.has_bridge);
	const struct ifw_iface *tun = iface(w, "tun0");
	assert_string_equal(tun->kind, "tun");
	assert_int_equal(tun->info.tun_type, IFW_TUN_TUN);
	assert_false(tun->info.tun_persist);
	assert_int_equal(tun->arptype, 65534);
	assert_true(tun->flags & IFF_POINTOPOINT);
	assert_true(tun->flags & IFF_RUNNING); /* up, state UNKNOWN, LOWER_UP */
	assert_int_equal(tun->txqlen, 500);
	const struct ifw_iface *eth = iface(w, "eth0");
	assert_string_equal(eth->bus, "pci");
	assert_string_equal(eth->bus_info, "0000:00:03.0");
	assert_int_equal(eth->operstate, 6);
	assert_int_equal(eth->mac_len, 6);
	assert_int_equal(eth->mac[5], 0x0c);
	assert_int_equal(eth->n_altnames, 1); /* in ip -d link and ip addr: kept once */
	assert_string_equal(eth->altnames[0], "enp0s3");
	assert_string_equal(iface(w, "wg0")->kind, "wireguard");
	assert_int_equal(iface(w, "wg0")->mtu, 1420);
	/* addresses, with peer, flags and scope */
	assert_true(evw_has_addr(w, "tun0", "10.8.0.6", 32));
	const struct ifw_addr *a = &w->m.addrs.v[tun->addrs.v[0]];
	char t[IFW_IP_STRLEN];
	assert_string_equal(ifw_ip_str(&a->peer, t), "10.8.0.5");
	assert_true(evw_has_addr(w, "eth0", "2001:db8:30::10", 64));
	assert_true(evw_has_addr(w, "lo", "::1", 128));
	for (size_t i = 0; i < w->m.addrs.n; i++)
		if (w->m.addrs.v[i].iface == evw_iface(w, "eth0") && w->m.addrs.v[i].plen == 64 &&
		    w->m.addrs.v[i].scope == 0)
			assert_true(w->m.addrs.v[i].flags & 0x02); /* nodad */
	/* the holder named by ip -d tuntap show */
	const struct ifw_iface_analysis *ia = evw_ia(w, "tun0");
	assert_int_equal(ia->holders.n, 1);
	assert_int_equal(w->m.procs.v[ia->holders.v[0].proc].pid, 516);
	evw_contains(ia->verdict_text, "OpenVPN");
	assert_string_equal(evw_verdict(w, "wg0")->rule, "overlay.wireguard");
	assert_string_equal(evw_ia(w, "docker0")->category, "container");
	assert_string_equal(evw_ia(w, "eth0")->category, "physical");
	/* sockets from ss -tulpn, processes from ps */
	ifw_id s = evw_socket(w, IFW_P_TCP, 8080, "0.0.0.0");
	assert_int_not_equal(s, IFW_NOID);
	assert_int_equal(w->m.procs.v[evw_socket_proc(w, s)].pid, 1893);
	s = evw_socket(w, IFW_P_UDP, 53, "127.0.0.53");
	assert_int_equal(w->m.sockets.v[s].bound_iface, evw_iface(w, "lo"));
	evw_contains(w->m.procs.v[evw_proc(w, 516)].cmdline, "--dev tun0");
	assert_int_not_equal(evw_route(w, "128.0.0.0", 1), IFW_NOID);
	evw_free(w);
}

/* Real `ip -d link` of a lab namespace (iproute2 6.1): every kind and its details. */
static void ip_d_link(void **state)
{
	(void)state;
	struct evw *w = evw_load("linux-text/lab-ip-d-link.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	const struct ifw_iface *eth = iface(w, "eth0");
	assert_string_equal(eth->kind, "veth");
	assert_int_equal(eth->link_ifindex, 2);                 /* eth0@if2 */
	assert_string_equal(ns_name(w, eth->link_ns), "lab-b"); /* link-netns lab-b */
	assert_true(eth->link_nsid >= 0);
	assert_int_equal(eth->min_mtu, 68);
	assert_false(eth->flags & IFF_RUNNING); /* NO-CARRIER, state DOWN */
	const struct ifw_iface *v1 = iface(w, "veth1");
	assert_int_equal(v1->link, evw_iface(w, "veth1p")); /* veth1@veth1p, same namespace */
	assert_int_equal(v1->master, evw_iface(w, "br0"));
	assert_string_equal(v1->slave_kind, "bridge");
	const struct ifw_iface *vx = iface(w, "vx42");
	assert_string_equal(vx->kind, "vxlan");
	assert_true(vx->info.has_vni);
	assert_int_equal(vx->info.vni, 42);
	assert_int_equal(vx->info.vx_port, 4789);
	char t[IFW_IP_STRLEN];
	assert_string_equal(ifw_ip_str(&vx->info.vx_remote, t), "198.51.100.2");
	assert_string_equal(ifw_ip_str(&vx->info.vx_local, t), "192.0.2.10");
	assert_int_equal(vx->info.vx_link, eth->ifindex);
	const struct ifw_iface *mv = iface(w, "mv0");
	assert_string_equal(mv->kind, "macvlan");
	assert_int_equal(mv->info.macvlan_mode, 4); /* bridge */
	assert_int_equal(mv->link, evw_iface(w, "eth0"));
	assert_int_equal(mv->operstate, 3); /* LOWERLAYERDOWN */
	const struct ifw_iface *tap = iface(w, "tap5");
	assert_string_equal(tap->kind, "tun");
	assert_int_equal(tap->info.tun_type, IFW_TUN_TAP);
	assert_true(tap->info.tun_persist);
	assert_int_equal(iface(w, "br0")->info.br_stp_state, 0);
	evw_contains(evw_ia(w, "vx42")->verdict_text, "VNI 42");
	evw_contains(evw_ia(w, "eth0")->verdict_text, "lab-b");
	evw_free(w);
}

/* Real `ip addr` of the same lab, and `ip -br addr` / `ip -br link`. */
static void ip_addr_and_brief(void **state)
{
	(void)state;
	struct evw *w = evw_load("linux-text/lab-ip-addr.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	assert_int_equal(w->m.ifaces.n, 9);
	assert_true(evw_has_addr(w, "tun7", "10.9.0.1", 24));
	assert_true(evw_has_addr(w, "br0", "198.51.100.1", 24));
	for (size_t i = 0; i < w->m.addrs.n; i++)
		if (w->m.addrs.v[i].iface == evw_iface(w, "br0") &&
		    w->m.addrs.v[i].ip.family == AF_INET6)
			assert_int_equal(w->m.addrs.v[i].scope, 253); /* scope link */
	assert_int_equal(iface(w, "tun7")->arptype, 65534);           /* link/none */
	assert_int_equal(iface(w, "lo")->arptype, 772);
	evw_free(w);

	w = evw_load("linux-text/lab-ip-br.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	assert_int_equal(w->m.ifaces.n, 9);
	assert_true(evw_has_addr(w, "eth0", "2001:db8:1::10", 64));
	assert_true(evw_has_addr(w, "tun7", "10.9.0.1", 24));
	const struct ifw_iface *eth = iface(w, "eth0");
	assert_int_equal(eth->link_ifindex, 2); /* eth0@if2 */
	assert_int_equal(eth->mac_len, 6);
	assert_int_equal(eth->operstate, 2);
	assert_int_equal(iface(w, "tun7")->arptype, 65534); /* no MAC in ip -br link */
	assert_true(iface(w, "tun7")->flags & IFF_NOARP);
	assert_int_equal(iface(w, "veth1")->link, evw_iface(w, "veth1p"));
	evw_free(w);
}

/* The process holding a tun: `ip -d tuntap show`, fdinfo by grep and by cat. */
static void tuntap_and_fdinfo(void **state)
{
	(void)state;
	struct evw *w = evw_load("linux-text/lab-tuntap-fdinfo.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	assert_true(w->m.privileged); /* root prompt */
	const struct ifw_iface *tun = iface(w, "tun7");
	assert_string_equal(tun->kind, "tun");
	assert_int_equal(tun->info.tun_type, IFW_TUN_TUN);
	size_t fds = 0, with_fd5 = 0;
	for (size_t i = 0; i < w->m.fdrefs.n; i++) {
		const struct ifw_fdref *f = &w->m.fdrefs.v[i];
		assert_int_equal(f->type, IFW_FD_TUN);
		assert_int_equal(f->tun_iface, evw_iface(w, "tun7"));
		assert_int_equal(w->m.procs.v[f->proc].pid, 16363);
		fds++;
		with_fd5 += f->fd == 5;
	}
	assert_int_equal(fds, 3); /* tuntap (fd unknown), grep and cat (fd 5) */
	assert_int_equal(with_fd5, 2);
	assert_string_equal(w->m.procs.v[evw_proc(w, 16363)].comm, "socat");
	evw_contains(evw_ia(w, "tun7")->verdict_text, "socat (pid 16363)");
	evw_free(w);
}

/* ifwho-collect's fdinfo section: each holder's namespace beside its "iff:" line. A holder in the
 * namespace collected holds this namespace's device; one elsewhere holds a device of the same name
 * somewhere else (the other end of a tunnel) or one it made for another namespace (slirp4netns):
 * kept by name, unconfirmed, and no interface is made for it. Also: a veth's link-netnsid past
 * 256, and every process visible when root's ps shows kthreadd as pid 2. */
static void fdinfo_namespaces(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "### ifwho-collect 1\n"
	    "### uid: 0\n"
	    "### netns: net:[4026532383]\n"
	    "### ifwho-collect: ip -d -j link\n"
	    "[{\"ifindex\":2,\"link_index\":2,\"ifname\":\"ul0\",\"flags\":[\"UP\"],\"mtu\":1500,"
	    "\"link_type\":\"ether\",\"address\":\"4a:0a:4b:59:ee:37\",\"link_netnsid\":317,"
	    "\"linkinfo\":{\"info_kind\":\"veth\"}},"
	    "{\"ifindex\":3,\"ifname\":\"tun0\",\"flags\":[\"POINTOPOINT\",\"UP\"],\"mtu\":1500,"
	    "\"link_type\":\"none\",\"linkinfo\":{\"info_kind\":\"tun\",\"info_data\":"
	    "{\"type\":\"tun\",\"pi\":false,\"vnet_hdr\":false,\"multi_queue\":false,"
	    "\"persist\":false}}}]\n"
	    "### exit 0\n"
	    "### ifwho-collect: ps axo pid,ppid,user,comm,args\n"
	    "  PID  PPID USER     COMMAND         COMMAND\n"
	    "    1     0 root     systemd         /sbin/init\n"
	    "    2     0 root     kthreadd        [kthreadd]\n"
	    "  812     1 root     socat           socat TCP:192.0.2.2:17000 "
	    "TUN:198.51.100.1/24,tun-name=tun0\n"
	    "  813     1 root     socat           socat TCP-LISTEN:17000 "
	    "TUN:198.51.100.2/24,tun-name=tun0\n"
	    "  900     1 root     slirp4netns     slirp4netns --configure 4242 tap0\n"
	    "### exit 0\n"
	    "### ifwho-collect: grep -rH ^iff: /proc/*/fdinfo; ls -l /proc/PID/ns/net\n"
	    "/proc/812/fdinfo/6:iff:\ttun0\n"
	    "/proc/813/fdinfo/5:iff:\ttun0\n"
	    "/proc/900/fdinfo/7:iff:\ttap0\n"
	    "/proc/812/ns/net -> net:[4026532383]\n"
	    "/proc/813/ns/net -> net:[4026532999]\n"
	    "lrwxrwxrwx 1 root root 0 Dec  6 20:55 /proc/900/ns/net -> net:[4026531840]\n"
	    "### exit 0\n",
	    "collected.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	assert_true(w->m.privileged);
	assert_true(w->m.all_procs_visible);
	size_t here = 0, elsewhere = 0;
	for (size_t i = 0; i < w->m.fdrefs.n; i++) {
		const struct ifw_fdref *f = &w->m.fdrefs.v[i];
		int32_t pid = w->m.procs.v[f->proc].pid;
		assert_int_equal(f->type, IFW_FD_TUN);
		if (pid == 812) {
			assert_true(f->tun_ns_confirmed);
			assert_int_equal(f->tun_iface, evw_iface(w, "tun0"));
			assert_int_equal(f->fd, 6);
			here++;
		} else {
			assert_true(pid == 813 || pid == 900);
			assert_false(f->tun_ns_confirmed);
			assert_int_equal(f->tun_iface, IFW_NOID);
			assert_string_equal(f->tun_name, pid == 813 ? "tun0" : "tap0");
			elsewhere++;
		}
	}
	assert_int_equal(here, 1);
	assert_int_equal(elsewhere, 2);
	for (size_t i = 0; i < w->m.ifaces.n; i++)
		assert_string_not_equal(w->m.ifaces.v[i].name, "tap0");
	/* the processes of the namespace collected are this namespace's; the others are not */
	assert_int_equal(w->m.procs.v[evw_proc(w, 812)].netns_inode, 0);
	assert_int_equal(w->m.procs.v[evw_proc(w, 813)].netns_inode, 4026532999u);
	const struct ifw_iface *ul = iface(w, "ul0");
	assert_true(ul->link_ns != IFW_NOID);
	assert_string_equal(w->m.netns.v[ul->link_ns].name, "netnsid 317");
	evw_analyze(w);
	evw_contains(evw_ia(w, "tun0")->verdict_text, "socat (pid 812)");
	evw_free(w);
}

/* wg show: each peer a session of its interface, its endpoint the far end. After an interface
 * listing, a name it did not list is another namespace's (wg reaches every namespace's
 * userspace daemons through /var/run/wireguard): not made, its lines still taken. */
static void wg_peers(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("$ ip -br link\n"
	             "lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP>\n"
	             "wa               UNKNOWN        <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP>\n"
	             "$ wg show all\n"
	             "interface: wa\n"
	             "  public key: qog0J2fxcBdyNW30/p1fZbPx2owTs8l5WWDQ0w/CmAo=\n"
	             "  private key: (hidden)\n"
	             "  listening port: 51820\n"
	             "\n"
	             "peer: 4ZqWcIL0CqyO1oZ9R0T0oMpUe9JCKDqJjDWUj5MaVGA=\n"
	             "  endpoint: 192.0.2.2:51821\n"
	             "  allowed ips: 198.51.100.2/32\n"
	             "\n"
	             "interface: wb\n"
	             "  public key: 4ZqWcIL0CqyO1oZ9R0T0oMpUe9JCKDqJjDWUj5MaVGA=\n"
	             "  private key: (hidden)\n"
	             "  listening port: 51821\n"
	             "\n"
	             "peer: qog0J2fxcBdyNW30/p1fZbPx2owTs8l5WWDQ0w/CmAo=\n"
	             "  endpoint: 192.0.2.1:51820\n"
	             "  allowed ips: 198.51.100.1/32\n"
	             "$ wg show all endpoints\n"
	             "wa\t4ZqWcIL0CqyO1oZ9R0T0oMpUe9JCKDqJjDWUj5MaVGA=\t[2001:db8::2]:51822\n"
	             "wa\tqog0J2fxcBdyNW30/p1fZbPx2owTs8l5WWDQ0w/CmAo=\t(none)\n",
	             "wg.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	for (size_t i = 0; i < w->m.ifaces.n; i++)
		assert_string_not_equal(w->m.ifaces.v[i].name, "wb");
	ifw_id wa = evw_iface(w, "wa");
	assert_string_equal(w->m.ifaces.v[wa].kind, "wireguard");
	assert_int_equal(w->m.sas.n, 3);
	const struct ifw_tunnel_sa *sa = &w->m.sas.v[0];
	assert_int_equal(sa->iface, wa);
	assert_int_equal(sa->proc, IFW_NOID);
	assert_int_equal(sa->lport, 51820);
	assert_int_equal(sa->rport, 51821);
	char ip[IFW_IP_STRLEN];
	assert_string_equal(ifw_ip_str(&sa->remote, ip), "192.0.2.2");
	assert_int_equal(w->m.sas.v[1].rport, 51822);
	assert_string_equal(ifw_ip_str(&w->m.sas.v[1].remote, ip), "2001:db8::2");
	assert_int_equal(w->m.sas.v[2].rport, 0); /* (none) */
	evw_analyze(w);
	evw_contains(evw_ia(w, "wa")->verdict_text, "192.0.2.2");
	evw_free(w);
}

/* Both net-tools ifconfig formats, netstat -i, route -n and bridge link. */
static void net_tools(void **state)
{
	(void)state;
	struct evw *w = evw_load("linux-text/lab-ifconfig.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	assert_false(has_warning(w, "masked")); /* "scopeid 0x20<link>" is no mask */
	assert_true(evw_has_addr(w, "tun7", "10.9.0.1", 24));
	assert_int_equal(iface(w, "tun7")->arptype, 65534); /* unspec */
	assert_int_equal(iface(w, "br0")->mac_len, 6);
	evw_free(w);

	w = evw_load("linux-text/ifconfig-old-stackexchange.txt");
	assert_int_equal(w->m.skipped_lines, 0); /* "..." and "<snipped>" are elision marks */
	assert_int_equal(w->m.ifaces.n, 2);
	const struct ifw_iface *tun = iface(w, "tun0");
	assert_int_equal(tun->arptype, 65534);
	assert_int_equal(tun->mtu, 1500); /* from a line that lost its indentation */
	assert_true(tun->flags & IFF_POINTOPOINT);
	assert_true(tun->flags & IFF_NOARP);
	assert_true(evw_has_addr(w, "tun0", "10.8.0.1", 32));
	char t[IFW_IP_STRLEN];
	assert_string_equal(ifw_ip_str(&w->m.addrs.v[tun->addrs.v[0]].peer, t), "10.8.0.2");
	assert_true(evw_has_addr(w, "eth0", "172.16.210.32", 16));
	assert_int_equal(iface(w, "eth0")->mac[0], 0x00);
	assert_int_equal(iface(w, "eth0")->mac[5], 0x71);
	assert_true(iface(w, "eth0")->flags & IFF_BROADCAST);
	evw_free(w);

	w = evw_load("linux-text/lab-netstat-i-route-n.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	assert_int_equal(iface(w, "vx42")->mtu, 1450);
	uint32_t f = iface(w, "tun7")->flags; /* MOPRU */
	assert_true((f & IFF_POINTOPOINT) && (f & IFF_NOARP) && (f & IFF_UP) && (f & IFF_RUNNING));
	assert_false(f & IFF_PROMISC);
	assert_int_equal(iface(w, "tun7")->stats.tx_packets, 1);
	assert_int_equal(iface(w, "lo")->arptype, 772);
	ifw_id r = evw_route(w, "10.9.0.0", 24);
	assert_int_not_equal(r, IFW_NOID);
	assert_int_equal(w->m.routes.v[r].iface, evw_iface(w, "tun7"));
	assert_int_equal(iface(w, "veth1")->master, evw_iface(w, "br0")); /* bridge link */
	evw_free(w);
}

/* ss -tunap, netstat -tulpn and lsof -F of one UDP socket: one socket, its owner named. */
static void sockets(void **state)
{
	(void)state;
	struct evw *w = evw_load("linux-text/lab-sockets.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	assert_int_equal(w->m.sockets.n, 1);
	ifw_id s = evw_socket(w, IFW_P_UDP, 1194, "192.0.2.10");
	assert_int_not_equal(s, IFW_NOID);
	assert_true(w->m.sockets.v[s].listening);
	const struct ifw_process *p = &w->m.procs.v[evw_socket_proc(w, s)];
	assert_int_equal(p->pid, 16364);
	assert_string_equal(p->comm, "socat");
	evw_free(w);

	/* ss variants: no Netid column (ss -t), %dev bound to a device, several users */
	w = evw_text("$ ss -tlnp\n"
	             "State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n"
	             "LISTEN 0      32      10.8.0.1%tun0:53        0.0.0.0:*    "
	             "users:((\"dnsmasq\",pid=1201,fd=7))\n"
	             "LISTEN 0      128           0.0.0.0:1194      0.0.0.0:*    "
	             "users:((\"openvpn\",pid=812,fd=6),(\"openvpn\",pid=813,fd=6))\n",
	             "ss.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	s = evw_socket(w, IFW_P_TCP, 53, "10.8.0.1");
	assert_int_not_equal(s, IFW_NOID);
	assert_int_equal(w->m.procs.v[evw_socket_proc(w, s)].pid, 1201);
	s = evw_socket(w, IFW_P_TCP, 1194, "0.0.0.0");
	assert_int_not_equal(s, IFW_NOID);
	assert_int_equal(w->m.sockets.v[s].fdrefs.n, 2);
	evw_free(w);

	/* netstat -tulpn of a Raspberry Pi: "-" for the kernel's sockets, names with spaces */
	w = evw_text(
	    "pi@raspberrypi:~ $ sudo netstat -tulpn\n"
	    "Active Internet connections (only servers)\n"
	    "Proto Recv-Q Send-Q Local Address           Foreign Address         State       "
	    "PID/Program name    \n"
	    "tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      "
	    "512/sshd: /usr/sbin \n"
	    "tcp6       0      0 :::22                   :::*                    LISTEN      "
	    "512/sshd: /usr/sbin \n"
	    "udp        0      0 0.0.0.0:51820           0.0.0.0:*                           "
	    "-                   \n"
	    "udp        0      0 10.8.0.1:53             0.0.0.0:*                           "
	    "733/dnsmasq         \n",
	    "pi.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	assert_true(w->m.privileged); /* sudo */
	assert_int_equal(w->m.sockets.n, 4);
	s = evw_socket(w, IFW_P_UDP, 51820, "0.0.0.0");
	assert_int_equal(w->m.sockets.v[s].fdrefs.n, 0);
	s = evw_socket(w, IFW_P_TCP, 22, "::");
	assert_int_equal(w->m.procs.v[evw_socket_proc(w, s)].pid, 512);
	s = evw_socket(w, IFW_P_UDP, 53, "10.8.0.1");
	assert_string_equal(w->m.procs.v[evw_socket_proc(w, s)].comm, "dnsmasq");
	evw_free(w);
}

/* wg show, brctl show, nmcli device and networkctl list of one router. */
static void router(void **state)
{
	(void)state;
	struct evw *w = evw_load("linux-text/router.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	assert_string_equal(iface(w, "wg0")->kind, "wireguard");
	assert_string_equal(iface(w, "br-lan")->kind, "bridge");
	assert_int_equal(iface(w, "br-lan")->ifindex, 4); /* networkctl IDX */
	assert_int_equal(iface(w, "eth1")->master, evw_iface(w, "br-lan"));
	assert_int_equal(iface(w, "tap0")->master, evw_iface(w, "br-lan"));
	assert_int_equal(iface(w, "vethe4b5a6f")->master, evw_iface(w, "docker0"));
	assert_true(iface(w, "virbr0")->info.br_stp_state);
	assert_string_equal(iface(w, "tap0")->kind, "tun"); /* nmcli TYPE tun */
	assert_int_equal(iface(w, "lo")->arptype, 772);
	evw_contains(evw_ia(w, "br-lan")->verdict_text, "eth1");
	assert_string_equal(evw_verdict(w, "wg0")->rule, "overlay.wireguard");
	evw_free(w);
}

/* docker/podman network ls and docker network inspect name the bridges behind the networks;
 * docker ps is not taken for ps. */
static void container_networks(void **state)
{
	(void)state;
	struct evw *w = evw_load("linux-text/container-networks.txt");
	assert_string_equal(iface(w, "docker0")->net_name, "bridge");
	assert_string_equal(iface(w, "br-3f2a1b4c5d6e")->net_name, "shop_default");
	assert_string_equal(iface(w, "br-3f2a1b4c5d6e")->net_runtime, "docker");
	assert_string_equal(iface(w, "br-3f2a1b4c5d6e")->net_source, "docker network ls");
	assert_null(iface(w, "br-77aa88bb99cc")->net_name); /* not listed */
	assert_string_equal(iface(w, "br-0badc0ffee00")->net_name, "lab");
	assert_string_equal(iface(w, "br-0badc0ffee00")->net_source, "docker network inspect");
	assert_string_equal(iface(w, "podman0")->net_name, "podman");
	assert_string_equal(iface(w, "podman0")->net_runtime, "podman");
	assert_int_equal(w->m.ifaces.n, 8); /* cni-podman0 was a reference, not a record */
	assert_int_equal(w->m.procs.n, 0);  /* docker ps is no process list */
	evw_contains(evw_ia(w, "br-3f2a1b4c5d6e")->verdict_text, "shop_default");
	evw_free(w);
}

/* nmcli device names the profile that made a virtual device; "connected (externally)" is a
 * device NetworkManager only watches, and a card's profile makes nothing. */
static void networkmanager(void **state)
{
	(void)state;
	struct evw *w = evw_load("linux-text/networkmanager.txt");
	assert_string_equal(iface(w, "wg-office")->nm_connection, "Office WireGuard");
	assert_false(iface(w, "wg-office")->nm_external);
	assert_true(iface(w, "tun0")->nm_external);
	const struct ifw_finding *p = evw_finding(w, "wg-office", "nm.profile");
	assert_non_null(p);
	evw_contains(p->claim, "\"Office WireGuard\"");
	evw_contains(evw_ia(w, "wg-office")->verdict_text, "NetworkManager");
	assert_non_null(evw_finding(w, "br0", "nm.profile"));
	assert_non_null(evw_finding(w, "tun0", "nm.external"));
	assert_null(evw_finding(w, "tun0", "nm.profile"));
	assert_null(evw_finding(w, "enp0s31f6", "nm.profile")); /* a card */
	/* nmcli connection show: a person's profile name on a virtual device; the kind it gives,
	 * without an id or parent, is not made into "VLAN 0 on ?" */
	assert_string_equal(iface(w, "vlan42")->nm_connection, "Lab VLAN");
	assert_string_equal(iface(w, "vlan42")->kind, "vlan");
	assert_non_null(evw_finding(w, "vlan42", "nm.profile"));
	assert_non_null(evw_finding(w, "vlan42", "stacked.vlan-unread"));
	assert_null(evw_finding(w, "vlan42", "stacked.vlan"));
	assert_true(iface(w, "tun0")->nm_external); /* "tun0 ... tun0": nothing new said */
	evw_free(w);
}

/* A suggested command quotes what the evidence names: a profile called `$(reboot)"` (anyone
 * who pastes output chooses its names) must stay one word when the command is copied. */
static void networkmanager_hostile_profile(void **state)
{
	(void)state;
	struct evw *w = evw_text("$ nmcli device\n"
	                         "DEVICE     TYPE       STATE      CONNECTION\n"
	                         "wg0        wireguard  connected  a\"$(reboot)`id`'b\n",
	                         "nm-hostile.txt");
	evw_analyze(w);
	const struct ifw_iface_analysis *ia = evw_ia(w, "wg0");
	bool found = false;
	for (size_t i = 0; i < ia->next_steps.n; i++) {
		if (!strstr(ia->next_steps.v[i], "nmcli connection show"))
			continue;
		found = true;
		evw_contains(ia->next_steps.v[i],
		             "`nmcli connection show 'a\"$(reboot)`id`'\\''b'`");
	}
	assert_true(found);
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(docker_host),       cmocka_unit_test(ip_d_link),
	    cmocka_unit_test(ip_addr_and_brief), cmocka_unit_test(tuntap_and_fdinfo),
	    cmocka_unit_test(fdinfo_namespaces), cmocka_unit_test(net_tools),
	    cmocka_unit_test(sockets),           cmocka_unit_test(router),
	    cmocka_unit_test(wg_peers),          cmocka_unit_test(container_networks),
	    cmocka_unit_test(networkmanager),    cmocka_unit_test(networkmanager_hostile_profile),
	};
	return cmocka_run_group_tests_name("linux-text", tests, NULL, NULL);
}
