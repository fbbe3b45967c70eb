/* Tailscale's network monitor logs the host's interfaces as JSON whenever they change, and
 * people paste tailscaled's log into issues:
 *   2025/09/25 21:13:15 monitor: [unexpected] new: {"InterfaceIPs":{"docker0":["172.30.232.1/23",
 *   ...],"wlan0":null},"Interface":{"docker0":{"Index":5,"MTU":1500,"Name":"docker0",
 *   "HardwareAddr":"6j5xce8I","Flags":51,...}},"HaveV6":true,...,"DefaultRouteInterface":"end0"}
 * (https://github.com/lmagyar/homeassistant-addon-tailscale/issues/235). Each member is read on
 * its own with jansson, so a line cut short in the paste still gives the members before the cut:
 * every interface and its addresses (InterfaceIPs), index, MTU, flags (Go's net.Flags: up 1,
 * broadcast 2, loopback 4, point-to-point 8, multicast 16, running 32) and MAC (base64), and the
 * interface of the default route. The same state in Go's own form, as the iOS and macOS network
 * extension logs it:
 *   IPNExtension monitor interfaces old: interfaces.State{defaultRoute=pdp_ip0 ifs={en0:[
 *   192.168.1.124/24 fd3f::1/64] utun23:[100.113.218.14/32]} v4=true v6=true}
 * (https://github.com/tailscale/tailscale/issues/6152) gives each interface and its addresses,
 * and the default route's interface. */
#include "collect/evidence/ev.h"

#include <jansson.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#define MEMBER_IPS   "\"InterfaceIPs\":"
#define MEMBER_IFACE "\"Interface\":"
#define MEMBER_DFLT  "\"DefaultRouteInterface\":"

#define GO_STATE "interfaces.State{"

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	return strstr(l->s, "{" MEMBER_IPS) || strstr(l->s, GO_STATE) ? 3 : 0;
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
		/* a listing's interface with no MAC has none (a tun, link/none) */
		bool listed = f->ifindex || f->mtu || f->flags;
		json_t *v = json_object_get(o, "Index");
		if (json_is_integer(v) && json_integer_value(v) > 0 &&
		    json_integer_value(v) < INT32_MAX && !f->ifindex)
			f->ifindex = (int32_t)json_integer_value(v);
		/* what a listing shows is kept: the state is in any log line (any user's `logger
		 * '... {"InterfaceIPs":{},"Interface":{"tun0":{"Flags":5}}}'` made root's tun0 and
		 * docker0 loopbacks, certain) */
		v = json_object_get(o, "MTU");
		if (json_is_integer(v) && json_integer_value(v) > 0 &&
		    json_integer_value(v) <= UINT32_MAX && !f->mtu)
			f->mtu = (uint32_t)json_integer_value(v);
		v = json_object_get(o, "Flags");
		if (json_is_integer(v) && json_integer_value(v) >= 0 &&
		    json_integer_value(v) <= 0xffff && !f->flags)
			f->flags = linux_flags(json_integer_value(v));
		const char *mac = json_string_value(json_object_get(o, "HardwareAddr"));
		uint8_t b[16];
		size_t n = mac ? base64(mac, b, sizeof(b)) : 0;
		if (n == 6 && !f->mac_len && !listed) {
			memcpy(f->mac, b, 6);
			f->mac_len = 6;
		}
	}
}

static void default_route(struct ev_ctx *c, struct ev_line *l, const char *name, size_t n)
{
	if (!ev_room(c, c->m->routes.n))
		return;
	struct ifw_route *r = ifw_model_add_route(c->m, c->ns);
	if (!r)
		return;
	r->family = AF_INET;
	r->dst.family = AF_INET;
	r->table = IFW_TABLE_MAIN;
	r->type = 1; /* unicast */
	ev_origin(c, l, &r->origin);
	ev_ref_add(c, EV_REF_ROUTE_DEV, (ifw_id)(c->m->routes.n - 1),
	           ifw_model_strndup(c->m, name, n), 0, l);
}

