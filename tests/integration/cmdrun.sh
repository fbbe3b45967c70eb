#!/usr/bin/env bash
# cmdrun: the command-running backend (IFWHO_BACKEND=commands, the live backend on macOS and the
# BSDs) on Linux, with a PATH of stand-ins that print recorded macOS and FreeBSD output
# (tests/fixtures/cmdrun/README.md says where each recording comes from):
#   - on the seed Mac's commands, ipsec0 is explained as `ifwho --evidence` explains the same
#     outputs saved in files, and the commands without a recording are noted as missing;
#   - a command that hangs is killed at its time limit (with what it started) and the run ends;
#   - a command that prints 100 MB is cut at the cap and the run ends;
#   - on FreeBSD's commands, tailscale0 is explained as its saved paste is.
# No root, no namespaces, no network; every run is bounded by a timeout.
# shellcheck disable=SC2016 # the single-quoted strings are jq programs
set -u
IFW_SRC=${IFW_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

[ -x "$IFWHO" ] || { echo "SKIP $T_NAME: no ifwho at $IFWHO"; exit 77; }
command -v jq >/dev/null || { echo "SKIP $T_NAME: needs jq"; exit 77; }
IFWHO=$(cd "$(dirname "$IFWHO")" && pwd)/$(basename "$IFWHO")
FIX="$IFW_SRC/tests/fixtures"
MAC="$FIX/cmdrun/macos/bin"
BSD="$FIX/cmdrun/freebsd/bin"

# live BIN ARGS...: ifwho --json with the command backend and PATH=BIN only, into $T_JSON; the
# time it took in $T_SECS.
live() {
	local bin=$1
	shift
	T_JSON="$T_TMP/live.$RANDOM.json"
	local t0=$SECONDS
	timeout 60 env PATH="$bin" IFWHO_BACKEND=commands "$IFWHO" --json "$@" >"$T_JSON" \
		2>"$T_TMP/stderr"
	T_RC=$?
	T_SECS=$((SECONDS - t0))
	if [ ! -s "$T_JSON" ] || ! jq -e . "$T_JSON" >/dev/null 2>&1; then
		echo "FAIL $T_NAME: ifwho $* on $bin gave no valid JSON (rc $T_RC)"
		head -c 2000 "$T_TMP/stderr"
		exit 1
	fi
}

# What a verdict is, for comparing two runs: the interface's verdict and creator findings.
VERDICT='[.interfaces[] | {name, verdict: (.verdict | {text, category, confidence}),
	creators: [.findings[]? | select(.role == "creator") | .claim] | sort}] | sort_by(.name)'

# bin_with BIN NAME SCRIPT: a directory of wrappers that run BIN's stand-ins, with NAME
# replaced by SCRIPT (a shell script body). Prints the directory.
bin_with() {
	local src=$1 name=$2 body=$3 dir f
	dir=$(mktemp -d "$T_TMP/bin.XXXX")
	for f in "$src"/*; do
		printf '#!/bin/sh\nexec %q "$@"\n' "$f" >"$dir/${f##*/}"
		chmod 755 "$dir/${f##*/}"
	done
	printf '#!/bin/sh\n%s\n' "$body" >"$dir/$name"
	chmod 755 "$dir/$name"
	echo "$dir"
}

echo "--- the seed Mac's commands"
timeout 30 "$IFWHO" --json --evidence "$FIX/evidence/seed" >"$T_TMP/saved.json" 2>/dev/null
jq "$VERDICT" "$T_TMP/saved.json" >"$T_TMP/saved.verdicts"
live "$MAC"
jq "$VERDICT" "$T_JSON" >"$T_TMP/live.verdicts"
t_true "ifwho exited 0" "$T_RC"
t_check "the commands' system is the Mac's" '.host.os == "darwin" and (.host.kernel | test("Darwin 15"))'
t_check "ipsec0 is Wi-Fi calling (telephony) from the commands' output" \
	'.interfaces[] | select(.name == "ipsec0") | .verdict.category == "telephony" and .verdict.confidence >= 70'
t_check "CommCenter is named as ipsec0's maker" \
	'[.interfaces[] | select(.name == "ipsec0") | .findings[]? | select(.role == "creator") | .claim | test("CommCenter")] | any'
cmp -s "$T_TMP/saved.verdicts" "$T_TMP/live.verdicts"
t_true "every interface's verdict is the one --evidence gives on the same outputs saved" $?
[ "$T_FAILS" -eq 0 ] || diff "$T_TMP/saved.verdicts" "$T_TMP/live.verdicts" | head -20
t_check "a command without a stand-in is noted as missing" \
	'[.warnings[] | test("scutil --nwi. not run: scutil is not on PATH")] | any'
