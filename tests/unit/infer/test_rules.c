/* Inference rules on synthetic evidence: each rule fires where it should, and near-misses (a
 * name without the kind, SIP without IPsec, IPsec without SIP, a binder of every address) do not.
 */
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
#include <sys/socket.h>

static void test_kernel_fallback(void **state)
{
	(void)state;
	struct w *w = world("linux");
	ifw_id sit = iface(w, 0, "sit0", "sit", IFF_NOARP);
	w->m.ifaces.v[sit].flags &= ~(uint32_t)IFF_UP;
	const struct ifw_iface_analysis *ia = analyze(w, sit);
	assert_string_equal(verdict_rule(ia), "kernel.fallback");
	assert_true(ia->confidence >= 90);
	assert_string_equal(ia->category, "kernel-fallback");
	assert_true(ia->kernel_owned);
	done(w);
}

static void test_fallback_name_on_other_kind(void **state)
{
	(void)state;
	struct w *w = world("linux");
	ifw_id fake = iface(w, 0, "sit0", "dummy", 0);
	const struct ifw_iface_analysis *ia = analyze(w, fake);
	assert_false(has_rule(ia, "kernel.fallback"));
	assert_string_equal(verdict_rule(ia), "stacked.dummy");
	done(w);
}

static void test_fallback_configured(void **state)
{
	(void)state;
	struct w *w = world("linux");
	ifw_id t = iface(w, 0, "tunl0", "ipip", 0);
	addr(w, t, "192.0.2.9", 32);
	const struct ifw_iface_analysis *ia = analyze(w, t);
	assert_string_equal(verdict_rule(ia), "kernel.fallback");
	assert_true(ia->confidence < 70); /* configured: the kernel made it, someone uses it */
	assert_non_null(strstr(ia->verdict_text, "configured"));
	done(w);
}

/* The motivating case on Linux terms: charon holds ipsec0, its SA goes to T-Mobile's ePDG, a
 * SIP client binds the tunnel's address. */
static struct w *wifi_world(const char *peer, const char *holder, bool with_sip, ifw_id *tun)
{
	struct w *w = world("linux");
	ifw_id wlan = iface(w, 0, "wlan0", "veth", 0);
	addr(w, wlan, "192.0.2.10", 24);
	*tun = iface(w, 0, "ipsec0", "tun", IFF_POINTOPOINT | IFF_NOARP);
	w->m.ifaces.v[*tun].mtu = 1400;
	addr(w, *tun, "198.51.100.100", 32);
	ifw_id ch = proc(w, 100, holder, 0);
	tunfd(w, ch, *tun);
	if (strcmp(holder, "openvpn") == 0) {
		sock(w, ch, IFW_P_UDP, "192.0.2.10", 40000, peer, 1194);
	} else {
		sock(w, ch, IFW_P_UDP, "0.0.0.0", 500, NULL, 0);
		sock(w, ch, IFW_P_UDP, "0.0.0.0", 4500, NULL, 0);
		sa(w, ch, "192.0.2.10", peer);
	}
	if (with_sip) {
		ifw_id sip = proc(w, 200, "phone-sip", 0);
		sock(w, sip, IFW_P_UDP, "198.51.100.100", 5060, NULL, 0);
	}
	return w;
}

static void test_wificall_operator(void **state)
{
	(void)state;
	ifw_id tun;
	struct w *w = wifi_world("208.54.40.75", "charon", true, &tun);
	const struct ifw_iface_analysis *ia = analyze(w, tun);
	assert_string_equal(verdict_rule(ia), "wificall.operator");
	assert_non_null(strstr(ia->verdict_text, "T-Mobile"));
	assert_non_null(strstr(ia->verdict_text, "AS21928"));
	assert_non_null(strstr(ia->verdict_text, "Wi-Fi calling"));
	assert_true(ia->confidence >= 90);
	done(w);
}

static void test_wificall_generic_without_operator(void **state)
{
	(void)state;
	ifw_id tun;
	struct w *w = wifi_world("203.0.113.10", "charon", true, &tun);
	const struct ifw_iface_analysis *ia = analyze(w, tun);
	assert_string_equal(verdict_rule(ia), "wificall.generic");
	assert_null(strstr(ia->verdict_text, "T-Mobile"));
	assert_true(ia->confidence < 90); /* no operator: "as used by", not "is" */
	done(w);
}

