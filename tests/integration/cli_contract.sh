#!/usr/bin/env bash
# The command line as scripts use it: every exit status of the table in README/--help, names
# as people type them, the namespace a name really is in, --brief and its filters, --why for
# every interface, wrapping at the terminal width, and --pcap explaining the capture only.
. "$(dirname "$0")/lib.sh"
t_need_root

t_ns a
t_ns b
ip -n "${P}a" link add va0 type veth peer name vb0 netns "${P}b" || { echo "FAIL $T_NAME: veth"; exit 1; }
ip -n "${P}a" addr add 192.0.2.1/24 dev va0
ip -n "${P}b" addr add 192.0.2.2/24 dev vb0
ip -n "${P}a" link set va0 up
ip -n "${P}b" link set vb0 up
A="${P}a"

# rc CODE DESCRIPTION CMD...: runs ifwho (text, no colour) and checks its exit status.
rc() {
	local want=$1 what=$2
	shift 2
	T_OUT="$T_TMP/out.$RANDOM.txt"
	timeout 30 "$IFWHO" --color=never "$@" >"$T_OUT" 2>"$T_TMP/stderr"
	T_RC=$?
	T_CHECKS=$((T_CHECKS + 1))
	if [ "$T_RC" = "$want" ]; then echo "  ok   exit $want: $what"; else
		echo "  FAIL exit $want: $what (got $T_RC)"
		head -c 600 "$T_TMP/stderr"
		T_FAILS=$((T_FAILS + 1))
	fi
}
# errgrep DESCRIPTION REGEX: stderr of the last run must match.
errgrep() {
	T_CHECKS=$((T_CHECKS + 1))
	if grep -Eq -- "$2" "$T_TMP/stderr"; then echo "  ok   $1"; else
		echo "  FAIL $1 (stderr has no /$2/)"
		head -c 600 "$T_TMP/stderr"
		T_FAILS=$((T_FAILS + 1))
	fi
}
empty_out() { t_true "$1" "$([ ! -s "$T_OUT" ] && echo 0 || echo 1)"; }

echo "exit 0 and 1: names found are reported, then the missing ones"
rc 0 "a name that is there" -n "$A" va0
t_grep "... explained" "^va0: "
rc 1 "one name there, one not" -n "$A" va0 nope
t_grep "... the one found is still reported" "^va0: "
errgrep "... the missing one named" 'no interface named "nope"'
t_json -n "$A" va0 nope
t_true "JSON: exit 1" "$([ "$T_RC" = 1 ] && echo 0 || echo 1)"
t_check "JSON: the found one is there" "[.interfaces[].name] == [\"va0\"]"
t_check "JSON: not_found lists the missing one" '.not_found == ["nope"]'
t_json -n "$A" nope
t_check "JSON: nothing found is still a document" '.interfaces == [] and .not_found == ["nope"]'
rc 1 "a name in another namespace than the one chosen" -n "$A" vb0
errgrep "... says where it is" "vb0 is in namespace (.*, )?${P}b"
rc 1 "a close name" -n "$A" va1
errgrep "... suggests it" "did you mean va0"

echo "names as people type them"
rc 0 "as ip prints it (va0@if9)" -n "$A" va0@if9
t_grep "... is va0" "^va0: "
idx=$(ip -n "$A" -o link show va0 | cut -d: -f1)
rc 0 "an ifindex ($idx)" -n "$A" "$idx"
t_grep "... is va0" "^va0: "
rc 0 "another case (VA0)" -n "$A" VA0
t_grep "... is va0" "^va0: "
errgrep "... and says so" 'no interface named "VA0"; showing va0'

echo "exit 2: usage"
rc 2 "an unknown namespace" -n "${P}c"
errgrep "... suggests the close ones" "did you mean .*${P}a"
rc 2 "pid:abc" -n pid:abc
rc 2 "-n twice" -n "$A" -n "${P}b"
rc 2 "--underlay without --sample" -n "$A" --underlay va0
rc 2 "--write without a capture" -n "$A" --write "$T_TMP/x.pcap" va0
rc 2 "--why with --json" --json --why
rc 2 "--brief with --json" --brief --json
rc 2 "ip with --sample" ip 192.0.2.1 --sample 1
rc 2 "an unknown option" --frobnicate
rc 2 "ip with something not an address" ip not-an-address.invalid

