/* JSON values for the report: strings, addresses, processes, sockets, owners, findings. */
#include "report/json_values.h"
#include "report/names.h"
#include "report/report.h"

#include "infer/owners.h"
#include "util/sanitize.h"
#include "util/strbuf.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

json_t *ifw_jstr(const char *s)
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

json_t *ifw_jip(const struct ifw_ip *ip)
{
	char t[IFW_IP_STRLEN];
	return ip->family ? json_string(ifw_ip_str(ip, t)) : json_null();
}

void ifw_jset(json_t *o, const char *k, json_t *v)
{
	json_object_set_new(o, k, v ? v : json_null());
}

json_t *ifw_jmac(const uint8_t *mac, size_t len)
{
	if (!len)
		return json_null();
	char buf[32 * 3 + 1];
	size_t p = 0;
	for (size_t i = 0; i < len && i < 32; i++)
		p += (size_t)snprintf(buf + p, sizeof(buf) - p, "%s%02x", i ? ":" : "", mac[i]);
	return json_string(buf);
}

void ifw_jflag(const char *name, void *ctx)
{
	json_array_append_new(ctx, json_string(name));
}

json_t *ifw_jiface_ref(const struct ifw_model *m, ifw_id id)
{
	if (id == IFW_NOID)
		return json_null();
	const struct ifw_iface *f = &m->ifaces.v[id];
	json_t *o = json_object();
	ifw_jset(o, "name", ifw_jstr(f->name));
	ifw_jset(o, "ifindex", json_integer(f->ifindex));
	ifw_jset(o, "netns", ifw_jstr(m->netns.v[f->ns].name));
	return o;
}

json_t *ifw_jproc(const struct ifw_model *m, ifw_id id)
{
	if (id == IFW_NOID)
		return json_null();
	const struct ifw_process *p = &m->procs.v[id];
	json_t *o = json_object();
	ifw_jset(o, "pid", p->pid > 0 ? json_integer(p->pid) : json_null());
	ifw_jset(o, "ppid", p->ppid > 0 ? json_integer(p->ppid) : json_null());
	ifw_jset(o, "comm", ifw_jstr(p->comm));
	ifw_jset(o, "user", ifw_jstr(p->user));
	ifw_jset(o, "uid", p->has_uid ? json_integer(p->uid) : json_null());
	ifw_jset(o, "exe", ifw_jstr(p->exe));
	ifw_jset(o, "cmdline", ifw_jstr(p->cmdline));
	ifw_jset(o, "netns", p->ns != IFW_NOID ? ifw_jstr(m->netns.v[p->ns].name) : json_null());
	ifw_jset(o, "cgroup", ifw_jstr(p->cgroup));
	ifw_jset(o, "unit", ifw_jstr(p->unit));
	ifw_jset(o, "container_id", ifw_jstr(p->container_id));
	ifw_jset(o, "container_runtime", ifw_jstr(p->container_runtime));
	return o;
}

