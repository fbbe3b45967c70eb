/* After the last line: names resolved to interfaces (routes, masters, bridge members, hardware
 * ports), tun holders named by the device, sockets made (merge.c), conntrack's far ends
 * (p_conntrack.c), and the OS decided. */
#include "collect/evidence/ev.h"
#include "model/cmd_syntax.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static bool name_is(const char *name, const char *prefix, bool digits_after)
{
	size_t n = strlen(prefix);
	if (strncmp(name, prefix, n) != 0)
		return false;
	return digits_after ? name[n] && strspn(name + n, "0123456789") == strlen(name + n)
	                    : name[n] == '\0';
}

/* Names only a Mac gives (utun3, awdl0, en0, bridge100) against names only Linux gives (eth0,
 * enp3s0, lo, docker0): Linux's command forms run on a Mac too (iproute2mac's `ip route`,
 * Homebrew's tools), so two Mac names and no Linux one outweigh the forms' votes. */
static bool mac_names_only(const struct ev_ctx *c)
{
	static const char *const mac[] = {"utun", "awdl", "llw", "anpi", "en", "gif", "stf", "ap"};
	static const char *const lin[] = {"eth", "wlan", "veth", "virbr", "docker"};
	size_t macs = 0;
	for (size_t i = 0; i < c->m->ifaces.n; i++) {
		const struct ifw_iface *f = &c->m->ifaces.v[i];
		const char *n = f->name;
		/* a name only a log line gives is anyone's words (`logger 'dev utun3'`), unless a
		 * listing showed it since */
		if (!n ||
		    (ifw_idmap_get(&c->log_named, i) == 1 && !f->mtu && !f->flags && !f->mac_len))
			continue;
		if (strcmp(n, "lo") == 0 || ev_starts(n, "enp") || ev_starts(n, "ens") ||
		    ev_starts(n, "eno") || ev_starts(n, "wlp") || ev_starts(n, "br-"))
			return false;
		for (size_t k = 0; k < sizeof(lin) / sizeof(lin[0]); k++)
			if (name_is(n, lin[k], true))
				return false;
		for (size_t k = 0; k < sizeof(mac) / sizeof(mac[0]); k++)
			if (name_is(n, mac[k], true))
				macs++;
		if (ev_starts(n, "bridge1") && name_is(n, "bridge", true))
			macs++;
	}
	return macs >= 2;
}

/* No output told the system: the one a person's sentences name most (and more than any
 * other) is the guess; the interfaces' names may still overrule it (infer/os_names.c). */
static void os_said(struct ev_ctx *c)
{
	const unsigned v[] = {c->said_darwin, c->said_linux, c->said_freebsd, c->said_openbsd};
	const char *const os[] = {"darwin", "linux", "freebsd", "openbsd"};
	size_t best = 0;
	bool tie = false;
	for (size_t i = 1; i < sizeof(v) / sizeof(v[0]); i++) {
		if (v[i] > v[best]) {
			best = i;
			tie = false;
		} else if (v[i] == v[best]) {
			tie = true;
		}
	}
	if (v[best] && !tie) {
		c->m->os = os[best];
		c->m->os_said = true;
	}
}

static void decide_os(struct ev_ctx *c)
{
	if (c->os_explicit) {
		c->m->os = c->os_explicit;
		return;
	}
	unsigned best = c->votes_darwin;
	const char *os = "darwin"; /* BSD-style output with no other sign: most often a Mac */
	if (c->votes_linux > best) {
		best = c->votes_linux;
		os = "linux";
	}
	if (c->votes_freebsd > best) {
		best = c->votes_freebsd;
		os = "freebsd";
	}
	if (c->votes_openbsd > best)
		os = "openbsd";
	c->m->os = os;
	c->m->os_guessed =
	    !c->votes_darwin && !c->votes_linux && !c->votes_freebsd && !c->votes_openbsd;
	if (c->m->os_guessed)
		os_said(c);
}

/* A port a bridge lists ("member: tap0 ...") exists even when the excerpt shows no block of
 * its own: known by its name and its bridge. */
