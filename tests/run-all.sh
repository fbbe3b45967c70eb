#!/usr/bin/env bash
# The whole test suite (called by ./bootstrap test, which CI runs):
#   1. style: clang-format on every C file
#   2. build/: unit, integration and lab tests
#   2b. build-nolinux/ (-Dlinux_backend=false, what macOS and the BSDs build): unit tests, the
#      command-running backend's tests, and no unguarded Linux kernel header in what it compiles
#   3. build-asan/ (clang, ASan+UBSan, leak checking): the same tests again, plus a short run of
#      every libFuzzer target
# Prints one line per test and ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
skipped=0
failures=()

count_meson() { # BUILDDIR LABEL: adds the results of the last `meson test` in BUILDDIR
	local log=$1/meson-logs/testlog.json
	[ -f "$log" ] || {
		failed=$((failed + 1))
		failures+=("$2: no test log")
		return
	}
	local ok bad skip
	ok=$(jq -s '[.[] | select(.result == "OK" or .result == "EXPECTEDFAIL")] | length' "$log")
	bad=$(jq -s '[.[] | select(.result == "FAIL" or .result == "TIMEOUT" or .result == "ERROR" or .result == "UNEXPECTEDPASS")] | length' "$log")
	skip=$(jq -s '[.[] | select(.result == "SKIP")] | length' "$log")
	passed=$((passed + ok))
	failed=$((failed + bad))
	skipped=$((skipped + skip))
	while IFS= read -r name; do
		[ -n "$name" ] && failures+=("$2: $name")
	done < <(jq -rs '.[] | select(.result == "FAIL" or .result == "TIMEOUT" or .result == "ERROR") | .name' "$log")
}

step() { printf '\n=== %s (%s)\n' "$*" "$(date +%T)"; }


step "style (clang-format)"
mapfile -t cfiles < <(git ls-files '*.c' '*.h' 2>/dev/null || find src tests tools bench -name '*.[ch]')
if clang-format --dry-run --Werror "${cfiles[@]}" 2>"${TMPDIR:-/tmp}/ifw-format.log"; then
	echo "ok   clang-format (${#cfiles[@]} files)"
	passed=$((passed + 1))
else
	head -20 "${TMPDIR:-/tmp}/ifw-format.log"
	echo "FAIL clang-format"
	failed=$((failed + 1))
	failures+=("clang-format")
fi

step "build/: unit, integration and lab tests"
if ninja -C build >/dev/null; then
	meson test -C build --print-errorlogs --num-processes 2 ${IFW_TEST_ARGS:-}
	count_meson build "build"
else
	failed=$((failed + 1))
	failures+=("build")
fi

step "build-nolinux/: without the Linux backend: unit and command-backend tests, Linux headers"
if [ ! -f build-nolinux/build.ninja ]; then
	meson setup build-nolinux -Dlinux_backend=false >/dev/null
fi
if ninja -C build-nolinux >/dev/null; then
	meson test -C build-nolinux --print-errorlogs --num-processes 2 --suite unit --suite cmdrun \
		${IFW_TEST_ARGS:-}
	count_meson build-nolinux "build-nolinux"
	if tests/nolinux-headers.sh build-nolinux; then
		echo "ok   no unguarded Linux header in build-nolinux"
		passed=$((passed + 1))
	else
		echo "FAIL Linux headers in build-nolinux"
		failed=$((failed + 1))
		failures+=("build-nolinux: Linux headers")
	fi
else
	failed=$((failed + 1))
	failures+=("build-nolinux")
fi

step "build-asan/: the same under ASan+UBSan (clang), and the fuzzers' smoke runs"
if [ ! -f build-asan/build.ninja ]; then
	CC=clang meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dfuzz=true \
		-Dbuildtype=debug >/dev/null
fi
if ninja -C build-asan >/dev/null; then
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
	export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
	export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp
	meson test -C build-asan --print-errorlogs --num-processes 2 --no-suite lab --no-suite package ${IFW_TEST_ARGS:-}
	count_meson build-asan "build-asan"
else
	failed=$((failed + 1))
	failures+=("build-asan")
fi

echo
for f in "${failures[@]}"; do
	echo "failed: $f"
done
[ "$skipped" -gt 0 ] && echo "$skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
