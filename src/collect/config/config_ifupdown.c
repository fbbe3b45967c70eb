/* interfaces(5), Debian's ifupdown: "iface NAME FAMILY METHOD" starts a stanza, the lines after
 * it are its options until the next stanza. ifupdown makes virtual interfaces through option
 * hooks: bridge-utils (bridge_ports), ifenslave (bond-slaves, bond-mode), vlan
 * (vlan-raw-device, or a NAME.VID name), the "tunnel" method (mode gre/ipip/sit), and any
 * pre-up/up command such as `ip link add NAME type KIND` or `ip tuntap add NAME mode tap`.
 * A stanza from which no kind can be told (a card's "iface eth0 inet dhcp") is not a
 * declaration of a made interface and is skipped. A NAME with inet and inet6 stanzas is one
 * declaration (the first stanza's line). */
#include "collect/config/config_parse.h"

#include <string.h>

#define MAX_STANZAS 256

struct stanza {
	struct ifw_cfg_decl d;
	bool tunnel_method;
};

static bool starts_stanza(const char *s, size_t n)
{
	static const char *const words[] = {
	    "iface",  "auto",         "mapping",    "source", "source-directory",
	    "allow-", "no-auto-down", "no-scripts", "rename"};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t wn = strlen(words[i]);
		if (n >= wn && memcmp(s, words[i], wn) == 0 &&
		    (n == wn || s[wn] == ' ' || s[wn] == '\t' || words[i][wn - 1] == '-'))
			return true;
	}
	return false;
}

/* The next space-separated word of s[*i..n). */
static bool word(const char *s, size_t n, size_t *i, const char **w, size_t *wn)
{
	while (*i < n && (s[*i] == ' ' || s[*i] == '\t'))
		(*i)++;
	if (*i >= n)
		return false;
	*w = s + *i;
	while (*i < n && s[*i] != ' ' && s[*i] != '\t' && s[*i] != ';')
		(*i)++;
	*wn = (size_t)(s + *i - *w);
	return *wn > 0;
}

static bool is_self(const char *w, size_t wn, const char *name)
{
	return ifw_cfg_eq(w, wn, name, false) || ifw_cfg_eq(w, wn, "$IFACE", false) ||
	       ifw_cfg_eq(w, wn, "${IFACE}", false);
}

/* A command in a pre-up/up option: `ip link add [name|dev] NAME ... type KIND`,
 * `ip tuntap add [dev] NAME mode tun|tap`, `tunctl -t NAME`. */
static void command_kind(struct stanza *st, const char *s, size_t n)
{
	const char *w[24];
	size_t wl[24], nw = 0, i = 0;
	while (nw < 24 && word(s, n, &i, &w[nw], &wl[nw]))
		nw++;
	for (size_t a = 0; a + 2 < nw; a++) {
		bool ip = ifw_cfg_eq(w[a], wl[a], "ip", false) ||
		          ifw_cfg_eq(w[a], wl[a], "/sbin/ip", false) ||
		          ifw_cfg_eq(w[a], wl[a], "/usr/sbin/ip", false) ||
		          ifw_cfg_eq(w[a], wl[a], "/bin/ip", false);
		if (ifw_cfg_eq(w[a], wl[a], "tunctl", false)) {
			for (size_t b = a + 1; b + 1 < nw; b++)
				if (ifw_cfg_eq(w[b], wl[b], "-t", false) &&
				    is_self(w[b + 1], wl[b + 1], st->d.name))
					strcpy(st->d.kind, "tun");
			continue;
		}
		if (!ip || !ifw_cfg_eq(w[a + 2], wl[a + 2], "add", false))
			continue;
		bool link = ifw_cfg_eq(w[a + 1], wl[a + 1], "link", false);
		bool tuntap = ifw_cfg_eq(w[a + 1], wl[a + 1], "tuntap", false);
		if (!link && !tuntap)
			continue;
		bool mine = false;
		for (size_t b = a + 3; b < nw; b++) {
			bool named = ifw_cfg_eq(w[b], wl[b], "name", false) ||
			             ifw_cfg_eq(w[b], wl[b], "dev", false);
			if (named && b + 1 < nw) {
				mine = is_self(w[b + 1], wl[b + 1], st->d.name);
				b++;
			} else if (b == a + 3 && is_self(w[b], wl[b], st->d.name)) {
				mine = true;
			} else if (link && ifw_cfg_eq(w[b], wl[b], "type", false) && b + 1 < nw) {
				if (mine)
					ifw_cfg_copy_token(st->d.kind, sizeof(st->d.kind), w[b + 1],
					                   wl[b + 1]);
				break;
			} else if (tuntap && ifw_cfg_eq(w[b], wl[b], "mode", false) && mine) {
				strcpy(st->d.kind, "tun");
				break;
			}
		}
	}
}

