/* The knowledge base: address plans (most specific prefix, user overrides, rejected values) and
 * the shipped files' own quality (every entry sourced, every category known). */
#include "know/know.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SHIPPED SRC_DATA "/knowledge"

static struct ifw_ip ip(const char *s)
{
	struct ifw_ip a;
	assert_int_equal(ifw_ip_parse(s, &a), 0);
	return a;
}

static const struct ifw_kb_addrplan *plan(const struct ifw_kb *kb, const char *addr)
{
	struct ifw_ip a = ip(addr);
	return ifw_kb_addrplan(kb, NULL, &a);
}

static struct ifw_kb *load_shipped(void)
{
	const char *dirs[] = {SHIPPED};
	struct ifw_kb *kb = NULL;
	struct ifw_err err = {0};
	if (ifw_kb_load(&kb, dirs, 1, &err) < 0)
		fail_msg("loading %s: %s", SHIPPED, err.msg);
	return kb;
}

static void test_shipped_plans(void **state)
{
	(void)state;
	struct ifw_kb *kb = load_shipped();
	const struct ifw_kb_addrplan *p = plan(kb, "172.17.0.2");
	assert_non_null(p);
	assert_int_equal(p->category, IFW_KB_CAT_CONTAINER);
	assert_non_null(strstr(p->creator, "Docker"));
	assert_int_equal(p->plen, 16);

	p = plan(kb, "100.101.102.103");
	assert_non_null(p);
	assert_int_equal(p->category, IFW_KB_CAT_MESH_VPN);
	p = plan(kb, "fd7a:115c:a1e0:ab12::1");
	assert_non_null(p);
	assert_non_null(strstr(p->creator, "Tailscale"));
	assert_string_equal(p->strength, "medium");

	/* libvirt's /24 sits inside Calico's 192.168.0.0/16: the /24 wins, the rest of the
	 * /16 is Calico's (or Docker's pool's). */
	p = plan(kb, "192.168.122.10");
	assert_non_null(p);
	assert_int_equal(p->plen, 24);
	assert_non_null(strstr(p->creator, "libvirt"));
	p = plan(kb, "192.168.200.7");
	assert_non_null(p);
	assert_int_equal(p->plen, 16);

	/* IPv4-mapped IPv6 is looked up as the IPv4 address it carries. */
	p = plan(kb, "::ffff:192.168.122.10");
	assert_non_null(p);
	assert_int_equal(p->plen, 24);

	p = plan(kb, "64:ff9b::c000:201");
	assert_non_null(p);
	assert_int_equal(p->plen, 96);

	/* The documentation ranges are nobody's default. */
	assert_null(plan(kb, "192.0.2.1"));
	assert_null(plan(kb, "198.51.100.1"));
	assert_null(plan(kb, "2001:db8::1"));
	/* macOS Internet Sharing's default is no plan on a Linux host: the wider private /16
	 * answers there (a Linux mesh's 192.168.2.1 read as a Mac's shared network was wrong) */
	struct ifw_ip sh = ip("192.168.2.1");
	p = ifw_kb_addrplan(kb, "darwin", &sh);
	assert_non_null(p);
	assert_int_equal(p->plen, 24);
	assert_int_equal(ifw_kb_addrplan(kb, NULL, &sh)->plen, 24); /* the system unknown */
	p = ifw_kb_addrplan(kb, "linux", &sh);
	assert_non_null(p);
	assert_int_equal(p->plen, 16);
	struct ifw_ip none = {0};
	assert_null(ifw_kb_addrplan(kb, NULL, &none));
	assert_null(ifw_kb_addrplan(kb, NULL, NULL));
	ifw_kb_free(kb);
}

/* First match wins for names and MTUs, so the shipped files put specific entries before
 * catch-alls: these lookups fail if an edit reorders them. */
