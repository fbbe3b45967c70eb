/* The JSON report: the same content as the text, with a versioned schema (docs/json-schema.md).
 * Strings from the host go in raw (jansson escapes them); invalid UTF-8 is repaired first
 * because JSON cannot carry it. */
#include "report/json_alloc.h"
#include "report/json_values.h"
#include "report/names.h"
#include "report/report.h"

#include "ifw_config.h"
#include "infer/owners.h"
#include "util/sanitize.h"
#include "util/strbuf.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* daemons: what a session adds to an IKE SA's fields (docs/json-schema.md, tunnel.sas[]): where
 * it came from and, for WireGuard and OpenVPN, the transport, the interface and the peer's
 * allowed IPs. Kept in one place so the streaming writer can take it over as is. */
static void session_json(json_t *e, const struct ifw_tunnel_sa *sa)
{
	ifw_jset(e, "source", ifw_jstr(sa->source));
	ifw_jset(e, "protocol", json_string(sa->proto == IFW_P_TCP ? "tcp" : "udp"));
	ifw_jset(e, "interface", ifw_jstr(sa->ifname));
	ifw_jset(e, "remote_host", ifw_jstr(sa->remote_host));
	json_t *allowed = json_array();
	for (size_t k = 0; k < sa->n_allowed_ips; k++)
		json_array_append_new(allowed, ifw_jstr(sa->allowed_ips[k]));
	ifw_jset(e, "allowed_ips", allowed);
	ifw_jset(e, "last_handshake",
	         sa->last_handshake ? json_integer((json_int_t)sa->last_handshake) : json_null());
	ifw_jset(e, "bytes_in", json_integer((json_int_t)sa->bytes_in));
	ifw_jset(e, "bytes_out", json_integer((json_int_t)sa->bytes_out));
}

