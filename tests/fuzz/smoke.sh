#!/usr/bin/env bash
# A short libFuzzer run: new inputs go to a scratch corpus in the build tree, never into the
# committed seeds; a crash leaves its input there too (printed below).
set -u
fuzzer=$1 seeds=$2 seconds=$3
out="$(dirname "$fuzzer")/corpus-$(basename "$fuzzer")"
mkdir -p "$out"
"$fuzzer" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
	-artifact_prefix="$out/" "$out" "$seeds"
