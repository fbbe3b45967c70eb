/* A Linux host's evidence (tests/fixtures/evidence/linux/collect.txt): `ip -d -j link`,
 * `ip -j addr`, `ip route show table all`, `ip rule`, `ss -tunapeo` and ps from a Docker host
 * with an OpenVPN client (tun0) and a kernel WireGuard interface (wg0). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

#include <net/if.h>
#include <sys/socket.h>

static int setup(void **state)
{
	*state = evw_load("linux/collect.txt");
	return 0;
}

static int teardown(void **state)
{
	evw_free(*state);
	return 0;
}

static void host(void **state)
{
	struct evw *w = *state;
	assert_string_equal(w->m.os, "linux");
	assert_string_equal(w->m.hostname, "docker-host");
	assert_string_equal(w->m.kernel, "Linux 6.1.0-21-amd64");
	assert_true(w->m.privileged);
	assert_int_equal(w->m.skipped_lines, 0);
	/* the host, and the namespace veth3c1e2f7 leads to (known only by its id) */
	assert_int_equal(w->m.netns.n, 2);
	assert_string_equal(w->m.netns.v[1].name, "netnsid 1");
	assert_false(w->m.netns.v[1].collected);
}

static void links(void **state)
{
	struct evw *w = *state;
	const struct ifw_iface *veth = &w->m.ifaces.v[evw_iface(w, "veth3c1e2f7")];
	assert_string_equal(veth->kind, "veth");
	assert_int_equal(veth->ifindex, 4);
	assert_int_equal(veth->link_ifindex, 2);
	assert_int_equal(veth->link_nsid, 1);
	assert_int_equal(veth->link_ns, 1);
	assert_int_equal(veth->master, evw_iface(w, "docker0"));
	assert_string_equal(veth->slave_kind, "bridge");
	const struct ifw_iface *br = &w->m.ifaces.v[evw_iface(w, "docker0")];
	assert_string_equal(br->kind, "bridge");
	assert_true(br->info.has_bridge);
	assert_int_equal(br->ports.n, 1);
	const struct ifw_iface *tun = &w->m.ifaces.v[evw_iface(w, "tun0")];
	assert_string_equal(tun->kind, "tun");
	assert_int_equal(tun->info.tun_type, IFW_TUN_TUN);
	assert_false(tun->info.tun_persist);
	assert_int_equal(tun->arptype, 65534);
	assert_true(tun->flags & IFF_POINTOPOINT);
	const struct ifw_iface *wg = &w->m.ifaces.v[evw_iface(w, "wg0")];
	assert_string_equal(wg->kind, "wireguard");
	assert_int_equal(wg->mtu, 1420);
	const struct ifw_iface *eth = &w->m.ifaces.v[evw_iface(w, "eth0")];
	assert_string_equal(eth->bus, "pci");
	assert_string_equal(eth->bus_info, "0000:00:03.0");
	assert_int_equal(eth->operstate, 6);
	assert_true(eth->flags & 0x10000); /* LOWER_UP */
}

static void addresses(void **state)
{
	struct evw *w = *state;
	const struct ifw_iface *tun = &w->m.ifaces.v[evw_iface(w, "tun0")];
	assert_true(evw_has_addr(w, "tun0", "10.8.0.6", 32));
	const struct ifw_addr *a = &w->m.addrs.v[tun->addrs.v[0]];
	char t[IFW_IP_STRLEN];
	assert_string_equal(ifw_ip_str(&a->peer, t), "10.8.0.5");
	assert_string_equal(a->label, "tun0");
	assert_true(evw_has_addr(w, "eth0", "2001:db8:30::10", 64));
	assert_true(evw_has_addr(w, "docker0", "172.17.0.1", 16));
	assert_true(evw_has_addr(w, "wg0", "10.66.0.2", 24));
	assert_true(evw_has_addr(w, "lo", "::1", 128));
	/* link and addr dumps describe the same interfaces once */
	assert_int_equal(w->m.ifaces.n, 6);
}

