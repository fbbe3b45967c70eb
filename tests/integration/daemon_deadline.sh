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
# The same rules hold for WireGuard's UAPI (one module asks every daemon): next to a root
# process run from a root-owned wireguard-go, a UAPI socket served by nobody, or whose file is
# nobody's, is not trusted, although the same answer from root's own socket is believed. And
# many hanging fakes of every kind together (vici, UAPI, OpenVPN management over TCP and
# unix sockets, Tailscale's LocalAPI, ZeroTier's service API) cost the run's one daemon
# deadline (1 s), not the sum of their deadlines.
# Needs root (skips otherwise).
. "$(dirname "$0")/lib.sh" || exit 1
[ -d "${T_TMP:-}" ] || { echo "FAIL daemon_deadline: no test directory"; exit 1; }
t_need_root
FAKEDAEMON=${FAKEDAEMON:-build/tests/ifw-fakedaemon}
for tool in jq setpriv timeout; do
	command -v "$tool" >/dev/null || { echo "SKIP $T_NAME: needs $tool"; exit 77; }
done
id nobody >/dev/null 2>&1 || { echo "SKIP $T_NAME: needs user nobody"; exit 77; }
[ -x "$FAKEDAEMON" ] || { echo "FAIL $T_NAME: no $FAKEDAEMON"; exit 1; }

chmod 0711 "$T_TMP"
t_ns a
t_ns b
# Sockets put where daemons keep theirs (/run/wireguard) are removed at the end.
PLANTED=()
d_cleanup() {
	t_cleanup
	local s
	for s in "${PLANTED[@]}"; do rm -f "$s"; done
}
trap d_cleanup EXIT
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }

# A root-owned copy named charon (as /usr/lib/ipsec/charon would be), and nobody's own copy.
mkdir -m 0755 "$T_TMP/rootbin" "$T_TMP/nobodybin" "$T_TMP/run"
cp "$FAKEDAEMON" "$T_TMP/rootbin/charon" && chmod 0755 "$T_TMP/rootbin/charon"
cp "$FAKEDAEMON" "$T_TMP/nobodybin/charon" && chown nobody "$T_TMP/nobodybin/charon"
chown nobody "$T_TMP/run"
# Root-owned copies of the test process named like the other daemons, and one nobody may run.
for n in wireguard-go openvpn tailscaled zerotier-one ifw-testproc; do
	cp "$TESTPROC" "$T_TMP/rootbin/$n" && chmod 0755 "$T_TMP/rootbin/$n"
done
mkdir -m 0755 "$T_TMP/rootrun" "$T_TMP/rootrun/wireguard"

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

echo "== WireGuard UAPI sockets of another user next to a root wireguard-go"
WG=$T_TMP/rootbin/wireguard-go
# Control: root's own socket (found among its fds) with the fake answer is believed.
t_bg a "$WG" tun "${P}wr" unixsrv "$T_TMP/rootrun/wireguard/${P}wr.sock" uapi
WR=$T_PID
# nobody serves the socket at the conventional path of a root holder of the same UDP port the
# answer names (so the answer would pass every other check); once with nobody's socket file,
# once with the file given to root (only SO_PEERCRED tells).
mkdir -p -m 0755 /run/wireguard
for k in wn wp; do
	t_bg a "$WG" tun "${P}$k" udp 0.0.0.0 51999
	eval "${k^^}=\$T_PID"
	mkdir -m 0755 "$T_TMP/run/$k" && chown nobody "$T_TMP/run/$k"
	t_bg a setpriv --reuid=nobody --regid=nogroup --clear-groups "$T_TMP/rootbin/ifw-testproc" \
		unixsrv "$T_TMP/run/$k/${P}$k.sock" uapi
	PLANTED+=("/run/wireguard/${P}$k.sock")
	mv "$T_TMP/run/$k/${P}$k.sock" "/run/wireguard/${P}$k.sock"
done
chown root "/run/wireguard/${P}wp.sock"
# root serves its own socket, but its file was given to nobody.
t_bg a "$WG" tun "${P}wg" unixsrv "$T_TMP/rootrun/wireguard/${P}wg.sock" uapi
WGV=$T_PID
chown nobody "$T_TMP/rootrun/wireguard/${P}wg.sock"
t_json --netns "${P}a"
t_check "control: root's own UAPI socket is believed (the fake answer is valid)" \
	"$(t_iface a "${P}wr") | any(.tunnel.sas[]; .source == \"wireguard uapi\" and .remote == \"203.0.113.77\")"
t_check "nobody's UAPI socket next to root's wireguard-go (pid $WN): not trusted, warned" \
	"any(.warnings[]; test(\"could not ask wireguard-go \\\\(pid $WN\\\\) about ${P}wn's WireGuard peers at /run/wireguard/${P}wn.sock: its socket .* belongs to uid 65534\"))"
