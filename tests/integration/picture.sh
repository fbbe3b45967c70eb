#!/usr/bin/env bash
# The picture (--format dot|svg|html) of a small world: two namespaces joined by a veth pair whose
# end in the first is a bridge port, and a tun in the second held by a process with a hostile
# name that talks to a far end. The HTML page is loaded in headless Chromium: its nodes must be
# there, and a click on the tun's node must show the tun's evidence. A screenshot is kept in the
# build directory (tests/artifacts/picture.png).
. "$(dirname "$0")/lib.sh"
t_need_root
if ! command -v chromium >/dev/null; then
	echo "SKIP $T_NAME: chromium is not installed (bootstrap's TEST_PKGS has it)"
	exit 77
fi

t_ns a
t_ns b
A=${P}a
B=${P}b
BR=${P}br VA=${P}va VB=${P}vb TN=${P}tn
ip -n "$A" link add "$BR" type bridge
ip -n "$A" link add "$VA" type veth peer name "$VB" netns "$B"
ip -n "$A" link set "$VA" master "$BR"
ip -n "$A" addr add 192.0.2.1/24 dev "$BR"
ip -n "$B" addr add 192.0.2.2/24 dev "$VB"
ip -n "$A" link set "$BR" up
ip -n "$A" link set "$VA" up
ip -n "$B" link set "$VB" up
ip -n "$B" route add default via 192.0.2.1
# The hostile name must reach every format escaped: quotes, <, >, &, an escape sequence and a
# byte that is not UTF-8 (shown as U+FFFD).
EVIL=$'v"<b>&\e[2J\xff'
t_bg b "$TESTPROC" --name "$EVIL" tun "$TN" udpto 198.51.100.7 4500

run() { # FORMAT OUTFILE
	timeout 30 "$IFWHO" "$BR" "$VA" "$VB" "$TN" --format "$1" >"$2" 2>"$T_TMP/stderr"
	T_RC=$?
	[ $T_RC = 0 ] || { echo "  ifwho --format $1 failed ($T_RC):"; head -c 2000 "$T_TMP/stderr"; }
}
has() { # DESCRIPTION FILE FIXED-STRING
	T_CHECKS=$((T_CHECKS + 1))
	if grep -Fq -- "$3" "$2"; then echo "  ok   $1"; else
		echo "  FAIL $1 (no \"$3\" in $(basename "$2"))"
		T_FAILS=$((T_FAILS + 1))
	fi
}
hasnt() { # DESCRIPTION FILE FIXED-STRING
	T_CHECKS=$((T_CHECKS + 1))
	if ! grep -Fq -- "$3" "$2"; then echo "  ok   $1"; else
		echo "  FAIL $1 (\"$3\" found in $(basename "$2"))"
		T_FAILS=$((T_FAILS + 1))
	fi
}

DOT=$T_TMP/world.dot
run dot "$DOT"
t_true "ifwho --format dot succeeds" $T_RC
# The node ids the other formats keep: "if_N" for the interface labelled NAME.
node() { grep -oE "\"if_[0-9]+\" \[id=\"if_[0-9]+\", fillcolor=\"#[0-9a-f]+\", label=\"$1 " "$DOT" |
	grep -oE '^"if_[0-9]+' | tr -d '"'; }
NBR=$(node "$BR") NVA=$(node "$VA") NVB=$(node "$VB") NTN=$(node "$TN")
t_true "every interface is a node ($NBR $NVA $NVB $NTN)" \
	"$([ -n "$NBR" ] && [ -n "$NVA" ] && [ -n "$NVB" ] && [ -n "$NTN" ]; echo $?)"
has "namespace $A is a cluster" "$DOT" "label=\"netns $A"
has "namespace $B is a cluster" "$DOT" "label=\"netns $B"
has "the veth pair is an edge" "$DOT" "\"$NVA\" -> \"$NVB\" [dir=none"
has "the bridge port is an edge" "$DOT" "\"$NVA\" -> \"$NBR\" [color=\"#33a02c\", label=\"bridge port\"]"
has "the tun's holder is a node with an edge to it" "$DOT" "-> \"$NTN\" [color=\"#b15928\""
has "the holder's name is escaped for DOT" "$DOT" $'v\\"<b>&amp;\\\\x1b[2J\xef\xbf\xbd (pid '
has "the far end is a node with an edge from the tun" "$DOT" "\"$NTN\" -> \"peer_198.51.100.7\""
has "the far end's owner is named" "$DOT" "Documentation (TEST-NET-2)"
hasnt "no raw escape character" "$DOT" $'\e'

