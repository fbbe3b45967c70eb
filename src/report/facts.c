/* Facts rendered as evidence lines, in the style of the command an expert would have run. */
#include "model/names.h"
#include "report/report.h"

#include "util/strbuf.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

static void put(struct ifw_strbuf *b, const char *s, bool safe)
{
	if (!s)
		return;
	if (safe)
		ifw_sb_safe_str(b, s);
	else
		ifw_sb_puts(b, s);
}

static void address(struct ifw_strbuf *b, const struct ifw_ip *ip, bool any_star)
{
	char t[IFW_IP_STRLEN];
	if (any_star && !ip->family)
		ifw_sb_puts(b, "*");
	else if (ip->family == AF_INET6)
		ifw_sb_printf(b, "[%s]", ifw_ip_str(ip, t));
	else
		ifw_sb_puts(b, ifw_ip_str(ip, t));
}

static void endpoint(struct ifw_strbuf *b, const struct ifw_ip *ip, uint16_t port, bool any_star)
{
	address(b, ip, any_star);
	if (port)
		ifw_sb_printf(b, ":%u", port);
	else
		ifw_sb_puts(b, ":*");
}

void ifw_render_proc(struct ifw_strbuf *b, const struct ifw_model *m, ifw_id proc, bool safe)
{
	if (proc == IFW_NOID) {
		ifw_sb_puts(b, "?");
		return;
	}
	const struct ifw_process *p = &m->procs.v[proc];
	put(b, p->comm ? p->comm : "?", safe);
	if (p->pid > 0)
		ifw_sb_printf(b, " (pid %d", p->pid);
	else
		ifw_sb_puts(b, " (");
	if (p->user) {
		ifw_sb_puts(b, p->pid > 0 ? ", " : "");
		put(b, p->user, safe);
	} else if (p->has_uid) {
		ifw_sb_printf(b, "%suid %u", p->pid > 0 ? ", " : "", p->uid);
	}
	ifw_sb_puts(b, ")");
}

static void socket_owner(struct ifw_strbuf *b, const struct ifw_model *m,
                         const struct ifw_socket *s, bool safe)
{
	if (s->fdrefs.n) {
		for (size_t i = 0; i < s->fdrefs.n && i < 3; i++) {
			const struct ifw_fdref *r = &m->fdrefs.v[s->fdrefs.v[i]];
			ifw_sb_puts(b, i ? ", " : " ");
			ifw_render_proc(b, m, r->proc, safe);
			if (r->fd >= 0 && m->source == IFW_SRC_LIVE)
				ifw_sb_printf(b, " fd %d", r->fd);
		}
		if (s->fdrefs.n > 3)
			ifw_sb_printf(b, " and %zu more", s->fdrefs.n - 3);
	} else if (s->owner == IFW_OWNER_KERNEL) {
		ifw_sb_puts(b, " (the kernel's: no process holds it)");
	} else if (s->owner == IFW_OWNER_NONE) {
		ifw_sb_puts(b, " (no process: closing)");
	} else if (m->source == IFW_SRC_LIVE) {
		ifw_sb_printf(b, " (inode %llu, owner not visible)", (unsigned long long)s->inode);
	}
}

