#include "pkt.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <setjmp.h>
#include <stddef.h>

#include <cmocka.h>

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

int pb_dlt(enum pb_link link)
{
	switch (link) {
	case PB_ETH:
	case PB_ETH_VLAN:
		return DLT_EN10MB;
	case PB_RAW:
		return DLT_RAW;
	case PB_SLL:
		return DLT_LINUX_SLL;
	case PB_SLL2:
		return DLT_LINUX_SLL2;
	case PB_NULL:
		return DLT_NULL;
	case PB_LOOP:
		return DLT_LOOP;
	}
	return -1;
}

static uint16_t csum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

size_t pb_packet(uint8_t *out, size_t cap, enum pb_link link, const char *src, const char *dst,
                 const struct pb_l4 *l4, const void *payload, size_t plen)
{
	uint8_t s[16], d[16];
	int v6 = strchr(src, ':') != NULL;
	if (inet_pton(v6 ? AF_INET6 : AF_INET, src, s) != 1 ||
	    inet_pton(v6 ? AF_INET6 : AF_INET, dst, d) != 1)
		return 0;
	uint8_t buf[4096];
	size_t o = 0;
	/* link header */
	uint16_t et = v6 ? 0x86dd : 0x0800;
	switch (link) {
	case PB_ETH:
	case PB_ETH_VLAN:
		memcpy(buf, "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01", 12);
		o = 12;
		if (link == PB_ETH_VLAN) {
			put16(buf + o, 0x8100);
			put16(buf + o + 2, 42);
			o += 4;
		}
		put16(buf + o, et);
		o += 2;
		break;
	case PB_RAW:
		break;
	case PB_SLL:
		memset(buf, 0, 16);
		put16(buf + 2, 1); /* ARPHRD_ETHER */
		put16(buf + 4, 6);
		put16(buf + 14, et);
		o = 16;
		break;
	case PB_SLL2:
		memset(buf, 0, 20);
		put16(buf, et);
		put32(buf + 4, 3); /* ifindex */
		put16(buf + 8, 1);
		buf[11] = 6;
		o = 20;
		break;
	case PB_NULL: {
		uint32_t af = v6 ? 24 : 2; /* host order; 24 = AF_INET6 on NetBSD/OpenBSD */
		memcpy(buf, &af, 4);
		o = 4;
		break;
	}
	case PB_LOOP:
		put32(buf, v6 ? 24 : 2);
		o = 4;
		break;
	}
	size_t ip = o;
	size_t iphl = v6 ? 40 : 20;
	size_t ext = v6 && (l4->flags & PB_F_V6EXT) ? 16 : 0;
	size_t l4hl = l4->proto == 6 ? 20 : l4->proto == 17 ? 8 : 0;
	size_t total = iphl + ext + l4hl + plen;
	if (ip + total > sizeof(buf) || ip + total > cap)
		return 0;
	memset(buf + ip, 0, iphl + ext + l4hl);
	if (v6) {
		buf[ip] = 0x60;
		put16(buf + ip + 4, (uint16_t)(total - 40));
		buf[ip + 6] = ext ? 0 : l4->proto;
		buf[ip + 7] = 64;
		memcpy(buf + ip + 8, s, 16);
		memcpy(buf + ip + 24, d, 16);
		if (ext) {
			/* hop-by-hop (8 bytes, PadN), then destination options (8 bytes) */
			uint8_t *h = buf + ip + 40;
			h[0] = 60;
			h[1] = 0;
			h[2] = 1;
			h[3] = 4;
			h[8] = l4->proto;
			h[9] = 0;
			h[10] = 1;
			h[11] = 4;
		}
	} else {
		buf[ip] = 0x45;
		put16(buf + ip + 2, (uint16_t)total);
		put16(buf + ip + 4, 0x1234);
		buf[ip + 8] = 64;
		buf[ip + 9] = l4->proto;
		memcpy(buf + ip + 12, s, 4);
		memcpy(buf + ip + 16, d, 4);
		put16(buf + ip + 10, csum(buf + ip, 20));
	}
	uint8_t *t = buf + ip + iphl + ext;
	if (l4->proto == 6) {
		put16(t, l4->sport);
		put16(t + 2, l4->dport);
		put32(t + 4, l4->seq);
		put32(t + 8, l4->ack);
		t[12] = 5 << 4;
		t[13] = (uint8_t)(l4->flags & 0xff);
		put16(t + 14, 65535);
	} else if (l4->proto == 17) {
		put16(t, l4->sport);
		put16(t + 2, l4->dport);
		put16(t + 4, (uint16_t)(8 + plen));
	}
	if (plen)
		memcpy(t + l4hl, payload, plen);
	memcpy(out, buf, ip + total);
	return ip + total;
}

