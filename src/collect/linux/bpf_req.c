/* Who asks for a link: a BPF program sees ioctl(TUNSETIFF) and sendmsg/sendto whose first netlink
 * message is RTM_NEWLINK/DELLINK/SETLINK, and copies, in the caller's own context, its pid, uid,
 * comm, parent, the message's first 512 bytes and its command line (from mm->arg_start) into a
 * ring buffer. So a creator that exits a millisecond later is still known. fentry, kprobes and
 * BPF LSM programs are refused on this kernel; raw tracepoints are not.
 *
 * Where it hooks: the `notifier_run` raw tracepoint, which the kernel fires before each callback
 * of a notifier chain. Every link change runs the netdevice chain in the context of the process
 * that asked, still inside its system call, before the rtnetlink notification goes out: the
 * program reads that call's number and arguments from the task's saved user registers (at the
 * top of its kernel stack). Notifier chains run only when something is configured, so the rest
 * of the system pays nothing. One request runs dozens of callbacks: a per-CPU "last record"
 * (thread, the message's first 24 bytes, which hold its sequence number) keeps one. On kernels
 * without that tracepoint the program sits on `sys_enter` instead, which costs every system call
 * of every process the kernel's slow entry path (docs/PERFORMANCE.md, the interface storm).
 *
 * Like bpf_fds.c the program is assembled here (field offsets from the kernel's BTF): no libbpf,
 * no BPF compiler at build or run time, and one binary for a fleet. */
#include "collect/linux/bpf_load.h"
#include "collect/linux/btf.h"
#include "collect/linux/linkreq.h"

#include <errno.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The program writes the record's fields at offsetof(struct ifw_req_raw, field): the C layout
 * is the only layout. Each store's width must be its field's. */
#define RAW(f)      ((int16_t)offsetof(struct ifw_req_raw, f))
#define RAW_SIZE(f) sizeof(((struct ifw_req_raw *)0)->f)
_Static_assert(RAW_SIZE(source) == 4 && RAW_SIZE(tgid) == 4 && RAW_SIZE(tid) == 4 &&
                   RAW_SIZE(uid) == 4 && RAW_SIZE(ppid) == 4 && RAW_SIZE(msg_len) == 4 &&
                   RAW_SIZE(cmd_len) == 4 && RAW_SIZE(netns) == 4 && RAW_SIZE(fd) == 4,
               "32-bit stores (BPF_W)");
_Static_assert(RAW_SIZE(ktime_ns) == 8 && RAW(ktime_ns) % 8 == 0, "an aligned 64-bit store");
_Static_assert(RAW_SIZE(comm) == 16, "bpf_get_current_comm fills 16 bytes");
_Static_assert(RAW_SIZE(msg) == IFW_REQ_MSG_MAX && RAW_SIZE(cmdline) == IFW_REQ_CMD_MAX,
               "copies bounded by the fields' sizes");
_Static_assert(sizeof(struct ifw_req_raw) < 32768, "offsets fit a BPF instruction's 16 bits");

#define RING_BYTES (4u << 20)

/* x86-64 system call numbers and struct pt_regs offsets (the raw tracepoint's regs). */
#if defined(__x86_64__)
#define NR_IOCTL     16
#define NR_SENDTO    44
#define NR_SENDMSG   46
#define REGS_SI      104
#define REGS_DI      112
#define REGS_DX      96
#define REGS_ORIG_AX 120
#define PT_REGS_SIZE 168
#define THREAD_SIZE  16384 /* x86-64 without KASAN: 4 pages */
#else
#define IFW_NO_BPF_REQ 1
#endif

#define TUNSETIFF_CMD 0x400454ca

#define INSN(c, d, s, o, i)                                                                        \
	((struct bpf_insn){.code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i)})

struct ifw_bpfreq {
	int ring_fd, lost_fd, last_fd, link_fd;
	const char *hook; /* the tracepoint it is attached to */
	void *cons;       /* consumer position page (read-write) */
	void *prod;       /* producer position page + data mapped twice (read-only) */
	size_t page;
};

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

#ifndef IFW_NO_BPF_REQ

