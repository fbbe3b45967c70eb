/* The evidence model: plain facts about one host, filled by a collector (live Linux, offline
 * evidence, ...) and read by inference and reports. Records refer to each other by id (their
 * index in the model's arrays); strings live in the model's arena. Collectors never interpret,
 * they only record; every record carries where it came from (`origin`). */
#ifndef IFW_MODEL_H
#define IFW_MODEL_H

#include "model/linux_values.h"
#include "util/arena.h"
#include "util/idmap.h"
#include "util/ipaddr.h"
#include "util/vec.h"

#include <stdbool.h>
#include <stdint.h>

/* Numbers in the model use Linux's values, whatever the source: IFF_* flags, ARPHRD_* link types,
 * IF_OPER_* states, RT_SCOPE_* and RTN_* route scopes and types, TCP_* socket states. Offline
 * evidence from other systems is translated into them. */
#define IFW_TABLE_MAIN  254
#define IFW_TABLE_LOCAL 255

typedef uint32_t ifw_id;
IFW_VEC_TYPE(ifw_id_vec, ifw_id);
IFW_VEC_TYPE(ifw_str_vec, const char *);
#define IFW_NOID UINT32_MAX

/* Where a fact came from: the netlink dump, /proc file or evidence line that showed it. */
struct ifw_origin {
	const char *src; /* "rtnetlink link dump", "/proc/249/fdinfo/7", "lsof.txt:12" */
	const char *raw; /* the original text line, for offline evidence; NULL otherwise */
};

struct ifw_netns {
	uint64_t inode;     /* nsfs inode: the namespace's identity; 0 for offline evidence */
	const char *name;   /* display name: a netns name, "host", or "pid N (comm)" */
	const char **names; /* every name under /run/netns, /run/docker/netns, ... */
	size_t n_names;
	int32_t pid; /* lowest pid living there, 0 if none */
	const char *pid_comm;
	bool is_host;   /* the namespace of pid 1 */
	bool is_self;   /* the namespace ifwho runs in */
	bool collected; /* its interfaces were read */
	/* Who may make links in it (live): owner_known when its owning user namespace was read;
	 * user_owned when that is not ifwho's own (the initial one, on a host), created by
	 * owner_uid (a user's `unshare -Urn`, a rootless container runtime). */
	bool owner_known, user_owned;
	uint32_t owner_uid;
	int8_t ip_forward,
	    ip6_forward;    /* net.ipv4.ip_forward, net.ipv6.conf.all.forwarding; -1 unknown */
	uint32_t nft_rules; /* nftables rules seen */
	uint32_t nat_masq, nat_snat, nat_dnat; /* of them, masquerade / source / destination NAT */
	const char *error;                     /* why it could not be read */
};

enum ifw_tun_type { IFW_TUN_NONE = 0, IFW_TUN_TUN, IFW_TUN_TAP };

/* Kind-specific details: a flat struct, only the fields of the interface's kind are set. */
struct ifw_link_info {
	/* tun/tap */
	uint8_t tun_type; /* enum ifw_tun_type */
	bool tun_pi, tun_vnet_hdr, tun_multi_queue, tun_persist;
	bool has_tun_owner, has_tun_group;
	uint32_t tun_owner, tun_group, tun_queues, tun_disabled_queues;
	/* vxlan / geneve */
	bool has_vni;
	uint32_t vni;
	struct ifw_ip vx_local, vx_remote; /* remote may be a multicast group */
	uint16_t vx_port;
	int32_t vx_link; /* underlay ifindex */
	bool vx_learning;
	/* vlan */
	uint16_t vlan_id, vlan_proto;
	/* macvlan / macvtap / ipvlan */
	uint32_t macvlan_mode;
	uint16_t ipvlan_mode;
	/* bond */
	uint8_t bond_mode;
	bool has_bond_mode;
	/* bridge */
	bool has_bridge;
	uint32_t br_stp_state, br_forward_delay;
	uint8_t br_vlan_filtering;
	/* ip tunnels: gre, gretap, ipip, sit, vti, ip6tnl, ip6gre, erspan */
	struct ifw_ip tnl_local, tnl_remote;
	int32_t tnl_link;
	uint8_t tnl_ttl;
	bool has_tnl;
	uint32_t tnl_ikey, tnl_okey;
	/* xfrm */
	bool has_xfrm_if_id;
	uint32_t xfrm_if_id;
	/* wireguard has no rtnetlink details; its peers live in generic netlink */
};

