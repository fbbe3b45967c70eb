/* ifw_capture_file on pcap files written here: SIP, DNS, TLS, IKE/NAT-T, raw IP (a tun), the
 * other link types, and broken files. */
#include "pkt.h"

#include "capture/capture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

static const char *const one[] = {"eth0"};

/* eth0 with the addresses the captures below use as this host's: a file's flows go to the
 * interface asked about only where one of their ends is its address. */
static void eth0_with_addresses(struct ifw_model *m)
{
	model_init_ifaces(m, one, 1);
	static const char *const mine[] = {"192.0.2.10", "fd00::10", "198.51.100.100",
	                                   "fd00:5ca1::100", "fd00::1"};
	for (size_t i = 0; i < sizeof(mine) / sizeof(mine[0]); i++) {
		struct ifw_addr *a = ifw_model_add_addr(m);
		assert_non_null(a);
		a->iface = 0;
		assert_int_equal(ifw_ip_parse(mine[i], &a->ip), 0);
		a->plen = strchr(mine[i], ':') ? 64 : 24;
	}
	assert_int_equal(ifw_model_index(m), 0);
}

static void classify(struct ifw_model *m, const char *path)
{
	eth0_with_addresses(m);
	ifw_id id = 0;
	struct ifw_err err = {0};
	int rc = ifw_capture_file(m, path, &id, 1, &err);
	if (rc != 0)
		fail_msg("ifw_capture_file: %s", err.msg);
}

static void sip_flow(void **state)
{
	(void)state;
	const char *path = tmp_path("sip.pcap");
	struct pw w;
	pw_open(&w, path, PB_ETH);
	char msg[2048];
	size_t n = sip_invite(msg, sizeof(msg));
	pw_pkt(&w, PB_ETH, "192.0.2.10", "198.51.100.20", 17, 5060, 5060, msg, n, 0);
	n = sip_ok(msg, sizeof(msg));
	pw_pkt(&w, PB_ETH, "198.51.100.20", "192.0.2.10", 17, 5060, 5060, msg, n, 0);
	pw_close(&w);

	struct ifw_model m;
	classify(&m, path);
	assert_int_equal(m.flows.n, 1);
	const struct ifw_flow *f = &m.flows.v[0];
	assert_string_equal(f->app, "SIP");
	assert_non_null(f->category);
	assert_int_equal(f->ip_proto, 17);
	assert_int_equal(f->packets, 2);
	assert_int_equal(f->iface, 0);
	assert_false(f->underlay);
	char ip[IFW_IP_STRLEN];
	assert_string_equal(ifw_ip_str(&f->src, ip), "192.0.2.10");
	assert_string_equal(ifw_ip_str(&f->dst, ip), "198.51.100.20");
	assert_non_null(f->sip_from);
	assert_string_equal(f->sip_from, "sip:alice@atlanta.example.com");
	assert_string_equal(f->sip_to, "sip:bob@biloxi.example.com");
	assert_string_equal(f->sip_user_agent, "TestPhone/1.0 (ifwho)");
	assert_non_null(strstr(f->origin.src, "sip.pcap"));
	/* attached to its interface */
	assert_int_equal(m.ifaces.v[0].flows.n, 1);
	ifw_model_free(&m);
}

