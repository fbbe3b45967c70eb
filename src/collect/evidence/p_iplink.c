/* `ip addr`, `ip link`, `ip -d link`, `ip -s link` (iproute2 text) and `bridge link`:
 *   5: veth1@if4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP ...
 *       link/ether 16:6b:11:bf:a3:5b brd ff:ff:ff:ff:ff:ff link-netnsid 0 promiscuity 1 ...
 *       veth                                      (-d: the kind and its details)
 *       bridge_slave state forwarding priority 32 ...
 *       inet 10.8.0.6 peer 10.8.0.5/32 scope global tun0
 *          valid_lft forever preferred_lft forever
 * "@ifN" names the peer's index in another namespace, "@name" the parent or peer here. The
 * continuation lines are known by their first word, so output that lost its indentation (copied
 * from a web page) still reads. */
#include "collect/evidence/ev.h"

#include <net/if.h>
#include <string.h>
#include <sys/socket.h>

/* "12: name@peer: <" : the name's start and length, and where '<' is; false if not a header.
 * A paste that lost the "12: " (cut by the poster) still has "name: <FLAGS> mtu N ... qdisc". */
static bool header_at(const char *s, const char **name, size_t *nlen, const char **lt)
{
	s = ev_skip_ws(s);
	const char *p = s;
	while (*p >= '0' && *p <= '9')
		p++;
	bool indexed = p != s;
	if (indexed && (p - s > 10 || p[0] != ':' || p[1] != ' '))
		return false;
	const char *n = indexed ? ev_skip_ws(p + 1) : s;
	const char *e = n;
	while (*e && *e != ' ' && *e != '\t')
		e++;
	if (e - n < 2 || e[-1] != ':' || e - n > 80)
		return false;
	const char *f = ev_skip_ws(e);
	const char *gt = *f == '<' ? strchr(f, '>') : NULL;
	if (!gt)
		return false;
	if (!indexed && (!ev_starts(gt, "> mtu ") || !strstr(gt, " qdisc ")))
		return false;
	*name = n;
	*nlen = (size_t)(e - n - 1);
	*lt = f;
	return true;
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	const char *n, *lt;
	size_t nl;
	return header_at(l->s, &n, &nl, &lt) ? 3 : 0;
}

static uint8_t operstate(const struct ev_tok *t)
{
	static const char *const names[] = {"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN",
	                                    "TESTING", "DORMANT",    "UP"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (ev_tok_is(t, names[i]))
			return (uint8_t)i;
	return 0xff;
}

/* "@if4": the peer's index (elsewhere); "@eth0": the parent or peer, by name; "@NONE". */
static void at_suffix(struct ev_ctx *c, ifw_id id, const char *at, size_t n,
                      const struct ev_line *l)
{
	struct ifw_iface *f = &c->m->ifaces.v[id];
	struct ev_tok t = {at + 2, n >= 2 ? n - 2 : 0};
	uint64_t v;
	if (n > 2 && at[0] == 'i' && at[1] == 'f' && ev_tok_u64(&t, &v, false) && v > 0 &&
	    v < INT32_MAX) {
		f->link_ifindex = (int32_t)v;
		return;
	}
	if (n == 4 && memcmp(at, "NONE", 4) == 0)
		return;
	if (!f->link_ifindex)
		ev_ref_add(c, EV_REF_LINK, id, ifw_model_strndup(c->m, at, n), 0, l);
}

static bool header(struct ev_ctx *c, struct ev_line *l)
{
	const char *name, *lt;
	size_t nlen;
	if (!header_at(l->s, &name, &nlen, &lt))
		return false;
	const char *at = memchr(name, '@', nlen);
	size_t base = at ? (size_t)(at - name) : nlen;
	ifw_id id = ev_iface_get(c, c->ns, name, base, NULL);
	c->cur_iface = id;
	c->last_addr = IFW_NOID;
	c->stats_dir = 0;
	if (id == IFW_NOID)
		return true;
	struct ifw_iface *f = &c->m->ifaces.v[id];
	if (!f->origin.raw)
		ev_origin(c, l, &f->origin);
	struct ev_tok idx = {ev_skip_ws(l->s), 0};
	while (idx.s[idx.len] >= '0' && idx.s[idx.len] <= '9')
		idx.len++;
	uint64_t v;
	if (ev_tok_u64(&idx, &v, false) && v > 0 && v < INT32_MAX)
		f->ifindex = (int32_t)v;
	if (at)
		at_suffix(c, id, at + 1, nlen - base - 1, l);
	const char *gt = strchr(lt, '>');
	f->flags = ev_flags_by_name(lt + 1, (size_t)(gt - lt - 1));
	struct ev_toks t;
	ev_tokenize(gt + 1, &t);
	for (size_t i = 0; i + 1 < t.n; i++) {
		const struct ev_tok *k = &t.t[i], *val = &t.t[i + 1];
		if (ev_tok_is(k, "mtu") && ev_tok_u64(val, &v, false) && v <= UINT32_MAX)
			f->mtu = (uint32_t)v;
		else if ((ev_tok_is(k, "qlen")) && ev_tok_u64(val, &v, false) && v <= UINT32_MAX)
			f->txqlen = (uint32_t)v;
		else if (ev_tok_is(k, "qdisc") && !f->qdisc)
			f->qdisc = ev_tok_dup(c, val);
		else if (ev_tok_is(k, "master"))
			ev_ref_add(c, EV_REF_MASTER, id, ev_tok_dup(c, val), 0, l);
		else if (ev_tok_is(k, "state") && operstate(val) != 0xff)
			f->operstate = operstate(val);
	}
	/* As ip -j: iproute2 leaves out RUNNING, which an up device with its link up has. */
	if ((f->flags & IFW_IFF_UP) &&
	    (f->operstate == 6 || (f->operstate == 0 && (f->flags & 0x10000))))
		f->flags |= IFW_IFF_RUNNING;
	c->votes_linux++;
	return true;
}

static uint16_t arphrd(const char *s, size_t n)
{
	static const struct {
		const char *name;
		uint16_t num;
	} types[] = {
	    {"ether", 1},     {"loopback", 772},   {"none", 65534},    {"ipip", 768},
	    {"tunnel6", 769}, {"sit", 776},        {"gre", 778},       {"gre6", 823},
	    {"ppp", 512},     {"ieee802.11", 801}, {"infiniband", 32}, {"void", 0xffff},
	    {"can", 280},     {"rawip", 519},      {"ipgre", 778},     {"[65534]", 65534},
	};
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strlen(types[i].name) == n && memcmp(types[i].name, s, n) == 0)
			return types[i].num;
	return 0;
}

