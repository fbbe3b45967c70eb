/* `ifwho ip ADDR...`: like whois for addresses, offline: the range, AS number, organization,
 * special purpose, the operator a name belongs to, and which of this host's routes reach it. */
#include "cli/cli.h"

#include "collect/backend.h"
#include "infer/owners.h"
#include "ipdb/rdap.h"
#include "know/know.h"
#include "model/names.h"
#include "report/json_writer.h"
#include "util/sanitize.h"
#include "util/strbuf.h"

#include <stdio.h>
#include <string.h>

/* The most specific route in ns (main table, then any other) that covers ip. */
static ifw_id route_to(const struct ifw_model *m, ifw_id ns, const struct ifw_ip *ip)
{
	ifw_id best = IFW_NOID;
	for (size_t i = 0; i < m->routes.n; i++) {
		const struct ifw_route *r = &m->routes.v[i];
		if (r->ns != ns || r->family != ip->family || r->table == IFW_TABLE_LOCAL ||
		    !ifw_ip_in_prefix(ip, &r->dst, r->dst_len))
			continue;
		const struct ifw_route *b = best == IFW_NOID ? NULL : &m->routes.v[best];
		bool main_r = r->table == IFW_TABLE_MAIN;
		bool main_b = b && b->table == IFW_TABLE_MAIN;
		if (!b || r->dst_len > b->dst_len ||
		    (r->dst_len == b->dst_len && main_r && !main_b))
			best = (ifw_id)i;
	}
	return best;
}

static void text_one(const struct ifw_model *m, const struct ifw_owners *ow, const char *arg,
                     const struct ifw_ip *ip, const struct ifw_name_operator *no)
{
	struct ifw_strbuf b;
	ifw_sb_init(&b);
	ifw_sb_safe_str(&b, arg);
	ifw_sb_puts(&b, "\n");
	if (no) {
		ifw_sb_puts(&b, "  operator   ");
		ifw_sb_safe_str(&b, no->operator_name ? no->operator_name : "unknown operator");
		ifw_sb_printf(&b, " (from the name, %s", no->via ? no->via : "?");
		if (no->mcc[0])
			ifw_sb_printf(&b, ", MCC %s MNC %s", no->mcc, no->mnc);
		ifw_sb_puts(&b, ")");
		if (no->service) {
			ifw_sb_puts(&b, ": ");
			ifw_sb_safe_str(&b, no->service);
		}
		ifw_sb_puts(&b, "\n");
	}
	if (ip->family) {
		char t[IFW_IP_STRLEN];
		struct ifw_owner_info oi;
		ifw_owner_lookup(ow, ip, &oi);
		if (no && no->has_ip)
			ifw_sb_printf(&b, "  address    %s (encoded in the name)\n",
			              ifw_ip_str(ip, t));
		if (oi.special_name)
			ifw_sb_printf(&b, "  special    %s, %s (%s)\n", oi.special_cidr,
			              oi.special_name, oi.special_rfc);
		if (oi.found) {
			ifw_sb_printf(&b, "  range      %s\n", oi.range);
			if (oi.asn)
				ifw_sb_printf(&b, "  AS         AS%u\n", oi.asn);
			ifw_sb_puts(&b, "  org        ");
			ifw_sb_safe_str(&b, oi.org[0] ? oi.org : "(none given)");
			ifw_sb_puts(&b, "\n");
			if (oi.network) {
				ifw_sb_printf(&b, "  network    %s network of ", oi.network->type);
				ifw_sb_safe_str(&b, oi.network->operator_name);
				ifw_sb_puts(&b, "\n");
			}
		} else if (!oi.special_name) {
			ifw_sb_puts(&b, "  owner      not in the IP-to-AS data (unannounced)\n");
		}
		if (oi.rdap) {
			const struct ifw_rdap_result *r = oi.rdap;
			ifw_sb_puts(&b, "  registry   ");
			ifw_sb_safe_str(&b, r->name[0] ? r->name : "?");
			ifw_sb_puts(&b, " (");
			ifw_sb_safe_str(&b, r->handle);
			ifw_sb_puts(&b, ")");
			if (r->org[0]) {
				ifw_sb_puts(&b, ", ");
				ifw_sb_safe_str(&b, r->org);
			}
			if (r->range[0]) {
				ifw_sb_puts(&b, ", ");
				ifw_sb_safe_str(&b, r->range);
			}
			if (r->country[0]) {
				ifw_sb_puts(&b, ", ");
				ifw_sb_safe_str(&b, r->country);
			}
			if (r->asn)
				ifw_sb_printf(&b, ", origin AS%u", r->asn);
			ifw_sb_puts(&b, "  [RDAP ");
			ifw_sb_safe_str(&b, r->server);
			ifw_sb_puts(&b, r->cached ? ", cached]\n" : "]\n");
		}
		for (size_t n = 0; n < m->netns.n; n++) {
			ifw_id r = route_to(m, (ifw_id)n, ip);
			if (r == IFW_NOID)
				continue;
			const struct ifw_route *rt = &m->routes.v[r];
			ifw_sb_puts(&b, "  reached    ");
			if (rt->iface != IFW_NOID)
				ifw_sb_safe_str(&b, m->ifaces.v[rt->iface].name);
			else
				ifw_sb_printf(&b, "%s route", ifw_name_rttype(rt->type));
			if (rt->gateway.family)
				ifw_sb_printf(&b, " via %s", ifw_ip_str(&rt->gateway, t));
			if (rt->dst_len)
				ifw_sb_printf(&b, " (%s/%u", ifw_ip_str(&rt->dst, t), rt->dst_len);
			else
				ifw_sb_puts(&b, " (default route");
			const char *tn = ifw_name_table(rt->table);
			if (tn)
				ifw_sb_printf(&b, ", table %s)", tn);
			else
				ifw_sb_printf(&b, ", table %u)", rt->table);
			if (m->netns.n > 1) {
				ifw_sb_puts(&b, " in netns ");
				ifw_sb_safe_str(&b, m->netns.v[n].name);
			}
			ifw_sb_puts(&b, "\n");
		}
	}
	fputs(ifw_sb_str(&b), stdout);
	ifw_sb_free(&b);
}

