#!/usr/bin/env bash
# One or more test worlds (tests/integration/worlds_lib.sh), each set up with real software,
# then one `ifwho --json` of the whole host, then each world's checks:
#   worlds.sh tcp_tunnel          one world (meson test world-tcp_tunnel)
#   worlds.sh podman slirp        several, checked on the same run
#   worlds.sh                     all of them (those whose software is missing are skipped)
# Every failed check is listed; "says" lines show what ifwho answers today.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/worlds_lib.sh"
t_need_root
w_need jq

worlds=("$@")
[ ${#worlds[@]} -eq 0 ] && read -r -a worlds <<<"$W_ALL"
[ ${#worlds[@]} -eq 1 ] && T_NAME="world-${worlds[0]}"

ran=()
for w in "${worlds[@]}"; do
	declare -F "world_$w" >/dev/null || {
		echo "FAIL $T_NAME: no world named $w (worlds: $W_ALL)"
		exit 1
	}
	if "world_$w"; then
		ran+=("$w")
	else
		echo "  skip world $w: its software is not installed"
	fi
done
if [ ${#ran[@]} -eq 0 ]; then
	echo "SKIP $T_NAME: no world could be set up"
	exit 77
fi

t_json
for w in "${ran[@]}"; do
	"check_$w"
	w_flush
done
t_done
