/* The JSON report: the same content as the text, with a versioned schema (docs/json-schema.md).
 * It is streamed: every value goes to the output as it is made, so memory does not grow with the
 * report (a host may have 100k sockets). Host strings go in raw; the writer escapes them and
 * replaces invalid UTF-8, which JSON cannot carry. Members are written in the documented order. */
#include "report/json_values.h"
#include "util/json_writer.h"
#include "model/names.h"
#include "report/report.h"

#include "ifw_config.h"
#include "util/sanitize.h"
#include "util/strbuf.h"

#include <string.h>
#include <sys/socket.h>

/* Layout: the header fully indented; each interface's members on their own lines, their values
 * on one line each. */
#define LEVELS_HEADER     IFW_JW_PRETTY
#define LEVELS_INTERFACES 3
/* used_by: one socket a line; unattributed_traffic: one flow a line. */
#define LEVELS_USED_BY 4
#define LEVELS_FLOWS   2

static void ip_field(struct ifw_jw *w, const char *name, const struct ifw_ip *ip)
{
	ifw_jw_name(w, name);
	ifw_jv_ip(w, ip);
}

static void owner_field(struct ifw_jw *w, const struct ifw_addr_owner *o)
{
	ifw_jw_name(w, "owner");
	ifw_jv_owner(w, o);
}

static void proc_field(struct ifw_jw *w, const struct ifw_model *m, ifw_id proc)
{
	ifw_jw_name(w, "process");
	ifw_jv_proc(w, m, proc);
}

static void strings_field(struct ifw_jw *w, const char *name, const char *const *v, size_t n)
{
	ifw_jw_array_field(w, name);
	for (size_t i = 0; i < n; i++)
		ifw_jw_string(w, v[i]);
	ifw_jw_end_array(w);
}

static void verdict(struct ifw_jw *w, const struct ifw_iface_analysis *ia)
{
	ifw_jw_object_field(w, "verdict");
	ifw_jw_string_field(w, "text", ia->verdict_text);
	ifw_jw_int_field(w, "confidence", ia->confidence);
	ifw_jw_string_field(w, "confidence_word", ifw_confidence_word(ia->confidence));
	ifw_jw_string_field(w, "category", ia->category);
	ifw_jw_string_field(w, "rule", ia->verdict >= 0 ? ia->findings.v[ia->verdict]->rule : NULL);
	ifw_jw_array_field(w, "alternatives");
	for (size_t i = 0; i < ia->alternatives.n; i++)
		ifw_jw_string(w, ia->findings.v[ia->alternatives.v[i]]->claim);
	ifw_jw_end_array(w);
	ifw_jw_end_object(w);
}

static void holders(struct ifw_jw *w, const struct ifw_model *m,
                    const struct ifw_iface_analysis *ia)
{
	ifw_jw_array_field(w, "held_by");
	for (size_t i = 0; i < ia->holders.n; i++) {
		const struct ifw_holder *h = &ia->holders.v[i];
		ifw_jw_start_object(w);
		proc_field(w, m, h->proc);
		ifw_jw_int_field_or_null(w, "fd", h->fdref != IFW_NOID,
		                         h->fdref != IFW_NOID ? m->fdrefs.v[h->fdref].fd : 0);
		ifw_jw_string_field(w, "how", h->how);
		ifw_jw_bool_field(w, "confirmed", h->confirmed);
		ifw_jw_end_object(w);
	}
	ifw_jw_end_array(w);
	ifw_jw_array_field(w, "unconfirmed_holders");
	for (size_t i = 0; i < ia->unconfirmed.n; i++) {
		ifw_jw_start_object(w);
		proc_field(w, m, ia->unconfirmed.v[i].proc);
		ifw_jw_string_field(w, "how", ia->unconfirmed.v[i].how);
		ifw_jw_end_object(w);
	}
	ifw_jw_end_array(w);
}

