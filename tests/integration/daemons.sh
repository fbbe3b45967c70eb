#!/usr/bin/env bash
# Tunnels whose far end only their daemon knows (it sends from an unconnected UDP socket):
# two wireguard-go instances and two OpenVPN processes in two namespaces joined by a veth.
# ifwho must name each far end and say where it read it ("wireguard uapi", "openvpn config",
# "openvpn management"); fake daemons that hang, answer garbage or flood must cost at most
# their deadline and leave a warning, and one that is only named wireguard-go is not asked.
# Keys never appear in ifwho's output.
. "$(dirname "$0")/lib.sh"
t_need_root
for c in wireguard-go wg openvpn ping; do
	command -v "$c" >/dev/null || { echo "SKIP $T_NAME: $c is not installed"; exit 77; }
done
umask 077

SOCKS=()
d_cleanup() {
	t_cleanup
	local s
	for s in "${SOCKS[@]}"; do rm -f "$s"; done
}
trap d_cleanup EXIT

t_ns a
t_ns b
A=${P}a
B=${P}b
ip -n "$A" link add "${P}va" type veth peer name "${P}vb" netns "$B"
ip -n "$A" addr add 192.0.2.1/24 dev "${P}va"
ip -n "$B" addr add 192.0.2.2/24 dev "${P}vb"
ip -n "$A" link set "${P}va" up
ip -n "$B" link set "${P}vb" up

# d_bg NS FILE PATTERN CMD...: CMD in namespace ${P}NS, output in FILE; waits (5 s at most) until
# FILE matches PATTERN or the path PATTERN exists (when it starts with /).
d_bg() {
	local ns=$1 out=$2 pat=$3
	shift 3
	ip netns exec "${P}$ns" "$@" >"$out" 2>&1 &
	T_PID=$!
	T_PIDS+=("$T_PID")
	local i
	for i in $(seq 1 400); do # 20 s: a static-key peer retries after seconds when its first packet finds nobody
		if [ "${pat:0:1}" = / ]; then [ -S "$pat" ] && return 0
		else grep -q -- "$pat" "$out" 2>/dev/null && return 0; fi
		kill -0 "$T_PID" 2>/dev/null || break
		sleep 0.05
	done
	echo "FAIL $T_NAME: $* did not get ready"
	cat "$out"
	exit 1
}

hexkey() { base64 -d <"$1" | od -An -tx1 | tr -d ' \n'; }

# --- WireGuard (wireguard-go), peers configured with wg --------------------------------------
WA=${P}wa
WB=${P}wb
for w in "$WA" "$WB"; do SOCKS+=("/var/run/wireguard/$w.sock"); done
d_bg a "$T_TMP/wa.log" "/var/run/wireguard/$WA.sock" wireguard-go -f "$WA"
WGA=$T_PID
d_bg b "$T_TMP/wb.log" "/var/run/wireguard/$WB.sock" wireguard-go -f "$WB"
wg genkey >"$T_TMP/a.key"
wg genkey >"$T_TMP/b.key"
PUBA=$(wg pubkey <"$T_TMP/a.key")
PUBB=$(wg pubkey <"$T_TMP/b.key")
PUBB_HEX=$(base64 -d <<<"$PUBB" | od -An -tx1 | tr -d ' \n')
ip netns exec "$A" wg set "$WA" listen-port 51820 private-key "$T_TMP/a.key" \
	peer "$PUBB" endpoint 192.0.2.2:51821 allowed-ips 198.51.100.2/32,fd00:99::2/128
ip netns exec "$B" wg set "$WB" listen-port 51821 private-key "$T_TMP/b.key" \
	peer "$PUBA" endpoint 192.0.2.1:51820 allowed-ips 198.51.100.1/32
ip -n "$A" addr add 198.51.100.1/24 dev "$WA"
ip -n "$B" addr add 198.51.100.2/24 dev "$WB"
ip -n "$A" link set "$WA" up
ip -n "$B" link set "$WB" up
ip netns exec "$A" ping -c 2 -i 0.2 -W 2 198.51.100.2 >"$T_TMP/ping" 2>&1
t_true "a ping goes through the WireGuard tunnel" $?

# --- OpenVPN: p2p with a static key; A has a management port, B only its config file ----------
openvpn --genkey secret "$T_TMP/static.key" >/dev/null 2>&1
MPORT=$((20000 + $$ % 20000))
cat >"$T_TMP/a.conf" <<CONF
# p2p, static key (test only)
dev ${P}oa
dev-type tun
proto udp
remote 192.0.2.2 1194
lport 1194
ifconfig 203.0.113.1 203.0.113.2
secret static.key
cipher AES-256-CBC
management 127.0.0.1 $MPORT
status ovpn-a.status 1
CONF
cat >"$T_TMP/b.conf" <<CONF
dev ${P}ob
dev-type tun
proto udp
remote 192.0.2.1 1194
lport 1194
ifconfig 203.0.113.2 203.0.113.1
secret static.key
cipher AES-256-CBC
CONF
d_bg a "$T_TMP/oa.log" "link remote" openvpn --cd "$T_TMP" --config a.conf
# B is started from its directory with a relative --config: resolved through its cwd.
cd "$T_TMP" || exit 1
d_bg b "$T_TMP/ob.log" "Initialization Sequence Completed" openvpn --config b.conf
cd - >/dev/null || exit 1
for i in $(seq 1 400); do
	grep -q "Initialization Sequence Completed" "$T_TMP/oa.log" && break
	sleep 0.05
