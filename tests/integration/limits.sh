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

# A 2 GiB evidence file (sparse: one endless line of NULs after a real lsof listing) beside the
# seed's other files: read up to its bound, the other files still read, and said so.
mkdir "$T_TMP/ev"
cp "${IFW_SRC:-.}/tests/fixtures/evidence/seed/"* "$T_TMP/ev/"
cp "$T_TMP/ev/lsof-i-l-n-P.txt" "$T_TMP/ev/lsof-huge.txt"
truncate -s 2G "$T_TMP/ev/lsof-huge.txt"
/usr/bin/time -f '%M %e' -o "$T_TMP/time" timeout 60 "$IFWHO" --json -e "$T_TMP/ev" >"$T_TMP/ev.json" 2>"$T_TMP/err"
rc=$?
T_JSON=$T_TMP/ev.json
read -r kib secs <"$T_TMP/time"
echo "  (2 GiB evidence file: ${secs} s, ${kib} KiB peak)"
t_true "a 2 GiB evidence file: exits 0" "$rc"
t_check "the file's bound is reported" ".warnings | any(test(\"lsof-huge.txt: only the first [0-9]+ MiB\"))"
t_check "files after it are still read (ps gives CommCenter's path)" "[.interfaces[].held_by[]?.process.exe] | any(. != null and test(\"CoreTelephony\"))"

t_true "within 100 MB" "$([ "$kib" -lt 102400 ] && echo 0 || echo 1)"
# The BPF walk and inet_diag agree on this world, socket by socket (lib.sh).
t_same_sockets big
t_done

