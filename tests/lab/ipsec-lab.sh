#!/usr/bin/env bash
# ipsec-lab.sh -- test lab for ifwho: a phone doing carrier "Wi-Fi calling".
#
# Usage:  ipsec-lab.sh up | down | status | sip-restart
#
# The world (three network namespaces, all names prefixed with $LAB_PREFIX):
#
#   [phone]                      [nat]                          [epdg]
#   wlan0 192.0.2.10/24 ---- lan0 192.0.2.1/24                  
#     default via 192.0.2.1      wan0 203.0.113.1/24 ---- eth0 203.0.113.10/24
#                                 nftables masquerade          lo   198.51.100.1/32  (SIP server)
#   ipsec0 (TUN, charon)          out of wan0                   lo   fd00:5ca1::1/128  (SIP server, v6)
#     198.51.100.1xx/32 (VIP)                                   ipsec0 (TUN, charon)
#     2001:db8:5ca1:1::1xx/128
#
# - strongSwan charon runs in phone and epdg, IKEv2 + PSK, userspace ESP via the
#   kernel-libipsec plugin (this kernel has no ESP / xfrm interfaces), which gives
#   each side a TUN device called ipsec0.  The phone asks for a virtual IPv4 and
#   IPv6 address (vips = 0.0.0.0, ::) and forces UDP encapsulation (encap = yes);
#   the NAT box really rewrites the phone's address, so NAT-T is real as well.
#   The phone's child SA covers the carrier's "IMS" networks
#   198.51.100.0/24 and fd00:5ca1::/64.
# - sipp UAS listens on 198.51.100.1:5060 and [fd00:5ca1::1]:5060 in epdg; sipp
#   UAC in phone is bound to the phone's virtual addresses and keeps placing
#   short calls through ipsec0 (LAB_SIP_RATE calls/s, ends by itself after
#   LAB_SIP_DURATION seconds; `sip-restart` starts a fresh round).
#
# Each charon has its own /run (a bind mount inside the private mount namespace
# that `ip netns exec` creates), so /var/run/charon.pid and the default vici
# socket /var/run/charon.vici do not clash.  From the host the sockets are
# reachable as $LAB_DIR/<phone|epdg>/run/charon.vici or as
# /proc/<charon pid>/root/run/charon.vici -- but NOT as .../root/var/run/...,
# because /var/run is an absolute symlink that resolves against the caller's
# root (see NOTES.md).  The underlay veths are IPv4-only (IPv6 disabled on them).
#
# Environment:
#   LAB_PREFIX        prefix of namespace names (default "ifwlab-")
#   LAB_DIR           configs, logs, pid files, pcaps (default /tmp/${LAB_PREFIX}lab)
#   LAB_SIP_RATE      calls per second per UAC (default 2)
#   LAB_SIP_DURATION  seconds the UACs keep calling (default 600)
#   LAB_BREAK         testing aid: "psk" gives the ePDG a wrong PSK so `up` fails
#
# `up` verifies its own work and exits non-zero with a message if anything is
# wrong.  On failure it leaves everything in place for inspection (logs in
# $LAB_DIR); `down` cleans up after a failed or partial `up` and is idempotent.
# Processes are only ever killed by recorded pid, and only if they carry this
# lab's marker in their environment (IFWLAB_ID=$LAB_DIR).

set -Eeuo pipefail

LAB_PREFIX=${LAB_PREFIX:-ifwlab-}
LAB_DIR=${LAB_DIR:-/tmp/${LAB_PREFIX}lab}
LAB_SIP_RATE=${LAB_SIP_RATE:-2}
LAB_SIP_DURATION=${LAB_SIP_DURATION:-600}
LAB_BREAK=${LAB_BREAK:-}

NS_PHONE="${LAB_PREFIX}phone"
NS_NAT="${LAB_PREFIX}nat"
NS_EPDG="${LAB_PREFIX}epdg"
ALL_NS=("$NS_PHONE" "$NS_NAT" "$NS_EPDG")

# Addresses (documentation / ULA ranges only).
PHONE_IP=192.0.2.10
NAT_LAN_IP=192.0.2.1
NAT_WAN_IP=203.0.113.1
EPDG_IP=203.0.113.10
SIP4=198.51.100.1
SIP6=fd00:5ca1::1
IMS_NETS="198.51.100.0/24, fd00:5ca1::/64"
POOL4="198.51.100.100-198.51.100.199"
POOL6="2001:db8:5ca1:1::100-2001:db8:5ca1:1::1ff"
SIP_PORT=5060

