#!/usr/bin/env bash
# collect-facts.sh -- dump what a running ipsec lab looks like from the inside
# (interfaces, routes, rules, sockets, charon's fds) and check how the vici
# sockets can be reached from the host's mount namespace.  Read-only; run it
# after `ipsec-lab.sh up` with the same LAB_PREFIX / LAB_DIR.
set -uo pipefail

LAB_PREFIX=${LAB_PREFIX:-ifwlab-}
LAB_DIR=${LAB_DIR:-/tmp/${LAB_PREFIX}lab}

run() {
	printf '\n$ %s\n' "$*"
	"$@" 2>&1
}

# Connect to a vici socket the way a C program could: openat2() the path with
# RESOLVE_IN_ROOT relative to /proc/<pid>/root (so absolute symlinks such as
# /var/run -> /run resolve inside charon's root), then connect() to
# /proc/self/fd/<O_PATH fd>, and ask for "version".
vici_version_in_root() {
	python3 - "$1" "$2" <<-'EOF'
		import ctypes, os, socket, struct, sys
		pid, path = sys.argv[1], sys.argv[2]
		libc = ctypes.CDLL(None, use_errno=True)
		root = os.open(f"/proc/{pid}/root", os.O_PATH | os.O_DIRECTORY)
		how = struct.pack("QQQ", os.O_PATH | os.O_CLOEXEC, 0, 0x10)  # RESOLVE_IN_ROOT
		fd = libc.syscall(437, root, path.encode(), how, ctypes.c_size_t(24))  # openat2
		if fd < 0:
		    sys.exit(f"openat2 failed: {os.strerror(ctypes.get_errno())}")
		s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
		s.connect(f"/proc/self/fd/{fd}")
		name = b"version"
		msg = bytes([0, len(name)]) + name  # CMD_REQUEST
		s.sendall(struct.pack(">I", len(msg)) + msg)
		n = struct.unpack(">I", s.recv(4))[0]
		print("connected; vici 'version' reply:", s.recv(n))
	EOF
}

for who in phone epdg; do
	ns="${LAB_PREFIX}$who"
	pid=$(cat "$LAB_DIR/pids/charon-$who.pid")
	export STRONGSWAN_CONF="$LAB_DIR/$who/strongswan.conf"
	printf '\n################ %s (namespace %s, charon pid %s)\n' "$who" "$ns" "$pid"
	run ip netns exec "$ns" ip -d link show ipsec0
	run ip netns exec "$ns" ip addr
	run ip netns exec "$ns" ip route show table all
	run ip netns exec "$ns" ip rule
	run ip netns exec "$ns" ip -6 rule
	# ss -e prints "Failed to find cgroup2 mount" on stderr here; dropped.
	printf '\n$ ip netns exec %s ss -uanpe\n' "$ns"
	ip netns exec "$ns" ss -uanpe 2>/dev/null
	printf '\n$ ip netns exec %s ss -tanpe\n' "$ns"
	ip netns exec "$ns" ss -tanpe 2>/dev/null
	run ip netns exec "$ns" ss -xlp
	run ip netns exec "$ns" ss -f netlink -ap
	run grep -F charon.vici "/proc/$pid/net/unix"
	run ip netns identify "$pid"
	run readlink "/proc/$pid/ns/net" "/proc/$pid/ns/mnt" /proc/self/ns/net /proc/self/ns/mnt
	run ls -l "/proc/$pid/fd"
	printf '\n# fdinfo of every /dev/net/tun fd of charon %s\n' "$pid"
	for fd in /proc/"$pid"/fd/*; do
		if [[ "$(readlink "$fd")" == /dev/net/tun ]]; then
			run cat "/proc/$pid/fdinfo/${fd##*/}"
		fi
	done
	run ip netns exec "$ns" sh -c 'cd /sys/class/net/ipsec0 && grep -H . tun_flags owner group type ifindex mtu'
	run grep -E ' /run ' "/proc/$pid/mountinfo"

	printf '\n# --- reaching vici from the host mount namespace ---\n'
	printf '# (a) /proc/<pid>/root + the path as reported (/var/run/charon.vici)\n'
	run swanctl --list-sas --uri "unix:///proc/$pid/root/var/run/charon.vici"
	printf '# (b) /proc/<pid>/root + the symlink-free path (/run/charon.vici)\n'
	run swanctl --list-sas --uri "unix:///proc/$pid/root/run/charon.vici"
	printf '# (c) openat2(RESOLVE_IN_ROOT) on /proc/<pid>/root + connect(/proc/self/fd/N)\n'
	run vici_version_in_root "$pid" /var/run/charon.vici
	printf '# (d) nsenter into the mount namespace\n'
	run nsenter -t "$pid" -m swanctl --list-sas --uri unix:///var/run/charon.vici
	printf '# (e) the host path of the bind-mounted run dir\n'
	run swanctl --list-sas --uri "unix://$LAB_DIR/$who/run/charon.vici"
done
printf '\n################ host\n'
run ip netns list
run ss -xlp
