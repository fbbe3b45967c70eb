#!/usr/bin/env bash
# Inputs that are not what their names say, as another user could plant them: a FIFO or a link
# to /proc/kmsg as the evidence file, inside an evidence directory, as a knowledge file (*.json)
# or as --ipdb or --pcap is refused with a message, never read (which would hang). Also: an evidence
# directory with more than 512 files is read in name order and says so, even when that leaves
# nothing ifwho recognizes; a one-line `ip -j` over 16 MiB is reported; a 64-byte IP database is
# reported with its size; --sample takes decimal seconds only; a process named openvpn that names
# /proc/kmsg as its config (or a FIFO as its status file) does not hold the run up.
# Needs root (/proc/kmsg is root's to read; skips otherwise).
. "$(dirname "$0")/lib.sh"
t_need_root
for tool in jq timeout mkfifo; do
	command -v "$tool" >/dev/null || { echo "SKIP $T_NAME: needs $tool"; exit 77; }
done
SEED=${IFW_SRC:-.}/tests/fixtures/evidence/seed
[ -r "$SEED/ifconfig-a.txt" ] || { echo "FAIL $T_NAME: no $SEED"; exit 1; }
# Every ifwho run is bounded: a hang is rc 124.
run() {
	T_OUT=$T_TMP/run.$RANDOM
	timeout 10 "$IFWHO" --color=never "$@" >"$T_OUT" 2>&1
	T_RC=$?
}
refused() { # DESCRIPTION REGEX: ifwho ended in time, not 0, with a line matching REGEX
	t_true "$1: ifwho ends in time (rc $T_RC)" "$([ "$T_RC" != 124 ] && [ "$T_RC" != 0 ] && echo 0 || echo 1)"
	t_grep "$1: says why" "$2"
}

mkfifo "$T_TMP/fifo.txt"
ln -s /proc/kmsg "$T_TMP/kmsg.txt"

echo "== the evidence file itself"
run -e "$T_TMP/fifo.txt"
refused "a FIFO" "fifo.txt: a FIFO, not a regular file; not read"
run -e "$T_TMP/kmsg.txt"
refused "a link to /proc/kmsg" "kmsg.txt: a file of the kernel's proc file system"

