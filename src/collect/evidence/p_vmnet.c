/* VMware's network services reporting on their virtual networks (`vmware-networks --status` of
 * Workstation on Linux, Fusion's `vmnet-cli --start`/`--status`):
 *   Hostonly virtual adapter on vmnet1 is disabled
 *   NAT service on vmnet8 is not running
 *   Enabled hostonly virtual adapter on vmnet1
 * Each line names a vmnet network by its host adapter's name: the adapter exists (what it is, the
 * name's knowledge says: VMware's). Found anywhere in a line: build tools wrap it in their own
 * log prefix ("DEBUG subprocess: stdout: Enabled hostonly ..."). */
#include "collect/evidence/ev.h"

#include <ctype.h>
#include <string.h>

/* The vmnet name a service line is about, or 0. One search of the line's first 512 bytes for
 * " on vmnet": this runs on every line. */
static size_t vmnet_at(const char *s, const char **name)
{
	static const char *const what[] = {"virtual adapter", "DHCP service", "NAT service",
	                                   "Bridge networking"};
	size_t len = strnlen(s, 512);
	const char *on = memmem(s, len, " on vmnet", 9);
	if (!on)
		return 0;
	const char *p = on + 9;
	if (!isdigit((unsigned char)*p))
		return 0;
	bool service = false;
	for (size_t i = 0; i < sizeof(what) / sizeof(what[0]) && !service; i++) {
		size_t k = strlen(what[i]);
		service = (size_t)(on - s) >= k && memcmp(on - k, what[i], k) == 0;
	}
	if (!service)
		return 0;
	size_t n = 5;
	while (isdigit((unsigned char)p[n - 5]) && n < 8)
		n++;
	if (p[n - 5] && p[n - 5] != ' ')
		return 0;
	*name = on + 4;
	return n;
}

/* Sure (3) only when the words before the service's are a log prefix's (letters and colons:
 * "DEBUG subprocess: stdout: "): a row of another listing that holds the words (any user's
 * `sleep 1 NAT service on vmnet8` in ps aux) must not end that listing's reader. */
static int detect(const struct ev_line *l, int min)
{
	(void)min;
	const char *nm;
	if (!vmnet_at(l->s, &nm))
		return 0;
	for (const char *p = l->s; p < nm; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == ' ' ||
		      *p == '\t' || *p == ':'))
			return 2;
	return 3;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *nm;
	size_t n = vmnet_at(l->s, &nm);
	if (!n)
		return false;
	/* a log's line (a stamp, a viewer's text) under any tag is anyone's words (`logger
	 * 'Started NAT service on vmnet8'`): the name only, as log lines give one */
	if (ev_log_stamp(ev_skip_ws(l->s)) || ev_shown_by_log_viewer(c, l))
		ev_iface_logged(c, l, nm, n, NULL);
	else
		ev_iface_seen(c, l, nm, n, NULL);
	/* vmware-networks is Workstation's, on Linux (Fusion's tool is vmnet-cli) */
	if (c->m->typed.n && !c->m->typed.v[c->m->typed.n - 1].by &&
	    strstr(c->m->typed.v[c->m->typed.n - 1].cmd, "vmware-networks"))
		c->votes_linux++;
	return true;
}

const struct ev_parser ev_p_vmnet = {
    .shape = EV_VMNET,
    .name = "vmware-networks --status",
    .detect = detect,
    .take = take,
};
