/* Parsers of container runtime and libvirt state; see runtime_state.h. */
#include "collect/linux/json_load.h"
#include "collect/linux/runtime_state.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Copies a JSON string value (or nothing) into a fixed buffer; a longer one is cut. */
static void take(char *dst, size_t cap, json_t *v)
{
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;
	if (!s)
		return;
	snprintf(dst, cap, "%s", s);
}

static json_t *load(const char *json, size_t n, struct ifw_err *err)
{
	return ifw_json_load(json, n, IFW_RTSTATE_MAX_FILE, err);
}

int ifw_docker_parse_container(const char *json, size_t n, struct ifw_ctr_info *out,
                               struct ifw_err *err)
{
	memset(out, 0, sizeof(*out));
	json_t *root = load(json, n, err);
	if (!root)
		return -1;
	int rc = 0;
	json_t *name = json_object_get(root, "Name");
	if (!json_is_object(root) || !json_is_string(name) || !json_string_value(name)[0]) {
		rc = ifw_fail(err, IFW_E_PARSE, "no container \"Name\"");
		goto out;
	}
	const char *nm = json_string_value(name);
	snprintf(out->name, sizeof(out->name), "%s", nm[0] == '/' ? nm + 1 : nm);
	json_t *cfg = json_object_get(root, "Config");
	if (json_is_object(cfg)) {
		take(out->image, sizeof(out->image), json_object_get(cfg, "Image"));
		json_t *labels = json_object_get(cfg, "Labels");
		if (json_is_object(labels))
			take(out->project, sizeof(out->project),
			     json_object_get(labels, "com.docker.compose.project"));
	}
out:
	json_decref(root);
	return rc;
}

int ifw_podman_parse_containers(const char *json, size_t n, const char *id,
                                struct ifw_ctr_info *out, struct ifw_err *err)
{
	memset(out, 0, sizeof(*out));
	json_t *root = load(json, n, err);
	if (!root)
		return -1;
	int rc = 1;
	if (!json_is_array(root)) {
		rc = ifw_fail(err, IFW_E_PARSE, "not an array of containers");
		goto out;
	}
	size_t i;
	json_t *c;
	json_array_foreach(root, i, c)
	{
		json_t *cid = json_object_get(c, "id");
		if (!json_is_string(cid) || strcmp(json_string_value(cid), id) != 0)
			continue;
		json_t *names = json_object_get(c, "names");
		if (json_is_array(names))
			take(out->name, sizeof(out->name), json_array_get(names, 0));
		/* libpod keeps the image's name (what was asked for) in "metadata", itself JSON in
		 * a string; the entry's own "image" is only the image id. */
		json_t *md = json_object_get(c, "metadata");
		if (json_is_string(md)) {
			json_t *meta =
			    json_loadb(json_string_value(md), json_string_length(md), 0, NULL);
			if (json_is_object(meta)) {
				take(out->image, sizeof(out->image),
				     json_object_get(meta, "image-name"));
				if (!out->name[0])
					take(out->name, sizeof(out->name),
					     json_object_get(meta, "name"));
			}
			json_decref(meta);
		}
		rc = 0;
		break;
	}
out:
	json_decref(root);
	return rc;
}

int ifw_docker_parse_network(const char *json, size_t n, struct ifw_ctr_net *out,
                             struct ifw_err *err)
{
	memset(out, 0, sizeof(*out));
	json_t *root = load(json, n, err);
	if (!root)
		return -1;
	int rc = 0;
	take(out->name, sizeof(out->name), json_object_get(root, "Name"));
	take(out->id, sizeof(out->id), json_object_get(root, "Id"));
	if (!out->name[0] || !out->id[0])
		rc = ifw_fail(err, IFW_E_PARSE, "no network \"Name\" and \"Id\"");
	json_decref(root);
	return rc;
}

