#include "cli/cli.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ifw_cli_usage(void)
{
	fputs(
	    "usage: ifwho [options] [INTERFACE...]\n"
	    "       ifwho ip [-n NS] [--json] ADDRESS...  (also ADDR:PORT, [V6]:PORT, CIDR, A->B)\n"
	    "\n"
	    "What created each network interface, and what is it for?\n"
	    "\n"
	    "  INTERFACE           explain these interfaces in detail (in every namespace that\n"
	    "                      has one by that name); without names, an overview of all\n"
	    "  -n, --netns NS      only namespace NS (a name, \"host\", an inode, or pid:N);\n"
	    "                      \"all\" (the default) reads every namespace\n"
	    "  -j, --json          JSON output (schema: docs/json-schema.md)\n"
	    "      --format FMT    text (default), json, or a picture: dot, svg, or html (one\n"
	    "                      page, click an interface for its evidence)\n"
	    "  -w, --why           show every finding and the rule behind it\n"
	    "  -s, --sample SECS   capture SECS seconds of traffic on the interface and\n"
	    "                      classify it (needs CAP_NET_RAW)\n"
	    "      --underlay      with --sample on a tunnel: also sample its outer side\n"
	    "      --user NAME     with --sample as root: once the captures are open, run as\n"
	    "                      NAME (default nobody) with no capabilities\n"
	    "      --pcap FILE     classify a capture file instead of sampling\n"
	    "      --write FILE    keep the sample as a pcap file (mode 0600); with several\n"
	    "                      captures, one each: s.pcap gives s-IFACE.pcap\n"

	    "  -e, --evidence PATH explain saved command output (from contrib/ifwho-collect,\n"
	    "                      or loose ifconfig/lsof/netstat/ps/ip/ss output files)\n"
	    "      --ipdb FILE     also look addresses up in FILE (.mmdb or ifwho database)\n"
	    "      --online        also ask the registries (RDAP) about public far ends; off by\n"
	    "                      default, as it tells them whom this host talks to\n"

	    "      --no-daemons    do not ask tunnel daemons (strongSwan vici, WireGuard, OpenVPN) "
	    "about\n"
	    "                      their far ends\n"
	    "      --record-netlink DIR\n"
	    "                      (developers) also save the raw netlink replies in DIR, new\n"
	    "                      files of mode 0600, for test fixtures (tests/fixtures/netlink)\n"
	    "      --color WHEN    auto (default), always or never; NO_COLOR is honoured\n"
	    "  -b, --brief         one line per interface (namespace, name, kind, state,\n"
	    "                      verdict, confidence), fitted to the terminal\n"
	    "      --kind KIND     only interfaces of this kind (veth, tun, bridge, ...;\n"
	    "                      \"physical\" or \"loopback\" for those without a kind)\n"
	    "      --unexplained   only interfaces whose verdict is weak or unknown\n"
	    "  -h, --help          this help\n"
	    "  -V, --version       version and data credits\n"
	    "\n"
	    "INTERFACE may be written as ip prints it (veth0@if2), as an ifindex, or in\n"
	    "another case. -n may be given once. --why without a name explains every\n"
	    "interface in detail; --json always carries every finding, so --why is text only.\n"
	    "\n"
	    "Exit status:\n"
	    "  0  ok\n"
	    "  1  an interface named was not found (the ones found are still reported)\n"
	    "  2  usage error: bad option or value, unknown namespace, options that clash\n"
	    "  3  not permitted: a namespace or capture needs privileges ifwho lacks\n"
	    "  4  other failure (system error, missing knowledge files)\n"
	    "  5  input unreadable: --pcap, --evidence or --ipdb missing, empty, wrong format\n"
	    "  6  --evidence holds no command output ifwho recognizes\n"
	    "  7  could not write: the --write capture file or the report\n",
	    stdout);
}

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("ifwho: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see ifwho --help)\n", stderr);
	return 2;
}

/* Digits with at most one decimal point ("2", "0.5"): strtod alone also takes "0x10", "1e1",
 * "inf" and leading blanks. */
