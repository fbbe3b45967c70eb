#!/usr/bin/env bash
# The socket owner outranks the classifier (issue 14, item 3), live: a process run from a
# root-owned file named openvpn binds UDP 1194 and sends datagrams shaped like RTP (what
# OpenVPN's data packets can look like to nDPI); a sampled flow from that socket is labelled
# OpenVPN, with nDPI's "RTP" as a note and the owner named. The same packets from a program the
# knowledge does not know keep nDPI's label. Needs root; traffic stays between two namespaces.
. "$(dirname "$0")/lib.sh"
t_need_root

t_ns a
t_ns b
A=${P}a
B=${P}b
ip -n "$A" link add va type veth peer name vb netns "$B"
ip -n "$A" addr add 192.0.2.10/24 dev va
ip -n "$B" addr add 192.0.2.20/24 dev vb
ip -n "$A" link set va up
ip -n "$B" link set vb up
# The receivers, so that no ICMP errors mix in.
t_bg b "$TESTPROC" --name peer udp 192.0.2.20 40000 udp 192.0.2.20 40001

mkdir -m 0755 "$T_TMP/bin"
cp "$TESTPROC" "$T_TMP/bin/openvpn" && chmod 0755 "$T_TMP/bin/openvpn"
cp "$TESTPROC" "$T_TMP/bin/mystery" && chmod 0755 "$T_TMP/bin/mystery"
# Both start sending 1.5 s after they are ready (ifwho has read the sockets by then and is
# sampling), 60 datagrams 20 ms apart.
t_bg a "$T_TMP/bin/openvpn" rtpfrom 0.0.0.0 1194 192.0.2.20 40000 60 1500
OVPN=$T_PID
t_bg a "$T_TMP/bin/mystery" rtpfrom 0.0.0.0 1195 192.0.2.20 40001 60 1500
t_text --netns "$A" --sample 4 va
grep -E "UDP 192.0.2.10:119[45]" "$T_OUT" | sed "s/^/    /"
t_grep "the openvpn socket's flow is labelled OpenVPN" \
	"OpenVPN UDP 192\.0\.2\.10:1194 -> 192\.0\.2\.20:40000"
t_grep "its owner is named" "1194 -> 192\.0\.2\.20:40000.*socket of openvpn \(pid $OVPN\)"
t_grep "nDPI's label is kept as a note" "1194 -> 192\.0\.2\.20:40000.*\(nDPI guessed RTP\)"
t_grep "the unknown program's identical flow keeps nDPI's label" \
	"RTP UDP 192\.0\.2\.10:1195 -> 192\.0\.2\.20:40001.*socket of mystery"
t_done
