/* Strict netlink attribute checks: libmnl's walks stop early at a cut or padded-out message and
 * would hide it; these refuse it. */
#ifndef IFW_NLA_TILES_H
#define IFW_NLA_TILES_H

#include <libmnl/libmnl.h>
#include <stdbool.h>
#include <stddef.h>

/* True if attributes fill p..p+len exactly (a cut or overlong attribute is refused). */
bool ifw_nla_tiles(const void *p, size_t len);
/* The same for a nested attribute's payload. */
bool ifw_nla_nested_tiles(const struct nlattr *a);

#endif
