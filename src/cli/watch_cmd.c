/* `ifwho watch` and `ifwho history`: sub-commands with their own options. */
#include "cli/cli.h"

#include "history/history.h"
#include "model/model.h"
#include "ifw_config.h"
#include "util/json_writer.h"
#include "util/sanitize.h"
#if IFW_HAVE_LINUX_BACKEND
#include "watch/watch.h"
#include "watch/wev_json.h"
#endif

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

/* What the history's default place depends on (cli.h: the environment is read once). */
static struct ifw_history_env history_env(const struct ifw_env *env)
{
	return (struct ifw_history_env){env->history, env->state_directory, env->xdg_state_home,
	                                env->home};
}

#if IFW_HAVE_LINUX_BACKEND /* the watcher follows the Linux kernel's notifications */
struct watch_out {
	bool json;
	bool journal; /* stdout is the journal: each line gets a syslog priority */
};

/* systemd sets JOURNAL_STREAM to the device and inode of the stream it gave us. */
static bool stdout_is_journal(const struct ifw_env *env)
{
	const char *js = env->journal_stream;
	unsigned long long dev, ino;
	struct stat st;
	return js && sscanf(js, "%llu:%llu", &dev, &ino) == 2 && fstat(STDOUT_FILENO, &st) == 0 &&
	       (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
}

static void sink(const struct ifw_wev *ev, void *data)
{
	const struct watch_out *wo = data;
	if (wo->json) {
		ifw_wev_print_json(stdout, ev);
		return;
	}
	/* notice for a gap (the record may be incomplete there), info for the rest */
	if (wo->journal)
		fputs(ev->type == IFW_WEV_GAP ? "<5>" : "<6>", stdout);
	ifw_wev_print_text(stdout, ev);
}

static void watch_usage(FILE *f)
{
	fputs("usage: ifwho watch [--json] [--no-bpf] [--no-addr] [--history PATH | --no-history]\n"
	      "                   [--keep-days N] [--max-mb N] [--prom FILE.prom]\n"
	      "                   [--duration SECS] [--ready-file PATH]\n"
	      "                   [--bpf-hook notifier_run|sys_enter]\n"
	      "Follows link and address changes in every network namespace, says which process\n"
	      "asked for each creation, rename, move and deletion, and keeps them in a history\n"
	      "(default: $IFWHO_HISTORY, $STATE_DIRECTORY/history.db, /var/lib/ifwho/history.db).\n"
	      "--prom writes a Prometheus textfile (node_exporter's textfile collector) on each\n"
	      "change, atomically. Without privileges it watches only its own namespace, and\n"
	      "without BPF it attributes from the proc connector (confidence \"likely\").\n"
	      "--bpf-hook sys_enter puts the BPF tracer where older kernels need it (it slows\n"
	      "every system call; for comparisons).\n",
	      f);
}

/* A positive number up to max (NaN and infinity are none): the value is scaled to an int64, and
 * a double out of its range is undefined behaviour (--duration 1e300 ended the watch at once). */
static bool num_arg(const char *s, double *v, double max)
{
	char *end;
	*v = strtod(s, &end);
	return *s && !*end && *v > 0 && *v <= max;
}

static int cmd_watch(int argc, char **argv, const struct ifw_env *env)
{
	struct ifw_watch_opts o = {0};
	static char hist[512];
	struct ifw_history_env he = history_env(env);
	ifw_history_default_path(hist, sizeof(hist), &he);
	o.history = hist;
	/* Only the fixed default places are made (/var/lib/ifwho, the user's own state directory):
	 * systemd makes $STATE_DIRECTORY before the service starts, and under `sudo -E` it is a
	 * user's word, naming any directory for root to make (/etc/nologin stops every login). */
	o.history_make_dirs =
	    !(env->history && *env->history) && !(env->state_directory && *env->state_directory);
	o.rcvbuf = env->watch_rcvbuf;
	o.keep_ns = 30LL * 86400 * 1000000000LL;
	o.max_bytes = 64LL << 20;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		double d;
		if (strcmp(a, "--json") == 0) {
			o.json = true;
		} else if (strcmp(a, "--no-bpf") == 0) {
			o.no_bpf = true;
		} else if (strcmp(a, "--bpf-hook") == 0 && v &&
		           (strcmp(v, "sys_enter") == 0 || strcmp(v, "notifier_run") == 0)) {
			o.bpf_sys_enter = strcmp(argv[++i], "sys_enter") == 0;
		} else if (strcmp(a, "--no-addr") == 0) {
			o.quiet_addr = true;
		} else if (strcmp(a, "--no-history") == 0) {
			o.history = NULL;
		} else if (strcmp(a, "--history") == 0 && v) {
			o.history = argv[++i];
			o.history_make_dirs = false;
		} else if (strcmp(a, "--keep-days") == 0 && v && num_arg(v, &d, 36500)) {
			o.keep_ns = (int64_t)(d * 86400e9);
			i++;
		} else if (strcmp(a, "--max-mb") == 0 && v && num_arg(v, &d, 1 << 20)) {
			o.max_bytes = (int64_t)(d * 1048576);
			i++;
		} else if (strcmp(a, "--duration") == 0 && v && num_arg(v, &d, 1e9)) {
			o.duration_s = d;
			i++;
		} else if (strcmp(a, "--prom") == 0 && v) {
			o.prom_path = argv[++i];
		} else if (strcmp(a, "--ready-file") == 0 && v) {
			o.ready_file = argv[++i];
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			watch_usage(stdout);
			return IFW_EXIT_OK;
		} else {
			fprintf(stderr, "ifwho watch: bad option %s\n", a);
			watch_usage(stderr);
			return IFW_EXIT_USAGE;
		}
	}
	o.bpf_log = env->bpf_log;
	struct watch_out wo = {o.json, stdout_is_journal(env)};
	struct ifw_err err = {0};
	if (ifw_watch_run(&o, sink, &wo, &err) < 0) {
		fprintf(stderr, "ifwho watch: %s\n", err.msg);
		return err.code == IFW_E_PERM ? IFW_EXIT_NOT_PERMITTED : IFW_EXIT_FAILED;
	}
	return IFW_EXIT_OK;
}
#endif

