/* SIP (RFC 3261) start line and the From, To and User-Agent headers of one message, read from
 * at most one packet's bytes. Values are copied as seen (the report makes them printable), cut
 * at IFW_CAP_SIP_MAX - 1 bytes, with NUL bytes replaced so they stay C strings. */
#include "capture/cap_int.h"

#include <string.h>
#include <strings.h>

struct cursor {
	const uint8_t *p;
	size_t n, i;
};

/* The next line without its CR/LF; false at the end of the data. A line cut by the capture is
 * returned too (the caller sees a short value). */
static bool next_line(struct cursor *c, const uint8_t **line, size_t *len)
{
	if (c->i >= c->n)
		return false;
	const uint8_t *start = c->p + c->i;
	const uint8_t *nl = memchr(start, '\n', c->n - c->i);
	size_t l = nl ? (size_t)(nl - start) : c->n - c->i;
	c->i += nl ? l + 1 : l;
	if (l && start[l - 1] == '\r')
		l--;
	*line = start;
	*len = l;
	return true;
}

static bool is_upper_token(const uint8_t *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || s[i] == '-' || s[i] == '_'))
			return false;
	return true;
}

static bool starts_ci(const uint8_t *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && strncasecmp((const char *)s, prefix, k) == 0;
}

/* "INVITE sip:bob@example.com SIP/2.0" or "SIP/2.0 200 OK". */
static bool start_line(const uint8_t *l, size_t n, struct ifw_sip_info *out)
{
	if (n >= 12 && memcmp(l, "SIP/2.0 ", 8) == 0) {
		int st = 0;
		for (size_t i = 8; i < 11; i++) {
			if (l[i] < '0' || l[i] > '9')
				return false;
			st = st * 10 + (l[i] - '0');
		}
		if (st < 100 || st > 699 || (n > 11 && l[11] != ' '))
			return false;
		out->request = false;
		out->status = st;
		return true;
	}
	const uint8_t *sp = memchr(l, ' ', n);
	if (!sp)
		return false;
	size_t mlen = (size_t)(sp - l);
	if (mlen >= sizeof(out->method) || !is_upper_token(l, mlen))
		return false;
	/* The request line ends with the version; the URI has a scheme. */
	if (n < mlen + 1 + 4 + 8 || memcmp(l + n - 8, " SIP/2.0", 8) != 0)
		return false;
	const uint8_t *uri = sp + 1;
	size_t ulen = n - mlen - 1 - 8;
	if (!starts_ci(uri, ulen, "sip:") && !starts_ci(uri, ulen, "sips:") &&
	    !starts_ci(uri, ulen, "tel:") && !starts_ci(uri, ulen, "urn:"))
		return false;
	memcpy(out->method, l, mlen);
	out->method[mlen] = '\0';
	out->request = true;
	return true;
}

static void copy_value(char *dst, size_t cap, const uint8_t *s, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	for (size_t i = 0; i < n; i++)
		dst[i] = s[i] ? (char)s[i] : '?';
	dst[n] = '\0';
}

static void trim(const uint8_t **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

/* From/To: the URI in <...> when there is one, else the value up to its parameters. */
static void name_addr(char *dst, size_t cap, const uint8_t *v, size_t n)
{
	const uint8_t *lt = NULL;
	bool quoted = false;
	for (size_t i = 0; i < n; i++) {
		if (v[i] == '"' && (i == 0 || v[i - 1] != '\\'))
			quoted = !quoted;
		else if (v[i] == '<' && !quoted) {
			lt = v + i;
			break;
		}
	}
	if (lt) {
		const uint8_t *s = lt + 1;
		size_t rest = n - (size_t)(s - v);
		const uint8_t *gt = memchr(s, '>', rest);
		copy_value(dst, cap, s, gt ? (size_t)(gt - s) : rest);
		return;
	}
	const uint8_t *semi = memchr(v, ';', n);
	size_t len = semi ? (size_t)(semi - v) : n;
	trim(&v, &len);
	copy_value(dst, cap, v, len);
}

bool ifw_sip_parse(const uint8_t *data, size_t len, struct ifw_sip_info *out)
{
	memset(out, 0, sizeof(*out));
	if (!data)
		return false;
	struct cursor c = {.p = data, .n = len};
	/* Keep-alives (RFC 5626 CRLF pings) may come first. */
	while (c.i < c.n && (c.p[c.i] == '\r' || c.p[c.i] == '\n'))
		c.i++;
	const uint8_t *l;
	size_t n;
	if (!next_line(&c, &l, &n) || !start_line(l, n, out))
		return false;
	for (int lines = 0; lines < 128 && next_line(&c, &l, &n); lines++) {
		if (n == 0)
			break; /* end of headers */
		const uint8_t *colon = memchr(l, ':', n);
		if (!colon)
			continue;
		const uint8_t *name = l;
		size_t nlen = (size_t)(colon - l);
		trim(&name, &nlen);
		const uint8_t *v = colon + 1;
		size_t vlen = n - (size_t)(v - l);
		trim(&v, &vlen);
		if (!out->from[0] &&
		    ((nlen == 4 && strncasecmp((const char *)name, "From", 4) == 0) ||
		     (nlen == 1 && (name[0] == 'f' || name[0] == 'F'))))
			name_addr(out->from, sizeof(out->from), v, vlen);
		else if (!out->to[0] &&
		         ((nlen == 2 && strncasecmp((const char *)name, "To", 2) == 0) ||
		          (nlen == 1 && (name[0] == 't' || name[0] == 'T'))))
			name_addr(out->to, sizeof(out->to), v, vlen);
		else if (!out->user_agent[0] && nlen == 10 &&
		         strncasecmp((const char *)name, "User-Agent", 10) == 0)
			copy_value(out->user_agent, sizeof(out->user_agent), v, vlen);
	}
	return true;
}
