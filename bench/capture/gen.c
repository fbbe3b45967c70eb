/* Writes the capture benchmark's input: a pcap (Ethernet, IPv4 and some IPv6) of interleaved
 * flows, deterministic for a given seed:
 *   HTTP  (TCP 80:   handshake, GET with Host, 10 response segments, ACKs, FIN)
 *   TLS   (TCP 443:  handshake, ClientHello with SNI, ServerHello, 10 records each way, FIN)
 *   DNS   (UDP 53:   query + response with an A answer, names from a pool of 2000)
 *   SIP   (UDP 5060: INVITE with SDP, 100, 180, 200, ACK, BYE, 200) and its RTP (2 x 100)
 *   other (UDP, random high ports, 10 packets of random bytes)
 * usage: capture-gen OUT.pcap [SCALE]   (SCALE 1 = about 550k packets) */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x853c49e6748fea9bULL;

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

enum kind { HTTP, TLS, DNS, SIP, RTP, OTHER };

struct flow {
	enum kind kind;
	int step, v6;
	uint8_t c[16], s[16]; /* client, server */
	uint16_t cport, sport;
	uint32_t cseq, sseq, id;
};

static pcap_dumper_t *dump;
static uint64_t ts_us = 1700000000ULL * 1000000;
static uint64_t n_packets;

static void emit(const struct flow *f, int from_client, uint8_t proto, uint8_t tcp_flags,
                 const void *payload, size_t plen)
{
	static uint8_t buf[2048];
	size_t o = 0;
	memcpy(buf, "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01", 12);
	put16(buf + 12, f->v6 ? 0x86dd : 0x0800);
	o = 14;
	size_t l4 = proto == 6 ? 20 : 8;
	size_t iphl = f->v6 ? 40 : 20;
	size_t total = iphl + l4 + plen;
	const uint8_t *src = from_client ? f->c : f->s, *dst = from_client ? f->s : f->c;
	memset(buf + o, 0, iphl + l4);
	if (f->v6) {
		buf[o] = 0x60;
		put16(buf + o + 4, (uint32_t)(l4 + plen));
		buf[o + 6] = proto;
		buf[o + 7] = 64;
		memcpy(buf + o + 8, src, 16);
		memcpy(buf + o + 24, dst, 16);
	} else {
		buf[o] = 0x45;
		put16(buf + o + 2, (uint32_t)total);
		buf[o + 8] = 64;
		buf[o + 9] = proto;
		memcpy(buf + o + 12, src, 4);
		memcpy(buf + o + 16, dst, 4);
	}
	uint8_t *t = buf + o + iphl;
	put16(t, from_client ? f->cport : f->sport);
	put16(t + 2, from_client ? f->sport : f->cport);
	if (proto == 6) {
		put32(t + 4, from_client ? f->cseq : f->sseq);
		put32(t + 8, (tcp_flags & 0x10) ? (from_client ? f->sseq : f->cseq) : 0);
		t[12] = 5 << 4;
		t[13] = tcp_flags;
		put16(t + 14, 65535);
	} else {
		put16(t + 4, (uint32_t)(8 + plen));
	}
	memcpy(t + l4, payload, plen);
	struct pcap_pkthdr h;
	memset(&h, 0, sizeof(h));
	ts_us += 50 + rnd() % 100;
	h.ts.tv_sec = (time_t)(ts_us / 1000000);
	h.ts.tv_usec = (suseconds_t)(ts_us % 1000000);
	h.caplen = h.len = (bpf_u_int32)(o + total);
	pcap_dump((u_char *)dump, &h, buf);
	n_packets++;
}

static void tcp(struct flow *f, int from_client, uint8_t flags, const void *p, size_t n)
{
	emit(f, from_client, 6, flags, p, n);
	uint32_t adv = (uint32_t)n + ((flags & 0x03) ? 1 : 0);
	if (from_client)
		f->cseq += adv;
	else
		f->sseq += adv;
}

static void fill(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)rnd();
}