/* A tiny assembler: jumps name a label, resolved at the end. */
enum label {
	L_IOCTL,
	L_SENDTO,
	L_SENDMSG,
	L_CHECK,
	L_NLOK,
	L_DEDUP,
	L_NEW,
	L_RECORD,
	L_LOST,
	L_NOCMD,
	L_OUT,
	L_N
};

/* Where the program is attached. */
enum hook { HOOK_NOTIFIER, HOOK_SYS_ENTER };

struct asm_ {
	struct bpf_insn p[512];
	size_t n;
	size_t at[L_N];
	struct {
		size_t insn;
		enum label l;
	} fix[96];
	size_t n_fix;
};

static void op(struct asm_ *a, struct bpf_insn i)
{
	if (a->n < sizeof(a->p) / sizeof(a->p[0]))
		a->p[a->n++] = i;
}
static void label(struct asm_ *a, enum label l)
{
	a->at[l] = a->n;
}
static void jmp(struct asm_ *a, uint8_t cond, uint8_t reg, int32_t imm, enum label l)
{
	if (a->n_fix < sizeof(a->fix) / sizeof(a->fix[0])) {
		a->fix[a->n_fix].insn = a->n;
		a->fix[a->n_fix++].l = l;
	}
	op(a, INSN(cond == BPF_JA ? (BPF_JMP | BPF_JA) : (BPF_JMP | cond | BPF_K), reg, 0, 0, imm));
}
/* if (dst cond src) goto l, registers compared */
static void jmp_r(struct asm_ *a, uint8_t cond, uint8_t dst, uint8_t src, enum label l)
{
	if (a->n_fix < sizeof(a->fix) / sizeof(a->fix[0])) {
		a->fix[a->n_fix].insn = a->n;
		a->fix[a->n_fix++].l = l;
	}
	op(a, INSN(BPF_JMP | cond | BPF_X, dst, src, 0, 0));
}
static void resolve(struct asm_ *a)
{
	for (size_t i = 0; i < a->n_fix; i++)
		a->p[a->fix[i].insn].off = (int16_t)(a->at[a->fix[i].l] - a->fix[i].insn - 1);
}
#define MOV_R(d, s)      INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define MOV_I(d, i)      INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV32_R(d, s)    INSN(BPF_ALU | BPF_MOV | BPF_X, d, s, 0, 0)
#define ADD_I(d, i)      INSN(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define SUB_R(d, s)      INSN(BPF_ALU64 | BPF_SUB | BPF_X, d, s, 0, 0)
#define AND_I(d, i)      INSN(BPF_ALU64 | BPF_AND | BPF_K, d, 0, 0, i)
#define RSH_I(d, i)      INSN(BPF_ALU64 | BPF_RSH | BPF_K, d, 0, 0, i)
#define LDX(sz, d, s, o) INSN(BPF_LDX | (sz) | BPF_MEM, d, s, o, 0)
#define STX(sz, d, s, o) INSN(BPF_STX | (sz) | BPF_MEM, d, s, o, 0)
#define ST(sz, d, o, i)  INSN(BPF_ST | (sz) | BPF_MEM, d, 0, o, i)
#define CALL(f)          INSN(BPF_JMP | BPF_CALL, 0, 0, 0, f)
#define EXIT()           INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

static void ld_map(struct asm_ *a, uint8_t reg, int fd)
{
	op(a, INSN(BPF_LD | BPF_DW | BPF_IMM, reg, BPF_PSEUDO_MAP_FD, 0, fd));
	op(a, INSN(0, 0, 0, 0, 0));
}

/* probe_read_{kernel,user}(fp+dst_off, size, src_reg + src_off) */
static void read_to_stack(struct asm_ *a, int helper, int16_t dst_off, int32_t size, uint8_t src,
                          int32_t src_off)
{
	op(a, MOV_R(3, src));
	if (src_off)
		op(a, ADD_I(3, src_off));
	op(a, MOV_R(1, 10));
	op(a, ADD_I(1, dst_off));
	op(a, MOV_I(2, size));
	op(a, CALL(helper));
}

