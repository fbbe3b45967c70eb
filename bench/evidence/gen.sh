#!/usr/bin/env bash
# Writes a saved-output file of N entries (a third interfaces as `ip addr` text, a third
# sockets as `ss -tunap`, a third processes as `ps`), the shape of a big host's evidence:
#   bench/evidence/gen.sh N > FILE
# Every tenth interface is a tun whose holder's command line names it (--dev tunK), so the
# relations that tie processes, sockets and interfaces are exercised, not only the parsers.
set -euo pipefail
n=${1:?usage: gen.sh ENTRIES}
awk -v n="$n" 'BEGIN {
	k = int(n / 3)
	print "### ifwho-collect 1"
	print "### uname: Linux bench 6.1.0 #1 SMP x86_64 GNU/Linux"
	print "### uid: 0"
	print "### ifwho-collect: ip addr"
	for (i = 1; i <= k; i++) {
		name = (i % 10 == 0) ? "tun" i : "veth" i
		printf "%d: %s: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n", i + 1, name
		if (i % 10 != 0)
			printf "    link/ether 02:00:%02x:%02x:%02x:%02x brd ff:ff:ff:ff:ff:ff\n", int(i / 16777216) % 256, int(i / 65536) % 256, int(i / 256) % 256, i % 256
		printf "    inet 10.%d.%d.%d/32 scope global %s\n", int(i / 65536) % 256, int(i / 256) % 256, i % 256, name
	}
	print "### ifwho-collect: ps -eo pid,ppid,user,comm,args"
	print "    PID    PPID USER     COMMAND         COMMAND"
	for (i = 1; i <= k; i++) {
		if (i % 10 == 0)
			printf "%7d %7d root     vpnd            /usr/sbin/vpnd --dev tun%d --remote 203.0.113.%d\n", 1000 + i, 1, i, i % 250 + 1
		else
			printf "%7d %7d root     worker          /usr/bin/worker --id %d\n", 1000 + i, 1, i
	}
	print "### ifwho-collect: ss -tunap"
	print "Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process"
	for (i = 1; i <= k; i++)
		printf "udp   ESTAB  0      0      10.%d.%d.%d:%d  203.0.113.%d:51820 users:((\"%s\",pid=%d,fd=%d))\n", int(i / 65536) % 256, int(i / 256) % 256, i % 256, 20000 + i % 40000, i % 250 + 1, (i % 10 == 0) ? "vpnd" : "worker", 1000 + i, 3 + i % 1000
}'