static void dns_answer_hint(void **state)
{
	(void)state;
	const char *path = tmp_path("dns.pcap");
	const char *name = "epdg.epc.mnc001.mcc001.pub.3gppnetwork.org";
	struct pw w;
	pw_open(&w, path, PB_ETH_VLAN);
	uint8_t msg[600];
	size_t n = dns_query(msg, sizeof(msg), 0x1234, name, 1);
	pw_pkt(&w, PB_ETH_VLAN, "192.0.2.10", "192.0.2.53", 17, 40000, 53, msg, n, 0);
	static const uint8_t a[4] = {203, 0, 113, 10};
	n = dns_response(msg, sizeof(msg), 0x1234, name, NULL, a, 4);
	pw_pkt(&w, PB_ETH_VLAN, "192.0.2.53", "192.0.2.10", 17, 53, 40000, msg, n, 0);
	/* v6, through a CNAME, over IPv6 with extension headers */
	static const uint8_t aaaa[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
	                                 0,    0,    0,    0,    0, 0, 0, 7};
	n = dns_query(msg, sizeof(msg), 0x2222, "www.example.org", 28);
	pw_pkt(&w, PB_ETH_VLAN, "fd00::10", "fd00::53", 17, 40001, 53, msg, n, PB_F_V6EXT);
	n = dns_response(msg, sizeof(msg), 0x2222, "www.example.org", "cdn.example.net", aaaa, 16);
	pw_pkt(&w, PB_ETH_VLAN, "fd00::53", "fd00::10", 17, 53, 40001, msg, n, PB_F_V6EXT);
	pw_close(&w);

	struct ifw_model m;
	classify(&m, path);
	assert_int_equal(m.flows.n, 2);
	const struct ifw_flow *f = find_flow(&m, 17, 40000);
	assert_non_null(f);
	assert_string_equal(f->app, "DNS");
	assert_string_equal(f->server_name, name);
	assert_int_equal(f->packets, 2);
	struct ifw_ip ip;
	ifw_ip_parse("203.0.113.10", &ip);
	const char *got = ifw_model_name_for(&m, &ip);
	assert_non_null(got);
	assert_string_equal(got, name);
	assert_string_equal(m.names.v[0].origin.src, "DNS answer");
	/* the v6 flow went through the extension headers to UDP */
	f = find_flow(&m, 17, 40001);
	assert_non_null(f);
	assert_string_equal(f->app, "DNS");
	ifw_ip_parse("2001:db8::7", &ip);
	got = ifw_model_name_for(&m, &ip);
	assert_non_null(got);
	assert_string_equal(got, "www.example.org");
	ifw_model_free(&m);
}

static void tls_sni(void **state)
{
	(void)state;
	const char *path = tmp_path("tls.pcap");
	struct pw w;
	pw_open(&w, path, PB_SLL);
	struct pb_tcp t = {.link = PB_SLL,
	                   .client = "192.0.2.10",
	                   .server = "198.51.100.80",
	                   .cport = 51000,
	                   .sport = 443,
	                   .cseq = 1000,
	                   .sseq = 90000};
	pw_tcp_open(&w, &t);
	uint8_t hello[1024];
	size_t n = tls_client_hello(hello, sizeof(hello), "sip.voice.example.com");
	assert_true(n > 0);
	pw_tcp_data(&w, &t, 1, hello, n);
	pw_close(&w);

	struct ifw_model m;
	classify(&m, path);
	assert_int_equal(m.flows.n, 1);
	const struct ifw_flow *f = &m.flows.v[0];
	assert_non_null(f->app);
	assert_true(strncmp(f->app, "TLS", 3) == 0);
	assert_non_null(f->server_name);
	assert_string_equal(f->server_name, "sip.voice.example.com");
	assert_int_equal(f->sport, 51000);
	assert_int_equal(f->dport, 443);
	assert_int_equal(f->packets, 4);
	struct ifw_ip ip;
	ifw_ip_parse("198.51.100.80", &ip);
	assert_non_null(ifw_model_name_for(&m, &ip));
	ifw_model_free(&m);
}