void pw_open(struct pw *w, const char *path, enum pb_link link)
{
	memset(w, 0, sizeof(*w));
	w->dead = pcap_open_dead(pb_dlt(link), 65535);
	assert_non_null(w->dead);
	w->d = pcap_dump_open(w->dead, path);
	assert_non_null(w->d);
}

void pw_add(struct pw *w, const uint8_t *data, size_t len)
{
	struct pcap_pkthdr h;
	memset(&h, 0, sizeof(h));
	h.ts.tv_sec = 1700000000 + w->n / 100;
	h.ts.tv_usec = (w->n % 100) * 10000;
	h.caplen = (bpf_u_int32)len;
	h.len = (bpf_u_int32)len;
	pcap_dump((u_char *)w->d, &h, data);
	w->n++;
}

void pw_pkt(struct pw *w, enum pb_link link, const char *src, const char *dst, uint8_t proto,
            uint16_t sport, uint16_t dport, const void *payload, size_t plen, unsigned flags)
{
	uint8_t buf[4096];
	struct pb_l4 l4 = {.proto = proto, .sport = sport, .dport = dport, .flags = flags};
	size_t n = pb_packet(buf, sizeof(buf), link, src, dst, &l4, payload, plen);
	assert_true(n > 0);
	pw_add(w, buf, n);
}

void pw_close(struct pw *w)
{
	pcap_dump_close(w->d);
	pcap_close(w->dead);
}

static void tcp_pkt(struct pw *w, struct pb_tcp *t, int from_client, unsigned flags,
                    const void *data, size_t len)
{
	uint8_t buf[4096];
	struct pb_l4 l4 = {.proto = 6,
	                   .sport = from_client ? t->cport : t->sport,
	                   .dport = from_client ? t->sport : t->cport,
	                   .seq = from_client ? t->cseq : t->sseq,
	                   .ack = (flags & PB_TCP_ACK) ? (from_client ? t->sseq : t->cseq) : 0,
	                   .flags = flags};
	size_t n = pb_packet(buf, sizeof(buf), t->link, from_client ? t->client : t->server,
	                     from_client ? t->server : t->client, &l4, data, len);
	assert_true(n > 0);
	pw_add(w, buf, n);
	uint32_t adv = (uint32_t)len + ((flags & PB_TCP_SYN) ? 1 : 0);
	if (from_client)
		t->cseq += adv;
	else
		t->sseq += adv;
}

void pw_tcp_open(struct pw *w, struct pb_tcp *t)
{
	tcp_pkt(w, t, 1, PB_TCP_SYN, NULL, 0);
	tcp_pkt(w, t, 0, PB_TCP_SYN | PB_TCP_ACK, NULL, 0);
	tcp_pkt(w, t, 1, PB_TCP_ACK, NULL, 0);
}

void pw_tcp_data(struct pw *w, struct pb_tcp *t, int from_client, const void *data, size_t len)
{
	tcp_pkt(w, t, from_client, PB_TCP_ACK | PB_TCP_PSH, data, len);
}

static char tmpdir[256];
static char tmpbuf[512];

const char *tmp_dir(void)
{
	if (!tmpdir[0]) {
		snprintf(tmpdir, sizeof(tmpdir), "/tmp/ifw-captest-XXXXXX");
		assert_non_null(mkdtemp(tmpdir));
	}
	return tmpdir;
}

const char *tmp_path(const char *name)
{
	snprintf(tmpbuf, sizeof(tmpbuf), "%s/%s", tmp_dir(), name);
	return tmpbuf;
}

void tmp_cleanup(void)
{
	if (!tmpdir[0])
		return;
	if (getenv("IFW_TEST_KEEP")) {
		fprintf(stderr, "kept %s\n", tmpdir);
		return;
	}
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	tmpdir[0] = '\0';
}

