/* `ip -d -j link`, `ip -j addr` (and `ip -j route`): JSON arrays of objects, one per interface
 * (or route). A document is gathered line by line up to EV_MAX_JSON, then parsed at once. The
 * link and addr dumps describe the same interfaces: they are merged by name. */
#include "collect/evidence/ev.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int detect(const struct ev_line *l, int min)
{
	const char *s = ev_skip_ws(l->s);
	if (ev_starts(s, "[{\"ifindex\"") || ev_starts(s, "[{\"ifname\"") ||
	    ev_starts(s, "[{\"dst\"") || ev_starts(s, "[{\"type\"") || ev_starts(s, "[{\"link\""))
		return 3;
	if (min > 2)
		return 0;
	return (s[0] == '[' || s[0] == '{') && (!s[1] || s[1] == '{' || s[1] == '"' || s[1] == ']')
	           ? 2
	           : 0;
}

/* `docker network inspect NET` (Docker: "Name", "Id", "Driver", the bridge's name in Options
 * "com.docker.network.bridge.name" or else "br-" and 12 digits of the id) and `podman network
 * inspect NET` (Podman 4 with netavark: "name", "driver", "network_interface"). */
static void container_network(struct ev_ctx *c, json_t *o)
{
	json_t *v = json_object_get(o, "Name");
	bool docker = json_is_string(v);
	if (!docker)
		v = json_object_get(o, "name");
	json_t *drv = json_object_get(o, docker ? "Driver" : "driver");
	if (!json_is_string(v) || !json_is_string(drv) ||
	    strcmp(json_string_value(drv), "bridge") != 0 || strlen(json_string_value(v)) > 255)
		return;
	char bridge[64] = "";
	if (docker) {
		json_t *opt = json_object_get(json_object_get(o, "Options"),
		                              "com.docker.network.bridge.name");
		json_t *id = json_object_get(o, "Id");
		if (json_is_string(opt) && strlen(json_string_value(opt)) < sizeof(bridge))
			snprintf(bridge, sizeof(bridge), "%s", json_string_value(opt));
		else if (json_is_string(id) && strlen(json_string_value(id)) >= 12)
			snprintf(bridge, sizeof(bridge), "br-%.12s", json_string_value(id));
	} else {
		json_t *dev = json_object_get(o, "network_interface");
		if (json_is_string(dev) && strlen(json_string_value(dev)) < sizeof(bridge))
			snprintf(bridge, sizeof(bridge), "%s", json_string_value(dev));
	}
	if (!bridge[0])
		return;
	size_t before = c->refs.n;
	ev_ref_add(c, EV_REF_NETNAME, IFW_NOID, ifw_model_strdup(c->m, bridge), 0, NULL);
	if (c->refs.n == before)
		return;
	struct ev_ref *r = &c->refs.v[before];
	r->net_name = ifw_model_strdup(c->m, json_string_value(v));
	r->net_runtime = docker ? "docker" : "podman";
	r->net_source = docker ? "docker network inspect" : "podman network inspect";
	c->votes_linux++;
}

/* A JSON log line (zap, slog, logrus, bunyan: {"level":"info","ts":...,"msg":"created TUN
 * device","device":"tun9"}): the interface its fields name exists, and its message, with that
 * name after it, is read as any log line's words of a creation (echo.c). */
static void json_log(struct ev_ctx *c, json_t *o)
{
	static const char *const times[] = {"ts", "time", "timestamp", "@timestamp", "t"};
	static const char *const msgs[] = {"msg", "message"};
	static const char *const names[] = {
	    "interface", "iface",          "ifname",   "device",    "dev",
	    "tun",       "interface_name", "tun_name", "tunDevice", "interfaceName"};
	bool stamped = false;
	for (size_t i = 0; i < sizeof(times) / sizeof(times[0]) && !stamped; i++)
		stamped = json_object_get(o, times[i]) != NULL;
	const char *msg = NULL;
	for (size_t i = 0; i < sizeof(msgs) / sizeof(msgs[0]) && !msg; i++)
		msg = json_string_value(json_object_get(o, msgs[i]));
	if (!stamped || !msg)
		return;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v = json_string_value(json_object_get(o, names[i]));
		size_t n = v ? strlen(v) : 0;
		if (!n || n > 15 || !ev_ifname_ok(v, n) || !strpbrk(v, "0123456789"))
			continue;
		char buf[512];
		int w = snprintf(buf, sizeof(buf), "%s %s", msg, v);
		if (w < 0 || (size_t)w >= sizeof(buf))
			w = 0, buf[0] = '\0';
		struct ev_line line = {buf, (size_t)w, c->json.start_line, false, false};
		ev_iface_seen(c, &line, v, n, NULL);
		ev_echo_record(c, &line, buf, true);
		return;
	}
}

