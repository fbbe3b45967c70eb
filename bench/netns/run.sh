#!/usr/bin/env bash
# Hundreds of namespaces (issue 19): builds N network namespaces, each with a veth to one hub
# namespace and one process inside holding six sockets (TCP listeners on :80 and :81, a TCP
# connection to :81 and its accepted end, a bound UDP socket, a UDP socket connected to the hub),
# then times in one run:
#   ifwho --netns all --json        every namespace, explained, as JSON
#   ifwho --color=never             the text overview
#   the floor (bench/netns/floor.c): enter each namespace once, dump its links, addresses and
#                                   TCP/UDP sockets, count them; nothing else
#   the floor --no-sockets: the same without the sock_diag dumps (each walks the kernel's global
#                                   socket tables, milliseconds per namespace; ifwho takes
#                                   sockets from one BPF walk of the processes' fds instead)
#   ss -N NS -tunap, looped over the N namespaces (one bash loop, the loop's own cost included)
#   IFWHO_NO_BPF=1 ifwho --netns all --json   the same report without BPF: inet_diag dumps in
#                                   every namespace and /proc/PID/fd links
# Prints a Markdown table (for docs/PERFORMANCE.md). Every namespace and process it made is
# removed at the end, also on failure or Ctrl-C.
# IFWHO_FLAGS (default --no-daemons) go to every ifwho run: on a shared machine, tunnel daemons
# left by other tests (a fake strongSwan that drips its answer) would add their query deadline,
# up to a second, which has nothing to do with namespaces; IFWHO_FLAGS= times the default.
# Usage (root): bench/netns/run.sh [N...]    default 300; RUNS=10 (ifwho and the floor),
# SS_RUNS=3 (SS_RUNS=0 leaves out the ss loop and the no-BPF run: their columns read 0)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-10}
SS_RUNS=${SS_RUNS:-3}
COUNTS=("$@")
[ "$#" -eq 0 ] && COUNTS=(300)
PFX=ifwb$$-
F=${IFWHO_FLAGS---no-daemons}
for p in hyperfine jq bc; do
	command -v "$p" >/dev/null ||
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$p" >/dev/null
done
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build ifwho tests/ifw-testproc bench/bench-netns-floor >/dev/null
TESTPROC=build/tests/ifw-testproc
FLOOR=build/bench/bench-netns-floor
TMP=$(mktemp -d)
PIDS=()
MADE=()

cleanup() {
	local p ns
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
	PIDS=()
	if [ "${#MADE[@]}" -gt 0 ]; then
		for ns in "${MADE[@]}"; do echo "netns del $ns"; done >"$TMP/del.batch"
		ip -force -batch "$TMP/del.batch" 2>/dev/null || true
	fi
	MADE=()
}
trap 'cleanup; rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

# N namespaces named ${PFX}1..N and the hub ${PFX}hub: the namespaces and veths in two ip
# batches, addresses and the processes one namespace at a time.
build_world() {
	local n=$1 i ns
	: >"$TMP/ns.batch"
	: >"$TMP/hub.batch"
	echo "netns add ${PFX}hub" >>"$TMP/ns.batch"
	MADE+=("${PFX}hub")
	for i in $(seq 1 "$n"); do
		echo "netns add ${PFX}$i" >>"$TMP/ns.batch"
		MADE+=("${PFX}$i")
		echo "link add h$i type veth peer name e0 netns ${PFX}$i" >>"$TMP/hub.batch"
		echo "link set h$i up" >>"$TMP/hub.batch"
	done
	ip -batch "$TMP/ns.batch"
	ip -n "${PFX}hub" -batch "$TMP/hub.batch"
	for i in $(seq 1 "$n"); do
		ns=${PFX}$i
		ip -n "$ns" addr add 192.0.2.2/24 dev e0
		ip -n "$ns" link set e0 up
		ip -n "$ns" link set lo up
		ip netns exec "$ns" "$TESTPROC" --name bench-svc tcp 192.0.2.2 80 \
			tcppair 192.0.2.2 81 udp 192.0.2.2 53 udpto 192.0.2.1 53 >"$TMP/p.$i" 2>&1 &
		PIDS+=($!)
	done
	for i in $(seq 1 "$n"); do
		for _ in $(seq 1 200); do
			grep -q ready "$TMP/p.$i" 2>/dev/null && break
			sleep 0.05
		done
		grep -q ready "$TMP/p.$i" || { echo "process in ${PFX}$i did not start" >&2; exit 1; }
	done
}

