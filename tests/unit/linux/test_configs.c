/* Configuration files as creators: each parser on files written from its format's manual, the
 * collector on a fixture root (precedence, masking, links, leftovers), and hostile input
 * (endless lines, binary, FIFOs, oversized files and directories). No key or password of any
 * file may reach a declaration, a warning or the model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "collect/config/config_parse.h"
#include "collect/linux/linux.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#define ROOT FIXTURES "/configs/root"

struct got {
	struct ifw_cfg_decl d[32];
	size_t n;
};

static int collect(void *ctx, const struct ifw_cfg_decl *d)
{
	struct got *g = ctx;
	if (g->n < 32)
		g->d[g->n++] = *d;
	return 0;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "re");
	assert_non_null(f);
	char *buf = malloc(1 << 20);
	assert_non_null(buf);
	*len = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

static void check(const struct ifw_cfg_decl *d, const char *name, const char *kind, unsigned line,
                  const char *endpoint)
{
	assert_string_equal(d->name, name);
	assert_string_equal(d->kind, kind);
	assert_int_equal(d->line, line);
	assert_string_equal(d->endpoint, endpoint);
}

/* Every byte of every declaration, compared with the secrets the fixtures hold. */
static void no_secret(const struct got *g)
{
	for (size_t i = 0; i < g->n; i++) {
		assert_null(strstr(g->d[i].name, "MustNeverAppear"));
		assert_null(strstr(g->d[i].kind, "MustNeverAppear"));
		assert_null(strstr(g->d[i].endpoint, "MustNeverAppear"));
	}
}

static void test_networkd(void **state)
{
	(void)state;
	size_t len;
	struct got g = {0};
	char *b = slurp(ROOT "/etc/systemd/network/25-wg0.netdev", &len);
	assert_int_equal(ifw_cfg_parse_networkd(b, len, collect, &g), 0);
	free(b);
	assert_int_equal(g.n, 1);
	check(&g.d[0], "wg0", "wireguard", 2, "203.0.113.5:51820");
	no_secret(&g);
	/* tap is a tun device to the kernel; only a wireguard netdev has an endpoint */
	g.n = 0;
	b = slurp(ROOT "/etc/systemd/network/20-tap9.netdev", &len);
	assert_int_equal(ifw_cfg_parse_networkd(b, len, collect, &g), 0);
	free(b);
	check(&g.d[0], "tap9", "tun", 1, "");
	/* keys are case-sensitive, other sections do not count, no Name: nothing */
	g.n = 0;
	const char odd[] = "[netdev]\nName=lower0\nKind=bridge\n[Match]\nName=eth*\n";
	assert_int_equal(ifw_cfg_parse_networkd(odd, sizeof(odd) - 1, collect, &g), 0);
	assert_int_equal(g.n, 0);
}

static void test_nm(void **state)
{
	(void)state;
	size_t len;
	struct got g = {0};
	char *b =
	    slurp(ROOT "/etc/NetworkManager/system-connections/bridge-br1.nmconnection", &len);
	ifw_cfg_parse_nm(b, len, collect, &g);
	free(b);
	b = slurp(ROOT "/etc/NetworkManager/system-connections/Office.nmconnection", &len);
	ifw_cfg_parse_nm(b, len, collect, &g);
	free(b);
	b = slurp(ROOT "/etc/NetworkManager/system-connections/wg-nm.nmconnection", &len);
	ifw_cfg_parse_nm(b, len, collect, &g);
	free(b);
	b = slurp(ROOT "/run/NetworkManager/system-connections/gre-nm.nmconnection", &len);
	ifw_cfg_parse_nm(b, len, collect, &g);
	free(b);
	assert_int_equal(g.n, 3); /* the Wi-Fi profile configures a card: skipped */
	check(&g.d[0], "br1", "bridge", 2, "");
	check(&g.d[1], "wgnm0", "wireguard", 1, "[2001:db8::7]:51820");
	check(&g.d[2], "gre9", "gre", 1, "");
	no_secret(&g);
	/* a macvlan profile with tap=true makes a macvtap */
	g.n = 0;
	const char tap[] = "[connection]\ntype=macvlan\ninterface-name=mvt0\n[macvlan]\ntap=true\n";
	ifw_cfg_parse_nm(tap, sizeof(tap) - 1, collect, &g);
	check(&g.d[0], "mvt0", "macvtap", 1, "");
}