static void test_shipped_order(void **state)
{
	(void)state;
	struct ifw_kb *kb = load_shipped();
	const struct ifw_kb_ifname *n = ifw_kb_ifname(kb, "linux", "cilium_host", "veth");
	assert_non_null(n);
	assert_string_equal(n->pattern, "cilium_host");
	n = ifw_kb_ifname(kb, "linux", "wireguard.cali", "wireguard");
	assert_non_null(n);
	assert_non_null(strstr(n->creator, "Calico"));
	n = ifw_kb_ifname(kb, "linux", "wg0", "wireguard");
	assert_non_null(n);
	assert_string_equal(n->pattern, "wg*");
	n = ifw_kb_ifname(kb, "linux", "cali1a2b3c4d5e6", "veth");
	assert_non_null(n);
	assert_non_null(strstr(n->creator, "Calico"));
	n = ifw_kb_ifname(kb, "linux", "ve-web", "veth");
	assert_non_null(n);
	assert_non_null(strstr(n->creator, "systemd-nspawn"));
	n = ifw_kb_ifname(kb, "linux", "veth3c1e2f7", "veth");
	assert_non_null(n);
	assert_int_equal(n->category, IFW_KB_CAT_CONTAINER);
	/* The kernel kind still decides: a bridge named like a veth is not a veth. */
	n = ifw_kb_ifname(kb, "linux", "veth3c1e2f7", "bridge");
	assert_null(n);

	const struct ifw_kb_mtu *m = ifw_kb_mtu(kb, "darwin", "gif0", 1280);
	assert_non_null(m);
	assert_string_equal(m->creator, "the kernel");
	m = ifw_kb_mtu(kb, "darwin", "utun4", 1280);
	assert_non_null(m);
	assert_string_equal(m->creator, "Tailscale");
	m = ifw_kb_mtu(kb, "darwin", "feth5123", 16370);
	assert_non_null(m);
	assert_non_null(strstr(m->creator, "ZeroTier"));

	const struct ifw_kb_port *p = ifw_kb_port(kb, "udp", 3478);
	assert_non_null(p);
	assert_string_equal(p->name, "STUN/TURN");
	p = ifw_kb_port(kb, "udp", 3480);
	assert_non_null(p);
	assert_int_equal(p->role, IFW_KB_PORT_VOIP_MEDIA);
	p = ifw_kb_port(kb, "udp", 4242);
	assert_non_null(p);
	assert_int_equal(p->role, IFW_KB_PORT_TUNNEL_DATA);
	ifw_kb_free(kb);
}

static const char *const user_plans =
    "{\"format\": \"ifwho-knowledge/1\", \"kind\": \"addrplans\", \"entries\": [\n"
    " {\"prefix\": \"172.17.0.0/16\", \"creator\": \"our build farm\", \"purpose\": \"CI\","
    " \"category\": \"vm\", \"strength\": \"medium\", \"source\": \"https://example.org/ci\"},\n"
    " {\"prefix\": \"192.168.0.0/16\", \"creator\": \"home LAN\", \"purpose\": \"lan\","
    " \"category\": \"physical\", \"strength\": \"weak\", \"source\": \"local\"},\n"
    " {\"prefix\": \"2001:db8:1::/48\", \"creator\": \"lab\", \"purpose\": \"lab\","
    " \"category\": \"virtual\", \"strength\": \"weak\", \"source\": \"local\"}\n"
    "]}\n";

/* A user's directory comes first: the same prefix is theirs, a broader one of theirs does not
 * hide a narrower shipped one. */
