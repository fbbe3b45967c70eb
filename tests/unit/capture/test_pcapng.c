/* pcapng files: packets attributed by interface name, per-interface link types, both byte
 * orders, several sections, and broken files. */
#include "pkt.h"

#include "capture/capture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* A pcapng file being built in memory, in either byte order. */
struct ng {
	uint8_t buf[65536];
	size_t len;
	int be;
};

static void w16(struct ng *g, uint16_t v)
{
	if (g->be) {
		g->buf[g->len++] = (uint8_t)(v >> 8);
		g->buf[g->len++] = (uint8_t)v;
	} else {
		g->buf[g->len++] = (uint8_t)v;
		g->buf[g->len++] = (uint8_t)(v >> 8);
	}
}

static void w32(struct ng *g, uint32_t v)
{
	if (g->be) {
		w16(g, (uint16_t)(v >> 16));
		w16(g, (uint16_t)v);
	} else {
		w16(g, (uint16_t)v);
		w16(g, (uint16_t)(v >> 16));
	}
}

static void wbytes(struct ng *g, const void *p, size_t n)
{
	memcpy(g->buf + g->len, p, n);
	g->len += n;
	while (g->len % 4)
		g->buf[g->len++] = 0;
}

static size_t begin(struct ng *g, uint32_t type)
{
	size_t start = g->len;
	w32(g, type);
	w32(g, 0); /* length, patched by end() */
	return start;
}

static void end(struct ng *g, size_t start)
{
	uint32_t total = (uint32_t)(g->len - start + 4);
	w32(g, total);
	size_t save = g->len;
	g->len = start + 4;
	w32(g, total);
	g->len = save;
}

static void shb(struct ng *g)
{
	size_t s = begin(g, 0x0A0D0D0A);
	w32(g, 0x1A2B3C4D);
	w16(g, 1);
	w16(g, 0);
	w32(g, 0xffffffff); /* section length: unknown */
	w32(g, 0xffffffff);
	end(g, s);
}

static void idb(struct ng *g, uint16_t linktype, const char *name, int tsresol)
{
	size_t s = begin(g, 1);
	w16(g, linktype);
	w16(g, 0);
	w32(g, 65535);
	if (name) {
		w16(g, 2);
		w16(g, (uint16_t)strlen(name));
		wbytes(g, name, strlen(name));
	}
	if (tsresol >= 0) {
		w16(g, 9);
		w16(g, 1);
		uint8_t r = (uint8_t)tsresol;
		wbytes(g, &r, 1);
	}
	w16(g, 0);
	w16(g, 0);
	end(g, s);
}

static void epb(struct ng *g, uint32_t ifid, const uint8_t *data, size_t len)
{
	size_t s = begin(g, 6);
	w32(g, ifid);
	w32(g, 0x00060a00);
	w32(g, 0x12345678);
	w32(g, (uint32_t)len);
	w32(g, (uint32_t)len);
	wbytes(g, data, len);
	end(g, s);
}

static void spb(struct ng *g, const uint8_t *data, size_t len)
{
	size_t s = begin(g, 3);
	w32(g, (uint32_t)len);
	wbytes(g, data, len);
	end(g, s);
}

static void save(const struct ng *g, const char *path, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(g->buf, 1, len, f), len);
	fclose(f);
}

static size_t sip_pkt(uint8_t *buf, size_t cap, enum pb_link link, const char *src, const char *dst,
                      uint16_t sport)
{
	char msg[2048];
	size_t n = sip_invite(msg, sizeof(msg));
	struct pb_l4 l4 = {.proto = 17, .sport = sport, .dport = 5060};
	return pb_packet(buf, cap, link, src, dst, &l4, msg, n);
}

static size_t dns_pkt(uint8_t *buf, size_t cap, enum pb_link link)
{
	uint8_t q[300];
	size_t n = dns_query(q, sizeof(q), 9, "example.net", 1);
	struct pb_l4 l4 = {.proto = 17, .sport = 40000, .dport = 53};
	return pb_packet(buf, cap, link, "192.0.2.10", "192.0.2.53", &l4, q, n);
}

static size_t ike_pkt(uint8_t *buf, size_t cap)
{
	uint8_t m[200];
	size_t n = ike_msg(m, sizeof(m), 35, 0, 1);
	struct pb_l4 l4 = {.proto = 17, .sport = 4500, .dport = 4500};
	return pb_packet(buf, cap, PB_ETH, "192.0.2.10", "203.0.113.10", &l4, m, n);
}