t_check "nobody's UAPI socket: no session" "$(t_iface a "${P}wn") | .tunnel.sas == []"
t_check "a root-owned UAPI socket file served by nobody (pid $WP's tunnel): not trusted (SO_PEERCRED)" \
	"any(.warnings[]; test(\"pid $WP\\\\) about ${P}wp's .* runs as uid 65534\"))"
t_check "served by nobody: no session" "$(t_iface a "${P}wp") | .tunnel.sas == []"
t_check "root's wireguard-go (pid $WGV) whose socket file is nobody's: not trusted" \
	"any(.warnings[]; test(\"pid $WGV\\\\) about ${P}wg's .* belongs to uid 65534\"))"
t_check "socket file nobody's: no session" "$(t_iface a "${P}wg") | .tunnel.sas == []"
t_check "nothing at all from 203.0.113.77 but the control" \
	"[.interfaces[] | .tunnel.sas[]? | select(.remote == \"203.0.113.77\")] | length == 1"

echo "== many hanging fakes of every kind: one deadline for them all"
# 3 charons (200 ms each), 3 wireguard-go (100 ms each), 10 openvpn management interfaces
# (100 ms each; half TCP on loopback in their namespace, half unix), a tailscaled and a
# zerotier-one (150 ms each): 2.2 s if each took its own deadline, 1 s with the run's.
HANG=()
for k in 1 2 3; do
	t_bg b setpriv --reuid=nobody --regid=nogroup --clear-groups "$T_TMP/rootbin/charon" "$T_TMP/run/${P}h$k.vici" 800
	HANG+=("charon \\\\(strongSwan, pid $T_PID\\\\)")
	t_bg b "$WG" tun "${P}hw$k" unixsrv "$T_TMP/rootrun/wireguard/${P}hw$k.sock" hang
	HANG+=("${P}hw$k's WireGuard peers")
done
MPORT=$((20000 + $$ % 20000))
for k in 1 2 3 4 5; do
	t_bg b "$T_TMP/rootbin/openvpn" tcp 127.0.0.1 $((MPORT + k)) pad --management 127.0.0.1 $((MPORT + k))
	HANG+=("OpenVPN \\\\(pid $T_PID\\\\)")
	t_bg b "$T_TMP/rootbin/openvpn" unixsrv "$T_TMP/rootrun/${P}om$k.sock" hang pad --management "$T_TMP/rootrun/${P}om$k.sock" unix
	HANG+=("OpenVPN \\\\(pid $T_PID\\\\) on its management interface $T_TMP/rootrun/${P}om$k.sock: ")
done
mkdir -m 0755 "$T_TMP/rootrun/ts"
t_bg b "$T_TMP/rootbin/tailscaled" tun "${P}hts" unixsrv "$T_TMP/rootrun/ts/tailscaled.sock" hang
HANG+=("tailscaled \\\\(pid $T_PID\\\\) about ${P}hts's tailnet")
# zerotier-one's token where it keeps it, in a bind mount of its own mount namespace.
mkdir -p "$T_TMP/ztlib/zerotier-one"
echo "0123456789abcdefghijklmn" >"$T_TMP/ztlib/zerotier-one/authtoken.secret"
chmod 0600 "$T_TMP/ztlib/zerotier-one/authtoken.secret"
t_bg b sh -c 'mount --bind "$1" /var/lib && exec "$2" tap "$3" tcpsrv 0.0.0.0 9993 hang' \
	sh "$T_TMP/ztlib" "$T_TMP/rootbin/zerotier-one" "${P}hzt"
HANG+=("zerotier-one \\\\(pid $T_PID\\\\) about ${P}hzt's ZeroTier network")
start=$(date +%s%N)
t_json --netns "${P}b" --no-daemons
base=$((($(date +%s%N) - start) / 1000000))
start=$(date +%s%N)
t_json --netns "${P}b"
ms=$((($(date +%s%N) - start) / 1000000))
echo "       (18 hanging fakes: $ms ms; without asking daemons: $base ms)"
t_true "18 hanging fakes cost the run at most 1.45 s more (their own deadlines add up to 2.2 s)" \
	"$([ "$T_RC" = 0 ] && [ $((ms - base)) -lt 1450 ] && echo 0 || echo 1)"
for h in "${HANG[@]}"; do
	t_check "warned: $h" "any(.warnings[]; test(\"$h\"))"
done
t_check "a charon was given up on at its 200 ms" 'any(.warnings[]; test("gave up on charon .*within 200 ms"))'
t_check "a wireguard-go was given up on at its 100 ms" "any(.warnings[]; test(\"${P}hw.*no complete answer\"))"
t_check "an OpenVPN management interface was given up on" 'any(.warnings[]; test("OpenVPN .*management interface.*no complete answer"))'
t_check "the rest were not asked: the run's daemon time was used up" 'any(.warnings[]; test("the 1000 ms all daemon queries may take were used up"))'

echo "== --no-daemons asks nobody"
t_json --netns "${P}a" --no-daemons
t_check "no daemon warning" '[.warnings[] | select(test("charon"))] | length == 0'
t_done
