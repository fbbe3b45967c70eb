#!/usr/bin/env bash
# nolinux-headers BUILDDIR: lists the sources compiled in BUILDDIR (a -Dlinux_backend=false tree)
# that include a Linux kernel header (<linux/...>) outside an `#if` on __linux__ or
# IFW_HAVE_LINUX_BACKEND: each is a file that will not compile on macOS or the BSDs. Files named
# in tests/nolinux-headers.known (with the reason) are reported but not counted. Exits 1 when
# any other file does it.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
build=${1:?usage: nolinux-headers.sh BUILDDIR}
known=tests/nolinux-headers.known
[ -f "$build/compile_commands.json" ] || { echo "no $build/compile_commands.json"; exit 1; }
bad=0
while IFS= read -r f; do
	rel=${f#"$PWD"/}
	hits=$(awk '
		/^[ \t]*#[ \t]*if/ { depth++; guard[depth] = ($0 ~ /__linux__|IFW_HAVE_LINUX_BACKEND/) }
		/^[ \t]*#[ \t]*endif/ { if (depth) depth-- }
		/^[ \t]*#[ \t]*include[ \t]*<linux\// {
			g = 0
			for (i = 1; i <= depth; i++) if (guard[i]) g = 1
			if (!g) print FNR ": " $0
		}' "$f")
	[ -n "$hits" ] || continue
	if grep -q "^${rel} " "$known" 2>/dev/null; then
		echo "known  $rel: $(grep "^${rel} " "$known" | cut -d' ' -f2-)"
	else
		echo "FAIL   $rel includes a Linux header unguarded:"
		while IFS= read -r h; do echo "         $h"; done <<<"$hits"
		bad=$((bad + 1))
	fi
done < <(jq -r '.[].file' "$build/compile_commands.json" |
	while IFS= read -r p; do
		case $p in /*) echo "$p" ;; *) realpath -m "$build/$p" ;; esac
	done | sort -u)
[ "$bad" -eq 0 ]