# Identities: 3GPP-style NAIs with the test PLMN 001/01.
PHONE_ID="0001010000000001@nai.epc.mnc001.mcc001.3gppnetwork.org"
EPDG_ID="epdg.epc.mnc001.mcc001.pub.3gppnetwork.org"
PSK="ifwho-lab-wifi-calling-psk"

CHARON=/usr/lib/ipsec/charon
PLUGIN_DIR=/usr/lib/ipsec/plugins
# Plugins charon loads (load_modular = no).  kernel-libipsec must come before
# kernel-netlink; "resolve" is deliberately absent (it would rewrite resolv.conf).
CHARON_PLUGINS="random nonce drbg aes sha1 sha2 hmac gmp kdf pem pkcs1 pubkey x509 socket-default kernel-libipsec kernel-netlink vici"

# swanctl only needs these for a PSK setup (the default list is long and noisy).
SWANCTL_PLUGINS="random nonce pem pkcs1 pkcs8 pubkey x509"

PIDS_DIR="$LAB_DIR/pids"
STOPPED_PIDS=() # pids killed by this invocation (see all_reaped)
MARKER_FILE="$LAB_DIR/.ifwho-ipsec-lab"

# ---------------------------------------------------------------- helpers ---

log() { printf '[lab %s] %s\n' "$(date +%T.%3N)" "$*" >&2; }
die() {
	printf '\n[lab] FAILED: %s\n' "$*" >&2
	printf '[lab] logs and pcaps are in %s; run "%s down" to clean up\n' "$LAB_DIR" "$0" >&2
	exit 1
}

in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

