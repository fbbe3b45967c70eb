/* The live Linux backend: one /proc pass, then every namespace's netlink view, then the checks
 * that tie tun fds to devices. */
#include "collect/linux/bpf_fds.h"
#include "collect/linux/daemon_sock.h"
#include "collect/linux/linux.h"
#include "collect/linux/sockdiag_bpf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
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

/* Kernel threads show only in the initial PID namespace's /proc: kthreadd (pid 2) being there
 * means every process of the host is visible, so a daemon that is absent is not running. */
static bool initial_pid_namespace(const char *proc_root)
{
	char path[512], comm[32] = "";
	snprintf(path, sizeof(path), "%s/2/comm", proc_root);
	FILE *f = fopen(path, "re");
	if (!f)
		return false;
	bool ok = fgets(comm, sizeof(comm), f) && strcmp(comm, "kthreadd\n") == 0;
	fclose(f);
	return ok;
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* How many route sockets may stay open until the peers' ids are asked (one per namespace with
 * a link elsewhere): the soft descriptor limit is raised toward the hard one for a host with
 * about a thousand namespaces, and a margin is left for the sockets and files of the namespaces
 * still to read, which must never be the ones that fail. */
static size_t sockets_to_keep(size_t n_ns)
{
	enum { MARGIN = 256 };
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return 0;
	rlim_t want = (rlim_t)n_ns + 2 * MARGIN;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
		struct rlimit up = rl;
		up.rlim_cur =
		    rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want ? rl.rlim_max : want;
		if (setrlimit(RLIMIT_NOFILE, &up) == 0)
			rl = up;
	}
	if (rl.rlim_cur == RLIM_INFINITY)
		return n_ns;
	return rl.rlim_cur > 2 * MARGIN ? (size_t)rl.rlim_cur - 2 * MARGIN : 0;
}

/* Every wanted namespace's netlink view. Fails only for what makes going on wrong. With
 * from_bpf (one flag per namespace of the model), the socket dumps are planned from the BPF
 * snapshot (struct ifw_sock_plan) and from_bpf[ns] says which namespaces are to take their inet
 * sockets from it. */
static int collect_namespaces(struct ifw_model *m, const struct ifw_collect_opts *o,
                              struct ifw_ns_handle *h, size_t n, const struct fd_snapshot *snap,
                              bool *from_bpf, struct ifw_err *err)
{
	struct ifw_idmap kinds;
	if (from_bpf && ifw_snapshot_ns_kinds(snap, &kinds) < 0) {
		ifw_idmap_free(&kinds);
		return ifw_fail(err, IFW_E_NOMEM, "out of memory planning the socket dumps");
	}
	/* Route sockets kept from the collection, by model namespace id, to ask peers' ids. */
	size_t n_routes = m->netns.n;
	struct ifw_nl *routes = calloc(n_routes ? n_routes : 1, sizeof(*routes));
	if (!routes) {
		if (from_bpf)
			ifw_idmap_free(&kinds);
		return ifw_fail(err, IFW_E_NOMEM, "out of memory planning the socket dumps");
	}
	size_t wanted = 0, collected = 0, denied = 0, kept = 0;
	size_t may_keep = sockets_to_keep(n);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		struct ifw_netns *ns = &m->netns.v[h[i].ns];
		if (o->netns && !ifw_netns_matches(ns, o->netns))
			continue;
		wanted++;
		struct ifw_err e = {0};
		bool dumped = false;
		struct ifw_sock_plan plan = {.snapshot = from_bpf != NULL};
		if (from_bpf) {
			uint32_t k = ifw_idmap_get(&kinds, ns->inode);
			plan.unix_listen = k != IFW_NOID && (k & IFW_NS_HAS_UNIX_LISTEN);
			plan.packet = k != IFW_NOID && (k & IFW_NS_HAS_PACKET);
		}
		struct ifw_nl *keep =
		    h[i].ns < n_routes && kept < may_keep ? &routes[h[i].ns] : NULL;
		if (ifw_linux_collect_ns_plan(m, &h[i], o, &plan, &dumped, keep, &e) == 0) {
			collected++;
			kept += keep && keep->sk;
			if (from_bpf)
				from_bpf[h[i].ns] = !dumped;
			continue;
		}
		if (e.code == IFW_E_LIMIT || e.code == IFW_E_NOMEM) {
			*err = e; /* could not return to our namespace, or out of memory */
			rc = -1;
			break;
		}
		ns = &m->netns.v[h[i].ns];
		ns->error = ifw_model_strdup(m, e.msg);
		if (e.code == IFW_E_PERM)
			denied++;
		else
			ifw_model_warn(m, "namespace %s: %s", ns->name, e.msg);
	}
	struct timespec t_ids;
	clock_gettime(CLOCK_MONOTONIC, &t_ids);
	if (from_bpf)
		ifw_idmap_free(&kinds);
	size_t sweeps = 0;
	if (rc == 0)
		rc = ifw_linux_resolve_nsids(m, h, n, n_routes == m->netns.n ? routes : NULL,
		                             &sweeps, err);
	for (size_t i = 0; i < n_routes; i++)
		ifw_nl_close(&routes[i]);
	free(routes);
	if (rc < 0)
		return -1;
	if (o->timing)
		fprintf(
		    stderr,
		    "ifwho:   %zu namespaces read, peers' namespace ids in %.1f ms (%zu swept)\n",
		    collected, ms_since(&t_ids), sweeps);
	if (denied)
		ifw_model_limit(
		    m, "%zu other network namespace(s) (entering them needs CAP_SYS_ADMIN)",
		    denied);
	if (o->netns && wanted == 0)
		return ifw_fail(err, IFW_E_NOTFOUND, "no network namespace matches \"%s\"",
		                o->netns);
	if (wanted && collected == 0)
		return ifw_fail(err, denied ? IFW_E_PERM : IFW_E_SYS,
		                "could not read any network namespace%s",
		                denied ? " (not permitted)" : "");
	return 0;
}

