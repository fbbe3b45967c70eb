/* The case ifwho exists for: an ipsec0 with MTU 50000 on a Mac, explained from saved ifconfig,
 * lsof (numeric and name-resolving), ps and netstat output as carrier Wi-Fi calling made by
 * CommCenter. Fixtures: tests/fixtures/evidence/seed (one file per command). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

#include <net/if.h>
#include <sys/socket.h>

static int setup(void **state)
{
	*state = evw_load("seed");
	return 0;
}

static int teardown(void **state)
{
	evw_free(*state);
	return 0;
}

static void host_facts(void **state)
{
	struct evw *w = *state;
	assert_int_equal(w->m.source, IFW_SRC_EVIDENCE);
	assert_string_equal(w->m.os, "darwin");
	evw_contains(w->m.os_version, "10.11.3");
	assert_int_equal(w->m.netns.n, 1);
	assert_int_equal(w->m.skipped_lines, 0);
}

static void interfaces(void **state)
{
	struct evw *w = *state;
	const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, "ipsec0")];
	assert_int_equal(f->mtu, 50000);
	assert_int_equal(f->flags, IFF_UP | IFF_POINTOPOINT | IFF_RUNNING | IFF_MULTICAST);
	assert_int_equal(f->ifindex, 10); /* scopeid 0xa */
	evw_contains(f->origin.raw, "ipsec0: flags=8051");
	assert_true(evw_has_addr(w, "ipsec0", "2607:fb90:13c0:e82::", 64));
	assert_true(evw_has_addr(w, "en0", "10.64.1.100", 24));
	assert_true(evw_has_addr(w, "lo0", "127.0.0.1", 8));
	const struct ifw_iface *en0 = &w->m.ifaces.v[evw_iface(w, "en0")];
	assert_int_equal(en0->mac_len, 6);
	assert_int_equal(en0->mac[0], 0x60);
	assert_int_equal(en0->operstate, 6);
	assert_true(w->m.ifaces.v[evw_iface(w, "lo0")].flags & IFF_LOOPBACK);
	assert_int_equal(w->m.ifaces.v[evw_iface(w, "stf0")].flags, 0);
}

static void routes(void **state)
{
	struct evw *w = *state;
	ifw_id r = evw_route(w, "0.0.0.0", 0);
	assert_int_not_equal(r, IFW_NOID);
	const struct ifw_route *def = &w->m.routes.v[r];
	assert_int_equal(def->iface, evw_iface(w, "en0"));
	struct ifw_ip gw;
	ifw_ip_parse("10.64.1.1", &gw);
	assert_true(ifw_ip_eq(&def->gateway, &gw));
	/* BSD's abbreviated networks */
	assert_int_not_equal(evw_route(w, "10.64.1.0", 24), IFW_NOID);
	assert_int_not_equal(evw_route(w, "127.0.0.0", 8), IFW_NOID);
	assert_int_not_equal(evw_route(w, "169.254.0.0", 16), IFW_NOID);
	r = evw_route(w, "2607:fb90:13c0:e82::", 64);
	assert_int_not_equal(r, IFW_NOID);
	assert_int_equal(w->m.routes.v[r].iface, evw_iface(w, "ipsec0"));
	/* ARP and neighbour cache entries are not routes */
	assert_int_equal(evw_route(w, "10.64.1.1", 32) != IFW_NOID, true); /* the UCS one */
	for (size_t i = 0; i < w->m.routes.n; i++)
		assert_null(strstr(w->m.routes.v[i].origin.raw, "UHLWIir"));
}

