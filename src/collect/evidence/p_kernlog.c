/* The kernel's bridge messages, as `dmesg` or a syslog shows them:
 *   [  117.647233] lxdbr0: port 1(vethde3b95aa) entered forwarding state
 *   Jan  3 10:00:00 host kernel: docker0: port 2(veth1a2b3c4) entered blocking state
 * The bridge driver writes "BRIDGE: port N(PORT) entered STATE state" when a port joins or
 * changes state (net/bridge/br_stp.c): both are interfaces, the bridge is a bridge, the port is
 * its member with number N. A port that later left shows the same lines; the report says where
 * each fact was read.
 * And a driver's message about its device (netdev_info and friends print "DRIVER BUS-ID IFNAME:"):
 *   [   20.873816] igb 0000:04:00.0 eth3: igb: eth3 NIC Link is Up 1000 Mbps Full Duplex
 * names the card's driver and its PCI address: a network card.
 * And the lines that only say an interface exists, from the BSD kernels' if.c and Linux's
 * IPv6 autoconfiguration:
 *   Sep 15 01:01:43 kernel: [2682061] tap_1: link state changed to UP
 *   [    5.1] IPv6: ADDRCONF(NETDEV_CHANGE): wlan0: link becomes ready */
#include "collect/evidence/ev.h"

#include <ctype.h>
#include <string.h>

#define PORT ": port "

/* Whether the text before the message is the kernel's: no syslog tag (dmesg's "[  117.6] ") or
 * the one tag "kernel:". Any user's program logs what it likes under its own tag (`logger`
 * writes "host nobody: br0: port 1(eth0) entered forwarding state"), and a colon followed by a
 * blank is a tag's (times have digits after their colons). */
static bool from_kernel(const char *s, const char *msg)
{
	const char *tag = NULL;
	size_t tags = 0;
	for (const char *p = s; p < msg; p++)
		if (*p == ':' && (p + 1 == msg || p[1] == ' ' || p[1] == '\t')) {
			tags++;
			tag = p;
		}
	if (!tags)
		return true;
	if (tags > 1)
		return false;
	const char *b = tag;
	while (b > s && b[-1] != ' ' && b[-1] != '\t')
		b--;
	return tag - b == 6 && memcmp(b, "kernel", 6) == 0;
}

/* Whether msg starts `dmesg`'s line: nothing before it but dmesg's own "[  20.873816] " or
 * "[Thu Jan  6 10:58:30 2022] " (-T). A syslog line's "kernel:" tag is anyone's (`logger -t
 * kernel`), and so is a raw message to /dev/log with no tag at all. */
static bool dmesg_line(const char *s, const char *msg)
{
	while (*s == ' ')
		s++;
	if (*s == '[') {
		const char *e = memchr(s, ']', (size_t)(msg - s));
		if (!e)
			return false;
		s = e + 1;
		while (*s == ' ')
			s++;
	}
	return s == msg;
}

/* "BRIDGE: port N(PORT) entered X state": the bridge's and port's names and N, or false. */
static bool parse(const char *s, struct ev_tok *br, struct ev_tok *port, int64_t *num)
{
	const char *p = strstr(s, PORT);
	if (!p || !strstr(p, ") entered ") || !strstr(p, " state"))
		return false;
	const char *b = p;
	while (b > s && b[-1] != ' ' && b[-1] != ']' && b[-1] != '\t')
		b--;
	br->s = b;
	br->len = (size_t)(p - b);
	const char *q = p + strlen(PORT);
	int64_t n = 0;
	size_t d = 0;
	while (q[d] >= '0' && q[d] <= '9' && d < 5)
		n = n * 10 + (q[d++] - '0');
	if (!d || q[d] != '(')
		return false;
	const char *name = q + d + 1, *end = strchr(name, ')');
	if (!end)
		return false;
	port->s = name;
	port->len = (size_t)(end - name);
	*num = n;
	return br->len >= 1 && br->len <= 15 && port->len >= 1 && port->len <= 15 &&
	       !memchr(br->s, ' ', br->len) && !memchr(port->s, ' ', port->len) &&
	       from_kernel(s, br->s);
}