/* What a daemon's session adds to an IKE SA's fields (docs/json-schema.md, tunnel.sas[]): where
 * it came from and, for WireGuard and OpenVPN, the transport, the interface and the peer's
 * allowed IPs. */
static void session_fields(struct ifw_jw *w, const struct ifw_tunnel_sa *sa)
{
	ifw_jw_string_field(w, "source", sa->source);
	ifw_jw_string_field(w, "protocol", sa->proto == IFW_P_TCP ? "tcp" : "udp");
	ifw_jw_string_field(w, "interface", sa->ifname);
	ifw_jw_string_field(w, "remote_host", sa->remote_host);
	strings_field(w, "allowed_ips", (const char *const *)sa->allowed_ips, sa->n_allowed_ips);
	strings_field(w, "remote_virtual_ips", (const char *const *)sa->remote_vips,
	              sa->n_remote_vips);
	ifw_jw_uint_field_or_null(w, "last_handshake", sa->last_handshake != 0, sa->last_handshake);
	ifw_jw_uint_field(w, "bytes_in", sa->bytes_in);
	ifw_jw_uint_field(w, "bytes_out", sa->bytes_out);
}

/* The sockets that use the interface, one a line: there may be 100k, and none is kept. */
static void used_by(struct ifw_jw *w, const struct ifw_model *m,
                    const struct ifw_iface_analysis *ia)
{
	unsigned levels = w->pretty_levels;
	ifw_jw_pretty_levels(w, LEVELS_USED_BY);
	ifw_jw_array_field(w, "used_by");
	for (size_t i = 0; i < ia->users.n; i++)
		ifw_jv_socket(w, m, ia->users.v[i]);
	ifw_jw_end_array(w);
	ifw_jw_pretty_levels(w, levels);
}

static void tunnel(struct ifw_jw *w, const struct ifw_model *m, const struct ifw_iface_analysis *ia)
{
	ifw_jw_object_field(w, "tunnel");
	ifw_jw_array_field(w, "outer_sockets");
	for (size_t i = 0; i < ia->outer.n; i++)
		ifw_jv_socket(w, m, ia->outer.v[i]);
	ifw_jw_end_array(w);
	ifw_jw_array_field(w, "peers");
	for (size_t i = 0; i < ia->peers.n; i++) {
		const struct ifw_peer *p = &ia->peers.v[i];
		ifw_jw_start_object(w);
		ip_field(w, "address", &p->ip);
		ifw_jw_uint_field_or_null(w, "port", p->port != 0, p->port);
		ifw_jw_string_field(w, "name", p->name);
		ifw_jw_string_field(w, "via", p->via);
		owner_field(w, p->ip_owner);
		ifw_jw_end_object(w);
	}
	ifw_jw_end_array(w);
	ifw_jw_array_field(w, "sas");
	for (size_t i = 0; i < ia->sas.n; i++) {
		const struct ifw_tunnel_sa *sa = &m->sas.v[ia->sas.v[i]];
		ifw_jw_start_object(w);
		ifw_jw_string_field(w, "daemon", sa->daemon);
		ifw_jw_string_field(w, "name", sa->name);
		ifw_jw_string_field(w, "state", sa->state);
		ifw_jw_string_field(w, "version", sa->version);
		ip_field(w, "local", &sa->local);
		ifw_jw_uint_field(w, "local_port", sa->lport);
		ip_field(w, "remote", &sa->remote);
		ifw_jw_uint_field(w, "remote_port", sa->rport);
		ifw_jw_bool_field(w, "nat_local", sa->nat_local);
		ifw_jw_bool_field(w, "nat_remote", sa->nat_remote);
		ifw_jw_bool_field(w, "encap", sa->encap);
		ifw_jw_string_field(w, "remote_id", sa->remote_id);
		strings_field(w, "virtual_ips", (const char *const *)sa->vips, sa->n_vips);
		session_fields(w, sa);
		ifw_jw_end_object(w);
	}
	ifw_jw_end_array(w);
	ifw_jw_end_object(w);
}