static void sockets_and_names(void **state)
{
	struct evw *w = *state;
	ifw_id ike = evw_socket(w, IFW_P_UDP, 500, "10.64.1.100");
	assert_int_not_equal(ike, IFW_NOID);
	const struct ifw_socket *s = &w->m.sockets.v[ike];
	char t[IFW_IP_STRLEN];
	assert_string_equal(ifw_ip_str(&s->remote, t), "208.54.40.75");
	assert_int_equal(s->rport, 500);
	assert_string_equal(s->remote_name, "m4b2836d0.tmodns.net");
	assert_false(s->listening);
	ifw_id p = evw_socket_proc(w, ike);
	assert_int_not_equal(p, IFW_NOID);
	assert_int_equal(w->m.procs.v[p].pid, 249);
	assert_int_equal(w->m.fdrefs.v[s->fdrefs.v[0]].fd, 15);
	/* The numeric and the name-resolving listing are one socket each, not two. */
	size_t n500 = 0;
	for (size_t i = 0; i < w->m.sockets.n; i++)
		n500 += w->m.sockets.v[i].lport == 500;
	assert_int_equal(n500, 1);
	ifw_id natt = evw_socket(w, IFW_P_UDP, 4500, "10.64.1.100");
	assert_int_not_equal(natt, IFW_NOID);
	assert_int_equal(w->m.sockets.v[natt].rport, 4500);
	/* The pairing taught the name of 208.54.40.75 and of localhost. */
	struct ifw_ip ip;
	ifw_ip_parse("208.54.40.75", &ip);
	assert_string_equal(ifw_model_name_for(&w->m, &ip), "m4b2836d0.tmodns.net");
	ifw_ip_parse("127.0.0.1", &ip);
	assert_string_equal(ifw_model_name_for(&w->m, &ip), "localhost");
	/* SIP on the tunnel's address, UDP and TCP */
	ifw_id ipsec0 = evw_iface(w, "ipsec0");
	ifw_id sip = evw_socket(w, IFW_P_TCP, 5060, "2607:fb90:13c0:e82::");
	assert_int_not_equal(sip, IFW_NOID);
	assert_true(w->m.sockets.v[sip].listening);
	assert_int_equal(w->m.sockets.v[sip].state, 10);
	const struct ifw_iface *f = &w->m.ifaces.v[ipsec0];
	bool on = false;
	for (size_t i = 0; i < f->sockets.n; i++)
		on |= f->sockets.v[i] == sip;
	assert_true(on);
	/* lsof's KAME form fe80:4::... is the link-local address of en0 */
	ifw_id ll = evw_socket(w, IFW_P_UDP, 123, "fe80::62f8:1dff:fea7:3c14");
	assert_int_not_equal(ll, IFW_NOID);
}

static void processes(void **state)
{
	struct evw *w = *state;
	const struct ifw_process *p = &w->m.procs.v[evw_proc(w, 249)];
	assert_string_equal(p->comm, "CommCenter");
	assert_string_equal(
	    p->exe, "/System/Library/Frameworks/CoreTelephony.framework/Support/CommCenter");
	evw_contains(p->cmdline, "CoreTelephony.framework/Support/CommCenter");
	assert_string_equal(p->user, "alex");
	assert_int_equal(p->ppid, 1);
	assert_true(p->has_uid); /* lsof -l gave the uid */
	assert_int_equal(p->uid, 1001);
	const struct ifw_process *ntp = &w->m.procs.v[evw_proc(w, 198)];
	assert_string_equal(ntp->comm, "ntpd");
	evw_contains(ntp->cmdline, "ntp-restrict.conf");
}

static void creator_is_commcenter(void **state)
{
	struct evw *w = *state;
	const struct ifw_iface_analysis *ia = evw_ia(w, "ipsec0");
	if (!ia->holders.n)
		evw_dump(w, "ipsec0");
	assert_int_equal(ia->holders.n, 1);
	assert_int_equal(w->m.procs.v[ia->holders.v[0].proc].pid, 249);
	assert_false(ia->holders.v[0].confirmed); /* inferred from sockets, not from a tun fd */
	const struct ifw_finding *cr = evw_finding(w, "ipsec0", "tunnel.socket-creator");
	assert_non_null(cr);
	assert_true(evw_finding_has_proc(w, cr, 249));
	/* ntpd binds the tunnel's address too, but only because it binds every address. */
	for (size_t i = 0; i < ia->findings.n; i++) {
		const struct ifw_finding *fi = ia->findings.v[i];
		if (fi->role == IFW_ROLE_CREATOR) {
			assert_false(evw_finding_has_proc(w, fi, 198));
			assert_null(strstr(fi->claim, "ntpd"));
		}
	}
	bool ntpd_uses = false;
	for (size_t i = 0; i < ia->users.n; i++)
		ntpd_uses |= w->m.procs.v[evw_socket_proc(w, ia->users.v[i])].pid == 198;
	assert_true(ntpd_uses);
}

