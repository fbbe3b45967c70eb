/* The streaming JSON writer (json_writer.h). Output goes through the FILE's own buffer; the
 * unlocked stdio calls matter here, as a large report is millions of small writes. */
#include "util/json_writer.h"

#include "util/sanitize.h"

#include <math.h>
#include <string.h>

#ifdef __GLIBC__
#define PUTC(c, f)     putc_unlocked((c), (f))
#define WRITE(p, n, f) fwrite_unlocked((p), 1, (n), (f))
#else
#define PUTC(c, f)     putc((c), (f))
#define WRITE(p, n, f) fwrite((p), 1, (n), (f))
#endif

void ifw_jw_init(struct ifw_jw *w, FILE *f, unsigned pretty_levels)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
	w->pretty_levels = pretty_levels;
}

void ifw_jw_pretty_levels(struct ifw_jw *w, unsigned levels)
{
	w->pretty_levels = levels;
}

unsigned long ifw_jw_repaired(const struct ifw_jw *w)
{
	return w->repaired;
}

/* Whether the members of the open container at this level go on their own lines. */
static bool breaks(const struct ifw_jw *w, unsigned level)
{
	return level > 0 && level <= w->pretty_levels;
}

static void newline_indent(struct ifw_jw *w, unsigned level)
{
	static const char spaces[] =
	    "                                                                ";
	PUTC('\n', w->f);
	size_t n = (size_t)level * 2;
	while (n) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		WRITE(spaces, k, w->f);
		n -= k;
	}
}

/* What comes before a member or an element: its comma and line break, unless a name did. */
static void separate(struct ifw_jw *w)
{
	if (w->named) {
		w->named = false;
		return;
	}
	if (w->sep)
		PUTC(',', w->f);
	if (breaks(w, w->depth))
		newline_indent(w, w->depth);
	else if (w->depth == 0 && w->sep)
		PUTC('\n', w->f); /* a second document: one per line */
	w->sep = true;
}

static void write_escaped(struct ifw_jw *w, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t run = 0; /* start of the bytes not yet written, which need no escape */
	size_t i = 0;
	bool bad = false;
	PUTC('"', w->f);
	while (i < n) {
		unsigned char c = p[i];
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		if (c >= 0x80) {
			uint32_t cp;
			size_t k = ifw_utf8_decode(p + i, n - i, &cp);
			if (k) {
				i += k;
				continue;
			}
		}
		WRITE(p + run, i - run, w->f);
		if (c >= 0x80) {
			WRITE("\xef\xbf\xbd", 3,
			      w->f); /* U+FFFD for a byte that starts nothing valid */
			bad = true;
		} else {
			char esc[7] = {'\\', 0};
			size_t len = 2;
			switch (c) {
			case '"':
				esc[1] = '"';
				break;
			case '\\':
				esc[1] = '\\';
				break;
			case '\n':
				esc[1] = 'n';
				break;
			case '\t':
				esc[1] = 't';
				break;
			case '\r':
				esc[1] = 'r';
				break;
			case '\b':
				esc[1] = 'b';
				break;
			case '\f':
				esc[1] = 'f';
				break;
			default:
				memcpy(esc + 1, "u00", 3);
				esc[4] = "0123456789ABCDEF"[c >> 4];
				esc[5] = "0123456789ABCDEF"[c & 15];
				len = 6;
			}
			WRITE(esc, len, w->f);
		}
		i++;
		run = i;
	}
	WRITE(p + run, n - run, w->f);
	PUTC('"', w->f);
	if (bad)
		w->repaired++;
}

static void open_container(struct ifw_jw *w, char c)
{
	separate(w);
	PUTC(c, w->f);
	w->depth++;
	w->sep = false;
}

static void close_container(struct ifw_jw *w, char c)
{
	if (w->depth == 0 || w->named) {
		w->misuse = true;
		w->named = false;
		if (w->depth == 0)
			return;
	}
	if (w->sep && breaks(w, w->depth))
		newline_indent(w, w->depth - 1);
	PUTC(c, w->f);
	w->depth--;
	w->sep = true;
}

void ifw_jw_start_object(struct ifw_jw *w)
{
	open_container(w, '{');
}

void ifw_jw_end_object(struct ifw_jw *w)
{
	close_container(w, '}');
}

void ifw_jw_start_array(struct ifw_jw *w)
{
	open_container(w, '[');
}

void ifw_jw_end_array(struct ifw_jw *w)
{
	close_container(w, ']');
}