done
ip netns exec "$A" ping -c 1 -W 2 203.0.113.2 >>"$T_TMP/ping" 2>&1
t_true "a ping goes through the OpenVPN tunnel" $?

# --- OpenVPN server and client (TLS, certificates made here): the server's management unix
# socket lists the client's real address; the client's management port names its server.
HAVE_TLS=0
if command -v openssl >/dev/null; then
	t_ns c
	t_ns d
	C=${P}c
	D=${P}d
	ip -n "$C" link add "${P}vc" type veth peer name "${P}vd" netns "$D"
	ip -n "$C" addr add 192.0.2.11/24 dev "${P}vc"
	ip -n "$D" addr add 192.0.2.12/24 dev "${P}vd"
	ip -n "$C" link set "${P}vc" up
	ip -n "$D" link set "${P}vd" up
	cd "$T_TMP" || exit 1
	ec="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
	openssl req -x509 $ec -keyout ca.key -out ca.crt -days 2 -subj /CN=ifwho-test-ca 2>/dev/null
	for n in server client; do
		openssl req $ec -keyout $n.key -out $n.csr -subj /CN=$n 2>/dev/null
		printf 'keyUsage=digitalSignature,keyAgreement\nextendedKeyUsage=%s\n' "$([ $n = server ] && echo serverAuth || echo clientAuth)" >$n.ext
		openssl x509 -req -in $n.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out $n.crt \
			-days 2 -extfile $n.ext 2>/dev/null
	done
	cd - >/dev/null || exit 1
	MPORT2=$((MPORT + 1))
	cat >"$T_TMP/s.conf" <<CONF
mode server
tls-server
proto udp
port 1194
dev ${P}os
dev-type tun
topology subnet
ifconfig 203.0.113.129 255.255.255.128
ifconfig-pool 203.0.113.130 203.0.113.140
push "topology subnet"
ca ca.crt
cert server.crt
key server.key
dh none
management $T_TMP/s.mgmt unix
CONF
	cat >"$T_TMP/c.conf" <<CONF
client
proto udp
remote 192.0.2.11 1194
nobind
dev ${P}oc
dev-type tun
ca ca.crt
cert client.crt
key client.key
remote-cert-tls server
management 127.0.0.1 $MPORT2
CONF
	d_bg c "$T_TMP/os.log" "Initialization Sequence Completed" openvpn --cd "$T_TMP" --config s.conf
	d_bg d "$T_TMP/oc.log" "Initialization Sequence Completed" openvpn --cd "$T_TMP" --config c.conf
	HAVE_TLS=1
fi

t_json --netns all
JA="$(t_iface a "$WA")"
t_check "wireguard-go: verdict names the far end" "$JA | .verdict.text | contains(\"to 192.0.2.2\")"
t_check "wireguard-go: peer from the UAPI socket" "$JA | any(.tunnel.peers[]; .address == \"192.0.2.2\" and .port == 51821 and .via == \"wireguard uapi\")"
t_check "wireguard-go: session with the peer's key, allowed IPs, handshake" "$JA | any(.tunnel.sas[]; .source == \"wireguard uapi\" and .remote_id == \"$PUBB_HEX\" and .allowed_ips == [\"198.51.100.2/32\", \"fd00:99::2/128\"] and .last_handshake != null and .local_port == 51820 and .protocol == \"udp\" and .interface == \"$WA\")"
t_check "wireguard-go B: its far end is A" "$(t_iface b "$WB") | any(.tunnel.peers[]; .address == \"192.0.2.1\" and .port == 51820 and .via == \"wireguard uapi\")"
OA="$(t_iface a "${P}oa")"
t_check "openvpn A: verdict names the far end" "$OA | .verdict.text | contains(\"to 192.0.2.2 over UDP 1194\")"
t_check "openvpn A: far end from its config" "$OA | any(.tunnel.peers[]; .address == \"192.0.2.2\" and .port == 1194 and .via == \"openvpn config\")"
t_check "openvpn B (config only, relative path): far end from its config" "$(t_iface b "${P}ob") | any(.tunnel.sas[]; .remote == \"192.0.2.1\" and .remote_port == 1194 and .source == \"openvpn config\" and .interface == \"${P}ob\")"
t_check "no warning about the real daemons" "[.warnings[] | select(test(\"OpenVPN|WireGuard|wireguard\"))] | length == 0"
for k in a b; do
	HK=$(hexkey "$T_TMP/$k.key")
	! grep -qiF -e "$(cat "$T_TMP/$k.key")" -e "$HK" "$T_JSON"
	t_true "private key $k appears nowhere in the JSON" $?
