#!/bin/sh
# Regenerates the committed offline data from npm packages:
#   data/ipdb/asn.ipdb    from @ip-location-db/asn (asn-ipv4.csv, asn-ipv6.csv), via ifwho-mkipdb
#   data/operators.json   from mcc-mnc-list + tools/ipdb/rdns_patterns.json, via mkoperators.js
#   data/ipdb/SOURCE      what was used (versions, integrity, data date)
# Pin versions for a reproducible run: ASN_VERSION=2.3.2026061719 MCC_VERSION=1.1.11 update.sh
# BUILD_DIR=dir reuses a configured Meson build of this tree (default: a fresh one in a temp dir).
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
asn_pkg="@ip-location-db/asn@${ASN_VERSION:-latest}"
mcc_pkg="mcc-mnc-list@${MCC_VERSION:-latest}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ifwho-ipdb.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

echo "== downloading $asn_pkg and $mcc_pkg"
(cd "$tmp" && npm init -y >/dev/null 2>&1 &&
	npm install --no-audit --no-fund --ignore-scripts --loglevel=error "$asn_pkg" "$mcc_pkg" >/dev/null)
asn_dir="$tmp/node_modules/@ip-location-db/asn"
mcc_dir="$tmp/node_modules/mcc-mnc-list"
pkgfield() { node -e 'const p=require(process.argv[1]); console.log(p[process.argv[2]])' "$1/package.json" "$2"; }
lockfield() {
	node -e 'const l=require(process.argv[1]); console.log(l.packages["node_modules/"+process.argv[2]][process.argv[3]])' \
		"$tmp/package-lock.json" "$1" "$2"
}
asn_ver=$(pkgfield "$asn_dir" version)
mcc_ver=$(pkgfield "$mcc_dir" version)

# ip-location-db versions end in the data's build time, YYYYMMDDHH (2.3.2026061719).
stamp=${asn_ver##*.}
case "$stamp" in
[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*) ;;
*) echo "update.sh: cannot read a date from version $asn_ver" >&2; exit 1 ;;
esac
date_iso=$(printf '%s-%s-%s' "$(echo "$stamp" | cut -c1-4)" "$(echo "$stamp" | cut -c5-6)" "$(echo "$stamp" | cut -c7-8)")

echo "== building ifwho-mkipdb"
build=${BUILD_DIR:-$tmp/build}
if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" "$root" >/dev/null
fi
ninja -C "$build" tools/ipdb/ifwho-mkipdb >/dev/null
mkipdb="$build/tools/ipdb/ifwho-mkipdb"

echo "== converting"
mkdir -p "$root/data/ipdb"
"$mkipdb" -o "$root/data/ipdb/asn.ipdb" --date "$date_iso" \
	--source "@ip-location-db/asn $asn_ver (CC BY 4.0: RouteViews, DB-IP, NRO)" \
	"$asn_dir/asn-ipv4.csv" "$asn_dir/asn-ipv6.csv"
"$mkipdb" --check "$root/data/ipdb/asn.ipdb"

# The motivating addresses must come out as T-Mobile USA, or the data (or the converter) broke.
for a in 208.54.40.75 2607:fb90:13c0:e82::; do
	line=$("$mkipdb" --lookup "$root/data/ipdb/asn.ipdb" "$a")
	echo "$line"
	case "$line" in *"AS21928	T-Mobile USA"*) ;; *) echo "update.sh: unexpected answer for $a" >&2; exit 1 ;; esac
done

echo "== operators"
node "$root/tools/ipdb/mkoperators.js" "$mcc_dir/mcc-mnc-list.json" "$root/tools/ipdb/rdns_patterns.json" \
	"mcc-mnc-list $mcc_ver (MIT; data from Wikipedia's Mobile country code list, CC BY-SA 4.0) + ifwho rdns patterns" \
	>"$root/data/operators.json.tmp"
mv "$root/data/operators.json.tmp" "$root/data/operators.json"

age_days=$(( ($(date -u +%s) - $(date -u -d "$date_iso" +%s)) / 86400 ))
cat >"$root/data/ipdb/SOURCE" <<EOT
asn.ipdb: @ip-location-db/asn $asn_ver ($(lockfield @ip-location-db/asn integrity))
  data date $date_iso; CC BY 4.0 by RouteViews, DB-IP and NRO (see NOTICE)
operators.json: mcc-mnc-list $mcc_ver ($(lockfield mcc-mnc-list integrity))
regenerate: ASN_VERSION=$asn_ver MCC_VERSION=$mcc_ver tools/ipdb/update.sh
EOT
echo "== done"
cat "$root/data/ipdb/SOURCE"
echo "data date $date_iso: $age_days days old"
ls -l "$root/data/ipdb/asn.ipdb" "$root/data/operators.json"
