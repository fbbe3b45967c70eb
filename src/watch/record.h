/* The watcher's events into the history database (internal to src/watch). */
#ifndef IFW_WATCH_RECORD_H
#define IFW_WATCH_RECORD_H

#include "history/history.h"
#include "watch/watch.h"

struct ifw_recorder {
	struct ifw_history *h; /* NULL: no history asked for */
	struct ifw_history_limits lim;
	bool in_memory;
	bool had_events; /* the file held events from earlier runs */
	bool in_tx;      /* a batch is open */
	bool want_prune; /* due once the batch is committed */
	uint64_t n_added;
};

/* path NULL: record nothing. */
int ifw_recorder_open(struct ifw_recorder *r, const char *path, bool make_dirs,
                      const struct ifw_history_limits *lim, struct ifw_err *err);
/* Switches to an in-memory database. */
int ifw_recorder_fallback(struct ifw_recorder *r, struct ifw_err *err);
/* false when the file failed: why says what, and that recording goes on in memory. */
bool ifw_recorder_add(struct ifw_recorder *r, const struct ifw_wev *ev, char *why, size_t why_len);
void ifw_recorder_close(struct ifw_recorder *r);
/* Commits the batch of events added since the last call (the loop calls it once per wake-up);
 * false when the file failed (why says what; from now on events go to memory). */
bool ifw_recorder_flush(struct ifw_recorder *r, int64_t now_ns, char *why, size_t why_len);
/* What the history says of link `name` in a namespace (by label or inode): 1 and who made it
 * (its latest creation or rename), 0 if it has the link but not its creator, -1 if it has
 * never heard of it. */
int ifw_recorder_creator_of(struct ifw_recorder *r, const char *netns, uint64_t netns_inode,
                            const char *name, char *creator, size_t len, const char **confidence);

#endif
