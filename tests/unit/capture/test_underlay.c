/* Choosing a tunnel's outer interface and filter (--underlay), on hand-built models shaped like
 * the ipsec lab (charon holding ipsec0, Wi-Fi as the way out), an OpenVPN-like daemon, and
 * kernel tunnels. Filters must compile. */
#include "pkt.h"

#include "capture/cap_int.h"
#include "capture/capture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include <net/if.h>

enum { WLAN = 0, IPSEC = 1, ETH1 = 2 };

static void add_addr(struct ifw_model *m, ifw_id iface, const char *ip, uint8_t plen)
{
	struct ifw_addr *a = ifw_model_add_addr(m);
	a->iface = iface;
	ifw_ip_parse(ip, &a->ip);
	a->plen = plen;
}

static void add_route(struct ifw_model *m, const char *dst, uint8_t len, ifw_id iface,
                      uint32_t table)
{
	struct ifw_route *r = ifw_model_add_route(m, 0);
	r->table = table;
	r->type = IFW_RTN_UNICAST;
	r->dst_len = len;
	if (dst)
		ifw_ip_parse(dst, &r->dst);
	r->family = dst && strchr(dst, ':') ? AF_INET6 : AF_INET;
	r->iface = iface;
	r->oif = (int32_t)iface + 1;
}

/* wlan0 192.0.2.10/24 (default route), ipsec0 (tun, VIP), eth1 198.51.100.2/24; charon
 * (pid 300) holds ipsec0's tun. */
static ifw_id lab(struct ifw_model *m)
{
	static const char *const names[] = {"wlan0", "ipsec0", "eth1"};
	model_init_ifaces(m, names, 3);
	m->ifaces.v[IPSEC].kind = "tun";
	add_addr(m, WLAN, "192.0.2.10", 24);
	add_addr(m, IPSEC, "198.51.100.100", 32);
	add_addr(m, ETH1, "198.51.100.2", 24);
	add_route(m, NULL, 0, WLAN, IFW_TABLE_MAIN);
	add_route(m, "198.51.100.0", 24, ETH1, IFW_TABLE_MAIN);
	add_route(m, "198.51.100.0", 24, IPSEC, 220); /* charon's table: not main */
	struct ifw_process *p = ifw_model_add_proc(m);
	p->pid = 300;
	p->comm = "charon";
	p->ns = 0;
	ifw_id pid = (ifw_id)(m->procs.n - 1);
	struct ifw_fdref *r = ifw_model_add_fdref(m);
	r->proc = pid;
	r->fd = 7;
	r->type = IFW_FD_TUN;
	r->tun_name = "ipsec0";
	r->tun_iface = IPSEC;
	return pid;
}

static void add_socket(struct ifw_model *m, ifw_id proc, uint8_t proto, const char *local,
                       uint16_t lport, const char *remote, uint16_t rport)
{
	struct ifw_socket *s = ifw_model_add_socket(m, 0);
	s->proto = proto;
	s->family = strchr(local, ':') ? AF_INET6 : AF_INET;
	ifw_ip_parse(local, &s->local);
	s->lport = lport;
	if (remote)
		ifw_ip_parse(remote, &s->remote);
	s->rport = rport;
	s->listening = !remote;
	s->inode = 1000 + m->sockets.n;
	struct ifw_fdref *r = ifw_model_add_fdref(m);
	r->proc = proc;
	r->fd = (int32_t)(10 + m->sockets.n);
	r->type = IFW_FD_SOCKET;
	r->inode = s->inode;
}

static void compiles(const char *filter)
{
	pcap_t *p = pcap_open_dead(DLT_EN10MB, 1600);
	struct bpf_program prog;
	if (pcap_compile(p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) < 0)
		fail_msg("filter \"%s\": %s", filter, pcap_geterr(p));
	pcap_freecode(&prog);
	pcap_close(p);
}