/* "30m", "2h", "3d", "45s", seconds since 1970, or "2026-12-06T14:02:11" (UTC). */
static bool parse_since(const char *s, int64_t *ns)
{
	char *end;
	double v = strtod(s, &end);
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	int64_t now_ns = (int64_t)now.tv_sec * 1000000000LL + now.tv_nsec;
	if (end != s && end[0] && !end[1]) {
		double mult = end[0] == 's'   ? 1
		              : end[0] == 'm' ? 60
		              : end[0] == 'h' ? 3600
		              : end[0] == 'd' ? 86400
		                              : 0;
		if (mult == 0 || !(v >= 0 && v * mult <= 1e10)) /* NaN too; 1e10 s: 300 years */
			return false;
		*ns = now_ns - (int64_t)(v * mult * 1e9);
		return true;
	}
	if (end != s && !*end && v > 1e9 && v < 9e9) {
		*ns = (int64_t)(v * 1e9);
		return true;
	}
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	const char *rest = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!rest)
		rest = strptime(s, "%Y-%m-%d %H:%M:%S", &tm);
	if (!rest) {
		memset(&tm, 0, sizeof(tm));
		rest = strptime(s, "%Y-%m-%d", &tm);
	}
	if (!rest || (*rest && strcmp(rest, "Z") != 0))
		return false;
	*ns = (int64_t)timegm(&tm) * 1000000000LL;
	return true;
}

struct hist_out {
	bool json;
	size_t n;
	/* NAME and the names it was renamed to since (followed through renames) */
	const char *name;
	char names[16][16];
	size_t n_names;
	int64_t since;
};

