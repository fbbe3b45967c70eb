/* collect/linux/daemon_sock: a conversation ends at its deadline and its byte budget whatever
 * the peer does (silent, flooding, closing early), the run's deadline caps every conversation,
 * and the trust checks refuse what they should: a daemon not identified, an executable of the
 * wrong name or owner, a pid that now names another process, a socket file or a listener
 * (SO_PEERCRED) of another uid, a TCP port the daemon does not hold in its own namespace. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "collect/linux/daemon_sock.h"
#include "collect/linux/procfs.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static char dir[64];

/* A listening socket at a fresh path in the test's directory; the path is written to path. */
static int listener(char *path, size_t len)
{
	static int serial;
	snprintf(path, len, "%s/d%d.sock", dir, serial++);
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	assert_true(s >= 0);
	unlink(path);
	assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(s, 4), 0);
	return s;
}

static uint64_t self_start_ticks(void)
{
	char buf[1024];
	int dfd = open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(dfd >= 0);
	ssize_t n = ifw_read_at(dfd, "stat", buf, sizeof(buf), NULL);
	close(dfd);
	struct ifw_proc_stat st;
	assert_true(n > 0);
	assert_int_equal(ifw_parse_proc_stat(buf, (size_t)n, &st), 0);
	return st.start_ticks;
}

static uint64_t self_netns(void)
{
	struct stat st;
	assert_int_equal(stat("/proc/self/ns/net", &st), 0);
	return (uint64_t)st.st_ino;
}

/* This test process as an identified daemon of uid daemon_uid (filled by hand, as the header
 * allows tests to: the executable check has its own test). */
static struct ifw_dsock_daemon self_daemon(uint32_t daemon_uid)
{
	return (struct ifw_dsock_daemon){.proc = 0,
	                                 .pid = getpid(),
	                                 .uid = daemon_uid,
	                                 .start_ticks = self_start_ticks(),
	                                 .netns_inode = self_netns(),
	                                 .exe_checked = true};
}

static bool never_done(const char *buf, size_t n)
{
	(void)buf;
	(void)n;
	return false;
}

static bool blank_line(const char *buf, size_t n)
{
	return n >= 2 && buf[n - 1] == '\n' && buf[n - 2] == '\n';
}

/* A peer that says nothing: recv gives up at the conversation's deadline. */
static void silent_peer_times_out(void **state)
{
	(void)state;
	char path[108];
	int l = listener(path, sizeof(path));
	struct ifw_dsock_run run;
	ifw_dsock_run_start(&run, 5000);
	struct ifw_dsock_daemon dm = self_daemon(getuid());
	struct ifw_dsock d;
	struct ifw_err err = {0};
	struct ifw_dsock_limits lim = {.conv_ms = 150};
	assert_int_equal(ifw_dsock_connect(&d, &run, &dm, path, &lim, &err), 0);
	int64_t t0 = now_ms();
	char buf[4];
	assert_int_equal(ifw_dsock_recv(&d, buf, sizeof(buf)), -1);
	int64_t took = now_ms() - t0;
	assert_int_equal(d.stop, IFW_DSOCK_TIMEOUT);
	assert_true(took >= 100 && took < 1000);
	assert_non_null(strstr(ifw_dsock_why(&d), "within 150 ms"));
	ifw_dsock_close(&d);

	/* Text reads too, with the default limits (100 ms): send succeeds into the backlog,
	 * the answer never comes. */
	t0 = now_ms();
	assert_int_equal(ifw_dsock_connect(&d, &run, &dm, path, NULL, &err), 0);
	assert_int_equal(ifw_dsock_send(&d, "get=1\n\n", 7), 0);
	char text[256];
	assert_int_equal(ifw_dsock_recv_until(&d, text, sizeof(text), never_done), -1);
	took = now_ms() - t0;
	assert_int_equal(d.stop, IFW_DSOCK_TIMEOUT);
	assert_non_null(strstr(ifw_dsock_why(&d), "within 100 ms"));
	assert_true(took >= 90 && took < 600);
	ifw_dsock_close(&d);
	close(l);
	unlink(path);
}

/* A peer that sends more than the budget: refused before it is read (binary framing), or
 * stopped at the budget (text), never grown past it. */
