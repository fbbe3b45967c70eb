/* The text report. The overview: one compact block per interface, grouped by namespace, verdict
 * first. The detail (ifwho NAME): verdict, then held by, tunnel, used by, routes, traffic, and
 * the evidence behind each claim. Every host string goes through the sanitizer. */
#include "model/names.h"
#include "report/report.h"

#include "util/strbuf.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

struct tx {
	FILE *out;
	const struct ifw_model *m;
	const struct ifw_analysis *a;
	const struct ifw_report_opts *o;
	struct ifw_strbuf b;
};

#define C_BOLD "\033[1m"
#define C_DIM  "\033[2m"
#define C_NAME "\033[1;36m"
#define C_OFF  "\033[0m"

static const char *col(const struct tx *t, const char *code)
{
	return t->o->color ? code : "";
}

static const char *conf_color(const struct tx *t, uint8_t c)
{
	if (!t->o->color)
		return "";
	return c >= IFW_CONF_CERTAIN    ? "\033[32m"
	       : c >= IFW_CONF_LIKELY   ? "\033[36m"
	       : c >= IFW_CONF_POSSIBLE ? "\033[33m"
	                                : "\033[31m";
}

/* Writes the buffer and starts over. */
static void flush(struct tx *t)
{
	ifw_write_wrapped(t->out, ifw_sb_str(&t->b), t->o->width);
	ifw_sb_reset(&t->b);
}

static void label(struct tx *t, const char *indent, const char *name)
{
	ifw_sb_printf(&t->b, "%s%s%-11s%s ", indent, col(t, C_DIM), name, col(t, C_OFF));
}

static void verdict_line(struct tx *t, ifw_id id)
{
	const struct ifw_iface *f = &t->m->ifaces.v[id];
	const struct ifw_iface_analysis *ia = &t->a->ifaces[id];
	ifw_sb_puts(&t->b, col(t, C_NAME));
	ifw_sb_safe_str(&t->b, f->name);
	ifw_sb_puts(&t->b, col(t, C_OFF));
	ifw_sb_puts(&t->b, ": ");
	ifw_sb_puts(&t->b, col(t, C_BOLD));
	ifw_sb_safe_str(&t->b, ia->verdict_text ? ia->verdict_text : "unknown");
	ifw_sb_puts(&t->b, col(t, C_OFF));
	ifw_sb_printf(&t->b, "  %s[%s]%s\n", conf_color(t, ia->confidence),
	              ifw_confidence_word(ia->confidence), col(t, C_OFF));
}

/* " (AS21928 T-Mobile USA, Inc.)", " (documentation)" or nothing. */
static void owner_suffix(struct tx *t, const struct ifw_addr_owner *o)
{
	if (!o)
		return;
	if (o->asn) {
		ifw_sb_printf(&t->b, " (AS%u ", o->asn);
		ifw_sb_safe_str(&t->b, o->org);
		ifw_sb_puts(&t->b, ")");
	} else if (o->special_tag) {
		ifw_sb_printf(&t->b, " (%s)", o->special_tag);
	}
}

