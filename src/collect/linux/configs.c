/* Configuration files as evidence of who made an interface: the declarations of systemd-networkd,
 * NetworkManager, ifupdown, netplan and wg-quick, read from the host's root (pid 1's, so a
 * containerised ifwho reads the host's files) or from a root given for tests. Bounded: regular
 * files only (a symbolic link is not followed; in networkd's and netplan's directories it still
 * masks the same name further down), at most MAX_FILES per directory, MAX_FILE bytes per file and
 * MAX_TOTAL bytes in all. The parsers (config_*.c) keep only names, kinds and endpoints. */
#include "collect/config/config_parse.h"
#include "collect/linux/linux.h"
#include "util/input.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_FILES 512
#define MAX_FILE  (256 * 1024)
#define MAX_TOTAL (16 * 1024 * 1024)

enum format { NETWORKD, NM, IFUPDOWN, NETPLAN, WGQUICK };

/* Where each manager keeps its files, highest precedence first; `masks`: a file name in an
 * earlier directory hides the same name in later ones (systemd's and netplan's rule). */
static const struct source {
	enum format fmt;
	const char *manager;
	const char *dirs[3];
	const char *suffix; /* only names ending so; NULL: any name but editor leftovers */
	bool masks;
} sources[] = {
    {NETWORKD,
     "systemd-networkd",
     {"/etc/systemd/network", "/run/systemd/network", "/usr/lib/systemd/network"},
     ".netdev",
     true},
    {NM,
     "NetworkManager",
     {"/etc/NetworkManager/system-connections", "/run/NetworkManager/system-connections",
      "/usr/lib/NetworkManager/system-connections"},
     NULL,
     false},
    {IFUPDOWN, "ifupdown", {"/etc/network/interfaces.d"}, NULL, false},
    {NETPLAN, "netplan", {"/etc/netplan", "/run/netplan", "/lib/netplan"}, ".yaml", true},
    {WGQUICK, "wg-quick", {"/etc/wireguard"}, ".conf", false},
};

struct reader {
	struct ifw_model *m;
	int rootfd;
	const char *root; /* as given, for messages; NULL for the host's */
	bool self_ns;
	size_t total;
	bool over_budget;
	char *buf;
	/* per file, for emit */
	const struct source *src;
	const char *path;
};

static int emit(void *ctx, const struct ifw_cfg_decl *d)
{
	struct reader *r = ctx;
	struct ifw_decl *x = ifw_model_add_decl(r->m);
	if (!x)
		return -1;
	x->ifname = ifw_model_strdup(r->m, d->name);
	x->kind = d->kind[0] ? ifw_model_strdup(r->m, d->kind) : NULL;
	x->endpoint = d->endpoint[0] ? ifw_model_strdup(r->m, d->endpoint) : NULL;
	x->manager = r->src->manager;
	x->path = ifw_model_strdup(r->m, r->path);
	x->line = d->line;
	x->self_ns = r->self_ns;
	x->origin.src =
	    r->root ? ifw_arena_printf(&r->m->arena, "%s%s", r->root, r->path) : x->path;
	return x->ifname && x->path && x->origin.src ? 0 : -1;
}

