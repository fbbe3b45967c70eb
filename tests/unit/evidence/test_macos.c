/* A Mac's evidence as contrib/ifwho-collect saves it (tests/fixtures/evidence/macos/collect.txt,
 * written by gen.py there): Tailscale and OpenVPN utuns, Apple's own utuns, AWDL/LLW, a VM on
 * vmnet (bridge100 + vmenet0), a Thunderbolt bridge. */
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
	*state = evw_load("macos/collect.txt");
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
	assert_string_equal(w->m.os, "darwin");
	assert_string_equal(w->m.hostname, "alex-mbp.local");
	assert_string_equal(w->m.kernel, "Darwin 23.5.0");
	assert_string_equal(w->m.os_version, "macOS 14.5 (23F79)");
	assert_true(w->m.privileged); /* "### uid: 0" */
	assert_int_equal(w->m.skipped_lines, 0);
	assert_int_equal(w->m.warnings.n, w->ow_warning[0] ? 1 : 0);
	assert_int_equal(w->m.netns.n, 1);
	assert_string_equal(w->m.netns.v[0].names[0], "alex-mbp.local");
}

/* ifconfig -a and ifconfig -v -a describe the same interfaces once. */
static void interfaces_merged(void **state)
{
	struct evw *w = *state;
	size_t n = 0;
	for (size_t i = 0; i < w->m.ifaces.n; i++)
		n += strcmp(w->m.ifaces.v[i].name, "utun2") == 0;
	assert_int_equal(n, 1);
	const struct ifw_iface *u = &w->m.ifaces.v[evw_iface(w, "utun2")];
	assert_int_equal(u->ifindex, 16);
	assert_int_equal(u->mtu, 1280);
	assert_int_equal(u->addrs.n, 3);
	assert_true(evw_has_addr(w, "utun2", "100.101.102.103", 32));
	assert_true(evw_has_addr(w, "utun2", "fd7a:115c:a1e0::1234:5678", 48));
	/* "inet A --> A" has no other end */
	for (size_t i = 0; i < u->addrs.n; i++)
		assert_int_equal(w->m.addrs.v[u->addrs.v[i]].peer.family, 0);
	const struct ifw_iface *o = &w->m.ifaces.v[evw_iface(w, "utun3")];
	const struct ifw_addr *a = &w->m.addrs.v[o->addrs.v[0]];
	char t[IFW_IP_STRLEN];
	assert_string_equal(ifw_ip_str(&a->peer, t), "10.8.0.5");
	assert_true(evw_has_addr(w, "en0", "2001:db8:4a1:9e00:6d7a:bb2:1e0f:3a42", 64));
	for (size_t i = 0; i < w->m.addrs.n; i++)
		if (strcmp(ifw_ip_str(&w->m.addrs.v[i].ip, t),
		           "2001:db8:4a1:9e00:6d7a:bb2:1e0f:3a42") == 0)
			assert_true(w->m.addrs.v[i].flags & 0x01); /* temporary */
}

static void hardware_ports_and_bridges(void **state)
{
	struct evw *w = *state;
	const struct ifw_iface *en0 = &w->m.ifaces.v[evw_iface(w, "en0")];
	assert_int_equal(en0->ifindex, 11);
	assert_int_equal(en0->perm_mac_len, 6); /* the Wi-Fi port's own address */
	assert_int_equal(en0->perm_mac[0], 0xf0);
	assert_int_equal(en0->mac[0], 0x6e); /* a private Wi-Fi address in use */
	const struct ifw_iface *br = &w->m.ifaces.v[evw_iface(w, "bridge100")];
	assert_string_equal(br->kind, "bridge");
	assert_int_equal(br->ports.n, 1);
	assert_int_equal(br->ports.v[0], evw_iface(w, "vmenet0"));
	assert_int_equal(w->m.ifaces.v[evw_iface(w, "vmenet0")].ifindex, 18);
	const struct ifw_iface *b0 = &w->m.ifaces.v[evw_iface(w, "bridge0")];
	assert_int_equal(b0->ports.n, 2);
	assert_int_equal(b0->operstate, 2);
}

static void routes(void **state)
{
	struct evw *w = *state;
	ifw_id r = evw_route(w, "0.0.0.0", 0);
	assert_int_not_equal(r, IFW_NOID);
	assert_int_equal(w->m.routes.v[r].iface, evw_iface(w, "en0")); /* the first default */
	r = evw_route(w, "198.51.100.20", 32);
	assert_int_not_equal(r, IFW_NOID);
	assert_int_equal(w->m.routes.v[r].iface, evw_iface(w, "en0"));
	r = evw_route(w, "128.0.0.0", 1);
	assert_int_not_equal(r, IFW_NOID);
	assert_int_equal(w->m.routes.v[r].iface, evw_iface(w, "utun3"));
	r = evw_route(w, "100.64.0.0", 10);
	assert_int_not_equal(r, IFW_NOID);
	assert_int_equal(w->m.routes.v[r].iface, evw_iface(w, "utun2"));
}

