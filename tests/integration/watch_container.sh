#!/usr/bin/env bash
# A link made inside a container by a process in it: Podman (runc, a busybox root filesystem of
# our own, no image, no network: --network none), the container's shell runs `ip link add`. The
# watcher finds the container's nameless namespace, names the creator with its container (from
# its cgroup) and its parents up to conmon.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
t_need_root
for c in podman runc conmon busybox; do
	command -v "$c" >/dev/null || { echo "SKIP $T_NAME: no $c"; exit 77; }
done

ROOTFS="$T_TMP/rootfs"
mkdir -p "$ROOTFS/bin" "$ROOTFS/etc" "$ROOTFS/tmp"
cp /bin/busybox "$ROOTFS/bin/"
for c in sh sleep ip; do ln -s busybox "$ROOTFS/bin/$c"; done
pm() {
	timeout 60 podman --root "$T_TMP/podman/root" --runroot "$T_TMP/podman/run" \
		--tmpdir "$T_TMP/podman/tmp" --storage-driver vfs --cgroup-manager cgroupfs \
		--runtime runc --events-backend file "$@"
}
CNAME="${P}c"
trap 'pm rm -f -t 0 "$CNAME" >/dev/null 2>&1; t_cleanup' EXIT
[ -n "${IFW_KEEP_OUT:-}" ] && trap 'cp "$T_TMP/podman.out" "$T_TMP/w.out" "$IFW_KEEP_OUT/" 2>/dev/null; pm rm -f -t 0 "$CNAME" >/dev/null 2>&1; t_cleanup' EXIT

timeout 60 "$IFWHO" watch --json --no-addr --history "$T_TMP/h.db" --ready-file "$T_TMP/ready" \
	>"$T_TMP/w.out" 2>"$T_TMP/w.err" &
W_PID=$!
T_PIDS+=("$W_PID")
for _ in $(seq 1 100); do
	[ -e "$T_TMP/ready" ] && break
	sleep 0.05
done
BR="${P}cb"
# (the --ulimit options must come before --rootfs: after it runc is refused its rlimits)
pm run -d --name "$CNAME" --network none --cap-add NET_ADMIN \
	--ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --rootfs "$ROOTFS" \
	/bin/sh -c "sleep 1; ip link add $BR type bridge; sleep 2.5" >"$T_TMP/podman.out" 2>&1
t_true "podman starts the container" $?
CID=$(pm inspect -f '{{.Id}}' "$CNAME" 2>/dev/null)
pm wait "$CNAME" >/dev/null 2>&1
sleep 0.3
kill -TERM "$W_PID"
wait "$W_PID"
T_JSON="$T_TMP/all.json"
jq -s . "$T_TMP/w.out" >"$T_JSON"
EV=".[] | select(.event == \"created\" and .name == \"$BR\")"
t_check "the bridge made in the container's namespace is recorded there" \
	"[$EV | select(.kind == \"bridge\" and (.netns | startswith(\"pid \")))] | length == 1"
t_check "its creator is the container's ip (busybox), exactly" \
	"[$EV | .creator | select(.comm == \"ip\" and (.cmdline | test(\"link add $BR type bridge\")) and .confidence == \"exact\")] | length == 1"
t_check "in container podman ${CID:0:12}" \
	"[$EV | .creator.container] == [\"podman ${CID:0:12}\"]"
# The parent chain (the container's shell, then conmon) is read from /proc while the creator's
# parents live; a slow (sanitized) watcher on a loaded machine may read it after the container
# ended, so it is shown, not checked.
echo "  parents: $(jq -c "[$EV | .creator.parents | map(.comm)]" "$T_JSON" 2>/dev/null)"
t_check "and the link goes with the container's namespace" \
	"[.[] | select(.event == \"deleted\" and .name == \"$BR\")] | length == 1"
t_done
