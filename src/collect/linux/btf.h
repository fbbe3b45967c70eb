/* Just enough of the kernel's BTF (/sys/kernel/btf/vmlinux) to load one BPF iterator without
 * libbpf: a function's type id and a few struct members' offsets. libbpf would parse all of it
 * for CO-RE, which costs more than the whole /proc scan it replaces. */
#ifndef IFW_LINUX_BTF_H
#define IFW_LINUX_BTF_H

#include "util/err.h"

#include <stddef.h>
#include <stdint.h>

struct ifw_btf {
	const uint8_t *data; /* the file, mapped */
	size_t len;
	const uint8_t *types, *strings;
	uint32_t types_len, strings_len;
	uint32_t *offs; /* offs[id - 1]: where type id starts in types */
	uint32_t n_types;
	void *owned; /* the mapping, when ifw_btf_open made it */
	size_t owned_len;
};

int ifw_btf_open(struct ifw_btf *b, const char *path, struct ifw_err *err);
void ifw_btf_close(struct ifw_btf *b);
/* Parses an in-memory BTF blob (tests and fuzzing); the memory must outlive b. */
int ifw_btf_from_mem(struct ifw_btf *b, const void *data, size_t len, struct ifw_err *err);

/* Finds several named types in one pass: ids[i] is the id of the first type of kinds[i]
 * (BTF_KIND_FUNC, BTF_KIND_STRUCT, ...) named names[i], or 0. */
void ifw_btf_find(const struct ifw_btf *b, size_t n, const char *const *names, const int *kinds,
                  uint32_t *ids);
/* Member of the struct with type id sid (see ifw_btf_member). */
int ifw_btf_member_of(const struct ifw_btf *b, uint32_t sid, const char *member, uint32_t *offset,
                      uint32_t *size);

/* The same for a dotted path through named struct members, as C writes it ("skc_net.net",
 * "sk_backlog.rmem_alloc"): the offset is from the start of the struct with type id sid. */
int ifw_btf_path_of(const struct ifw_btf *b, uint32_t sid, const char *path, uint32_t *offset,
                    uint32_t *size);

/* The type id of the FUNC named name, or 0. */
uint32_t ifw_btf_func_id(const struct ifw_btf *b, const char *name);
/* The byte offset and size of member `member` of the struct named `st` (looking inside
 * anonymous struct/union members too); -1 if there is none or it is a bitfield. */
int ifw_btf_member(const struct ifw_btf *b, const char *st, const char *member, uint32_t *offset,
                   uint32_t *size);

#endif