struct ifw_link_stats {
	bool present;
	uint64_t rx_packets, tx_packets, rx_bytes, tx_bytes, rx_errors, tx_errors, rx_dropped,
	    tx_dropped;
};

#define IFW_NEIGH_KEEP 8

struct ifw_iface {
	ifw_id ns;
	int32_t ifindex;
	const char *name;
	const char *alias;
	const char **altnames;
	size_t n_altnames;
	const char *kind;       /* IFLA_INFO_KIND: "veth", "tun", "bridge", ...; NULL for none */
	const char *slave_kind; /* IFLA_INFO_SLAVE_KIND: "bridge", "bond", ... */
	uint16_t arptype;       /* ARPHRD_* (Linux) */
	uint32_t flags;         /* IFF_* */
	uint8_t operstate;      /* IF_OPER_* */
	int8_t carrier;         /* 1, 0, or -1 unknown */
	uint32_t mtu, min_mtu, max_mtu, txqlen;
	uint8_t mac[32], perm_mac[32];
	uint8_t mac_len, perm_mac_len;
	int32_t link_ifindex;  /* IFLA_LINK: veth peer, vlan/macvlan parent; 0 if none */
	int32_t link_nsid;     /* IFLA_LINK_NETNSID, -1 if the link is in the same namespace */
	ifw_id link_ns;        /* namespace of the link, resolved from link_nsid */
	ifw_id link;           /* the linked interface, when found */
	const char *link_name; /* its name, when its namespace was not read in full (--netns) */
	int32_t master_ifindex;
	/* offline: hardware addresses of neighbours seen on it (ARP and NDP entries, a bridge's
	 * learnt forwarding entries): the first few kept, and how many there were */
	uint8_t neigh_mac[IFW_NEIGH_KEEP][6];
	uint8_t n_neigh_mac;
	uint32_t n_neigh;
	ifw_id master;
	const char *driver, *bus_info, *fw_version; /* ethtool GDRVINFO */
	const char
	    *bus; /* parent device bus: "pci", "usb", "virtio"... (IFLA_PARENT_DEV_BUS_NAME) */
	const char *qdisc;
	const char *media;  /* ifconfig "media:" (macOS, BSD): "autoselect <full-duplex>" */
	const char *groups; /* BSD ifconfig "groups:", space-separated: "bridge vm-switch" */
	const char
	    *agents; /* macOS ifconfig -v "agent domain:", space-separated: "com.apple.rapport" */
	/* The VM whose network card this is, and its network, as the software that runs it names
	 * them (libvirt's run-state XML, vm-bhyve's `vm switch info`); NULL when none names it.
	 * vm_manager: that software ("vm-bhyve"); NULL is libvirt. */
	const char *vm_name, *vm_network, *vm_manager;
	/* The container network a bridge serves, as its runtime names it ("shop_default"), the
	 * runtime ("docker", "podman") and where it was read ("docker api", "podman state"). */
	const char *net_name, *net_runtime, *net_source;
	/* macOS `ifconfig -v`: the network agent that serves it, the most telling one when there
	 * are several (NetworkExtension first, Skywalk's generic ones last): its domain, type and
	 * description ("NetworkExtension", "VPN", "VPN: Tailscale 3"); and the "effective
	 * interface" its traffic leaves by. */
	const char *agent_domain, *agent_type, *agent_desc;
	const char *effective_ifname;
	/* NetworkManager (`nmcli device`): the connection profile that brought it up, and whether
	 * NetworkManager says it only watches it ("connected (externally)"). */
	const char *nm_connection;
	bool nm_external;
	/* macOS `networksetup -listallhardwareports`: the hardware port it is ("iPhone USB",
	 * "Thunderbolt 1", "Wi-Fi"). */
	const char *hw_port;
	/* offline: the label a person's list gives it ("• en8: iPhone USB"), perhaps macOS's
	 * hardware port name copied, perhaps their own guess */
	const char *said_label;
	/* ModemManager (`mmcli -m`): the cellular modem whose data port this is, as it names it
	 * ("Sierra Wireless, Incorporated EM7455"). */
	const char *modem;
	/* macOS `scutil --nwi`: the VPN server the system's network state gives for it (set only
	 * for a VPN service's interface). */
	struct ifw_ip vpn_server;
	bool has_vpn_server;
	/* macOS `scutil --nc status`: a VPN service's connection names it as its InterfaceName
	 * (the server may be masked in a paste). */
	bool vpn_service;
	/* offline: the MAC was read from its EUI-64 IPv6 link-local address, not shown */
	bool mac_from_link_local;
	/* offline: its master is known only from a log's line (the kernel's bridge port line,
	 * under a tag anyone writes, or in a container's output), no listing */
	bool master_logged;
	/* offline: known only from lines that name it (a log, a program's list of names), no
	 * listing: its flags, addresses and routes are not known, not absent */
	bool only_named;
	/* macOS `scutil --dns`: the first resolver scoped to it, its domain and server. */
	const char *dns_domain;
	struct ifw_ip dns_server;
	bool dns_has_server;
	struct ifw_link_info info;
	struct ifw_link_stats stats;
	struct ifw_origin origin;
	/* Filled by ifw_model_index: the records that point at this interface. */
	struct ifw_id_vec addrs, routes, sockets, tunfds, ports, flows;
	struct ifw_id_vec policy_rules; /* policy rules naming it as iif or oif, in rule order */
};

