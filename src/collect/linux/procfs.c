#include "collect/linux/procfs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

ssize_t ifw_read_at(int dirfd, const char *name, char *buf, size_t cap, bool *truncated)
{
	if (truncated)
		*truncated = false;
	if (cap == 0)
		return -1;
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
	if (fd < 0)
		return -1;
	size_t len = 0;
	for (;;) {
		if (len + 1 >= cap) {
			char c;
			if (truncated && read(fd, &c, 1) == 1)
				*truncated = true;
			break;
		}
		ssize_t n = read(fd, buf + len, cap - 1 - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return (ssize_t)len;
}

static const char *next_field(const char *p, const char *end)
{
	while (p < end && *p != ' ')
		p++;
	while (p < end && *p == ' ')
		p++;
	return p;
}

static uint64_t parse_u64(const char *p, const char *end)
{
	uint64_t v = 0;
	while (p < end && *p >= '0' && *p <= '9') {
		v = v * 10 + (uint64_t)(*p - '0');
		p++;
	}
	return v;
}

int ifw_parse_proc_stat(const char *buf, size_t len, struct ifw_proc_stat *st)
{
	memset(st, 0, sizeof(*st));
	const char *end = buf + len;
	const char *open = memchr(buf, '(', len);
	const char *close = NULL;
	for (const char *p = end; p > buf; p--)
		if (p[-1] == ')') {
			close = p - 1;
			break;
		}
	if (!open || !close || close < open)
		return -1;
	size_t n = (size_t)(close - open - 1);
	if (n >= sizeof(st->comm))
		n = sizeof(st->comm) - 1;
	memcpy(st->comm, open + 1, n);
	st->comm[n] = '\0';
	const char *p = close + 1;
	while (p < end && *p == ' ')
		p++;
	if (p >= end)
		return -1;
	st->state = *p;         /* field 3 */
	p = next_field(p, end); /* field 4: ppid */
	if (p >= end)
		return -1;
	st->ppid = (int32_t)parse_u64(p, end);
	for (int field = 4; field < 9 && p < end; field++)
		p = next_field(p, end);
	st->flags = (uint32_t)parse_u64(p, end); /* field 9 */
	for (int field = 9; field < 22 && p < end; field++)
		p = next_field(p, end);
	if (p >= end)
		return -1;
	st->start_ticks = parse_u64(p, end); /* field 22 */
	return 0;
}

uint64_t ifw_parse_bracket_inode(const char *link, size_t len, const char *prefix)
{
	size_t pl = strlen(prefix);
	if (len < pl + 2 || memcmp(link, prefix, pl) != 0 || link[len - 1] != ']')
		return 0;
	uint64_t v = 0;
	for (size_t i = pl; i < len - 1; i++) {
		if (link[i] < '0' || link[i] > '9' || v > UINT64_MAX / 10)
			return 0;
		v = v * 10 + (uint64_t)(link[i] - '0');
	}
	return v;
}

bool ifw_parse_fdinfo_iff(const char *buf, size_t len, char name[16])
{
	const char *p = buf, *end = buf + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		if (le - p > 4 && memcmp(p, "iff:", 4) == 0) {
			const char *v = p + 4;
			while (v < le && (*v == '\t' || *v == ' '))
				v++;
			size_t n = (size_t)(le - v);
			if (n == 0 || n > 15)
				return false;
			memcpy(name, v, n);
			name[n] = '\0';
			return true;
		}
		p = le + 1;
	}
	return false;
}

bool ifw_parse_proc_cgroup(const char *buf, size_t len, const char **path, size_t *path_len)
{
	const char *p = buf, *end = buf + len;
	const char *first = NULL, *first_end = NULL;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *c1 = memchr(p, ':', (size_t)(le - p));
		const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(le - c1 - 1)) : NULL;
		if (c2) {
			if (c1 - p == 1 && p[0] == '0' && c2 == c1 + 1) {
				*path = c2 + 1;
				*path_len = (size_t)(le - c2 - 1);
				return true;
			}
			if (!first) {
				first = c2 + 1;
				first_end = le;
			}
		}
		p = le + 1;
	}
	if (!first)
		return false;
	*path = first;
	*path_len = (size_t)(first_end - first);
	return true;
}

