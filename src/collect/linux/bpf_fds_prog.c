/* The task_file iterator program, assembled for the running kernel. Every field it reads is
 * looked up by name in the kernel's BTF (struct file, inode, task_struct; for sockets struct
 * socket, sock, sock_common, net, tcp_sock, udp_sock, cgroup, kernfs_node), and every store goes
 * to offsetof(struct ifw_fd_rec, field) on the stack: the record's C layout is the only layout.
 *
 * The verifier knows the types too: ctx->file is a typed pointer, bpf_sock_from_file() turns it
 * into its struct socket, and loads through typed pointers are checked against BTF and made
 * fault-safe by the kernel. Only the fields of tcp_sock and udp_sock (past the end of struct
 * sock) are read with bpf_probe_read_kernel. A field that is not found makes the socket part
 * fail as a whole, by name, and the caller falls back to the fd-only program and inet_diag. */
#include "collect/linux/bpf_fds.h"
#include "collect/linux/btf.h"

#include <linux/bpf.h>
#include <linux/btf.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#define INSN(c, d, s, o, i)                                                                        \
	((struct bpf_insn){.code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i)})

/* A field of a kernel struct: where it is, and how wide (0: not found). */
struct field {
	uint32_t off, size;
};

struct offsets {
	uint32_t func_id;
	struct field f_inode, i_mode, i_ino, i_rdev, tgid, leader, start;
	/* sockets */
	struct field sk, family, state, num, dport, bound_if, daddr, saddr, v6_daddr, v6_saddr, net,
	    inum, type, protocol, uid;
	/* optional: queue sizes and the cgroup, as inet_diag gives them */
	struct field rmem, wmem, ack_backlog, max_ack_backlog, cgroup, kn, kn_id;
	struct field rcv_nxt, copied_seq, write_seq, snd_una, deficit;
};

enum { T_FUNC, T_FILE, T_INODE, T_TASK, T_SOCKET, T_SOCK, T_NET, T_TCP, T_UDP, T_CGROUP, T_KN };

struct lookup {
	const struct ifw_btf *b;
	uint32_t id[T_KN + 1];
	const char *missing; /* the first required field not found */
	char buf[96];
};

static int size_code(uint32_t size)
{
	return size == 8 ? BPF_DW : size == 4 ? BPF_W : size == 2 ? BPF_H : size == 1 ? BPF_B : -1;
}

/* Finds struct type `t`'s member `path` with one of the sizes in `sizes` (a mask: bit n = n
 * bytes). A required field that is missing is remembered for the error message. */
static struct field want(struct lookup *l, int t, const char *st, const char *path, unsigned sizes,
                         bool required)
{
	struct field f = {0, 0};
	uint32_t off = 0, size = 0;
	if (l->id[t] && ifw_btf_path_of(l->b, l->id[t], path, &off, &size) == 0 && size < 32 &&
	    (sizes & (1u << size)) && off <= INT16_MAX - 16)
		f = (struct field){off, size};
	else if (required && !l->missing) {
		snprintf(l->buf, sizeof(l->buf), "struct %s has no usable %s", st, path);
		l->missing = l->buf;
	}
	return f;
}

#define S1  (1u << 1)
#define S2  (1u << 2)
#define S4  (1u << 4)
#define S8  (1u << 8)
#define S16 (1u << 16)