void ifw_render_socket(struct ifw_strbuf *b, const struct ifw_model *m, ifw_id sock, bool safe)
{
	const struct ifw_socket *s = &m->sockets.v[sock];
	if (s->family == AF_UNIX) {
		ifw_sb_puts(b, "unix LISTEN ");
		put(b, s->path, safe);
		socket_owner(b, m, s, safe);
		return;
	}
	if (s->family == IFW_AF_PACKET) {
		ifw_sb_printf(b, "packet proto 0x%04x on ", s->raw_protocol);
		if (s->bound_iface != IFW_NOID)
			put(b, m->ifaces.v[s->bound_iface].name, safe);
		else
			ifw_sb_puts(b, s->bound_ifindex ? "?" : "all interfaces");
		socket_owner(b, m, s, safe);
		return;
	}
	const char *state = s->proto == IFW_P_TCP ? ifw_name_tcp_state(s->state)
	                    : s->listening        ? "UNCONN"
	                                          : "ESTAB";
	ifw_sb_printf(b, "%s %s ", ifw_name_sock_proto(s->proto, IFW_NAME_KEY), state);
	endpoint(b, &s->local, s->lport, true);
	if (s->bound_iface != IFW_NOID && s->bound_ifindex) {
		ifw_sb_puts(b, "%");
		put(b, m->ifaces.v[s->bound_iface].name, safe);
	}
	if (s->remote_name) {
		ifw_sb_puts(b, " -> ");
		put(b, s->remote_name, safe);
		ifw_sb_printf(b, ":%u", s->rport);
	} else if (!s->listening || s->rport) {
		ifw_sb_puts(b, " -> ");
		endpoint(b, &s->remote, s->rport, true);
	}
	socket_owner(b, m, s, safe);
}

static void iface_line(struct ifw_strbuf *b, const struct ifw_model *m, ifw_id id, bool safe)
{
	const struct ifw_iface *f = &m->ifaces.v[id];
	if (f->origin.raw) {
		put(b, f->origin.raw, safe);
		return;
	}
	ifw_sb_printf(b, "%d: ", f->ifindex);
	put(b, f->name, safe);
	ifw_sb_puts(b, ": <");
	ifw_names_ifflags(b, f->flags, ",");
	ifw_sb_printf(b, "> mtu %u state %s", f->mtu, ifw_name_operstate(f->operstate));
	const char *t = ifw_name_arptype(f->arptype);
	if (t)
		ifw_sb_printf(b, " link/%s", t);
	if (f->kind) {
		ifw_sb_puts(b, " ");
		put(b, f->kind, safe);
	}
	if (f->link != IFW_NOID) {
		ifw_sb_puts(b, " peer ");
		put(b, m->ifaces.v[f->link].name, safe);
		if (f->link_ns != f->ns && f->link_ns != IFW_NOID) {
			ifw_sb_puts(b, " in netns ");
			put(b, m->netns.v[f->link_ns].name, safe);
		}
	}
	if (f->master != IFW_NOID) {
		ifw_sb_puts(b, " master ");
		put(b, m->ifaces.v[f->master].name, safe);
	}
	if (m->netns.n > 1) {
		ifw_sb_puts(b, " (netns ");
		put(b, m->netns.v[f->ns].name, safe);
		ifw_sb_puts(b, ")");
	}
}

static void addr_line(struct ifw_strbuf *b, const struct ifw_model *m, ifw_id id, bool safe)
{
	const struct ifw_addr *a = &m->addrs.v[id];
	if (a->origin.raw) {
		put(b, a->origin.raw, safe);
		return;
	}
	char t[IFW_IP_STRLEN];
	ifw_sb_printf(b, "%s %s", ifw_name_family(a->ip.family), ifw_ip_str(&a->ip, t));
	if (a->peer.family)
		ifw_sb_printf(b, " peer %s", ifw_ip_str(&a->peer, t));
	ifw_sb_printf(b, "/%u scope %s ", a->plen, ifw_name_scope(a->scope));
	if (a->iface != IFW_NOID)
		put(b, m->ifaces.v[a->iface].name, safe);
}

