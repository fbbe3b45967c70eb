#!/usr/bin/env bash
# Mesh VPN daemons asked through their local APIs. Neither tailscaled nor zerotier-one is in
# Debian: each is played by ifw-testproc run from a root-owned copy named like the daemon (so the
# executable check passes as it would for the real one), holding the daemon's tun/tap device and
# serving its recorded answers (tests/fixtures/daemons) where the daemon serves them:
#  - "tailscaled" holds a tun and serves the LocalAPI status over a unix socket named
#    tailscaled.sock, chunked as Go's net/http writes it: the tailnet, its three peers (one
#    direct at 203.0.113.10:41641, one relayed through DERP, one offline), the mesh addresses;
#  - "zerotier-one" holds a tap and serves /network and /peer on TCP 9993 in its namespace, only
#    to a request with the token of its /var/lib/zerotier-one/authtoken.secret (a bind mount in
#    its own mount namespace: nothing is written to the host's /var/lib);
# and the same daemons that hang, answer garbage, refuse a wrong token or keep their token in a
# file of another user's are given up on, each with a warning, within the run's daemon deadline.
# Needs root (skips otherwise).
. "$(dirname "$0")/lib.sh" || exit 1
[ -d "${T_TMP:-}" ] || { echo "FAIL mesh: no test directory"; exit 1; }
t_need_root
FIX=${IFW_SRC:-.}/tests/fixtures/daemons
for tool in jq timeout mount; do
	command -v "$tool" >/dev/null || { echo "SKIP $T_NAME: needs $tool"; exit 77; }
done
id nobody >/dev/null 2>&1 || { echo "SKIP $T_NAME: needs user nobody"; exit 77; }
[ -f "$FIX/tailscale-status.json" ] || { echo "FAIL $T_NAME: no fixtures in $FIX"; exit 1; }

chmod 0711 "$T_TMP"
t_ns a
t_ns b
t_ns c
t_ns d
mkdir -m 0755 "$T_TMP/rootbin" "$T_TMP/run"
for n in tailscaled zerotier-one; do
	cp "$TESTPROC" "$T_TMP/rootbin/$n" && chmod 0755 "$T_TMP/rootbin/$n"
done

# Tailscale's LocalAPI: GET /localapi/v0/status answers the recorded status.
mkdir -p "$T_TMP/ts/localapi/v0" "$T_TMP/run/ts"
cp "$FIX/tailscale-status.json" "$T_TMP/ts/localapi/v0/status"
touch "$T_TMP/ts/.chunked"
t_bg a "$T_TMP/rootbin/tailscaled" tun "${P}ts0" unixsrv "$T_TMP/run/ts/tailscaled.sock" "http:$T_TMP/ts"
TS=$T_PID

# zerotier-one DIR TOKEN-OWNER IFNAME MODE: a fake zerotier-one whose /var/lib is DIR (its
# token, owned by TOKEN-OWNER, in DIR/zerotier-one), holding tap IFNAME, serving MODE on 9993.
zt_home() {
	mkdir -p "$1/zerotier-one"
	echo "0123456789abcdefghijklmn" >"$1/zerotier-one/authtoken.secret"
	chown "$2" "$1/zerotier-one/authtoken.secret"
	chmod 0600 "$1/zerotier-one/authtoken.secret"
}
zt_run() {
	local ns=$1 lib=$2 dev=$3 mode=$4
	# ip netns exec gives the command a mount namespace of its own: the bind mount stays there.
	t_bg "$ns" sh -c 'mount --bind "$1" /var/lib && exec "$2" tap "$3" tcpsrv 0.0.0.0 9993 "$4"' \
		sh "$lib" "$T_TMP/rootbin/zerotier-one" "$dev" "$mode"
}
mkdir -p "$T_TMP/zt"
sed "s/ztmjfmfyq5/${P}zt0/" "$FIX/zerotier-network.json" >"$T_TMP/zt/network"
cp "$FIX/zerotier-peer.json" "$T_TMP/zt/peer"
echo "0123456789abcdefghijklmn" >"$T_TMP/zt/.auth"
zt_home "$T_TMP/ztlib" root
zt_run a "$T_TMP/ztlib" "${P}zt0" "http:$T_TMP/zt"
ZT=$T_PID