struct ifw_addr {
	ifw_id iface;
	struct ifw_ip ip, peer; /* peer: the other end of a point-to-point link, if given */
	uint8_t plen, scope;
	uint32_t flags;                    /* IFA_F_* */
	uint32_t valid_lft, preferred_lft; /* seconds; UINT32_MAX = forever */
	const char *label;
	struct ifw_origin origin;
};

struct ifw_route {
	ifw_id ns;
	uint32_t table;
	uint8_t family, dst_len, src_len, protocol, scope, type;
	struct ifw_ip dst, src, gateway, prefsrc;
	int32_t oif;
	ifw_id iface; /* resolved oif */
	uint32_t metric;
	bool multipath; /* more nexthops than the one recorded */
	bool ifscope;   /* bound to its interface (macOS "I" flag): not the host's default */
	struct ifw_origin origin;
};

/* A policy-routing rule (`ip rule`): which table a packet is looked up in. Not an inference
 * rule (infer/rules.h). */
struct ifw_policy_rule {
	ifw_id ns;
	uint8_t family, action, src_len, dst_len;
	uint32_t priority, table, fwmark, fwmask;
	bool has_fwmark;
	struct ifw_ip src, dst;
	const char *iifname, *oifname;
	struct ifw_origin origin;
};

/* Who has a socket open. */
enum ifw_owner_state {
	IFW_OWNER_UNKNOWN = 0, /* no process seen holding it (not visible to us, or just opened) */
	IFW_OWNER_PROCESS,     /* fdrefs name the processes */
	IFW_OWNER_KERNEL,      /* checked: no process holds it (a vxlan or WireGuard port, ...) */
	IFW_OWNER_NONE,        /* no longer open by anyone (TIME-WAIT, half-open): inode 0 */
};

enum ifw_sock_proto {
	IFW_P_TCP = 1,
	IFW_P_UDP,
	IFW_P_UDPLITE,
	IFW_P_RAW,
	IFW_P_PACKET,
	IFW_P_SCTP,
	IFW_P_UNIX,
};

