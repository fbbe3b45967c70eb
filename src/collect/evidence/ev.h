/* Offline evidence: saved command output (ifconfig, lsof, ps, netstat, ip, ss, ...) read line by
 * line and recognized by its shape. Only src/collect/evidence includes this header. */
#ifndef IFW_EV_H
#define IFW_EV_H

#include "collect/backend.h"
#include "collect/ct_peers.h"
#include "util/idmap.h"
#include "util/vec.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bounds. Input is streamed; these keep memory and time finite on any input. */
#define EV_MAX_LINE  (16u << 20)  /* a longer line is cut and counted as skipped */
#define EV_MAX_TEXT  65536        /* text parsers ignore longer lines */
#define EV_MAX_BYTES (1ull << 30) /* stop reading after this much input */
#define EV_MAX_FILE  (1ull << 29) /* one file may use half of it: the others still get read */

#define EV_MAX_LINES   20000000ull
#define EV_MAX_ARENA   (384u << 20) /* stop when the model's strings pass this */
#define EV_MAX_RECORDS 200000       /* per kind of record */
#define EV_MAX_JSON    (32u << 20)  /* one `ip -j` document */
#define EV_MAX_FILES   512          /* files read from an evidence directory */
#define EV_MAX_DIRENTS 65536        /* names of a directory sorted to pick those files */
#define EV_MAX_TOKENS  64
#define EV_MAX_RAW     1024 /* origin.raw keeps this much of a line */
#define EV_MAX_CMDLINE 4096
#define EV_MAX_NETNS   256 /* namespace records: the one read and those its veths lead to */

/* interfaces first named by log lines, and creations logs tell of: any local user writes a
 * log's lines, which must not fill the records and end the reading of the rest (half are left) */
#define EV_MAX_LOGGED (EV_MAX_RECORDS / 2)

/* The shapes of output we recognize. */
enum ev_shape {
	EV_NONE = 0,
	EV_IFCONFIG,
	EV_NETSTAT_RN,
	EV_NETSTAT_AN,
	EV_LSOF,
	EV_PS,
	EV_SS,
	EV_SOCKSTAT,
	EV_IPROUTE,
	EV_IPRULE,
	EV_IPJSON,
	EV_SWVERS,
	EV_UNAME,
	EV_SCUTIL,
	EV_HWPORTS,
	EV_IPLINK,         /* `ip addr`, `ip link`, `ip -d link`, `bridge link` (text) */
	EV_IPBRIEF,        /* `ip -br addr`, `ip -br link` */
	EV_TUNTAP,         /* `ip tuntap show` */
	EV_IPNETNS,        /* `ip netns list` */
	EV_IFCONFIG_NT,    /* net-tools ifconfig before 2.10: "eth0  Link encap:Ethernet" */
	EV_NETSTAT_I,      /* `netstat -i` of net-tools */
	EV_FDINFO,         /* /proc/PID/fdinfo/FD ("iff:" of a tun fd) */
	EV_WG,             /* `wg show` */
	EV_BRCTL,          /* `brctl show` */
	EV_NMCLI,          /* `nmcli device` */
	EV_NETWORKCTL,     /* `networkctl list` */
	EV_LSOF_F,         /* `lsof -F` field output */
	EV_CTRNET,         /* `docker network ls`, `podman network ls` */
	EV_ULOG,           /* macOS `log show` / `log stream` */
	EV_SCUTIL_DNS,     /* macOS `scutil --dns` */
	EV_NMCLI_CONN,     /* `nmcli connection show [--active]` */
	EV_CONNTRACK,      /* `conntrack -L`, /proc/net/nf_conntrack */
	EV_NMCLI_OVERVIEW, /* `nmcli` without arguments */
	EV_IFADDRS,        /* a program's getifaddrs(3) dump: "en0=10.0.0.2:0" */
	EV_RESOLVECTL,     /* `resolvectl status`, `systemd-resolve --status` */
	EV_KERNLOG,        /* the kernel's bridge port messages (dmesg, syslog) */
	EV_VPNLOG,         /* tunnel programs' own log lines (OpenVPN, wg-quick, mpd5) */
	EV_ROUTEGET,       /* `route get DEST` (macOS, BSD) */
	EV_TSNETMON,       /* tailscaled's network monitor state (JSON in a log line) */
	EV_VMSWITCH,       /* vm-bhyve's `vm switch info` */
	EV_ARP,            /* `arp -n`, `arp -a`, `ip neigh` */
	EV_LOGMENTION,     /* any program's log line naming an interface */
	EV_CONFIGD,        /* macOS/iOS configd's "network changed: v4(en0:...)" */
	EV_SCUTIL_NC,      /* macOS `scutil --nc status SERVICE` */
	EV_IFLIST,         /* `ifconfig -l`, `ifconfig -g GROUP`: names only */
	EV_NETSTAT_IBSD,   /* `netstat -i` of macOS and the BSDs */
	EV_FDB,            /* `bridge fdb`: a bridge's forwarding entries */
	EV_PFINFO,         /* `pfctl -s info`: pf's log interface */
	EV_ZTCLI,          /* `zerotier-cli listnetworks` */
	EV_VIRSH,          /* `virsh domiflist DOMAIN` */
	EV_SDSTATUS,       /* `systemctl status UNIT`: its processes */
	EV_LXDNET,         /* `incus network list`, `lxc network list` */
	EV_MMCLI,          /* ModemManager's `mmcli -m N` */
	EV_MPNET,          /* `multipass networks` */
	EV_VMNET,          /* VMware's `vmware-networks --status`, `vmnet-cli` */
	EV_AIRMON,         /* aircrack-ng's `airmon-ng` */
	EV_OVSVSCTL,       /* `ovs-vsctl show` */
	EV_PRLNET,         /* Parallels' `prlsrvctl net list` */
	EV_SPNET,          /* macOS `system_profiler SPNetworkDataType` */
	EV_SCSTORE,        /* macOS configd's keys (`scutil` show State:/Network/...) */
	EV_DOMXML,         /* a libvirt domain's XML (`virsh dumpxml`) */
	EV_IFTABLE,        /* other tools' tables of interfaces (VyOS, agents' inventories) */
	EV_FRR,            /* FRRouting's `show ip route`, `show babel neighbor` */
	EV_SYSNET,         /* `ls -l /sys/class/net`: each interface's device path */
	EV_NETCTL_STATUS,  /* `networkctl status`: a block per link */
	EV_FWBANNER,       /* OPNsense's and pfSense's console list "LAN (vtnet1) -> v4: ..." */
	EV_LXCINFO,        /* `lxc info NAME`, `incus info NAME`: the host ends of its links */
	EV_ELIDED,         /* "acrbr0: ...": listing blocks cut to their names */
	EV_CONFIG,         /* pasted configuration files: ifupdown, netplan, wg-quick, ... */
	EV_IW,             /* `iwconfig`, `iw dev`: Wi-Fi interfaces and their modes */
	EV_LSHW,           /* `lshw -class network`: the cards a hardware scan found */
	EV_ETHTOOL,        /* `ethtool -i NAME`: the driver and bus of the interface named */
	EV_TCPDUMP,        /* tcpdump's "listening on X, link-type Y", tshark's "Capturing on" */
	EV_IFDUMP,         /* inventory tools' interface dumps (ohai, facter, ansible, node) */
	EV_RCCONF,         /* FreeBSD's rc.conf: cloned_interfaces, ifconfig_X, wlans_X, vlans_X */
	EV_FUSER,          /* `fuser -v /dev/net/tun`: who holds the tun clone device */
	EV_IFPLIST,        /* macOS's NetworkInterfaces.plist: BSD names, MACs, port names */
	EV_NSHAPES,        /* at most 128: shapes_seen is a bit set of two words */
};

