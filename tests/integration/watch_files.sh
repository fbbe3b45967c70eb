#!/usr/bin/env bash
# `ifwho watch` (root) with its files in a directory another user can write to, and what it
# writes for hostile names:
#  - --ready-file: a symbolic link planted under its name is not followed (the target keeps its
#    content), and an existing file is not truncated;
#  - --history: a file (or SQLite's -wal next to it) that user made there beforehand is not
#    used (it would receive every creator's command line); the watcher records in memory;
#  - `ifwho history` on a database someone else wrote: its strings reach the terminal escaped;
#    on a FIFO or a device: refused before SQLite opens it (a FIFO held it for good);
#  - --prom: two interfaces whose names write alike (invalid UTF-8, a control byte) are two
#    series, not one series twice (node_exporter drops a repeated series with an error).
# Needs root (skips otherwise).
. "$(dirname "$0")/lib.sh"
t_need_root
for tool in runuser sqlite3 stat; do
	command -v "$tool" >/dev/null || { echo "SKIP $T_NAME: needs $tool"; exit 77; }
done
id nobody >/dev/null 2>&1 || { echo "SKIP $T_NAME: needs user nobody"; exit 77; }

# The spool: owned by nobody (not sticky, so the kernel's protected_* do not apply).
chmod 0711 "$T_TMP"
SPOOL=$T_TMP/spool
mkdir "$SPOOL" && chown nobody "$SPOOL"
printf 'precious\n' >"$T_TMP/target"
chmod 0644 "$T_TMP/target"
watch1() { timeout 30 "$IFWHO" watch --no-addr --duration 0.3 "$@"; }

echo "== --ready-file under a planted link"
runuser -u nobody -- ln -s "$T_TMP/target" "$SPOOL/ready"
watch1 --no-history --ready-file "$SPOOL/ready" >/dev/null 2>"$T_TMP/w1.err"
t_true "the link's target keeps its content" "$([ "$(cat "$T_TMP/target")" = precious ] && echo 0 || echo 1)"
t_true "the link is still a link" "$([ -L "$SPOOL/ready" ] && echo 0 || echo 1)"
T_OUT=$T_TMP/w1.err t_grep "stderr says the ready file could not be made" "ready-file .*ready: "
printf 'mine\n' >"$T_TMP/ready2"
watch1 --no-history --ready-file "$T_TMP/ready2" >/dev/null 2>&1
t_true "an existing ready file is not truncated" "$([ "$(cat "$T_TMP/ready2")" = mine ] && echo 0 || echo 1)"

echo "== --history in a directory another user owns"
# Refused whatever it holds: that user could swap the files between ifwho's checks and
# SQLite's open by name.
watch1 --history "$SPOOL/e.db" >/dev/null 2>"$T_TMP/w0.err"
t_true "nothing is made there" "$([ ! -e "$SPOOL/e.db" ] && echo 0 || echo 1)"
T_OUT=$T_TMP/w0.err t_grep "the watcher says why and records in memory" "e\.db: its directory .*spool belongs to another user"
GW=$T_TMP/groupw
mkdir "$GW" && chmod 0775 "$GW" && chgrp nogroup "$GW" 2>/dev/null
watch1 --history "$GW/e.db" >/dev/null 2>"$T_TMP/w0g.err"
T_OUT=$T_TMP/w0g.err t_grep "a directory of root's that others may write to (not sticky): refused too" "e\.db: its directory .*groupw .*others may write to it"

