/* macOS configd's dynamic store, as `scutil` shows its keys (`show State:/Network/Global/IPv4`):
 *   <dictionary> {
 *     PrimaryInterface : en0
 *     PrimaryService : 9C4E...
 *     Router : 192.168.1.1
 *   }
 * or as scripts print them, one key a line ("State,/Network/Global/IPv6,PrimaryInterface,utun0").
 * configd is the daemon that knows: the primary interface carries the default route through the
 * router; a service's InterfaceName with a ServerAddress is a VPN's tunnel; and a primary service
 * named by a bundle id (com.cisco.anyconnect) rather than a generated UUID is a VPN app's, whose
 * tunnel is the primary interface when that is a tunnel device. */
#include "collect/evidence/ev.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#define RTN_UNICAST_ 1

/* "Key : value" (scutil) or "State,/Network/...,Key,value" (scripts): the value, or NULL. */
static const char *value_of(const char *s, const char *key)
{
	s = ev_skip_ws(s);
	size_t n = strlen(key);
	if (strncmp(s, key, n) != 0)
		return NULL;
	if (strncmp(s + n, " : ", 3) == 0)
		return s + n + 3;
	return s[n] == ',' ? s + n + 1 : NULL;
}

/* "State,/Network/Global/IPv4,": a script's line; its key follows the path. */
static const char *csv_key(const char *s, size_t *path_len)
{
	if (!ev_starts(s, "State,/Network/") && !ev_starts(s, "Setup,/Network/"))
		return NULL;
	const char *comma = strchr(s + 6, ',');
	if (!comma)
		return NULL;
	*path_len = (size_t)(comma - s);
	return comma + 1;
}

/* scutil's own prompt and command: "> show State:/Network/Global/IPv6" (the key's path). */
static const char *show_cmd(const char *s)
{
	s = ev_skip_ws(s);
	if (s[0] == '>' && s[1] == ' ')
		s = ev_skip_ws(s + 1);
	return ev_starts(s, "show State:/Network/") || ev_starts(s, "show Setup:/Network/") ? s
	                                                                                    : NULL;
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	size_t pl;
	if (csv_key(l->s, &pl) || show_cmd(l->s))
		return 3;
	const char *s = ev_skip_ws(l->s);
	return s != l->s && (value_of(s, "PrimaryInterface") || value_of(s, "PrimaryService")) ? 3
	                                                                                       : 0;
}