static json_t *analysis_json(const struct ifw_model *m, const struct ifw_analysis *a, ifw_id id,
                             json_t *o)
{
	const struct ifw_iface_analysis *ia = &a->ifaces[id];
	json_t *v = json_object();
	ifw_jset(v, "text", ifw_jstr(ia->verdict_text));
	ifw_jset(v, "confidence", json_integer(ia->confidence));
	ifw_jset(v, "confidence_word", json_string(ifw_confidence_word(ia->confidence)));
	ifw_jset(v, "category", ifw_jstr(ia->category));
	ifw_jset(v, "rule",
	         ia->verdict >= 0 ? json_string(ia->findings.v[ia->verdict]->rule) : json_null());
	json_t *alts = json_array();
	for (size_t i = 0; i < ia->alternatives.n; i++)
		json_array_append_new(alts, ifw_jstr(ia->findings.v[ia->alternatives.v[i]]->claim));
	ifw_jset(v, "alternatives", alts);
	ifw_jset(o, "verdict", v);

	json_t *held = json_array();
	for (size_t i = 0; i < ia->holders.n; i++) {
		const struct ifw_holder *h = &ia->holders.v[i];
		json_t *e = json_object();
		ifw_jset(e, "process", ifw_jproc(m, h->proc));
		ifw_jset(e, "fd",
		         h->fdref != IFW_NOID ? json_integer(m->fdrefs.v[h->fdref].fd)
		                              : json_null());
		ifw_jset(e, "how", ifw_jstr(h->how));
		ifw_jset(e, "confirmed", json_boolean(h->confirmed));
		json_array_append_new(held, e);
	}
	ifw_jset(o, "held_by", held);
	json_t *unc = json_array();
	for (size_t i = 0; i < ia->unconfirmed.n; i++) {
		json_t *e = json_object();
		ifw_jset(e, "process", ifw_jproc(m, ia->unconfirmed.v[i].proc));
		ifw_jset(e, "how", ifw_jstr(ia->unconfirmed.v[i].how));
		json_array_append_new(unc, e);
	}
	ifw_jset(o, "unconfirmed_holders", unc);
	ifw_jset(o, "kernel_owned", json_boolean(ia->kernel_owned));
	/* Left empty here: the writer streams the sockets one by one (there may be 100k). */
	ifw_jset(o, "used_by", json_null());

	json_t *tun = json_object();
	json_t *outer = json_array();
	for (size_t i = 0; i < ia->outer.n; i++)
		json_array_append_new(outer, ifw_jsocket(m, ia->outer.v[i]));
	ifw_jset(tun, "outer_sockets", outer);
	json_t *peers = json_array();
	for (size_t i = 0; i < ia->peers.n; i++) {
		const struct ifw_peer *p = &ia->peers.v[i];
		json_t *e = json_object();
		ifw_jset(e, "address", ifw_jip(&p->ip));
		ifw_jset(e, "port", p->port ? json_integer(p->port) : json_null());
		ifw_jset(e, "name", ifw_jstr(p->name));
		ifw_jset(e, "via", ifw_jstr(p->via));
		ifw_jset(e, "owner", ifw_jowner(a, &p->ip));
		json_array_append_new(peers, e);
	}
	ifw_jset(tun, "peers", peers);
	json_t *sas = json_array();
	for (size_t i = 0; i < ia->sas.n; i++) {
		const struct ifw_tunnel_sa *sa = &m->sas.v[ia->sas.v[i]];
		json_t *e = json_object();
		ifw_jset(e, "daemon", ifw_jstr(sa->daemon));
		ifw_jset(e, "name", ifw_jstr(sa->name));
		ifw_jset(e, "state", ifw_jstr(sa->state));
		ifw_jset(e, "version", ifw_jstr(sa->version));
		ifw_jset(e, "local", ifw_jip(&sa->local));
		ifw_jset(e, "local_port", json_integer(sa->lport));
		ifw_jset(e, "remote", ifw_jip(&sa->remote));
		ifw_jset(e, "remote_port", json_integer(sa->rport));
		ifw_jset(e, "nat_local", json_boolean(sa->nat_local));
		ifw_jset(e, "nat_remote", json_boolean(sa->nat_remote));
		ifw_jset(e, "encap", json_boolean(sa->encap));
		ifw_jset(e, "remote_id", ifw_jstr(sa->remote_id));
		json_t *vips = json_array();
		for (size_t k = 0; k < sa->n_vips; k++)
			json_array_append_new(vips, ifw_jstr(sa->vips[k]));
		ifw_jset(e, "virtual_ips", vips);
		session_json(e, sa);
		json_array_append_new(sas, e);
	}
	ifw_jset(tun, "sas", sas);
	ifw_jset(o, "tunnel", tun);

	json_t *behind = json_array();
	for (size_t i = 0; i < ia->behind.n && i < 64; i++)
		json_array_append_new(behind, ifw_jproc(m, ia->behind.v[i]));
	ifw_jset(o, "processes_behind", behind);
	json_t *finds = json_array();
	for (size_t i = 0; i < ia->findings.n; i++)
		json_array_append_new(finds, ifw_jfinding(m, ia->findings.v[i]));
	ifw_jset(o, "findings", finds);
	json_t *steps = json_array();
	for (size_t i = 0; i < ia->next_steps.n; i++)
		json_array_append_new(steps, ifw_jstr(ia->next_steps.v[i]));
	ifw_jset(o, "next_steps", steps);
	return o;
}

static json_t *flow_json(const struct ifw_flow *fl)
{
	json_t *e = json_object();
	ifw_jset(e, "app", ifw_jstr(fl->app));
	ifw_jset(e, "category", ifw_jstr(fl->category));
	ifw_jset(e, "ip_proto", json_string(ifw_name_ipproto(fl->ip_proto)));
	ifw_jset(e, "src", ifw_jip(&fl->src));
	ifw_jset(e, "src_port", json_integer(fl->sport));
	ifw_jset(e, "dst", ifw_jip(&fl->dst));
	ifw_jset(e, "dst_port", json_integer(fl->dport));
	ifw_jset(e, "packets", json_integer((json_int_t)fl->packets));
	ifw_jset(e, "bytes", json_integer((json_int_t)fl->bytes));
	ifw_jset(e, "server_name", ifw_jstr(fl->server_name));
	ifw_jset(e, "sip_from", ifw_jstr(fl->sip_from));
	ifw_jset(e, "sip_to", ifw_jstr(fl->sip_to));
	ifw_jset(e, "sip_user_agent", ifw_jstr(fl->sip_user_agent));
	ifw_jset(e, "underlay", json_boolean(fl->underlay));
	return e;
}

