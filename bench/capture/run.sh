#!/bin/bash
# Capture benchmark (not a test): generates two pcaps,
#   bench  gen.c:       ~570k packets, 55 000 long flows (HTTP, TLS with SNI, DNS, SIP + RTP, UDP)
#   mixed  gen_mixed.c: ~500k packets, 120 000 short flows (DNS, plain UDP, TLS with SNI, HTTP,
#                       SIP), a quarter over IPv6
# then times on each, RUNS times, under /usr/bin/time -v:
#   capture-bench FILE N          the classifier alone (ifw_capture_file, nDPI init included)
#   ifwho --pcap FILE --json      the whole program (reads the file, analyses, writes every flow;
#                                 a capture file alone does not collect this host)
#   ndpiReader -i FILE -q         nDPI's own reader (Debian libndpi-bin)
#   tshark -r FILE -q -z io,phs   Wireshark's protocol hierarchy (Debian tshark; TSHARK=0 skips)
# and prints the median wall time, packets/s and peak RSS of each, the ratios, ifwho's phase
# times (IFWHO_TIMING=1: a "collect" line would mean it read the live host) and its warnings.
# usage: bench/capture/run.sh [SCALE] [RUNS]   (SCALE 1 = the sizes above; RUNS default 5)
# IFWHO=path picks the ifwho binary (default build/ifwho; skipped when missing).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
scale=${1:-1}
runs=${2:-5}
cache=${IFWHO_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ifwho-bench}
mkdir -p "$cache"
ifwho=${IFWHO:-$root/build/ifwho}

command -v ndpiReader >/dev/null ||
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libndpi-bin >/dev/null
command -v tshark >/dev/null || [ "${TSHARK:-1}" = 0 ] ||
	echo "(tshark is not installed: its runs are skipped; apt-get install tshark adds them)"

# The programs come from the project's build (default debugoptimized, the same flags as ifwho).
build=${BUILD:-$root/build}
[ -f "$build/build.ninja" ] || meson setup "$build" "$root" >/dev/null
ninja -C "$build" bench/capture/capture-gen bench/capture/capture-gen-mixed \
	bench/capture/capture-bench >/dev/null
bin=$build/bench/capture
cc=${CC:-cc}

# pcap_for NAME SOURCE BINARY: the capture, generated when missing or older than its generator
pcap_for() {
	local f="$cache/capture-$1-$scale.pcap"
	if [ ! -s "$f" ] || [ "$root/bench/capture/$2" -nt "$f" ]; then
		"$bin/$3" "$f" "$scale" >"$cache/gen-$1.out"
	fi
	echo "$f"
}
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
ratio() { # A B: packets/s of A over B, and RSS of A over B
	[ -n "${wall[$1]:-}" ] && [ -n "${wall[$2]:-}" ] || return 0
	awk -v a="$1" -v b="$2" -v wa="${wall[$1]}" -v wb="${wall[$2]}" -v ra="${rss[$1]}" \
		-v rb="${rss[$2]}" 'BEGIN {printf "%-22s vs %-18s  speed %5.2fx   RSS %5.2fx\n", a, b, wb / wa, ra / rb}'
}

