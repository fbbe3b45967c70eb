/* Mesh VPN daemons' answers: Tailscale's LocalAPI status and ZeroTier's service API lists, on
 * the recorded answers (tests/fixtures/daemons) and on hostile ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "collect/linux/mesh_parse.h"
#include "model/model.h"

#include <stdio.h>
#include <sys/socket.h>

static char *slurp(const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/daemons/%s", FIXTURES, name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *buf = malloc(1 << 20);
	assert_non_null(buf);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static const struct ifw_mesh_target ts_target = {.proc = IFW_NOID,
                                                 .iface = IFW_NOID,
                                                 .ifname = "tailscale0",
                                                 .daemon = "tailscaled",
                                                 .origin = "test"};
static const struct ifw_mesh_target zt_target = {.proc = IFW_NOID,
                                                 .iface = IFW_NOID,
                                                 .ifname = "ztmjfmfyq5",
                                                 .daemon = "zerotier-one",
                                                 .origin = "test"};

static const struct ifw_tunnel_sa *by_peer(const struct ifw_model *m, const char *id)
{
	for (size_t i = 0; i < m->sas.n; i++)
		if (m->sas.v[i].remote_id && strcmp(m->sas.v[i].remote_id, id) == 0)
			return &m->sas.v[i];
	return NULL;
}

static void test_tailscale_status(void **state)
{
	(void)state;
	size_t n, skipped;
	char *b = slurp("tailscale-status.json", &n);
	struct ifw_model m;
	ifw_model_init(&m);
	struct ifw_err err = {0};
	const char *tailnet = NULL;
	assert_int_equal(ifw_tailscale_parse_status(&m, &ts_target, b, n, &tailnet, &skipped, &err),
	                 3);
	assert_string_equal(tailnet, "user@example.com");
	assert_int_equal(skipped, 0);

	const struct ifw_tunnel_sa *lap = by_peer(&m, "laptop.example-tailnet.ts.net");
	assert_non_null(lap);
	assert_string_equal(lap->source, "tailscale localapi");
	assert_string_equal(lap->version, "Tailscale");
	assert_string_equal(lap->daemon, "tailscaled");
	assert_string_equal(lap->ifname, "tailscale0");
	assert_string_equal(lap->name, "user@example.com");
	assert_string_equal(lap->state, "direct");
	char ip[IFW_IP_STRLEN];
	assert_string_equal(ifw_ip_str(&lap->remote, ip), "203.0.113.10");
	assert_int_equal(lap->rport, 41641);
	assert_int_equal(lap->n_remote_vips, 2);
	assert_string_equal(lap->remote_vips[0], "100.64.0.2");
	assert_string_equal(lap->remote_vips[1], "fd7a:115c:a1e0::2");
	assert_int_equal(lap->n_vips, 2);
	assert_string_equal(lap->vips[0], "100.64.0.1");
	assert_string_equal(lap->local_id, "gateway.example-tailnet.ts.net");
	assert_int_equal(lap->bytes_in, 48392);
	assert_int_equal(lap->bytes_out, 51720);
	/* 2026-12-06T22:57:12Z */
	assert_int_equal(lap->last_handshake, 1796597832);

	const struct ifw_tunnel_sa *phone = by_peer(&m, "phone.example-tailnet.ts.net");
	assert_non_null(phone);
	assert_string_equal(phone->state, "relayed (DERP ams)");
	assert_int_equal(phone->remote.family, 0);
	assert_int_equal(phone->last_handshake, 0);

	const struct ifw_tunnel_sa *nas = by_peer(&m, "nas.example-tailnet.ts.net");
	assert_non_null(nas);
	assert_string_equal(nas->state, "offline");
	assert_int_equal(nas->remote.family, 0);
	ifw_model_free(&m);
	free(b);
}

