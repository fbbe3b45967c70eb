#!/usr/bin/env bash
# --online asks a registry (RDAP) about public addresses; here the registry is a local server with
# recorded answers, so nothing leaves this machine. Without --online nothing is asked.
. "$(dirname "$0")/lib.sh"
[ -x "${HTTPD:-}" ] || { echo "SKIP $T_NAME: no ifw-httpd"; exit 77; }
"$IFWHO" ip --online 192.0.2.1 2>&1 | grep -q "without libcurl" && { echo "SKIP $T_NAME: built without libcurl"; exit 77; }
src=${IFW_SRC:-.}
cp -r "$src/tests/fixtures/rdap" "$T_TMP/www"
t_bg - "$HTTPD" "$T_TMP/www" "$T_TMP/port"
port=$(cat "$T_TMP/port")
sed -i "s/PORT/$port/g" "$T_TMP/www/ipv4.json"
export IFWHO_RDAP_BOOTSTRAP="http://127.0.0.1:$port/" XDG_CACHE_HOME="$T_TMP/cache"

T_OUT=$T_TMP/off.txt
"$IFWHO" ip 208.54.40.75 >"$T_OUT" 2>&1
t_true "without --online: no registry lookup" "$(grep -q registry "$T_OUT" && echo 1 || echo 0)"
T_OUT=$T_TMP/on.txt
"$IFWHO" ip --online 208.54.40.75 192.0.2.1 >"$T_OUT" 2>&1
t_grep "--online: the registry's network and registrant" "registry +TMO2 \\(NET-208-54-0-0-1\\), T-Mobile USA, Inc., 208.54.0.0 - 208.54.159.255"
t_grep "... from the service the bootstrap names" "\\[RDAP http://127.0.0.1:$port/arin/\\]"
t_true "a documentation address is not sent to any registry" "$(grep -A6 '^192.0.2.1' "$T_OUT" | grep -q registry && echo 1 || echo 0)"
T_JSON=$T_TMP/on.json
"$IFWHO" ip --online --json 208.54.40.75 >"$T_JSON"
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	# Run as root, the registry is asked by a child that became nobody: no cache (root's is
	# not nobody's, and nobody's could hold answers planted for root).
	t_check "as root, JSON: rdap fields, asked again (no cache)" ".addresses[0].rdap.handle == \"NET-208-54-0-0-1\" and .addresses[0].rdap.cached == false"
	t_true "... and nothing written in root's cache" "$(ls "$T_TMP/cache/ifwho/rdap/"*.json >/dev/null 2>&1 && echo 1 || echo 0)"
	"$IFWHO" ip --online --user nosuchuser.ifwho 208.54.40.75 >"$T_TMP/nouser.txt" 2>&1
	t_true "--user that does not exist: the child says it could not become it" \
		"$(grep -q 'registry lookups: could not become nosuchuser.ifwho (no such user)' "$T_TMP/nouser.txt" && echo 0 || echo 1)"
	# The cache itself, for a user running ifwho as themselves.
	chmod 0711 "$T_TMP"
	NC=$T_TMP/nobodycache
	mkdir -p "$NC" && chown nobody "$NC" && chmod 0700 "$NC"
	XDG_CACHE_HOME=$NC runuser -u nobody -- "$IFWHO" ip --online --json 208.54.40.75 >/dev/null 2>&1
	XDG_CACHE_HOME=$NC runuser -u nobody -- "$IFWHO" ip --online --json 208.54.40.75 >"$T_JSON" 2>/dev/null
	t_check "a user's own run: JSON rdap fields, from the cache the second time" ".addresses[0].rdap.handle == \"NET-208-54-0-0-1\" and .addresses[0].rdap.org == \"T-Mobile USA, Inc.\" and .addresses[0].rdap.cached == true"
	t_true "the cache lives under XDG_CACHE_HOME" "$(ls "$NC/ifwho/rdap/"*.json >/dev/null 2>&1 && echo 0 || echo 1)"
	mkdir -p "$T_TMP/cache/ifwho/rdap" && cp "$NC/ifwho/rdap/"*.json "$T_TMP/cache/ifwho/rdap/"
