#!/usr/bin/env bash
# A user's program named like a network daemon is not the creator of root's links. ifwho names
# "dockerd (pid N) most likely made it" for a docker0 with no holder when a process the
# knowledge files as dockerd runs; any user can run a program named dockerd. Without
# capabilities a user's process can make links only in a network namespace its own user
# namespace owns, so: a nobody "dockerd" in a namespace root made, or in the host's, is not named
# for that namespace's docker0 (it was, at 70 %); a rootless runtime's dockerd (nobody's, in an
# `unshare -Urn` of its own, where it made docker0) still is. Needs root and unprivileged user
# namespaces (skips the rootless part without them).
. "$(dirname "$0")/lib.sh" || exit 1
[ -d "${T_TMP:-}" ] || { echo "FAIL creator_decoy: no test directory"; exit 1; }
t_need_root
for tool in jq runuser unshare; do
	command -v "$tool" >/dev/null || { echo "SKIP $T_NAME: needs $tool"; exit 77; }
done
id nobody >/dev/null 2>&1 || { echo "SKIP $T_NAME: needs user nobody"; exit 77; }
chmod 0711 "$T_TMP"
cp "$TESTPROC" "$T_TMP/testproc" && chmod 0755 "$T_TMP/testproc"

t_ns a
ip -n "${P}a" link add docker0 type bridge || { echo "FAIL $T_NAME: bridge"; exit 1; }
ip -n "${P}a" link add br-0123456789ab type bridge
# the decoys: nobody's, one in the namespace, one in the host's
t_bg a runuser -u nobody -- "$T_TMP/testproc" --name dockerd pad
D1=$T_PID
t_bg - runuser -u nobody -- "$T_TMP/testproc" --name dockerd pad
D2=$T_PID
pids="$(pgrep -P "$D1" -x dockerd) $(pgrep -P "$D2" -x dockerd) $D1 $D2"

t_json --netns "${P}a"
for b in docker0 br-0123456789ab; do
	for d in $pids; do
		t_check "$b: nobody's dockerd (pid $d) is not named as its creator" \
			"[$(t_iface a "$b") | .. | strings | select(test(\"pid $d\\\\b\"))] | length == 0"
	done
done
t_check "br-0123456789ab: no dockerd that could have made it runs: a leftover" \
	"$(t_iface a br-0123456789ab) | .verdict.category == \"leftover\""

if runuser -u nobody -- unshare -Urn true 2>/dev/null; then
	t_bg - runuser -u nobody -- unshare -Urn sh -c \
		'ip link add docker0 type bridge && exec "$1" --name dockerd pad' sh "$T_TMP/testproc"
	R=$(pgrep -P "$T_PID" -x dockerd || true)
	[ -n "$R" ] || R=$(pgrep -u nobody -n -x dockerd)
	t_json
	t_check "a rootless dockerd (nobody's, pid $R) in a namespace of its own: named for its docker0" \
		"[.interfaces[] | select(.name == \"docker0\" and .netns == \"pid $R (dockerd)\") | .verdict.text | test(\"dockerd \\\\(pid $R\\\\) most likely made it\")] == [true]"
else
	echo "  (no unprivileged user namespaces: the rootless case not checked)"
fi
t_done
