/* `ifconfig` output a web page or a chat ran into one line ("utun0: flags=8050<...> mtu 1380
 * inet6 fe80::1%utun0 prefixlen 64 nd6 options=201<...> utun1: flags=8051<...> ..."), sometimes
 * with its angle brackets turned into square ones by the page ("flags=4099[UP,BROADCAST]"):
 * cut back into the lines ifconfig printed, each interface's header at the margin and its
 * attributes indented under it, and fed as such; and a header a message's words came before. */
#include "collect/evidence/ev.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FLAT (64 * 1024) /* longer lines are no pasted listing */

/* The length of an interface header at p ("utun1: flags=8051<" or "...=4099["), 0 if none. */
static size_t header_at(const char *p)
{
	size_t n = 0;
	if (!isalpha((unsigned char)p[0]))
		return 0;
	while (n < 16 && (isalnum((unsigned char)p[n]) || strchr("_.-", p[n])) && p[n])
		n++;
	if (n == 0 || n > 15 || strncmp(p + n, ": flags=", 8) != 0)
		return 0;
	size_t d = strspn(p + n + 8, "0123456789abcdefx");
	char b = p[n + 8 + d];
	return d && (b == '<' || b == '[') ? n + 8 + d : 0;
}

/* What starts an attribute line of ifconfig (Linux's net-tools 2.x and the BSDs'); the longest
 * first where one begins another ("nd6 options=" before "options="). */
static size_t attribute_at(const char *p)
{
	static const char *const keys[] = {"nd6 options=", "inet6 ",     "inet ",     "ether ",
	                                   "options=",     "media: ",    "status: ",  "RX packets",
	                                   "RX errors",    "TX packets", "TX errors", "loop ",
	                                   "groups: ",     "member: ",   "lladdr ",   "tunnel inet",
	                                   "unspec ",      "syncpeer: "};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strncmp(p, keys[i], strlen(keys[i])) == 0)
			return strlen(keys[i]);
	return 0;
}

bool ev_unflatten(struct ev_ctx *c, const struct ev_line *l,
                  void (*feed)(struct ev_ctx *, struct ev_line *))
{
	if (l->len < 40 || l->len > MAX_FLAT || !strstr(l->s, ": flags="))
		return false;
	/* a log's line (its stamp, a log viewer's output) or a row of ps or of a service's process
	 * tree is a message or a process's arguments any user or container writes, not this
	 * host's listing: "alice: enp3s0: flags=8843<...> ether 52:54:00:..." would give root's
	 * card a hypervisor's MAC */
	if (ev_log_stamp(ev_skip_ws(l->s)) > 0 || ev_shown_by_log_viewer(c, l) ||
	    c->cur == &ev_p_ps || c->cur == &ev_p_sdstatus)
		return false;
	size_t headers = 0, attrs = 0, first = 0;
	for (size_t i = 0; i < l->len; i++) {
		if (i && l->s[i - 1] != ' ')
			continue;
		if (header_at(l->s + i)) {
			if (!headers++)
				first = i;
		} else if (attribute_at(l->s + i)) {
			attrs++;
		}
	}
	/* two interfaces on one line, one with its attributes run after it, or one after a
	 * message's words ("router: couldn't find member in bridge100 interface: bridge100:
	 * flags=8a63<...> mtu 1500": its attributes follow on their own lines) */
	bool after_words = headers == 1 && first >= 2 && l->s[first - 2] == ':';
	if (!(headers >= 2 || (headers == 1 && attrs >= 2) || after_words))
		return false;
	char *buf = malloc(l->len + 1);
	if (!buf)
		return false;
	memcpy(buf, l->s, l->len + 1);
	/* the pieces: cut at every header and attribute that starts a word */
	size_t start = 0;
	bool indent = false, seen_header = false; /* the piece being cut: an attribute's line */
	for (size_t i = 0; i <= l->len; i++) {
		size_t h = 0, a = 0;
		if (i < l->len && i && buf[i - 1] == ' ') {
			h = header_at(buf + i);
			a = h ? 0 : attribute_at(buf + i);
		}
		if (i < l->len && !h && !a)
			continue;
		/* the piece before this cut */
		size_t end = i;
		while (end > start && buf[end - 1] == ' ')
			end--;
		if (end > start) {
			char save = buf[end];
			buf[end] = '\0';
			char line[4096 + 2];
			size_t n = end - start < 4096 ? end - start : 4096;
			size_t w = 0;
			if (indent)
				line[w++] = '\t';
			memcpy(line + w, buf + start, n);
			line[w + n] = '\0';
			struct ev_line piece = {
			    .s = line, .len = w + n, .no = l->no, .fenced = l->fenced};
			feed(c, &piece);
			buf[end] = save;
		}
		if (i == l->len)
			break;
		indent = !h && seen_header;
		if (h) {
			seen_header = true;
			/* "flags=4099[UP,BROADCAST]": the page's brackets back to ifconfig's */
			if (buf[i + h] == '[') {
				char *close = strchr(buf + i + h, ']');
				if (close) {
					buf[i + h] = '<';
					*close = '>';
				}
			}
			start = i;
			i += h;
		} else {
			start = i;
			i += a - 1;
		}
	}
	free(buf);
	return true;
}
