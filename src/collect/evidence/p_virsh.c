/* `virsh domiflist DOMAIN` (libvirt): a virtual machine's network cards, each with the host-side
 * device libvirt made for it:
 *    Interface   Type      Source    Model    MAC
 *   -------------------------------------------------------
 *    vnet0       network   default   virtio   52:54:00:5c:6b:2a
 *    vnet1       bridge    br0       virtio   52:54:00:11:22:33
 * libvirt is the daemon that knows: the device is its, for that machine (the domain is the one
 * the command typed before names), and a "bridge" source is the bridge the device is a port of.
 * A machine that is shut off shows "-" for the device. */
#include "collect/evidence/ev.h"

#include <net/if.h>
#include <stdio.h>
#include <string.h>

static bool header(const char *s)
{
	s = ev_skip_ws(s);
	return ev_starts(s, "Interface ") && strstr(s, " Type ") && strstr(s, " Source ") &&
	       strstr(s, " MAC");
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	return header(l->s) ? 3 : 0;
}

/* "`virsh domiflist web1`" from the command typed just before, else the bare command. */
static const char *how(struct ev_ctx *c)
{
	if (c->session_open && c->m->typed.n) {
		const struct ifw_typed_cmd *t = &c->m->typed.v[c->m->typed.n - 1];
		const char *v = t->by ? NULL : strstr(t->cmd, "virsh ");
		if (v && strstr(v, "domiflist") && strlen(v) < 200) {
			char buf[256];
			snprintf(buf, sizeof(buf), "`%s`", v);
			return ifw_model_strdup(c->m, buf);
		}
	}
	return "`virsh domiflist`";
}

/* Whether a listing shows the row's device as another one: a tap has the guest card's MAC but
 * its first byte, a macvtap the same; a point-to-point device has none (as p_domxml.c). */
static bool other_device(const struct ifw_iface *t, const uint8_t mac[6])
{
	if (t->mac_len == 6)
		return memcmp(t->mac + 1, mac + 1, 5) != 0;
	return (t->flags & (IFF_POINTOPOINT | IFF_NOARP)) != 0;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (header(s) || ev_starts(s, "---"))
		return true;
	struct ev_toks t;
	ev_tokenize(s, &t);
	uint8_t mac[6];
	if (t.n < 4 || !ev_find_mac(&t, mac))
		return false;
	const struct ev_tok *dev = &t.t[0];
	if (ev_tok_is(dev, "-") || dev->len > 15 || !ev_ifname_ok(dev->s, dev->len))
		return true;
	ifw_id id = IFW_NOID;
	struct ifw_iface *f = ev_iface_seen(c, l, dev->s, dev->len, &id);
	/* the target is the domain XML's, which anyone who may define a domain writes (a
	 * shut-off one keeps `<target dev='enp3s0'/>`): a device a listing shows otherwise is
	 * not libvirt's */
	if (!f || other_device(f, mac))
		return true;
	/* the host side's MAC is the guest's with its first byte 0xfe: the guest's is the
	 * neighbour behind the device */
	ev_neigh_add(c, id, mac);
	if (ev_tok_is(&t.t[1], "bridge") && t.t[2].len <= 15 &&
	    ev_ifname_ok(t.t[2].s, t.t[2].len)) {
		ev_iface_seen(c, l, t.t[2].s, t.t[2].len, NULL);
		ev_ref_add(c, EV_REF_MASTER, id, ev_tok_dup(c, &t.t[2]), 0, l);
	}
	struct ifw_logcreate *lc = ev_logcreate_add(c, l, dev->s, dev->len, "libvirtd", -1, how(c));
	if (lc) { /* for a listing read later (rule_logcreate.c other_device()) */
		memcpy(lc->mac, mac, 6);
		lc->has_mac = true;
	}
	c->votes_linux++;
	return true;
}

const struct ev_parser ev_p_virsh = {
    .shape = EV_VIRSH,
    .name = "virsh domiflist",
    .detect = detect,
    .take = take,
    .not_in_logs = true,
};
