#!/usr/bin/env bash
# One namespace with many interfaces (issue 16 item 9): makes a namespace holding N interfaces
# (N/2 veth pairs, both ends inside it, down, no addresses; one `ip -batch`), then times in one
# hyperfine run:
#   ifwho --netns NS --json          the namespace, explained, as JSON
#   ifwho --netns NS --color=never   its text overview
#   the floor (bench/netns/floor.c) on the namespace: enter it, dump its links, addresses and
#                                    TCP/UDP sockets, count them (its socket dumps walk the
#                                    kernel's global socket tables: a few ms whatever the size)
# and checks that the JSON lists every interface. Prints a Markdown table with the time per
# interface. The namespace (and with it every interface in it) is removed at the end, also on
# failure or Ctrl-C. Several counts show whether time grows faster than the interfaces.
# IFWHO_FLAGS (default --no-daemons) go to every ifwho run, as in run.sh.
# Usage (root): bench/netns/ifaces.sh [N...]    default 20000; RUNS=3; TIMING=1 adds the
# phase lines of one IFWHO_TIMING=1 run
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-3}
COUNTS=("$@")
[ "$#" -eq 0 ] && COUNTS=(20000)
NS=ifwi$$-many
F=${IFWHO_FLAGS---no-daemons}
for p in hyperfine jq bc; do
	command -v "$p" >/dev/null ||
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$p" >/dev/null
done
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build ifwho bench/bench-netns-floor >/dev/null
FLOOR=build/bench/bench-netns-floor
TMP=$(mktemp -d)
MADE=

cleanup() {
	if [ -n "$MADE" ]; then ip netns del "$NS" 2>/dev/null || true; fi
	MADE=
}
trap 'cleanup; rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

ms() { jq -r ".results[$2].mean * 1000 | round" "$1"; }
min() { jq -r ".results[$2].min * 1000 | round" "$1"; }
cpu() { jq -r "(.results[$2].user + .results[$2].system) * 1000 | round" "$1"; }
# microseconds per interface
us() { echo "scale=1; $1 * 1000 / $2" | bc | sed 's/^\./0./'; }
r2() { echo "scale=2; $1 / $2" | bc | sed 's/^\./0./'; }

echo "ifwho flags: ${F:-(none)}; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "Times: mean (fastest) of $RUNS runs; CPU: user + system, mean; per interface: mean wall time."
echo
echo "| interfaces | made in | ifwho --netns NS --json | text | floor | json / floor | text / floor | per interface: json / text / floor | CPU json / text / floor |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${COUNTS[@]}"; do
	cleanup
	ip netns add "$NS"
	MADE=1
	for i in $(seq 1 $((n / 2))); do
		echo "link add a$i type veth peer name b$i"
	done >"$TMP/links.batch"
	t0=$(date +%s.%N)
	ip -n "$NS" -batch "$TMP/links.batch"
	made=$(echo "$(date +%s.%N) - $t0" | bc | xargs printf '%.1f')
	# shellcheck disable=SC2086
	build/ifwho $F --netns "$NS" --json >"$TMP/out.json"
	got=$(jq '.interfaces | length' "$TMP/out.json")
	bytes=$(wc -c <"$TMP/out.json")
	if [ "$got" -lt "$n" ]; then
		echo "the JSON lists $got interfaces, fewer than the $n made" >&2
		exit 1
	fi
	hyperfine -N -i -w 1 -r "$RUNS" --export-json "$TMP/run.json" \
		"build/ifwho $F --netns $NS --json" "build/ifwho $F --netns $NS --color=never" \
		"$FLOOR /run/netns/$NS" >/dev/null 2>&1
	j=$(ms "$TMP/run.json" 0) t=$(ms "$TMP/run.json" 1) fl=$(ms "$TMP/run.json" 2)
	echo "| $n ($got in the JSON) | $made s | $j ($(min "$TMP/run.json" 0)) ms |" \
		"$t ($(min "$TMP/run.json" 1)) ms | $fl ($(min "$TMP/run.json" 2)) ms |" \
		"$(r2 "$j" "$fl")x | $(r2 "$t" "$fl")x | $(us "$j" "$n") / $(us "$t" "$n") / $(us "$fl" "$n") µs |" \
		"$(cpu "$TMP/run.json" 0) / $(cpu "$TMP/run.json" 1) / $(cpu "$TMP/run.json" 2) ms |"
	echo "floor: $("$FLOOR" "/run/netns/$NS"); ifwho's JSON: $bytes bytes"
	if [ -n "${TIMING:-}" ]; then
		# shellcheck disable=SC2086
		IFWHO_TIMING=1 build/ifwho $F --netns "$NS" --json 2>&1 >/dev/null | sed 's/^/    json: /'
		# shellcheck disable=SC2086
		IFWHO_TIMING=1 build/ifwho $F --netns "$NS" --color=never 2>&1 >/dev/null |
			sed 's/^/    text: /'
	fi
	if [ -n "${HOLD:-}" ]; then
		# (development) keep the namespace until the file $HOLD is removed
		echo "namespace $NS with $n interfaces is up; rm $HOLD to end" >&2
		touch "$HOLD"
		while [ -e "$HOLD" ]; do sleep 1; done
	fi
	cleanup
done