static bool decimal(const char *s)
{
	bool digit = false, point = false;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digit = true;
		else if (*s == '.' && !point)
			point = true;
		else
			return false;
	}
	return digit;
}

enum {
	OPT_UNDERLAY = 256,
	OPT_PCAP,
	OPT_WRITE,
	OPT_IPDB,
	OPT_ONLINE,
	OPT_NO_DAEMONS,
	OPT_COLOR,
	OPT_RECORD,
	OPT_USER,
	OPT_KIND,
	OPT_UNEXPLAINED,
	OPT_FORMAT,
};

/* pid:N with a non-number, or an empty name, can never match a namespace. */
static bool bad_netns(const char *s)
{
	if (!*s)
		return true;
	if (strncmp(s, "pid:", 4) != 0)
		return false;
	if (!s[4])
		return true;
	for (const char *p = s + 4; *p; p++)
		if (*p < '0' || *p > '9')
			return true;
	return false;
}

/* Options of the interface views that mean nothing to `ifwho ip`. */
static const char *ip_mode_clash(const struct ifw_options *o)
{
	return o->sample_secs   ? "--sample"
	       : o->underlay    ? "--underlay"
	       : o->pcap_in     ? "--pcap"
	       : o->pcap_out    ? "--write"
	       : o->evidence    ? "--evidence"
	       : o->why         ? "--why"
	       : o->brief       ? "--brief"
	       : o->kind        ? "--kind"
	       : o->unexplained ? "--unexplained"
	       : o->no_daemons  ? "--no-daemons"
	       : o->record_dir  ? "--record-netlink"
	                        : NULL;
}

/* Options that do not fit together are refused, never silently ignored. */
static int view_clash(const struct ifw_options *o)
{
	if (o->why && o->json)
		return usage_error("--why is for the text report: --json always carries every "
		                   "finding with its rule and confidence");
	if (o->brief && (o->json || o->why))
		return usage_error("--brief is one line per interface: not with %s",
		                   o->json ? "--json" : "--why");
	if (o->evidence && (o->no_daemons || o->record_dir))
		return usage_error("%s is about this host: not with --evidence",
		                   o->no_daemons ? "--no-daemons" : "--record-netlink");
	if (o->kind && !*o->kind)
		return usage_error("--kind wants a kind (veth, tun, bridge, physical, ...)");
	return 0;
}