static void member_ifaces(struct ev_ctx *c)
{
	for (size_t i = 0; i < c->refs.n; i++) {
		const struct ev_ref *r = &c->refs.v[i];
		if (r->kind != EV_REF_MEMBER || !r->name || !r->name[0] || r->id == IFW_NOID ||
		    r->id >= c->m->ifaces.n || strpbrk(r->name, "#%:/ ") ||
		    ev_iface_find(c, c->ns, r->name) != IFW_NOID)
			continue;
		bool created = false;
		ifw_id id = ev_iface_get(c, c->ns, r->name, strlen(r->name), &created);
		if (id != IFW_NOID && created)
			c->m->ifaces.v[id].origin = c->m->ifaces.v[r->id].origin;
	}
}

static void member_indexes(struct ev_ctx *c)
{
	for (size_t i = 0; i < c->refs.n; i++) {
		const struct ev_ref *r = &c->refs.v[i];
		if (r->kind != EV_REF_MEMBER || r->num <= 0)
			continue;
		ifw_id m = ev_iface_find(c, c->ns, r->name);
		if (m != IFW_NOID && !c->m->ifaces.v[m].ifindex)
			c->m->ifaces.v[m].ifindex = (int32_t)r->num;
	}
}

/* Interfaces the evidence gave no index get one above every index it did give. */
/* A route through an interface no interface listing showed (a pasted `netstat -rn` alone):
 * the interface exists, known only by its name and its routes. */
static void routed_ifaces(struct ev_ctx *c)
{
	for (size_t i = 0; i < c->refs.n; i++) {
		const struct ev_ref *r = &c->refs.v[i];
		if (r->kind != EV_REF_ROUTE_DEV || !r->name || !r->name[0] ||
		    strpbrk(r->name, "#%:/ ") || ev_iface_find(c, c->ns, r->name) != IFW_NOID)
			continue;
		bool created = false;
		ifw_id id = ev_iface_get(c, c->ns, r->name, strlen(r->name), &created);
		if (id == IFW_NOID || !created)
			continue;
		struct ifw_iface *f = &c->m->ifaces.v[id];
		f->flags = 0x1 | 0x40; /* IFW_IFF_UP | IFW_IFF_RUNNING: it carries routes */
		f->origin = c->m->routes.v[r->id].origin;
	}
}

/* An interface a log line says was created and no listing shows: it existed, known by its name
 * and who made it (it may be gone since; the report says where it was read). */
static void logged_ifaces(struct ev_ctx *c)
{
	for (size_t i = 0; i < c->m->logcreates.n; i++) {
		const struct ifw_logcreate *lc = &c->m->logcreates.v[i];
		/* a person's sentence names an interface a listing shows, or nothing */
		if (!lc->ifname || lc->said || ev_iface_find(c, c->ns, lc->ifname) != IFW_NOID)
			continue;
		bool created = false;
		ifw_id id = ev_iface_get(c, c->ns, lc->ifname, strlen(lc->ifname), &created);
		if (id != IFW_NOID && created)
			c->m->ifaces.v[id].origin = lc->origin;
	}
}

static void assign_indexes(struct ev_ctx *c)
{
	int32_t max = 0;
	for (size_t i = 0; i < c->m->ifaces.n; i++)
		if (c->m->ifaces.v[i].ifindex > max)
			max = c->m->ifaces.v[i].ifindex;
	for (size_t i = 0; i < c->m->ifaces.n; i++)
		if (!c->m->ifaces.v[i].ifindex && max < INT32_MAX)
			c->m->ifaces.v[i].ifindex = ++max;
}

/* fdinfo names a tun by its name only: the interface of that name here is the one held when the
 * holder lives in the namespace collected, or when that namespace is not known (a paste of `iff:`
 * lines alone). A holder known to live elsewhere holds a device of its own namespace (a
 * tunnel at both ends of a veth, each side's tun0) or one it made for another (slirp4netns's
 * tap0): kept as a holder by name only, unconfirmed, as live does when it cannot check. Runs
 * before indexes are assigned, since it may add the interface. */