/* A service id an app chose (reverse DNS: "com.cisco.anyconnect"), not configd's UUID. */
static bool bundle_id(const char *s)
{
	size_t dots = 0, n = strlen(s);
	if (n < 5 || n > 63 || !isalpha((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.')
			dots++;
		else if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return false;
	}
	return dots >= 2 && s[n - 1] != '.';
}

/* The devices a VPN service's connection gets on macOS: the kernel's utun and ipsec, pppd's
 * ppp, and tun/tap drivers; never a card (en0) or a bridge. */
static bool tunnel_name(const char *s)
{
	static const char *const fam[] = {"utun", "ipsec", "ppp", "tun", "tap"};
	for (size_t i = 0; i < sizeof(fam) / sizeof(fam[0]); i++) {
		size_t k = strlen(fam[i]);
		if (strncmp(s, fam[i], k) == 0 && s[k] &&
		    strspn(s + k, "0123456789") == strlen(s + k))
			return true;
	}
	return false;
}

/* The address family a key's path is of ("State:/Network/Global/IPv6"), 0 if none. */
static int path_family(const char *path)
{
	if (!path)
		return 0;
	if (strstr(path, "/IPv6"))
		return AF_INET6;
	return strstr(path, "/IPv4") ? AF_INET : 0;
}

/* What one dictionary (or one path's lines) said, put into the model. */
static void flush(struct ev_ctx *c)
{
	struct ev_scstore *d = &c->scstore;
	if (!d->iface[0]) {
		memset(d, 0, sizeof(*d));
		return;
	}
	const struct ev_line l = {.s = d->line, .len = strlen(d->line), .no = d->no};
	ifw_id id = IFW_NOID;
	struct ifw_iface *f = ev_iface_seen(c, &l, d->iface, strlen(d->iface), &id);
	if (f && tunnel_name(d->iface)) {
		if (d->has_server && !f->has_vpn_server) {
			f->vpn_server = d->server;
			f->has_vpn_server = true;
		}
		if (bundle_id(d->service)) {
			ev_logcreate_add(c, &l, d->iface, strlen(d->iface),
			                 ifw_model_strdup(c->m, d->service), -1,
			                 "`scutil` (configd's primary service, named by its app)");
		}
	}
	/* the primary interface is the default route's: through its router, or through one not
	 * shown when it is no tunnel (a card's way out; a tunnel's route needs no gateway) */
	int family = d->has_router ? d->router.family : d->family;
	if (f && d->primary && family && (d->has_router || !tunnel_name(d->iface)) &&
	    ev_room(c, c->m->routes.n)) {
		struct ifw_route *r = ifw_model_add_route(c->m, c->ns);
		if (r) {
			r->family = (uint8_t)family;
			r->dst = (struct ifw_ip){.family = (uint8_t)family};
			r->dst_len = 0;
			if (d->has_router)
				r->gateway = d->router;
			r->table = IFW_TABLE_MAIN;
			r->type = RTN_UNICAST_;
			ev_origin(c, &l, &r->origin);
			ev_ref_add(c, EV_REF_ROUTE_DEV, (ifw_id)(c->m->routes.n - 1),
			           ifw_model_strdup(c->m, d->iface), 0, NULL);
		}
	}
	memset(d, 0, sizeof(*d));
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	struct ev_scstore *d = &c->scstore;
	const char *s = ev_skip_ws(l->s);
	size_t pl = 0;
	const char *key = csv_key(s, &pl);
	if (key) { /* one path's lines are one dictionary */
		if (pl != d->path_len || strncmp(s, d->path, pl) != 0)
			flush(c);
		if (pl < sizeof(d->path)) {
			memcpy(d->path, s, pl);
			d->path[pl] = '\0';
			d->path_len = pl;
		}
		d->family = path_family(d->path);
		s = key;
	} else if ((key = show_cmd(s))) { /* the next dictionary is this path's */
		flush(c);
		d->family = path_family(key);
		return true;
	} else if (*s == '}') { /* the end of the outer dictionary, or of one inside it */
		if (d->depth > 0)
			d->depth--;
		if (d->depth == 0)
			flush(c);
		return true;
	} else if (*s && s[strlen(s) - 1] == '{') { /* "<dictionary> {", "Addresses : <array> {" */
		if (d->depth == 0) { /* a new dictionary, of the path shown just before */
			int family = d->family;
			flush(c);
			d->family = family;
		}
		if (d->depth < 64)
			d->depth++;
		return true;
	}
	c->os_explicit = c->os_explicit ? c->os_explicit : "darwin";
	const char *v;
	bool primary = (v = value_of(s, "PrimaryInterface")) != NULL;
	if (primary || (v = value_of(s, "InterfaceName"))) {
		size_t n = strcspn(v, " \t,");
		if (n && n < sizeof(d->iface) && ev_ifname_ok(v, n)) {
			memcpy(d->iface, v, n);
			d->iface[n] = '\0';
			d->primary = d->primary || primary;
			snprintf(d->line, sizeof(d->line), "%s", l->s);
			d->no = l->no;
		}
	} else if ((v = value_of(s, "PrimaryService"))) {
		ev_rest_copy(v, d->service, sizeof(d->service));
	} else if ((v = value_of(s, "Router"))) {
		d->has_router = ev_parse_ip(v, strcspn(v, " \t,"), &d->router);
	} else if ((v = value_of(s, "ServerAddress"))) {
		d->has_server = ev_parse_ip(v, strcspn(v, " \t,"), &d->server);
	}
	/* the other keys of a dictionary ("Addresses : <array> {", "0 : 10.0.0.2") */
	return key || strchr(s, ':') || !*s;
}

static void begin(struct ev_ctx *c)
{
	memset(&c->scstore, 0, sizeof(c->scstore));
}

const struct ev_parser ev_p_scstore = {
    .shape = EV_SCSTORE,
    .name = "scutil show State:/Network/... (configd's keys)",
    .detect = detect,
    .take = take,
    .begin = begin,
    .end = flush,
};
