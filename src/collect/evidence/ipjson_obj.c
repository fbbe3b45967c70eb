/* The objects of `ip -j` output: an interface (from `ip -d -j link` or `ip -j addr`, merged by
 * name) with its kind's details and its addresses, or a route (`ip -j route`). */
#include "collect/evidence/ev.h"

#include <jansson.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool jint(json_t *o, const char *key, int64_t *out)
{
	json_t *v = json_object_get(o, key);
	if (json_is_integer(v)) {
		*out = json_integer_value(v);
		return true;
	}
	if (json_is_string(v)) { /* iproute2 prints some numbers as hex strings ("0x2") */
		struct ev_tok t = {json_string_value(v), strlen(json_string_value(v))};
		uint64_t u;
		if (ev_tok_u64(&t, &u, true) && u <= INT64_MAX) {
			*out = (int64_t)u;
			return true;
		}
	}
	return false;
}

static bool jbool(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_true(v) || (json_is_integer(v) && json_integer_value(v) != 0);
}

static const char *dup(struct ev_ctx *c, const char *s)
{
	return s ? ifw_model_strndup(c->m, s, strlen(s) > 255 ? 255 : strlen(s)) : NULL;
}

/* A 32-bit unsigned field: a value outside 0..UINT32_MAX is refused (the field stays unset),
 * never cut to fit (a tun "user": -1 became uid 0, root). */
static bool ju32(json_t *o, const char *key, uint32_t *out)
{
	int64_t v;
	if (!jint(o, key, &v) || v < 0 || v > (int64_t)UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

static uint16_t arphrd(const char *t)
{
	static const struct {
		const char *name;
		uint16_t num;
	} types[] = {
	    {"ether", 1},     {"loopback", 772},   {"none", 65534},    {"ipip", 768},
	    {"ip6tnl", 769},  {"tunnel6", 769},    {"sit", 776},       {"gre", 778},
	    {"ip6gre", 823},  {"ieee802.11", 801}, {"infiniband", 32}, {"ppp", 512},
	    {"void", 0xffff}, {"can", 280},        {"rawip", 519},
	};
	for (size_t i = 0; t && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(types[i].name, t) == 0)
			return types[i].num;
	return 0;
}

static uint8_t operstate(const char *s)
{
	static const char *const names[] = {"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN",
	                                    "TESTING", "DORMANT",    "UP"};
	for (size_t i = 0; s && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i], s) == 0)
			return (uint8_t)i;
	return 0;
}

static void ip_of(json_t *o, const char *key, struct ifw_ip *ip)
{
	const char *s = jstr(o, key);
	if (s)
		ev_parse_ip(s, strlen(s), ip);
}

