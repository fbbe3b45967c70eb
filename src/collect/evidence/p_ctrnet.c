/* Container networks as their runtime lists them, to name the bridge behind each:
 *   `docker network ls`
 *     NETWORK ID     NAME             DRIVER    SCOPE
 *     3f2a1b4c5d6e   shop_default     bridge    local
 *   `podman network ls` (Podman 4: no SCOPE column)
 *     NETWORK ID    NAME        DRIVER
 *     2f259bab93aa  podman      bridge
 * Docker names the bridge of a user-defined bridge network "br-" and the first 12 hex digits of
 * the network's id, and its default network "bridge" uses docker0 (Docker's networking docs,
 * "Bridge network driver"). Podman's default network "podman" uses podman0 (netavark) or
 * cni-podman0 (CNI); its other networks' bridges (podman1, ...) are numbered in creation order,
 * which the listing does not show, so they are left unnamed. The names become references,
 * resolved once every interface is known: a listing may come before `ip link`. */
#include "collect/evidence/ev.h"

#include <stdio.h>
#include <string.h>

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	const char *s = ev_skip_ws(l->s);
	return ev_starts(s, "NETWORK ID") && strstr(s, "NAME") && strstr(s, "DRIVER") ? 3 : 0;
}

static bool hex_id(const struct ev_tok *t)
{
	if (t->len < 12 || t->len > 64)
		return false;
	for (size_t i = 0; i < t->len; i++)
		if (!strchr("0123456789abcdef", t->s[i]))
			return false;
	return true;
}

static void begin(struct ev_ctx *c)
{
	c->ctrnet_podman = c->cmd && strstr(c->cmd, "podman");
}

static void name_bridge(struct ev_ctx *c, const char *bridge, const struct ev_tok *net,
                        const struct ev_line *l)
{
	const char *name = ifw_model_strdup(c->m, bridge);
	char *net_name = ev_tok_dup(c, net);
	size_t before = c->refs.n;
	ev_ref_add(c, EV_REF_NETNAME, IFW_NOID, name, 0, l);
	if (c->refs.n == before || !net_name)
		return;
	struct ev_ref *r = &c->refs.v[before];
	r->net_name = net_name;
	r->net_runtime = c->ctrnet_podman ? "podman" : "docker";
	r->net_source = c->ctrnet_podman ? "podman network ls" : "docker network ls";
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (!*s || detect(l, 3)) {
		if (*s && !strstr(s, "SCOPE"))
			c->ctrnet_podman = true; /* only Docker prints SCOPE */
		return true;
	}
	/* docker's and podman's commands but `exec` are log viewers (dispatch.c): a container
	 * printing this table under `docker logs web` named root's Docker bridge's network (a name
	 * of its choosing, likely) */
	if (ev_shown_by_log_viewer(c, l) && !ev_cmd_has(c, "network", "ls") &&
	    !ev_cmd_has(c, "network", "list"))
		return true; /* known, and passed over */
	struct ev_toks t;
	ev_tokenize(s, &t);
	if (t.n < 3 || t.n > 5 || !hex_id(&t.t[0]) || t.t[1].len > 255)
		return false;
	if (!ev_tok_is(&t.t[2], "bridge"))
		return true; /* host, null, macvlan, overlay...: no bridge of their own */
	if (c->ctrnet_podman) {
		if (ev_tok_is(&t.t[1], "podman")) {
			name_bridge(c, "podman0", &t.t[1], l);
			name_bridge(c, "cni-podman0", &t.t[1], l);
		}
		return true;
	}
	char bridge[16];
	if (ev_tok_is(&t.t[1], "bridge"))
		snprintf(bridge, sizeof(bridge), "docker0");
	else
		snprintf(bridge, sizeof(bridge), "br-%.12s", t.t[0].s);
	name_bridge(c, bridge, &t.t[1], l);
	c->votes_linux++;
	return true;
}

const struct ev_parser ev_p_ctrnet = {
    .shape = EV_CTRNET,
    .name = "docker/podman network ls",
    .detect = detect,
    .take = take,
    .begin = begin,
};