static int find_offsets(struct offsets *o, bool sockets, struct ifw_err *err)
{
	memset(o, 0, sizeof(*o));
	struct ifw_btf b;
	if (ifw_btf_open(&b, "/sys/kernel/btf/vmlinux", err) < 0)
		return -1;
	static const char *const names[] = {
	    "bpf_iter_task_file", "file",     "inode",  "task_struct", "socket", "sock", "net",
	    "tcp_sock",           "udp_sock", "cgroup", "kernfs_node"};
	static const int kinds[] = {BTF_KIND_FUNC,   BTF_KIND_STRUCT, BTF_KIND_STRUCT,
	                            BTF_KIND_STRUCT, BTF_KIND_STRUCT, BTF_KIND_STRUCT,
	                            BTF_KIND_STRUCT, BTF_KIND_STRUCT, BTF_KIND_STRUCT,
	                            BTF_KIND_STRUCT, BTF_KIND_STRUCT};
	struct lookup l = {.b = &b};
	ifw_btf_find(&b, sockets ? T_KN + 1 : T_TASK + 1, names, kinds, l.id);
	o->func_id = l.id[T_FUNC];
	if (!o->func_id)
		l.missing = "no bpf_iter_task_file (a kernel without BPF iterators)";
	o->f_inode = want(&l, T_FILE, "file", "f_inode", S8, true);
	o->i_mode = want(&l, T_INODE, "inode", "i_mode", S2 | S4, true);
	o->i_ino = want(&l, T_INODE, "inode", "i_ino", S4 | S8, true);
	o->i_rdev = want(&l, T_INODE, "inode", "i_rdev", S4, true);
	o->tgid = want(&l, T_TASK, "task_struct", "tgid", S4, true);
	o->leader = want(&l, T_TASK, "task_struct", "group_leader", S8, true);
	o->start = want(&l, T_TASK, "task_struct", "start_boottime", S8, true);
	if (sockets) {
		o->sk = want(&l, T_SOCKET, "socket", "sk", S8, true);
		/* struct sock starts with its struct sock_common (__sk_common) */
		const char *st = "sock";
		o->family = want(&l, T_SOCK, st, "__sk_common.skc_family", S2, true);
		o->state = want(&l, T_SOCK, st, "__sk_common.skc_state", S1, true);
		o->num = want(&l, T_SOCK, st, "__sk_common.skc_num", S2, true);
		o->dport = want(&l, T_SOCK, st, "__sk_common.skc_dport", S2, true);
		o->bound_if = want(&l, T_SOCK, st, "__sk_common.skc_bound_dev_if", S4, true);
		o->daddr = want(&l, T_SOCK, st, "__sk_common.skc_daddr", S4, true);
		o->saddr = want(&l, T_SOCK, st, "__sk_common.skc_rcv_saddr", S4, true);
		o->v6_daddr = want(&l, T_SOCK, st, "__sk_common.skc_v6_daddr", S16, true);
		o->v6_saddr = want(&l, T_SOCK, st, "__sk_common.skc_v6_rcv_saddr", S16, true);
		o->net = want(&l, T_SOCK, st, "__sk_common.skc_net.net", S8, true);
		o->inum = want(&l, T_NET, "net", "ns.inum", S4, true);
		o->type = want(&l, T_SOCK, st, "sk_type", S2, true);
		o->protocol = want(&l, T_SOCK, st, "sk_protocol", S2, true);
		o->uid = want(&l, T_SOCK, st, "sk_uid", S4, true);
		o->rmem = want(&l, T_SOCK, st, "sk_backlog.rmem_alloc", S4, false);
		o->wmem = want(&l, T_SOCK, st, "sk_wmem_alloc", S4, false);
		o->ack_backlog = want(&l, T_SOCK, st, "sk_ack_backlog", S4, false);
		o->max_ack_backlog = want(&l, T_SOCK, st, "sk_max_ack_backlog", S4, false);
		o->cgroup = want(&l, T_SOCK, st, "sk_cgrp_data.cgroup", S8, false);
		o->kn = want(&l, T_CGROUP, "cgroup", "kn", S8, false);
		o->kn_id = want(&l, T_KN, "kernfs_node", "id", S8, false);
		o->rcv_nxt = want(&l, T_TCP, "tcp_sock", "rcv_nxt", S4, false);
		o->copied_seq = want(&l, T_TCP, "tcp_sock", "copied_seq", S4, false);
		o->write_seq = want(&l, T_TCP, "tcp_sock", "write_seq", S4, false);
		o->snd_una = want(&l, T_TCP, "tcp_sock", "snd_una", S4, false);
		o->deficit = want(&l, T_UDP, "udp_sock", "forward_deficit", S4, false);
	}
	ifw_btf_close(&b);
	if (l.missing)
		return ifw_fail(err, IFW_E_NOTFOUND, "kernel BTF: %s", l.missing);
	return 0;
}

