/* `networksetup -listallhardwareports` (macOS): "Hardware Port: Wi-Fi" / "Device: en0" /
 * "Ethernet Address: a4:83:e7:00:00:01"; `networksetup -listnetworkserviceorder`: "(1) Wi-Fi" /
 * "(Hardware Port: Wi-Fi, Device: en0)". The port's name is what the system calls the device
 * ("iPhone USB", "Thunderbolt 1", "Bluetooth PAN"): the answer for an enN. The address is the
 * port's own (burned-in) MAC, which ifconfig may not show when a private address is in use: it
 * becomes the permanent MAC. */
#include "collect/evidence/ev.h"

#include <string.h>

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	if (ev_starts(l->s, "Hardware Port:"))
		return 3;
	/* `networksetup -listnetworkserviceorder`: "(Hardware Port: Wi-Fi, Device: en0)" */
	if (ev_starts(l->s, "(Hardware Port: ") && strstr(l->s, ", Device:"))
		return 3;
	return ev_starts(l->s, "VLAN Configurations") ? 2 : 0;
}

/* The text after "Key:", trimmed, into buf; false when empty or too long. */
static bool value(const char *s, size_t key_len, char *buf, size_t size)
{
	const char *v = ev_skip_ws(s + key_len);
	size_t n = strlen(v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	if (!n || n >= size)
		return false;
	memcpy(buf, v, n);
	buf[n] = '\0';
	return true;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (!*s || ev_starts(s, "VLAN Configurations") || ev_starts(s, "====="))
		return true;
	if (ev_starts(s, "(Hardware Port: ")) { /* a service's port and device, on one line */
		const char *port = s + 16, *dev = strstr(s, ", Device:");
		if (!dev || dev <= port || (size_t)(dev - port) >= sizeof(c->hw_port))
			return true;
		const char *v = ev_skip_ws(dev + 9);
		size_t n = strcspn(v, " \t)");
		if (!n) /* a VPN service's port has no device while it is not connected */
			return true;
		struct ifw_iface *f = ev_iface_seen(c, l, v, n, NULL);
		if (!f)
			return true;
		if (!f->hw_port)
			f->hw_port = ifw_model_strndup(c->m, port, (size_t)(dev - port));
		c->votes_darwin++;
		return true;
	}
	/* the numbered service line before it: "(1) Wi-Fi", "(*) Disabled Service", and the
	 * list's note */
	if ((s[0] == '(' && strchr(s, ')')) || ev_starts(s, "An asterisk (*) denotes"))
		return true;
	if (ev_starts(s, "Hardware Port:")) {
		c->hw_dev[0] = '\0';
		if (!value(s, 14, c->hw_port, sizeof(c->hw_port)))
			c->hw_port[0] = '\0';
		return true;
	}
	if (ev_starts(s, "Device:")) {
		c->hw_dev[0] = '\0';
		const char *v = ev_skip_ws(s + 7);
		size_t n = strcspn(v, " \t");
		if (!n || n >= sizeof(c->hw_dev))
			return true;
		memcpy(c->hw_dev, v, n);
		c->hw_dev[n] = '\0';
		/* networksetup lists only ports the system has: the device exists */
		struct ifw_iface *f = ev_iface_seen(c, l, v, n, NULL);
		if (!f)
			return true;
		if (c->hw_port[0] && !f->hw_port)
			f->hw_port = ifw_model_strdup(c->m, c->hw_port);
		c->votes_darwin++;
		return true;
	}
	if (ev_starts(s, "Ethernet Address:")) {
		const char *v = ev_skip_ws(s + 17);
		uint8_t mac[8];
		size_t n = ev_parse_mac(v, strcspn(v, " \t"), mac, sizeof(mac));
		if (c->hw_dev[0] && n == 6) {
			int64_t packed = 0;
			for (size_t i = 0; i < 6; i++)
				packed = packed << 8 | mac[i];
			ev_ref_add(c, EV_REF_HWPORT, IFW_NOID, ifw_model_strdup(c->m, c->hw_dev),
			           packed, l);
		}
		return true;
	}
	return false;
}

const struct ev_parser ev_p_hwports = {
    .shape = EV_HWPORTS,
    .name = "networksetup -listallhardwareports",
    .detect = detect,
    .take = take,
    /* networksetup's own table, never a container's output (a port gave a card's kind, likely) */
    .not_in_logs = true,
};
