/* A creator's description from /proc, and a cache of recent execs for processes that exit
 * before anyone can look at them. */
#include "collect/linux/creator.h"
#include "collect/linux/procfs.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void join_args(char *s, size_t n)
{
	while (n > 0 && s[n - 1] == '\0')
		n--;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\0')
			s[i] = ' ';
	s[n] = '\0';
}

bool ifw_proc_brief_read(int32_t pid, struct ifw_proc_brief *b)
{
	memset(b, 0, sizeof(*b));
	b->pid = pid;
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d", pid);
	int dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return false;
	char buf[1024];
	ssize_t n = ifw_read_at(dfd, "stat", buf, sizeof(buf), NULL);
	struct ifw_proc_stat st;
	if (n <= 0 || ifw_parse_proc_stat(buf, (size_t)n, &st) < 0) {
		close(dfd);
		return false;
	}
	b->ppid = st.ppid;
	snprintf(b->comm, sizeof(b->comm), "%.15s", st.comm);
	n = ifw_read_at(dfd, "cmdline", b->cmdline, sizeof(b->cmdline), NULL);
	if (n > 0)
		join_args(b->cmdline, (size_t)n);
	ssize_t l = readlinkat(dfd, "exe", b->exe, sizeof(b->exe) - 1);
	b->exe[l > 0 ? l : 0] = '\0';
	struct stat sst;
	if (fstatat(dfd, "ns/net", &sst, 0) == 0)
		b->netns = (uint64_t)sst.st_ino;
	if (fstat(dfd, &sst) == 0)
		b->uid = sst.st_uid;
	n = ifw_read_at(dfd, "cgroup", buf, sizeof(buf), NULL);
	const char *cg;
	size_t cg_len;
	if (n > 0 && ifw_parse_proc_cgroup(buf, (size_t)n, &cg, &cg_len))
		snprintf(b->cgroup, sizeof(b->cgroup), "%.*s", (int)cg_len, cg);
	close(dfd);
	return true;
}

struct pc_ent {
	struct ifw_proc_brief b;
	uint64_t exec_ns, exit_ns;
	bool used;
	int32_t hnext; /* the next older entry in the same hash bucket, -1: none */
};

/* A ring of entries (oldest overwritten) with a hash index by pid: the connector reports every
 * fork and exit on the host, and each looks a pid up (a scan of the ring, 8192 entries of a
 * kilobyte, cost more than everything else the watcher did on a busy host). */
struct ifw_pcache {
	struct pc_ent *v;
	size_t cap, next;
	int32_t *bucket;  /* newest entry of each bucket, -1: none */
	size_t n_buckets; /* a power of two */
};

static size_t bucket_of(const struct ifw_pcache *c, int32_t pid)
{
	return ((uint32_t)pid * 2654435761u) & (c->n_buckets - 1);
}

struct ifw_pcache *ifw_pcache_new(size_t cap)
{
	struct ifw_pcache *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->n_buckets = 64;
	while (c->n_buckets < cap)
		c->n_buckets *= 2;
	c->v = calloc(cap, sizeof(*c->v));
	c->bucket = malloc(c->n_buckets * sizeof(*c->bucket));
	if (!c->v || !c->bucket || cap > INT32_MAX) {
		free(c->v);
		free(c->bucket);
		free(c);
		return NULL;
	}
	for (size_t i = 0; i < c->n_buckets; i++)
		c->bucket[i] = -1;
	c->cap = cap;
	return c;
}

void ifw_pcache_free(struct ifw_pcache *c)
{
	if (c) {
		free(c->v);
		free(c->bucket);
	}
	free(c);
}

/* The newest entry for pid (a pid is reused only after its entry is old): entries go in at the
 * head of their bucket's chain. */
static struct pc_ent *find(const struct ifw_pcache *c, int32_t pid)
{
	for (int32_t i = c->bucket[bucket_of(c, pid)]; i >= 0; i = c->v[i].hnext)
		if (c->v[i].b.pid == pid)
			return &c->v[i];
	return NULL;
}

/* The oldest entry, reused for pid: out of its old chain, into pid's. */
static struct pc_ent *slot(struct ifw_pcache *c, int32_t pid)
{
	int32_t i = (int32_t)c->next;
	struct pc_ent *e = &c->v[i];
	c->next = (c->next + 1) % c->cap;
	if (e->used) {
		int32_t *pp = &c->bucket[bucket_of(c, e->b.pid)];
		while (*pp >= 0 && *pp != i)
			pp = &c->v[*pp].hnext;
		if (*pp == i)
			*pp = e->hnext;
	}
	memset(e, 0, sizeof(*e));
	e->used = true;
	e->b.pid = pid;
	size_t h = bucket_of(c, pid);
	e->hnext = c->bucket[h];
	c->bucket[h] = i;
	return e;
}

