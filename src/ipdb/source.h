/* Where IP ownership comes from: the embedded database and/or user-supplied .mmdb files,
 * consulted in the order the caller lists them. */
#ifndef IFW_IPSRC_H
#define IFW_IPSRC_H

#include <stddef.h>

#include "ipdb/ipdb.h"

struct ifw_ipsrc;

/* Opens path as an ifwho database or (when built with libmaxminddb) a MaxMind .mmdb, chosen by
 * the file's contents. IFW_E_USAGE for an .mmdb in a build without libmaxminddb. */
int ifw_ipsrc_open(const char *path, struct ifw_ipsrc **out, struct ifw_err *err);
/* The default embedded database (ifw_ipdb_open_default). */
int ifw_ipsrc_open_default(struct ifw_ipsrc **out, struct ifw_err *err);
void ifw_ipsrc_close(struct ifw_ipsrc *src);

/* "ipdb" or "mmdb". */
const char *ifw_ipsrc_kind(const struct ifw_ipsrc *src);
/* The file it was opened from. */
const char *ifw_ipsrc_path(const struct ifw_ipsrc *src);
/* The embedded database behind src, or NULL for an .mmdb (for ifw_ipdb_credit). */
const struct ifw_ipdb *ifw_ipsrc_ipdb(const struct ifw_ipsrc *src);

int ifw_ipsrc_lookup(const struct ifw_ipsrc *src, const struct ifw_ip *ip,
                     struct ifw_ipdb_hit *hit);
/* Asks srcs[0..n) in order; the first that finds ip wins. Returns 1 with *which set to its
 * index (which may be NULL), or 0 with hit from the last source asked. */
int ifw_ipsrc_lookup_chain(struct ifw_ipsrc *const *srcs, size_t n, const struct ifw_ip *ip,
                           struct ifw_ipdb_hit *hit, size_t *which);

#endif
