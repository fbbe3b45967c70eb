#include "ipdb_build.h"

#include "ipdb/ipdb_format.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef unsigned __int128 u128;

struct range {
	u128 s, e;
	uint32_t asn, org; /* org: string offset | length << 24 */
	uint32_t seq;      /* input order, so equal ranges sort deterministically */
};

struct rvec {
	struct range *v;
	size_t n, cap;
};

/* Open-addressing hash set of strings (offsets into the string blob). */
struct hslot {
	uint64_t hash;
	uint32_t id; /* UINT32_MAX = empty */
};

struct ifw_ipdb_builder {
	struct rvec fam[2]; /* 0 = IPv4, 1 = IPv6 */
	char *str;          /* string blob, starts with the empty string */
	size_t strlen_, strcap;
	struct hslot *shash;
	size_t scap, scount;
	uint32_t seq;
	size_t rows, overlaps, merged;
};

static uint64_t fnv1a(const void *p, size_t n, uint64_t h)
{
	const uint8_t *s = p;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

static int grow(void **p, size_t *cap, size_t need, size_t elt)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap : 64;
	while (c < need)
		c *= 2;
	void *q = realloc(*p, c * elt);
	if (!q)
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

struct ifw_ipdb_builder *ifw_ipdb_builder_new(void)
{
	struct ifw_ipdb_builder *b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	b->strcap = 1 << 16;
	b->str = malloc(b->strcap);
	b->scap = 1 << 12;
	b->shash = malloc(b->scap * sizeof(*b->shash));
	if (!b->str || !b->shash) {
		ifw_ipdb_builder_free(b);
		return NULL;
	}
	memset(b->shash, 0xff, b->scap * sizeof(*b->shash));
	b->str[0] = '\0';
	b->strlen_ = 1;
	return b;
}

void ifw_ipdb_builder_free(struct ifw_ipdb_builder *b)
{
	if (!b)
		return;
	free(b->fam[0].v);
	free(b->fam[1].v);
	free(b->str);
	free(b->shash);
	free(b);
}

static int rehash(struct hslot **tab, size_t *cap)
{
	size_t nc = *cap * 2;
	struct hslot *n = malloc(nc * sizeof(*n));
	if (!n)
		return -1;
	memset(n, 0xff, nc * sizeof(*n));
	for (size_t i = 0; i < *cap; i++) {
		if ((*tab)[i].id == UINT32_MAX)
			continue;
		size_t j = (*tab)[i].hash & (nc - 1);
		while (n[j].id != UINT32_MAX)
			j = (j + 1) & (nc - 1);
		n[j] = (*tab)[i];
	}
	free(*tab);
	*tab = n;
	*cap = nc;
	return 0;
}

/* Returns the blob offset of s (added once), or -1 on OOM. Slot ids are the offsets. */
static int64_t intern(struct ifw_ipdb_builder *b, const char *s, size_t n)
{
	if (n == 0)
		return 0;
	uint64_t h = fnv1a(s, n, 0xcbf29ce484222325ull);
	size_t j = h & (b->scap - 1);
	for (; b->shash[j].id != UINT32_MAX; j = (j + 1) & (b->scap - 1)) {
		const char *t = b->str + b->shash[j].id;
		if (b->shash[j].hash == h && strlen(t) == n && memcmp(t, s, n) == 0)
			return b->shash[j].id;
	}
	if (b->strlen_ + n + 1 > UINT32_MAX ||
	    grow((void **)&b->str, &b->strcap, b->strlen_ + n + 1, 1) < 0)
		return -1;
	uint32_t off = (uint32_t)b->strlen_;
	memcpy(b->str + off, s, n);
	b->str[off + n] = '\0';
	b->strlen_ += n + 1;
	b->shash[j].hash = h;
	b->shash[j].id = off;
	if (++b->scount * 2 > b->scap && rehash(&b->shash, &b->scap) < 0)
		return -1;
	return off;
}

static u128 ip_value(const struct ifw_ip *ip)
{
	u128 v = 0;
	for (size_t i = 0; i < ifw_ip_len(ip->family); i++)
		v = v << 8 | ip->a[i];
	return v;
}

int ifw_ipdb_builder_add(struct ifw_ipdb_builder *b, const struct ifw_ip *first,
                         const struct ifw_ip *last, uint32_t asn, const char *org, size_t org_len,
                         struct ifw_err *err)
{
	if (!first->family || first->family != last->family)
		return ifw_fail(err, IFW_E_PARSE, "range ends are of different address families");
	u128 s = ip_value(first), e = ip_value(last);
	if (e < s)
		return ifw_fail(err, IFW_E_PARSE, "range ends before it starts");
	char clean[1024];
	/* Trim, cap the length and replace controls: names end up on terminals. */
	while (org_len && (org[0] == ' ' || org[0] == '\t')) {
		org++;
		org_len--;
	}
	while (org_len && (org[org_len - 1] == ' ' || org[org_len - 1] == '\t'))
		org_len--;
	if (org_len > IFW_IPDB_ORG_MAXLEN) {
		org_len = IFW_IPDB_ORG_MAXLEN;
		while (org_len && ((unsigned char)org[org_len] & 0xc0) == 0x80)
			org_len--; /* do not cut a UTF-8 sequence */
	}
	for (size_t i = 0; i < org_len; i++) {
		unsigned char c = (unsigned char)org[i];
		clean[i] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	int64_t off = intern(b, clean, org_len);
	if (off < 0)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	if (off + org_len >= IFW_IPDB_STR_MAX)
		return ifw_fail(err, IFW_E_LIMIT, "more than %u bytes of organization names",
		                IFW_IPDB_STR_MAX);
	struct rvec *v = &b->fam[first->family == AF_INET6];
	if (grow((void **)&v->v, &v->cap, v->n + 1, sizeof(*v->v)) < 0)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	v->v[v->n++] = (struct range){.s = s,
	                              .e = e,
	                              .asn = asn,
	                              .org = (uint32_t)off | (uint32_t)org_len << 24,
	                              .seq = b->seq++};
	b->rows++;
	return 0;
}

/* ---- CSV ---- */

/* Splits one CSV record starting at *pos into up to max fields (unquoted in place: the buffer
 * is modified). Returns the field count, or -1 for a malformed quote. */
static int csv_record(char *buf, size_t len, size_t *pos, char **f, size_t *flen, int max)
{
	size_t i = *pos;
	int n = 0;
	for (;;) {
		char *out = buf + i, *start = out;
		if (i < len && buf[i] == '"') {
			i++;
			for (;;) {
				if (i >= len)
					return -1;
				if (buf[i] == '"') {
					if (i + 1 < len && buf[i + 1] == '"') {
						*out++ = '"';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				*out++ = buf[i++];
			}
			if (i < len && buf[i] != ',' && buf[i] != '\n' && buf[i] != '\r')
				return -1;
		} else {
			while (i < len && buf[i] != ',' && buf[i] != '\n' && buf[i] != '\r')
				*out++ = buf[i++];
		}
		if (n < max) {
			f[n] = start;
			flen[n] = (size_t)(out - start);
		}
		n++;
		if (i < len && buf[i] == ',') {
			i++;
			continue;
		}
		if (i < len && buf[i] == '\r')
			i++;
		if (i < len && buf[i] == '\n')
			i++;
		*pos = i;
		return n;
	}
}

static int parse_u32(const char *s, size_t n, uint32_t *out)
{
	uint64_t v = 0;
	if (n == 0 || n > 10)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > UINT32_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int ifw_ipdb_builder_add_csv(struct ifw_ipdb_builder *b, const char *path, struct ifw_err *err)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return ifw_fail_errno(err, errno, "%s", path);
	char *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (grow((void **)&buf, &cap, len + 65536, 1) < 0) {
			fclose(fp);
			free(buf);
			return ifw_fail(err, IFW_E_NOMEM, "%s: out of memory", path);
		}
		size_t got = fread(buf + len, 1, cap - len, fp);
		len += got;
		if (got == 0)
			break;
	}
	int rerr = ferror(fp);
	fclose(fp);
	if (rerr) {
		free(buf);
		return ifw_fail(err, IFW_E_SYS, "%s: read error", path);
	}
	size_t pos = 0, line = 0;
	int rc = 0;
	while (pos < len && rc == 0) {
		char *f[4];
		size_t fl[4];
		line++;
		int n = csv_record(buf, len, &pos, f, fl, 4);
		if (n == 1 && fl[0] == 0)
			continue; /* blank line */
		struct ifw_ip first, last;
		uint32_t asn;
		if (n < 0)
			rc = ifw_fail(err, IFW_E_PARSE, "%s:%zu: malformed quoted field", path,
			              line);
		else if (n != 4)
			rc = ifw_fail(err, IFW_E_PARSE, "%s:%zu: expected 4 fields, got %d", path,
			              line, n);
		else if (ifw_ip_parsen(f[0], fl[0], &first) < 0 ||
		         ifw_ip_parsen(f[1], fl[1], &last) < 0)
			rc = ifw_fail(err, IFW_E_PARSE, "%s:%zu: bad address", path, line);
		else if (parse_u32(f[2], fl[2], &asn) < 0)
			rc = ifw_fail(err, IFW_E_PARSE, "%s:%zu: bad AS number", path, line);
		else if (ifw_ipdb_builder_add(b, &first, &last, asn, f[3], fl[3], err) < 0) {
			char m[sizeof(err->msg)];
			snprintf(m, sizeof(m), "%s", err ? err->msg : "");
			rc = ifw_fail(err, err ? err->code : IFW_E_PARSE, "%s:%zu: %s", path, line,
			              m);
		}
	}
	free(buf);
	return rc;
}

/* ---- resolving ranges ---- */

static int cmp_range(const void *x, const void *y)
{
	const struct range *a = x, *b = y;
	if (a->s != b->s)
		return a->s < b->s ? -1 : 1;
	if (a->e != b->e)
		return a->e > b->e ? -1 : 1; /* wider first: the narrower one then wins */
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Makes v sorted and disjoint: where ranges overlap, the later-starting (or, at the same start,
 * the narrower) one wins and the earlier one keeps what is left on either side. */
static int resolve(struct ifw_ipdb_builder *b, struct rvec *v)
{
	if (v->n == 0)
		return 0;
	qsort(v->v, v->n, sizeof(*v->v), cmp_range);
	size_t ocap = v->n + 16;
	struct range *out = malloc(ocap * sizeof(*out)), *tmp = NULL;
	size_t on = 0, tn = 0, tcap = 0;
	if (!out)
		return -1;
	for (size_t i = 0; i < v->n; i++) {
		struct range r = v->v[i];
		tn = 0;
		while (on && out[on - 1].s >= r.s) {
			if (grow((void **)&tmp, &tcap, tn + 1, sizeof(*tmp)) < 0)
				goto oom;
			tmp[tn++] = out[--on];
		}
		bool split = false, overlap = tn > 0;
		struct range tail;
		if (on && out[on - 1].e >= r.s) {
			struct range *t = &out[on - 1];
			overlap = true;
			if (t->e > r.e) {
				tail = *t;
				tail.s = r.e + 1;
				split = true;
			}
			t->e = r.s - 1;
		}
		if (overlap)
			b->overlaps++;
		/* Each input adds r and at most one split tail; popped ranges come back or vanish.
		 */
		if (grow((void **)&out, &ocap, on + 2 + tn, sizeof(*out)) < 0)
			goto oom;
		out[on++] = r;
		if (split)
			out[on++] = tail;
		while (tn) {
			struct range t = tmp[--tn];
			if (t.e <= r.e)
				continue;
			if (t.s <= r.e)
				t.s = r.e + 1;
			out[on++] = t;
		}
	}
	/* Merge neighbours with the same AS and name. */
	size_t m = 0;
	for (size_t i = 0; i < on; i++) {
		if (m && out[m - 1].asn == out[i].asn && out[m - 1].org == out[i].org &&
		    out[m - 1].e + 1 == out[i].s) {
			out[m - 1].e = out[i].e;
			b->merged++;
		} else {
			out[m++] = out[i];
		}
	}
	free(tmp);
	free(v->v);
	v->v = out;
	v->n = v->cap = m;
	return 0;
oom:
	free(tmp);
	free(out);
	return -1;
}

/* ---- writing ---- */

struct table {
	u128 *key;
	uint32_t *asn, *org;
	size_t n;
};

static void gap(struct table *t, u128 start)
{
	t->key[t->n] = start;
	t->asn[t->n] = 0;
	t->org[t->n++] = IFW_IPDB_NONE;
}

/* Turns disjoint ranges into entries that cover [0, max], with gap entries in between. */
static int cover(const struct rvec *v, u128 max, struct table *t)
{
	t->key = malloc((2 * v->n + 1) * sizeof(*t->key));
	t->asn = malloc((2 * v->n + 1) * sizeof(*t->asn));
	t->org = malloc((2 * v->n + 1) * sizeof(*t->org));
	t->n = 0;
	if (!t->key || !t->asn || !t->org)
		return -1;
	u128 next = 0; /* first address not yet covered */
	bool done = false;
	for (size_t i = 0; i < v->n; i++) {
		const struct range *r = &v->v[i];
		if (r->s > next)
			gap(t, next);
		t->key[t->n] = r->s;
		t->asn[t->n] = r->asn;
		t->org[t->n++] = r->org;
		if (r->e == max) {
			done = true;
			break;
		}
		next = r->e + 1;
	}
	if (!done)
		gap(t, next);
	return 0;
}

static size_t align8(size_t x)
{
	return (x + 7) & ~(size_t)7;
}

/* index[p] = entry covering address p << shift; the last slot is the final entry. */
static void write_index(uint8_t *dst, const struct table *t, unsigned shift)
{
	size_t e = 0;
	for (uint32_t p = 0; p < IFW_IPDB_IDX_N - 1; p++) {
		u128 addr = (u128)p << shift;
		while (e + 1 < t->n && t->key[e + 1] <= addr)
			e++;
		ifw_ipdb_wr32(dst + 4 * (size_t)p, (uint32_t)e);
	}
	ifw_ipdb_wr32(dst + 4 * (size_t)(IFW_IPDB_IDX_N - 1), (uint32_t)(t->n - 1));
}

static int write_all(const char *path, const uint8_t *buf, size_t len, struct ifw_err *err)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return ifw_fail(err, IFW_E_LIMIT, "path too long: %s", path);
	FILE *fp = fopen(tmp, "wb");
	if (!fp)
		return ifw_fail_errno(err, errno, "%s", tmp);
	size_t w = fwrite(buf, 1, len, fp);
	int e = (w != len || fflush(fp) != 0) ? errno : 0;
	if (fclose(fp) != 0 && !e)
		e = errno;
	if (w != len || e) {
		unlink(tmp);
		return ifw_fail_errno(err, e ? e : EIO, "writing %s", tmp);
	}
	if (rename(tmp, path) < 0) {
		e = errno;
		unlink(tmp);
		return ifw_fail_errno(err, e, "renaming %s to %s", tmp, path);
	}
	return 0;
}

int ifw_ipdb_builder_write(struct ifw_ipdb_builder *b, const char *path, uint32_t date,
                           const char *source, struct ifw_ipdb_build_stats *st, struct ifw_err *err)
{
	int64_t srcoff = intern(b, source, strlen(source));
	if (srcoff < 0 || resolve(b, &b->fam[0]) < 0 || resolve(b, &b->fam[1]) < 0)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	struct table t4 = {0}, t6 = {0};
	uint8_t *buf = NULL;
	int rc = -1;
	if (cover(&b->fam[0], 0xffffffffu, &t4) < 0 || cover(&b->fam[1], ~(u128)0, &t6) < 0) {
		ifw_fail(err, IFW_E_NOMEM, "out of memory");
		goto out;
	}
	if (t4.n > UINT32_MAX || t6.n > UINT32_MAX) {
		ifw_fail(err, IFW_E_LIMIT, "too many ranges");
		goto out;
	}
	size_t off = IFW_IPDB_HDR_SIZE;
	size_t o_v4idx = off;
	off = align8(off + 4 * (size_t)IFW_IPDB_IDX_N);
	size_t o_v4key = off;
	off = align8(off + 4 * t4.n);
	size_t o_v4val = off;
	off = align8(off + IFW_IPDB_VAL_SIZE * t4.n);
	size_t o_v6idx = off;
	off = align8(off + 4 * (size_t)IFW_IPDB_IDX_N);
	size_t o_v6hi = off;
	off = align8(off + 8 * t6.n);
	size_t o_v6lo = off;
	off = align8(off + 8 * t6.n);
	size_t o_v6smp = off;
	size_t nsmp = (t6.n + IFW_IPDB_SAMPLE - 1) / IFW_IPDB_SAMPLE;
	off = align8(off + 8 * nsmp);
	size_t o_v6val = off;
	off = align8(off + IFW_IPDB_VAL_SIZE * t6.n);
	size_t o_str = off;
	off = align8(off + b->strlen_);
	size_t size = off;

	buf = calloc(1, size);
	if (!buf) {
		ifw_fail(err, IFW_E_NOMEM, "out of memory");
		goto out;
	}
	write_index(buf + o_v4idx, &t4, 16);
	write_index(buf + o_v6idx, &t6, 112);
	for (size_t i = 0; i < t4.n; i++) {
		ifw_ipdb_wr32(buf + o_v4key + 4 * i, (uint32_t)t4.key[i]);
		ifw_ipdb_wr32(buf + o_v4val + IFW_IPDB_VAL_SIZE * i, t4.asn[i]);
		ifw_ipdb_wr32(buf + o_v4val + IFW_IPDB_VAL_SIZE * i + 4, t4.org[i]);
	}
	for (size_t i = 0; i < t6.n; i++) {
		ifw_ipdb_wr64(buf + o_v6hi + 8 * i, (uint64_t)(t6.key[i] >> 64));
		ifw_ipdb_wr64(buf + o_v6lo + 8 * i, (uint64_t)t6.key[i]);
		ifw_ipdb_wr32(buf + o_v6val + IFW_IPDB_VAL_SIZE * i, t6.asn[i]);
		ifw_ipdb_wr32(buf + o_v6val + IFW_IPDB_VAL_SIZE * i + 4, t6.org[i]);
	}
	for (size_t j = 0; j < nsmp; j++)
		ifw_ipdb_wr64(buf + o_v6smp + 8 * j, (uint64_t)(t6.key[j * IFW_IPDB_SAMPLE] >> 64));
	memcpy(buf + o_str, b->str, b->strlen_);

	memcpy(buf, IFW_IPDB_MAGIC, IFW_IPDB_MAGIC_LEN);
	ifw_ipdb_wr32(buf + IFW_IPDB_H_VERSION, IFW_IPDB_VERSION);
	ifw_ipdb_wr32(buf + IFW_IPDB_H_HDRSIZE, IFW_IPDB_HDR_SIZE);
	ifw_ipdb_wr64(buf + IFW_IPDB_H_FILESIZE, size);
	ifw_ipdb_wr32(buf + IFW_IPDB_H_DATE, date);
	ifw_ipdb_wr32(buf + IFW_IPDB_H_V4N, (uint32_t)t4.n);
	ifw_ipdb_wr32(buf + IFW_IPDB_H_V6N, (uint32_t)t6.n);
	/* The blob is padded to 8 with NULs, which keeps the last byte a NUL. */
	ifw_ipdb_wr32(buf + IFW_IPDB_H_STRSIZE, (uint32_t)(size - o_str));
	ifw_ipdb_wr64(buf + IFW_IPDB_H_V4IDX, o_v4idx);
	ifw_ipdb_wr64(buf + IFW_IPDB_H_V4KEY, o_v4key);
	ifw_ipdb_wr64(buf + IFW_IPDB_H_V4VAL, o_v4val);
	ifw_ipdb_wr64(buf + IFW_IPDB_H_V6IDX, o_v6idx);
	ifw_ipdb_wr64(buf + IFW_IPDB_H_V6HI, o_v6hi);
	ifw_ipdb_wr64(buf + IFW_IPDB_H_V6LO, o_v6lo);
	ifw_ipdb_wr64(buf + IFW_IPDB_H_V6SMP, o_v6smp);
	ifw_ipdb_wr64(buf + IFW_IPDB_H_V6VAL, o_v6val);
	ifw_ipdb_wr64(buf + IFW_IPDB_H_STR, o_str);
	ifw_ipdb_wr32(buf + IFW_IPDB_H_SRCOFF, (uint32_t)srcoff);
	ifw_ipdb_wr32(buf + IFW_IPDB_H_SRCLEN, (uint32_t)strlen(source));
	ifw_ipdb_wr32(buf + IFW_IPDB_H_BODYCRC,
	              ifw_ipdb_crc32(0, buf + IFW_IPDB_HDR_SIZE, size - IFW_IPDB_HDR_SIZE));
	ifw_ipdb_wr32(buf + IFW_IPDB_H_HDRCRC, ifw_ipdb_crc32(0, buf, IFW_IPDB_H_HDRCRC));

	if (write_all(path, buf, size, err) < 0)
		goto out;
	if (st) {
		*st = (struct ifw_ipdb_build_stats){
		    .rows = b->rows,
		    .overlaps = b->overlaps,
		    .merged = b->merged,
		    .v4_entries = t4.n,
		    .v6_entries = t6.n,
		    .strings = b->scount,
		    .str_size = b->strlen_,
		    .file_size = size,
		};
	}
	rc = 0;
out:
	free(t4.key);
	free(t4.asn);
	free(t4.org);
	free(t6.key);
	free(t6.asn);
	free(t6.org);
	free(buf);
	return rc;
}
