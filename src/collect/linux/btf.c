#include "collect/linux/btf.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/btf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static long extra(uint32_t kind, uint32_t vlen);

/* One pass over the types: where each id starts, so lookups by id are O(1). */
static int build_index(struct ifw_btf *b, struct ifw_err *err)
{
	size_t cap = 1024, off = 0;
	b->offs = malloc(cap * sizeof(*b->offs));
	if (!b->offs)
		return ifw_fail(err, IFW_E_NOMEM, "BTF index");
	while (off + sizeof(struct btf_type) <= b->types_len) {
		struct btf_type t;
		memcpy(&t, b->types + off, sizeof(t));
		long ex = extra(BTF_INFO_KIND(t.info), BTF_INFO_VLEN(t.info));
		if (ex < 0 || off + sizeof(t) + (size_t)ex > b->types_len)
			return ifw_fail(err, IFW_E_PARSE, "BTF: malformed type %u", b->n_types + 1);
		if (b->n_types == cap) {
			uint32_t *n = realloc(b->offs, 2 * cap * sizeof(*n));
			if (!n)
				return ifw_fail(err, IFW_E_NOMEM, "BTF index");
			b->offs = n;
			cap *= 2;
		}
		b->offs[b->n_types++] = (uint32_t)off;
		off += sizeof(t) + (size_t)ex;
	}
	return 0;
}

int ifw_btf_from_mem(struct ifw_btf *b, const void *data, size_t len, struct ifw_err *err)
{
	memset(b, 0, sizeof(*b));
	struct btf_header h;
	if (len < sizeof(h))
		return ifw_fail(err, IFW_E_PARSE, "BTF: too short");
	memcpy(&h, data, sizeof(h));
	if (h.magic != BTF_MAGIC || h.hdr_len < sizeof(h) || h.hdr_len > len)
		return ifw_fail(err, IFW_E_PARSE, "BTF: bad header");
	uint64_t tend = (uint64_t)h.hdr_len + h.type_off + h.type_len;
	uint64_t send = (uint64_t)h.hdr_len + h.str_off + h.str_len;
	if (tend > len || send > len)
		return ifw_fail(err, IFW_E_PARSE, "BTF: sections out of bounds");
	b->data = data;
	b->len = len;
	b->types = (const uint8_t *)data + h.hdr_len + h.type_off;
	b->types_len = h.type_len;
	b->strings = (const uint8_t *)data + h.hdr_len + h.str_off;
	b->strings_len = h.str_len;
	return build_index(b, err);
}

int ifw_btf_open(struct ifw_btf *b, const char *path, struct ifw_err *err)
{
	memset(b, 0, sizeof(*b));
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ifw_fail_errno(err, errno, "%s", path);
	struct stat st;
	if (fstat(fd, &st) < 0 || st.st_size <= 0) {
		close(fd);
		return ifw_fail(err, IFW_E_PARSE, "%s: empty", path);
	}
	/* Recent kernels let us map the kernel's own copy: no copying, almost free. Older ones
	 * only allow read(), a page at a time, into memory of our own. */
	size_t len = (size_t)st.st_size;
	uint8_t *buf = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (buf != MAP_FAILED) {
		close(fd);
		if (ifw_btf_from_mem(b, buf, len, err) < 0) {
			ifw_btf_close(b);
			munmap(buf, len);
			return -1;
		}
		b->owned = buf;
		b->owned_len = len;
		return 0;
	}
	buf = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED) {
		close(fd);
		return ifw_fail_errno(err, errno, "BTF buffer");
	}
	size_t got = 0;
	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (ifw_btf_from_mem(b, buf, got, err) < 0) {
		ifw_btf_close(b);
		munmap(buf, len);
		return -1;
	}
	b->owned = buf;
	b->owned_len = len;
	return 0;
}

void ifw_btf_close(struct ifw_btf *b)
{
	if (b->owned)
		munmap(b->owned, b->owned_len);
	free(b->offs);
	memset(b, 0, sizeof(*b));
}

static const char *name_at(const struct ifw_btf *b, uint32_t off)
{
	if (off >= b->strings_len)
		return "";
	/* The section ends in a NUL in valid BTF; if it does not, refuse the last string. */
	const char *s = (const char *)b->strings + off;
	return memchr(s, '\0', b->strings_len - off) ? s : "";
}

