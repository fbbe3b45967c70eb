/* Container runtime and libvirt state: the parsers on recorded and hostile input, and the
 * collector (ifw_linux_query_runtimes) on a fake state tree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "collect/linux/linux.h"
#include "collect/linux/runtime_state.h"
#include "model/model.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static char *slurp(const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/runtimes/%s", FIXTURES, name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *buf = malloc(1 << 20);
	assert_non_null(buf);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static void test_docker_config(void **state)
{
	(void)state;
	size_t n;
	char *b = slurp("docker-config.v2.json", &n);
	struct ifw_ctr_info ci;
	struct ifw_err err = {0};
	assert_int_equal(ifw_docker_parse_container(b, n, &ci, &err), 0);
	assert_string_equal(ci.name, "shop-web-1"); /* Docker's leading '/' dropped */
	assert_string_equal(ci.image, "nginx:1.25");
	assert_string_equal(ci.project, "shop");
	free(b);
}

static void test_docker_hostile(void **state)
{
	(void)state;
	struct ifw_ctr_info ci;
	struct ifw_err err = {0};
	/* binary, not JSON */
	static const char bin[] = "\x7f"
	                          "ELF\x02\x01\x01\0\0\0";
	assert_int_equal(ifw_docker_parse_container(bin, sizeof(bin) - 1, &ci, &err), -1);
	/* JSON without a name: refused, not an empty identity */
	const char *noname = "{\"Config\":{\"Image\":\"x\"}}";
	assert_int_equal(ifw_docker_parse_container(noname, strlen(noname), &ci, &err), -1);
	assert_non_null(strstr(err.msg, "Name"));
	/* wrong types everywhere: the name is kept, the rest left empty */
	const char *types = "{\"Name\":\"/a\",\"Config\":{\"Image\":7,\"Labels\":[1]}}";
	assert_int_equal(ifw_docker_parse_container(types, strlen(types), &ci, &err), 0);
	assert_string_equal(ci.name, "a");
	assert_string_equal(ci.image, "");
	assert_string_equal(ci.project, "");
	/* a very long name is cut, not overflowed */
	size_t big = 10000;
	char *j = malloc(big + 32);
	assert_non_null(j);
	int k = sprintf(j, "{\"Name\":\"/");
	memset(j + k, 'n', big);
	strcpy(j + k + big, "\"}");
	assert_int_equal(ifw_docker_parse_container(j, strlen(j), &ci, &err), 0);
	assert_int_equal(strlen(ci.name), sizeof(ci.name) - 1);
	free(j);
	/* beyond the size cap: refused before parsing */
	assert_int_equal(ifw_docker_parse_container("{}", IFW_RTSTATE_MAX_FILE + 1, &ci, &err), -1);
	assert_int_equal(err.code, IFW_E_LIMIT);
	/* deep nesting is jansson's to refuse */
	char *deep = malloc(300000);
	assert_non_null(deep);
	memset(deep, '[', 299999);
	deep[299999] = '\0';
	assert_int_equal(ifw_docker_parse_container(deep, 299999, &ci, &err), -1);
	free(deep);
}

static void test_podman_containers(void **state)
{
	(void)state;
	size_t n;
	char *b = slurp("podman-containers.json", &n);
	struct ifw_ctr_info ci;
	struct ifw_err err = {0};
	assert_int_equal(ifw_podman_parse_containers(
	                     b, n,
	                     "cc9bf7eecd2b8b39ed31e097447cebe8495a9253fff15a5157379a669c93fd4d",
	                     &ci, &err),
	                 0);
	assert_string_equal(ci.name, "rtxweb");
	assert_string_equal(ci.image, ""); /* --rootfs: no image */
	assert_int_equal(ifw_podman_parse_containers(
	                     b, n,
	                     "6b06fd4eb88b59e1a1e3a8a0c0e5d1f7c9b3a2d4e6f8091a2b3c4d5e6f708192",
	                     &ci, &err),
	                 0);
	assert_string_equal(ci.name, "web");
	assert_string_equal(ci.image, "docker.io/library/nginx:latest");
	assert_int_equal(ifw_podman_parse_containers(b, n, "ffff", &ci, &err), 1);
	free(b);
	/* not an array; metadata that is not JSON; names of the wrong type */
	const char *obj = "{\"id\":\"x\"}";
	assert_int_equal(ifw_podman_parse_containers(obj, strlen(obj), "x", &ci, &err), -1);
	const char *bad = "[{\"id\":\"x\",\"names\":\"web\",\"metadata\":\"{not json\"}]";
	assert_int_equal(ifw_podman_parse_containers(bad, strlen(bad), "x", &ci, &err), 0);
	assert_string_equal(ci.name, "");
	assert_string_equal(ci.image, "");
	const char *trunc = "[{\"id\":\"x\",\"names\":[\"we";
	assert_int_equal(ifw_podman_parse_containers(trunc, strlen(trunc), "x", &ci, &err), -1);
}

