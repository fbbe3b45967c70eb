#!/usr/bin/env bash
# evidence_roundtrip: contrib/ifwho-collect run inside a namespace, then `ifwho --evidence FILE`
# compared with live `ifwho --netns NAME` on the same namespace: the same interfaces, kinds,
# addresses and verdict categories, the tun's holder (from the fdinfo lines the collector saves).
# Differences that offline evidence cannot avoid (the other end of a veth known only by its id)
# are checked as such, not ignored.
#
# The namespace (ifwev-PID-a) holds: a veth whose peer is in ifwev-PID-b, a bridge with a veth
# pair, and a tun held by an ifw-testproc named "openvpn" (with a UDP socket connected to port
# 1194 through the veth); a second one, also "openvpn", binds the tun's address and talks to
# 1194 too. Addresses: 192.0.2.0/24, 198.51.100.0/24, 2001:db8::/32. Needs root; everything it
# creates (namespaces, processes) is removed on exit, and it takes well under a minute.
# shellcheck disable=SC2016 # the single-quoted strings are jq programs
set -u
IFW_SRC=${IFW_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
P="ifwev-$$-" # the prefix of everything this test creates
COLLECT="$IFW_SRC/contrib/ifwho-collect"

t_need_root
[ -x "$TESTPROC" ] || { echo "SKIP $T_NAME: no ifw-testproc at $TESTPROC"; exit 77; }
command -v jq >/dev/null || { echo "SKIP $T_NAME: needs jq"; exit 77; }

fail_setup() {
	echo "FAIL $T_NAME: setup: $*"
	exit 1
}

t_ns a
t_ns b
A="${P}a"
B="${P}b"
# No automatic link-local addresses: live and offline see the same addresses, whenever taken.
for k in all default; do
	ip netns exec "$A" sysctl -qw "net.ipv6.conf.$k.addr_gen_mode=1" 2>/dev/null
done
ip -n "$A" link add ev0 type veth peer name ev1 netns "$B" || fail_setup "veth"
ip -n "$A" addr add 192.0.2.10/24 dev ev0
ip -n "$A" addr add 2001:db8:e0::10/64 dev ev0 nodad
ip -n "$A" link set ev0 up
ip -n "$B" addr add 192.0.2.11/24 dev ev1
ip -n "$B" link set ev1 up
ip -n "$A" route add default via 192.0.2.11
ip -n "$A" link add evbr0 type bridge || fail_setup "bridge"
ip -n "$A" link add ev2 type veth peer name ev3 || fail_setup "second veth"
ip -n "$A" link set ev2 master evbr0
ip -n "$A" addr add 198.51.100.1/24 dev evbr0
for l in evbr0 ev2 ev3; do ip -n "$A" link set "$l" up; done
# Something lives behind ev0 (else live calls the pair a leftover, which saved output of
# namespace a alone cannot tell).
t_bg b "$TESTPROC" --name peerd
t_bg a "$TESTPROC" --name openvpn tun evtun0 udpto 192.0.2.11 1194
TUNPROC=$T_PID
ip -n "$A" addr add 198.51.100.66 peer 198.51.100.65 dev evtun0 || fail_setup "tun address"
ip -n "$A" link set evtun0 up
# a second holder process that binds the tun's address (as tailscaled or CommCenter do): the
# socket rule's way to the creator when no tun fd can be seen
t_bg a "$TESTPROC" --name openvpn udp 198.51.100.66 1195 udpto 192.0.2.11 1194
PEERPROC=$T_PID

EV="$T_TMP/evidence.txt"
timeout 60 ip netns exec "$A" sh "$COLLECT" -o "$EV" 2>"$T_TMP/collect.err"
rc=$?
t_true "ifwho-collect exits 0 (rc $rc)" "$rc"
grep -q '^### ifwho-collect: ip -d -j link' "$EV" 2>/dev/null
t_true "the evidence file has an ip -d -j link section" $?
if [ -s "$T_TMP/collect.err" ] && ! grep -q '^ifwho-collect: wrote' "$T_TMP/collect.err"; then
	echo "  note: ifwho-collect stderr: $(head -c 300 "$T_TMP/collect.err")"
fi

t_json --netns "$A"
LIVE=$T_JSON
[ -s "$LIVE" ] || { echo "FAIL $T_NAME: ifwho --netns $A printed nothing (rc $T_RC)"; exit 1; }
t_json --evidence "$EV"
OFF=$T_JSON
[ -s "$OFF" ] || { echo "FAIL $T_NAME: ifwho --evidence printed nothing (rc $T_RC)"; exit 1; }

# jq over both reports: $live and $off
both() { jq -n -e --slurpfile live "$LIVE" --slurpfile off "$OFF" "$2" >/dev/null 2>&1; }
check() {
	T_CHECKS=$((T_CHECKS + 1))
	if both "$1" "$2"; then
		echo "  ok   $1"
	else
		echo "  FAIL $1"
		echo "       jq: $2"
		T_FAILS=$((T_FAILS + 1))
	fi
}
L='($live[0].interfaces | map(select(.netns == "'"$A"'")))'
O='($off[0].interfaces)'

check "the evidence report says so" '$off[0].source == "evidence" and $live[0].source == "live"'
check "nothing in the evidence was skipped" '$off[0].skipped.lines == 0'
check "same interface names" "($L | map(.name) | sort) == ($O | map(.name) | sort)"
check "same kinds" "($L | map({(.name): .kind}) | add) == ($O | map({(.name): .kind}) | add)"
check "same addresses" \
	"($L | map({(.name): ([.addresses[] | \"\\(.address)/\\(.prefixlen)\"] | sort)}) | add) ==
	 ($O | map({(.name): ([.addresses[] | \"\\(.address)/\\(.prefixlen)\"] | sort)}) | add)"
check "same MTUs and flags" \
	"($L | map({(.name): [.mtu, (.flags | sort)]}) | add) == ($O | map({(.name): [.mtu, (.flags | sort)]}) | add)"
check "same verdict categories" \
	"($L | map({(.name): .verdict.category}) | add) == ($O | map({(.name): .verdict.category}) | add)"
check "the tun is an OpenVPN tunnel in both" \
	"[$L, $O][] | map(select(.name == \"evtun0\"))[0].verdict.category == \"vpn\""
check "the bridge joins ev2 in both" \
	"[$L, $O][] | map(select(.name == \"evbr0\"))[0].ports == [\"ev2\"]"
check "the same processes use the tun's address" \
	"($L | map(select(.name == \"evtun0\"))[0].used_by | map(.processes[].pid) | sort) ==
	 ($O | map(select(.name == \"evtun0\"))[0].used_by | map(.processes[].pid) | sort)"
check "the default route leaves by ev0 in both" \
	"[$L, $O][] | map(select(.name == \"ev0\"))[0].routes | any(.dst_len == 0 and .gateway == \"192.0.2.11\")"

# The tun's holder: live through its tun fd; offline through the same fd, from the fdinfo
# "iff:" lines ifwho-collect saves with the holder's namespace (this one).
check "live: the tun's holder is confirmed by its tun fd" \
	"$L | map(select(.name == \"evtun0\"))[0].held_by | any(.confirmed)"
check "offline: the tun's holder is confirmed by its fdinfo iff: line (pid $TUNPROC)" \
	"$O | map(select(.name == \"evtun0\"))[0].held_by | any(.confirmed and .process.pid == $TUNPROC and .fd >= 0)"
# What offline evidence cannot know, checked as such:
check "offline: the process binding its address (pid $PEERPROC) is not its holder" \
	"$O | map(select(.name == \"evtun0\"))[0].held_by | all(.process.pid != $PEERPROC)"
# the veth's other end is named live, and known only by its id offline.
check "live: ev0's peer namespace is named" \
	"$L | map(select(.name == \"ev0\"))[0].link.netns == \"$B\""
check "offline: ev0's peer namespace is a netnsid" \
	"$O | map(select(.name == \"ev0\"))[0].link.netns | startswith(\"netnsid \")"

# EVIDENCE_KEEP=DIR keeps the evidence file and both reports for a look after the test.
if [ -n "${EVIDENCE_KEEP:-}" ] && mkdir -p "$EVIDENCE_KEEP"; then
	cp "$EV" "$EVIDENCE_KEEP/evidence.txt"
	cp "$LIVE" "$EVIDENCE_KEEP/live.json"
	cp "$OFF" "$EVIDENCE_KEEP/offline.json"
fi
t_done
