/* wg-quick(8): /etc/wireguard/NAME.conf makes WireGuard interface NAME when `wg-quick up NAME`
 * runs (kernel WireGuard, or a userspace implementation's tun device). The file is wg(8)'s
 * format plus wg-quick's keys; only [Peer] Endpoint is read here. The [Interface] PrivateKey and
 * [Peer] PresharedKey values are never looked at. */
#include "collect/config/config_parse.h"

#include <string.h>

int ifw_cfg_parse_wgquick(const char *buf, size_t len, const char *ifname, ifw_cfg_emit emit,
                          void *ctx)
{
	struct ifw_cfg_decl d;
	memset(&d, 0, sizeof(d));
	if (!ifw_cfg_copy_ifname(d.name, ifname, strlen(ifname)))
		return 0;
	strcpy(d.kind, "wireguard");
	d.line = 1;
	bool peer = false, seen_iface = false;
	size_t pos = 0, n;
	const char *s;
	unsigned lineno = 0;
	while (ifw_cfg_next_line(buf, len, &pos, &s, &n)) {
		lineno++;
		ifw_cfg_trim(&s, &n);
		if (!n || s[0] == '#')
			continue;
		if (s[0] == '[') {
			peer = ifw_cfg_eq(s, n, "[Peer]", true);
			if (!seen_iface && ifw_cfg_eq(s, n, "[Interface]", true)) {
				seen_iface = true;
				d.line = lineno;
			}
			continue;
		}
		const char *k, *v;
		size_t kn, vn;
		if (!peer || d.endpoint[0] || !ifw_cfg_split(s, n, '=', &k, &kn, &v, &vn))
			continue;
		if (ifw_cfg_eq(k, kn, "Endpoint", true)) {
			const char *hash = memchr(v, '#', vn); /* a comment after the value */
			if (hash) {
				vn = (size_t)(hash - v);
				ifw_cfg_trim(&v, &vn);
			}
			ifw_cfg_copy_token(d.endpoint, sizeof(d.endpoint), v, vn);
		}
	}
	return emit(ctx, &d);
}
