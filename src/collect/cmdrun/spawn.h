/* Running one of the system's commands and keeping what it prints: no shell, a fixed argv, the
 * program found on PATH, standard input from /dev/null, standard output through a pipe up to a
 * byte cap, a little of standard error, and a time limit after which the command (and anything
 * it started in its process group) is killed and reaped. Only src/collect/cmdrun includes this. */
#ifndef IFW_CR_SPAWN_H
#define IFW_CR_SPAWN_H

#include "util/err.h"

#include <stdbool.h>
#include <stddef.h>

struct cr_limits {
	unsigned timeout_ms; /* killed after this long */
	size_t max_out;      /* standard output kept up to this many bytes; killed past it */
	size_t max_err; /* standard error kept up to this many bytes (the rest is read, dropped) */
	const char *search_path; /* PATH as the cli read it; NULL: the default below */
};

struct cr_result {
	bool missing;   /* no such program on PATH: nothing was run */
	bool timed_out; /* killed at the time limit */
	bool capped;    /* killed when its output passed max_out */
	int status;     /* exit status, 128+N for a signal, -1 if not known */
	char *out;      /* malloc'ed, NUL-terminated; NULL when missing */
	size_t out_len;
	char *err; /* malloc'ed, NUL-terminated (maybe empty); NULL when missing */
	size_t err_len;
	char path[512]; /* the program that ran */
};

/* Finds name in search_path (a PATH; NULL or empty: /usr/bin:/bin:/usr/sbin:/sbin), or takes it
 * as is when it holds a '/'. false when there is none. */
bool cr_find_program(const char *name, const char *search_path, char *path, size_t len);

/* Runs argv[0] with argv; 0 when it ran (whatever its status) or was missing, -1 with err set
 * when it could not be run or watched. The caller frees with cr_result_free. */
int cr_run(const char *const argv[], const struct cr_limits *lim, struct cr_result *res,
           struct ifw_err *err);
void cr_result_free(struct cr_result *res);

#endif
