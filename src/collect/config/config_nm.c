/* nm-settings-keyfile(5): a NetworkManager connection profile, a GLib key file. [connection]
 * type= names the setting type and interface-name= the interface; a profile of a virtual type
 * makes that interface when it is activated. Profiles of cards (ethernet, wifi, gsm, ...) are
 * skipped: they configure an interface, they do not make it. */
#include "collect/config/config_parse.h"

#include <stdlib.h>
#include <string.h>

/* Setting types (nm-settings-nmcli(5)) and the kernel kind of the device they make; NULL for an
 * interface whose kind depends on other settings. */
static const struct {
	const char *type, *kind;
} virtual_types[] = {
    {"bridge", "bridge"},
    {"bond", "bond"},
    {"vlan", "vlan"},
    {"wireguard", "wireguard"},
    {"tun", "tun"},
    {"vxlan", "vxlan"},
    {"dummy", "dummy"},
    {"veth", "veth"},
    {"vrf", "vrf"},
    {"team", "team"},
    {"macsec", "macsec"},
    {"ipvlan", "ipvlan"},
    {"hsr", "hsr"},
    {"6lowpan", "lowpan"},
    {"ovs-interface", "openvswitch"},
    {"macvlan", NULL},
    {"ip-tunnel", NULL},
};

/* [ip-tunnel] mode= (NMIPTunnelMode numbers) to the kernel's kind. */
static const char *const tunnel_modes[] = {
    NULL,     "ipip",   "gre",    "sit",  "sit",    "vti",
    "ip6tnl", "ip6tnl", "ip6gre", "vti6", "gretap", "ip6gretap",
};

int ifw_cfg_parse_nm(const char *buf, size_t len, ifw_cfg_emit emit, void *ctx)
{
	struct ifw_cfg_decl d;
	memset(&d, 0, sizeof(d));
	enum { OTHER, CONN, MACVLAN, TUNNEL, PEER } sect = OTHER;
	int type = -1;
	bool macvtap = false;
	long mode = 0;
	size_t pos = 0, n;
	const char *s;
	unsigned lineno = 0;
	while (ifw_cfg_next_line(buf, len, &pos, &s, &n)) {
		lineno++;
		ifw_cfg_trim(&s, &n);
		if (!n || s[0] == '#')
			continue;
		if (s[0] == '[') {
			sect = ifw_cfg_eq(s, n, "[connection]", false)            ? CONN
			       : ifw_cfg_eq(s, n, "[macvlan]", false)             ? MACVLAN
			       : ifw_cfg_eq(s, n, "[ip-tunnel]", false)           ? TUNNEL
			       : n > 16 && memcmp(s, "[wireguard-peer.", 16) == 0 ? PEER
			                                                          : OTHER;
			if (sect == CONN && !d.line)
				d.line = lineno;
			continue;
		}
		const char *k, *v;
		size_t kn, vn;
		if (sect == OTHER || !ifw_cfg_split(s, n, '=', &k, &kn, &v, &vn))
			continue;
		if (sect == CONN && ifw_cfg_eq(k, kn, "interface-name", false)) {
			ifw_cfg_copy_ifname(d.name, v, vn);
		} else if (sect == CONN && ifw_cfg_eq(k, kn, "type", false)) {
			type = -1;
			for (size_t i = 0; i < sizeof(virtual_types) / sizeof(virtual_types[0]);
			     i++)
				if (ifw_cfg_eq(v, vn, virtual_types[i].type, false))
					type = (int)i;
		} else if (sect == MACVLAN && ifw_cfg_eq(k, kn, "tap", false)) {
			macvtap = ifw_cfg_eq(v, vn, "true", true) || ifw_cfg_eq(v, vn, "1", false);
		} else if (sect == TUNNEL && ifw_cfg_eq(k, kn, "mode", false) && vn && vn < 4) {
			char num[4] = {0};
			memcpy(num, v, vn);
			mode = strtol(num, NULL, 10);
		} else if (sect == PEER && !d.endpoint[0] && ifw_cfg_eq(k, kn, "endpoint", false)) {
			ifw_cfg_copy_token(d.endpoint, sizeof(d.endpoint), v, vn);
		}
	}
	if (type < 0 || !d.name[0])
		return 0;
	const char *kind = virtual_types[type].kind;
	if (strcmp(virtual_types[type].type, "macvlan") == 0)
		kind = macvtap ? "macvtap" : "macvlan";
	else if (strcmp(virtual_types[type].type, "ip-tunnel") == 0)
		kind = mode > 0 && mode < (long)(sizeof(tunnel_modes) / sizeof(tunnel_modes[0]))
		           ? tunnel_modes[mode]
		           : NULL;
	if (kind)
		strcpy(d.kind, kind);
	if (strcmp(d.kind, "wireguard") != 0)
		d.endpoint[0] = '\0';
	return emit(ctx, &d);
}
