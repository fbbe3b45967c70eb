#!/usr/bin/env bash
# offline_equals_live: offline concludes what live concludes. Every world of worlds_lib.sh, one
# of daemons.sh's (wireguard-go and OpenVPN, below) and one of passive_far_ends.sh's (far ends
# from conntrack, below), is set up; then for every namespace that
# holds one of their interfaces:
#   live     `ifwho --json --netns INODE`
#   offline  contrib/ifwho-collect run inside that namespace (nsenter --net), then
#            `ifwho --json --evidence FILE`
# and each interface the worlds made is compared, live against offline, on: the verdict's
# category, the processes it names (holders and "NAME (pid N)" in the verdict), the far end where
# live has one, and the confidence band. A difference is accepted only under one of the names
# below, each a fact that one namespace's saved output cannot hold (docs/EVIDENCE.md, "What
# saved output cannot hold"); any other difference fails the test. A table per world shows what
# matched.
#   peer-namespace  the interface leads to another namespace (a veth's peer, a bridge's port):
#                   saved output of this namespace does not say what lives there, nor in which
#                   namespace a process of `ps` lives. Covers category and band where offline
#                   gives the structural answer (netns, bridge, virtual) or none (unknown),
#                   and processes named live that live in another namespace than the
#                   interface, or in this one when it is not the host's (a container's process
#                   "runs here").
#   daemon-config   a far end live reads from the daemon itself (OpenVPN's config file,
#                   management interface or status file): the collector runs commands and does
#                   not save daemons' files (they may hold keys). Covers the far end, when
#                   offline names none.
#   tun-elsewhere   a TUN/TAP held from another namespace (slirp4netns): fdinfo gives the
#                   device's name, not its namespace (live asks the kernel), so offline keeps the
#                   holder unconfirmed. Covers the fields as peer-namespace does, for that
#                   holder's interface.
#
#   offline_equals_live.sh [WORLD...]   (default: all worlds whose software is installed)
# With OFFLINE_CASES=DIR, the evidence file and both reports of every namespace with a failing
# interface are kept in DIR (to reproduce the difference without the world).
# shellcheck disable=SC2016 # single-quoted strings are jq programs
IFW_SRC=${IFW_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/worlds_lib.sh"
t_need_root
w_need jq nsenter stat
COLLECT="$IFW_SRC/contrib/ifwho-collect"

# A world whose far ends only connection tracking knows (as passive_far_ends.sh builds it):
# socat TUN tunnels over UDP-DATAGRAM (sendto() on an unconnected socket, so the socket table
# names no peer) between ${P}ca and ${P}cb, both with an nftables `ct state` rule. Live reads
# the far ends from ctnetlink (via conntrack); offline from the `conntrack -L` ifwho-collect
# saves; no difference is accepted (with conntrack-tools not installed the world is skipped).
world_conntrack() {
	w_have socat nft conntrack busybox || return 1
	w_underlay ca cb
	local A=${P}ca B=${P}cb ns
	for ns in "$A" "$B"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
		ip netns exec "$ns" nft 'add table inet ifwct; add chain inet ifwct in { type filter hook input priority 0; }; add rule inet ifwct in ct state invalid drop'
		# the entries must outlive the whole comparison (30 s by default: a loaded machine
		# explained cb after they expired); the timeouts are the namespace's own
		ip netns exec "$ns" sysctl -qw net.netfilter.nf_conntrack_udp_timeout=600 \
			net.netfilter.nf_conntrack_udp_timeout_stream=600 2>/dev/null || true
	done
	w_bg ip netns exec "$A" socat UDP-DATAGRAM:192.0.2.2:17003,bind=:17003 \
		TUN:198.51.100.1/24,tun-name=tun0,iff-up,iff-no-pi
	W_CTA=$W_PID
	w_wait 3 sh -c "ip netns exec $A ss -Huan | grep -q 0.0.0.0:17003"
	w_bg ip netns exec "$B" socat UDP-DATAGRAM:192.0.2.1:17003,bind=192.0.2.2:17003 \
		TUN:198.51.100.2/24,tun-name=tun0,iff-up,iff-no-pi
	W_CTB=$W_PID
	w_wait 3 ip -n "$A" link show tun0 && w_wait 3 ip -n "$B" link show tun0
	w_setup "socat made tun0 in both namespaces (pids $W_CTA, $W_CTB)" $?
	ip netns exec "$A" busybox ping -c 3 -i 0.2 -W 1 198.51.100.2 >/dev/null
	w_setup "a ping goes through the socat tunnel" $?
	ip netns exec "$A" conntrack -L -p udp 2>/dev/null | grep -q 'sport=17003 dport=17003'
	w_setup "${A} tracks the tunnel's datagrams" $?
	w_reg conntrack "$(w_ino ca)" tun0
	w_reg conntrack "$(w_ino cb)" tun0
}

# One more world, as tests/integration/daemons.sh builds it: tunnels whose far end only their
# daemon knows. wireguard-go (peers set with wg) and OpenVPN (p2p, static key, its far end in
# its config file) in ${P}da and ${P}db, joined by a veth.
W_SOCKS=()
world_daemons() {
	w_have wireguard-go wg openvpn busybox || return 1
	w_underlay da db
	local A=${P}da B=${P}db d=$T_TMP/daemons
	mkdir -p "$d" && chmod 700 "$d"
	W_SOCKS+=("/var/run/wireguard/${P}wa.sock" "/var/run/wireguard/${P}wb.sock")
	W_CLEANUP+=("rm -f ${W_SOCKS[*]}")
	w_bg ip netns exec "$A" wireguard-go -f "${P}wa"
	W_WGA=$W_PID
	w_bg ip netns exec "$B" wireguard-go -f "${P}wb"
	W_WGB=$W_PID
	w_wait 5 test -S "/var/run/wireguard/${P}wa.sock" -a -S "/var/run/wireguard/${P}wb.sock"
	w_setup "wireguard-go runs in both namespaces (pids $W_WGA, $W_WGB)" $?
	(umask 077 && wg genkey >"$d/a.key" && wg genkey >"$d/b.key")
	ip netns exec "$A" wg set "${P}wa" listen-port 51820 private-key "$d/a.key" \
		peer "$(wg pubkey <"$d/b.key")" endpoint 192.0.2.2:51821 allowed-ips 198.51.100.2/32 &&
		ip netns exec "$B" wg set "${P}wb" listen-port 51821 private-key "$d/b.key" \
			peer "$(wg pubkey <"$d/a.key")" endpoint 192.0.2.1:51820 allowed-ips 198.51.100.1/32 &&
		ip -n "$A" addr add 198.51.100.1/24 dev "${P}wa" && ip -n "$B" addr add 198.51.100.2/24 dev "${P}wb" &&
		ip -n "$A" link set "${P}wa" up && ip -n "$B" link set "${P}wb" up &&
		ip netns exec "$A" busybox ping -c 2 -i 0.2 -W 2 198.51.100.2 >/dev/null
	w_setup "a ping goes through the WireGuard tunnel" $?
	openvpn --genkey secret "$d/static.key" >/dev/null 2>&1
	local me far ip1 ip2
	for me in a b; do
		if [ $me = a ]; then far=192.0.2.2 ip1=203.0.113.1 ip2=203.0.113.2; else far=192.0.2.1 ip1=203.0.113.2 ip2=203.0.113.1; fi
		printf '%s\n' "dev ${P}o$me" "dev-type tun" "proto udp" "remote $far 1194" "lport 1194" \
			"ifconfig $ip1 $ip2" "secret static.key" "cipher AES-256-CBC" >"$d/$me.conf"
	done
	w_bg ip netns exec "$A" openvpn --cd "$d" --config a.conf
	W_OVA=$W_PID
	w_bg ip netns exec "$B" openvpn --cd "$d" --config b.conf
	W_OVB=$W_PID
	w_wait 10 ip netns exec "$A" busybox ping -c 1 -W 1 203.0.113.2
	w_setup "a ping goes through the OpenVPN tunnel (pids $W_OVA, $W_OVB)" $?
	w_reg daemons "$(w_ino da)" "${P}wa"
	w_reg daemons "$(w_ino db)" "${P}wb"
	w_reg daemons "$(w_ino da)" "${P}oa"
	w_reg daemons "$(w_ino db)" "${P}ob"
}

worlds=("$@")
[ ${#worlds[@]} -eq 0 ] && read -r -a worlds <<<"$W_ALL daemons conntrack"
for w in "${worlds[@]}"; do
	declare -F "world_$w" >/dev/null || {
		echo "FAIL $T_NAME: no world named $w (worlds: $W_ALL daemons conntrack)"
		exit 1
	}
	"world_$w" || echo "  skip world $w: its software is not installed"
done
[ ${#W_IFACES[@]} -eq 0 ] && {
	echo "SKIP $T_NAME: no world could be set up"
	exit 77
}

T_SETUP=$SECONDS
# Where each namespace can be entered: its name under /run/netns, else a process living there.
declare -A NSPATH
while read -r path ino; do
	[ -n "${NSPATH[$ino]:-}" ] || NSPATH[$ino]=$path
done < <(stat -L -c '%n %i' /run/netns/"${P}"* /proc/[0-9]*/ns/net 2>/dev/null)

# Live and offline, one namespace at a time.
declare -A done_ns
for entry in "${W_IFACES[@]}"; do
	IFS='|' read -r world ino name <<<"$entry"
	[ -n "${done_ns[$ino]:-}" ] && continue
	done_ns[$ino]=1
	if [ -z "${NSPATH[$ino]:-}" ]; then
		echo "  FAIL setup: namespace $ino (of $world/$name) has no path to enter it"
		T_FAILS=$((T_FAILS + 1))
		continue
	fi
	timeout 30 "$IFWHO" --json --netns "$ino" >"$T_TMP/live.$ino.json" 2>"$T_TMP/live.$ino.err"
	timeout 60 nsenter --net="${NSPATH[$ino]}" sh "$COLLECT" -t 20 -o "$T_TMP/ev.$ino.txt" \
		2>"$T_TMP/collect.$ino.err" ||
		echo "  note: ifwho-collect in $ino failed: $(head -c 300 "$T_TMP/collect.$ino.err")"
	timeout 30 "$IFWHO" --json --evidence "$T_TMP/ev.$ino.txt" >"$T_TMP/off.$ino.json" \
		2>"$T_TMP/off.$ino.err"
done

T_EXPLAIN=$SECONDS
# Each process's namespace now (pid -> inode): which processes live elsewhere.
stat -L -c '%n %i' /proc/[0-9]*/ns/net 2>/dev/null |
	jq -R -s '[split("\n")[] | select(length > 0) | split(" ") |
		{key: (.[0] | split("/")[2]), value: (.[1] | tonumber)}] | from_entries' >"$T_TMP/pidns.json"

# cmp($l; $o; $i): one interface, live ($l) and offline ($o): each field's live and offline
# value, and whether they match, differ for an accepted reason (its name) or differ (FAIL).
# All interfaces are compared by one jq (starting jq per interface is slow on a loaded machine).
CMP='
def who: ([.held_by[] | "\(.process.comm) \(.process.pid)"]
	+ [.verdict.text | scan("([A-Za-z0-9_.:+-]+) \\(pid ([0-9]+)") | "\(.[0]) \(.[1])"]) | unique;
def far: [.tunnel.peers[] | "\(.address):\(.port)"] | unique;
def cmp($l; $o; $odoc; $i; $pidns):
	# peer-namespace: offline says a namespace this one leads to was not in the evidence (for a
	# bridge: one of its ports says so)
	(any($o.findings[]; .rule == "veth.netns-unseen") or
	 any($odoc.interfaces[] | select(.name as $p | ($o.ports // []) | index([$p]) != null);
		any(.findings[]; .rule == "veth.netns-unseen"))) as $peer |
	([$o.unconfirmed_holders[] | .process.pid] | map(tostring)) as $unconf |
	(any($l.held_by[]; (.process.pid | tostring) as $p | $unconf | index([$p]) != null)) as $tunel |
	(if $peer then "peer-namespace" elif $tunel then "tun-elsewhere" else null end) as $why |
	# category and band: accepted only when offline says less, the structural answer without
	# the other side ("link to another namespace", "a bridge"), never another conclusion (a
	# leftover claimed offline of a namespace it did not read is a bug)
	($o.verdict.category | IN("netns", "bridge", "virtual", "unknown")) as $less |
	def field($a; $b):
		{live: $a, off: $b, is: (if $a == $b then "=" elif $why and $less then $why else "FAIL" end)};
	# a process named on one side only is accepted when it lives in another namespace than the
	# interface, or in this one when it is not the host namespace (ps does not say which processes
	# live here: offline takes them all as living here, and cannot single out a container process)
	# (peer-namespace), or when it is the holder kept unconfirmed (tun-elsewhere)
	def whofield($a; $b):
		(($a - $b) + ($b - $a)) as $d |
		{live: $a, off: $b, is: (if $d == [] then "="
			elif $peer and all($d[]; ($pidns[split(" ")[1]] // 0) as $pn | $pn != $i or $i != $host)
				then "peer-namespace"
			elif $tunel and all($d[]; split(" ")[1] as $p | $unconf | index([$p]) != null) then "tun-elsewhere"
			else "FAIL" end)};
	{category: field($l.verdict.category; $o.verdict.category),
	 names: whofield($l | who; $o | who),
	 far: (if ($l | far) == [] then {live: [], off: ($o | far), is: "="}
		# daemon-config: live read the far end from the daemon (its config file, management
		# interface or status file), which saved output does not hold; offline names none
		elif ($l | far) != ($o | far) and ($o | far) == [] and
			all($l.tunnel.peers[]; .via | IN("openvpn config", "openvpn management", "openvpn status"))
		then {live: ($l | far), off: [], is: "daemon-config"}
		else field($l | far; $o | far) end),
	 band: field($l.verdict.confidence_word; $o.verdict.confidence_word)};
def cell($f): if $f.is == "=" then "=" elif $f.is == "FAIL" then "DIFF" else "accepted" end;
def diffs: [to_entries[] | select(.value.is != "=") |
	"\(.key) \(.value.live | tojson) -> \(.value.off | tojson) (\(.value.is))"];
($ARGS.named | to_entries | map({key, value: (.value | fromjson? // null)}) | from_entries) as $docs |
$entries | split("\n")[] | select(length > 0) | split("|") | .[0] as $w | (.[1] | tonumber) as $i |
.[2] as $n | ($n | ltrimstr($pfx)) as $short |
($docs["l\($i)"] // {interfaces: []} | [.interfaces[] | select(.name == $n and .netns_inode == $i)]) as $L |
($docs["o\($i)"] // {interfaces: []}) as $odoc |
($odoc | [.interfaces[] | select(.name == $n and .netns == "host")]) as $O |
if ($L | length) != 1 or ($O | length) != 1 then
	"FAIL\t\($w)\t\($short)\t\($i)\tlive has \($L | length), offline \($O | length) interfaces named \($n)",
	"ROW\t\($w)\t\($short)\t-\t-\t-\t-\tno comparison"
else
	($L[0].netns | ltrimstr($pfx)) as $ns | cmp($L[0]; $O[0]; $odoc; $i; $docs.pidnsraw) as $r |
	([$r[] | .is] | if any(. == "FAIL") then "FAIL" elif any(. != "=") then "accepted: " +
		([.[] | select(. != "=")] | unique | join(",")) else "match" end) as $res |
	"ROW\t\($w)\t\($ns)/\($short)\t\(cell($r.category))\t\(cell($r.names))\t\(cell($r.far))\t\(cell($r.band))\t\($res)",
	if $res == "FAIL" then
		"FAIL\t\($w)\t\($ns)/\($short)\t\($i)\toffline differs from live",
		($r | diffs[] | "DETAIL\t\(.)"),
		"DETAIL\tlive:    \($L[0].verdict.text)", "DETAIL\toffline: \($O[0].verdict.text)"
	else "OK\t\($w)\t\($ns)/\($short)\t\($i)",
		if $res != "match" then "ACCEPT\t\($w)/\($short): \($r | diffs | join("; "))" else empty end
	end
end'

args=()
for ino in "${!done_ns[@]}"; do
	args+=(--rawfile "l$ino" "$T_TMP/live.$ino.json" --rawfile "o$ino" "$T_TMP/off.$ino.json")
done
jq -r -n --arg entries "$(printf '%s\n' "${W_IFACES[@]}")" --arg pfx "$P" \
	--argjson host "$W_HOST_INO" --rawfile pidnsraw "$T_TMP/pidns.json" "${args[@]}" "$CMP" \
	>"$T_TMP/compared" 2>"$T_TMP/compared.err" || {
	echo "FAIL $T_NAME: the comparison did not run: $(head -c 500 "$T_TMP/compared.err")"
	exit 1
}

declare -A ROWS
LABELS=() # the worlds' labels in W_IFACES, in order
ACCEPTED=()
compared=0
while IFS=$'\t' read -r tag a b c d; do
	case $tag in
	ROW)
		[ -n "${ROWS[$a]:-}" ] || LABELS+=("$a")
		ROWS[$a]+="$b"$'\t'"$c"$'\t'"$d"$'\n'
		;;
	OK)
		T_CHECKS=$((T_CHECKS + 1))
		compared=$((compared + 1))
		echo "  ok   [$a] $b (netns $c)"
		;;
	FAIL)
		T_CHECKS=$((T_CHECKS + 1))
		compared=$((compared + 1))
		T_FAILS=$((T_FAILS + 1))
		echo "  FAIL [$a] $b (netns $c): $d"
		if [ -n "${OFFLINE_CASES:-}" ]; then
			mkdir -p "$OFFLINE_CASES/$a"
			cp "$T_TMP/ev.$c.txt" "$T_TMP/live.$c.json" "$T_TMP/off.$c.json" "$OFFLINE_CASES/$a/" 2>/dev/null
		fi
		;;
	DETAIL) echo "       $a" ;;
	ACCEPT) ACCEPTED+=("$a") ;;
	esac
done <"$T_TMP/compared"
[ "$compared" = "${#W_IFACES[@]}" ] || {
	echo "  FAIL compared $compared of ${#W_IFACES[@]} interfaces"
	T_FAILS=$((T_FAILS + 1))
}

echo
echo "What matched, per world (= same; accepted: a difference saved output cannot avoid; DIFF: a failure)"
for w in "${LABELS[@]}"; do
	echo "## $w"
	{
		printf 'interface\tcategory\tnames\tfar end\tband\tresult\n'
		printf '%s' "${ROWS[$w]}"
	} | awk -F'\t' '{ for (i = 1; i <= NF; i++) { c[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } n = NR }
		END { for (r = 1; r <= n; r++) { l = " "; for (i = 1; i <= 6; i++) l = l " " sprintf("%-" w[i] "s", c[r, i]); print l } }'
done
echo "(worlds set up in ${T_SETUP}s; ${#done_ns[@]} namespaces explained live and offline in $((T_EXPLAIN - T_SETUP))s)"
# The conntrack world compares a far end, not two empty lists: live and offline both name
# 192.0.2.2:17003 from conntrack for ca's tun0 (cb's far end likewise, 192.0.2.1:17003).
if [ -n "${W_CTA:-}" ]; then
	for pair in "ca 192.0.2.2" "cb 192.0.2.1"; do
		read -r n far <<<"$pair"
		ino=$(w_ino "$n")
		for side in live off; do
			T_CHECKS=$((T_CHECKS + 1))
			if jq -e --arg far "$far" '[.interfaces[] | select(.name == "tun0")] | length == 1 and
				all(.[]; any(.tunnel.peers[]; .via == "conntrack" and .address == $far and .port == 17003))' \
				"$T_TMP/$side.$ino.json" >/dev/null 2>&1; then
				echo "  ok   [conntrack] $n/tun0 $side: far end $far:17003 from conntrack"
			else
				echo "  FAIL [conntrack] $n/tun0 $side: no far end $far:17003 from conntrack"
				T_FAILS=$((T_FAILS + 1))
			fi
		done
	done
fi
if [ ${#ACCEPTED[@]} -gt 0 ]; then
	echo "Accepted differences:"
	printf '  %s\n' "${ACCEPTED[@]}"
fi
t_done