/* With a NAME: is this event about it (under any of the names it has had)? */
static bool follows(struct hist_out *ho, const struct ifw_hist_row *r)
{
	if (!ho->name)
		return true;
	bool hit = false;
	for (size_t i = 0; i < ho->n_names && !hit; i++)
		hit = strcmp(r->name, ho->names[i]) == 0 ||
		      (r->old_name[0] && strcmp(r->old_name, ho->names[i]) == 0);
	if (hit && strcmp(r->event, "renamed") == 0 && ho->n_names < 16) {
		bool known = false;
		for (size_t i = 0; i < ho->n_names; i++)
			known = known || strcmp(ho->names[i], r->name) == 0;
		if (!known)
			snprintf(ho->names[ho->n_names++], sizeof(ho->names[0]), "%s", r->name);
	}
	return hit && r->time_ns >= ho->since;
}

static void clean_print(const char *prefix, const char *s)
{
	char buf[2400];
	ifw_sanitize(s, strlen(s), buf, sizeof(buf));
	printf("%s%s", prefix, buf);
}

/* A value jansson parsed, written again through the streaming writer (NULL: null). */
static void write_parsed(struct ifw_jw *w, json_t *v)
{
	const char *key;
	json_t *m;
	size_t i;
	switch (v ? json_typeof(v) : JSON_NULL) {
	case JSON_OBJECT:
		ifw_jw_start_object(w);
		json_object_foreach(v, key, m)
		{
			ifw_jw_name(w, key);
			write_parsed(w, m);
		}
		ifw_jw_end_object(w);
		break;
	case JSON_ARRAY:
		ifw_jw_start_array(w);
		json_array_foreach(v, i, m) write_parsed(w, m);
		ifw_jw_end_array(w);
		break;
	case JSON_STRING:
		ifw_jw_string_len(w, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		ifw_jw_int(w, json_integer_value(v));
		break;
	case JSON_REAL:
		ifw_jw_double(w, json_real_value(v));
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		ifw_jw_bool(w, json_is_true(v));
		break;
	case JSON_NULL:
		ifw_jw_null(w);
		break;
	}
}

static void hist_row(const struct ifw_hist_row *r, void *data)
{
	struct hist_out *ho = data;
	if (!follows(ho, r))
		return;
	ho->n++;
	char when[40];
	ifw_format_time((uint64_t)r->time_ns, when, sizeof(when));
	if (ho->json) {
		struct ifw_jw w;
		ifw_jw_init(&w, stdout, IFW_JW_COMPACT);
		ifw_jw_start_object(&w);
		ifw_jw_string_field(&w, "time", when);
		ifw_jw_string_field(&w, "event", r->event);
#define S(k, v) ifw_jw_string_field(&w, k, (v)[0] ? (v) : NULL)
		S("netns", r->netns);
		ifw_jw_int_field(&w, "ifindex", r->ifindex);
		S("name", r->name);
		S("old_name", r->old_name);
		S("kind", r->kind);
		S("to_netns", r->to_netns);
		S("address", r->address);
		S("note", r->note);
#undef S
		/* the creator as the watcher stored it (parsed: the file may have been edited) */
		json_t *c = r->creator_json[0] ? json_loads(r->creator_json, 0, NULL) : NULL;
		ifw_jw_name(&w, "creator");
		write_parsed(&w, c);
		json_decref(c);
		ifw_jw_end_object(&w);
		ifw_jw_finish(&w);
		return;
	}
	printf("%s", when);
	clean_print(" ", r->event);
	if (strcmp(r->event, "gap") == 0) {
		clean_print(" ", r->note);
		putchar('\n');
		return;
	}
	if (r->address[0])
		clean_print(" ", r->address), clean_print(" on ", r->name);
	else
		clean_print(" ", r->name);
	if (r->kind[0])
		clean_print(" (", r->kind), fputs(")", stdout);
	clean_print(" in ", r->netns);
	if (r->old_name[0])
		clean_print(" from ", r->old_name);
	if (r->to_netns[0])
		clean_print(" to ", r->to_netns);
	if (r->creator_line[0]) {
		clean_print(" by ", r->creator_line);
		if (r->creator_cmdline[0])
			clean_print(": \"", r->creator_cmdline), fputs("\"", stdout);
		clean_print(" [", r->confidence), fputs("]", stdout);
	}
	if (r->note[0])
		clean_print(" (", r->note), fputs(")", stdout);
	putchar('\n');
}

static void history_usage(FILE *f)
{
	fputs(
	    "usage: ifwho history [NAME] [--since WHEN] [--json] [--history PATH]\n"
	    "What the watcher recorded about interface NAME (or every interface): creations with\n"
	    "their creators, renames, moves, deletions. WHEN: 30m, 2h, 3d, or "
	    "2026-12-06T14:00:00.\n",
	    f);
}

static int cmd_history(int argc, char **argv, const struct ifw_env *env)
{
	const char *name = NULL;
	int64_t since = 0;
	static char path[512];
	struct ifw_history_env he = history_env(env);
	ifw_history_default_path(path, sizeof(path), &he);
	struct hist_out ho = {0};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--json") == 0) {
			ho.json = true;
		} else if (strcmp(a, "--since") == 0 && i + 1 < argc) {
			if (!parse_since(argv[++i], &since)) {
				fprintf(stderr,
				        "ifwho history: --since wants 30m, 2h, 3d or a date\n");
				return IFW_EXIT_USAGE;
			}
		} else if (strcmp(a, "--history") == 0 && i + 1 < argc) {
			snprintf(path, sizeof(path), "%s", argv[++i]);
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			history_usage(stdout);
			return IFW_EXIT_OK;
		} else if (a[0] != '-' && !name) {
			name = a;
		} else {
			fprintf(stderr, "ifwho history: bad argument %s\n", a);
			history_usage(stderr);
			return IFW_EXIT_USAGE;
		}
	}
	/* A NAME is followed through its renames: every event is read, in order. */
	ho.name = name;
	ho.since = since;
	if (name)
		snprintf(ho.names[ho.n_names++], sizeof(ho.names[0]), "%s", name);
	struct ifw_history *h;
	struct ifw_err err = {0};
	if (ifw_history_open(&h, path, false, &err) < 0 ||
	    ifw_history_query(h, NULL, name ? 0 : since, hist_row, &ho, &err) < 0) {
		char msg[1100];
		ifw_sanitize(err.msg, strlen(err.msg), msg, sizeof(msg));
		fprintf(stderr, "ifwho history: %s\n", msg);
		if (h)
			ifw_history_close(h);
		return err.code == IFW_E_PERM ? IFW_EXIT_NOT_PERMITTED : IFW_EXIT_FAILED;
	}
	ifw_history_close(h);
	if (name && ho.n == 0) {
		char n[80];
		ifw_sanitize(name, strlen(name), n, sizeof(n));
		fprintf(stderr, "ifwho history: nothing recorded about %s\n", n);
		return IFW_EXIT_NO_SUCH_IFACE;
	}
	return IFW_EXIT_OK;
}

