/* Container and VM identities from the runtimes' own state, read-only: the name, image and
 * Compose project of a container whose id the cgroup path gave (procfs.c), a Kubernetes pod's
 * name and namespace, the libvirt domain behind a vnetN/macvtapN.
 *
 *  - Docker: its API (GET /containers/{id}/json over the unix socket dockerd listens on, via
 *    daemon_sock.h: only a root-owned dockerd executable, only its own socket, bounded in time
 *    and bytes), else its state on disk (<data-root>/containers/<id>/config.v2.json), which
 *    is what is left when the daemon is down or not trusted.
 *  - Podman has no daemon: containers/storage's containers.json, found through the bundle
 *    directory on conmon's command line (-b <root>/overlay-containers/<id>/userdata), which
 *    also covers a custom --root, else in the default root.
 *  - Kubernetes: the pod uid in the cgroup path, matched to the kubelet's pod log directories.
 *  - libvirt: the run-state XML of each running domain (/run/libvirt/qemu/<domain>.xml).
 *
 * A file is read only if it is a regular file owned by root (or by the uid of the process
 * whose command line named it) and writable by no one else; every file is size-capped. */
#include "collect/linux/daemon_sock.h"
#include "collect/linux/linux.h"
#include "collect/linux/procfs.h"
#include "collect/linux/procscan.h"
#include "collect/linux/runtime_state.h"
#include "util/input.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DOCKERDS 4
#define HTTP_MAX     (1u << 20)
#define MAX_PODS     4096

/* Docker's API answer for one container is a few kB; 150 ms allows a busy daemon. */
static const struct ifw_dsock_limits docker_limits = {.conv_ms = 150, .max_bytes = HTTP_MAX};

struct rt {
	struct ifw_model *m;
	struct ifw_dsock_run *run; /* NULL: no daemon is asked (--no-daemons) */
	const char *root; /* test hook: prefix of every path read, no daemon asked; "" normally */
	struct dockerd {
		struct ifw_dsock_daemon dm;
		bool trusted;
		bool noted; /* a failure of its API was warned about: once is enough */
		char sock[256], data[256];
	} dockerds[MAX_DOCKERDS];
	size_t n_dockerds;
	int procfd;        /* for light records (focused mode) that must be read in full; -1 */
	char (*pods)[320]; /* the kubelet's pod log directory names, read once */
	size_t n_pods;
	bool pods_read;

	char *cmdbuf; /* CMDLINE_MAX, allocated on first use */
};

/* A focused run keeps only pid and namespace of most processes: conmon and dockerd are read in
 * full here when they are needed (their name, command line and start time). */
static void full_record(struct rt *r, ifw_id id)
{
	if (r->m->procs.v[id].comm || r->procfd < 0)
		return;
	if (!r->cmdbuf && !(r->cmdbuf = malloc(CMDLINE_MAX)))
		return;
	struct scan s = {.m = r->m, .cmdbuf = r->cmdbuf};
	char name[12];
	snprintf(name, sizeof(name), "%d", r->m->procs.v[id].pid);
	ifw_scan_pid_at(&s, r->procfd, name, id);
}

/* The comm of a light record, read from /proc without filling the record. */
static bool light_comm_is(const struct rt *r, const struct ifw_process *p, const char *want)
{
	if (p->comm)
		return strcmp(p->comm, want) == 0;
	if (r->procfd < 0)
		return false;
	char path[32], comm[32];
	snprintf(path, sizeof(path), "%d/comm", p->pid);
	ssize_t n = ifw_read_at(r->procfd, path, comm, sizeof(comm) - 1, NULL);
	if (n <= 0)
		return false;
	comm[n] = '\0';
	if (comm[n - 1] == '\n')
		comm[n - 1] = '\0';
	return strcmp(comm, want) == 0;
}

/* Reads path (under rt->root) if it is a regular file, at most IFW_RTSTATE_MAX_FILE bytes,
 * owned by root or uid, writable by no one else. malloc'ed and NUL-terminated, or NULL. */
