/* Tables of interfaces that tools other than ip and ifconfig print, one interface a row, the
 * name first, read by what their cells hold rather than by each tool's layout:
 *   vyos@r4# run show int                       (VyOS, FRR-style routers)
 *   Interface    IP Address         MAC                VRF        MTU  S/L    Description
 *   -----------  -----------------  -----------------  ---------  -----  -----  ------------
 *   eth0         192.168.122.14/24  52:54:00:f1:fd:77  default     1500  u/u    WAN
 * and header-less inventories ("name, state, mtu N, type", a monitoring agent's):
 *     utun1   up     mtu 1380    (none)
 * A row's cells: an address with its prefix, a MAC, the MTU (under the header's MTU column, or
 * after the word "mtu"), and the state ("up", "down", "u/u", "D/D"). */
#include "collect/evidence/ev.h"

#include <string.h>
#include <strings.h>

/* "Interface ... MAC ... MTU", "INTERFACE  PROTOCOL  STATE  DATA" (Infix's CLI): a header
 * naming the interface column first and others a table of interfaces has (two of them after
 * "Name", which many tables start with); *mtu_col receives the MTU column's offset, or -1. */
static bool header(const char *s, long *mtu_col)
{
	static const char *const columns[] = {
	    " MAC",  " MTU",  " IP Address", " S/L",   " State", " Status",     " Protocol",
	    " Type", " Data", " Address",    " Speed", " Link",  " Description"};
	s = ev_skip_ws(s);
	bool named = ev_starts(s, "Name ") || ev_starts(s, "NAME ");
	if (!named && strncasecmp(s, "Interface ", 10) != 0 && strncasecmp(s, "Iface ", 6) != 0)
		return false;
	int cols = 0;
	for (size_t i = 0; i < sizeof(columns) / sizeof(columns[0]); i++)
		cols += strcasestr(s, columns[i]) != NULL;
	if (cols < (named ? 2 : 1) || strlen(s) > 160)
		return false;
	const char *m = strcasestr(s, " MTU");
	*mtu_col = m ? (long)(m - s) : -1;
	return true;
}

/* "utun1   up     mtu 1380    (none)": a row that needs no header. */
static bool inventory_row(const struct ev_toks *t)
{
	return t->n >= 4 && t->n <= 6 &&
	       (ev_tok_is(&t->t[1], "up") || ev_tok_is(&t->t[1], "down")) &&
	       ev_tok_is(&t->t[2], "mtu") && ev_tok_digits(&t->t[3]);
}

static int detect(const struct ev_line *l, int min)
{
	long col;
	if (header(l->s, &col))
		return 3;
	if (min > 2)
		return 0;
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	return inventory_row(&t) && ev_ifname_ok(t.t[0].s, t.t[0].len) ? 2 : 0;
}

/* What a row's cells say. */
struct row {
	struct ifw_ip addrs[4];
	uint8_t plens[4];
	size_t n_addrs, cells;
	uint8_t mac[8];
	bool has_mac, up, down;
	uint32_t mtu;
};

