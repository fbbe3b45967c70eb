/* Status overviews people paste: NetworkManager's `nmcli` with no arguments
 * (collect/evidence/p_nmcli_overview.c) and macOS's `scutil --nwi` (collect/evidence/p_scutil.c,
 * infer/rule_nwi.c), and what follows from them: the kind, MAC, MTU, addresses and profile of
 * each device, a Docker engine's bridge by its MAC block (infer/rule_attributes.c), a VPN
 * service's interface by its VPN server; and an app's getifaddrs(3) dump (collect/evidence/
 * p_ifaddrs.c); systemd-resolved's per-link DNS (collect/evidence/p_resolvectl.c, infer/
 * rule_dns.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

static const struct ifw_iface *iface(const struct evw *w, const char *name)
{
	return &w->m.ifaces.v[evw_iface(w, name)];
}

static void nmcli_overview(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("$ nmcli\n"
	             "enp0s3: connected to Wired connection 1\n"
	             "        \"Intel 82540EM\"\n"
	             "        ethernet (e1000), 52:54:00:12:34:56, hw, mtu 1500\n"
	             "        ip4 default\n"
	             "        inet4 192.0.2.15/24\n"
	             "        route4 192.0.2.0/24 metric 100\n"
	             "        inet6 2001:db8::15/64\n"
	             "\n"
	             "supervisor0: connected (externally) to supervisor0\n"
	             "        \"supervisor0\"\n"
	             "        bridge, 02:42:8C:B3:A2:45, sw, mtu 1500\n"
	             "        inet4 198.51.100.1/25\n"
	             "\n"
	             "wg0: connected to office\n"
	             "        \"wg0\"\n"
	             "        wireguard, sw, mtu 1420\n"
	             "\n"
	             "lo: unmanaged\n"
	             "        \"lo\"\n"
	             "        loopback (unknown), 00:00:00:00:00:00, sw, mtu 65536\n"
	             "\n"
	             "DNS configuration:\n"
	             "        servers: 192.0.2.1\n"
	             "        interface: enp0s3\n"
	             "\n"
	             "Use \"nmcli device show\" to get complete information about known "
	             "devices.\n",
	             "nmcli.txt");
	evw_analyze(w);
	const struct ifw_iface *e = iface(w, "enp0s3");
	assert_int_equal(e->mtu, 1500);
	assert_int_equal(e->mac_len, 6);
	assert_int_equal(e->mac[5], 0x56);
	assert_string_equal(e->driver, "e1000");
	assert_string_equal(e->nm_connection, "Wired connection 1");
	assert_false(e->nm_external);
	assert_int_equal(e->addrs.n, 2);
	const struct ifw_iface *s = iface(w, "supervisor0");
	assert_string_equal(s->kind, "bridge");
	assert_true(s->nm_external);
	assert_int_equal(s->addrs.n, 1);
	assert_string_equal(iface(w, "wg0")->kind, "wireguard");
	assert_int_equal(iface(w, "wg0")->mtu, 1420);
	assert_null(iface(w, "lo")->driver); /* "(unknown)" is no driver */
	/* the bridge's MAC is from the block a Docker engine gives its bridges */
	assert_non_null(evw_finding(w, "supervisor0", "attr.docker-bridge-mac"));
	assert_string_equal(evw_ia(w, "supervisor0")->category, "container");
	assert_null(evw_finding(w, "enp0s3", "attr.docker-bridge-mac"));
	evw_free(w);
}