/* The newest creation (or rename to) of each name, for `ifwho NAME`: of the link shown, the one
 * with that name in that namespace (inode) and with that index. Any user can make a link of
 * any name in a namespace of their own, which the watcher records too; matched by name alone,
 * the newest such decoy stood under root's interface as its history. */
struct last_made {
	char when[40], line[2100], cmd[600], netns[80], event[16];
	int32_t pid;
	bool found;
	char exited[40]; /* when its creator exited, leaving it, if the watcher saw it */
	uint64_t inode;  /* the link asked about: its namespace and index */
	int32_t ifindex;
};

/* Whether the row is about the link asked about: same namespace and index (the name is the
 * query's). */
static bool shown_link(const struct last_made *lm, const struct ifw_hist_row *r)
{
	return r->netns_inode && (uint64_t)r->netns_inode == lm->inode && r->ifindex > 0 &&
	       r->ifindex == lm->ifindex;
}

static void last_made_cb(const struct ifw_hist_row *r, void *data)
{
	struct last_made *lm = data;
	/* rows are found by name: another namespace's link of that name has its own */
	if (strcmp(r->event, "creator-exited") == 0 && lm->found && shown_link(lm, r)) {
		ifw_format_time((uint64_t)r->time_ns, lm->exited, sizeof(lm->exited));
		return;
	}
	if (strcmp(r->event, "created") != 0 && strcmp(r->event, "renamed") != 0 &&
	    strcmp(r->event, "appeared") != 0)
		return;
	if (!shown_link(lm, r))
		return;
	lm->found = true;
	lm->exited[0] = '\0';
	ifw_format_time((uint64_t)r->time_ns, lm->when, sizeof(lm->when));
	snprintf(lm->event, sizeof(lm->event), "%s", r->event);
	snprintf(lm->line, sizeof(lm->line), "%s", r->creator_line);
	snprintf(lm->cmd, sizeof(lm->cmd), "%s", r->creator_cmdline);
	snprintf(lm->netns, sizeof(lm->netns), "%s", r->netns);
	lm->pid = r->creator_pid;
}

