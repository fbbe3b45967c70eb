/* Tunnel daemons' answers: WireGuard UAPI text and generic netlink dumps, OpenVPN command lines,
 * config files, status files and management answers. The conversation guard (deadline, byte
 * budget, SO_PEERCRED) against daemons that hang, flood or belong to someone else is tested
 * with its module, in test_daemon_sock.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "collect/linux/openvpn_parse.h"
#include "collect/linux/wg_parse.h"

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/time_types.h>
#include <linux/wireguard.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PRIV "4242424242424242424242424242424242424242424242424242424242424242"
#define PUB1 "709c0ec435cc2461c8b1c31266ac43ac262e5d126aea07238a090c9c2087622d"
#define PUB2 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* The shape wireguard-go 0.0.20220316 (Debian 12) answers `get=1` with; keys replaced. */
static const char uapi_answer[] = "private_key=" PRIV "\n"
                                  "listen_port=51820\n"
                                  "public_key=" PUB1 "\n"
                                  "preshared_key=" PRIV "\n"
                                  "protocol_version=1\n"
                                  "endpoint=192.0.2.9:51820\n"
                                  "last_handshake_time_sec=1796588541\n"
                                  "last_handshake_time_nsec=5\n"
                                  "tx_bytes=1184\n"
                                  "rx_bytes=92\n"
                                  "persistent_keepalive_interval=0\n"
                                  "allowed_ip=10.9.0.0/24\n"
                                  "allowed_ip=fd00:9::/64\n"
                                  "public_key=" PUB2 "\n"
                                  "endpoint=[2001:db8::2]:4500\n"
                                  "last_handshake_time_sec=0\n"
                                  "errno=0\n"
                                  "\n";

static const struct ifw_wg_target wg_target = {.proc = IFW_NOID,
                                               .iface = IFW_NOID,
                                               .ifname = "wg0",
                                               .daemon = "wireguard-go",
                                               .source = "wireguard uapi",
                                               .origin = "test"};

static bool holds_string(const struct ifw_tunnel_sa *sa, const char *needle)
{
	const char *f[] = {sa->name, sa->state, sa->remote_id, sa->local_id, sa->remote_host};
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (f[i] && strstr(f[i], needle))
			return true;
	return false;
}

static void test_uapi(void **state)
{
	(void)state;
	struct ifw_model m;
	ifw_model_init(&m);
	assert_true(ifw_wg_uapi_complete(uapi_answer, sizeof(uapi_answer) - 1));
	assert_int_equal(ifw_wg_parse_uapi(&m, &wg_target, uapi_answer, sizeof(uapi_answer) - 1),
	                 2);
	const struct ifw_tunnel_sa *a = &m.sas.v[0], *b = &m.sas.v[1];
	char ip[IFW_IP_STRLEN];
	assert_string_equal(ifw_ip_str(&a->remote, ip), "192.0.2.9");
	assert_int_equal(a->rport, 51820);
	assert_int_equal(a->lport, 51820);
	assert_int_equal(a->proto, IFW_P_UDP);
	assert_string_equal(a->source, "wireguard uapi");
	assert_string_equal(a->remote_id, PUB1);
	assert_int_equal(a->n_allowed_ips, 2);
	assert_string_equal(a->allowed_ips[1], "fd00:9::/64");
	assert_int_equal(a->last_handshake, 1796588541);
	assert_int_equal(a->bytes_in, 92);
	assert_int_equal(a->bytes_out, 1184);
	assert_string_equal(a->state, "handshake done");
	assert_string_equal(ifw_ip_str(&b->remote, ip), "2001:db8::2");
	assert_int_equal(b->rport, 4500);
	assert_int_equal(b->lport, 51820);
	assert_string_equal(b->state, "no handshake yet");
	/* The private and preshared keys are nowhere. */
	for (size_t i = 0; i < m.sas.n; i++)
		assert_false(holds_string(&m.sas.v[i], PRIV));
	ifw_model_free(&m);
}

