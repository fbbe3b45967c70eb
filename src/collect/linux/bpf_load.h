/* Loading a BPF program with the verifier's reason on failure, shared by the fd iterator
 * (bpf_fds.c) and the request tracer (bpf_req.c). */
#ifndef IFW_BPF_LOAD_H
#define IFW_BPF_LOAD_H

#include "util/err.h"

#include <linux/bpf.h>
#include <stdbool.h>

/* BPF_PROG_LOAD with *attr: the program's fd. When the kernel refuses it, the program is loaded
 * again with the verifier's log (written whole to stderr when verifier_log), and -1 is returned
 * with err "loading WHAT: REASON: the log's last line" (IFW_E_PERM for EPERM, else IFW_E_SYS).
 * attr's log fields are overwritten. */
int ifw_bpf_load_with_log(union bpf_attr *attr, bool verifier_log, const char *what,
                          struct ifw_err *err);

#endif
