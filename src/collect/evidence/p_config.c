/* Configuration files that declare interfaces, as people paste them (`cat
 * /etc/network/interfaces`, `cat /etc/netplan/01-netcfg.yaml`, `sudo cat
 * /etc/wireguard/wg0.conf`, a file given as evidence under its own name): the same parsers the
 * live collector uses (collect/config), which copy nothing but names, kinds and far ends (no
 * key leaves them). Each declaration is the model's, as a live file's would be (rule_config:
 * "declared by ..."), and the interface it declares exists. The file is known by its path in the
 * command or the evidence file's name; an ifupdown stanza (`iface br0 inet static`) and a
 * networkd `[NetDev]` section are known by themselves. */
#include "collect/config/config_parse.h"
#include "collect/evidence/ev.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CONFIG (256u * 1024u) /* bytes of one pasted file kept for its parser */

enum cfg_kind { CFG_NONE, CFG_IFUPDOWN, CFG_NETPLAN, CFG_WGQUICK, CFG_NETWORKD, CFG_NM };

/* The kind of file a path names, and for wg-quick the interface (the file's name) and the path
 * as shown (wg-quick reads any path it is given, not only /etc/wireguard's). */
static enum cfg_kind kind_of_path(const char *text, char ifname[16], char path[96])
{
	ifname[0] = '\0';
	path[0] = '\0';
	if (!text)
		return CFG_NONE;
	size_t tn = strlen(text);
	if (strstr(text, "/etc/network/interfaces") || strcmp(text, "interfaces") == 0 ||
	    (tn > 11 && strcmp(text + tn - 11, " interfaces") == 0))
		return CFG_IFUPDOWN;
	if (strstr(text, "netplan") && strstr(text, ".yaml"))
		return CFG_NETPLAN;
	if (strstr(text, ".netdev"))
		return CFG_NETWORKD;
	if (strstr(text, "system-connections/") || strstr(text, ".nmconnection"))
		return CFG_NM;
	const char *conf = strstr(text, ".conf");
	if (conf) {
		const char *b = conf;
		while (b > text && b[-1] != '/' && b[-1] != ' ' && b[-1] != '\t')
			b--;
		size_t n = (size_t)(conf - b);
		/* /etc/wireguard's files, or one named like a WireGuard interface (wg0.conf): a
		 * file elsewhere named after a card (/home/alice/wg/eth0.conf) declares nothing */
		bool wg_file = (b - text >= 15 && strncmp(b - 15, "/etc/wireguard/", 15) == 0) ||
		               strncmp(b, "wg", 2) == 0;
		if (wg_file && n && n < 16 && ifw_cfg_valid_ifname(b, n)) {
			memcpy(ifname, b, n);
			ifname[n] = '\0';
			const char *start = b;
			while (start > text && start[-1] != ' ' && start[-1] != '\t')
				start--;
			ev_copy_cut(path, 96, start, (size_t)(conf + 5 - start));
			return CFG_WGQUICK;
		}
	}
	return CFG_NONE;
}

bool ev_config_hint(const char *text)
{
	char name[16], path[96];
	return kind_of_path(text, name, path) != CFG_NONE;
}

/* "iface br0 inet static" (ifupdown's stanza), "[NetDev]" (a .netdev's section). */
static enum cfg_kind kind_of_line(const char *s)
{
	s = ev_skip_ws(s);
	if (strncmp(s, "iface ", 6) == 0) {
		struct ev_toks t;
		ev_tokenize(s, &t);
		if (t.n >= 4 && (ev_tok_is(&t.t[2], "inet") || ev_tok_is(&t.t[2], "inet6")) &&
		    ev_ifname_ok(t.t[1].s, t.t[1].len))
			return CFG_IFUPDOWN;
	}
	if (strcmp(s, "[NetDev]") == 0)
		return CFG_NETWORKD;
	return CFG_NONE;
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	return kind_of_line(l->s) != CFG_NONE ? 3 : 0;
}

