/* The watcher's pure parts: link requests as BPF captured them (tests/fixtures/watch), matching
 * requests to notifications, and the history database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "collect/linux/linkreq.h"
#include "history/history.h"
#include "watch/record.h"
#include "watch/watch.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

static struct ifw_req_raw load(const char *name)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/watch/%s", FIXTURES, name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	struct ifw_req_raw r;
	memset(&r, 0, sizeof(r));
	/* records captured before the fd was copied end at it */
	size_t n = fread(&r, 1, sizeof(r), f);
	fclose(f);
	assert_true(n == sizeof(r) || n == offsetof(struct ifw_req_raw, fd));
	if (n < sizeof(r))
		r.fd = -1;
	return r;
}

static void parse_captured(void **state)
{
	(void)state;
	struct ifw_linkreq q;
	struct ifw_req_raw r = load("veth-create.req");
	assert_true(ifw_linkreq_parse(&r, &q));
	assert_int_equal(q.op, IFW_REQ_CREATE);
	assert_string_equal(q.name, "wfxa");
	assert_string_equal(q.kind, "veth");
	assert_string_equal(q.peer, "wfxb");
	assert_false(q.to_netns);

	r = load("move-netns.req");
	assert_true(ifw_linkreq_parse(&r, &q));
	assert_int_equal(q.op, IFW_REQ_CHANGE);
	assert_true(q.to_netns);
	assert_string_equal(q.name, ""); /* by index */
	assert_true(q.ifindex > 0);

	r = load("rename.req");
	assert_true(ifw_linkreq_parse(&r, &q));
	assert_int_equal(q.op, IFW_REQ_CHANGE);
	assert_string_equal(q.name, "wfxc");

	r = load("delete.req");
	assert_true(ifw_linkreq_parse(&r, &q));
	assert_int_equal(q.op, IFW_REQ_DELETE);
	assert_true(q.ifindex > 0);

	r = load("tuntap-tap.req");
	assert_true(ifw_linkreq_parse(&r, &q));
	assert_int_equal(q.op, IFW_REQ_TUN);
	assert_string_equal(q.name, "wfxt");
	assert_string_equal(q.kind, "tap");

	r = load("quicktun-tunsetiff.req");
	assert_true(ifw_linkreq_parse(&r, &q));
	assert_string_equal(q.name, "qt0");
	assert_string_equal(q.kind, "tun");

	/* CNI (Go, sendto): eth0 with its peer, the peer sent to another namespace inside */
	r = load("cni-bridge.req");
	assert_true(ifw_linkreq_parse(&r, &q));
	assert_int_equal(q.op, IFW_REQ_CREATE);
	assert_string_equal(q.name, "eth0");
	assert_string_equal(q.peer, "vethf0ce62ac");

	/* iproute2's probe is a link message, but asks for nothing */
	r = load("probe-newlink.req");
	assert_true(ifw_linkreq_parse(&r, &q));
	assert_int_equal(q.op, IFW_REQ_CHANGE);
	assert_string_equal(q.name, "");
	assert_false(q.to_netns);
}

static void parse_truncated_and_foreign(void **state)
{
	(void)state;
	struct ifw_linkreq q;
	struct ifw_req_raw r = load("veth-create.req");
	/* every cut of the message parses without reading past it */
	uint32_t full = r.msg_len;
	for (uint32_t n = 0; n < full; n++) {
		r.msg_len = n;
		if (ifw_linkreq_parse(&r, &q))
			assert_true(strlen(q.peer) < sizeof(q.peer));
	}
	/* a length beyond the buffer is clamped */
	r.msg_len = 100000;
	assert_true(ifw_linkreq_parse(&r, &q));
	/* not a link message (RTM_NEWADDR) */
	r = load("veth-create.req");
	uint16_t t = 20;
	memcpy(r.msg + 4, &t, 2);
	assert_false(ifw_linkreq_parse(&r, &q));
	/* a response, not a request */
	r = load("veth-create.req");
	uint16_t fl = 0;
	memcpy(r.msg + 6, &fl, 2);
	assert_false(ifw_linkreq_parse(&r, &q));
}