summary=()
for cap in bench mixed; do
	case $cap in
	bench) pcap=$(pcap_for bench gen.c capture-gen) ;;
	mixed) pcap=$(pcap_for mixed gen_mixed.c capture-gen-mixed) ;;
	esac
	# one line per packet with -q (without it, some random payloads are decoded as hex dumps)
	packets=$(tcpdump -qnr "$pcap" 2>/dev/null | grep -c "^[0-9][0-9]:")
	echo "== $cap: $pcap, $packets packets ($(cat "$cache/gen-$cap.out" 2>/dev/null)), $(du -m "$pcap" | cut -f1) MB; load: $(uptime | sed 's/.*load/load/')"
	run "capture-bench:$cap" "$bin/capture-bench" "$pcap" "$packets"
	if [ -x "$ifwho" ]; then
		export IFWHO_DATA_DIR=${IFWHO_DATA_DIR:-$root/data}
		run "ifwho:$cap" "$ifwho" --pcap "$pcap" --json
		IFWHO_TIMING=1 "$ifwho" --pcap "$pcap" --json 2>"$cache/timing-$cap.out" >"$cache/ifwho-$cap.json" || true
		echo "ifwho phases (IFWHO_TIMING=1, one run): $(grep '^ifwho: ' "$cache/timing-$cap.out" |
			sed 's/^ifwho: *//; s/  */ /g' | tr '\n' ';')"
		if grep -q '^ifwho: collect ' "$cache/timing-$cap.out"; then
			echo "ifwho collected the live host for a capture file alone: it should not"
		fi
		echo "ifwho: $(jq '[.unattributed_traffic[]?, (.interfaces[]?.traffic[]?)] | length' \
			"$cache/ifwho-$cap.json") flows in the JSON; warnings: $(jq -r '.warnings[]?' \
			"$cache/ifwho-$cap.json" | tr '\n' ';')"
	else
		echo "(no $ifwho: the whole-program run is skipped)"
	fi
	if command -v ndpiReader >/dev/null; then
		run "ndpiReader:$cap" ndpiReader -i "$pcap" -q
	fi
	if [ "${TSHARK:-1}" != 0 ] && command -v tshark >/dev/null; then
		run "tshark:$cap" tshark -r "$pcap" -q -z io,phs
	fi

	echo
	printf '%-22s %8s %12s %8s %12s\n' tool "wall s" "packets/s" "cpu s" "peak RSS MB"
	for t in "${tools[@]}"; do
		[ "${t#*:}" = "$cap" ] || continue
		awk -v t="$t" -v w="${wall[$t]}" -v c="${cpu[$t]}" -v r="${rss[$t]}" -v p="$packets" \
			'BEGIN {printf "%-22s %8.2f %12.0f %8.2f %12.1f\n", t, w, p / w, c, r / 1024}'
	done
	echo "(medians of $runs runs; packets/s = packets / wall time; cpu = user + system time)"
	for a in capture-bench ifwho; do
		ratio "$a:$cap" "ndpiReader:$cap"
		ratio "$a:$cap" "tshark:$cap"
	done
	echo "classifier summary: $(head -2 "$cache/capture-bench:$cap.stdout" | tr '\n' ' ')"
	echo
	if [ -n "${wall[ifwho:$cap]:-}" ] && [ -n "${wall[ndpiReader:$cap]:-}" ]; then
		summary+=("$(awk -v c="$cap" -v p="$packets" -v i="${wall[ifwho:$cap]}" \
			-v n="${wall[ndpiReader:$cap]}" -v ri="${rss[ifwho:$cap]}" -v rn="${rss[ndpiReader:$cap]}" \
			-v part="$(jq -r '.warnings[]? | select(test("more than [0-9]+ flows"))' \
				"$cache/ifwho-$cap.json" 2>/dev/null | head -1)" \
			'BEGIN {printf "| %s | %d | %.2f s | %.2f s | %.2fx | %s%s | %.1f / %.1f MB |", c, p, i, n,
				n / i, (n / i >= 1.5 ? "met" : "missed"),
				(part != "" ? " (not like for like: ifwho tracked only part of the flows)" : ""),
				ri / 1024, rn / 1024}')")
	fi
done
echo "targets: ifwho --pcap FILE --json >= 1.5x faster than ndpiReader on both captures;"
echo "classifier >= 10x tshark; RSS <= 1x ndpiReader"
echo "| capture | packets | ifwho --pcap --json | ndpiReader -q | ndpiReader / ifwho | >= 1.5x | peak RSS ifwho / ndpiReader |"
echo "|---|---:|---:|---:|---:|---|---:|"
printf '%s\n' "${summary[@]}"
echo "load after: $(uptime)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores;" \
	"$($cc --version | head -1); nDPI $(pkg-config --modversion libndpi);" \
	"libpcap $(pkg-config --modversion libpcap); $(tshark --version 2>/dev/null | head -1)"