static bool is_hex_run(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return false;
	return true;
}

/* Finds a 64-hex-digit container id right after `marker` in the path component [s, e). */
static bool id_after(const char *s, const char *e, const char *marker, char out[72])
{
	size_t ml = strlen(marker);
	for (const char *p = s; p + ml + 64 <= e; p++) {
		if (memcmp(p, marker, ml) == 0 && is_hex_run(p + ml, 64)) {
			memcpy(out, p + ml, 64);
			out[64] = '\0';
			return true;
		}
	}
	return false;
}

void ifw_parse_cgroup_path(const char *path, size_t len, struct ifw_cgroup_info *ci)
{
	memset(ci, 0, sizeof(*ci));
	const char *end = path + len;
	/* The innermost systemd unit: the last component ending in .service or .scope. */
	for (const char *p = path; p < end;) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		const char *ce = slash ? slash : end;
		size_t n = (size_t)(ce - p);
		if ((n > 8 && memcmp(ce - 8, ".service", 8) == 0) ||
		    (n > 6 && memcmp(ce - 6, ".scope", 6) == 0)) {
			ci->unit = p;
			ci->unit_len = n;
		}
		p = ce + 1;
	}
	/* Container layouts, most specific first. Kubernetes pods hold a runtime's container. */
	static const struct {
		const char *marker, *runtime;
	} layouts[] = {
	    {"docker-", "docker"},
	    {"/docker/", "docker"},
	    {"libpod-", "podman"},
	    {"crio-", "cri-o"},
	    {"cri-containerd-", "containerd"},
	    {"/containerd/", "containerd"},
	};
	for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++)
		if (id_after(path, end, layouts[i].marker, ci->container_id)) {
			ci->runtime = layouts[i].runtime;
			break;
		}
	bool kube = false;
	for (const char *p = path; p + 8 <= end; p++)
		if (memcmp(p, "kubepods", 8) == 0) {
			kube = true;
			break;
		}
	if (kube) {
		if (!ci->runtime) {
			/* cgroupfs driver: /kubepods/burstable/pod<uid>/<64 hex> */
			const char *last = end;
			while (last > path && last[-1] != '/')
				last--;
			if (end - last == 64 && is_hex_run(last, 64)) {
				memcpy(ci->container_id, last, 64);
				ci->container_id[64] = '\0';
			}
		}
		if (!ci->runtime)
			ci->runtime = "kubernetes";
		else if (strcmp(ci->runtime, "containerd") == 0)
			ci->runtime = "kubernetes/containerd";
		else if (strcmp(ci->runtime, "cri-o") == 0)
			ci->runtime = "kubernetes/cri-o";
		else if (strcmp(ci->runtime, "docker") == 0)
			ci->runtime = "kubernetes/docker";
	}
	if (!ci->runtime) {
		/* LXC: /lxc.payload.NAME/... or /lxc/NAME/... */
		static const char *const lxc[] = {"/lxc.payload.", "/lxc/"};
		for (size_t i = 0; i < 2 && !ci->runtime; i++) {
			size_t ml = strlen(lxc[i]);
			for (const char *p = path; p + ml < end; p++)
				if (memcmp(p, lxc[i], ml) == 0) {
					const char *s = p + ml;
					const char *e = memchr(s, '/', (size_t)(end - s));
					size_t n = (size_t)((e ? e : end) - s);
					if (n == 0 || n >= sizeof(ci->container_id))
						break;
					memcpy(ci->container_id, s, n);
					ci->container_id[n] = '\0';
					ci->runtime = "lxc";
					break;
				}
		}
	}
}
