/* Line and token helpers shared by the configuration file parsers (config_parse.h). */
#include "collect/config/config_parse.h"

#include <string.h>

bool ifw_cfg_next_line(const char *buf, size_t len, size_t *pos, const char **line, size_t *n)
{
	if (*pos >= len)
		return false;
	const char *s = buf + *pos;
	const char *nl = memchr(s, '\n', len - *pos);
	size_t l = nl ? (size_t)(nl - s) : len - *pos;
	*pos += l + (nl ? 1 : 0);
	if (l && s[l - 1] == '\r')
		l--;
	*line = s;
	*n = l;
	return true;
}

void ifw_cfg_trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool ifw_cfg_eq(const char *s, size_t n, const char *w, bool nocase)
{
	size_t wn = strlen(w);
	if (n != wn)
		return false;
	for (size_t i = 0; i < n; i++)
		if (nocase ? lower(s[i]) != lower(w[i]) : s[i] != w[i])
			return false;
	return true;
}

bool ifw_cfg_split(const char *s, size_t n, char sep, const char **k, size_t *kn, const char **v,
                   size_t *vn)
{
	const char *e = memchr(s, sep, n);
	if (!e)
		return false;
	*k = s;
	*kn = (size_t)(e - s);
	*v = e + 1;
	*vn = n - *kn - 1;
	ifw_cfg_trim(k, kn);
	ifw_cfg_trim(v, vn);
	return true;
}

bool ifw_cfg_valid_ifname(const char *s, size_t n)
{
	if (n == 0 || n > 15 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c >= 0x7f || c == '/' || c == ':' || c == '"' || c == '\'')
			return false;
	}
	return true;
}

bool ifw_cfg_copy_ifname(char out[16], const char *s, size_t n)
{
	out[0] = '\0';
	if (!ifw_cfg_valid_ifname(s, n))
		return false;
	memcpy(out, s, n);
	out[n] = '\0';
	return true;
}

/* Kinds and endpoints: letters, digits and the punctuation of host:port and [v6]:port. */
static bool token_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       strchr("-_.:[]%", c) != NULL;
}

bool ifw_cfg_copy_token(char *out, size_t cap, const char *s, size_t n)
{
	out[0] = '\0';
	if (n == 0 || n >= cap)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!s[i] || !token_char((unsigned char)s[i]))
			return false;
	memcpy(out, s, n);
	out[n] = '\0';
	return true;
}
