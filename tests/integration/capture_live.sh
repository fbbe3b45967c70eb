#!/usr/bin/env bash
# Live traffic samples (--sample): SIP between two namespaces over a veth is classified with its
# From/To/User-Agent under the veth's "traffic"; --write keeps a readable pcap; --underlay on a
# tun held by a "VPN daemon" samples the outer side (the veth), filtered to the daemon's port,
# and the far end it saw becomes the tunnel's;
# without privileges the sample is skipped with one line and the report still comes.
# Needs root (skips otherwise); everything it creates is named ifwcap-* and removed on exit.
. "$(dirname "$0")/lib.sh"
t_need_root
for tool in jq tcpdump timeout; do
	command -v "$tool" >/dev/null || { echo "SKIP $T_NAME: needs $tool"; exit 77; }
done
# Our own prefix (lib.sh's cleanup uses whatever P is when it creates things).
P="ifwcap-$$-"

t_ns a
t_ns b
A=${P}a
B=${P}b
ip -n "$A" link add ifwcap-va type veth peer name ifwcap-vb netns "$B" || { echo "FAIL $T_NAME: veth"; exit 1; }
ip -n "$A" addr add 192.0.2.1/24 dev ifwcap-va
ip -n "$B" addr add 192.0.2.2/24 dev ifwcap-vb
ip -n "$A" link set ifwcap-va up
ip -n "$B" link set ifwcap-vb up
# The "far gateway" lives in b; a reaches it through the veth.
ip -n "$B" addr add 203.0.113.10/32 dev lo
ip -n "$A" route add default via 192.0.2.2

SIP=$'INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bK1\r\nFrom: "Alice" <sip:alice@example.org>;tag=42\r\nTo: <sip:bob@example.com>\r\nCall-ID: 1@192.0.2.2\r\nCSeq: 1 INVITE\r\nUser-Agent: ifwcap-test/1.0\r\nContent-Length: 0\r\n\r\n'

# jq -e passes any expression on empty input: make sure there is a report before checking it.
need_report() {
	T_CHECKS=$((T_CHECKS + 1))
	if [ -s "$T_JSON" ] && jq -e -n 'input | .interfaces | length > 0' "$T_JSON" >/dev/null 2>&1; then
		echo "  ok   ifwho printed a report"
	else
		echo "FAIL $T_NAME: ifwho printed no report (rc $T_RC)"
		head -c 2000 "$T_TMP/stderr"
		exit 1
	fi
}

# bg_send NS ADDR PORT TEXT: datagrams every 50 ms for ~6 s (testproc sends before it is
# "ready", so it is started without waiting); its pid is cleaned up by lib.sh.
bg_send() {
	ip netns exec "${P}$1" "$TESTPROC" send "$2" "$3" 120 "$4" >/dev/null 2>&1 &
	T_PIDS+=($!)
}

echo "== SIP on a veth"
t_bg a "$TESTPROC" --name ifwcap-sipd udp 192.0.2.1 5060
bg_send b 192.0.2.1 5060 "$SIP"
sleep 0.3
t_json ifwcap-va --netns "$A" --sample 2 --write "$T_TMP/sip.pcap"
need_report
t_true "ifwho exits 0 (rc $T_RC)" "$T_RC"
IF=$(t_iface a ifwcap-va)
SIPFLOW="[$IF | .traffic[] | select(.app == \"SIP\" and .src == \"192.0.2.2\" and .dst == \"192.0.2.1\" and .dst_port == 5060)]"
t_check "a SIP flow from 192.0.2.2 to 192.0.2.1:5060 in the veth's traffic" "$SIPFLOW | length == 1"
t_check "its From, To and User-Agent" \
	"$SIPFLOW | .[0] | .sip_from == \"sip:alice@example.org\" and .sip_to == \"sip:bob@example.com\" and .sip_user_agent == \"ifwcap-test/1.0\""
t_check "it is not marked underlay, and counts packets" "$SIPFLOW | .[0] | .underlay == false and .packets >= 10"
t_check "the SIP finding cites the traffic" "[$IF | .. | strings | select(test(\"SIP calls with 192.0.2.2\"))] | length >= 1"
n=$(tcpdump -nr "$T_TMP/sip.pcap" udp port 5060 2>/dev/null | wc -l)
t_true "--write made a pcap tcpdump reads ($n SIP packets)" "$([ "$n" -ge 10 ] && echo 0 || echo 1)"