static void ipsec_tunnel_to_tmobile(void **state)
{
	struct evw *w = *state;
	const struct ifw_iface_analysis *ia = evw_ia(w, "ipsec0");
	const struct ifw_finding *tun = evw_finding(w, "ipsec0", "tunnel.sockets");
	assert_non_null(tun);
	evw_contains(tun->claim, "IPsec");
	evw_contains(tun->claim, "208.54.40.75");
	assert_string_equal(tun->category, "telephony");
	/* IKE on 500, moved to NAT-T on 4500 */
	const struct ifw_finding *nat = evw_finding(w, "ipsec0", "tunnel.nat-t");
	assert_non_null(nat);
	evw_contains(nat->claim, "500");
	evw_contains(nat->claim, "4500");
	bool p500 = false, p4500 = false;
	struct ifw_ip far;
	ifw_ip_parse("208.54.40.75", &far);
	for (size_t i = 0; i < ia->peers.n; i++) {
		if (!ifw_ip_eq(&ia->peers.v[i].ip, &far))
			continue;
		p500 |= ia->peers.v[i].port == 500;
		p4500 |= ia->peers.v[i].port == 4500;
		assert_string_equal(ia->peers.v[i].name, "m4b2836d0.tmodns.net");
	}
	assert_true(p500 && p4500);
	/* SIP rides inside */
	const struct ifw_finding *sip = evw_finding(w, "ipsec0", "voip.sip-socket");
	assert_non_null(sip);
	assert_true(evw_finding_has_proc(w, sip, 249) || strstr(sip->claim, "CommCenter"));
	size_t sip_sockets = 0;
	for (size_t i = 0; i < sip->facts.n; i++)
		sip_sockets += sip->facts.v[i].type == IFW_FACT_SOCKET;
	assert_int_equal(sip_sockets, 2);
}

static void verdict_wifi_calling(void **state)
{
	struct evw *w = *state;
	const struct ifw_iface_analysis *ia = evw_ia(w, "ipsec0");
	const struct ifw_finding *v = evw_verdict(w, "ipsec0");
	if (!v || strcmp(v->rule, "wificall.operator") != 0)
		evw_dump(w, "ipsec0");
	assert_non_null(v);
	assert_string_equal(v->rule, "wificall.operator");
	assert_string_equal(ia->category, "telephony");
	evw_contains(v->claim, "T-Mobile");
	evw_contains(v->claim, "AS21928");
	evw_contains(v->claim, "Wi-Fi calling");
	assert_true(ia->confidence >= 90);
}

static void mtu_chosen_by_creator(void **state)
{
	struct evw *w = *state;
	const struct ifw_finding *m = evw_finding(w, "ipsec0", "attr.mtu-fingerprint");
	assert_non_null(m);
	evw_contains(m->claim, "50000");
	evw_contains(m->claim, "CommCenter");
	assert_int_equal(m->role, IFW_ROLE_CREATOR);
	/* Why the MTU says who made it: macOS starts every ipsec device at 1500. */
	bool chose = false;
	for (size_t i = 0; i < m->facts.n; i++)
		chose |= m->facts.v[i].text && strstr(m->facts.v[i].text, "chose") != NULL;
	assert_true(chose);
	assert_string_equal(m->category, "telephony");
}

static void other_interfaces(void **state)
{
	struct evw *w = *state;
	assert_string_equal(evw_ia(w, "lo0")->category, "loopback");
	assert_string_equal(evw_ia(w, "awdl0")->category, "apple-p2p");
	assert_string_equal(evw_ia(w, "gif0")->category, "kernel-fallback");
	assert_int_equal(evw_ia(w, "en0")->holders.n, 0);
}

