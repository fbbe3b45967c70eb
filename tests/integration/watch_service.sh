#!/usr/bin/env bash
# The service: contrib/ifwho-watch.service verifies, scores as hardened, and its capability set
# is enough for BPF attribution in every namespace (the watcher run with exactly that bounding
# set); the Prometheus textfile is read by Debian's real node_exporter.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
t_need_root
SRC=${IFW_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
UNIT="$SRC/contrib/ifwho-watch.service"

if command -v systemd-analyze >/dev/null; then
	# verify a copy that runs the binary under test (the installed path does not exist here)
	mkdir -p "$T_TMP/unit"
	sed "s|^ExecStart=/usr/bin/ifwho|ExecStart=$(readlink -f "$IFWHO")|" "$UNIT" \
		>"$T_TMP/unit/ifwho-watch.service"
	systemd-analyze verify "$T_TMP/unit/ifwho-watch.service" >"$T_TMP/verify" 2>&1
	grep -v "man ifwho(1)" "$T_TMP/verify" >"$T_TMP/verify.rest"
	t_true "systemd-analyze verify finds nothing wrong with the unit" \
		"$([ -s "$T_TMP/verify.rest" ] && { cat "$T_TMP/verify.rest"; echo 1; } || echo 0)"
	systemd-analyze security --offline=yes --threshold=3 "$T_TMP/unit/ifwho-watch.service" \
		>"$T_TMP/sec" 2>&1
	t_true "its exposure score is at most 3 ($(grep -o 'level for .*: [0-9.]*' "$T_TMP/sec"))" $?
else
	echo "  skip unit checks: no systemd-analyze"
fi

# Under systemd (JOURNAL_STREAM names stdout) each text line carries a syslog priority.
J="$T_TMP/journal.txt"
: >"$J"
JOURNAL_STREAM=$(stat -c '%d:%i' "$J") timeout 20 "$IFWHO" watch --no-history --no-addr \
	--duration 0.3 >>"$J" 2>/dev/null
T_OUT="$J"
t_grep "to the journal, a gap line is a notice (<5>)" "^<5>.* gap watching"
: >"$J"
timeout 20 "$IFWHO" watch --no-history --no-addr --duration 0.3 >>"$J" 2>/dev/null
t_true "elsewhere lines have no prefix" "$(grep -c '^<' "$J")"

# The unit's capabilities, as a setpriv bounding set.
CAPS=$(sed -n 's/^CapabilityBoundingSet=//p' "$UNIT" | tr ' ' '\n' | tr 'A-Z' 'a-z' |
	sed 's/^cap_/+/' | paste -sd, -)
PROMDIR="$T_TMP/textfile"
mkdir -p "$PROMDIR"
rm -f "$T_TMP/ready"
(umask 077 && exec setpriv --bounding-set="-all,$CAPS" --inh-caps=-all \
	timeout 60 "$IFWHO" watch --json --no-addr --history "$T_TMP/h.db" \
	--prom "$PROMDIR/ifwho.prom" --ready-file "$T_TMP/ready") >"$T_TMP/w.out" 2>"$T_TMP/w.err" &
W_PID=$!
T_PIDS+=("$W_PID")
for _ in $(seq 1 100); do
	[ -e "$T_TMP/ready" ] && break
	sleep 0.05
done
t_ns s
ip -n "${P}s" link add "${P}p0" type bridge
t_link "${P}p1"
ip tuntap add "${P}p1" mode tap
PROM="$PROMDIR/ifwho.prom"
# (written at most once a second)
for _ in $(seq 1 50); do
	grep -q "name=\"${P}p1\"" "$PROM" 2>/dev/null && grep -q "name=\"${P}p0\"" "$PROM" && break
	sleep 0.1
done
T_OUT="$PROM"
t_grep "the textfile names the bridge, its namespace and its creator" \
	"^ifwho_interface_info\\{netns=\"${P}s\",name=\"${P}p0\",kind=\"bridge\",creator=\"[^\"]*ip\",confidence=\"exact\",ifindex=\"[0-9]+\"\\} 1$"
t_grep "and the TAP made by ip tuntap (kind tun)" \
	"^ifwho_interface_info\\{netns=\"host\",name=\"${P}p1\",kind=\"tun\",creator=\"[^\"]*ip\",confidence=\"exact\",ifindex=\"[0-9]+\"\\} 1$"
t_grep "it counts unexplained interfaces" "^ifwho_interfaces_unexplained [0-9]+$"
# every per-creator count is the number of links listed with that creator
BAD_SUM=$(awk '
	/^ifwho_interface_info\{/ { if (match($0, /creator="[^"]*"/)) c[substr($0, RSTART, RLENGTH)]++ }
	/^ifwho_interfaces_by_creator\{/ { match($0, /creator="[^"]*"/); b[substr($0, RSTART, RLENGTH)] = $NF; nb++ }
	END { bad = (nb == 0); for (k in b) if (b[k] != c[k]) bad++; print bad }' "$PROM")
t_true "the counts by creator add up to the links listed" "$BAD_SUM"
t_true "it is readable by others (node_exporter runs as its own user)" \
	"$([ "$(stat -c %a "$PROM")" = 644 ] && echo 0 || echo 1)"

if command -v prometheus-node-exporter >/dev/null; then
	PORT=$((20000 + RANDOM % 20000))
	prometheus-node-exporter --collector.disable-defaults --collector.textfile \
		--collector.textfile.directory="$PROMDIR" --web.listen-address="127.0.0.1:$PORT" \
		>"$T_TMP/ne.log" 2>&1 &
	T_PIDS+=($!)
	for _ in $(seq 1 50); do
		curl -s "http://127.0.0.1:$PORT/metrics" >"$T_TMP/metrics" 2>/dev/null && break
		sleep 0.1
	done
	T_OUT="$T_TMP/metrics"
	t_grep "node_exporter serves the bridge's series" \
		"^ifwho_interface_info\\{.*name=\"${P}p0\".*\\} 1$"
	t_grep "and reads the file without error" 'node_textfile_scrape_error 0'
	if command -v prometheus >/dev/null; then
		# A real Prometheus scraping that node_exporter on loopback, queried by its API.
		PPORT=$((PORT + 1))
		cat >"$T_TMP/prom.yml" <<-EOF_CFG
			global: {scrape_interval: 1s, evaluation_interval: 1s}
			scrape_configs:
			  - job_name: node
			    static_configs: [{targets: ['127.0.0.1:$PORT']}]
		EOF_CFG
		prometheus --config.file="$T_TMP/prom.yml" --storage.tsdb.path="$T_TMP/tsdb" \
			--web.listen-address="127.0.0.1:$PPORT" >"$T_TMP/prom.log" 2>&1 &
		T_PIDS+=($!)
		Q="http://127.0.0.1:$PPORT/api/v1/query"
		for _ in $(seq 1 100); do
			curl -s -G "$Q" --data-urlencode "query=ifwho_interface_info{name=\"${P}p0\"}" \
				>"$T_TMP/q.json" 2>/dev/null &&
				jq -e '.data.result | length == 1' "$T_TMP/q.json" >/dev/null 2>&1 && break
			sleep 0.2
		done
		T_JSON="$T_TMP/q.json"
		t_check "Prometheus scraped the bridge's series, with its creator and namespace" \
			".data.result[0].metric | .creator != \"\" and .confidence == \"exact\" and .netns == \"${P}s\""
		curl -s -G "$Q" --data-urlencode 'query=ifwho_interfaces_unexplained >= 0' >"$T_TMP/q2.json"
		T_JSON="$T_TMP/q2.json"
		t_check "and the unexplained count, for an alert rule" '.data.result | length == 1'
	else
		echo "  skip Prometheus checks: prometheus is not installed"
	fi
else
	echo "  skip node_exporter checks: prometheus-node-exporter is not installed"
fi
ip netns del "${P}s"
T_NS=()
for _ in $(seq 1 50); do
	grep -q "name=\"${P}p0\"" "$PROM" || break
	sleep 0.1
done
T_OUT="$PROM"
t_true "the bridge leaves the textfile with its namespace" "$(grep -c "name=\"${P}p0\"" "$PROM")"
kill -TERM "$W_PID"
wait "$W_PID"
# (while it runs a temporary file exists for an instant at each write)
t_true "no temporary file is left next to it" "$(ls "$PROMDIR" | grep -c tmp)"
T_OUT="$T_TMP/w.out"
t_grep "with the unit's capabilities only, attribution is by BPF" "attribution by BPF"
t_done
