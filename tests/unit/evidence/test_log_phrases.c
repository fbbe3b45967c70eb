/* The look at train10: `wg show` of several tunnels (p_wg.c) and a WireGuard device whose name
 * the knowledge files as one program's (rule_overlay.c); the phrases programs use for an
 * interface they made ("ap0 created.", "started at utun9", "device ham0 opened") with the
 * time stamps they print (echo.c, p_logmention.c), a module's label that is no program
 * ("tap:", "inbound/tun[0]:"), and sudo's Linux prompt as a sign of the system (paste.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

static const struct ifw_finding *creator(const struct evw *w, const char *iface)
{
	const struct ifw_iface_analysis *ia = evw_ia(w, iface);
	for (size_t i = 0; i < ia->findings.n; i++)
		if (ia->findings.v[i]->role == IFW_ROLE_CREATOR)
			return ia->findings.v[i];
	return NULL;
}

/* A k3s node's two flannel tunnels: both listed, each flanneld's overlay by its name. */
static void wg_show_several(void **state)
{
	(void)state;
	struct evw *w = evw_text("interface: flannel-wg\n"
	                         "  listening port: 51820\n"
	                         "\n"
	                         "peer: Pq1z0iXlzLSm8FYCvFwWDmHaQKG1dCnW8ymJpXrZ+0c=\n"
	                         "  endpoint: 192.0.2.148:51820\n"
	                         "  allowed ips: 10.42.1.0/24\n"
	                         "\n"
	                         "interface: flannel-wg-v6\n"
	                         "  listening port: 51821\n",
	                         "wg.txt");
	evw_analyze(w);
	assert_string_equal(evw_ia(w, "flannel-wg")->category, "overlay");
	assert_string_equal(evw_ia(w, "flannel-wg-v6")->category, "overlay");
	evw_contains(evw_verdict(w, "flannel-wg")->claim, "flanneld");
	evw_free(w);
}

/* create_ap's output under its prompt: ap0 is its creation; sudo's "[sudo] password for"
 * makes the system Linux, so macOS's ap0 (its soft access point) is not read into it. */
static void create_ap_log(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("```\n"
	             "mario@box:~$ sudo create_ap -n wlx54e6fc990ab6 -g 192.168.0.100 AP password\n"
	             "[sudo] password for mario: \n"
	             "Creating a virtual WiFi interface... ap0 created.\n"
	             "Using interface ap0 with hwaddr 54:e6:fc:99:0a:b7 and ssid \"AP\"\n"
	             "```\n",
	             "create_ap.txt");
	evw_analyze(w);
	assert_string_equal(w->m.os, "linux");
	const struct ifw_finding *f = creator(w, "ap0");
	assert_non_null(f);
	evw_contains(f->claim, "create_ap");
	assert_string_not_equal(evw_ia(w, "ap0")->category, "apple-p2p");
	evw_free(w);
}

/* A module's label is no program: Hamachi's "tap:", sing-box's "inbound/tun[0]:". */
static void module_labels(void **state)
{
	(void)state;
	struct evw *w = evw_text("03.10 13:03:35.231 tap: device ham0 opened\n"
	                         "INFO[0000] inbound/tun[0]: started at utun9\n",
	                         "labels.txt");
	evw_analyze(w);
	for (int i = 0; i < 2; i++) {
		const char *name = i ? "utun9" : "ham0";
		const struct ifw_finding *f = creator(w, name);
		if (f) {
			assert_null(strstr(f->claim, "by tap"));
			assert_null(strstr(f->claim, "by tun"));
		}
	}
	/* both read as made by a program (the log's), not only as present */
	assert_non_null(evw_finding(w, "utun9", "log.created-unnamed"));
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(wg_show_several),
	    cmocka_unit_test(create_ap_log),
	    cmocka_unit_test(module_labels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
