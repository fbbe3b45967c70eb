/* vm-bhyve's `vm switch info` (FreeBSD): each virtual switch, the bridge that is it, its uplinks
 * and its guests' ports, in vm-bhyve's own words:
 *   Virtual Switch: public
 *     type: standard
 *     ident: vm-public
 *     physical-ports: re1
 *     virtual-port
 *       device: tap0
 *       vm: freebsd
 * (https://github.com/churchers/vm-bhyve/issues/439). The ident is the bridge's interface name
 * (vm-bhyve names it vm-SWITCH); each port is one of its members, and a virtual port's device
 * is the network card of the VM named under it.
 * vm-bhyve's log says the same of a guest it starts ("vm-bhyve.log" in the guest's directory):
 *   Dec 02 21:36:02: initialising network device tap13
 * (https://github.com/churchers/vm-bhyve/issues/572; the month comes in the system's language):
 * the tap is a guest's card; the log file, not the line, names the guest. */
#include "collect/evidence/ev.h"

#include <ctype.h>
#include <string.h>

#define NETDEV_LINE ": initialising network device "

static int detect(const struct ev_line *l, int min)
{
	if (ev_label_value(l->s, "Virtual Switch"))
		return 3;
	return min <= 2 && strstr(l->s, NETDEV_LINE) ? 2 : 0;
}

/* Whether [s, end) is vm-bhyve's own time stamp, "Dec 02 21:36:02" (the month in the system's
 * language: "груд. 02 21:36:02"), and nothing else: syslog's host and tag after the time, or
 * any words, are another program's line quoting vm-bhyve's words (any user logs them). */
static bool own_stamp(const char *s, const char *end)
{
	size_t w = 0;
	while (s + w < end &&
	       (isalpha((unsigned char)s[w]) || (unsigned char)s[w] >= 0x80 || s[w] == '.'))
		w++;
	if (w < 2 || w > 16 || s[w] != ' ')
		return false;
	s += w + strspn(s + w, " ");
	size_t d = strspn(s, "0123456789");
	if (d < 1 || d > 2 || s[d] != ' ')
		return false;
	s += d + 1;
	for (int i = 0; i < 8; i++)
		if (i % 3 == 2 ? s[i] != ':' : !isdigit((unsigned char)s[i]))
			return false;
	return s + 8 == end;
}

/* "DATE TIME: initialising network device tap13 [tap14 ...]": each a guest's card. vm-bhyve
 * writes it to its own file: a line of another shape (a syslog line under any user's tag) is
 * not its word. */
static bool netdev_line(struct ev_ctx *c, struct ev_line *l)
{
	const char *p = strstr(l->s, NETDEV_LINE);
	if (!p)
		return false;
	if (!own_stamp(l->s, p))
		return true; /* known, and passed over */
	p += strlen(NETDEV_LINE);
	while (*p) {
		size_t n = strcspn(p, " \t");
		if (ev_ifname_ok(p, n)) {
			struct ifw_iface *f = ev_iface_seen(c, l, p, n, NULL);
			if (f && !f->vm_manager)
				f->vm_manager = "vm-bhyve";
		}
		p = ev_skip_ws(p + n);
	}
	c->votes_freebsd++;
	return true;
}

/* A port of the switch being read: an interface that exists, and a member of its bridge. */
static ifw_id port(struct ev_ctx *c, struct ev_line *l, const char *s, size_t n)
{
	if (!ev_ifname_ok(s, n))
		return IFW_NOID;
	ifw_id id;
	if (!ev_iface_seen(c, l, s, n, &id))
		return IFW_NOID;
	if (c->cur_iface != IFW_NOID && id != c->cur_iface) {
		struct ev_tok t = {s, n};
		ev_ref_add(c, EV_REF_MEMBER, c->cur_iface, ev_tok_dup(c, &t), 0, l);
	}
	return id;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	const char *v;
	if (netdev_line(c, l))
		return true;
	if (!*s || strspn(s, "-") == strlen(s))
		return true; /* the rules around each switch's title */
	if ((v = ev_label_value(s, "Virtual Switch"))) {
		c->cur_iface = IFW_NOID;
		size_t n = strcspn(v, " \t");
		c->vmsw_name = n && n < 256 ? ifw_model_strndup(c->m, v, n) : NULL;
		c->vmsw_port = IFW_NOID;
		return true;
	}
	if ((v = ev_label_value(s, "ident"))) {
		size_t n = strcspn(v, " \t");
		if (!ev_ifname_ok(v, n))
			return true; /* "-": a switch with no bridge (vale, netgraph) */
		struct ifw_iface *f = ev_iface_seen(c, l, v, n, &c->cur_iface);
		if (f) {
			if (!f->kind)
				f->kind = "bridge";
			f->info.has_bridge = true;
			if (c->vmsw_name && !f->net_name) {
				f->net_name = c->vmsw_name;
				f->net_runtime = "vm-bhyve";
				f->net_source = "vm switch info";
			}
		}
		c->votes_freebsd++;
		return true;
	}
	if ((v = ev_label_value(s, "physical-ports")) || (v = ev_label_value(s, "ports"))) {
		/* "re1", "re1 em0", "-" */
		while (*v) {
			size_t n = strcspn(v, " \t,");
			port(c, l, v, n);
			v = ev_skip_ws(v + n + (v[n] == ','));
		}
		return true;
	}
	if (ev_starts(s, "virtual-port")) {
		c->vmsw_port = IFW_NOID;
		return true;
	}
	if ((v = ev_label_value(s, "device"))) {
		c->vmsw_port = port(c, l, v, strcspn(v, " \t"));
		return true;
	}
	if ((v = ev_label_value(s, "vm"))) {
		size_t n = strcspn(v, " \t");
		if (c->vmsw_port != IFW_NOID && n && n < 256) {
			struct ifw_iface *f = &c->m->ifaces.v[c->vmsw_port];
			if (!f->vm_name) {
				f->vm_name = ifw_model_strndup(c->m, v, n);
				f->vm_manager = "vm-bhyve";
			}
		}
		return true;
	}
	/* type, vlan, bytes-in, bytes-out, address, mtu, nat: nothing kept */
	static const char *const other[] = {"type", "vlan", "bytes-in", "bytes-out", "address",
	                                    "mtu",  "nat",  "private",  "bridge"};
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		if (ev_label_value(s, other[i]))
			return true;
	return false;
}

static void begin(struct ev_ctx *c)
{
	c->cur_iface = IFW_NOID;
	c->vmsw_name = NULL;
	c->vmsw_port = IFW_NOID;
}

const struct ev_parser ev_p_vmswitch = {
    .shape = EV_VMSWITCH,
    .name = "vm switch info",
    .detect = detect,
    .take = take,
    .begin = begin,
    .end = begin,
    /* vm-bhyve's own table and log, never a container's output (a switch, a guest's card) */
    .not_in_logs = true,
};
