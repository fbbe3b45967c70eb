/* The JSON report: the same content as the text, with a versioned schema (docs/json-schema.md).
 * Strings from the host go in raw (jansson escapes them); invalid UTF-8 is repaired first
 * because JSON cannot carry it. */
#include "report/json_alloc.h"
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

static json_t *jstr(const char *s)
{
	if (!s)
		return json_null();
	json_t *j = json_string(s);
	if (j)
		return j;
	size_t n = strlen(s);
	size_t need = ifw_utf8_repair(s, n, NULL, 0);
	char *buf = malloc(need + 1);
	if (!buf)
		return json_null();
	ifw_utf8_repair(s, n, buf, need + 1);
	j = json_string(buf);
	free(buf);
	return j ? j : json_null();
}

static json_t *jip(const struct ifw_ip *ip)
{
	char t[IFW_IP_STRLEN];
	return ip->family ? json_string(ifw_ip_str(ip, t)) : json_null();
}

static void set(json_t *o, const char *k, json_t *v)
{
	json_object_set_new(o, k, v ? v : json_null());
}

static json_t *jmac(const uint8_t *mac, size_t len)
{
	if (!len)
		return json_null();
	char buf[32 * 3 + 1];
	size_t p = 0;
	for (size_t i = 0; i < len && i < 32; i++)
		p += (size_t)snprintf(buf + p, sizeof(buf) - p, "%s%02x", i ? ":" : "", mac[i]);
	return json_string(buf);
}

static void flag_cb(const char *name, void *ctx)
{
	json_array_append_new(ctx, json_string(name));
}

static json_t *iface_ref(const struct ifw_model *m, ifw_id id)
{
	if (id == IFW_NOID)
		return json_null();
	const struct ifw_iface *f = &m->ifaces.v[id];
	json_t *o = json_object();
	set(o, "name", jstr(f->name));
	set(o, "ifindex", json_integer(f->ifindex));
	set(o, "netns", jstr(m->netns.v[f->ns].name));
	return o;
}

static json_t *proc_json(const struct ifw_model *m, ifw_id id)
{
	if (id == IFW_NOID)
		return json_null();
	const struct ifw_process *p = &m->procs.v[id];
	json_t *o = json_object();
	set(o, "pid", p->pid > 0 ? json_integer(p->pid) : json_null());
	set(o, "ppid", p->ppid > 0 ? json_integer(p->ppid) : json_null());
	set(o, "comm", jstr(p->comm));
	set(o, "user", jstr(p->user));
	set(o, "uid", p->has_uid ? json_integer(p->uid) : json_null());
	set(o, "exe", jstr(p->exe));
	set(o, "cmdline", jstr(p->cmdline));
	set(o, "netns", p->ns != IFW_NOID ? jstr(m->netns.v[p->ns].name) : json_null());
	set(o, "cgroup", jstr(p->cgroup));
	set(o, "unit", jstr(p->unit));
	set(o, "container_id", jstr(p->container_id));
	set(o, "container_runtime", jstr(p->container_runtime));
	return o;
}