static char *read_state(const struct rt *r, const char *path, uint32_t uid, size_t *len)
{
	char full[1024];
	if ((size_t)snprintf(full, sizeof(full), "%s%s", r->root, path) >= sizeof(full))
		return NULL;
	struct ifw_err err = {0};
	int fd = ifw_input_open(AT_FDCWD, full, IFW_IN_NOFOLLOW, &err);
	if (fd < 0)
		return NULL;
	struct stat st;
	char *buf = NULL;
	if (fstat(fd, &st) < 0 || (st.st_uid != 0 && st.st_uid != uid) ||
	    (st.st_mode & (S_IWGRP | S_IWOTH)) || st.st_size > (off_t)IFW_RTSTATE_MAX_FILE)
		goto out;
	buf = malloc((size_t)st.st_size + 1);
	if (!buf)
		goto out;
	size_t n = 0;
	while (n < (size_t)st.st_size) {
		ssize_t k = read(fd, buf + n, (size_t)st.st_size - n);
		if (k <= 0)
			break;
		n += (size_t)k;
	}
	buf[n] = '\0';
	*len = n;
out:
	close(fd);
	return buf;
}

/* The value of option name ("--data-root") in a space-joined command line: "--name V",
 * "--name=V"; or, for a short alias, "-x V". Copied into v; false when absent. */
static bool cmd_opt(const char *cmd, const char *name, const char *alias, char *v, size_t cap)
{
	if (!cmd)
		return false;
	bool found = false;
	for (const char *p = cmd; *p;) {
		while (*p == ' ')
			p++;
		const char *e = strchr(p, ' ');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		size_t nl = strlen(name);
		const char *val = NULL;
		if ((n == nl && memcmp(p, name, nl) == 0) ||
		    (alias && n == strlen(alias) && memcmp(p, alias, n) == 0)) {
			val = e ? e + 1 : NULL;
		} else if (n > nl && memcmp(p, name, nl) == 0 && p[nl] == '=') {
			val = p + nl + 1;
		}
		if (val) {
			const char *ve = strchr(val, ' ');
			size_t vl = ve ? (size_t)(ve - val) : strlen(val);
			if (vl && vl < cap) {
				memcpy(v, val, vl);
				v[vl] = '\0';
				found = true; /* the last one counts, as with getopt */
			}
		}
		p += n;
	}
	return found;
}

static bool comm_is(const struct ifw_process *p, const char *name)
{
	return p->comm && strcmp(p->comm, name) == 0;
}

static void find_dockerds(struct rt *r)
{
	static const char *const names[] = {"dockerd"};
	for (size_t i = 0; i < r->m->procs.n && r->n_dockerds < MAX_DOCKERDS; i++) {
		if (!light_comm_is(r, &r->m->procs.v[i], "dockerd"))
			continue;
		full_record(r, (ifw_id)i);
		const struct ifw_process *p = &r->m->procs.v[i];
		if (!comm_is(p, "dockerd"))
			continue;
		struct dockerd *d = &r->dockerds[r->n_dockerds];
		memset(d, 0, sizeof(*d));
		struct ifw_err err = {0};
		d->trusted = ifw_dsock_identify(&d->dm, r->m, (ifw_id)i, names, 1, &err) == 0;
		if (!d->trusted) {
			if (d->dm.denied)
				ifw_model_limit(r->m, "Docker's container names (checking dockerd "
				                      "needs CAP_SYS_PTRACE)");
			continue; /* its command line names paths anyone could have chosen */
		}
		char host[300];
		snprintf(d->sock, sizeof(d->sock), "/run/docker.sock");
		if (cmd_opt(p->cmdline, "--host", "-H", host, sizeof(host)) &&
		    strncmp(host, "unix://", 7) == 0 && strlen(host + 7) < sizeof(d->sock))
			memcpy(d->sock, host + 7, strlen(host + 7) + 1);
		if (!cmd_opt(p->cmdline, "--data-root", "-g", d->data, sizeof(d->data)))
			snprintf(d->data, sizeof(d->data), "/var/lib/docker");
		r->n_dockerds++;
	}
}