static void budget(void **state)
{
	(void)state;
	char path[108];
	int l = listener(path, sizeof(path));
	struct ifw_dsock_run run;
	ifw_dsock_run_start(&run, 5000);
	struct ifw_dsock_daemon dm = self_daemon(getuid());
	struct ifw_dsock d;
	struct ifw_err err = {0};
	struct ifw_dsock_limits lim = {.conv_ms = 1000, .max_bytes = 8};
	assert_int_equal(ifw_dsock_connect(&d, &run, &dm, path, &lim, &err), 0);
	int c = accept(l, NULL, NULL);
	assert_true(c >= 0);
	assert_int_equal(write(c, "0123456789", 10), 10);
	char buf[16];
	assert_int_equal(ifw_dsock_recv(&d, buf, 6), 0);
	assert_memory_equal(buf, "012345", 6);
	assert_int_equal(ifw_dsock_recv(&d, buf, 4), -1); /* 6 + 4 > 8 */
	assert_int_equal(d.stop, IFW_DSOCK_BUDGET);
	assert_non_null(strstr(ifw_dsock_why(&d), "larger than the 8 bytes"));
	ifw_dsock_close(&d);
	close(c);
	close(l);
	unlink(path);
}

static void *flood(void *arg)
{
	int fd = *(int *)arg;
	char big[4096];
	memset(big, 'A', sizeof(big));
	while (write(fd, big, sizeof(big)) > 0)
		;
	return NULL;
}

/* A daemon that sends without end: stopped by the byte budget within the deadline. A daemon
 * that answers garbage and closes: not complete, refused. Reads add up across calls. */
static void flood_and_garbage(void **state)
{
	(void)state;
	signal(SIGPIPE, SIG_IGN);
	char path[108];
	int l = listener(path, sizeof(path));
	struct ifw_dsock_run run;
	ifw_dsock_run_start(&run, 5000);
	struct ifw_dsock_daemon dm = self_daemon(getuid());
	struct ifw_dsock d;
	struct ifw_err err = {0};
	struct ifw_dsock_limits lim = {.conv_ms = 2000, .max_bytes = 64u << 10};
	assert_int_equal(ifw_dsock_connect(&d, &run, &dm, path, &lim, &err), 0);
	int c = accept(l, NULL, NULL);
	assert_true(c >= 0);
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, flood, &c), 0);
	size_t cap = 1u << 20;
	char *buf = malloc(cap);
	int64_t t0 = now_ms();
	assert_int_equal(ifw_dsock_recv_until(&d, buf, cap, never_done), -1);
	assert_int_equal(d.stop, IFW_DSOCK_BUDGET);
	assert_true(now_ms() - t0 < 1000);
	assert_int_equal(strlen(buf), 64u << 10); /* exactly the budget, NUL-terminated */
	ifw_dsock_close(&d);                      /* closing our end stops the writer */
	shutdown(c, SHUT_RDWR);
	pthread_join(th, NULL);
	close(c);

	/* Garbage then close. */
	assert_int_equal(ifw_dsock_connect(&d, &run, &dm, path, &lim, &err), 0);
	c = accept(l, NULL, NULL);
	assert_int_equal(write(c, "\x01\x02zz", 4), 4);
	close(c);
	assert_int_equal(ifw_dsock_recv_until(&d, buf, cap, blank_line), -1);
	assert_int_equal(d.stop, IFW_DSOCK_CLOSED);
	assert_string_equal(ifw_dsock_why(&d), "it closed the connection before a complete answer");
	ifw_dsock_close(&d);

	/* Two text reads share one budget: 40 + 40 bytes > 64. */
	assert_int_equal(
	    ifw_dsock_connect(&d, &run, &dm, path,
	                      &(struct ifw_dsock_limits){.conv_ms = 1000, .max_bytes = 64}, &err),
	    0);
	c = accept(l, NULL, NULL);
	char line[41];
	memset(line, 'x', 40);
	line[38] = line[39] = '\n';
	assert_int_equal(write(c, line, 40), 40);
	assert_int_equal(ifw_dsock_recv_until(&d, buf, cap, blank_line), 40);
	assert_int_equal(write(c, line, 40), 40);
	assert_int_equal(ifw_dsock_recv_until(&d, buf, cap, blank_line), -1);
	assert_int_equal(d.stop, IFW_DSOCK_BUDGET);
	ifw_dsock_close(&d);
	close(c);
	free(buf);
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
	struct ifw_dsock_daemon dm = self_daemon(getuid());
	struct ifw_dsock d;
	struct ifw_err err = {0};
	struct ifw_dsock_limits lim = {.conv_ms = 5000};
	int64_t t0 = now_ms();
	assert_int_equal(ifw_dsock_connect(&d, &run, &dm, path, &lim, &err), 0);
	char buf[4];
	assert_int_equal(ifw_dsock_recv(&d, buf, sizeof(buf)), -1);
	assert_int_equal(d.stop, IFW_DSOCK_RUN_TIMEOUT);
	assert_true(now_ms() - t0 < 1000);
	assert_non_null(strstr(ifw_dsock_why(&d), "100 ms all daemon queries may take"));
	ifw_dsock_close(&d);
	assert_int_equal(ifw_dsock_connect(&d, &run, &dm, path, &lim, &err), -1);
	assert_int_equal(d.stop, IFW_DSOCK_RUN_TIMEOUT);
	assert_non_null(strstr(err.msg, "used up"));
	close(l);
	unlink(path);
}

