/* The live Linux collector's parts; only src/collect/linux includes this. */
#ifndef IFW_LINUX_H
#define IFW_LINUX_H

#include "collect/backend.h"
#include "collect/linux/nl.h"
#include "collect/linux/rtnl_parse.h"
#include "util/netns.h"

#include <stddef.h>
#include <stdint.h>

/* inet_diag bytecode that keeps only the sockets a single-interface query needs. */
struct ifw_sock_filter {
	unsigned char bytecode[1024];
	size_t bytecode_len;
};

/* A namespace we can enter: its record in the model plus a way in. */
struct ifw_ns_handle {
	ifw_id ns;
	char path[320]; /* /run/netns/NAME or /proc/PID/ns/net */
};

/* One pass over /proc: processes, their sockets and tun fds (fdrefs), their namespaces. */
int ifw_linux_scan_procs(struct ifw_model *m, const char *proc_root,
                         const struct ifw_collect_opts *o, struct ifw_err *err);

/* Focused mode (one interface asked for), first step: every process's network namespace, one
 * readlink each (light records: pid and namespace only). */
int ifw_linux_scan_ns_only(struct ifw_model *m, const char *proc_root, struct ifw_err *err);
/* Focused mode, second step: full records of the processes that matter: owners of the socket
 * inodes in `inodes`, tun holders, namespace representatives, and up to 64 processes living in
 * each namespace of ns[]. Returns 1 without BPF (the caller then scans everything). */
int ifw_linux_scan_relevant(struct ifw_model *m, const char *proc_root,
                            const struct ifw_idmap *inodes, const uint64_t *ns, size_t n_ns,
                            const struct ifw_collect_opts *o, struct ifw_err *err);

/* After the socket dumps: sockets no scanned process held are looked for once more (a BPF
 * snapshot taken now); those nobody holds are marked as the kernel's. Without BPF, or without
 * privileges, they stay "not visible". */
void ifw_linux_recheck_unowned(struct ifw_model *m, const struct ifw_collect_opts *o);

/* Namespaces from /run/netns, /run/docker/netns and the processes already scanned. Fills
 * handles (one per namespace, malloc'ed) in the model's netns order. */
int ifw_linux_find_netns(struct ifw_model *m, const char *proc_root, struct ifw_ns_handle **handles,
                         size_t *n, struct ifw_err *err);

/* Reads links, addresses, routes, rules and sockets of one namespace (entering it if needed). */
int ifw_linux_collect_ns(struct ifw_model *m, const struct ifw_ns_handle *h,
                         const struct ifw_collect_opts *o, struct ifw_err *err);

int ifw_linux_dump_sockets(struct ifw_nl *nl, struct ifw_parse_ctx *c,
                           const struct ifw_sock_filter *flt, struct ifw_err *err);
/* Bytecode keeping the sockets bound to iface (its index) or to one of its addresses. */
void ifw_linux_filter_for(const struct ifw_model *m, ifw_id iface, struct ifw_sock_filter *flt);

/* An RTM_NEWNSID answer: the id, when the namespace has given one (exposed for the fuzzer). */
struct ifw_nsid_reply {
	int32_t nsid;
	bool got;
};
int ifw_nsid_reply_cb(const struct nlmsghdr *nlh, void *data);

/* Maps every collected interface's IFLA_LINK_NETNSID to a namespace of the model. Fails only if
 * it could not return to its own namespace. routes (may be NULL): by model namespace id, route
 * sockets already open inside them (sk NULL: none), taken over (sk set to NULL) rather than
 * entering the namespace again. *sweeps (if not NULL): how many namespaces had to be asked about
 * every namespace, for links no pairing explained. */
int ifw_linux_resolve_nsids(struct ifw_model *m, const struct ifw_ns_handle *all, size_t n_all,
                            struct ifw_nl *routes, size_t *sweeps, struct ifw_err *err);

/* Counts the namespace's nftables rules and its NAT statements. */
void ifw_linux_nft_rules(struct ifw_model *m, struct ifw_nl *nl, ifw_id ns);

