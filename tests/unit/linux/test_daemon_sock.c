/* collect/linux/daemon_sock: a conversation ends at its deadline and its byte budget whatever
 * the peer does, the run's deadline caps every conversation, and the trust checks refuse what
 * they should (an executable of the wrong name or owner, a socket of another uid). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "collect/linux/daemon_sock.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A listening socket at a fresh path; the path is written to path. */
static int listener(char *path, size_t len)
{
	snprintf(path, len, "/tmp/ifw-dsock-%d-%ld.vici", (int)getpid(), (long)now_ms());
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	assert_true(s >= 0);
	assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(s, 4), 0);
	return s;
}

/* A peer that says nothing: recv gives up at the conversation's deadline. */
static void silent_peer_times_out(void **state)
{
	(void)state;
	char path[108];
	int l = listener(path, sizeof(path));
	struct ifw_dsock_run run;
	ifw_dsock_run_start(&run, 5000);
	struct ifw_dsock d;
	struct ifw_err err = {0};
	struct ifw_dsock_limits lim = {.conv_ms = 150};
	assert_int_equal(ifw_dsock_connect(&d, &run, getpid(), getuid(), path, &lim, &err), 0);
	int64_t t0 = now_ms();
	char buf[4];
	assert_int_equal(ifw_dsock_recv(&d, buf, sizeof(buf)), -1);
	int64_t took = now_ms() - t0;
	assert_int_equal(d.stop, IFW_DSOCK_TIMEOUT);
	assert_true(took >= 100 && took < 1000);
	assert_non_null(strstr(ifw_dsock_why(&d), "within 150 ms"));
	ifw_dsock_close(&d);
	close(l);
	unlink(path);
}

/* A peer that sends more than the budget: refused before it is read. */
static void budget(void **state)
{
	(void)state;
	char path[108];
	int l = listener(path, sizeof(path));
	struct ifw_dsock_run run;
	ifw_dsock_run_start(&run, 5000);
	struct ifw_dsock d;
	struct ifw_err err = {0};
	struct ifw_dsock_limits lim = {.conv_ms = 1000, .max_bytes = 8};
	assert_int_equal(ifw_dsock_connect(&d, &run, getpid(), getuid(), path, &lim, &err), 0);
	int c = accept(l, NULL, NULL);
	assert_true(c >= 0);
	assert_int_equal(write(c, "0123456789", 10), 10);
	char buf[16];
	assert_int_equal(ifw_dsock_recv(&d, buf, 6), 0);
	assert_memory_equal(buf, "012345", 6);
	assert_int_equal(ifw_dsock_recv(&d, buf, 4), -1); /* 6 + 4 > 8 */
	assert_int_equal(d.stop, IFW_DSOCK_BUDGET);
	ifw_dsock_close(&d);
	close(c);
	close(l);
	unlink(path);
}

/* The run's deadline caps a conversation, and once passed nothing more is asked. */
static void run_deadline(void **state)
{
	(void)state;
	char path[108];
	int l = listener(path, sizeof(path));
	struct ifw_dsock_run run;
	ifw_dsock_run_start(&run, 100);
	struct ifw_dsock d;
	struct ifw_err err = {0};
	assert_int_equal(ifw_dsock_connect(&d, &run, getpid(), getuid(), path, NULL, &err), 0);
	char buf[4];
	assert_int_equal(ifw_dsock_recv(&d, buf, sizeof(buf)), -1);
	assert_int_equal(d.stop, IFW_DSOCK_RUN_TIMEOUT);
	ifw_dsock_close(&d);
	assert_int_equal(ifw_dsock_connect(&d, &run, getpid(), getuid(), path, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "used up"));
	close(l);
	unlink(path);
}

/* A socket file owned by neither root nor the daemon's uid is refused (as root: the file is
 * given to another uid; as anyone else: the daemon's uid is claimed to be another one). */
static void socket_owner(void **state)
{
	(void)state;
	char path[108];
	int l = listener(path, sizeof(path));
	uint32_t daemon_uid = getuid() + 1;
	if (getuid() == 0) {
		assert_int_equal(chown(path, 65534, (gid_t)-1), 0);
		daemon_uid = 1;
	}
	struct ifw_dsock_run run;
	ifw_dsock_run_start(&run, 1000);
	struct ifw_dsock d;
	struct ifw_err err = {0};
	int rc = ifw_dsock_connect(&d, &run, getpid(), daemon_uid, path, NULL, &err);
	if (getuid() != 0) { /* our own socket, our own uid: only "root or daemon" passes */
		assert_int_equal(rc, -1);
		assert_non_null(strstr(err.msg, "belongs to uid"));
	} else {
		assert_int_equal(rc, -1);
		assert_non_null(strstr(err.msg, "belongs to uid 65534"));
	}
	close(l);
	unlink(path);
}

static void exe_checks(void **state)
{
	(void)state;
	struct ifw_err err = {0};
	const char *const wrong[] = {"charon"};
	/* this test's own executable is not named charon */
	assert_int_equal(ifw_dsock_check_exe(getpid(), wrong, 1, &err), -1);
	assert_non_null(strstr(err.msg, "is not the daemon's"));
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	assert_true(n > 0);
	self[n] = '\0';
	const char *base = strrchr(self, '/') + 1;
	const char *const right[] = {base};
	struct stat st;
	assert_int_equal(stat(self, &st), 0);
	int rc = ifw_dsock_check_exe(getpid(), right, 1, &err);
	if (st.st_uid == 0 && !(st.st_mode & 022)) {
		assert_int_equal(rc, 0);
	} else {
		assert_int_equal(rc, -1);
		assert_true(strstr(err.msg, "not root") || strstr(err.msg, "writable"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(silent_peer_times_out),
	    cmocka_unit_test(budget),
	    cmocka_unit_test(run_deadline),
	    cmocka_unit_test(socket_owner),
	    cmocka_unit_test(exe_checks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