/* A tiny assembler: instructions, and jumps to labels placed later. */
enum {
	L_EXIT,
	L_SOCK,
	L_HEADER,
	L_DETAILS,
	L_INET,
	L_NONET,
	L_NOCG,
	L_V6,
	L_TRANSPORT,
	L_UDP,
	L_DEFICIT,
	L_WRITE,
	N_LABELS
};

struct as {
	struct bpf_insn *p;
	size_t n, cap;
	size_t label[N_LABELS];
	size_t fix_at[48];
	int fix_to[48];
	size_t n_fix;
	bool overflow;
};

static void emit(struct as *a, struct bpf_insn i)
{
	if (a->n < a->cap)
		a->p[a->n] = i;
	else
		a->overflow = true;
	a->n++;
}

static void jump(struct as *a, int op, int reg, int32_t imm, int label)
{
	if (a->n_fix < sizeof(a->fix_at) / sizeof(a->fix_at[0])) {
		a->fix_at[a->n_fix] = a->n;
		a->fix_to[a->n_fix++] = label;
	} else {
		a->overflow = true;
	}
	emit(a, INSN(op == BPF_JA ? BPF_JMP | BPF_JA : BPF_JMP | op | BPF_K, reg, 0, 0, imm));
}

static void place(struct as *a, int label)
{
	a->label[label] = a->n;
}

#define MOV_REG(d, s)    emit(a, INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0))
#define MOV_IMM(d, i)    emit(a, INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i))
#define ADD_IMM(d, i)    emit(a, INSN(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i))
#define AND_IMM(d, i)    emit(a, INSN(BPF_ALU64 | BPF_AND | BPF_K, d, 0, 0, i))
#define LDX(sz, d, s, o) emit(a, INSN(BPF_LDX | (sz) | BPF_MEM, d, s, (int16_t)(o), 0))
#define STX(sz, d, s, o) emit(a, INSN(BPF_STX | (sz) | BPF_MEM, d, s, (int16_t)(o), 0))
#define ST(sz, d, o, i)  emit(a, INSN(BPF_ST | (sz) | BPF_MEM, d, 0, (int16_t)(o), i))
#define CALL(f)          emit(a, INSN(BPF_JMP | BPF_CALL, 0, 0, 0, f))

/* The record lives on the stack at r10 - 128; R(field) is the field's place there. */
#define REC  ((int)sizeof(struct ifw_fd_rec))
#define R(f) (-REC + (int)offsetof(struct ifw_fd_rec, f))

/* dst = *(src + field), then into the record at rec_off (the record field's width). */
static void copy(struct as *a, int src, struct field f, int rec_off, int rec_size)
{
	LDX(size_code(f.size), 1, src, f.off);
	STX(size_code((uint32_t)rec_size), 10, 1, rec_off);
}
#define COPY(src, fld, recf)                                                                       \
	copy(a, src, o->fld, R(recf), (int)sizeof(((struct ifw_fd_rec *)0)->recf))
#define HAVE(fld) (o->fld.size != 0)

/* bpf_probe_read_kernel(record + rec_off, 4, sock + f.off); on failure, on to the write. */
static void probe(struct as *a, int rec_off, struct field f)
{
	MOV_REG(1, 10);
	ADD_IMM(1, rec_off);
	MOV_IMM(2, 4);
	MOV_REG(3, 7);
	ADD_IMM(3, (int32_t)f.off);
	CALL(BPF_FUNC_probe_read_kernel);
	jump(a, BPF_JNE, 0, 0, L_WRITE);
}

