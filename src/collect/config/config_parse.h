/* Parsers of the configuration files that declare interfaces (collect/linux/configs.c reads the
 * files). Each works on a buffer of any content (binary, no final newline, endless lines) and
 * reports what it finds through `emit`; it copies nothing but an interface name, a kind and an
 * endpoint, each checked against a strict character set, so no other value of a file (private
 * keys, pre-shared keys, Wi-Fi passwords) can leave the parser. */
#ifndef IFW_CONFIG_PARSE_H
#define IFW_CONFIG_PARSE_H

#include <stdbool.h>
#include <stddef.h>

struct ifw_cfg_decl {
	char name[16];      /* IFNAMSIZ: the kernel's limit */
	char kind[24];      /* the kernel's name for the kind ("tap" is "tun"), "" when unknown */
	char endpoint[128]; /* far end as written, "" when none */
	unsigned line;      /* 1-based line where the declaration starts */
};

/* Called once per declaration; a non-zero return stops the parser and is returned by it. */
typedef int (*ifw_cfg_emit)(void *ctx, const struct ifw_cfg_decl *d);

/* systemd.netdev(5): [NetDev] Name= and Kind=. */
int ifw_cfg_parse_networkd(const char *buf, size_t len, ifw_cfg_emit emit, void *ctx);
/* nm-settings-keyfile(5): [connection] interface-name= and type= (virtual types only: an
 * "ethernet" or "wifi" profile configures a card, it does not make one). */
int ifw_cfg_parse_nm(const char *buf, size_t len, ifw_cfg_emit emit, void *ctx);
/* interfaces(5) with the bridge-utils, ifenslave, vlan and tunnel options: stanzas whose kind
 * can be told (bridge_ports, bond-slaves, vlan-raw-device, `ip link add ... type K`, ...). */
int ifw_cfg_parse_ifupdown(const char *buf, size_t len, ifw_cfg_emit emit, void *ctx);
/* netplan YAML, read by indentation: network: bridges/bonds/vlans/tunnels/vrfs/
 * dummy-devices/virtual-ethernets; a tunnel's kind from its mode:, a WireGuard peer's
 * endpoint:. Cards (ethernets, wifis, modems) are configured, not made, and are skipped. */
int ifw_cfg_parse_netplan(const char *buf, size_t len, ifw_cfg_emit emit, void *ctx);
/* wg-quick(8): the file NAME.conf declares WireGuard interface NAME (ifname, the file name
 * without .conf); the first [Peer] Endpoint is its far end. */
int ifw_cfg_parse_wgquick(const char *buf, size_t len, const char *ifname, ifw_cfg_emit emit,
                          void *ctx);

/* Shared by the parsers. */
/* Whether s (n bytes) is a valid interface name: 1..15 printable characters, no space, '/' or
 * ':' (dev_valid_name in the kernel, minus the alias colon). */
bool ifw_cfg_valid_ifname(const char *s, size_t n);
/* Copies a name, kind or endpoint into out (size cap) if it is made only of allowed characters
 * and fits; false (out emptied) otherwise. */
bool ifw_cfg_copy_ifname(char out[16], const char *s, size_t n);
bool ifw_cfg_copy_token(char *out, size_t cap, const char *s, size_t n);
/* Line iteration: pos advances past the next line; line and n get it without the newline (and a
 * '\r' before it); false at the end of buf. */
bool ifw_cfg_next_line(const char *buf, size_t len, size_t *pos, const char **line, size_t *n);
/* Trims spaces and tabs at both ends. */
void ifw_cfg_trim(const char **s, size_t *n);
/* Whether s (n bytes) equals the NUL-terminated word w, ignoring ASCII case when nocase. */
bool ifw_cfg_eq(const char *s, size_t n, const char *w, bool nocase);
/* Splits "key = value" (sep '=' or ':'): both trimmed; false when there is no sep. */
bool ifw_cfg_split(const char *s, size_t n, char sep, const char **k, size_t *kn, const char **v,
                   size_t *vn);

#endif