t_check "a command that failed is noted with its status" \
	'[.warnings[] | test("ifconfig -v -a. exited with status 1")] | any'
# The --evidence run of the same file the command backend records reads the same.
mkdir -p "$T_TMP/rec"
timeout 60 env PATH="$MAC" IFWHO_BACKEND=commands "$IFWHO" --record-netlink "$T_TMP/rec" >/dev/null 2>&1
grep -q '^### ifwho-collect: lsof -i -n -P +c0$' "$T_TMP/rec/ifwho-collect.txt" 2>/dev/null
t_true "--record-netlink keeps what was read in the collector's format" $?
timeout 30 "$IFWHO" --json --evidence "$T_TMP/rec/ifwho-collect.txt" 2>/dev/null | jq "$VERDICT" \
	>"$T_TMP/rec.verdicts"
cmp -s "$T_TMP/rec.verdicts" "$T_TMP/live.verdicts"
t_true "the recorded file explains the same when read back with --evidence" $?

echo "--- a command that hangs"
# scutil sleeps (in a child of its shell, whose pid it leaves behind) and never answers.
hang=$(bin_with "$MAC" scutil "/bin/sleep 300 & echo \$! >$T_TMP/sleeper; wait")
live "$hang" ipsec0
t_check "the run ends with a report" '.interfaces[0].name == "ipsec0"'
t_true "it took less than 5 s plus 10 s of slack ($T_SECS s)" "$([ "$T_SECS" -lt 15 ] && echo 0 || echo 1)"
t_check "the hanging command is noted as killed at its limit" \
	'[.warnings[] | test("scutil --nwi. did not finish within 5 s: killed")] | any'
t_check "ipsec0 is still explained" \
	'.interfaces[0].verdict.category == "telephony" and .interfaces[0].verdict.confidence >= 70'
sleeper=$(cat "$T_TMP/sleeper" 2>/dev/null)
gone=1
for _ in $(seq 50); do
	if [ -n "$sleeper" ] && { ! kill -0 "$sleeper" 2>/dev/null ||
		grep -q '^State:.*Z' "/proc/$sleeper/status" 2>/dev/null; }; then
		gone=0
		break
	fi
	sleep 0.1
done
t_true "what the hanging command started was killed too (pid ${sleeper:-?})" "$gone"

echo "--- a command that prints 100 MB"
flood=$(bin_with "$MAC" networksetup \
	"/usr/bin/yes 'Hardware Port: Wi-Fi' | /usr/bin/head -c 104857600; echo done >$T_TMP/flood-ended")
live "$flood" ipsec0
t_check "the run ends with a report" '.interfaces[0].name == "ipsec0"'
t_true "in bounded time ($T_SECS s)" "$([ "$T_SECS" -lt 30 ] && echo 0 || echo 1)"
t_check "the flood is noted as cut at the cap" \
	'[.warnings[] | test("networksetup -listallhardwareports. printed more than 8 MiB")] | any'

echo "--- FreeBSD's commands"
paste="$FIX/evidence/real/bsd-004-freebsd-tailscale0.txt"
timeout 30 "$IFWHO" --json --evidence "$paste" 2>/dev/null | jq "$VERDICT" >"$T_TMP/bsd-saved.verdicts"
live "$BSD"
t_check "the commands' system is FreeBSD" '.host.os == "freebsd"'
# The paste has no ps or sockstat: ifconfig's "Opened by PID" is all there is to name.
t_check "tailscale0's holder is the pid its ifconfig names" \
	'.interfaces[] | select(.name == "tailscale0") | .verdict.text | test("process 72860")'
jq "$VERDICT" "$T_JSON" >"$T_TMP/bsd-live.verdicts"
cmp -s "$T_TMP/bsd-saved.verdicts" "$T_TMP/bsd-live.verdicts"
t_true "its verdict is the one --evidence gives on the same paste" $?
[ "$T_FAILS" -eq 0 ] || diff "$T_TMP/bsd-saved.verdicts" "$T_TMP/bsd-live.verdicts" | head -20
t_check "FreeBSD's socket and process commands are noted as missing" \
	'([.warnings[] | test("sockstat -46. not run")] | any) and ([.warnings[] | test("`ps axo")] | any)'

echo "--- this Linux host's own commands"
if command -v ip >/dev/null && command -v ps >/dev/null; then
	live "$PATH" lo
	t_check "the Linux list runs (ip, ss, ps): lo is the kernel's loopback" \
		'.host.os == "linux" and .interfaces[0].name == "lo" and .interfaces[0].verdict.category == "loopback"'
else
	echo "  (no ip or ps here: not checked)"
fi

