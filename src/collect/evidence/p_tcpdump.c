/* The line tcpdump (and tshark) print before the packets, naming the interface captured on and
 * its link type:
 *   listening on tun0, link-type RAW (Raw IP), snapshot length 262144 bytes
 *   listening on ovpnc1, link-type NULL (BSD loopback), capture size 262144 bytes
 *   Capturing on 'wg0'
 * People paste it at the top of every "I captured on X" question. The link type tells a layer-3
 * tunnel (RAW; NULL, the BSDs' and macOS's tun and utun) from an Ethernet-like device (EN10MB)
 * and gives PPP and Wi-Fi monitor mode their own (tcpdump's DLT names, pcap-linktype(7)). */
#include "collect/evidence/ev.h"

#include <string.h>

static const struct {
	const char *dlt;
	uint16_t arptype; /* Linux's ARPHRD_* for it, 0 when it has none to give */
} links[] = {
    {"EN10MB", 1},    {"RAW", 65534},    {"IPV4", 65534},           {"IPV6", 65534},
    {"PPP", 512},     {"NULL", 0},       {"IEEE802_11_RADIO", 803}, {"IEEE802_11", 801},
    {"LINUX_SLL", 0}, {"LINUX_SLL2", 0},
};

/* The interface's name and, for tcpdump's form, the link type's word after it. */
static bool parse(const char *s, struct ev_tok *name, struct ev_tok *dlt)
{
	s = ev_skip_ws(s);
	dlt->s = NULL;
	dlt->len = 0;
	if (ev_starts(s, "Capturing on '")) { /* tshark */
		const char *n = s + 14, *q = strchr(n, '\'');
		if (!q || *ev_skip_ws(q + 1))
			return false;
		*name = (struct ev_tok){n, (size_t)(q - n)};
		return ev_ifname_ok(n, name->len);
	}
	if (!ev_starts(s, "listening on "))
		return false;
	const char *n = s + 13, *comma = strchr(n, ',');
	if (!comma || strncmp(comma, ", link-type ", 12) != 0)
		return false;
	*name = (struct ev_tok){n, (size_t)(comma - n)};
	const char *d = comma + 12;
	*dlt = (struct ev_tok){d, strcspn(d, " ,")};
	return ev_ifname_ok(n, name->len) && dlt->len;
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	struct ev_tok n, d;
	return parse(l->s, &n, &d) ? 3 : 0;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	struct ev_tok n, d;
	if (!parse(l->s, &n, &d))
		return false;
	/* "any" (Linux's every-interface capture) is no interface */
	if (ev_tok_is(&n, "any"))
		return true;
	struct ifw_iface *f = ev_iface_seen(c, l, n.s, n.len, NULL);
	if (!f || !d.len)
		return true;
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++)
		if (ev_tok_is(&d, links[i].dlt)) {
			if (links[i].arptype && !f->arptype)
				f->arptype = links[i].arptype;
			break;
		}
	return true;
}

const struct ev_parser ev_p_tcpdump = {
    .shape = EV_TCPDUMP,
    .name = "tcpdump's listening line",
    .detect = detect,
    .take = take,
    .not_in_logs = true,
};
