/* Asking WireGuard for its peers, read-only: a userspace implementation (wireguard-go,
 * boringtun) over its UAPI socket `get=1`, kernel WireGuard over generic netlink
 * (WG_CMD_GET_DEVICE). Its UDP socket is not connected, so only this names the far end. The UAPI
 * socket is found through the tun holder: a listening unix socket among its fds named
 * .../wireguard/NAME.sock, else the conventional /run/wireguard/NAME.sock in its root. */
#include "collect/linux/daemon_sock.h"
#include "collect/linux/linux.h"
#include "collect/linux/wg_parse.h"

#include <linux/genetlink.h>
#include <linux/wireguard.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

/* Listening unix sockets named like UAPI sockets (".../wireguard/NAME.sock") and the processes
 * holding them: found in one pass over sockets and one over fds, so a host with 100k sockets and
 * 10k tun devices costs no more than reading them. */
struct uapi_sock {
	ifw_id proc;
	const char *path;
};

static bool uapi_like(const char *path)
{
	size_t n = path ? strlen(path) : 0;
	return n > 16 && path[0] == '/' && strstr(path, "/wireguard/") &&
	       strcmp(path + n - 5, ".sock") == 0;
}

static size_t find_uapi_socks(const struct ifw_model *m, struct uapi_sock *out, size_t max)
{
	struct ifw_idmap by_inode;
	ifw_idmap_init(&by_inode);
	for (size_t k = 0; k < m->sockets.n; k++) {
		const struct ifw_socket *s = &m->sockets.v[k];
		if (s->family == AF_UNIX && s->inode && uapi_like(s->path) &&
		    ifw_idmap_put(&by_inode, s->inode, (uint32_t)k) < 0)
			break;
	}
	size_t n = 0;
	for (size_t i = 0; i < m->fdrefs.n && n < max && by_inode.n; i++) {
		const struct ifw_fdref *r = &m->fdrefs.v[i];
		if (r->type != IFW_FD_SOCKET || r->proc == IFW_NOID)
			continue;
		uint32_t k = ifw_idmap_get(&by_inode, r->inode);
		if (k != UINT32_MAX)
			out[n++] = (struct uapi_sock){r->proc, m->sockets.v[k].path};
	}
	ifw_idmap_free(&by_inode);
	return n;
}

/* The holder's UAPI socket for device name, or NULL. */
static const char *uapi_path_of(const struct uapi_sock *u, size_t n, ifw_id proc, const char *name)
{
	char tail[64];
	snprintf(tail, sizeof(tail), "/wireguard/%s.sock", name);
	size_t tl = strlen(tail);
	for (size_t i = 0; i < n; i++) {
		size_t pl = strlen(u[i].path);
		if (u[i].proc == proc && pl > tl && strcmp(u[i].path + pl - tl, tail) == 0)
			return u[i].path;
	}
	return NULL;
}

/* The executables of the userspace implementations asked; when its socket was not seen (its
 * namespace not dumped), a process named like one is still asked at the conventional path. */
static const char *const wg_names[] = {"wireguard-go", "boringtun", "boringtun-cli"};
#define N_WG_NAMES (sizeof(wg_names) / sizeof(wg_names[0]))

/* A `get=1` answer is a few hundred bytes per peer, written at once from memory: 256 KiB is
 * several hundred peers. */
static const struct ifw_dsock_limits uapi_limits = {.conv_ms = 100, .max_bytes = 256u << 10};

static bool known_userspace_wg(const struct ifw_process *p)
{
	for (size_t i = 0; p->comm && i < N_WG_NAMES; i++)
		if (strcmp(p->comm, wg_names[i]) == 0)
			return true;
	return false;
}

static uint64_t name_key(ifw_id proc, const char *name)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (const char *c = name; *c; c++)
		h = (h ^ (uint8_t)*c) * 16777619u;
	return (uint64_t)proc << 32 | h;
}

/* One `get=1` conversation; returns the sessions added, or -1 with *stop saying why not
 * (IFW_DSOCK_ABSENT: no socket at path) and why[] the words for the warning. */
