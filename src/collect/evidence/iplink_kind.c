/* The kind line `ip -d link` prints under "link/...": the kind's name and its details, e.g.
 *   vxlan id 42 remote 198.51.100.2 local 192.0.2.10 dev eth0 srcport 0 0 dstport 4789 ...
 *   tun type tap pi off vnet_hdr off persist on user 1000 ...
 *   vlan protocol 802.1Q id 100 <REORDER_HDR> ...
 *   macvlan mode bridge ...   bridge forward_delay 1500 ... stp_state 0 ... vlan_filtering 0
 * The same facts `ip -d -j link` gives in "linkinfo" (ipjson_obj.c). */
#include "collect/evidence/ev.h"

#include <string.h>

static const char *const kinds[] = {
    "veth",   "bridge",  "vxlan",  "tun",    "wireguard", "macvlan", "macvtap", "ipvlan",
    "ipvtap", "vlan",    "bond",   "dummy",  "gre",       "gretap",  "ip6gre",  "ip6gretap",
    "ipip",   "sit",     "ip6tnl", "vti",    "vti6",      "xfrm",    "geneve",  "vrf",
    "team",   "ifb",     "nlmon",  "erspan", "ip6erspan", "ipoib",   "vcan",    "vxcan",
    "macsec", "bareudp", "gtp",    "hsr",    "amt",       "netkit",  "batadv",  "openvswitch",
};

static bool on(const struct ev_toks *t, size_t i)
{
	return i < t->n && ev_tok_is(&t->t[i], "on");
}

/* A 32-bit number: false (and *out untouched) when it is none or out of range, so a value too
 * big is refused, never cut to 0 (a tun "user 99999999999" once made root its owner). */
