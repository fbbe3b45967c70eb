/* Socket and tun fds of every process at once, through a BPF task_file iterator. */
#ifndef IFW_LINUX_BPF_FDS_H
#define IFW_LINUX_BPF_FDS_H

#include "util/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { IFW_FD_REC_SOCKET = 1, IFW_FD_REC_TUN = 2 };

/* flags: which parts of an inet socket's record the program could read */
enum {
	IFW_FD_REC_INET = 1,    /* an AF_INET/AF_INET6 socket: type .. remote are set */
	IFW_FD_REC_TCPSEQ = 2,  /* a full TCP socket: rcv_nxt .. snd_una are set */
	IFW_FD_REC_DEFICIT = 4, /* a UDP socket: deficit is set */
};

/* What the iterator writes per fd; its layout is the BPF program's (bpf_fds_prog.c stores
 * into it by offsetof, so a field moved here moves there). netns, family and state are filled
 * for every socket, the rest for inet sockets only, straight from the kernel's struct sock (its
 * __sk_common first). */
struct ifw_fd_rec {
	uint32_t kind;
	uint32_t pid; /* thread group id */
	uint32_t fd;
	uint32_t netns;      /* inet sockets: the inode of the socket's network namespace */
	uint64_t ino;        /* socket inode */
	uint64_t start_ns;   /* the process's start (boot time, ns): tells a reused pid apart */
	uint16_t family;     /* skc_family */
	uint16_t type;       /* sk_type: SOCK_STREAM, SOCK_DGRAM, SOCK_RAW */
	uint16_t protocol;   /* sk_protocol: IPPROTO_* */
	uint8_t state;       /* skc_state: TCP_* */
	uint8_t flags;       /* IFW_FD_REC_INET ... */
	uint16_t lport;      /* skc_num, host order */
	uint16_t rport_be;   /* skc_dport, network order */
	int32_t bound_if;    /* skc_bound_dev_if */
	uint32_t uid;        /* sk_uid (the initial user namespace's view, as inet_diag gives it) */
	uint32_t rmem, wmem; /* sk_rmem_alloc, sk_wmem_alloc (a refcount: 1 = empty) */
	uint32_t ack_backlog, max_ack_backlog;
	uint32_t rcv_nxt, copied_seq, write_seq, snd_una; /* tcp_sock */
	uint32_t deficit;                                 /* udp_sock forward_deficit */
	uint64_t cgroup_id;                               /* sk_cgrp_data's cgroup: kn->id */
	uint8_t local[16], remote[16]; /* v4: the first 4 bytes; v6: skc_v6_(rcv_s|d)addr */
};
_Static_assert(sizeof(struct ifw_fd_rec) == 128, "the BPF program writes 128-byte records");
_Static_assert(offsetof(struct ifw_fd_rec, cgroup_id) % 8 == 0, "aligned 64-bit stores");
_Static_assert(offsetof(struct ifw_fd_rec, local) % 8 == 0, "addresses copied 8 bytes at once");

/* All socket and tun fds, in task order (a process's fds together). Fails (and the caller uses
 * /proc) when BPF is not available or not permitted. *out is malloc'ed. *sockets tells whether
 * inet sockets' records carry their details: false when the kernel's BTF or verifier refused
 * the socket part of the program (the fds are still there; the caller then asks inet_diag). */
int ifw_bpf_fds(struct ifw_fd_rec **out, size_t *n, bool *sockets, bool verifier_log,
                struct ifw_err *err);
/* Closes the iterator's link. Anyone holding it, whatever their uid or capabilities, can start
 * the iterator and read every process's sockets and tuns: it must not outlive the collection
 * into the unprivileged parts (a sample's packet parsing, the registry lookups' child). */
void ifw_bpf_fds_release(void);

/* The iterator program, assembled for this kernel (bpf_fds_prog.c). with_sockets: also read
 * inet sockets' details. Returns the instruction count, or -1 (err says which BTF fact is
 * missing); *attach_btf_id is bpf_iter_task_file's type id. */
struct bpf_insn;
int ifw_bpf_fds_assemble(struct bpf_insn *prog, size_t cap, bool with_sockets,
                         uint32_t *attach_btf_id, struct ifw_err *err);

#endif
