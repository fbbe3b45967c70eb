/* The command line: options -> run -> report. */
#ifndef IFW_CLI_H
#define IFW_CLI_H

#include <stdbool.h>
#include <stddef.h>

enum ifw_exit {
	IFW_EXIT_OK = 0,
	IFW_EXIT_NO_SUCH_IFACE = 1,
	IFW_EXIT_USAGE = 2,
	IFW_EXIT_NOT_PERMITTED = 3,
	IFW_EXIT_FAILED = 4, /* anything else: unreadable data files, I/O errors */
};

enum ifw_color { IFW_COLOR_AUTO, IFW_COLOR_ALWAYS, IFW_COLOR_NEVER };

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
};
void ifw_cli_env_read(struct ifw_env *env);

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
	const char *record_dir, *proc_root;
	bool ip_mode; /* `ifwho ip ADDR...` */
	const char **addrs;
	size_t n_addrs;
	struct ifw_env env;
};

/* Parses argv; on a usage error prints one line to stderr and returns IFW_EXIT_USAGE. */
int ifw_cli_parse(int argc, char **argv, struct ifw_options *o);
void ifw_cli_usage(void);
/* The questions about interfaces (and --help, --version). */
int ifw_cli_run(const struct ifw_options *o);
/* `ifwho ip ADDR...` */
int ifw_cli_ip(const struct ifw_options *o);
/* Parses, reads the environment, and runs one or the other. */
int ifw_cli_main(int argc, char **argv);

#endif
