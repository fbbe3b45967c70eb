/* The watcher's event loop: one rtnetlink socket per namespace, the proc connector, inotify on
 * the named-namespace directories and the BPF ring buffer, all on one epoll. Each wake-up drains
 * every ready source before interpreting anything: the kernel queues a request's BPF record
 * before its notification, and a move's "gone" in the old namespace before its "new" in the
 * other, so a whole batch holds both halves. */
#include "watch/watch.h"
#include "watch/watch_ns.h"

#include "collect/linux/linkwatch.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#define TAG_CONN 1u
#define TAG_INOT 2u
#define TAG_BPF  3u

static volatile sig_atomic_t stop_flag;
static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static uint64_t now_ns(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void on_req(const struct ifw_req_raw *r, void *data)
{
	struct ifw_watcher *w = data;
	ifw_matcher_add_request(w->matcher, r, now_ns(CLOCK_MONOTONIC));
}

static void emit(struct ifw_watcher *w, struct ifw_wev *ev)
{
	ev->time_ns = now_ns(CLOCK_REALTIME);
	ev->latency_ms = -1;
	if (ev->type != IFW_WEV_ADDR_ADDED && ev->type != IFW_WEV_ADDR_REMOVED &&
	    ev->type != IFW_WEV_GAP && ev->type != IFW_WEV_CREATOR_EXITED) {
		ifw_matcher_attribute(w->matcher, ev, !w->bpf, now_ns(CLOCK_MONOTONIC));
		/* The ring was read before this notification; its request may have come after
		 * (the request always precedes its notification): read the ring again. */
		if (!ev->has_creator && w->bpf && ifw_bpfreq_read(w->bpf, on_req, w) > 0)
			ifw_matcher_attribute(w->matcher, ev, false, now_ns(CLOCK_MONOTONIC));
	}
	if ((ev->type == IFW_WEV_ADDR_ADDED || ev->type == IFW_WEV_ADDR_REMOVED) &&
	    w->opts->quiet_addr)
		return;
	char why[sizeof(ev->note) + 512];
	if (!ifw_recorder_add(&w->rec, ev, why, sizeof(why))) {
		fprintf(stderr, "ifwho watch: %s\n", why);
		w->sink(ev, w->sink_data);
		struct ifw_wev g;
		memset(&g, 0, sizeof(g));
		g.type = IFW_WEV_GAP;
		g.time_ns = now_ns(CLOCK_REALTIME);
		snprintf(g.note, sizeof(g.note), "history file failed: recording in memory");
		g.latency_ms = -1;
		ifw_recorder_add(&w->rec, &g, why, sizeof(why));
		w->sink(&g, w->sink_data);
		return;
	}
	w->sink(ev, w->sink_data);
}

void ifw_watcher_emit(struct ifw_watcher *w, struct ifw_wev *ev)
{
	emit(w, ev);
}

static void on_pev(const struct ifw_pev *ev, void *data)
{
	struct ifw_watcher *w = data;
	uint64_t mono = now_ns(CLOCK_MONOTONIC);
	switch (ev->type) {
	case IFW_PEV_EXEC:
		ifw_pcache_note_exec(w->cache, ev->pid, mono);
		/* A process that entered a namespace nobody watches yet brings it to our notice. */
		ifw_watch_ns_check_exec(w, ev->pid);
		break;
	case IFW_PEV_FORK:
		ifw_pcache_note_fork(w->cache, ev->pid, ev->ppid, mono);
		break;
	case IFW_PEV_EXIT:
		ifw_pcache_note_exit(w->cache, ev->pid, mono);
		ifw_watch_ns_creator_exit(w, ev->pid, mono);
		break;
	}
}

/* One commit per wake-up; a file that fails then is said once, like one failing on an add. */
static void flush_history(struct ifw_watcher *w)
{
	char why[sizeof(((struct ifw_wev *)0)->note) + 512];
	if (ifw_recorder_flush(&w->rec, (int64_t)now_ns(CLOCK_REALTIME), why, sizeof(why)))
		return;
	fprintf(stderr, "ifwho watch: %s\n", why);
	struct ifw_wev g;
	memset(&g, 0, sizeof(g));
	g.type = IFW_WEV_GAP;
	g.time_ns = now_ns(CLOCK_REALTIME);
	g.latency_ms = -1;
	snprintf(g.note, sizeof(g.note), "history file failed: recording in memory");
	ifw_recorder_add(&w->rec, &g, why, sizeof(why));
	w->sink(&g, w->sink_data);
}

static void gap(struct ifw_watcher *w, const char *why)
{
	struct ifw_wev ev;
	memset(&ev, 0, sizeof(ev));
	ev.type = IFW_WEV_GAP;
	snprintf(ev.note, sizeof(ev.note), "%s", why);
	emit(w, &ev);
}

static void read_processes(struct ifw_watcher *w)
{
	bool overrun = false;
	if (w->conn_fd < 0)
		return;
	ifw_procconn_read(w->conn_fd, on_pev, w, &overrun);
	if (overrun)
		gap(w, "proc connector events lost (ENOBUFS)");
}

int ifw_watch_run(const struct ifw_watch_opts *o, ifw_wev_sink sink, void *sink_data,
                  struct ifw_err *err)
{
	struct ifw_watcher w;
	memset(&w, 0, sizeof(w));
	w.opts = o;
	w.sink = sink;
	w.sink_data = sink_data;
	w.conn_fd = w.inot_fd = -1;
	w.ep = epoll_create1(EPOLL_CLOEXEC);
	if (w.ep < 0)
		return ifw_fail_errno(err, errno, "epoll");
	w.cache = ifw_pcache_new(8192);
	w.matcher = ifw_matcher_new(w.cache);
	if (!w.cache || !w.matcher) {
		close(w.ep);
		ifw_pcache_free(w.cache);
		ifw_matcher_free(w.matcher);
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	}
	int rc = -1;
	struct ifw_err e2;
	struct ifw_history_limits lim = {o->keep_ns, o->max_bytes};
	if (ifw_recorder_open(&w.rec, o->history, o->history_make_dirs, &lim, &e2) < 0) {
		/* A damaged or unwritable file must not stop the watching: say it, keep events in
		 * memory. */
		fprintf(stderr, "ifwho watch: %s; recording in memory\n", e2.msg);
		ifw_recorder_fallback(&w.rec, &e2);
	}
	/* Sources first, namespaces after: nothing created meanwhile goes unexplained. */
	if (!o->no_bpf) {
		if (ifw_bpfreq_open(&w.bpf, o->bpf_log, o->bpf_sys_enter, &e2) == 0) {
			struct epoll_event ee = {.events = EPOLLIN, .data.u32 = TAG_BPF};
			epoll_ctl(w.ep, EPOLL_CTL_ADD, ifw_bpfreq_fd(w.bpf), &ee);
		} else {
			fprintf(stderr, "ifwho watch: no BPF request tracer: %s\n", e2.msg);
			w.bpf = NULL;
		}
	}
	w.conn_fd = ifw_procconn_open(&e2);
	if (w.conn_fd >= 0) {
		struct epoll_event ee = {.events = EPOLLIN, .data.u32 = TAG_CONN};
		epoll_ctl(w.ep, EPOLL_CTL_ADD, w.conn_fd, &ee);
	} else {
		fprintf(stderr, "ifwho watch: no proc connector: %s\n", e2.msg);
	}
	w.inot_fd = ifw_netns_dirs_watch();
	if (w.inot_fd >= 0) {
		struct epoll_event ee = {.events = EPOLLIN, .data.u32 = TAG_INOT};
		epoll_ctl(w.ep, EPOLL_CTL_ADD, w.inot_fd, &ee);
	}
	w.prom_path = o->prom_path;
	if (ifw_watch_ns_init(&w, err) < 0)
		goto out;
	ifw_watch_prom_write(&w);
	{
		char why[sizeof(((struct ifw_wev *)0)->note)];
		snprintf(why, sizeof(why), "watching %zu namespace%s, attribution by %s%s%s%s",
		         w.n_ns,
		         !w.rt.all_ns  ? " (ours only: no privilege over the others)"
		         : w.n_ns == 1 ? ""
		                       : "s",
		         w.bpf            ? "BPF"
		         : w.conn_fd >= 0 ? "proc connector"
		                          : "nothing",
		         w.bpf ? " on " : "", w.bpf ? ifw_bpfreq_hook(w.bpf) : "",
		         w.rec.in_memory ? ", history in memory" : "");
		gap(&w, why);
	}
	ifw_watch_ns_report_unrecorded(&w);
	flush_history(&w);
	if (o->ready_file) {
		/* Only its existence counts: never truncated, never through a link (the watcher
		 * runs as root; the path may be in a directory another user writes to). */
		int rf =
		    open(o->ready_file,
		         O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0600);
		if (rf < 0)
			fprintf(stderr, "ifwho watch: --ready-file %s: %s\n", o->ready_file,
			        strerror(errno));
		else
			close(rf);
	}

	struct sigaction sa = {.sa_handler = on_signal};
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	uint64_t end =
	    o->duration_s > 0 ? now_ns(CLOCK_MONOTONIC) + (uint64_t)(o->duration_s * 1e9) : 0;
	rc = 0;
	while (!stop_flag) {
		int timeout = -1;
		uint64_t mono = now_ns(CLOCK_MONOTONIC);
		if (end) {
			if (mono >= end)
				break;
			timeout = (int)((end - mono) / 1000000ULL) + 1;
		}
		uint64_t retry = ifw_watch_ns_next_retry(&w);
		if (retry) {
			int t = retry > mono ? (int)((retry - mono) / 1000000ULL) + 1 : 0;
			if (timeout < 0 || t < timeout)
				timeout = t;
		}
		struct epoll_event evs[64];
		int n = epoll_wait(w.ep, evs, 64, timeout);
		if (n < 0 && errno != EINTR) {
			rc = ifw_fail_errno(err, errno, "epoll_wait");
			break;
		}
		/* Requests first: they explain the notifications in the same batch. Processes
		 * too without BPF (their command lines are the explanation); with BPF the
		 * requests carry what is needed, and the connector's events (every fork, exec
		 * and exit on the host) wait until the links are recorded. */
		if (w.bpf)
			ifw_bpfreq_read(w.bpf, on_req, &w);
		if (!w.bpf)
			read_processes(&w);
		if (w.inot_fd >= 0 && ifw_netns_dirs_changed(w.inot_fd))
			ifw_watch_ns_schedule_rescan(&w);
		/* Notifications already queued describe earlier states than a dump made now:
		 * read them before looking into newly found namespaces. */
		ifw_watch_ns_drain(&w);
		if (w.bpf)
			read_processes(&w);
		ifw_watch_ns_poll_retry(&w);
		if (w.bpf) {
			uint64_t lost = ifw_bpfreq_lost(w.bpf);
			if (lost != w.bpf_lost) {
				char why[96];
				snprintf(why, sizeof(why), "%llu BPF records lost (ring full)",
				         (unsigned long long)(lost - w.bpf_lost));
				w.bpf_lost = lost;
				gap(&w, why);
			}
		}
		ifw_matcher_expire(w.matcher, now_ns(CLOCK_MONOTONIC));
		flush_history(&w);
		ifw_watch_prom_write(&w);
	}
	gap(&w, "watcher stopped");
	flush_history(&w);
out:
	ifw_watch_ns_free(&w);
	if (w.bpf)
		ifw_bpfreq_close(w.bpf);
	if (w.conn_fd >= 0)
		close(w.conn_fd);
	if (w.inot_fd >= 0)
		close(w.inot_fd);
	close(w.ep);
	ifw_matcher_free(w.matcher);
	ifw_pcache_free(w.cache);
	ifw_recorder_close(&w.rec);
	return rc;
}