static void ike_natt(void **state)
{
	(void)state;
	const char *path = tmp_path("ike.pcap");
	struct pw w;
	pw_open(&w, path, PB_ETH);
	uint8_t msg[256];
	size_t n = ike_msg(msg, sizeof(msg), 34, 0, 0);
	pw_pkt(&w, PB_ETH, "192.0.2.10", "203.0.113.10", 17, 500, 500, msg, n, 0);
	n = ike_msg(msg, sizeof(msg), 34, 1, 0);
	pw_pkt(&w, PB_ETH, "203.0.113.10", "192.0.2.10", 17, 500, 500, msg, n, 0);
	/* NAT detected: IKE_AUTH on 4500 behind the non-ESP marker */
	n = ike_msg(msg, sizeof(msg), 35, 0, 1);
	pw_pkt(&w, PB_ETH, "192.0.2.10", "203.0.113.10", 17, 4500, 4500, msg, n, 0);
	n = ike_msg(msg, sizeof(msg), 35, 1, 1);
	pw_pkt(&w, PB_ETH, "203.0.113.10", "192.0.2.10", 17, 4500, 4500, msg, n, 0);
	/* then ESP in UDP: SPI, sequence, encrypted bytes */
	for (int i = 0; i < 4; i++) {
		uint8_t esp[120];
		memset(esp, 0x5a, sizeof(esp));
		memcpy(esp, "\xc1\x00\x00\x07", 4);
		esp[7] = (uint8_t)(i + 1);
		pw_pkt(&w, PB_ETH, i % 2 ? "203.0.113.10" : "192.0.2.10",
		       i % 2 ? "192.0.2.10" : "203.0.113.10", 17, 4500, 4500, esp, sizeof(esp), 0);
	}
	/* and plain ESP (no NAT) to another gateway */
	uint8_t esp[80];
	memset(esp, 0x33, sizeof(esp));
	pw_pkt(&w, PB_ETH, "192.0.2.10", "203.0.113.20", 50, 0, 0, esp, sizeof(esp), 0);
	pw_close(&w);

	struct ifw_model m;
	classify(&m, path);
	assert_int_equal(m.flows.n, 3);
	const struct ifw_flow *f = find_flow(&m, 17, 500);
	assert_non_null(f);
	assert_string_equal(f->app, "IKE");
	assert_string_equal(f->category, "VPN");
	assert_int_equal(f->packets, 2);
	f = find_flow(&m, 17, 4500);
	assert_non_null(f);
	assert_string_equal(f->app, "IPsec");
	assert_string_equal(f->category, "VPN");
	assert_int_equal(f->packets, 6);
	char ip[IFW_IP_STRLEN];
	assert_string_equal(ifw_ip_str(&f->dst, ip), "203.0.113.10");
	f = find_flow(&m, 50, 0);
	assert_non_null(f);
	assert_string_equal(f->app, "IPsec");
	ifw_model_free(&m);
}

/* A tun (ipsec0) gives raw IP packets: SIP inside the tunnel. */
static void raw_ip(void **state)
{
	(void)state;
	const char *path = tmp_path("raw.pcap");
	struct pw w;
	pw_open(&w, path, PB_RAW);
	char msg[2048];
	size_t n = sip_invite(msg, sizeof(msg));
	pw_pkt(&w, PB_RAW, "198.51.100.100", "198.51.100.1", 17, 5060, 5060, msg, n, 0);
	n = sip_ok(msg, sizeof(msg));
	pw_pkt(&w, PB_RAW, "198.51.100.1", "198.51.100.100", 17, 5060, 5060, msg, n, 0);
	n = sip_invite(msg, sizeof(msg));
	pw_pkt(&w, PB_RAW, "fd00:5ca1::100", "fd00:5ca1::1", 17, 5062, 5060, msg, n, 0);
	pw_close(&w);

	struct ifw_model m;
	classify(&m, path);
	assert_int_equal(m.flows.n, 2);
	const struct ifw_flow *f = find_flow(&m, 17, 5062);
	assert_non_null(f);
	assert_int_equal(f->src.family, AF_INET6);
	assert_string_equal(f->app, "SIP");
	for (size_t i = 0; i < m.flows.n; i++) {
		assert_string_equal(m.flows.v[i].app, "SIP");
		assert_string_equal(m.flows.v[i].sip_user_agent, "TestPhone/1.0 (ifwho)");
	}
	ifw_model_free(&m);
}

