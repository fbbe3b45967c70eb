/* netplan (netplan.io reference, "network:" YAML): the device type sections under network:
 * name the interfaces netplan's renderer (networkd or NetworkManager) makes: bridges, bonds,
 * vlans, tunnels (kind from mode:), vrfs, dummy-devices, virtual-ethernets. Read by
 * indentation, without a YAML library: a section is a key one level under network:, an
 * interface a key one level under its section, mode: a key one level under the interface.
 * Flow style ({...}) is not read. A WireGuard tunnel's first peer endpoint: is its far end;
 * its keys: are never read. */
#include "collect/config/config_parse.h"

#include <string.h>

static const struct {
	const char *section, *kind; /* kind NULL: from the tunnel's mode */
} sections[] = {
    {"bridges", "bridge"},
    {"bonds", "bond"},
    {"vlans", "vlan"},
    {"tunnels", NULL},
    {"vrfs", "vrf"},
    {"dummy-devices", "dummy"},
    {"virtual-ethernets", "veth"},
};

static const char *const tunnel_modes[][2] = {
    {"sit", "sit"},
    {"gre", "gre"},
    {"ip6gre", "ip6gre"},
    {"ipip", "ipip"},
    {"ipip6", "ip6tnl"},
    {"ip6ip6", "ip6tnl"},
    {"vti", "vti"},
    {"vti6", "vti6"},
    {"wireguard", "wireguard"},
    {"gretap", "gretap"},
    {"ip6gretap", "ip6gretap"},
    {"isatap", "sit"},
    {"vxlan", "vxlan"},
};

/* "key: value" (the key possibly quoted): false when the line is no mapping entry. */
static bool mapping(const char *s, size_t n, const char **k, size_t *kn, const char **v, size_t *vn)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] != ':' || (i + 1 < n && s[i + 1] != ' ' && s[i + 1] != '\t'))
			continue;
		*k = s;
		*kn = i;
		*v = s + i + 1;
		*vn = n - i - 1;
		ifw_cfg_trim(k, kn);
		ifw_cfg_trim(v, vn);
		if (*kn >= 2 && ((*k)[0] == '"' || (*k)[0] == '\'') && (*k)[*kn - 1] == (*k)[0]) {
			(*k)++;
			*kn -= 2;
		}
		if (*vn >= 2 && ((*v)[0] == '"' || (*v)[0] == '\'') && (*v)[*vn - 1] == (*v)[0]) {
			(*v)++;
			*vn -= 2;
		}
		return *kn > 0;
	}
	return false;
}

struct state {
	struct ifw_cfg_decl d;
	bool pending;
	ifw_cfg_emit emit;
	void *ctx;
};

static int flush(struct state *st)
{
	if (!st->pending)
		return 0;
	st->pending = false;
	if (strcmp(st->d.kind, "wireguard") != 0)
		st->d.endpoint[0] = '\0';
	return st->d.name[0] ? st->emit(st->ctx, &st->d) : 0;
}

int ifw_cfg_parse_netplan(const char *buf, size_t len, ifw_cfg_emit emit, void *ctx)
{
	struct state st = {.emit = emit, .ctx = ctx};
	long net = -1, sec = -1, ifc = -1, child = -1; /* indentation of each level, -1 unset */
	int section = -1;                              /* index into sections[], -1 other */
	size_t pos = 0, n;
	const char *s;
	unsigned lineno = 0;
	int rc = 0;
	while (rc == 0 && ifw_cfg_next_line(buf, len, &pos, &s, &n)) {
		lineno++;
		long indent = 0;
		while ((size_t)indent < n && s[indent] == ' ')
			indent++;
		s += indent;
		n -= (size_t)indent;
		ifw_cfg_trim(&s, &n);
		if (!n || s[0] == '#' || (n >= 3 && memcmp(s, "---", 3) == 0))
			continue;
		bool item = n >= 2 && s[0] == '-' && s[1] == ' ';
		const char *k, *v;
		size_t kn, vn;
		if (!mapping(item ? s + 2 : s, item ? n - 2 : n, &k, &kn, &v, &vn))
			continue;
		if (net < 0 || indent <= net) {
			rc = flush(&st);
			net = ifw_cfg_eq(k, kn, "network", false) && !item ? indent : -1;
			sec = ifc = child = -1;
			section = -1;
			continue;
		}
		if (sec < 0 || indent <= sec) {
			rc = flush(&st);
			sec = indent;
			ifc = child = -1;
			section = -1;
			for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
				if (ifw_cfg_eq(k, kn, sections[i].section, false))
					section = (int)i;
			continue;
		}
		if (section < 0)
			continue;
		if (ifc < 0 || indent <= ifc) {
			rc = flush(&st);
			ifc = indent;
			child = -1;
			memset(&st.d, 0, sizeof(st.d));
			st.pending = !item && ifw_cfg_copy_ifname(st.d.name, k, kn);
			st.d.line = lineno;
			if (sections[section].kind)
				strcpy(st.d.kind, sections[section].kind);
			continue;
		}
		if (!st.pending || sections[section].kind)
			continue;
		if (child < 0)
			child = indent;
		if (indent == child && !item && ifw_cfg_eq(k, kn, "mode", false)) {
			for (size_t i = 0; i < sizeof(tunnel_modes) / sizeof(tunnel_modes[0]); i++)
				if (ifw_cfg_eq(v, vn, tunnel_modes[i][0], false))
					strcpy(st.d.kind, tunnel_modes[i][1]);
		} else if (indent > child && !st.d.endpoint[0] &&
		           ifw_cfg_eq(k, kn, "endpoint", false)) {
			ifw_cfg_copy_token(st.d.endpoint, sizeof(st.d.endpoint), v, vn);
		}
	}
	if (rc == 0)
		rc = flush(&st);
	return rc;
}
