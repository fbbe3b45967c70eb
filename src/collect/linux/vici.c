/* Asking strongSwan's charon about its SAs over VICI, the way `swanctl --list-sas` does. This is
 * the only sure source of a kernel-libipsec tunnel's far end: charon's UDP sockets are not
 * connected, so no socket table shows the peer. Read-only (list-sas), bounded in time and size,
 * disabled with --no-daemons. The vici socket lives in charon's mount namespace: it is reached
 * through /proc/PID/root with RESOLVE_IN_ROOT, so its path resolves as charon sees it.
 * daemon_sock.c decides whether a "charon" is believed (its executable, the socket's owner)
 * and bounds each conversation in time and bytes. */
#include "collect/linux/daemon_sock.h"
#include "collect/linux/linux.h"
#include "collect/linux/vici_msg.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

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

static const char *const charon_names[] = {"charon", "charon-systemd"};

/* charon answers list-sas at once from memory; a host with thousands of SAs answers in a few
 * MiB (each SA a few hundred bytes to a few KiB). */
static const struct ifw_dsock_limits vici_limits = {.conv_ms = 200, .max_bytes = 8u << 20};

static bool is_charon(const struct ifw_process *p)
{
	return p->comm &&
	       (strcmp(p->comm, "charon") == 0 || strcmp(p->comm, "charon-systemd") == 0);
}

static int send_packet(struct ifw_dsock *d, uint8_t type, const char *name)
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
	return ifw_dsock_send(d, buf, 6 + n);
}

/* Reads one segment into *buf (resized as needed); returns its length or -1. */
static ssize_t read_segment(struct ifw_dsock *d, uint8_t **buf, size_t *cap)
{
	uint8_t hdr[4];
	if (ifw_dsock_recv(d, hdr, 4) < 0)
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
	return ifw_dsock_recv(d, *buf, len) < 0 ? -1 : (ssize_t)len;
}

static int expect(struct ifw_dsock *d, uint8_t **buf, size_t *cap, uint8_t type)
{
	ssize_t n = read_segment(d, buf, cap);
	return n > 0 && (*buf)[0] == type ? 0 : -1;
}

/* One list-sas exchange; returns the SAs added or -1. */
static int list_sas(struct ifw_model *m, ifw_id proc, struct ifw_dsock *d, const char *origin)
{
	uint8_t *buf = NULL;
	size_t cap = 0;
	int added = 0, rc = -1;
	if (send_packet(d, EVENT_REGISTER, "list-sa") < 0 ||
	    expect(d, &buf, &cap, EVENT_CONFIRM) < 0)
		goto out;
	if (send_packet(d, CMD_REQUEST, "list-sas") < 0)
		goto out;
	for (int events = 0; events < VICI_MAX_EVENTS; events++) {
		ssize_t n = read_segment(d, &buf, &cap);
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
	send_packet(d, EVENT_UNREGISTER, "list-sa");
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

void ifw_linux_query_vici(struct ifw_model *m, struct ifw_dsock_run *run)
{
	for (size_t i = 0; i < m->procs.n; i++) {
		const struct ifw_process *p = &m->procs.v[i];
		if (!is_charon(p))
			continue;
		const char *path = vici_path(m, p);
		if (!path)
			continue;
		/* Any user can name a process charon and a socket vici: ask only the real one. */
		struct ifw_err e = {0};
		struct ifw_dsock_daemon dm;
		struct ifw_dsock d = {.fd = -1};
		int rc = ifw_dsock_identify(&dm, m, (ifw_id)i, charon_names, 2, &e);
		if (rc == 0)
			rc = ifw_dsock_connect(&d, run, &dm, path, &vici_limits, &e);
		if (rc < 0 && (dm.denied || d.stop == IFW_DSOCK_DENIED)) {
			ifw_model_limit(m,
			                "strongSwan's SAs (charon's executable and vici socket are "
			                "root's)");
			continue;
		}
		if (rc < 0) {
			ifw_model_warn(
			    m, "did not ask charon (strongSwan, pid %d) about its SAs at %s: %s",
			    p->pid, path, e.msg);
			continue;
		}
		const char *origin =
		    ifw_arena_printf(&m->arena, "vici list-sas, charon pid %d", p->pid);
		if (list_sas(m, (ifw_id)i, &d, origin) < 0)
			ifw_model_warn(m, "gave up on charon (strongSwan, pid %d) at %s: %s",
			               p->pid, path, ifw_dsock_why(&d));
		ifw_dsock_close(&d);
	}
}