/* Another tool's JSON list of interfaces (fastfetch's `localip`, a monitoring agent's):
 * objects with an interface's name and its addresses, MAC or MTU, at any depth up to 4. */
static void json_ifaces(struct ev_ctx *c, json_t *v, int depth)
{
	if (depth > 4 || c->full)
		return;
	if (json_is_array(v)) {
		size_t n = json_array_size(v);
		for (size_t i = 0; i < n && i < 4096; i++)
			json_ifaces(c, json_array_get(v, i), depth + 1);
		return;
	}
	if (!json_is_object(v))
		return;
	const char *name = json_string_value(json_object_get(v, "name"));
	size_t n = name ? strlen(name) : 0;
	json_t *v4 = json_object_get(v, "ipv4"), *v6 = json_object_get(v, "ipv6");
	if (n && n <= 15 && ev_ifname_ok(name, n) &&
	    (v4 || v6 || json_object_get(v, "mac") || json_object_get(v, "mtu"))) {
		char buf[64];
		snprintf(buf, sizeof(buf), "%s", name);
		struct ev_line line = {buf, n, c->json.start_line, false, false};
		ifw_id id = IFW_NOID;
		if (!ev_iface_seen(c, &line, name, n, &id))
			return;
		json_t *addrs[2] = {v4, v6};
		for (int a = 0; a < 2; a++) {
			const char *t = json_string_value(addrs[a]);
			struct ifw_ip ip;
			int plen;
			struct ev_tok tok = {t, t ? strlen(t) : 0};
			if (t && tok.len < 64 && ev_parse_prefix(&tok, &ip, &plen) && plen >= 0)
				ev_addr_add(c, id, &ip, (uint8_t)plen);
		}
		json_int_t mtu = json_integer_value(json_object_get(v, "mtu"));
		if (mtu > 0 && mtu <= 65535 && !c->m->ifaces.v[id].mtu)
			c->m->ifaces.v[id].mtu = (uint32_t)mtu;
		return;
	}
	const char *key;
	json_t *sub;
	json_object_foreach(v, key, sub)
	{
		if (json_is_array(sub) || json_is_object(sub))
			json_ifaces(c, sub, depth + 1);
	}
}

/* Parallels' `prlsrvctl net list --json`: [{"Network ID": "Shared", "Type": "shared",
 * "Bound To": "vnic0"}], an object of the document or of its list only (one inside a JSON log
 * line holds what the program logged: any user's words). */
static void prl_network(struct ev_ctx *c, json_t *v)
{
	const char *bound = json_string_value(json_object_get(v, "Bound To"));
	const char *type = json_string_value(json_object_get(v, "Type"));
	size_t bn = bound ? strlen(bound) : 0;
	if (!bn || bn > 15 || !type || !ev_ifname_ok(bound, bn))
		return;
	char buf[64];
	snprintf(buf, sizeof(buf), "%s", bound);
	struct ev_line line = {buf, bn, c->json.start_line, false, c->json.start_session};
	ev_iface_seen(c, &line, bound, bn, NULL);
	if (strcmp(type, "shared") == 0 || strcmp(type, "host-only") == 0)
		ev_logcreate_add(c, &line, bound, bn, "Parallels Desktop", -1,
		                 "`prlsrvctl net list`");
}

static void document(struct ev_ctx *c, json_t *root, const char *src)
{
	json_t *one = json_is_object(root) ? root : NULL;
	size_t i, n = one ? 1 : json_array_size(root);
	bool ip = false;
	for (i = 0; i < n && !c->full; i++) {
		json_t *o = one ? one : json_array_get(root, i);
		if (!json_is_object(o))
			continue;
		if (json_object_get(o, "ifname")) {
			ev_ipjson_link(c, o, src);
			c->ipjson_links = true;
			ip = true;
		} else if (json_object_get(o, "dst")) {
			ev_ipjson_route(c, o, src);
			ip = true;
		} else if (json_object_get(o, "Driver") || json_object_get(o, "driver")) {
			/* the runtime's own answer, not a container's output (`docker logs web`
			 * printing it named root's bridge's network, likely) */
			if (!c->session_log || ev_cmd_has(c, "network", "inspect"))
				container_network(c, o);
		} else if (json_object_get(o, "Network ID") && json_object_get(o, "Bound To"))
			prl_network(c, o);
		else
			json_log(c, o);
	}
	if (ip) { /* ip -j: Linux's; a JSON log or a runtime's document may be any system's */
		c->votes_linux++;
	} else {
		json_ifaces(c, root, 0);
		/* ohai's, facter's, ansible's, node's interface dumps (p_ifdump.c), not in a log
		 * viewer's output or ps's (a container printing Go's net.Interface JSON under
		 * `docker logs`, or a process's arguments, gave root's wg0 its MAC) */
		if (!c->json.start_log)
			ev_ifdump_json(c, root, c->json.start_line, c->json.start_session);
	}
}

