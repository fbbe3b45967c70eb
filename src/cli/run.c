/* One run: load knowledge, collect (live or evidence), sample traffic if asked, analyze, report. */
#include "cli/cli.h"
#include "cli/rdap_child.h"
#include "cli/select.h"

#include "capture/capture.h"
#include "collect/backend.h"
#include "ifw_config.h"
#include "infer/analysis.h"
#include "infer/owners.h"
#include "ipdb/ipdb.h"
#include "know/know.h"
#include "ipdb/rdap.h"
#include "ipdb/source.h"
#include "model/names.h"
#include "report/report.h"
#include "util/privs.h"
#include "util/sanitize.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* IFWHO_TIMING=1 prints how long each phase took, on stderr (for benchmarks). */
static bool timing;

static double ms_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e3 + (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

/* Wall time, and the process's CPU time (user + system), which a busy machine disturbs less. */
static void phase(const char *name)
{
	static struct timespec last, last_cpu;
	if (!timing)
		return;
	if (!last.tv_sec && !last.tv_nsec) {
		clock_gettime(CLOCK_MONOTONIC, &last);
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &last_cpu);
	}
	struct timespec now, cpu;
	clock_gettime(CLOCK_MONOTONIC, &now);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
	fprintf(stderr, "ifwho: %-10s %7.2f ms (CPU %.2f ms)\n", name, ms_between(&last, &now),
	        ms_between(&last_cpu, &cpu));
	last = now;
	last_cpu = cpu;
}

static bool want_color(enum ifw_color c, const struct ifw_env *env)
{
	if (c == IFW_COLOR_ALWAYS)
		return true;
	if (c == IFW_COLOR_NEVER)
		return false;
	return isatty(STDOUT_FILENO) && !env->no_color && !env->dumb_term;
}

