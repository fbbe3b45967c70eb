/* The command-running backend: on a system without the Linux backend (macOS, the BSDs) ifwho
 * runs the commands contrib/ifwho-collect would run, writes their output in the collector's
 * format in memory, and hands that to the evidence reader, so a live run goes through exactly
 * the parsing and inference a saved file does. What could not be run is a warning, not a
 * failure: the report says which facts are missing and why. */
#include "collect/backend.h"
#include "collect/cmdrun/commands.h"
#include "collect/cmdrun/spawn.h"
#include "collect/evidence/evidence.h"

#include "util/strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#define CR_MAX_OUT   (8u << 20) /* a command's output kept; more is cut (with a warning) */
#define CR_MAX_ERR   4096
#define CR_ERR_LINES 5
#define CR_SOURCE    "commands run on this host"

static void command_text(const char *const argv[], char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; argv[i] && used + 1 < len; i++) {
		int w = snprintf(buf + used, len - used, "%s%s", i ? " " : "", argv[i]);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

/* Output lines that start with "###" would read as markers: they get a space, as the
 * collector's quote() does. A last line without a newline gets one. */
static void add_output(struct ifw_strbuf *b, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - s) : n;
		if (end - i >= 3 && memcmp(s + i, "###", 3) == 0)
			ifw_sb_puts(b, " ");
		ifw_sb_add(b, s + i, end - i);
		ifw_sb_puts(b, "\n");
		i = end + 1;
	}
}

static void add_stderr(struct ifw_strbuf *b, const char *s, size_t n)
{
	size_t i = 0;
	for (unsigned k = 0; i < n && k < CR_ERR_LINES; k++) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - s) : n;
		if (end > i) {
			ifw_sb_puts(b, "### stderr: ");
			ifw_sb_add(b, s + i, end - i);
			ifw_sb_puts(b, "\n");
		}
		i = end + 1;
	}
}

struct crun {
	struct ifw_model *m;
	const char *search_path; /* PATH (the cli's), NULL: the default */
	struct ifw_strbuf buf;
	unsigned ran, missing, failed;
};

/* Runs one command into the buffer; false when it gave nothing to read (missing, failed, or
 * silent), which CR_IF_PREV_FAILED entries look at. */
static bool run_one(struct crun *r, const struct cr_command *c)
{
	char cmd[256];
	command_text(c->argv, cmd, sizeof(cmd));
	struct cr_limits lim = {
	    .timeout_ms = c->timeout_ms ? c->timeout_ms : CR_DEFAULT_TIMEOUT_MS,
	    .max_out = CR_MAX_OUT,
	    .max_err = CR_MAX_ERR,
	    .search_path = r->search_path,
	};
	struct cr_result res;
	struct ifw_err err = {0};
	if (cr_run(c->argv, &lim, &res, &err) < 0) {
		r->failed++;
		ifw_model_warn(r->m, "commands: could not run `%s`: %s", cmd, err.msg);
		return false;
	}
	if (res.missing) {
		r->missing++;
		ifw_model_warn(
		    r->m, "commands: `%s` not run: %s is not on PATH (what it shows is missing)",
		    cmd, c->argv[0]);
		return false;
	}
	r->ran++;
	size_t len = res.out_len;
	if (res.capped) { /* the half line at the cut is not read */
		while (len && res.out[len - 1] != '\n')
			len--;
		ifw_model_warn(r->m,
		               "commands: `%s` printed more than %u MiB: stopped there, the rest "
		               "is not read",
		               cmd, CR_MAX_OUT >> 20);
	}
	if (res.timed_out)
		ifw_model_warn(r->m,
		               "commands: `%s` did not finish within %u s: killed, what it had "
		               "printed is read",
		               cmd, lim.timeout_ms / 1000);
	ifw_sb_printf(&r->buf, "### ifwho-collect: %s\n", cmd);
	add_output(&r->buf, res.out, len);
	add_stderr(&r->buf, res.err, res.err_len);
	/* Only a command that ended by itself has a status worth reporting (a killed one has
	 * its warning above). */
	if (!res.timed_out && !res.capped)
		ifw_sb_printf(&r->buf, "### exit %d\n", res.status);
	bool gave = len > 0 && (res.status == 0 || res.timed_out || res.capped);
	if (!gave && !res.timed_out && res.status != 0)
		r->failed++;
	cr_result_free(&res);
	return gave;
}

/* The system, as its own `uname` says it (a stand-in on PATH can say another: the tests run
 * macOS's and FreeBSD's commands on Linux that way), else as uname(2) says it. The first line
 * becomes the collector's "### uname:" header. */
