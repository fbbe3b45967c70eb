#!/usr/bin/env bash
# When the kernel drops notifications (a receive queue made tiny with IFWHO_WATCH_RCVBUF, the
# watcher stopped during each burst), the watcher says so and compares every namespace's links: each of 100 bridges made and deleted in
# a burst is still reported created and deleted exactly once, with its creator. A namespace of
# more links than one buffer of 4096 held (any user can make one) is compared whole: its links
# past 4096 were never reported, and a later comparison called them deleted.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
t_need_root
t_ns o
t_ns k
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
		[ "$(grep -c "\"event\":\"$1\",\"netns\":\"${P}${3:-o}\"" "$T_TMP/w.out")" -ge "$2" ] && return 0
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
# 4100 macvlans on a veth in one namespace (4103 links; more requests than the watcher keeps
# pending: some are "appeared", without a creator), then another burst, which makes the watcher
# compare again. Macvlans: a namespace of thousands of bridges takes the kernel a minute to tear
# down, holding up every other test's namespaces; these go at once.
ip -n "${P}k" link add kp type veth peer name kq
kill -STOP "$WATCHER"
for i in $(seq 1 4100); do echo "link add link kp name k$i type macvlan"; done | ip -n "${P}k" -batch -
kill -CONT "$WATCHER"
for _ in $(seq 1 100); do
	[ "$(grep -cE "\"event\":\"(created|appeared)\",\"netns\":\"${P}k\"" "$T_TMP/w.out")" -ge 4100 ] && break
	sleep 0.1
done
kill -STOP "$WATCHER"
for i in $(seq 1 100); do echo "link add ${P}b$i type bridge"; done | ip -n "${P}o" -batch -
kill -CONT "$WATCHER"
seen created 200
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
BIG="[.[] | select(.netns == \"${P}k\" and (.name | test(\"^k[0-9]+$\")))]"
t_check "each of 4100 macvlans in one namespace is reported once (created or appeared)" \
	"$BIG | map(select(.event == \"created\" or .event == \"appeared\")) | (length == 4100) and (map(.name) | unique | length == 4100)"
t_check "and none of them deleted by a later comparison" \
	"$BIG | map(select(.event == \"deleted\")) | length == 0"
t_done
