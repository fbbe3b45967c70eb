/* Posts of words: a forum post with no command output whose sentences name interfaces
 * (adopted when the knowledge files the name as the system's, else the evidence is
 * unrecognized); the system the sentences name when no output tells it; Markdown's inline
 * code as prose, around a whole command line, and around route rows; a typed command that joins
 * a port to a bridge (`brctl addif br0 tap0`); a person's list of names and labels. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "collect/evidence/evidence.h"
#include "helpers.h"

/* A post naming a tunnel and one VPN product, no output: the tunnel is reported, known by its
 * name only, and the product is perhaps its maker. */
static void words_only_adopted(void **state)
{
	(void)state;
	struct evw *w = evw_text("I am on macOS Sonoma and use Mullvad.\n"
	                         "\n"
	                         "Since the update the app's tunnel is `utun5` and other apps "
	                         "cannot see it.\n",
	                         "post.md");
	evw_analyze(w);
	assert_true(w->m.words_only);
	assert_string_equal(w->m.os, "darwin");
	assert_true(w->m.ifaces.v[evw_iface(w, "utun5")].only_named);
	const struct ifw_finding *fi = evw_verdict(w, "utun5");
	assert_non_null(fi);
	assert_true(fi->confidence < IFW_CONF_LIKELY);
	evw_free(w);
}

/* Words with digits that are no interface the knowledge knows: unrecognized, as before, with
 * the same message and what was expected. */
static void words_only_nothing_known(void **state)
{
	(void)state;
	const char *t = "My win10 laptop plays h264 video badly over ipv4.\n"
	                "Any idea? Thanks.\n";
	struct evw *w = evw_text(t, "mail.txt");
	assert_true(w->m.words_only);
	struct ifw_err err = {0};
	assert_int_equal(evw_try_analyze(w, &err), -1);
	assert_int_equal(err.code, IFW_E_PARSE);
	evw_contains(err.msg, "no command output ifwho recognizes");
	evw_contains(err.msg, "ip addr");
	evw_free(w);
}

/* No output tells the system: the one the sentences name is the guess (FreeBSD's tap3, which
 * macOS's knowledge does not file); two systems named as often leave the default guess. */
static void system_from_sentences(void **state)
{
	(void)state;
	struct evw *w = evw_text("We ran the emulator on FreeBSD 14.2 this week.\n"
	                         "\n"
	                         "Its device tap3 comes up and passes traffic.\n",
	                         "post.md");
	evw_analyze(w);
	assert_string_equal(w->m.os, "freebsd");
	assert_true(evw_has_iface(w, "tap3"));
	evw_free(w);

	w = evw_text("I tried it on FreeBSD and on Linux with the same result.\n"
	             "\n"
	             "ifconfig shows nothing new, only tap3 is there.\n",
	             "post.md");
	assert_true(w->m.os_guessed);
	assert_string_equal(w->m.os, "darwin");
	evw_free(w);
}

/* A sentence full of inline code is still the person's sentence: the name in it is read. */
static void inline_code_prose(void **state)
{
	(void)state;
	struct evw *w = evw_text("Tested on FreeBSD 15.\n"
	                         "- `type = \"tap\"; adapter = \"/dev/tap5\";` opens cleanly and "
	                         "`ifconfig tap5` reports `UP,RUNNING` as it should.\n",
	                         "post.md");
	evw_analyze(w);
	assert_true(evw_has_iface(w, "tap5"));
	evw_free(w);
}

/* A command line wrapped whole in inline code is typed: `brctl addif br0 tap0` makes tap0 br0's
 * port, known as a log's word would be, and both names known by name only (the command may
 * have failed). */
static void inline_code_command_joins_port(void **state)
{
	(void)state;
	struct evw *w = evw_text("Workaround\n"
	                         "Add the tap device to the existing bridge:\n"
	                         "`brctl addif br0 tap0`\n",
	                         "post.md");
	evw_analyze(w);
	const struct ifw_iface *br = &w->m.ifaces.v[evw_iface(w, "br0")];
	const struct ifw_iface *tap = &w->m.ifaces.v[evw_iface(w, "tap0")];
	assert_null(br->kind); /* the join may have failed: it names, it does not make */
	assert_true(br->only_named);
	assert_int_equal(tap->master_ifindex, br->ifindex);
	assert_true(tap->master_logged);
	assert_string_equal(w->m.os, "linux");
	evw_free(w);
}

/* A listing's port keeps the master the listing shows: a typed join to another bridge (which
 * may have failed, or come before a change) does not move it. */
static void listed_port_keeps_master(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "$ ip link\n"
	    "3: br1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP "
	    "mode DEFAULT group default qlen 1000\n"
	    "    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff\n"
	    "4: tap0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel master br1 "
	    "state UP mode DEFAULT group default qlen 1000\n"
	    "    link/ether 02:00:00:00:00:02 brd ff:ff:ff:ff:ff:ff\n"
	    "$ sudo ip link set tap0 master br9\n",
	    "session.txt");
	evw_analyze(w);
	const struct ifw_iface *tap = &w->m.ifaces.v[evw_iface(w, "tap0")];
	assert_int_equal(tap->master_ifindex, 3);
	assert_false(tap->master_logged);
	evw_free(w);
}

/* Route rows quoted with single backticks across lines: the rows are read, their devices too. */
static void inline_code_rows(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("netstat -rn shows two routes as expected:\n"
	             "\n"
	             "`10.0.1/24         link#11            UCS             4        0  "
	             "   en1      !\n"
	             "10.0.1/24         link#21            UCSI            0        0   "
	             "utun1       `\n",
	             "post.md");
	evw_analyze(w);
	assert_true(evw_has_iface(w, "en1"));
	assert_true(evw_has_iface(w, "utun1"));
	assert_false(w->m.ifaces.v[evw_iface(w, "utun1")].only_named);
	evw_free(w);
}

/* A person's list of names and labels: every name is mentioned (even "ap1: ?", no sentence),
 * and a label that is a macOS hardware port's name is perhaps what the port is; their own
 * words are no port's name and claim nothing. */
static void labelled_list(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("These are the interfaces on my Mac, as I understand them:\n"
	             "\n"
	             "    \xe2\x80\xa2 ap1: ?\n"
	             "    \xe2\x80\xa2 en7: iPhone USB\n"
	             "    \xe2\x80\xa2 en5: my guess is the dock\n"
	             "\n"
	             "en5: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu "
	             "1500\n"
	             "\tstatus: active\n",
	             "post.md");
	evw_analyze(w);
	assert_true(evw_has_iface(w, "ap1"));
	const struct ifw_finding *fi = evw_finding(w, "en7", "ifgroups.label");
	assert_non_null(fi);
	evw_contains(fi->claim, "iPhone USB");
	assert_true(fi->confidence < IFW_CONF_LIKELY);
	assert_string_equal(evw_ia(w, "en7")->category, "cellular");
	assert_null(evw_finding(w, "en5", "ifgroups.label"));
	assert_string_equal(w->m.ifaces.v[evw_iface(w, "en5")].said_label, "my guess is the dock");
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(words_only_adopted),
	    cmocka_unit_test(words_only_nothing_known),
	    cmocka_unit_test(system_from_sentences),
	    cmocka_unit_test(inline_code_prose),
	    cmocka_unit_test(inline_code_command_joins_port),
	    cmocka_unit_test(listed_port_keeps_master),
	    cmocka_unit_test(inline_code_rows),
	    cmocka_unit_test(labelled_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
