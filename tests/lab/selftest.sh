#!/usr/bin/env bash
# selftest.sh -- prove ipsec-lab.sh is repeatable: N up/status/down cycles, then
# a deliberately failing `up` (wrong PSK on the ePDG) followed by `down`.
# After every `down` nothing of the lab may remain: no namespaces with the
# prefix, no LAB_DIR, no process carrying the lab's IFWLAB_ID marker.
#
# Usage: [LAB_PREFIX=ifwlab-st-] selftest.sh [cycles]   (default 3 cycles)
set -euo pipefail

export LAB_PREFIX=${LAB_PREFIX:-ifwlab-st-}
export LAB_DIR=${LAB_DIR:-/tmp/${LAB_PREFIX}lab}
CYCLES=${1:-3}
LAB="$(cd "$(dirname "$0")" && pwd)/ipsec-lab.sh"
OUT=$(mktemp -d "/tmp/${LAB_PREFIX}selftest.XXXXXX")
fails=0

ms() { local t=${EPOCHREALTIME//[!0-9]/}; echo $((t / 1000)); }

leftovers() {
	local what="" pid
	what+=$(ip netns list | awk -v p="$LAB_PREFIX" 'index($1, p) == 1 {printf " netns:%s", $1}')
	if [[ -e "$LAB_DIR" ]]; then what+=" dir:$LAB_DIR"; fi
	for pid in /proc/[0-9]*; do
		pid=${pid#/proc/}
		if grep -qzxF "IFWLAB_ID=$LAB_DIR" "/proc/$pid/environ" 2>/dev/null; then
			what+=" pid:$pid($(cat "/proc/$pid/comm" 2>/dev/null))"
		fi
	done
	echo "$what"
}

check_clean() {
	local left
	left=$(leftovers)
	if [[ -n "$left" ]]; then
		echo "  LEFTOVERS after down:$left"
		fails=$((fails + 1))
	else
		echo "  clean after down (no netns, no dir, no processes)"
	fi
}

"$LAB" down >/dev/null 2>&1 || true

for i in $(seq 1 "$CYCLES"); do
	t=$(ms)
	if "$LAB" up >"$OUT/up-$i.log" 2>&1; then rc=0; else rc=$?; fi
	echo "cycle $i: up rc=$rc in $(($(ms) - t)) ms"
	if ((rc != 0)); then
		tail -n 5 "$OUT/up-$i.log"
		fails=$((fails + 1))
	fi
	"$LAB" status >"$OUT/status-$i.log" 2>&1 || true
	echo "  status: $(grep -c 'ESTABLISHED' "$OUT/status-$i.log") ESTABLISHED IKE SAs," \
		"$(grep -c ' alive ' "$OUT/status-$i.log") live processes"
	t=$(ms)
	"$LAB" down >"$OUT/down-$i.log" 2>&1 || { echo "  down FAILED"; fails=$((fails + 1)); }
	echo "  down in $(($(ms) - t)) ms"
	check_clean
done

echo "deliberately failing up (LAB_BREAK=psk):"
if LAB_BREAK=psk "$LAB" up >"$OUT/up-broken.log" 2>&1; then
	echo "  up unexpectedly SUCCEEDED"
	fails=$((fails + 1))
else
	echo "  up failed as expected: $(grep '^\[lab\] FAILED' "$OUT/up-broken.log")"
fi
"$LAB" down >"$OUT/down-broken.log" 2>&1 || { echo "  down FAILED"; fails=$((fails + 1)); }
check_clean

echo "logs: $OUT"
if ((fails)); then
	echo "SELFTEST FAILED ($fails problems)"
	exit 1
fi
echo "SELFTEST PASSED"
