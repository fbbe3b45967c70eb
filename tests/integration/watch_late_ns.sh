#!/usr/bin/env bash
# `ifwho watch` learns a namespace from the exec of a process in it. On a loaded host the
# watcher may read that exec after the process is gone: a short `sh -c "ip link add ..."` run by
# a process that unshared its network namespace and has not exec'd since (it holds the
# namespace, it will never exec again). The namespace must still be found, through the parent
# that forked the short command. The watcher is stopped (SIGSTOP) while all this happens, so it
# reads the events late every time.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
t_need_root

t_watch_start
if ! grep -q "watching .* namespace" "$W_OUT" || grep -q "ours only" "$W_OUT"; then
	echo "SKIP $T_NAME: the watcher does not see other namespaces here"
	exit 77
fi
# The watcher itself (timeout's child), stopped and always continued again, even on failure.
IFW_PID=$(cat "/proc/$W_PID/task/$W_PID/children" 2>/dev/null)
IFW_PID=${IFW_PID%% *}
[ -n "$IFW_PID" ] || {
	echo "FAIL $T_NAME: cannot find the watcher's pid"
	exit 1
}
trap 'kill -CONT "$IFW_PID" 2>/dev/null; t_cleanup' EXIT
kill -STOP "$IFW_PID"

# passedlinkmtu: a child unshares user and network namespaces, makes the bridge with
# system("ip link add ..."), then only waits (100 requests 50 ms apart come from its parent).
L="${P}l"
"$TESTPROC" passedlinkmtu "$L" 100 >"$T_TMP/holder.out" 2>&1 &
H_PID=$!
T_PIDS+=("$H_PID")
# Bounded wait: the bridge exists in the child's namespace and the short commands are gone.
HOLDER=""
for _ in $(seq 1 200); do
	HOLDER=$(cat "/proc/$H_PID/task/$H_PID/children" 2>/dev/null)
	HOLDER=${HOLDER%% *}
	if [ -n "$HOLDER" ] && nsenter -t "$HOLDER" -n ip link show "$L" >/dev/null 2>&1 &&
		[ -z "$(tr -d ' ' <"/proc/$HOLDER/task/$HOLDER/children" 2>/dev/null)" ]; then
		break
	fi
	HOLDER=""
	sleep 0.05
done
[ -n "$HOLDER" ] || {
	kill -CONT "$IFW_PID"
	echo "FAIL $T_NAME: the holder did not make its bridge"
	cat "$T_TMP/holder.out"
	exit 1
}
kill -CONT "$IFW_PID"
for _ in $(seq 1 200); do
	grep -q "\"name\":\"$L\"" "$W_OUT" && break
	sleep 0.05
done
kill -TERM "$W_PID"
wait "$W_PID"

T_JSON="$T_TMP/all.json"
jq -s . "$W_OUT" >"$T_JSON" || {
	echo "FAIL $T_NAME: watcher output is not JSON lines"
	exit 1
}
t_check "the bridge made by a gone command is seen in the namespace its parent holds" \
	"[.[] | select((.event == \"created\" or .event == \"appeared\") and .name == \"$L\" and
	  .netns != \"host\")] | length == 1"
t_check "that namespace is named after the process holding it" \
	"[.[] | select(.name == \"$L\" and .netns == \"pid $HOLDER\")] | length >= 1"
# What the watcher said of the bridge, when a check failed (the holder was pid $HOLDER).
[ "$T_FAILS" -gt 0 ] && grep -F "\"$L\"" "$W_OUT"
t_done
