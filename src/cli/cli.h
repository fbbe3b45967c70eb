/* The command line: options -> run -> report. */
#ifndef IFW_CLI_H
#define IFW_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The exit status, one table (README "Using it", --help): scripts depend on it. */
enum ifw_exit {
	IFW_EXIT_OK = 0,
	IFW_EXIT_NO_SUCH_IFACE = 1, /* a name asked for matched nothing (the others reported) */
	IFW_EXIT_USAGE = 2,         /* bad option or value, unknown namespace, options that clash */
	IFW_EXIT_NOT_PERMITTED = 3, /* needs privileges: a namespace, a capture */
	IFW_EXIT_FAILED = 4,        /* anything else: system errors, missing knowledge files */
	IFW_EXIT_INPUT = 5, /* --pcap/--evidence/--ipdb input missing, unreadable, wrong format */
	IFW_EXIT_UNRECOGNIZED = 6, /* --evidence readable but no command output ifwho knows */
	IFW_EXIT_WRITE = 7,        /* --write file or the report itself could not be written */
};

enum ifw_color { IFW_COLOR_AUTO, IFW_COLOR_ALWAYS, IFW_COLOR_NEVER };
/* --format: the picture formats; text and JSON keep their own switches. */
enum ifw_format { IFW_FMT_TEXT, IFW_FMT_DOT, IFW_FMT_SVG, IFW_FMT_HTML };

/* The environment, read once at start (ifw_cli_env_read) and passed down from the command line:
 * no other layer calls getenv for what is here. */
struct ifw_env {
	const char *data_dir;       /* IFWHO_DATA_DIR: knowledge and databases */
	const char *home;           /* HOME */
	const char *xdg_cache_home; /* XDG_CACHE_HOME: the RDAP cache */
	const char *rdap_bootstrap; /* IFWHO_RDAP_BOOTSTRAP: another RDAP bootstrap (tests) */
	bool no_color;              /* NO_COLOR set and not empty */
	bool dumb_term;             /* TERM=dumb */
	bool timing;                /* IFWHO_TIMING: phase times on stderr */
	bool no_focus;              /* IFWHO_NO_FOCUS: collect everything even for one interface */
	bool no_bpf;                /* IFWHO_NO_BPF: read fds from /proc even as root */
	bool bpf_log;               /* IFW_BPF_LOG: the BPF verifier's log when loading fails */
	const char *backend;        /* IFWHO_BACKEND: "linux" or "commands" (default: built) */
	const char *config_root;    /* IFWHO_CONFIG_ROOT: configuration files read here (tests) */
	const char *state_root;     /* IFWHO_STATE_ROOT: runtime state read here (tests) */
	const char *path;           /* PATH: where the commands backend finds programs */
	const char *columns;        /* COLUMNS: text width when stdout is no terminal */
	/* The watcher and its history (cli/watch_cmd.c) */
	const char *history;         /* IFWHO_HISTORY: the history database */
	const char *state_directory; /* STATE_DIRECTORY: systemd's StateDirectory= */
	const char *xdg_state_home;  /* XDG_STATE_HOME */
	const char *journal_stream;  /* JOURNAL_STREAM: systemd gave stdout to the journal */
	int watch_rcvbuf; /* IFWHO_WATCH_RCVBUF: the watcher's netlink queue (tests), 0: default */
};
void ifw_cli_env_read(struct ifw_env *env);

struct ifw_options {
	const char **names; /* interfaces asked about */
	size_t n_names;
	const char *netns; /* NULL or "all": every namespace */
	bool json, why, help, version;
	enum ifw_color color;
	enum ifw_format format;
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
	bool brief;       /* one line per interface */
	const char *kind; /* only interfaces of this kind (--kind) */
	bool unexplained; /* only interfaces whose verdict is below "possible" */
	struct ifw_env env;
};

/* Parses argv; on a usage error prints one line to stderr and returns IFW_EXIT_USAGE. */
int ifw_cli_parse(int argc, char **argv, struct ifw_options *o);
void ifw_cli_usage(void);
/* The data directories: every place searched (in_use false, for --help) or the ones in use. */
void ifw_cli_print_paths(FILE *out, bool in_use, const struct ifw_env *env);
int ifw_cli_run(const struct ifw_options *o);
/* `ifwho ip ADDR...` */
int ifw_cli_ip(const struct ifw_options *o);
/* Text width for wrapping: TIOCGWINSZ on stdout, else $COLUMNS, else 0 (no wrap) when stdout
 * is not a terminal. */
unsigned ifw_cli_width(const struct ifw_env *env);
struct ifw_ip;
/* An address as people paste it: "192.0.2.1", "192.0.2.1:443", "[2001:db8::1]:443",
 * "2001:db8::/32", "127.0.0.53%lo:53" (what ss, lsof and ip print). Fills the address, the port
 * (0: none) and the prefix length (-1: none). Returns 0, or -1 when it is not an address. */
int ifw_cli_parse_target(const char *s, struct ifw_ip *ip, unsigned *port, int *plen);
/* Parses, reads the environment, and runs one or the other. */
int ifw_cli_main(int argc, char **argv);
/* `ifwho watch ...`, `ifwho history ...` (watch_cmd.c); argv[0] is the sub-command. */
bool ifw_cli_is_subcmd(const char *arg);
int ifw_cli_subcmd(int argc, char **argv, const struct ifw_env *env);
struct ifw_model;
/* "NAME: created <time> in host by /usr/bin/ip (pid 42) ← bash ..." from the watcher's history,
 * one line per name whose link in m (same namespace and index) it knows (nothing without a
 * history, or for offline evidence). */
void ifw_cli_history_lines(FILE *out, const char *const *names, size_t n, const struct ifw_env *env,
                           const struct ifw_model *m);

#endif
