# Shared by the integration tests: namespaces and processes they create are recorded and torn
# down on exit, whatever happens; assertions print what failed; a test ends with PASS or FAIL.
# Tests use only documentation/ULA addresses and send traffic only inside their namespaces.
set -u

IFWHO=${IFWHO:-build/ifwho}
TESTPROC=${TESTPROC:-build/tests/ifw-testproc}
SOCKDUMP=${SOCKDUMP:-build/tests/ifw-sockdump}
T_NAME=$(basename "$0" .sh)
# A per-run prefix keeps parallel runs (and other users of this machine) apart.
P="ifwt${$}-"
T_NS=()
T_PIDS=()
T_LINKS=()
T_FAILS=0
T_CHECKS=0
T_TMP=$(mktemp -d "/tmp/${P}XXXX")

t_cleanup() {
	# T_KEEP=DIR keeps a copy of the test's files (dumps, outputs) for a look afterwards.
	[ -n "${T_KEEP:-}" ] && cp -r "$T_TMP" "$T_KEEP"
	local pid ns l
	for pid in "${T_PIDS[@]}"; do
		kill "$pid" 2>/dev/null
	done
	for pid in "${T_PIDS[@]}"; do
		wait "$pid" 2>/dev/null
	done
	for l in "${T_LINKS[@]}"; do
		ip link del "$l" 2>/dev/null
	done
	for ns in "${T_NS[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$T_TMP"
}
trap t_cleanup EXIT
trap 'exit 130' INT TERM

# t_ns NAME: a fresh namespace named ${P}NAME, with lo up.
t_ns() {
	ip netns add "${P}$1" || { echo "FAIL $T_NAME: cannot create netns ${P}$1"; exit 1; }
	T_NS+=("${P}$1")
	ip -n "${P}$1" link set lo up
}

# t_link NAME: an interface created in this (the test's) namespace, deleted at the end.
t_link() { T_LINKS+=("$1"); }

# t_bg NS CMD...: runs CMD in namespace ${P}NS (or here if NS is "-") in the background, waits
# until it prints "ready" (ifw-testproc does), and records its pid in T_PID.
t_bg() {
	local ns=$1
	shift
	local out="$T_TMP/bg.$RANDOM"
	if [ "$ns" = "-" ]; then
		"$@" >"$out" 2>&1 &
	else
		ip netns exec "${P}$ns" "$@" >"$out" 2>&1 &
	fi
	T_PID=$!
	T_PIDS+=("$T_PID")
	local i
	for i in $(seq 1 100); do
		grep -q ready "$out" 2>/dev/null && return 0
		kill -0 "$T_PID" 2>/dev/null || break
		sleep 0.05
	done
	echo "FAIL $T_NAME: background command did not get ready: $*"
	cat "$out"
	exit 1
}

# t_watch_start [ARGS...]: starts `ifwho watch --json --no-addr ARGS` with a history in $T_TMP and
# waits (bounded) for its ready file; sets W_OUT (its JSON lines) and W_PID (the timeout
# wrapper's pid, which ends it).
t_watch_start() {
	W_OUT="$T_TMP/watch.jsonl"
	local ready="$T_TMP/ready"
	timeout 60 "$IFWHO" watch --json --no-addr "$@" --history "$T_TMP/h.db" \
		--ready-file "$ready" >"$W_OUT" 2>"$T_TMP/watch.err" &
	W_PID=$!
	T_PIDS+=("$W_PID")
	local i
	for i in $(seq 1 100); do
		[ -e "$ready" ] && return 0
		sleep 0.05
	done
	echo "FAIL $T_NAME: watcher did not start"
	cat "$T_TMP/watch.err"
	exit 1
}

# t_json ARGS...: runs ifwho with --json into $T_JSON (a file), with a time bound.
t_json() {
	T_JSON="$T_TMP/out.$RANDOM.json"
	timeout 30 "$IFWHO" --json "$@" >"$T_JSON" 2>"$T_TMP/stderr"
	T_RC=$?
	if [ ! -s "$T_JSON" ] || ! jq -e . "$T_JSON" >/dev/null 2>&1; then

		echo "FAIL $T_NAME: ifwho $* gave no valid JSON (rc $T_RC)"
		head -c 2000 "$T_TMP/stderr"
		exit 1
	fi
}

# t_text ARGS...: runs ifwho (text) into $T_OUT.
t_text() {
	T_OUT="$T_TMP/out.$RANDOM.txt"
	timeout 30 "$IFWHO" --color=never "$@" >"$T_OUT" 2>"$T_TMP/stderr"
	T_RC=$?
}

# t_iface NS NAME: a jq filter prefix selecting interface NAME in namespace ${P}NS.
t_iface() { echo ".interfaces[] | select(.netns == \"${P}$1\" and .name == \"$2\")"; }

