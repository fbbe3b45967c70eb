/* ModemManager's `mmcli -m N`: the daemon that drives a cellular modem lists its ports, the data
 * port among them ("wwan0 (net)"), with the modem's maker, model and drivers:
 *     Hardware |         manufacturer: Sierra Wireless, Incorporated
 *              |                model: EM7455
 *     System   |               device: /sys/devices/platform/.../usb4/4-1
 *              |              drivers: qcserial, qmi_wwan
 *              |                ports: ttyUSB0 (qcdm), ttyUSB1 (gps), ttyUSB2 (at),
 *              |                       cdc-wdm0 (qmi), wwan0 (net)
 * Versions before 1.10 quote the values ('EM7455') and keep the ports on one line. The
 * section names ("System") may be missing from a row; a row without a key continues the
 * value before it. */
#include "collect/evidence/ev.h"

#include <stdio.h>
#include <string.h>

/* The key and value of a "Section | key: value" row; false if l is no such row. A row with no
 * section name reaches here without its bar (paste.c takes a leading bar for a viewer's mark):
 * in_block accepts it. */
static bool row(const char *s, bool in_block, const char **key, size_t *klen, const char **val)
{
	const char *bar = memchr(s, '|', strnlen(s, 25)); /* runs on every line: look no further */
	for (const char *p = s; bar && p < bar; p++)      /* a section name, or nothing */
		if (!(*p == ' ' || *p == '\t' || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= 'a' && *p <= 'z') || *p == '-' || *p == '/'))
			bar = NULL;
	/* a row without its bar is indented under the values (a log line after the block, any
	 * user's "alice: wg0 (net)", is none) */
	if (!bar && (!in_block || (*s != ' ' && *s != '\t')))
		return false;
	const char *k = ev_skip_ws(bar ? bar + 1 : s);
	const char *colon = strstr(k, ": ");
	const char *end = colon ? colon : k + strlen(k);
	bool keyed = colon && colon - k <= 24;
	for (const char *p = k; keyed && p < end; p++)
		keyed = (*p >= 'a' && *p <= 'z') || *p == ' ' || *p == '/' || *p == '-';
	*key = keyed ? k : NULL;
	*klen = keyed ? (size_t)(end - k) : 0;
	*val = keyed ? ev_skip_ws(colon + 2) : k;
	return true;
}

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	const char *key, *val;
	size_t kl;
	if (!row(l->s, false, &key, &kl, &val) || !key)
		return 0;
	return (strstr(val, "/org/freedesktop/ModemManager1/Modem/") ||
	        (kl == 12 && memcmp(key, "manufacturer", 12) == 0 && strstr(l->s, "Hardware")))
	           ? 3
	           : 0;
}

/* A value without its quotes, into buf. */
static void value(const char *v, char *buf, size_t size)
{
	if (*v == '\'')
		v++;
	size_t n = strlen(v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\'' || v[n - 1] == '\t'))
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(buf, v, n);
	buf[n] = '\0';
}

/* "ttyUSB0 (qcdm), cdc-wdm0 (qmi), wwan0 (net)": the ports typed "net" are the modem's data
 * interfaces. */
static void ports(struct ev_ctx *c, const struct ev_line *l, const char *v)
{
	struct ev_toks t;
	char buf[512];
	value(v, buf, sizeof(buf));
	ev_tokenize(buf, &t);
	for (size_t i = 0; i + 1 < t.n; i++) {
		const struct ev_tok *name = &t.t[i], *type = &t.t[i + 1];
		if (!ev_starts(type->s, "(net)") || name->len > 15 ||
		    !ev_ifname_ok(name->s, name->len))
			continue;
		struct ifw_iface *f = ev_iface_seen(c, l, name->s, name->len, NULL);
		if (!f)
			continue;
		char modem[160];
		snprintf(modem, sizeof(modem), "%s%s%s", c->mm_maker, c->mm_maker[0] ? " " : "",
		         c->mm_model[0] ? c->mm_model : "(model not shown)");
		f->modem = ifw_model_strdup(c->m, modem);
		if (c->mm_drivers[0] && !f->driver)
			f->driver = ifw_model_strdup(c->m, c->mm_drivers);
		if (c->mm_usb && !f->bus)
			f->bus = "usb";
		c->votes_linux++;
	}
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *key, *val;
	size_t kl;
	const char *s = ev_skip_ws(l->s);
	if (ev_starts(s, "---"))
		return true;
	if (!row(l->s, true, &key, &kl, &val))
		return false;
	if (!key) { /* the rest of the value before */
		if (c->mm_in_ports)
			ports(c, l, val);
		return true;
	}
	c->mm_in_ports = kl == 5 && memcmp(key, "ports", 5) == 0;
	if (c->mm_in_ports)
		ports(c, l, val);
	else if (kl == 12 && memcmp(key, "manufacturer", 12) == 0)
		value(val, c->mm_maker, sizeof(c->mm_maker));
	else if (kl == 5 && memcmp(key, "model", 5) == 0)
		value(val, c->mm_model, sizeof(c->mm_model));
	else if (kl == 7 && memcmp(key, "drivers", 7) == 0)
		value(val, c->mm_drivers, sizeof(c->mm_drivers));
	else if (kl == 6 && memcmp(key, "device", 6) == 0)
		c->mm_usb = strstr(val, "/usb") != NULL;
	return true;
}

static void begin(struct ev_ctx *c)
{
	c->mm_maker[0] = c->mm_model[0] = c->mm_drivers[0] = '\0';
	c->mm_usb = c->mm_in_ports = false;
}

const struct ev_parser ev_p_mmcli = {
    .shape = EV_MMCLI,
    .name = "mmcli -m",
    .detect = detect,
    .take = take,
    .begin = begin,
    .not_in_logs = true,
};
