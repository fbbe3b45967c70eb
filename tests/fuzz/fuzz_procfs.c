/* /proc file parsers on hostile bytes: stat, fdinfo, cgroup, bracketed inodes. */
#include "collect/linux/procfs.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct ifw_proc_stat st;
	ifw_parse_proc_stat(s, size, &st);
	char name[16];
	ifw_parse_fdinfo_iff(s, size, name);
	const char *path;
	size_t plen;
	if (ifw_parse_proc_cgroup(s, size, &path, &plen)) {
		struct ifw_cgroup_info ci;
		ifw_parse_cgroup_path(path, plen, &ci);
	}
	struct ifw_cgroup_info ci2;
	ifw_parse_cgroup_path(s, size, &ci2);
	ifw_parse_bracket_inode(s, size, "socket:[");
	ifw_parse_bracket_inode(s, size, "net:[");
	return 0;
}
