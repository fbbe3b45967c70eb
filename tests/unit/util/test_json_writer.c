/* The streaming JSON writer: escaping of every control character, invalid UTF-8 (overlong,
 * surrogates, truncated, out of range, stray bytes), numbers at their limits, deep nesting, the
 * layouts, misuse and write errors, and that memory does not grow with the output. Outputs are
 * parsed back with jansson. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>
#ifdef __linux__
#include <malloc.h> /* mallinfo2, glibc's */
#endif

#include "util/json_writer.h"

/* The writer over a memory stream; the text is in buf after close_out. */
struct out {
	FILE *f;
	char *buf;
	size_t len;
	struct ifw_jw w;
};

static void open_out(struct out *o, unsigned levels)
{
	o->buf = NULL;
	o->len = 0;
	o->f = open_memstream(&o->buf, &o->len);
	assert_non_null(o->f);
	ifw_jw_init(&o->w, o->f, levels);
}

static int close_out(struct out *o)
{
	int rc = ifw_jw_finish(&o->w);
	fclose(o->f);
	return rc;
}

/* Parses the output with jansson (NUL allowed in strings), failing the test if it is not JSON. */
static json_t *parse(const struct out *o)
{
	json_error_t e;
	json_t *j = json_loadb(o->buf, o->len, JSON_ALLOW_NUL | JSON_DECODE_ANY, &e);
	if (!j)
		fail_msg("not JSON (%s at %d): %.200s", e.text, e.position, o->buf);
	return j;
}

/* Writes one string of n bytes as a one-element array; returns the output text. */
static char *one_string(const char *s, size_t n, unsigned long *repaired)
{
	struct out o;
	open_out(&o, IFW_JW_COMPACT);
	ifw_jw_start_array(&o.w);
	ifw_jw_string_len(&o.w, s, n);
	ifw_jw_end_array(&o.w);
	*repaired = ifw_jw_repaired(&o.w);
	assert_int_equal(close_out(&o), 0);
	return o.buf;
}

static void test_control_characters(void **state)
{
	(void)state;
	static const char *const shortform[32] = {
	    ['\b'] = "\\b", ['\t'] = "\\t", ['\n'] = "\\n", ['\f'] = "\\f", ['\r'] = "\\r"};
	for (unsigned c = 0; c < 0x20; c++) {
		char in[3] = {'a', (char)c, 'z'};
		unsigned long rep;
		char *text = one_string(in, 3, &rep);
		char want[32];
		if (shortform[c])
			snprintf(want, sizeof(want), "[\"a%sz\"]\n", shortform[c]);
		else
			snprintf(want, sizeof(want), "[\"a\\u%04Xz\"]\n", c);
		assert_string_equal(text, want);
		assert_int_equal(rep, 0);
		/* And it reads back as the same three bytes. */
		json_error_t e;
		json_t *j = json_loads(text, JSON_ALLOW_NUL, &e);
		assert_non_null(j);
		json_t *s = json_array_get(j, 0);
		assert_int_equal(json_string_length(s), 3);
		assert_memory_equal(json_string_value(s), in, 3);
		json_decref(j);
		free(text);
	}
}

static void test_quotes_backslash_and_plain_ascii(void **state)
{
	(void)state;
	unsigned long rep;
	/* '"' and '\' are escaped; an apostrophe, '/' and DEL are not (JSON has no \'). */
	char *text = one_string("say \"hi\" \\ it's a/b \x7f", 21, &rep);
	assert_string_equal(text, "[\"say \\\"hi\\\" \\\\ it's a/b \x7f\"]\n");
	assert_null(strstr(text, "\\'"));
	free(text);
	/* Every printable ASCII character round-trips. */
	char all[95];
	for (int i = 0; i < 95; i++)
		all[i] = (char)(0x20 + i);
	text = one_string(all, sizeof(all), &rep);
	json_t *j = json_loads(text, 0, NULL);
	assert_non_null(j);
	assert_int_equal(json_string_length(json_array_get(j, 0)), sizeof(all));
	assert_memory_equal(json_string_value(json_array_get(j, 0)), all, sizeof(all));
	json_decref(j);
	free(text);
}

