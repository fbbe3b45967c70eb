#include "util/shell_word.h"

#include <string.h>

static int plain(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       (ch && strchr("._-+=@%,:/", ch));
}

const char *ifw_shell_word(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	int quote = !*s;
	for (const char *p = s; *p && !quote; p++)
		quote = !plain((unsigned char)*p);
	if (quote && cap)
		out[n++] = '\'';
	for (const char *p = s; *p; p++) {
		const char *piece = *p == '\'' && quote ? "'\\''" : NULL;
		size_t len = piece ? 4 : 1;
		if (n + len + 2 > cap)
			return NULL;
		memcpy(out + n, piece ? piece : p, len);
		n += len;
	}
	if (quote) {
		if (n + 2 > cap)
			return NULL;
		out[n++] = '\'';
	}
	if (n + 1 > cap)
		return NULL;
	out[n] = '\0';
	return out;
}
