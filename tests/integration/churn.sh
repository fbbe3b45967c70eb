#!/usr/bin/env bash
# Churn: for a bounded time, namespaces, veths, tuns, processes and sockets come and go at a high
# rate while ifwho runs in a loop over all namespaces. No run may crash, hang or fail, and no tun
# may be reported held by a process that does not hold it (each tun name is used once, so the
# ground truth is a name -> pid list kept by this script).
. "$(dirname "$0")/lib.sh"
t_need_root
DURATION=${CHURN_SECONDS:-15}
TRUTH=$T_TMP/truth
: >"$TRUTH"
t_ns base
BASE=${P}base

churner() { # ID: creates and destroys namespaces with a veth to base and a held tun
	local id=$1 n=0 ns pid
	local end=$((SECONDS + DURATION + 45))
	while [ $SECONDS -lt $end ] && [ ! -e "$T_TMP/stop" ]; do
		n=$((n + 1))
		ns="${P}c${id}x$n"
		ip netns add "$ns" 2>/dev/null || continue
		ip -n "$ns" link add "v${id}x$n" type veth peer name "w${id}x$n" netns "$BASE" 2>/dev/null
		ip netns exec "$ns" "$TESTPROC" tun "t${id}x$n" udp 0.0.0.0 0 >/dev/null 2>&1 &
		pid=$!
		echo "t${id}x$n $pid" >>"$TRUTH"
		sleep 1.$((RANDOM % 9))
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
}
sockets() { # processes with sockets that live a few milliseconds
	local end=$((SECONDS + DURATION + 45))
	while [ $SECONDS -lt $end ] && [ ! -e "$T_TMP/stop" ]; do
		ip netns exec "$BASE" timeout 0.1 "$TESTPROC" udp 0.0.0.0 0 tcp 0.0.0.0 0 >/dev/null 2>&1
	done
}
for id in 1 2 3; do
	churner $id &
	T_PIDS+=($!)
done
sockets &
T_PIDS+=($!)

runs=0 bad_rc=0 bad_json=0 wrong=0 holders=0
end=$((SECONDS + DURATION))
# At least three runs even on a slow (sanitized) build; never more than a minute.
while [ $SECONDS -lt $end ] || { [ $runs -lt 3 ] && [ $SECONDS -lt $((end + 45)) ]; }; do

	runs=$((runs + 1))
	out=$T_TMP/run.json
	timeout 20 "$IFWHO" --json >"$out" 2>"$T_TMP/run.err"
	rc=$?
	if [ $rc != 0 ]; then
		bad_rc=$((bad_rc + 1))
		echo "  run $runs: exit $rc: $(head -c 300 "$T_TMP/run.err")"
		continue
	fi
	jq -e . "$out" >/dev/null 2>&1 || {
		bad_json=$((bad_json + 1))
		continue
	}
	# Every reported holder of one of our tuns must be the process started for that tun.
	while read -r name pid; do
		holders=$((holders + 1))
		if ! grep -qx "$name $pid" "$TRUTH"; then
			wrong=$((wrong + 1))
			echo "  run $runs: $name reported held by pid $pid, which never held it"
		fi
	# Only this run's tuns: another test (or another run of this one) may churn tuns of the
	# same names in its own namespaces at the same time.
	done < <(jq -r --arg p "$P" '.interfaces[] | select((.netns // "") | startswith($p)) |
		select(.name | test("^t[0-9]+x[0-9]+$")) | .name as $n | .held_by[] |
		"\($n) \(.process.pid)"' "$out")
done
touch "$T_TMP/stop"
wait
echo "  $runs runs
, $holders holder attributions checked against the ground truth"
t_true "ifwho ran at least 3 times during the churn" "$([ $runs -ge 3 ] && echo 0 || echo 1)"

t_true "every run exited 0" "$bad_rc"
t_true "every run printed valid JSON" "$bad_json"
t_true "some tuns were seen held (the check is not empty)" "$([ $holders -gt 0 ] && echo 0 || echo 1)"
t_true "no tun attributed to a process that does not hold it" "$wrong"
t_done
