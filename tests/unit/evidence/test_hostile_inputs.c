/* Hostile inputs (the tenth pass of docs/ROBUSTNESS.md): text that any local user can put into a
 * paste handed to root, read so that it makes no confident creator. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

#define TREE_MID  "\xe2\x94\x9c\xe2\x94\x80" /* ├─ */
#define TREE_LAST "\xe2\x94\x94\xe2\x94\x80" /* └─ */
#define TREE_BAR  "\xe2\x94\x82"             /* │ */

static const char wg0_link[] =
    "4: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue state UNKNOWN "
    "group default qlen 1000\n"
    "    link/none \n"
    "    wireguard addrgenmode none numtxqueues 1 numrxqueues 1\n";

/* `systemctl status` (the whole tree) lists every user's session processes without their user:
 * one in a user's slice is not taken for root's, whatever its command line names; a service's
 * still is. */
static void user_slice_process_makes_nothing(void **state)
{
	(void)state;
	char buf[4096];
	snprintf(buf, sizeof(buf),
	         "%s\n"
	         "   CGroup: /\n"
	         "           " TREE_MID "user.slice\n"
	         "           " TREE_BAR " " TREE_LAST "user-1000.slice\n"
	         "           " TREE_BAR "   " TREE_LAST "session-3.scope\n"
	         "           " TREE_BAR "     " TREE_MID "1511 -bash\n"
	         "           " TREE_BAR "     " TREE_LAST "1600 sleep 1000 wg0\n"
	         "           " TREE_LAST "system.slice\n"
	         "             " TREE_LAST "cron.service\n"
	         "               " TREE_LAST "650 /usr/sbin/cron -f\n",
	         wg0_link);
	struct evw *w = evw_text(buf, "status.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "wg0", "cmdline.names-it"));
	evw_free(w);

	/* one unit's status: its CGroup line says the slice */
	snprintf(buf, sizeof(buf),
	         "%s\n"
	         "\xe2\x97\x8f session-3.scope - Session 3 of User alice\n"
	         "     CGroup: /user.slice/user-1000.slice/session-3.scope\n"
	         "             " TREE_LAST "1600 sleep 1000 wg0\n",
	         wg0_link);
	w = evw_text(buf, "status.txt");
	evw_analyze(w);
	assert_null(evw_finding(w, "wg0", "cmdline.names-it"));
	evw_free(w);

	/* after the user's slice, a service of the system's is read as before */
	snprintf(buf, sizeof(buf),
	         "%s\n"
	         "   CGroup: /\n"
	         "           " TREE_MID "user.slice\n"
	         "           " TREE_BAR " " TREE_LAST "user-1000.slice\n"
	         "           " TREE_BAR "   " TREE_LAST "session-3.scope\n"
	         "           " TREE_BAR "     " TREE_LAST "1511 -bash\n"
	         "           " TREE_LAST "system.slice\n"
	         "             " TREE_LAST "wg-keeper.service\n"
	         "               " TREE_LAST "700 /usr/local/bin/wg-keeper --dev wg0\n",
	         wg0_link);
	w = evw_text(buf, "status.txt");
	evw_analyze(w);
	assert_true(evw_finding_has_proc(w, evw_finding(w, "wg0", "cmdline.names-it"), 700));
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(user_slice_process_makes_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
