/* Who owns an address: special-purpose ranges, the IP-to-AS databases, and mobile operators
 * named by host names (3GPP names, operators' reverse-DNS patterns). Opened once before the
 * analysis; lookups only read memory. */
#ifndef IFW_OWNERS_H
#define IFW_OWNERS_H

#include "know/know.h"
#include "model/model.h"
#include "util/err.h"
#include "util/ipaddr.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipdb/rdap.h"

struct ifw_ipsrc;
struct ifw_operators;

struct ifw_rdap_entry {
	struct ifw_ip ip;
	struct ifw_rdap_result r;
};

struct ifw_owners {
	struct ifw_ipsrc *srcs[4];
	size_t n_srcs;
	const struct ifw_operators
	    *ops; /* the shared table, on first use: most runs never need it */
	bool ops_tried;
	const struct ifw_kb *kb;
	/* --online: registry answers fetched before the analysis (rules do no I/O). */
	struct ifw_rdap_entry *rdap;
	size_t n_rdap;
};

struct ifw_owner_info {
	const char *special_tag, *special_name, *special_rfc, *special_cidr; /* special range */
	bool found; /* in an IP-to-AS database */
	uint32_t asn;
	char org[160];       /* raw organization text from the database; sanitize before printing */
	char range[100];     /* "208.54.0.0 - 208.54.159.255" */
	const char *db_kind; /* "ipdb", "mmdb" */
	const struct ifw_kb_network *network; /* what the knowledge base says about the AS */
	const struct ifw_rdap_result *rdap;   /* with --online, the registry's answer */
};

/* Opens the default database and, if given, extra databases (first wins); a missing default
 * database is a warning in *warning, not an error. */
int ifw_owners_open(struct ifw_owners *o, const struct ifw_kb *kb, const char *const *extra,
                    size_t n_extra, char *warning, size_t warning_len, struct ifw_err *err);
void ifw_owners_close(struct ifw_owners *o);

/* With --online: asks the registries about these addresses now (public ones only, at most 32),
 * so lookups during the analysis only read memory. Failures become warnings. */
void ifw_owners_fetch_rdap(struct ifw_owners *o, const struct ifw_ip *ips, size_t n,
                           const struct ifw_rdap_opts *ro, void (*warn)(void *, const char *),
                           void *warn_ctx);

/* Fills info for ip (IPv4-mapped addresses are looked up as IPv4). Returns 1 if anything is
 * known (special range or database hit), 0 otherwise. */
int ifw_owner_lookup(const struct ifw_owners *o, const struct ifw_ip *ip,
                     struct ifw_owner_info *info);

/* After ifw_analyze: looks up, once, who owns each address the report will show for the
 * interfaces in only (every interface when only is NULL): their addresses, their tunnel SAs' far
 * ends and peers, and their MAC vendor (a->addr_owner, a->sa_remote_owner, a peer's ip_owner,
 * mac_vendor). Only the reports that show owners need it (JSON, the text detail): the overview
 * does not touch the databases. Returns 0, or -1 when out of memory. */
struct ifw_analysis;
int ifw_owners_annotate(struct ifw_analysis *a, const ifw_id *only, size_t n_only);

/* A mobile operator named by a host name: its name (static or in the operators table) and the
 * IPv4 address the name encodes, if any. Returns 1 if the name is an operator's. */
struct ifw_name_operator {
	const char *operator_name;
	const char *via;     /* "3gpp", "tmodns.net" */
	const char *service; /* "ePDG: Wi-Fi calling gateway", or NULL */
	char mcc[4], mnc[4];
	uint32_t asn;
	bool has_ip;
	struct ifw_ip ip;
};
int ifw_owner_from_name(const struct ifw_owners *o, const char *hostname,
                        struct ifw_name_operator *out);

#endif