void ifw_pcache_note_exec(struct ifw_pcache *c, int32_t pid, uint64_t mono_ns)
{
	struct ifw_proc_brief b;
	if (!ifw_proc_brief_read(pid, &b))
		return;
	struct pc_ent *e = slot(c, pid);
	e->b = b;
	e->b.pid = pid;
	e->exec_ns = mono_ns;
}

void ifw_pcache_note_fork(struct ifw_pcache *c, int32_t pid, int32_t ppid, uint64_t mono_ns)
{
	/* A forked child is its parent until it execs: copy what is known of the parent. */
	const struct pc_ent *pe = find(c, ppid);
	struct ifw_proc_brief b;
	if (pe)
		b = pe->b;
	else if (!ifw_proc_brief_read(ppid, &b))
		return;
	struct pc_ent *e = slot(c, pid);
	e->b = b;
	e->b.pid = pid;
	e->b.ppid = ppid;
	e->b.exited = false;
	e->exec_ns = mono_ns;
}

void ifw_pcache_note_exit(struct ifw_pcache *c, int32_t pid, uint64_t mono_ns)
{
	struct pc_ent *e = find(c, pid);
	if (e && !e->exit_ns) {
		e->exit_ns = mono_ns;
		e->b.exited = true;
	}
}

const struct ifw_proc_brief *ifw_pcache_get(const struct ifw_pcache *c, int32_t pid)
{
	const struct pc_ent *e = find(c, pid);
	return e ? &e->b : NULL;
}

static bool has_word(const char *s, const char *w)
{
	size_t wl = strlen(w);
	if (!wl)
		return false;
	for (const char *p = strstr(s, w); p; p = strstr(p + 1, w))
		if ((p == s || p[-1] == ' ') && (p[wl] == ' ' || p[wl] == '\0'))
			return true;
	return false;
}

static bool has_verb(const char *s, const char *const *verbs)
{
	if (!verbs)
		return true;
	for (const char *p = s; *p; p++) {
		if (p != s && p[-1] != ' ')
			continue;
		for (size_t i = 0; verbs[i]; i++)
			if (strncmp(p, verbs[i], strlen(verbs[i])) == 0)
				return true;
	}
	return false;
}

const struct ifw_proc_brief *ifw_pcache_find_word(const struct ifw_pcache *c, const char *word,
                                                  const char *word2, const char *const *verbs,
                                                  uint64_t mono_ns, uint64_t window_ns)
{
	for (size_t k = 1; k <= c->cap; k++) {
		const struct pc_ent *e = &c->v[(c->next + c->cap - k) % c->cap];
		if (!e->used)
			break;
		if (e->exec_ns + window_ns < mono_ns)
			break; /* older entries are older still */
		if (e->exec_ns <= mono_ns + 1000000 && has_word(e->b.cmdline, word) &&
		    (!word2 || has_word(e->b.cmdline, word2)) && has_verb(e->b.cmdline, verbs))
			return &e->b;
	}
	return NULL;
}

static void unit_and_container(struct ifw_creator *c, const char *cg)
{
	struct ifw_cgroup_info ci;
	ifw_parse_cgroup_path(cg, strlen(cg), &ci);
	if (ci.unit)
		snprintf(c->unit, sizeof(c->unit), "%.*s", (int)ci.unit_len, ci.unit);
	if (ci.runtime)
		snprintf(c->container, sizeof(c->container), "%s%s%.12s", ci.runtime,
		         ci.container_id[0] ? " " : "", ci.container_id);
}

void ifw_creator_complete(struct ifw_creator *c, const struct ifw_pcache *cache)
{
	c->n_chain = 0;
	int32_t pid = c->p.ppid;
	const char *cg = c->p.cgroup;
	while (pid > 0 && c->n_chain < IFW_CHAIN_MAX) {
		struct ifw_proc_brief *b = &c->chain[c->n_chain];
		if (!ifw_proc_brief_read(pid, b)) {
			const struct ifw_proc_brief *cb = cache ? ifw_pcache_get(cache, pid) : NULL;
			if (!cb)
				break;
			*b = *cb;
			b->exited = true;
		}
		c->n_chain++;
		if (!cg[0])
			cg = b->cgroup;
		if (pid == 1 || b->ppid == pid)
			break;
		pid = b->ppid;
	}
	if (cg[0])
		unit_and_container(c, cg);
}
