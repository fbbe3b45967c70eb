/* A streaming JSON writer: values go straight to a FILE as they are written, so the memory a
 * report needs does not grow with its size. The writer keeps only the nesting depth and whether
 * the next value needs a comma; the caller writes names and values in document order.
 *
 * Strings are escaped for JSON: '"', '\\' and every control character below U+0020 (\n, \t,
 * \r, \b, \f in their short forms, the rest as \u00XX). Invalid UTF-8 (stray or truncated
 * sequences, overlong forms, surrogates, code points above U+10FFFF) becomes U+FFFD, one per
 * byte that does not start a valid sequence, and is counted (ifw_jw_repaired). */
#ifndef IFW_JSON_WRITER_H
#define IFW_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Members of containers nested up to this many levels deep go on their own lines, indented by
 * two spaces a level; deeper containers are written compact. 0: everything on one line. */
#define IFW_JW_COMPACT 0u
#define IFW_JW_PRETTY  (~0u)

struct ifw_jw {
	FILE *f;
	unsigned depth;         /* containers open */
	unsigned pretty_levels; /* see above; may change between values */
	bool sep;               /* the open container already has a member: a comma comes first */
	bool named;             /* a member name was written: its value follows directly */
	bool misuse;            /* unbalanced or misplaced calls; ifw_jw_finish fails */
	unsigned long repaired; /* strings in which invalid UTF-8 was replaced */
};

void ifw_jw_init(struct ifw_jw *w, FILE *f, unsigned pretty_levels);
/* Changes the layout from the next value on (the depth counts from the outermost container). */
void ifw_jw_pretty_levels(struct ifw_jw *w, unsigned levels);
/* Ends the document with a newline and flushes; 0, or -1 if a write failed or the containers
 * were not balanced. */
int ifw_jw_finish(struct ifw_jw *w);
/* Strings written so far that held invalid UTF-8 (each was repaired with U+FFFD). */
unsigned long ifw_jw_repaired(const struct ifw_jw *w);

void ifw_jw_start_object(struct ifw_jw *w);
void ifw_jw_end_object(struct ifw_jw *w);
void ifw_jw_start_array(struct ifw_jw *w);
void ifw_jw_end_array(struct ifw_jw *w);
/* The name of the next member of the open object. */
void ifw_jw_name(struct ifw_jw *w, const char *name);

/* A string; NULL writes null. */
void ifw_jw_string(struct ifw_jw *w, const char *s);
/* A string of n bytes (may contain NUL, written as \u0000). */
void ifw_jw_string_len(struct ifw_jw *w, const char *s, size_t n);
void ifw_jw_int(struct ifw_jw *w, int64_t v);
void ifw_jw_uint(struct ifw_jw *w, uint64_t v);
void ifw_jw_bool(struct ifw_jw *w, bool v);
/* A number with a fraction, shortest form that reads back the same ("%.17g", with ".0" when it
 * would look like an integer); NaN and infinities, which JSON cannot hold, write null. */
void ifw_jw_double(struct ifw_jw *w, double v);
void ifw_jw_null(struct ifw_jw *w);

/* name: value, for the common cases. */
void ifw_jw_string_field(struct ifw_jw *w, const char *name, const char *s);
void ifw_jw_int_field(struct ifw_jw *w, const char *name, int64_t v);
void ifw_jw_uint_field(struct ifw_jw *w, const char *name, uint64_t v);
void ifw_jw_bool_field(struct ifw_jw *w, const char *name, bool v);
void ifw_jw_double_field(struct ifw_jw *w, const char *name, double v);
void ifw_jw_null_field(struct ifw_jw *w, const char *name);
/* name: v, or name: null when has is false. */
void ifw_jw_int_field_or_null(struct ifw_jw *w, const char *name, bool has, int64_t v);
void ifw_jw_uint_field_or_null(struct ifw_jw *w, const char *name, bool has, uint64_t v);
void ifw_jw_object_field(struct ifw_jw *w, const char *name); /* name: { */
void ifw_jw_array_field(struct ifw_jw *w, const char *name);  /* name: [ */

#endif