static void test_uapi_bad(void **state)
{
	(void)state;
	struct ifw_model m;
	ifw_model_init(&m);
	/* Every cut of a good answer is refused and leaves nothing behind. */
	size_t full = sizeof(uapi_answer) - 1;
	for (size_t n = 0; n < full; n++) {
		assert_int_equal(ifw_wg_parse_uapi(&m, &wg_target, uapi_answer, n), -1);
		assert_int_equal(m.sas.n, 0);
	}
	static const char *const bad[] = {
	    "hello\n\n",
	    "\x01\xff=garbage\n\n",
	    "errno=1\n\n",
	    "errno=0\n",                                            /* no closing empty line */
	    "public_key=" PUB1 "\nendpoint=192.0.2.1\nerrno=0\n\n", /* no port */
	    "public_key=" PUB1 "\nendpoint=300.0.2.1:5\nerrno=0\n\n",
	    "public_key=" PUB1 "\nendpoint=192.0.2.1:99999\nerrno=0\n\n",
	    "public_key=" PUB1 "\nrx_bytes=-1\nerrno=0\n\n",
	    "public_key=" PUB1 "\nrx_bytes=99999999999999999999999\nerrno=0\n\n",
	    "public_key=nothex\nerrno=0\n\n",
	    "listen_port=70000\nerrno=0\n\n",
	    "=x\nerrno=0\n\n",
	    "public_key=" PUB1 "\n\nerrno=0\n\n", /* an empty line inside */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(ifw_wg_parse_uapi(&m, &wg_target, bad[i], strlen(bad[i])), -1);
		assert_int_equal(m.sas.n, 0);
	}
	/* A line longer than any real one. */
	char longline[2048];
	memset(longline, 'a', sizeof(longline));
	memcpy(longline, "public_key=", 11);
	longline[sizeof(longline) - 1] = '\n';
	assert_int_equal(ifw_wg_parse_uapi(&m, &wg_target, longline, sizeof(longline)), -1);
	/* Unknown keys are skipped (newer daemons), an empty device is fine. */
	const char *fut = "listen_port=1\nfuture_key=1\nerrno=0\n\n";
	assert_int_equal(ifw_wg_parse_uapi(&m, &wg_target, fut, strlen(fut)), 0);
	ifw_model_free(&m);
}

/* A WG_CMD_GET_DEVICE reply message built as the kernel builds it. */
static size_t genl_msg(char *buf, uint16_t listen_port, const uint8_t *key, bool full,
                       const char *allowed, uint8_t cidr)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = 30;
	nlh->nlmsg_flags = NLM_F_MULTI;
	struct genlmsghdr *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = WG_CMD_GET_DEVICE;
	g->version = WG_GENL_VERSION;
	mnl_attr_put_u32(nlh, WGDEVICE_A_IFINDEX, 7);
	mnl_attr_put_strz(nlh, WGDEVICE_A_IFNAME, "wg0");
	if (full) {
		uint8_t priv[32];
		memset(priv, 0x42, sizeof(priv));
		mnl_attr_put(nlh, WGDEVICE_A_PRIVATE_KEY, sizeof(priv), priv);
		mnl_attr_put_u16(nlh, WGDEVICE_A_LISTEN_PORT, listen_port);
	}
	struct nlattr *peers = mnl_attr_nest_start(nlh, WGDEVICE_A_PEERS);
	struct nlattr *peer = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put(nlh, WGPEER_A_PUBLIC_KEY, 32, key);
	if (full) {
		struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(51821)};
		inet_pton(AF_INET, "198.51.100.20", &sin.sin_addr);
		mnl_attr_put(nlh, WGPEER_A_ENDPOINT, sizeof(sin), &sin);
		struct __kernel_timespec ts = {.tv_sec = 1796588000};
		mnl_attr_put(nlh, WGPEER_A_LAST_HANDSHAKE_TIME, sizeof(ts), &ts);
		mnl_attr_put_u64(nlh, WGPEER_A_RX_BYTES, 10);
		mnl_attr_put_u64(nlh, WGPEER_A_TX_BYTES, 20);
	}
	struct nlattr *ips = mnl_attr_nest_start(nlh, WGPEER_A_ALLOWEDIPS);
	struct nlattr *ip = mnl_attr_nest_start(nlh, 0);
	struct in6_addr a6;
	struct in_addr a4;
	if (inet_pton(AF_INET, allowed, &a4) == 1) {
		mnl_attr_put_u16(nlh, WGALLOWEDIP_A_FAMILY, AF_INET);
		mnl_attr_put(nlh, WGALLOWEDIP_A_IPADDR, 4, &a4);
	} else {
		inet_pton(AF_INET6, allowed, &a6);
		mnl_attr_put_u16(nlh, WGALLOWEDIP_A_FAMILY, AF_INET6);
		mnl_attr_put(nlh, WGALLOWEDIP_A_IPADDR, 16, &a6);
	}
	mnl_attr_put_u8(nlh, WGALLOWEDIP_A_CIDR_MASK, cidr);
	mnl_attr_nest_end(nlh, ip);
	mnl_attr_nest_end(nlh, ips);
	mnl_attr_nest_end(nlh, peer);
	mnl_attr_nest_end(nlh, peers);
	return nlh->nlmsg_len;
}