echo "--- as root: a user's programs early on PATH, relative PATH entries"
# Root's PATH may hold a directory another user controls, or "." / "bin" (the current
# directory, wherever root happens to be): their `ip` or `ps` ran as root. Now, as root, only
# a program root owns and no one else may change, in directories no one else may change, and
# only absolute entries.
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1 && command -v ip >/dev/null && command -v ps >/dev/null; then
	chmod 0711 "$T_TMP"
	ub=$T_TMP/userbin
	cw=$T_TMP/cwd
	mkdir -p "$ub" "$cw/bin"
	for d in "$ub" "$cw" "$cw/bin"; do
		for c in ip ss ps uname; do
			printf '#!/bin/sh\ntouch %q/ran-%s\n' "$T_TMP" "${d##*/}-$c" >"$d/$c"
			chmod 755 "$d/$c"
		done
	done
	cp "$cw/ip" "$T_TMP/gw-ip" && chmod 0777 "$T_TMP/gw-ip" # root's, but anyone may change it
	mkdir "$T_TMP/gwbin" && mv "$T_TMP/gw-ip" "$T_TMP/gwbin/ip"
	chown -R nobody "$ub"
	T_JSON=$T_TMP/rootpath.json
	(cd "$cw" && timeout 60 env PATH="$ub:.:bin:$T_TMP/gwbin:$PATH" IFWHO_BACKEND=commands \
		"$IFWHO" --json lo >"$T_JSON" 2>"$T_TMP/stderr")
	ran=$(cd "$T_TMP" && ls ran-* 2>/dev/null | tr '\n' ' ')
	t_true "none of them ran (${ran:-none})" "$([ -z "$ran" ] && echo 0 || echo 1)"
	t_check "the system's commands did: lo is the kernel's loopback" \
		'.interfaces[0].name == "lo" and .interfaces[0].verdict.category == "loopback"'
	(cd "$cw" && timeout 60 env PATH=".:bin:$PATH" IFWHO_BACKEND=commands \
		"$IFWHO" --json lo >"$T_JSON" 2>"$T_TMP/stderr")
	ran=$(cd "$T_TMP" && ls ran-* 2>/dev/null | tr '\n' ' ')
	t_true "PATH=.:bin:...: the current directory's did not run (${ran:-none})" \
		"$([ -z "$ran" ] && echo 0 || echo 1)"
	# A user's directory holding links to root's programs: each link passed the check on
	# the file it names (root's, 0755), and the user could point it at a script of theirs
	# between that check and the exec (a loop of renames wins such a race now and then).
	# The directories on the way must be root's too (sticky ones, as /tmp, allowed).
	rp=$T_TMP/rootprog
	ul=$T_TMP/userlinks
	mkdir -p "$rp" "$ul"
	for c in ip ss ps uname; do
		printf '#!/bin/sh\ntouch %q/ran-link-%s\n' "$T_TMP" "$c" >"$rp/$c"
		chmod 755 "$rp/$c"
		ln -s "$rp/$c" "$ul/$c"
	done
	chown -h nobody "$ul" "$ul"/*
	(cd / && timeout 60 env PATH="$ul:$PATH" IFWHO_BACKEND=commands \
		"$IFWHO" --json lo >"$T_JSON" 2>"$T_TMP/stderr")
	ran=$(cd "$T_TMP" && ls ran-* 2>/dev/null | tr '\n' ' ')
	t_true "links in a user's directory to root's programs were not run (${ran:-none})" \
		"$([ -z "$ran" ] && echo 0 || echo 1)"
	t_check "the system's commands ran instead: lo is the kernel's loopback" \
		'.interfaces[0].name == "lo" and .interfaces[0].verdict.category == "loopback"'
else
	echo "  (not root, or no nobody, ip or ps: not checked)"
fi

echo "--- nothing to run"
empty=$(mktemp -d "$T_TMP/empty.XXXX")
timeout 30 env PATH="$empty" IFWHO_BACKEND=commands "$IFWHO" >/dev/null 2>"$T_TMP/stderr"
rc=$?
t_true "no command at all is a failure, not an empty report (rc $rc)" "$([ "$rc" -ne 0 ] && echo 0 || echo 1)"
grep -q "none of the commands ifwho runs" "$T_TMP/stderr"
t_true "and says why" $?
timeout 30 env IFWHO_BACKEND=nonsense "$IFWHO" >/dev/null 2>"$T_TMP/stderr"
rc=$?
grep -q "IFWHO_BACKEND=nonsense: no such backend" "$T_TMP/stderr"
t_true "an unknown IFWHO_BACKEND is a usage error (rc $rc)" "$([ "$rc" -eq 2 ] && echo 0 || echo 1)"

t_done
