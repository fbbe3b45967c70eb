/* The interface list OPNsense and pfSense print on the console and after an SSH login:
 *   OPNsense:  " LAN (vtnet4)    -> v4: 10.0.0.20/24"
 *              "                    v6/DHCP6: 2001:db8::1/64"
 *   pfSense:   " WAN (wan)       -> vtnet0     -> v4/DHCP4: 192.0.2.10/24"
 * The words before the parentheses are the admin's name for the interface (its description);
 * OPNsense puts the device in the parentheses, pfSense its own name for it (wan, lan, opt1)
 * and the device after a second arrow. People paste it from the first screen they see. */
#include "collect/evidence/ev.h"

#include <string.h>

struct row {
	struct ev_tok descr, dev, addr;
};

/* An address after "v4:" or "v6/DHCP6:" (the family and how it was got), or false. */
static bool addr_part(const char *s, struct ev_tok *addr)
{
	s = ev_skip_ws(s);
	if (!(ev_starts(s, "v4") || ev_starts(s, "v6")))
		return false;
	const char *colon = strchr(s, ':');
	if (!colon || colon - s > 16 || colon[1] != ' ' || memchr(s, ' ', (size_t)(colon - s)))
		return false;
	const char *a = ev_skip_ws(colon + 1);
	*addr = (struct ev_tok){a, strcspn(a, " \t")};
	return addr->len > 0;
}

static bool parse(const char *s, struct row *r)
{
	memset(r, 0, sizeof(*r));
	const char *open = strchr(s, '('), *arrow = strstr(s, "-> ");
	if (!open || !arrow || arrow < open)
		return false;
	const char *close = strchr(open, ')');
	if (!close || close > arrow || *ev_skip_ws(close + 1) != '-')
		return false;
	const char *d = ev_skip_ws(s);
	size_t dl = (size_t)(open - d);
	while (dl && d[dl - 1] == ' ')
		dl--;
	if (!dl || dl > 64)
		return false;
	r->descr = (struct ev_tok){d, dl};
	r->dev = (struct ev_tok){open + 1, (size_t)(close - open - 1)};
	const char *rest = arrow + 3;
	const char *second = strstr(rest, "-> ");
	if (second) { /* pfSense: the device between the arrows */
		const char *v = ev_skip_ws(rest);
		r->dev = (struct ev_tok){v, strcspn(v, " \t")};
		rest = second + 3;
	}
	return ev_ifname_ok(r->dev.s, r->dev.len) && addr_part(rest, &r->addr);
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	struct row r;
	return parse(l->s, &r) ? 3 : 0;
}

static void add_addr(struct ev_ctx *c, ifw_id id, const struct ev_tok *a)
{
	struct ifw_ip ip;
	int plen;
	if (ev_parse_prefix(a, &ip, &plen))
		ev_addr_add(c, id, &ip, (uint8_t)plen);
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	struct row r;
	if (parse(l->s, &r)) {
		ifw_id id;
		struct ifw_iface *f = ev_iface_seen(c, l, r.dev.s, r.dev.len, &id);
		c->cur_iface = id;
		if (!f)
			return true;
		if (!f->alias)
			f->alias = ev_tok_dup(c, &r.descr);
		add_addr(c, id, &r.addr);
		c->votes_freebsd++;
		return true;
	}
	struct ev_tok a;
	if (l->s[0] == ' ' && addr_part(l->s, &a)) { /* another address of the row above */
		if (c->cur_iface != IFW_NOID && c->cur_iface < c->m->ifaces.n)
			add_addr(c, c->cur_iface, &a);
		return true;
	}
	return false;
}

static void begin(struct ev_ctx *c)
{
	c->cur_iface = IFW_NOID;
}

const struct ev_parser ev_p_fwbanner = {
    .shape = EV_FWBANNER,
    .name = "OPNsense/pfSense console interface list",
    .detect = detect,
    .take = take,
    .begin = begin,
    .end = begin,
    .not_in_logs = true,
};