static int ask_uapi(struct ifw_model *m, struct ifw_dsock_run *run,
                    const struct ifw_dsock_daemon *dm, const struct ifw_fdref *fd, const char *path,
                    enum ifw_dsock_stop *stop, char *why, size_t why_len)
{
	const struct ifw_process *p = &m->procs.v[dm->proc];
	struct ifw_dsock d = {.fd = -1};
	struct ifw_err err = {0};
	int rc = -1;
	char *buf = malloc(uapi_limits.max_bytes + 1);
	*stop = IFW_DSOCK_OK;
	if (!buf) {
		snprintf(why, why_len, "out of memory");
		return -1;
	}
	if (ifw_dsock_connect(&d, run, dm, path, &uapi_limits, &err) < 0) {
		*stop = d.stop;
		snprintf(why, why_len, "%s", err.msg);
		goto out;
	}
	static const char req[] = "get=1\n\n";
	ssize_t n = -1;
	if (ifw_dsock_send(&d, req, sizeof(req) - 1) == 0)
		n = ifw_dsock_recv_until(&d, buf, uapi_limits.max_bytes + 1, ifw_wg_uapi_complete);
	if (n < 0) {
		*stop = d.stop;
		snprintf(why, why_len, "%s", ifw_dsock_why(&d));
		goto out;
	}
	struct ifw_wg_target tg = {
	    .proc = dm->proc,
	    .iface = fd->tun_iface,
	    .ifname = fd->tun_name,
	    .daemon = p->comm ? p->comm : "WireGuard",
	    .source = "wireguard uapi",
	    .origin = ifw_arena_printf(&m->arena, "wireguard uapi %s, %s pid %d", path,
	                               p->comm ? p->comm : "?", p->pid),
	};
	rc = ifw_wg_parse_uapi(m, &tg, buf, (size_t)n);
	if (rc < 0)
		snprintf(why, why_len, "its answer is not a valid UAPI answer");
out:
	ifw_dsock_close(&d);
	free(buf);
	return rc;
}

/* A socket found by its conventional path (not among the holder's fds) may be another
 * daemon's of the same name: its sessions are kept only if their listen port is one of the
 * holder's UDP sockets. */
static bool holder_listens(const struct ifw_model *m, ifw_id proc, size_t first)
{
	if (m->sas.n == first)
		return true;
	uint16_t port = m->sas.v[first].lport;
	for (size_t i = 0; i < m->fdrefs.n; i++) {
		const struct ifw_fdref *r = &m->fdrefs.v[i];
		if (r->proc != proc || r->type != IFW_FD_SOCKET)
			continue;
		for (size_t k = 0; k < m->sockets.n; k++)
			if (m->sockets.v[k].inode == r->inode &&
			    m->sockets.v[k].proto == IFW_P_UDP && m->sockets.v[k].lport == port)
				return true;
	}
	return false;
}

#define WG_MAX_ASKED 64

/* Asks one tun device's holder; returns 0, or -1 with why[] filled for a warning. */
static int ask_holder(struct ifw_model *m, struct ifw_dsock_run *run, const struct ifw_fdref *fd,
                      const char *path, char *at, size_t at_len, char *why, size_t why_len)
{
	struct ifw_dsock_daemon dm;
	struct ifw_err err = {0};
	char conv[2][96];
	snprintf(conv[0], sizeof(conv[0]), "/run/wireguard/%s.sock", fd->tun_name);
	snprintf(conv[1], sizeof(conv[1]), "/var/run/wireguard/%s.sock", fd->tun_name);
	snprintf(at, at_len, "%s", path ? path : conv[0]);
	/* Any user can name a process wireguard-go and a socket wg0.sock: ask only the real one. */
	if (ifw_dsock_identify(&dm, m, fd->proc, wg_names, N_WG_NAMES, &err) < 0) {
		if (dm.denied) {
			ifw_model_limit(m,
			                "the peers of userspace WireGuard devices (checking their "
			                "daemons needs CAP_SYS_PTRACE)");
			return 0;
		}
		snprintf(why, why_len, "%s", err.msg);
		return -1;
	}
	enum ifw_dsock_stop stop;
	size_t first = m->sas.n;
	int rc;
	if (path) {
		rc = ask_uapi(m, run, &dm, fd, path, &stop, why, why_len);
	} else {
		rc = -1;
		stop = IFW_DSOCK_ABSENT;
		for (int k = 0; k < 2 && rc < 0 && stop == IFW_DSOCK_ABSENT; k++) {
			snprintf(at, at_len, "%s", conv[k]);
			rc = ask_uapi(m, run, &dm, fd, conv[k], &stop, why, why_len);
		}
		if (rc < 0 && stop == IFW_DSOCK_ABSENT)
			snprintf(why, why_len,
			         "it has no UAPI socket at /run/wireguard or /var/run/wireguard");
		if (rc >= 0 && !holder_listens(m, fd->proc, first)) {
			m->sas.n = first;
			rc = -1;
			snprintf(why, why_len,
			         "the daemon answering there does not hold this "
			         "tunnel's UDP port");
		}
	}
	if (rc < 0 && stop == IFW_DSOCK_DENIED) {
		ifw_model_limit(m, "the peers of userspace WireGuard devices (their UAPI sockets "
		                   "are root's)");
		return 0;
	}
	return rc < 0 ? -1 : 0;
}

