#!/usr/bin/env bash
# The motivating case, end to end (issue 7): a phone namespace with strongSwan's ipsec0 TUN,
# NAT in between, an ePDG with its own ipsec0, SIP calls inside. ifwho must explain the phone's
# ipsec0 the way the accepted answer did, in one command, and never confuse the two ipsec0s.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../integration/lib.sh"
t_need_root
for tool in /usr/lib/ipsec/charon swanctl sipp nft tcpdump; do
	command -v "$tool" >/dev/null 2>&1 || [ -x "$tool" ] || {
		echo "SKIP $T_NAME: $tool is not installed (./bootstrap test installs it)"
		exit 77
	}
done

export LAB_PREFIX=$P LAB_DIR=$T_TMP/lab
lab_down() { bash "$here/ipsec-lab.sh" down >/dev/null 2>&1; }
trap 'lab_down; t_cleanup' EXIT
start=$(date +%s%N)
if ! timeout 90 bash "$here/ipsec-lab.sh" up >"$T_TMP/lab-up.log" 2>&1; then
	echo "FAIL $T_NAME: the lab did not come up"
	tail -30 "$T_TMP/lab-up.log"
	exit 1
fi
up_ms=$((($(date +%s%N) - start) / 1000000))
t_true "lab set-up under 60 s (took ${up_ms} ms)" "$([ $up_ms -lt 60000 ] && echo 0 || echo 1)"
PIDS=$LAB_DIR/pids
PHONE_CHARON=$(cat "$PIDS/charon-phone.pid")
EPDG_CHARON=$(cat "$PIDS/charon-epdg.pid")
SIPP_UAC=$(cat "$PIDS/sipp-uac4.pid")

# The phone's ipsec0, JSON, field by field.
t_json --netns "${P}phone" ipsec0
I='.interfaces[0]'
t_check "one ipsec0 in the phone namespace" ".interfaces | length == 1 and .[0].netns == \"${P}phone\""
t_check "verdict: VoIP over IPsec, as used by Wi-Fi calling" "$I.verdict.rule == \"wificall.generic\" and ($I.verdict.text | startswith(\"VoIP over IPsec, as used by Wi-Fi calling\"))"
t_check "made by strongSwan: charon holds the TUN (its pid)" "$I.held_by[0].process.comm == \"charon\" and $I.held_by[0].process.pid == $PHONE_CHARON and $I.held_by[0].confirmed"
t_check "the tunnel goes to 203.0.113.10 on UDP 4500" "$I.tunnel.sas[0].remote == \"203.0.113.10\" and $I.tunnel.sas[0].remote_port == 4500 and $I.tunnel.sas[0].state == \"ESTABLISHED\""
t_check "... through NAT" "$I.tunnel.sas[0].nat_local == true"
t_check "IKE began on UDP 500 (and moved to 4500)" "$I.findings | any(.rule == \"tunnel.nat-t\")"
t_check "the tunnel claim names the far end" "$I.findings | any(.rule == \"tunnel.holder\" and (.claim | contains(\"to 203.0.113.10 over UDP 4500 through NAT\")))"
t_check "SIP from sipp (its pid) on the tunnel's address" "$I.used_by | any(.local_port == 5060 and .processes[0].comm == \"sipp\" and .processes[0].pid == $SIPP_UAC)"
t_check "the verdict rests on the tun fd, the SA and the SIP socket" "$I.findings[] | select(.rule == \"wificall.generic\") | [.evidence[].type] | (index(\"fd\") != null and index(\"sa\") != null and index(\"socket\") != null)"
t_check "the tunnel's address is a documentation range" "$I.addresses | any(.address == \"198.51.100.100\" and .owner.special == \"documentation\")"
t_check "MTU 1400 explained as kernel-libipsec's" "$I.findings | any(.rule == \"attr.mtu-fingerprint\")"

# The ePDG's ipsec0: same name, its own charon, explained as the other end. Asked by name across
# all namespaces, both come back, each with its own holder.
t_json ipsec0
E=$(t_iface epdg ipsec0)
t_check "ipsec0 by name: both of the lab's namespaces" "[.interfaces[].netns | select(startswith(\"${P}\"))] | sort == ([\"${P}epdg\", \"${P}phone\"] | sort)"
t_check "the ePDG's ipsec0 is held by the ePDG's charon, not the phone's" "$E | .held_by[0].process.pid == $EPDG_CHARON and .held_by[0].process.pid != $PHONE_CHARON"
t_check "the phone's ipsec0 is held by the phone's charon only" "$(t_iface phone ipsec0) | [.held_by[].process.pid] == [$PHONE_CHARON]"
t_check "the ePDG end is a gateway that gave the phone its address" "$E | .verdict.text | contains(\"gateway\") and contains(\"198.51.100.100\")"
t_check "... and the other end of the phone's tunnel" "$E | .findings | any(.rule == \"tunnel.other-end\" and (.claim | contains(\"${P}phone\")))"

# Both ipsec0s by name, text: verdict line first, evidence lines as the tools would show them.
t_text ipsec0 --netns all
t_grep "text: phone's verdict line" "^ipsec0: VoIP over IPsec, as used by Wi-Fi calling: SIP \\(VoIP\\) from sipp \\(pid $SIPP_UAC\\) through the strongSwan IPsec tunnel to 203.0.113.10 over UDP 4500 through NAT"
t_grep "text: evidence from fdinfo" "/proc/$PHONE_CHARON/fd/[0-9]+ -> /dev/net/tun, iff: ipsec0 \\(device in netns ${P}phone, confirmed"
t_grep "text: evidence from the IKE SA" "strongSwan SA .*192.0.2.10\\[4500\\] <-> 203.0.113.10\\[4500\\] ESTABLISHED IKEv2, local host behind NAT"
t_grep "text: the ePDG's ipsec0 too" "^ipsec0: strongSwan IPsec VPN gateway for 203.0.113.1"

# Every lab interface gets a sensible verdict (not "unknown"), NAT box and veths included.
t_json
for ns in phone nat epdg; do
	t_check "every interface in $ns has a verdict" "[.interfaces[] | select(.netns == \"${P}$ns\") | .verdict.confidence >= 40] | all"
done
t_check "the NAT box is called a NAT router" "$(t_iface nat lan0) | .findings | any(.rule == \"router.nat\")"
t_check "the phone's wlan0 leads to the NAT box's namespace" "$(t_iface phone wlan0) | .link.netns == \"${P}nat\""

# With a traffic sample: SIP inside the tunnel, only UDP 4500 outside.
if "$IFWHO" --help | grep -q -- --sample; then
	bash "$here/ipsec-lab.sh" sip-restart >/dev/null 2>&1
	t_json --netns "${P}phone" ipsec0 --sample 5 --underlay
	t_check "sample: SIP inside, to 198.51.100.1" "$I.traffic | any(.underlay == false and (.app | startswith(\"SIP\")) and (.dst == \"198.51.100.1\" or .src == \"198.51.100.1\"))"
	t_check "sample: outside only UDP 4500 to 203.0.113.10" "[$I.traffic[] | select(.underlay)] | length > 0 and all(.ip_proto == \"UDP\" and (.src_port == 4500 or .dst_port == 4500))"
fi
t_done