static void option(struct stanza *st, const char *s, size_t n)
{
	size_t i = 0;
	const char *k, *v;
	size_t kn, vn;
	if (!word(s, n, &i, &k, &kn))
		return;
	v = s + i;
	vn = n - i;
	ifw_cfg_trim(&v, &vn);
	char key[32] = "";
	if (kn >= sizeof(key))
		return;
	for (size_t j = 0; j < kn; j++)
		key[j] = k[j] == '_' ? '-' : k[j]; /* bridge_ports and bridge-ports alike */
	if (strcmp(key, "bridge-ports") == 0)
		strcpy(st->d.kind, "bridge");
	else if (strcmp(key, "bond-slaves") == 0 || strcmp(key, "bond-mode") == 0)
		strcpy(st->d.kind, "bond");
	else if (strcmp(key, "vlan-raw-device") == 0)
		strcpy(st->d.kind, "vlan");
	else if (strcmp(key, "ovs-type") == 0)
		strcpy(st->d.kind, "openvswitch");
	else if (strcmp(key, "link-type") == 0) /* ifupdown2: link-type veth|dummy */
		ifw_cfg_copy_token(st->d.kind, sizeof(st->d.kind), v, vn);
	else if (strcmp(key, "mode") == 0 && st->tunnel_method) {
		static const char *const modes[][2] = {
		    {"gre", "gre"},       {"ipip", "ipip"},     {"sit", "sit"},
		    {"ip6gre", "ip6gre"}, {"ip6ip6", "ip6tnl"}, {"ipip6", "ip6tnl"},
		    {"vti", "vti"},       {"vti6", "vti6"},     {"gretap", "gretap"}};
		for (size_t j = 0; j < sizeof(modes) / sizeof(modes[0]); j++)
			if (ifw_cfg_eq(v, vn, modes[j][0], true))
				strcpy(st->d.kind, modes[j][1]);
	} else if (!st->d.kind[0] && (strcmp(key, "pre-up") == 0 || strcmp(key, "up") == 0 ||
	                              strcmp(key, "post-up") == 0))
		command_kind(st, v, vn);
}

/* NAME.VID (eth0.100): the vlan package's naming, which makes a VLAN of NAME. */
static bool vlan_name(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot || dot == name || !dot[1])
		return false;
	for (const char *p = dot + 1; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

int ifw_cfg_parse_ifupdown(const char *buf, size_t len, ifw_cfg_emit emit, void *ctx)
{
	static _Thread_local struct stanza st[MAX_STANZAS];
	size_t n_st = 0;
	struct stanza *cur = NULL;
	size_t pos = 0, n;
	const char *s;
	unsigned lineno = 0;
	while (ifw_cfg_next_line(buf, len, &pos, &s, &n)) {
		lineno++;
		ifw_cfg_trim(&s, &n);
		if (!n || s[0] == '#')
			continue;
		if (!starts_stanza(s, n)) {
			if (cur)
				option(cur, s, n);
			continue;
		}
		cur = NULL;
		size_t i = 5;
		const char *name, *fam, *method;
		size_t nn, fn, mn;
		if (n < 6 || memcmp(s, "iface", 5) != 0 || !word(s, n, &i, &name, &nn) ||
		    !ifw_cfg_valid_ifname(name, nn))
			continue;
		struct stanza *found = NULL;
		for (size_t k = 0; k < n_st && !found; k++)
			if (ifw_cfg_eq(name, nn, st[k].d.name, false))
				found = &st[k];
		if (!found) {
			if (n_st == MAX_STANZAS)
				continue;
			found = &st[n_st++];
			memset(found, 0, sizeof(*found));
			ifw_cfg_copy_ifname(found->d.name, name, nn);
			found->d.line = lineno;
		}
		cur = found;
		cur->tunnel_method = word(s, n, &i, &fam, &fn) && word(s, n, &i, &method, &mn) &&
		                     ifw_cfg_eq(method, mn, "tunnel", false);
	}
	for (size_t k = 0; k < n_st; k++) {
		if (!st[k].d.kind[0] && vlan_name(st[k].d.name))
			strcpy(st[k].d.kind, "vlan");
		if (!st[k].d.kind[0])
			continue;
		if (strcmp(st[k].d.kind, "tap") == 0)
			strcpy(st[k].d.kind, "tun");
		int rc = emit(ctx, &st[k].d);
		if (rc)
			return rc;
	}
	return 0;
}
