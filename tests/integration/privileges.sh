#!/usr/bin/env bash
# ifwho gives up every capability once the privileged part is done: during a traffic sample,
# packets (attacker-controlled bytes) are parsed by a process with no capabilities left.
. "$(dirname "$0")/lib.sh"
t_need_root
t_ns a
A=${P}a
ip -n "$A" link add pr0 type veth peer name pr1
ip -n "$A" addr add 192.0.2.1/24 dev pr0
ip -n "$A" addr add 192.0.2.2/24 dev pr1
ip -n "$A" link set pr0 up
ip -n "$A" link set pr1 up
t_bg a "$TESTPROC" udp 192.0.2.2 5060 send 192.0.2.2 5060 60 "OPTIONS sip:x@192.0.2.2 SIP/2.0"
"$IFWHO" --netns "$A" pr0 --sample 3 --json >"$T_TMP/s.json" 2>"$T_TMP/s.err" &
pid=$!
T_PIDS+=("$pid")
sleep 1.5
caps=$(awk '/^CapEff|^CapPrm|^NoNewPrivs/ {print $1 $2}' "/proc/$pid/status" 2>/dev/null | tr '\n' ' ')
wait "$pid"
rc=$?
echo "  during the sample: $caps"
t_true "ifwho exits 0" "$rc"
t_true "no effective capabilities while sampling" "$(echo "$caps" | grep -q 'CapEff:0000000000000000' && echo 0 || echo 1)"
t_true "no permitted capabilities either" "$(echo "$caps" | grep -q 'CapPrm:0000000000000000' && echo 0 || echo 1)"
t_true "no_new_privs is set" "$(echo "$caps" | grep -q 'NoNewPrivs:1' && echo 0 || echo 1)"
T_JSON=$T_TMP/s.json
t_check "... and the sample still saw the traffic" ".interfaces[0].traffic | length > 0"
t_done