static void kind_line(struct tx *t, const char *indent, ifw_id id)
{
	const struct ifw_iface *f = &t->m->ifaces.v[id];
	label(t, indent, "kind");
	if (f->kind)
		ifw_sb_safe_str(&t->b, f->kind);
	else
		ifw_sb_puts(&t->b,
		            ifw_name_arptype(f->arptype) ? ifw_name_arptype(f->arptype) : "?");
	if (f->kind && strcmp(f->kind, "tun") == 0)
		ifw_sb_printf(&t->b, " (%s%s%s)", f->info.tun_type == IFW_TUN_TAP ? "TAP" : "TUN",
		              f->info.tun_persist ? ", persistent" : "",
		              f->info.tun_multi_queue ? ", multi-queue" : "");
	if (f->driver && (!f->kind || strcmp(f->driver, f->kind) != 0)) {
		ifw_sb_puts(&t->b, ", driver ");
		ifw_sb_safe_str(&t->b, f->driver);
	}
	ifw_sb_printf(&t->b, ", mtu %u, <", f->mtu);
	ifw_names_ifflags(&t->b, f->flags, ",");
	ifw_sb_printf(&t->b, "> state %s", ifw_name_operstate(f->operstate));
	if (f->mac_len == 6) {
		ifw_sb_printf(&t->b, ", mac %02x:%02x:%02x:%02x:%02x:%02x", f->mac[0], f->mac[1],
		              f->mac[2], f->mac[3], f->mac[4], f->mac[5]);
	}
	if (f->link != IFW_NOID || f->link_ifindex > 0) {
		ifw_sb_puts(&t->b, ", peer ");
		ifw_sb_safe_str(&t->b, f->link != IFW_NOID ? t->m->ifaces.v[f->link].name
		                       : f->link_name      ? f->link_name
		                                           : "?");
		if (f->link_ns != IFW_NOID && f->link_ns != f->ns) {
			ifw_sb_puts(&t->b, " in ");
			ifw_sb_safe_str(&t->b, t->m->netns.v[f->link_ns].name);
		}
	}
	if (f->master != IFW_NOID) {
		ifw_sb_puts(&t->b, ", port of ");
		ifw_sb_safe_str(&t->b, t->m->ifaces.v[f->master].name);
	}
	if (f->alias) {
		ifw_sb_puts(&t->b, ", alias \"");
		ifw_sb_safe_str(&t->b, f->alias);
		ifw_sb_puts(&t->b, "\"");
	}
	ifw_sb_puts(&t->b, "\n");
}

static void addresses(struct tx *t, const char *indent, ifw_id id, bool with_owner)
{
	const struct ifw_iface *f = &t->m->ifaces.v[id];
	if (!f->addrs.n)
		return;
	label(t, indent, "addresses");
	for (size_t i = 0; i < f->addrs.n; i++) {
		const struct ifw_addr *a = &t->m->addrs.v[f->addrs.v[i]];
		char ip[IFW_IP_STRLEN];
		if (i && with_owner)
			ifw_sb_printf(&t->b, "\n%s%12s", indent, "");
		else if (i)
			ifw_sb_puts(&t->b, ", ");
		ifw_sb_printf(&t->b, "%s/%u", ifw_ip_str(&a->ip, ip), a->plen);
		if (a->peer.family)
			ifw_sb_printf(&t->b, " peer %s", ifw_ip_str(&a->peer, ip));
		if (with_owner && a->scope == 0)
			owner_suffix(t, ifw_addr_owner_of(t->a, f->addrs.v[i]));
	}
	ifw_sb_puts(&t->b, "\n");
}

static void holders(struct tx *t, const char *indent, const struct ifw_iface_analysis *ia,
                    bool detail)
{
	struct ifw_idmap shown; /* each process once: one may hold a tun through 500 000 fds */
	ifw_idmap_init(&shown);
	for (size_t i = 0; i < ia->holders.n; i++) {
		const struct ifw_holder *h = &ia->holders.v[i];
		if (ifw_idmap_get(&shown, h->proc) != IFW_NOID)
			continue;
		if (ifw_idmap_put(&shown, h->proc, 1) < 0)
			break;
		label(t, indent, i ? "" : "held by");
		ifw_render_proc(&t->b, t->m, h->proc, true);
		if (detail) {
			ifw_sb_puts(&t->b, ": ");
			ifw_sb_safe_str(&t->b, h->how);
			if (!h->confirmed)
				ifw_sb_puts(&t->b, " (inferred)");
		}
		ifw_sb_puts(&t->b, "\n");
	}
	ifw_idmap_free(&shown);
	if (!ia->holders.n && ia->kernel_owned && detail) {
		label(t, indent, "held by");
		ifw_sb_puts(&t->b, "the kernel (no process keeps it)\n");
	}
}

/* A mesh VPN peer (Tailscale, ZeroTier): the network, the peer's name and mesh address, and
 * how it is reached (direct at an address, or relayed). */