static void test_genl(void **state)
{
	(void)state;
	struct ifw_model m;
	ifw_model_init(&m);
	struct ifw_wg_target t = wg_target;
	t.source = "wireguard netlink";
	uint8_t key[32], key2[32];
	memset(key, 0x11, sizeof(key));
	memset(key2, 0x22, sizeof(key2));
	char buf[2][1024];
	size_t n0 = genl_msg(buf[0], 51820, key, true, "10.7.0.0", 24);
	/* The same peer continued in the next message: only its key and more allowed IPs. */
	size_t n1 = genl_msg(buf[1], 0, key, false, "fd00:7::", 64);
	struct ifw_wg_genl_state st;
	ifw_wg_genl_init(&st, &m, &t);
	assert_int_equal(ifw_wg_genl_msg(&st, buf[0], n0), 0);
	assert_int_equal(ifw_wg_genl_msg(&st, buf[1], n1), 0);
	assert_int_equal(m.sas.n, 1);
	const struct ifw_tunnel_sa *sa = &m.sas.v[0];
	char ip[IFW_IP_STRLEN];
	assert_string_equal(ifw_ip_str(&sa->remote, ip), "198.51.100.20");
	assert_int_equal(sa->rport, 51821);
	assert_int_equal(sa->lport, 51820);
	assert_int_equal(sa->last_handshake, 1796588000);
	assert_int_equal(sa->bytes_in, 10);
	assert_int_equal(sa->bytes_out, 20);
	assert_int_equal(sa->n_allowed_ips, 2);
	assert_string_equal(sa->allowed_ips[0], "10.7.0.0/24");
	assert_string_equal(sa->allowed_ips[1], "fd00:7::/64");
	assert_string_equal(sa->remote_id,
	                    "1111111111111111111111111111111111111111111111111111111111111111");
	assert_string_equal(sa->source, "wireguard netlink");
	assert_false(holds_string(sa, "4242"));
	/* A new peer starts a new session. */
	size_t n2 = genl_msg(buf[1], 0, key2, false, "10.8.0.1", 32);
	assert_int_equal(ifw_wg_genl_msg(&st, buf[1], n2), 0);
	assert_int_equal(m.sas.n, 2);

	/* Truncated at every length: refused, and the whole dump's sessions removed. */
	for (size_t cut = 0; cut < n0; cut++) {
		ifw_model_free(&m);
		ifw_model_init(&m);
		ifw_wg_genl_init(&st, &m, &t);
		char tmp[1024];
		memcpy(tmp, buf[0], n0);
		((struct nlmsghdr *)tmp)->nlmsg_len = (uint32_t)cut;
		int r = ifw_wg_genl_msg(&st, tmp, cut < 16 ? 16 : cut);
		if (r == 0) /* a cut exactly between top-level attributes is a shorter message */
			assert_true(m.sas.n <= 1);
		else
			assert_int_equal(m.sas.n, 0);
	}
	/* A length with its top bit set (an int compare would take it as negative and pass it). */
	ifw_model_free(&m);
	ifw_model_init(&m);
	ifw_wg_genl_init(&st, &m, &t);
	char huge[1024];
	memcpy(huge, buf[0], n0);
	((struct nlmsghdr *)huge)->nlmsg_len = 0xff7403ffu;
	assert_int_equal(ifw_wg_genl_msg(&st, huge, n0), -1);
	assert_int_equal(m.sas.n, 0);
	/* An allowed IP with a mask wider than its family. */
	ifw_model_free(&m);
	ifw_model_init(&m);
	ifw_wg_genl_init(&st, &m, &t);
	size_t nb = genl_msg(buf[0], 1, key, true, "10.7.0.0", 33);
	assert_int_equal(ifw_wg_genl_msg(&st, buf[0], nb), -1);
	assert_int_equal(m.sas.n, 0);
	ifw_model_free(&m);
}

