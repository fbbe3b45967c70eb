/* The byte parsers on their own: SIP headers, DNS names and answers, link/IP decoding, IKE,
 * with awkward and hostile inputs. */
#include "pkt.h"

#include "capture/cap_int.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

static bool sip(const char *s, struct ifw_sip_info *out)
{
	return ifw_sip_parse((const uint8_t *)s, strlen(s), out);
}

static void sip_forms(void **state)
{
	(void)state;
	struct ifw_sip_info si;
	/* compact headers, no angle brackets, parameters, keep-alive CRLFs first */
	assert_true(sip("\r\n\r\nREGISTER sip:ims.example.net SIP/2.0\r\n"
	                "f: sip:+15551234567@ims.example.net;tag=x\r\n"
	                "t:   <sips:+15551234567@ims.example.net>\r\n"
	                "user-agent:   Phone 2.0  \r\n\r\nbody: not a header\r\n",
	                &si));
	assert_true(si.request);
	assert_string_equal(si.method, "REGISTER");
	assert_string_equal(si.from, "sip:+15551234567@ims.example.net");
	assert_string_equal(si.to, "sips:+15551234567@ims.example.net");
	assert_string_equal(si.user_agent, "Phone 2.0");
	/* a response; the quoted display name hides a '<' */
	assert_true(sip("SIP/2.0 180 Ringing\r\nFrom: \"a <b>\" <sip:a@example.com>\r\n", &si));
	assert_false(si.request);
	assert_int_equal(si.status, 180);
	assert_string_equal(si.from, "sip:a@example.com");
	assert_string_equal(si.to, "");
	/* headers after the body separator are not read */
	assert_true(sip("OPTIONS sip:x@example.com SIP/2.0\r\n\r\nFrom: <sip:late@x>\r\n", &si));
	assert_string_equal(si.from, "");
	/* a value cut by the capture (no '>' and no line end) */
	assert_true(sip("BYE sip:x@example.com SIP/2.0\nTo: <sip:cut@exam", &si));
	assert_string_equal(si.to, "sip:cut@exam");
	/* long values are capped */
	char big[1024];
	int n = snprintf(big, sizeof(big), "MESSAGE tel:+1 SIP/2.0\r\nUser-Agent: ");
	memset(big + n, 'A', 600);
	big[n + 600] = '\0';
	assert_true(sip(big, &si));
	assert_int_equal(strlen(si.user_agent), IFW_CAP_SIP_MAX - 1);
	/* NUL bytes inside a value do not end the C string early, they become '?' */
	static const char nul[] = "INFO sip:a@b SIP/2.0\r\nUser-Agent: a\0b\r\n";
	assert_true(ifw_sip_parse((const uint8_t *)nul, sizeof(nul) - 1, &si));
	assert_string_equal(si.user_agent, "a?b");
}

