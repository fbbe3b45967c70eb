#!/usr/bin/env bash
# A verdict from structure must not hang on a knowledge entry. A socat TUN-over-TCP tunnel
# (world a's shape) on TCP 1194, OpenVPN's port, whose device is named tun0 (the ifnames entry
# "tun[0-9]*": "OpenVPN or another program"), is read three times:
#   1. with the shipped knowledge;
#   2. with those two entries removed;
#   3. with next to no knowledge: every entry list emptied except networks.json (which autonomous
#      systems are mobile operators: nothing here has a public address). ifwho refuses to run
#      with no entry at all ("no knowledge files found").
# Each time the verdict must name the holder (socat, its pid), the transport (TCP) and the far
# end, and never be certain. slirp4netns's tap0 (world f) is checked the same way: its holder
# lives in another namespace, so it is a network helper, whatever the knowledge says.
# The user knowledge directories (docs/KNOWLEDGE.md) can only add or override entries (first
# match wins): there is no way to disable one there. So the entries are removed from a copy of
# the shipped directory that IFWHO_DATA_DIR points to, with HOME set to an empty directory so
# that ~/.config/ifwho/knowledge adds nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/worlds_lib.sh"
t_need_root
w_need jq socat busybox
SRC=${IFW_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
[ -d /etc/ifwho/knowledge ] && echo "  note: /etc/ifwho/knowledge exists and is read in every run"

w_underlay ka kb
A=${P}ka
B=${P}kb
w_bg ip netns exec "$B" socat TCP-LISTEN:1194,bind=192.0.2.2,nodelay \
	TUN:198.51.100.2/24,tun-name=tun0,iff-up,iff-no-pi
SRV=$W_PID
w_wait 3 sh -c "ip netns exec $B ss -Htln | grep -q 192.0.2.2:1194"
w_setup "socat listens on 192.0.2.2:1194 in $B" $?
w_bg ip netns exec "$A" socat TCP:192.0.2.2:1194,nodelay \
	TUN:198.51.100.1/24,tun-name=tun0,iff-up,iff-no-pi
CLI=$W_PID
w_wait 3 ip -n "$A" link show tun0 && w_wait 3 ip -n "$B" link show tun0
w_setup "both socat ends made tun0" $?
ip netns exec "$A" busybox ping -c 2 -i 0.2 -W 1 198.51.100.2 >/dev/null
w_setup "ping through the tunnel" $?
IA=$(w_ino ka)
IB=$(w_ino kb)
# And world f: slirp4netns, a helper in this namespace holding tap0 in ${P}sl. Its process name
# and the device name are in the knowledge files; a holder in another namespace is structure.
HAVE_SLIRP=0
world_slirp && HAVE_SLIRP=1 && IS=$(w_ino sl)

# The knowledge directories: a copy without the two entries, and one with nothing.
mkdir -p "$T_TMP/home" "$T_TMP/less/knowledge" "$T_TMP/none/knowledge"
for f in "$SRC"/data/knowledge/*.json; do
	b=$(basename "$f")
	jq '.entries |= map(select(
		((.proto == "tcp" and .port == 1194) or (.os == "linux" and .pattern == "tun[0-9]*")) | not))' \
		"$f" >"$T_TMP/less/knowledge/$b"
	if [ "$b" = networks.json ]; then cp "$f" "$T_TMP/none/knowledge/"; else
		jq '.entries = []' "$f" >"$T_TMP/none/knowledge/$b"
	fi
done
removed=$(($(jq -s '[.[].entries[]] | length' "$SRC"/data/knowledge/*.json) -
	$(jq -s '[.[].entries[]] | length' "$T_TMP"/less/knowledge/*.json)))
w_setup "the copy lacks exactly the two entries (tcp 1194, tun[0-9]*)" "$([ "$removed" = 2 ] && echo 0 || echo 1)"
w_setup "the near-empty copy has networks entries only" \
	"$([ "$(jq -s '[.[] | select(.kind != "networks") | .entries[]] | length' "$T_TMP"/none/knowledge/*.json)" = 0 ] && echo 0 || echo 1)"

# ifwho reads the user directory first: point HOME at an empty one for every run.
run() { # LABEL [DATA_DIR]
	echo "# knowledge: $1"
	if [ -n "${2:-}" ]; then
		HOME=$T_TMP/home IFWHO_DATA_DIR=$2 t_json
	else
		HOME=$T_TMP/home t_json
	fi
	w_says "$1" "$IA" tun0
	w_says "$1" "$IB" tun0
	local ino pid far
	for ino in "$IA" "$IB"; do
		if [ "$ino" = "$IA" ]; then pid=$CLI far=192.0.2.2; else pid=$SRV far=192.0.2.1; fi
		w_held_by "$1" "$ino" tun0 "$pid"
		w_names "$1" "$ino" tun0 socat "the holder"
		w_names "$1" "$ino" tun0 "pid $pid" "the holder's pid"
		w_says_re "$1" "$ino" tun0 '\btcp\b' "the transport"
		w_names "$1" "$ino" tun0 "$far" "the far end"
		w_peer "$1" "$ino" tun0 "$far"
		w_not_certain "$1" "$ino" tun0
		# The holder is socat: a port's usual owner does not make it that software.
		w_says_not_re "$1" "$ino" tun0 "OpenVPN tunnel" "the port's usual software made it"
	done
	[ $HAVE_SLIRP = 1 ] || return 0
	w_says "$1" "$IS" tap0
	w_held_by "$1" "$IS" tap0 "$W_SLIRP"
	w_names "$1" "$IS" tap0 slirp4netns "the holder"
	w_names "$1" "$IS" tap0 "pid $W_SLIRP" "the holder's pid"
	w_says_re "$1" "$IS" tap0 "helper|user-mode|user-space" "that it is a network helper"
	w_not_certain "$1" "$IS" tap0
	w_flush
}
run shipped
run "without tcp/1194 and tun[0-9]*" "$T_TMP/less"
run "networks only" "$T_TMP/none"
t_done
