/* Loading knowledge files: JSON through jansson, every entry checked, errors naming the file,
 * line and column. */
#include "know/know_priv.h"

#include "ifw_config.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct ifw_kb *ifw_kb_new(void)
{
	return calloc(1, sizeof(struct ifw_kb));
}

void ifw_kb_free(struct ifw_kb *kb)
{
	if (!kb)
		return;
	for (size_t i = 0; i < kb->roots.n; i++)
		json_decref(kb->roots.v[i]);
	for (size_t i = 0; i < kb->matchlists.n; i++)
		free(kb->matchlists.v[i]);
	ifw_vec_free(&kb->roots);
	ifw_vec_free(&kb->ports);
	ifw_vec_free(&kb->procs);
	ifw_vec_free(&kb->ifnames);
	ifw_vec_free(&kb->ouis);
	ifw_vec_free(&kb->mtus);
	ifw_vec_free(&kb->nets);
	ifw_vec_free(&kb->matchlists);
	free(kb);
}

size_t ifw_kb_count(const struct ifw_kb *kb)
{
	return kb->ports.n + kb->procs.n + kb->ifnames.n + kb->ouis.n + kb->mtus.n + kb->nets.n;
}

static const char *str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int bad(struct ifw_err *err, const char *name, size_t i, const char *what)
{
	return ifw_fail(err, IFW_E_PARSE, "%s: entry %zu: %s", name, i + 1, what);
}

static int add_port(struct ifw_kb *kb, json_t *e, const char *name, size_t i, struct ifw_err *err)
{
	json_int_t port = json_integer_value(json_object_get(e, "port"));
	json_t *pe = json_object_get(e, "port_end");
	json_int_t end = json_is_integer(pe) ? json_integer_value(pe) : port;
	const char *proto = str(e, "proto");
	if (!proto || port <= 0 || port > 65535 || end < port || end > 65535)
		return bad(err, name, i, "needs \"proto\" and a \"port\" in 1..65535");
	struct ifw_kb_port *p = ifw_vec_push(&kb->ports);
	if (!p)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	p->proto = proto;
	p->port = (uint16_t)port;
	p->port_end = (uint16_t)end;
	p->name = str(e, "name");
	p->role = str(e, "role");
	p->tunnel = str(e, "tunnel");
	p->meaning = str(e, "meaning");
	p->source = str(e, "source");
	if (!p->name || !p->role)
		return bad(err, name, i, "needs \"name\" and \"role\"");
	return 0;
}

static int add_process(struct ifw_kb *kb, json_t *e, const char *name, size_t i,
                       struct ifw_err *err)
{
	json_t *m = json_object_get(e, "match");
	size_t n = json_array_size(m);
	if (!n || !str(e, "software") || !str(e, "role"))
		return bad(err, name, i, "needs a \"match\" list, \"software\" and \"role\"");
	const char **list = calloc(n, sizeof(*list));
	const char ***slot = list ? ifw_vec_push(&kb->matchlists) : NULL;
	if (!slot) {
		free(list);
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	}
	*slot = list;
	for (size_t k = 0; k < n; k++) {
		json_t *s = json_array_get(m, k);
		if (!json_is_string(s) || !json_string_length(s))
			return bad(err, name, i, "\"match\" holds a non-string");
		list[k] = json_string_value(s);
	}
	struct ifw_kb_process *p = ifw_vec_push(&kb->procs);
	if (!p)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	p->match = list;
	p->n_match = n;
	p->software = str(e, "software");
	p->vendor = str(e, "vendor");
	p->role = str(e, "role");
	p->tunnel = str(e, "tunnel");
	p->description = str(e, "description");
	p->exe = str(e, "exe");
	p->source = str(e, "source");
	return 0;
}

static int add_ifname(struct ifw_kb *kb, json_t *e, const char *name, size_t i, struct ifw_err *err)
{
	struct ifw_kb_ifname f = {
	    .os = str(e, "os"),
	    .pattern = str(e, "pattern"),
	    .kind = str(e, "kind"),
	    .creator = str(e, "creator"),
	    .purpose = str(e, "purpose"),
	    .category = str(e, "category"),
	    .confidence = str(e, "confidence"),
	    .source = str(e, "source"),
	};
	if (!f.os || !f.pattern || !f.purpose || !f.category)
		return bad(err, name, i, "needs \"os\", \"pattern\", \"purpose\" and \"category\"");
	if (!f.confidence)
		f.confidence = "low";
	struct ifw_kb_ifname *p = ifw_vec_push(&kb->ifnames);
	if (!p)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	*p = f;
	return 0;
}

