/* Offline conntrack (collect/evidence/p_conntrack.c): `conntrack -L`, `-o extended`, `-E` and
 * /proc/net/nf_conntrack lines (tests/fixtures/evidence/linux-text/lab-conntrack.txt and
 * conntrack-forms.txt, sources in that directory's README) name the far ends of tunnel
 * holders' unconnected UDP sockets as the live ctnetlink dump does; cut lines, hostile numbers
 * and unknown protocols are skipped and counted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "util/ipaddr.h"

#include <sys/socket.h>

static const char *ip_text(const struct ifw_ip *ip, char *buf)
{
	return ifw_ip_str(ip, buf);
}

/* The only conntrack far end of the model: checks its far end, and whether the far end
 * answered and sent first. */
static void one_peer(const struct evw *w, const char *remote, uint16_t rport, bool replied,
                     bool inbound)
{
	assert_int_equal(w->m.ct_peers.n, 1);
	const struct ifw_ct_peer *p = &w->m.ct_peers.v[0];
	char b[IFW_IP_STRLEN];
	assert_string_equal(ip_text(&p->remote, b), remote);
	assert_int_equal(p->rport, rport);
	assert_int_equal(p->replied, replied);
	assert_int_equal(p->inbound, inbound);
	assert_int_equal(p->proto, IFW_P_UDP);
	assert_non_null(p->origin.raw); /* the line it came from */
}

/* A tun holder (socat, pid 700, holding tun0) with an unconnected UDP socket bound to local
 * ("192.0.2.1:17002", "[2001:db8::1]:51821", "0.0.0.0:17002"), then the conntrack text. */
static struct evw *with_holder(const char *local, const char *ct)
{
	const char *any = local[0] == '[' ? "[::]:*" : "0.0.0.0:*";
	size_t n = strlen(ct) + 512;
	char *text = malloc(n);
	assert_non_null(text);
	snprintf(text, n,
	         "# ss -uanpe\n"
	         "State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess\n"
	         "UNCONN 0      0      %s      %s    users:((\"socat\",pid=700,fd=5)) ino:1001 "
	         "sk:1 <->\n"
	         "# ip -d tuntap show\n"
	         "tun0: tun\n"
	         "\tAttached to processes:socat(700)\n"
	         "%s",
	         local, any, ct);
	struct evw *w = evw_text(text, "conntrack.txt");
	free(text);
	return w;
}

/* The lab: both tunnels' far ends, from three forms of the same table (one record each). */
static void lab_world(void **state)
{
	(void)state;
	struct evw *w = evw_load("linux-text/lab-conntrack.txt");
	assert_int_equal(w->m.skipped_lines, 0);
	assert_int_equal(w->m.ct_peers.n, 2);
	char b[IFW_IP_STRLEN];
	for (size_t i = 0; i < w->m.ct_peers.n; i++) {
		const struct ifw_ct_peer *p = &w->m.ct_peers.v[i];
		const struct ifw_socket *s = &w->m.sockets.v[p->socket];
		if (s->lport == 17002) { /* tun0: this side sent first */
			assert_string_equal(ip_text(&p->remote, b), "192.0.2.2");
			assert_int_equal(p->rport, 17002);
			assert_false(p->inbound);
		} else { /* tun1: 2001:db8::2 sent first */
			assert_int_equal(s->lport, 51820);
			assert_string_equal(ip_text(&p->remote, b), "2001:db8::2");
			assert_int_equal(p->rport, 51820);
			assert_true(p->inbound);
		}
		assert_true(p->replied);
	}
	/* the same rule as live makes them the tunnels' far ends */
	const struct ifw_iface_analysis *t0 = evw_ia(w, "tun0");
	assert_int_equal(t0->peers.n, 1);
	assert_string_equal(t0->peers.v[0].via, "conntrack");
	assert_string_equal(ip_text(&t0->peers.v[0].ip, b), "192.0.2.2");
	evw_contains(evw_verdict(w, "tun0")->claim, "to 192.0.2.2");
	const struct ifw_iface_analysis *t1 = evw_ia(w, "tun1");
	assert_int_equal(t1->peers.n, 1);
	assert_string_equal(t1->peers.v[0].via, "conntrack");
	assert_string_equal(ip_text(&t1->peers.v[0].ip, b), "2001:db8::2");
	evw_free(w);
}

/* Each form alone: default, extended, /proc (IPv6 written out in full), with counters, mark and
 * zone; the far end did not answer ([UNREPLIED]). */
