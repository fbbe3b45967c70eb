/* Numbers out of range in evidence are refused, not cut down to something that fits: a pid of
 * 99999999999 is no pid (it once became 999999999), a port of 99999 is no port, a prefix length
 * of 999 is no prefix (it once became 231). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

#include <sys/socket.h>

static const char SS[] =
    "Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n"
    "udp   UNCONN 0      0      0.0.0.0:4500  0.0.0.0:*  "
    "users:((\"charon\",pid=99999999999,fd=12)) "
    "ino:100 sk:1 <->\n"
    "udp   UNCONN 0      0      0.0.0.0:500   0.0.0.0:*  users:((\"charon\",pid=4194305,fd=13)) "
    "ino:101 sk:2 <->\n"
    "udp   UNCONN 0      0      0.0.0.0:1194  0.0.0.0:*  "
    "users:((\"openvpn\",pid=4194304,fd=99999999999)) "
    "ino:102 sk:3 <->\n"
    "tcp   LISTEN 0      128    0.0.0.0:22    0.0.0.0:*  "
    "users:((\"sshd\",pid=812,fd=3),(\"sshd\",pid=99999999999,fd=4)) ino:103 sk:4 <->\n"
    "udp   UNCONN 0      0      0.0.0.0:99999 0.0.0.0:*  users:((\"x\",pid=77,fd=1)) ino:104 sk:5 "
    "<->\n"
    "udp   UNCONN 0      0      0.0.0.0:5060  0.0.0.0:*  users:((\"sipd\",pid=0,fd=1)) ino:105 "
    "sk:6 "
    "<->\n";

static bool has_proc(const struct evw *w, int32_t pid)
{
	for (size_t i = 0; i < w->m.procs.n; i++)
		if (w->m.procs.v[i].pid == pid)
			return true;
	return false;
}

static void ss_pids_fds_ports(void **state)
{
	(void)state;
	struct evw *w = evw_text(SS, "ss.txt");
	/* pid=99999999999 and pid=4194305 (above Linux's limit) give no process at all */
	assert_false(has_proc(w, 999999999));
	assert_false(has_proc(w, 4194305));
	ifw_id s4500 = evw_socket(w, IFW_P_UDP, 4500, NULL);
	assert_int_not_equal(s4500, IFW_NOID);
	assert_int_equal(evw_socket_proc(w, s4500), IFW_NOID);
	assert_int_equal(evw_socket_proc(w, evw_socket(w, IFW_P_UDP, 500, NULL)), IFW_NOID);
	/* the largest pid is one */
	ifw_id s1194 = evw_socket(w, IFW_P_UDP, 1194, NULL);
	ifw_id p = evw_socket_proc(w, s1194);
	assert_int_not_equal(p, IFW_NOID);
	assert_int_equal(w->m.procs.v[p].pid, 4194304);
	/* pid 0 is no process either */
	assert_int_equal(evw_socket_proc(w, evw_socket(w, IFW_P_UDP, 5060, NULL)), IFW_NOID);
	assert_false(has_proc(w, 0));
	/* sshd's second user has no valid pid: one owner, not two */
	ifw_id s22 = evw_socket(w, IFW_P_TCP, 22, NULL);
	assert_int_not_equal(s22, IFW_NOID);
	size_t refs = 0;
	for (size_t i = 0; i < w->m.fdrefs.n; i++) {
		const struct ifw_fdref *r = &w->m.fdrefs.v[i];
		if (r->socket == s22 || r->inode == 103) {
			refs++;
			assert_int_equal(w->m.procs.v[r->proc].pid, 812);
		}
		/* no fd number was cut down to fit either */
		assert_true(r->fd >= -1);
		assert_int_not_equal(r->fd, 999999999);
	}
	assert_int_equal(refs, 1);
	/* port 99999: no socket */
	for (size_t i = 0; i < w->m.sockets.n; i++)
		assert_int_not_equal(w->m.sockets.v[i].lport, 99999 % 65536);
	evw_free(w);
}

static void ipjson_route_prefix(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("[{\"dst\":\"198.51.100.0/999\",\"dev\":\"eth0\"},"
	             "{\"dst\":\"203.0.113.0/24\",\"dev\":\"eth0\"},"
	             "{\"dst\":\"192.0.2.0/x\",\"dev\":\"eth0\"}]\n"
	             "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue "
	             "state UP\n",
	             "route.txt");
	assert_int_not_equal(evw_route(w, "203.0.113.0", 24), IFW_NOID);
	for (size_t i = 0; i < w->m.routes.n; i++)
		assert_true(w->m.routes.v[i].dst_len <= 32);
	assert_int_equal(evw_route(w, "198.51.100.0", 231), IFW_NOID);
	assert_int_equal(evw_route(w, "192.0.2.0", 0), IFW_NOID);
	evw_free(w);
}

