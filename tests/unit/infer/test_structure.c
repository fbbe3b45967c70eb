/* Verdicts from structure: a holder no knowledge names, read from what it holds and talks to;
 * leftovers; holders in other namespaces; the headline as the best explanation. Each rule has
 * its near-miss: the structure without the far end, a listening-only holder, a far end on this
 * host, a far end that belongs to another process, a holder that is running. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "world.h"

#include <net/if.h>
#include <netinet/tcp.h>

static const char *text(const struct ifw_iface_analysis *ia)
{
	return ia->verdict_text ? ia->verdict_text : "";
}

static void contains(const char *s, const char *part)
{
	if (!strstr(s, part))
		fail_msg("\"%s\" does not contain \"%s\"", s, part);
}

/* A TUN held by a program nobody listed, with one TCP connection to a far host. */
static struct w *vpnd_world(ifw_id *tun, ifw_id *p)
{
	struct w *w = world("linux");
	ifw_id eth = iface(w, 0, "eth0", NULL, 0);
	addr(w, eth, "192.0.2.10", 24);
	*tun = iface(w, 0, "tun5", "tun", IFF_POINTOPOINT);
	w->m.ifaces.v[*tun].info.tun_type = IFW_TUN_TUN;
	addr(w, *tun, "198.51.100.5", 32);
	*p = proc(w, 812, "vpnd", 0);
	tunfd(w, *p, *tun);
	return w;
}

static void test_one_far_end(void **state)
{
	(void)state;
	ifw_id tun, p;
	struct w *w = vpnd_world(&tun, &p);
	sock(w, p, IFW_P_TCP, "192.0.2.10", 51000, "203.0.113.2", 8443);
	const struct ifw_iface_analysis *ia = analyze(w, tun);
	assert_string_equal(verdict_rule(ia), "tunnel.shape-one");
	contains(text(ia), "vpnd (pid 812)");
	contains(text(ia), "203.0.113.2");
	contains(text(ia), "TCP 8443");
	/* Structure alone is at most likely. */
	assert_true(ia->confidence >= IFW_CONF_LIKELY && ia->confidence < IFW_CONF_CERTAIN);
	assert_int_equal(ia->peers.n, 1);
	done(w);
}

static void test_no_far_end(void **state)
{
	(void)state;
	ifw_id tun, p;
	struct w *w = vpnd_world(&tun, &p);
	const struct ifw_iface_analysis *ia = analyze(w, tun);
	assert_string_equal(verdict_rule(ia), "tunnel.shape-local");
	assert_true(ia->confidence < IFW_CONF_LIKELY);
	assert_int_equal(ia->peers.n, 0);
	contains(text(ia), "no network socket");
	done(w);
}

static void test_listening_only(void **state)
{
	(void)state;
	ifw_id tun, p;
	struct w *w = vpnd_world(&tun, &p);
	sock(w, p, IFW_P_TCP, "0.0.0.0", 8443, NULL, 0);
	const struct ifw_iface_analysis *ia = analyze(w, tun);
	assert_string_equal(verdict_rule(ia), "tunnel.shape-server");
	contains(text(ia), "listening on TCP 8443");
	assert_true(ia->confidence < IFW_CONF_LIKELY);
	assert_int_equal(ia->peers.n, 0);
	done(w);
}

static void test_accepted_side_names_its_service_port(void **state)
{
	(void)state;
	ifw_id tun, p;
	struct w *w = vpnd_world(&tun, &p);
	sock(w, p, IFW_P_TCP, "192.0.2.10", 8443, "203.0.113.2", 44920);
	const struct ifw_iface_analysis *ia = analyze(w, tun);
	contains(text(ia), "TCP 8443");
	contains(text(ia), "its client");
	assert_null(strstr(text(ia), "44920"));
	done(w);
}

