/* systemd.netdev(5): a .netdev file makes one virtual interface, named by Name= and of the kind
 * Kind= in its [NetDev] section. A WireGuard netdev's [WireGuardPeer] Endpoint= is its far
 * end. Section and key names are case-sensitive; '#' and ';' start comments. */
#include "collect/config/config_parse.h"

#include <string.h>

/* networkd's kinds are the kernel's, except a few: "tap" is a tun device in tap mode, "wlan" a
 * wireless interface (no rtnetlink kind). */
static void kernel_kind(char *kind)
{
	if (strcmp(kind, "tap") == 0)
		strcpy(kind, "tun");
	else if (strcmp(kind, "wlan") == 0)
		kind[0] = '\0';
}

int ifw_cfg_parse_networkd(const char *buf, size_t len, ifw_cfg_emit emit, void *ctx)
{
	struct ifw_cfg_decl d;
	memset(&d, 0, sizeof(d));
	enum { OTHER, NETDEV, PEER } sect = OTHER;
	size_t pos = 0, n;
	const char *s;
	unsigned lineno = 0;
	while (ifw_cfg_next_line(buf, len, &pos, &s, &n)) {
		lineno++;
		ifw_cfg_trim(&s, &n);
		if (!n || s[0] == '#' || s[0] == ';')
			continue;
		if (s[0] == '[') {
			sect = ifw_cfg_eq(s, n, "[NetDev]", false)          ? NETDEV
			       : ifw_cfg_eq(s, n, "[WireGuardPeer]", false) ? PEER
			                                                    : OTHER;
			if (sect == NETDEV && !d.line)
				d.line = lineno;
			continue;
		}
		const char *k, *v;
		size_t kn, vn;
		if (sect == OTHER || !ifw_cfg_split(s, n, '=', &k, &kn, &v, &vn))
			continue;
		if (sect == NETDEV && ifw_cfg_eq(k, kn, "Name", false))
			ifw_cfg_copy_ifname(d.name, v, vn);
		else if (sect == NETDEV && ifw_cfg_eq(k, kn, "Kind", false))
			ifw_cfg_copy_token(d.kind, sizeof(d.kind), v, vn);
		else if (sect == PEER && !d.endpoint[0] && ifw_cfg_eq(k, kn, "Endpoint", false))
			ifw_cfg_copy_token(d.endpoint, sizeof(d.endpoint), v, vn);
	}
	if (!d.name[0])
		return 0;
	kernel_kind(d.kind);
	if (strcmp(d.kind, "wireguard") != 0)
		d.endpoint[0] = '\0';
	return emit(ctx, &d);
}
