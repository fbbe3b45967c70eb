/* The shape a command line suggests (a marker's, a prompt's, or a file's name): the hint for
 * output that has no header of its own, such as lines cut out by grep. */
#include "collect/evidence/ev.h"

#include <string.h>
#include <sys/socket.h>

static bool has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = strstr(text, word); p; p = strstr(p + 1, word)) {
		bool start = p == text || strchr(" \t/_-.", p[-1]);
		bool end = !p[n] || strchr(" \t/_-.", p[n]);
		if (start && end)
			return true;
	}
	return false;
}

/* The letters of a command's short options ("netstat -tulpn" -> "tulpn"). */
static void short_opts(const char *text, char *out, size_t cap)
{
	size_t n = 0;
	const char *p = text;
	while (*p && n + 1 < cap) {
		bool opt = *p == '-' && (p == text || p[-1] == ' ') && p[1] != '-';
		p++;
		while (opt && *p && *p != ' ' && n + 1 < cap)
			out[n++] = *p++;
	}
	out[n] = '\0';
}

static enum ev_shape ip_hint(const char *text, int *family)
{
	if (strstr(text, "-j") || strstr(text, "json"))
		return EV_IPJSON;
	if (strstr(text, "-br") || strstr(text, "-brief"))
		return EV_IPBRIEF;
	if (has_word(text, "tuntap"))
		return EV_TUNTAP;
	if (has_word(text, "neigh") || has_word(text, "neighbor") || has_word(text, "neighbour"))
		return EV_ARP;
	if (has_word(text, "netns") && !has_word(text, "exec"))
		return EV_IPNETNS;
	if (has_word(text, "rule") || has_word(text, "ru")) {
		if (family && (strstr(text, "-6") || strstr(text, "inet6")))
			*family = AF_INET6;
		return EV_IPRULE;
	}
	if (has_word(text, "route") || has_word(text, "r") || has_word(text, "ro"))
		return EV_IPROUTE;
	return EV_IPLINK; /* ip a, ip addr, ip link, ip -d link, ip -s link ... */
}

enum ev_shape ev_hint_for(const char *text, int *family)
{
	if (family)
		*family = 0;
	char opts[64];
	short_opts(text, opts, sizeof(opts));
	if (ev_config_hint(text)) /* `cat /etc/network/interfaces`, a file named wg0.conf */
		return EV_CONFIG;
	if (has_word(text, "docker") || has_word(text, "podman")) {
		/* before "ps", "ip" and "bridge", which their sub-commands and arguments contain */
		if (has_word(text, "network") && (has_word(text, "ls") || has_word(text, "list")))
			return EV_CTRNET;
		if (has_word(text, "inspect"))
			return EV_IPJSON;
		return EV_NONE;
	}
	if (has_word(text, "log") && (has_word(text, "show") || has_word(text, "stream")))
		return EV_ULOG;
	if (has_word(text, "conntrack")) /* conntrack -L, cat /proc/net/nf_conntrack */
		return EV_CONNTRACK;
	if (strstr(text, "fdinfo"))
		return EV_FDINFO;
	if (has_word(text, "ifconfig"))
		return strchr(opts, 'l') || strstr(text, " -g ") ? EV_IFLIST : EV_IFCONFIG;
	if (has_word(text, "lsof"))
		return strchr(opts, 'F') ? EV_LSOF_F : EV_LSOF;
	if (has_word(text, "sockstat"))
		return EV_SOCKSTAT;
	if (has_word(text, "netstat"))
		return strchr(opts, 'i') && !strchr(opts, 'r') ? EV_NETSTAT_I
		       : strchr(opts, 'r') || strstr(text, "rn") || has_word(text, "route")
		           ? EV_NETSTAT_RN
		           : EV_NETSTAT_AN;
	if (has_word(text, "ss"))
		return EV_SS;
	if (has_word(text, "ps"))
		return EV_PS;
	if (has_word(text, "ip"))
		return ip_hint(text, family);
	if (has_word(text, "bridge"))
		return EV_IPLINK; /* bridge link: the ip link header with "master" */
	if (has_word(text, "brctl"))
		return EV_BRCTL;
	if (has_word(text, "wg"))
		return EV_WG;
	if (has_word(text, "nmcli"))
		return has_word(text, "connection") || has_word(text, "con") || has_word(text, "c")
		           ? EV_NMCLI_CONN
		           : EV_NMCLI;
	if (has_word(text, "networkctl"))
		return EV_NETWORKCTL;
	if (has_word(text, "arp"))
		return EV_ARP;
	if (has_word(text, "vm") && has_word(text, "switch"))
		return EV_VMSWITCH;
	if (has_word(text, "ethtool"))
		return strstr(text, " -i ") || strstr(text, "--driver") ? EV_ETHTOOL : EV_NONE;
	if (has_word(text, "route") && has_word(text, "get"))
		return EV_ROUTEGET;
	if (has_word(text, "route"))
		return EV_NETSTAT_RN; /* route -n: the same table */
	if (has_word(text, "sw_vers"))
		return EV_SWVERS;
	if (has_word(text, "uname"))
		return EV_UNAME;
	if (has_word(text, "scutil"))
		return strstr(text, "--dns")  ? EV_SCUTIL_DNS
		       : strstr(text, "--nc") ? EV_SCUTIL_NC
		                              : EV_SCUTIL;
	if (has_word(text, "networksetup"))
		return EV_HWPORTS;
	return EV_NONE;
}