static void sip_not(void **state)
{
	(void)state;
	struct ifw_sip_info si;
	static const char *const bad[] = {
	    "",
	    "GET / HTTP/1.1\r\nHost: x\r\n",
	    "INVITE sip:a@b HTTP/1.1\r\n",
	    "invite sip:a@b SIP/2.0\r\n",
	    "INVITE http://a SIP/2.0\r\n",
	    "SIP/2.0 2000 OK\r\n",
	    "SIP/2.0 099 Too low\r\n",
	    "SIP/2.0 20",
	    "AVERYVERYLONGMETHODNAME sip:a@b SIP/2.0\r\n",
	    "INVITE SIP/2.0",
	    "\r\n\r\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (sip(bad[i], &si))
			fail_msg("parsed as SIP: \"%s\"", bad[i]);
	assert_false(ifw_sip_parse(NULL, 10, &si));
}

struct answers {
	int n;
	char name[128];
	struct ifw_ip ip;
};

static void on_answer(void *ctx, const char *qname, const struct ifw_ip *ip)
{
	struct answers *a = ctx;
	a->n++;
	snprintf(a->name, sizeof(a->name), "%s", qname);
	a->ip = *ip;
}

static void dns_forms(void **state)
{
	(void)state;
	uint8_t m[600];
	struct ifw_dns_info di;
	struct answers a = {0};
	static const uint8_t v4[4] = {203, 0, 113, 5};
	size_t n = dns_response(m, sizeof(m), 1, "a.example.com", "b.example.net", v4, 4);
	assert_int_equal(ifw_dns_parse(m, n, &di, on_answer, &a), 0);
	assert_true(di.response);
	assert_string_equal(di.qname, "a.example.com");
	assert_int_equal(a.n, 1);
	assert_string_equal(a.name, "a.example.com");
	char s[IFW_IP_STRLEN];
	assert_string_equal(ifw_ip_str(&a.ip, s), "203.0.113.5");
	/* every cut of the message: no crash, never an answer that is not all there */
	for (size_t cut = 0; cut < n; cut++) {
		struct answers b = {0};
		ifw_dns_parse(m, cut, &di, on_answer, &b);
		assert_int_equal(b.n, 0);
	}
	/* an error response gives no answers */
	m[3] = (uint8_t)((m[3] & 0xf0) | 3);
	a.n = 0;
	assert_int_equal(ifw_dns_parse(m, n, &di, on_answer, &a), 0);
	assert_int_equal(a.n, 0);
	/* a query */
	n = dns_query(m, sizeof(m), 2, "x.example", 1);
	assert_int_equal(ifw_dns_parse(m, n, &di, on_answer, &a), 0);
	assert_false(di.response);
	assert_string_equal(di.qname, "x.example");
}

static void dns_hostile(void **state)
{
	(void)state;
	struct ifw_dns_info di;
	struct answers a = {0};
	/* a name that points at itself */
	uint8_t loop[] = {0, 1, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1};
	assert_int_equal(ifw_dns_parse(loop, sizeof(loop), &di, on_answer, &a), -1);
	/* a pointer forwards */
	uint8_t fwd[] = {0, 1, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 0xc0, 16, 0, 1, 1, 'a', 0};
	assert_int_equal(ifw_dns_parse(fwd, sizeof(fwd), &di, on_answer, &a), -1);
	/* a label running past the end */
	uint8_t past[] = {0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 60, 'a', 'b'};
	assert_int_equal(ifw_dns_parse(past, sizeof(past), &di, on_answer, &a), -1);
	/* a very long name is cut, not overflowed: 120 labels of 63 bytes is more than fits */
	static uint8_t longname[12 + 130 * 64 + 8];
	memset(longname, 0, sizeof(longname));
	longname[5] = 1;
	size_t o = 12;
	for (int i = 0; i < 120; i++) {
		longname[o++] = 63;
		memset(longname + o, 'x', 63);
		o += 63;
	}
	longname[o++] = 0;
	o += 4;
	assert_int_equal(ifw_dns_parse(longname, o, &di, on_answer, &a), 0);
	assert_int_equal(strlen(di.qname), IFW_CAP_NAME_MAX - 1);
	/* too many labels (more than 128) */
	static uint8_t many[12 + 200 * 2 + 8];
	memset(many, 0, sizeof(many));
	many[5] = 1;
	o = 12;
	for (int i = 0; i < 200; i++) {
		many[o++] = 1;
		many[o++] = 'a';
	}
	many[o++] = 0;
	o += 4;
	assert_int_equal(ifw_dns_parse(many, o, &di, on_answer, &a), -1);
	assert_int_equal(a.n, 0);
}

static void decode_edges(void **state)
{
	(void)state;
	uint8_t buf[2048];
	struct ifw_pkt p;
	char msg[2048];
	size_t sn = sip_invite(msg, sizeof(msg));
	struct pb_l4 l4 = {.proto = 17, .sport = 1111, .dport = 5060};
	size_t n = pb_packet(buf, sizeof(buf), PB_ETH_VLAN, "192.0.2.1", "192.0.2.2", &l4, msg, sn);
	assert_int_equal(ifw_cap_decode(IFW_LT_EN10MB, buf, n, &p), 0);
	assert_int_equal(p.family, AF_INET);
	assert_int_equal(p.sport, 1111);
	assert_int_equal(p.dport, 5060);
	assert_int_equal(p.payload_len, sn);
	assert_false(p.truncated);
	/* captured short (snaplen): truncated, payload is what is there */
	assert_int_equal(ifw_cap_decode(IFW_LT_EN10MB, buf, 100, &p), 0);
	assert_true(p.truncated);
	assert_int_equal(p.payload_len, 100 - 18 - 20 - 8);
	/* every cut of the packet decodes or fails, never reads past the cut */
	for (size_t cut = 0; cut <= n; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);
		memcpy(copy, buf, cut);
		if (ifw_cap_decode(IFW_LT_EN10MB, copy, cut, &p) == 0) {
			assert_true(p.l3 >= copy && p.l3 + p.l3_len <= copy + cut);
			if (p.payload)
				assert_true(p.payload + p.payload_len <= copy + cut);
		}
		free(copy);
	}
	/* IPv6 with extension headers */
	l4.flags = PB_F_V6EXT;
	n = pb_packet(buf, sizeof(buf), PB_RAW, "fd00::1", "fd00::2", &l4, msg, sn);
	assert_int_equal(ifw_cap_decode(IFW_LT_RAW, buf, n, &p), 0);
	assert_int_equal(p.ip_proto, 17);
	assert_int_equal(p.dport, 5060);
	/* a chain of more extension headers than anyone uses ends, with no transport */
	uint8_t chain[40 + 10 * 8 + 8];
	memset(chain, 0, sizeof(chain));
	chain[0] = 0x60;
	chain[5] = 10 * 8 + 8;
	chain[6] = 0; /* hop-by-hop, then hop-by-hop, ... */
	chain[40 + 9 * 8] = 17;
	assert_int_equal(ifw_cap_decode(IFW_LT_RAW, chain, sizeof(chain), &p), 0);
	assert_int_equal(p.sport, 0);
	assert_int_equal(p.dport, 0);
	/* a header length running past the packet */
	chain[41] = 200;
	assert_int_equal(ifw_cap_decode(IFW_LT_RAW, chain, sizeof(chain), &p), 0);
	assert_int_equal(p.dport, 0);
	/* a later IPv4 fragment has no ports */
	l4.flags = 0;
	n = pb_packet(buf, sizeof(buf), PB_RAW, "192.0.2.1", "192.0.2.2", &l4, msg, sn);
	buf[6] = 0x00;
	buf[7] = 0x10;
	assert_int_equal(ifw_cap_decode(IFW_LT_RAW, buf, n, &p), 0);
	assert_true(p.fragment);
	assert_int_equal(p.sport, 0);
	/* an IHL below 5, and non-IP ethertypes */
	buf[0] = 0x44;
	assert_int_equal(ifw_cap_decode(IFW_LT_RAW, buf, n, &p), -1);
	static const uint8_t arp[42] = {[12] = 0x08, [13] = 0x06};
	assert_int_equal(ifw_cap_decode(IFW_LT_EN10MB, arp, sizeof(arp), &p), -1);
	/* unsupported link type */
	assert_int_equal(ifw_cap_decode(105, buf, n, &p), -1);
	assert_false(ifw_cap_linktype_supported(105));
	assert_int_equal(ifw_cap_decode(IFW_LT_EN10MB, NULL, 0, &p), -1);
}

