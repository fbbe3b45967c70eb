#!/usr/bin/env bash
# evidence_corpus: `ifwho --evidence FILE --json` on every real-world paste in
# tests/fixtures/evidence/real (and each real/holdout*/ round, a set of its own), scored
# against the answers written in each paste's .expect file before the tool was ever run on
# it (format: real/README.md).
#
# Per expected interface the answer is
#   explained         present, nothing confidently wrong, and the verdict gives an expected
#                     category (or a creator/holder matches an expected name) at >= possible;
#                     for an "unknowable" interface: present and nothing confidently wrong
#   confidently wrong likely/certain (>= 70) verdict whose category is neither expected nor
#                     tolerated ("ok"), or a likely/certain creator finding that names none of
#                     the expected creators (for "unknowable": any likely/certain creator
#                     finding unless it matches a listed creator); a finding that names only a
#                     process id whose name the evidence lacks ("process N holds it") names no
#                     creator and is not judged
#   unexplained       anything else (absent, unknown, weak, or only a tolerated category)
# The test fails when any interface is confidently wrong, when a fixture is malformed, or, with
# IFW_CORPUS_MIN=NN in the environment, when a set explains fewer than NN percent. Offline only:
# no root, no namespaces, no network; each run is bounded by a timeout.
# shellcheck disable=SC2016 # the single-quoted strings are jq programs
set -u
IFW_SRC=${IFW_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

CORPUS="$IFW_SRC/tests/fixtures/evidence/real"
[ -x "$IFWHO" ] || { echo "SKIP $T_NAME: no ifwho at $IFWHO"; exit 77; }
command -v jq >/dev/null || { echo "SKIP $T_NAME: needs jq"; exit 77; }
[ -d "$CORPUS" ] || { echo "FAIL $T_NAME: no corpus at $CORPUS"; exit 1; }
VERBOSE=${IFW_CORPUS_VERBOSE:-0}

# The category strings ifwho gives (data/knowledge/ifnames.json, src/infer/rule_*.c); an
# expectation naming anything else is a typo in the fixture.
CATEGORIES=" loopback kernel-fallback physical container vm vpn mesh-vpn overlay bridge telephony"
CATEGORIES+=" apple-p2p apple-system capture dialup cellular virtual netns voip router "

FORMAT_ERRORS=0
format_error() {
	echo "  FORMAT $1"
	FORMAT_ERRORS=$((FORMAT_ERRORS + 1))
}

trim() {
	local s=$1
	s=${s#"${s%%[![:space:]]*}"}
	s=${s%"${s##*[![:space:]]}"}
	printf '%s' "$s"
}

# The judgement of one expected interface, as one word and a reason, from the tool's JSON.
JUDGE='
def lc: ascii_downcase;
def names($s): $s | split(",") | map(gsub("^\\s+|\\s+$"; "")) | map(select(. != "" and . != "-"));
def quote: gsub("(?<c>[.*+?^${}()|\\[\\]\\\\/])"; "\\\(.c)");
# a name counts when it stands as a whole word ("docker" is not "dockerd", "vm" not "vmnet")
def mentions($list): (. // "") as $t
  | any($list[]; . as $n | $t | test("(^|[^A-Za-z0-9])" + ($n | quote) + "($|[^A-Za-z0-9])"; "i"));
names($cats) as $C | names($oks) as $O | names($creators) as $R |
[.interfaces[] | select(.name == $name)] as $hits |
if ($hits | length) == 0 then {r: "unexplained", why: "absent from the report"}
else $hits[0] as $i |
  ($i.verdict.confidence // 0) as $vc |
  ($i.verdict.category // "unknown") as $vcat |
  # "process N holds it" (or "? (pid N)") names a process id, not a creator: it cannot be
  # wrong about who.
  [$i.findings[]? | select(.role == "creator") | select(.claim | test("^(\\? \\(pid [0-9]+\\)|process [0-9]+ )") | not)]
    as $cf |
  [$i.held_by[]? | .process.comm // empty] as $held |
  (if $vc >= 70 and $vcat != "unknown" and (($C + $O) | index([$vcat]) | not)
   then "category \($vcat) at \($vc)" else null end) as $badcat |
  (if ($R | length) > 0 then [$cf[] | select(.confidence >= 70) | select(.claim | mentions($R) | not)]
   elif $mode == "unknowable" then [$cf[] | select(.confidence >= 70)]
   else [] end) as $badcreators |
  if $badcat != null then {r: "wrong", why: "\($badcat): \($i.verdict.text)"}
  elif ($badcreators | length) > 0 then
    {r: "wrong", why: "creator at \($badcreators[0].confidence): \($badcreators[0].claim)"}
  elif $mode == "unknowable" then
    {r: "explained", why: "\($i.verdict.confidence_word) \($vcat) (\($vc))"}
  elif $vc >= 40 and ($C | index([$vcat])) then
    {r: "explained", why: "\($i.verdict.confidence_word) \($vcat) (\($vc))"}
  elif ($R | length) > 0 and (any($cf[]; .confidence >= 40 and (.claim | mentions($R)))
        or any($held[]; mentions($R))
        or ($vc >= 40 and ($i.verdict.text | mentions($R))))
  then {r: "explained", why: "creator named (\($vc))"}
  else {r: "unexplained", why: "\($i.verdict.confidence_word) \($vcat) (\($vc)): \($i.verdict.text)"}
  end
end | "\(.r)\t\(.why)"'

# The judge judged: a verdict outside the expected categories at "likely", a creator claim naming
# the wrong program, an honest unknown for an unknowable interface, a matching creator finding, and
# a process id without a name ("tail" is not "Tailscale": names match as whole words). If these come out otherwise, the scores below mean nothing.
judge_selftest() {
	local js="$T_TMP/selftest.json" got args n m c o r want
	cat >"$js" <<'JSON'
{"interfaces": [
 {"name": "a", "verdict": {"text": "x", "confidence": 85, "confidence_word": "likely",
  "category": "container"}, "findings": [], "held_by": []},
 {"name": "b", "verdict": {"text": "x", "confidence": 30, "confidence_word": "weak",
  "category": "unknown"}, "findings": [{"role": "creator", "confidence": 75,
  "claim": "openvpn (pid 9) holds it open"}], "held_by": []},
 {"name": "c", "verdict": {"text": "x", "confidence": 35, "confidence_word": "weak",
  "category": "unknown"}, "findings": [], "held_by": []},
 {"name": "d", "verdict": {"text": "x", "confidence": 30, "confidence_word": "weak",
  "category": "unknown"}, "findings": [{"role": "creator", "confidence": 70,
  "claim": "MTU 1280 is what Tailscale sets"}], "held_by": []},
 {"name": "e", "verdict": {"text": "x", "confidence": 60, "confidence_word": "possible",
  "category": "virtual"}, "findings": [{"role": "creator", "confidence": 95,
  "claim": "? (pid 7) holds it open through /dev/net/tun"}], "held_by": []}
]}
JSON
	for args in "a known vpn - - wrong" "a known vpn container - unexplained" \
		"b known vpn - tailscaled wrong" "b unknowable vpn - - wrong" \
		"c unknowable vpn - - explained" "d known vpn - tailscale,tailscaled explained" \
		"d known vpn - tail wrong" "e known vpn - openvpn unexplained" "z known vpn - - unexplained"; do
		read -r n m c o r want <<<"$args"
		got=$(jq -r --arg name "$n" --arg mode "$m" --arg cats "$c" --arg oks "${o#-}" \
			--arg creators "${r#-}" "$JUDGE" "$js" | cut -f1)
		if [ "$got" != "$want" ]; then
			echo "FAIL $T_NAME: scorer self-test: $args gave $got"
			exit 1
		fi
	done
}
judge_selftest

# score_set DIR LABEL: prints per-paste lines and leaves the totals in S_N, S_K, S_W.
score_set() {
	local dir=$1 label=$2 txt exp out line name mode cats oks creators p res why
	local pn pk pw os
	S_N=0 S_K=0 S_W=0
	declare -gA OS_N OS_K OS_W
	for txt in "$dir"/*.txt; do
		[ -e "$txt" ] || continue
		exp=${txt%.txt}.expect
		p="$label/$(basename "$txt" .txt)"
		os=$(basename "$txt" | cut -d- -f1)
		if [ ! -f "$exp" ]; then
			format_error "$p: no .expect file"
			continue
		fi
		grep -q '^source: ' "$exp" || format_error "$p: no source: line"
		grep -q '^iface ' "$exp" || format_error "$p: no iface line"
		out="$T_TMP/out.json"
		if ! timeout 20 "$IFWHO" --color=never --evidence "$txt" --json >"$out" 2>"$T_TMP/err" ||
			! jq -e '.interfaces' "$out" >/dev/null 2>&1; then
			echo '{"interfaces":[]}' >"$out"
			echo "  $p: no usable JSON ($(head -c 200 "$T_TMP/err" | tr '\n' ' '))"
		fi
		pn=0 pk=0 pw=0
		local detail=""
		while IFS= read -r line; do
			line=${line%%| note*}
			name="" mode=known cats="" oks="" creators=""
			local IFS='|' field
			for field in $line; do
				field=$(trim "$field")
				case $field in
				iface\ *) name=${field#iface } ;;
				unknowable) mode=unknowable ;;
				category\ *) cats=${field#category } ;;
				ok\ *) oks=${field#ok } ;;
				creator\ *) creators=${field#creator } ;;
				"" | note) ;;
				*) format_error "$p: unknown field '$field'" ;;
				esac
			done
			unset IFS
			if [ -z "$name" ]; then
				format_error "$p: iface line without a name"
				continue
			fi
			local c
			for c in ${cats//,/ } ${oks//,/ }; do
				case $CATEGORIES in *" $c "*) ;; *) format_error "$p: $name: unknown category '$c'" ;; esac
			done
			if [ "$mode" = known ] && [ -z "$cats" ]; then
				format_error "$p: $name: no category"
			fi
			res=$(jq -r --arg name "$name" --arg mode "$mode" --arg cats "$cats" --arg oks "$oks" \
				--arg creators "$creators" "$JUDGE" "$out" 2>&1) || res="unexplained	jq: $res"
			why=${res#*	}
			res=${res%%	*}
			pn=$((pn + 1))
			case $res in
			explained)
				pk=$((pk + 1))
				[ "$VERBOSE" = 1 ] && detail+="    ok    $name: $why"$'\n'
				;;
			wrong)
				pw=$((pw + 1))
				detail+="    WRONG $name ($mode; expected ${cats:--}; creators ${creators:--}): $why"$'\n'
				;;
			*) detail+="    ----  $name: $why"$'\n' ;;
			esac
		done < <(grep '^iface ' "$exp")
		printf '  %-58s %2d/%-2d explained' "$p" "$pk" "$pn"
		[ "$pw" -gt 0 ] && printf ', %d CONFIDENTLY WRONG' "$pw"
		printf '\n%s' "$detail"
		S_N=$((S_N + pn)) S_K=$((S_K + pk)) S_W=$((S_W + pw))
		OS_N[$label/$os]=$((${OS_N[$label/$os]:-0} + pn))
		OS_K[$label/$os]=$((${OS_K[$label/$os]:-0} + pk))
		OS_W[$label/$os]=$((${OS_W[$label/$os]:-0} + pw))
	done
}

pct() { [ "$2" -gt 0 ] && echo $(($1 * 100 / $2)) || echo 0; }

# The sets, in the order they were gathered: real/ itself, then each holdout round.
SETS=(real)
for d in "$CORPUS"/holdout*/; do
	[ -d "$d" ] && SETS+=("$(basename "$d")")
done
declare -A SET_N SET_K SET_W
for set in "${SETS[@]}"; do
	echo "== $set/"
	dir=$CORPUS
	[ "$set" = real ] || dir=$CORPUS/$set
	score_set "$dir" "$set"
	SET_N[$set]=$S_N SET_K[$set]=$S_K SET_W[$set]=$S_W
done

echo
for key in $(printf '%s\n' "${!OS_N[@]}" | sort); do
	echo "  $key: ${OS_K[$key]}/${OS_N[$key]} explained, ${OS_W[$key]} confidently wrong"
done
all_n=0 all_w=0
for set in "${SETS[@]}"; do
	n=${SET_N[$set]} k=${SET_K[$set]} w=${SET_W[$set]}
	echo "corpus $set/: $k/$n interfaces explained ($(pct "$k" "$n")%), $w confidently wrong"
	all_n=$((all_n + n)) all_w=$((all_w + w))
done

fail=0
if [ "$FORMAT_ERRORS" -gt 0 ]; then
	echo "FAIL $T_NAME: $FORMAT_ERRORS malformed fixture line(s)"
	fail=1
fi
if [ "$all_n" -eq 0 ]; then
	echo "FAIL $T_NAME: no expected interfaces found under $CORPUS"
	fail=1
fi
if [ "$all_w" -gt 0 ]; then
	echo "FAIL $T_NAME: $all_w interface(s) confidently wrong"
	fail=1
fi
if [ -n "${IFW_CORPUS_MIN:-}" ]; then
	for set in "${SETS[@]}"; do
		k=${SET_K[$set]} n=${SET_N[$set]}
		if [ "$(pct "$k" "$n")" -lt "$IFW_CORPUS_MIN" ]; then
			echo "FAIL $T_NAME: $set/ explains $(pct "$k" "$n")% < IFW_CORPUS_MIN=$IFW_CORPUS_MIN%"
			fail=1
		fi
	done
fi
[ "$fail" -eq 0 ] && echo "PASS $T_NAME ($all_n interfaces scored)"
exit "$fail"