static void mesh_line(struct tx *t, const struct ifw_tunnel_sa *sa,
                      const struct ifw_addr_owner *remote_owner)
{
	char r[IFW_IP_STRLEN];
	ifw_sb_safe_str(&t->b, sa->version ? sa->version : sa->daemon);
	ifw_sb_puts(&t->b, " network ");
	ifw_sb_safe_str(&t->b, sa->name ? sa->name : "?");
	if (sa->n_vips) {
		ifw_sb_puts(&t->b, " as ");
		ifw_sb_safe_str(&t->b, sa->vips[0]);
	}
	ifw_sb_puts(&t->b, ": ");
	if (sa->remote_id) {
		ifw_sb_puts(&t->b, "peer ");
		ifw_sb_safe_str(&t->b, sa->remote_id);
		if (sa->n_remote_vips) {
			ifw_sb_puts(&t->b, " (");
			ifw_sb_safe_str(&t->b, sa->remote_vips[0]);
			ifw_sb_puts(&t->b, ")");
		}
		ifw_sb_puts(&t->b, " ");
	}
	ifw_sb_safe_str(&t->b, sa->state ? sa->state : "?");
	if (sa->remote.family) {
		ifw_sb_printf(&t->b, " %s%s%s:%u", sa->remote.family == AF_INET6 ? "[" : "",
		              ifw_ip_str(&sa->remote, r), sa->remote.family == AF_INET6 ? "]" : "",
		              sa->rport);
		owner_suffix(t, remote_owner);
	}
	ifw_sb_puts(&t->b, ", from ");
	ifw_sb_safe_str(&t->b, sa->source);
	ifw_sb_puts(&t->b, "\n");
}

/* A daemon's session other than an IKE SA (WireGuard peer, OpenVPN remote): the endpoints, what
 * the daemon says of it, and where that came from. */
static void session_line(struct tx *t, const struct ifw_tunnel_sa *sa,
                         const struct ifw_addr_owner *remote_owner)
{
	char l[IFW_IP_STRLEN], r[IFW_IP_STRLEN];
	ifw_sb_printf(&t->b, "%s ", sa->proto == IFW_P_TCP ? "TCP" : "UDP");
	if (sa->local.family)
		ifw_sb_printf(&t->b, "%s", ifw_ip_str(&sa->local, l));
	else
		ifw_sb_puts(&t->b, "*");
	ifw_sb_printf(&t->b, ":%u <-> ", sa->lport);
	if (sa->remote.family)
		ifw_sb_puts(&t->b, ifw_ip_str(&sa->remote, r));
	else
		ifw_sb_safe_str(&t->b, sa->remote_host ? sa->remote_host : "?");
	ifw_sb_printf(&t->b, ":%u", sa->rport);
	owner_suffix(t, remote_owner);
	ifw_sb_puts(&t->b, ", ");
	ifw_sb_safe_str(&t->b, sa->version ? sa->version : sa->daemon);
	if (sa->remote_id && sa->version && strcmp(sa->version, "WireGuard") == 0) {
		ifw_sb_puts(&t->b, " peer ");
		ifw_sb_safe(&t->b, sa->remote_id, strnlen(sa->remote_id, 8));
		ifw_sb_puts(&t->b, "...");
	} else if (sa->name) {
		ifw_sb_puts(&t->b, " ");
		ifw_sb_safe_str(&t->b, sa->name);
	}
	if (sa->state) {
		ifw_sb_puts(&t->b, " ");
		ifw_sb_safe_str(&t->b, sa->state);
	}
	for (size_t k = 0; k < sa->n_allowed_ips; k++) {
		ifw_sb_puts(&t->b, k ? " " : ", allowed IPs ");
		ifw_sb_safe_str(&t->b, sa->allowed_ips[k]);
	}
	ifw_sb_puts(&t->b, ", from ");
	ifw_sb_safe_str(&t->b, sa->source);
	ifw_sb_puts(&t->b, "\n");
}

static bool from_session(const struct ifw_model *m, const struct ifw_iface_analysis *ia,
                         const struct ifw_peer *p)
{
	for (size_t i = 0; i < ia->sas.n; i++) {
		const struct ifw_tunnel_sa *sa = &m->sas.v[ia->sas.v[i]];
		if (ifw_ip_eq(&sa->remote, &p->ip) && sa->rport == p->port)
			return true;
	}
	return false;
}

