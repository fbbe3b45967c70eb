/* Where ifwho reads its data from, for --help (every place searched) and --version (the places
 * actually in use). The search itself is know/ifw_kb_default_dirs and ipdb/ifw_data_find. */
#include "cli/cli.h"

#include "ifw_config.h"
#include "ipdb/datapath.h"
#include "ipdb/ipdb.h"
#include "know/know.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The one under $HOME is read only when it is the running user's (ifw_kb_read_own_first). */
static bool is_own_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == geteuid() &&
	       !(st.st_mode & (S_IWGRP | S_IWOTH));
}

void ifw_cli_print_paths(FILE *out, bool in_use, const struct ifw_env *env)
{
	char dirs[4][512];
	size_t n = ifw_kb_default_dirs(dirs, 4, env->data_dir, env->home);
	fputs(in_use ? "Knowledge files (sources listed per entry): " : "Files:\n  knowledge  ",
	      out);
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		bool home = i == 0 && env->home && *env->home;
		if (in_use && !(home ? is_own_dir(dirs[i]) : is_dir(dirs[i])))
			continue;
		fprintf(out, "%s%s", shown++ ? (in_use ? ", " : "\n             ") : "", dirs[i]);
	}
	if (!shown)
		fputs("none found (set IFWHO_DATA_DIR)", out);
	if (!in_use)
		fputs("\n             (earlier directories win; IFWHO_DATA_DIR replaces the last)",
		      out);
	char db[4096];
	struct ifw_err err = {0};
	if (ifw_data_find("ipdb/" IFW_IPDB_FILE, db, sizeof(db), &err) < 0)
		snprintf(db, sizeof(db), "%s/ipdb/%s (missing)", IFW_DATADIR, IFW_IPDB_FILE);
	fprintf(out, in_use ? "\nIP-to-AS database: %s\n" : "\n  ip-to-as   %s\n", db);
}
