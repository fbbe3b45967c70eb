/* Parsers for what container runtimes keep about their containers, and libvirt about its
 * VMs, kept apart from the reading so that each can be tested on hostile input:
 *
 *  - Docker: a container's state, as its API answers GET /containers/{id}/json or as it keeps
 *    it on disk in <data-root>/containers/<id>/config.v2.json; both carry "Name" ("/web-1"),
 *    "Config"."Image" and "Config"."Labels" (com.docker.compose.project).
 *  - Podman (containers/storage): <root>/overlay-containers/containers.json, an array of
 *    {"id", "names": [...], "metadata": "<JSON string>"} whose metadata holds libpod's
 *    "image-name" and "name".
 *  - Kubernetes: the pod's uid in the kubelet's cgroup path (".../pod<uid>/..." with the
 *    cgroupfs driver, "...-pod<uid with _>.slice" with the systemd driver), and its namespace and
 *    name from the kubelet's log directory /var/log/pods/<namespace>_<name>_<uid>.
 *  - networks: Docker's GET /networks/{id} answer, Podman's network files (netavark JSON or
 *    CNI conflist), each naming the network behind a bridge.
 *  - libvirt: a running domain's state XML (/run/libvirt/qemu/<domain>.xml): its <name> and
 *    the target device of each <interface>.
 *
 * Every input is capped by the caller (IFW_RTSTATE_MAX_FILE); every string kept is bounded. */
#ifndef IFW_RUNTIME_STATE_H
#define IFW_RUNTIME_STATE_H

#include "util/err.h"

#include <stdbool.h>
#include <stddef.h>

#define IFW_RTSTATE_MAX_FILE (4u << 20) /* config.v2.json, containers.json, a domain's XML */

struct ifw_ctr_info {
	char name[128];  /* without Docker's leading '/' */
	char image[256]; /* as the user named it: "nginx:1.25", "docker.io/library/nginx:latest" */
	char project[128]; /* Docker Compose project; "" when none */
};

/* A Docker container's JSON (API answer or config.v2.json): 0 with out filled (fields absent
 * stay ""), -1 with err when it is not JSON or has no container name. */
int ifw_docker_parse_container(const char *json, size_t n, struct ifw_ctr_info *out,
                               struct ifw_err *err);

/* Podman's containers.json: 0 with out filled for the entry whose "id" is id, 1 when no entry
 * has that id, -1 with err when it is not such a file. */
int ifw_podman_parse_containers(const char *json, size_t n, const char *id,
                                struct ifw_ctr_info *out, struct ifw_err *err);

/* The pod uid in a kubelet cgroup path (uid gets 36 chars and a NUL, '_' turned into '-'):
 * true when the path has one. */
bool ifw_kube_pod_uid(const char *cgroup, size_t len, char uid[37]);

/* A directory name of /var/log/pods, "<namespace>_<name>_<uid>": true, with ns and name
 * filled, when it is well formed and its uid is uid. */
bool ifw_kube_pod_dir(const char *dirname, const char *uid, char *ns, size_t ns_cap, char *name,
                      size_t name_cap);

/* A container network and the bridge it uses. */
struct ifw_ctr_net {
	char name[128];
	char bridge[16]; /* "" when the file does not say */
	char id[65];     /* Docker: the network id */
};

/* Docker's answer to GET /networks/{id}: 0 with "Name" and "Id" kept, -1 with err. */
int ifw_docker_parse_network(const char *json, size_t n, struct ifw_ctr_net *out,
                             struct ifw_err *err);

/* A Podman network definition: netavark's /etc/containers/networks/NAME.json ("name",
 * "network_interface") or a CNI .conflist ("name", and a "bridge" plugin's "bridge"): 0 with
 * out filled, -1 with err when it is neither or names no bridge. */
int ifw_podman_parse_network(const char *json, size_t n, struct ifw_ctr_net *out,
                             struct ifw_err *err);

/* An HTTP/1.x response in buf[0..n) (a daemon's API over a unix socket): 1 when it is
 * complete (its Content-Length body, or a chunked body up to its last chunk), 0 when more is
 * needed, -1 when it is not HTTP. With decode, a complete response's status is set and its
 * body decoded in place (chunks joined) at *body, *blen. */
int ifw_http_response(char *buf, size_t n, bool decode, int *status, char **body, size_t *blen);

#define IFW_VM_MAX_NICS 16
struct ifw_vm_info {
	char name[128];
	size_t n_nics;
	struct {
		char dev[16];     /* <target dev='vnet0'/> */
		char network[64]; /* <source network='default'/> */
		char bridge[16];  /* <source bridge='virbr0'/> */
		char type[16];    /* <interface type='network'> */
	} nics[IFW_VM_MAX_NICS];
};

/* A libvirt domain's state XML (the <domstatus> file in /run/libvirt/qemu, or a plain
 * <domain>): 0 with out filled, -1 with err when no <domain> with a <name> is found. A bounded
 * scan of the few elements needed, not a general XML parser. */
int ifw_libvirt_parse_domain(const char *xml, size_t n, struct ifw_vm_info *out,
                             struct ifw_err *err);

#endif