static void system_name(struct crun *r, char *sys, size_t len)
{
	static const char *const argv[] = {"uname", "-a", NULL};
	struct cr_limits lim = {.timeout_ms = CR_DEFAULT_TIMEOUT_MS,
	                        .max_out = 4096,
	                        .max_err = 512,
	                        .search_path = r->search_path};
	struct cr_result res;
	struct ifw_err err = {0};
	sys[0] = '\0';
	if (cr_run(argv, &lim, &res, &err) == 0 && !res.missing) {
		size_t n = strcspn(res.out, "\n");
		if (res.status == 0 && n) {
			size_t w = strcspn(res.out, " \t\n");
			snprintf(sys, len, "%.*s", (int)w, res.out);
			ifw_sb_printf(&r->buf, "### uname: %.*s\n", (int)n, res.out);
		}
		cr_result_free(&res);
	}
	if (sys[0])
		return;
	struct utsname u;
	if (uname(&u) == 0) {
		size_t k = strnlen(u.sysname, len - 1);
		memcpy(sys, u.sysname, k);
		sys[k] = '\0';
		ifw_sb_printf(&r->buf, "### uname: %s %s %s %s %s\n", u.sysname, u.nodename,
		              u.release, u.version, u.machine);
	}
}

/* With --record-netlink DIR: what was read, as a file `ifwho --evidence` reads again. A new file
 * for root alone, as the Linux backend's dumps are: a file, FIFO or link another user put under
 * the name in a directory they can write to is neither followed, written nor opened (a FIFO's
 * open would wait for a reader for good). */
static void record(struct crun *r, const char *dir)
{
	char path[4096];
	int pl = snprintf(path, sizeof(path), "%s/%s", dir, "ifwho-collect.txt");
	if (pl < 0 || (size_t)pl >= sizeof(path)) {
		ifw_model_warn(r->m, "commands: --record directory name too long");
		return;
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0600);
	bool ok = fd >= 0 && fchmod(fd, 0600) == 0; /* exactly 0600, whatever the umask */
	for (size_t off = 0; ok && off < r->buf.len;) {
		ssize_t w = write(fd, r->buf.s + off, r->buf.len - off);
		if (w < 0 && errno == EINTR)
			continue;
		ok = w > 0;
		off += ok ? (size_t)w : 0;
	}
	int e = ok ? 0 : errno;
	if (fd >= 0 && close(fd) < 0 && ok) {
		ok = false;
		e = errno;
	}
	if (!ok)
		ifw_model_warn(r->m, "commands: could not write %s: %s%s", path, strerror(e),
		               e == EEXIST ? " (record into an empty directory)" : "");
}

static int commands_collect(struct ifw_model *m, const struct ifw_collect_opts *o,
                            struct ifw_err *err)
{
	struct crun r = {.m = m, .search_path = o ? o->search_path : NULL};
	ifw_sb_init(&r.buf);
	ifw_sb_puts(&r.buf, "### ifwho-collect 1\n");
	/* Whose processes and sockets the commands could see. */
	ifw_sb_printf(&r.buf, "### uid: %u\n", (unsigned)geteuid());
	char sys[64];
	system_name(&r, sys, sizeof(sys));
	unsigned n;
	const struct cr_command *list = cr_commands_for(sys, &n);
	bool prev_gave = true;
	for (unsigned i = 0; i < n; i++) {
		const struct cr_command *c = &list[i];
		char path[512];
		if (c->when == CR_IF_PREV_FAILED && prev_gave)
			continue;
		if (c->when == CR_IF_MISSING &&
		    cr_find_program(c->other, r.search_path, path, sizeof(path)))
			continue;
		prev_gave = run_one(&r, c);
	}
	if (r.buf.oom) {
		ifw_sb_free(&r.buf);
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	}
	if (!r.ran) {
		ifw_sb_free(&r.buf);
		return ifw_fail(
		    err, IFW_E_NOTFOUND,
		    "none of the commands ifwho runs on %s could be run (%u not on PATH, "
		    "%u failed): nothing to explain",
		    sys[0] ? sys : "this system", r.missing, r.failed);
	}
	if (o && o->record_dir)
		record(&r, o->record_dir);
	int rc = ifw_evidence_read_buffer(m, r.buf.s, r.buf.len, CR_SOURCE, err);
	ifw_sb_free(&r.buf);
	if (rc < 0)
		return -1;
	if (o && o->netns) {
		bool any = false;
		for (size_t i = 0; i < m->netns.n; i++)
			any |= ifw_netns_matches(&m->netns.v[i], o->netns);
		if (!any)
			return ifw_fail(
			    err, IFW_E_NOTFOUND,
			    "no network namespace matches \"%s\" (the commands see only \"host\")",
			    o->netns);
	}
	return 0;
}

const struct ifw_backend ifw_backend_commands = {
    .name = "commands",
    .collect = commands_collect,
};