static void tun_names(struct ev_ctx *c)
{
	for (size_t i = 0; i < c->refs.n; i++) {
		struct ev_ref *r = &c->refs.v[i];
		if (r->kind != EV_REF_TUNPID || r->id != IFW_NOID || !r->name || !*r->name)
			continue;
		/* a BSD's row in a Linux paste, a Mac's in another's: someone's text (an SSID, a
		 * process's arguments), no holder */
		if (r->only_os &&
		    (strcmp(r->only_os, "bsd") == 0 ? strcmp(c->m->os, "linux") == 0
		                                    : strcmp(c->m->os, r->only_os) != 0)) {
			r->kind = 0;
			continue;
		}
		ifw_id p = ev_proc_get(c, (int32_t)r->num);
		if (p == IFW_NOID)
			continue;
		/* ifwho-collect writes both namespaces; a holder without one there is unverified */
		uint64_t ino = c->m->procs.v[p].netns_inode;
		if (c->netns_inode && ino != c->netns_inode) {
			r->elsewhere = true;
			continue;
		}
		r->id = ev_iface_get(c, c->ns, r->name, strlen(r->name), NULL);
		if (r->id == IFW_NOID)
			continue;
		struct ifw_iface *f = &c->m->ifaces.v[r->id];
		if (!f->kind)
			f->kind = "tun"; /* only a tun/tap descriptor has "iff:" */
		if (!f->origin.raw)
			f->origin = r->origin;
	}
	/* A process in the namespace collected (or in one not known) is this namespace's, which
	 * offline evidence records with inode 0; one known to be elsewhere keeps its inode, and so
	 * belongs to no namespace the evidence has. */
	for (size_t i = 0; i < c->m->procs.n; i++) {
		struct ifw_process *pr = &c->m->procs.v[i];
		if (!c->netns_inode || pr->netns_inode == c->netns_inode)
			pr->netns_inode = 0;
	}
}

static void tun_holder(struct ev_ctx *c, const struct ev_ref *r)
{
	ifw_id p = ev_proc_get(c, (int32_t)r->num);
	if (p == IFW_NOID)
		return;
	if (r->elsewhere) {
		struct ifw_fdref *fd = ifw_model_add_fdref(c->m);
		if (!fd)
			return;
		fd->type = IFW_FD_TUN;
		fd->proc = p;
		fd->fd = r->fd;
		fd->tun_name = r->name;
		fd->tun_iface = IFW_NOID;
		fd->origin = r->origin;
		return;
	}
	if (r->id == IFW_NOID)
		return;
	struct ifw_fdref *fd = ifw_model_add_fdref(c->m);
	if (!fd)
		return;
	fd->type = IFW_FD_TUN;
	fd->proc = p;
	fd->fd = r->fd;
	if (r->comm && !c->m->procs.v[p].comm)
		c->m->procs.v[p].comm = r->comm;
	fd->tun_name = c->m->ifaces.v[r->id].name;
	fd->tun_iface = r->id;
	fd->tun_ns_confirmed = true; /* the device itself names the process */
	fd->origin = r->origin;
	if (!c->m->procs.v[p].origin.src)
		c->m->procs.v[p].origin.src = r->origin.src;
}

/* "bond0.3000@bond0" without -d: the name is its parent's and a VLAN id, the convention of
 * vconfig, ifupdown, NetworkManager and networkd, and the MAC is the parent's (a macvlan gets
 * its own): a VLAN. */
static void vlan_by_name(struct ifw_iface *f, const struct ifw_iface *parent)
{
	if (f->kind || !f->name || !parent->name)
		return;
	size_t pl = strlen(parent->name);
	const char *id = f->name + pl;
	if (strncmp(f->name, parent->name, pl) != 0 || id[0] != '.' || !id[1] ||
	    strspn(id + 1, "0123456789") != strlen(id + 1) || strlen(id + 1) > 4)
		return;
	unsigned long v = strtoul(id + 1, NULL, 10);
	if (v < 1 || v > 4094 || (id[1] == '0'))
		return;
	if (f->mac_len &&
	    (f->mac_len != parent->mac_len || memcmp(f->mac, parent->mac, f->mac_len)))
		return;
	f->kind = "vlan";
	f->info.vlan_id = (uint16_t)v;
}

/* An interface the person's commands create or act on (`ifconfig tun0 create`, `wicked ifup
 * wwan0`, `ping -I wwan0`) exists, or existed, even when no listing in the paste shows it. */
static bool listed(const struct ifw_iface *f);

