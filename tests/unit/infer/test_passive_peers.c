/* Far ends seen passively (infer/passive_peers.c): a conntrack entry of a holder's unconnected UDP
 * socket, and an underlay flow of a traffic sample, become the tunnel's far end, in the verdict
 * and the advice. Each has its near miss: another process's socket, a flow with no end here, a
 * flow of the tunnel's inside. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "world.h"

#include <net/if.h>
#include <netinet/in.h>

static const char *text(const struct ifw_iface_analysis *ia)
{
	return ia->verdict_text ? ia->verdict_text : "";
}

static void contains(const char *s, const char *part)
{
	if (!s || !strstr(s, part))
		fail_msg("\"%s\" does not contain \"%s\"", s ? s : "(null)", part);
}

static bool advises(const struct ifw_iface_analysis *ia, const char *part)
{
	for (size_t i = 0; i < ia->next_steps.n; i++)
		if (strstr(ia->next_steps.v[i], part))
			return true;
	return false;
}

/* A TUN held by comm (pid 77) with an unconnected UDP socket on 0.0.0.0:port. */
static struct w *udp_world(const char *comm, uint16_t port, ifw_id *tun, ifw_id *p, ifw_id *s)
{
	struct w *w = world("linux");
	ifw_id eth = iface(w, 0, "eth0", NULL, IFF_UP);
	addr(w, eth, "192.0.2.10", 24);
	*tun = iface(w, 0, "tun0", "tun", IFF_POINTOPOINT | IFF_UP);
	w->m.ifaces.v[*tun].info.tun_type = IFW_TUN_TUN;
	addr(w, *tun, "198.51.100.1", 24);
	*p = proc(w, 77, comm, 0);
	tunfd(w, *p, *tun);
	*s = sock(w, *p, IFW_P_UDP, "0.0.0.0", port, NULL, 0);
	return w;
}

static void ct(struct w *w, ifw_id s, const char *remote, uint16_t rport)
{
	struct ifw_ct_peer *c = ifw_model_add_ct_peer(&w->m);
	c->ns = 0;
	c->socket = s;
	c->proto = IFW_P_UDP;
	ifw_ip_parse("192.0.2.10", &c->local);
	c->lport = w->m.sockets.v[s].lport;
	ifw_ip_parse(remote, &c->remote);
	c->rport = rport;
	c->origin.src = "conntrack (ctnetlink dump)";
}

static void flow(struct w *w, ifw_id tun, const char *src, uint16_t sport, const char *dst,
                 uint16_t dport, bool underlay)
{
	struct ifw_flow *f = ifw_model_add_flow(&w->m);
	f->iface = tun;
	f->ip_proto = IPPROTO_UDP;
	ifw_ip_parse(src, &f->src);
	ifw_ip_parse(dst, &f->dst);
	f->sport = sport;
	f->dport = dport;
	f->app = "Unknown";
	f->packets = 10;
	f->underlay = underlay;
	f->owner = IFW_NOID;
}

/* The verdict cites a fact of this type (and, for text, containing part). */
static bool cites(const struct ifw_iface_analysis *ia, uint8_t type, const char *part)
{
	const struct ifw_finding *fi = ia->findings.v[ia->verdict];
	for (size_t i = 0; i < fi->facts.n; i++)
		if (fi->facts.v[i].type == type &&
		    (!part || (fi->facts.v[i].text && strstr(fi->facts.v[i].text, part))))
			return true;
	return false;
}

static void test_conntrack_names_the_far_end(void **state)
{
	(void)state;
	ifw_id tun, p, s;
	struct w *w = udp_world("socat", 17002, &tun, &p, &s);
	ct(w, s, "203.0.113.2", 17002);
	const struct ifw_iface_analysis *ia = analyze(w, tun);
	assert_string_equal(verdict_rule(ia), "tunnel.shape-one");
	contains(text(ia), "socat (pid 77) to 203.0.113.2");
	contains(text(ia), "UDP 17002");
	assert_int_equal(ia->peers.n, 1);
	assert_string_equal(ia->peers.v[0].via, "conntrack");
	assert_int_equal(ia->peers.v[0].socket, s);
	assert_non_null(ia->peers.v[0].owner); /* documentation range */
	assert_false(advises(ia, "sample the underlay"));
	assert_true(cites(ia, IFW_FACT_TEXT,
	                  "tracked connection udp 192.0.2.10:17002 -> 203.0.113.2:17002 (not "
	                  "answered yet)"));
	done(w);
}