static void json_one(struct ifw_jw *w, const struct ifw_owners *ow, const char *arg,
                     const struct ifw_ip *ip, const struct ifw_name_operator *no)
{
	ifw_jw_start_object(w);
	ifw_jw_string_field(w, "query", arg);
	char t[IFW_IP_STRLEN];
	ifw_jw_string_field(w, "address", ip->family ? ifw_ip_str(ip, t) : NULL);
	struct ifw_owner_info oi;
	if (ip->family)
		ifw_owner_lookup(ow, ip, &oi);
	else
		memset(&oi, 0, sizeof(oi));
	ifw_jw_string_field(w, "special", oi.special_tag);
	ifw_jw_string_field(w, "special_name", oi.special_name);
	ifw_jw_string_field(w, "rfc", oi.special_rfc);
	ifw_jw_string_field(w, "range", oi.found ? oi.range : NULL);
	ifw_jw_uint_field_or_null(w, "asn", oi.found && oi.asn, oi.asn);
	ifw_jw_string_field(w, "org", oi.found ? oi.org : NULL);
	ifw_jw_string_field(w, "network_type", oi.network ? oi.network->type : NULL);
	ifw_jw_string_field(w, "operator",
	                    no && no->operator_name ? no->operator_name
	                    : oi.network            ? oi.network->operator_name
	                                            : NULL);
	if (oi.rdap) {
		/* Registry text is third-party; the writer repairs invalid UTF-8 in it. */
		ifw_jw_object_field(w, "rdap");
		ifw_jw_string_field(w, "server", oi.rdap->server);
		ifw_jw_string_field(w, "handle", oi.rdap->handle);
		ifw_jw_string_field(w, "name", oi.rdap->name);
		ifw_jw_string_field(w, "org", oi.rdap->org);
		ifw_jw_string_field(w, "range", oi.rdap->range);
		ifw_jw_string_field(w, "country", oi.rdap->country);
		ifw_jw_uint_field_or_null(w, "asn", oi.rdap->asn != 0, oi.rdap->asn);
		ifw_jw_bool_field(w, "cached", oi.rdap->cached);
		ifw_jw_end_object(w);
	} else {
		ifw_jw_null_field(w, "rdap");
	}
	ifw_jw_end_object(w);
}