static json_t *socket_json(const struct ifw_model *m, ifw_id id)
{
	const struct ifw_socket *s = &m->sockets.v[id];
	json_t *o = json_object();
	set(o, "proto", json_string(ifw_name_sock_proto(s->proto)));
	set(o, "family", json_string(ifw_name_family(s->family)));
	if (s->family == AF_UNIX) {
		set(o, "path", jstr(s->path));
	} else {
		set(o, "local", jip(&s->local));
		set(o, "local_port", json_integer(s->lport));
		set(o, "remote", s->remote_name ? jstr(s->remote_name) : jip(&s->remote));
		set(o, "remote_port", json_integer(s->rport));
	}
	set(o, "state",
	    json_string(s->proto == IFW_P_TCP ? ifw_name_tcp_state(s->state)
	                : s->listening        ? "UNCONN"
	                                      : "ESTAB"));
	set(o, "listening", json_boolean(s->listening));
	set(o, "netns", jstr(m->netns.n ? m->netns.v[s->ns].name : NULL));
	set(o, "uid", json_integer(s->uid));
	set(o, "inode", json_integer((json_int_t)s->inode));
	static const char *const owner_states[] = {"unknown", "process", "kernel", "none"};
	set(o, "owner", json_string(s->owner < 4 ? owner_states[s->owner] : "unknown"));
	set(o, "kernel", json_boolean(s->owner == IFW_OWNER_KERNEL));
	set(o, "bound_device",
	    s->bound_iface != IFW_NOID ? jstr(m->ifaces.v[s->bound_iface].name) : json_null());
	if (s->cgroup_id)
		set(o, "cgroup_id", json_integer((json_int_t)s->cgroup_id));
	set(o, "recv_q", json_integer(s->rqueue));
	set(o, "send_q", json_integer(s->wqueue));
	/* Who holds it, briefly, like ss's users:(...); full details sit with the holders. */
	json_t *owners = json_array();
	for (size_t i = 0; i < s->fdrefs.n; i++) {
		const struct ifw_fdref *r = &m->fdrefs.v[s->fdrefs.v[i]];
		if (r->proc == IFW_NOID)
			continue;
		const struct ifw_process *pr = &m->procs.v[r->proc];
		json_t *p = json_object();
		set(p, "pid", pr->pid > 0 ? json_integer(pr->pid) : json_null());
		set(p, "comm", jstr(pr->comm));
		set(p, "user", jstr(pr->user));
		set(p, "fd",
		    r->fd >= 0 && m->source == IFW_SRC_LIVE ? json_integer(r->fd) : json_null());
		json_array_append_new(owners, p);
	}
	set(o, "processes", owners);
	return o;
}

static json_t *owner_json(const struct ifw_analysis *a, const struct ifw_ip *ip)
{
	struct ifw_owner_info oi;
	if (!ifw_owner_lookup(a->owners, ip, &oi))
		return json_null();
	json_t *o = json_object();
	set(o, "special", jstr(oi.special_tag));
	set(o, "special_name", jstr(oi.special_name));
	set(o, "rfc", jstr(oi.special_rfc));
	set(o, "asn", oi.found && oi.asn ? json_integer(oi.asn) : json_null());
	set(o, "org", oi.found ? jstr(oi.org) : json_null());
	set(o, "range", oi.found ? jstr(oi.range) : json_null());
	set(o, "network_type", oi.network ? jstr(oi.network->type) : json_null());
	set(o, "operator", oi.network ? jstr(oi.network->operator_name) : json_null());
	if (oi.rdap) {
		json_t *r = json_object();
		set(r, "server", jstr(oi.rdap->server));
		set(r, "handle", jstr(oi.rdap->handle));
		set(r, "name", jstr(oi.rdap->name));
		set(r, "org", jstr(oi.rdap->org));
		set(r, "range", jstr(oi.rdap->range));
		set(r, "country", jstr(oi.rdap->country));
		set(r, "asn", oi.rdap->asn ? json_integer(oi.rdap->asn) : json_null());
		set(o, "rdap", r);
	} else {
		set(o, "rdap", json_null());
	}
	return o;
}