static const char *const names3[] = {"eth0", "ipsec0", "wlan0"};

/* eth0 (Ethernet) and ipsec0 (raw IP) in one file, plus an unnamed interface. */
static void build_two(struct ng *g)
{
	uint8_t p[2048];
	shb(g);
	idb(g, 1, "eth0", -1);
	idb(g, 101, "ipsec0", 9); /* nanoseconds */
	idb(g, 1, NULL, -1);
	epb(g, 0, p, ike_pkt(p, sizeof(p)));
	epb(g, 1, p, sip_pkt(p, sizeof(p), PB_RAW, "198.51.100.100", "198.51.100.1", 5060));
	epb(g, 2, p, dns_pkt(p, sizeof(p), PB_ETH));
}

static void by_name(void **state)
{
	(void)state;
	for (int be = 0; be < 2; be++) {
		struct ng *g = calloc(1, sizeof(*g));
		g->be = be;
		build_two(g);
		const char *path = tmp_path(be ? "two-be.pcapng" : "two.pcapng");
		save(g, path, g->len);
		free(g);

		struct ifw_model m;
		model_with_ifaces(&m, names3, 3);
		ifw_id asked = 1; /* ipsec0 */
		struct ifw_err err = {0};
		if (ifw_capture_file(&m, path, &asked, 1, &err) != 0)
			fail_msg("%s", err.msg);
		assert_int_equal(m.flows.n, 3);
		const struct ifw_flow *sip = find_flow(&m, 17, 5060);
		assert_non_null(sip);
		assert_string_equal(sip->app, "SIP");
		assert_int_equal(sip->iface, 1);
		assert_non_null(strstr(sip->origin.src, "interface ipsec0"));
		const struct ifw_flow *ike = find_flow(&m, 17, 4500);
		assert_non_null(ike);
		assert_int_equal(ike->iface, 0); /* eth0: named in the file, unique in the model */
		assert_string_equal(ike->app, "IKE");
		const struct ifw_flow *dns = find_flow(&m, 17, 53);
		assert_non_null(dns);
		/* Unnamed in the file, and neither end is ipsec0's address: listed apart, not
		 * given to the interface asked for. */
		assert_int_equal(dns->iface, IFW_NOID);
		assert_int_equal(m.ifaces.v[1].flows.n, 1);
		assert_int_equal(m.ifaces.v[0].flows.n, 1);
		assert_int_equal(m.ifaces.v[2].flows.n, 0);
		ifw_model_free(&m);
	}
}

/* Names the model does not know, several interfaces asked: no interface. */
static void unknown_names(void **state)
{
	(void)state;
	struct ng *g = calloc(1, sizeof(*g));
	uint8_t p[2048];
	shb(g);
	idb(g, 1, "enp0s31f6", -1);
	epb(g, 0, p, sip_pkt(p, sizeof(p), PB_ETH, "192.0.2.10", "198.51.100.20", 5060));
	const char *path = tmp_path("unknown.pcapng");
	save(g, path, g->len);
	free(g);
	struct ifw_model m;
	model_with_ifaces(&m, names3, 3);
	ifw_id asked[2] = {0, 2};
	struct ifw_err err = {0};
	assert_int_equal(ifw_capture_file(&m, path, asked, 2, &err), 0);
	assert_int_equal(m.flows.n, 1);
	assert_int_equal(m.flows.v[0].iface, IFW_NOID);
	ifw_model_free(&m);
}

/* A second section renumbers interfaces; simple packet blocks use interface 0. */
static void sections(void **state)
{
	(void)state;
	struct ng *g = calloc(1, sizeof(*g));
	uint8_t p[2048];
	shb(g);
	idb(g, 1, "eth0", -1);
	epb(g, 0, p, sip_pkt(p, sizeof(p), PB_ETH, "192.0.2.10", "198.51.100.20", 5070));
	shb(g);
	idb(g, 101, "wlan0", -1);
	spb(g, p, sip_pkt(p, sizeof(p), PB_RAW, "192.0.2.11", "198.51.100.20", 5071));
	const char *path = tmp_path("sections.pcapng");
	save(g, path, g->len);
	free(g);
	struct ifw_model m;
	model_with_ifaces(&m, names3, 3);
	struct ifw_err err = {0};
	assert_int_equal(ifw_capture_file(&m, path, NULL, 0, &err), 0);
	assert_int_equal(m.flows.n, 2);
	assert_int_equal(find_flow(&m, 17, 5070)->iface, 0);
	assert_int_equal(find_flow(&m, 17, 5071)->iface, 2);
	assert_string_equal(find_flow(&m, 17, 5071)->app, "SIP");
	ifw_model_free(&m);
}