static struct ifw_wev ev_of(enum ifw_wev_type t, const char *name, const char *kind,
                            int32_t ifindex, uint64_t netns)
{
	struct ifw_wev ev;
	memset(&ev, 0, sizeof(ev));
	ev.type = t;
	snprintf(ev.name, sizeof(ev.name), "%s", name);
	snprintf(ev.kind, sizeof(ev.kind), "%s", kind);
	ev.ifindex = ifindex;
	ev.netns_inode = netns;
	return ev;
}

/* Requests from a process that is gone (a pid no process has): what BPF copied is used. */
static struct ifw_req_raw gone(struct ifw_req_raw r, uint64_t t)
{
	r.tgid = r.tid = 0x3ffffff0;
	r.ppid = 0x3ffffff1;
	r.ktime_ns = t;
	return r;
}

static void match_requests(void **state)
{
	(void)state;
	struct ifw_matcher *m = ifw_matcher_new(NULL);
	assert_non_null(m);
	const uint64_t t0 = 1000000000000ULL;
	struct ifw_req_raw probe = gone(load("probe-newlink.req"), t0);
	ifw_matcher_add_request(m, &probe, t0);
	struct ifw_req_raw veth = gone(load("veth-create.req"), t0 + 1);
	ifw_matcher_add_request(m, &veth, t0 + 1);
	assert_true(veth.netns != 0);

	/* A request made in another namespace (any user's own) names a link of its own: it
	 * explains no link of that name here, by name or as an unnamed creation. */
	struct ifw_wev here = ev_of(IFW_WEV_CREATED, "wfxa", "veth", 6, veth.netns + 1);
	ifw_matcher_attribute(m, &here, false, t0 + 1000000);
	assert_false(here.has_creator);
	struct ifw_req_raw unnamed = gone(load("tuntap-tap.req"), t0 + 2);
	memcpy(unnamed.msg, "tap%d\0\0\0\0\0\0\0\0\0\0\0", 16);
	unnamed.netns = veth.netns + 1;
	ifw_matcher_add_request(m, &unnamed, t0 + 2);
	struct ifw_wev tap_here = ev_of(IFW_WEV_CREATED, "tap7", "tun", 5, veth.netns);
	ifw_matcher_attribute(m, &tap_here, false, t0 + 1000000);
	assert_false(tap_here.has_creator);
	struct ifw_wev tap_there = ev_of(IFW_WEV_CREATED, "tap7", "tun", 5, veth.netns + 1);
	ifw_matcher_attribute(m, &tap_there, false, t0 + 1000000);
	assert_true(tap_there.has_creator);

	struct ifw_wev a = ev_of(IFW_WEV_CREATED, "wfxb", "veth", 7, veth.netns);
	ifw_matcher_attribute(m, &a, false, t0 + 2000000);
	assert_true(a.has_creator);
	assert_string_equal(a.creator.confidence, "exact");
	assert_int_equal(a.creator.p.pid, 0x3ffffff0);
	assert_true(a.creator.p.exited);
	assert_string_equal(a.creator.p.comm, "ip");
	assert_string_equal(a.creator.p.cmdline, "ip link add wfxa type veth peer name wfxb");
	assert_true(a.latency_ms > 1.9 && a.latency_ms < 2.1);
	struct ifw_wev b = ev_of(IFW_WEV_CREATED, "wfxa", "veth", 8, veth.netns);
	ifw_matcher_attribute(m, &b, false, t0 + 3000000);
	assert_true(b.has_creator);
	/* both ends explained: a third link is not */
	struct ifw_wev c = ev_of(IFW_WEV_CREATED, "other", "veth", 9, veth.netns);
	ifw_matcher_attribute(m, &c, false, t0 + 3000000);
	assert_false(c.has_creator);

	/* deletion by index: only in the namespace the request was made in */
	struct ifw_req_raw del = gone(load("delete.req"), t0 + 10);
	struct ifw_linkreq q;
	assert_true(ifw_linkreq_parse(&del, &q));
	ifw_matcher_add_request(m, &del, t0 + 10);
	struct ifw_wev d1 = ev_of(IFW_WEV_DELETED, "wfxc", "veth", q.ifindex, del.netns + 1);
	ifw_matcher_attribute(m, &d1, false, t0 + 20);
	assert_false(d1.has_creator);
	struct ifw_wev d2 = ev_of(IFW_WEV_DELETED, "wfxc", "veth", q.ifindex, del.netns);
	ifw_matcher_attribute(m, &d2, false, t0 + 20);
	assert_true(d2.has_creator);
	assert_string_equal(d2.creator.p.cmdline, "ip link del wfxc");

	/* a TUN whose name the kernel picks ("tap%d"): the oldest unnamed creation of its kind */
	struct ifw_req_raw tap = gone(load("tuntap-tap.req"), t0 + 30);
	memcpy(tap.msg, "tap%d\0\0\0\0\0\0\0\0\0\0\0", 16);
	ifw_matcher_add_request(m, &tap, t0 + 30);
	struct ifw_wev br = ev_of(IFW_WEV_CREATED, "tap0", "bridge", 3, tap.netns);
	ifw_matcher_attribute(m, &br, false, t0 + 40);
	assert_false(br.has_creator); /* another kind */
	struct ifw_wev tp = ev_of(IFW_WEV_CREATED, "tap0", "tun", 3, tap.netns);
	ifw_matcher_attribute(m, &tp, false, t0 + 40);
	assert_true(tp.has_creator);

	/* a late sighting (its namespace found after) with a known request becomes a creation */
	struct ifw_req_raw tap2 = gone(load("tuntap-tap.req"), t0 + 50);
	ifw_matcher_add_request(m, &tap2, t0 + 50);
	struct ifw_wev ap = ev_of(IFW_WEV_APPEARED, "wfxt", "tun", 4, tap2.netns);
	ifw_matcher_attribute(m, &ap, false, t0 + 60);
	assert_int_equal(ap.type, IFW_WEV_CREATED);
	assert_non_null(strstr(ap.note, "seen late"));

	/* a process the cache knew as the shell it was before exec'ing ip: not the shell's exe */
	struct ifw_pcache *pc = ifw_pcache_new(16);
	assert_non_null(pc);
	ifw_pcache_note_fork(pc, getpid(), getppid(), t0); /* us, as a copy of our parent */
	ifw_matcher_free(m);
	m = ifw_matcher_new(pc);
	struct ifw_req_raw stale = load("rename.req");
	stale.tgid = stale.tid = 0x3ffffff2;
	stale.ppid = getpid();
	ifw_pcache_note_fork(pc, 0x3ffffff2, getpid(), t0);
	ifw_matcher_add_request(m, &stale, t0 + 80);
	struct ifw_wev rn = ev_of(IFW_WEV_RENAMED, "wfxc", "veth", 6, stale.netns);
	snprintf(rn.old_name, sizeof(rn.old_name), "wfxa");
	ifw_matcher_attribute(m, &rn, false, t0 + 90);
	assert_true(rn.has_creator);
	assert_string_equal(rn.creator.p.comm, "ip");
	assert_string_equal(rn.creator.p.exe, ""); /* our exe is not ip's */
	assert_string_equal(rn.creator.p.cmdline, "ip link set wfxa name wfxc");
	assert_true(rn.creator.n_chain >= 1); /* its parent (us) from /proc */
	assert_int_equal(rn.creator.chain[0].pid, getpid());

	/* requests expire */
	struct ifw_req_raw tap3 = gone(load("tuntap-tap.req"), t0 + 70);
	ifw_matcher_add_request(m, &tap3, t0 + 70);
	ifw_matcher_expire(m, t0 + 70 + 6000000000ULL);
	struct ifw_wev late = ev_of(IFW_WEV_CREATED, "wfxt", "tun", 5, tap3.netns);
	ifw_matcher_attribute(m, &late, false, t0 + 70 + 6000000000ULL);
	assert_false(late.has_creator);
	ifw_matcher_free(m);
	ifw_pcache_free(pc);
}

