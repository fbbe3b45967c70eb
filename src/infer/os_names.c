/* Offline evidence that does not tell the system (a BSD-style `netstat -rn` alone reads the
 * same on macOS and FreeBSD) leaves the default guess, macOS. The interfaces' names can tell
 * it: vtnet0, igb1 and pflog0 are names only FreeBSD's knowledge knows, docker0 Linux's, awdl0
 * macOS's. The system whose entries (not the "any" ones) name the most interfaces is taken when
 * it names more than the guess does. */
#include "infer/os_names.h"

#include <string.h>

/* Enough names to tell; a paste with more interfaces tells by its first ones. */
#define MAX_NAMES 512

void ifw_os_from_names(struct ifw_model *m, const struct ifw_kb *kb)
{
	/* on a tie the earlier wins: Linux before the BSDs, the commoner in pastes */
	static const char *const systems[] = {"darwin", "linux", "freebsd", "openbsd"};
	if (!m->os_guessed || !m->os)
		return;
	size_t count[sizeof(systems) / sizeof(systems[0])] = {0};
	for (size_t i = 0; i < m->ifaces.n && i < MAX_NAMES; i++) {
		const struct ifw_iface *f = &m->ifaces.v[i];
		for (size_t s = 0; s < sizeof(systems) / sizeof(systems[0]); s++) {
			const struct ifw_kb_ifname *k =
			    ifw_kb_ifname(kb, systems[s], f->name, IFW_KB_KIND_UNKNOWN);
			if (k && strcmp(k->os, "any") != 0)
				count[s]++;
		}
	}
	size_t best = 0;
	for (size_t s = 0; s < sizeof(systems) / sizeof(systems[0]); s++)
		if (strcmp(systems[s], m->os) == 0)
			best = s;
	size_t guess = best;
	for (size_t s = 0; s < sizeof(systems) / sizeof(systems[0]); s++)
		if (count[s] > count[best] &&
		    !(m->os_bsd_style && strcmp(systems[s], "linux") == 0))
			best = s;
	/* a tie with the default guess (tun0, which old Macs' TunTap extension also made): Linux,
	 * the commoner in pastes, unless the output's style is the BSDs' */
	if (best == guess && count[1] && count[1] == count[best] && !m->os_bsd_style &&
	    !m->os_said && strcmp(m->os, "darwin") == 0)
		best = 1;
	if (best != guess)
		m->os = systems[best];
}
