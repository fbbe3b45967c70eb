#!/usr/bin/env bash
# Strings the host controls must never reach the terminal raw: a process named with an ANSI
# escape, an interface alias with an OSC title sequence and a bidi override, invalid UTF-8.
. "$(dirname "$0")/lib.sh"
t_need_root
t_ns a
A=${P}a
ip -n "$A" link add evil0 type veth peer name evil1
ip -n "$A" addr add 192.0.2.1/24 dev evil0
ip -n "$A" link set evil0 up
ip -n "$A" link set evil1 up
ip -n "$A" link set evil0 alias "$(printf 'x\033]0;pwned\007\342\200\256gnp.exe\377')"
t_bg a "$TESTPROC" --name "$(printf '\033[31mROOT\033[0m')" udp 192.0.2.1 5060
t_text --netns "$A" evil0 --why
t_true "ifwho succeeds" "$T_RC"
t_true "no ESC byte in the output" "$(grep -q $'\033' "$T_OUT" && echo 1 || echo 0)"
t_true "no BEL byte in the output" "$(grep -q $'\007' "$T_OUT" && echo 1 || echo 0)"
t_true "no raw bidi override (U+202E)" "$(grep -q $'\342\200\256' "$T_OUT" && echo 1 || echo 0)"
t_true "output is valid UTF-8" "$(iconv -f UTF-8 -t UTF-8 "$T_OUT" >/dev/null 2>&1 && echo 0 || echo 1)"
t_grep "the process name is shown escaped" '\\x1b\[31mROOT\\x1b\[0m'
t_grep "the alias is shown escaped" 'alias "x\\x1b\]0;pwned\\x07\\u\{202e\}gnp.exe'
t_text --netns "$A" --color=always
t_true "--color=always adds only ifwho's own colours" "$(grep -q $'\033\\]0' "$T_OUT" && echo 1 || echo 0)"
t_json --netns "$A" evil0
t_check "JSON carries the raw name (escaped by JSON itself)" ".interfaces[0].used_by[0].processes[0].comm == \"\u001b[31mROOT\u001b[0m\""
t_check "JSON repairs invalid UTF-8" ".interfaces[0].alias | endswith(\"gnp.exe\uFFFD\")"
t_done