/* The socket part: r7 = the struct sock, r6 = ctx. Falls through to L_WRITE. */
static void socket_part(struct as *a, const struct offsets *o)
{
	LDX(BPF_W, 1, 10, R(kind));
	jump(a, BPF_JNE, 1, IFW_FD_REC_SOCKET, L_WRITE);
	MOV_REG(1, 7);
	CALL(BPF_FUNC_sock_from_file); /* NULL unless the file is a socket */
	jump(a, BPF_JEQ, 0, 0, L_WRITE);
	LDX(BPF_DW, 7, 0, o->sk.off);
	jump(a, BPF_JEQ, 7, 0, L_WRITE);
	/* every socket: family, state and namespace (sk->__sk_common.skc_net.net->ns.inum) */
	COPY(7, family, family);
	COPY(7, state, state);
	LDX(BPF_DW, 1, 7, o->net.off);
	jump(a, BPF_JEQ, 1, 0, L_NONET);
	LDX(BPF_W, 1, 1, o->inum.off);
	STX(BPF_W, 10, 1, R(netns));
	place(a, L_NONET);
	LDX(BPF_H, 1, 10, R(family));
	jump(a, BPF_JEQ, 1, AF_INET, L_INET);
	jump(a, BPF_JNE, 1, AF_INET6, L_WRITE);
	place(a, L_INET);
	ST(BPF_B, 10, R(flags), IFW_FD_REC_INET);
	COPY(7, type, type);
	COPY(7, protocol, protocol);
	COPY(7, num, lport);
	COPY(7, dport, rport_be);
	COPY(7, bound_if, bound_if);
	COPY(7, uid, uid);
	if (HAVE(rmem))
		COPY(7, rmem, rmem);
	if (HAVE(wmem))
		COPY(7, wmem, wmem);
	if (HAVE(ack_backlog) && HAVE(max_ack_backlog)) {
		COPY(7, ack_backlog, ack_backlog);
		COPY(7, max_ack_backlog, max_ack_backlog);
	}
	/* the cgroup id, as inet_diag's: sk->sk_cgrp_data.cgroup->kn->id */
	if (HAVE(cgroup) && HAVE(kn) && HAVE(kn_id)) {
		LDX(BPF_DW, 1, 7, o->cgroup.off);
		jump(a, BPF_JEQ, 1, 0, L_NOCG);
		LDX(BPF_DW, 1, 1, o->kn.off);
		jump(a, BPF_JEQ, 1, 0, L_NOCG);
		LDX(BPF_DW, 1, 1, o->kn_id.off);
		STX(BPF_DW, 10, 1, R(cgroup_id));
	}
	place(a, L_NOCG);
	LDX(BPF_H, 1, 10, R(family));
	jump(a, BPF_JEQ, 1, AF_INET6, L_V6);
	copy(a, 7, o->saddr, R(local), 4);
	copy(a, 7, o->daddr, R(remote), 4);
	jump(a, BPF_JA, 0, 0, L_TRANSPORT);
	place(a, L_V6);
	for (int half = 0; half < 2; half++) {
		LDX(BPF_DW, 1, 7, o->v6_saddr.off + 8 * (uint32_t)half);
		STX(BPF_DW, 10, 1, R(local) + 8 * half);
		LDX(BPF_DW, 1, 7, o->v6_daddr.off + 8 * (uint32_t)half);
		STX(BPF_DW, 10, 1, R(remote) + 8 * half);
	}
	place(a, L_TRANSPORT);
	/* tcp_sock and udp_sock extend struct sock, and a pointer the kernel handed over is not
	 * trusted enough for a cast helper: their fields are probe-read (fault-safe, zero on
	 * failure). The type is checked too: a raw socket can have protocol TCP or UDP. */
	LDX(BPF_H, 1, 10, R(type));
	LDX(BPF_H, 2, 10, R(protocol));
	if (HAVE(rcv_nxt) && HAVE(copied_seq) && HAVE(write_seq) && HAVE(snd_una)) {
		jump(a, BPF_JNE, 1, SOCK_STREAM, L_UDP);
		jump(a, BPF_JNE, 2, IPPROTO_TCP, L_WRITE);
		probe(a, R(rcv_nxt), o->rcv_nxt);
		probe(a, R(copied_seq), o->copied_seq);
		probe(a, R(write_seq), o->write_seq);
		probe(a, R(snd_una), o->snd_una);
		ST(BPF_B, 10, R(flags), IFW_FD_REC_INET | IFW_FD_REC_TCPSEQ);
		jump(a, BPF_JA, 0, 0, L_WRITE);
	}
	place(a, L_UDP);
	if (HAVE(deficit)) {
		jump(a, BPF_JNE, 1, SOCK_DGRAM, L_WRITE);
		jump(a, BPF_JEQ, 2, IPPROTO_UDP, L_DEFICIT);
		jump(a, BPF_JNE, 2, IPPROTO_UDPLITE, L_WRITE);
		place(a, L_DEFICIT);
		probe(a, R(deficit), o->deficit);
		ST(BPF_B, 10, R(flags), IFW_FD_REC_INET | IFW_FD_REC_DEFICIT);
	}
}