echo "exit 3: not permitted"
if command -v setpriv >/dev/null; then
	chmod o+rx "$T_TMP"
	nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all -- "$@"; }
	nobody timeout 30 "$IFWHO" --color=never -n "$A" va0 >"$T_TMP/n.out" 2>"$T_TMP/stderr"
	r=$?
	t_true "a namespace that cannot be entered: 3 (got $r)" "$([ "$r" = 3 ] && echo 0 || echo 1)"
	errgrep "... says so, not 'no such interface'" "could not enter namespace ${A}: permission denied"
	nobody timeout 30 "$IFWHO" --color=never vb0 >"$T_TMP/n.out" 2>"$T_TMP/stderr"
	r=$?
	t_true "unprivileged, a name only in namespaces it cannot enter: 1 (got $r)" "$([ "$r" = 1 ] && echo 0 || echo 1)"
	errgrep "... says namespaces could not be entered" "no interface named \"vb0\".*namespaces? could not be entered without root"
	nobody timeout 30 "$IFWHO" ip 192.0.2.2 >"$T_TMP/n.out" 2>"$T_TMP/stderr"
	r=$?
	t_true "ip unprivileged, every namespace: its own answered, 0 (got $r)" "$([ "$r" = 0 ] && echo 0 || echo 1)"
	errgrep "... and says the others need root" "the route in [0-9]+ other namespaces? needs CAP_SYS_ADMIN"
	nobody timeout 30 "$IFWHO" ip -n "$A" 192.0.2.2 >"$T_TMP/n.out" 2>"$T_TMP/stderr"
	r=$?
	t_true "ip in a namespace that cannot be entered: 3 (got $r)" "$([ "$r" = 3 ] && echo 0 || echo 1)"
fi

echo "exit 4: other failure"
mkdir -p "$T_TMP/noknow"
T_OUT="$T_TMP/o4"
IFWHO_DATA_DIR="$T_TMP/noknow" HOME="$T_TMP/noknow" timeout 30 "$IFWHO" -n "$A" >"$T_OUT" 2>"$T_TMP/stderr"
r=$?
t_true "no knowledge files: 4 (got $r)" "$([ "$r" = 4 ] && echo 0 || echo 1)"

echo "exit 5: input unreadable"
: >"$T_TMP/empty.pcap"
printf 'not a capture at all, just words\n' >"$T_TMP/words.pcap"
rc 5 "--pcap missing" --pcap "$T_TMP/missing.pcap"
empty_out "... and no live overview after it"
rc 5 "--pcap empty" --pcap "$T_TMP/empty.pcap"
rc 5 "--pcap not a capture" --pcap "$T_TMP/words.pcap"
empty_out "... and no live overview after it"
rc 5 "--ipdb missing" -n "$A" --ipdb "$T_TMP/missing.mmdb"
rc 5 "--evidence missing" --evidence "$T_TMP/missing"
rc 5 "--evidence a device" --evidence /dev/urandom
empty_out "... nothing printed"

echo "exit 6: nothing recognized"
printf 'hello\nthis is not command output\n' >"$T_TMP/words.txt"
rc 6 "--evidence with no command output" --evidence "$T_TMP/words.txt"

echo "exit 7: could not write"
rc 7 "--write into a directory that does not exist" -n "$A" va0 --sample 1 --write "$T_TMP/no/such/dir/s.pcap"
t_grep "... the report still comes" "^va0: "
timeout 30 "$IFWHO" -n "$A" >/dev/full 2>"$T_TMP/stderr"
r=$?
t_true "the report to a full disk (/dev/full): 7 (got $r)" "$([ "$r" = 7 ] && echo 0 || echo 1)"

echo "--why without a name: every interface in detail"
rc 0 "--why" -n "$A" --why
t_true "... an evidence block for lo and va0" "$([ "$(grep -c '^  evidence' "$T_OUT")" = 2 ] && echo 0 || echo 1)"
t_grep "... with the rules" "rule [a-z_]+"

