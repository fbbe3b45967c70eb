#!/usr/bin/env bash
# Time grows linearly with the evidence: `ifwho --evidence FILE --json` on generated saved
# output of 20k, 80k, 150k and 300k entries (bench/evidence/gen.sh), best of 3 runs each, with
# peak memory. Run from the source tree after `ninja -C build`:
#   bench/evidence/run.sh [ENTRIES...]
set -euo pipefail
cd "$(dirname "$0")/../.."
IFWHO=${IFWHO:-build/ifwho}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%-9s %-9s %-10s %-10s %s\n' entries MB seconds peak_MB s_per_10k
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(20000 80000 150000 300000)
for n in "${sizes[@]}"; do
	bench/evidence/gen.sh "$n" >"$tmp/ev.txt"
	mb=$(($(stat -c %s "$tmp/ev.txt") / 1048576))
	best= peak=
	for _ in 1 2 3; do
		/usr/bin/time -f '%e %M' -o "$tmp/t" "$IFWHO" --evidence "$tmp/ev.txt" --json >/dev/null 2>&1 || true
		read -r s kb <"$tmp/t"
		if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN{exit !(a<b)}'; then
			best=$s peak=$((kb / 1024))
		fi
	done
	printf '%-9s %-9s %-10s %-10s %s\n' "$n" "$mb" "$best" "$peak" \
		"$(awk -v s="$best" -v n="$n" 'BEGIN{printf "%.3f", s / n * 10000}')"
done
