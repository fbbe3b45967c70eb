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
t_done
