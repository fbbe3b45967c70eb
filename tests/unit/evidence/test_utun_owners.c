/* macOS's lsof rows of utun control sockets ("systm ... [ctl com.apple.net.utun_control id 4
 * unit 4]"): the process holds utun3 (unit N is utun N-1); nesessionmanager holds a VPN app's
 * device for the app (a broker), so the app's extension holding it too is the one named; an
 * Apple daemon's utun is the system's own; a row whose columns are out of place is no holder.
 * psmisc's `fuser -v /dev/net/tun`: its rows are holders of an unnamed tun, as lsof's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

static const char *rows =
    "$ sudo lsof -nP | grep utun_control\n"
    "rapportd    447 mac    9u  systm 0x1c2ad3c9b7d1b1e1      0t0      [ctl "
    "com.apple.net.utun_control id 7 unit 1]\n"
    "nesession   193 root  12u  systm 0x1c2ad3c9b7d1b2e1      0t0      [ctl "
    "com.apple.net.utun_control id 7 unit 3]\n"
    "io.tailsc   543 root   5u  systm 0x1c2ad3c9b7d1b3e1      0t0      [ctl "
    "com.apple.net.utun_control id 7 unit 3]\n"
    "teleprese 71881 root    7u    systm 0x4715bfb02f5e8bd7      0t0                     [ctl "
    "com.apple.net.utun_control id 4 unit 4]\n";

static void control_rows_name_holders(void **state)
{
	(void)state;
	struct evw *w = evw_text(rows, "lsof.txt");
	evw_analyze(w);
	assert_string_equal(w->m.os, "darwin");
	assert_true(evw_has_iface(w, "utun0"));
	assert_true(evw_has_iface(w, "utun2"));
	assert_true(evw_has_iface(w, "utun3"));
	assert_false(evw_has_iface(w, "utun1"));
	assert_false(evw_has_iface(w, "utun4"));
	/* the app's extension, not the broker */
	const struct ifw_finding *v = evw_verdict(w, "utun2");
	assert_non_null(v);
	evw_contains(v->claim, "Tailscale");
	assert_string_equal(evw_ia(w, "utun2")->category, "mesh-vpn");
	/* Apple's own */
	assert_non_null(evw_finding(w, "utun0", "tun.apple"));
	assert_string_equal(evw_ia(w, "utun0")->category, "apple-system");
	/* an unknown holder: held, no more */
	v = evw_verdict(w, "utun3");
	assert_non_null(v);
	evw_contains(v->claim, "teleprese");
	assert_true(v->confidence < IFW_CONF_LIKELY);
	evw_free(w);
}

/* A row whose TYPE is not systm (a file named like a control socket) holds nothing. */
static void file_named_like_a_row(void **state)
{
	(void)state;
	struct evw *w = evw_text("mallory   666 eve    3r   REG 1,4 0t0 12345 [ctl "
	                         "com.apple.net.utun_control id 7 unit 3]\n"
	                         "en0: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> "
	                         "mtu 1500\n",
	                         "lsof.txt");
	evw_analyze(w);
	assert_false(evw_has_iface(w, "utun2"));
	evw_free(w);
}

static void fuser_rows(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "$ sudo fuser -v /dev/net/tun /var/log/syslog\n"
	    "                     USER        PID ACCESS COMMAND\n"
	    "/dev/net/tun:        root       1234 F.... openvpn\n"
	    "/var/log/syslog:     root        777 F.... rsyslogd\n"
	    "$ ip a\n"
	    "5: tun0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc fq_codel state "
	    "UNKNOWN group default qlen 500\n"
	    "    link/none \n"
	    "    inet 10.8.0.2/24 scope global tun0\n",
	    "fuser.txt");
	evw_analyze(w);
	size_t tuns = 0;
	for (size_t i = 0; i < w->m.fdrefs.n; i++)
		tuns += w->m.fdrefs.v[i].type == IFW_FD_TUN;
	assert_int_equal(tuns, 1); /* rsyslogd's file is no tun */
	const struct ifw_finding *fi = evw_finding(w, "tun0", "tun.lsof-unnamed");
	assert_non_null(fi);
	assert_true(fi->confidence < IFW_CONF_LIKELY);
	assert_true(evw_finding_has_proc(w, fi, 1234));
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(control_rows_name_holders),
	    cmocka_unit_test(file_named_like_a_row),
	    cmocka_unit_test(fuser_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
