#!/usr/bin/env bash
# The BPF fd walk finds every process-held socket of every namespace at once; inet_diag dumps,
# namespace by namespace, what it does not (kernel sockets, TIME-WAIT) and serve where BPF
# cannot. Both must describe the same sockets the same way.
. "$(dirname "$0")/lib.sh"
t_need_root
t_ns a
t_ns h
t_ns v
t_ns b
t_ns m
A=${P}a H=${P}h V=${P}v B=${P}b M=${P}m
ip -n "$A" link add sa0 type veth peer name sa1 netns "$H"
ip -n "$A" addr add 192.0.2.1/24 dev sa0
ip -n "$A" addr add 2001:db8::1/64 dev sa0 nodad
ip -n "$H" addr add 192.0.2.2/24 dev sa1
ip -n "$H" addr add 2001:db8::2/64 dev sa1 nodad
ip -n "$A" link set sa0 up
ip -n "$H" link set sa1 up
# a VXLAN: the kernel's own UDP socket, so this namespace still gets the inet_diag dumps
ip -n "$V" link add vx0 type vxlan id 42 dstport 4789 local 198.51.100.1
ip -n "$V" addr add 198.51.100.1/24 dev vx0
ip -n "$V" link set vx0 up

# A VXLAN made in b and moved to m: its kernel socket stays in b, its birthplace
ip -n "$B" link add vx1 type vxlan id 43 dstport 4790 local 198.51.100.9
ip -n "$B" link set vx1 netns "$M"
ip -n "$M" addr add 198.51.100.9/24 dev vx1
ip -n "$M" link set vx1 up

# In a: listeners, connections with and without a holder at the far end, a TIME-WAIT, IPv6,
# UDP-Lite, raw, a bound device, a receive queue, a socket held twice (fork).
t_bg a "$TESTPROC" --name srv tcp 192.0.2.1 80 tcpto 192.0.2.1 80 tcppair 192.0.2.1 81 \
	tcpwait 192.0.2.1 82 udp 192.0.2.1 5060 udpto 192.0.2.2 5060 udpdev sa0 192.0.2.1 5061 \
	udplite 192.0.2.1 5062 raw 192.0.2.1 47 tcp 2001:db8::1 443 tcppair 2001:db8::1 444 \
	udp 2001:db8::1 53 udpto 2001:db8::2 53 send 192.0.2.1 5060 3 hello fork
t_bg a "$TESTPROC" --name user --uid 65534 udp 192.0.2.1 6000 tcp 0.0.0.0 6001
# a daemon's control socket and a capture: the unix and packet dumps still run where they are
t_bg a "$TESTPROC" --name ctl packet sa0 unixsrv "$T_TMP/ctl.sock" hang
t_bg h "$TESTPROC" --name hub tcp 192.0.2.2 80 udp 192.0.2.2 5060 tcpto 192.0.2.1 81
t_bg v "$TESTPROC" --name ovl tcp 198.51.100.1 80 tcpwait 198.51.100.1 81
t_bg b "$TESTPROC" --name birth udp 127.0.0.1 5353

t_same_sockets a h v b m
lacking_a=$(comm -13 "$T_TMP/sockets.bpf.a.cmp" "$T_TMP/sockets.diag.a.cmp")
t_true "a: the BPF walk lacks exactly the TIME-WAIT and the two connections never accepted" \
	"$([ "$(echo "$lacking_a" | grep -c 'ino=0 ')" = 3 ] && [ "$(echo "$lacking_a" | grep -c .)" = 3 ] && echo "$lacking_a" | grep -q ' state=6 192.0.2.1:[0-9]* 192.0.2.1:82 ' && echo "$lacking_a" | grep -q ' 192.0.2.1:80 192.0.2.1:' && echo "$lacking_a" | grep -q ' 192.0.2.1:81 192.0.2.2:' && echo 0 || echo 1)"
t_true "a: its inet sockets came from the BPF walk, not from inet_diag" \
	"$(grep -E '^[^ ]+ (tcp|udp|udplite|raw) ' "$T_TMP/sockets.bpf.a" | grep -vc 'BPF task_file' | grep -qx 0 && echo 0 || echo 1)"
t_true "v (a VXLAN): inet_diag still dumps it, kernel socket and TIME-WAIT included" \
	"$(grep -q ':4789 .* owner=kernel ' "$T_TMP/sockets.bpf.v" && grep -q ' state=6 .*owner=none' "$T_TMP/sockets.bpf.v" && ! grep -q 'BPF task_file' "$T_TMP/sockets.bpf.v" && echo 0 || echo 1)"
t_true "b (a moved VXLAN's birthplace): its kernel socket is found there, by inet_diag" \
	"$(grep -q ':4790 .* owner=kernel ' "$T_TMP/sockets.bpf.b" && grep -q ':5353 .* owner=process .*@ sock_diag$' "$T_TMP/sockets.bpf.b" && ! grep -q ':4790 ' "$T_TMP/sockets.bpf.m" && echo 0 || echo 1)"
t_true "a: a socket held by two processes has both holders" \
	"$(grep -q 'holders=[0-9]*/[0-9]*,[0-9]*/' "$T_TMP/sockets.bpf.a" && echo 0 || echo 1)"
t_true "a: the other user's sockets have its uid, the queued datagrams their size" \
	"$(grep -q '192.0.2.1:6000 .* uid=65534 ' "$T_TMP/sockets.bpf.a" && grep -Eq ' udp 2 .*192.0.2.1:5060 .* rq=[1-9]' "$T_TMP/sockets.bpf.a" && echo 0 || echo 1)"
t_true "a: the listening unix socket and the packet socket are there, with their holder" \
	"$(grep -q "^[^ ]* unix .*owner=process .*path=$T_TMP/ctl.sock" "$T_TMP/sockets.bpf.a" && grep -q '^[^ ]* packet .*dev=2 .*owner=process' "$T_TMP/sockets.bpf.a" && echo 0 || echo 1)"
t_true "a: TCP, UDP, UDP-Lite, raw, IPv6 and a bound device all seen" \
	"$(for p in ' tcp 2 ' ' udp 2 ' ' udplite 2 ' ' raw 2 ' ' tcp 10 ' ' udp 10 '; do grep -q -- "$p" "$T_TMP/sockets.bpf.a" || echo "missing $p" >&2; done 2>&1 | grep -q . && echo 1 || { grep -Eq ' dev=[1-9]' "$T_TMP/sockets.bpf.a" && echo 0 || echo 1; })"
t_done