/* The process cache's index by pid through the ring's wrap: the newest entry of a pid is found,
 * an overwritten one is gone, colliding pids stay apart. */
static void pcache_index(void **state)
{
	(void)state;
	struct ifw_pcache *pc = ifw_pcache_new(4);
	assert_non_null(pc);
	int32_t me = getpid();
	/* forks of us: 4 slots, pids chosen to share buckets (64 buckets, multiples of 64 apart) */
	ifw_pcache_note_fork(pc, 0x100000, me, 1);
	ifw_pcache_note_fork(pc, 0x100000 + 64, me, 2);
	ifw_pcache_note_fork(pc, 0x100000, me, 3); /* the same pid again: the newest wins */
	ifw_pcache_note_exit(pc, 0x100000, 4);
	const struct ifw_proc_brief *b = ifw_pcache_get(pc, 0x100000);
	assert_non_null(b);
	assert_true(b->exited);
	assert_int_equal(b->ppid, me);
	assert_non_null(ifw_pcache_get(pc, 0x100000 + 64));
	assert_null(ifw_pcache_get(pc, 0x100000 + 128));
	/* three more: the first two entries are overwritten, the exited one survives */
	for (int32_t k = 1; k <= 3; k++)
		ifw_pcache_note_fork(pc, 0x200000 + 64 * k, me, 10 + (uint64_t)k);
	assert_null(ifw_pcache_get(pc, 0x100000 + 64));
	b = ifw_pcache_get(pc, 0x100000);
	assert_non_null(b);
	assert_true(b->exited);
	for (int32_t k = 1; k <= 3; k++)
		assert_int_equal(ifw_pcache_get(pc, 0x200000 + 64 * k)->pid, 0x200000 + 64 * k);
	/* round again: nothing of the first round is left */
	for (int32_t k = 1; k <= 4; k++)
		ifw_pcache_note_fork(pc, 0x300000 + k, me, 20 + (uint64_t)k);
	assert_null(ifw_pcache_get(pc, 0x100000));
	assert_null(ifw_pcache_get(pc, 0x200000 + 64));
	assert_int_equal(ifw_pcache_get(pc, 0x300000 + 4)->pid, 0x300000 + 4);
	ifw_pcache_free(pc);
}