static json_t *traffic_json(const struct ifw_model *m, const struct ifw_iface *f)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < f->flows.n; i++)
		json_array_append_new(arr, flow_json(&m->flows.v[f->flows.v[i]]));
	return arr;
}

static json_t *iface_json(const struct ifw_model *m, const struct ifw_analysis *a, ifw_id id)
{
	const struct ifw_iface *f = &m->ifaces.v[id];
	json_t *o = json_object();
	ifw_jset(o, "name", ifw_jstr(f->name));
	ifw_jset(o, "netns", ifw_jstr(m->netns.v[f->ns].name));
	ifw_jset(o, "netns_inode",
	         m->netns.v[f->ns].inode ? json_integer((json_int_t)m->netns.v[f->ns].inode)
	                                 : json_null());
	ifw_jset(o, "ifindex", f->ifindex > 0 ? json_integer(f->ifindex) : json_null());
	json_t *alt = json_array();
	for (size_t i = 0; i < f->n_altnames; i++)
		json_array_append_new(alt, ifw_jstr(f->altnames[i]));
	ifw_jset(o, "altnames", alt);
	ifw_jset(o, "alias", ifw_jstr(f->alias));
	ifw_jset(o, "kind", ifw_jstr(f->kind));
	ifw_jset(o, "slave_kind", ifw_jstr(f->slave_kind));
	ifw_jset(o, "link_type", ifw_jstr(ifw_name_arptype(f->arptype)));
	json_t *flags = json_array();
	ifw_names_each_ifflag(f->flags, ifw_jflag, flags);
	ifw_jset(o, "flags", flags);
	ifw_jset(o, "operstate", json_string(ifw_name_operstate(f->operstate)));
	ifw_jset(o, "carrier", f->carrier < 0 ? json_null() : json_boolean(f->carrier));
	ifw_jset(o, "mtu", json_integer(f->mtu));
	ifw_jset(o, "min_mtu", f->min_mtu ? json_integer(f->min_mtu) : json_null());
	ifw_jset(o, "max_mtu", f->max_mtu ? json_integer(f->max_mtu) : json_null());
	ifw_jset(o, "txqlen", json_integer(f->txqlen));
	ifw_jset(o, "mac", ifw_jmac(f->mac, f->mac_len));
	ifw_jset(o, "permanent_mac", ifw_jmac(f->perm_mac, f->perm_mac_len));
	ifw_jset(o, "mac_locally_administered",
	         f->mac_len == 6 ? json_boolean((f->mac[0] & 2) != 0) : json_null());
	const struct ifw_kb_oui *oui = a->kb ? ifw_kb_oui(a->kb, f->mac, f->mac_len) : NULL;
	ifw_jset(o, "mac_vendor", oui ? json_string(oui->vendor) : json_null());
	ifw_jset(o, "driver", ifw_jstr(f->driver));
	ifw_jset(o, "bus", ifw_jstr(f->bus));
	ifw_jset(o, "bus_info", ifw_jstr(f->bus_info));
	json_t *link = ifw_jiface_ref(m, f->link);
	if (json_is_null(link) && f->link_ifindex > 0) {
		json_decref(link);
		link = json_object();
		ifw_jset(link, "ifindex", json_integer(f->link_ifindex));
		ifw_jset(link, "name", ifw_jstr(f->link_name));
		ifw_jset(link, "netns",
		         f->link_ns != IFW_NOID ? ifw_jstr(m->netns.v[f->link_ns].name)
		                                : json_null());
	}
	ifw_jset(o, "link", link);
	ifw_jset(o, "master", ifw_jiface_ref(m, f->master));
	json_t *ports = json_array();
	for (size_t i = 0; i < f->ports.n; i++)
		json_array_append_new(ports, ifw_jstr(m->ifaces.v[f->ports.v[i]].name));
	ifw_jset(o, "ports", ports);
	ifw_jset(o, "details", ifw_jdetails(f));
	json_t *addrs = json_array();
	for (size_t i = 0; i < f->addrs.n; i++) {
		const struct ifw_addr *ad = &m->addrs.v[f->addrs.v[i]];
		json_t *e = json_object();
		ifw_jset(e, "family", json_string(ifw_name_family(ad->ip.family)));
		ifw_jset(e, "address", ifw_jip(&ad->ip));
		ifw_jset(e, "prefixlen", json_integer(ad->plen));
		ifw_jset(e, "peer", ifw_jip(&ad->peer));
		ifw_jset(e, "scope", json_string(ifw_name_scope(ad->scope)));
		json_t *af = json_array();
		ifw_names_each_addrflag(ad->flags, ifw_jflag, af);
		ifw_jset(e, "flags", af);
		ifw_jset(e, "valid_lft",
		         ad->valid_lft == UINT32_MAX ? json_string("forever")
		                                     : json_integer(ad->valid_lft));
		ifw_jset(e, "owner", ifw_jowner(a, &ad->ip));
		json_array_append_new(addrs, e);
	}
	ifw_jset(o, "addresses", addrs);
	json_t *routes = json_array();
	struct ifw_strbuf b;
	ifw_sb_init(&b);
	for (size_t i = 0; i < f->routes.n; i++) {
		const struct ifw_route *r = &m->routes.v[f->routes.v[i]];
		json_t *e = json_object();
		const char *tn = ifw_name_table(r->table);
		ifw_jset(e, "table", tn ? json_string(tn) : json_integer(r->table));
		ifw_jset(e, "dst", r->dst_len == 0 ? json_string("default") : ifw_jip(&r->dst));
		ifw_jset(e, "dst_len", json_integer(r->dst_len));
		ifw_jset(e, "gateway", ifw_jip(&r->gateway));
		ifw_jset(e, "prefsrc", ifw_jip(&r->prefsrc));
		ifw_jset(e, "protocol", json_string(ifw_name_rtproto(r->protocol)));
		ifw_jset(e, "scope", json_string(ifw_name_scope(r->scope)));
		ifw_jset(e, "type", json_string(ifw_name_rttype(r->type)));
		ifw_jset(e, "metric", json_integer(r->metric));
		struct ifw_fact_ref ref = {.type = IFW_FACT_ROUTE, .id = f->routes.v[i]};
		ifw_sb_reset(&b);
		ifw_render_fact(&b, m, &ref, false);
		ifw_jset(e, "text", ifw_jstr(ifw_sb_str(&b)));
		json_array_append_new(routes, e);
	}
	ifw_sb_free(&b);
	ifw_jset(o, "routes", routes);
	json_t *rules = json_array();
	for (size_t i = 0; i < m->rules.n; i++) {
		const struct ifw_rule *r = &m->rules.v[i];
		if (r->ns != f->ns || !f->name ||
		    !((r->iifname && strcmp(r->iifname, f->name) == 0) ||
		      (r->oifname && strcmp(r->oifname, f->name) == 0)))
			continue;
		json_t *e = json_object();
		ifw_jset(e, "priority", json_integer(r->priority));
		ifw_jset(e, "table", json_integer(r->table));
		ifw_jset(e, "iif", ifw_jstr(r->iifname));
		ifw_jset(e, "oif", ifw_jstr(r->oifname));
		ifw_jset(e, "action", json_string(ifw_name_rule_action(r->action)));
		json_array_append_new(rules, e);
	}
	ifw_jset(o, "rules", rules);
	if (f->stats.present) {
		json_t *st = json_object();
		ifw_jset(st, "rx_packets", json_integer((json_int_t)f->stats.rx_packets));
		ifw_jset(st, "tx_packets", json_integer((json_int_t)f->stats.tx_packets));
		ifw_jset(st, "rx_bytes", json_integer((json_int_t)f->stats.rx_bytes));
		ifw_jset(st, "tx_bytes", json_integer((json_int_t)f->stats.tx_bytes));
		ifw_jset(st, "rx_errors", json_integer((json_int_t)f->stats.rx_errors));
		ifw_jset(st, "tx_errors", json_integer((json_int_t)f->stats.tx_errors));
		ifw_jset(st, "rx_dropped", json_integer((json_int_t)f->stats.rx_dropped));
		ifw_jset(st, "tx_dropped", json_integer((json_int_t)f->stats.tx_dropped));
		ifw_jset(o, "stats", st);
	} else {
		ifw_jset(o, "stats", json_null());
	}
	ifw_jset(o, "traffic", traffic_json(m, f));
	ifw_jset(o, "source", ifw_jstr(f->origin.src));
	return analysis_json(m, a, id, o);
}