static void routes_and_rules(void **state)
{
	struct evw *w = *state;
	ifw_id r = evw_route(w, "0.0.0.0", 0);
	assert_int_not_equal(r, IFW_NOID);
	assert_int_equal(w->m.routes.v[r].iface, evw_iface(w, "eth0"));
	assert_int_equal(w->m.routes.v[r].family, AF_INET);
	r = evw_route(w, "128.0.0.0", 1);
	assert_int_not_equal(r, IFW_NOID);
	assert_int_equal(w->m.routes.v[r].iface, evw_iface(w, "tun0"));
	size_t local = 0, mcast6 = 0, v6 = 0;
	for (size_t i = 0; i < w->m.routes.n; i++) {
		const struct ifw_route *x = &w->m.routes.v[i];
		local += x->table == IFW_TABLE_LOCAL && x->type == 2;
		mcast6 += x->type == 5 && x->family == AF_INET6;
		v6 += x->family == AF_INET6;
		assert_int_not_equal(x->iface, IFW_NOID);
	}
	assert_int_equal(local, 9);
	assert_int_equal(mcast6, 4);
	assert_int_equal(v6, 12);
	assert_int_equal(w->m.policy_rules.n, 5);
	size_t r6 = 0;
	for (size_t i = 0; i < w->m.policy_rules.n; i++)
		r6 += w->m.policy_rules.v[i].family == AF_INET6;
	assert_int_equal(r6, 2);
}

static void sockets(void **state)
{
	struct evw *w = *state;
	ifw_id s = evw_socket(w, IFW_P_UDP, 41028, "203.0.113.10");
	assert_int_not_equal(s, IFW_NOID);
	assert_int_equal(w->m.sockets.v[s].rport, 1194);
	assert_int_equal(w->m.sockets.v[s].inode, 430062);
	assert_int_equal(w->m.procs.v[evw_socket_proc(w, s)].pid, 516);
	/* WireGuard's port belongs to the kernel: no process, inode 0 */
	s = evw_socket(w, IFW_P_UDP, 51820, "0.0.0.0");
	assert_int_not_equal(s, IFW_NOID);
	assert_int_equal(w->m.sockets.v[s].inode, 0);
	assert_int_equal(w->m.sockets.v[s].fdrefs.n, 0);
	assert_int_equal(w->m.sockets.v[s].owner, IFW_OWNER_KERNEL);
	/* one socket, two processes */
	s = evw_socket(w, IFW_P_TCP, 22, "203.0.113.10");
	assert_int_not_equal(s, IFW_NOID);
	assert_int_equal(w->m.sockets.v[s].fdrefs.n, 2);
	/* 127.0.0.53%lo: bound to lo */
	s = evw_socket(w, IFW_P_UDP, 53, "127.0.0.53");
	assert_int_not_equal(s, IFW_NOID);
	assert_int_equal(w->m.sockets.v[s].bound_iface, evw_iface(w, "lo"));
	assert_int_equal(w->m.sockets.v[s].uid, 991);
}

static void processes(void **state)
{
	struct evw *w = *state;
	const struct ifw_process *k = &w->m.procs.v[evw_proc(w, 2)];
	assert_string_equal(k->comm, "kthreadd");
	assert_null(k->cmdline);
	const struct ifw_process *s = &w->m.procs.v[evw_proc(w, 2203)];
	assert_string_equal(s->comm, "sshd");
	assert_string_equal(s->cmdline, "sshd: admin@pts/0");
	assert_int_equal(s->ppid, 2141);
	const struct ifw_process *o = &w->m.procs.v[evw_proc(w, 516)];
	assert_string_equal(o->comm, "openvpn");
	evw_contains(o->cmdline, "--config /etc/openvpn/client.conf");
	const struct ifw_process *n = &w->m.procs.v[evw_proc(w, 1990)];
	assert_true(n->has_uid); /* ps printed the uid: the user has no name */
	assert_int_equal(n->uid, 101);
}

static void verdicts(void **state)
{
	struct evw *w = *state;
	assert_string_equal(evw_ia(w, "lo")->category, "loopback");
	assert_string_equal(evw_ia(w, "eth0")->category, "physical");
	const struct ifw_finding *wg = evw_verdict(w, "wg0");
	assert_non_null(wg);
	assert_string_equal(wg->rule, "overlay.wireguard");
	assert_string_equal(evw_ia(w, "wg0")->category, "vpn");
	const struct ifw_iface_analysis *br = evw_ia(w, "docker0");
	assert_string_equal(br->category, "container");
	evw_contains(br->verdict_text, "veth3c1e2f7");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(host),      cmocka_unit_test(links),
	    cmocka_unit_test(addresses), cmocka_unit_test(routes_and_rules),
	    cmocka_unit_test(sockets),   cmocka_unit_test(processes),
	    cmocka_unit_test(verdicts),
	};
	return cmocka_run_group_tests_name("linux", tests, setup, teardown);
}
