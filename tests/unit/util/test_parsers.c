/* Small parsers: /proc files, cgroup layouts, the terminal sanitizer, VICI messages, knowledge
 * files (their errors name the file, line and column). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "collect/linux/procfs.h"
#include "collect/linux/vici_msg.h"
#include "know/know.h"
#include "util/sanitize.h"

static void test_proc_stat(void **state)
{
	(void)state;
	/* A comm with spaces and a ')' must not shift the fields. */
	const char *s = "4348 (a) b) c) S 17 4347 4347 0 -1 4194560 1164 0 0 0 8 12 0 0 20 0 17 0 "
	                "123456 0 0";
	struct ifw_proc_stat st;
	assert_int_equal(ifw_parse_proc_stat(s, strlen(s), &st), 0);
	assert_string_equal(st.comm, "a) b) c");
	assert_int_equal(st.state, 'S');
	assert_int_equal(st.ppid, 17);
	assert_int_equal(st.start_ticks, 123456);
	assert_int_equal(ifw_parse_proc_stat("12 (x", 5, &st), -1);
	assert_int_equal(ifw_parse_proc_stat("12 (x) S", 8, &st), -1);
}

static void test_fdinfo_and_inodes(void **state)
{
	(void)state;
	char name[16];
	const char *fi = "pos:\t470\nflags:\t0100002\nmnt_id:\t96\nino:\t104\niff:\tipsec0\n";
	assert_true(ifw_parse_fdinfo_iff(fi, strlen(fi), name));
	assert_string_equal(name, "ipsec0");
	const char *none = "pos:\t0\nflags:\t02\n";
	assert_false(ifw_parse_fdinfo_iff(none, strlen(none), name));
	const char *toolong = "iff:\tabcdefghijklmnopq\n";
	assert_false(ifw_parse_fdinfo_iff(toolong, strlen(toolong), name));
	assert_int_equal(ifw_parse_bracket_inode("socket:[12345]", 14, "socket:["), 12345);
	assert_int_equal(ifw_parse_bracket_inode("socket:[12x45]", 14, "socket:["), 0);
	assert_int_equal(ifw_parse_bracket_inode("pipe:[12345]", 12, "socket:["), 0);
	assert_int_equal(ifw_parse_bracket_inode("net:[4026531840]", 16, "net:["), 4026531840ULL);
}

static void check_cgroup(const char *proc_cgroup, const char *runtime, const char *id,
                         const char *unit)
{
	const char *path;
	size_t len;
	assert_true(ifw_parse_proc_cgroup(proc_cgroup, strlen(proc_cgroup), &path, &len));
	struct ifw_cgroup_info ci;
	ifw_parse_cgroup_path(path, len, &ci);
	if (runtime)
		assert_string_equal(ci.runtime, runtime);
	else
		assert_null(ci.runtime);
	assert_string_equal(ci.container_id, id);
	if (unit) {
		assert_non_null(ci.unit);
		assert_int_equal(ci.unit_len, strlen(unit));
		assert_memory_equal(ci.unit, unit, ci.unit_len);
	} else {
		assert_null(ci.unit);
	}
}

#define ID64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void test_cgroup_layouts(void **state)
{
	(void)state;
	check_cgroup("0::/system.slice/docker-" ID64 ".scope\n", "docker", ID64,
	             "docker-" ID64 ".scope");
	check_cgroup("0::/machine.slice/libpod-" ID64 ".scope/container\n", "podman", ID64,
	             "libpod-" ID64 ".scope");
	check_cgroup(
	    "0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-podabc.slice/"
	    "cri-containerd-" ID64 ".scope\n",
	    "kubernetes/containerd", ID64, "cri-containerd-" ID64 ".scope");
	check_cgroup("0::/kubepods/burstable/pod1234/" ID64 "\n", "kubernetes", ID64, NULL);
	check_cgroup("0::/lxc.payload.web1/init.scope\n", "lxc", "web1", "init.scope");
	check_cgroup("0::/system.slice/strongswan.service\n", NULL, "", "strongswan.service");
	/* cgroup v1 only: the first line is used */
	check_cgroup("12:pids:/docker/" ID64 "\n1:cpu:/\n", "docker", ID64, NULL);
	/* A 63-digit id is not an id. */
	check_cgroup(
	    "0::/system.slice/"
	    "docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde.scope\n",
	    NULL, "",
	    "docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde.scope");
}