static ifw_id typed_iface(struct ev_ctx *c, const char *name, const struct ifw_origin *from)
{
	ifw_id id = ev_iface_find(c, c->ns, name);
	if (id != IFW_NOID)
		return id;
	id = ev_iface_get(c, c->ns, name, strlen(name), NULL);
	if (id == IFW_NOID)
		return id;
	struct ifw_iface *f = &c->m->ifaces.v[id];
	if (!f->origin.raw)
		f->origin = *from;
	/* a join the person typed, or suggested, may have failed ("Cannot find device"): the
	 * names it gives are known by name only, capped, as a log line's (only_named) */
	if (ifw_idmap_get(&c->log_named, id) == UINT32_MAX &&
	    ifw_idmap_put(&c->log_named, id, 1) < 0)
		c->full = true;
	return id;
}

/* `brctl addif br0 tap0`: the person joined tap0 to br0, which a listing does not contradict
 * (a listed port keeps the master it shows, or none); the typed command may have failed, so
 * the port is known as a log's would be (master_logged), not a listing's. */
static void typed_port(struct ev_ctx *c, const struct ifw_typed_cmd *t,
                       const struct ifw_cmd_toks *k)
{
	const char *port, *master = ifw_cmd_enslaves(k, &port);
	if (!master)
		return;
	ifw_id b = typed_iface(c, master, &t->origin), p = typed_iface(c, port, &t->origin);
	if (b == IFW_NOID || p == IFW_NOID)
		return;
	struct ifw_iface *pf = &c->m->ifaces.v[p];
	if (pf->master_ifindex || (listed(pf) && !c->m->bridge_ports_unknown) ||
	    !ev_room(c, c->refs.n))
		return;
	struct ev_ref *r = ifw_vec_push(&c->refs);
	if (!r)
		return;
	*r = (struct ev_ref){
	    .kind = EV_REF_MEMBER, .id = b, .name = pf->name, .fd = -1, .origin = t->origin};
	pf->master_logged = true;
}

static void typed_names(struct ev_ctx *c)
{
	for (size_t i = 0; i < c->m->typed.n; i++) {
		const struct ifw_typed_cmd *t = &c->m->typed.v[i];
		if (t->by || !t->cmd)
			continue;
		struct ifw_cmd_toks k;
		ifw_cmd_split(t->cmd, &k);
		typed_port(c, t, &k);
		bool creates;
		const char *name = ifw_cmd_iface(&k, &creates);
		if (!name || ev_iface_find(c, c->ns, name) != IFW_NOID)
			continue;
		ifw_id id = ev_iface_get(c, c->ns, name, strlen(name), NULL);
		if (id != IFW_NOID && !c->m->ifaces.v[id].origin.raw)
			c->m->ifaces.v[id].origin = t->origin;
	}
}

/* A kind NetworkManager's or the kernel's log tells ("(tun0): new Tun device", a bridge's port
 * line), or a card's driver and bus a syslog line under "kernel:" tells, is that of an interface
 * only the log shows: their tags are anyone's to write (`logger -t kernel`), and a listing's
 * interface (its index, MTU, flags or MAC shown) keeps the kind the listing gives, none
 * included. */
static bool listed(const struct ifw_iface *f)
{
	return f->ifindex || f->mtu || f->flags || f->mac_len;
}

static void logged_kinds(struct ev_ctx *c)
{
	for (size_t i = 0; i < c->refs.n; i++) {
		struct ev_ref *r = &c->refs.v[i];
		/* the kernel's log makes a port of a bridge only where no listing shows the port's
		 * master now: a listed port keeps its master or none (logger -t kernel
		 * 'ovs-system: port 1(eth0) entered forwarding state' made root's Linux bridge an
		 * Open vSwitch bridge, by eth0's MAC) */
		if (r->kind == EV_REF_LOGMEMBER) {
			ifw_id p = ev_iface_find(c, c->ns, r->name);
			bool shown = p != IFW_NOID && listed(&c->m->ifaces.v[p]) &&
			             !c->m->bridge_ports_unknown;
			r->kind = shown ? 0 : EV_REF_MEMBER;
			if (!shown && p != IFW_NOID)
				c->m->ifaces.v[p].master_logged = true;
			continue;
		}
		if ((r->kind != EV_REF_LOGKIND && r->kind != EV_REF_LOGDRIVER) ||
		    r->id >= c->m->ifaces.n)
			continue;
		struct ifw_iface *f = &c->m->ifaces.v[r->id];
		if (f->kind || listed(f))
			continue;
		if (r->kind == EV_REF_LOGKIND) {
			f->kind = r->name;
			continue;
		}
		if (!f->driver)
			f->driver = r->name;
		if (!f->bus_info && r->net_name) {
			f->bus_info = r->net_name;
			f->bus = strchr(r->net_name, '-') ? "usb" : "pci";
		}
	}
}

