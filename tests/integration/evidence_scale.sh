#!/usr/bin/env bash
# Offline evidence of many interfaces stays linear in time, for the rules added with macOS's
# ifconfig agents, scutil --dns and the unified log (split routes, log creations): 30 000 utuns,
# each with a VPN agent, a scoped resolver and a log line naming its creator, with a ps listing.
# Each of those rules once scanned every interface (or log line, or process) per interface:
# 10 000 took 1 s, 40 000 took 56 s. Then 40 000 enN ports (Thunderbolt-like, in bridges) with
# anpi interfaces whose MACs share their blocks: each enN looked through every interface.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
N=${SCALE_N:-30000}
EV="$T_TMP/mac.txt"
awk -v n="$N" 'BEGIN {
	print "% ifconfig -v"
	for (i = 0; i < n; i++) {
		printf "utun%d: flags=8051<UP,POINTOPOINT,RUNNING,MULTICAST> mtu 1280 index %d\n", i, i + 1
		printf "\tagent domain:NetworkExtension type:VPN flags:0xf desc:\"VPN: T%d\"\n", i
		print "\teffective interface: en0"
	}
	print "% scutil --dns"
	print "DNS configuration"
	for (i = 0; i < n; i++) {
		printf "\nresolver #%d\n  search domain[0] : d%d.example\n", i + 1, i
		printf "  nameserver[0] : 10.8.0.1\n  if_index : %d (utun%d)\n", i + 1, i
	}
	print ""
	print "% log show"
	for (i = 0; i < n; i++)
		printf "2025-04-14 10:00:00.123 Df p%d[%d:1a2b] (NetworkExtension) [com.apple.networkextension:] Created a new NEVirtualInterface \"utun%d\" (85B12F7F)\n", i, i + 100, i
	print "% ps -axo pid,comm"
	print "  PID COMM"
	for (i = 0; i < n; i++)
		printf "%5d /usr/libexec/p%d\n", i + 100, i
}' >"$EV"
/usr/bin/time -f '%U %e' -o "$T_TMP/time" timeout 100 "$IFWHO" --json -e "$EV" \
	>"$T_TMP/out.json" 2>"$T_TMP/err"
rc=$?
read -r user secs <"$T_TMP/time"
echo "  ($N utuns with agents, resolvers, log lines and processes: ${user} s CPU, ${secs} s)"
T_JSON=$T_TMP/out.json
t_true "finishes and exits 0" "$rc"
t_check "every utun is listed" "[.interfaces[] | select(.name | startswith(\"utun\"))] | length == $N"
t_check "the log's creator is named for the last utun" \
	"[.interfaces[] | select(.name == \"utun$((N - 1))\") | .. | strings | select(test(\"created by p$((N - 1))\"))] | length > 0"
t_true "within 8 s of CPU (linear: about 1 s here)" \
	"$(awk -v s="$user" 'BEGIN { exit !(s < 8) }' && echo 0 || echo 1)"

N2=${SCALE_N2:-40000}
awk -v n="$N2" 'BEGIN {
	print "% ifconfig"
	for (i = 0; i < n; i++) {
		printf "en%d: flags=8963<UP,BROADCAST,SMART,RUNNING,PROMISC,SIMPLEX,MULTICAST> mtu 1500\n", i + 10
		printf "\tether 36:%02x:%02x:%02x:00:01\n", int(i / 65536) % 256, int(i / 256) % 256, i % 256
		print "\tmedia: autoselect <full-duplex>"
	}
	for (b = 0; b < n / 50; b++) {
		printf "bridge%d: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500\n", b
		for (k = 0; k < 50; k++)
			printf "\tmember: en%d flags=3<LEARNING,DISCOVER>\n", b * 50 + k + 10
	}
	for (i = 0; i < n / 10; i++) {
		printf "anpi%d: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500\n", i
		printf "\tether 36:%02x:%02x:%02x:00:07\n", int(i / 65536) % 256, int(i / 256) % 256, i % 256
	}
}' >"$T_TMP/ports.txt"
/usr/bin/time -f '%U %e' -o "$T_TMP/time" timeout 100 "$IFWHO" --json -e "$T_TMP/ports.txt" \
	>"$T_TMP/ports.json" 2>"$T_TMP/err"
rc=$?
read -r user secs <"$T_TMP/time"
echo "  ($N2 enN ports, $((N2 / 50)) bridges, $((N2 / 10)) anpi: ${user} s CPU, ${secs} s)"
T_JSON=$T_TMP/ports.json
t_true "ports: finishes and exits 0" "$rc"
t_check "an enN in an anpi's MAC block is said to be of the port complex" \
	"[.interfaces[] | select(.name == \"en10\") | .. | strings | select(test(\"port complex\"))] | length > 0"
t_true "ports: within 8 s of CPU (linear: about 1.5 s here)" \
	"$(awk -v s="$user" 'BEGIN { exit !(s < 8) }' && echo 0 || echo 1)"
t_done
