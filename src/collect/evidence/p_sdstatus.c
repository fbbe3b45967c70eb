/* `systemctl status UNIT`: the unit's main process and its control group's processes, with their
 * command lines:
 *   ● openvpn@client.service - OpenVPN connection to client
 *      Main PID: 1234 (openvpn)
 *        CGroup: /system.slice/system-openvpn.slice/openvpn@client.service
 *                └─1234 /usr/sbin/openvpn --daemon ovpn-client --config /etc/openvpn/client.conf
 * The processes are read as `ps` would give them (a pid, its name, its command line), so what
 * their arguments name (`--dev tun0`, `wg-quick up wg0`) is read by the same rules. The tree's
 * marks are systemd's (├─ └─ │ in UTF-8, |- `- | without it). */
#include "collect/evidence/ev.h"

#include <string.h>

/* The text after the tree's marks, or NULL when the line is no tree line. */
static const char *tree_entry(const char *s)
{
	s = ev_skip_ws(s);
	bool mark = false;
	for (;;) {
		if (ev_starts(s, "\xe2\x94\x9c\xe2\x94\x80") ||
		    ev_starts(s, "\xe2\x94\x94\xe2\x94\x80")) {
			s += 6; /* ├─ └─ */
			mark = true;
		} else if (ev_starts(s, "\xe2\x94\x82")) { /* │ */
			s = ev_skip_ws(s + 3);
		} else if (ev_starts(s, "|-") || ev_starts(s, "`-")) {
			s += 2;
			mark = true;
		} else if (s[0] == '|' && (s[1] == ' ' || s[1] == '\t')) {
			s = ev_skip_ws(s + 1);
		} else {
			break;
		}
	}
	return mark && s[0] >= '1' && s[0] <= '9' ? s : NULL;
}

static int detect(const struct ev_line *l, int min)
{
	const char *s = ev_skip_ws(l->s);
	if (ev_starts(s, "Main PID: ") || ev_starts(s, "CGroup: "))
		return 3;
	if (min > 2)
		return 0;
	return tree_entry(l->s) && strchr(tree_entry(l->s), ' ') ? 2 : 0;
}

static void process(struct ev_ctx *c, const struct ev_line *l, const char *s, bool args)
{
	struct ev_tok t = {s, strspn(s, "0123456789")};
	uint64_t pid;
	if (!t.len || !ev_tok_u64(&t, &pid, false) || pid == 0 || pid >= INT32_MAX ||
	    s[t.len] != ' ')
		return;
	ifw_id id = ev_proc_get(c, (int32_t)pid);
	if (id == IFW_NOID)
		return;
	struct ifw_process *p = &c->m->procs.v[id];
	if (!p->origin.raw)
		ev_origin(c, l, &p->origin);
	const char *a = ev_skip_ws(s + t.len);
	size_t n = strlen(a);
	while (n && (a[n - 1] == ' ' || a[n - 1] == '\t'))
		n--;
	if (!n)
		return;
	if (!args) { /* "Main PID: 1234 (openvpn)" */
		if (a[0] == '(' && a[n - 1] == ')' && n > 2 && !p->comm)
			p->comm = ifw_model_strndup(c->m, a + 1, n - 2);
		return;
	}
	ev_proc_set_args(c, p, a, n);
	if (a[0] == '/' && !p->exe)
		p->exe = ifw_model_strndup(c->m, a, strcspn(a, " "));
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	const char *s = ev_skip_ws(l->s);
	if (ev_starts(s, "Main PID: ")) {
		process(c, l, s + 10, false);
		c->votes_linux++;
		return true;
	}
	if (ev_starts(s, "CGroup: "))
		return true;
	const char *e = tree_entry(l->s);
	if (!e)
		return false;
	process(c, l, e, true);
	return true;
}

const struct ev_parser ev_p_sdstatus = {
    .shape = EV_SDSTATUS,
    .name = "systemctl status",
    .detect = detect,
    .take = take,
};