echo "== entries of an evidence directory"
EV=$T_TMP/ev
mkdir "$EV" && cp "$SEED"/* "$EV"/
mkfifo "$EV/zz-fifo.txt"
ln -s /proc/kmsg "$EV/zz-kmsg.txt"
t_json -e "$EV"
t_true "ifwho reads the rest (rc $T_RC)" "$T_RC"
t_check "the FIFO is named as not read" '[.warnings[] | select(test("zz-fifo.txt: a FIFO, not a regular file; not read"))] | length == 1'
t_check "the link is named as not followed" '[.warnings[] | select(test("zz-kmsg.txt: a symbolic link \\(not followed\\)"))] | length == 1'
t_check "the real files were read (lo0 from ifconfig)" '[.interfaces[] | select(.name == "lo0")] | length == 1'

echo "== a knowledge file"
mkdir -p "$T_TMP/home/.config/ifwho/knowledge"
mkfifo "$T_TMP/home/.config/ifwho/knowledge/local.json"
T_OUT=$T_TMP/kb.out
HOME=$T_TMP/home timeout 10 "$IFWHO" --color=never -e "$SEED/ifconfig-a.txt" >"$T_OUT" 2>&1
T_RC=$?
refused "a FIFO named *.json" "local.json: a FIFO, not a regular file; not read"
T_OUT=$T_TMP/kbpath.out
HOME=$T_TMP/home timeout 10 "$IFWHO" --color=never -e "$SEED/ifconfig-a.txt" >"$T_OUT" 2>&1
t_grep "... the message names its directory" "home/\.config/ifwho/knowledge/local\.json: a FIFO"
rm -f "$T_TMP/home/.config/ifwho/knowledge/local.json"

echo "== knowledge under a HOME another user owns"
# `sudo -E` or `su` hand a user's HOME to root: ~/.config/ifwho/knowledge comes first and would
# let that user name any creator for root's report. It is read only if it is the running user's.
if id nobody >/dev/null 2>&1; then
	chmod 0711 "$T_TMP"
	for h in mine theirs; do
		mkdir -p "$T_TMP/$h/.config/ifwho/knowledge"
		cat >"$T_TMP/$h/.config/ifwho/knowledge/local.json" <<'JSON'
{"format": "ifwho-knowledge/1", "kind": "ifnames", "entries": [
 {"os": "darwin", "pattern": "lo0", "kind": "", "creator": "planted-creator", "purpose": "planted purpose", "category": "virtual", "confidence": "high", "source": "tests/integration/input_kinds.sh"}]}
JSON
	done
	chown -R nobody "$T_TMP/theirs"
	T_OUT=$T_TMP/kbmine.out
	HOME=$T_TMP/mine timeout 10 "$IFWHO" --color=never --why -e "$SEED/ifconfig-a.txt" lo0 >"$T_OUT" 2>&1
	t_grep "root's own ~/.config/ifwho/knowledge is used" "planted purpose"
	T_OUT=$T_TMP/kbtheirs.out
	HOME=$T_TMP/theirs timeout 10 "$IFWHO" --color=never --why -e "$SEED/ifconfig-a.txt" lo0 >"$T_OUT" 2>&1
	t_true "nobody's is not (the report says nothing planted)" \
		"$(grep -q 'planted' "$T_OUT" && echo 1 || echo 0)"
fi

echo "== IFWHO_DATA_DIR another user owns"
# `sudo -E` hands root a user's IFWHO_DATA_DIR too: taken only from a directory of root's that
# no one else may write to.
if id nobody >/dev/null 2>&1; then
	for d in rootdata userdata; do
		mkdir -p "$T_TMP/$d/knowledge"
		cp "$T_TMP/mine/.config/ifwho/knowledge/local.json" "$T_TMP/$d/knowledge/"
	done
	chown -R nobody "$T_TMP/userdata"
	T_OUT=$T_TMP/dd_root.out
	HOME=/nonexistent IFWHO_DATA_DIR=$T_TMP/rootdata timeout 10 "$IFWHO" --color=never --why -e "$SEED/ifconfig-a.txt" lo0 >"$T_OUT" 2>&1
	t_grep "root's own IFWHO_DATA_DIR is used" "planted purpose"
	T_OUT=$T_TMP/dd_user.out
	HOME=/nonexistent IFWHO_DATA_DIR=$T_TMP/userdata timeout 10 "$IFWHO" --color=never --why -e "$SEED/ifconfig-a.txt" lo0 >"$T_OUT" 2>&1
	t_true "nobody's is not" "$(grep -q 'planted' "$T_OUT" && echo 1 || echo 0)"
	t_grep "... and stderr says why" "IFWHO_DATA_DIR is not a directory of root's"
	# Root's directory named through nobody's link, or inside nobody's directory: nobody could
	# change what the name means between the check and the reads (a link flipped in a loop
	# between root's data and theirs got their knowledge into 11 runs of 100). Inside theirs it
	# is refused; through their link, the directory it led to at the check is the one read.
	mkdir -p "$T_TMP/nbdir" && chown nobody "$T_TMP/nbdir"
	mkdir -p "$T_TMP/nbdir/rootsub/knowledge"
	cp "$T_TMP/rootdata/knowledge/local.json" "$T_TMP/nbdir/rootsub/knowledge/"
	T_OUT=$T_TMP/dd_sub.out
	HOME=/nonexistent IFWHO_DATA_DIR=$T_TMP/nbdir/rootsub timeout 10 "$IFWHO" --color=never --why -e "$SEED/ifconfig-a.txt" lo0 >"$T_OUT" 2>&1
	t_true "root's data inside nobody's directory is not used" "$(grep -q 'planted' "$T_OUT" && echo 1 || echo 0)"
	t_grep "... and stderr says why" "IFWHO_DATA_DIR is not a directory of root's"
	runuser -u nobody -- ln -s "$T_TMP/rootdata" "$T_TMP/nbdir/link"
	T_OUT=$T_TMP/dd_link.out
	HOME=/nonexistent IFWHO_DATA_DIR=$T_TMP/nbdir/link timeout 10 "$IFWHO" --version >"$T_OUT" 2>&1
	t_grep "through nobody's link, root's directory itself is read (not the link's name)" "^Knowledge files .*: $T_TMP/rootdata/knowledge\$"
fi

echo "== --ipdb"
run -e "$SEED/ifconfig-a.txt" --ipdb "$T_TMP/fifo.txt"
refused "a FIFO" "fifo.txt: a FIFO, not a regular file; not read"
run -e "$SEED/ifconfig-a.txt" --ipdb "$T_TMP/kmsg.txt"
refused "a link to /proc/kmsg" "kmsg.txt: a file of the kernel's proc file system"
{ printf 'IFWIPDB\032'; head -c 56 /dev/zero; } >"$T_TMP/short.ipdb"
run -e "$SEED/ifconfig-a.txt" --ipdb "$T_TMP/short.ipdb"
refused "a 64-byte database" "file is 64 bytes, too small"

echo "== --pcap"
# It was opened with fopen: a FIFO held the run for good, /proc/kmsg was read (its messages
# eaten) and would have held it once empty.
run --pcap "$T_TMP/fifo.txt" lo
refused "a FIFO" "fifo.txt: a FIFO, not a regular file; not read"
run --pcap "$T_TMP/kmsg.txt" lo
refused "a link to /proc/kmsg" "kmsg.txt: a file of the kernel's proc file system"
run --pcap /dev/zero lo
refused "a device" "/dev/zero: a character device, not a regular file; not read"

echo "== more than 512 evidence files"
BIG=$T_TMP/big
mkdir "$BIG"
for i in $(seq 1000 1599); do echo "nothing to see $i" >"$BIG/a$i.txt"; done
cp "$SEED/ifconfig-a.txt" "$BIG/zz-ifconfig-a.txt"
run -e "$BIG"
refused "only unrecognized files among the first 512 by name" \
	"no command output ifwho recognizes .*only the first 512 files in name order were read"
BIG2=$T_TMP/big2
mkdir "$BIG2"
for i in $(seq 1000 1599); do echo "nothing to see $i" >"$BIG2/z$i.txt"; done
cp "$SEED"/* "$BIG2"/
t_json -e "$BIG2"
t_check "the files first in name order are the ones read (lo0 from ifconfig)" '[.interfaces[] | select(.name == "lo0")] | length == 1'
t_check "the cap is a warning naming the last file read" \
	'[.warnings[] | select(test("holds 606 files; only the first 512 in name order were read \\(the last one read: z1505.txt\\)"))] | length == 1'

echo "== a one-line ip -j over 16 MiB"
{ printf '[{"ifindex":1,"ifname":"lo","pad":"'; head -c 17000000 /dev/zero | tr '\0' x; printf '"}]\n'; cat "$SEED/ifconfig-a.txt"; } >"$T_TMP/bigjson.txt"
t_json -e "$T_TMP/bigjson.txt"
t_check "it is reported, not dropped silently" '[.warnings[] | select(test("line 1 is longer than 16 MiB and was not read"))] | length == 1'

echo "== a config file named by a process that calls itself openvpn"
# Any user may run a process named openvpn; its command line names the config ifwho reads (as
# root). /proc/kmsg looks like a regular file: reading it blocked the run for good.
t_ns a
t_bg a "$TESTPROC" --name openvpn --uid 65534 pad --config /proc/kmsg --status "$T_TMP/fifo.txt"
OVPN=$T_PID
run --netns "${P}a"
t_true "ifwho ends in time (rc $T_RC)" "$([ "$T_RC" != 124 ] && echo 0 || echo 1)"
t_grep "it says the config was not read, and why" \
	"OpenVPN \\(pid [0-9]+\\): could not read its config file /proc/kmsg: not a regular file"
kill "$OVPN"

echo "== --sample takes decimal seconds"
for v in 0x10 1e1 inf " 2"; do
	run --sample "$v" lo
	t_true "--sample \"$v\" is a usage error (rc $T_RC)" "$([ "$T_RC" = 2 ] && echo 0 || echo 1)"
done
t_done
