#!/usr/bin/env bash
# --write in a directory another user can write to (root keeping a sample in a shared spool):
# a symbolic link that user planted under the file's name is not followed (its target keeps its
# content and mode), an existing file is not overwritten, a new file is created 0600, and two
# interfaces whose names become the same file name ("rt<ESC>[31m" and "rt_[31m") get two files.
# The same for --record-netlink's dumps (new files, 0600, no links followed); --proc-root is gone.
# Needs root (skips otherwise).
. "$(dirname "$0")/lib.sh"
t_need_root
for tool in jq runuser stat; do
	command -v "$tool" >/dev/null || { echo "SKIP $T_NAME: needs $tool"; exit 77; }
done
id nobody >/dev/null 2>&1 || { echo "SKIP $T_NAME: needs user nobody"; exit 77; }

t_ns a
A=${P}a
ESC=$'\e'
V1="rt${ESC}[31m"
V2="rt_[31m"
ip -n "$A" link add "$V1" type veth peer name "$V2" || { echo "FAIL $T_NAME: veth"; exit 1; }
ip -n "$A" link set "$V1" up
ip -n "$A" link set "$V2" up

# The spool: owned by nobody (not sticky, so the kernel's protected_symlinks does not apply).
chmod 0711 "$T_TMP"
SPOOL=$T_TMP/spool
mkdir "$SPOOL" && chown nobody "$SPOOL"
printf 'precious\n' >"$T_TMP/target"
chmod 0644 "$T_TMP/target"
runuser -u nobody -- ln -s "$T_TMP/target" "$SPOOL/s.pcap"
runuser -u nobody -- ln -s "$T_TMP/target" "$SPOOL/m-rt__31m.pcap"

echo "== a planted symbolic link under the --write name"
t_text --netns "$A" --sample 0.3 --write "$SPOOL/s.pcap" "$V1"
T_OUT=$T_TMP/stderr t_grep "the sample is refused, with a line on stderr" "traffic sample skipped: cannot write"
T_OUT=$T_TMP/stderr t_grep "it says the name is a symbolic link" "s\.pcap: it is a symbolic link"
t_true "the link's target keeps its content" "$([ "$(cat "$T_TMP/target")" = precious ] && echo 0 || echo 1)"
t_true "and its mode ($(stat -c %a "$T_TMP/target"))" "$([ "$(stat -c %a "$T_TMP/target")" = 644 ] && echo 0 || echo 1)"
t_true "the link is still a link" "$([ -L "$SPOOL/s.pcap" ] && echo 0 || echo 1)"

echo "== a planted link under one of several per-capture names"
t_text --netns "$A" --sample 0.3 --write "$SPOOL/m.pcap" "$V1" "$V2"
T_OUT=$T_TMP/stderr t_grep "the sample is refused, with a line on stderr" "traffic sample skipped: cannot write"
t_true "the target keeps content and mode" \
	"$([ "$(cat "$T_TMP/target")" = precious ] && [ "$(stat -c %a "$T_TMP/target")" = 644 ] && echo 0 || echo 1)"
t_true "no half-set of files is left" "$([ ! -e "$SPOOL/m-rt__31m-2.pcap" ] && echo 0 || echo 1)"

echo "== an existing file"
runuser -u nobody -- sh -c "printf 'mine\n' >'$SPOOL/e.pcap'"
t_text --netns "$A" --sample 0.3 --write "$SPOOL/e.pcap" "$V1"
T_OUT=$T_TMP/stderr t_grep "the sample is refused, with a line on stderr" "traffic sample skipped: cannot write"
t_true "the file keeps its content" "$([ "$(cat "$SPOOL/e.pcap")" = mine ] && echo 0 || echo 1)"

echo "== new files, two interfaces whose names sanitize alike"
OUT=$T_TMP/out
mkdir "$OUT"
t_json --netns "$A" --sample 0.3 --write "$OUT/n.pcap" "$V1" "$V2"
t_true "ifwho exits 0 (rc $T_RC)" "$T_RC"
n=$(find "$OUT" -name 'n-rt__31m*.pcap' -type f | wc -l)
t_true "two files, one per interface ($n: $(ls "$OUT" | tr '\n' ' '))" "$([ "$n" = 2 ] && echo 0 || echo 1)"
bad=$(find "$OUT" -type f ! -perm 0600 | wc -l)
t_true "each is mode 0600" "$([ "$bad" = 0 ] && echo 0 || echo 1)"
t_check "the warning tells which file holds which capture" \
	'[.warnings[] | select(test("n-rt__31m.pcap") and test("n-rt__31m-2.pcap"))] | length == 1'
