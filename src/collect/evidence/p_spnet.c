/* macOS `system_profiler SPNetworkDataType`: the network services, each with its type, the
 * hardware port under it and its BSD device:
 *   Network:
 *
 *       Wi-Fi:
 *
 *         Type: AirPort
 *         Hardware: AirPort
 *         BSD Device Name: en0
 *         IPv4 Addresses: 192.0.2.20
 *         ...
 *         Ethernet:
 *             MAC Address: 58:b0:35:ef:ca:38
 *       Tailscale:
 *         Type: VPN (io.tailscale.ipn.macsys)
 *         ...
 *             Interface Name: utun4
 * configd is the daemon that knows. A hardware service's port is the device's hardware port
 * (read as `networksetup -listallhardwareports` gives it); a VPN service's device is that VPN's
 * tunnel, and "VPN (BUNDLE.ID)" names the app's NetworkExtension provider that made it. */
#include "collect/evidence/ev.h"

#include <string.h>

/* "key: value" after indentation: the value, or NULL. */
static const char *value_of(const char *s, const char *key)
{
	s = ev_skip_ws(s);
	size_t k = strlen(key);
	return strncmp(s, key, k) == 0 ? ev_skip_ws(s + k) : NULL;
}

static int detect(const struct ev_line *l, int min)
{
	if (strcmp(l->s, "Network:") == 0) /* the report's heading, before the first service */
		return min <= 2 ? 2 : 0;
	const char *v = value_of(l->s, "BSD Device Name: ");
	if (!v)
		v = value_of(l->s, "Type: VPN (");
	return v && l->s[0] == ' ' ? 3 : 0;
}

/* The service's device, with what the service says of it. */
static void device(struct ev_ctx *c, const struct ev_line *l, const char *v)
{
	size_t n = strcspn(v, " \t");
	c->sp_iface = IFW_NOID;
	/* a container's or a log's text (`docker logs web`, `log show`) is no service of configd's
	 */
	if (!n || n > 15 || !ev_ifname_ok(v, n) || ev_shown_by_log_viewer(c, l))
		return;
	ifw_id id = IFW_NOID;
	struct ifw_iface *f = ev_iface_seen(c, l, v, n, &id);
	if (!f)
		return;
	c->sp_iface = id;
	c->votes_darwin++;
	if (ev_starts(c->sp_type, "VPN (") && !f->vpn_service) {
		f->vpn_service = true;
		/* "VPN (io.tailscale.ipn.macsys)": the provider's bundle id */
		const char *b = c->sp_type + 5;
		size_t bl = strcspn(b, ")");
		if (bl && bl < 64 && b[bl] == ')')
			ev_logcreate_add(c, l, v, n, ifw_model_strndup(c->m, b, bl), -1,
			                 "`system_profiler SPNetworkDataType` (its VPN service)");
	} else if (c->sp_hardware[0] && !f->hw_port && strcmp(c->sp_hardware, "VPN") != 0) {
		f->hw_port = ifw_model_strdup(c->m, c->sp_hardware);
	}
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	size_t indent = (size_t)(s - l->s);
	if (!*s)
		return true;
	if (strcmp(s, "Network:") == 0)
		return true;
	const char *v;
	size_t len = strlen(s);
	/* a service's name: "Wi-Fi:" less indented than its keys */
	if (s[len - 1] == ':' && indent <= 4) {
		c->sp_type[0] = c->sp_hardware[0] = '\0';
		c->sp_iface = IFW_NOID;
		return true;
	}
	if ((v = value_of(l->s, "Type: ")))
		ev_rest_copy(v, c->sp_type, sizeof(c->sp_type));
	else if ((v = value_of(l->s, "Hardware: ")))
		ev_rest_copy(v, c->sp_hardware, sizeof(c->sp_hardware));
	else if ((v = value_of(l->s, "BSD Device Name: ")) ||
	         (v = value_of(l->s, "Interface Name: ")))
		device(c, l, v);
	else if ((v = value_of(l->s, "IPv4 Addresses: ")) && c->sp_iface != IFW_NOID) {
		struct ev_toks t;
		ev_tokenize(v, &t);
		for (size_t i = 0; i < t.n; i++) {
			struct ev_tok a = t.t[i];
			if (a.len && a.s[a.len - 1] == ',')
				a.len--;
			struct ifw_ip ip;
			if (ev_parse_ip(a.s, a.len, &ip))
				ev_addr_add(c, c->sp_iface, &ip, 32);
		}
	} else if ((v = value_of(l->s, "MAC Address: ")) && c->sp_iface != IFW_NOID) {
		struct ifw_iface *f = &c->m->ifaces.v[c->sp_iface];
		uint8_t mac[8];
		size_t n = ev_parse_mac(v, strcspn(v, " \t"), mac, sizeof(mac));
		if (n == 6 && !f->mac_len) {
			memcpy(f->mac, mac, 6);
			f->mac_len = 6;
		}
	}
	return indent > 0; /* a key of a service, or a line of one of its sections */
}

static void begin(struct ev_ctx *c)
{
	c->sp_type[0] = c->sp_hardware[0] = '\0';
	c->sp_iface = IFW_NOID;
}

const struct ev_parser ev_p_spnet = {
    .shape = EV_SPNET,
    .name = "system_profiler SPNetworkDataType",
    .detect = detect,
    .take = take,
    .begin = begin,
    .end = begin,
};
