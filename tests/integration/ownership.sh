#!/usr/bin/env bash
# Who holds an interface and who uses it: tun holders confirmed per namespace (two tuns of the
# same name in two namespaces), sockets on a veth's address and on the device, the tunnel's
# outer socket and far end, the processes behind a veth, and sockets that come and go mid-scan.
. "$(dirname "$0")/lib.sh"
t_need_root

t_ns a
t_ns b
A=${P}a
B=${P}b
ip -n "$A" link add va0 type veth peer name vb0 netns "$B"
ip -n "$A" addr add 192.0.2.1/24 dev va0
ip -n "$B" addr add 192.0.2.2/24 dev vb0
ip -n "$A" link set va0 up
ip -n "$B" link set vb0 up

# Same tun name in both namespaces, each held by its own process. The one in a also talks to
# a "far end" on the IPsec NAT-T port, so it looks like a tunnel daemon.
t_bg a "$TESTPROC" --name tunholder-a tun same0 udpto 192.0.2.2 4500
HA=$T_PID
t_bg b "$TESTPROC" --name tunholder-b tun same0
HB=$T_PID
# Sockets on va0: UDP on its address, TCP listening on it, UDP bound to the device.
t_bg a "$TESTPROC" --name sockuser udp 192.0.2.1 5060 tcp 192.0.2.1 8080 udpdev va0 0.0.0.0 9999
HS=$T_PID
# A process living behind the veth (in b).
t_bg b "$TESTPROC" --name behind-b udp 192.0.2.2 7000
HBH=$T_PID

# Sockets that open and close while ifwho scans: never an error, never a wrong owner.
(
	end=$((SECONDS + 6))
	while [ $SECONDS -lt $end ]; do
		ip netns exec "$A" timeout 0.2 "$TESTPROC" --name churner udp 192.0.2.1 0 >/dev/null 2>&1
	done
) &
T_PIDS+=($!)
CHURN=$!

t_json --netns all
SA=$(t_iface a same0)
SB=$(t_iface b same0)
t_check "tun in a held by its own process only" "$SA | [.held_by[].process.pid] == [$HA]"
t_check "tun in b held by its own process only" "$SB | [.held_by[].process.pid] == [$HB]"
t_check "holders confirmed by the device's namespace" "$SA | .held_by[0].confirmed == true"
t_check "tunnel's outer socket: the holder's UDP to 4500" "$SA | any(.tunnel.outer_sockets[]; .remote == \"192.0.2.2\" and .remote_port == 4500)"
t_check "tunnel far end from the connected socket" "$SA | any(.tunnel.peers[]; .address == \"192.0.2.2\" and .port == 4500)"
t_check "the far end's owner: documentation range" "$SA | .tunnel.peers[0].owner.special == \"documentation\""
IV=$(t_iface a va0)
t_check "UDP on va0's address, with its process" "$IV | any(.used_by[]; .proto == \"udp\" and .local == \"192.0.2.1\" and .local_port == 5060 and .processes[0].pid == $HS)"
t_check "TCP listening on va0's address" "$IV | any(.used_by[]; .proto == \"tcp\" and .local_port == 8080 and .state == \"LISTEN\" and .processes[0].pid == $HS)"
t_check "UDP bound to the device" "$IV | any(.used_by[]; .local_port == 9999 and .bound_device == \"va0\" and .processes[0].comm == \"sockuser\")"
t_check "the process behind the veth" "$IV | any(.processes_behind[]; .pid == $HBH)"
t_check "the veth verdict names the namespace" "$IV | .verdict.rule == \"veth.netns\" and (.verdict.text | contains(\"$B\"))"
t_check "no socket owned by a process that does not exist" "[.interfaces[].used_by[].processes[].pid] | all(. != null)"

# Repeated runs during the churn: each must succeed.
fails=0
for i in 1 2 3 4 5; do
	timeout 20 "$IFWHO" --json --netns "$A" >/dev/null 2>&1 || fails=$((fails + 1))
done
t_true "five runs during socket churn all succeed" "$fails"

# A single interface, asked by name, in both namespaces.
t_text same0
t_grep "both same-named tuns are shown" "tunholder-a"
t_grep "... each with its own holder" "tunholder-b"
# The BPF walk and inet_diag agree on this world, socket by socket (lib.sh), once the churn is
# over (its sockets live 0.2 s: the two ways would each see others).
wait "$CHURN"
t_same_sockets a b
t_done