# A directory of root's inside nobody's: nobody may rename it away and put one of theirs in its
# place between the checks and SQLite's open by name, so it is refused too (it used to be taken).
mkdir "$SPOOL/rootsub" && chmod 0700 "$SPOOL/rootsub"
watch1 --history "$SPOOL/rootsub/e.db" >/dev/null 2>"$T_TMP/w0r.err"
t_true "nothing is made in root's directory inside nobody's" "$([ ! -e "$SPOOL/rootsub/e.db" ] && echo 0 || echo 1)"
T_OUT=$T_TMP/w0r.err t_grep "the watcher names the directory on the way" "e\.db: the directory .*spool belongs to another user"
runuser -u nobody -- ln -s "$GW/.." "$SPOOL/up"
watch1 --history "$SPOOL/up/../e.db" >/dev/null 2>"$T_TMP/w0l.err"
T_OUT=$T_TMP/w0l.err t_grep "a path through nobody's link and .. is refused" "e\.db: the directory .*spool belongs to another user"
mkdir "$T_TMP/rsub"
(cd "$T_TMP" && watch1 --history "rsub/../rel.db" >/dev/null 2>"$T_TMP/w0d.err")
t_true "a relative path with .. to root's directory is made, mode 0600" \
	"$([ "$(stat -c %a "$T_TMP/rel.db" 2>/dev/null)" = 600 ] && echo 0 || echo 1)"

echo "== a history path naming a file of root's that is no database (IFWHO_HISTORY under sudo -E)"
# It used to be made mode 0600 (an /etc/passwd that only root may read), with -wal and -shm
# beside it, before SQLite found it was no database.
printf 'root:x:0:0:root:/root:/bin/bash\n' >"$T_TMP/passwd" && chmod 0644 "$T_TMP/passwd"
IFWHO_HISTORY=$T_TMP/passwd watch1 >/dev/null 2>"$T_TMP/wp.err"
t_true "its mode stays 0644 ($(stat -c %a "$T_TMP/passwd"))" "$([ "$(stat -c %a "$T_TMP/passwd")" = 644 ] && echo 0 || echo 1)"
t_true "its content stays" "$(grep -qx 'root:x:0:0:root:/root:/bin/bash' "$T_TMP/passwd" && echo 0 || echo 1)"
t_true "no -wal or -shm is made beside it" "$([ ! -e "$T_TMP/passwd-wal" ] && [ ! -e "$T_TMP/passwd-shm" ] && echo 0 || echo 1)"
T_OUT=$T_TMP/wp.err t_grep "the watcher says why and records in memory" "passwd is not an SQLite database .*left as it is"

# A named history's missing directory is not made (only the default place's are): root's
# watcher made /etc/nologin a directory for IFWHO_HISTORY=/etc/nologin/h.db, and pam_nologin
# then refuses every other user's login.
IFWHO_HISTORY=$T_TMP/nologin/h.db watch1 >/dev/null 2>"$T_TMP/wn.err"
t_true "no directory is made for IFWHO_HISTORY" "$([ ! -e "$T_TMP/nologin" ] && echo 0 || echo 1)"
watch1 --history "$T_TMP/nologin2/h.db" >/dev/null 2>&1
t_true "... nor for --history" "$([ ! -e "$T_TMP/nologin2" ] && echo 0 || echo 1)"
T_OUT=$T_TMP/wn.err t_grep "the watcher says why and records in memory" "its directory .*nologin: No such file or directory; recording in memory"
# Nor for STATE_DIRECTORY (systemd makes it before the service starts; `sudo -E` hands a
# user's to root): it made $T_TMP/nologin3, and through nobody's link a directory of root's
# wherever the link led.
STATE_DIRECTORY=$T_TMP/nologin3 watch1 >/dev/null 2>"$T_TMP/ws.err"
t_true "no directory is made for STATE_DIRECTORY" "$([ ! -e "$T_TMP/nologin3" ] && echo 0 || echo 1)"
T_OUT=$T_TMP/ws.err t_grep "... and the watcher says why" "nologin3/history\.db: its directory .*nologin3: No such file or directory"
mkdir "$T_TMP/linked"
runuser -u nobody -- ln -s "$T_TMP/linked" "$SPOOL/sd"
STATE_DIRECTORY=$SPOOL/sd/made watch1 >/dev/null 2>&1
t_true "... nor through nobody's link" "$([ ! -e "$T_TMP/linked/made" ] && echo 0 || echo 1)"