void ifw_jw_name(struct ifw_jw *w, const char *name)
{
	if (w->named || w->depth == 0)
		w->misuse = true;
	separate(w);
	write_escaped(w, name, strlen(name));
	if (breaks(w, w->depth))
		WRITE(": ", 2, w->f);
	else
		PUTC(':', w->f);
	w->named = true;
}

void ifw_jw_string_len(struct ifw_jw *w, const char *s, size_t n)
{
	separate(w);
	write_escaped(w, s, n);
}

void ifw_jw_string(struct ifw_jw *w, const char *s)
{
	if (!s) {
		ifw_jw_null(w);
		return;
	}
	ifw_jw_string_len(w, s, strlen(s));
}

/* Decimal digits of v, written backwards from end; returns where they start. */
static char *digits(char *end, uint64_t v)
{
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return end;
}

void ifw_jw_uint(struct ifw_jw *w, uint64_t v)
{
	char buf[24];
	char *p = digits(buf + sizeof(buf), v);
	separate(w);
	WRITE(p, (size_t)(buf + sizeof(buf) - p), w->f);
}

void ifw_jw_int(struct ifw_jw *w, int64_t v)
{
	char buf[24];
	/* The magnitude in unsigned arithmetic, so INT64_MIN needs no special case. */
	uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	char *p = digits(buf + sizeof(buf), mag);
	if (v < 0)
		*--p = '-';
	separate(w);
	WRITE(p, (size_t)(buf + sizeof(buf) - p), w->f);
}

void ifw_jw_bool(struct ifw_jw *w, bool v)
{
	separate(w);
	if (v)
		WRITE("true", 4, w->f);
	else
		WRITE("false", 5, w->f);
}

void ifw_jw_double(struct ifw_jw *w, double v)
{
	if (!isfinite(v)) {
		ifw_jw_null(w);
		return;
	}
	char buf[40];
	int n = snprintf(buf, sizeof(buf) - 2, "%.17g", v);
	if (n < 0)
		n = 0;
	if (!strpbrk(buf, ".eE")) {
		memcpy(buf + n, ".0", 3);
		n += 2;
	}
	separate(w);
	WRITE(buf, (size_t)n, w->f);
}

void ifw_jw_null(struct ifw_jw *w)
{
	separate(w);
	WRITE("null", 4, w->f);
}

int ifw_jw_finish(struct ifw_jw *w)
{
	if (w->depth != 0 || w->named)
		w->misuse = true;
	PUTC('\n', w->f);
	if (fflush(w->f) != 0)
		return -1;
	return w->misuse || ferror(w->f) ? -1 : 0;
}

void ifw_jw_string_field(struct ifw_jw *w, const char *name, const char *s)
{
	ifw_jw_name(w, name);
	ifw_jw_string(w, s);
}

void ifw_jw_int_field(struct ifw_jw *w, const char *name, int64_t v)
{
	ifw_jw_name(w, name);
	ifw_jw_int(w, v);
}

void ifw_jw_uint_field(struct ifw_jw *w, const char *name, uint64_t v)
{
	ifw_jw_name(w, name);
	ifw_jw_uint(w, v);
}

void ifw_jw_bool_field(struct ifw_jw *w, const char *name, bool v)
{
	ifw_jw_name(w, name);
	ifw_jw_bool(w, v);
}

void ifw_jw_double_field(struct ifw_jw *w, const char *name, double v)
{
	ifw_jw_name(w, name);
	ifw_jw_double(w, v);
}

void ifw_jw_null_field(struct ifw_jw *w, const char *name)
{
	ifw_jw_name(w, name);
	ifw_jw_null(w);
}

void ifw_jw_int_field_or_null(struct ifw_jw *w, const char *name, bool has, int64_t v)
{
	ifw_jw_name(w, name);
	if (has)
		ifw_jw_int(w, v);
	else
		ifw_jw_null(w);
}

void ifw_jw_uint_field_or_null(struct ifw_jw *w, const char *name, bool has, uint64_t v)
{
	ifw_jw_name(w, name);
	if (has)
		ifw_jw_uint(w, v);
	else
		ifw_jw_null(w);
}

void ifw_jw_object_field(struct ifw_jw *w, const char *name)
{
	ifw_jw_name(w, name);
	ifw_jw_start_object(w);
}

void ifw_jw_array_field(struct ifw_jw *w, const char *name)
{
	ifw_jw_name(w, name);
	ifw_jw_start_array(w);
}
