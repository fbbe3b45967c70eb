#!/bin/bash
# Configuration as creator: interfaces made with `ip link add` (no process holds them) whose
# names are declared under a fake configuration root (IFWHO_CONFIG_ROOT). A bridge declared by a
# systemd-networkd .netdev of kind bridge names that file as its creator; a macvlan declared by an
# ifupdown stanza (pre-up ip link add $IFACE ... type macvlan) likewise (this kernel has no
# 8021q, so no VLAN); an interface whose declared kind differs (a "bridge" .netdev for a
# dummy-less veth) is not attributed, only noted; a wg-quick file's PrivateKey never appears.
. "$(dirname "$0")/lib.sh"
t_need_root

t_ns a
NS="${P}a"
BR="${P}br"   # declared by a .netdev, kind bridge: the creator
VL="${P}mv"   # declared by /etc/network/interfaces (pre-up ip link add): the creator
VE="${P}ve"   # declared as a bridge, but a veth: not the creator
[ ${#VL} -le 15 ] || { echo "FAIL configs: name too long: $VL"; exit 1; }
ip -n "$NS" link add "$BR" type bridge || exit 1
ip -n "$NS" link add "${P}vp" type veth peer name "$VE" || exit 1
ip -n "$NS" link add link "${P}vp" name "$VL" type macvlan mode bridge || exit 1

ROOT="$T_TMP/root"
mkdir -p "$ROOT/etc/systemd/network" "$ROOT/etc/network" "$ROOT/etc/wireguard" \
	"$ROOT/run/systemd/network"
cat >"$ROOT/etc/systemd/network/25-br.netdev" <<EOT
[NetDev]
Name=$BR
Kind=bridge
EOT
cat >"$ROOT/run/systemd/network/30-ve.netdev" <<EOT
[NetDev]
Name=$VE
Kind=bridge
EOT
cat >"$ROOT/etc/network/interfaces" <<EOT
auto $VL
iface $VL inet static
    address 192.0.2.7/24
    pre-up ip link add \$IFACE link ${P}vp type macvlan mode bridge
EOT
SECRET="yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk="
cat >"$ROOT/etc/wireguard/${P}wg.conf" <<EOT
[Interface]
PrivateKey = $SECRET
[Peer]
PublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=
PresharedKey = $SECRET
Endpoint = 203.0.113.9:51820
EOT
chmod 600 "$ROOT/etc/wireguard/${P}wg.conf"

export IFWHO_CONFIG_ROOT="$ROOT"
T_JSON="$T_TMP/out.json"
timeout 30 ip netns exec "$NS" "$IFWHO" --json >"$T_JSON" 2>"$T_TMP/stderr"
jq -e . "$T_JSON" >/dev/null 2>&1 || { echo "FAIL configs: no JSON"; cat "$T_TMP/stderr"; exit 1; }
unset IFWHO_CONFIG_ROOT

sel() { echo ".interfaces[] | select(.netns == \"$NS\" and .name == \"$1\")"; }
t_check "the bridge names its .netdev as creator" \
	"[$(sel "$BR") | .findings[] | select(.role == \"creator\" and .rule == \"config.declared\" and (.claim | contains(\"/etc/systemd/network/25-br.netdev (systemd-networkd\")))] | length == 1"
t_check "the .netdev is a fact of that finding" \
	"[$(sel "$BR") | .findings[] | select(.rule == \"config.declared\") | .evidence[] | select(.type == \"text\" and .source == \"/etc/systemd/network/25-br.netdev\" and (.text | startswith(\"line 1 declares $BR, bridge\")))] | length == 1"
t_check "the macvlan names /etc/network/interfaces (ifupdown) as creator" \
	"[$(sel "$VL") | .findings[] | select(.role == \"creator\" and (.claim | contains(\"/etc/network/interfaces (ifupdown\")))] | length == 1"
t_check "the veth declared as a bridge is not attributed to the file" \
	"[$(sel "$VE") | .findings[] | select(.role == \"creator\" and (.claim | contains(\"30-ve.netdev\")))] | length == 0"
t_check "the veth's kind conflict is a note" \
	"[$(sel "$VE") | .findings[] | select(.rule == \"config.other-kind\" and .role == \"note\")] | length == 1"
t_check "the undeclared veth end has no config finding" \
	"[$(sel "${P}vp") | .findings[] | select(.rule | startswith(\"config.\"))] | length == 0"
T_CHECKS=$((T_CHECKS + 1))
if grep -rqF -- "$SECRET" "$T_JSON" "$T_TMP/stderr"; then
	echo "  FAIL the wg-quick PrivateKey appears in the output"
	T_FAILS=$((T_FAILS + 1))
else
	echo "  ok   no private or pre-shared key in the output"
fi
# The declarations of a config root apply to the namespace ifwho runs in: run from the host's
# namespace, the same files say nothing about the test namespace's bridge.
IFWHO_CONFIG_ROOT="$ROOT" t_json --netns "$NS"
t_check "the test namespace's bridge is reported from the host's namespace" "[$(sel "$BR")] | length == 1"
t_check "a config root's declarations stay in ifwho's own namespace" \
	"[$(sel "$BR") | .findings[] | select(.rule | startswith(\"config.\"))] | length == 0"

# A configuration root of another user's (IFWHO_CONFIG_ROOT handed to root by `sudo -E`): their
# files declare what they like, and the claim shows /etc/...; they are not read, and say so.
# A group-writable file of root's neither.
if id nobody >/dev/null 2>&1; then
	chmod 0711 "$T_TMP"
	NR="$T_TMP/nobodyroot"
	mkdir -p "$NR/etc/systemd/network" "$NR/run/systemd/network"
	cp "$ROOT/etc/systemd/network/25-br.netdev" "$NR/etc/systemd/network/"
	sed "s/$VE/$VL/" "$ROOT/run/systemd/network/30-ve.netdev" >"$NR/run/systemd/network/31-mv.netdev"
	sed -i 's/Kind=bridge/Kind=macvlan/' "$NR/run/systemd/network/31-mv.netdev"
	chmod 0664 "$NR/run/systemd/network/31-mv.netdev"
	chown -R nobody "$NR/etc"
	IFWHO_CONFIG_ROOT="$NR" timeout 30 ip netns exec "$NS" "$IFWHO" --json >"$T_JSON" 2>"$T_TMP/stderr"
	t_check "nobody's .netdev is no creator for root's bridge" \
		"[$(sel "$BR") | .findings[] | select(.rule | startswith(\"config.\"))] | length == 0"
	t_check "a group-writable file of root's is no creator either" \
		"[$(sel "$VL") | .findings[] | select(.rule | startswith(\"config.\"))] | length == 0"
	t_check "the warnings name both files" \
		"([.warnings[] | select(contains(\"25-br.netdev belongs to uid 65534\"))] | length == 1) and ([.warnings[] | select(contains(\"31-mv.netdev belongs to uid 0 or others may write to it (mode 664)\"))] | length == 1)"
fi
t_done
