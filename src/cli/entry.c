/* The program: options and environment, then `ifwho ip` or the interface questions. */
#include "cli/cli.h"

#include "ipdb/datapath.h"

#include <stdlib.h>
#include <string.h>

void ifw_cli_env_read(struct ifw_env *env)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
	*env = (struct ifw_env){
	    .data_dir = getenv("IFWHO_DATA_DIR"),
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
	const char *rb = getenv("IFWHO_WATCH_RCVBUF");
	env->watch_rcvbuf = rb && atoi(rb) > 0 ? atoi(rb) : 0;
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