static void cell(const struct ev_ctx *c, const struct ev_toks *t, size_t i, const char *s,
                 struct row *r)
{
	const struct ev_tok *v = &t->t[i];
	struct ifw_ip ip;
	int plen;
	uint64_t n;
	if (memchr(v->s, '/', v->len) && ev_parse_prefix(v, &ip, &plen)) {
		if (r->n_addrs < 4) {
			r->addrs[r->n_addrs] = ip;
			r->plens[r->n_addrs++] = (uint8_t)plen;
		}
		r->cells++;
	} else if (memchr(v->s, ':', v->len) && !r->has_mac &&
	           ev_parse_mac(v->s, v->len, r->mac, sizeof(r->mac)) == 6) {
		r->has_mac = true;
		r->cells++;
	} else if (ev_tok_digits(v) && ev_tok_u64(v, &n, false) && n >= 68 && n <= 65535 &&
	           ((i > 1 && ev_tok_is(&t->t[i - 1], "mtu")) ||
	            (c->iftable_mtu_col >= 0 && v->s - s >= c->iftable_mtu_col - 4 &&
	             v->s - s <= c->iftable_mtu_col + 8))) {
		r->mtu = (uint32_t)n;
		r->cells++;
	} else if (ev_tok_is(v, "up") || ev_tok_is(v, "UP") ||
	           (v->len == 3 && v->s[0] == 'u' && v->s[1] == '/')) {
		r->up = true; /* "up"; VyOS's "u/u" (state/link) */
	} else if (ev_tok_is(v, "down") || ev_tok_is(v, "DOWN") ||
	           (v->len == 3 && v->s[1] == '/' && (v->s[0] == 'D' || v->s[0] == 'A'))) {
		r->down = true; /* "down"; VyOS's "D/D", "A/D" */
	}
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = l->s;
	long col;
	if (header(s, &col)) {
		c->iftable_mtu_col = col < 0 ? -1 : col + (long)(ev_skip_ws(s) - s);
		return true;
	}
	const char *t0 = ev_skip_ws(s);
	if (!*t0) { /* a blank line ends the table: rows after it are not its further lines */
		c->iftable_mtu_col = -2;
		c->iftable_last = IFW_NOID;
		return true;
	}
	if (ev_starts(t0, "---") || ev_starts(t0, "Codes:"))
		return true;
	struct ev_toks t;
	ev_tokenize(s, &t);
	/* a row's further lines under a header, indented to a later column ("                ipv6
	 * 2001:db8::1/64", VyOS's second address): the last row's */
	if (c->iftable_mtu_col != -2 && t0 > s + 1) {
		/* with no row before it (JunOS's "inet6" lines under a family column), or under a
		 * row refused, it is no interface either */
		if (c->iftable_last >= c->m->ifaces.n)
			return false;
		struct row r = {.mtu = 0};
		for (size_t i = 0; i < t.n; i++)
			cell(c, &t, i, s, &r);
		if (!ev_shown_by_log_viewer(c, l))
			for (size_t i = 0; i < r.n_addrs; i++)
				ev_addr_add(c, c->iftable_last, &r.addrs[i], r.plens[i]);
		return true;
	}
	if (!t.n || !ev_ifname_ok(t.t[0].s, t.t[0].len) || t.t[0].len > 15)
		return false;
	/* without a header, only the inventory's own row shape; with one, a row whose cells hold
	 * an address, a MAC or the MTU ("Everything else about ..." after the table is prose) */
	if (c->iftable_mtu_col == -2 && !inventory_row(&t))
		return false;
	struct row r = {.mtu = 0};
	for (size_t i = 1; i < t.n; i++)
		cell(c, &t, i, s, &r);
	/* under a header a row may hold no address, MAC or MTU ("br0  bridge  UP"): its name, a
	 * word and a state are enough; a row refused gives its further lines to no one */
	bool digit = false;
	for (size_t i = 0; i < t.t[0].len; i++)
		digit = digit || (t.t[0].s[i] >= '0' && t.t[0].s[i] <= '9');
	bool plain_row =
	    c->iftable_mtu_col != -2 && t.n >= 2 && t.n <= 4 && (r.up || r.down || digit);
	if (!r.cells && !plain_row) {
		c->iftable_last = IFW_NOID;
		return false;
	}
	if (ev_shown_by_log_viewer(c, l))
		return true;
	ifw_id id = IFW_NOID;
	struct ifw_iface *f = ev_iface_seen(c, l, t.t[0].s, t.t[0].len, &id);
	if (!f)
		return true;
	c->iftable_last = id;
	for (size_t i = 0; i < r.n_addrs; i++)
		ev_addr_add(c, id, &r.addrs[i], r.plens[i]);
	if (r.has_mac && !f->mac_len) {
		memcpy(f->mac, r.mac, 6);
		f->mac_len = 6;
		if (!f->arptype)
			f->arptype = 1;
	}
	if (r.mtu && !f->mtu)
		f->mtu = r.mtu;
	if (r.up && !f->flags)
		f->flags = 0x1 | 0x40; /* IFF_UP | IFF_RUNNING */
	else if (r.down && !f->flags && !f->operstate)
		f->operstate = 2; /* IF_OPER_DOWN */
	return true;
}

static void begin(struct ev_ctx *c)
{
	c->iftable_mtu_col = -2; /* no header read: -1 is a header without an MTU column */
	c->iftable_last = IFW_NOID;
}

const struct ev_parser ev_p_iftable = {
    .shape = EV_IFTABLE,
    .name = "a table of interfaces (VyOS show interfaces, an agent's inventory)",
    .detect = detect,
    .take = take,
    .begin = begin,
};
