/* Every process's socket and tun fds in one read, from a BPF task_file iterator: the kernel walks
 * the fd tables itself instead of ifwho resolving /proc/PID/fd/N links one by one (the slowest
 * part of any lsof-like scan). For inet sockets the same walk reads the socket itself (family,
 * ends, state, namespace, ...), so no namespace needs an inet_diag dump for them. The program is
 * about 150 instructions, assembled in bpf_fds_prog.c with field offsets read from the kernel's
 * BTF, so neither libbpf nor a compiler is needed at run time (libbpf would parse all of the
 * kernel's BTF for CO-RE relocations: more than this whole walk costs). Anything unavailable (no
 * BTF, not root, an old kernel, a verifier that says no) makes the caller fall back: to the
 * fd-only program and inet_diag, or to /proc. */
#include "collect/linux/bpf_fds.h"
#include "collect/linux/bpf_load.h"
#include "collect/linux/btf.h"

#include <errno.h>
#include <stdio.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

/* Loads and attaches the iterator program; the link serves every later walk of the run. */
static int attach(bool with_sockets, bool verifier_log, struct ifw_err *err)
{
	struct bpf_insn prog[192];
	uint32_t func_id = 0;
	int n =
	    ifw_bpf_fds_assemble(prog, sizeof(prog) / sizeof(prog[0]), with_sockets, &func_id, err);
	if (n < 0)
		return -1;
	static const char license[] = "GPL";
	union bpf_attr attr;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_TRACING;
	attr.expected_attach_type = BPF_TRACE_ITER;
	attr.attach_btf_id = func_id;
	attr.insns = (uint64_t)(uintptr_t)prog;
	attr.insn_cnt = (uint32_t)n;
	attr.license = (uint64_t)(uintptr_t)license;
	memcpy(attr.prog_name, "ifw_fds", 8);
	int prog_fd = ifw_bpf_load_with_log(&attr, verifier_log, "the BPF fd iterator", err);
	if (prog_fd < 0)
		return -1;
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

/* The iterator's link: kept between the walks of one collection, closed by ifw_bpf_fds_release. */
static int link_fd = -1;

void ifw_bpf_fds_release(void)
{
	if (link_fd >= 0)
		close(link_fd);
	link_fd = -1;
}

int ifw_bpf_fds(struct ifw_fd_rec **out, size_t *n_out, bool *sockets, bool verifier_log,
                struct ifw_err *err)
{
	*out = NULL;
	*n_out = 0;
	/* The BTF lookups and the verifier run once; a second walk (the recheck after the socket
	 * dumps) only starts a new iterator on the same link. A kernel that refuses the socket
	 * part still gets the fd-only program. */
	static bool with_sockets;
	if (link_fd < 0) {
		struct ifw_err why = {0};
		with_sockets = true;
		link_fd = attach(true, verifier_log, &why);
		if (link_fd < 0) {
			with_sockets = false;
			if (verifier_log)
				fprintf(stderr, "ifwho:   BPF socket details unavailable (%s)\n",
				        why.msg);
			if ((link_fd = attach(false, verifier_log, err)) < 0)
				return -1;
		}
	}
	*sockets = with_sockets;
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
