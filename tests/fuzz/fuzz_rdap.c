/* RDAP answers and bootstrap files come from the network (with --online): hostile JSON. */
#include "ipdb/rdap.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ifw_rdap_result r;
	struct ifw_err err = {0};
	ifw_rdap_parse((const char *)data, size, &r, &err);
	struct ifw_ip ip;
	ifw_ip_parse("208.54.40.75", &ip);
	char url[256];
	ifw_rdap_bootstrap_find((const char *)data, size, &ip, url, sizeof(url), &err);
	ifw_ip_parse("2001:db8::1", &ip);
	ifw_rdap_bootstrap_find((const char *)data, size, &ip, url, sizeof(url), &err);
	return 0;
}