struct offsets {
	uint32_t real_parent, tgid, mm, arg_start, arg_end;
	uint32_t nsproxy, net_ns, ns_inum; /* task->nsproxy->net_ns->ns.inum */
	uint32_t stack;                    /* task->stack: the saved user registers at its top */
	uint32_t regs_at;                  /* their offset from task->stack */
};

static int find_offsets(struct offsets *o, struct ifw_err *err)
{
	struct ifw_btf b;
	if (ifw_btf_open(&b, "/sys/kernel/btf/vmlinux", err) < 0)
		return -1;
	uint32_t sz[5];
	int rc = 0;
	if (ifw_btf_member(&b, "task_struct", "real_parent", &o->real_parent, &sz[0]) < 0 ||
	    ifw_btf_member(&b, "task_struct", "tgid", &o->tgid, &sz[1]) < 0 ||
	    ifw_btf_member(&b, "task_struct", "mm", &o->mm, &sz[2]) < 0 ||
	    ifw_btf_member(&b, "mm_struct", "arg_start", &o->arg_start, &sz[3]) < 0 ||
	    ifw_btf_member(&b, "mm_struct", "arg_end", &o->arg_end, &sz[4]) < 0 || sz[0] != 8 ||
	    sz[1] != 4 || sz[2] != 8 || sz[3] != 8 || sz[4] != 8)
		rc = ifw_fail(
		    err, IFW_E_NOTFOUND,
		    "the kernel's BTF lacks the task and mm fields the request tracer needs");
	uint32_t ns_off = 0, inum_off = 0;
	if (rc == 0 && (ifw_btf_member(&b, "task_struct", "nsproxy", &o->nsproxy, &sz[0]) < 0 ||
	                ifw_btf_member(&b, "nsproxy", "net_ns", &o->net_ns, &sz[1]) < 0 ||
	                ifw_btf_member(&b, "net", "ns", &ns_off, &sz[2]) < 0 ||
	                ifw_btf_member(&b, "ns_common", "inum", &inum_off, &sz[3]) < 0 ||
	                sz[0] != 8 || sz[1] != 8 || sz[3] != 4))
		rc = ifw_fail(
		    err, IFW_E_NOTFOUND,
		    "the kernel's BTF lacks the namespace fields the request tracer needs");
	o->ns_inum = ns_off + inum_off;
	if (rc == 0 &&
	    (ifw_btf_member(&b, "task_struct", "stack", &o->stack, &sz[0]) < 0 || sz[0] != 8))
		rc = ifw_fail(err, IFW_E_NOTFOUND, "the kernel's BTF lacks task_struct.stack");
	/* With FRED the stack's top keeps 16 bytes free above the registers (x86's
	 * TOP_OF_KERNEL_STACK_PADDING); its types are in BTF only then. */
	static const char *const fred[] = {"fred_info"};
	static const int fred_kind[] = {BTF_KIND_STRUCT};
	uint32_t fred_id = 0;
	ifw_btf_find(&b, 1, fred, fred_kind, &fred_id);
	o->regs_at = THREAD_SIZE - (fred_id ? 16 : 0) - PT_REGS_SIZE;
	ifw_btf_close(&b);
	return rc;
}

/* r8 = the user registers of the system call (r6: the tracepoint's context, or the registers). */
static void load_regs(struct asm_ *a, enum hook hook)
{
	if (hook == HOOK_SYS_ENTER)
		op(a, LDX(BPF_DW, 8, 6, 0)); /* sys_enter(regs, id) */
	else
		op(a, MOV_R(8, 6));
}

