/* The BPF socket path's pure parts: BTF member paths (what the program's offsets come from) and
 * the records -> model sockets step (which sockets inet_diag would list, once each, with the
 * queue sizes it would compute). The program itself runs in tests/integration/socket_sources. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "collect/linux/btf.h"
#include "collect/linux/sockdiag_bpf.h"

#include <arpa/inet.h>
#include <linux/btf.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

/* A BTF blob written by hand:
 *   1 int (4 bytes)
 *   2 struct inner { int a; int b; }
 *   3 typedef struct inner inner_t
 *   4 union (anonymous) { int x; inner_t y; }
 *   5 struct outer { int first; union { ... }; inner_t nested; }
 *   6 const inner_t (a qualifier to see through)
 *   7 struct withconst { int pad[2] as two ints p0, p1; const inner_t c; }   (c at 8) */
struct blob {
	uint8_t bytes[1024];
	size_t len;
};

static void put(struct blob *b, const void *p, size_t n)
{
	memcpy(b->bytes + b->len, p, n);
	b->len += n;
}

static void put_type(struct blob *b, uint32_t name, uint32_t kind, uint32_t vlen, uint32_t sz)
{
	struct btf_type t = {.name_off = name, .info = kind << 24 | vlen, .size = sz};
	put(b, &t, sizeof(t));
}

static void put_member(struct blob *b, uint32_t name, uint32_t type, uint32_t bits)
{
	struct btf_member m = {.name_off = name, .type = type, .offset = bits};
	put(b, &m, sizeof(m));
}

static const char strings[] = "\0int\0inner\0a\0b\0inner_t\0x\0y\0outer\0first\0nested\0withconst\0"
                              "p0\0p1\0c";
enum {
	S_INT = 1,
	S_INNER = 5,
	S_A = 11,
	S_B = 13,
	S_INNER_T = 15,
	S_X = 23,
	S_Y = 25,
	S_OUTER = 27,
	S_FIRST = 33,
	S_NESTED = 39,
	S_WITHCONST = 46,
	S_P0 = 56,
	S_P1 = 59,
	S_C = 62
};

static void build(struct blob *b)
{
	memset(b, 0, sizeof(*b));
	b->len = sizeof(struct btf_header);
	put_type(b, S_INT, BTF_KIND_INT, 0, 4);
	uint32_t enc = 32;
	put(b, &enc, 4);
	put_type(b, S_INNER, BTF_KIND_STRUCT, 2, 8);
	put_member(b, S_A, 1, 0);
	put_member(b, S_B, 1, 32);
	put_type(b, S_INNER_T, BTF_KIND_TYPEDEF, 0, 2);
	put_type(b, 0, BTF_KIND_UNION, 2, 8);
	put_member(b, S_X, 1, 0);
	put_member(b, S_Y, 3, 0);
	put_type(b, S_OUTER, BTF_KIND_STRUCT, 3, 24);
	put_member(b, S_FIRST, 1, 0);
	put_member(b, 0, 4, 64);
	put_member(b, S_NESTED, 3, 128);
	put_type(b, 0, BTF_KIND_CONST, 0, 3);
	put_type(b, S_WITHCONST, BTF_KIND_STRUCT, 3, 16);
	put_member(b, S_P0, 1, 0);
	put_member(b, S_P1, 1, 32);
	put_member(b, S_C, 6, 64);
	struct btf_header h = {.magic = BTF_MAGIC,
	                       .version = 1,
	                       .hdr_len = sizeof(h),
	                       .type_off = 0,
	                       .type_len = (uint32_t)(b->len - sizeof(h)),
	                       .str_off = (uint32_t)(b->len - sizeof(h)),
	                       .str_len = sizeof(strings)};
	put(b, strings, sizeof(strings));
	memcpy(b->bytes, &h, sizeof(h));
}

static void path_is(const struct ifw_btf *b, uint32_t sid, const char *path, int rc, uint32_t off,
                    uint32_t size)
{
	uint32_t o = 99, s = 99;
	assert_int_equal(ifw_btf_path_of(b, sid, path, &o, &s), rc);
	if (rc == 0) {
		assert_int_equal(o, off);
		assert_int_equal(s, size);
	}
}

