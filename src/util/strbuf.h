/* A growable string for building report lines and messages. */
#ifndef IFW_STRBUF_H
#define IFW_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct ifw_strbuf {
	char *s;
	size_t len, cap;
	int oom; /* set once an append failed; the content is then truncated */
};

void ifw_sb_init(struct ifw_strbuf *b);
void ifw_sb_free(struct ifw_strbuf *b);
void ifw_sb_reset(struct ifw_strbuf *b);
void ifw_sb_add(struct ifw_strbuf *b, const char *s, size_t n);
void ifw_sb_puts(struct ifw_strbuf *b, const char *s);
void ifw_sb_printf(struct ifw_strbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void ifw_sb_vprintf(struct ifw_strbuf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Appends a terminal-safe copy of untrusted text (see sanitize.h). */
void ifw_sb_safe(struct ifw_strbuf *b, const char *s, size_t n);
void ifw_sb_safe_str(struct ifw_strbuf *b, const char *s);
/* Always a valid C string (empty when nothing was added). */
const char *ifw_sb_str(const struct ifw_strbuf *b);

#endif