static json_t *details_json(const struct ifw_iface *f)
{
	const struct ifw_link_info *in = &f->info;
	json_t *o = json_object();
	if (!f->kind)
		return o;
	if (strcmp(f->kind, "tun") == 0) {
		set(o, "type", json_string(in->tun_type == IFW_TUN_TAP ? "tap" : "tun"));
		set(o, "pi", json_boolean(in->tun_pi));
		set(o, "vnet_hdr", json_boolean(in->tun_vnet_hdr));
		set(o, "multi_queue", json_boolean(in->tun_multi_queue));
		set(o, "persist", json_boolean(in->tun_persist));
		set(o, "owner", in->has_tun_owner ? json_integer(in->tun_owner) : json_null());
		set(o, "group", in->has_tun_group ? json_integer(in->tun_group) : json_null());
		set(o, "queues", json_integer(in->tun_queues));
	} else if (strcmp(f->kind, "vxlan") == 0 || strcmp(f->kind, "geneve") == 0) {
		set(o, "vni", json_integer(in->vni));
		set(o, "local", jip(&in->vx_local));
		set(o, "remote", jip(&in->vx_remote));
		set(o, "port", json_integer(in->vx_port));
		set(o, "learning", json_boolean(in->vx_learning));
	} else if (strcmp(f->kind, "vlan") == 0) {
		set(o, "id", json_integer(in->vlan_id));
		set(o, "protocol", json_string(in->vlan_proto == 0x88a8 ? "802.1ad" : "802.1Q"));
	} else if (strncmp(f->kind, "macv", 4) == 0) {
		set(o, "mode", json_string(ifw_name_macvlan_mode(in->macvlan_mode)));
	} else if (strncmp(f->kind, "ipv", 3) == 0) {
		set(o, "mode", json_integer(in->ipvlan_mode));
	} else if (strcmp(f->kind, "bond") == 0 && in->has_bond_mode) {
		set(o, "mode", json_string(ifw_name_bond_mode(in->bond_mode)));
	} else if (strcmp(f->kind, "bridge") == 0) {
		set(o, "stp_state", json_integer(in->br_stp_state));
		set(o, "vlan_filtering", json_boolean(in->br_vlan_filtering));
	} else if (strcmp(f->kind, "xfrm") == 0) {
		set(o, "if_id", json_integer(in->xfrm_if_id));
	} else if (in->has_tnl) {
		set(o, "local", jip(&in->tnl_local));
		set(o, "remote", jip(&in->tnl_remote));
		set(o, "ttl", json_integer(in->tnl_ttl));
	}
	return o;
}

static json_t *facts_json(const struct ifw_model *m, const struct ifw_finding *fi)
{
	json_t *arr = json_array();
	struct ifw_strbuf b;
	ifw_sb_init(&b);
	static const char *const types[] = {"",       "interface", "address", "route",
	                                    "socket", "process",   "fd",      "sa",
	                                    "flow",   "netns",     "name",    "text"};
	for (size_t i = 0; i < fi->facts.n; i++) {
		const struct ifw_fact_ref *r = &fi->facts.v[i];
		ifw_sb_reset(&b);
		ifw_render_fact(&b, m, r, false);
		json_t *o = json_object();
		set(o, "type",
		    json_string(r->type < sizeof(types) / sizeof(types[0]) ? types[r->type] : "?"));
		set(o, "id", r->id != IFW_NOID ? json_integer(r->id) : json_null());
		set(o, "text", jstr(ifw_sb_str(&b)));
		if (r->source)
			set(o, "source", jstr(r->source));
		json_array_append_new(arr, o);
	}
	ifw_sb_free(&b);
	return arr;
}

static json_t *finding_json(const struct ifw_model *m, const struct ifw_finding *fi)
{
	static const char *const roles[] = {"", "creator", "purpose", "usage", "note"};
	json_t *o = json_object();
	set(o, "rule", json_string(fi->rule));
	set(o, "topic", json_string(fi->topic));
	set(o, "role", json_string(fi->role < 5 ? roles[fi->role] : "?"));
	set(o, "claim", jstr(fi->claim));
	set(o, "confidence", json_integer(fi->confidence));
	set(o, "confidence_word", json_string(ifw_confidence_word(fi->confidence)));
	set(o, "category", jstr(fi->category));
	set(o, "evidence", facts_json(m, fi));
	return o;
}

