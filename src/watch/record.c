/* Every event into the history. When the file fails (corrupt, disk full, read-only) the watcher
 * says so once, in a gap event and on stderr, and goes on recording into an in-memory database
 * so it keeps its bounds and the run's events stay queryable by this process. */
#include "watch/record.h"
#include "watch/wev_json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define PRUNE_EVERY 16 /* the size check is three PRAGMAs: cheap */

static int mkdir_parents(const char *path)
{
	char dir[512];
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	for (char *p = dir + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(dir, 0755);
			*p = '/';
		}
	return mkdir(dir, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

int ifw_recorder_open(struct ifw_recorder *r, const char *path, bool make_dirs,
                      const struct ifw_history_limits *lim, struct ifw_err *err)
{
	memset(r, 0, sizeof(*r));
	r->lim = *lim;
	if (!path)
		return 0;
	if (make_dirs)
		mkdir_parents(path);
	if (ifw_history_open(&r->h, path, true, err) < 0)
		return -1;
	r->had_events = !ifw_history_empty(r->h);
	struct ifw_err e2;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ifw_history_prune(r->h, &r->lim, (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec, &e2);
	return 0;
}

int ifw_recorder_fallback(struct ifw_recorder *r, struct ifw_err *err)
{
	if (r->h)
		ifw_history_close(r->h);
	r->h = NULL;
	r->in_memory = true;
	return ifw_history_open(&r->h, NULL, true, err);
}

bool ifw_recorder_flush(struct ifw_recorder *r, int64_t now_ns, char *why, size_t why_len)
{
	if (!r->h)
		return true;
	bool ok = true;
	struct ifw_err err;
	if (r->in_tx) {
		r->in_tx = false;
		if (ifw_history_commit(r->h, &err) < 0 && !r->in_memory) {
			/* the batch is lost from the file (it was printed); memory from now on */
			snprintf(why, why_len, "%s; recording in memory from now on", err.msg);
			ifw_recorder_fallback(r, &err);
			ok = false;
		}
	}
	if (r->want_prune) {
		r->want_prune = false;
		ifw_history_prune(r->h, &r->lim, now_ns, &err);
	}
	return ok;
}

void ifw_recorder_close(struct ifw_recorder *r)
{
	if (r->h && r->in_tx) {
		struct ifw_err err;
		ifw_history_commit(r->h, &err);
	}
	ifw_history_close(r->h);
	r->h = NULL;
}

static void fill_row(struct ifw_hist_row *row, const struct ifw_wev *ev, char *line, size_t len,
                     char **json)
{
	memset(row, 0, sizeof(*row));
	row->time_ns = (int64_t)ev->time_ns;
	row->event = ifw_wev_type_name(ev->type);
	row->netns = ev->netns;
	row->netns_inode = (int64_t)ev->netns_inode;
	row->ifindex = ev->ifindex;
	row->name = ev->name;
	row->old_name = ev->old_name;
	row->kind = ev->kind;
	row->to_netns = ev->to_netns;
	row->address = ev->addr;
	row->note = ev->note;
	*json = NULL;
	if (!ev->has_creator)
		return;
	const struct ifw_creator *c = &ev->creator;
	row->creator_pid = c->p.pid;
	row->creator_comm = c->p.comm;
	row->creator_exe = c->p.exe;
	row->creator_cmdline = c->p.cmdline;
	row->creator_unit = c->unit;
	row->creator_container = c->container;
	row->confidence = c->confidence;
	row->method = c->method;
	ifw_creator_line(c, line, len);
	row->creator_line = line;
	*json = ifw_creator_json_text(c);
	row->creator_json = *json;
}

bool ifw_recorder_add(struct ifw_recorder *r, const struct ifw_wev *ev, char *why, size_t why_len)
{
	if (!r->h)
		return true;
	struct ifw_hist_row row;
	char line[2048];
	char *json;
	fill_row(&row, ev, line, sizeof(line), &json);
	struct ifw_err err;
	int rc = 0;
	if (!r->in_tx) {
		rc = ifw_history_begin(r->h, &err);
		r->in_tx = rc == 0;
	}
	if (rc == 0)
		rc = ifw_history_add(r->h, &row, &err);
	if (rc < 0 && !r->in_memory) {
		snprintf(why, why_len, "%s; recording in memory from now on", err.msg);
		struct ifw_err e2;
		r->in_tx = false;
		if (ifw_recorder_fallback(r, &e2) == 0)
			ifw_history_add(r->h, &row, &e2);
	}
	free(json);
	if (++r->n_added % PRUNE_EVERY == 0)
		r->want_prune = true;
	return rc == 0;
}

struct creator_q {
	const char *netns;
	uint64_t inode;
	char *creator;
	size_t len;
	const char *confidence;
	int state;
};

/* A namespace is the same as a row's by its inode, or by a label that lasts: "host" and a
 * /run/netns name (a reboot changes their inodes). "pid N" and "nsid N" name whatever namespace
 * that pid or id has now: another user's namespace of an earlier pid N is not this one. */
static bool lasting_label(const char *label)
{
	return strncmp(label, "pid ", 4) != 0 && strncmp(label, "nsid ", 5) != 0;
}

static void creator_cb(const struct ifw_hist_row *row, void *data)
{
	struct creator_q *q = data;
	bool by_label = lasting_label(q->netns);
	if (strcmp(row->event, "moved") == 0 && by_label && strcmp(row->to_netns, q->netns) == 0) {
		q->state = 0; /* it came from elsewhere; who made it is told there */
		return;
	}
	if (!(by_label && strcmp(row->netns, q->netns) == 0) &&
	    !(q->inode && (uint64_t)row->netns_inode == q->inode))
		return;
	if (strcmp(row->event, "deleted") == 0 || strcmp(row->event, "moved") == 0) {
		q->state = -1; /* gone from here since */
		return;
	}
	if (strcmp(row->event, "created") != 0 && strcmp(row->event, "renamed") != 0 &&
	    strcmp(row->event, "appeared") != 0)
		return;
	/* the latest wins: a later creation without a known creator clears an older one */
	q->state = row->creator_pid != 0 ? 1 : 0;
	if (q->state == 0)
		return;
	snprintf(q->creator, q->len, "%s",
	         row->creator_exe[0] ? row->creator_exe : row->creator_comm);
	q->confidence = strcmp(row->confidence, "exact") == 0    ? "exact"
	                : strcmp(row->confidence, "likely") == 0 ? "likely"
	                                                         : NULL;
}

int ifw_recorder_creator_of(struct ifw_recorder *r, const char *netns, uint64_t netns_inode,
                            const char *name, char *creator, size_t len, const char **confidence)
{
	creator[0] = '\0';
	if (!r->h || r->in_memory)
		return -1;
	struct creator_q q = {netns, netns_inode, creator, len, NULL, -1};
	struct ifw_err err;
	if (ifw_history_query(r->h, name, 0, creator_cb, &q, &err) < 0)
		return -1;
	if (q.state == 1)
		*confidence = q.confidence;
	else
		creator[0] = '\0';
	return q.state;
}