static void test_user_override(void **state)
{
	(void)state;
	char dir[] = "/tmp/ifw-know-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256];
	snprintf(path, sizeof(path), "%s/mine.json", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(user_plans, f);
	fclose(f);

	const char *dirs[] = {dir, SHIPPED};
	struct ifw_kb *kb = NULL;
	struct ifw_err err = {0};
	int rc = ifw_kb_load(&kb, dirs, 2, &err);
	unlink(path);
	rmdir(dir);
	if (rc < 0)
		fail_msg("%s", err.msg);

	const struct ifw_kb_addrplan *p = plan(kb, "172.17.0.2");
	assert_non_null(p);
	assert_string_equal(p->creator, "our build farm");
	p = plan(kb, "192.168.122.10");
	assert_non_null(p);
	assert_non_null(strstr(p->creator, "libvirt"));
	p = plan(kb, "192.168.200.7");
	assert_non_null(p);
	assert_string_equal(p->creator, "home LAN");
	p = plan(kb, "2001:db8:1:2::3");
	assert_non_null(p);
	assert_int_equal(p->plen, 48);
	assert_null(plan(kb, "2001:db8:2::1"));
	ifw_kb_free(kb);
}

static int load_one(const char *entry, struct ifw_err *err)
{
	char buf[1024];
	snprintf(buf, sizeof(buf),
	         "{\"format\": \"ifwho-knowledge/1\", \"kind\": \"addrplans\", \"entries\": [\n"
	         " {\"prefix\": \"10.88.0.0/16\", \"creator\": \"a\", \"purpose\": \"b\","
	         " \"category\": \"container\", \"strength\": \"weak\"},\n %s]}",
	         entry);
	struct ifw_kb *kb = ifw_kb_new();
	assert_non_null(kb);
	int rc = ifw_kb_load_buffer(kb, buf, strlen(buf), "/etc/ifwho/knowledge/mine.json", err);
	ifw_kb_free(kb);
	return rc;
}

/* Names against patterns that start with a wildcard, a bracket, an escape or a plain character:
 * the first-character shortcut must not drop a match fnmatch would make. */
static void test_ifname_patterns(void **state)
{
	(void)state;
	static const char *const file =
	    "{\"format\": \"ifwho-knowledge/1\", \"kind\": \"ifnames\", \"entries\": [\n"
	    " {\"os\": \"linux\", \"pattern\": \"[xy]lab*\", \"creator\": \"b\","
	    " \"purpose\": \"p\", \"category\": \"virtual\", \"source\": \"local\"},\n"
	    " {\"os\": \"linux\", \"pattern\": \"\\\\qlab\", \"creator\": \"e\","
	    " \"purpose\": \"p\", \"category\": \"virtual\", \"source\": \"local\"},\n"
	    " {\"os\": \"linux\", \"pattern\": \"?zlab\", \"creator\": \"q\","
	    " \"purpose\": \"p\", \"category\": \"virtual\", \"source\": \"local\"},\n"
	    " {\"os\": \"linux\", \"pattern\": \"*.lab\", \"creator\": \"s\","
	    " \"purpose\": \"p\", \"category\": \"virtual\", \"source\": \"local\"},\n"
	    " {\"os\": \"linux\", \"pattern\": \"plain*\", \"creator\": \"l\","
	    " \"purpose\": \"p\", \"category\": \"virtual\", \"source\": \"local\"}\n"
	    "]}\n";
	struct ifw_kb *kb = ifw_kb_new();
	assert_non_null(kb);
	struct ifw_err err = {0};
	if (ifw_kb_load_buffer(kb, file, strlen(file), "mine.json", &err) < 0)
		fail_msg("%s", err.msg);
	static const struct {
		const char *name, *creator;
	} cases[] = {
	    {"xlab0", "b"}, {"ylab", "b"},   {"zlab", NULL},  {"qlab", "e"},  {"\\qlab", NULL},
	    {"azlab", "q"}, {"zzlab", "q"},  {"zlab0", NULL}, {"a.lab", "s"}, {".lab", "s"},
	    {"plain", "l"}, {"plain7", "l"}, {"Plain", NULL}, {"lain", NULL}, {"", NULL},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct ifw_kb_ifname *n = ifw_kb_ifname(kb, "linux", cases[i].name, NULL);
		if (!cases[i].creator && n)
			fail_msg("%s matched %s", cases[i].name, n->pattern);
		if (cases[i].creator && (!n || strcmp(n->creator, cases[i].creator) != 0))
			fail_msg("%s: %s, not %s", cases[i].name, n ? n->creator : "no match",
			         cases[i].creator);
	}
	ifw_kb_free(kb);
}

static void test_rejected(void **state)
{
	(void)state;
	struct ifw_err err = {0};
	/* An unknown category: the file, the entry, the value and what is allowed. */
	assert_int_equal(load_one("{\"prefix\": \"10.89.0.0/16\", \"creator\": \"a\", \"purpose\": "
	                          "\"b\", \"category\": \"containers\", \"strength\": \"weak\"}",
	                          &err),
	                 -1);
	assert_int_equal(err.code, IFW_E_PARSE);
	assert_non_null(strstr(err.msg, "/etc/ifwho/knowledge/mine.json"));
	assert_non_null(strstr(err.msg, "entry 2"));
	assert_non_null(strstr(err.msg, "\"containers\""));
	assert_non_null(strstr(err.msg, "container, vm"));
	assert_non_null(strstr(err.msg, "virtual"));

	assert_int_equal(load_one("{\"prefix\": \"10.89.0.0/16\", \"creator\": \"a\", \"purpose\": "
	                          "\"b\", \"category\": \"vm\", \"strength\": \"strong\"}",
	                          &err),
	                 -1);
	assert_non_null(strstr(err.msg, "entry 2"));
	assert_non_null(strstr(err.msg, "\"strong\""));
	assert_non_null(strstr(err.msg, "weak, medium"));

	/* Host bits set, a length too long for the family, no length, not an address. */
	static const char *const prefixes[] = {"10.88.0.1/16", "10.0.0.0/33", "fd00::/129",
	                                       "10.0.0.0",     "10.0.0.0/",   "10.0.0.0/8x",
	                                       "tailnet/10",   "/8"};
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		char e[256];
		snprintf(e, sizeof(e),
		         "{\"prefix\": \"%s\", \"creator\": \"a\", \"purpose\": \"b\", "
		         "\"category\": \"vm\", \"strength\": \"weak\"}",
		         prefixes[i]);
		err = (struct ifw_err){0};
		if (load_one(e, &err) != -1)
			fail_msg("prefix %s was accepted", prefixes[i]);
		assert_non_null(strstr(err.msg, "entry 2"));
		assert_non_null(strstr(err.msg, prefixes[i]));
	}
	/* A missing field. */
	assert_int_equal(load_one("{\"prefix\": \"10.89.0.0/16\", \"creator\": \"a\", \"purpose\": "
	                          "\"b\", \"category\": \"vm\"}",
	                          &err),
	                 -1);
	assert_non_null(strstr(err.msg, "strength"));
	/* The edges that are fine: /0, /32, /128. */
	assert_int_equal(load_one("{\"prefix\": \"0.0.0.0/0\", \"creator\": \"a\", \"purpose\": "
	                          "\"b\", \"category\": \"vm\", \"strength\": \"weak\"}",
	                          &err),
	                 0);
	assert_int_equal(
	    load_one("{\"prefix\": \"172.16.0.2/32\", \"creator\": \"a\", \"purpose\": "
	             "\"b\", \"category\": \"vpn\", \"strength\": \"medium\"}",
	             &err),
	    0);
	assert_int_equal(load_one("{\"prefix\": \"fd00::1/128\", \"creator\": \"a\", \"purpose\": "
	                          "\"b\", \"category\": \"vpn\", \"strength\": \"medium\"}",
	                          &err),
	                 0);
}