static void info_data(struct ifw_iface *f, json_t *d)
{
	struct ifw_link_info *in = &f->info;
	int64_t v;
	const char *k = f->kind;
	if (strcmp(k, "tun") == 0) {
		const char *type = jstr(d, "type");
		in->tun_type = type && strcmp(type, "tap") == 0 ? IFW_TUN_TAP : IFW_TUN_TUN;
		in->tun_pi = jbool(d, "pi");
		in->tun_vnet_hdr = jbool(d, "vnet_hdr");
		in->tun_multi_queue = jbool(d, "multi_queue");
		in->tun_persist = jbool(d, "persist");
		if (ju32(d, "user", &in->tun_owner) || ju32(d, "owner", &in->tun_owner))
			in->has_tun_owner = true;
		if (ju32(d, "group", &in->tun_group))
			in->has_tun_group = true;
	} else if (strcmp(k, "vxlan") == 0 || strcmp(k, "geneve") == 0) {
		in->has_vni = ju32(d, "id", &in->vni);
		ip_of(d, "remote", &in->vx_remote);
		if (!in->vx_remote.family)
			ip_of(d, "group", &in->vx_remote);
		ip_of(d, "local", &in->vx_local);
		if (jint(d, "port", &v) && v >= 0 && v <= 65535)
			in->vx_port = (uint16_t)v;
		in->vx_learning = jbool(d, "learning");
	} else if (strcmp(k, "vlan") == 0) {
		if (jint(d, "id", &v) && v >= 0 && v <= 4095)
			in->vlan_id = (uint16_t)v;
		const char *p = jstr(d, "protocol");
		in->vlan_proto = p && strcmp(p, "802.1ad") == 0 ? 0x88a8 : 0x8100;
	} else if (strcmp(k, "bridge") == 0) {
		in->has_bridge = true;
		ju32(d, "stp_state", &in->br_stp_state);
		ju32(d, "forward_delay", &in->br_forward_delay);
		if (jint(d, "vlan_filtering", &v))
			in->br_vlan_filtering = v != 0;
	} else if (strstr(k, "gre") || strstr(k, "ipip") || strcmp(k, "sit") == 0 ||
	           strstr(k, "tnl") || strstr(k, "vti") || strstr(k, "erspan")) {
		in->has_tnl = true;
		ip_of(d, "local", &in->tnl_local);
		ip_of(d, "remote", &in->tnl_remote);
		if (jint(d, "ttl", &v) && v >= 0 && v <= 255)
			in->tnl_ttl = (uint8_t)v;
		ju32(d, "ikey", &in->tnl_ikey);
		ju32(d, "okey", &in->tnl_okey);
	} else if (strcmp(k, "xfrm") == 0) {
		in->has_xfrm_if_id = ju32(d, "if_id", &in->xfrm_if_id);
	} else if (strncmp(k, "macv", 4) == 0) {
		static const char *const modes[] = {"private", "vepa", "bridge", "passthru",
		                                    "source"};
		const char *m = jstr(d, "mode");
		for (size_t i = 0; m && i < 5; i++)
			if (strcmp(m, modes[i]) == 0)
				in->macvlan_mode = 1u << i;
	} else if (strcmp(k, "bond") == 0) {
		static const char *const modes[] = {"balance-rr", "active-backup", "balance-xor",
		                                    "broadcast",  "802.3ad",       "balance-tlb",
		                                    "balance-alb"};
		const char *m = jstr(d, "mode");
		for (size_t i = 0; m && i < 7; i++)
			if (strcmp(m, modes[i]) == 0) {
				in->bond_mode = (uint8_t)i;
				in->has_bond_mode = true;
			}
	}
}

static void mac_of(json_t *o, const char *key, uint8_t *mac, uint8_t *len)
{
	const char *s = jstr(o, key);
	size_t n = s ? ev_parse_mac(s, strlen(s), mac, 32) : 0;
	if (n)
		*len = (uint8_t)n;
}

static void stats(struct ifw_iface *f, json_t *st)
{
	json_t *rx = json_object_get(st, "rx"), *tx = json_object_get(st, "tx");
	int64_t v;
	if (!json_is_object(rx) || !json_is_object(tx))
		return;
	f->stats.present = true;
	if (jint(rx, "bytes", &v))
		f->stats.rx_bytes = (uint64_t)v;
	if (jint(rx, "packets", &v))
		f->stats.rx_packets = (uint64_t)v;
	if (jint(rx, "errors", &v))
		f->stats.rx_errors = (uint64_t)v;
	if (jint(rx, "dropped", &v))
		f->stats.rx_dropped = (uint64_t)v;
	if (jint(tx, "bytes", &v))
		f->stats.tx_bytes = (uint64_t)v;
	if (jint(tx, "packets", &v))
		f->stats.tx_packets = (uint64_t)v;
	if (jint(tx, "errors", &v))
		f->stats.tx_errors = (uint64_t)v;
	if (jint(tx, "dropped", &v))
		f->stats.tx_dropped = (uint64_t)v;
}

