#!/usr/bin/env bash
# Focused vs full: for every interface of every world (worlds_lib.sh), `ifwho --netns NS --json`
# must say what `ifwho --json` (every namespace) says: the same verdict text, confidence and rule,
# the same holders, peer (veth link), bridge master and ports, and tunnel far ends. A verdict
# that depends on which namespaces were read is a bug, since what a user asks for should not
# change the answer. Differences are printed, all of them.
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
# list of other namespaces' processes (the host's change while the test runs); the verdict
# text, which may count them, is compared.
PROJ='{text: .verdict.text, confidence: .verdict.confidence, word: .verdict.confidence_word,
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

# compare INODE NAME: one full and one focused run; prints the differing fields.
compare() {
	timeout 30 "$IFWHO" --json >"$T_TMP/full.json" 2>/dev/null
	timeout 30 "$IFWHO" --json --netns "$1" >"$T_TMP/focus.json" 2>/dev/null
	local a b
	a=$(view "$T_TMP/full.json" "$1" "$2")
	b=$(view "$T_TMP/focus.json" "$1" "$2")
	[ "$a" = "$b" ] && return 0
	jq -rn --argjson a "$a" --argjson b "$b" 'if ($a | type) != "object" or ($b | type) != "object"
		then "       full:    \($a)\n       focused: \($b)"
		else ($a | keys[]) as $k | select($a[$k] != $b[$k]) |
			"       \($k): full \($a[$k] | tojson)\n       \($k | gsub("."; " "))  focused \($b[$k] | tojson)" end'
	return 1
}

for entry in "${W_IFACES[@]}"; do
	IFS='|' read -r world ino name <<<"$entry"
	T_CHECKS=$((T_CHECKS + 1))
	# Another user's processes may start or end between two runs and change a count in a
	# text; a difference that is real is there every time.
	diffs=
	for _ in 1 2 3; do
		diffs=$(compare "$ino" "$name") && break
	done
	label="[$world] ${name} (netns inode $ino)"
	if [ -z "$diffs" ]; then
		echo "  ok   $label: focused = full"
	else
		echo "  FAIL $label: focused differs from full"
		echo "$diffs"
		T_FAILS=$((T_FAILS + 1))
	fi
done
t_done
