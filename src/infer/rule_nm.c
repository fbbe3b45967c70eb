/* NetworkManager makes the virtual devices of its connection profiles (bridge, bond, vlan,
 * wireguard, tun, vxlan, ...) when it activates them, and `nmcli device` names the profile; a
 * device it shows "connected (externally)" is one it only watches: something else made it. A card
 * (no kind) is configured by a profile, not made by one: nothing is said of its creator. A
 * profile named exactly like its device is ambiguous: it is also the name NetworkManager gives the
 * profile it makes up for a device it found already there, which versions before "connected
 * (externally)" show as plainly "connected" (a tap0 a VM's networking made, profile "tap0"). */
#include "infer/rules.h"
#include "util/shell_word.h"

#include <string.h>

static const struct ifw_claim_def made = {"nm.profile",        "creator",       IFW_ROLE_CREATOR,
                                          IFW_CONF_LIKELY + 5, IFW_SPEC_HOLDER, NULL};
static const struct ifw_claim_def same_name = {
    "nm.profile", "creator", IFW_ROLE_CREATOR, IFW_CONF_POSSIBLE + 5, IFW_SPEC_HOLDER, NULL};
static const struct ifw_claim_def external = {"nm.external",   "creator",     IFW_ROLE_NOTE,
                                              IFW_CONF_LIKELY, IFW_SPEC_KIND, NULL};

static void run_nm(struct ifw_rule_ctx *c)
{
	const struct ifw_iface *f = c->f;
	if (!f->nm_connection || !f->kind || c->ia->holders.n)
		return;
	struct ifw_finding *fi;
	if (f->nm_external)
		fi = ifw_claim(c, &external,
		               "NetworkManager only watches it (connected externally): another "
		               "program made and configured it");
	else if (strcmp(f->nm_connection, f->name) == 0)
		fi = ifw_claim(
		    c, &same_name,
		    "perhaps made by NetworkManager for its connection profile \"%s\"; a "
		    "profile named like its device is also the one NetworkManager makes up "
		    "for a device another program made",
		    f->nm_connection);
	else
		fi = ifw_claim(c, &made,
		               "made by NetworkManager when it activated its connection profile "
		               "\"%s\"",
		               f->nm_connection);
	ifw_fact_text(c, fi, f->origin.src ? f->origin.src : "nmcli device", "%s %s: %s%s", f->name,
	              f->kind, f->nm_external ? "connected (externally), " : "connected, ",
	              f->nm_connection);
	char word[400]; /* a name too long to quote here gets no suggestion */
	if (!f->nm_external && ifw_shell_word(f->nm_connection, word, sizeof(word)))
		ifw_next_step(c, "`nmcli connection show %s` shows the profile", word);
}

const struct ifw_rule_def ifw_rule_nm = {
    .name = "nm",
    .kinds = NULL,
    .phase = IFW_PHASE_FACTS,
    .run = run_nm,
    .about = "NetworkManager's connection profiles (nmcli device)",
};