/* "0000:04:00.0": a PCI address (domain:bus:device.function). */
static bool pci_addr(const struct ev_tok *t)
{
	static const char shape[] = "xxxx:xx:xx.x";
	if (t->len != sizeof(shape) - 1)
		return false;
	for (size_t i = 0; i < t->len; i++)
		if (shape[i] == 'x' ? !strchr("0123456789abcdef", t->s[i]) : t->s[i] != shape[i])
			return false;
	return t->s[11] >= '0' && t->s[11] <= '7';
}

/* "1-2.2:1.0": a USB interface's address (bus-port[.port...]:config.interface). */
static bool usb_addr(const struct ev_tok *t)
{
	const char *s = t->s, *e = t->s + t->len;
	const char *colon = memchr(s, ':', t->len);
	if (!colon || t->len < 7 || t->len > 31 || !memchr(s, '-', (size_t)(colon - s)))
		return false;
	for (const char *p = s; p < colon; p++)
		if (!strchr("0123456789-.", *p))
			return false;
	const char *dot = memchr(colon, '.', (size_t)(e - colon));
	if (!dot || dot == colon + 1 || dot + 1 == e)
		return false;
	for (const char *p = colon + 1; p < e; p++)
		if (p != dot && (*p < '0' || *p > '9'))
			return false;
	return isdigit((unsigned char)s[0]);
}

/* "DRIVER 0000:04:00.0 IFNAME: ...", "DRIVER 1-2.2:1.0 IFNAME: ...": the driver, the PCI or
 * USB address and the interface. */
static bool netdev_line(const char *s, struct ev_tok *drv, struct ev_tok *bus, struct ev_tok *dev)
{
	struct ev_toks t;
	ev_tokenize(s, &t);
	for (size_t i = 0; i + 2 < t.n; i++) {
		if (!pci_addr(&t.t[i + 1]) && !usb_addr(&t.t[i + 1]))
			continue;
		const struct ev_tok *d = &t.t[i + 2];
		if (d->len < 2 || d->len > 16 || d->s[d->len - 1] != ':' || t.t[i].len > 31)
			return false;
		for (size_t k = 0; k + 1 < d->len; k++)
			if (!strchr(
			        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-",
			        d->s[k]))
				return false;
		for (size_t k = 0; k < t.t[i].len; k++)
			if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789_-", t.t[i].s[k]))
				return false;
		/* as for bridge lines: another program's tag (`logger`) is not the kernel */
		if (!from_kernel(s, t.t[i].s))
			return false;
		*drv = t.t[i];
		*bus = t.t[i + 1];
		*dev = (struct ev_tok){d->s, d->len - 1};
		return true;
	}
	return false;
}

#define LINK_STATE     ": link state changed to "
#define LINK_READY     ": link becomes ready"
#define LINK_NOT_READY ": link is not ready"

