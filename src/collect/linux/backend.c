/* The live Linux backend: one /proc pass, then every namespace's netlink view, then the checks
 * that tie tun fds to devices. */
#include "collect/linux/linux.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static void host_facts(struct ifw_model *m)
{
	struct utsname u;
	if (uname(&u) == 0) {
		m->hostname = ifw_model_strdup(m, u.nodename);
		m->kernel = ifw_arena_printf(&m->arena, "%s %s", u.sysname, u.release);
	}
}

static int linux_collect(struct ifw_model *m, const struct ifw_collect_opts *o, struct ifw_err *err)
{
	m->source = IFW_SRC_LIVE;
	m->os = "linux";
	m->privileged = geteuid() == 0;
	host_facts(m);
	const char *proc_root = o->proc_root ? o->proc_root : "/proc";
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (!o->routes_only && ifw_linux_scan_procs(m, proc_root, err) < 0)
		return -1;
	if (getenv("IFWHO_TIMING")) {
		struct timespec t1;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		fprintf(stderr, "ifwho:   /proc pass: %zu processes, %zu fds in %.1f ms\n", m->procs.n,
			m->fdrefs.n,
			(double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	}
	struct ifw_ns_handle *h = NULL;
	size_t n = 0;
	if (ifw_linux_find_netns(m, proc_root, &h, &n, err) < 0)
		return -1;
	size_t wanted = 0, collected = 0, denied = 0;
	int ret = 0;
	for (size_t i = 0; i < n; i++) {
		struct ifw_netns *ns = &m->netns.v[h[i].ns];
		if (o->netns && !ifw_netns_matches(ns, o->netns))
			continue;
		wanted++;
		struct ifw_err e = {0};
		if (ifw_linux_collect_ns(m, &h[i], o, &e) == 0) {
			collected++;
			continue;
		}
		if (e.code == IFW_E_LIMIT || e.code == IFW_E_NOMEM) {
			*err = e; /* could not return to our namespace, or out of memory */
			ret = -1;
			break;
		}
		ns = &m->netns.v[h[i].ns];
		ns->error = ifw_model_strdup(m, e.msg);
		if (e.code == IFW_E_PERM)
			denied++;
		else
			ifw_model_warn(m, "namespace %s: %s", ns->name, e.msg);
	}
	if (ret == 0 && ifw_linux_resolve_nsids(m, h, n, err) < 0)
		ret = -1;
	free(h);
	if (ret < 0)
		return -1;
	if (denied)
		ifw_model_limit(m, "%zu other network namespace(s) (entering them needs CAP_SYS_ADMIN)",
				denied);
	if (o->netns && wanted == 0)
		return ifw_fail(err, IFW_E_NOTFOUND, "no network namespace matches \"%s\"", o->netns);
	if (wanted && collected == 0)
		return ifw_fail(err, denied ? IFW_E_PERM : IFW_E_SYS,
				"could not read any network namespace%s", denied ? " (not permitted)" : "");
	ifw_linux_confirm_tunfds(m);
	if (o->query_daemons)
		ifw_linux_query_vici(m);
	if (ifw_model_index(m) < 0)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory indexing the model");
	return 0;
}

const struct ifw_backend ifw_backend_linux = {
	.name = "linux",
	.collect = linux_collect,
};