# ms/min/cpu FILE [INDEX]: INDEX is the command's place in a hyperfine run of several (0)
ms() { jq -r ".results[${2:-0}].mean * 1000 | round" "$1"; }
# the fastest run: what the machine does when no one else is using it
min() { jq -r ".results[${2:-0}].min * 1000 | round" "$1"; }
# CPU time (user + system): steadier than wall time on a shared machine
cpu() { jq -r "(.results[${2:-0}].user + .results[${2:-0}].system) * 1000 | round" "$1"; }
r() { echo "scale=1; $1 / $2" | bc | sed 's/^\./0./'; }
r2() { echo "scale=2; $1 / $2" | bc | sed 's/^\./0./'; }

echo "ifwho flags: ${F:-(none)}; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "Times: mean (fastest) of the runs; CPU: user + system, mean."
echo
echo "| namespaces | ifwho --json | ifwho (text) | floor | floor, no sockets | ss -N NS -tunap loop | ifwho --json, no BPF | ifwho --json / floor | text / floor | ifwho --json / floor, no sockets | ss loop / ifwho | no BPF / ifwho | per namespace: ifwho --json / floor / floor, no sockets | CPU ifwho --json / text / floor / floor, no sockets / no BPF / ss loop |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${COUNTS[@]}"; do
	cleanup
	build_world "$n"
	sleep 3 # let the new processes settle
	# shellcheck disable=SC2016
	echo 'for ns in "$@"; do ss -N "$ns" -tunap >/dev/null; done' >"$TMP/loop.sh"
	names=$(seq -f "${PFX}%g" 1 "$n" | tr '\n' ' ')
	if [ -n "${HOLD:-}" ]; then
		# (development) keep the world until the file $HOLD is removed
		echo "world of $n namespaces ${PFX}1..$n is up; rm $HOLD to end" >&2
		touch "$HOLD"
		while [ -e "$HOLD" ]; do sleep 1; done
		cleanup
		continue
	fi
	# one hyperfine run for the JSON report, the text overview and the floor: the same
	# minutes of a shared machine for all four (results 0..3)
	hyperfine -N -i -w 1 -r "$RUNS" --export-json "$TMP/run.json" \
		"build/ifwho $F --netns all --json" "build/ifwho $F --color=never" "$FLOOR" \
		"$FLOOR --no-sockets" >/dev/null 2>&1
	if [ "$SS_RUNS" -gt 0 ]; then
		hyperfine -N -i -w 0 -r "$SS_RUNS" --export-json "$TMP/ss.json" \
			"bash $TMP/loop.sh $names" >/dev/null 2>&1 # $names: one argument per namespace
		IFWHO_NO_BPF=1 hyperfine -N -i -w 0 -r "$SS_RUNS" --export-json "$TMP/nobpf.json" \
			"build/ifwho $F --netns all --json" >/dev/null 2>&1
	else # SS_RUNS=0: neither the ss loop nor the no-BPF run (minutes at 1 000)
		echo '{"results":[{"mean":0,"min":0,"user":0,"system":0}]}' >"$TMP/ss.json"
		cp "$TMP/ss.json" "$TMP/nobpf.json"
	fi
	j=$(ms "$TMP/run.json" 0) t=$(ms "$TMP/run.json" 1) fl=$(ms "$TMP/run.json" 2)
	s=$(ms "$TMP/ss.json") nb=$(ms "$TMP/nobpf.json")
	per=$(echo "scale=3; $j / $n" | bc | sed "s/^\./0./")
	fl0=$(ms "$TMP/run.json" 3)
	fper=$(echo "scale=3; $fl / $n" | bc | sed "s/^\./0./")
	f0per=$(echo "scale=3; $fl0 / $n" | bc | sed "s/^\./0./")
	echo "| $n | $j ($(min "$TMP/run.json" 0)) ms | $t ($(min "$TMP/run.json" 1)) ms |" \
		"$fl ($(min "$TMP/run.json" 2)) ms | $fl0 ($(min "$TMP/run.json" 3)) ms |" \
		"$s ms | $nb ms |" \
		"$(r2 "$j" "$fl")x | $(r2 "$t" "$fl")x | $(r2 "$j" "$fl0")x |" \
		"$(r "$s" "$j")x | $(r "$nb" "$j")x |" \
		"$per / $fper / $f0per ms |" \
		"$(cpu "$TMP/run.json" 0) / $(cpu "$TMP/run.json" 1) / $(cpu "$TMP/run.json" 2) /" \
		"$(cpu "$TMP/run.json" 3) / $(cpu "$TMP/nobpf.json") / $(cpu "$TMP/ss.json") ms |"
	echo "floor: $("$FLOOR")"
	if [ -n "${TIMING:-}" ]; then
		# shellcheck disable=SC2086
		IFWHO_TIMING=1 build/ifwho $F --netns all --json 2>&1 >/dev/null | sed 's/^/    /'
	fi
	cleanup
done