# Another program's SQLite database of root's: ifwho's tables used to be written into it and
# it was switched to WAL for good.
sqlite3 "$T_TMP/app.db" 'CREATE TABLE t(x); INSERT INTO t VALUES(1);'
chmod 0644 "$T_TMP/app.db"
IFWHO_HISTORY=$T_TMP/app.db watch1 >/dev/null 2>"$T_TMP/wa.err"
# ... and it was made mode 0600 (its own readers shut out), with an empty -wal and -shm of
# root's left beside it, before the schema check said "left as it is".
t_true "another program's database keeps its mode 0644 ($(stat -c %a "$T_TMP/app.db"))" "$([ "$(stat -c %a "$T_TMP/app.db")" = 644 ] && echo 0 || echo 1)"
t_true "... and gets no -wal or -shm beside it" "$([ ! -e "$T_TMP/app.db-wal" ] && [ ! -e "$T_TMP/app.db-shm" ] && echo 0 || echo 1)"
t_true "another program's database gets no table of ifwho's" "$([ "$(sqlite3 "$T_TMP/app.db" 'SELECT count(*) FROM sqlite_master')" = 1 ] && echo 0 || echo 1)"
t_true "... and stays in its journal mode" "$([ "$(sqlite3 "$T_TMP/app.db" 'PRAGMA journal_mode')" = delete ] && echo 0 || echo 1)"
T_OUT=$T_TMP/wa.err t_grep "the watcher says why" "app\.db is another program's database"

echo "== --history at a file another user made (a sticky directory, as /tmp)"
STICKY=$T_TMP/sticky
mkdir "$STICKY" && chmod 1777 "$STICKY"
runuser -u nobody -- touch "$STICKY/h.db"
watch1 --history "$STICKY/h.db" >/dev/null 2>"$T_TMP/w2.err"
t_true "nobody's file stays empty ($(stat -c %s "$STICKY/h.db") bytes)" "$([ ! -s "$STICKY/h.db" ] && echo 0 || echo 1)"
T_OUT=$T_TMP/w2.err t_grep "the watcher says why and records in memory" "h\.db belongs to another user"
runuser -u nobody -- touch "$STICKY/g.db-wal"
watch1 --history "$STICKY/g.db" >/dev/null 2>"$T_TMP/w3.err"
t_true "nobody's g.db-wal stays empty" "$([ ! -s "$STICKY/g.db-wal" ] && echo 0 || echo 1)"
T_OUT=$T_TMP/w3.err t_grep "and says so" "g\.db-wal belongs to another user"
watch1 --history "$STICKY/mine.db" >/dev/null 2>&1
t_true "root's own new history in a sticky directory is made, mode 0600" \
	"$([ "$(stat -c %a "$STICKY/mine.db" 2>/dev/null)" = 600 ] && echo 0 || echo 1)"
watch1 --history "$T_TMP/own.db" >/dev/null 2>&1
t_true "root's own new history is still made, mode 0600" \
	"$([ "$(stat -c %a "$T_TMP/own.db" 2>/dev/null)" = 600 ] && echo 0 || echo 1)"

LONG=$T_TMP/$(printf 'l%.0s' $(seq 1 600))
watch1 --history "$LONG" >/dev/null 2>"$T_TMP/w5.err"
T_OUT=$T_TMP/w5.err t_grep "a history path too long is refused, not cut short" "history path longer than 511 bytes"

