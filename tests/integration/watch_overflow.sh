#!/usr/bin/env bash
# When the kernel drops notifications (a receive queue made tiny with IFWHO_WATCH_RCVBUF, the
# watcher stopped during each burst), the watcher says so and compares every namespace's links: each of 100 bridges made and deleted in
# a burst is still reported created and deleted exactly once, with its creator.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
t_need_root
t_ns o
IFWHO_WATCH_RCVBUF=2048 timeout 60 "$IFWHO" watch --json --no-addr --no-history \
	--ready-file "$T_TMP/ready" >"$T_TMP/w.out" 2>"$T_TMP/w.err" &
W_PID=$!
T_PIDS+=("$W_PID")
for _ in $(seq 1 100); do
	[ -e "$T_TMP/ready" ] && break
	sleep 0.05
done
# seen NAME-EVENT N: wait (10 s at most) until the watcher reported N such events in our
# namespace. Each burst waits for the watcher: a link made and deleted while the watcher is off
# the CPU is in no dump (only in the BPF requests, which do not say whether the kernel obliged).
seen() {
	local i
	for i in $(seq 1 100); do
		[ "$(grep -c "\"event\":\"$1\",\"netns\":\"${P}o\"" "$T_TMP/w.out")" -ge "$2" ] && return 0
		sleep 0.1
	done
	return 1
}
# The watcher is stopped (SIGSTOP) during each burst, so its queue overflows for sure.
WATCHER=$(pgrep -P "$W_PID")
kill -STOP "$WATCHER"
for i in $(seq 1 100); do echo "link add ${P}$i type bridge"; done | ip -n "${P}o" -batch -
kill -CONT "$WATCHER"
seen created 100
kill -STOP "$WATCHER"
for i in $(seq 1 100); do echo "link del ${P}$i"; done | ip -n "${P}o" -batch -
kill -CONT "$WATCHER"
seen deleted 100
sleep 0.3
kill -TERM "$W_PID"
wait "$W_PID"
[ -n "${IFW_WATCH_KEEP:-}" ] && cp "$T_TMP/w.out" "$IFW_WATCH_KEEP/$T_NAME.$$.jsonl" && cp "$T_TMP/w.err" "$IFW_WATCH_KEEP/$T_NAME.$$.err"
T_JSON="$T_TMP/all.json"
jq -s . "$T_TMP/w.out" >"$T_JSON"
t_check "the watcher says notifications were lost" \
	'[.[] | select(.event == "gap" and (.note | test("ENOBUFS")))] | length >= 1'
MINE="[.[] | select(.netns == \"${P}o\" and (.name | test(\"^${P}[0-9]+$\")))]"
t_check "each of the 100 bridges is reported created once" \
	"$MINE | map(select(.event == \"created\")) | (length == 100) and (map(.name) | unique | length == 100)"
t_check "each with its creator (ip -batch), exactly" \
	"$MINE | map(select(.event == \"created\" and .creator.confidence == \"exact\" and .creator.cmdline == \"ip -n ${P}o -batch -\")) | length == 100"
t_check "and deleted once" \
	"$MINE | map(select(.event == \"deleted\")) | (length == 100) and (map(.name) | unique | length == 100)"
t_done