# t_check DESCRIPTION JQ-EXPRESSION: the expression must be true on $T_JSON.
t_check() {
	T_CHECKS=$((T_CHECKS + 1))
	if jq -e "$2" "$T_JSON" >/dev/null 2>&1; then
		echo "  ok   $1"
	else
		echo "  FAIL $1"
		echo "       jq: $2"
		T_FAILS=$((T_FAILS + 1))
	fi
}

# t_grep DESCRIPTION REGEX: the text output must match.
t_grep() {
	T_CHECKS=$((T_CHECKS + 1))
	if grep -Eq -- "$2" "$T_OUT"; then
		echo "  ok   $1"
	else
		echo "  FAIL $1 (no line matches /$2/)"
		T_FAILS=$((T_FAILS + 1))
	fi
}

t_true() {
	T_CHECKS=$((T_CHECKS + 1))
	if [ "$2" = 0 ]; then echo "  ok   $1"; else
		echo "  FAIL $1"
		T_FAILS=$((T_FAILS + 1))
	fi
}

t_done() {
	if [ "$T_FAILS" -eq 0 ] && [ "$T_CHECKS" -gt 0 ]; then
		echo "PASS $T_NAME ($T_CHECKS checks)"
		exit 0
	fi
	echo "FAIL $T_NAME ($T_FAILS of $T_CHECKS checks failed)"
	[ -n "${T_JSON:-}" ] && [ "${IFW_TEST_VERBOSE:-0}" = 1 ] && cat "$T_JSON"
	exit 1
}

# t_same_sockets NS...: the two ways of finding sockets agree on namespaces ${P}NS, socket by
# socket (ends, state, uid, inode, device, cgroup, queues, owner, holders): the BPF fd walk
# (the default as root, reading every namespace) and inet_diag dumps (IFWHO_NO_BPF=1). The BPF
# way may lack only sockets no process holds (owner none or kernel), and the check lists those.
# Without BPF a socket nobody holds cannot be told the kernel's ("unknown"): both read "unheld"
# here. A kernel without raw_diag dumps no raw sockets: then only the BPF way has them, and the
# check says so. Sets T_LACKING to the count lacking (over all NS) and leaves the dumps in
# $T_TMP/sockets.{bpf,diag}.NS and the compared lines in ....cmp.
t_same_sockets() {
	local ns f b d extra missing raw_ok=0
	zcat /proc/config.gz 2>/dev/null | grep -q '^# CONFIG_INET_RAW_DIAG is not set' && raw_ok=1
	T_LACKING=0
	f="$T_TMP/sockets"
	timeout 60 "$SOCKDUMP" >"$f.bpf" 2>"$T_TMP/stderr"
	IFWHO_NO_BPF=1 timeout 60 "$SOCKDUMP" >"$f.diag" 2>>"$T_TMP/stderr"
	for ns in "$@"; do
		grep "^${P}$ns " "$f.bpf" >"$f.bpf.$ns"
		grep "^${P}$ns " "$f.diag" >"$f.diag.$ns"
		b="$f.bpf.$ns.cmp" d="$f.diag.$ns.cmp"
		sed -E 's/ @ .*//; s/ owner=(kernel|unknown) holders=- / owner=unheld holders=- /' "$f.bpf.$ns" | sort >"$b"
		sed -E 's/ @ .*//; s/ owner=(kernel|unknown) holders=- / owner=unheld holders=- /' "$f.diag.$ns" | sort >"$d"
		extra=$(comm -23 "$b" "$d")   # only the BPF way has them: never right
		missing=$(comm -13 "$b" "$d") # only inet_diag has them: must be nobody's
		if [ "$raw_ok" = 1 ] && echo "$extra" | grep -q '^[^ ]* raw '; then
			echo "       this kernel has no raw_diag: only the BPF walk sees the raw sockets:"
			echo "$extra" | grep '^[^ ]* raw ' | sed 's/^/         /'
			extra=$(echo "$extra" | grep -v '^[^ ]* raw ')
		fi
		t_true "$ns: every socket the BPF walk found, inet_diag found alike ($(wc -l <"$b") of $(wc -l <"$d"))" \
			"$([ -z "$extra" ] && echo 0 || { echo "$extra" | head -5 >&2; echo 1; })"
		t_true "$ns: what only inet_diag found, no process holds" \
			"$(echo "$missing" | grep -v -e '^$' -e ' owner=none holders=- ' -e ' owner=unheld holders=- ' | head -5 | { grep . >&2 && echo 1 || echo 0; })"
		if [ -n "$missing" ]; then
			echo "       the BPF walk lacks, as no process holds them:"
			echo "$missing" | sed 's/^/         /'
			T_LACKING=$((T_LACKING + $(echo "$missing" | wc -l)))
		fi
	done
}

t_need_root() {
	if [ "$(id -u)" != 0 ]; then
		echo "SKIP $T_NAME: needs root"
		exit 77
	fi
}