struct ev_line {
	char *s; /* NUL-terminated, without the line end; parsers may not keep it */
	size_t len;
	uint64_t no;  /* 1-based line number in its file */
	bool fenced;  /* inside a Markdown code fence (``` or ~~~): pasted output, not prose */
	bool session; /* output of a program typed at a prompt just before (no blank line since) */
};

struct ev_tok {
	const char *s;
	size_t len;
};

/* Whitespace-separated tokens of a line (each token's `s` points into the line: the rest of the
 * line from token i is t[i].s, for columns like COMMAND or NAME). */
struct ev_toks {
	struct ev_tok t[EV_MAX_TOKENS];
	size_t n;
};

/* One end of a socket as the evidence gave it: an address, a host name, or "*". */
struct ev_end {
	struct ifw_ip ip;
	bool has_ip;
	const char *name; /* a host name given instead of (or next to) the address */
	uint16_t port;
	const char *dev; /* ss "%eth0": bound to this device */
};

/* A socket as one line of lsof, netstat, ss or sockstat showed it, before merging. */
struct ev_sock {
	uint8_t from; /* enum ev_shape */
	uint8_t proto, family, state;
	bool listening;
	int32_t pid, fd; /* -1: not shown */
	uint32_t uid;
	bool has_uid;
	const char *comm, *user;
	const char *more_users; /* ss: further users:((...)) entries, parsed when merging */
	struct ev_end local, remote;
	uint64_t inode;
	bool has_inode; /* ss -e printed ino: (0 for the kernel's own sockets) */
	struct ifw_origin origin;
	bool dropped; /* merged into another observation */
};
IFW_VEC_TYPE(ev_sock_vec, struct ev_sock);

/* A reference by name, resolved once every interface is known. */
enum ev_ref_kind {
	EV_REF_ROUTE_DEV = 1, /* route id -> interface name */
	EV_REF_MASTER,        /* interface id -> its master's name */
	EV_REF_LINK,          /* interface id -> its parent's name */
	EV_REF_MEMBER,        /* bridge id -> member name (num: the member's ifindex or 0) */
	EV_REF_TUNPID,        /* interface id -> pid that opened it (BSD "Opened by PID") */
	EV_REF_HWPORT,        /* name -> permanent MAC (num: 48 bits), from networksetup */
	EV_REF_VXLINK,        /* vxlan id -> its underlay's name (ip -d link "dev eth0") */
	EV_REF_NETNAME,       /* bridge name -> the container network it serves (net_*) */
	EV_REF_DNS,           /* interface name -> a resolver scoped to it (net_name: domain) */
	EV_REF_LOGKIND,       /* interface id -> the kind a log line tells (name) */
	EV_REF_LOGDRIVER,     /* interface id -> a syslog line's driver (name), bus (net_name) */
	EV_REF_LOGMEMBER,     /* bridge id -> a port the kernel's log names (becomes a MEMBER) */
};

struct ev_ref {
	uint8_t kind;
	ifw_id id;
	const char *name;
	int64_t num;
	int32_t fd;       /* EV_REF_TUNPID: the descriptor, -1 if not shown */
	const char *comm; /* EV_REF_TUNPID: the process's name, if shown */
	bool elsewhere; /* EV_REF_TUNPID by name (fdinfo): the holder lives in another namespace */
	/* EV_REF_TUNPID: a row only one system prints ("bsd": lsof's VCHR /dev/tunN, none of
	 * Linux's; "darwin": a utun control socket), dropped when the evidence is another's */
	const char *only_os;
	const char *net_name, *net_runtime, *net_source; /* EV_REF_NETNAME */
	struct ifw_ip dns_server;                        /* EV_REF_DNS */
	bool dns_has_server;
	struct ifw_origin origin;
};
IFW_VEC_TYPE(ev_ref_vec, struct ev_ref);

