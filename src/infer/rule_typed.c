/* Commands typed at a prompt in a pasted session are what the person did, in their own words:
 *   $ sudo ip tuntap add mode tun tun0      -> tun0 was made by hand, with ip tuntap
 *   $ ./tun_tcp_echo tun0 192.168.1.1 9999  -> tun_tcp_echo was started on tun0
 * A creating command is read by its syntax (the name it creates, not every name it mentions:
 * `ip link add link eth0 name eth0.10 type vlan` makes eth0.10, not eth0). A program that is not
 * an inspection tool and is given the interface's name was started to use it. Offline only: a
 * typed command may have failed, so "likely", never "certain".
 * A session that runs or manages a VPN program (`openvpn --config x`, `systemctl restart
 * openvpn@client`, OPNsense's `.../scripts/openvpn/ovpn_service_control.php -a start`) says
 * which software the person is dealing with: a tun-like device no process is shown holding is
 * then perhaps that program's, when exactly one such program appears. */
#include "infer/index.h"
#include "infer/rules.h"
#include "infer/typed_cmds.h"

#include <stdio.h>
#include <string.h>

static const struct ifw_claim_def made = {"typed.made",        "creator",       IFW_ROLE_CREATOR,
                                          IFW_CONF_LIKELY + 5, IFW_SPEC_HOLDER, NULL};
static const struct ifw_claim_def used = {"typed.used",           "typed",       IFW_ROLE_PURPOSE,
                                          IFW_CONF_POSSIBLE + 10, IFW_SPEC_NAME, "virtual"};
static const struct ifw_claim_def session = {"typed.session",       "creator",     IFW_ROLE_CREATOR,
                                             IFW_CONF_POSSIBLE + 5, IFW_SPEC_NAME, NULL};
/* A program printing the command it ran is its own word of what it did (its log or output),
 * though a pasted command may have failed: "likely" for a creation, "possible" for the rest. */
static const struct ifw_claim_def echo_made = {"echo.made",     "creator",       IFW_ROLE_CREATOR,
                                               IFW_CONF_LIKELY, IFW_SPEC_HOLDER, NULL};
static const struct ifw_claim_def echo_renamed = {
    "echo.renamed", "creator", IFW_ROLE_CREATOR, IFW_CONF_POSSIBLE + 10, IFW_SPEC_HOLDER, NULL};
static const struct ifw_claim_def echo_configured = {
    "echo.configured", "creator", IFW_ROLE_CREATOR, IFW_CONF_POSSIBLE, IFW_SPEC_HOLDER, NULL};

/* How sure a program's echo of a creation makes us: "likely" when the knowledge files the
 * program as one that makes interfaces (a VPN client, a daemon, a runtime), "possible" for a
 * name it does not know: any local user may log a line under any tag (`logger -t x`). */
static int echo_confidence(const struct ifw_rule_ctx *c, const char *by)
{
	return ifw_kb_process(c->kb, by, NULL, NULL) ? IFW_CONF_LIKELY : IFW_CONF_POSSIBLE + 15;
}

