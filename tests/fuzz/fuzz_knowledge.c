/* Knowledge files: users may drop their own into /etc/ifwho/knowledge. */
#include "know/know.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ifw_kb *kb = ifw_kb_new();
	if (!kb)
		return 0;
	struct ifw_err err = {0};
	ifw_kb_load_buffer(kb, (const char *)data, size, "fuzz.json", &err);
	ifw_kb_port(kb, "udp", 4500);
	ifw_kb_process(kb, "charon", "/usr/lib/ipsec/charon", "charon --debug");
	ifw_kb_ifname(kb, "linux", "ipsec0", "tun");
	static const uint8_t mac[6] = {0x52, 0x54, 0, 1, 2, 3};
	ifw_kb_oui(kb, mac, 6);
	ifw_kb_mtu(kb, "darwin", "ipsec0", 50000);
	ifw_kb_network(kb, 21928);
	struct ifw_ip v4, v6;
	ifw_ip_parse("172.17.0.2", &v4);
	ifw_ip_parse("fd7a:115c:a1e0::1", &v6);
	ifw_kb_addrplan(kb, NULL, &v4);
	ifw_kb_addrplan(kb, NULL, &v6);
	ifw_kb_free(kb);
	return 0;
}