/* A UDP conntrack entry, kept for the end: the far ends of tunnel holders' sockets. */
struct ev_ct {
	struct ifw_ct_entry e;
	struct ifw_origin origin;
};
IFW_VEC_TYPE(ev_ct_vec, struct ev_ct);

struct ev_ctx;

struct ev_parser {
	enum ev_shape shape;
	const char *name;
	/* How surely this line is this shape's: 3 a header only this command prints (switches
	 * even in the middle of another shape), 2 a line typical of it, 0 not. Checks that
	 * could only give less than `min` may be skipped. */
	int (*detect)(const struct ev_line *l, int min);
	/* Takes one line; false when the line is not recognized. */
	bool (*take)(struct ev_ctx *c, struct ev_line *l);
	/* Called when this shape starts and ends (a section, a file, or a switch). */
	void (*begin)(struct ev_ctx *c);
	void (*end)(struct ev_ctx *c);
	/* A reader of last resort: while it reads, a line another parser knows goes to that one. */
	bool fallback;
	/* A row it takes is its own, whatever words it holds: a process's command line is any
	 * user's text ("sleep 1 link state: interfaces.State{..."), and no other reader's words in
	 * it end the listing. */
	bool rows_hold;
	/* A daemon's or tool's own table (`mmcli -m`, `incus network list`, airmon-ng): what it
	 * says of an interface is that program's word, so none of it is read in a log viewer's
	 * output (`docker logs web`: a container prints any table). */
	bool not_in_logs;
};

struct ev_json {
	char *buf;
	size_t len, cap;
	int depth;
	bool in_str, esc, started, failed;
	bool start_session; /* its first line was a program's output typed at a prompt */
	bool start_log;     /* ... a log viewer's or ps's (anyone's text): no inventory's dump */
	uint64_t start_line, lines;
};

/* One `lshw -class network` block being read (p_lshw.c). */
struct ev_lshw {
	char name[16], bus[16], bus_info[48], driver[32];
	uint8_t mac[6];
	uint8_t mac_len;
	uint64_t line_no;
};

/* Two listings of the interfaces around a command (appeared.c). */
struct ev_appear {
	char listing[128];      /* the listing command last typed, "" if none yet */
	const char *maker_prog; /* the command typed after it, and its program; NULL if none */
	const char *maker_cmd;
	char *maker_line;
	uint64_t line_no;
	size_t n_before; /* interfaces known when it was typed */
	bool after;      /* reading the same listing again, after the maker */
};

struct ev_ctx {
	struct ifw_model *m;
	ifw_id ns;        /* the host's namespace record */
	const char *file; /* display name for origin.src */
	const struct ev_parser *cur;
	uint64_t shapes_seen[2]; /* a bit per enum ev_shape of every parser that was used */
	bool ipjson_links;  /* `ip -j link/addr` objects were read (not only routes or others) */
	enum ev_shape hint; /* from a section marker or file name */
	int hint_family;    /* `ip -6 rule` */
	bool full;          /* a bound was reached: stop reading */
	uint64_t bytes, lines;
	char *cmd; /* the section's command line, for warnings */

