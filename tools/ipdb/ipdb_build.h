/* Builds an embedded IP database file (src/ipdb/ipdb_format.h) from address ranges. Used by
 * ifwho-mkipdb and by the unit tests, never by ifwho itself. */
#ifndef IFW_IPDB_BUILD_H
#define IFW_IPDB_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/ipaddr.h"

struct ifw_ipdb_builder;

struct ifw_ipdb_build_stats {
	size_t rows;       /* ranges added */
	size_t overlaps;   /* ranges that overlapped an earlier one (the later start wins) */
	size_t merged;     /* adjacent ranges with the same AS and organization joined */
	size_t v4_entries; /* entries written, gaps included */
	size_t v6_entries;
	size_t strings;  /* distinct organization names */
	size_t str_size; /* bytes of deduplicated organization names */
	uint64_t file_size;
};

struct ifw_ipdb_builder *ifw_ipdb_builder_new(void);
void ifw_ipdb_builder_free(struct ifw_ipdb_builder *b);

/* Adds first..last (inclusive, same family) owned by asn/org. Control characters in org are
 * replaced by '?'. */
int ifw_ipdb_builder_add(struct ifw_ipdb_builder *b, const struct ifw_ip *first,
                         const struct ifw_ip *last, uint32_t asn, const char *org, size_t org_len,
                         struct ifw_err *err);

/* Reads CSV rows "first,last,asn,organization" (RFC 4180 quoting, either family per row, as in
 * @ip-location-db/asn's asn-ipv4.csv and asn-ipv6.csv). Errors name the line. */
int ifw_ipdb_builder_add_csv(struct ifw_ipdb_builder *b, const char *path, struct ifw_err *err);

/* Sorts, resolves overlaps, merges and writes the file atomically (temp file + rename).
 * date is YYYYMMDD (0 if unknown); source is a one-line description with the attribution. */
int ifw_ipdb_builder_write(struct ifw_ipdb_builder *b, const char *path, uint32_t date,
                           const char *source, struct ifw_ipdb_build_stats *st,
                           struct ifw_err *err);

#endif