static void test_valid_utf8_kept(void **state)
{
	(void)state;
	/* 2, 3 and 4-byte sequences, the last code point, U+FFFD itself, a BOM. */
	const char *in = "\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf \xef\xbf\xbd "
	                 "\xef\xbb\xbf";
	unsigned long rep;
	char *text = one_string(in, strlen(in), &rep);
	assert_int_equal(rep, 0);
	json_t *j = json_loads(text, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_array_get(j, 0)), in);
	json_decref(j);
	free(text);
}

static void test_invalid_utf8_replaced(void **state)
{
	(void)state;
#define R "\xef\xbf\xbd" /* U+FFFD */
	static const struct {
		const char *what, *in, *out;
	} cases[] = {
	    {"stray continuation", "a\x80z", "a" R "z"},
	    {"lone 0xff and 0xfe", "\xff\xfe", R R},
	    {"overlong '/' in 2 bytes", "\xc0\xaf", R R},
	    {"overlong NUL in 2 bytes", "\xc0\x80", R R},
	    {"overlong '/' in 3 bytes", "\xe0\x80\xaf", R R R},
	    {"overlong '/' in 4 bytes", "\xf0\x80\x80\xaf", R R R R},
	    {"high surrogate", "\xed\xa0\x80", R R R},
	    {"low surrogate", "\xed\xbf\xbf", R R R},
	    {"above U+10FFFF", "\xf4\x90\x80\x80", R R R R},
	    {"5-byte lead", "\xf8\x88\x80\x80\x80", R R R R R},
	    {"truncated at the end", "ok\xe2\x82", "ok" R R},
	    {"truncated before ASCII", "\xe2\x82z", R R "z"},
	    {"truncated 4-byte before valid", "\xf0\x9f\x98\xc3\xa9", R R R "\xc3\xa9"},
	};
#undef R
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned long rep;
		char *text = one_string(cases[i].in, strlen(cases[i].in), &rep);
		json_error_t e;
		json_t *j = json_loads(text, 0, &e); /* jansson rejects invalid UTF-8 */
		if (!j)
			fail_msg("%s: not valid JSON: %s", cases[i].what, e.text);
		if (strcmp(json_string_value(json_array_get(j, 0)), cases[i].out) != 0)
			fail_msg("%s: got %s", cases[i].what, text);
		assert_int_equal(rep, 1);
		json_decref(j);
		free(text);
	}
}

