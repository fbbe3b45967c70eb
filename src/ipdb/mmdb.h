/* User-supplied MaxMind-format databases (.mmdb) through libmaxminddb: GeoLite2-ASN style
 * (autonomous_system_number / autonomous_system_organization) and ipinfo style (asn "AS123",
 * as_name or name). Only built when IFW_HAVE_MAXMINDDB; use source.h to stay independent. */
#ifndef IFW_MMDB_H
#define IFW_MMDB_H

#include "ipdb/ipdb.h"

struct ifw_mmdb;

int ifw_mmdb_open(const char *path, struct ifw_mmdb **out, struct ifw_err *err);
void ifw_mmdb_close(struct ifw_mmdb *m);
/* Like ifw_ipdb_lookup: 1 found (asn/org filled when the record has them, else 0 / ""), 0 not
 * (hit->first/last then give the empty network). hit->org is not NUL-terminated. */
int ifw_mmdb_lookup(const struct ifw_mmdb *m, const struct ifw_ip *ip, struct ifw_ipdb_hit *hit);
/* database_type from the metadata, e.g. "GeoLite2-ASN". */
const char *ifw_mmdb_type(const struct ifw_mmdb *m);

#endif