/* An overlay moved to another namespace keeps its kernel socket where it was created, its link
 * namespace: those namespaces get their inet dumps too (and take no sockets from the snapshot). */
static int dump_birthplaces(struct ifw_model *m, const struct ifw_ns_handle *h, size_t n,
                            bool *from_bpf, size_t n_from, struct ifw_err *err)
{
	for (size_t i = 0; i < m->ifaces.n; i++) {
		const struct ifw_iface *f = &m->ifaces.v[i];
		ifw_id at = f->link_ns;
		if (at == IFW_NOID || at == f->ns || at >= n_from || !from_bpf[at] ||
		    !ifw_kind_has_kernel_sockets(f->kind))
			continue;
		from_bpf[at] = false;
		for (size_t k = 0; k < n; k++) {
			if (h[k].ns != at)
				continue;
			struct ifw_err e = {0};
			if (ifw_linux_dump_inet_in(m, &h[k], &e) == 0)
				break;
			if (e.code == IFW_E_LIMIT || e.code == IFW_E_NOMEM) {
				*err = e;
				return -1;
			}
			ifw_model_warn(m, "sockets of namespace %s: %s", m->netns.v[at].name,
			               e.msg);
			break;
		}
	}
	return 0;
}

/* After a focused collection: the processes that matter are the owners of the sockets found,
 * the tun holders, and those living where the asked-about interfaces lead. */
static int scan_for_focus(struct ifw_model *m, const char *proc_root,
                          const struct ifw_collect_opts *o, struct ifw_err *err)
{
	struct ifw_idmap inodes;
	ifw_idmap_init(&inodes);
	uint64_t ns[64];
	size_t n_ns = 0;
	int rc = 0;
	for (size_t i = 0; i < m->sockets.n && rc == 0; i++)
		if (m->sockets.v[i].inode)
			rc = ifw_idmap_put(&inodes, m->sockets.v[i].inode, 1);
	for (size_t i = 0; i < m->ifaces.n && n_ns < 64; i++) {
		const struct ifw_iface *f = &m->ifaces.v[i];
		if (f->link_ns != IFW_NOID && f->link_ns != f->ns && m->netns.v[f->ns].collected &&
		    f->addrs.n + 1 > 0)
			ns[n_ns++] = m->netns.v[f->link_ns].inode;
	}
	if (rc == 0)
		rc = ifw_linux_scan_relevant(m, proc_root, &inodes, ns, n_ns, o, err);
	ifw_idmap_free(&inodes);
	if (rc == 1) {
		/* No BPF: which process holds which socket needs every fd link anyway. */
		m->procs.n = 0;
		rc = ifw_linux_scan_procs(m, proc_root, o, err);
	}
	return rc;
}