# Node ids are model indexes, so each run (and other tests' namespaces coming and going) may
# number them differently: in SVG (or the page's DOM), find the node group whose label starts
# with NAME.
svg_node() { # NAME FILE
	awk -v name=">$1 (" 'match($0, /<g id="if_[0-9]+" class="node/) {
		id = substr($0, RSTART + 7, RLENGTH - 7); sub(/".*/, "", id) }
		id != "" && index($0, "<text") { gsub(/&#45;/, "-") } # Graphviz writes - as &#45;
		id != "" && index($0, "<text") && index($0, name) { print id; exit }' "$2"
}
SVG=$T_TMP/world.svg
run svg "$SVG"
t_true "ifwho --format svg succeeds" $T_RC
for n in "$BR" "$VA" "$VB" "$TN"; do
	t_true "SVG has a node for $n" "$([ -n "$(svg_node "$n" "$SVG")" ]; echo $?)"
done
has "the holder's name is escaped for XML" "$SVG" $'v&quot;&lt;b&gt;&amp;\\x1b[2J\xef\xbf\xbd'
hasnt "no markup from the host" "$SVG" "<b>"

HTML=$T_TMP/world.html
run html "$HTML"
t_true "ifwho --format html succeeds" $T_RC
hasnt "self-contained: no external scripts" "$HTML" "src=\"http"
hasnt "self-contained: no external links" "$HTML" "href=\"http"

chrome() { # OUTPUT-OPTION URL: headless Chromium with a fresh profile, bounded in time
	rm -rf "$T_TMP/profile"
	timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$T_TMP/profile" --window-size=1920,1000 --enable-logging=stderr --v=0 \
		"$1" "$2" 2>>"$T_TMP/chromium.log"
}
NTN=$(svg_node "$TN" "$HTML")
DOM0=$T_TMP/dom0.html DOM1=$T_TMP/dom1.html
chrome --dump-dom "file://$HTML" >"$DOM0"
chrome --dump-dom "file://$HTML#click=$NTN" >"$DOM1"
for n in "$BR" "$VA" "$VB" "$TN"; do
	t_true "the page shows a node for $n" "$([ -n "$(svg_node "$n" "$DOM1")" ]; echo $?)"
done
hasnt "the page's script runs without errors" "$T_TMP/chromium.log" "Uncaught"
hasnt "the page loads nothing it is denied (CSP)" "$T_TMP/chromium.log" "Content Security Policy"
hasnt "before a click no evidence is shown" "$DOM0" "data-shown="
has "a click on the tun shows its evidence" "$DOM1" "<aside id=\"detail\" data-shown=\"$NTN\"><section id=\"shown\" class=\"evidence\"><h2>$TN "
# The panel's copy of the tun's section (between <aside and </aside>) names its holder.
sed -n '/<aside id="detail"/,/<\/aside>/p' "$DOM1" >"$T_TMP/panel.html"
has "the evidence names the holder (escaped)" "$T_TMP/panel.html" $'v"&lt;b&gt;&amp;\\x1b[2J\xef\xbf\xbd (pid '
has "the evidence lists findings and their facts" "$T_TMP/panel.html" "/dev/net/tun"
has "the clicked node is highlighted" "$DOM1" "<g id=\"$NTN\" class=\"node sel\">"

ART=${IFW_BUILD:-build}/tests/artifacts
mkdir -p "$ART"
rm -f "$ART/picture.png"
chrome --screenshot="$ART/picture.png" "file://$HTML#click=$NTN" >/dev/null
t_true "screenshot saved as $ART/picture.png" \
	"$([ "$(head -c 8 "$ART/picture.png" 2>/dev/null | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ]; echo $?)"
t_done
