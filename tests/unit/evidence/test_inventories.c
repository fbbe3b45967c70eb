/* Other tools' dumps of the interface list (p_ifdump.c): Chef ohai, Puppet facter (Ruby, JSON and
 * YAML forms), Ansible facts, Node.js os.networkInterfaces(), Python psutil.net_if_addrs() and a
 * Go program's JSON, whole or cut out of a longer paste; and what is no interface in them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

static const struct ifw_iface *iface(const struct evw *w, const char *name)
{
	return &w->m.ifaces.v[evw_iface(w, name)];
}

/* The default route's interface name, or NULL when there is no default route. */
static const char *default_dev(const struct evw *w, const char *dst)
{
	ifw_id r = evw_route(w, dst, 0);
	if (r == IFW_NOID)
		return NULL;
	ifw_id i = w->m.routes.v[r].iface;
	return i < w->m.ifaces.n ? w->m.ifaces.v[i].name : "?";
}

/* ohai's network attributes cut out of `ohai` (no outer braces, the first interface's opening
 * and the last one's end missing): addresses with their netmask, the lladdr as MAC, MTU, flags,
 * the loopback's encapsulation, and default_interface as a default route. The address keys are
 * no interfaces. */
static void ohai_excerpt(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("      \"vboxnet0\": {\n"
	             "        \"addresses\": {\n"
	             "          \"0a:00:27:00:00:00\": {\n"
	             "            \"family\": \"lladdr\"\n"
	             "          },\n"
	             "          \"192.0.2.1\": {\n"
	             "            \"family\": \"inet\",\n"
	             "            \"netmask\": \"255.255.255.0\",\n"
	             "            \"broadcast\": \"192.0.2.255\"\n"
	             "          }\n"
	             "        },\n"
	             "        \"mtu\": \"1500\",\n"
	             "        \"flags\": [ \"UP\", \"BROADCAST\", \"RUNNING\", "
	             "\"SIMPLEX\", \"MULTICAST\" ],\n"
	             "        \"type\": \"vboxnet\",\n"
	             "        \"encapsulation\": \"Ethernet\"\n"
	             "      },\n"
	             "      \"lo0\": {\n"
	             "        \"addresses\": { \"127.0.0.1\": { \"family\": \"inet\", "
	             "\"netmask\": \"255.0.0.0\" } },\n"
	             "        \"mtu\": \"16384\",\n"
	             "        \"flags\": [\"UP\",\"LOOPBACK\",\"RUNNING\",\"MULTICAST\"],\n"
	             "        \"encapsulation\": \"Loopback\"\n"
	             "      },\n"
	             "      \"utun0\": { \"addresses\": { \"2001:db8::5\": { \"family\": "
	             "\"inet6\", \"prefixlen\": \"64\" } }, \"mtu\": \"1290\", "
	             "\"flags\": [\"UP\",\"POINTOPOINT\",\"RUNNING\",\"MULTICAST\"], "
	             "\"type\": \"utun\", \"encapsulation\": \"IPIP\"\n"
	             "    },\n"
	             "    \"default_gateway\": \"198.51.100.97\",\n"
	             "    \"default_interface\": \"utun0\",\n",
	             "ohai.txt");
	evw_analyze(w);
	const struct ifw_iface *v = iface(w, "vboxnet0");
	assert_true(evw_has_addr(w, "vboxnet0", "192.0.2.1", 24));
	assert_int_equal(v->mtu, 1500);
	assert_int_equal(v->mac_len, 6);
	assert_int_equal(v->mac[0], 0x0a);
	assert_int_equal(v->mac[5], 0x00);
	assert_true(v->flags & 1); /* IFF_UP */
	assert_int_equal(v->arptype, 1);
	assert_int_equal(iface(w, "lo0")->arptype, 772);
	assert_true(iface(w, "lo0")->flags & 8); /* IFF_LOOPBACK */
	assert_true(evw_has_addr(w, "utun0", "2001:db8::5", 64));
	assert_true(iface(w, "utun0")->flags & 0x10); /* IFF_POINTOPOINT */
	assert_false(evw_has_iface(w, "192.0.2.1"));
	assert_false(evw_has_iface(w, "addresses"));
	assert_string_equal(default_dev(w, "0.0.0.0"), "utun0");
	char gw[IFW_IP_STRLEN];
	ifw_id r = evw_route(w, "0.0.0.0", 0);
	assert_string_equal(ifw_ip_str(&w->m.routes.v[r].gateway, gw), "198.51.100.97");
	assert_int_equal(w->m.skipped_lines, 0);
	evw_free(w);
}

