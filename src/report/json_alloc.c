#include "report/json_alloc.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK (1u << 20)

struct chunk {
	struct chunk *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

static struct chunk *head;
static int failed;

static void *bump(size_t size)
{
	size_t need = (size + 15) & ~(size_t)15;
	if (!head || head->size - head->used < need) {
		size_t cap = need > CHUNK ? need : CHUNK;
		struct chunk *c = malloc(sizeof(*c) + cap);
		if (!c) {
			failed = 1;
			return NULL;
		}
		c->size = cap;
		c->used = 0;
		c->next = head;
		head = c;
	}
	void *p = head->data + head->used;
	head->used += need;
	return p;
}

static void no_free(void *p)
{
	(void)p; /* released all at once by ifw_json_arena_reset */
}

void ifw_json_arena_begin(void)
{
	json_set_alloc_funcs(bump, no_free);
}

void ifw_json_arena_reset(void)
{
	/* Keep one chunk for the next interface; free the rest. */
	while (head && head->next) {
		struct chunk *n = head->next;
		free(head);
		head = n;
	}
	if (head)
		head->used = 0;
}

void ifw_json_arena_end(void)
{
	while (head) {
		struct chunk *n = head->next;
		free(head);
		head = n;
	}
	json_set_alloc_funcs(malloc, free);
}

int ifw_json_out_cb(const char *buffer, size_t size, void *data)
{
	struct ifw_json_out *o = data;
	if (size > sizeof(o->buf) - o->len) {
		ifw_json_out_flush(o);
		if (size > sizeof(o->buf)) {
			if (fwrite(buffer, 1, size, o->f) != size)
				o->error = 1;
			return o->error ? -1 : 0;
		}
	}
	memcpy(o->buf + o->len, buffer, size);
	o->len += size;
	return 0;
}

void ifw_json_out_flush(struct ifw_json_out *o)
{
	if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len)
		o->error = 1;
	o->len = 0;
}

struct ifw_json_mark ifw_json_arena_mark(void)
{
	struct ifw_json_mark mk = {head, head ? head->used : 0};
	return mk;
}

void ifw_json_arena_release(struct ifw_json_mark mark)
{
	while (head && head != mark.chunk) {
		struct chunk *n = head->next;
		free(head);
		head = n;
	}
	if (head)
		head->used = mark.used;
}