static void test_kube(void **state)
{
	(void)state;
	char uid[37];
	const char *fs = "/kubepods/burstable/pod0f3e9a2c-1b2d-4c5e-8f90-a1b2c3d4e5f6/"
	                 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	assert_true(ifw_kube_pod_uid(fs, strlen(fs), uid));
	assert_string_equal(uid, "0f3e9a2c-1b2d-4c5e-8f90-a1b2c3d4e5f6");
	const char *sd = "/kubepods.slice/kubepods-besteffort.slice/"
	                 "kubepods-besteffort-pod0f3e9a2c_1b2d_4c5e_8f90_a1b2c3d4e5f6.slice/"
	                 "cri-containerd-0123456789abcdef0123456789abcdef0123456789abcdef0123456789"
	                 "abcdef.scope";
	assert_true(ifw_kube_pod_uid(sd, strlen(sd), uid));
	assert_string_equal(uid, "0f3e9a2c-1b2d-4c5e-8f90-a1b2c3d4e5f6");
	const char *notkube = "/system.slice/pod0f3e9a2c-1b2d-4c5e-8f90-a1b2c3d4e5f6.service";
	assert_false(ifw_kube_pod_uid(notkube, strlen(notkube), uid));
	const char *short_uid = "/kubepods/pod0f3e9a2c-1b2d";
	assert_false(ifw_kube_pod_uid(short_uid, strlen(short_uid), uid));

	char ns[64], name[64];
	const char *u = "0f3e9a2c-1b2d-4c5e-8f90-a1b2c3d4e5f6";
	assert_true(ifw_kube_pod_dir("shop_web-5d9f7c-xk2lp_0f3e9a2c-1b2d-4c5e-8f90-a1b2c3d4e5f6",
	                             u, ns, sizeof(ns), name, sizeof(name)));
	assert_string_equal(ns, "shop");
	assert_string_equal(name, "web-5d9f7c-xk2lp");
	/* another pod's uid; too many parts; a terminal escape in a name; names too long */
	assert_false(ifw_kube_pod_dir("shop_web_0f3e9a2c-1b2d-4c5e-8f90-a1b2c3d4e5f7", u, ns,
	                              sizeof(ns), name, sizeof(name)));
	assert_false(ifw_kube_pod_dir("a_b_c_0f3e9a2c-1b2d-4c5e-8f90-a1b2c3d4e5f6", u, ns,
	                              sizeof(ns), name, sizeof(name)));
	assert_false(ifw_kube_pod_dir("shop_\x1b[31mweb_0f3e9a2c-1b2d-4c5e-8f90-a1b2c3d4e5f6", u,
	                              ns, sizeof(ns), name, sizeof(name)));
	assert_false(ifw_kube_pod_dir("shop_web_0f3e9a2c-1b2d-4c5e-8f90-a1b2c3d4e5f6", u, ns, 3,
	                              name, sizeof(name)));
	assert_false(ifw_kube_pod_dir("_web_0f3e9a2c-1b2d-4c5e-8f90-a1b2c3d4e5f6", u, ns,
	                              sizeof(ns), name, sizeof(name)));
}

