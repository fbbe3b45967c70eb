#!/usr/bin/env bash
# Far ends of tunnels whose daemon sends from an unconnected UDP socket (issue 14, item 2), live
# with real software: socat TUN tunnels over UDP-DATAGRAM (sendto on an unconnected socket) and
# wireguard-go, between two namespaces joined by a veth.
#  - conntrack: namespace a tracks connections (an nftables rule with `ct state`); without
#    --sample, its tunnels name their far ends from conntrack (wireguard-go with --no-daemons
#    too); namespace b tracks nothing and names none that way.
#  - the sample feeds back: b's far end, seen by --sample --underlay, becomes the tunnel's far
#    end (verdict, tunnel line, JSON, with its owner) and the advice changes.
#  - --underlay for a socket bound to 0.0.0.0: every interface of a is sampled on its port.
#  - offline concludes what live concludes: contrib/ifwho-collect run in a saves `conntrack -L`,
#    and `ifwho --evidence` names the same far end from it (via conntrack, with its owner, in the
#    verdict and the tunnel line) as the live ctnetlink dump did.
# Needs root; traffic stays between the two namespaces.
. "$(dirname "$0")/lib.sh"
t_need_root
for c in socat nft jq; do
	command -v "$c" >/dev/null || { echo "SKIP $T_NAME: $c is not installed"; exit 77; }
done
HAVE_WG=0
command -v wireguard-go >/dev/null && command -v wg >/dev/null && HAVE_WG=1
umask 077

SOCKS=()
pf_cleanup() {
	t_cleanup
	local s
	for s in "${SOCKS[@]}"; do rm -f "$s"; done
}
trap pf_cleanup EXIT

t_ns a
t_ns b
A=${P}a
B=${P}b
ip -n "$A" link add ul0 type veth peer name ul0 netns "$B"
ip -n "$A" addr add 192.0.2.1/24 dev ul0
ip -n "$B" addr add 192.0.2.2/24 dev ul0
ip -n "$A" link set ul0 up
ip -n "$B" link set ul0 up
for ns in "$A" "$B"; do ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=1; done
# a tracks connections: any rule with a conntrack expression makes the kernel track there.
ip netns exec "$A" nft 'add table inet ifwct; add chain inet ifwct in { type filter hook input priority 0; }; add rule inet ifwct in ct state invalid drop'
t_true "nftables rule with ct state in ${A}" $?

