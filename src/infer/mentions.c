/* A forum post often names an interface only in its words ("warp binds to en0 instead of
 * utun4, which AmneziaVPN uses"): the expert reading it knows utun4 exists. A word with a digit
 * is no interface by itself ("ipv4", "h264", "win10"); one that the knowledge files as this
 * system's interface name (utun4 on a Mac, wlp2s0 on Linux, re0 on FreeBSD) is taken as one,
 * known only by name: nothing of its flags, addresses or routes is known, and what its name
 * says is capped (rule_names.c). */
#include "infer/mentions.h"

#include <string.h>

static struct ifw_iface *listed(struct ifw_model *m, const char *name)
{
	for (size_t i = 0; i < m->ifaces.n; i++)
		if (m->ifaces.v[i].name && strcmp(m->ifaces.v[i].name, name) == 0)
			return &m->ifaces.v[i];
	return NULL;
}

int ifw_adopt_mentions(struct ifw_model *m, const struct ifw_kb *kb)
{
	if (m->source == IFW_SRC_LIVE || !m->mentioned.n || !m->netns.n)
		return 0;
	int added = 0;
	for (size_t i = 0; i < m->mentioned.n; i++) {
		const struct ifw_mention *me = &m->mentioned.v[i];
		struct ifw_iface *shown = me->name ? listed(m, me->name) : NULL;
		if (shown && !shown->said_label)
			shown->said_label = me->label;
		if (!me->name || shown)
			continue;
		const struct ifw_kb_ifname *k =
		    ifw_kb_ifname(kb, m->os, me->name, IFW_KB_KIND_UNKNOWN);
		/* nothing told the system (the guess is the default's): a name any system's
		 * knowledge files as its own is taken, and the names then tell the system
		 * (infer/os_names.c, run again after this) */
		static const char *const systems[] = {"linux", "freebsd", "openbsd", "darwin"};
		for (size_t s = 0; !k && m->os_guessed && !m->os_said && s < 4; s++)
			k = ifw_kb_ifname(kb, systems[s], me->name, IFW_KB_KIND_UNKNOWN);
		/* a pattern with a name's own start ("utun[0-9]*", "wlp*"), not a shape alone
		 * ("*.[0-9]*" would take "v2.1"), of a system's own names */
		if (!k || !k->pattern || strcmp(k->os, "any") == 0 ||
		    strspn(k->pattern, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_") <
		        2)
			continue;
		/* in the namespace the evidence's interfaces are in (offline: the first) */
		ifw_id ns = m->ifaces.n ? m->ifaces.v[0].ns : 0;
		int32_t index = 0;
		for (size_t j = 0; j < m->ifaces.n; j++)
			if (m->ifaces.v[j].ns == ns && m->ifaces.v[j].ifindex >= index)
				index = m->ifaces.v[j].ifindex + 1;
		struct ifw_iface *f = ifw_model_add_iface(m, ns);
		if (!f)
			return -1;
		f->name = me->name;
		f->ifindex = index ? index : 1;
		f->only_named = true;
		f->said_label = me->label;
		f->origin = me->origin;
		added++;
	}
	return added;
}