	/* ifconfig */
	ifw_id cur_iface;
	struct ev_appear appear;
	struct ev_lshw lshw;
	struct { /* a pasted configuration file, kept for its parser (p_config.c) */
		int kind;
		char ifname[16];
		char path[96]; /* a wg-quick file's path as the command shows it */
		char *buf;
		size_t len, cap;
		uint64_t first_line;
	} cfg;
	unsigned prose_said;    /* creations a person's sentences tell of (prose.c) */
	bool netctl_in_addr;    /* `networkctl status`: the lines after "Address:" are addresses */
	size_t last_member_ref; /* 1 + the refs index of the last "member:" line, 0 if none */
	/* table shapes: column positions from a header line, -1 if not seen */
	int col_pid, col_ppid, col_user, col_cmd, col_args, col_netif;
	/* route -n: a row whose Iface column wrapped onto the next line (a web page's narrow
	 * column), waiting for it; IFW_NOID when none */
	ifw_id route_wrapped;
	bool bsd_addrs;       /* netstat: BSD "addr.port" form */
	bool netstat_procpid; /* macOS netstat -anv: "process:pid" column */
	int route_family;
	bool linux_routes;      /* netstat -rn of Linux: Genmask column */
	ifw_id last_route;      /* ip route: for "nexthop" continuation lines */
	ifw_id last_addr;       /* ip addr: for "valid_lft" lines */
	int stats_dir;          /* ip -s link: 1 after "RX:", 2 after "TX:" */
	uint8_t lxd_v4, lxd_v6; /* `incus network list`: the IPV4 and IPV6 columns, 0 if none */
	bool lxd_instances;     /* `lxc list`: rows are instances, lxd_ns the current one's */
	/* `ovs-vsctl show`: the bridge being read, and its interface read last, kept until its type
	 * is known (a tunnel port is no kernel interface) */
	ifw_id ovs_bridge;
	char ovs_pending[16], ovs_pending_line[256];
	uint64_t ovs_pending_no;
	bool ovs_internal, ovs_pending_session;
	long iftable_mtu_col; /* a table of interfaces: its MTU column's offset, -1 if none, -2 no
	                         header */
	ifw_id iftable_last;  /* the table's last row's interface, for its indented further rows */
	struct ev_domxml {    /* virsh dumpxml: the <interface> element being read */
		char bridge[16], source[16], target[16], line[256];
		uint8_t mac[8];
		uint64_t no;
		bool open, direct, has_mac;
	} domxml;
	struct ev_scstore { /* configd's keys: the dictionary (or script path) being read */
		char path[96], iface[16], service[64], line[256];
		size_t path_len;
		uint64_t no;
		int depth, family;
		bool primary, has_router, has_server;
		struct ifw_ip router, server;
	} scstore;
	/* `system_profiler SPNetworkDataType`: the service's type and hardware, and its device */
	char sp_type[96], sp_hardware[64];
	ifw_id sp_iface;
	ifw_id lxd_ns;
	/* `mmcli -m`: the modem's maker and model, its drivers and bus as read so far, and the
	 * key a continued value belongs to */
	char mm_maker[64], mm_model[64], mm_drivers[64];
	bool mm_usb, mm_in_ports;
	int32_t fd_pid, fd_fd; /* fdinfo: the /proc/PID/fdinfo/FD being read, -1 if unknown */
	int32_t lsof_pid;      /* lsof -F: the process of the fields that follow */
	const char *lsof_comm;
	size_t lsof_sock; /* 1 + index of the socket being read, 0 if none */
	uint8_t lsof_proto, lsof_family;
	int32_t lsof_fd;
	ifw_id lsof_proc;
	bool in_unix;     /* netstat: the UNIX domain socket part */
	char hw_dev[65];  /* networksetup: the device of the port being read */
	char hw_port[65]; /* networksetup: the name of the port being read */
	struct {          /* nmcli connection show: the active VPN and tun rows of the listing */
		char vpn[256];
		unsigned n_vpn, n_tun;
		ifw_id tun;
	} nm;
	bool wg_in_iface;   /* wg show: inside an "interface:" block */
	size_t wg_made;     /* wg show: the interfaces it named before any listing did */
	bool ifc_wrapped;   /* ifconfig: the last header ended in " \" (wrapped by a web page) */
	uint16_t wg_lport;  /* wg show: the interface's listening port */
	size_t wg_sa;       /* wg show: 1 + index of the peer's session being read, 0 if none */
	bool ctrnet_podman; /* network ls: Podman's (no SCOPE column) */
	struct {            /* scutil --dns, resolvectl: the resolver being read */
		char ifname[64], domain[256];
		struct ifw_ip server;
		bool has_server;
	} dns;
	struct ifw_ip nc_server; /* scutil --nc status: the ServerAddress read before the name */
	bool nc_has_server;
	const char *vmsw_name; /* vm switch info: the switch being read */
	ifw_id vmsw_port;      /* vm switch info: the virtual port being read */
	struct ev_rget {       /* route get: the answer being read */
		bool active, has_dst, dflt, has_mask, is_static, in_metrics;
		int family;
		struct ifw_ip dst, gateway;
		uint8_t plen;
		char ifname[64];
		struct ifw_origin origin;
	} rget;
	struct ev_json json;
	struct ifd_state *ifdump; /* p_ifdump.c: the keys and brackets open so far */
	struct { /* systemctl status: the user's slice whose processes are being read */
		char slice[40]; /* "/user.slice/user-1000.slice", "" when none */
		long col;       /* the column of its line in the tree, -1 for the unit's CGroup */
	} sd;

	/* observations merged at the end */
	struct ev_sock_vec socks;
	struct ev_ref_vec refs;
	struct ev_ct_vec cts;           /* conntrack's UDP entries */
	struct ifw_idmap iface_by_name; /* hash(ns, name) -> interface */
	struct ifw_idmap proc_by_pid;
	struct ifw_idmap addr_seen; /* hash(interface, address) -> address */
	/* the IPv6 link-local addresses an interface listing showed (address -> 1): only these
	 * show a MAC (finish.c), not a log's, nor a container's listing */
	struct ifw_idmap ll_listed;
	struct ifw_idmap log_named;  /* interfaces a log line named first (ev_iface_logged) */
	struct ifw_idmap ns_by_nsid; /* link-netnsid -> namespace record */

	/* Inside an ifwho-collect section ("### ifwho-collect: CMD" .. "### exit N"): the
	 * command's raw output, never a paste, so no prompts, typed commands, markup or
	 * indentation to read there. A line that looks like one came from the host: ss prints
	 * a process name with its newlines, and any user can name a process "a\n$ ip l a wg0". */
	bool in_collected;
	/* ss, in such a section: a line whose process name is still open (a name with newlines,
	 * `users:(("a` ... `",pid=`) joined with the lines that follow until it closes */
	struct {
		char *s;
		size_t len;
		unsigned lines;
		uint64_t no;
	} ss_join;