static void put(struct ifw_json_out *buf, const char *s)
{
	ifw_json_out_cb(s, strlen(s), buf);
}

static int write_value(struct ifw_json_out *buf, json_t *v)
{
	return json_dump_callback(v, ifw_json_out_cb, buf, JSON_COMPACT | JSON_ENCODE_ANY);
}

/* One interface, key by key, in the order they were set; its sockets stream one at a time so the
 * memory a report needs does not grow with the number of sockets (fresh pages are what costs). */
static int write_iface(struct ifw_json_out *buf, const struct ifw_model *m,
                       const struct ifw_analysis *a, ifw_id id)
{
	json_t *obj = iface_json(m, a, id);
	if (!obj)
		return -1;
	const char *key;
	json_t *value;
	int rc = 0, first = 1;
	ifw_json_out_cb("    {", 5, buf);
	json_object_foreach(obj, key, value)
	{
		json_t *k = json_string(key);
		ifw_json_out_cb(first ? "\n      " : ",\n      ", first ? 7 : 8, buf);
		first = 0;
		rc |= write_value(buf, k);
		ifw_json_out_cb(": ", 2, buf);
		if (strcmp(key, "used_by") == 0 && json_is_null(value)) {
			const struct ifw_iface_analysis *ia = &a->ifaces[id];
			ifw_json_out_cb("[", 1, buf);
			for (size_t i = 0; i < ia->users.n && rc == 0; i++) {
				struct ifw_json_mark mk = ifw_json_arena_mark();
				json_t *sj = ifw_jsocket(m, ia->users.v[i]);
				ifw_json_out_cb(i ? ",\n        " : "\n        ", i ? 10 : 9, buf);
				rc |= sj ? write_value(buf, sj) : -1;
				json_decref(sj);
				ifw_json_arena_release(
				    mk); /* the same memory serves every socket */
			}
			ifw_json_out_cb(ia->users.n ? "\n      ]" : "]", ia->users.n ? 8 : 1, buf);
		} else {
			rc |= write_value(buf, value);
		}
		json_decref(k);
	}
	ifw_json_out_cb("\n    }", 6, buf);
	json_decref(obj);
	ifw_json_arena_reset();
	return rc;
}