int ifw_podman_parse_network(const char *json, size_t n, struct ifw_ctr_net *out,
                             struct ifw_err *err)
{
	memset(out, 0, sizeof(*out));
	json_t *root = load(json, n, err);
	if (!root)
		return -1;
	int rc = 0;
	take(out->name, sizeof(out->name), json_object_get(root, "name"));
	/* netavark */
	take(out->bridge, sizeof(out->bridge), json_object_get(root, "network_interface"));
	/* CNI: the first plugin of type bridge */
	json_t *plugins = json_object_get(root, "plugins");
	size_t i;
	json_t *pl;
	if (!out->bridge[0] && json_is_array(plugins))
		json_array_foreach(plugins, i, pl)
		{
			json_t *type = json_object_get(pl, "type");
			if (json_is_string(type) &&
			    strcmp(json_string_value(type), "bridge") == 0) {
				take(out->bridge, sizeof(out->bridge),
				     json_object_get(pl, "bridge"));
				break;
			}
		}
	if (!out->name[0] || !out->bridge[0])
		rc = ifw_fail(err, IFW_E_PARSE, "no network name and bridge");
	json_decref(root);
	return rc;
}

static bool is_uid_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '-' || c == '_';
}

/* 36 chars of 8-4-4-4-12 hex with '-' or '_' between. */
static bool uid_at(const char *s, const char *end, char uid[37])
{
	if (end - s < 36)
		return false;
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		char c = s[i];
		if (dash ? (c != '-' && c != '_') : !(is_uid_char(c) && c != '-' && c != '_'))
			return false;
		uid[i] = dash ? '-' : c;
	}
	uid[36] = '\0';
	/* Whatever follows ends the component: '/', ".slice", or the end. */
	return s + 36 == end || s[36] == '/' || s[36] == '.';
}

bool ifw_kube_pod_uid(const char *cgroup, size_t len, char uid[37])
{
	const char *end = cgroup + len;
	bool kube = false;
	for (const char *p = cgroup; p + 8 <= end && !kube; p++)
		kube = memcmp(p, "kubepods", 8) == 0;
	if (!kube)
		return false;
	/* "/pod" + uid (cgroupfs) or "-pod" + uid + ".slice" (systemd); the innermost wins. */
	bool found = false;
	for (const char *p = cgroup; p + 4 <= end; p++)
		if ((p[0] == '/' || p[0] == '-') && memcmp(p + 1, "pod", 3) == 0 &&
		    uid_at(p + 4, end, uid))
			found = true;
	return found;
}

