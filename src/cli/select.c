/* Which interfaces the user asked about: by name or altname, in any namespace; and close names
 * to suggest when none matches. */
#include "cli/select.h"

#include <stdlib.h>
#include <string.h>

static bool named(const struct ifw_iface *f, const char *name)
{
	if (f->name && strcmp(f->name, name) == 0)
		return true;
	for (size_t i = 0; i < f->n_altnames; i++)
		if (f->altnames[i] && strcmp(f->altnames[i], name) == 0)
			return true;
	return false;
}

size_t ifw_select(const struct ifw_model *m, const char *name, ifw_id *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < m->ifaces.n; i++)
		if (named(&m->ifaces.v[i], name) && n < max)
			out[n++] = (ifw_id)i;
	return n;
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