static void each_form(void **state)
{
	(void)state;
	static const char *const v4[] = {
	    "# conntrack -L\n"
	    "udp      17 28 src=192.0.2.1 dst=192.0.2.1 sport=17001 dport=17002 packets=1 bytes=31 "
	    "[UNREPLIED] src=192.0.2.1 dst=192.0.2.1 sport=17002 dport=17001 packets=0 bytes=0 "
	    "mark=42 zone=7 use=1\n",
	    "# conntrack -L -o extended\n"
	    "ipv4     2 udp      17 28 src=192.0.2.1 dst=192.0.2.1 sport=17001 dport=17002 "
	    "packets=1 bytes=31 [UNREPLIED] src=192.0.2.1 dst=192.0.2.1 sport=17002 dport=17001 "
	    "packets=0 bytes=0 mark=42 zone=7 use=1\n",
	    /* no section marker: recognized by shape */
	    "ipv4     2 udp      17 28 src=192.0.2.1 dst=192.0.2.1 sport=17001 dport=17002 "
	    "packets=1 bytes=31 [UNREPLIED] src=192.0.2.1 dst=192.0.2.1 sport=17002 dport=17001 "
	    "packets=0 bytes=0 mark=42 zone=7 use=2\n",
	};
	for (size_t i = 0; i < sizeof(v4) / sizeof(v4[0]); i++) {
		struct evw *w = with_holder("192.0.2.1:17001", v4[i]);
		assert_int_equal(w->m.skipped_lines, 0);
		one_peer(w, "192.0.2.1", 17002, false, false);
		evw_free(w);
	}
	static const char *const v6[] = {
	    "# conntrack -L -f ipv6\n"
	    "udp      17 29 src=2001:db8::1 dst=2001:db8::1 sport=51821 dport=51820 packets=1 "
	    "bytes=50 [UNREPLIED] src=2001:db8::1 dst=2001:db8::1 sport=51820 dport=51821 "
	    "packets=0 bytes=0 mark=42 zone=7 use=1\n",
	    "# cat /proc/net/nf_conntrack\n"
	    "ipv6     10 udp      17 29 src=2001:0db8:0000:0000:0000:0000:0000:0001 "
	    "dst=2001:0db8:0000:0000:0000:0000:0000:0001 sport=51821 dport=51820 packets=1 "
	    "bytes=50 [UNREPLIED] src=2001:0db8:0000:0000:0000:0000:0000:0001 "
	    "dst=2001:0db8:0000:0000:0000:0000:0000:0001 sport=51820 dport=51821 packets=0 "
	    "bytes=0 mark=42 zone=7 use=2\n",
	};
	for (size_t i = 0; i < sizeof(v6) / sizeof(v6[0]); i++) {
		struct evw *w = with_holder("[2001:db8::1]:51821", v6[i]);
		assert_int_equal(w->m.skipped_lines, 0);
		one_peer(w, "2001:db8::1", 51820, false, false);
		evw_free(w);
	}
}

/* Public pastes (conntrack-forms.txt): every line read, none skipped; the UDP ones give far
 * ends to a holder of their sockets, the TCP ones none. */
static void pastes(void **state)
{
	(void)state;
	struct evw *w = with_holder("10.17.175.251:28317",
	                            "# conntrack -L\n"
	                            "udp      17 118 src=10.17.175.251 dst=52.220.151.177 "
	                            "sport=28317 dport=4444 src=52.220.151.177 dst=10.17.175.251 "
	                            "sport=4444 dport=28317 [ASSURED] mark=0 use=1\n");
	one_peer(w, "52.220.151.177", 4444, true, false);
	evw_free(w);
	/* conntrack -E: an event without a timeout, and one indented as printed */
	w = with_holder(
	    "192.168.136.128:42007",
	    "# conntrack -E\n"
	    "[DESTROY] udp      17 src=192.168.136.128 dst=8.8.8.8 sport=42007 dport=53 "
	    "src=8.8.8.8 dst=192.168.136.128 sport=53 dport=42007\n");
	one_peer(w, "8.8.8.8", 53, true, false);
	evw_free(w);
	w = with_holder(
	    "127.0.0.1:52269",
	    "# conntrack -E\n"
	    "    [NEW] udp      17 30 src=127.0.0.1 dst=127.0.0.53 sport=52269 dport=53 "
	    "[UNREPLIED] src=127.0.0.53 dst=127.0.0.1 sport=53 dport=52269\n");
	one_peer(w, "127.0.0.53", 53, false, false);
	evw_free(w);
	/* the whole file after a holder that none of its entries uses: read, no far end */
	FILE *f = fopen(FIXTURES "/linux-text/conntrack-forms.txt", "r");
	assert_non_null(f);
	static char buf[16384];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	w = with_holder("198.51.100.9:1194", buf);
	assert_int_equal(w->m.skipped_lines, 0);
	assert_int_equal(w->m.ct_peers.n, 0);
	evw_free(w);
}