void ifw_linux_query_wireguard_uapi(struct ifw_model *m, struct ifw_dsock_run *run)
{
	struct uapi_sock socks[WG_MAX_ASKED];
	size_t n_socks = find_uapi_socks(m, socks, WG_MAX_ASKED);
	struct ifw_idmap done; /* a multi-queue device has one fd per queue: ask once */
	ifw_idmap_init(&done);
	size_t asked = 0;
	for (size_t i = 0; i < m->fdrefs.n && asked < WG_MAX_ASKED; i++) {
		const struct ifw_fdref *fd = &m->fdrefs.v[i];
		if (fd->type != IFW_FD_TUN || fd->proc == IFW_NOID || !fd->tun_name ||
		    strlen(fd->tun_name) > 15 || strchr(fd->tun_name, '/'))
			continue;
		const struct ifw_process *p = &m->procs.v[fd->proc];
		const char *path = uapi_path_of(socks, n_socks, fd->proc, fd->tun_name);
		if (!path && !known_userspace_wg(p))
			continue;
		uint64_t key = name_key(fd->proc, fd->tun_name);
		if (ifw_idmap_get(&done, key) != UINT32_MAX || ifw_idmap_put(&done, key, 1) < 0)
			continue;
		asked++;
		char why[600], at[256];
		if (ask_holder(m, run, fd, path, at, sizeof(at), why, sizeof(why)) < 0)
			ifw_model_warn(
			    m, "could not ask %s (pid %d) about %s's WireGuard peers at %s: %s",
			    p->comm ? p->comm : "?", p->pid, fd->tun_name, at, why);
	}
	ifw_idmap_free(&done);
}

/* Kernel WireGuard: one WG_CMD_GET_DEVICE dump per wireguard interface. */
struct family_reply {
	uint16_t id;
};

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct family_reply *f = data;
	const struct nlattr *a;
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
	{
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID &&
		    mnl_attr_validate(a, MNL_TYPE_U16) == 0)
			f->id = mnl_attr_get_u16(a);
	}
	return MNL_CB_OK;
}

static int wg_cb(const struct nlmsghdr *nlh, void *data)
{
	return ifw_wg_genl_msg(data, nlh, nlh->nlmsg_len) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

static void ask_kernel(struct ifw_model *m, struct ifw_nl *nl, ifw_id iface)
{
	const struct ifw_iface *f = &m->ifaces.v[iface];
	char buf[1024];
	struct ifw_err err = {0};
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	struct genlmsghdr *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, WG_GENL_NAME);
	struct family_reply fam = {0};
	if (ifw_nl_talk(nl, nlh, family_cb, &fam, "genl-family", &err) < 0 || !fam.id) {
		ifw_model_warn(m, "could not ask the kernel about %s's WireGuard peers: %s",
		               f->name ? f->name : "?",
		               err.msg[0] ? err.msg : "no wireguard family");
		return;
	}
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = fam.id;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = WG_CMD_GET_DEVICE;
	g->version = WG_GENL_VERSION;
	mnl_attr_put_u32(nlh, WGDEVICE_A_IFINDEX, (uint32_t)f->ifindex);
	struct ifw_wg_target tg = {
	    .proc = IFW_NOID,
	    .iface = iface,
	    .ifname = f->name,
	    .daemon = "WireGuard (kernel)",
	    .source = "wireguard netlink",
	    .origin = ifw_arena_printf(&m->arena, "wireguard netlink WG_CMD_GET_DEVICE %s",
	                               f->name ? f->name : "?"),
	};
	struct ifw_wg_genl_state st;
	ifw_wg_genl_init(&st, m, &tg);
	if (ifw_nl_talk(nl, nlh, wg_cb, &st, "genl-wireguard", &err) < 0 || st.bad) {
		m->sas.n = st.first;
		ifw_model_warn(m, "the kernel's WireGuard answer about %s was not usable: %s",
		               f->name ? f->name : "?", err.msg[0] ? err.msg : "malformed");
	}
}

int ifw_linux_query_wireguard_kernel(struct ifw_model *m, const struct ifw_ns_handle *h, size_t n,
                                     struct ifw_err *fatal)
{
	for (size_t i = 0; i < n; i++) {
		struct ifw_netns *ns = &m->netns.v[h[i].ns];
		bool any = false;
		for (size_t k = 0; k < m->ifaces.n && !any; k++)
			any = m->ifaces.v[k].ns == h[i].ns && m->ifaces.v[k].kind &&
			      strcmp(m->ifaces.v[k].kind, "wireguard") == 0;
		if (!any || !ns->collected)
			continue;
		struct ifw_err err = {0};
		int saved = -1;
		if (!ns->is_self && ifw_netns_enter(h[i].path, ns->inode, &saved, &err) < 0)
			continue;
		struct ifw_nl nl;
		int r = ifw_nl_open(&nl, NETLINK_GENERIC, &err);
		if (saved >= 0 && ifw_netns_leave(saved, fatal) < 0) {
			/* Never go on in a foreign namespace. */
			if (r == 0)
				ifw_nl_close(&nl);
			fatal->code = IFW_E_LIMIT;
			return -1;
		}
		if (r < 0)
			continue;
		/* The kernel answers at once; the bound only guards against the unexpected. */
		struct timeval tv = {.tv_usec = 100 * 1000};
		setsockopt(mnl_socket_get_fd(nl.sk), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		for (size_t k = 0; k < m->ifaces.n; k++)
			if (m->ifaces.v[k].ns == h[i].ns && m->ifaces.v[k].kind &&
			    strcmp(m->ifaces.v[k].kind, "wireguard") == 0)
				ask_kernel(m, &nl, (ifw_id)k);
		ifw_nl_close(&nl);
	}
	return 0;
}