static void tunnel(struct tx *t, const char *indent, const struct ifw_iface_analysis *ia)
{
	const struct ifw_model *m = t->m;
	bool first = true;
	/* A WireGuard or OpenVPN server may have hundreds of peers: the first ones here, all in
	 * JSON. */
	enum { SHOWN = 16 };
	for (size_t i = 0; i < ia->sas.n; i++) {
		const struct ifw_tunnel_sa *sa = &m->sas.v[ia->sas.v[i]];
		char l[IFW_IP_STRLEN], r[IFW_IP_STRLEN];
		label(t, indent, first ? "tunnel" : "");
		first = false;
		if (i == SHOWN) {
			ifw_sb_printf(&t->b, "... and %zu more sessions (--json lists them all)\n",
			              ia->sas.n - SHOWN);
			break;
		}
		if (ifw_sa_is_mesh(sa)) {
			mesh_line(t, sa, ifw_sa_remote_owner_of(t->a, ia->sas.v[i]));
			continue;
		}
		if (sa->source && strcmp(sa->source, "vici") != 0) {
			session_line(t, sa, ifw_sa_remote_owner_of(t->a, ia->sas.v[i]));
			continue;
		}
		ifw_sb_printf(&t->b, "UDP %s:%u <-> %s:%u", ifw_ip_str(&sa->local, l), sa->lport,
		              ifw_ip_str(&sa->remote, r), sa->rport);
		owner_suffix(t, ifw_sa_remote_owner_of(t->a, ia->sas.v[i]));
		if (sa->nat_local || sa->nat_any)
			ifw_sb_puts(&t->b, ", through NAT");
		ifw_sb_puts(&t->b, ", ");
		ifw_sb_safe_str(&t->b, sa->version ? sa->version : "IKE");
		ifw_sb_puts(&t->b, " SA ");
		ifw_sb_safe_str(&t->b, sa->name);
		ifw_sb_puts(&t->b, " ");
		ifw_sb_safe_str(&t->b, sa->state);
		ifw_sb_puts(&t->b, "\n");
	}
	for (size_t i = 0; i < ia->peers.n; i++) {
		const struct ifw_peer *p = &ia->peers.v[i];
		if (!strcmp(p->via, "IKE SA") || from_session(m, ia, p))
			continue; /* shown above with its session */
		char ip[IFW_IP_STRLEN];
		label(t, indent, first ? "tunnel" : "");
		first = false;
		ifw_sb_printf(&t->b, "far end %s", ifw_ip_str(&p->ip, ip));
		if (p->port)
			ifw_sb_printf(&t->b, ":%u", p->port);
		if (p->name) {
			ifw_sb_puts(&t->b, " (");
			ifw_sb_safe_str(&t->b, p->name);
			ifw_sb_puts(&t->b, ")");
		}
		if (p->owner) {
			ifw_sb_puts(&t->b, " - ");
			ifw_sb_safe_str(&t->b, p->owner);
		}
		ifw_sb_printf(&t->b, ", from %s\n", p->via);
	}
	for (size_t i = 0; i < ia->outer.n; i++) {
		label(t, indent, first ? "tunnel" : "");
		first = false;
		ifw_sb_puts(&t->b, "outside: ");
		ifw_render_socket(&t->b, m, ia->outer.v[i], true);
		ifw_sb_puts(&t->b, "\n");
	}
}

static void users(struct tx *t, const char *indent, const struct ifw_iface_analysis *ia)
{
	size_t shown = 0;
	for (size_t i = 0; i < ia->users.n; i++) {
		if (shown == 12) {
			label(t, indent, "");
			ifw_sb_printf(&t->b, "... and %zu more sockets\n", ia->users.n - shown);
			break;
		}
		label(t, indent, shown ? "" : "used by");
		ifw_render_socket(&t->b, t->m, ia->users.v[i], true);
		ifw_sb_puts(&t->b, "\n");
		shown++;
	}
}