static void reset(struct ev_ctx *c)
{
	c->json.len = 0;
	c->json.lines = 0;
	c->json.depth = 0;
	c->json.in_str = c->json.esc = c->json.started = c->json.failed = false;
}

/* Adds the line to the document and tracks bracket depth outside strings. */
static bool append(struct ev_ctx *c, const struct ev_line *l)
{
	struct ev_json *j = &c->json;
	j->lines++;
	if (j->failed || j->len + l->len + 1 > EV_MAX_JSON) {
		j->failed = true;
	} else {
		if (j->len + l->len + 2 > j->cap) {
			size_t cap = j->cap ? j->cap : 65536;
			while (cap < j->len + l->len + 2)
				cap *= 2;
			char *nb = realloc(j->buf, cap);
			if (!nb) {
				j->failed = true;
				goto scan;
			}
			j->buf = nb;
			j->cap = cap;
		}
		memcpy(j->buf + j->len, l->s, l->len);
		j->len += l->len;
		j->buf[j->len++] = '\n';
	}
scan:
	for (size_t i = 0; i < l->len; i++) {
		char ch = l->s[i];
		if (j->in_str) {
			if (j->esc)
				j->esc = false;
			else if (ch == '\\')
				j->esc = true;
			else if (ch == '"')
				j->in_str = false;
		} else if (ch == '"') {
			j->in_str = true;
		} else if (ch == '[' || ch == '{') {
			j->depth++;
			j->started = true;
		} else if (ch == ']' || ch == '}') {
			j->depth--;
		}
	}
	return j->started && j->depth <= 0;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	if (!c->json.started) {
		const char *s = ev_skip_ws(l->s);
		if (!*s)
			return true;
		if (*s != '[' && *s != '{')
			return false;
		c->json.start_line = l->no;
		c->json.start_session = l->session;
		/* a process's arguments (`ps -eo args`) are any user's text too */
		c->json.start_log =
		    c->session_log || (l->session && (c->hint == EV_PS || c->hint == EV_SDSTATUS));
	}
	if (!append(c, l))
		return true;
	const char *src = ifw_arena_printf(&c->m->arena, "%s:%llu", c->file ? c->file : "evidence",
	                                   (unsigned long long)c->json.start_line);
	json_error_t e;
	json_t *root = c->json.failed
	                   ? NULL
	                   : json_loadb(c->json.buf, c->json.len, JSON_DISABLE_EOF_CHECK, &e);
	if (root) {
		document(c, root, src);
		json_decref(root);
	} else if (!c->json.failed && !c->json.start_log &&
	           ev_ifdump_text(c, c->json.buf, c->json.len, c->json.start_line,
	                          c->json.start_session)) {
		/* not JSON but an inventory's printout in JavaScript's, Ruby's or Python's
		 * notation (node's console.log, facter, psutil): read by its keys */
	} else if (!c->json.failed && !c->json.start_log &&
	           ev_ifplist_text(c, c->json.buf, c->json.len, c->json.start_line)) {
		/* macOS's `defaults read` of NetworkInterfaces.plist */
	} else {
		ifw_model_warn(c->m, "evidence: %s: JSON that could not be read (%s)", src,
		               c->json.failed ? "too large" : e.text);
		c->m->skipped_lines += c->json.lines;
	}
	reset(c);
	return true;
}

static void end(struct ev_ctx *c)
{
	if (c->json.started && !c->json.failed && !c->json.start_log &&
	    ev_ifdump_text(c, c->json.buf, c->json.len, c->json.start_line,
	                   c->json.start_session)) {
		reset(c); /* an inventory's dump cut short: read by its keys (p_ifdump.c) */
		return;
	}
	if (c->json.started) {
		ifw_model_warn(c->m, "evidence: %s: JSON cut short at line %llu",
		               c->file ? c->file : "?", (unsigned long long)c->json.start_line);
		c->m->skipped_lines += c->json.lines;
	}
	reset(c);
}

const struct ev_parser ev_p_ipjson = {
    .shape = EV_IPJSON,
    .name = "ip -j",
    .detect = detect,
    .take = take,
    .begin = reset,
    .end = end,
};