	/* pastes: what was passed over, reported in one warning at the end */
	uint64_t prose_lines, markup_lines, elided_lines, binary_lines, masked;
	bool binary;      /* this file is not text: reading it stopped */
	bool after_break; /* the last line was blank, markup, a prompt or prose */
	bool in_fence;    /* between a Markdown fence's opening and closing lines */
	char *glued;      /* output glued to a prompt's command ("# wg      interface: wg0") */
	const char *session_prog; /* the program the last prompt ran (its base name), or NULL */
	char session_buf[64];     /* where session_prog is kept: not the model's, one a prompt */
	bool session_log;         /* what follows is a log viewer's output, blank lines too */
	bool session_container;   /* that viewer shows a container's or a guest's output */
	bool session_tagless;     /* that viewer is the journal without its tags (-o cat) */
	bool session_fenced;      /* the last prompt was in a fence */
	bool session_open;        /* its output goes on: no blank line, fence or prompt since */
	/* what follows is a capture's or a network client's output (`tcpdump -A`, `curl URL`):
	 * the network's text, read for nothing but the capture's own first line; blank lines
	 * do not end it, the next prompt of the same form (capture_prompt) or a fence does */
	bool session_capture;
	char capture_prompt[64]; /* the session's prompt, blanks trimmed ("$", "root@host:~#") */
	char paste_prompt[64];   /* the last prompt the paste showed, "" before any */
	unsigned session_lines;  /* lines of output since the session's command */
	bool session_quiet;      /* that command prints nothing when it works (quiet_command) */
	/* that command prints anyone's words (a file, SSIDs, a process's arguments): until the
	 * next prompt, blank lines too, its command-shaped lines are its output */
	bool session_free;
	/* the typed command prints anyone's words in rows of its own (nmcli's SSIDs, pgrep's
	 * arguments, git's messages): its lines go to its own reader (EV_NONE: none) and
	 * to no other; sticky past blank lines (git's output has them) */
	bool session_own, session_own_sticky;
	enum ev_shape session_own_shape;
	bool session_echoes;      /* the typed command prints the commands it runs (`ifup -v`) */
	unsigned capture_skipped; /* lines a capture's session took, since its command */
	unsigned n_echoed;        /* commands and creations recorded as programs' echoes */
	unsigned n_typed;         /* commands typed at a prompt (m->typed holds echoes too) */
	bool in_glued;            /* that output is being read: it is not split again */
	uint8_t indent;           /* a Markdown code block's indentation being removed, 0 if none */
	unsigned binary_files;    /* files given up as binary */
	/* where the last log line's message starts: journalctl indents the message's further
	 * lines to it (0 if none) */
	uint16_t log_cont;
	/* after a log line: the lines held back while they may be the rest of a journal
	 * identifier that holds newlines (dispatch.c) */
	struct {
		bool armed;       /* the last line fed was a log line */
		size_t first_len; /* its length */
		char buf[320];    /* the lines held, each ended by '\0' */
		size_t len, n;
		uint64_t no[64];
	} idhold;
	unsigned log_ifaces, log_creates; /* counted against EV_MAX_LOGGED */
	bool log_bound_warned;

	/* what the evidence says about the host */
	const char *os_explicit; /* from sw_vers / uname */
	unsigned votes_darwin, votes_linux, votes_freebsd, votes_openbsd;
	bool fuser_tun; /* `fuser -v`: the rows are of /dev/net/tun's holders */
	struct {        /* NetworkInterfaces.plist: the dictionary being read */
		unsigned depth, name_depth;
		ifw_id iface;
		char key[32];
	} plist;
	/* the systems a person's sentences name ("on my MacBook", "FreeBSD 14"): the guess when
	 * no output tells (finish.c) */
	unsigned said_darwin, said_linux, said_freebsd, said_openbsd;
	bool sudo_voted; /* sudo's "[sudo] password for" prompt voted Linux once */
	bool have_uid;
	uint32_t uid;
	uint64_t netns_inode; /* Linux: the namespace collected ("### netns: net:[N]"), 0 unknown */
};

/* reader.c: the line source */
struct ev_reader {
	int fd;
	const char *mem; /* reading from memory instead of fd */
	size_t mem_len, mem_off;
	char *buf;
	size_t cap, start, end;
	bool eof, skipping;
	uint64_t no;
	uint64_t consumed; /* bytes taken from the source, cut lines included */
	uint64_t budget;   /* stop reading after this many bytes (0: no limit) */
	bool over_budget;  /* reading stopped at the budget, not at the end */
};

int ev_reader_open(struct ev_reader *r, const char *path, struct ifw_err *err);
/* name in directory dirfd; in_flags as for ifw_input_open (util/input.h). */
int ev_reader_openat(struct ev_reader *r, int dirfd, const char *name, unsigned in_flags,
                     struct ifw_err *err);
void ev_reader_mem(struct ev_reader *r, const char *buf, size_t len);
/* 1 with a line, 0 at the end, -1 on a read error. A line longer than EV_MAX_LINE is returned
 * cut to that length with *cut set. */
int ev_reader_next(struct ev_reader *r, struct ev_line *l, bool *cut, struct ifw_err *err);
void ev_reader_close(struct ev_reader *r);

/* dispatch.c: markers, sections and shape detection */
void ev_ctx_init(struct ev_ctx *c, struct ifw_model *m);
void ev_ctx_free(struct ev_ctx *c);
/* A new file (or loose file of a directory): display name and a hint from its name. */
void ev_begin_file(struct ev_ctx *c, const char *display, const char *basename);
void ev_feed(struct ev_ctx *c, struct ev_line *l);
void ev_end_file(struct ev_ctx *c);
/* The shape a command line or file name suggests, EV_NONE if none. */
enum ev_shape ev_hint_for(const char *text, int *family);
/* Whether a parser of this shape was used. */
static inline bool ev_shape_seen(const struct ev_ctx *c, enum ev_shape s)
{
	return (c->shapes_seen[s / 64] >> (s % 64)) & 1u;
}
/* Reads every line of r into c; -1 only on a read error. */
int ev_read_all(struct ev_ctx *c, struct ev_reader *r, struct ifw_err *err);

/* finish.c: resolves references, makes sockets, decides the OS */
int ev_finish(struct ev_ctx *c, struct ifw_err *err);
/* merge.c: socket observations into sockets, processes' fd references and name hints */
int ev_make_sockets(struct ev_ctx *c);
/* p_conntrack.c: the kept conntrack entries into far ends of tunnel holders' unconnected UDP
 * sockets (once sockets and tun holders are known); -1 when out of memory. */
int ev_conntrack_far_ends(struct ev_ctx *c);

/* ipjson_obj.c: one object of `ip -j` output */
struct json_t;
void ev_ipjson_link(struct ev_ctx *c, struct json_t *o, const char *src);
void ev_ipjson_route(struct ev_ctx *c, struct json_t *o, const char *src);

/* text.c: tokens, numbers, names */
void ev_tokenize(const char *s, struct ev_toks *t);
bool ev_tok_is(const struct ev_tok *t, const char *word);
bool ev_tok_digits(const struct ev_tok *t);
/* Parses an unsigned decimal (or 0x hex when hex_ok) number; false if not all of it is one. */
bool ev_tok_u64(const struct ev_tok *t, uint64_t *out, bool hex_ok);
/* "   interface: utun3" (`route get`, vm-bhyve): the value after LABEL and its colon, blanks
 * skipped on both sides; NULL if the line is no such label. */