/* link/ether MAC brd B [link-netns NAME | link-netnsid N] [promiscuity ... minmtu ... maxmtu] */
static void link_line(struct ev_ctx *c, struct ifw_iface *f, const struct ev_toks *t)
{
	const struct ev_tok *k = &t->t[0];
	f->arptype = arphrd(k->s + 5, k->len - 5);
	uint8_t mac[32];
	size_t n = t->n > 1 ? ev_parse_mac(t->t[1].s, t->t[1].len, mac, sizeof(mac)) : 0;
	if (f->arptype == 65534)
		f->mac_len = 0; /* link/none: the device has none, whatever a log said before */
	if (n && f->arptype != 65534) {
		memcpy(f->mac, mac, n);
		f->mac_len = (uint8_t)n;
	} else if (t->n > 1 && ev_masked(t->t[1].s, t->t[1].len)) {
		c->masked++;
	}
	for (size_t i = 1; i + 1 < t->n; i++) {
		const struct ev_tok *key = &t->t[i], *v = &t->t[i + 1];
		uint64_t x;
		if (ev_tok_is(key, "link-netnsid") && ev_tok_u64(v, &x, false) && x < INT32_MAX) {
			f->link_nsid = (int32_t)x;
			f->link_ns = ev_peer_ns(c, (int64_t)x);
		} else if (ev_tok_is(key, "link-netns")) {
			f->link_ns = ev_named_ns(c, v->s, v->len);
			/* The id, if `ip netns list` gave it; else only "another namespace". */
			f->link_nsid = ev_nsid_of(c, f->link_ns);
		} else if (ev_tok_is(key, "minmtu") && ev_tok_u64(v, &x, false) &&
		           x <= UINT32_MAX) {
			f->min_mtu = (uint32_t)x;
		} else if (ev_tok_is(key, "maxmtu") && ev_tok_u64(v, &x, false) &&
		           x <= UINT32_MAX) {
			f->max_mtu = (uint32_t)x;
		} else if (ev_tok_is(key, "parentbus") && !f->bus) {
			f->bus = ev_tok_dup(c, v);
		} else if (ev_tok_is(key, "parentdev") && !f->bus_info) {
			f->bus_info = ev_tok_dup(c, v);
		} else if (ev_tok_is(key, "permaddr")) {
			n = ev_parse_mac(v->s, v->len, f->perm_mac, sizeof(f->perm_mac));
			f->perm_mac_len = (uint8_t)n;
		}
	}
}

static const struct {
	const char *word;
	uint32_t flag;
} addr_words[] = {
    {"temporary", 0x01},
    {"nodad", 0x02},
    {"optimistic", 0x04},
    {"dadfailed", 0x08},
    {"home", 0x10},
    {"deprecated", 0x20},
    {"tentative", 0x40},
    {"mngtmpaddr", 0x100},
    {"noprefixroute", 0x200},
    {"autojoin", 0x400},
    {"stable-privacy", 0x800},
};