static void test_ipsec_without_sip_is_no_wificall(void **state)
{
	(void)state;
	ifw_id tun;
	struct w *w = wifi_world("208.54.40.75", "charon", false, &tun);
	const struct ifw_iface_analysis *ia = analyze(w, tun);
	assert_false(has_rule(ia, "wificall.operator"));
	assert_false(has_rule(ia, "wificall.generic"));
	assert_string_equal(verdict_rule(ia), "tunnel.holder");
	assert_non_null(strstr(ia->verdict_text, "strongSwan IPsec tunnel to 208.54.40.75"));
	done(w);
}

static void test_sip_over_openvpn_is_no_wificall(void **state)
{
	(void)state;
	ifw_id tun;
	struct w *w = wifi_world("208.54.40.75", "openvpn", true, &tun);
	const struct ifw_iface_analysis *ia = analyze(w, tun);
	assert_false(has_rule(ia, "wificall.operator"));
	assert_false(has_rule(ia, "wificall.generic"));
	assert_non_null(strstr(ia->verdict_text, "OpenVPN tunnel to 208.54.40.75"));
	assert_non_null(strstr(ia->verdict_text, "SIP")); /* usage still said */
	done(w);
}

/* macOS-style evidence: no tun fds; the creator shows through its sockets. ntpd binds every
 * address and must never be taken for the creator. */
static void test_creator_by_sockets_not_ntpd(void **state)
{
	(void)state;
	struct w *w = world("darwin");
	w->m.source = IFW_SRC_EVIDENCE;
	ifw_id en0 = iface(w, 0, "en0", NULL, 0);
	addr(w, en0, "192.0.2.100", 24);
	ifw_id ip0 = iface(w, 0, "ipsec0", NULL, IFF_POINTOPOINT);
	w->m.ifaces.v[ip0].mtu = 50000;
	addr(w, ip0, "2607:fb90:13c0:e82::", 64);
	ifw_id ntpd = proc(w, 198, "ntpd", 0);
	sock(w, ntpd, IFW_P_UDP, "2607:fb90:13c0:e82::", 123, NULL, 0);
	ifw_id cc = proc(w, 249, "CommCente", 0);
	sock(w, cc, IFW_P_UDP, "192.0.2.100", 500, "208.54.40.75", 500);
	sock(w, cc, IFW_P_UDP, "192.0.2.100", 4500, "208.54.40.75", 4500);
	sock(w, cc, IFW_P_UDP, "2607:fb90:13c0:e82::", 5060, NULL, 0);
	sock(w, cc, IFW_P_TCP, "2607:fb90:13c0:e82::", 5060, NULL, 0);
	const struct ifw_iface_analysis *ia = analyze(w, ip0);
	assert_int_equal(ia->holders.n, 1);
	assert_int_equal(w->m.procs.v[ia->holders.v[0].proc].pid, 249);
	assert_false(ia->holders.v[0].confirmed);
	assert_string_equal(verdict_rule(ia), "wificall.operator");
	assert_non_null(strstr(ia->verdict_text, "T-Mobile"));
	assert_true(has_rule(ia, "attr.mtu-fingerprint")); /* 50000: CommCenter's */
	done(w);
}

static void test_only_ntpd_names_no_creator(void **state)
{
	(void)state;
	struct w *w = world("darwin");
	w->m.source = IFW_SRC_EVIDENCE;
	ifw_id u = iface(w, 0, "utun4", NULL, IFF_POINTOPOINT);
	addr(w, u, "2001:db8::5", 64);
	ifw_id ntpd = proc(w, 198, "ntpd", 0);
	sock(w, ntpd, IFW_P_UDP, "2001:db8::5", 123, NULL, 0);
	const struct ifw_iface_analysis *ia = analyze(w, u);
	assert_int_equal(ia->holders.n, 0);
	for (size_t i = 0; i < ia->findings.n; i++)
		if (ia->findings.v[i]->role == IFW_ROLE_CREATOR)
			assert_null(strstr(ia->findings.v[i]->claim, "ntpd"));
	assert_true(ia->confidence < 70); /* a utun by name only: weak */
	done(w);
}

static void test_two_candidates_stay_open(void **state)
{
	(void)state;
	struct w *w = world("darwin");
	w->m.source = IFW_SRC_EVIDENCE;
	ifw_id u = iface(w, 0, "utun2", NULL, IFF_POINTOPOINT);
	addr(w, u, "198.51.100.2", 32);
	ifw_id a = proc(w, 10, "vpnd-a", 0), b = proc(w, 11, "vpnd-b", 0);
	sock(w, a, IFW_P_TCP, "198.51.100.2", 80, NULL, 0);
	sock(w, a, IFW_P_UDP, "192.0.2.1", 1194, "203.0.113.1", 1194);
	sock(w, b, IFW_P_TCP, "198.51.100.2", 81, NULL, 0);
	sock(w, b, IFW_P_UDP, "192.0.2.1", 51820, "203.0.113.2", 51820);
	const struct ifw_iface_analysis *ia = analyze(w, u);
	assert_int_equal(ia->holders.n, 0); /* no guess between two */
	assert_true(has_rule(ia, "tunnel.socket-creators"));
	done(w);
}

