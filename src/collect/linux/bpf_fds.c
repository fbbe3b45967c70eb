/* Every process's socket and tun fds in one read, from a BPF task_file iterator: the kernel walks
 * the fd tables itself instead of ifwho resolving /proc/PID/fd/N links one by one (the slowest
 * part of any lsof-like scan). The program is a few instructions, assembled here with field
 * offsets read from the kernel's BTF, so neither libbpf nor a compiler is needed at run time.
 * Anything unavailable (no BTF, not root, an old kernel, a verifier that says no) makes the
 * caller fall back to /proc. */
#include "collect/linux/bpf_fds.h"
#include "collect/linux/btf.h"

#include <errno.h>
#include <stdio.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define INSN(c, d, s, o, i)                                                                        \
	((struct bpf_insn){.code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i)})
#define MOV64_REG(d, s)      INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define MOV64_IMM(d, i)      INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define ALU64_IMM(op, d, i)  INSN(BPF_ALU64 | (op) | BPF_K, d, 0, 0, i)
#define LDX(sz, d, s, o)     INSN(BPF_LDX | (sz) | BPF_MEM, d, s, o, 0)
#define STX(sz, d, s, o)     INSN(BPF_STX | (sz) | BPF_MEM, d, s, o, 0)
#define JMP_IMM(op, d, i, o) INSN(BPF_JMP | (op) | BPF_K, d, 0, o, i)
#define JA(o)                INSN(BPF_JMP | BPF_JA, 0, 0, o, 0)
#define CALL(f)              INSN(BPF_JMP | BPF_CALL, 0, 0, 0, f)
#define EXIT()               INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

static int size_code(uint32_t size)
{
	return size == 8 ? BPF_DW : size == 4 ? BPF_W : size == 2 ? BPF_H : size == 1 ? BPF_B : -1;
}

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

struct offsets {
	uint32_t f_inode, i_mode, i_ino, i_rdev, tgid, leader, start;
	uint32_t s_mode, s_ino, s_rdev, s_tgid, s_start;
	uint32_t func_id;
};

static int find_offsets(struct offsets *o, struct ifw_err *err)
{
	struct ifw_btf b;
	if (ifw_btf_open(&b, "/sys/kernel/btf/vmlinux", err) < 0)
		return -1;
	static const char *const names[] = {"bpf_iter_task_file", "file", "inode", "task_struct"};
	static const int kinds[] = {BTF_KIND_FUNC, BTF_KIND_STRUCT, BTF_KIND_STRUCT,
	                            BTF_KIND_STRUCT};
	uint32_t id[4], sz = 0;
	ifw_btf_find(&b, 4, names, kinds, id);
	o->func_id = id[0];
	int rc = 0;
	if (!id[0] || ifw_btf_member_of(&b, id[1], "f_inode", &o->f_inode, &sz) < 0 || sz != 8 ||
	    ifw_btf_member_of(&b, id[2], "i_mode", &o->i_mode, &o->s_mode) < 0 ||
	    ifw_btf_member_of(&b, id[2], "i_ino", &o->i_ino, &o->s_ino) < 0 ||
	    ifw_btf_member_of(&b, id[2], "i_rdev", &o->i_rdev, &o->s_rdev) < 0 ||
	    ifw_btf_member_of(&b, id[3], "tgid", &o->tgid, &o->s_tgid) < 0 ||
	    ifw_btf_member_of(&b, id[3], "group_leader", &o->leader, &sz) < 0 || sz != 8 ||
	    ifw_btf_member_of(&b, id[3], "start_boottime", &o->start, &o->s_start) < 0 ||
	    o->s_start != 8 || o->leader > INT16_MAX || o->start > INT16_MAX ||
	    size_code(o->s_mode) < 0 || size_code(o->s_ino) < 0 || size_code(o->s_rdev) < 0 ||
	    size_code(o->s_tgid) < 0 || o->f_inode > INT16_MAX || o->i_mode > INT16_MAX ||
	    o->i_ino > INT16_MAX || o->i_rdev > INT16_MAX || o->tgid > INT16_MAX)
		rc = ifw_fail(err, IFW_E_NOTFOUND,
		              "the kernel's BTF lacks the fields the fd iterator needs");
	ifw_btf_close(&b);
	return rc;
}