static void route_line(struct ifw_strbuf *b, const struct ifw_model *m, ifw_id id, bool safe)
{
	const struct ifw_route *r = &m->routes.v[id];
	if (r->origin.raw) {
		put(b, r->origin.raw, safe);
		return;
	}
	char t[IFW_IP_STRLEN];
	if (r->type != IFW_RTN_UNICAST)
		ifw_sb_printf(b, "%s ", ifw_name_rttype(r->type));
	if (r->dst_len == 0)
		ifw_sb_puts(b, "default");
	else
		ifw_sb_printf(b, "%s/%u", ifw_ip_str(&r->dst, t), r->dst_len);
	if (r->gateway.family)
		ifw_sb_printf(b, " via %s", ifw_ip_str(&r->gateway, t));
	if (r->iface != IFW_NOID) {
		ifw_sb_puts(b, " dev ");
		put(b, m->ifaces.v[r->iface].name, safe);
	}
	const char *tn = ifw_name_table(r->table);
	if (r->table != IFW_TABLE_MAIN) {
		if (tn)
			ifw_sb_printf(b, " table %s", tn);
		else
			ifw_sb_printf(b, " table %u", r->table);
	}
	if (r->protocol)
		ifw_sb_printf(b, " proto %s", ifw_name_rtproto(r->protocol));
	if (r->prefsrc.family)
		ifw_sb_printf(b, " src %s", ifw_ip_str(&r->prefsrc, t));
	if (r->metric)
		ifw_sb_printf(b, " metric %u", r->metric);
}

/* A WireGuard peer or OpenVPN remote as its daemon reported it. */
static void session_fact(struct ifw_strbuf *b, const struct ifw_tunnel_sa *sa, bool safe)
{
	char r[IFW_IP_STRLEN];
	put(b, sa->daemon ? sa->daemon : "daemon", safe);
	ifw_sb_puts(b, " says ");
	if (ifw_sa_is_mesh(sa)) {
		/* a mesh peer: "tailscaled says tailscale0 is in network N: peer P direct at A" */
		if (sa->ifname) {
			put(b, sa->ifname, safe);
			ifw_sb_puts(b, " ");
		}
		ifw_sb_puts(b, "is in network ");
		put(b, sa->name ? sa->name : "?", safe);
		ifw_sb_puts(b, ": ");
		if (sa->remote_id) {
			ifw_sb_puts(b, "peer ");
			put(b, sa->remote_id, safe);
			ifw_sb_puts(b, " ");
		}
		put(b, sa->state ? sa->state : "?", safe);
		if (sa->remote.family)
			ifw_sb_printf(b, " at %s port %u", ifw_ip_str(&sa->remote, r), sa->rport);
		if (sa->origin.src) {
			ifw_sb_puts(b, " (");
			put(b, sa->origin.src, safe);
			ifw_sb_puts(b, ")");
		}
		return;
	}
	if (sa->ifname) {
		put(b, sa->ifname, safe);
		ifw_sb_puts(b, " ");
	}
	ifw_sb_puts(b, "talks to ");
	if (sa->remote.family)
		ifw_sb_puts(b, ifw_ip_str(&sa->remote, r));
	else
		put(b, sa->remote_host ? sa->remote_host : "?", safe);
	ifw_sb_printf(b, " %s port %u", sa->proto == IFW_P_TCP ? "TCP" : "UDP", sa->rport);
	if (sa->state) {
		ifw_sb_puts(b, ", ");
		put(b, sa->state, safe);
	}
	if (sa->origin.src) {
		ifw_sb_puts(b, " (");
		put(b, sa->origin.src, safe);
		ifw_sb_puts(b, ")");
	}
}

