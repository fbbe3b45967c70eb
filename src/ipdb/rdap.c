/* RDAP answers and IANA bootstrap files (both JSON) -> what ifwho shows. Pure parsing: the HTTP
 * side is rdap_http.c. */
#include "ipdb/rdap.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static void copy(char *dst, size_t cap, const char *src)
{
	if (!src)
		return;
	snprintf(dst, cap, "%s", src);
}

static const char *str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The "fn" of a jCard: ["vcard", [["fn", {}, "text", "Name"], ...]]. */
static const char *vcard_fn(json_t *entity)
{
	json_t *card = json_array_get(json_object_get(entity, "vcardArray"), 1);
	for (size_t i = 0; i < json_array_size(card); i++) {
		json_t *prop = json_array_get(card, i);
		const char *key = json_string_value(json_array_get(prop, 0));
		json_t *val = json_array_get(prop, 3);
		if (key && strcmp(key, "fn") == 0 && json_is_string(val))
			return json_string_value(val);
	}
	return NULL;
}

static bool has_role(json_t *entity, const char *role)
{
	json_t *roles = json_object_get(entity, "roles");
	for (size_t i = 0; i < json_array_size(roles); i++) {
		const char *r = json_string_value(json_array_get(roles, i));
		if (r && strcmp(r, role) == 0)
			return true;
	}
	return false;
}

int ifw_rdap_parse(const char *text, size_t len, struct ifw_rdap_result *out, struct ifw_err *err)
{
	memset(out, 0, sizeof(*out));
	json_error_t je;
	json_t *root = json_loadb(text, len, 0, &je);
	if (!json_is_object(root)) {
		json_decref(root);
		return ifw_fail(err, IFW_E_PARSE, "RDAP answer is not a JSON object (%s)", je.text);
	}
	copy(out->handle, sizeof(out->handle), str(root, "handle"));
	copy(out->name, sizeof(out->name), str(root, "name"));
	copy(out->country, sizeof(out->country), str(root, "country"));
	const char *a = str(root, "startAddress"), *b = str(root, "endAddress");
	if (a && b)
		snprintf(out->range, sizeof(out->range), "%.45s - %.45s", a, b);
	json_t *ents = json_object_get(root, "entities");
	const char *org = NULL;
	for (size_t i = 0; i < json_array_size(ents) && !org; i++)
		if (has_role(json_array_get(ents, i), "registrant"))
			org = vcard_fn(json_array_get(ents, i));
	for (size_t i = 0; i < json_array_size(ents) && !org; i++)
		org = vcard_fn(json_array_get(ents, i));
	copy(out->org, sizeof(out->org), org);
	/* ARIN's extension names the origin AS. */
	json_t *as = json_array_get(json_object_get(root, "arin_originas0_originautnums"), 0);
	if (json_is_integer(as) && json_integer_value(as) > 0 &&
	    json_integer_value(as) <= 0xffffffffLL)
		out->asn = (uint32_t)json_integer_value(as);
	json_decref(root);
	if (!out->handle[0] && !out->name[0] && !out->org[0])
		return ifw_fail(err, IFW_E_PARSE, "RDAP answer names no network");
	return 0;
}

int ifw_rdap_bootstrap_find(const char *text, size_t len, const struct ifw_ip *ip, char *url,
                            size_t url_len, struct ifw_err *err)
{
	json_error_t je;
	json_t *root = json_loadb(text, len, 0, &je);
	json_t *services = json_object_get(root, "services");
	if (!json_is_array(services)) {
		json_decref(root);
		return ifw_fail(err, IFW_E_PARSE, "RDAP bootstrap file has no services");
	}
	int best_len = -1;
	url[0] = '\0';
	for (size_t i = 0; i < json_array_size(services); i++) {
		json_t *svc = json_array_get(services, i);
		json_t *prefixes = json_array_get(svc, 0), *urls = json_array_get(svc, 1);
		for (size_t k = 0; k < json_array_size(prefixes); k++) {
			const char *p = json_string_value(json_array_get(prefixes, k));
			const char *slash = p ? strchr(p, '/') : NULL;
			struct ifw_ip net;
			if (!slash || ifw_ip_parsen(p, (size_t)(slash - p), &net) < 0)
				continue;
			int plen = atoi(slash + 1);
			if (plen <= best_len || plen < 0 ||
			    !ifw_ip_in_prefix(ip, &net, (unsigned)plen))
				continue;
			/* Prefer https, as IANA lists it first or second. */
			const char *chosen = NULL;
			for (size_t u = 0; u < json_array_size(urls); u++) {
				const char *s = json_string_value(json_array_get(urls, u));
				if (s && (!chosen || strncmp(s, "https:", 6) == 0))
					chosen = s;
			}
			if (chosen) {
				best_len = plen;
				snprintf(url, url_len, "%s", chosen);
			}
		}
	}
	json_decref(root);
	if (best_len < 0)
		return ifw_fail(err, IFW_E_NOTFOUND, "no RDAP service covers this address");
	return 0;
}

void ifw_rdap_default_opts(struct ifw_rdap_opts *ro, const char *bootstrap,
                           const char *xdg_cache_home, const char *home, char *cache_dir,
                           size_t len)
{
	memset(ro, 0, sizeof(*ro));
	ro->bootstrap = bootstrap && *bootstrap ? bootstrap : NULL;
	if (xdg_cache_home && *xdg_cache_home)
		snprintf(cache_dir, len, "%s/ifwho/rdap", xdg_cache_home);
	else if (home && *home)
		snprintf(cache_dir, len, "%s/.cache/ifwho/rdap", home);
	else if (len)
		cache_dir[0] = '\0';
	ro->cache_dir = len && cache_dir[0] ? cache_dir : NULL;
}