/* Opens a directory of the managed system: symbolic links resolve inside its root. */
static int open_in_root(const struct reader *r, const char *path, int flags)
{
	struct open_how how = {.flags = (uint64_t)(flags | O_CLOEXEC),
	                       .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
	int fd = (int)syscall(SYS_openat2, r->rootfd, path, &how, sizeof(how));
	if (fd < 0 && errno == ENOSYS) /* before Linux 5.6: links may then lead out of the root */
		fd = openat(r->rootfd, path + 1, flags | O_CLOEXEC);
	return fd;
}

/* Reads one file (name in dirfd) and hands it to its parser. */
static void read_file(struct reader *r, int dirfd, const char *name, const char *dir)
{
	if (r->over_budget)
		return;
	char path[512];
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return;
	struct stat st;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
		return; /* not followed (a networkd mask is a link to /dev/null): no warning */
	struct ifw_err e = {0};
	int fd = ifw_input_open(dirfd, name, IFW_IN_NOFOLLOW, &e);
	if (fd < 0) {
		if (e.code == IFW_E_PERM)
			ifw_model_limit(r->m, "%s's files in %s (readable by root only)",
			                r->src->manager, dir);
		else if (e.errno_val != ENOENT)
			ifw_model_warn(r->m, "%s: %s", r->src->manager, e.msg);
		return;
	}
	/* A declaration counts only from root (or the user ifwho runs as): a file another user
	 * wrote names what they like. The host's are root's; a configuration root from the
	 * environment (`IFWHO_CONFIG_ROOT` handed over by `sudo -E`) may be anyone's. */
	if (fstat(fd, &st) < 0 || (st.st_uid != 0 && st.st_uid != geteuid()) ||
	    (st.st_mode & (S_IWGRP | S_IWOTH))) {
		ifw_model_warn(r->m,
		               "%s: %s%s belongs to uid %u or others may write to it (mode %03o): "
		               "not read",
		               r->src->manager, r->root ? r->root : "", path, (unsigned)st.st_uid,
		               (unsigned)(st.st_mode & 07777));
		close(fd);
		return;
	}
	size_t n = 0;
	while (n < MAX_FILE) {
		ssize_t got = read(fd, r->buf + n, MAX_FILE - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	if (n == MAX_FILE)
		ifw_model_warn(r->m, "%s: %s is over %d KiB; only its beginning was read",
		               r->src->manager, path, MAX_FILE / 1024);
	r->total += n;
	if (r->total > MAX_TOTAL) {
		r->over_budget = true;
		ifw_model_warn(r->m,
		               "configuration files: over %d MiB in all; the rest was not read",
		               MAX_TOTAL / (1024 * 1024));
	}
	r->path = path;
	int rc = 0;
	switch (r->src->fmt) {
	case NETWORKD:
		rc = ifw_cfg_parse_networkd(r->buf, n, emit, r);
		break;
	case NM:
		rc = ifw_cfg_parse_nm(r->buf, n, emit, r);
		break;
	case IFUPDOWN:
		rc = ifw_cfg_parse_ifupdown(r->buf, n, emit, r);
		break;
	case NETPLAN:
		rc = ifw_cfg_parse_netplan(r->buf, n, emit, r);
		break;
	case WGQUICK: {
		char ifname[64];
		size_t bn = strlen(name) - strlen(".conf");
		if (bn < sizeof(ifname)) {
			memcpy(ifname, name, bn);
			ifname[bn] = '\0';
			rc = ifw_cfg_parse_wgquick(r->buf, n, ifname, emit, r);
		}
		break;
	}
	}
	if (rc)
		ifw_model_warn(r->m, "out of memory recording %s", path);
	r->path = NULL;
}

static bool wanted_name(const struct source *src, const char *name)
{
	size_t n = strlen(name);
	if (name[0] == '.')
		return false;
	if (src->suffix) {
		size_t sn = strlen(src->suffix);
		return n > sn && strcmp(name + n - sn, src->suffix) == 0;
	}
	static const char *const leftovers[] = {"~",     ".bak",      ".swp",      ".tmp",
	                                        ".orig", ".dpkg-old", ".dpkg-dist"};
	for (size_t i = 0; i < sizeof(leftovers) / sizeof(leftovers[0]); i++) {
		size_t ln = strlen(leftovers[i]);
		if (n >= ln && strcmp(name + n - ln, leftovers[i]) == 0)
			return false;
	}
	return true;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The wanted names of a directory, sorted (the parsers see files in a stable order); at most
 * MAX_FILES. Names masked by an earlier directory are dropped; every name found is added to
 * `seen` when the source masks. */
static size_t list_dir(struct reader *r, DIR *d, const char *dir, char **names, char ***seen,
                       size_t *n_seen)
{
	size_t n = 0;
	bool capped = false;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!wanted_name(r->src, de->d_name))
			continue;
		bool masked = false;
		for (size_t i = 0; i < *n_seen && !masked; i++)
			masked = strcmp((*seen)[i], de->d_name) == 0;
		if (masked)
			continue;
		if (n == MAX_FILES) {
			capped = true;
			break;
		}
		names[n] = strdup(de->d_name);
		if (!names[n])
			break;
		n++;
	}
	if (capped)
		ifw_model_warn(r->m, "%s: over %d files in %s; only %d were read", r->src->manager,
		               MAX_FILES, dir, MAX_FILES);
	qsort(names, n, sizeof(names[0]), cmp_names);
	if (r->src->masks && n) {
		char **grown = realloc(*seen, (*n_seen + n) * sizeof(char *));
		if (!grown) {
			for (size_t i = 0; i < n; i++)
				free(names[i]);
			return 0;
		}
		*seen = grown;
		for (size_t i = 0; i < n; i++)
			grown[(*n_seen)++] = names[i];
	}
	return n;
}

static void read_source(struct reader *r, const struct source *src)
{
	r->src = src;
	char **seen = NULL;
	size_t n_seen = 0;
	char **names = malloc(MAX_FILES * sizeof(char *));
	if (!names)
		return;
	for (size_t k = 0; k < 3 && src->dirs[k]; k++) {
		int dfd = open_in_root(r, src->dirs[k], O_RDONLY | O_DIRECTORY);
		if (dfd < 0) {
			if (errno == EACCES || errno == EPERM)
				ifw_model_limit(r->m, "%s's files in %s (readable by root only)",
				                src->manager, src->dirs[k]);
			continue;
		}
		DIR *d = fdopendir(dfd);
		if (!d) {
			close(dfd);
			continue;
		}
		size_t n = list_dir(r, d, src->dirs[k], names, &seen, &n_seen);
		for (size_t i = 0; i < n; i++) {
			read_file(r, dirfd(d), names[i], src->dirs[k]);
			if (!src->masks)
				free(names[i]);
		}
		closedir(d);
	}
	for (size_t i = 0; i < n_seen; i++)
		free(seen[i]);
	free(seen);
	free(names);
}

/* /etc/network/interfaces itself (its interfaces.d is a source of its own). */
static void read_interfaces(struct reader *r)
{
	r->src = &sources[IFUPDOWN];
	int dfd = open_in_root(r, "/etc/network", O_RDONLY | O_DIRECTORY);
	if (dfd < 0)
		return;
	read_file(r, dfd, "interfaces", "/etc/network");
	close(dfd);
}

void ifw_linux_read_configs(struct ifw_model *m, const char *config_root, const char *proc_root)
{
	struct reader r = {.m = m, .root = config_root, .self_ns = config_root != NULL};
	char host_root[512];
	snprintf(host_root, sizeof(host_root), "%s/1/root", proc_root);
	/* The host's files: through pid 1's root (ifwho may run in a container), else ours. */
	r.rootfd = open(config_root ? config_root : host_root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (r.rootfd < 0 && !config_root)
		r.rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (r.rootfd < 0) {
		ifw_model_warn(m, "configuration files: %s: %s", config_root ? config_root : "/",
		               strerror(errno));
		return;
	}
	r.buf = malloc(MAX_FILE);
	if (r.buf) {
		read_interfaces(&r);
		for (size_t i = 0; i < sizeof(sources) / sizeof(sources[0]); i++)
			read_source(&r, &sources[i]);
	}
	free(r.buf);
	close(r.rootfd);
}