void model_init_ifaces(struct ifw_model *m, const char *const *names, size_t n)
{
	ifw_model_init(m);
	m->source = IFW_SRC_LIVE;
	struct ifw_netns *ns = ifw_model_add_netns(m);
	assert_non_null(ns);
	ns->inode = 4026531840u;
	ns->name = "host";
	ns->is_self = ns->is_host = true;
	for (size_t i = 0; i < n; i++) {
		struct ifw_iface *f = ifw_model_add_iface(m, 0);
		assert_non_null(f);
		f->name = ifw_model_strdup(m, names[i]);
		f->ifindex = (int32_t)i + 1;
	}
}

void model_with_ifaces(struct ifw_model *m, const char *const *names, size_t n)
{
	model_init_ifaces(m, names, n);
	assert_int_equal(ifw_model_index(m), 0);
}

const struct ifw_flow *find_flow(const struct ifw_model *m, uint8_t proto, uint16_t port)
{
	for (size_t i = 0; i < m->flows.n; i++) {
		const struct ifw_flow *f = &m->flows.v[i];
		if (f->ip_proto == proto && (f->sport == port || f->dport == port))
			return f;
	}
	return NULL;
}

int has_warning(const struct ifw_model *m, const char *s)
{
	for (size_t i = 0; i < m->warnings.n; i++)
		if (strstr(m->warnings.v[i], s))
			return 1;
	return 0;
}

