#!/bin/bash
# Capture benchmark (not a test): generates a pcap of about 570k packets (HTTP, TLS with SNI,
# DNS, SIP + RTP, random UDP; see gen.c), then times, each RUNS times, under /usr/bin/time -v:
#   capture-bench FILE N          the classifier alone (ifw_capture_file, nDPI init included)
#   ifwho --pcap FILE --json      the whole program (also collects this host, analyses, reports)
#   ndpiReader -i FILE -q         nDPI's own reader (Debian libndpi-bin)
#   tshark -r FILE -q -z io,phs   Wireshark's protocol hierarchy (Debian tshark)
# and prints the median wall time, packets/s and peak RSS of each, and the ratios.
# usage: bench/capture/run.sh [SCALE] [RUNS]   (SCALE 1 = ~570k packets; RUNS default 5)
# IFWHO=path picks the ifwho binary (default build/ifwho; skipped when missing).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
scale=${1:-1}
runs=${2:-5}
cache=${IFWHO_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ifwho-bench}
mkdir -p "$cache"
cc=${CC:-cc}
ifwho=${IFWHO:-$root/build/ifwho}

# Same optimization as the project's default (debugoptimized) build.
cflags="-std=c17 -O2 -g -D_GNU_SOURCE"
pc=$(pkg-config --cflags --libs libndpi libpcap)
# shellcheck disable=SC2086,SC2046
$cc $cflags -o "$cache/capture-gen" "$root/bench/capture/gen.c" $(pkg-config --libs libpcap)
# shellcheck disable=SC2086
$cc $cflags -I"$root/src" -o "$cache/capture-bench" "$root/bench/capture/bench.c" \
	"$root"/src/capture/*.c "$root"/src/model/*.c "$root"/src/util/*.c $pc

pcap="$cache/capture-bench-$scale.pcap"
if [ ! -s "$pcap" ] || [ "$root/bench/capture/gen.c" -nt "$pcap" ]; then
	"$cache/capture-gen" "$pcap" "$scale" >"$cache/gen.out"
fi
packets=$(tcpdump -nr "$pcap" 2>/dev/null | wc -l)
echo "input: $pcap, $packets packets, $(du -m "$pcap" | cut -f1) MB"

# median: the middle of the numbers on stdin
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# measure NAME CMD...: median wall seconds, CPU seconds (user + system) and peak RSS (KB) over
# $runs runs -> $W $C $R
measure() {
	local name=$1
	shift
	local i walls=() cpus=() rsss=() out="$cache/time.out"
	for ((i = 0; i < runs; i++)); do
		/usr/bin/time -v "$@" >"$cache/$name.stdout" 2>"$out" || {
			echo "$name failed:"
			tail -5 "$out"
			return 1
		}
		walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0;
			for (k = 1; k <= n; k++) s = s * 60 + t[k]; print s}' "$out")")
		cpus+=("$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {print u + s}' "$out")")
		rsss+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out")")
	done
	W=$(printf '%s\n' "${walls[@]}" | median)
	C=$(printf '%s\n' "${cpus[@]}" | median)
	R=$(printf '%s\n' "${rsss[@]}" | median)
}

declare -A wall cpu rss
tools=()
run() {
	local name=$1
	shift
	if measure "$name" "$@"; then
		wall[$name]=$W
		cpu[$name]=$C
		rss[$name]=$R
		tools+=("$name")
	fi
}
run capture-bench "$cache/capture-bench" "$pcap" "$packets"
if [ -x "$ifwho" ]; then
	IFWHO_DATA_DIR=${IFWHO_DATA_DIR:-$root/data} run ifwho "$ifwho" --pcap "$pcap" --json
else
	echo "(no $ifwho: the whole-program run is skipped)"
fi
command -v ndpiReader >/dev/null && run ndpiReader ndpiReader -i "$pcap" -q
command -v tshark >/dev/null && run tshark tshark -r "$pcap" -q -z io,phs

echo
printf '%-14s %8s %12s %8s %12s\n' tool "wall s" "packets/s" "cpu s" "peak RSS MB"
for t in "${tools[@]}"; do
	awk -v t="$t" -v w="${wall[$t]}" -v c="${cpu[$t]}" -v r="${rss[$t]}" -v p="$packets" \
		'BEGIN {printf "%-14s %8.2f %12.0f %8.2f %12.1f\n", t, w, p / w, c, r / 1024}'
done
echo "(medians of $runs runs; packets/s = packets / wall time; cpu = user + system time)"
echo
ratio() { # A B: packets/s of A over B, and RSS of A over B
	[ -n "${wall[$1]:-}" ] && [ -n "${wall[$2]:-}" ] || return 0
	awk -v a="$1" -v b="$2" -v wa="${wall[$1]}" -v wb="${wall[$2]}" -v ra="${rss[$1]}" \
		-v rb="${rss[$2]}" 'BEGIN {printf "%-14s vs %-11s  speed %5.2fx   RSS %5.2fx\n", a, b, wb / wa, ra / rb}'
}
for a in capture-bench ifwho; do
	ratio "$a" ndpiReader
	ratio "$a" tshark
done
echo "targets: speed >= 0.9x ndpiReader and >= 10x tshark; RSS <= 1x ndpiReader"
echo
echo "classifier summary: $(head -2 "$cache/capture-bench.stdout" | tr '\n' ' ')"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores;" \
	"$($cc --version | head -1); nDPI $(pkg-config --modversion libndpi);" \
	"libpcap $(pkg-config --modversion libpcap); $(tshark --version 2>/dev/null | head -1)"