/* Writes one struct ifw_fd_rec per socket or tun fd: r6 = ctx, r7 = file, r8 = task, r9 = inode.
 * Jumps to "exit" and "store" are patched once their places are known. */
static size_t assemble(struct bpf_insn *p, const struct offsets *o)
{
	size_t n = 0, to_exit[8], n_exit = 0, to_store;
	/* struct bpf_iter__task_file: meta at 0, task at 8, fd at 16, file at 24 (fixed ABI). */
	p[n++] = MOV64_REG(6, 1);
	p[n++] = LDX(BPF_DW, 7, 6, 24);
	to_exit[n_exit++] = n;
	p[n++] = JMP_IMM(BPF_JEQ, 7, 0, 0);
	p[n++] = LDX(BPF_DW, 8, 6, 8);
	to_exit[n_exit++] = n;
	p[n++] = JMP_IMM(BPF_JEQ, 8, 0, 0);
	p[n++] = LDX(BPF_DW, 9, 7, (int16_t)o->f_inode);
	to_exit[n_exit++] = n;
	p[n++] = JMP_IMM(BPF_JEQ, 9, 0, 0);
	p[n++] = LDX(size_code(o->s_mode), 1, 9, (int16_t)o->i_mode);
	p[n++] = ALU64_IMM(BPF_AND, 1, 0170000);
	p[n++] = MOV64_IMM(3, IFW_FD_REC_SOCKET);
	to_store = n;
	p[n++] = JMP_IMM(BPF_JEQ, 1, 0140000, 0); /* a socket */
	to_exit[n_exit++] = n;
	p[n++] = JMP_IMM(BPF_JNE, 1, 0020000, 0); /* not a character device */
	p[n++] = LDX(size_code(o->s_rdev), 2, 9, (int16_t)o->i_rdev);
	to_exit[n_exit++] = n;
	p[n++] = JMP_IMM(BPF_JNE, 2, (10 << 20) | 200, 0); /* not 10:200, /dev/net/tun */
	p[n++] = MOV64_IMM(3, IFW_FD_REC_TUN);
	size_t store = n;
	/* the record on the stack, at r10-32 (struct ifw_fd_rec) */
	p[n++] = STX(BPF_W, 10, 3, -32);
	p[n++] = LDX(size_code(o->s_tgid), 2, 8, (int16_t)o->tgid);
	p[n++] = STX(BPF_W, 10, 2, -28);
	p[n++] = LDX(BPF_W, 2, 6, 16);
	p[n++] = STX(BPF_W, 10, 2, -24);
	p[n++] = MOV64_IMM(2, 0);
	p[n++] = STX(BPF_W, 10, 2, -20);
	p[n++] = LDX(size_code(o->s_ino), 2, 9, (int16_t)o->i_ino);
	p[n++] = STX(BPF_DW, 10, 2, -16);
	p[n++] = LDX(BPF_DW, 2, 8, (int16_t)o->leader);
	p[n++] = STX(BPF_DW, 10, 2, -8); /* 0 if the leader is gone; else overwritten below */
	to_exit[n_exit++] = n;
	p[n++] = JMP_IMM(BPF_JEQ, 2, 0, 0);
	p[n++] = LDX(BPF_DW, 2, 2, (int16_t)o->start);
	p[n++] = STX(BPF_DW, 10, 2, -8);
	p[n++] = LDX(BPF_DW, 1, 6, 0); /* meta */
	p[n++] = LDX(BPF_DW, 1, 1, 0); /* meta->seq */
	p[n++] = MOV64_REG(2, 10);
	p[n++] = ALU64_IMM(BPF_ADD, 2, -32);
	p[n++] = MOV64_IMM(3, 32);
	p[n++] = CALL(BPF_FUNC_seq_write);
	size_t exit = n;
	p[n++] = MOV64_IMM(0, 0);
	p[n++] = EXIT();
	for (size_t i = 0; i < n_exit; i++)
		p[to_exit[i]].off = (int16_t)(exit - to_exit[i] - 1);
	p[to_store].off = (int16_t)(store - to_store - 1);
	return n;
}

