/* aircrack-ng's `airmon-ng`: the Wi-Fi cards, each with its radio (phy), driver and chipset:
 *   PHY	Interface	Driver		Chipset
 *   phy0	wlan0		ath9k		Qualcomm Atheros QCA9565 / AR9565 Wireless Network
 * Adapter A card the kernel's driver made, as ethtool would say (the chipset stands for the bus
 * address ethtool gives). */
#include "collect/evidence/ev.h"

#include <string.h>

static bool header(const char *s)
{
	if (!ev_starts(ev_skip_ws(s), "PHY")) /* checked first: this runs on every line */
		return false;
	struct ev_toks t;
	ev_tokenize(s, &t);
	return t.n == 4 && ev_tok_is(&t.t[0], "PHY") && ev_tok_is(&t.t[1], "Interface") &&
	       ev_tok_is(&t.t[2], "Driver") && ev_tok_is(&t.t[3], "Chipset");
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	return header(l->s) ? 3 : 0;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	if (header(l->s))
		return true;
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	if (t.n < 4 || !ev_starts(t.t[0].s, "phy") || t.t[1].len > 15 ||
	    !ev_ifname_ok(t.t[1].s, t.t[1].len) || t.t[2].len > 32)
		return false;
	ifw_id id = IFW_NOID;
	struct ifw_iface *f = ev_iface_seen(c, l, t.t[1].s, t.t[1].len, &id);
	if (!f)
		return true;
	char chip[160];
	size_t n = ev_rest_copy(t.t[3].s, chip, sizeof(chip));
	if (!f->driver)
		f->driver = ev_tok_dup(c, &t.t[2]);
	if (!f->bus_info && n)
		f->bus_info = ifw_model_strdup(c->m, chip);
	if (!f->bus)
		f->bus = "chipset";
	c->votes_linux++;
	return true;
}

const struct ev_parser ev_p_airmon = {
    .shape = EV_AIRMON,
    .name = "airmon-ng",
    .detect = detect,
    .take = take,
    .not_in_logs = true,
};
