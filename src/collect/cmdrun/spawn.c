/* One command run without a shell (see spawn.h). The command gets its own process group, so a
 * time limit kills whatever it started too; the group is only signalled while the command itself
 * is not yet reaped, so its id cannot belong to anyone else then. */
#include "collect/cmdrun/spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* Whether no one but root can change what path names: every component (links as they are,
 * with lstat, unless follow) is root's, and every directory is writable by root only or sticky
 * (where others cannot replace root's entries). A directory of another user's on the way
 * (PATH=/home/u/bin:..., or a link there to root's program) lets that user swap the program
 * between this check and the exec: a link to /usr/bin/ip passed the check on the file, then
 * named the user's script, run as root. */
static bool root_only_chain(const char *path, bool follow)
{
	char buf[PATH_MAX];
	size_t n = strlen(path);
	if (n >= sizeof(buf) || path[0] != '/')
		return false;
	memcpy(buf, path, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (i < n && buf[i] != '/')
			continue;
		char c = buf[i];
		buf[i] = '\0';
		struct stat st;
		int rc = follow ? stat(buf, &st) : lstat(buf, &st);
		buf[i] = c;
		if (rc < 0 || st.st_uid != 0)
			return false;
		if (S_ISDIR(st.st_mode) && (st.st_mode & (S_IWGRP | S_IWOTH)) &&
		    !(st.st_mode & S_ISVTX))
			return false;
	}
	struct stat st;
	return stat("/", &st) == 0 && st.st_uid == 0 && !(st.st_mode & (S_IWGRP | S_IWOTH));
}

/* Run as root: the program and every directory to it, as named and as resolved, are root's. */
static bool root_only(const char *path)
{
	char real[PATH_MAX];
	return root_only_chain(path, false) && realpath(path, real) && root_only_chain(real, true);
}

bool cr_find_program(const char *name, const char *search_path, char *path, size_t len)
{
	if (!name || !*name)
		return false;
	if (strchr(name, '/')) {
		if (strlen(name) >= len || access(name, X_OK) < 0)
			return false;
		strcpy(path, name);
		return true;
	}
	const char *p = search_path;
	if (!p || !*p)
		p = "/usr/bin:/bin:/usr/sbin:/sbin";
	bool root = geteuid() == 0;
	while (*p) {
		size_t n = strcspn(p, ":");
		/* An empty or relative entry is (under) the current directory: not searched, a
		 * command run for the user must not come from wherever they happen to be. */
		if (n && p[0] == '/' && n + 1 + strlen(name) < len) {
			memcpy(path, p, n);
			path[n] = '/';
			strcpy(path + n + 1, name);
			struct stat st;
			/* Run as root, only a program root owns and no one else may change, in
			 * directories no one else may change (a user's own `ifconfig` early on
			 * root's PATH would run as root); a later entry may still have the
			 * system's. */
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
			    access(path, X_OK) == 0 &&
			    (!root || (st.st_uid == 0 && !(st.st_mode & (S_IWGRP | S_IWOTH)) &&
			               root_only(path))))
				return true;
		}
		p += n;
		if (*p == ':')
			p++;
	}
	return false;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A pipe whose ends are close-on-exec and above the standard descriptors (ifwho may have been
 * started with some of 0-2 closed); the read end does not block. */
static int make_pipe(int fds[2])
{
	int p[2];
	if (pipe(p) < 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		fds[i] = fcntl(p[i], F_DUPFD_CLOEXEC, 3);
		int e = errno;
		close(p[i]);
		if (fds[i] < 0) {
			if (i)
				close(fds[0]);
			errno = e;
			return -1;
		}
	}
	if (fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK) < 0) {
		int e = errno;
		close(fds[0]);
		close(fds[1]);
		errno = e;
		return -1;
	}
	return 0;
}

/* The environment minus the locale, plus LC_ALL=C: the parsers read the untranslated output. */
static char **child_env(void)
{
	size_t n = 0;
	for (char **e = environ; e && *e; e++)
		n++;
	char **v = malloc((n + 2) * sizeof(*v));
	if (!v)
		return NULL;
	size_t k = 0;
	for (char **e = environ; e && *e; e++)
		if (strncmp(*e, "LC_", 3) != 0 && strncmp(*e, "LANG=", 5) != 0 &&
		    strncmp(*e, "LANGUAGE=", 9) != 0)
			v[k++] = *e;
	v[k++] = "LC_ALL=C";
	v[k] = NULL;
	return v;
}

struct sink {
	char *buf;
	size_t len, cap, max;
	bool over; /* more came than max */
	bool eof;
};

/* Reads what fd has now into s; bytes past s->max are read and dropped. */
static int drain(int fd, struct sink *s)
{
	char tmp[65536];
	for (;;) {
		ssize_t r = read(fd, tmp, sizeof(tmp));
		if (r == 0) {
			s->eof = true;
			return 0;
		}
		if (r < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : -1;
		size_t take = (size_t)r;
		if (s->len + take > s->max) {
			s->over = true;
			take = s->max - s->len;
		}
		if (s->len + take + 1 > s->cap) {
			size_t cap = s->cap ? s->cap : 16384;
			while (cap < s->len + take + 1)
				cap *= 2;
			if (cap > s->max + 1)
				cap = s->max + 1;
			char *nb = realloc(s->buf, cap);
			if (!nb)
				return -1;
			s->buf = nb;
			s->cap = cap;
		}
		memcpy(s->buf + s->len, tmp, take);
		s->len += take;
		s->buf[s->len] = '\0';
		if (s->over)
			return 0;
	}
}

static int status_of(int ws)
{
	if (WIFEXITED(ws))
		return WEXITSTATUS(ws);
	if (WIFSIGNALED(ws))
		return 128 + WTERMSIG(ws);
	return -1;
}

/* Whether pid has ended, without reaping it (the zombie keeps its group id ours). */
static bool ended(pid_t pid)
{
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0)
		return errno == ECHILD;
	return si.si_pid == pid;
}

static int spawn(const char *path, const char *const argv[], int out_w, int err_w, pid_t *pid,
                 struct ifw_err *err)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	int rc = posix_spawn_file_actions_init(&fa);
	if (rc)
		return ifw_fail_errno(err, rc, "posix_spawn_file_actions_init");
	rc = posix_spawnattr_init(&at);
	if (rc) {
		posix_spawn_file_actions_destroy(&fa);
		return ifw_fail_errno(err, rc, "posix_spawnattr_init");
	}
	sigset_t none, dfl;
	sigemptyset(&none);
	sigemptyset(&dfl);
	const int reset[] = {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGALRM};
	for (size_t i = 0; i < sizeof(reset) / sizeof(reset[0]); i++)
		sigaddset(&dfl, reset[i]);
	char **env = child_env();
	if (!env)
		rc = ENOMEM;
	if (!rc)
		rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (!rc)
		rc = posix_spawn_file_actions_adddup2(&fa, out_w, 1);
	if (!rc)
		rc = posix_spawn_file_actions_adddup2(&fa, err_w, 2);
	if (!rc)
		rc = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
		                                       POSIX_SPAWN_SETSIGDEF);
	if (!rc)
		rc = posix_spawnattr_setpgroup(&at, 0);
	if (!rc)
		rc = posix_spawnattr_setsigmask(&at, &none);
	if (!rc)
		rc = posix_spawnattr_setsigdefault(&at, &dfl);
	if (!rc)
		/* posix_spawn's argv and envp are not const for historical reasons only. */
		rc = posix_spawn(pid, path, &fa, &at, (char *const *)(uintptr_t)argv, env);
	free(env);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	if (rc)
		return ifw_fail_errno(err, rc, "cannot run %s", path);
	return 0;
}

