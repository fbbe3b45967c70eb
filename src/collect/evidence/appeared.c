/* Interfaces that appear between two listings around a command, the way people ask "what did
 * X create?":
 *   $ ifconfig -l
 *   igb0 lo0 bridge0 tap0
 *   $ sudo cbsd bstart myvm; ifconfig -l
 *   igb0 lo0 bridge0 tap0 bridge1 tap1 tap2
 * bridge1, tap1 and tap2 were not in the first listing and are in the same listing after `cbsd
 * bstart`: they appeared while it ran, most likely its doing. Only the same listing command
 * twice, with one command between them that is no inspection tool, counts; what appeared is
 * recorded as a creation by that command's program (rule_logcreate, "possible"). */
#include "collect/evidence/ev.h"

#include <string.h>

/* Commands that show or wait and make nothing. */
static bool inert(const char *prog)
{
	static const char *const v[] = {"cd",    "ls",   "cat",  "echo", "grep", "sleep", "ping",
	                                "clear", "man",  "su",   "less", "more", "head",  "tail",
	                                "which", "type", "date", "w",    "who",  "id",    "uname"};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (strcmp(prog, v[i]) == 0)
			return true;
	return ev_known_command(prog) || ev_log_viewer(prog);
}

/* A listing of the interfaces: ifconfig (any form) or ip's address and link listings. */
static bool listing(struct ev_ctx *c, const char *one)
{
	const char *prog = ev_session_prog(c, one);
	if (!prog)
		return false;
	if (strcmp(prog, "ifconfig") == 0)
		return true;
	if (strcmp(prog, "ip") != 0)
		return false;
	const char *p = strstr(one, "ip");
	p = p ? ev_skip_ws(p + 2) : "";
	while (*p == '-') /* options: -br, -4, -d */
		p = ev_skip_ws(p + strcspn(p, " \t"));
	return ev_starts(p, "a") || ev_starts(p, "l");
}

/* The command without blanks at its ends, into buf; its length. */
static size_t trimmed(const char *s, size_t n, char *buf, size_t size)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return ev_copy_cut(buf, size, s, n);
}

void ev_appear_end(struct ev_ctx *c)
{
	struct ev_appear *a = &c->appear;
	if (!a->after)
		return;
	if (a->maker_prog && a->n_before > 0) {
		struct ev_line l = {
		    .s = a->maker_line, .len = strlen(a->maker_line), .no = a->line_no};
		for (size_t i = a->n_before; i < c->m->ifaces.n; i++) {
			const struct ifw_iface *f = &c->m->ifaces.v[i];
			if (f->ns != c->ns || !f->name || !ev_logcreate_room(c))
				continue;
			struct ifw_logcreate *lc = ev_logcreate_add(c, &l, f->name, strlen(f->name),
			                                            a->maker_prog, -1, NULL);
			if (lc)
				lc->appeared_after = a->maker_cmd;
		}
	}
	a->after = false;
	a->maker_prog = NULL;
}

void ev_appear_prompt(struct ev_ctx *c, const char *cmd, const struct ev_line *l)
{
	struct ev_appear *a = &c->appear;
	ev_appear_end(c); /* a listing's output ends at the next prompt */
	char one[256];
	unsigned parts = 0; /* a line of thousands of `;` parts keeps one maker, not thousands */
	for (const char *p = cmd; *p && parts < 16; parts++) {
		size_t n = strcspn(p, ";&|");
		bool piped = p[n] == '|' && p[n + 1] != '|';
		size_t k = trimmed(p, n, one, sizeof(one));
		p += n;
		while (*p == ';' || *p == '&' || *p == '|')
			p++;
		if (!k || piped) /* a pipe's first part is filtered: no listing, no maker */
			continue;
		if (listing(c, one)) {
			if (a->maker_prog && strcmp(one, a->listing) == 0) {
				a->after = true; /* what the listing shows from here on is new */
				continue;
			}
			trimmed(one, k, a->listing, sizeof(a->listing));
			a->maker_prog = NULL;
			continue;
		}
		const char *prog = ev_session_prog(c, one);
		if (!a->listing[0] || !prog || inert(prog))
			continue;
		a->maker_prog = ifw_model_strdup(c->m, prog);
		a->maker_cmd = ifw_model_strdup(c->m, one);
		a->maker_line = ifw_model_strdup(c->m, l->s);
		a->line_no = l->no;
		a->n_before = c->m->ifaces.n;
		if (!a->maker_prog || !a->maker_cmd || !a->maker_line)
			a->maker_prog = NULL;
	}
}