/* "defaultRoute=NAME ifs={NAME:[A/L A/L] NAME:[]} v4=true ...": Go's %v of the state. */
static void go_state(struct ev_ctx *c, struct ev_line *l, const char *s)
{
	const char *d = strstr(s, "defaultRoute=");
	const char *ifs = strstr(s, "ifs={");
	if (d && (!ifs || d < ifs)) {
		d += strlen("defaultRoute=");
		size_t n = strcspn(d, " }");
		char name[16];
		if (n > 0 && n < sizeof(name)) {
			memcpy(name, d, n);
			name[n] = '\0';
			if (name_ok(name))
				default_route(c, l, d, n);
		}
	}
	if (!ifs)
		return;
	const char *p = ifs + strlen("ifs={");
	while (*p && *p != '}') {
		while (*p == ' ')
			p++;
		const char *colon = strstr(p, ":[");
		const char *close = colon ? strchr(colon, ']') : NULL;
		if (!colon || !close)
			return;
		char name[16];
		size_t n = (size_t)(colon - p);
		if (n == 0 || n >= sizeof(name))
			return;
		memcpy(name, p, n);
		name[n] = '\0';
		ifw_id id = IFW_NOID;
		if (name_ok(name) && !ev_iface_seen(c, l, p, n, &id))
			return;
		for (const char *a = colon + 2; a < close && id != IFW_NOID;) {
			size_t an = strcspn(a, " ]");
			struct ev_tok tok = {a, an};
			struct ifw_ip ip;
			int plen;
			if (an && ev_parse_prefix(&tok, &ip, &plen)) {
				struct ifw_addr *ad = ev_addr_add(c, id, &ip, (uint8_t)plen);
				if (ad)
					ev_origin(c, l, &ad->origin);
			}
			a += an;
			while (*a == ' ')
				a++;
		}
		p = close + 1;
	}
}

/* Whether the line is tailscaled's own: its syslog tag (the first "name[pid]:" or "name:" before
 * the message) names Tailscale (tailscaled[812]:, IPNExtension in macOS's log columns), or it has
 * no tag (tailscaled's log itself: "2025/09/25 21:13:15 monitor: ") and is no other program's
 * log shown by a viewer, unless the viewer was asked for Tailscale's (`journalctl -u tailscaled
 * -o cat`, `kubectl logs tailscale-0`). A word "tailscale" in another tag's message is that
 * message's (`logger 'tailscale monitor: {...}'`). */
static bool tailscales(const struct ev_ctx *c, const struct ev_line *l, const char *at)
{
	static const char *const own[] = {"monitor", "monitor:", "link", "state:"};
	const char *p = ev_skip_ws(l->s), *prev = NULL;
	size_t prev_n = 0;
	while (p < at) {
		size_t n = strcspn(p, " \t");
		if (p + n > at)
			n = (size_t)(at - p);
		bool message = false;
		for (size_t i = 0; i < sizeof(own) / sizeof(own[0]) && !message; i++)
			message = n == strlen(own[i]) && strncmp(p, own[i], n) == 0;
		/* "monitor:" right after a word that is no time and no tag stands where a syslog
		 * line's tag goes: `logger -t monitor '{...}'` (tailscaled's own log puts it after
		 * its time: "2025/09/25 21:13:15 monitor: ") */
		if (message && p[n - 1] == ':' && prev && strspn(prev, "0123456789:.") < prev_n &&
		    prev[prev_n - 1] != ':')
			return false;
		if (message)
			break;
		bool ipn = n == 12 && strncmp(p, "IPNExtension", 12) == 0;
		bool tag = n >= 2 && (p[n - 1] == ':' && !(p[n - 2] >= '0' && p[n - 2] <= '9'));
		if (ipn)
			return true;
		if (tag) {
			for (size_t i = 0; i + 9 <= n; i++)
				if (strncasecmp(p + i, "tailscale", 9) == 0)
					return true;
			return false;
		}
		prev = p;
		prev_n = n;
		p = ev_skip_ws(p + n);
	}
	if (!ev_shown_by_log_viewer(c, l))
		return true;
	return c->cmd && (strcasestr(c->cmd, "tailscale") != NULL);
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *g = strstr(l->s, GO_STATE);
	const char *j = strstr(l->s, "{" MEMBER_IPS);
	if ((g || j) && !tailscales(c, l, g ? g : j))
		return true; /* read, and passed over */
	if (g) {
		go_state(c, l, g + strlen(GO_STATE));
		return true;
	}
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
	if (d && name_ok(d))
		default_route(c, l, d, strlen(d));
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
