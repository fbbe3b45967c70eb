/* `scutil --nc status SERVICE` (macOS): a VPN configuration's connection state as configd keeps
 * it, with the interface the connection runs on:
 *   Connected
 *   Extended Status <dictionary> {
 *     IPv4 : <dictionary> {
 *       InterfaceName : ppp0
 *       ServerAddress : 192.0.2.10
 * Pastes often mask the addresses. The interface is a VPN service's, in the system's own words;
 * its server, when the paste shows it. */
#include "collect/evidence/ev.h"

#include <string.h>

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	return ev_starts(ev_skip_ws(l->s), "Extended Status <dictionary> {") ? 3 : 0;
}

static const char *value_of(const char *s, const char *key)
{
	s = ev_skip_ws(s);
	size_t n = strlen(key);
	if (strncmp(s, key, n) != 0 || strncmp(s + n, " : ", 3) != 0)
		return NULL;
	return s + n + 3;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	const char *v;
	if (detect(l, 3)) {
		c->cur_iface = IFW_NOID;
		c->os_explicit = c->os_explicit ? c->os_explicit : "darwin";
		return true;
	}
	if ((v = value_of(s, "InterfaceName"))) {
		size_t n = strcspn(v, " \t");
		struct ifw_iface *f = n && n <= 15 && !memchr(v, '/', n)
		                          ? ev_iface_seen(c, l, v, n, &c->cur_iface)
		                          : NULL;
		if (f) {
			f->vpn_service = true;
			if (c->nc_has_server && !f->has_vpn_server) {
				f->vpn_server = c->nc_server;
				f->has_vpn_server = true;
			}
		}
		return true;
	}
	if ((v = value_of(s, "ServerAddress"))) {
		struct ifw_ip ip;
		if (ev_parse_ip(v, strcspn(v, " \t"), &ip)) {
			c->nc_server = ip;
			c->nc_has_server = true;
			if (c->cur_iface != IFW_NOID &&
			    !c->m->ifaces.v[c->cur_iface].has_vpn_server) {
				c->m->ifaces.v[c->cur_iface].vpn_server = ip;
				c->m->ifaces.v[c->cur_iface].has_vpn_server = true;
			}
		}
		return true;
	}
	/* the rest of the dictionary: "Addresses : <array> {", "0 : 10.163.0.1", "}" */
	return !*s || strchr(s, ':') || strchr(s, '{') || strchr(s, '}');
}

static void begin(struct ev_ctx *c)
{
	c->cur_iface = IFW_NOID;
	c->nc_has_server = false;
}

const struct ev_parser ev_p_scutil_nc = {
    .shape = EV_SCUTIL_NC,
    .name = "scutil --nc status",
    .detect = detect,
    .take = take,
    .begin = begin,
    /* configd's own answer, never a container's output (a VPN service's server) */
    .not_in_logs = true,
};