/* The interface a line says exists, or false; *bsd: the BSD kernels' line. */
static bool exists_line(const char *s, struct ev_tok *name, bool *bsd)
{
	const char *m = strstr(s, LINK_STATE);
	*bsd = m != NULL;
	if (!m) {
		const char *a = strstr(s, "ADDRCONF(NETDEV_");
		m = a ? strstr(a, LINK_READY) : NULL;
		if (!m && a)
			m = strstr(a, LINK_NOT_READY);
		if (!m || (strcmp(m, LINK_READY) != 0 && strcmp(m, LINK_NOT_READY) != 0))
			return false;
	} else if (strcmp(m + strlen(LINK_STATE), "UP") != 0 &&
	           strcmp(m + strlen(LINK_STATE), "DOWN") != 0) {
		return false;
	}
	const char *b = m;
	while (b > s && b[-1] != ' ' && b[-1] != ']' && b[-1] != '\t')
		b--;
	size_t n = (size_t)(m - b);
	if (n == 0 || n > 15)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-",
		            b[i]))
			return false;
	/* the kernel's: the tag before the name is "kernel:" or none (dmesg); IPv6's lines have
	 * their own two prefixes ("IPv6: ADDRCONF(NETDEV_CHANGE): ") */
	const char *a = *bsd ? NULL : strstr(s, "ADDRCONF(NETDEV_");
	const char *msg = b;
	if (a) {
		msg = a >= s + 6 && memcmp(a - 6, "IPv6: ", 6) == 0 ? a - 6 : a;
		if (b < a || strchr(a, ':') + 2 != b)
			return false;
	}
	if (!from_kernel(s, msg))
		return false;
	name->s = b;
	name->len = n;
	return true;
}

static int detect(const struct ev_line *l, int min)
{
	if (min > 2)
		return 0;
	struct ev_tok br, port, drv, bus;
	int64_t n;
	bool bsd;
	return parse(l->s, &br, &port, &n) || netdev_line(l->s, &drv, &bus, &port) ||
	               exists_line(l->s, &port, &bsd)
	           ? 2
	           : 0;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	struct ev_tok br, port, drv, bus;
	int64_t n;
	bool bsd;
	if (!parse(l->s, &br, &port, &n) && exists_line(l->s, &port, &bsd)) {
		ev_iface_logged(c, l, port.s, port.len, NULL);
		if (bsd)
			c->votes_freebsd++;
		else
			c->votes_linux++;
		return true;
	}
	if (!parse(l->s, &br, &port, &n)) {
		if (!netdev_line(l->s, &drv, &bus, &port))
			return false;
		ifw_id id = IFW_NOID;
		struct ifw_iface *f = ev_iface_logged(c, l, port.s, port.len, &id);
		if (!f)
			return true;
		c->votes_linux++;
		/* `dmesg`'s line is the kernel's own (no user writes /dev/kmsg); a syslog line's
		 * card is only one no listing shows (finish.c): any user's `logger -t kernel`
		 * made root's tun0 "a network card (igb driver)" */
		/* dmesg's form in a container's output (`docker logs web`) is the container's */
		bool kernels = dmesg_line(l->s, drv.s) &&
		               (!ev_shown_by_log_viewer(c, l) ||
		                (c->session_prog && strcmp(c->session_prog, "dmesg") == 0));
		if (!kernels) {
			ev_ref_add(c, EV_REF_LOGDRIVER, id, ev_tok_dup(c, &drv), 0, l);
			if (c->refs.n && c->refs.v[c->refs.n - 1].kind == EV_REF_LOGDRIVER &&
			    c->refs.v[c->refs.n - 1].id == id)
				c->refs.v[c->refs.n - 1].net_name = ev_tok_dup(c, &bus);
			return true;
		}
		if (!f->driver)
			f->driver = ev_tok_dup(c, &drv);
		if (!f->bus_info) {
			f->bus_info = ev_tok_dup(c, &bus);
			f->bus = memchr(bus.s, '-', bus.len) ? "usb" : "pci";
		}
		return true;
	}
	ifw_id b, p;
	if (!ev_iface_logged(c, l, br.s, br.len, &b) ||
	    !ev_iface_logged(c, l, port.s, port.len, &p))
		return true;
	/* a bridge only the log shows (finish.c): `logger -t kernel` is anyone's */
	ev_ref_add(c, EV_REF_LOGKIND, b, "bridge", 0, l);
	ev_ref_add(c, EV_REF_LOGMEMBER, b, ev_tok_dup(c, &port), 0, l);
	c->votes_linux++;
	return true;
}

const struct ev_parser ev_p_kernlog = {
    .shape = EV_KERNLOG,
    .name = "kernel log",
    .detect = detect,
    .take = take,
};
