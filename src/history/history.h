/* The watcher's history: an SQLite database (WAL: one writer, any number of readers at once),
 * schema documented in docs/HISTORY.md, bounded by age and size. */
#ifndef IFW_HISTORY_H
#define IFW_HISTORY_H

#include "util/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IFW_HISTORY_SCHEMA 1

/* One stored event. Strings may be empty; creator_json holds the full creator (with parents)
 * as the watcher's --json prints it, or "" if none. */
struct ifw_hist_row {
	int64_t id;
	int64_t time_ns;
	const char *event, *netns, *name, *old_name, *kind, *to_netns, *address, *note;
	int64_t netns_inode;
	int32_t ifindex;
	int32_t creator_pid;
	const char *creator_comm, *creator_exe, *creator_cmdline, *creator_unit, *creator_container,
	    *confidence, *method;
	const char *creator_line; /* "/usr/bin/ip (pid 42) ← bash (pid 41) ..., unit x" */
	const char *creator_json;
};

struct ifw_history;

struct ifw_history_limits {
	int64_t max_age_ns; /* 0: no limit */
	int64_t max_bytes;  /* 0: no limit */
};

/* Opens (creating if writer) the database at path, or an in-memory one when path is NULL.
 * A file that is not a database, a newer schema, or one that cannot be written fails with a
 * message saying which. */
int ifw_history_open(struct ifw_history **out, const char *path, bool writer, struct ifw_err *err);
void ifw_history_close(struct ifw_history *h);

int ifw_history_add(struct ifw_history *h, const struct ifw_hist_row *r, struct ifw_err *err);
/* Groups the adds that follow into one transaction until ifw_history_commit (one commit per
 * batch of events instead of one per event). */
int ifw_history_begin(struct ifw_history *h, struct ifw_err *err);
int ifw_history_commit(struct ifw_history *h, struct ifw_err *err);
/* True if it holds no event. */
bool ifw_history_empty(struct ifw_history *h);
/* Drops the oldest events beyond the limits; returns how many went. */
int64_t ifw_history_prune(struct ifw_history *h, const struct ifw_history_limits *lim,
                          int64_t now_ns, struct ifw_err *err);

/* Calls cb for each event (oldest first) about interface `name` (NULL: all; it also matches
 * an event whose old name it was) at or after since_ns. */
typedef void (*ifw_hist_cb)(const struct ifw_hist_row *r, void *data);
int ifw_history_query(struct ifw_history *h, const char *name, int64_t since_ns, ifw_hist_cb cb,
                      void *data, struct ifw_err *err);

/* The environment variables the default place depends on, as the cli read them (NULL: unset). */
struct ifw_history_env {
	const char *history; /* IFWHO_HISTORY */
	const char
	    *state_directory; /* STATE_DIRECTORY (systemd's StateDirectory=, may list several) */
	const char *xdg_state_home; /* XDG_STATE_HOME */
	const char *home;           /* HOME */
};
/* The default place: $IFWHO_HISTORY, $STATE_DIRECTORY/history.db (systemd),
 * /var/lib/ifwho/history.db for root, else $XDG_STATE_HOME (~/.local/state)/ifwho/history.db. */
void ifw_history_default_path(char *out, size_t len, const struct ifw_history_env *env);

/* "2026-12-06T14:02:11.123Z" from nanoseconds since the epoch. */
void ifw_format_time(uint64_t ns, char *out, size_t len);

#endif
