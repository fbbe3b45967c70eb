#!/usr/bin/env bash
# An absurd host in miniature: thousands of interfaces, ten thousand sockets, a 1 MB command line.
# ifwho must finish in bounded time and memory, and say what it cut instead of dying.
. "$(dirname "$0")/lib.sh"
t_need_root
t_ns big
B=${P}big
PAIRS=${LIMIT_PAIRS:-1500}
for i in $(seq 1 "$PAIRS"); do echo "link add a$i type veth peer name b$i"; done >"$T_TMP/batch"
ip -n "$B" -batch "$T_TMP/batch"
ip -n "$B" link add s0 type veth peer name s1
ip -n "$B" addr add 192.0.2.1/24 dev s0
ip -n "$B" link set s0 up
for i in 1 2 3 4; do
	t_bg big "$TESTPROC" many 192.0.2.1 2500
done
long=$(head -c 100000 /dev/zero | tr '\0' 'x')
args=()
for i in $(seq 1 10); do args+=("$long"); done
t_bg big "$TESTPROC" --name longcmd udp 192.0.2.1 4242 pad "${args[@]}"
/usr/bin/time -f '%M %e' -o "$T_TMP/time" timeout 60 "$IFWHO" --json --netns "$B" >"$T_TMP/big.json" 2>"$T_TMP/err"
rc=$?
T_JSON=$T_TMP/big.json
read -r kib secs <"$T_TMP/time"
echo "  ($((2 * PAIRS + 3)) interfaces, 10000 sockets: ${secs} s, ${kib} KiB peak)"
t_true "finishes and exits 0" "$rc"
t_check "every interface is listed" ".interfaces | length >= $((2 * PAIRS + 3))"
t_check "every socket is listed" "[.interfaces[] | select(.name == \"s0\") | .used_by[]] | length >= 10000"
t_true "within 30 s" "$(awk -v s="$secs" 'BEGIN { exit !(s < 30) }' && echo 0 || echo 1)"
t_true "within 400 MB" "$([ "$kib" -lt 409600 ] && echo 0 || echo 1)"
t_check "the 1 MB command line was cut, and it says so" ".warnings | any(test(\"command lines longer than\"))"
t_done
