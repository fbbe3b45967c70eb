/* The history database. One writer (the watcher) commits each event on its own (WAL, so readers
 * are never blocked and never see half an event); readers open read-only. Errors say what is
 * wrong with the file so the watcher can say it and carry on in memory. */
#include "history/history.h"
#include "util/input.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

struct ifw_history {
	sqlite3 *db;
	sqlite3_stmt *ins;
	char path[512];
	bool writer;
	bool made[4]; /* the file, -wal, -shm, -journal: made by this open (own_file) */
};

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS events ("
    " id INTEGER PRIMARY KEY,"
    " time_ns INTEGER NOT NULL,"
    " event TEXT NOT NULL,"
    " netns TEXT, netns_inode INTEGER, ifindex INTEGER,"
    " name TEXT, old_name TEXT, kind TEXT, to_netns TEXT, address TEXT, note TEXT,"
    " creator_pid INTEGER, creator_comm TEXT, creator_exe TEXT, creator_cmdline TEXT,"
    " creator_unit TEXT, creator_container TEXT, confidence TEXT, method TEXT,"
    " creator_line TEXT, creator_json TEXT);"
    "CREATE INDEX IF NOT EXISTS events_name ON events(name, time_ns);"
    "CREATE INDEX IF NOT EXISTS events_old_name ON events(old_name) WHERE old_name IS NOT NULL;"
    "CREATE INDEX IF NOT EXISTS events_time ON events(time_ns);";
/* The size limit's question "is this link still there?" (ifw_history_prune), one lookup a row;
 * made in files of schema 1 that predate it too (an index changes no row). */
static const char link_index_sql[] =
    "CREATE INDEX IF NOT EXISTS events_link ON events(netns_inode, ifindex, id);";

static int db_fail(struct ifw_history *h, int rc, struct ifw_err *err, const char *what)
{
	const char *why = h->db ? sqlite3_errmsg(h->db) : sqlite3_errstr(rc);
	int prim = rc & 0xff;
	const char *hint =
	    prim == SQLITE_NOTADB || prim == SQLITE_CORRUPT
	        ? " (the file is damaged or not a database: move it aside)"
	    : prim == SQLITE_FULL ? " (the disk is full)"
	    : prim == SQLITE_READONLY || prim == SQLITE_PERM || prim == SQLITE_CANTOPEN
	        ? " (no permission, or the directory is missing)"
	    : prim == SQLITE_BUSY ? " (another writer holds it)"
	                          : "";
	return ifw_fail(err,
	                prim == SQLITE_PERM || prim == SQLITE_READONLY ? IFW_E_PERM : IFW_E_SYS,
	                "history %s: %s: %s%s", h->path, what, why, hint);
}

static int exec(struct ifw_history *h, const char *sql, struct ifw_err *err, const char *what)
{
	int rc = sqlite3_exec(h->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : db_fail(h, rc, err, what);
}

static int pragma_int(struct ifw_history *h, const char *sql, int64_t *v)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(h->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*v = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Creates the schema in a new file, checks the version of an old one. */
static int setup(struct ifw_history *h, struct ifw_err *err)
{
	int64_t ver = 0;
	int rc = pragma_int(h, "PRAGMA user_version", &ver);
	if (rc != SQLITE_OK)
		return db_fail(h, rc, err, "reading the schema version");
	if (ver > IFW_HISTORY_SCHEMA)
		return ifw_fail(err, IFW_E_PARSE,
		                "history %s has schema version %lld, newer than this ifwho's %d",
		                h->path, (long long)ver, IFW_HISTORY_SCHEMA);
	if (!h->writer) {
		if (ver == 0)
			return ifw_fail(err, IFW_E_NOTFOUND, "history %s holds no events yet",
			                h->path);
		return 0;
	}
	/* Another program's database (a history path naming it: `IFWHO_HISTORY` under `sudo -E`,
	 * or a slip) is not written into: no schema of ours, no switch to WAL. */
	int64_t tables = 0, events = 0;
	rc = pragma_int(h, "SELECT count(*) FROM sqlite_master", &tables);
	if (rc == SQLITE_OK)
		rc = pragma_int(h,
		                "SELECT count(*) FROM sqlite_master WHERE type='table' AND "
		                "name='events'",
		                &events);
	if (rc != SQLITE_OK)
		return db_fail(h, rc, err, "reading the schema");
	if ((ver == 0 && tables > 0) || (ver > 0 && events == 0))
		return ifw_fail(
		    err, IFW_E_PARSE,
		    "history %s is another program's database (schema version %lld, %lld "
		    "schema entries, no table events): left as it is, not used",
		    h->path, (long long)ver, (long long)tables);
	/* auto_vacuum only takes effect before the first table: new files give pages back. */
	if (ver == 0 && exec(h, "PRAGMA auto_vacuum=INCREMENTAL", err, "setting up") < 0)
		return -1;
	if (strcmp(h->path, ":memory:") != 0 &&
	    exec(h, "PRAGMA journal_mode=WAL", err, "switching to WAL") < 0)
		return -1;
	if (exec(h, "PRAGMA synchronous=NORMAL", err, "setting up") < 0)
		return -1;
	if (ver == 0) {
		char sql[sizeof(schema_sql) + 64];
		snprintf(sql, sizeof(sql), "BEGIN;%sPRAGMA user_version=%d;COMMIT;", schema_sql,
		         IFW_HISTORY_SCHEMA);
		if (exec(h, sql, err, "creating the schema") < 0) {
			sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
	}
	return exec(h, link_index_sql, err, "creating an index");
}

/* Makes path (with create; *made says so) or checks it if it exists: a regular file of ours
 * alone, never through a symbolic link; one made here is mode 0600 whatever the umask. An
 * existing file another user made (or linked) there would hand them every creator's command
 * line, or feed SQLite a database they wrote. An existing file keeps its mode until the schema
 * says the database is ifwho's (tighten): a history path naming /etc/passwd or another program's
 * database (`IFWHO_HISTORY` under `sudo -E`, or a slip) made it root's alone. */
static int own_file(const char *path, bool create, bool database, bool *made, struct ifw_err *err)
{
	*made = false;
	struct stat pre; /* before open: opening a device can have effects of its own */
	if (lstat(path, &pre) == 0 && !S_ISREG(pre.st_mode) && !S_ISLNK(pre.st_mode))
		return ifw_fail(err, IFW_E_PERM, "history %s is not a regular file: not used",
		                path);
	int base = O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY;
	int fd = create ? open(path, base | O_CREAT | O_EXCL, 0600) : -1;
	if (fd >= 0)
		*made = true;
	else if (!create || errno == EEXIST)
		fd = open(path, base);
	struct stat st;
	if (fd < 0 && !create && errno == ENOENT)
		return 0;
	if (fd < 0 || fstat(fd, &st) < 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return ifw_fail_errno(err, e, "history %s%s", path,
		                      e == ELOOP ? " is a symbolic link (not followed)" : "");
	}
	const char *bad = !S_ISREG(st.st_mode)     ? "is not a regular file"
	                  : st.st_uid != geteuid() ? "belongs to another user"
	                  : st.st_nlink != 1       ? "has other hard links"
	                                           : NULL;
	if (bad) {
		close(fd);
		return ifw_fail(err, IFW_E_PERM, "history %s %s (uid %u, %u links): not used", path,
		                bad, (unsigned)st.st_uid, (unsigned)st.st_nlink);
	}
	static const char magic[16] = "SQLite format 3"; /* and its NUL */
	char head[16];
	if (database && st.st_size > 0 &&
	    (pread(fd, head, sizeof(head), 0) != (ssize_t)sizeof(head) ||
	     memcmp(head, magic, sizeof(head)) != 0)) {
		close(fd);
		return ifw_fail(err, IFW_E_PERM,
		                "history %s is not an SQLite database (%lld bytes): left as it is, "
		                "not used",
		                path, (long long)st.st_size);
	}
	if (*made && fchmod(fd, 0600) < 0) {
		int e = errno;
		close(fd);
		return ifw_fail_errno(err, e, "history %s", path);
	}
	close(fd);
	return 0;
}

/* The database turned out not to be ifwho's: SQLite's files made beside it go again (still
 * empty), so another program's database is left as it was. */
static void unmake(const struct ifw_history *h)
{
	static const char *const sfx[] = {"-wal", "-shm"};
	for (size_t i = 0; i < 2; i++) {
		char p[sizeof(h->path) + 16];
		struct stat st;
		snprintf(p, sizeof(p), "%s%s", h->path, sfx[i]);
		if (h->made[i + 1] && lstat(p, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0)
			unlink(p);
	}
}

/* Once the database is known to be ifwho's: it and SQLite's files beside it, mode 0600.
 * SQLite has them open by then, with its POSIX locks on them, and closing any other descriptor
 * of a file drops every lock the process holds on it: the watcher lost its lock on the -shm
 * file, the next reader took it for the first connection and truncated the file under the
 * watcher's mapping (SIGBUS). So no descriptor that can hold locks is opened here: an O_PATH
 * one (whose close drops none) names the checked file, changed through /proc/self/fd. */
static void tighten(const char *path)
{
	static const char *const sfx[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
		char p[4200];
		snprintf(p, sizeof(p), "%s%s", path, sfx[i]);
		struct stat st;
#ifdef O_PATH
		int fd = open(p, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
		    (st.st_mode & 07777) != 0600) {
			char proc[64];
			snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
			chmod(proc, 0600);
		}
		close(fd);
#else
		if (lstat(p, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
		    (st.st_mode & 07777) != 0600)
			fchmodat(AT_FDCWD, p, 0600, AT_SYMLINK_NOFOLLOW);
#endif
	}
}

/* One directory on the way to the history: ours or root's, and writable by no one else unless
 * sticky (where no one may rename or remove an entry of ours or root's). */
static int chain_entry_ok(const char *path, const char *entry, const struct stat *st, bool last,
                          struct ifw_err *err)
{
	if (S_ISLNK(st->st_mode))
		/* SQLite refuses it too (SQLITE_OPEN_NOFOLLOW), after ifwho made the files. */
		return ifw_fail(
		    err, IFW_E_PERM,
		    "history %s: %s on the way to it is a symbolic link (not followed): "
		    "not used",
		    path, entry);
	if (!S_ISDIR(st->st_mode))
		return ifw_fail(err, IFW_E_PERM, "history %s: %s is not a directory: not used",
		                path, entry);
	bool others_write = (st->st_mode & (S_IWGRP | S_IWOTH)) && !(st->st_mode & S_ISVTX);
	if ((st->st_uid != geteuid() && st->st_uid != 0) || others_write)
		return ifw_fail(err, IFW_E_PERM,
		                "history %s: %s %s belongs to another user or others may write to "
		                "it (uid %u, mode %03o): not used",
		                path, last ? "its directory" : "the directory", entry,
		                (unsigned)st->st_uid, (unsigned)(st->st_mode & 07777));
	return 0;
}

/* The directory path is in may hold the history only when no other user can swap its files:
 * owned by us or root, and writable by no one else unless sticky (there nobody may rename or
 * remove another's file, and own_file makes ours before SQLite opens them by name). Checked
 * before the files, so another user's directory is refused even when it holds nothing yet.
 * Every directory on the way is held to the same rule (SQLite opens the file by its absolute
 * name, after ifwho's checks): a directory of root's inside another user's could otherwise be
 * renamed away by that user, and one of theirs put in its place, between the checks and the
 * open. `..` is taken by name (no link is allowed on the way, so it is the parent named). */
static int own_dir(const char *path, struct ifw_err *err)
{
	char dir[4700];
	const char *slash = strrchr(path, '/');
	size_t dl = slash ? (size_t)(slash - path) : 0;
	if (path[0] == '/')
		snprintf(dir, sizeof(dir), "%.*s", (int)dl, path);
	else {
		char cwd[4096];
		if (!getcwd(cwd, sizeof(cwd)))
			return ifw_fail_errno(err, errno, "history %s: the working directory",
			                      path);
		snprintf(dir, sizeof(dir), "%s/%.*s", strcmp(cwd, "/") ? cwd : "", (int)dl, path);
	}
	char cur[4700] = ""; /* the directories checked so far, without links or dots */
	size_t cl = 0;
	struct stat st;
	if (lstat("/", &st) < 0)
		return ifw_fail_errno(err, errno, "history %s: /", path);
	if (chain_entry_ok(path, "/", &st, false, err) < 0)
		return -1;
	const char *p = dir;
	for (;;) {
		while (*p == '/')
			p++;
		size_t n = strcspn(p, "/");
		const char *next = p + n;
		while (*next == '/')
			next++;
		bool last = *next == '\0';
		if (n == 0)
			break;
		if (n == 1 && p[0] == '.') {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *s = strrchr(cur, '/');
			cl = s ? (size_t)(s - cur) : 0;
			cur[cl] = '\0';
			if (lstat(cl ? cur : "/", &st) < 0)
				return ifw_fail_errno(err, errno, "history %s: its directory %s",
				                      path, cl ? cur : "/");
		} else {
			if (cl + 1 + n + 1 > sizeof(cur))
				return ifw_fail(err, IFW_E_USAGE, "history %s: path too long",
				                path);
			cur[cl++] = '/';
			memcpy(cur + cl, p, n);
			cl += n;
			cur[cl] = '\0';
			if (lstat(cur, &st) < 0)
				return ifw_fail_errno(err, errno, "history %s: its directory %s",
				                      path, cur);
		}
		if (chain_entry_ok(path, cl ? cur : "/", &st, last, err) < 0)
			return -1;
		p += n;
	}
	return 0;
}

int ifw_history_open(struct ifw_history **out, const char *path, bool writer, struct ifw_err *err)
{
	*out = NULL;
	struct ifw_history *h = calloc(1, sizeof(*h));
	if (!h)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	if ((size_t)snprintf(h->path, sizeof(h->path), "%s", path ? path : ":memory:") >=
	    sizeof(h->path)) {
		free(h); /* cut short, it would name another file than the one checked below */
		return ifw_fail(err, IFW_E_USAGE, "history path longer than %zu bytes",
		                sizeof(h->path) - 1);
	}
	h->writer = writer;
	if (!writer && path) {
		/* Only a regular file is handed to SQLite, whose open blocks on a FIFO for good
		 * (and opening some devices has effects): the path is the caller's, and may be in a
		 * directory others can write to. */
		int fd = ifw_input_open(AT_FDCWD, path, 0, err);
		if (fd < 0) {
			if (err->errno_val == ENOENT)
				ifw_fail(
				    err, IFW_E_NOTFOUND,
				    "no history at %s yet (`ifwho watch` records one; --history "
				    "PATH names another)",
				    path);
			free(h);
			return -1;
		}
		close(fd);
	}
	if (writer && path) {
		/* Made here, not by SQLite: never through a symbolic link, and 0600 whatever the
		 * umask (it holds the command lines of every process that made a link). */
		if (own_dir(path, err) < 0) {
			free(h);
			return -1;
		}
		static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
		for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
			char p[sizeof(h->path) + 16];
			snprintf(p, sizeof(p), "%s%s", path, sfx[i]);
			/* SQLite's own files next to it are made here too (an empty WAL is an empty
			 * WAL), so none of them can be another user's; the journal only checked. */
			if (own_file(p, i < 3, i == 0, &h->made[i], err) < 0) {
				unmake(h);
				free(h);
				return -1;
			}
		}
	}
	int flags = (writer ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY) |
	            SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW;
	int rc = sqlite3_open_v2(h->path, &h->db, flags, NULL);
	if (rc != SQLITE_OK) {
		db_fail(h, rc, err, "opening");
		unmake(h);
		ifw_history_close(h);
		return -1;
	}
	/* A history file handed to a reader may be anyone's: its schema's views, triggers and
	 * functions are not trusted, nor is a corrupt file written through. */
	sqlite3_db_config(h->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(h->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_busy_timeout(h->db, 2000);
	sqlite3_extended_result_codes(h->db, 1);
	if (setup(h, err) < 0) {
		unmake(h);
		ifw_history_close(h);
		return -1;
	}
	if (writer && path)
		tighten(path);
	if (writer) {
		rc = sqlite3_prepare_v2(
		    h->db,
		    "INSERT INTO events (time_ns, event, netns, netns_inode, ifindex, name, "
		    "old_name,"
		    " kind, to_netns, address, note, creator_pid, creator_comm, creator_exe,"
		    " creator_cmdline, creator_unit, creator_container, confidence, method,"
		    " creator_line, creator_json) VALUES "
		    "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
		    -1, &h->ins, NULL);
		if (rc != SQLITE_OK) {
			db_fail(h, rc, err, "preparing");
			ifw_history_close(h);
			return -1;
		}
	}
	*out = h;
	return 0;
}

void ifw_history_close(struct ifw_history *h)
{
	if (!h)
		return;
	sqlite3_finalize(h->ins);
	sqlite3_close(h->db);
	free(h);
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

int ifw_history_add(struct ifw_history *h, const struct ifw_hist_row *r, struct ifw_err *err)
{
	sqlite3_stmt *st = h->ins;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	sqlite3_bind_int64(st, 1, r->time_ns);
	bind_text(st, 2, r->event);
	bind_text(st, 3, r->netns);
	if (r->netns_inode)
		sqlite3_bind_int64(st, 4, r->netns_inode);
	sqlite3_bind_int(st, 5, r->ifindex);
	bind_text(st, 6, r->name);
	bind_text(st, 7, r->old_name);
	bind_text(st, 8, r->kind);
	bind_text(st, 9, r->to_netns);
	bind_text(st, 10, r->address);
	bind_text(st, 11, r->note);
	if (r->creator_pid)
		sqlite3_bind_int(st, 12, r->creator_pid);
	bind_text(st, 13, r->creator_comm);
	bind_text(st, 14, r->creator_exe);
	bind_text(st, 15, r->creator_cmdline);
	bind_text(st, 16, r->creator_unit);
	bind_text(st, 17, r->creator_container);
	bind_text(st, 18, r->confidence);
	bind_text(st, 19, r->method);
	bind_text(st, 20, r->creator_line);
	bind_text(st, 21, r->creator_json);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(h, rc, err, "recording an event");
}

bool ifw_history_empty(struct ifw_history *h)
{
	int64_t one = 0;
	return pragma_int(h, "SELECT count(*) FROM (SELECT 1 FROM events LIMIT 1)", &one) !=
	           SQLITE_OK ||
	       one == 0;
}

int ifw_history_begin(struct ifw_history *h, struct ifw_err *err)
{
	return exec(h, "BEGIN", err, "starting a transaction");
}

int ifw_history_commit(struct ifw_history *h, struct ifw_err *err)
{
	if (sqlite3_get_autocommit(h->db))
		return 0; /* nothing open */
	int rc = sqlite3_exec(h->db, "COMMIT", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		return 0;
	int ret = db_fail(h, rc, err, "recording events");
	sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
	return ret;
}

int64_t ifw_history_prune(struct ifw_history *h, const struct ifw_history_limits *lim,
                          int64_t now_ns, struct ifw_err *err)
{
	int64_t before = sqlite3_total_changes64(h->db);
	if (lim->max_age_ns > 0) {
		char sql[128];
		snprintf(sql, sizeof(sql), "DELETE FROM events WHERE time_ns < %lld",
		         (long long)(now_ns - lim->max_age_ns));
		if (exec(h, sql, err, "dropping old events") < 0)
			return -1;
	}
	if (lim->max_bytes > 0) {
		/* Oldest tenth at a time until the pages in use fit. */
		for (int round = 0; round < 20; round++) {
			int64_t pages = 0, freep = 0, psize = 0;
			if (pragma_int(h, "PRAGMA page_count", &pages) != SQLITE_OK ||
			    pragma_int(h, "PRAGMA freelist_count", &freep) != SQLITE_OK ||
			    pragma_int(h, "PRAGMA page_size", &psize) != SQLITE_OK)
				break;
			if ((pages - freep) * psize <= lim->max_bytes)
				break;
			/* First the oldest tenth of what no present link needs: any user can make
			 * and delete links (or addresses) in a namespace of their own as fast as
			 * the watcher records them, and would otherwise push out the creation of
			 * every link root made (a 1 MiB history lost it to 681 veth pairs in 20 s).
			 * The creation (or appearance) of a link not deleted or moved since is
			 * kept; only when nothing else is left do those go too, oldest first. */
			int64_t was = sqlite3_total_changes64(h->db);
			if (exec(
			        h,
			        "DELETE FROM events WHERE id IN (SELECT e.id FROM events e WHERE "
			        "NOT"
			        " (e.event IN ('created', 'appeared') AND NOT EXISTS (SELECT 1 FROM"
			        " events l WHERE l.netns_inode IS e.netns_inode AND l.ifindex IS"
			        " e.ifindex AND l.id > e.id AND l.event IN ('deleted', 'moved')))"
			        " ORDER BY e.id LIMIT (SELECT max(1, count(*) / 10) FROM events))",
			        err, "dropping events beyond the size limit") < 0)
				return -1;
			if (sqlite3_total_changes64(h->db) == was &&
			    exec(h,
			         "DELETE FROM events WHERE id <= (SELECT min(id) + (max(id) - "
			         "min(id)) / 10"
			         " FROM events)",
			         err, "dropping events beyond the size limit") < 0)
				return -1;
		}
	}
	int64_t gone = sqlite3_total_changes64(h->db) - before;
	if (gone > 0) {
		/* give the pages back, and fold the WAL in so the file itself shrinks */
		sqlite3_exec(h->db, "PRAGMA incremental_vacuum", NULL, NULL, NULL);
		sqlite3_wal_checkpoint_v2(h->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	}
	return gone;
}

static const char *col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? (const char *)s : "";
}

int ifw_history_query(struct ifw_history *h, const char *name, int64_t since_ns, ifw_hist_cb cb,
                      void *data, struct ifw_err *err)
{
	/* Two forms, so that a name is found through its indexes, not by scanning every event. */
#define COLS                                                                                       \
	"SELECT id, time_ns, event, netns, netns_inode, ifindex, name, old_name, kind, to_netns,"  \
	" address, note, creator_pid, creator_comm, creator_exe, creator_cmdline, creator_unit,"   \
	" creator_container, confidence, method, creator_line, creator_json FROM events"
	static const char by_name[] = COLS " WHERE id IN (SELECT id FROM events WHERE name = ?2"
	                                   " UNION SELECT id FROM events WHERE old_name = ?2)"
	                                   " AND time_ns >= ?1 ORDER BY id";
	static const char all[] = COLS " WHERE time_ns >= ?1 ORDER BY id";
#undef COLS
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(h->db, name ? by_name : all, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(h, rc, err, "reading");
	sqlite3_bind_int64(st, 1, since_ns);
	bind_text(st, 2, name);
	/* A read transaction: one consistent snapshot while the writer goes on. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ifw_hist_row r = {
		    .id = sqlite3_column_int64(st, 0),
		    .time_ns = sqlite3_column_int64(st, 1),
		    .event = col(st, 2),
		    .netns = col(st, 3),
		    .netns_inode = sqlite3_column_int64(st, 4),
		    .ifindex = sqlite3_column_int(st, 5),
		    .name = col(st, 6),
		    .old_name = col(st, 7),
		    .kind = col(st, 8),
		    .to_netns = col(st, 9),
		    .address = col(st, 10),
		    .note = col(st, 11),
		    .creator_pid = sqlite3_column_int(st, 12),
		    .creator_comm = col(st, 13),
		    .creator_exe = col(st, 14),
		    .creator_cmdline = col(st, 15),
		    .creator_unit = col(st, 16),
		    .creator_container = col(st, 17),
		    .confidence = col(st, 18),
		    .method = col(st, 19),
		    .creator_line = col(st, 20),
		    .creator_json = col(st, 21),
		};
		cb(&r, data);
	}
	int ret = rc == SQLITE_DONE ? 0 : db_fail(h, rc, err, "reading");
	sqlite3_finalize(st);
	return ret;
}

void ifw_history_default_path(char *out, size_t len, const struct ifw_history_env *env)
{
	const char *e = env->history;
	if (e && *e) {
		snprintf(out, len, "%s", e);
		return;
	}
	e = env->state_directory; /* systemd's StateDirectory= (may list several) */
	if (e && *e) {
		snprintf(out, len, "%.*s/history.db", (int)strcspn(e, ":"), e);
		return;
	}
	if (geteuid() == 0) {
		snprintf(out, len, "/var/lib/ifwho/history.db");
		return;
	}
	e = env->xdg_state_home;
	if (e && *e) {
		snprintf(out, len, "%s/ifwho/history.db", e);
		return;
	}
	const char *home = env->home;
	snprintf(out, len, "%s/.local/state/ifwho/history.db", home && *home ? home : ".");
}

/* Shared by the watcher's lines and `ifwho history`, which is built without the watcher too. */
void ifw_format_time(uint64_t ns, char *out, size_t len)
{
	time_t t = (time_t)(ns / 1000000000ULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	char d[32];
	strftime(d, sizeof(d), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, len, "%s.%03uZ", d, (unsigned)(ns / 1000000ULL % 1000));
}