start=$(date +%s%N)
t_json --netns "${P}a"
ms=$((($(date +%s%N) - start) / 1000000))
t_true "ifwho finished (rc $T_RC) in $ms ms" "$([ "$T_RC" = 0 ] && echo 0 || echo 1)"
TSI=$(t_iface a "${P}ts0")
t_check "tailscaled (pid $TS) holds ${P}ts0" "$TSI | any(.held_by[]; .process.pid == $TS)"
t_check "three Tailscale sessions from the LocalAPI, in tailnet user@example.com" \
	"[$TSI | .tunnel.sas[] | select(.source == \"tailscale localapi\" and .daemon == \"tailscaled\" and .version == \"Tailscale\" and .name == \"user@example.com\" and .interface == \"${P}ts0\")] | length == 3"
t_check "the direct peer: its name, mesh addresses, endpoint, counters" \
	"$TSI | any(.tunnel.sas[]; .remote_id == \"laptop.example-tailnet.ts.net\" and .state == \"direct\" and .remote == \"203.0.113.10\" and .remote_port == 41641 and .remote_virtual_ips == [\"100.64.0.2\", \"fd7a:115c:a1e0::2\"] and .bytes_in == 48392 and .last_handshake == 1796597832)"
t_check "this node's mesh addresses" \
	"$TSI | all(.tunnel.sas[]; .virtual_ips == [\"100.64.0.1\", \"fd7a:115c:a1e0::1\"])"
t_check "the DERP-relayed peer has no endpoint" \
	"$TSI | any(.tunnel.sas[]; .remote_id == \"phone.example-tailnet.ts.net\" and .state == \"relayed (DERP ams)\" and .remote == null)"
t_check "the offline peer" "$TSI | any(.tunnel.sas[]; .remote_id == \"nas.example-tailnet.ts.net\" and .state == \"offline\")"
t_check "the direct peer's endpoint is the tunnel's far end" \
	"$TSI | any(.tunnel.peers[]; .address == \"203.0.113.10\" and .port == 41641 and .via == \"tailscale localapi\")"
ZTI=$(t_iface a "${P}zt0")
t_check "zerotier-one (pid $ZT) holds ${P}zt0" "$ZTI | any(.held_by[]; .process.pid == $ZT)"
t_check "two ZeroTier members from the service API, in network example-net (the root is not one)" \
	"[$ZTI | .tunnel.sas[] | select(.source == \"zerotier service\" and .name == \"example-net\" and .interface == \"${P}zt0\")] | length == 2"
t_check "the member reached directly, on its active path" \
	"$ZTI | any(.tunnel.sas[]; .remote_id == \"a1b2c3d4e5\" and .state == \"direct\" and .remote == \"203.0.113.20\" and .remote_port == 9993 and .virtual_ips == [\"198.51.100.7/24\", \"fd00:5a:5a::7/88\"])"
t_check "the member without a path is relayed" \
	"$ZTI | any(.tunnel.sas[]; .remote_id == \"0f9e8d7c6b\" and .state == \"relayed (no direct path)\" and .remote == null)"
t_check "no warning about either daemon" \
	'[.warnings[] | select(test("tailscaled|zerotier-one"))] | length == 0'
t_text --netns "${P}a" "${P}ts0"
t_grep "the verdict names the tailnet and its peers" \
	"${P}ts0: Tailscale WireGuard tunnel in network user@example\\.com \\(3 peers, 1 direct\\) +\\[certain\\]"
t_grep "the text names the tailnet, the peer and how it is reached" \
	"Tailscale network user@example\\.com as 100\\.64\\.0\\.1: peer laptop\\.example-tailnet\\.ts\\.net \\(100\\.64\\.0\\.2\\) direct 203\\.0\\.113\\.10:41641"
t_text --netns "${P}a" "${P}zt0"
t_grep "the text names the ZeroTier network and member" \
	"ZeroTier network example-net as 198\\.51\\.100\\.7/24: peer a1b2c3d4e5 direct 203\\.0\\.113\\.20:9993"

