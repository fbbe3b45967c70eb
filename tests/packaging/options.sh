#!/usr/bin/env bash
# Every long option `ifwho --help` lists is documented in the man page and completed by the bash,
# zsh and fish completions; the bash completion works (options, formats, namespaces, interface
# names); `meson install` puts the binary, data, collector, man pages and completions in place.
set -u
IFWHO=${IFWHO:-build/ifwho}
SRC=${IFW_SRC:-.}
BUILD=${IFW_BUILD:-build}
T_NAME=options
T_TMP=$(mktemp -d "/tmp/ifw-options.XXXX")
# As root, a namespace of its own (with an interface only it has) for the name completions.
NS=
if [ "$(id -u)" = 0 ] && ip netns add "ifwo$$-ns" 2>/dev/null; then
	NS=ifwo$$-ns
	ip -n "$NS" link add "ifwo$$-x" type bridge
fi
trap 'rm -rf "$T_TMP"; [ -n "$NS" ] && ip netns del "$NS"' EXIT
fails=0 checks=0
ok() { # DESCRIPTION STATUS
	checks=$((checks + 1))
	if [ "$2" = 0 ]; then echo "  ok   $1"; else
		echo "  FAIL $1"
		fails=$((fails + 1))
	fi
}

"$IFWHO" --help >"$T_TMP/help" || { echo "FAIL $T_NAME: ifwho --help failed"; exit 1; }
mapfile -t opts < <(grep -oE -- '(^|[ ,])--[a-z][a-z-]*' "$T_TMP/help" | grep -oE -- '--[a-z-]+' | sort -u)
ok "--help lists options (${#opts[@]})" "$([ ${#opts[@]} -ge 10 ]; echo $?)"
ok "--help names the knowledge directories" "$(grep -qE '^  knowledge  /.*/knowledge$' "$T_TMP/help"; echo $?)"
ok "--help names the IP database" "$(grep -qE '^  ip-to-as   /.*asn.ipdb' "$T_TMP/help"; echo $?)"
"$IFWHO" --version >"$T_TMP/version"
used=$(sed -n 's/^Knowledge files (sources listed per entry): //p' "$T_TMP/version")
ok "--version names a knowledge directory in use that exists ($used)" \
	"$([ -n "$used" ] && [ -d "${used%%, *}" ]; echo $?)"
ok "--version with IFWHO_DATA_DIR names that directory" \
	"$(IFWHO_DATA_DIR="$SRC/data" "$IFWHO" --version | grep -qF -- "$SRC/data/knowledge"; echo $?)"