else
	t_check "JSON: rdap fields, from the cache this time" ".addresses[0].rdap.handle == \"NET-208-54-0-0-1\" and .addresses[0].rdap.org == \"T-Mobile USA, Inc.\" and .addresses[0].rdap.cached == true"
	t_true "the cache lives under XDG_CACHE_HOME" "$(ls "$T_TMP/cache/ifwho/rdap/"*.json >/dev/null 2>&1 && echo 0 || echo 1)"
fi
"$IFWHO" ip --online 208.54.99.1 >"$T_TMP/miss.txt" 2>&1
t_true "an address the registry does not know: a warning, still an answer" "$(grep -q 'RDAP:.*404' "$T_TMP/miss.txt" && grep -q 'AS21928' "$T_TMP/miss.txt" && echo 0 || echo 1)"
# A registry that redirects elsewhere over plain http: not followed (redirects go to https only),
# so the other server's answer is neither shown nor credited to the registry asked.
mkdir -p "$T_TMP/www/elsewhere/ip"
sed 's/T-Mobile USA, Inc./Someone Else/' "$T_TMP/www/arin/ip/208.54.40.75" >"$T_TMP/www/elsewhere/ip/208.54.40.76"
echo "http://127.0.0.1:$port/elsewhere/ip/208.54.40.76" >"$T_TMP/www/arin/ip/208.54.40.76.redirect"
T_OUT=$T_TMP/redirect.txt
"$IFWHO" ip --online 208.54.40.76 >"$T_OUT" 2>&1
t_true "a redirect to http is not followed: the other answer is not shown" "$(grep -q 'Someone Else' "$T_OUT" && echo 1 || echo 0)"
t_grep "... and the warning says why" "redirected to http://127.0.0.1:$port/elsewhere/ip/208.54.40.76, which is not https; not followed"

# A cache another user controls (root run with their XDG_CACHE_HOME or HOME: `sudo -E`, `su`):
# its answers are not taken (they could name any owner, or a registry of their choice), and a
# FIFO under an answer's name does not hold the run (it was opened with fopen: for good).
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	chmod 0711 "$T_TMP" # nobody reaches its cache below
	UC=$T_TMP/usercache
	mkdir -p "$UC/ifwho/rdap"
	cp "$T_TMP/cache/ifwho/rdap/"*.json "$UC/ifwho/rdap/"
	sed -i 's/T-Mobile USA, Inc./Planted Org/' "$UC/ifwho/rdap/"*.json
	chown -R nobody "$UC" && chmod -R go+rX "$UC"
	T_OUT=$T_TMP/usercache.txt
	XDG_CACHE_HOME=$UC timeout 20 "$IFWHO" ip --online 208.54.40.75 >"$T_OUT" 2>&1
	t_true "another user's cache: its planted answer is not shown" "$(grep -q 'Planted Org' "$T_OUT" && echo 1 || echo 0)"
	t_grep "... the registry is asked instead" "registry +TMO2 \\(NET-208-54-0-0-1\\), T-Mobile USA, Inc."
	for f in "$UC/ifwho/rdap/"*.json; do
		rm -f "$f" && runuser -u nobody -- mkfifo -m 0666 "$f"
	done
	XDG_CACHE_HOME=$UC timeout 20 "$IFWHO" ip --online 208.54.40.75 >"$T_OUT" 2>&1
	rc=$?
	t_true "FIFOs under the answers' names in another user's cache: the run ends (rc $rc)" \
		"$([ "$rc" = 0 ] && echo 0 || echo 1)"
	t_true "a cache of its own that others may write to is not used either" "$(
		chown -R root "$UC" && chmod 0777 "$UC/ifwho/rdap" && rm -f "$UC/ifwho/rdap/"*.json &&
			cp "$T_TMP/cache/ifwho/rdap/"*.json "$UC/ifwho/rdap/" &&
			sed -i 's/T-Mobile USA, Inc./Planted Org/' "$UC/ifwho/rdap/"*.json &&
			XDG_CACHE_HOME=$UC timeout 20 "$IFWHO" ip --online 208.54.40.75 2>&1 |
			grep -q 'Planted Org' && echo 1 || echo 0
	)"
fi
t_done