/* A socket bound to the any address: the entry's end is this namespace's when the address is
 * one of its own (ip addr), and an entry between two other hosts through the same port is not
 * this socket's. */
static void any_address(void **state)
{
	(void)state;
	struct evw *w = with_holder(
	    "0.0.0.0:17002",
	    "# ip addr\n"
	    "2: ul0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP\n"
	    "    inet 192.0.2.1/24 scope global ul0\n"
	    "# conntrack -L\n"
	    "udp      17 29 src=192.0.2.7 dst=192.0.2.8 sport=17002 dport=17002 "
	    "src=192.0.2.8 dst=192.0.2.7 sport=17002 dport=17002 mark=0 use=1\n"
	    "udp      17 29 src=192.0.2.2 dst=192.0.2.1 sport=17002 dport=17002 "
	    "src=192.0.2.1 dst=192.0.2.2 sport=17002 dport=17002 mark=0 use=1\n");
	assert_int_equal(w->m.skipped_lines, 0);
	one_peer(w, "192.0.2.2", 17002, true, true);
	evw_free(w);
}

/* The tunnel's line cut at every length: a far end (always the right one) or a skipped line;
 * none from a line cut before its reply tuple is complete. */
static void truncations(void **state)
{
	(void)state;
	static const char line[] =
	    "udp      17 29 src=192.0.2.1 dst=192.0.2.2 sport=17002 dport=17002 src=192.0.2.2 "
	    "dst=192.0.2.1 sport=17002 dport=17002 mark=0 use=1";
	size_t reply_dport = (size_t)(strrchr(line, 'd') - line) + 7; /* "dport=1" */
	char text[512];
	for (size_t cut = 1; cut <= strlen(line); cut++) {
		snprintf(text, sizeof(text), "# conntrack -L\n%.*s\n", (int)cut, line);
		struct evw *w = with_holder("192.0.2.1:17002", text);
		/* either a far end or one line skipped, never both, never neither */
		if (w->m.ct_peers.n + w->m.skipped_lines != 1)
			fail_msg("cut at %zu: %zu far ends, %llu lines skipped", cut,
			         w->m.ct_peers.n, (unsigned long long)w->m.skipped_lines);
		if (cut < reply_dport && w->m.ct_peers.n)
			fail_msg("cut at %zu: a far end from an incomplete entry", cut);
		if (w->m.ct_peers.n)
			one_peer(w, "192.0.2.2", 17002, true, false);
		evw_free(w);
	}
}

/* Numbers out of range, protocols that disagree with their numbers, families that disagree,
 * a third tuple, unknown protocols: each line skipped and counted, no far end. */