static void sa_line(struct ifw_strbuf *b, const struct ifw_model *m, ifw_id id, bool safe)
{
	const struct ifw_tunnel_sa *sa = &m->sas.v[id];
	char l[IFW_IP_STRLEN], r[IFW_IP_STRLEN];
	if (sa->source && strcmp(sa->source, "vici") != 0) {
		session_fact(b, sa, safe);
		return;
	}
	put(b, sa->daemon ? sa->daemon : "IKE", safe);
	ifw_sb_puts(b, " SA ");
	put(b, sa->name ? sa->name : "?", safe);
	ifw_sb_printf(b, ": %s[%u] <-> %s[%u] ", ifw_ip_str(&sa->local, l), sa->lport,
	              ifw_ip_str(&sa->remote, r), sa->rport);
	put(b, sa->state ? sa->state : "?", safe);
	if (sa->version) {
		ifw_sb_puts(b, " ");
		put(b, sa->version, safe);
	}
	if (sa->nat_local)
		ifw_sb_puts(b, ", local host behind NAT");
	if (sa->nat_remote)
		ifw_sb_puts(b, ", remote host behind NAT");
	if (sa->encap)
		ifw_sb_puts(b, ", ESP in UDP");
	if (sa->n_vips) {
		ifw_sb_puts(b, ", virtual IPs");
		for (size_t i = 0; i < sa->n_vips; i++) {
			ifw_sb_puts(b, " ");
			put(b, sa->vips[i], safe);
		}
	}
	if (sa->origin.src) {
		ifw_sb_puts(b, " (");
		put(b, sa->origin.src, safe);
		ifw_sb_puts(b, ")");
	}
}

static void flow_line(struct ifw_strbuf *b, const struct ifw_model *m, ifw_id id, bool safe)
{
	const struct ifw_flow *f = &m->flows.v[id];
	const char *proto = ifw_name_ipproto(f->ip_proto);
	put(b, f->app ? f->app : "unknown", safe);
	if (!f->app || strcasecmp(f->app, proto) != 0)
		ifw_sb_printf(b, " %s", proto);
	/* Ports only where the protocol has them; IPv6 in brackets so the port stands apart. */
	bool ports = f->sport || f->dport;
	ifw_sb_puts(b, " ");
	if (ports)
		endpoint(b, &f->src, f->sport, false);
	else
		address(b, &f->src, false);
	ifw_sb_puts(b, " -> ");
	if (ports)
		endpoint(b, &f->dst, f->dport, false);
	else
		address(b, &f->dst, false);
	ifw_sb_printf(b, ", %llu packets, %llu bytes", (unsigned long long)f->packets,
	              (unsigned long long)f->bytes);
	if (f->server_name) {
		ifw_sb_puts(b, ", name ");
		put(b, f->server_name, safe);
	}
	if (f->sip_from) {
		ifw_sb_puts(b, ", From ");
		put(b, f->sip_from, safe);
	}
	if (f->sip_to) {
		ifw_sb_puts(b, ", To ");
		put(b, f->sip_to, safe);
	}
	if (f->sip_user_agent) {
		ifw_sb_puts(b, ", User-Agent ");
		put(b, f->sip_user_agent, safe);
	}
	if (f->owner != IFW_NOID && f->owner < m->procs.n) {
		const struct ifw_process *p = &m->procs.v[f->owner];
		ifw_sb_puts(b, ", socket of ");
		put(b, p->comm ? p->comm : "?", safe);
		ifw_sb_printf(b, " (pid %d)", (int)p->pid);
	}
	if (f->classifier_app) {
		/* The owner's protocol replaced the classifier's label (capture/owner.c). */
		ifw_sb_puts(b, " (nDPI guessed ");
		put(b, f->classifier_app, safe);
		ifw_sb_puts(b, ")");
	}
}