static void test_ifupdown(void **state)
{
	(void)state;
	size_t len;
	struct got g = {0};
	char *b = slurp(ROOT "/etc/network/interfaces", &len);
	ifw_cfg_parse_ifupdown(b, len, collect, &g);
	free(b);
	/* lo and eth0 are not made by ifupdown; br2's inet6 stanza is the same declaration */
	assert_int_equal(g.n, 3);
	check(&g.d[0], "br2", "bridge", 11, "");
	check(&g.d[1], "eth0.100", "vlan", 17, "");
	check(&g.d[2], "tun7", "gre", 19, "");
	g.n = 0;
	b = slurp(ROOT "/etc/network/interfaces.d/veth", &len);
	ifw_cfg_parse_ifupdown(b, len, collect, &g);
	free(b);
	assert_int_equal(g.n, 2);
	check(&g.d[0], "mv5", "macvlan", 1, "");
	check(&g.d[1], "tap3", "tun", 5, "");
	/* a command that makes another interface says nothing about this one */
	g.n = 0;
	const char other[] = "iface up9 inet manual\n  pre-up ip link add other0 type bridge\n";
	ifw_cfg_parse_ifupdown(other, sizeof(other) - 1, collect, &g);
	assert_int_equal(g.n, 0);
}

static void test_netplan(void **state)
{
	(void)state;
	size_t len;
	struct got g = {0};
	char *b = slurp(ROOT "/etc/netplan/01-netcfg.yaml", &len);
	ifw_cfg_parse_netplan(b, len, collect, &g);
	free(b);
	/* the card (ethernets) and the Wi-Fi (wifis) are configured, not made; bond0's
	 * parameters: mode: is not a tunnel mode */
	assert_int_equal(g.n, 5);
	check(&g.d[0], "bond0", "bond", 10, "");
	check(&g.d[1], "br3", "bridge", 15, "");
	check(&g.d[2], "vlan15", "vlan", 19, "");
	check(&g.d[3], "wg1", "wireguard", 28, "198.51.100.21:51821");
	check(&g.d[4], "gre2", "gre", 38, "");
	no_secret(&g);
	/* a document that is not under network: declares nothing */
	g.n = 0;
	const char other[] = "bridges:\n  br9:\n    interfaces: []\n";
	ifw_cfg_parse_netplan(other, sizeof(other) - 1, collect, &g);
	assert_int_equal(g.n, 0);
}

static void test_wgquick(void **state)
{
	(void)state;
	size_t len;
	struct got g = {0};
	char *b = slurp(ROOT "/etc/wireguard/wg7.conf", &len);
	ifw_cfg_parse_wgquick(b, len, "wg7", collect, &g);
	free(b);
	assert_int_equal(g.n, 1);
	check(&g.d[0], "wg7", "wireguard", 2, "demo.wireguard.invalid:51820");
	no_secret(&g);
	/* a file name that is no interface name declares nothing */
	g.n = 0;
	ifw_cfg_parse_wgquick("[Interface]\n", 12, "much-too-long-name", collect, &g);
	ifw_cfg_parse_wgquick("[Interface]\n", 12, "a/b", collect, &g);
	assert_int_equal(g.n, 0);
}

/* Endless lines, NUL bytes, no final newline, control characters in names: nothing is
 * copied that is not a valid name, kind or endpoint; no parser reads past the buffer. */