/* A whole `ohai network` document goes through the JSON reader and is walked the same way. */
static void ohai_document(void **state)
{
	(void)state;
	struct evw *w = evw_text("{\n"
	                         "  \"default_interface\": \"br0\",\n"
	                         "  \"interfaces\": {\n"
	                         "    \"br0\": {\n"
	                         "      \"flags\": [\"UP\", \"BROADCAST\"],\n"
	                         "      \"addresses\": {\n"
	                         "        \"fe80::21e:8cff:fec9:b3a0\": {\"scope\": \"Link\", "
	                         "\"prefixlen\": \"64\", \"family\": \"inet6\"},\n"
	                         "        \"198.51.100.193\": {\"netmask\": \"255.255.255.252\", "
	                         "\"family\": \"inet\"},\n"
	                         "        \"00:1e:8c:c9:b3:a0\": {\"family\": \"lladdr\"}\n"
	                         "      },\n"
	                         "      \"mtu\": \"1500\",\n"
	                         "      \"encapsulation\": \"Ethernet\"\n"
	                         "    }\n"
	                         "  }\n"
	                         "}\n",
	                         "ohai.json");
	evw_analyze(w);
	assert_true(evw_has_addr(w, "br0", "198.51.100.193", 30));
	assert_int_equal(iface(w, "br0")->mac[0], 0x00);
	assert_int_equal(iface(w, "br0")->mac[1], 0x1e);
	assert_int_equal(iface(w, "br0")->mtu, 1500);
	assert_false(evw_has_iface(w, "interfaces"));
	assert_string_equal(default_dev(w, "0.0.0.0"), "br0");
	evw_free(w);
}

/* Ansible's facts: the interface's name is its "device" (the key has ansible_ before it, '-'
 * made '_'); ipv4 and ipv6 addresses, MAC, MTU; its sysfs type: a bridge is kind bridge, a
 * tunnel has no link layer; ansible_default_ipv4 names the default route's interface. */
static void ansible_facts(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("        \"ansible_br_storage\": {\n"
	             "            \"active\": true,\n"
	             "            \"device\": \"br-storage\",\n"
	             "            \"interfaces\": [\n"
	             "                \"em3\"\n"
	             "            ],\n"
	             "            \"ipv4\": {\n"
	             "                \"address\": \"198.51.100.9\",\n"
	             "                \"netmask\": \"255.255.255.0\",\n"
	             "                \"network\": \"198.51.100.0\"\n"
	             "            },\n"
	             "            \"macaddress\": \"96:d1:84:bf:b7:1b\",\n"
	             "            \"mtu\": 1500,\n"
	             "            \"type\": \"bridge\"\n"
	             "        },\n"
	             "        \"ansible_wg0\": {\n"
	             "            \"active\": true,\n"
	             "            \"device\": \"wg0\",\n"
	             "            \"ipv4\": {\n"
	             "                \"address\": \"192.0.2.5\",\n"
	             "                \"netmask\": \"255.255.255.255\"\n"
	             "            },\n"
	             "            \"ipv6\": [\n"
	             "                {\n"
	             "                    \"address\": \"2001:db8:1::5\",\n"
	             "                    \"prefix\": \"64\",\n"
	             "                    \"scope\": \"global\"\n"
	             "                }\n"
	             "            ],\n"
	             "            \"ipv4_secondaries\": [\n"
	             "                { \"address\": \"192.0.2.6\", \"netmask\": "
	             "\"255.255.255.0\", \"network\": \"192.0.2.0\" }\n"
	             "            ],\n"
	             "            \"mtu\": 1420,\n"
	             "            \"type\": \"tunnel\"\n"
	             "        },\n"
	             "        \"ansible_wg0_1\": {\n"
	             "            \"ipv4_secondaries\": [ { \"address\": \"192.0.2.7\", "
	             "\"netmask\": \"255.255.255.0\" } ]\n"
	             "        },\n"
	             "        \"ansible_interfaces\": [ \"lo\", \"wg0\", \"wg0_1\" ],\n"
	             "        \"ansible_eth0\": { \"device\": \"eth0\", \"macaddress\": "
	             "\"52:54:00:ab:cd:ef\", \"module\": \"virtio_net\", \"mtu\": 1500, "
	             "\"pciid\": \"virtio0\", \"type\": \"ether\" },\n"
	             "        \"ansible_default_ipv4\": {\n"
	             "            \"address\": \"198.51.100.9\",\n"
	             "            \"gateway\": \"198.51.100.1\",\n"
	             "            \"interface\": \"br-storage\"\n"
	             "        },\n",
	             "facts.txt");
	evw_analyze(w);
	const struct ifw_iface *b = iface(w, "br-storage");
	assert_string_equal(b->kind, "bridge");
	assert_true(evw_has_addr(w, "br-storage", "198.51.100.9", 24));
	assert_int_equal(b->mac[0], 0x96);
	const struct ifw_iface *g = iface(w, "wg0");
	assert_int_equal(g->arptype, 65534);
	assert_int_equal(g->mtu, 1420);
	assert_true(evw_has_addr(w, "wg0", "2001:db8:1::5", 64));
	assert_true(evw_has_addr(w, "wg0", "192.0.2.5", 32));
	assert_true(evw_has_addr(w, "wg0", "192.0.2.6", 24));
	assert_false(evw_has_iface(w, "wg0_1")); /* an alias label (wg0:1), no interface */
	assert_false(evw_has_iface(w, "ansible_wg0"));
	assert_string_equal(iface(w, "eth0")->driver, "virtio_net");
	assert_int_equal(iface(w, "eth0")->arptype, 1);
	assert_false(evw_has_iface(w, "ipv4"));
	ifw_id r = evw_route(w, "0.0.0.0", 0);
	assert_int_not_equal(r, IFW_NOID);
	assert_string_equal(default_dev(w, "0.0.0.0"), "br-storage");
	char gw[IFW_IP_STRLEN];
	assert_string_equal(ifw_ip_str(&w->m.routes.v[r].gateway, gw), "198.51.100.1");
	evw_free(w);
}