struct ifw_socket {
	ifw_id ns;
	uint8_t proto;  /* enum ifw_sock_proto */
	uint8_t family; /* AF_INET, AF_INET6, AF_PACKET, AF_UNIX */
	uint8_t state;  /* TCP_* states; UDP uses TCP_ESTABLISHED (connected) / TCP_CLOSE */
	bool listening; /* TCP LISTEN, or an unconnected UDP socket (it receives from anyone) */
	struct ifw_ip local, remote;
	uint16_t lport, rport;
	uint16_t raw_protocol; /* raw: IP protocol; packet: ethertype */
	uint32_t uid;
	uint64_t inode; /* 0: not open by anyone any more (TIME-WAIT, handshake) */
	uint8_t owner;  /* enum ifw_owner_state, set by ifw_model_index unless the collector knew */
	int32_t bound_ifindex; /* SO_BINDTODEVICE / packet socket interface; 0 = any */
	ifw_id bound_iface;
	uint64_t cgroup_id;
	uint32_t rqueue, wqueue;
	const char *path;        /* unix sockets: bound path */
	const char *remote_name; /* host name given by evidence instead of an address */
	const char *local_name;  /* the same for the local end ("(masked)" when it was hidden) */
	/* Offline evidence names the process directly; live sockets are linked via fdrefs. */
	struct ifw_origin origin;
	struct ifw_id_vec fdrefs; /* filled by ifw_model_index */
};

struct ifw_process {
	int32_t pid, ppid;
	uint32_t uid;
	bool has_uid;
	const char *user;
	const char *comm;    /* kernel comm (15 chars) or evidence COMMAND column */
	const char *cmdline; /* arguments joined by spaces; NULL for kernel threads */
	const char *exe;
	uint64_t start_ticks; /* since boot, from /proc/PID/stat field 22 */
	uint64_t netns_inode;
	ifw_id ns;
	const char *cgroup; /* cgroup v2 path */
	const char *unit;   /* systemd unit, from the cgroup path */
	const char *container_id, *container_runtime;
	/* Read from the runtime's own state (its API, or its files when the daemon is down), NULL
	 * when it could not be read: the name people give the container ("web-1"), its image
	 * ("nginx:1.25"), the Docker Compose project (label com.docker.compose.project); for a
	 * Kubernetes pod, its name and namespace. container_source says where they came from:
	 * "docker api", "docker state", "podman state", "kubelet pod logs". */
	const char *container_name, *container_image, *compose_project;
	const char *pod_name, *pod_namespace;
	const char *container_source;
	struct ifw_origin origin;
	struct ifw_id_vec fdrefs; /* filled by ifw_model_index */
};

enum ifw_fd_type { IFW_FD_SOCKET = 1, IFW_FD_TUN };

/* One open file descriptor of interest: a socket, or a /dev/net/tun attached to an interface. */
struct ifw_fdref {
	ifw_id proc;
	int32_t fd;
	uint8_t type;   /* enum ifw_fd_type */
	uint64_t inode; /* socket inode */
	ifw_id socket;  /* resolved socket */
	/* tun: */
	const char *tun_name;  /* "iff:" from fdinfo, or TUNGETIFF */
	uint64_t tun_ns_inode; /* namespace of the tun device (TUNGETDEVNETNS) */
	bool tun_ns_confirmed; /* the namespace was checked, not assumed */
	ifw_id tun_iface;      /* the interface, once the namespace is confirmed */
	struct ifw_origin origin;
};

/* A tunnel session reported by a tunnel daemon or read from its state: an IKE SA (strongSwan
 * vici), a WireGuard peer (UAPI socket, generic netlink), an OpenVPN remote (its command line,
 * config file, status file or management interface). The far end of a tunnel whose daemon
 * sends with unconnected UDP sockets is known only from here. The struct keeps its historical
 * name; `source` says which kind of session it is. */