/* ethtool GDRVINFO through an ioctl socket opened in the interface's namespace. */
void ifw_linux_driver_info(struct ifw_model *m, int ioctl_fd, ifw_id iface);

/* Confirms each tun fd's device namespace (pidfd_getfd + TUNGETDEVNETNS) and links it to the
 * interface; unconfirmed fds are kept but never attributed. */
void ifw_linux_confirm_tunfds(struct ifw_model *m);

/* The daemon queries below all talk through collect/linux/daemon_sock.h and share run, the one
 * deadline of all daemon conversations of a run. */
struct ifw_dsock_run;

/* Asks strongSwan's charon processes for their SAs over vici (adds tunnel SAs). */
void ifw_linux_query_vici(struct ifw_model *m, struct ifw_dsock_run *run);

/* Asks userspace WireGuard (wireguard-go, ...) holders of tun devices for their peers over the
 * UAPI socket (adds tunnel sessions, source "wireguard uapi"). */
void ifw_linux_query_wireguard_uapi(struct ifw_model *m, struct ifw_dsock_run *run);
/* Asks the kernel about each wireguard interface's peers (generic netlink, source "wireguard
 * netlink"). Fails only if it could not return to its own namespace. */
int ifw_linux_query_wireguard_kernel(struct ifw_model *m, const struct ifw_ns_handle *h, size_t n,
                                     struct ifw_err *err);
/* Far ends of tun holders' unconnected UDP sockets from each such socket's namespace's conntrack
 * table (m->ct_peers; collect/linux/conntrack.c), bounded in time. Fails only if it could not
 * return to its own namespace. */
int ifw_linux_conntrack_far_ends(struct ifw_model *m, const struct ifw_ns_handle *h, size_t n,
                                 struct ifw_err *err);
/* Reads OpenVPN processes' remotes: command line, config file, status file, management
 * interface (sources "openvpn command line", "openvpn config", "openvpn status", "openvpn
 * management"). Fails only if it could not return to its own network namespace. */
int ifw_linux_query_openvpn(struct ifw_model *m, struct ifw_dsock_run *run, struct ifw_err *err);
/* Asks mesh VPN daemons holding tun/tap devices (tailscaled over its LocalAPI socket,
 * zerotier-one over its service API) for their network and peers (sources "tailscale
 * localapi", "zerotier service"). Fails only if it could not return to its own network
 * namespace. */
int ifw_linux_query_mesh(struct ifw_model *m, struct ifw_dsock_run *run, struct ifw_err *err);

/* Reads the configuration files that declare interfaces (systemd-networkd .netdev,
 * NetworkManager keyfiles, ifupdown, netplan, wg-quick) into m->decls. config_root: the root to
 * read them under (tests: a fake one; its declarations then apply to ifwho's own namespace);
 * NULL: the host's, through proc_root/1/root. Problems are warnings in the model. */
void ifw_linux_read_configs(struct ifw_model *m, const char *config_root, const char *proc_root);
/* Container names, images and Compose projects (Docker API or state, Podman state), pods'
 * names and namespaces (kubelet log directories), and the libvirt domains behind interfaces
 * (its run-state XML); see runtimes.c. Light records (focused mode) of the processes it needs
 * (conmon, dockerd) are read in full from proc_root. state_root (a test hook, NULL normally)
 * prefixes every path read, and no daemon is asked then. */
void ifw_linux_query_runtimes(struct ifw_model *m, struct ifw_dsock_run *run, const char *proc_root,
                              const char *state_root);

/* The backend's route_get: RTM_GETROUTE per address in each selected namespace. */
int ifw_linux_route_get(const struct ifw_collect_opts *o, const struct ifw_ip *dsts, size_t n,
                        struct ifw_route_answer **out, size_t *n_out, size_t *denied,
                        struct ifw_err *err);
/* Parses an RTM_NEWROUTE reply to RTM_GETROUTE into a (exposed for unit tests). The device is
 * left as its index in *oif. */
int ifw_route_get_parse(const struct nlmsghdr *nlh, struct ifw_route_answer *a, int *oif);

#endif