static void test_mesh(void **state)
{
	(void)state;
	ifw_id tun, p;
	struct w *w = vpnd_world(&tun, &p);
	sock(w, p, IFW_P_UDP, "192.0.2.10", 51900, "203.0.113.2", 51900);
	sock(w, p, IFW_P_UDP, "192.0.2.10", 51900, "203.0.113.3", 51900);
	sock(w, p, IFW_P_UDP, "192.0.2.10", 51900, "198.51.100.77", 51900);
	const struct ifw_iface_analysis *ia = analyze(w, tun);
	assert_string_equal(verdict_rule(ia), "tunnel.shape-mesh");
	contains(text(ia), "3 far ends");
	contains(text(ia), "UDP 51900");
	done(w);
}

static void test_far_end_on_this_host_is_no_far_end(void **state)
{
	(void)state;
	ifw_id tun, p;
	struct w *w = vpnd_world(&tun, &p);
	sock(w, p, IFW_P_TCP, "127.0.0.1", 51000, "127.0.0.1", 9000);
	sock(w, p, IFW_P_TCP, "192.0.2.10", 51001, "192.0.2.10", 9001);
	const struct ifw_iface_analysis *ia = analyze(w, tun);
	assert_string_equal(verdict_rule(ia), "tunnel.shape-local");
	assert_int_equal(ia->peers.n, 0);
	done(w);
}

static void test_other_process_connection_is_not_the_tunnel(void **state)
{
	(void)state;
	ifw_id tun, p;
	struct w *w = vpnd_world(&tun, &p);
	ifw_id curl = proc(w, 900, "curl", 0);
	sock(w, curl, IFW_P_TCP, "192.0.2.10", 51000, "203.0.113.9", 443);
	const struct ifw_iface_analysis *ia = analyze(w, tun);
	assert_null(strstr(text(ia), "203.0.113.9"));
	assert_int_equal(ia->peers.n, 0);
	done(w);
}

static void test_ssl_vpn_with_dtls(void **state)
{
	(void)state;
	ifw_id tun, p;
	struct w *w = vpnd_world(&tun, &p);
	sock(w, p, IFW_P_TCP, "192.0.2.10", 51000, "203.0.113.2", 443);
	sock(w, p, IFW_P_UDP, "192.0.2.10", 51001, "203.0.113.2", 443);
	const struct ifw_iface_analysis *ia = analyze(w, tun);
	contains(text(ia), "SSL VPN");
	contains(text(ia), "DTLS");
	done(w);
}

static void test_holder_in_other_namespace(void **state)
{
	(void)state;
	struct w *w = world("linux");
	ifw_id child = add_ns(w, "child", 2);
	ifw_id tap = iface(w, child, "tap0", "tun", 0);
	w->m.ifaces.v[tap].info.tun_type = IFW_TUN_TAP;
	ifw_id helper = proc(w, 500, "netrelay", 0);
	proc(w, 501, "app", child);
	tunfd(w, helper, tap);
	const struct ifw_iface_analysis *ia = analyze(w, tap);
	assert_string_equal(verdict_rule(ia), "tun.netns-helper");
	contains(text(ia), "namespace child");
	contains(text(ia), "netrelay (pid 500)");
	contains(text(ia), "app (pid 501)");
	assert_true(ia->confidence < IFW_CONF_CERTAIN);
	done(w);
}

static void test_persistent_tap_leftover(void **state)
{
	(void)state;
	struct w *w = world("linux");
	ifw_id tap = iface(w, 0, "tap9", "tun", 0);
	w->m.ifaces.v[tap].info.tun_type = IFW_TUN_TAP;
	w->m.ifaces.v[tap].info.tun_persist = true;
	const struct ifw_iface_analysis *ia = analyze(w, tap);
	assert_string_equal(verdict_rule(ia), "leftover.persistent-tun");
	assert_string_equal(ia->category, "leftover");
	bool cmd = false;
	for (size_t i = 0; i < ia->next_steps.n; i++)
		cmd |= strstr(ia->next_steps.v[i], "ip tuntap del dev tap9 mode tap") != NULL;
	assert_true(cmd);
	done(w);
}