/* Nothing is connected to for a daemon not identified, or once its pid names another process;
 * a path with nothing there is said to be absent. */
static void not_identified(void **state)
{
	(void)state;
	char path[108];
	int l = listener(path, sizeof(path));
	struct ifw_dsock_run run;
	ifw_dsock_run_start(&run, 1000);
	struct ifw_dsock_daemon dm = self_daemon(getuid());
	struct ifw_dsock d;
	struct ifw_err err = {0};
	dm.exe_checked = false;
	assert_int_equal(ifw_dsock_connect(&d, &run, &dm, path, NULL, &err), -1);
	assert_int_equal(d.stop, IFW_DSOCK_UNTRUSTED);
	assert_non_null(strstr(err.msg, "not checked"));
	dm = self_daemon(getuid());
	dm.start_ticks++;
	assert_int_equal(ifw_dsock_connect(&d, &run, &dm, path, NULL, &err), -1);
	assert_int_equal(d.stop, IFW_DSOCK_UNTRUSTED);
	assert_non_null(strstr(err.msg, "no longer the process seen"));
	dm = self_daemon(getuid());
	assert_int_equal(
	    ifw_dsock_connect(&d, &run, &dm, "/nonexistent/wireguard/x.sock", NULL, &err), -1);
	assert_int_equal(d.stop, IFW_DSOCK_ABSENT);
	/* A regular file is not a socket. */
	char file[108];
	snprintf(file, sizeof(file), "%s/plain", dir);
	int f = open(file, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	assert_true(f >= 0);
	close(f);
	assert_int_equal(ifw_dsock_connect(&d, &run, &dm, file, NULL, &err), -1);
	assert_int_equal(d.stop, IFW_DSOCK_UNTRUSTED);
	assert_non_null(strstr(err.msg, "is not a socket"));
	unlink(file);
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
	struct ifw_dsock_daemon dm = self_daemon(daemon_uid);
	struct ifw_dsock d;
	struct ifw_err err = {0};
	assert_int_equal(ifw_dsock_connect(&d, &run, &dm, path, NULL, &err), -1);
	assert_int_equal(d.stop, IFW_DSOCK_UNTRUSTED);
	assert_non_null(strstr(err.msg, getuid() == 0 ? "belongs to uid 65534" : "belongs to uid"));
	close(l);
	unlink(path);
}

/* A socket served by another user is not trusted, whoever owns the file: SO_PEERCRED decides
 * (needs root to make that user). */
static void listener_uid(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	chmod(dir, 0777);
	char path[108];
	snprintf(path, sizeof(path), "%s/nobody.sock", dir);
	int ready[2];
	assert_int_equal(pipe(ready), 0);
	pid_t pid = fork();
	if (pid == 0) {
		if (setgid(65534) < 0 || setuid(65534) < 0)
			_exit(1);
		int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		struct sockaddr_un sa = {.sun_family = AF_UNIX};
		snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
		if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(s, 4) < 0)
			_exit(1);
		(void)!write(ready[1], "r", 1);
		pause();
		_exit(0);
	}
	char c;
	assert_int_equal(read(ready[0], &c, 1), 1);
	struct ifw_dsock_run run;
	ifw_dsock_run_start(&run, 1000);
	struct ifw_dsock_daemon dm = self_daemon(1000);
	struct ifw_dsock d;
	struct ifw_err err = {0};
	/* The file is nobody's: refused on the file. */
	assert_int_equal(ifw_dsock_connect(&d, &run, &dm, path, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "its socket"));
	assert_non_null(strstr(err.msg, "belongs to uid 65534"));
	/* The file given to root: the listener still runs as nobody. */
	assert_int_equal(chown(path, 0, 0), 0);
	assert_int_equal(ifw_dsock_connect(&d, &run, &dm, path, NULL, &err), -1);
	assert_int_equal(d.stop, IFW_DSOCK_UNTRUSTED);
	assert_non_null(strstr(err.msg, "runs as uid 65534"));
	/* nobody's own daemon may use nobody's socket. */
	dm.uid = 65534;
	assert_int_equal(ifw_dsock_connect(&d, &run, &dm, path, NULL, &err), 0);
	ifw_dsock_close(&d);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(ready[0]);
	close(ready[1]);
	unlink(path);
	chmod(dir, 0700);
}

