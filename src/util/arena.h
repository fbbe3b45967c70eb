/* One arena per run: every string and record of the evidence model lives here and is freed at once.
 */
#ifndef IFW_ARENA_H
#define IFW_ARENA_H

#include <stddef.h>

struct ifw_arena_chunk;

struct ifw_arena {
	struct ifw_arena_chunk *head;
	size_t used_total; /* bytes handed out, for the limits report */
};

void ifw_arena_init(struct ifw_arena *a);
void ifw_arena_free(struct ifw_arena *a);
/* Zeroed, 16-byte aligned memory, or NULL when out of memory. */
void *ifw_arena_alloc(struct ifw_arena *a, size_t size);
char *ifw_arena_strndup(struct ifw_arena *a, const char *s, size_t n);
char *ifw_arena_strdup(struct ifw_arena *a, const char *s);
/* Moves every chunk of src into dst (src is left empty): strings made in src stay valid. */
void ifw_arena_adopt(struct ifw_arena *dst, struct ifw_arena *src);
char *ifw_arena_printf(struct ifw_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