static bool u32(const struct ev_tok *t, uint32_t *out)
{
	uint64_t v;
	if (!ev_tok_u64(t, &v, true) || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

static void tun(struct ifw_link_info *in, const struct ev_toks *t)
{
	in->tun_type = IFW_TUN_TUN;
	for (size_t i = 1; i < t->n; i++) {
		const struct ev_tok *k = &t->t[i];
		if (ev_tok_is(k, "type") && i + 1 < t->n && ev_tok_is(&t->t[i + 1], "tap"))
			in->tun_type = IFW_TUN_TAP;
		else if (ev_tok_is(k, "pi"))
			in->tun_pi = on(t, i + 1);
		else if (ev_tok_is(k, "vnet_hdr"))
			in->tun_vnet_hdr = on(t, i + 1);
		else if (ev_tok_is(k, "persist"))
			in->tun_persist = on(t, i + 1);
		else if (ev_tok_is(k, "multi_queue"))
			in->tun_multi_queue = true;
		else if (ev_tok_is(k, "user") && i + 1 < t->n) {
			in->has_tun_owner =
			    ev_tok_digits(&t->t[i + 1]) && u32(&t->t[i + 1], &in->tun_owner);
		} else if (ev_tok_is(k, "group") && i + 1 < t->n) {
			in->has_tun_group =
			    ev_tok_digits(&t->t[i + 1]) && u32(&t->t[i + 1], &in->tun_group);
		}
	}
}

static void addr(const struct ev_tok *t, struct ifw_ip *ip)
{
	ev_parse_ip(t->s, t->len, ip);
}

static void vxlan(struct ev_ctx *c, ifw_id id, const struct ev_toks *t, const struct ev_line *l)
{
	struct ifw_link_info *in = &c->m->ifaces.v[id].info;
	uint32_t x;
	for (size_t i = 1; i + 1 < t->n; i++) {
		const struct ev_tok *k = &t->t[i], *v = &t->t[i + 1];
		if (ev_tok_is(k, "id") || ev_tok_is(k, "vni")) {
			in->has_vni = ev_tok_digits(v) && u32(v, &in->vni);
		} else if (ev_tok_is(k, "remote") || ev_tok_is(k, "group")) {
			addr(v, &in->vx_remote);
		} else if (ev_tok_is(k, "local")) {
			addr(v, &in->vx_local);
		} else if (ev_tok_is(k, "dstport") && u32(v, &x) && x <= 65535) {
			in->vx_port = (uint16_t)x;
		} else if (ev_tok_is(k, "dev")) {
			ev_ref_add(c, EV_REF_VXLINK, id, ev_tok_dup(c, v), 0, l); /* underlay */
		}
	}
	for (size_t i = 1; i < t->n; i++)
		if (ev_tok_is(&t->t[i], "nolearning"))
			in->vx_learning = false;
		else if (ev_tok_is(&t->t[i], "learning"))
			in->vx_learning = true;
}

static void tunnel(struct ifw_link_info *in, const struct ev_toks *t)
{
	uint32_t x;
	in->has_tnl = true;
	for (size_t i = 1; i + 1 < t->n; i++) {
		const struct ev_tok *k = &t->t[i], *v = &t->t[i + 1];
		if (ev_tok_is(k, "remote"))
			addr(v, &in->tnl_remote);
		else if (ev_tok_is(k, "local"))
			addr(v, &in->tnl_local);
		else if (ev_tok_is(k, "ttl") && u32(v, &x) && x <= 255)
			in->tnl_ttl = (uint8_t)x;
		else if (ev_tok_is(k, "ikey"))
			u32(v, &in->tnl_ikey);
		else if (ev_tok_is(k, "okey"))
			u32(v, &in->tnl_okey);
	}
}

static void details(struct ev_ctx *c, ifw_id id, const struct ev_toks *t, const struct ev_line *l)
{
	struct ifw_iface *f = &c->m->ifaces.v[id];
	struct ifw_link_info *in = &f->info;
	const char *k = f->kind;
	uint32_t x;
	if (strcmp(k, "tun") == 0) {
		tun(in, t);
	} else if (strcmp(k, "vxlan") == 0 || strcmp(k, "geneve") == 0) {
		vxlan(c, id, t, l);
	} else if (strcmp(k, "bridge") == 0) {
		in->has_bridge = true;
		for (size_t i = 1; i + 1 < t->n; i++)
			if (ev_tok_is(&t->t[i], "stp_state"))
				u32(&t->t[i + 1], &in->br_stp_state);
			else if (ev_tok_is(&t->t[i], "forward_delay"))
				u32(&t->t[i + 1], &in->br_forward_delay);
			else if (ev_tok_is(&t->t[i], "vlan_filtering"))
				in->br_vlan_filtering = u32(&t->t[i + 1], &x) && x != 0;
	} else if (strcmp(k, "vlan") == 0) {
		in->vlan_proto = 0x8100;
		for (size_t i = 1; i + 1 < t->n; i++)
			if (ev_tok_is(&t->t[i], "id") && u32(&t->t[i + 1], &x) && x <= 4095)
				in->vlan_id = (uint16_t)x;
			else if (ev_tok_is(&t->t[i], "protocol") &&
			         ev_tok_is(&t->t[i + 1], "802.1ad"))
				in->vlan_proto = 0x88a8;
	} else if (strncmp(k, "macv", 4) == 0) {
		static const char *const modes[] = {"private", "vepa", "bridge", "passthru",
		                                    "source"};
		for (size_t i = 1; i + 1 < t->n; i++)
			for (size_t m = 0; m < 5 && ev_tok_is(&t->t[i], "mode"); m++)
				if (ev_tok_is(&t->t[i + 1], modes[m]))
					in->macvlan_mode = 1u << m;
	} else if (strcmp(k, "xfrm") == 0) {
		for (size_t i = 1; i + 1 < t->n; i++)
			if (ev_tok_is(&t->t[i], "if_id"))
				in->has_xfrm_if_id = u32(&t->t[i + 1], &in->xfrm_if_id);
	} else if (strstr(k, "gre") || strstr(k, "ipip") || strcmp(k, "sit") == 0 ||
	           strstr(k, "tnl") || strstr(k, "vti") || strstr(k, "erspan")) {
		tunnel(in, t);
	}
}

bool ev_iplink_kind(struct ev_ctx *c, ifw_id iface, const struct ev_toks *t,
                    const struct ev_line *l)
{
	if (!t->n || iface == IFW_NOID)
		return false;
	const char *kind = NULL;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]) && !kind; i++)
		if (ev_tok_is(&t->t[0], kinds[i]))
			kind = kinds[i];
	/* "bridge" alone could start a prose line; the kind line has details or nothing */
	if (!kind || (t->n > 1 && !ev_tok_is(&t->t[1], "addrgenmode") && t->n < 3 &&
	              strcmp(kind, "veth") != 0))
		return false;
	struct ifw_iface *f = &c->m->ifaces.v[iface];
	f->kind = kind; /* the kernel's own word: over a guess from wg show or nmcli */
	details(c, iface, t, l);
	return true;
}
