/* strongSwan's VICI message encoding: a tree of sections, key/values and lists. The walker
 * below is bounds-checked and depth-limited so a hostile daemon cannot crash us (fuzzed). */
#ifndef IFW_VICI_MSG_H
#define IFW_VICI_MSG_H

#include "model/model.h"

#include <stddef.h>
#include <stdint.h>

enum ifw_vici_elem {
	IFW_VICI_SECTION_START = 1,
	IFW_VICI_SECTION_END = 2,
	IFW_VICI_KEY_VALUE = 3,
	IFW_VICI_LIST_START = 4,
	IFW_VICI_LIST_ITEM = 5,
	IFW_VICI_LIST_END = 6,
};

#define IFW_VICI_MAX_DEPTH 8

/* What the walker reports: the path of open sections, then a key with its value (for lists,
 * key is the list's name and each item is reported in turn). Names and values are not
 * NUL-terminated. Return nonzero to stop. */
struct ifw_vici_item {
	const char *sections[IFW_VICI_MAX_DEPTH];
	uint8_t section_len[IFW_VICI_MAX_DEPTH];
	size_t depth;
	const char *key;
	uint8_t key_len;
	const char *value;
	uint16_t value_len;
	int in_list;
};
typedef int (*ifw_vici_cb)(const struct ifw_vici_item *it, void *ctx);

/* Walks an encoded message; -1 if it is malformed (the callback may have seen a prefix). */
int ifw_vici_walk(const uint8_t *msg, size_t len, ifw_vici_cb cb, void *ctx);

/* Turns list-sa event messages into tunnel SAs of process proc. Returns the number of SAs added,
 * or -1 if the message is malformed or memory ran out. */
int ifw_vici_parse_list_sa(struct ifw_model *m, ifw_id proc, const uint8_t *msg, size_t len,
                           const char *origin);

#endif
