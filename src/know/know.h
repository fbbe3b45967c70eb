/* The knowledge base: what ports, process names, interface names, MAC prefixes, MTUs and default
 * address ranges mean.
 * It is data (JSON files under data/knowledge, /etc/ifwho/knowledge, ~/.config/ifwho/knowledge),
 * loaded once; lookups return entries whose strings live as long as the knowledge base. */
#ifndef IFW_KNOW_H
#define IFW_KNOW_H

#include "util/err.h"
#include "util/ipaddr.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ifw_kb;

/* The closed sets of words knowledge entries may use, as enums with one name table each
 * (know/know_names.c); the loader rejects any other word. 0 is "none given". */

/* What an interface is for ("category" of ifnames, mtu and addrplans entries). */
enum ifw_kb_category {
	IFW_KB_CAT_NONE = 0,
	IFW_KB_CAT_LOOPBACK,
	IFW_KB_CAT_KERNEL_FALLBACK,
	IFW_KB_CAT_PHYSICAL,
	IFW_KB_CAT_CONTAINER,
	IFW_KB_CAT_VM,
	IFW_KB_CAT_VPN,
	IFW_KB_CAT_MESH_VPN,
	IFW_KB_CAT_OVERLAY,
	IFW_KB_CAT_BRIDGE,
	IFW_KB_CAT_TELEPHONY,
	IFW_KB_CAT_APPLE_P2P,
	IFW_KB_CAT_APPLE_SYSTEM,
	IFW_KB_CAT_CAPTURE,
	IFW_KB_CAT_DIALUP,
	IFW_KB_CAT_CELLULAR,
	IFW_KB_CAT_VIRTUAL,
	IFW_KB_CAT_COUNT
};

/* What a port is used for ("role" of ports entries). */
enum ifw_kb_port_role {
	IFW_KB_PORT_NONE = 0,
	IFW_KB_PORT_APPLE,
	IFW_KB_PORT_INCIDENTAL,
	IFW_KB_PORT_INFRA,
	IFW_KB_PORT_OVERLAY,
	IFW_KB_PORT_SERVICE,
	IFW_KB_PORT_TUNNEL_CONTROL,
	IFW_KB_PORT_TUNNEL_DATA,
	IFW_KB_PORT_VOIP_MEDIA,
	IFW_KB_PORT_VOIP_SIGNAL,
	IFW_KB_PORT_COUNT
};

/* What a program does ("role" of processes entries). */
enum ifw_kb_proc_role {
	IFW_KB_PROC_NONE = 0,
	IFW_KB_PROC_APPLE_SYSTEM,
	IFW_KB_PROC_CAPTURE,
	IFW_KB_PROC_CONTAINER_RUNTIME,
	IFW_KB_PROC_CONTAINER_SHIM,
	IFW_KB_PROC_DHCP,
	IFW_KB_PROC_DIALUP,
	IFW_KB_PROC_DNS,
	IFW_KB_PROC_HYPERVISOR,
	IFW_KB_PROC_INCIDENTAL,
	IFW_KB_PROC_MESH_VPN,
	IFW_KB_PROC_NETWORK_MANAGER,
	IFW_KB_PROC_SERVICE,
	IFW_KB_PROC_TELEPHONY,
	IFW_KB_PROC_VOIP,
	IFW_KB_PROC_VPN,
	IFW_KB_PROC_COUNT
};

/* The word for a value ("mesh-vpn"), or NULL for none or a value out of range. */
const char *ifw_kb_category_name(enum ifw_kb_category c);
const char *ifw_kb_port_role_name(enum ifw_kb_port_role r);
const char *ifw_kb_proc_role_name(enum ifw_kb_proc_role r);
/* The value a word names, or 0 (none) when it names none. */
enum ifw_kb_category ifw_kb_category_from(const char *name);
enum ifw_kb_port_role ifw_kb_port_role_from(const char *name);
enum ifw_kb_proc_role ifw_kb_proc_role_from(const char *name);
struct ifw_kb_port {
	const char *proto;       /* "udp", "tcp" */
	uint16_t port, port_end; /* port_end == port for a single port */
	enum ifw_kb_port_role role;
	const char *name, *tunnel, *meaning, *source;
};
/* Whether a port carries a tunnel (its control or its data); false for NULL. */
bool ifw_kb_port_is_tunnel(const struct ifw_kb_port *p);

struct ifw_kb_process {
	const char *const *match;
	size_t n_match;
	enum ifw_kb_proc_role role;
	const char *software, *vendor, *tunnel, *description, *exe, *source;
	const char *const *makes; /* interface kinds it creates over netlink ("bridge", "veth") */
	size_t n_makes;
	/* what people call the product when they write about it ("Zscaler", "Cloudflare WARP") */
	const char *const *said;
	size_t n_said;
	/* it opens devices on behalf of other programs (macOS's nesessionmanager for the VPN apps'
	 * extensions): another program holding the same device is the one it serves */
	bool broker;
};