static void resolve_refs(struct ev_ctx *c)
{
	for (size_t i = 0; i < c->refs.n; i++) {
		const struct ev_ref *r = &c->refs.v[i];
		if (r->kind == EV_REF_TUNPID) {
			tun_holder(c, r);
			continue;
		}
		if (r->kind == EV_REF_LOGKIND || r->kind == EV_REF_LOGDRIVER)
			continue; /* logged_kinds */
		ifw_id t = ev_iface_find(c, c->ns, r->name);
		if (t == IFW_NOID) {
			/* "veth1@peer" names the peer only when it is in the same namespace
			 * (elsewhere "@ifN"): keep the name of one the paste left out */
			if (r->kind == EV_REF_LINK && r->id < c->m->ifaces.n) {
				struct ifw_iface *f = &c->m->ifaces.v[r->id];
				if (!f->link_ifindex && !f->link_name)
					f->link_name = r->name;
			}
			continue;
		}
		struct ifw_iface *target = &c->m->ifaces.v[t];
		switch (r->kind) {
		case EV_REF_ROUTE_DEV:
			c->m->routes.v[r->id].iface = t;
			c->m->routes.v[r->id].oif = target->ifindex;
			break;
		case EV_REF_MASTER:
			c->m->ifaces.v[r->id].master_ifindex = target->ifindex;
			break;
		case EV_REF_LINK:
			c->m->ifaces.v[r->id].link_ifindex = target->ifindex;
			vlan_by_name(&c->m->ifaces.v[r->id], target);
			break;
		case EV_REF_VXLINK:
			c->m->ifaces.v[r->id].info.vx_link = target->ifindex;
			break;
		case EV_REF_MEMBER:
			if (!target->master_ifindex) /* not another's word over a listing's */
				target->master_ifindex = c->m->ifaces.v[r->id].ifindex;
			break;
		case EV_REF_NETNAME:
			if (!target->net_name &&
			    (!target->kind || strcmp(target->kind, "bridge") == 0)) {
				target->kind = "bridge"; /* the runtime's bridge driver made it */
				target->net_name = r->net_name;
				target->net_runtime = r->net_runtime;
				target->net_source = r->net_source;
			}
			break;
		case EV_REF_DNS:
			if (!target->dns_domain && !target->dns_has_server) {
				target->dns_domain = r->net_name;
				target->dns_server = r->dns_server;
				target->dns_has_server = r->dns_has_server;
			}
			break;
		case EV_REF_HWPORT:
			for (int b = 0; b < 6; b++)
				target->perm_mac[b] = (uint8_t)(r->num >> (8 * (5 - b)));
			target->perm_mac_len = 6;
			break;
		default:
			break;
		}
	}
}

/* Without root, lsof and ss list only the collecting user's processes. */
static void privileges(struct ev_ctx *c)
{
	c->m->privileged = c->have_uid && c->uid == 0;
	/* Every process was listed when root ran ps in the initial PID namespace, the one where
	 * pid 2 is kthreadd: the test live uses (src/collect/linux/backend.c), on ps's rows. */
	ifw_id k = ifw_idmap_get(&c->proc_by_pid, 2);
	c->m->all_procs_visible = c->m->privileged && k != IFW_NOID && c->m->procs.v[k].comm &&
	                          strcmp(c->m->procs.v[k].comm, "kthreadd") == 0;
	if (!c->socks.n || c->m->privileged)
		return;
	if (!c->have_uid)
		ifw_model_limit(c->m, "other users' processes and sockets, if the evidence was "
		                      "collected without root (it does not say: no ifwho-collect "
		                      "header)");
	else
		ifw_model_limit(c->m, "other users' processes and sockets (the evidence was "
		                      "collected without root: run ifwho-collect with sudo)");
}