static void print_warning(void *ctx, const char *msg)
{
	(void)ctx;
	char safe[700];
	ifw_sanitize(msg, strlen(msg), safe, sizeof(safe));
	fprintf(stderr, "ifwho: %s\n", safe);
}

int ifw_cli_ip(const struct ifw_options *o)
{
	struct ifw_err err = {0};
	struct ifw_kb *kb = NULL;
	if (ifw_kb_load_default(&kb, o->env.data_dir, o->env.home, &err) < 0) {
		fprintf(stderr, "ifwho: %s\n", err.msg);
		return IFW_EXIT_FAILED;
	}
	struct ifw_owners ow;
	char warn[256];
	if (ifw_owners_open(&ow, kb, o->ipdbs, o->n_ipdbs, warn, sizeof(warn), &err) < 0) {
		fprintf(stderr, "ifwho: %s\n", err.msg);
		ifw_kb_free(kb);
		return IFW_EXIT_FAILED;
	}
	if (warn[0])
		fprintf(stderr, "ifwho: %s\n", warn);
	/* Routes of this namespace (or the one asked for) tell which interface reaches it. */
	struct ifw_model m;
	ifw_model_init(&m);
	struct ifw_collect_opts co = {
	    .netns = o->netns ? o->netns : "self",
	    .proc_root = o->proc_root,
	    .routes_only = true,
	    .timing = o->env.timing,
	    .no_bpf = o->env.no_bpf,
	    .bpf_log = o->env.bpf_log,
	};
	if (!o->evidence && ifw_backend_linux.collect(&m, &co, &err) < 0)
		ifw_err_clear(&err); /* whois still works without routes */
	int rc = IFW_EXIT_OK;
	if (o->online) {
		struct ifw_ip ips[64];
		size_t n = 0;
		for (size_t i = 0; i < o->n_addrs && n < 64; i++) {
			struct ifw_name_operator no;
			if (ifw_ip_parse(o->addrs[i], &ips[n]) == 0)
				n++;
			else if (ifw_owner_from_name(&ow, o->addrs[i], &no) == 1 && no.has_ip)
				ips[n++] = no.ip;
		}
		char cache[512];
		struct ifw_rdap_opts ro;
		ifw_rdap_default_opts(&ro, o->env.rdap_bootstrap, o->env.xdg_cache_home,
		                      o->env.home, cache, sizeof(cache));
		ifw_owners_fetch_rdap(&ow, ips, n, &ro, print_warning, NULL);
	}
	struct ifw_jw w;
	if (o->json) {
		ifw_jw_init(&w, stdout, IFW_JW_PRETTY);
		ifw_jw_start_object(&w);
		ifw_jw_int_field(&w, "schema_version", 1);
		ifw_jw_array_field(&w, "addresses");
	}
	for (size_t i = 0; i < o->n_addrs; i++) {
		struct ifw_ip ip = {0};
		struct ifw_name_operator no;
		bool by_name = false;
		if (ifw_ip_parse(o->addrs[i], &ip) < 0) {
			by_name = ifw_owner_from_name(&ow, o->addrs[i], &no) == 1;
			if (by_name && no.has_ip)
				ip = no.ip;
			if (!by_name) {
				char s[128];
				ifw_sanitize(o->addrs[i], strlen(o->addrs[i]), s, sizeof(s));
				fprintf(
				    stderr,
				    "ifwho: \"%s\" is not an IP address or a known operator name\n",
				    s);
				rc = IFW_EXIT_USAGE;
				continue;
			}
		}
		if (o->json)
			json_one(&w, &ow, o->addrs[i], &ip, by_name ? &no : NULL);
		else
			text_one(&m, &ow, o->addrs[i], &ip, by_name ? &no : NULL);
	}
	if (o->json) {
		ifw_jw_end_array(&w);
		ifw_jw_end_object(&w);
		if (ifw_jw_finish(&w) < 0) {
			fprintf(stderr, "ifwho: could not write the JSON output\n");
			rc = IFW_EXIT_FAILED;
		}
	}
	ifw_model_free(&m);
	ifw_owners_close(&ow);
	ifw_kb_free(kb);
	return rc;
}