const char *ev_label_value(const char *s, const char *label);
bool ev_starts(const char *s, const char *prefix);
const char *ev_skip_ws(const char *s);
/* The arena copy of a token (NULL when out of memory). */
char *ev_tok_dup(struct ev_ctx *c, const struct ev_tok *t);
/* The rest of a line from s, without trailing blanks, into buf (cut to size - 1 bytes); its
 * length. For a last column that holds spaces ("Qualcomm Atheros QCA9565 Adapter"). */
size_t ev_rest_copy(const char *s, char *buf, size_t size);
/* n bytes of s into dst, cut to size - 1 and NUL-terminated; the length copied. */
size_t ev_copy_cut(char *dst, size_t size, const char *s, size_t n);
/* Copies a token into a NUL-terminated buffer; false if it does not fit. */
bool ev_tok_copy(const struct ev_tok *t, char *buf, size_t len);
/* IANA service name (as lsof and netstat print without -P) -> port, 0 if unknown. */
uint16_t ev_service_port(const char *name, size_t len);
/* Parses "a:b:c:d:e:f" (1 or 2 hex digits a group) into mac; returns the length or 0. */
size_t ev_parse_mac(const char *s, size_t len, uint8_t *mac, size_t max);

/* Linux IFF_* bits for a list of flag names ("UP,POINTOPOINT,RUNNING"); BSD-only names (SMART,
 * SIMPLEX, OACTIVE, LINK0...) have no Linux bit and are dropped. */
uint32_t ev_flags_by_name(const char *s, size_t len);

/* addr.c: address forms */
/* IPv4/IPv6 text with an optional %zone (stripped); KAME-embedded scope ids in fe80:N:: are
 * cleared. */
bool ev_parse_ip(const char *s, size_t len, struct ifw_ip *ip);
/* "192.0.2.1/24", "2001:db8::1/64": an address and its prefix length, checked for its family. */
bool ev_parse_prefix(const struct ev_tok *t, struct ifw_ip *ip, int *plen);
/* "host:port", "[v6]:port", "*:*", "v6%zone:port", "addr%dev:port" (ss, lsof, sockstat). */
bool ev_parse_hostport(struct ev_ctx *c, const char *s, size_t len, struct ev_end *e);
/* BSD netstat's "addr.port", "*.port", "*.*", "fe80::1%lo0.123". */
bool ev_parse_dotport(struct ev_ctx *c, const char *s, size_t len, struct ev_end *e);
/* A port text: digits, "*" (0) or a service name. */
bool ev_parse_port(const char *s, size_t len, uint16_t *port);
/* Prefix length of a netmask: "0xffffff00", "255.255.255.0"; -1 if not contiguous. */
int ev_netmask_plen(const char *s, size_t len);
/* BSD route destinations: "default", "10.64.1/24", "127", "fe80::%lo0/64", "10.1.2.3". */
bool ev_parse_route_dst(const char *s, size_t len, bool host, struct ifw_ip *ip, uint8_t *plen);
uint8_t ev_addr_scope(const struct ifw_ip *ip);

/* store.c: records in the model */
const char *ev_src(struct ev_ctx *c, const struct ev_line *l);
const char *ev_raw(struct ev_ctx *c, const struct ev_line *l);
void ev_origin(struct ev_ctx *c, const struct ev_line *l, struct ifw_origin *o);
/* Checks the record and arena bounds; false (and c->full set, with a warning) past them. */
bool ev_room(struct ev_ctx *c, size_t n_records);
/* An interface name a line may give: 1 to 15 of letters, digits, '.', '_' and '-' (what the
 * parsers of name lists, logs and state dumps accept; not every name the kernel allows). */
bool ev_ifname_ok(const char *s, size_t n);
ifw_id ev_iface_find(struct ev_ctx *c, ifw_id ns, const char *name);
/* The interface named so in ns, created when new (*created set); IFW_NOID when out of room. */
ifw_id ev_iface_get(struct ev_ctx *c, ifw_id ns, const char *name, size_t len, bool *created);
/* ev_iface_get in the collected namespace, keeping line l as where the interface was first seen;
 * NULL when no more interfaces fit. id (if not NULL) receives its id, or IFW_NOID. */
struct ifw_iface *ev_iface_seen(struct ev_ctx *c, const struct ev_line *l, const char *name,
                                size_t len, ifw_id *id);
/* ev_iface_seen for a name a log line gives: a new interface only while log lines have named
 * fewer than EV_MAX_LOGGED (the log's other lines, and the rest of the evidence, are read on). */
struct ifw_iface *ev_iface_logged(struct ev_ctx *c, const struct ev_line *l, const char *name,
                                  size_t len, ifw_id *id);
/* Whether one more creation a log tells of is kept (EV_MAX_LOGGED; warns once when not). */
bool ev_logcreate_room(struct ev_ctx *c);
/* Adds an address unless the interface has it already; NULL if it had or out of room. */
struct ifw_addr *ev_addr_add(struct ev_ctx *c, ifw_id iface, const struct ifw_ip *ip, uint8_t plen);
/* A neighbour's hardware address seen on iface (a unicast MAC; the first IFW_NEIGH_KEEP
 * different ones kept, all counted). */
void ev_neigh_add(struct ev_ctx *c, ifw_id iface, const uint8_t mac[6]);
/* Whether the line is output of a log viewer typed before it (`docker logs web`, `journalctl`):
 * a container's or any user's text, no daemon's word (store.c). */