/* facter's own (Ruby hash) form, and its YAML with the lists at the keys' indentation. */
static void facter_forms(void **state)
{
	(void)state;
	struct evw *w = evw_text("$ facter networking\n"
	                         "{\n"
	                         "  interfaces => {\n"
	                         "    en0 => {\n"
	                         "      bindings => [\n"
	                         "        {\n"
	                         "          address => \"192.0.2.20\",\n"
	                         "          netmask => \"255.255.255.0\",\n"
	                         "          network => \"192.0.2.0\"\n"
	                         "        }\n"
	                         "      ],\n"
	                         "      mac => \"a4:5e:60:00:00:01\",\n"
	                         "      mtu => 1500,\n"
	                         "      netmask => \"255.255.255.0\",\n"
	                         "      network => \"192.0.2.0\"\n"
	                         "    },\n"
	                         "    utun2 => {\n"
	                         "      bindings6 => [\n"
	                         "        {\n"
	                         "          address => \"2001:db8:2::2\",\n"
	                         "          netmask => \"ffff:ffff:ffff:ffff::\",\n"
	                         "          network => \"2001:db8:2::\"\n"
	                         "        }\n"
	                         "      ],\n"
	                         "      mtu => 1380\n"
	                         "    }\n"
	                         "  },\n"
	                         "  primary => \"en0\"\n"
	                         "}\n",
	                         "facter.txt");
	evw_analyze(w);
	assert_true(evw_has_addr(w, "en0", "192.0.2.20", 24));
	assert_int_equal(iface(w, "en0")->mac[0], 0xa4);
	assert_int_equal(iface(w, "en0")->mtu, 1500);
	assert_true(evw_has_addr(w, "utun2", "2001:db8:2::2", 64));
	assert_false(evw_has_iface(w, "interfaces"));
	assert_false(evw_has_iface(w, "bindings"));
	evw_free(w);

	w = evw_text("networking:\n"
	             "  interfaces:\n"
	             "    eth1:\n"
	             "      bindings:\n"
	             "      - address: 198.51.100.7\n"
	             "        netmask: 255.255.255.128\n"
	             "        network: 198.51.100.0\n"
	             "      mac: \"52:54:00:12:34:56\"\n"
	             "      mtu: 9000\n"
	             "    tap3:\n"
	             "      bindings:\n"
	             "        - address: 203.0.113.3\n"
	             "          netmask: 255.255.255.0\n"
	             "          network: 203.0.113.0\n"
	             "      mtu: 1500\n"
	             "  primary: eth1\n"
	             "Name:            p2p0\n"
	             "Status:          Up\n",
	             "facter.yaml");
	evw_analyze(w);
	assert_true(evw_has_addr(w, "eth1", "198.51.100.7", 25));
	assert_int_equal(iface(w, "eth1")->mtu, 9000);
	assert_int_equal(iface(w, "eth1")->mac[0], 0x52);
	assert_true(evw_has_addr(w, "tap3", "203.0.113.3", 24));
	assert_false(evw_has_iface(w, "networking"));
	/* "Key: value" after the YAML ended is another program's, not taken */
	assert_int_equal(w->m.skipped_lines, 2);
	evw_free(w);

	/* `facter -j networking`, cut: the same keys in JSON */
	w = evw_text("    \"interfaces\": {\n"
	             "      \"vtnet0\": {\n"
	             "        \"bindings\": [\n"
	             "          {\n"
	             "            \"address\": \"203.0.113.40\",\n"
	             "            \"netmask\": \"255.255.255.192\",\n"
	             "            \"network\": \"203.0.113.0\"\n"
	             "          }\n"
	             "        ],\n"
	             "        \"mac\": \"58:9c:fc:00:00:02\",\n"
	             "        \"mtu\": 1500\n"
	             "      },\n",
	             "facter.json");
	evw_analyze(w);
	assert_true(evw_has_addr(w, "vtnet0", "203.0.113.40", 26));
	assert_int_equal(iface(w, "vtnet0")->mac[0], 0x58);
	assert_false(evw_has_iface(w, "interfaces"));
	evw_free(w);
}

