#include "util/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_SIZE (64 * 1024)

struct ifw_arena_chunk {
	struct ifw_arena_chunk *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

void ifw_arena_init(struct ifw_arena *a)
{
	a->head = NULL;
	a->used_total = 0;
}

void ifw_arena_free(struct ifw_arena *a)
{
	struct ifw_arena_chunk *c = a->head;
	while (c) {
		struct ifw_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->used_total = 0;
}

void *ifw_arena_alloc(struct ifw_arena *a, size_t size)
{
	size_t need = (size + 15) & ~(size_t)15;
	if (need < size)
		return NULL;
	struct ifw_arena_chunk *c = a->head;
	if (!c || c->size - c->used < need) {
		size_t cap = need > CHUNK_SIZE / 4 ? need : CHUNK_SIZE;
		if (cap > SIZE_MAX - sizeof(*c))
			return NULL;
		struct ifw_arena_chunk *n = malloc(sizeof(*n) + cap);
		if (!n)
			return NULL;
		n->size = cap;
		n->used = 0;
		if (cap == need && c) {
			/* A big allocation gets its own chunk behind the current one. */
			n->next = c->next;
			c->next = n;
		} else {
			n->next = c;
			a->head = n;
		}
		c = n;
	}
	void *p = c->data + c->used;
	c->used += need;
	a->used_total += need;
	memset(p, 0, size);
	return p;
}

char *ifw_arena_strndup(struct ifw_arena *a, const char *s, size_t n)
{
	if (n == SIZE_MAX)
		return NULL;
	char *p = ifw_arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *ifw_arena_strdup(struct ifw_arena *a, const char *s)
{
	return s ? ifw_arena_strndup(a, s, strlen(s)) : NULL;
}

char *ifw_arena_printf(struct ifw_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *p = ifw_arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void ifw_arena_adopt(struct ifw_arena *dst, struct ifw_arena *src)
{
	if (!src->head)
		return;
	struct ifw_arena_chunk *tail = src->head;
	while (tail->next)
		tail = tail->next;
	/* Behind dst's current chunk, so dst keeps allocating where it was. */
	if (dst->head) {
		tail->next = dst->head->next;
		dst->head->next = src->head;
	} else {
		dst->head = src->head;
	}
	dst->used_total += src->used_total;
	src->head = NULL;
	src->used_total = 0;
}