static int exit_for(const struct ifw_err *e)
{
	switch (e->code) {
	case IFW_E_PERM:
		return IFW_EXIT_NOT_PERMITTED;
	case IFW_E_USAGE:
		return IFW_EXIT_USAGE;
	default: /* 1 is only for names that match no interface: select_ifaces says so */
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
static int read_knowledge(const struct ifw_env *env, struct ifw_kb_files *fs, char *where,
                          size_t where_len, struct ifw_err *err)
{
	char dirs[4][512];
	size_t n = ifw_kb_default_dirs(dirs, 4, env->data_dir, env->home);
	const char *ptrs[4];
	for (size_t i = 0; i < n; i++)
		ptrs[i] = dirs[i];
	snprintf(where, where_len, "%s", n ? dirs[n - 1] : "?");
	return ifw_kb_read_own_first(fs, ptrs, n, env->home && *env->home, err);
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

#define PERM_DENIED                                                                                \
	"permission denied (entering another namespace needs CAP_SYS_ADMIN: run as root)"

/* Could namespace ns not be read for lack of privileges? (Its error is the collector's
 * message, which ends with strerror.) */
static bool denied(const struct ifw_netns *ns)
{
	return ns->error &&
	       (strstr(ns->error, strerror(EPERM)) || strstr(ns->error, strerror(EACCES)));
}

/* With -n NS: when none of the namespaces it names could be read, says so and returns the exit
 * status (3 when privileges are missing); 0 when at least one was read. */
static int chosen_ns_unreadable(const struct ifw_model *m, const char *sel)
{
	const struct ifw_netns *bad = NULL;
	for (size_t i = 0; i < m->netns.n; i++) {
		const struct ifw_netns *ns = &m->netns.v[i];
		if (!ifw_netns_matches(ns, sel))
			continue;
		if (!ns->error)
			return 0;
		bad = ns;
	}
	if (!bad)
		return 0;
	char name[128], why[600];
	ifw_sanitize(sel, strlen(sel), name, sizeof(name));
	ifw_sanitize(bad->error, strlen(bad->error), why, sizeof(why));
	if (denied(bad)) {
		fprintf(stderr, "ifwho: could not enter namespace %s: %s\n", name, PERM_DENIED);
		return IFW_EXIT_NOT_PERMITTED;
	}
	fprintf(stderr, "ifwho: could not enter namespace %s: %s\n", name, why);
	return IFW_EXIT_FAILED;
}

/* Where else a name is: with -n NS, a light pass (interfaces and routes) over every other
 * namespace, so "no such interface" can say "veth1 is in namespace nsb". Writes the namespace
 * names into buf ("" when none). */
static void elsewhere(const struct ifw_env *env, const char *name, char *buf, size_t len)
{
	buf[0] = '\0';
	struct ifw_model m;
	ifw_model_init(&m);
	struct ifw_err err = {0};
	struct ifw_collect_opts co = {.routes_only = true};
	const struct ifw_backend *b = ifw_backend_live(env->backend, &err);
	/* Only the Linux backend sees other namespaces. */
	if (b && strcmp(b->name, "linux") == 0 && b->collect(&m, &co, &err) == 0 &&
	    ifw_model_index(&m) == 0) {
		ifw_id ids[8];
		size_t n = ifw_select(&m, name, ids, 8), used = 0;
		for (size_t i = 0; i < n && used + 2 < len; i++) {
			char ns[128];
			const char *nm = m.netns.v[m.ifaces.v[ids[i]].ns].name;
			ifw_sanitize(nm ? nm : "?", strlen(nm ? nm : "?"), ns, sizeof(ns));
			int w = snprintf(buf + used, len - used, "%s%s", i ? ", " : "", ns);
			if (w < 0 || (size_t)w >= len - used)
				break;
			used += (size_t)w;
		}
	}
	ifw_model_free(&m);
}

/* One line on stderr for a name that matched nothing, with what may help: the namespace it is
 * in, close names, or the namespaces that could not be read. */
static void say_missing(const struct ifw_model *m, const struct ifw_options *o, const char *raw)
{
	char name[128];
	ifw_sanitize(raw, strlen(raw), name, sizeof(name));
	fprintf(stderr, "ifwho: no interface named \"%s\"", name);
	if (o->netns) {
		char ns[128], other[512];
		ifw_sanitize(o->netns, strlen(o->netns), ns, sizeof(ns));
		fprintf(stderr, " in namespace %s", ns);
		if (!o->evidence) {
			elsewhere(&o->env, raw, other, sizeof(other));
			if (other[0]) {
				fprintf(stderr, "; %s is in namespace %s\n", name, other);
				return;
			}
		}
	}
	const char *sugg[4];
	size_t ns = ifw_suggest(m, raw, sugg, 4);
	for (size_t k = 0; k < ns; k++) {
		char s[64];
		ifw_sanitize(sugg[k], strlen(sugg[k]), s, sizeof(s));
		fprintf(stderr, "%s%s", k ? ", " : "; did you mean ", s);
	}
	if (ns)
		fputc('?', stderr);
	size_t unread = 0;
	for (size_t i = 0; i < m->netns.n; i++)
		unread += denied(&m->netns.v[i]);
	if (unread)
		fprintf(stderr, " (%zu namespace%s could not be entered without root)", unread,
		        unread == 1 ? "" : "s");
	fputc('\n', stderr);
}

/* Resolves the names asked for, in the forms people type them (a note on stderr when the
 * match was not exact). Names that match nothing go to *missing, to be reported after the
 * ones found. */
static int select_ifaces(const struct ifw_model *m, const struct ifw_options *o, ifw_id **out,
                         size_t *n_out, const char ***missing, size_t *n_missing)
{
	ifw_id *ids = calloc(m->ifaces.n ? m->ifaces.n : 1, sizeof(*ids));
	const char **miss = calloc(o->n_names ? o->n_names : 1, sizeof(*miss));
	if (!ids || !miss) {
		free(ids);
		free(miss);
		return -1;
	}
	size_t n = 0, nm = 0;
	for (size_t i = 0; i < o->n_names; i++) {
		enum ifw_match how;
		size_t got = ifw_select_as(m, o->names[i], ids + n, m->ifaces.n - n, &how);
		if (got == 0) {
			miss[nm++] = o->names[i];
			continue;
		}
		if (how == IFW_MATCH_CASE) {
			char name[128], real[128];
			const char *r = m->ifaces.v[ids[n]].name ? m->ifaces.v[ids[n]].name : "?";
			ifw_sanitize(o->names[i], strlen(o->names[i]), name, sizeof(name));
			ifw_sanitize(r, strlen(r), real, sizeof(real));
			fprintf(stderr,
			        "ifwho: no interface named \"%s\"; showing %s (names are "
			        "case-sensitive)\n",
			        name, real);
		}
		n += got;
	}
	*out = ids;
	*n_out = n;
	*missing = miss;
	*n_missing = nm;
	return 0;
}

/* --kind and --unexplained keep only some of the interfaces chosen (all when none named). */
static void filter(const struct ifw_model *m, const struct ifw_analysis *a,
                   const struct ifw_options *o, ifw_id **only, size_t *n_only)
{
	if (!o->kind && !o->unexplained)
		return;
	size_t n = *only ? *n_only : m->ifaces.n;
	ifw_id *v = *only ? *only : calloc(m->ifaces.n ? m->ifaces.n : 1, sizeof(*v));
	if (!v)
		return;
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		ifw_id id = *only ? v[i] : (ifw_id)i;
		const struct ifw_iface *f = &m->ifaces.v[id];
		const struct ifw_iface_analysis *ia = &a->ifaces[id];
		if (o->kind && !ifw_kind_matches(f, o->kind, ifw_name_arptype(f->arptype)))
			continue;
		if (o->unexplained && ia->verdict >= 0 && ia->confidence >= IFW_CONF_POSSIBLE)
			continue;
		v[kept++] = id;
	}
	*only = v;
	*n_only = kept;
	if (kept || !o->kind)
		return;
	/* Nothing of that kind: perhaps a typo; name the kinds there are. */
	char name[64];
	ifw_sanitize(o->kind, strlen(o->kind), name, sizeof(name));
	fprintf(stderr, "ifwho: no interface of kind \"%s\"", name);
	const char *seen[16];
	size_t n_seen = 0;
	for (size_t i = 0; i < m->ifaces.n && n_seen < 16; i++) {
		const struct ifw_iface *f = &m->ifaces.v[i];
		const char *k = f->kind ? f->kind : ifw_name_arptype(f->arptype);
		bool dup = !k;
		for (size_t j = 0; j < n_seen && !dup; j++)
			dup = strcmp(seen[j], k) == 0;
		if (dup)
			continue;
		seen[n_seen] = k;
		char s[64];
		ifw_sanitize(k, strlen(k), s, sizeof(s));
		fprintf(stderr, "%s%s", n_seen++ ? ", " : " (kinds here: ", s);
	}
	fputs(n_seen ? ")\n" : "\n", stderr);
}

static void warn_model(void *m, const char *msg)
{
	ifw_model_warn(m, "%s", msg);
}

static void credit(char *buf, size_t len, const struct ifw_owners *ow)
{
	const struct ifw_ipdb *db = NULL;
	for (size_t i = 0; i < ow->n_srcs && !db; i++)
		db = ifw_ipsrc_ipdb(ow->srcs[i]);
	ifw_ipdb_credit(db, buf, len);
}

static int version(const struct ifw_env *env)
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
	ifw_cli_print_paths(stdout, true, env);
	puts("License: MIT.");
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
	const char **missing; /* names that matched nothing */
	size_t n_missing;
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
	free(r->missing);
}

/* --evidence reads files, directories and pipes (<(cmd), -); a device would never end. */
static int check_evidence_path(const char *path)
{
	struct stat st;
	if (strcmp(path, "-") == 0 || stat(path, &st) < 0)
		return 0; /* the collector says what is wrong with a missing path */
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISSOCK(st.st_mode)) {
		char p[256];
		ifw_sanitize(path, strlen(path), p, sizeof(p));
		fprintf(stderr,
		        "ifwho: %s: a device, not saved command output (--evidence takes a "
		        "file, a directory, or - for stdin)\n",
		        p);
		return IFW_EXIT_INPUT;
	}
	return 0;
}

