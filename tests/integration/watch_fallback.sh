#!/usr/bin/env bash
# `ifwho watch` without BPF: attribution from the proc connector (a lower confidence).
WATCH_ARGS="--no-bpf"
WATCH_CONF="likely"
# shellcheck source=tests/integration/watch_lib.sh
. "$(dirname "$0")/watch_lib.sh"

# Without any privilege (nobody): no BPF, no proc connector, no other namespaces; the watcher
# says so and still reports its own namespace's links.
NB_OUT="$T_TMP/nobody.jsonl"
rm -f "$T_TMP/nb.ready"
chmod 755 "$T_TMP"
setpriv --reuid=65534 --regid=65534 --clear-groups \
	timeout 30 "$IFWHO" watch --json --no-addr --no-history --ready-file "$T_TMP/nb.ready" \
	>"$NB_OUT" 2>"$T_TMP/nb.err" &
NB_PID=$!
T_PIDS+=("$NB_PID")
for _ in $(seq 1 100); do
	[ -e "$T_TMP/nb.ready" ] && break
	sleep 0.05
done
t_link "${P}nb"
ip link add "${P}nb" type bridge
sleep 0.3
kill -TERM "$NB_PID"
wait "$NB_PID"
T_JSON="$T_TMP/nb.json"
jq -s . "$NB_OUT" >"$T_JSON" 2>/dev/null || echo '[]' >"$T_JSON"
t_check "unprivileged, it says it hears only its own namespace and attributes nothing" \
	'.[0].note | test("ours only") and test("attribution by nothing")'
t_check "and still records the creation, without a creator" \
	"[.[] | select(.event == \"created\" and .name == \"${P}nb\" and .creator == null)] | length == 1"
t_done