/* node's console.log of os.networkInterfaces(), multi-line (not JSON: keys unquoted) and on one
 * line; the loopback's all-zero MAC is none. */
static void node_interfaces(void **state)
{
	(void)state;
	struct evw *w = evw_text("> os.networkInterfaces()\n"
	                         "{\n"
	                         "  lo: [\n"
	                         "    {\n"
	                         "      address: '127.0.0.1',\n"
	                         "      netmask: '255.0.0.0',\n"
	                         "      family: 'IPv4',\n"
	                         "      mac: '00:00:00:00:00:00',\n"
	                         "      internal: true,\n"
	                         "      cidr: '127.0.0.1/8'\n"
	                         "    }\n"
	                         "  ],\n"
	                         "  utun3: [\n"
	                         "    {\n"
	                         "      address: 'fd00:1::3',\n"
	                         "      netmask: 'ffff:ffff:ffff:ffff::',\n"
	                         "      family: 'IPv6',\n"
	                         "      mac: '00:00:00:00:00:00',\n"
	                         "      internal: false,\n"
	                         "      cidr: 'fd00:1::3/64',\n"
	                         "      scopeid: 0\n"
	                         "    }\n"
	                         "  ]\n"
	                         "}\n",
	                         "node.txt");
	evw_analyze(w);
	assert_true(evw_has_addr(w, "utun3", "fd00:1::3", 64));
	assert_true(evw_has_addr(w, "lo", "127.0.0.1", 8));
	assert_int_equal(iface(w, "lo")->mac_len, 0);
	evw_free(w);

	w = evw_text(
	    "{ eth0: [ { address: '192.0.2.108', netmask: '255.255.255.0', family: 'IPv4', "
	    "mac: '01:02:03:0a:0b:0c', internal: false, cidr: '192.0.2.108/24' } ] }\n",
	    "node.txt");
	evw_analyze(w);
	assert_true(evw_has_addr(w, "eth0", "192.0.2.108", 24));
	assert_int_equal(iface(w, "eth0")->mac[5], 0x0c);
	evw_free(w);
}

/* psutil.net_if_addrs() printed by Python: addresses, and AF_LINK's address as the MAC. */
static void psutil_addrs(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    ">>> psutil.net_if_addrs()\n"
	    "{'lo': [snicaddr(family=<AddressFamily.AF_INET: 2>, address='127.0.0.1', "
	    "netmask='255.0.0.0', broadcast=None, ptp=None)],\n"
	    " 'tun0': [snicaddr(family=<AddressFamily.AF_INET: 2>, address='198.51.100.66', "
	    "netmask='255.255.255.255', broadcast=None, ptp='198.51.100.65')],\n"
	    " 'wlan0': [snicaddr(family=<AddressFamily.AF_INET: 2>, address='192.0.2.3', "
	    "netmask='255.255.255.0', broadcast='192.0.2.255', ptp=None),\n"
	    "           snicaddr(family=<AddressFamily.AF_PACKET: 17>, "
	    "address='c4:85:08:45:06:41', "
	    "netmask=None, broadcast='ff:ff:ff:ff:ff:ff', ptp=None)]}\n",
	    "py.txt");
	evw_analyze(w);
	assert_true(evw_has_addr(w, "tun0", "198.51.100.66", 32));
	assert_true(evw_has_addr(w, "wlan0", "192.0.2.3", 24));
	assert_int_equal(iface(w, "wlan0")->mac[0], 0xc4);
	assert_false(evw_has_iface(w, "snicaddr"));
	evw_free(w);
}

