/* Tunnel sessions from daemons other than strongSwan (WireGuard UAPI or netlink, OpenVPN) as
 * inference sees them: they become the tunnel's peers with their source as `via`, the verdict
 * names the far end over the session's transport, and a session tied to one interface stays
 * with it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "infer/analysis.h"
#include "infer/owners.h"
#include "know/know.h"

#include <net/if.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

static struct ifw_kb *kb;
static struct ifw_owners owners;

static int group_setup(void **state)
{
	(void)state;
	const char *dirs[] = {SRC_DATA "/knowledge"};
	struct ifw_err err = {0};
	if (ifw_kb_load(&kb, dirs, 1, &err) < 0)
		fail_msg("knowledge: %s", err.msg);
	char warn[256];
	if (ifw_owners_open(&owners, kb, NULL, 0, warn, sizeof(warn), &err) < 0)
		fail_msg("owners: %s", err.msg);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	ifw_owners_close(&owners);
	ifw_kb_free(kb);
	return 0;
}

struct w {
	struct ifw_model m;
	struct ifw_analysis a;
};

static struct w *world(void)
{
	struct w *w = calloc(1, sizeof(*w));
	ifw_model_init(&w->m);
	w->m.os = "linux";
	w->m.source = IFW_SRC_LIVE;
	w->m.privileged = true;
	struct ifw_netns *ns = ifw_model_add_netns(&w->m);
	ns->name = "host";
	ns->inode = 1;
	ns->is_host = ns->is_self = true;
	return w;
}

static void done(struct w *w)
{
	ifw_analysis_free(&w->a);
	ifw_model_free(&w->m);
	free(w);
}

static ifw_id iface(struct w *w, const char *name, const char *kind)
{
	struct ifw_iface *f = ifw_model_add_iface(&w->m, 0);
	f->name = name;
	f->kind = kind;
	f->ifindex = (int32_t)w->m.ifaces.n;
	f->flags = IFF_UP | IFF_POINTOPOINT;
	f->mtu = 1420;
	return (ifw_id)(w->m.ifaces.n - 1);
}

static ifw_id proc(struct w *w, int pid, const char *comm)
{
	struct ifw_process *p = ifw_model_add_proc(&w->m);
	p->pid = pid;
	p->comm = comm;
	p->ns = 0;
	p->netns_inode = 1;
	return (ifw_id)(w->m.procs.n - 1);
}

/* The daemon's unconnected UDP socket: it names no far end. */
static void udp_listener(struct w *w, ifw_id owner, uint16_t port)
{
	struct ifw_socket *s = ifw_model_add_socket(&w->m, 0);
	s->proto = IFW_P_UDP;
	ifw_ip_parse("0.0.0.0", &s->local);
	s->family = AF_INET;
	s->remote.family = AF_INET;
	s->lport = port;
	s->state = TCP_CLOSE;
	s->listening = true;
	s->inode = 5000 + w->m.sockets.n;
	struct ifw_fdref *fd = ifw_model_add_fdref(&w->m);
	fd->proc = owner;
	fd->type = IFW_FD_SOCKET;
	fd->inode = s->inode;
	fd->fd = 9;
}

static void tunfd(struct w *w, ifw_id owner, ifw_id id)
{
	struct ifw_fdref *fd = ifw_model_add_fdref(&w->m);
	fd->proc = owner;
	fd->type = IFW_FD_TUN;
	fd->fd = 3;
	fd->tun_name = w->m.ifaces.v[id].name;
	fd->tun_ns_confirmed = true;
	fd->tun_ns_inode = 1;
	fd->tun_iface = id;
}

static struct ifw_tunnel_sa *session(struct w *w, ifw_id owner, ifw_id id, const char *source,
                                     const char *remote, uint16_t rport)
{
	struct ifw_tunnel_sa *s = ifw_model_add_sa(&w->m);
	s->proc = owner;
	s->iface = id;
	s->source = source;
	s->daemon = "test";
	s->proto = IFW_P_UDP;
	if (remote)
		ifw_ip_parse(remote, &s->remote);
	s->rport = rport;
	return s;
}

static const struct ifw_iface_analysis *analyze(struct w *w, ifw_id id)
{
	struct ifw_err err = {0};
	assert_int_equal(ifw_analyze(&w->a, &w->m, kb, &owners, &err), 0);
	return &w->a.ifaces[id];
}

