/* The socket owner outranks the classifier: OpenVPN's outer traffic on UDP 1194 whose data
 * packets nDPI takes for RTP, replayed from a pcap written here, with a model in which the
 * socket at this end belongs to openvpn (and, to show the other side of the rule, to a
 * process the knowledge does not know, to an impostor, and to two processes at once). */
#include "capture/capture.h"
#include "know/know.h"
#include "pkt.h"

#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

static struct ifw_kb *kb;

static int load_kb(void **state)
{
	(void)state;
	const char *dirs[] = {SRC_DATA "/knowledge"};
	struct ifw_err err = {0};
	if (ifw_kb_load(&kb, dirs, 1, &err) < 0)
		fail_msg("knowledge: %s", err.msg);
	return 0;
}

static int free_kb(void **state)
{
	(void)state;
	ifw_kb_free(kb);
	tmp_cleanup();
	return 0;
}

/* The pcap: a client at 203.0.113.2:40000 and this host's server, 192.0.2.10:1194, trade
 * packets that begin like RTP (version 2, payload type 96, rising sequence and timestamp, one
 * SSRC per direction): what OpenVPN's data channel can look like to nDPI. */
static const char *rtp_like_1194(void)
{
	const char *path = tmp_path("ovpn-rtp.pcap");
	struct pw w;
	pw_open(&w, path, PB_RAW);
	for (unsigned i = 0; i < 20; i++)
		for (int back = 0; back < 2; back++) {
			uint8_t p[172];
			memset(p, 0x55, sizeof(p));
			p[0] = 0x80;
			p[1] = 0x60;
			p[2] = (uint8_t)((1000 + i) >> 8);
			p[3] = (uint8_t)(1000 + i);
			uint32_t ts = 160 * i, ssrc = 0x11223344u + (uint32_t)back;
			for (int k = 0; k < 4; k++) {
				p[4 + k] = (uint8_t)(ts >> (24 - 8 * k));
				p[8 + k] = (uint8_t)(ssrc >> (24 - 8 * k));
			}
			if (!back)
				pw_pkt(&w, PB_RAW, "203.0.113.2", "192.0.2.10", IPPROTO_UDP, 40000,
				       1194, p, sizeof(p), 0);
			else
				pw_pkt(&w, PB_RAW, "192.0.2.10", "203.0.113.2", IPPROTO_UDP, 1194,
				       40000, p, sizeof(p), 0);
		}
	pw_close(&w);
	return path;
}

static ifw_id add_proc(struct ifw_model *m, int pid, const char *comm, const char *exe)
{
	struct ifw_process *p = ifw_model_add_proc(m);
	assert_non_null(p);
	p->pid = pid;
	p->comm = comm;
	p->exe = exe;
	p->ns = 0;
	return (ifw_id)(m->procs.n - 1);
}

static void add_udp(struct ifw_model *m, ifw_id ns, ifw_id proc, const char *local, uint16_t lport)
{
	struct ifw_socket *s = ifw_model_add_socket(m, ns);
	assert_non_null(s);
	s->proto = IFW_P_UDP;
	s->family = AF_INET;
	ifw_ip_parse(local, &s->local);
	s->lport = lport;
	s->listening = true;
	s->inode = 5000 + m->sockets.n;
	struct ifw_fdref *r = ifw_model_add_fdref(m);
	r->proc = proc;
	r->fd = 6;
	r->type = IFW_FD_SOCKET;
	r->inode = s->inode;
}

/* eth0 with 192.0.2.10/24 in the host namespace. */
static void lab(struct ifw_model *m)
{
	static const char *const names[] = {"eth0"};
	model_init_ifaces(m, names, 1);
	struct ifw_addr *a = ifw_model_add_addr(m);
	a->iface = 0;
	ifw_ip_parse("192.0.2.10", &a->ip);
	a->plen = 24;
}

static const struct ifw_flow *replay(struct ifw_model *m)
{
	assert_int_equal(ifw_model_index(m), 0);
	ifw_id eth0 = 0;
	struct ifw_err err = {0};
	if (ifw_capture_file(m, rtp_like_1194(), &eth0, 1, &err) < 0)
		fail_msg("ifw_capture_file: %s", err.msg);
	const struct ifw_flow *f = find_flow(m, IPPROTO_UDP, 1194);
	assert_non_null(f);
	/* the premise: nDPI alone calls it RTP */
	assert_string_equal(f->app, "RTP");
	ifw_capture_settle_owners(m, kb);
	return f;
}