echo "== daemons that hang, answer garbage, refuse the token or keep it in someone else's file"
mkdir -p "$T_TMP/run/ts/g" "$T_TMP/run/ts/h"
t_bg b "$T_TMP/rootbin/tailscaled" tun "${P}tsh" unixsrv "$T_TMP/run/ts/h/tailscaled.sock" hang
TSH=$T_PID
t_bg b "$T_TMP/rootbin/tailscaled" tun "${P}tsg" unixsrv "$T_TMP/run/ts/g/tailscaled.sock" garbage
TSG=$T_PID
# The right token at the daemon, another one in its file: it answers 401.
mkdir -p "$T_TMP/ztw"
cp "$T_TMP/zt/network" "$T_TMP/zt/peer" "$T_TMP/ztw/"
echo "anothertokenanothertoken" >"$T_TMP/ztw/.auth"
zt_run b "$T_TMP/ztlib" "${P}ztw" "http:$T_TMP/ztw"
ZTW=$T_PID
zt_home "$T_TMP/ztlibh" root
zt_run c "$T_TMP/ztlibh" "${P}zth" hang
ZTH=$T_PID
zt_home "$T_TMP/ztlibn" nobody
zt_run d "$T_TMP/ztlibn" "${P}ztn" "http:$T_TMP/zt"
ZTN=$T_PID
for ns in b c d; do
	start=$(date +%s%N)
	t_json --netns "${P}$ns"
	ms=$((($(date +%s%N) - start) / 1000000))
	t_true "ifwho in ${P}$ns finished (rc $T_RC) in $ms ms, under 10 s" \
		"$([ "$T_RC" = 0 ] && [ "$ms" -lt 10000 ] && echo 0 || echo 1)"
	cp "$T_JSON" "$T_TMP/out-$ns.json"
done
T_JSON=$T_TMP/out-b.json
t_check "the hanging tailscaled (pid $TSH) is given up on at its deadline" \
	"any(.warnings[]; test(\"could not ask tailscaled \\\\(pid $TSH\\\\) about ${P}tsh's tailnet at .*tailscaled.sock: no complete answer within 150 ms\"))"
t_check "the garbage of tailscaled (pid $TSG) is refused" \
	"any(.warnings[]; test(\"could not ask tailscaled \\\\(pid $TSG\\\\) about ${P}tsg's tailnet.*not HTTP\"))"
t_check "zerotier-one (pid $ZTW) refusing the token: warned with its 401" \
	"any(.warnings[]; test(\"could not ask zerotier-one \\\\(pid $ZTW\\\\) about ${P}ztw's ZeroTier network.*HTTP status 401\"))"
t_check "no session from any of them" "[.interfaces[] | .tunnel.sas[]?] | length == 0"
T_JSON=$T_TMP/out-c.json
t_check "the hanging zerotier-one (pid $ZTH) is given up on at its deadline" \
	"any(.warnings[]; test(\"could not ask zerotier-one \\\\(pid $ZTH\\\\) about ${P}zth's ZeroTier network.*no complete answer within 150 ms\"))"
T_JSON=$T_TMP/out-d.json
t_check "zerotier-one (pid $ZTN) whose token file is nobody's is not asked" \
	"any(.warnings[]; test(\"could not ask zerotier-one \\\\(pid $ZTN\\\\) about ${P}ztn's .*not a file of root's or its user's\"))"
t_check "no session from it" "[.interfaces[] | .tunnel.sas[]?] | length == 0"

echo "== the socket, port and home their command lines name"
# A tailscaled whose socket has another name (--socket=PATH), a zerotier-one on -p19993 with
# its home (and token) in the directory its command line names: no bind mount needed.
t_ns e
mkdir -p "$T_TMP/run/ts/e" "$T_TMP/zthome"
t_bg e "$T_TMP/rootbin/tailscaled" tun "${P}tse" unixsrv "$T_TMP/run/ts/e/api.sock" "http:$T_TMP/ts" \
	pad --socket="$T_TMP/run/ts/e/api.sock"
cp "$T_TMP/ztlib/zerotier-one/authtoken.secret" "$T_TMP/zthome/"
mkdir -p "$T_TMP/zte"
sed "s/${P}zt0/${P}zte/" "$T_TMP/zt/network" >"$T_TMP/zte/network"
cp "$T_TMP/zt/peer" "$T_TMP/zt/.auth" "$T_TMP/zte/"
t_bg e "$T_TMP/rootbin/zerotier-one" tap "${P}zte" tcpsrv 0.0.0.0 19993 "http:$T_TMP/zte" \
	pad -p19993 "$T_TMP/zthome"
t_json --netns "${P}e"
t_check "tailscaled asked at its --socket" \
	"[$(t_iface e "${P}tse") | .tunnel.sas[] | select(.source == \"tailscale localapi\")] | length == 3"
t_check "zerotier-one asked on its -p port with its home's token" \
	"[$(t_iface e "${P}zte") | .tunnel.sas[] | select(.source == \"zerotier service\")] | length == 2"
t_check "no warning about either" '[.warnings[] | select(test("tailscaled|zerotier-one"))] | length == 0'

echo "== --no-daemons asks neither"
t_json --netns "${P}a" --no-daemons
t_check "no mesh session" '[.interfaces[] | .tunnel.sas[]? | select(.source == "tailscale localapi" or .source == "zerotier service")] | length == 0'
t_done