/* The analysis members of an interface, after its collected ones. */
static void analysis(struct ifw_jw *w, const struct ifw_model *m, const struct ifw_analysis *a,
                     ifw_id id)
{
	const struct ifw_iface_analysis *ia = &a->ifaces[id];
	verdict(w, ia);
	holders(w, m, ia);
	ifw_jw_bool_field(w, "kernel_owned", ia->kernel_owned);
	used_by(w, m, ia);
	tunnel(w, m, ia);
	ifw_jw_array_field(w, "processes_behind");
	for (size_t i = 0; i < ia->behind.n && i < 64; i++)
		ifw_jv_proc(w, m, ia->behind.v[i]);
	ifw_jw_end_array(w);
	ifw_jw_array_field(w, "findings");
	for (size_t i = 0; i < ia->findings.n; i++)
		ifw_jv_finding(w, m, ia->findings.v[i]);
	ifw_jw_end_array(w);
	strings_field(w, "next_steps", ia->next_steps.v, ia->next_steps.n);
}

static void flow(struct ifw_jw *w, const struct ifw_flow *fl)
{
	ifw_jw_start_object(w);
	ifw_jw_string_field(w, "app", fl->app);
	ifw_jw_string_field(w, "category", fl->category);
	ifw_jw_string_field(w, "ip_proto", ifw_name_ipproto(fl->ip_proto));
	ip_field(w, "src", &fl->src);
	ifw_jw_uint_field(w, "src_port", fl->sport);
	ip_field(w, "dst", &fl->dst);
	ifw_jw_uint_field(w, "dst_port", fl->dport);
	ifw_jw_uint_field(w, "packets", fl->packets);
	ifw_jw_uint_field(w, "bytes", fl->bytes);
	ifw_jw_string_field(w, "server_name", fl->server_name);
	ifw_jw_string_field(w, "sip_from", fl->sip_from);
	ifw_jw_string_field(w, "sip_to", fl->sip_to);
	ifw_jw_string_field(w, "sip_user_agent", fl->sip_user_agent);
	ifw_jw_bool_field(w, "underlay", fl->underlay);
	ifw_jw_end_object(w);
}

static void link_field(struct ifw_jw *w, const struct ifw_model *m, const struct ifw_iface *f)
{
	ifw_jw_name(w, "link");
	if (f->link != IFW_NOID || f->link_ifindex <= 0) {
		ifw_jv_iface_ref(w, m, f->link);
		return;
	}
	/* A link the model has no interface for (another namespace, not collected). */
	ifw_jw_start_object(w);
	ifw_jw_int_field(w, "ifindex", f->link_ifindex);
	ifw_jw_string_field(w, "name", f->link_name);
	ifw_jw_string_field(w, "netns",
	                    f->link_ns != IFW_NOID ? m->netns.v[f->link_ns].name : NULL);
	ifw_jw_end_object(w);
}

static void addresses(struct ifw_jw *w, const struct ifw_model *m, const struct ifw_analysis *a,
                      const struct ifw_iface *f)
{
	ifw_jw_array_field(w, "addresses");
	for (size_t i = 0; i < f->addrs.n; i++) {
		const struct ifw_addr *ad = &m->addrs.v[f->addrs.v[i]];
		ifw_jw_start_object(w);
		ifw_jw_string_field(w, "family", ifw_name_family(ad->ip.family));
		ip_field(w, "address", &ad->ip);
		ifw_jw_uint_field(w, "prefixlen", ad->plen);
		ip_field(w, "peer", &ad->peer);
		ifw_jw_string_field(w, "scope", ifw_name_scope(ad->scope));
		ifw_jw_array_field(w, "flags");
		ifw_names_each_addrflag(ad->flags, ifw_jv_flag, w);
		ifw_jw_end_array(w);
		if (ad->valid_lft == UINT32_MAX)
			ifw_jw_string_field(w, "valid_lft", "forever");
		else
			ifw_jw_uint_field(w, "valid_lft", ad->valid_lft);
		owner_field(w, ifw_addr_owner_of(a, f->addrs.v[i]));
		ifw_jw_end_object(w);
	}
	ifw_jw_end_array(w);
}