static void test_libvirt(void **state)
{
	(void)state;
	size_t n;
	char *b = slurp("libvirt-domstatus.xml", &n);
	struct ifw_vm_info vm;
	struct ifw_err err = {0};
	assert_int_equal(ifw_libvirt_parse_domain(b, n, &vm, &err), 0);
	assert_string_equal(vm.name, "db1");
	assert_int_equal(vm.n_nics, 2);
	assert_string_equal(vm.nics[0].dev, "vnet0");
	assert_string_equal(vm.nics[0].network, "default");
	assert_string_equal(vm.nics[0].bridge, "virbr0");
	assert_string_equal(vm.nics[0].type, "network");
	assert_string_equal(vm.nics[1].dev, "macvtap0");
	assert_string_equal(vm.nics[1].type, "direct");
	/* cut anywhere: never reads past the end, fails or succeeds cleanly */
	for (size_t cut = 0; cut < n; cut += 7) {
		char *c = malloc(cut + 1);
		assert_non_null(c);
		memcpy(c, b, cut);
		c[cut] = '\0';
		int rc = ifw_libvirt_parse_domain(c, cut, &vm, &err);
		assert_true(rc == 0 || rc == -1);
		if (rc == 0)
			assert_string_equal(vm.name, "db1");
		free(c);
	}
	free(b);
	/* binary; no <domain>; a <name> outside any domain; unterminated attribute */
	assert_int_equal(ifw_libvirt_parse_domain("<domain>\0<name>x</name>", 24, &vm, &err), -1);
	const char *nod = "<network><name>default</name></network>";
	assert_int_equal(ifw_libvirt_parse_domain(nod, strlen(nod), &vm, &err), -1);
	const char *unt = "<domain><name>v</name><interface type='network><target dev='vnet9'/>";
	assert_int_equal(ifw_libvirt_parse_domain(unt, strlen(unt), &vm, &err), 0);
	assert_string_equal(vm.name, "v");
	/* more interfaces than kept: bounded */
	char many[8192] = "<domain><name>m</name>";
	for (int i = 0; i < 40; i++)
		snprintf(many + strlen(many), sizeof(many) - strlen(many),
		         "<interface type='bridge'><target dev='vnet%d'/></interface>", i);
	strcat(many, "</domain>");
	assert_int_equal(ifw_libvirt_parse_domain(many, strlen(many), &vm, &err), 0);
	assert_int_equal(vm.n_nics, IFW_VM_MAX_NICS);
	assert_string_equal(vm.nics[15].dev, "vnet15");
}

