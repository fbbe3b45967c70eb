/* `ovs-vsctl show`: Open vSwitch's own database of its bridges, their ports and each port's
 * interfaces with a type:
 *   a1b2c3d4-...
 *       Bridge br-int
 *           fail_mode: secure
 *           Port br-int
 *               Interface br-int
 *                   type: internal
 *           Port "tap5f1c"
 *               Interface "tap5f1c"
 *           Port vxlan-0a000002
 *               Interface vxlan-0a000002
 *                   type: vxlan
 *                   options: {dst_port="4789", key=flow, remote_ip="192.0.2.2"}
 *       ovs_version: "2.17.9"
 * ovs-vswitchd is the daemon that knows: a bridge and its internal interfaces are its own (made
 * by `ovs-vsctl add-br`), every other interface is a port of that bridge. Names may be quoted. */
#include "collect/evidence/ev.h"

#include <string.h>

/* The word after `key ` (unquoted), or a zero-length token. */
static struct ev_tok word_after(const char *s, const char *key)
{
	struct ev_tok t = {NULL, 0};
	s = ev_skip_ws(s);
	size_t k = strlen(key);
	if (strncmp(s, key, k) != 0)
		return t;
	s += k;
	if (*s == '"')
		s++;
	size_t n = strcspn(s, "\" \t");
	t.s = s;
	t.len = n;
	return t;
}

/* The interface read last, once its type is known: a port of the bridge, or the bridge's own
 * internal port. */
static void flush(struct ev_ctx *c)
{
	size_t n = strlen(c->ovs_pending);
	bool internal = c->ovs_internal;
	c->ovs_internal = false;
	if (!n || c->ovs_bridge == IFW_NOID)
		return;
	/* the name kept, not the line's: the line is cut at 256 bytes, its name may be lost */
	char name[sizeof(c->ovs_pending)];
	memcpy(name, c->ovs_pending, n + 1);
	c->ovs_pending[0] = '\0';
	struct ev_line l = {c->ovs_pending_line, strlen(c->ovs_pending_line), c->ovs_pending_no,
	                    false, c->ovs_pending_session};
	ifw_id id = IFW_NOID;
	struct ifw_iface *f = ev_iface_seen(c, &l, name, n, &id);
	if (!f || id == c->ovs_bridge)
		return;
	if (internal) {
		if (!f->kind)
			f->kind = "openvswitch";
		ev_logcreate_add(c, &l, name, n, "ovs-vswitchd", -1,
		                 "`ovs-vsctl show` (an internal port)");
	} else {
		ev_ref_add(c, EV_REF_MEMBER, c->ovs_bridge, ifw_model_strndup(c->m, name, n), 0,
		           &l);
	}
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	const char *s = ev_skip_ws(l->s);
	return ev_starts(s, "ovs_version: \"") || (ev_starts(s, "Bridge ") && l->s != s &&
	                                           strlen(s) < 80 && !strchr(s + 7, ' '))
	           ? 3
	           : 0;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (ev_starts(s, "Port ") || ev_starts(s, "Bridge ") || ev_starts(s, "ovs_version:"))
		flush(c);
	if (!*s || ev_starts(s, "ovs_version:") || ev_starts(s, "Manager ") ||
	    ev_starts(s, "Controller ") || ev_starts(s, "is_connected:") ||
	    ev_starts(s, "fail_mode:") || ev_starts(s, "datapath_type:") ||
	    ev_starts(s, "options:") || ev_starts(s, "tag:") || ev_starts(s, "trunks:") ||
	    ev_starts(s, "error:") || ev_starts(s, "bond_mode:") || ev_starts(s, "Port "))
		return true;
	struct ev_tok b = word_after(s, "Bridge ");
	if (b.len) {
		c->ovs_bridge = IFW_NOID;
		/* a container's or any user's output (`docker logs web`) is no word of OVS's */
		if (b.len > 15 || !ev_ifname_ok(b.s, b.len) || ev_shown_by_log_viewer(c, l))
			return true;
		ifw_id id = IFW_NOID;
		struct ifw_iface *f = ev_iface_seen(c, l, b.s, b.len, &id);
		if (f && !f->kind)
			f->kind = "openvswitch";
		c->ovs_bridge = id;
		if (id != IFW_NOID)
			ev_logcreate_add(c, l, b.s, b.len, "ovs-vswitchd", -1, "`ovs-vsctl show`");
		return true;
	}
	struct ev_tok i = word_after(s, "Interface ");
	if (i.len) {
		flush(c);
		if (c->ovs_bridge == IFW_NOID || i.len > 15 || !ev_ifname_ok(i.s, i.len))
			return true;
		memcpy(c->ovs_pending, i.s, i.len);
		c->ovs_pending[i.len] = '\0';
		size_t n = l->len < sizeof(c->ovs_pending_line) - 1
		               ? l->len
		               : sizeof(c->ovs_pending_line) - 1;
		memcpy(c->ovs_pending_line, l->s, n);
		c->ovs_pending_line[n] = '\0';
		c->ovs_pending_no = l->no;
		c->ovs_pending_session = l->session;
		return true;
	}
	struct ev_tok ty = word_after(s, "type: ");
	if (ty.len) {
		/* a tunnel or patch port lives in OVS only: no kernel interface of that name */
		if (ev_tok_is(&ty, "vxlan") || ev_tok_is(&ty, "geneve") || ev_tok_is(&ty, "gre") ||
		    ev_tok_is(&ty, "stt") || ev_tok_is(&ty, "patch") || ev_tok_is(&ty, "lisp") ||
		    ev_tok_is(&ty, "erspan") || ev_tok_is(&ty, "ip6gre") ||
		    ev_tok_is(&ty, "bareudp"))
			c->ovs_pending[0] = '\0';
		else if (ev_tok_is(&ty, "internal"))
			c->ovs_internal = true;
		flush(c);
		return true;
	}
	/* a bridge's UUID line opens the listing */
	return strspn(s, "0123456789abcdef-") >= 36;
}

static void begin(struct ev_ctx *c)
{
	c->ovs_bridge = IFW_NOID;
	c->ovs_pending[0] = '\0';
	c->ovs_internal = false;
}

static void end(struct ev_ctx *c)
{
	flush(c);
	begin(c);
}

const struct ev_parser ev_p_ovsvsctl = {
    .shape = EV_OVSVSCTL,
    .name = "ovs-vsctl show",
    .detect = detect,
    .take = take,
    .begin = begin,
    .end = end,
};
