/* Offline "who owns this address": the embedded IP-to-AS database (data/ipdb/asn.ipdb).
 *
 * The file is memory-mapped and checked in O(1) at open; lookups never read outside it even if
 * its contents are corrupt (a corrupt file gives wrong answers at worst, ifw_ipdb_verify finds
 * that). The format is described in ipdb_format.h. */
#ifndef IFW_IPDB_H
#define IFW_IPDB_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/ipaddr.h"

#define IFW_IPDB_FILE "asn.ipdb" /* name of the default database under <datadir>/ipdb/ */

struct ifw_ipdb;

/* What a lookup found. org points into the database (valid until it is closed) and is
 * org_len bytes long; it is NOT always NUL-terminated (mmdb strings are not), print it with
 * "%.*s". org is "" (never NULL) when unknown. Organization names are third-party text:
 * sanitize them before printing (util/sanitize.h). */
struct ifw_ipdb_hit {
	struct ifw_ip first; /* the range holding the address (inclusive) ... */
	struct ifw_ip last;  /* ... also set on a miss: then it is the unowned gap */
	uint32_t asn;        /* 0 when the database has a network but no AS for it */
	const char *org;
	size_t org_len;
};

/* Maps and checks the header and section bounds of a database file. Fails with IFW_E_SYS /
 * IFW_E_NOTFOUND for I/O and IFW_E_PARSE (with a message saying what is wrong) for a file that
 * is not a valid database. */
int ifw_ipdb_open(const char *path, struct ifw_ipdb **out, struct ifw_err *err);
/* Same on a caller-owned buffer that must outlive the handle (tests, fuzzing). */
int ifw_ipdb_open_mem(const void *buf, size_t len, struct ifw_ipdb **out, struct ifw_err *err);
void ifw_ipdb_close(struct ifw_ipdb *db);

/* 1 if ip is in an announced range (hit filled), 0 if not (hit->first/last give the gap, asn 0,
 * org ""). IPv4-mapped IPv6 (::ffff:a.b.c.d) is looked up as IPv4. */
int ifw_ipdb_lookup(const struct ifw_ipdb *db, const struct ifw_ip *ip, struct ifw_ipdb_hit *hit);

/* Full consistency check (every key sorted, index, values, strings, body CRC): O(size), for
 * tests and `ifwho-mkipdb --check`, not needed before lookups. */
int ifw_ipdb_verify(const struct ifw_ipdb *db, struct ifw_err *err);

/* Date of the source data as YYYYMMDD (e.g. 20260617), 0 if unknown. */
uint32_t ifw_ipdb_date(const struct ifw_ipdb *db);
/* Where the data came from, e.g. "@ip-location-db/asn 2.3.2026061719" (NUL-terminated). */
const char *ifw_ipdb_source(const struct ifw_ipdb *db);

struct ifw_ipdb_stats {
	uint32_t v4_entries, v6_entries, str_size;
	uint64_t file_size;
};
void ifw_ipdb_stats(const struct ifw_ipdb *db, struct ifw_ipdb_stats *st);

/* One line of attribution for `ifwho --version`, e.g. "IP-to-AS data: @ip-location-db/asn
 * 2.3.2026061719 of 2026-06-17; CC BY 4.0 RouteViews, DB-IP, NRO". db may be NULL (no data
 * date then). Returns buf. */
const char *ifw_ipdb_credit(const struct ifw_ipdb *db, char *buf, size_t len);

/* Finds the default database: $IFWHO_DATA_DIR/ipdb/<file>, then IFW_DATADIR, then
 * IFW_SRC_DATADIR (the source tree, so an uninstalled build works). Writes the first existing
 * path to buf. Fails with IFW_E_NOTFOUND listing the places tried, IFW_E_LIMIT if too long. */
int ifw_ipdb_find_file(const char *file, char *buf, size_t len, struct ifw_err *err);
/* ifw_ipdb_find_file(IFW_IPDB_FILE) + ifw_ipdb_open. */
int ifw_ipdb_open_default(struct ifw_ipdb **out, struct ifw_err *err);

#endif