/* The exit status for a collector's failure: input files are the user's input (5, or 6 when
 * readable but holding nothing ifwho knows), an unknown namespace is a usage error. */
static int collect_failed(struct run *r, const struct ifw_err *e)
{
	const struct ifw_options *o = r->o;
	if (e->code == IFW_E_PERM && o->netns && !o->evidence) {
		char name[128];
		ifw_sanitize(o->netns, strlen(o->netns), name, sizeof(name));
		fprintf(stderr, "ifwho: could not enter namespace %s: %s\n", name, PERM_DENIED);
		return IFW_EXIT_NOT_PERMITTED;
	}
	int rc = fail(e);
	if (e->code == IFW_E_NOMEM)
		return IFW_EXIT_FAILED;
	if (e->code == IFW_E_NOTFOUND && o->netns) { /* the namespace asked for is not there */
		const char *sugg[4];
		size_t n = ifw_suggest_netns(&r->m, o->netns, sugg, 4);
		for (size_t k = 0; k < n; k++) {
			char s[128];
			ifw_sanitize(sugg[k], strlen(sugg[k]), s, sizeof(s));
			fprintf(stderr, "%s%s", k ? ", " : "ifwho: did you mean ", s);
		}
		if (n)
			fputs("?\n", stderr);
		return IFW_EXIT_USAGE;
	}
	if (o->evidence)
		return e->code == IFW_E_PARSE ? IFW_EXIT_UNRECOGNIZED : IFW_EXIT_INPUT;
	return rc;
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
	    .timing = o->env.timing,
	    .no_focus = o->env.no_focus,
	    .no_bpf = o->env.no_bpf,
	    .bpf_log = o->env.bpf_log,
	    .config_root = o->env.config_root,
	    .state_root = o->env.state_root,
	    .search_path = o->env.path,
	};
	/* The focus pass looks a name up as typed: other forms (veth0@if2, 3, ETH0) need all. */
	if (co.iface && (strpbrk(co.iface, "@ABCDEFGHIJKLMNOPQRSTUVWXYZ") ||
	                 strspn(co.iface, "0123456789") == strlen(co.iface)))
		co.iface = NULL;
	/* A sample's flows are tied to the sockets at their ends (capture/owner.c), which may be
	 * bound to any address: read them all. The sample takes seconds; this costs little. */
	if (o->sample_secs || o->pcap_in)
		co.iface = NULL;
	const struct ifw_backend *b =
	    o->evidence ? &ifw_backend_evidence : ifw_backend_live(o->env.backend, err);
	if (!b || b->collect(&r->m, &co, err) < 0)
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