done

if [ $HAVE_TLS = 1 ]; then
	t_check "openvpn server: its client's real address from the management socket" "$(t_iface c "${P}os") | any(.tunnel.peers[]; .address == \"192.0.2.12\" and .via == \"openvpn management\")"
	t_check "openvpn server: session names the client's certificate name" "$(t_iface c "${P}os") | any(.tunnel.sas[]; .source == \"openvpn management\" and .name == \"client\" and .remote == \"192.0.2.12\")"
	t_check "openvpn client: verdict names its server" "$(t_iface d "${P}oc") | .verdict.text | contains(\"to 192.0.2.11 over UDP 1194\")"
	# The client's management port is TCP on 127.0.0.1 inside its namespace.
	t_check "openvpn client: management says CONNECTED to its server" "$(t_iface d "${P}oc") | any(.tunnel.sas[]; .source == \"openvpn management\" and .state == \"CONNECTED\" and .remote == \"192.0.2.11\" and .remote_port == 1194)"
fi

t_text "$WA"
t_grep "text: the tunnel line names the endpoint and the source" "UDP \\*:51820 <-> 192\\.0\\.2\\.2:51821.*from wireguard uapi"
t_grep "text: verdict" "^${WA}: WireGuard.* tunnel to 192\\.0\\.2\\.2 over UDP 51821"
t_text "${P}ob"
t_grep "text: OpenVPN B's far end" "UDP \\*:1194 <-> 192\\.0\\.2\\.1:1194.*from openvpn config"

# --no-daemons: nothing asked, the far end is unknown again.
t_json --netns all --no-daemons
t_check "--no-daemons: no session" "$(t_iface a "$WA") | .tunnel.sas == []"

# --- Fake daemons that hang, answer garbage, flood: bounded, warned -------------------------
# They run from a root-owned copy named wireguard-go (as /usr/bin/wireguard-go would be), so
# they pass the executable check and are asked: what is tested here is the conversation.
mkdir -m 0755 "$T_TMP/rootbin"
cp "$TESTPROC" "$T_TMP/rootbin/wireguard-go" && chmod 0755 "$T_TMP/rootbin/wireguard-go"
for mode in hang garbage flood; do
	n=${P}f${mode:0:1}
	SOCKS+=("/var/run/wireguard/$n.sock")
	t_bg a "$T_TMP/rootbin/wireguard-go" tun "$n" unixsrv "/var/run/wireguard/$n.sock" "$mode"
done
# Only its name says wireguard-go (its executable is ifw-testproc): not asked at all.
SOCKS+=("/var/run/wireguard/${P}fn.sock")
t_bg a "$TESTPROC" --name wireguard-go tun "${P}fn" unixsrv "/var/run/wireguard/${P}fn.sock" hang
# A process that calls itself openvpn and names a FIFO as its config: never opened for reading
# (a blocking open would hang the run), only warned about.
mkfifo "$T_TMP/fifo"
t_bg a "$TESTPROC" --name openvpn tun "${P}fo" pad --config "$T_TMP/fifo" --status /dev/zero
t0=$(date +%s%N)
t_json --netns "$A"
ms=$((($(date +%s%N) - t0) / 1000000))
for mode in hang garbage flood; do
	t_check "fake daemon ($mode): warned" "any(.warnings[]; contains(\"${P}f${mode:0:1}\"))"
	t_check "fake daemon ($mode): no session" "$(t_iface a "${P}f${mode:0:1}") | .tunnel.sas == []"
done
t_check "fake openvpn: its FIFO config is refused with a warning" "any(.warnings[]; contains(\"could not read its config file $T_TMP/fifo\"))"
t_check "hang: the warning says it timed out" "any(.warnings[]; contains(\"${P}fh\") and contains(\"100 ms\"))"
t_check "a process only named wireguard-go is not asked: its executable is not the daemon's" "any(.warnings[]; contains(\"${P}fn\") and contains(\"is not the daemon's\"))"
t_check "a process only named wireguard-go: no session" "$(t_iface a "${P}fn") | .tunnel.sas == []"
t_check "real daemons still answered" "$JA | any(.tunnel.peers[]; .via == \"wireguard uapi\")"
echo "       (run with five fake daemons: $ms ms)"
t_true "five bad daemons cost under 2 s" $([ "$ms" -lt 2000 ] && echo 0 || echo 1)

# A WireGuard "server" with 20 peers: the text shows 16 sessions and says how many more.
for k in $(seq 1 19); do
	ip netns exec "$B" wg set "$WB" peer "$(wg genkey | wg pubkey)" \
		endpoint "192.0.2.$((100 + k)):51820" allowed-ips "fd00:200::$k/128"
done
t_text "$WB"
t_grep "text: 20 peers, 4 of them summed up" "\.\.\. and 4 more sessions"
t_json --netns "$B"
t_check "json: all 20 peers" "$(t_iface b "$WB") | (.tunnel.sas | length) == 20"

t_done
