#!/bin/sh
# Builds the ipdb benchmark and runs it against data/ipdb/asn.ipdb and, for comparison, an .mmdb
# of similar size fetched with npm into a cache dir (not committed):
#   @ip-location-db/geo-whois-asn-country-mmdb  geo-whois-asn-country.mmdb (IPv4 + IPv6)
# usage: bench/ipdb/run.sh [N]      (N random addresses per family, default 1000000)
# MMDB=path uses that .mmdb instead; MMDB=none skips the comparison.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-1000000}
cache=${IFWHO_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ifwho-bench}
mkdir -p "$cache"
cc=${CC:-cc}

mmdb=${MMDB:-}
if [ -z "$mmdb" ]; then
	mmdb="$cache/node_modules/@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb"
	if [ ! -f "$mmdb" ]; then
		echo "fetching @ip-location-db/geo-whois-asn-country-mmdb into $cache" >&2
		(cd "$cache" && { [ -f package.json ] || npm init -y >/dev/null 2>&1; } &&
			npm install --no-audit --no-fund --ignore-scripts --loglevel=error \
				@ip-location-db/geo-whois-asn-country-mmdb >/dev/null)
	fi
fi
[ "$mmdb" = none ] && mmdb=

# Same optimization level as the project's default (debugoptimized) build.
with_mmdb=0
libs=
if pkg-config --exists libmaxminddb 2>/dev/null; then
	with_mmdb=1
	libs=$(pkg-config --libs libmaxminddb)
fi
src="$root/bench/ipdb/bench.c $root/src/ipdb/ipdb.c $root/src/ipdb/verify.c $root/src/ipdb/crc32.c
     $root/src/util/err.c $root/src/util/ipaddr.c"
[ $with_mmdb = 1 ] && src="$src $root/src/ipdb/mmdb.c"
bin="$cache/ipdb-bench"
# shellcheck disable=SC2086
$cc -std=c17 -O2 -D_GNU_SOURCE -DIFW_BENCH_MMDB=$with_mmdb -I"$root/src" -o "$bin" $src $libs

"$bin" "$root/data/ipdb/asn.ipdb" "$mmdb" "$n"
echo
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores; cc: $($cc --version | head -1)"
