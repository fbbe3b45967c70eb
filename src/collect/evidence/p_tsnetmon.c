/* Tailscale's network monitor logs the host's interfaces as JSON whenever they change, and
 * people paste tailscaled's log into issues:
 *   2025/09/25 21:13:15 monitor: [unexpected] new: {"InterfaceIPs":{"docker0":["172.30.232.1/23",
 *   ...],"wlan0":null},"Interface":{"docker0":{"Index":5,"MTU":1500,"Name":"docker0",
 *   "HardwareAddr":"6j5xce8I","Flags":51,...}},"HaveV6":true,...,"DefaultRouteInterface":"end0"}
 * (https://github.com/lmagyar/homeassistant-addon-tailscale/issues/235). Each member is read on
 * its own with jansson, so a line cut short in the paste still gives the members before the cut:
 * every interface and its addresses (InterfaceIPs), index, MTU, flags (Go's net.Flags: up 1,
 * broadcast 2, loopback 4, point-to-point 8, multicast 16, running 32) and MAC (base64), and the
 * interface of the default route. */
#include "collect/evidence/ev.h"

#include <jansson.h>
#include <string.h>
#include <sys/socket.h>

#define MEMBER_IPS   "\"InterfaceIPs\":"
#define MEMBER_IFACE "\"Interface\":"
#define MEMBER_DFLT  "\"DefaultRouteInterface\":"

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	return strstr(l->s, "{" MEMBER_IPS) ? 3 : 0;
}

/* The value of member key in the object text s, decoded alone (the text after it may be cut):
 * NULL when absent or incomplete. */
static json_t *member(const char *s, const char *key)
{
	const char *p = strstr(s, key);
	if (!p)
		return NULL;
	p += strlen(key);
	return json_loadb(p, strlen(p),
	                  JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, NULL);
}

static bool name_ok(const char *s)
{
	size_t n = strlen(s);
	return n > 0 && n <= 15 && !strpbrk(s, "/ \t%:");
}

/* Standard base64 of at most 16 bytes; returns the length, 0 if malformed. */
static size_t base64(const char *s, uint8_t *out, size_t cap)
{
	static const char abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	uint32_t acc = 0;
	int bits = 0;
	size_t n = 0;
	for (; *s && *s != '='; s++) {
		const char *q = strchr(abc, *s);
		if (!q)
			return 0;
		acc = (acc << 6) | (uint32_t)(q - abc);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n == cap)
				return 0;
			out[n++] = (uint8_t)(acc >> bits);
		}
	}
	return n;
}

static uint32_t linux_flags(json_int_t go)
{
	uint32_t f = 0;
	f |= go & 1 ? IFW_IFF_UP : 0;
	f |= go & 2 ? IFW_IFF_BROADCAST : 0;
	f |= go & 4 ? IFW_IFF_LOOPBACK : 0;
	f |= go & 8 ? IFW_IFF_POINTOPOINT : 0;
	f |= go & 16 ? IFW_IFF_MULTICAST : 0;
	f |= go & 32 ? IFW_IFF_RUNNING : 0;
	return f;
}

static void addresses(struct ev_ctx *c, struct ev_line *l, json_t *ips)
{
	const char *name;
	json_t *list;
	json_object_foreach(ips, name, list)
	{
		if (!name_ok(name))
			continue;
		ifw_id id;
		if (!ev_iface_seen(c, l, name, strlen(name), &id))
			return;
		size_t i;
		json_t *a;
		json_array_foreach(list, i, a)
		{
			const char *t = json_string_value(a);
			if (!t)
				continue;
			struct ev_tok tok = {t, strlen(t)};
			struct ifw_ip ip;
			int plen;
			if (!ev_parse_prefix(&tok, &ip, &plen))
				continue;
			struct ifw_addr *ad = ev_addr_add(c, id, &ip, (uint8_t)plen);
			if (ad)
				ev_origin(c, l, &ad->origin);
		}
	}
}

static void details(struct ev_ctx *c, struct ev_line *l, json_t *ifs)
{
	const char *name;
	json_t *o;
	json_object_foreach(ifs, name, o)
	{
		if (!name_ok(name) || !json_is_object(o))
			continue;
		struct ifw_iface *f = ev_iface_seen(c, l, name, strlen(name), NULL);
		if (!f)
			return;
		json_t *v = json_object_get(o, "Index");
		if (json_is_integer(v) && json_integer_value(v) > 0 &&
		    json_integer_value(v) < INT32_MAX && !f->ifindex)
			f->ifindex = (int32_t)json_integer_value(v);
		v = json_object_get(o, "MTU");
		if (json_is_integer(v) && json_integer_value(v) > 0 &&
		    json_integer_value(v) <= UINT32_MAX)
			f->mtu = (uint32_t)json_integer_value(v);
		v = json_object_get(o, "Flags");
		if (json_is_integer(v) && json_integer_value(v) >= 0 &&
		    json_integer_value(v) <= 0xffff)
			f->flags = linux_flags(json_integer_value(v));
		const char *mac = json_string_value(json_object_get(o, "HardwareAddr"));
		uint8_t b[16];
		size_t n = mac ? base64(mac, b, sizeof(b)) : 0;
		if (n == 6 && !f->mac_len) {
			memcpy(f->mac, b, 6);
			f->mac_len = 6;
		}
	}
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = strstr(l->s, "{" MEMBER_IPS);
	if (!s)
		return ev_skip_ws(l->s)[0] == '\0';
	json_t *ips = member(s, MEMBER_IPS);
	json_t *ifs = member(s, MEMBER_IFACE);
	json_t *dflt = member(s, MEMBER_DFLT);
	if (json_is_object(ips))
		addresses(c, l, ips);
	if (json_is_object(ifs))
		details(c, l, ifs);
	const char *d = json_string_value(dflt);
	if (d && name_ok(d) && ev_room(c, c->m->routes.n)) {
		struct ifw_route *r = ifw_model_add_route(c->m, c->ns);
		if (r) {
			r->family = AF_INET;
			r->dst.family = AF_INET;
			r->table = IFW_TABLE_MAIN;
			r->type = 1; /* unicast */
			ev_origin(c, l, &r->origin);
			ev_ref_add(c, EV_REF_ROUTE_DEV, (ifw_id)(c->m->routes.n - 1),
			           ifw_model_strdup(c->m, d), 0, l);
		}
	}
	/* tailscaled runs everywhere: the loopback's name tells the system (Linux's "lo", the
	 * BSDs' and macOS's "lo0") */
	if (json_object_get(ips, "lo"))
		c->votes_linux++;
	else if (json_object_get(ips, "lo0"))
		c->votes_darwin++;
	json_decref(ips);
	json_decref(ifs);
	json_decref(dflt);
	return true;
}

const struct ev_parser ev_p_tsnetmon = {
    .shape = EV_TSNETMON,
    .name = "tailscaled netmon state",
    .detect = detect,
    .take = take,
};