struct ifw_kb_ifname {
	const char *os, *pattern, *kind, *creator, *purpose, *confidence, *source;
	enum ifw_kb_category category;
	/* In place of a name pattern: an interface group (BSD "groups:"), a glob on a network
	 * agent's domain (macOS ifconfig -v "agent domain:") or on a description (BSD
	 * "description:"). */
	const char *group, *agent, *descr;
	/* Or a glob on the hardware port's name macOS gives it (`networksetup
	 * -listallhardwareports` "Hardware Port: iPhone USB"). */
	const char *hwport;
};

struct ifw_kb_oui {
	uint8_t prefix[6];
	size_t len; /* bytes of prefix that must match */
	const char *vendor, *source;
	/* "vm-guest": the block a hypervisor takes its guests' network cards' MACs from;
	 * "docker-engine": the block a Docker engine takes its bridges' and containers' MACs from;
	 * "lxc-bridge": the fixed MAC lxc-net (and scripts copied from it) gives its bridge;
	 * NULL else */
	const char *nic;
};

struct ifw_kb_network {
	uint32_t asn;
	const char *operator_name, *type, *source; /* type: "mobile", "mixed" */
};

struct ifw_kb_mtu {
	const char *os, *pattern, *creator, *meaning, *source;
	enum ifw_kb_category category; /* what the creator's interfaces are for, when it says */
	uint32_t mtu;
	uint32_t
	    txqlen;  /* instead of an MTU: the transmit queue length the creator sets (0: none) */
	bool common; /* a round value other software picks too: a hint, never "likely" */
};

/* A default address range that some software hands out (Docker's 172.17.0.0/16, Tailscale's
 * 100.64.0.0/10, libvirt's 192.168.122.0/24, ...). An address inside one is a hint about who
 * made an interface, never proof: people pick the same ranges by hand. */
struct ifw_kb_addrplan {
	struct ifw_ip prefix; /* the network address, host bits zero */
	unsigned plen;        /* prefix length: 0..32 for IPv4, 0..128 for IPv6 */
	const char *creator, *purpose;
	enum ifw_kb_category category;
	const char *strength; /* "weak": also chosen by hand; "medium": distinctive */
	const char *source;
	const char *os; /* the one system whose default this is ("darwin"), NULL for any */
};

/* The strengths an address plan may have, NULL-terminated: "weak", "medium". */
extern const char *const ifw_kb_strengths[];

/* Loads every *.json in each directory; entries of earlier directories win over later ones,
 * so pass the user's directories first. A directory that does not exist is skipped; a file that
 * does not parse is an error naming the file, line and column. */
int ifw_kb_load(struct ifw_kb **out, const char *const *dirs, size_t n_dirs, struct ifw_err *err);
/* ifw_kb_load in two steps, so that the files can be read while ifwho may still read them (as
 * root, before dropping to another user) and parsed after the privileges are gone. */
struct ifw_kb_file {
	char *path, *buf;
	size_t len;
};
struct ifw_kb_files {
	struct ifw_kb_file *v;
	size_t n;
};
int ifw_kb_read(struct ifw_kb_files *fs, const char *const *dirs, size_t n_dirs,
                struct ifw_err *err);
/* The same; with own_first, dirs[0] (ifw_kb_default_dirs' one under $HOME) is read only if it
 * belongs to the effective user and is not writable by group or others (a HOME handed from
 * another user by `sudo -E` or `su` is not theirs to fill for root). */
int ifw_kb_read_own_first(struct ifw_kb_files *fs, const char *const *dirs, size_t n_dirs,
                          bool own_first, struct ifw_err *err);
int ifw_kb_parse(struct ifw_kb **out, const struct ifw_kb_files *fs, struct ifw_err *err);
void ifw_kb_files_free(struct ifw_kb_files *fs);
/* Loads a single knowledge file (for tests and fuzzing). */
int ifw_kb_load_buffer(struct ifw_kb *kb, const char *buf, size_t len, const char *name,
                       struct ifw_err *err);
struct ifw_kb *ifw_kb_new(void);
void ifw_kb_free(struct ifw_kb *kb);

/* The default search path, earliest winning: HOME/.config/ifwho, /etc/ifwho, then data_dir
 * (the caller's $IFWHO_DATA_DIR) or else the installed or source data directory. home and
 * data_dir may be NULL or empty. Fills dirs (each "…/knowledge") and returns the count. */