static json_t *notes_json(const void *vec)
{
	const IFW_VEC(const char *) *v = vec;
	json_t *arr = json_array();
	for (size_t i = 0; i < v->n; i++)
		json_array_append_new(arr, ifw_jstr(v->v[i]));
	return arr;
}

int ifw_report_json(FILE *out, const struct ifw_model *m, const struct ifw_analysis *a,
                    const struct ifw_report_opts *o, struct ifw_err *err)
{
	json_t *root = json_object();
	if (!root)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	ifw_jset(root, "schema_version", json_integer(IFW_JSON_SCHEMA_VERSION));
	ifw_jset(root, "ifwho_version", json_string(IFW_VERSION));
	ifw_jset(root, "source", json_string(m->source == IFW_SRC_EVIDENCE ? "evidence" : "live"));
	json_t *host = json_object();
	ifw_jset(host, "hostname", ifw_jstr(m->hostname));
	ifw_jset(host, "os", ifw_jstr(m->os));
	ifw_jset(host, "kernel", ifw_jstr(m->kernel));
	ifw_jset(host, "os_version", ifw_jstr(m->os_version));
	ifw_jset(host, "privileged", json_boolean(m->privileged));
	ifw_jset(host, "evidence_path", ifw_jstr(m->evidence_path));
	ifw_jset(root, "host", host);
	json_t *nss = json_array();
	for (size_t i = 0; i < m->netns.n; i++) {
		const struct ifw_netns *ns = &m->netns.v[i];
		json_t *e = json_object();
		ifw_jset(e, "name", ifw_jstr(ns->name));
		json_t *names = json_array();
		for (size_t k = 0; k < ns->n_names; k++)
			json_array_append_new(names, ifw_jstr(ns->names[k]));
		ifw_jset(e, "names", names);
		ifw_jset(e, "inode", ns->inode ? json_integer((json_int_t)ns->inode) : json_null());
		ifw_jset(e, "pid", ns->pid ? json_integer(ns->pid) : json_null());
		ifw_jset(e, "pid_comm", ifw_jstr(ns->pid_comm));
		ifw_jset(e, "is_host", json_boolean(ns->is_host));
		ifw_jset(e, "is_self", json_boolean(ns->is_self));
		ifw_jset(e, "collected", json_boolean(ns->collected));
		ifw_jset(e, "error", ifw_jstr(ns->error));
		json_array_append_new(nss, e);
	}
	ifw_jset(root, "namespaces", nss);
	ifw_jset(root, "warnings", notes_json(&m->warnings));
	ifw_jset(root, "needs_privileges_for", notes_json(&m->limits));
	json_t *sk = json_object();
	ifw_jset(sk, "lines", json_integer((json_int_t)m->skipped_lines));
	ifw_jset(sk, "records", json_integer((json_int_t)m->skipped_records));
	ifw_jset(sk, "vanished_processes", json_integer((json_int_t)m->vanished_procs));
	ifw_jset(root, "skipped", sk);
	ifw_jset(root, "data_credits", ifw_jstr(o->version_credit));
	json_t *nf = json_array(); /* ifwho NAME...: the names that matched nothing */
	for (size_t i = 0; i < o->n_not_found; i++)
		json_array_append_new(nf, ifw_jstr(o->not_found[i]));
	ifw_jset(root, "not_found", nf);
	/* The interfaces are written one at a time, so a host with 100k sockets never holds its
	 * whole report in memory: the document is the header object with "interfaces" spliced in.
	 */
	char *head = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!head)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory writing JSON");
	size_t hl = strlen(head);
	while (hl && head[hl - 1] != '}')
		hl--;
	if (hl)
		hl--; /* the closing brace */
	while (hl && (head[hl - 1] == '\n' || head[hl - 1] == ' '))
		hl--;
	fwrite(head, 1, hl, out);
	free(head);
	fputs(",\n  \"interfaces\": [", out);
	size_t n = o->only ? o->n_only : m->ifaces.n;
	int rc = 0;
	struct ifw_json_out *buf = malloc(sizeof(*buf));
	if (!buf)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory writing JSON");
	buf->f = out;
	buf->len = 0;
	buf->error = 0;
	ifw_json_arena_begin();
	for (size_t i = 0; i < n && rc == 0; i++) {
		ifw_json_out_cb(i ? ",\n" : "\n", i ? 2 : 1, buf);
		rc = write_iface(buf, m, a, o->only ? o->only[i] : (ifw_id)i);
	}
	/* Flows of a capture file that names no interface of the report: there may be tens of
	 * thousands, so they stream too, one line each. */
	put(buf, "\n  ],\n  \"unattributed_traffic\": [");
	size_t shown = 0;
	for (size_t i = 0; i < m->flows.n && rc == 0; i++) {
		if (m->flows.v[i].iface != IFW_NOID)
			continue;
		put(buf, shown++ ? ",\n    " : "\n    ");
		json_t *fj = flow_json(&m->flows.v[i]);
		rc |= fj ? write_value(buf, fj) : -1;
		json_decref(fj);
		ifw_json_arena_reset();
	}
	put(buf, shown ? "\n  ]\n}\n" : "]\n}\n");
	ifw_json_arena_end();
	ifw_json_out_flush(buf);
	rc |= buf->error ? -1 : 0;
	free(buf);
	if (rc < 0 || ferror(out))
		return ifw_fail(err, IFW_E_SYS, "could not write the JSON report");
	return 0;
}
