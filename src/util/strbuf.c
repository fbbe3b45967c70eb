#include "util/strbuf.h"

#include "util/sanitize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ifw_sb_init(struct ifw_strbuf *b)
{
	memset(b, 0, sizeof(*b));
}

void ifw_sb_free(struct ifw_strbuf *b)
{
	free(b->s);
	ifw_sb_init(b);
}

void ifw_sb_reset(struct ifw_strbuf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

static int grow(struct ifw_strbuf *b, size_t extra)
{
	if (b->oom)
		return -1;
	if (b->len + extra + 1 <= b->cap)
		return 0;
	size_t ncap = b->cap ? b->cap : 128;
	while (ncap < b->len + extra + 1) {
		if (ncap > (size_t)-1 / 2) {
			b->oom = 1;
			return -1;
		}
		ncap *= 2;
	}
	char *n = realloc(b->s, ncap);
	if (!n) {
		b->oom = 1;
		return -1;
	}
	b->s = n;
	b->cap = ncap;
	return 0;
}

void ifw_sb_add(struct ifw_strbuf *b, const char *s, size_t n)
{
	if (grow(b, n) < 0)
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void ifw_sb_puts(struct ifw_strbuf *b, const char *s)
{
	ifw_sb_add(b, s, strlen(s));
}

void ifw_sb_vprintf(struct ifw_strbuf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || grow(b, (size_t)n) < 0)
		return;
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void ifw_sb_printf(struct ifw_strbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ifw_sb_vprintf(b, fmt, ap);
	va_end(ap);
}

void ifw_sb_safe(struct ifw_strbuf *b, const char *s, size_t n)
{
	size_t need = ifw_sanitize(s, n, NULL, 0);
	if (grow(b, need) < 0)
		return;
	ifw_sanitize(s, n, b->s + b->len, need + 1);
	b->len += need;
}

void ifw_sb_safe_str(struct ifw_strbuf *b, const char *s)
{
	if (s)
		ifw_sb_safe(b, s, strlen(s));
}

const char *ifw_sb_str(const struct ifw_strbuf *b)
{
	return b->s ? b->s : "";
}
