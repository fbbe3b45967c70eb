/* The classifier's bounds and bookkeeping: the flow table cap, the name cap, both directions
 * as one flow, sources kept apart, the underlay flag, and reuse after a reset. */
#include "pkt.h"

#include "capture/cap_int.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

static const char *const names[] = {"eth0", "ipsec0"};

static void feed(struct ifw_cls *c, int src, const char *s, const char *d, uint16_t sp, uint16_t dp,
                 const void *payload, size_t n)
{
	uint8_t buf[2048];
	struct pb_l4 l4 = {.proto = 17, .sport = sp, .dport = dp};
	size_t len = pb_packet(buf, sizeof(buf), PB_RAW, s, d, &l4, payload, n);
	assert_true(len > 0);
	ifw_cls_packet(c, src, IFW_LT_RAW, buf, len, len, 1000);
}

static void flow_cap(void **state)
{
	(void)state;
	struct ifw_model m;
	model_with_ifaces(&m, names, 2);
	struct ifw_err err = {0};
	struct ifw_cls *c = ifw_cls_new(&m, &err);
	assert_non_null(c);
	int src = ifw_cls_add_src(c, 0, false, "test");
	uint8_t junk[16] = {1, 2, 3};
	for (int i = 0; i < IFW_CAP_MAX_FLOWS + 100; i++) {
		char a[32];
		snprintf(a, sizeof(a), "10.%d.%d.1", (i >> 8) & 255, i & 255);
		feed(c, src, a, "192.0.2.1", (uint16_t)(1024 + (i >> 16)), 9, junk, sizeof(junk));
	}
	assert_int_equal(ifw_cls_flow_count(c), IFW_CAP_MAX_FLOWS);
	struct ifw_cls_stats st;
	ifw_cls_get_stats(c, &st);
	assert_int_equal(st.untracked_packets, 100);
	/* packets of a known flow still count when the table is full */
	feed(c, src, "10.0.0.1", "192.0.2.1", 1024, 9, junk, sizeof(junk));
	ifw_cls_get_stats(c, &st);
	assert_int_equal(st.untracked_packets, 100);
	assert_int_equal(ifw_cls_finish(c, "test sample", &err), 0);
	assert_int_equal(m.flows.n, IFW_CAP_MAX_FLOWS);
	assert_int_equal(m.flows.v[0].packets, 2);
	assert_true(has_warning(&m, "more than 65536 flows"));
	assert_true(has_warning(&m, "100 packets"));
	ifw_cls_free(c);
	ifw_model_free(&m);
}

/* A capture file's table is larger than a live sample's; the cap is the classifier's own. */
static void flow_cap_set(void **state)
{
	(void)state;
	struct ifw_model m;
	model_with_ifaces(&m, names, 2);
	struct ifw_err err = {0};
	struct ifw_cls *c = ifw_cls_new(&m, &err);
	assert_non_null(c);
	ifw_cls_set_max_flows(c, 1000);
	int src = ifw_cls_add_src(c, 0, false, "test");
	uint8_t junk[16] = {1, 2, 3};
	for (int i = 0; i < 1010; i++) {
		char a[32];
		snprintf(a, sizeof(a), "10.%d.%d.1", (i >> 8) & 255, i & 255);
		feed(c, src, a, "192.0.2.1", 1024, 9, junk, sizeof(junk));
	}
	assert_int_equal(ifw_cls_flow_count(c), 1000);
	assert_int_equal(ifw_cls_finish(c, "test file", &err), 0);
	assert_true(has_warning(&m, "more than 1000 flows"));
	assert_true(IFW_CAP_MAX_FLOWS_FILE > IFW_CAP_MAX_FLOWS);
	ifw_cls_free(c);
	ifw_model_free(&m);
}