static void scutil_nwi(void **state)
{
	(void)state;
	struct evw *w = evw_text("$ scutil --nwi\n"
	                         "Network information\n"
	                         "\n"
	                         "IPv4 network interface information\n"
	                         "   utun4 : flags      : 0x5 (IPv4,DNS)\n"
	                         "           address    : 198.18.0.1\n"
	                         "           VPN server : 203.0.113.9\n"
	                         "           reach      : 0x00000003 (Reachable,Transient "
	                         "Connection)\n"
	                         "     en0 : flags      : 0x7 (IPv4,IPv6,DNS)\n"
	                         "           address    : 192.0.2.23\n"
	                         "           reach      : 0x00000002 (Reachable)\n"
	                         "\n"
	                         "   REACH : flags 0x00000003 (Reachable,Transient Connection)\n"
	                         "\n"
	                         "Network interfaces: utun4 en0\n",
	                         "nwi.txt");
	evw_analyze(w);
	const struct ifw_iface *u = iface(w, "utun4");
	assert_true(u->has_vpn_server);
	assert_int_equal(u->addrs.n, 1);
	const struct ifw_finding *v = evw_finding(w, "utun4", "nwi.vpn-server");
	assert_non_null(v);
	evw_contains(v->claim, "203.0.113.9");
	assert_string_equal(evw_ia(w, "utun4")->category, "vpn");
	assert_false(iface(w, "en0")->has_vpn_server);
	assert_null(evw_finding(w, "en0", "nwi.vpn-server"));
	assert_int_equal(iface(w, "en0")->addrs.n, 1);
	evw_free(w);
}

static void getifaddrs_dump(void **state)
{
	(void)state;
	struct evw *w = evw_text("ifaddrs: \n"
	                         "    lo0=127.0.0.1:0\n"
	                         "    lo0=[::]:0\n"
	                         "    pdp_ip0=10.181.234.157:0\n"
	                         "    pdp_ip0=[2001:db8:73f:494b::1]:0\n"
	                         "    en0=192.0.2.16:0\n"
	                         "    x=1.2.3:0\n"
	                         "    speed=fast:0\n"
	                         "ipsv: 1\n",
	                         "ifaddrs.txt");
	evw_analyze(w);
	assert_int_equal(w->m.ifaces.v[evw_iface(w, "pdp_ip0")].addrs.n, 2);
	assert_int_equal(w->m.ifaces.v[evw_iface(w, "lo0")].addrs.n, 1); /* [::] is no address */
	assert_int_equal(w->m.ifaces.v[evw_iface(w, "en0")].addrs.n, 1);
	assert_string_equal(evw_ia(w, "pdp_ip0")->category, "cellular");
	for (size_t i = 0; i < w->m.ifaces.n; i++) /* "x=1.2.3:0", "speed=fast:0": not addresses */
		assert_true(strcmp(w->m.ifaces.v[i].name, "x") != 0 &&
		            strcmp(w->m.ifaces.v[i].name, "speed") != 0);
	evw_free(w);
}

static void resolvectl_split_dns(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("$ resolvectl status\n"
	             "Global\n"
	             "       Protocols: +LLMNR +mDNS -DNSOverTLS DNSSEC=no/unsupported\n"
	             "\n"
	             "Link 2 (enp0s3)\n"
	             "    Current Scopes: DNS\n"
	             "Current DNS Server: 192.0.2.1\n"
	             "        DNS Domain: home.example\n"
	             "\n"
	             "Link 3 (tun0)\n"
	             "    Current Scopes: DNS\n"
	             "       DNS Servers: 10.8.0.1\n"
	             "        DNS Domain: ~. ~corp.example.com\n"
	             "\n"
	             "Link 4 (wg1)\n"
	             "    Current Scopes: DNS\n"
	             "        DNS Domain: ~.\n",
	             "resolvectl.txt");
	evw_analyze(w);
	const struct ifw_iface *t = &w->m.ifaces.v[evw_iface(w, "tun0")];
	assert_int_equal(t->ifindex, 3);
	assert_string_equal(t->dns_domain, "corp.example.com"); /* not "~." */
	assert_true(t->dns_has_server);
	const struct ifw_finding *d = evw_finding(w, "tun0", "dns.scoped");
	assert_non_null(d);
	evw_contains(d->claim, "corp.example.com");
	assert_string_equal(evw_ia(w, "tun0")->category, "vpn");
	/* a card's resolver is its LAN's; "~." alone names no organization */
	assert_null(evw_finding(w, "enp0s3", "dns.scoped"));
	assert_null(w->m.ifaces.v[evw_iface(w, "wg1")].dns_domain);
	assert_null(evw_finding(w, "wg1", "dns.scoped"));
	evw_free(w);
}