static void sa_peer(void **state)
{
	(void)state;
	struct ifw_model m;
	ifw_id charon = lab(&m);
	struct ifw_tunnel_sa *sa = ifw_model_add_sa(&m);
	sa->proc = charon;
	sa->name = "phone";
	ifw_ip_parse("203.0.113.10", &sa->remote);
	ifw_ip_parse("192.0.2.10", &sa->local);
	sa->lport = sa->rport = 4500;
	add_socket(&m, charon, IFW_P_UDP, "0.0.0.0", 4500, NULL, 0);
	assert_int_equal(ifw_model_index(&m), 0);

	struct ifw_underlay ul[4];
	const char *why = NULL;
	size_t n = ifw_cap_find_underlay(&m, IPSEC, ul, 4, &why);
	assert_int_equal(n, 1);
	assert_int_equal(ul[0].iface, WLAN);
	assert_non_null(strstr(ul[0].filter, "host 203.0.113.10"));
	assert_non_null(strstr(ul[0].filter, "port 4500"));
	assert_non_null(strstr(ul[0].filter, "port 500"));
	assert_non_null(strstr(ul[0].why, "phone"));
	/* the SA wins over the sockets: no bare "udp port 4500" term */
	assert_null(strstr(ul[0].filter, "(udp port 4500)"));
	compiles(ul[0].filter);

	/* no local address known: the route to the peer decides (the default, wlan0) */
	memset(&m.sas.v[0].local, 0, sizeof(m.sas.v[0].local));
	n = ifw_cap_find_underlay(&m, IPSEC, ul, 4, &why);
	assert_int_equal(n, 1);
	assert_int_equal(ul[0].iface, WLAN);
	/* a peer behind eth1's prefix goes out through eth1 (longest prefix) */
	ifw_ip_parse("198.51.100.77", &m.sas.v[0].remote);
	n = ifw_cap_find_underlay(&m, IPSEC, ul, 4, &why);
	assert_int_equal(n, 1);
	assert_int_equal(ul[0].iface, ETH1);
	compiles(ul[0].filter);
	/* an IPv6 peer, non-standard IKE port */
	ifw_ip_parse("2001:db8::1", &m.sas.v[0].remote);
	m.sas.v[0].rport = 4501;
	add_route(&m, NULL, 0, WLAN, IFW_TABLE_MAIN);
	m.routes.v[m.routes.n - 1].family = AF_INET6;
	n = ifw_cap_find_underlay(&m, IPSEC, ul, 4, &why);
	assert_int_equal(n, 1);
	assert_non_null(strstr(ul[0].filter, "port 4501"));
	compiles(ul[0].filter);
	ifw_model_free(&m);
}

static void sockets_only(void **state)
{
	(void)state;
	struct ifw_model m;
	ifw_id d = lab(&m);
	m.procs.v[d].comm = "openvpn";
	add_socket(&m, d, IFW_P_UDP, "192.0.2.10", 1194, NULL, 0);
	add_socket(&m, d, IFW_P_TCP, "192.0.2.10", 40000, "203.0.113.50", 443);
	/* on the tunnel's own address: inside traffic, not a way out */
	add_socket(&m, d, IFW_P_UDP, "198.51.100.100", 53, NULL, 0);
	/* an unbound helper socket (port 0) */
	add_socket(&m, d, IFW_P_UDP, "0.0.0.0", 0, NULL, 0);
	assert_int_equal(ifw_model_index(&m), 0);
	struct ifw_underlay ul[4];
	size_t n = ifw_cap_find_underlay(&m, IPSEC, ul, 4, NULL);
	assert_int_equal(n, 1);
	assert_int_equal(ul[0].iface, WLAN);
	assert_non_null(strstr(ul[0].filter, "(udp port 1194)"));
	assert_non_null(strstr(ul[0].filter, "tcp port 40000 and host 203.0.113.50"));
	assert_null(strstr(ul[0].filter, "port 53"));
	assert_null(strstr(ul[0].filter, "port 0"));
	assert_non_null(strstr(ul[0].why, "openvpn"));
	compiles(ul[0].filter);
	ifw_model_free(&m);
}

/* A UDP socket bound to every address with no peer chose no interface: every interface of its
 * namespace that is up (not the tunnel, not one that is down) is sampled on its port, default
 * route or not. */
static void unbound_socket_every_interface(void **state)
{
	(void)state;
	struct ifw_model m;
	ifw_id d = lab(&m);
	m.procs.v[d].comm = "wireguard-go";
	add_socket(&m, d, IFW_P_UDP, "0.0.0.0", 51820, NULL, 0);
	m.ifaces.v[WLAN].flags = IFF_UP;
	m.ifaces.v[IPSEC].flags = IFF_UP;
	m.ifaces.v[ETH1].flags = 0; /* down */
	assert_int_equal(ifw_model_index(&m), 0);
	struct ifw_underlay ul[4];
	const char *why = NULL;
	size_t n = ifw_cap_find_underlay(&m, IPSEC, ul, 4, &why);
	assert_int_equal(n, 1);
	assert_int_equal(ul[0].iface, WLAN);
	assert_string_equal(ul[0].filter, "(udp port 51820)");
	assert_non_null(strstr(ul[0].why, "on any address"));
	m.ifaces.v[ETH1].flags = IFF_UP;
	n = ifw_cap_find_underlay(&m, IPSEC, ul, 4, &why);
	assert_int_equal(n, 2);
	assert_true((ul[0].iface == WLAN && ul[1].iface == ETH1) ||
	            (ul[0].iface == ETH1 && ul[1].iface == WLAN));
	assert_string_equal(ul[1].filter, "(udp port 51820)");
	compiles(ul[1].filter);
	/* With no interface up but the tunnel, it says so instead of sampling nothing. */
	m.ifaces.v[WLAN].flags = m.ifaces.v[ETH1].flags = 0;
	assert_int_equal(ifw_cap_find_underlay(&m, IPSEC, ul, 4, &why), 0);
	assert_non_null(strstr(why, "no interface"));
	/* Bound to a device (SO_BINDTODEVICE): that one only. */
	m.ifaces.v[WLAN].flags = m.ifaces.v[ETH1].flags = IFF_UP;
	m.sockets.v[m.sockets.n - 1].bound_ifindex = m.ifaces.v[ETH1].ifindex;
	n = ifw_cap_find_underlay(&m, IPSEC, ul, 4, &why);
	assert_int_equal(n, 1);
	assert_int_equal(ul[0].iface, ETH1);
	ifw_model_free(&m);
}

