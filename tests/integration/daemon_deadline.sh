#!/usr/bin/env bash
# Tunnel-daemon queries on a host with hostile local users. Any user can start a process named
# "charon" that listens on a socket named "*vici*"; ifwho (as root) must not wait on it:
#  - a fake charon run by nobody from nobody's own file is not asked at all (its executable is
#    not root's), and the warning names it;
#  - a fake charon run by nobody from a root-owned file named charon (so it passes the
#    executable check) that drips one byte every 0.8 s is given up on after the conversation's
#    deadline, and the warning names it;
#  - a charon run by root whose socket file belongs to another user is not asked;
#  - ifwho finishes within a few seconds either way.
# Needs root (skips otherwise).
. "$(dirname "$0")/lib.sh"
t_need_root
FAKEDAEMON=${FAKEDAEMON:-build/tests/ifw-fakedaemon}
for tool in jq setpriv timeout; do
	command -v "$tool" >/dev/null || { echo "SKIP $T_NAME: needs $tool"; exit 77; }
done
id nobody >/dev/null 2>&1 || { echo "SKIP $T_NAME: needs user nobody"; exit 77; }
[ -x "$FAKEDAEMON" ] || { echo "FAIL $T_NAME: no $FAKEDAEMON"; exit 1; }

chmod 0711 "$T_TMP"
t_ns a
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }

# A root-owned copy named charon (as /usr/lib/ipsec/charon would be), and nobody's own copy.
mkdir -m 0755 "$T_TMP/rootbin" "$T_TMP/nobodybin" "$T_TMP/run"
cp "$FAKEDAEMON" "$T_TMP/rootbin/charon" && chmod 0755 "$T_TMP/rootbin/charon"
cp "$FAKEDAEMON" "$T_TMP/nobodybin/charon" && chown nobody "$T_TMP/nobodybin/charon"
chown nobody "$T_TMP/run"

t_bg a setpriv --reuid=nobody --regid=nogroup --clear-groups "$T_TMP/rootbin/charon" "$T_TMP/run/${P}drip.vici" 800
DRIP=$T_PID
t_bg a setpriv --reuid=nobody --regid=nogroup --clear-groups "$T_TMP/nobodybin/charon" "$T_TMP/run/${P}own.vici" 800
OWN=$T_PID

# A root charon from the root-owned file whose socket file was given to nobody.
t_bg a "$T_TMP/rootbin/charon" "$T_TMP/run/${P}given.vici" 800
GIVEN=$T_PID
chown nobody "$T_TMP/run/${P}given.vici"

start=$(date +%s%N)
t_json --netns "${P}a"
ms=$((($(date +%s%N) - start) / 1000000))
t_true "ifwho finished (rc $T_RC) in $ms ms, under 10 s" "$([ "$T_RC" = 0 ] && [ "$ms" -lt 10000 ] && echo 0 || echo 1)"
t_check "the dripping charon (pid $DRIP) is named as given up on, with the deadline" \
	"[.warnings[] | select(test(\"gave up on charon \\\\(strongSwan, pid $DRIP\\\\).*within 200 ms\"))] | length == 1"
t_check "nobody's own charon (pid $OWN) is not asked: its executable is not root's" \
	"[.warnings[] | select(test(\"did not ask charon \\\\(strongSwan, pid $OWN\\\\).*belongs to uid 65534, not root\"))] | length == 1"
t_check "root's charon (pid $GIVEN) whose socket file belongs to nobody is not asked" \
	"[.warnings[] | select(test(\"did not ask charon \\\\(strongSwan, pid $GIVEN\\\\).*its socket .* belongs to uid 65534\"))] | length == 1"

echo "== --no-daemons asks nobody"
t_json --netns "${P}a" --no-daemons
t_check "no daemon warning" '[.warnings[] | select(test("charon"))] | length == 0'
t_done
