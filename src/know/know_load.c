/* Loading knowledge files: JSON through jansson, every entry checked, errors naming the file,
 * line and column. */
#include "know/know_priv.h"

#include "ifw_config.h"
#include "util/input.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
	ifw_vec_free(&kb->addrplans);
	ifw_vec_free(&kb->matchlists);
	free(kb);
}

size_t ifw_kb_count(const struct ifw_kb *kb)
{
	return kb->ports.n + kb->procs.n + kb->ifnames.n + kb->ouis.n + kb->mtus.n + kb->nets.n +
	       kb->addrplans.n;
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

/* The words of a closed set (know/know_names.c), read by value 1, 2, ... until NULL. */
typedef const char *(*word_name_fn)(unsigned v);
static const char *category_word(unsigned v)
{
	return ifw_kb_category_name((enum ifw_kb_category)v);
}
static const char *port_role_word(unsigned v)
{
	return ifw_kb_port_role_name((enum ifw_kb_port_role)v);
}
static const char *proc_role_word(unsigned v)
{
	return ifw_kb_proc_role_name((enum ifw_kb_proc_role)v);
}
static int not_a_word(struct ifw_err *err, const char *name, size_t i, const char *field,
                      const char *value, word_name_fn words);

/* The value of an optional word (0 when absent); an unknown word is an error naming the file,
 * the entry and the words allowed. */
static int word(json_t *e, const char *field, word_name_fn words, unsigned *out, const char *name,
                size_t i, struct ifw_err *err)
{
	const char *v = str(e, field);
	*out = 0;
	if (!v)
		return 0;
	for (unsigned k = 1; words(k); k++)
		if (strcmp(words(k), v) == 0) {
			*out = k;
			return 0;
		}
	return not_a_word(err, name, i, field, v, words);
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
	p->tunnel = str(e, "tunnel");
	p->meaning = str(e, "meaning");
	p->source = str(e, "source");
	if (!p->name || !str(e, "role"))
		return bad(err, name, i, "needs \"name\" and \"role\"");
	unsigned role;
	if (word(e, "role", port_role_word, &role, name, i, err) < 0)
		return -1;
	p->role = (enum ifw_kb_port_role)role;
	return 0;
}

/* An optional list of strings (owned by the knowledge base); NULL with *n = 0 when absent. */
static int str_list(struct ifw_kb *kb, json_t *e, const char *key, const char *name, size_t i,
                    const char *const **out, size_t *n, struct ifw_err *err)
{
	json_t *a = json_object_get(e, key);
	*out = NULL;
	*n = 0;
	if (!a)
		return 0;
	if (!json_is_array(a))
		return bad(err, name, i, "a list of names is expected there");
	size_t len = json_array_size(a);
	if (!len)
		return 0;
	const char **list = calloc(len, sizeof(*list));
	const char ***slot = list ? ifw_vec_push(&kb->matchlists) : NULL;
	if (!slot) {
		free(list);
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	}
	*slot = list;
	for (size_t k = 0; k < len; k++) {
		json_t *s = json_array_get(a, k);
		if (!json_is_string(s) || !json_string_length(s))
			return bad(err, name, i, "a list holds a non-string");
		list[k] = json_string_value(s);
	}
	*out = list;
	*n = len;
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
	unsigned role;
	if (word(e, "role", proc_role_word, &role, name, i, err) < 0)
		return -1;
	p->role = (enum ifw_kb_proc_role)role;
	p->tunnel = str(e, "tunnel");
	p->description = str(e, "description");
	p->exe = str(e, "exe");
	p->source = str(e, "source");
	p->broker = json_is_true(json_object_get(e, "broker"));
	if (str_list(kb, e, "said", name, i, &p->said, &p->n_said, err) < 0)
		return -1;
	return str_list(kb, e, "makes", name, i, &p->makes, &p->n_makes, err);
}

static bool one_of(const char *v, const char *const *allowed);
static int not_one_of(struct ifw_err *err, const char *name, size_t i, const char *field,
                      const char *value, const char *const *allowed);

static int add_ifname(struct ifw_kb *kb, json_t *e, const char *name, size_t i, struct ifw_err *err)
{
	struct ifw_kb_ifname f = {
	    .os = str(e, "os"),
	    .pattern = str(e, "pattern"),
	    .kind = str(e, "kind"),
	    .creator = str(e, "creator"),
	    .purpose = str(e, "purpose"),
	    .confidence = str(e, "confidence"),
	    .source = str(e, "source"),
	    .group = str(e, "group"),
	    .agent = str(e, "agent"),
	    .descr = str(e, "description"),
	    .hwport = str(e, "hwport"),
	};
	if (!f.os || !(f.pattern || f.group || f.agent || f.descr || f.hwport) || !f.purpose ||
	    !str(e, "category"))
		return bad(err, name, i,
		           "needs \"os\", \"pattern\" (or \"group\", \"agent\", \"description\", "
		           "\"hwport\"), "
		           "\"purpose\" and \"category\"");
	unsigned cat;
	if (word(e, "category", category_word, &cat, name, i, err) < 0)
		return -1;
	f.category = (enum ifw_kb_category)cat;
	/* How much the name alone says; a word outside these would silently count as "low". */
	static const char *const confidences[] = {"high", "medium", "low", NULL};
	if (!f.confidence)
		f.confidence = "low";
	else if (!one_of(f.confidence, confidences))
		return not_one_of(err, name, i, "confidence", f.confidence, confidences);
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
	struct ifw_kb_oui o = {
	    .vendor = str(e, "vendor"), .source = str(e, "source"), .nic = str(e, "nic")};
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
	json_int_t txqlen = json_integer_value(json_object_get(e, "txqlen"));
	struct ifw_kb_mtu m = {
	    .os = str(e, "os"),
	    .pattern = str(e, "pattern"),
	    .creator = str(e, "creator"),
	    .meaning = str(e, "meaning"),
	    .source = str(e, "source"),
	    .mtu = (uint32_t)mtu,
	    .txqlen = (uint32_t)txqlen,
	    .common = json_is_true(json_object_get(e, "common")),
	};
	bool one =
	    (mtu > 0 && mtu <= 1 << 20 && !txqlen) || (txqlen > 0 && txqlen <= 1 << 20 && !mtu);
	if (!m.os || !m.pattern || !m.creator || !m.meaning || !one)
		return bad(err, name, i,
		           "needs \"os\", \"pattern\", \"mtu\" (or \"txqlen\"), \"creator\", "
		           "\"meaning\"");
	unsigned cat;
	if (word(e, "category", category_word, &cat, name, i, err) < 0)
		return -1;
	m.category = (enum ifw_kb_category)cat;
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

const char *const ifw_kb_strengths[] = {"weak", "medium", NULL};

static bool one_of(const char *v, const char *const *allowed)
{
	for (size_t k = 0; allowed[k]; k++)
		if (strcmp(v, allowed[k]) == 0)
			return true;
	return false;
}

/* "a, b, c" into list. */
static void join(char *list, size_t len, const char *const *words, size_t n)
{
	size_t used = 0;
	list[0] = '\0';
	for (size_t k = 0; k < n && used < len; k++) {
		int w = snprintf(list + used, len - used, "%s%s", k ? ", " : "", words[k]);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

/* "field \"bad\" is not one of: a, b, c" into err, naming the file and entry. */
static int not_one_of(struct ifw_err *err, const char *name, size_t i, const char *field,
                      const char *value, const char *const *allowed)
{
	char list[512];
	size_t n = 0;
	while (allowed[n])
		n++;
	join(list, sizeof(list), allowed, n);
	return ifw_fail(err, IFW_E_PARSE, "%s: entry %zu: \"%s\" is \"%.64s\", not one of: %s",
	                name, i + 1, field, value, list);
}

static int not_a_word(struct ifw_err *err, const char *name, size_t i, const char *field,
                      const char *value, word_name_fn words)
{
	const char *allowed[32];
	size_t n = 0;
	for (unsigned k = 1; words(k) && n < sizeof(allowed) / sizeof(allowed[0]) - 1; k++)
		allowed[n++] = words(k);
	allowed[n] = NULL;
	return not_one_of(err, name, i, field, value, allowed);
}

/* "10.88.0.0/16" or "fd7a:115c:a1e0::/48": the network address must have its host bits zero,
 * so a typo like 10.88.0.1/16 is caught instead of silently widened. */
static int parse_prefix(const char *s, struct ifw_ip *ip, unsigned *plen)
{
	const char *slash = strchr(s, '/');
	if (!slash || slash == s || ifw_ip_parsen(s, (size_t)(slash - s), ip) < 0)
		return -1;
	char *end;
	errno = 0;
	unsigned long n = strtoul(slash + 1, &end, 10);
	if (errno || end == slash + 1 || *end || n > ifw_ip_len(ip->family) * 8)
		return -1;
	*plen = (unsigned)n;
	struct ifw_ip masked = ifw_ip_network(ip, *plen);
	return ifw_ip_eq(&masked, ip) ? 0 : -1;
}

static int add_addrplan(struct ifw_kb *kb, json_t *e, const char *name, size_t i,
                        struct ifw_err *err)
{
	struct ifw_kb_addrplan a = {
	    .creator = str(e, "creator"),
	    .purpose = str(e, "purpose"),
	    .strength = str(e, "strength"),
	    .source = str(e, "source"),
	    .os = str(e, "os"),
	};
	const char *prefix = str(e, "prefix");
	if (!prefix || !a.creator || !a.purpose || !str(e, "category") || !a.strength)
		return bad(err, name, i,
		           "needs \"prefix\", \"creator\", \"purpose\", \"category\" and "
		           "\"strength\"");
	if (parse_prefix(prefix, &a.prefix, &a.plen) < 0)
		return ifw_fail(err, IFW_E_PARSE,
		                "%s: entry %zu: \"prefix\" \"%.64s\" is not an address/length "
		                "with the host bits zero (like 10.88.0.0/16 or fd00::/8)",
		                name, i + 1, prefix);
	unsigned cat;
	if (word(e, "category", category_word, &cat, name, i, err) < 0)
		return -1;
	a.category = (enum ifw_kb_category)cat;
	if (!one_of(a.strength, ifw_kb_strengths))
		return not_one_of(err, name, i, "strength", a.strength, ifw_kb_strengths);
	struct ifw_kb_addrplan *p = ifw_vec_push(&kb->addrplans);
	if (!p)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	*p = a;
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
	else if (strcmp(kind, "addrplans") == 0)
		add = add_addrplan;
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

/* The bytes of one knowledge file (parsed later, see ifw_kb_read). */
/* Entry name of the directory open at dfd (path: the two joined, for messages). */
static int read_file(struct ifw_kb_files *fs, int dfd, const char *name, const char *path,
                     struct ifw_err *err)
{
	/* A directory entry: a regular file only, not through a link (util/input.h), opened
	 * relative to the directory checked. */
	int fd = ifw_input_open(dfd, name, IFW_IN_NOFOLLOW, err);
	if (fd < 0) {
		char msg[sizeof(err->msg)];
		snprintf(msg, sizeof(msg), "%s", err->msg);
		size_t dl = strlen(path) - strlen(name) - 1; /* path is DIR/NAME */
		/* "NAME: ..." becomes "DIR/NAME: ...", as it read before (cut if too long) */
		if (strncmp(msg, name, strlen(name)) == 0 &&
		    snprintf(err->msg, sizeof(err->msg), "%.*s/%s", (int)dl, path, msg) < 0)
			snprintf(err->msg, sizeof(err->msg), "%s", msg);
		return -1;
	}
	char *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len == cap) {
			if (cap >= (16u << 20)) {
				free(buf);
				close(fd);
				return ifw_fail(err, IFW_E_LIMIT, "%s: larger than 16 MiB", path);
			}
			cap = cap ? cap * 2 : 65536;
			char *n = realloc(buf, cap);
			if (!n) {
				free(buf);
				close(fd);
				return ifw_fail(err, IFW_E_NOMEM, "out of memory reading %s", path);
			}
			buf = n;
		}
		ssize_t r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			free(buf);
			close(fd);
			return ifw_fail_errno(err, e, "%s", path);
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	struct ifw_kb_file *nv = realloc(fs->v, (fs->n + 1) * sizeof(*nv));
	char *p = nv ? strdup(path) : NULL;
	if (!p) {
		if (nv)
			fs->v = nv;
		free(buf);
		return ifw_fail(err, IFW_E_NOMEM, "out of memory reading %s", path);
	}
	fs->v = nv;
	fs->v[fs->n++] = (struct ifw_kb_file){.path = p, .buf = buf, .len = len};
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* own_only: the directory is used only if it belongs to the effective user and no one else may
 * write to it. For the one under $HOME: `sudo -E` and `su` hand a user's HOME to root, whose
 * run would otherwise take that user's knowledge (any process named as any creator) first. */
static int read_dir(struct ifw_kb_files *fs, const char *dir, bool own_only, struct ifw_err *err)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		/* Absent, or not ours to read (a HOME inherited from another user): nothing to add.
		 */
		return errno == ENOENT || errno == ENOTDIR || errno == EACCES
		           ? 0
		           : ifw_fail_errno(err, errno, "%s", dir);
	struct stat st;
	if (own_only &&
	    (fstat(dfd, &st) < 0 || st.st_uid != geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH)))) {
		close(dfd);
		return 0;
	}
	int lfd = dup(dfd);
	DIR *d = lfd < 0 ? NULL : fdopendir(lfd);
	if (!d) {
		int e = errno;
		if (lfd >= 0)
			close(lfd);
		close(dfd);
		return ifw_fail_errno(err, e, "%s", dir);
	}
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
			rc = read_file(fs, dfd, names[i], path, err);
		free(names[i]);
	}
	close(dfd);
	return rc;
}

int ifw_kb_read_own_first(struct ifw_kb_files *fs, const char *const *dirs, size_t n_dirs,
                          bool own_first, struct ifw_err *err)
{
	memset(fs, 0, sizeof(*fs));
	for (size_t i = 0; i < n_dirs; i++)
		if (read_dir(fs, dirs[i], i == 0 && own_first, err) < 0) {
			ifw_kb_files_free(fs);
			return -1;
		}
	return 0;
}

int ifw_kb_read(struct ifw_kb_files *fs, const char *const *dirs, size_t n_dirs,
                struct ifw_err *err)
{
	return ifw_kb_read_own_first(fs, dirs, n_dirs, false, err);
}

int ifw_kb_parse(struct ifw_kb **out, const struct ifw_kb_files *fs, struct ifw_err *err)
{
	struct ifw_kb *kb = ifw_kb_new();
	if (!kb)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	for (size_t i = 0; i < fs->n; i++)
		if (ifw_kb_load_buffer(kb, fs->v[i].buf, fs->v[i].len, fs->v[i].path, err) < 0) {
			ifw_kb_free(kb);
			return -1;
		}
	*out = kb;
	return 0;
}

void ifw_kb_files_free(struct ifw_kb_files *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		free(fs->v[i].path);
		free(fs->v[i].buf);
	}
	free(fs->v);
	memset(fs, 0, sizeof(*fs));
}

int ifw_kb_load(struct ifw_kb **out, const char *const *dirs, size_t n_dirs, struct ifw_err *err)
{
	struct ifw_kb_files fs;
	if (ifw_kb_read(&fs, dirs, n_dirs, err) < 0)
		return -1;
	int rc = ifw_kb_parse(out, &fs, err);
	ifw_kb_files_free(&fs);
	return rc;
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
	struct ifw_kb_files fs;
	if (ifw_kb_read_own_first(&fs, ptrs, n, home && *home, err) < 0)
		return -1;
	int rc = ifw_kb_parse(kb, &fs, err);
	ifw_kb_files_free(&fs);
	if (rc < 0)
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
