/* Long text lines broken at the terminal's width, continuation lines indented to where the
 * line's content starts, so a wrapped "held by" or verdict still reads as one item. */
#include "report/report.h"

#include <string.h>

/* Length in bytes of an escape sequence (ESC [ ... final byte) at s, 0 if none. */
static size_t escape_len(const char *s)
{
	if (s[0] != '\033' || s[1] != '[')
		return 0;
	size_t i = 2;
	while (s[i] && !(s[i] >= 0x40 && s[i] <= 0x7e))
		i++;
	return s[i] ? i + 1 : i;
}

/* Columns the bytes s[0..n) take: escapes none, UTF-8 continuation bytes none. */
static size_t vis_width(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n;) {
		size_t e = escape_len(s + i);
		if (e) {
			i += e;
			continue;
		}
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
		i++;
	}
	return w;
}

/* Where a line's content starts: after a label ("  held by     charon": column 14), found as
 * the first run of two or more spaces within a label's width of the indentation; otherwise
 * four columns in from the indentation (a verdict or finding's own continuation). */
static size_t content_col(const char *s, size_t n, unsigned width)
{
	size_t col = 0, i = 0, lead = 0, run = 0;
	bool seen_text = false;
	while (i < n) {
		size_t e = escape_len(s + i);
		if (e) {
			i += e;
			continue;
		}
		if (s[i] == ' ') {
			run++;
		} else {
			if (seen_text && run >= 2 && col <= lead + 14)
				return col < width / 2 ? col : lead + 4;
			if (!seen_text)
				lead = col;
			seen_text = true;
			run = 0;
		}
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			col++;
		i++;
		if (seen_text && col > lead + 14 && run == 0)
			break;
	}
	return lead + 4 < width / 2 ? lead + 4 : 0;
}

static void spaces(FILE *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fputc(' ', out);
}

static void wrap_line(FILE *out, const char *s, size_t n, unsigned width)
{
	size_t indent = content_col(s, n, width);
	size_t col = 0, i = 0;
	bool has_word = false;
	while (i < n) {
		size_t sp = i;
		while (i < n && s[i] == ' ')
			i++;
		size_t nsp = i - sp, w = i;
		while (i < n && s[i] != ' ')
			i++;
		size_t ww = vis_width(s + w, i - w);
		if (i == w) /* trailing spaces: dropped */
			break;
		if (has_word && col + nsp + ww > width && ww > 0) {
			fputc('\n', out);
			spaces(out, indent);
			col = indent;
		} else {
			fwrite(s + sp, 1, nsp, out);
			col += nsp;
		}
		fwrite(s + w, 1, i - w, out);
		col += ww;
		has_word |= ww > 0;
	}
}

void ifw_write_wrapped(FILE *out, const char *text, unsigned width)
{
	if (!width) {
		fputs(text, out);
		return;
	}
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);
		if (vis_width(text, n) <= width)
			fwrite(text, 1, n, out);
		else
			wrap_line(out, text, n, width);
		if (!nl)
			break;
		fputc('\n', out);
		text = nl + 1;
	}
}