static const struct ifw_ovpn_target ovpn_target = {
    .proc = IFW_NOID, .iface = IFW_NOID, .ifname = "tun0", .origin = "test"};

static void test_openvpn_config(void **state)
{
	(void)state;
	struct ifw_ovpn_conf c;
	ifw_ovpn_conf_init(&c);
	char *argv[] = {"openvpn",     "--cd",     "/etc/openvpn", "--config",
	                "client.conf", "--remote", "198.51.100.3", "1195",
	                "udp",         "--dev",    "tun9"};
	ifw_ovpn_cmdline(&c, argv, sizeof(argv) / sizeof(argv[0]));
	assert_string_equal(c.cd, "/etc/openvpn");
	assert_int_equal(c.n_configs, 1);
	assert_string_equal(c.configs[0], "client.conf");
	assert_string_equal(c.dev, "tun9");
	const char *conf = "# a client\n"
	                   "client\n"
	                   "  proto tcp-client\n"
	                   "remote vpn.example.net 443\n"
	                   "; remote 203.0.113.99 1194\n"
	                   "remote \"203.0.113.5\" 1194 udp # the fallback\n"
	                   "management /run/openvpn/client.sock unix\n"
	                   "status /var/log/openvpn/status.log 10\n"
	                   "<secret>\n"
	                   "remote 203.0.113.66 9\n"
	                   "-----BEGIN OpenVPN Static key V1-----\n"
	                   "</secret>\n"
	                   "port 1190\n";
	ifw_ovpn_config_text(&c, conf, strlen(conf));
	assert_true(c.client);
	assert_int_equal(c.n_remotes, 3);
	assert_string_equal(c.remotes[1].host, "vpn.example.net");
	assert_string_equal(c.remotes[2].host, "203.0.113.5");
	assert_string_equal(c.mgmt_host, "/run/openvpn/client.sock");
	assert_true(c.mgmt_unix);
	assert_false(c.mgmt_password);
	assert_string_equal(c.status, "/var/log/openvpn/status.log");
	assert_int_equal(c.port, 1190);

	struct ifw_model m;
	ifw_model_init(&m);
	assert_int_equal(ifw_ovpn_add_config_sessions(&m, &ovpn_target, &c), 3);
	char ip[IFW_IP_STRLEN];
	const struct ifw_tunnel_sa *s0 = &m.sas.v[0], *s1 = &m.sas.v[1], *s2 = &m.sas.v[2];
	assert_string_equal(s0->source, "openvpn command line");
	assert_string_equal(ifw_ip_str(&s0->remote, ip), "198.51.100.3");
	assert_int_equal(s0->rport, 1195);
	assert_int_equal(s0->proto, IFW_P_UDP);
	assert_string_equal(s1->source, "openvpn config");
	assert_string_equal(s1->remote_host, "vpn.example.net");
	assert_int_equal(s1->remote.family, 0);
	assert_int_equal(s1->rport, 443);
	assert_int_equal(s1->proto, IFW_P_TCP);
	assert_string_equal(ifw_ip_str(&s2->remote, ip), "203.0.113.5");
	assert_int_equal(s2->proto, IFW_P_UDP);
	for (size_t i = 0; i < m.sas.n; i++)
		assert_false(holds_string(&m.sas.v[i], "203.0.113.66"));

	/* A management port with a password file is noted, never used. */
	ifw_ovpn_conf_init(&c);
	const char *pw = "management 127.0.0.1 7505 /etc/openvpn/pw\n";
	ifw_ovpn_config_text(&c, pw, strlen(pw));
	assert_int_equal(c.mgmt_port, 7505);
	assert_true(c.mgmt_password);
	/* "openvpn FILE" */
	ifw_ovpn_conf_init(&c);
	char *argv2[] = {"openvpn", "server.conf"};
	ifw_ovpn_cmdline(&c, argv2, 2);
	assert_string_equal(c.configs[0], "server.conf");
	ifw_model_free(&m);
}

