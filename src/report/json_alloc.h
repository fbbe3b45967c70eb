/* Fast JSON output for large reports: jansson allocates every value, and a host with 100k
 * sockets means millions of small allocations. While a report is written, jansson allocates from
 * a bump arena that is dropped after each interface; output goes through one buffer. */
#ifndef IFW_JSON_ALLOC_H
#define IFW_JSON_ALLOC_H

#include <stdio.h>

/* Switches jansson to the arena. Every JSON value created until ifw_json_arena_end must also be
 * released before it (values from before must not be freed in between). */
void ifw_json_arena_begin(void);
/* Drops everything allocated since begin or the last reset. */
void ifw_json_arena_reset(void);
void ifw_json_arena_end(void);
/* A point to come back to: values made after it are dropped by release (they must be dead). */
struct ifw_json_mark {
	void *chunk;
	size_t used;
};
struct ifw_json_mark ifw_json_arena_mark(void);
void ifw_json_arena_release(struct ifw_json_mark mark);

/* json_dump_callback target that batches writes to a FILE. */
struct ifw_json_out {
	FILE *f;
	size_t len;
	int error;
	char buf[1 << 16];
};
int ifw_json_out_cb(const char *buffer, size_t size, void *data);
void ifw_json_out_flush(struct ifw_json_out *o);

#endif