struct collected {
	int n;
	char names[16][32];
	char events[16][16];
};

static void collect(const struct ifw_hist_row *r, void *data)
{
	struct collected *c = data;
	if (c->n < 16) {
		snprintf(c->names[c->n], 32, "%s", r->name);
		snprintf(c->events[c->n], 16, "%s", r->event);
	}
	c->n++;
}

static void add(struct ifw_history *h, int64_t t, const char *event, const char *name,
                const char *old)
{
	struct ifw_hist_row r = {.time_ns = t,
	                         .event = event,
	                         .name = name,
	                         .old_name = old,
	                         .netns = "host",
	                         .creator_pid = 42,
	                         .creator_comm = "ip",
	                         .creator_json = "{\"pid\":42}"};
	struct ifw_err err;
	assert_int_equal(ifw_history_add(h, &r, &err), 0);
}

/* Any user can send link requests (an MTU change with NLM_F_CREATE) in a namespace of their
 * own as fast as the kernel takes them; each is a pending request. With the pending list full,
 * each used to cost a move of the other 2047 (28 MiB): 7 500 a second held the watcher for
 * seconds, and root's links came and went unseen. 40 000 of them now take well under a second,
 * and a request made after them still explains its link. */
static void matcher_flood(void **state)
{
	(void)state;
	struct ifw_matcher *m = ifw_matcher_new(NULL);
	assert_non_null(m);
	const uint64_t t0 = 1000000000000ULL;
	/* a creation request (NLM_F_CREATE, a name) made in the user's own namespace */
	struct ifw_req_raw probe = gone(load("veth-create.req"), t0);
	probe.netns += 1;
	struct timespec a, b;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
	for (int i = 0; i < 40000; i++) {
		probe.ktime_ns = t0 + (uint64_t)i * 1000;
		ifw_matcher_add_request(m, &probe, probe.ktime_ns);
	}
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
	double secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	print_message("40000 requests into the matcher: %.3f s CPU\n", secs);
	assert_true(secs < 5.0);
	struct ifw_req_raw veth = gone(load("veth-create.req"), t0 + 50000000);
	ifw_matcher_add_request(m, &veth, veth.ktime_ns);
	struct ifw_wev ev = ev_of(IFW_WEV_CREATED, "wfxb", "veth", 7, veth.netns);
	ifw_matcher_attribute(m, &ev, false, t0 + 51000000);
	assert_true(ev.has_creator);
	assert_string_equal(ev.creator.p.cmdline, "ip link add wfxa type veth peer name wfxb");
	ifw_matcher_free(m);
}

