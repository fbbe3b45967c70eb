/* Rule "config": a configuration file that declares a holder-less interface names its creator;
 * "certain" only with the manager running and the kinds agreeing; a kind conflict is a note; a
 * held interface, or one in another namespace, is not attributed; a WireGuard file's endpoint
 * is a far end only when no daemon session gave one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "world.h"

#include <net/if.h>
#include <sys/socket.h>

static void decl(struct w *w, const char *name, const char *kind, const char *manager,
                 const char *path, const char *endpoint, bool self_ns)
{
	struct ifw_decl *d = ifw_model_add_decl(&w->m);
	assert_non_null(d);
	d->ifname = name;
	d->kind = kind;
	d->manager = manager;
	d->path = path;
	d->line = 2;
	d->endpoint = endpoint;
	d->self_ns = self_ns;
	d->origin.src = path;
}

static const struct ifw_finding *rule(const struct ifw_iface_analysis *ia, const char *name)
{
	for (size_t i = 0; i < ia->findings.n; i++)
		if (strcmp(ia->findings.v[i]->rule, name) == 0)
			return ia->findings.v[i];
	return NULL;
}

static void test_declared(void **state)
{
	(void)state;
	struct w *w = world("linux");
	ifw_id br = iface(w, 0, "br0", "bridge", IFF_UP);
	decl(w, "br0", "bridge", "systemd-networkd", "/etc/systemd/network/10-br0.netdev", NULL,
	     false);
	decl(w, "br0", NULL, "ifupdown", "/etc/network/interfaces", NULL, false);
	const struct ifw_iface_analysis *ia = analyze(w, br);
	const struct ifw_finding *fi = rule(ia, "config.declared");
	assert_non_null(fi);
	assert_int_equal(fi->role, IFW_ROLE_CREATOR);
	assert_int_equal(fi->confidence, IFW_CONF_LIKELY + 5); /* the manager is not running */
	assert_string_equal(fi->claim,
	                    "declared by /etc/systemd/network/10-br0.netdev (systemd-networkd)");
	assert_int_equal(fi->facts.n, 2); /* the .netdev, and the other file declaring it too */
	assert_string_equal(fi->facts.v[0].source, "/etc/systemd/network/10-br0.netdev");
	assert_string_equal(fi->facts.v[1].source, "/etc/network/interfaces");
	done(w);
}

static void test_manager_running(void **state)
{
	(void)state;
	struct w *w = world("linux");
	ifw_id br = iface(w, 0, "br0", "bridge", IFF_UP);
	ifw_id p = proc(w, 310, "systemd-network", 0);
	decl(w, "br0", "bridge", "systemd-networkd", "/etc/systemd/network/10-br0.netdev", NULL,
	     false);
	const struct ifw_iface_analysis *ia = analyze(w, br);
	const struct ifw_finding *fi = rule(ia, "config.declared");
	assert_non_null(fi);
	assert_int_equal(fi->confidence, IFW_CONF_CERTAIN);
	assert_non_null(strstr(fi->claim, "(systemd-networkd, running)"));
	assert_int_equal(fi->facts.v[1].type, IFW_FACT_PROC);
	assert_int_equal(fi->facts.v[1].id, p);
	done(w);
	/* running, but the file does not say the kind: likely only */
	w = world("linux");
	br = iface(w, 0, "br0", "bridge", IFF_UP);
	proc(w, 311, "NetworkManager", 0);
	decl(w, "br0", NULL, "NetworkManager", "/etc/NetworkManager/system-connections/x", NULL,
	     false);
	fi = rule(analyze(w, br), "config.declared");
	assert_non_null(fi);
	assert_int_equal(fi->confidence, IFW_CONF_LIKELY);
	done(w);
}

static void test_other_kind(void **state)
{
	(void)state;
	struct w *w = world("linux");
	ifw_id vx = iface(w, 0, "br9", "vxlan", IFF_UP);
	proc(w, 310, "systemd-network", 0);
	decl(w, "br9", "bridge", "systemd-networkd", "/etc/systemd/network/br9.netdev", NULL,
	     false);
	const struct ifw_iface_analysis *ia = analyze(w, vx);
	assert_null(rule(ia, "config.declared"));
	const struct ifw_finding *fi = rule(ia, "config.other-kind");
	assert_non_null(fi);
	assert_int_equal(fi->role, IFW_ROLE_NOTE);
	assert_non_null(strstr(fi->claim, "as a bridge, but it is a vxlan"));
	done(w);
}

