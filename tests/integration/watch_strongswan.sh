#!/usr/bin/env bash
# strongSwan making its ipsec0: Debian's real charon with the kernel-libipsec plugin (IPsec in
# user space, so no ESP in the kernel is needed) creates the TUN device ipsec0 when it starts.
# It runs in a namespace of the test's own (it binds its IKE sockets there only, on random
# ports) with a private /run (its pid file and vici socket stay out of the host's). The watcher
# must name charon as ipsec0's creator, exactly, and keep saying so after charon has gone.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
t_need_root
CHARON=/usr/lib/ipsec/charon
if ! [ -x "$CHARON" ] || ! [ -e /usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so ]; then
	echo "SKIP $T_NAME: no charon with the kernel-libipsec plugin"
	exit 77
fi

# The namespace exists before the watcher starts: this test is about charon's ipsec0, not about
# how fast a new namespace is picked up (watch_bpf/watch_fallback test that).
t_ns s
DB="$T_TMP/h.db"
timeout 60 "$IFWHO" watch --json --no-addr --history "$DB" --ready-file "$T_TMP/ready" \
	>"$T_TMP/w.out" 2>"$T_TMP/w.err" &
W_PID=$!
T_PIDS+=("$W_PID")
for _ in $(seq 1 100); do
	[ -e "$T_TMP/ready" ] && break
	sleep 0.05
done
[ -e "$T_TMP/ready" ] || { echo "FAIL $T_NAME: watcher did not start"; cat "$T_TMP/w.err"; exit 1; }

mkdir -p "$T_TMP/run"
cat >"$T_TMP/strongswan.conf" <<EOF_CONF
charon {
	load = random nonce sha1 sha2 hmac kdf aes kernel-libipsec kernel-netlink socket-default vici
	port = 0
	port_nat_t = 0
	install_routes = no
	plugins {
		vici { socket = unix:///run/charon.vici }
	}
	filelog { stderr { default = 1 } }
}
EOF_CONF
# nsenter and unshare exec, so $! is charon's pid
nsenter --net="/run/netns/${P}s" unshare -m --propagation private sh -c \
	"mount --bind '$T_TMP/run' /run && STRONGSWAN_CONF='$T_TMP/strongswan.conf' exec $CHARON" \
	>"$T_TMP/charon.log" 2>&1 &
C_PID=$!
T_PIDS+=("$C_PID")
for _ in $(seq 1 100); do
	ip -n "${P}s" link show ipsec0 >/dev/null 2>&1 && break
	sleep 0.05
done
t_true "charon made ipsec0 in its namespace" "$(ip -n "${P}s" link show ipsec0 >/dev/null 2>&1 && echo 0 || echo 1)"
# Until the watcher has written the creation (a slow sanitized build takes longer), at most 10 s.
for _ in $(seq 1 200); do
	grep -q '"event": *"created".*"name": *"ipsec0"' "$T_TMP/w.out" 2>/dev/null && break
	sleep 0.05
done
kill -TERM "$C_PID"
wait "$C_PID" 2>/dev/null
# its TUN goes with it (not persistent)
for _ in $(seq 1 50); do
	ip -n "${P}s" link show ipsec0 >/dev/null 2>&1 || break
	sleep 0.05
done
for _ in $(seq 1 200); do
	grep -q '"event": *"deleted".*"name": *"ipsec0"' "$T_TMP/w.out" 2>/dev/null && break
	sleep 0.05
done
kill -TERM "$W_PID"
wait "$W_PID"
T_JSON="$T_TMP/all.json"
jq -s . "$T_TMP/w.out" >"$T_JSON" || { echo "FAIL $T_NAME: watcher output is not JSON lines"; exit 1; }
EV=".[] | select(.event == \"created\" and .name == \"ipsec0\" and .netns == \"${P}s\")"
t_check "ipsec0's creation is recorded in the namespace, as a TUN" \
	"[$EV | select(.kind == \"tun\")] | length == 1"
t_check "its creator is charon (pid $C_PID), exactly, by BPF" \
	"[$EV | .creator | select(.pid == $C_PID and .comm == \"charon\" and
	  (.exe // \"\" | test(\"/ipsec/charon$\")) and .confidence == \"exact\" and .method == \"bpf\")]
	 | length == 1"
t_check "with its parents up to pid 1" "[$EV | .creator.parents[-1].pid] == [1]"
t_check "and its end, when charon stopped, is recorded" \
	"[.[] | select(.event == \"deleted\" and .name == \"ipsec0\" and .netns == \"${P}s\")] | length == 1"
# After charon has gone, the history still says who made it.
"$IFWHO" history --history "$DB" ipsec0 >"$T_TMP/h.txt" 2>&1
T_OUT="$T_TMP/h.txt"
t_grep "ifwho history ipsec0 names charon after it exited" \
	"created ipsec0 \(tun\) in ${P}s by /usr/lib/ipsec/charon \(pid $C_PID"
t_done
