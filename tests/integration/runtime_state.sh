#!/usr/bin/env bash
# Container and VM identities read from the runtimes' state when no daemon answers (issue 14):
# a fake state tree (IFWHO_STATE_ROOT) holds Docker's config.v2.json, the kubelet's pod log
# directories and a libvirt run-state XML; live namespaces, veths, a tap and a bridge, and
# processes placed in Docker- and kubelet-style cgroups stand for the containers and the VM.
# A world-writable state file is not believed.
. "$(dirname "$0")/lib.sh"
t_need_root

CGROOT=""
for root in /sys/fs/cgroup/unified /sys/fs/cgroup; do
	if [ "$(stat -f -c %T "$root" 2>/dev/null)" = cgroup2fs ]; then
		CGROOT=$root
		break
	fi
done
[ -n "$CGROOT" ] || { echo "SKIP $T_NAME: no cgroup v2 hierarchy"; exit 77; }

CID=$(printf '%064x' $(( ($$ << 20) + RANDOM )))
CID2=$(printf '%064x' $(( ($$ << 21) + RANDOM )))
CID3=$(printf '%064x' $(( ($$ << 23) + RANDOM )))
KID=$(printf '%064x' $(( ($$ << 22) + RANDOM )))
UID_=$(printf '%08x-%04x-4%03x-8%03x-%012x' $$ $RANDOM $((RANDOM % 4096)) $((RANDOM % 4096)) $RANDOM)
CG_D="$CGROOT/system.slice/docker-$CID.scope"
CG_D2="$CGROOT/system.slice/docker-$CID2.scope"
CG_D3="$CGROOT/system.slice/docker-$CID3.scope"
KS="$CGROOT/${P}kubepods.slice"
CG_K="$KS/${P}kubepods-besteffort-pod${UID_//-/_}.slice/cri-containerd-$KID.scope"
cleanup_cg() {
	rmdir "$CG_D" "$CG_D2" "$CG_D3" "$CG_K" "$(dirname "$CG_K")" "$KS" 2>/dev/null
}
trap 't_cleanup; cleanup_cg' EXIT

# Two "docker containers" and a "pod", each a namespace with a veth to the test's host side.
t_ns h
for c in web evil esc pod; do
	t_ns "$c"
	ip -n "${P}h" link add "v$c" type veth peer name eth0 netns "${P}$c"
	ip -n "${P}h" link set "v$c" up
	ip -n "${P}$c" link set eth0 up
done
t_bg web "$TESTPROC" --name nginx tcp 0.0.0.0 8080
WEB=$T_PID
t_bg evil "$TESTPROC" --name nginx tcp 0.0.0.0 8081
EVIL=$T_PID
t_bg esc "$TESTPROC" --name nginx tcp 0.0.0.0 8083
ESC=$T_PID
t_bg pod "$TESTPROC" --name pause tcp 0.0.0.0 8082
POD=$T_PID
mkdir -p "$CG_D" "$CG_D2" "$CG_D3" "$CG_K" &&
	echo "$WEB" >"$CG_D/cgroup.procs" && echo "$EVIL" >"$CG_D2/cgroup.procs" &&
	echo "$ESC" >"$CG_D3/cgroup.procs" &&
	echo "$POD" >"$CG_K/cgroup.procs" ||
	{ echo "SKIP $T_NAME: cannot place processes in cgroups here"; exit 77; }

# A VM's tap on a bridge in this namespace (where libvirt makes them), held by nobody.
ip link add "${P}vb" type bridge && t_link "${P}vb"
ip tuntap add dev "${P}vt" mode tap && t_link "${P}vt"
ip link set "${P}vt" master "${P}vb"
# A Podman network's bridge, named in its netavark file.
ip link add "${P}pn" type bridge && t_link "${P}pn"

# The runtimes' state, as the daemons leave it on disk.
S="$T_TMP/state"
mkdir -p "$S/var/lib/docker/containers/$CID" "$S/var/lib/docker/containers/$CID2" \
	"$S/var/lib/docker/containers/$CID3" \
	"$S/var/log/pods/${P}shop_${P}web-5d9f_$UID_" "$S/run/libvirt/qemu"
cat >"$S/var/lib/docker/containers/$CID/config.v2.json" <<-EOF
	{"ID": "$CID", "Name": "/${P}web-1", "Config": {"Image": "nginx:1.25",
	 "Labels": {"com.docker.compose.project": "${P}shop", "com.docker.compose.service": "web"}}}
	EOF
chmod 600 "$S/var/lib/docker/containers/$CID/config.v2.json"
# Anyone could have written this one: its name must not be shown.
echo "{\"Name\": \"/${P}fake\", \"Config\": {\"Image\": \"evil\"}}" \
	>"$S/var/lib/docker/containers/$CID2/config.v2.json"
chmod 666 "$S/var/lib/docker/containers/$CID2/config.v2.json"
mkdir -p "$S/etc/containers/networks"
cat >"$S/etc/containers/networks/${P}net.json" <<-EOF
	{"name": "${P}net", "id": "$CID", "driver": "bridge", "network_interface": "${P}pn"}
	EOF