static bool http_done(const char *buf, size_t n)
{
	/* a non-HTTP answer ends the wait too: it is refused after */
	return ifw_http_response((char *)buf, n, false, NULL, NULL, NULL) != 0;
}

/* GET path from one dockerd: the malloc'ed answer (free it) with its body at *body, *blen, or
 * NULL (a failure is warned about once per daemon; *status 404 is a plain "not mine"). */
static char *docker_get(struct rt *r, struct dockerd *dd, const char *path, int *status,
                        char **body, size_t *blen)
{
	struct ifw_dsock d = {.fd = -1};
	struct ifw_err err = {0};
	char req[256];
	char *buf = NULL;
	*status = 0;
	if (ifw_dsock_connect(&d, r->run, &dd->dm, dd->sock, &docker_limits, &err) < 0) {
		if (d.stop != IFW_DSOCK_ABSENT && !dd->noted) {
			ifw_model_warn(r->m, "did not ask dockerd (pid %d) for container names: %s",
			               dd->dm.pid, err.msg);
			dd->noted = true;
		}
		goto fail;
	}
	int n = snprintf(req, sizeof(req),
	                 "GET %s HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n", path);
	buf = malloc(HTTP_MAX + 1);
	if (!buf || n < 0 || (size_t)n >= sizeof(req) || ifw_dsock_send(&d, req, (size_t)n) < 0 ||
	    ifw_dsock_recv_until(&d, buf, HTTP_MAX + 1, http_done) < 0) {
		if (!dd->noted) {
			ifw_model_warn(r->m, "gave up on dockerd (pid %d): %s", dd->dm.pid,
			               buf ? ifw_dsock_why(&d) : "out of memory");
			dd->noted = true;
		}
		goto fail;
	}
	/* strlen: a NUL in the answer ends it (and what is left is not HTTP or not JSON). */
	if (ifw_http_response(buf, strlen(buf), true, status, body, blen) == 1 && *status == 200) {
		ifw_dsock_close(&d);
		return buf;
	}
	if (*status != 404 && !dd->noted) {
		/* 404: not this daemon's (there may be several) */
		ifw_model_warn(r->m, "dockerd (pid %d) gave no usable answer to GET %s", dd->dm.pid,
		               path);
		dd->noted = true;
	}
fail:
	free(buf);
	ifw_dsock_close(&d);
	return NULL;
}

/* GET /containers/{id}/json from one dockerd: 0 with out filled, -1. */
static int docker_api(struct rt *r, struct dockerd *dd, const char *id, struct ifw_ctr_info *out)
{
	char path[128];
	snprintf(path, sizeof(path), "/containers/%s/json", id);
	int status;
	char *body;
	size_t blen;
	char *buf = docker_get(r, dd, path, &status, &body, &blen);
	if (!buf)
		return -1;
	struct ifw_err err = {0};
	int rc = ifw_docker_parse_container(body, blen, out, &err);
	if (rc < 0 && !dd->noted) {
		ifw_model_warn(r->m, "dockerd (pid %d) about container %.12s: %s", dd->dm.pid, id,
		               err.msg);
		dd->noted = true;
	}
	free(buf);
	return rc;
}

/* Interfaces where this host's runtimes make theirs: the host's namespace, or ifwho's. */
static bool runtime_ns(const struct ifw_model *m, const struct ifw_iface *f)
{
	return f->ns < m->netns.n && (m->netns.v[f->ns].is_host || m->netns.v[f->ns].is_self);
}

static bool is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[n] == '\0';
}

/* Docker names a user-defined network's bridge br-<first 12 hex digits of its id>: the API
 * names the network. */
