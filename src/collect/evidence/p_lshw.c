/* `lshw -class network` (`sudo lshw -C network`): a block per network device the hardware
 * scan found, the card's own facts:
 *   *-network
 *        description: Wireless interface
 *        product: Wi-Fi 6 AX201
 *        vendor: Intel Corporation
 *        bus info: pci@0000:00:14.3
 *        logical name: wlp0s20f3
 *        serial: 3c:a9:f4:12:34:56
 *        configuration: broadcast=yes driver=iwlwifi driverversion=6.5.0 ...
 * The logical name is the interface; the bus, the driver and the serial (its MAC) make it a card
 * (rule `physical.nic`). A virtual device lshw lists (`*-network:1` with no bus info, a veth,
 * a bridge) keeps only what it shows. */
#include "collect/evidence/ev.h"

#include <stdint.h>
#include <string.h>

/* mac_len of a block of another class (`*-sata`, `*-disk` in a full `lshw`): its lines are no
 * card's, and are counted as skipped until the next `*-network` */
#define LSHW_OTHER UINT8_MAX

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	const char *s = ev_skip_ws(l->s);
	return ev_starts(s, "*-network") ? 3 : 0;
}

static void flush(struct ev_ctx *c, const struct ev_line *l)
{
	struct ev_lshw *b = &c->lshw;
	if (b->name[0]) {
		struct ifw_iface *f = ev_iface_seen(c, l, b->name, strlen(b->name), NULL);
		if (f) {
			if (b->bus_info[0] && !f->bus_info) {
				f->bus_info = ifw_model_strdup(c->m, b->bus_info);
				f->bus = b->bus[0] ? ifw_model_strdup(c->m, b->bus) : NULL;
			}
			if (b->driver[0] && !f->driver)
				f->driver = ifw_model_strdup(c->m, b->driver);
			if (b->mac_len == 6 && !f->mac_len) {
				memcpy(f->mac, b->mac, 6);
				f->mac_len = 6;
			}
		}
		c->votes_linux++;
	}
	memset(b, 0, sizeof(*b));
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	struct ev_lshw *b = &c->lshw;
	if (ev_starts(s, "*-")) {
		flush(c, l); /* the next device's block ends this one */
		if (ev_starts(s, "*-network"))
			return true;
		b->mac_len = LSHW_OTHER;
		return false;
	}
	if (!*s)
		return true;
	if (l->s[0] != ' ' && l->s[0] != '\t')
		return false;
	if (b->mac_len == LSHW_OTHER) {
		c->m->skipped_lines++;
		return true;
	}
	const char *v;
	if ((v = ev_label_value(s, "logical name"))) {
		size_t n = strcspn(v, " \t");
		if (ev_ifname_ok(v, n) && !b->name[0])
			ev_copy_cut(b->name, sizeof b->name, v, n);
	} else if ((v = ev_label_value(s, "bus info"))) {
		const char *at = strchr(v, '@'); /* pci@0000:00:14.3, usb@1:2 */
		size_t n = strcspn(v, " \t");
		if (at && (size_t)(at - v) < n) {
			ev_copy_cut(b->bus, sizeof b->bus, v, (size_t)(at - v));
			ev_copy_cut(b->bus_info, sizeof b->bus_info, at + 1,
			            n - (size_t)(at - v) - 1);
		}
	} else if ((v = ev_label_value(s, "serial"))) {
		b->mac_len = (uint8_t)ev_parse_mac(v, strcspn(v, " \t"), b->mac, 6);
	} else if ((v = ev_label_value(s, "configuration"))) {
		const char *d = strstr(v, "driver=");
		if (d && (d == v || d[-1] == ' '))
			ev_copy_cut(b->driver, sizeof b->driver, d + 7, strcspn(d + 7, " \t"));
	}
	return true;
}

static void end(struct ev_ctx *c)
{
	struct ev_line l = {.s = (char *)"", .len = 0, .no = c->lshw.line_no};
	flush(c, &l);
}

static void begin(struct ev_ctx *c)
{
	memset(&c->lshw, 0, sizeof(c->lshw));
}

const struct ev_parser ev_p_lshw = {
    .shape = EV_LSHW,
    .name = "lshw -class network",
    .detect = detect,
    .take = take,
    .begin = begin,
    .end = end,
    .not_in_logs = true,
};
