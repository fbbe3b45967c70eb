#!/usr/bin/env bash
# Offline evidence of many interfaces stays linear in time, for the rules added with macOS's
# ifconfig agents, scutil --dns and the unified log (split routes, log creations): 30 000 utuns,
# each with a VPN agent, a scoped resolver and a log line naming its creator, with a ps listing.
# Each of those rules once scanned every interface (or log line, or process) per interface:
# 10 000 took 1 s, 40 000 took 56 s.
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
t_done
