/* Lines from a file (or memory) with a bounded buffer: CR and LF stripped, NUL bytes replaced,
 * overlong lines cut. Memory use does not depend on the input's size. */
#include "collect/evidence/ev.h"
#include "util/input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK 65536

/* Only regular files (or stdin, as "-"), opened non-blocking: see util/input.h. */
int ev_reader_open(struct ev_reader *r, const char *path, struct ifw_err *err)
{
	return ev_reader_openat(r, AT_FDCWD, path, IFW_IN_STDIN, err);
}

int ev_reader_openat(struct ev_reader *r, int dirfd, const char *name, unsigned in_flags,
                     struct ifw_err *err)
{
	memset(r, 0, sizeof(*r));
	r->fd = ifw_input_open(dirfd, name, in_flags, err);
	return r->fd < 0 ? -1 : 0;
}

void ev_reader_mem(struct ev_reader *r, const char *buf, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->fd = -1;
	r->mem = buf;
	r->mem_len = len;
}

void ev_reader_close(struct ev_reader *r)
{
	if (r->fd > STDIN_FILENO)
		close(r->fd);
	free(r->buf);
	memset(r, 0, sizeof(*r));
	r->fd = -1;
}

/* Appends up to CHUNK more bytes; 0 at the end of input, -1 on error. */
static int fill(struct ev_reader *r, struct ifw_err *err)
{
	if (r->start > 0 && (r->start == r->end || r->cap - r->end < CHUNK)) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->cap - r->end < CHUNK) {
		size_t cap = r->cap ? r->cap * 2 : 2 * CHUNK;
		if (cap > EV_MAX_LINE + 2 * CHUNK)
			cap = EV_MAX_LINE + 2 * CHUNK;
		if (cap <= r->cap)
			return ifw_fail(err, IFW_E_LIMIT, "evidence line buffer full");
		char *nb = realloc(r->buf, cap);
		if (!nb)
			return ifw_fail(err, IFW_E_NOMEM, "out of memory reading evidence");
		r->buf = nb;
		r->cap = cap;
	}
	size_t room = r->cap - r->end - 1; /* one byte for the NUL */
	if (room > CHUNK)
		room = CHUNK;
	if (r->budget) { /* counted on raw input, so a cut line's tail cannot escape the bound */
		if (r->consumed >= r->budget) {
			r->over_budget = true;
			return 0;
		}
		if (room > r->budget - r->consumed)
			room = (size_t)(r->budget - r->consumed);
	}
	if (r->fd < 0) {
		size_t n = r->mem_len - r->mem_off;
		if (n > room)
			n = room;
		memcpy(r->buf + r->end, r->mem + r->mem_off, n);
		r->mem_off += n;
		r->end += n;
		r->consumed += n;
		return n > 0;
	}
	for (;;) {
		ssize_t n = read(r->fd, r->buf + r->end, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return ifw_fail_errno(err, errno, "reading evidence");
		r->end += (size_t)n;
		r->consumed += (uint64_t)n;
		return n > 0;
	}
}

static void finish_line(struct ev_reader *r, struct ev_line *l, size_t b, size_t e)
{
	while (e > b && r->buf[e - 1] == '\r')
		e--;
	for (size_t i = b; i < e; i++)
		if (r->buf[i] == '\0')
			r->buf[i] = '?';
	r->buf[e] = '\0';
	l->s = r->buf + b;
	l->len = e - b;
	l->no = ++r->no;
}

int ev_reader_next(struct ev_reader *r, struct ev_line *l, bool *cut, struct ifw_err *err)
{
	*cut = false;
	size_t scanned = 0; /* bytes after r->start known to hold no line end */
	for (;;) {
		size_t from = r->start + scanned;
		char *nl = r->end > from ? memchr(r->buf + from, '\n', r->end - from) : NULL;
		if (nl) {
			size_t e = (size_t)(nl - r->buf);
			size_t b = r->start;
			r->start = e + 1;
			scanned = 0;
			if (r->skipping) { /* the rest of a cut line */
				r->skipping = false;
				continue;
			}
			finish_line(r, l, b, e);
			return 1;
		}
		if (r->skipping) {
			r->start = r->end; /* drop what we have of the cut line */
		} else if (r->end - r->start >= EV_MAX_LINE) {
			/* Hand out the first EV_MAX_LINE bytes and drop the rest of the line. */
			size_t b = r->start;
			size_t e = b + EV_MAX_LINE;
			finish_line(r, l, b, e);
			r->start = e;
			r->skipping = true;
			*cut = true;
			return 1;
		}
		scanned = r->end - r->start;
		if (r->eof) {
			if (r->end > r->start) {
				size_t b = r->start;
				r->start = r->end;
				finish_line(r, l, b, r->end);
				return 1;
			}
			return 0;
		}
		int got = fill(r, err);
		if (got < 0)
			return -1;
		if (got == 0)
			r->eof = true;
	}
}
