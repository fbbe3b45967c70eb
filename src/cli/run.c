/* One run: load knowledge, collect (live or evidence), sample traffic if asked, analyze, report. */
#include "cli/cli.h"
#include "cli/select.h"

#include "capture/capture.h"
#include "collect/backend.h"
#include "ifw_config.h"
#include "infer/analysis.h"
#include "infer/owners.h"
#include "ipdb/ipdb.h"
#include "ipdb/source.h"
#include "report/report.h"
#include "util/privs.h"
#include "util/sanitize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* IFWHO_TIMING=1 prints how long each phase took, on stderr (for benchmarks). */
static void phase(const char *name)
{
	static int on = -1;
	static struct timespec last;
	if (on < 0) {
		on = getenv("IFWHO_TIMING") != NULL;
		clock_gettime(CLOCK_MONOTONIC, &last);
	}
	if (!on)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	fprintf(stderr, "ifwho: %-10s %7.2f ms\n", name,
	        (double)(now.tv_sec - last.tv_sec) * 1e3 +
	            (double)(now.tv_nsec - last.tv_nsec) / 1e6);
	last = now;
}

static bool want_color(enum ifw_color c)
{
	if (c == IFW_COLOR_ALWAYS)
		return true;
	if (c == IFW_COLOR_NEVER)
		return false;
	const char *nc = getenv("NO_COLOR");
	const char *term = getenv("TERM");
	return isatty(STDOUT_FILENO) && !(nc && *nc) && !(term && strcmp(term, "dumb") == 0);
}

static int exit_for(const struct ifw_err *e)
{
	switch (e->code) {
	case IFW_E_PERM:
		return IFW_EXIT_NOT_PERMITTED;
	case IFW_E_USAGE:
		return IFW_EXIT_USAGE;
	case IFW_E_NOTFOUND:
		return IFW_EXIT_NO_SUCH_IFACE;
	default:
		return IFW_EXIT_FAILED;
	}
}

static int fail(const struct ifw_err *e)
{
	char msg[sizeof(e->msg) * 2];
	ifw_sanitize(e->msg, strlen(e->msg), msg, sizeof(msg));
	fprintf(stderr, "ifwho: %s\n", msg);
	return exit_for(e);
}

/* The knowledge files' bytes (read while every file ifwho may read is still readable) ... */
static int read_knowledge(struct ifw_kb_files *fs, char *where, size_t where_len,
                          struct ifw_err *err)
{
	char dirs[4][512];
	size_t n = ifw_kb_default_dirs(dirs, 4);
	const char *ptrs[4];
	for (size_t i = 0; i < n; i++)
		ptrs[i] = dirs[i];
	snprintf(where, where_len, "%s", n ? dirs[n - 1] : "?");
	return ifw_kb_read(fs, ptrs, n, err);
}

/* ... parsed once the privileges are gone. */
static int parse_knowledge(struct ifw_kb **kb, const struct ifw_kb_files *fs, const char *where,
                           struct ifw_err *err)
{
	if (ifw_kb_parse(kb, fs, err) < 0)
		return -1;
	if (ifw_kb_count(*kb) == 0) {
		ifw_kb_free(*kb);
		*kb = NULL;
		return ifw_fail(err, IFW_E_NOTFOUND,
		                "no knowledge files found (looked in %s; set IFWHO_DATA_DIR)",
		                where);
	}
	return 0;
}

int ifw_load_knowledge(struct ifw_kb **kb, struct ifw_err *err)
{
	struct ifw_kb_files fs;
	char where[512];
	if (read_knowledge(&fs, where, sizeof(where), err) < 0)
		return -1;
	int rc = parse_knowledge(kb, &fs, where, err);
	ifw_kb_files_free(&fs);
	return rc;
}

/* Resolves the names asked for; prints suggestions and returns -1 when one matches nothing. */
static int select_ifaces(const struct ifw_model *m, const struct ifw_options *o, ifw_id **out,
                         size_t *n_out)
{
	ifw_id *ids = calloc(m->ifaces.n ? m->ifaces.n : 1, sizeof(*ids));
	if (!ids)
		return -1;
	size_t n = 0;
	for (size_t i = 0; i < o->n_names; i++) {
		size_t got = ifw_select(m, o->names[i], ids + n, m->ifaces.n - n);
		if (got == 0) {
			const char *sugg[4];
			size_t ns = ifw_suggest(m, o->names[i], sugg, 4);
			char name[128];
			ifw_sanitize(o->names[i], strlen(o->names[i]), name, sizeof(name));
			fprintf(stderr, "ifwho: no interface named \"%s\"%s", name,
			        o->netns ? " in that namespace" : "");
			for (size_t k = 0; k < ns; k++) {
				char s[64];
				ifw_sanitize(sugg[k], strlen(sugg[k]), s, sizeof(s));
				fprintf(stderr, "%s%s", k ? ", " : "; did you mean ", s);
			}
			fputs(ns ? "?\n" : "\n", stderr);
			free(ids);
			return -1;
		}
		n += got;
	}
	*out = ids;
	*n_out = n;
	return 0;
}