echo "--brief and its filters"
rc 0 "--brief" -n "$A" --brief
t_true "... one line per interface" "$([ "$(wc -l <"$T_OUT")" = 2 ] && echo 0 || echo 1)"
t_grep "... namespace, name, kind, state" "^${A} +va0 +veth +up +(certain|likely|possible|weak|unknown) +[a-z]"
t_true "... no colour when not a terminal" "$(grep -q $'\033' "$T_OUT" && echo 1 || echo 0)"
COLUMNS=60 rc 0 "--brief at 60 columns" -n "$A" --brief
t_true "... no line longer than 60" "$(awk 'length > 60 {bad=1} END {exit bad}' "$T_OUT" && echo 0 || echo 1)"
rc 0 "--kind veth" -n "$A" --brief --kind veth
t_true "... only va0" "$([ "$(awk '{print $2}' "$T_OUT" | tr '\n' ' ')" = "va0 " ] && echo 0 || echo 1)"
rc 0 "--kind loopback" -n "$A" --brief --kind loopback
t_true "... only lo" "$([ "$(awk '{print $2}' "$T_OUT" | tr '\n' ' ')" = "lo " ] && echo 0 || echo 1)"
rc 0 "--kind with a typo" -n "$A" --brief --kind vet
empty_out "... nothing listed"
errgrep "... names the kinds there are" "no interface of kind \"vet\" \(kinds here: .*veth"
t_json -n "$A"
want=$(jq -r '[.interfaces[] | select(.verdict.confidence < 40 or .verdict.rule == null) | .name] | sort | join(" ")' "$T_JSON")
rc 0 "--unexplained" -n "$A" --brief --unexplained
got=$(awk '{print $2}' "$T_OUT" | sort | tr '\n' ' ' | sed 's/ $//')
t_true "... the ones JSON calls weak or unknown ('$want')" "$([ "$got" = "$want" ] && echo 0 || echo 1)"

echo "wrapping"
COLUMNS=50 rc 0 "detail at 50 columns" -n "$A" va0
t_true "... no line longer than 50 but unbreakable words" "$(awk 'length > 50 && / [^ ]+ / {bad=1} END {exit bad}' "$T_OUT" && echo 0 || echo 1)"
t_grep "... continuation lines indented" "^ {4,}[^ ]"
COLUMNS=50 t_json -n "$A" va0
t_check "JSON is not wrapped (a verdict text is one string)" "[.interfaces[].verdict.text | test(\"\\n\")] | any | not"

echo "--pcap explains the capture only"
ip netns exec "$A" timeout 5 tcpdump -i va0 -w "$T_TMP/cap.pcap" -c 3 udp port 9999 >/dev/null 2>&1 &
T_PIDS+=($!)
tp=$!
sleep 1
# bash's /dev/udp: three datagrams from 192.0.2.1 to 192.0.2.2, nothing to install
for i in 1 2 3; do
	ip netns exec "$A" bash -c 'echo cli-contract >/dev/udp/192.0.2.2/9999' 2>/dev/null
	sleep 0.1
done
wait "$tp" 2>/dev/null
rc 0 "--pcap FILE" --pcap "$T_TMP/cap.pcap"
t_true "... no live overview (no netns headers)" "$(grep -q '^netns ' "$T_OUT" && echo 1 || echo 0)"
t_grep "... the capture's flows" "192\.0\.2\.(1|2)"
t_json -n "$A" --pcap "$T_TMP/cap.pcap" va0
t_check "--pcap FILE va0: flows with va0's address are va0's" "[.interfaces[] | select(.name == \"va0\") | .traffic[]] | length >= 1"
t_check "... none left apart" ".unattributed_traffic | length == 0"
t_json -n "$A" --pcap "$T_TMP/cap.pcap" lo
t_check "--pcap FILE lo: lo's addresses are in no flow, it gets none" "[.interfaces[] | .traffic[]] | length == 0"
t_check "... they are listed apart" ".unattributed_traffic | length >= 1"
t_done
