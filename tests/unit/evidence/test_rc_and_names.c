/* FreeBSD's rc.conf pasted (cloned_interfaces declares, ifconfig_X="addm P" joins a port,
 * wlans_X and vlans_X declare their children); a bridge named after a card ("br-enp1s0");
 * names the knowledge gained: Multipass's bridges, a VNET jail's vnet0, a Mac's tap0 from the
 * TunTap extension; netifd's "Network alias 'wwan0'". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

static const struct ifw_decl *decl(const struct evw *w, const char *name)
{
	for (size_t i = 0; i < w->m.decls.n; i++)
		if (strcmp(w->m.decls.v[i].ifname, name) == 0)
			return &w->m.decls.v[i];
	return NULL;
}

static void rcconf_declares_and_joins(void **state)
{
	(void)state;
	struct evw *w = evw_text("Here is my rc.conf:\n"
	                         "```\n"
	                         "hostname=\"nas\"\n"
	                         "cloned_interfaces=\"bridge0 tap3\"\n"
	                         "ifconfig_bridge0=\"addm igb1 addm tap3 up\"\n"
	                         "ifconfig_igb1=\"up\"\n"
	                         "ifconfig_igb1_alias0=\"inet 192.0.2.9/32\"\n"
	                         "ifconfig_DEFAULT=\"SYNCDHCP\"\n"
	                         "wlans_iwm0=\"wlan0\"\n"
	                         "vlans_igb1=\"vlan20 30\"\n"
	                         "```\n",
	                         "post.md");
	evw_analyze(w);
	assert_string_equal(w->m.os, "freebsd");
	const struct ifw_decl *d = decl(w, "bridge0");
	assert_non_null(d);
	assert_string_equal(d->manager, "rc.conf");
	assert_string_equal(d->kind, "bridge");
	assert_non_null(decl(w, "tap3"));
	assert_string_equal(decl(w, "wlan0")->kind, "wlan");
	assert_string_equal(decl(w, "vlan20")->kind, "vlan");
	assert_null(decl(w, "30"));
	assert_null(decl(w, "igb1")); /* configured, not created by rc */
	assert_false(evw_has_iface(w, "DEFAULT"));
	assert_true(evw_has_iface(w, "iwm0"));
	int32_t br = w->m.ifaces.v[evw_iface(w, "bridge0")].ifindex;
	assert_int_equal(w->m.ifaces.v[evw_iface(w, "igb1")].master_ifindex, br);
	assert_int_equal(w->m.ifaces.v[evw_iface(w, "tap3")].master_ifindex, br);
	const struct ifw_finding *fi = evw_finding(w, "bridge0", "config.declared");
	assert_non_null(fi);
	evw_contains(fi->claim, "rc.conf");
	evw_free(w);
}

/* br-enp1s0 with no listing of its kind: perhaps a bridge over the card enp1s0; a Docker
 * network's br-<12 hex> is not a card's name. */
static void bridge_named_after_card(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("$ ip r\n"
	             "default via 192.0.2.1 dev br-enp1s0 proto dhcp metric 425\n"
	             "192.0.2.0/24 dev br-enp1s0 proto kernel scope link src 192.0.2.20\n"
	             "172.18.0.0/16 dev br-0fa7d11982c5 proto kernel scope link src "
	             "172.18.0.1\n",
	             "routes.txt");
	evw_analyze(w);
	const struct ifw_finding *fi = evw_finding(w, "br-enp1s0", "names.card-bridge");
	assert_non_null(fi);
	evw_contains(fi->claim, "enp1s0");
	assert_true(fi->confidence < IFW_CONF_LIKELY);
	assert_null(evw_finding(w, "br-0fa7d11982c5", "names.card-bridge"));
	evw_free(w);
}

static void names_gained(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("$ ip r\n"
	             "10.52.33.0/24 dev mpqemubr0 proto kernel scope link src 10.52.33.1 linkdown\n"
	             "10.144.22.0/24 dev mpbr0 proto kernel scope link src 10.144.22.1 linkdown\n",
	             "routes.txt");
	evw_analyze(w);
	assert_string_equal(evw_ia(w, "mpqemubr0")->category, "vm");
	assert_string_equal(evw_ia(w, "mpbr0")->category, "vm");
	evw_free(w);

	/* inside a FreeBSD VNET jail */
	w = evw_text("uname -a\n"
	             "FreeBSD plex 13.2-RELEASE FreeBSD 13.2-RELEASE GENERIC amd64\n"
	             "Routing tables\n"
	             "\n"
	             "Internet:\n"
	             "Destination        Gateway            Flags     Netif Expire\n"
	             "default            192.0.2.1          UGS       vnet0\n"
	             "192.0.2.0/24       link#2             U         vnet0\n",
	             "jail.txt");
	evw_analyze(w);
	assert_string_equal(evw_ia(w, "vnet0")->category, "container");
	evw_free(w);

	/* a Mac's tap0: the TunTap extension's */
	w = evw_text("129.27.152/25      129.27.152.209     UGSc            0        0    tap0\n"
	             "169.254            link#4             UCS             0        0     en0\n",
	             "netstat.txt");
	evw_analyze(w);
	assert_string_equal(w->m.os, "darwin");
	assert_string_equal(evw_ia(w, "tap0")->category, "vpn");
	evw_free(w);
}

/* OpenWrt's netifd calls a device reached through an alias "Network alias 'X'". */
static void netifd_alias(void **state)
{
	(void)state;
	struct evw *w = evw_text("Fri May  8 09:33:35 2020 daemon.notice netifd: Network alias "
	                         "'wwan0' link is down\n"
	                         "Fri May  8 09:33:35 2020 daemon.notice netifd: Interface "
	                         "'ltemodem_4' is now down\n",
	                         "logread.txt");
	evw_analyze(w);
	assert_true(evw_has_iface(w, "wwan0"));
	assert_false(evw_has_iface(w, "ltemodem_4"));
	assert_string_equal(evw_ia(w, "wwan0")->category, "cellular");
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(rcconf_declares_and_joins),
	    cmocka_unit_test(bridge_named_after_card),
	    cmocka_unit_test(names_gained),
	    cmocka_unit_test(netifd_alias),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
