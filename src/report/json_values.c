/* JSON values for the report: addresses, processes, sockets, owners, findings. */
#include "report/json_values.h"
#include "report/report.h"

#include "model/names.h"
#include "util/strbuf.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

void ifw_jv_ip(struct ifw_jw *w, const struct ifw_ip *ip)
{
	char t[IFW_IP_STRLEN];
	ifw_jw_string(w, ip->family ? ifw_ip_str(ip, t) : NULL);
}

void ifw_jv_mac(struct ifw_jw *w, const uint8_t *mac, size_t len)
{
	if (!len) {
		ifw_jw_null(w);
		return;
	}
	char buf[32 * 3 + 1];
	size_t p = 0;
	for (size_t i = 0; i < len && i < 32; i++)
		p += (size_t)snprintf(buf + p, sizeof(buf) - p, "%s%02x", i ? ":" : "", mac[i]);
	ifw_jw_string(w, buf);
}

void ifw_jv_flag(const char *name, void *jw)
{
	ifw_jw_string(jw, name);
}

void ifw_jv_iface_ref(struct ifw_jw *w, const struct ifw_model *m, ifw_id id)
{
	if (id == IFW_NOID) {
		ifw_jw_null(w);
		return;
	}
	const struct ifw_iface *f = &m->ifaces.v[id];
	ifw_jw_start_object(w);
	ifw_jw_string_field(w, "name", f->name);
	ifw_jw_int_field(w, "ifindex", f->ifindex);
	ifw_jw_string_field(w, "netns", m->netns.v[f->ns].name);
	ifw_jw_end_object(w);
}

void ifw_jv_proc(struct ifw_jw *w, const struct ifw_model *m, ifw_id id)
{
	if (id == IFW_NOID) {
		ifw_jw_null(w);
		return;
	}
	const struct ifw_process *p = &m->procs.v[id];
	ifw_jw_start_object(w);
	ifw_jw_int_field_or_null(w, "pid", p->pid > 0, p->pid);
	ifw_jw_int_field_or_null(w, "ppid", p->ppid > 0, p->ppid);
	ifw_jw_string_field(w, "comm", p->comm);
	ifw_jw_string_field(w, "user", p->user);
	ifw_jw_uint_field_or_null(w, "uid", p->has_uid, p->uid);
	ifw_jw_string_field(w, "exe", p->exe);
	ifw_jw_string_field(w, "cmdline", p->cmdline);
	ifw_jw_string_field(w, "netns", p->ns != IFW_NOID ? m->netns.v[p->ns].name : NULL);
	ifw_jw_string_field(w, "cgroup", p->cgroup);
	ifw_jw_string_field(w, "unit", p->unit);
	ifw_jw_string_field(w, "container_id", p->container_id);
	ifw_jw_string_field(w, "container_runtime", p->container_runtime);
	ifw_jw_end_object(w);
}