static void test_persistent_tap_hostile_name(void **state)
{
	(void)state;
	/* Any user may name a tun in a namespace of their own so (dev_valid_name allows it):
	 * the suggested command must not run what the name says. */
	struct w *w = world("linux");
	ifw_id tap = iface(w, 0, "$(reboot)'x", "tun", 0);
	w->m.ifaces.v[tap].info.tun_type = IFW_TUN_TAP;
	w->m.ifaces.v[tap].info.tun_persist = true;
	const struct ifw_iface_analysis *ia = analyze(w, tap);
	assert_string_equal(verdict_rule(ia), "leftover.persistent-tun");
	bool cmd = false;
	for (size_t i = 0; i < ia->next_steps.n; i++)
		cmd |= strstr(ia->next_steps.v[i],
		              "`ip tuntap del dev '$(reboot)'\\''x' mode tap`") != NULL;
	assert_true(cmd);
	done(w);
}

static void test_persistent_tap_held_is_no_leftover(void **state)
{
	(void)state;
	struct w *w = world("linux");
	ifw_id tap = iface(w, 0, "tap9", "tun", 0);
	w->m.ifaces.v[tap].info.tun_type = IFW_TUN_TAP;
	w->m.ifaces.v[tap].info.tun_persist = true;
	tunfd(w, proc(w, 77, "qemu-system-x86", 0), tap);
	const struct ifw_iface_analysis *ia = analyze(w, tap);
	assert_false(has_rule(ia, "leftover.persistent-tun"));
	done(w);
}

static void test_no_leftover_without_seeing_every_process(void **state)
{
	(void)state;
	struct w *w = world("linux");
	w->m.all_procs_visible = false; /* inside a container: the host's daemons are unseen */
	ifw_id tap = iface(w, 0, "tap9", "tun", 0);
	w->m.ifaces.v[tap].info.tun_persist = true;
	ifw_id br = iface(w, 0, "docker0", "bridge", 0);
	analyze(w, tap);
	assert_false(has_rule(&w->a.ifaces[tap], "leftover.persistent-tun"));
	assert_false(has_rule(&w->a.ifaces[br], "leftover.creator-gone"));
	done(w);
}

static void test_veth_into_empty_namespace(void **state)
{
	(void)state;
	struct w *w = world("linux");
	ifw_id ns = add_ns(w, "old", 3);
	ifw_id a = iface(w, 0, "veth-a", "veth", 0);
	ifw_id b = iface(w, ns, "veth-b", "veth", 0);
	w->m.ifaces.v[a].link_ns = ns;
	w->m.ifaces.v[a].link = b;
	const struct ifw_iface_analysis *ia = analyze(w, a);
	assert_string_equal(verdict_rule(ia), "leftover.empty-namespace");
	contains(text(ia), "leftover");
	assert_true(ia->confidence < IFW_CONF_LIKELY);
	done(w);
}

static void test_veth_into_lived_namespace_is_no_leftover(void **state)
{
	(void)state;
	struct w *w = world("linux");
	ifw_id ns = add_ns(w, "web", 3);
	ifw_id a = iface(w, 0, "veth-a", "veth", 0);
	ifw_id b = iface(w, ns, "veth-b", "veth", 0);
	w->m.ifaces.v[a].link_ns = ns;
	w->m.ifaces.v[a].link = b;
	proc(w, 321, "nginx", ns);
	const struct ifw_iface_analysis *ia = analyze(w, a);
	assert_string_equal(verdict_rule(ia), "veth.netns");
	contains(text(ia), "nginx (pid 321)");
	done(w);
}