static void name_cap(void **state)
{
	(void)state;
	struct ifw_model m;
	model_with_ifaces(&m, names, 2);
	struct ifw_err err = {0};
	struct ifw_cls *c = ifw_cls_new(&m, &err);
	int src = ifw_cls_add_src(c, 0, false, "test");
	uint8_t msg[600];
	for (int i = 0; i < IFW_CAP_MAX_HINTS + 50; i++) {
		uint8_t a[4] = {198, 18, (uint8_t)(i >> 8), (uint8_t)i};
		size_t n =
		    dns_response(msg, sizeof(msg), (uint16_t)i, "many.example.com", NULL, a, 4);
		feed(c, src, "192.0.2.53", "192.0.2.10", 53, 30000, msg, n);
		/* the same answer again is not a new name */
		feed(c, src, "192.0.2.53", "192.0.2.10", 53, 30000, msg, n);
	}
	assert_int_equal(ifw_cls_finish(c, "test", &err), 0);
	assert_int_equal(m.names.n, IFW_CAP_MAX_HINTS);
	assert_true(has_warning(&m, "50 later sightings"));
	ifw_cls_free(c);
	ifw_model_free(&m);
}

static void directions_and_sources(void **state)
{
	(void)state;
	struct ifw_model m;
	model_with_ifaces(&m, names, 2);
	struct ifw_err err = {0};
	struct ifw_cls *c = ifw_cls_new(&m, &err);
	int inner = ifw_cls_add_src(c, 1, false, "sample on ipsec0");
	int outer = ifw_cls_add_src(c, 1, true, "underlay sample on eth0 for ipsec0");
	char msg[2048];
	size_t n = sip_invite(msg, sizeof(msg));
	/* the server side speaks first here: it is the flow's src */
	feed(c, inner, "198.51.100.1", "198.51.100.100", 5060, 5061, msg, n);
	feed(c, inner, "198.51.100.100", "198.51.100.1", 5061, 5060, msg, n);
	feed(c, inner, "198.51.100.1", "198.51.100.100", 5060, 5061, msg, n);
	/* the same 5-tuple seen by another source is another flow */
	feed(c, outer, "198.51.100.1", "198.51.100.100", 5060, 5061, msg, n);
	/* bad source numbers are ignored */
	feed(c, 7, "198.51.100.1", "198.51.100.100", 5060, 5061, msg, n);
	feed(c, -1, "198.51.100.1", "198.51.100.100", 5060, 5061, msg, n);
	assert_int_equal(ifw_cls_finish(c, "test", &err), 0);
	assert_int_equal(m.flows.n, 2);
	const struct ifw_flow *f = &m.flows.v[0];
	char ip[IFW_IP_STRLEN];
	assert_string_equal(ifw_ip_str(&f->src, ip), "198.51.100.1");
	assert_int_equal(f->sport, 5060);
	assert_int_equal(f->dport, 5061);
	assert_int_equal(f->packets, 3);
	assert_false(f->underlay);
	assert_int_equal(f->iface, 1);
	assert_string_equal(f->origin.src, "sample on ipsec0");
	assert_true(m.flows.v[1].underlay);
	assert_int_equal(m.flows.v[1].iface, 1);
	assert_int_equal(m.flows.v[1].packets, 1);
	assert_int_equal(m.ifaces.v[1].flows.n, 2);

	/* reuse with another model */
	struct ifw_model m2;
	model_with_ifaces(&m2, names, 2);
	ifw_cls_reset(c, &m2);
	int s2 = ifw_cls_add_src(c, 0, false, "again");
	feed(c, s2, "192.0.2.1", "192.0.2.2", 5060, 5060, msg, n);
	assert_int_equal(ifw_cls_finish(c, "test", &err), 0);
	assert_int_equal(m2.flows.n, 1);
	assert_int_equal(m.flows.n, 2);
	assert_string_equal(m2.flows.v[0].origin.src, "again");
	ifw_cls_free(c);
	ifw_model_free(&m);
	ifw_model_free(&m2);
}