static void ike(void **state)
{
	(void)state;
	uint8_t m[200];
	size_t n = ike_msg(m, sizeof(m), 34, 0, 0);
	assert_true(ifw_ike_looks_valid(m, n));
	assert_false(ifw_ike_looks_valid(m, 27));
	m[17] = 0x30; /* IKEv3 does not exist */
	assert_false(ifw_ike_looks_valid(m, n));
	n = ike_msg(m, sizeof(m), 99, 0, 0);
	assert_false(ifw_ike_looks_valid(m, n));
	n = ike_msg(m, sizeof(m), 34, 0, 0);
	memset(m, 0, 8); /* zero initiator SPI */
	assert_false(ifw_ike_looks_valid(m, n));
	assert_string_equal(ifw_port_guess(17, 4500), "IPsec");
	assert_string_equal(ifw_port_guess(6, 5060), "SIP");
	assert_null(ifw_port_guess(6, 500));
	assert_null(ifw_port_guess(50, 500));
}

/* Random and mutated bytes through every parser, for every link type. */
static void noise(void **state)
{
	(void)state;
	static const int lts[] = {IFW_LT_NULL, IFW_LT_EN10MB, IFW_LT_RAW,  IFW_LT_LOOP,
	                          IFW_LT_SLL,  IFW_LT_IPV4,   IFW_LT_IPV6, IFW_LT_SLL2};
	uint64_t x = 0x1234567887654321ULL;
	uint8_t buf[1600], base[1600];
	char msg[2048];
	size_t sn = sip_invite(msg, sizeof(msg));
	struct pb_l4 l4 = {.proto = 17, .sport = 5060, .dport = 5060};
	size_t bn = pb_packet(base, sizeof(base), PB_ETH, "192.0.2.1", "192.0.2.2", &l4, msg, sn);
	for (int iter = 0; iter < 20000; iter++) {
		size_t n = (size_t)(iter % 2 ? bn : (x >> 20) % sizeof(buf));
		if (iter % 2) {
			memcpy(buf, base, bn);
			for (int k = 0; k < 4; k++) {
				x = x * 6364136223846793005ULL + 1442695040888963407ULL;
				buf[(x >> 33) % bn] = (uint8_t)(x >> 56);
			}
		} else {
			for (size_t i = 0; i < n; i++) {
				x = x * 6364136223846793005ULL + 1442695040888963407ULL;
				buf[i] = (uint8_t)(x >> 56);
			}
			if (n > 0)
				buf[0] = (uint8_t)((iter & 4) ? 0x45 : 0x60);
		}
		struct ifw_pkt p;
		if (ifw_cap_decode(lts[iter % 8], buf, n, &p) == 0 && p.payload) {
			struct ifw_sip_info si;
			ifw_sip_parse(p.payload, p.payload_len, &si);
			struct ifw_dns_info di;
			ifw_dns_parse(p.payload, p.payload_len, &di, on_answer,
			              &(struct answers){0});
			ifw_ike_looks_valid(p.payload, p.payload_len);
		}
		ifw_sip_parse(buf, n, &(struct ifw_sip_info){0});
		ifw_dns_parse(buf, n, &(struct ifw_dns_info){0}, on_answer, &(struct answers){0});
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(sip_forms),    cmocka_unit_test(sip_not),
	    cmocka_unit_test(dns_forms),    cmocka_unit_test(dns_hostile),
	    cmocka_unit_test(decode_edges), cmocka_unit_test(ike),
	    cmocka_unit_test(noise),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