static void history_basics(void **state)
{
	(void)state;
	struct ifw_history *h;
	struct ifw_err err;
	assert_int_equal(ifw_history_open(&h, NULL, true, &err), 0);
	add(h, 100, "created", "a", NULL);
	add(h, 200, "renamed", "b", "a");
	add(h, 300, "deleted", "b", NULL);
	add(h, 400, "created", "c", NULL);
	struct collected c = {0};
	assert_int_equal(ifw_history_query(h, "a", 0, collect, &c, &err), 0);
	assert_int_equal(c.n, 2); /* its creation and the rename away from it */
	assert_string_equal(c.events[1], "renamed");
	memset(&c, 0, sizeof(c));
	assert_int_equal(ifw_history_query(h, NULL, 250, collect, &c, &err), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.names[0], "b");
	struct ifw_history_limits lim = {.max_age_ns = 150};
	assert_int_equal(ifw_history_prune(h, &lim, 400, &err), 2);
	memset(&c, 0, sizeof(c));
	assert_int_equal(ifw_history_query(h, NULL, 0, collect, &c, &err), 0);
	assert_int_equal(c.n, 2);
	ifw_history_close(h);
}

/* The size limit against a flood: any user can make and delete links in a namespace of their
 * own as fast as the watcher records them. The creation of a link still there (root's bridge)
 * outlives the flood; the flood's own events go. */
static void history_flood(void **state)
{
	(void)state;
	struct ifw_history *h;
	struct ifw_err err;
	assert_int_equal(ifw_history_open(&h, NULL, true, &err), 0);
	char big[1000];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	struct ifw_hist_row root = {.time_ns = 1,
	                            .event = "created",
	                            .netns = "host",
	                            .netns_inode = 4026531840,
	                            .ifindex = 5,
	                            .name = "br0",
	                            .creator_cmdline = big};
	assert_int_equal(ifw_history_add(h, &root, &err), 0);
	root.time_ns = 2, root.ifindex = 6, root.name = "gone0";
	assert_int_equal(ifw_history_add(h, &root, &err), 0);
	root.time_ns = 3, root.event = "deleted";
	assert_int_equal(ifw_history_add(h, &root, &err), 0);
	for (int i = 0; i < 3000; i++) {
		struct ifw_hist_row r = {.time_ns = 10 + i,
		                         .event = i % 2 ? "deleted" : "created",
		                         .netns = "pid 99",
		                         .netns_inode = 4026532999,
		                         .ifindex = 100 + i / 2,
		                         .name = "fl0",
		                         .creator_cmdline = big};
		assert_int_equal(ifw_history_add(h, &r, &err), 0);
		if (i % 16 == 15) {
			struct ifw_history_limits lim = {.max_bytes = 200 * 1024};
			assert_true(ifw_history_prune(h, &lim, 10 + i, &err) >= 0);
		}
	}
	struct collected c = {0};
	assert_int_equal(ifw_history_query(h, "br0", 0, collect, &c, &err), 0);
	assert_int_equal(c.n, 1); /* root's bridge, still there: its creation is kept */
	memset(&c, 0, sizeof(c));
	assert_int_equal(ifw_history_query(h, "gone0", 0, collect, &c, &err), 0);
	assert_int_equal(c.n, 0); /* a link deleted since is no exception */
	memset(&c, 0, sizeof(c));
	assert_int_equal(ifw_history_query(h, NULL, 0, collect, &c, &err), 0);
	assert_true(c.n < 400); /* the bound holds */
	ifw_history_close(h);
}

static mode_t current_umask(void)
{
	mode_t m = umask(0);
	umask(m);
	return m;
}

/* Whether this process holds a POSIX lock on the file (its inode, from /proc/locks). */
static bool holds_lock(const char *file)
{
	struct stat st;
	if (stat(file, &st) != 0)
		return false;
	FILE *f = fopen("/proc/locks", "r");
	if (!f)
		return false;
	char line[256];
	bool found = false;
	char ino[64];
	snprintf(ino, sizeof(ino), ":%llu ", (unsigned long long)st.st_ino);
	char pid[32];
	snprintf(pid, sizeof(pid), " %d ", (int)getpid());
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, "POSIX") && strstr(line, pid) && strstr(line, ino);
	fclose(f);
	return found;
}