static bool prefix(const struct ev_tok *t, struct ifw_ip *ip, int *plen)
{
	const char *slash = memchr(t->s, '/', t->len);
	size_t alen = slash ? (size_t)(slash - t->s) : t->len;
	if (!ev_parse_ip(t->s, alen, ip))
		return false;
	*plen = ip->family == AF_INET ? 32 : 128;
	uint64_t v;
	struct ev_tok p = {slash ? slash + 1 : "", slash ? t->len - alen - 1 : 0};
	if (slash && (!ev_tok_u64(&p, &v, false) || v > (uint64_t)*plen))
		return false;
	if (slash)
		*plen = (int)v;
	return true;
}

/* inet A/P [peer B/P] [brd X] scope S [dynamic ...] [LABEL]; inet6 A/P scope S [flags] */
static bool inet(struct ev_ctx *c, struct ev_line *l, const struct ev_toks *t)
{
	if (t->n < 2 || c->cur_iface == IFW_NOID)
		return false;
	if (ev_masked(t->t[1].s, t->t[1].len)) {
		c->masked++;
		c->last_addr = IFW_NOID;
		return true;
	}
	struct ifw_ip ip, peer = {0};
	int plen;
	if (!prefix(&t->t[1], &ip, &plen))
		return false;
	size_t i = 2;
	if (i + 1 < t->n && ev_tok_is(&t->t[i], "peer")) {
		int pl;
		if (prefix(&t->t[i + 1], &peer, &pl))
			plen = pl; /* the prefix is written after the peer */
		i += 2;
	}
	struct ifw_addr *a = ev_addr_add(c, c->cur_iface, &ip, (uint8_t)plen);
	c->last_addr = a ? (ifw_id)(c->m->addrs.n - 1) : IFW_NOID;
	if (!a)
		return true;
	a->peer = peer;
	a->flags |= 0x80; /* permanent, unless "dynamic" says otherwise */
	ev_origin(c, l, &a->origin);
	for (; i < t->n; i++) {
		const struct ev_tok *k = &t->t[i];
		if (ev_tok_is(k, "scope") && i + 1 < t->n) {
			const struct ev_tok *v = &t->t[++i];
			a->scope = ev_tok_is(v, "host")     ? 254
			           : ev_tok_is(v, "link")   ? 253
			           : ev_tok_is(v, "site")   ? 200
			           : ev_tok_is(v, "global") ? 0
			                                    : a->scope;
		} else if (ev_tok_is(k, "brd") || ev_tok_is(k, "metric")) {
			i++;
		} else if (ev_tok_is(k, "dynamic")) {
			a->flags &= ~0x80u;
		} else {
			bool flag = false;
			for (size_t w = 0; w < sizeof(addr_words) / sizeof(addr_words[0]); w++)
				if (ev_tok_is(k, addr_words[w].word)) {
					a->flags |= addr_words[w].flag;
					flag = true;
				}
			if (!flag && i + 1 == t->n && !ev_tok_is(k, "secondary"))
				a->label = ev_tok_dup(c, k); /* "eth0:1" */
		}
	}
	return true;
}

static void lifetimes(struct ev_ctx *c, const struct ev_toks *t)
{
	if (c->last_addr == IFW_NOID)
		return;
	struct ifw_addr *a = &c->m->addrs.v[c->last_addr];
	for (size_t i = 0; i + 1 < t->n; i++) {
		struct ev_tok v = t->t[i + 1];
		if (v.len > 3 && memcmp(v.s + v.len - 3, "sec", 3) == 0)
			v.len -= 3;
		uint64_t x;
		uint32_t val;
		if (ev_tok_is(&v, "forever"))
			val = UINT32_MAX;
		else if (ev_tok_u64(&v, &x, false) && x < UINT32_MAX)
			val = (uint32_t)x;
		else
			continue; /* none, or too big: not a lifetime of 0 */
		if (ev_tok_is(&t->t[i], "valid_lft"))
			a->valid_lft = val;
		else if (ev_tok_is(&t->t[i], "preferred_lft"))
			a->preferred_lft = val;
	}
}

/* ip -s link: "RX:  bytes packets errors dropped ..." then a line of numbers. */
static void stats(struct ev_ctx *c, struct ifw_iface *f, const struct ev_toks *t)
{
	uint64_t v[4];
	for (size_t i = 0; i < 4; i++)
		if (i >= t->n || !ev_tok_u64(&t->t[i], &v[i], false))
			return;
	f->stats.present = true;
	if (c->stats_dir == 1) {
		f->stats.rx_bytes = v[0];
		f->stats.rx_packets = v[1];
		f->stats.rx_errors = v[2];
		f->stats.rx_dropped = v[3];
	} else {
		f->stats.tx_bytes = v[0];
		f->stats.tx_packets = v[1];
		f->stats.tx_errors = v[2];
		f->stats.tx_dropped = v[3];
	}
	c->stats_dir = 0;
}

