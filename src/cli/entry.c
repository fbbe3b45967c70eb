/* The program: options and environment, then `ifwho ip` or the interface questions. */
#include "cli/cli.h"

#include "ipdb/datapath.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* IFWHO_DATA_DIR names the knowledge and the IP database. Run as root, it is taken only from a
 * directory of root's that no one else may write to: `sudo -E` hands root a user's environment,
 * and that user's files would name any creator or owner for root's report. The path is resolved
 * once and every directory from / to it must be root's and writable by root only (sticky
 * allowed above the last): a link of a user's, or a directory of theirs on the way, could be
 * changed between this check and the reads by name (a link flipped in a loop got a user's
 * knowledge into 11 of 100 runs). The resolved path is used from then on. Refused, the
 * installed data (or the build's) is used, and stderr says why. */
static const char *trusted_data_dir(const char *dir)
{
	static char real[PATH_MAX];
	if (!dir || !*dir || geteuid() != 0)
		return dir;
	bool ok = realpath(dir, real) != NULL;
	size_t n = ok ? strlen(real) : 0;
	/* i == 0 checks "/"; then each prefix that ends at a '/' or at the end */
	for (size_t i = 0; ok && i <= n; i++) {
		if (i > 0 && real[i] != '/' && real[i] != '\0')
			continue;
		char c = real[i];
		bool last = c == '\0' || n == 1;
		real[i] = '\0';
		struct stat st;
		ok = lstat(i > 0 ? real : "/", &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == 0 &&
		     (!(st.st_mode & (S_IWGRP | S_IWOTH)) || (!last && (st.st_mode & S_ISVTX)));
		real[i] = c;
	}
	if (ok)
		return real;
	fprintf(stderr,
	        "ifwho: IFWHO_DATA_DIR is not a directory of root's that only root may write to "
	        "(every directory on the way root's): ignored (the installed data is used)\n");
	return NULL;
}

void ifw_cli_env_read(struct ifw_env *env)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
	*env = (struct ifw_env){
	    .data_dir = trusted_data_dir(getenv("IFWHO_DATA_DIR")),
	    .home = getenv("HOME"),
	    .xdg_cache_home = getenv("XDG_CACHE_HOME"),
	    .rdap_bootstrap = getenv("IFWHO_RDAP_BOOTSTRAP"),
	    .no_color = nc && *nc,
	    .dumb_term = term && strcmp(term, "dumb") == 0,
	    .timing = getenv("IFWHO_TIMING") != NULL,
	    .no_focus = getenv("IFWHO_NO_FOCUS") != NULL,
	    .no_bpf = getenv("IFWHO_NO_BPF") != NULL,
	    .bpf_log = getenv("IFW_BPF_LOG") != NULL,
	    .backend = getenv("IFWHO_BACKEND"),
	    .config_root = getenv("IFWHO_CONFIG_ROOT"),
	    .state_root = getenv("IFWHO_STATE_ROOT"),
	    .path = getenv("PATH"),
	    .columns = getenv("COLUMNS"),
	    .history = getenv("IFWHO_HISTORY"),
	    .state_directory = getenv("STATE_DIRECTORY"),
	    .xdg_state_home = getenv("XDG_STATE_HOME"),
	    .journal_stream = getenv("JOURNAL_STREAM"),
	};
	/* the watcher's netlink receive buffer, in bytes: at most 64 MiB (the kernel would allow
	 * 2 GiB of root's memory to whoever set root's environment) */
	const char *rb = getenv("IFWHO_WATCH_RCVBUF");
	char *end = NULL;
	long v = rb ? strtol(rb, &end, 10) : 0;
	env->watch_rcvbuf =
	    rb && end != rb && !*end && v > 0 ? (int)(v > (64L << 20) ? (64L << 20) : v) : 0;
}

int ifw_cli_main(int argc, char **argv)
{
	/* `ifwho watch` and `ifwho history` have options of their own (cli/watch_cmd.c). */
	struct ifw_env env;
	ifw_cli_env_read(&env);
	if (argc > 1 && ifw_cli_is_subcmd(argv[1]))
		return ifw_cli_subcmd(argc - 1, argv + 1, &env);
	struct ifw_options o;
	int rc = ifw_cli_parse(argc, argv, &o);
	if (rc != 0)
		return rc;
	o.env = env;
	ifw_data_dir_set(o.env.data_dir);
	if (o.ip_mode && !o.help && !o.version)
		return ifw_cli_ip(&o);
	return ifw_cli_run(&o);
}