static bool allowed_category(const char *c)
{
	return ifw_kb_category_from(c) != IFW_KB_CAT_NONE;
}

/* One entry in a user's file of another kind; returns what the loader says. */
static int load_kind(const char *kind, const char *entry, struct ifw_err *err)
{
	char buf[1024];
	snprintf(buf, sizeof(buf),
	         "{\"format\": \"ifwho-knowledge/1\", \"kind\": \"%s\", \"entries\": [%s]}", kind,
	         entry);
	struct ifw_kb *kb = ifw_kb_new();
	assert_non_null(kb);
	*err = (struct ifw_err){0};
	int rc =
	    ifw_kb_load_buffer(kb, buf, strlen(buf), "/home/u/.config/ifwho/knowledge/x.json", err);
	ifw_kb_free(kb);
	return rc;
}

/* Categories and roles are closed sets: a word outside them in a user's file is an error that
 * names the file, the entry, the word and every allowed word; the known words load. */
static void test_rejected_words(void **state)
{
	(void)state;
	struct ifw_err err;
	static const struct {
		const char *kind, *bad, *good, *word, *allowed;
	} cases[] = {
	    {"ifnames",
	     "{\"os\": \"linux\", \"pattern\": \"x*\", \"purpose\": \"p\", \"category\": \"vpn\", "
	     "\"confidence\": \"hgih\"}",
	     "{\"os\": \"linux\", \"pattern\": \"x*\", \"purpose\": \"p\", \"category\": \"vpn\", "
	     "\"confidence\": \"high\"}",
	     "\"hgih\"", "high, medium, low"},
	    {"ifnames",
	     "{\"os\": \"linux\", \"pattern\": \"x*\", \"purpose\": \"p\", \"category\": \"vpns\"}",
	     "{\"os\": \"linux\", \"pattern\": \"x*\", \"purpose\": \"p\", \"category\": \"vpn\"}",
	     "\"vpns\"", "loopback, kernel-fallback, physical, container, vm, vpn, mesh-vpn"},
	    {"mtu",
	     "{\"os\": \"darwin\", \"pattern\": \"utun*\", \"mtu\": 1280, \"creator\": \"c\", "
	     "\"meaning\": \"m\", \"category\": \"VPN\"}",
	     "{\"os\": \"darwin\", \"pattern\": \"utun*\", \"mtu\": 1280, \"creator\": \"c\", "
	     "\"meaning\": \"m\"}",
	     "\"VPN\"", "cellular, virtual"},
	    {"ports", "{\"proto\": \"udp\", \"port\": 1, \"name\": \"n\", \"role\": \"tunnel\"}",
	     "{\"proto\": \"udp\", \"port\": 1, \"name\": \"n\", \"role\": \"tunnel-data\"}",
	     "\"tunnel\"", "tunnel-control, tunnel-data, voip-media, voip-signal"},
	    {"processes", "{\"match\": [\"d\"], \"software\": \"s\", \"role\": \"hypervisors\"}",
	     "{\"match\": [\"d\"], \"software\": \"s\", \"role\": \"hypervisor\"}",
	     "\"hypervisors\"", "apple-system, capture, container-runtime"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char two[700];
		snprintf(two, sizeof(two), "%s, %s", cases[i].good, cases[i].bad);
		if (load_kind(cases[i].kind, two, &err) != -1)
			fail_msg("%s: %s was accepted", cases[i].kind, cases[i].bad);
		assert_int_equal(err.code, IFW_E_PARSE);
		assert_non_null(
		    strstr(err.msg, "/home/u/.config/ifwho/knowledge/x.json: entry 2:"));
		assert_non_null(strstr(err.msg, cases[i].word));
		if (!strstr(err.msg, cases[i].allowed))
			fail_msg("%s: \"%s\" lacks \"%s\"", cases[i].kind, err.msg,
			         cases[i].allowed);
		if (load_kind(cases[i].kind, cases[i].good, &err) != 0)
			fail_msg("%s: %s", cases[i].kind, err.msg);
	}
	/* The name tables and the enums agree both ways. */
	for (unsigned v = 1; v < IFW_KB_CAT_COUNT; v++)
		assert_int_equal(ifw_kb_category_from(ifw_kb_category_name(v)), v);
	for (unsigned v = 1; v < IFW_KB_PORT_COUNT; v++)
		assert_int_equal(ifw_kb_port_role_from(ifw_kb_port_role_name(v)), v);
	for (unsigned v = 1; v < IFW_KB_PROC_COUNT; v++)
		assert_int_equal(ifw_kb_proc_role_from(ifw_kb_proc_role_name(v)), v);
	assert_null(ifw_kb_category_name(IFW_KB_CAT_COUNT));
	assert_int_equal(ifw_kb_category_from("nonsense"), IFW_KB_CAT_NONE);
}

/* Every shipped entry names a public address that supports it, and every category is one the
 * rules know. Read with jansson directly so nothing the loader tolerates slips through. */
static void test_shipped_quality(void **state)
{
	(void)state;
	DIR *d = opendir(SHIPPED);
	assert_non_null(d);
	struct dirent *de;
	size_t files = 0, entries = 0;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (l < 6 || strcmp(de->d_name + l - 5, ".json") != 0)
			continue;
		char path[1024];
		snprintf(path, sizeof(path), "%s/%s", SHIPPED, de->d_name);
		json_error_t je;
		json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
		if (!root)
			fail_msg("%s:%d: %s", path, je.line, je.text);
		json_t *list = json_object_get(root, "entries");
		assert_true(json_is_array(list));
		for (size_t i = 0; i < json_array_size(list); i++) {
			json_t *e = json_array_get(list, i);
			const char *src = json_string_value(json_object_get(e, "source"));
			if (!src ||
			    (strncmp(src, "https://", 8) != 0 && strncmp(src, "http://", 7) != 0))
				fail_msg("%s: entry %zu has no source address", de->d_name, i + 1);
			const char *cat = json_string_value(json_object_get(e, "category"));
			if (cat && !allowed_category(cat))
				fail_msg("%s: entry %zu: category %s", de->d_name, i + 1, cat);
			entries++;
		}
		json_decref(root);
		files++;
	}
	closedir(d);
	assert_true(files >= 7);
	/* The knowledge base grew past 300 sourced entries; shrinking it is a regression. */
	if (entries < 300)
		fail_msg("only %zu shipped entries", entries);
	struct ifw_kb *kb = load_shipped();
	assert_int_equal(ifw_kb_count(kb), entries);
	ifw_kb_free(kb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shipped_plans),   cmocka_unit_test(test_shipped_order),
	    cmocka_unit_test(test_user_override),   cmocka_unit_test(test_rejected),
	    cmocka_unit_test(test_shipped_quality), cmocka_unit_test(test_rejected_words),
	    cmocka_unit_test(test_ifname_patterns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