bool ev_shown_by_log_viewer(const struct ev_ctx *c, const struct ev_line *l);
/* Whether a program's output is a log viewer's (docker, kubectl, journalctl, ...). */
bool ev_log_viewer(const char *prog);
/* Whether the section's command (the prompt's or the marker's) has the word a, and b unless
 * NULL: `docker network ls` among docker's commands, which are log viewers (dispatch.c). */
bool ev_cmd_has(const struct ev_ctx *c, const char *a, const char *b);
/* A program's own word that it made the interface name[0..len): its log line (how NULL; pid
 * from its tag, or -1) or a daemon's own listing (how "`zerotier-cli listnetworks`"): a
 * creation by comm (rule log.created). NULL when not kept. */
/* Whether address addr is an IPv6 link-local an interface listing showed (store.c). */
bool ev_addr_listed_ll(const struct ev_ctx *c, ifw_id addr);
struct ifw_logcreate *ev_logcreate_add(struct ev_ctx *c, const struct ev_line *l, const char *name,
                                       size_t len, const char *comm, int32_t pid, const char *how);
/* A process's command line as a listing gives it ("[kthreadd]" is a kernel thread's name), and
 * its name from the first word when none is known (p_ps.c). */
void ev_proc_set_args(struct ev_ctx *c, struct ifw_process *p, const char *a, size_t alen);
/* The first token of t that is a 6-byte MAC address, or NULL. */
const struct ev_tok *ev_find_mac(const struct ev_toks *t, uint8_t mac[6]);
ifw_id ev_proc_get(struct ev_ctx *c, int32_t pid);
struct ev_sock *ev_sock_add(struct ev_ctx *c, const struct ev_line *l, enum ev_shape from);
void ev_ref_add(struct ev_ctx *c, enum ev_ref_kind kind, ifw_id id, const char *name, int64_t num,
                const struct ev_line *l);
/* A process holding a descriptor of /dev/net/tun, which device not said (lsof's CHR rows,
 * fuser's): an fdref with no name, weighed by infer/rule_tun_lsof.c. NULL when not kept. */
struct ifw_fdref *ev_unnamed_tun(struct ev_ctx *c, const struct ev_line *l, ifw_id proc,
                                 int32_t fd);
/* The namespace record for a Linux link-netnsid (made on first use). */
ifw_id ev_peer_ns(struct ev_ctx *c, int64_t nsid);
/* The link-netnsid that names namespace record ns, INT32_MAX if none does. */
int32_t ev_nsid_of(const struct ev_ctx *c, ifw_id ns);
void ev_proc_fill(struct ev_ctx *c, ifw_id p, const char *comm, const char *user,
                  const char *uid_text);

/* The namespace record called name (a netns name from `ip netns list` or "link-netns NAME"),
 * made on first use; IFW_NOID when out of room. */
ifw_id ev_named_ns(struct ev_ctx *c, const char *name, size_t len);

/* paste.c: pasted text made readable (quoting, fences, entities, prompts, masks) */
enum ev_paste {
	EV_PASTE_LINE = 0, /* a line for the parsers (maybe rewritten in place) */
	EV_PASTE_PROMPT,   /* a prompt with a command: *cmd points at the command */
	EV_PASTE_BARE,     /* maybe a command typed without a prompt ("ip -d link") */
	EV_PASTE_MARKUP,   /* a code fence or an HTML tag line: passed over */
	EV_PASTE_ELIDED,   /* "...", "[snip]": passed over without ending the output */
};
enum ev_paste ev_paste_line(struct ev_ctx *c, struct ev_line *l, const char **cmd);
/* A line of prose (words, not command output). */
bool ev_is_prose(const struct ev_line *l);
/* An address hidden by the one who pasted it: "x.x.x.x", "192.168.x.x", "XX:XX:XX:XX:XX:XX",
 * "masked" (what paste.c makes of "<redacted>", "[my ip]", ...). */
bool ev_masked(const char *s, size_t len);

/* p_fdinfo.c: takes the pid and fd from a "/proc/PID/fdinfo/FD" in text (a command, a header,
 * a grep prefix); false if there is none. */
bool ev_fdinfo_path(struct ev_ctx *c, const char *text);
/* "net:[4026531840]" (readlink of /proc/PID/ns/net): the namespace's inode. */
bool ev_netns_inode(const char *text, uint64_t *inode);

/* iplink_kind.c: the kind line of `ip -d link` ("vxlan id 42 remote ..."); false if the first
 * token names no kind. */
bool ev_iplink_kind(struct ev_ctx *c, ifw_id iface, const struct ev_toks *t,
                    const struct ev_line *l);

/* p_nmcli.c: NetworkManager's TYPE word -> kernel kind (NULL for a card) and link type. */
/* The resolver read so far (c->dns) onto its interface, or kept until the interface is known;
 * then cleared (p_scutil_dns.c, used by p_resolvectl.c too). */
/* A parser's begin (or end) that forgets the interface the previous shape was reading. */
void ev_begin_no_iface(struct ev_ctx *c);
void ev_dns_flush(struct ev_ctx *c);
bool ev_nm_type(const struct ev_tok *t, const char **kind, uint16_t *arptype);
/* The fields of a terse line (`nmcli -t`), split at colons a backslash does not escape (the
 * fields as written, escapes and all); their count, or 0 past max (p_nmcli_conn.c). */
size_t ev_nm_terse_split(const char *s, struct ev_tok *f, size_t max);
/* A device state `nmcli device` prints ("connected", "unmanaged", "connecting (...)"). */
bool ev_nm_state(const struct ev_tok *t);

