/* `incus network list` and `lxc network list` (LXD): the daemon's own table of the host's
 * networks, in boxes:
 *   +----------+----------+---------+-----------------+---------------------------+ ...
 *   |   NAME   |   TYPE   | MANAGED |      IPV4       |           IPV6            | ...
 *   | incusbr0 | bridge   | YES     | 10.252.113.1/24 | fd42:b8d8:ec7c:c832::1/64 | ...
 *   | enp5s0   | physical | NO      |                 |                           | ...
 * A managed network is one the daemon made (its bridge, with the gateway addresses shown); an
 * unmanaged one is an interface it only lists. Older LXD prints NAME | TYPE | MANAGED | USED BY
 * only. The columns are found by the header's names; a row whose name cell is empty continues
 * the one before (a long USED BY list). */
#include "collect/evidence/ev.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#define MAX_CELLS 12

/* Splits "| a | b |" into trimmed cells; returns how many (0 when s is no table row). */
static size_t cells(const char *s, struct ev_tok *out)
{
	s = ev_skip_ws(s);
	if (*s != '|')
		return 0;
	size_t n = 0;
	for (const char *p = s + 1; *p && n < MAX_CELLS;) {
		const char *bar = strchr(p, '|');
		if (!bar)
			break;
		const char *a = ev_skip_ws(p), *b = bar;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		out[n].s = a;
		out[n].len = (size_t)(b - a);
		n++;
		p = bar + 1;
	}
	return n;
}

static bool header(const struct ev_tok *t, size_t n)
{
	return n >= 3 && ev_tok_is(&t[0], "NAME") && ev_tok_is(&t[1], "TYPE") &&
	       ev_tok_is(&t[2], "MANAGED");
}

/* `lxc list`, `incus list`: NAME | STATE | IPV4 | IPV6 | TYPE | SNAPSHOTS */
static bool instances_header(const struct ev_tok *t, size_t n)
{
	return n >= 4 && ev_tok_is(&t[0], "NAME") && ev_tok_is(&t[1], "STATE") &&
	       ev_tok_is(&t[2], "IPV4") && ev_tok_is(&t[3], "IPV6");
}

/* "10.1.40.1 (cni0)": an address of the instance's interface, each in the instance's own
 * namespace (not read: only what the table says of it). */
static void instance_addresses(struct ev_ctx *c, const struct ev_line *l, ifw_id ns,
                               const struct ev_tok *cell)
{
	char buf[256];
	if (ns == IFW_NOID || !cell->len || cell->len >= sizeof(buf))
		return;
	memcpy(buf, cell->s, cell->len);
	buf[cell->len] = '\0';
	struct ev_toks t;
	ev_tokenize(buf, &t);
	for (size_t i = 0; i + 1 < t.n; i += 2) {
		const struct ev_tok *a = &t.t[i], *nm = &t.t[i + 1];
		if (nm->len < 3 || nm->s[0] != '(' || nm->s[nm->len - 1] != ')' ||
		    nm->len - 2 > 15 || !ev_ifname_ok(nm->s + 1, nm->len - 2))
			continue;
		ifw_id id = ev_iface_get(c, ns, nm->s + 1, nm->len - 2, NULL);
		if (id == IFW_NOID)
			continue;
		if (!c->m->ifaces.v[id].origin.raw)
			ev_origin(c, l, &c->m->ifaces.v[id].origin);
		struct ifw_ip ip;
		if (ev_parse_ip(a->s, a->len, &ip))
			ev_addr_add(c, id, &ip, ip.family == AF_INET ? 32 : 128);
	}
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	struct ev_tok t[MAX_CELLS];
	size_t n = cells(l->s, t);
	return header(t, n) || instances_header(t, n) ? 3 : 0;
}

/* Who made a managed network: the daemon behind the command typed before ("incus network
 * list", "lxc network list"); either when none was typed. */