/* Bytes that follow a btf_type of this kind; -1 for an unknown kind. */
static long extra(uint32_t kind, uint32_t vlen)
{
	switch (kind) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return 4;
	case BTF_KIND_ARRAY:
		return 12;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_DATASEC:
		return 12L * vlen;
	case BTF_KIND_ENUM:
	case BTF_KIND_FUNC_PROTO:
		return 8L * vlen;
	case 19: /* BTF_KIND_ENUM64 */
		return 12L * vlen;
	case BTF_KIND_PTR:
	case BTF_KIND_FWD:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_FLOAT:
	case 18: /* BTF_KIND_TYPE_TAG */
		return 0;
	default:
		return -1;
	}
}

/* Walks the types in order; cb returns nonzero to stop. */
typedef int (*type_cb)(const struct ifw_btf *b, uint32_t id, const struct btf_type *t, void *ctx);

static int walk(const struct ifw_btf *b, type_cb cb, void *ctx)
{
	for (uint32_t i = 0; i < b->n_types; i++) {
		int r = cb(b, i + 1, (const struct btf_type *)(b->types + b->offs[i]), ctx);
		if (r)
			return r;
	}
	return 0;
}

struct func_find {
	const char *name;
	uint32_t id;
};

static int func_cb(const struct ifw_btf *b, uint32_t id, const struct btf_type *t, void *ctx)
{
	struct func_find *f = ctx;
	if (BTF_INFO_KIND(t->info) == BTF_KIND_FUNC &&
	    strcmp(name_at(b, t->name_off), f->name) == 0) {
		f->id = id;
		return 1;
	}
	return 0;
}

uint32_t ifw_btf_func_id(const struct ifw_btf *b, const char *name)
{
	struct func_find f = {name, 0};
	return walk(b, func_cb, &f) == 1 ? f.id : 0;
}

static const struct btf_type *type_by_id(const struct ifw_btf *b, uint32_t id)
{
	return id >= 1 && id <= b->n_types ? (const struct btf_type *)(b->types + b->offs[id - 1])
	                                   : NULL;
}

/* Size in bytes of a member's type, through typedefs and qualifiers. */
static uint32_t type_size(const struct ifw_btf *b, uint32_t id)
{
	for (int depth = 0; depth < 16 && id; depth++) {
		const struct btf_type *t = type_by_id(b, id);
		if (!t)
			return 0;
		uint32_t k = BTF_INFO_KIND(t->info);
		if (k == BTF_KIND_INT || k == BTF_KIND_STRUCT || k == BTF_KIND_UNION ||
		    k == BTF_KIND_ENUM || k == BTF_KIND_FLOAT || k == 19)
			return t->size;
		if (k == BTF_KIND_PTR)
			return 8;
		if (k == BTF_KIND_TYPEDEF || k == BTF_KIND_CONST || k == BTF_KIND_VOLATILE ||
		    k == BTF_KIND_RESTRICT || k == 18)
			id = t->type;
		else
			return 0;
	}
	return 0;
}

/* Finds member in the struct/union t, descending into anonymous members (depth-limited). */
static int find_member(const struct ifw_btf *b, const struct btf_type *t, const char *member,
                       uint32_t base_bits, uint32_t *offset, uint32_t *size, uint32_t *type,
                       int depth)
{
	if (depth > 4)
		return -1;
	const struct btf_member *mem = (const struct btf_member *)(t + 1);
	bool kflag = BTF_INFO_KFLAG(t->info);
	for (uint32_t i = 0; i < BTF_INFO_VLEN(t->info); i++) {
		struct btf_member mm;
		memcpy(&mm, &mem[i], sizeof(mm));
		uint32_t bits = kflag ? BTF_MEMBER_BIT_OFFSET(mm.offset) : mm.offset;
		uint32_t bitfield = kflag ? BTF_MEMBER_BITFIELD_SIZE(mm.offset) : 0;
		const char *n = name_at(b, mm.name_off);
		if (*n && strcmp(n, member) == 0) {
			if (bitfield || (base_bits + bits) % 8)
				return -1;
			*offset = (base_bits + bits) / 8;
			*size = type_size(b, mm.type);
			*type = mm.type;
			return *size ? 0 : -1;
		}
		if (!*n) {
			const struct btf_type *inner = type_by_id(b, mm.type);
			if (inner &&
			    (BTF_INFO_KIND(inner->info) == BTF_KIND_STRUCT ||
			     BTF_INFO_KIND(inner->info) == BTF_KIND_UNION) &&
			    find_member(b, inner, member, base_bits + bits, offset, size, type,
			                depth + 1) == 0)
				return 0;
		}
	}
	return -1;
}