static void altname(struct ev_ctx *c, struct ifw_iface *f, const struct ev_tok *name)
{
	for (size_t i = 0; i < f->n_altnames; i++) /* ip addr and ip link both print them */
		if (strlen(f->altnames[i]) == name->len &&
		    memcmp(f->altnames[i], name->s, name->len) == 0)
			return;
	if (f->n_altnames >= 64 || name->len > 128)
		return;
	const char **v = ifw_arena_alloc(&c->m->arena, (f->n_altnames + 1) * sizeof(*v));
	if (!v)
		return;
	if (f->n_altnames)
		memcpy(v, f->altnames, f->n_altnames * sizeof(*v));
	v[f->n_altnames] = ev_tok_dup(c, name);
	f->altnames = v;
	f->n_altnames++;
}

static bool body(struct ev_ctx *c, struct ev_line *l, const struct ev_toks *t)
{
	struct ifw_iface *f = &c->m->ifaces.v[c->cur_iface];
	const struct ev_tok *k = &t->t[0];
	bool indented = l->s[0] == ' ' || l->s[0] == '\t';
	if (ev_starts(k->s, "link/") && k->len > 5)
		link_line(c, f, t);
	else if (ev_tok_is(k, "inet") || ev_tok_is(k, "inet6"))
		return inet(c, l, t);
	else if (ev_tok_is(k, "valid_lft") || ev_tok_is(k, "preferred_lft"))
		lifetimes(c, t);
	else if (ev_tok_is(k, "altname") && t->n > 1)
		altname(c, f, &t->t[1]);
	else if (ev_tok_is(k, "alias") && t->n > 1 && !f->alias)
		f->alias = ifw_model_strndup(c->m, t->t[1].s, strlen(t->t[1].s));
	else if (ev_tok_is(k, "RX:") || ev_tok_is(k, "TX:"))
		c->stats_dir = k->s[0] == 'R' ? 1 : 2;
	else if (c->stats_dir && ev_tok_digits(k))
		stats(c, f, t);
	else if (ev_tok_is(k, "bridge_slave") || ev_tok_is(k, "bond_slave") ||
	         ev_tok_is(k, "team_slave") || ev_tok_is(k, "vrf_slave"))
		f->slave_kind = ifw_model_strndup(c->m, k->s, k->len - 6);
	else if (ev_iplink_kind(c, c->cur_iface, t, l))
		;
	else
		return indented; /* prog/xdp, vf lines ...: this interface's, nothing kept */
	return true;
}

/* `ip -o` prints each interface on one line, its line ends turned into backslashes
 * ("... qlen 1000\    link/ether ..."): where the first one is, or NULL. */
static char *oneline_break(char *s)
{
	for (char *b = strchr(s, '\\'); b; b = strchr(b + 1, '\\'))
		if (b[1] == ' ' || b[1] == '\t' || b[1] == '\0')
			return b;
	return NULL;
}

/* The segments after a one-line header, each read as the line it was. */
static void oneline_rest(struct ev_ctx *c, struct ev_line *l, char *seg)
{
	while (seg && c->cur_iface != IFW_NOID && c->cur_iface < c->m->ifaces.n) {
		char *next = oneline_break(seg);
		if (next)
			*next = '\0';
		struct ev_line sub = *l;
		sub.s = seg;
		sub.len = strlen(seg);
		struct ev_toks t;
		ev_tokenize(seg, &t);
		if (t.n)
			body(c, &sub, &t);
		if (next)
			*next++ = '\\'; /* the line as it was */
		seg = next;
	}
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	char *bs = oneline_break(l->s);
	if (bs) {
		*bs = '\0';
		size_t len = l->len;
		l->len = (size_t)(bs - l->s);
		bool h = header(c, l);
		*bs = '\\';
		l->len = len;
		if (h) {
			oneline_rest(c, l, bs + 1);
			return true;
		}
	}
	if (header(c, l))
		return true;
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	if (!t.n)
		return true;
	if (c->cur_iface == IFW_NOID || c->cur_iface >= c->m->ifaces.n)
		return false;
	return body(c, l, &t);
}

static void begin(struct ev_ctx *c)
{
	c->cur_iface = IFW_NOID;
	c->last_addr = IFW_NOID;
	c->stats_dir = 0;
}

const struct ev_parser ev_p_iplink = {
    .shape = EV_IPLINK,
    .name = "ip addr",
    .detect = detect,
    .take = take,
    .begin = begin,
    .end = begin,
};
