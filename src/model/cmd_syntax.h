/* Network commands read by their syntax, as a person typed them or a program printed them:
 * which interface a command creates (`ip link add wg0 type wireguard`, `ifconfig tun0 create`),
 * renames (`ifconfig tap0 name zt0`, `ip link set eth0 name lan0`) or configures (`ip addr add
 * ... dev tun0`, `ifconfig utun10 inet6 ...`, `route add ... -interface wg1`). */
#ifndef IFW_MODEL_CMD_SYNTAX_H
#define IFW_MODEL_CMD_SYNTAX_H

#include <stdbool.h>
#include <stddef.h>

#define IFW_CMD_MAX_TOKS 48

struct ifw_cmd_toks {
	char buf[1025];
	const char *t[IFW_CMD_MAX_TOKS];
	size_t n;
};

/* Splits on blanks, drops quotes, skips sudo/doas and VAR=value words in front. */
void ifw_cmd_split(const char *cmd, struct ifw_cmd_toks *k);
/* The last path component of s. */
const char *ifw_cmd_base(const char *s);
/* Whether the command creates an interface called name. */
bool ifw_cmd_creates(const struct ifw_cmd_toks *k, const char *name);
/* The name the command gives an interface (*from: its name before), or NULL. */
const char *ifw_cmd_renames(const struct ifw_cmd_toks *k, const char **from);
/* Whether the command adds an address or route to name, or sets it up (not a creation). */
bool ifw_cmd_configures(const struct ifw_cmd_toks *k, const char *name);
/* The bridge (or bond, or switch) the command adds a port to, *port the port, or NULL: `brctl
 * addif br0 tap0`, `ip link set tap0 master br0`, `ovs-vsctl add-port br-int vnet0`, BSD's
 * `ifconfig bridge0 addm tap0`. */
const char *ifw_cmd_enslaves(const struct ifw_cmd_toks *k, const char **port);
/* The interface the command creates (*creates), adds an address or route to, sets up, or looks
 * at (`ip addr show tun0`, `ping -I wwan0`, `tcpdump -i utun3`, `wicked ifup wwan0`), or NULL;
 * NULL for a command run in another namespace. */
const char *ifw_cmd_iface(const struct ifw_cmd_toks *k, bool *creates);
/* Whether a program may be said to have done what its output or log line says: not a tool that
 * shows a log or a file (cat, tail, journalctl), not a shell (its script's lines are the
 * script's). */
bool ifw_cmd_speaker(const char *prog);

#endif