static void routes(struct tx *t, const char *indent, ifw_id id)
{
	const struct ifw_iface *f = &t->m->ifaces.v[id];
	size_t shown = 0;
	for (size_t i = 0; i < f->routes.n; i++) {
		const struct ifw_route *r = &t->m->routes.v[f->routes.v[i]];
		if (r->table == IFW_TABLE_LOCAL)
			continue; /* the kernel's own local/broadcast entries: noise here */
		label(t, indent, shown ? "" : "routes");
		struct ifw_fact_ref ref = {.type = IFW_FACT_ROUTE, .id = f->routes.v[i]};
		ifw_render_fact(&t->b, t->m, &ref, true);
		ifw_sb_puts(&t->b, "\n");
		shown++;
	}
}

/* Appends each distinct app name once: "SIP, RTP". */
static void distinct_apps(struct tx *t, const struct ifw_iface *f, bool underlay)
{
	size_t shown = 0;
	for (size_t i = 0; i < f->flows.n; i++) {
		const struct ifw_flow *fl = &t->m->flows.v[f->flows.v[i]];
		if (fl->underlay != underlay)
			continue;
		const char *app = fl->app ? fl->app : "unknown";
		bool dup = false;
		for (size_t k = 0; k < i && !dup; k++) {
			const struct ifw_flow *o = &t->m->flows.v[f->flows.v[k]];
			dup = o->underlay == underlay &&
			      strcmp(o->app ? o->app : "unknown", app) == 0;
		}
		if (dup)
			continue;
		ifw_sb_puts(&t->b, shown++ ? ", " : "");
		ifw_sb_safe_str(&t->b, app);
	}
}

/* The underlay's flows as "IPsec UDP 4500 with 203.0.113.10", each kind once. */
static void distinct_outside(struct tx *t, const struct ifw_iface *f)
{
	size_t shown = 0;
	for (size_t i = 0; i < f->flows.n; i++) {
		const struct ifw_flow *fl = &t->m->flows.v[f->flows.v[i]];
		if (!fl->underlay)
			continue;
		bool dup = false;
		for (size_t k = 0; k < i && !dup; k++) {
			const struct ifw_flow *o = &t->m->flows.v[f->flows.v[k]];
			dup = o->underlay && o->ip_proto == fl->ip_proto && o->dport == fl->dport &&
			      ifw_ip_eq(&o->dst, &fl->dst);
		}
		if (dup)
			continue;
		char ip[IFW_IP_STRLEN];
		ifw_sb_puts(&t->b, shown++ ? ", " : "");
		ifw_sb_safe_str(&t->b, fl->app ? fl->app : "unknown");
		ifw_sb_printf(&t->b, " %s", ifw_name_ipproto(fl->ip_proto));
		if (fl->dport)
			ifw_sb_printf(&t->b, " %u", fl->dport);
		ifw_sb_printf(&t->b, " with %s", ifw_ip_str(&fl->dst, ip));
	}
}

/* With an underlay sample: one line contrasting what is inside the tunnel with what is seen
 * outside ("inside: SIP; outside: IPsec"). */
static bool traffic_summary(struct tx *t, const char *indent, const struct ifw_iface *f)
{
	bool in = false, out = false;
	for (size_t i = 0; i < f->flows.n; i++) {
		if (t->m->flows.v[f->flows.v[i]].underlay)
			out = true;
		else
			in = true;
	}
	if (!out)
		return false;
	label(t, indent, "traffic");
	ifw_sb_puts(&t->b, "inside: ");
	if (in)
		distinct_apps(t, f, false);
	else
		ifw_sb_puts(&t->b, "nothing seen");
	ifw_sb_puts(&t->b, "; outside: only ");
	distinct_outside(t, f);
	ifw_sb_puts(&t->b, "\n");
	return true;
}

static void traffic(struct tx *t, const char *indent, ifw_id id)
{
	const struct ifw_iface *f = &t->m->ifaces.v[id];
	bool summarized = traffic_summary(t, indent, f);
	for (size_t i = 0; i < f->flows.n; i++) {
		label(t, indent, i || summarized ? "" : "traffic");

		struct ifw_fact_ref ref = {.type = IFW_FACT_FLOW, .id = f->flows.v[i]};
		ifw_render_fact(&t->b, t->m, &ref, true);
		if (t->m->flows.v[f->flows.v[i]].underlay)
			ifw_sb_puts(&t->b, " (outside, on the underlay)");
		ifw_sb_puts(&t->b, "\n");
	}
}

