#!/usr/bin/env bash
# `ifwho watch` (BPF attribution) among hostile users: nobody, in a user and network namespace of
# its own, keeps sending link requests that name a link of its own called like the one root is
# about to make (RTM_NEWLINK with NLM_F_CREATE on a link that exists: it changes the MTU and
# creates nothing). Root's creation of that name in the host namespace must be attributed to
# root's ip, never to nobody's decoy. A second decoy sends the same from the host namespace
# through a socket its child made in namespaces of its own (the task's namespace is the host's,
# the socket's is not).
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
t_need_root
runuser -u nobody -- unshare -Urn true 2>/dev/null || {
	echo "SKIP $T_NAME: unprivileged user namespaces are not allowed here"
	exit 77
}

t_watch_start
if ! grep -q "attribution by BPF" "$W_OUT"; then
	echo "SKIP $T_NAME: the watcher does not attribute by BPF here"
	exit 77
fi

L="${P}d"
# The decoys: 200 requests, 50 ms apart (up to 10 s: long enough for a loaded watcher to find
# their namespaces; they are ended at teardown), in nobody's own namespaces.
runuser -u nobody -- unshare -Urn sh -c \
	"ip link add $L type bridge && exec $TESTPROC linkmtu $L 200" >"$T_TMP/decoy.out" 2>&1 &
T_PIDS+=("$!")
L2="${P}e"
runuser -u nobody -- "$TESTPROC" passedlinkmtu "$L2" 200 >"$T_TMP/decoy2.out" 2>&1 &
T_PIDS+=("$!")
# Their bridges' creations seen: the decoys run (bounded wait, 20 s at most).
for _ in $(seq 1 400); do
	grep -q "\"name\":\"$L\"" "$W_OUT" && grep -q "\"name\":\"$L2\"" "$W_OUT" && break
	sleep 0.05
done
sleep 0.3
t_link "$L"
t_link "$L2"
ip link add "$L" type bridge
ip link add "$L2" type bridge
sleep 0.3
ip link del "$L"
ip link del "$L2"
sleep 0.5
kill -TERM "$W_PID"
wait "$W_PID"

T_JSON="$T_TMP/all.json"
jq -s . "$W_OUT" >"$T_JSON" || {
	echo "FAIL $T_NAME: watcher output is not JSON lines"
	exit 1
}
[ "${IFW_TEST_VERBOSE:-0}" = 1 ] && jq -c ".[] | select(.name == \"$L\" or .name == \"$L2\")" "$T_JSON"
t_check "the decoy's own bridge is seen in its namespace, attributed to nobody if at all" \
	"([.[] | select((.event == \"created\" or .event == \"appeared\") and .name == \"$L\" and
	   .netns != \"host\")] | length == 1) and
	 ([.[] | select(.name == \"$L\" and .netns != \"host\" and .creator != null) |
	   select(.creator.uid != 65534)] | length == 0)"
t_check "root's bridge of the same name is attributed to root's ip" \
	"[.[] | select(.event == \"created\" and .name == \"$L\" and .netns == \"host\") |
	  select(.creator.uid == 0 and (.creator.cmdline | test(\"link add $L type bridge\")))]
	 | length == 1"
t_check "nobody is never named as the maker of root's bridge" \
	"[.[] | select(.name == \"$L\" and .netns == \"host\") | select(.creator.uid == 65534)]
	 | length == 0"
t_check "the second decoy's bridge is seen in its namespace, attributed to nobody if at all" \
	"([.[] | select((.event == \"created\" or .event == \"appeared\") and .name == \"$L2\" and
	   .netns != \"host\")] | length == 1) and
	 ([.[] | select(.name == \"$L2\" and .netns != \"host\" and .creator != null) |
	   select(.creator.uid != 65534)] | length == 0)"
t_check "root's bridge named like it is attributed to root's ip, though the decoy's task is in the host namespace" \
	"[.[] | select(.event == \"created\" and .name == \"$L2\" and .netns == \"host\") |
	  select(.creator.uid == 0 and (.creator.cmdline | test(\"link add $L2 type bridge\")))]
	 | length == 1"
t_check "nobody is never named as the maker of root's second bridge" \
	"[.[] | select(.name == \"$L2\" and .netns == \"host\") | select(.creator.uid == 65534)]
	 | length == 0"
t_done
