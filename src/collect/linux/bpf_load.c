/* One BPF program load, and on refusal a second one that asks the verifier why. */
#include "collect/linux/bpf_load.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define LOG_BYTES 65536

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

int ifw_bpf_load_with_log(union bpf_attr *attr, bool verifier_log, const char *what,
                          struct ifw_err *err)
{
	int fd = (int)sys_bpf(BPF_PROG_LOAD, attr);
	if (fd >= 0)
		return fd;
	int e = errno;
	/* Ask again with the verifier's log, to say why in the error. */
	char *log = calloc(1, LOG_BYTES);
	if (log) {
		attr->log_buf = (uint64_t)(uintptr_t)log;
		attr->log_size = LOG_BYTES;
		attr->log_level = 1;
		fd = (int)sys_bpf(BPF_PROG_LOAD, attr);
		if (fd >= 0) /* accepted the second time: the first refusal stands, as before */
			close(fd);
		if (verifier_log)
			fputs(log, stderr);
	}
	/* The verifier's last words say why (not its "processed N insns" statistics). */
	const char *last = "";
	size_t ll = 0;
	if (log) {
		log[LOG_BYTES - 1] = '\0';
		size_t len = strlen(log);
		while (len && log[len - 1] == '\n')
			log[--len] = '\0';
		last = log;
		for (const char *q = log; *q; q++)
			if (*q == '\n' && q[1] && strncmp(q + 1, "processed ", 10) != 0)
				last = q + 1;
		ll = strcspn(last, "\n");
	}
	ifw_fail(err, e == EPERM ? IFW_E_PERM : IFW_E_SYS, "loading %s: %s%s%.*s", what,
	         strerror(e), ll ? ": " : "", (int)(ll > 200 ? 200 : ll), last);
	free(log);
	return -1;
}