static void test_conntrack_of_another_socket(void **state)
{
	(void)state;
	ifw_id tun, p, s;
	struct w *w = udp_world("socat", 17002, &tun, &p, &s);
	/* Another process's socket on the same port: its tracked connection is not the
	 * tunnel's. */
	ifw_id other = proc(w, 99, "dnsmasq", 0);
	ifw_id s2 = sock(w, other, IFW_P_UDP, "192.0.2.10", 17002, NULL, 0);
	ct(w, s2, "203.0.113.9", 17002);
	const struct ifw_iface_analysis *ia = analyze(w, tun);
	assert_string_equal(verdict_rule(ia), "tunnel.shape-server");
	assert_int_equal(ia->peers.n, 0);
	assert_true(advises(ia, "sample the underlay"));
	done(w);
}

static void test_sample_names_the_far_end(void **state)
{
	(void)state;
	ifw_id tun, p, s;
	struct w *w = udp_world("socat", 17002, &tun, &p, &s);
	/* Both ends on port 17002: the address says which is here. */
	flow(w, tun, "203.0.113.2", 17002, "192.0.2.10", 17002, true);
	const struct ifw_iface_analysis *ia = analyze(w, tun);
	assert_string_equal(verdict_rule(ia), "tunnel.shape-one");
	contains(text(ia), "to 203.0.113.2");
	assert_int_equal(ia->peers.n, 1);
	assert_string_equal(ia->peers.v[0].via, "sample");
	assert_int_equal(ia->peers.v[0].port, 17002);
	assert_true(cites(ia, IFW_FACT_FLOW, NULL));
	assert_false(advises(ia, "sample the underlay"));
	done(w);
}

static void test_sample_near_misses(void **state)
{
	(void)state;
	ifw_id tun, p, s;
	struct w *w = udp_world("socat", 17002, &tun, &p, &s);
	/* Inside traffic (not underlay), a flow with neither end here, one from another port of
	 * this host (no holder's socket). */
	flow(w, tun, "198.51.100.1", 17002, "198.51.100.2", 17002, false);
	flow(w, tun, "203.0.113.7", 17002, "203.0.113.8", 17002, true);
	flow(w, tun, "192.0.2.10", 40000, "203.0.113.2", 17002, true);
	const struct ifw_iface_analysis *ia = analyze(w, tun);
	assert_int_equal(ia->peers.n, 0);
	assert_string_equal(verdict_rule(ia), "tunnel.shape-server");
	done(w);
}

/* `ifwho eth0 tun0 --sample 5`: the outer flow is eth0's, from the holder's socket. */
static void test_sample_of_the_outer_interface(void **state)
{
	(void)state;
	ifw_id tun, p, s;
	struct w *w = udp_world("socat", 17002, &tun, &p, &s);
	ifw_id eth = 0; /* eth0, made first */
	flow(w, eth, "192.0.2.10", 17002, "203.0.113.4", 17002, false);
	w->m.flows.v[w->m.flows.n - 1].owner = p;
	/* the same from a process that does not hold the tunnel */
	ifw_id other = proc(w, 99, "dnsmasq", 0);
	flow(w, eth, "192.0.2.10", 17002, "203.0.113.5", 17002, false);
	w->m.flows.v[w->m.flows.n - 1].owner = other;
	const struct ifw_iface_analysis *ia = analyze(w, tun);
	assert_int_equal(ia->peers.n, 1);
	assert_string_equal(ia->peers.v[0].via, "sample");
	contains(text(ia), "to 203.0.113.4");
	done(w);
}

static void test_known_daemon_advice_changes(void **state)
{
	(void)state;
	ifw_id tun, p, s;
	struct w *w = udp_world("openvpn", 1194, &tun, &p, &s);
	const struct ifw_iface_analysis *ia = analyze(w, tun);
	assert_true(advises(ia, "sample the underlay"));
	done(w);

	w = udp_world("openvpn", 1194, &tun, &p, &s);
	flow(w, tun, "192.0.2.10", 1194, "203.0.113.2", 1194, true);
	ia = analyze(w, tun);
	contains(text(ia), "OpenVPN");
	contains(text(ia), "to 203.0.113.2");
	assert_false(advises(ia, "sample the underlay"));
	assert_true(advises(ia, "203.0.113.2 was seen in the traffic sample"));
	assert_true(cites(ia, IFW_FACT_FLOW, NULL));
	done(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_conntrack_names_the_far_end),
	    cmocka_unit_test(test_conntrack_of_another_socket),
	    cmocka_unit_test(test_sample_names_the_far_end),
	    cmocka_unit_test(test_sample_near_misses),
	    cmocka_unit_test(test_sample_of_the_outer_interface),
	    cmocka_unit_test(test_known_daemon_advice_changes),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
