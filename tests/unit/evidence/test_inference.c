/* Verdicts that need more than sockets on the interface's own addresses: tunnels whose creator
 * binds none of them (found through its server's host route), a missing holder worded for saved
 * output, and a veth whose other namespace is not in the evidence (the facts are asserted in
 * test_macos.c and test_linux.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

static int load_macos(void **state)
{
	*state = evw_load("macos/collect.txt");
	return 0;
}

static int load_linux(void **state)
{
	*state = evw_load("linux/collect.txt");
	return 0;
}

static int unload(void **state)
{
	evw_free(*state);
	return 0;
}

static void macos_openvpn_utun(void **state)
{
	struct evw *w = *state;
	const struct ifw_iface_analysis *ia = evw_ia(w, "utun3");
	/* utun3 should be "OpenVPN tunnel to 198.51.100.20 over UDP 1194", made by
	 * openvpn (pid 733). No rule ties a tunnel interface to a process that binds none of its
	 * addresses. The facts a rule could use: openvpn's UDP socket is connected to
	 * 198.51.100.20:1194 (OpenVPN's port), a host route sends 198.51.100.20 out through en0
	 * while 0/1 and 128.0/1 go into utun3 through its peer 10.8.0.5. */
	if (!ia->category || strcmp(ia->category, "vpn") != 0 || !ia->holders.n)
		evw_dump(w, "utun3");
	assert_string_equal(ia->category, "vpn");
	assert_int_equal(ia->holders.n, 1);
	assert_int_equal(w->m.procs.v[ia->holders.v[0].proc].pid, 733);
}

static void linux_openvpn_tun(void **state)
{
	struct evw *w = *state;
	const struct ifw_iface_analysis *ia = evw_ia(w, "tun0");
	/* offline, no tun fd names tun0's holder and openvpn binds none of its
	 * addresses; its UDP socket to 203.0.113.50:1194, the host route to 203.0.113.50 through
	 * eth0 and 0/1 + 128/1 through tun0 say "OpenVPN client". The current verdict also says
	 * "held by a process outside ifwho's view (another PID namespace?)", which is a live-only
	 * explanation. */
	if (!ia->category || strcmp(ia->category, "vpn") != 0)
		evw_dump(w, "tun0");
	for (size_t i = 0; i < ia->findings.n; i++)
		assert_null(strstr(ia->findings.v[i]->claim, "another PID namespace"));
	assert_string_equal(ia->category, "vpn");
	assert_int_equal(ia->holders.n, 1);
	assert_int_equal(w->m.procs.v[ia->holders.v[0].proc].pid, 516);
}

static void linux_docker_veth(void **state)
{
	struct evw *w = *state;
	const struct ifw_iface_analysis *ia = evw_ia(w, "veth3c1e2f7");
	/* the veth's peer namespace is not in the evidence (netns record with
	 * collected = false), yet the claim says "no process lives there"; it is a port of
	 * docker0, so "a Docker container's link" is what the facts support. */
	if (!ia->verdict_text || strstr(ia->verdict_text, "no process lives there"))
		evw_dump(w, "veth3c1e2f7");
	assert_null(strstr(ia->verdict_text, "no process lives there"));
	assert_string_equal(ia->category, "container");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(macos_openvpn_utun, load_macos, unload),
	    cmocka_unit_test_setup_teardown(linux_openvpn_tun, load_linux, unload),
	    cmocka_unit_test_setup_teardown(linux_docker_veth, load_linux, unload),
	};
	return cmocka_run_group_tests_name("inference on evidence", tests, NULL, NULL);
}
