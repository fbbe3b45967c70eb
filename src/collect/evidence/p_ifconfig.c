/* `ifconfig -a` and `ifconfig -v -a` of macOS and the BSDs, and net-tools ifconfig on Linux:
 * a header line per interface ("en0: flags=8863<UP,...> mtu 1500"), then indented lines about
 * it. Flags are translated by name into Linux IFF_* bits (the numbers differ between systems). */
#include "collect/evidence/ev.h"

#include <net/if.h>
#include <ctype.h>
#include <string.h>
#include <sys/socket.h>

#define ARPHRD_ETHER_    1
#define ARPHRD_IEEE1394_ 24
#define ARPHRD_LOOPBACK_ 772
#define ARPHRD_NONE_     65534

static const struct {
	const char *name;
	uint32_t bit;
} flag_names[] = {
    {"UP", IFW_IFF_UP},
    {"BROADCAST", IFW_IFF_BROADCAST},
    {"DEBUG", IFW_IFF_DEBUG},
    {"LOOPBACK", IFW_IFF_LOOPBACK},
    {"POINTOPOINT", IFW_IFF_POINTOPOINT},
    {"NOTRAILERS", IFW_IFF_NOTRAILERS},
    {"RUNNING", IFW_IFF_RUNNING},
    {"NOARP", IFW_IFF_NOARP},
    {"PROMISC", IFW_IFF_PROMISC},
    {"ALLMULTI", IFW_IFF_ALLMULTI},
    {"MASTER", IFW_IFF_MASTER},
    {"SLAVE", IFW_IFF_SLAVE},
    {"MULTICAST", IFW_IFF_MULTICAST},
    {"PORTSEL", IFW_IFF_PORTSEL},
    {"AUTOMEDIA", IFW_IFF_AUTOMEDIA},
    {"DYNAMIC", IFW_IFF_DYNAMIC},
    {"LOWER_UP", 0x10000},
    {"DORMANT", 0x20000},
    {"ECHO", 0x40000},
};

uint32_t ev_flags_by_name(const char *s, size_t len)
{
	uint32_t flags = 0;
	size_t i = 0;
	while (i < len) {
		size_t b = i;
		while (i < len && s[i] != ',' && s[i] != ' ')
			i++;
		for (size_t k = 0; k < sizeof(flag_names) / sizeof(flag_names[0]); k++)
			if (strlen(flag_names[k].name) == i - b &&
			    memcmp(flag_names[k].name, s + b, i - b) == 0)
				flags |= flag_names[k].bit;
		i++;
	}
	return flags;
}

/* Where a header's name starts: the line's start, or past the indentation of a paste whose
 * every line was indented (a Q&A site's code block, half stripped). */