static size_t assemble(struct asm_ *a, const struct offsets *o, enum hook hook, int ring_fd,
                       int lost_fd, int last_fd)
{
	enum { PRK = BPF_FUNC_probe_read_kernel, PRU = BPF_FUNC_probe_read_user };
	memset(a, 0, sizeof(*a));
	if (hook == HOOK_SYS_ENTER) {
		op(a, MOV_R(6, 1));
		op(a, LDX(BPF_DW, 7, 6, 8)); /* the system call number */
	} else {
		/* r6 = the registers saved at the top of the task's kernel stack; r7 = orig_ax, the
		 * system call it is in (a kernel thread's is 0: read, not one of ours) */
		op(a, CALL(BPF_FUNC_get_current_task));
		read_to_stack(a, PRK, -8, 8, 0, (int32_t)o->stack);
		jmp(a, BPF_JNE, 0, 0, L_OUT);
		op(a, LDX(BPF_DW, 6, 10, -8));
		jmp(a, BPF_JEQ, 6, 0, L_OUT);
		op(a, ADD_I(6, (int32_t)o->regs_at));
		read_to_stack(a, PRK, -8, 8, 6, REGS_ORIG_AX);
		jmp(a, BPF_JNE, 0, 0, L_OUT);
		op(a, LDX(BPF_DW, 7, 10, -8));
	}
	jmp(a, BPF_JEQ, 7, NR_IOCTL, L_IOCTL);
	jmp(a, BPF_JEQ, 7, NR_SENDMSG, L_SENDMSG);
	jmp(a, BPF_JEQ, 7, NR_SENDTO, L_SENDTO);
	jmp(a, BPF_JA, 0, 0, L_OUT);

	/* ioctl(fd, TUNSETIFF, struct ifreq *): the name (16 bytes) and flags (2) */
	label(a, L_IOCTL);
	load_regs(a, hook);
	read_to_stack(a, PRK, -96, 8, 8, REGS_DI); /* the fd */
	read_to_stack(a, PRK, -8, 8, 8, REGS_SI);
	op(a, LDX(BPF_DW, 1, 10, -8));
	op(a, MOV32_R(1, 1));
	jmp(a, BPF_JNE, 1, TUNSETIFF_CMD, L_OUT);
	read_to_stack(a, PRK, -16, 8, 8, REGS_DX);
	op(a, LDX(BPF_DW, 8, 10, -16));
	op(a, MOV_I(7, 18));
	op(a, ST(BPF_W, 10, -24, IFW_REQ_TUNSETIFF));
	jmp(a, BPF_JA, 0, 0, L_DEDUP);

	/* sendto(fd, buf, len, ...) */
	label(a, L_SENDTO);
	load_regs(a, hook);
	read_to_stack(a, PRK, -96, 8, 8, REGS_DI); /* the fd */
	read_to_stack(a, PRK, -8, 8, 8, REGS_SI);
	read_to_stack(a, PRK, -16, 8, 8, REGS_DX);
	op(a, LDX(BPF_DW, 8, 10, -8));
	op(a, LDX(BPF_DW, 7, 10, -16));
	op(a, ST(BPF_W, 10, -24, IFW_REQ_SENDTO));
	jmp(a, BPF_JA, 0, 0, L_CHECK);

	/* sendmsg(fd, struct user_msghdr *, flags): the first iovec */
	label(a, L_SENDMSG);
	load_regs(a, hook);
	read_to_stack(a, PRK, -96, 8, 8, REGS_DI); /* the fd */
	read_to_stack(a, PRK, -8, 8, 8, REGS_SI);
	op(a, LDX(BPF_DW, 8, 10, -8));
	read_to_stack(a, PRU, -40, 16, 8, 16); /* msg_iov, msg_iovlen */
	jmp(a, BPF_JNE, 0, 0, L_OUT);
	op(a, LDX(BPF_DW, 1, 10, -32));
	jmp(a, BPF_JEQ, 1, 0, L_OUT);
	op(a, LDX(BPF_DW, 8, 10, -40));
	read_to_stack(a, PRU, -40, 16, 8, 0); /* iov_base, iov_len */
	jmp(a, BPF_JNE, 0, 0, L_OUT);
	op(a, LDX(BPF_DW, 8, 10, -40));
	op(a, LDX(BPF_DW, 7, 10, -32));
	op(a, ST(BPF_W, 10, -24, IFW_REQ_SENDMSG));

	/* A link request? nlmsghdr: len, type (16/17/19), flags with NLM_F_REQUEST */
	label(a, L_CHECK);
	jmp(a, BPF_JLT, 7, 32, L_OUT);
	read_to_stack(a, PRU, -56, 16, 8, 0);
	jmp(a, BPF_JNE, 0, 0, L_OUT);
	op(a, LDX(BPF_H, 1, 10, -52));
	jmp(a, BPF_JEQ, 1, 16, L_NLOK);
	jmp(a, BPF_JEQ, 1, 17, L_NLOK);
	jmp(a, BPF_JEQ, 1, 19, L_NLOK);
	jmp(a, BPF_JA, 0, 0, L_OUT);
	label(a, L_NLOK);
	op(a, LDX(BPF_H, 1, 10, -50));
	op(a, AND_I(1, 1));
	jmp(a, BPF_JEQ, 1, 0, L_OUT);
	jmp(a, BPF_JLE, 7, IFW_REQ_MSG_MAX, L_DEDUP);
	op(a, MOV_I(7, IFW_REQ_MSG_MAX));

	/* On the notifier: the callbacks after the first of the same request record nothing.
	 * Key: pid_tgid and the message's first 24 bytes (netlink: length, type, flags,
	 * sequence number, ...; TUNSETIFF: the name), repeated within 50 ms on this CPU. */
	label(a, L_DEDUP);
	if (hook == HOOK_NOTIFIER) {
		read_to_stack(a, PRU, -80, 24, 8, 0);
		op(a, CALL(BPF_FUNC_get_current_pid_tgid));
		op(a, STX(BPF_DW, 10, 0, -88));
		op(a, ST(BPF_W, 10, -4, 0));
		ld_map(a, 1, last_fd);
		op(a, MOV_R(2, 10));
		op(a, ADD_I(2, -4));
		op(a, CALL(BPF_FUNC_map_lookup_elem));
		jmp(a, BPF_JEQ, 0, 0, L_RECORD);
		op(a, MOV_R(9, 0));
		for (int16_t k = 0; k < 4; k++) {
			op(a, LDX(BPF_DW, 1, 9, (int16_t)(8 * k)));
			op(a, LDX(BPF_DW, 2, 10, (int16_t)(-88 + 8 * k)));
			jmp_r(a, BPF_JNE, 1, 2, L_NEW);
		}
		op(a, CALL(BPF_FUNC_ktime_get_ns));
		op(a, LDX(BPF_DW, 1, 9, 32));
		op(a, SUB_R(0, 1));
		jmp(a, BPF_JLT, 0, 50000000, L_OUT);
		label(a, L_NEW);
		for (int16_t k = 0; k < 4; k++) {
			op(a, LDX(BPF_DW, 1, 10, (int16_t)(-88 + 8 * k)));
			op(a, STX(BPF_DW, 9, 1, (int16_t)(8 * k)));
		}
		op(a, CALL(BPF_FUNC_ktime_get_ns));
		op(a, STX(BPF_DW, 9, 0, 32));
	}

	/* r7 bytes at user address r8 into a new record */
	label(a, L_RECORD);
	ld_map(a, 1, ring_fd);
	op(a, MOV_I(2, (int32_t)sizeof(struct ifw_req_raw)));
	op(a, MOV_I(3, 0));
	op(a, CALL(BPF_FUNC_ringbuf_reserve));
	jmp(a, BPF_JEQ, 0, 0, L_LOST);
	op(a, MOV_R(9, 0));
	op(a, LDX(BPF_W, 1, 10, -24));
	op(a, STX(BPF_W, 9, 1, RAW(source)));
	op(a, STX(BPF_W, 9, 7, RAW(msg_len)));
	op(a, ST(BPF_W, 9, RAW(cmd_len), 0));
	op(a, ST(BPF_W, 9, RAW(netns), 0));
	op(a, LDX(BPF_W, 1, 10, -96));
	op(a, STX(BPF_W, 9, 1, RAW(fd)));
	op(a, ST(BPF_W, 9, RAW(pad), 0));
	op(a, ST(BPF_W, 10, -16, 0));
	op(a, CALL(BPF_FUNC_get_current_pid_tgid));
	op(a, STX(BPF_W, 9, 0, RAW(tid)));
	op(a, RSH_I(0, 32));
	op(a, STX(BPF_W, 9, 0, RAW(tgid)));
	op(a, CALL(BPF_FUNC_get_current_uid_gid));
	op(a, STX(BPF_W, 9, 0, RAW(uid)));
	op(a, CALL(BPF_FUNC_ktime_get_ns));
	op(a, STX(BPF_DW, 9, 0, RAW(ktime_ns)));
	op(a, MOV_R(1, 9));
	op(a, ADD_I(1, RAW(comm)));
	op(a, MOV_I(2, (int32_t)RAW_SIZE(comm)));
	op(a, CALL(BPF_FUNC_get_current_comm));
	op(a, MOV_R(2, 7));
	op(a, INSN(BPF_JMP | BPF_JLE | BPF_K, 2, 0, 1, IFW_REQ_MSG_MAX));
	op(a, MOV_I(2, IFW_REQ_MSG_MAX));
	op(a, MOV_R(1, 9));
	op(a, ADD_I(1, RAW(msg)));
	op(a, MOV_R(3, 8));
	op(a, CALL(PRU));
	/* the parent's tgid, then the command line the process was started with */
	op(a, CALL(BPF_FUNC_get_current_task));
	op(a, MOV_R(7, 0));
	read_to_stack(a, PRK, -8, 8, 7, (int32_t)o->real_parent);
	op(a, LDX(BPF_DW, 3, 10, -8));
	read_to_stack(a, PRK, -16, 4, 3, (int32_t)o->tgid);
	op(a, LDX(BPF_W, 1, 10, -16));
	op(a, STX(BPF_W, 9, 1, RAW(ppid)));
	/* the namespace the request was made in */
	read_to_stack(a, PRK, -8, 8, 7, (int32_t)o->nsproxy);
	op(a, LDX(BPF_DW, 3, 10, -8));
	jmp(a, BPF_JEQ, 3, 0, L_NOCMD);
	read_to_stack(a, PRK, -8, 8, 3, (int32_t)o->net_ns);
	op(a, LDX(BPF_DW, 3, 10, -8));
	jmp(a, BPF_JEQ, 3, 0, L_NOCMD);
	read_to_stack(a, PRK, -16, 4, 3, (int32_t)o->ns_inum);
	op(a, LDX(BPF_W, 1, 10, -16));
	op(a, STX(BPF_W, 9, 1, RAW(netns)));
	read_to_stack(a, PRK, -8, 8, 7, (int32_t)o->mm);
	op(a, LDX(BPF_DW, 7, 10, -8));
	jmp(a, BPF_JEQ, 7, 0, L_NOCMD); /* a kernel thread */
	read_to_stack(a, PRK, -16, 8, 7, (int32_t)o->arg_start);
	read_to_stack(a, PRK, -24, 8, 7, (int32_t)o->arg_end);
	op(a, LDX(BPF_DW, 2, 10, -24));
	op(a, LDX(BPF_DW, 3, 10, -16));
	op(a, SUB_R(2, 3));
	op(a, INSN(BPF_JMP | BPF_JLE | BPF_K, 2, 0, 1, IFW_REQ_CMD_MAX));
	op(a, MOV_I(2, IFW_REQ_CMD_MAX));
	op(a, STX(BPF_W, 9, 2, RAW(cmd_len)));
	op(a, MOV_R(1, 9));
	op(a, ADD_I(1, RAW(cmdline)));
	op(a, CALL(PRU));
	op(a, INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1, 0));
	op(a, ST(BPF_W, 9, RAW(cmd_len), 0)); /* unreadable: no command line */
	label(a, L_NOCMD);
	op(a, MOV_R(1, 9));
	op(a, MOV_I(2, 0));
	op(a, CALL(BPF_FUNC_ringbuf_submit));
	jmp(a, BPF_JA, 0, 0, L_OUT);

	/* the ring was full: count it, user space says how many were lost */
	label(a, L_LOST);
	op(a, ST(BPF_W, 10, -4, 0));
	ld_map(a, 1, lost_fd);
	op(a, MOV_R(2, 10));
	op(a, ADD_I(2, -4));
	op(a, CALL(BPF_FUNC_map_lookup_elem));
	jmp(a, BPF_JEQ, 0, 0, L_OUT);
	op(a, MOV_I(1, 1));
	op(a, INSN(BPF_STX | BPF_DW | BPF_ATOMIC, 0, 1, 0, BPF_ADD));

	label(a, L_OUT);
	op(a, MOV_I(0, 0));
	op(a, EXIT());
	resolve(a);
	return a->n;
}