size_t ifw_kb_default_dirs(char dirs[][512], size_t max, const char *data_dir, const char *home);
/* Loads the knowledge from the default search path; fails (IFW_E_NOTFOUND) when it finds no
 * knowledge file at all. */
int ifw_kb_load_default(struct ifw_kb **kb, const char *data_dir, const char *home,
                        struct ifw_err *err);

const struct ifw_kb_port *ifw_kb_port(const struct ifw_kb *kb, const char *proto, uint16_t port);
/* Matches the kernel comm, the executable path and the command line's first word. */
const struct ifw_kb_process *ifw_kb_process(const struct ifw_kb *kb, const char *comm,
                                            const char *exe, const char *cmdline);
/* The tunnel-making software (role vpn or mesh-vpn) a text names at pos (its software name or
 * a "said" name, as a whole word, in any case but for names in capitals), or NULL; *len is
 * the length of the name matched. */
const struct ifw_kb_process *ifw_kb_tunnel_product_at(const struct ifw_kb *kb, const char *text,
                                                      size_t pos, size_t *len);
/* Whether a process's executable path agrees with the entry its name matched: true when the
 * exe is unknown (offline evidence, other users' processes) or its base name is one of the
 * entry's names. A process can name itself anything; its executable is harder to fake. */
bool ifw_kb_process_exe_agrees(const struct ifw_kb_process *p, const char *exe);

/* The first pattern that matches name on os
 ("linux", "darwin"; "any" entries match all) and,
 * when the entry names a kind, whose kind equals `kind` (NULL kind matches only kind-less
 * entries on Linux; on other OSes kinds are unknown and ignored). */
/* The kind to pass when the interface's kind is not known (saved output that does not show it,
 * such as `ifconfig` or `ip addr` without -d): any entry's kind then matches. */
#define IFW_KB_KIND_UNKNOWN "?"
const struct ifw_kb_ifname *ifw_kb_ifname(const struct ifw_kb *kb, const char *os, const char *name,
                                          const char *kind);
/* The entry for an interface group (BSD ifconfig "groups:") on os, or NULL. */
const struct ifw_kb_ifname *ifw_kb_ifgroup(const struct ifw_kb *kb, const char *os,
                                           const char *group);
/* The entry whose "agent" glob matches a network agent's domain on os, or NULL. */
const struct ifw_kb_ifname *ifw_kb_ifagent(const struct ifw_kb *kb, const char *os,
                                           const char *domain);
/* The entry whose "description" glob matches an interface's description on os, or NULL. */
const struct ifw_kb_ifname *ifw_kb_ifdescr(const struct ifw_kb *kb, const char *os,
                                           const char *descr);
/* The entry whose "hwport" glob matches a macOS hardware port's name on os, or NULL. */
const struct ifw_kb_ifname *ifw_kb_ifhwport(const struct ifw_kb *kb, const char *os,
                                            const char *port);
/* Whether the process entry says it creates interfaces of this kind. */
bool ifw_kb_process_makes(const struct ifw_kb_process *p, const char *kind);
const struct ifw_kb_oui *ifw_kb_oui(const struct ifw_kb *kb, const uint8_t *mac, size_t len);
const struct ifw_kb_mtu *ifw_kb_mtu(const struct ifw_kb *kb, const char *os, const char *name,
                                    uint32_t mtu);
/* The entry for a transmit queue length (mtu.json entries with "txqlen"), or NULL. */
const struct ifw_kb_mtu *ifw_kb_txqlen(const struct ifw_kb *kb, const char *os, const char *name,
                                       uint32_t txqlen);

const struct ifw_kb_network *ifw_kb_network(const struct ifw_kb *kb, uint32_t asn);

/* The software an interface is named after: its name is the software's name or one of its
 * programs' ("cjdns0", "easytier"), then a unit number at most. NULL if none. */
const struct ifw_kb_process *ifw_kb_process_named_after(const struct ifw_kb *kb,
                                                        const char *ifname);

/* The address plan that contains ip, the most specific prefix winning (192.168.122.0/24 before
 * 192.168.0.0/16); between equal prefixes the first loaded wins, so a user's file overrides the
 * shipped entry for the same prefix. An IPv4-mapped IPv6 address is looked up as IPv4. A plan
 * of another system than os (when os is known) is none: macOS Internet Sharing's
 * 192.168.2.0/24 says nothing of a Linux host's LAN. NULL when no plan contains ip or ip is
 * unset. */
const struct ifw_kb_addrplan *ifw_kb_addrplan(const struct ifw_kb *kb, const char *os,
                                              const struct ifw_ip *ip);

size_t ifw_kb_count(const struct ifw_kb *kb);

#endif