/* Writes one struct ifw_fd_rec per socket or tun fd: r6 = ctx, r7 = file (then its sock),
 * r8 = task, r9 = inode. */
static void assemble(struct as *a, const struct offsets *o, bool sockets)
{
	/* struct bpf_iter__task_file: meta at 0, task at 8, fd at 16, file at 24 (fixed ABI). */
	MOV_REG(6, 1);
	LDX(BPF_DW, 7, 6, 24);
	jump(a, BPF_JEQ, 7, 0, L_EXIT);
	LDX(BPF_DW, 8, 6, 8);
	jump(a, BPF_JEQ, 8, 0, L_EXIT);
	LDX(BPF_DW, 9, 7, o->f_inode.off);
	jump(a, BPF_JEQ, 9, 0, L_EXIT);
	for (int i = 0; i < REC; i += 8)
		ST(BPF_DW, 10, -REC + i, 0);
	LDX(size_code(o->i_mode.size), 1, 9, o->i_mode.off);
	AND_IMM(1, 0170000);
	jump(a, BPF_JEQ, 1, 0140000, L_SOCK); /* a socket */
	jump(a, BPF_JNE, 1, 0020000, L_EXIT); /* not a character device */
	LDX(size_code(o->i_rdev.size), 2, 9, o->i_rdev.off);
	jump(a, BPF_JNE, 2, (10 << 20) | 200, L_EXIT); /* not 10:200, /dev/net/tun */
	ST(BPF_W, 10, R(kind), IFW_FD_REC_TUN);
	jump(a, BPF_JA, 0, 0, L_HEADER);
	place(a, L_SOCK);
	ST(BPF_W, 10, R(kind), IFW_FD_REC_SOCKET);
	place(a, L_HEADER);
	copy(a, 8, o->tgid, R(pid), 4);
	LDX(BPF_W, 1, 6, 16);
	STX(BPF_W, 10, 1, R(fd));
	copy(a, 9, o->i_ino, R(ino), 8);
	LDX(BPF_DW, 1, 8, o->leader.off);
	jump(a, BPF_JEQ, 1, 0, L_DETAILS); /* the leader is gone: start_ns stays 0 */
	LDX(BPF_DW, 1, 1, o->start.off);
	STX(BPF_DW, 10, 1, R(start_ns));
	place(a, L_DETAILS);
	if (sockets)
		socket_part(a, o);
	place(a, L_WRITE);
	LDX(BPF_DW, 1, 6, 0); /* meta */
	LDX(BPF_DW, 1, 1, 0); /* meta->seq */
	MOV_REG(2, 10);
	ADD_IMM(2, -REC);
	MOV_IMM(3, REC);
	CALL(BPF_FUNC_seq_write);
	place(a, L_EXIT);
	MOV_IMM(0, 0);
	emit(a, INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0));
	for (size_t i = 0; i < a->n_fix; i++) {
		size_t to = a->label[a->fix_to[i]];
		if (a->fix_at[i] < a->cap)
			a->p[a->fix_at[i]].off = (int16_t)((long)to - (long)a->fix_at[i] - 1);
	}
}

int ifw_bpf_fds_assemble(struct bpf_insn *prog, size_t cap, bool with_sockets,
                         uint32_t *attach_btf_id, struct ifw_err *err)
{
	struct offsets o;
	if (find_offsets(&o, with_sockets, err) < 0)
		return -1;
	struct as a = {.p = prog, .cap = cap};
	for (int i = 0; i < N_LABELS; i++)
		a.label[i] = SIZE_MAX;
	assemble(&a, &o, with_sockets);
	for (size_t i = 0; i < a.n_fix; i++)
		if (a.label[a.fix_to[i]] == SIZE_MAX)
			return ifw_fail(err, IFW_E_SYS, "BPF fd iterator: a jump to nowhere");
	if (a.overflow)
		return ifw_fail(err, IFW_E_LIMIT, "BPF fd iterator: program too long");
	*attach_btf_id = o.func_id;
	return (int)a.n;
}
