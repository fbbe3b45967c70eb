/* Wi-Fi listings: `iwconfig` (wireless-tools) and `iw dev` (nl80211):
 *   wlp3s0    IEEE 802.11  ESSID:"home"
 *             Mode:Managed  Frequency:5.18 GHz  Access Point: 00:11:22:33:44:55
 *   lo        no wireless extensions.
 *
 *   phy#0
 *           Interface wlan0
 *                   ifindex 3
 *                   addr 3c:a9:f4:12:34:56
 *                   type managed
 * An interface on a Wi-Fi radio is a Wi-Fi card's face: its mode says which (managed: the
 * card as a client; AP: an access point hostapd runs; monitor: a capture interface), kept as
 * the interface's hardware port ("Wi-Fi (managed)"), which the knowledge reads. An interface
 * with no wireless extensions is only listed. */
#include "collect/evidence/ev.h"

#include <string.h>
#include <strings.h>

/* "Wi-Fi (managed)" for a mode word; NULL for one not known. */
static const char *port_for(const char *mode, size_t n)
{
	static const char *const modes[][2] = {
	    {"managed", "Wi-Fi (managed)"}, {"AP", "Wi-Fi (AP)"},
	    {"master", "Wi-Fi (AP)"},       {"monitor", "Wi-Fi (monitor)"},
	    {"mesh", "Wi-Fi (mesh)"},       {"P2P-client", "Wi-Fi (P2P)"},
	    {"P2P-GO", "Wi-Fi (P2P)"},      {"IBSS", "Wi-Fi (ad hoc)"},
	    {"Ad-Hoc", "Wi-Fi (ad hoc)"},
	};
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (strlen(modes[i][0]) == n && strncasecmp(mode, modes[i][0], n) == 0)
			return modes[i][1];
	return NULL;
}

/* The mode's port, and its link type unless a listing gave one; a guess (before the mode line)
 * sets the port alone, which the mode line replaces. */
static void set_port(struct ifw_iface *f, const char *port, bool guess)
{
	if (!port)
		return;
	if (!f->hw_port || strncmp(f->hw_port, "Wi-Fi", 5) == 0)
		f->hw_port = port;
	if (guess || f->arptype)
		return;
	f->arptype = strcmp(port, "Wi-Fi (monitor)") == 0 ? 803 /* ARPHRD_IEEE80211_RADIO */ : 1;
}

/* iwconfig's first line of an interface: "NAME  IEEE 802.11..." or "NAME  no wireless
 * extensions." */
static bool iwconfig_head(const char *s, struct ev_tok *name, bool *wifi)
{
	if (s[0] == ' ' || s[0] == '\t' ||
	    (!strstr(s, "IEEE 802.11") && !strstr(s, "no wireless extensions")))
		return false;
	struct ev_toks t;
	ev_tokenize(s, &t);
	if (t.n < 2 || !ev_ifname_ok(t.t[0].s, t.t[0].len))
		return false;
	*name = t.t[0];
	const char *rest = t.t[1].s;
	*wifi = ev_starts(rest, "IEEE 802.11");
	return *wifi || ev_starts(rest, "no wireless extensions");
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	struct ev_tok n;
	bool wifi;
	const char *s = ev_skip_ws(l->s);
	if (strncmp(s, "phy#", 4) == 0 && strspn(s + 4, "0123456789") == strlen(s + 4) && s[4])
		return 3;
	return iwconfig_head(l->s, &n, &wifi) ? 3 : 0;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (!*s)
		return true;
	struct ev_tok n;
	bool wifi;
	if (iwconfig_head(l->s, &n, &wifi)) {
		ifw_id id;
		struct ifw_iface *f = ev_iface_seen(c, l, n.s, n.len, &id);
		c->cur_iface = wifi ? id : IFW_NOID;
		if (f && wifi)
			set_port(f, "Wi-Fi (managed)", true);
		c->votes_linux++;
		return true;
	}
	if (strncmp(s, "phy#", 4) == 0) {
		c->cur_iface = IFW_NOID;
		return true;
	}
	if (l->s[0] != ' ' && l->s[0] != '\t')
		return false;
	struct ev_toks t;
	ev_tokenize(s, &t);
	if (t.n >= 2 && ev_tok_is(&t.t[0], "Interface") && ev_ifname_ok(t.t[1].s, t.t[1].len)) {
		ifw_id id;
		struct ifw_iface *f = ev_iface_seen(c, l, t.t[1].s, t.t[1].len, &id);
		c->cur_iface = id;
		if (f)
			set_port(f, "Wi-Fi (managed)", true); /* until its type says otherwise */
		c->votes_linux++;
		return true;
	}
	if (c->cur_iface == IFW_NOID || c->cur_iface >= c->m->ifaces.n)
		return true; /* a line of another block (an unnamed P2P device, iwconfig's rates) */
	struct ifw_iface *f = &c->m->ifaces.v[c->cur_iface];
	/* iwconfig's own mode line ("Mode:Managed  Frequency:..."), not a word of iw's "ssid"
	 * line, which prints a network's name as it is ("ssid CafeNet Mode:monitor") */
	const char *mode = ev_starts(s, "Mode:") ? s : NULL;
	if (t.n >= 2 && ev_tok_is(&t.t[0], "type")) {
		const char *p = port_for(t.t[1].s, t.t[1].len);
		if (p)
			f->hw_port = NULL;
		set_port(f, p, false);
	} else if (mode) {
		const char *m = mode + 5;
		const char *p = port_for(m, strcspn(m, " \t"));
		if (p)
			f->hw_port = NULL;
		set_port(f, p, false);
	} else if (t.n == 2 && ev_tok_is(&t.t[0], "addr") && !f->mac_len) {
		uint8_t mac[6];
		if (ev_parse_mac(t.t[1].s, t.t[1].len, mac, 6) == 6) {
			memcpy(f->mac, mac, 6);
			f->mac_len = 6;
		}
	}
	return true;
}

static void begin(struct ev_ctx *c)
{
	c->cur_iface = IFW_NOID;
}

const struct ev_parser ev_p_iw = {
    .shape = EV_IW,
    .name = "iwconfig, iw dev",
    .detect = detect,
    .take = take,
    .begin = begin,
    .end = begin,
    .not_in_logs = true,
};