static int map_create(uint32_t type, uint32_t key, uint32_t value, uint32_t entries,
                      const char *name, struct ifw_err *err)
{
	union bpf_attr attr;
	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = key;
	attr.value_size = value;
	attr.max_entries = entries;
	snprintf(attr.map_name, sizeof(attr.map_name), "%s", name);
	int fd = (int)sys_bpf(BPF_MAP_CREATE, &attr);
	if (fd < 0)
		return ifw_fail_errno(err, errno, "creating BPF map %s", name);
	return fd;
}

/* Assembles, loads and attaches the program for one hook; -1 with err, errno-like code in *e. */
static int load_hook(struct ifw_bpfreq *b, const struct offsets *o, enum hook hook,
                     bool verifier_log, struct ifw_err *err)
{
	static struct asm_ a;
	size_t n = assemble(&a, o, hook, b->ring_fd, b->lost_fd, b->last_fd);
	static const char license[] = "GPL";
	union bpf_attr attr;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT;
	attr.insns = (uint64_t)(uintptr_t)a.p;
	attr.insn_cnt = (uint32_t)n;
	attr.license = (uint64_t)(uintptr_t)license;
	memcpy(attr.prog_name, "ifw_linkreq", 12);
	int prog = ifw_bpf_load_with_log(&attr, verifier_log, "the BPF request tracer", err);
	if (prog < 0)
		return -1;
	b->hook = hook == HOOK_NOTIFIER ? "notifier_run" : "sys_enter";
	memset(&attr, 0, sizeof(attr));
	attr.raw_tracepoint.name = (uint64_t)(uintptr_t)b->hook;
	attr.raw_tracepoint.prog_fd = (uint32_t)prog;
	b->link_fd = (int)sys_bpf(BPF_RAW_TRACEPOINT_OPEN, &attr);
	int e = errno;
	close(prog);
	if (b->link_fd < 0)
		return ifw_fail_errno(err, e, "attaching the BPF request tracer to %s", b->hook);
	return 0;
}