/* Only the name-resolving lsof: the T-Mobile host name still gives the address. */
static void names_only(void **state)
{
	(void)state;
	char path[1024];
	snprintf(path, sizeof(path), "%s/seed", FIXTURES);
	const char *files[] = {"ifconfig-a.txt", "lsof-i-l-P.txt", "ps-axo.txt", "netstat-rn.txt"};
	char *text = calloc(1, 1 << 20);
	assert_non_null(text);
	size_t len = 0;
	for (size_t i = 0; i < 4; i++) {
		char p[1200];
		snprintf(p, sizeof(p), "%s/%s", path, files[i]);
		FILE *f = fopen(p, "r");
		assert_non_null(f);
		len += (size_t)snprintf(text + len, (1 << 20) - len, "### ifwho-collect: %s\n",
		                        i == 1 ? "lsof -i -l -P" : files[i]);
		len += fread(text + len, 1, (1 << 20) - len - 64, f);
		len += (size_t)snprintf(text + len, (1 << 20) - len, "### exit 0\n");
		fclose(f);
	}
	struct evw *w = evw_text(text, "seed-names.txt");
	free(text);
	evw_analyze(w);
	ifw_id ike = evw_socket(w, IFW_P_UDP, 500, "10.64.1.100");
	assert_int_not_equal(ike, IFW_NOID);
	char t[IFW_IP_STRLEN];
	assert_string_equal(ifw_ip_str(&w->m.sockets.v[ike].remote, t), "208.54.40.75");
	const struct ifw_finding *v = evw_verdict(w, "ipsec0");
	assert_non_null(v);
	assert_string_equal(v->rule, "wificall.operator");
	evw_contains(v->claim, "T-Mobile");
	evw_free(w);
}

/* Only the numeric lsof: the operator then comes from the IP database (AS21928). */
static void numbers_only(void **state)
{
	(void)state;
	const char *files[] = {"ifconfig-a.txt", "lsof-i-l-n-P.txt", "ps-axo.txt",
	                       "netstat-rn.txt"};
	char *text = calloc(1, 1 << 20);
	assert_non_null(text);
	size_t len = 0;
	for (size_t i = 0; i < 4; i++) {
		char p[1200];
		snprintf(p, sizeof(p), "%s/seed/%s", FIXTURES, files[i]);
		FILE *f = fopen(p, "r");
		assert_non_null(f);
		len += fread(text + len, 1, (1 << 20) - len - 64, f);
		fclose(f);
	}
	struct evw *w = evw_text(text, "pasted.txt"); /* no markers: shapes only */
	free(text);
	evw_analyze(w);
	assert_int_equal(w->m.skipped_lines, 0);
	if (w->ow_warning[0]) {
		print_message("skipped: no IP database (%s)\n", w->ow_warning);
		evw_free(w);
		skip();
	}
	const struct ifw_finding *v = evw_verdict(w, "ipsec0");
	if (!v || strcmp(v->rule, "wificall.operator") != 0)
		evw_dump(w, "ipsec0");
	assert_non_null(v);
	assert_string_equal(v->rule, "wificall.operator");
	evw_contains(v->claim, "AS21928");
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(host_facts),
	    cmocka_unit_test(interfaces),
	    cmocka_unit_test(routes),
	    cmocka_unit_test(sockets_and_names),
	    cmocka_unit_test(processes),
	    cmocka_unit_test(creator_is_commcenter),
	    cmocka_unit_test(ipsec_tunnel_to_tmobile),
	    cmocka_unit_test(verdict_wifi_calling),
	    cmocka_unit_test(mtu_chosen_by_creator),
	    cmocka_unit_test(other_interfaces),
	};
	const struct CMUnitTest alone[] = {
	    cmocka_unit_test(names_only),
	    cmocka_unit_test(numbers_only),
	};
	int rc = cmocka_run_group_tests_name("seed", tests, setup, teardown);
	return rc + cmocka_run_group_tests_name("seed variants", alone, NULL, NULL);
}
