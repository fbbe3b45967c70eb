# bash completion for ifwho(1). Interface names are read live from `ip -o link` (in the
# namespace given with --netns, if any), namespace names from `ip netns list`.

_ifwho_netns() {
	printf '%s\n' all host
	ip netns list 2>/dev/null | while read -r name _; do printf '%s\n' "$name"; done
}

# Interface names in namespace $1 (empty or "all": this one and every named one).
_ifwho_ifaces() {
	local ns=$1 n
	if [ -n "$ns" ] && [ "$ns" != all ] && [ "$ns" != host ]; then
		ip -n "$ns" -o link show 2>/dev/null
	else
		ip -o link show 2>/dev/null
		if [ "$ns" != host ]; then
			for n in $(ip netns list 2>/dev/null | while read -r name _; do echo "$name"; done); do
				ip -n "$n" -o link show 2>/dev/null
			done
		fi
	fi | while IFS= read -r line; do
		line=${line#*: }
		line=${line%%: *}
		printf '%s\n' "${line%%@*}"
	done | sort -u
}

_ifwho() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=
	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
	local opts="--netns --json --format --why --sample --underlay --pcap --write --evidence
		--ipdb --online --no-daemons --user --record-netlink --brief --kind --unexplained
		--color --help --version -n -j -w -s -e -b -h -V"
	case $prev in
	-n | --netns)
		mapfile -t COMPREPLY < <(compgen -W "$(_ifwho_netns)" -- "$cur")
		return ;;
	--format)
		mapfile -t COMPREPLY < <(compgen -W "text json dot svg html" -- "$cur")
		return ;;
	--color)
		mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur")
		return ;;
	-s | --sample)
		mapfile -t COMPREPLY < <(compgen -W "1 5 10 30 60" -- "$cur")
		return ;;
	--pcap | --write | -e | --evidence | --ipdb)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		compopt -o filenames 2>/dev/null
		return ;;
	esac
	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
		return
	fi
	# `ifwho ip ADDRESS...` takes addresses, nothing to complete.
	local i ns=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		ip) [ "$i" = 1 ] && return ;;
		-n | --netns) ns=${COMP_WORDS[i + 1]} ;;
		--netns=*) ns=${COMP_WORDS[i]#--netns=} ;;
		esac
	done
	mapfile -t COMPREPLY < <(compgen -W "$(_ifwho_ifaces "$ns")" -- "$cur")
	[ "$COMP_CWORD" = 1 ] && mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -W ip -- "$cur")
	return 0
}
complete -F _ifwho ifwho

_ifwho_collect() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	case $prev in
	-o)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return ;;
	-t) return ;;
	esac
	mapfile -t COMPREPLY < <(compgen -W "-o -t" -- "$cur")
}
complete -F _ifwho_collect ifwho-collect