echo "== --pcap on that file, no interface named"
t_json --netns "$A" --pcap "$T_TMP/sip.pcap"
t_check "its SIP flow is listed apart (a classic pcap names no interface)" \
	"[.unattributed_traffic[] | select(.app == \"SIP\" and .dst_port == 5060 and .sip_user_agent == \"ifwcap-test/1.0\")] | length == 1"
t_check "and under no interface" "[.interfaces[].traffic[]] | length == 0"
t_text --netns "$A" --pcap "$T_TMP/sip.pcap"
t_grep "the text report lists it" "^  SIP UDP 192.0.2.2:[0-9]+ -> 192.0.2.1:5060"


echo "== --underlay on a tun"
# The daemon's own socket, bound to 0.0.0.0:4500 and unconnected, sends to its far end (from 0.3 s
# after it is ready, for 5 s): a far end only the sample can show (a has no conntrack).
t_bg a "$TESTPROC" --name ifwcap-vpnd tun ifwcap-t0 rtpfrom 0.0.0.0 4500 203.0.113.10 4500 250 300
ip -n "$A" link set ifwcap-t0 up
ip -n "$A" addr add 198.51.100.100/32 dev ifwcap-t0
bg_send a 203.0.113.10 4500 "not-really-esp-but-udp-4500-payload"
bg_send a 192.0.2.2 9999 "noise that the underlay filter drops"
sleep 0.3
t_json ifwcap-t0 --netns "$A" --sample 2 --underlay --write "$T_TMP/ul.pcap"
need_report
t_true "ifwho exits 0 (rc $T_RC)" "$T_RC"
TUN=$(t_iface a ifwcap-t0)
t_check "outer flows to 203.0.113.10:4500 are under the tun, marked underlay" \
	"[$TUN | .traffic[] | select(.underlay and .dst == \"203.0.113.10\" and .dst_port == 4500)] | length >= 1"
t_check "the filter kept other traffic out" "[$TUN | .traffic[] | select(.dst_port == 9999 or .src_port == 9999)] | length == 0"
t_check "nothing underlay on the veth itself" "[$IF | .traffic[]?] | length == 0"
t_check "the sampled far end is the tunnel's far end, with its owner" \
	"$TUN | any(.tunnel.peers[]; .address == \"203.0.113.10\" and .port == 4500 and .via == \"sample\" and .owner.special == \"documentation\")"
t_check "the verdict names it" "$TUN | .verdict.text | contains(\"to 203.0.113.10\")"
t_check "the advice no longer asks to sample the underlay" \
	"$TUN | all(.next_steps[]; contains(\"sample the underlay\") | not)"
n=$(tcpdump -nr "$T_TMP/ul-ifwcap-va-underlay.pcap" 2>/dev/null | grep -c '203.0.113.10.4500')
t_true "the underlay capture went to its own file ($n packets)" "$([ "$n" -ge 5 ] && echo 0 || echo 1)"
tcpdump -nr "$T_TMP/ul-ifwcap-t0.pcap" >/dev/null 2>&1
t_true "the tun's own capture file is readable" "$?"

echo "== without privileges"
if command -v setpriv >/dev/null; then
	out="$T_TMP/nopriv.json"
	timeout 30 setpriv --reuid 65534 --regid 65534 --clear-groups --inh-caps=-all \
		--bounding-set=-all "$IFWHO" lo --sample 1 --json >"$out" 2>"$T_TMP/nopriv.err"
	rc=$?
	if [ "$rc" = 126 ] || [ "$rc" = 127 ]; then
		echo "  skip (cannot run $IFWHO as nobody)"
	else
		t_true "the report comes, and the status says the sample was not permitted (3, got $rc)" \
			"$([ "$rc" = 3 ] && echo 0 || echo 1)"
		grep -q "traffic sample skipped: .*not permitted" "$T_TMP/nopriv.err"
		t_true "one line says the sample was skipped" "$?"
		T_JSON=$out
		need_report
	fi
fi
t_done