json_t *ifw_jsocket(const struct ifw_model *m, ifw_id id)
{
	const struct ifw_socket *s = &m->sockets.v[id];
	json_t *o = json_object();
	ifw_jset(o, "proto", json_string(ifw_name_sock_proto(s->proto)));
	ifw_jset(o, "family", json_string(ifw_name_family(s->family)));
	if (s->family == AF_UNIX) {
		ifw_jset(o, "path", ifw_jstr(s->path));
	} else {
		ifw_jset(o, "local", ifw_jip(&s->local));
		ifw_jset(o, "local_port", json_integer(s->lport));
		ifw_jset(o, "remote",
		         s->remote_name ? ifw_jstr(s->remote_name) : ifw_jip(&s->remote));
		ifw_jset(o, "remote_port", json_integer(s->rport));
	}
	ifw_jset(o, "state",
	         json_string(s->proto == IFW_P_TCP ? ifw_name_tcp_state(s->state)
	                     : s->listening        ? "UNCONN"
	                                           : "ESTAB"));
	ifw_jset(o, "listening", json_boolean(s->listening));
	ifw_jset(o, "netns", ifw_jstr(m->netns.n ? m->netns.v[s->ns].name : NULL));
	ifw_jset(o, "uid", json_integer(s->uid));
	ifw_jset(o, "inode", json_integer((json_int_t)s->inode));
	static const char *const owner_states[] = {"unknown", "process", "kernel", "none"};
	ifw_jset(o, "owner", json_string(s->owner < 4 ? owner_states[s->owner] : "unknown"));
	ifw_jset(o, "kernel", json_boolean(s->owner == IFW_OWNER_KERNEL));
	ifw_jset(o, "bound_device",
	         s->bound_iface != IFW_NOID ? ifw_jstr(m->ifaces.v[s->bound_iface].name)
	                                    : json_null());
	if (s->cgroup_id)
		ifw_jset(o, "cgroup_id", json_integer((json_int_t)s->cgroup_id));
	ifw_jset(o, "recv_q", json_integer(s->rqueue));
	ifw_jset(o, "send_q", json_integer(s->wqueue));
	/* Who holds it, briefly, like ss's users:(...); full details sit with the holders. */
	json_t *owners = json_array();
	for (size_t i = 0; i < s->fdrefs.n; i++) {
		const struct ifw_fdref *r = &m->fdrefs.v[s->fdrefs.v[i]];
		if (r->proc == IFW_NOID)
			continue;
		const struct ifw_process *pr = &m->procs.v[r->proc];
		json_t *p = json_object();
		ifw_jset(p, "pid", pr->pid > 0 ? json_integer(pr->pid) : json_null());
		ifw_jset(p, "comm", ifw_jstr(pr->comm));
		ifw_jset(p, "user", ifw_jstr(pr->user));
		ifw_jset(p, "fd",
		         r->fd >= 0 && m->source == IFW_SRC_LIVE ? json_integer(r->fd)
		                                                 : json_null());
		json_array_append_new(owners, p);
	}
	ifw_jset(o, "processes", owners);
	return o;
}

json_t *ifw_jowner(const struct ifw_analysis *a, const struct ifw_ip *ip)
{
	struct ifw_owner_info oi;
	if (!ifw_owner_lookup(a->owners, ip, &oi))
		return json_null();
	json_t *o = json_object();
	ifw_jset(o, "special", ifw_jstr(oi.special_tag));
	ifw_jset(o, "special_name", ifw_jstr(oi.special_name));
	ifw_jset(o, "rfc", ifw_jstr(oi.special_rfc));
	ifw_jset(o, "asn", oi.found && oi.asn ? json_integer(oi.asn) : json_null());
	ifw_jset(o, "org", oi.found ? ifw_jstr(oi.org) : json_null());
	ifw_jset(o, "range", oi.found ? ifw_jstr(oi.range) : json_null());
	ifw_jset(o, "network_type", oi.network ? ifw_jstr(oi.network->type) : json_null());
	ifw_jset(o, "operator", oi.network ? ifw_jstr(oi.network->operator_name) : json_null());
	if (oi.rdap) {
		json_t *r = json_object();
		ifw_jset(r, "server", ifw_jstr(oi.rdap->server));
		ifw_jset(r, "handle", ifw_jstr(oi.rdap->handle));
		ifw_jset(r, "name", ifw_jstr(oi.rdap->name));
		ifw_jset(r, "org", ifw_jstr(oi.rdap->org));
		ifw_jset(r, "range", ifw_jstr(oi.rdap->range));
		ifw_jset(r, "country", ifw_jstr(oi.rdap->country));
		ifw_jset(r, "asn", oi.rdap->asn ? json_integer(oi.rdap->asn) : json_null());
		ifw_jset(o, "rdap", r);
	} else {
		ifw_jset(o, "rdap", json_null());
	}
	return o;
}