static void docker_networks(struct rt *r)
{
	if (r->root[0] || !r->run)
		return;
	for (size_t i = 0; i < r->m->ifaces.n; i++) {
		struct ifw_iface *f = &r->m->ifaces.v[i];
		if (!f->name || !f->kind || strcmp(f->kind, "bridge") != 0 ||
		    strncmp(f->name, "br-", 3) != 0 || !is_hex(f->name + 3, 12) ||
		    !runtime_ns(r->m, f))
			continue;
		for (size_t k = 0; k < r->n_dockerds && !f->net_name; k++) {
			char path[64];
			snprintf(path, sizeof(path), "/networks/%s", f->name + 3);
			int status;
			char *body;
			size_t blen;
			char *buf = docker_get(r, &r->dockerds[k], path, &status, &body, &blen);
			struct ifw_ctr_net net;
			struct ifw_err err = {0};
			if (buf && ifw_docker_parse_network(body, blen, &net, &err) == 0 &&
			    strncmp(net.id, f->name + 3, 12) == 0) {
				f->net_name = ifw_model_strdup(r->m, net.name);
				f->net_runtime = "docker";
				f->net_source = "docker api";
			}
			free(buf);
		}
	}
}

/* Network definitions in one directory: netavark's JSON files (Podman), CNI conflists (Podman
 * 4's CNI backend, or any CNI user: cni_runtime says which), each naming the bridge it uses. */
static void net_dir(struct rt *r, const char *dir, uint32_t uid, const char *cni_runtime)
{
	char full[600];
	if ((size_t)snprintf(full, sizeof(full), "%s%s", r->root, dir) >= sizeof(full))
		return;
	DIR *d = opendir(full);
	struct dirent *e;
	for (int n = 0; d && n < 256 && (e = readdir(d)); n++) {
		size_t l = strlen(e->d_name);
		bool json = l > 5 && strcmp(e->d_name + l - 5, ".json") == 0;
		bool cni = l > 9 && strcmp(e->d_name + l - 9, ".conflist") == 0;
		if (!json && !cni)
			continue;
		char path[900];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		size_t len = 0;
		char *buf = read_state(r, path, uid, &len);
		if (!buf)
			continue;
		struct ifw_ctr_net net;
		struct ifw_err err = {0};
		/* parsed once: not once per interface (3 000 interfaces made 6 000 parses) */
		bool parsed = ifw_podman_parse_network(buf, len, &net, &err) == 0;
		for (size_t i = 0; parsed && i < r->m->ifaces.n; i++) {
			struct ifw_iface *f = &r->m->ifaces.v[i];
			if (f->name && !f->net_name && strcmp(f->name, net.bridge) == 0 &&
			    f->kind && strcmp(f->kind, "bridge") == 0 && runtime_ns(r->m, f)) {
				f->net_name = ifw_model_strdup(r->m, net.name);
				f->net_runtime = cni ? cni_runtime : "podman";
				f->net_source = cni ? "cni config" : "podman state";
			}
		}
		free(buf);
	}
	if (d)
		closedir(d);
}

/* Podman's networks: its default directories, and the --network-config-dir each running
 * container's podman was given (conmon carries podman's options for its exit command). */