static json_t *analysis_json(const struct ifw_model *m, const struct ifw_analysis *a, ifw_id id,
                             json_t *o)
{
	const struct ifw_iface_analysis *ia = &a->ifaces[id];
	json_t *v = json_object();
	set(v, "text", jstr(ia->verdict_text));
	set(v, "confidence", json_integer(ia->confidence));
	set(v, "confidence_word", json_string(ifw_confidence_word(ia->confidence)));
	set(v, "category", jstr(ia->category));
	set(v, "rule",
	    ia->verdict >= 0 ? json_string(ia->findings.v[ia->verdict]->rule) : json_null());
	json_t *alts = json_array();
	for (size_t i = 0; i < ia->alternatives.n; i++)
		json_array_append_new(alts, jstr(ia->findings.v[ia->alternatives.v[i]]->claim));
	set(v, "alternatives", alts);
	set(o, "verdict", v);

	json_t *held = json_array();
	for (size_t i = 0; i < ia->holders.n; i++) {
		const struct ifw_holder *h = &ia->holders.v[i];
		json_t *e = json_object();
		set(e, "process", proc_json(m, h->proc));
		set(e, "fd",
		    h->fdref != IFW_NOID ? json_integer(m->fdrefs.v[h->fdref].fd) : json_null());
		set(e, "how", jstr(h->how));
		set(e, "confirmed", json_boolean(h->confirmed));
		json_array_append_new(held, e);
	}
	set(o, "held_by", held);
	json_t *unc = json_array();
	for (size_t i = 0; i < ia->unconfirmed.n; i++) {
		json_t *e = json_object();
		set(e, "process", proc_json(m, ia->unconfirmed.v[i].proc));
		set(e, "how", jstr(ia->unconfirmed.v[i].how));
		json_array_append_new(unc, e);
	}
	set(o, "unconfirmed_holders", unc);
	set(o, "kernel_owned", json_boolean(ia->kernel_owned));
	/* Left empty here: the writer streams the sockets one by one (there may be 100k). */
	set(o, "used_by", json_null());

	json_t *tun = json_object();
	json_t *outer = json_array();
	for (size_t i = 0; i < ia->outer.n; i++)
		json_array_append_new(outer, socket_json(m, ia->outer.v[i]));
	set(tun, "outer_sockets", outer);
	json_t *peers = json_array();
	for (size_t i = 0; i < ia->peers.n; i++) {
		const struct ifw_peer *p = &ia->peers.v[i];
		json_t *e = json_object();
		set(e, "address", jip(&p->ip));
		set(e, "port", p->port ? json_integer(p->port) : json_null());
		set(e, "name", jstr(p->name));
		set(e, "via", jstr(p->via));
		set(e, "owner", owner_json(a, &p->ip));
		json_array_append_new(peers, e);
	}
	set(tun, "peers", peers);
	json_t *sas = json_array();
	for (size_t i = 0; i < ia->sas.n; i++) {
		const struct ifw_tunnel_sa *sa = &m->sas.v[ia->sas.v[i]];
		json_t *e = json_object();
		set(e, "daemon", jstr(sa->daemon));
		set(e, "name", jstr(sa->name));
		set(e, "state", jstr(sa->state));
		set(e, "version", jstr(sa->version));
		set(e, "local", jip(&sa->local));
		set(e, "local_port", json_integer(sa->lport));
		set(e, "remote", jip(&sa->remote));
		set(e, "remote_port", json_integer(sa->rport));
		set(e, "nat_local", json_boolean(sa->nat_local));
		set(e, "nat_remote", json_boolean(sa->nat_remote));
		set(e, "encap", json_boolean(sa->encap));
		set(e, "remote_id", jstr(sa->remote_id));
		json_t *vips = json_array();
		for (size_t k = 0; k < sa->n_vips; k++)
			json_array_append_new(vips, jstr(sa->vips[k]));
		set(e, "virtual_ips", vips);
		json_array_append_new(sas, e);
	}
	set(tun, "sas", sas);
	set(o, "tunnel", tun);

	json_t *behind = json_array();
	for (size_t i = 0; i < ia->behind.n && i < 64; i++)
		json_array_append_new(behind, proc_json(m, ia->behind.v[i]));
	set(o, "processes_behind", behind);
	json_t *finds = json_array();
	for (size_t i = 0; i < ia->findings.n; i++)
		json_array_append_new(finds, finding_json(m, ia->findings.v[i]));
	set(o, "findings", finds);
	json_t *steps = json_array();
	for (size_t i = 0; i < ia->next_steps.n; i++)
		json_array_append_new(steps, jstr(ia->next_steps.v[i]));
	set(o, "next_steps", steps);
	return o;
}

