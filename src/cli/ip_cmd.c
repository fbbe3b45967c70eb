/* `ifwho ip ADDR...`: like whois for addresses, offline: the range, AS number, organization,
 * special purpose, the operator a name belongs to, and which of this host's routes reach it. */
#include "cli/cli.h"

#include "collect/backend.h"
#include "infer/owners.h"
#include "know/know.h"
#include "model/names.h"
#include "util/sanitize.h"
#include "util/strbuf.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

int ifw_load_knowledge(struct ifw_kb **kb, struct ifw_err *err);

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

static json_t *json_one(const struct ifw_owners *ow, const char *arg, const struct ifw_ip *ip,
                        const struct ifw_name_operator *no)
{
	json_t *o = json_object();
	json_t *q = json_string(arg);
	json_object_set_new(o, "query", q ? q : json_null());
	char t[IFW_IP_STRLEN];
	json_object_set_new(o, "address",
	                    ip->family ? json_string(ifw_ip_str(ip, t)) : json_null());
	struct ifw_owner_info oi;
	if (ip->family)
		ifw_owner_lookup(ow, ip, &oi);
	else
		memset(&oi, 0, sizeof(oi));
	json_object_set_new(o, "special",
	                    oi.special_tag ? json_string(oi.special_tag) : json_null());
	json_object_set_new(o, "special_name",
	                    oi.special_name ? json_string(oi.special_name) : json_null());
	json_object_set_new(o, "rfc", oi.special_rfc ? json_string(oi.special_rfc) : json_null());
	json_object_set_new(o, "range", oi.found ? json_string(oi.range) : json_null());
	json_object_set_new(o, "asn", oi.found && oi.asn ? json_integer(oi.asn) : json_null());
	char org[sizeof(oi.org) * 2];
	ifw_utf8_repair(oi.org, strlen(oi.org), org, sizeof(org));
	json_object_set_new(o, "org", oi.found ? json_string(org) : json_null());
	json_object_set_new(o, "network_type",
	                    oi.network ? json_string(oi.network->type) : json_null());
	json_object_set_new(o, "operator",
	                    no && no->operator_name ? json_string(no->operator_name)
	                    : oi.network            ? json_string(oi.network->operator_name)
	                                            : json_null());
	json_t *r = json_null();
	if (oi.rdap) {
		/* Registry text is third-party: repaired to valid UTF-8 like every other string. */
		r = json_object();
		const char *fields[][2] = {
		    {"server", oi.rdap->server}, {"handle", oi.rdap->handle},
		    {"name", oi.rdap->name},     {"org", oi.rdap->org},
		    {"range", oi.rdap->range},   {"country", oi.rdap->country}};
		for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
			char v[400];
			ifw_utf8_repair(fields[i][1], strlen(fields[i][1]), v, sizeof(v));
			json_object_set_new(r, fields[i][0], json_string(v));
		}
		json_object_set_new(r, "asn",
		                    oi.rdap->asn ? json_integer(oi.rdap->asn) : json_null());
		json_object_set_new(r, "cached", json_boolean(oi.rdap->cached));
	}
	json_object_set_new(o, "rdap", r);
	return o;
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
	if (ifw_load_knowledge(&kb, &err) < 0) {
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
		ifw_cli_rdap_opts(&ro, cache, sizeof(cache));
		ifw_owners_fetch_rdap(&ow, ips, n, &ro, print_warning, NULL);
	}
	json_t *arr = o->json ? json_array() : NULL;
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
		if (arr)
			json_array_append_new(
			    arr, json_one(&ow, o->addrs[i], &ip, by_name ? &no : NULL));
		else
			text_one(&m, &ow, o->addrs[i], &ip, by_name ? &no : NULL);
	}
	if (arr) {
		json_t *root = json_object();
		json_object_set_new(root, "schema_version", json_integer(1));
		json_object_set_new(root, "addresses", arr);
		json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(root);
	}
	ifw_model_free(&m);
	ifw_owners_close(&ow);
	ifw_kb_free(kb);
	return rc;
}
