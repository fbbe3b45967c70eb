#include "util/sanitize.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct sink {
	char *out;
	size_t cap, len;
};

static void put(struct sink *s, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++, s->len++)
		if (s->len + 1 < s->cap)
			s->out[s->len] = p[i];
}

size_t ifw_utf8_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	size_t len;
	uint32_t min;
	if ((p[0] & 0xe0) == 0xc0) {
		len = 2, min = 0x80, *cp = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		len = 3, min = 0x800, *cp = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		len = 4, min = 0x10000, *cp = p[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (p[i] & 0x3f);
	}
	if (*cp < min || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return len;
}

/* Code points that reorder or hide text on a terminal: C1 controls, bidi/format controls
 * (U+061C ARABIC LETTER MARK too), the soft hyphen, line and paragraph separators, the word
 * joiner and invisible operators, and the invisible tag characters. */
static int is_dangerous(uint32_t cp)
{
	/* Unicode's format characters (general category Cf: bidi controls, invisible operators,
	 * Arabic number signs, interlinear annotations, musical format marks, tags), line and
	 * paragraph separators, and the invisible fillers and variation selectors used to spoof
	 * names */
	static const uint32_t ranges[][2] = {
	    {0x80, 0x9f},       {0xad, 0xad},       {0x34f, 0x34f},     {0x600, 0x605},
	    {0x61c, 0x61c},     {0x6dd, 0x6dd},     {0x70f, 0x70f},     {0x8e2, 0x8e2},
	    {0x115f, 0x1160},   {0x180b, 0x180f},   {0x200b, 0x200f},   {0x2028, 0x202e},
	    {0x2060, 0x206f},   {0x3164, 0x3164},   {0xfe00, 0xfe0f},   {0xfeff, 0xfeff},
	    {0xffa0, 0xffa0},   {0xfff9, 0xfffb},   {0x110bd, 0x110bd}, {0x110cd, 0x110cd},
	    {0x13430, 0x1343f}, {0x1bca0, 0x1bca3}, {0x1d173, 0x1d17a}, {0xe0000, 0xe007f},
	    {0xe0100, 0xe01ef}};
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (cp >= ranges[i][0] && cp <= ranges[i][1])
			return 1;
	return 0;
}

size_t ifw_sanitize(const char *in, size_t len, char *out, size_t outlen)
{
	struct sink s = {out, outlen, 0};
	const unsigned char *p = (const unsigned char *)in;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = ifw_utf8_decode(p + i, len - i, &cp);
		char esc[16];
		if (n == 0) {
			put(&s, "\xef\xbf\xbd", 3); /* U+FFFD */
			i++;
			continue;
		}
		if (cp == '\\') {
			put(&s, "\\\\", 2);
		} else if (cp < 0x20 || cp == 0x7f) {
			snprintf(esc, sizeof(esc), "\\x%02x", (unsigned)cp);
			put(&s, esc, 4);
		} else if (is_dangerous(cp)) {
			int m = snprintf(esc, sizeof(esc), "\\u{%04x}", (unsigned)cp);
			put(&s, esc, (size_t)m);
		} else {
			put(&s, (const char *)p + i, n);
		}
		i += n;
	}
	if (outlen)
		out[s.len < outlen ? s.len : outlen - 1] = '\0';
	return s.len;
}

size_t ifw_utf8_repair(const char *in, size_t len, char *out, size_t outlen)
{
	struct sink s = {out, outlen, 0};
	const unsigned char *p = (const unsigned char *)in;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = ifw_utf8_decode(p + i, len - i, &cp);
		if (n == 0 || cp == 0) {
			put(&s, "\xef\xbf\xbd", 3);
			i += n ? n : 1;
			continue;
		}
		put(&s, (const char *)p + i, n);
		i += n;
	}
	if (outlen)
		out[s.len < outlen ? s.len : outlen - 1] = '\0';
	return s.len;
}

int ifw_is_clean(const char *in, size_t len)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = ifw_utf8_decode(p + i, len - i, &cp);
		if (n == 0 || cp == '\\' || cp < 0x20 || cp == 0x7f || is_dangerous(cp))
			return 0;
		i += n;
	}
	return 1;
}