void ifw_render_fact(struct ifw_strbuf *b, const struct ifw_model *m, const struct ifw_fact_ref *r,
                     bool safe)
{
	switch (r->type) {
	case IFW_FACT_IFACE:
		iface_line(b, m, r->id, safe);
		break;
	case IFW_FACT_ADDR:
		addr_line(b, m, r->id, safe);
		break;
	case IFW_FACT_ROUTE:
		route_line(b, m, r->id, safe);
		break;
	case IFW_FACT_SOCKET: {
		const struct ifw_socket *s = &m->sockets.v[r->id];
		if (s->origin.raw)
			put(b, s->origin.raw, safe);
		else
			ifw_render_socket(b, m, r->id, safe);
		break;
	}
	case IFW_FACT_PROC: {
		const struct ifw_process *p = &m->procs.v[r->id];
		if (p->origin.raw) {
			put(b, p->origin.raw, safe);
			break;
		}
		ifw_render_proc(b, m, r->id, safe);
		if (p->cmdline) {
			ifw_sb_puts(b, ": ");
			put(b, p->cmdline, safe);
		}
		if (p->container_runtime) {
			ifw_sb_puts(b, " [");
			put(b, p->container_runtime, safe);
			if (p->container_id)
				ifw_sb_printf(b, " %.12s", p->container_id);
			if (p->container_name) {
				ifw_sb_puts(b, " ");
				put(b, p->container_name, safe);
			}
			if (p->pod_name) {
				ifw_sb_puts(b, " pod ");
				put(b, p->pod_namespace ? p->pod_namespace : "?", safe);
				ifw_sb_puts(b, "/");
				put(b, p->pod_name, safe);
			}
			ifw_sb_puts(b, "]");
		} else if (p->unit) {
			ifw_sb_puts(b, " [");
			put(b, p->unit, safe);
			ifw_sb_puts(b, "]");
		}
		break;
	}
	case IFW_FACT_FDREF: {
		const struct ifw_fdref *fd = &m->fdrefs.v[r->id];
		const struct ifw_process *p = fd->proc != IFW_NOID ? &m->procs.v[fd->proc] : NULL;
		if (m->source == IFW_SRC_EVIDENCE) {
			/* saved output: its own words (BSD "Opened by PID", an fdinfo "iff:" line),
			 * never a /proc path or an ioctl that was not made */
			ifw_sb_printf(b, "pid %d holds ", p ? p->pid : 0);
			put(b, fd->tun_name ? fd->tun_name : "?", safe);
			if (fd->fd >= 0)
				ifw_sb_printf(b, " on fd %d", fd->fd);
			if (fd->origin.raw) {
				const char *raw = fd->origin.raw;
				while (*raw == ' ' || *raw == '\t')
					raw++;
				ifw_sb_puts(b, ": ");
				put(b, raw, safe);
			}
			break;
		}
		ifw_sb_printf(b, "/proc/%d/fd/%d -> /dev/net/tun, iff: ", p ? p->pid : 0, fd->fd);
		put(b, fd->tun_name ? fd->tun_name : "?", safe);
		if (fd->tun_ns_confirmed) {
			ifw_id ns = ifw_model_netns_by_inode(m, fd->tun_ns_inode);
			ifw_sb_puts(b, " (device in netns ");
			put(b, ns != IFW_NOID ? m->netns.v[ns].name : "?", safe);
			ifw_sb_puts(b, ", confirmed with TUNGETDEVNETNS)");
		} else {
			ifw_sb_puts(b, " (namespace not confirmed)");
		}
		break;
	}
	case IFW_FACT_SA:
		sa_line(b, m, r->id, safe);
		break;
	case IFW_FACT_FLOW:
		flow_line(b, m, r->id, safe);
		break;
	case IFW_FACT_NETNS: {
		const struct ifw_netns *ns = &m->netns.v[r->id];
		ifw_sb_puts(b, "netns ");
		put(b, ns->name, safe);
		ifw_sb_printf(b, " (net:[%llu])", (unsigned long long)ns->inode);
		if (ns->pid) {
			ifw_sb_printf(b, ", pid %d ", ns->pid);
			put(b, ns->pid_comm, safe);
			ifw_sb_puts(b, " lives there");
		}
		break;
	}
	case IFW_FACT_NAME: {
		const struct ifw_name_hint *h = &m->names.v[r->id];
		char t[IFW_IP_STRLEN];
		ifw_sb_printf(b, "%s = ", ifw_ip_str(&h->ip, t));
		put(b, h->name, safe);
		break;
	}
	case IFW_FACT_TEXT:
		put(b, r->text, safe);
		break;
	default:
		ifw_sb_puts(b, "?");
	}
}
