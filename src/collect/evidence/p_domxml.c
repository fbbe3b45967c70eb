/* A libvirt domain's XML (`virsh dumpxml DOMAIN`, /etc/libvirt/qemu/NAME.xml): its network cards,
 * each an <interface> element:
 *   <interface type='bridge'>
 *     <mac address='52:54:00:5c:6b:2a'/>
 *     <source bridge='virbr0'/>
 *     <target dev='vnet0'/>
 *   </interface>
 *   <interface type='direct'>
 *     <source dev='eno1' mode='bridge'/>
 * libvirt is the daemon that knows: a source bridge is a bridge its guests join, a target device
 * is the one it made for the guest (a running domain's XML names it), and a direct card is a
 * macvtap libvirt makes on the source device. */
#include "collect/evidence/ev.h"

#include <net/if.h>
#include <stdio.h>
#include <string.h>

/* The value of attribute key='v' (or "v") in the element at s: its start and length, or 0. */
static size_t attr(const char *s, const char *key, const char **v)
{
	size_t k = strlen(key);
	for (const char *p = strstr(s, key); p; p = strstr(p + 1, key)) {
		if (p > s && p[-1] != ' ')
			continue;
		if (p[k] != '=' || (p[k + 1] != '\'' && p[k + 1] != '"'))
			continue;
		const char *b = p + k + 2, *e = strchr(b, p[k + 1]);
		if (!e || e == b || e - b > 64)
			return 0;
		*v = b;
		return (size_t)(e - b);
	}
	return 0;
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	const char *s = ev_skip_ws(l->s);
	const char *v;
	return ev_starts(s, "<interface type=") && attr(s, "type", &v) ? 3 : 0;
}

static void copy(char *dst, size_t size, const char *v, size_t n)
{
	if (n && n < size && ev_ifname_ok(v, n)) {
		memcpy(dst, v, n);
		dst[n] = '\0';
	}
}

/* Whether what a listing shows of the target (another MAC than the guest card's, none on a
 * point-to-point device) is another device than the one libvirt made: a macvtap has the guest
 * card's MAC, a tap the same but its first byte (0xfe). */
static bool other_device(const struct ifw_iface *t, const struct ev_domxml *d)
{
	if (t->mac_len == 6)
		return !d->has_mac || memcmp(t->mac + 1, d->mac + 1, 5) != 0;
	return (t->flags & (IFF_POINTOPOINT | IFF_NOARP)) != 0;
}

/* The card read so far, put into the model. */
static void flush(struct ev_ctx *c)
{
	struct ev_domxml *d = &c->domxml;
	if (!d->open) {
		memset(d, 0, sizeof(*d));
		return;
	}
	const struct ev_line l = {.s = d->line, .len = strlen(d->line), .no = d->no};
	/* a domain's XML is anyone's who may define one (libvirt's group, an inactive domain
	 * names any device): its kinds go only to an interface no listing shows (finish.c), and a
	 * target a listing shows otherwise (another MAC, a point-to-point device) is not libvirt's
	 * ("<target dev='enp3s0'/>" made root's card libvirtd's macvtap) */
	ifw_id bid = IFW_NOID;
	if (d->bridge[0] && ev_iface_seen(c, &l, d->bridge, strlen(d->bridge), &bid))
		ev_ref_add(c, EV_REF_LOGKIND, bid, "bridge", 0, &l);
	if (d->source[0]) /* a direct card's lower device */
		ev_iface_seen(c, &l, d->source, strlen(d->source), NULL);
	if (d->target[0]) {
		ifw_id id = IFW_NOID;
		struct ifw_iface *t = ev_iface_seen(c, &l, d->target, strlen(d->target), &id);
		if (t && !other_device(t, d)) {
			if (d->has_mac)
				ev_neigh_add(c, id, d->mac);
			if (d->bridge[0] && bid != IFW_NOID)
				ev_ref_add(c, EV_REF_LOGMEMBER, bid,
				           ifw_model_strdup(c->m, d->target), 0, &l);
			else if (d->source[0] && d->direct) {
				ev_ref_add(c, EV_REF_LINK, id, ifw_model_strdup(c->m, d->source), 0,
				           &l);
				ev_ref_add(c, EV_REF_LOGKIND, id, "macvtap", 0, &l);
			}
			/* libvirt writes every card's MAC (one it made up if none was given): an
			 * element without one is no domain's */
			struct ifw_logcreate *lc =
			    d->has_mac ? ev_logcreate_add(
			                     c, &l, d->target, strlen(d->target), "libvirtd", -1,
			                     "`virsh dumpxml` (the domain's interface target)")
			               : NULL;
			if (lc) {
				memcpy(lc->mac, d->mac, 6);
				lc->has_mac = true;
				lc->kinds = d->direct ? "macvtap" : "tun";
			}
		}
	}
	c->votes_linux++;
	memset(d, 0, sizeof(*d));
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	struct ev_domxml *d = &c->domxml;
	const char *s = ev_skip_ws(l->s);
	if (*s != '<')
		return !*s;
	const char *v;
	size_t n;
	if (ev_starts(s, "<interface type=")) {
		flush(c);
		/* a container's or a log's text is no domain of this host's */
		if (ev_shown_by_log_viewer(c, l))
			return true;
		d->open = true;
		n = attr(s, "type", &v);
		d->direct = n == 6 && memcmp(v, "direct", 6) == 0;
		snprintf(d->line, sizeof(d->line), "%s", l->s);
		d->no = l->no;
	} else if (ev_starts(s, "</interface>")) {
		flush(c);
	} else if (d->open && ev_starts(s, "<mac ") && (n = attr(s, "address", &v))) {
		d->has_mac = ev_parse_mac(v, n, d->mac, sizeof(d->mac)) == 6;
	} else if (d->open && ev_starts(s, "<source ")) {
		if ((n = attr(s, "bridge", &v)))
			copy(d->bridge, sizeof(d->bridge), v, n);
		else if ((n = attr(s, "dev", &v)))
			copy(d->source, sizeof(d->source), v, n);
	} else if (d->open && ev_starts(s, "<target ") && (n = attr(s, "dev", &v))) {
		copy(d->target, sizeof(d->target), v, n);
	}
	return true; /* the domain's other elements */
}

static void begin(struct ev_ctx *c)
{
	memset(&c->domxml, 0, sizeof(c->domxml));
}

const struct ev_parser ev_p_domxml = {
    .shape = EV_DOMXML,
    .name = "libvirt domain XML (virsh dumpxml)",
    .detect = detect,
    .take = take,
    .begin = begin,
    .end = flush,
};