now_ms() { local t=${EPOCHREALTIME//[!0-9]/}; echo $((t / 1000)); }

# wait_for TIMEOUT_S DESCRIPTION CMD...  -- poll CMD every 100 ms until it
# succeeds; return 1 after TIMEOUT_S seconds.
wait_for() {
	local timeout=$1 what=$2; shift 2
	local deadline=$(($(now_ms) + timeout * 1000))
	while ! "$@" >/dev/null 2>&1; do
		if (($(now_ms) > deadline)); then
			log "timed out after ${timeout}s waiting for: $what"
			return 1
		fi
		sleep 0.1
	done
}

ns_exists() { [[ -e "/run/netns/$1" ]]; }

# A zombie counts as dead: pid 1 in this VM reaps orphans only every ~1.5 s.
pid_alive() {
	local stat
	[[ "$1" =~ ^[0-9]+$ ]] || return 1
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	stat=${stat##*) }
	[[ "${stat%% *}" != Z ]]
}
pid_gone() { ! pid_alive "$1"; }

# True once none of STOPPED_PIDS exists any more, not even as a zombie.
all_reaped() {
	local pid
	for pid in "${STOPPED_PIDS[@]}"; do
		if [[ -e "/proc/$pid" ]]; then return 1; fi
	done
}

# Is PID a process this lab (this LAB_DIR) started?
pid_is_ours() {
	local pid=$1
	pid_alive "$pid" || return 1
	grep -qzxF "IFWLAB_ID=$LAB_DIR" "/proc/$pid/environ" 2>/dev/null
}

pid_of() { if [[ -s "$PIDS_DIR/$1.pid" ]]; then cat "$PIDS_DIR/$1.pid"; fi; }

comm_is() { [[ "$(cat "/proc/$1/comm" 2>/dev/null)" == "$2" ]]; }

# start_bg NAME NS LOGFILE CMD...  -- start CMD inside NS, detached into its
# own session, output to LOGFILE, no inherited fds beyond 0-2 (so a caller
# reading our stdout through a pipe is not kept waiting); records the pid in
# $PIDS_DIR/NAME.pid.  The chain (subshell -> setsid -> ip netns exec -> [sh ->]
# CMD) only ever exec()s -- setsid does not fork because the subshell is not a
# process group leader -- so the recorded pid is the pid of CMD itself.
start_bg() {
	local name=$1 ns=$2 logfile=$3; shift 3
	(
		for fd in /proc/"$BASHPID"/fd/*; do
			fd=${fd##*/}
			if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
		done
		exec setsid ip netns exec "$ns" "$@" </dev/null >"$logfile" 2>&1
	) &
	local pid=$!
	echo "$pid" >"$PIDS_DIR/$name.pid"
	log "started $name (pid $pid) in $ns"
}

# stop_pid NAME -- stop a recorded process (TERM, then KILL after 5 s).
stop_pid() {
	local name=$1 pid
	pid=$(pid_of "$name")
	[[ -n "$pid" ]] || return 0
	if pid_is_ours "$pid"; then
		kill -TERM "$pid" 2>/dev/null || true
		if ! wait_for 5 "$name (pid $pid) to exit" pid_gone "$pid"; then
			kill -KILL "$pid" 2>/dev/null || true
			wait_for 2 "$name (pid $pid) to die" pid_gone "$pid" || true
		fi
		log "stopped $name (pid $pid)"
		STOPPED_PIDS+=("$pid")
	fi
	rm -f "$PIDS_DIR/$name.pid"
}

swanctl_for() {
	local who=$1; shift
	STRONGSWAN_CONF="$LAB_DIR/$who/strongswan.conf" SWANCTL_DIR="$LAB_DIR/$who/swanctl" \
		swanctl "$@" --uri "unix://$LAB_DIR/$who/run/charon.vici"
}

# ------------------------------------------------------------ prerequisites ---

ensure_packages() {
	local missing=()
	[[ -x $CHARON ]] || missing+=(strongswan-charon)
	command -v swanctl >/dev/null || missing+=(strongswan-swanctl)
	[[ -e $PLUGIN_DIR/libstrongswan-kernel-libipsec.so ]] || missing+=(libcharon-extra-plugins)
	command -v sipp >/dev/null || missing+=(sip-tester)
	command -v tcpdump >/dev/null || missing+=(tcpdump)
	command -v nft >/dev/null || missing+=(nftables)
	command -v ip >/dev/null || missing+=(iproute2)
	command -v ss >/dev/null || missing+=(iproute2)
	command -v setsid >/dev/null || missing+=(util-linux)
	((${#missing[@]} == 0)) && return 0
	log "installing missing packages: ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2 ||
		die "apt-get install ${missing[*]} failed"
}

check_prefix() {
	[[ "$LAB_PREFIX" =~ ^[A-Za-z0-9._-]+$ ]] || die "LAB_PREFIX may only contain [A-Za-z0-9._-]"
	[[ "$LAB_DIR" == /* && "$LAB_DIR" != "/" ]] || die "LAB_DIR must be an absolute path other than /"
}

# ------------------------------------------------------------------ network ---

sysctls() {
	local ns=$1 fwd=$2
	in_ns "$ns" sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
	in_ns "$ns" sysctl -qw net.ipv4.ip_forward="$fwd" net.ipv6.conf.all.forwarding="$fwd"
}

build_network() {
	local ns dev
	for ns in "${ALL_NS[@]}"; do
		ip netns add "$ns"
		ip -n "$ns" link set lo up
	done
	sysctls "$NS_PHONE" 0
	sysctls "$NS_NAT" 1
	sysctls "$NS_EPDG" 1

	# phone wlan0 <-> nat lan0, nat wan0 <-> epdg eth0 (created directly in
	# the namespaces, never in the host's).
	ip -n "$NS_PHONE" link add wlan0 type veth peer name lan0 netns "$NS_NAT"
	ip -n "$NS_NAT" link add wan0 type veth peer name eth0 netns "$NS_EPDG"
	for ns in "${ALL_NS[@]}"; do
		for dev in $(ip -n "$ns" -o link show | awk -F': ' '$2 !~ /^lo/ {sub(/@.*/, "", $2); print $2}'); do
			# the underlay is IPv4 only; no IPv6 chatter on the captured veth
			in_ns "$ns" sysctl -qw "net.ipv6.conf.$dev.disable_ipv6=1"
			in_ns "$ns" sysctl -qw "net.ipv4.conf.$dev.rp_filter=0"
			ip -n "$ns" link set "$dev" up
		done
	done

	ip -n "$NS_PHONE" addr add "$PHONE_IP/24" dev wlan0
	ip -n "$NS_PHONE" route add default via "$NAT_LAN_IP"

	ip -n "$NS_NAT" addr add "$NAT_LAN_IP/24" dev lan0
	ip -n "$NS_NAT" addr add "$NAT_WAN_IP/24" dev wan0
	in_ns "$NS_NAT" nft -f - <<-EOF
		table ip ifwlab_nat {
			chain postrouting {
				type nat hook postrouting priority srcnat; policy accept;
				oifname "wan0" masquerade
			}
		}
	EOF

	ip -n "$NS_EPDG" addr add "$EPDG_IP/24" dev eth0
	ip -n "$NS_EPDG" route add default via "$NAT_WAN_IP"
	# The carrier's SIP server (P-CSCF).  This kernel has no dummy driver, so
	# the addresses live on lo, as host routes (a /24 on lo would make the
	# whole pool "local").
	ip -n "$NS_EPDG" addr add "$SIP4/32" dev lo
	ip -n "$NS_EPDG" addr add "$SIP6/128" dev lo

	# Underlay sanity check (before any capture starts).
	if command -v ping >/dev/null; then
		wait_for 5 "phone -> ePDG ping through the NAT" in_ns "$NS_PHONE" ping -n -c 1 -W 1 "$EPDG_IP" ||
			die "phone cannot reach the ePDG at $EPDG_IP"
	fi
}

# ---------------------------------------------------------------- strongSwan ---

write_strongswan_conf() {
	local who=$1
	mkdir -p "$LAB_DIR/$who/run"
	# the usual swanctl credential directories (empty; PSK only), so that
	# `swanctl --load-all` does not complain about missing ones
	local sub
	for sub in x509 x509ca x509ocsp x509aa x509ac x509crl pubkey private rsa ecdsa bliss pkcs8 pkcs12; do
		mkdir -p "$LAB_DIR/$who/swanctl/$sub"
	done
	cat >"$LAB_DIR/$who/strongswan.conf" <<-EOF
		# strongswan.conf for the lab's $who (written by ipsec-lab.sh)
		charon {
		    load_modular = no
		    load = $CHARON_PLUGINS
		    filelog {
		        lab {
		            path = $LAB_DIR/$who/charon.log
		            time_format = %H:%M:%S
		            append = no
		            flush_line = yes
		            default = 1
		            ike = 2
		            cfg = 2
		            knl = 2
		            esp = 1
		        }
		    }
		    syslog {
		        daemon {
		            default = -1
		        }
		        auth {
		            default = -1
		        }
		    }
		    plugins {
		        vici {
		            # the default path; /run is private to this charon
		            socket = unix:///var/run/charon.vici
		        }
		    }
		}
		swanctl {
		    load = $SWANCTL_PLUGINS
		    socket = unix://$LAB_DIR/$who/run/charon.vici
		}
	EOF
}

write_swanctl_phone() {
	cat >"$LAB_DIR/phone/swanctl/swanctl.conf" <<-EOF
		connections {
		    wifi-calling {
		        version = 2
		        local_addrs = $PHONE_IP
		        remote_addrs = $EPDG_IP
		        encap = yes
		        vips = 0.0.0.0, ::
		        proposals = aes256-sha256-modp2048
		        dpd_delay = 60s
		        local {
		            auth = psk
		            id = $PHONE_ID
		        }
		        remote {
		            auth = psk
		            id = $EPDG_ID
		        }
		        children {
		            ims {
		                remote_ts = $IMS_NETS
		                esp_proposals = aes128-sha256
		                start_action = none
		            }
		        }
		    }
		}
		secrets {
		    ike-wifi-calling {
		        id-phone = $PHONE_ID
		        id-epdg = $EPDG_ID
		        secret = "$PSK"
		    }
		}
	EOF
}

write_swanctl_epdg() {
	local psk=$PSK
	[[ "$LAB_BREAK" == psk ]] && psk="deliberately-wrong-psk"
	cat >"$LAB_DIR/epdg/swanctl/swanctl.conf" <<-EOF
		connections {
		    epdg {
		        version = 2
		        local_addrs = $EPDG_IP
		        remote_addrs = %any
		        pools = ims-v4, ims-v6
		        proposals = aes256-sha256-modp2048
		        dpd_delay = 60s
		        local {
		            auth = psk
		            id = $EPDG_ID
		        }
		        remote {
		            auth = psk
		        }
		        children {
		            ims {
		                local_ts = $IMS_NETS
		                esp_proposals = aes128-sha256
		            }
		        }
		    }
		}
		pools {
		    ims-v4 {
		        addrs = $POOL4
		    }
		    ims-v6 {
		        addrs = $POOL6
		    }
		}
		secrets {
		    ike-wifi-calling {
		        id-phone = $PHONE_ID
		        id-epdg = $EPDG_ID
		        secret = "$psk"
		    }
		}
	EOF
}

start_charon() {
	local who=$1 ns=$2 pid
	write_strongswan_conf "$who"
	# ip netns exec runs us in a fresh private mount namespace; bind our own
	# directory over /run there so pid file and vici socket are per instance.
	# shellcheck disable=SC2016 # $0 / $@ belong to the inner sh
	start_bg "charon-$who" "$ns" "$LAB_DIR/$who/charon.out" \
		env STRONGSWAN_CONF="$LAB_DIR/$who/strongswan.conf" \
		sh -c 'mount --bind "$0" /run && exec "$@"' "$LAB_DIR/$who/run" "$CHARON"
	pid=$(pid_of "charon-$who")
	wait_for 10 "charon ($who) vici socket" test -S "$LAB_DIR/$who/run/charon.vici" || {
		tail -n 20 "$LAB_DIR/$who/charon.out" "$LAB_DIR/$who/charon.log" >&2 || true
		die "charon for $who did not come up"
	}
	comm_is "$pid" charon || die "recorded pid $pid for $who is not charon"
}

load_swanctl() {
	local who=$1
	swanctl_for "$who" --load-all --file "$LAB_DIR/$who/swanctl/swanctl.conf" \
		>"$LAB_DIR/$who/swanctl-load.log" 2>&1 || {
		cat "$LAB_DIR/$who/swanctl-load.log" >&2
		die "swanctl --load-all failed for $who"
	}
}

# ----------------------------------------------------------------- captures ---

# start_capture NAME NS IFACE PCAP [FILTER...] -- tcpdump in the background,
# returns once tcpdump reports it is listening.  --immediate-mode plus -U: each
# packet reaches the pcap file at once (otherwise packets sit in the capture
# ring for a while and are lost when the capture is stopped early).
start_capture() {
	local name=$1 ns=$2 iface=$3 pcap=$4; shift 4
	start_bg "$name" "$ns" "$LAB_DIR/$name.tcpdump.log" \
		tcpdump -i "$iface" -nn -U --immediate-mode -Z root -s 0 -w "$pcap" "$@"
	wait_for 5 "tcpdump on $ns/$iface" grep -q 'listening on' "$LAB_DIR/$name.tcpdump.log" ||
		die "tcpdump on $ns/$iface did not start: $(cat "$LAB_DIR/$name.tcpdump.log")"
}

# stop_capture NAME -- SIGINT so tcpdump flushes and closes the pcap.
stop_capture() {
	local name=$1 pid
	pid=$(pid_of "$name")
	if [[ -n "$pid" ]] && pid_is_ours "$pid"; then
		kill -INT "$pid" 2>/dev/null || true
		wait_for 5 "tcpdump $name to exit" pid_gone "$pid" || kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -f "$PIDS_DIR/$name.pid"
}

# pcap_lines PCAP FILTER... -- one decoded line per matching packet, starting
# with its epoch timestamp.
pcap_lines() {
	local pcap=$1; shift
	tcpdump -tt -nn -r "$pcap" "$@" 2>/dev/null
}

# The phone's Wi-Fi must carry IKE_SA_INIT on UDP 500, then only UDP 4500
# (IKE and ESP-in-UDP) -- nothing else, in particular no clear-text SIP.
check_underlay() {
	local pcap=$LAB_DIR/underlay-wlan0.pcap
	local n500 n4500 nesp nother t_last500 t_first4500
	n500=$(pcap_lines "$pcap" 'udp port 500' | wc -l)
	n4500=$(pcap_lines "$pcap" 'udp port 4500' | wc -l)
	nesp=$(pcap_lines "$pcap" 'udp port 4500' | grep -c 'UDP-encap: ESP' || true)
	nother=$(pcap_lines "$pcap" 'not (udp port 500 or udp port 4500 or arp)' | wc -l)
	t_last500=$(pcap_lines "$pcap" 'udp port 500' | awk 'END {print $1}')
	t_first4500=$(pcap_lines "$pcap" 'udp port 4500' | awk 'NR == 1 {print $1}')
	log "underlay wlan0: $n500 pkts on udp/500, $n4500 on udp/4500 ($nesp ESP-in-UDP), $nother other"
	((n500 >= 2)) || die "underlay: expected IKE_SA_INIT (>= 2 packets) on UDP 500, saw $n500"
	pcap_lines "$pcap" 'udp port 500' | awk 'NR == 1' | grep -q "$PHONE_IP.500 > $EPDG_IP.500: isakmp" ||
		die "underlay: first UDP 500 packet is not the phone's IKE_SA_INIT"
	((n4500 > 0)) || die "underlay: nothing on UDP 4500 (no NAT-T float?)"
	awk -v a="$t_last500" -v b="$t_first4500" 'BEGIN {exit !(a < b)}' ||
		die "underlay: a UDP 500 packet (t=$t_last500) came after the first UDP 4500 packet (t=$t_first4500)"
	((nesp > 0)) || die "underlay: no ESP-in-UDP on port 4500"
	((nother == 0)) || {
		pcap_lines "$pcap" 'not (udp port 500 or udp port 4500 or arp)' | awk 'NR <= 10' >&2
		die "underlay: $nother packets that are neither UDP 500/4500 nor ARP"
	}
}

# SIP must be visible in clear on ipsec0, both directions, IPv4 and IPv6.
check_sip_on_ipsec0() {
	local pcap=$1 vip4=$2 vip6=$3 n
	for flow in "$vip4.$SIP_PORT > $SIP4.$SIP_PORT" "$SIP4.$SIP_PORT > $vip4.$SIP_PORT" \
		"$vip6.$SIP_PORT > $SIP6.$SIP_PORT" "$SIP6.$SIP_PORT > $vip6.$SIP_PORT"; do
		n=$(pcap_lines "$pcap" | grep -cF " $flow: " || true)
		((n > 0)) || die "ipsec0: no SIP packets $flow"
	done
	log "ipsec0: SIP seen in both directions over IPv4 and IPv6 ($(pcap_lines "$pcap" | wc -l) pkts)"
}

# -------------------------------------------------------------------- SIP ---

vip_of_phone() {
	local fam=$1
	ip -n "$NS_PHONE" "-$fam" -o addr show dev ipsec0 scope global -tentative 2>/dev/null |
		awk 'NR == 1 {sub(/\/.*/, "", $4); print $4}'
}

start_sip() {
	local vip4 vip6 calls
	vip4=$(vip_of_phone 4)
	vip6=$(vip_of_phone 6)
	[[ -n "$vip4" && -n "$vip6" ]] || die "phone has no virtual IPs on ipsec0"
	calls=$((LAB_SIP_RATE * LAB_SIP_DURATION))
	mkdir -p "$LAB_DIR/sip"

	local uas_common=(sipp -sn uas -p "$SIP_PORT" -nostdin -timeout "$((LAB_SIP_DURATION + 120))s")
	start_bg sipp-uas4 "$NS_EPDG" "$LAB_DIR/sip/uas4.out" "${uas_common[@]}" -i "$SIP4" -cp 8888
	start_bg sipp-uas6 "$NS_EPDG" "$LAB_DIR/sip/uas6.out" "${uas_common[@]}" -i "$SIP6" -cp 8887
	wait_for 5 "SIP server sockets" bash -c \
		"ip netns exec '$NS_EPDG' ss -Hnlu 'sport = :$SIP_PORT' | grep -q '$SIP4' &&
		 ip netns exec '$NS_EPDG' ss -Hnlu 'sport = :$SIP_PORT' | grep -q '$SIP6'" ||
		die "sipp UAS did not bind $SIP4 / $SIP6 port $SIP_PORT"

	local uac_common=(sipp -sn uac -p "$SIP_PORT" -nostdin -r "$LAB_SIP_RATE" -rp 1000 -d 500
		-m "$calls" -timeout "${LAB_SIP_DURATION}s" -s ims-test)
	start_bg sipp-uac4 "$NS_PHONE" "$LAB_DIR/sip/uac4.out" "${uac_common[@]}" -i "$vip4" -cp 8888 \
		-trace_stat -stf "$LAB_DIR/sip/uac4.csv" -fd 5 "$SIP4:$SIP_PORT"
	start_bg sipp-uac6 "$NS_PHONE" "$LAB_DIR/sip/uac6.out" "${uac_common[@]}" -i "$vip6" -cp 8887 \
		-trace_stat -stf "$LAB_DIR/sip/uac6.csv" -fd 5 "[$SIP6]:$SIP_PORT"
}

stop_sip() {
	local p
	for p in sipp-uac4 sipp-uac6 sipp-uas4 sipp-uas6; do stop_pid "$p"; done
}

# --------------------------------------------------------------- commands ---

cmd_up() {
	local t0 vip4 vip6 sas_phone sas_epdg
	t0=$(now_ms)
	check_prefix
	[[ $EUID -eq 0 ]] || die "must run as root"
	for ns in "${ALL_NS[@]}"; do
		if ns_exists "$ns"; then die "namespace $ns already exists; run '$0 down' first"; fi
	done
	if [[ -e "$LAB_DIR" ]]; then die "$LAB_DIR already exists; run '$0 down' first"; fi
	ensure_packages
	# Any unexpected command failure from here on is reported, not silent.
	trap 'die "unexpected failure (line $LINENO): $BASH_COMMAND"' ERR

	mkdir -p "$PIDS_DIR"
	echo "ifwho ipsec lab, prefix $LAB_PREFIX" >"$MARKER_FILE"
	export IFWLAB_ID="$LAB_DIR"

	log "building namespaces ${ALL_NS[*]}"
	build_network

	# Capture the phone's Wi-Fi before any IKE packet is sent.
	start_capture cap-underlay "$NS_PHONE" wlan0 "$LAB_DIR/underlay-wlan0.pcap"

	start_charon epdg "$NS_EPDG"
	start_charon phone "$NS_PHONE"
	write_swanctl_epdg
	write_swanctl_phone
	load_swanctl epdg
	load_swanctl phone

	log "phone: initiating IKE SA wifi-calling / CHILD SA ims"
	swanctl_for phone --initiate --child ims --timeout 10 >"$LAB_DIR/phone/initiate.log" 2>&1 || {
		tail -n 15 "$LAB_DIR/phone/initiate.log" >&2
		die "IKE/CHILD SA negotiation failed (see $LAB_DIR/phone/charon.log)"
	}
	# (outputs are captured first: `cmd | grep -q` can SIGPIPE cmd under pipefail)
	sas_phone=$(swanctl_for phone --list-sas 2>&1) || die "swanctl --list-sas (phone) failed"
	sas_epdg=$(swanctl_for epdg --list-sas 2>&1) || die "swanctl --list-sas (ePDG) failed"
	grep -q 'wifi-calling: #[0-9]*, ESTABLISHED' <<<"$sas_phone" || die "phone: IKE SA not ESTABLISHED"
	grep -q 'ims: #[0-9]*, .*INSTALLED' <<<"$sas_phone" || die "phone: CHILD SA not INSTALLED"
	grep -q 'epdg: #[0-9]*, ESTABLISHED' <<<"$sas_epdg" || die "ePDG: IKE SA not ESTABLISHED"

	wait_for 5 "phone ipsec0 with virtual IPv4 and IPv6" \
		bash -c "[[ -n \"\$(ip -n '$NS_PHONE' -4 -o addr show dev ipsec0 scope global)\" &&
			-n \"\$(ip -n '$NS_PHONE' -6 -o addr show dev ipsec0 scope global -tentative)\" ]]" ||
		die "phone: ipsec0 missing or without virtual IPs"
	vip4=$(vip_of_phone 4)
	vip6=$(vip_of_phone 6)
	log "phone: ipsec0 up with $vip4 and $vip6"

	start_capture cap-ipsec0 "$NS_PHONE" ipsec0 "$LAB_DIR/sip-ipsec0.pcap" udp port "$SIP_PORT"
	start_sip
	# One call every 1/RATE s: INVITE/100/180/200/ACK within well under 3 s.
	wait_for 6 "SIP over ipsec0 in both directions" bash -c \
		"tcpdump -nn -r '$LAB_DIR/sip-ipsec0.pcap' 2>/dev/null | grep -q '$SIP4.$SIP_PORT > ' &&
		 tcpdump -nn -r '$LAB_DIR/sip-ipsec0.pcap' 2>/dev/null | grep -q '$SIP6.$SIP_PORT > '" || true
	wait_for 5 "ESP-in-UDP on the phone's wlan0" bash -c \
		"tcpdump -nn -r '$LAB_DIR/underlay-wlan0.pcap' 'udp port 4500' 2>/dev/null | grep -q 'UDP-encap: ESP'" || true
	stop_capture cap-ipsec0
	stop_capture cap-underlay
	check_sip_on_ipsec0 "$LAB_DIR/sip-ipsec0.pcap" "$vip4" "$vip6"
	check_underlay

	local pid
	for p in charon-phone charon-epdg sipp-uas4 sipp-uas6 sipp-uac4 sipp-uac6; do
		pid=$(pid_of "$p")
		pid_is_ours "$pid" || die "$p (pid ${pid:-none}) is not running"
	done
	log "lab is up in $(($(now_ms) - t0)) ms (LAB_DIR=$LAB_DIR)"
}

cmd_down() {
	check_prefix
	local p pid ns
	if [[ -d "$LAB_DIR" && ! -e "$MARKER_FILE" ]]; then
		die "$LAB_DIR exists but is not a lab directory (no $MARKER_FILE); not touching it"
	fi
	if [[ -d "$PIDS_DIR" ]]; then
		for p in sipp-uac4 sipp-uac6 sipp-uas4 sipp-uas6 cap-ipsec0 cap-underlay charon-phone charon-epdg; do
			stop_pid "$p"
		done
		for p in "$PIDS_DIR"/*.pid; do # anything else recorded
			if [[ -e "$p" ]]; then stop_pid "$(basename "$p" .pid)"; fi
		done
	fi
	# Safety net: lab processes still inside the lab namespaces (e.g. pid file lost).
	for ns in "${ALL_NS[@]}"; do
		ns_exists "$ns" || continue
		for pid in $(ip netns pids "$ns" 2>/dev/null); do
			if pid_is_ours "$pid"; then
				log "killing leftover lab process $pid ($(cat "/proc/$pid/comm" 2>/dev/null)) in $ns"
				kill -KILL "$pid" 2>/dev/null || true
				STOPPED_PIDS+=("$pid")
			fi
		done
	done
	for ns in "${ALL_NS[@]}"; do
		if ns_exists "$ns"; then
			ip netns del "$ns"
			log "deleted namespace $ns"
		fi
	done
	# Killed processes are orphans; pid 1 reaps them with some delay.  Wait a
	# little so that `down` really leaves nothing behind, not even zombies.
	wait_for 5 "stopped processes to be reaped" all_reaped || true
	if [[ -d "$LAB_DIR" ]]; then
		rm -rf -- "$LAB_DIR"
		log "removed $LAB_DIR"
	fi
	log "down: done"
}

cmd_sip_restart() {
	local p
	check_prefix
	if ! ns_exists "$NS_PHONE" || [[ ! -d "$PIDS_DIR" ]]; then die "lab is not up"; fi
	export IFWLAB_ID="$LAB_DIR"
	stop_sip
	start_sip
	sleep 0.5
	for p in sipp-uas4 sipp-uas6 sipp-uac4 sipp-uac6; do
		pid_is_ours "$(pid_of "$p")" || die "$p did not stay up (see $LAB_DIR/sip/)"
	done
	log "SIP restarted"
}

cmd_status() {
	check_prefix
	local ns p pid state who
	echo "== lab $LAB_PREFIX  (LAB_DIR=$LAB_DIR)"
	echo "-- namespaces"
	for ns in "${ALL_NS[@]}"; do
		if ns_exists "$ns"; then echo "  $ns: present"; else echo "  $ns: absent"; fi
	done
	echo "-- processes"
	for p in charon-phone charon-epdg sipp-uas4 sipp-uas6 sipp-uac4 sipp-uac6 cap-underlay cap-ipsec0; do
		pid=$(pid_of "$p")
		if [[ -z "$pid" && "$p" == cap-* ]]; then
			continue # captures only run during `up`
		elif [[ -z "$pid" ]]; then
			state="not recorded"
		elif pid_is_ours "$pid"; then
			state="pid $pid alive ($(cat "/proc/$pid/comm"))"
		else
			state="pid $pid DEAD"
		fi
		printf '  %-14s %s\n' "$p" "$state"
	done
	for who in phone epdg; do
		echo "-- $who: swanctl --list-sas (vici $LAB_DIR/$who/run/charon.vici)"
		if [[ -S "$LAB_DIR/$who/run/charon.vici" ]]; then
			swanctl_for "$who" --list-sas 2>&1 | sed 's/^/  /' || true
		else
			echo "  (no vici socket)"
		fi
	done
	for ns in "$NS_PHONE" "$NS_EPDG"; do
		echo "-- $ns: ipsec0"
		if ns_exists "$ns" && ip -n "$ns" link show ipsec0 >/dev/null 2>&1; then
			ip -n "$ns" -br addr show dev ipsec0 | sed 's/^/  /'
		else
			echo "  (no ipsec0)"
		fi
	done
	for p in uac4 uac6; do
		if [[ -s "$LAB_DIR/sip/$p.csv" ]]; then
			echo "-- sipp $p (statistics dumped every 5 s)"
			awk -F';' 'NR == 1 {for (i = 1; i <= NF; i++) col[$i] = i; next}
				{last = $0} END {if (last == "") {print "  (no statistics yet)"; exit}
				split(last, v, ";");
				printf "  calls created %s, successful %s, failed %s\n",
					v[col["TotalCallCreated"]], v[col["SuccessfulCall(C)"]], v[col["FailedCall(C)"]]}' \
				"$LAB_DIR/sip/$p.csv"
		fi
	done
}

main() {
	local cmd=${1:-}
	case "$cmd" in
	up) cmd_up ;;
	down) cmd_down ;;
	status) cmd_status ;;
	sip-restart) cmd_sip_restart ;;
	*)
		echo "usage: $0 up|down|status|sip-restart" >&2
		exit 2
		;;
	esac
}

main "$@"
