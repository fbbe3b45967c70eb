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
#define CFG_CUT 0x100 /* or'ed into cfg.kind: the file went past MAX_CONFIG */

/* Whether word w (n bytes) is a path under one of the directories dirs (NULL-ended), anchored
 * at its start: a user's /home/alice/etc/wireguard/x.conf or x.netdev is no manager's file. */
static bool under(const char *w, size_t n, const char *const *dirs)
{
	for (size_t i = 0; i + 3 <= n; i++)
		if (w[i] == '/' && w[i + 1] == '.' && w[i + 2] == '.')
			return false; /* /etc/netplan/../../home/alice/x.yaml */
	for (; *dirs; dirs++) {
		size_t d = strlen(*dirs);
		if (n >= d && strncmp(w, *dirs, d) == 0)
			return true;
	}
	return false;
}

static bool has(const char *w, size_t n, const char *sub)
{
	size_t k = strlen(sub);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(w + i, sub, k) == 0)
			return true;
	return false;
}

/* The kind of file one word of a command names. A path with a '/' counts only under the
 * manager's own directories; a bare name (relative to a directory the paste does not show, or
 * the evidence file's own name) by its name alone, as before. */
static enum cfg_kind kind_of_word(const char *w, size_t n)
{
	static const char *const ifupdown[] = {"/etc/network/interfaces", NULL};
	static const char *const netplan[] = {"/etc/netplan/", "/run/netplan/", "/lib/netplan/",
	                                      "/usr/lib/netplan/", NULL};
	static const char *const networkd[] = {"/etc/systemd/network/", "/run/systemd/network/",
	                                       "/lib/systemd/network/", "/usr/lib/systemd/network/",
	                                       NULL};
	static const char *const nm[] = {"/etc/NetworkManager/system-connections/",
	                                 "/run/NetworkManager/system-connections/", NULL};
	if (memchr(w, '/', n)) {
		if (under(w, n, ifupdown) &&
		    (n == 23 || w[23] == '.' || w[23] == '/')) /* interfaces, interfaces.d/ */
			return CFG_IFUPDOWN;
		if (under(w, n, netplan) && has(w, n, ".yaml"))
			return CFG_NETPLAN;
		if (under(w, n, networkd) && has(w, n, ".netdev"))
			return CFG_NETWORKD;
		if (under(w, n, nm))
			return CFG_NM;
		return CFG_NONE;
	}
	if (has(w, n, "netplan") && has(w, n, ".yaml"))
		return CFG_NETPLAN;
	if (has(w, n, ".netdev"))
		return CFG_NETWORKD;
	if (has(w, n, ".nmconnection"))
		return CFG_NM;
	return CFG_NONE;
}

/* The kind of file a command (or the evidence file's name) names, the path as shown, and for
 * wg-quick the interface (the file's name; wg-quick reads any path it is given). */
static enum cfg_kind kind_of_path(const char *text, char ifname[16], char path[96])
{
	static const char *const wgdirs[] = {"/etc/wireguard/", "/usr/local/etc/wireguard/",
	                                     "/opt/homebrew/etc/wireguard/", NULL};
	ifname[0] = '\0';
	path[0] = '\0';
	if (!text)
		return CFG_NONE;
	size_t tn = strlen(text);
	if (strcmp(text, "interfaces") == 0 ||
	    (tn > 11 && strcmp(text + tn - 11, " interfaces") == 0))
		return CFG_IFUPDOWN;
	for (const char *p = text; *p;) {
		p += strspn(p, " \t;|&<>()'\"");
		size_t n = strcspn(p, " \t;|&<>()'\"");
		if (!n)
			break;
		enum cfg_kind k = kind_of_word(p, n);
		if (k != CFG_NONE) {
			/* a bare name is cited by its manager's directory */
			if (memchr(p, '/', n))
				ev_copy_cut(path, 96, p, n);
			return k;
		}
		const char *conf = NULL;
		for (size_t i = 0; !conf && i + 5 <= n; i++)
			if (memcmp(p + i, ".conf", 5) == 0)
				conf = p + i;
		if (conf) {
			const char *b = conf;
			while (b > p && b[-1] != '/')
				b--;
			size_t bn = (size_t)(conf - b);
			/* /etc/wireguard's files, or one named like a WireGuard interface
			 * (wg0.conf): a file elsewhere named after a card
			 * (/home/alice/wg/eth0.conf, /home/alice/etc/wireguard/eth0.conf) declares
			 * nothing */
			bool wg_file =
			    under(p, (size_t)(b - p), wgdirs) || strncmp(b, "wg", 2) == 0;
			if (wg_file && bn && bn < 16 && ifw_cfg_valid_ifname(b, bn)) {
				memcpy(ifname, b, bn);
				ifname[bn] = '\0';
				ev_copy_cut(path, 96, p, (size_t)(conf + 5 - p));
				return CFG_WGQUICK;
			}
		}
		p += n;
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
	if (c->cfg.len + l->len + 1 > MAX_CONFIG) {
		/* the rest of an endless file is passed over, and said so in end() */
		c->cfg.kind |= CFG_CUT;
		c->m->skipped_lines++;
		return true;
	}
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
	enum cfg_kind k = (enum cfg_kind)(c->cfg.kind & ~CFG_CUT);
	if ((c->cfg.kind & CFG_CUT) && k != CFG_NONE)
		ifw_model_warn(c->m, "evidence: only the first %u KiB of %s were read (%s)",
		               MAX_CONFIG / 1024u, c->cfg.path[0] ? c->cfg.path : paths[k],
		               c->file ? c->file : "?");
	if (k != CFG_NONE && c->cfg.len && !c->session_log) {
		struct emit_ctx e = {c, managers[k], paths[k]};
		if (c->cfg.path[0]) /* the file as shown: /etc/wireguard/wg0.conf, /tmp/wg0.conf */
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