static void test_repaired_counts_strings_and_names(void **state)
{
	(void)state;
	struct out o;
	open_out(&o, IFW_JW_COMPACT);
	ifw_jw_start_object(&o.w);
	ifw_jw_string_field(&o.w, "a", "fine");
	ifw_jw_string_field(&o.w, "b\xff", "\xc0\xc0\xc0");
	ifw_jw_string_field(&o.w, "c", "x\xed\xa0\x80");
	ifw_jw_end_object(&o.w);
	assert_int_equal(ifw_jw_repaired(&o.w), 3); /* one per string, however many bytes */
	assert_int_equal(close_out(&o), 0);
	json_t *j = parse(&o);
	assert_string_equal(json_string_value(json_object_get(j, "b\xef\xbf\xbd")),
	                    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	json_decref(j);
	free(o.buf);
}

static void test_numbers(void **state)
{
	(void)state;
	struct out o;
	open_out(&o, IFW_JW_COMPACT);
	ifw_jw_start_array(&o.w);
	const int64_t ints[] = {0, 1, -1, 9, 10, -10, 1234567890, INT32_MIN, INT64_MAX, INT64_MIN};
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		ifw_jw_int(&o.w, ints[i]);
	ifw_jw_uint(&o.w, 0);
	ifw_jw_uint(&o.w, UINT32_MAX);
	ifw_jw_uint(&o.w, (uint64_t)INT64_MAX);
	ifw_jw_end_array(&o.w);
	assert_int_equal(close_out(&o), 0);
	assert_string_equal(o.buf, "[0,1,-1,9,10,-10,1234567890,-2147483648,9223372036854775807,"
	                           "-9223372036854775808,0,4294967295,9223372036854775807]\n");
	json_t *j = parse(&o);
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		assert_true(json_integer_value(json_array_get(j, i)) == ints[i]);
	json_decref(j);
	free(o.buf);
	/* Beyond jansson's integers, so checked as text. */
	open_out(&o, IFW_JW_COMPACT);
	ifw_jw_uint(&o.w, UINT64_MAX);
	assert_int_equal(close_out(&o), 0);
	assert_string_equal(o.buf, "18446744073709551615\n");
	free(o.buf);
}

/* Fractions read back exactly; whole values stay reals; what JSON cannot hold is null. */
static void test_doubles(void **state)
{
	(void)state;
	struct out o;
	open_out(&o, IFW_JW_COMPACT);
	ifw_jw_start_array(&o.w);
	const double ds[] = {0.1, 2.0, -1.5, 1e300, 5e-324, 51.234567};
	for (size_t i = 0; i < sizeof(ds) / sizeof(ds[0]); i++)
		ifw_jw_double(&o.w, ds[i]);
	ifw_jw_double(&o.w, 0.0 / 0.0);
	ifw_jw_double(&o.w, 1.0 / 0.0);
	ifw_jw_end_array(&o.w);
	assert_int_equal(close_out(&o), 0);
	assert_non_null(strstr(o.buf, ",2.0,"));
	json_t *j = parse(&o);
	for (size_t i = 0; i < sizeof(ds) / sizeof(ds[0]); i++) {
		assert_true(json_is_real(json_array_get(j, i)));
		assert_true(json_real_value(json_array_get(j, i)) == ds[i]);
	}
	assert_true(json_is_null(json_array_get(j, 6)));
	assert_true(json_is_null(json_array_get(j, 7)));
	json_decref(j);
	free(o.buf);
}

/* depth nested arrays with an object in the middle, written and read back. */
static void test_deep_nesting(void **state)
{
	(void)state;
	const unsigned depth = 1000; /* below jansson's parser limit of 2048 */
	struct out o;
	open_out(&o, IFW_JW_PRETTY);
	for (unsigned i = 0; i < depth; i++)
		ifw_jw_start_array(&o.w);
	ifw_jw_start_object(&o.w);
	ifw_jw_int_field(&o.w, "depth", depth);
	ifw_jw_end_object(&o.w);
	for (unsigned i = 0; i < depth; i++)
		ifw_jw_end_array(&o.w);
	assert_int_equal(close_out(&o), 0);
	json_t *j = parse(&o);
	json_t *p = j;
	for (unsigned i = 0; i < depth; i++) {
		assert_true(json_is_array(p));
		assert_int_equal(json_array_size(p), 1);
		p = json_array_get(p, 0);
	}
	assert_int_equal(json_integer_value(json_object_get(p, "depth")), depth);
	json_decref(j);
	free(o.buf);

	/* Far deeper than any parser allows: the writer has no stack, the brackets still match. */
	const unsigned deep = 200000;
	open_out(&o, IFW_JW_COMPACT);
	for (unsigned i = 0; i < deep; i++) {
		ifw_jw_start_object(&o.w);
		ifw_jw_name(&o.w, "k");
	}
	ifw_jw_null(&o.w);
	for (unsigned i = 0; i < deep; i++)
		ifw_jw_end_object(&o.w);
	assert_int_equal(close_out(&o), 0);
	assert_int_equal(o.len, (size_t)deep * 6 + 4 + 1); /* {"k": ... } each, null, newline */
	assert_memory_equal(o.buf, "{\"k\":{\"k\":", 10);
	assert_memory_equal(o.buf + deep * 5, "null}}", 6);
	free(o.buf);
}

static void write_sample(struct ifw_jw *w)
{
	ifw_jw_start_object(w);
	ifw_jw_int_field(w, "a", 1);
	ifw_jw_array_field(w, "b");
	ifw_jw_bool(w, true);
	ifw_jw_bool(w, false);
	ifw_jw_null(w);
	ifw_jw_end_array(w);
	ifw_jw_object_field(w, "c");
	ifw_jw_end_object(w);
	ifw_jw_array_field(w, "d");
	ifw_jw_end_array(w);
	ifw_jw_object_field(w, "e");
	ifw_jw_string_field(w, "f", NULL);
	ifw_jw_end_object(w);
	ifw_jw_end_object(w);
}

static void test_layouts(void **state)
{
	(void)state;
	static const struct {
		unsigned levels;
		const char *text;
	} cases[] = {
	    {IFW_JW_COMPACT,
	     "{\"a\":1,\"b\":[true,false,null],\"c\":{},\"d\":[],\"e\":{\"f\":null}}\n"},
	    {1, "{\n  \"a\": 1,\n  \"b\": [true,false,null],\n  \"c\": {},\n  \"d\": [],\n"
	        "  \"e\": {\"f\":null}\n}\n"},
	    {IFW_JW_PRETTY, "{\n  \"a\": 1,\n  \"b\": [\n    true,\n    false,\n    null\n  ],\n"
	                    "  \"c\": {},\n  \"d\": [],\n  \"e\": {\n    \"f\": null\n  }\n}\n"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct out o;
		open_out(&o, cases[i].levels);
		write_sample(&o.w);
		assert_int_equal(close_out(&o), 0);
		assert_string_equal(o.buf, cases[i].text);
		json_decref(parse(&o));
		free(o.buf);
	}
}

static void test_misuse_fails(void **state)
{
	(void)state;
	struct out o;
	open_out(&o, IFW_JW_COMPACT); /* a container left open */
	ifw_jw_start_object(&o.w);
	assert_int_equal(close_out(&o), -1);
	free(o.buf);
	open_out(&o, IFW_JW_COMPACT); /* closed twice */
	ifw_jw_start_array(&o.w);
	ifw_jw_end_array(&o.w);
	ifw_jw_end_array(&o.w);
	assert_int_equal(close_out(&o), -1);
	free(o.buf);
	open_out(&o, IFW_JW_COMPACT); /* a name without a value */
	ifw_jw_start_object(&o.w);
	ifw_jw_name(&o.w, "x");
	ifw_jw_end_object(&o.w);
	assert_int_equal(close_out(&o), -1);
	free(o.buf);
	open_out(&o, IFW_JW_COMPACT); /* a name outside any object */
	ifw_jw_name(&o.w, "x");
	ifw_jw_null(&o.w);
	assert_int_equal(close_out(&o), -1);
	free(o.buf);
}

static void test_write_error_reported(void **state)
{
	(void)state;
	FILE *f = fopen("/dev/full", "w");
	if (!f)
		skip();
	struct ifw_jw w;
	ifw_jw_init(&w, f, IFW_JW_PRETTY);
	ifw_jw_start_array(&w);
	for (int i = 0; i < 100000; i++)
		ifw_jw_string(&w, "a string that fills the disk");
	ifw_jw_end_array(&w);
	assert_int_equal(ifw_jw_finish(&w), -1);
	fclose(f);
}

/* A million values through the writer: the heap in use must not grow with them. */
static void test_memory_does_not_grow(void **state)
{
	(void)state;
#ifndef __linux__
	skip(); /* no mallinfo2 to read the heap with */
#else
	FILE *f = fopen("/dev/null", "w");
	assert_non_null(f);
	struct ifw_jw w;
	ifw_jw_init(&w, f, 3);
	ifw_jw_start_array(&w);
	ifw_jw_string(&w, "warm-up: the FILE allocates its buffer on the first write");
	struct mallinfo2 before = mallinfo2();
	for (int i = 0; i < 1000000; i++) {
		ifw_jw_start_object(&w);
		ifw_jw_int_field(&w, "i", i);
		ifw_jw_string_field(&w, "s", "text with \"quotes\", \t and \xff");
		ifw_jw_end_object(&w);
	}
	struct mallinfo2 after = mallinfo2();
	ifw_jw_end_array(&w);
	assert_int_equal(ifw_jw_finish(&w), 0);
	assert_int_equal(ifw_jw_repaired(&w), 1000000);
	fclose(f);
	assert_true(after.uordblks <= before.uordblks);
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_control_characters),
	    cmocka_unit_test(test_quotes_backslash_and_plain_ascii),
	    cmocka_unit_test(test_valid_utf8_kept),
	    cmocka_unit_test(test_invalid_utf8_replaced),
	    cmocka_unit_test(test_repaired_counts_strings_and_names),
	    cmocka_unit_test(test_numbers),
	    cmocka_unit_test(test_doubles),
	    cmocka_unit_test(test_deep_nesting),
	    cmocka_unit_test(test_layouts),
	    cmocka_unit_test(test_misuse_fails),
	    cmocka_unit_test(test_write_error_reported),
	    cmocka_unit_test(test_memory_does_not_grow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