struct ifw_tunnel_sa {
	ifw_id proc;                        /* the daemon process, IFW_NOID for a kernel tunnel */
	ifw_id iface;                       /* the tunnel interface when known, else IFW_NOID */
	const char *daemon;                 /* "strongSwan", "wireguard-go", "OpenVPN" */
	const char *source;                 /* "vici", "wireguard uapi", "wireguard netlink",
	                                       "openvpn config", "openvpn command line",
	                                       "openvpn management", "openvpn status",
	                                       "tailscale localapi", "zerotier service" */
	const char *ifname;                 /* local interface name the daemon gave, or NULL */
	const char *name, *state, *version; /* "phone", "ESTABLISHED", "IKEv2"; a mesh's
	                                       network, "direct", "Tailscale" */
	uint8_t proto;                      /* outer transport (enum ifw_sock_proto); 0 = UDP */
	struct ifw_ip local, remote;
	const char *remote_host; /* the far end as configured when it is a host name */
	uint16_t lport, rport;
	const char **allowed_ips; /* WireGuard: the peer's allowed IPs (CIDR strings) */
	size_t n_allowed_ips;
	int64_t last_handshake; /* unix seconds of the last handshake; 0 = none or unknown */
	bool nat_local, nat_remote, nat_any, encap;
	bool initiator;                   /* this end started the IKE SA */
	const char *local_id, *remote_id; /* IKE identities; WireGuard: the public keys (hex) */
	const char *spi_i, *spi_r;        /* IKE SPIs (hex): the same pair at both ends of one SA */
	const char **vips;                /* virtual IPs installed here */
	size_t n_vips;
	const char **remote_vips; /* virtual IPs handed to the peer */
	size_t n_remote_vips;
	const char **local_ts, **remote_ts;
	size_t n_local_ts, n_remote_ts;
	uint64_t bytes_in, bytes_out, packets_in, packets_out;
	uint64_t established_secs;
	struct ifw_origin origin;
};

/* A configuration file that declares an interface (a systemd-networkd .netdev, a NetworkManager
 * keyfile, an ifupdown stanza, a netplan entry, a wg-quick file): evidence of who made an
 * interface no process holds. Only the name, kind and far end are kept, never another value of
 * the file (keys and passwords live there). */
struct ifw_decl {
	const char *ifname; /* the interface it declares */
	const char *kind; /* as the kernel names it ("bridge", "vlan", "wireguard"), NULL unknown */
	const char *manager;  /* "systemd-networkd", "NetworkManager", "ifupdown", "netplan",
	                         "wg-quick" */
	const char *path;     /* the file as the managed system sees it ("/etc/...") */
	uint32_t line;        /* where the declaration starts, 1-based */
	const char *endpoint; /* the far end as written ("203.0.113.5:51820"), or NULL */
	bool self_ns; /* applies to the namespace ifwho runs in (a config root was given), else to
	                 the host's (the files read through pid 1's root) */
	struct ifw_origin origin;
};

/* A line of the system's log in which a process says it created an interface (macOS unified log:
 * NetworkExtension's "Created a new NEVirtualInterface \"utun6\"" in the creating process). Names
 * like utunN are reused once freed, so the last such line for a name is the one that counts. */
struct ifw_logcreate {
	const char *ifname;
	const char *comm; /* the process that logged it */
	int32_t pid;      /* -1 when the log style did not show it */
	const char *when; /* the line's time stamp as written, or NULL */
	bool own_log;     /* the program's own log (OpenVPN's), not the system's (macOS's) */
	const char *how;  /* a daemon's own listing that says it ("`zerotier-cli listnetworks`"),
	                     NULL for a log line */
	/* not a log's word: the interface was new in a listing repeated after this command (the
	 * command as typed), which comm ran; NULL otherwise */
	const char *appeared_after;
	/* not a log's word: a person's sentence about it, its words from the one that may name
	 * the program ("my openvpn server"); comm is NULL */
	const char *said;
	const char *said_quote; /* the sentence's part that says it ("tap0 is my openvpn server") */
	/* the kinds of device its words tell of ("tun tap"), NULL when they say none */
	const char *kinds;
	/* read in a container's or a guest's output (`docker logs`): the device it made may be in
	 * the container's own namespace, and the container prints what it likes */
	bool container;
	/* read in the journal printed without its tags (`journalctl -o cat`, no unit or identifier
	 * chosen): any user's message (`logger`) reads alike */
	bool tagless;
	/* the MAC its record gives the device (a libvirt domain's card: the macvtap's own, the
	 * tap's but its first byte): a listing that shows another, or none on a point-to-point
	 * device, shows another device of that name */
	uint8_t mac[6];
	bool has_mac;
	struct ifw_origin origin;
};