static void test_hostile(void **state)
{
	(void)state;
	size_t big = 4 << 20;
	char *b = malloc(big + 64);
	assert_non_null(b);
	memset(b, 'A', big);
	const char tail[] = "\n[NetDev]\nName=ok0\nKind=bridge";
	memcpy(b + big, tail, sizeof(tail) - 1);
	struct got g = {0};
	ifw_cfg_parse_networkd(b, big + sizeof(tail) - 1, collect, &g);
	assert_int_equal(g.n, 1);
	check(&g.d[0], "ok0", "bridge", 2, "");
	/* a key line that is endless */
	memcpy(b, "[NetDev]\nName=", 14);
	g.n = 0;
	ifw_cfg_parse_networkd(b, big, collect, &g);
	ifw_cfg_parse_nm(b, big, collect, &g);
	ifw_cfg_parse_ifupdown(b, big, collect, &g);
	ifw_cfg_parse_netplan(b, big, collect, &g);
	ifw_cfg_parse_wgquick(b, big, "wgx", collect, &g);
	assert_int_equal(g.n, 1); /* wg-quick's file name only */
	check(&g.d[0], "wgx", "wireguard", 1, "");
	/* binary: every byte value, with NULs inside the values */
	for (size_t i = 0; i < big; i++)
		b[i] = (char)(i * 131 + (i >> 7));
	g.n = 0;
	ifw_cfg_parse_networkd(b, big, collect, &g);
	ifw_cfg_parse_nm(b, big, collect, &g);
	ifw_cfg_parse_ifupdown(b, big, collect, &g);
	ifw_cfg_parse_netplan(b, big, collect, &g);
	assert_int_equal(g.n, 0);
	const char nul[] = "[NetDev]\nName=a\0b\nKind=bri\0dge\n";
	ifw_cfg_parse_networkd(nul, sizeof(nul) - 1, collect, &g);
	assert_int_equal(g.n, 0);
	const char esc[] = "[NetDev]\nName=\x1b]0;x\x07\nKind=bridge\n"
	                   "[WireGuardPeer]\nEndpoint=\x1b[2J:1\n";
	ifw_cfg_parse_networkd(esc, sizeof(esc) - 1, collect, &g);
	assert_int_equal(g.n, 0);
	const char wg[] = "[Peer]\nEndpoint = 192.0.2.1:1 PrivateKey=abc\n";
	ifw_cfg_parse_wgquick(wg, sizeof(wg) - 1, "wgy", collect, &g);
	check(&g.d[0], "wgy", "wireguard", 1, ""); /* a value with a space is no endpoint */
	free(b);
}

static bool has_secret(const struct ifw_model *m)
{
	for (size_t i = 0; i < m->decls.n; i++) {
		const struct ifw_decl *d = &m->decls.v[i];
		const char *s[] = {d->ifname, d->kind, d->endpoint, d->path, d->origin.src};
		for (size_t k = 0; k < 5; k++)
			if (s[k] && (strstr(s[k], "MustNeverAppear") || strstr(s[k], "PrivateKey")))
				return true;
	}
	for (size_t i = 0; i < m->warnings.n; i++)
		if (strstr(m->warnings.v[i], "MustNeverAppear"))
			return true;
	return false;
}

/* The collector on the fixture root: directory precedence, masking by name and by link,
 * editor leftovers and other file types skipped, paths as the managed system sees them. */
static void test_collector(void **state)
{
	(void)state;
	struct ifw_model m;
	ifw_model_init(&m);
	ifw_linux_read_configs(&m, ROOT, "/proc");
	static const struct {
		const char *manager, *path, *name, *kind, *endpoint;
	} want[] = {
	    {"ifupdown", "/etc/network/interfaces", "br2", "bridge", NULL},
	    {"ifupdown", "/etc/network/interfaces", "eth0.100", "vlan", NULL},
	    {"ifupdown", "/etc/network/interfaces", "tun7", "gre", NULL},
	    {"systemd-networkd", "/etc/systemd/network/10-br0.netdev", "br0", "bridge", NULL},
	    {"systemd-networkd", "/etc/systemd/network/20-tap9.netdev", "tap9", "tun", NULL},
	    {"systemd-networkd", "/etc/systemd/network/25-wg0.netdev", "wg0", "wireguard",
	     "203.0.113.5:51820"},
	    {"systemd-networkd", "/run/systemd/network/40-vx0.netdev", "vx0", "vxlan", NULL},
	    {"NetworkManager", "/etc/NetworkManager/system-connections/bridge-br1.nmconnection",
	     "br1", "bridge", NULL},
	    {"NetworkManager", "/etc/NetworkManager/system-connections/wg-nm.nmconnection", "wgnm0",
	     "wireguard", "[2001:db8::7]:51820"},
	    {"NetworkManager", "/run/NetworkManager/system-connections/gre-nm.nmconnection", "gre9",
	     "gre", NULL},
	    {"ifupdown", "/etc/network/interfaces.d/veth", "mv5", "macvlan", NULL},
	    {"ifupdown", "/etc/network/interfaces.d/veth", "tap3", "tun", NULL},
	    {"netplan", "/etc/netplan/01-netcfg.yaml", "bond0", "bond", NULL},
	    {"netplan", "/etc/netplan/01-netcfg.yaml", "br3", "bridge", NULL},
	    {"netplan", "/etc/netplan/01-netcfg.yaml", "vlan15", "vlan", NULL},
	    {"netplan", "/etc/netplan/01-netcfg.yaml", "wg1", "wireguard", "198.51.100.21:51821"},
	    {"netplan", "/etc/netplan/01-netcfg.yaml", "gre2", "gre", NULL},
	    {"wg-quick", "/etc/wireguard/wg7.conf", "wg7", "wireguard",
	     "demo.wireguard.invalid:51820"},
	};
	size_t n = sizeof(want) / sizeof(want[0]);
	assert_int_equal(m.decls.n, n);
	for (size_t i = 0; i < n; i++) {
		const struct ifw_decl *d = &m.decls.v[i];
		assert_string_equal(d->manager, want[i].manager);
		assert_string_equal(d->path, want[i].path);
		assert_string_equal(d->ifname, want[i].name);
		assert_string_equal(d->kind, want[i].kind);
		if (want[i].endpoint)
			assert_string_equal(d->endpoint, want[i].endpoint);
		else
			assert_null(d->endpoint);
		assert_true(d->self_ns);
		assert_non_null(strstr(d->origin.src, ROOT));
		assert_true(d->line >= 1);
	}
	assert_false(has_secret(&m));
	assert_int_equal(m.warnings.n, 0);
	ifw_model_free(&m);
}

