/* macOS's /Library/Preferences/SystemConfiguration/NetworkInterfaces.plist, the system's own
 * list of its network interfaces, as `defaults read` (or `plutil -p`) prints it or as XML:
 *   "BSD Name" = en12;                         <key>BSD Name</key> <string>en12</string>
 *   IOMACAddress = {length = 6, bytes = 0xacde48001122};
 *   SCNetworkInterfaceInfo = { UserDefinedName = iBridge; ... };
 *   SCNetworkInterfaceType = Ethernet;
 * Each dictionary is one interface the system has (or had): its BSD name, its MAC, and the name
 * the system gives its port (UserDefinedName, as networksetup's "Hardware Port"). The keys come
 * sorted, so the BSD name comes before the rest of its dictionary. */
#include "collect/evidence/ev.h"

#include <stdio.h>
#include <string.h>

static int detect(const struct ev_line *l, int min)
{
	(void)min;
	const char *s = ev_skip_ws(l->s);
	if (ev_starts(s, "\"BSD Name\" = ") || ev_starts(s, "\"BSD Name\" => ") ||
	    ev_starts(s, "<key>BSD Name</key>"))
		return 3;
	return 0;
}

static void begin(struct ev_ctx *c)
{
	c->plist.depth = 0;
	c->plist.iface = IFW_NOID;
	c->plist.key[0] = '\0';
}

/* The value of `KEY = VALUE;` (defaults) or `"KEY" => VALUE` (plutil -p), quotes dropped. */
static bool kv(const char *s, const char *key, const char **v, size_t *n)
{
	size_t k = strlen(key);
	bool quoted = s[0] == '"' && strncmp(s + 1, key, k) == 0 && s[k + 1] == '"';
	if (!quoted && !(strncmp(s, key, k) == 0 && s[k] == ' '))
		return false;
	const char *p = ev_skip_ws(s + k + (quoted ? 2 : 0));
	if (ev_starts(p, "=> "))
		p += 3;
	else if (ev_starts(p, "= "))
		p += 2;
	else
		return false;
	p = ev_skip_ws(p);
	size_t len = strcspn(p, ";");
	while (len && (p[len - 1] == ' ' || p[len - 1] == ','))
		len--;
	if (len >= 2 && p[0] == '"' && p[len - 1] == '"') {
		p++;
		len -= 2;
	}
	*v = p;
	*n = len;
	return len > 0;
}

/* An XML line's text between <tag> and </tag>. */
static bool xml(const char *s, const char *tag, const char **v, size_t *n)
{
	char open[16], close[16];
	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	if (!ev_starts(s, open))
		return false;
	const char *p = s + strlen(open), *e = strstr(p, close);
	if (!e)
		return false;
	*v = p;
	*n = (size_t)(e - p);
	return true;
}

static void name(struct ev_ctx *c, const struct ev_line *l, const char *v, size_t n)
{
	c->plist.iface = IFW_NOID;
	if (!ev_ifname_ok(v, n))
		return;
	ifw_id id;
	if (ev_iface_seen(c, l, v, n, &id)) {
		c->plist.iface = id;
		c->plist.name_depth = c->plist.depth;
	}
	c->votes_darwin++;
}

static void port(struct ev_ctx *c, const char *v, size_t n)
{
	if (c->plist.iface == IFW_NOID || c->plist.iface >= c->m->ifaces.n || !n || n > 64)
		return;
	struct ifw_iface *f = &c->m->ifaces.v[c->plist.iface];
	if (!f->hw_port)
		f->hw_port = ifw_model_strndup(c->m, v, n);
}

/* "{length = 6, bytes = 0xacde48001122}" */
static void mac(struct ev_ctx *c, const char *v, size_t n)
{
	const char *b = memmem(v, n, "bytes = 0x", 10);
	if (!b || c->plist.iface == IFW_NOID || c->plist.iface >= c->m->ifaces.n)
		return;
	b += 10;
	uint8_t m[6];
	for (size_t i = 0; i < 6; i++) {
		unsigned hi, lo;
		char h[3] = {b[2 * i], b[2 * i + 1], 0};
		if (!h[0] || !h[1] || sscanf(h, "%1x%1x", &hi, &lo) != 2)
			return;
		m[i] = (uint8_t)(hi << 4 | lo);
	}
	struct ifw_iface *f = &c->m->ifaces.v[c->plist.iface];
	if (!f->mac_len) {
		memcpy(f->mac, m, 6);
		f->mac_len = 6;
	}
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	size_t len = strlen(s);
	const char *v;
	size_t n;
	/* nesting: a dictionary's own lines, and what closes it */
	bool opens = (len && s[len - 1] == '{') || ev_starts(s, "<dict>") ||
	             (len && s[len - 1] == '(') || ev_starts(s, "<array>");
	bool closes =
	    s[0] == '}' || s[0] == ')' || ev_starts(s, "</dict>") || ev_starts(s, "</array>");
	if (closes) {
		if (c->plist.depth)
			c->plist.depth--;
		if (c->plist.depth < c->plist.name_depth)
			c->plist.iface = IFW_NOID;
	}
	if (opens)
		c->plist.depth++;
	if (kv(s, "BSD Name", &v, &n)) {
		name(c, l, v, n);
	} else if (xml(s, "key", &v, &n)) {
		size_t k = n < sizeof(c->plist.key) - 1 ? n : sizeof(c->plist.key) - 1;
		memcpy(c->plist.key, v, k);
		c->plist.key[k] = '\0';
		return true;
	} else if (xml(s, "string", &v, &n)) {
		if (strcmp(c->plist.key, "BSD Name") == 0)
			name(c, l, v, n);
		else if (strcmp(c->plist.key, "UserDefinedName") == 0)
			port(c, v, n);
	} else if (kv(s, "UserDefinedName", &v, &n)) {
		port(c, v, n);
	} else if (kv(s, "IOMACAddress", &v, &n)) {
		mac(c, v, n);
	} else if (!opens && !closes && !strchr(s, '=') && s[0] != '<' && *s) {
		return false; /* no line of a property list */
	}
	c->plist.key[0] = '\0';
	return true;
}

bool ev_ifplist_text(struct ev_ctx *c, const char *buf, size_t len, uint64_t first_line)
{
	if (!memmem(buf, len, "\"BSD Name\" = ", 13) && !memmem(buf, len, "\"BSD Name\" => ", 14))
		return false;
	begin(c);
	char line[1024];
	uint64_t no = first_line;
	for (size_t i = 0; i < len; no++) {
		size_t n = 0;
		while (i < len && buf[i] != '\n') {
			if (n + 1 < sizeof(line))
				line[n++] = buf[i];
			i++;
		}
		i++; /* the newline */
		line[n] = '\0';
		struct ev_line l = {.s = line, .len = n, .no = no};
		take(c, &l);
	}
	return true;
}

const struct ev_parser ev_p_ifplist = {
    .shape = EV_IFPLIST,
    .name = "NetworkInterfaces.plist",
    .detect = detect,
    .take = take,
    /* any user's log line may hold its words (`logger`): read only as output */
    .not_in_logs = true,
    .begin = begin,
};