void ifw_jv_socket(struct ifw_jw *w, const struct ifw_model *m, ifw_id id)
{
	const struct ifw_socket *s = &m->sockets.v[id];
	ifw_jw_start_object(w);
	ifw_jw_string_field(w, "proto", ifw_name_sock_proto(s->proto, IFW_NAME_KEY));
	ifw_jw_string_field(w, "family", ifw_name_family(s->family));
	if (s->family == AF_UNIX) {
		ifw_jw_string_field(w, "path", s->path);
	} else {
		ifw_jw_name(w, "local");
		ifw_jv_ip(w, &s->local);
		ifw_jw_uint_field(w, "local_port", s->lport);
		ifw_jw_name(w, "remote");
		if (s->remote_name)
			ifw_jw_string(w, s->remote_name);
		else
			ifw_jv_ip(w, &s->remote);
		ifw_jw_uint_field(w, "remote_port", s->rport);
	}
	ifw_jw_string_field(w, "state",
	                    s->proto == IFW_P_TCP ? ifw_name_tcp_state(s->state)
	                    : s->listening        ? "UNCONN"
	                                          : "ESTAB");
	ifw_jw_bool_field(w, "listening", s->listening);
	ifw_jw_string_field(w, "netns", m->netns.n ? m->netns.v[s->ns].name : NULL);
	ifw_jw_uint_field(w, "uid", s->uid);
	ifw_jw_uint_field(w, "inode", s->inode);
	static const char *const owner_states[] = {"unknown", "process", "kernel", "none"};
	ifw_jw_string_field(w, "owner", s->owner < 4 ? owner_states[s->owner] : "unknown");
	ifw_jw_bool_field(w, "kernel", s->owner == IFW_OWNER_KERNEL);
	ifw_jw_string_field(w, "bound_device",
	                    s->bound_iface != IFW_NOID ? m->ifaces.v[s->bound_iface].name : NULL);
	if (s->cgroup_id)
		ifw_jw_uint_field(w, "cgroup_id", s->cgroup_id);
	ifw_jw_uint_field(w, "recv_q", s->rqueue);
	ifw_jw_uint_field(w, "send_q", s->wqueue);
	/* Who holds it, briefly, like ss's users:(...); full details sit with the holders. */
	ifw_jw_array_field(w, "processes");
	for (size_t i = 0; i < s->fdrefs.n; i++) {
		const struct ifw_fdref *r = &m->fdrefs.v[s->fdrefs.v[i]];
		if (r->proc == IFW_NOID)
			continue;
		const struct ifw_process *pr = &m->procs.v[r->proc];
		ifw_jw_start_object(w);
		ifw_jw_int_field_or_null(w, "pid", pr->pid > 0, pr->pid);
		ifw_jw_string_field(w, "comm", pr->comm);
		ifw_jw_string_field(w, "user", pr->user);
		ifw_jw_int_field_or_null(w, "fd", r->fd >= 0 && m->source == IFW_SRC_LIVE, r->fd);
		ifw_jw_end_object(w);
	}
	ifw_jw_end_array(w);
	ifw_jw_end_object(w);
}

void ifw_jv_owner(struct ifw_jw *w, const struct ifw_addr_owner *o)
{
	if (!o) {
		ifw_jw_null(w);
		return;
	}
	ifw_jw_start_object(w);
	ifw_jw_string_field(w, "special", o->special_tag);
	ifw_jw_string_field(w, "special_name", o->special_name);
	ifw_jw_string_field(w, "rfc", o->special_rfc);
	ifw_jw_uint_field_or_null(w, "asn", o->asn != 0, o->asn);
	ifw_jw_string_field(w, "org", o->org);
	ifw_jw_string_field(w, "range", o->range);
	ifw_jw_string_field(w, "network_type", o->network ? o->network->type : NULL);
	ifw_jw_string_field(w, "operator", o->network ? o->network->operator_name : NULL);
	if (o->rdap) {
		ifw_jw_object_field(w, "rdap");
		ifw_jw_string_field(w, "server", o->rdap->server);
		ifw_jw_string_field(w, "handle", o->rdap->handle);
		ifw_jw_string_field(w, "name", o->rdap->name);
		ifw_jw_string_field(w, "org", o->rdap->org);
		ifw_jw_string_field(w, "range", o->rdap->range);
		ifw_jw_string_field(w, "country", o->rdap->country);
		ifw_jw_uint_field_or_null(w, "asn", o->rdap->asn != 0, o->rdap->asn);
		ifw_jw_end_object(w);
	} else {
		ifw_jw_null_field(w, "rdap");
	}
	ifw_jw_end_object(w);
}

static void ip_field(struct ifw_jw *w, const char *name, const struct ifw_ip *ip)
{
	ifw_jw_name(w, name);
	ifw_jv_ip(w, ip);
}

