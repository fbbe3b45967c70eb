#!/usr/bin/env bash
# Data flows one way through src/: collectors fill the model, rules infer from it, reports print
# the result, the command line drives it all. A file may include its own directory and the layers
# below it, never a layer above or beside it:
#
#   0 util                      helpers with no knowledge of networks
#   1 model  know  ipdb history the evidence model; knowledge files; address databases; the
#                               watcher's history (SQLite)
#   2 collect  capture          live/evidence collectors; traffic capture
#   3 infer  watch              the rules; the watcher (link events, their creators)
#   4 report                    text and JSON
#   5 cli                       options, running, `ifwho ip`
#   6 main.c
#
# collect/linux and collect/evidence are two backends beside each other: neither includes the
# other (collect/backend.h is for both; collect/config, the parsers of configuration files, is
# no backend: both read those files, live and pasted).
#
# Usage: include_layers.sh [SRC_DIR]. Exits 1 and lists every upward or sideways include.
# Run with --self-test to check that a planted violation is caught.
set -u

layer() {
	case $1 in
	util) echo 0 ;;
	model | know | ipdb | history) echo 1 ;;
	collect | capture) echo 2 ;;
	infer | watch) echo 3 ;;
	report) echo 4 ;;
	cli) echo 5 ;;
	.) echo 6 ;;
	*) echo -1 ;;
	esac
}

check() {
	local src=$1 bad=0 file rel dir target tdir sub tsub
	while IFS= read -r file; do
		rel=${file#"$src"/}
		case $rel in
		*/*) dir=${rel%%/*} ;;
		*) dir=. ;;
		esac
		local from
		from=$(layer "$dir")
		if [ "$from" -lt 0 ]; then
			echo "$rel: directory $dir has no layer (add it to $0)"
			bad=1
			continue
		fi
		# Quoted includes with a directory: "layer/header.h".
		while IFS=: read -r line target; do
			tdir=${target%%/*}
			local to
			to=$(layer "$tdir")
			if [ "$tdir" != "$dir" ] && { [ "$to" -lt 0 ] || [ "$to" -ge "$from" ]; }; then
				echo "$rel:$line: includes \"$target\" (layer $to, $tdir) from layer $from ($dir)"
				bad=1
			fi
			if [ "$dir" = collect ] && [ "$tdir" = collect ]; then
				sub=$(echo "$rel" | cut -d/ -f2)
				tsub=$(echo "$target" | cut -d/ -f2)
				case $rel in collect/*/*) ;; *) sub= ;; esac
				case $target in collect/*/*) ;; *) tsub= ;; esac
				# The command-running backend feeds what it ran to the evidence parsers
				# through their one public header; nothing else crosses between backends.
				if [ -n "$sub" ] && [ -n "$tsub" ] && [ "$sub" != "$tsub" ] && [ "$tsub" != config ] &&
					! { [ "$sub" = cmdrun ] && [ "$target" = collect/evidence/evidence.h ]; }; then
					echo "$rel:$line: includes \"$target\": collect/$sub and collect/$tsub are separate backends"
					bad=1
				fi
			fi
		done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[^"]*/[^"]*"' "$file" |
			sed -E 's/^([0-9]+):[^"]*"([^"]*)".*/\1:\2/')
	done < <(find "$src" -type f \( -name '*.c' -o -name '*.h' \) | sort)
	return $bad
}

self_test() {
	local t
	t=$(mktemp -d)
	trap 'rm -rf "$t"' RETURN
	mkdir -p "$t/infer" "$t/report" "$t/collect/linux" "$t/collect/evidence" "$t/util"
	printf '#include "util/a.h"\n' >"$t/report/ok.c"
	if ! check "$t" >/dev/null; then
		echo "self-test: a downward include was reported"
		return 1
	fi
	local planted
	for planted in 'infer/x.c:#include "report/names.h"' 'util/y.c:#include "model/model.h"' \
		'collect/linux/z.c:#include "collect/evidence/ev.h"' 'collect/linux/w.c:#include "capture/capture.h"'; do
		rm -f "$t"/infer/x.c "$t"/util/y.c "$t"/collect/linux/*.c
		printf '%s\n' "${planted#*:}" >"$t/${planted%%:*}"
		if check "$t" >/dev/null; then
			echo "self-test: not caught: ${planted%%:*} ${planted#*:}"
			return 1
		fi
	done
	echo "self-test: planted violations are caught"
}

if [ "${1:-}" = --self-test ]; then
	self_test
	exit $?
fi
SRC=${1:-$(dirname "$0")/../src}
self_test || exit 1
if check "$SRC"; then
	echo "PASS: every include in $SRC points down the layers"
	exit 0
fi
echo "FAIL: includes above point up or sideways (see the layer order in $0)"
exit 1