static void test_not_attributed(void **state)
{
	(void)state;
	/* held: the holder made it, whatever a file says */
	struct w *w = world("linux");
	ifw_id tun = iface(w, 0, "tun0", "tun", IFF_UP);
	ifw_id p = proc(w, 400, "openvpn", 0);
	tunfd(w, p, tun);
	decl(w, "tun0", "tun", "systemd-networkd", "/etc/systemd/network/tun0.netdev", NULL, false);
	assert_null(rule(analyze(w, tun), "config.declared"));
	done(w);
	/* another namespace: the host's files do not speak for it */
	w = world("linux");
	ifw_id ns = add_ns(w, "cont", 2);
	ifw_id br = iface(w, ns, "br0", "bridge", IFF_UP);
	decl(w, "br0", "bridge", "systemd-networkd", "/etc/systemd/network/10-br0.netdev", NULL,
	     false);
	assert_null(rule(analyze(w, br), "config.declared"));
	done(w);
	/* a config root's declarations (self_ns) apply to ifwho's namespace, not the host's */
	w = world("linux");
	w->m.netns.v[0].is_self = false;
	ns = add_ns(w, "test", 3);
	w->m.netns.v[ns].is_self = true;
	ifw_id host_br = iface(w, 0, "br0", "bridge", IFF_UP);
	ifw_id test_br = iface(w, ns, "br0", "bridge", IFF_UP);
	decl(w, "br0", "bridge", "systemd-networkd", "/etc/systemd/network/10-br0.netdev", NULL,
	     true);
	analyze(w, host_br);
	assert_null(rule(&w->a.ifaces[host_br], "config.declared"));
	assert_non_null(rule(&w->a.ifaces[test_br], "config.declared"));
	done(w);
}

static void test_wg_endpoint(void **state)
{
	(void)state;
	struct w *w = world("linux");
	ifw_id wg = iface(w, 0, "wg7", "wireguard", IFF_UP);
	decl(w, "wg7", "wireguard", "wg-quick", "/etc/wireguard/wg7.conf", "203.0.113.9:51820",
	     false);
	const struct ifw_iface_analysis *ia = analyze(w, wg);
	const struct ifw_finding *fi = rule(ia, "config.declared");
	assert_non_null(fi);
	assert_non_null(strstr(fi->claim, "far end 203.0.113.9:51820"));
	assert_int_equal(ia->peers.n, 1);
	char buf[IFW_IP_STRLEN];
	assert_string_equal(ifw_ip_str(&ia->peers.v[0].ip, buf), "203.0.113.9");
	assert_int_equal(ia->peers.v[0].port, 51820);
	assert_string_equal(ia->peers.v[0].via, "wg-quick");
	done(w);
	/* a kernel session (WireGuard netlink) gave the far end: the file's is not added */
	w = world("linux");
	wg = iface(w, 0, "wg7", "wireguard", IFF_UP);
	struct ifw_tunnel_sa *s = sa(w, IFW_NOID, "192.0.2.1", "198.51.100.4");
	s->iface = wg;
	s->source = "wireguard netlink";
	decl(w, "wg7", "wireguard", "wg-quick", "/etc/wireguard/wg7.conf", "203.0.113.9:51820",
	     false);
	ia = analyze(w, wg);
	assert_int_equal(ia->peers.n, 1);
	assert_string_equal(ifw_ip_str(&ia->peers.v[0].ip, buf), "198.51.100.4");
	done(w);
	/* a host name endpoint is said, not made an address */
	w = world("linux");
	wg = iface(w, 0, "wg7", "wireguard", IFF_UP);
	decl(w, "wg7", "wireguard", "wg-quick", "/etc/wireguard/wg7.conf", "vpn.example.net:51820",
	     false);
	ia = analyze(w, wg);
	assert_int_equal(ia->peers.n, 0);
	assert_non_null(strstr(rule(ia, "config.declared")->claim, "vpn.example.net:51820"));
	done(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_declared),    cmocka_unit_test(test_manager_running),
	    cmocka_unit_test(test_other_kind),  cmocka_unit_test(test_not_attributed),
	    cmocka_unit_test(test_wg_endpoint),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