static void test_container_bridge_runtime_gone_or_running(void **state)
{
	(void)state;
	struct w *w = world("linux");
	ifw_id br = iface(w, 0, "docker0", "bridge", 0);
	const struct ifw_iface_analysis *ia = analyze(w, br);
	assert_string_equal(verdict_rule(ia), "leftover.creator-gone");
	contains(text(ia), "not running");
	done(w);

	w = world("linux");
	br = iface(w, 0, "docker0", "bridge", 0);
	proc(w, 311, "dockerd", 0);
	ia = analyze(w, br);
	assert_true(has_rule(ia, "leftover.creator-running"));
	assert_false(has_rule(ia, "leftover.creator-gone"));
	done(w);
}

static void test_offline_headline_is_best_explanation(void **state)
{
	(void)state;
	struct w *w = world("darwin");
	w->m.source = IFW_SRC_EVIDENCE;
	ifw_id ipsec = iface(w, 0, "ipsec0", NULL, IFF_POINTOPOINT | IFF_RUNNING | IFF_MULTICAST);
	w->m.ifaces.v[ipsec].mtu = 50000;
	const struct ifw_iface_analysis *ia = analyze(w, ipsec);
	assert_true(ia->confidence >= IFW_CONF_LIKELY);
	contains(text(ia), "CommCenter");
	assert_string_equal(ia->category, "telephony");
	assert_null(strstr(text(ia), "unknown"));
	done(w);
}

static void test_router_said_once(void **state)
{
	(void)state;
	struct w *w = world("linux");
	w->m.netns.v[0].ip_forward = 1;
	ifw_id a = iface(w, 0, "eth0", NULL, 0);
	ifw_id b = iface(w, 0, "eth1", NULL, 0);
	addr(w, a, "192.0.2.1", 24);
	addr(w, b, "198.51.100.1", 24);
	const struct ifw_iface_analysis *ia = analyze(w, a);
	assert_non_null(w->a.ns_role[0]);
	contains(w->a.ns_role[0], "router");
	assert_null(strstr(text(ia), "rout"));
	assert_null(strstr(text(&w->a.ifaces[b]), "rout"));
	done(w);
}

static void test_address_plans(void **state)
{
	(void)state;
	struct w *w = world("linux");
	w->m.source = IFW_SRC_EVIDENCE;
	/* A default that people also pick by hand is only a hint: never a verdict alone. */
	ifw_id lan = iface(w, 0, "foo0", NULL, 0);
	addr(w, lan, "192.168.77.1", 24);
	/* A distinctive default is a possible explanation by itself. */
	ifw_id pod = iface(w, 0, "bar0", NULL, 0);
	addr(w, pod, "10.88.0.1", 16);
	analyze(w, lan);
	const struct ifw_iface_analysis *ia = &w->a.ifaces[lan];
	assert_true(has_rule(ia, "addrplan.weak"));
	assert_true(ia->confidence < IFW_CONF_POSSIBLE);
	assert_int_equal(ia->verdict, -1);
	ia = &w->a.ifaces[pod];
	assert_string_equal(verdict_rule(ia), "addrplan.medium");
	assert_string_equal(ia->category, "container");
	assert_true(ia->confidence < IFW_CONF_LIKELY);
	done(w);
}

static void test_command_line_names_the_device(void **state)
{
	(void)state;
	struct w *w = world("linux");
	w->m.source = IFW_SRC_EVIDENCE; /* saved ps and ss: no tun fds */
	ifw_id eth = iface(w, 0, "eth0", NULL, 0);
	w->m.ifaces.v[eth].bus_info = "0000:00:03.0";
	addr(w, eth, "192.0.2.10", 24);
	ifw_id tun = iface(w, 0, "tun0", "tun", IFF_POINTOPOINT);
	addr(w, tun, "198.51.100.9", 32);
	ifw_id ovpn = proc(w, 812, "openvpn", 0);
	w->m.procs.v[ovpn].cmdline = "/usr/sbin/openvpn --config client.conf --dev tun0";
	ifw_id dhc = proc(w, 400, "dhclient", 0);
	w->m.procs.v[dhc].cmdline = "dhclient -v eth0";
	sock(w, ovpn, IFW_P_UDP, "192.0.2.10", 41000, "203.0.113.5", 1194);
	const struct ifw_iface_analysis *ia = analyze(w, tun);
	assert_true(has_rule(ia, "cmdline.names-it"));
	contains(text(ia), "OpenVPN");
	contains(text(ia), "203.0.113.5");
	assert_true(ia->confidence >= IFW_CONF_LIKELY && ia->confidence < IFW_CONF_CERTAIN);
	/* Near-miss: a card that a DHCP client names is used by it, not made by it. */
	assert_false(has_rule(&w->a.ifaces[eth], "cmdline.names-it"));
	done(w);
}