static int parse_mac_prefix(const char *s, uint8_t out[6], size_t *len)
{
	size_t n = 0;
	while (*s && n < 6) {
		unsigned v;
		int used;
		if (sscanf(s, "%2x%n", &v, &used) != 1 || used != 2)
			return -1;
		out[n++] = (uint8_t)v;
		s += 2;
		if (*s == ':')
			s++;
		else if (*s)
			return -1;
	}
	*len = n;
	return *s || n == 0 ? -1 : 0;
}

static int add_oui(struct ifw_kb *kb, json_t *e, const char *name, size_t i, struct ifw_err *err)
{
	struct ifw_kb_oui o = {.vendor = str(e, "vendor"), .source = str(e, "source")};
	const char *prefix = str(e, "prefix");
	if (!prefix || !o.vendor || parse_mac_prefix(prefix, o.prefix, &o.len) < 0)
		return bad(err, name, i, "needs \"prefix\" (like 52:54:00) and \"vendor\"");
	struct ifw_kb_oui *p = ifw_vec_push(&kb->ouis);
	if (!p)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	*p = o;
	return 0;
}

static int add_mtu(struct ifw_kb *kb, json_t *e, const char *name, size_t i, struct ifw_err *err)
{
	json_int_t mtu = json_integer_value(json_object_get(e, "mtu"));
	struct ifw_kb_mtu m = {
	    .os = str(e, "os"),
	    .pattern = str(e, "pattern"),
	    .creator = str(e, "creator"),
	    .meaning = str(e, "meaning"),
	    .source = str(e, "source"),
	    .mtu = (uint32_t)mtu,
	};
	if (!m.os || !m.pattern || !m.creator || !m.meaning || mtu <= 0 || mtu > 1 << 20)
		return bad(err, name, i,
		           "needs \"os\", \"pattern\", \"mtu\", \"creator\", \"meaning\"");
	struct ifw_kb_mtu *p = ifw_vec_push(&kb->mtus);
	if (!p)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	*p = m;
	return 0;
}

static int add_network(struct ifw_kb *kb, json_t *e, const char *name, size_t i,
                       struct ifw_err *err)
{
	json_int_t asn = json_integer_value(json_object_get(e, "asn"));
	struct ifw_kb_network n = {
	    .asn = (uint32_t)asn,
	    .operator_name = str(e, "operator"),
	    .type = str(e, "type"),
	    .source = str(e, "source"),
	};
	if (asn <= 0 || asn > 0xffffffffLL || !n.operator_name || !n.type)
		return bad(err, name, i, "needs \"asn\", \"operator\" and \"type\"");
	struct ifw_kb_network *p = ifw_vec_push(&kb->nets);
	if (!p)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	*p = n;
	return 0;
}

int ifw_kb_load_buffer(struct ifw_kb *kb, const char *buf, size_t len, const char *name,
                       struct ifw_err *err)
{
	json_error_t je;
	json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return ifw_fail(err, IFW_E_PARSE, "%s:%d:%d: %s", name, je.line, je.column,
		                je.text);
	json_t **slot = ifw_vec_push(&kb->roots);
	if (!slot) {
		json_decref(root);
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	}
	*slot = root;
	const char *format = str(root, "format");
	const char *kind = str(root, "kind");
	json_t *entries = json_object_get(root, "entries");
	if (!format || strcmp(format, "ifwho-knowledge/1") != 0)
		return ifw_fail(err, IFW_E_PARSE, "%s: \"format\" must be \"ifwho-knowledge/1\"",
		                name);
	if (!kind || !json_is_array(entries))
		return ifw_fail(err, IFW_E_PARSE, "%s: needs \"kind\" and an \"entries\" list",
		                name);
	int (*add)(struct ifw_kb *, json_t *, const char *, size_t, struct ifw_err *) = NULL;
	if (strcmp(kind, "ports") == 0)
		add = add_port;
	else if (strcmp(kind, "processes") == 0)
		add = add_process;
	else if (strcmp(kind, "ifnames") == 0)
		add = add_ifname;
	else if (strcmp(kind, "oui") == 0)
		add = add_oui;
	else if (strcmp(kind, "mtu") == 0)
		add = add_mtu;
	else if (strcmp(kind, "networks") == 0)
		add = add_network;
	else
		return 0; /* a kind this version does not know (operators, ...): not ours */
	for (size_t i = 0; i < json_array_size(entries); i++) {
		json_t *e = json_array_get(entries, i);
		if (!json_is_object(e))
			return bad(err, name, i, "is not an object");
		if (add(kb, e, name, i, err) < 0)
			return -1;
	}
	return 0;
}

