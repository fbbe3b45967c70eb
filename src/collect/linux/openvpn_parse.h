/* OpenVPN's own words about its tunnel: options from its command line and config file (the
 * config directives are the long options without "--"), and the answers of its status file and
 * management interface (`state`, `status 3`). Bounded and tolerant: unknown directives are
 * skipped; inline blocks (<ca>, <secret>, <tls-auth>, ...) are skipped unread, so no key
 * material is ever copied. */
#ifndef IFW_OPENVPN_PARSE_H
#define IFW_OPENVPN_PARSE_H

#include "model/model.h"

#include <stdbool.h>
#include <stddef.h>

#define IFW_OVPN_MAX_REMOTES 8
#define IFW_OVPN_STR         256

struct ifw_ovpn_remote {
	char host[IFW_OVPN_STR];
	char proto[16]; /* "" = the global proto */
	unsigned port;  /* 0 = the global port */
	bool from_cmdline;
};

struct ifw_ovpn_conf {
	struct ifw_ovpn_remote remotes[IFW_OVPN_MAX_REMOTES];
	size_t n_remotes;
	char proto[16];
	unsigned port, rport, lport;
	char dev[64];
	char cd[IFW_OVPN_STR];
	char configs[4][IFW_OVPN_STR]; /* --config files, in order, still to read */
	size_t n_configs;
	char mgmt_host[IFW_OVPN_STR]; /* IP, or a unix socket path when mgmt_unix */
	unsigned mgmt_port;
	bool mgmt_unix, mgmt_password;
	char status[IFW_OVPN_STR];
	bool server, client;
	bool in_block;     /* inside an inline <tag> ... </tag> block */
	char block[32];    /* its tag */
	bool from_cmdline; /* the options being read come from the command line */
};

void ifw_ovpn_conf_init(struct ifw_ovpn_conf *c);
/* One directive with its arguments (argv[0] without "--"). */
void ifw_ovpn_directive(struct ifw_ovpn_conf *c, char **argv, size_t argc);
/* The command line (argv[0] is the program); --config files are queued in c->configs. */
void ifw_ovpn_cmdline(struct ifw_ovpn_conf *c, char **argv, size_t argc);
/* A whole config file's text (not NUL-terminated). */
void ifw_ovpn_config_text(struct ifw_ovpn_conf *c, const char *text, size_t len);

/* Where sessions go. */
struct ifw_ovpn_target {
	ifw_id proc, iface;
	const char *ifname;
	const char *origin;
	uint8_t proto; /* the transport the config says (enum ifw_sock_proto), 0 = UDP */
};

/* One session per remote of the configuration (client / p2p). Returns the number added, -1 when
 * out of memory. */
int ifw_ovpn_add_config_sessions(struct ifw_model *m, const struct ifw_ovpn_target *t,
                                 const struct ifw_ovpn_conf *c);
/* A status file or `status 3` answer (versions 1, 2 and 3): one session per connected client,
 * from its real address. Returns the number added, or -1 if the text is not a status. */
int ifw_ovpn_parse_status(struct ifw_model *m, const struct ifw_ovpn_target *t, const char *text,
                          size_t len, const char *source);
/* The answer to `state` (a client): the session with the server's address. Returns 1 when it
 * names the far end, 0 when it does not (p2p, not connected), -1 when malformed. */
int ifw_ovpn_parse_state(struct ifw_model *m, const struct ifw_ovpn_target *t, const char *text,
                         size_t len);

#endif