static void test_wireguard_go_peer(void **state)
{
	(void)state;
	struct w *w = world();
	ifw_id wg = iface(w, "wg0", "tun");
	ifw_id p = proc(w, 40, "wireguard-go");
	tunfd(w, p, wg);
	udp_listener(w, p, 51820);
	session(w, p, wg, "wireguard uapi", "192.0.2.2", 51821);
	const struct ifw_iface_analysis *ia = analyze(w, wg);
	assert_non_null(strstr(ia->verdict_text, "to 192.0.2.2 over UDP 51821"));
	assert_int_equal(ia->peers.n, 1);
	assert_string_equal(ia->peers.v[0].via, "wireguard uapi");
	assert_int_equal(ia->peers.v[0].port, 51821);
	assert_int_equal(ia->sas.n, 1);
	done(w);
}

static void test_openvpn_tcp_and_interfaces_apart(void **state)
{
	(void)state;
	struct w *w = world();
	ifw_id a = iface(w, "tun0", "tun"), b = iface(w, "tun1", "tun");
	ifw_id p = proc(w, 41, "openvpn");
	tunfd(w, p, a);
	tunfd(w, p, b);
	session(w, p, a, "openvpn config", "203.0.113.5", 443)->proto = IFW_P_TCP;
	session(w, p, b, "openvpn management", "198.51.100.9", 1194);
	const struct ifw_iface_analysis *ia = analyze(w, a);
	assert_non_null(strstr(ia->verdict_text, "to 203.0.113.5 over TCP 443"));
	assert_int_equal(ia->peers.n, 1);
	assert_int_equal(ia->peers.v[0].proto, IFW_P_TCP);
	assert_string_equal(ia->peers.v[0].via, "openvpn config");
	const struct ifw_iface_analysis *ib = &w->a.ifaces[b];
	assert_int_equal(ib->sas.n, 1);
	assert_int_equal(ib->peers.n, 1);
	assert_string_equal(ib->peers.v[0].via, "openvpn management");
	done(w);
}

static void test_host_name_remote(void **state)
{
	(void)state;
	struct w *w = world();
	ifw_id t = iface(w, "tun0", "tun");
	ifw_id p = proc(w, 42, "openvpn");
	tunfd(w, p, t);
	session(w, p, t, "openvpn config", NULL, 1194)->remote_host = "vpn.example.net";
	const struct ifw_iface_analysis *ia = analyze(w, t);
	assert_non_null(strstr(ia->verdict_text, "to vpn.example.net over UDP 1194"));
	assert_int_equal(ia->peers.n, 0); /* no address: not a peer */
	done(w);
}

static void test_kernel_wireguard_peer(void **state)
{
	(void)state;
	struct w *w = world();
	ifw_id wg = iface(w, "wg0", "wireguard");
	ifw_id other = iface(w, "wg1", "wireguard");
	session(w, IFW_NOID, wg, "wireguard netlink", "198.51.100.20", 51821);
	const struct ifw_iface_analysis *ia = analyze(w, wg);
	assert_non_null(strstr(ia->verdict_text, "in the kernel to 198.51.100.20 over UDP 51821"));
	assert_int_equal(ia->peers.n, 1);
	assert_string_equal(ia->peers.v[0].via, "wireguard netlink");
	for (size_t i = 0; i < ia->next_steps.n; i++)
		assert_null(strstr(ia->next_steps.v[i], "wg show"));
	/* The other device has no session: no peer, and the `wg show` hint. */
	const struct ifw_iface_analysis *io = &w->a.ifaces[other];
	assert_int_equal(io->peers.n, 0);
	assert_non_null(strstr(io->verdict_text, "WireGuard tunnel in the kernel (set up"));
	bool hint = false;
	for (size_t i = 0; i < io->next_steps.n; i++)
		hint |= strstr(io->next_steps.v[i], "wg show") != NULL;
	assert_true(hint);
	done(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_wireguard_go_peer),
	    cmocka_unit_test(test_openvpn_tcp_and_interfaces_apart),
	    cmocka_unit_test(test_host_name_remote),
	    cmocka_unit_test(test_kernel_wireguard_peer),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