/* The writer keeps SQLite's lock on the -shm file: closing another descriptor of it (as the
 * mode change after the schema check once did) dropped the lock, a reader then took itself for
 * the first connection and truncated the file under the writer's mapping (SIGBUS). */
static void history_keeps_locks(void **state)
{
	(void)state;
	char dir[] = "/tmp/ifw-hlock-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256], shm[300];
	snprintf(path, sizeof(path), "%s/h.db", dir);
	snprintf(shm, sizeof(shm), "%s-shm", path);
	struct ifw_history *h;
	struct ifw_err err;
	assert_int_equal(ifw_history_open(&h, path, true, &err), 0);
	struct ifw_hist_row r = {.time_ns = 1, .event = "created", .name = "n"};
	assert_int_equal(ifw_history_add(h, &r, &err), 0);
	assert_int_equal(ifw_history_commit(h, &err), 0);
	assert_true(holds_lock(shm));
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	ifw_history_close(h);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

static void history_files(void **state)
{
	(void)state;
	char dir[] = "/tmp/ifw-hist-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256];
	struct ifw_history *h;
	struct ifw_err err;

	/* size bound: 3000 events of ~1 KiB, at most 200 KiB kept, the newest */
	snprintf(path, sizeof(path), "%s/size.db", dir);
	assert_int_equal(ifw_history_open(&h, path, true, &err), 0);
	char big[1000];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	for (int i = 0; i < 3000; i++) {
		struct ifw_hist_row r = {
		    .time_ns = i, .event = "created", .name = "n", .creator_cmdline = big};
		assert_int_equal(ifw_history_add(h, &r, &err), 0);
		if (i % 16 == 15) {
			struct ifw_history_limits lim = {.max_bytes = 200 * 1024};
			assert_true(ifw_history_prune(h, &lim, i, &err) >= 0);
		}
	}
	struct collected c = {0};
	assert_int_equal(ifw_history_query(h, NULL, 2999, collect, &c, &err), 0);
	assert_int_equal(c.n, 1); /* the newest survived */
	memset(&c, 0, sizeof(c));
	assert_int_equal(ifw_history_query(h, NULL, 0, collect, &c, &err), 0);
	assert_true(c.n < 400);
	ifw_history_close(h);

	/* a reader of the same file while the writer holds it open */
	assert_int_equal(ifw_history_open(&h, path, true, &err), 0);
	struct ifw_history *rd;
	assert_int_equal(ifw_history_open(&rd, path, false, &err), 0);
	add(h, 5000, "created", "fresh", NULL);
	memset(&c, 0, sizeof(c));
	assert_int_equal(ifw_history_query(rd, "fresh", 0, collect, &c, &err), 0);
	assert_int_equal(c.n, 1);
	ifw_history_close(rd);
	ifw_history_close(h);

	/* not a database */
	snprintf(path, sizeof(path), "%s/bad.db", dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	for (int i = 0; i < 4096; i++)
		fputc((i * 7919) & 0xff, f);
	fclose(f);
	assert_int_equal(ifw_history_open(&h, path, true, &err), -1);
	assert_non_null(
	    strstr(err.msg, "not an SQLite database")); /* seen before SQLite opens it */
	struct stat bst;
	assert_int_equal(stat(path, &bst), 0);
	assert_int_equal(bst.st_mode & 0777, 0644 & ~current_umask()); /* left as it is */
	assert_int_equal(ifw_history_open(&h, path, false, &err), -1);
	assert_non_null(strstr(err.msg, "not a database"));

	/* another program's database: not written into */
	snprintf(path, sizeof(path), "%s/app.db", dir);
	sqlite3 *adb;
	assert_int_equal(sqlite3_open(path, &adb), SQLITE_OK);
	assert_int_equal(sqlite3_exec(adb, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(adb);
	assert_int_equal(ifw_history_open(&h, path, true, &err), -1);
	assert_non_null(strstr(err.msg, "another program's database"));

	/* a newer schema is refused, not misread */
	snprintf(path, sizeof(path), "%s/new.db", dir);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version=99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(ifw_history_open(&h, path, true, &err), -1);
	assert_non_null(strstr(err.msg, "schema version 99"));

	/* a reader of a file that is not there */
	snprintf(path, sizeof(path), "%s/none.db", dir);
	assert_int_equal(ifw_history_open(&h, path, false, &err), -1);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/* A text line carries host strings through the sanitizer, the note too: "creator-exited" puts
 * the creator's executable path (any user names their file, escapes included) in it. */
static void text_line_sanitized(void **state)
{
	(void)state;
	struct ifw_wev ev;
	memset(&ev, 0, sizeof(ev));
	ev.type = IFW_WEV_CREATOR_EXITED;
	ev.time_ns = 1;
	ev.ifindex = 2;
	snprintf(ev.name, sizeof(ev.name), "br\033[31m");
	snprintf(ev.netns, sizeof(ev.netns), "pid 7");
	snprintf(ev.note, sizeof(ev.note), "its creator %.60s (pid %d) exited; the link remains",
	         "/tmp/x/\033]0;PWNED\007\033[2Jip", 42);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	ifw_wev_print_text(f, &ev);
	ev.type = IFW_WEV_GAP;
	ifw_wev_print_text(f, &ev);
	fclose(f);
	assert_null(memchr(buf, 033, len));
	assert_null(memchr(buf, 007, len));
	assert_non_null(strstr(buf, "its creator /tmp/x/\\x1b]0;PWNED"));
	free(buf);
}

/* Who made a link, from the history (at the watcher's start): a namespace known as "pid N" (the
 * process it was found through) is matched by its inode only. Another user's namespace found
 * through an earlier process of that pid, with a link of that name, is not this one. */
static void creator_by_lasting_label(void **state)
{
	(void)state;
	char dir[] = "/tmp/ifw-rec-XXXXXX", path[64];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/h.db", dir);
	struct ifw_recorder r;
	struct ifw_history_limits lim = {0};
	struct ifw_err err;
	assert_int_equal(ifw_recorder_open(&r, path, false, &lim, &err), 0);
	struct ifw_wev ev;
	memset(&ev, 0, sizeof(ev));
	ev.type = IFW_WEV_CREATED;
	ev.time_ns = 1;
	ev.ifindex = 2;
	snprintf(ev.netns, sizeof(ev.netns), "pid 4242");
	ev.netns_inode = 111;
	snprintf(ev.name, sizeof(ev.name), "eth0");
	ev.has_creator = true;
	ev.creator.p.pid = 77;
	snprintf(ev.creator.p.exe, sizeof(ev.creator.p.exe), "/home/u/evil");
	ev.creator.confidence = "exact";
	ev.creator.method = "bpf";
	char why[256];
	assert_true(ifw_recorder_add(&r, &ev, why, sizeof(why)));
	snprintf(ev.netns, sizeof(ev.netns), "host"); /* the host's, before a reboot */
	ev.netns_inode = 999;
	snprintf(ev.name, sizeof(ev.name), "br0");
	snprintf(ev.creator.p.exe, sizeof(ev.creator.p.exe), "/usr/sbin/ip");
	assert_true(ifw_recorder_add(&r, &ev, why, sizeof(why)));
	assert_true(ifw_recorder_flush(&r, 2, why, sizeof(why)));
	char who[64];
	const char *conf = NULL;
	assert_int_equal(
	    ifw_recorder_creator_of(&r, "pid 4242", 222, "eth0", who, sizeof(who), &conf), -1);
	assert_string_equal(who, "");
	assert_int_equal(ifw_recorder_creator_of(&r, "pid 5", 111, "eth0", who, sizeof(who), &conf),
	                 1);
	assert_string_equal(who, "/home/u/evil");
	assert_int_equal(ifw_recorder_creator_of(&r, "host", 1000, "br0", who, sizeof(who), &conf),
	                 1);
	assert_string_equal(who, "/usr/sbin/ip");
	ifw_recorder_close(&r);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(parse_captured),
	    cmocka_unit_test(parse_truncated_and_foreign),
	    cmocka_unit_test(match_requests),
	    cmocka_unit_test(matcher_flood),
	    cmocka_unit_test(history_basics),
	    cmocka_unit_test(history_files),
	    cmocka_unit_test(history_keeps_locks),
	    cmocka_unit_test(history_flood),
	    cmocka_unit_test(pcache_index),
	    cmocka_unit_test(text_line_sanitized),
	    cmocka_unit_test(creator_by_lasting_label),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
