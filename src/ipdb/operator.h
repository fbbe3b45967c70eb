/* Mobile operators from host names: 3GPP names (epdg.epc.mnc260.mcc310.pub.3gppnetwork.org)
 * give the MCC/MNC and so the operator; operator reverse-DNS patterns (m4b2836d0.tmodns.net)
 * give the operator and often the IPv4 address. The tables come from data/operators.json. */
#ifndef IFW_OPERATOR_H
#define IFW_OPERATOR_H

#include <stdbool.h>
#include <stdint.h>

#include "util/err.h"
#include "util/ipaddr.h"

#define IFW_OPERATORS_FILE "operators.json" /* under <datadir>/, see ifw_operators_load_default */

struct ifw_operators;

struct ifw_operator_hit {
	const char *name;    /* operator ("T-Mobile US"), NULL if the MCC/MNC is not in the table */
	const char *brand;   /* NULL if unknown */
	const char *country; /* ISO 3166 codes, e.g. "US" or "PR US VI"; NULL if unknown */
	char mcc[4];         /* "310", "" if the name carries no MCC/MNC */
	char mnc[4];         /* "260" (2 or 3 digits as the operator table has it) */
	const char *via;     /* "3gpp" or the reverse-DNS domain that matched ("tmodns.net") */
	char service[64];    /* 3GPP: the labels before mncXXX ("epdg.epc"), else "" */
	const char *service_desc; /* "ePDG: Wi-Fi calling gateway", NULL if not known */
	uint32_t asn;             /* from a reverse-DNS pattern, 0 if not given */
	bool has_ip;              /* the name encodes an IPv4 address ... */
	struct ifw_ip ip;         /* ... this one */
};

/* Loads operators.json (format in docs/IPDB.md). IFW_E_PARSE with a message if malformed. */
int ifw_operators_load(const char *path, struct ifw_operators **out, struct ifw_err *err);
/* Finds operators.json like ifw_ipdb_find_file (IFWHO_DATA_DIR, IFW_DATADIR, IFW_SRC_DATADIR,
 * each + "/operators.json") and loads it. */
int ifw_operators_load_default(struct ifw_operators **out, struct ifw_err *err);
/* The default table, loaded once per process on first use and kept (260 KB of JSON is worth
 * parsing only once); NULL if it cannot be loaded, with the reason in *why if given. */
const struct ifw_operators *ifw_operators_shared(const char **why);

void ifw_operators_free(struct ifw_operators *ops);
/* The "source" field of the file (attribution, version). */
const char *ifw_operators_source(const struct ifw_operators *ops);

/* Operator for an MCC/MNC given as digit strings ("310", "260" or "26"): 1 and hit->name,
 * brand, country, mcc, mnc filled, or 0. For a 3-digit MNC with a leading 0 the 2-digit form is
 * also tried, as 3GPP names always use 3 digits. */
int ifw_operator_by_plmn(const struct ifw_operators *ops, const char *mcc, const char *mnc,
                         struct ifw_operator_hit *hit);

/* Recognizes hostname (any case, optional trailing dot). Returns 1 and fills hit if it is a
 * 3GPP name or matches a reverse-DNS pattern, else 0. ops may be NULL: 3GPP names are then
 * still decoded, without operator names. Safe on any input (length-capped, no allocation). */
int ifw_operator_from_name(const char *hostname, const struct ifw_operators *ops,
                           struct ifw_operator_hit *hit);

#endif
