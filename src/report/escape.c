#include "report/escape.h"

#include <string.h>

/* The terminal-safe form of s[0..n): no controls, valid UTF-8, visible escapes. */
static void safe_copy(struct ifw_strbuf *tmp, const char *s, size_t n)
{
	ifw_sb_init(tmp);
	ifw_sb_safe(tmp, s, n);
}

void ifw_esc_dot_n(struct ifw_strbuf *b, const char *s, size_t n)
{
	if (!s)
		return;
	struct ifw_strbuf t;
	safe_copy(&t, s, n);
	for (const char *p = ifw_sb_str(&t); *p; p++) {
		switch (*p) {
		case '"':
			ifw_sb_puts(b, "\\\"");
			break;
		case '\\':
			ifw_sb_puts(b, "\\\\");
			break;
		case '&':
			ifw_sb_puts(b, "&amp;");
			break;
		default:
			ifw_sb_add(b, p, 1);
		}
	}
	ifw_sb_free(&t);
}

void ifw_esc_dot(struct ifw_strbuf *b, const char *s)
{
	if (s)
		ifw_esc_dot_n(b, s, strlen(s));
}

void ifw_esc_xml(struct ifw_strbuf *b, const char *s)
{
	if (!s)
		return;
	struct ifw_strbuf t;
	safe_copy(&t, s, strlen(s));
	for (const char *p = ifw_sb_str(&t); *p; p++) {
		switch (*p) {
		case '&':
			ifw_sb_puts(b, "&amp;");
			break;
		case '<':
			ifw_sb_puts(b, "&lt;");
			break;
		case '>':
			ifw_sb_puts(b, "&gt;");
			break;
		case '"':
			ifw_sb_puts(b, "&quot;");
			break;
		case '\'':
			ifw_sb_puts(b, "&#39;");
			break;
		default:
			ifw_sb_add(b, p, 1);
		}
	}
	ifw_sb_free(&t);
}
