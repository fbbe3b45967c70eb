/* Lookups in the knowledge base. */
#include "know/know_priv.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

const struct ifw_kb_port *ifw_kb_port(const struct ifw_kb *kb, const char *proto, uint16_t port)
{
	for (size_t i = 0; i < kb->ports.n; i++) {
		const struct ifw_kb_port *p = &kb->ports.v[i];
		if (port >= p->port && port <= p->port_end && strcmp(p->proto, proto) == 0)
			return p;
	}
	return NULL;
}

static const char *base_name(const char *path, size_t len, char *buf, size_t cap)
{
	size_t start = 0;
	for (size_t i = 0; i < len; i++)
		if (path[i] == '/')
			start = i + 1;
	size_t n = len - start;
	if (n >= cap)
		n = cap - 1;
	memcpy(buf, path + start, n);
	buf[n] = '\0';
	return buf;
}

/* A name shown cut short (the kernel keeps 15 characters of comm, lsof shows 9) matches the
 * full name it is a prefix of. */
static int name_matches(const char *pattern, const char *name)
{
	if (!name || !*name)
		return 0;
	if (strcmp(pattern, name) == 0)
		return 1;
	size_t n = strlen(name);
	if ((n == 15 || n == 9) && strlen(pattern) > n && strncmp(pattern, name, n) == 0)
		return 1;
	return strpbrk(pattern, "*?[") && fnmatch(pattern, name, 0) == 0;
}

const struct ifw_kb_process *ifw_kb_process(const struct ifw_kb *kb, const char *comm,
                                            const char *exe, const char *cmdline)
{
	char exe_base[256] = "", arg0[256] = "";
	if (exe)
		base_name(exe, strlen(exe), exe_base, sizeof(exe_base));
	if (cmdline) {
		size_t l = strcspn(cmdline, " ");
		base_name(cmdline, l, arg0, sizeof(arg0));
	}
	/* A "(deleted)" suffix on exe or an interpreter as arg0 must not hide the name. */
	for (size_t i = 0; i < kb->procs.n; i++) {
		const struct ifw_kb_process *p = &kb->procs.v[i];
		if (p->exe && exe && strcmp(p->exe, exe) == 0)
			return p;
		for (size_t k = 0; k < p->n_match; k++)
			if (name_matches(p->match[k], comm) ||
			    name_matches(p->match[k], exe_base) || name_matches(p->match[k], arg0))
				return p;
	}
	return NULL;
}

/* Whether word w (lower-cased, letters and digits only, at least 4) begins name, and what
 * follows it is a unit number or a separator: "cjdns" in "cjdns0", "easytier" in "easytier". */
static bool name_begins_with(const char *name, const char *w)
{
	char lw[64];
	size_t n = 0;
	for (const char *p = w; *p && n + 1 < sizeof(lw); p++) {
		if (*p == ' ' || *p == '(' || *p == '/')
			break;
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			lw[n++] = *p;
		else if (*p >= 'A' && *p <= 'Z')
			lw[n++] = (char)(*p - 'A' + 'a');
		else if (*p != '-' && *p != '_' && *p != '.')
			return false;
	}
	lw[n] = '\0';
	if (n < 4 || strncmp(name, lw, n) != 0)
		return false;
	const char *rest = name + n;
	if (!*rest)
		return true;
	if (*rest == '-' || *rest == '_')
		rest++;
	return strspn(rest, "0123456789") == strlen(rest);
}

const struct ifw_kb_process *ifw_kb_process_named_after(const struct ifw_kb *kb, const char *ifname)
{
	if (!ifname || !*ifname)
		return NULL;
	for (size_t i = 0; i < kb->procs.n; i++) {
		const struct ifw_kb_process *p = &kb->procs.v[i];
		if (p->software && name_begins_with(ifname, p->software))
			return p;
		for (size_t k = 0; k < p->n_match; k++)
			if (!strpbrk(p->match[k], "*?[") && name_begins_with(ifname, p->match[k]))
				return p;
	}
	return NULL;
}

/* A pattern that starts with a plain character cannot match a name that starts with another:
 * the test that spares most fnmatch calls (each name is looked up several times against every
 * pattern; 20 000 interfaces made this a seventh of the run). */
static bool first_char_differs(const char *pattern, const char *name)
{
	return pattern[0] && !strchr("*?[\\", pattern[0]) && pattern[0] != name[0];
}