static void test_tailscale_variants(void **state)
{
	(void)state;
	struct ifw_model m;
	ifw_model_init(&m);
	struct ifw_err err = {0};
	size_t skipped;
	const char *tailnet = NULL;
	/* An older daemon: no CurrentTailnet, the legacy suffix names the network; no peers; an
	 * IPv6 direct path; a peer relayed by another node. */
	static const char old[] =
	    "{\"BackendState\":\"Running\",\"MagicDNSSuffix\":\"tail0123.ts.net\","
	    "\"Self\":{\"HostName\":\"h\"},\"Peer\":null}";
	assert_int_equal(
	    ifw_tailscale_parse_status(&m, &ts_target, old, strlen(old), &tailnet, &skipped, &err),
	    1);
	assert_string_equal(tailnet, "tail0123.ts.net");
	assert_string_equal(m.sas.v[0].name, "tail0123.ts.net");
	assert_string_equal(m.sas.v[0].state, "no peers");
	assert_null(m.sas.v[0].remote_id);
	/* Not logged in: the daemon's state says why there is no tailnet. */
	static const char login[] = "{\"BackendState\":\"NeedsLogin\",\"Peer\":{}}";
	assert_int_equal(ifw_tailscale_parse_status(&m, &ts_target, login, strlen(login), &tailnet,
	                                            &skipped, &err),
	                 1);
	assert_null(tailnet);
	assert_string_equal(m.sas.v[1].state, "NeedsLogin");
	m.sas.n = 0;
	static const char v6[] =
	    "{\"BackendState\":\"Running\",\"Peer\":{"
	    "\"nodekey:01\":{\"HostName\":\"a\",\"CurAddr\":\"[2001:db8::5]:41641\",\"Online\":"
	    "true},"
	    "\"nodekey:02\":{\"HostName\":\"b\",\"PeerRelay\":\"192.0.2.9:7777:3\",\"Online\":true}"
	    ","
	    "\"nodekey:03\":{\"HostName\":\"c\",\"CurAddr\":\"not an address\"}}}";
	assert_int_equal(
	    ifw_tailscale_parse_status(&m, &ts_target, v6, strlen(v6), &tailnet, &skipped, &err),
	    3);
	assert_null(tailnet);
	char ip[IFW_IP_STRLEN];
	const struct ifw_tunnel_sa *a = by_peer(&m, "a");
	assert_non_null(a);
	assert_string_equal(a->state, "direct");
	assert_string_equal(ifw_ip_str(&a->remote, ip), "2001:db8::5");
	assert_string_equal(by_peer(&m, "b")->state, "relayed (peer relay)");
	assert_string_equal(by_peer(&m, "c")->state, "idle");
	assert_int_equal(by_peer(&m, "c")->remote.family, 0);
	ifw_model_free(&m);
}

static void test_tailscale_bad(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",
	    "[]",
	    "{\"Peer\":{}}",                                               /* no BackendState */
	    "{\"BackendState\":\"Running\",\"Peer\":[]}",                  /* Peer not a map */
	    "{\"BackendState\":\"Running\",\"Peer\":{\"k\":{}}",           /* truncated */
	    "{\"BackendState\":\"Running\",\"BackendState\":\"Stopped\"}", /* duplicate */
	    "{\"BackendState\":\"Running\",\"Self\":7}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ifw_model m;
		ifw_model_init(&m);
		struct ifw_err err = {0};
		size_t skipped;
		assert_int_equal(ifw_tailscale_parse_status(&m, &ts_target, bad[i], strlen(bad[i]),
		                                            NULL, &skipped, &err),
		                 -1);
		assert_int_equal(m.sas.n, 0);
		assert_true(err.msg[0] != '\0');
		ifw_model_free(&m);
	}
	/* Hostile values are kept bounded, not trusted: a 4 KiB name, a control character, a
	 * port out of range, a huge counter. */
	char big[6000];
	char name[4097];
	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	snprintf(big, sizeof(big),
	         "{\"BackendState\":\"Running\",\"Peer\":{\"k\":{\"DNSName\":\"%s\","
	         "\"HostName\":\"\\u001b[31m\",\"CurAddr\":\"192.0.2.1:70000\","
	         "\"RxBytes\":-5,\"LastHandshake\":\"2026-13-40T99:00:00Z\"}}}",
	         name);
	struct ifw_model m;
	ifw_model_init(&m);
	struct ifw_err err = {0};
	size_t skipped;
	assert_int_equal(
	    ifw_tailscale_parse_status(&m, &ts_target, big, strlen(big), NULL, &skipped, &err), 1);
	assert_int_equal(strlen(m.sas.v[0].remote_id), 253);
	assert_int_equal(m.sas.v[0].remote.family, 0);
	assert_int_equal(m.sas.v[0].bytes_in, 0);
	assert_int_equal(m.sas.v[0].last_handshake, 0);
	ifw_model_free(&m);
}

static void test_rfc3339(void **state)
{
	(void)state;
	assert_int_equal(ifw_mesh_rfc3339("1970-01-01T00:00:00Z"), 0);
	assert_int_equal(ifw_mesh_rfc3339("2026-12-06T22:57:12.590412337Z"), 1796597832);
	assert_int_equal(ifw_mesh_rfc3339("2026-12-06T23:57:12+01:00"), 1796597832);
	assert_int_equal(ifw_mesh_rfc3339("2000-02-29T12:00:00Z"), 951825600);
	assert_int_equal(ifw_mesh_rfc3339("0001-01-01T00:00:00Z"), 0);
	assert_int_equal(ifw_mesh_rfc3339("2026-12-06T22:57:12"), 0);
	assert_int_equal(ifw_mesh_rfc3339("2026-12-06T22:57:12Zjunk"), 0);
	assert_int_equal(ifw_mesh_rfc3339(NULL), 0);
}