void ifw_cli_rdap_opts(struct ifw_rdap_opts *ro, char *cache_dir, size_t len)
{
	memset(ro, 0, sizeof(*ro));
	ro->bootstrap = getenv("IFWHO_RDAP_BOOTSTRAP");
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(cache_dir, len, "%s/ifwho/rdap", xdg);
	else if (home && *home)
		snprintf(cache_dir, len, "%s/.cache/ifwho/rdap", home);
	else
		cache_dir[0] = '\0';
	ro->cache_dir = cache_dir[0] ? cache_dir : NULL;
}

static void warn_model(void *m, const char *msg)
{
	ifw_model_warn(m, "%s", msg);
}

/* The far ends worth asking a registry about: IKE peers, and where tun holders' connected
 * sockets lead. */
static void fetch_rdap(struct ifw_owners *ow, struct ifw_model *m)
{
	struct ifw_ip ips[64];
	size_t n = 0;
	for (size_t i = 0; i < m->sas.n && n < 64; i++)
		ips[n++] = m->sas.v[i].remote;
	for (size_t i = 0; i < m->fdrefs.n && n < 64; i++) {
		const struct ifw_fdref *r = &m->fdrefs.v[i];
		if (r->type != IFW_FD_TUN || r->proc == IFW_NOID)
			continue;
		const struct ifw_process *p = &m->procs.v[r->proc];
		for (size_t k = 0; k < p->fdrefs.n && n < 64; k++) {
			ifw_id s = m->fdrefs.v[p->fdrefs.v[k]].socket;
			if (s != IFW_NOID && !m->sockets.v[s].listening)
				ips[n++] = m->sockets.v[s].remote;
		}
	}
	for (size_t i = 0; i < m->sockets.n && n < 64; i++) /* offline evidence: named far ends */
		if (m->source == IFW_SRC_EVIDENCE && !m->sockets.v[i].listening &&
		    m->sockets.v[i].rport)
			ips[n++] = m->sockets.v[i].remote;
	char cache[512];
	struct ifw_rdap_opts ro;
	ifw_cli_rdap_opts(&ro, cache, sizeof(cache));
	ifw_owners_fetch_rdap(ow, ips, n, &ro, warn_model, m);
}

static void credit(char *buf, size_t len, const struct ifw_owners *ow)
{
	const struct ifw_ipdb *db = NULL;
	for (size_t i = 0; i < ow->n_srcs && !db; i++)
		db = ifw_ipsrc_ipdb(ow->srcs[i]);
	ifw_ipdb_credit(db, buf, len);
}

static int version(void)
{
	printf("ifwho %s\n", IFW_VERSION);
	struct ifw_owners ow;
	char warn[256], buf[512];
	struct ifw_err err = {0};
	if (ifw_owners_open(&ow, NULL, NULL, 0, warn, sizeof(warn), &err) == 0) {
		credit(buf, sizeof(buf), &ow);
		printf("%s\n", buf);
		ifw_owners_close(&ow);
	}
	puts("Knowledge files: data/knowledge (sources listed per entry). License: MIT.");
	return 0;
}

struct run {
	const struct ifw_options *o;
	struct ifw_model m;
	struct ifw_kb *kb;
	struct ifw_kb_files kb_files; /* read before, parsed after the privileges go */
	char kb_where[512];
	struct ifw_owners owners;
	bool owners_open;
	struct ifw_analysis a;
	bool analyzed;
	ifw_id *only;
	size_t n_only;
};

static void run_free(struct run *r)
{
	if (r->analyzed)
		ifw_analysis_free(&r->a);
	if (r->owners_open)
		ifw_owners_close(&r->owners);
	ifw_kb_free(r->kb);
	ifw_kb_files_free(&r->kb_files);
	ifw_model_free(&r->m);
	free(r->only);
}

static int collect(struct run *r, struct ifw_err *err)
{
	const struct ifw_options *o = r->o;
	struct ifw_collect_opts co = {
	    .netns = o->netns,
	    .iface = o->n_names == 1 ? o->names[0] : NULL,
	    .record_dir = o->record_dir,
	    .evidence_path = o->evidence,
	    .query_daemons = !o->no_daemons,
	};
	const struct ifw_backend *b = o->evidence ? &ifw_backend_evidence : &ifw_backend_linux;
	if (b->collect(&r->m, &co, err) < 0)
		return -1;
	phase("collect");
	return ifw_model_index(&r->m) < 0 ? ifw_fail(err, IFW_E_NOMEM, "out of memory") : 0;
}

/* Once the captures are open: become --user (nobody by default) when root, then give up every
 * capability, so the packets are parsed by an unprivileged process. Without such a user the
 * sample still runs, as uid 0 without capabilities, and the report says so. */
