/* The offline evidence backend: saved command output from a host (a file written by
 * contrib/ifwho-collect, a file of pasted output, or a directory of one file per command) read
 * line by line into the model. */
#include "collect/evidence/evidence.h"
#include "collect/evidence/ev.h"

#include "util/input.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');
	return b && b[1] ? b + 1 : path;
}

/* path in dirfd (AT_FDCWD for the command line's path); in_flags as for ifw_input_open. */
static int read_file(struct ev_ctx *c, int dirfd, const char *path, unsigned in_flags,
                     const char *display, struct ifw_err *err)
{
	struct ev_reader r;
	if (ev_reader_openat(&r, dirfd, path, in_flags, err) < 0)
		return -1;
	ev_begin_file(c, display, base_name(display));
	unsigned bin = c->binary_files;
	int rc = ev_read_all(c, &r, err);
	ev_end_file(c);
	ev_reader_close(&r);
	if (c->binary_files > bin)
		ifw_model_warn(c->m, "evidence %s: binary data, not command output: not read",
		               display);
	return rc < 0 ? -1 : 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One file per command: read in name order, so the result does not depend on the directory;
 * past EV_MAX_FILES, the first in name order (the directory's own order is arbitrary).
 * Entries are opened relative to the directory and not followed if they are symbolic links;
 * anything but a regular file is left out with a warning. *capped is set when files were left
 * out for the limit. */
static int read_dir(struct ev_ctx *c, int dfd, const char *path, bool *capped, struct ifw_err *err)
{
	DIR *d = fdopendir(dfd);
	if (!d) {
		int e = errno;
		close(dfd);
		return ifw_fail_errno(err, e, "%s", path);
	}
	char **names = NULL;
	size_t n = 0, cap = 0, seen = 0;
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (e->d_type == DT_DIR)
			continue; /* a subdirectory is not command output */
		seen++;
		if (n == EV_MAX_DIRENTS)
			continue; /* counted, not kept */
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			char **nn = realloc(names, cap * sizeof(*names));
			if (!nn) {
				rc = ifw_fail(err, IFW_E_NOMEM, "out of memory");
				break;
			}
			names = nn;
		}
		if (!(names[n] = strdup(e->d_name))) {
			rc = ifw_fail(err, IFW_E_NOMEM, "out of memory");
			break;
		}
		n++;
	}
	if (rc == 0)
		qsort(names, n, sizeof(*names), by_name);
	size_t to_read = n < EV_MAX_FILES ? n : EV_MAX_FILES;
	if (rc == 0 && seen > to_read) {
		*capped = true;
		ifw_model_warn(
		    c->m,
		    "evidence: %s holds %zu%s files; only the first %zu in name order were "
		    "read (the last one read: %s)",
		    path, seen, seen > n ? " or more" : "", to_read,
		    to_read ? names[to_read - 1] : "none");
	}
	for (size_t i = 0; i < to_read && rc == 0 && !c->full; i++) {
		struct ifw_err e2 = {0};
		if (read_file(c, dirfd(d), names[i], IFW_IN_NOFOLLOW, names[i], &e2) < 0)
			ifw_model_warn(c->m, "evidence: %s/%s", path, e2.msg);
	}
	closedir(d);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

static int start(struct ev_ctx *c, struct ifw_model *m, struct ifw_err *err)
{
	ev_ctx_init(c, m);
	m->source = IFW_SRC_EVIDENCE;
	struct ifw_netns *ns = ifw_model_add_netns(m);
	if (!ns)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	ns->name = "host";
	ns->is_host = true;
	ns->collected = true;
	c->ns = 0;
	return 0;
}

static bool nothing(const struct ev_ctx *c)
{
	const struct ifw_model *m = c->m;
	return !m->ifaces.n && !c->socks.n && !m->procs.n && !m->routes.n && !m->policy_rules.n &&
	       m->netns.n <= 1;
}

/* One warning for what was passed over in the input, by kind. */
static void pasted(struct ev_ctx *c)
{
	struct ifw_model *m = c->m;
	if (m->skipped_lines) {
		uint64_t other = m->skipped_lines - c->prose_lines - c->binary_lines;
		char more[160] = "";
		if (c->prose_lines || c->binary_lines)
			snprintf(more, sizeof(more),
			         ": %llu of prose or commentary, %llu binary, %llu "
			         "other",
			         (unsigned long long)c->prose_lines,
			         (unsigned long long)c->binary_lines, (unsigned long long)other);
		ifw_model_warn(m, "evidence: %llu line(s) not recognized and skipped%s",
		               (unsigned long long)m->skipped_lines, more);
	}
	if (c->markup_lines || c->elided_lines)
		ifw_model_warn(m,
		               "evidence: %llu line(s) of markup (code fences, tags) and %llu "
		               "elision mark(s) (\"...\") passed over",
		               (unsigned long long)c->markup_lines,
		               (unsigned long long)c->elided_lines);
	if (c->masked)
		ifw_model_warn(
		    m,
		    "evidence: %llu masked value(s) (x.x.x.x, <redacted>, [my ip]) kept as "
		    "masked: those addresses are unknown",
		    (unsigned long long)c->masked);
}

static int finish(struct ev_ctx *c, const char *what, const struct ifw_collect_opts *o,
                  struct ifw_err *err)
{
	struct ifw_model *m = c->m;
	if (ev_finish(c, err) < 0)
		return -1;
	if (m->hostname) {
		struct ifw_netns *ns = &m->netns.v[c->ns];
		ns->names = ifw_arena_alloc(&m->arena, sizeof(*ns->names));
		if (ns->names) {
			ns->names[0] = m->hostname;
			ns->n_names = 1;
		}
	}
	if (nothing(c) && c->binary_files)
		return ifw_fail(err, IFW_E_PARSE,
		                "%s: binary data, not text; expected the saved or pasted output of "
		                "ip, ifconfig, ss, netstat, lsof or ps (see docs/EVIDENCE.md)",
		                what);
	m->lines_read = c->lines;
	/* a post of sentences only: the names they give may be ones the knowledge files as the
	 * system's (infer/mentions.c decides; none adopted is the same failure as below) */
	if (nothing(c) && (m->mentioned.n || m->logcreates.n))
		m->words_only = true;
	else if (nothing(c))
		return ifw_fail(err, IFW_E_PARSE,
		                "%s: no command output ifwho recognizes (%llu line(s) read); "
		                "expected " IFW_EVIDENCE_EXPECTED,
		                what, (unsigned long long)c->lines);
	if (o && o->netns) {
		bool any = false;
		for (size_t i = 0; i < m->netns.n; i++)
			any |= ifw_netns_matches(&m->netns.v[i], o->netns);
		if (!any)
			return ifw_fail(err, IFW_E_NOTFOUND,
			                "no network namespace matches \"%s\" in the evidence",
			                o->netns);
	}
	pasted(c);
	if (ifw_model_index(m) < 0)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory indexing the model");
	return 0;
}

static int evidence_collect(struct ifw_model *m, const struct ifw_collect_opts *o,
                            struct ifw_err *err)
{
	if (!o->evidence_path || !*o->evidence_path)
		return ifw_fail(err, IFW_E_USAGE, "no evidence path given");
	const char *path = o->evidence_path;
	struct ev_ctx c;
	if (start(&c, m, err) < 0) {
		ev_ctx_free(&c);
		return -1;
	}
	m->evidence_path = ifw_model_strdup(m, path);
	/* A directory of files, or one file (or "-", stdin); the path itself may be a link. */
	int rc;
	bool capped = false;
	int dfd = strcmp(path, "-") == 0
	              ? -1
	              : open(path, O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (dfd >= 0)
		rc = read_dir(&c, dfd, path, &capped, err);
	else
		rc = read_file(&c, AT_FDCWD, path, IFW_IN_STDIN,
		               strcmp(path, "-") == 0 ? "stdin" : base_name(path), err);
	if (rc == 0)
		rc = finish(&c, path, o, err);
	if (rc < 0 && capped) { /* the warning would not be seen: the error says it */
		size_t l = strlen(err->msg);
		snprintf(err->msg + l, sizeof(err->msg) - l,
		         " (only the first %d files in name order were read)", EV_MAX_FILES);
	}
	ev_ctx_free(&c);
	return rc;
}

int ifw_evidence_read_buffer(struct ifw_model *m, const char *buf, size_t len, const char *name,
                             struct ifw_err *err)
{
	struct ev_ctx c;
	if (start(&c, m, err) < 0) {
		ev_ctx_free(&c);
		return -1;
	}
	m->evidence_path = ifw_model_strdup(m, name);
	struct ev_reader r;
	ev_reader_mem(&r, buf, len);
	ev_begin_file(&c, name, name);
	int rc = ev_read_all(&c, &r, err);
	ev_end_file(&c);
	ev_reader_close(&r);
	if (rc == 0)
		rc = finish(&c, name, NULL, err);
	ev_ctx_free(&c);
	return rc < 0 ? -1 : 0;
}

const struct ifw_backend ifw_backend_evidence = {
    .name = "evidence",
    .collect = evidence_collect,
};