echo "== --record-netlink"
REC=$T_TMP/rec
mkdir "$REC" && chown nobody "$REC"
umask 022
t_text --netns "$A" --record-netlink "$REC"
t_true "ifwho exits 0 (rc $T_RC)" "$T_RC"
n=$(find "$REC" -name '*.nl' -type f | wc -l)
bad=$(find "$REC" -name '*.nl' -type f ! -perm 0600 | wc -l)
t_true "dumps written ($n), each mode 0600 despite umask 022 ($bad not)" "$([ "$n" -ge 4 ] && [ "$bad" = 0 ] && echo 0 || echo 1)"
LINKNL=$(cd "$REC" && ls *link.nl | head -1)
rm -f "$REC"/*.nl
runuser -u nobody -- ln -s "$T_TMP/target" "$REC/$LINKNL"
t_text --netns "$A" --record-netlink "$REC"
t_true "a planted link under a dump's name: ifwho fails (rc $T_RC)" "$([ "$T_RC" != 0 ] && echo 0 || echo 1)"
t_true "the target keeps content and mode" \
	"$([ "$(cat "$T_TMP/target")" = precious ] && [ "$(stat -c %a "$T_TMP/target")" = 644 ] && echo 0 || echo 1)"
t_text --proc-root "$T_TMP" --netns "$A"
t_true "--proc-root is no option (rc $T_RC)" "$([ "$T_RC" = 2 ] && echo 0 || echo 1)"

echo "== the commands backend's --record-netlink file (IFWHO_BACKEND=commands)"
# Its one file, ifwho-collect.txt, was opened O_TRUNC: a FIFO planted under the name held the
# run for good (an open for writing waits for a reader), a file of nobody's got the host's
# commands' output (nobody reads it). Now a new file only, as the dumps above.
CREC=$T_TMP/crec
mkdir "$CREC" && chown nobody "$CREC"
runuser -u nobody -- mkfifo "$CREC/ifwho-collect.txt"
timeout 20 env IFWHO_BACKEND=commands "$IFWHO" --record-netlink "$CREC" >"$T_TMP/crec.err" 2>&1
rc=$?
t_true "a FIFO under its name: the run ends (rc $rc, 124 is the timeout)" "$([ "$rc" != 124 ] && [ "$rc" -lt 128 ] && echo 0 || echo 1)"
T_OUT=$T_TMP/crec.err t_grep "and says it did not write the file" "could not write $CREC/ifwho-collect.txt: File exists"
rm -f "$CREC/ifwho-collect.txt"
runuser -u nobody -- touch "$CREC/ifwho-collect.txt"
timeout 20 env IFWHO_BACKEND=commands "$IFWHO" --record-netlink "$CREC" >/dev/null 2>&1
t_true "a file of nobody's under its name gets nothing ($(stat -c %s "$CREC/ifwho-collect.txt") bytes)" \
	"$([ ! -s "$CREC/ifwho-collect.txt" ] && echo 0 || echo 1)"
rm -f "$CREC/ifwho-collect.txt"
timeout 20 env IFWHO_BACKEND=commands "$IFWHO" --record-netlink "$CREC" >/dev/null 2>&1
t_true "a new name: written, root's, mode 0600 ($(stat -c '%U %a' "$CREC/ifwho-collect.txt" 2>&1))" \
	"$([ -s "$CREC/ifwho-collect.txt" ] && [ "$(stat -c '%u %a' "$CREC/ifwho-collect.txt")" = "0 600" ] && echo 0 || echo 1)"

echo "== contrib/ifwho-collect -o FILE"
# `collect >"$out"` followed a link planted under FILE (truncating its target: run as root in
# /tmp, any file on the system) and filled a file another user made there (and can read).
COLLECT=${IFW_SRC:-.}/contrib/ifwho-collect
if [ -f "$COLLECT" ]; then
	CDIR=$T_TMP/cspool
	mkdir -m 1777 "$CDIR"
	runuser -u nobody -- ln -s "$T_TMP/target" "$CDIR/host.txt"
	runuser -u nobody -- touch "$CDIR/mine.txt"
	timeout 60 sh "$COLLECT" -t 5 -o "$CDIR/host.txt" >/dev/null 2>"$T_TMP/collect.err"
	rc=$?
	t_true "a planted link as -o: refused (rc $rc)" "$([ "$rc" != 0 ] && echo 0 || echo 1)"
	t_true "its target keeps content and mode" \
		"$([ "$(cat "$T_TMP/target")" = precious ] && [ "$(stat -c %a "$T_TMP/target")" = 644 ] && echo 0 || echo 1)"
	T_OUT=$T_TMP/collect.err t_grep "it says the file exists" "host.txt exists: not overwritten"
	timeout 60 sh "$COLLECT" -t 5 -o "$CDIR/mine.txt" >/dev/null 2>&1
	t_true "a file of nobody's as -o: left empty" "$([ ! -s "$CDIR/mine.txt" ] && echo 0 || echo 1)"
	timeout 60 sh "$COLLECT" -t 5 -o "$CDIR/new.txt" >/dev/null 2>&1
	rc=$?
	t_true "a new -o file: written (rc $rc), root's, 0600 ($(stat -c '%U %a' "$CDIR/new.txt" 2>&1))" \
		"$([ "$rc" = 0 ] && grep -q '^### ifwho-collect 1' "$CDIR/new.txt" && [ "$(stat -c '%u %a' "$CDIR/new.txt")" = "0 600" ] && echo 0 || echo 1)"
	left=$(find "$CDIR" -name '.ifwho-collect.*' | wc -l)
	t_true "no partial file left beside it ($left)" "$([ "$left" = 0 ] && echo 0 || echo 1)"
	# TMPDIR of nobody's (`sudo -E` or `su` hand it to root): the collector's mktemp directory
	# was made there, and nobody, owning the directory, renamed it away and put one of theirs
	# in its place with links named out and err: each command's output was written as root
	# through them (a file of root's overwritten with conntrack's output). As root it is
	# taken only from a directory no other user can change; otherwise /tmp.
	TD=$T_TMP/tmpdir
	mkdir "$TD" && chown nobody "$TD"
	printf 'precious\n' >"$T_TMP/target2" && chmod 0644 "$T_TMP/target2"
	runuser -u nobody -- sh -c '
		end=$(($(date +%s) + 60))
		while [ "$(date +%s)" -lt "$end" ] && [ ! -e "$1/stop" ]; do
			for d in "$1"/ifwho-collect.*; do
				case $d in *.moved | *"*") continue ;; esac
				[ "$(stat -c %u "$d" 2>/dev/null)" = 0 ] || continue
				mv "$d" "$d.moved" && mkdir -m 777 "$d" &&
					ln -s "$2" "$d/out" && ln -s "$2" "$d/err" && echo "$d" >>"$1/swapped"
			done
		done' sh "$TD" "$T_TMP/target2" &
	SW=$!
	T_PIDS+=("$SW")
	TMPDIR=$TD timeout 60 sh "$COLLECT" -t 5 >/dev/null 2>&1
	runuser -u nobody -- touch "$TD/stop"
	wait "$SW"
	t_true "root's collector with nobody's TMPDIR: no directory of root's made there ($(cat "$TD/swapped" 2>/dev/null | wc -l) taken over)" \
		"$([ ! -e "$TD/swapped" ] && [ -z "$(find "$TD" -mindepth 1 -maxdepth 1 -user 0)" ] && echo 0 || echo 1)"
	t_true "... and the file nobody's links named keeps its content" \
		"$([ "$(cat "$T_TMP/target2")" = precious ] && echo 0 || echo 1)"
	# A directory of nobody's first on root's PATH: its ip and ps are not the ones run.
	UB=$T_TMP/userbin
	mkdir "$UB"
	for c in ip ps ss uname; do
		printf '#!/bin/sh\ntouch %q/ran-%s\n' "$T_TMP" "$c" >"$UB/$c"
		chmod 755 "$UB/$c"
	done
	chown -R nobody "$UB"
	PATH="$UB:$PATH" timeout 60 sh "$COLLECT" -t 5 >/dev/null 2>&1
	ran=$(cd "$T_TMP" && ls ran-* 2>/dev/null | tr '\n' ' ')
	t_true "root's collector with nobody's directory first on PATH: none of its programs ran (${ran:-none})" \
		"$([ -z "$ran" ] && echo 0 || echo 1)"
	# The same directory later on PATH, for a program the system does not have (here wg,
	# hidden by a mount in a mount namespace of this test's): it was taken from there, as root.
	if command -v unshare >/dev/null && [ -x /usr/bin/wg ]; then
		printf '#!/bin/sh\ntouch %q/ran-late-wg\n' "$T_TMP" >"$UB/wg"
		chmod 755 "$UB/wg"
		chown nobody "$UB/wg"
		timeout 60 unshare -m --propagation private sh -c \
			'mount --bind /dev/null /usr/bin/wg && PATH="$1" exec sh "$2" -t 5' \
			sh "/usr/sbin:/usr/bin:/sbin:/bin:$UB" "$COLLECT" >"$T_TMP/late.txt" 2>&1
		t_true "the collector ran (its header is there)" \
			"$(grep -q '^### ifwho-collect 1' "$T_TMP/late.txt" && echo 0 || echo 1)"
		ran=$(cd "$T_TMP" && ls ran-* 2>/dev/null | tr '\n' ' ')
		t_true "nobody's directory after the system's: its wg did not run as root (${ran:-none})" \
			"$([ -z "$ran" ] && echo 0 || echo 1)"
	else
		echo "  (no unshare or no /usr/bin/wg: the late-PATH check skipped)"
	fi
else
	echo "  (no $COLLECT: the collector's checks skipped)"
fi
t_done