/* A model holding this process (as the scan would have recorded it). */
static void model_of_self(struct ifw_model *m)
{
	ifw_model_init(m);
	struct ifw_netns *ns = ifw_model_add_netns(m);
	assert_non_null(ns);
	ns->inode = self_netns();
	struct ifw_process *p = ifw_model_add_proc(m);
	assert_non_null(p);
	p->pid = getpid();
	p->uid = getuid();
	p->has_uid = true;
	p->start_ticks = self_start_ticks();
	p->netns_inode = self_netns();
	p->ns = 0;
}

static void identify(void **state)
{
	(void)state;
	struct ifw_model m;
	model_of_self(&m);
	struct ifw_dsock_daemon dm;
	struct ifw_err err = {0};
	const char *const wrong[] = {"charon"};
	/* this test's own executable is not named charon */
	assert_int_equal(ifw_dsock_identify(&dm, &m, 0, wrong, 1, &err), -1);
	assert_false(dm.exe_checked);
	assert_false(dm.denied);
	assert_non_null(strstr(err.msg, "is not the daemon's"));
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	assert_true(n > 0);
	self[n] = '\0';
	const char *base = strrchr(self, '/') + 1;
	const char *const right[] = {"charon", base};
	struct stat st;
	assert_int_equal(stat(self, &st), 0);
	int rc = ifw_dsock_identify(&dm, &m, 0, right, 2, &err);
	if (st.st_uid == 0 && !(st.st_mode & 022)) {
		assert_int_equal(rc, 0);
		assert_true(dm.exe_checked);
		assert_int_equal(dm.pid, getpid());
		assert_int_equal(dm.uid, getuid());
	} else {
		assert_int_equal(rc, -1);
		assert_true(strstr(err.msg, "not root") || strstr(err.msg, "writable"));
	}
	/* The pid now names another process (another start time): refused. */
	m.procs.v[0].start_ticks++;
	if (st.st_uid == 0 && !(st.st_mode & 022)) {
		assert_int_equal(ifw_dsock_identify(&dm, &m, 0, right, 2, &err), -1);
		assert_non_null(strstr(err.msg, "no longer the process seen"));
	}
	ifw_model_free(&m);
}

/* A user's own mount namespace (unshare -Urm) can bind-mount any root-owned program over a
 * file named like the daemon: /proc/PID/exe then names "tailscaled" and stats as root's 0755
 * file, yet the process is nobody's /bin/sleep. Such a process is not the daemon. */
static void identify_bind_mounted(void **state)
{
	(void)state;
	if (geteuid() != 0 || access("/usr/bin/unshare", X_OK) != 0)
		skip();
	chmod(dir, 0711);
	char fake[128], script[320];
	snprintf(fake, sizeof(fake), "%s/tailscaled", dir);
	int f = open(fake, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
	assert_true(f >= 0);
	close(f);
	snprintf(script, sizeof(script), "mount --bind /bin/sleep %s && exec %s 20", fake, fake);
	pid_t pid = fork();
	if (pid == 0) {
		if (setgid(65534) < 0 || setuid(65534) < 0)
			_exit(1);
		execl("/usr/bin/unshare", "unshare", "-Urm", "/bin/sh", "-c", script, (char *)NULL);
		_exit(1);
	}
	assert_true(pid > 0);
	/* bounded wait for the exec */
	char link[64], exe[256];
	snprintf(link, sizeof(link), "/proc/%d/exe", pid);
	bool ready = false;
	for (int i = 0; i < 500 && !ready; i++) {
		ssize_t n = readlink(link, exe, sizeof(exe) - 1);
		ready = n > 0 && (exe[n] = '\0', strcmp(exe, fake) == 0);
		if (!ready)
			usleep(10000);
	}
	if (!ready) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		unlink(fake);
		skip(); /* user namespaces not allowed here */
	}
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%d", pid);
	int dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(dfd >= 0);
	ssize_t n = ifw_read_at(dfd, "stat", buf, sizeof(buf), NULL);
	close(dfd);
	struct ifw_proc_stat st;
	assert_true(n > 0);
	assert_int_equal(ifw_parse_proc_stat(buf, (size_t)n, &st), 0);
	struct ifw_model m;
	model_of_self(&m);
	m.procs.v[0].pid = pid;
	m.procs.v[0].uid = 65534;
	m.procs.v[0].start_ticks = st.start_ticks;
	struct ifw_dsock_daemon dm;
	struct ifw_err err = {0};
	const char *const names[] = {"tailscaled"};
	int rc = ifw_dsock_identify(&dm, &m, 0, names, 1, &err);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	unlink(fake);
	chmod(dir, 0700);
	ifw_model_free(&m);
	assert_int_equal(rc, -1);
	assert_false(dm.exe_checked);
	assert_non_null(strstr(err.msg, "mount namespace"));
}