static int collect_all(struct ifw_model *m, const struct ifw_collect_opts *oo, struct ifw_err *err)
{
	struct ifw_collect_opts o = *oo;
	m->source = IFW_SRC_LIVE;
	m->os = "linux";
	m->privileged = geteuid() == 0;
	host_facts(m);
	const char *proc_root = o.proc_root ? o.proc_root : "/proc";
	m->all_procs_visible = m->privileged && initial_pid_namespace(proc_root);
	bool timing = o.timing;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	o.focus_mode = o.iface && !o.routes_only && !o.no_focus;
	int rc = 0;
	struct fd_snapshot snap = {0};
	if (o.focus_mode)
		rc = ifw_linux_scan_ns_only(m, proc_root, err);
	else if (!o.routes_only)
		rc = ifw_linux_scan_procs_keep(m, proc_root, &o, &snap, err);
	if (rc < 0)
		return -1;
	if (timing)
		fprintf(stderr, "ifwho:   /proc pass: %zu processes, %zu fds in %.1f ms\n",
		        m->procs.n, m->fdrefs.n, ms_since(&t0));
	struct ifw_ns_handle *h = NULL;
	size_t n = 0;
	if (ifw_linux_find_netns(m, proc_root, &h, &n, err) < 0) {
		ifw_snapshot_free(&snap);
		return -1;
	}
	/* The snapshot's sockets stand for inet_diag's when every namespace is read: one walk
	 * instead of a dump per namespace. One namespace (--netns) gets its dumps, exact and cheap
	 * (a moved overlay's birthplace is known only from where it went); and recorded netlink
	 * replies (test fixtures) must hold the sockets. */
	size_t n_from = m->netns.n;
	bool *from_bpf = snap.recs && snap.sockets && !o.record_dir && !o.netns
	                     ? calloc(n_from ? n_from : 1, sizeof(*from_bpf))
	                     : NULL;
	rc = collect_namespaces(m, &o, h, n, &snap, from_bpf, err);
	if (rc == 0 && from_bpf)
		rc = dump_birthplaces(m, h, n, from_bpf, n_from, err);
	if (rc == 0 && from_bpf)
		rc = ifw_linux_sockets_from_snapshot(m, &snap, from_bpf, n_from, err);
	free(from_bpf);
	ifw_snapshot_free(&snap);
	if (rc == 0 && o.query_daemons && !o.routes_only)
		rc = ifw_linux_query_wireguard_kernel(m, h, n, err);
	if (rc < 0) {
		free(h);
		return -1;
	}
	if (timing)
		fprintf(stderr, "ifwho:   netlink: %zu interfaces, %zu sockets at %.1f ms\n",
		        m->ifaces.n, m->sockets.n, ms_since(&t0));
	if (o.focus_mode && scan_for_focus(m, proc_root, &o, err) < 0) {
		free(h);
		return -1;
	}
	if (!o.routes_only)
		ifw_linux_recheck_unowned(m, &o);
	if (timing)
		fprintf(stderr, "ifwho:   unowned sockets rechecked at %.1f ms\n", ms_since(&t0));
	ifw_linux_confirm_tunfds(m);
	/* The tun holders are known now: their unconnected sockets' far ends, from conntrack. */
	rc = o.routes_only ? 0 : ifw_linux_conntrack_far_ends(m, h, n, err);
	free(h);
	if (rc < 0)
		return -1;
	/* IFWHO_CONFIG_ROOT: read the configuration files under this directory instead of the
	 * host's root (tests); its declarations then apply to ifwho's own namespace. */
	if (!o.routes_only)
		ifw_linux_read_configs(m, o.config_root, proc_root);
	/* Every daemon asked this run (vici, WireGuard UAPI, OpenVPN management, dockerd) shares
	 * one deadline. */
	struct ifw_dsock_run run;
	ifw_dsock_run_start(&run, IFW_DSOCK_RUN_MS);
	if (o.query_daemons) {
		ifw_linux_query_vici(m, &run);
		ifw_linux_query_wireguard_uapi(m, &run);
		if (ifw_linux_query_openvpn(m, &run, err) < 0)
			return -1;
		if (ifw_linux_query_mesh(m, &run, err) < 0)
			return -1;
	}
	if (!o.routes_only) {
		/* Test hook, read here only: IFWHO_STATE_ROOT prefixes the paths of the runtimes'
		 * state (/var/lib/docker, /var/log/pods, /run/libvirt, ...) with a fake tree. */
		ifw_linux_query_runtimes(m, o.query_daemons ? &run : NULL, proc_root, o.state_root);
	}
	if (ifw_model_index(m) < 0)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory indexing the model");
	if (timing)
		fprintf(stderr, "ifwho:   tun fds, daemons, index at %.1f ms\n", ms_since(&t0));
	return 0;
}

static int linux_collect(struct ifw_model *m, const struct ifw_collect_opts *o, struct ifw_err *err)
{
	int rc = collect_all(m, o, err);
	ifw_bpf_fds_release(); /* nothing after the collection may start the fd iterator */
	return rc;
}

const struct ifw_backend ifw_backend_linux = {
    .name = "linux",
    .collect = linux_collect,
    .route_get = ifw_linux_route_get,
};