/* Whether the evidence could show a bridge's ports: `ip link`/`ip addr` ("master br0"), `ip -j`,
 * `brctl show` and BSD/macOS ifconfig ("member: en1") do; `ip -br`, Linux ifconfig, nmcli and
 * networkctl do not, and a bridge seen only there has ports nobody can count. */
static void bridge_ports_shown(struct ev_ctx *c)
{
	bool shown = ev_shape_seen(c, EV_IPLINK) || c->ipjson_links || ev_shape_seen(c, EV_BRCTL) ||
	             (ev_shape_seen(c, EV_IFCONFIG) && c->m->os && strcmp(c->m->os, "linux") != 0);
	c->m->bridge_ports_unknown = !shown;
}

_Static_assert(EV_NSHAPES <= 128, "shapes_seen is a bit set of two 64-bit words");

/* A listing without MACs (`ip -br addr`, a trimmed `ifconfig`) still shows one inside an EUI-64
 * IPv6 link-local address: fe80::215:5dff:feee:2fe is 00:15:5d:ee:02:fe (ff:fe in the middle,
 * the universal/local bit flipped). Random or stable-privacy identifiers have no ff:fe there. */
static void macs_from_link_local(struct ev_ctx *c)
{
	for (size_t k = 0; k < c->m->addrs.n; k++) {
		const struct ifw_addr *a = &c->m->addrs.v[k];
		const struct ifw_ip *ip = &a->ip;
		if (a->iface >= c->m->ifaces.n || ip->family != AF_INET6 || ip->a[0] != 0xfe ||
		    (ip->a[1] & 0xc0) != 0x80 || ip->a[11] != 0xff || ip->a[12] != 0xfe)
			continue;
		struct ifw_iface *f = &c->m->ifaces.v[a->iface];
		/* only a listing's own: a log line's or a container's (tailscaled's state under
		 * anyone's tag) gave root's card QEMU's MAC */
		if (f->mac_len || f->arptype == 772 || f->arptype == 65534 ||
		    !ev_addr_listed_ll(c, (ifw_id)k))
			continue;
		uint8_t m[6] = {(uint8_t)(ip->a[8] ^ 0x02),
		                ip->a[9],
		                ip->a[10],
		                ip->a[13],
		                ip->a[14],
		                ip->a[15]};
		if (!(m[0] | m[1] | m[2] | m[3] | m[4] | m[5]) || (m[0] & 0x01))
			continue;
		memcpy(f->mac, m, 6);
		f->mac_len = 6;
		f->mac_from_link_local = true;
	}
}

/* Interfaces only a log's or a program's line names, that no listing showed. */
static void only_named(struct ev_ctx *c)
{
	for (size_t i = 0; i < c->m->ifaces.n; i++) {
		struct ifw_iface *f = &c->m->ifaces.v[i];
		f->only_named = ifw_idmap_get(&c->log_named, i) == 1 && !f->mtu && !f->flags &&
		                !f->mac_len && !f->addrs.n && !f->routes.n;
	}
}

int ev_finish(struct ev_ctx *c, struct ifw_err *err)
{
	ev_appear_end(c);
	decide_os(c);
	bridge_ports_shown(c);
	tun_names(c);
	member_ifaces(c);
	member_indexes(c);
	routed_ifaces(c);
	logged_ifaces(c);
	/* after the interfaces routes and logs name are known */
	if (!c->os_explicit && strcmp(c->m->os, "linux") == 0 && !c->votes_freebsd &&
	    !c->votes_openbsd && mac_names_only(c))
		c->m->os = "darwin";
	logged_kinds(c); /* before indexes are made up for the interfaces only logs name */
	assign_indexes(c);
	typed_names(c);
	assign_indexes(c); /* the interfaces only typed commands name */
	resolve_refs(c);
	macs_from_link_local(c);
	only_named(c);
	c->full = false; /* what was read is kept: only new records are refused past the bounds */
	if (ev_make_sockets(c) < 0)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory merging evidence");
	if (ev_conntrack_far_ends(c) < 0)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory reading conntrack entries");
	privileges(c);
	return 0;
}