/* Any user can start a program whose command line names root's interface (`sleep 1000 wg0`):
 * live, a process of another uid in the host namespace could not have made a link there, so it
 * is not named (it was, "most likely made it", and beside the real maker it turned the answer
 * into "any may have made it"). */
static void test_user_command_line_is_no_maker(void **state)
{
	(void)state;
	struct w *w = world("linux");
	w->m.source = IFW_SRC_LIVE;
	ifw_id wg = iface(w, 0, "wg0", "wireguard", IFF_POINTOPOINT);
	ifw_id decoy = proc(w, 4242, "sleep", 0);
	w->m.procs.v[decoy].cmdline = "sleep 1000 wg0";
	w->m.procs.v[decoy].has_uid = true;
	w->m.procs.v[decoy].uid = 65534;
	const struct ifw_iface_analysis *ia = analyze(w, wg);
	assert_false(has_rule(ia, "cmdline.names-it"));
	assert_false(has_rule(ia, "cmdline.several"));
	done(w);

	w = world("linux");
	w->m.source = IFW_SRC_LIVE;
	wg = iface(w, 0, "wg0", "wireguard", IFF_POINTOPOINT);
	decoy = proc(w, 4242, "sleep", 0);
	w->m.procs.v[decoy].cmdline = "sleep 1000 wg0";
	w->m.procs.v[decoy].has_uid = true;
	w->m.procs.v[decoy].uid = 65534;
	ifw_id wq = proc(w, 900, "wg-quick", 0);
	w->m.procs.v[wq].cmdline = "/bin/bash /usr/bin/wg-quick up wg0";
	w->m.procs.v[wq].has_uid = true;
	w->m.procs.v[wq].uid = 0;
	ia = analyze(w, wg);
	assert_true(has_rule(ia, "cmdline.names-it"));
	assert_false(has_rule(ia, "cmdline.several"));
	contains(text(ia), "wg-quick");
	done(w);
}

static void test_two_command_lines_stay_open(void **state)
{
	(void)state;
	struct w *w = world("linux");
	w->m.source = IFW_SRC_EVIDENCE;
	ifw_id tun = iface(w, 0, "tun0", "tun", IFF_POINTOPOINT);
	ifw_id a = proc(w, 10, "vpnd", 0), b = proc(w, 11, "watcher", 0);
	ifw_id o = proc(w, 12, "other", 0);
	w->m.procs.v[a].cmdline = "vpnd -i tun0";
	w->m.procs.v[b].cmdline = "watcher --iface=tun0";
	w->m.procs.v[o].cmdline = "other --dev mytun0x"; /* inside another word: no mention */
	const struct ifw_iface_analysis *ia = analyze(w, tun);
	assert_true(has_rule(ia, "cmdline.several"));
	assert_false(has_rule(ia, "cmdline.names-it"));
	assert_int_equal(ia->holders.n, 0);
	done(w);
}