static json_t *traffic_json(const struct ifw_model *m, const struct ifw_iface *f)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < f->flows.n; i++) {
		const struct ifw_flow *fl = &m->flows.v[f->flows.v[i]];
		json_t *e = json_object();
		set(e, "app", jstr(fl->app));
		set(e, "category", jstr(fl->category));
		set(e, "ip_proto", json_string(ifw_name_ipproto(fl->ip_proto)));
		set(e, "src", jip(&fl->src));
		set(e, "src_port", json_integer(fl->sport));
		set(e, "dst", jip(&fl->dst));
		set(e, "dst_port", json_integer(fl->dport));
		set(e, "packets", json_integer((json_int_t)fl->packets));
		set(e, "bytes", json_integer((json_int_t)fl->bytes));
		set(e, "server_name", jstr(fl->server_name));
		set(e, "sip_from", jstr(fl->sip_from));
		set(e, "sip_to", jstr(fl->sip_to));
		set(e, "sip_user_agent", jstr(fl->sip_user_agent));
		set(e, "underlay", json_boolean(fl->underlay));
		json_array_append_new(arr, e);
	}
	return arr;
}

static json_t *iface_json(const struct ifw_model *m, const struct ifw_analysis *a, ifw_id id)
{
	const struct ifw_iface *f = &m->ifaces.v[id];
	json_t *o = json_object();
	set(o, "name", jstr(f->name));
	set(o, "netns", jstr(m->netns.v[f->ns].name));
	set(o, "netns_inode",
	    m->netns.v[f->ns].inode ? json_integer((json_int_t)m->netns.v[f->ns].inode)
	                            : json_null());
	set(o, "ifindex", f->ifindex > 0 ? json_integer(f->ifindex) : json_null());
	json_t *alt = json_array();
	for (size_t i = 0; i < f->n_altnames; i++)
		json_array_append_new(alt, jstr(f->altnames[i]));
	set(o, "altnames", alt);
	set(o, "alias", jstr(f->alias));
	set(o, "kind", jstr(f->kind));
	set(o, "slave_kind", jstr(f->slave_kind));
	set(o, "link_type", jstr(ifw_name_arptype(f->arptype)));
	json_t *flags = json_array();
	ifw_names_each_ifflag(f->flags, flag_cb, flags);
	set(o, "flags", flags);
	set(o, "operstate", json_string(ifw_name_operstate(f->operstate)));
	set(o, "carrier", f->carrier < 0 ? json_null() : json_boolean(f->carrier));
	set(o, "mtu", json_integer(f->mtu));
	set(o, "min_mtu", f->min_mtu ? json_integer(f->min_mtu) : json_null());
	set(o, "max_mtu", f->max_mtu ? json_integer(f->max_mtu) : json_null());
	set(o, "txqlen", json_integer(f->txqlen));
	set(o, "mac", jmac(f->mac, f->mac_len));
	set(o, "permanent_mac", jmac(f->perm_mac, f->perm_mac_len));
	set(o, "mac_locally_administered",
	    f->mac_len == 6 ? json_boolean((f->mac[0] & 2) != 0) : json_null());
	const struct ifw_kb_oui *oui = a->kb ? ifw_kb_oui(a->kb, f->mac, f->mac_len) : NULL;
	set(o, "mac_vendor", oui ? json_string(oui->vendor) : json_null());
	set(o, "driver", jstr(f->driver));
	set(o, "bus", jstr(f->bus));
	set(o, "bus_info", jstr(f->bus_info));
	json_t *link = iface_ref(m, f->link);
	if (json_is_null(link) && f->link_ifindex > 0) {
		json_decref(link);
		link = json_object();
		set(link, "ifindex", json_integer(f->link_ifindex));
		set(link, "name", jstr(f->link_name));
		set(link, "netns",
		    f->link_ns != IFW_NOID ? jstr(m->netns.v[f->link_ns].name) : json_null());
	}
	set(o, "link", link);
	set(o, "master", iface_ref(m, f->master));
	json_t *ports = json_array();
	for (size_t i = 0; i < f->ports.n; i++)
		json_array_append_new(ports, jstr(m->ifaces.v[f->ports.v[i]].name));
	set(o, "ports", ports);
	set(o, "details", details_json(f));
	json_t *addrs = json_array();
	for (size_t i = 0; i < f->addrs.n; i++) {
		const struct ifw_addr *ad = &m->addrs.v[f->addrs.v[i]];
		json_t *e = json_object();
		set(e, "family", json_string(ifw_name_family(ad->ip.family)));
		set(e, "address", jip(&ad->ip));
		set(e, "prefixlen", json_integer(ad->plen));
		set(e, "peer", jip(&ad->peer));
		set(e, "scope", json_string(ifw_name_scope(ad->scope)));
		json_t *af = json_array();
		ifw_names_each_addrflag(ad->flags, flag_cb, af);
		set(e, "flags", af);
		set(e, "valid_lft",
		    ad->valid_lft == UINT32_MAX ? json_string("forever")
		                                : json_integer(ad->valid_lft));
		set(e, "owner", owner_json(a, &ad->ip));
		json_array_append_new(addrs, e);
	}
	set(o, "addresses", addrs);
	json_t *routes = json_array();
	struct ifw_strbuf b;
	ifw_sb_init(&b);
	for (size_t i = 0; i < f->routes.n; i++) {
		const struct ifw_route *r = &m->routes.v[f->routes.v[i]];
		json_t *e = json_object();
		const char *tn = ifw_name_table(r->table);
		set(e, "table", tn ? json_string(tn) : json_integer(r->table));
		set(e, "dst", r->dst_len == 0 ? json_string("default") : jip(&r->dst));
		set(e, "dst_len", json_integer(r->dst_len));
		set(e, "gateway", jip(&r->gateway));
		set(e, "prefsrc", jip(&r->prefsrc));
		set(e, "protocol", json_string(ifw_name_rtproto(r->protocol)));
		set(e, "scope", json_string(ifw_name_scope(r->scope)));
		set(e, "type", json_string(ifw_name_rttype(r->type)));
		set(e, "metric", json_integer(r->metric));
		struct ifw_fact_ref ref = {.type = IFW_FACT_ROUTE, .id = f->routes.v[i]};
		ifw_sb_reset(&b);
		ifw_render_fact(&b, m, &ref, false);
		set(e, "text", jstr(ifw_sb_str(&b)));
		json_array_append_new(routes, e);
	}
	ifw_sb_free(&b);
	set(o, "routes", routes);
	json_t *rules = json_array();
	for (size_t i = 0; i < m->rules.n; i++) {
		const struct ifw_rule *r = &m->rules.v[i];
		if (r->ns != f->ns || !f->name ||
		    !((r->iifname && strcmp(r->iifname, f->name) == 0) ||
		      (r->oifname && strcmp(r->oifname, f->name) == 0)))
			continue;
		json_t *e = json_object();
		set(e, "priority", json_integer(r->priority));
		set(e, "table", json_integer(r->table));
		set(e, "iif", jstr(r->iifname));
		set(e, "oif", jstr(r->oifname));
		set(e, "action", json_string(ifw_name_rule_action(r->action)));
		json_array_append_new(rules, e);
	}
	set(o, "rules", rules);
	if (f->stats.present) {
		json_t *st = json_object();
		set(st, "rx_packets", json_integer((json_int_t)f->stats.rx_packets));
		set(st, "tx_packets", json_integer((json_int_t)f->stats.tx_packets));
		set(st, "rx_bytes", json_integer((json_int_t)f->stats.rx_bytes));
		set(st, "tx_bytes", json_integer((json_int_t)f->stats.tx_bytes));
		set(st, "rx_errors", json_integer((json_int_t)f->stats.rx_errors));
		set(st, "tx_errors", json_integer((json_int_t)f->stats.tx_errors));
		set(st, "rx_dropped", json_integer((json_int_t)f->stats.rx_dropped));
		set(st, "tx_dropped", json_integer((json_int_t)f->stats.tx_dropped));
		set(o, "stats", st);
	} else {
		set(o, "stats", json_null());
	}
	set(o, "traffic", traffic_json(m, f));
	set(o, "source", jstr(f->origin.src));
	return analysis_json(m, a, id, o);
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
				json_t *sj = socket_json(m, ia->users.v[i]);
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
		json_array_append_new(arr, jstr(v->v[i]));
	return arr;
}