static int sample_opened(void *ctx, struct ifw_err *err)
{
	struct run *r = ctx;
	const char *user = r->o->user ? r->o->user : "nobody";
	int rc = ifw_drop_user(user, err);
	if (rc < 0)
		return -1;
	if (rc == 1 && r->o->user)
		return ifw_fail(err, IFW_E_USAGE, "--user %s: no such user", user);
	if (rc == 2) {
		ifw_model_warn(&r->m,
		               "traffic sample: could not become %s (%s); ran as root without "
		               "capabilities",
		               user, err->msg);
		ifw_err_clear(err);
	}
	if (rc == 1)
		ifw_model_warn(&r->m,
		               "traffic sample: no user %s to run as; ran as root without "
		               "capabilities (--user NAME names another)",
		               user);
	return ifw_drop_privileges(err);
}

static int traffic(struct run *r, struct ifw_err *err)
{
	const struct ifw_options *o = r->o;
	if (o->pcap_in)
		return ifw_capture_file(&r->m, o->pcap_in, r->only, r->n_only, err);
	if (!o->sample_secs)
		return 0;
	struct ifw_sample_opts so = {
	    .seconds = o->sample_secs,
	    .underlay = o->underlay,
	    .write_path = o->pcap_out,
	    .progress = isatty(STDERR_FILENO),
	    .opened = sample_opened,
	    .opened_ctx = r,
	};
	return ifw_capture_sample(&r->m, r->only, r->n_only, &so, err);
}

static int open_owners(struct run *r, char *warn, size_t warn_len, struct ifw_err *err)
{
	if (r->owners_open)
		return 0;
	if (ifw_owners_open(&r->owners, r->kb, r->o->ipdbs, r->o->n_ipdbs, warn, warn_len, err) < 0)
		return -1;
	r->owners_open = true;
	return 0;
}

int ifw_cli_run(const struct ifw_options *o)
{
	if (o->help) {
		ifw_cli_usage();
		return 0;
	}
	if (o->version)
		return version();
	if (o->ip_mode)
		return ifw_cli_ip(o);
	struct run r = {.o = o};
	struct ifw_err err = {0};
	ifw_model_init(&r.m);
	int rc = IFW_EXIT_OK;
	char warn[256];
	phase("start");
	/* Knowledge files are read now and parsed once no privilege is left. */
	if (read_knowledge(&r.kb_files, r.kb_where, sizeof(r.kb_where), &err) < 0 ||
	    (phase("knowledge"), collect(&r, &err) < 0)) {
		rc = fail(&err);
		goto out;
	}
	if (o->n_names && select_ifaces(&r.m, o, &r.only, &r.n_only) < 0) {
		rc = IFW_EXIT_NO_SUCH_IFACE;
		goto out;
	}
	/* A sample may end as another user (--user): the IP databases are opened before it,
	 * while root's files can still be read. */
	warn[0] = '\0';
	if (o->sample_secs && open_owners(&r, warn, sizeof(warn), &err) < 0) {
		rc = fail(&err);
		goto out;
	}
	if (traffic(&r, &err) < 0) {
		/* A sample that cannot be taken (no privilege, ...) is one line; the rest goes on.
		 */
		char msg[600];
		ifw_sanitize(err.msg, strlen(err.msg), msg, sizeof(msg));
		fprintf(stderr, "ifwho: traffic sample skipped: %s\n", msg);
		ifw_err_clear(&err);
	}
	/* Everything privileged is done: the analysis and the report run without capabilities. */
	if (ifw_drop_privileges(&err) < 0) {
		rc = fail(&err);
		goto out;
	}
	if (parse_knowledge(&r.kb, &r.kb_files, r.kb_where, &err) < 0 ||
	    open_owners(&r, warn, sizeof(warn), &err) < 0) {
		rc = fail(&err);
		goto out;
	}
	r.owners.kb = r.kb; /* opened before the knowledge was parsed, when sampling */
	if (warn[0])
		ifw_model_warn(&r.m, "%s", warn);
	if (o->online)
		fetch_rdap(&r.owners, &r.m);
	if (ifw_analyze(&r.a, &r.m, r.kb, &r.owners, &err) < 0) {
		rc = fail(&err);
		goto out;
	}
	r.analyzed = true;
	phase("analyze");
	char cred[512];
	credit(cred, sizeof(cred), &r.owners);
	struct ifw_report_opts ro = {
	    .color = !o->json && want_color(o->color),
	    .why = o->why,
	    .detail = o->n_names > 0,
	    .only = r.only,
	    .n_only = r.n_only,
	    .version_credit = cred,
	};
	int w = o->json ? ifw_report_json(stdout, &r.m, &r.a, &ro, &err)
	                : ifw_report_text(stdout, &r.m, &r.a, &ro, &err);
	if (w >= 0 && !o->json && o->n_names) /* what the watcher saw it made by */
		ifw_cli_history_lines(stdout, o->names, o->n_names);
	if (w < 0 || fflush(stdout) != 0)
		rc = fail(&err);
	phase("report");
out:
	run_free(&r);
	return rc;
}

int ifw_cli_main(int argc, char **argv)
{
	if (argc > 1 && ifw_cli_is_subcmd(argv[1]))
		return ifw_cli_subcmd(argc - 1, argv + 1);
	struct ifw_options o;
	int rc = ifw_cli_parse(argc, argv, &o);
	if (rc != 0)
		return rc;
	return ifw_cli_run(&o);
}
