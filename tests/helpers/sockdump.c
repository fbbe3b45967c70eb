/* ifw-sockdump: every socket the live collector puts in the model, one line each, with its
 * holders, for comparing the ways ifwho learns sockets (the BPF fd walk, or inet_diag dumps when
 * IFWHO_NO_BPF is set).
 *
 *   ifw-sockdump [--netns NS]
 *
 * A line: namespace, protocol, family, state, local and remote end, uid, inode, bound device
 * index, cgroup id, receive and send queue, owner state, holders (pid/fd, sorted), then " @ "
 * and where the socket came from (which the comparison leaves out). Lines are sorted. */
#include "collect/backend.h"
#include "model/model.h"
#include "util/ipaddr.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static int by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int by_holder(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;
	return (*x > *y) - (*x < *y);
}

static const char *proto_name(uint8_t p)
{
	static const char *const names[] = {
	    [IFW_P_TCP] = "tcp", [IFW_P_UDP] = "udp",       [IFW_P_UDPLITE] = "udplite",
	    [IFW_P_RAW] = "raw", [IFW_P_PACKET] = "packet", [IFW_P_UNIX] = "unix"};
	return p < sizeof(names) / sizeof(names[0]) && names[p] ? names[p] : "other";
}

static char *line(const struct ifw_model *m, const struct ifw_socket *s)
{
	char l[IFW_IP_STRLEN], r[IFW_IP_STRLEN], holders[1024] = "";
	int64_t h[64];
	size_t n = 0;
	for (size_t i = 0; i < s->fdrefs.n && n < 64; i++) {
		const struct ifw_fdref *f = &m->fdrefs.v[s->fdrefs.v[i]];
		if (f->proc != IFW_NOID)
			h[n++] = (int64_t)m->procs.v[f->proc].pid << 20 | (f->fd & 0xfffff);
	}
	qsort(h, n, sizeof(h[0]), by_holder);
	size_t used = 0;
	for (size_t i = 0; i < n && used < sizeof(holders) - 32; i++)
		used += (size_t)snprintf(holders + used, sizeof(holders) - used, "%s%" PRId64 "/%d",
		                         i ? "," : "", h[i] >> 20, (int)(h[i] & 0xfffff));
	static const char *const owners[] = {"unknown", "process", "kernel", "none"};
	char *out = NULL;
	if (asprintf(&out,
	             "%s %s %d state=%u %s:%u %s:%u raw=%u uid=%u ino=%" PRIu64
	             " dev=%d cg=%" PRIu64 " rq=%u wq=%u owner=%s holders=%s path=%s @ %s",
	             m->netns.v[s->ns].name ? m->netns.v[s->ns].name : "?", proto_name(s->proto),
	             s->family, s->state, s->family == AF_UNIX ? "-" : ifw_ip_str(&s->local, l),
	             s->lport, s->family == AF_UNIX ? "-" : ifw_ip_str(&s->remote, r), s->rport,
	             s->raw_protocol, s->uid, s->inode, s->bound_ifindex, s->cgroup_id, s->rqueue,
	             s->wqueue, s->owner < 4 ? owners[s->owner] : "?", n ? holders : "-",
	             s->path ? s->path : "-", s->origin.src ? s->origin.src : "?") < 0)
		return NULL;
	return out;
}

int main(int argc, char **argv)
{
	/* The program reads its settings, as ifwho's cli does: the collector reads no environment.
	 */
	struct ifw_collect_opts o = {.proc_root = "/proc",
	                             .no_bpf = getenv("IFWHO_NO_BPF") != NULL};
	if (argc == 3 && strcmp(argv[1], "--netns") == 0)
		o.netns = argv[2];
	else if (argc != 1) {
		fprintf(stderr, "usage: ifw-sockdump [--netns NS]\n");
		return 2;
	}
	struct ifw_model m;
	ifw_model_init(&m);
	struct ifw_err err = {0};
	if (ifw_backend_linux.collect(&m, &o, &err) < 0 || ifw_model_index(&m) < 0) {
		fprintf(stderr, "ifw-sockdump: %s\n", err.msg);
		ifw_model_free(&m);
		return 1;
	}
	char **lines = calloc(m.sockets.n + 1, sizeof(*lines));
	size_t n = 0;
	for (size_t i = 0; lines && i < m.sockets.n; i++)
		if ((lines[n] = line(&m, &m.sockets.v[i])) != NULL)
			n++;
	if (lines)
		qsort(lines, n, sizeof(*lines), by_str);
	for (size_t i = 0; i < n; i++) {
		puts(lines[i]);
		free(lines[i]);
	}
	free(lines);
	ifw_model_free(&m);
	return 0;
}