static void test_sanitize(void **state)
{
	(void)state;
	char out[256];
	const char *in = "a\033[31mb\x07\\c\xe2\x80\xae"
	                 "d\xff";
	ifw_sanitize(in, strlen(in), out, sizeof(out));
	assert_string_equal(out, "a\\x1b[31mb\\x07\\\\c\\u{202e}d\xef\xbf\xbd");
	assert_true(ifw_is_clean("plain ascii + ünïcode", strlen("plain ascii + ünïcode")));
	assert_false(ifw_is_clean("tab\there", 8));
	/* Truncation keeps a NUL and reports the full length. */
	char small[5];
	assert_int_equal(ifw_sanitize("abcdefgh", 8, small, sizeof(small)), 8);
	assert_string_equal(small, "abcd");
	/* Overlong encodings and surrogates are invalid UTF-8. */
	ifw_sanitize("\xc0\xaf\xed\xa0\x80", 5, out, sizeof(out));
	assert_null(strchr(out, '/'));
	char rep[64];
	ifw_utf8_repair("ok\x1b\xff", 4, rep, sizeof(rep));
	assert_string_equal(rep, "ok\x1b\xef\xbf\xbd");
	/* The other bidi and invisible code points (eighteenth hostile pass): ARABIC LETTER
	 * MARK, line and paragraph separators, word joiner and invisible operators, deprecated
	 * format controls, soft hyphen and tag characters reached the terminal raw. */
	const char *hidden = "ab\xd8\x9c\xe2\x80\xa8\xe2\x80\xa9\xe2\x81\xa0\xe2\x81\xa4"
	                     "\xe2\x81\xaa\xe2\x81\xaf\xc2\xad"
	                     "cd\xf3\xa0\x81\x81\xf3\xa0\x81\xbf";
	ifw_sanitize(hidden, strlen(hidden), out, sizeof(out));
	assert_string_equal(out, "ab\\u{061c}\\u{2028}\\u{2029}\\u{2060}\\u{2064}\\u{206a}"
	                         "\\u{206f}\\u{00ad}cd\\u{e0041}\\u{e007f}");
	/* and the nineteenth's: every other format character (U+180E, U+FFF9-FFFB, U+1D173,
	 * U+0600), the Hangul filler, the combining grapheme joiner and a variation selector */
	const char *more = "ab\xe1\xa0\x8e\xef\xbf\xb9x\xef\xbf\xbb\xe3\x85\xa4\xcd\x8f"
	                   "\xef\xb8\x8f\xf0\x9d\x85\xb3"
	                   "cd\xd8\x80";
	ifw_sanitize(more, strlen(more), out, sizeof(out));
	assert_string_equal(out, "ab\\u{180e}\\u{fff9}x\\u{fffb}\\u{3164}\\u{034f}\\u{fe0f}"
	                         "\\u{1d173}cd\\u{0600}");
}