static void btf_paths(void **state)
{
	(void)state;
	static struct blob b;
	build(&b);
	struct ifw_btf btf;
	struct ifw_err err = {0};
	assert_int_equal(ifw_btf_from_mem(&btf, b.bytes, b.len, &err), 0);
	path_is(&btf, 5, "first", 0, 0, 4);
	path_is(&btf, 5, "x", 0, 8, 4);         /* inside the anonymous union */
	path_is(&btf, 5, "y.b", 0, 12, 4);      /* on through a typedef */
	path_is(&btf, 5, "nested", 0, 16, 8);   /* a struct member's own size */
	path_is(&btf, 5, "nested.a", 0, 16, 4); /* offsets add up */
	path_is(&btf, 5, "nested.b", 0, 20, 4);
	path_is(&btf, 7, "c.b", 0, 12, 4); /* and through a const */
	path_is(&btf, 5, "nested.c", -1, 0, 0);
	path_is(&btf, 5, "first.a", -1, 0, 0); /* an int has no members */
	path_is(&btf, 5, "nested.", -1, 0, 0);
	path_is(&btf, 5, "", -1, 0, 0);
	path_is(&btf, 3, "a", 0, 0, 4); /* a typedef'd struct as the start */
	path_is(&btf, 1, "a", -1, 0, 0);
	ifw_btf_close(&btf);
}

/* A model with two namespaces (inodes 1000, 2000) and one process holding `held` inodes. */
static void world(struct ifw_model *m, const uint64_t *held, size_t n)
{
	ifw_model_init(m);
	ifw_model_add_netns(m)->inode = 1000;
	ifw_model_add_netns(m)->inode = 2000;
	struct ifw_process *p = ifw_model_add_proc(m);
	p->pid = 42;
	for (size_t i = 0; i < n; i++) {
		struct ifw_fdref *f = ifw_model_add_fdref(m);
		f->proc = 0;
		f->fd = (int32_t)(3 + i);
		f->type = IFW_FD_SOCKET;
		f->inode = held[i];
	}
}

static struct ifw_fd_rec rec(uint64_t ino, uint32_t netns, int family, int type, int proto,
                             int state, uint16_t lport)
{
	struct ifw_fd_rec r;
	memset(&r, 0, sizeof(r));
	r.kind = IFW_FD_REC_SOCKET;
	r.pid = 42;
	r.ino = ino;
	r.netns = netns;
	r.family = (uint16_t)family;
	r.type = (uint16_t)type;
	r.protocol = (uint16_t)proto;
	r.state = (uint8_t)state;
	r.flags = family == AF_INET || family == AF_INET6 ? IFW_FD_REC_INET : 0;
	r.lport = lport;
	r.wmem = 1;
	return r;
}