static void hostile(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    /* a port past 65535 */
	    "udp      17 29 src=192.0.2.1 dst=192.0.2.2 sport=17002 dport=65536 src=192.0.2.2 "
	    "dst=192.0.2.1 sport=65536 dport=17002 mark=0 use=1",
	    /* a timeout past 32 bits, and one past 64 */
	    "udp      17 4294967296 src=192.0.2.1 dst=192.0.2.2 sport=17002 dport=17002 "
	    "src=192.0.2.2 dst=192.0.2.1 sport=17002 dport=17002 mark=0 use=1",
	    "udp      17 99999999999999999999999 src=192.0.2.1 dst=192.0.2.2 sport=17002 "
	    "dport=17002 "
	    "src=192.0.2.2 dst=192.0.2.1 sport=17002 dport=17002 mark=0 use=1",
	    /* the protocol's number is TCP's */
	    "udp      6 29 src=192.0.2.1 dst=192.0.2.2 sport=17002 dport=17002 src=192.0.2.2 "
	    "dst=192.0.2.1 sport=17002 dport=17002 mark=0 use=1",
	    /* the layer 3 number is IPv6's */
	    "ipv4     10 udp      17 29 src=192.0.2.1 dst=192.0.2.2 sport=17002 dport=17002 "
	    "src=192.0.2.2 dst=192.0.2.1 sport=17002 dport=17002 mark=0 use=1",
	    /* ipv6 with IPv4 addresses; IPv4 and IPv6 in one tuple */
	    "ipv6     10 udp      17 29 src=192.0.2.1 dst=192.0.2.2 sport=17002 dport=17002 "
	    "src=192.0.2.2 dst=192.0.2.1 sport=17002 dport=17002 mark=0 use=1",
	    "udp      17 29 src=192.0.2.1 dst=2001:db8::2 sport=17002 dport=17002 src=2001:db8::2 "
	    "dst=192.0.2.1 sport=17002 dport=17002 mark=0 use=1",
	    /* a third tuple */
	    "udp      17 29 src=192.0.2.1 dst=192.0.2.2 sport=17002 dport=17002 src=192.0.2.2 "
	    "dst=192.0.2.1 sport=17002 dport=17002 src=192.0.2.9 dst=192.0.2.1 mark=0 use=1",
	    /* mark, zone, use out of range or signed; a hex port; a bad address */
	    "udp      17 29 src=192.0.2.1 dst=192.0.2.2 sport=17002 dport=17002 src=192.0.2.2 "
	    "dst=192.0.2.1 sport=17002 dport=17002 mark=4294967296 use=1",
	    "udp      17 29 src=192.0.2.1 dst=192.0.2.2 sport=17002 dport=17002 src=192.0.2.2 "
	    "dst=192.0.2.1 sport=17002 dport=17002 mark=0 zone=65536 use=1",
	    "udp      17 29 src=192.0.2.1 dst=192.0.2.2 sport=17002 dport=17002 src=192.0.2.2 "
	    "dst=192.0.2.1 sport=17002 dport=17002 mark=0 use=-1",
	    "udp      17 29 src=192.0.2.1 dst=192.0.2.2 sport=0x426a dport=17002 src=192.0.2.2 "
	    "dst=192.0.2.1 sport=17002 dport=17002 mark=0 use=1",
	    "udp      17 29 src=192.0.2.1 dst=192.0.2.256 sport=17002 dport=17002 src=192.0.2.256 "
	    "dst=192.0.2.1 sport=17002 dport=17002 mark=0 use=1",
	    /* an empty value, an unterminated flag, no reply tuple */
	    "udp      17 29 src=192.0.2.1 dst=192.0.2.2 sport= dport=17002 src=192.0.2.2 "
	    "dst=192.0.2.1 sport=17002 dport=17002 mark=0 use=1",
	    "udp      17 29 src=192.0.2.1 dst=192.0.2.2 sport=17002 dport=17002 [UNREPLIED "
	    "src=192.0.2.2 dst=192.0.2.1 sport=17002 dport=17002 mark=0 use=1",
	    "udp      17 29 src=192.0.2.1 dst=192.0.2.2 sport=17002 dport=17002 [UNREPLIED] mark=0 "
	    "use=1",
	    /* protocols conntrack prints as unknown */
	    "unknown  41 599 src=192.0.2.1 dst=192.0.2.2 src=192.0.2.2 dst=192.0.2.1 mark=0 use=1",
	    "ipv4     2 unknown  41 599 src=192.0.2.1 dst=192.0.2.2 src=192.0.2.2 dst=192.0.2.1 "
	    "mark=0 zone=0 use=2",
	};
	size_t n = sizeof(bad) / sizeof(bad[0]);
	for (size_t i = 0; i < n; i++) {
		char text[1024];
		snprintf(text, sizeof(text), "# conntrack -L\n%s\n", bad[i]);
		struct evw *w = with_holder("192.0.2.1:17002", text);
		if (w->m.skipped_lines != 1 || w->m.ct_peers.n != 0)
			fail_msg("line %zu: %llu skipped, %zu far ends", i,
			         (unsigned long long)w->m.skipped_lines, w->m.ct_peers.n);
		evw_free(w);
	}
	/* all of them at once, after a good line: only the good one counts */
	size_t len = 4096;
	for (size_t i = 0; i < n; i++)
		len += strlen(bad[i]) + 1;
	char *all = malloc(len);
	assert_non_null(all);
	size_t off = (size_t)snprintf(all, len,
	                              "# conntrack -L\n"
	                              "udp      17 29 src=192.0.2.1 dst=192.0.2.2 sport=17002 "
	                              "dport=17002 src=192.0.2.2 dst=192.0.2.1 sport=17002 "
	                              "dport=17002 mark=0 use=1\n");
	for (size_t i = 0; i < n; i++)
		off += (size_t)snprintf(all + off, len - off, "%s\n", bad[i]);
	struct evw *w = with_holder("192.0.2.1:17002", all);
	free(all);
	assert_int_equal(w->m.skipped_lines, n);
	one_peer(w, "192.0.2.2", 17002, true, false);
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(lab_world),   cmocka_unit_test(each_form),   cmocka_unit_test(pastes),
	    cmocka_unit_test(any_address), cmocka_unit_test(truncations), cmocka_unit_test(hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
