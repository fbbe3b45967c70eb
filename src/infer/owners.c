#include "infer/owners.h"

#include "ipdb/operator.h"
#include "ipdb/source.h"
#include "ipdb/special.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ifw_owners_open(struct ifw_owners *o, const struct ifw_kb *kb, const char *const *extra,
                    size_t n_extra, char *warning, size_t warning_len, struct ifw_err *err)
{
	memset(o, 0, sizeof(*o));
	o->kb = kb;
	if (warning_len)
		warning[0] = '\0';
	for (size_t i = 0; i < n_extra && o->n_srcs < 3; i++) {
		if (ifw_ipsrc_open(extra[i], &o->srcs[o->n_srcs], err) < 0) {
			ifw_owners_close(o);
			return -1;
		}
		o->n_srcs++;
	}
	struct ifw_err e = {0};
	if (ifw_ipsrc_open_default(&o->srcs[o->n_srcs], &e) == 0)
		o->n_srcs++;
	else if (warning_len)
		snprintf(warning, warning_len, "no IP ownership data: %s", e.msg);
	return 0;
}

void ifw_owners_close(struct ifw_owners *o)
{
	free(o->rdap);
	for (size_t i = 0; i < o->n_srcs; i++)
		ifw_ipsrc_close(o->srcs[i]);

	memset(o, 0, sizeof(*o));
}

int ifw_owner_lookup(const struct ifw_owners *o, const struct ifw_ip *ip,
                     struct ifw_owner_info *info)
{
	memset(info, 0, sizeof(*info));
	struct ifw_ip u = ifw_ip_unmap(ip);
	const struct ifw_special *sp = ifw_special_lookup(&u);
	if (sp) {
		info->special_tag = sp->tag;
		info->special_name = sp->name;
		info->special_rfc = sp->rfc;
		info->special_cidr = sp->cidr;
	}
	if (!o)
		return sp != NULL;
	struct ifw_ipdb_hit hit;
	size_t which = 0;
	if (o->n_srcs && ifw_ipsrc_lookup_chain(o->srcs, o->n_srcs, &u, &hit, &which) == 1) {
		info->found = true;
		info->asn = hit.asn;
		size_t n =
		    hit.org_len < sizeof(info->org) - 1 ? hit.org_len : sizeof(info->org) - 1;
		memcpy(info->org, hit.org, n);
		info->org[n] = '\0';
		char a[IFW_IP_STRLEN], b[IFW_IP_STRLEN];
		snprintf(info->range, sizeof(info->range), "%s - %s", ifw_ip_str(&hit.first, a),
		         ifw_ip_str(&hit.last, b));
		info->db_kind = ifw_ipsrc_kind(o->srcs[which]);
		if (o->kb && hit.asn)
			info->network = ifw_kb_network(o->kb, hit.asn);
	}
	for (size_t i = 0; i < o->n_rdap; i++)
		if (ifw_ip_eq(&o->rdap[i].ip, &u))
			info->rdap = &o->rdap[i].r;
	return info->found || sp != NULL || info->rdap != NULL;
}

void ifw_owners_fetch_rdap(struct ifw_owners *o, const struct ifw_ip *ips, size_t n,
                           const struct ifw_rdap_opts *ro, void (*warn)(void *, const char *),
                           void *warn_ctx)
{
	for (size_t i = 0; i < n && o->n_rdap < 32; i++) {
		struct ifw_ip u = ifw_ip_unmap(&ips[i]);
		bool dup = false;
		for (size_t k = 0; k < o->n_rdap; k++)
			dup |= ifw_ip_eq(&o->rdap[k].ip, &u);
		/* Special-purpose addresses are nobody's in a registry; do not ask about them. */
		if (dup || !u.family || ifw_special_lookup(&u))
			continue;
		struct ifw_rdap_result r;
		struct ifw_err e = {0};
		if (ifw_rdap_lookup(&u, ro, &r, &e) < 0) {
			char msg[600];
			snprintf(msg, sizeof(msg), "RDAP: %s", e.msg);
			if (warn)
				warn(warn_ctx, msg);
			if (e.code == IFW_E_USAGE)
				return; /* no RDAP in this build: once is enough */
			continue;
		}
		struct ifw_rdap_entry *ne = realloc(o->rdap, (o->n_rdap + 1) * sizeof(*ne));
		if (!ne)
			return;
		o->rdap = ne;
		o->rdap[o->n_rdap].ip = u;
		o->rdap[o->n_rdap++].r = r;
	}
}

int ifw_owner_from_name(const struct ifw_owners *o, const char *hostname,
                        struct ifw_name_operator *out)
{
	memset(out, 0, sizeof(*out));
	struct ifw_operator_hit hit;
	if (o && !o->ops_tried) {
		/* 260 KB of JSON: parsed only when a host name needs it. 3GPP names still decode
		 * without the table, only the operator's name is then unknown. */
		struct ifw_owners *w = (struct ifw_owners *)o;
		w->ops_tried = true;
		w->ops = ifw_operators_shared(NULL);
	}
	if (!hostname || ifw_operator_from_name(hostname, o ? o->ops : NULL, &hit) != 1)
		return 0;
	out->operator_name = hit.name ? hit.name : hit.brand;
	out->via = hit.via;
	out->service = hit.service_desc;
	memcpy(out->mcc, hit.mcc, sizeof(out->mcc));
	memcpy(out->mnc, hit.mnc, sizeof(out->mnc));
	out->asn = hit.asn;
	out->has_ip = hit.has_ip;
	out->ip = hit.ip;
	return 1;
}