static void podman_networks(struct rt *r)
{
	net_dir(r, "/etc/containers/networks", 0, "podman");
	net_dir(r, "/etc/cni/net.d", 0, "CNI");
	bool unnamed = false;
	for (size_t i = 0; i < r->m->ifaces.n && !unnamed; i++) {
		const struct ifw_iface *f = &r->m->ifaces.v[i];
		unnamed = f->kind && strcmp(f->kind, "bridge") == 0 && !f->net_name &&
		          runtime_ns(r->m, f);
	}
	if (!unnamed)
		return;
	char seen[4][512];
	size_t n_seen = 0;
	for (size_t i = 0; i < r->m->procs.n && n_seen < 4; i++) {
		if (!light_comm_is(r, &r->m->procs.v[i], "conmon"))
			continue;
		full_record(r, (ifw_id)i);
		const struct ifw_process *p = &r->m->procs.v[i];
		const char *key = "--exit-command-arg --network-config-dir --exit-command-arg ";
		const char *at = p->cmdline ? strstr(p->cmdline, key) : NULL;
		if (!at)
			continue;
		at += strlen(key);
		size_t l = strcspn(at, " ");
		if (l == 0 || l >= sizeof(seen[0]) || at[0] != '/')
			continue;
		char dir[512];
		memcpy(dir, at, l);
		dir[l] = '\0';
		bool dup = false;
		for (size_t k = 0; k < n_seen && !dup; k++)
			dup = strcmp(seen[k], dir) == 0;
		if (dup)
			continue;
		memcpy(seen[n_seen++], dir, l + 1);
		net_dir(r, dir, p->has_uid ? p->uid : 0, "podman");
	}
}

static int docker_disk(struct rt *r, const char *data, uint32_t uid, const char *id,
                       struct ifw_ctr_info *out)
{
	char path[512];
	if ((size_t)snprintf(path, sizeof(path), "%s/containers/%s/config.v2.json", data, id) >=
	    sizeof(path))
		return -1;
	size_t len = 0;
	char *buf = read_state(r, path, uid, &len);
	if (!buf)
		return -1;
	struct ifw_err err = {0};
	int rc = ifw_docker_parse_container(buf, len, out, &err);
	if (rc < 0)
		ifw_model_warn(r->m, "%s: %s", path, err.msg);
	free(buf);
	return rc;
}