size_t sip_invite(char *out, size_t cap)
{
	int n = snprintf(out, cap,
	                 "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
	                 "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds\r\n"
	                 "Max-Forwards: 70\r\n"
	                 "To: Bob <sip:bob@biloxi.example.com>\r\n"
	                 "From: \"Alice <home>\" <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
	                 "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
	                 "CSeq: 314159 INVITE\r\n"
	                 "Contact: <sip:alice@192.0.2.10>\r\n"
	                 "User-Agent: TestPhone/1.0 (ifwho)\r\n"
	                 "Content-Type: application/sdp\r\n"
	                 "Content-Length: 0\r\n"
	                 "\r\n");
	return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

size_t sip_ok(char *out, size_t cap)
{
	int n = snprintf(out, cap,
	                 "SIP/2.0 200 OK\r\n"
	                 "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds\r\n"
	                 "t: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n"
	                 "f: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
	                 "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
	                 "CSeq: 314159 INVITE\r\n"
	                 "Server: TestPBX\r\n"
	                 "Content-Length: 0\r\n"
	                 "\r\n");
	return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

static size_t put_name(uint8_t *p, const char *name)
{
	size_t o = 0;
	while (*name) {
		const char *dot = strchr(name, '.');
		size_t l = dot ? (size_t)(dot - name) : strlen(name);
		p[o++] = (uint8_t)l;
		memcpy(p + o, name, l);
		o += l;
		name += l + (dot ? 1 : 0);
	}
	p[o++] = 0;
	return o;
}

size_t dns_query(uint8_t *out, size_t cap, uint16_t id, const char *name, uint16_t qtype)
{
	if (cap < 12 + strlen(name) + 6)
		return 0;
	memset(out, 0, 12);
	put16(out, id);
	put16(out + 2, 0x0100); /* RD */
	put16(out + 4, 1);
	size_t o = 12 + put_name(out + 12, name);
	put16(out + o, qtype);
	put16(out + o + 2, 1);
	return o + 4;
}

size_t dns_response(uint8_t *out, size_t cap, uint16_t id, const char *name, const char *cname,
                    const uint8_t *addr, size_t alen)
{
	if (cap < 512)
		return 0;
	size_t o = dns_query(out, cap, id, name, alen == 4 ? 1 : 28);
	put16(out + 2, 0x8180);
	put16(out + 6, cname ? 2 : 1);
	size_t owner = o;
	if (cname) {
		/* name (pointer to the question), CNAME IN, ttl, rdata = target name */
		put16(out + o, 0xc00c);
		put16(out + o + 2, 5);
		put16(out + o + 4, 1);
		put32(out + o + 6, 300);
		size_t l = put_name(out + o + 12, cname);
		put16(out + o + 10, (uint16_t)l);
		owner = o + 12;
		o += 12 + l;
		put16(out + o, (uint16_t)(0xc000 | owner));
	} else {
		put16(out + o, 0xc00c);
	}
	put16(out + o + 2, alen == 4 ? 1 : 28);
	put16(out + o + 4, 1);
	put32(out + o + 6, 60);
	put16(out + o + 10, (uint16_t)alen);
	memcpy(out + o + 12, addr, alen);
	return o + 12 + alen;
}

size_t tls_client_hello(uint8_t *out, size_t cap, const char *sni)
{
	uint8_t ext[512];
	size_t e = 0, sl = strlen(sni);
	/* server_name */
	put16(ext + e, 0);
	put16(ext + e + 2, (uint16_t)(sl + 5));
	put16(ext + e + 4, (uint16_t)(sl + 3));
	ext[e + 6] = 0;
	put16(ext + e + 7, (uint16_t)sl);
	memcpy(ext + e + 9, sni, sl);
	e += 9 + sl;
	/* supported_groups: x25519, secp256r1 */
	static const uint8_t groups[] = {0x00, 0x0a, 0x00, 0x06, 0x00,
	                                 0x04, 0x00, 0x1d, 0x00, 0x17};
	memcpy(ext + e, groups, sizeof(groups));
	e += sizeof(groups);
	/* ec_point_formats */
	static const uint8_t ecpf[] = {0x00, 0x0b, 0x00, 0x02, 0x01, 0x00};
	memcpy(ext + e, ecpf, sizeof(ecpf));
	e += sizeof(ecpf);
	/* signature_algorithms */
	static const uint8_t sig[] = {0x00, 0x0d, 0x00, 0x08, 0x00, 0x06,
	                              0x04, 0x03, 0x08, 0x04, 0x04, 0x01};
	memcpy(ext + e, sig, sizeof(sig));
	e += sizeof(sig);
	/* supported_versions: TLS 1.3, 1.2 */
	static const uint8_t sv[] = {0x00, 0x2b, 0x00, 0x05, 0x04, 0x03, 0x04, 0x03, 0x03};
	memcpy(ext + e, sv, sizeof(sv));
	e += sizeof(sv);

	uint8_t hs[1024];
	size_t h = 4;
	hs[h++] = 3;
	hs[h++] = 3;
	for (int i = 0; i < 32; i++)
		hs[h++] = (uint8_t)(i * 7 + 1);
	hs[h++] = 0; /* session id */
	static const uint8_t suites[] = {0x00, 0x06, 0x13, 0x01, 0xc0, 0x2f, 0xc0, 0x2b};
	memcpy(hs + h, suites, sizeof(suites));
	h += sizeof(suites);
	hs[h++] = 1; /* compression methods */
	hs[h++] = 0;
	put16(hs + h, (uint16_t)e);
	h += 2;
	memcpy(hs + h, ext, e);
	h += e;
	hs[0] = 1; /* ClientHello */
	hs[1] = 0;
	put16(hs + 2, (uint16_t)(h - 4));
	if (h + 5 > cap)
		return 0;
	out[0] = 0x16;
	out[1] = 3;
	out[2] = 1;
	put16(out + 3, (uint16_t)h);
	memcpy(out + 5, hs, h);
	return h + 5;
}

size_t ike_msg(uint8_t *out, size_t cap, uint8_t exchange, int response, int marker)
{
	size_t o = marker ? 4 : 0;
	size_t len = 28 + 4 + 32;
	if (o + len > cap)
		return 0;
	memset(out, 0, o + len);
	uint8_t *h = out + o;
	memcpy(h, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
	if (response || exchange != 34)
		memcpy(h + 8, "\x99\xaa\xbb\xcc\xdd\xee\xff\x01", 8);
	h[16] = exchange == 34 ? 40 : 46; /* Nonce, or SK (encrypted) */
	h[17] = 0x20;
	h[18] = exchange;
	h[19] = response ? 0x20 : 0x08;
	put32(h + 20, exchange == 34 ? 0 : 1);
	put32(h + 24, (uint32_t)len);
	h[28] = 0;
	put16(h + 30, 36);
	for (int i = 0; i < 32; i++)
		h[32 + i] = (uint8_t)(0xa0 + i);
	return o + len;
}