const struct ifw_kb_ifname *ifw_kb_ifname(const struct ifw_kb *kb, const char *os, const char *name,
                                          const char *kind)
{
	if (!name)
		return NULL;
	bool linux_os = os && strcmp(os, "linux") == 0;
	for (size_t i = 0; i < kb->ifnames.n; i++) {
		const struct ifw_kb_ifname *f = &kb->ifnames.v[i];
		/* the one-character test first: it rules out most entries for any OS */
		if (!f->pattern || first_char_differs(f->pattern, name))
			continue;
		if (strcmp(f->os, "any") != 0 && (!os || strcmp(f->os, os) != 0))
			continue;
		if (fnmatch(f->pattern, name, 0) != 0)
			continue;
		/* On Linux the kernel tells the kind: a name that says "sit0" on a dummy is not
		 * the kernel's sit0. */
		if (linux_os && f->kind && !(kind && strcmp(kind, IFW_KB_KIND_UNKNOWN) == 0) &&
		    strcmp(f->kind, kind ? kind : "") != 0)
			continue;
		/* Elsewhere the kind is known only when the output shows it (a bridge's or a tun's
		 * own lines): a card driver's pattern ("re[0-9]*") does not describe a bridge
		 * renamed "re0bridge", nor a tun entry an interface shown as a bridge. */
		if (!linux_os && kind &&
		    (strcmp(kind, "bridge") == 0 || strcmp(kind, "tun") == 0) &&
		    ((f->kind && strcmp(f->kind, kind) != 0) ||
		     (!f->kind && f->category == IFW_KB_CAT_PHYSICAL)))
			continue;
		return f;
	}
	return NULL;
}

const struct ifw_kb_ifname *ifw_kb_ifgroup(const struct ifw_kb *kb, const char *os,
                                           const char *group)
{
	for (size_t i = 0; group && i < kb->ifnames.n; i++) {
		const struct ifw_kb_ifname *f = &kb->ifnames.v[i];
		if (f->group && strcmp(f->group, group) == 0 &&
		    (strcmp(f->os, "any") == 0 || (os && strcmp(f->os, os) == 0)))
			return f;
	}
	return NULL;
}

const struct ifw_kb_ifname *ifw_kb_ifagent(const struct ifw_kb *kb, const char *os,
                                           const char *domain)
{
	for (size_t i = 0; domain && i < kb->ifnames.n; i++) {
		const struct ifw_kb_ifname *f = &kb->ifnames.v[i];
		if (f->agent && fnmatch(f->agent, domain, 0) == 0 &&
		    (strcmp(f->os, "any") == 0 || (os && strcmp(f->os, os) == 0)))
			return f;
	}
	return NULL;
}

const struct ifw_kb_ifname *ifw_kb_ifdescr(const struct ifw_kb *kb, const char *os,
                                           const char *descr)
{
	for (size_t i = 0; descr && i < kb->ifnames.n; i++) {
		const struct ifw_kb_ifname *f = &kb->ifnames.v[i];
		if (f->descr && fnmatch(f->descr, descr, 0) == 0 &&
		    (strcmp(f->os, "any") == 0 || (os && strcmp(f->os, os) == 0)))
			return f;
	}
	return NULL;
}

const struct ifw_kb_ifname *ifw_kb_ifhwport(const struct ifw_kb *kb, const char *os,
                                            const char *port)
{
	for (size_t i = 0; port && i < kb->ifnames.n; i++) {
		const struct ifw_kb_ifname *f = &kb->ifnames.v[i];
		if (f->hwport && fnmatch(f->hwport, port, 0) == 0 &&
		    (strcmp(f->os, "any") == 0 || (os && strcmp(f->os, os) == 0)))
			return f;
	}
	return NULL;
}

const struct ifw_kb_oui *ifw_kb_oui(const struct ifw_kb *kb, const uint8_t *mac, size_t len)
{
	const struct ifw_kb_oui *best = NULL;
	for (size_t i = 0; i < kb->ouis.n; i++) {
		const struct ifw_kb_oui *o = &kb->ouis.v[i];
		if (o->len <= len && memcmp(o->prefix, mac, o->len) == 0 &&
		    (!best || o->len > best->len))
			best = o;
	}
	return best;
}

const struct ifw_kb_mtu *ifw_kb_mtu(const struct ifw_kb *kb, const char *os, const char *name,
                                    uint32_t mtu)
{
	for (size_t i = 0; i < kb->mtus.n; i++) {
		const struct ifw_kb_mtu *m = &kb->mtus.v[i];
		if (m->mtu == mtu && mtu &&
		    (strcmp(m->os, "any") == 0 || (os && strcmp(m->os, os) == 0)) && name &&
		    fnmatch(m->pattern, name, 0) == 0)
			return m;
	}
	return NULL;
}