# A name with a terminal escape in it: shown, but never as an escape.
printf '{"Name": "/%sred\\u001b[31malert", "Config": {"Image": "x\\u001b]0;title\\u0007"}}' "$P" \
	>"$S/var/lib/docker/containers/$CID3/config.v2.json"
chmod 600 "$S/var/lib/docker/containers/$CID3/config.v2.json"
cat >"$S/run/libvirt/qemu/${P}db.xml" <<-EOF
	<domstatus state='running' reason='booted' pid='1'>
	  <domain type='kvm' id='3'>
	    <name>${P}db</name>
	    <devices>
	      <interface type='network'>
	        <source network='${P}lv' bridge='${P}vb'/>
	        <target dev='${P}vt'/>
	      </interface>
	    </devices>
	  </domain>
	</domstatus>
	EOF

export IFWHO_STATE_ROOT=$S
t_json --netns "${P}h"
unset IFWHO_STATE_ROOT
host=".interfaces[] | select(.name == \"${P}vb\")"
t_check "docker veth: name, image and compose project from config.v2.json" \
	"$(t_iface h vweb) | .verdict.text | contains(\"docker container ${P}web-1 (${CID:0:12}, image nginx:1.25, compose project ${P}shop)\")"
t_check "docker veth with a world-writable state file: the id only" \
	"$(t_iface h vevil) | (.verdict.text | contains(\"docker container ${CID2:0:12}\")) and (.verdict.text | contains(\"${P}fake\") | not)"
t_check "pod veth: pod name and namespace from the kubelet's log directories" \
	"$(t_iface h vpod) | .verdict.text | contains(\"pod ${P}shop/${P}web-5d9f\")"
# The VM's tap and bridge are in the test's own namespace (where libvirtd would make them).
SELF=$(stat -L -c %i /proc/self/ns/net)
IFWHO_STATE_ROOT=$S t_json --netns "$SELF" "${P}vb"
t_check "the VM's bridge names the VM behind its tap" \
	"$host | .verdict.text | contains(\"${P}vt to VM ${P}db (libvirt)\")"
t_check "the VM's bridge says which libvirt network it is" \
	"$host | .verdict.text | startswith(\"libvirt network ${P}lv: \")"
IFWHO_STATE_ROOT=$S t_json --netns "$SELF" "${P}pn"
t_check "a Podman network's bridge says which network" \
	".interfaces[] | select(.name == \"${P}pn\") | .verdict.text | startswith(\"podman network ${P}net: \")"
IFWHO_STATE_ROOT=$S t_text --netns "${P}h" vesc
t_grep "an escape in a container's name is shown escaped" "docker container ${P}red.*alert"
t_true "no escape byte reaches the terminal" "$(grep -q $'\x1b' "$T_OUT" && echo 1 || echo 0)"
# Without the state tree nothing is made up.
t_json --netns "${P}h"
t_check "no state: the docker veth says the id only" \
	"$(t_iface h vweb) | (.verdict.text | contains(\"docker container ${CID:0:12}\")) and (.verdict.text | contains(\"${P}web-1\") | not)"
t_json --netns "$SELF" "${P}vb"
t_check "no state: the bridge does not name a VM" "$host | .verdict.text | contains(\"VM\") | not"

# A dockerd that never finishes its answer (one byte every 0.8 s), run by root from a root-owned
# file so that it is asked, and one that answers garbage at once: ifwho gives up within the
# daemon deadline, says so, and names the container by its id alone.
FAKEDAEMON=${FAKEDAEMON:-build/tests/ifw-fakedaemon}
if [ -x "$FAKEDAEMON" ]; then
	mkdir -m 0755 "$T_TMP/rootbin" "$T_TMP/run"
	cp "$FAKEDAEMON" "$T_TMP/rootbin/dockerd" && chmod 0755 "$T_TMP/rootbin/dockerd"
	t_bg - "$T_TMP/rootbin/dockerd" -H "unix://$T_TMP/run/drip.sock" 800
	DRIP=$T_PID
	t_bg - "$T_TMP/rootbin/dockerd" -H "unix://$T_TMP/run/junk.sock" 0
	JUNK=$T_PID
	start=$(date +%s%N)
	t_json --netns "${P}h"
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	t_check "hostile dockerds: the run ends within the daemon deadline (${ms} ms)" "$ms < 5000"
	t_check "hostile dockerds: a warning names the one that dripped" \
		"any(.warnings[]; contains(\"dockerd (pid $DRIP)\"))"
	t_check "hostile dockerds: a warning names the one that answered garbage" \
		"any(.warnings[]; contains(\"dockerd (pid $JUNK)\"))"
	t_check "hostile dockerds: the docker veth says the id only" \
		"$(t_iface h vweb) | (.verdict.text | contains(\"docker container ${CID:0:12}\")) and (.verdict.text | contains(\"${P}web-1\") | not)"
fi
t_done
