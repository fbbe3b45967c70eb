/* Asking strongSwan's charon about its SAs over VICI, the way `swanctl --list-sas` does. This is
 * the only sure source of a kernel-libipsec tunnel's far end: charon's UDP sockets are not
 * connected, so no socket table shows the peer. Read-only (list-sas), bounded in time and size,
 * disabled with --no-daemons. The vici socket lives in charon's mount namespace: it is reached
 * through /proc/PID/root with RESOLVE_IN_ROOT, so its path resolves as charon sees it. */
#include "collect/linux/linux.h"
#include "collect/linux/vici_msg.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#define VICI_MAX_SEGMENT (512 * 1024)
#define VICI_MAX_EVENTS  1024

enum {
	CMD_REQUEST = 0,
	CMD_RESPONSE = 1,
	CMD_UNKNOWN = 2,
	EVENT_REGISTER = 3,
	EVENT_UNREGISTER = 4,
	EVENT_CONFIRM = 5,
	EVENT_UNKNOWN = 6,
	EVENT = 7
};

static bool is_charon(const struct ifw_process *p)
{
	return p->comm &&
	       (strcmp(p->comm, "charon") == 0 || strcmp(p->comm, "charon-systemd") == 0);
}

static int connect_in_root(int pid, const char *path)
{
	char root[64];
	snprintf(root, sizeof(root), "/proc/%d/root", pid);
	int rfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rfd < 0)
		return -1;
	struct open_how how = {.flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT};
	int pfd = (int)syscall(SYS_openat2, rfd, path, &how, sizeof(how));
	close(rfd);
	if (pfd < 0)
		return -1;
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0) {
		close(pfd);
		return -1;
	}
	struct timeval tv = {.tv_sec = 1};
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	snprintf(sa.sun_path, sizeof(sa.sun_path), "/proc/self/fd/%d", pfd);
	int r = connect(s, (struct sockaddr *)&sa, sizeof(sa));
	close(pfd);
	if (r < 0) {
		close(s);
		return -1;
	}
	return s;
}

static int send_packet(int s, uint8_t type, const char *name)
{
	uint8_t buf[300];
	size_t n = strlen(name);
	if (n > 255)
		return -1;
	uint32_t len = (uint32_t)(2 + n);
	buf[0] = (uint8_t)(len >> 24);
	buf[1] = (uint8_t)(len >> 16);
	buf[2] = (uint8_t)(len >> 8);
	buf[3] = (uint8_t)len;
	buf[4] = type;
	buf[5] = (uint8_t)n;
	memcpy(buf + 6, name, n);
	return send(s, buf, 6 + n, MSG_NOSIGNAL) == (ssize_t)(6 + n) ? 0 : -1;
}

static int read_full(int s, uint8_t *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = recv(s, buf + got, n - got, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

/* Reads one segment into *buf (resized as needed); returns its length or -1. */
static ssize_t read_segment(int s, uint8_t **buf, size_t *cap)
{
	uint8_t hdr[4];
	if (read_full(s, hdr, 4) < 0)
		return -1;
	size_t len = (size_t)hdr[0] << 24 | (size_t)hdr[1] << 16 | (size_t)hdr[2] << 8 | hdr[3];
	if (len == 0 || len > VICI_MAX_SEGMENT)
		return -1;
	if (len > *cap) {
		uint8_t *n = realloc(*buf, len);
		if (!n)
			return -1;
		*buf = n;
		*cap = len;
	}
	return read_full(s, *buf, len) < 0 ? -1 : (ssize_t)len;
}

static int expect(int s, uint8_t **buf, size_t *cap, uint8_t type)
{
	ssize_t n = read_segment(s, buf, cap);
	return n > 0 && (*buf)[0] == type ? 0 : -1;
}

/* One list-sas exchange; returns the SAs added or -1. */
static int list_sas(struct ifw_model *m, ifw_id proc, int s, const char *origin)
{
	uint8_t *buf = NULL;
	size_t cap = 0;
	int added = 0, rc = -1;
	if (send_packet(s, EVENT_REGISTER, "list-sa") < 0 ||
	    expect(s, &buf, &cap, EVENT_CONFIRM) < 0)
		goto out;
	if (send_packet(s, CMD_REQUEST, "list-sas") < 0)
		goto out;
	for (int events = 0; events < VICI_MAX_EVENTS; events++) {
		ssize_t n = read_segment(s, &buf, &cap);
		if (n <= 0)
			goto out;
		if (buf[0] == CMD_RESPONSE) {
			rc = 0;
			break;
		}
		if (buf[0] != EVENT || n < 2 || (size_t)n < 2u + buf[1])
			goto out;
		size_t off = 2u + buf[1];
		if (buf[1] != 7 || memcmp(buf + 2, "list-sa", 7) != 0)
			continue;
		int a = ifw_vici_parse_list_sa(m, proc, buf + off, (size_t)n - off, origin);
		if (a < 0)
			goto out;
		added += a;
	}
	send_packet(s, EVENT_UNREGISTER, "list-sa");
out:
	free(buf);
	return rc < 0 ? -1 : added;
}

/* The listening unix socket among proc's fds: its path is where vici listens. */
static const char *vici_path(const struct ifw_model *m, const struct ifw_process *p)
{
	for (size_t i = 0; i < m->fdrefs.n; i++) {
		const struct ifw_fdref *r = &m->fdrefs.v[i];
		if (r->type != IFW_FD_SOCKET || r->proc == IFW_NOID || &m->procs.v[r->proc] != p)
			continue;
		for (size_t k = 0; k < m->sockets.n; k++) {
			const struct ifw_socket *s = &m->sockets.v[k];
			if (s->family == AF_UNIX && s->inode == r->inode && s->path &&
			    s->path[0] == '/' && strstr(s->path, "vici"))
				return s->path;
		}
	}
	return NULL;
}

void ifw_linux_query_vici(struct ifw_model *m)
{
	for (size_t i = 0; i < m->procs.n; i++) {
		const struct ifw_process *p = &m->procs.v[i];
		if (!is_charon(p))
			continue;
		const char *path = vici_path(m, p);
		if (!path)
			continue;
		int s = connect_in_root(p->pid, path);
		if (s < 0) {
			ifw_model_warn(m, "could not ask charon (pid %d) about its SAs at %s: %s",
			               p->pid, path, strerror(errno));
			continue;
		}
		const char *origin =
		    ifw_arena_printf(&m->arena, "vici list-sas, charon pid %d", p->pid);
		if (list_sas(m, (ifw_id)i, s, origin) < 0)
			ifw_model_warn(m, "charon (pid %d) gave no usable answer over vici",
			               p->pid);
		close(s);
	}
}
