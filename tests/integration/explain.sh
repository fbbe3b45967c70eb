#!/usr/bin/env bash
# Verdicts with their evidence (issue 4) on live interfaces: a container's veth and its bridge,
# an overlay, tunnels held by known and unknown programs, a misleading name, a process that only
# binds every address, and weak evidence that must stay "possible" or "unknown".
. "$(dirname "$0")/lib.sh"
t_need_root

t_ns h
t_ns ctr
H=${P}h
C=${P}ctr
# A "container": a namespace whose process sits in a Docker-style cgroup.
CID=$(printf '%064x' $(( ($$ << 20) + RANDOM )))
CG=""
for root in /sys/fs/cgroup/unified /sys/fs/cgroup; do
	if [ "$(stat -f -c %T "$root" 2>/dev/null)" = cgroup2fs ]; then
		CG="$root/system.slice/docker-$CID.scope"
		break
	fi
done
ip -n "$H" link add docker0 type bridge
ip -n "$H" link add vethc0 type veth peer name eth0 netns "$C"
ip -n "$H" link set vethc0 master docker0
ip -n "$H" addr add 192.0.2.1/24 dev docker0
ip -n "$C" addr add 192.0.2.2/24 dev eth0
for l in docker0 vethc0; do ip -n "$H" link set "$l" up; done
ip -n "$C" link set eth0 up
ip -n "$H" route add 203.0.113.0/24 via 192.0.2.2
t_bg ctr "$TESTPROC" --name webserver tcp 192.0.2.2 8080
WEB=$T_PID
if [ -n "$CG" ] && mkdir -p "$CG" 2>/dev/null && echo "$WEB" >"$CG/cgroup.procs" 2>/dev/null; then
	HAVE_CG=1
else
	HAVE_CG=0
fi
cleanup_cg() { [ -n "$CG" ] && rmdir "$CG" 2>/dev/null; }

# An overlay named like flannel's, on the flannel port.
ip -n "$H" link add flannel.1 type vxlan id 1 dstport 8472 local 192.0.2.1 dev docker0 nolearning
# A tunnel held by a program called openvpn that talks to its server on UDP 1194.
t_bg h "$TESTPROC" --name openvpn tun vpn0 udpto 203.0.113.5 1194
OVPN=$T_PID
# A tun named like OpenVPN's, held by a program named tailscaled: the holder wins over the name.
t_bg h "$TESTPROC" --name tailscaled tun tun7 udp 0.0.0.0 41641
TS=$T_PID
# A tun held by an unknown program with no tunnel sockets: say what is known, suggest a sample.
t_bg h "$TESTPROC" --name mystery tun odd0
# ntpd binding an address on a tun it did not make.
ip -n "$H" addr add 198.51.100.7/32 dev odd0
ip -n "$H" link set odd0 up
t_bg h "$TESTPROC" --name ntpd udp 198.51.100.7 123

t_json --netns all
t_check "container veth: the container behind it" "$(t_iface h vethc0) | .verdict.category == \"container\" or ($HAVE_CG == 0 and .verdict.rule == \"veth.netns\")"
if [ $HAVE_CG = 1 ]; then
	t_check "container veth: runtime and id from the cgroup" "$(t_iface h vethc0) | .verdict.text | contains(\"docker container ${CID:0:12}\")"
	t_check "container process identity" "$(t_iface h vethc0) | any(.processes_behind[]; .pid == $WEB and .container_runtime == \"docker\" and .container_id == \"$CID\")"
fi
t_check "docker0: Docker's bridge, joining the container's veth" "$(t_iface h docker0) | .verdict.rule == \"bridge.known\" and (.verdict.text | contains(\"vethc0 to docker container\"))"
t_check "flannel.1: flannel's VXLAN overlay, kernel-owned" "$(t_iface h flannel.1) | .verdict.rule == \"overlay.vxlan\" and (.verdict.text | contains(\"flanneld\")) and .kernel_owned"
t_check "vpn0: an OpenVPN tunnel to its server" "$(t_iface h vpn0) | .verdict.rule == \"tunnel.holder\" and (.verdict.text | contains(\"OpenVPN\") and contains(\"203.0.113.5\") and contains(\"UDP 1194\"))"
t_check "vpn0: held by openvpn, its pid" "$(t_iface h vpn0) | .held_by[0].process.pid == $OVPN"
t_check "vpn0: a program only named openvpn is flagged, and trusted less" "$(t_iface h vpn0) | any(.findings[]; .rule == \"tunnel.name-only\") and .verdict.confidence < 90"

t_check "tun7: the holder (Tailscale) beats the name (OpenVPN)" "$(t_iface h tun7) | (.verdict.text | contains(\"Tailscale\")) and (.verdict.text | contains(\"OpenVPN\") | not)"
t_check "odd0: made by mystery, purpose unknown: only 'possible'" "$(t_iface h odd0) | .verdict.confidence < 70 and (.verdict.text | contains(\"mystery\"))"
t_check "odd0: suggests a traffic sample" "$(t_iface h odd0) | any(.next_steps[]; contains(\"--sample\"))"
t_check "odd0: ntpd uses it but is never taken for its creator" "$(t_iface h odd0) | (.held_by | all(.process.comm != \"ntpd\")) and any(.used_by[]; .processes[0].comm == \"ntpd\")"
t_check "every finding carries evidence" "[.interfaces[] | select(.netns == \"$H\") | .findings[] | select((.evidence | length) == 0) | .rule] == []"

t_text --netns "$H" vpn0
t_grep "text: verdict first" "^vpn0: OpenVPN tunnel to 203.0.113.5 over UDP 1194"
t_grep "text: held by" "held by +openvpn \\(pid $OVPN"
t_grep "text: the outer socket as ss shows it" "outside: udp ESTAB [0-9.]+:[0-9]+ -> 203.0.113.5:1194 openvpn"
t_grep "text: evidence section" "^  evidence"
t_text --netns "$H" --why odd0
t_grep "--why shows the rules" "rule tunnel.shape-local"
cleanup_cg
# The BPF walk and inet_diag agree on this world, socket by socket (lib.sh).
t_same_sockets h ctr
t_done