static void one_finding(struct tx *t, const struct ifw_iface_analysis *ia, size_t i)
{
	static const char *const roles[] = {"", "who", "what", "carries", "note"};
	const struct ifw_finding *fi = ia->findings.v[i];
	ifw_sb_printf(&t->b, "    %s %s", fi->role < 5 ? roles[fi->role] : "?",
	              (int)i == ia->verdict ? "*" : "-");
	ifw_sb_puts(&t->b, " ");
	ifw_sb_safe_str(&t->b, fi->claim);
	ifw_sb_printf(&t->b, "  %s[%s", conf_color(t, fi->confidence),
	              ifw_confidence_word(fi->confidence));
	if (t->o->why)
		ifw_sb_printf(&t->b, " %u, rule %s", fi->confidence, fi->rule);
	ifw_sb_printf(&t->b, "]%s\n", col(t, C_OFF));
	for (size_t k = 0; k < fi->facts.n; k++) {
		ifw_sb_printf(&t->b, "        %s", col(t, C_DIM));
		ifw_render_fact(&t->b, t->m, &fi->facts.v[k], true);
		if (fi->facts.v[k].source && t->o->why) {
			ifw_sb_puts(&t->b, "  <");
			ifw_sb_safe_str(&t->b, fi->facts.v[k].source);
			ifw_sb_puts(&t->b, ">");
		}
		ifw_sb_printf(&t->b, "%s\n", col(t, C_OFF));
	}
}

/* The verdict's evidence first, then any close alternative, then who made it, what it carries
 * and the notes; other purpose findings only with --why. */
static void evidence(struct tx *t, const struct ifw_iface_analysis *ia)
{
	ifw_sb_puts(&t->b, "  evidence\n");
	if (ia->verdict >= 0)
		one_finding(t, ia, (size_t)ia->verdict);
	for (size_t k = 0; k < ia->alternatives.n; k++)
		if (ia->alternatives.v[k] != ia->verdict)
			one_finding(t, ia, (size_t)ia->alternatives.v[k]);
	static const uint8_t order[] = {IFW_ROLE_CREATOR, IFW_ROLE_USAGE, IFW_ROLE_NOTE,
	                                IFW_ROLE_PURPOSE};
	for (size_t o = 0; o < sizeof(order); o++)
		for (size_t i = 0; i < ia->findings.n; i++) {
			const struct ifw_finding *fi = ia->findings.v[i];
			bool shown = (int)i == ia->verdict;
			for (size_t k = 0; k < ia->alternatives.n; k++)
				shown |= ia->alternatives.v[k] == (int)i;
			if (shown || fi->role != order[o] ||
			    (fi->role == IFW_ROLE_PURPOSE && !t->o->why))
				continue;
			one_finding(t, ia, i);
		}
	flush(t);
}

static void detail(struct tx *t, ifw_id id)
{
	const struct ifw_iface *f = &t->m->ifaces.v[id];
	const struct ifw_iface_analysis *ia = &t->a->ifaces[id];
	verdict_line(t, id);
	for (size_t i = 0; i < ia->alternatives.n && ia->verdict >= 0; i++) {
		ifw_sb_puts(&t->b, "  or perhaps: ");
		ifw_sb_safe_str(&t->b, ia->findings.v[ia->alternatives.v[i]]->claim);
		ifw_sb_puts(&t->b, "\n");
	}
	label(t, "  ", "netns");
	ifw_sb_safe_str(&t->b, t->m->netns.v[f->ns].name);
	if (f->ifindex > 0)
		ifw_sb_printf(&t->b, ", ifindex %d", f->ifindex);
	ifw_sb_puts(&t->b, "\n");
	kind_line(t, "  ", id);
	addresses(t, "  ", id, true);
	holders(t, "  ", ia, true);
	tunnel(t, "  ", ia);
	users(t, "  ", ia);
	if (ia->behind.n) {
		label(t, "  ", "behind it");
		ifw_sb_printf(&t->b, "%zu process%s, first ", ia->behind.n,
		              ia->behind.n == 1 ? "" : "es");
		ifw_render_proc(&t->b, t->m, ia->behind.v[0], true);
		ifw_sb_puts(&t->b, "\n");
	}
	routes(t, "  ", id);
	traffic(t, "  ", id);
	flush(t);
	evidence(t, ia);
	for (size_t i = 0; i < ia->next_steps.n; i++) {
		label(t, "  ", i ? "" : "to settle");
		ifw_sb_safe_str(&t->b, ia->next_steps.v[i]);
		ifw_sb_puts(&t->b, "\n");
	}
	ifw_sb_puts(&t->b, "\n");
	flush(t);
}