/* Loads and attaches the iterator program; the link serves every later walk of the run. */
static int attach(bool verifier_log, struct ifw_err *err)
{
	struct offsets o;
	if (find_offsets(&o, err) < 0)
		return -1;
	struct bpf_insn prog[48];
	size_t n = assemble(prog, &o);
	static const char license[] = "GPL";
	union bpf_attr attr;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_TRACING;
	attr.expected_attach_type = BPF_TRACE_ITER;
	attr.attach_btf_id = o.func_id;
	attr.insns = (uint64_t)(uintptr_t)prog;
	attr.insn_cnt = (uint32_t)n;
	attr.license = (uint64_t)(uintptr_t)license;
	memcpy(attr.prog_name, "ifw_fds", 8);
	int prog_fd = (int)sys_bpf(BPF_PROG_LOAD, &attr);
	if (prog_fd < 0) {
		/* Ask again with the verifier's log, to say why in the error. */
		int e = errno;
		char log[4096] = "";
		attr.log_buf = (uint64_t)(uintptr_t)log;
		attr.log_size = sizeof(log);
		attr.log_level = 1;
		sys_bpf(BPF_PROG_LOAD, &attr);
		if (verifier_log)
			fputs(log, stderr);
		const char *last = log;
		for (const char *q = log; *q; q++)
			if (*q == '\n' && q[1])
				last = q + 1;
		return ifw_fail(err, e == EPERM ? IFW_E_PERM : IFW_E_SYS,
		                "loading the BPF fd iterator: %s%s%.200s", strerror(e),
		                *last ? ": " : "", last);
	}
	memset(&attr, 0, sizeof(attr));
	attr.link_create.prog_fd = (uint32_t)prog_fd;
	attr.link_create.attach_type = BPF_TRACE_ITER;
	int link_fd = (int)sys_bpf(BPF_LINK_CREATE, &attr);
	int e = errno;
	close(prog_fd);
	if (link_fd < 0)
		return ifw_fail_errno(err, e, "attaching the BPF fd iterator");
	return link_fd; /* close-on-exec, as every fd bpf() makes */
}

int ifw_bpf_fds(struct ifw_fd_rec **out, size_t *n_out, bool verifier_log, struct ifw_err *err)
{
	*out = NULL;
	*n_out = 0;
	/* The BTF lookups and the verifier run once; a second walk (the recheck after the socket
	 * dumps) only starts a new iterator on the same link. */
	static int link_fd = -1;
	if (link_fd < 0 && (link_fd = attach(verifier_log, err)) < 0)
		return -1;
	union bpf_attr attr;
	memset(&attr, 0, sizeof(attr));
	attr.iter_create.link_fd = (uint32_t)link_fd;
	int it = (int)sys_bpf(BPF_ITER_CREATE, &attr);
	int e = errno;
	if (it < 0)
		return ifw_fail_errno(err, e, "starting the BPF fd iterator");

	size_t cap = 4096, len = 0;
	struct ifw_fd_rec *v = malloc(cap * sizeof(*v));
	int rc = v ? 0 : ifw_fail(err, IFW_E_NOMEM, "out of memory reading fds");
	while (rc == 0) {
		if (len == cap) {
			struct ifw_fd_rec *nv = realloc(v, 2 * cap * sizeof(*v));
			if (!nv) {
				rc = ifw_fail(err, IFW_E_NOMEM, "out of memory reading fds");
				break;
			}
			v = nv;
			cap *= 2;
		}
		ssize_t r = read(it, v + len, (cap - len) * sizeof(*v));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			/* EAGAIN: the kernel restarts the walk when a table changes under it */
			rc = ifw_fail_errno(err, errno, "reading the BPF fd iterator");
			break;
		}
		if (r == 0)
			break;
		len += (size_t)r / sizeof(*v);
	}
	close(it);
	if (rc < 0) {
		free(v);
		return -1;
	}
	*out = v;
	*n_out = len;
	return 0;
}