/* The parsers, one file each. */
extern const struct ev_parser ev_p_ifconfig, ev_p_netstat_rn, ev_p_netstat_an, ev_p_lsof, ev_p_ps,
    ev_p_ss, ev_p_sockstat, ev_p_iproute, ev_p_iprule, ev_p_ipjson, ev_p_swvers, ev_p_uname,
    ev_p_scutil, ev_p_hwports, ev_p_iplink, ev_p_ipbrief, ev_p_tuntap, ev_p_ipnetns,
    ev_p_ifconfig_nt, ev_p_netstat_i, ev_p_fdinfo, ev_p_wg, ev_p_brctl, ev_p_nmcli, ev_p_networkctl,
    ev_p_ctrnet, ev_p_ulog, ev_p_scutil_dns, ev_p_nmcli_conn, ev_p_lsof_f, ev_p_conntrack,
    ev_p_vpnlog, ev_p_kernlog, ev_p_nmcli_overview, ev_p_ifaddrs, ev_p_resolvectl, ev_p_routeget,
    ev_p_tsnetmon, ev_p_vmswitch, ev_p_arp, ev_p_logmention, ev_p_configd, ev_p_scutil_nc,
    ev_p_iflist, ev_p_netstat_ibsd, ev_p_fdb, ev_p_pfinfo, ev_p_ztcli, ev_p_virsh, ev_p_sdstatus,
    ev_p_lxdnet, ev_p_mmcli, ev_p_mpnet, ev_p_vmnet, ev_p_airmon, ev_p_ovsvsctl, ev_p_prlnet,
    ev_p_spnet, ev_p_scstore, ev_p_domxml, ev_p_iftable, ev_p_frr, ev_p_sysnet, ev_p_tcpdump,
    ev_p_netctl_status, ev_p_fwbanner, ev_p_lxcinfo, ev_p_elided, ev_p_ifdump, ev_p_config, ev_p_iw,
    ev_p_lshw, ev_p_ethtool, ev_p_rcconf, ev_p_fuser, ev_p_ifplist;
/* p_config.c: whether a command or file name names a configuration file it reads */
bool ev_config_hint(const char *text);
/* p_ifplist.c: a `defaults read` dictionary the JSON reader took (it starts with "{") read as
 * NetworkInterfaces.plist when it holds a "BSD Name"; false when it holds none. */
bool ev_ifplist_text(struct ev_ctx *c, const char *buf, size_t len, uint64_t first_line);
/* p_ifdump.c: a whole JSON document walked for inventory tools' interfaces; lines of a text
 * (a document the JSON reader could not read: node's, Ruby's, Python's printouts) fed to the
 * same reader, returning how many interfaces and routes it added; the reader's state freed. */
void ev_ifdump_json(struct ev_ctx *c, struct json_t *root, uint64_t line_no, bool session);
size_t ev_ifdump_text(struct ev_ctx *c, char *buf, size_t len, uint64_t line_no, bool session);
void ev_ifdump_free(struct ev_ctx *c);
/* p_logmention.c: the first interface a log message names ("Interface utun1:", "dev tun0",
 * "IFACE=igc0"): its start and length, or 0 */
size_t ev_log_mention(const char *msg, const char **start);
/* The length of a log's time stamp at the start of s ("Sep 15 01:01:43", ISO, ctime, dmesg's
 * "[ 12.3]"), or 0 (p_logmention.c). */
size_t ev_log_stamp(const char *s);
/* Commands a program printed as it ran them ("/sbin/ip addr add dev tun0 ...", "DEBUG: ifconfig
 * tap0 create") and its "created/opened ... interface X" words, in a log line's message or a
 * typed program's output: recorded with the program that printed them (echo.c). stamped: msg
 * follows a log's time stamp (its tag may be a bare word). */
void ev_echo_record(struct ev_ctx *c, const struct ev_line *l, const char *msg, bool stamped);
bool ev_echo_present(const char *msg);
/* A command program `by` ran (pid, or -1), as its output or a manager's listing shows it (from e
 * to the end of the line, or to words that tell how it went): recorded as by's echo (echo.c). */
void ev_echo_command(struct ev_ctx *c, const struct ev_line *l, const char *e, const char *by,
                     int32_t pid);
/* prose.c: a person's sentence that says what made an interface ("tap0 is my openvpn server"),
 * recorded as a creation said, for the rule to match against the knowledge */
/* A line of a person's list of interfaces ("• en8: iPhone USB"): the name, and its label. */
void ev_label_scan(struct ev_ctx *c, const struct ev_line *l);
void ev_prose_scan(struct ev_ctx *c, const struct ev_line *l);
/* appeared.c: interfaces new in a listing repeated after a command, recorded as that command's
 * creations; _prompt for every typed command, _end when the evidence ends */
void ev_appear_prompt(struct ev_ctx *c, const char *cmd, const struct ev_line *l);
void ev_appear_end(struct ev_ctx *c);
/* unflatten.c: an ifconfig listing run into one line, fed back as its lines; false when the
 * line is none */
bool ev_unflatten(struct ev_ctx *c, const struct ev_line *l,
                  void (*feed)(struct ev_ctx *, struct ev_line *));
/* The program a typed command runs: its first word's base name after sudo/doas/env words, in
 * c->session_buf (until the next prompt), or NULL. */
const char *ev_session_prog(struct ev_ctx *c, const char *cmd);
/* Whether s starts with a command whose output paste.c knows to follow a prompt (ip, ifconfig,
 * cat, sudo, ...), by its base name. */
bool ev_known_command(const char *s);
const struct ev_parser *ev_parser_for(enum ev_shape s);

/* Routing table names of iproute2 ("main", "local", "default") or a number. */
bool ev_table_num(const struct ev_tok *t, uint32_t *table);

/* Shared by parsers: TCP state names of lsof, netstat and ss -> TCP_* numbers, 0 if unknown. */
uint8_t ev_tcp_state(const char *s, size_t len);
/* Fills listening/state of a UDP socket from whether it has a remote end. */
void ev_udp_state(struct ev_sock *s);

#endif
