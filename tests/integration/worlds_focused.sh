#!/usr/bin/env bash
# Focused vs full: for every interface of every world (worlds_lib.sh), `ifwho --netns NS --json`
# and `ifwho --netns NS --json NAME` (one interface: ifwho then reads only the processes that
# matter to it) must say what `ifwho --json` (every namespace) says: the same verdict text,
# confidence and rule, the same holders, peer (veth link), bridge master and ports, and tunnel
# far ends. A verdict that depends on which namespaces were read is a bug, since what a user
# asks for should not change the answer. Differences are printed, all of them.
#   worlds_focused.sh [WORLD...]   (default: all worlds whose software is installed)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/worlds_lib.sh"
t_need_root
w_need jq

worlds=("$@")
[ ${#worlds[@]} -eq 0 ] && read -r -a worlds <<<"$W_ALL"
for w in "${worlds[@]}"; do
	"world_$w" || echo "  skip world $w: its software is not installed"
done
[ ${#W_IFACES[@]} -eq 0 ] && {
	echo "SKIP $T_NAME: no world could be set up"
	exit 77
}

# What must agree, as one line of JSON per interface. processes_behind is left out: it is a
# list of other namespaces' processes (the host's change while the test runs), and so is their
# count in a verdict's text ("N processes live there"); the rest of the text is compared.
PROJ='{text: (.verdict.text | gsub("[0-9]+ process(es)? li(ve|ves) there"; "N processes live there")),
	confidence: .verdict.confidence, word: .verdict.confidence_word,
	rule: .verdict.rule, category: .verdict.category,
	held_by: ([.held_by[] | "\(.process.pid)/\(.fd)/\(.confirmed)"] | sort),
	unconfirmed: ([.unconfirmed_holders[] | .process.pid] | sort),
	link: (if .link then "\(.link.name)@\(.link.netns)" else null end),
	master: .master.name, ports: (.ports | sort),
	peers: ([.tunnel.peers[] | "\(.address):\(.port)"] | sort)}'

# view FILE INODE NAME: the projection of one interface ("missing" when absent).
view() {
	jq -c --argjson i "$2" --arg n "$3" "[.interfaces[] | select(.netns_inode == \$i and .name == \$n)]
		| if length == 1 then .[0] | $PROJ else \"missing (\(length) matches)\" end" "$1"
}

# diff_of FULL FOCUSED INODE NAME: the differing fields, or nothing.
diff_of() {
	local a b
	a=$(view "$1" "$3" "$4")
	b=$(view "$2" "$3" "$4")
	[ "$a" = "$b" ] && return 0
	jq -rn --argjson a "$a" --argjson b "$b" 'if ($a | type) != "object" or ($b | type) != "object"
		then "       full:    \($a)\n       focused: \($b)"
		else ($a | keys[]) as $k | select($a[$k] != $b[$k]) |
			"       \($k): full \($a[$k] | tojson)\n       \($k | gsub("."; " "))  focused \($b[$k] | tojson)" end'
}

# One full run, and one focused run per namespace.
timeout 30 "$IFWHO" --json >"$T_TMP/full.json" 2>/dev/null
declare -A seen
for entry in "${W_IFACES[@]}"; do
	IFS='|' read -r world ino name <<<"$entry"
	[ -n "${seen[$ino]:-}" ] && continue
	seen[$ino]=1
	timeout 30 "$IFWHO" --json --netns "$ino" >"$T_TMP/focus.$ino.json" 2>/dev/null
done

# compare WORLD INODE NAME HOW ARGS...: the interface in the full run and in `ifwho --json ARGS`
# (the run of one namespace, or of one interface by name) must agree.
compare() {
	local world=$1 ino=$2 name=$3 how=$4 first=$5
	shift 4
	T_CHECKS=$((T_CHECKS + 1))
	local diffs
	diffs=$(diff_of "$T_TMP/full.json" "$first" "$ino" "$name")
	shift
	# Another user's processes may start or end between two runs and change what is seen; a
	# difference that is real is there every time, so a difference is run again twice.
	local _
	for _ in 1 2; do
		[ -z "$diffs" ] && break
		timeout 30 "$IFWHO" --json >"$T_TMP/full2.json" 2>/dev/null
		timeout 30 "$IFWHO" --json "$@" >"$T_TMP/other2.json" 2>/dev/null
		diffs=$(diff_of "$T_TMP/full2.json" "$T_TMP/other2.json" "$ino" "$name")
	done
	local label="[$world] ${name} (netns inode $ino)"
	if [ -z "$diffs" ]; then
		echo "  ok   $label: $how = full"
	else
		echo "  FAIL $label: $how differs from full (ifwho --json $*)"
		echo "$diffs"
		T_FAILS=$((T_FAILS + 1))
	fi
}

for entry in "${W_IFACES[@]}"; do
	IFS='|' read -r world ino name <<<"$entry"
	compare "$world" "$ino" "$name" "--netns" "$T_TMP/focus.$ino.json" --netns "$ino"
	# Asked by name, ifwho reads less (only the processes that matter to that interface).
	timeout 30 "$IFWHO" --json --netns "$ino" "$name" >"$T_TMP/named.json" 2>/dev/null
	compare "$world" "$ino" "$name" "--netns NAME" "$T_TMP/named.json" --netns "$ino" "$name"
done
t_done