int ifw_cli_parse(int argc, char **argv, struct ifw_options *o)
{
	static const struct option longopts[] = {
	    {"netns", required_argument, NULL, 'n'},
	    {"json", no_argument, NULL, 'j'},
	    {"why", no_argument, NULL, 'w'},
	    {"sample", required_argument, NULL, 's'},
	    {"underlay", no_argument, NULL, OPT_UNDERLAY},
	    {"pcap", required_argument, NULL, OPT_PCAP},
	    {"write", required_argument, NULL, OPT_WRITE},
	    {"evidence", required_argument, NULL, 'e'},
	    {"ipdb", required_argument, NULL, OPT_IPDB},
	    {"online", no_argument, NULL, OPT_ONLINE},
	    {"no-daemons", no_argument, NULL, OPT_NO_DAEMONS},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    {"color", required_argument, NULL, OPT_COLOR},
	    {"colour", required_argument, NULL, OPT_COLOR},
	    {"record-netlink", required_argument, NULL, OPT_RECORD},
	    {"user", required_argument, NULL, OPT_USER},
	    {"brief", no_argument, NULL, 'b'},
	    {"kind", required_argument, NULL, OPT_KIND},
	    {"unexplained", no_argument, NULL, OPT_UNEXPLAINED},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	memset(o, 0, sizeof(*o));
	int netns_given = 0;
	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, ":n:jws:e:bhV", longopts, NULL)) != -1) {
		char *end;
		switch (c) {
		case 'n':
			/* One namespace or all of them: a union would need the collectors to
			 * take a list, and "-n a -n b" silently meaning "b" misleads. */
			if (netns_given++)
				return usage_error("-n/--netns may be given once (or \"all\")");
			if (bad_netns(optarg))
				return usage_error("-n wants a name, \"host\", an inode or pid:N, "
				                   "not \"%s\"",
				                   optarg);
			o->netns = strcmp(optarg, "all") == 0 ? NULL : optarg;
			break;
		case 'b':
			o->brief = true;
			break;
		case OPT_KIND:
			o->kind = optarg;
			break;
		case OPT_UNEXPLAINED:
			o->unexplained = true;
			break;
		case 'j':
			o->json = true;
			break;
		case 'w':
			o->why = true;
			break;
		case 's':
			o->sample_secs = strtod(optarg, &end);
			if (!decimal(optarg) || *end || end == optarg ||
			    !(o->sample_secs > 0 && o->sample_secs <= 3600))
				return usage_error(
				    "--sample wants decimal seconds between 0 and 3600, not \"%s\"",
				    optarg);
			break;
		case OPT_UNDERLAY:
			o->underlay = true;
			break;
		case OPT_PCAP:
			o->pcap_in = optarg;
			break;
		case OPT_WRITE:
			o->pcap_out = optarg;
			break;
		case 'e':
			o->evidence = optarg;
			break;
		case OPT_IPDB:
			if (o->n_ipdbs == 3)
				return usage_error("at most 3 --ipdb files");
			o->ipdbs[o->n_ipdbs++] = optarg;
			break;
		case OPT_ONLINE:
			o->online = true;
			break;
		case OPT_NO_DAEMONS:
			o->no_daemons = true;
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") == 0)
				o->color = IFW_COLOR_AUTO;
			else if (strcmp(optarg, "always") == 0)
				o->color = IFW_COLOR_ALWAYS;
			else if (strcmp(optarg, "never") == 0)
				o->color = IFW_COLOR_NEVER;
			else
				return usage_error(
				    "--color wants auto, always or never, not \"%s\"", optarg);
			break;
		case OPT_FORMAT: {
			static const char *const fmts[] = {"text", "json", "dot", "svg", "html"};
			static const enum ifw_format as[] = {
			    IFW_FMT_TEXT, IFW_FMT_TEXT, IFW_FMT_DOT, IFW_FMT_SVG, IFW_FMT_HTML};
			size_t k = 0;
			while (k < 5 && strcmp(optarg, fmts[k]) != 0)
				k++;
			if (k == 5)
				return usage_error(
				    "--format wants text, json, dot, svg or html, not \"%s\"",
				    optarg);
			o->format = as[k];
			o->json = k == 1;
			break;
		}
		case OPT_RECORD:
			o->record_dir = optarg;
			break;
		case OPT_USER:
			o->user = optarg;
			break;
		case 'h':
			o->help = true;
			break;
		case 'V':
			o->version = true;
			break;
		case ':':
			return usage_error("%s needs a value", argv[optind - 1]);
		default:
			if (optopt && optopt < 256)
				return usage_error("unknown option -%c", (char)optopt);
			return usage_error("unknown option %s", argv[optind - 1]);
		}
	}
	int rest = argc - optind;
	char **args = argv + optind;
	if (rest > 0 && strcmp(args[0], "ip") == 0) {
		o->ip_mode = true;
		o->addrs = (const char **)args + 1;
		o->n_addrs = (size_t)rest - 1;
		if (!o->n_addrs && !o->help)
			return usage_error("ip: give one or more addresses");
		const char *na = ip_mode_clash(o);
		if (na)
			return usage_error("ip: %s does not apply to address lookups", na);
		return 0;
	}
	o->names = (const char **)args;
	o->n_names = (size_t)rest;
	if (o->pcap_out && !o->sample_secs)
		return usage_error("--write keeps a sample: use it with --sample");
	if (o->user && !o->sample_secs)
		return usage_error("--user goes with --sample");
	if (o->underlay && !o->sample_secs)
		return usage_error("--underlay goes with --sample");
	if (o->sample_secs && (o->evidence || o->pcap_in))
		return usage_error("--sample looks at this host: not with --evidence or --pcap");
	if (o->sample_secs && !o->n_names)
		return usage_error(
		    "--sample needs the interface to sample (ifwho NAME --sample SECS)");
	return view_clash(o);
}