static void sockets_merged(void **state)
{
	struct evw *w = *state;
	/* 20 lsof lines in each listing; netstat -anv's 11 are the same sockets. */
	assert_int_equal(w->m.sockets.n, 20);
	ifw_id s = evw_socket(w, IFW_P_TCP, 61203, "100.101.102.103");
	assert_int_not_equal(s, IFW_NOID);
	assert_int_equal(w->m.procs.v[evw_socket_proc(w, s)].pid, 612);
	s = evw_socket(w, IFW_P_UDP, 52713, "192.168.1.23");
	assert_int_not_equal(s, IFW_NOID);
	assert_int_equal(w->m.sockets.v[s].rport, 1194);
	assert_string_equal(w->m.sockets.v[s].remote_name, "vpn.example.org");
	struct ifw_ip ip;
	ifw_ip_parse("198.51.100.20", &ip);
	assert_string_equal(ifw_model_name_for(&w->m, &ip), "vpn.example.org");
	ifw_ip_parse("192.168.1.23", &ip);
	assert_string_equal(ifw_model_name_for(&w->m, &ip), "alex-mbp.local");
	/* lsof +c0 keeps the whole name */
	s = evw_socket(w, IFW_P_UDP, 49316, NULL);
	assert_int_not_equal(s, IFW_NOID);
	assert_int_equal(w->m.sockets.v[s].bound_iface, IFW_NOID);
	assert_true(evw_has_addr(w, "utun0", "fe80::3f1a:c07e:9b2d:51e8", 64));
}

static void processes(void **state)
{
	struct evw *w = *state;
	const struct ifw_process *c = &w->m.procs.v[evw_proc(w, 911)];
	assert_string_equal(c->comm, "Google Chrome");
	assert_string_equal(c->exe, "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome");
	evw_contains(c->cmdline, "--profile-directory=Default");
	const struct ifw_process *t = &w->m.procs.v[evw_proc(w, 612)];
	assert_string_equal(t->comm, "tailscaled");
	assert_string_equal(t->user, "root");
	const struct ifw_process *v = &w->m.procs.v[evw_proc(w, 905)];
	assert_string_equal(v->comm, "com.apple.Virtualization.VirtualMachine");
}

static void tailscale(void **state)
{
	struct evw *w = *state;
	const struct ifw_iface_analysis *ia = evw_ia(w, "utun2");
	const struct ifw_finding *v = evw_verdict(w, "utun2");
	if (!v)
		evw_dump(w, "utun2");
	assert_non_null(v);
	assert_string_equal(ia->category, "mesh-vpn");
	evw_contains(v->claim, "Tailscale");
	evw_contains(v->claim, "41641");
	assert_int_equal(ia->holders.n, 1);
	assert_int_equal(w->m.procs.v[ia->holders.v[0].proc].pid, 612);
	const struct ifw_finding *m = evw_finding(w, "utun2", "attr.mtu-fingerprint");
	assert_non_null(m);
	evw_contains(m->claim, "Tailscale");
}

static void apple_and_vm_interfaces(void **state)
{
	struct evw *w = *state;
	assert_string_equal(evw_ia(w, "awdl0")->category, "apple-p2p");
	assert_string_equal(evw_ia(w, "llw0")->category, "apple-p2p");
	assert_string_equal(evw_ia(w, "bridge100")->category, "vm");
	evw_contains(evw_ia(w, "bridge100")->verdict_text, "vmenet0");
	assert_string_equal(evw_ia(w, "vmenet0")->category, "vm");
	assert_string_equal(evw_ia(w, "bridge0")->category, "bridge");
	assert_string_equal(evw_ia(w, "lo0")->category, "loopback");
	const struct ifw_finding *ids = evw_finding(w, "utun0", "attr.mtu-fingerprint");
	assert_non_null(ids);
	evw_contains(ids->claim, "identityservicesd");
}

/* The OpenVPN client's utun: openvpn (pid 733) binds nothing on the tunnel's address, so the
 * socket rule has no candidate. The facts are all there: its UDP socket is connected to
 * 198.51.100.20:1194 (OpenVPN's port), a host route sends 198.51.100.20 out through en0, and
 * 0/1 and 128.0/1 point into utun3 through its peer 10.8.0.5. */
static void openvpn_facts(void **state)
{
	struct evw *w = *state;
	ifw_id s = evw_socket(w, IFW_P_UDP, 52713, "192.168.1.23");
	assert_int_not_equal(s, IFW_NOID);
	assert_int_equal(w->m.procs.v[evw_socket_proc(w, s)].pid, 733);
	assert_string_equal(w->m.procs.v[evw_socket_proc(w, s)].comm, "openvpn");
	assert_int_equal(w->m.ifaces.v[evw_iface(w, "utun3")].sockets.n, 0);
}