void ifw_jv_details(struct ifw_jw *w, const struct ifw_iface *f)
{
	const struct ifw_link_info *in = &f->info;
	ifw_jw_start_object(w);
	if (!f->kind) {
		ifw_jw_end_object(w);
		return;
	}
	if (strcmp(f->kind, "tun") == 0) {
		ifw_jw_string_field(w, "type", in->tun_type == IFW_TUN_TAP ? "tap" : "tun");
		ifw_jw_bool_field(w, "pi", in->tun_pi);
		ifw_jw_bool_field(w, "vnet_hdr", in->tun_vnet_hdr);
		ifw_jw_bool_field(w, "multi_queue", in->tun_multi_queue);
		ifw_jw_bool_field(w, "persist", in->tun_persist);
		ifw_jw_uint_field_or_null(w, "owner", in->has_tun_owner, in->tun_owner);
		ifw_jw_uint_field_or_null(w, "group", in->has_tun_group, in->tun_group);
		ifw_jw_uint_field(w, "queues", in->tun_queues);
	} else if (strcmp(f->kind, "vxlan") == 0 || strcmp(f->kind, "geneve") == 0) {
		ifw_jw_uint_field(w, "vni", in->vni);
		ip_field(w, "local", &in->vx_local);
		ip_field(w, "remote", &in->vx_remote);
		ifw_jw_uint_field(w, "port", in->vx_port);
		ifw_jw_bool_field(w, "learning", in->vx_learning);
	} else if (strcmp(f->kind, "vlan") == 0) {
		ifw_jw_uint_field(w, "id", in->vlan_id);
		ifw_jw_string_field(w, "protocol", in->vlan_proto == 0x88a8 ? "802.1ad" : "802.1Q");
	} else if (strncmp(f->kind, "macv", 4) == 0) {
		ifw_jw_string_field(w, "mode", ifw_name_macvlan_mode(in->macvlan_mode));
	} else if (strncmp(f->kind, "ipv", 3) == 0) {
		ifw_jw_uint_field(w, "mode", in->ipvlan_mode);
	} else if (strcmp(f->kind, "bond") == 0 && in->has_bond_mode) {
		ifw_jw_string_field(w, "mode", ifw_name_bond_mode(in->bond_mode));
	} else if (strcmp(f->kind, "bridge") == 0) {
		ifw_jw_uint_field(w, "stp_state", in->br_stp_state);
		ifw_jw_bool_field(w, "vlan_filtering", in->br_vlan_filtering);
	} else if (strcmp(f->kind, "xfrm") == 0) {
		ifw_jw_uint_field(w, "if_id", in->xfrm_if_id);
	} else if (in->has_tnl) {
		ip_field(w, "local", &in->tnl_local);
		ip_field(w, "remote", &in->tnl_remote);
		ifw_jw_uint_field(w, "ttl", in->tnl_ttl);
	}
	ifw_jw_end_object(w);
}

static void facts(struct ifw_jw *w, const struct ifw_model *m, const struct ifw_finding *fi)
{
	struct ifw_strbuf b;
	ifw_sb_init(&b);
	static const char *const types[] = {"",       "interface", "address", "route",
	                                    "socket", "process",   "fd",      "sa",
	                                    "flow",   "netns",     "name",    "text"};
	ifw_jw_start_array(w);
	for (size_t i = 0; i < fi->facts.n; i++) {
		const struct ifw_fact_ref *r = &fi->facts.v[i];
		ifw_sb_reset(&b);
		ifw_render_fact(&b, m, r, false);
		ifw_jw_start_object(w);
		ifw_jw_string_field(
		    w, "type", r->type < sizeof(types) / sizeof(types[0]) ? types[r->type] : "?");
		ifw_jw_uint_field_or_null(w, "id", r->id != IFW_NOID, r->id);
		ifw_jw_string_field(w, "text", ifw_sb_str(&b));
		if (r->source)
			ifw_jw_string_field(w, "source", r->source);
		ifw_jw_end_object(w);
	}
	ifw_jw_end_array(w);
	ifw_sb_free(&b);
}

void ifw_jv_finding(struct ifw_jw *w, const struct ifw_model *m, const struct ifw_finding *fi)
{
	static const char *const roles[] = {"", "creator", "purpose", "usage", "note"};
	ifw_jw_start_object(w);
	ifw_jw_string_field(w, "rule", fi->rule);
	ifw_jw_string_field(w, "topic", fi->topic);
	ifw_jw_string_field(w, "role", fi->role < 5 ? roles[fi->role] : "?");
	ifw_jw_string_field(w, "claim", fi->claim);
	ifw_jw_int_field(w, "confidence", fi->confidence);
	ifw_jw_string_field(w, "confidence_word", ifw_confidence_word(fi->confidence));
	ifw_jw_string_field(w, "category", fi->category);
	ifw_jw_name(w, "evidence");
	facts(w, m, fi);
	ifw_jw_end_object(w);
}