static int load(struct ifw_bpfreq *b, bool verifier_log, bool sys_enter, struct ifw_err *err)
{
	struct offsets o;
	if (find_offsets(&o, err) < 0)
		return -1;
	b->ring_fd = map_create(BPF_MAP_TYPE_RINGBUF, 0, 0, RING_BYTES, "ifw_req_ring", err);
	if (b->ring_fd < 0)
		return -1;
	b->lost_fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, "ifw_req_lost", err);
	if (b->lost_fd < 0)
		return -1;
	b->last_fd = map_create(BPF_MAP_TYPE_PERCPU_ARRAY, 4, 40, 1, "ifw_req_last", err);
	if (b->last_fd < 0)
		return -1;
	/* The notifier first (no cost to other system calls); sys_enter where it is missing. */
	struct ifw_err e1;
	if (!sys_enter && load_hook(b, &o, HOOK_NOTIFIER, verifier_log, &e1) == 0)
		return 0;
	if (load_hook(b, &o, HOOK_SYS_ENTER, verifier_log, err) == 0)
		return 0;
	return -1;
}

const char *ifw_bpfreq_hook(const struct ifw_bpfreq *b)
{
	return b->hook ? b->hook : "?";
}

int ifw_bpfreq_open(struct ifw_bpfreq **out, bool log, bool sys_enter, struct ifw_err *err)
{
	*out = NULL;
	struct ifw_bpfreq *b = calloc(1, sizeof(*b));
	if (!b)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	b->ring_fd = b->lost_fd = b->last_fd = b->link_fd = -1;
	b->page = (size_t)sysconf(_SC_PAGESIZE);
	if (load(b, log, sys_enter, err) < 0) {
		ifw_bpfreq_close(b);
		return -1;
	}
	/* The ring: a writable consumer page, then the producer page and the data mapped twice
	 * (so a record that wraps reads as one piece). */
	b->cons = mmap(NULL, b->page, PROT_READ | PROT_WRITE, MAP_SHARED, b->ring_fd, 0);
	b->prod =
	    mmap(NULL, b->page + 2 * RING_BYTES, PROT_READ, MAP_SHARED, b->ring_fd, (off_t)b->page);
	if (b->cons == MAP_FAILED || b->prod == MAP_FAILED) {
		int e = errno;
		if (b->cons == MAP_FAILED)
			b->cons = NULL;
		if (b->prod == MAP_FAILED)
			b->prod = NULL;
		ifw_bpfreq_close(b);
		return ifw_fail_errno(err, e, "mapping the BPF ring buffer");
	}
	*out = b;
	return 0;
}

