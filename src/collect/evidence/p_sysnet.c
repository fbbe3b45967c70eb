/* Linux's sysfs links of network interfaces: where each interface's device sits tells a card
 * (on a bus) from a virtual device (no parent device at all):
 *   $ ls -l /sys/class/net/
 *   lrwxrwxrwx 1 root root 0 Oct  3 13:06 docker0 -> ../../devices/virtual/net/docker0
 *   lrwxrwxrwx 1 root root 0 Oct  3 13:06 wlan0 -> ../../devices/pci0000:00/0000:00:14.3/net/wlan0
 *   $ readlink -f /sys/class/net/enp0s31f6
 *   /sys/devices/pci0000:00/0000:00:1f.6/net/enp0s31f6
 * The kernel puts a device without a parent under devices/virtual; a card's path names its bus
 * and its address on it (PCI slot, USB port), which is the bus information ethtool prints.
 * Only whole lines of these forms are read, with the link's own name and the path's last
 * component the same: a message that merely ends in such a path names nothing. */
#include "collect/evidence/ev.h"

#include <string.h>

/* The path at p: up to the first blank. */
static size_t path_len(const char *p)
{
	return strcspn(p, " \t\r\n");
}

/* The interface name a device path ends in ("../../devices/.../net/NAME[/]"), or NULL. */
static const char *path_name(const char *p, size_t len, size_t *n)
{
	while (len && p[len - 1] == '/')
		len--;
	size_t i = len;
	while (i && p[i - 1] != '/')
		i--;
	if (i < 5 || memcmp(p + i - 5, "/net/", 5) != 0 || !ev_ifname_ok(p + i, len - i))
		return NULL;
	*n = len - i;
	return p + i;
}

/* The device path of a line: a whole line that is one ("/sys/devices/...", "../../devices/..."),
 * or "[ls -l columns] NAME -> PATH" with NAME's last component the interface's name. */
static const char *line_path(const char *s, size_t *len, const char **name, size_t *nlen)
{
	s = ev_skip_ws(s);
	const char *arrow = strstr(s, " -> ");
	const char *p = arrow ? ev_skip_ws(arrow + 4) : s;
	if (!ev_starts(p, "/sys/devices/") && !ev_starts(p, "../../devices/") &&
	    !ev_starts(p, "../../../devices/"))
		return NULL;
	*len = path_len(p);
	if (*ev_skip_ws(p + *len))
		return NULL;
	*name = path_name(p, *len, nlen);
	if (!*name)
		return NULL;
	if (arrow) {
		/* the link's name: the word before the arrow, its directories aside */
		const char *e = arrow;
		const char *b = e;
		while (b > s && b[-1] != ' ' && b[-1] != '\t' && b[-1] != '/')
			b--;
		if ((size_t)(e - b) != *nlen || memcmp(b, *name, *nlen) != 0)
			return NULL;
		/* ls -l's columns begin with the link's mode, a bare link with its name or path */
		if (b != s && s[0] != 'l' && s[0] != '/')
			return NULL;
		/* sysfs links are root's (0 with ls -n): another owner's is a user's (`ls -la
		 * /tmp`) */
		if (s[0] == 'l') {
			struct ev_toks t;
			ev_tokenize(s, &t);
			if (t.n < 3 || (!ev_tok_is(&t.t[2], "root") && !ev_tok_is(&t.t[2], "0")))
				return NULL;
		}
	}
	return p;
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	size_t len, n;
	const char *name;
	return line_path(l->s, &len, &name, &n) ? 3 : 0;
}

/* The bus a device path shows, and the device's address on it (the component before /net/). */
static void path_bus(const char *p, size_t len, const char **bus, const char **driver)
{
	*bus = NULL;
	*driver = NULL;
	char path[512];
	if (len >= sizeof path)
		len = sizeof path - 1;
	memcpy(path, p, len);
	path[len] = '\0';
	if (strstr(path, "/virtio")) {
		*bus = "virtio";
		*driver = "virtio_net";
	} else if (strstr(path, "/VMBUS:") || strstr(path, "/vmbus")) {
		*bus = "vmbus";
		*driver = "hv_netvsc";
	} else if (strstr(path, "/usb")) {
		*bus = "usb";
	} else if (strstr(path, "devices/pci")) {
		*bus = "pci";
	} else if (strstr(path, "devices/platform/")) {
		*bus = "platform";
	} else if (strstr(path, "devices/vif-") || strstr(path, "/xen")) {
		*bus = "xen";
		*driver = "xen_netfront";
	}
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (!*s || (ev_starts(s, "total ") && strspn(s + 6, "0123456789") == strlen(s + 6)))
		return true; /* ls's first line */
	size_t len, n;
	const char *name;
	const char *p = line_path(l->s, &len, &name, &n);
	if (!p)
		return false;
	/* a typed command's output is sysfs's only if the command names it (`ls -l /tmp` lists
	 * links anyone makes) */
	if (l->session && c->cmd && !strstr(c->cmd, "/sys") && !strstr(c->cmd, "sys/"))
		return false;
	struct ifw_iface *f = ev_iface_seen(c, l, name, n, NULL);
	if (!f)
		return true;
	c->votes_linux++;
	const char *dev = strstr(p, "devices/") + 8;
	if (ev_starts(dev, "virtual/"))
		return true; /* no parent device: software made it */
	/* the parent device's name: the path's component before "/net/" */
	const char *end = name - 5;
	const char *b = end;
	while (b > dev && b[-1] != '/')
		b--;
	const char *bus, *driver;
	path_bus(p, len, &bus, &driver);
	if (!f->bus_info && end > b) {
		struct ev_tok t = {b, (size_t)(end - b)};
		f->bus_info = ev_tok_dup(c, &t);
	}
	if (!f->bus && bus)
		f->bus = bus;
	if (!f->driver && driver)
		f->driver = driver;
	return true;
}

const struct ev_parser ev_p_sysnet = {
    .shape = EV_SYSNET,
    .name = "ls -l /sys/class/net",
    .detect = detect,
    .take = take,
    .not_in_logs = true,
};