static void test_veth_to_container(void **state)
{
	(void)state;
	struct w *w = world("linux");
	ifw_id ns = add_ns(w, "pid 4242 (nginx)", 77);
	ifw_id v = iface(w, 0, "veth1a2b", "veth", 0);
	ifw_id e = iface(w, ns, "eth0", "veth", 0);
	w->m.ifaces.v[v].link_ifindex = w->m.ifaces.v[e].ifindex;
	w->m.ifaces.v[v].link_nsid = 0;
	w->m.ifaces.v[v].link_ns = ns;
	ifw_id p = proc(w, 4242, "nginx", ns);
	w->m.procs.v[p].container_runtime = "docker";
	w->m.procs.v[p].container_id =
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	const struct ifw_iface_analysis *ia = analyze(w, v);
	assert_string_equal(verdict_rule(ia), "veth.container");
	assert_non_null(strstr(ia->verdict_text, "docker container 0123456789ab"));
	assert_string_equal(ia->category, "container");
	done(w);
}

/* The runtime's own state names the container: the claim says its name, image and Compose
 * project, and where they were read. */
static void test_veth_to_named_container(void **state)
{
	(void)state;
	struct w *w = world("linux");
	ifw_id ns = add_ns(w, "pid 4242 (nginx)", 77);
	ifw_id v = iface(w, 0, "veth1a2b", "veth", 0);
	ifw_id e = iface(w, ns, "eth0", "veth", 0);
	w->m.ifaces.v[v].link_ifindex = w->m.ifaces.v[e].ifindex;
	w->m.ifaces.v[v].link_nsid = 0;
	w->m.ifaces.v[v].link_ns = ns;
	ifw_id p = proc(w, 4242, "nginx", ns);
	struct ifw_process *pr = &w->m.procs.v[p];
	pr->container_runtime = "docker";
	pr->container_id = "a7f5a1359bbc2f0e6a0d3c2b4f1e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f21";
	pr->container_name = "web-1";
	pr->container_image = "nginx:1.25";
	pr->compose_project = "shop";
	pr->container_source = "docker api";
	const struct ifw_iface_analysis *ia = analyze(w, v);
	assert_string_equal(verdict_rule(ia), "veth.container");
	assert_non_null(strstr(ia->verdict_text, "network of docker container web-1 (a7f5a1359bbc, "
	                                         "image nginx:1.25, compose project shop)"));
	done(w);
}

static void test_close_calls_are_both_shown(void **state)
{
	(void)state;
	struct w *w = world("linux");
	ifw_id v = iface(w, 0, "cali12345abcdef", "veth", 0);
	w->m.ifaces.v[v].link_ifindex = 9;
	w->m.ifaces.v[v].link_nsid = 3; /* in a namespace we could not see */
	const struct ifw_iface_analysis *ia = analyze(w, v);
	assert_true(ia->alternatives.n >= 1);
	assert_non_null(strstr(ia->verdict_text, "; or "));
	done(w);
}

static void test_hidden_holder_is_unknown(void **state)
{
	(void)state;
	struct w *w = world("linux");
	w->m.privileged = false;
	ifw_id t = iface(w, 0, "xyz0", "tun", IFF_POINTOPOINT);
	const struct ifw_iface_analysis *ia = analyze(w, t);
	assert_int_equal(ia->verdict, -1);
	assert_string_equal(ia->category, "unknown");
	assert_true(ia->next_steps.n >= 1);
	done(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kernel_fallback),
	    cmocka_unit_test(test_fallback_name_on_other_kind),
	    cmocka_unit_test(test_fallback_configured),
	    cmocka_unit_test(test_wificall_operator),
	    cmocka_unit_test(test_wificall_generic_without_operator),
	    cmocka_unit_test(test_ipsec_without_sip_is_no_wificall),
	    cmocka_unit_test(test_sip_over_openvpn_is_no_wificall),
	    cmocka_unit_test(test_creator_by_sockets_not_ntpd),
	    cmocka_unit_test(test_only_ntpd_names_no_creator),
	    cmocka_unit_test(test_two_candidates_stay_open),
	    cmocka_unit_test(test_veth_to_container),
	    cmocka_unit_test(test_veth_to_named_container),
	    cmocka_unit_test(test_close_calls_are_both_shown),
	    cmocka_unit_test(test_hidden_holder_is_unknown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
