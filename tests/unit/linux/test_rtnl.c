/* Recorded netlink dumps of this kernel (tests/fixtures/netlink) through the parsers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "collect/linux/nl.h"
#include "collect/linux/rtnl_parse.h"

#include <net/if.h>
#include <sys/socket.h>

static void *slurp(const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/netlink/%s", FIXTURES, name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static char buf[1 << 16] __attribute__((aligned(8)));
	*len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return buf;
}

struct world {
	struct ifw_model m;
	struct ifw_parse_ctx c;
};

static void replay(struct world *w, const char *file, mnl_cb_t cb, uint8_t proto)
{
	size_t len;
	void *buf = slurp(file, &len);
	struct ifw_err err = {0};
	w->c.proto = proto;
	assert_int_equal(ifw_nl_replay(buf, len, cb, &w->c, &err), 0);
}

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));
	ifw_model_init(&w->m);
	struct ifw_netns *ns = ifw_model_add_netns(&w->m);
	ns->name = "rec";
	ifw_parse_ctx_init(&w->c, &w->m, 0);
	replay(w, "link.nl", ifw_rtnl_link_cb, 0);
	assert_int_equal(ifw_parse_ctx_index_links(&w->c), 0);
	replay(w, "addr.nl", ifw_rtnl_addr_cb, 0);
	replay(w, "route.nl", ifw_rtnl_route_cb, 0);
	replay(w, "rule.nl", ifw_rtnl_rule_cb, 0);
	replay(w, "udp4.nl", ifw_sockdiag_inet_cb, IFW_P_UDP);
	replay(w, "tcp4.nl", ifw_sockdiag_inet_cb, IFW_P_TCP);
	assert_int_equal(ifw_model_index(&w->m), 0);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;
	ifw_parse_ctx_free(&w->c);
	ifw_model_free(&w->m);
	free(w);
	return 0;
}

static const struct ifw_iface *iface(struct world *w, const char *name)
{
	for (size_t i = 0; i < w->m.ifaces.n; i++)
		if (strcmp(w->m.ifaces.v[i].name, name) == 0)
			return &w->m.ifaces.v[i];
	fail_msg("no interface %s", name);
	return NULL;
}

static void test_kinds(void **state)
{
	struct world *w = *state;
	assert_int_equal(w->m.ifaces.n, 9);
	assert_null(iface(w, "lo")->kind);
	assert_true(iface(w, "lo")->flags & IFF_LOOPBACK);
	assert_string_equal(iface(w, "va0")->kind, "veth");
	assert_string_equal(iface(w, "br0")->kind, "bridge");
	assert_true(iface(w, "br0")->info.has_bridge);
	assert_string_equal(iface(w, "mv0")->kind, "macvlan");
	assert_int_equal(iface(w, "mv0")->info.macvlan_mode, 4); /* MACVLAN_MODE_BRIDGE */
	assert_string_equal(iface(w, "vx42")->kind, "vxlan");
}

static void test_veth_peer_other_namespace(void **state)
{
	struct world *w = *state;
	const struct ifw_iface *va = iface(w, "va0");
	assert_true(va->link_nsid >= 0); /* the peer is in another namespace */
	assert_true(va->link_ifindex > 0);
	/* p1x's peer is p1 in the same namespace: no nsid, resolved locally */
	const struct ifw_iface *p1x = iface(w, "p1x");
	assert_int_equal(p1x->link_nsid, -1);
	assert_string_equal(w->m.ifaces.v[p1x->link].name, "p1");
}

static void test_bridge_ports(void **state)
{
	struct world *w = *state;
	const struct ifw_iface *p1 = iface(w, "p1");
	assert_string_equal(p1->slave_kind, "bridge");
	assert_string_equal(w->m.ifaces.v[p1->master].name, "br0");
	const struct ifw_iface *br = iface(w, "br0");
	assert_int_equal(br->ports.n, 1);
	assert_string_equal(w->m.ifaces.v[br->ports.v[0]].name, "p1");
}

static void test_vxlan_details(void **state)
{
	struct world *w = *state;
	const struct ifw_iface *vx = iface(w, "vx42");
	char a[IFW_IP_STRLEN];
	assert_true(vx->info.has_vni);
	assert_int_equal(vx->info.vni, 42);
	assert_int_equal(vx->info.vx_port, 4789);
	assert_string_equal(ifw_ip_str(&vx->info.vx_local, a), "192.0.2.1");
	assert_string_equal(ifw_ip_str(&vx->info.vx_remote, a), "192.0.2.2");
	assert_int_equal(vx->info.vx_link, iface(w, "va0")->ifindex);
}