json_t *ifw_jdetails(const struct ifw_iface *f)
{
	const struct ifw_link_info *in = &f->info;
	json_t *o = json_object();
	if (!f->kind)
		return o;
	if (strcmp(f->kind, "tun") == 0) {
		ifw_jset(o, "type", json_string(in->tun_type == IFW_TUN_TAP ? "tap" : "tun"));
		ifw_jset(o, "pi", json_boolean(in->tun_pi));
		ifw_jset(o, "vnet_hdr", json_boolean(in->tun_vnet_hdr));
		ifw_jset(o, "multi_queue", json_boolean(in->tun_multi_queue));
		ifw_jset(o, "persist", json_boolean(in->tun_persist));
		ifw_jset(o, "owner", in->has_tun_owner ? json_integer(in->tun_owner) : json_null());
		ifw_jset(o, "group", in->has_tun_group ? json_integer(in->tun_group) : json_null());
		ifw_jset(o, "queues", json_integer(in->tun_queues));
	} else if (strcmp(f->kind, "vxlan") == 0 || strcmp(f->kind, "geneve") == 0) {
		ifw_jset(o, "vni", json_integer(in->vni));
		ifw_jset(o, "local", ifw_jip(&in->vx_local));
		ifw_jset(o, "remote", ifw_jip(&in->vx_remote));
		ifw_jset(o, "port", json_integer(in->vx_port));
		ifw_jset(o, "learning", json_boolean(in->vx_learning));
	} else if (strcmp(f->kind, "vlan") == 0) {
		ifw_jset(o, "id", json_integer(in->vlan_id));
		ifw_jset(o, "protocol",
		         json_string(in->vlan_proto == 0x88a8 ? "802.1ad" : "802.1Q"));
	} else if (strncmp(f->kind, "macv", 4) == 0) {
		ifw_jset(o, "mode", json_string(ifw_name_macvlan_mode(in->macvlan_mode)));
	} else if (strncmp(f->kind, "ipv", 3) == 0) {
		ifw_jset(o, "mode", json_integer(in->ipvlan_mode));
	} else if (strcmp(f->kind, "bond") == 0 && in->has_bond_mode) {
		ifw_jset(o, "mode", json_string(ifw_name_bond_mode(in->bond_mode)));
	} else if (strcmp(f->kind, "bridge") == 0) {
		ifw_jset(o, "stp_state", json_integer(in->br_stp_state));
		ifw_jset(o, "vlan_filtering", json_boolean(in->br_vlan_filtering));
	} else if (strcmp(f->kind, "xfrm") == 0) {
		ifw_jset(o, "if_id", json_integer(in->xfrm_if_id));
	} else if (in->has_tnl) {
		ifw_jset(o, "local", ifw_jip(&in->tnl_local));
		ifw_jset(o, "remote", ifw_jip(&in->tnl_remote));
		ifw_jset(o, "ttl", json_integer(in->tnl_ttl));
	}
	return o;
}

json_t *ifw_jfacts(const struct ifw_model *m, const struct ifw_finding *fi)
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
		ifw_jset(
		    o, "type",
		    json_string(r->type < sizeof(types) / sizeof(types[0]) ? types[r->type] : "?"));
		ifw_jset(o, "id", r->id != IFW_NOID ? json_integer(r->id) : json_null());
		ifw_jset(o, "text", ifw_jstr(ifw_sb_str(&b)));
		if (r->source)
			ifw_jset(o, "source", ifw_jstr(r->source));
		json_array_append_new(arr, o);
	}
	ifw_sb_free(&b);
	return arr;
}

json_t *ifw_jfinding(const struct ifw_model *m, const struct ifw_finding *fi)
{
	static const char *const roles[] = {"", "creator", "purpose", "usage", "note"};
	json_t *o = json_object();
	ifw_jset(o, "rule", json_string(fi->rule));
	ifw_jset(o, "topic", json_string(fi->topic));
	ifw_jset(o, "role", json_string(fi->role < 5 ? roles[fi->role] : "?"));
	ifw_jset(o, "claim", ifw_jstr(fi->claim));
	ifw_jset(o, "confidence", json_integer(fi->confidence));
	ifw_jset(o, "confidence_word", json_string(ifw_confidence_word(fi->confidence)));
	ifw_jset(o, "category", ifw_jstr(fi->category));
	ifw_jset(o, "evidence", ifw_jfacts(m, fi));
	return o;
}
