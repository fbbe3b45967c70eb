/* Small, allocation-free readers of /proc files, relative to a directory fd. Shared by the
 * process scan and tests; each returns -1 when the file vanished or is unreadable. */
#ifndef IFW_LINUX_PROCFS_H
#define IFW_LINUX_PROCFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Reads up to cap-1 bytes of dirfd/name into buf, NUL-terminates; returns the length read.
 * *truncated (if not NULL) tells whether the file was longer. */
ssize_t ifw_read_at(int dirfd, const char *name, char *buf, size_t cap, bool *truncated);

struct ifw_proc_stat {
	char comm[64];
	char state;
	int32_t ppid;
	uint32_t flags;
	uint64_t start_ticks;
};

/* Parses /proc/PID/stat text. The comm may hold spaces and parentheses: it ends at the last ')'. */
int ifw_parse_proc_stat(const char *buf, size_t len, struct ifw_proc_stat *st);

/* "net:[4026531840]" -> 4026531840; also "socket:[123]" with prefix "socket:[". 0 if no match. */
uint64_t ifw_parse_bracket_inode(const char *link, size_t len, const char *prefix);

/* The value of "iff:" in a tun fd's fdinfo, copied into name (IFNAMSIZ); false if absent. */
bool ifw_parse_fdinfo_iff(const char *buf, size_t len, char name[16]);

/* A cgroup v2 path -> the systemd unit and container identity it implies. */
struct ifw_cgroup_info {
	const char *unit; /* points into the path, length unit_len */
	size_t unit_len;
	const char *runtime; /* static string: "docker", "podman", "containerd", "cri-o", "lxc",
	                        "kubernetes" */
	char container_id[72];
};
void ifw_parse_cgroup_path(const char *path, size_t len, struct ifw_cgroup_info *ci);
/* The path from /proc/PID/cgroup text (the "0::" line of cgroup v2, else the first line). */
bool ifw_parse_proc_cgroup(const char *buf, size_t len, const char **path, size_t *path_len);

#endif