/* The unified log names the process that created a utun, in each of its three line styles; the
 * last creation of a name counts, and the log's other lines are read, not skipped. */
static void unified_log(void **state)
{
	(void)state;
	struct evw *w = evw_load("macos/unified-log.txt");
	assert_int_equal(w->m.logcreates.n, 3);
	assert_string_equal(w->m.logcreates.v[0].comm, "identityservicesd");
	assert_int_equal(w->m.logcreates.v[0].pid, 412); /* compact: name[pid:tid] */
	assert_int_equal(w->m.logcreates.v[1].pid, 412); /* default: the PID column */
	assert_string_equal(w->m.logcreates.v[1].ifname, "utun7");
	assert_int_equal(w->m.logcreates.v[2].pid, -1); /* message only */
	assert_int_equal(w->m.skipped_lines, 4);        /* the fixture's four comment lines */
	const struct ifw_finding *f6 = evw_finding(w, "utun6", "log.created");
	assert_non_null(f6);
	evw_contains(f6->claim, "identityservicesd");
	evw_contains(f6->claim, "system log");
	const struct ifw_finding *f7 = evw_finding(w, "utun7", "log.created");
	assert_non_null(f7);
	evw_contains(f7->claim, "pid 412");
	evw_contains(f7->claim, "2025-04-14 10:02:11");
	assert_null(evw_finding(w, "utun5", "log.created")); /* "utun5 is up" made nothing */
	evw_free(w);
}

/* ifconfig -v's network agents: NetworkExtension's VPN agent names the VPN configuration and
 * wins over Skywalk's generic ones; an Apple domain's agent is an Apple service; the effective
 * interface is kept. */
static void network_agents(void **state)
{
	(void)state;
	struct evw *w = evw_load("macos/ifconfig-v-agents.txt");
	const struct ifw_iface *u6 = &w->m.ifaces.v[evw_iface(w, "utun6")];
	assert_string_equal(u6->agent_domain, "NetworkExtension");
	assert_string_equal(u6->agent_type, "VPN");
	assert_string_equal(u6->agent_desc, "VPN: Tailscale 3");
	assert_string_equal(u6->effective_ifname, "en0");
	assert_string_equal(evw_verdict(w, "utun6")->rule, "agent.vpn");
	evw_contains(evw_ia(w, "utun6")->verdict_text, "\"Tailscale 3\"");
	assert_string_equal(evw_ia(w, "utun6")->category, "vpn");
	/* the knowledge names rapportd's agent; the structural reading stays as a finding */
	assert_string_equal(evw_verdict(w, "utun1")->rule, "ifgroups.agent");
	assert_non_null(evw_finding(w, "utun1", "agent.apple"));
	assert_null(w->m.ifaces.v[evw_iface(w, "utun2")].agent_domain); /* Skywalk only */
	assert_null(evw_finding(w, "utun2", "agent.vpn"));
	evw_free(w);
}

/* scutil --dns: a resolver scoped to a utun says which organization's names go through it; the
 * card's resolver says nothing of the card. MTU 1400 is a hint, not GlobalProtect's fingerprint. */
static void scoped_dns(void **state)
{
	(void)state;
	struct evw *w = evw_load("macos/scutil-dns.txt");
	const struct ifw_iface *u = &w->m.ifaces.v[evw_iface(w, "utun4")];
	assert_string_equal(u->dns_domain, "corp.example.com");
	assert_true(u->dns_has_server);
	assert_string_equal(evw_verdict(w, "utun4")->rule, "dns.scoped");
	evw_contains(evw_ia(w, "utun4")->verdict_text, "corp.example.com");
	assert_null(evw_finding(w, "en0", "dns.scoped"));
	const struct ifw_finding *m = evw_finding(w, "utun4", "attr.mtu-fingerprint");
	assert_non_null(m);
	assert_true(m->confidence < 50);
	evw_contains(m->claim, "perhaps");
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(host),
	    cmocka_unit_test(interfaces_merged),
	    cmocka_unit_test(hardware_ports_and_bridges),
	    cmocka_unit_test(routes),
	    cmocka_unit_test(sockets_merged),
	    cmocka_unit_test(processes),
	    cmocka_unit_test(tailscale),
	    cmocka_unit_test(apple_and_vm_interfaces),
	    cmocka_unit_test(openvpn_facts),
	    cmocka_unit_test(unified_log),
	    cmocka_unit_test(network_agents),
	    cmocka_unit_test(scoped_dns),
	};
	return cmocka_run_group_tests_name("macos", tests, setup, teardown);
}