static void begin(struct ev_ctx *c)
{
	c->cfg.kind = kind_of_path(c->cmd, c->cfg.ifname, c->cfg.path);
	c->cfg.len = 0;
	c->cfg.first_line = 0;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	/* a stanza's shape alone only in a person's own paste: a file typed at a prompt is known
	 * by its path (`cat /home/alice/notes.txt` shows no /etc/network/interfaces) */
	if (c->cfg.kind == CFG_NONE && !l->session)
		c->cfg.kind = kind_of_line(l->s);
	if (!c->cfg.first_line)
		c->cfg.first_line = l->no;
	if (c->cfg.len + l->len + 1 > MAX_CONFIG)
		return true; /* the rest of an endless file is passed over */
	if (c->cfg.len + l->len + 1 > c->cfg.cap) {
		size_t cap = c->cfg.cap ? c->cfg.cap * 2 : 4096;
		while (cap < c->cfg.len + l->len + 1)
			cap *= 2;
		char *b = realloc(c->cfg.buf, cap);
		if (!b)
			return true;
		c->cfg.buf = b;
		c->cfg.cap = cap;
	}
	memcpy(c->cfg.buf + c->cfg.len, l->s, l->len);
	c->cfg.len += l->len;
	c->cfg.buf[c->cfg.len++] = '\n';
	return true;
}

struct emit_ctx {
	struct ev_ctx *c;
	const char *manager, *path;
};

static int emit(void *ctx, const struct ifw_cfg_decl *d)
{
	struct emit_ctx *e = ctx;
	struct ev_ctx *c = e->c;
	if (!ev_room(c, c->m->decls.n))
		return -1;
	struct ifw_decl *x = ifw_model_add_decl(c->m);
	if (!x)
		return -1;
	x->ifname = ifw_model_strdup(c->m, d->name);
	x->kind = d->kind[0] ? ifw_model_strdup(c->m, d->kind) : NULL;
	x->endpoint = d->endpoint[0] ? ifw_model_strdup(c->m, d->endpoint) : NULL;
	x->manager = e->manager;
	x->path = e->path;
	x->line = d->line;
	/* the declaration's line in the evidence: the file's first line plus its own */
	uint64_t no = c->cfg.first_line + (d->line ? d->line - 1 : 0);
	struct ev_line l = {.s = (char *)"", .len = 0, .no = no};
	ev_origin(c, &l, &x->origin);
	x->origin.raw = NULL;
	if (x->ifname)
		ev_iface_seen(c, &l, x->ifname, strlen(x->ifname), NULL);
	return x->ifname ? 0 : -1;
}

static void end(struct ev_ctx *c)
{
	static const char *const managers[] = {NULL,       "ifupdown",         "netplan",
	                                       "wg-quick", "systemd-networkd", "NetworkManager"};
	static const char *const paths[] = {NULL,
	                                    "/etc/network/interfaces",
	                                    "/etc/netplan/*.yaml",
	                                    "/etc/wireguard/",
	                                    "/etc/systemd/network/*.netdev",
	                                    "/etc/NetworkManager/system-connections/"};
	enum cfg_kind k = (enum cfg_kind)c->cfg.kind;
	if (k != CFG_NONE && c->cfg.len && !c->session_log) {
		struct emit_ctx e = {c, managers[k], paths[k]};
		if (k ==
		    CFG_WGQUICK) /* the file as shown: /etc/wireguard/wg0.conf, /tmp/wg0.conf */
			e.path = ifw_model_strdup(c->m, c->cfg.path);
		if (e.path) {
			switch (k) {
			case CFG_IFUPDOWN:
				ifw_cfg_parse_ifupdown(c->cfg.buf, c->cfg.len, emit, &e);
				break;
			case CFG_NETPLAN:
				ifw_cfg_parse_netplan(c->cfg.buf, c->cfg.len, emit, &e);
				break;
			case CFG_WGQUICK:
				ifw_cfg_parse_wgquick(c->cfg.buf, c->cfg.len, c->cfg.ifname, emit,
				                      &e);
				break;
			case CFG_NETWORKD:
				ifw_cfg_parse_networkd(c->cfg.buf, c->cfg.len, emit, &e);
				break;
			case CFG_NM:
				ifw_cfg_parse_nm(c->cfg.buf, c->cfg.len, emit, &e);
				break;
			case CFG_NONE:
				break;
			}
			c->votes_linux++;
		}
	}
	c->cfg.len = 0;
	c->cfg.kind = CFG_NONE;
	c->cfg.first_line = 0;
}

const struct ev_parser ev_p_config = {
    .shape = EV_CONFIG,
    .name = "configuration files (ifupdown, netplan, wg-quick, networkd, NetworkManager)",
    .detect = detect,
    .take = take,
    .begin = begin,
    .end = end,
    .not_in_logs = true,
};
