/* Writes the capture benchmark's second input: many short flows, unlike gen.c's fewer long ones
 * (about 120 000 flows and 490 000 packets at SCALE 1; a quarter over IPv6), deterministic:
 *   DNS   50 %  UDP 53: A or AAAA query, an answer of one or two records (one in ten unanswered)
 *   UDP   27 %  plain UDP between random high ports, 1-6 packets of 20-1400 random bytes
 *   TLS   12 %  TCP 443 or 8443: handshake, ClientHello with SNI and ALPN, ServerHello,
 *               3, 5 or 7 records of random size, FIN
 *   HTTP   9 %  TCP 80 or 8080: handshake, GET or POST with Host, one response, FIN
 *   SIP    2 %  UDP 5060 from a high port: OPTIONS + 200, or REGISTER + 401 + REGISTER + 200
 * Addresses only from the documentation ranges: clients in 192.0.2.0/24 and 2001:db8:1::/48,
 * servers in 198.51.100.0/24, 203.0.113.0/24 and 2001:db8:2::/48.
 * usage: capture-gen-mixed OUT.pcap [SCALE] */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(void)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(rng >> 33);
}

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v);
}

static void fill(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)rnd();
}

enum kind { DNS, UDP, TLS, HTTP, SIP };

struct flow {
	uint8_t kind, v6, step, last; /* last: the step after which the flow ends */
	uint8_t c[16], s[16];         /* client, server */
	uint16_t cport, sport;
	uint32_t cseq, sseq, id;
};

static pcap_dumper_t *dump;
static uint64_t ts_us = 1750000000ULL * 1000000;
static uint64_t n_packets;

