# Test worlds: real software from Debian packages (socat, OpenSSH, QuickTun, Podman with runc,
# Docker, slirp4netns, unshare) making interfaces the way it does on real hosts, and what a good
# verdict about each must say.
# Sourced after lib.sh. Each world is two functions, so that they can be run one at a time:
#   world_NAME   sets it up (namespaces, processes, containers) and registers its interfaces
#   check_NAME   asserts on $T_JSON (an `ifwho --json` of the whole host) what a good answer
#                must contain: the creator or holder by name and pid, the far end and transport
#                where a socket shows them, and never "certain" from structure alone.
# The checks are the target of the structural inference: many fail against older builds.
# Every check is reported (not only the first failure), and each interface's verdict is printed.
#
# Addresses: the worlds' private namespaces use 192.0.2.0/24 (underlay) and 198.51.100.0/24
# (inside tunnels); what must live in the host's namespace (container bridges) gets a /28 or
# /29 chosen from the run's pid, so that parallel runs rarely meet.

W_IFACES=()  # "world|netns inode|interface name": every interface the worlds made
W_CLEANUP=() # commands run (in reverse order) before lib.sh's cleanup
W_BASE=$((($$ % 15 + 1) * 16)) # never 192.0.2.0/28: a host may use 192.0.2.x itself
# A /28 no bridge on this host uses yet (a run that was killed may have left one behind).
for _ in $(seq 1 16); do
	ip -4 -o addr show 2>/dev/null | grep -q " 192\.0\.2\.$((W_BASE + 1))/28 " || break
	W_BASE=$((W_BASE % 240 + 16))
done
W_HOST_INO=$(stat -L -c %i /proc/self/ns/net)

