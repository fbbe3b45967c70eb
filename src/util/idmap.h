/* A small open-addressing hash map from 64-bit keys to 32-bit ids (socket inode -> socket,
 * pid -> process, (netns, ifindex) -> interface). Keys must not be UINT64_MAX. Slots are
 * picked with a random seed per map: keys come from hostile input (hashes of pasted names and
 * addresses), and keys chosen to crowd a few slots made every lookup a long probe. */
#ifndef IFW_IDMAP_H
#define IFW_IDMAP_H

#include <stddef.h>
#include <stdint.h>

struct ifw_idmap {
	uint64_t *keys;
	uint32_t *vals;
	size_t cap, n;
	uint64_t seed; /* drawn when the map first grows */
};

void ifw_idmap_init(struct ifw_idmap *m);
void ifw_idmap_free(struct ifw_idmap *m);
/* Inserts or replaces; 0 on success, -1 when out of memory. */
int ifw_idmap_put(struct ifw_idmap *m, uint64_t key, uint32_t val);
/* The value for key, or UINT32_MAX when absent. */
uint32_t ifw_idmap_get(const struct ifw_idmap *m, uint64_t key);

#endif