static void test_openvpn_status(void **state)
{
	(void)state;
	struct ifw_model m;
	ifw_model_init(&m);
	/* Version 1 (status FILE), the shape of OpenVPN 2.6's server status. */
	const char *v1 = "OpenVPN CLIENT LIST\n"
	                 "Updated,2026-12-06 20:00:00\n"
	                 "Common Name,Real Address,Bytes Received,Bytes Sent,Connected Since\n"
	                 "alice,198.51.100.7:40711,1000,2000,2026-12-06 19:00:00\n"
	                 "bob,2001:db8::7:40712,1,2,2026-12-06 19:00:00\n"
	                 "ROUTING TABLE\n"
	                 "Virtual Address,Common Name,Real Address,Last Ref\n"
	                 "10.8.0.6,alice,198.51.100.99:1,2026-12-06 19:00:00\n"
	                 "GLOBAL STATS\n"
	                 "Max bcast/mcast queue length,0\n"
	                 "END\n";
	assert_int_equal(ifw_ovpn_parse_status(&m, &ovpn_target, v1, strlen(v1), "openvpn status"),
	                 2);
	char ip[IFW_IP_STRLEN];
	assert_string_equal(m.sas.v[0].name, "alice");
	assert_string_equal(ifw_ip_str(&m.sas.v[0].remote, ip), "198.51.100.7");
	assert_int_equal(m.sas.v[0].rport, 40711);
	assert_int_equal(m.sas.v[0].bytes_in, 1000);
	assert_string_equal(ifw_ip_str(&m.sas.v[1].remote, ip), "2001:db8::7");
	assert_int_equal(m.sas.v[1].rport, 40712);
	/* Version 3 (`status 3`): tab-separated, with the header naming the columns. */
	const char *v3 = "TITLE\tOpenVPN 2.6.3\r\n"
	                 "TIME\t2026-12-06 20:00:00\t1796587200\r\n"
	                 "HEADER\tCLIENT_LIST\tCommon Name\tReal Address\tVirtual Address\tVirtual "
	                 "IPv6 Address\tBytes Received\tBytes Sent\r\n"
	                 "CLIENT_LIST\tcarol\tudp4:203.0.113.8:5000\t10.8.0.10\t\t7\t8\r\n"
	                 "END\r\n";
	m.sas.n = 0;
	assert_int_equal(
	    ifw_ovpn_parse_status(&m, &ovpn_target, v3, strlen(v3), "openvpn management"), 1);
	assert_string_equal(ifw_ip_str(&m.sas.v[0].remote, ip), "203.0.113.8");
	assert_int_equal(m.sas.v[0].rport, 5000);
	assert_int_equal(m.sas.v[0].bytes_out, 8);
	assert_string_equal(m.sas.v[0].source, "openvpn management");
	/* p2p statistics: a status, no clients. Garbage: not a status. */
	const char *p2p = "OpenVPN STATISTICS\nUpdated,x\nTUN/TAP read bytes,48\nEND\n";
	m.sas.n = 0;
	assert_int_equal(ifw_ovpn_parse_status(&m, &ovpn_target, p2p, strlen(p2p), "s"), 0);
	assert_int_equal(ifw_ovpn_parse_status(&m, &ovpn_target, "\x1b[2J\n", 5, "s"), -1);
	assert_int_equal(m.sas.n, 0);

	/* `state`: a client's server; p2p has none; notifications may come in between. */
	const char *st = ">LOG:1,I,x\r\n1796588541,CONNECTED,SUCCESS,10.8.0.6,192.0.2.1,1194,"
	                 "192.0.2.50,40000,\r\nEND\r\n";
	assert_int_equal(ifw_ovpn_parse_state(&m, &ovpn_target, st, strlen(st)), 1);
	assert_string_equal(ifw_ip_str(&m.sas.v[0].remote, ip), "192.0.2.1");
	assert_int_equal(m.sas.v[0].rport, 1194);
	assert_int_equal(m.sas.v[0].lport, 40000);
	assert_string_equal(m.sas.v[0].state, "CONNECTED");
	const char *p2pst = "1796588541,ASSIGN_IP,,198.51.100.1,,,,\r\nEND\r\n";
	assert_int_equal(ifw_ovpn_parse_state(&m, &ovpn_target, p2pst, strlen(p2pst)), 0);
	assert_int_equal(ifw_ovpn_parse_state(&m, &ovpn_target, "junk\r\nEND\r\n", 11), -1);
	assert_int_equal(ifw_ovpn_parse_state(&m, &ovpn_target, "1796588541,X,,\r\n", 16), -1);
	ifw_model_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_uapi),           cmocka_unit_test(test_uapi_bad),
	    cmocka_unit_test(test_genl),           cmocka_unit_test(test_openvpn_config),
	    cmocka_unit_test(test_openvpn_status),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