struct member_find {
	const char *st, *member;
	uint32_t offset, size;
	int found;
};

static int member_cb(const struct ifw_btf *b, uint32_t id, const struct btf_type *t, void *ctx)
{
	(void)id;
	struct member_find *f = ctx;
	if (BTF_INFO_KIND(t->info) != BTF_KIND_STRUCT ||
	    strcmp(name_at(b, t->name_off), f->st) != 0)
		return 0;
	uint32_t type;
	if (find_member(b, t, f->member, 0, &f->offset, &f->size, &type, 0) == 0) {
		f->found = 1;
		return 1;
	}
	return 0;
}

int ifw_btf_member(const struct ifw_btf *b, const char *st, const char *member, uint32_t *offset,
                   uint32_t *size)
{
	struct member_find f = {st, member, 0, 0, 0};
	if (walk(b, member_cb, &f) != 1 || !f.found)
		return -1;
	*offset = f.offset;
	*size = f.size;
	return 0;
}

void ifw_btf_find(const struct ifw_btf *b, size_t n, const char *const *names, const int *kinds,
                  uint32_t *ids)
{
	size_t left = n;
	for (size_t k = 0; k < n; k++)
		ids[k] = 0;
	for (uint32_t i = 0; i < b->n_types && left; i++) {
		const struct btf_type *t = (const struct btf_type *)(b->types + b->offs[i]);
		int kind = (int)BTF_INFO_KIND(t->info);
		const char *name = NULL;
		for (size_t k = 0; k < n; k++) {
			if (ids[k] || kinds[k] != kind)
				continue;
			if (!name)
				name = name_at(b, t->name_off);
			if (strcmp(name, names[k]) == 0) {
				ids[k] = i + 1;
				left--;
			}
		}
	}
}

int ifw_btf_member_of(const struct ifw_btf *b, uint32_t sid, const char *member, uint32_t *offset,
                      uint32_t *size)
{
	const struct btf_type *t = type_by_id(b, sid);
	if (!t ||
	    (BTF_INFO_KIND(t->info) != BTF_KIND_STRUCT && BTF_INFO_KIND(t->info) != BTF_KIND_UNION))
		return -1;
	uint32_t type;
	return find_member(b, t, member, 0, offset, size, &type, 0);
}

/* The struct or union a type id names, through typedefs and qualifiers; NULL if it is not one. */
static const struct btf_type *composite(const struct ifw_btf *b, uint32_t id)
{
	for (int depth = 0; depth < 16; depth++) {
		const struct btf_type *t = type_by_id(b, id);
		if (!t)
			return NULL;
		uint32_t k = BTF_INFO_KIND(t->info);
		if (k == BTF_KIND_STRUCT || k == BTF_KIND_UNION)
			return t;
		if (k != BTF_KIND_TYPEDEF && k != BTF_KIND_CONST && k != BTF_KIND_VOLATILE &&
		    k != BTF_KIND_RESTRICT && k != 18)
			return NULL;
		id = t->type;
	}
	return NULL;
}

int ifw_btf_path_of(const struct ifw_btf *b, uint32_t sid, const char *path, uint32_t *offset,
                    uint32_t *size)
{
	const struct btf_type *t = composite(b, sid);
	uint32_t total = 0, sz = 0, type = 0;
	char name[64];
	for (const char *p = path; t; p++) {
		size_t len = strcspn(p, ".");
		if (len == 0 || len >= sizeof(name))
			return -1;
		memcpy(name, p, len);
		name[len] = '\0';
		uint32_t off;
		if (find_member(b, t, name, 0, &off, &sz, &type, 0) < 0)
			return -1;
		total += off;
		p += len;
		if (!*p) {
			*offset = total;
			*size = sz;
			return 0;
		}
		t = composite(b, type); /* a dot goes into a struct member */
	}
	return -1;
}
