/* Running a command for the command-running backend: output and status kept, standard input
 * empty, the time limit kills the command and what it started, the byte cap stops a flood, a
 * missing program is reported as missing, and PATH is searched without the current directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "collect/cmdrun/commands.h"
#include "collect/cmdrun/spawn.h"

#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const struct cr_limits lim = {.timeout_ms = 5000, .max_out = 1 << 20, .max_err = 64};

static void test_output_status_stderr(void **state)
{
	(void)state;
	const char *argv[] = {"/bin/sh", "-c",
	                      "printf 'one\\ntwo'; echo complaint >&2; echo \"$LC_ALL\"; exit 3",
	                      NULL};
	struct cr_result r;
	struct ifw_err err = {0};
	assert_int_equal(cr_run(argv, &lim, &r, &err), 0);
	assert_false(r.missing);
	assert_false(r.timed_out);
	assert_false(r.capped);
	assert_int_equal(r.status, 3);
	assert_string_equal(r.out, "one\ntwoC\n"); /* the locale is C whatever ifwho's is */
	assert_string_equal(r.err, "complaint\n");
	cr_result_free(&r);
}

static void test_stdin_is_empty(void **state)
{
	(void)state;
	const char *argv[] = {"/bin/sh", "-c", "cat; echo end", NULL};
	struct cr_result r;
	struct ifw_err err = {0};
	double t0 = now();
	assert_int_equal(cr_run(argv, &lim, &r, &err), 0);
	assert_true(now() - t0 < 2.0);
	assert_string_equal(r.out, "end\n");
	assert_int_equal(r.status, 0);
	cr_result_free(&r);
}

static void test_time_limit_kills_the_group(void **state)
{
	(void)state;
	/* The shell waits on a child of its own: killing only the shell would leave the sleep
	 * holding the pipe. */
	const char *argv[] = {"/bin/sh", "-c", "echo started; sleep 30 & echo $! >&2; wait", NULL};
	struct cr_limits l = lim;
	l.timeout_ms = 300;
	struct cr_result r;
	struct ifw_err err = {0};
	double t0 = now();
	assert_int_equal(cr_run(argv, &l, &r, &err), 0);
	double took = now() - t0;
	assert_true(r.timed_out);
	assert_true(took >= 0.25 && took < 3.0);
	assert_string_equal(r.out, "started\n");
	assert_int_equal(r.status, 128 + SIGKILL);
	pid_t sleeper = (pid_t)atoi(r.err);
	assert_true(sleeper > 1);
	cr_result_free(&r);
	/* The sleep was killed too (init reaps it: wait for that, briefly). */
	bool gone = false;
	for (int i = 0; i < 200 && !gone; i++) {
		char path[64], st[512] = "";
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)sleeper);
		FILE *f = fopen(path, "r");
		if (!f) {
			gone = kill(sleeper, 0) < 0 && errno == ESRCH;
		} else {
			/* A zombie not yet reaped counts as gone: it was killed. */
			gone = fgets(st, sizeof(st), f) && strstr(st, ") Z ");
			fclose(f);
		}
		if (!gone)
			usleep(10000);
	}
	assert_true(gone);
}

static void test_flood_is_capped(void **state)
{
	(void)state;
	const char *argv[] = {"/bin/sh", "-c", "while :; do echo 0123456789abcdef; done", NULL};
	struct cr_result r;
	struct ifw_err err = {0};
	double t0 = now();
	assert_int_equal(cr_run(argv, &lim, &r, &err), 0);
	assert_true(now() - t0 < 4.0);
	assert_true(r.capped);
	assert_false(r.timed_out);
	assert_int_equal(r.out_len, lim.max_out);
	assert_int_equal(strlen(r.out), lim.max_out);
	cr_result_free(&r);
}

static void test_missing_program(void **state)
{
	(void)state;
	const char *argv[] = {"ifw-no-such-command-here", "-a", NULL};
	struct cr_result r;
	struct ifw_err err = {0};
	assert_int_equal(cr_run(argv, &lim, &r, &err), 0);
	assert_true(r.missing);
	assert_null(r.out);
	cr_result_free(&r);
}

static void test_path_search(void **state)
{
	(void)state;
	char dir[] = "/tmp/ifw-cmdrun-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char prog[128];
	snprintf(prog, sizeof(prog), "%s/ifw-standin", dir);
	FILE *f = fopen(prog, "w");
	assert_non_null(f);
	fputs("#!/bin/sh\necho \"stand-in $1\"\n", f);
	fclose(f);
	chmod(prog, 0755);
	char path[256];
	snprintf(path, sizeof(path), "/nonexistent:%s", dir);
	char found[512];
	assert_true(cr_find_program("ifw-standin", path, found, sizeof(found)));
	assert_string_equal(found, prog);
	/* Not on the default list when no PATH is given. */
	assert_false(cr_find_program("ifw-standin", NULL, found, sizeof(found)));
	const char *argv[] = {"ifw-standin", "-a", NULL};
	struct cr_limits with_path = lim;
	with_path.search_path = path;
	struct cr_result r;
	struct ifw_err err = {0};
	assert_int_equal(cr_run(argv, &with_path, &r, &err), 0);
	assert_string_equal(r.out, "stand-in -a\n");
	cr_result_free(&r);
	/* An empty PATH entry is not the current directory. */
	char cwd[512];
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);
	assert_false(cr_find_program("ifw-standin", ":/nonexistent", found, sizeof(found)));
	assert_int_equal(chdir(cwd), 0);
	unlink(prog);
	rmdir(dir);
}

static void test_command_lists(void **state)
{
	(void)state;
	unsigned n;
	const struct cr_command *c = cr_commands_for("Darwin", &n);
	bool ifconfig_v = false, lsof = false, ps = false;
	for (unsigned i = 0; i < n; i++) {
		ifconfig_v |= strcmp(c[i].argv[0], "ifconfig") == 0 && c[i].argv[1] &&
		              strcmp(c[i].argv[1], "-v") == 0;
		lsof |= strcmp(c[i].argv[0], "lsof") == 0;
		ps |= strcmp(c[i].argv[0], "ps") == 0;
	}
	assert_true(ifconfig_v && lsof && ps);
	c = cr_commands_for("FreeBSD", &n);
	assert_string_equal(c[0].argv[0], "ifconfig");
	bool sockstat = false;
	for (unsigned i = 0; i < n; i++)
		sockstat |= strcmp(c[i].argv[0], "sockstat") == 0;
	assert_true(sockstat);
	assert_true(cr_commands_for("OpenBSD", &n) == c); /* the BSDs share one list */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_output_status_stderr),
	    cmocka_unit_test(test_stdin_is_empty),
	    cmocka_unit_test(test_time_limit_kills_the_group),
	    cmocka_unit_test(test_flood_is_capped),
	    cmocka_unit_test(test_missing_program),
	    cmocka_unit_test(test_path_search),
	    cmocka_unit_test(test_command_lists),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
