#!/usr/bin/env bash
# The interface storm (issue 15): RATE creations per second for SECS seconds from PROCS
# processes, each in its own namespace (ip -batch, so each creation is one netlink request from
# a short-lived ip), while `ifwho watch` records them with a history. Prints how many were
# recorded with their creator (and how many missed), the latency from the request (BPF time)
# to the record (p50/p99/max), the watcher's CPU share and peak memory. Then the cost of the
# BPF program to unrelated system calls: bench/watch/syscalls.c (CPU time per getppid and
# 1-byte write) without the watcher, with it (BPF on notifier_run) and with --bpf-hook
# sys_enter (the earlier hook, for comparison).
# Usage (root, after `ninja -C build bench/watch-syscalls`):
#   [WATCH_NICE=-10] bench/watch/storm.sh [RATE] [SECS] [PROCS] [WATCH-ARGS...]
# WATCH_NICE runs the watcher at that nice level (the service unit's Nice=).
set -u
RATE=${1:-1000}
SECS=${2:-10}
PROCS=${3:-4}
shift $(($# < 3 ? $# : 3))
IFWHO=${IFWHO:-build/ifwho}
SYSCALLS=${SYSCALLS:-build/bench/watch-syscalls}
WATCH_NICE=${WATCH_NICE:-0}
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
nice -n "$WATCH_NICE" "$IFWHO" watch --json --no-addr --history "$TMP/h.db" --ready-file "$TMP/ready" "$@" \
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
for j in $(jobs -p); do [ "$j" = "$W_PID" ] || wait "$j" 2>/dev/null; done
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

# The program's cost to every other system call, in CPU time per call (the best of 7 rounds of
# 1 M calls: on a shared machine the wall clock also counts other processes' turns).
[ -x "$SYSCALLS" ] || { echo "no $SYSCALLS: ninja -C build bench/watch-syscalls"; exit 0; }
echo "system call cost (CPU ns per call, 3 runs each):"
echo "  without watcher:"
for _ in 1 2 3; do echo "    $("$SYSCALLS" 1000000 7)"; done
for hook in notifier_run sys_enter; do
	rm -f "$TMP/ready2"
	"$IFWHO" watch --no-addr --no-history --bpf-hook "$hook" --ready-file "$TMP/ready2" \
		>"$TMP/w2.out" 2>&1 &
	W_PID=$!
	for _ in $(seq 1 200); do [ -e "$TMP/ready2" ] && break; sleep 0.05; done
	echo "  with watcher, BPF on $hook:"
	for _ in 1 2 3; do echo "    $("$SYSCALLS" 1000000 7)"; done
	kill "$W_PID"
	wait "$W_PID"
	W_PID=""
done
