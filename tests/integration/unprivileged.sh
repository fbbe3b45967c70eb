#!/usr/bin/env bash
# ifwho as an ordinary user: it explains what it can see, says once what root would add, and the
# unit tests pass without privileges too.
. "$(dirname "$0")/lib.sh"
t_need_root
command -v setpriv >/dev/null || { echo "SKIP $T_NAME: setpriv (util-linux) missing"; exit 77; }
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all -- "$@"; }

t_ns hidden
chmod o+rx "$T_TMP"
as_nobody timeout 30 "$IFWHO" --json >"$T_TMP/nobody.json" 2>"$T_TMP/nobody.err"
rc=$?
T_JSON=$T_TMP/nobody.json
t_true "runs as nobody and exits 0" "$rc"
t_check "valid report, not privileged" ".host.privileged == false"
t_check "its own namespace is read" "[.namespaces[] | select(.is_self) | .collected] == [true]"
t_check "another namespace is listed but not read, with the reason" "[.namespaces[] | select(.name == \"${P}hidden\") | (.collected == false and (.error | test(\"not permitted|denied\"; \"i\")))] == [true]"
t_check "says what more privileges would show" ".needs_privileges_for | length > 0 and any(test(\"CAP_SYS_ADMIN\"))"
as_nobody timeout 30 "$IFWHO" --color=never >"$T_TMP/nobody.txt" 2>&1
T_OUT=$T_TMP/nobody.txt
t_grep "text says it once, at the end" "^not visible without more privileges: "
t_true "... only once" "$([ "$(grep -c '^not visible without more privileges' "$T_OUT")" = 1 ] && echo 0 || echo 1)"

# The unit tests, unprivileged (they need no root and must not assume it).
src=${IFW_SRC:-.}
bdir=$(cd "$(dirname "$IFWHO")" && pwd)
fails=0
for t in "$bdir"/tests/unit/test_* "$bdir"/tests/unit/*/test-*; do
	[ -f "$t" ] && [ -x "$t" ] || continue
	if ! (cd "$T_TMP" && as_nobody env IFWHO_DATA_DIR="$src/data" timeout 120 "$t" >"$T_TMP/u.log" 2>&1); then
		echo "  unit test failed as nobody: $t"
		tail -5 "$T_TMP/u.log"
		fails=$((fails + 1))
	fi
done
t_true "unit tests pass as nobody" "$fails"
t_done
