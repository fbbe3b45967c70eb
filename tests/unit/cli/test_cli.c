/* The command line: the exit status of usage errors and clashing options, addresses as people
 * paste them, interface names as people type them, --kind, and wrapping at the terminal width. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "cli/cli.h"
#include "cli/select.h"
#include "report/report.h"
#include "util/ipaddr.h"

static int parse(const char *line, struct ifw_options *o)
{
	static char buf[512];
	static char *argv[32];
	snprintf(buf, sizeof(buf), "%s", line);
	int argc = 0;
	argv[argc++] = "ifwho";
	for (char *t = strtok(buf, " "); t && argc < 31; t = strtok(NULL, " "))
		argv[argc++] = t;
	argv[argc] = NULL;
	FILE *saved = stderr;
	stderr = fopen("/dev/null", "w"); /* the one-line usage messages */
	int rc = ifw_cli_parse(argc, argv, o);
	fclose(stderr);
	stderr = saved;
	return rc;
}

static void test_usage_errors(void **state)
{
	(void)state;
	struct ifw_options o;
	assert_int_equal(parse("lo", &o), 0);
	assert_int_equal(parse("-n a -n b", &o), IFW_EXIT_USAGE);
	assert_int_equal(parse("-n a -n all", &o), IFW_EXIT_USAGE);
	assert_int_equal(parse("-n pid:abc", &o), IFW_EXIT_USAGE);
	assert_int_equal(parse("-n pid:", &o), IFW_EXIT_USAGE);
	assert_int_equal(parse("-n pid:12", &o), 0);
	assert_int_equal(parse("--underlay lo", &o), IFW_EXIT_USAGE);
	assert_int_equal(parse("--write x.pcap lo", &o), IFW_EXIT_USAGE);
	assert_int_equal(parse("--why --json", &o), IFW_EXIT_USAGE);
	assert_int_equal(parse("--why", &o), 0);
	assert_int_equal(parse("--brief --json", &o), IFW_EXIT_USAGE);
	assert_int_equal(parse("--brief --why", &o), IFW_EXIT_USAGE);
	assert_int_equal(parse("--brief --kind veth --unexplained", &o), 0);
	assert_true(o.brief && o.unexplained && strcmp(o.kind, "veth") == 0);
	assert_int_equal(parse("--evidence x --no-daemons", &o), IFW_EXIT_USAGE);
	assert_int_equal(parse("ip 192.0.2.1 --sample 3", &o), IFW_EXIT_USAGE);
	assert_int_equal(parse("ip 192.0.2.1 --why", &o), IFW_EXIT_USAGE);
	assert_int_equal(parse("ip 192.0.2.1 -n a --json", &o), 0);
	assert_int_equal(parse("--bogus", &o), IFW_EXIT_USAGE);
}

static void test_targets(void **state)
{
	(void)state;
	struct ifw_ip ip;
	unsigned port;
	int plen;
	char t[IFW_IP_STRLEN];
	assert_int_equal(ifw_cli_parse_target("192.0.2.1:443", &ip, &port, &plen), 0);
	assert_string_equal(ifw_ip_str(&ip, t), "192.0.2.1");
	assert_int_equal(port, 443);
	assert_int_equal(plen, -1);
	assert_int_equal(ifw_cli_parse_target("[2001:db8::1]:53", &ip, &port, &plen), 0);
	assert_int_equal(ip.family, AF_INET6);
	assert_string_equal(ifw_ip_str(&ip, t), "2001:db8::1");
	assert_int_equal(port, 53);
	/* Bare IPv6 with what looks like a port is an address, as ip would read it. */
	assert_int_equal(ifw_cli_parse_target("2001:db8::1:53", &ip, &port, &plen), 0);
	assert_int_equal(port, 0);
	assert_int_equal(ifw_cli_parse_target("198.51.100.0/24", &ip, &port, &plen), 0);
	assert_int_equal(plen, 24);
	assert_int_equal(ifw_cli_parse_target("2001:db8::/32", &ip, &port, &plen), 0);
	assert_int_equal(plen, 32);
	assert_int_equal(ifw_cli_parse_target("127.0.0.53%lo:53", &ip, &port, &plen), 0);
	assert_string_equal(ifw_ip_str(&ip, t), "127.0.0.53");
	assert_int_equal(port, 53);
	assert_int_equal(ifw_cli_parse_target("[::]:22", &ip, &port, &plen), 0);
	assert_int_equal(port, 22);
	/* Near misses. */
	assert_int_equal(ifw_cli_parse_target("192.0.2.1:99999", &ip, &port, &plen), -1);
	assert_int_equal(ifw_cli_parse_target("192.0.2.1/33", &ip, &port, &plen), -1);
	assert_int_equal(ifw_cli_parse_target("[2001:db8::1", &ip, &port, &plen), -1);
	assert_int_equal(ifw_cli_parse_target("[2001:db8::1]x", &ip, &port, &plen), -1);
	assert_int_equal(ifw_cli_parse_target("*:22", &ip, &port, &plen), -1);
	assert_int_equal(ifw_cli_parse_target("example.org", &ip, &port, &plen), -1);
}