static void daemon_of(struct ev_ctx *c, const char **comm, const char **how)
{
	*comm = "LXD or Incus";
	*how = "`lxc network list` or `incus network list` (their tables are alike)";
	if (!c->m->typed.n) /* the last command typed, even with a blank line after it */
		return;
	const struct ifw_typed_cmd *t = &c->m->typed.v[c->m->typed.n - 1];
	if (!t->by && strstr(t->cmd, "incus ") && strstr(t->cmd, "network")) {
		*comm = "incusd";
		*how = "`incus network list`";
	} else if (!t->by && strstr(t->cmd, "lxc ") && strstr(t->cmd, "network")) {
		*comm = "lxd";
		*how = "`lxc network list`";
	}
}

static void addresses(struct ev_ctx *c, ifw_id id, const struct ev_tok *cell)
{
	struct ev_toks t;
	char buf[256];
	if (!cell->len || cell->len >= sizeof(buf))
		return;
	memcpy(buf, cell->s, cell->len);
	buf[cell->len] = '\0';
	ev_tokenize(buf, &t);
	for (size_t i = 0; i < t.n; i++) {
		struct ifw_ip ip;
		int plen;
		if (ev_parse_prefix(&t.t[i], &ip, &plen) && plen >= 0)
			ev_addr_add(c, id, &ip, (uint8_t)plen);
	}
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (*s == '+')
		return strspn(s, "+-=") == strlen(s);
	struct ev_tok t[MAX_CELLS];
	size_t n = cells(s, t);
	if (!n)
		return false;
	if (instances_header(t, n)) {
		c->lxd_instances = true;
		c->lxd_v4 = 2;
		c->lxd_v6 = 3;
		c->lxd_ns = IFW_NOID;
		return true;
	}
	if (c->lxd_instances && n >= 4) {
		if (t[0].len) /* an instance's first row; the next ones continue its cells */
			c->lxd_ns = ev_named_ns(c, t[0].s, t[0].len);
		instance_addresses(c, l, c->lxd_ns, &t[2]);
		instance_addresses(c, l, c->lxd_ns, &t[3]);
		return true;
	}
	if (header(t, n)) {
		c->lxd_instances = false;
		c->lxd_v4 = c->lxd_v6 = 0;
		for (size_t i = 3; i < n; i++) {
			if (ev_tok_is(&t[i], "IPV4"))
				c->lxd_v4 = (uint8_t)i;
			else if (ev_tok_is(&t[i], "IPV6"))
				c->lxd_v6 = (uint8_t)i;
		}
		return true;
	}
	if (n < 3 || !t[0].len)
		return true; /* a long cell's next line */
	if (t[0].len > 15 || !ev_ifname_ok(t[0].s, t[0].len))
		return true;
	ifw_id id = IFW_NOID;
	struct ifw_iface *f = ev_iface_seen(c, l, t[0].s, t[0].len, &id);
	if (!f)
		return true;
	c->votes_linux++;
	if (!ev_tok_is(&t[2], "YES"))
		return true;
	if (ev_tok_is(&t[1], "bridge") && !f->kind)
		f->kind = "bridge";
	if (c->lxd_v4 && c->lxd_v4 < n)
		addresses(c, id, &t[c->lxd_v4]);
	if (c->lxd_v6 && c->lxd_v6 < n)
		addresses(c, id, &t[c->lxd_v6]);
	const char *comm, *how;
	daemon_of(c, &comm, &how);
	struct ifw_logcreate *lc = ev_logcreate_add(c, l, t[0].s, t[0].len, comm, -1, how);
	if (lc && ev_tok_is(&t[1], "bridge")) /* a kernel WireGuard of that name it made not */
		lc->kinds = "bridge";
	return true;
}

const struct ev_parser ev_p_lxdnet = {
    .shape = EV_LXDNET,
    .name = "incus/lxc network list",
    .detect = detect,
    .take = take,
    .not_in_logs = true,
};