static void addr_info(struct ev_ctx *c, ifw_id id, json_t *list, const char *src)
{
	static const struct {
		const char *key;
		uint32_t flag;
	} flags[] = {
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
	size_t i;
	json_t *a;
	json_array_foreach(list, i, a)
	{
		struct ifw_ip ip = {0}, peer = {0};
		ip_of(a, "local", &ip);
		ip_of(a, "address", &peer);
		if (!ip.family) {
			ip = peer;
			memset(&peer, 0, sizeof(peer));
		}
		int64_t v;
		if (!ip.family || !jint(a, "prefixlen", &v) || v < 0 || v > 128)
			continue;
		struct ifw_addr *ad = ev_addr_add(c, id, &ip, (uint8_t)v);
		if (!ad)
			continue;
		if (!ifw_ip_eq(&peer, &ip))
			ad->peer = peer;
		const char *sc = jstr(a, "scope");
		ad->scope = !sc                         ? ad->scope
		            : strcmp(sc, "host") == 0   ? 254
		            : strcmp(sc, "link") == 0   ? 253
		            : strcmp(sc, "site") == 0   ? 200
		            : strcmp(sc, "global") == 0 ? 0
		                                        : ad->scope;
		for (size_t k = 0; k < sizeof(flags) / sizeof(flags[0]); k++)
			if (jbool(a, flags[k].key))
				ad->flags |= flags[k].flag;
		if (!jbool(a, "dynamic"))
			ad->flags |=
			    0x80; /* IFW_IFA_F_PERMANENT: iproute2 says "dynamic" when unset */
		ad->label = dup(c, jstr(a, "label"));
		ju32(a, "valid_life_time", &ad->valid_lft);
		ju32(a, "preferred_life_time", &ad->preferred_lft);
		ad->origin.src = src;
	}
}

static void altnames(struct ev_ctx *c, struct ifw_iface *f, json_t *list)
{
	size_t n = json_array_size(list);
	if (!n || f->n_altnames || n > 64)
		return;
	f->altnames = ifw_arena_alloc(&c->m->arena, n * sizeof(*f->altnames));
	if (!f->altnames)
		return;
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) if (json_is_string(v)) f->altnames[f->n_altnames++] =
	    dup(c, json_string_value(v));
}