/* `ip -d -j link` fields of 32 bits: -1 or 2^32 is no value, not 0 or UINT32_MAX (a tun
 * "user": -1 made uid 0, root, its owner; an MTU of 2^32+1 became 4294967295). */
static void ipjson_link_u32(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("[{\"ifindex\":5,\"ifname\":\"tun5\",\"flags\":[\"UP\"],\"mtu\":4294967297,"
	             "\"txqlen\":-1,\"operstate\":\"UP\",\"link_type\":\"none\",\"linkinfo\":{"
	             "\"info_kind\":\"tun\",\"info_data\":{\"type\":\"tun\",\"pi\":false,"
	             "\"user\":-1,\"group\":4294967296}}},"
	             "{\"ifindex\":6,\"ifname\":\"vx6\",\"flags\":[\"UP\"],\"mtu\":1450,"
	             "\"operstate\":\"UP\",\"link_type\":\"ether\",\"linkinfo\":{\"info_kind\":"
	             "\"vxlan\",\"info_data\":{\"id\":-5}}},"
	             "{\"ifindex\":7,\"ifname\":\"tun7\",\"flags\":[\"UP\"],\"mtu\":1400,"
	             "\"operstate\":\"UP\",\"link_type\":\"none\",\"linkinfo\":{\"info_kind\":"
	             "\"tun\",\"info_data\":{\"type\":\"tun\",\"user\":1000}}}]\n",
	             "link.json");
	const struct ifw_iface *t5 = &w->m.ifaces.v[evw_iface(w, "tun5")];
	assert_false(t5->info.has_tun_owner);
	assert_false(t5->info.has_tun_group);
	assert_int_not_equal(t5->mtu, UINT32_MAX);
	assert_int_not_equal(t5->txqlen, UINT32_MAX);
	assert_int_not_equal(t5->txqlen, 0xffffffffu);
	const struct ifw_iface *v6 = &w->m.ifaces.v[evw_iface(w, "vx6")];
	assert_false(v6->info.has_vni);
	assert_int_equal(v6->mtu, 1450);
	/* in range: kept */
	const struct ifw_iface *t7 = &w->m.ifaces.v[evw_iface(w, "tun7")];
	assert_true(t7->info.has_tun_owner);
	assert_int_equal(t7->info.tun_owner, 1000);
	assert_int_equal(t7->mtu, 1400);
	evw_free(w);
}

/* The same in `ip -d link` text: "user 99999999999" is no owner (it was uid 0), "id 99999999999"
 * no VNI, "vlan id 99999999999" no VLAN 0. */
static void iplink_text_u32(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "5: tun5: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state "
	    "UNKNOWN mode DEFAULT group default qlen 500\n"
	    "    link/none  promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 \n"
	    "    tun type tun pi off vnet_hdr off persist on user 99999999999 group 4294967296 "
	    "addrgenmode random numtxqueues 1 numrxqueues 1 \n"
	    "6: tun6: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state "
	    "UNKNOWN mode DEFAULT group default qlen 500\n"
	    "    link/none  promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 \n"
	    "    tun type tun pi off vnet_hdr off persist on user 1000 addrgenmode random \n"
	    "    inet 192.0.2.6/24 scope global tun6\n"
	    "       valid_lft 99999999999sec preferred_lft 99999999999sec\n"
	    "7: vx7: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode "
	    "DEFAULT group default qlen 1000\n"
	    "    link/ether 02:00:00:00:00:07 brd ff:ff:ff:ff:ff:ff promiscuity 0 \n"
	    "    vxlan id 99999999999 remote 198.51.100.7 dstport 99999999999 \n",
	    "link.txt");
	const struct ifw_iface *t5 = &w->m.ifaces.v[evw_iface(w, "tun5")];
	assert_false(t5->info.has_tun_owner);
	assert_false(t5->info.has_tun_group);
	const struct ifw_iface *t6 = &w->m.ifaces.v[evw_iface(w, "tun6")];
	assert_true(t6->info.has_tun_owner);
	assert_int_equal(t6->info.tun_owner, 1000);
	/* a lifetime too big is none given, not 0 (expired) */
	assert_true(evw_has_addr(w, "tun6", "192.0.2.6", 24));
	for (size_t i = 0; i < w->m.addrs.n; i++) {
		assert_int_not_equal(w->m.addrs.v[i].valid_lft, 0);
		assert_int_not_equal(w->m.addrs.v[i].preferred_lft, 0);
	}
	const struct ifw_iface *v7 = &w->m.ifaces.v[evw_iface(w, "vx7")];
	assert_false(v7->info.has_vni);
	assert_int_equal(v7->info.vx_port, 0);
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(ss_pids_fds_ports),
	    cmocka_unit_test(ipjson_route_prefix),
	    cmocka_unit_test(ipjson_link_u32),
	    cmocka_unit_test(iplink_text_u32),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