static void nothing_found(void **state)
{
	(void)state;
	struct ifw_model m;
	lab(&m);
	assert_int_equal(ifw_model_index(&m), 0);
	struct ifw_underlay ul[4];
	const char *why = NULL;
	/* the holder has neither SA nor socket */
	assert_int_equal(ifw_cap_find_underlay(&m, IPSEC, ul, 4, &why), 0);
	assert_non_null(why);
	assert_non_null(strstr(why, "no IPsec SA"));
	/* nobody holds it */
	m.fdrefs.v[0].tun_iface = IFW_NOID;
	assert_int_equal(ifw_cap_find_underlay(&m, IPSEC, ul, 4, &why), 0);
	assert_non_null(strstr(why, "no process"));
	/* not a tunnel at all */
	assert_int_equal(ifw_cap_find_underlay(&m, WLAN, ul, 4, &why), 0);
	assert_non_null(why);
	/* the only route leads into the tunnel itself */
	m.fdrefs.v[0].tun_iface = IPSEC;
	struct ifw_tunnel_sa *sa = ifw_model_add_sa(&m);
	sa->proc = 0;
	ifw_ip_parse("203.0.113.10", &sa->remote);
	m.routes.v[0].iface = IPSEC;
	assert_int_equal(ifw_cap_find_underlay(&m, IPSEC, ul, 4, &why), 0);
	assert_non_null(strstr(why, "route"));
	ifw_model_free(&m);
}

static void kernel_tunnels(void **state)
{
	(void)state;
	struct ifw_model m;
	lab(&m);
	struct ifw_iface *gre = ifw_model_add_iface(&m, 0);
	gre->name = "gre1";
	gre->kind = "gre";
	gre->info.has_tnl = true;
	ifw_ip_parse("198.51.100.9", &gre->info.tnl_remote);
	struct ifw_iface *vx = ifw_model_add_iface(&m, 0);
	vx->name = "vxlan100";
	vx->kind = "vxlan";
	vx->info.vx_link = 1; /* ifindex of wlan0 */
	assert_int_equal(ifw_model_index(&m), 0);
	struct ifw_underlay ul[4];
	size_t n = ifw_cap_find_underlay(&m, 3, ul, 4, NULL);
	assert_int_equal(n, 1);
	assert_int_equal(ul[0].iface, ETH1);
	assert_string_equal(ul[0].filter, "(host 198.51.100.9)");
	n = ifw_cap_find_underlay(&m, 4, ul, 4, NULL);
	assert_int_equal(n, 1);
	assert_int_equal(ul[0].iface, WLAN);
	assert_string_equal(ul[0].filter, "(udp port 4789)");
	compiles(ul[0].filter);
	ifw_model_free(&m);
}

/* Errors before any capture is tried (these need no privileges). */
static void sample_usage(void **state)
{
	(void)state;
	struct ifw_model m;
	lab(&m);
	assert_int_equal(ifw_model_index(&m), 0);
	struct ifw_sample_opts o = {.seconds = 1};
	struct ifw_err err = {0};
	assert_int_equal(ifw_capture_sample(&m, NULL, 0, &o, &err), -1);
	assert_int_equal(err.code, IFW_E_USAGE);
	ifw_id id = WLAN;
	m.source = IFW_SRC_EVIDENCE;
	ifw_err_clear(&err);
	assert_int_equal(ifw_capture_sample(&m, &id, 1, &o, &err), -1);
	assert_int_equal(err.code, IFW_E_USAGE);
	assert_non_null(strstr(err.msg, "--pcap"));
	o.seconds = 0;
	m.source = IFW_SRC_LIVE;
	ifw_err_clear(&err);
	assert_int_equal(ifw_capture_sample(&m, &id, 1, &o, &err), -1);
	assert_int_equal(err.code, IFW_E_USAGE);
	ifw_model_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(sa_peer),       cmocka_unit_test(sockets_only),
	    cmocka_unit_test(nothing_found), cmocka_unit_test(kernel_tunnels),
	    cmocka_unit_test(sample_usage),  cmocka_unit_test(unbound_socket_every_interface),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
