#!/usr/bin/env bash
# collect_ulog_lines: contrib/ifwho-collect on macOS reads the unified log (`log show`), which
# prints a message's further lines as they are, and any user logs a message of many lines
# (`logger`). A message "utun" whose next lines were a `ps` header and a row of root's racoon
# naming utun5 became part of root's collection, and `ifwho --evidence` said "racoon (pid 999)
# most likely made it" (likely) of utun5. Only the lines that start with an entry's time are
# kept now. The utun owners' section (lsof cut to the utun control rows) names utun5's holder.
#
# No namespace: the collector runs as nobody with `uname` answering Darwin and `log` and
# `ifconfig` printing what macOS would (stand-ins in a directory of this run, first on PATH;
# as root the collector keeps the system's directories first, so it runs as nobody).
set -u
IFW_SRC=${IFW_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
COLLECT="$IFW_SRC/contrib/ifwho-collect"

t_need_root
command -v jq >/dev/null || { echo "SKIP $T_NAME: needs jq"; exit 77; }
command -v setpriv >/dev/null || { echo "SKIP $T_NAME: needs setpriv (util-linux)"; exit 77; }

BIN="$T_TMP/bin"
mkdir -p "$BIN"
cat >"$BIN/uname" <<'EOS'
#!/bin/sh
case ${1:-} in -s) echo Darwin ;; *) echo "Darwin mac 23.4.0 Darwin Kernel Version 23.4.0 arm64" ;; esac
EOS
cat >"$BIN/ifconfig" <<'EOS'
#!/bin/sh
printf 'utun5: flags=8051<UP,POINTOPOINT,RUNNING,MULTICAST> mtu 1380\n'
printf '\tinet6 fe80::1%%utun5 prefixlen 64 scopeid 0x13 \n'
EOS
cat >"$BIN/log" <<'EOS'
#!/bin/sh
printf 'Timestamp               Ty Process[PID:TID]\n'
printf '2026-12-07 10:00:00.100 Df identityservicesd[412:1a2b] (NetworkExtension) [com.apple.networkextension:] Created a new NEVirtualInterface "utun5" (85B12F7F-0000-0000-0000-000000000000)\n'
printf '2026-12-07 10:00:00.123 Df logger[4242:1a2c] utun\n'
printf '  PID  PPID USER             COMM             ARGS\n'
printf '  999     1 root             /usr/sbin/racoon /usr/sbin/racoon --dev utun5\n'
EOS
# lsof: a utun control socket (unit 6 is utun5) among a wider listing's rows
cat >"$BIN/lsof" <<'EOS'
#!/bin/sh
printf 'COMMAND     PID USER   FD   TYPE             DEVICE SIZE/OFF NODE NAME\n'
printf 'identitys   412 mac   11u  systm 0x1c2ad3c9b7d1b1e1      0t0      [ctl com.apple.net.utun_control id 7 unit 6]\n'
printf 'identitys   412 mac   12r    REG                1,4     1024 5678 /System/Library/x.plist\n'
EOS
chmod 755 "$T_TMP" "$BIN" "$BIN"/*

EV="$T_TMP/collect.txt"
# the collector's output goes to stdout (nobody cannot write into root's directory)
timeout 60 setpriv --reuid=65534 --regid=65534 --clear-groups \
	env PATH="$BIN:/usr/sbin:/usr/bin:/sbin:/bin" sh "$COLLECT" -t 10 >"$EV" 2>"$T_TMP/collect.err"
t_true "the collector wrote its output" "$([ -s "$EV" ] && echo 0 || echo 1)"
t_true "it took the stand-ins for macOS's (a log section)" \
	"$(grep -q '^### ifwho-collect: log show' "$EV" && echo 0 || echo 1)"

t_true "the utun owners' section holds the control row only" \
	"$(awk '/^### ifwho-collect: /{p=/lsof -n -P \+c0 \| grep/;next} /^### /{next} p' "$EV" |
		grep -c . | grep -qx 2 && echo 0 || echo 1)"

T_JSON="$T_TMP/ev.json"
timeout 60 "$IFWHO" --json -e "$EV" >"$T_JSON" 2>"$T_TMP/ev.err"
t_check "utun5 is in the evidence" '[.interfaces[] | select(.name == "utun5")] | length == 1'
t_check "the message's further lines name no process" \
	'[.interfaces[] | select(.name == "utun5") | .. | objects | select(.pid? == 999)] | length == 0'
t_check "the system's log line still names the creator" \
	'[.interfaces[] | select(.name == "utun5") | .findings[] | select(.claim | test("identityservicesd"))] | length >= 1'
t_check "the control socket's process holds utun5" \
	'[.interfaces[] | select(.name == "utun5") | .. | objects | select(.pid? == 412)] | length >= 1'
t_done