static void openvpn_owner_wins(void **state)
{
	(void)state;
	struct ifw_model m;
	lab(&m);
	ifw_id ovpn = add_proc(&m, 812, "openvpn", "/usr/sbin/openvpn");
	add_udp(&m, 0, ovpn, "0.0.0.0", 1194);
	const struct ifw_flow *f = replay(&m);
	assert_int_equal(f->owner, ovpn);
	assert_string_equal(f->app, "OpenVPN");
	assert_string_equal(f->app_source, "socket owner");
	assert_string_equal(f->classifier_app, "RTP");
	assert_string_equal(f->category, "VPN");
	ifw_model_free(&m);
}

static void unknown_owner_keeps_label(void **state)
{
	(void)state;
	struct ifw_model m;
	lab(&m);
	ifw_id p = add_proc(&m, 900, "mystery", "/usr/local/bin/mystery");
	add_udp(&m, 0, p, "192.0.2.10", 1194);
	const struct ifw_flow *f = replay(&m);
	assert_int_equal(f->owner, p); /* the owner is known, its protocol is not */
	assert_string_equal(f->app, "RTP");
	assert_null(f->classifier_app);
	assert_null(f->app_source);
	ifw_model_free(&m);
}

static void impostor_is_not_believed(void **state)
{
	(void)state;
	struct ifw_model m;
	lab(&m);
	/* called openvpn, but its executable is something else */
	ifw_id p = add_proc(&m, 901, "openvpn", "/tmp/x/fake");
	add_udp(&m, 0, p, "0.0.0.0", 1194);
	const struct ifw_flow *f = replay(&m);
	assert_string_equal(f->app, "RTP");
	assert_null(f->classifier_app);
	ifw_model_free(&m);
}

static void two_holders_no_owner(void **state)
{
	(void)state;
	struct ifw_model m;
	lab(&m);
	/* A second namespace with the same address, where another program holds 1194. */
	struct ifw_netns *ns2 = ifw_model_add_netns(&m);
	ns2->inode = 4026532000u;
	ns2->name = "other";
	struct ifw_iface *e2 = ifw_model_add_iface(&m, 1);
	e2->name = "eth0";
	e2->ifindex = 2;
	struct ifw_addr *a = ifw_model_add_addr(&m);
	a->iface = 1;
	ifw_ip_parse("192.0.2.10", &a->ip);
	a->plen = 24;
	ifw_id ovpn = add_proc(&m, 812, "openvpn", "/usr/sbin/openvpn");
	add_udp(&m, 0, ovpn, "0.0.0.0", 1194);
	ifw_id other = add_proc(&m, 913, "mystery", "/usr/local/bin/mystery");
	m.procs.v[other].ns = 1;
	add_udp(&m, 1, other, "0.0.0.0", 1194);
	const struct ifw_flow *f = replay(&m);
	assert_int_equal(f->owner, IFW_NOID);
	assert_string_equal(f->app, "RTP");
	ifw_model_free(&m);
}

/* The same openvpn process resolving its remote: a DNS query from another of its sockets to
 * port 53 stays DNS (the port stands for what nDPI said). */
static void owner_other_socket_dns(void **state)
{
	(void)state;
	struct ifw_model m;
	lab(&m);
	ifw_id ovpn = add_proc(&m, 812, "openvpn", "/usr/sbin/openvpn");
	add_udp(&m, 0, ovpn, "0.0.0.0", 1194);
	add_udp(&m, 0, ovpn, "192.0.2.10", 53000);
	assert_int_equal(ifw_model_index(&m), 0);
	const char *path = tmp_path("ovpn-dns.pcap");
	struct pw w;
	pw_open(&w, path, PB_RAW);
	uint8_t q[512];
	size_t ql = dns_query(q, sizeof(q), 0x1234, "vpn.example.net", 1);
	pw_pkt(&w, PB_RAW, "192.0.2.10", "198.51.100.53", IPPROTO_UDP, 53000, 53, q, ql, 0);
	pw_close(&w);
	ifw_id eth0 = 0;
	struct ifw_err err = {0};
	if (ifw_capture_file(&m, path, &eth0, 1, &err) < 0)
		fail_msg("ifw_capture_file: %s", err.msg);
	const struct ifw_flow *f = find_flow(&m, IPPROTO_UDP, 53);
	assert_non_null(f);
	assert_string_equal(f->app, "DNS");
	ifw_capture_settle_owners(&m, kb);
	assert_int_equal(f->owner, ovpn);
	assert_string_equal(f->app, "DNS");
	assert_null(f->classifier_app);
	ifw_model_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(openvpn_owner_wins),       cmocka_unit_test(unknown_owner_keeps_label),
	    cmocka_unit_test(impostor_is_not_believed), cmocka_unit_test(two_holders_no_owner),
	    cmocka_unit_test(owner_other_socket_dns),
	};
	return cmocka_run_group_tests(tests, load_kb, free_kb);
}