/* A process behind the interface's sockets, to name in the overview. */
static ifw_id some_user(const struct ifw_model *m, const struct ifw_iface_analysis *ia)
{
	for (size_t i = 0; i < ia->users.n; i++) {
		const struct ifw_socket *s = &m->sockets.v[ia->users.v[i]];
		if (s->fdrefs.n)
			return m->fdrefs.v[s->fdrefs.v[0]].proc;
	}
	return IFW_NOID;
}

static void compact(struct tx *t, ifw_id id)
{
	const struct ifw_iface_analysis *ia = &t->a->ifaces[id];
	ifw_sb_puts(&t->b, "  ");
	verdict_line(t, id);
	const struct ifw_iface *f = &t->m->ifaces.v[id];
	/* Only what the evidence showed: a pasted route table gives no kind, MTU or state. */
	const char *kind = f->kind ? f->kind : ifw_name_arptype(f->arptype);
	const char *state = ifw_name_operstate(f->operstate);
	bool show_state = t->m->source == IFW_SRC_LIVE || (state && strcmp(state, "unknown") != 0);
	size_t parts = 0;
	if (kind && kind[0] && strcmp(kind, "none") != 0) {
		ifw_sb_puts(&t->b, "    ");
		ifw_sb_safe_str(&t->b, kind);
		parts++;
	}
	if (f->mtu)
		ifw_sb_printf(&t->b, "%smtu %u", parts++ ? ", " : "    ", f->mtu);
	if (show_state && state)
		ifw_sb_printf(&t->b, "%s%s", parts++ ? ", " : "    ", state);
	for (size_t i = 0; i < f->addrs.n && i < 3; i++) {
		const struct ifw_addr *a = &t->m->addrs.v[f->addrs.v[i]];
		char ip[IFW_IP_STRLEN];
		ifw_sb_printf(&t->b, "%s%s/%u",
		              i       ? " "
		              : parts ? ", "
		                      : "    ",
		              ifw_ip_str(&a->ip, ip), a->plen);
		parts++;
	}
	if (f->addrs.n > 3)
		ifw_sb_printf(&t->b, " +%zu", f->addrs.n - 3);
	if (parts)
		ifw_sb_puts(&t->b, "\n");
	holders(t, "    ", ia, false);
	if (ia->users.n) {
		label(t, "    ", "used by");
		ifw_sb_printf(&t->b, "%zu socket%s", ia->users.n, ia->users.n == 1 ? "" : "s");
		ifw_id p = some_user(t->m, ia);
		if (p != IFW_NOID) {
			ifw_sb_puts(&t->b, ", e.g. ");
			ifw_render_proc(&t->b, t->m, p, true);
		}
		ifw_sb_puts(&t->b, "\n");
	}
	flush(t);
}

/* Flows of a capture file that names no interface the report knows: listed apart, in the
 * file's order, at most 40 of them. */
static void unattributed(struct tx *t)
{
	size_t n = 0;
	for (size_t i = 0; i < t->m->flows.n; i++) {
		if (t->m->flows.v[i].iface != IFW_NOID)
			continue;
		if (n == 0)
			ifw_sb_printf(&t->b, "%straffic not tied to an interface%s\n",
			              col(t, C_BOLD), col(t, C_OFF));
		if (n++ >= 40)
			continue;
		struct ifw_fact_ref ref = {.type = IFW_FACT_FLOW, .id = (ifw_id)i};
		ifw_sb_puts(&t->b, "  ");
		ifw_render_fact(&t->b, t->m, &ref, true);
		ifw_sb_puts(&t->b, "\n");
	}
	if (n > 40)
		ifw_sb_printf(&t->b, "  ... and %zu more (--json lists them all)\n", n - 40);
	if (n)
		ifw_sb_puts(&t->b, "\n");
}

