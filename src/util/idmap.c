#include "util/idmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#define EMPTY UINT64_MAX

/* The seed keeps the slot of a key unknown outside the process; the full finalizer makes
 * every key bit and seed bit count. */
static size_t slot(uint64_t key, uint64_t seed, size_t cap)
{
	key ^= seed;
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	key *= 0xc4ceb9fe1a85ec53ULL;
	key ^= key >> 33;
	return (size_t)key & (cap - 1);
}

static uint64_t new_seed(const struct ifw_idmap *m)
{
	uint64_t s;
	if (getrandom(&s, sizeof(s), GRND_NONBLOCK) == (ssize_t)sizeof(s))
		return s;
	struct timespec ts; /* no entropy yet (early boot): still not the attacker's to know */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_nsec * 0x9e3779b97f4a7c15ULL ^ (uint64_t)(uintptr_t)m ^
	       (uint64_t)ts.tv_sec;
}

void ifw_idmap_init(struct ifw_idmap *m)
{
	memset(m, 0, sizeof(*m));
}

void ifw_idmap_free(struct ifw_idmap *m)
{
	free(m->keys);
	free(m->vals);
	ifw_idmap_init(m);
}

static int rehash(struct ifw_idmap *m, size_t ncap)
{
	uint64_t *keys = malloc(ncap * sizeof(*keys));
	uint32_t *vals = malloc(ncap * sizeof(*vals));
	if (!keys || !vals) {
		free(keys);
		free(vals);
		return -1;
	}
	memset(keys, 0xff, ncap * sizeof(*keys));
	if (!m->cap)
		m->seed = new_seed(m);
	for (size_t i = 0; i < m->cap; i++) {
		if (m->keys[i] == EMPTY)
			continue;
		size_t s = slot(m->keys[i], m->seed, ncap);
		while (keys[s] != EMPTY)
			s = (s + 1) & (ncap - 1);
		keys[s] = m->keys[i];
		vals[s] = m->vals[i];
	}
	free(m->keys);
	free(m->vals);
	m->keys = keys;
	m->vals = vals;
	m->cap = ncap;
	return 0;
}

int ifw_idmap_put(struct ifw_idmap *m, uint64_t key, uint32_t val)
{
	if (key == EMPTY)
		return -1;
	if ((m->n + 1) * 2 > m->cap && rehash(m, m->cap ? m->cap * 2 : 64) < 0)
		return -1;
	size_t s = slot(key, m->seed, m->cap);
	while (m->keys[s] != EMPTY && m->keys[s] != key)
		s = (s + 1) & (m->cap - 1);
	if (m->keys[s] == EMPTY)
		m->n++;
	m->keys[s] = key;
	m->vals[s] = val;
	return 0;
}

uint32_t ifw_idmap_get(const struct ifw_idmap *m, uint64_t key)
{
	if (!m->cap || key == EMPTY)
		return UINT32_MAX;
	size_t s = slot(key, m->seed, m->cap);
	while (m->keys[s] != EMPTY) {
		if (m->keys[s] == key)
			return m->vals[s];
		s = (s + 1) & (m->cap - 1);
	}
	return UINT32_MAX;
}