static void routes(struct ifw_jw *w, const struct ifw_model *m, const struct ifw_iface *f)
{
	struct ifw_strbuf b;
	ifw_sb_init(&b);
	ifw_jw_array_field(w, "routes");
	for (size_t i = 0; i < f->routes.n; i++) {
		const struct ifw_route *r = &m->routes.v[f->routes.v[i]];
		ifw_jw_start_object(w);
		const char *tn = ifw_name_table(r->table);
		if (tn)
			ifw_jw_string_field(w, "table", tn);
		else
			ifw_jw_uint_field(w, "table", r->table);
		if (r->dst_len == 0)
			ifw_jw_string_field(w, "dst", "default");
		else
			ip_field(w, "dst", &r->dst);
		ifw_jw_uint_field(w, "dst_len", r->dst_len);
		ip_field(w, "gateway", &r->gateway);
		ip_field(w, "prefsrc", &r->prefsrc);
		ifw_jw_string_field(w, "protocol", ifw_name_rtproto(r->protocol));
		ifw_jw_string_field(w, "scope", ifw_name_scope(r->scope));
		ifw_jw_string_field(w, "type", ifw_name_rttype(r->type));
		ifw_jw_uint_field(w, "metric", r->metric);
		struct ifw_fact_ref ref = {.type = IFW_FACT_ROUTE, .id = f->routes.v[i]};
		ifw_sb_reset(&b);
		ifw_render_fact(&b, m, &ref, false);
		ifw_jw_string_field(w, "text", ifw_sb_str(&b));
		ifw_jw_end_object(w);
	}
	ifw_jw_end_array(w);
	ifw_sb_free(&b);
}

static void policy_rules(struct ifw_jw *w, const struct ifw_model *m, const struct ifw_iface *f)
{
	ifw_jw_array_field(w, "rules");
	for (size_t i = 0; i < f->policy_rules.n; i++) {
		const struct ifw_policy_rule *r = &m->policy_rules.v[f->policy_rules.v[i]];
		ifw_jw_start_object(w);
		ifw_jw_uint_field(w, "priority", r->priority);
		ifw_jw_uint_field(w, "table", r->table);
		ifw_jw_string_field(w, "iif", r->iifname);
		ifw_jw_string_field(w, "oif", r->oifname);
		ifw_jw_string_field(w, "action", ifw_name_rule_action(r->action));
		ifw_jw_end_object(w);
	}
	ifw_jw_end_array(w);
}

static void stats(struct ifw_jw *w, const struct ifw_link_stats *st)
{
	if (!st->present) {
		ifw_jw_null_field(w, "stats");
		return;
	}
	ifw_jw_object_field(w, "stats");
	ifw_jw_uint_field(w, "rx_packets", st->rx_packets);
	ifw_jw_uint_field(w, "tx_packets", st->tx_packets);
	ifw_jw_uint_field(w, "rx_bytes", st->rx_bytes);
	ifw_jw_uint_field(w, "tx_bytes", st->tx_bytes);
	ifw_jw_uint_field(w, "rx_errors", st->rx_errors);
	ifw_jw_uint_field(w, "tx_errors", st->tx_errors);
	ifw_jw_uint_field(w, "rx_dropped", st->rx_dropped);
	ifw_jw_uint_field(w, "tx_dropped", st->tx_dropped);
	ifw_jw_end_object(w);
}