void ev_ipjson_link(struct ev_ctx *c, json_t *o, const char *src)
{
	const char *name = jstr(o, "ifname");
	if (!name)
		return;
	bool created;
	ifw_id id = ev_iface_get(c, c->ns, name, strlen(name), &created);
	if (id == IFW_NOID)
		return;
	struct ifw_iface *f = &c->m->ifaces.v[id];
	int64_t v;
	if (!f->origin.src)
		f->origin.src = src;
	if (jint(o, "ifindex", &v) && v > 0 && v < INT32_MAX)
		f->ifindex = (int32_t)v;
	json_t *fl = json_object_get(o, "flags");
	if (json_is_array(fl)) {
		size_t i;
		json_t *e;
		uint32_t flags = 0;
		json_array_foreach(fl, i, e) if (json_is_string(e)) flags |=
		    ev_flags_by_name(json_string_value(e), strlen(json_string_value(e)));
		f->flags = flags;
	}
	ju32(o, "mtu", &f->mtu);
	ju32(o, "min_mtu", &f->min_mtu);
	ju32(o, "max_mtu", &f->max_mtu);
	ju32(o, "txqlen", &f->txqlen);
	if (jstr(o, "qdisc") && !f->qdisc)
		f->qdisc = dup(c, jstr(o, "qdisc"));
	if (jstr(o, "operstate")) {
		f->operstate = operstate(jstr(o, "operstate"));
		/* iproute2 leaves out RUNNING; the kernel sets it on an up device whose
		 * operational state is up or unknown (dev_get_flags, netif_oper_up). */
		if ((f->flags & IFW_IFF_UP) && (f->operstate == 6 || f->operstate == 0))
			f->flags |= IFW_IFF_RUNNING;
	}
	const char *lt = jstr(o, "link_type");
	if (lt)
		f->arptype = arphrd(lt);
	if (!lt || strcmp(lt, "none") != 0)
		mac_of(o, "address", f->mac, &f->mac_len);
	mac_of(o, "permaddr", f->perm_mac, &f->perm_mac_len);
	if (jint(o, "link_index", &v) && v > 0 && v < INT32_MAX)
		f->link_ifindex = (int32_t)v;
	if (jint(o, "link_netnsid", &v) && v >= 0 && v < INT32_MAX) {
		f->link_nsid = (int32_t)v;
		f->link_ns = ev_peer_ns(c, v);
	}
	const char *link = jstr(o, "link");
	if (link && strcmp(link, "NONE") != 0 && !f->link_ifindex)
		ev_ref_add(c, EV_REF_LINK, id, dup(c, link), 0, NULL);
	if (jstr(o, "master"))
		ev_ref_add(c, EV_REF_MASTER, id, dup(c, jstr(o, "master")), 0, NULL);
	if (jstr(o, "ifalias") && !f->alias)
		f->alias = dup(c, jstr(o, "ifalias"));
	if (jstr(o, "parentbus") && !f->bus)
		f->bus = dup(c, jstr(o, "parentbus"));
	if (jstr(o, "parentdev") && !f->bus_info)
		f->bus_info = dup(c, jstr(o, "parentdev"));
	altnames(c, f, json_object_get(o, "altnames"));
	json_t *li = json_object_get(o, "linkinfo");
	if (json_is_object(li)) {
		if (jstr(li, "info_kind") && !f->kind)
			f->kind = dup(c, jstr(li, "info_kind"));
		if (jstr(li, "info_slave_kind") && !f->slave_kind)
			f->slave_kind = dup(c, jstr(li, "info_slave_kind"));
		json_t *d = json_object_get(li, "info_data");
		if (f->kind && json_is_object(d))
			info_data(f, d);
	}
	json_t *st = json_object_get(o, "stats64");
	if (json_is_object(st))
		stats(f, st);
	json_t *ai = json_object_get(o, "addr_info");
	if (json_is_array(ai))
		addr_info(c, id, ai, src);
}

void ev_ipjson_route(struct ev_ctx *c, json_t *o, const char *src)
{
	const char *dst = jstr(o, "dst");
	if (!dst || !ev_room(c, c->m->routes.n))
		return;
	struct ifw_ip ip = {0};
	uint8_t plen = 0;
	if (strcmp(dst, "default") != 0) {
		const char *slash = strchr(dst, '/');
		size_t alen = slash ? (size_t)(slash - dst) : strlen(dst);
		if (!ev_parse_ip(dst, alen, &ip))
			return;
		int max = ip.family == AF_INET ? 32 : 128;
		char *e = NULL;
		long v = slash ? strtol(slash + 1, &e, 10) : max;
		if (v < 0 || v > max || (slash && (e == slash + 1 || *e)))
			return; /* "/999" is no prefix length (it once became 231) */
		plen = (uint8_t)v;
	}
	struct ifw_route *r = ifw_model_add_route(c->m, c->ns);
	if (!r)
		return;
	r->dst = ip;
	r->dst_len = plen;
	ip_of(o, "gateway", &r->gateway);
	ip_of(o, "prefsrc", &r->prefsrc);
	r->family = ip.family ? ip.family : r->gateway.family ? r->gateway.family : AF_INET;
	r->dst.family = r->family;
	r->type = 1;
	r->table = IFW_TABLE_MAIN;
	ju32(o, "metric", &r->metric);
	const char *t = jstr(o, "table");
	if (t) {
		struct ev_tok tk = {t, strlen(t)};
		ev_table_num(&tk, &r->table);
	}
	r->origin.src = src;
	if (jstr(o, "dev"))
		ev_ref_add(c, EV_REF_ROUTE_DEV, (ifw_id)(c->m->routes.n - 1),
		           dup(c, jstr(o, "dev")), 0, NULL);
}