MAN=$BUILD/docs/ifwho.1
BASH_C=$SRC/completions/ifwho.bash ZSH_C=$SRC/completions/_ifwho FISH_C=$SRC/completions/ifwho.fish
for o in "${opts[@]}"; do
	name=${o#--}
	missing=
	grep -qF -- "\\fB$o\\fR" "$MAN" || missing+=" man"
	grep -qE -- "(^|[^a-z-])$o([^a-z-]|$)" "$BASH_C" || missing+=" bash"
	grep -qE -- "(^|[^a-z-])$o([^a-z-]|$)" "$ZSH_C" || missing+=" zsh"
	grep -qE -- "-l $name( |$)" "$FISH_C" || missing+=" fish"
	ok "$o in the man page and the completions${missing:+ (missing in:$missing)}" \
		"$([ -z "$missing" ]; echo $?)"
done

# The bash completion at work, as bash would call it.
complete_bash() { # WORDS...: prints the candidates for the last word
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _ifwho
		printf "%s\n" "${COMPREPLY[@]}"' _ "$BASH_C" "$@"
}
ok "bash completes --for to --format" "$(complete_bash ifwho --for | grep -qx -- --format; echo $?)"
ok "bash completes --no- to --no-daemons" \
	"$(complete_bash ifwho --no- | grep -qx -- --no-daemons; echo $?)"
ok "bash completes --format's values" \
	"$([ "$(complete_bash ifwho --format '' | sort | tr '\n' ' ')" = "dot html json svg text " ]; echo $?)"
ok "bash completes interface names (lo)" "$(complete_bash ifwho '' | grep -qx lo; echo $?)"
if [ -n "$NS" ]; then
	ok "bash completes namespace names ($NS)" \
		"$(complete_bash ifwho --netns '' | grep -qxF -- "$NS"; echo $?)"
	ok "bash completes interfaces inside --netns $NS (ifwo$$-x)" \
		"$(complete_bash ifwho --netns "$NS" '' | grep -qxF -- "ifwo$$-x"; echo $?)"
	ok "bash completes interfaces of every namespace (ifwo$$-x)" \
		"$(complete_bash ifwho '' | grep -qxF -- "ifwo$$-x"; echo $?)"
	ok "bash keeps --netns host to this namespace" \
		"$(! complete_bash ifwho --netns host '' | grep -qxF -- "ifwo$$-x"; echo $?)"
fi
ok "bash completes nothing after ifwho ip" "$([ -z "$(complete_bash ifwho ip '')" ]; echo $?)"
command -v zsh >/dev/null && ok "zsh completion parses" "$(zsh -n "$ZSH_C"; echo $?)"
if command -v fish >/dev/null; then
	ok "fish completion parses" "$(fish -n "$FISH_C"; echo $?)"
	complete_fish() { fish -c 'source $argv[1]; complete -C $argv[2]' "$FISH_C" "$1" | cut -f1; }
	ok "fish completes --for to --format" "$(complete_fish "ifwho --for" | grep -qx -- --format; echo $?)"
	ok "fish completes --color's values" \
		"$([ "$(complete_fish "ifwho --color " | sort | tr '\n' ' ')" = "always auto never " ]; echo $?)"
	ok "fish completes interface names (lo)" "$(complete_fish "ifwho " | grep -qx lo; echo $?)"
	[ -n "$NS" ] && ok "fish completes namespace names ($NS)" \
		"$(complete_fish "ifwho --netns " | grep -qxF -- "$NS"; echo $?)"
	[ -n "$NS" ] && ok "fish completes interfaces inside --netns $NS" \
		"$(complete_fish "ifwho --netns $NS " | grep -qxF -- "ifwo$$-x"; echo $?)"
fi

# What `meson install` installs, into a scratch directory.
DEST=$T_TMP/dest
if meson install -C "$BUILD" --no-rebuild --quiet --destdir "$DEST" >"$T_TMP/install.log" 2>&1; then
	prefix=$(meson introspect "$BUILD" --buildoptions |
		jq -r '.[] | select(.name == "prefix") | .value')
	for f in bin/ifwho bin/ifwho-collect share/ifwho/knowledge/ports.json share/ifwho/ipdb/asn.ipdb \
		share/man/man1/ifwho.1 share/man/man1/ifwho-collect.1 \
		share/bash-completion/completions/ifwho share/bash-completion/completions/ifwho-collect \
		share/zsh/site-functions/_ifwho share/fish/vendor_completions.d/ifwho.fish; do
		ok "installs $f" "$([ -e "$DEST$prefix/$f" ]; echo $?)"
	done
	ok "ifwho-collect is executable" "$([ -x "$DEST$prefix/bin/ifwho-collect" ]; echo $?)"
	ok "the installed man page names the installed data directory" \
		"$(grep -qF -- "$prefix/share/ifwho/knowledge" "$DEST$prefix/share/man/man1/ifwho.1"; echo $?)"
else
	ok "meson install" 1
	cat "$T_TMP/install.log"
fi

if [ "$fails" = 0 ]; then
	echo "PASS $T_NAME ($checks checks)"
	exit 0
fi
echo "FAIL $T_NAME ($fails of $checks checks failed)"
exit 1
