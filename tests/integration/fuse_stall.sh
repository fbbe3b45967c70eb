#!/usr/bin/env bash
# A file system that never answers, named by a process that calls itself openvpn: any process
# may have that name and name any path as its --config or --status, and ifwho reads those files
# as the process sees them (in its root, through its mounts). A FUSE mount whose server never
# replies (here: /dev/fuse opened and mounted, the INIT request never read) holds every lookup
# in it until a fatal signal; a user can make one that root may enter with fusermount3 -o
# allow_other (user_allow_other in /etc/fuse.conf), and a root-run FUSE server serving a user's
# files is the same. ifwho as root used to wait there for good; now each file is read by a child
# given 100 ms within the run's 1 s daemon deadline, then killed, with a warning naming the file.
# Each stalled mount lives in a mount namespace of its own holder's (unshare -m): nothing is
# mounted where other tests look, and it goes when the holder is killed. Needs root and FUSE.
. "$(dirname "$0")/lib.sh" || exit 1
[ -d "${T_TMP:-}" ] || { echo "FAIL fuse_stall: no test directory"; exit 1; }
t_need_root
case $IFWHO in /*) ;; *) IFWHO=$PWD/$IFWHO ;; esac # one run is started from another directory
for tool in jq unshare mount timeout; do
	command -v "$tool" >/dev/null || { echo "SKIP $T_NAME: needs $tool"; exit 77; }
done
{ [ -c /dev/fuse ] && grep -qw fuse /proc/filesystems; } || { echo "SKIP $T_NAME: no FUSE"; exit 77; }

t_ns a
t_ns b
t_ns c
mkdir "$T_TMP/fuse"
# stalled NS NAME: a process named openvpn holding tun NAME whose config and status are on a
# FUSE mount that never answers (uid 65534's, allow_other: as fusermount3 would make it).
stalled() {
	t_bg "$1" unshare -m sh -c 'mount --make-rprivate / &&
		exec 3<>/dev/fuse &&
		mount -t fuse -o fd=3,rootmode=40000,user_id=65534,group_id=65534,allow_other \
			ifwstall "$1" &&
		exec "$2" --name openvpn tun "$3" pad --config "$1/$3.conf" --status "$1/$3.status"' \
		sh "$T_TMP/fuse" "$TESTPROC" "$2"
}
printf 'client\ndev tun\nproto udp\nremote 192.0.2.1 1194\n' >"$T_TMP/ok.conf"
t_bg a "$TESTPROC" --name openvpn tun "${P}ok" pad --config "$T_TMP/ok.conf"
stalled a "${P}s1"
stalled a "${P}s2"

t0=$(date +%s%N)
t_json --netns "${P}a"
ms=$((($(date +%s%N) - t0) / 1000000))
t_true "two stalled configs in the namespace: the run ends (rc $T_RC) in $ms ms" \
	"$([ "$T_RC" = 0 ] && [ "$ms" -lt 3000 ] && echo 0 || echo 1)"
for s in s1 s2; do
	t_check "$s: its config is given up on, with a warning naming it" \
		"any(.warnings[]; contains(\"could not read its config file $T_TMP/fuse/${P}$s.conf\") and contains(\"no answer within 100 ms\"))"
done
t_check "the openvpn beside them: its config still read (its far end)" \
	"$(t_iface a "${P}ok") | any(.tunnel.sas[]; .remote == \"192.0.2.1\" and .remote_port == 1194 and .source == \"openvpn config\")"

# Daemons that pass the identity checks (a root-owned executable of the daemon's name, here a
# copy of ifw-testproc, in a mount namespace of the host's user namespace: a user runs the real
# one in `unshare -Urn` the same way) and name a socket or token path on such a mount: the
# lookup is given up on within the conversation's deadline.
mkdir -m 0755 "$T_TMP/rootbin"
for n in openvpn tailscaled zerotier-one; do
	cp "$TESTPROC" "$T_TMP/rootbin/$n" && chmod 0755 "$T_TMP/rootbin/$n"
done
stalled_daemon() {
	local ns=$1 exe=$2
	shift 2
	t_bg "$ns" unshare -m sh -c 'mount --make-rprivate / &&
		exec 3<>/dev/fuse &&
		mount -t fuse -o fd=3,rootmode=40000,user_id=65534,group_id=65534,allow_other \
			ifwstall "$1" &&
		shift && exec "$@"' sh "$T_TMP/fuse" "$T_TMP/rootbin/$exe" "$@"
}
# In a namespace of their own, so that the stalled openvpns above do not use up the run's
# daemon deadline (1 s) before these are asked.
stalled_daemon c openvpn tun "${P}om" pad --management "$T_TMP/fuse/mgmt.sock" unix
stalled_daemon c tailscaled tun "${P}ts" pad --socket="$T_TMP/fuse/ts.sock"
stalled_daemon c zerotier-one tap "${P}zt" pad "$T_TMP/fuse/zt"
t0=$(date +%s%N)
t_json --netns "${P}c"
ms=$((($(date +%s%N) - t0) / 1000000))
t_true "three daemons with paths on stalled FUSE mounts: the run ends (rc $T_RC) in $ms ms" \
	"$([ "$T_RC" = 0 ] && [ "$ms" -lt 3000 ] && echo 0 || echo 1)"
t_check "openvpn's management socket: given up on, with a warning" \
	"any(.warnings[]; contains(\"$T_TMP/fuse/mgmt.sock\") and contains(\"FUSE\"))"
t_check "tailscaled's LocalAPI socket: given up on, with a warning" \
	"any(.warnings[]; contains(\"$T_TMP/fuse/ts.sock\") and contains(\"FUSE\"))"
t_check "zerotier-one's token: given up on, with a warning" \
	"any(.warnings[]; contains(\"$T_TMP/fuse/zt/authtoken.secret\") and contains(\"FUSE\"))"

# Many of them: together they cost at most the run's daemon deadline (1 s), not 100 ms each.
for k in 3 4 5 6 7 8 9 10; do
	stalled b "${P}s$k"
done
# Run from a directory of this run's: its reader children have it as their cwd (below).
mkdir "$T_TMP/cwd"
t0=$(date +%s%N)
cd "$T_TMP/cwd" && t_json
cd - >/dev/null || exit 1
ms=$((($(date +%s%N) - t0) / 1000000))
n=$(jq '[.warnings[] | select(contains("could not read its") and contains("FUSE"))] | length' "$T_JSON")
t_true "ten stalled openvpns (20 files): the run ends (rc $T_RC) in $ms ms, $n files given up" \
	"$([ "$T_RC" = 0 ] && [ "$ms" -lt 6000 ] && [ "$n" -ge 10 ] && echo 0 || echo 1)"
# A reader killed while it waited on FUSE is gone: no ifwho started from this run's directory is
# left waiting there (other runs' ifwho, with other directories, are not counted).
left=0
for p in $(pgrep -x ifwho); do
	[ "$(readlink "/proc/$p/cwd" 2>/dev/null)" = "$T_TMP/cwd" ] || continue
	case $(cat "/proc/$p/wchan" 2>/dev/null) in fuse* | *request_wait*) left=$((left + 1)) ;; esac
done
t_true "no reader child left waiting on FUSE ($left)" "$([ "$left" = 0 ] && echo 0 || echo 1)"
t_done