static void test_zerotier(void **state)
{
	(void)state;
	size_t nn, pn, skipped;
	char *nb = slurp("zerotier-network.json", &nn);
	char *pb = slurp("zerotier-peer.json", &pn);
	struct ifw_model m;
	ifw_model_init(&m);
	struct ifw_err err = {0};
	struct ifw_zt_network net;
	assert_int_equal(ifw_zerotier_parse_networks(&m, nb, nn, "ztmjfmfyq5", &net, &err), 0);
	assert_string_equal(net.id, "8056c2e21c000001");
	assert_string_equal(net.name, "example-net");
	assert_string_equal(net.status, "OK");
	assert_int_equal(net.n_addrs, 2);
	assert_string_equal(net.addrs[0], "198.51.100.7/24");
	struct ifw_zt_network other;
	assert_int_equal(ifw_zerotier_parse_networks(&m, nb, nn, "zt0000000", &other, &err), 1);

	assert_int_equal(ifw_zerotier_parse_peers(&m, &zt_target, &net, pb, pn, &skipped, &err), 2);
	assert_null(by_peer(&m, "61d294b9cb")); /* the root is not a member */
	const struct ifw_tunnel_sa *d = by_peer(&m, "a1b2c3d4e5");
	assert_non_null(d);
	assert_string_equal(d->source, "zerotier service");
	assert_string_equal(d->version, "ZeroTier");
	assert_string_equal(d->name, "example-net");
	assert_string_equal(d->state, "direct");
	char ip[IFW_IP_STRLEN];
	assert_string_equal(ifw_ip_str(&d->remote, ip), "203.0.113.20"); /* the active one */
	assert_int_equal(d->rport, 9993);
	assert_int_equal(d->n_vips, 2);
	const struct ifw_tunnel_sa *r = by_peer(&m, "0f9e8d7c6b");
	assert_non_null(r);
	assert_string_equal(r->state, "relayed (no direct path)");
	assert_int_equal(r->remote.family, 0);
	ifw_model_free(&m);
	free(nb);
	free(pb);
}

static void test_zerotier_bad(void **state)
{
	(void)state;
	struct ifw_model m;
	ifw_model_init(&m);
	struct ifw_err err = {0};
	struct ifw_zt_network net;
	size_t skipped;
	static const char *const bad_nets[] = {"{}", "[{\"id\":\"zz\"}]", "[7]", "[{\"id\":1}]",
	                                       "not json"};
	for (size_t i = 0; i < sizeof(bad_nets) / sizeof(bad_nets[0]); i++)
		assert_int_equal(ifw_zerotier_parse_networks(&m, bad_nets[i], strlen(bad_nets[i]),
		                                             "zt0", &net, &err),
		                 -1);
	memset(&net, 0, sizeof(net));
	snprintf(net.id, sizeof(net.id), "8056c2e21c000001");
	static const char *const bad_peers[] = {"{}", "[{\"role\":\"LEAF\"}]",
	                                        "[{\"address\":\"a1b2c3d4e5\"}]",
	                                        "[{\"address\":\"a1b2c3d4e5\",\"role\":\"LEAF\"},{"
	                                        "\"address\":\"short\",\"role\":\"LEAF\"}]"};
	for (size_t i = 0; i < sizeof(bad_peers) / sizeof(bad_peers[0]); i++) {
		assert_int_equal(ifw_zerotier_parse_peers(&m, &zt_target, &net, bad_peers[i],
		                                          strlen(bad_peers[i]), &skipped, &err),
		                 -1);
		assert_int_equal(m.sas.n, 0);
	}
	/* Paths that are not addresses leave the peer relayed; an unnamed network is its id. */
	static const char odd[] = "[{\"address\":\"a1b2c3d4e5\",\"role\":\"LEAF\",\"paths\":["
	                          "{\"address\":\"203.0.113.5:9993\",\"active\":true},"
	                          "{\"address\":\"203.0.113.5/0\",\"active\":true},"
	                          "{\"address\":\"nothing/9993\",\"active\":true}]}]";
	assert_int_equal(
	    ifw_zerotier_parse_peers(&m, &zt_target, &net, odd, strlen(odd), &skipped, &err), 1);
	assert_string_equal(m.sas.v[0].state, "relayed (no direct path)");
	assert_string_equal(m.sas.v[0].name, "8056c2e21c000001");
	/* No member, and the controller refused: the network's status says so. */
	snprintf(net.status, sizeof(net.status), "ACCESS_DENIED");
	static const char roots[] = "[{\"address\":\"61d294b9cb\",\"role\":\"PLANET\"}]";
	assert_int_equal(
	    ifw_zerotier_parse_peers(&m, &zt_target, &net, roots, strlen(roots), &skipped, &err),
	    1);
	assert_string_equal(m.sas.v[1].state, "ACCESS_DENIED");
	assert_null(m.sas.v[1].remote_id);
	ifw_model_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tailscale_status), cmocka_unit_test(test_tailscale_variants),
	    cmocka_unit_test(test_tailscale_bad),    cmocka_unit_test(test_rfc3339),
	    cmocka_unit_test(test_zerotier),         cmocka_unit_test(test_zerotier_bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