static int load_file(struct ifw_kb *kb, const char *path, struct ifw_err *err)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return ifw_fail_errno(err, errno, "%s", path);
	char *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len == cap) {
			if (cap >= (16u << 20)) {
				free(buf);
				fclose(f);
				return ifw_fail(err, IFW_E_LIMIT, "%s: larger than 16 MiB", path);
			}
			cap = cap ? cap * 2 : 65536;
			char *n = realloc(buf, cap);
			if (!n) {
				free(buf);
				fclose(f);
				return ifw_fail(err, IFW_E_NOMEM, "out of memory reading %s", path);
			}
			buf = n;
		}
		size_t r = fread(buf + len, 1, cap - len, f);
		len += r;
		if (r == 0)
			break;
	}
	fclose(f);
	int rc = ifw_kb_load_buffer(kb, buf, len, path, err);
	free(buf);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int load_dir(struct ifw_kb *kb, const char *dir, struct ifw_err *err)
{
	DIR *d = opendir(dir);
	if (!d)
		/* Absent, or not ours to read (a HOME inherited from another user): nothing to add.
		 */
		return errno == ENOENT || errno == ENOTDIR || errno == EACCES
		           ? 0
		           : ifw_fail_errno(err, errno, "%s", dir);
	char *names[256];
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)) && n < 256) {
		size_t l = strlen(de->d_name);
		if (de->d_name[0] != '.' && l > 5 && strcmp(de->d_name + l - 5, ".json") == 0)
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	/* Sorted, so that the order of entries does not depend on the directory's layout. */
	qsort(names, n, sizeof(names[0]), cmp_str);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		char path[1024];
		if (rc == 0 && names[i] &&
		    (size_t)snprintf(path, sizeof(path), "%s/%s", dir, names[i]) < sizeof(path))
			rc = load_file(kb, path, err);
		free(names[i]);
	}
	return rc;
}

int ifw_kb_load(struct ifw_kb **out, const char *const *dirs, size_t n_dirs, struct ifw_err *err)
{
	struct ifw_kb *kb = ifw_kb_new();
	if (!kb)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	for (size_t i = 0; i < n_dirs; i++)
		if (load_dir(kb, dirs[i], err) < 0) {
			ifw_kb_free(kb);
			return -1;
		}
	*out = kb;
	return 0;
}

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

size_t ifw_kb_default_dirs(char dirs[][512], size_t max, const char *data_dir, const char *home)
{
	size_t n = 0;
	const char *env = data_dir;
	if (home && *home && n < max)
		snprintf(dirs[n++], 512, "%s/.config/ifwho/knowledge", home);
	if (n < max)
		snprintf(dirs[n++], 512, "/etc/ifwho/knowledge");
	if (env && *env) {
		if (n < max)
			snprintf(dirs[n++], 512, "%s/knowledge", env);
	} else if (is_dir(IFW_DATADIR "/knowledge")) {
		if (n < max)
			snprintf(dirs[n++], 512, "%s", IFW_DATADIR "/knowledge");
	} else if (n < max) {
		snprintf(dirs[n++], 512, "%s", IFW_SRC_DATADIR "/knowledge");
	}
	return n;
}

int ifw_kb_load_default(struct ifw_kb **kb, const char *data_dir, const char *home,
                        struct ifw_err *err)
{
	char dirs[4][512];
	size_t n = ifw_kb_default_dirs(dirs, 4, data_dir, home);
	const char *ptrs[4];
	for (size_t i = 0; i < n; i++)
		ptrs[i] = dirs[i];
	if (ifw_kb_load(kb, ptrs, n, err) < 0)
		return -1;
	if (ifw_kb_count(*kb) == 0) {
		ifw_kb_free(*kb);
		*kb = NULL;
		return ifw_fail(err, IFW_E_NOTFOUND,
		                "no knowledge files found (looked in %s; set IFWHO_DATA_DIR)",
		                n ? dirs[n - 1] : "?");
	}
	return 0;
}