/* A capture file alone (no names, no namespace, no evidence) explains only the capture. */
static bool capture_only(const struct ifw_options *o)
{
	return o->pcap_in && !o->n_names && !o->netns && !o->evidence && !o->kind &&
	       !o->unexplained;
}

/* Reads --pcap, or takes the --sample. A capture file that cannot be read ends the run (5); a
 * sample that cannot be taken is one line, the report goes on, and the status says so. */
static int traffic(struct run *r, int *rc)
{
	const struct ifw_options *o = r->o;
	struct ifw_err err = {0};
	if (o->pcap_in) {
		if (ifw_capture_file(&r->m, o->pcap_in, r->only, r->n_only, &err) < 0) {
			int c = fail(&err);
			*rc = err.code == IFW_E_NOMEM ? c : IFW_EXIT_INPUT;
			return -1;
		}
		return 0;
	}
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
	if (ifw_capture_sample(&r->m, r->only, r->n_only, &so, &err) < 0) {
		char msg[600];
		ifw_sanitize(err.msg, strlen(err.msg), msg, sizeof(msg));
		fprintf(stderr, "ifwho: traffic sample skipped: %s\n", msg);
		/* The capture's own words for a --write file it could not create. */
		bool write = o->pcap_out && strncmp(err.msg, "cannot write ", 13) == 0;
		*rc = write                     ? IFW_EXIT_WRITE
		      : err.code == IFW_E_PERM  ? IFW_EXIT_NOT_PERMITTED
		      : err.code == IFW_E_USAGE ? IFW_EXIT_USAGE
		                                : IFW_EXIT_FAILED;
	}
	return 0;
}

