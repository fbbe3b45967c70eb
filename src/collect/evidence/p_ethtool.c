/* `ethtool -i NAME` (the driver's information), read after its command names the interface:
 *   driver: e1000e
 *   firmware-version: 0.13-4
 *   bus-info: 0000:00:19.0
 * A card's driver and bus address (rule `physical.nic`); a virtual device's driver is its kind
 * (tun, veth, bridge, wireguard, ...: the kernel module that made it), with no bus address. */
#include "collect/evidence/ev.h"

#include <string.h>

/* The interface the command names: the word after -i (or --driver), shell separators aside
 * (`ethtool -i tun0; ethtool -i eth0`); after prev (not NULL), the next such word: one line
 * may run ethtool for several interfaces, whose outputs follow one another. */
static bool command_iface(const struct ev_ctx *c, const char *prev, struct ev_tok *name)
{
	if (!c->cmd)
		return false;
	struct ev_toks t;
	ev_tokenize(c->cmd, &t);
	bool after = !prev;
	for (size_t i = 0; i + 1 < t.n; i++)
		if (ev_tok_is(&t.t[i], "-i") || ev_tok_is(&t.t[i], "--driver")) {
			struct ev_tok w = t.t[i + 1];
			while (w.len && strchr(";&|)", w.s[w.len - 1]))
				w.len--;
			if (!ev_ifname_ok(w.s, w.len))
				return false;
			if (after) {
				*name = w;
				return true;
			}
			after = strlen(prev) == w.len && memcmp(prev, w.s, w.len) == 0;
		}
	return false;
}

/* The kernel's kind for a virtual device's driver, NULL for a card's driver. */
static const char *kind_of_driver(const char *d, size_t n)
{
	static const char *const v[][2] = {
	    {"tun", "tun"},
	    {"veth", "veth"},
	    {"bridge", "bridge"},
	    {"wireguard", "wireguard"},
	    {"vxlan", "vxlan"},
	    {"macvlan", "macvlan"},
	    {"macvtap", "macvtap"},
	    {"dummy", "dummy"},
	    {"bonding", "bond"},
	    {"802.1Q VLAN Support", "vlan"},
	    {"openvswitch", "openvswitch"},
	    {"vrf", "vrf"},
	    {"ipip", "ipip"},
	    {"ip_gre", "gre"},
	    {"sit", "sit"},
	    {"ip6_tunnel", "ip6tnl"},
	    {"geneve", "geneve"},
	    {"ipvlan", "ipvlan"},
	    {"team", "team"},
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (strlen(v[i][0]) == n && memcmp(d, v[i][0], n) == 0)
			return v[i][1];
	return NULL;
}

static int detect(const struct ev_line *l, int min)
{
	(void)l;
	(void)min;
	return 0; /* only after its command */
}

/* cur_iface once more outputs came than the command names interfaces: whose is unknown */
#define ETH_LOST (IFW_NOID - 1)

static void begin(struct ev_ctx *c)
{
	c->cur_iface = IFW_NOID;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (!*s)
		return true;
	struct ev_tok name;
	if (!command_iface(c, NULL, &name))
		return false;
	const char *v = ev_label_value(s, "driver");
	/* the interface whose output this is: each `driver:` line (the first of ethtool -i's
	 * output) begins the next one the command names (cur_iface: the last's) */
	if (c->cur_iface == ETH_LOST)
		return true;
	const char *prev = NULL;
	if (c->cur_iface != IFW_NOID && c->cur_iface < c->m->ifaces.n)
		prev = c->m->ifaces.v[c->cur_iface].name;
	if (prev && v) {
		if (!command_iface(c, prev, &name)) {
			c->cur_iface = ETH_LOST;
			return true;
		}
	} else if (prev) {
		name.s = prev;
		name.len = strlen(prev);
	}
	if (v) {
		struct ifw_iface *f = ev_iface_seen(c, l, name.s, name.len, &c->cur_iface);
		size_t n = strlen(v);
		while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
			n--;
		if (!f || !n || n > 31)
			return true;
		const char *kind = kind_of_driver(v, n);
		struct ev_tok d = {v, n};
		if (kind && !f->kind)
			f->kind = kind;
		if (!f->driver)
			f->driver = ev_tok_dup(c, &d);
		c->votes_linux++;
		return true;
	}
	if ((v = ev_label_value(s, "bus-info"))) {
		size_t n = strcspn(v, " \t");
		struct ifw_iface *f = ev_iface_seen(c, l, name.s, name.len, NULL);
		if (f && n && n < 48 && !f->bus_info && !f->kind) {
			struct ev_tok b = {v, n};
			f->bus_info = ev_tok_dup(c, &b);
			if (!f->bus) /* 0000:00:19.0 is PCI's form; usb-0000:00:14.0-2 USB's */
				f->bus = ev_starts(v, "usb") ? "usb"
				         : strchr(v, ':')    ? "pci"
				                             : NULL;
		}
		return true;
	}
	/* version:, firmware-version:, supports-...: lines of the same output */
	const char *colon = strchr(s, ':');
	return colon && !memchr(s, ' ', (size_t)(colon - s));
}

const struct ev_parser ev_p_ethtool = {
    .shape = EV_ETHTOOL,
    .name = "ethtool -i",
    .detect = detect,
    .take = take,
    .begin = begin,
    .not_in_logs = true,
};