static void test_http(void **state)
{
	(void)state;
	size_t n;
	char *b = slurp("docker-inspect-chunked.http", &n);
	int st = 0;
	char *body = NULL;
	size_t blen = 0;
	/* every prefix is incomplete, the whole is complete */
	for (size_t i = 0; i < n; i++)
		assert_int_equal(ifw_http_response(b, i, false, NULL, NULL, NULL), 0);
	assert_int_equal(ifw_http_response(b, n, true, &st, &body, &blen), 1);
	assert_int_equal(st, 200);
	struct ifw_ctr_info ci;
	struct ifw_err err = {0};
	assert_int_equal(ifw_docker_parse_container(body, blen, &ci, &err), 0);
	assert_string_equal(ci.name, "shop-web-1");
	assert_string_equal(ci.project, "shop");
	free(b);
	char cl[] = "HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\n\r\nnope!";
	assert_int_equal(ifw_http_response(cl, strlen(cl), true, &st, &body, &blen), 1);
	assert_int_equal(st, 404);
	assert_int_equal(blen, 5);
	char garbage[] = "\x16\x03\x01 hello";
	assert_int_equal(ifw_http_response(garbage, strlen(garbage), false, NULL, NULL, NULL), -1);
	char nolen[] = "HTTP/1.0 200 OK\r\n\r\n{}";
	assert_int_equal(ifw_http_response(nolen, strlen(nolen), false, NULL, NULL, NULL), -1);
	char hugechunk[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffff\r\n";
	assert_int_equal(ifw_http_response(hugechunk, strlen(hugechunk), false, NULL, NULL, NULL),
	                 -1);
	char badlen[] = "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n";
	assert_int_equal(ifw_http_response(badlen, strlen(badlen), false, NULL, NULL, NULL), -1);
}

static void test_networks(void **state)
{
	(void)state;
	size_t n;
	struct ifw_ctr_net net;
	struct ifw_err err = {0};
	char *b = slurp("docker-network.json", &n);
	assert_int_equal(ifw_docker_parse_network(b, n, &net, &err), 0);
	assert_string_equal(net.name, "shop_default");
	assert_memory_equal(net.id, "4f790e482b87", 12);
	free(b);
	b = slurp("podman-netavark.json", &n);
	assert_int_equal(ifw_podman_parse_network(b, n, &net, &err), 0);
	assert_string_equal(net.name, "podman");
	assert_string_equal(net.bridge, "podman0");
	free(b);
	b = slurp("podman-cni.conflist", &n);
	assert_int_equal(ifw_podman_parse_network(b, n, &net, &err), 0);
	assert_string_equal(net.name, "shopnet");
	assert_string_equal(net.bridge, "cni-podman1"); /* the bridge plugin, not the first */
	free(b);
	/* a macvlan network names no bridge; an id-less Docker answer; binary */
	const char *mv = "{\"name\":\"mv\",\"plugins\":[{\"type\":\"macvlan\",\"master\":"
	                 "\"eth0\"}]}";
	assert_int_equal(ifw_podman_parse_network(mv, strlen(mv), &net, &err), -1);
	const char *noid = "{\"Name\":\"x\"}";
	assert_int_equal(ifw_docker_parse_network(noid, strlen(noid), &net, &err), -1);
	assert_int_equal(ifw_podman_parse_network("\0\1\2", 3, &net, &err), -1);
	/* a bridge name longer than an interface name can be is cut, never overflows */
	const char *lng = "{\"name\":\"n\",\"network_interface\":\"abcdefghijklmnopqrstuvwxyz\"}";
	assert_int_equal(ifw_podman_parse_network(lng, strlen(lng), &net, &err), 0);
	assert_int_equal(strlen(net.bridge), sizeof(net.bridge) - 1);
}

/* --- the collector on a fake tree (IFWHO_STATE_ROOT's job) --- */

static void put(const char *root, const char *rel, const char *text, mode_t mode)
{
	char path[1024], dir[1100];
	snprintf(path, sizeof(path), "%s%s", root, rel);
	snprintf(dir, sizeof(dir), "mkdir -p '%s'", path);
	*strrchr(dir, '/') = '\0';
	strcat(dir, "'");
	assert_int_equal(system(dir), 0);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

static struct ifw_process *add_proc(struct ifw_model *m, int pid, int ppid, const char *comm)
{
	struct ifw_process *p = ifw_model_add_proc(m);
	assert_non_null(p);
	p->pid = pid;
	p->ppid = ppid;
	p->comm = comm;
	p->uid = (uint32_t)getuid();
	p->has_uid = true;
	return p;
}

static void test_collector_fake_tree(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip(); /* Docker's and libvirt's state is read only when root owns it */
	char root[] = "/tmp/ifw-rtstate-XXXXXX";
	assert_non_null(mkdtemp(root));
	const char *did = "a7f5a1359bbc2f0e6a0d3c2b4f1e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f21";
	const char *pid_ = "6b06fd4eb88b59e1a1e3a8a0c0e5d1f7c9b3a2d4e6f8091a2b3c4d5e6f708192";
	size_t n;
	char *dj = slurp("docker-config.v2.json", &n);
	char rel[512];
	snprintf(rel, sizeof(rel), "/var/lib/docker/containers/%s/config.v2.json", did);
	put(root, rel, dj, 0600);
	free(dj);
	char *pj = slurp("podman-containers.json", &n);
	put(root, "/srv/podroot/vfs-containers/containers.json", pj, 0600);
	/* a second root whose file anyone may write: not believed */
	put(root, "/srv/evil/vfs-containers/containers.json", pj, 0666);
	free(pj);
	char *lx = slurp("libvirt-domstatus.xml", &n);
	put(root, "/run/libvirt/qemu/db1.xml", lx, 0600);
	free(lx);
	put(root, "/run/libvirt/qemu/junk.xml", "\x01\x02 not xml", 0600);
	char *nv = slurp("podman-netavark.json", &n);
	put(root, "/etc/containers/networks/podman.json", nv, 0644);
	free(nv);
	put(root, "/var/log/pods/shop_web-5d9f7c-xk2lp_0f3e9a2c-1b2d-4c5e-8f90-a1b2c3d4e5f6/x.log",
	    "", 0600);

	struct ifw_model m;
	ifw_model_init(&m);
	struct ifw_netns *ns = ifw_model_add_netns(&m);
	assert_non_null(ns);
	ns->is_host = true;
	struct ifw_iface *vnet = ifw_model_add_iface(&m, 0);
	vnet->name = "vnet0";
	struct ifw_iface *other = ifw_model_add_iface(&m, 0);
	other->name = "vnet7";
	struct ifw_iface *virbr = ifw_model_add_iface(&m, 0);
	virbr->name = "virbr0";
	virbr->kind = "bridge";
	struct ifw_iface *pbr = ifw_model_add_iface(&m, 0);
	pbr->name = "podman0";
	pbr->kind = "bridge";

	struct ifw_process *d = add_proc(&m, 100, 1, "nginx");
	d->container_runtime = "docker";
	d->container_id = did;
	struct ifw_process *d2 = add_proc(&m, 101, 100, "nginx");
	d2->container_runtime = "docker";
	d2->container_id = did;
	char cmd[1024];
	snprintf(cmd, sizeof(cmd),
	         "/usr/bin/conmon --api-version 1 -c %s -u %s -r /usr/bin/runc -b "
	         "/srv/podroot/vfs-containers/%s/userdata -n web",
	         pid_, pid_, pid_);
	struct ifw_process *cm = add_proc(&m, 200, 1, "conmon");
	cm->cmdline = cmd;
	struct ifw_process *pp = add_proc(&m, 201, 200, "sleep");
	pp->container_runtime = "podman";
	pp->container_id = pid_;
	char cmd2[1024];
	snprintf(cmd2, sizeof(cmd2), "/usr/bin/conmon -b /srv/evil/vfs-containers/%s/userdata",
	         "cc9bf7eecd2b8b39ed31e097447cebe8495a9253fff15a5157379a669c93fd4d");
	struct ifw_process *cm2 = add_proc(&m, 300, 1, "conmon");
	cm2->cmdline = cmd2;
	struct ifw_process *ev = add_proc(&m, 301, 300, "sleep");
	ev->container_runtime = "podman";
	ev->container_id = "cc9bf7eecd2b8b39ed31e097447cebe8495a9253fff15a5157379a669c93fd4d";
	struct ifw_process *k = add_proc(&m, 400, 1, "pause");
	k->container_runtime = "kubernetes/containerd";
	k->container_id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	k->cgroup =
	    "/kubepods.slice/kubepods-besteffort.slice/"
	    "kubepods-besteffort-pod0f3e9a2c_1b2d_4c5e_8f90_a1b2c3d4e5f6.slice/"
	    "cri-containerd-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	    ".scope";

	ifw_linux_query_runtimes(&m, NULL, "/nonexistent", root);

	d = &m.procs.v[0];
	assert_string_equal(d->container_name, "shop-web-1");
	assert_string_equal(d->container_image, "nginx:1.25");
	assert_string_equal(d->compose_project, "shop");
	assert_string_equal(d->container_source, "docker state");
	assert_string_equal(m.procs.v[1].container_name, "shop-web-1");
	pp = &m.procs.v[3];
	assert_string_equal(pp->container_name, "web");
	assert_string_equal(pp->container_image, "docker.io/library/nginx:latest");
	assert_string_equal(pp->container_source, "podman state");
	assert_null(m.procs.v[5].container_name); /* the world-writable file */
	k = &m.procs.v[6];
	assert_string_equal(k->pod_name, "web-5d9f7c-xk2lp");
	assert_string_equal(k->pod_namespace, "shop");
	assert_string_equal(k->container_source, "kubelet pod logs");
	assert_string_equal(m.ifaces.v[0].vm_name, "db1");
	assert_string_equal(m.ifaces.v[0].vm_network, "default");
	assert_null(m.ifaces.v[1].vm_name);
	assert_string_equal(m.ifaces.v[2].net_name, "default");
	assert_string_equal(m.ifaces.v[2].net_runtime, "libvirt");
	assert_string_equal(m.ifaces.v[3].net_name, "podman");
	assert_string_equal(m.ifaces.v[3].net_runtime, "podman");
	assert_true(m.warnings.n >= 1); /* junk.xml said so */
	ifw_model_free(&m);
	char rm[600];
	snprintf(rm, sizeof(rm), "rm -rf '%s'", root);
	assert_int_equal(system(rm), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_docker_config),     cmocka_unit_test(test_docker_hostile),
	    cmocka_unit_test(test_podman_containers), cmocka_unit_test(test_kube),
	    cmocka_unit_test(test_libvirt),           cmocka_unit_test(test_http),
	    cmocka_unit_test(test_networks),          cmocka_unit_test(test_collector_fake_tree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