static const char *docker(struct rt *r, const char *id, struct ifw_ctr_info *out)
{
	/* An id is a path component below: only hex passes (the cgroup parser ensures it). */
	for (const char *p = id; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return NULL;
	if (!r->root[0] && r->run)
		for (size_t i = 0; i < r->n_dockerds; i++)
			if (docker_api(r, &r->dockerds[i], id, out) == 0)
				return "docker api";
	for (size_t i = 0; i < r->n_dockerds; i++)
		if (docker_disk(r, r->dockerds[i].data, r->dockerds[i].dm.uid, id, out) == 0)
			return "docker state";
	if (docker_disk(r, "/var/lib/docker", 0, id, out) == 0)
		return "docker state";
	return NULL;
}

/* The record of pid, read in full if it was light. */
static const struct ifw_process *by_pid(struct rt *r, int32_t pid)
{
	for (size_t i = 0; i < r->m->procs.n; i++)
		if (r->m->procs.v[i].pid == pid) {
			full_record(r, (ifw_id)i);
			return &r->m->procs.v[i];
		}
	return NULL;
}

static int podman_file(struct rt *r, const char *dir, uint32_t uid, const char *id,
                       struct ifw_ctr_info *out)
{
	char path[600];
	if ((size_t)snprintf(path, sizeof(path), "%s/containers.json", dir) >= sizeof(path))
		return -1;
	size_t len = 0;
	char *buf = read_state(r, path, uid, &len);
	if (!buf)
		return -1;
	struct ifw_err err = {0};
	int rc = ifw_podman_parse_containers(buf, len, id, out, &err);
	if (rc < 0)
		ifw_model_warn(r->m, "%s: %s", path, err.msg);
	free(buf);
	return rc == 0 ? 0 : -1;
}

static const char *podman(struct rt *r, const struct ifw_process *p, const char *id,
                          struct ifw_ctr_info *out)
{
	/* conmon is the parent of the container's first process: climb a few generations. */
	const struct ifw_process *q = p;
	for (int i = 0; i < 8 && q && !comm_is(q, "conmon"); i++)
		q = q->ppid > 0 ? by_pid(r, q->ppid) : NULL;
	char bundle[512];
	if (q && comm_is(q, "conmon") &&
	    cmd_opt(q->cmdline, "--bundle", "-b", bundle, sizeof(bundle))) {
		/* <root>/overlay-containers/<id>/userdata: the file is two levels up. */
		char want[128];
		snprintf(want, sizeof(want), "/%s/userdata", id);
		size_t bl = strlen(bundle), wl = strlen(want);
		if (bl > wl && strcmp(bundle + bl - wl, want) == 0 && bundle[0] == '/') {
			bundle[bl - wl] = '\0';
			if (podman_file(r, bundle, q->has_uid ? q->uid : 0, id, out) == 0)
				return "podman state";
		}
	}
	if (podman_file(r, "/var/lib/containers/storage/overlay-containers", 0, id, out) == 0)
		return "podman state";
	return NULL;
}

/* The kubelet names each pod's log directory <namespace>_<name>_<uid>. */
static bool kube_pod(struct rt *r, const struct ifw_process *p, char *ns, size_t ns_cap, char *name,
                     size_t name_cap)
{
	char uid[37];
	if (!p->cgroup || !ifw_kube_pod_uid(p->cgroup, strlen(p->cgroup), uid))
		return false;
	if (!r->pods_read) {
		/* Read once: a node runs up to a few hundred pods (the kubelet's default limit is
		 * 110); more entries than MAX_PODS are not looked at. */
		r->pods_read = true;
		char dir[600];
		snprintf(dir, sizeof(dir), "%s/var/log/pods", r->root);
		DIR *d = opendir(dir);
		struct dirent *e;
		while (d && r->n_pods < MAX_PODS && (e = readdir(d))) {
			if (e->d_name[0] == '.' || strlen(e->d_name) >= sizeof(r->pods[0]))
				continue;
			if (!r->pods && !(r->pods = calloc(MAX_PODS, sizeof(r->pods[0]))))
				break;
			memcpy(r->pods[r->n_pods++], e->d_name, strlen(e->d_name) + 1);
		}
		if (d)
			closedir(d);
	}
	for (size_t i = 0; i < r->n_pods; i++)
		if (ifw_kube_pod_dir(r->pods[i], uid, ns, ns_cap, name, name_cap))
			return true;
	return false;
}

/* Copies what an earlier process of the same container already got. */
static bool same_container(struct ifw_model *m, size_t upto, struct ifw_process *p)
{
	for (size_t i = 0; i < upto; i++) {
		const struct ifw_process *o = &m->procs.v[i];
		/* Earlier processes were looked up already (found or not): never twice. */
		if (o->container_id && strcmp(o->container_id, p->container_id) == 0 &&
		    o->container_runtime == p->container_runtime) {
			p->container_name = o->container_name;
			p->container_image = o->container_image;
			p->compose_project = o->compose_project;
			p->pod_name = o->pod_name;
			p->pod_namespace = o->pod_namespace;
			p->container_source = o->container_source;
			return true;
		}
	}
	return false;
}

static void keep(struct ifw_model *m, struct ifw_process *p, const struct ifw_ctr_info *ci,
                 const char *src)
{
	p->container_source = src;
	if (ci->name[0])
		p->container_name = ifw_model_strdup(m, ci->name);
	if (ci->image[0])
		p->container_image = ifw_model_strdup(m, ci->image);
	if (ci->project[0])
		p->compose_project = ifw_model_strdup(m, ci->project);
}

static void libvirt(struct rt *r)
{
	char dir[600];
	snprintf(dir, sizeof(dir), "%s/run/libvirt/qemu", r->root);
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	for (int i = 0; i < 4096 && (e = readdir(d)); i++) {
		size_t l = strlen(e->d_name);
		if (l < 5 || strcmp(e->d_name + l - 4, ".xml") != 0)
			continue;
		char path[900];
		snprintf(path, sizeof(path), "/run/libvirt/qemu/%s", e->d_name);
		size_t len = 0;
		char *buf = read_state(r, path, 0, &len);
		if (!buf)
			continue;
		struct ifw_vm_info vm;
		struct ifw_err err = {0};
		if (ifw_libvirt_parse_domain(buf, len, &vm, &err) < 0) {
			ifw_model_warn(r->m, "%s: %s", path, err.msg);
			free(buf);
			continue;
		}
		free(buf);
		const char *name = NULL;
		for (size_t k = 0; k < vm.n_nics; k++) {
			/* A libvirt network's bridge (virbr0 for "default") named by its network.
			 */
			for (size_t f = 0;
			     vm.nics[k].network[0] && vm.nics[k].bridge[0] && f < r->m->ifaces.n;
			     f++) {
				struct ifw_iface *br = &r->m->ifaces.v[f];
				if (br->name && !br->net_name &&
				    strcmp(br->name, vm.nics[k].bridge) == 0 &&
				    runtime_ns(r->m, br)) {
					br->net_name = ifw_model_strdup(r->m, vm.nics[k].network);
					br->net_runtime = "libvirt";
					br->net_source = "libvirt state";
				}
			}
			if (!vm.nics[k].dev[0])
				continue;
			/* The tap lives where libvirtd made it, never in a container. */
			for (size_t f = 0; f < r->m->ifaces.n; f++) {
				struct ifw_iface *fi = &r->m->ifaces.v[f];
				if (!fi->name || strcmp(fi->name, vm.nics[k].dev) != 0 ||
				    !runtime_ns(r->m, fi))
					continue;
				if (!name)
					name = ifw_model_strdup(r->m, vm.name);
				fi->vm_name = name;
				if (vm.nics[k].network[0])
					fi->vm_network = ifw_model_strdup(r->m, vm.nics[k].network);
			}
		}
	}
	closedir(d);
}

void ifw_linux_query_runtimes(struct ifw_model *m, struct ifw_dsock_run *run, const char *proc_root,
                              const char *state_root)
{
	struct rt r = {.m = m, .run = run, .root = state_root ? state_root : "", .procfd = -1};
	bool any_docker = false;
	for (size_t i = 0; i < m->procs.n && !any_docker; i++)
		any_docker = m->procs.v[i].container_runtime && m->procs.v[i].container_id &&
		             strstr(m->procs.v[i].container_runtime, "docker");
	r.procfd = open(proc_root ? proc_root : "/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	/* Docker's bridges (br-<id>) are named by the same daemons. */
	for (size_t i = 0; i < m->ifaces.n && !any_docker; i++) {
		const struct ifw_iface *f = &m->ifaces.v[i];
		any_docker = f->name && strncmp(f->name, "br-", 3) == 0 && is_hex(f->name + 3, 12);
	}
	if (any_docker)
		find_dockerds(&r);
	for (size_t i = 0; i < m->procs.n; i++) {
		struct ifw_process *p = &m->procs.v[i];
		if (!p->container_runtime || !p->container_id || same_container(m, i, p))
			continue;
		struct ifw_ctr_info ci;
		memset(&ci, 0, sizeof(ci));
		const char *src = NULL;
		if (strcmp(p->container_runtime, "docker") == 0 ||
		    strcmp(p->container_runtime, "kubernetes/docker") == 0)
			src = docker(&r, p->container_id, &ci);
		else if (strcmp(p->container_runtime, "podman") == 0)
			src = podman(&r, p, p->container_id, &ci);
		if (src)
			keep(m, p, &ci, src);
		if (strncmp(p->container_runtime, "kubernetes", 10) == 0) {
			char ns[254], name[254];
			if (kube_pod(&r, p, ns, sizeof(ns), name, sizeof(name))) {
				p->pod_namespace = ifw_model_strdup(m, ns);
				p->pod_name = ifw_model_strdup(m, name);
				if (!p->container_source)
					p->container_source = "kubelet pod logs";
			}
		}
	}
	if (r.n_dockerds)
		docker_networks(&r);
	podman_networks(&r);
	libvirt(&r);
	free(r.pods);
	free(r.cmdbuf);
	if (r.procfd >= 0)
		close(r.procfd);
}