static bool shown(const struct ifw_report_opts *o, ifw_id id)
{
	for (size_t k = 0; o->only && k < o->n_only; k++)
		if (o->only[k] == id)
			return true;
	return !o->only;
}

int ifw_report_text(FILE *out, const struct ifw_model *m, const struct ifw_analysis *a,
                    const struct ifw_report_opts *o, struct ifw_err *err)
{

	struct tx t = {.out = out, .m = m, .a = a, .o = o};
	ifw_sb_init(&t.b);
	if (o->only && o->detail) {
		for (size_t i = 0; i < o->n_only; i++)
			detail(&t, o->only[i]);
	} else {
		for (size_t n = 0; n < m->netns.n; n++) {
			const struct ifw_netns *ns = &m->netns.v[n];
			bool any = false;
			for (size_t i = 0; i < m->ifaces.n && !any; i++)
				any = m->ifaces.v[i].ns == n && shown(o, (ifw_id)i);
			/* A filtered overview (--kind, --unexplained) leaves out empty namespaces.
			 */
			if (!any && (!ns->error || o->only))
				continue;
			if (m->netns.n > 1 || m->source == IFW_SRC_LIVE) {
				ifw_sb_printf(&t.b, "%snetns ", col(&t, C_BOLD));
				ifw_sb_safe_str(&t.b, ns->name);
				ifw_sb_puts(&t.b, col(&t, C_OFF));
				if (ns->is_host && strcmp(ns->name, "host") != 0)
					ifw_sb_puts(&t.b, " (the host's)");
				if (ns->pid && !ns->is_host) {
					ifw_sb_printf(&t.b, "  %s(pid %d ", col(&t, C_DIM),
					              ns->pid);
					ifw_sb_safe_str(&t.b, ns->pid_comm);
					ifw_sb_printf(&t.b, " lives here)%s", col(&t, C_OFF));
				}
				if (a->ns_role && a->ns_role[n]) {
					ifw_sb_puts(&t.b, ": ");
					ifw_sb_safe_str(&t.b, a->ns_role[n]);
				}
				ifw_sb_puts(&t.b, "\n");
			}
			if (ns->error) {
				ifw_sb_puts(&t.b, "  could not be read: ");
				ifw_sb_safe_str(&t.b, ns->error);
				ifw_sb_puts(&t.b, "\n");
			}
			for (size_t i = 0; i < m->ifaces.n; i++) {
				if (m->ifaces.v[i].ns != n)
					continue;
				if (shown(o, (ifw_id)i))
					compact(&t, (ifw_id)i);
			}
			ifw_sb_puts(&t.b, "\n");
			flush(&t);
		}
	}
	unattributed(&t);
	for (size_t i = 0; i < m->warnings.n; i++) {
		ifw_sb_puts(&t.b, "warning: ");
		ifw_sb_safe_str(&t.b, m->warnings.v[i]);
		ifw_sb_puts(&t.b, "\n");
	}
	if (m->limits.n) {
		ifw_sb_puts(&t.b, "not visible without more privileges: ");
		for (size_t i = 0; i < m->limits.n; i++) {
			if (i)
				ifw_sb_puts(&t.b, "; ");
			ifw_sb_safe_str(&t.b, m->limits.v[i]);
		}
		ifw_sb_puts(&t.b, "\n");
	}
	if (m->skipped_lines)
		ifw_sb_printf(&t.b, "skipped %llu unrecognized evidence line(s)\n",
		              (unsigned long long)m->skipped_lines);
	flush(&t);
	ifw_sb_free(&t.b);
	if (ferror(out))
		return ifw_fail(err, IFW_E_SYS, "could not write the report");
	return 0;
}