/* A far end of an unconnected UDP socket, from the kernel's connection tracking (ctnetlink, in
 * the socket's namespace): the socket table says only the socket's own port; conntrack remembers
 * whom that port talked to. Recorded for tunnel holders' sockets only. */
struct ifw_ct_peer {
	ifw_id ns;
	ifw_id socket; /* the socket whose port the tracked connection uses */
	uint8_t proto; /* enum ifw_sock_proto */
	struct ifw_ip local, remote;
	uint16_t lport, rport;
	bool replied; /* the far end answered (IPS_SEEN_REPLY) */
	bool inbound; /* the far end sent first */
	struct ifw_origin origin;
};

/* A command typed at a shell prompt in a pasted session ("$ sudo ip tuntap add mode tun tun0"):
 * what the person did before the output, in their own words. Offline only. */
struct ifw_typed_cmd {
	const char *cmd; /* as typed, without the prompt */
	/* NULL: typed by the person. Else the program that printed the command it ran (its log
	 * line's tag, or the program typed at the prompt whose output holds it): an echo. */
	const char *by;
	int32_t pid; /* by's pid when its log tag gave one, else -1 */
	struct ifw_origin origin;
};

/* An address -> name pair seen in evidence (lsof host names, DNS answers, SNI). */
struct ifw_name_hint {
	struct ifw_ip ip;
	const char *name;
	struct ifw_origin origin;
};

/* One classified flow from a traffic sample. Addresses are as seen on `iface`. */
struct ifw_flow {
	ifw_id iface;
	uint8_t ip_proto;       /* IPPROTO_* */
	struct ifw_ip src, dst; /* src = the side that sent the first packet */
	uint16_t sport, dport;
	const char *app; /* nDPI protocol name: "SIP", "DNS", "TLS" ... */
	const char *category;
	uint64_t packets, bytes;
	const char *server_name; /* TLS SNI, HTTP Host, QUIC SNI, DNS query */
	const char *sip_from, *sip_to, *sip_user_agent;
	bool underlay; /* sampled on the underlay of a tunnel, not the interface itself */
	/* The process holding the socket at this host's end (its port, and its address or any),
	 * IFW_NOID when none is known. When the knowledge says what that process speaks (its
	 * tunnel protocol, or the port it is known for) and the classifier said something else,
	 * app is the owner's protocol, app_source is "socket owner" and classifier_app keeps the
	 * classifier's label as a note ("nDPI guessed RTP"). */
	ifw_id owner;
	const char *app_source, *classifier_app;
	struct ifw_origin origin;
};

enum ifw_source_kind { IFW_SRC_LIVE = 1, IFW_SRC_EVIDENCE, IFW_SRC_REPLAY };

/* The model's tables, one vector type each. */
IFW_VEC_TYPE(ifw_netns_vec, struct ifw_netns);
IFW_VEC_TYPE(ifw_iface_vec, struct ifw_iface);
IFW_VEC_TYPE(ifw_addr_vec, struct ifw_addr);
IFW_VEC_TYPE(ifw_route_vec, struct ifw_route);
IFW_VEC_TYPE(ifw_policy_rule_vec, struct ifw_policy_rule);
IFW_VEC_TYPE(ifw_socket_vec, struct ifw_socket);
IFW_VEC_TYPE(ifw_process_vec, struct ifw_process);
IFW_VEC_TYPE(ifw_fdref_vec, struct ifw_fdref);
IFW_VEC_TYPE(ifw_tunnel_sa_vec, struct ifw_tunnel_sa);
IFW_VEC_TYPE(ifw_name_hint_vec, struct ifw_name_hint);
IFW_VEC_TYPE(ifw_flow_vec, struct ifw_flow);
IFW_VEC_TYPE(ifw_decl_vec, struct ifw_decl);
IFW_VEC_TYPE(ifw_logcreate_vec, struct ifw_logcreate);
IFW_VEC_TYPE(ifw_ct_peer_vec, struct ifw_ct_peer);
IFW_VEC_TYPE(ifw_typed_cmd_vec, struct ifw_typed_cmd);
IFW_VEC_TYPE(ifw_origin_vec, struct ifw_origin);

