#!/usr/bin/env bash
# ifwho gives up every capability once the privileged part is done: during a traffic sample,
# packets (attacker-controlled bytes) are parsed by a process with no capabilities left, and no
# longer uid 0 either (nobody, or --user NAME).
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
# A knowledge file only root can read (in a 0700 home): read before the drop, so still used.
KH=$T_TMP/home
mkdir -p "$KH/.config/ifwho/knowledge" && chmod 0700 "$KH"
cat >"$KH/.config/ifwho/knowledge/local.json" <<'JSON'
{"format": "ifwho-knowledge/1", "kind": "ifnames", "entries": [
 {"os": "linux", "pattern": "pr0", "kind": "veth", "creator": "ifwho-privileges-test", "purpose": "a test", "category": "virtual", "confidence": "high", "source": "tests/integration/privileges.sh"}]}
JSON
chmod 0600 "$KH/.config/ifwho/knowledge/local.json"
HOME=$KH "$IFWHO" --netns "$A" pr0 --sample 3 --json >"$T_TMP/s.json" 2>"$T_TMP/s.err" &
pid=$!
T_PIDS+=("$pid")
# More of the same traffic while the sample runs (a slow, sanitized build may start capturing
# after the first burst is over).
ip netns exec "$A" "$TESTPROC" send 192.0.2.2 5060 80 "OPTIONS sip:x@192.0.2.2 SIP/2.0" \
	>/dev/null 2>&1 &
T_PIDS+=("$!")
sleep 1.5
caps=$(awk '/^CapEff|^CapPrm|^NoNewPrivs|^Uid|^Gid|^Groups/ {print $1 $2 $3 $4 $5}' "/proc/$pid/status" 2>/dev/null | tr '\n' ' ')
# The BPF fd iterator's link: whoever holds it, capabilities or not, can start the iterator and
# read every process's sockets; it used to stay open while packets were parsed as nobody.
bpf_fds=$(ls -l "/proc/$pid/fd" 2>/dev/null | grep -c 'anon_inode:bpf')
fds_seen=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l)
wait "$pid"
rc=$?
echo "  during the sample: $caps"
t_true "ifwho exits 0" "$rc"
t_true "no effective capabilities while sampling" "$(echo "$caps" | grep -q 'CapEff:0000000000000000' && echo 0 || echo 1)"
t_true "no permitted capabilities either" "$(echo "$caps" | grep -q 'CapPrm:0000000000000000' && echo 0 || echo 1)"
t_true "no_new_privs is set" "$(echo "$caps" | grep -q 'NoNewPrivs:1' && echo 0 || echo 1)"
NOBODY=$(id -u nobody)
NOGROUP=$(id -g nobody)
t_true "running as nobody (uid $NOBODY) while sampling, real, effective, saved and fs uid" \
	"$(echo "$caps" | grep -q "Uid:$NOBODY$NOBODY$NOBODY$NOBODY " && echo 0 || echo 1)"
t_true "with nobody's group and no supplementary groups" \
	"$(echo "$caps" | grep -q "Gid:$NOGROUP$NOGROUP$NOGROUP$NOGROUP Groups: " && echo 0 || echo 1)"
t_true "no BPF object open while sampling ($bpf_fds of $fds_seen fds)" \
	"$([ "$fds_seen" -gt 0 ] && [ "$bpf_fds" = 0 ] && echo 0 || echo 1)"
T_JSON=$T_TMP/s.json
t_check "... and the sample still saw the traffic" ".interfaces[0].traffic | length > 0"
t_check "root's own knowledge file (0600, read before the drop) was used" '[.. | strings | select(test("ifwho-privileges-test"))] | length > 0'

echo "== --user NAME"
id daemon >/dev/null 2>&1 || { echo "  (no user daemon: --user not tried)"; t_done; }
DAEMON=$(id -u daemon)
"$IFWHO" --netns "$A" pr0 --sample 3 --user daemon --json >"$T_TMP/u.json" 2>"$T_TMP/u.err" &
pid=$!
T_PIDS+=("$pid")
sleep 1.5
uid=$(awk '/^Uid/ {print $2 $3 $4 $5}' "/proc/$pid/status" 2>/dev/null)
wait "$pid"
t_true "--user daemon: uid $DAEMON while sampling ($uid)" "$([ "$uid" = "$DAEMON$DAEMON$DAEMON$DAEMON" ] && echo 0 || echo 1)"
"$IFWHO" --netns "$A" pr0 --sample 1 --user ifw-no-such-user >/dev/null 2>"$T_TMP/n.err"
T_OUT=$T_TMP/n.err t_grep "--user of no such user: the sample is not taken, and says why" "no such user"
t_done