static void test_candidates_stay_hints(void **state)
{
	(void)state;
	struct w *w = world("linux");
	ifw_id br = iface(w, 0, "mybr", "bridge", 0);
	ifw_id vx = iface(w, 0, "vx9", "vxlan", 0);
	proc(w, 311, "dockerd", 0);
	const struct ifw_iface_analysis *ia = analyze(w, br);
	assert_true(has_rule(ia, "candidates.one"));
	assert_true(ia->verdict < 0 || strcmp(verdict_rule(ia), "candidates.one") != 0);
	for (size_t i = 0; i < ia->findings.n; i++)
		if (strcmp(ia->findings.v[i]->rule, "candidates.one") == 0)
			assert_true(ia->findings.v[i]->confidence < IFW_CONF_POSSIBLE);
	/* dockerd does not make VXLAN devices: no candidate there. */
	assert_false(has_rule(&w->a.ifaces[vx], "candidates.one"));
	done(w);
}

static void route(struct w *w, ifw_id dev, const char *dst, uint8_t len)
{
	struct ifw_route *r = ifw_model_add_route(&w->m, 0);
	ifw_ip_parse(dst, &r->dst);
	r->family = r->dst.family;
	r->dst_len = len;
	r->table = IFW_TABLE_MAIN;
	r->oif = w->m.ifaces.v[dev].ifindex;
}

static void test_full_tunnel_routes(void **state)
{
	(void)state;
	struct w *w = world("darwin");
	w->m.source = IFW_SRC_EVIDENCE; /* a pasted netstat -rn */
	ifw_id split = iface(w, 0, "utun3", NULL, IFF_POINTOPOINT);
	ifw_id half = iface(w, 0, "utun4", NULL, IFF_POINTOPOINT);
	ifw_id en0 = iface(w, 0, "en0", NULL, 0);
	route(w, split, "0.0.0.0", 1);
	route(w, split, "128.0.0.0", 1);
	route(w, half, "0.0.0.0", 1); /* one half only: not the whole address space */
	route(w, en0, "0.0.0.0", 0);  /* the default route on a card says nothing of VPNs */
	analyze(w, split);
	assert_true(has_rule(&w->a.ifaces[split], "routes.full-tunnel"));
	assert_string_equal(w->a.ifaces[split].category, "vpn");
	assert_true(w->a.ifaces[split].confidence < IFW_CONF_LIKELY);
	assert_false(has_rule(&w->a.ifaces[half], "routes.full-tunnel"));
	assert_false(has_rule(&w->a.ifaces[en0], "routes.full-tunnel"));
	done(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_one_far_end),
	    cmocka_unit_test(test_persistent_tap_hostile_name),
	    cmocka_unit_test(test_no_far_end),
	    cmocka_unit_test(test_listening_only),
	    cmocka_unit_test(test_accepted_side_names_its_service_port),
	    cmocka_unit_test(test_mesh),
	    cmocka_unit_test(test_far_end_on_this_host_is_no_far_end),
	    cmocka_unit_test(test_other_process_connection_is_not_the_tunnel),
	    cmocka_unit_test(test_ssl_vpn_with_dtls),
	    cmocka_unit_test(test_holder_in_other_namespace),
	    cmocka_unit_test(test_persistent_tap_leftover),
	    cmocka_unit_test(test_persistent_tap_held_is_no_leftover),
	    cmocka_unit_test(test_no_leftover_without_seeing_every_process),
	    cmocka_unit_test(test_veth_into_empty_namespace),
	    cmocka_unit_test(test_veth_into_lived_namespace_is_no_leftover),
	    cmocka_unit_test(test_container_bridge_runtime_gone_or_running),
	    cmocka_unit_test(test_offline_headline_is_best_explanation),
	    cmocka_unit_test(test_router_said_once),
	    cmocka_unit_test(test_address_plans),
	    cmocka_unit_test(test_command_line_names_the_device),
	    cmocka_unit_test(test_two_command_lines_stay_open),
	    cmocka_unit_test(test_user_command_line_is_no_maker),
	    cmocka_unit_test(test_candidates_stay_hints),
	    cmocka_unit_test(test_full_tunnel_routes),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