static uint16_t ip_checksum(const uint8_t *h, size_t n)
{
	uint32_t sum = 0;
	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(h[i] << 8 | h[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* One Ethernet frame of the flow, from the client or the server; proto 6 (TCP) or 17 (UDP). */
static void emit(const struct flow *f, int from_client, uint8_t proto, uint8_t tcp_flags,
                 const void *payload, size_t plen)
{
	static uint8_t buf[2048];
	memcpy(buf, "\x02\x00\x00\x00\x00\x0b\x02\x00\x00\x00\x00\x0a", 12);
	put16(buf + 12, f->v6 ? 0x86dd : 0x0800);
	uint8_t *ip = buf + 14;
	size_t l4 = proto == 6 ? 20 : 8, iphl = f->v6 ? 40 : 20, total = iphl + l4 + plen;
	const uint8_t *src = from_client ? f->c : f->s, *dst = from_client ? f->s : f->c;
	memset(ip, 0, iphl + l4);
	if (f->v6) {
		ip[0] = 0x60;
		put16(ip + 4, (uint32_t)(l4 + plen));
		ip[6] = proto;
		ip[7] = 60;
		memcpy(ip + 8, src, 16);
		memcpy(ip + 24, dst, 16);
	} else {
		ip[0] = 0x45;
		put16(ip + 2, (uint32_t)total);
		put16(ip + 4, rnd());
		ip[6] = 0x40; /* don't fragment */
		ip[8] = 60;
		ip[9] = proto;
		memcpy(ip + 12, src, 4);
		memcpy(ip + 16, dst, 4);
		put16(ip + 10, ip_checksum(ip, 20));
	}
	uint8_t *t = ip + iphl;
	put16(t, from_client ? f->cport : f->sport);
	put16(t + 2, from_client ? f->sport : f->cport);
	if (proto == 6) {
		put32(t + 4, from_client ? f->cseq : f->sseq);
		put32(t + 8, (tcp_flags & 0x10) ? (from_client ? f->sseq : f->cseq) : 0);
		t[12] = 5 << 4;
		t[13] = tcp_flags;
		put16(t + 14, 29200);
	} else {
		put16(t + 4, (uint32_t)(8 + plen));
	}
	memcpy(t + l4, payload, plen);
	struct pcap_pkthdr h;
	memset(&h, 0, sizeof(h));
	ts_us += 5 + rnd() % 60;
	h.ts.tv_sec = (time_t)(ts_us / 1000000);
	h.ts.tv_usec = (suseconds_t)(ts_us % 1000000);
	h.caplen = h.len = (bpf_u_int32)(14 + total);
	pcap_dump((u_char *)dump, &h, buf);
	n_packets++;
}

static void tcp(struct flow *f, int from_client, uint8_t flags, const void *p, size_t n)
{
	emit(f, from_client, 6, flags, p, n);
	uint32_t adv = (uint32_t)n + ((flags & 0x03) ? 1 : 0); /* SYN and FIN count one */
	if (from_client)
		f->cseq += adv;
	else
		f->sseq += adv;
}

/* A TLS 1.2/1.3 ClientHello record with server_name and ALPN (h2, http/1.1). */
static size_t client_hello(uint8_t *out, const char *sni)
{
	uint8_t ext[400];
	size_t e = 0, sl = strlen(sni);
	put16(ext + e, 0); /* server_name */
	put16(ext + e + 2, (uint32_t)(sl + 5));
	put16(ext + e + 4, (uint32_t)(sl + 3));
	ext[e + 6] = 0;
	put16(ext + e + 7, (uint32_t)sl);
	memcpy(ext + e + 9, sni, sl);
	e += 9 + sl;
	static const uint8_t alpn[] = {0x00, 0x10, 0x00, 0x0e, 0x00, 0x0c, 0x02, 'h', '2',
	                               0x08, 'h',  't',  't',  'p',  '/',  '1',  '.', '1'};
	memcpy(ext + e, alpn, sizeof(alpn));
	e += sizeof(alpn);
	static const uint8_t more[] = {0x00, 0x0a, 0x00, 0x08, 0x00, 0x06, 0x00, 0x1d, 0x00,
	                               0x17, 0x00, 0x18, 0x00, 0x0d, 0x00, 0x08, 0x00, 0x06,
	                               0x04, 0x03, 0x08, 0x04, 0x04, 0x01, 0x00, 0x2b, 0x00,
	                               0x05, 0x04, 0x03, 0x04, 0x03, 0x03};
	memcpy(ext + e, more, sizeof(more));
	e += sizeof(more);
	uint8_t *h = out + 5;
	size_t o = 4;
	h[o++] = 3;
	h[o++] = 3;
	fill(h + o, 32); /* random */
	o += 32;
	h[o++] = 32; /* a session id, as TLS 1.3 clients send */
	fill(h + o, 32);
	o += 32;
	static const uint8_t suites[] = {0x00, 0x08, 0x13, 0x01, 0x13, 0x02,
	                                 0xc0, 0x2b, 0xc0, 0x2f, 1,    0};
	memcpy(h + o, suites, sizeof(suites));
	o += sizeof(suites);
	put16(h + o, (uint32_t)e);
	o += 2;
	memcpy(h + o, ext, e);
	o += e;
	h[0] = 1;
	h[1] = 0;
	put16(h + 2, (uint32_t)(o - 4));
	out[0] = 0x16;
	out[1] = 3;
	out[2] = 1;
	put16(out + 3, (uint32_t)o);
	return o + 5;
}

static size_t server_hello(uint8_t *out)
{
	uint8_t *h = out + 5;
	size_t o = 4;
	h[o++] = 3;
	h[o++] = 3;
	fill(h + o, 32);
	o += 32;
	h[o++] = 0;
	h[o++] = 0x13;
	h[o++] = 0x01;
	h[o++] = 0;
	put16(h + o, 0);
	o += 2;
	h[0] = 2;
	h[1] = 0;
	put16(h + 2, (uint32_t)(o - 4));
	out[0] = 0x16;
	out[1] = 3;
	out[2] = 3;
	put16(out + 3, (uint32_t)o);
	return o + 5;
}

/* An application-data record of n bytes in all. */
static size_t tls_record(uint8_t *p, size_t n)
{
	fill(p, n);
	p[0] = 0x17;
	p[1] = 3;
	p[2] = 3;
	put16(p + 3, (uint32_t)(n - 5));
	return n;
}

static size_t dns_name(uint8_t *p, uint32_t id)
{
	char name[80];
	static const char *const zones[] = {"example.net", "example.com", "example.org"};
	snprintf(name, sizeof(name), "svc%u.region%u.%s", id % 5000, id % 11, zones[id % 3]);
	size_t o = 0;
	for (char *s = name; *s;) {
		char *dot = strchr(s, '.');
		size_t l = dot ? (size_t)(dot - s) : strlen(s);
		p[o++] = (uint8_t)l;
		memcpy(p + o, s, l);
		o += l;
		s += l + (dot ? 1 : 0);
	}
	p[o++] = 0;
	return o;
}

/* A query (step 0) or its answer (step 1): A or AAAA, one or two records. */
static size_t dns(uint8_t *p, const struct flow *f, int answer)
{
	int aaaa = f->id % 4 == 1, n_ans = answer ? 1 + (int)(f->id % 3 == 0) : 0;
	memset(p, 0, 12);
	put16(p, f->id & 0xffff);
	put16(p + 2, answer ? 0x8180 : 0x0100);
	put16(p + 4, 1);
	put16(p + 6, (uint32_t)n_ans);
	size_t o = 12 + dns_name(p + 12, f->id);
	put16(p + o, aaaa ? 28 : 1);
	put16(p + o + 2, 1);
	o += 4;
	for (int k = 0; k < n_ans; k++) {
		put16(p + o, 0xc00c);
		put16(p + o + 2, aaaa ? 28 : 1);
		put16(p + o + 4, 1);
		put32(p + o + 6, 60 + f->id % 3600);
		put16(p + o + 10, aaaa ? 16 : 4);
		o += 12;
		uint8_t a[16] = {0};
		if (aaaa) {
			put32(a, 0x20010db8);
			put16(a + 4, 2);
			put32(a + 12, f->id * 2 + (uint32_t)k);
			memcpy(p + o, a, 16);
			o += 16;
		} else {
			p[o] = 203;
			p[o + 1] = 0;
			p[o + 2] = 113;
			p[o + 3] = (uint8_t)(1 + (f->id + (uint32_t)k) % 254);
			o += 4;
		}
	}
	return o;
}

static size_t sip(char *buf, size_t cap, const struct flow *f, int step)
{
	int reg = f->last == 3;
	static const char *const options[] = {"OPTIONS sip:gw.example.com SIP/2.0",
	                                      "SIP/2.0 200 OK"};
	static const char *const regs[] = {"REGISTER sip:example.com SIP/2.0",
	                                   "SIP/2.0 401 Unauthorized",
	                                   "REGISTER sip:example.com SIP/2.0", "SIP/2.0 200 OK"};
	const char *first = reg ? regs[step] : options[step];
	const char *method = reg ? "REGISTER" : "OPTIONS";
	int n =
	    snprintf(buf, cap,
	             "%s\r\nVia: SIP/2.0/UDP 192.0.2.%u:%u;rport;branch=z9hG4bK-%u-%d\r\n"
	             "Max-Forwards: 70\r\nFrom: <sip:ext%u@example.com>;tag=%x\r\n"
	             "To: <sip:ext%u@example.com>%s\r\nCall-ID: %08x%08x@192.0.2.%u\r\n"
	             "CSeq: %d %s\r\n%s%sUser-Agent: DeskSet/7.4\r\nContent-Length: 0\r\n\r\n",
	             first, f->c[3], f->cport, f->id, step, f->id % 900, f->id * 2654435761u,
	             f->id % 900, step % 2 ? ";tag=srv1" : "", f->id, f->id ^ 0x5a5a5a5au, f->c[3],
	             1 + step / 2, method, reg ? "Contact: <sip:ext@192.0.2.1>\r\n" : "",
	             reg && step == 1 ? "WWW-Authenticate: Digest realm=\"example.com\", "
	                                "nonce=\"a1b2c3d4e5f6\", algorithm=MD5\r\n"
	                              : "");
	return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
}

/* Emits the flow's next packet; 0 when it was its last. */
static int step(struct flow *f)
{
	uint8_t p[1600];
	char text[1400];
	int s = f->step++;
	switch ((enum kind)f->kind) {
	case DNS:
		emit(f, s == 0, 17, 0, p, dns(p, f, s));
		break;
	case UDP: {
		size_t n = 20 + rnd() % 1381;
		fill(p, n);
		emit(f, s % 2 == 0 || rnd() % 4 == 0, 17, 0, p, n);
		break;
	}
	case SIP:
		emit(f, s % 2 == 0, 17, 0, text, sip(text, sizeof(text), f, s));
		break;
	case TLS:
	case HTTP:
		if (s == 0) {
			tcp(f, 1, 0x02, NULL, 0);
		} else if (s == 1) {
			tcp(f, 0, 0x12, NULL, 0);
		} else if (s == 2) {
			tcp(f, 1, 0x10, NULL, 0);
		} else if (s == 3 && f->kind == TLS) {
			char sni[64];
			snprintf(sni, sizeof(sni), "cdn%u.media.example.com", f->id % 3000);
			tcp(f, 1, 0x18, p, client_hello(p, sni));
		} else if (s == 3) {
			int post = f->id % 5 == 0;
			int n = snprintf(
			    text, sizeof(text),
			    "%s /api/v2/items?id=%u HTTP/1.1\r\nHost: app%u.example.net\r\n"
			    "User-Agent: mixgen/0.3\r\nAccept: application/json\r\n%s\r\n%s",
			    post ? "POST" : "GET", f->id, f->id % 700,
			    post ? "Content-Type: application/json\r\nContent-Length: 17\r\n" : "",
			    post ? "{\"state\":\"ready\"}" : "");
			tcp(f, 1, 0x18, text, (size_t)n);
		} else if (s == 4 && f->kind == TLS) {
			tcp(f, 0, 0x18, p, server_hello(p));
		} else if (s == 4) {
			size_t body = 100 + rnd() % 1100;
			int n = snprintf(text, sizeof(text),
			                 "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
			                 "Content-Length: %zu\r\nServer: mix\r\n\r\n",
			                 body);
			fill((uint8_t *)text + n, body);
			tcp(f, 0, 0x18, text, (size_t)n + body);
		} else if (s < f->last - 1 && f->kind == TLS) {
			int from_client = s % 2 == 1;
			tcp(f, from_client, 0x18, p,
			    tls_record(p, from_client ? 40 + rnd() % 400 : 100 + rnd() % 1300));
		} else if (s < f->last - 1) {
			tcp(f, 1, 0x10, NULL, 0); /* HTTP: the client acks the response */
		} else {
			tcp(f, s == f->last - 1, 0x11, NULL, 0); /* FIN from each side */
		}
		break;
	}
	return s < f->last;
}

/* A client (192.0.2.0/24, 2001:db8:1::/48) or server (198.51.100.0/24 and 203.0.113.0/24,
 * 2001:db8:2::/48) address. */
static void addr(uint8_t *a, int v6, int server, uint32_t n)
{
	memset(a, 0, 16);
	if (v6) {
		put32(a, 0x20010db8);
		put16(a + 4, server ? 2 : 1);
		put32(a + 12, n);
	} else if (!server) {
		a[0] = 192, a[1] = 0, a[2] = 2, a[3] = (uint8_t)(1 + n % 254);
	} else {
		uint8_t net = n % 2 ? 100 : 113;
		a[0] = net == 100 ? 198 : 203, a[1] = net == 100 ? 51 : 0, a[2] = net;
		a[3] = (uint8_t)(1 + (n / 2) % 254);
	}
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: capture-gen-mixed OUT.pcap [SCALE]\n");
		return 2;
	}
	double scale = argc > 2 ? atof(argv[2]) : 1.0;
	/* flows per kind at SCALE 1: 120 000 in all */
	static const unsigned mix[] = {
	    [DNS] = 60000, [UDP] = 32000, [TLS] = 15000, [HTTP] = 11000, [SIP] = 2000};
	size_t total = 0;
	for (size_t k = 0; k < sizeof(mix) / sizeof(mix[0]); k++)
		total += (size_t)(mix[k] * scale);
	struct flow *pending = calloc(total ? total : 1, sizeof(*pending));
	if (!pending) {
		fprintf(stderr, "capture-gen-mixed: out of memory\n");
		return 1;
	}
	pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
	dump = pcap_dump_open(dead, argv[1]);
	if (!dump) {
		fprintf(stderr, "capture-gen-mixed: %s\n", pcap_geterr(dead));
		return 1;
	}
	size_t n = 0;
	uint32_t id = 1;
	for (size_t k = 0; k < sizeof(mix) / sizeof(mix[0]); k++) {
		for (unsigned i = 0; i < (unsigned)(mix[k] * scale); i++, id++) {
			struct flow *f = &pending[n++];
			f->kind = (uint8_t)k;
			f->id = id;
			f->v6 = id % 4 == 0;
			addr(f->c, f->v6, 0, id % 251);
			addr(f->s, f->v6, 1, id % 509);
			/* 7919 is prime to 64 000: no two flows within 64 000 share client and port
			 */
			f->cport = (uint16_t)(1024 + (id * 7919u) % 64000);
			f->cseq = rnd();
			f->sseq = rnd();
			switch ((enum kind)k) {
			case DNS:
				f->sport = 53;
				f->last = id % 10 == 0 ? 0 : 1;
				break;
			case UDP:
				f->sport = (uint16_t)(10000 + rnd() % 50000);
				f->last = (uint8_t)(rnd() % 6);
				break;
			case TLS:
				f->sport = id % 7 == 0 ? 8443 : 443;
				f->last =
				    (uint8_t)(6 + 2 * (1 + rnd() % 3) + 1); /* 3, 5 or 7 records */
				break;
			case HTTP:
				f->sport = id % 5 == 0 ? 8080 : 80;
				f->last = 7; /* handshake, request, response, ack, two FINs */
				break;
			case SIP:
				f->sport = 5060;
				f->last = id % 5 < 2 ? 3 : 1;
				break;
			}
		}
	}
	/* shuffle the start order, then interleave up to 1024 live flows */
	for (size_t i = n; i > 1; i--) {
		size_t j = rnd() % i;
		struct flow t = pending[i - 1];
		pending[i - 1] = pending[j];
		pending[j] = t;
	}
	enum { LIVE = 1024 };
	static struct flow *live[LIVE];
	size_t n_live = 0, next = 0;
	while (next < n || n_live) {
		while (n_live < LIVE && next < n)
			live[n_live++] = &pending[next++];
		size_t k = rnd() % n_live;
		if (!step(live[k]))
			live[k] = live[--n_live];
	}
	pcap_dump_close(dump);
	pcap_close(dead);
	free(pending);
	printf("%llu packets, %zu flows\n", (unsigned long long)n_packets, n);
	return 0;
}
