/* FreeBSD's /etc/rc.conf, as people paste it (`cat /etc/rc.conf`, a fenced excerpt, `sysrc -a`):
 *   cloned_interfaces="bridge0 tap0"      rc's netif creates these at boot
 *   ifconfig_bridge0="addm em0 addm tap0 up"   bridge0 exists, with em0 and tap0 its ports
 *   wlans_iwm0="wlan0"                    wlan0, made over the card iwm0
 *   vlans_em0="vlan10"                    a VLAN made over em0
 * (rc.conf(5)). A created interface is declared by rc.conf, as a Linux configuration file's is
 * (rule_config: "declared by rc.conf"); a configured one exists. Only the variables that name
 * interfaces are read; others ("sshd_enable") are passed over. */
#include "collect/evidence/ev.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

#define RC_PATH "/etc/rc.conf"

static const char *const keys[] = {"cloned_interfaces=", "ifconfig_", "wlans_", "vlans_"};

/* The key's length up to '=' when the line is `key="value"` of one of keys, else 0. */
static size_t rc_key(const char *s, size_t *which)
{
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		size_t n = strlen(keys[k]);
		if (strncmp(s, keys[k], n) != 0)
			continue;
		size_t e = k == 0 ? n - 1
		                  : n + strspn(s + n, "abcdefghijklmnopqrstuvwxyz"
		                                      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.");
		if (s[e] != '=' || (k > 0 && e == n) || (s[e + 1] != '"' && s[e + 1] != '\''))
			return 0;
		*which = k;
		return e;
	}
	return 0;
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	size_t which;
	const char *s = ev_skip_ws(l->s);
	if (!rc_key(s, &which))
		return 0;
	return which == 0 ? 3 : 2;
}

/* The kind rc's `ifconfig NAME create` gives, by the cloner's name. */
static const char *kind_of(const char *name, size_t n)
{
	static const struct {
		const char *prefix, *kind;
	} cloners[] = {{"bridge", "bridge"}, {"tap", "tap"},     {"tun", "tun"},
	               {"lagg", "lagg"},     {"vlan", "vlan"},   {"epair", "epair"},
	               {"gif", "gif"},       {"gre", "gre"},     {"wg", "wireguard"},
	               {"wlan", "wlan"},     {"vxlan", "vxlan"}, {"lo", "loopback"}};
	for (size_t i = 0; i < sizeof(cloners) / sizeof(cloners[0]); i++) {
		size_t p = strlen(cloners[i].prefix);
		if (n > p && strncmp(name, cloners[i].prefix, p) == 0 &&
		    isdigit((unsigned char)name[p]))
			return cloners[i].kind;
	}
	return NULL;
}

static void declare(struct ev_ctx *c, const struct ev_line *l, const char *name, size_t n,
                    const char *kind)
{
	if (!ev_ifname_ok(name, n) || !ev_room(c, c->m->decls.n))
		return;
	struct ifw_decl *x = ifw_model_add_decl(c->m);
	if (!x)
		return;
	x->ifname = ifw_model_strndup(c->m, name, n);
	x->kind = kind ? kind : kind_of(name, n);
	x->manager = "rc.conf";
	x->path = RC_PATH;
	x->line = l->no > UINT32_MAX
	              ? 0
	              : (uint32_t)l->no; /* the evidence's line: the file's is not shown */
	ev_origin(c, l, &x->origin);
	ev_iface_seen(c, l, name, n, NULL);
}

/* The words of the value, between its quotes. */
static size_t words(const char *v, struct ev_tok *w, size_t max)
{
	char q = *v++;
	const char *end = strchr(v, q);
	if (!end)
		return 0;
	size_t n = 0;
	while (v < end && n < max) {
		while (v < end && (*v == ' ' || *v == '\t'))
			v++;
		const char *b = v;
		while (v < end && *v != ' ' && *v != '\t')
			v++;
		if (v > b)
			w[n++] = (struct ev_tok){b, (size_t)(v - b)};
	}
	return n;
}

/* The interface of an ifconfig_ key: "ifconfig_em0_alias0" -> "em0"; "DEFAULT" is none. */
static size_t key_iface(const char *k, size_t n)
{
	static const char *const suffixes[] = {"_ipv6", "_name", "_descr", "_aliases"};
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t s = strlen(suffixes[i]);
		if (n > s && strncmp(k + n - s, suffixes[i], s) == 0)
			return n - s;
	}
	const char *alias = NULL;
	for (const char *p = k; p + 6 <= k + n; p++)
		if (strncmp(p, "_alias", 6) == 0)
			alias = p;
	if (alias && strspn(alias + 6, "0123456789") == (size_t)(k + n - alias - 6))
		return (size_t)(alias - k);
	return n == 7 && strncmp(k, "DEFAULT", 7) == 0 ? 0 : n;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	size_t which, e = rc_key(s, &which);
	if (!e)
		return *s == '#' || !*s; /* the file's comments and blank lines */
	struct ev_tok w[32];
	size_t nw = words(s + e + 1, w, 32);
	c->votes_freebsd++;
	if (which == 0) {
		for (size_t i = 0; i < nw; i++)
			declare(c, l, w[i].s, w[i].len, NULL);
		return true;
	}
	const char *key = s + strlen(keys[which]);
	size_t kn = (size_t)(s + e - key);
	if (which == 2 || which == 3) { /* wlans_iwm0="wlan0", vlans_em0="vlan10 20" */
		if (!ev_ifname_ok(key, kn))
			return true;
		ev_iface_seen(c, l, key, kn, NULL);
		for (size_t i = 0; i < nw; i++) {
			if (which == 3 && isdigit((unsigned char)w[i].s[0]))
				continue; /* a bare tag makes "em0.20": named by the kernel */
			declare(c, l, w[i].s, w[i].len, which == 2 ? "wlan" : "vlan");
		}
		return true;
	}
	size_t in = key_iface(key, kn);
	ifw_id id;
	if (!in || !ev_ifname_ok(key, in) || !ev_iface_seen(c, l, key, in, &id))
		return true;
	if (in != kn) /* ifconfig_em0_name="lan0" and the like: nothing more here */
		return true;
	for (size_t i = 0; i + 1 < nw; i++) /* "addm em0 addm tap0 up": the bridge's ports */
		if (w[i].len == 4 && strncmp(w[i].s, "addm", 4) == 0 &&
		    ev_ifname_ok(w[i + 1].s, w[i + 1].len))
			ev_ref_add(c, EV_REF_MEMBER, id, ev_tok_dup(c, &w[i + 1]), 0, l);
	return true;
}

const struct ev_parser ev_p_rcconf = {
    .shape = EV_RCCONF,
    .name = "rc.conf",
    .detect = detect,
    .take = take,
    /* any user's log line may hold its words (`logger`): read only as output */
    .not_in_logs = true,
};