static void put(const char *path, const char *text, size_t repeat)
{
	FILE *f = fopen(path, "we");
	assert_non_null(f);
	for (size_t i = 0; i < repeat; i++)
		fputs(text, f);
	fclose(f);
}

/* A FIFO is not opened (the read would never end), an oversized file is read only up to the
 * cap, a directory of thousands of files is read up to its cap, each with a warning. */
static void test_collector_bounds(void **state)
{
	(void)state;
	char root[] = "/tmp/ifw-configs-XXXXXX", p[512];
	assert_non_null(mkdtemp(root));
	snprintf(p, sizeof(p), "%s/etc", root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/etc/systemd", root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/etc/systemd/network", root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/etc/systemd/network/00-fifo.netdev", root);
	assert_int_equal(mkfifo(p, 0600), 0);
	/* the declaration comes after 300 KiB of comments: past the cap, not seen */
	snprintf(p, sizeof(p), "%s/etc/systemd/network/01-big.netdev", root);
	put(p, "# padding padding padding padding padding padding padding padding padding pad\n",
	    4000);
	FILE *f = fopen(p, "ae");
	fputs("[NetDev]\nName=late0\nKind=bridge\n", f);
	fclose(f);
	for (int i = 0; i < 600; i++) {
		snprintf(p, sizeof(p), "%s/etc/systemd/network/%03d.netdev", root, 100 + i);
		char text[64];
		snprintf(text, sizeof(text), "[NetDev]\nName=n%d\nKind=bridge\n", i);
		put(p, text, 1);
	}
	struct ifw_model m;
	ifw_model_init(&m);
	ifw_linux_read_configs(&m, root, "/proc");
	assert_int_equal(m.decls.n, 512 - 2); /* the FIFO and the big file count in the cap */
	for (size_t i = 0; i < m.decls.n; i++)
		assert_string_not_equal(m.decls.v[i].ifname, "late0");
	bool fifo = false, big = false, many = false;
	for (size_t i = 0; i < m.warnings.n; i++) {
		fifo |= strstr(m.warnings.v[i], "FIFO") != NULL;
		big |= strstr(m.warnings.v[i], "only its beginning") != NULL;
		many |= strstr(m.warnings.v[i], "over 512 files") != NULL;
	}
	assert_true(fifo);
	assert_true(big);
	assert_true(many);
	ifw_model_free(&m);
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_networkd),  cmocka_unit_test(test_nm),
	    cmocka_unit_test(test_ifupdown),  cmocka_unit_test(test_netplan),
	    cmocka_unit_test(test_wgquick),   cmocka_unit_test(test_hostile),
	    cmocka_unit_test(test_collector), cmocka_unit_test(test_collector_bounds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
