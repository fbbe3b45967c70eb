/* `lxc info NAME` (LXD) and `incus info NAME`: an instance's network devices, and for each the
 * host's end of its link:
 *     Network usage:
 *       eth0:
 *         Type: broadcast
 *         Host interface: veth47320dd2
 * and LXD 2's form, the host's end in the last column:
 *     Ips:
 *       eth0:	inet6	fe80::216:3eff:fe04:f431	vethTX24YI
 * The instance's own devices (eth0, lo) are in its namespace and are not this host's; the host
 * interface is the daemon's, made for that instance (its word: the daemon's own listing). */
#include "collect/evidence/ev.h"

#include <stdio.h>
#include <string.h>

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	const char *s = ev_skip_ws(l->s);
	return ev_starts(l->s, "  ") && (strcmp(s, "Network usage:") == 0) ? 3
	       : strcmp(l->s, "Ips:") == 0                                 ? 3
	                                                                   : 0;
}

/* The daemon, from the command typed ("incus info web"): incus, or LXD's lxd. */
static const char *daemon_of(const struct ev_ctx *c)
{
	return c->cmd && strstr(c->cmd, "incus") ? "incus" : "lxd";
}

/* Whether the block is the client's own output: typed as `lxc info`/`incus info` (`ssh host
 * lxc info web` too), or pasted bare. Another program's output of the same shape (`cat
 * /home/alice/notes.txt`, `ip addr` followed by a user's text) is no daemon's word. */
static bool clients_output(const struct ev_ctx *c, const struct ev_line *l)
{
	if (!l->session)
		return true;
	return c->cmd && (strstr(c->cmd, "lxc") || strstr(c->cmd, "incus")) &&
	       strstr(c->cmd, "info");
}

static void host_end(struct ev_ctx *c, const struct ev_line *l, const struct ev_tok *t)
{
	if (!ev_ifname_ok(t->s, t->len) || !clients_output(c, l))
		return;
	ifw_id id;
	struct ifw_iface *f = ev_iface_seen(c, l, t->s, t->len, &id);
	if (!f)
		return;
	if (!f->kind && ev_starts(t->s, "veth"))
		f->kind = "veth";
	char how[96];
	const char *cmd = l->session && c->cmd ? c->cmd : "lxc info";
	snprintf(how, sizeof how, "`%.80s`", cmd);
	ev_logcreate_add(c, l, t->s, t->len, daemon_of(c), -1, ifw_model_strdup(c->m, how));
	c->votes_linux++;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	if (detect(l, 3))
		return true;
	if (l->s[0] != ' ' && l->s[0] != '\t')
		return false; /* the listing's indented lines end */
	const char *s = ev_skip_ws(l->s);
	const char *v = ev_label_value(s, "Host interface");
	if (v) {
		struct ev_tok t = {v, strcspn(v, " \t")};
		host_end(c, l, &t);
		return true;
	}
	/* LXD 2: "eth0:<tab>inet6<tab>ADDRESS<tab>HOST-END" */
	struct ev_toks t;
	ev_tokenize(s, &t);
	if (t.n == 4 && t.t[0].len > 1 && t.t[0].s[t.t[0].len - 1] == ':' &&
	    (ev_tok_is(&t.t[1], "inet") || ev_tok_is(&t.t[1], "inet6")))
		host_end(c, l, &t.t[3]);
	return true;
}

const struct ev_parser ev_p_lxcinfo = {
    .shape = EV_LXCINFO,
    .name = "lxc info, incus info",
    .detect = detect,
    .take = take,
    .not_in_logs = true,
};