static void truncated(void **state)
{
	(void)state;
	struct ng *g = calloc(1, sizeof(*g));
	build_two(g);
	const char *path = tmp_path("cut.pcapng");
	save(g, path, g->len - 30); /* inside the last packet block */
	struct ifw_model m;
	model_with_ifaces(&m, names3, 3);
	ifw_id asked = 1;
	struct ifw_err err = {0};
	assert_int_equal(ifw_capture_file(&m, path, &asked, 1, &err), 0);
	assert_int_equal(m.flows.n, 2);
	assert_null(find_flow(&m, 17, 53));
	assert_true(has_warning(&m, "truncated"));
	ifw_model_free(&m);

	/* cut inside the section header: nothing was read */
	save(g, path, 10);
	model_with_ifaces(&m, names3, 3);
	ifw_err_clear(&err);
	assert_int_equal(ifw_capture_file(&m, path, &asked, 1, &err), -1);
	assert_int_equal(err.code, IFW_E_PARSE);
	ifw_model_free(&m);
	free(g);
}

static void corrupt(void **state)
{
	(void)state;
	uint8_t p[2048];
	struct ifw_err err = {0};
	struct ifw_model m;
	ifw_id asked = 0;
	const char *path = tmp_path("bad.pcapng");

	/* a packet for an interface never described */
	struct ng *g = calloc(1, sizeof(*g));
	shb(g);
	epb(g, 3, p, dns_pkt(p, sizeof(p), PB_ETH));
	save(g, path, g->len);
	model_with_ifaces(&m, names3, 3);
	assert_int_equal(ifw_capture_file(&m, path, &asked, 1, &err), -1);
	assert_int_equal(err.code, IFW_E_PARSE);
	assert_non_null(strstr(err.msg, "interface 3"));
	ifw_model_free(&m);

	/* a block length that is not a multiple of 4, after one good packet */
	memset(g, 0, sizeof(*g));
	shb(g);
	idb(g, 1, "eth0", -1);
	epb(g, 0, p, dns_pkt(p, sizeof(p), PB_ETH));
	size_t s = begin(g, 6);
	w32(g, 0);
	end(g, s);
	g->buf[s + 4] = 0x13; /* little endian length 0x13 + ... */
	save(g, path, g->len);
	model_with_ifaces(&m, names3, 3);
	ifw_err_clear(&err);
	assert_int_equal(ifw_capture_file(&m, path, &asked, 1, &err), 0);
	assert_int_equal(m.flows.n, 1);
	assert_true(has_warning(&m, "damaged"));
	ifw_model_free(&m);

	/* a packet block whose captured length exceeds the block */
	memset(g, 0, sizeof(*g));
	shb(g);
	idb(g, 1, "eth0", -1);
	size_t b = begin(g, 6);
	w32(g, 0);
	w32(g, 0);
	w32(g, 0);
	w32(g, 100000);
	w32(g, 100000);
	end(g, b);
	save(g, path, g->len);
	model_with_ifaces(&m, names3, 3);
	ifw_err_clear(&err);
	assert_int_equal(ifw_capture_file(&m, path, &asked, 1, &err), -1);
	assert_int_equal(err.code, IFW_E_PARSE);
	ifw_model_free(&m);

	/* a bad byte-order magic */
	memset(g, 0, sizeof(*g));
	shb(g);
	g->buf[8] = 0x77;
	save(g, path, g->len);
	model_with_ifaces(&m, names3, 3);
	ifw_err_clear(&err);
	assert_int_equal(ifw_capture_file(&m, path, &asked, 1, &err), -1);
	assert_int_equal(err.code, IFW_E_PARSE);
	ifw_model_free(&m);
	free(g);
}

static int teardown(void **state)
{
	(void)state;
	tmp_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(by_name),  cmocka_unit_test(unknown_names),
	    cmocka_unit_test(sections), cmocka_unit_test(truncated),
	    cmocka_unit_test(corrupt),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
