#!/usr/bin/env bash
# ifwho ip asks the kernel (RTM_GETROUTE, as `ip route get`) in the namespace chosen or in each
# one: loopback, own, broadcast and multicast addresses, blackhole/unreachable/prohibit routes,
# a gateway and an on-link peer; addresses pasted as ADDR:PORT, [V6]:PORT and CIDR.
. "$(dirname "$0")/lib.sh"
t_need_root

t_ns a
t_ns b
A="${P}a"
ip -n "$A" link add va0 type veth peer name vb0 netns "${P}b" || { echo "FAIL $T_NAME: veth"; exit 1; }
ip -n "$A" addr add 192.0.2.1/24 dev va0
ip -n "$A" addr add 2001:db8:1::1/64 dev va0 nodad
ip -n "$A" link set va0 up
ip -n "${P}b" addr add 192.0.2.2/24 dev vb0
ip -n "${P}b" link set vb0 up
ip -n "$A" route add default via 192.0.2.254
ip -n "$A" -6 route add default via 2001:db8:1::fe
ip -n "$A" route add blackhole 198.51.100.0/25
ip -n "$A" route add unreachable 203.0.113.0/25
ip -n "$A" route add prohibit 203.0.113.128/25
ip -n "$A" -6 route add blackhole 2001:db8:dead::/48

# route ADDR: the jq path to the answer in namespace A for query ADDR.
route() { echo ".addresses[] | select(.query == \"$1\") | .routes[] | select(.netns == \"$A\")"; }

t_json ip -n "$A" 127.0.0.1 ::1 0.0.0.0 192.0.2.1 255.255.255.255 192.0.2.255 224.0.0.251 \
	192.0.2.2:443 "[2001:db8:5::1]:53" 198.51.100.0/24 198.51.100.200 203.0.113.7 203.0.113.200 \
	2001:db8:dead::1
t_true "exit 0" "$T_RC"
t_check "one namespace asked, one answer each" "[.addresses[].routes | length] | all(. == 1)"
t_check "127.0.0.1 is local, on lo" "$(route 127.0.0.1) | .type == \"local\" and .dev == \"lo\""
t_check "::1 is local, on lo" "$(route ::1) | .type == \"local\" and .dev == \"lo\""
t_check "0.0.0.0 is local" "$(route 0.0.0.0) | .type == \"local\""
t_check "its own address is local" "$(route 192.0.2.1) | .type == \"local\""
t_check "255.255.255.255 is broadcast, out va0" "$(route 255.255.255.255) | .type == \"broadcast\" and .dev == \"va0\""
t_check "the subnet's broadcast is broadcast" "$(route 192.0.2.255) | .type == \"broadcast\""
t_check "224.0.0.251 is multicast, out va0" "$(route 224.0.0.251) | .type == \"multicast\" and .dev == \"va0\""
t_check "ADDR:PORT: the on-link peer, no gateway, src 192.0.2.1" "$(route 192.0.2.2:443) | .type == \"unicast\" and .dev == \"va0\" and .gateway == null and .src == \"192.0.2.1\""
t_check "ADDR:PORT: port kept" '.addresses[] | select(.query == "192.0.2.2:443") | .port == 443 and .address == "192.0.2.2"'
t_check "[V6]:PORT: through the IPv6 gateway" "$(route '[2001:db8:5::1]:53') | .gateway == \"2001:db8:1::fe\" and .dev == \"va0\" and .table == \"main\""
t_check "CIDR: the blackholed range" "$(route 198.51.100.0/24) | .type == \"blackhole\""
t_check "CIDR: prefix kept" '.addresses[] | select(.query == "198.51.100.0/24") | .prefix_len == 24'
t_check "beside the blackhole, the default route" "$(route 198.51.100.200) | .type == \"unicast\" and .gateway == \"192.0.2.254\""
t_check "an unreachable route" "$(route 203.0.113.7) | .type == \"unreachable\" and .error != null"
t_check "a prohibit route" "$(route 203.0.113.200) | .type == \"prohibit\""
t_check "an IPv6 blackhole" "$(route 2001:db8:dead::1) | .type == \"blackhole\""

t_json ip -n "$A" "192.0.2.1:44920->192.0.2.2:8443"
t_check "lsof's A->B: both ends asked about" '[.addresses[].query] == ["192.0.2.1:44920", "192.0.2.2:8443"]'
t_check "... this end local, the other through va0" "($(route 192.0.2.1:44920) | .type == \"local\") and ($(route 192.0.2.2:8443) | .dev == \"va0\")"

t_text ip -n "$A" 127.0.0.1 192.0.2.2:443 203.0.113.7
t_grep "text: local" "route +local: an address of this host, dev lo"
t_grep "text: the peer" "route +out va0 \(on-link: no gateway\), src 192\.0\.2\.1, table main"
t_grep "text: unreachable" "route +unreachable route"
t_true "text: no 'default route' for loopback" "$(grep -q 'default route' "$T_OUT" && echo 1 || echo 0)"

# Every namespace: both of ours answer, alike ones share a line.
t_json ip 192.0.2.2
t_check "without -n: namespace a answers (via va0)" "$(route 192.0.2.2) | .dev == \"va0\""
t_check "without -n: namespace b answers: its own address" ".addresses[0].routes[] | select(.netns == \"${P}b\") | .type == \"local\""
t_text ip 127.0.0.1
t_grep "text: namespaces that answered alike are named on one line" "\[netns .*${P}a, ${P}b|\[netns .*${P}b, .*\]"

t_text ip -n "${P}c" 192.0.2.1
t_true "an unknown namespace: exit 2" "$([ "$T_RC" = 2 ] && echo 0 || echo 1)"
t_done