/* Non-IP and fragments are counted, not flows. */
static void not_flows(void **state)
{
	(void)state;
	struct ifw_model m;
	model_with_ifaces(&m, names, 2);
	struct ifw_err err = {0};
	struct ifw_cls *c = ifw_cls_new(&m, &err);
	int src = ifw_cls_add_src(c, 0, false, "test");
	static const uint8_t arp[42] = {[12] = 0x08, [13] = 0x06};
	ifw_cls_packet(c, src, IFW_LT_EN10MB, arp, sizeof(arp), sizeof(arp), 0);
	uint8_t buf[200];
	struct pb_l4 l4 = {.proto = 17, .sport = 1, .dport = 2};
	size_t n = pb_packet(buf, sizeof(buf), PB_RAW, "192.0.2.1", "192.0.2.2", &l4, "x", 1);
	buf[7] = 0x20; /* fragment offset */
	ifw_cls_packet(c, src, IFW_LT_RAW, buf, n, n, 0);
	ifw_cls_packet(c, src, IFW_LT_RAW, buf, 0, 0, 0);
	struct ifw_cls_stats st;
	ifw_cls_get_stats(c, &st);
	assert_int_equal(st.packets, 3);
	assert_int_equal(st.non_ip, 2);
	assert_int_equal(st.fragments, 1);
	assert_int_equal(ifw_cls_finish(c, "test", &err), 0);
	assert_int_equal(m.flows.n, 0);
	ifw_cls_free(c);
	ifw_model_free(&m);
}

/* The flow hash as it was without a seed (before 2026-12-07): the slot of a 5-tuple was known
 * to any sender, and flows chosen to crowd the first slots made every packet probe them all. */
static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static uint64_t unseeded_hash(uint16_t sport, uint16_t dport)
{
	/* 192.0.2.1 (the lower address: the key's first end) to 198.51.100.1, UDP, source 0 */
	uint64_t w[5] = {0x010200c0u, 0, 0x016433c6u, 0,
	                 sport | (uint64_t)dport << 16 | (uint64_t)2 << 48 | (uint64_t)17 << 56};
	uint64_t h = 0x9e3779b97f4a7c15ULL;
	for (int i = 0; i < 5; i++)
		h = mix(h ^ w[i]) + (uint64_t)i;
	return h;
}

/* CPU seconds for IFW_CAP_MAX_FLOWS one-packet flows; crowded: each one's slot in the table
 * they end in (2^17) was below 2^13 */
static double flows(bool crowded)
{
	struct ifw_model m;
	model_with_ifaces(&m, names, 2);
	struct ifw_err err = {0};
	struct ifw_cls *c = ifw_cls_new(&m, &err);
	assert_non_null(c);
	int src = ifw_cls_add_src(c, 0, false, "test");
	uint8_t junk[16] = {1, 2, 3};
	clock_t t0 = clock();
	uint32_t n = 0;
	for (uint32_t sp = 1024; n < IFW_CAP_MAX_FLOWS && sp < 65536; sp++)
		for (uint32_t dp = 1; n < IFW_CAP_MAX_FLOWS && dp < 65536; dp++) {
			if (crowded && (unseeded_hash((uint16_t)sp, (uint16_t)dp) & 131071) >= 8192)
				continue;
			feed(c, src, "192.0.2.1", "198.51.100.1", (uint16_t)sp, (uint16_t)dp, junk,
			     sizeof(junk));
			n++;
		}
	double s = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_int_equal(ifw_cls_flow_count(c), IFW_CAP_MAX_FLOWS);
	ifw_cls_free(c);
	ifw_model_free(&m);
	return s;
}

static void crowded_flows(void **state)
{
	(void)state;
	double a = flows(false), b = flows(true);
	printf("ordinary flows %.2f s, crowded flows %.2f s\n", a, b);
	assert_true(b < 3 * a + 0.5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(flow_cap),     cmocka_unit_test(name_cap),
	    cmocka_unit_test(flow_cap_set), cmocka_unit_test(directions_and_sources),
	    cmocka_unit_test(not_flows),    cmocka_unit_test(crowded_flows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