static const char *name_start(const struct ev_line *l)
{
	const char *s = l->s;
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* "en0: flags=8863<" : the position of ": flags=" or NULL. An indented header counts only when
 * its flags are the kernel's hex and "<...>" (a body line never reads "NAME: flags=HEX<"). */
static const char *header_at(const struct ev_line *l)
{
	const char *n = name_start(l);
	const char *p = strstr(n, ": flags=");
	if (!p || p == n || p - n > 64)
		return NULL;
	for (const char *q = n; q < p; q++)
		if (*q == ' ' || *q == '\t')
			return NULL;
	if (n != l->s) {
		const char *h = p + 8;
		while (isxdigit((unsigned char)*h))
			h++;
		if (h == p + 8 || *h != '<')
			return NULL;
	}
	return p;
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	return header_at(l) ? 3 : 0;
}

static void vote_name(struct ev_ctx *c, const char *name)
{
	static const char *const darwin[] = {"utun",   "awdl", "llw",  "anpi", "ipsec", "bridge100",
	                                     "vmenet", "ap1",  "gif0", "stf0", "XHC",   "pktap"};
	for (size_t i = 0; i < sizeof(darwin) / sizeof(darwin[0]); i++)
		if (ev_starts(name, darwin[i]))
			c->votes_darwin++;
}

/* When an interface's lines end: the link type follows from what it showed. */
static void close_iface(struct ev_ctx *c)
{
	if (c->cur_iface == IFW_NOID)
		return;
	struct ifw_iface *f = &c->m->ifaces.v[c->cur_iface];
	if (!f->arptype) {
		if (f->flags & IFW_IFF_LOOPBACK)
			f->arptype = ARPHRD_LOOPBACK_;
		else if (f->mac_len == 6)
			f->arptype = ARPHRD_ETHER_;
		else if (f->mac_len == 8)
			f->arptype = ARPHRD_IEEE1394_;
		else
			f->arptype = ARPHRD_NONE_;
	}
	c->cur_iface = IFW_NOID;
}

/* net-tools' ifconfig on Linux prints the flags in decimal ("flags=4163<UP,BROADCAST,RUNNING,
 * MULTICAST>"), the BSDs and macOS in hex with their own bits ("flags=8863<UP,BROADCAST,SMART,
 * ..."). A decimal number that is exactly the Linux bits of the names shown is Linux's output. */
static bool linux_decimal_flags(const char *num, const char *lt, uint32_t named)
{
	uint64_t v = 0;
	const char *p = num;
	for (; p < lt && isdigit((unsigned char)*p) && v <= UINT32_MAX; p++)
		v = v * 10 + (uint64_t)(*p - '0');
	return p == lt && p > num && named && v == named;
}

/* The rest of a header that a web page wrapped after " \" ("metric 0 mtu 1500"). */
static void header_tail(struct ev_ctx *c, struct ifw_iface *f, const char *s)
{
	struct ev_toks t;
	ev_tokenize(s, &t);
	for (size_t i = 0; i + 1 < t.n; i++) {
		uint64_t v;
		if (ev_tok_is(&t.t[i], "mtu") && ev_tok_u64(&t.t[i + 1], &v, false) &&
		    v <= UINT32_MAX)
			f->mtu = (uint32_t)v;
		else if (ev_tok_is(&t.t[i], "metric") && ev_tok_is(&t.t[i + 1], "0"))
			c->votes_freebsd++; /* FreeBSD prints it always, macOS only when not 0 */
		else if (ev_tok_is(&t.t[i], "index") && ev_tok_u64(&t.t[i + 1], &v, false) &&
		         v > 0 && v < INT32_MAX)
			f->ifindex = (int32_t)v;
	}
}

static bool header(struct ev_ctx *c, struct ev_line *l, const char *at)
{
	close_iface(c);
	bool created;
	const char *n = name_start(l);
	ifw_id id = ev_iface_get(c, c->ns, n, (size_t)(at - n), &created);
	if (id == IFW_NOID)
		return c->full; /* a name too long to be one, or no room left */
	struct ifw_iface *f = &c->m->ifaces.v[id];
	c->cur_iface = id;
	if (!f->origin.raw)
		ev_origin(c, l, &f->origin);
	vote_name(c, f->name);
	const char *lt = strchr(at, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	if (lt && gt) {
		uint32_t named = ev_flags_by_name(lt + 1, (size_t)(gt - lt - 1));
		f->flags |= named;
		if (linux_decimal_flags(at + 8, lt, named))
			c->votes_linux += 2;
	}
	c->ifc_wrapped = l->len >= 2 && l->s[l->len - 1] == '\\' && l->s[l->len - 2] == ' ';
	header_tail(c, f, gt ? gt + 1 : at + 8);
	return true;
}

static void addr_flags(struct ifw_addr *a, const struct ev_tok *t)
{
	static const struct {
		const char *word;
		uint32_t flag;
	} words[] = {
	    {"temporary", 0x01},  {"optimistic", 0x04}, {"duplicated", 0x08},
	    {"deprecated", 0x20}, {"tentative", 0x40},  {"secured", 0x800},
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (ev_tok_is(t, words[i].word))
			a->flags |= words[i].flag;
}

/* inet ADDR [--> PEER] netmask 0xffffff00 broadcast B; inet6 ADDR%zone prefixlen 64 ...;
 * net-tools: inet ADDR  netmask 255.255.255.0  destination PEER. */
static bool inet(struct ev_ctx *c, struct ev_line *l, const struct ev_toks *t)
{
	struct ifw_iface *f = &c->m->ifaces.v[c->cur_iface];
	bool v6 = ev_tok_is(&t->t[0], "inet6");
	size_t i = 1;
	if (i < t->n && ev_tok_is(&t->t[i], "addr:")) /* old net-tools "inet6 addr: ..." */
		i++;
	if (i >= t->n)
		return false;
	struct ifw_ip ip, peer = {0};
	const struct ev_tok *at = &t->t[i];
	const char *slash = memchr(at->s, '/', at->len);
	size_t alen = slash ? (size_t)(slash - at->s) : at->len;
	if (!ev_parse_ip(at->s, alen, &ip) || (ip.family == AF_INET6) != v6) {
		if (!ev_masked(at->s, alen))
			return false;
		c->masked++; /* "inet 10.x.x.x", "inet6 2001:..." */
		return true;
	}
	int plen = -1;
	if (slash) {
		struct ev_tok pt = {slash + 1, at->len - alen - 1};
		uint64_t v;
		if (ev_tok_u64(&pt, &v, false) && v <= (v6 ? 128u : 32u))
			plen = (int)v;
	}
	uint32_t scopeid = 0;
	for (i++; i < t->n; i++) {
		const struct ev_tok *k = &t->t[i], *v = i + 1 < t->n ? &t->t[i + 1] : NULL;
		uint64_t n;
		if ((ev_tok_is(k, "-->") || ev_tok_is(k, "destination")) && v) {
			ev_parse_ip(v->s, v->len, &peer);
			i++;
		} else if (ev_tok_is(k, "netmask") && v) {
			plen = ev_netmask_plen(v->s, v->len);
			i++;
		} else if (ev_tok_is(k, "prefixlen") && v && ev_tok_u64(v, &n, false) && n <= 128) {
			plen = (int)n;
			i++;
		} else if (ev_tok_is(k, "scopeid") && v) {
			/* macOS and the BSDs print the interface index; net-tools the scope
			 * ("0x20<link>"), which is not an index. */
			struct ev_tok h = *v;
			if (!memchr(h.s, '<', h.len) && ev_tok_u64(&h, &n, true) && n < INT32_MAX)
				scopeid = (uint32_t)n;
			i++;
		}
	}
	if (plen < 0)
		plen = v6 ? 128 : 32;
	if (scopeid && !f->ifindex)
		f->ifindex = (int32_t)scopeid;
	struct ifw_addr *a = ev_addr_add(c, c->cur_iface, &ip, (uint8_t)plen);
	if (!a)
		return true;        /* a duplicate, or no room */
	if (!ifw_ip_eq(&peer, &ip)) /* utun's "inet A --> A": no other end */
		a->peer = peer;
	for (i = 2; i < t->n; i++)
		addr_flags(a, &t->t[i]);
	ev_origin(c, l, &a->origin);
	return true;
}

/* "member: vmenet0 flags=3<LEARNING,DISCOVER>" and the line after it, "ifmaxaddr 0 port 22"; on
 * OpenBSD "vether0 flags=3<LEARNING,DISCOVER>" and "port 6 ifpriority 0 ifcost 0". */
static void member(struct ev_ctx *c, struct ev_line *l, const struct ev_tok *name)
{
	struct ifw_iface *f = &c->m->ifaces.v[c->cur_iface];
	if (!f->kind)
		f->kind = "bridge";
	f->info.has_bridge = true;
	size_t before = c->refs.n;
	ev_ref_add(c, EV_REF_MEMBER, c->cur_iface, ev_tok_dup(c, name), 0, l);
	c->last_member_ref = c->refs.n > before ? c->refs.n : 0;
}

/* An OpenBSD bridge's port line: in a bridge's block, an interface name and its flags. */
static bool openbsd_member(const struct ifw_iface *f, const struct ev_toks *t)
{
	bool bridge = (f->kind && strcmp(f->kind, "bridge") == 0) ||
	              (f->groups && strstr(f->groups, "bridge")) || ev_starts(f->name, "bridge") ||
	              ev_starts(f->name, "veb");
	return bridge && t->n == 2 && ev_starts(t->t[1].s, "flags=") && t->t[0].len <= 15 &&
	       t->t[0].s[t->t[0].len - 1] != ':';
}

static void member_port(struct ev_ctx *c, const struct ev_toks *t)
{
	for (size_t i = 0; i + 1 < t->n; i++) {
		uint64_t v;
		if (ev_tok_is(&t->t[i], "port") && ev_tok_u64(&t->t[i + 1], &v, false) &&
		    c->last_member_ref && c->last_member_ref <= c->refs.n && v < INT32_MAX)
			c->refs.v[c->last_member_ref - 1].num = (int64_t)v;
	}
}

/* FreeBSD's and OpenBSD's "groups: tun", "groups: bridge": the cloner that made the interface. */
static void groups(struct ev_ctx *c, const struct ev_toks *t)
{
	struct ifw_iface *f = &c->m->ifaces.v[c->cur_iface];
	c->votes_freebsd++;
	c->votes_openbsd++;
	if (t->n >= 2 && !f->groups) {
		const char *v = t->t[1].s;
		const struct ev_tok *last = &t->t[t->n - 1];
		f->groups = ifw_arena_strndup(&c->m->arena, v, (size_t)(last->s + last->len - v));
	}
	for (size_t i = 1; i < t->n && !f->kind; i++) {
		if (ev_tok_is(&t->t[i], "bridge")) {
			f->kind = "bridge";
			f->info.has_bridge = true;
		} else if (ev_tok_is(&t->t[i], "tun")) {
			f->kind = "tun";
			f->info.tun_type = IFW_TUN_TUN;
		} else if (ev_tok_is(&t->t[i], "tap")) {
			f->kind = "tun";
			f->info.tun_type = IFW_TUN_TAP;
		} else if (ev_tok_is(&t->t[i], "wg")) {
			f->kind = "wireguard";
		} else if (ev_tok_is(&t->t[i], "epair")) {
			f->kind = "veth";
		} else if (ev_tok_is(&t->t[i], "vlan")) {
			f->kind = "vlan";
		}
	}
}

static void counters(struct ifw_iface *f, const struct ev_toks *t)
{
	bool rx = ev_tok_is(&t->t[0], "RX");
	for (size_t i = 1; i + 1 < t->n; i++) {
		uint64_t v;
		if (!ev_tok_u64(&t->t[i + 1], &v, false))
			continue;
		f->stats.present = true;
		if (ev_tok_is(&t->t[i], "packets"))
			*(rx ? &f->stats.rx_packets : &f->stats.tx_packets) = v;
		else if (ev_tok_is(&t->t[i], "bytes"))
			*(rx ? &f->stats.rx_bytes : &f->stats.tx_bytes) = v;
		else if (ev_tok_is(&t->t[i], "errors"))
			*(rx ? &f->stats.rx_errors : &f->stats.tx_errors) = v;
		else if (ev_tok_is(&t->t[i], "dropped"))
			*(rx ? &f->stats.rx_dropped : &f->stats.tx_dropped) = v;
	}
}

static void link_addr(struct ifw_iface *f, const struct ev_toks *t, bool perm)
{
	if (t->n < 2)
		return;
	uint8_t mac[32];
	size_t n = ev_parse_mac(t->t[1].s, t->t[1].len, mac, sizeof(mac));
	if (!n)
		return;
	memcpy(perm ? f->perm_mac : f->mac, mac, n);
	*(perm ? &f->perm_mac_len : &f->mac_len) = (uint8_t)n;
	for (size_t i = 2; i + 1 < t->n; i++) {
		uint64_t v;
		if (ev_tok_is(&t->t[i], "txqueuelen") && ev_tok_u64(&t->t[i + 1], &v, false) &&
		    v <= UINT32_MAX)
			f->txqlen = (uint32_t)v;
	}
}

static void status(struct ifw_iface *f, const struct ev_toks *t)
{
	if (t->n < 2)
		return;
	if (ev_tok_is(&t->t[1], "active") || ev_tok_is(&t->t[1], "associated")) {
		f->operstate = 6; /* IF_OPER_UP */
		f->carrier = 1;
	} else if (ev_tok_is(&t->t[1], "inactive") || ev_tok_is(&t->t[1], "no")) {
		f->operstate = 2; /* IF_OPER_DOWN */
		f->carrier = 0;
	}
}

/* "tunnel inet 192.0.2.1 --> 198.51.100.1" (gif, gre): the tunnel's outer addresses. */
static void tunnel(struct ifw_iface *f, const struct ev_toks *t)
{
	if (t->n < 5)
		return;
	struct ifw_ip a, b;
	if (ev_parse_ip(t->t[2].s, t->t[2].len, &a) && ev_parse_ip(t->t[4].s, t->t[4].len, &b)) {
		f->info.has_tnl = true;
		f->info.tnl_local = a;
		f->info.tnl_remote = b;
	} else if ((ev_tok_is(&t->t[1], "inet") || ev_tok_is(&t->t[1], "inet6")) &&
	           ev_tok_is(&t->t[3], "-->") &&
	           (ev_masked(t->t[2].s, t->t[2].len) || ev_masked(t->t[4].s, t->t[4].len))) {
		f->info.has_tnl = true; /* configured, its addresses masked by the poster */
	}
}

/* "vlan: 100 parent interface: en0" (macOS), "vlan: 100 vlanproto: 802.1q ... parent interface:
 * em0". */
static void vlan(struct ev_ctx *c, struct ev_line *l, const struct ev_toks *t)
{
	struct ifw_iface *f = &c->m->ifaces.v[c->cur_iface];
	uint64_t v;
	if (t->n < 2 || !ev_tok_u64(&t->t[1], &v, false) || v > 4095)
		return;
	f->kind = "vlan";
	f->info.vlan_id = (uint16_t)v;
	f->info.vlan_proto = 0x8100;
	for (size_t i = 2; i + 1 < t->n; i++)
		if (ev_tok_is(&t->t[i], "interface:") && t->t[i + 1].len &&
		    t->t[i + 1].s[0] != '<') {
			ifw_id vid = c->cur_iface;
			ev_ref_add(c, EV_REF_LINK, vid, ev_tok_dup(c, &t->t[i + 1]), 0, l);
			/* the parent exists, shown or not (a paste of the VLAN's block alone) */
			if (ev_ifname_ok(t->t[i + 1].s, t->t[i + 1].len))
				ev_iface_seen(c, l, t->t[i + 1].s, t->t[i + 1].len, NULL);
			c->cur_iface = vid;
		}
}

/* A value "key:VALUE" of an agent line, up to the next space ("" when absent). */
static const char *agent_field(struct ev_ctx *c, const char *line, const char *key)
{
	const char *p = strstr(line, key);
	if (!p)
		return NULL;
	p += strlen(key);
	size_t n = strcspn(p, " \t");
	if (n == 0 || n > 64)
		return NULL;
	return ifw_model_strndup(c->m, p, n);
}

/* macOS `ifconfig -v`: "agent domain:NetworkExtension type:VPN flags:0x3 desc:"VPN: Tailscale
 * 3"". NetworkExtension's agent is the one to keep (the system's own statement of a VPN and its
 * configuration's name); Skywalk's ("Userspace Networking") sit on every modern utun and tell
 * nothing of who made it. */
static void agent(struct ev_ctx *c, struct ifw_iface *f, const struct ev_line *l)
{
	const char *domain = agent_field(c, l->s, "domain:");
	if (!domain)
		return;
	bool ne = strcmp(domain, "NetworkExtension") == 0;
	bool generic = strcmp(domain, "Skywalk") == 0;
	bool have_ne = f->agent_domain && strcmp(f->agent_domain, "NetworkExtension") == 0;
	if (have_ne || (f->agent_domain && !ne) || (generic && f->agent_domain))
		return;
	if (generic)
		return; /* never the one kept */
	f->agent_domain = domain;
	f->agent_type = agent_field(c, l->s, "type:");
	f->agent_desc = NULL;
	const char *d = strstr(l->s, "desc:\"");
	if (d) {
		d += 6;
		const char *e = strchr(d, '"');
		if (e && e - d <= 255)
			f->agent_desc = ifw_model_strndup(c->m, d, (size_t)(e - d));
	}
}

static bool has_word(const char *list, const char *w, size_t n)
{
	for (const char *p = list; *p;) {
		size_t k = strcspn(p, " ");
		if (k == n && memcmp(p, w, n) == 0)
			return true;
		p += k;
		while (*p == ' ')
			p++;
	}
	return false;
}

/* macOS -v: "agent domain:com.apple.rapport type:RapportNetworkAgent flags:0x7c3 desc:...": the
 * network agent a daemon registered on the interface; its domain names the daemon. */
static void agent_word(struct ev_ctx *c, struct ifw_iface *f, const struct ev_tok *dom)
{
	c->votes_darwin++;
	size_t n = dom->len - 7;
	const char *d = dom->s + 7;
	if (!n || (f->agents && has_word(f->agents, d, n)))
		return;
	f->agents = f->agents ? ifw_arena_printf(&c->m->arena, "%s %.*s", f->agents, (int)n, d)
	                      : ifw_arena_strndup(&c->m->arena, d, n);
}

static bool body(struct ev_ctx *c, struct ev_line *l)
{
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	if (!t.n)
		return true;
	struct ifw_iface *f = &c->m->ifaces.v[c->cur_iface];
	const struct ev_tok *k = &t.t[0];
	if (ev_tok_is(k, "inet") || ev_tok_is(k, "inet6")) {
		/* A line of this interface either way: a malformed one is counted, and the
		 * interface's other lines still come here. */
		if (!inet(c, l, &t))
			c->m->skipped_lines++;
		return true;
	}
	if (ev_tok_is(k, "ether") || ev_tok_is(k, "lladdr") || ev_tok_is(k, "address:")) {
		link_addr(f, &t, false);
	} else if (ev_tok_is(k, "hwaddr")) {
		link_addr(f, &t, true);
		c->votes_freebsd++;
	} else if (ev_tok_is(k, "loop")) {
		f->arptype = ARPHRD_LOOPBACK_;
		c->votes_linux++;
	} else if (ev_tok_is(k, "unspec")) {
		f->arptype = ARPHRD_NONE_;
		c->votes_linux++;
	} else if (ev_tok_is(k, "status:")) {
		status(f, &t);
	} else if (ev_tok_is(k, "media:") && t.n >= 2 && !f->media) {
		/* what the driver says of the link: "autoselect (1000baseT <full-duplex>)" */
		const char *v = ev_skip_ws(t.t[0].s + t.t[0].len);
		size_t n = strlen(v);
		while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
			n--;
		f->media = ifw_arena_strndup(&c->m->arena, v, n);
	} else if (ev_tok_is(k, "member:") && t.n >= 2) {
		member(c, l, &t.t[1]);
	} else if (openbsd_member(f, &t)) {
		member(c, l, &t.t[0]);
	} else if (ev_tok_is(k, "ifmaxaddr") || (ev_tok_is(k, "port") && c->last_member_ref)) {
		member_port(c, &t);
	} else if ((ev_tok_is(k, "id") && t.n >= 4 && ev_tok_is(&t.t[2], "priority")) ||
	           (ev_tok_is(k, "maxage") && t.n >= 4 && ev_tok_is(&t.t[2], "holdcnt"))) {
		/* FreeBSD's if_bridge: "id 00:00:00:00:00:00 priority 32768 hellotime 2 ...",
		 * "maxage 20 holdcnt 6 proto rstp maxaddr 2000 timeout 1200" */
		if (!f->kind || strcmp(f->kind, "ether") == 0)
			f->kind = "bridge";
		f->info.has_bridge = true;
	} else if (ev_tok_is(k, "Configuration:")) {
		if (!f->kind)
			f->kind = "bridge";
		f->info.has_bridge = true;
	} else if (ev_tok_is(k, "description:") && t.n >= 2 && !f->alias) {
		/* FreeBSD: the description its creator or admin set (`ifconfig NAME description`)
		 */
		const char *d = t.t[1].s;
		size_t n = strlen(d);
		if (n <= 255)
			f->alias = ifw_model_strndup(c->m, d, n);
	} else if (ev_tok_is(k, "groups:")) {
		groups(c, &t);
	} else if (ev_tok_is(k, "open") && t.n == 3 && ev_tok_is(&t.t[1], "(pid") &&
	           t.t[2].len >= 2 && t.t[2].s[t.t[2].len - 1] == ')') {
		/* tuntaposx (macOS's tun/tap kext, Tunnelblick's): "open (pid 6110)" */
		struct ev_tok num = {t.t[2].s, t.t[2].len - 1};
		uint64_t pid;
		if (ev_tok_u64(&num, &pid, false) && pid > 0 && pid < INT32_MAX) {
			ev_ref_add(c, EV_REF_TUNPID, c->cur_iface, "", (int64_t)pid, l);
			if (!f->kind)
				f->kind = "tun";
		}
		c->votes_darwin++;
	} else if (ev_tok_is(k, "Opened") && t.n >= 4 && ev_tok_is(&t.t[2], "PID")) {
		uint64_t pid;
		if (ev_tok_u64(&t.t[3], &pid, false) && pid > 0 && pid < INT32_MAX)
			ev_ref_add(c, EV_REF_TUNPID, c->cur_iface, "", (int64_t)pid, l);
	} else if (ev_tok_is(k, "tunnel")) {
		tunnel(f, &t);
	} else if (ev_tok_is(k, "vlan:")) {
		vlan(c, l, &t);
	} else if (ev_tok_is(k, "peer:") && t.n >= 2) { /* macOS feth pairs */
		ev_ref_add(c, EV_REF_LINK, c->cur_iface, ev_tok_dup(c, &t.t[1]), 0, l);
	} else if (ev_tok_is(k, "RX") || ev_tok_is(k, "TX")) {
		counters(f, &t);
		c->votes_linux++;
	} else if (ev_tok_is(k, "description:") && t.n >= 2 && !f->alias) {
		/* FreeBSD: what the creator wrote with `ifconfig IF descr TEXT` */
		const char *v = t.t[1].s;
		const struct ev_tok *last = &t.t[t.n - 1];
		f->alias = ifw_arena_strndup(&c->m->arena, v, (size_t)(last->s + last->len - v));
	} else if (ev_tok_is(k, "agent") && t.n >= 2 && ev_starts(t.t[1].s, "domain:")) {
		agent_word(c, f, &t.t[1]);
		agent(c, f, l);
	} else if (ev_tok_is(k, "effective") && t.n == 3 && ev_tok_is(&t.t[1], "interface:")) {
		if (!f->effective_ifname && t.t[2].len <= 15)
			f->effective_ifname = ev_tok_dup(c, &t.t[2]);
		c->votes_darwin++;
	} else if (ev_tok_is(k, "eflags") || ev_starts(k->s, "eflags=") ||
	           ev_starts(k->s, "xflags=") || ev_tok_is(k, "type:")) {
		c->votes_darwin++; /* macOS -v details the model has no field for */
	} else if (ev_tok_is(k, "llprio") || ev_tok_is(k, "designated:") ||
	           (ev_tok_is(k, "Addresses") && t.n >= 2 && ev_starts(t.t[1].s, "(max"))) {
		c->votes_openbsd++; /* OpenBSD's link priority and bridge details */
	} else if (ev_tok_is(k, "index") && t.n >= 2) { /* OpenBSD "index 1 priority 0" */
		uint64_t v;
		if (ev_tok_u64(&t.t[1], &v, false) && v > 0 && v < INT32_MAX && !f->ifindex)
			f->ifindex = (int32_t)v;
		c->votes_openbsd++;
	}
	/* Other indented lines (options=, media:, nd6, scheduler, link rate, ...) belong to the
	 * interface and hold nothing the model keeps. */
	return true;
}

/* A body line that lost its indentation (copied from a web page): known by its first word. */
static bool body_word(const char *s)
{
	static const char *const words[] = {"inet ",      "inet6 ",         "ether ",
	                                    "loop ",      "unspec ",        "RX ",
	                                    "TX ",        "options=",       "nd6 ",
	                                    "media:",     "status:",        "lladdr ",
	                                    "groups:",    "member:",        "hwaddr ",
	                                    "id ",        "maxage ",        "root id ",
	                                    "ifmaxaddr ", "Configuration:", "ipfilter ",
	                                    "metric ",    "description:",   "Opened by PID "};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (ev_starts(s, words[i]))
			return true;
	return false;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *at = header_at(l);
	if (at)
		return header(c, l, at);
	if (c->ifc_wrapped && c->cur_iface != IFW_NOID) {
		c->ifc_wrapped = false;
		header_tail(c, &c->m->ifaces.v[c->cur_iface], l->s);
		return true;
	}
	if (c->cur_iface != IFW_NOID && body_word(l->s))
		return body(c, l);
	if (l->s[0] != ' ' && l->s[0] != '\t') {
		if (!*ev_skip_ws(l->s))
			return true;
		close_iface(c);
		return false;
	}
	if (c->cur_iface == IFW_NOID)
		return !*ev_skip_ws(l->s);
	return body(c, l);
}

static void begin(struct ev_ctx *c)
{
	c->cur_iface = IFW_NOID;
	c->last_member_ref = 0;
	c->ifc_wrapped = false;
}

const struct ev_parser ev_p_ifconfig = {
    .shape = EV_IFCONFIG,
    .name = "ifconfig",
    .detect = detect,
    .take = take,
    .begin = begin,
    .end = close_iface,
};
