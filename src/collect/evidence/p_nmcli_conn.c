/* `nmcli connection show [--active]` (NetworkManager): its profiles and the devices they run on:
 *   NAME                UUID                                  TYPE       DEVICE
 *   Office WireGuard    5b7d9c3e-1f2a-4b6c-8d9e-0a1b2c3d4e5f  wireguard  wg-office
 *   Wired connection 1  0c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e  ethernet   enp0s31f6
 * A profile named by a person on a virtual device is the profile that made it (as `nmcli device`'s
 * CONNECTION column says). A profile named like its device may be one NetworkManager made up for
 * a device it only watches (it lists those too), so it says nothing; nor does a "vpn" profile,
 * whose DEVICE is the card under it, not the tunnel. */
#include "collect/evidence/ev.h"

#include <string.h>

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	const char *s = l->s;
	return ev_starts(s, "NAME") && strstr(s, "UUID") && strstr(s, "TYPE") && strstr(s, "DEVICE")
	           ? 3
	           : 0;
}

static bool is_uuid(const struct ev_tok *t)
{
	if (t->len != 36)
		return false;
	for (size_t i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? t->s[i] != '-' : !strchr("0123456789abcdefABCDEF", t->s[i]))
			return false;
	}
	return true;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	if (!*ev_skip_ws(l->s) || detect(l, 3))
		return true;
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	size_t u = 1;
	while (u < t.n && !is_uuid(&t.t[u]))
		u++;
	if (u + 2 >= t.n)
		return false; /* no UUID, or no TYPE and DEVICE after it */
	const struct ev_tok *type = &t.t[u + 1], *dev = &t.t[u + 2];
	c->votes_linux++;
	const char *kind = NULL;
	uint16_t arptype = 0;
	if (ev_tok_is(dev, "--") || ev_tok_is(type, "vpn") || !ev_nm_type(type, &kind, &arptype))
		return true;
	size_t name_len = (size_t)(t.t[u - 1].s + t.t[u - 1].len - t.t[0].s);
	if (name_len > 255 || (name_len == dev->len && memcmp(t.t[0].s, dev->s, dev->len) == 0))
		return true; /* named like its device: maybe NetworkManager's own for a device it
		                watches */
	ifw_id id = ev_iface_get(c, c->ns, dev->s, dev->len, NULL);
	if (id == IFW_NOID)
		return true;
	struct ifw_iface *f = &c->m->ifaces.v[id];
	if (!f->origin.raw)
		ev_origin(c, l, &f->origin);
	if (kind && !f->kind)
		f->kind = kind;
	if (arptype && !f->arptype)
		f->arptype = arptype;
	if (!f->nm_connection) {
		f->nm_connection = ifw_model_strndup(c->m, t.t[0].s, name_len);
		f->nm_external = false;
	}
	return true;
}

const struct ev_parser ev_p_nmcli_conn = {
    .shape = EV_NMCLI_CONN,
    .name = "nmcli connection show",
    .detect = detect,
    .take = take,
};