static void records_to_sockets(void **state)
{
	(void)state;
	static const uint64_t held[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
	struct ifw_model m;
	world(&m, held, sizeof(held) / sizeof(held[0]));
	struct ifw_fd_rec r[16];
	size_t n = 0;
	r[n] = rec(1, 1000, AF_INET, SOCK_STREAM, IPPROTO_TCP, TCP_LISTEN, 80);
	r[n].ack_backlog = 2;
	r[n++].max_ack_backlog = 128;
	r[n] = rec(2, 1000, AF_INET, SOCK_STREAM, IPPROTO_TCP, TCP_ESTABLISHED, 40000);
	r[n].rport_be = htons(443);
	r[n].local[0] = 192, r[n].local[1] = 0, r[n].local[2] = 2, r[n].local[3] = 1;
	r[n].rcv_nxt = 1000, r[n].copied_seq = 900, r[n].write_seq = 5000, r[n].snd_una = 4000;
	r[n++].flags |= IFW_FD_REC_TCPSEQ;
	r[n++] =
	    rec(2, 1000, AF_INET, SOCK_STREAM, IPPROTO_TCP, TCP_ESTABLISHED, 40000); /* again */
	r[n++] = rec(3, 1000, AF_INET, SOCK_STREAM, IPPROTO_TCP, TCP_CLOSE, 0); /* in no hash */
	r[n] = rec(4, 2000, AF_INET6, SOCK_DGRAM, IPPROTO_UDP, TCP_CLOSE, 53);
	r[n].rmem = 2304, r[n].wmem = 769, r[n].deficit = 256;
	r[n++].flags |= IFW_FD_REC_DEFICIT;
	r[n++] = rec(5, 2000, AF_INET, SOCK_DGRAM, IPPROTO_UDP, TCP_CLOSE, 0);  /* unbound */
	r[n++] = rec(6, 2000, AF_INET, SOCK_DGRAM, IPPROTO_ICMP, TCP_CLOSE, 7); /* ping */
	r[n++] = rec(7, 3000, AF_INET, SOCK_DGRAM, IPPROTO_UDP, TCP_CLOSE, 9);  /* elsewhere */
	r[n++] = rec(8, 1000, AF_UNIX, SOCK_STREAM, 0, TCP_LISTEN, 0);          /* not inet */
	r[n] = rec(9, 1000, AF_INET, SOCK_RAW, IPPROTO_GRE, TCP_CLOSE, IPPROTO_GRE);
	r[n++].rmem = 10;
	r[n++] = rec(10, 2000, AF_INET, SOCK_DGRAM, IPPROTO_UDPLITE, TCP_ESTABLISHED, 99);
	r[n++] = rec(12, 1000, AF_INET, SOCK_DGRAM, IPPROTO_UDP, TCP_CLOSE, 77); /* not held */
	r[n] = rec(11, 1000, AF_INET, SOCK_STREAM, IPPROTO_TCP, TCP_ESTABLISHED, 1);
	r[n++].flags = 0; /* the program could not read it */
	struct fd_snapshot sn = {.recs = r, .n = n, .sockets = true};
	bool from_bpf[2] = {true, true};
	struct ifw_err err = {0};
	assert_int_equal(ifw_linux_sockets_from_snapshot(&m, &sn, from_bpf, 2, &err), 0);
	/* TCP 1, 2; raw 9 in the first namespace; UDP 4, UDP-Lite 10 in the second */
	assert_int_equal(m.sockets.n, 5);
	const struct ifw_socket *s = m.sockets.v;
	assert_int_equal(s[0].ns, 0);
	assert_int_equal(s[0].proto, IFW_P_TCP);
	assert_true(s[0].listening);
	assert_int_equal(s[0].rqueue, 2);
	assert_int_equal(s[0].wqueue, 128);
	assert_int_equal(s[1].inode, 2);
	assert_int_equal(s[1].rqueue, 100);
	assert_int_equal(s[1].wqueue, 1000);
	assert_int_equal(s[1].rport, 443);
	assert_int_equal(s[1].lport, 40000);
	assert_int_equal(s[1].local.family, AF_INET);
	assert_int_equal(s[1].local.a[0], 192);
	assert_false(s[1].listening);
	assert_int_equal(s[2].proto, IFW_P_RAW);
	assert_int_equal(s[2].raw_protocol, IPPROTO_GRE);
	assert_int_equal(s[2].lport, 0);
	assert_int_equal(s[2].rqueue, 10);
	assert_int_equal(s[3].ns, 1);
	assert_int_equal(s[3].proto, IFW_P_UDP);
	assert_int_equal(s[3].family, AF_INET6);
	assert_true(s[3].listening);
	assert_int_equal(s[3].rqueue, 2304 - 256);
	assert_int_equal(s[3].wqueue, 768);
	assert_int_equal(s[4].proto, IFW_P_UDPLITE);
	assert_false(s[4].listening);

	/* a namespace whose sockets came from inet_diag gets none from the records */
	m.sockets.n = 0;
	from_bpf[0] = false;
	assert_int_equal(ifw_linux_sockets_from_snapshot(&m, &sn, from_bpf, 2, &err), 0);
	assert_int_equal(m.sockets.n, 2);
	assert_int_equal(m.sockets.v[0].ns, 1);
	ifw_model_free(&m);
}

static void namespace_kinds(void **state)
{
	(void)state;
	struct ifw_fd_rec r[4];
	r[0] = rec(1, 1000, AF_UNIX, SOCK_STREAM, 0, TCP_LISTEN, 0);
	r[1] = rec(2, 2000, AF_UNIX, SOCK_STREAM, 0, TCP_ESTABLISHED, 0); /* not listening */
	r[2] = rec(3, 2000, AF_PACKET, SOCK_RAW, 0, 0, 0);
	r[3] = rec(4, 3000, AF_INET, SOCK_STREAM, IPPROTO_TCP, TCP_LISTEN, 80);
	struct fd_snapshot sn = {.recs = r, .n = 4, .sockets = true};
	struct ifw_idmap k;
	assert_int_equal(ifw_snapshot_ns_kinds(&sn, &k), 0);
	assert_int_equal(ifw_idmap_get(&k, 1000), IFW_NS_HAS_UNIX_LISTEN);
	assert_int_equal(ifw_idmap_get(&k, 2000), IFW_NS_HAS_PACKET);
	assert_int_equal(ifw_idmap_get(&k, 3000), IFW_NOID);
	ifw_idmap_free(&k);
	assert_true(ifw_kind_has_kernel_sockets("vxlan"));
	assert_true(ifw_kind_has_kernel_sockets("wireguard"));
	assert_false(ifw_kind_has_kernel_sockets("veth"));
	assert_false(ifw_kind_has_kernel_sockets(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(btf_paths),
	    cmocka_unit_test(records_to_sockets),
	    cmocka_unit_test(namespace_kinds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