/* Every supported link type carries the same flow. */
static void link_types(void **state)
{
	(void)state;
	static const enum pb_link links[] = {PB_ETH,  PB_ETH_VLAN, PB_RAW, PB_SLL,
	                                     PB_SLL2, PB_NULL,     PB_LOOP};
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		char name[32];
		snprintf(name, sizeof(name), "link%zu.pcap", i);
		const char *path = tmp_path(name);
		struct pw w;
		pw_open(&w, path, links[i]);
		char msg[2048];
		size_t n = sip_invite(msg, sizeof(msg));
		pw_pkt(&w, links[i], "192.0.2.10", "198.51.100.20", 17, 5060, 5060, msg, n, 0);
		pw_pkt(&w, links[i], "fd00::1", "fd00::2", 17, 5060, 5060, msg, n, 0);
		pw_close(&w);
		struct ifw_model m;
		classify(&m, path);
		if (m.flows.n != 2)
			fail_msg("link type %d: %zu flows", pb_dlt(links[i]), m.flows.n);
		assert_string_equal(m.flows.v[0].app, "SIP");
		assert_string_equal(m.flows.v[1].app, "SIP");
		ifw_model_free(&m);
	}
}

/* nDPI cannot name it: the port's protocol, marked as a guess; else Unknown. */
static void port_guess(void **state)
{
	(void)state;
	const char *path = tmp_path("guess.pcap");
	struct pw w;
	pw_open(&w, path, PB_ETH);
	uint8_t junk[64];
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (uint8_t)(i * 37 + 11);
	pw_pkt(&w, PB_ETH, "192.0.2.10", "198.51.100.7", 17, 41000, 51820, junk, sizeof(junk), 0);
	pw_pkt(&w, PB_ETH, "192.0.2.10", "198.51.100.7", 17, 41001, 39999, junk, sizeof(junk), 0);
	pw_close(&w);
	struct ifw_model m;
	classify(&m, path);
	assert_int_equal(m.flows.n, 2);
	const struct ifw_flow *f = find_flow(&m, 17, 39999);
	assert_string_equal(f->app, "Unknown");
	f = find_flow(&m, 17, 51820);
	if (strcmp(f->app, "WireGuard") == 0 && f->category &&
	    strcmp(f->category, "guessed by port") != 0) {
		/* nDPI recognised it itself: fine, but then it is not a guess. */
	} else {
		assert_string_equal(f->app, "WireGuard");
		assert_string_equal(f->category, "guessed by port");
	}
	ifw_model_free(&m);
}

static void write_bytes(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
}

static size_t read_bytes(const char *path, uint8_t *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t n = fread(buf, 1, cap, f);
	fclose(f);
	return n;
}

static void truncated_mid_packet(void **state)
{
	(void)state;
	const char *path = tmp_path("full.pcap");
	struct pw w;
	pw_open(&w, path, PB_ETH);
	char msg[2048];
	size_t n = sip_invite(msg, sizeof(msg));
	pw_pkt(&w, PB_ETH, "192.0.2.10", "198.51.100.20", 17, 5060, 5060, msg, n, 0);
	uint8_t q[300];
	size_t qn = dns_query(q, sizeof(q), 7, "example.com", 1);
	pw_pkt(&w, PB_ETH, "192.0.2.10", "192.0.2.53", 17, 40000, 53, q, qn, 0);
	pw_close(&w);
	static uint8_t buf[8192];
	size_t len = read_bytes(path, buf, sizeof(buf));
	char cut[256];
	snprintf(cut, sizeof(cut), "%s", tmp_path("cut.pcap"));
	write_bytes(cut, buf, len - 20); /* the DNS packet loses its end */

	struct ifw_model m;
	classify(&m, cut);
	assert_int_equal(m.flows.n, 1);
	assert_string_equal(m.flows.v[0].app, "SIP");
	assert_true(has_warning(&m, "truncated"));
	ifw_model_free(&m);

	/* Cut inside the file header: nothing to read. */
	write_bytes(cut, buf, 10);
	model_with_ifaces(&m, one, 1);
	ifw_id id = 0;
	struct ifw_err err = {0};
	assert_int_equal(ifw_capture_file(&m, cut, &id, 1, &err), -1);
	assert_int_equal(err.code, IFW_E_PARSE);
	assert_non_null(strstr(err.msg, "cut.pcap"));
	ifw_model_free(&m);
}

