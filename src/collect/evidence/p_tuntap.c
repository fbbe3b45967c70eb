/* `ip tuntap show` (iproute2), and `ip -d tuntap show` with the processes holding each device:
 *   tun7: tun
 *   	Attached to processes:openvpn(812)
 *   tap5: tap persist user 1000
 * A process named there holds the device's file descriptor: the interface's holder. */
#include "collect/evidence/ev.h"

#include <string.h>

static int detect(const struct ev_line *l, int min)
{
	const char *s = ev_skip_ws(l->s);
	if (ev_starts(s, "Attached to processes:"))
		return 3;
	if (min > 2)
		return 0;
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	if (t.n < 2 || t.t[0].len < 2 || t.t[0].s[t.t[0].len - 1] != ':' ||
	    !(ev_tok_is(&t.t[1], "tun") || ev_tok_is(&t.t[1], "tap")))
		return 0;
	/* ethtool -i's rows of a tun device ("driver: tun", "bus-info: tap"), no tuntap's */
	if (ev_tok_is(&t.t[0], "driver:") || ev_tok_is(&t.t[0], "bus-info:"))
		return 0;
	static const char *const words[] = {"one_queue", "multi_queue", "persist", "vnet_hdr",
	                                    "pi",        "filter",      "user",    "group",
	                                    "napi",      "napi_frags",  "tun",     "tap"};
	for (size_t i = 2; i < t.n; i++) {
		bool known = ev_tok_digits(&t.t[i]);
		for (size_t k = 0; k < sizeof(words) / sizeof(words[0]) && !known; k++)
			known = ev_tok_is(&t.t[i], words[k]);
		if (!known)
			return 0;
	}
	return 2;
}

/* "openvpn(812) charon(99)" after the colon; a name may hold spaces or parentheses, so the pid
 * is read from the last "(digits)" of each entry. */
static void holders(struct ev_ctx *c, const char *s, const struct ev_line *l)
{
	const char *p = s;
	while (*(p = ev_skip_ws(p))) {
		const char *close = strchr(p, ')');
		if (!close)
			return;
		const char *open = close;
		while (open > p && open[-1] != '(')
			open--;
		if (open == p) {
			p = close + 1;
			continue;
		}
		struct ev_tok pid = {open, (size_t)(close - open)};
		uint64_t v;
		if (ev_tok_u64(&pid, &v, false) && v > 0 && v < INT32_MAX) {
			size_t before = c->refs.n;
			ev_ref_add(c, EV_REF_TUNPID, c->cur_iface, "", (int64_t)v, l);
			if (c->refs.n > before && open - 1 > p)
				c->refs.v[before].comm = ifw_model_strndup(
				    c->m, p,
				    (size_t)(open - 1 - p) > 64 ? 64 : (size_t)(open - 1 - p));
		}
		p = close + 1;
	}
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (!*s)
		return true;
	if (ev_starts(s, "Attached to processes:")) {
		if (c->cur_iface != IFW_NOID)
			holders(c, s + 22, l);
		return true;
	}
	if (!detect(l, 2))
		return false;
	struct ev_toks t;
	ev_tokenize(l->s, &t);
	ifw_id id = ev_iface_get(c, c->ns, t.t[0].s, t.t[0].len - 1, NULL);
	c->cur_iface = id;
	if (id == IFW_NOID)
		return true;
	struct ifw_iface *f = &c->m->ifaces.v[id];
	if (!f->origin.raw)
		ev_origin(c, l, &f->origin);
	f->kind = "tun";
	struct ifw_link_info *in = &f->info;
	in->tun_type = ev_tok_is(&t.t[1], "tap") ? IFW_TUN_TAP : IFW_TUN_TUN;
	for (size_t i = 2; i < t.n; i++) {
		uint64_t v;
		if (ev_tok_is(&t.t[i], "persist"))
			in->tun_persist = true;
		else if (ev_tok_is(&t.t[i], "multi_queue"))
			in->tun_multi_queue = true;
		else if (ev_tok_is(&t.t[i], "vnet_hdr"))
			in->tun_vnet_hdr = true;
		else if (ev_tok_is(&t.t[i], "pi"))
			in->tun_pi = true;
		else if (ev_tok_is(&t.t[i], "user") && i + 1 < t.n &&
		         ev_tok_u64(&t.t[i + 1], &v, false) && v <= UINT32_MAX) {
			in->has_tun_owner = true;
			in->tun_owner = (uint32_t)v;
		} else if (ev_tok_is(&t.t[i], "group") && i + 1 < t.n &&
		           ev_tok_u64(&t.t[i + 1], &v, false) && v <= UINT32_MAX) {
			in->has_tun_group = true;
			in->tun_group = (uint32_t)v;
		}
	}
	c->votes_linux++;
	return true;
}

const struct ev_parser ev_p_tuntap = {
    .shape = EV_TUNTAP,
    .name = "ip tuntap",
    .detect = detect,
    .take = take,
    .begin = ev_begin_no_iface,
    .end = ev_begin_no_iface,
    /* a container printing `ip tuntap show` (`docker logs`) made root's tun0 "OpenVPN tunnel",
     * held by its pid, certain: the table is the ip command's own, never a log's */
    .not_in_logs = true,
};
