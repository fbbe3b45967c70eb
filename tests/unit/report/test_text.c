/* The text and JSON reports render what the analysis holds and compute nothing: a small world
 * (a tun held by charon with an IPsec SA and a connected UDP socket to its far end, an Ethernet
 * card) is analysed, then the analysis's owner records, MAC vendor and verdict are replaced by
 * hand, and the reports must show exactly the replacements (sanitized in text, raw in JSON). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>
#include <net/if.h>

#include "../infer/world.h"
#include "report/report.h"

struct small {
	struct w *w;
	ifw_id eth, tun, charon, sock;
};

static void build(struct small *s)
{
	struct w *w = s->w = world("linux");
	s->eth = iface(w, 0, "eth0", NULL, 0);
	addr(w, s->eth, "192.0.2.10", 24);
	addr(w, s->eth, "10.200.0.1", 16);
	s->tun = iface(w, 0, "tun0", "tun", IFF_POINTOPOINT);
	addr(w, s->tun, "10.9.0.2", 24);
	s->charon = proc(w, 1234, "charon", 0);
	tunfd(w, s->charon, s->tun);
	s->sock = sock(w, s->charon, IFW_P_UDP, "192.0.2.10", 4500, "203.0.113.10", 4500);
	sa(w, s->charon, "192.0.2.10", "203.0.113.10");
	analyze(w, s->tun);
}

/* The report of the analysis as one string (caller frees). */
static char *render(struct small *s, bool json, bool detail, ifw_id only)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	struct ifw_report_opts o = {
	    .detail = detail, .only = detail ? &only : NULL, .n_only = detail ? 1 : 0};
	struct ifw_err err = {0};
	int rc = json ? ifw_report_json(f, &s->w->m, &s->w->a, &o, &err)
	              : ifw_report_text(f, &s->w->m, &s->w->a, &o, &err);
	assert_int_equal(rc, 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static const struct ifw_tunnel_sa *only_sa(const struct small *s)
{
	assert_int_equal(s->w->m.sas.n, 1);
	return &s->w->m.sas.v[0];
}

/* The analysis looked the addresses up; the detail shows its records. */
static void test_text_owners_from_analysis(void **state)
{
	(void)state;
	struct small s;
	build(&s);
	const struct ifw_analysis *a = &s.w->a;
	const struct ifw_addr_owner *far = a->sa_remote_owner[0];
	assert_non_null(far);
	assert_string_equal(far->special_tag, "documentation");
	assert_non_null(only_sa(&s));
	char *t = render(&s, false, true, s.tun);
	assert_non_null(strstr(t, "<-> 203.0.113.10:4500 (documentation)"));
	free(t);

	/* Another record in the analysis: the report shows it, sanitized for the terminal. */
	struct ifw_addr_owner fake = {.asn = 64500, .org = "Evil\x1b[2J Org", .range = "x"};
	a->sa_remote_owner[0] = &fake;
	ifw_id tun_addr = s.w->m.ifaces.v[s.tun].addrs.v[0];
	const struct ifw_addr_owner *kept = a->addr_owner[tun_addr];
	a->addr_owner[tun_addr] = NULL;
	t = render(&s, false, true, s.tun);
	assert_non_null(strstr(t, "<-> 203.0.113.10:4500 (AS64500 Evil"));
	assert_null(strstr(t, "(documentation)"));
	assert_null(strchr(t, '\x1b'));
	/* No record for the interface's address: no owner after it. */
	const char *line = strstr(t, "10.9.0.2/24");
	assert_non_null(line);
	assert_true(line[strlen("10.9.0.2/24")] == '\n');
	free(t);
	a->addr_owner[tun_addr] = kept;
	t = render(&s, false, true, s.tun);
	line = strstr(t, "10.9.0.2/24");
	assert_non_null(line);
	assert_true(line[strlen("10.9.0.2/24")] == ' ');
	free(t);
	a->sa_remote_owner[0] = far;
	done(s.w);
}

/* The overview line: the analysis's verdict text and confidence word, nothing else. */
static void test_text_verdict_from_analysis(void **state)
{
	(void)state;
	struct small s;
	build(&s);
	struct ifw_iface_analysis *ia = &s.w->a.ifaces[s.tun];
	assert_non_null(ia->verdict_text);
	char *t = render(&s, false, false, 0);
	char want[512];
	snprintf(want, sizeof(want), "tun0: %s  [%s]\n", ia->verdict_text,
	         ifw_confidence_word(ia->confidence));
	assert_non_null(strstr(t, want));
	free(t);

	ia->verdict_text = "a verdict made up\x07 by the test";
	ia->confidence = IFW_CONF_WEAK;
	t = render(&s, false, false, 0);
	assert_non_null(strstr(t, "tun0: a verdict made up"));
	assert_non_null(strstr(t, " by the test  [weak]\n"));
	assert_null(strchr(t, '\x07'));
	free(t);
	done(s.w);
}

static json_t *iface_json(json_t *root, const char *name)
{
	json_t *list = json_object_get(root, "interfaces"), *v;
	size_t i;
	json_array_foreach(list, i, v)
	{
		if (strcmp(json_string_value(json_object_get(v, "name")), name) == 0)
			return v;
	}
	fail_msg("%s is not in the JSON report", name);
	return NULL;
}

/* JSON: owners of addresses and peers, and the MAC vendor, as the analysis holds them. */
static void test_json_from_analysis(void **state)
{
	(void)state;
	struct small s;
	build(&s);
	struct ifw_analysis *a = &s.w->a;
	const struct ifw_iface_analysis *ia = &a->ifaces[s.tun];
	assert_true(ia->peers.n >= 1);
	assert_non_null(ia->peers.v[0].ip_owner);

	struct ifw_addr_owner fake = {.asn = 64501, .org = "Org \"quoted\"\n", .range = "r"};
	ia->peers.v[0].ip_owner = &fake;
	ifw_id eth_addr = s.w->m.ifaces.v[s.eth].addrs.v[0];
	a->addr_owner[eth_addr] = NULL;
	a->ifaces[s.eth].mac_vendor = "Vendor From Analysis";

	char *text = render(&s, true, false, 0);
	json_error_t je;
	json_t *root = json_loads(text, 0, &je);
	if (!root)
		fail_msg("JSON report does not parse: %s", je.text);
	json_t *tun = iface_json(root, "tun0");
	json_t *peer = json_array_get(json_object_get(json_object_get(tun, "tunnel"), "peers"), 0);
	json_t *owner = json_object_get(peer, "owner");
	assert_int_equal(json_integer_value(json_object_get(owner, "asn")), 64501);
	assert_string_equal(json_string_value(json_object_get(owner, "org")), "Org \"quoted\"\n");
	assert_true(json_is_null(json_object_get(owner, "special")));

	json_t *tun_addr = json_array_get(json_object_get(tun, "addresses"), 0);
	owner = json_object_get(tun_addr, "owner");
	assert_string_equal(json_string_value(json_object_get(owner, "special")), "private");
	assert_true(json_is_null(json_object_get(owner, "asn")));

	json_t *eth = iface_json(root, "eth0");
	assert_true(json_is_null(
	    json_object_get(json_array_get(json_object_get(eth, "addresses"), 0), "owner")));
	assert_string_equal(json_string_value(json_object_get(eth, "mac_vendor")),
	                    "Vendor From Analysis");
	json_decref(root);
	free(text);
	done(s.w);
}

/* Owners are looked up only for what the report shows: none before ifw_owners_annotate, then
 * only for the interfaces it was given. */
static void test_owners_only_where_shown(void **state)
{
	(void)state;
	struct small s;
	build(&s);
	struct w *w = s.w;
	ifw_analysis_free(&w->a);
	struct ifw_err err = {0};
	assert_int_equal(ifw_analyze(&w->a, &w->m, kb, &owners, &err), 0);
	ifw_id eth_addr = w->m.ifaces.v[s.eth].addrs.v[0];
	ifw_id tun_addr = w->m.ifaces.v[s.tun].addrs.v[0];
	assert_null(ifw_addr_owner_of(&w->a, tun_addr));
	assert_null(ifw_sa_remote_owner_of(&w->a, 0));
	char *t = render(&s, false, true, s.tun);
	assert_non_null(strstr(t, "<-> 203.0.113.10:4500, "));
	free(t);

	ifw_id only[] = {s.tun};
	assert_int_equal(ifw_owners_annotate(&w->a, only, 1), 0);
	assert_non_null(ifw_addr_owner_of(&w->a, tun_addr));
	assert_null(ifw_addr_owner_of(&w->a, eth_addr));
	assert_non_null(ifw_sa_remote_owner_of(&w->a, 0));
	assert_non_null(w->a.ifaces[s.tun].peers.v[0].ip_owner);
	t = render(&s, false, true, s.tun);
	assert_non_null(strstr(t, "<-> 203.0.113.10:4500 (documentation), "));
	free(t);

	assert_int_equal(ifw_owners_annotate(&w->a, NULL, 0), 0);
	assert_string_equal(ifw_addr_owner_of(&w->a, eth_addr)->special_tag, "documentation");
	/* Two private addresses have one owner record. */
	const struct ifw_addr_owner *p1 = ifw_addr_owner_of(&w->a, tun_addr),
	                            *p2 = ifw_addr_owner_of(&w->a, w->m.ifaces.v[s.eth].addrs.v[1]);
	assert_string_equal(p2->special_tag, "private");
	assert_ptr_equal(p1, p2);
	done(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_text_owners_from_analysis),
	    cmocka_unit_test(test_text_verdict_from_analysis),
	    cmocka_unit_test(test_json_from_analysis),
	    cmocka_unit_test(test_owners_only_where_shown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