static void garbage(void **state)
{
	(void)state;
	const char *path = tmp_path("garbage.pcap");
	static const char junk[] = "this is not a capture file at all, just text\n";
	write_bytes(path, junk, sizeof(junk));
	struct ifw_model m;
	model_with_ifaces(&m, one, 1);
	ifw_id id = 0;
	struct ifw_err err = {0};
	assert_int_equal(ifw_capture_file(&m, path, &id, 1, &err), -1);
	assert_int_equal(err.code, IFW_E_PARSE);
	assert_non_null(strstr(err.msg, "garbage.pcap"));
	assert_int_equal(m.flows.n, 0);

	/* an empty file */
	write_bytes(path, "", 0);
	ifw_err_clear(&err);
	assert_int_equal(ifw_capture_file(&m, path, &id, 1, &err), -1);
	assert_int_equal(err.code, IFW_E_PARSE);

	/* a valid header with an absurd first record */
	static const uint8_t hdr[] = {0xd4, 0xc3, 0xb2, 0xa1, 2,    0,    4,    0,    0,    0,
	                              0,    0,    0,    0,    0,    0,    0xff, 0xff, 0,    0,
	                              1,    0,    0,    0,    0,    0,    0,    0,    0,    0,
	                              0,    0,    0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff, 0x7f};
	write_bytes(path, hdr, sizeof(hdr));
	ifw_err_clear(&err);
	assert_int_equal(ifw_capture_file(&m, path, &id, 1, &err), -1);
	assert_int_equal(err.code, IFW_E_PARSE);
	assert_non_null(strstr(err.msg, "no packet"));
	assert_int_equal(m.flows.n, 0);

	/* a link type we do not read */
	pcap_t *dead = pcap_open_dead(DLT_IEEE802_11, 65535);
	pcap_dumper_t *d = pcap_dump_open(dead, path);
	pcap_dump_close(d);
	pcap_close(dead);
	ifw_err_clear(&err);
	assert_int_equal(ifw_capture_file(&m, path, &id, 1, &err), -1);
	assert_int_equal(err.code, IFW_E_PARSE);
	assert_non_null(strstr(err.msg, "not supported"));
	ifw_model_free(&m);
}

/* Several interfaces asked for and a classic pcap (no names): flows keep no interface. */
static void unattributed(void **state)
{
	(void)state;
	const char *path = tmp_path("noname.pcap");
	struct pw w;
	pw_open(&w, path, PB_ETH);
	char msg[2048];
	size_t n = sip_invite(msg, sizeof(msg));
	pw_pkt(&w, PB_ETH, "192.0.2.10", "198.51.100.20", 17, 5060, 5060, msg, n, 0);
	pw_close(&w);
	static const char *const two[] = {"eth0", "eth1"};
	struct ifw_model m;
	model_with_ifaces(&m, two, 2);
	ifw_id ids[2] = {0, 1};
	struct ifw_err err = {0};
	assert_int_equal(ifw_capture_file(&m, path, ids, 2, &err), 0);
	assert_int_equal(m.flows.n, 1);
	assert_int_equal(m.flows.v[0].iface, IFW_NOID);
	assert_int_equal(m.ifaces.v[0].flows.n, 0);
	assert_true(has_warning(&m, "listed apart, not under an interface"));
	ifw_model_free(&m);
}

