/* The command line: options -> run -> report. */
#ifndef IFW_CLI_H
#define IFW_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum ifw_exit {
	IFW_EXIT_OK = 0,
	IFW_EXIT_NO_SUCH_IFACE = 1,
	IFW_EXIT_USAGE = 2,
	IFW_EXIT_NOT_PERMITTED = 3,
	IFW_EXIT_FAILED = 4, /* anything else: unreadable data files, I/O errors */
};

enum ifw_color { IFW_COLOR_AUTO, IFW_COLOR_ALWAYS, IFW_COLOR_NEVER };

struct ifw_options {
	const char **names; /* interfaces asked about */
	size_t n_names;
	const char *netns; /* NULL or "all": every namespace */
	bool json, why, help, version;
	enum ifw_color color;
	double sample_secs; /* 0: no traffic sample */
	bool underlay;      /* also sample a tunnel's underlay */
	const char *pcap_in, *pcap_out;
	const char *evidence;
	const char *ipdbs[3];
	size_t n_ipdbs;
	bool online;
	bool no_daemons;
	const char *record_dir;
	const char *user; /* --user: whom a sample runs as once its captures are open */
	bool ip_mode;     /* `ifwho ip ADDR...` */
	const char **addrs;
	size_t n_addrs;
};

/* Parses argv; on a usage error prints one line to stderr and returns IFW_EXIT_USAGE. */
int ifw_cli_parse(int argc, char **argv, struct ifw_options *o);
void ifw_cli_usage(void);
int ifw_cli_run(const struct ifw_options *o);
/* `ifwho ip ADDR...` */
int ifw_cli_ip(const struct ifw_options *o);
int ifw_cli_main(int argc, char **argv);
/* `ifwho watch ...`, `ifwho history ...` (watch_cmd.c); argv[0] is the sub-command. */
bool ifw_cli_is_subcmd(const char *arg);
int ifw_cli_subcmd(int argc, char **argv);
/* "NAME: created <time> in host by /usr/bin/ip (pid 42) ← bash ..." from the watcher's history,
 * one line per name it knows (nothing without a history). */
void ifw_cli_history_lines(FILE *out, const char *const *names, size_t n);

struct ifw_rdap_opts;
/* RDAP settings: IANA's bootstrap (or $IFWHO_RDAP_BOOTSTRAP), a cache in $XDG_CACHE_HOME. */
void ifw_cli_rdap_opts(struct ifw_rdap_opts *ro, char *cache_dir, size_t len);

#endif
