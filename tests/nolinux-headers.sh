#!/usr/bin/env bash
# nolinux-headers BUILDDIR: the sources BUILDDIR compiles must build on macOS and the BSDs, apart
# from the Linux backend (src/collect/linux), the watcher (src/watch), the namespace switching of
# captures (src/capture/nsenter.c), the Linux backend's tests and benchmarks (bench/). Lists every place where one
# of the others includes a Linux-only header (<linux/...>, <endian.h>, <net/if_arp.h>,
# <sys/prctl.h>, ...) or calls a Linux-only function (setns, setresuid, ppoll, le32toh, ...)
# outside a platform-guarded block: an `#if`/`#ifdef` on __linux__, IFW_HAVE_LINUX_BACKEND,
# __APPLE__ or a BSD (or the `#else` of an `#ifndef`/`#if !` on one). Files named in
# tests/nolinux-headers.known (with the reason) are reported but not counted. Exits 1 when any
# other place is found. Meant for a -Dlinux_backend=false tree; on a Linux-backend tree it checks
# the same files minus the ones named above.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
build=${1:?usage: nolinux-headers.sh BUILDDIR}
known=tests/nolinux-headers.known
[ -f "$build/compile_commands.json" ] || { echo "no $build/compile_commands.json"; exit 1; }
command -v jq >/dev/null || { echo "SKIP: needs jq"; exit 77; }

# Linux-only headers (glibc or kernel) and functions. macOS has none of these; where a BSD has
# one (ppoll, setresuid), the use must still be guarded for macOS.
headers='linux/|asm/|asm-generic/|endian\.h|byteswap\.h|net/if_arp\.h|netpacket/|netinet/ether\.h|sys/prctl\.h|sys/capability\.h|sys/vfs\.h|sys/statfs\.h|sys/epoll\.h|sys/signalfd\.h|sys/timerfd\.h|sys/eventfd\.h|sys/inotify\.h|sys/fanotify\.h|sys/sysmacros\.h|sys/sendfile\.h|mntent\.h|features\.h|malloc\.h|error\.h|libmnl/|bpf/'
calls='setns|unshare|prctl|setresuid|setresgid|getresuid|ppoll|pipe2|accept4|memfd_create|epoll_[a-z_]+|signalfd|timerfd_[a-z]+|eventfd|inotify_[a-z_]+|gettid|sendfile|mempcpy|strchrnul|get_current_dir_name|secure_getenv|program_invocation_(short_)?name|(le|be)(16|32|64)toh|hto(le|be)(16|32|64)|bswap_(16|32|64)'

# scan FILE: "LINE: text" for each unguarded Linux-only include or call in FILE.
scan() {
	awk -v H="$headers" -v C="$calls" '
		# The platform a condition is about: 1 when it says "this platform", -1 when it says
		# "not this platform" (its #else is the platform-only part), 0 otherwise.
		function cond(s) {
			if (s !~ /__linux__|IFW_HAVE_LINUX_BACKEND|__APPLE__|__FreeBSD__|__OpenBSD__|__NetBSD__|__DragonFly__/)
				return 0
			if (s ~ /^[ \t]*#[ \t]*ifndef/ || s ~ /!/)
				return -1
			return 1
		}
		function guarded(  i) {
			for (i = 1; i <= depth; i++) if (state[i] == 1) return 1
			return 0
		}
		{
			line = $0
			# comments and string literals say nothing about what is compiled
			if (incomment) {
				if (line !~ /\*\//) next
				sub(/^.*\*\//, "", line); incomment = 0
			}
			gsub(/\/\*([^*]|\*+[^*\/])*\*+\//, "", line)
			if (line ~ /\/\*/) { sub(/\/\*.*$/, "", line); incomment = 1 }
			sub(/\/\/.*$/, "", line)
			if (line !~ /^[ \t]*#[ \t]*include/) gsub(/"([^"\\]|\\.)*"/, "\"\"", line)
		}
		line ~ /^[ \t]*#[ \t]*if/ { depth++; state[depth] = cond(line); next }
		line ~ /^[ \t]*#[ \t]*elif/ { if (depth) state[depth] = cond(line) == 1 ? 1 : 0; next }
		line ~ /^[ \t]*#[ \t]*else/ { if (depth) state[depth] = -state[depth]; next }
		line ~ /^[ \t]*#[ \t]*endif/ { if (depth) depth--; next }
		line ~ /^[ \t]*#[ \t]*include[ \t]*</ {
			if (line ~ ("<(" H ")") && !guarded()) print FNR ": " $0
			next
		}
		line ~ ("(^|[^A-Za-z0-9_])(" C ")[ \t]*\\(") {
			if (!guarded()) print FNR ": " $0
		}' "$1"
}

# The scanner scanned: a sample with one unguarded include and call, and guarded ones in every
# form, must give exactly the two unguarded lines; otherwise a pass below means nothing.
sample=$(mktemp)
trap 'rm -f "$sample"' EXIT
cat >"$sample" <<'C'
#include <endian.h>
#ifdef __linux__
#include <linux/if.h>
#else
#include <sys/prctl.h>
#endif
#ifndef __linux__
int a;
#else
#include <net/if_arp.h>
#endif
#if defined(__linux__) || defined(__FreeBSD__)
int r = ppoll(p, 1, t, m);
#endif
/* setns(fd, 0) in a comment
   and setresuid(0, 0, 0) in its second line */
const char *s = "prctl(";
int b = setns(fd, 0);
C
got=$(scan "$sample" | cut -d: -f1 | tr '\n' ' ')
if [ "$got" != "1 5 18 " ]; then
	echo "FAIL: scanner self-test found lines '$got', expected '1 5 18 '"
	exit 1
fi

bad=0
while IFS= read -r f; do
	rel=${f#"$PWD"/}
	case $rel in
	src/collect/linux/* | src/watch/* | src/capture/nsenter.c | tests/unit/linux/* | tests/helpers/* | bench/* | \
		tests/fuzz/* | /* | build*) continue ;;
	esac
	hits=$(scan "$f")
	[ -n "$hits" ] || continue
	if grep -q "^${rel} " "$known" 2>/dev/null; then
		echo "known  $rel: $(grep "^${rel} " "$known" | cut -d' ' -f2-)"
	else
		echo "FAIL   $rel uses Linux-only headers or functions unguarded:"
		while IFS= read -r h; do echo "         $h"; done <<<"$hits"
		bad=$((bad + 1))
	fi
done < <(jq -r '.[] | if (.file | startswith("/")) then .file else .directory + "/" + .file end' \
	"$build/compile_commands.json" | while IFS= read -r p; do realpath -m "$p"; done | sort -u)
if [ "$bad" -eq 0 ]; then
	echo "ok: no unguarded Linux-only header or function in the portable sources of $build"
fi
[ "$bad" -eq 0 ]
