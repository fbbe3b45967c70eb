/* `ifwho watch` and `ifwho history`: sub-commands with their own options. */
#include "cli/cli.h"

#include "watch/watch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct watch_out {
	bool json;
};

static void sink(const struct ifw_wev *ev, void *data)
{
	const struct watch_out *wo = data;
	if (wo->json)
		ifw_wev_print_json(stdout, ev);
	else
		ifw_wev_print_text(stdout, ev);
}

static void watch_usage(FILE *f)
{
	fputs("usage: ifwho watch [--json] [--no-bpf] [--no-addr] [--duration SECS]\n"
	      "                   [--ready-file PATH]\n"
	      "Follows link and address changes in every network namespace and says which process\n"
	      "asked for each creation, rename, move and deletion.\n",
	      f);
}

static int cmd_watch(int argc, char **argv)
{
	struct ifw_watch_opts o = {0};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--json") == 0) {
			o.json = true;
		} else if (strcmp(a, "--no-bpf") == 0) {
			o.no_bpf = true;
		} else if (strcmp(a, "--no-addr") == 0) {
			o.quiet_addr = true;
		} else if (strcmp(a, "--duration") == 0 && i + 1 < argc) {
			char *end;
			o.duration_s = strtod(argv[++i], &end);
			if (*end || o.duration_s <= 0) {
				fprintf(stderr, "ifwho watch: --duration wants seconds\n");
				return IFW_EXIT_USAGE;
			}
		} else if (strcmp(a, "--ready-file") == 0 && i + 1 < argc) {
			o.ready_file = argv[++i];
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			watch_usage(stdout);
			return IFW_EXIT_OK;
		} else {
			fprintf(stderr, "ifwho watch: unknown option %s\n", a);
			watch_usage(stderr);
			return IFW_EXIT_USAGE;
		}
	}
	struct watch_out wo = {o.json};
	struct ifw_err err = {0};
	if (ifw_watch_run(&o, sink, &wo, &err) < 0) {
		fprintf(stderr, "ifwho watch: %s\n", err.msg);
		return err.code == IFW_E_PERM ? IFW_EXIT_NOT_PERMITTED : IFW_EXIT_FAILED;
	}
	return IFW_EXIT_OK;
}

bool ifw_cli_is_subcmd(const char *arg)
{
	return arg && (strcmp(arg, "watch") == 0 || strcmp(arg, "history") == 0);
}

int ifw_cli_subcmd(int argc, char **argv)
{
	if (strcmp(argv[0], "watch") == 0)
		return cmd_watch(argc, argv);
	return IFW_EXIT_USAGE;
}
