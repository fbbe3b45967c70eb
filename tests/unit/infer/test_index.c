/* The analysis's shared lookups: a process's knowledge entry is found once per name, and
 * processes that differ in what the lookup reads (comm, exe, argv[0]) never share one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "infer/index.h"

static ifw_id proc(struct ifw_model *m, int32_t pid, const char *comm, const char *exe,
                   const char *cmdline)
{
	struct ifw_process *p = ifw_model_add_proc(m);
	assert_non_null(p);
	p->pid = pid;
	p->comm = comm;
	p->exe = exe;
	p->cmdline = cmdline;
	return (ifw_id)(p - m->procs.v);
}

static void test_same_name_same_entry(void **state)
{
	(void)state;
	struct ifw_kb *kb = NULL;
	struct ifw_err err = {0};
	const char *dirs[] = {SRC_DATA "/knowledge"};
	assert_int_equal(ifw_kb_load(&kb, dirs, 1, &err), 0);
	struct ifw_model m;
	ifw_model_init(&m);
	assert_non_null(ifw_model_add_netns(&m));
	/* many of one program, as on a node with a pause process per pod */
	ifw_id first = proc(&m, 100, "pluto", "/usr/libexec/ipsec/pluto", "pluto --nofork");
	ifw_id same[300];
	for (int i = 0; i < 300; i++)
		same[i] = proc(&m, 101 + i, "pluto", "/usr/libexec/ipsec/pluto", "pluto --x");
	/* same comm and exe, but argv[0] names a known program: a different answer possible */
	ifw_id arg0 = proc(&m, 500, "python3", "/usr/bin/python3.11", "racoon -F");
	ifw_id plain = proc(&m, 501, "python3", "/usr/bin/python3.11", "python3 x.py");
	/* comm alone differs */
	ifw_id other = proc(&m, 502, "charon", "/usr/libexec/ipsec/pluto", "pluto --nofork");
	ifw_id unknown = proc(&m, 503, "bench-svc", NULL, NULL);
	ifw_id unknown2 = proc(&m, 504, "bench-svc", NULL, NULL);
	assert_int_equal(ifw_model_index(&m), 0);
	struct ifw_infer_index *x = ifw_infer_index_new(&m, kb);
	assert_non_null(x);
	const struct ifw_kb_process *k = ifw_index_proc_kb(x, first);
	assert_non_null(k);
	assert_string_equal(k->software, "Libreswan");
	for (int i = 0; i < 300; i++)
		assert_ptr_equal(ifw_index_proc_kb(x, same[i]), k);
	/* each checked against a fresh lookup, in an order where the shortcut would be tried */
	assert_ptr_equal(ifw_index_proc_kb(x, plain),
	                 ifw_kb_process(kb, "python3", "/usr/bin/python3.11", "python3 x.py"));
	const struct ifw_kb_process *r = ifw_index_proc_kb(x, arg0);
	assert_non_null(r);
	assert_string_equal(r->software, "racoon (ipsec-tools)");
	const struct ifw_kb_process *c = ifw_index_proc_kb(x, other);
	assert_ptr_equal(c, ifw_kb_process(kb, "charon", "/usr/libexec/ipsec/pluto", "pluto"));
	assert_null(ifw_index_proc_kb(x, unknown));
	assert_null(ifw_index_proc_kb(x, unknown2));
	ifw_infer_index_free(x);
	ifw_model_free(&m);
	ifw_kb_free(kb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_same_name_same_entry),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