int cr_run(const char *const argv[], const struct cr_limits *lim, struct cr_result *res,
           struct ifw_err *err)
{
	memset(res, 0, sizeof(*res));
	res->status = -1;
	if (!cr_find_program(argv[0], lim->search_path, res->path, sizeof(res->path))) {
		res->missing = true;
		return 0;
	}
	int outp[2], errp[2];
	if (make_pipe(outp) < 0)
		return ifw_fail_errno(err, errno, "pipe");
	if (make_pipe(errp) < 0) {
		int e = errno;
		close(outp[0]);
		close(outp[1]);
		return ifw_fail_errno(err, e, "pipe");
	}
	pid_t pid;
	int rc = spawn(res->path, argv, outp[1], errp[1], &pid, err);
	close(outp[1]);
	close(errp[1]);
	if (rc < 0) {
		close(outp[0]);
		close(errp[0]);
		return -1;
	}
	struct sink so = {.max = lim->max_out}, se = {.max = lim->max_err};
	int64_t deadline = now_ms() + lim->timeout_ms;
	bool kill_it = false;
	rc = 0;
	/* Its output until both pipes end, the cap is passed or the time is up. */
	while (!(so.eof && se.eof)) {
		int64_t left = deadline - now_ms();
		if (left <= 0) {
			res->timed_out = kill_it = true;
			break;
		}
		struct pollfd pf[2] = {{.fd = so.eof ? -1 : outp[0], .events = POLLIN},
		                       {.fd = se.eof ? -1 : errp[0], .events = POLLIN}};
		int pr = poll(pf, 2, left > INT_MAX ? INT_MAX : (int)left);
		if (pr < 0 && errno != EINTR) {
			rc = ifw_fail_errno(err, errno, "poll");
			kill_it = true;
			break;
		}
		if (pr <= 0)
			continue;
		if (!so.eof && pf[0].revents && drain(outp[0], &so) < 0) {
			rc = ifw_fail_errno(err, errno ? errno : ENOMEM, "reading %s", argv[0]);
			kill_it = true;
			break;
		}
		if (!se.eof && pf[1].revents && drain(errp[0], &se) < 0)
			se.eof = true; /* its complaints are not worth failing for */
		if (so.over) {
			res->capped = kill_it = true;
			break;
		}
	}
	close(outp[0]);
	close(errp[0]);
	/* Both pipes ended: it has exited or is about to; it gets the rest of its time. */
	while (!kill_it && !ended(pid)) {
		if (now_ms() >= deadline) {
			res->timed_out = kill_it = true;
			break;
		}
		poll(NULL, 0, 5);
	}
	/* Its group goes too: anything it left behind was started by us. Not reaped yet, so the
	 * group id is still its own. */
	kill(-pid, SIGKILL);
	int ws;
	while (waitpid(pid, &ws, 0) < 0) {
		if (errno != EINTR) {
			ws = -1;
			break;
		}
	}
	if (ws != -1)
		res->status = status_of(ws);
	res->out = so.buf ? so.buf : calloc(1, 1);
	res->out_len = so.len;
	res->err = se.buf ? se.buf : calloc(1, 1);
	res->err_len = se.len;
	if (!res->out || !res->err) {
		cr_result_free(res);
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	}
	if (rc < 0)
		cr_result_free(res);
	return rc;
}

void cr_result_free(struct cr_result *res)
{
	free(res->out);
	free(res->err);
	res->out = res->err = NULL;
	res->out_len = res->err_len = 0;
}
