#!/usr/bin/env bash
# The JSON output is valid JSON (jq reads it) whatever the host's strings hold: an alias with
# every control character, quotes, a backslash and invalid UTF-8 (overlong, surrogate,
# truncated), a process name with an escape sequence; a socket list long enough to stream;
# the evidence fixtures and `ifwho ip`. (A \' escape, which JSON does not have, would fail jq.)
. "$(dirname "$0")/lib.sh"
t_need_root
t_ns a
A=${P}a
ip -n "$A" link add jw0 type veth peer name jw1
ip -n "$A" addr add 192.0.2.1/24 dev jw0
ip -n "$A" link set jw0 up
ip -n "$A" link set jw1 up
ctl=$(printf '%b' "$(for i in $(seq 1 31); do printf '\\x%02x' "$i"; done)")
ip -n "$A" link set jw0 alias "${ctl}\"\\'$(printf '\300\257\355\240\200\360\237\230')"
t_bg a "$TESTPROC" --name "$(printf '\033[1m"q"\377')" udp 192.0.2.1 5060 many 192.0.2.1 1500

t_json --netns "$A"
t_true "ifwho succeeds" "$T_RC"
t_true "the output is valid UTF-8" "$(iconv -f UTF-8 -t UTF-8 "$T_JSON" >/dev/null 2>&1 && echo 0 || echo 1)"
t_true "no raw control character but newlines" "$(LC_ALL=C grep -q $'[\001-\011\013-\037]' "$T_JSON" && echo 1 || echo 0)"
I=$(t_iface a jw0)
t_check "the alias reads back: controls, quote, backslash, apostrophe, U+FFFD per bad byte" \
	"$I | .alias == ([range(1;32)] | implode) + \"\\\"\\\\'\" + (\"\uFFFD\" * 8)"
t_check "the process name reads back with its escape and a U+FFFD" \
	"[$I | .used_by[].processes[].comm] | any(. == \"\u001b[1m\\\"q\\\"\uFFFD\")"
t_check "every socket is listed" "[$I | .used_by[]] | length >= 1501"
n=$(grep -c '^        {"proto":' "$T_JSON")
t_true "used_by streams one socket a line ($n lines)" "$([ "$n" -ge 1501 ] && echo 0 || echo 1)"

t_json --netns "$A" jw0
t_check "one interface, with findings" ".interfaces | length == 1 and (.[0].findings | length) > 0"

F=${IFW_SRC:-.}/tests/fixtures/evidence
for ev in "$F/seed" "$F/linux/collect.txt" "$F/macos/collect.txt"; do
	t_json --evidence "$ev"
	t_check "evidence ${ev#"$F"/}: valid, with interfaces" ".source == \"evidence\" and (.interfaces | length) > 0"
done

T_JSON=$T_TMP/ip.json
"$IFWHO" ip --json 192.0.2.7 2001:db8::1 "$(printf 'x\377')" >"$T_JSON" 2>/dev/null
t_check "ifwho ip: valid JSON, the addresses answered" \
	"[.addresses[].address] == [\"192.0.2.7\", \"2001:db8::1\"] and .addresses[0].special != null"
t_done