bool ifw_kube_pod_dir(const char *dirname, const char *uid, char *ns, size_t ns_cap, char *name,
                      size_t name_cap)
{
	/* Namespace and pod names are DNS labels/subdomains: no '_', so the split is exact. */
	const char *u1 = strchr(dirname, '_');
	const char *u2 = u1 ? strchr(u1 + 1, '_') : NULL;
	if (!u1 || !u2 || u1 == dirname || u2 == u1 + 1 || strchr(u2 + 1, '_') ||
	    strcmp(u2 + 1, uid) != 0)
		return false;
	size_t nl = (size_t)(u1 - dirname), ml = (size_t)(u2 - u1 - 1);
	if (nl >= ns_cap || ml >= name_cap || nl > 253 || ml > 253)
		return false;
	for (const char *p = dirname; p < u2; p++)
		if (p != u1 && !((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		                 *p == '-' || *p == '.'))
			return false;
	memcpy(ns, dirname, nl);
	ns[nl] = '\0';
	memcpy(name, u1 + 1, ml);
	name[ml] = '\0';
	return true;
}

/* --- libvirt: a bounded scan for <domain>, its <name>, and each <interface>. --- */

struct xscan {
	const char *p, *end;
};

/* The next tag: sets *tag and *tlen to the whole "<...>" (comments, PIs and CDATA skipped).
 * false at the end or on an unterminated tag. */
static bool next_tag(struct xscan *x, const char **tag, size_t *tlen)
{
	for (;;) {
		const char *lt = memchr(x->p, '<', (size_t)(x->end - x->p));
		if (!lt)
			return false;
		if (x->end - lt >= 4 && memcmp(lt, "<!--", 4) == 0) {
			const char *q = lt + 4;
			while (q + 3 <= x->end && memcmp(q, "-->", 3) != 0)
				q++;
			if (q + 3 > x->end)
				return false;
			x->p = q + 3;
			continue;
		}
		const char *gt = memchr(lt, '>', (size_t)(x->end - lt));
		if (!gt)
			return false;
		x->p = gt + 1;
		if (lt[1] == '?' || lt[1] == '!')
			continue;
		*tag = lt;
		*tlen = (size_t)(gt + 1 - lt);
		return true;
	}
}

/* Is tag an opening (or empty) element named el? */
static bool is_open(const char *tag, size_t tlen, const char *el)
{
	size_t n = strlen(el);
	if (tlen < n + 2 || memcmp(tag + 1, el, n) != 0)
		return false;
	char c = tag[n + 1];
	return c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_close(const char *tag, size_t tlen, const char *el)
{
	size_t n = strlen(el);
	return tlen == n + 3 && tag[1] == '/' && memcmp(tag + 2, el, n) == 0;
}

/* Attribute attr of a tag ('...' or "..."), copied into dst; "" when absent. Entities are not
 * decoded: a name with '&' keeps it as written (shown sanitized later). */
static void attr(const char *tag, size_t tlen, const char *at, char *dst, size_t cap)
{
	dst[0] = '\0';
	size_t n = strlen(at);
	const char *end = tag + tlen;
	for (const char *p = tag + 1; p + n + 2 < end; p++) {
		if ((p[-1] != ' ' && p[-1] != '\t' && p[-1] != '\n') || memcmp(p, at, n) != 0 ||
		    p[n] != '=')
			continue;
		char q = p[n + 1];
		if (q != '\'' && q != '"')
			return;
		const char *s = p + n + 2;
		const char *e = memchr(s, q, (size_t)(end - s));
		if (!e)
			return;
		size_t l = (size_t)(e - s);
		if (l >= cap)
			l = cap - 1;
		memcpy(dst, s, l);
		dst[l] = '\0';
		return;
	}
}

int ifw_libvirt_parse_domain(const char *xml, size_t n, struct ifw_vm_info *out,
                             struct ifw_err *err)
{
	memset(out, 0, sizeof(*out));
	if (n > IFW_RTSTATE_MAX_FILE)
		return ifw_fail(err, IFW_E_LIMIT, "larger than %u bytes", IFW_RTSTATE_MAX_FILE);
	if (memchr(xml, '\0', n))
		return ifw_fail(err, IFW_E_PARSE, "binary data, not XML");
	struct xscan x = {xml, xml + n};
	const char *t;
	size_t tl;
	int depth_domain = 0; /* inside <domain> */
	int in_iface = -1;    /* index of the <interface> being read, or -1 */
	bool name_done = false;
	while (next_tag(&x, &t, &tl)) {
		if (is_open(t, tl, "domain")) {
			depth_domain++;
			continue;
		}
		if (is_close(t, tl, "domain")) {
			if (depth_domain)
				depth_domain--;
			continue;
		}
		if (!depth_domain)
			continue;
		if (!name_done && in_iface < 0 && is_open(t, tl, "name") && t[tl - 2] != '/') {
			/* The domain's own <name> comes before its devices; text up to '<'. */
			const char *s = x.p;
			const char *e = memchr(s, '<', (size_t)(x.end - s));
			if (!e)
				break;
			while (s < e && (*s == ' ' || *s == '\n' || *s == '\t'))
				s++;
			size_t l = (size_t)(e - s);
			while (l && (s[l - 1] == ' ' || s[l - 1] == '\n' || s[l - 1] == '\t'))
				l--;
			if (l && l < sizeof(out->name)) {
				memcpy(out->name, s, l);
				out->name[l] = '\0';
			}
			name_done = true;
		} else if (is_open(t, tl, "interface") && t[tl - 2] != '/') {
			if (out->n_nics < IFW_VM_MAX_NICS) {
				in_iface = (int)out->n_nics++;
				attr(t, tl, "type", out->nics[in_iface].type,
				     sizeof(out->nics[in_iface].type));
			}
		} else if (is_close(t, tl, "interface")) {
			in_iface = -1;
		} else if (in_iface >= 0 && is_open(t, tl, "target")) {
			attr(t, tl, "dev", out->nics[in_iface].dev,
			     sizeof(out->nics[in_iface].dev));
		} else if (in_iface >= 0 && is_open(t, tl, "source")) {
			char b[64];
			attr(t, tl, "network", b, sizeof(out->nics[in_iface].network));
			if (b[0])
				memcpy(out->nics[in_iface].network, b, strlen(b) + 1);
			attr(t, tl, "bridge", b, sizeof(out->nics[in_iface].bridge));
			if (b[0])
				memcpy(out->nics[in_iface].bridge, b, strlen(b) + 1);
		}
	}
	if (!out->name[0])
		return ifw_fail(err, IFW_E_PARSE, "no <domain> with a <name>");
	return 0;
}

/* --- HTTP/1.x responses: only what a local daemon's API sends. --- */

static const char *find_mem(const char *h, size_t hn, const char *needle)
{
	size_t nn = strlen(needle);
	for (size_t i = 0; i + nn <= hn; i++)
		if (memcmp(h + i, needle, nn) == 0)
			return h + i;
	return NULL;
}

/* The value of header name (case-insensitive) within the head, or NULL. */
static const char *header(const char *head, size_t hlen, const char *name, size_t *vlen)
{
	size_t nl = strlen(name);
	for (const char *p = head; p < head + hlen;) {
		const char *eol = find_mem(p, (size_t)(head + hlen - p), "\r\n");
		if (!eol)
			eol = head + hlen;
		if ((size_t)(eol - p) > nl && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;
			while (v < eol && (*v == ' ' || *v == '\t'))
				v++;
			*vlen = (size_t)(eol - v);
			return v;
		}
		p = eol + 2;
	}
	return NULL;
}

/* Walks a chunked body: 1 complete (with decode: joined in place, length in *out), 0 more
 * needed, -1 malformed. */
static int chunks(char *b, size_t n, bool decode, size_t *out)
{
	size_t i = 0, w = 0;
	for (;;) {
		size_t len = 0, digits = 0;
		while (i < n && ((b[i] >= '0' && b[i] <= '9') || (b[i] >= 'a' && b[i] <= 'f') ||
		                 (b[i] >= 'A' && b[i] <= 'F'))) {
			if (++digits > 8)
				return -1; /* no chunk of 4 GiB here */
			char c = b[i++];
			len = len * 16 + (size_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
		}
		while (i < n && b[i] != '\r') /* chunk extensions */
			i++;
		if (i + 2 > n)
			return 0;
		if (!digits || b[i + 1] != '\n')
			return -1;
		i += 2;
		if (len == 0) {
			/* No trailers from a daemon's API: the body ends with the empty line. */
			if (i + 2 > n)
				return 0;
			if (b[i] != '\r' || b[i + 1] != '\n')
				return -1;
			*out = w;
			return 1;
		}
		if (len > n - i || n - i - len < 2)
			return 0;
		if (b[i + len] != '\r' || b[i + len + 1] != '\n')
			return -1;
		if (decode)
			memmove(b + w, b + i, len);
		w += len;
		i += len + 2;
	}
}

int ifw_http_response(char *buf, size_t n, bool decode, int *status, char **body, size_t *blen)
{
	if (n >= 5 && memcmp(buf, "HTTP/", 5) != 0)
		return -1;
	if (n < 5)
		return memcmp(buf, "HTTP/", n) == 0 ? 0 : -1;
	const char *eoh = find_mem(buf, n, "\r\n\r\n");
	if (!eoh)
		return 0;
	size_t hlen = (size_t)(eoh - buf) + 2;
	char *b = buf + hlen + 2;
	size_t bn = n - hlen - 2;
	size_t vl;
	const char *v = header(buf, hlen, "Content-Length", &vl);
	size_t want = 0;
	int rc;
	if (v) {
		if (vl == 0 || vl > 9)
			return -1;
		for (size_t i = 0; i < vl; i++) {
			if (v[i] < '0' || v[i] > '9')
				return -1;
			want = want * 10 + (size_t)(v[i] - '0');
		}
		rc = bn >= want ? 1 : 0;
	} else if ((v = header(buf, hlen, "Transfer-Encoding", &vl)) && vl >= 7 &&
	           strncasecmp(v, "chunked", 7) == 0) {
		rc = chunks(b, bn, decode, &want);
	} else {
		return -1; /* an API answer without a length would end only at close */
	}
	if (rc == 1 && decode) {
		int st = 0;
		const char *sp = memchr(buf, ' ', hlen);
		if (!sp || sp + 4 > buf + hlen)
			return -1;
		for (int i = 1; i <= 3; i++) {
			if (sp[i] < '0' || sp[i] > '9')
				return -1;
			st = st * 10 + (sp[i] - '0');
		}
		*status = st;
		*body = b;
		*blen = want;
	}
	return rc;
}