w_cleanup() {
	local i m
	for ((i = ${#W_CLEANUP[@]} - 1; i >= 0; i--)); do
		eval "${W_CLEANUP[$i]}" >/dev/null 2>&1
	done
	# A runtime's storage mounts left under our directory would stop its removal.
	while read -r m; do
		umount "$m" 2>/dev/null
	done < <(awk -v d="$T_TMP/" 'index($2, d) == 1 { print $2 }' /proc/self/mounts | sort -r)
}
trap 'w_cleanup; t_cleanup' EXIT

# w_need PROGRAM...: skips the test (77) when one is missing.
w_need() {
	local p
	for p in "$@"; do
		command -v "$p" >/dev/null 2>&1 || {
			echo "SKIP $T_NAME: $p is not installed (see TEST_PKGS in bootstrap)"
			exit 77
		}
	done
}

# w_have PROGRAM...: true when all are installed (worlds run together skip what is missing).
w_have() {
	local p
	for p in "$@"; do command -v "$p" >/dev/null 2>&1 || return 1; done
}

# w_ino NS: the inode of namespace ${P}NS.
w_ino() { stat -L -c %i "/run/netns/${P}$1"; }
# w_pid_ino PID: the inode of the network namespace PID lives in.
w_pid_ino() { stat -L -c %i "/proc/$1/ns/net"; }

# w_reg WORLD INODE NAME: an interface the world made, to be checked and compared.
w_reg() { W_IFACES+=("$1|$2|$3"); }

# w_bg CMD...: runs CMD here in the background (no readiness line); its pid in W_PID.
w_bg() {
	"$@" >"$T_TMP/bg.$RANDOM" 2>&1 &
	W_PID=$!
	T_PIDS+=("$W_PID")
}

# w_wait SECONDS CMD...: polls CMD until it succeeds; false after SECONDS.
w_wait() {
	local end=$((SECONDS + $1))
	shift
	while ! "$@" >/dev/null 2>&1; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.05
	done
}

# w_setup DESCRIPTION STATUS: a fact about the world itself (not about ifwho). A world that is
# not what it claims to be makes every later check meaningless, so this one stops the test.
w_setup() {
	T_CHECKS=$((T_CHECKS + 1))
	if [ "$2" = 0 ]; then
		echo "  ok   setup: $1"
	else
		echo "  FAIL setup: $1"
		T_FAILS=$((T_FAILS + 1))
		t_done
	fi
}

# w_sel INODE NAME: jq selecting the interface (exactly one) by namespace inode and name.
w_sel() { echo "[.interfaces[] | select(.netns_inode == $1 and .name == \"$2\")]"; }

# w_nsname INODE: sets W_NSN to the namespace's name in the report, without the run's prefix
# (cached: it is called for every check).
declare -A W_NSNAME
w_nsname() {
	if [ -z "${W_NSNAME[$1]:-}" ]; then
		W_NSNAME[$1]=$(jq -r --argjson i "$1" '[.namespaces[] | select(.inode == $i) | .name][0] // "?"' "$T_JSON")
		W_NSNAME[$1]=${W_NSNAME[$1]#"$P"}
	fi
	W_NSN=${W_NSNAME[$1]}
}

# w_check WORLD INODE NAME DESCRIPTION EXPR [S]: EXPR (jq, run on the interface object, with
# $s bound to S) must be true. Checks are queued and evaluated together by w_flush (one jq for
# all: starting jq per check costs seconds on a loaded machine).
W_Q_LABEL=()
W_Q_PROG=()
W_Q_ARG=()
w_check() {
	local world=$1 ino=$2 name=$3 desc=$4 expr=$5 s=${6:-}
	local n=${#W_Q_PROG[@]}
	w_nsname "$ino"
	W_Q_LABEL+=("[$world] $W_NSN/$name: $desc")
	W_Q_ARG+=("$s")
	W_Q_PROG+=("(\$s$n as \$s | $(w_sel "$ino" "$name") | if length != 1 then \"missing (\(length) matches)\"
		else (.[0] | try ($expr) catch \"error: \(.)\") end)")
}

# w_flush: evaluates the queued checks on $T_JSON and prints each, ok or FAIL.
w_flush() {
	local n=${#W_Q_PROG[@]} i prog="" args=()
	[ "$n" = 0 ] && return 0
	for ((i = 0; i < n; i++)); do
		prog+="${prog:+, }${W_Q_PROG[$i]}"
		args+=(--arg "s$i" "${W_Q_ARG[$i]}")
	done
	local results=()
	mapfile -t results < <(jq -c "${args[@]}" "$prog" "$T_JSON" 2>&1)
	for ((i = 0; i < n; i++)); do
		T_CHECKS=$((T_CHECKS + 1))
		if [ "${results[$i]:-}" = true ]; then
			echo "  ok   ${W_Q_LABEL[$i]}"
		else
			echo "  FAIL ${W_Q_LABEL[$i]} (${results[$i]:-no result})"
			T_FAILS=$((T_FAILS + 1))
		fi
	done
	[ ${#results[@]} = "$n" ] || echo "  (jq gave ${#results[@]} results for $n checks: ${results[*]:0:3})"
	W_Q_LABEL=()
	W_Q_PROG=()
	W_Q_ARG=()
}

# w_says WORLD INODE NAME: prints what ifwho says today about the interface.
w_says() {
	jq -r --arg w "$1" "$(w_sel "$2" "$3") | .[] | \"  says [\(\$w)] \(.netns)/\(.name): [\(.verdict.confidence_word)] \(.verdict.text) (rule \(.verdict.rule); held by \([.held_by[] | \"\(.process.comm)/\(.process.pid)\"] | join(\",\")); peers \([.tunnel.peers[] | \"\(.address):\(.port)\"] | join(\",\")))\"" "$T_JSON"
}

# The assertions every world makes, on one interface.
w_not_certain() { # structure alone is at most "likely"
	w_check "$1" "$2" "$3" "not certain from structure alone" '.verdict.confidence_word != "certain"'
}
w_known() { # a verdict, not "unknown"
	w_check "$1" "$2" "$3" "has a verdict (category not unknown)" '.verdict.category != "unknown" and .verdict.rule != null'
}
w_names() { # WORLD INO NAME STRING WHAT: the verdict's text contains STRING
	w_check "$1" "$2" "$3" "verdict names $5 ($4)" '.verdict.text | contains($s)' "$4"
}
w_says_re() { # WORLD INO NAME REGEX WHAT: the verdict's text matches REGEX (case-insensitive)
	w_check "$1" "$2" "$3" "verdict says $5 (/$4/i)" '.verdict.text | test($s; "i")' "$4"
}
w_held_by() { # WORLD INO NAME PID: a confirmed holder
	w_check "$1" "$2" "$3" "held by pid $4 (confirmed)" \
		'any(.held_by[]; .process.pid == ($s | tonumber) and .confirmed)' "$4"
}
w_peer() { # WORLD INO NAME ADDRESS [PORT]: the tunnel's far end
	if [ -n "${5:-}" ]; then
		w_check "$1" "$2" "$3" "far end $4 port $5 in tunnel.peers" \
			'any(.tunnel.peers[]; .address == ($s | split(" ")[0]) and .port == ($s | split(" ")[1] | tonumber))' "$4 $5"
	else
		w_check "$1" "$2" "$3" "far end $4 in tunnel.peers" 'any(.tunnel.peers[]; .address == $s)' "$4"
	fi
}
w_says_not_re() { # WORLD INO NAME REGEX WHAT: the verdict's text does not match REGEX
	w_check "$1" "$2" "$3" "verdict does not say $5 (/$4/i)" '.verdict.text | test($s; "i") | not' "$4"
}

# w_underlay A B: namespaces ${P}A and ${P}B joined by a veth (ul0 at both ends), 192.0.2.1 in
# A and 192.0.2.2 in B: the tunnels' outside.
w_underlay() {
	t_ns "$1"
	t_ns "$2"
	ip -n "${P}$1" link add ul0 type veth peer name ul0 netns "${P}$2"
	ip -n "${P}$1" addr add 192.0.2.1/24 dev ul0
	ip -n "${P}$2" addr add 192.0.2.2/24 dev ul0
	ip -n "${P}$1" link set ul0 up
	ip -n "${P}$2" link set ul0 up
}

# w_inner A B DEV: 198.51.100.1 and .2 on DEV in ${P}A and ${P}B (for tools that leave the
# addresses to the user), up.
w_inner() {
	ip -n "${P}$1" addr add 198.51.100.1/24 dev "$3" && ip -n "${P}$1" link set "$3" up &&
		ip -n "${P}$2" addr add 198.51.100.2/24 dev "$3" && ip -n "${P}$2" link set "$3" up
}

# w_tunnel_checks WORLD INO DEV PID NAME TRANSPORT FAR [PORT]: what a good verdict says about a
# user-space tunnel: held by PID, named by its holder, a tunnel over TRANSPORT to FAR.
w_tunnel_checks() {
	local world=$1 ino=$2 dev=$3 pid=$4 name=$5 tr=$6 far=$7 port=${8:-}
	w_held_by "$world" "$ino" "$dev" "$pid"
	w_names "$world" "$ino" "$dev" "$name" "the holder"
	w_names "$world" "$ino" "$dev" "pid $pid" "the holder's pid"
	w_says_re "$world" "$ino" "$dev" tunnel "it is a tunnel"
	w_says_not_re "$world" "$ino" "$dev" "no (known )?tunnel" "it is no tunnel"
	w_says_re "$world" "$ino" "$dev" "\\b$tr\\b" "the transport"
	w_names "$world" "$ino" "$dev" "$far" "the far end"
	w_peer "$world" "$ino" "$dev" "$far" "$port"
	w_known "$world" "$ino" "$dev"
	w_not_certain "$world" "$ino" "$dev"
}

# ----------------------------------------------------------------------------------------------
# a. A user-space tunnel over TCP: socat joins a TUN in each of two namespaces over one TCP
#    connection (client in ta, server in tb), across a veth underlay.
world_tcp_tunnel() {
	w_have socat busybox || return 1
	w_underlay ta tb
	local A=${P}ta B=${P}tb
	w_bg ip netns exec "$B" socat TCP-LISTEN:17000,bind=192.0.2.2,nodelay \
		TUN:198.51.100.2/24,tun-name=tun0,iff-up,iff-no-pi
	W_TCP_SRV=$W_PID
	w_wait 3 sh -c "ip netns exec $B ss -Htln | grep -q 192.0.2.2:17000"
	w_setup "socat listens on 192.0.2.2:17000 in $B" $?
	w_bg ip netns exec "$A" socat TCP:192.0.2.2:17000,nodelay \
		TUN:198.51.100.1/24,tun-name=tun0,iff-up,iff-no-pi
	W_TCP_CLI=$W_PID
	w_wait 3 ip -n "$A" link show tun0 && w_wait 3 ip -n "$B" link show tun0
	w_setup "both socat ends made tun0" $?
	ip netns exec "$A" busybox ping -c 3 -i 0.2 -W 1 198.51.100.2 >/dev/null
	w_setup "ping 198.51.100.1 -> 198.51.100.2 through the TCP tunnel" $?
	w_reg tcp "$(w_ino ta)" tun0
	w_reg tcp "$(w_ino tb)" tun0
	w_reg tcp "$(w_ino ta)" ul0
	w_reg tcp "$(w_ino tb)" ul0
}

# w_underlay_checks WORLD A B: the underlay veth, made by `ip` (gone): it links the two
# namespaces (and carries the tunnel).
w_underlay_checks() {
	local IA IB
	IA=$(w_ino "$2")
	IB=$(w_ino "$3")
	w_says "$1" "$IA" ul0
	w_says "$1" "$IB" ul0
	w_check "$1" "$IA" ul0 "its link is ul0 in ${P}$3" '.link.name == "ul0" and .link.netns == $s' "${P}$3"
	w_check "$1" "$IB" ul0 "its link is ul0 in ${P}$2" '.link.name == "ul0" and .link.netns == $s' "${P}$2"
	w_names "$1" "$IA" ul0 "${P}$3" "the namespace it leads to"
	w_names "$1" "$IB" ul0 "${P}$2" "the namespace it leads to"
	w_not_certain "$1" "$IA" ul0
	w_not_certain "$1" "$IB" ul0
}

check_tcp_tunnel() {
	local A B
	A=$(w_ino ta)
	B=$(w_ino tb)
	echo "# world a: socat TUN over TCP (client pid $W_TCP_CLI in ${P}ta, server pid $W_TCP_SRV in ${P}tb)"
	w_says tcp "$A" tun0
	w_says tcp "$B" tun0
	w_tunnel_checks tcp "$A" tun0 "$W_TCP_CLI" socat tcp 192.0.2.2 17000
	w_tunnel_checks tcp "$B" tun0 "$W_TCP_SRV" socat tcp 192.0.2.1
	w_underlay_checks tcp ta tb
}

# ----------------------------------------------------------------------------------------------
# b. A user-space tunnel over UDP: socat with a connected UDP socket on each side (both bound
#    to port 17001), each holding a TUN.
world_udp_tunnel() {
	w_have socat busybox || return 1
	w_underlay ua ub
	local A=${P}ua B=${P}ub
	# A datagram to a port not yet bound comes back as "connection refused" and ends socat, so
	# the tuns send nothing by themselves (no IPv6 on them) and A's end is bound first.
	ip netns exec "$A" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
	ip netns exec "$B" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
	w_bg ip netns exec "$A" socat UDP:192.0.2.2:17001,bind=192.0.2.1:17001 \
		TUN:198.51.100.1/24,tun-name=tun0,iff-up,iff-no-pi
	W_UDP_A=$W_PID
	w_wait 3 sh -c "ip netns exec $A ss -Huan | grep -q 192.0.2.1:17001"
	w_bg ip netns exec "$B" socat UDP:192.0.2.1:17001,bind=192.0.2.2:17001 \
		TUN:198.51.100.2/24,tun-name=tun0,iff-up,iff-no-pi
	W_UDP_B=$W_PID
	w_wait 3 ip -n "$A" link show tun0 && w_wait 3 ip -n "$B" link show tun0
	w_setup "both socat ends made tun0" $?
	ip netns exec "$A" busybox ping -c 3 -i 0.2 -W 1 198.51.100.2 >/dev/null
	w_setup "ping 198.51.100.1 -> 198.51.100.2 through the UDP tunnel" $?
	w_reg udp "$(w_ino ua)" tun0
	w_reg udp "$(w_ino ub)" tun0
	w_reg udp "$(w_ino ua)" ul0
	w_reg udp "$(w_ino ub)" ul0
}

check_udp_tunnel() {
	local A B
	A=$(w_ino ua)
	B=$(w_ino ub)
	echo "# world b: socat TUN over UDP (pid $W_UDP_A in ${P}ua, pid $W_UDP_B in ${P}ub)"
	w_says udp "$A" tun0
	w_says udp "$B" tun0
	w_tunnel_checks udp "$A" tun0 "$W_UDP_A" socat udp 192.0.2.2 17001
	w_tunnel_checks udp "$B" tun0 "$W_UDP_B" socat udp 192.0.2.1 17001
	w_underlay_checks udp ua ub
}

# ----------------------------------------------------------------------------------------------
# c. A container runtime: Podman 4.3 (CNI backend) with runc, running busybox from a local root
#    filesystem (--rootfs: no image registry), on a network whose bridge is named ${P}pb.
#    Podman's state lives in the test's directory.
w_rootfs() {
	[ -d "$T_TMP/rootfs" ] && return 0
	mkdir -p "$T_TMP/rootfs/bin" "$T_TMP/rootfs/etc" "$T_TMP/rootfs/tmp"
	cp /bin/busybox "$T_TMP/rootfs/bin/"
	local c
	for c in sh sleep ping ip; do ln -s busybox "$T_TMP/rootfs/bin/$c"; done
}

w_podman() {
	timeout 30 podman --root "$T_TMP/podman/root" --runroot "$T_TMP/podman/run" \
		--tmpdir "$T_TMP/podman/tmp" --network-config-dir "$T_TMP/podman/cni" \
		--storage-driver vfs --cgroup-manager cgroupfs --runtime runc --events-backend file "$@"
}

# w_podman_net NAME BRIDGE SUBNET GATEWAY: a CNI network of our own (no masquerade, no
# firewall or port-map plugins: nothing touches the host's packet filter).
w_podman_net() {
	mkdir -p "$T_TMP/podman/cni"
	cat >"$T_TMP/podman/cni/$1.conflist" <<-EOF
		{"cniVersion": "0.4.0", "name": "$1", "plugins": [{"type": "bridge", "bridge": "$2",
		 "isGateway": true, "ipMasq": false, "hairpinMode": true, "ipam": {"type": "host-local",
		 "ranges": [[{"subnet": "$3", "gateway": "$4"}]]}}]}
	EOF
	W_CLEANUP+=("rm -rf /var/lib/cni/networks/$1" "ip link del $2")
}

# w_podman_run NAME NETWORK: a busybox container sleeping; its pid in W_CPID, id in W_CID.
w_podman_run() {
	W_CLEANUP+=("w_podman rm -f -t 0 $1")
	w_podman run -d --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --network "$2" \
		--name "$1" --rootfs "$T_TMP/rootfs" /bin/sleep 120 >"$T_TMP/podman.out" 2>&1
	local rc=$?
	[ $rc = 0 ] || head -5 "$T_TMP/podman.out"
	W_CPID=$(w_podman inspect -f '{{.State.Pid}}' "$1" 2>/dev/null)
	W_CID=$(w_podman inspect -f '{{.Id}}' "$1" 2>/dev/null)
	return $rc
}

world_podman() {
	w_have podman runc conmon busybox || return 1
	w_rootfs
	w_podman_net "${P}net" "${P}pb" "192.0.2.$W_BASE/28" "192.0.2.$((W_BASE + 1))"
	w_podman_run "${P}c1" "${P}net"
	w_setup "podman runs a busybox container on ${P}net (pid ${W_CPID:-none})" $?
	W_POD_PID=$W_CPID
	W_POD_ID=$W_CID
	W_POD_INO=$(w_pid_ino "$W_POD_PID")
	# A few tries: the bridge port may still be in the learning state just after the start.
	local ok=1 try
	for try in 1 2 3 4 5; do
		nsenter -t "$W_POD_PID" -n busybox ping -c 1 -W 1 "192.0.2.$((W_BASE + 1))" >/dev/null &&
			ok=0 && break
		sleep 0.5
	done
	w_setup "the container reaches its gateway on ${P}pb (try $try)" $ok
	W_POD_VETH=$(ip -j link show master "${P}pb" | jq -r '.[0].ifname')
	w_setup "${P}pb has the container's veth (${W_POD_VETH}) as a port" "$([ -n "$W_POD_VETH" ] && [ "$W_POD_VETH" != null ] && echo 0 || echo 1)"
	w_reg podman "$W_HOST_INO" "${P}pb"
	w_reg podman "$W_HOST_INO" "$W_POD_VETH"
	w_reg podman "$W_POD_INO" eth0
}

check_podman() {
	local H=$W_HOST_INO C=$W_POD_INO short=${W_POD_ID:0:12}
	echo "# world c: podman+runc container $short (pid $W_POD_PID), bridge ${P}pb, veth $W_POD_VETH"
	w_says podman "$H" "${P}pb"
	w_says podman "$H" "$W_POD_VETH"
	w_says podman "$C" eth0
	# The host end of the container's veth.
	w_check podman "$H" "$W_POD_VETH" "its link is eth0 in the container's namespace" \
		'.link.name == "eth0"'
	w_check podman "$H" "$W_POD_VETH" "a port of ${P}pb" '.master.name == $s' "${P}pb"
	w_check podman "$H" "$W_POD_VETH" "the container's process is behind it" \
		'any(.processes_behind[]; .pid == ($s | tonumber) and .container_runtime == "podman")' "$W_POD_PID"
	w_says_re podman "$H" "$W_POD_VETH" podman "the runtime"
	w_says_re podman "$H" "$W_POD_VETH" "$short|pid $W_POD_PID" "the container (id or pid)"
	# Its name from Podman's own state (containers.json in the test's --root, found through
	# conmon's bundle directory).
	w_says_re podman "$H" "$W_POD_VETH" "podman container ${P}c1 \\($short" "the container's name"
	w_not_certain podman "$H" "$W_POD_VETH"
	# The bridge: made by the CNI bridge plugin for Podman; traced through its port.
	w_check podman "$H" "${P}pb" "its ports hold the container's veth" 'any(.ports[]; . == $s)' "$W_POD_VETH"
	w_says_re podman "$H" "${P}pb" podman "the runtime"
	w_says_re podman "$H" "${P}pb" "$short|pid $W_POD_PID" "the container (id or pid)"
	w_says_re podman "$H" "${P}pb" "container ${P}c1 " "the container's name"
	w_says_re podman "$H" "${P}pb" "^podman network ${P}net: " "the network's name (Podman's network file)"
	w_check podman "$H" "$W_POD_VETH" "the name came from Podman's state" \
		'any(.findings[].evidence[]; .source == "podman state")'
	w_not_certain podman "$H" "${P}pb"
	# The container's end.
	w_check podman "$C" eth0 "its link is the host's veth" '.link.name == $s' "$W_POD_VETH"
	w_says_re podman "$C" eth0 podman "the runtime"
	w_says_re podman "$C" eth0 "$short|pid $W_POD_PID" "the container (id or pid)"
	w_not_certain podman "$C" eth0
}

# ----------------------------------------------------------------------------------------------
# d. A daemon that makes interfaces over netlink and holds no fd: dockerd (its own data and exec
#    roots, no iptables, no default bridge). Two user-defined networks: one with a busybox
#    container (imported from a tarball; no registry), one empty. Docker names the bridges
#    br-<network id>; the names are Docker's own, unique per network.
w_docker() { timeout 30 docker -H "unix://$T_TMP/d/docker.sock" "$@"; }

world_docker() {
	w_have dockerd docker containerd runc busybox || return 1
	w_rootfs
	mkdir -p "$T_TMP/d"
	dockerd --data-root "$T_TMP/d/data" --exec-root "$T_TMP/d/exec" \
		--pidfile "$T_TMP/d/docker.pid" -H "unix://$T_TMP/d/docker.sock" --bridge=none \
		--iptables=false --ip6tables=false --ip-masq=false --ip-forward=false \
		--storage-driver=vfs >"$T_TMP/d/log" 2>&1 &
	W_DOCKERD=$!
	# Containers first, then the daemon (its containerd goes with it), waited for.
	W_CLEANUP+=("kill $W_DOCKERD; w_wait 10 sh -c '! kill -0 $W_DOCKERD'")
	w_wait 15 w_docker info
	w_setup "dockerd (pid $W_DOCKERD) answers" $?
	tar -C "$T_TMP/rootfs" -c . | w_docker import - "${P}bb:1" >/dev/null
	W_DNET1=$(w_docker network create --subnet "203.0.113.$W_BASE/29" "${P}dn1")
	W_DNET2=$(w_docker network create --subnet "203.0.113.$((W_BASE + 8))/29" "${P}dn2")
	W_CLEANUP+=("w_docker network rm ${P}dn1 ${P}dn2")
	W_CLEANUP+=("w_docker rm -f ${P}dc1")
	w_docker run -d --network "${P}dn1" --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
		--name "${P}dc1" "${P}bb:1" /bin/sleep 120 >/dev/null
	w_setup "docker runs a busybox container on ${P}dn1" $?
	W_DOCK_PID=$(w_docker inspect -f '{{.State.Pid}}' "${P}dc1")
	W_DOCK_ID=$(w_docker inspect -f '{{.Id}}' "${P}dc1")
	W_DOCK_INO=$(w_pid_ino "$W_DOCK_PID")
	W_DBR1=br-${W_DNET1:0:12}
	W_DBR2=br-${W_DNET2:0:12}
	W_DOCK_VETH=$(ip -j link show master "$W_DBR1" | jq -r '.[0].ifname')
	w_setup "$W_DBR1 has the container's veth ($W_DOCK_VETH); $W_DBR2 exists" \
		"$([ "$W_DOCK_VETH" != null ] && ip link show "$W_DBR2" >/dev/null 2>&1 && echo 0 || echo 1)"
	w_reg docker "$W_HOST_INO" "$W_DBR1"
	w_reg docker "$W_HOST_INO" "$W_DBR2"
	w_reg docker "$W_HOST_INO" "$W_DOCK_VETH"
	w_reg docker "$W_DOCK_INO" eth0
}

check_docker() {
	local H=$W_HOST_INO C=$W_DOCK_INO short=${W_DOCK_ID:0:12}
	echo "# world d: dockerd pid $W_DOCKERD; container $short (pid $W_DOCK_PID) on $W_DBR1 via $W_DOCK_VETH; $W_DBR2 empty"
	w_says docker "$H" "$W_DBR1"
	w_says docker "$H" "$W_DBR2"
	w_says docker "$H" "$W_DOCK_VETH"
	w_says docker "$C" eth0
	# Bridges made by a running daemon that holds no fd for them.
	local br
	for br in "$W_DBR1" "$W_DBR2"; do
		w_check docker "$H" "$br" "held by nobody (dockerd keeps no fd)" '.held_by == []'
		w_names docker "$H" "$br" dockerd "the creator"
		w_names docker "$H" "$br" "pid $W_DOCKERD" "the running creator's pid"
		w_says_not_re docker "$H" "$br" "left ?over|not running" "it is a leftover (its creator runs)"
		w_not_certain docker "$H" "$br"
	done
	w_says_re docker "$H" "$W_DBR1" "$short|pid $W_DOCK_PID" "the container behind its port"
	w_says_re docker "$H" "$W_DBR2" "no ports|without ports|empty|unused" "that it has no ports"
	# The container's veth and its other end.
	w_check docker "$H" "$W_DOCK_VETH" "the container's process is behind it" \
		'any(.processes_behind[]; .pid == ($s | tonumber) and .container_runtime == "docker")' "$W_DOCK_PID"
	w_says_re docker "$H" "$W_DOCK_VETH" docker "the runtime"
	w_says_re docker "$H" "$W_DOCK_VETH" "$short|pid $W_DOCK_PID" "the container (id or pid)"
	# Name and image from Docker's API (dockerd's own socket, from its command line).
	w_says_re docker "$H" "$W_DOCK_VETH" "docker container ${P}dc1 \\($short, image ${P}bb:1\\)" \
		"the container's name and image"
	w_says_re docker "$H" "$W_DBR1" "container ${P}dc1 " "the container's name"
	w_says_re docker "$H" "$W_DBR1" "^docker network ${P}dn1: " "the network's name (Docker's API)"
	w_says_re docker "$H" "$W_DBR2" "^docker network ${P}dn2: " "the network's name (Docker's API)"
	w_check docker "$H" "$W_DOCK_VETH" "the name came from Docker's API" \
		'any(.findings[].evidence[]; .source == "docker api")'
	w_not_certain docker "$H" "$W_DOCK_VETH"
	w_check docker "$C" eth0 "its link is the host's veth" '.link.name == $s' "$W_DOCK_VETH"
	w_says_re docker "$C" eth0 docker "the runtime"
	w_says_re docker "$C" eth0 "$short|pid $W_DOCK_PID" "the container (id or pid)"
	w_not_certain docker "$C" eth0
}

# ----------------------------------------------------------------------------------------------
# e. Leftovers: interfaces whose creator is gone. A veth into a namespace where no process
#    lives, a persistent TAP nobody holds (both in ${P}la), and a Podman bridge after its last
#    container was removed (Podman and the CNI plugin have exited; the bridge stays).
world_leftovers() {
	t_ns la
	t_ns lb
	local A=${P}la B=${P}lb
	ip -n "$A" link add lv0 type veth peer name lv1 netns "$B"
	ip -n "$A" link set lv0 up
	ip -n "$B" link set lv1 up
	ip -n "$A" tuntap add mode tap name tap5
	w_setup "veth lv0 -> $B (no process there), persistent tap5 in $A" \
		"$(ip -n "$A" -d link show tap5 | grep -q "persist on" && echo 0 || echo 1)"
	w_reg leftovers "$(w_ino la)" lv0
	w_reg leftovers "$(w_ino lb)" lv1
	w_reg leftovers "$(w_ino la)" tap5
	W_LEFT_POD=0
	if w_have podman runc conmon busybox; then
		w_rootfs
		w_podman_net "${P}lnet" "${P}lf" "198.51.100.$W_BASE/28" "198.51.100.$((W_BASE + 1))"
		w_podman_run "${P}lc" "${P}lnet"
		w_setup "podman ran a container on ${P}lnet" $?
		w_podman rm -f -t 0 "${P}lc" >/dev/null
		w_setup "container removed; bridge ${P}lf left with no ports" \
			"$(ip link show "${P}lf" >/dev/null 2>&1 && [ "$(ip -j link show master "${P}lf" | jq length)" = 0 ] && echo 0 || echo 1)"
		w_reg leftovers "$W_HOST_INO" "${P}lf"
		W_LEFT_POD=1
	fi
}

check_leftovers() {
	local A B
	A=$(w_ino la)
	B=$(w_ino lb)
	echo "# world e: leftovers (veth lv0/lv1 between ${P}la and ${P}lb, tap5 in ${P}la, podman bridge ${P}lf)"
	w_says leftovers "$A" lv0
	w_says leftovers "$B" lv1
	w_says leftovers "$A" tap5
	[ "$W_LEFT_POD" = 1 ] && w_says leftovers "$W_HOST_INO" "${P}lf"
	local LEFT='left ?over|no process|nobody|not running|unused|orphan|stale'
	w_check leftovers "$A" lv0 "its link is lv1 in ${P}lb" '.link.name == "lv1" and .link.netns == $s' "${P}lb"
	w_names leftovers "$A" lv0 "${P}lb" "the namespace it leads to"
	w_says_re leftovers "$A" lv0 "$LEFT" "that no process is there"
	w_not_certain leftovers "$A" lv0
	w_names leftovers "$B" lv1 "${P}la" "the namespace it leads to"
	w_says_re leftovers "$B" lv1 "$LEFT" "that its creator is gone"
	w_not_certain leftovers "$B" lv1
	w_check leftovers "$A" tap5 "persistent, held by nobody" '.details.persist == true and .held_by == [] and .unconfirmed_holders == []'
	w_says_re leftovers "$A" tap5 "persist" "that it is persistent"
	w_says_re leftovers "$A" tap5 "$LEFT" "that no process holds it"
	w_not_certain leftovers "$A" tap5
	if [ "$W_LEFT_POD" = 1 ]; then
		w_check leftovers "$W_HOST_INO" "${P}lf" "a bridge with no ports, held by nobody" '.ports == [] and .held_by == []'
		w_says_re leftovers "$W_HOST_INO" "${P}lf" "no ports|without ports|empty" "that it has no ports"
		w_says_re leftovers "$W_HOST_INO" "${P}lf" "$LEFT" "that its creator is gone"
		w_not_certain leftovers "$W_HOST_INO" "${P}lf"
	fi
}

# ----------------------------------------------------------------------------------------------
# f. A helper in one namespace holding a TUN for another: slirp4netns lives in the test's
#    namespace and gives ${P}sl user-mode networking through tap0 (addresses from 192.0.2.0/24,
#    no host loopback, no DNS forwarding; only the built-in gateway is pinged).
world_slirp() {
	w_have slirp4netns busybox || return 1
	t_ns sl
	w_bg slirp4netns --configure --cidr=192.0.2.0/24 --disable-host-loopback --disable-dns \
		--netns-type=path "/run/netns/${P}sl" tap0
	W_SLIRP=$W_PID
	w_wait 3 sh -c "ip -n ${P}sl addr show tap0 | grep -q 192.0.2.100"
	w_setup "slirp4netns (pid $W_SLIRP) configured tap0 in ${P}sl" $?
	ip netns exec "${P}sl" busybox ping -c 1 -W 1 192.0.2.2 >/dev/null
	w_setup "the namespace reaches slirp's gateway 192.0.2.2" $?
	w_reg slirp "$(w_ino sl)" tap0
}

check_slirp() {
	local S
	S=$(w_ino sl)
	echo "# world f: slirp4netns pid $W_SLIRP (in the test's namespace) holding tap0 in ${P}sl"
	w_says slirp "$S" tap0
	w_held_by slirp "$S" tap0 "$W_SLIRP"
	w_check slirp "$S" tap0 "the holder lives in another namespace" \
		'.netns as $n | any(.held_by[]; .process.netns != null and .process.netns != $n)'
	w_names slirp "$S" tap0 slirp4netns "the holder"
	w_names slirp "$S" tap0 "pid $W_SLIRP" "the holder's pid"
	w_says_re slirp "$S" tap0 "helper|user-mode|user-space" "that it is a network helper"
	w_known slirp "$S" tap0
	w_not_certain slirp "$S" tap0
}

# ----------------------------------------------------------------------------------------------
# g. Namespaces that only a process holds (no name in /run/netns), as sandboxes make them
#    (unshare from util-linux here): ${P}ux has two veths, x1 and x2, into the namespaces of two
#    sleeping processes. Each pair is created the same way, so each end's (ifindex, peer
#    ifindex) repeats across namespaces: the peer must be found through the namespace id.
world_pidns() {
	w_have unshare || return 1
	t_ns ux
	w_bg unshare -n sleep 120
	W_PX1=$W_PID
	w_bg unshare -n sleep 120
	W_PX2=$W_PID
	w_wait 3 sh -c "[ \$(stat -L -c %i /proc/$W_PX1/ns/net) != $W_HOST_INO ] && [ \$(stat -L -c %i /proc/$W_PX2/ns/net) != $W_HOST_INO ]"
	w_setup "two processes in namespaces of their own (pids $W_PX1, $W_PX2)" $?
	ip -n "${P}ux" link add x1 type veth peer name p1 netns "$W_PX1" &&
		ip -n "${P}ux" link add x2 type veth peer name p2 netns "$W_PX2"
	w_setup "veths x1 -> p1 (pid $W_PX1), x2 -> p2 (pid $W_PX2)" $?
	W_PX1_INO=$(w_pid_ino "$W_PX1")
	W_PX2_INO=$(w_pid_ino "$W_PX2")
	w_reg pidns "$(w_ino ux)" x1
	w_reg pidns "$(w_ino ux)" x2
	w_reg pidns "$W_PX1_INO" p1
	w_reg pidns "$W_PX2_INO" p2
}

check_pidns() {
	local X
	X=$(w_ino ux)
	echo "# world g: ${P}ux's x1 -> p1 in pid $W_PX1's namespace, x2 -> p2 in pid $W_PX2's"
	w_says pidns "$X" x1
	w_says pidns "$X" x2
	w_says pidns "$W_PX1_INO" p1
	w_says pidns "$W_PX2_INO" p2
	local i pid ino
	for i in 1 2; do
		if [ $i = 1 ]; then pid=$W_PX1 ino=$W_PX1_INO; else pid=$W_PX2 ino=$W_PX2_INO; fi
		w_check pidns "$X" "x$i" "its link is p$i in the namespace of pid $pid" \
			'.link.name == ("p" + ($s | split(" ")[0])) and .link.netns == ("pid " + ($s | split(" ")[1]) + " (sleep)")' "$i $pid"
		w_check pidns "$X" "x$i" "the process behind it is pid $pid" \
			'any(.processes_behind[]; .pid == ($s | tonumber))' "$pid"
		w_names pidns "$X" "x$i" "pid $pid" "the process in the namespace it leads to"
		w_not_certain pidns "$X" "x$i"
		w_check pidns "$ino" "p$i" "its link is x$i in ${P}ux" '.link.name == ($s | split(" ")[0]) and .link.netns == ($s | split(" ")[1])' "x$i ${P}ux"
		w_names pidns "$ino" "p$i" "${P}ux" "the namespace it leads to"
		w_not_certain pidns "$ino" "p$i"
	done
}

# ----------------------------------------------------------------------------------------------
# h. OpenSSH's tunnel forwarding (ssh -w) over TCP 22: sshd in ${P}sb (its own host key and
#    config; the session process holds the server's tun0), ssh in ${P}sa holding the client's.
world_ssh_tunnel() {
	w_have ssh ssh-keygen /usr/sbin/sshd busybox || return 1
	w_underlay sa sb
	local d=$T_TMP/ssh
	mkdir -p "$d" /run/sshd
	ssh-keygen -q -t ed25519 -N '' -f "$d/hostkey" && ssh-keygen -q -t ed25519 -N '' -f "$d/userkey" &&
		cp "$d/userkey.pub" "$d/authorized_keys"
	w_setup "keys made" $?
	cat >"$d/sshd_config" <<-EOF
		ListenAddress 192.0.2.2:22
		HostKey $d/hostkey
		PidFile $d/sshd.pid
		AuthorizedKeysFile $d/authorized_keys
		PermitRootLogin prohibit-password
		PasswordAuthentication no
		KbdInteractiveAuthentication no
		UsePAM no
		StrictModes no
		PermitTunnel yes
	EOF
	w_bg ip netns exec "${P}sb" /usr/sbin/sshd -D -e -f "$d/sshd_config"
	W_SSHD=$W_PID
	w_wait 3 sh -c "ip netns exec ${P}sb ss -Htln | grep -q 192.0.2.2:22"
	w_setup "sshd (pid $W_SSHD) listens on 192.0.2.2:22 in ${P}sb" $?
	w_bg ip netns exec "${P}sa" ssh -F /dev/null -i "$d/userkey" -o StrictHostKeyChecking=no \
		-o UserKnownHostsFile=/dev/null -o BatchMode=yes -o ExitOnForwardFailure=yes \
		-w 0:0 -N root@192.0.2.2
	W_SSH=$W_PID
	w_wait 5 ip -n "${P}sb" link show tun0 && w_wait 3 ip -n "${P}sa" link show tun0
	w_setup "ssh -w 0:0 made tun0 at both ends" $?
	# The session process sshd forked for this connection: it holds the server's tun0. It ends
	# with the connection; the client goes first, then the session is waited for.
	W_SSH_SESS=$(awk '{ print $1 }' "/proc/$W_SSHD/task/$W_SSHD/children" 2>/dev/null)
	W_CLEANUP+=("w_wait 3 sh -c '! kill -0 $W_SSH_SESS' || kill $W_SSH_SESS" "kill $W_SSH")
	w_inner sa sb tun0 && ip netns exec "${P}sa" busybox ping -c 2 -i 0.2 -W 1 198.51.100.2 >/dev/null
	w_setup "ping through the ssh tunnel (session pid ${W_SSH_SESS:-none})" $?
	w_reg ssh "$(w_ino sa)" tun0
	w_reg ssh "$(w_ino sb)" tun0
	w_reg ssh "$(w_ino sa)" ul0
	w_reg ssh "$(w_ino sb)" ul0
}

check_ssh_tunnel() {
	local A B
	A=$(w_ino sa)
	B=$(w_ino sb)
	echo "# world h: ssh -w over TCP 22 (ssh pid $W_SSH in ${P}sa; sshd $W_SSHD, session pid $W_SSH_SESS in ${P}sb)"
	w_says ssh "$A" tun0
	w_says ssh "$B" tun0
	w_tunnel_checks ssh "$A" tun0 "$W_SSH" ssh tcp 192.0.2.2 22
	w_tunnel_checks ssh "$B" tun0 "$W_SSH_SESS" sshd tcp 192.0.2.1
	w_underlay_checks ssh sa sb
}

# ----------------------------------------------------------------------------------------------
# i. QuickTun over UDP (raw protocol: no keys), configured through its environment as its
#    ifupdown hook does; the addresses are set afterwards, as the hook would.
world_quicktun() {
	w_have quicktun busybox || return 1
	w_underlay qa qb
	w_bg ip netns exec "${P}qa" env IFACE=qt0 IF_QT_PROTOCOL=raw IF_QT_TUN_MODE=1 \
		IF_QT_LOCAL_ADDRESS=192.0.2.1 IF_QT_LOCAL_PORT=17002 \
		IF_QT_REMOTE_ADDRESS=192.0.2.2 IF_QT_REMOTE_PORT=17002 quicktun
	W_QT_A=$W_PID
	w_bg ip netns exec "${P}qb" env IFACE=qt0 IF_QT_PROTOCOL=raw IF_QT_TUN_MODE=1 \
		IF_QT_LOCAL_ADDRESS=192.0.2.2 IF_QT_LOCAL_PORT=17002 \
		IF_QT_REMOTE_ADDRESS=192.0.2.1 IF_QT_REMOTE_PORT=17002 quicktun
	W_QT_B=$W_PID
	w_wait 3 ip -n "${P}qa" link show qt0 && w_wait 3 ip -n "${P}qb" link show qt0
	w_setup "quicktun made qt0 at both ends" $?
	w_inner qa qb qt0 && ip netns exec "${P}qa" busybox ping -c 2 -i 0.2 -W 1 198.51.100.2 >/dev/null
	w_setup "ping through the quicktun tunnel" $?
	w_reg quicktun "$(w_ino qa)" qt0
	w_reg quicktun "$(w_ino qb)" qt0
	w_reg quicktun "$(w_ino qa)" ul0
	w_reg quicktun "$(w_ino qb)" ul0
}

check_quicktun() {
	local A B
	A=$(w_ino qa)
	B=$(w_ino qb)
	echo "# world i: quicktun over UDP 17002 (pid $W_QT_A in ${P}qa, pid $W_QT_B in ${P}qb)"
	w_says quicktun "$A" qt0
	w_says quicktun "$B" qt0
	w_tunnel_checks quicktun "$A" qt0 "$W_QT_A" quicktun udp 192.0.2.2 17002
	w_tunnel_checks quicktun "$B" qt0 "$W_QT_B" quicktun udp 192.0.2.1 17002
	w_underlay_checks quicktun qa qb
}

# shellcheck disable=SC2034 # used by the scripts that source this file
W_ALL="tcp_tunnel udp_tunnel podman docker leftovers slirp pidns ssh_tunnel quicktun"