unsigned ifw_cli_width(const struct ifw_env *env)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	const char *c = env->columns;
	char *end;
	long v = c ? strtol(c, &end, 10) : 0;
	return c && *c && !*end && v > 0 && v < 10000 ? (unsigned)v : 0;
}

/* Keeps the first failure, except that "not found" (1) gives way to a worse one. */
static void set_rc(int *rc, int v)
{
	if (v && (!*rc || *rc == IFW_EXIT_NO_SUCH_IFACE))
		*rc = v;
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

/* The far ends worth asking a registry about: IKE peers, and where tun holders' connected
 * sockets lead. Asked by a child that runs as --user (nobody) without capabilities, started
 * while ifwho may still become that user; its answers are read after the knowledge is parsed. */
static void start_rdap(struct run *r, struct ifw_rdap_child *child)
{
	const struct ifw_model *m = &r->m;
	struct ifw_ip ips[64];
	size_t n = 0;
	for (size_t i = 0; i < m->sas.n && n < 64; i++)
		ips[n++] = m->sas.v[i].remote;
	for (size_t i = 0; i < m->fdrefs.n && n < 64; i++) {
		const struct ifw_fdref *fr = &m->fdrefs.v[i];
		if (fr->type != IFW_FD_TUN || fr->proc == IFW_NOID)
			continue;
		const struct ifw_process *p = &m->procs.v[fr->proc];
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
	const struct ifw_env *env = &r->o->env;
	ifw_rdap_default_opts(&ro, env->rdap_bootstrap, env->xdg_cache_home, env->home, cache,
	                      sizeof(cache));
	struct ifw_err err = {0};
	if (ifw_rdap_child_start(child, ips, n, &ro, r->o->user, &err) < 0)
		ifw_model_warn(&r->m, "%s; no registry asked", err.msg);
}

int ifw_cli_run(const struct ifw_options *o)
{
	if (o->help) {
		ifw_cli_usage();
		ifw_cli_print_paths(stdout, false, &o->env);
		return 0;
	}
	if (o->version)
		return version(&o->env);
	int rc = o->evidence ? check_evidence_path(o->evidence) : 0;
	if (rc)
		return rc;
	struct run r = {.o = o};
	struct ifw_rdap_child rdap = {0}; /* --online: the registry lookups' child */
	struct ifw_err err = {0};
	ifw_model_init(&r.m);
	char warn[256];
	timing = o->env.timing;
	phase("start");
	/* Knowledge files are read now and parsed once no privilege is left. */
	if (read_knowledge(&o->env, &r.kb_files, r.kb_where, sizeof(r.kb_where), &err) < 0) {
		rc = fail(&err);
		goto out;
	}
	phase("knowledge");
	if (!capture_only(o) && collect(&r, &err) < 0) {
		rc = collect_failed(&r, &err);
		goto out;
	}
	if (o->netns && !o->evidence && (rc = chosen_ns_unreadable(&r.m, o->netns)))
		goto out;
	if (o->n_names &&
	    select_ifaces(&r.m, o, &r.only, &r.n_only, &r.missing, &r.n_missing) < 0) {
		rc = fail(&(struct ifw_err){.code = IFW_E_NOMEM, .msg = "out of memory"});
		goto out;
	}
	if (o->n_names && !r.n_only && !o->json) {
		for (size_t i = 0; i < r.n_missing; i++)
			say_missing(&r.m, o, r.missing[i]);
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
	if (traffic(&r, &rc) < 0)
		goto out;
	if (o->pcap_in || o->sample_secs)
		phase("capture");
	if (o->online)
		start_rdap(&r, &rdap);
	/* Everything privileged is done: the analysis and the report run without capabilities. */
	if (ifw_drop_privileges(&err) < 0) {
		rc = fail(&err);
		goto out;
	}
	if (parse_knowledge(&r.kb, &r.kb_files, r.kb_where, &err) < 0) {
		rc = fail(&err);
		goto out;
	}
	if (open_owners(&r, warn, sizeof(warn), &err) < 0) {
		int c = fail(&err);
		rc = o->n_ipdbs && err.code != IFW_E_NOMEM ? IFW_EXIT_INPUT : c;
		goto out;
	}
	r.owners.kb = r.kb; /* opened before the knowledge was parsed, when sampling */
	/* A sampled flow's label: the process holding its socket outranks nDPI's guess. */
	ifw_capture_settle_owners(&r.m, r.kb);
	if (warn[0])
		ifw_model_warn(&r.m, "%s", warn);
	if (o->online)
		ifw_rdap_child_finish(&rdap, &r.owners, warn_model, &r.m);
	if (ifw_analyze(&r.a, &r.m, r.kb, &r.owners, &err) < 0) {
		/* evidence of sentences only whose names are none ifwho knows: unrecognized */
		rc = err.code == IFW_E_PARSE && o->evidence ? (fail(&err), IFW_EXIT_UNRECOGNIZED)
		                                            : fail(&err);
		goto out;
	}
	r.analyzed = true;
	phase("analyze");
	filter(&r.m, &r.a, o, &r.only, &r.n_only);
	/* --why without a name: every interface in detail. */
	bool detail = o->n_names > 0 || o->why;
	if (detail && !r.only) {
		r.only = calloc(r.m.ifaces.n ? r.m.ifaces.n : 1, sizeof(*r.only));
		if (!r.only) {
			rc = fail(&(struct ifw_err){.code = IFW_E_NOMEM, .msg = "out of memory"});
			goto out;
		}
		for (size_t i = 0; i < r.m.ifaces.n; i++)
			r.only[r.n_only++] = (ifw_id)i;
	}
	char cred[512];
	credit(cred, sizeof(cred), &r.owners);
	struct ifw_report_opts ro = {
	    .color = !o->json && o->format == IFW_FMT_TEXT && want_color(o->color, &o->env),
	    .why = o->why,
	    .detail = detail,
	    .only = r.only,
	    .n_only = r.n_only,
	    .version_credit = cred,
	    .width = o->json ? 0 : ifw_cli_width(&o->env),
	    .not_found = r.missing,
	    .n_not_found = r.n_missing,
	};
	int (*report)(FILE *, const struct ifw_model *, const struct ifw_analysis *,
	              const struct ifw_report_opts *, struct ifw_err *) =
	    o->format == IFW_FMT_DOT    ? ifw_report_dot
	    : o->format == IFW_FMT_SVG  ? ifw_report_svg
	    : o->format == IFW_FMT_HTML ? ifw_report_html
	    : o->json                   ? ifw_report_json
	    : o->brief                  ? ifw_report_brief
	                                : ifw_report_text;
	/* Owners are shown by the JSON report and the detail: looked up for what they show. */
	if ((report == ifw_report_json || (report == ifw_report_text && detail)) &&
	    ifw_owners_annotate(&r.a, r.only, r.n_only) < 0) {
		rc = fail(&(struct ifw_err){.code = IFW_E_NOMEM, .msg = "out of memory"});
		goto out;
	}
	int w = report(stdout, &r.m, &r.a, &ro, &err);
	if (w >= 0 && report == ifw_report_text && o->n_names) /* what the watcher saw make it */
		ifw_cli_history_lines(stdout, o->names, o->n_names, &o->env, &r.m);
	if (w < 0 || fflush(stdout) != 0) {
		if (w >= 0)
			ifw_fail_errno(&err, errno, "could not write the report");
		fail(&err);
		set_rc(&rc, err.code == IFW_E_NOMEM ? IFW_EXIT_FAILED : IFW_EXIT_WRITE);
	}
	phase("report");
	/* After the report: the names that matched nothing. */
	for (size_t i = 0; i < r.n_missing; i++)
		say_missing(&r.m, o, r.missing[i]);
	if (r.n_missing)
		set_rc(&rc, IFW_EXIT_NO_SUCH_IFACE);
out:
	if (rdap.pid) /* left on an error path: reaped, its answers unused */
		ifw_rdap_child_finish(&rdap, &r.owners, NULL, NULL);
	run_free(&r);
	return rc;
}
