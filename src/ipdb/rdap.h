/* Online registry lookups (RDAP), only with --online: never by default, because asking a
 * registry about an address tells it which peers this host talks to. The server for an address
 * comes from IANA's RDAP bootstrap files; answers are cached (XDG cache) for a day. */
#ifndef IFW_RDAP_H
#define IFW_RDAP_H

#include "util/err.h"
#include "util/ipaddr.h"

#include <stdbool.h>
#include <stdint.h>

struct ifw_rdap_opts {
	const char
	    *bootstrap; /* base URL of ipv4.json / ipv6.json; NULL: https://data.iana.org/rdap/ */
	const char *cache_dir; /* NULL: no cache */
	long timeout_secs;     /* per request; 0: 5 s */
};

struct ifw_rdap_result {
	char server[160];          /* the RDAP service asked */
	char handle[80], name[80]; /* "NET-208-54-0-0-1", "TMO2" */
	char org[160];             /* the registrant's name */
	char range[100];           /* "208.54.0.0 - 208.54.159.255" */
	char country[8];
	uint32_t asn; /* origin AS when the registry gives one (ARIN does), else 0 */
	bool cached;
};

/* The defaults: IANA's bootstrap unless bootstrap (the caller's $IFWHO_RDAP_BOOTSTRAP) is set;
 * the cache in XDG_CACHE_HOME/ifwho/rdap, else HOME/.cache/ifwho/rdap, else none. The cache
 * path is written to cache_dir, which ro then points to. Any argument may be NULL or empty. */
void ifw_rdap_default_opts(struct ifw_rdap_opts *ro, const char *bootstrap,
                           const char *xdg_cache_home, const char *home, char *cache_dir,
                           size_t len);
/* Whether this build can do RDAP (it needs libcurl). */
bool ifw_rdap_available(void);
/* Looks ip up; 0 and *out filled, or -1 with err (IFW_E_NOTFOUND: no registry covers it). */
int ifw_rdap_lookup(const struct ifw_ip *ip, const struct ifw_rdap_opts *o,
                    struct ifw_rdap_result *out, struct ifw_err *err);
/* The answer of an RDAP "ip" query (JSON text) -> result; for tests and fuzzing. */
int ifw_rdap_parse(const char *json, size_t len, struct ifw_rdap_result *out, struct ifw_err *err);
/* The RDAP base URL for ip from a bootstrap file's text (the longest matching prefix). */
int ifw_rdap_bootstrap_find(const char *json, size_t len, const struct ifw_ip *ip, char *url,
                            size_t url_len, struct ifw_err *err);

#endif