static void test_vici(void **state)
{
	(void)state;
	/* phone { state=ESTABLISHED remote-host=203.0.113.10 remote-port=4500 initiator=yes
	 *         local-vips=[198.51.100.100] child-sas { c { encap=yes bytes-in=10 } } } */
	static const uint8_t msg[] = {
	    1,   5,   'p', 'h', 'o', 'n', 'e', 3,   5,   's', 't', 'a', 't', 'e', 0,   11,  'E',
	    'S', 'T', 'A', 'B', 'L', 'I', 'S', 'H', 'E', 'D', 3,   11,  'r', 'e', 'm', 'o', 't',
	    'e', '-', 'h', 'o', 's', 't', 0,   12,  '2', '0', '3', '.', '0', '.', '1', '1', '3',
	    '.', '1', '0', 3,   11,  'r', 'e', 'm', 'o', 't', 'e', '-', 'p', 'o', 'r', 't', 0,
	    4,   '4', '5', '0', '0', 3,   9,   'i', 'n', 'i', 't', 'i', 'a', 't', 'o', 'r', 0,
	    3,   'y', 'e', 's', 4,   10,  'l', 'o', 'c', 'a', 'l', '-', 'v', 'i', 'p', 's', 5,
	    0,   14,  '1', '9', '8', '.', '5', '1', '.', '1', '0', '0', '.', '1', '0', '0', 6,
	    1,   9,   'c', 'h', 'i', 'l', 'd', '-', 's', 'a', 's', 1,   1,   'c', 3,   5,   'e',
	    'n', 'c', 'a', 'p', 0,   3,   'y', 'e', 's', 3,   8,   'b', 'y', 't', 'e', 's', '-',
	    'i', 'n', 0,   2,   '1', '0', 2,   2,   2,
	};
	struct ifw_model m;
	ifw_model_init(&m);
	assert_int_equal(ifw_vici_parse_list_sa(&m, IFW_NOID, msg, sizeof(msg), "test"), 1);
	const struct ifw_tunnel_sa *sa = &m.sas.v[0];
	char ip[IFW_IP_STRLEN];
	assert_string_equal(sa->name, "phone");
	assert_string_equal(sa->state, "ESTABLISHED");
	assert_string_equal(ifw_ip_str(&sa->remote, ip), "203.0.113.10");
	assert_int_equal(sa->rport, 4500);
	assert_true(sa->initiator);
	assert_true(sa->encap);
	assert_int_equal(sa->bytes_in, 10);
	assert_int_equal(sa->n_vips, 1);
	assert_string_equal(sa->vips[0], "198.51.100.100");
	/* Unbalanced sections, a list item outside a list, truncated values: rejected. */
	assert_int_equal(ifw_vici_parse_list_sa(&m, IFW_NOID, msg, sizeof(msg) - 1, "t"), -1);
	static const uint8_t stray[] = {5, 0, 1, 'x'};
	assert_int_equal(ifw_vici_parse_list_sa(&m, IFW_NOID, stray, sizeof(stray), "t"), -1);
	static const uint8_t cut[] = {3, 5, 's', 't', 'a', 't', 'e', 0, 200, 'E'};
	assert_int_equal(ifw_vici_parse_list_sa(&m, IFW_NOID, cut, sizeof(cut), "t"), -1);
	ifw_model_free(&m);
}

static void test_knowledge_errors(void **state)
{
	(void)state;
	struct ifw_kb *kb = ifw_kb_new();
	struct ifw_err err = {0};
	const char *bad =
	    "{\"format\": \"ifwho-knowledge/1\", \"kind\": \"ports\",\n \"entries\": [ {]}";
	assert_int_equal(ifw_kb_load_buffer(kb, bad, strlen(bad), "my.json", &err), -1);
	assert_int_equal(err.code, IFW_E_PARSE);
	assert_non_null(strstr(err.msg, "my.json:2:"));
	const char *noport =
	    "{\"format\": \"ifwho-knowledge/1\", \"kind\": \"ports\", \"entries\": "
	    "[{\"proto\": \"udp\", \"port\": 70000, \"name\": \"x\", \"role\": \"y\"}]}";
	assert_int_equal(ifw_kb_load_buffer(kb, noport, strlen(noport), "p.json", &err), -1);
	assert_non_null(strstr(err.msg, "entry 1"));
	const char *ok =
	    "{\"format\": \"ifwho-knowledge/1\", \"kind\": \"processes\", \"entries\": "
	    "[{\"match\": [\"CommCenter\"], \"software\": \"CT\", \"role\": \"telephony\"}]}";
	assert_int_equal(ifw_kb_load_buffer(kb, ok, strlen(ok), "ok.json", &err), 0);
	/* lsof cuts COMMAND to 9 characters, the kernel comm to 15: both still match. */
	assert_non_null(ifw_kb_process(kb, "CommCente", NULL, NULL));
	assert_non_null(ifw_kb_process(kb, NULL, "/System/Library/CommCenter", NULL));
	assert_null(ifw_kb_process(kb, "CommCent", NULL, NULL)); /* 8: not a known cut */
	assert_null(ifw_kb_process(kb, "Comm", NULL, NULL));
	ifw_kb_free(kb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_proc_stat),      cmocka_unit_test(test_fdinfo_and_inodes),
	    cmocka_unit_test(test_cgroup_layouts), cmocka_unit_test(test_sanitize),
	    cmocka_unit_test(test_vici),           cmocka_unit_test(test_knowledge_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