static void iface(struct ifw_jw *w, const struct ifw_model *m, const struct ifw_analysis *a,
                  ifw_id id)
{
	const struct ifw_iface *f = &m->ifaces.v[id];
	const struct ifw_netns *ns = &m->netns.v[f->ns];
	ifw_jw_start_object(w);
	ifw_jw_string_field(w, "name", f->name);
	ifw_jw_string_field(w, "netns", ns->name);
	ifw_jw_uint_field_or_null(w, "netns_inode", ns->inode != 0, ns->inode);
	ifw_jw_int_field_or_null(w, "ifindex", f->ifindex > 0, f->ifindex);
	strings_field(w, "altnames", (const char *const *)f->altnames, f->n_altnames);
	ifw_jw_string_field(w, "alias", f->alias);
	ifw_jw_string_field(w, "hardware_port", f->hw_port);
	ifw_jw_string_field(w, "modem", f->modem);
	ifw_jw_string_field(w, "kind", f->kind);
	ifw_jw_string_field(w, "slave_kind", f->slave_kind);
	ifw_jw_string_field(w, "link_type", ifw_name_arptype(f->arptype));
	ifw_jw_array_field(w, "flags");
	ifw_names_each_ifflag(f->flags, ifw_jv_flag, w);
	ifw_jw_end_array(w);
	ifw_jw_string_field(w, "operstate", ifw_name_operstate(f->operstate));
	ifw_jw_name(w, "carrier");
	if (f->carrier < 0)
		ifw_jw_null(w);
	else
		ifw_jw_bool(w, f->carrier != 0);
	ifw_jw_uint_field(w, "mtu", f->mtu);
	ifw_jw_uint_field_or_null(w, "min_mtu", f->min_mtu != 0, f->min_mtu);
	ifw_jw_uint_field_or_null(w, "max_mtu", f->max_mtu != 0, f->max_mtu);
	ifw_jw_uint_field(w, "txqlen", f->txqlen);
	ifw_jw_name(w, "mac");
	ifw_jv_mac(w, f->mac, f->mac_len);
	ifw_jw_name(w, "permanent_mac");
	ifw_jv_mac(w, f->perm_mac, f->perm_mac_len);
	ifw_jw_name(w, "mac_locally_administered");
	if (f->mac_len == 6)
		ifw_jw_bool(w, (f->mac[0] & 2) != 0);
	else
		ifw_jw_null(w);
	ifw_jw_string_field(w, "mac_vendor", a->ifaces[id].mac_vendor);
	ifw_jw_name(w, "mac_from_link_local");
	ifw_jw_bool(w, f->mac_from_link_local);
	ifw_jw_string_field(w, "driver", f->driver);
	ifw_jw_string_field(w, "bus", f->bus);
	ifw_jw_string_field(w, "bus_info", f->bus_info);
	link_field(w, m, f);
	ifw_jw_name(w, "master");
	ifw_jv_iface_ref(w, m, f->master);
	ifw_jw_array_field(w, "ports");
	for (size_t i = 0; i < f->ports.n; i++)
		ifw_jw_string(w, m->ifaces.v[f->ports.v[i]].name);
	ifw_jw_end_array(w);
	ifw_jw_name(w, "details");
	ifw_jv_details(w, f);
	addresses(w, m, a, f);
	routes(w, m, f);
	policy_rules(w, m, f);
	stats(w, &f->stats);
	ifw_jw_array_field(w, "traffic");
	for (size_t i = 0; i < f->flows.n; i++)
		flow(w, &m->flows.v[f->flows.v[i]]);
	ifw_jw_end_array(w);
	ifw_jw_string_field(w, "source", f->origin.src);
	analysis(w, m, a, id);
	ifw_jw_end_object(w);
}

