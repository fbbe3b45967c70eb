/* Which interfaces the user asked about: by name or altname, in any namespace; and close names
 * to suggest when none matches. */
#include "cli/select.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool named(const struct ifw_iface *f, const char *name)
{
	if (f->name && strcmp(f->name, name) == 0)
		return true;
	for (size_t i = 0; i < f->n_altnames; i++)
		if (f->altnames[i] && strcmp(f->altnames[i], name) == 0)
			return true;
	return false;
}

static bool named_nocase(const struct ifw_iface *f, const char *name)
{
	if (f->name && strcasecmp(f->name, name) == 0)
		return true;
	for (size_t i = 0; i < f->n_altnames; i++)
		if (f->altnames[i] && strcasecmp(f->altnames[i], name) == 0)
			return true;
	return false;
}

static size_t by_name(const struct ifw_model *m, const char *name, bool nocase, ifw_id *out,
                      size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < m->ifaces.n; i++) {
		const struct ifw_iface *f = &m->ifaces.v[i];
		if ((nocase ? named_nocase(f, name) : named(f, name)) && n < max)
			out[n++] = (ifw_id)i;
	}
	return n;
}

static size_t by_ifindex(const struct ifw_model *m, const char *s, ifw_id *out, size_t max)
{
	if (!*s || strlen(s) > 10 || strspn(s, "0123456789") != strlen(s))
		return 0;
	long v = strtol(s, NULL, 10);
	size_t n = 0;
	for (size_t i = 0; i < m->ifaces.n; i++)
		if (m->ifaces.v[i].ifindex > 0 && m->ifaces.v[i].ifindex == v && n < max)
			out[n++] = (ifw_id)i;
	return n;
}

size_t ifw_select_as(const struct ifw_model *m, const char *name, ifw_id *out, size_t max,
                     enum ifw_match *how)
{
	enum ifw_match dummy;
	if (!how)
		how = &dummy;
	size_t n = by_name(m, name, false, out, max);
	*how = n ? IFW_MATCH_EXACT : IFW_MATCH_NONE;
	/* '@' is legal in a Linux interface name, so the whole name is tried first. */
	const char *at = strchr(name, '@');
	if (!n && at && at != name) {
		char base[128];
		size_t len = (size_t)(at - name);
		if (len < sizeof(base)) {
			memcpy(base, name, len);
			base[len] = '\0';
			if ((n = by_name(m, base, false, out, max)))
				*how = IFW_MATCH_AT;
		}
	}
	if (!n && (n = by_ifindex(m, name, out, max)))
		*how = IFW_MATCH_IFINDEX;
	if (!n && (n = by_name(m, name, true, out, max)))
		*how = IFW_MATCH_CASE;
	return n;
}

size_t ifw_select(const struct ifw_model *m, const char *name, ifw_id *out, size_t max)
{
	return ifw_select_as(m, name, out, max, NULL);
}

bool ifw_kind_matches(const struct ifw_iface *f, const char *kind, const char *arptype_name)
{
	if (f->kind)
		return strcasecmp(f->kind, kind) == 0;
	if (arptype_name && strcasecmp(arptype_name, kind) == 0)
		return true;
	return strcasecmp(kind, "physical") == 0 &&
	       !(arptype_name && strcmp(arptype_name, "loopback") == 0);
}

static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return 99;
	size_t d[65][65];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
			d[i][j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
	return d[la][lb];
}

size_t ifw_suggest(const struct ifw_model *m, const char *name, const char **out, size_t max)
{
	size_t n = 0;
	for (size_t pass = 1; pass <= 2 && n == 0; pass++)
		for (size_t i = 0; i < m->ifaces.n && n < max; i++) {
			const char *c = m->ifaces.v[i].name;
			if (!c)
				continue;
			bool dup = false;
			for (size_t k = 0; k < n; k++)
				dup |= strcmp(out[k], c) == 0;
			size_t prefix = strlen(name) >= 2 && strncmp(c, name, strlen(name)) == 0;
			if (!dup && (distance(name, c) <= pass || (pass == 2 && prefix)))
				out[n++] = c;
		}
	return n;
}

size_t ifw_suggest_netns(const struct ifw_model *m, const char *sel, const char **out, size_t max)
{
	size_t n = 0;
	for (size_t pass = 1; pass <= 2 && n == 0; pass++)
		for (size_t i = 0; i < m->netns.n; i++) {
			const struct ifw_netns *ns = &m->netns.v[i];
			/* its names, its display name, and "host" for the host's */
			for (size_t k = 0; k <= ns->n_names + 1 && n < max; k++) {
				const char *c = k < ns->n_names    ? ns->names[k]
				                : k == ns->n_names ? ns->name
				                : ns->is_host      ? "host"
				                                   : NULL;
				if (!c)
					continue;
				bool dup = false;
				for (size_t j = 0; j < n; j++)
					dup |= strcmp(out[j], c) == 0;
				bool prefix = strlen(sel) >= 2 && strncmp(c, sel, strlen(sel)) == 0;
				if (!dup && (distance(sel, c) <= pass || strcasecmp(sel, c) == 0 ||
				             (pass == 2 && prefix)))
					out[n++] = c;
			}
		}
	return n;
}