/* What programs' echoed commands say of the interface; true if they said something. */
static bool run_echoes(struct ifw_rule_ctx *c, const struct ifw_typed_index *tx,
                       const struct ifw_typed_cmd *maker)
{
	const char *name = c->f->name;
	if (maker && maker->by) {
		struct ifw_finding *fi = ifw_claim_at(
		    c, &echo_made, echo_confidence(c, maker->by),
		    "made by %s, which printed the command it ran: `%s`", maker->by, maker->cmd);
		ifw_fact_text(c, fi, maker->origin.src, "printed by %s: %s", maker->by, maker->cmd);
		return true;
	}
	if (maker)
		return false;
	char from[64];
	const struct ifw_typed_cmd *ren = ifw_typed_renamer(tx, name, from, sizeof(from));
	if (ren && ren->by) {
		const struct ifw_typed_cmd *first = ifw_typed_maker(tx, from);
		struct ifw_finding *fi;
		if (first && first->by && strcmp(first->by, ren->by) == 0)
			fi = ifw_claim_at(
			    c, &echo_made, echo_confidence(c, ren->by),
			    "made by %s, which printed the commands it ran: `%s`, then `%s`",
			    ren->by, first->cmd, ren->cmd);
		else
			fi = ifw_claim(
			    c, &echo_renamed,
			    "renamed from %s by %s, which printed the command it ran (`%s`): "
			    "most likely its own interface",
			    from, ren->by, ren->cmd);
		ifw_fact_text(c, fi, ren->origin.src, "printed by %s: %s", ren->by, ren->cmd);
		return true;
	}
	const struct ifw_typed_cmd *conf = ifw_typed_configurer(tx, name);
	if (conf) {
		struct ifw_finding *fi = ifw_claim(
		    c, &echo_configured,
		    "configured by %s, which printed the command it ran (`%s`): the program "
		    "that sets up a tunnel's addresses is most often the one that made it",
		    conf->by, conf->cmd);
		ifw_fact_text(c, fi, conf->origin.src, "printed by %s: %s", conf->by, conf->cmd);
		return true;
	}
	return false;
}

/* A device a program holds open: a tun by kind or by what its name stands for. */
static bool tun_like(const struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (f->kind)
		return strcmp(f->kind, "tun") == 0;
	const struct ifw_kb_ifname *k =
	    ifw_kb_ifname(c->kb, c->m->os, f->name, ifw_lookup_kind(c->m, f));
	return k && k->kind && strcmp(k->kind, "tun") == 0;
}

static void run_session(struct ifw_rule_ctx *c, const struct ifw_typed_index *tx)
{
	const struct ifw_typed_cmd *by;
	const struct ifw_kb_process *prog = ifw_typed_session(tx, &by);
	if (!prog || !by || !tun_like(c))
		return;
	struct ifw_finding *fi = ifw_claim(
	    c, &session,
	    "perhaps %s's (%s): the pasted session runs it (`%s`) and no process is shown holding "
	    "this device (its `lsof`, `ps` or `fstat` would settle it)",
	    prog->software, prog->match[0], by->cmd);
	ifw_fact_text(c, fi, by->origin.src, "typed at the prompt: %s", by->cmd);
}

static void run_typed(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (!c->m->typed.n || !f->name || c->ia->holders.n)
		return;
	const struct ifw_typed_index *tx = ifw_index_typed(c->a->idx);
	if (!tx) {
		c->oom = 1;
		return;
	}
	const struct ifw_typed_cmd *maker = ifw_typed_maker(tx, f->name);
	const struct ifw_typed_cmd *user = ifw_typed_user(tx, f->name);
	/* the kernel's own (a loopback, a card on its bus) was made by no command: one typed
	 * for it failed ("ifconfig lo0 create" where lo0 exists); a program configuring a card
	 * made nothing */
	if (!c->ia->kernel_owned && run_echoes(c, tx, maker))
		return;
	if (maker && !c->ia->kernel_owned) {
		struct ifw_finding *fi =
		    ifw_claim(c, &made, "made by hand in this session: `%s` was typed", maker->cmd);
		ifw_fact_text(c, fi, maker->origin.src, "typed at the prompt: %s", maker->cmd);
	}
	if (user) {
		struct ifw_cmd_toks k;
		ifw_cmd_split(user->cmd, &k);
		struct ifw_finding *fi =
		    ifw_claim(c, &used, "used by %s, started by hand with it as an argument (`%s`)",
		              k.n ? ifw_cmd_base(k.t[0]) : "?", user->cmd);
		ifw_fact_text(c, fi, user->origin.src, "typed at the prompt: %s", user->cmd);
	}
	if (!maker && !user)
		run_session(c, tx);
}

const struct ifw_rule_def ifw_rule_typed = {
    .name = "typed",
    .kinds = NULL,
    .phase = IFW_PHASE_FACTS,
    .run = run_typed,
    .about = "commands typed at a prompt in a paste: what made or uses the interface",
};