static void header(struct ifw_jw *w, const struct ifw_model *m, const struct ifw_analysis *a,
                   const struct ifw_report_opts *o)
{
	ifw_jw_int_field(w, "schema_version", IFW_JSON_SCHEMA_VERSION);
	ifw_jw_string_field(w, "ifwho_version", IFW_VERSION);
	ifw_jw_string_field(w, "source", m->source == IFW_SRC_EVIDENCE ? "evidence" : "live");
	ifw_jw_object_field(w, "host");
	ifw_jw_string_field(w, "hostname", m->hostname);
	ifw_jw_string_field(w, "os", m->os);
	ifw_jw_string_field(w, "kernel", m->kernel);
	ifw_jw_string_field(w, "os_version", m->os_version);
	ifw_jw_bool_field(w, "privileged", m->privileged);
	ifw_jw_string_field(w, "evidence_path", m->evidence_path);
	ifw_jw_end_object(w);
	ifw_jw_array_field(w, "namespaces");
	for (size_t i = 0; i < m->netns.n; i++) {
		const struct ifw_netns *ns = &m->netns.v[i];
		ifw_jw_start_object(w);
		ifw_jw_string_field(w, "name", ns->name);
		strings_field(w, "names", (const char *const *)ns->names, ns->n_names);
		ifw_jw_uint_field_or_null(w, "inode", ns->inode != 0, ns->inode);
		ifw_jw_int_field_or_null(w, "pid", ns->pid != 0, ns->pid);
		ifw_jw_string_field(w, "pid_comm", ns->pid_comm);
		ifw_jw_bool_field(w, "is_host", ns->is_host);
		ifw_jw_bool_field(w, "is_self", ns->is_self);
		ifw_jw_bool_field(w, "collected", ns->collected);
		ifw_jw_string_field(w, "error", ns->error);
		/* What the namespace is as a whole ("a NAT router: ..."), said once. */
		ifw_jw_string_field(w, "role", a && a->ns_role ? a->ns_role[i] : NULL);
		ifw_jw_end_object(w);
	}
	ifw_jw_end_array(w);
	strings_field(w, "warnings", m->warnings.v, m->warnings.n);
	strings_field(w, "needs_privileges_for", m->limits.v, m->limits.n);
	ifw_jw_object_field(w, "skipped");
	ifw_jw_uint_field(w, "lines", m->skipped_lines);
	ifw_jw_uint_field(w, "records", m->skipped_records);
	ifw_jw_uint_field(w, "vanished_processes", m->vanished_procs);
	ifw_jw_end_object(w);
	ifw_jw_string_field(w, "data_credits", o->version_credit);
	/* ifwho NAME...: the names that matched nothing */
	strings_field(w, "not_found", o->not_found, o->n_not_found);
}

int ifw_report_json(FILE *out, const struct ifw_model *m, const struct ifw_analysis *a,
                    const struct ifw_report_opts *o, struct ifw_err *err)
{
	struct ifw_jw w;
	ifw_jw_init(&w, out, LEVELS_HEADER);
	ifw_jw_start_object(&w);
	header(&w, m, a, o);
	ifw_jw_pretty_levels(&w, LEVELS_INTERFACES);
	ifw_jw_array_field(&w, "interfaces");
	size_t n = o->only ? o->n_only : m->ifaces.n;
	for (size_t i = 0; i < n && !ferror(out); i++)
		iface(&w, m, a, o->only ? o->only[i] : (ifw_id)i);
	ifw_jw_end_array(&w);
	/* Flows of a capture file that names no interface of the report (there may be tens of
	 * thousands), one a line. */
	ifw_jw_pretty_levels(&w, LEVELS_FLOWS);
	ifw_jw_array_field(&w, "unattributed_traffic");
	for (size_t i = 0; i < m->flows.n && !ferror(out); i++)
		if (m->flows.v[i].iface == IFW_NOID)
			flow(&w, &m->flows.v[i]);
	ifw_jw_end_array(&w);
	ifw_jw_end_object(&w);
	if (ifw_jw_finish(&w) < 0)
		return ifw_fail(err, IFW_E_SYS, "could not write the JSON report");
	return 0;
}
