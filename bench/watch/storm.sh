#!/usr/bin/env bash
# The interface storm (issue 15): RATE creations per second for SECS seconds from PROCS
# processes, each in its own namespace (ip -batch, so each creation is one netlink request from
# a short-lived ip), while `ifwho watch` records them with a history. Prints how many were
# recorded with their creator (and how many missed), the latency from the request (BPF time)
# to the record (p50/p99/max), the watcher's CPU share and peak memory. Then the cost of the
# BPF program to unrelated system calls: dd with 1-byte blocks, without and with the watcher.
# Usage (root): bench/watch/storm.sh [RATE] [SECS] [PROCS] [WATCH-ARGS...]
set -u
RATE=${1:-1000}
SECS=${2:-10}
PROCS=${3:-4}
shift $(($# < 3 ? $# : 3))
IFWHO=${IFWHO:-build/ifwho}
P="ifws${$}-"
TMP=$(mktemp -d)
NS=()
W_PID=""
cleanup() {
	[ -n "$W_PID" ] && kill "$W_PID" 2>/dev/null && wait "$W_PID" 2>/dev/null
	for ns in "${NS[@]}"; do ip netns del "$ns" 2>/dev/null; done
	rm -rf "$TMP"
}
trap cleanup EXIT

for i in $(seq 1 "$PROCS"); do
	ip netns add "${P}$i" && NS+=("${P}$i")
done
"$IFWHO" watch --json --no-addr --history "$TMP/h.db" --ready-file "$TMP/ready" "$@" \
	>"$TMP/w.jsonl" 2>"$TMP/w.err" &
W_PID=$!
for _ in $(seq 1 200); do [ -e "$TMP/ready" ] && break; sleep 0.05; done
ticks() { awk '{print $14 + $15}' "/proc/$W_PID/stat"; }
T0=$(ticks)
START=$(date +%s.%N)

# Each process: every 100 ms one ip -batch making RATE/PROCS/10 bridges.
per_tick=$((RATE / PROCS / 10))
for i in $(seq 1 "$PROCS"); do
	(
		n=0
		for t in $(seq 1 $((SECS * 10))); do
			deadline=$(echo "$START + $t / 10" | bc -l)
			: >"$TMP/b$i"
			for _ in $(seq 1 "$per_tick"); do
				n=$((n + 1))
				echo "link add s${i}x$n type bridge" >>"$TMP/b$i"
			done
			ip -n "${P}$i" -batch "$TMP/b$i"
			now=$(date +%s.%N)
			sl=$(echo "$deadline - $now" | bc -l)
			case $sl in -* | 0) ;; *) sleep "$sl" ;; esac
		done
	) &
done
wait $(jobs -p | grep -v "^$W_PID$") 2>/dev/null
END=$(date +%s.%N)
sleep 0.5
T1=$(ticks)
HWM=$(awk '/VmHWM/ {print $2 " " $3}' "/proc/$W_PID/status")
RSS=$(awk '/VmRSS/ {print $2 " " $3}' "/proc/$W_PID/status")
kill "$W_PID"
wait "$W_PID"
W_PID=""
HZ=$(getconf CLK_TCK)
EXPECT=$((per_tick * SECS * 10 * PROCS))
jq -s --argjson expect "$EXPECT" --arg p "$P" '
	[.[] | select(.event == "created" and (.netns | startswith($p)))] as $c |
	([$c[] | select(.creator != null and .creator.confidence == "exact")]) as $a |
	([$a[] | .latency_ms] | sort) as $l |
	{expected: $expect, recorded: ($c | length), with_creator: ($a | length),
	 missed: ($expect - ($a | length)),
	 latency_ms: {p50: $l[(($l|length) * 0.5 | floor)], p99: $l[(($l|length) * 0.99 | floor)],
	              max: $l[-1]},
	 gaps: [.[] | select(.event == "gap") | .note]}' "$TMP/w.jsonl"
echo "wall: $(echo "$END - $START" | bc -l | cut -c1-5) s for $SECS s of storm"
echo "watcher CPU: $(echo "($T1 - $T0) / $HZ" | bc -l | cut -c1-5) s = $(echo "100 * ($T1 - $T0) / $HZ / ($END - $START)" | bc -l | cut -c1-4) % of one core"
echo "watcher memory: peak $HWM, at the end $RSS"
echo "history: $(stat -c %s "$TMP/h.db") bytes"

# The program's cost to every other system call.
ddrun() { /usr/bin/time -f %e dd if=/dev/zero of=/dev/null bs=1 count=3000000 2>&1 | tail -1; }
echo "dd bs=1 count=3M (6M syscalls), 3 runs each:"
echo "  without watcher: $(ddrun) $(ddrun) $(ddrun) s"
"$IFWHO" watch --no-addr --no-history --ready-file "$TMP/ready2" >/dev/null 2>&1 &
W_PID=$!
for _ in $(seq 1 200); do [ -e "$TMP/ready2" ] && break; sleep 0.05; done
echo "  with watcher:    $(ddrun) $(ddrun) $(ddrun) s"
