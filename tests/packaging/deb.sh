#!/usr/bin/env bash
# The Debian package: built from a copy of the tree with dpkg-buildpackage, lintian-clean of
# errors, installed with apt-get, then the installed ifwho must run (--version naming the
# installed knowledge directory), have its man pages, explain a namespace this test creates and
# draw it; the package is removed at the end, whatever happens. Needs root and the packaging
# tools (bootstrap's TEST_PKGS); skips if an ifwho package is installed already.
. "$(dirname "$0")/../integration/lib.sh"
t_need_root
for tool in dpkg-buildpackage dh lintian apt-get man; do
	command -v "$tool" >/dev/null || { echo "SKIP $T_NAME: $tool is not installed"; exit 77; }
done
if dpkg-query -W -f='${Status}' ifwho 2>/dev/null | grep -q installed; then
	echo "SKIP $T_NAME: an ifwho package is installed already; not replacing it"
	exit 77
fi
SRC=${IFW_SRC:-.}
INSTALLED=0
APT_LOCK="-o DPkg::Lock::Timeout=120" # another run may hold dpkg's lock for a while
deb_cleanup() {
	[ $INSTALLED = 1 ] && apt-get remove -y -qq $APT_LOCK ifwho >/dev/null 2>&1
	t_cleanup
}
trap deb_cleanup EXIT

# A copy of the tree as git sees it (tracked and new files, not build directories).
VERSION=$(dpkg-parsechangelog -l "$SRC/debian/changelog" -S Version)
TREE=$T_TMP/ifwho-$VERSION
mkdir -p "$TREE"
if git -C "$SRC" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	(cd "$SRC" && git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$TREE")
else
	tar -C "$SRC" --exclude='./build*' --exclude=./.git -cf - . | tar -C "$TREE" -xf -
fi
start=$(date +%s)
# The unit tests run in the suite already (nocheck); two jobs: the machine is shared.
(cd "$TREE" && DEB_BUILD_OPTIONS="nocheck parallel=2" timeout 600 \
	dpkg-buildpackage -us -uc -b >"$T_TMP/build.log" 2>&1)
rc=$?
t_true "dpkg-buildpackage -us -uc -b ($(($(date +%s) - start)) s)" $rc
[ $rc = 0 ] || { tail -40 "$T_TMP/build.log"; t_done; }
DEB=$(ls "$T_TMP"/ifwho_"${VERSION}"_*.deb 2>/dev/null | head -1)
t_true "built $(basename "${DEB:-no ifwho_*.deb}")" "$([ -f "$DEB" ]; echo $?)"
[ -f "$DEB" ] || t_done
ART=${IFW_BUILD:-build}/tests/artifacts
mkdir -p "$ART" && cp "$DEB" "$ART/" # kept for a look: dpkg -c, lintian -I

lintian --fail-on error "$DEB" >"$T_TMP/lintian.log" 2>&1
rc=$?
grep -E '^[EW]: ' "$T_TMP/lintian.log" | head -20
t_true "lintian: no errors" $rc

apt-get install -y -qq --no-install-recommends $APT_LOCK "$DEB" >"$T_TMP/apt.log" 2>&1
rc=$?
[ $rc = 0 ] && INSTALLED=1
[ $rc = 0 ] || tail -20 "$T_TMP/apt.log"
t_true "apt-get install ./$(basename "$DEB")" $rc
[ $INSTALLED = 1 ] || t_done

T_OUT=$T_TMP/version
timeout 30 /usr/bin/ifwho --version >"$T_OUT" 2>&1
t_true "the installed ifwho --version runs" $?
t_grep "--version names the installed knowledge directory" \
	'^Knowledge files \(sources listed per entry\): (.*, )?/usr/share/ifwho/knowledge$'
t_grep "--version names the installed IP database" '^IP-to-AS database: /usr/share/ifwho/ipdb/asn.ipdb$'
t_true "man -w ifwho finds the installed page" \
	"$([ "$(man -w ifwho 2>/dev/null)" = /usr/share/man/man1/ifwho.1.gz ]; echo $?)"
t_true "man -w ifwho-collect finds the installed page" \
	"$([ "$(man -w ifwho-collect 2>/dev/null)" = /usr/share/man/man1/ifwho-collect.1.gz ]; echo $?)"
t_true "ifwho-collect is installed" "$([ -x /usr/bin/ifwho-collect ]; echo $?)"
t_true "the bash completion is installed" \
	"$([ -f /usr/share/bash-completion/completions/ifwho ]; echo $?)"

# A namespace with a veth into another and a bridge, explained by the installed ifwho.
t_ns a
t_ns b
ip -n "${P}a" link add va0 type veth peer name vb0 netns "${P}b"
ip -n "${P}a" link add br0 type bridge
ip -n "${P}a" link set va0 master br0
ip -n "${P}a" link set br0 up
ip -n "${P}a" link set va0 up
IFWHO=/usr/bin/ifwho
t_json --netns "${P}a"
t_check "the installed ifwho explains the veth" \
	"$(t_iface a va0) | .kind == \"veth\" and .link.name == \"vb0\" and (.verdict.text | length) > 0"
t_check "and the bridge and its port" "$(t_iface a br0) | .kind == \"bridge\" and (.ports == [\"va0\"])"
T_OUT=$T_TMP/world.svg
timeout 30 /usr/bin/ifwho --netns "${P}a" --format svg >"$T_OUT" 2>"$T_TMP/stderr"
t_true "the installed ifwho draws it (--format svg)" $?
t_grep "the picture has the namespace's bridge" '>br0 \(bridge\)<'

apt-get remove -y -qq $APT_LOCK ifwho >"$T_TMP/remove.log" 2>&1
t_true "apt-get remove ifwho" $?
INSTALLED=0
t_true "removed: no /usr/bin/ifwho" "$([ ! -e /usr/bin/ifwho ]; echo $?)"
t_done
