/* macOS unified-log lines (`log show`, `log stream`) in which a process says it created a virtual
 * interface. NetworkExtension logs, in the process that asked for the interface:
 *   identityservicesd: (NetworkExtension) [com.apple.networkextension:] Created a new
 *   NEVirtualInterface "utun6" (85B12F7F-...)
 * (https://gaooliver.com/2025/04/14/3.html, 2025-04-14). The line comes in three forms:
 *   default style  2025-04-14 10:00:00.123456+0200 0x1a2b Default 0x0 412 0 identityservicesd: ...
 *   compact style  2025-04-14 10:00:00.123 Df identityservicesd[412:1a2b] (NetworkExtension) ...
 *   message only   identityservicesd: (NetworkExtension) ...
 * The kernel's own line when an interface is attached says only that it exists from then on:
 *   ... 0x0 0 0 kernel: utun5: attached with 0 suspended link-layer multicast membership(s)
 * (https://github.com/doronz88/pymobiledevice3/issues/540): the interface is kept, its creator
 * is not named by it.
 * Other log lines are read and passed over (they are log output, not unrecognized text). */
#include "collect/evidence/ev.h"

#include <string.h>

#define CREATED "Created a new NEVirtualInterface \""

static bool is_date(const char *s)
{
	/* YYYY-MM-DD */
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	return s[10] == ' ' || s[10] == 'T';
}

static int detect(const struct ev_line *l, int min)
{
	const char *s = ev_skip_ws(l->s);
	if (ev_starts(s, "Timestamp") &&
	    (strstr(s, "Process[PID:TID]") || (strstr(s, "Thread") && strstr(s, "Activity"))))
		return 3;
	if (ev_starts(s, "Filtering the log data using"))
		return 3;
	if (min > 2)
		return 0;
	return strstr(s, CREATED) ? 2 : 0;
}

/* The process (and pid) of a line: "name[pid:tid]" (compact), the PID column and "name:"
 * (default), or "name:" alone. */
static bool process_of(struct ev_ctx *c, const struct ev_toks *t, const char **comm, int32_t *pid)
{
	*pid = -1;
	size_t i = 0;
	if (t->n >= 3 && is_date(t->t[0].s)) {
		i = 2; /* date, time */
		if (t->n > 3 && t->t[i].len <= 2) {
			i++; /* compact: "Df" */
		} else if (t->n > 7 && ev_starts(t->t[i].s, "0x")) {
			uint64_t v; /* default: thread, type, activity, pid, ttl */
			if (ev_tok_u64(&t->t[i + 3], &v, false) && v <= INT32_MAX)
				*pid = (int32_t)v;
			i += 5;
		}
	}
	if (i >= t->n)
		return false;
	const struct ev_tok *p = &t->t[i];
	const char *br = memchr(p->s, '[', p->len);
	size_t n = br ? (size_t)(br - p->s) : p->len;
	if (!br && n && p->s[n - 1] == ':')
		n--;
	if (br && *pid < 0) {
		struct ev_tok num = {br + 1, 0};
		while (br + 1 + num.len < p->s + p->len && br[1 + num.len] >= '0' &&
		       br[1 + num.len] <= '9')
			num.len++;
		uint64_t v;
		if (ev_tok_u64(&num, &v, false) && v <= INT32_MAX)
			*pid = (int32_t)v;
	}
	if (n == 0 || n > 255)
		return false;
	struct ev_tok name = {p->s, n};
	*comm = ev_tok_dup(c, &name);
	return *comm != NULL;
}

static bool ne_line(struct ev_ctx *c, const struct ev_line *l, const char *s, const char *hit)
{
	/* under another system's viewer (`journalctl -o cat`, `kubectl logs`) the line is
	 * whatever a user logged, shaped as it likes */
	if (ev_shown_by_log_viewer(c, l) && !ev_cmd_has(c, "log", "show") &&
	    !ev_cmd_has(c, "log", "stream"))
		return false;
	static const char sub[] = "(NetworkExtension) [com.apple.networkextension";
	const char *p = strstr(s, sub);
	if (!p || p > hit)
		return false;
	struct ev_toks t;
	ev_tokenize(s, &t);
	size_t at = 0;
	while (at < t.n && t.t[at].s + t.t[at].len < p)
		at++;
	if (at == 0 || at > t.n)
		return false;
	/* the process's token, just before the subsystem: "name[pid:tid]" or "name:"; logger's
	 * message is any user's, whatever subsystem it names */
	const struct ev_tok *proc = &t.t[at - 1];
	bool shaped = memchr(proc->s, '[', proc->len) || proc->s[proc->len - 1] == ':';
	if (ev_starts(proc->s, "logger[") || ev_starts(proc->s, "logger:"))
		return false;
	/* the process is the first such token after the date (`logger[4242:1a2b]
	 * nesessionmanager: (NetworkExtension) ...` is logger's message naming another) */
	for (size_t k = 0; k + 1 < at; k++)
		if (memchr(t.t[k].s, '[', t.t[k].len) || t.t[k].s[t.t[k].len - 1] == ':')
			if (!(t.t[k].s[0] >= '0' && t.t[k].s[0] <= '9'))
				return false;
	return shaped && (at - 1 == 0 || is_date(s));
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (!*s || detect(l, 3))
		return true;
	const char *hit = strstr(s, CREATED);
	const char *k = strstr(s, " kernel: ");
	const char *att = k ? strstr(k, ": attached with ") : NULL;
	if (!hit && att && is_date(s)) {
		const char *name = k + strlen(" kernel: ");
		if (ev_ifname_ok(name, (size_t)(att - name)))
			ev_iface_logged(c, l, name, (size_t)(att - name), NULL);
		c->votes_darwin++;
		return true;
	}
	if (!hit && is_date(s)) {
		/* another log line: an interface it names exists ("Secondary Interface utun1: flags
		 * changed"), nothing more */
		const char *nm;
		size_t n = ev_log_mention(s, &nm);
		if (n)
			ev_iface_logged(c, l, nm, n, NULL);
		return true;
	}
	if (!hit)
		return false;
	/* the framework's own line: its subsystem right before the words, and the process the
	 * unified log names in front of that (after the log's date, or first) -- a syslog or
	 * journal line that holds the words ("Dec 07 ... alice[42]: Created a new ...") is any
	 * user's (`logger`), on any system */
	if (!ne_line(c, l, s, hit))
		return true;
	const char *name = hit + strlen(CREATED);
	const char *q = strchr(name, '"');
	if (!q || !ev_ifname_ok(name, (size_t)(q - name)))
		return true;
	struct ev_toks t;
	ev_tokenize(s, &t);
	const char *comm;
	int32_t pid;
	if (!process_of(c, &t, &comm, &pid) || !ev_logcreate_room(c))
		return true;
	struct ifw_logcreate *lc = ifw_model_add_logcreate(c->m);
	if (!lc)
		return true;
	c->log_creates++;
	lc->ifname = ifw_model_strndup(c->m, name, (size_t)(q - name));
	lc->comm = comm;
	lc->pid = pid;
	if (is_date(s) && t.n >= 2) {
		size_t n = (size_t)(t.t[1].s + t.t[1].len - s);
		lc->when = ifw_model_strndup(c->m, s, n > 40 ? 40 : n);
	}
	ev_origin(c, l, &lc->origin);
	c->votes_darwin++;
	return true;
}

const struct ev_parser ev_p_ulog = {
    .shape = EV_ULOG,
    .name = "log show",
    .detect = detect,
    .take = take,
};