/* `nmcli -t connection show --active`: the terse rows give kinds; one VPN connection and one tun
 * in the listing make the tun that VPN's (collect/evidence/p_nmcli_conn.c). A colon in a name is
 * escaped. */
static void nmcli_terse_vpn(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("$ nmcli -t connection show --active\n"
	             "office\\:vpn:a66c233a-fb83-4ca3-a510-fe3ab571933a:vpn:wlp3s0\n"
	             "Home:8a34dae9-9dc5-47bc-8ef6-61f4501898fb:802-11-wireless:wlp3s0\n"
	             "tun0:c80de262-9a81-403d-bc55-39af1bdb68f1:tun:tun0\n"
	             "virbr0:aefcd86c-6a1a-4b89-b889-42b4fe3ca9f4:bridge:virbr0\n",
	             "nmcli-t.txt");
	evw_analyze(w);
	const struct ifw_iface *t = &w->m.ifaces.v[evw_iface(w, "tun0")];
	assert_string_equal(t->kind, "tun");
	assert_string_equal(t->nm_connection, "office\\:vpn");
	assert_non_null(evw_finding(w, "tun0", "nm.profile"));
	assert_string_equal(w->m.ifaces.v[evw_iface(w, "virbr0")].kind, "bridge");
	assert_null(w->m.ifaces.v[evw_iface(w, "virbr0")].nm_connection); /* named like it */
	assert_null(w->m.ifaces.v[evw_iface(w, "wlp3s0")].kind);
	evw_free(w);
	/* two tuns: which is the VPN's is not said */
	w = evw_text("$ nmcli -t connection show --active\n"
	             "office:a66c233a-fb83-4ca3-a510-fe3ab571933a:vpn:wlp3s0\n"
	             "tun0:c80de262-9a81-403d-bc55-39af1bdb68f1:tun:tun0\n"
	             "tun1:c80de262-9a81-403d-bc55-39af1bdb68f2:tun:tun1\n",
	             "nmcli-t2.txt");
	evw_analyze(w);
	assert_null(w->m.ifaces.v[evw_iface(w, "tun0")].nm_connection);
	assert_null(w->m.ifaces.v[evw_iface(w, "tun1")].nm_connection);
	evw_free(w);
}

/* Output copied out of a viewer that bars every line ("  | Link 5 (tun0)") is read as output; a
 * tunnel with only a DNS server of its own is a VPN that brought it (infer/rule_dns.c). */
static void barred_lines_and_server_only(void **state)
{
	(void)state;
	struct evw *w = evw_text("  | Link 5 (tun0)\n"
	                         "  | Current Scopes: DNS\n"
	                         "  | DNS Servers: 203.0.113.53\n"
	                         "  |  \n"
	                         "  | Link 2 (eth0)\n"
	                         "  | Current Scopes: DNS\n"
	                         "  | DNS Servers: 192.0.2.1\n"
	                         "| a | table | row |\n",
	                         "barred.txt");
	evw_analyze(w);
	const struct ifw_finding *d = evw_finding(w, "tun0", "dns.scoped-server");
	assert_non_null(d);
	evw_contains(d->claim, "203.0.113.53");
	assert_string_equal(evw_ia(w, "tun0")->category, "vpn");
	assert_true(evw_ia(w, "tun0")->confidence < 70);
	assert_null(evw_finding(w, "eth0", "dns.scoped-server")); /* a card's resolver: its LAN's */
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(nmcli_overview),  cmocka_unit_test(scutil_nwi),
	    cmocka_unit_test(getifaddrs_dump), cmocka_unit_test(resolvectl_split_dns),
	    cmocka_unit_test(nmcli_terse_vpn), cmocka_unit_test(barred_lines_and_server_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