/* offline: an interface-shaped name a person's sentence gave ("it binds to utun4"), no
 * listing showed */
struct ifw_mention {
	const char *name;
	/* a person's list gives it a label ("• en8: iPhone USB"): their words, or NULL */
	const char *label;
	struct ifw_origin origin;
};
IFW_VEC_TYPE(ifw_mention_vec, struct ifw_mention);

/* What offline evidence with nothing ifwho reads is told it should hold. */
#define IFW_EVIDENCE_EXPECTED                                                                      \
	"the output of ip addr/link/route, ifconfig, ss, netstat, lsof, ps, wg show, brctl "       \
	"show (see docs/EVIDENCE.md)"

struct ifw_model {
	struct ifw_arena arena;
	enum ifw_source_kind source;
	const char *os; /* "linux", "darwin", "freebsd", ... */
	/* offline: nothing in the evidence told the system (os is the default guess, "darwin");
	 * the inference may tell it from the interfaces' names (infer/os_names.c) */
	bool os_guessed;
	/* offline, os_guessed: the guess is the system a person's sentences name ("on my Mac") */
	bool os_said;
	/* offline: output only macOS and the BSDs print was read (netstat's "link#3" gateways): the
	 * names may choose among those systems, not Linux */
	bool os_bsd_style;
	const char *hostname, *kernel, *os_version;
	const char *evidence_path; /* offline: what was read */
	/* offline: no command output, only a person's words naming interfaces (a forum post with
	 * no paste): the inference adopts the names it knows, or the evidence is unrecognized */
	bool words_only;
	unsigned long long lines_read; /* offline: lines of evidence read */
	bool privileged;               /* could read every process and namespace */
	bool all_procs_visible;    /* the initial PID namespace's /proc: absent means not running */
	bool bridge_ports_unknown; /* offline: no output that lists a bridge's ports was read */

	struct ifw_netns_vec netns;
	struct ifw_iface_vec ifaces;
	struct ifw_addr_vec addrs;
	struct ifw_route_vec routes;
	struct ifw_policy_rule_vec policy_rules;
	struct ifw_socket_vec sockets;
	struct ifw_process_vec procs;
	struct ifw_fdref_vec fdrefs;
	struct ifw_tunnel_sa_vec sas;
	struct ifw_name_hint_vec names;
	struct ifw_flow_vec flows;
	struct ifw_decl_vec decls;           /* interfaces declared by configuration files */
	struct ifw_logcreate_vec logcreates; /* creations the system's log tells of */
	struct ifw_typed_cmd_vec typed;      /* commands typed at prompts in a paste */
	/* offline: lines no reader took (a post's sentences, output ifwho does not know), the first
	 * IFW_MAX_UNREAD of them, kept for what the text is about (infer/rule_topic.c) */
	struct ifw_origin_vec unread;
	/* offline: names people's sentences give (at most IFW_MAX_MENTIONS); the inference
	 * adopts those the knowledge files as a system's interface names (infer/mentions.c) */
	struct ifw_mention_vec mentioned;
	struct ifw_str_vec warnings; /* what could not be read, and why */
	struct ifw_str_vec limits;   /* what root (or another capability) would add */

	/* Far ends of tunnel holders' unconnected sockets, from conntrack. */
	struct ifw_ct_peer_vec ct_peers;

	/* Counters of skipped input, reported rather than hidden. */
	uint64_t skipped_lines, vanished_procs, skipped_records;

	/* Lookup indexes, built by ifw_model_index. */
	struct ifw_idmap by_nsindex; /* (ns << 32 | ifindex) -> iface */
	struct ifw_idmap by_inode;   /* socket inode -> socket */
	struct ifw_idmap by_pid;     /* pid -> process */
	struct ifw_idmap by_nsinode; /* nsfs inode -> netns */
	struct ifw_idmap by_addr;    /* hash(ns, address) -> addr, or IFW_ADDR_COLLISION */
	struct ifw_idmap by_name;    /* hash(address, name) -> first name hint with that hash */

