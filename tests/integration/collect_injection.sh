#!/usr/bin/env bash
# collect_injection: a process of another user can put lines into root's contrib/ifwho-collect
# file through the commands' output: `ss -p` prints a process name (which any user sets, up to
# 15 bytes, newlines included) as it is. A process named "a\n$ ip l a ci0\n" wrote a line
# "$ ip l a ci0" into the ss section, which `ifwho --evidence` took for a command root typed:
# "made by hand in this session: `ip l a ci0` was typed" (likely) for root's bridge ci0, and a
# switch to another command's parser; the commands backend (root's ifwho running ss itself) the
# same. Inside a collector section nothing is a prompt now.
#
# In a namespace of this run (ifwt<PID>-c): bridge ci0 made by root, ifw-testproc as nobody with
# that name and a UDP socket on 192.0.2.7 (ss lists it with its name); the collector runs as
# root there. Everything is removed on exit; it takes a few seconds.
set -u
IFW_SRC=${IFW_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
COLLECT="$IFW_SRC/contrib/ifwho-collect"

t_need_root
[ -x "$TESTPROC" ] || { echo "SKIP $T_NAME: no ifw-testproc at $TESTPROC"; exit 77; }
command -v jq >/dev/null || { echo "SKIP $T_NAME: needs jq"; exit 77; }
command -v ss >/dev/null || { echo "SKIP $T_NAME: needs ss (iproute2)"; exit 77; }

t_ns c
C="${P}c"
ip -n "$C" link add ci0 type bridge || { echo "FAIL $T_NAME: setup: bridge"; exit 1; }
ip -n "$C" addr add 192.0.2.7/24 dev ci0
ip -n "$C" link set ci0 up
t_bg c "$TESTPROC" --name $'a\n$ ip l a ci0\n' --uid 65534 udp 192.0.2.7 40007

EV="$T_TMP/collect.txt"
chmod 755 "$T_TMP"
timeout 60 ip netns exec "$C" sh "$COLLECT" -t 20 -o "$EV" 2>"$T_TMP/collect.err"
t_true "the collector wrote its file" "$([ -s "$EV" ] && echo 0 || echo 1)"
# the premise: ss put the name's second line at the start of a line of the file
t_true "ss wrote the process name's newline into the file" \
	"$(grep -qx '$ ip l a ci0' "$EV" && echo 0 || echo 1)"

T_JSON="$T_TMP/ev.json"
timeout 60 "$IFWHO" --json -e "$EV" >"$T_JSON" 2>"$T_TMP/ev.err"
t_true "ifwho --evidence reads it (exit 0)" "$?"
t_check "ci0 is in the evidence" '[.interfaces[] | select(.name == "ci0")] | length == 1'
t_check "no typed command is read from the collected output" \
	'[.interfaces[] | select(.name == "ci0") | .findings[] | select(.rule | startswith("typed."))] | length == 0'
t_check "the verdict does not say it was made by hand" \
	'[.interfaces[] | select(.name == "ci0") | .verdict.text | test("typed|by hand")] == [false]'

# The commands backend (IFWHO_BACKEND=commands, root's ifwho running ip, ps and ss itself) reads
# its commands' output through the same sections: the same line named the same "typed" maker.
T_JSON="$T_TMP/cmd.json"
IFWHO_BACKEND=commands timeout 60 ip netns exec "$C" "$IFWHO" --json >"$T_JSON" 2>"$T_TMP/cmd.err"
t_true "the commands backend answers (exit 0)" "$?"
t_check "commands backend: ci0 is listed" '[.interfaces[] | select(.name == "ci0")] | length == 1'
t_check "commands backend: no typed command from ss's output" \
	'[.interfaces[] | select(.name == "ci0") | .findings[] | select(.rule | startswith("typed."))] | length == 0'
t_done