echo "== a FIFO or a device as the history"
# `ifwho history --history FILE` handed any path to SQLite, whose open waits on a FIFO for good
# (a FIFO nobody planted in a spool root reads from) and opens devices; the watcher opened a
# device read-write before it checked what it was.
runuser -u nobody -- mkfifo -m 0666 "$SPOOL/f.db"
timeout 20 "$IFWHO" history --history "$SPOOL/f.db" >/dev/null 2>"$T_TMP/hf.err"
rc=$?
t_true "history on a FIFO: refused, not held (rc $rc)" "$([ "$rc" != 124 ] && [ "$rc" != 0 ] && echo 0 || echo 1)"
T_OUT=$T_TMP/hf.err t_grep "... and says what it is" "f\.db: a FIFO, not a regular file"
timeout 20 "$IFWHO" history --history /dev/zero >/dev/null 2>"$T_TMP/hz.err"
T_OUT=$T_TMP/hz.err t_grep "history on a device: refused" "/dev/zero: a character device, not a regular file"
runuser -u nobody -- mkfifo -m 0666 "$STICKY/f.db"
watch1 --history "$STICKY/f.db" >/dev/null 2>"$T_TMP/wf.err"
rc=$?
t_true "watch with a FIFO as its history: records in memory, ends (rc $rc)" "$([ "$rc" != 124 ] && echo 0 || echo 1)"
T_OUT=$T_TMP/wf.err t_grep "... and says why" "f\.db is not a regular file"

echo "== ifwho history on a database someone else wrote"
sqlite3 "$T_TMP/own.db" "INSERT INTO events (time_ns, event, netns, name, creator_line, confidence)
	VALUES (1765000000000000000, char(27) || ']0;pwned' || char(7) || 'created', 'host', 'x0',
	'ip (pid 1)', char(27) || '[31mexact')"
T_OUT=$T_TMP/hist.out
timeout 20 "$IFWHO" history --history "$T_TMP/own.db" >"$T_OUT" 2>&1
t_grep "the row is listed" "x0 in host by ip"
t_true "no ESC or BEL byte in the listing" "$(grep -q $'[\033\007]' "$T_OUT" && echo 1 || echo 0)"

echo "== numbers out of range are usage errors, not undefined conversions"
for a in "--duration 1e300" "--duration nan" "--keep-days inf" "--max-mb 1e400"; do
	# shellcheck disable=SC2086
	timeout 30 "$IFWHO" watch --no-addr --no-history --duration 0.3 $a >/dev/null 2>&1
	rc=$?
	t_true "watch $a: rc 2 ($rc)" "$([ "$rc" = 2 ] && echo 0 || echo 1)"
done
for a in "1e400m" "nanm" "99999999999999999999d"; do
	timeout 30 "$IFWHO" history --history "$T_TMP/own.db" --since "$a" >/dev/null 2>&1
	rc=$?
	t_true "history --since $a: rc 2 ($rc)" "$([ "$rc" = 2 ] && echo 0 || echo 1)"
done

echo "== --prom with names that write alike"
t_ns a
A=${P}a
ip -n "$A" link add "$(printf 'x\377')" type veth peer name "$(printf 'x\376')" ||
	{ echo "FAIL $T_NAME: veth"; exit 1; }
ip -n "$A" link add "$(printf 'y\001')" type veth peer name y || { echo "FAIL $T_NAME: veth"; exit 1; }
mkdir "$T_TMP/prom"
timeout 30 "$IFWHO" watch --no-addr --no-history --duration 1 --prom "$T_TMP/prom/i.prom" \
	>/dev/null 2>"$T_TMP/w4.err"
grep "^ifwho_interface_info{netns=\"$A\"" "$T_TMP/prom/i.prom" >"$T_TMP/series"
n=$(wc -l <"$T_TMP/series")
u=$(sed 's/ [0-9]*$//' "$T_TMP/series" | sort -u | wc -l)
t_true "four links, four distinct series ($n lines, $u distinct)" "$([ "$n" = 4 ] && [ "$u" = 4 ] && echo 0 || echo 1)"
t_true "the file is valid UTF-8" "$(iconv -f UTF-8 -t UTF-8 "$T_TMP/prom/i.prom" >/dev/null 2>&1 && echo 0 || echo 1)"
t_done