static struct ifw_model *world(void)
{
	static struct ifw_model m;
	ifw_model_init(&m);
	struct ifw_netns *ns = ifw_model_add_netns(&m);
	ns->name = "nsa";
	const char *names[] = {"lo", "veth0", "Wg0", "eth0@x"};
	const char *kinds[] = {NULL, "veth", "wireguard", NULL};
	uint16_t arp[] = {772, 1, 65534, 1}; /* loopback, ether, none, ether */
	for (int i = 0; i < 4; i++) {
		struct ifw_iface *f = ifw_model_add_iface(&m, 0);
		f->name = names[i];
		f->kind = kinds[i];
		f->arptype = arp[i];
		f->ifindex = i + 1;
	}
	return &m;
}

static void test_names(void **state)
{
	(void)state;
	struct ifw_model *m = world();
	ifw_id ids[4];
	enum ifw_match how;
	assert_int_equal(ifw_select_as(m, "veth0", ids, 4, &how), 1);
	assert_int_equal(how, IFW_MATCH_EXACT);
	assert_int_equal(ifw_select_as(m, "veth0@if7", ids, 4, &how), 1);
	assert_int_equal(how, IFW_MATCH_AT);
	assert_int_equal(ids[0], 1);
	/* '@' is legal in a name: the whole name wins. */
	assert_int_equal(ifw_select_as(m, "eth0@x", ids, 4, &how), 1);
	assert_int_equal(how, IFW_MATCH_EXACT);
	assert_int_equal(ifw_select_as(m, "2", ids, 4, &how), 1);
	assert_int_equal(how, IFW_MATCH_IFINDEX);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ifw_select_as(m, "VETH0", ids, 4, &how), 1);
	assert_int_equal(how, IFW_MATCH_CASE);
	assert_int_equal(ifw_select_as(m, "wg0", ids, 4, &how), 1);
	assert_int_equal(ids[0], 2);
	assert_int_equal(ifw_select_as(m, "veth9", ids, 4, &how), 0);
	assert_int_equal(how, IFW_MATCH_NONE);
	assert_int_equal(ifw_select_as(m, "9", ids, 4, &how), 0);
	const char *sugg[4];
	assert_int_equal(ifw_suggest(m, "veth9", sugg, 4), 1);
	assert_string_equal(sugg[0], "veth0");
	assert_int_equal(ifw_suggest_netns(m, "nsb", sugg, 4), 1);
	assert_string_equal(sugg[0], "nsa");
	assert_int_equal(ifw_suggest_netns(m, "zzzzzz", sugg, 4), 0);
	ifw_model_free(m);
}

static void test_kind(void **state)
{
	(void)state;
	struct ifw_model *m = world();
	assert_true(ifw_kind_matches(&m->ifaces.v[1], "veth", "ether"));
	assert_true(ifw_kind_matches(&m->ifaces.v[1], "VETH", "ether"));
	assert_false(ifw_kind_matches(&m->ifaces.v[1], "physical", "ether"));
	assert_true(ifw_kind_matches(&m->ifaces.v[0], "loopback", "loopback"));
	assert_false(ifw_kind_matches(&m->ifaces.v[0], "physical", "loopback"));
	assert_true(ifw_kind_matches(&m->ifaces.v[3], "physical", "ether"));
	assert_true(ifw_kind_matches(&m->ifaces.v[3], "ether", "ether"));
	assert_false(ifw_kind_matches(&m->ifaces.v[3], "veth", "ether"));
	ifw_model_free(m);
}

static char *wrapped(const char *in, unsigned width)
{
	static char out[2048];
	FILE *f = fmemopen(out, sizeof(out), "w");
	ifw_write_wrapped(f, in, width);
	fclose(f);
	return out;
}

static void test_wrap(void **state)
{
	(void)state;
	/* A labelled line continues under its content. */
	assert_string_equal(
	    wrapped("  held by     charon (pid 10970, root): holds /dev/net/tun\n", 40),
	    "  held by     charon (pid 10970, root):\n"
	    "              holds /dev/net/tun\n");
	/* A verdict line continues four columns in. */
	assert_string_equal(wrapped("ipsec0: VoIP over IPsec through the tunnel  [likely]\n", 30),
	                    "ipsec0: VoIP over IPsec\n"
	                    "    through the tunnel\n"
	                    "    [likely]\n");
	/* Colour takes no width: the same break with escapes around the label. */
	assert_string_equal(
	    wrapped("  \033[2mused by    \033[0m udp 198.51.100.100:5060 sipp (pid 11067)\n", 40),
	    "  \033[2mused by    \033[0m udp 198.51.100.100:5060\n"
	    "              sipp (pid 11067)\n");
	/* Short lines, width 0 and a word longer than the width stay as they are. */
	assert_string_equal(wrapped("short\nlines\n", 10), "short\nlines\n");
	assert_string_equal(wrapped("a b c d e f g h i j k\n", 0), "a b c d e f g h i j k\n");
	assert_string_equal(wrapped("averyveryverylongword\n", 8), "averyveryverylongword\n");
	/* UTF-8 counts by character, not byte: 10 two-byte letters fit in 10 columns. */
	assert_string_equal(wrapped("éééééééééé\n", 10), "éééééééééé\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_usage_errors), cmocka_unit_test(test_targets),
	    cmocka_unit_test(test_names),        cmocka_unit_test(test_kind),
	    cmocka_unit_test(test_wrap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
