#!/usr/bin/env bash
# The two ways ifwho learns which process holds which socket and tun fd (a BPF iterator, or
# /proc/PID/fd links) must agree, fd for fd.
. "$(dirname "$0")/lib.sh"
t_need_root
t_ns a
A=${P}a
ip -n "$A" link add fa0 type veth peer name fa1
ip -n "$A" addr add 192.0.2.1/24 dev fa0
ip -n "$A" link set fa0 up
t_bg a "$TESTPROC" --name holder tun ft0 mqtun fmq0 3 udp 192.0.2.1 5060 tcp 192.0.2.1 80
t_bg a "$TESTPROC" --name many many 192.0.2.1 200
summary() { # the ownership facts, sorted: interface, pid, fd, socket or tun
	jq -r '.interfaces[] | .name as $i |
		(.used_by[] | "\($i) sock \(.proto) \(.local_port) \(.processes | map("\(.pid)/\(.fd)") | join(","))"),
		(.held_by[] | "\($i) tun \(.process.pid)/\(.fd) \(.confirmed)")' "$1" | sort
}
"$IFWHO" --json --netns "$A" >"$T_TMP/bpf.json"
IFWHO_NO_BPF=1 "$IFWHO" --json --netns "$A" >"$T_TMP/proc.json"
summary "$T_TMP/bpf.json" >"$T_TMP/bpf.txt"
summary "$T_TMP/proc.json" >"$T_TMP/proc.txt"
t_true "both ways see the same holders and sockets" "$(cmp -s "$T_TMP/bpf.txt" "$T_TMP/proc.txt" && echo 0 || { diff "$T_TMP/bpf.txt" "$T_TMP/proc.txt" | head; echo 1; })"
t_true "... and they are not nothing (202 sockets, 4 tun fds)" "$([ "$(grep -c ' sock ' "$T_TMP/bpf.txt")" -ge 202 ] && [ "$(grep -c ' tun ' "$T_TMP/bpf.txt")" = 4 ] && echo 0 || echo 1)"
T_JSON=$T_TMP/bpf.json
t_check "multi-queue tun: three fds of one holder" "$(t_iface a fmq0) | (.held_by | length) == 3 and ([.held_by[].process.pid] | unique | length) == 1"
# The BPF walk and inet_diag agree on this world, socket by socket (lib.sh).
t_same_sockets a
t_done