# wait_for SECONDS CMD...: polls CMD until it succeeds.
wait_for() {
	local end=$((SECONDS + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.05
	done
}

# socat: a is bound to every address (0.0.0.0:17002), b to 192.0.2.2:17002; both send with
# sendto() to a fixed peer (UDP-DATAGRAM), so neither socket is connected.
ip netns exec "$A" socat UDP-DATAGRAM:192.0.2.2:17002,bind=:17002 \
	TUN:198.51.100.1/24,tun-name=tun0,iff-up,iff-no-pi >"$T_TMP/sa.log" 2>&1 &
SA=$!
T_PIDS+=("$SA")
wait_for 5 sh -c "ip netns exec $A ss -Huan | grep -q 0.0.0.0:17002"
ip netns exec "$B" socat UDP-DATAGRAM:192.0.2.1:17002,bind=192.0.2.2:17002 \
	TUN:198.51.100.2/24,tun-name=tun0,iff-up,iff-no-pi >"$T_TMP/sb.log" 2>&1 &
SB=$!
T_PIDS+=("$SB")
wait_for 5 ip -n "$B" link show tun0 && wait_for 5 ip -n "$A" link show tun0
t_true "socat made tun0 in both namespaces" $?
ip netns exec "$A" ping -c 3 -i 0.2 -W 1 198.51.100.2 >/dev/null
t_true "a ping goes through the socat tunnel" $?
t_true "a's socat socket is unconnected ($(ip netns exec "$A" ss -Huan | grep 17002 | tr -s ' '))" \
	"$(ip netns exec "$A" ss -Huan | grep -q '0.0.0.0:17002 *0.0.0.0:\*' && echo 0 || echo 1)"

if [ "$HAVE_WG" = 1 ]; then
	WA=${P}wa
	WB=${P}wb
	SOCKS+=("/var/run/wireguard/$WA.sock" "/var/run/wireguard/$WB.sock")
	ip netns exec "$A" wireguard-go -f "$WA" >"$T_TMP/wa.log" 2>&1 &
	T_PIDS+=($!)
	ip netns exec "$B" wireguard-go -f "$WB" >"$T_TMP/wb.log" 2>&1 &
	T_PIDS+=($!)
	wait_for 5 test -S "/var/run/wireguard/$WA.sock" && wait_for 5 test -S "/var/run/wireguard/$WB.sock"
	t_true "wireguard-go made its UAPI sockets" $?
	wg genkey >"$T_TMP/a.key"
	wg genkey >"$T_TMP/b.key"
	ip netns exec "$A" wg set "$WA" listen-port 51820 private-key "$T_TMP/a.key" \
		peer "$(wg pubkey <"$T_TMP/b.key")" endpoint 192.0.2.2:51821 allowed-ips 198.51.100.66/32
	ip netns exec "$B" wg set "$WB" listen-port 51821 private-key "$T_TMP/b.key" \
		peer "$(wg pubkey <"$T_TMP/a.key")" endpoint 192.0.2.1:51820 allowed-ips 198.51.100.65/32
	ip -n "$A" addr add 198.51.100.65/32 peer 198.51.100.66 dev "$WA"
	ip -n "$B" addr add 198.51.100.66/32 peer 198.51.100.65 dev "$WB"
	ip -n "$A" link set "$WA" up
	ip -n "$B" link set "$WB" up
	ip netns exec "$A" ping -c 2 -i 0.2 -W 2 198.51.100.66 >/dev/null
	t_true "a ping goes through the WireGuard tunnel" $?
fi

echo "== conntrack, no --sample"
t_json --netns "$A"
TA=$(t_iface a tun0)
t_check "a/tun0: far end 192.0.2.2:17002 from conntrack" \
	"$TA | any(.tunnel.peers[]; .address == \"192.0.2.2\" and .port == 17002 and .via == \"conntrack\")"
t_check "a/tun0: with its owner (documentation range)" \
	"$TA | any(.tunnel.peers[]; .via == \"conntrack\" and .owner.special == \"documentation\")"
t_check "a/tun0: the verdict names it" "$TA | .verdict.text | test(\"socat .* to 192\\\\.0\\\\.2\\\\.2 .*UDP 17002\")"
t_check "a/tun0: no advice to sample for it" "$TA | all(.next_steps[]; contains(\"sample the underlay\") | not)"
t_text --netns "$A" tun0
t_grep "a/tun0: the tunnel line names it" "^  tunnel +far end 192\.0\.2\.2:17002 - .*, from conntrack"
t_json --netns "$B"
t_check "b/tun0: b tracks nothing, so no far end from conntrack" \
	"$(t_iface b tun0) | all(.tunnel.peers[]; .via != \"conntrack\")"
t_check "b/tun0: and it still advises a sample" \
	"$(t_iface b tun0) | any(.next_steps[]; contains(\"sample the underlay\"))"
if [ "$HAVE_WG" = 1 ]; then
	t_json --netns "$A" --no-daemons
	t_check "wireguard-go with --no-daemons: far end 192.0.2.2:51821 from conntrack" \
		"$(t_iface a "$WA") | any(.tunnel.peers[]; .address == \"192.0.2.2\" and .port == 51821 and .via == \"conntrack\")"
	t_check "wireguard-go with --no-daemons: the verdict names it" \
		"$(t_iface a "$WA") | .verdict.text | contains(\"192.0.2.2\")"
fi

echo "== offline: the same far end from the saved conntrack table (contrib/ifwho-collect)"
if command -v conntrack >/dev/null; then
	IFW_SRC=${IFW_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
	# the far ends live names from conntrack, as "address:port owner"
	far='[.tunnel.peers[] | select(.via == "conntrack") | "\(.address):\(.port) \(.owner.special)"] | sort'
	t_json --netns "$A"
	jq -c "$(t_iface a tun0) | $far" "$T_JSON" >"$T_TMP/far.live"
	facts='[.. | strings | select(startswith("tracked connection udp"))] | unique'
	jq -c "$(t_iface a tun0) | $facts" "$T_JSON" >"$T_TMP/ct.live"
	timeout 60 ip netns exec "$A" sh "$IFW_SRC/contrib/ifwho-collect" -t 20 -o "$T_TMP/ev.a.txt" \
		2>"$T_TMP/collect.err"
	t_true "ifwho-collect saved conntrack's UDP entries (the tunnel's among them)" \
		"$(grep -q '^### ifwho-collect: conntrack -L -f ipv4 -p udp' "$T_TMP/ev.a.txt" &&
			grep -q '^udp .* sport=17002 dport=17002 ' "$T_TMP/ev.a.txt" && echo 0 || echo 1)"
	t_json --evidence "$T_TMP/ev.a.txt"
	OA='.interfaces[] | select(.netns == "host" and .name == "tun0")'
	jq -c "$OA | $far" "$T_JSON" >"$T_TMP/far.off"
	t_true "offline: the far ends from conntrack match live's ($(cat "$T_TMP/far.live") / $(cat "$T_TMP/far.off"))" \
		"$([ -s "$T_TMP/far.live" ] && [ "$(cat "$T_TMP/far.live")" != "[]" ] &&
			cmp -s "$T_TMP/far.live" "$T_TMP/far.off" && echo 0 || echo 1)"
	t_check "offline a/tun0: the verdict names it" "$OA | .verdict.text | test(\"socat .* to 192\\\\.0\\\\.2\\\\.2 .*UDP 17002\")"
	# the conntrack fact each finding cites, live and offline: the same text
	jq -c "$OA | $facts" "$T_JSON" >"$T_TMP/ct.off"
	t_true "offline a/tun0: it cites the same tracked connection as live ($(cat "$T_TMP/ct.off"))" \
		"$(grep -q 'tracked connection udp 192.0.2.1:17002 -> 192.0.2.2:17002' "$T_TMP/ct.off" &&
			cmp -s "$T_TMP/ct.live" "$T_TMP/ct.off" && echo 0 || echo 1)"
	t_text --evidence "$T_TMP/ev.a.txt" tun0
	t_grep "offline a/tun0: the tunnel line names it" "^  tunnel +far end 192\.0\.2\.2:17002 - .*, from conntrack"