size_t ifw_bpfreq_read(struct ifw_bpfreq *b, ifw_req_cb cb, void *data)
{
	unsigned long *cons_pos = b->cons;
	const unsigned long *prod_pos = b->prod;
	const uint8_t *ring = (const uint8_t *)b->prod + b->page;
	unsigned long cons = __atomic_load_n(cons_pos, __ATOMIC_ACQUIRE);
	size_t n = 0;
	for (;;) {
		unsigned long prod = __atomic_load_n(prod_pos, __ATOMIC_ACQUIRE);
		if (cons >= prod)
			break;
		const uint32_t *hdr = (const void *)(ring + (cons & (RING_BYTES - 1)));
		uint32_t len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);
		if (len & BPF_RINGBUF_BUSY_BIT)
			break; /* still being written */
		uint32_t size = len & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
		if (!(len & BPF_RINGBUF_DISCARD_BIT) && size >= sizeof(struct ifw_req_raw)) {
			struct ifw_req_raw r;
			memcpy(&r, (const uint8_t *)hdr + BPF_RINGBUF_HDR_SZ, sizeof(r));
			cb(&r, data);
			n++;
		}
		cons += (size + BPF_RINGBUF_HDR_SZ + 7) & ~7ul;
		__atomic_store_n(cons_pos, cons, __ATOMIC_RELEASE);
	}
	return n;
}