/* A pipe (--pcap /dev/stdin): the bytes read to tell the format are not lost. */
/* Naming an interface claims only the flows with its address at one end. */
static void named_by_address(void **state)
{
	(void)state;
	const char *path = tmp_path("mixed.pcap");
	struct pw w;
	pw_open(&w, path, PB_ETH);
	char msg[2048];
	size_t n = sip_invite(msg, sizeof(msg));
	pw_pkt(&w, PB_ETH, "192.0.2.10", "198.51.100.20", 17, 5060, 5060, msg, n, 0);
	pw_pkt(&w, PB_ETH, "203.0.113.5", "203.0.113.6", 17, 5062, 5060, msg, n, 0);
	pw_close(&w);
	struct ifw_model m;
	classify(&m, path);
	assert_int_equal(m.flows.n, 2);
	const struct ifw_flow *mine = find_flow(&m, 17, 5060);
	for (size_t i = 0; i < m.flows.n; i++) {
		const struct ifw_flow *f = &m.flows.v[i];
		char ip[IFW_IP_STRLEN];
		if (strcmp(ifw_ip_str(&f->src, ip), "192.0.2.10") == 0)
			assert_int_equal(f->iface, 0);
		else
			assert_int_equal(f->iface, IFW_NOID);
	}
	assert_non_null(mine);
	assert_int_equal(m.ifaces.v[0].flows.n, 1);
	assert_true(has_warning(&m, "1 flows are listed apart"));
	ifw_model_free(&m);

	/* Without addresses, eth0 claims nothing from a file that does not name it. */
	model_with_ifaces(&m, one, 1);
	ifw_id id = 0;
	struct ifw_err err = {0};
	assert_int_equal(ifw_capture_file(&m, path, &id, 1, &err), 0);
	assert_int_equal(m.ifaces.v[0].flows.n, 0);
	assert_int_equal(m.flows.v[0].iface, IFW_NOID);
	ifw_model_free(&m);
}

/* A pipe named as one of our own descriptors (tcpdump -w - | ifwho --pcap /dev/stdin, or a
 * shell's <(...)) is read; a named FIFO is refused at once (with no writer it held the run for
 * good; another user may plant one where root reads captures). */
static void from_pipe(void **state)
{
	(void)state;
	const char *path = tmp_path("pipe-src.pcap");
	struct pw w;
	pw_open(&w, path, PB_ETH);
	char msg[2048];
	size_t n = sip_invite(msg, sizeof(msg));
	pw_pkt(&w, PB_ETH, "192.0.2.10", "198.51.100.20", 17, 5060, 5060, msg, n, 0);
	pw_close(&w);
	static uint8_t buf[8192];
	size_t len = read_bytes(path, buf, sizeof(buf));
	int p[2];
	assert_int_equal(pipe(p), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		_exit(write(p[1], buf, len) == (ssize_t)len ? 0 : 1);
	}
	close(p[1]);
	char name[64];
	snprintf(name, sizeof(name), "/dev/fd/%d", p[0]);
	struct ifw_model m;
	classify(&m, name);
	close(p[0]);
	int status;
	waitpid(pid, &status, 0);
	assert_int_equal(m.flows.n, 1);
	assert_string_equal(m.flows.v[0].app, "SIP");
	assert_int_equal(m.warnings.n, 0);
	ifw_model_free(&m);

	char fifo[256];
	snprintf(fifo, sizeof(fifo), "%s", tmp_path("fifo"));
	assert_int_equal(mkfifo(fifo, 0600), 0);
	eth0_with_addresses(&m);
	ifw_id id = 0;
	struct ifw_err err = {0};
	assert_int_equal(ifw_capture_file(&m, fifo, &id, 1, &err), -1);
	assert_non_null(strstr(err.msg, "a FIFO, not a regular file"));
	ifw_model_free(&m);
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
	    cmocka_unit_test(sip_flow),         cmocka_unit_test(dns_answer_hint),
	    cmocka_unit_test(tls_sni),          cmocka_unit_test(ike_natt),
	    cmocka_unit_test(raw_ip),           cmocka_unit_test(link_types),
	    cmocka_unit_test(port_guess),       cmocka_unit_test(truncated_mid_packet),
	    cmocka_unit_test(garbage),          cmocka_unit_test(unattributed),
	    cmocka_unit_test(named_by_address), cmocka_unit_test(from_pipe),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
