/* ifw_bpf_load_with_log (collect/linux/bpf_load.c): a program the verifier accepts gives its fd;
 * one it refuses gives an error that quotes the verifier's reason (asked for with a second load),
 * not its statistics line. Needs CAP_BPF (root); skipped without it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "collect/linux/bpf_load.h"

#include <unistd.h>

static const char license[] = "GPL";

/* A socket filter of two instructions: r0 = imm (when set_r0), exit. */
static void prog_attr(union bpf_attr *attr, struct bpf_insn *insns, bool set_r0)
{
	memset(insns, 0, 2 * sizeof(*insns));
	size_t n = 0;
	if (set_r0)
		insns[n++] = (struct bpf_insn){.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0};
	insns[n++] = (struct bpf_insn){.code = BPF_JMP | BPF_EXIT};
	memset(attr, 0, sizeof(*attr));
	attr->prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr->insns = (uint64_t)(uintptr_t)insns;
	attr->insn_cnt = (uint32_t)n;
	attr->license = (uint64_t)(uintptr_t)license;
}

static void accepted_and_refused(void **state)
{
	(void)state;
	struct bpf_insn insns[2];
	union bpf_attr attr;
	struct ifw_err err = {0};
	prog_attr(&attr, insns, true);
	int fd = ifw_bpf_load_with_log(&attr, false, "the test program", &err);
	if (fd < 0 && err.code == IFW_E_PERM)
		skip(); /* not privileged to load BPF */
	assert_true(fd >= 0);
	close(fd);
	/* exit without setting r0: the verifier says R0 was never written */
	prog_attr(&attr, insns, false);
	memset(&err, 0, sizeof(err));
	assert_int_equal(ifw_bpf_load_with_log(&attr, false, "the test program", &err), -1);
	assert_int_equal(err.code, IFW_E_SYS);
	if (!strstr(err.msg, "loading the test program: ") || !strstr(err.msg, "R0 !read_ok") ||
	    strstr(err.msg, "processed "))
		fail_msg("unexpected error: %s", err.msg);
	assert_null(strchr(err.msg, '\n')); /* one line */
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(accepted_and_refused)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