void ifw_cli_history_lines(FILE *out, const char *const *names, size_t n, const struct ifw_env *env,
                           const struct ifw_model *m)
{
	if (m->source != IFW_SRC_LIVE)
		return; /* this host's history says nothing about saved evidence */
	char path[512];
	struct ifw_history_env he = history_env(env);
	ifw_history_default_path(path, sizeof(path), &he);
	struct ifw_history *h;
	struct ifw_err err;
	if (access(path, R_OK) != 0 || ifw_history_open(&h, path, false, &err) < 0)
		return; /* no history: nothing to add */
	/* One line per link of each name the report shows (two namespaces may both have one). */
	for (size_t k = 0; k < n * m->ifaces.n; k++) {
		size_t i = k / m->ifaces.n;
		const struct ifw_iface *f = &m->ifaces.v[k % m->ifaces.n];
		if (f->ns == IFW_NOID || !f->name || strcmp(f->name, names[i]) != 0)
			continue;
		struct last_made lm = {.inode = m->netns.v[f->ns].inode, .ifindex = f->ifindex};
		if (ifw_history_query(h, names[i], 0, last_made_cb, &lm, &err) < 0 || !lm.found)
			continue;
		char name[80], ns[200], line[2400], cmd[1300];
		ifw_sanitize(names[i], strlen(names[i]), name, sizeof(name));
		ifw_sanitize(lm.netns, strlen(lm.netns), ns, sizeof(ns));
		char ev[40];
		ifw_sanitize(lm.event, strlen(lm.event), ev, sizeof(ev));
		fprintf(out, "%s: %s %s in %s", name, strcmp(ev, "renamed") == 0 ? "named" : ev,
		        lm.when, ns);
		if (lm.line[0]) {
			ifw_sanitize(lm.line, strlen(lm.line), line, sizeof(line));
			fprintf(out, " by %s", line);
			if (lm.cmd[0]) {
				ifw_sanitize(lm.cmd, strlen(lm.cmd), cmd, sizeof(cmd));
				fprintf(out, ": \"%s\"", cmd);
			}
			/* Is it still there? The watcher saw it exit, or /proc says it is gone (a
			 * pid alone may have been reused: "exited" only when it certainly has). */
			char proc[32];
			snprintf(proc, sizeof(proc), "/proc/%d", lm.pid);
			if (lm.exited[0])
				fprintf(out, "; that process exited %s, leaving it", lm.exited);
			else if (lm.pid > 0 && access(proc, F_OK) != 0 &&
			         !strstr(lm.line, ", exited)"))
				fputs("; that process has exited", out);
		} else {
			fputs(" (creator not seen)", out);
		}
		fputs(" [history]\n", out);
	}
	ifw_history_close(h);
}

bool ifw_cli_is_subcmd(const char *arg)
{
	return arg && (strcmp(arg, "watch") == 0 || strcmp(arg, "history") == 0);
}

int ifw_cli_subcmd(int argc, char **argv, const struct ifw_env *env)
{
	if (strcmp(argv[0], "watch") == 0) {
#if IFW_HAVE_LINUX_BACKEND
		return cmd_watch(argc, argv, env);
#else
		fprintf(stderr, "ifwho watch: this ifwho is built without the Linux backend\n");
		return IFW_EXIT_USAGE;
#endif
	}
	return cmd_history(argc, argv, env);
}