static size_t client_hello(uint8_t *out, const char *sni)
{
	uint8_t ext[300];
	size_t e = 0, sl = strlen(sni);
	put16(ext, 0);
	put16(ext + 2, (uint32_t)(sl + 5));
	put16(ext + 4, (uint32_t)(sl + 3));
	ext[6] = 0;
	put16(ext + 7, (uint32_t)sl);
	memcpy(ext + 9, sni, sl);
	e = 9 + sl;
	static const uint8_t more[] = {0x00, 0x0a, 0x00, 0x06, 0x00, 0x04, 0x00, 0x1d, 0x00, 0x17,
	                               0x00, 0x0b, 0x00, 0x02, 0x01, 0x00, 0x00, 0x0d, 0x00, 0x08,
	                               0x00, 0x06, 0x04, 0x03, 0x08, 0x04, 0x04, 0x01, 0x00, 0x2b,
	                               0x00, 0x05, 0x04, 0x03, 0x04, 0x03, 0x03};
	memcpy(ext + e, more, sizeof(more));
	e += sizeof(more);
	uint8_t *h = out + 5;
	size_t o = 4;
	h[o++] = 3;
	h[o++] = 3;
	fill(h + o, 32);
	o += 32;
	h[o++] = 0;
	static const uint8_t suites[] = {0x00, 0x06, 0x13, 0x01, 0xc0, 0x2f, 0xc0, 0x2b, 1, 0};
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
	h[o++] = 0xc0;
	h[o++] = 0x2f;
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

static size_t dns_name(uint8_t *p, uint32_t id)
{
	char name[64];
	snprintf(name, sizeof(name), "host%u.zone%u.example", id % 2000, id % 37);
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

static const char *sip_msg(const struct flow *f, int step, char *buf, size_t cap)
{
	static const char *const first[] = {"INVITE sip:bob@voip.example.com SIP/2.0",
	                                    "SIP/2.0 100 Trying",
	                                    "SIP/2.0 180 Ringing",
	                                    "SIP/2.0 200 OK",
	                                    "ACK sip:bob@voip.example.com SIP/2.0",
	                                    "BYE sip:bob@voip.example.com SIP/2.0",
	                                    "SIP/2.0 200 OK"};
	static const char sdp[] = "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 "
	                          "192.0.2.10\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0 8 101\r\n"
	                          "a=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n";
	snprintf(buf, cap,
	         "%s\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK%u\r\n"
	         "From: \"User %u\" <sip:user%u@voip.example.com>;tag=%u\r\n"
	         "To: <sip:bob@voip.example.com>\r\nCall-ID: %u@192.0.2.10\r\nCSeq: 1 INVITE\r\n"
	         "User-Agent: BenchPhone/2.1\r\nContent-Type: application/sdp\r\n"
	         "Content-Length: %zu\r\n\r\n%s",
	         first[step], f->id, f->id, f->id, f->id, f->id, step == 0 ? strlen(sdp) : 0,
	         step == 0 ? sdp : "");
	return buf;
}

/* Emits the flow's next packet; 0 when it is over. */
static int step(struct flow *f)
{
	uint8_t p[1600];
	char text[1400];
	int s = f->step++;
	switch (f->kind) {
	case HTTP:
	case TLS:
		if (s == 0) {
			tcp(f, 1, 0x02, NULL, 0);
		} else if (s == 1) {
			tcp(f, 0, 0x12, NULL, 0);
		} else if (s == 2) {
			tcp(f, 1, 0x10, NULL, 0);
		} else if (s == 3) {
			if (f->kind == HTTP) {
				int n =
				    snprintf(text, sizeof(text),
				             "GET /item/%u HTTP/1.1\r\nHost: www%u.shop.example\r\n"
				             "User-Agent: bench/1.0\r\nAccept: */*\r\n\r\n",
				             f->id, f->id % 500);
				tcp(f, 1, 0x18, text, (size_t)n);
			} else {
				char sni[64];
				snprintf(sni, sizeof(sni), "api%u.service.example.org",
				         f->id % 800);
				tcp(f, 1, 0x18, p, client_hello(p, sni));
			}
		} else if (s == 4) {
			if (f->kind == HTTP) {
				int n = snprintf(text, sizeof(text),
				                 "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
				                 "Content-Length: 14000\r\nServer: bench\r\n\r\n");
				tcp(f, 0, 0x18, text, (size_t)n);
			} else {
				tcp(f, 0, 0x18, p, server_hello(p));
			}
		} else if (s < 25) {
			/* HTTP: 10 server segments, each acked; TLS: records both ways */
			int from_client = (s - 5) % 2 == 1;
			if (f->kind == HTTP && from_client) {
				tcp(f, 1, 0x10, NULL, 0);
			} else {
				size_t n = f->kind == HTTP ? 1400 : from_client ? 200 : 1000;
				fill(p, n);
				if (f->kind == TLS) {
					p[0] = 0x17;
					p[1] = 3;
					p[2] = 3;
					put16(p + 3, (uint32_t)(n - 5));
				}
				tcp(f, from_client, 0x18, p, n);
			}
		} else if (s < 29) {
			static const uint8_t fin[4][2] = {
			    {1, 0x11}, {0, 0x10}, {0, 0x11}, {1, 0x10}};
			tcp(f, fin[s - 25][0], fin[s - 25][1], NULL, 0);
		}
		return f->step < 29;
	case DNS: {
		memset(p, 0, 12);
		put16(p, f->id & 0xffff);
		put16(p + 2, s ? 0x8180 : 0x0100);
		put16(p + 4, 1);
		put16(p + 6, s ? 1 : 0);
		size_t o = 12 + dns_name(p + 12, f->id);
		put16(p + o, 1);
		put16(p + o + 2, 1);
		o += 4;
		if (s) {
			put16(p + o, 0xc00c);
			put16(p + o + 2, 1);
			put16(p + o + 4, 1);
			put32(p + o + 6, 300);
			put16(p + o + 10, 4);
			uint32_t id = f->id % 2000;
			p[o + 12] = 198;
			p[o + 13] = 18;
			p[o + 14] = (uint8_t)(id >> 8);
			p[o + 15] = (uint8_t)id;
			o += 16;
		}
		emit(f, !s, 17, 0, p, o);
		return s == 0;
	}
	case SIP: {
		static const int from_client[] = {1, 0, 0, 0, 1, 1, 0};
		sip_msg(f, s, text, sizeof(text));
		emit(f, from_client[s], 17, 0, text, strlen(text));
		return s < 6;
	}
	case RTP: {
		int dir = s % 2;
		uint32_t seq = (uint32_t)(s / 2);
		p[0] = 0x80;
		p[1] = 0;
		put16(p + 2, seq + (dir ? 1000 : 5000));
		put32(p + 4, seq * 160);
		put32(p + 8, dir ? 0x11111111u : 0x22222222u);
		fill(p + 12, 160);
		emit(f, dir, 17, 0, p, 172);
		return s < 199;
	}
	case OTHER: {
		size_t n = 50 + rnd() % 1150;
		fill(p, n);
		emit(f, s % 3 != 2, 17, 0, p, n);
		return s < 9;
	}
	}
	return 0;
}

static void addr(uint8_t *a, int v6, uint32_t net, uint32_t host)
{
	memset(a, 0, 16);
	if (v6) {
		a[0] = 0xfd;
		a[1] = (uint8_t)net;
		put32(a + 12, host);
	} else {
		a[0] = (uint8_t)(net >> 16);
		a[1] = (uint8_t)(net >> 8);
		a[2] = (uint8_t)net;
		a[3] = (uint8_t)host;
	}
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: capture-gen OUT.pcap [SCALE]\n");
		return 2;
	}
	double scale = argc > 2 ? atof(argv[2]) : 1.0;
	pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
	dump = pcap_dump_open(dead, argv[1]);
	if (!dump) {
		fprintf(stderr, "capture-gen: %s\n", pcap_geterr(dead));
		return 1;
	}
	static const struct {
		enum kind kind;
		unsigned count;
	} mix[] = {{HTTP, 3000}, {TLS, 5000}, {DNS, 40000},
	           {SIP, 1000},  {RTP, 1000}, {OTHER, 5000}};
	size_t total = 0;
	for (size_t i = 0; i < sizeof(mix) / sizeof(mix[0]); i++)
		total += (size_t)(mix[i].count * scale);
	struct flow *pending = calloc(total, sizeof(*pending));
	size_t n = 0;
	uint32_t id = 1;
	for (size_t i = 0; i < sizeof(mix) / sizeof(mix[0]); i++) {
		for (unsigned k = 0; k < (unsigned)(mix[i].count * scale); k++, id++) {
			struct flow *f = &pending[n++];
			f->kind = mix[i].kind;
			f->id = id;
			f->v6 = id % 10 == 0;
			/* clients in 192.0.2.0/24 (v6: fd00::/16); servers in 198.18.0.0/15 */
			addr(f->c, f->v6, 0xc00002, 10 + id % 200);
			addr(f->s, f->v6, 0xc61200 | (id % 256), 1 + id % 250);
			f->cport = (uint16_t)(1024 + (id * 7) % 60000);
			f->cseq = rnd();
			f->sseq = rnd();
			switch (f->kind) {
			case HTTP:
				f->sport = 80;
				break;
			case TLS:
				f->sport = 443;
				break;
			case DNS:
				f->sport = 53;
				break;
			case SIP:
				f->sport = 5060;
				f->cport = 5060;
				break;
			case RTP:
				f->sport = (uint16_t)(20000 + (id % 5000) * 2);
				f->cport = (uint16_t)(40000 + (id % 5000) * 2);
				break;
			case OTHER:
				f->sport = (uint16_t)(20000 + rnd() % 40000);
				f->cport = (uint16_t)(20000 + rnd() % 40000);
				break;
			}
		}
	}
	/* shuffle the start order, then interleave up to 256 live flows */
	for (size_t i = n; i > 1; i--) {
		size_t j = rnd() % i;
		struct flow t = pending[i - 1];
		pending[i - 1] = pending[j];
		pending[j] = t;
	}
	struct flow *live[256];
	size_t n_live = 0, next = 0;
	while (next < n || n_live) {
		while (n_live < 256 && next < n)
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