static void test_tun_details(void **state)
{
	struct world *w = *state;
	const struct ifw_iface *tap = iface(w, "ptap0");
	assert_string_equal(tap->kind, "tun");
	assert_int_equal(tap->info.tun_type, IFW_TUN_TAP);
	assert_true(tap->info.tun_persist);
	assert_true(tap->info.has_tun_owner);
	assert_int_equal(tap->info.tun_owner, 1000);
	assert_false(tap->info.has_tun_group);
	assert_string_equal(tap->alias, "test alias");
	const struct ifw_iface *tun = iface(w, "held0");
	assert_int_equal(tun->info.tun_type, IFW_TUN_TUN);
	assert_false(tun->info.tun_persist);
	assert_false(tun->info.tun_pi);
}

static void test_addresses(void **state)
{
	struct world *w = *state;
	const struct ifw_iface *va = iface(w, "va0");
	int v4 = 0, v6 = 0;
	char a[IFW_IP_STRLEN];
	for (size_t i = 0; i < va->addrs.n; i++) {
		const struct ifw_addr *ad = &w->m.addrs.v[va->addrs.v[i]];
		ifw_ip_str(&ad->ip, a);
		if (strcmp(a, "192.0.2.1") == 0 && ad->plen == 24)
			v4++;
		if (strcmp(a, "2001:db8:1::1") == 0 && ad->plen == 64)
			v6++;
	}
	assert_int_equal(v4, 1);
	assert_int_equal(v6, 1);
}

static void test_routes_and_rules(void **state)
{
	struct world *w = *state;
	char a[IFW_IP_STRLEN];
	int found = 0;
	for (size_t i = 0; i < w->m.routes.n; i++) {
		const struct ifw_route *r = &w->m.routes.v[i];
		if (r->table == 100) {
			assert_string_equal(ifw_ip_str(&r->dst, a), "203.0.113.0");
			assert_int_equal(r->dst_len, 24);
			assert_string_equal(ifw_ip_str(&r->gateway, a), "192.0.2.2");
			assert_int_equal(r->metric, 7);
			assert_string_equal(w->m.ifaces.v[r->iface].name, "va0");
			found++;
		}
	}
	assert_int_equal(found, 1);
	found = 0;
	for (size_t i = 0; i < w->m.policy_rules.n; i++) {
		const struct ifw_policy_rule *r = &w->m.policy_rules.v[i];
		if (r->priority == 1000) {
			assert_int_equal(r->table, 100);
			assert_string_equal(ifw_ip_str(&r->src, a), "192.0.2.1");
			assert_int_equal(r->src_len, 32);
			found++;
		}
	}
	assert_int_equal(found, 1);
}

static void test_sockets(void **state)
{
	struct world *w = *state;
	const struct ifw_iface *va = iface(w, "va0");
	int sip = 0, dev = 0, tcp = 0;
	for (size_t i = 0; i < w->m.sockets.n; i++) {
		const struct ifw_socket *s = &w->m.sockets.v[i];
		if (s->proto == IFW_P_UDP && s->lport == 5060) {
			sip++;
			assert_true(s->listening);
			assert_true(s->inode != 0);
		}
		if (s->proto == IFW_P_UDP && s->lport == 9999) {
			dev++;
			assert_int_equal(s->bound_ifindex, va->ifindex);
			assert_true(s->bound_iface != IFW_NOID);
		}
		if (s->proto == IFW_P_TCP && s->lport == 8080) {
			tcp++;
			assert_true(s->listening);
		}
	}
	assert_int_equal(sip + dev + tcp, 3);
	/* Both the address-bound and the device-bound socket are on va0. */
	assert_int_equal(va->sockets.n, 3);
}

static void test_truncated_and_corrupt(void **state)
{
	(void)state;
	size_t len;
	char *buf = slurp("link.nl", &len);
	struct ifw_model m;
	ifw_model_init(&m);
	ifw_model_add_netns(&m);
	struct ifw_parse_ctx c;
	ifw_parse_ctx_init(&c, &m, 0);
	struct ifw_err err = {0};
	/* Cut mid-message: an error, never a crash. */
	assert_int_equal(ifw_nl_replay(buf, len - 7, ifw_rtnl_link_cb, &c, &err), -1);
	assert_int_equal(err.code, IFW_E_PARSE);
	/* Flip bytes in attribute headers of the first message: parsed or skipped, no crash. */
	static char copy[1 << 16] __attribute__((aligned(8)));
	for (size_t off = 16; off < 400 && off < len; off += 3) {
		memcpy(copy, buf, len);
		copy[off] ^= 0x5a;
		ifw_nl_replay(copy, len, ifw_rtnl_link_cb, &c, &err);
	}
	ifw_parse_ctx_free(&c);
	ifw_model_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kinds),
	    cmocka_unit_test(test_veth_peer_other_namespace),
	    cmocka_unit_test(test_bridge_ports),
	    cmocka_unit_test(test_vxlan_details),
	    cmocka_unit_test(test_tun_details),
	    cmocka_unit_test(test_addresses),
	    cmocka_unit_test(test_routes_and_rules),
	    cmocka_unit_test(test_sockets),
	    cmocka_unit_test(test_truncated_and_corrupt),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
