/* `bridge fdb` (iproute2): a bridge's forwarding entries, one per line.
 *   33:33:00:00:00:01 dev eth0 self permanent
 *   b2:b3:c4:3d:89:c3 dev veth603752d vlan 0 permanent
 *   02:42:c0:a8:d0:02 dev veth603752d vlan 0
 *   02:42:ac:11:00:02 dev veth1 master docker0
 * An entry without "permanent", "static" or "self" was learnt: a host with that MAC sits behind
 * the port (a container, a VM's card), which is what infer/rule_neigh.c reads. "master BR" makes
 * the device BR's port. The device exists either way. */
#include "collect/evidence/ev.h"

#include <string.h>

static bool entry(const char *s, struct ev_toks *t, uint8_t mac[6])
{
	/* the MAC first, in full, or no entry */
	if (strnlen(s, 18) < 18 || s[2] != ':' || s[5] != ':' || s[17] != ' ')
		return false;
	ev_tokenize(s, t);
	uint8_t buf[32];
	if (t->n < 3 || !ev_tok_is(&t->t[1], "dev") || t->t[2].len == 0 || t->t[2].len > 15 ||
	    ev_parse_mac(t->t[0].s, t->t[0].len, buf, sizeof(buf)) != 6 ||
	    !ev_ifname_ok(t->t[2].s, t->t[2].len))
		return false;
	memcpy(mac, buf, 6);
	return true;
}

static int detect(const struct ev_line *l, int min)
{
	if (min > 2)
		return 0;
	struct ev_toks t;
	uint8_t mac[6];
	return entry(ev_skip_ws(l->s), &t, mac) ? 2 : 0;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	struct ev_toks t;
	uint8_t mac[6];
	if (!entry(ev_skip_ws(l->s), &t, mac))
		return false;
	ifw_id id = IFW_NOID;
	ev_iface_seen(c, l, t.t[2].s, t.t[2].len, &id);
	bool learnt = true;
	for (size_t i = 3; i < t.n; i++) {
		if (ev_tok_is(&t.t[i], "permanent") || ev_tok_is(&t.t[i], "static") ||
		    ev_tok_is(&t.t[i], "self"))
			learnt = false;
		if (ev_tok_is(&t.t[i], "master") && i + 1 < t.n && t.t[i + 1].len <= 15 &&
		    ev_ifname_ok(t.t[i + 1].s, t.t[i + 1].len) && id != IFW_NOID) {
			ev_iface_seen(c, l, t.t[i + 1].s, t.t[i + 1].len, NULL);
			ev_ref_add(c, EV_REF_MASTER, id, ev_tok_dup(c, &t.t[i + 1]), 0, l);
		}
	}
	if (learnt)
		ev_neigh_add(c, id, mac);
	c->votes_linux++;
	return true;
}

const struct ev_parser ev_p_fdb = {
    .shape = EV_FDB,
    .name = "bridge fdb",
    .detect = detect,
    .take = take,
};