const struct ifw_kb_mtu *ifw_kb_txqlen(const struct ifw_kb *kb, const char *os, const char *name,
                                       uint32_t txqlen)
{
	for (size_t i = 0; txqlen && i < kb->mtus.n; i++) {
		const struct ifw_kb_mtu *m = &kb->mtus.v[i];
		if (m->txqlen == txqlen &&
		    (strcmp(m->os, "any") == 0 || (os && strcmp(m->os, os) == 0)) && name &&
		    fnmatch(m->pattern, name, 0) == 0)
			return m;
	}
	return NULL;
}

const struct ifw_kb_network *ifw_kb_network(const struct ifw_kb *kb, uint32_t asn)
{
	for (size_t i = 0; i < kb->nets.n; i++)
		if (kb->nets.v[i].asn == asn)
			return &kb->nets.v[i];
	return NULL;
}

const struct ifw_kb_addrplan *ifw_kb_addrplan(const struct ifw_kb *kb, const char *os,
                                              const struct ifw_ip *ip)
{
	if (!ip || !ip->family)
		return NULL;
	struct ifw_ip a = ifw_ip_unmap(ip);
	const struct ifw_kb_addrplan *best = NULL;
	for (size_t i = 0; i < kb->addrplans.n; i++) {
		const struct ifw_kb_addrplan *p = &kb->addrplans.v[i];
		if (p->os && os && strcmp(p->os, os) != 0)
			continue;
		/* Strictly longer only: on a tie the earlier (the user's) entry stays. */
		if ((!best || p->plen > best->plen) && ifw_ip_in_prefix(&a, &p->prefix, p->plen))
			best = p;
	}
	return best;
}

bool ifw_kb_process_exe_agrees(const struct ifw_kb_process *p, const char *exe)
{
	if (!exe || !*exe)
		return true;
	if (p->exe && strcmp(p->exe, exe) == 0)
		return true;
	char base[256];
	size_t len = strlen(exe);
	static const char deleted[] = " (deleted)"; /* the program was replaced on disk */
	if (len > sizeof(deleted) - 1 && strcmp(exe + len - (sizeof(deleted) - 1), deleted) == 0)
		len -= sizeof(deleted) - 1;
	base_name(exe, len, base, sizeof(base));
	for (size_t k = 0; k < p->n_match; k++)
		if (name_matches(p->match[k], base))
			return true;
	return false;
}

bool ifw_kb_process_makes(const struct ifw_kb_process *p, const char *kind)
{
	for (size_t i = 0; p && kind && i < p->n_makes; i++)
		if (strcmp(p->makes[i], kind) == 0)
			return true;
	return false;
}

/* Whether name stands at text+pos as a whole word (letters and digits do not go on around it);
 * a name in capitals ("WARP", "PIA") only as written, since in lower case it is another word. */
static bool word_at(const char *text, size_t pos, const char *name, size_t n)
{
	bool caps = true;
	for (size_t i = 0; i < n; i++)
		caps &= !islower((unsigned char)name[i]);
	if (!n || (caps ? strncmp(text + pos, name, n) : strncasecmp(text + pos, name, n)) != 0)
		return false;
	if (pos && isalnum((unsigned char)text[pos - 1]))
		return false;
	return !isalnum((unsigned char)text[pos + n]);
}

const struct ifw_kb_process *ifw_kb_tunnel_product_at(const struct ifw_kb *kb, const char *text,
                                                      size_t pos, size_t *len)
{
	if (pos && isalnum((unsigned char)text[pos - 1]))
		return NULL;
	for (size_t i = 0; i < kb->procs.n; i++) {
		const struct ifw_kb_process *p = &kb->procs.v[i];
		if (p->role != IFW_KB_PROC_VPN && p->role != IFW_KB_PROC_MESH_VPN)
			continue;
		/* the software's name and what people call it; process names are often words
		 * ("clash", "outline") and are left to the process rules */
		const char *hit = NULL;
		if (p->software && word_at(text, pos, p->software, strlen(p->software)))
			hit = p->software;
		for (size_t k = 0; !hit && k < p->n_said; k++)
			if (word_at(text, pos, p->said[k], strlen(p->said[k])))
				hit = p->said[k];
		if (hit) {
			*len = strlen(hit);
			return p;
		}
	}
	return NULL;
}
