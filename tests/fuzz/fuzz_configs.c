/* Configuration files that may be anyone's: the first byte picks the parser (networkd,
 * NetworkManager keyfile, ifupdown, netplan, wg-quick), the rest is the file. Every declaration
 * must hold only a valid interface name, a kind and an endpoint of the allowed characters (nothing
 * else of the file can leave a parser); the copy of the input is exactly its size, so a read past
 * it is caught. */
#include "collect/config/config_parse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void token_ok(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);
	if (n == cap)
		abort();
	for (size_t i = 0; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:[]%",
		            s[i]))
			abort();
}

static int check(void *ctx, const struct ifw_cfg_decl *d)
{
	(void)ctx;
	if (!ifw_cfg_valid_ifname(d->name, strnlen(d->name, sizeof(d->name))))
		abort();
	token_ok(d->kind, sizeof(d->kind));
	token_ok(d->endpoint, sizeof(d->endpoint));
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t which = data[0] % 5;
	size_t n = size - 1;
	char *buf = malloc(n ? n : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, n);
	switch (which) {
	case 0:
		ifw_cfg_parse_networkd(buf, n, check, NULL);
		break;
	case 1:
		ifw_cfg_parse_nm(buf, n, check, NULL);
		break;
	case 2:
		ifw_cfg_parse_ifupdown(buf, n, check, NULL);
		break;
	case 3:
		ifw_cfg_parse_netplan(buf, n, check, NULL);
		break;
	default:
		ifw_cfg_parse_wgquick(buf, n, "wg0", check, NULL);
	}
	free(buf);
	return 0;
}
