#!/usr/bin/env bash
# The foundation's inventory: every kind of interface the tests can create, in its own namespaces,
# checked field by field against what was created (kinds, peers, masters, parents, namespaces,
# addresses, routes).
. "$(dirname "$0")/lib.sh"
t_need_root

t_ns a
t_ns b
A=${P}a
B=${P}b
# veth with its peer in another namespace
ip -n "$A" link add va0 type veth peer name vb0 netns "$B"
ip -n "$A" addr add 192.0.2.1/24 dev va0
ip -n "$B" addr add 192.0.2.2/24 dev vb0
ip -n "$A" link set va0 up
ip -n "$B" link set vb0 up
ip -n "$A" -6 addr add 2001:db8:1::1/64 dev va0 nodad
ip -n "$A" route add 198.51.100.0/24 via 192.0.2.2 dev va0
ip -n "$A" route add 203.0.113.0/24 dev va0 table 100
ip -n "$A" rule add from 192.0.2.1 lookup 100 prio 1000
# a bridge with two ports (veth pairs inside a)
ip -n "$A" link add br0 type bridge
ip -n "$A" link add p1 type veth peer name p1x
ip -n "$A" link add p2 type veth peer name p2x
ip -n "$A" link set p1 master br0
ip -n "$A" link set p2 master br0
ip -n "$A" addr add 198.51.100.1/24 dev br0
ip -n "$A" link set br0 up
# vxlan over va0
ip -n "$A" link add vx42 type vxlan id 42 dstport 4789 local 192.0.2.1 remote 192.0.2.2 dev va0
# macvlan on a veth
ip -n "$A" link add mv0 link p1x type macvlan mode bridge
# a VLAN, where the kernel has 802.1Q
HAVE_VLAN=0
ip -n "$A" link add link p2x name p2x.7 type vlan id 7 2>/dev/null && HAVE_VLAN=1
# a persistent tap
ip -n "$A" tuntap add dev ptap0 mode tap
# a tun held by a test process
t_bg a "$TESTPROC" tun held0
HOLDER=$T_PID

t_json --netns all
IA=$(t_iface a va0)
t_check "veth kind" "$IA | .kind == \"veth\""
t_check "veth peer name and namespace (nsid resolved)" "$IA | .link.name == \"vb0\" and .link.netns == \"$B\""
t_check "veth peer side points back" "$(t_iface b vb0) | .link.name == \"va0\" and .link.netns == \"$A\""
t_check "IPv4 address" "$IA | any(.addresses[]; .address == \"192.0.2.1\" and .prefixlen == 24)"
t_check "IPv6 address" "$IA | any(.addresses[]; .address == \"2001:db8:1::1\" and .prefixlen == 64)"
t_check "route via gateway" "$IA | any(.routes[]; .dst == \"198.51.100.0\" and .dst_len == 24 and .gateway == \"192.0.2.2\")"
t_check "route in table 100" "$IA | any(.routes[]; .table == 100 and .dst == \"203.0.113.0\")"
t_check "bridge kind and ports" "$(t_iface a br0) | .kind == \"bridge\" and (.ports | sort) == [\"p1\",\"p2\"]"
t_check "bridge port's master" "$(t_iface a p1) | .master.name == \"br0\""
t_check "vxlan details" "$(t_iface a vx42) | .kind == \"vxlan\" and .details.vni == 42 and .details.port == 4789 and .details.remote == \"192.0.2.2\" and .details.local == \"192.0.2.1\""
t_check "vxlan verdict names the overlay" "$(t_iface a vx42) | .verdict.rule == \"overlay.vxlan\""
t_check "macvlan parent and mode" "$(t_iface a mv0) | .kind == \"macvlan\" and .link.name == \"p1x\" and .details.mode == \"bridge\""
if [ $HAVE_VLAN = 1 ]; then
	t_check "vlan id and parent" "$(t_iface a p2x.7) | .kind == \"vlan\" and .details.id == 7 and .link.name == \"p2x\""
else
	echo "  --   no 802.1Q in this kernel: VLAN not checked"
fi
t_check "persistent tap" "$(t_iface a ptap0) | .kind == \"tun\" and .details.type == \"tap\" and .details.persist == true and (.held_by | length) == 0"
t_check "persistent tap verdict: a leftover" "$(t_iface a ptap0) | .verdict.rule == \"leftover.persistent-tun\" and .verdict.category == \"leftover\" and any(.next_steps[]; contains(\"ip tuntap del\"))"
t_check "held tun: holder pid confirmed" "$(t_iface a held0) | .details.type == \"tun\" and .held_by[0].process.pid == $HOLDER and .held_by[0].confirmed == true"
t_check "loopback" "$(t_iface a lo) | .verdict.category == \"loopback\""
t_check "namespaces listed by name" "[.namespaces[].name] | index(\"$A\") != null and index(\"$B\") != null"
t_check "schema version" ".schema_version == 1"

# One namespace only: nothing from b.
t_json --netns "$A"
t_check "--netns selects one namespace" "[.interfaces[].netns] | unique == [\"$A\"]"

# An interface asked for by name; an unknown name exits 1 with a suggestion.
t_text --netns "$A" vx42
t_true "ifwho NAME exits 0" "$T_RC"
t_grep "verdict line first" "^vx42: VXLAN overlay network"
timeout 10 "$IFWHO" --netns "$A" vx43 >/dev/null 2>"$T_TMP/err"
rc=$?
t_true "unknown interface exits 1" "$([ $rc = 1 ] && echo 0 || echo 1)"
t_true "suggests a close name" "$(grep -q 'did you mean vx42' "$T_TMP/err" && echo 0 || echo 1)"
timeout 10 "$IFWHO" --bogus >/dev/null 2>"$T_TMP/err"
rc=$?
t_true "unknown option exits 2 with one line" "$([ $rc = 2 ] && [ "$(wc -l <"$T_TMP/err")" = 1 ] && echo 0 || echo 1)"
# The BPF walk and inet_diag agree on this world, socket by socket (lib.sh).
t_same_sockets a b
t_done