else
	echo "  skip offline part: conntrack (conntrack-tools) is not installed"
fi

# bg_ping NS DST: pings for ~5 s in the background (a sample's traffic).
bg_ping() {
	ip netns exec "${P}$1" ping -c 25 -i 0.2 -W 1 "$2" >/dev/null 2>&1 &
	T_PIDS+=($!)
}

echo "== the sample feeds back (b: no conntrack)"
bg_ping b 198.51.100.1
t_json --netns "$B" tun0 --sample 2 --underlay
TB=$(t_iface b tun0)
t_check "b/tun0: the outer flow was sampled" \
	"$TB | any(.traffic[]; .underlay and ((.dst == \"192.0.2.1\" and .dst_port == 17002) or (.src == \"192.0.2.1\" and .src_port == 17002)))"
t_check "b/tun0: far end 192.0.2.1:17002 from the sample" \
	"$TB | any(.tunnel.peers[]; .address == \"192.0.2.1\" and .port == 17002 and .via == \"sample\")"
t_check "b/tun0: with its owner" "$TB | any(.tunnel.peers[]; .via == \"sample\" and .owner.special == \"documentation\")"
t_check "b/tun0: the verdict names it" "$TB | .verdict.text | contains(\"to 192.0.2.1\")"
t_check "b/tun0: the advice no longer asks for the sample" \
	"$TB | all(.next_steps[]; contains(\"sample the underlay\") | not)"
bg_ping b 198.51.100.1
t_text --netns "$B" tun0 --sample 2 --underlay
t_grep "b/tun0: the tunnel line names it" "^  tunnel +far end 192\.0\.2\.1:17002 - .*, from sample"
t_grep "b/tun0: the verdict line names it" "^tun0: .*socat .* to 192\.0\.2\.1 "

echo "== --underlay for a socket bound to 0.0.0.0 (a)"
bg_ping a 198.51.100.2
names=(tun0)
[ "$HAVE_WG" = 1 ] && { names+=("$WA"); ip netns exec "$A" ping -c 25 -i 0.2 -W 1 198.51.100.66 >/dev/null 2>&1 & T_PIDS+=($!); }
t_json --netns "$A" "${names[@]}" --sample 2 --underlay
t_check "no \"no outer side\" warning" "all(.warnings[]; contains(\"no outer side\") | not)"
t_check "a/tun0: its outer flow was sampled on ul0 (port 17002)" \
	"$(t_iface a tun0) | any(.traffic[]; .underlay and ([.src, .src_port, .dst, .dst_port] | . == [\"192.0.2.1\", 17002, \"192.0.2.2\", 17002] or . == [\"192.0.2.2\", 17002, \"192.0.2.1\", 17002]))"
if [ "$HAVE_WG" = 1 ]; then
	t_check "wireguard-go: its outer flow was sampled (port 51820)" \
		"$(t_iface a "$WA") | any(.traffic[]; .underlay and (.src_port == 51820 or .dst_port == 51820))"
fi
t_done
