/* The twenty-first hostile-input pass (tests/fixtures/evidence/hostile21, its reproducers): an
 * `ip addr` listing of lo, enp3s0 and a tun0 no process holds, and a tail an outsider writes --
 * SSIDs shaped as other commands' rows under nmcli, a commit message under git log, a process's
 * arguments under pgrep, a packet's payload under a capture spelled twenty ways or typed bare,
 * any user's log lines in macOS's, tailscaled's and VMware's words, an lsof row of another
 * system. None may make a verdict likely or certain: every interface but lo stays at "possible"
 * at most, and no creator is named surely. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void nothing_sure(void **state)
{
	(void)state;
	DIR *d = opendir(FIXTURES "/hostile21");
	assert_non_null(d);
	char *names[128];
	size_t n = 0;
	for (struct dirent *e; (e = readdir(d)) && n < 128;) {
		size_t len = strlen(e->d_name);
		if (len > 4 && strcmp(e->d_name + len - 4, ".txt") == 0)
			names[n++] = strdup(e->d_name);
	}
	closedir(d);
	assert_true(n >= 30);
	qsort(names, n, sizeof(names[0]), by_name);
	for (size_t i = 0; i < n; i++) {
		char rel[256];
		snprintf(rel, sizeof(rel), "hostile21/%s", names[i]);
		struct evw *w = evw_load(rel);
		for (size_t k = 0; k < w->m.ifaces.n; k++) {
			const char *nm = w->m.ifaces.v[k].name;
			if (!nm || strcmp(nm, "lo") == 0)
				continue;
			const struct ifw_finding *v = evw_verdict(w, nm);
			bool sure =
			    evw_sure_creator(w, nm) || (v && v->confidence >= IFW_CONF_LIKELY);
			if (sure)
				print_message("%s: %s: %s\n", names[i], nm, v ? v->claim : "?");
			assert_false(sure);
			/* a route row cut before its Iface takes no word after a blank line */
			assert_string_not_equal(nm, "Thanks");
		}
		/* any user's macOS-worded log lines turn no Linux paste into a Mac's */
		if (strstr(names[i], "nevirtual"))
			assert_string_equal(w->m.os, "linux");
		evw_free(w);
		free(names[i]);
	}
}

/* `ifup -v` prints the commands its stanza's methods run: ifupdown's, not the person's typing
 * (made by hand, likely, before); without -v the next command-shaped line is typed. */
static void ifup_verbose_echoes(void **state)
{
	(void)state;
	static const char *const forms[] = {"ifup -v br0", "sudo ifup --verbose br0", "ifup -av"};
	for (size_t i = 0; i < 3; i++) {
		char buf[512];
		snprintf(buf, sizeof(buf),
		         "root@host:~# %s\n"
		         "ifup: configuring interface br0=br0 (inet)\n"
		         "ip link add br0 type bridge\n"
		         "ip addr add 192.0.2.10/24 dev br0\n"
		         "root@host:~# ip -br link\n"
		         "br0              UP             02:00:00:00:00:10 "
		         "<BROADCAST,MULTICAST,UP,LOWER_UP>\n",
		         forms[i]);
		struct evw *w = evw_text(buf, "ifup.txt");
		evw_analyze(w);
		assert_null(evw_finding(w, "br0", "typed.made"));
		const struct ifw_finding *fi = evw_finding(w, "br0", "echo.made");
		assert_non_null(fi);
		evw_contains(fi->claim, "ifup");
		evw_free(w);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(nothing_sure),
	    cmocka_unit_test(ifup_verbose_echoes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
