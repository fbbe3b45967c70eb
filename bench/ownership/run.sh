#!/usr/bin/env bash
# Who owns which socket, at scale: builds, inside its own namespace, a host of PROCS processes
# holding SOCKETS inet sockets in all (default 1000 processes and 20000, then 50000 sockets), then
# times in one run:
#   ifwho --netns all --json        the whole host, explained
#   floor                           sock_diag dump + readlink of every fd (bench/ownership/floor.c)
#   ss -tunap                       (in the namespace; nsenter's own cost subtracted)
#   lsof -i -n -P
#   lsfd (util-linux) filtered to TCP/UDP sockets and TUN fds: /proc only, no sock_diag
#   ifwho --netns NS IFACE --json   one interface with few sockets, vs ss -tunap src ADDR
# and the peak RSS of each. Prints a Markdown table (for docs/PERFORMANCE.md).
# Usage (root): bench/ownership/run.sh [SOCKET-TOTALS...]   e.g. bench/ownership/run.sh 20000 50000
set -euo pipefail
cd "$(dirname "$0")/../.."
PROCS=${PROCS:-1000}
RUNS=${RUNS:-10}
TOTALS=("${@:-20000 50000}")
[ "$#" -eq 0 ] && TOTALS=(20000 50000)
NS=ifwbench$$
for p in lsof hyperfine time; do
	command -v "$p" >/dev/null 2>&1 || [ -x /usr/bin/time ] ||
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$p" >/dev/null
done
command -v lsof >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends lsof >/dev/null
command -v lsfd >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends util-linux >/dev/null
command -v hyperfine >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends hyperfine >/dev/null
[ -x /usr/bin/time ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends time >/dev/null
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build ifwho bench/bench-floor tests/ifw-testproc >/dev/null
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	ip netns del "$NS" 2>/dev/null || true
}
trap cleanup EXIT

ms() { jq -r '.results[0].mean * 1000 | . * 10 | round / 10' "$1"; }
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

# lsfd's equivalent of "every inet socket and TUN fd, with its process". util-linux 2.38 (Debian 12)
# names a socket's protocol (TCP, TCPv6, UDP, UDPv6) but not its addresses; 2.39 adds them.
LSFD_FILTER='(PROTONAME =~ "^(TCP|UDP)") or (NAME == "/dev/net/tun")'
echo "lsfd: $(lsfd --version); load before: $(uptime)"
echo "| sockets | processes | ifwho (whole host) | floor | ss -tunap | lsof -i | lsfd | ifwho/floor | ss/ifwho | lsof/ifwho | lsfd/ifwho | RSS ifwho / ss / lsfd (KiB) | ifwho one iface | ss src ADDR | ss/ifwho-one |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for total in "${TOTALS[@]}"; do
	cleanup
	PIDS=()
	ip netns add "$NS"
	ip -n "$NS" link set lo up
	ip -n "$NS" link add bv0 type veth peer name bv1
	ip -n "$NS" link add bq0 type veth peer name bq1
	ip -n "$NS" addr add 192.0.2.1/24 dev bv0
	ip -n "$NS" addr add 198.51.100.1/24 dev bq0
	for l in bv0 bv1 bq0 bq1; do ip -n "$NS" link set "$l" up; done
	per=$((total / PROCS))
	for i in $(seq 1 "$PROCS"); do
		ip netns exec "$NS" build/tests/ifw-testproc many 192.0.2.1 "$per" >/dev/null 2>&1 &
		PIDS+=($!)
	done
	# A handful of sockets on the second interface: the single-interface query's subject.
	ip netns exec "$NS" build/tests/ifw-testproc many 198.51.100.1 10 >/dev/null 2>&1 &
	PIDS+=($!)
	for _ in $(seq 1 600); do
		n=$(ip netns exec "$NS" ss -tuan | wc -l)
		[ "$n" -ge "$total" ] && break
		sleep 0.2
	done
	sleep 1
	tmp=$(mktemp -d)
	hyperfine -N -i -w 2 -r "$RUNS" --export-json "$tmp/ifwho.json" "build/ifwho --netns all --json" >/dev/null 2>&1
	hyperfine -N -i -w 2 -r "$RUNS" --export-json "$tmp/floor.json" "build/bench/bench-floor /run/netns/$NS" >/dev/null 2>&1
	hyperfine -N -i -w 2 -r "$RUNS" --export-json "$tmp/nsenter.json" "nsenter --net=/run/netns/$NS true" >/dev/null 2>&1
	hyperfine -N -i -w 2 -r "$RUNS" --export-json "$tmp/ss.json" "nsenter --net=/run/netns/$NS ss -tunap" >/dev/null 2>&1
	hyperfine -N -i -w 1 -r "$RUNS" --export-json "$tmp/lsof.json" "lsof -i -n -P" >/dev/null 2>&1
	hyperfine -N -i -w 1 -r "$RUNS" --export-json "$tmp/lsfd.json" "lsfd -Q '$LSFD_FILTER'" >/dev/null 2>&1
	hyperfine -N -i -w 2 -r "$RUNS" --export-json "$tmp/one.json" "build/ifwho --netns $NS bq0 --json" >/dev/null 2>&1
	hyperfine -N -i -w 2 -r "$RUNS" --export-json "$tmp/ssone.json" "nsenter --net=/run/netns/$NS ss -tunap src 198.51.100.1" >/dev/null 2>&1
	i=$(ms "$tmp/ifwho.json") f=$(ms "$tmp/floor.json") ne=$(ms "$tmp/nsenter.json")
	s=$(echo "$(ms "$tmp/ss.json") - $ne" | bc) l=$(ms "$tmp/lsof.json")
	lf=$(ms "$tmp/lsfd.json")
	o=$(ms "$tmp/one.json") so=$(echo "$(ms "$tmp/ssone.json") - $ne" | bc)
	ri=$(rss build/ifwho --netns all --json) rs=$(rss nsenter --net=/run/netns/"$NS" ss -tunap)
	rl=$(rss lsfd -Q "$LSFD_FILTER")
	r() { echo "scale=2; $1 / $2" | bc; }
	echo "| $total | $PROCS | $i ms | $f ms | $s ms | $l ms | $lf ms | $(r "$i" "$f")x | $(r "$s" "$i")x | $(r "$l" "$i")x | $(r "$lf" "$i")x | $ri / $rs / $rl | $o ms | $so ms | $(r "$so" "$o")x |"
	rm -rf "$tmp"
done
echo "load after: $(uptime)"