uint64_t ifw_bpfreq_lost(const struct ifw_bpfreq *b)
{
	union bpf_attr attr;
	memset(&attr, 0, sizeof(attr));
	uint32_t key = 0;
	uint64_t v = 0;
	attr.map_fd = (uint32_t)b->lost_fd;
	attr.key = (uint64_t)(uintptr_t)&key;
	attr.value = (uint64_t)(uintptr_t)&v;
	return sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr) == 0 ? v : 0;
}

#else /* not x86-64: the program reads x86-64 registers */

int ifw_bpfreq_open(struct ifw_bpfreq **out, bool log, bool sys_enter, struct ifw_err *err)
{
	*out = NULL;
	(void)log;
	(void)sys_enter;
	return ifw_fail(err, IFW_E_NOTFOUND, "the BPF request tracer supports x86-64 only");
}
size_t ifw_bpfreq_read(struct ifw_bpfreq *b, ifw_req_cb cb, void *data)
{
	(void)b;
	(void)cb;
	(void)data;
	return 0;
}
uint64_t ifw_bpfreq_lost(const struct ifw_bpfreq *b)
{
	(void)b;
	return 0;
}
const char *ifw_bpfreq_hook(const struct ifw_bpfreq *b)
{
	(void)b;
	return "?";
}

#endif

int ifw_bpfreq_fd(const struct ifw_bpfreq *b)
{
	return b->ring_fd;
}

void ifw_bpfreq_close(struct ifw_bpfreq *b)
{
	if (!b)
		return;
	if (b->cons)
		munmap(b->cons, b->page);
	if (b->prod)
		munmap(b->prod, b->page + 2 * RING_BYTES);
	if (b->link_fd >= 0)
		close(b->link_fd);
	if (b->lost_fd >= 0)
		close(b->lost_fd);
	if (b->last_fd >= 0)
		close(b->last_fd);
	if (b->ring_fd >= 0)
		close(b->ring_fd);
	free(b);
}