	bool addrs_indexed, indexed;
};

#define IFW_MAX_UNREAD   512
#define IFW_MAX_MENTIONS 64

void ifw_model_init(struct ifw_model *m);
void ifw_model_free(struct ifw_model *m);

/* Appenders: return a zeroed record (ids set to IFW_NOID) or NULL when out of memory. */
struct ifw_netns *ifw_model_add_netns(struct ifw_model *m);
struct ifw_iface *ifw_model_add_iface(struct ifw_model *m, ifw_id ns);
struct ifw_addr *ifw_model_add_addr(struct ifw_model *m);
struct ifw_route *ifw_model_add_route(struct ifw_model *m, ifw_id ns);
struct ifw_policy_rule *ifw_model_add_policy_rule(struct ifw_model *m, ifw_id ns);
struct ifw_socket *ifw_model_add_socket(struct ifw_model *m, ifw_id ns);
struct ifw_process *ifw_model_add_proc(struct ifw_model *m);
struct ifw_fdref *ifw_model_add_fdref(struct ifw_model *m);
struct ifw_tunnel_sa *ifw_model_add_sa(struct ifw_model *m);
/* A mesh VPN's peer (Tailscale, ZeroTier): a network and a named peer, reached directly or
 * through a relay, rather than one far end. */
bool ifw_sa_is_mesh(const struct ifw_tunnel_sa *sa);
struct ifw_flow *ifw_model_add_flow(struct ifw_model *m);
struct ifw_decl *ifw_model_add_decl(struct ifw_model *m);
struct ifw_logcreate *ifw_model_add_logcreate(struct ifw_model *m);
struct ifw_ct_peer *ifw_model_add_ct_peer(struct ifw_model *m);
int ifw_model_add_name(struct ifw_model *m, const struct ifw_ip *ip, const char *name,
                       const char *src);
/* Records a warning (printf-style); they are shown once at the end of a report. */
void ifw_model_warn(struct ifw_model *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Records what more privileges would show; duplicates are dropped. */
void ifw_model_limit(struct ifw_model *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

char *ifw_model_strdup(struct ifw_model *m, const char *s);
char *ifw_model_strndup(struct ifw_model *m, const char *s, size_t n);

/* True if the namespace answers to sel: one of its names, "host", its inode, or "pid:N" / N
 * for the pid recorded as living there. */
bool ifw_netns_matches(const struct ifw_netns *ns, const char *sel);
/* Whether the interface's link (a veth's peer, a macvlan's lower device) is in another namespace
 * by its link-netnsid ("eth0@if37 ... link-netnsid 0"). */
bool ifw_iface_link_elsewhere(const struct ifw_iface *f);

/* Resolves references (ifindex -> iface, inode -> socket, ...) and builds per-interface lists.
 * Call once after collection; returns -1 only when out of memory. */
int ifw_model_index(struct ifw_model *m);

/* Attaches flows added after ifw_model_index (a traffic sample) to their interfaces. */
int ifw_model_index_flows(struct ifw_model *m);

/* Lookups (valid after ifw_model_index). */
ifw_id ifw_model_iface_by_index(const struct ifw_model *m, ifw_id ns, int32_t ifindex);
ifw_id ifw_model_proc_by_pid(const struct ifw_model *m, int32_t pid);
ifw_id ifw_model_socket_by_inode(const struct ifw_model *m, uint64_t inode);
ifw_id ifw_model_netns_by_inode(const struct ifw_model *m, uint64_t inode);
/* The interface in ns that has address ip, or IFW_NOID. */
ifw_id ifw_model_iface_by_addr(const struct ifw_model *m, ifw_id ns, const struct ifw_ip *ip);
/* The name seen for ip in evidence or traffic, or NULL. */
const char *ifw_model_name_for(const struct ifw_model *m, const struct ifw_ip *ip);

#endif