/* TCP: only a listener the daemon holds, in its own namespace, of root or its uid; the socket
 * is made in its namespace (entering one needs root, so does the test). */
static void tcp(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	assert_int_equal(bind(l, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(l, 4), 0);
	socklen_t sl = sizeof(sa);
	assert_int_equal(getsockname(l, (struct sockaddr *)&sa, &sl), 0);
	unsigned port = ntohs(sa.sin_port);
	struct stat st;
	assert_int_equal(fstat(l, &st), 0);

	struct ifw_model m;
	model_of_self(&m);
	struct ifw_ip lo;
	assert_int_equal(ifw_ip_parse("127.0.0.1", &lo), 0);
	struct ifw_dsock_daemon dm = self_daemon(getuid());
	struct ifw_dsock_run run;
	ifw_dsock_run_start(&run, 5000);
	struct ifw_dsock d;
	struct ifw_err err = {0};
	/* Not held by the daemon (the model has no such socket among its fds). */
	assert_int_equal(ifw_dsock_connect_tcp(&d, &run, &dm, &m, &lo, port, NULL, &err), -1);
	assert_int_equal(d.stop, IFW_DSOCK_UNTRUSTED);
	assert_non_null(strstr(err.msg, "holds no TCP socket listening there"));

	struct ifw_socket *s = ifw_model_add_socket(&m, 0);
	s->proto = IFW_P_TCP;
	s->family = AF_INET;
	s->listening = true;
	s->local = lo;
	s->lport = (uint16_t)port;
	s->uid = 0;
	s->inode = st.st_ino;
	struct ifw_fdref *r = ifw_model_add_fdref(&m);
	r->proc = 0;
	r->type = IFW_FD_SOCKET;
	r->inode = st.st_ino;
	/* Held, but by another uid. */
	m.sockets.v[0].uid = 4242;
	assert_int_equal(ifw_dsock_connect_tcp(&d, &run, &dm, &m, &lo, port, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "belongs to another uid"));
	m.sockets.v[0].uid = 0;
	/* Held, but in another namespace than the daemon's. */
	dm.netns_inode++;
	assert_int_equal(ifw_dsock_connect_tcp(&d, &run, &dm, &m, &lo, port, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "another network namespace"));
	dm.netns_inode--;
	/* Held: connected, and a silent listener costs the conversation's deadline. */
	int64_t t0 = now_ms();
	assert_int_equal(ifw_dsock_connect_tcp(&d, &run, &dm, &m, &lo, port, NULL, &err), 0);
	char buf[64];
	assert_int_equal(ifw_dsock_recv_until(&d, buf, sizeof(buf), blank_line), -1);
	assert_int_equal(d.stop, IFW_DSOCK_TIMEOUT);
	assert_true(now_ms() - t0 < 600);
	ifw_dsock_close(&d);
	/* Nothing listening any more: refused at once. */
	close(l);
	assert_int_equal(ifw_dsock_connect_tcp(&d, &run, &dm, &m, &lo, port, NULL, &err), -1);
	assert_int_equal(d.stop, IFW_DSOCK_REFUSED);
	ifw_model_free(&m);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/ifw-dsock-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(silent_peer_times_out), cmocka_unit_test(budget),
	    cmocka_unit_test(flood_and_garbage),     cmocka_unit_test(run_deadline),
	    cmocka_unit_test(not_identified),        cmocka_unit_test(socket_owner),
	    cmocka_unit_test(listener_uid),          cmocka_unit_test(identify),
	    cmocka_unit_test(identify_bind_mounted), cmocka_unit_test(tcp),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