int ifw_report_json(FILE *out, const struct ifw_model *m, const struct ifw_analysis *a,
                    const struct ifw_report_opts *o, struct ifw_err *err)
{
	json_t *root = json_object();
	if (!root)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	set(root, "schema_version", json_integer(IFW_JSON_SCHEMA_VERSION));
	set(root, "ifwho_version", json_string(IFW_VERSION));
	set(root, "source", json_string(m->source == IFW_SRC_EVIDENCE ? "evidence" : "live"));
	json_t *host = json_object();
	set(host, "hostname", jstr(m->hostname));
	set(host, "os", jstr(m->os));
	set(host, "kernel", jstr(m->kernel));
	set(host, "os_version", jstr(m->os_version));
	set(host, "privileged", json_boolean(m->privileged));
	set(host, "evidence_path", jstr(m->evidence_path));
	set(root, "host", host);
	json_t *nss = json_array();
	for (size_t i = 0; i < m->netns.n; i++) {
		const struct ifw_netns *ns = &m->netns.v[i];
		json_t *e = json_object();
		set(e, "name", jstr(ns->name));
		json_t *names = json_array();
		for (size_t k = 0; k < ns->n_names; k++)
			json_array_append_new(names, jstr(ns->names[k]));
		set(e, "names", names);
		set(e, "inode", ns->inode ? json_integer((json_int_t)ns->inode) : json_null());
		set(e, "pid", ns->pid ? json_integer(ns->pid) : json_null());
		set(e, "pid_comm", jstr(ns->pid_comm));
		set(e, "is_host", json_boolean(ns->is_host));
		set(e, "is_self", json_boolean(ns->is_self));
		set(e, "collected", json_boolean(ns->collected));
		set(e, "error", jstr(ns->error));
		json_array_append_new(nss, e);
	}
	set(root, "namespaces", nss);
	set(root, "warnings", notes_json(&m->warnings));
	set(root, "needs_privileges_for", notes_json(&m->limits));
	json_t *sk = json_object();
	set(sk, "lines", json_integer((json_int_t)m->skipped_lines));
	set(sk, "records", json_integer((json_int_t)m->skipped_records));
	set(sk, "vanished_processes", json_integer((json_int_t)m->vanished_procs));
	set(root, "skipped", sk);
	set(root, "data_credits", jstr(o->version_credit));
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
	ifw_json_arena_end();
	ifw_json_out_flush(buf);
	rc |= buf->error ? -1 : 0;
	free(buf);
	fputs("\n  ]\n}\n", out);
	if (rc < 0 || ferror(out))
		return ifw_fail(err, IFW_E_SYS, "could not write the JSON report");
	return 0;
}