/* A Go program's JSON of an interface: name, MTU, flags in Go's words. */
static void go_interface_json(void **state)
{
	(void)state;
	struct evw *w = evw_text("level=info msg=interfaces\n"
	                         "  {\"name\":\"wg0\",\"mtu\":1420,\"hardware_addr\":\"\","
	                         "\"flags\":\"up|pointtopoint|multicast\"},\n"
	                         "  {\"name\":\"eth0\",\"mtu\":1500,\"hardware_addr\":"
	                         "\"52:54:00:aa:bb:cc\",\"flags\":\"up|broadcast|multicast\"}\n",
	                         "go.txt");
	evw_analyze(w);
	assert_int_equal(iface(w, "wg0")->mtu, 1420);
	assert_true(iface(w, "wg0")->flags & 0x10);
	assert_int_equal(iface(w, "wg0")->mac_len, 0);
	assert_int_equal(iface(w, "eth0")->mac[5], 0xcc);
	evw_free(w);
}

/* Keys that hold objects are no interfaces unless what they hold says so: an app's settings
 * with an MTU and an "interface" word, a server list, a config's "eth0" that names nothing the
 * tool saw. */
static void not_inventories(void **state)
{
	(void)state;
	struct evw *w = evw_text("lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> mtu 16384\n"
	                         "    \"server1\": {\n"
	                         "      \"mtu\": 1500,\n"
	                         "      \"timeout\": 30,\n"
	                         "      \"flags\": [\"UP\"]\n"
	                         "    },\n"
	                         "    \"proxy\": {\n"
	                         "      \"interface\": \"any\",\n"
	                         "      \"listen\": \"192.0.2.9\",\n"
	                         "      \"family\": \"inet\"\n"
	                         "    },\n"
	                         "    \"v2\": [ { \"address\": \"192.0.2.10\", \"port\": 443 } ]\n",
	                         "app.txt");
	evw_analyze(w);
	assert_false(evw_has_iface(w, "server1"));
	assert_false(evw_has_iface(w, "proxy"));
	assert_false(evw_has_iface(w, "v2"));
	assert_false(evw_has_iface(w, "any"));
	assert_int_equal(w->m.routes.n, 0);
	evw_free(w);

	w = evw_text("lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> mtu 16384\n"
	             "{\"app\": \"web\", \"interface\": \"eth0\", \"settings\": {\"flags\": "
	             "\"debug|up\", \"name\": \"frontend\", \"retries\": 3}}\n",
	             "app.json");
	evw_analyze(w);
	assert_false(evw_has_iface(w, "frontend"));
	assert_false(evw_has_iface(w, "settings"));
	assert_false(evw_has_iface(w, "eth0"));
	evw_free(w);
}

/* A name no interface can have (escapes, spaces, too long) is refused, whatever its object
 * holds; the rest of the dump is read. */
static void hostile_names(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "      \"e\\u001b[31mvil0\": { \"addresses\": { \"192.0.2.66\": { \"family\": "
	    "\"inet\", "
	    "\"netmask\": \"255.255.255.0\" } }, \"mtu\": \"1500\", \"encapsulation\": "
	    "\"Ethernet\" },\n"
	    "      \"a name with spaces\": { \"addresses\": { \"192.0.2.67\": { \"family\": "
	    "\"inet\" } }, \"encapsulation\": \"Ethernet\", \"mtu\": \"1500\" },\n"
	    "      \"averyveryverylongname0\": { \"addresses\": { \"192.0.2.68\": { \"family\": "
	    "\"inet\" } }, \"encapsulation\": \"Ethernet\", \"mtu\": \"1500\" },\n"
	    "      \"tap7\": { \"addresses\": { \"192.0.2.69\": { \"family\": \"inet\" } }, "
	    "\"encapsulation\": \"Ethernet\", \"mtu\": \"1500\" },\n"
	    "    \"default_interface\": \"../../x\",\n",
	    "ohai.txt");
	evw_analyze(w);
	for (size_t i = 0; i < w->m.ifaces.n; i++) {
		const char *n = w->m.ifaces.v[i].name;
		assert_null(strchr(n, '\\'));
		assert_null(strchr(n, ' '));
		assert_true(strlen(n) <= 15);
	}
	assert_true(evw_has_addr(w, "tap7", "192.0.2.69", 32));
	assert_int_equal(w->m.routes.n, 0);
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(ohai_excerpt),      cmocka_unit_test(ohai_document),
	    cmocka_unit_test(ansible_facts),     cmocka_unit_test(facter_forms),
	    cmocka_unit_test(node_interfaces),   cmocka_unit_test(psutil_addrs),
	    cmocka_unit_test(go_interface_json), cmocka_unit_test(not_inventories),
	    cmocka_unit_test(hostile_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
